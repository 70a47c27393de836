/**
 * The Customer Performance Index (CPI) row: every KPI row of the scorecard placed on 0..100
 * between a worst and a best value (KPI.SCALE), then weighted and averaged (KPI.CPI). Pure;
 * names no KPI: the components are the rows the registry gave the scorecard, and their
 * default worst and best come from each KPI's own bands in the registry.
 *
 * Defaults, chosen so that the index speaks the language of the bands: a component exactly at
 * its green threshold scores 80 and exactly at its amber threshold 60, which are the CPI's own
 * green and amber thresholds. So worst (scores 0) = amber - 3 x (green - amber) and best
 * (scores 100) = green + (green - amber); for a lower-is-better KPI (churn, complaints) green is
 * below amber and the same rule puts worst above best. NPS (green 50, amber 0): worst -150,
 * best 100; CSAT (80 %, 70 %): worst 40 %, best 90 %; churn (2 %, 5 %): worst 14 %, best -1 %.
 * A KPI whose bands follow a target (CLV, revenue per customer) takes part only once it has a
 * target. Every weight defaults to 1. All three are cells on the sheet the formulas read.
 *
 * Refusals: nothing here lays out cells (plan.ts does); a component that has no value in a
 * group (#N/A: nothing to compute from, or an aggregate KPI in a segment) is left out of that
 * group's index, as KPI.CPI leaves out a blank score; any other error is the index's error.
 */
import { cpi, isKpiError, type KpiError, type KpiMeta, type Result, scale, thresholdsFor } from "../kpi";
import type { KpiSettings } from "./types";
import type { KpiRow } from "./rows";

/** Least components the index is shown for. */
export const MIN_COMPONENTS = 2;

export interface Component {
  readonly row: KpiRow;
  readonly worst: number;
  readonly best: number;
  readonly weight: number;
}

/**
 * The default worst and best of a KPI (green scores 80, amber 60), or null when its bands
 * follow a target it lacks or its thresholds are equal.
 */
export function defaultRange(meta: KpiMeta, s: KpiSettings): { readonly worst: number; readonly best: number } | null {
  const t = thresholdsFor(meta, s.green ?? (meta.bands.kind === "target" ? s.target : undefined), s.amber);
  if (isKpiError(t) || t.green === t.amber) return null;
  const step = t.green - t.amber;
  return { worst: tidy(t.amber - 3 * step), best: tidy(t.green + step) };
}

export interface Composition {
  readonly components: readonly Component[];
  /** Rows that cannot take part, with the reason ("set a target"). */
  readonly leftOut: readonly { readonly row: KpiRow; readonly why: string }[];
}

/** A default as a reader types it: 0.14, not 0.14000000000000001. */
const tidy = (x: number) => Number(x.toPrecision(12));

/** The components of the index among a scorecard's rows, with their worst, best and weight. */
export function composition(rows: readonly KpiRow[], settingsOf: (id: string) => KpiSettings): Composition {
  const components: Component[] = [];
  const leftOut: { row: KpiRow; why: string }[] = [];
  for (const row of rows) {
    const s = settingsOf(row.meta.id);
    const range = defaultRange(row.meta, s);
    const worst = s.cpiWorst ?? range?.worst;
    const best = s.cpiBest ?? range?.best;
    if (worst === undefined || best === undefined) {
      leftOut.push({ row, why: "set a target (or its worst and best) to include it" });
      continue;
    }
    if (worst === best) {
      leftOut.push({ row, why: "its worst equals its best" });
      continue;
    }
    components.push({ row, worst, best, weight: s.cpiWeight ?? 1 });
  }
  return { components, leftOut };
}

/** A component's score in one group: blank (null) where it has no value, KPI.SCALE otherwise. */
export function scoreOf(value: Result<number> | null, c: Component): Result<number> | null {
  if (value === null || (isKpiError(value) && value.code === "#N/A")) return null;
  if (isKpiError(value)) return value;
  return scale(value, c.worst, c.best);
}

/** The index of one group from its components' scores (blank ones left out), as KPI.CPI computes it. */
export function indexOf(scores: readonly (Result<number> | null)[], weights: readonly number[]): Result<number> {
  const firstError = scores.find((s): s is KpiError => s !== null && isKpiError(s));
  if (firstError) return firstError;
  return cpi(scores.map((s) => [s ?? ""]), weights.map((w) => [w]));
}

/** The smallest n of the components with a score in a group, or null when none has an n. */
export function smallestN(scores: readonly (Result<number> | null)[], ns: readonly (number | null)[]): number | null {
  let min: number | null = null;
  scores.forEach((s, k) => {
    const n = ns[k];
    if (s !== null && !isKpiError(s) && n !== null) min = min === null ? n : Math.min(min, n);
  });
  return min;
}

/**
 * The CPI's interval in one group, from its components' own 95 % intervals: the index of their
 * low bounds and the index of their high bounds, each bound placed on 0..100 as its value is
 * (KPI.SCALE, clipped; for a KPI whose best lies below its worst, the high bound gives the low
 * score). Interval arithmetic: the score of a component is a monotone function of its KPI, so a
 * KPI inside its interval has a score inside [score of one bound, score of the other], and the
 * weighted mean of scores that are each inside their interval is inside the weighted mean of the
 * intervals. The clip only narrows a side (a component past its best scores 100 whatever its
 * interval) and keeps the bounds within 0..100 as the index is. So the interval holds the true
 * index whenever every component's interval holds its KPI, whatever their correlation: with k
 * components at 95 % each, at least 1 - k x 5 % of the time in the worst case (Bonferroni). Each
 * side is the weighted sum of the components' scaled distances on that side (the triangle
 * inequality: the spread of a weighted sum is at most the weighted sum of the spreads), so near
 * normal components and away from the clip it covers at least 95 %, usually more: conservative.
 * A component entered as a figure (an aggregate KPI) counts as exact. Null where the index has
 * no value or a component with a score has no interval.
 */
export function intervalOf(
  scores: readonly (Result<number> | null)[],
  intervals: readonly (readonly [number, number] | null | "exact")[],
  components: readonly Component[],
): readonly [number, number] | null {
  const weights = components.map((c) => c.weight);
  if (isKpiError(indexOf(scores, weights))) return null;
  const lows: (Result<number> | null)[] = [];
  const highs: (Result<number> | null)[] = [];
  for (let k = 0; k < components.length; k++) {
    const s = scores[k];
    if (s === null) {
      lows.push(null);
      highs.push(null);
      continue;
    }
    const bounds = intervals[k];
    if (bounds === null) return null;
    const [a, b] = bounds === "exact" ? [s, s] : [scale(bounds[0], components[k].worst, components[k].best), scale(bounds[1], components[k].worst, components[k].best)];
    if (isKpiError(a) || isKpiError(b)) return null;
    lows.push(Math.min(a, b));
    highs.push(Math.max(a, b));
  }
  const low = indexOf(lows, weights);
  const high = indexOf(highs, weights);
  return isKpiError(low) || isKpiError(high) ? null : [low, high];
}

/**
 * A reference without its $ signs: shorter, and the same in a formula written to one cell (the
 * writers fill none). The CPI block's formulas use them: its scores, index, n and interval go to
 * Excel with the rest of a wide survey's sheet in one Office.js request (src/excel/writer.ts's
 * limit; the bench's 13 KPI x 40 segment x 24 month portable sheet is within a few KB of it).
 */
const bare = (ref: string) => ref.replace(/\$/g, "");

/**
 * Formula of a component's slope, its helper cell beside the sheet (once per component, so that
 * each group's score and bound formulas stay short): 100 / (best - worst), so that KPI.SCALE(x,
 * worst, best) = MEDIAN(0, 100, (x - worst) x slope); #VALUE! for worst = best, as KPI.SCALE.
 */
export function slopeFormula(worst: string, best: string): string {
  return `IF(${best}=${worst},VALUE("worst equals best"),100/(${best}-${worst}))`;
}

/**
 * Formula of a score cell: blank where the value is #N/A, the scaled value otherwise (errors pass
 * through): KPI.SCALE, or its native twin over the component's slope cell (slopeFormula: the
 * same clip, MEDIAN(0,100,x), and the same #VALUE! for worst = best). Short: a wide survey's
 * 13 x 65 groups of scores and the CPI's interval go to Excel in one Office.js request
 * (src/excel/writer.ts's limit).
 */
export function scoreFormula(live: boolean, absoluteValue: string, absoluteWorst: string, absoluteBest: string, slope: string): string {
  const [value, worst, best] = [bare(absoluteValue), bare(absoluteWorst), bare(absoluteBest)];
  return `IF(ISNA(${value}),"",${live ? `KPI.SCALE(${value},${worst},${best})` : `MEDIAN(0,100,(${value}-${worst})*${bare(slope)})`})`;
}

/** Where a component's cells are for the formula of one side of the CPI's interval in one group. */
export interface BoundTerm {
  /** Its score cell in the group. */
  readonly score: string;
  readonly worst: string;
  readonly weight: string;
  /** Its slope cell (slopeFormula). */
  readonly slope: string;
  /** Its 95 % low and high cells in the group; "exact": a figure entered (its score is its bound); "none": a KPI without an interval. */
  readonly interval: { readonly low: string; readonly high: string } | "exact" | "none";
}

/**
 * Formula of one side of the CPI's interval in a group (intervalOf): the weighted mean of the
 * scored components' scaled bounds on that side, blank where the index has no value or where a
 * component with a score has no interval or an error for one. `index` is the group's index cell,
 * `scores` its column of scores and `weights` the column of weights, as the index formula reads
 * them. The same native formula in live mode, as the components' own intervals are.
 */
export function boundFormula(side: "low" | "high", index: string, scores: string, weights: string, terms: readonly BoundTerm[]): string {
  const sum = terms.map((t) => {
    const [score, weight] = [bare(t.score), bare(t.weight)];
    // A figure entered: its weighted score (N: a blank score adds nothing).
    if (t.interval === "exact") return `N(${score})*${weight}`;
    // No interval: text where it has a score, so the formula's blank; nothing where it has none.
    if (t.interval === "none") return `IF(ISNUMBER(${score}),"",0)`;
    const [low, high, slope] = [bare(t.interval.low), bare(t.interval.high), bare(t.slope)];
    // The low score comes from the low bound where best lies above worst (slope > 0), from the high one otherwise.
    const bound = side === "low" ? `IF(${slope}>0,${low},${high})` : `IF(${slope}>0,${high},${low})`;
    // Its bounds are "" exactly where its value, so its score, is none (the statistics table's guard); an error stays an error.
    return `IF(${low}="",0,${weight}*MEDIAN(0,100,(${bound}-${bare(t.worst)})*${slope}))`;
  }).join("+");
  return `IFERROR(IF(ISNUMBER(${bare(index)}),(${sum})/SUMPRODUCT(ISNUMBER(${bare(scores)})*1,${bare(weights)}),""),"")`;
}

/**
 * Formula of the index over a column of scores and the column of weights: KPI.CPI, or its
 * native twin (SUMPRODUCT reads text and blanks as 0; an error among the scores is the result;
 * a missing or negative weight beside a score is #VALUE!, no score #N/A, weights adding up to 0
 * #VALUE!), with no array evaluation outside SUMPRODUCT.
 */
export function indexFormula(live: boolean, absoluteScores: string, absoluteWeights: string): string {
  const [scores, weights] = [bare(absoluteScores), bare(absoluteWeights)];
  if (live) return `KPI.CPI(${scores},${weights})`;
  const has = `ISNUMBER(${scores})`;
  const badWeights = `SUMPRODUCT(${has}*(ISNUMBER(${weights})=FALSE))+SUMPRODUCT(${has}*(${weights}<0))`;
  // Two arrays, so a text weight beside a blank score reads as 0 as KPI.CPI skips it.
  const weightSum = `SUMPRODUCT(${has}*1,${weights})`;
  return `IF(ISERROR(SUM(${scores})),SUM(${scores}),IF(${badWeights}>0,VALUE("a weight is missing or negative"),` +
    `IF(SUMPRODUCT(${has}*1)=0,NA(),IF(${weightSum}<=0,VALUE("the weights add up to 0"),SUMPRODUCT(${scores},${weights})/${weightSum}))))`;
}

/** Formula of the index's n: the smallest n of the components with a score, blank when none. */
export function smallestNFormula(pairs: readonly { readonly score: string; readonly n: string }[]): string {
  // Blank where no score is a number (COUNT, like ISNUMBER, skips text, blanks and errors); the MIN written once.
  const min = `MIN(${pairs.map((p) => `IF(ISNUMBER(${bare(p.score)}),${bare(p.n)},1E+300)`).join(",")})`;
  return `IF(COUNT(${pairs.map((p) => bare(p.score)).join(",")})=0,"",${min})`;
}
