/**
 * Percentile bootstrap intervals of the drivers' raw importances (Efron and Tibshirani 1993,
 * ch. 13): `resamples` times, n rows are drawn with replacement from the n rows used, the
 * importances computed again on them, and each driver's interval is the (1 - confidence) / 2
 * and (1 + confidence) / 2 quantiles of its resampled values (Hyndman and Fan's type 7, as
 * Excel's PERCENTILE.INC). The draws come from xoshiro128** with the seed (random.ts), resample
 * after resample, row after row; the arithmetic uses only + - * / and the square root, which
 * IEEE 754 rounds exactly, so the same inputs and seed give the same interval on every machine.
 *
 * A resample in which the outcome or a driver is constant, or a driver an exact combination of
 * others, has no importances: it is drawn again. When more of those were drawn than `resamples`,
 * the rows are too few for an interval, and that is the error.
 */
import { errors, isKpiError, type Result } from "../kpi/errors";
import { correlation, isConstant } from "./correlation";
import { analyse, type Method, importanceFrom } from "./drivers";
import { isCollinear } from "./model";
import { xoshiro128ss } from "./random";
import type { Sample } from "./sample";

export interface Intervals {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** Quantile q of sorted values, linear between order statistics (type 7). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function bootstrap(sample: Sample, method: Method, confidence: number, resamples: number, seed: number): Result<Intervals> {
  // The data must give importances before it is resampled, with the errors KPI.DRIVERS gives.
  const full = analyse(sample, method);
  if (isKpiError(full)) return full;
  const { n, p, data } = sample;
  const random = xoshiro128ss(seed);
  const rows = new Int32Array(n);
  const values = Array.from({ length: p }, () => new Float64Array(resamples));
  let failed = 0;
  for (let b = 0; b < resamples; ) {
    for (let i = 0; i < n; i++) rows[i] = random.below(n);
    const r = correlation(data, p + 1, rows);
    const importance = isConstant(r) ? null : importanceFrom(r, p, method);
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
