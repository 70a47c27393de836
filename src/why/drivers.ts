/**
 * Key driver analysis as spec/why.md defines it: how much of the outcome's R² each driver
 * accounts for, by Shapley value regression (shapley.ts) or Johnson's relative weights
 * (relativeWeights.ts), with the sign of its coefficient in the full linear model (model.ts).
 * Everything starts from the correlation matrix of the rows used (correlation.ts), so
 * `importanceFrom` takes one from anywhere; `analyse` checks a sample first and names the
 * driver at fault in its errors.
 */
import { errors, isKpiError, type KpiError, type Result } from "../kpi/errors";
import { correlation, isConstant } from "./correlation";
import { type Collinear, fullModel, isCollinear } from "./model";
import { relativeWeights } from "./relativeWeights";
import type { Sample } from "./sample";
import { MAX_SHAPLEY_DRIVERS, shapley } from "./shapley";

export const METHODS = ["shapley", "rw"] as const;
export type Method = (typeof METHODS)[number];

export interface Importance {
  /** R² of the full linear model. */
  readonly r2: number;
  /** Each driver's share of R², in the drivers' order; they sum to r2. */
  readonly raw: Float64Array;
  /** The sign of each driver's coefficient in the full model: 1 or -1. */
  readonly sign: Int8Array;
}

export interface Analysis extends Importance {
  readonly n: number;
  readonly leftOut: number;
  /** The correlation matrix of the rows used, (p + 1)-square, outcome last. */
  readonly correlation: Float64Array;
}

/** Importances from a (p + 1)-square correlation matrix (drivers first, outcome last), or the driver that makes it singular. */
export function importanceFrom(r: Float64Array, p: number, method: Method): Importance | Collinear {
  const model = fullModel(r, p);
  if (isCollinear(model)) return model;
  const raw = method === "shapley" ? shapley(r, p) : relativeWeights(r, p);
  return { r2: model.r2, raw, sign: Int8Array.from(model.beta, (b) => (b < 0 ? -1 : 1)) };
}

/** The error that names a collinear driver and the drivers it is a combination of. */
export function collinearError(c: Collinear, names: readonly string[]): KpiError {
  return errors.collinearDriver(names[c.collinear], c.of.map((i) => names[i]));
}

/** Whether a method can take p drivers: #VALUE! naming "rw" when "shapley" gets more than 15. */
export function checkMethod(method: Method, p: number): KpiError | undefined {
  return method === "shapley" && p > MAX_SHAPLEY_DRIVERS ? errors.tooManyForShapley(p, MAX_SHAPLEY_DRIVERS) : undefined;
}

/** The correlation matrix of a sample that can be analysed, or the error that says why not. */
export function correlationOf(sample: Sample): Result<Float64Array> {
  const { n, p } = sample;
  if (n === 0) return errors.noCompleteRows();
  if (n < p + 2) return errors.tooFewRows(n, p);
  const r = correlation(sample.data, p + 1);
  if (isConstant(r)) return errors.constantColumn(r.constant === p ? "the outcome" : sample.names[r.constant], r.constant === p);
  return r;
}

export function analyse(sample: Sample, method: Method): Result<Analysis> {
  const tooMany = checkMethod(method, sample.p);
  if (tooMany) return tooMany;
  const r = correlationOf(sample);
  if (isKpiError(r)) return r;
  const importance = importanceFrom(r, sample.p, method);
  if (isCollinear(importance)) return collinearError(importance, sample.names);
  return { ...importance, n: sample.n, leftOut: sample.leftOut, correlation: r };
}
