/**
 * Predictive CLV from its parts (spec/functions.md, KPI.CLV.PREDICT): the sum over each period
 * k = 1..ceil(h) of the BG/NBD expected purchases in it, E[Y(k)] - E[Y(k-1)] (the last period
 * ends at h), times the Gamma-Gamma expected spend per purchase, times the margin, discounted
 * by (1 + d)^k. The same construction as lifetimes' customer_lifetime_value.
 */
import { type BgnbdParams, expectedByPeriod, expectedPurchases, pAlive } from "./bgnbd";
import { seriesWork } from "./special";
import { expectedSpend, type GammaGammaParams } from "./gammagamma";

// Module-level aliases of Math: a global lookup per call is slow in some hosts (node:vm contexts).
const { max } = Math;

export interface ClvAssumptions {
  readonly discountRate: number;
  readonly margin: number;
}

/** Discounted expected margin of one customer over `horizon` periods; NaN when a part is undefined. */
export function predictClv(
  horizon: number,
  x: number,
  tx: number,
  T: number,
  zbar: number,
  bg: BgnbdParams,
  gg: GammaGammaParams,
  assumptions: ClvAssumptions,
): number {
  return discountedPurchases(horizon, x, tx, T, bg, assumptions.discountRate) * expectedSpend(x, zbar, gg) * assumptions.margin;
}

/**
 * Series terms one CLV.PREDICT evaluation may sum in all (about 20 ms here): past it the value is
 * NaN and the function says the horizon is too long against the customer's age. With the
 * curve of expectedByPeriod a horizon of 10,000 periods takes some 200 evaluations of 2F1.
 */
export const CLV_TERM_BUDGET = 5_000_000;

/**
 * The expected purchases of each period up to `horizon`, discounted by (1 + d)^k: the part of
 * the CLV that depends on the customer's x, t_x and T only (so customers who share them share
 * it). Undiscounted, the sum telescopes to E[Y(horizon)]: one evaluation instead of one a period.
 * Bounded work: at most CLV_TERM_BUDGET series terms, whatever the horizon.
 */
export function discountedPurchases(horizon: number, x: number, tx: number, T: number, bg: BgnbdParams, discountRate: number): number {
  const limit = seriesWork.limit;
  seriesWork.limit = Math.min(limit, seriesWork.terms + CLV_TERM_BUDGET);
  try {
    if (discountRate === 0) return expectedPurchases(horizon, x, tx, T, bg);
    const curve = expectedByPeriod(horizon, x, T, bg);
    return discountCurve(curve, discountRate) * pAlive(x, tx, T, bg);
  } finally {
    seriesWork.limit = limit;
  }
}

/**
 * Σ_k (curve_k - curve_(k-1)) / (1 + d)^k over a curve of cumulative expected purchases
 * (curve_0 = 0). An increment below 0 (rounding, 1e-16) counts as 0, so the sum never falls as
 * the curve grows longer.
 */
export function discountCurve(curve: Float64Array, discountRate: number): number {
  const discount = 1 / (1 + discountRate);
  let value = 0;
  let before = 0;
  let factor = 1;
  for (let k = 0; k < curve.length; k++) {
    factor *= discount;
    value += max(0, curve[k] - before) * factor;
    before = curve[k];
  }
  return value;
}
