/**
 * Predictive CLV from its parts (spec/functions.md, KPI.CLV.PREDICT): the sum over each period
 * k = 1..ceil(h) of the BG/NBD expected purchases in it, E[Y(k)] - E[Y(k-1)] (the last period
 * ends at h), times the Gamma-Gamma expected spend per purchase, times the margin, discounted
 * by (1 + d)^k. The same construction as lifetimes' customer_lifetime_value.
 */
import { type BgnbdParams, expectedPurchases } from "./bgnbd";
import { expectedSpend, type GammaGammaParams } from "./gammagamma";

// Module-level aliases of Math: a global lookup per call is slow in some hosts (node:vm contexts).
const { ceil, min } = Math;

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
 * The expected purchases of each period up to `horizon`, discounted by (1 + d)^k: the part of
 * the CLV that depends on the customer's x, t_x and T only (so customers who share them share
 * it). Undiscounted, the sum telescopes to E[Y(horizon)]: one evaluation instead of one a period.
 */
export function discountedPurchases(horizon: number, x: number, tx: number, T: number, bg: BgnbdParams, discountRate: number): number {
  if (discountRate === 0) return expectedPurchases(horizon, x, tx, T, bg);
  const periods = ceil(horizon);
  const discount = 1 / (1 + discountRate);
  let value = 0;
  let before = 0;
  let factor = 1;
  for (let k = 1; k <= periods; k++) {
    const upTo = expectedPurchases(min(k, horizon), x, tx, T, bg);
    factor *= discount;
    value += (upTo - before) * factor;
    before = upTo;
  }
  return value;
}
