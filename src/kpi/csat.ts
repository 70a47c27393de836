/**
 * Customer Satisfaction: the share of responses at or above `satisfied_min` (top-2-box on
 * the 1..5 scale), as a fraction.
 * satisfied_min defaults to the top two boxes: 4 on the default 1..5 scale, scale_max - 1 on others.
 * Example (a survey vendor's worked example): 5:42, 4:32, 3:10, 2:9, 1:14 -> 74/107 = 0.6916.
 */
import { readConfidence, readIntegerScale, readScalar } from "./coerce";
import { shareScore } from "./difference";
import { errors, finite, isKpiError, type Result } from "./errors";
import { byReading, countBetween, countNumeric, countOffScale, guarded } from "./native";
import { twoProportionPFormula, wilsonFormulas } from "./nativeStats";
import { scaleAnswer, valueErrorIf, where, type SampleKpi } from "./sample";
import { scaleSql } from "./sql";
import { twoProportionP, wilsonInterval } from "./stats";
import type { FunctionDef, KpiMeta, Spill } from "./types";

export const meta: KpiMeta = {
  id: "CSAT",
  title: "Customer Satisfaction",
  unit: "fraction",
  numberFormat: "0.0%",
  direction: "higher",
  bands: { kind: "fixed", green: 0.8, amber: 0.7, labels: ["Excellent", "Acceptable", "Urgent"] },
  indicator: "lagging",
  summary: "share of responses at or above the satisfied score (top-2-box of 1..5)",
};

export interface CsatScale {
  readonly scaleMax: number;
  readonly satisfiedMin: number;
}

export function csatScale(scaleMax: unknown, satisfiedMin: unknown): Result<CsatScale> {
  const max = readScalar(scaleMax, "scale_max", { default: 5 });
  if (isKpiError(max)) return max;
  if (!(Number.isInteger(max) && max >= 2 && max <= 100)) return errors.domain("scale_max", max, "use a whole number from 2 to 100");
  const min = readScalar(satisfiedMin, "satisfied_min", { default: max - 1 });
  if (isKpiError(min)) return min;
  if (!(min >= 1 && min <= max)) return errors.domain("satisfied_min", min, `use a score from 1 to scale_max (${max})`);
  return { scaleMax: max, satisfiedMin: min };
}

export function csat(responses: unknown, scaleMax: unknown = null, satisfiedMin: unknown = null): Result<number> {
  const scale = csatScale(scaleMax, satisfiedMin);
  if (isKpiError(scale)) return scale;
  const c = csatCounts(responses, scale);
  if (isKpiError(c)) return c;
  if (c.n === 0) return errors.noNumeric();
  return finite(c.satisfied / c.n);
}

export function csatFormula(ref: string, scaleMax = 5, satisfiedMin = 4): string {
  return byReading([ref], (r) => {
    const n = countNumeric(ref, null, r);
    return guarded(n, countOffScale(ref, 1, scaleMax, null, r), `${countBetween(ref, Math.ceil(satisfiedMin), scaleMax, null, r)}/${n}`);
  });
}

/** The statistics of CSAT: responses read and satisfied ones among them (n may be 0). */
export interface CsatCounts {
  readonly satisfied: number;
  readonly n: number;
}

/** Reads responses on the scale and counts the satisfied ones, as KPI.CSAT does. */
export function csatCounts(responses: unknown, scale: CsatScale): Result<CsatCounts> {
  const read = readIntegerScale(responses, 1, scale.scaleMax, "response");
  if (isKpiError(read)) return read;
  let satisfied = 0;
  for (let score = Math.ceil(scale.satisfiedMin); score <= scale.scaleMax; score++) satisfied += read.counts[score - 1];
  return { satisfied, n: read.n };
}

/**
 * KPI.CSAT.CI: the Wilson score interval of the CSAT share, one row (lower, upper) in 0..1.
 * Example (spec/functions.md): 74 satisfied of 107 -> 0.598715 .. 0.771183 at 95 %.
 */
export function csatCi(responses: unknown, scaleMax: unknown = null, satisfiedMin: unknown = null, confidence: unknown = null): Result<Spill> {
  const scale = csatScale(scaleMax, satisfiedMin);
  if (isKpiError(scale)) return scale;
  const conf = readConfidence(confidence);
  if (isKpiError(conf)) return conf;
  const c = csatCounts(responses, scale);
  if (isKpiError(c)) return c;
  if (c.n === 0) return errors.noNumeric();
  return [[...wilsonInterval(c.satisfied, c.n, conf)]];
}

/**
 * KPI.CSAT.TEST: two-sided p-value of the difference between two groups' CSAT, by the pooled
 * two-proportion z-test. Example (spec/functions.md): 74/107 against 60/100 -> 0.168148.
 */
export function csatTest(responsesA: unknown, responsesB: unknown, scaleMax: unknown = null, satisfiedMin: unknown = null): Result<number> {
  const scale = csatScale(scaleMax, satisfiedMin);
  if (isKpiError(scale)) return scale;
  const a = csatCounts(responsesA, scale);
  if (isKpiError(a)) return a;
  const b = csatCounts(responsesB, scale);
  if (isKpiError(b)) return b;
  if (a.n === 0 || b.n === 0) return errors.noNumeric();
  return twoProportionP(a.satisfied, a.n, b.satisfied, b.n);
}

export const functions: FunctionDef[] = [
  { name: "CSAT", params: ["responses", "scale_max", "satisfied_min"], kinds: ["range", "optional-scalar", "optional-scalar"], invoke: (a) => csat(a[0], a[1], a[2]) },
  { name: "CSAT.CI", params: ["responses", "scale_max", "satisfied_min", "confidence"], kinds: ["range", "optional-scalar", "optional-scalar", "optional-scalar"], invoke: (a) => csatCi(a[0], a[1], a[2], a[3]) },
  { name: "CSAT.TEST", params: ["responses_a", "responses_b", "scale_max", "satisfied_min"], kinds: ["range", "range", "optional-scalar", "optional-scalar"], invoke: (a) => csatTest(a[0], a[1], a[2], a[3]) },
];

/**
 * CSAT as its statistics: n, satisfied (and the cells off the 1..scale_max scale). Interval:
 * Wilson; test: the pooled two-proportion z-test (CSAT.CI, CSAT.TEST).
 */
export const sample: SampleKpi = {
  meta,
  role: "csat",
  combine: "each",
  configure: (_columns, settings) => {
    const max = settings.scaleMax ?? 5;
    const satisfiedMin = max - 1;
    return {
      statistics: ["n", "satisfied", "off scale"],
      add(acc, cells) {
        const v = scaleAnswer(acc, cells[0], 1, max, 2);
        if (typeof v !== "number") return v;
        if (v >= satisfiedMin) acc[1]++;
        return null;
      },
      value: ([n, s]) => (n === 0 ? errors.noNumeric() : finite(s / n)),
      interval: ([n, s], confidence) => (n === 0 ? null : wilsonInterval(s, n, confidence)),
      pValue: ([na, sa], [nb, sb]) => (na === 0 || nb === 0 ? errors.noNumeric() : twoProportionP(sa, na, sb, nb)),
      statSql: ([c]) => scaleSql(c.value, 1, max, [`${c.value} >= ${satisfiedMin}`]),
      statFormulas: ([ref], cond) => {
        return [countNumeric(ref, cond), countBetween(ref, satisfiedMin, max, cond), countOffScale(ref, 1, max, cond)];
      },
      valueFormula: ([n, s, off]) => valueErrorIf(off, `IF(${n}=0,NA(),${s}/${n})`),
      intervalFormulas: ([n, s], confidence) => wilsonFormulas(s, n, confidence),
      pFormula: ([na, sa], [nb, sb]) => twoProportionPFormula(sa, na, sb, nb),
      score: shareScore({ n: 0, s: 1 }),
      liveFormula: ([ref], cond) => `KPI.CSAT(${where(ref, cond)},${max})`,
      note: () => "",
    };
  },
};
