/**
 * BG/NBD, the beta-geometric/negative-binomial model of repeat purchasing (Fader, Hardie and
 * Lee 2005, "Counting Your Customers the Easy Way: An Alternative to the Pareto/NBD Model",
 * Marketing Science 24(2)): while active, a customer buys at a Poisson rate λ ~ Gamma(r, α);
 * after each purchase she drops out with probability p ~ Beta(a, b).
 *
 * Per customer: x repeat purchases, the last at t_x, observed for T (the same time unit as α).
 * Formulas (paper eq. 6, 10 and 11; spec/clv.md):
 *   ln L = ln Γ(r+x) - ln Γ(r) + r ln α + ln B(a, b+x) - ln B(a, b)
 *          + ln[(α+T)^-(r+x) + 1{x>0} a/(b+x-1) (α+t_x)^-(r+x)]
 *   P(alive) = 1 / (1 + 1{x>0} a/(b+x-1) ((α+T)/(α+t_x))^(r+x))
 *   E[Y(t)] = (a+b+x-1)/(a-1) [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(α+T+t))] · P(alive)
 * The last bracket is summed in log space: 1 - exp(L) = -expm1(L).
 */
import { type Groups, groupsOf } from "./groups";
import { fitFromStarts, type FitReport, identify, type Verdict } from "./optimize";
import { digammaDifference, hyp2f1Signed, lnPochhammer, seriesWork } from "./special";

// Module-level aliases of Math: a global lookup per call is slow in some hosts (node:vm contexts).
const { abs, exp, expm1, log, log1p, max } = Math;

export interface BgnbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/** Customers as columns: x (repeat purchases), tx (recency), T (age). */
export interface RfmColumns {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
}

/**
 * The data of a fit, arranged once so that an evaluation costs two logarithms and one
 * exponential per customer: the Γ and ψ terms depend on x only and are computed once per
 * distinct x.
 */
interface Prepared {
  readonly n: number;
  /** The distinct x, customers per distinct x, and each customer's. */
  readonly groups: Groups;
  /** The distinct ages and recencies: ln(α+T) and ln(α+t_x) are computed once per distinct value. */
  readonly ages: Groups;
  readonly recencies: Groups;
  /** Customers with x = 0 per distinct age: their whole term is -r ln(α+T), summed by age. */
  readonly zerosByAge: Float64Array;
  /**
   * The customers with x > 0, whose term needs the log-sum of its two parts, as distinct
   * (x, t_x, T) triples in ascending order with their counts: the likelihood is then the same sum
   * in the same order whatever the order of the rows (and cheaper where customers share a triple).
   */
  readonly repeaters: { readonly x: Int32Array; readonly tx: Int32Array; readonly T: Int32Array; readonly count: Float64Array };
  /** Per evaluation: ln(α+T), 1/(α+T), ln(α+t_x), 1/(α+t_x) of the distinct values, ln a - ln(b+x-1), 1/(b+x-1). */
  readonly scratch: { lnT: Float64Array; invT: Float64Array; lnTx: Float64Array; invTx: Float64Array; dropout: Float64Array; invB: Float64Array };
}

function prepare(data: RfmColumns): Prepared {
  const groups = groupsOf(data.x);
  const ages = groupsOf(data.T);
  const recencies = groupsOf(data.tx);
  const zerosByAge = new Float64Array(ages.values.length);
  const nT = ages.values.length;
  const nTx = recencies.values.length;
  const nX = groups.values.length;
  // Each repeat buyer as one number that orders by x, then t_x, then T (ranks of distinct values).
  const keys: number[] = [];
  for (let i = 0; i < data.x.length; i++) {
    if (data.x[i] > 0) keys.push((groups.index[i] * nTx + recencies.index[i]) * nT + ages.index[i]);
    else zerosByAge[ages.index[i]]++;
  }
  const sorted = Float64Array.from(keys).sort();
  const rx: number[] = [];
  const rtx: number[] = [];
  const rT: number[] = [];
  const count: number[] = [];
  for (let j = 0; j < sorted.length; j++) {
    const key = sorted[j];
    if (j > 0 && key === sorted[j - 1]) {
      count[count.length - 1]++;
      continue;
    }
    const kT = key % nT;
    const rest = (key - kT) / nT;
    const kTx = rest % nTx;
    rx.push((rest - kTx) / nTx);
    rtx.push(kTx);
    rT.push(kT);
    count.push(1);
  }
  return {
    n: data.x.length,
    groups,
    ages,
    recencies,
    zerosByAge,
    repeaters: { x: Int32Array.from(rx), tx: Int32Array.from(rtx), T: Int32Array.from(rT), count: Float64Array.from(count) },
    scratch: {
      lnT: new Float64Array(nT),
      invT: new Float64Array(nT),
      lnTx: new Float64Array(nTx),
      invTx: new Float64Array(nTx),
      dropout: new Float64Array(nX),
      invB: new Float64Array(nX),
    },
  };
}

/**
 * Log-likelihood of the whole sample at (r, α, a, b) and its gradient with respect to
 * (ln r, ln α, ln a, ln b), written into `grad` when given. The Γ and ψ terms are computed per
 * distinct x, the logarithms per distinct age and recency, customers without repeat purchases
 * per distinct age; what is left per repeat buyer is one exp and one log1p.
 */
function logLikelihood(d: Prepared, r: number, alpha: number, a: number, b: number, grad?: Float64Array): number {
  const { values: xs, counts } = d.groups;
  const { lnT, invT, lnTx, invTx, dropout, invB } = d.scratch;
  const m = xs.length;
  let ll = 0;
  let gr = 0;
  let ga = 0;
  let gb = 0;
  const lnA = log(a);
  for (let k = 0; k < m; k++) {
    const x = xs[k];
    const c = counts[k];
    // ln Γ(r+x) - ln Γ(r) + ln Γ(b+x) - ln Γ(b) - ln Γ(a+b+x) + ln Γ(a+b), each difference without
    // cancellation: along a ridge (a and b in the millions) the plain ln Γ lose the likelihood's digits.
    ll += c * (lnPochhammer(r, x) + lnPochhammer(b, x) - lnPochhammer(a + b, x));
    if (grad) {
      const psiAB = digammaDifference(a + b, x);
      gr += c * digammaDifference(r, x);
      ga -= c * psiAB;
      gb += c * (digammaDifference(b, x) - psiAB);
    }
    dropout[k] = x > 0 ? lnA - log(b + x - 1) : -Infinity;
    invB[k] = x > 0 ? 1 / (b + x - 1) : 0;
  }
  const ages = d.ages.values;
  for (let k = 0; k < ages.length; k++) {
    lnT[k] = log(alpha + ages[k]);
    invT[k] = 1 / (alpha + ages[k]);
  }
  const recencies = d.recencies.values;
  for (let k = 0; k < recencies.length; k++) {
    lnTx[k] = log(alpha + recencies[k]);
    invTx[k] = 1 / (alpha + recencies[k]);
  }
  const lnAlpha = log(alpha);
  ll += d.n * r * lnAlpha;
  let galpha = (d.n * r) / alpha;
  gr += d.n * lnAlpha;
  // Customers with x = 0: -r ln(α+T) each, by age.
  const zeros = d.zerosByAge;
  for (let k = 0; k < ages.length; k++) {
    const c = zeros[k];
    if (c === 0) continue;
    ll -= c * r * lnT[k];
    gr -= c * lnT[k];
    galpha -= c * r * invT[k];
  }
  const reps = d.repeaters;
  for (let j = 0; j < reps.count.length; j++) {
    const k = reps.x[j];
    const kT = reps.T[j];
    const kTx = reps.tx[j];
    const c = reps.count[j];
    const rx = r + xs[k];
    const first = -rx * lnT[kT];
    const second = dropout[k] - rx * lnTx[kTx];
    // ln(e^first + e^second) and w, the share of the second (dropped out after t_x) term.
    const gap = second - first;
    const e = exp(gap > 0 ? -gap : gap);
    ll += c * ((gap > 0 ? second : first) + log1p(e));
    if (grad) {
      const w = gap > 0 ? 1 / (1 + e) : e / (1 + e);
      gr -= c * ((1 - w) * lnT[kT] + w * lnTx[kTx]);
      galpha -= c * rx * ((1 - w) * invT[kT] + w * invTx[kTx]);
      ga += (c * w) / a;
      gb -= c * w * invB[k];
    }
  }
  if (grad) {
    grad[0] = gr * r;
    grad[1] = galpha * alpha;
    grad[2] = ga * a;
    grad[3] = gb * b;
  }
  return ll;
}

/** Log-likelihood of the sample at these parameters (the figure a fit reports). */
export function bgnbdLogLikelihood(data: RfmColumns, p: BgnbdParams): number {
  return logLikelihood(prepare(data), p.r, p.alpha, p.a, p.b);
}

/** Gradient of the log-likelihood with respect to (ln r, ln α, ln a, ln b). */
export function bgnbdGradient(data: RfmColumns, p: BgnbdParams): number[] {
  const g = new Float64Array(4);
  logLikelihood(prepare(data), p.r, p.alpha, p.a, p.b, g);
  return Array.from(g);
}

export interface BgnbdFit {
  readonly params: BgnbdParams;
  readonly logLikelihood: number;
  readonly customers: number;
  /** The verdict is "converged". */
  readonly converged: boolean;
  /** Converged, not identified (a ridge: the parameters in `flat` can grow or shrink together) or not converged. */
  readonly verdict: Verdict;
  readonly flat: readonly string[];
  readonly report: FitReport;
}

/**
 * Starting points on the log scale: the purchase rate's scale α from the data (mean age over
 * the mean purchase count, so r/α is the observed rate), then spreads around it. The sums run
 * over the distinct values in ascending order, so the starts do not depend on the row order.
 */
function starts(d: Prepared): number[][] {
  let sx = 0;
  let sT = 0;
  for (let k = 0; k < d.groups.values.length; k++) sx += d.groups.values[k] * d.groups.counts[k];
  for (let k = 0; k < d.ages.values.length; k++) sT += d.ages.values[k] * d.ages.counts[k];
  const rate = max(sx, 1e-3) / max(sT, 1e-3);
  const point = (r: number, a: number, b: number) => [log(r), log(r / rate), log(a), log(b)];
  return [point(1, 1, 1), point(0.3, 0.7, 2.5), point(3, 2, 6), point(0.1, 0.3, 0.5), [0, 0, 0, 0]];
}

/**
 * Maximum-likelihood BG/NBD fit (the caller checks that some x > 0), with its verdict
 * (optimize.ts, identify): the same for the same customers in any order.
 */
export function fitBgnbd(data: RfmColumns): BgnbdFit | undefined {
  const d = prepare(data);
  const g = new Float64Array(4);
  const scale = 1 / max(d.n, 1);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const ll = logLikelihood(d, exp(theta[0]), exp(theta[1]), exp(theta[2]), exp(theta[3]), g);
    for (let i = 0; i < 4; i++) grad[i] = -g[i] * scale;
    return -ll * scale;
  };
  const report = fitFromStarts(objective, starts(d));
  if (!report) return undefined;
  const [r, alpha, a, b] = report.params;
  const params = { r, alpha, a, b };
  const { verdict, flat } = identify(objective, report, ["r", "alpha", "a", "b"], scale);
  return { params, logLikelihood: -report.value * d.n, customers: d.n, converged: verdict === "converged", verdict, flat, report };
}

/** ln of the odds a/(b+x-1) ((α+T)/(α+t_x))^(r+x) that the customer has dropped out; -∞ for x = 0. */
function logDropoutOdds(x: number, tx: number, T: number, p: BgnbdParams): number {
  if (!(x > 0)) return -Infinity;
  return log(p.a) - log(p.b + x - 1) + (p.r + x) * (log(p.alpha + T) - log(p.alpha + tx));
}

/** P(alive | x, t_x, T): the probability that the customer is still active at T. */
export function pAlive(x: number, tx: number, T: number, p: BgnbdParams): number {
  const odds = logDropoutOdds(x, tx, T, p);
  return odds > 0 ? exp(-odds) / (1 + exp(-odds)) : 1 / (1 + exp(odds));
}

/** The bracket (a+b+x-1)/(a-1) [1 - ((α+T)/(α+T+t))^(r+x) 2F1(...)] for a ≠ 1. */
function expectedIfAlive(t: number, x: number, T: number, p: BgnbdParams, a: number): number {
  const z = t / (p.alpha + T + t);
  // c = a+b+x-1 is below 0 only for x = 0 and a + b < 1; the series then starts with mixed signs.
  const f = hyp2f1Signed(p.r + x, p.b + x, a + p.b + x - 1, z);
  const L = -(p.r + x) * log1p(t / (p.alpha + T)) + f.log;
  return ((a + p.b + x - 1) / (a - 1)) * (f.sign > 0 ? -expm1(L) : 1 + exp(L));
}

/**
 * The bracket by Euler's transformation of its 2F1, where that form keeps more digits: undefined
 * elsewhere. 2F1(r+x, b+x; c; z) = (1-z)^(c-r-x-b-x) 2F1(A, a-1; c; z) with c = a+b+x-1 and
 * A = c-(r+x) = a+b-1-r (A&S 15.3.3), and (a-1)_k = (a-1) (a)_(k-1), so with s = a-1 and
 * ln(1-z) = -ln(1 + t/(α+T)) = ℓ the bracket c/s [1 - (1-z)^(r+x) 2F1] is
 *   c [ -expm1(s ℓ)/s - e^(s ℓ) G ],   G = Σ_(k>=1) (A)_k (a)_(k-1) z^k / ((c)_k k!),
 * with no division by a - 1 (at a = 1 the first term is -ℓ). Every term of G has the sign of A
 * when A > -1, so G is summed without cancellation; what the final difference can magnify is
 * at most (-ℓ)/(bracket/c), against 1/(|a-1| bracket/c) for the 2F1 form: this form is used
 * where |s ℓ| < 1, which is where it loses fewer digits. Near a = 1 (a = 1.00035, α = 1e-4,
 * T = 0) the 2F1 form's interpolation gave 2e-10 relative error and a curve that fell by 1e-10
 * between horizons 1 and 1 + 2e-16 (mpmath at 60 digits: 9.17990474960408); this form has 2e-15.
 */
function bracketEuler(t: number, x: number, T: number, p: BgnbdParams): number | undefined {
  const s = p.a - 1;
  const c = p.a + p.b + x - 1;
  const A = p.a + p.b - 1 - p.r;
  const ell = -log1p(t / (p.alpha + T));
  if (!(A > -1 && c > 0 && abs(s * ell) < 1)) return undefined;
  const z = t / (p.alpha + T + t);
  const maxTerms = Math.min(EULER_TERMS, seriesWork.limit - seriesWork.terms);
  let term = (A * z) / c;
  let sum = term;
  let compensation = 0;
  for (let k = 1; k < maxTerms; k++) {
    const ratio = ((A + k) * (p.a + k - 1) * z) / ((c + k) * (k + 1));
    term *= ratio;
    const next = sum + term;
    compensation += abs(sum) >= abs(term) ? sum - next + term : term - next + sum;
    sum = next;
    if (!(abs(sum) < EULER_LARGEST)) break;
    // (A+j)/(c+j) and (a+j-1)/(j+1) move monotonically towards 1 as j grows, so every later
    // ratio is below z times the larger of 1 and each factor's value at j = k + 1: a bound on
    // the tail, |term| ρ / (1 - ρ), as in hyp2f1Signed.
    const rho = z * Math.max(1, (A + k + 1) / (c + k + 1)) * Math.max(1, (p.a + k) / (k + 2));
    if (rho < 1 && abs(term) * rho <= 1e-17 * (1 - rho) * abs(sum + compensation)) {
      seriesWork.terms += k + 1;
      const first = s === 0 ? -ell : -expm1(s * ell) / s;
      const value = c * (first - exp(s * ell) * (sum + compensation));
      return value > 0 ? value : undefined;
    }
  }
  seriesWork.terms += maxTerms;
  return undefined;
}

/** Terms the Euler form's series may take (as 2F1's), and the largest sum it keeps. */
const EULER_TERMS = 1_000_000;
const EULER_LARGEST = 1e280;

/** Where |a - 1| < NEAR_ONE the bracket is interpolated from a = 1 ± h, 1 ± 2h with h = NEAR_ONE. */
const NEAR_ONE = 1e-3;
const NODES = [-2, -1, 1, 2];

/**
 * The bracket of E[Y(t)]. At a = 1 its formula is 0/0, and near it 1/(a-1) magnifies rounding
 * (by 1e7 at a = 1 + 1e-7); there it is the cubic through four points outside that band, whose
 * error is O(h^4) (Lagrange interpolation), about 1e-12 relative.
 */
function bracketNearOne(t: number, x: number, T: number, p: BgnbdParams): number {
  const s = p.a - 1;
  if (!(abs(s) < NEAR_ONE)) return expectedIfAlive(t, x, T, p, p.a);
  let value = 0;
  for (const j of NODES) {
    let weight = 1;
    for (const k of NODES) if (k !== j) weight *= (s - k * NEAR_ONE) / ((j - k) * NEAR_ONE);
    value += weight * expectedIfAlive(t, x, T, p, 1 + j * NEAR_ONE);
  }
  return value;
}

/** Terms the small-dropout series may take, and the largest ratio of two terms it accepts. */
const SMALL_P_TERMS = 200;
const SMALL_P_RATIO = 0.5;

/**
 * The bracket of E[Y(t)] as its series in powers of the dropout probability, where that series
 * settles fast: undefined where it does not (then the 2F1 form applies). Given alive at T, a
 * customer's purchases in the next t periods have mean E_p[(1 - (1 + p u)^-(r+x)) / p] with
 * u = t / (α+T) and p ~ Beta(a, b+x) (Fader, Hardie and Lee 2005, eq. 7 and the posterior of
 * section 4); expanding (1 + p u)^-(r+x) and taking E[p^(k-1)] = (a)_(k-1) / (a+b+x)_(k-1) gives
 *   Σ_(k>=1) (-1)^(k+1) (r+x)_k u^k / k! · (a)_(k-1) / (a+b+x)_(k-1),
 * an alternating series of shrinking terms when u · E[p] is small: a short horizon, or dropout
 * near 0 (b in the millions). There the 2F1 form is a difference of two nearly equal numbers
 * divided by a - 1 (at a = 0.997, b = 2e9 it gave -3e-9 for a horizon of 1e-9), this one is not.
 */
function bracketSmallDropout(t: number, x: number, T: number, p: BgnbdParams): number | undefined {
  const A = p.r + x;
  const ab = p.a + p.b + x;
  const u = t / (p.alpha + T);
  let term = A * u;
  let sum = term;
  for (let k = 1; k < SMALL_P_TERMS; k++) {
    const ratio = ((A + k) * u * (p.a + k - 1)) / ((k + 1) * (ab + k - 1));
    if (!(ratio <= SMALL_P_RATIO)) return undefined;
    term *= -ratio;
    sum += term;
    // Alternating with shrinking terms: the rest is below the next term.
    if (abs(term) * ratio <= 1e-17 * sum) return sum;
  }
  return undefined;
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in the next t periods. NaN when the series cannot be
 * summed (t far beyond the customer's age); the caller reports that. Never negative: each form
 * is used where it keeps its digits, and what rounding leaves below 0 is 0.
 */
export function expectedPurchases(t: number, x: number, tx: number, T: number, p: BgnbdParams): number {
  if (t === 0) return 0;
  return max(0, bracket(t, x, T, p) * pAlive(x, tx, T, p));
}

/** E[Y(t)] of a customer alive at T: the bracket, by whichever form keeps its digits. */
function bracket(t: number, x: number, T: number, p: BgnbdParams): number {
  return bracketSmallDropout(t, x, T, p) ?? bracketEuler(t, x, T, p) ?? bracketNearOne(t, x, T, p);
}

/** Periods evaluated one by one in expectedByPeriod; past them, the curve is interpolated. */
export const EXACT_PERIODS = 64;
/** Chebyshev-Lobatto nodes per panel (N + 1 = 25) and the panel's length in ln(α + T + t). */
const NODES_PER_PANEL = 24;
const PANEL_LENGTH = 2;

/**
 * The expected purchases of a customer alive at T (x repeat purchases) up to the end of each
 * period k = 1 .. ceil(horizon), the last one ending at the horizon: E[Y(min(k, h))] / P(alive),
 * as a curve. The first EXACT_PERIODS are summed one by one; past them the curve is the
 * polynomial through 25 Chebyshev-Lobatto points of each panel of length 2 in
 * s = ln(α + T + t), evaluated in barycentric form (Berrut and Trefethen 2004, "Barycentric
 * Lagrange interpolation", SIAM Review 46(3)). In s the curve is analytic in the strip
 * |Im s| < π (α+T+t = e^s stays off the cut of the power and of 2F1 at z >= 1), so on a panel of
 * half-length 1 the interpolation error falls like (π + sqrt(π² + 1))^-24, about 4e-20 of the
 * curve's size in the strip (Trefethen, "Approximation Theory and Approximation Practice",
 * theorem 8.2): a horizon of 10,000 periods costs EXACT_PERIODS + about 150 evaluations of 2F1
 * instead of 10,000, whose series grow longer as t grows. NaN in the curve where a series could
 * not be summed within seriesWork's limit.
 */
export function expectedByPeriod(horizon: number, x: number, T: number, p: BgnbdParams): Float64Array {
  const periods = Math.ceil(horizon);
  const curve = new Float64Array(periods);
  const exact = Math.min(periods, EXACT_PERIODS);
  for (let k = 1; k <= exact; k++) {
    curve[k - 1] = bracket(Math.min(k, horizon), x, T, p);
    if (Number.isNaN(curve[k - 1])) return curve.fill(NaN);
  }
  if (periods <= exact) return curve;
  const base = p.alpha + T;
  const s0 = log(base + exact);
  const s1 = log(base + horizon);
  const panels = Math.max(1, Math.ceil((s1 - s0) / PANEL_LENGTH));
  const width = (s1 - s0) / panels;
  const N = NODES_PER_PANEL;
  const nodes = new Float64Array(N + 1);
  const values = new Float64Array(N + 1);
  const weights = new Float64Array(N + 1);
  for (let j = 0; j <= N; j++) weights[j] = (j % 2 === 0 ? 1 : -1) * (j === 0 || j === N ? 0.5 : 1);
  let k = exact + 1;
  for (let panel = 0; panel < panels; panel++) {
    const lo = s0 + panel * width;
    const hi = panel === panels - 1 ? s1 : lo + width;
    const mid = 0.5 * (lo + hi);
    const half = 0.5 * (hi - lo);
    for (let j = 0; j <= N; j++) {
      nodes[j] = mid + half * Math.cos((j * Math.PI) / N);
      values[j] = bracket(exp(nodes[j]) - base, x, T, p);
      if (Number.isNaN(values[j])) return curve.fill(NaN);
    }
    for (; k <= periods; k++) {
      const sk = log(base + Math.min(k, horizon));
      if (sk > hi && panel < panels - 1) break;
      let num = 0;
      let den = 0;
      let at = -1;
      for (let j = 0; j <= N; j++) {
        const d = sk - nodes[j];
        if (d === 0) {
          at = j;
          break;
        }
        const w = weights[j] / d;
        num += w * values[j];
        den += w;
      }
      curve[k - 1] = at >= 0 ? values[at] : num / den;
    }
  }
  return curve;
}
