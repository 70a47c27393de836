/**
 * The normal distribution, for margins of error and p-values.
 *
 * `normalTail` is W. J. Cody / J. F. Hart's double-precision approximation as published by
 * Graeme West, "Better approximations to cumulative normal functions" (2005), figure 2.
 * `normalQuantile` is Peter Acklam's rational approximation (relative error 1.15e-9),
 * refined by one Halley step against `normalTail`, as Acklam recommends.
 */

/** P(Z > |x|) for a standard normal Z: the upper tail, accurate far out (no 1 - p cancellation). */
export function normalTail(x: number): number {
  const a = Math.abs(x);
  if (a > 37) return 0;
  const e = Math.exp((-a * a) / 2);
  if (a < 7.07106781186547) {
    let b = 3.52624965998911e-2 * a + 0.700383064443688;
    b = b * a + 6.37396220353165;
    b = b * a + 33.912866078383;
    b = b * a + 112.079291497871;
    b = b * a + 221.213596169931;
    b = b * a + 220.206867912376;
    const num = e * b;
    let d = 8.83883476483184e-2 * a + 1.75566716318264;
    d = d * a + 16.064177579207;
    d = d * a + 86.7807322029461;
    d = d * a + 296.564248779674;
    d = d * a + 637.333633378831;
    d = d * a + 793.826512519948;
    d = d * a + 440.413735824752;
    return num / d;
  }
  let b = a + 0.65;
  b = a + 4 / b;
  b = a + 3 / b;
  b = a + 2 / b;
  b = a + 1 / b;
  return e / b / 2.506628274631;
}

/** Standard normal cumulative distribution function. */
export function normalCdf(x: number): number {
  const tail = normalTail(x);
  return x > 0 ? 1 - tail : tail;
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** The z with normalCdf(z) = p, for 0 < p < 1. */
export function normalQuantile(p: number): number {
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
      (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  // One Halley step (Acklam): e is the error of the CDF at x.
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** The two-sided critical value for a confidence level, 0.95 -> 1.959964. */
export function zFor(confidence: number): number {
  return normalQuantile(1 - (1 - confidence) / 2);
}
