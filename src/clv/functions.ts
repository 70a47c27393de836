/**
 * The predictive-CLV catalogue functions (spec/functions.md, "Predictive customer lifetime
 * value") as FunctionDefs: read the Excel arguments (read.ts), run the models, shape the
 * spill. Fits spill two columns, label and value: the parameters, then Log-likelihood,
 * Customers, Converged. Per-customer functions spill the shape of their inputs, a blank where
 * an input cell is blank or not a number. Nothing here throws for bad input.
 */
import { readNumber, readOption, readScalar } from "../kpi/coerce";
import { errors, isKpiError, type KpiError, type Result } from "../kpi/errors";
import type { FunctionDef, Spill } from "../kpi/types";
import { type BgnbdParams, expectedPurchases, fitBgnbd, pAlive, type RfmColumns } from "./bgnbd";
import { expectedSpend, fitGammaGamma, type GammaGammaParams } from "./gammagamma";
import { predictClv } from "./predict";
import { align, type AlignedInput, badCell, cellList, checkCustomer, positiveParams, readDay, readId, valueAt } from "./read";
import { PERIOD_DAYS, type Period, rfmSummary, type Transaction } from "./rfm";
import { derl, type SbgParams, fitSbg, retentionRate, survival } from "./sbg";

export const BGNBD_LABELS = ["r", "alpha", "a", "b", "Log-likelihood", "Customers", "Converged"] as const;
export const GG_LABELS = ["p", "q", "gamma", "Log-likelihood", "Customers", "Converged"] as const;
export const SBG_LABELS = ["alpha", "beta", "Log-likelihood", "Customers", "Converged"] as const;

/** The longest CLV.PREDICT horizon, in periods (27 years of days, 192 of weeks). */
export const MAX_CLV_PERIODS = 10_000;

function fitSpill(labels: readonly string[], values: readonly number[], customers: number, converged: boolean): Result<Spill> {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return errors.notFinite(labels[i]);
  return [...values.map((v, i) => [labels[i], v]), [labels[values.length], customers], [labels[values.length + 1], converged]];
}

// ---------------------------------------------------------------------------------------------
// KPI.RFM

const PERIODS = Object.keys(PERIOD_DAYS) as Period[];

export interface RfmRead {
  readonly transactions: Transaction[];
  /** Non-blank rows skipped because the id, date or amount was not readable, or the amount negative. */
  readonly skipped: number;
}

/** Reads a log of ids, dates and amounts (ranges of the same number of cells). */
export function readLog(ids: unknown, dates: unknown, amounts: unknown): Result<RfmRead> {
  const idCells = cellList(ids);
  const dateCells = cellList(dates);
  const amountCells = cellList(amounts);
  // Nothing readable is #N/A before any question of shape, as for every range function.
  if (!idCells.some((cell) => readId(cell) != null)) return errors.noTransactions();
  if (dateCells.length !== idCells.length || amountCells.length !== idCells.length) {
    return errors.shapeMismatch(`customer_ids, dates and amounts must have as many cells each (got ${idCells.length}, ${dateCells.length} and ${amountCells.length})`);
  }
  const transactions: Transaction[] = [];
  let skipped = 0;
  for (let i = 0; i < idCells.length; i++) {
    const id = readId(idCells[i]);
    const day = readDay(dateCells[i]);
    const amount = readNumber(amountCells[i]);
    if (id === null && day === null && amount === null) continue;
    if (id === null || id === undefined || day === null || day === undefined || amount === null || amount === undefined || amount < 0) {
      skipped++;
      continue;
    }
    transactions.push({ id, day, amount });
  }
  return { transactions, skipped };
}

export function rfm(ids: unknown, dates: unknown, amounts: unknown, endDate: unknown = null, period: unknown = null): Result<Spill> {
  const unit = readOption(period, "period", PERIODS, "week");
  if (isKpiError(unit)) return unit;
  const log = readLog(ids, dates, amounts);
  if (isKpiError(log)) return log;
  let end: number;
  const endCells = cellList(endDate);
  const endGiven = endCells.length > 0 && readDay(endCells[0]) !== null;
  if (endGiven) {
    const day = endCells.length === 1 ? readDay(endCells[0]) : undefined;
    if (day === null || day === undefined) {
      return errors.invalid(`end_date must be one date (a date cell, an Excel serial number or "YYYY-MM-DD"), got ${JSON.stringify(endCells.length === 1 ? endCells[0] : "a range")}`);
    }
    end = day;
  } else {
    end = -Infinity;
    for (const t of log.transactions) if (t.day > end) end = t.day;
  }
  if (log.transactions.length === 0) return errors.noTransactions();
  const rows = rfmSummary(log.transactions, end, PERIOD_DAYS[unit]);
  if (rows.length === 0) return errors.noTransactionsByEnd();
  return rows.map((r) => [r.id, r.x, r.tx, r.T, r.zbar, r.first]);
}

// ---------------------------------------------------------------------------------------------
// BG/NBD

/** The customers of a fit: positions where frequency, recency and age are all numbers. */
function readCustomers(frequency: unknown, recency: unknown, age: unknown): Result<RfmColumns> {
  const al = align([["frequency", frequency], ["recency", recency], ["age", age]]);
  if (isKpiError(al)) return al;
  const [fx, ftx, fT] = al.inputs;
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  for (let i = 0; i < al.rows * al.cols; i++) {
    const xi = valueAt(fx, i);
    const txi = valueAt(ftx, i);
    const Ti = valueAt(fT, i);
    if (Number.isNaN(xi) || Number.isNaN(txi) || Number.isNaN(Ti)) continue;
    const bad = checkCustomer(fx, ftx, fT, i);
    if (bad) return bad;
    x.push(xi);
    tx.push(txi);
    T.push(Ti);
  }
  if (x.length === 0) return errors.noCustomers();
  return { x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(T) };
}

export function bgnbdFit(frequency: unknown, recency: unknown, age: unknown): Result<Spill> {
  const data = readCustomers(frequency, recency, age);
  if (isKpiError(data)) return data;
  if (!data.x.some((v) => v > 0)) return errors.noRepeatBuyers("BG/NBD");
  const fit = fitBgnbd(data);
  if (!fit) return errors.notFinite("the log-likelihood");
  const { r, alpha, a, b } = fit.params;
  return fitSpill(BGNBD_LABELS, [r, alpha, a, b, fit.logLikelihood], fit.customers, fit.converged);
}

function readBgnbdParams(r: unknown, alpha: unknown, a: unknown, b: unknown): Result<BgnbdParams> {
  const v = positiveParams([[r, "r"], [alpha, "alpha"], [a, "a"], [b, "b"]]);
  if (isKpiError(v)) return v;
  return { r: v[0], alpha: v[1], a: v[2], b: v[3] };
}

function readGgParams(p: unknown, q: unknown, gamma: unknown): Result<GammaGammaParams> {
  const v = positiveParams([[p, "p"], [q, "q"], [gamma, "gamma"]]);
  if (isKpiError(v)) return v;
  if (!(v[1] > 1)) return errors.domain("q", v[1], "the expected spend is finite only for q above 1");
  return { p: v[0], q: v[1], gamma: v[2] };
}

/** A per-customer function: its aligned arguments, its parameters, a check per cell, its value. */
interface PerCustomer<P> {
  readonly args: readonly (readonly [string, unknown])[];
  /** Read once there is a customer to compute for, so an empty range is #N/A whatever the parameters. */
  readonly params: () => Result<P>;
  readonly check: (inputs: readonly AlignedInput[], i: number) => KpiError | undefined;
  readonly value: (v: readonly number[], params: P) => number;
  /** The error where a value is not finite. */
  readonly failed: (v: readonly number[], inputs: readonly AlignedInput[], i: number) => KpiError;
  readonly empty?: () => KpiError;
}

/** Spills the value over the aligned inputs: blank where a cell is not read, the first bad cell's #VALUE!. */
function perCustomer<P>(spec: PerCustomer<P>): Result<Spill> {
  const al = align(spec.args);
  if (isKpiError(al)) return al;
  const n = al.rows * al.cols;
  const readable = (i: number) => al.inputs.every((input) => !Number.isNaN(valueAt(input, i)));
  let first = 0;
  while (first < n && !readable(first)) first++;
  if (first === n) return (spec.empty ?? errors.noCustomers)();
  const params = spec.params();
  if (isKpiError(params)) return params;
  const out: Spill = [];
  const v = new Array<number>(al.inputs.length);
  for (let row = 0; row < al.rows; row++) {
    const line: (number | string)[] = [];
    for (let col = 0; col < al.cols; col++) {
      const i = row * al.cols + col;
      if (!readable(i)) {
        line.push("");
        continue;
      }
      for (let k = 0; k < al.inputs.length; k++) v[k] = valueAt(al.inputs[k], i);
      const bad = spec.check(al.inputs, i);
      if (bad) return bad;
      const result = spec.value(v, params);
      if (!Number.isFinite(result)) return spec.failed(v, al.inputs, i);
      line.push(result);
    }
    out.push(line);
  }
  return out;
}

const notComputed = (what: string) => (): KpiError => errors.notFinite(what);

export function bgnbdAlive(frequency: unknown, recency: unknown, age: unknown, r: unknown, alpha: unknown, a: unknown, b: unknown): Result<Spill> {
  return perCustomer({
    args: [["frequency", frequency], ["recency", recency], ["age", age]],
    params: () => readBgnbdParams(r, alpha, a, b),
    check: (inp, i) => checkCustomer(inp[0], inp[1], inp[2], i),
    value: ([x, tx, T], p) => pAlive(x, tx, T, p),
    failed: notComputed("P(alive)"),
  });
}

function checkHorizon(h: AlignedInput, i: number, max = Infinity): KpiError | undefined {
  const t = valueAt(h, i);
  if (t < 0) return badCell(h, i, "is negative: the horizon is a number of periods from 0 up");
  if (t > max) return badCell(h, i, `is too long: use at most ${max} periods`);
  return undefined;
}

const seriesFailed = (v: readonly number[], inputs: readonly AlignedInput[], i: number): KpiError =>
  badCell(inputs[0], i, `is too long against the customer's age ${v[3]}: the model's hypergeometric series does not converge; use a shorter horizon`);

export function bgnbdExpected(horizon: unknown, frequency: unknown, recency: unknown, age: unknown, r: unknown, alpha: unknown, a: unknown, b: unknown): Result<Spill> {
  return perCustomer({
    args: [["horizon", horizon], ["frequency", frequency], ["recency", recency], ["age", age]],
    params: () => readBgnbdParams(r, alpha, a, b),
    check: (inp, i) => checkHorizon(inp[0], i) ?? checkCustomer(inp[1], inp[2], inp[3], i),
    value: ([t, x, tx, T], p) => expectedPurchases(t, x, tx, T, p),
    failed: seriesFailed,
  });
}

// ---------------------------------------------------------------------------------------------
// Gamma-Gamma

function checkSpend(x: AlignedInput, z: AlignedInput, i: number): KpiError | undefined {
  if (valueAt(x, i) < 0) return badCell(x, i, "is negative: a number of repeat purchases cannot be below 0");
  if (valueAt(z, i) < 0) return badCell(z, i, "is negative: returns are left out of the mean spend");
  if (valueAt(x, i) > 0 && valueAt(z, i) === 0) return badCell(z, i, `is 0 for a repeat buyer (frequency ${valueAt(x, i)}): the Gamma-Gamma model needs a mean spend above 0`);
  return undefined;
}

export function ggFit(frequency: unknown, avgSpend: unknown): Result<Spill> {
  const al = align([["frequency", frequency], ["avg_spend", avgSpend]]);
  if (isKpiError(al)) return al;
  const [fx, fz] = al.inputs;
  const x: number[] = [];
  const z: number[] = [];
  let read = 0;
  for (let i = 0; i < al.rows * al.cols; i++) {
    const xi = valueAt(fx, i);
    const zi = valueAt(fz, i);
    if (Number.isNaN(xi) || Number.isNaN(zi)) continue;
    read++;
    const bad = checkSpend(fx, fz, i);
    if (bad) return bad;
    if (xi > 0) {
      x.push(xi);
      z.push(zi);
    }
  }
  if (read === 0) return errors.noCustomers();
  if (x.length === 0) return errors.noRepeatBuyers("Gamma-Gamma");
  const fit = fitGammaGamma({ x: Float64Array.from(x), zbar: Float64Array.from(z) });
  if (!fit) return errors.notFinite("the log-likelihood");
  const { p, q, gamma } = fit.params;
  return fitSpill(GG_LABELS, [p, q, gamma, fit.logLikelihood], fit.customers, fit.converged);
}

export function ggSpend(frequency: unknown, avgSpend: unknown, p: unknown, q: unknown, gamma: unknown): Result<Spill> {
  return perCustomer({
    args: [["frequency", frequency], ["avg_spend", avgSpend]],
    params: () => readGgParams(p, q, gamma),
    check: (inp, i) => checkSpend(inp[0], inp[1], i),
    value: ([x, z], params) => expectedSpend(x, z, params),
    failed: notComputed("the expected spend"),
  });
}

// ---------------------------------------------------------------------------------------------
// CLV.PREDICT

export function clvPredict(
  horizon: unknown, frequency: unknown, recency: unknown, age: unknown, avgSpend: unknown,
  r: unknown, alpha: unknown, a: unknown, b: unknown, p: unknown, q: unknown, gamma: unknown,
  discountRate: unknown = null, margin: unknown = null,
): Result<Spill> {
  const params = (): Result<{ bg: BgnbdParams; gg: GammaGammaParams; discountRate: number; margin: number }> => {
    const bg = readBgnbdParams(r, alpha, a, b);
    if (isKpiError(bg)) return bg;
    const gg = readGgParams(p, q, gamma);
    if (isKpiError(gg)) return gg;
    const d = readScalar(discountRate, "discount_rate", { default: 0 });
    if (isKpiError(d)) return d;
    if (!(d > -1)) return errors.domain("discount_rate", d, "it must be above -1 (0.01 for 1 % a period)");
    const m = readScalar(margin, "margin", { default: 1 });
    if (isKpiError(m)) return m;
    if (!(m >= 0 && m <= 1)) return errors.domain("margin", m, "give it as a fraction from 0 to 1 (0.3 for 30 %)");
    return { bg, gg, discountRate: d, margin: m };
  };
  return perCustomer({
    args: [["horizon", horizon], ["frequency", frequency], ["recency", recency], ["age", age], ["avg_spend", avgSpend]],
    params,
    check: (inp, i) => checkHorizon(inp[0], i, MAX_CLV_PERIODS) ?? checkCustomer(inp[1], inp[2], inp[3], i) ?? checkSpend(inp[1], inp[4], i),
    value: ([t, x, tx, T, z], c) => predictClv(t, x, tx, T, z, c.bg, c.gg, c),
    failed: seriesFailed,
  });
}

// ---------------------------------------------------------------------------------------------
// Shifted-beta-geometric

/** Survivor counts n_0, n_1, ... in reading order; blanks and text are not read. */
function readSurvivors(arg: unknown): Result<number[]> {
  const cells = cellList(arg);
  const counts: number[] = [];
  const positions: number[] = [];
  cells.forEach((cell, i) => {
    const v = readNumber(cell);
    if (typeof v === "number") {
      counts.push(v);
      positions.push(i);
    }
  });
  if (counts.length === 0) return errors.noNumeric();
  if (counts.length < 2) return errors.invalid("survivors needs at least two periods: the cohort at period 0 and at period 1");
  if (!(counts[0] > 0)) return errors.domain("survivors at period 0", counts[0], "the cohort must start with customers");
  for (let t = 1; t < counts.length; t++) {
    if (counts[t] < 0) return errors.domain(`survivors at period ${t}`, counts[t], "counts cannot be negative");
    if (counts[t] > counts[t - 1]) {
      return errors.cohortRises(counts[t - 1], counts[t], t, positions[t] + 1);
    }
  }
  return counts;
}

export function sbgFit(survivors: unknown): Result<Spill> {
  const counts = readSurvivors(survivors);
  if (isKpiError(counts)) return counts;
  const fit = fitSbg(counts);
  if (!fit) return errors.notFinite("the log-likelihood");
  return fitSpill(SBG_LABELS, [fit.params.alpha, fit.params.beta, fit.logLikelihood], fit.customers, fit.converged);
}

function readSbgParams(alpha: unknown, beta: unknown): Result<SbgParams> {
  const v = positiveParams([[alpha, "alpha"], [beta, "beta"]]);
  if (isKpiError(v)) return v;
  return { alpha: v[0], beta: v[1] };
}

/** The longest sBG period asked for (a product of this many factors). */
export const MAX_SBG_PERIODS = 100_000;

/** Whole periods from `min` up to MAX_SBG_PERIODS. */
function checkPeriod(input: AlignedInput, i: number, min: number): KpiError | undefined {
  const t = valueAt(input, i);
  if (!Number.isInteger(t) || t < min || t > MAX_SBG_PERIODS) return badCell(input, i, `is not a whole number of periods from ${min} to ${MAX_SBG_PERIODS}`);
  return undefined;
}

export function sbgSurvival(periods: unknown, alpha: unknown, beta: unknown): Result<Spill> {
  return perCustomer({
    args: [["periods", periods]],
    params: () => readSbgParams(alpha, beta),
    check: (inp, i) => checkPeriod(inp[0], i, 0),
    value: ([t], p) => survival(t, p),
    failed: notComputed("the survival"),
    empty: errors.noNumeric,
  });
}

export function sbgRetention(period: unknown, alpha: unknown, beta: unknown): Result<Spill> {
  return perCustomer({
    args: [["period", period]],
    params: () => readSbgParams(alpha, beta),
    check: (inp, i) => checkPeriod(inp[0], i, 1),
    value: ([t], p) => retentionRate(t, p),
    failed: notComputed("the retention"),
    empty: errors.noNumeric,
  });
}

export function sbgDerl(alpha: unknown, beta: unknown, discountRate: unknown, renewals: unknown = null): Result<number> {
  const p = readSbgParams(alpha, beta);
  if (isKpiError(p)) return p;
  const d = readScalar(discountRate, "discount_rate");
  if (isKpiError(d)) return d;
  if (!(d >= 0)) return errors.domain("discount_rate", d, "it cannot be negative (0.1 for 10 % a period)");
  if (d === 0 && !(p.alpha > 1)) return errors.domain("discount_rate", d, `with alpha ${p.alpha} at or below 1 the undiscounted lifetime is infinite: use a discount rate above 0`);
  const n = readScalar(renewals, "renewals", { default: 0 });
  if (isKpiError(n)) return n;
  if (!Number.isInteger(n) || n < 0 || n > MAX_SBG_PERIODS) return errors.domain("renewals", n, `use a whole number from 0 to ${MAX_SBG_PERIODS}`);
  const v = derl(p, d, n);
  if (!Number.isFinite(v)) return errors.domain("discount_rate", d, "is too close to 0 for the series to converge: use 0 (for alpha above 1) or at least 0.0001");
  return v;
}

// ---------------------------------------------------------------------------------------------

export const functions: FunctionDef[] = [
  { name: "RFM", params: ["customer_ids", "dates", "amounts", "end_date", "period"], kinds: ["range", "range", "range", "optional-scalar", "optional-text"], invoke: (a) => rfm(a[0], a[1], a[2], a[3], a[4]) },
  { name: "BGNBD.FIT", params: ["frequency", "recency", "age"], kinds: ["range", "range", "range"], invoke: (a) => bgnbdFit(a[0], a[1], a[2]) },
  { name: "BGNBD.ALIVE", params: ["frequency", "recency", "age", "r", "alpha", "a", "b"], kinds: ["range", "range", "range", "scalar", "scalar", "scalar", "scalar"], invoke: (a) => bgnbdAlive(a[0], a[1], a[2], a[3], a[4], a[5], a[6]) },
  { name: "BGNBD.EXPECTED", params: ["horizon", "frequency", "recency", "age", "r", "alpha", "a", "b"], kinds: ["range", "range", "range", "range", "scalar", "scalar", "scalar", "scalar"], invoke: (a) => bgnbdExpected(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]) },
  { name: "GG.FIT", params: ["frequency", "avg_spend"], kinds: ["range", "range"], invoke: (a) => ggFit(a[0], a[1]) },
  { name: "GG.SPEND", params: ["frequency", "avg_spend", "p", "q", "gamma"], kinds: ["range", "range", "scalar", "scalar", "scalar"], invoke: (a) => ggSpend(a[0], a[1], a[2], a[3], a[4]) },
  {
    name: "CLV.PREDICT",
    params: ["horizon", "frequency", "recency", "age", "avg_spend", "r", "alpha", "a", "b", "p", "q", "gamma", "discount_rate", "margin"],
    kinds: ["range", "range", "range", "range", "range", "scalar", "scalar", "scalar", "scalar", "scalar", "scalar", "scalar", "optional-scalar", "optional-scalar"],
    invoke: (a) => clvPredict(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13]),
  },
  { name: "SBG.FIT", params: ["survivors"], kinds: ["range"], invoke: (a) => sbgFit(a[0]) },
  { name: "SBG.SURVIVAL", params: ["periods", "alpha", "beta"], kinds: ["range", "scalar", "scalar"], invoke: (a) => sbgSurvival(a[0], a[1], a[2]) },
  { name: "SBG.RETENTION", params: ["period", "alpha", "beta"], kinds: ["range", "scalar", "scalar"], invoke: (a) => sbgRetention(a[0], a[1], a[2]) },
  { name: "SBG.DERL", params: ["alpha", "beta", "discount_rate", "renewals"], kinds: ["scalar", "scalar", "scalar", "optional-scalar"], invoke: (a) => sbgDerl(a[0], a[1], a[2], a[3]) },
];
