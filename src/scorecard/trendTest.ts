/**
 * The trend test of a KPI over the trend block's periods, in numbers and as native formulas.
 *
 * The method: the least-squares slope of the periods' values y_t against their time x_t (in
 * months or quarters), each period weighted by the inverse variance of its value under the null
 * of one distribution over the periods, V0 / n_t, V0 the variance of the periods' answers
 * together (what a KPI's score gives from its summed statistics: NPS p + d - (p - d)^2, a share
 * p (1 - p), a mean the variance of the values). So
 *
 *   b = sum n_t (x_t - xbar) y_t / Sxx,  Sxx = sum n_t (x_t - xbar)^2,  xbar = sum n_t x_t / N,
 *   SE(b) = sqrt(V0 / Sxx),  z = b / SE(b),  p = 2 (1 - Phi(|z|)),
 *
 * the weighted least-squares slope and its z-test (e.g. Draper and Smith, "Applied Regression
 * Analysis", 3rd ed., 9.2). For a share it is the Cochran-Armitage test for trend with scores
 * x_t (Armitage 1955, Biometrics 11 375-386; Agresti, "Categorical Data Analysis", 3rd ed.,
 * 3.4.6), and for every KPI it needs only each period's additive statistics, so it is the same
 * for NPS, shares and means, in the add-in and in a native formula. It has one degree of
 * freedom where the period-to-period tests spend one per pair, so a steady decline that no
 * single month shows is found.
 *
 * Which periods: those with at least the minimum n answers and a value (the minimum n is a
 * cell, and the native formulas follow it), at least three of them. The slope is tested only
 * where its skewness under the null is within Cochran's bound (skewness.ts); otherwise the p
 * cell says it is too skewed and what n it needs. The sheet shows the change
 * the line gives from the block's first period to its last, b (x_last - x_first), with its 95 %
 * interval (SE(b) under the same V0) and the fitted values at both ends.
 */
import type { ScoreModel } from "../kpi/difference";
import { normalTail, zFor } from "../kpi/stats";
import { formatNumber } from "../kpi/native";
import { zOf } from "../kpi/nativeStats";
import { slopeSkewFormulas } from "./skewness";

/** Fewest periods a trend is tested over (two are the period comparison itself). */
export const MIN_TREND_PERIODS = 3;

export interface TrendPeriod {
  /** Time in months or quarters from the block's first period. */
  readonly x: number;
  readonly stats: readonly number[];
  /** Whether the period takes part: at least the minimum n and a value. */
  readonly included: boolean;
}

export interface TrendFit {
  /** Answers and periods that took part. */
  readonly n: number;
  readonly periods: number;
  /** The statistics of those periods together (what V0 is made of). */
  readonly pooled: readonly number[];
  readonly slope: number;
  /** Standard error of the slope under the null of one distribution. */
  readonly se: number;
  /** The line's change over the block, b (x_last - x_first), and its values there. */
  readonly change: number;
  readonly fittedFirst: number;
  readonly fittedLast: number;
  readonly interval: readonly [number, number];
  readonly p: number;
}

/** The answers and the summed statistics of the periods that take part (shown beside the test, three of them or not). */
export function takingPart(periods: readonly TrendPeriod[]): { readonly n: number; readonly pooled: readonly number[] } {
  const used = periods.filter((p) => p.included);
  const width = periods[0]?.stats.length ?? 0;
  const pooled = Array.from({ length: width }, (_, j) => used.reduce((s, p) => s + p.stats[j], 0));
  return { n: pooled[0] ?? 0, pooled };
}

/** The fit, or null with fewer than MIN_TREND_PERIODS periods taking part. */
export function trendFit(score: ScoreModel, periods: readonly TrendPeriod[], span: number, confidence: number): TrendFit | null {
  const used = periods.filter((p) => p.included);
  if (used.length < MIN_TREND_PERIODS) return null;
  const ns = used.map((p) => p.stats[0]);
  const totals = used.map((p) => score.total(p.stats));
  const n = ns.reduce((s, x) => s + x, 0);
  const xbar = used.reduce((s, p, k) => s + ns[k] * p.x, 0) / n;
  const sxx = used.reduce((s, p, k) => s + ns[k] * (p.x - xbar) ** 2, 0);
  const sxy = used.reduce((s, p, k) => s + (p.x - xbar) * totals[k], 0);
  // The totals are about the score's shift (a mean's statistics about a value of the data): the slope does not see it, the fitted values add it back.
  const ybar = score.shift() + totals.reduce((s, x) => s + x, 0) / n;
  const { pooled } = takingPart(periods);
  const both = score.moments(pooled);
  const v0 = both.ss / both.n;
  const slope = sxy / sxx;
  const se = Math.sqrt(v0 / sxx);
  const lastX = periods[periods.length - 1].x;
  const change = slope * span;
  const fittedLast = ybar + slope * (lastX - xbar);
  const half = zFor(confidence) * se * span;
  const p = v0 <= 0 ? 1 : Math.min(1, 2 * normalTail(slope / se));
  return { n, periods: used.length, pooled, slope, se, change, fittedFirst: fittedLast - change, fittedLast, interval: [change - half, change + half], p };
}

/** Where the native formulas read a KPI's periods: ranges of its rows in the statistics table. */
export interface TrendRanges {
  /** The periods' n, value and statistic cells (one range per statistic). */
  readonly n: string;
  readonly value: string;
  readonly stats: readonly string[];
  /** The minimum n cell. */
  readonly minN: string;
  /** Each period's time, in the ranges' order. */
  readonly xs: readonly number[];
}

/** The trend row's cells as native formulas (without "="), each reading the cells named in `own`. */
export interface TrendFormulas {
  /** The included periods' statistics, summed. */
  readonly pooled: readonly string[];
  /** Their n. */
  readonly n: string;
  /** The change over the block, "" with fewer than three periods. */
  readonly change: string;
  /** The fitted value at the last period, from the change cell. */
  readonly fittedLast: string;
  readonly fittedFirst: string;
  /** Standard error of the change (SE(b) times the span), from the pooled statistic cells. */
  readonly seOfChange: string;
  readonly low: string;
  readonly high: string;
  readonly p: string;
}

/**
 * The trend row's formulas. `own` are the trend row's own cells (n, change, fitted last, pooled
 * statistics) that later formulas read, so that each formula stays short.
 */
export function trendFormulas(
  score: ScoreModel,
  r: TrendRanges,
  own: { readonly n: string; readonly change: string; readonly fittedLast: string; readonly pooled: readonly string[] },
  span: number,
  confidence: number,
): TrendFormulas {
  // A period takes part with at least the minimum n and a value (ISNUMBER inside SUMPRODUCT is evaluated over the range in every Excel).
  const mask = `(${r.n}>=${r.minN})*ISNUMBER(${r.value})`;
  const x = `{${r.xs.map(formatNumber).join(";")}}`;
  const xbar = `(SUMPRODUCT(${mask}*${r.n}*${x})/${own.n})`;
  const sxx = `SUMPRODUCT(${mask}*${r.n}*(${x}-${xbar})^2)`;
  const totals = score.totalFormula(r.stats);
  const sxy = `SUMPRODUCT(${mask}*(${x}-${xbar})*${totals})`;
  const ybar = score.shift() === 0 ? `SUMPRODUCT(${mask}*${totals})/${own.n}` : `(${formatNumber(score.shift())}+SUMPRODUCT(${mask}*${totals})/${own.n})`;
  const both = score.momentsFormulas(own.pooled);
  const v0 = `(${both.ss}/${both.n})`;
  const lastX = r.xs[r.xs.length - 1];
  const seOfChange = `SQRT(${v0}/${sxx})*${formatNumber(span)}`;
  const tested = `ISNUMBER(${own.change})`;
  const skew = slopeSkewFormulas(both, { n: r.n, mask, x, total: own.n });
  return {
    pooled: r.stats.map((s) => `SUMPRODUCT(${mask}*${s})`),
    n: `SUMPRODUCT(${mask}*${r.n})`,
    change: `IF(SUMPRODUCT(${mask})>=${MIN_TREND_PERIODS},${sxy}/${sxx}*${formatNumber(span)},"")`,
    fittedLast: `IF(${tested},${ybar}+${own.change}/${formatNumber(span)}*(${formatNumber(lastX)}-${xbar}),"")`,
    fittedFirst: `IF(${tested},${own.fittedLast}-${own.change},"")`,
    seOfChange,
    low: `IF(${tested},${own.change}-${zOf(confidence)}*${seOfChange},"")`,
    high: `IF(${tested},${own.change}+${zOf(confidence)}*${seOfChange},"")`,
    // Tested where three periods take part and the slope is not too skewed for the normal curve (skewness.ts).
    p: `IF(${tested},IF(${skew.ok},IF(${v0}<=0,1,MIN(1,2*NORMSDIST(-ABS(${own.change}/(${seOfChange}))))),${skew.text}),"")`,
  };
}
