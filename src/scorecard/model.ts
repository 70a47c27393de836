/**
 * The scorecard's model: what the sheet says, computed once from the spec and the data, before
 * any cell is placed. Its groups (everyone, segments, periods), its rows (the CPI, then leading
 * and lagging KPIs), the statistics of every sample row in every group, their values and
 * intervals, the comparisons (a segment against the rest of the sample, a period against the one
 * before), the tested family with its Benjamini-Hochberg correction and marks, and the CPI's
 * composition. Pure, and it holds no address of the scorecard sheet: the block layouters
 * (blocks/*.ts) turn it into cells, and the pager (pager.ts) places them.
 *
 * Refusals: a spec the data cannot fill (a source that is no A1 range, no data rows, a column
 * outside the data, no KPI, a mapped column with no usable value) is a KpiError here, before any
 * layout.
 */
import { bandIndex, errors, isKpiError, kpiMeta, KPIS, type KpiMeta, type Result, THEME_ROLE, themeId, type Thresholds, thresholdsFor } from "../kpi";
import { benjaminiHochberg, normalQuantile } from "../kpi/stats";
import { columnLetter, parseAddress, sheetPrefix } from "./a1";
import { type Component, composition, indexOf, intervalOf, MIN_COMPONENTS, scoreOf, smallestN } from "./composite";
import { type PeriodGroup, periodGroups, type SegmentGroup, segmentGroups } from "./groups";
import { countGroups, type GroupStats, groupValue, inputsUsed, type KpiRow, kpiRows, kpiTitle, restOf, type SampleRow, type ScorecardRegistry, shortName } from "./rows";
import { AGGREGATE_INPUTS } from "./spec";
import { type DriverAnalysis, driverAnalysisOf } from "./driverAnalysis";
import { differenceSkew, type SkewCheck, slopeSkew } from "./skewness";
import { MIN_TREND_PERIODS, takingPart, type TrendFit, trendFit } from "./trendTest";
import { type Verbatim, verbatimOf } from "./verbatim";
import type { AggregateInput, ColumnMapping, DataTable, FormulaMode, KpiSettings, KpiSummary, MarkedDifference, ScorecardSpec, UntestedComparison } from "./types";
import { findingText, type FindingWords, statusText } from "./words";

/** Default minimum n: below it a value is shown but not banded (spec/scorecard.md). */
export const SMALL_SAMPLE = 30;
/** Default false discovery rate of the marks. */
export const DEFAULT_Q = 0.05;
/** Confidence of every interval on the sheet. */
export const CONFIDENCE = 0.95;
/** Relative difference under which two p-values rank as tied. */
export const RANK_TOLERANCE = 1e-12;

/** Power at which the smallest detectable difference is given. */
export const POWER = 0.8;

export const MARK_UP = "▲";
export const MARK_DOWN = "▼";
export type Mark = "" | typeof MARK_UP | typeof MARK_DOWN;

/** What the model is built from (planScorecard's input less what only the sheet needs). */
export interface ModelInput {
  readonly spec: ScorecardSpec;
  readonly data: DataTable;
  readonly builtAt: Date;
  /** Sheet the formulas read the data from, when it differs from spec.source.sheet (the CLI's copy). */
  readonly dataSheet?: string;
  /** The KPIs to draw rows from; the registry's by default. */
  readonly registry?: ScorecardRegistry;
  /** How the source was read, said after it on the sheet ("Date" read day-first, the locale's order). */
  readonly sourceNotes?: readonly string[];
  /**
   * The statistics computed elsewhere (DuckDB, a warehouse's result: statsQuery.ts) instead of
   * from `data`, which then holds the headers only: the workbook has no copy of the rows, and
   * its native formulas read the statistics table (ARCHITECTURE.md, "Statistics from anywhere").
   */
  readonly statistics?: GivenStatistics;
}

/** Statistics of a build computed elsewhere, grouped as the planner groups rows (statsQuery.ts's rollUp). */
export interface GivenStatistics {
  /** The sample rows as configured for these statistics (the shifts their means are taken about). */
  readonly rows: readonly SampleRow[];
  readonly segments: { readonly groups: readonly { readonly label: string; readonly count: number }[]; readonly total: number };
  readonly periods: readonly (Omit<PeriodGroup, "rows"> & { readonly count: number })[];
  /** stats[k][g]: rows[k] in group g (0 everyone, then the segments, then the periods). */
  readonly stats: readonly (readonly GroupStats[])[];
  /** Data rows the statistics were computed from. */
  readonly dataRows: number;
}

/** The CPI's row in the KPI table: its values come from the block that shows how it is made. */
export interface CompositeRow {
  readonly kind: "composite";
  readonly meta: KpiMeta;
  readonly title: string;
}

export type TableRow = KpiRow | CompositeRow;

/** One group's value of a sample row, with what it is compared with. */
export interface GroupValue {
  readonly value: Result<number>;
  readonly n: number;
  readonly interval: readonly [number, number] | null;
  /** The rest of the sample (a segment) or the period before (a period); null for everyone and the first period. */
  readonly other: { readonly label: string; readonly value: Result<number>; readonly n: number } | null;
  readonly p: number | null;
}

/**
 * A comparison on the sheet, as plain data: one group of one sample row against the rest of the
 * sample (a segment) or the period before (a period).
 */
export interface Comparison {
  readonly kind: "segment" | "period" | "trend";
  readonly row: SampleRow;
  /** The group (1..segments: a segment; after them: a period); -1 for a trend. */
  readonly group: number;
  /** "Region: North", "2025-03", "trend over 6 months (2025-01 to 2025-06)"; and what it is compared with. */
  readonly label: string;
  readonly comparedWith: string;
  /**
   * The group's value and the value it is compared with (null where either is an error); for a
   * trend, the fitted values at the trend block's last and first periods.
   */
  readonly value: number | null;
  readonly otherValue: number | null;
  /** The n of both sides (a trend: the answers of the periods that took part, and null). */
  readonly n: number;
  readonly otherN: number | null;
  /** The trend's fit (null for the other kinds, and for a trend over fewer than three periods that can take part). */
  readonly fit: TrendFit | null;
  /** A trend's periods that take part, summed (their n is `n`); null for the other kinds. */
  readonly pooled: readonly number[] | null;
  /** value - otherValue (a trend: the line's change over the block), and its 95 % interval (difference.ts, trendTest.ts; null where the KPI has none). */
  readonly difference: number | null;
  readonly interval: readonly [number, number] | null;
  /**
   * The smallest difference the comparison detects with 80 % power when it is the only real one
   * in the family: (z(1 - alpha/2) + z(0.8)) sqrt(V0 (1/n_a + 1/n_b)) at alpha = q/m, m the
   * family's size, V0 the variance of both groups' answers together (the null of one
   * distribution). Null outside the family.
   */
  readonly mde: number | null;
  /** Raw p-value, or null where there is none (an error on either side, no spread). */
  readonly p: number | null;
  /**
   * Whether the comparison is tested: both sides at or above the minimum n and the tested
   * statistic not too skewed for the normal curve (skewness.ts), so that it could be marked.
   * Only these enter the Benjamini-Hochberg family; the others show no p on the sheet.
   */
  readonly inFamily: boolean;
  /** Cochran's check of the tested statistic's skewness, where both sides reach the minimum n and the KPI has a score. */
  readonly skew: SkewCheck | null;
  /**
   * The segment whose comparison this one is (null for none): with exactly two segments that
   * hold every answer, "B vs the rest" is "A vs the rest" turned round, one test entered once
   * into the family; B shows A's adjusted p and its own side of the difference.
   */
  readonly sameAs: number | null;
  /** Benjamini-Hochberg adjusted p and the rank of p in the family, where p is tested. */
  readonly adjusted: number | null;
  readonly rank: number | null;
  readonly mark: Mark;
}

/** A KPI table row's overall figures: value, n, interval, thresholds and band. */
export interface Overall {
  readonly value: Result<number>;
  readonly n: number | null;
  readonly interval: readonly [number, number] | null;
  /** True when n is below the minimum n, so the value is not banded. */
  readonly tooFew: boolean;
  readonly thresholds: Thresholds | null;
  readonly band: 0 | 1 | 2 | null;
}

export interface ScorecardModel {
  readonly spec: ScorecardSpec;
  readonly data: DataTable;
  readonly builtAt: Date;
  readonly sourceNotes: readonly string[];
  readonly mode: FormulaMode;
  readonly minN: number;
  readonly q: number;
  /** Whether the workbook holds the data rows (false: statistics given, the formulas read the statistics table). */
  readonly hasData: boolean;
  /** Data rows the statistics come from. */
  readonly dataRows: number;
  settingsOf(id: string): KpiSettings;
  /** The data's column at a 0-based index within the source, as a bounded absolute reference on the data sheet. */
  columnRef(index: number): string;
  /** The row of the data sheet (1-based) of a data row. */
  readonly rows: {
    readonly composite: readonly CompositeRow[];
    readonly leading: readonly KpiRow[];
    readonly lagging: readonly KpiRow[];
    /** Leading, then lagging. */
    readonly kpis: readonly KpiRow[];
    readonly samples: readonly SampleRow[];
    /** The KPI table's rows: the CPI, then leading and lagging. */
    readonly table: readonly TableRow[];
    /** The rows that have a value per segment (samples and the CPI), in the table's order. */
    readonly perSegment: readonly TableRow[];
    /** The rows of the trend block (the CPI where a component comes from data rows, then the samples); none without periods. */
    readonly trend: readonly TableRow[];
  };
  readonly groups: {
    readonly segmentColumn: ColumnMapping | undefined;
    readonly periodColumn: ColumnMapping | undefined;
    readonly segments: readonly SegmentGroup[];
    /** Distinct segment values in the data (more than shown past MAX_SEGMENTS). */
    readonly segmentTotal: number;
    readonly periods: readonly PeriodGroup[];
    /** Group count: everyone, the segments, the periods. */
    readonly count: number;
    /** "All", "Region: North", "2025-03". */
    label(g: number): string;
  };
  readonly cpi: {
    readonly components: readonly Component[];
    readonly leftOut: readonly { readonly row: KpiRow; readonly why: string }[];
    /** Whether a component is made from data rows (so the index has an n and a trend). */
    readonly fromRows: boolean;
    /** scores[k][g]: component k's score in group g (null: none there). */
    readonly scores: readonly (readonly (Result<number> | null)[])[];
    readonly weights: readonly number[];
    readonly values: readonly Result<number>[];
    readonly ns: readonly (number | null)[];
    /** intervals[g]: the index's conservative interval in group g, from its components' 95 % intervals (composite.ts, intervalOf); null where it has none. */
    readonly intervals: readonly (readonly [number, number] | null)[];
  };
  /** The aggregate inputs the rows read, in the inputs block's order. */
  readonly inputKeys: readonly AggregateInput[];
  statsOf(d: SampleRow): readonly GroupStats[];
  valuesOf(d: SampleRow): readonly GroupValue[];
  overall(d: TableRow): Overall;
  /** Every comparison, sample rows in order and groups within them. */
  readonly comparisons: readonly Comparison[];
  comparison(d: SampleRow, g: number): Comparison | undefined;
  /** A comparison of group g of a row, in the words of a finding (its group, what it is compared with, the KPI's short name). */
  findingWords(d: SampleRow, g: number): FindingWords;
  markOf(d: SampleRow, g: number): Mark;
  /** A sample row's trend test over the trend block's periods, where its KPI has a score and there are three periods or more. */
  trendOf(d: SampleRow): Comparison | undefined;
  /** The periods' times (months or quarters from the first), for the trend test. */
  readonly periodTimes: readonly number[];
  readonly summary: readonly KpiSummary[];
  /** Every difference the sheet marks, most significant first. */
  readonly differences: readonly MarkedDifference[];
  /** Every comparison too skewed to test (Cochran's rule, skewness.ts), in the sheet's order. */
  readonly untested: readonly UntestedComparison[];
  /** The "What detractors say" block's content (verbatim.ts); null when the spec does not ask for it. */
  readonly verbatim: Verbatim | null;
  /** The "What moves NPS" block's content (driverAnalysis.ts); null when the spec does not ask for it. */
  readonly drivers: DriverAnalysis | null;
}

export function buildModel(input: ModelInput): Result<ScorecardModel> {
  const { spec, data } = input;
  const given = input.statistics;
  const source = parseAddress(spec.source.address);
  if (!source) return errors.invalid(`the source range "${spec.source.address}" is not an A1 range`);
  const dataRows = given ? given.dataRows : data.rows.length;
  if (dataRows === 0) return errors.invalid("the selected data has a header row but no data rows");
  for (const c of spec.columns) {
    if (c.index >= data.headers.length) return errors.invalid(`column ${c.index + 1} ("${c.header}") is outside the data, which has ${data.headers.length} columns`);
  }
  const dataSheet = input.dataSheet ?? spec.source.sheet;
  const firstDataRow = source.row + 1;
  const lastDataRow = source.row + data.rows.length;
  const prefix = sheetPrefix(dataSheet);
  const columnRef = (index: number): string => {
    const letter = columnLetter(source.col + index);
    return `${prefix}$${letter}$${firstDataRow + 1}:$${letter}$${lastDataRow + 1}`;
  };
  // A theme's settings live in its entry of the spec (its target and smallest difference), under its row's id.
  const themeSettings = new Map((spec.namedThemes ?? []).map((t) => [themeId(t.name), { ...(t.target !== undefined ? { target: t.target } : {}), ...(t.minDifference !== undefined ? { minDifference: t.minDifference } : {}) }]));
  const settingsOf = (id: string): KpiSettings => spec.kpis[id] ?? themeSettings.get(id) ?? {};
  if ((spec.namedThemes ?? []).length > 0 && !spec.columns.some((c) => c.role === THEME_ROLE)) {
    return errors.invalid(`themes (${(spec.namedThemes ?? []).map((t) => t.name).join(", ")}) are shares of the comments: map a comment column`);
  }
  const minDifferenceOf = (d: KpiRow) => settingsOf(d.meta.id).minDifference ?? 0;
  const minN = spec.minN ?? SMALL_SAMPLE;
  const q = spec.fdrQ ?? DEFAULT_Q;

  // Rows, leading first, then lagging; within each, the registry's order. Given statistics come
  // with their rows (configured for them).
  const givenRow = (d: KpiRow): KpiRow | undefined =>
    d.kind !== "sample" || !given ? d : given.rows.find((r) => r.kpi === d.kpi && r.columns.map((c) => c.index).join() === d.columns.map((c) => c.index).join());
  const all: KpiRow[] = [];
  for (const d of kpiRows(spec, input.registry)) {
    const row = givenRow(d);
    if (!row) return errors.invalid(`${d.title}: the statistics given have none for it`);
    all.push(row);
  }
  if (all.length === 0) {
    return errors.invalid("no KPI to show: map at least one column to a KPI (NPS, CSAT, CES, FCR, ...) or give the inputs of an aggregate KPI");
  }
  // The registry's order of KPIs; one it does not list (a registry copy's) after the others.
  const order = (m: KpiMeta) => (KPIS.includes(m) ? KPIS.indexOf(m) : KPIS.length);
  const byOrder = (x: KpiRow, y: KpiRow) => order(x.meta) - order(y.meta);
  const leading = all.filter((d) => d.meta.indicator === "leading").sort(byOrder);
  const lagging = all.filter((d) => d.meta.indicator === "lagging").sort(byOrder);
  const kpis = [...leading, ...lagging];
  const samples = kpis.filter((d): d is SampleRow => d.kind === "sample");
  // The Customer Performance Index, first on the sheet, where at least two KPIs can go in.
  // Themes stay out of the index: a share of mentions is no performance to average with the KPIs.
  const comp = composition(kpis.filter((d) => d.kind !== "sample" || d.theme === undefined), settingsOf);
  const composite: CompositeRow[] = comp.components.length >= MIN_COMPONENTS
    ? [{ kind: "composite", meta: kpiMeta("CPI") as KpiMeta, title: "Customer Performance Index (CPI)" }]
    : [];
  const components = composite.length > 0 ? comp.components : [];
  // The index has an n (and a trend) where a component made from data rows takes part.
  const cpiFromRows = components.some((c) => c.row.kind === "sample");
  const table: TableRow[] = [...composite, ...kpis];

  // Groups: 0 everyone, then segments, then periods.
  const segmentColumn = spec.columns.find((c) => c.role === "segment");
  const periodColumn = spec.columns.find((c) => c.role === "period");
  const segments: { groups: SegmentGroup[]; total: number } = given
    ? { groups: given.segments.groups.map((g) => ({ label: g.label, rows: [] })), total: given.segments.total }
    : segmentColumn ? segmentGroups(data, segmentColumn.index) : { groups: [], total: 0 };
  const periods: PeriodGroup[] = given
    ? given.periods.map((p) => ({ label: p.label, start: p.start, end: p.end, rows: [] }))
    : periodColumn ? periodGroups(data, periodColumn.index, spec.trend) : [];
  const segCount = segments.groups.length;
  const groupCount = 1 + segCount + periods.length;
  const label = (g: number): string => {
    if (g === 0) return "All";
    if (g <= segCount) return `${segmentColumn?.header ?? "Segment"}: ${segments.groups[g - 1].label}`;
    return periods[g - 1 - segCount].label;
  };
  /** A comparison of group g of a row (g < 0: its trend test), in the words of a finding. */
  const findingWords = (row: SampleRow, g: number): FindingWords => {
    const kpi = findingName(row);
    if (g < 0) {
      const [first, last] = [periods[0]?.label ?? "", periods[periods.length - 1]?.label ?? ""];
      return { group: `Trend over ${periods.length} ${spec.trend}s (${first} to ${last}), on the fitted line at ${last}`, comparedWith: `its start in ${first}`, kpi };
    }
    return {
      group: g <= segCount ? segments.groups[g - 1].label : periods[g - 1 - segCount].label,
      comparedWith: g <= segCount ? "the rest of the sample" : periods[g - 2 - segCount].label,
      kpi,
    };
  };
  const rowSegment = new Int32Array(data.rows.length).fill(-1);
  segments.groups.forEach((g, j) => g.rows.forEach((k) => (rowSegment[k] = 1 + j)));
  const rowPeriod = new Int32Array(data.rows.length).fill(-1);
  periods.forEach((p, j) => p.rows.forEach((k) => (rowPeriod[k] = 1 + segCount + j)));
  const counted = given
    ? samples.map((d) => given.stats[given.rows.indexOf(d)].map((g) => ({ stats: [...g.stats], rejected: g.rejected, firstError: g.firstError })))
    : countGroups(samples, data, groupCount, rowSegment, rowPeriod, (k) => source.row + 2 + k);
  const statsOf = new Map<SampleRow, GroupStats[]>(samples.map((d, k) => [d, counted[k]]));

  // Every sample row must have something to compute from: a mapped column with no usable values is an error.
  for (const d of samples) {
    const v = groupValue(d, (statsOf.get(d) as GroupStats[])[0], true);
    if (isKpiError(v) && v.code === "#N/A") return errors.invalid(`${d.title}: the column has no usable values (${v.message})`);
  }

  // Values, intervals and tests of every group, from the statistics.
  const computed = new Map<SampleRow, GroupValue[]>();
  interface Test {
    readonly row: SampleRow;
    readonly group: number;
    readonly otherStats: readonly number[];
    readonly p: number | null;
    readonly inFamily: boolean;
    readonly skew: SkewCheck | null;
    readonly sameAs?: Test;
    readonly fit?: TrendFit | null;
    readonly part?: { readonly n: number; readonly pooled: readonly number[] };
  }
  const tests: Test[] = [];
  // Each period's time in months (or quarters) from the first, so a month without data keeps its place.
  const periodTimes = periods.map((p) => {
    const d = new Date(Math.round((p.start - 25569) * 86400000));
    const months = d.getUTCFullYear() * 12 + d.getUTCMonth();
    return spec.trend === "quarter" ? months / 3 : months;
  }).map((x, _k, all) => x - all[0]);
  const span = periodTimes.length > 0 ? periodTimes[periodTimes.length - 1] : 0;
  for (const d of samples) {
    const groups = statsOf.get(d) as GroupStats[];
    const list: GroupValue[] = [];
    for (let g = 0; g < groupCount; g++) {
      const gs = groups[g];
      const value = groupValue(d, gs, g === 0);
      const interval = isKpiError(value) ? null : d.model.interval(gs.stats, CONFIDENCE, g === 0);
      let other: GroupValue["other"] = null;
      let otherStats: GroupStats | null = null;
      if (g >= 1 && g <= segCount) {
        otherStats = restOf(groups[0], gs);
        other = { label: "rest of the sample", value: groupValue(d, otherStats, false), n: otherStats.stats[0] };
      } else if (g > segCount + 1) {
        otherStats = groups[g - 1];
        other = { label: `previous period (${label(g - 1)})`, value: groupValue(d, otherStats, false), n: otherStats.stats[0] };
      }
      let p: number | null = null;
      if (other && otherStats && !isKpiError(value) && !isKpiError(other.value)) {
        const r = d.model.pValue(gs.stats, otherStats.stats);
        p = isKpiError(r) ? null : r;
      }
      if (other && otherStats) {
        // Both sides at the minimum n, then the difference's skewness under the null of one distribution (Cochran's rule, skewness.ts).
        const enough = gs.stats[0] >= minN && other.n >= minN;
        const theirs = otherStats.stats;
        const skew = enough && d.model.score ? differenceSkew(d.model.score.moments(gs.stats.map((x, k) => x + theirs[k])), gs.stats[0], other.n) : null;
        tests.push({ row: d, group: g, otherStats: theirs, p, inFamily: enough && !(skew?.tooSkewed ?? false), skew });
      }
      list.push({ value, n: gs.stats[0], interval, other, p });
    }
    computed.set(d, list);
    // The trend over the periods (trendTest.ts): periods with at least the minimum n and a value take part.
    const score = d.model.score;
    if (score && periods.length >= MIN_TREND_PERIODS) {
      const trendPeriods = periods.map((_, j) => {
        const g = 1 + segCount + j;
        return { x: periodTimes[j], stats: groups[g].stats, included: groups[g].stats[0] >= minN && !isKpiError(list[g].value) };
      });
      const fit = trendFit(score, trendPeriods, span, CONFIDENCE);
      const part = takingPart(trendPeriods);
      const used = trendPeriods.filter((t) => t.included);
      const skew = fit ? slopeSkew(score.moments(part.pooled), used.map((t) => t.stats[0]), used.map((t) => t.x)) : null;
      tests.push({ row: d, group: -1, otherStats: [], p: fit?.p ?? null, inFamily: fit !== null && !(skew?.tooSkewed ?? false), skew, fit, part });
    }
    // Two segments that hold every answer of the row: B vs the rest is A vs the rest, entered once.
    if (segCount === 2 && groups[1].stats[0] + groups[2].stats[0] === groups[0].stats[0]) {
      const mine = tests.filter((t) => t.row === d);
      const a = mine.find((t) => t.group === 1);
      const k = tests.findIndex((t) => t.row === d && t.group === 2);
      if (a && k >= 0) tests[k] = { ...tests[k], inFamily: false, sameAs: a };
    }
  }
  // Benjamini-Hochberg over the family: every comparison on the sheet that could be marked.
  const tested = tests.filter((c) => c.p !== null && c.inFamily);
  const adjusted = new Map<(typeof tests)[number], { adjusted: number; rank: number }>();
  if (tested.length > 0) {
    const ps = tested.map((c) => c.p as number);
    const adj = benjaminiHochberg(ps);
    // Ranks count near-ties (within RANK_TOLERANCE) as ties, so that the spreadsheet's p-values,
    // equal to ours within rounding, rank the same; the adjusted p-values do not depend on it.
    tested.forEach((c, k) => adjusted.set(c, { adjusted: adj[k], rank: ps.filter((x) => x <= ps[k] * (1 + RANK_TOLERANCE)).length }));
  }
  // The smallest detectable difference, at the level a lone real difference must pass in this family (BH at rank 1: q/m).
  const detectable = tested.length === 0 ? 0 : normalQuantile(1 - q / (2 * tested.length)) + normalQuantile(POWER);
  const trendLabel = periods.length === 0 ? "" : `trend over ${periods.length} ${spec.trend}s (${periods[0].label} to ${periods[periods.length - 1].label})`;
  const comparisons: Comparison[] = tests.map((t): Comparison => {
    // A comparison that is another's turned round has that one's adjusted p and rank.
    const a = adjusted.get(t.sameAs ?? t);
    if (t.group < 0) {
      const fit = t.fit ?? null;
      let mark: Mark = "";
      if (a && fit && a.adjusted <= q && Math.abs(fit.change) >= minDifferenceOf(t.row)) mark = fit.change > 0 ? MARK_UP : MARK_DOWN;
      return {
        kind: "trend", row: t.row, group: -1, label: trendLabel, comparedWith: `the fitted line at ${periods[0].label}`,
        value: fit?.fittedLast ?? null, otherValue: fit?.fittedFirst ?? null, n: t.part?.n ?? 0, otherN: null, fit, pooled: t.part?.pooled ?? null,
        difference: fit?.change ?? null, interval: fit?.interval ?? null, mde: a && fit ? detectable * fit.se * span : null,
        p: t.p, inFamily: t.inFamily, skew: t.skew, sameAs: null, adjusted: a?.adjusted ?? null, rank: a?.rank ?? null, mark,
      };
    }
    const c = (computed.get(t.row) as GroupValue[])[t.group];
    const value = isKpiError(c.value) ? null : c.value;
    const otherValue = c.other === null || isKpiError(c.other.value) ? null : c.other.value;
    const difference = value === null || otherValue === null ? null : value - otherValue;
    const score = t.row.model.score;
    const mine = (statsOf.get(t.row) as GroupStats[])[t.group].stats;
    const theirs = t.otherStats;
    const interval = difference === null || !score ? null : score.differenceInterval(mine, theirs, CONFIDENCE);
    let mde: number | null = null;
    if (a && score) {
      const both = score.moments(mine.map((x, k) => x + theirs[k]));
      mde = detectable * Math.sqrt((both.ss / both.n) * (1 / mine[0] + 1 / theirs[0]));
    }
    // A mark needs the difference to hold (adjusted p <= q) and to be worth reporting (at least the KPI's smallest difference).
    let mark: Mark = "";
    if (a && difference !== null && a.adjusted <= q && Math.abs(difference) >= minDifferenceOf(t.row)) mark = difference > 0 ? MARK_UP : MARK_DOWN;
    return {
      kind: t.group <= segCount ? "segment" : "period", row: t.row, group: t.group, label: label(t.group), comparedWith: c.other?.label ?? "",
      value, otherValue, n: c.n, otherN: c.other?.n ?? null, fit: null, pooled: null, difference, interval, mde,
      p: t.p, inFamily: t.inFamily, skew: t.skew, sameAs: t.sameAs?.group ?? null, adjusted: a?.adjusted ?? null, rank: a?.rank ?? null, mark,
    };
  });
  const comparisonAt = new Map<SampleRow, (Comparison | undefined)[]>(samples.map((d) => [d, []]));
  const trends = new Map<SampleRow, Comparison>();
  for (const c of comparisons) {
    if (c.kind === "trend") trends.set(c.row, c);
    else (comparisonAt.get(c.row) as (Comparison | undefined)[])[c.group] = c;
  }
  const comparison = (d: SampleRow, g: number) => comparisonAt.get(d)?.[g];
  const markOf = (d: SampleRow, g: number): Mark => comparison(d, g)?.mark ?? "";

  const differences: MarkedDifference[] = [];
  /** The p a difference ranks by: its own, or, entered once with another (sameAs), the other's, as the sheet's key findings rank it. */
  const rankP = new Map<MarkedDifference, number>();
  for (const c of comparisons) {
    if (!c.mark || c.adjusted === null || c.p === null || c.value === null || c.otherValue === null) continue;
    const partner = c.sameAs !== null ? comparison(c.row, c.sameAs) : undefined;
    const d: MarkedDifference = {
      id: c.row.meta.id, kind: c.kind, title: c.row.title, numberFormat: c.row.meta.numberFormat, group: c.label, comparedWith: c.comparedWith, value: c.value,
      otherValue: c.otherValue, n: c.n, p: c.p, adjustedP: c.adjusted, direction: c.mark === MARK_UP ? "higher" : "lower",
      differenceInterval: c.interval,
      sentence: findingText(findingWords(c.row, c.group), { value: c.value, otherValue: c.otherValue, n: c.n, adjustedP: c.adjusted }, c.row.meta),
    };
    differences.push(d);
    rankP.set(d, partner?.p ?? c.p);
  }
  // Stable: equal keys keep the comparisons' order, the statistics table's.
  differences.sort((x, y) => x.adjustedP - y.adjustedP || (rankP.get(x) as number) - (rankP.get(y) as number));
  const untested: UntestedComparison[] = [];
  for (const c of comparisons) {
    if (c.inFamily || c.sameAs !== null || !c.skew?.tooSkewed || c.skew.needs === null || c.value === null || c.otherValue === null) continue;
    untested.push({ id: c.row.meta.id, kind: c.kind, title: c.row.title, group: c.label, comparedWith: c.comparedWith, n: c.skew.n, needs: c.skew.needs });
  }

  // The CPI's components: their value and n per group (aggregate KPIs have no segment or period
  // value), their scores, and the index with its n.
  const componentValue = (row: KpiRow, g: number): Result<number> | null => {
    if (row.kind === "aggregate") return g === 0 ? row.value : null;
    return (computed.get(row) as GroupValue[])[g].value;
  };
  const componentN = (row: KpiRow, g: number): number | null => (row.kind === "aggregate" ? null : (computed.get(row) as GroupValue[])[g].n);
  const scores = components.map((c) => Array.from({ length: groupCount }, (_, g) => scoreOf(componentValue(c.row, g), c)));
  const weights = components.map((c) => c.weight);
  const groupScores = (g: number) => scores.map((list) => list[g]);
  const cpiValues = Array.from({ length: groupCount }, (_, g) => indexOf(groupScores(g), weights));
  const cpiNs = Array.from({ length: groupCount }, (_, g) => smallestN(groupScores(g), components.map((c) => componentN(c.row, g))));
  // Each component's 95 % interval in a group (a figure entered is exact), and the CPI's from
  // them, where the sheet shows it: overall (the KPI table) and per period (the trend chart). Not
  // per segment: the formulas of 40 segments would pass the Office.js request of a wide survey.
  const componentInterval = (row: KpiRow, g: number) => (row.kind === "aggregate" ? ("exact" as const) : (computed.get(row) as GroupValue[])[g].interval);
  const cpiIntervals = Array.from({ length: groupCount }, (_, g) =>
    g >= 1 && g <= segments.groups.length ? null : intervalOf(groupScores(g), components.map((c) => componentInterval(c.row, g)), components));

  // Each table row's overall figures and band.
  const overalls = new Map<TableRow, Overall>();
  for (const d of table) {
    const settings = settingsOf(d.meta.id);
    const mine = d.kind === "sample" ? (computed.get(d) as GroupValue[])[0] : null;
    const value = d.kind === "aggregate" ? d.value : d.kind === "composite" ? cpiValues[0] : (mine as GroupValue).value;
    const n = mine ? mine.n : d.kind === "composite" ? cpiNs[0] : null;
    const tooFew = n !== null && n < minN;
    const t = thresholdsFor(d.meta, settings.green ?? (d.meta.bands.kind === "target" ? settings.target : undefined), settings.amber);
    const thresholds = isKpiError(t) ? null : t;
    const band = !isKpiError(value) && thresholds && !tooFew ? bandIndex(value, thresholds) : null;
    overalls.set(d, { value, n, interval: mine ? mine.interval : d.kind === "composite" ? cpiIntervals[0] : null, tooFew, thresholds, band });
  }
  const summary: KpiSummary[] = table.map((d) => {
    const o = overalls.get(d) as Overall;
    return {
      id: d.meta.id,
      title: d.title,
      value: isKpiError(o.value) ? null : o.value,
      error: isKpiError(o.value) ? `${o.value.code} ${o.value.message}` : null,
      band: o.band === null ? null : d.meta.bands.labels[o.band],
      bandIndex: o.band,
      n: o.n,
      numberFormat: d.meta.numberFormat,
      low: o.interval?.[0] ?? null,
      high: o.interval?.[1] ?? null,
      // The CPI's interval is conservative, not a 95 % one (composite.ts): every list of the summary says so beside it.
      ...(d.kind === "composite" && o.interval ? { conservative: true } : {}),
      tooFew: o.tooFew,
      status: statusText(d.meta, { value: isKpiError(o.value) ? null : o.value, band: o.band, banded: o.thresholds !== null, tooFew: o.tooFew }, settingsOf(d.meta.id).target, minN),
    };
  });

  return {
    spec,
    data,
    builtAt: input.builtAt,
    sourceNotes: input.sourceNotes ?? [],
    mode: spec.mode,
    minN,
    q,
    hasData: given === undefined,
    dataRows,
    settingsOf,
    columnRef,
    rows: {
      composite,
      leading,
      lagging,
      kpis,
      samples,
      table,
      perSegment: table.filter((d) => d.kind !== "aggregate"),
      trend: periods.length > 0 ? [...(cpiFromRows ? composite : []), ...samples] : [],
    },
    groups: { segmentColumn, periodColumn, segments: segments.groups, segmentTotal: segments.total, periods, count: groupCount, label },
    cpi: { components, leftOut: comp.leftOut, fromRows: cpiFromRows, scores, weights, values: cpiValues, ns: cpiNs, intervals: cpiIntervals },
    inputKeys: inputsUsed(kpis, spec, AGGREGATE_INPUTS.map((a) => a.key)),
    statsOf: (d) => statsOf.get(d) as GroupStats[],
    valuesOf: (d) => computed.get(d) as GroupValue[],
    overall: (d) => overalls.get(d) as Overall,
    comparisons,
    comparison,
    findingWords,
    markOf,
    trendOf: (d) => trends.get(d),
    periodTimes,
    summary,
    differences,
    untested,
    verbatim: verbatimOf(spec, data),
    drivers: driverAnalysisOf(spec, data, given === undefined),
  };
}

/** A KPI row as a finding names it: "NPS", "sentiment", "CIS (Referral impact, Upsell impact)". */
export function findingName(row: KpiRow): string {
  const base = shortName(kpiTitle(row.meta));
  if (row.kind !== "sample" || row.title === kpiTitle(row.meta)) return base;
  const columns = row.columns.map((c) => c.header).join(", ");
  return `${base} (${columns.length > 60 ? `${columns.slice(0, 59)}…` : columns})`;
}
