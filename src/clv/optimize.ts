/**
 * The maximum-likelihood fitter of the CLV models: BFGS (Nocedal and Wright, "Numerical
 * Optimization", 2nd ed., algorithm 6.1) over the logarithms of the parameters, so that they
 * stay positive, with the analytic gradient of the model's log-likelihood, a backtracking line
 * search with the Armijo condition, several starting points and a report of how it ended.
 *
 * It refuses to report a number as a fit when it is not one: a run converges only when the
 * gradient is below the tolerance inside the box |log θ| <= LOG_BOUND and the Hessian there
 * (central differences of the gradient) is positive definite with a Newton step below
 * STEP_TOLERANCE, so that a likelihood that only flattens out towards a parameter at infinity
 * is not taken for a maximum. A run that walks out of the box, stalls or uses up its
 * iterations is reported with `converged: false`.
 *
 * A run whose line search can no longer lower the value (the value's rounding is larger than
 * the decrease left, as with a log-likelihood summed over hundreds of thousands of customers)
 * has converged as far as doubles go when the Hessian there is positive definite and the Newton
 * step below STEP_TOLERANCE: "precision". Without that, the same data summed in another order
 * (a CSV and a Parquet copy of one log) could be called converged once and not the other time.
 */

import { symmetricEigen } from "../math/eigen";

// Module-level aliases of Math: a global lookup per call is slow in some hosts (node:vm contexts).
const { abs, exp, max, min, sqrt } = Math;

/**
 * The function to minimise at `theta`, writing its gradient into `grad`. It returns a
 * non-finite value where it is not defined; the line search then steps back.
 */
export type Objective = (theta: Float64Array, grad: Float64Array) => number;

export interface MinimizeOptions {
  /** Largest |component| of the gradient at which a run has converged (default 1e-8). */
  readonly gradientTolerance?: number;
  readonly maxIterations?: number;
}

export interface MinimizeResult {
  readonly theta: number[];
  readonly value: number;
  /** Largest |component| of the gradient at `theta`. */
  readonly gradient: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
  /**
   * How the run ended: "gradient" (converged), "precision" (converged: the value cannot be
   * lowered within its rounding and the Newton step is below STEP_TOLERANCE), "flat" (the gradient vanishes but the curvature
   * does not make the point a minimum, as where a parameter runs off to infinity), "bound",
   * "stalled", "iterations" or "undefined".
   */
  readonly reason: "gradient" | "precision" | "flat" | "bound" | "stalled" | "iterations" | "undefined";
}

/** |log θ| above this (θ beyond 5e-14 .. 2e13) means the parameter is running to 0 or infinity. */
export const LOG_BOUND = 30;

/** Largest Newton step, in log-parameters (a relative change of the parameter), at a converged point. */
export const STEP_TOLERANCE = 1e-4;

/**
 * The Hessian of f at x by central differences of its gradient, inverted through its Cholesky
 * factor; undefined when it is not positive definite.
 */
function inverseHessian(f: Objective, x: Float64Array): Float64Array | undefined {
  const n = x.length;
  const H = new Float64Array(n * n);
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  const probe = Float64Array.from(x);
  const h = 1e-5;
  for (let i = 0; i < n; i++) {
    probe[i] = x[i] + h;
    const fu = f(probe, up);
    probe[i] = x[i] - h;
    const fd = f(probe, down);
    probe[i] = x[i];
    if (!Number.isFinite(fu) || !Number.isFinite(fd)) return undefined;
    for (let j = 0; j < n; j++) H[i * n + j] = (up[j] - down[j]) / (2 * h);
  }
  // Cholesky H = L L' of the symmetric part, then H^-1 column by column.
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let v = 0.5 * (H[i * n + j] + H[j * n + i]);
      for (let k = 0; k < j; k++) v -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(v > 0)) return undefined;
        L[i * n + i] = sqrt(v);
      } else {
        L[i * n + j] = v / L[j * n + j];
      }
    }
  }
  const inv = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < n; i++) {
      let v = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) v -= L[i * n + k] * col[k];
      col[i] = v / L[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let v = col[i];
      for (let k = i + 1; k < n; k++) v -= L[k * n + i] * col[k];
      col[i] = v / L[i * n + i];
    }
    for (let i = 0; i < n; i++) inv[i * n + c] = col[i];
  }
  return inv;
}

/** The largest component of the Newton step H^-1 g (in log-parameters). */
function newtonStep(inv: Float64Array, g: Float64Array): number {
  const n = g.length;
  let step = 0;
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) v += inv[i * n + j] * g[j];
    step = max(step, abs(v));
  }
  return step;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = abs(v[i]);
    if (!(a <= m)) m = a;
  }
  return m;
}

/** Minimises `f` from `start` by BFGS with a backtracking Armijo line search. */
export function minimize(f: Objective, start: readonly number[], options: MinimizeOptions = {}): MinimizeResult {
  const n = start.length;
  const tol = options.gradientTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 400;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let fx = f(x, g);
  let evaluations = 1;
  const done = (iterations: number, reason: MinimizeResult["reason"]): MinimizeResult => ({
    theta: Array.from(x),
    value: fx,
    gradient: maxAbs(g),
    iterations,
    evaluations,
    converged: reason === "gradient" || reason === "precision",
    reason,
  });
  if (!Number.isFinite(fx) || !Number.isFinite(maxAbs(g))) return done(0, "undefined");
  /** Where the line search stalls: converged within rounding when a Newton step would barely move. */
  const stalled = (iterations: number): MinimizeResult => {
    const inv = inverseHessian(f, x);
    evaluations += 2 * n;
    return done(iterations, inv && newtonStep(inv, g) <= STEP_TOLERANCE ? "precision" : "stalled");
  };

  // H approximates the inverse Hessian, row-major; it starts as the identity.
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
  const p = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const Hy = new Float64Array(n);
  let firstStep = true;
  let stalls = 0;

  let checks = 0;
  for (let iter = 0; iter < maxIterations; iter++) {
    if (maxAbs(g) <= tol) {
      // Confirm with the curvature: a minimum has a positive definite Hessian and a tiny Newton step.
      const inv = inverseHessian(f, x);
      evaluations += 2 * n;
      if (!inv || checks++ >= 8) return done(iter, "flat");
      if (newtonStep(inv, g) <= STEP_TOLERANCE) return done(iter, "gradient");
      // Go on with Newton's own steps.
      H.set(inv);
      firstStep = false;
    }
    if (maxAbs(x) > LOG_BOUND) return done(iter, "bound");
    // Search direction p = -H g; reset H when it is not a descent direction.
    let slope = 0;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v -= H[i * n + j] * g[j];
      p[i] = v;
      slope += v * g[i];
    }
    if (!(slope < 0)) {
      H.fill(0);
      for (let i = 0; i < n; i++) H[i * n + i] = 1;
      for (let i = 0; i < n; i++) p[i] = -g[i];
      slope = -g.reduce((acc, v) => acc + v * v, 0);
    }
    // Keep the first trial step at most 1 in each log-parameter (a factor e).
    let step = min(1, 1 / max(maxAbs(p), 1e-300));
    if (firstStep) step = min(step, 1 / max(maxAbs(g), 1e-300));
    let fNew = NaN;
    let accepted = false;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * p[i];
      fNew = f(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      // Quadratic interpolation of the step, kept within [0.1, 0.5] of the last one.
      const q = Number.isFinite(fNew) ? (-slope * step * step) / (2 * (fNew - fx - slope * step)) : 0.1 * step;
      step = min(0.5 * step, max(0.1 * step, q));
    }
    if (!accepted) return stalled(iter);
    const decrease = fx - fNew;
    // s = x_new - x, y = g_new - g; BFGS update of H when the curvature condition holds.
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
      sy += s[i] * y[i];
      yy += y[i] * y[i];
    }
    if (sy > 1e-12 * sqrt(yy) * sqrt(s.reduce((acc, v) => acc + v * v, 0))) {
      if (firstStep) {
        // Scale the identity to the curvature seen (Nocedal and Wright, eq. 6.20).
        const scale = sy / yy;
        for (let i = 0; i < n * n; i++) H[i] *= scale;
        firstStep = false;
      }
      let yHy = 0;
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let j = 0; j < n; j++) v += H[i * n + j] * y[j];
        Hy[i] = v;
        yHy += y[i] * v;
      }
      const rho = 1 / sy;
      const k = (1 + rho * yHy) * rho;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          H[i * n + j] += k * s[i] * s[j] - rho * (Hy[i] * s[j] + s[i] * Hy[j]);
        }
      }
    }
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    fx = fNew;
    // No progress in value or position for several steps: as far as doubles go.
    const tiny = decrease <= 1e-15 * max(1, abs(fx)) && maxAbs(s) <= 1e-12;
    stalls = tiny ? stalls + 1 : 0;
    if (stalls >= 5) return stalled(iter + 1);
  }
  return done(maxIterations, "iterations");
}

export interface FitReport {
  /** The best run's parameters (on the natural scale, exp of theta). */
  readonly params: number[];
  /** The best run's objective value. */
  readonly value: number;
  /** The best run converged, and no other run found a better optimum. */
  readonly converged: boolean;
  readonly runs: readonly MinimizeResult[];
}

/**
 * What a fit can be relied on for: "converged" (a maximum the data pin down), "not identified"
 * (the likelihood is flat along some direction, such as a and b growing together: the data do
 * not tell these parameters from ten times their values) or "not converged" (no maximum found).
 */
export type Verdict = "converged" | "not identified" | "not converged";

export interface Identification {
  readonly verdict: Verdict;
  /** With "not identified": the parameters that move along the flat direction, by name. */
  readonly flat: readonly string[];
  /** Largest drop of the log-likelihood found ten-fold along the flattest direction (either way). */
  readonly drop: number;
}

/**
 * Half the 95 % point of chi-squared with one degree of freedom (3.841 / 2): a move that lowers
 * the log-likelihood by less than this is inside the likelihood-ratio confidence region.
 */
export const LR_HALF_CHI2_95 = 1.9207;

/** The unit direction along which the symmetric n-square matrix H curves least: the eigenvector of its smallest eigenvalue. */
function flattest(H: Float64Array, n: number): number[] {
  const { values, vectors } = symmetricEigen(H, n);
  let k = 0;
  for (let i = 1; i < n; i++) if (values[i] < values[k]) k = i;
  return Array.from({ length: n }, (_, i) => vectors[i * n + k]);
}

/**
 * Whether the data pin the fitted parameters down: the Hessian of the objective at the fit (by
 * central differences of its gradient), its flattest direction, and the objective along it both
 * ways, in ten-fold steps (the largest component of each step is ln 10 in the log-parameters) out
 * to the box |log θ| <= LOG_BOUND. When on either side no point raises the objective by
 * LR_HALF_CHI2_95 / `scale` or more (the objective is the negative log-likelihood times `scale`),
 * the 95 % likelihood-ratio region runs out to the box: the data explain the customers as well
 * with those parameters at 0 or infinity, a ridge such as a and b growing together ("not
 * identified", whatever the runs reported). Otherwise "converged" when the fit converged, "not
 * converged" when not. Depends on the objective's values only, so on the data and not on how a
 * run reached the point.
 */
export function identify(f: Objective, report: FitReport, names: readonly string[], scale: number): Identification {
  const theta = Float64Array.from(report.params, Math.log);
  const n = theta.length;
  const g = new Float64Array(n);
  const base = f(theta, g);
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  const probe = Float64Array.from(theta);
  const H = new Float64Array(n * n);
  const h = 1e-4;
  let defined = Number.isFinite(base);
  for (let i = 0; i < n && defined; i++) {
    probe[i] = theta[i] + h;
    const fu = f(probe, up);
    probe[i] = theta[i] - h;
    const fd = f(probe, down);
    probe[i] = theta[i];
    if (!Number.isFinite(fu) || !Number.isFinite(fd)) defined = false;
    for (let j = 0; j < n; j++) H[i * n + j] = (up[j] - down[j]) / (2 * h);
  }
  const fallback: Verdict = report.converged ? "converged" : "not converged";
  if (!defined) return { verdict: fallback, flat: [], drop: NaN };
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) H[i * n + j] = H[j * n + i] = 0.5 * (H[i * n + j] + H[j * n + i]);
  const v = flattest(H, n);
  const largest = v.reduce((m, x) => max(m, abs(x)), 0);
  const step = Math.LN10 / largest;
  let least = Infinity;
  let unbounded = false;
  for (const sign of [1, -1]) {
    let side = -Infinity;
    for (let t = 1; t <= 30; t++) {
      for (let i = 0; i < n; i++) probe[i] = theta[i] + sign * t * step * v[i];
      if (maxAbs(probe) > LOG_BOUND + Math.LN10) break;
      const value = f(probe, up);
      // Undefined further out: that side is not shown to be flat.
      if (!Number.isFinite(value)) {
        side = Infinity;
        break;
      }
      side = max(side, (value - base) / scale);
      if (side >= LR_HALF_CHI2_95) break;
    }
    least = min(least, side);
    if (side < LR_HALF_CHI2_95) unbounded = true;
  }
  if (unbounded) {
    const flat = names.filter((_, i) => abs(v[i]) >= 0.25 * largest);
    return { verdict: "not identified", flat, drop: least };
  }
  return { verdict: fallback, flat: [], drop: least };
}
/** Runs from other starts are not tried after this many failed and none converged: the data do not identify the model. */
export const MAX_FAILED_RUNS = 3;

/**
 * Runs `minimize` from each start (log-parameters) and keeps the best finite result. Stops
 * early once two converged runs agree to 1e-9 in value (the optimum is found from two sides),
 * or once MAX_FAILED_RUNS runs have failed with none converged, which bounds the time spent
 * on data the model cannot fit.
 */
export function fitFromStarts(f: Objective, starts: readonly (readonly number[])[], options: MinimizeOptions = {}): FitReport | undefined {
  const runs: MinimizeResult[] = [];
  let best: MinimizeResult | undefined;
  let bestConverged: MinimizeResult | undefined;
  for (const start of starts) {
    if (!bestConverged && runs.length >= MAX_FAILED_RUNS) break;
    const run = minimize(f, start, options);
    runs.push(run);
    if (!Number.isFinite(run.value)) continue;
    if (!best || run.value < best.value) best = run;
    if (run.converged) {
      if (bestConverged && abs(bestConverged.value - run.value) <= 1e-9 * max(1, abs(run.value))) break;
      if (!bestConverged || run.value < bestConverged.value) bestConverged = run;
    }
  }
  if (!best) return undefined;
  const converged = best.converged || (bestConverged !== undefined && bestConverged.value - best.value <= 1e-9 * max(1, abs(best.value)));
  const chosen = converged && !best.converged && bestConverged ? bestConverged : best;
  const { theta, value } = converged ? polish(f, chosen.theta, chosen.value) : chosen;
  return { params: theta.map(exp), value, converged, runs };
}

/** Newton steps a converged fit may take to reach its optimum to rounding. */
const POLISH_STEPS = 4;

/**
 * Newton's method from a converged point: a converged run stops anywhere its gradient is below
 * the tolerance (a relative 1e-7 or so in the parameters), so two copies of the same data whose
 * sums differ in the last bit (a CSV read in JavaScript and through DuckDB) could stop 1e-7
 * apart. A few Newton steps on the central-difference Hessian (one, at the converged point)
 * take both to the optimum itself, where such differences move the parameters by about 1e-12. A step is kept only while it
 * shrinks, and lowers the objective or leaves it within rounding; or, where the objective, a sum
 * over thousands of customers, can no longer tell the points apart (within 1e-9 of it: on
 * 356,000 buyers a Newton step that took the gradient from 2e-6 to 1e-11 raised the sum by
 * 1.5e-11 of itself, its rounding), lowers the gradient. Judged by the objective alone, the last
 * steps were refused or kept as its rounding fell: one mean spend in twenty moved in its last
 * bit moved Gamma-Gamma's fit by 1e-6 on CDNOW and 1e-5 on the bench's 10M-row log.
 */
function polish(f: Objective, start: readonly number[], startValue: number): { theta: number[]; value: number } {
  const n = start.length;
  let x = Float64Array.from(start);
  let value = startValue;
  const g = new Float64Array(n);
  f(x, g);
  // One Hessian, at the converged point, serves every step (the chord method): that close to the
  // optimum it changes less than the steps need, and each step then costs one gradient.
  const inv = inverseHessian(f, x);
  if (!inv) return { theta: Array.from(x), value };
  const trial = new Float64Array(n);
  const gt = new Float64Array(n);
  let lastStep = Infinity;
  for (let k = 0; k < POLISH_STEPS; k++) {
    let step = 0;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v += inv[i * n + j] * g[j];
      trial[i] = x[i] - v;
      step = max(step, abs(v));
    }
    if (!(step < lastStep) || step > STEP_TOLERANCE) break;
    const next = f(trial, gt);
    if (!(next <= value + 1e-15 * max(1, abs(value))) && !(next <= value + 1e-9 * max(1, abs(value)) && maxAbs(gt) < maxAbs(g))) break;
    x = Float64Array.from(trial);
    value = next;
    g.set(gt);
    lastStep = step;
    if (step < 1e-13) break;
  }
  return { theta: Array.from(x), value };
}
