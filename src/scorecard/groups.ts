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

/** The segment label of a cell (TRIM of its text), or null when it has none (blank, empty after TRIM). */
export function segmentLabel(cell: unknown): string | null {
  const text = cellText(cell);
  if (text === null) return null;
  const label = excelTrim(text);
  return label === "" ? null : label;
}

/** The key that matches labels as Excel's = does (case-insensitive). */
export function segmentKey(label: string): string {
  return label.toLowerCase();
}

/** The MAX_SEGMENTS most frequent of some groups (by their row count, then label), in alphabetical order. */
export function shownSegments<T extends { readonly label: string }>(all: readonly T[], count: (g: T) => number): T[] {
  const ranked = [...all].sort((x, y) => count(y) - count(x) || x.label.localeCompare(y.label));
  return ranked.slice(0, MAX_SEGMENTS).sort((x, y) => x.label.localeCompare(y.label));
}

/** Segments of one column: the MAX_SEGMENTS most frequent labels, shown in alphabetical order. */
export function segmentGroups(data: DataTable, col: number): { groups: SegmentGroup[]; total: number } {
  const byKey = new Map<string, { label: string; rows: number[] }>();
  data.rows.forEach((row, k) => {
    const label = segmentLabel(row[col]);
    if (label === null) return;
    const key = segmentKey(label);
    const entry = byKey.get(key);
    if (entry) entry.rows.push(k);
    else byKey.set(key, { label, rows: [k] });
  });
  const all = [...byKey.values()];
  return { groups: shownSegments(all, (g) => g.rows.length), total: all.length };
}

/** Excel serial date -> UTC date. */
function serialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86400000));
}

function dateToSerial(d: Date): number {
  return d.getTime() / 86400000 + 25569;
}

/** The month of a cell of a period column, as year * 12 + month (0..11), or null (not a serial date from 1). */
export function monthKey(v: unknown): number | null {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 1) return null;
  const d = serialToDate(v);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** The period (a month or the quarter it falls in) of a month key. */
export function periodKey(month: number, grain: "month" | "quarter"): number {
  return grain === "month" ? month : Math.floor(month / 12) * 12 + Math.floor((month % 12) / 3) * 3;
}

/** The label and bounds of a period key. */
export function periodOf(key: number, grain: "month" | "quarter"): Omit<PeriodGroup, "rows"> {
  const months = grain === "month" ? 1 : 3;
  const year = Math.floor(key / 12);
  const month = key % 12;
  return {
    label: grain === "month" ? `${year}-${String(month + 1).padStart(2, "0")}` : `${year} Q${month / 3 + 1}`,
    start: dateToSerial(new Date(Date.UTC(year, month, 1))),
    end: dateToSerial(new Date(Date.UTC(year, month + months, 1))),
  };
}

/** Periods of a date column (Excel serials): the MAX_PERIODS most recent months or quarters. */
export function periodGroups(data: DataTable, col: number, grain: "month" | "quarter"): PeriodGroup[] {
  const byKey = new Map<number, number[]>();
  data.rows.forEach((row, k) => {
    const month = monthKey(row[col]);
    if (month === null) return;
    const key = periodKey(month, grain);
    const list = byKey.get(key);
    if (list) list.push(k);
    else byKey.set(key, [k]);
  });
  const keys = [...byKey.keys()].sort((x, y) => x - y).slice(-MAX_PERIODS);
  return keys.map((key) => ({ ...periodOf(key, grain), rows: byKey.get(key) ?? [] }));
}

/** The array condition of a segment: TRIM of the column equals the label cell. */
export function segmentCondition(columnRef: string, labelCell: string): string {
  return `TRIM(${columnRef})=${labelCell}`;
}

/** The array condition of a period: the date column within [start, end). */
export function periodCondition(columnRef: string, p: PeriodGroup): string {
  return `(${columnRef}>=${p.start})*(${columnRef}<${p.end})`;
}
