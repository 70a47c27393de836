/**
 * The full linear model of the outcome on every driver, from the correlation matrix (drivers
 * first, outcome last), by Goodnight's sweep operator in the drivers' order: its R², each
 * driver's standardised coefficient (whose sign is the sign the functions report), or the first
 * driver that is an exact linear combination of the drivers before it.
 */

// Module-level aliases of Math: a global lookup per call is slow in some hosts (node:vm contexts).
const { abs, min } = Math;

/**
 * A driver's tolerance (1 - R² of it on the drivers before it) below which it counts as an exact
 * linear combination of them: what is left of it is under 1e-5 of its spread, rounding noise of
 * the correlations rather than information.
 */
export const COLLINEAR_TOLERANCE = 1e-10;

/** Coefficients below this (standardised) do not name a driver in a combination. */
const NAMED_COEFFICIENT = 1e-6;

export interface FullModel {
  readonly r2: number;
  /** Standardised coefficients of the drivers, in their order. */
  readonly beta: Float64Array;
}

/** Driver `driver` is an exact linear combination of the drivers `of` (indices before it). */
export interface Collinear {
  readonly collinear: number;
  readonly of: readonly number[];
}

export function isCollinear(x: object): x is Collinear {
  return "collinear" in x;
}

/** Sweeps pivot k of the m x m matrix a in place (Goodnight 1979): row k then holds the coefficients of the swept drivers. */
function sweep(a: Float64Array, m: number, k: number): void {
  const d = a[k * m + k];
  for (let j = 0; j < m; j++) if (j !== k) a[k * m + j] /= d;
  for (let i = 0; i < m; i++) {
    if (i === k) continue;
    const b = a[i * m + k];
    if (b === 0) continue;
    for (let j = 0; j < m; j++) if (j !== k) a[i * m + j] -= b * a[k * m + j];
    a[i * m + k] = -b / d;
  }
  a[k * m + k] = 1 / d;
}

/** The full model of a (p + 1)-square correlation matrix, or the first driver that depends exactly on earlier ones. */
export function fullModel(r: Float64Array, p: number): FullModel | Collinear {
  const m = p + 1;
  const a = Float64Array.from(r);
  let r2 = 0;
  for (let k = 0; k < p; k++) {
    const tolerance = a[k * m + k];
    if (!(tolerance > COLLINEAR_TOLERANCE)) {
      const of: number[] = [];
      for (let i = 0; i < k; i++) if (abs(a[i * m + k]) > NAMED_COEFFICIENT) of.push(i);
      return { collinear: k, of };
    }
    // What driver k adds to R² given the drivers before it: (its partial covariance with the outcome)² / its tolerance.
    const c = a[k * m + p];
    r2 += (c * c) / tolerance;
    sweep(a, m, k);
  }
  const beta = new Float64Array(p);
  for (let j = 0; j < p; j++) beta[j] = a[j * m + p];
  return { r2: min(r2, 1), beta };
}
