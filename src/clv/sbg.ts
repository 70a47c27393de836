/**
 * Shifted-beta-geometric retention model (Fader and Hardie 2007, "How to Project Customer
 * Retention", Journal of Interactive Marketing 21(1)): each customer renews a contract each
 * period with her own churn probability θ ~ Beta(α, β). With S(0) = 1 (paper eq. 2-5, 7):
 *   P(T = t) = B(α+1, β+t-1) / B(α, β) = S(t-1) α / (α+β+t-1)
 *   S(t) = B(α, β+t) / B(α, β) = Π_{i=1..t} (β+i-1) / (α+β+i-1)
 *   r_t = S(t) / S(t-1) = (β+t-1) / (α+β+t-1)
 *   ln L = Σ_{t=1..k} (n_{t-1} - n_t) ln P(T=t) + n_k ln S(k)
 * DERL (Fader and Hardie 2010, "Customer-Base Valuation in a Contractual Setting: The Perils of
 * Ignoring Heterogeneity", Marketing Science 29(1), eq. 6): for an active customer with n-1
 * renewals, just before her n-th renewal decision, with discount rate d,
 *   DERL = Σ_{t=n..∞} S(t)/S(n-1) / (1+d)^(t-n) = (β+n-1)/(α+β+n-1) · 2F1(1, β+n; α+β+n; 1/(1+d)).
 * The products are summed as logarithms, so long horizons neither underflow nor lose digits.
 */
import { fitFromStarts, type FitReport } from "./optimize";
import { hyp2f1Signed } from "./special";

// Module-level aliases of Math: a global lookup per call is slow in some hosts (node:vm contexts).
const { exp, log } = Math;

export interface SbgParams {
  readonly alpha: number;
  readonly beta: number;
}

/** ln S(t) for whole t >= 0. */
export function logSurvival(t: number, p: SbgParams): number {
  let s = 0;
  for (let i = 1; i <= t; i++) s += log((p.beta + i - 1) / (p.alpha + p.beta + i - 1));
  return s;
}

/** S(t): the share of a cohort still active after t periods (t whole, >= 0). */
export function survival(t: number, p: SbgParams): number {
  return exp(logSurvival(t, p));
}

/** r_t: the share of those active at t-1 who renew at t (t whole, >= 1). */
export function retentionRate(t: number, p: SbgParams): number {
  return (p.beta + t - 1) / (p.alpha + p.beta + t - 1);
}

/**
 * Log-likelihood of survivor counts n_0 >= n_1 >= ... >= n_k and its gradient with respect to
 * (ln α, ln β). Lost customers in period t contribute ln P(T=t); the n_k still active, ln S(k).
 */
function logLikelihood(survivors: Float64Array, alpha: number, beta: number, grad?: Float64Array): number {
  const k = survivors.length - 1;
  let lnS = 0;
  // d ln S(t-1) / dα and / dβ, accumulated as t grows.
  let dSa = 0;
  let dSb = 0;
  let ll = 0;
  let ga = 0;
  let gb = 0;
  for (let t = 1; t <= k; t++) {
    const lost = survivors[t - 1] - survivors[t];
    const denom = alpha + beta + t - 1;
    if (lost !== 0) {
      // ln P(T=t) = ln S(t-1) + ln α - ln(α+β+t-1)
      ll += lost * (lnS + log(alpha / denom));
      ga += lost * (dSa + 1 / alpha - 1 / denom);
      gb += lost * (dSb - 1 / denom);
    }
    lnS += log((beta + t - 1) / denom);
    dSa -= 1 / denom;
    dSb += 1 / (beta + t - 1) - 1 / denom;
  }
  const active = survivors[k];
  if (active !== 0) {
    ll += active * lnS;
    ga += active * dSa;
    gb += active * dSb;
  }
  if (grad) {
    grad[0] = ga * alpha;
    grad[1] = gb * beta;
  }
  return ll;
}

export function sbgLogLikelihood(survivors: readonly number[], p: SbgParams): number {
  return logLikelihood(Float64Array.from(survivors), p.alpha, p.beta);
}

/** Gradient of the log-likelihood with respect to (ln α, ln β). */
export function sbgGradient(survivors: readonly number[], p: SbgParams): number[] {
  const g = new Float64Array(2);
  logLikelihood(Float64Array.from(survivors), p.alpha, p.beta, g);
  return Array.from(g);
}

export interface SbgFit {
  readonly params: SbgParams;
  readonly logLikelihood: number;
  /** Customers at period 0 (n_0). */
  readonly customers: number;
  readonly converged: boolean;
  readonly report: FitReport;
}

/** Maximum-likelihood sBG fit to survivor counts (the caller checks n_0 > 0 and that they do not rise). */
export function fitSbg(survivors: readonly number[]): SbgFit | undefined {
  const data = Float64Array.from(survivors);
  const n0 = data[0];
  const g = new Float64Array(2);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const ll = logLikelihood(data, exp(theta[0]), exp(theta[1]), g);
    grad[0] = -g[0] / n0;
    grad[1] = -g[1] / n0;
    return -ll / n0;
  };
  const report = fitFromStarts(objective, [
    [0, 0],
    [log(0.5), log(3)],
    [log(3), log(0.5)],
    [log(0.1), log(0.1)],
    [log(10), log(30)],
  ]);
  if (!report) return undefined;
  const [alpha, beta] = report.params;
  return { params: { alpha, beta }, logLikelihood: -report.value * n0, customers: n0, converged: report.converged, report };
}

/**
 * DERL through its closed form; at d = 0 it is the expected residual lifetime, finite only for
 * α > 1 (Gauss's theorem at z = 1), +Infinity otherwise. `renewals` = n - 1.
 */
export function derl(p: SbgParams, discountRate: number, renewals: number): number {
  const n = renewals + 1;
  const f = hyp2f1Signed(1, p.beta + n, p.alpha + p.beta + n, 1 / (1 + discountRate));
  return ((p.beta + n - 1) / (p.alpha + p.beta + n - 1)) * f.sign * exp(f.log);
}
