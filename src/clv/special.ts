/**
 * Special functions of the CLV models: ln Γ, digamma ψ, ln B and Gauss's hypergeometric 2F1.
 *
 * Our own code rather than a package: the maintained per-function packages (@stdlib's
 * gammaln, digamma, betaln) bring their own pow/exp/ln/sin re-implementations and add
 * 21.5 KB gzipped to functions.js for three functions that take 60 lines here on top of
 * the engine's Math. Each is tested against independent values (scipy.special, mpmath) in
 * test/clv/special.test.ts.
 *
 * Domain: positive real arguments (the models' parameters are positive). Outside it the
 * functions return NaN, which the callers turn into a KpiError; they never throw.
 */

// Module-level aliases of Math: a global lookup per call is slow in some hosts (node:vm contexts).
const { exp, log, log1p } = Math;

const HALF_LN_2PI = 0.5 * log(2 * Math.PI);

/**
 * ln Γ(x) for x > 0. Below 10 the recurrence Γ(x) = Γ(x + n) / (x (x+1) ... (x+n-1)) moves the
 * argument up; from 10 on, Stirling's series to the x^-13 term (error below 1e-17 there;
 * Abramowitz and Stegun 6.1.40). Absolute error about 1e-15 near x = 1 and 2, relative beyond.
 */
export function gammaln(x: number): number {
  if (!(x > 0) || x === Infinity) return x === Infinity ? Infinity : NaN;
  let shift = 0;
  if (x < 10) {
    let product = 1;
    while (x < 10) {
      product *= x;
      x += 1;
    }
    shift = log(product);
  }
  return (x - 0.5) * log(x) - x + HALF_LN_2PI + stirling(x) - shift;
}

/** Stirling's series of ln Γ beyond its leading terms: Σ B_2k / (2k (2k-1) x^(2k-1)), k = 1..7, for x >= 10. */
function stirling(x: number): number {
  const inv = 1 / x;
  const inv2 = inv * inv;
  return (
    inv *
    (1 / 12 +
      inv2 *
        (-1 / 360 +
          inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360 + inv2 * (1 / 156)))))))
  );
}

/** The asymptotic series of ψ beyond ln x - 1/(2x): Σ B_2k / (2k x^2k), k = 1..7, for x >= 10. */
function digammaSeries(x: number): number {
  const inv2 = 1 / (x * x);
  return (
    inv2 *
    (1 / 12 +
      inv2 * (-1 / 120 + inv2 * (1 / 252 + inv2 * (-1 / 240 + inv2 * (1 / 132 + inv2 * (-691 / 32760 + inv2 * (1 / 12)))))))
  );
}

/** Whole increments up to this are summed term by term in lnPochhammer and digammaDifference. */
const DIRECT_STEPS = 64;

/**
 * ln Γ(a + x) - ln Γ(a) for a > 0, x >= 0, without the cancellation of the two ln Γ when a is
 * large (at a = 1e12, ln Γ(a) is 2.6e13 and its rounding 4e-3, more than the whole difference
 * for small x): a sum of ln(a + j) for whole x up to DIRECT_STEPS, the difference of Stirling's
 * expansions written as (a - 1/2) log1p(x/a) + x ln(a + x) - x for a >= 10, and the two ln Γ
 * otherwise (both below 13 in size there).
 */
export function lnPochhammer(a: number, x: number): number {
  if (x === 0) return 0;
  if (Number.isInteger(x) && x <= DIRECT_STEPS) {
    let sum = 0;
    for (let j = 0; j < x; j++) sum += log(a + j);
    return sum;
  }
  if (a >= 10) return (a - 0.5) * log1p(x / a) + x * log(a + x) - x + stirling(a + x) - stirling(a);
  return gammaln(a + x) - gammaln(a);
}

/** ψ(a + x) - ψ(a) for a > 0, x >= 0, without the cancellation of the two ψ when a is large (see lnPochhammer). */
export function digammaDifference(a: number, x: number): number {
  if (x === 0) return 0;
  if (Number.isInteger(x) && x <= DIRECT_STEPS) {
    let sum = 0;
    for (let j = 0; j < x; j++) sum += 1 / (a + j);
    return sum;
  }
  if (a >= 10) return log1p(x / a) - 0.5 / (a + x) + 0.5 / a - digammaSeries(a + x) + digammaSeries(a);
  return digamma(a + x) - digamma(a);
}

/**
 * Digamma ψ(x) = d ln Γ(x) / dx for x > 0: the recurrence ψ(x) = ψ(x + 1) - 1/x up to 10, then
 * the asymptotic series ln x - 1/(2x) - Σ B_2k / (2k x^2k) to k = 7 (A&S 6.3.18; error below
 * 1e-16 from 10 on).
 */
export function digamma(x: number): number {
  if (!(x > 0) || x === Infinity) return x === Infinity ? Infinity : NaN;
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  return log(x) - 0.5 / x - digammaSeries(x) + shift;
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b), for a, b > 0. */
export function betaln(a: number, b: number): number {
  return gammaln(a) + gammaln(b) - gammaln(a + b);
}

/** Terms the 2F1 series may take: z = 0.999 needs about 4e4, z = 0.9999 about 4e5. */
const MAX_TERMS = 1_000_000;

/**
 * The work of the 2F1 series, counted: `terms` summed so far (in all calls), and `limit`, the
 * count past which a call gives up (NaN) instead of summing on. A caller that must bound its
 * work (KPI.CLV.PREDICT, predict.ts) sets the limit for the duration of its call; tests read
 * `terms` to check the bound without timing anything.
 */
export const seriesWork = { terms: 0, limit: Infinity };
/** Rescale the running sum past this, so terms never overflow (the "log space" of the sum). */
const RESCALE_AT = 1e280;
const LN_RESCALE = log(RESCALE_AT);

/** A signed number held as its logarithm: value = sign · exp(log). */
export interface SignedLog {
  readonly log: number;
  readonly sign: 1 | -1;
}

/**
 * 2F1(a, b; c; z), Gauss's hypergeometric function, as a signed logarithm, for a, b > 0,
 * c > 0 or c negative but not a whole number, and 0 <= z <= 1, by its power series
 * Σ (a)_k (b)_k / ((c)_k k!) z^k (A&S 15.1.1). Past the first ceil(-c) terms every term has the
 * same sign; the sum is compensated (Neumaier) and rescaled instead of overflowing (the "log
 * space" of the sum), and it stops once a proven bound on the tail, |term| · ρ / (1 - ρ) with ρ
 * a bound on every later term ratio, is below 1e-17 of the sum.
 * At z = 1 it is Gauss's theorem Γ(c) Γ(c-a-b) / (Γ(c-a) Γ(c-b)) when c > a + b (A&S 15.1.20),
 * and +Infinity otherwise. NaN outside that domain or when the series does not settle within
 * MAX_TERMS.
 */
export function hyp2f1Signed(a: number, b: number, c: number, z: number): SignedLog {
  const nan: SignedLog = { log: NaN, sign: 1 };
  if (!(a > 0 && b > 0 && z >= 0 && z <= 1) || !Number.isFinite(a + b + c)) return nan;
  if (c <= 0 && Number.isInteger(c)) return nan;
  if (z === 0) return { log: 0, sign: 1 };
  if (z === 1) {
    if (!(c > 0)) return nan;
    if (!(c > a + b)) return { log: Infinity, sign: 1 };
    return { log: gammaln(c) + gammaln(c - a - b) - gammaln(c - a) - gammaln(c - b), sign: 1 };
  }
  const maxTerms = Math.min(MAX_TERMS, seriesWork.limit - seriesWork.terms);
  // z^k must fall below e^-30 within maxTerms terms, or the series cannot settle in time.
  if (!((1 - z) * maxTerms >= 30)) return nan;
  // The leading 1 is kept apart from the other terms, so that ln 2F1 = log1p(rest) keeps its
  // digits when the rest is small (a short horizon); it is rescaled with them.
  let leading = 1;
  let term = 1;
  let sum = 0;
  let compensation = 0;
  let logScale = 0;
  for (let k = 0; k < maxTerms; k++) {
    term *= ((a + k) * (b + k) * z) / ((c + k) * (k + 1));
    const t = sum + term;
    const absSum = sum < 0 ? -sum : sum;
    const absTerm = term < 0 ? -term : term;
    if (!(absTerm < Infinity)) {
      seriesWork.terms += k + 1;
      return nan;
    }
    compensation += absSum >= absTerm ? sum - t + term : term - t + sum;
    sum = t;
    if (t > RESCALE_AT || t < -RESCALE_AT || absTerm > RESCALE_AT) {
      leading /= RESCALE_AT;
      sum /= RESCALE_AT;
      term /= RESCALE_AT;
      compensation /= RESCALE_AT;
      logScale += LN_RESCALE;
    }
    if (c + k + 1 > 0) {
      // Every later ratio z (a+j)(b+j) / ((c+j)(1+j)), j > k, is below z times the larger of 1
      // and each factor's value at j = k + 1, because (a+j)/(1+j) and (b+j)/(c+j) move
      // monotonically towards 1; pairing a with c and b with 1 gives a second such bound.
      const j = k + 1;
      const a1 = (a + j) / (1 + j);
      const b1 = (b + j) / (c + j);
      const a2 = (a + j) / (c + j);
      const b2 = (b + j) / (1 + j);
      const one = (a1 > 1 ? a1 : 1) * (b1 > 1 ? b1 : 1);
      const two = (a2 > 1 ? a2 : 1) * (b2 > 1 ? b2 : 1);
      const rho = z * (one < two ? one : two);
      const rest = sum + compensation;
      const total = leading + rest;
      const absTotal = total < 0 ? -total : total;
      if (rho < 1 && (term < 0 ? -term : term) * rho <= 1e-17 * (1 - rho) * absTotal) {
        const ln = leading === 1 && total > 0 ? log1p(rest) : log(absTotal);
        seriesWork.terms += k + 1;
        return { log: logScale + ln, sign: total < 0 ? -1 : 1 };
      }
    }
  }
  seriesWork.terms += maxTerms;
  return nan;
}

/**
 * The regularized incomplete beta function I_x(a, b) for a, b > 0, 0 <= x <= 1, through 2F1:
 * I_x(a, b) = x^a (1-x)^b / (a B(a, b)) 2F1(a+b, 1; a+1; x) (A&S 26.5.23), on the side where the
 * series is short (x below (a+1)/(a+b+2), else 1 - I_(1-x)(b, a)). Student's t test of a
 * correlation reads its p-value here: P(|T| > t) = I_(v/(v+t²))(v/2, 1/2) (A&S 26.7.1).
 */
export function betaIncomplete(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0 && x >= 0 && x <= 1)) return NaN;
  if (x === 0 || x === 1) return x;
  if (x > (a + 1) / (a + b + 2)) return 1 - betaIncomplete(1 - x, b, a);
  const f = hyp2f1Signed(a + b, 1, a + 1, x);
  return exp(a * log(x) + b * log1p(-x) - log(a) - betaln(a, b) + f.log);
}

/** ln 2F1(a, b; c; z) where 2F1 is positive (always so for c > 0); NaN otherwise. */
export function hyp2f1Log(a: number, b: number, c: number, z: number): number {
  const f = hyp2f1Signed(a, b, c, z);
  return f.sign > 0 ? f.log : NaN;
}

/** 2F1(a, b; c; z) as a number (it may overflow to Infinity where its logarithm does not). */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  const f = hyp2f1Signed(a, b, c, z);
  return f.sign * exp(f.log);
}
