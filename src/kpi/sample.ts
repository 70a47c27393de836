/**
 * A sample KPI is its sufficient statistics.
 *
 * A KPI computed from data rows (NPS, CSAT, CES, FCR, ENGAGEMENT, CIS, SENTIMENT, revenue per
 * customer) declares the statistics its value is made of: counts and sums, gathered in one pass
 * over clean cells and additive over groups (the statistics of "everyone but North" are those of
 * everyone minus North's). From them, and only from them, come the value, its interval, the test
 * between two groups, the native Excel formulas (one per statistic, then small formulas over the
 * statistic cells) and the live formula. The scorecard planner is generic over this interface:
 * it names no KPI.
 *
 * Refusals: a model never reads Excel's 2-D arrays itself (it is handed one data row's cells,
 * one per mapped column) and never formats an error for a user; it returns a KpiError whose
 * message the planner locates.
 */
import { readNumber } from "./coerce";
import { errors, finite, type KpiError, type Result } from "./errors";
import { byReading, formatNumber, inGroup, type Reading } from "./native";
import { meanIntervalFormulas, pooledTPFormula } from "./nativeStats";
import { meanScore, type ScoreModel } from "./difference";
import { meanInterval, pooledTP } from "./stats";
import { countIf, momentsSql, type SqlColumn, type SqlDialect, type SqlStatistics } from "./sql";
import type { KpiMeta } from "./types";

/** One mapped column as a model sees it. */
export interface SampleColumn {
  readonly header: string;
  /** Weight of the column (engagement actions); 1 unless the user gave one. */
  readonly weight: number;
}

/** What the user chose that changes how a sample KPI reads its cells. */
export interface SampleSettings {
  /** Top of the response scale (CSAT, CES). */
  readonly scaleMax?: number;
  /** An aggregate input the KPI may use for its overall value (revenue: the customer count). */
  readonly customers?: number;
  /**
   * The shift K of a mean's statistics (see Moments), when the statistics come from elsewhere
   * (a SQL engine, a warehouse's result) already taken about it; by default the first value the
   * model reads.
   */
  readonly shift?: number;
}

/**
 * Sums about a shift. The statistics of a mean of unbounded values (revenue, a customer's
 * weighted actions or impact) are n, S = sum(x - K) and Q = sum((x - K)^2) for one constant K per
 * scorecard row, not sum(x) and sum(x^2): on values near 1e9 the raw squares (near 1e18, past
 * 2^53) are rounded by up to 64 each and the variance, a difference of two such sums, loses every
 * digit, while about a value of the data the terms stay small and exact. Still additive over
 * groups (every group of a row shares K), so "the rest" is still everyone minus a group; the
 * mean is K + S/n; the variance, intervals and tests read S and Q only through
 * n Q - S^2, which K does not change, and the skewness C, Q and S only through the centred sum
 * of cubes C - 3 (S/n) Q + 2 S^3/n^2, which K does not change either. K is the first value the row reads (or the one given),
 * and 0 until then. Bounded scales (CES, sentiment, complaint counts) keep raw sums: their
 * squares are small and exact.
 */
export interface Moments {
  /** Slots of n, S, Q and C = sum((x - K)^3) (the skewness's, skewness.ts) in the statistics. */
  readonly n: number;
  readonly sum: number;
  readonly squares: number;
  readonly cubes: number;
  /** K (0 until a value is read). */
  shift(): number;
}

/** The shift of one configured model: given, or fixed by the first value read. */
export class Shift {
  private k: number | undefined;
  constructor(given?: number) {
    this.k = given;
  }
  /** x - K, K becoming x when none is set yet. */
  about(x: number): number {
    if (this.k === undefined) this.k = x;
    return x - this.k;
  }
  get value(): number {
    return this.k ?? 0;
  }
}

/** The mean K + S/n as formula text (S/n when K is 0). */
export function meanFormula(n: string, sum: string, shift: number): string {
  return shift === 0 ? `${sum}/${n}` : `(${formatNumber(shift)}+${sum}/${n})`;
}

/** The sum of the values, K n + S, as formula text (S when K is 0). */
export function totalFormula(n: string, sum: string, shift: number): string {
  return shift === 0 ? sum : `(${formatNumber(shift)}*${n}+${sum})`;
}

/** A statistic's name, saying the shift it is taken about when there is one. */
export function aboutName(name: string, shift: number): string {
  return shift === 0 ? name : `${name} of x - ${formatNumber(shift)}`;
}

/** Formula text of the statistics cells of one group, in the order of `statistics`. */
export type StatRefs = readonly string[];

/** A sample KPI configured for the mapped columns and settings of one scorecard row. */
export interface SampleModel {
  /** Names of the additive statistics, in order; the first is always n (what the value rests on). */
  readonly statistics: readonly string[];
  /** Where the statistics hold a mean's sums about a shift: their slots and the shift (see Moments). */
  readonly moments?: Moments;
  /** Adds one data row (a cell per mapped column) to the running statistics; an error for a cell the function rejects. */
  add(acc: number[], cells: readonly unknown[]): KpiError | null;
  /** The value from statistics; `overall` is true for the whole sample. */
  value(s: readonly number[], overall: boolean): Result<number>;
  /** The two-sided interval at a confidence level, clipped to the KPI's possible range, or null when it has none. */
  interval(s: readonly number[], confidence: number, overall: boolean): readonly [number, number] | null;
  /** Two-sided p-value of the difference between two independent groups. */
  pValue(a: readonly number[], b: readonly number[]): Result<number>;
  /**
   * The statistics as SQL aggregates over a group's rows (sql.ts), one per statistic, in the
   * dialect given; null (or absent) when SQL cannot compute them (sentiment's word lists).
   */
  statSql?(columns: readonly SqlColumn[], d: SqlDialect): SqlStatistics | null;
  /**
   * Native formulas, one per statistic, over the columns' bounded refs restricted by `where` (an
   * array condition); null when Excel cannot compute them. `inputs`: cells of the scorecard the
   * statistics read (a theme's words), where there are any.
   */
  statFormulas(refs: readonly string[], where: string | null, inputs?: SampleInputRefs): readonly string[] | null;
  /** Native formula of the value from the statistic cells (same errors as the function). */
  valueFormula(s: StatRefs, overall: boolean, inputs: SampleInputRefs): string;
  /** Native formulas of the interval bounds from the statistic cells (null where `interval` has none). */
  intervalFormulas(s: StatRefs, confidence: number, overall: boolean): readonly [string, string] | null;
  /** Native formula of the p-value from two groups' statistic expressions. */
  pFormula(a: StatRefs, b: StatRefs): string | null;
  /**
   * The value of a group (not the overall one) as the mean of a per-answer score, and the
   * interval of a difference (difference.ts); absent where the KPI is no such mean (the CX index).
   */
  readonly score?: ScoreModel;
  /**
   * The add-in's own formula for the value (live mode), or null when the function cannot take
   * the columns. The planner passes `where` null and takes segments and periods from the native
   * statistics: a mask (IF(where, ref, "")) handed to a function is intersected to one row in
   * Excel without dynamic arrays, so it would compute a different number there.
   */
  liveFormula(refs: readonly string[], where: string | null, overall: boolean, inputs: SampleInputRefs): string | null;
  /** A note the value's cell carries (how it is computed), or "" when none. */
  note(overall: boolean): string;
}

/** Cells of the scorecard's inputs block that a sample KPI's formula may read. */
export interface SampleInputRefs {
  readonly customers?: string;
  /** The cell holding a theme's words ("wait, queue, on hold"), which its statistics read. */
  readonly themeWords?: string;
}

/** A sample KPI as a registry entry: the column role that feeds it and how its columns combine. */
export interface SampleKpi {
  readonly meta: KpiMeta;
  /** Column role that feeds the KPI ("nps", "engagement", ...). */
  readonly role: string;
  /** "each": one scorecard row per mapped column; "all": one row over all columns of the role. */
  readonly combine: "each" | "all";
  configure(columns: readonly SampleColumn[], settings: SampleSettings): SampleModel;
}

/** Adds statistics of b to a (same length). */
export function addStats(a: number[], b: readonly number[]): void {
  for (let k = 0; k < a.length; k++) a[k] += b[k];
}

/** a - b, for the statistics of "the rest". */
export function subtractStats(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, k) => x - b[k]);
}

/**
 * Bounded column refs ("'Data'!$D$2:$D$901", ...) as one range: the span when they are adjacent
 * columns of the same rows in order (a question battery, a block of action counts); null when
 * they are not (HSTACK would join them, but Excel 2021 and earlier have none).
 */
export function oneRange(refs: readonly string[]): string | null {
  if (refs.length === 1) return refs[0];
  const parts = refs.map((r) => /^(.*!)?\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$/.exec(r));
  const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const first = parts[0];
  const adjacent = first !== null && parts.every((m, k) =>
    m !== null && m[1] === first[1] && m[2] === m[4] && m[3] === first[3] && m[5] === first[5] && col(m[2]) === col(first[2]) + k);
  if (!adjacent) return null;
  const last = parts[parts.length - 1] as RegExpExecArray;
  return `${first[1] ?? ""}$${first[2]}$${first[3]}:$${last[2]}$${first[5]}`;
}

/** An array condition applied to a ref: the cell where the condition holds, "" elsewhere. */
export function where(ref: string, condition: string | null): string {
  return condition ? `IF(${condition},${ref},"")` : ref;
}

/** A formula that is #VALUE! (as the function is for a cell off its scale) when `bad` is positive. */
export function valueErrorIf(bad: string, body: string): string {
  // VALUE of text that is no number is #VALUE! in Excel and in LibreOffice alike.
  return `IF(${bad}>0,VALUE("off scale"),${body})`;
}

/**
 * One answer on a whole-number scale lo..hi, read as readIntegerScale reads it and counted into
 * `acc`: a readable number adds 1 to n (acc[0]) and is returned; a number off the scale also adds
 * 1 to the off-scale statistic (acc[offSlot]), as the native formulas count it, and is returned
 * as the function's #VALUE! error; a skipped cell (blank, other text, NaN) gives null.
 */
export function scaleAnswer(acc: number[], cell: unknown, lo: number, hi: number, offSlot: number): number | null | KpiError {
  const v = readNumber(cell);
  if (v === null || v === undefined) return null;
  acc[0]++;
  if (v >= lo && v <= hi && Number.isInteger(v)) return v;
  acc[offSlot]++;
  return errors.outOfScale("response", v, lo, hi, 0, 0);
}

/** An interval of values about a shift moved back by it (null stays null). */
export function shifted(interval: readonly [number, number] | null, shift: number): readonly [number, number] | null {
  return interval === null || shift === 0 ? interval : [interval[0] + shift, interval[1] + shift];
}

/** An interval clipped to a KPI's possible range (null stays null). */
export function clipped(interval: readonly [number, number] | null, lo: number | null, hi: number | null): readonly [number, number] | null {
  if (interval === null) return null;
  return [lo === null ? interval[0] : Math.max(lo, interval[0]), hi === null ? interval[1] : Math.min(hi, interval[1])];
}

/** How a per-customer KPI (a row per customer, a column per metric) reads and writes itself. */
export interface PerCustomerOptions {
  /** Function name for live formulas ("ENGAGEMENT"). */
  readonly fn: string;
  /** What a cell is called in errors ("action count"). */
  readonly what: string;
  /** Negative cells are a #VALUE! error (action counts), or allowed (impact metrics). */
  readonly nonNegative: boolean;
  /** Whether column weights apply. */
  readonly weighted: boolean;
}

/**
 * The model of a per-customer KPI: statistics customers (rows with at least one number),
 * the weighted total, the sums of squares and of cubes of each customer's weighted total (for
 * the t interval, the pooled t-test of the mean per customer and the skewness that decides
 * whether it can be trusted) and the negative cells where they are refused.
 */
export function perCustomerModel(columns: readonly SampleColumn[], o: PerCustomerOptions, given?: number): SampleModel {
  const shift = new Shift(given);
  const weights = columns.map((c) => (o.weighted ? c.weight : 1));
  const weightedLive = o.weighted && weights.some((w) => w !== 1);
  const terms = (r: Reading, refs: readonly string[]) => refs.map((c, k) => `${r.value(c, 0)}${weights[k] === 1 ? "" : `*${formatNumber(weights[k])}`}`);
  return {
    get statistics() {
      return ["customers", aboutName("total", shift.value), aboutName("sum of squares", shift.value), aboutName("sum of cubes", shift.value), "negative cells"];
    },
    moments: { n: 0, sum: 1, squares: 2, cubes: 3, shift: () => shift.value },
    add(acc, cells) {
      let total = 0;
      let any = false;
      let refused: KpiError | null = null;
      for (let c = 0; c < cells.length; c++) {
        const v = readNumber(cells[c]);
        if (v === null || v === undefined) continue;
        if (o.nonNegative && v < 0) {
          acc[4]++;
          refused ??= errors.negativeCell(o.what, v, 0, c);
        }
        total += v * weights[c];
        any = true;
      }
      // The row is counted as the native formulas count it, refused cells included: its value is the error anyway.
      if (!any) return null;
      const d = shift.about(total);
      acc[0]++;
      acc[1] += d;
      acc[2] += d * d;
      acc[3] += d * d * d;
      return refused;
    },
    value: ([n, total]) => (n === 0 ? errors.noNumeric() : finite(shift.value + total / n)),
    interval: ([n, total, sq], confidence) => clipped(shifted(meanInterval(n, total, sq, confidence), shift.value), o.nonNegative ? 0 : null, null),
    pValue: ([na, ta, qa], [nb, tb, qb]) => (na === 0 || nb === 0 ? errors.noNumeric() : pooledTP(na, ta, qa, nb, tb, qb)),
    statSql(cols) {
      // A row counts when any of its cells reads; its total adds the cells in column order, as add does.
      const any = cols.map((c) => `${c.value} IS NOT NULL`).join(" OR ");
      const total = cols.map((c, k) => `COALESCE(${c.value}, 0)${weights[k] === 1 ? "" : ` * ${formatNumber(weights[k])}`}`).join(" + ");
      const negative = cols.map((c) => `${c.value} < 0`).join(" OR ");
      return {
        statistics: [
          ...momentsSql(`CASE WHEN ${any} THEN ${total} END`),
          { kind: "count", sql: o.nonNegative ? `SUM(${cols.map((c) => `CASE WHEN ${c.value} < 0 THEN 1 ELSE 0 END`).join(" + ")})` : countIf("1 = 0") },
        ],
        rejected: o.nonNegative ? negative : null,
      };
    },
    statFormulas(refs, cond) {
      const k = shift.value;
      // A row's total about the shift, to a power: rows without a number count 0 (the mask).
      const about = (any: string, total: string, power: 1 | 2 | 3) =>
        k === 0 ? (power === 1 ? total : `(${total})^${power}`) : `${any}*(${total}-${formatNumber(k)})${power === 1 ? "" : `^${power}`}`;
      const block = refs.length > 1 ? oneRange(refs) : null;
      if (block !== null) {
        // Columns side by side: each cell read once over the block, rows summed by MMULT, so the
        // formula's length does not grow with the number of columns.
        const byRow = (cells: string, perColumn: readonly number[]) => `MMULT(${cells},{${perColumn.map(formatNumber).join(";")}})`;
        const ones = refs.map(() => 1);
        const rowTotal = (r: Reading) => byRow(r.value(block, 0), weights);
        const any = (r: Reading) => `(${byRow(r.readable(block), ones)}>0)`;
        return [
          byReading(refs, (r) => `SUMPRODUCT(${inGroup(any(r), cond)}*1)`),
          byReading(refs, (r) => `SUMPRODUCT(${inGroup(about(any(r), rowTotal(r), 1), cond)})`),
          byReading(refs, (r) => `SUMPRODUCT(${inGroup(k === 0 ? `${rowTotal(r)}^2` : about(any(r), rowTotal(r), 2), cond)})`),
          byReading(refs, (r) => `SUMPRODUCT(${inGroup(k === 0 ? `${rowTotal(r)}^3` : about(any(r), rowTotal(r), 3), cond)})`),
          o.nonNegative ? byReading(refs, (r) => `SUMPRODUCT(${inGroup(byRow(`(${r.value(block, 0)}<0)*1`, ones), cond)})`) : "0",
        ];
      }
      const total = (r: Reading) => terms(r, refs).join("+");
      const any = (r: Reading) => `((${refs.map((c) => r.readable(c)).join("+")})>0)`;
      // One column: a cell without a number reads as K itself, so it counts (K - K)^p = 0 without
      // the mask (which reads every text cell once more: about a third of a wide survey's formulas).
      // Only where K's text is the number itself (15 digits, as Excel reads a typed number).
      const single = refs.length === 1 && weights[0] === 1 && k !== 0 && Number(k.toPrecision(15)) === k;
      const centred = (r: Reading, power: 1 | 2 | 3) =>
        single ? `(${r.value(refs[0], k)}-${formatNumber(k)})${power === 1 ? "" : `^${power}`}` : about(any(r), total(r), power);
      return [
        byReading(refs, (r) => `SUMPRODUCT(${inGroup(any(r), cond)}*1)`),
        byReading(refs, (r) => `SUMPRODUCT(${inGroup(centred(r, 1), cond)})`),
        byReading(refs, (r) => `SUMPRODUCT(${inGroup(centred(r, 2), cond)})`),
        byReading(refs, (r) => `SUMPRODUCT(${inGroup(centred(r, 3), cond)})`),
        o.nonNegative ? byReading(refs, (r) => `SUMPRODUCT(${inGroup(refs.map((c) => `(${r.value(c, 0)}<0)`).join("+"), cond)})`) : "0",
      ];
    },
    valueFormula: ([n, total, , , bad]) => valueErrorIf(bad, `IF(${n}=0,NA(),${meanFormula(n, total, shift.value)})`),
    intervalFormulas: ([n, total, sq], confidence) => meanIntervalFormulas(n, total, sq, confidence, o.nonNegative ? 0 : null, null, shift.value),
    pFormula: ([na, ta, qa], [nb, tb, qb]) => pooledTPFormula([na, ta, qa], [nb, tb, qb]),
    score: meanScore({ n: 0, sum: 1, squares: 2, cubes: 3, shift: () => shift.value }),
    liveFormula(refs, cond) {
      // One range for the function: the columns side by side in order (HSTACK would join others,
      // but Excel 2021 and earlier have none); otherwise null and the native statistics serve.
      const block = oneRange(refs);
      if (block === null) return null;
      return `KPI.${o.fn}(${where(block, cond)}${weightedLive ? `,{${weights.map(formatNumber).join(",")}}` : ""})`;
    },
    note: () => "",
  };
}
