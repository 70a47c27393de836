/**
 * Reading the CLV functions' Excel arguments into clean numbers, with the range-reading rules
 * of src/kpi/coerce.ts (blank cells and text that is not a number are not read). Per-customer
 * arguments are aligned: equal-shaped ranges, or single cells that apply to every customer,
 * so a function spills the shape it was given. A bad cell is named by its parameter and its
 * position in the range the user passed.
 */
import { asGrid, readNumber, readScalar, width } from "../kpi/coerce";
import { at, errors, isKpiError, type KpiError, type Result } from "../kpi/errors";

/** An aligned input: one number per cell of the common shape, NaN where the cell is not read. */
export interface AlignedInput {
  readonly name: string;
  readonly values: Float64Array;
  /** Whether it was one cell applied to every position. */
  readonly single: boolean;
  readonly cols: number;
}

export interface Aligned {
  readonly rows: number;
  readonly cols: number;
  readonly inputs: readonly AlignedInput[];
}

function cellsOf(arg: unknown): { grid: readonly (readonly unknown[])[]; rows: number; cols: number } {
  const grid = asGrid(arg);
  return { grid, rows: grid.length, cols: width(grid) };
}

/**
 * Aligns per-customer arguments given as [name, argument] pairs: every range must have the
 * shape of the largest, or be a single cell. An argument left out entirely is a missing
 * parameter (#VALUE!).
 */
export function align(args: readonly (readonly [string, unknown])[]): Result<Aligned> {
  const read = args.map(([name, arg]) => ({ name, ...cellsOf(arg) }));
  for (const r of read) if (r.rows === 0 || r.cols === 0) return errors.missingParam(r.name);
  const big = read.find((r) => r.rows * r.cols > 1);
  const rows = big ? big.rows : 1;
  const cols = big ? big.cols : 1;
  for (const r of read) {
    const single = r.rows * r.cols === 1;
    if (!single && (r.rows !== rows || r.cols !== cols)) {
      return errors.shapeMismatch(`${r.name} is ${r.rows} x ${r.cols} but ${big?.name} is ${rows} x ${cols}: give ranges of the same shape, or single cells`);
    }
  }
  const inputs = read.map((r): AlignedInput => {
    const single = r.rows * r.cols === 1;
    const values = new Float64Array(single ? 1 : rows * cols);
    if (single) {
      const v = readNumber(r.grid[0][0]);
      values[0] = typeof v === "number" ? v : NaN;
    } else {
      for (let i = 0; i < rows; i++) {
        const row = r.grid[i];
        for (let j = 0; j < cols; j++) {
          const v = readNumber(row[j]);
          values[i * cols + j] = typeof v === "number" ? v : NaN;
        }
      }
    }
    return { name: r.name, values, single, cols: single ? 1 : cols };
  });
  return { rows, cols, inputs };
}

/** The value of an aligned input at a position (NaN where not read). */
export function valueAt(input: AlignedInput, index: number): number {
  return input.single ? input.values[0] : input.values[index];
}

/** Where a position lies in the argument as the user passed it (row 1, column 1 for a single cell). */
export function where(input: AlignedInput, index: number): string {
  return input.single ? at(0, 0) : at(Math.floor(index / input.cols), index % input.cols);
}

/** A bad cell of a per-customer argument: #VALUE! naming it and the rule. */
export function badCell(input: AlignedInput, index: number, rule: string): KpiError {
  return errors.badCell(input.name, valueAt(input, index), where(input, index), rule);
}

/** A model parameter: a number above 0. */
export function positiveParam(arg: unknown, name: string): Result<number> {
  const v = readScalar(arg, name);
  if (isKpiError(v)) return v;
  return v > 0 ? v : errors.domain(name, v, "model parameters must be above 0 (use the values a fit spills)");
}

/** Reads several positive parameters in order; the first error wins. */
export function positiveParams(pairs: readonly (readonly [unknown, string])[]): Result<number[]> {
  const out: number[] = [];
  for (const [arg, name] of pairs) {
    const v = positiveParam(arg, name);
    if (isKpiError(v)) return v;
    out.push(v);
  }
  return out;
}

/**
 * Checks one customer's frequency x, recency t_x and age T: x >= 0 and 0 <= t_x <= T
 * (KPI.RFM gives t_x = 0 for x = 0).
 */
export function checkCustomer(x: AlignedInput, tx: AlignedInput, T: AlignedInput, i: number): KpiError | undefined {
  if (valueAt(x, i) < 0) return badCell(x, i, "is negative: a number of repeat purchases cannot be below 0");
  if (valueAt(T, i) < 0) return badCell(T, i, "is negative: the age is the time from the first purchase to the end date");
  if (valueAt(tx, i) < 0) return badCell(tx, i, "is negative: the recency is the time from the first to the last purchase");
  if (valueAt(tx, i) > valueAt(T, i)) return badCell(tx, i, `is after the age ${valueAt(T, i)}: the recency must lie between 0 and the age`);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Dates: Excel serial day numbers, or ISO text.

/** Excel's serial day of 1970-01-01 (1900 date system). */
const UNIX_EPOCH_SERIAL = 25569;
/** 9999-12-31, the last day Excel shows. */
const MAX_SERIAL = 2958465;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?$/;

/**
 * A date cell as a whole Excel serial day: a number from 1 to 2958465 (its time of day is
 * dropped), or text "YYYY-MM-DD" (as a CSV import may leave it). null when blank, undefined
 * when it is not a date.
 */
export function readDay(cell: unknown): number | null | undefined {
  if (typeof cell === "string") {
    const t = cell.trim();
    if (t === "") return null;
    const m = ISO_DATE.exec(t);
    if (!m) return undefined;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = Date.UTC(y, mo - 1, d);
    const back = new Date(ms);
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
    const serial = ms / 86_400_000 + UNIX_EPOCH_SERIAL;
    return serial >= 1 && serial <= MAX_SERIAL ? serial : undefined;
  }
  const v = readNumber(cell);
  if (v === null || v === undefined) return v;
  return v >= 1 && v < MAX_SERIAL + 1 ? Math.floor(v) : undefined;
}

/**
 * The first day a purchase may fall on: 1900-03-01, Excel's serial 61. Before it Excel counts
 * a 29 February 1900 that never was, so its serials and the calendar disagree by a day.
 */
export const FIRST_LOG_DAY = 61;

/** Today where the code runs (its local calendar date), as a serial day: no purchase is dated after it. */
export function todaySerial(now: Date = new Date()): number {
  return Math.round(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / 86_400_000) + UNIX_EPOCH_SERIAL;
}

/** Serial day of a calendar date (1900 date system, dates after 1900-02-28). */
export function serialOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 86_400_000 + UNIX_EPOCH_SERIAL;
}

/** A customer id: a number or trimmed text; undefined for booleans and non-finite numbers. */
export function readId(cell: unknown): string | number | null | undefined {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : undefined;
  if (typeof cell === "string") {
    const t = cell.trim();
    return t === "" ? null : t;
  }
  return undefined;
}

/** The cells of a range in reading order (row by row). */
export function cellList(arg: unknown): unknown[] {
  const grid = asGrid(arg);
  const w = width(grid);
  const out: unknown[] = [];
  for (const row of grid) for (let j = 0; j < w; j++) out.push(row[j]);
  return out;
}
