/**
 * Shapley value regression (LMG, Lindeman, Merenda and Gold 1980; general dominance, Azen and
 * Budescu 2003; one quantity): a driver's importance is the R² it adds, averaged over every
 * order in which the drivers can enter the model. Exact, from the R² of all 2^p subsets:
 *
 *   importance_j = sum over subsets S without j of |S|! (p - |S| - 1)! / p! * (R²(S + j) - R²(S)).
 *
 * The subsets are visited in binary-reflected Gray-code order (each differs from the one before
 * by one driver), depth first: a subset's state is the partial correlation matrix of the drivers
 * not yet decided and the outcome given the drivers in it, made from its parent's by one
 * rank-one Schur-complement update (one elimination step of its LDLᵀ factorisation) when a driver
 * enters, by dropping a row and column when it stays out. Adding driver k raises R² by
 * c_ky² / c_kk, a sum of non-negative terms with no cancellation; nothing is ever removed from a
 * factorisation, so rounding does not build up along the 2^p steps. The work is about 6 * 2^p
 * multiply-adds, not 2^p regressions: 15 drivers take about a millisecond.
 */

/** The most drivers the exact enumeration takes (spec/why.md): 2^15 subsets. */
export const MAX_SHAPLEY_DRIVERS = 15;

/**
 * R² of every subset of drivers, indexed by its bit mask (bit j for driver j), from the
 * (p + 1)-square correlation matrix (drivers first, outcome last). `visit`, when given, sees
 * each subset in the order of the enumeration. The matrix must be positive definite (model.ts
 * checks it first).
 */
export function subsetR2(r: Float64Array, p: number, visit?: (mask: number, r2: number) => void): Float64Array {
  if (p > MAX_SHAPLEY_DRIVERS) throw new Error(`subsetR2: at most ${MAX_SHAPLEY_DRIVERS} drivers`);
  const out = new Float64Array(2 ** p);
  // levels[k]: the (p - k + 1)-square partial correlation matrix of drivers k..p-1 and the
  // outcome (last), given the drivers among 0..k-1 that are in the subset.
  const levels = Array.from({ length: p + 1 }, (_, k) => new Float64Array((p - k + 1) * (p - k + 1)));
  levels[0].set(r);

  const leave = (k: number): void => {
    const from = levels[k];
    const to = levels[k + 1];
    const s = p - k + 1;
    for (let i = 1; i < s; i++) for (let j = 1; j < s; j++) to[(i - 1) * (s - 1) + j - 1] = from[i * s + j];
  };
  const enter = (k: number): number => {
    const from = levels[k];
    const to = levels[k + 1];
    const s = p - k + 1;
    const pivot = from[0];
    if (k + 1 < p) {
      for (let i = 1; i < s; i++) {
        const f = from[i * s] / pivot;
        for (let j = 1; j < s; j++) to[(i - 1) * (s - 1) + j - 1] = from[i * s + j] - f * from[j];
      }
    }
    const c = from[s - 1];
    return (c * c) / pivot;
  };
  const recurse = (k: number, mask: number, r2: number, reflected: boolean): void => {
    if (k === p) {
      out[mask] = r2;
      if (visit) visit(mask, r2);
      return;
    }
    // Reflected Gray code: G(n) = 0 G(n-1), 1 rev G(n-1); rev G(n) = 1 G(n-1), 0 rev G(n-1).
    if (!reflected) {
      if (k + 1 < p) leave(k);
      recurse(k + 1, mask, r2, false);
      const gain = enter(k);
      recurse(k + 1, mask | (1 << k), r2 + gain, true);
    } else {
      const gain = enter(k);
      recurse(k + 1, mask | (1 << k), r2 + gain, false);
      if (k + 1 < p) leave(k);
      recurse(k + 1, mask, r2, true);
    }
  };
  recurse(0, 0, 0, false);
  return out;
}

/** The Shapley (LMG) importance of each driver from the R² of every subset; they sum to the full model's R². */
export function shapleyFromSubsets(r2: Float64Array, p: number): Float64Array {
  const factorial = [1];
  for (let k = 1; k <= p; k++) factorial[k] = factorial[k - 1] * k;
  // Exact in doubles: 15! < 2^53.
  const weight = Array.from({ length: p }, (_, s) => (factorial[s] * factorial[p - 1 - s]) / factorial[p]);
  const size = new Uint8Array(r2.length);
  const out = new Float64Array(p);
  for (let mask = 0; mask < r2.length; mask++) {
    if (mask > 0) size[mask] = size[mask >> 1] + (mask & 1);
    const w = weight[size[mask]];
    for (let j = 0; j < p; j++) {
      const bit = 1 << j;
      if ((mask & bit) === 0) out[j] += w * (r2[mask | bit] - r2[mask]);
    }
  }
  return out;
}

/** Shapley (LMG) importances from the (p + 1)-square correlation matrix. */
export function shapley(r: Float64Array, p: number): Float64Array {
  return shapleyFromSubsets(subsetR2(r, p), p);
}
