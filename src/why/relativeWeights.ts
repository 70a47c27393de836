/**
 * Johnson's relative weights (Johnson 2000, "A heuristic method for estimating the relative
 * weight of predictor variables in multiple regression", Multivariate Behavioral Research 35):
 * the drivers are replaced by their closest orthogonal counterparts Z = X Q Λ^(-1/2) Qᵀ (the
 * eigen-decomposition of their correlation matrix R = Q Λ Qᵀ); the outcome is regressed on Z
 * (β = Λ^(-1/2)-root of R times r_xy), and each driver gets back the share of each Z it loads on:
 *
 *   weight_j = sum over k of (R^(1/2))_jk² β_k²,   with R^(1/2) = Q Λ^(1/2) Qᵀ, β = R^(-1/2) r_xy.
 *
 * The weights sum to R² (the columns of R^(1/2) have unit length). Any number of drivers; the
 * correlation matrix of the drivers must be positive definite (model.ts checks it first).
 */
import { symmetricEigen } from "../math/eigen";

// Module-level aliases of Math: a global lookup per call is slow in some hosts (node:vm contexts).
const { sqrt } = Math;

/** Relative weights from the (p + 1)-square correlation matrix (drivers first, outcome last). */
export function relativeWeights(r: Float64Array, p: number): Float64Array {
  const m = p + 1;
  const rxx = new Float64Array(p * p);
  const rxy = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) rxx[i * p + j] = r[i * m + j];
    rxy[i] = r[i * m + p];
  }
  const { values, vectors: q } = symmetricEigen(rxx, p);
  // Qᵀ r_xy, scaled by λ^(-1/2), then back: β = Q Λ^(-1/2) Qᵀ r_xy.
  const projected = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    let sum = 0;
    for (let i = 0; i < p; i++) sum += q[i * p + k] * rxy[i];
    projected[k] = sum / sqrt(values[k]);
  }
  const beta = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let sum = 0;
    for (let k = 0; k < p; k++) sum += q[i * p + k] * projected[k];
    beta[i] = sum;
  }
  const root = Float64Array.from(values, sqrt);
  const weights = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let w = 0;
    for (let k = 0; k < p; k++) {
      // (R^(1/2))_jk = sum over l of Q_jl sqrt(λ_l) Q_kl.
      let half = 0;
      for (let l = 0; l < p; l++) half += q[j * p + l] * root[l] * q[k * p + l];
      w += half * half * beta[k] * beta[k];
    }
    weights[j] = w;
  }
  return weights;
}
