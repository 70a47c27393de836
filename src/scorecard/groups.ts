/**
 * The groups a scorecard splits its rows into: segments (the values of one column) and periods
 * (months or quarters of a date column), each with the array condition that selects the same
 * rows in a native formula.
 *
 * One rule for matching: a row belongs to a segment when the spreadsheet's TRIM of its cell
 * equals the segment's label, compared as Excel's `=` compares text (case-insensitive). The
 * planner groups with the same rule (excelTrim + lower case), so a segment formula matches
 * exactly the rows the planner counted: tabs and non-breaking spaces are kept (TRIM keeps them),
 * runs of inner spaces fold to one (TRIM folds them). The label is never a string literal in a
 * formula (Excel refuses literals over 255 characters): the condition compares with the cell
 * that shows the label.
 */
import type { DataTable } from "./types";

/** Most segment columns a scorecard shows (the most frequent ones). */
export const MAX_SEGMENTS = 50;
/** Most periods a trend block shows (the most recent ones). */
export const MAX_PERIODS = 60;

export interface SegmentGroup {
  /** The label as the spreadsheet's TRIM gives it (what the header cell shows). */
  readonly label: string;
  readonly rows: readonly number[];
}

export interface PeriodGroup {
  readonly label: string;
  readonly rows: readonly number[];
  /** First day of the period and of the next one, as Excel serial dates. */
  readonly start: number;
  readonly end: number;
}

/** The spreadsheet's TRIM: spaces (U+0020 only) removed at both ends, inner runs folded to one. */
export function excelTrim(text: string): string {
  return text.replace(/ {2,}/g, " ").replace(/^ /, "").replace(/ $/, "");
}

/** A cell as TRIM sees it: text as it is, numbers and booleans as Excel shows them. */
function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "number" && Number.isFinite(v)) return String(Number(v.toPrecision(15)));
  return null;
}

/** Segments of one column: the MAX_SEGMENTS most frequent labels, shown in alphabetical order. */
export function segmentGroups(data: DataTable, col: number): { groups: SegmentGroup[]; total: number } {
  const byKey = new Map<string, { label: string; rows: number[] }>();
  data.rows.forEach((row, k) => {
    const text = cellText(row[col]);
    if (text === null) return;
    const label = excelTrim(text);
    if (label === "") return;
    const key = label.toLowerCase();
    const entry = byKey.get(key);
    if (entry) entry.rows.push(k);
    else byKey.set(key, { label, rows: [k] });
  });
  const all = [...byKey.values()].sort((x, y) => y.rows.length - x.rows.length || x.label.localeCompare(y.label));
  const shown = all.slice(0, MAX_SEGMENTS).sort((x, y) => x.label.localeCompare(y.label));
  return { groups: shown, total: all.length };
}

/** Excel serial date -> UTC date. */
function serialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86400000));
}

function dateToSerial(d: Date): number {
  return d.getTime() / 86400000 + 25569;
}

/** Periods of a date column (Excel serials): the MAX_PERIODS most recent months or quarters. */
export function periodGroups(data: DataTable, col: number, grain: "month" | "quarter"): PeriodGroup[] {
  const months = grain === "month" ? 1 : 3;
  const byKey = new Map<number, number[]>();
  data.rows.forEach((row, k) => {
    const v = row[col];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 1) return;
    const d = serialToDate(v);
    const key = d.getUTCFullYear() * 12 + Math.floor(d.getUTCMonth() / months) * months;
    const list = byKey.get(key);
    if (list) list.push(k);
    else byKey.set(key, [k]);
  });
  const keys = [...byKey.keys()].sort((x, y) => x - y).slice(-MAX_PERIODS);
  return keys.map((key) => {
    const year = Math.floor(key / 12);
    const month = key % 12;
    const label = grain === "month" ? `${year}-${String(month + 1).padStart(2, "0")}` : `${year} Q${month / 3 + 1}`;
    return {
      label,
      rows: byKey.get(key) ?? [],
      start: dateToSerial(new Date(Date.UTC(year, month, 1))),
      end: dateToSerial(new Date(Date.UTC(year, month + months, 1))),
    };
  });
}

/** The array condition of a segment: TRIM of the column equals the label cell. */
export function segmentCondition(columnRef: string, labelCell: string): string {
  return `TRIM(${columnRef})=${labelCell}`;
}

/** The array condition of a period: the date column within [start, end). */
export function periodCondition(columnRef: string, p: PeriodGroup): string {
  return `(${columnRef}>=${p.start})*(${columnRef}<${p.end})`;
}
