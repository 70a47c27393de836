/**
 * Customer Effort Score: the mean response, on the scale of the inputs.
 * Default scale is CES 2.0 (Gartner/CEB): "the company made it easy", 1..7, higher is better.
 * Example: 7, 6, 5, 2 -> 5.
 */
import { readConfidence, readIntegerScale, readOption, readScalar } from "./coerce";
import { meanScore } from "./difference";
import { errors, finite, isKpiError, type Result } from "./errors";
import { byReading, countNumeric, countOffScale, guarded, sumCubesNumeric, sumNumeric, sumSquaresNumeric } from "./native";
import { meanIntervalFormulas, pooledTPFormula } from "./nativeStats";
import { clipped, scaleAnswer, valueErrorIf, where, type SampleKpi } from "./sample";
import { meanInterval, MEAN_TEST_METHODS, meanTestP, pooledTP } from "./stats";
import { onScale, scaleSql } from "./sql";
import type { FunctionDef, KpiMeta, Spill } from "./types";

export const meta: KpiMeta = {
  id: "CES",
  title: "Customer Effort Score",
  unit: "score",
  numberFormat: "0.00",
  direction: "higher",
  bands: { kind: "fixed", green: 5.5, amber: 4.5, labels: ["Excellent", "Acceptable", "Urgent"] },
  indicator: "leading",
  summary: "mean effort score on the 1..7 CES 2.0 scale (7 = very easy)",
  range: { lo: 1, hi: 7, onScale: true },
};

export function ces(responses: unknown, scaleMax: unknown = null): Result<number> {
  const m = cesMoments(responses, scaleMax);
  if (isKpiError(m)) return m;
  if (m.n === 0) return errors.noNumeric();
  return finite(m.sum / m.n);
}

export function cesFormula(ref: string, scaleMax = 7): string {
  return byReading([ref], (r) => {
    const n = countNumeric(ref, null, r);
    return guarded(n, countOffScale(ref, 1, scaleMax, null, r), `${sumNumeric(ref, null, r)}/${n}`);
  });
}

/** The statistics of CES: n, sum and sum of squares of the responses read (exact integers), and the scale. */
export interface CesMoments {
  readonly n: number;
  readonly sum: number;
  readonly sumSquares: number;
  readonly scaleMax: number;
}

/** Reads responses on 1..scale_max as KPI.CES does and sums them and their squares (n may be 0). */
export function cesMoments(responses: unknown, scaleMax: unknown): Result<CesMoments> {
  const max = readScalar(scaleMax, "scale_max", { default: 7 });
  if (isKpiError(max)) return max;
  if (!(Number.isInteger(max) && max >= 2 && max <= 100)) return errors.domain("scale_max", max, "use a whole number from 2 to 100");
  const read = readIntegerScale(responses, 1, max, "response");
  if (isKpiError(read)) return read;
  let sum = 0;
  let sumSquares = 0;
  for (let k = 0; k < read.counts.length; k++) {
    sum += read.counts[k] * (k + 1);
    sumSquares += read.counts[k] * (k + 1) * (k + 1);
  }
  return { n: read.n, sum, sumSquares, scaleMax: max };
}

/**
 * KPI.CES.CI: the Student t interval of the mean score (n - 1 degrees of freedom), one row
 * (lower, upper) clipped to 1..scale_max; #NUM! for a single response (no variance).
 * Example (spec/functions.md): 7,6,5,4,6,7,5 -> 4.685212 .. 6.743359 at 95 %.
 */
export function cesCi(responses: unknown, scaleMax: unknown = null, confidence: unknown = null): Result<Spill> {
  const conf = readConfidence(confidence);
  if (isKpiError(conf)) return conf;
  const m = cesMoments(responses, scaleMax);
  if (isKpiError(m)) return m;
  if (m.n === 0) return errors.noNumeric();
  const interval = meanInterval(m.n, m.sum, m.sumSquares, conf);
  if (interval === null) return errors.notFinite("the interval of a single response");
  return [[Math.max(1, interval[0]), Math.min(m.scaleMax, interval[1])]];
}

/**
 * KPI.CES.TEST: two-sided p-value of the difference between two groups' mean scores. "pooled"
 * (the default): Student's t-test with the pooled variance, under the null of one distribution,
 * so a group of identical answers is judged by the spread of both groups; "welch": Welch's
 * unequal-variance test. Examples (spec/functions.md): 7,6,5,4,6,7,5 against 3,4,5,4,2 gives
 * 0.009282 pooled, 0.011450 Welch; two groups of one same answer give 1.
 */
export function cesTest(responsesA: unknown, responsesB: unknown, scaleMax: unknown = null, method: unknown = null): Result<number> {
  const m = readOption(method, "method", MEAN_TEST_METHODS, "pooled");
  if (isKpiError(m)) return m;
  const a = cesMoments(responsesA, scaleMax);
  if (isKpiError(a)) return a;
  const b = cesMoments(responsesB, scaleMax);
  if (isKpiError(b)) return b;
  if (a.n === 0 || b.n === 0) return errors.noNumeric();
  return meanTestP(m, a.n, a.sum, a.sumSquares, b.n, b.sum, b.sumSquares);
}

export const functions: FunctionDef[] = [
  { name: "CES", params: ["responses", "scale_max"], kinds: ["range", "optional-scalar"], invoke: (a) => ces(a[0], a[1]) },
  { name: "CES.CI", params: ["responses", "scale_max", "confidence"], kinds: ["range", "optional-scalar", "optional-scalar"], invoke: (a) => cesCi(a[0], a[1], a[2]) },
  { name: "CES.TEST", params: ["responses_a", "responses_b", "scale_max", "method"], kinds: ["range", "range", "optional-scalar", "optional-text"], invoke: (a) => cesTest(a[0], a[1], a[2], a[3]) },
];

/**
 * CES as its statistics: n, sum, sum of squares, sum of cubes (and the cells off the 1..scale_max scale).
 * Interval: Student t of the mean; test: the pooled t-test (CES.CI, CES.TEST).
 */
export const sample: SampleKpi = {
  meta,
  role: "ces",
  combine: "each",
  configure: (_columns, settings) => {
    const max = settings.scaleMax ?? 7;
    return {
      statistics: ["n", "sum", "sum of squares", "sum of cubes", "off scale"],
      add(acc, cells) {
        const v = scaleAnswer(acc, cells[0], 1, max, 4);
        if (typeof v !== "number") return v;
        acc[1] += v;
        acc[2] += v * v;
        acc[3] += v * v * v;
        return null;
      },
      value: ([n, sum]) => (n === 0 ? errors.noNumeric() : finite(sum / n)),
      interval: ([n, sum, sq], confidence) => clipped(meanInterval(n, sum, sq, confidence), 1, max),
      pValue: ([na, sa, qa], [nb, sb, qb]) => (na === 0 || nb === 0 ? errors.noNumeric() : pooledTP(na, sa, qa, nb, sb, qb)),
      statSql: ([c]) => {
        // n and the off-scale answers as scaleSql counts them; the sums over the answers on the scale.
        const s = scaleSql(c.value, 1, max, []);
        const on = onScale(c.value, 1, max);
        return {
          statistics: [
            s.statistics[0],
            { kind: "sum", sql: `SUM(CASE WHEN ${on} THEN ${c.value} ELSE 0 END)` },
            { kind: "sum", sql: `SUM(CASE WHEN ${on} THEN ${c.value} * ${c.value} ELSE 0 END)` },
            { kind: "sum", sql: `SUM(CASE WHEN ${on} THEN ${c.value} * ${c.value} * ${c.value} ELSE 0 END)` },
            s.statistics[1],
          ],
          rejected: s.rejected,
        };
      },
      statFormulas: ([ref], cond) => {
        return [countNumeric(ref, cond), sumNumeric(ref, cond), sumSquaresNumeric(ref, cond), sumCubesNumeric(ref, cond), countOffScale(ref, 1, max, cond)];
      },
      valueFormula: ([n, sum, , , off]) => valueErrorIf(off, `IF(${n}=0,NA(),${sum}/${n})`),
      intervalFormulas: ([n, sum, sq], confidence) => meanIntervalFormulas(n, sum, sq, confidence, 1, max),
      pFormula: ([na, sa, qa], [nb, sb, qb]) => pooledTPFormula([na, sa, qa], [nb, sb, qb]),
      score: meanScore({ n: 0, sum: 1, squares: 2, cubes: 3, shift: () => 0 }),
      liveFormula: ([ref], cond) => `KPI.CES(${where(ref, cond)},${max})`,
      note: () => "",
    };
  },
};
