/**
 * Complaint rate: complaints per customer (or per response), a fraction, lower is better.
 *
 * A row of the data is one customer or one response; its cell is either a flag (yes/no,
 * TRUE/FALSE, y/n, 1/0: "complained?") or a count of complaints (0, 1, 2, ...). The rate is
 *
 *   complaints / rows with a readable cell
 *
 * where a true flag is one complaint and a false flag none. On flags it is the share of
 * customers who complained; on counts it is complaints per customer, as the usual definition
 * "number of complaints / number of customers" states it (so it may pass 100 %). Blanks and
 * other text are skipped; a negative or fractional count is #VALUE! naming its cell, as an
 * off-scale answer is for CSAT. Example: yes, no, no, no -> 0.25; counts 0, 2, 0, 0 -> 0.5.
 *
 * Interval and test: when every row is 0 or 1 (flags), Wilson and the pooled two-proportion
 * z-test, as for CSAT and FCR; with counts above 1, Student t of the mean per row and the pooled
 * test. There is no KPI.* function for it: live and portable scorecards use the same native
 * formulas.
 */
import { FLAG_FALSE_WORDS, FLAG_TRUE_WORDS, readFlag, readNumber } from "./coerce";
import { meanScore, type ScoreModel, shareScore } from "./difference";
import { at, errors, finite } from "./errors";
import { byReading, countNumeric, inGroup, type Reading, wordIs } from "./native";
import { meanIntervalFormulas, twoProportionPFormula, pooledTPFormula, wilsonFormulas } from "./nativeStats";
import { type SampleKpi, type StatRefs, valueErrorIf } from "./sample";
import { meanInterval, twoProportionP, pooledTP, wilsonInterval } from "./stats";
import type { KpiMeta } from "./types";

export const meta: KpiMeta = {
  id: "COMPLAINTS",
  title: "Complaint rate",
  unit: "fraction",
  numberFormat: "0.0%",
  direction: "lower",
  // Source: KPI Depot, "Customer Complaints Rate" (kpidepot.com/kpi/customer-complaints-rate):
  // below 2 % excellent, 2-5 % acceptable, above 5 % concerning; Census's operations glossary
  // ("Customer Complaint Rate: Key Metric for Success", 2024) gives 0-2 % excellent, 2-5 % good.
  bands: { kind: "fixed", green: 0.02, amber: 0.05, labels: ["Excellent", "Acceptable", "Urgent"] },
  indicator: "lagging",
  summary: "complaints per customer or response (a yes flag is one complaint)",
};

/**
 * One cell as the complaint rate reads it: a flag word or logical as 1 or 0, a number as a
 * count; null for a skipped cell (blank, other text). Bad counts are returned as they are.
 */
export function complaintsOf(cell: unknown): number | null {
  const v = readNumber(cell);
  if (typeof v === "number") return v;
  const f = readFlag(cell);
  return typeof f === "boolean" ? (f ? 1 : 0) : null;
}

/** Whether a count is no count of complaints (negative or fractional), counted as the native formula counts it. */
function badness(v: number): number {
  return (v < 0 ? 1 : 0) + (v !== Math.floor(v) ? 1 : 0);
}

/** Every row is 0 or 1 exactly when the sum of squares equals the sum (counts are whole and >= 0). */
const flagsOnly = (s: readonly number[]) => s[2] === s[1];

/**
 * The rate as the mean of complaints per row: the moments of a mean whether the rows are flags or
 * counts; the interval of a difference is Agresti and Caffo's where both groups are flags (a
 * share), the pooled Student interval of two means otherwise, as the test switches (difference.ts).
 */
const means = meanScore({ n: 0, sum: 1, squares: 2, cubes: 3, shift: () => 0 });
const shares = shareScore({ n: 0, s: 1 });
const complaintScore: ScoreModel = {
  moments: means.moments,
  momentsFormulas: means.momentsFormulas,
  total: means.total,
  totalFormula: means.totalFormula,
  shift: means.shift,
  differenceInterval: (a, b, confidence) => (flagsOnly(a) && flagsOnly(b) ? shares : means).differenceInterval(a, b, confidence),
  differenceIntervalFormulas: (a, b, confidence) => {
    const [s, m] = [shares.differenceIntervalFormulas(a, b, confidence), means.differenceIntervalFormulas(a, b, confidence)];
    const flags = `AND(${a[2]}=${a[1]},${b[2]}=${b[1]})`;
    return [`IF(${flags},${s[0]},${m[0]})`, `IF(${flags},${s[1]},${m[1]})`];
  },
};

export const sample: SampleKpi = {
  meta,
  role: "complaints",
  combine: "each",
  configure: () => {
    const valueBody = ([n, s, , , bad]: StatRefs) => valueErrorIf(bad, `IF(${n}=0,NA(),${s}/${n})`);
    return {
      statistics: ["n", "complaints", "sum of squares", "sum of cubes", "not a count"],
      add(acc, cells) {
        const v = complaintsOf(cells[0]);
        if (v === null) return null;
        acc[0]++;
        acc[1] += v;
        acc[2] += v * v;
        acc[3] += v * v * v;
        const bad = badness(v);
        if (bad === 0) return null;
        acc[4] += bad;
        return errors.badCell("complaint count", v, at(0, 0), "is no count: expected a whole number of 0 or more, or a yes/no flag");
      },
      value: ([n, s]) => (n === 0 ? errors.noNumeric() : finite(s / n)),
      interval: (s, confidence) => {
        const [n, sum, sq] = s;
        if (n === 0) return null;
        if (flagsOnly(s)) return wilsonInterval(sum, n, confidence);
        const t = meanInterval(n, sum, sq, confidence);
        return t === null ? null : [Math.max(0, t[0]), t[1]];
      },
      pValue: (a, b) => {
        if (a[0] === 0 || b[0] === 0) return errors.noNumeric();
        return flagsOnly(a) && flagsOnly(b) ? twoProportionP(a[1], a[0], b[1], b[0]) : pooledTP(a[0], a[1], a[2], b[0], b[1], b[2]);
      },
      statSql: ([c]) => {
        // complaintsOf: the cell's number, else a flag that is true or false (1 or 0) read as one.
        const flag = c.flag;
        const v = `COALESCE(${c.value}, CASE WHEN ${flag} IN (0, 1) THEN ${flag} END)`;
        return {
          statistics: [
            { kind: "count", sql: `COUNT(${v})` },
            { kind: "sum", sql: `SUM(${v})` },
            { kind: "sum", sql: `SUM(${v} * ${v})` },
            { kind: "sum", sql: `SUM(${v} * ${v} * ${v})` },
            { kind: "count", sql: `SUM(CASE WHEN ${v} < 0 THEN 1 ELSE 0 END + CASE WHEN ${v} <> FLOOR(${v}) THEN 1 ELSE 0 END)` },
          ],
          rejected: `(${v} < 0 OR ${v} <> FLOOR(${v}))`,
        };
      },
      statFormulas: ([ref], cond) => {
        // Without text in the column there are no words to read: the numbers alone.
        const yes = wordIs(ref, FLAG_TRUE_WORDS);
        const no = wordIs(ref, FLAG_FALSE_WORDS);
        // A yes is 1 (its square too), a no 0: the words add to the counts and sums of the numbers.
        const plusWords = (r: Reading, words: string, numbers: string) => (r.text ? `(SUMPRODUCT(${inGroup(words, cond)})+${numbers})` : numbers);
        return [
          byReading([ref], (r) => plusWords(r, `${yes}+${no}`, countNumeric(ref, cond, r))),
          byReading([ref], (r) => plusWords(r, yes, r.sum(ref, cond))),
          byReading([ref], (r) => plusWords(r, yes, r.sumSquares(ref, cond))),
          byReading([ref], (r) => plusWords(r, yes, r.sumCubes(ref, cond))),
          byReading([ref], (r) => `SUMPRODUCT(${inGroup(r.offScale(ref, 0, null), cond)})`),
        ];
      },
      valueFormula: (s) => valueBody(s),
      intervalFormulas: ([n, s, sq], confidence) => {
        const w = wilsonFormulas(s, n, confidence);
        const t = meanIntervalFormulas(n, s, sq, confidence, 0, null);
        return [`IF(${sq}=${s},${w[0]},${t[0]})`, `IF(${sq}=${s},${w[1]},${t[1]})`];
      },
      pFormula: ([na, sa, qa], [nb, sb, qb]) =>
        `IF(AND(${qa}=${sa},${qb}=${sb}),${twoProportionPFormula(sa, na, sb, nb)},${pooledTPFormula([na, sa, qa], [nb, sb, qb])})`,
      score: complaintScore,
      // No add-in function: the live value is the native formula over the column.
      liveFormula: (refs, cond) => valueBody(sample.configure([], {}).statFormulas(refs, cond) as StatRefs),
      note: () => "complaints per row (customer or response); a yes flag is one complaint",
    };
  },
};
