/**
 * Whether a comparison's test can be trusted on data this skewed: Cochran's rule, applied to the
 * statistic each comparison tests.
 *
 * Every test on the sheet (NPS, shares, means: pooled, under the null of one distribution) reads
 * its p from the normal (or Student) curve, which holds for a mean of n answers only when the
 * mean's own skewness is small. Cochran ("Sampling Techniques", 3rd ed., 1977, 2.15) gives the
 * rule n > 25 G1^2 for the normal approximation of a mean, G1 the skewness of the answers: the
 * skewness of the mean, G1 / sqrt(n), at most 0.2. A comparison tests a difference of two means,
 * or a slope over periods: a sum c_i x_i over the answers with fixed weights (1/n_a and -1/n_b;
 * (t - tbar) / Sxx), whose skewness under the null of one distribution is exactly
 *
 *   G1 * sum c_i^3 / (sum c_i^2)^(3/2),
 *
 * (cumulants add over independent answers: k3 sum c^3 over (k2 sum c^2)^(3/2)), so the rule is
 * the same bound, 0.2, on that skewness:
 *   - two groups: G1 (1/n_a - 1/n_b) / sqrt(1/n_a + 1/n_b) (sum c^3 = 1/n_a^2 - 1/n_b^2, which
 *     factors), so a group of 40 beside 3,000 needs what one mean of 40 needs, and two groups of
 *     equal size are never too skewed (the skewness of their difference is 0);
 *   - a slope: G1 sum n_t (x_t - xbar)^3 / Sxx^(3/2).
 * G1 is the skewness of both sides' answers together (the pooled statistics, as the pooled tests
 * take the variance): g1 = m3 / m2^(3/2) from the centred sums of squares and cubes
 * (difference.ts), which a KPI gives from its additive statistics (NPS and shares from their
 * counts, a mean from its sum of cubes about the shift). A group without spread has no skewness.
 *
 * Where the bound fails, the comparison is not tested (it leaves the Benjamini-Hochberg family,
 * as a group below the minimum n does) and the sheet says so in words: "too skewed to test at n
 * 42; needs 310", the n the smaller side would need with the other as it is (for a slope: the
 * answers over the periods, each period grown alike). Solving (a - b) / sqrt(a + b) = c for
 * a = 1/n (b = 1/n of the other side, c = 0.2 / |G1|) gives a = b + c^2/2 + sqrt(2 b c^2 + c^4/4);
 * b = 0 gives back Cochran's 25 G1^2.
 *
 * Why a gate and not a corrected test: a skewness-corrected t (Johnson 1978, Hall 1992) removes
 * the first-order error where the mean's skewness is moderate, but the skewness it corrects by
 * is itself estimated from the sample, and on long tails (order values, lognormal sigma 1.5:
 * G1 = 33) the sample's is a third of the truth even at 3,500 answers, so the correction falls
 * short exactly where it is needed; and the catalogue's tests (NPS.TEST, CES.TEST, ...) stay the
 * ones the sheet shows. The bench (scripts/bench/marks.ts) measures what the rule gives.
 */
import type { ScoreMoments, ScoreMomentsFormulas } from "../kpi/difference";
import { formatNumber } from "../kpi/native";

/** Cochran's bound on the skewness of the tested statistic. */
export const SKEW_LIMIT = 0.2;

/** Whether a comparison's statistic is too skewed to test, and what it would need. */
export interface SkewCheck {
  /** The skewness of the tested statistic under the null (signed). */
  readonly skewness: number;
  readonly tooSkewed: boolean;
  /** The n the check is about: the smaller side (a difference) or all the answers (a slope). */
  readonly n: number;
  /** The n that would pass (null where the check passes). */
  readonly needs: number | null;
}

/** The skewness g1 of the answers from their centred sums (0 without spread). */
export function skewnessOf(m: ScoreMoments): number {
  if (!(m.n > 0) || !(m.ss > 0)) return 0;
  return m.sc / m.n / (m.ss / m.n) ** 1.5;
}

/** The same as a native formula. */
export function skewnessFormula(m: ScoreMomentsFormulas): string {
  return `IF(${m.ss}<=0,0,(${m.sc})/${m.n}/((${m.ss})/${m.n})^1.5)`;
}

/** The smaller side's n that a difference needs beside `other`, at skewness g1 of the answers. */
function neededBeside(g1: number, other: number): number {
  const c = SKEW_LIMIT / Math.abs(g1);
  const b = 1 / other;
  return Math.ceil(1 / (b + (c * c) / 2 + Math.sqrt(2 * b * c * c + c ** 4 / 4)));
}

/** The check of a difference between groups of na and nb answers, both drawn from answers of these moments. */
export function differenceSkew(both: ScoreMoments, na: number, nb: number): SkewCheck {
  const g1 = skewnessOf(both);
  const skewness = g1 * Math.abs(1 / na - 1 / nb) / Math.sqrt(1 / na + 1 / nb);
  const tooSkewed = Math.abs(skewness) > SKEW_LIMIT;
  return { skewness, tooSkewed, n: Math.min(na, nb), needs: tooSkewed ? neededBeside(g1, Math.max(na, nb)) : null };
}

/** The check of a slope over periods of ns answers at times xs (those that take part). */
export function slopeSkew(both: ScoreMoments, ns: readonly number[], xs: readonly number[]): SkewCheck {
  const g1 = skewnessOf(both);
  const n = ns.reduce((s, x) => s + x, 0);
  const xbar = ns.reduce((s, k, j) => s + k * xs[j], 0) / n;
  const sxx = ns.reduce((s, k, j) => s + k * (xs[j] - xbar) ** 2, 0);
  const sx3 = ns.reduce((s, k, j) => s + k * (xs[j] - xbar) ** 3, 0);
  const skewness = sxx > 0 ? (g1 * sx3) / sxx ** 1.5 : 0;
  const tooSkewed = Math.abs(skewness) > SKEW_LIMIT;
  // Every period grown by a factor f divides the skewness by sqrt(f).
  return { skewness, tooSkewed, n, needs: tooSkewed ? Math.ceil(n * (skewness / SKEW_LIMIT) ** 2) : null };
}

/** What the sheet says where a comparison is too skewed to test. */
export function tooSkewedText(check: SkewCheck): string {
  return `too skewed to test at n ${check.n}; needs ${check.needs}`;
}

/**
 * A difference's check as native formulas, `g1` the cell that holds the skewness of both sides'
 * answers (skewnessFormula, once per comparison: the check reads it four times): `ok` TRUE where
 * it may be tested; `text` what the sheet says otherwise.
 */
export function differenceSkewFormulas(g1: string, na: string, nb: string): { readonly ok: string; readonly text: string } {
  const skew = `ABS(${g1})*ABS(1/${na}-1/${nb})/SQRT(1/${na}+1/${nb})`;
  const c = `(${formatNumber(SKEW_LIMIT)}/ABS(${g1}))`;
  const b = `(1/MAX(${na},${nb}))`;
  const needs = `ROUNDUP(1/(${b}+${c}^2/2+SQRT(2*${b}*${c}^2+${c}^4/4)),0)`;
  return { ok: `${skew}<=${formatNumber(SKEW_LIMIT)}`, text: `"too skewed to test at n "&MIN(${na},${nb})&"; needs "&${needs}` };
}

/**
 * A slope's check as native formulas, over the periods' n range, the mask of those that take
 * part, their times (an array constant) and the cell of their n (summed).
 */
export function slopeSkewFormulas(both: ScoreMomentsFormulas, r: { readonly n: string; readonly mask: string; readonly x: string; readonly total: string }): { readonly ok: string; readonly text: string } {
  const g1 = skewnessFormula(both);
  const xbar = `(SUMPRODUCT(${r.mask}*${r.n}*${r.x})/${r.total})`;
  const moment = (power: number) => `SUMPRODUCT(${r.mask}*${r.n}*(${r.x}-${xbar})^${power})`;
  const skew = `(${g1})*${moment(3)}/${moment(2)}^1.5`;
  return {
    ok: `ABS(${skew})<=${formatNumber(SKEW_LIMIT)}`,
    text: `"too skewed to test at n "&${r.total}&"; needs "&ROUNDUP(${r.total}*(${skew}/${formatNumber(SKEW_LIMIT)})^2,0)`,
  };
}
