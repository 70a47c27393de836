/**
 * The error contract of the KPI core.
 *
 * The core never throws for bad input: it returns a KpiError. Each edge (custom function,
 * task pane, CLI) turns a KpiError into its own form in exactly one place. Only
 * `#VALUE!` and `#N/A` carry messages that Excel shows, so every error a user must
 * understand uses one of those two codes.
 */
export type KpiErrorCode = "#VALUE!" | "#N/A" | "#NUM!" | ExcelErrorValue;

/** Excel's other error values, as a cell of the data can hold them (they pass through as the result). */
export type ExcelErrorValue = "#DIV/0!" | "#REF!" | "#NAME?" | "#NULL!" | "#SPILL!" | "#CALC!" | "#GETTING_DATA";

const CELL_ERRORS: readonly string[] = ["#VALUE!", "#N/A", "#NUM!", "#DIV/0!", "#REF!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"];

/**
 * The error value a data cell holds, or null: a cell read as `{ error: "#N/A" }` (what the
 * Office.js reader makes of a cell whose value type is Error, and exceljs of an error cell).
 * Text that merely reads "#N/A" is no error value.
 */
export function cellError(cell: unknown): KpiErrorCode | null {
  if (typeof cell !== "object" || cell === null || !("error" in cell)) return null;
  const code = (cell as { error: unknown }).error;
  return typeof code === "string" && CELL_ERRORS.includes(code) ? (code as KpiErrorCode) : null;
}

export class KpiError {
  constructor(
    readonly code: KpiErrorCode,
    readonly message: string,
  ) {}

  toString(): string {
    return `${this.code} ${this.message}`;
  }
}

export type Result<T> = T | KpiError;

export function isKpiError(value: unknown): value is KpiError {
  return value instanceof KpiError;
}

/** Where a cell sits in the range the user passed, counted from 1 as a user counts. */
export function at(row: number, col: number): string {
  return `row ${row + 1}, column ${col + 1}`;
}

function show(value: unknown): string {
  if (typeof value === "string") return `"${value}"`;
  return String(value);
}

/** The one list of messages. Functions choose from here so wording stays consistent. */
export const errors = {
  noNumeric: (): KpiError => new KpiError("#N/A", "no numeric responses in the range"),
  noFlags: (): KpiError =>
    new KpiError("#N/A", "no readable flags in the range (TRUE/FALSE, 1/0, yes/no, y/n)"),
  noCustomers: (): KpiError =>
    new KpiError("#N/A", "no customer rows with numbers in the range"),
  outOfScale: (what: string, value: number, lo: number, hi: number, row: number, col: number): KpiError =>
    new KpiError(
      "#VALUE!",
      `${what} ${value} at ${at(row, col)} is outside the scale: expected a whole number from ${lo} to ${hi}`,
    ),
  notAFlag: (value: number, row: number, col: number): KpiError =>
    new KpiError("#VALUE!", `${value} at ${at(row, col)} is not a flag: expected 1 or 0, TRUE or FALSE, yes or no`),
  negativeCell: (what: string, value: number, row: number, col: number): KpiError =>
    new KpiError("#VALUE!", `${what} ${value} at ${at(row, col)} is negative: counts cannot be below 0`),
  notNumberParam: (name: string, value: unknown): KpiError =>
    new KpiError("#VALUE!", `${name} must be a number, got ${show(value)}`),
  missingParam: (name: string): KpiError => new KpiError("#VALUE!", `${name} is required`),
  notScalar: (name: string): KpiError =>
    new KpiError("#VALUE!", `${name} must be a single cell or number, not a range`),
  domain: (name: string, value: number, rule: string): KpiError =>
    new KpiError("#VALUE!", `${name} ${value} is out of range: ${rule}`),
  invalid: (message: string): KpiError => new KpiError("#VALUE!", message),
  shapeMismatch: (message: string): KpiError => new KpiError("#VALUE!", message),
  unknownOption: (name: string, value: string, allowed: readonly string[]): KpiError =>
    new KpiError("#VALUE!", `${name} "${value}" is not known: use ${allowed.map((a) => `"${a}"`).join(" or ")}`),
  unknownKpi: (name: string, known: readonly string[]): KpiError =>
    new KpiError("#VALUE!", `unknown KPI "${name}": use one of ${known.join(", ")}`),
  notFinite: (what: string): KpiError => new KpiError("#NUM!", `${what} is not a finite number`),
  notAPValue: (value: number, row: number, col: number): KpiError =>
    new KpiError("#VALUE!", `p-value ${value} at ${at(row, col)} is not a probability: expected a number from 0 to 1`),
  // Predictive CLV (src/clv).
  /** A bad cell of a per-customer range: its parameter, value, position and the rule it breaks. */
  badCell: (name: string, value: number, where: string, rule: string): KpiError =>
    new KpiError("#VALUE!", `${name} ${value} at ${where} ${rule}`),
  noRepeatBuyers: (model: string): KpiError =>
    new KpiError("#N/A", `no repeat buyers (frequency above 0) in the range: the ${model} model cannot be fitted without them`),
  noTransactions: (): KpiError => new KpiError("#N/A", "no transactions with a readable customer id, date and amount in the range"),
  noTransactionsByEnd: (): KpiError => new KpiError("#N/A", "no transactions on or before end_date"),
  cohortRises: (from: number, to: number, period: number, cell: number): KpiError =>
    new KpiError("#VALUE!", `survivors rise from ${from} at period ${period - 1} to ${to} at period ${period} (cell ${cell} of the range): a cohort can only shrink`),
  // Key drivers (src/why).
  noCompleteRows: (): KpiError =>
    new KpiError("#N/A", "no row where the outcome and every driver are numbers: a row is used only when all of them are"),
  tooFewRows: (n: number, drivers: number): KpiError =>
    new KpiError("#VALUE!", `${n} ${n === 1 ? "row has" : "rows have"} the outcome and every driver as numbers: ${drivers} ${drivers === 1 ? "driver needs" : "drivers need"} at least ${drivers + 2}`),
  constantColumn: (name: string, outcome: boolean): KpiError =>
    new KpiError("#VALUE!", `${name} has the same value in every row used: ${outcome ? "there is nothing to explain" : "it cannot explain anything; leave it out"}`),
  collinearDriver: (name: string, others: readonly string[]): KpiError =>
    new KpiError(
      "#VALUE!",
      `${name} is an exact linear combination of ${others.length === 0 ? "the other drivers" : others.join(others.length === 2 ? " and " : ", ")}: leave it or one of them out`,
    ),
  tooManyForShapley: (drivers: number, max: number): KpiError =>
    new KpiError("#VALUE!", `method "shapley" is exact up to ${max} drivers, got ${drivers}: use method "rw" (relative weights) for more`),
  bootstrapDegenerate: (failed: number, rows: number): KpiError =>
    new KpiError("#VALUE!", `${failed} resamples of the ${rows} rows had a constant or duplicated driver: too few distinct rows for a bootstrap interval`),
} as const;

/** The last guard before a number leaves the core: NaN and infinities become #NUM!. */
export function finite(value: number, what = "the result"): Result<number> {
  return Number.isFinite(value) ? value : errors.notFinite(what);
}
