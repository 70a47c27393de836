/**
 * Percentile bootstrap intervals of the drivers' raw importances (Efron and Tibshirani 1993,
 * ch. 13): `resamples` times, n rows are drawn with replacement from the n rows used, the
 * importances computed again on them, and each driver's interval is the (1 - confidence) / 2
 * and (1 + confidence) / 2 quantiles of its resampled values (Hyndman and Fan's type 7, as
 * Excel's PERCENTILE.INC). The draws come from xoshiro128** with the seed (random.ts), resample
 * after resample, row after row; the arithmetic uses only + - * / and the square root, which
 * IEEE 754 rounds exactly, so the same inputs and seed give the same interval on every machine.
 *
 * A resample is its units' multiplicities (how often each was drawn); its correlation matrix
 * comes in one pass over the units drawn at least once, from the data centred at the full
 * sample's means (so the resample's own means are small and one-pass sums lose nothing that
 * matters). Up to MAX_UNITS rows, a unit is a row. Above, the rows are first dealt at random
 * (a Fisher-Yates shuffle from the same generator) into MAX_UNITS groups of nearly equal size,
 * and groups are drawn: the sums a correlation matrix is made of are then sums of independent,
 * identically distributed groups, whose bootstrap has the rows' distribution to first order
 * (the delta method) while a resample costs MAX_UNITS units, not n rows: 1,000 resamples of a
 * million rows take seconds, not minutes.
 *
 * A resample in which the outcome or a driver is constant (its spread under 1e-6 of its sum of
 * squares about the full sample's mean), or a driver an exact combination of others, has no
 * importances: it is drawn again. When more of those were drawn than `resamples`, the rows are
 * too few for an interval, and that is the error.
 */
import { errors, isKpiError, type Result } from "../kpi/errors";
import { columnScales, fromCrossProducts } from "./correlation";
import { analyse, type Method, importanceFrom } from "./drivers";
import { isCollinear } from "./model";
import { type Random, xoshiro128ss } from "./random";
import type { Sample } from "./sample";

// Module-level aliases of Math: a global lookup per call is slow in some hosts (node:vm contexts).
const { floor, min } = Math;

/** Rows above which the bootstrap draws groups of rows (see above). */
export const MAX_UNITS = 20_000;

export interface Intervals {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** Quantile q of sorted values, linear between order statistics (type 7). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = floor(h);
  const hi = min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** A resample's spread, as a share of its sum of squares about the full sample's mean, below which a column is constant. */
const CONSTANT_SHARE = 1e-12;

/**
 * What a resample draws: per unit, its rows, the sums of its centred values (m) and of their
 * products (the upper triangle of m x m, row by row).
 */
interface Units {
  readonly count: number;
  readonly size: Float64Array;
  readonly sums: Float64Array;
  readonly products: Float64Array;
}

/** The data scaled (correlation.ts) and centred at the full sample's means, row-major n x m. */
function centred(data: Float64Array, m: number): Float64Array {
  const scale = columnScales(data, m);
  const n = data.length / m;
  const z = new Float64Array(data.length);
  const mean = new Float64Array(m);
  for (let at = 0; at < data.length; at += m) for (let j = 0; j < m; j++) mean[j] += data[at + j] * scale[j];
  for (let j = 0; j < m; j++) mean[j] /= n;
  for (let at = 0; at < data.length; at += m) for (let j = 0; j < m; j++) z[at + j] = data[at + j] * scale[j] - mean[j];
  return z;
}

/** The units of n rows: each row, or (above `maxUnits`) maxUnits groups of rows dealt at random by `random`. */
function unitsOf(z: Float64Array, m: number, maxUnits: number, random: Random): Units {
  const n = z.length / m;
  const count = n > maxUnits ? maxUnits : n;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (count < n) {
    for (let i = n - 1; i > 0; i--) {
      const j = random.below(i + 1);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
  const t = (m * (m + 1)) / 2;
  const size = new Float64Array(count);
  const sums = new Float64Array(count * m);
  const products = new Float64Array(count * t);
  for (let u = 0; u < count; u++) {
    // Unit u takes the shuffled rows from floor(u n / count) up to floor((u + 1) n / count).
    const from = floor((u * n) / count);
    const to = floor(((u + 1) * n) / count);
    size[u] = to - from;
    for (let k = from; k < to; k++) {
      const at = order[k] * m;
      let p = u * t;
      for (let a = 0; a < m; a++) {
        const za = z[at + a];
        sums[u * m + a] += za;
        for (let b = a; b < m; b++) products[p++] += za * z[at + b];
      }
    }
  }
  return { count, size, sums, products };
}

/** The correlation matrix of a resample given by its units' multiplicities, or null when a column is constant in it. */
function resampledCorrelation(units: Units, m: number, counts: Int32Array): Float64Array | null {
  const t = (m * (m + 1)) / 2;
  const sums = new Float64Array(m);
  const packed = new Float64Array(t);
  let total = 0;
  for (let u = 0; u < units.count; u++) {
    const c = counts[u];
    if (c === 0) continue;
    total += c * units.size[u];
    for (let a = 0; a < m; a++) sums[a] += c * units.sums[u * m + a];
    for (let k = 0; k < t; k++) packed[k] += c * units.products[u * t + k];
  }
  const s = new Float64Array(m * m);
  let p = 0;
  for (let a = 0; a < m; a++) {
    const squares = packed[p];
    for (let b = a; b < m; b++) s[a * m + b] = packed[p++] - (sums[a] * sums[b]) / total;
    if (!(s[a * m + a] > CONSTANT_SHARE * squares)) return null;
  }
  return fromCrossProducts(s, m);
}

/** Bootstrap intervals of the importances; `maxUnits` (default MAX_UNITS) is the most units a resample draws. */
export function bootstrap(sample: Sample, method: Method, confidence: number, resamples: number, seed: number, maxUnits = MAX_UNITS): Result<Intervals> {
  // The data must give importances before it is resampled, with the errors KPI.DRIVERS gives.
  const full = analyse(sample, method);
  if (isKpiError(full)) return full;
  const { n, p } = sample;
  const m = p + 1;
  const random = xoshiro128ss(seed);
  const units = unitsOf(centred(sample.data, m), m, maxUnits, random);
  const counts = new Int32Array(units.count);
  const values = Array.from({ length: p }, () => new Float64Array(resamples));
  let failed = 0;
  for (let b = 0; b < resamples; ) {
    counts.fill(0);
    for (let i = 0; i < units.count; i++) counts[random.below(units.count)]++;
    const r = resampledCorrelation(units, m, counts);
    const importance = r === null ? null : importanceFrom(r, p, method);
    if (importance === null || isCollinear(importance)) {
      if (++failed > resamples) return errors.bootstrapDegenerate(failed, n);
      continue;
    }
    for (let j = 0; j < p; j++) values[j][b] = importance.raw[j];
    b++;
  }
  const lower = new Float64Array(p);
  const upper = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const sorted = values[j].sort();
    lower[j] = quantileSorted(sorted, (1 - confidence) / 2);
    upper[j] = quantileSorted(sorted, (1 + confidence) / 2);
  }
  return { lower, upper };
}
