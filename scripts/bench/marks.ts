/**
 * Bench section 12: marks you can trust (issue 19). Simulated surveys modelled by the planner
 * itself (buildModel, which planScorecard lays out: values mode, the same model, tests, family,
 * correction and marks as every mode), to measure what the marks claim:
 *
 *   - under no real difference (every group drawn from one distribution): a main segment of
 *     3,000 answers beside nine of 30-60, six months, q = 0.05; the share of sheets with a false
 *     ▲/▼ (segment, period or trend) for five distributions, and on a sheet of four KPIs, with
 *     its sampling error (sqrt(s (1 - s) / runs)); the coverage of the 95 % interval of a small
 *     segment's difference from the rest (its true difference is 0); how many comparisons of each
 *     kind were too skewed to test (Cochran's rule, src/scorecard/skewness.ts);
 *   - power: one segment 10 NPS points above the others (40/35/25 against 45/35/20), of 100 to
 *     2,000 answers, on NPS-only sheets: the share of sheets that mark it ▲, beside the smallest
 *     detectable difference the sheet printed for it; and on a brand of 85 % promoters, a segment
 *     10 points below the rest at 100 to 500 answers (what Cochran's rule costs in power);
 *   - the trend test: NPS falling steadily by 10 points over six months in every segment; the
 *     share of sheets whose trend test marks it ▼, against the share with a month-to-month mark.
 *
 *   node --import tsx scripts/bench/marks.ts out.json        (KPI_BENCH_QUICK=1: a tenth of the runs)
 */
import { writeFileSync } from "node:fs";
import { isKpiError } from "../../src/kpi";
import { buildModel, type Comparison, type ScorecardModel } from "../../src/scorecard/model";
import type { ColumnMapping, DataTable, ScorecardSpec } from "../../src/scorecard/types";
import { mulberry32 } from "../random.cjs";

const QUICK = process.env.KPI_BENCH_QUICK === "1";
const RUNS = QUICK ? 100 : 1000;
const POWER_RUNS = QUICK ? 60 : 400;
const BUILT_AT = new Date("2026-12-07T09:00:00Z");
const JAN = 45658; // 2025-01-01 as an Excel serial
const MONTH_STARTS = [0, 31, 59, 90, 120, 151].map((d) => JAN + d);

type Rand = () => number;

/** An answer drawn from a distribution, and the column role and header it fills. */
interface Kpi {
  readonly role: ColumnMapping["role"];
  readonly header: string;
  readonly title: string;
  draw(r: Rand, shift: number): number;
}

/** NPS with promoters p and detractors d (fractions); `shift` moves p up and d down by shift/2 NPS points each. */
const npsKpi = (p: number, d: number): Kpi => ({
  role: "nps",
  header: "Recommend",
  title: "Net Promoter Score (NPS)",
  draw(r, shift) {
    const u = r();
    const [pp, dd] = [p + shift / 200, d - shift / 200];
    if (u < pp) return 9 + Math.floor(r() * 2);
    if (u < pp + dd) return Math.floor(r() * 7);
    return 7 + Math.floor(r() * 2);
  },
});
/** CES on 1..7 with a share `top` answering 7, the others spread over 1..6. */
const cesKpi = (top: number): Kpi => ({
  role: "ces",
  header: "Effort",
  title: "Customer Effort Score (CES)",
  draw: (r) => (r() < top ? 7 : 1 + Math.floor(r() * 6)),
});
/** Order values: lognormal, sigma 1.5 (Box-Muller). */
const orderKpi: Kpi = {
  role: "revenue",
  header: "Order value",
  title: "Revenue per customer",
  draw(r) {
    const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    return Math.round(Math.exp(4 + 1.5 * z) * 100) / 100;
  },
};
/** CSAT on 1..5, three in four satisfied (4-5). */
const csatKpi: Kpi = {
  role: "csat",
  header: "Satisfied",
  title: "Customer Satisfaction (CSAT)",
  draw: (r) => (r() < 0.75 ? 4 + Math.floor(r() * 2) : 1 + Math.floor(r() * 3)),
};

/** The segments: a main one of 3,000 and nine of 30-60 (or a tested one of `tested` answers in the second place). */
function sizes(r: Rand, tested?: number): number[] {
  const small = Array.from({ length: 9 }, () => 30 + Math.floor(r() * 31));
  return tested === undefined ? [3000, ...small] : [3000, tested, ...small.slice(1)];
}

/**
 * A survey: a row per answer with its segment, a date in one of six months, and an answer per KPI;
 * `shift(segment, month)` adds NPS points to a segment or month (0: no real difference).
 */
function survey(r: Rand, kpis: readonly Kpi[], segmentSizes: readonly number[], shift: (segment: number, month: number) => number = () => 0): DataTable {
  const rows: unknown[][] = [];
  segmentSizes.forEach((n, s) => {
    for (let k = 0; k < n; k++) {
      const month = Math.floor(r() * 6);
      rows.push([`S${String(s).padStart(2, "0")}`, MONTH_STARTS[month] + Math.floor(r() * 28), ...kpis.map((kpi) => kpi.draw(r, shift(s, month)))]);
    }
  });
  return { headers: ["Segment", "Date", ...kpis.map((k) => k.header)], rows };
}

/**
 * The planner's model of a survey (src/scorecard/model.ts): every comparison with its interval,
 * test, skewness check and smallest detectable difference, and the differences it marks. The
 * sheet prints these (its statistics table's panels and page 1's findings: planScorecard lays
 * out this model); reading them here, not the sheet's cells, keeps the bench independent of the
 * table's layout (issue 24 turned its one row into panels under new headers).
 */
function model(data: DataTable, kpis: readonly Kpi[]): ScorecardModel {
  const spec: ScorecardSpec = {
    version: 1,
    source: { sheet: "Data", address: `A1:${String.fromCharCode(66 + kpis.length)}${data.rows.length + 1}` },
    columns: [
      { index: 0, header: "Segment", role: "segment" },
      { index: 1, header: "Date", role: "period" },
      ...kpis.map((k, j): ColumnMapping => ({ index: 2 + j, header: k.header, role: k.role })),
    ],
    aggregates: {},
    kpis: {},
    mode: "values",
    trend: "month",
  };
  const m = buildModel({ spec, data, builtAt: BUILT_AT });
  if (isKpiError(m)) throw new Error(m.message);
  return m;
}

/** A comparison's kind as the bench reports it: the main segment (S00) apart from the small ones. */
function kindOf(c: Pick<Comparison, "kind" | "label">): string {
  return c.kind === "segment" ? (c.label.endsWith("S00") ? "main segment" : "small segment") : c.kind;
}

/** A share and its sampling error, in per cent. */
function share(hits: number, runs: number): { percent: number; se: number; runs: number } {
  const s = hits / runs;
  return { percent: 100 * s, se: 100 * Math.sqrt((s * (1 - s)) / runs), runs };
}

function nullScenario(name: string, kpis: readonly Kpi[], seed: number) {
  const r = mulberry32(seed);
  let marked = 0;
  let covered = 0;
  let intervals = 0;
  // Which comparisons carry the false marks: a small segment, the main one, a month, the trend.
  const byKind: Record<string, number> = {};
  const gated: Record<string, { comparisons: number; too_skewed: number }> = {};
  for (let run = 0; run < RUNS; run++) {
    const m = model(survey(r, kpis, sizes(r)), kpis);
    if (m.differences.length > 0) marked++;
    for (const d of m.differences) {
      const kind = d.kind === "segment" ? (d.group.endsWith("S00") ? "main segment" : "small segment") : d.kind;
      byKind[kind] = (byKind[kind] ?? 0) + 1;
    }
    for (const c of m.comparisons) {
      // Which comparisons Cochran's rule keeps untested (src/scorecard/skewness.ts): the sheet's p cell says so in words.
      const gate = (gated[kindOf(c)] ??= { comparisons: 0, too_skewed: 0 });
      gate.comparisons++;
      if (c.skew?.tooSkewed && !c.inFamily && c.sameAs === null) gate.too_skewed++;
      // The small segments' differences from the rest: each interval should hold 0, 95 % of the time.
      if (kindOf(c) !== "small segment" || !c.interval) continue;
      intervals++;
      if (c.interval[0] <= 0 && c.interval[1] >= 0) covered++;
    }
  }
  return { scenario: name, kpis: kpis.map((k) => k.title), sheets_with_a_false_mark: share(marked, RUNS), false_marks_by_comparison: byKind, too_skewed_to_test: gated, small_segment_difference_interval_coverage: share(covered, intervals) };
}

function power(segment: number, seed: number, kpi: Kpi = npsKpi(0.4, 0.25), points = 10) {
  const r = mulberry32(seed);
  let hits = 0;
  let detectable = 0;
  let shown = 0;
  for (let run = 0; run < POWER_RUNS; run++) {
    const m = model(survey(r, [kpi], sizes(r, segment), (s) => (s === 1 ? points : 0)), [kpi]);
    if (m.differences.some((d) => d.group === "Segment: S01" && d.direction === (points > 0 ? "higher" : "lower"))) hits++;
    // The smallest detectable difference the sheet prints for it (MDD, 80 % power; null where it is not tested).
    const mde = m.comparisons.find((c) => c.kind === "segment" && c.label === "Segment: S01")?.mde;
    if (typeof mde === "number") {
      detectable += mde;
      shown++;
    }
  }
  return { segment_size: segment, marked: share(hits, POWER_RUNS), mean_detectable_difference: shown > 0 ? detectable / shown : null };
}

function trend(seed: number) {
  const r = mulberry32(seed);
  const kpi = npsKpi(0.4, 0.25);
  let trendMarked = 0;
  let monthMarked = 0;
  let wrongWay = 0;
  let segmentMarked = 0;
  // The trend test alone, before the Benjamini-Hochberg correction over the sheet's family: how
  // much of what the sheet misses is the price of testing every segment and month beside it.
  let rawBelow = 0;
  let familySize = 0;
  for (let run = 0; run < RUNS; run++) {
    // 10 points lower over the six months, 2 a month, in every segment alike.
    const m = model(survey(r, [kpi], sizes(r), (_s, month) => -2 * month), [kpi]);
    const marks = m.differences;
    const t = m.comparisons.find((c) => c.kind === "trend");
    if (t && t.p !== null && t.p <= 0.05 && (t.difference ?? 0) < 0) rawBelow++;
    familySize += m.comparisons.filter((c) => c.inFamily).length;
    if (marks.some((d) => d.kind === "trend" && d.direction === "lower")) trendMarked++;
    if (marks.some((d) => d.kind === "period")) monthMarked++;
    if (marks.some((d) => d.kind === "trend" && d.direction === "higher")) wrongWay++;
    if (marks.some((d) => d.kind === "segment")) segmentMarked++;
  }
  return {
    decline_points: 10,
    trend_marked_lower: share(trendMarked, RUNS),
    a_month_against_the_one_before_marked: share(monthMarked, RUNS),
    trend_marked_higher: share(wrongWay, RUNS),
    a_segment_marked: share(segmentMarked, RUNS),
    trend_p_below_0_05_uncorrected: share(rawBelow, RUNS),
    mean_family_size: familySize / RUNS,
  };
}

function main(): void {
  const started = Date.now();
  const scenarios = [
    nullScenario("NPS, typical brand (40/35/25)", [npsKpi(0.4, 0.25)], 1),
    nullScenario("NPS, brand of 85 % promoters (85/10/5)", [npsKpi(0.85, 0.05)], 2),
    nullScenario("CES, 80 % answer 7", [cesKpi(0.8)], 3),
    nullScenario("CES, 92 % answer 7", [cesKpi(0.92)], 4),
    nullScenario("order values, lognormal (sigma 1.5)", [orderKpi], 5),
    nullScenario("four KPIs: NPS 40/35/25, CSAT, CES 80 % 7, order values", [npsKpi(0.4, 0.25), csatKpi, cesKpi(0.8), orderKpi], 6),
  ];
  const powers = [100, 200, 300, 500, 1000, 2000].map((n, k) => power(n, 10 + k));
  // A skewed NPS (85/10/5): a segment 10 points below the rest (80/10/10 against 85/10/5): what Cochran's rule costs.
  const skewedPowers = [100, 200, 500].map((n, k) => power(n, 30 + k, npsKpi(0.85, 0.05), -10));
  const result = { runs: RUNS, power_runs: POWER_RUNS, q: 0.05, scenarios, power: powers, power_skewed_nps: skewedPowers, trend: trend(20), seconds: (Date.now() - started) / 1000 };
  writeFileSync(process.argv[2], JSON.stringify(result, null, 1));
}

main();
