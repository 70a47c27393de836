/**
 * First Contact Resolution: the share of contacts resolved at the first contact, a fraction.
 * With one argument, a range of flags (TRUE/FALSE, 1/0, yes/no, y/n); with two, counts
 * (or ranges summed): resolved / total. Example: 246 of 354 -> 0.6949.
 */
import { FLAG_FALSE_WORDS, FLAG_TRUE_WORDS, readConfidence, readCount, readFlag, readFlags } from "./coerce";
import { shareScore } from "./difference";
import { errors, finite, isKpiError, type Result } from "./errors";
import { byReading, inGroup, type Reading, wordIs } from "./native";
import { twoProportionPFormula, wilsonFormulas } from "./nativeStats";
import { valueErrorIf, where, type SampleKpi } from "./sample";
import { countIf } from "./sql";
import { twoProportionP, wilsonInterval } from "./stats";
import type { FunctionDef, KpiMeta, Spill } from "./types";

export const meta: KpiMeta = {
  id: "FCR",
  title: "First Contact Resolution",
  unit: "fraction",
  numberFormat: "0.0%",
  direction: "higher",
  bands: { kind: "fixed", green: 0.75, amber: 0.65, labels: ["Excellent", "Acceptable", "Urgent"] },
  indicator: "leading",
  summary: "share of contacts resolved at the first contact",
};

export function fcr(resolved: unknown, total: unknown = null): Result<number> {
  const c = fcrCounts(resolved, total);
  if (isKpiError(c)) return c;
  return finite(c.resolved / c.n);
}

/** The statistics of FCR: resolved contacts of n (n > 0). */
export interface FcrCounts {
  readonly resolved: number;
  readonly n: number;
}

/**
 * Reads FCR's arguments as KPI.FCR does: with `total` omitted, a range of flags (#N/A when none
 * is readable); with `total`, two counts (or ranges summed), total > 0 and resolved <= total.
 */
export function fcrCounts(resolved: unknown, total: unknown = null): Result<FcrCounts> {
  if (total === null || total === undefined) {
    const flags = readFlags(resolved);
    if (isKpiError(flags)) return flags;
    const n = flags.trues + flags.falses;
    if (n === 0) return errors.noFlags();
    return { resolved: flags.trues, n };
  }
  const r = readCount(resolved, "resolved");
  if (isKpiError(r)) return r;
  const t = readCount(total, "total");
  if (isKpiError(t)) return t;
  if (!(t > 0)) return errors.domain("total", t, "it must be greater than 0");
  if (r > t) return errors.invalid(`resolved (${r}) is more than total (${t})`);
  // Ranges of counts can sum past the largest double.
  if (t === Infinity) return errors.notFinite("total");
  return { resolved: r, n: t };
}

/**
 * KPI.FCR.CI: the Wilson score interval of the FCR share, one row (lower, upper) in 0..1, from
 * flags or from counts as KPI.FCR reads them.
 * Example (spec/functions.md): 246 of 354 -> 0.645070 .. 0.740575; 2 of 2 -> 0.342380 .. 1.
 */
export function fcrCi(resolved: unknown, total: unknown = null, confidence: unknown = null): Result<Spill> {
  const conf = readConfidence(confidence);
  if (isKpiError(conf)) return conf;
  const c = fcrCounts(resolved, total);
  if (isKpiError(c)) return c;
  return [[...wilsonInterval(c.resolved, c.n, conf)]];
}

/** KPI.FCR.TEST: two-sided p-value of the difference between two ranges of flags (pooled two-proportion z-test). */
export function fcrTest(resolvedA: unknown, resolvedB: unknown): Result<number> {
  const a = fcrCounts(resolvedA);
  if (isKpiError(a)) return a;
  const b = fcrCounts(resolvedB);
  if (isKpiError(b)) return b;
  return twoProportionP(a.resolved, a.n, b.resolved, b.n);
}

/** Native Excel formula: share of true flags among readable flags of a bounded range. */
export function fcrFormula(ref: string): string {
  return byReading([ref], (r) => {
    // Without text in the range, a flag is the number 1 or 0.
    const t = r.text ? `SUMPRODUCT(${wordIs(ref, [...FLAG_TRUE_WORDS, "1"])})` : `COUNTIF(${ref},1)`;
    const f = r.text ? `SUMPRODUCT(${wordIs(ref, [...FLAG_FALSE_WORDS, "0"])})` : `COUNTIF(${ref},0)`;
    return `IF(${t}+${f}=0,NA(),${t}/(${t}+${f}))`;
  });
}

export const functions: FunctionDef[] = [
  { name: "FCR", params: ["resolved", "total"], kinds: ["range", "optional-range"], invoke: (a) => fcr(a[0], a[1]) },
  { name: "FCR.CI", params: ["resolved", "total", "confidence"], kinds: ["range", "optional-range", "optional-scalar"], invoke: (a) => fcrCi(a[0], a[1], a[2]) },
  { name: "FCR.TEST", params: ["resolved_a", "resolved_b"], kinds: ["range", "range"], invoke: (a) => fcrTest(a[0], a[1]) },
];

/** Native Excel formula: how many readable flags a bounded range holds (the n of FCR). */
export function fcrCountFormula(ref: string): string {
  return byReading([ref], (r) => {
    if (!r.text) return `(COUNTIF(${ref},1)+COUNTIF(${ref},0))`;
    return `SUMPRODUCT(${wordIs(ref, [...FLAG_TRUE_WORDS, "1", ...FLAG_FALSE_WORDS, "0"])})`;
  });
}


/**
 * FCR as its statistics: n readable flags, resolved (and numbers that are no flag, which make
 * the function #VALUE!). Interval: Wilson; test: the pooled two-proportion z-test (FCR.CI, FCR.TEST).
 */
export const sample: SampleKpi = {
  meta,
  role: "fcr",
  combine: "each",
  configure: () => ({
    statistics: ["n", "resolved", "not a flag"],
    add(acc, cells) {
      const f = readFlag(cells[0]);
      if (f === null || f === undefined) return null;
      if (typeof f === "number") {
        acc[2]++;
        return errors.notAFlag(f, 0, 0);
      }
      acc[0]++;
      if (f) acc[1]++;
      return null;
    },
    value: ([n, s]) => (n === 0 ? errors.noFlags() : finite(s / n)),
    interval: ([n, s], confidence) => (n === 0 ? null : wilsonInterval(s, n, confidence)),
    pValue: ([na, sa], [nb, sb]) => (na === 0 || nb === 0 ? errors.noFlags() : twoProportionP(sa, na, sb, nb)),
    statSql: ([c]) => {
      const f = c.flag;
      return {
        statistics: [
          { kind: "count", sql: countIf(`${f} IN (0, 1)`) },
          { kind: "count", sql: countIf(`${f} = 1`) },
          { kind: "count", sql: countIf(`${f} NOT IN (0, 1)`) },
        ],
        rejected: `${f} NOT IN (0, 1)`,
      };
    },
    statFormulas: ([ref], cond) => {
      // A flag is a word, or the number 1 or 0 (as a number or plain decimal text); the
      // sentinel -1 marks everything else (and rows outside the group).
      // Without text in the column there are no words to read: the numbers alone.
      const count = (r: Reading, words: readonly string[], flags: readonly number[]) =>
        `SUMPRODUCT(${inGroup(`${r.text ? `${wordIs(ref, words)}+` : ""}${r.oneOf(ref, flags)}`, cond)})`;
      return [
        byReading([ref], (r) => count(r, [...FLAG_TRUE_WORDS, ...FLAG_FALSE_WORDS], [0, 1])),
        byReading([ref], (r) => count(r, FLAG_TRUE_WORDS, [1])),
        byReading([ref], (r) => `SUMPRODUCT(${inGroup(r.offScale(ref, 0, 1), cond)})`),
      ];
    },
    valueFormula: ([n, s, bad]) => valueErrorIf(bad, `IF(${n}=0,NA(),${s}/${n})`),
    intervalFormulas: ([n, s], confidence) => wilsonFormulas(s, n, confidence),
    pFormula: ([na, sa], [nb, sb]) => twoProportionPFormula(sa, na, sb, nb),
    score: shareScore({ n: 0, s: 1 }),
    liveFormula: ([ref], cond) => `KPI.FCR(${where(ref, cond)})`,
    note: () => "",
  }),
};
