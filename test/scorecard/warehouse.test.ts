// The statistics from anywhere (issue 22): the one finest-grain SQL query of a scorecard, run by
// DuckDB on a CSV and on a Parquet file, rolled up in TypeScript, gives the groups, statistics,
// values, intervals and p-values that the JavaScript engine counts from the same file's rows
// (readCsv, the date typing, cleaning and labels of the CLI, then the planner's groups and
// countGroups): every KPI with SQL, overall and per segment and period, on hostile cells.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCsv } from "../../src/cli/csv";
import { typeDateColumns } from "../../src/cli/dates";
import { duckDbLoads, loadDuckDb } from "../../src/cli/duckdb";
import { duckDbStatistics } from "../../src/cli/duckStats";
import { isKpiError, type Result } from "../../src/kpi";
import { segmentGroups, periodGroups } from "../../src/scorecard/groups";
import { convertCsatLabels, isCsatLabelColumn } from "../../src/scorecard/labels";
import { countGroups, type GroupStats, kpiRows, restOf, type SampleRow } from "../../src/scorecard/rows";
import type { ScoreModel } from "../../src/kpi/difference";
import { skewnessOf } from "../../src/scorecard/skewness";
import type { RolledUp } from "../../src/scorecard/statsQuery";
import { cleanTableText } from "../../src/scorecard/text";
import type { ColumnMapping, DataTable, FormulaCell, ScorecardPlan, ScorecardSpec } from "../../src/scorecard/types";
import { writeScorecardXlsx } from "../../src/xlsx/writer";
import { disposeLibreOffice, libreOfficeAvailable, recalculate, type CellValue } from "../helpers/libreoffice";
import { planOf } from "../helpers/planned";
import { compareWithCache } from "../helpers/recalculated";

const describeDuck = duckDbLoads() ? describe : describe.skip;
const describeLO = libreOfficeAvailable() ? describe : describe.skip;
const BUILT = new Date("2026-12-07T09:00:00Z");

/** A plan written without a data sheet and recalculated by LibreOffice on load. */
async function recalculatedScorecardWithoutData(plan: ScorecardPlan): Promise<CellValue[][]> {
  const dir = mkdtempSync(join(tmpdir(), "kpi-recalc-"));
  try {
    const path = join(dir, "scorecard.xlsx");
    await writeScorecardXlsx(plan, null, { path, created: BUILT });
    return (await recalculate(path))[plan.sheetName];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A deterministic pseudo-random sequence (a linear congruential generator), so a failure reproduces. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const HEADERS = ["Region", "Date", "Recommend", "Recommend (raw)", "Satisfied", "Effort", "Resolved", "Revenue", "Visits", "Clicks", "Impact", "Complaints", "Q1", "Q2", "Q3", "Satisfaction", "Comment"];
const COLUMNS: ColumnMapping[] = [
  { index: 0, header: "Region", role: "segment" },
  { index: 1, header: "Date", role: "period" },
  { index: 2, header: "Recommend", role: "nps" },
  { index: 3, header: "Recommend (raw)", role: "nps" },
  { index: 4, header: "Satisfied", role: "csat" },
  { index: 5, header: "Effort", role: "ces" },
  { index: 6, header: "Resolved", role: "fcr" },
  { index: 7, header: "Revenue", role: "revenue" },
  { index: 8, header: "Visits", role: "engagement" },
  { index: 9, header: "Clicks", role: "engagement", weight: 2.5 },
  { index: 10, header: "Impact", role: "impact" },
  { index: 11, header: "Complaints", role: "complaints" },
  { index: 12, header: "Q1", role: "cx" },
  { index: 13, header: "Q2", role: "cx" },
  { index: 14, header: "Q3", role: "cx" },
  { index: 15, header: "Satisfaction", role: "csat" },
  { index: 16, header: "Comment", role: "sentiment" },
];

/** A CSV field: quoted when it holds the delimiter, a quote or a line break. */
const field = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Survey rows with every kind of cell the reading rule names, valid and not. */
function hostileCsv(rows: number, seed: number, bad: boolean): string {
  const r = random(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const regions = ["North", " north", "NORTH", "South", "South ", "East", "", "  West  ", "1", "01", "east\u00a0"];
  const score = (lo: number, hi: number, hostile: readonly string[]) => (r() < 0.15 ? pick(hostile) : String(lo + Math.floor(r() * (hi - lo + 1))));
  const npsHostile = [" 9", "9.0", "+7", "1e1", "1,000", "N/A", "\u00a08\u00a0", "TRUE", "", "\t7", "007", "10.", "  ", "-", "8\u0001", "007e1", "1e999", "\u00a0", "9\u00a0\u00a0"];
  const lines = [HEADERS.join(",")];
  for (let k = 0; k < rows; k++) {
    const month = 1 + Math.floor(r() * 9);
    const day = 1 + Math.floor(r() * 28);
    const iso = `2025-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    const date = r() < 0.04 ? pick(["n/a", "", "45700", `2025/${month}/${day}`, `${iso}T23:30:00+05:00`, `${day}.${month}.2025`]) : iso;
    const raw = bad ? score(0, 10, [...npsHostile, ".5", "11", "-1"]) : score(0, 10, npsHostile);
    const revenue = r() < 0.1 ? pick([` ${1_000_000_012.5}`, "$5", "1,5", "", "n/a", "1e9"]) : (1_000_000_000 + Math.round(r() * 10_000) / 100).toFixed(2);
    const flags = ["yes", " Y ", "no", "N", "1", "0", "TRUE", "false", "maybe", "", "\t1", "1.0", "No", "\tyes", "no\u00a0"];
    const complaints = ["yes", "no", "0", "1", "2", "", "maybe", "3", " yes "];
    const labels = ["Very satisfied", "Satisfied", "neutral", "Dissatisfied", "Very  dissatisfied", "", "satisfied"];
    lines.push([
      pick(regions),
      date,
      score(0, 10, npsHostile),
      raw,
      score(1, 5, [" 5", "4.0", "+3", "N/A", ""]),
      score(1, 7, ["7.0", " 6", "", "x"]),
      r() < 0.9 ? pick(flags) : bad ? "2" : "",
      revenue,
      r() < 0.2 ? "" : String(Math.floor(r() * 20)),
      r() < 0.3 ? "" : String(Math.floor(r() * 5)),
      r() < 0.1 ? "" : String(Math.floor(r() * 200) - 100),
      bad && r() < 0.03 ? "0.5" : pick(complaints),
      score(1, 5, ["", "4.0"]),
      r() < 0.3 ? "" : score(1, 5, [""]),
      score(1, 5, ["", " 2"]),
      r() < 0.05 ? "n/a" : pick(labels),
      pick(["great service", "Had to call twice, but it got sorted", "", "terrible wait", "ok", " ok ", "love it 😀", "not bad", "1", "N/A"]),
    ].map(field).join(","));
  }
  return lines.join("\n") + "\n";
}

const SPEC = (rows: number, trend: "month" | "quarter" = "month"): ScorecardSpec => ({
  version: 1,
  source: { sheet: "Data", address: `A1:P${rows + 1}` },
  columns: COLUMNS,
  aggregates: {},
  kpis: {},
  mode: "portable",
  trend,
});

/** The JavaScript engine: the CLI's CSV reading, then the planner's groups and countGroups. */
async function jsEngine(path: string, spec: ScorecardSpec) {
  const csv = await readCsv(path);
  typeDateColumns(csv.rows, csv.table.headers);
  cleanTableText(csv.table.headers as string[], csv.rows);
  csv.table.headers.forEach((_, c) => {
    const cells = csv.rows.map((row) => row[c]);
    if (isCsatLabelColumn(cells)) convertCsatLabels(csv.rows, c);
  });
  return countedByJs(csv.table, spec);
}

function countedByJs(table: DataTable, spec: ScorecardSpec) {
  const rows = kpiRows(spec).filter((r): r is SampleRow => r.kind === "sample");
  const segments = segmentGroups(table, 0);
  const periods = periodGroups(table, 1, spec.trend);
  const segOf = new Int32Array(table.rows.length).fill(-1);
  segments.groups.forEach((g, j) => g.rows.forEach((k) => (segOf[k] = 1 + j)));
  const perOf = new Int32Array(table.rows.length).fill(-1);
  periods.forEach((p, j) => p.rows.forEach((k) => (perOf[k] = 1 + segments.groups.length + j)));
  const stats = countGroups(rows, table, 1 + segments.groups.length + periods.length, segOf, perOf, (k) => k + 2);
  return { rows, segments, periods, stats, dataRows: table.rows.length };
}

type Counted = ReturnType<typeof countedByJs>;

const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

function sameResult(a: Result<number>, b: Result<number>, what: string): void {
  if (isKpiError(a) || isKpiError(b)) {
    expect([what, isKpiError(a) ? a.code : a]).toEqual([what, isKpiError(b) ? b.code : b]);
    return;
  }
  if (!close(a, b, 1e-12)) expect([what, a]).toEqual([what, b]);
}

/** Every group's statistics, value, interval and test of the two engines, and their groups, agree. */
function expectSame(js: Counted, duck: RolledUp): number {
  expect(duck.dataRows).toBe(js.dataRows);
  expect(duck.segments.groups.map((g) => [g.label, g.count])).toEqual(js.segments.groups.map((g) => [g.label, g.rows.length]));
  expect(duck.segments.total).toBe(js.segments.total);
  expect(duck.periods.map((p) => [p.label, p.start, p.end, p.count])).toEqual(js.periods.map((p) => [p.label, p.start, p.end, p.rows.length]));
  expect(duck.rows.map((r) => r.title)).toEqual(js.rows.map((r) => r.title));
  const segCount = js.segments.groups.length;
  let compared = 0;
  let skewed = 0;
  duck.rows.forEach((dr, k) => {
    const jk = js.rows.findIndex((r) => r.title === dr.title);
    const jr = js.rows[jk];
    const jg = js.stats[jk];
    const dg = duck.stats[k];
    expect(dg.length).toBe(jg.length);
    const m = jr.model.moments;
    for (let g = 0; g < jg.length; g++) {
      const what = `${dr.title}, group ${g}`;
      const [a, b] = [jg[g], dg[g]];
      expect([what, b.rejected]).toEqual([what, a.rejected]);
      expect([what, b.firstError?.code ?? null]).toEqual([what, a.firstError?.code ?? null]);
      if (m) {
        // About different shifts: n and the mean agree; the rest is checked through the interval.
        expect([what, b.stats[m.n]]).toEqual([what, a.stats[m.n]]);
      } else if (!b.stats.every((x, j) => (Number.isInteger(a.stats[j]) ? x === a.stats[j] : close(x, a.stats[j], 1e-12)))) {
        // Counts exactly; sums of scores (sentiment's, added in another order: a distinct comment's score times its count) to 1e-12.
        expect([what, b.stats]).toEqual([what, a.stats]);
      }
      // The skewness the marks' check reads (skewness.ts): from the sums of cubes, about either engine's shift.
      if (jr.model.score && dr.model.score && a.stats[0] > 0) {
        const [ga, gb] = [skewnessOf(jr.model.score.moments(a.stats)), skewnessOf(dr.model.score.moments(b.stats))];
        if (!close(ga, gb, 1e-9)) expect([what, "skewness", gb]).toEqual([what, "skewness", ga]);
        skewed += Math.abs(ga) > 0.5 ? 1 : 0;
      }
      const value = (r: SampleRow, s: GroupStats) => (s.firstError ? s.firstError : r.model.value(s.stats, g === 0));
      sameResult(value(dr, b), value(jr, a), `${what} value`);
      const ia = jr.model.interval(a.stats, 0.95, g === 0);
      const ib = dr.model.interval(b.stats, 0.95, g === 0);
      expect([what, ib === null]).toEqual([what, ia === null]);
      if (ia && ib) {
        // Near 1e9 the ends are compared to two units in the last place.
        for (const e of [0, 1]) if (!close(ia[e], ib[e], 1e-12) && Math.abs(ia[e] - ib[e]) > 4e-7) expect([what, ib]).toEqual([what, ia]);
      }
      // The tests the sheet makes: a segment against the rest, a period against the one before.
      const other = g >= 1 && g <= segCount ? [restOf(jg[0], a), restOf(dg[0], b)] : g > segCount + 1 ? [jg[g - 1], dg[g - 1]] : null;
      if (other) {
        const pa = jr.model.pValue(a.stats, other[0].stats);
        const pb = dr.model.pValue(b.stats, other[1].stats);
        if (isKpiError(pa) || isKpiError(pb)) sameResult(pb, pa, `${what} p`);
        else if (!close(pa, pb, 1e-9)) expect([what, pb]).toEqual([what, pa]);
      }
      compared++;
    }
  });
  // Skewed groups there are (revenue near 1e9 with a tail, complaint flags), so the check of the cubes is no check of zeros.
  expect(skewed).toBeGreaterThan(0);
  return compared;
}

describeDuck("the scorecard's statistics from DuckDB", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kpi-warehouse-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("equal the JavaScript engine's on a hostile CSV, every KPI, overall and per segment and month", async () => {
    const path = join(dir, "survey.csv");
    writeFileSync(path, hostileCsv(1500, 7, false));
    const spec = SPEC(1500);
    const js = await jsEngine(path, spec);
    const duck = await duckDbStatistics(path, spec, { kind: "csv" });
    expect(js.segments.groups.length).toBeGreaterThan(4);
    expect(js.periods.length).toBeGreaterThan(8);
    // Every KPI with SQL compared, in every group.
    expect(expectSame(js, duck.rolled)).toBe(duck.rolled.rows.length * (1 + js.segments.groups.length + js.periods.length));
    // NPS and CSAT twice, CES, FCR, sentiment (from its distinct comments), revenue, engagement, impact, complaints, the CX index.
    expect(duck.rolled.rows.length).toBe(12);
    expect(duck.query.noSql.map((r) => r.meta.id)).toEqual(["SENTIMENT"]);
  }, 60_000);

  it("read survey[1].csv itself (not survey1.csv beside it), with CRLF, LF and CR line ends mixed, as the JavaScript engine does", async () => {
    const sub = join(dir, "glob");
    mkdirSync(sub, { recursive: true });
    // No field of these rows holds a line break: every "\n" ends a record, and gets one of three endings.
    const lines = hostileCsv(600, 5, false).trimEnd().split("\n");
    const mixed = lines.map((l, k) => `${l}${["\r\n", "\n", "\r"][Math.floor(k / 50) % 3]}`).join("");
    const path = join(sub, "survey[1].csv");
    writeFileSync(path, mixed);
    writeFileSync(join(sub, "survey1.csv"), hostileCsv(200, 9, false));
    const spec = SPEC(600);
    const js = await jsEngine(path, spec);
    expect(js.dataRows).toBe(600);
    const duck = await duckDbStatistics(path, spec, { kind: "csv" });
    expectSame(js, duck.rolled);
  }, 60_000);

  it("move sums of cubes taken about no shift to the row's shift: the skewness of order values with a long tail equals the JavaScript engine's", async () => {
    // Order values from 1 to a few thousand (a long right tail), and a query told no shift (0):
    // the roll-up centres each finest group's cubes through its mean and m2, then moves them to
    // the row's shift (statsQuery.ts), where the JavaScript engine sums them about its first value.
    const r = random(23);
    const lines = ["Region,Date,Order"];
    for (let k = 0; k < 800; k++) lines.push(`${["North", "South", "East"][k % 3]},2025-0${1 + (k % 6)}-1${k % 9},${(Math.exp(2 + 2 * r() * r() * 3)).toFixed(2)}`);
    const path = join(dir, "orders.csv");
    writeFileSync(path, lines.join("\n") + "\n");
    const spec: ScorecardSpec = {
      version: 1, source: { sheet: "Data", address: "A1:C801" }, aggregates: {}, kpis: {}, mode: "portable", trend: "month",
      columns: [{ index: 0, header: "Region", role: "segment" }, { index: 1, header: "Date", role: "period" }, { index: 2, header: "Order", role: "revenue" }],
    };
    const js = await jsEngine(path, spec);
    const duck = await duckDbStatistics(path, spec, { kind: "csv", shifts: new Map() });
    expect(duck.query.sql).toContain("SUM(POWER(");
    // The query took no shift; the rows' shift is not 0, so the cubes were moved.
    expect(duck.rolled.rows[0].model.moments?.shift()).not.toBe(0);
    expectSame(js, duck.rolled);
    const g1 = skewnessOf((js.rows[0].model.score as ScoreModel).moments(js.stats[0][0].stats));
    expect(g1).toBeGreaterThan(1);
  }, 60_000);

  it("equal them by quarter, and with cells the functions reject (off scale, no flag, a fractional count)", async () => {
    const path = join(dir, "bad.csv");
    writeFileSync(path, hostileCsv(900, 11, true));
    const spec = SPEC(900, "quarter");
    const js = await jsEngine(path, spec);
    const duck = await duckDbStatistics(path, spec, { kind: "csv" });
    expectSame(js, duck.rolled);
    // The rejected cells are there: some groups are #VALUE! in both.
    expect(duck.rolled.stats.some((groups) => groups.some((g) => g.firstError?.code === "#VALUE!"))).toBe(true);
  }, 60_000);

  it("equal the JavaScript engine's on a Parquet file of typed columns (numbers, text, logicals, dates)", async () => {
    const csvPath = join(dir, "typed.csv");
    writeFileSync(csvPath, hostileCsv(1200, 23, false));
    const parquet = join(dir, "typed.parquet");
    const duckdb = await loadDuckDb();
    const instance = await duckdb.DuckDBInstance.create(":memory:");
    const c = await instance.connect();
    // Typed as a warehouse would hold them: scores as DOUBLE (hostile text gone), a column kept as
    // text, flags as BOOLEAN, dates as DATE, revenue as DOUBLE.
    await c.run(`COPY (SELECT
        Region, TRY_CAST(Date AS DATE) AS Date, TRY_CAST(Recommend AS DOUBLE) AS Recommend, "Recommend (raw)",
        TRY_CAST(Satisfied AS DOUBLE) AS Satisfied, TRY_CAST(Effort AS DOUBLE) AS Effort,
        CASE WHEN lower(trim(Resolved)) IN ('yes', 'y', 'true', '1') THEN true WHEN lower(trim(Resolved)) IN ('no', 'n', 'false', '0') THEN false END AS Resolved,
        TRY_CAST(Revenue AS DOUBLE) AS Revenue, TRY_CAST(Visits AS BIGINT) AS Visits, TRY_CAST(Clicks AS INTEGER) AS Clicks,
        TRY_CAST(Impact AS DOUBLE) AS Impact, Complaints, TRY_CAST(Q1 AS DOUBLE) AS Q1, TRY_CAST(Q2 AS DOUBLE) AS Q2, TRY_CAST(Q3 AS DOUBLE) AS Q3, Satisfaction, Comment
      FROM read_csv('${csvPath}', all_varchar = true)) TO '${parquet}' (FORMAT parquet)`);
    // The JavaScript engine reads the same Parquet rows as cells: numbers, text, logicals, dates as serials.
    const reader = await c.runAndReadAll(`SELECT * REPLACE (CAST(Date - DATE '1970-01-01' + 25569 AS DOUBLE) AS Date, CAST(Visits AS DOUBLE) AS Visits) FROM '${parquet}'`);
    const table: DataTable = { headers: HEADERS, rows: reader.getRows().map((row) => row.map((v) => (typeof v === "bigint" ? Number(v) : v))) };
    c.closeSync();
    instance.closeSync();
    const spec = { ...SPEC(1200), columns: COLUMNS.filter((col) => col.role !== "csat" || col.index === 4) };
    const js = countedByJs(table, spec);
    const duck = await duckDbStatistics(parquet, spec, { kind: "parquet" });
    expect(expectSame(js, duck.rolled)).toBeGreaterThan(100);
  }, 60_000);
});

describeDuck("a scorecard from DuckDB's statistics, with no copy of the data", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kpi-nodata-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The CLI's reading of a CSV (the JavaScript engine's table). */
  async function table(path: string): Promise<DataTable> {
    const csv = await readCsv(path);
    typeDateColumns(csv.rows, csv.table.headers);
    cleanTableText(csv.table.headers as string[], csv.rows);
    csv.table.headers.forEach((_, c) => {
      if (isCsatLabelColumn(csv.rows.map((row) => row[c]))) convertCsatLabels(csv.rows, c);
    });
    return csv.table;
  }

  it("says what the plan from the rows says: values, n, intervals, bands and the differences that hold", async () => {
    const path = join(dir, "survey.csv");
    // A segment that truly differs: 200 delighted customers who spend more, all in March.
    const gold = Array.from({ length: 200 }, (_, k) => `Gold,2025-03-${String(1 + (k % 28)).padStart(2, "0")},10,9,5,7,yes,${(1_000_000_090 + (k % 7)).toFixed(2)},${k % 30},${k % 6},50,no,5,5,4,Very satisfied,great`);
    writeFileSync(path, hostileCsv(2000, 5, false) + gold.join("\n") + "\n");
    const spec: ScorecardSpec = { ...SPEC(2200), kpis: { NPS: { target: 20 }, CSAT: { green: 0.7, amber: 0.5 } } };
    const data = await table(path);
    const fromRows = planOf(spec, data, BUILT);
    const duck = await duckDbStatistics(path, spec, { kind: "csv" });
    const fromStats = planOf(spec, { headers: data.headers, rows: [] }, BUILT, { statistics: duck.rolled });
    // Ten digits: the far tails (p near 1e-83) agree to 1e-12 relative, not to the last bit.
    const round = (x: number | null | undefined) => (typeof x === "number" ? Number(x.toPrecision(10)) : x);
    const summary = (p: ScorecardPlan) => p.summary.map((s) => ({ ...s, value: round(s.value), low: round(s.low), high: round(s.high) }));
    expect(summary(fromStats)).toEqual(summary(fromRows));
    const differences = (p: ScorecardPlan) => p.differences.map((x) => [x.title, x.group, round(x.value), round(x.p), round(x.adjustedP)]);
    expect(differences(fromStats)).toEqual(differences(fromRows));
    expect(fromRows.differences.length).toBeGreaterThan(0);
  }, 60_000);

  describeLO("recalculated by LibreOffice", () => {
    afterAll(() => disposeLibreOffice());

    it("gives its cached values in every formula cell, and no formula reads a data sheet", async () => {
      const path = join(dir, "nodata.csv");
      writeFileSync(path, hostileCsv(1200, 9, true));
      const spec: ScorecardSpec = { ...SPEC(1200), kpis: { NPS: { target: 20 }, CES: { target: 5.5 } }, minN: 40, fdrQ: 0.1 };
      const duck = await duckDbStatistics(path, spec, { kind: "csv" });
      const p = planOf(spec, { headers: HEADERS, rows: [] }, BUILT, { statistics: duck.rolled });
      const formulas = p.blocks.flatMap((b) => b.cells.flat()).filter((c): c is FormulaCell => c !== null && typeof c === "object");
      expect(formulas.length).toBeGreaterThan(200);
      expect(formulas.filter((c) => c.formula.includes("Data")).map((c) => c.formula.slice(0, 80))).toEqual([]);
      const sheet = await recalculatedScorecardWithoutData(p);
      const c = compareWithCache(p, sheet);
      expect(c.mismatches).toEqual([]);
      expect(c.numbers).toBeGreaterThan(200);
      expect(c.errors).toBeGreaterThan(0);
    }, 180_000);
  });
});
