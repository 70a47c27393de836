/**
 * The correlation matrix of a driver analysis, from rows of numbers (m columns: the drivers,
 * then the outcome), by two passes: the means, then the centred cross-products, so a column far
 * from 0 (a year, a price) loses nothing to cancellation. log2 only picks each column's
 * power-of-two scale, and any power gives the same bits, so it cannot make two machines differ. Every method of src/why starts from
 * this matrix, so a correlation matrix from anywhere gives the same answer.
 */

// Module-level aliases of Math: a global lookup per call is slow in some hosts (node:vm contexts).
const { abs, ceil, log2, max, min, sqrt } = Math;

/** A column whose values are all the same (to 1e-13 of their size): it has no correlation. */
export interface Constant {
  readonly constant: number;
}

/** Relative spread below which a column counts as constant: its rounding noise, not data. */
const CONSTANT_SPREAD = 1e-13;

/** The m x m correlation matrix (row-major) of the rows of `data` (row-major, m columns), or its first constant column. */
export function correlation(data: Float64Array, m: number): Float64Array | Constant {
  const count = data.length / m;
  const scale = columnScales(data, m);
  const mean = new Float64Array(m);
  for (let k = 0; k < count; k++) {
    const at = k * m;
    for (let j = 0; j < m; j++) mean[j] += data[at + j] * scale[j];
  }
  for (let j = 0; j < m; j++) mean[j] /= count;
  const s = new Float64Array(m * m);
  const squares = new Float64Array(m);
  const d = new Float64Array(m);
  for (let k = 0; k < count; k++) {
    const at = k * m;
    for (let j = 0; j < m; j++) {
      const v = data[at + j] * scale[j];
      d[j] = v - mean[j];
      squares[j] += v * v;
    }
    for (let i = 0; i < m; i++) {
      const di = d[i];
      for (let j = i; j < m; j++) s[i * m + j] += di * d[j];
    }
  }
  for (let j = 0; j < m; j++) {
    if (!(s[j * m + j] > CONSTANT_SPREAD * CONSTANT_SPREAD * squares[j])) return { constant: j };
  }
  return fromCrossProducts(s, m);
}

/**
 * A power of two near each column's largest absolute value, to divide it by: exact, so the
 * correlations are the same, and no sum overflows (1e308) or underflows (1e-300).
 */
export function columnScales(data: Float64Array, m: number): Float64Array {
  const scale = new Float64Array(m);
  for (let at = 0; at < data.length; at += m) {
    for (let j = 0; j < m; j++) {
      const v = abs(data[at + j]);
      if (v > scale[j]) scale[j] = v;
    }
  }
  for (let j = 0; j < m; j++) scale[j] = scale[j] > 0 ? 2 ** -min(1000, max(-1000, ceil(log2(scale[j])))) : 1;
  return scale;
}

/** The correlation matrix from centred cross-products (the upper triangle of s, m x m, is read). */
export function fromCrossProducts(s: Float64Array, m: number): Float64Array {
  const r = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    r[i * m + i] = 1;
    for (let j = i + 1; j < m; j++) {
      const v = s[i * m + j] / sqrt(s[i * m + i] * s[j * m + j]);
      // Rounding can take a perfect correlation a hair past 1.
      r[i * m + j] = r[j * m + i] = v > 1 ? 1 : v < -1 ? -1 : v;
    }
  }
  return r;
}

export function isConstant(x: Float64Array | Constant): x is Constant {
  return !(x instanceof Float64Array);
}

/** Pairs of drivers (the first p columns) correlated beyond `threshold` in absolute value, strongest first. */
export function nearDuplicates(r: Float64Array, p: number, threshold = 0.9): { a: number; b: number; r: number }[] {
  const m = p + 1;
  const pairs: { a: number; b: number; r: number }[] = [];
  for (let a = 0; a < p; a++) for (let b = a + 1; b < p; b++) if (abs(r[a * m + b]) > threshold) pairs.push({ a, b, r: r[a * m + b] });
  return pairs.sort((x, y) => abs(y.r) - abs(x.r));
}
