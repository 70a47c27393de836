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
 * factorisation, so rounding does not build up along the 2^p steps. The work is about 12 * 2^p
 * multiply-adds, not 2^p regressions (the last two drivers of each branch are worked out in
 * place): 15 drivers take a few milliseconds, 12 a fraction of one.
 */

/** The most drivers the exact enumeration takes (spec/why.md): 2^15 subsets. */
export const MAX_SHAPLEY_DRIVERS = 15;

interface Enumeration {
  readonly p: number;
  /** levels[k]: the (p - k + 1)-square partial correlation matrix of drivers k..p-1 and the outcome (last), given the drivers among 0..k-1 in the subset. */
  readonly levels: Float64Array[];
  readonly out: Float64Array;
  readonly visit?: (mask: number, r2: number) => void;
}

function leaf(e: Enumeration, mask: number, r2: number): void {
  e.out[mask] = r2;
  if (e.visit) e.visit(mask, r2);
}

/**
 * The subsets under one node of the enumeration: drivers 0..k-1 decided (those in `mask` in),
 * R² so far `r2`, in reflected order when `reflected`. Reflected Gray code:
 * G(n) = 0 G(n-1), 1 rev G(n-1); rev G(n) = 1 G(n-1), 0 rev G(n-1).
 */
function descend(e: Enumeration, k: number, mask: number, r2: number, reflected: boolean): void {
  const { p } = e;
  const from = e.levels[k];
  const s = p - k + 1;
  const pivot = from[0];
  const c = from[s - 1];
  // What driver k adds to R² given the drivers in the subset: c_ky² / c_kk.
  const gain = (c * c) / pivot;
  const bit = 1 << k;
  if (k === p - 1) {
    // The last driver: two leaves, no matrix left to make.
    if (!reflected) {
      leaf(e, mask, r2);
      leaf(e, mask | bit, r2 + gain);
    } else {
      leaf(e, mask | bit, r2 + gain);
      leaf(e, mask, r2);
    }
    return;
  }
  if (k === p - 2) {
    // The last two drivers (a 3 x 3 matrix, the outcome last): four leaves worked out in place.
    const a01 = from[1];
    const a11 = from[4];
    const a12 = from[5];
    const next = bit << 1;
    const withoutK = r2 + (a12 * a12) / a11;
    const f = a01 / pivot;
    const s11 = a11 - f * a01;
    const s12 = a12 - f * c;
    const withK = r2 + gain + (s12 * s12) / s11;
    if (!reflected) {
      leaf(e, mask, r2);
      leaf(e, mask | next, withoutK);
      leaf(e, mask | bit | next, withK);
      leaf(e, mask | bit, r2 + gain);
    } else {
      leaf(e, mask | bit, r2 + gain);
      leaf(e, mask | bit | next, withK);
      leaf(e, mask | next, withoutK);
      leaf(e, mask, r2);
    }
    return;
  }
  const to = e.levels[k + 1];
  const t = s - 1;
  for (let pass = 0; pass < 2; pass++) {
    const enter = (pass === 0) === reflected;
    if (enter) {
      // Driver k enters: one rank-one Schur-complement update of the undecided drivers and the outcome.
      for (let i = 1; i < s; i++) {
        const fi = from[i * s] / pivot;
        for (let j = 1; j < s; j++) to[(i - 1) * t + j - 1] = from[i * s + j] - fi * from[j];
      }
      descend(e, k + 1, mask | bit, r2 + gain, pass === 1);
    } else {
      // Driver k stays out: its row and column are dropped.
      for (let i = 1; i < s; i++) for (let j = 1; j < s; j++) to[(i - 1) * t + j - 1] = from[i * s + j];
      descend(e, k + 1, mask, r2, pass === 1);
    }
  }
}

/**
 * R² of every subset of drivers, indexed by its bit mask (bit j for driver j), from the
 * (p + 1)-square correlation matrix (drivers first, outcome last). `visit`, when given, sees
 * each subset in the order of the enumeration. The matrix must be positive definite (model.ts
 * checks it first).
 */
export function subsetR2(r: Float64Array, p: number, visit?: (mask: number, r2: number) => void): Float64Array {
  if (p > MAX_SHAPLEY_DRIVERS) throw new Error(`subsetR2: at most ${MAX_SHAPLEY_DRIVERS} drivers`);
  const out = new Float64Array(2 ** p);
  if (p === 0) return out;
  const levels = Array.from({ length: p + 1 }, (_, k) => new Float64Array((p - k + 1) * (p - k + 1)));
  levels[0].set(r);
  descend({ p, levels, out, visit }, 0, 0, 0, false);
  return out;
}

/** The Shapley (LMG) importance of each driver from the R² of every subset; they sum to the full model's R². */
export function shapleyFromSubsets(r2: Float64Array, p: number): Float64Array {
  const factorial = new Float64Array(p + 1);
  factorial[0] = 1;
  for (let k = 1; k <= p; k++) factorial[k] = factorial[k - 1] * k;
  // Exact in doubles: 15! < 2^53.
  const weight = Float64Array.from({ length: p }, (_, s) => (factorial[s] * factorial[p - 1 - s]) / factorial[p]);
  const size = new Uint8Array(r2.length);
  for (let mask = 1; mask < r2.length; mask++) size[mask] = size[mask >> 1] + (mask & 1);
  const out = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const bit = 1 << j;
    let sum = 0;
    for (let mask = 0; mask < r2.length; mask++) if ((mask & bit) === 0) sum += weight[size[mask]] * (r2[mask | bit] - r2[mask]);
    out[j] = sum;
  }
  return out;
}

/** Shapley (LMG) importances from the (p + 1)-square correlation matrix. */
export function shapley(r: Float64Array, p: number): Float64Array {
  return shapleyFromSubsets(subsetR2(r, p), p);
}
