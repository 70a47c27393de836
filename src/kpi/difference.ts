/**
 * A sample KPI's value as the mean of a per-answer score, and the interval of the difference
 * between two groups' values: what the scorecard needs, beside the test, to say how large a
 * difference is and how large one it could have seen.
 *
 * Every KPI compared on the scorecard is the mean of a score over its answers: NPS of +100
 * (promoter), 0 and -100 (detractor), a share (CSAT, FCR, complaint flags) of 1 and 0, a mean
 * (CES, revenue, engagement, impact, sentiment, complaint counts) of the value itself. Its
 * moments (n, mean, and the centred sum of squares SS) come from the KPI's additive statistics,
 * so the variance of the two groups together under the null of one distribution, SS / n of
 * their summed statistics, is what the pooled tests use (NPS: V = p + d - (p - d)^2, a share:
 * p (1 - p)); the planner reads it for the smallest detectable difference and the trend test.
 *
 * The interval of a difference is each family's standard one with good coverage at small n:
 *   - a share: Agresti and Caffo (2000), "Simple and effective confidence intervals for
 *     proportions and differences of proportions result from adding two successes and two
 *     failures", The American Statistician 54(4) 280-288: one success and one failure added to
 *     each group, then the Wald interval of the difference;
 *   - NPS: the same construction with the adjusted-Wald pseudo-counts of one NPS (Rocks 2016,
 *     "Interval estimation for the 'net promoter score'", The American Statistician 70(4)
 *     365-372: 0.75 promoters, 0.75 detractors and 1.5 passives) added to each group;
 *   - a mean: Student's interval with the pooled variance, n_a + n_b - 2 degrees of freedom
 *     (e.g. Snedecor and Cochran, "Statistical Methods", 8th ed., 6.7), the interval of the
 *     pooled t-test the mark uses (it excludes 0 exactly when that test's p is below 0.05), and
 *     one that does not shrink to nothing for a group of thirty 7s or a small skewed sample
 *     whose own variance is underestimated (Welch's would).
 * Differences are value(a) - value(b), in the KPI's unit.
 */
import { alphaText, formatNumber } from "./native";
import { clip, zOf } from "./nativeStats";
import { centredSumOfSquares, tQuantile, zFor } from "./stats";

/**
 * A group's value as the mean of a score: n, the mean, the centred sum of squares
 * sum((x - mean)^2) and the centred sum of cubes sum((x - mean)^3), what the skewness of the
 * scores is made of (skewness.ts).
 */
export interface ScoreMoments {
  readonly n: number;
  readonly mean: number;
  readonly ss: number;
  readonly sc: number;
}

/** The same as native formula texts over statistic cells (or expressions of them). */
export interface ScoreMomentsFormulas {
  readonly n: string;
  readonly mean: string;
  readonly ss: string;
  readonly sc: string;
}

/**
 * The centred sum of cubes from sums about a point: n, S = sum(y), Q = sum(y^2), C = sum(y^3)
 * give sum((y - S/n)^3) = C - 3 d Q + 2 n d^3 with d = S/n (expand (y - d)^3 and use sum y = n d).
 * y is x - K for a mean's statistics about a shift (sample.ts's Moments), so d stays of the
 * data's spread and nothing cancels that the shift did not already keep; 0 for an empty group.
 */
export function centredSumOfCubes(n: number, s: number, q: number, c: number): number {
  if (!(n > 0)) return 0;
  const d = s / n;
  return c - 3 * d * q + 2 * n * d * d * d;
}

/** The same as a native formula over statistic expressions (0 for an empty group). */
export function centredSumOfCubesFormula(n: string, s: string, q: string, c: string): string {
  return `IF(${n}=0,0,${c}-3*${s}/${n}*${q}+2*${s}^3/${n}^2)`;
}

/** How a sample KPI reads as the mean of a score. */
export interface ScoreModel {
  moments(s: readonly number[]): ScoreMoments;
  momentsFormulas(s: readonly string[]): ScoreMomentsFormulas;
  /**
   * The sum of the scores about the shift K of a mean's statistics (K is 0 for NPS and shares):
   * n (mean - K), without a division, so it is 0, not an error, for an empty group; a sum over
   * groups weighted by numbers that sum to 0 (a slope's) then keeps its digits on values near 1e9.
   */
  total(s: readonly number[]): number;
  /** The same over statistic expressions; element by element over ranges of them (inside SUMPRODUCT). */
  totalFormula(s: readonly string[]): string;
  /** The shift K the totals are taken about. */
  shift(): number;
  /** Two-sided interval of value(a) - value(b) at a confidence level; null where there is none (an empty group). */
  differenceInterval(a: readonly number[], b: readonly number[], confidence: number): readonly [number, number] | null;
  /** Its bounds as native formulas ("" where there is none). */
  differenceIntervalFormulas(a: readonly string[], b: readonly string[], confidence: number): readonly [string, string];
}

/** Slots of a share's statistics: n and the successes. */
export interface ShareSlots {
  readonly n: number;
  readonly s: number;
}

/** A share (CSAT, FCR, complaint flags): the mean of 1 (success) and 0. */
export function shareScore(slots: ShareSlots): ScoreModel {
  return {
    moments: (st) => {
      const n = st[slots.n];
      const s = st[slots.s];
      // A score of 1 and 0 is its own square and cube: sum x = sum x^2 = sum x^3 = s.
      return { n, mean: s / n, ss: Math.max(0, s - (s * s) / n), sc: centredSumOfCubes(n, s, s, s) };
    },
    momentsFormulas: (st) => {
      const n = st[slots.n];
      const s = st[slots.s];
      return { n, mean: `${s}/${n}`, ss: `MAX(0,${s}-${s}^2/${n})`, sc: centredSumOfCubesFormula(n, s, s, s) };
    },
    total: (st) => st[slots.s],
    totalFormula: (st) => st[slots.s],
    shift: () => 0,
    differenceInterval: (a, b, confidence) => agrestiCaffo(a[slots.s], a[slots.n], b[slots.s], b[slots.n], confidence),
    differenceIntervalFormulas: (a, b, confidence) => agrestiCaffoFormulas(a[slots.s], a[slots.n], b[slots.s], b[slots.n], confidence),
  };
}

/** Agresti-Caffo interval of s1/n1 - s2/n2: one success and one failure added to each group, then Wald; within -1..1. */
export function agrestiCaffo(s1: number, n1: number, s2: number, n2: number, confidence: number): readonly [number, number] | null {
  if (!(n1 > 0 && n2 > 0)) return null;
  const p1 = (s1 + 1) / (n1 + 2);
  const p2 = (s2 + 1) / (n2 + 2);
  const half = zFor(confidence) * Math.sqrt((p1 * (1 - p1)) / (n1 + 2) + (p2 * (1 - p2)) / (n2 + 2));
  return [Math.max(-1, p1 - p2 - half), Math.min(1, p1 - p2 + half)];
}

function agrestiCaffoFormulas(s1: string, n1: string, s2: string, n2: string, confidence: number): [string, string] {
  const p1 = `((${s1}+1)/(${n1}+2))`;
  const p2 = `((${s2}+1)/(${n2}+2))`;
  const half = `${zOf(confidence)}*SQRT(${p1}*(1-${p1})/(${n1}+2)+${p2}*(1-${p2})/(${n2}+2))`;
  const guard = (x: string) => `IF(OR(${n1}=0,${n2}=0),"",${x})`;
  return [guard(clip(`${p1}-${p2}-${half}`, -1, null)), guard(clip(`${p1}-${p2}+${half}`, null, 1))];
}

/** Slots of NPS's statistics: n, promoters, detractors. */
export interface NpsSlots {
  readonly n: number;
  readonly promoters: number;
  readonly detractors: number;
}

/** NPS: the mean of +100 (promoter), 0 (passive) and -100 (detractor). */
export function npsScore(slots: NpsSlots): ScoreModel {
  const pick = <T>(st: readonly T[]) => [st[slots.n], st[slots.promoters], st[slots.detractors]] as const;
  return {
    moments: (st) => {
      const [n, p, d] = pick(st);
      // sum x = 100 (p - d), sum x^2 = 100^2 (p + d), sum x^3 = 100^3 (p - d): in units of 100, then scaled.
      return { n, mean: ((p - d) / n) * 100, ss: Math.max(0, (p + d - ((p - d) * (p - d)) / n) * 10000), sc: centredSumOfCubes(n, p - d, p + d, p - d) * 1e6 };
    },
    momentsFormulas: (st) => {
      const [n, p, d] = pick(st);
      return { n, mean: `(${p}-${d})/${n}*100`, ss: `MAX(0,(${p}+${d}-(${p}-${d})^2/${n})*10000)`, sc: `(${centredSumOfCubesFormula(n, `(${p}-${d})`, `(${p}+${d})`, `(${p}-${d})`)})*1000000` };
    },
    total: (st) => (st[slots.promoters] - st[slots.detractors]) * 100,
    totalFormula: (st) => `((${st[slots.promoters]}-${st[slots.detractors]})*100)`,
    shift: () => 0,
    differenceInterval: (a, b, confidence) => {
      const [na, pa, da] = pick(a);
      const [nb, pb, db] = pick(b);
      if (!(na > 0 && nb > 0)) return null;
      const side = (n: number, p: number, d: number) => {
        const m = n + 3;
        const ps = (p + 0.75) / m;
        const ds = (d + 0.75) / m;
        return { centre: (ps - ds) * 100, v: ((ps + ds - (ps - ds) ** 2) / m) * 10000 };
      };
      const x = side(na, pa, da);
      const y = side(nb, pb, db);
      const half = zFor(confidence) * Math.sqrt(x.v + y.v);
      return [Math.max(-200, x.centre - y.centre - half), Math.min(200, x.centre - y.centre + half)];
    },
    differenceIntervalFormulas: (a, b, confidence) => {
      const [na, pa, da] = pick(a);
      const [nb, pb, db] = pick(b);
      const side = (n: string, p: string, d: string) => {
        const ps = `((${p}+0.75)/(${n}+3))`;
        const ds = `((${d}+0.75)/(${n}+3))`;
        return { centre: `(${ps}-${ds})*100`, v: `(${ps}+${ds}-(${ps}-${ds})^2)/(${n}+3)*10000` };
      };
      const x = side(na, pa, da);
      const y = side(nb, pb, db);
      const half = `${zOf(confidence)}*SQRT(${x.v}+${y.v})`;
      const guard = (e: string) => `IF(OR(${na}=0,${nb}=0),"",${e})`;
      return [guard(clip(`${x.centre}-${y.centre}-${half}`, -200, null)), guard(clip(`${x.centre}-${y.centre}+${half}`, null, 200))];
    },
  };
}

/** Slots of a mean's statistics: n, the sum, the sum of squares and the sum of cubes (about a shift, see sample.ts's Moments). */
export interface MeanSlots {
  readonly n: number;
  readonly sum: number;
  readonly squares: number;
  readonly cubes: number;
  shift(): number;
}

/** A mean: the value itself is the score. */
export function meanScore(slots: MeanSlots): ScoreModel {
  const pick = <T>(st: readonly T[]) => [st[slots.n], st[slots.sum], st[slots.squares]] as const;
  return {
    moments: (st) => {
      const [n, s, q] = pick(st);
      return { n, mean: slots.shift() + s / n, ss: centredSumOfSquares(n, s, q), sc: centredSumOfCubes(n, s, q, st[slots.cubes]) };
    },
    momentsFormulas: (st) => {
      const [n, s, q] = pick(st);
      const k = slots.shift();
      return { n, mean: k === 0 ? `${s}/${n}` : `(${formatNumber(k)}+${s}/${n})`, ss: `MAX(0,${q}-${s}^2/${n})`, sc: centredSumOfCubesFormula(n, s, q, st[slots.cubes]) };
    },
    total: (st) => st[slots.sum],
    totalFormula: (st) => st[slots.sum],
    shift: () => slots.shift(),
    differenceInterval: (a, b, confidence) => {
      const [na, sa, qa] = pick(a);
      const [nb, sb, qb] = pick(b);
      const df = na + nb - 2;
      if (!(na > 0 && nb > 0 && df >= 1)) return null;
      const diff = sa / na - sb / nb;
      const v = (centredSumOfSquares(na, sa, qa) + centredSumOfSquares(nb, sb, qb)) / df;
      const half = tQuantile(1 - (1 - confidence) / 2, df) * Math.sqrt(v * (1 / na + 1 / nb));
      return [diff - half, diff + half];
    },
    differenceIntervalFormulas: (a, b, confidence) => {
      const [na, sa, qa] = pick(a);
      const [nb, sb, qb] = pick(b);
      const df = `(${na}+${nb}-2)`;
      const diff = `(${sa}/${na}-${sb}/${nb})`;
      const v = `(MAX(0,${qa}-${sa}^2/${na})+MAX(0,${qb}-${sb}^2/${nb}))/${df}`;
      const half = `TINV(${alphaText(confidence)},${df})*SQRT(${v}*(1/${na}+1/${nb}))`;
      const guard = (e: string) => `IF(OR(${na}=0,${nb}=0,${df}<1),"",${e})`;
      return [guard(`${diff}-${half}`), guard(`${diff}+${half}`)];
    },
  };
}
