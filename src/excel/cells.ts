/**
 * Pure helpers shared by the Office.js reader and writer: how a plan cell is written through
 * `Range.formulas`, how the spec is laid out on its very hidden sheet, and the marker that
 * tells the add-in's own sheets from the user's. No Office.js here.
 */
import type { PlanCell } from "../scorecard/types";

/** Worksheet custom property that marks a sheet the add-in made. */
export const MARKER_KEY = "KpiAddin";
/** Marker of a scorecard sheet made by build `buildId`. */
export const scorecardMarker = (buildId: string): string => `scorecard:${buildId}`;
/** Marker of a spec sheet first made by build `buildId`. */
export const specMarker = (buildId: string): string => `spec:${buildId}`;

export function markerKind(value: string): { kind: "scorecard" | "spec"; buildId: string } | null {
  const m = /^(scorecard|spec):(.+)$/.exec(value);
  return m ? { kind: m[1] as "scorecard" | "spec", buildId: m[2] } : null;
}

/**
 * Text that Excel would turn into something else when written through `formulas` or `values`
 * (a formula, a number, a date, a boolean, an error) gets an apostrophe prefix, which Excel
 * keeps as "this is text" and does not show in the cell.
 */
export function needsTextPrefix(text: string): boolean {
  if (text === "") return false;
  if (/^[=+\-@'\s]/.test(text)) return true;
  if (/\d/.test(text)) return true; // numbers, dates ("2024-01", "Jan 5"), times, fractions
  if (/^(true|false)$/i.test(text)) return true;
  if (/^#/.test(text)) return true; // error literals such as #N/A
  return false;
}

export type FormulaInput = string | number | boolean;

/** What to put into `Range.formulas` for a plan cell. */
export function formulaInput(cell: PlanCell): FormulaInput {
  if (cell === null) return "";
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) throw new Error(`the plan holds a non-finite number (${cell})`);
    return cell;
  }
  if (typeof cell === "boolean") return cell;
  if (typeof cell === "string") return needsTextPrefix(cell) ? `'${cell}` : cell;
  return cell.formula;
}

/** Longest text the spec sheet puts in one cell (Excel's limit is 32,767 characters). */
export const SPEC_PART_CHARS = 30000;
const SPEC_TITLE = "KPI add-in: scorecard spec (written by the add-in; do not edit)";

export interface SpecRecord {
  readonly buildId: string;
  readonly builtAt: string;
  /** Scorecard sheet name at build time (the marker, not the name, identifies it later). */
  readonly sheetName: string;
  /** The spec as JSON (plan.specStore.json). */
  readonly json: string;
}

/** The spec sheet's cells: two columns, label and value, the JSON split over rows. */
export function encodeSpecSheet(record: SpecRecord): string[][] {
  const parts: string[] = [];
  for (let i = 0; i < record.json.length; i += SPEC_PART_CHARS) parts.push(record.json.slice(i, i + SPEC_PART_CHARS));
  if (parts.length === 0) parts.push("");
  return [
    [SPEC_TITLE, "1"],
    ["buildId", record.buildId],
    ["builtAt", record.builtAt],
    ["scorecard", record.sheetName],
    ["parts", String(parts.length)],
    ...parts.map((p) => ["json", p]),
  ];
}

/** The same cells as they go into `Range.values` (text kept as text). */
export function specSheetInput(record: SpecRecord): FormulaInput[][] {
  return encodeSpecSheet(record).map((row) => row.map((text) => formulaInput(text)));
}

/** Reads the spec sheet's values back; null when they are not a spec record. */
export function decodeSpecSheet(values: readonly (readonly unknown[])[]): SpecRecord | null {
  const cell = (r: number, c: number): string => {
    const v = values[r]?.[c];
    return v === null || v === undefined ? "" : String(v);
  };
  if (cell(0, 0) !== SPEC_TITLE) return null;
  const count = Number(cell(4, 1));
  if (!Number.isInteger(count) || count < 1 || values.length < 5 + count) return null;
  let json = "";
  for (let i = 0; i < count; i++) json += cell(5 + i, 1);
  return { buildId: cell(1, 1), builtAt: cell(2, 1), sheetName: cell(3, 1), json };
}

/** Column width in characters (as the plan gives it) to points (as Office.js sets it). */
export function widthInPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

/** "Name", "Name (2)", ... : the first that is not taken (case-insensitive, as Excel compares). */
export function freeSheetName(wanted: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((n) => n.toLowerCase()));
  if (!lower.has(wanted.toLowerCase())) return wanted;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const name = wanted.slice(0, 31 - suffix.length) + suffix;
    if (!lower.has(name.toLowerCase())) return name;
  }
}
