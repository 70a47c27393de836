// The charts say what the table says (issue 24): every value axis includes zero (a share or a
// mean from zero, NPS from or to zero by what it draws), each trend line draws its target and its
// 95 % interval (the CPI its conservative interval, composite.ts), and a category label carries the ▲ / ▼
// its value carries in the table, beside its n; a group under the minimum n is left out, its
// label saying "too few". Checked on the plan, on the command line's chart XML (exceljs package)
// and on the pane's charts (Office.js over the fake Excel), and the labels' formulas against
// LibreOffice's recalculation.
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { kpiMeta } from "../../src/kpi";
import type { KpiMeta } from "../../src/kpi";
import { createOfficePort } from "../../src/excel/officePort";
import { valueAxis } from "../../src/scorecard/blocks/charts";
import { cellAddress } from "../../src/scorecard/a1";
import type { ColumnMapping, DataTable, PlanSeriesChart, ScorecardPlan } from "../../src/scorecard/types";
import { writeScorecardXlsx } from "../../src/xlsx/writer";
import { tempDir } from "../cli/helpers";
import { FakeWorkbook } from "../fakes/excel";
import type { CellValue } from "../helpers/libreoffice";
import { disposeLibreOffice, libreOfficeAvailable } from "../helpers/libreoffice";
import { cells, planOf, specOf, statsRow, valueOf } from "../helpers/planned";
import { compareWithCache, recalculatedScorecard } from "../helpers/recalculated";
import { seeded } from "../helpers/surveyData";

const BUILT_AT = new Date("2026-12-07T09:00:00Z");
const JAN = 45658; // 2025-01-01 as an Excel serial
const MONTHS = ["2025-01", "2025-02", "2025-03", "2025-04"];
const describeLO = libreOfficeAvailable() ? describe : describe.skip;

/**
 * Three regions of 240 answers and a West of 12 over four months, NPS answers 7 to 10 (NPS about
 * 50); South answers `gap` points lower on NPS, and April `lift` points higher; `shift` moves every NPS answer (negative: a brand
 * of detractors). Satisfaction on 1..5 and effort on 1..7.
 */
function survey(gap: number, lift: number, shift = 0): DataTable {
  const rand = seeded(2024);
  const rows: unknown[][] = [];
  for (const [region, count] of [["North", 240], ["South", 240], ["East", 240], ["West", 12]] as const) {
    for (let k = 0; k < count; k++) {
      const month = k % 4;
      const up = (month === 3 ? lift : 0) - (region === "South" ? gap : 0) + shift;
      const nps = Math.max(0, Math.min(10, 7 + Math.floor(rand() * 4) + up));
      const csat = Math.max(1, Math.min(5, 1 + Math.floor(rand() * 5)));
      const ces = 1 + Math.floor(rand() * 7);
      rows.push([region, JAN + month * 31 + 2, nps, csat, ces]);
    }
  }
  return { headers: ["Region", "Date", "Recommend", "Satisfaction", "Effort"], rows };
}
const COLUMNS: ColumnMapping[] = [
  { index: 0, header: "Region", role: "segment" },
  { index: 1, header: "Date", role: "period" },
  { index: 2, header: "Recommend", role: "nps" },
  { index: 3, header: "Satisfaction", role: "csat" },
  { index: 4, header: "Effort", role: "ces" },
];
const TARGETS = { NPS: { target: 40 }, CSAT: { target: 0.8 }, CPI: { target: 70 } };

const series = (p: ScorecardPlan) => p.charts.filter((c): c is PlanSeriesChart => c.type !== "scatter");
const chartOf = (p: ScorecardPlan, type: "line" | "bar", title: string) => {
  const c = series(p).find((x) => x.type === type && x.title.startsWith(title));
  if (!c) throw new Error(`no ${type} chart of ${title}`);
  return c;
};
/** A chart's category labels, as the plan caches them. */
const labelsOf = (p: ScorecardPlan, c: PlanSeriesChart) => {
  const all = cells(p);
  return Array.from({ length: c.categories.cols }, (_, k) => String(valueOf(all.get(cellAddress(c.categories.row, c.categories.col + k)))));
};
/** A row of chart data as the plan caches it (null for a gap). */
const rowValues = (p: ScorecardPlan, r: { row: number; col: number; cols: number }) => {
  const all = cells(p);
  return Array.from({ length: r.cols }, (_, k) => {
    const v = valueOf(all.get(cellAddress(r.row, r.col + k)));
    return typeof v === "number" ? v : null;
  });
};
const meta = (id: string) => kpiMeta(id) as KpiMeta;

describe("the value axis of a chart", () => {
  it("starts at zero for a KPI that cannot go below it (a share, a mean on 1..7, the CPI), whatever it draws", () => {
    expect(valueAxis(meta("CSAT"), [0.695, 0.72])).toEqual({ axisMin: 0 });
    expect(valueAxis(meta("CES"), [5.2, 5.6])).toEqual({ axisMin: 0 });
    expect(valueAxis(meta("CPI"), [66.5, 77])).toEqual({ axisMin: 0 });
  });

  it("includes zero for NPS (-100..100): from zero above it, to zero below it, across it otherwise", () => {
    expect(valueAxis(meta("NPS"), [18.5, 37.4, null, 40])).toEqual({ axisMin: 0 });
    expect(valueAxis(meta("NPS"), [-31, -22, null])).toEqual({ axisMax: 0 });
    expect(valueAxis(meta("NPS"), [-4, 12])).toEqual({});
  });
});

describe("the charts of a portable scorecard", () => {
  const data = survey(2, 3);
  const p = planOf(specOf(data, COLUMNS, { kpis: TARGETS }), data, BUILT_AT);

  it("start every trend line and column chart at zero, but NPS by Region, whose columns cross zero (South below it)", () => {
    expect(series(p).length).toBe(4 + 3); // CPI, CES, NPS, CSAT by month; CES, NPS, CSAT by Region
    const npsBars = chartOf(p, "bar", "Net Promoter");
    for (const c of series(p)) expect([c.title, c.axisMin, c.axisMax]).toEqual([c.title, c === npsBars ? undefined : 0, undefined]);
    const drawn = rowValues(p, npsBars.values).filter((v): v is number => v !== null);
    expect([Math.min(...drawn) < 0, Math.max(...drawn) > 0]).toEqual([true, true]);
  });

  it("draw each sample KPI's 95% interval and target on its trend line, and the CPI's conservative interval and target on its own", () => {
    const names = (title: string) => (chartOf(p, "line", title).extra ?? []).map((x) => [x.name, x.role]);
    expect(names("Net Promoter")).toEqual([["95% low", "bound"], ["95% high", "bound"], ["Target", "target"]]);
    expect(names("Customer Satisfaction")).toEqual([["95% low", "bound"], ["95% high", "bound"], ["Target", "target"]]);
    expect(names("Customer Effort")).toEqual([["95% low", "bound"], ["95% high", "bound"]]);
    expect(names("Customer Performance Index")).toEqual([["Conservative low", "bound"], ["Conservative high", "bound"], ["Target", "target"]]);
    const cpi = chartOf(p, "line", "Customer Performance Index");
    expect(rowValues(p, (cpi.extra ?? [])[2].values)).toEqual([70, 70, 70, 70]);
    // The CPI's bounds, by hand from the statistics table: each component's 95% bounds of the month
    // placed on 0..100 between its worst and best (the CPI block's cells) and clipped, the lesser the
    // low one; their mean (every weight 1). Each brackets the month's index.
    const [cpiLow, cpiHigh] = (cpi.extra ?? []).slice(0, 2).map((x) => rowValues(p, x.values));
    const all = cells(p);
    const header = p.blocks.find((b) => b.col === 0 && b.cells[0][0] === "Component") as { row: number };
    const parts = [1, 2, 3].map((k) => ({ title: String(all.get(cellAddress(header.row + k, 0))), worst: valueOf(all.get(cellAddress(header.row + k, 1))) as number, best: valueOf(all.get(cellAddress(header.row + k, 2))) as number }));
    expect(parts.map((x) => x.title)).toEqual(["Customer Effort Score (CES)", "Net Promoter Score (NPS)", "Customer Satisfaction (CSAT)"]);
    MONTHS.forEach((month, k) => {
      const scored = parts.map(({ title, worst, best }) => {
        const row = statsRow(p, title, month);
        return [row["95% low"], row["95% high"]].map((x) => Math.min(100, Math.max(0, (((valueOf(x) as number) - worst) / (best - worst)) * 100)));
      });
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect([month, cpiLow[k], cpiHigh[k]]).toEqual([month, expect.closeTo(mean(scored.map((x) => Math.min(...x))), 9), expect.closeTo(mean(scored.map((x) => Math.max(...x))), 9)]);
      const value = rowValues(p, cpi.values)[k] as number;
      expect((cpiLow[k] as number) < value && value < (cpiHigh[k] as number)).toBe(true);
    });
    // Each bound brackets its month's value, as the statistics table gives them.
    const nps = chartOf(p, "line", "Net Promoter");
    const [low, high] = (nps.extra ?? []).map((x) => rowValues(p, x.values));
    MONTHS.forEach((month, k) => {
      const row = statsRow(p, "Net Promoter Score (NPS)", month);
      expect([low[k], rowValues(p, nps.values)[k], high[k]]).toEqual([valueOf(row["95% low"]), valueOf(row.Value), valueOf(row["95% high"])]);
    });
  });

  it("label each segment and month with the mark its value carries in the statistics table, and with its n", () => {
    let marked = 0;
    for (const c of series(p).filter((x) => !x.title.startsWith("Customer Performance"))) {
      const title = c.title.replace(/ by (month|Region)$/, "");
      const groups = c.type === "line" ? MONTHS : ["North", "South", "East", "West"].map((r) => `Region: ${r}`);
      // The bars list the regions most frequent first; match each label to its group by name.
      labelsOf(p, c).forEach((label) => {
        const name = label.split("\n")[0].replace(/ [▲▼]$/, "");
        const group = groups.find((g) => g === name || g === `Region: ${name}`) as string;
        const row = statsRow(p, title, group);
        const mark = String(valueOf(row.Mark) ?? "");
        expect([label.split("\n")[0], label.split("\n")[1]]).toEqual([mark ? `${name} ${mark}` : name, expect.stringMatching(/^\(n [\d,]+(: too few)?\)$/)]);
        if (mark) marked++;
      });
    }
    // South's NPS below the rest, April's NPS above March: both marked in the table and on the charts.
    expect(labelsOf(p, chartOf(p, "bar", "Net Promoter"))).toContain("South ▼\n(n 240)");
    expect(labelsOf(p, chartOf(p, "line", "Net Promoter"))[3]).toMatch(/^2025-04 ▲\n/);
    expect(marked).toBe(p.differences.filter((d) => d.kind !== "trend").length);
  });

  it("leave the 12-answer West out of the columns, unmarked, its label saying too few", () => {
    for (const title of ["Net Promoter", "Customer Satisfaction", "Customer Effort"]) {
      const c = chartOf(p, "bar", title);
      const k = labelsOf(p, c).indexOf("West\n(n 12: too few)");
      expect(k).toBeGreaterThanOrEqual(0);
      expect(rowValues(p, c.values)[k]).toBeNull();
    }
  });

  it("carry the same labels and axes in live mode, and in values mode as text", () => {
    const want = series(p).map((c) => [c.title, labelsOf(p, c), c.axisMin, c.axisMax]);
    for (const mode of ["live", "values"] as const) {
      const v = planOf(specOf(data, COLUMNS, { kpis: TARGETS, mode }), data, BUILT_AT);
      expect([mode, series(v).map((c) => [c.title, labelsOf(v, c), c.axisMin, c.axisMax])]).toEqual([mode, want]);
    }
  });
});

describe("the charts of a brand of detractors (every NPS below zero)", () => {
  const data = survey(0, 0, -7);
  const p = planOf(specOf(data, COLUMNS), data, BUILT_AT);

  it("end the NPS axes at zero, so the lines and columns hang from it", () => {
    expect(rowValues(p, chartOf(p, "line", "Net Promoter").values).every((v) => v !== null && v < 0)).toBe(true);
    for (const type of ["line", "bar"] as const) {
      const c = chartOf(p, type, "Net Promoter");
      expect([type, c.axisMin, c.axisMax]).toEqual([type, undefined, 0]);
    }
    expect(chartOf(p, "line", "Customer Satisfaction").axisMin).toBe(0);
  });
});

describe("the writers draw the planned axes and labels", () => {
  const data = survey(2, 3);
  const detractors = survey(0, 0, -7);
  const plans = [planOf(specOf(data, COLUMNS, { kpis: TARGETS }), data, BUILT_AT), planOf(specOf(detractors, COLUMNS), detractors, BUILT_AT)];

  it("the command line's .xlsx: each chart's scaling from or to zero, and the marked labels in its category cache", async () => {
    const tmp = tempDir("kpi-charts-");
    try {
      for (const [k, p] of plans.entries()) {
        const path = join(tmp.dir, `s${k}.xlsx`);
        await writeScorecardXlsx(p, { name: "Data", table: k === 0 ? data : detractors, dateColumns: [1] }, { path, created: BUILT_AT });
        const zip = await JSZip.loadAsync(readFileSync(path));
        const charts = series(p);
        for (const [j, c] of charts.entries()) {
          const xml = (await zip.file(`xl/charts/chart${j + 1}.xml`)?.async("string")) ?? "";
          const scaling = /<c:valAx>[\s\S]*?<c:scaling>([\s\S]*?)<\/c:scaling>/.exec(xml)?.[1];
          const want = `<c:orientation val="minMax"/>${c.axisMax !== undefined ? `<c:max val="${c.axisMax}"/>` : ""}${c.axisMin !== undefined ? `<c:min val="${c.axisMin}"/>` : ""}`;
          expect([c.title, scaling]).toEqual([c.title, want]);
          const cached = [...(/<c:cat>[\s\S]*?<\/c:cat>/.exec(xml)?.[0] ?? "").matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => m[1]);
          expect(cached).toEqual(labelsOf(p, c));
        }
      }
      const xml = (await (await JSZip.loadAsync(readFileSync(join(tmp.dir, "s0.xlsx")))).file(`xl/charts/chart${series(plans[0]).indexOf(chartOf(plans[0], "bar", "Net Promoter")) + 1}.xml`)?.async("string")) ?? "";
      expect(xml).toContain("<c:v>South ▼\n(n 240)</c:v>");
    } finally {
      tmp.cleanup();
    }
  });

  it("the pane's Office.js writer: each chart's value axis minimum and maximum as planned, over the labels' cells", async () => {
    for (const [k, p] of plans.entries()) {
      const table = k === 0 ? data : detractors;
      const book = new FakeWorkbook();
      book.addSheet("Data", [table.headers, ...table.rows]);
      await createOfficePort(book.run).writePlan(p);
      const sheet = book.sheet(p.sheetName);
      const charts = series(p);
      expect(sheet.charts.map((c) => [c.title, c.axes.value.minimum, c.axes.value.maximum, c.series[0].xValues])).toEqual(
        charts.map((c) => [c.title, c.axisMin ?? null, c.axisMax ?? null, c.categories]),
      );
      // The cells the chart reads its categories from: South's label reads South's Mark cell in the statistics table.
      if (k > 0) continue;
      const c = chartOf(p, "bar", "Net Promoter");
      const south = labelsOf(p, c).findIndex((l) => l.startsWith("South"));
      const mark = statsRow(p, "Net Promoter Score (NPS)", "Region: South").at.Mark.replace(/([A-Z]+)(\d+)/, "$$$1$$$2");
      expect(sheet.cell(c.categories.row, c.categories.col + south)?.formula).toContain(`IF(${mark}="",""," "&${mark})`);
    }
  });
});

describe("both writers write the CPI's conservative interval (issue 24) as planned", () => {
  const data = survey(2, 3);
  const p = planOf(specOf(data, COLUMNS, { kpis: TARGETS }), data, BUILT_AT);
  const cpi = chartOf(p, "line", "Customer Performance Index");
  const bounds = (cpi.extra ?? []).filter((x) => x.role === "bound");
  const all = cells(p);
  /** The planned formula cells of the interval: the CPI block's low and high rows, the KPI table's CPI row's, the chart's two data rows. */
  const planned = [...all.entries()].filter(([address, cell]) => {
    if (cell === null || typeof cell !== "object" || !("formula" in cell)) return false;
    const row = Number(/\d+/.exec(address)?.[0]) - 1;
    return p.blocks.some((b) => b.col === 0 && b.row <= row && row < b.row + b.cells.length && /^Conservative (low|high)/.test(String(b.cells[row - b.row][0]))) ||
      bounds.some((x) => x.values.row === row) || /=\$[A-Z]+\$\d+$/.test(cell.formula) && p.blocks.some((b) => b.col === 0 && b.cells[row - b.row]?.[0] === "Customer Performance Index (CPI)");
  }) as [string, { formula: string; value: unknown }][];
  const column = (address: string) => address.replace(/\d+/g, "").split("").reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const rowOf = (address: string) => Number(/\d+/.exec(address)?.[0]) - 1;

  it("plans the cells: 2 x (All and 4 months) in the CPI block, 2 x 4 in the chart data, and more", () => {
    expect(bounds.map((x) => x.name)).toEqual(["Conservative low", "Conservative high"]);
    expect(planned.length).toBeGreaterThanOrEqual(2 * 5 + 2 * 4);
  });

  it("the command line's .xlsx: the same formulas and cached values, and the chart's bound series over the data rows", async () => {
    const tmp = tempDir("kpi-cpi-interval-");
    try {
      const path = join(tmp.dir, "s.xlsx");
      await writeScorecardXlsx(p, { name: "Data", table: data, dateColumns: [1] }, { path, created: BUILT_AT });
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(path);
      const sheet = book.getWorksheet(p.sheetName);
      if (!sheet) throw new Error("no scorecard sheet");
      for (const [address, cell] of planned) {
        const got = sheet.getCell(address).value as { formula?: string; result?: unknown } | null;
        expect([address, `=${got?.formula}`, got?.result ?? ""]).toEqual([address, cell.formula, typeof cell.value === "object" && cell.value !== null ? expect.anything() : cell.value]);
      }
      const xml = (await (await JSZip.loadAsync(readFileSync(path))).file(`xl/charts/chart${series(p).indexOf(cpi) + 1}.xml`)?.async("string")) ?? "";
      for (const x of bounds) {
        const ref = `${cellAddress(x.values.row, x.values.col, true)}:${cellAddress(x.values.row, x.values.col + x.values.cols - 1, true)}`;
        expect(xml).toMatch(new RegExp(`<c:tx><c:v>${x.name}</c:v></c:tx>[\\s\\S]*?<c:f>[^<]*${ref.replace(/\$/g, "\\$")}</c:f>`));
      }
    } finally {
      tmp.cleanup();
    }
  });

  it("the pane's Office.js writer: the same formulas, and the CPI chart's bound series over the same cells", async () => {
    const book = new FakeWorkbook();
    book.addSheet("Data", [data.headers, ...data.rows]);
    await createOfficePort(book.run).writePlan(p);
    const sheet = book.sheet(p.sheetName);
    for (const [address, cell] of planned) expect([address, sheet.cell(rowOf(address), column(address))?.formula]).toEqual([address, cell.formula]);
    const chart = sheet.charts.find((c) => c.title === cpi.title);
    expect(chart?.series.filter((x) => /^Conservative/.test(x.name)).map((x) => [x.name, x.values])).toEqual(bounds.map((x) => [x.name, x.values]));
  });
});

describeLO("the charts' labels recalculated by LibreOffice", () => {
  const data = survey(2, 3);
  const p = planOf(specOf(data, COLUMNS, { kpis: TARGETS }), data, BUILT_AT);
  afterAll(async () => disposeLibreOffice());

  it("come back with their marks and n, as the add-in cached them", async () => {
    const sheet: CellValue[][] = await recalculatedScorecard(p, { name: "Data", table: data, dateColumns: [1] });
    expect(compareWithCache(p, sheet).mismatches).toEqual([]);
    const c = chartOf(p, "bar", "Net Promoter");
    const got = Array.from({ length: c.categories.cols }, (_, k) => sheet[c.categories.row]?.[c.categories.col + k]);
    expect(got).toEqual(labelsOf(p, c));
    expect(got).toContain("South ▼\n(n 240)");
  }, 240_000);
});
