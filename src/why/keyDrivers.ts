/**
 * KPI.DRIVERS, KPI.DRIVERS.R2 and KPI.DRIVERS.CI (spec/why.md) from Excel's arguments: read them
 * with the reading rule of src/kpi/coerce.ts into the rows used (sample.ts), run the methods
 * (drivers.ts, bootstrap.ts), shape the spill. Nothing here throws for bad input.
 *
 * `outcome` is one column, `drivers` a range with as many rows, one column per driver. A first
 * row that holds text in every driver column (and no number in the outcome) is read as the
 * drivers' names, which errors then use; otherwise a driver is named by its column ("column 3 of
 * drivers").
 */
import { asGrid, readConfidence, readNumber, readOption, readScalar, width } from "../kpi/coerce";
import { errors, isKpiError, type Result } from "../kpi/errors";
import type { FunctionDef, Spill } from "../kpi/types";
import { bootstrap } from "./bootstrap";
import { analyse, type Method, METHODS } from "./drivers";
import { MAX_SEED } from "./random";
import { type Cell, listwise, type Sample } from "./sample";

/** Resamples a bootstrap interval takes: enough for its tails, and a bound on the time a cell may take. */
export const MIN_RESAMPLES = 100;
export const MAX_RESAMPLES = 100_000;

const isText = (cell: unknown) => typeof cell === "string" && cell.trim() !== "" && readNumber(cell) === undefined;

/** The outcome and drivers arguments, read into the rows used (listwise) and the drivers' names. */
export function readDrivers(outcome: unknown, drivers: unknown): Result<Sample> {
  const og = asGrid(outcome);
  const dg = asGrid(drivers);
  const readable = (grid: readonly (readonly unknown[])[]) => grid.some((row) => row.some((cell) => typeof readNumber(cell) === "number"));
  // Nothing readable is #N/A before any question of shape, as for every range argument.
  if (!readable(og) || !readable(dg)) return errors.noNumeric();
  if (width(og) > 1) return errors.shapeMismatch(`outcome must be one column (one cell per row of drivers), got ${og.length} x ${width(og)}`);
  if (dg.length !== og.length) return errors.shapeMismatch(`outcome has ${og.length} rows but drivers has ${dg.length}: give ranges of the same rows, one column per driver`);
  const p = width(dg);
  const header = og.length > 1 && typeof readNumber(og[0][0]) !== "number" && Array.from({ length: p }, (_, j) => isText(dg[0][j])).every(Boolean);
  const from = header ? 1 : 0;
  const names = Array.from({ length: p }, (_, j) => (header ? `"${String(dg[0][j]).trim()}" (column ${j + 1} of drivers)` : `column ${j + 1} of drivers`));
  const y: Cell[] = [];
  const x: Cell[][] = Array.from({ length: p }, () => []);
  for (let i = from; i < og.length; i++) {
    y.push(readNumber(og[i][0]));
    for (let j = 0; j < p; j++) x[j].push(readNumber(dg[i][j]));
  }
  return listwise(y, x, names);
}

function readMethod(method: unknown): Result<Method> {
  return readOption(method, "method", METHODS, "shapley");
}

/** A whole number from lo to hi, or the default when omitted. */
function readWhole(arg: unknown, name: string, fallback: number, lo: number, hi: number): Result<number> {
  const v = readScalar(arg, name, { default: fallback });
  if (isKpiError(v)) return v;
  return Number.isInteger(v) && v >= lo && v <= hi ? v : errors.domain(name, v, `use a whole number from ${lo} to ${hi.toLocaleString("en-US")}`);
}

/** A spill with a NaN or an infinity in it is #NUM!: never shown as a number (spec/functions.md, "Errors"). */
function finiteSpill(spill: Spill, what: string): Result<Spill> {
  return spill.every((row) => row.every((v) => typeof v !== "number" || Number.isFinite(v))) ? spill : errors.notFinite(what);
}

/** KPI.DRIVERS: a row per driver of raw importance, percent of R², sign. */
export function drivers(outcome: unknown, driverColumns: unknown, method: unknown = null): Result<Spill> {
  const m = readMethod(method);
  if (isKpiError(m)) return m;
  const sample = readDrivers(outcome, driverColumns);
  if (isKpiError(sample)) return sample;
  const a = analyse(sample, m);
  if (isKpiError(a)) return a;
  // R² exactly 0 (no driver correlates with the outcome at all): percentages do not exist.
  if (!(a.r2 > 0)) return errors.notFinite("the percent of R² (R² is 0)");
  return finiteSpill(Array.from(a.raw, (raw, j) => [raw, (100 * raw) / a.r2, a.sign[j]]), "an importance");
}

/** KPI.DRIVERS.R2: one row of R², rows used, rows left out. */
export function driversR2(outcome: unknown, driverColumns: unknown): Result<Spill> {
  const sample = readDrivers(outcome, driverColumns);
  if (isKpiError(sample)) return sample;
  // R² does not depend on the method; relative weights take any number of drivers.
  const a = analyse(sample, "rw");
  if (isKpiError(a)) return a;
  return finiteSpill([[a.r2, a.n, a.leftOut]], "R²");
}

/**
 * The last interval computed, with the rows and settings it came from. A live scorecard asks for
 * each bound of each driver in a cell of its own (INDEX(KPI.DRIVERS.CI(...), k, 1)), so the same
 * bootstrap is asked for 2p times in a row: the second and later calls find it here, after
 * comparing every number of the rows used (the same inputs give the same result, so this only
 * saves time).
 */
let lastInterval: { readonly sample: Sample; readonly settings: string; readonly result: Result<Spill> } | null = null;

function sameRows(a: Sample, b: Sample): boolean {
  if (a.n !== b.n || a.p !== b.p || a.leftOut !== b.leftOut) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}

/** KPI.DRIVERS.CI: a row per driver of the lower and upper bound of the raw importance. */
export function driversCi(outcome: unknown, driverColumns: unknown, method: unknown = null, confidence: unknown = null, resamples: unknown = null, seed: unknown = null): Result<Spill> {
  const m = readMethod(method);
  if (isKpiError(m)) return m;
  const c = readConfidence(confidence);
  if (isKpiError(c)) return c;
  const b = readWhole(resamples, "resamples", 1000, MIN_RESAMPLES, MAX_RESAMPLES);
  if (isKpiError(b)) return b;
  const s = readWhole(seed, "seed", 1, 0, MAX_SEED);
  if (isKpiError(s)) return s;
  const sample = readDrivers(outcome, driverColumns);
  if (isKpiError(sample)) return sample;
  const settings = `${m} ${c} ${b} ${s}`;
  const hit = lastInterval && lastInterval.settings === settings && sameRows(lastInterval.sample, sample) ? lastInterval.result : null;
  let result: Result<Spill>;
  if (hit) {
    result = hit;
  } else {
    const intervals = bootstrap(sample, m, c, b, s);
    result = isKpiError(intervals) ? intervals : finiteSpill(Array.from(intervals.lower, (lower, j) => [lower, intervals.upper[j]]), "an interval bound");
    lastInterval = { sample, settings, result };
  }
  // A copy each time: Excel (or a caller) may keep and change the array it was given.
  return isKpiError(result) ? result : result.map((row) => [...row]);
}

export const functions: readonly FunctionDef[] = [
  { name: "DRIVERS", params: ["outcome", "drivers", "method"], kinds: ["range", "range", "optional-text"], invoke: (a) => drivers(a[0], a[1], a[2]) },
  { name: "DRIVERS.R2", params: ["outcome", "drivers"], kinds: ["range", "range"], invoke: (a) => driversR2(a[0], a[1]) },
  {
    name: "DRIVERS.CI",
    params: ["outcome", "drivers", "method", "confidence", "resamples", "seed"],
    kinds: ["range", "range", "optional-text", "optional-scalar", "optional-scalar", "optional-scalar"],
    invoke: (a) => driversCi(a[0], a[1], a[2], a[3], a[4], a[5]),
  },
];
