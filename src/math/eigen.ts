/**
 * Pure numerics that every core may use (src/kpi, src/clv, src/why): no KPI, no reading rule.
 *
 * Eigenvalues and eigenvectors of a small symmetric matrix by the cyclic Jacobi method (Golub
 * and Van Loan, Matrix Computations, 4th ed., algorithm 8.5.3): plane rotations that zero one
 * off-diagonal element at a time until the matrix is diagonal to rounding. Accurate for every
 * eigenvalue, the small ones included (Demmel and Veselić 1992), which relative weights divide
 * by (src/why/relativeWeights.ts), and the CLV fits' identification check reads (src/clv/optimize.ts); about 10 sweeps of 2p³ multiply-adds for a p-square matrix, so milliseconds for a hundred
 * drivers. Written here (60 lines) because no maintained package offers a symmetric
 * eigen-decomposition without a whole matrix library in functions.js.
 */

// Module-level aliases of Math: a global lookup per call is slow in some hosts (node:vm contexts).
const { abs, sign, sqrt } = Math;

export interface Eigen {
  /** Eigenvalues, in no particular order. */
  readonly values: Float64Array;
  /** Eigenvectors as columns of an n-square row-major matrix: column k belongs to values[k]. */
  readonly vectors: Float64Array;
}

const MAX_SWEEPS = 100;

/** The eigen-decomposition of the symmetric n-square row-major matrix `a` (left unchanged). */
export function symmetricEigen(a: Float64Array, n: number): Eigen {
  const s = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += s[i] * s[i];
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += s[p * n + q] * s[p * n + q];
    // Diagonal to rounding: the off-diagonal mass below 1e-32 of the whole.
    if (off <= 1e-32 * scale) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = s[p * n + q];
        if (apq === 0) continue;
        const theta = (s[q * n + q] - s[p * n + p]) / (2 * apq);
        // The smaller root of t² + 2θt - 1 = 0, so the rotation angle is at most π/4.
        const t = abs(theta) > 1e150 ? 1 / (2 * theta) : sign(theta || 1) / (abs(theta) + sqrt(theta * theta + 1));
        const c = 1 / sqrt(t * t + 1);
        const sn = t * c;
        // S <- Jᵀ S J with J = I except J_pp = J_qq = c, J_pq = sn, J_qp = -sn.
        for (let k = 0; k < n; k++) {
          const kp = s[k * n + p];
          const kq = s[k * n + q];
          s[k * n + p] = c * kp - sn * kq;
          s[k * n + q] = sn * kp + c * kq;
        }
        for (let k = 0; k < n; k++) {
          const pk = s[p * n + k];
          const qk = s[q * n + k];
          s[p * n + k] = c * pk - sn * qk;
          s[q * n + k] = sn * pk + c * qk;
        }
        s[p * n + q] = s[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const kp = v[k * n + p];
          const kq = v[k * n + q];
          v[k * n + p] = c * kp - sn * kq;
          v[k * n + q] = sn * kp + c * kq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = s[i * n + i];
  return { values, vectors: v };
}
