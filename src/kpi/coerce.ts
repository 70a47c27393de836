/**
 * The range-reading rules, in one place for every KPI (see spec/functions.md, "Reading ranges").
 *
 * - blank cells (null, undefined, "", whitespace-only text) are skipped and not counted;
 * - numbers count; text that is a decimal number after trimming (" 9", "9.0") counts as that number;
 * - other text and booleans are skipped and counted as skipped (flags are read by `readFlags`);
 * - a scalar parameter that is text not readable as a number is a #VALUE! error.
 *
 * Excel hands ranges over as 2-D arrays of rows; these helpers also accept a bare scalar
 * (a one-cell argument) and ragged rows, so nothing a caller passes can make them throw.
 */
import { errors, type Result } from "./errors";

export type Grid = readonly (readonly unknown[])[];

// Module-level aliases: a global lookup per cell is slow in some hosts (node:vm contexts).
const isArray = Array.isArray;

/**
 * A plain decimal: a sign, digits and one point. No exponent, thousands separator, currency,
 * percent, date or time: spreadsheets read those differently from each other and by locale, and
 * the native formulas (native.ts) skip exactly what this skips, so portable sheets agree.
 */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
/** Spaces (what the spreadsheet's TRIM removes) and non-breaking spaces (which its conversion to a number ignores); not tabs. */
const EDGE_SPACES = /^[ \u00a0]+|[ \u00a0]+$/g;

/** Parses trimmed decimal text; anything else (hex, "1,5", "1e5", "Infinity", "N/A") is not a number. */
export function parseNumericText(text: string): number | undefined {
  const t = text.replace(EDGE_SPACES, "");
  if (t === "" || !DECIMAL.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * One cell: its number, `null` when blank, `undefined` when non-blank but unreadable
 * (other text, booleans, non-finite numbers, objects).
 */
export function readNumber(cell: unknown): number | null | undefined {
  // x - x is 0 for finite numbers and NaN for NaN and ±Infinity; no global lookup in the hot path.
  if (typeof cell === "number") return cell - cell === 0 ? cell : undefined;
  if (cell === null || cell === undefined) return null;
  if (typeof cell === "string") {
    if (cell.trim() === "") return null;
    return parseNumericText(cell);
  }
  return undefined;
}

/** Any argument as rows of cells: a scalar is a 1x1 range, null/undefined an empty one. */
export function asGrid(arg: unknown): Grid {
  if (arg === null || arg === undefined) return [];
  if (!isArray(arg)) return [[arg]];
  let allRows = true;
  for (let r = 0; r < arg.length; r++) {
    if (!isArray(arg[r])) {
      allRows = false;
      break;
    }
  }
  if (allRows) return arg as Grid;
  return arg.map((row: unknown) => (isArray(row) ? row : [row]));
}

/** Number of columns of a possibly ragged grid. */
export function width(grid: Grid): number {
  let w = 0;
  for (const row of grid) if (row.length > w) w = row.length;
  return w;
}

export interface IntegerCounts {
  /** counts[k] is the number of responses equal to lo + k. */
  readonly counts: Float64Array;
  readonly n: number;
  readonly skipped: number;
}

/**
 * Reads responses on an integer scale lo..hi into a histogram. A number outside the scale
 * or not whole is a #VALUE! error naming the cell; an empty result is left to the caller.
 * This is the hot loop of NPS, CSAT and CES: one pass, no allocation per cell.
 */
export function readIntegerScale(arg: unknown, lo: number, hi: number, what: string): Result<IntegerCounts> {
  // A range is read in place: no asGrid pass over the rows first (it costs as much as the count).
  const grid: readonly unknown[] = isArray(arg) ? arg : asGrid(arg);
  const span = hi - lo;
  const counts = new Float64Array(span + 1);
  let n = 0;
  let skipped = 0;
  for (let r = 0; r < grid.length; r++) {
    const item = grid[r];
    // A bare cell in the list is a one-cell row, as asGrid reads it.
    const row: readonly unknown[] = isArray(item) ? item : [item];
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      let v: number;
      if (typeof cell === "number") {
        v = cell;
      } else if (cell === null) {
        continue;
      } else {
        const read = readNumber(cell);
        if (read === null) continue;
        if (read === undefined) {
          skipped++;
          continue;
        }
        v = read;
      }
      const k = v - lo;
      // A whole number on the scale (span <= 100, so k | 0 is exact).
      if (k >= 0 && k <= span && (k | 0) === k) {
        counts[k]++;
        n++;
        continue;
      }
      if (v - v !== 0) {
        // NaN or an infinity: not a number, skipped like text.
        skipped++;
        continue;
      }
      return errors.outOfScale(what, v, lo, hi, r, c);
    }
  }
  return { counts, n, skipped };
}

export interface NumberSummary {
  readonly sum: number;
  readonly count: number;
  /** Rows that hold at least one number (the default customer count of CIS and ENGAGEMENT). */
  readonly rowsWithNumbers: number;
  readonly skipped: number;
}

/** Sums the numbers of a range; with `nonNegative`, a negative cell is a #VALUE! naming it. */
export function readNumbers(arg: unknown, what: string, nonNegative: boolean): Result<NumberSummary> {
  const grid = asGrid(arg);
  let sum = 0;
  let count = 0;
  let rowsWithNumbers = 0;
  let skipped = 0;
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r];
    let rowHasNumber = false;
    for (let c = 0; c < row.length; c++) {
      const v = readNumber(row[c]);
      if (v === null) continue;
      if (v === undefined) {
        skipped++;
        continue;
      }
      if (nonNegative && v < 0) return errors.negativeCell(what, v, r, c);
      sum += v;
      count++;
      rowHasNumber = true;
    }
    if (rowHasNumber) rowsWithNumbers++;
  }
  return { sum, count, rowsWithNumbers, skipped };
}

/** The words a flag cell reads as true or false (case and surrounding spaces ignored); the native formulas compare with the same words. */
export const FLAG_TRUE_WORDS = ["true", "yes", "y"] as const;
export const FLAG_FALSE_WORDS = ["false", "no", "n"] as const;
const TRUE_WORDS = new Set<string>(FLAG_TRUE_WORDS);
const FALSE_WORDS = new Set<string>(FLAG_FALSE_WORDS);

/** One cell read as a flag: true, false, null when blank, undefined when not a flag word. */
export function readFlag(cell: unknown): boolean | number | null | undefined {
  if (typeof cell === "boolean") return cell;
  if (cell === null || cell === undefined) return null;
  if (typeof cell === "number") return Number.isFinite(cell) ? (cell === 1 ? true : cell === 0 ? false : cell) : undefined;
  if (typeof cell === "string") {
    if (cell.trim() === "") return null;
    // Spaces and non-breaking spaces off the ends, as for numbers and as the native formulas'
    // TRIM(SUBSTITUTE(cell, NBSP, " ")) does; a tab or line break left there makes the text no flag word.
    const t = cell.replace(EDGE_SPACES, "");
    const word = t.toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    const n = parseNumericText(t);
    if (n === undefined) return undefined;
    return n === 1 ? true : n === 0 ? false : n;
  }
  return undefined;
}

export interface FlagCounts {
  readonly trues: number;
  readonly falses: number;
  readonly skipped: number;
}

/**
 * Reads a range of flags: TRUE/FALSE, 1/0, "yes"/"no", "y"/"n", "true"/"false"
 * (case-insensitive). Other text is skipped; a number other than 0 or 1 is a #VALUE! error,
 * because a count in a flag column means the wrong column was chosen.
 */
export function readFlags(arg: unknown): Result<FlagCounts> {
  const grid: readonly unknown[] = isArray(arg) ? arg : asGrid(arg);
  let trues = 0;
  let falses = 0;
  let skipped = 0;
  for (let r = 0; r < grid.length; r++) {
    const item = grid[r];
    const row: readonly unknown[] = isArray(item) ? item : [item];
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      // TRUE/FALSE cells and blanks, the common case, without a call.
      if (cell === true) {
        trues++;
        continue;
      }
      if (cell === false) {
        falses++;
        continue;
      }
      if (cell === null) continue;
      const f = readFlag(cell);
      if (f === null) continue;
      if (f === undefined) skipped++;
      else if (f === true) trues++;
      else if (f === false) falses++;
      else return errors.notAFlag(f, r, c);
    }
  }
  return { trues, falses, skipped };
}

export interface ScalarOptions {
  /** Used when Excel passes null/undefined for an omitted optional argument. */
  readonly default?: number;
}

/**
 * A scalar parameter: a number, numeric text, or a one-cell range. Omitted means the
 * default (or a "required" error); other text, booleans and multi-cell ranges are #VALUE!.
 */
export function readScalar(arg: unknown, name: string, options: ScalarOptions = {}): Result<number> {
  let value = arg;
  if (Array.isArray(value)) {
    const grid = asGrid(value);
    const cells = grid.reduce((k, row) => k + row.length, 0);
    if (cells > 1) return errors.notScalar(name);
    value = cells === 1 ? grid.find((row) => row.length > 0)?.[0] : null;
  }
  if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) {
    return options.default !== undefined ? options.default : errors.missingParam(name);
  }
  if (typeof value === "number") {
    return Number.isFinite(value) ? value : errors.notNumberParam(name, value);
  }
  if (typeof value === "string") {
    const n = parseNumericText(value);
    return n === undefined ? errors.notNumberParam(name, value) : n;
  }
  return errors.notNumberParam(name, value);
}

/** Reads an optional scalar: `undefined` when omitted, otherwise as readScalar. */
export function readOptionalScalar(arg: unknown, name: string): Result<number | undefined> {
  const grid = asGrid(arg);
  const empty = grid.every((row) => row.every((cell) => readNumber(cell) === null));
  if (empty) return undefined;
  return readScalar(arg, name);
}

/** A count given as a number or as a range to sum; negative counts are #VALUE!. */
export function readCount(arg: unknown, name: string): Result<number> {
  if (!Array.isArray(arg)) {
    const v = readScalar(arg, name);
    if (typeof v !== "number") return v;
    return v < 0 ? errors.domain(name, v, "counts cannot be negative") : v;
  }
  const summary = readNumbers(arg, name, true);
  if (!isSummary(summary)) return summary;
  // A range with nothing readable: #N/A, as for every range argument (spec/functions.md, "Errors").
  if (summary.count === 0) return errors.noNumeric();
  return summary.sum;
}

function isSummary(x: Result<NumberSummary>): x is NumberSummary {
  return typeof (x as NumberSummary).sum === "number";
}

/** A confidence level: omitted means 0.95; it must lie strictly between 0 and 1. */
export function readConfidence(arg: unknown): Result<number> {
  const c = readScalar(arg, "confidence", { default: 0.95 });
  if (typeof c !== "number") return c;
  return c > 0 && c < 1 ? c : errors.domain("confidence", c, "it must lie strictly between 0 and 1 (0.95 for 95 %)");
}

/** Text option such as NPS.MOE's method: omitted means the default; compared case-insensitively. */
export function readOption<T extends string>(arg: unknown, name: string, allowed: readonly T[], fallback: T): Result<T> {
  let value = arg;
  if (Array.isArray(value)) {
    const grid = asGrid(value);
    value = grid.length === 1 && grid[0].length === 1 ? grid[0][0] : value;
  }
  if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) return fallback;
  if (typeof value !== "string") return errors.unknownOption(name, String(value), allowed);
  const key = value.trim().toLowerCase();
  const found = allowed.find((a) => a.toLowerCase() === key);
  return found ?? errors.unknownOption(name, value, allowed);
}

