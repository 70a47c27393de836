// The composites on the scorecard (issue 12): the Customer Performance Index row made of the
// sheet's KPIs through KPI.SCALE and KPI.CPI, with its worst, best and weight cells; the
// complaint rate and the CX index of a question battery as rows of their own.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { cpi, cxindex, isKpiError, scale } from "../src/kpi";
import { cellAddress } from "../src/scorecard/a1";
import type { PlanInput } from "../src/scorecard/plan";
import { parseSpec } from "../src/scorecard/spec";
import type { ColumnMapping, DataTable, FormulaCell, ScorecardPlan, ScorecardSpec } from "../src/scorecard/types";
import { writeScorecardXlsx } from "../src/xlsx/writer";
import { disposeLibreOffice, libreOfficeAvailable, recalculate, type CellValue } from "./helpers/libreoffice";
import { compareWithCache, recalculatedScorecard } from "./helpers/recalculated";
import { cellAt, kpiCell, notesText, panelCell, panelLabels, rowTitled } from "./helpers/layout";
import { cells, planOf, specOf, statsRow, valueOf } from "./helpers/planned";
import { CPI_HIGH, CPI_LOW } from "../src/scorecard/blocks/cpi";

const describeLO = libreOfficeAvailable() ? describe : describe.skip;
const JAN = 45658; // 2025-01-01 as an Excel serial
const CPI_TITLE = "Customer Performance Index (CPI)";

const plan = (spec: ScorecardSpec, data: DataTable, extra: Partial<PlanInput> = {}): ScorecardPlan => planOf(spec, data, new Date("2026-12-01T09:00:00Z"), extra);

/** Rows (0-based) of the first column whose cell is text, top to bottom. */
function rowsOf(p: ScorecardPlan, text: string): number[] {
  const out: number[] = [];
  for (const b of p.blocks) if (b.col === 0) b.cells.forEach((row, r) => row[0] === text && out.push(b.row + r));
  return out.sort((x, y) => x - y);
}

/**
 * The hand-computed example: North and South, 40 answers each, NPS, CSAT (1..5) and a
 * complaint flag; South leaves 10 complaint cells blank. Two months alternate.
 *   North: NPS (20 - 10) / 40 = 25, CSAT 30/40 = 0.75, complaints 2/40 = 0.05
 *   South: NPS (10 - 20) / 40 = -25, CSAT 20/40 = 0.5, complaints 8/30 = 0.2667
 *   All:   NPS 0, CSAT 50/80 = 0.625, complaints 10/70 = 0.142857
 * Default worst..best (green scores 80, amber 60): NPS -150..100, CSAT 0.4..0.9, complaints
 * 0.14..-0.01 (lower is better). Weights NPS 2, CSAT 1, complaints 3.
 *   North scores 70, 70, 60 -> CPI (140 + 70 + 180) / 6 = 65
 *   South scores 50, 20, 0 (clipped) -> (100 + 20 + 0) / 6 = 20
 *   All scores 60, 45, 0 (clipped) -> (120 + 45) / 6 = 27.5; n = min(80, 80, 70) = 70
 */
function example(): DataTable {
  const rows: unknown[][] = [];
  const group = (region: string, nps: number[], csat: number[], complaints: (string | null)[]) =>
    nps.forEach((x, k) => rows.push([region, JAN + (k % 2) * 31 + 2, x, csat[k], complaints[k]]));
  const fill = <T>(...parts: [T, number][]) => parts.flatMap(([v, n]) => Array<T>(n).fill(v));
  group("North", fill([10, 20], [8, 10], [3, 10]), fill([5, 30], [2, 10]), fill<string | null>(["yes", 2], ["no", 38]));
  group("South", fill([10, 10], [8, 10], [3, 20]), fill([4, 20], [1, 20]), fill<string | null>(["yes", 8], ["no", 22], [null, 10]));
  return { headers: ["Region", "Date", "Recommend", "Satisfaction", "Complained?"], rows };
}

const COLUMNS: ColumnMapping[] = [
  { index: 0, header: "Region", role: "segment" },
  { index: 1, header: "Date", role: "period" },
  { index: 2, header: "Recommend", role: "nps" },
  { index: 3, header: "Satisfaction", role: "csat" },
  { index: 4, header: "Complained?", role: "complaints" },
];
const WEIGHTS = { NPS: { cpiWeight: 2 }, CSAT: { cpiWeight: 1 }, COMPLAINTS: { cpiWeight: 3 } };

describe("the Customer Performance Index of a hand-computed example", () => {
  const data = example();
  const p = plan(specOf(data, COLUMNS, { kpis: WEIGHTS }), data);
  const c = cells(p);
  const tableRow = rowsOf(p, CPI_TITLE)[0];
  /** The CPI block: its header row ("Component"), its components' rows, the index row. */
  const componentHeader = rowsOf(p, "Component")[0];
  const indexRow = componentHeader + 4;
  const segment = (label: string) => panelCell(p, "By Region", CPI_TITLE, label);
  const status = kpiCell(p, CPI_TITLE, "Status");
  const notes = () => notesText(p);

  it("agrees with KPI.SCALE and KPI.CPI called by hand", () => {
    const north = [scale(25, -150, 100), scale(0.75, 0.4, 0.9), scale(0.05, 0.14, -0.01)] as number[];
    expect(north.map((x) => Math.round(x * 1e9) / 1e9)).toEqual([70, 70, 60]);
    expect(cpi(north.map((x) => [x]), [[2], [1], [3]])).toBeCloseTo(65, 9);
    expect(cpi([[scale(-25, -150, 100)], [scale(0.5, 0.4, 0.9)], [scale(8 / 30, 0.14, -0.01)]], [[2], [1], [3]])).toBeCloseTo(20, 9);
  });

  it("is the first row of the sheet, overall and per segment, with the smallest n of its components", () => {
    expect(tableRow).toBeLessThan(rowsOf(p, "Net Promoter Score (NPS)")[0]);
    expect(valueOf(c.get(cellAddress(tableRow, 1)))).toBeCloseTo(27.5, 9);
    expect(valueOf(c.get(cellAddress(tableRow, 2)))).toBe(70);
    expect(valueOf(cellAt(p, segment("North")))).toBeCloseTo(65, 9);
    expect(valueOf(cellAt(p, segment("South")))).toBeCloseTo(20, 9);
    expect(valueOf(cellAt(p, status))).toBe("Urgent");
    expect(p.summary[0]).toMatchObject({ id: "CPI", n: 70, band: "Urgent" });
  });

  it("shows which components went in, with their worst, best and weight as cells the formulas read", () => {
    expect(notes()).toMatch(/made of NPS, CSAT, complaint rate, weighted/);
    const first = indexRow - 3;
    const inputs = [0, 1, 2].map((k) => [1, 2, 3].map((col) => c.get(cellAddress(first + k, col))));
    expect(inputs).toEqual([[-150, 100, 2], [0.4, 0.9, 1], [0.14, -0.01, 3]]);
    const index = c.get(cellAddress(indexRow, 4)) as FormulaCell;
    expect(index.formula).toContain(`D${first + 1}:D${first + 3}`);
    expect(index.formula).not.toMatch(/KPI\./);
    // No array evaluation outside SUMPRODUCT's own arguments: no IF over a range, no HSTACK.
    expect(index.formula).not.toMatch(/IF\(ISNUMBER\(\$?E\$?\d+:|HSTACK/);
  });

  it("puts a score per group under the group's label, in panels that end before the wide Status column", () => {
    const labelled = [...Array(30).keys()].filter((k) => typeof c.get(cellAddress(componentHeader, k)) === "string");
    const first = labelled.map((k) => c.get(cellAddress(componentHeader, k)));
    expect(first.slice(0, 4)).toEqual(["Component", "Worst (0)", "Best (100)", "Weight"]);
    const status = kpiCell(p, "Net Promoter", "Status").col;
    expect(Math.max(...labelled)).toBeLessThan(status);
    expect(panelLabels(p, "Component").filter((l) => !/^(Worst|Best|Weight)/.test(l))).toEqual(["All", "North", "South", "2025-01", "2025-02"]);
    expect(p.hiddenColumns ?? []).toEqual([]);
  });

  it("calls KPI.SCALE and KPI.CPI in live mode", () => {
    const live = cells(plan(specOf(data, COLUMNS, { kpis: WEIGHTS, mode: "live" }), data));
    expect((live.get(cellAddress(indexRow, 4)) as FormulaCell).formula).toMatch(/^=KPI\.CPI\(E\d+:E\d+,D\d+:D\d+\)$/);
    expect((live.get(cellAddress(indexRow - 3, 4)) as FormulaCell).formula).toMatch(/KPI\.SCALE\(B\d+,B\d+,C\d+\)/);
  });

  it("has no row with fewer than two components, and leaves out a KPI whose bands need a target it lacks", () => {
    const one = plan(specOf(data, COLUMNS.slice(0, 3)), data);
    expect(rowsOf(one, CPI_TITLE)).toEqual([]);
    const withRevenue: DataTable = { headers: [...data.headers, "Order value"], rows: data.rows.map((r, k) => [...r, 10 + k]) };
    const p2 = plan(specOf(withRevenue, [...COLUMNS, { index: 5, header: "Order value", role: "revenue" }]), withRevenue);
    expect(notesText(p2)).toMatch(/left out: Revenue per customer \(set a target/);
  });

  it("reads weights, worst and best from the stored spec, and refuses a negative weight", () => {
    const parsed = parseSpec(JSON.parse(JSON.stringify(specOf(data, COLUMNS, { kpis: { NPS: { cpiWeight: 2, cpiWorst: -100, cpiBest: 80 } } }))));
    expect(isKpiError(parsed) ? parsed.message : parsed.kpis.NPS).toEqual({ cpiWeight: 2, cpiWorst: -100, cpiBest: 80 });
    const bad = parseSpec({ ...specOf(data, COLUMNS), kpis: { NPS: { cpiWeight: -1 } } });
    expect(isKpiError(bad) && bad.message).toMatch(/cpiWeight must be 0 or more/);
  });

  it("writes plain numbers in values mode: the same index, no formula", () => {
    const v = plan(specOf(data, COLUMNS, { kpis: WEIGHTS, mode: "values" }), data);
    const vc = cells(v);
    expect(vc.get(cellAddress(tableRow, 1))).toBeCloseTo(27.5, 9);
    expect(vc.get(cellAddress(indexRow, 4 + 1 + 0))).toBeCloseTo(65, 9);
    // The block that shows how the index is made holds numbers only.
    const block = [...vc.entries()].filter(([a]) => { const r = Number(/\d+/.exec(a)?.[0]) - 1; return r >= indexRow - 3 && r <= indexRow + 1; });
    expect(block.length).toBeGreaterThan(20);
    expect(block.some(([, x]) => x !== null && typeof x === "object")).toBe(false);
  });

  describeLO("recalculated by LibreOffice", () => {
    let dir: string;
    let path: string;
    let sheet: CellValue[][];
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "kpi-cpi-"));
      path = join(dir, "scorecard.xlsx");
      await writeScorecardXlsx(p, { name: "Data", table: data, dateColumns: [1] }, { path, created: new Date("2026-12-01T09:00:00Z") });
      sheet = (await recalculate(path))[p.sheetName];
    }, 240_000);
    afterAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      await disposeLibreOffice();
    });

    it("computes the index overall and per segment as the function does, and every cached value", () => {
      expect(sheet[tableRow][1]).toBeCloseTo(27.5, 9);
      expect(sheet[segment("North").row][segment("North").col]).toBeCloseTo(65, 9);
      expect(sheet[segment("South").row][segment("South").col]).toBeCloseTo(20, 9);
      expect(sheet[tableRow][2]).toBe(70);
      const cmp = compareWithCache(p, sheet);
      expect(cmp.mismatches).toEqual([]);
      expect(cmp.numbers).toBeGreaterThan(40);
    });

    it("recomputes the index and its band when a weight cell is changed in the workbook", async () => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(path);
      const ws = book.getWorksheet(p.sheetName);
      if (!ws) throw new Error("no scorecard sheet");
      // Only NPS counts now: weights 2, 1, 3 -> 10, 0, 0.
      ws.getCell(indexRow - 3 + 1, 4).value = 10;
      ws.getCell(indexRow - 2 + 1, 4).value = 0;
      ws.getCell(indexRow - 1 + 1, 4).value = 0;
      const edited = join(dir, "edited.xlsx");
      await book.xlsx.writeFile(edited);
      const after = (await recalculate(edited))[p.sheetName];
      const predict = (scores: number[]) => cpi(scores.map((x) => [x]), [[10], [0], [0]]) as number;
      expect(after[tableRow][1]).toBeCloseTo(predict([60, 45, 0]), 9);
      expect(after[segment("North").row][segment("North").col]).toBeCloseTo(predict([70, 70, 60]), 9);
      expect(after[segment("South").row][segment("South").col]).toBeCloseTo(predict([50, 20, 0]), 9);
      // 27.5 was Urgent; 60 is at the CPI's amber threshold: Acceptable.
      expect(predict([60, 45, 0])).toBeCloseTo(60, 9);
      expect(after[status.row][status.col]).toBe("Acceptable, not yet Excellent");
    }, 240_000);
  });
});

describe("the CPI's conservative interval (issue 24), on the hand-computed example", () => {
  const data = example();
  const p = plan(specOf(data, COLUMNS, { kpis: WEIGHTS }), data);
  const c = cells(p);
  const componentHeader = rowsOf(p, "Component")[0];
  const titles = [1, 2, 3].map((k) => String(c.get(cellAddress(componentHeader + k, 0))));
  /** Worst, best and weight of NPS, CSAT and the complaint rate, as the example's comment works them out. */
  const PARTS = [[-150, 100, 2], [0.4, 0.9, 1], [0.14, -0.01, 3]] as const;
  const clip = (x: number) => Math.min(100, Math.max(0, x));
  const raw = (x: number, worst: number, best: number) => ((x - worst) / (best - worst)) * 100;
  /**
   * By hand: each component's 95% low and high as the statistics table gives them, placed on
   * 0..100 between its worst and best and clipped; the lesser score is the low one (the
   * complaint rate is lower-is-better); then the weighted means of the low and of the high scores.
   */
  const byHand = (q: ScorecardPlan, group: string, weights: readonly number[] = PARTS.map((x) => x[2])): [number, number] => {
    let [low, high, sum] = [0, 0, 0];
    titles.forEach((title, k) => {
      const row = statsRow(q, title, group);
      const [a, b] = [valueOf(row["95% low"]), valueOf(row["95% high"])].map((x) => clip(raw(x as number, PARTS[k][0], PARTS[k][1])));
      low += weights[k] * Math.min(a, b);
      high += weights[k] * Math.max(a, b);
      sum += weights[k];
    });
    return [low / sum, high / sum];
  };
  const bound = (q: ScorecardPlan, label: string, group: string) => valueOf(cellAt(q, panelCell(q, "Component", label, group)));
  const GROUPS = ["All", "2025-01", "2025-02"];

  it("is, overall and per month, the weighted mean of the components' 95% bounds placed on 0..100 and clipped", () => {
    expect(titles[0]).toMatch(/^Net Promoter/);
    for (const group of GROUPS) {
      const [low, high] = byHand(p, group);
      expect([group, bound(p, CPI_LOW, group)]).toEqual([group, expect.closeTo(low, 9)]);
      expect([group, bound(p, CPI_HIGH, group)]).toEqual([group, expect.closeTo(high, 9)]);
      const index = valueOf(cellAt(p, panelCell(p, "Component", CPI_TITLE, group))) as number;
      expect(low).toBeLessThan(index);
      expect(high).toBeGreaterThan(index);
    }
    // The clip matters here: the complaint rate (10 in 70, past its worst of 14%) has a 95% high whose raw score is below 0.
    const complaints = statsRow(p, titles[2], "All");
    expect(raw(valueOf(complaints["95% high"]) as number, 0.14, -0.01)).toBeLessThan(0);
  });

  it("shows the overall interval in the KPI table's CPI row, none per segment, and says on the sheet what it guarantees", () => {
    const [low, high] = byHand(p, "All");
    expect(valueOf(cellAt(p, kpiCell(p, CPI_TITLE, "95% low")))).toBeCloseTo(low, 9);
    expect(valueOf(cellAt(p, kpiCell(p, CPI_TITLE, "95% high")))).toBeCloseTo(high, 9);
    expect([bound(p, CPI_LOW, "North"), bound(p, CPI_HIGH, "South")]).toEqual([null, null]);
    expect(notesText(p)).toMatch(/its low and high: a conservative interval, not an exact 95% one/);
    const text = p.blocks.filter((b) => b.col === 0).flatMap((b) => b.cells.map((r) => r[0])).filter((x): x is string => typeof x === "string").join(" ");
    // Three components at 95% each: at least 1 - 3 x 5% = 85% at worst (Bonferroni).
    expect(text).toMatch(/at least 85% of the time with these 3 components at worst \(Bonferroni: 1 - k x 5%\)/);
    expect(text).toMatch(/Not an exact 95% interval/);
    // The summary (the command line's and the pane's lists) gives it too, marked conservative.
    expect(p.summary[0]).toMatchObject({ id: "CPI", low: expect.closeTo(low, 9), high: expect.closeTo(high, 9), conservative: true });
    expect(p.summary.filter((s) => s.conservative).length).toBe(1);
  });

  it("holds the same numbers in live and values mode, the values as plain numbers", () => {
    for (const mode of ["live", "values"] as const) {
      const q = plan(specOf(data, COLUMNS, { kpis: WEIGHTS, mode }), data);
      for (const group of GROUPS) {
        const cellLow = cellAt(q, panelCell(q, "Component", CPI_LOW, group));
        expect(typeof cellLow === "object" && cellLow !== null).toBe(mode === "live");
        expect(valueOf(cellLow)).toBeCloseTo(byHand(q, group)[0], 9);
        expect(bound(q, CPI_HIGH, group)).toBeCloseTo(byHand(q, group)[1], 9);
      }
    }
  });

  describeLO("recalculated by LibreOffice", () => {
    afterAll(async () => disposeLibreOffice());

    it("recalculates the interval to the cached values, and follows an edit of the weights", async () => {
      const sheet = await recalculatedScorecard(p, { name: "Data", table: data, dateColumns: [1] });
      const cmp = compareWithCache(p, sheet);
      expect(cmp.mismatches).toEqual([]);
      for (const group of GROUPS) {
        const [low, high] = byHand(p, group);
        const at = (label: string) => panelCell(p, "Component", label, group);
        expect([sheet[at(CPI_LOW).row][at(CPI_LOW).col], sheet[at(CPI_HIGH).row][at(CPI_HIGH).col]]).toEqual([expect.closeTo(low, 9), expect.closeTo(high, 9)]);
      }
      // Only the complaint rate counts now (weights 0, 0, 1): its own scaled bounds, reversed and clipped.
      const weightCell = (k: number) => cellAddress(componentHeader + 1 + k, 3);
      const after = await recalculatedScorecard(p, { name: "Data", table: data, dateColumns: [1] }, { [weightCell(0)]: 0, [weightCell(1)]: 0, [weightCell(2)]: 1 });
      for (const group of GROUPS) {
        const [low, high] = byHand(p, group, [0, 0, 1]);
        const at = (label: string) => panelCell(p, "Component", label, group);
        expect([group, after[at(CPI_LOW).row][at(CPI_LOW).col], after[at(CPI_HIGH).row][at(CPI_HIGH).col]]).toEqual([group, expect.closeTo(low, 9), expect.closeTo(high, 9)]);
      }
    }, 240_000);
  });
});

describe("the complaint rate and the CX index on the scorecard", () => {
  // 60 respondents: a complaint count, three agreement questions; two teams.
  const rows = Array.from({ length: 60 }, (_, k) => [
    k % 2 === 0 ? "A" : "B", JAN + (k % 3) * 31, k % 10 === 0 ? 2 : k % 7 === 0 ? 1 : 0, 1 + (k % 5), 1 + ((k * 3) % 5), k % 11 === 0 ? null : 1 + ((k * 2) % 5),
  ]);
  const data: DataTable = { headers: ["Team", "Date", "Number of complaints", "Friendly", "Fair", "On time"], rows };
  const columns: ColumnMapping[] = [
    { index: 0, header: "Team", role: "segment" },
    { index: 1, header: "Date", role: "period" },
    { index: 2, header: "Number of complaints", role: "complaints" },
    { index: 3, header: "Friendly", role: "cx" },
    { index: 4, header: "Fair", role: "cx" },
    { index: 5, header: "On time", role: "cx" },
  ];
  const p = plan(specOf(data, columns), data);
  const c = cells(p);
  const cxRow = rowsOf(p, "Customer experience index: Friendly, Fair, On time")[0];
  const complaintsRow = rowsOf(p, "Complaint rate")[0];

  it("gives the CX index of the battery as KPI.CXINDEX computes it, with the respondents as n", () => {
    expect(valueOf(c.get(cellAddress(cxRow, 1)))).toBeCloseTo(cxindex(rows.map((r) => r.slice(3))) as number, 9);
    expect(valueOf(c.get(cellAddress(cxRow, 2)))).toBe(60);
    const teamA = rows.filter((r) => r[0] === "A").map((r) => r.slice(3));
    expect(valueOf(cellAt(p, panelCell(p, "By Team", "Customer experience index", "A")))).toBeCloseTo(cxindex(teamA) as number, 9);
  });

  it("gives the complaint rate as complaints per respondent, lower is better, in the CPI with the CX index", () => {
    const complaints = rows.reduce((k, r) => k + (r[2] as number), 0);
    expect(valueOf(c.get(cellAddress(complaintsRow, 1)))).toBeCloseTo(complaints / 60, 12);
    expect(p.summary.map((s) => s.id)).toEqual(["CPI", "COMPLAINTS", "CXINDEX"]);
  });

  it("leaves the CPI without an interval wherever the CX index, which has none, has a score", () => {
    for (const group of ["All", "A", "B", ...panelLabels(p, "Trend by month").filter((l) => /^\d{4}-\d{2}$/.test(l))]) {
      const shown = [CPI_LOW, CPI_HIGH].map((label) => valueOf(cellAt(p, panelCell(p, "Component", label, group))));
      // The index itself has a value there (the CX index among its scores): only its interval is missing.
      expect([group, typeof valueOf(cellAt(p, panelCell(p, "Component", CPI_TITLE, group))), ...shown.map((x) => x === null || x === "")]).toEqual([group, "number", true, true]);
    }
  });

  describeLO("recalculated by LibreOffice", () => {
    it("recalculates the complaint rate, the CX index and the CPI to the values the planner cached", async () => {
      const dir = mkdtempSync(join(tmpdir(), "kpi-cx-"));
      try {
        const path = join(dir, "scorecard.xlsx");
        await writeScorecardXlsx(p, { name: "Data", table: data, dateColumns: [1] }, { path, created: new Date("2026-12-01T09:00:00Z") });
        const sheet = (await recalculate(path))[p.sheetName];
        const cmp = compareWithCache(p, sheet);
        expect(cmp.mismatches).toEqual([]);
        expect(cmp.numbers).toBeGreaterThan(40);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await disposeLibreOffice();
      }
    }, 240_000);
  });
});

describe("the CPI per period", () => {
  const data = example();
  const p = plan(specOf(data, COLUMNS, { kpis: WEIGHTS }), data);
  const c = cells(p);

  it("heads the trend block and its first chart, each month's value the index of that month's scores", () => {
    const trendTitle = rowTitled(p, "Trend by month");
    expect(c.get(cellAddress(trendTitle + 1, 0))).toBe(CPI_TITLE);
    expect(p.charts[0].title).toBe(`${CPI_TITLE} by month`);
    expect(panelLabels(p, "Trend by month")).toEqual(["2025-01", "2025-02"]);
    // January holds every even row of each region: the same shares, so the same index as all.
    const jan = valueOf(cellAt(p, panelCell(p, "Trend by month", CPI_TITLE, "2025-01"))) as number;
    const janRows = data.rows.filter((r) => r[1] === JAN + 2);
    const share = (col: number, test: (x: unknown) => boolean) => {
      const xs = janRows.map((r) => r[col]).filter((x) => x !== null);
      return xs.filter(test).length / xs.length;
    };
    const npsJan = (share(2, (x) => (x as number) >= 9) - share(2, (x) => (x as number) <= 6)) * 100;
    const scores = [scale(npsJan, -150, 100), scale(share(3, (x) => (x as number) >= 4), 0.4, 0.9), scale(share(4, (x) => x === "yes"), 0.14, -0.01)];
    expect(jan).toBeCloseTo(cpi(scores.map((x) => [x]), [[2], [1], [3]]) as number, 9);
  });
});
