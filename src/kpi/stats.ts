/**
 * The normal and Student t distributions, for margins of error, intervals and p-values.
 *
 * Every tail here is computed directly (never as 1 - p), so p-values keep their relative
 * accuracy far out in the tail (1e-300 and below), as spec/functions.md asks.
 *
 * - `normalTail` is W. J. Cody's rational Chebyshev approximation of the normal distribution,
 *   "Algorithm 715: SPECFUN", ACM TOMS 19 (1993) 22-32, routine ANORM (the coefficients below
 *   are ANORM's A, B, C, D, P, Q; R's pnorm uses the same). exp(-x^2/2) is evaluated as
 *   exp(-h^2/2) * exp(-(x - h)(x + h)/2) with h = x rounded down to 1/16 (Cody's device), so
 *   h^2 is exact and no rounding of x^2 is amplified in the tail.
 * - `normalQuantile` is Peter Acklam's rational approximation (relative error 1.15e-9),
 *   refined by one Halley step against `normalTail`, as Acklam recommends.
 * - `tTail` is the Student t upper tail through the regularized incomplete beta function,
 *   P(T > t) = I_x(v/2, 1/2) / 2 with x = v / (v + t^2) (Abramowitz and Stegun 26.7.1 with
 *   26.5.27), evaluated by its continued fraction (A&S 26.5.8) with the modified Lentz method
 *   (Press et al., Numerical Recipes, 3rd ed., section 6.4, `betacf`), on the side where the
 *   fraction converges (x < (a + 1) / (a + b + 2)) and by the symmetry I_x(a, b) = 1 - I_{1-x}(b, a)
 *   otherwise. Its prefactor needs Gamma(a + 1/2) / Gamma(a) only (`gammaRatioHalf`). For
 *   v >= 50 and x >= 1/e the fraction is ill-conditioned (all its terms near -1; 1e-11 relative
 *   error at v = 1e6), so there a series of incomplete gamma functions takes over (`betaHalfSeries`).
 * - `tQuantile` solves tTail(t) = p by safeguarded Newton steps on log tTail, from the
 *   Cornish-Fisher expansion of A&S 26.7.5; v = 1 and v = 2 have closed forms.
 * Checked against mpmath at 50 digits (worst relative error 6e-14 for the t tail, 3e-16 for the
 * normal tail on a grid of v from 1 to 1e12 and t up to 1e200) and, in the tests, against stdlib.
 */
import { errors, finite, type Result } from "./errors";

// Cody (1993), ANORM: Q(x) = 1/2 - x A(x^2)/B(x^2) for |x| <= 0.67448975 ...
const NA = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const NB = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
// ... Q(x) = exp(-x^2/2) C(x)/D(x) for 0.67448975 < |x| <= sqrt(32) ...
const NC = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const ND = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
// ... and Q(x) = exp(-x^2/2) (1/sqrt(2 pi) - P(1/x^2)/(x^2 Q(1/x^2))) / x beyond.
const NP = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const NQ = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];
const ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;
const SQRT_32 = 5.656854249492380195206754896838;

/** exp(-x^2/2) * r without rounding x^2 (Cody's device: h = x truncated to 1/16, h^2 exact). */
function gaussFactor(x: number, r: number): number {
  const h = Math.trunc(x * 16) / 16;
  const del = (x - h) * (x + h);
  return Math.exp((-h * h) / 2) * Math.exp(-del / 2) * r;
}

/** P(Z > |x|) for a standard normal Z: the upper tail, accurate in relative terms down to ~1e-308. */
export function normalTail(x: number): number {
  const y = Math.abs(x);
  if (Number.isNaN(y)) return NaN;
  if (y <= 0.67448975) {
    const s = y * y;
    let num = NA[4] * s;
    let den = s;
    for (let i = 0; i < 3; i++) {
      num = (num + NA[i]) * s;
      den = (den + NB[i]) * s;
    }
    return 0.5 - (y * (num + NA[3])) / (den + NB[3]);
  }
  if (y <= SQRT_32) {
    let num = NC[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + NC[i]) * y;
      den = (den + ND[i]) * y;
    }
    return gaussFactor(y, (num + NC[7]) / (den + ND[7]));
  }
  // Beyond ~38.6 the tail is below the smallest double.
  if (y > 38.6) return 0;
  const s = 1 / (y * y);
  let num = NP[5] * s;
  let den = s;
  for (let i = 0; i < 4; i++) {
    num = (num + NP[i]) * s;
    den = (den + NQ[i]) * s;
  }
  const r = (s * (num + NP[4])) / (den + NQ[4]);
  return gaussFactor(y, (ONE_OVER_SQRT_2PI - r) / y);
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

// ---------------------------------------------------------------------------------------------
// Student's t distribution.

const SQRT_PI = 1.7724538509055160272981674833411;

/**
 * Gamma(a + 1/2) / Gamma(a) for a > 0. Below 50, the recurrence
 * Gamma(a + 1/2)/Gamma(a) = a/(a + 1/2) * Gamma(a + 3/2)/Gamma(a + 1) raises a; from 50 on, the
 * asymptotic series sqrt(a) (1 - 1/(8a) + 1/(128a^2) + 5/(1024a^3) - 21/(32768a^4)
 * - 399/(262144a^5) + 869/(4194304a^6)), the case a = 1/2, b = 0 of the expansion of
 * Gamma(z + a)/Gamma(z + b) in NIST DLMF 5.11.13 (coefficients and a truncation error below
 * 2e-15 from 50 on checked with mpmath).
 */
export function gammaRatioHalf(a: number): number {
  let f = 1;
  let x = a;
  while (x < 50) {
    f *= x / (x + 0.5);
    x += 1;
  }
  const u = 1 / x;
  const series = 1 + u * (-1 / 8 + u * (1 / 128 + u * (5 / 1024 + u * (-21 / 32768 + u * (-399 / 262144 + u * (869 / 4194304))))));
  return f * Math.sqrt(x) * series;
}

/** Continued fraction of I_x(a, b) (A&S 26.5.8) by modified Lentz (Numerical Recipes `betacf`); y = 1 - x. */
function betaFraction(a: number, b: number, x: number, y: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  // 1 - (a + b) x / (a + 1), written without the cancellation when x is near 1 (y = 1 - x).
  let d = ((a + 1) * y + (1 - b) * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  // The fraction converges in O(sqrt(max(a, b))) steps on this side (Numerical Recipes 6.4).
  const maxSteps = 200 + Math.ceil(20 * Math.sqrt(Math.max(a, b)));
  for (let m = 1; m <= maxSteps; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 4e-16) return h;
  }
  return NaN;
}

/**
 * Coefficients g_k of (e / (1 - exp(-e)))^(1/2) = sum g_k e^k (computed exactly with rational
 * arithmetic by J. C. P. Miller's power recurrence; their radius of convergence is 2 pi).
 */
const G_HALF = [
  1, 0.25, 0.010416666666666666, -0.0026041666666666665, -9.765625e-5, 5.154079861111111e-5, 1.2756024718915344e-6,
  -1.110097087880291e-6, -1.9670584004181822e-8, 2.4836319884715677e-8, 3.3966619960386745e-10, -5.690071833942187e-10,
  -6.3372301556671304e-12, 1.3251315155878903e-11, 1.2468358960996804e-13, -3.1229993780631886e-13, -2.546988626356897e-15,
  7.426702350918158e-15, 5.3488858900327365e-17, -1.778579261088922e-16, -1.1473989542270475e-18, 4.283476654726128e-18,
];

/**
 * I_x(a, 1/2) for large a as a series of incomplete gamma functions, the expansion of
 * A. R. DiDonato and A. H. Morris ("Algorithm 708", ACM TOMS 18 (1992) 360-373, BGRAT) for
 * b = 1/2: with s = x^a = exp(-u), I_x(a, 1/2) = Gamma(a + 1/2)/(Gamma(a) sqrt(a pi)) *
 * sum_k g_k a^-k Gamma(k + 1/2, u), every Gamma(k + 1/2, u) from Gamma(1/2, u) = sqrt(pi) erfc(sqrt(u))
 * by Gamma(k + 1/2, u) = (k - 1/2) Gamma(k - 1/2, u) + u^(k - 1/2) exp(-u) (A&S 6.5.22): positive
 * terms throughout, so the tail keeps its relative accuracy where the continued fraction (whose
 * terms then all sit near -1) loses it. Used for a >= 25 and u <= a, where the terms fall at least
 * as fast as (u / (2 pi a))^k.
 */
function betaHalfSeries(a: number, u: number): number {
  // Gamma(k + 1/2, u) / sqrt(pi), starting at k = 0: erfc(sqrt(u)) = 2 Q(sqrt(2u)).
  let gk = 2 * normalTail(Math.sqrt(2 * u));
  const e = Math.exp(-u) / SQRT_PI;
  let power = e * Math.sqrt(u); // u^(k - 1/2) e^-u / sqrt(pi) at k = 1 (0 when u is 0)
  let sum = gk;
  let ak = 1;
  for (let k = 1; k < G_HALF.length; k++) {
    gk = (k - 0.5) * gk + power;
    power *= u;
    ak /= a;
    const term = G_HALF[k] * ak * gk;
    sum += term;
    if (Math.abs(term) <= 1e-17 * sum) break;
  }
  return (gammaRatioHalf(a) / Math.sqrt(a)) * sum;
}

/**
 * Two-sided p-value of a t statistic with v degrees of freedom (v > 0, not necessarily whole):
 * P(|T| > |t|) = I_x(v/2, 1/2), x = v / (v + t^2).
 */
export function tTwoSidedP(t: number, v: number): number {
  if (Number.isNaN(t) || !(v > 0)) return NaN;
  const at = Math.abs(t);
  if (at === 0) return 1;
  if (at === Infinity) return 0;
  if (v === Infinity) return 2 * normalTail(at);
  const a = v / 2;
  const r = at / Math.sqrt(v); // t / sqrt(v): x = 1/(1 + r^2), y = 1 - x = r^2/(1 + r^2)
  const huge = r > 1e150;
  const log1pr2 = huge ? 2 * Math.log(r) : Math.log1p(r * r);
  if (a >= 25 && log1pr2 <= 1) return Math.min(1, betaHalfSeries(a, a * log1pr2));
  const x = huge ? 0 : 1 / (1 + r * r);
  const y = huge ? 1 : (r * r) / (1 + r * r);
  const logX = -log1pr2;
  const logY = huge ? 0 : 2 * Math.log(r) - log1pr2;
  // 1/B(a, 1/2) = Gamma(a + 1/2) / (Gamma(a) sqrt(pi)).
  const front = Math.exp(a * logX + 0.5 * logY) * (gammaRatioHalf(a) / SQRT_PI);
  if (x < (a + 1) / (a + 2.5)) {
    // I_x(a, 1/2) directly: the tail.
    return Math.min(1, (front * betaFraction(a, 0.5, x, y)) / a);
  }
  // I_x(a, 1/2) = 1 - I_y(1/2, a), near 1 here.
  return Math.max(0, 1 - (front * betaFraction(0.5, a, y, x)) / 0.5);
}

/** Density of Student's t with v degrees of freedom. */
export function tDensity(t: number, v: number): number {
  const r2 = (t * t) / v;
  return (gammaRatioHalf(v / 2) / (SQRT_PI * Math.sqrt(v))) * Math.exp((-(v + 1) / 2) * Math.log1p(r2));
}

/**
 * The quantile of Student's t with v > 0 degrees of freedom: the t with P(T <= t) = p, 0 < p < 1.
 * For a two-sided interval at confidence c use tQuantile(1 - (1 - c) / 2, v).
 */
export function tQuantile(p: number, v: number): number {
  if (!(p > 0 && p < 1) || !(v > 0)) return NaN;
  if (p === 0.5) return 0;
  const sign = p < 0.5 ? -1 : 1;
  // The upper tail probability to solve for; for p > 0.5, 1 - p is exact when p >= 0.5 (Sterbenz).
  const alpha = p < 0.5 ? p : 1 - p;
  return sign * tUpperQuantile(alpha, v);
}

/** The t > 0 with P(T > t) = alpha, 0 < alpha < 1/2. */
function tUpperQuantile(alpha: number, v: number): number {
  // Closed forms: the Cauchy quantile for v = 1; for v = 2, P(T > t) = (1 - t / sqrt(2 + t^2)) / 2 solved for t.
  if (v === 1) return 1 / Math.tan(Math.PI * alpha);
  if (v === 2) {
    const q = 1 - 2 * alpha;
    return q * Math.sqrt(2 / (4 * alpha * (1 - alpha)));
  }
  if (v === Infinity) return -normalQuantile(alpha);
  // Start: Cornish-Fisher expansion of t in z (A&S 26.7.5).
  const z = -normalQuantile(alpha);
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  let t = z + (g1 + (g2 + (g3 + g4 / v) / v) / v) / v;
  if (!(t > 0) || !Number.isFinite(t)) t = z;
  // Bracket [lo, hi] with tail(lo) >= alpha >= tail(hi), then Newton on log tail, bisecting
  // whenever a step leaves the bracket.
  const tail = (x: number) => tTwoSidedP(x, v) / 2;
  let lo = 0;
  let hi = Infinity;
  const target = Math.log(alpha);
  for (let k = 0; k < 200; k++) {
    const s = tail(t);
    if (s === alpha) return t;
    if (s > alpha) lo = t;
    else hi = t;
    const f = Math.log(s) - target;
    // d log tail / dt = -density / tail
    let next = t + (f * s) / tDensity(t, v);
    if (!(next > lo && next < hi)) next = hi === Infinity ? Math.max(2 * t, t + 1) : (lo + hi) / 2;
    if (Math.abs(next - t) <= 2e-16 * t) return next;
    t = next;
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Kernels of intervals and tests from sufficient statistics (counts and sums, never ranges):
// the custom functions and the scorecard planner both call these.

/** A two-sided interval (lower, upper). */
export type Interval = readonly [lower: number, upper: number];

/** The larger root of pi^2 a - 2 b pi + p^2 = 0 (Wilson's quadratic), without cancellation. */
function wilsonUpperRoot(share: number, other: number, n: number, z2: number): number {
  const a = 1 + z2 / n;
  const b = share + z2 / (2 * n);
  // The discriminant b^2 - a share^2 = (z^2/n)(share (1 - share) + z^2/(4n)), cancellation-free.
  return (b + Math.sqrt((z2 / n) * (share * other + z2 / (4 * n)))) / a;
}

/**
 * Wilson score interval of a proportion, successes of n (n > 0, 0 <= successes <= n):
 * the p with |p_hat - p| = z sqrt(p (1 - p) / n) (E. B. Wilson, "Probable inference, the law of
 * succession, and statistical inference", JASA 22 (1927) 209-212; Agresti and Coull, The American
 * Statistician 52 (1998) 119-126). Both bounds are free of cancellation: the upper one is the
 * larger root of Wilson's quadratic (a sum of positive terms), the lower one p_hat^2 / (a * upper)
 * (the product of the roots is p_hat^2 / a), so 0 of n gives exactly 0; n of n gives exactly 1.
 */
export function wilsonInterval(successes: number, n: number, confidence: number): Interval {
  if (!(n > 0)) return [NaN, NaN];
  const z = zFor(confidence);
  const z2 = z * z;
  const p = successes / n;
  const root = wilsonUpperRoot(p, (n - successes) / n, n, z2);
  // root is 0 only for 0 successes at a confidence so low that z is 0: the interval is then [0, 0].
  const lower = root > 0 ? (p * p) / ((1 + z2 / n) * root) : 0;
  const upper = successes >= n ? 1 : root;
  // The interval holds p_hat (its score statistic is 0): where z is next to 0 both roots are p_hat
  // and rounding alone could put the lower one an ulp above it (1 of 5 gave [0.20000000000000004, 0.2]).
  return [Math.max(0, Math.min(p, lower)), Math.min(1, Math.max(p, upper))];
}

/**
 * Two-sided p-value of the pooled two-proportion z-test: z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2))
 * with p = (s1 + s2) / (n1 + n2) (e.g. Agresti, "Categorical Data Analysis", 3rd ed., 3.1.5; the
 * square of z is Pearson's chi-squared of the 2 x 2 table). #NUM! when both groups are all
 * successes or all failures (no spread: 0/0); n1, n2 > 0.
 */
export function twoProportionP(s1: number, n1: number, s2: number, n2: number): Result<number> {
  const pooled = (s1 + s2) / (n1 + n2);
  const rest = (n1 - s1 + (n2 - s2)) / (n1 + n2);
  const se = Math.sqrt(pooled * rest * (1 / n1 + 1 / n2));
  if (!(se > 0)) return errors.notFinite("the test statistic");
  // p1 - p2 over a common denominator: one rounding instead of a difference of two.
  const z = (s1 * n2 - s2 * n1) / (n1 * n2) / se;
  return finite(Math.min(1, 2 * normalTail(z)));
}

/** a * b as an unevaluated sum hi + lo, exactly (Dekker 1971, TwoProduct with Veltkamp's split). */
function twoProduct(a: number, b: number): [number, number] {
  const hi = a * b;
  const split = 134217729; // 2^27 + 1
  const ca = split * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = split * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  const lo = al * bl - (((hi - ah * bh) - al * bh) - ah * bl);
  return [hi, lo];
}

/**
 * The centred sum of squares sum((x - mean)^2) from n, sum and sum of squares, as
 * (n * sumSquares - sum^2) / n with both products kept exact (T. J. Dekker, "A floating-point
 * technique for extending the available precision", Numer. Math. 18 (1971) 224-242): the
 * textbook sumSquares - sum^2 / n loses every digit when the mean is large beside the spread,
 * this does not. When n, sum and sumSquares are exact (whole-number scores give integers below
 * 2^53), the result is correct to a few units in the last place. Never negative.
 */
export function centredSumOfSquares(n: number, sum: number, sumSquares: number): number {
  if (!(n > 0)) return NaN;
  const [p1, e1] = twoProduct(n, sumSquares);
  const [p2, e2] = twoProduct(sum, sum);
  // p1 - p2 is exact when they are within a factor 2 (Sterbenz), the case that matters.
  const nm2 = p1 - p2 + (e1 - e2);
  return Math.max(0, nm2 / n);
}

/**
 * Student t interval of a mean from n, sum and sum of squares: mean -/+ t(1 - alpha/2, n - 1) s / sqrt(n)
 * (Student, "The probable error of a mean", Biometrika 6 (1908)); null below 2 values, where the
 * sample variance is undefined. Not clipped: the caller knows the scale.
 */
export function meanInterval(n: number, sum: number, sumSquares: number, confidence: number): Interval | null {
  if (!(n >= 2)) return null;
  const mean = sum / n;
  const s2 = centredSumOfSquares(n, sum, sumSquares) / (n - 1);
  const half = tQuantile(1 - (1 - confidence) / 2, n - 1) * Math.sqrt(s2 / n);
  if (!Number.isFinite(half)) return null;
  return [mean - half, mean + half];
}

/**
 * Two-sided p-value of Welch's unequal-variance t-test from each group's n, sum and sum of
 * squares: t = (m1 - m2) / sqrt(s1^2/n1 + s2^2/n2) with the Welch-Satterthwaite degrees of freedom
 * (B. L. Welch, "The generalization of Student's problem when several different population
 * variances are involved", Biometrika 34 (1947) 28-35). #NUM! when a group has fewer than 2
 * values (its variance is undefined) or neither group has any spread.
 */
export function welchP(n1: number, sum1: number, sumSq1: number, n2: number, sum2: number, sumSq2: number): Result<number> {
  if (!(n1 >= 2 && n2 >= 2)) return errors.notFinite("the test statistic");
  const v1 = centredSumOfSquares(n1, sum1, sumSq1) / (n1 - 1) / n1;
  const v2 = centredSumOfSquares(n2, sum2, sumSq2) / (n2 - 1) / n2;
  const se2 = v1 + v2;
  if (!(se2 > 0)) return errors.notFinite("the test statistic");
  const t = (sum1 / n1 - sum2 / n2) / Math.sqrt(se2);
  const df = (se2 * se2) / ((v1 * v1) / (n1 - 1) + (v2 * v2) / (n2 - 1));
  return finite(tTwoSidedP(t, df));
}

/**
 * Two-sided p-value of Student's two-sample t-test with the pooled variance, from each group's
 * n, sum and sum of squares: t = (m1 - m2) / sqrt(s_p^2 (1/n1 + 1/n2)), s_p^2 = (SS1 + SS2) /
 * (n1 + n2 - 2), n1 + n2 - 2 degrees of freedom (Student 1908; e.g. Snedecor and Cochran,
 * "Statistical Methods", 8th ed., 6.7). Its null hypothesis is one distribution for both groups,
 * so a group without spread (thirty answers of 7) is judged by the spread of both together, not
 * by its own zero variance as Welch's test judges it. Without spread in either group: 1 when the
 * means agree (to 1e-12 relative: nothing differs), #NUM! when they do not (t is infinite) or when
 * there are no degrees of freedom. n1, n2 > 0.
 */
export function pooledTP(n1: number, sum1: number, sumSq1: number, n2: number, sum2: number, sumSq2: number): Result<number> {
  const m1 = sum1 / n1;
  const m2 = sum2 / n2;
  const ss = centredSumOfSquares(n1, sum1, sumSq1) + centredSumOfSquares(n2, sum2, sumSq2);
  if (!(ss > 0)) return sameMean(m1, m2) ? 1 : errors.notFinite("the test statistic");
  const df = n1 + n2 - 2;
  if (!(df >= 1)) return errors.notFinite("the test statistic");
  const se = Math.sqrt((ss / df) * (1 / n1 + 1 / n2));
  return finite(tTwoSidedP((m1 - m2) / se, df));
}

/** Two means equal to 1e-12 relative: the tolerance of pooledTP's no-spread case (and of its native formula). */
export function sameMean(m1: number, m2: number): boolean {
  return Math.abs(m1 - m2) <= SAME_MEAN * Math.max(Math.abs(m1), Math.abs(m2));
}
export const SAME_MEAN = 1e-12;

/** The tests of two means the catalogue offers: pooled (the default, the null of one distribution) or Welch's. */
export const MEAN_TEST_METHODS = ["pooled", "welch"] as const;
export type MeanTestMethod = (typeof MEAN_TEST_METHODS)[number];

/** The two-sided p of two means by the method chosen. */
export function meanTestP(method: MeanTestMethod, n1: number, sum1: number, sumSq1: number, n2: number, sum2: number, sumSq2: number): Result<number> {
  return method === "welch" ? welchP(n1, sum1, sumSq1, n2, sum2, sumSq2) : pooledTP(n1, sum1, sumSq1, n2, sum2, sumSq2);
}

/**
 * Benjamini-Hochberg adjusted p-values, in the order given: for the i-th smallest of m,
 * min over j >= i of m p_(j) / j, capped at 1 (Y. Benjamini and Y. Hochberg, "Controlling the
 * false discovery rate", JRSS B 57 (1995) 289-300; the adjusted form of R's p.adjust(method = "BH")).
 * Rejecting every hypothesis whose adjusted p-value is at most q controls the false discovery rate at q.
 * Inputs must be p-values in [0, 1].
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  // A typed-array sort (numeric, no comparator calls) and a binary search back: tied p-values
  // share their adjusted value, so any of their places in the sorted order gives it.
  const sorted = Float64Array.from(pValues).sort();
  const adjusted = new Float64Array(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const p = sorted[rank - 1];
    const scaled = (p * m) / rank;
    // m / rank >= 1: never below the raw value, also after rounding.
    const v = scaled > p ? scaled : p;
    if (v < running) running = v;
    adjusted[rank - 1] = running;
  }
  const out = new Array<number>(m);
  for (let k = 0; k < m; k++) {
    const p = pValues[k];
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sorted[mid] <= p) lo = mid;
      else hi = mid - 1;
    }
    out[k] = adjusted[lo];
  }
  return out;
}
