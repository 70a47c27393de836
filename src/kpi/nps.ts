/**
 * Net Promoter Score: % promoters - % detractors, in points on -100..100.
 *
 * Responses are whole numbers 0..10; by default 9-10 are promoters and 0-6 detractors
 * (Reichheld, "The One Number You Need to Grow", HBR 2003).
 * Example: 0,7,7,9,9,9 -> (3 - 1) / 6 * 100 = 33.33 (reference value of the R package NPS).
 */
import { readConfidence, readIntegerScale, readOption, readScalar } from "./coerce";
import { npsScore } from "./difference";
import { errors, finite, isKpiError, type Result } from "./errors";
import { byReading, countBetween, countNumeric, countOffScale, guarded } from "./native";
import { normalTail, zFor } from "./stats";
import { clip, npsPooledPFormula, zOf } from "./nativeStats";
import { scaleSql } from "./sql";
import { scaleAnswer, valueErrorIf, where, type SampleKpi } from "./sample";
import type { FunctionDef, KpiMeta, Spill } from "./types";

export const meta: KpiMeta = {
  id: "NPS",
  title: "Net Promoter Score",
  unit: "points",
  numberFormat: "0.0",
  direction: "higher",
  bands: { kind: "fixed", green: 50, amber: 0, labels: ["Excellent", "Good", "Poor"] },
  indicator: "lagging",
  summary: "% promoters (9-10) minus % detractors (0-6), in points from -100 to 100",
  range: { lo: -100, hi: 100 },
};

export interface NpsCounts {
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  readonly n: number;
  readonly skipped: number;
}

/** Reads and classifies responses; thresholds are validated here once for all NPS functions. */
export function npsCounts(responses: unknown, promoterMin: unknown = null, detractorMax: unknown = null): Result<NpsCounts> {
  const pMin = readScalar(promoterMin, "promoter_min", { default: 9 });
  if (isKpiError(pMin)) return pMin;
  const dMax = readScalar(detractorMax, "detractor_max", { default: 6 });
  if (isKpiError(dMax)) return dMax;
  if (!(pMin >= 0 && pMin <= 10)) return errors.domain("promoter_min", pMin, "use a score from 0 to 10");
  if (!(dMax >= 0 && dMax <= 10)) return errors.domain("detractor_max", dMax, "use a score from 0 to 10");
  if (!(dMax < pMin)) return errors.domain("detractor_max", dMax, `it must be below promoter_min (${pMin})`);
  const read = readIntegerScale(responses, 0, 10, "response");
  if (isKpiError(read)) return read;
  let promoters = 0;
  let detractors = 0;
  for (let score = 0; score <= 10; score++) {
    if (score >= pMin) promoters += read.counts[score];
    else if (score <= dMax) detractors += read.counts[score];
  }
  return { promoters, detractors, passives: read.n - promoters - detractors, n: read.n, skipped: read.skipped };
}

/** NPS in points from classified counts. */
export function npsOf(c: NpsCounts): number {
  return ((c.promoters - c.detractors) / c.n) * 100;
}

/** Per-respondent variance of the promoter(+1)/passive(0)/detractor(-1) score, as fractions. */
export function npsVariance(promoterShare: number, detractorShare: number): number {
  return promoterShare + detractorShare - (promoterShare - detractorShare) ** 2;
}

export function nps(responses: unknown, promoterMin: unknown = null, detractorMax: unknown = null): Result<number> {
  const c = npsCounts(responses, promoterMin, detractorMax);
  if (isKpiError(c)) return c;
  if (c.n === 0) return errors.noNumeric();
  return finite(npsOf(c));
}

export const MOE_METHODS = ["wald", "adjusted"] as const;
export type MoeMethod = (typeof MOE_METHODS)[number];

/**
 * Margin of error of NPS in points: z * sqrt((p + d - (p - d)^2) / n) * 100.
 * "adjusted" is the adjusted-Wald interval of Rocks (2016): add 0.75 promoters, 0.75
 * detractors and 1.5 passives before computing p, d and n.
 */
export function moeOf(c: NpsCounts, confidence: number, method: MoeMethod): number {
  const add = method === "adjusted" ? 0.75 : 0;
  const n = c.n + 4 * add;
  const p = (c.promoters + add) / n;
  const d = (c.detractors + add) / n;
  return zFor(confidence) * Math.sqrt(npsVariance(p, d) / n) * 100;
}

/** The arguments NPS.MOE and NPS.CI share, read once: counts (n > 0), confidence and method. */
function moeArgs(responses: unknown, confidence: unknown, method: unknown): Result<{ c: NpsCounts; conf: number; m: MoeMethod }> {
  const conf = readConfidence(confidence);
  if (isKpiError(conf)) return conf;
  const m = readOption(method, "method", MOE_METHODS, "wald");
  if (isKpiError(m)) return m;
  const c = npsCounts(responses);
  if (isKpiError(c)) return c;
  if (c.n === 0) return errors.noNumeric();
  return { c, conf, m };
}

export function npsMoe(responses: unknown, confidence: unknown = null, method: unknown = null): Result<number> {
  const a = moeArgs(responses, confidence, method);
  if (isKpiError(a)) return a;
  return finite(moeOf(a.c, a.conf, a.m));
}

/** The NPS tests the catalogue offers: under one distribution (pooled, the default) or each group's own variance. */
export const NPS_TEST_METHODS = ["pooled", "unpooled"] as const;
export type NpsTestMethod = (typeof NPS_TEST_METHODS)[number];

/** KPI.NPS.TEST: two-sided p-value of NPS_a - NPS_b for independent samples (normal approximation). */
export function npsTest(responsesA: unknown, responsesB: unknown, method: unknown = null): Result<number> {
  const m = readOption(method, "method", NPS_TEST_METHODS, "pooled");
  if (isKpiError(m)) return m;
  const a = npsCounts(responsesA);
  if (isKpiError(a)) return a;
  const b = npsCounts(responsesB);
  if (isKpiError(b)) return b;
  if (a.n === 0 || b.n === 0) return errors.noNumeric();
  return npsDiffP(a, b, m);
}

type Classified = Pick<NpsCounts, "n" | "promoters" | "detractors">;

/**
 * Two-sided p-value of NPS_a - NPS_b from two groups' counts (both n > 0):
 * z = (NPS_a - NPS_b) / SE with V = p + d - (p - d)^2 the variance of the +1/0/-1 score.
 * "pooled" (the default): SE = sqrt(V (1/n_a + 1/n_b)) with p and d of both groups together, the
 * z-test under the null of one distribution (as the pooled two-proportion test is). A group
 * without spread (30 promoters) is then judged by the spread of the whole: 30 answers of 10
 * against 1,500 of 10 (1,275), 7 (180) and 3 (45) gives 0.0307 (spec/functions.md), where
 * "unpooled", SE = sqrt(V_a/n_a + V_b/n_b) (the R package NPS's nps.test), gives 7.6e-53: a false
 * certainty. Pooled, V = 0 only when every answer of both groups is in one category: the NPS are
 * equal and p is 1. Unpooled, two groups without spread have no statistic (#NUM!).
 */
export function npsDiffP(a: Classified, b: Classified, method: NpsTestMethod = "pooled"): Result<number> {
  const pa = a.promoters / a.n;
  const da = a.detractors / a.n;
  const pb = b.promoters / b.n;
  const db = b.detractors / b.n;
  let se: number;
  if (method === "pooled") {
    const all = a.n + b.n;
    const v = npsVariance((a.promoters + b.promoters) / all, (a.detractors + b.detractors) / all);
    if (!(v > 0)) return 1;
    se = Math.sqrt(v * (1 / a.n + 1 / b.n));
  } else {
    se = Math.sqrt(npsVariance(pa, da) / a.n + npsVariance(pb, db) / b.n);
    // Both groups without spread: the test statistic is undefined (0/0 or x/0).
    if (!(se > 0)) return errors.notFinite("the test statistic");
  }
  const z = (pa - da - (pb - db)) / se;
  return finite(Math.min(1, 2 * normalTail(z)));
}

export const BREAKDOWN_LABELS = [
  "Responses",
  "Promoters",
  "Passives",
  "Detractors",
  "% Promoters",
  "% Passives",
  "% Detractors",
  "NPS",
  "Margin of error (95%)",
  "Skipped cells",
] as const;

/** The counts behind an NPS as a 10 x 2 spill (label, value); shares are fractions. */
export function npsBreakdown(responses: unknown): Result<Spill> {
  const c = npsCounts(responses);
  if (isKpiError(c)) return c;
  if (c.n === 0) return errors.noNumeric();
  const values = [
    c.n,
    c.promoters,
    c.passives,
    c.detractors,
    c.promoters / c.n,
    c.passives / c.n,
    c.detractors / c.n,
    npsOf(c),
    moeOf(c, 0.95, "wald"),
    c.skipped,
  ];
  return BREAKDOWN_LABELS.map((label, i) => [label, values[i]]);
}

/** Native Excel formula for NPS over a bounded range (numbers and numeric text, 0..10 only). */
export function npsFormula(ref: string, promoterMin = 9, detractorMax = 6): string {
  return byReading([ref], (r) => {
    const p = countBetween(ref, promoterMin, 10, null, r);
    const d = countBetween(ref, 0, detractorMax, null, r);
    const n = countNumeric(ref, null, r);
    return guarded(n, countOffScale(ref, 0, 10, null, r), `(${p}-${d})/${n}*100`);
  });
}

/** Native Excel formula for the Wald margin of error of NPS, in points. */
export function npsMoeFormula(ref: string, confidence = 0.95): string {
  return byReading([ref], (r) => {
    const n = countNumeric(ref, null, r);
    const p = `${countBetween(ref, 9, 10, null, r)}/${n}`;
    const d = `${countBetween(ref, 0, 6, null, r)}/${n}`;
    const z = `NORMSINV(${1 - (1 - confidence) / 2})`;
    return guarded(n, countOffScale(ref, 0, 10, null, r), `${z}*SQRT((${p}+${d}-(${p}-${d})^2)/${n})*100`);
  });
}

/**
 * KPI.NPS.CI: the interval centre -/+ NPS.MOE in points, clipped to -100..100, as one row of two
 * cells (lower, upper). The centre is the NPS ("wald") or, with "adjusted", the NPS after the
 * adjusted-Wald pseudo-counts (Rocks 2016: + 0.75 promoters, 0.75 detractors, 1.5 passives).
 * Example: 0,7,7,9,9,9 -> 33.33 -/+ 1.96 * 0.3043 * 100 = -26.3 .. 93.0.
 */
export function npsCi(responses: unknown, confidence: unknown = null, method: unknown = null): Result<Spill> {
  const a = moeArgs(responses, confidence, method);
  if (isKpiError(a)) return a;
  const { c, conf, m } = a;
  // The adjusted method adds 0.75 promoters and 0.75 detractors, so only n moves the centre.
  const centre = ((c.promoters - c.detractors) / (m === "adjusted" ? c.n + 3 : c.n)) * 100;
  const moe = moeOf(c, conf, m);
  return [[Math.max(-100, centre - moe), Math.min(100, centre + moe)]];
}

export const functions: FunctionDef[] = [
  { name: "NPS", params: ["responses", "promoter_min", "detractor_max"], kinds: ["range", "optional-scalar", "optional-scalar"], invoke: (a) => nps(a[0], a[1], a[2]) },
  { name: "NPS.MOE", params: ["responses", "confidence", "method"], kinds: ["range", "optional-scalar", "optional-text"], invoke: (a) => npsMoe(a[0], a[1], a[2]) },
  { name: "NPS.TEST", params: ["responses_a", "responses_b", "method"], kinds: ["range", "range", "optional-text"], invoke: (a) => npsTest(a[0], a[1], a[2]) },
  { name: "NPS.BREAKDOWN", params: ["responses"], kinds: ["range"], invoke: (a) => npsBreakdown(a[0]) },
  { name: "NPS.CI", params: ["responses", "confidence", "method"], kinds: ["range", "optional-scalar", "optional-text"], invoke: (a) => npsCi(a[0], a[1], a[2]) },
];

/**
 * NPS as its statistics: n, promoters, detractors (and the cells off the 0..10 scale, which
 * make the function #VALUE!). Interval: NPS.CI's adjusted Wald; test: NPS.TEST's pooled z-test.
 */
export const sample: SampleKpi = {
  meta,
  role: "nps",
  combine: "each",
  configure: () => ({
    statistics: ["n", "promoters", "detractors", "off scale"],
    add(acc, cells) {
      const v = scaleAnswer(acc, cells[0], 0, 10, 3);
      if (typeof v !== "number") return v;
      if (v >= 9) acc[1]++;
      else if (v <= 6) acc[2]++;
      return null;
    },
    value: ([n, p, d]) => (n === 0 ? errors.noNumeric() : finite(((p - d) / n) * 100)),
    // The adjusted-Wald interval (NPS.CI "adjusted"): 95 % coverage at n = 30 for a brand of 85 %
    // promoters, where Wald's falls to 88 % and can be [100, 100] (spec/scorecard.md).
    interval([n, p, d], confidence) {
      if (n === 0) return null;
      const centre = ((p - d) / (n + 3)) * 100;
      const moe = moeOf({ n, promoters: p, detractors: d, passives: n - p - d, skipped: 0 }, confidence, "adjusted");
      return [Math.max(-100, centre - moe), Math.min(100, centre + moe)];
    },
    pValue: ([na, pa, da], [nb, pb, db]) => (na === 0 || nb === 0 ? errors.noNumeric() : npsDiffP({ n: na, promoters: pa, detractors: da }, { n: nb, promoters: pb, detractors: db })),
    statSql: ([c]) => scaleSql(c.value, 0, 10, [`${c.value} >= 9`, `${c.value} <= 6`]),
    statFormulas: ([ref], cond) => {
      return [countNumeric(ref, cond), countBetween(ref, 9, 10, cond), countBetween(ref, 0, 6, cond), countOffScale(ref, 0, 10, cond)];
    },
    valueFormula: ([n, p, d, off]) => valueErrorIf(off, `IF(${n}=0,NA(),(${p}-${d})/${n}*100)`),
    intervalFormulas([n, p, d], confidence) {
      const centre = `(${p}-${d})/(${n}+3)*100`;
      const ps = `(${p}+0.75)/(${n}+3)`;
      const ds = `(${d}+0.75)/(${n}+3)`;
      const moe = `${zOf(confidence)}*SQRT((${ps}+${ds}-(${ps}-${ds})^2)/(${n}+3))*100`;
      return [`IF(${n}=0,"",${clip(`${centre}-${moe}`, -100, null)})`, `IF(${n}=0,"",${clip(`${centre}+${moe}`, null, 100)})`];
    },
    pFormula: ([na, pa, da], [nb, pb, db]) => npsPooledPFormula([na, pa, da], [nb, pb, db]),
    score: npsScore({ n: 0, promoters: 1, detractors: 2 }),
    liveFormula: ([ref], cond) => `KPI.NPS(${where(ref, cond)})`,
    note: () => "",
  }),
};
