/**
 * Gamma-Gamma spend model (Fader, Hardie and Lee 2005, "RFM and CLV: Using Iso-Value Curves
 * for Customer Base Analysis", Journal of Marketing Research 42(4); the note "The Gamma-Gamma
 * Model of Monetary Value", Fader and Hardie 2013): a customer's purchases have mean value
 * ζ ~ Gamma(q, γ) across customers, each purchase ~ Gamma(p, ζ). Fitted on repeat buyers
 * (x > 0) with their mean repeat spend zbar (spec/clv.md):
 *   ln L = ln Γ(px+q) - ln Γ(px) - ln Γ(q) + q ln γ + (px-1) ln zbar + px ln x - (px+q) ln(x zbar + γ)
 *   E[spend | x, zbar] = p (γ + x zbar) / (p x + q - 1)   (needs q > 1; p γ / (q - 1) for x = 0)
 * The model assumes spend and purchase frequency are independent.
 */
import { type Groups, groupsOf } from "./groups";
import { fitFromStarts, type FitReport } from "./optimize";
import { digamma, gammaln } from "./special";

// Module-level aliases of Math: a global lookup per call is slow in some hosts (node:vm contexts).
const { exp, log, max } = Math;

export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

/** Repeat buyers only: x > 0 and zbar > 0. */
export interface SpendColumns {
  readonly x: Float64Array;
  readonly zbar: Float64Array;
}

interface Prepared {
  readonly n: number;
  readonly x: Float64Array;
  readonly zbar: Float64Array;
  /** The distinct x and customers per distinct x. */
  readonly groups: Groups;
  /** Σ x (ln zbar + ln x) and Σ ln zbar: the terms of ln L that are linear in p or constant. */
  readonly sumXlnZX: number;
  readonly sumLnZ: number;
}

function prepare(data: SpendColumns): Prepared {
  let sumXlnZX = 0;
  let sumLnZ = 0;
  for (let i = 0; i < data.x.length; i++) {
    const lnZ = log(data.zbar[i]);
    sumXlnZX += data.x[i] * (lnZ + log(data.x[i]));
    sumLnZ += lnZ;
  }
  return { n: data.x.length, x: data.x, zbar: data.zbar, groups: groupsOf(data.x), sumXlnZX, sumLnZ };
}

/** Log-likelihood and its gradient with respect to (ln p, ln q, ln γ). */
function logLikelihood(d: Prepared, p: number, q: number, gamma: number, grad?: Float64Array): number {
  const lgQ = gammaln(q);
  const psiQ = digamma(q);
  const lnGamma = log(gamma);
  // Terms of the distinct x: ln Γ(px+q) - ln Γ(px) - ln Γ(q) and their derivatives.
  let ll = d.n * (q * lnGamma - lgQ) + p * d.sumXlnZX - d.sumLnZ;
  let gp = d.sumXlnZX;
  let gq = d.n * (lnGamma - psiQ);
  let gg = (d.n * q) / gamma;
  const { values: xs, counts } = d.groups;
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k];
    const c = counts[k];
    ll += c * (gammaln(p * x + q) - gammaln(p * x));
    if (grad) {
      const psiPXQ = digamma(p * x + q);
      gp += c * x * (psiPXQ - digamma(p * x));
      gq += c * psiPXQ;
    }
  }
  for (let i = 0; i < d.n; i++) {
    const x = d.x[i];
    const w = x * d.zbar[i] + gamma;
    const lnW = log(w);
    const px = p * x;
    ll -= (px + q) * lnW;
    if (grad) {
      gp -= x * lnW;
      gq -= lnW;
      gg -= (px + q) / w;
    }
  }
  if (grad) {
    grad[0] = gp * p;
    grad[1] = gq * q;
    grad[2] = gg * gamma;
  }
  return ll;
}

export function gammaGammaLogLikelihood(data: SpendColumns, params: GammaGammaParams): number {
  return logLikelihood(prepare(data), params.p, params.q, params.gamma);
}

/** Gradient of the log-likelihood with respect to (ln p, ln q, ln γ). */
export function gammaGammaGradient(data: SpendColumns, params: GammaGammaParams): number[] {
  const g = new Float64Array(3);
  logLikelihood(prepare(data), params.p, params.q, params.gamma, g);
  return Array.from(g);
}

export interface GammaGammaFit {
  readonly params: GammaGammaParams;
  readonly logLikelihood: number;
  readonly customers: number;
  readonly converged: boolean;
  readonly report: FitReport;
}

/** Maximum-likelihood Gamma-Gamma fit on repeat buyers (the caller filters x > 0, zbar > 0). */
export function fitGammaGamma(data: SpendColumns): GammaGammaFit | undefined {
  const d = prepare(data);
  const g = new Float64Array(3);
  const scale = 1 / max(d.n, 1);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const ll = logLikelihood(d, exp(theta[0]), exp(theta[1]), exp(theta[2]), g);
    for (let i = 0; i < 3; i++) grad[i] = -g[i] * scale;
    return -ll * scale;
  };
  // Starts: γ on the scale of the spend (mean spend m = pγ/(q-1) gives γ = m(q-1)/p).
  let mean = 0;
  for (let i = 0; i < d.n; i++) mean += data.zbar[i];
  mean = max(mean / max(d.n, 1), 1e-12);
  const point = (p: number, q: number) => [log(p), log(q), log((mean * (q - 1)) / p)];
  const report = fitFromStarts(objective, [point(1, 2), point(5, 4), point(0.5, 1.5), point(20, 10), [0, 0, 0]]);
  if (!report) return undefined;
  const [p, q, gamma] = report.params;
  return { params: { p, q, gamma }, logLikelihood: -report.value * d.n, customers: d.n, converged: report.converged, report };
}

/** E[mean spend per purchase | x, zbar]; the population mean p γ / (q - 1) for x = 0. NaN for q <= 1. */
export function expectedSpend(x: number, zbar: number, params: GammaGammaParams): number {
  const { p, q, gamma } = params;
  if (!(q > 1)) return NaN;
  return (p * (gamma + x * zbar)) / (p * x + q - 1);
}
