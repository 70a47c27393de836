// The pane's scorecard sheet shows and prints as the CLI's .xlsx does: the Office.js writer
// applies the plan's hidden columns, row heights, page breaks and page setup (through the
// in-memory fake of Excel, which records them and enforces the typings' rules on them).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { isKpiError } from "../src/kpi";
import { createOfficePort, officePaper } from "../src/excel/officePort";
import type { WorkbookPort } from "../src/excel/port";
import { planScorecard } from "../src/scorecard/plan";
import { columnLetter } from "../src/scorecard/a1";
import type { DataTable, ScorecardPlan, ScorecardSpec } from "../src/scorecard/types";
import { writeScorecardXlsx } from "../src/xlsx/writer";
import { tempDir } from "./cli/helpers";
import { FakeWorkbook, type SheetModel } from "./fakes/excel";
import { wideSpec, wideSurvey } from "./helpers/surveyData";

const BUILT_AT = new Date("2025-03-01T09:00:00Z");

function surveyBook(data: DataTable): FakeWorkbook {
  const book = new FakeWorkbook();
  book.addSheet("Survey", [data.headers, ...data.rows]);
  return book;
}

async function planFor(port: WorkbookPort, spec: ScorecardSpec, data: DataTable, replaceSheet?: string): Promise<ScorecardPlan> {
  const plan = planScorecard({ spec, data, existingSheets: await port.listSheets(), builtAt: BUILT_AT, replaceSheet });
  if (isKpiError(plan)) throw new Error(plan.message);
  return plan;
}

/** A scorecard with segments, periods, charts and statistics, written through the fake. */
async function built(paper?: "a4" | "letter", segments = 6, tweak: (plan: ScorecardPlan) => ScorecardPlan = (p) => p) {
  const data = wideSurvey(segments, 6, 4);
  const book = surveyBook(data);
  const port = createOfficePort(book.run, {}, undefined, paper);
  const plan = tweak(await planFor(port, wideSpec(data.rows.length, "live"), data));
  const before = book.syncCount;
  const result = await port.writePlan(plan);
  return { book, port, plan, data, result, syncs: book.syncCount - before, sheet: book.sheet(result.sheetName) };
}

/** The last cell that prints: the plan's print area (the extent less the chart data beside it). */
function lastCell(plan: ScorecardPlan): string {
  const area = plan.printArea ?? plan.extent;
  return `${columnLetter(area.col + area.cols - 1)}${area.row + area.rows}`;
}

function expectLayoutOf(sheet: SheetModel, plan: ScorecardPlan): void {
  expect([...sheet.hiddenColumns].sort((a, b) => a - b)).toEqual([...(plan.hiddenColumns ?? [])].sort((a, b) => a - b));
  expect(Object.fromEntries(sheet.rowHeights)).toEqual(Object.fromEntries((plan.rowHeights ?? []).map((h) => [h.row, h.points])));
  expect([...sheet.pageBreaks].sort((a, b) => a - b)).toEqual((plan.pageBreaks ?? []).filter((r) => r > 0));
}

describe("the pane's scorecard sheet prints like the CLI's", () => {
  it("prints the plan's print area at the scale its pages are laid out for, with no header row repeated", async () => {
    const { plan, sheet, syncs } = await built("a4");
    expect(syncs).toBe(3);
    const layout = sheet.pageLayout;
    expect(layout.printArea).toBe(`A1:${lastCell(plan)}`);
    expect(plan.printScale).toBe(76);
    expect(layout.zoom).toEqual({ scale: 76 });
    expect(layout.orientation).toBe("Landscape");
    // Each block carries its own header row; none repeats over pages it does not head.
    expect(layout.printTitleRows).toBeUndefined();
    expect(layout.centerHorizontally).toBe(true);
    expect(layout.margins).toEqual({ unit: "Inches", left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 });
    expect([layout.leftFooter, layout.rightFooter]).toEqual(["&11&A", "&11Page &P of &N"]);
  });

  it("hides no column and breaks pages where the plan says", async () => {
    const { plan, sheet } = await built("a4");
    expect(plan.hiddenColumns).toEqual([]);
    expect(plan.pageBreaks?.length).toBeGreaterThan(1);
    expectLayoutOf(sheet, plan);
  });

  it("sets the row heights a plan asks for, at the rows it names", async () => {
    const data = wideSurvey(2, 3, 4);
    const book = surveyBook(data);
    const port = createOfficePort(book.run, {}, undefined, "a4");
    const base = await planFor(port, wideSpec(data.rows.length, "values"), data);
    const plan: ScorecardPlan = { ...base, rowHeights: [{ row: 5, points: 45 }, { row: 7, points: 30 }] };
    const result = await port.writePlan(plan);
    expect(Object.fromEntries(book.sheet(result.sheetName).rowHeights)).toEqual({ 5: 45, 7: 30 });
  });

  it("prints in the orientation the plan's pages are laid out for", async () => {
    const wide = await built("a4", 8);
    expect(wide.sheet.pageLayout.orientation).toBe("Landscape");
    const data = wideSurvey(2, 3, 4);
    const book = surveyBook(data);
    const port = createOfficePort(book.run, {}, undefined, "a4");
    const narrow = await planFor(port, wideSpec(data.rows.length, "values"), data);
    const result = await port.writePlan({ ...narrow, orientation: "portrait" });
    expect(book.sheet(result.sheetName).pageLayout.orientation).toBe("Portrait");
  });

  it.each([
    ["a4", "A4"],
    ["letter", "Letter"],
  ] as const)("prints on %s paper when the port is given it", async (paper, excelPaper) => {
    const { sheet } = await built(paper);
    expect(sheet.pageLayout.paperSize).toBe(excelPaper);
  });

  it("lets one write's paper option override the port's default", async () => {
    const data = wideSurvey(2, 3, 4);
    const book = surveyBook(data);
    const port = createOfficePort(book.run, {}, undefined, "a4");
    const plan = await planFor(port, wideSpec(data.rows.length, "values"), data);
    const result = await port.writePlan(plan, { paper: "letter" });
    expect(book.sheet(result.sheetName).pageLayout.paperSize).toBe("Letter");
  });

  it("takes Letter for a US or Canadian display language and A4 elsewhere (the CLI's locale rule)", () => {
    expect(["en-US", "en-CA", "fr-CA", "es-MX", "en-GB", "de-DE", "fr-FR", "ja-JP", "en", ""].map((l) => officePaper(l))).toEqual([
      "letter", "letter", "letter", "letter", "a4", "a4", "a4", "a4", "a4", "a4",
    ]);
    // Outside Office (no Office global, as in jest): A4.
    expect(officePaper()).toBe("a4");
  });

  it("queues the sheet's layout with the cells and the page setup after the recalculation, in the last sync", async () => {
    const { book } = await built("a4");
    const log = book.syncLog.slice(-3);
    const layoutOps = (names: readonly string[]) => names.filter((n) => /^horizontalPageBreaks\.|^range\.columnHidden$|^format\.rowHeight$/.test(n));
    const setupOps = (names: readonly string[]) => names.filter((n) => /^(pageLayout|headerFooter)\./.test(n));
    expect(layoutOps(log[0].opNames)).toEqual([]);
    expect(layoutOps(log[1].opNames).length).toBeGreaterThan(4);
    expect(setupOps(log[1].opNames)).toEqual([]);
    expect(layoutOps(log[2].opNames)).toEqual([]);
    expect(setupOps(log[2].opNames).length).toBeGreaterThanOrEqual(7);
    expect(log[2].opNames.indexOf("application.calculate")).toBeLessThan(log[2].opNames.findIndex((n) => n.startsWith("pageLayout.")));
  });

  it("keeps the built scorecard, recalculated, and warns when Excel refuses the page setup", async () => {
    const data = wideSurvey(6, 6, 4);
    const book = surveyBook(data);
    const port = createOfficePort(book.run, {}, undefined, "a4");
    const plan = await planFor(port, wideSpec(data.rows.length, "live"), data);
    // verticalFitToPages 0 is what Microsoft's samples write, not a value the typings define.
    book.failOn = (op) => op.name === "pageLayout.zoom";
    const result = await port.writePlan(plan);
    book.failOn = null;
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^Excel refused the page setup \(.*injected failure at pageLayout\.zoom.*\)\. The scorecard is complete/);
    const sheet = book.sheet(result.sheetName);
    expect(sheet.pageBreaks.length).toBeGreaterThan(0);
    expect(book.uncalculated).toBe(0);
    expect((await port.readStoredSpec())?.buildId).toBe(result.stored.buildId);
  });

  it("a rebuild leaves none of the old build's hidden columns, tall rows or page breaks behind", async () => {
    const { book, port, data, result, sheet: first } = await built("a4", 6, (p) => ({ ...p, hiddenColumns: [8, 9], rowHeights: [{ row: 6, points: 45 }], pageBreaks: [30, 60] }));
    expect([[...first.hiddenColumns].sort((x, y) => x - y), first.rowHeights.size, first.pageBreaks.length]).toEqual([[8, 9], 1, 2]);
    const stored = await port.readStoredSpec();
    const fresh = await planFor(port, wideSpec(data.rows.length, "live"), data, stored?.sheet?.name);
    // A plan whose layout differs: other hidden columns, no tall rows, one break further down.
    const plan: ScorecardPlan = { ...fresh, hiddenColumns: [2], rowHeights: [], pageBreaks: [40] };
    const rebuilt = await port.writePlan(plan, { stored, rebuild: true });
    expect(rebuilt.sheetName).toBe(result.sheetName);
    const sheet = book.sheet(rebuilt.sheetName);
    expect([...sheet.hiddenColumns]).toEqual([2]);
    expect(sheet.rowHeights.size).toBe(0);
    expect(sheet.pageBreaks).toEqual([40]);
  });

  it("gives the pane's sheet the same print area, title rows, paper, orientation, hidden columns, tall rows and breaks as the CLI's .xlsx of the same plan", async () => {
    const data = wideSurvey(2, 3, 70);
    const spec: ScorecardSpec = { ...wideSpec(data.rows.length, "portable"), source: { sheet: "Data", address: `A1:J${data.rows.length + 1}` } };
    const plan = planScorecard({ spec, data, existingSheets: ["Data"], builtAt: BUILT_AT, dataSheet: "Data" });
    if (isKpiError(plan)) throw new Error(plan.message);
    expect(plan.rowHeights?.length).toBeGreaterThan(0);

    const tmp = tempDir("kpi-print-");
    try {
      const path = join(tmp.dir, "letter.xlsx");
      await writeScorecardXlsx(plan, { name: "Data", table: data, dateColumns: [9] }, { path, paper: "letter", created: BUILT_AT });
      const zip = await JSZip.loadAsync(readFileSync(path));
      const xml = (await zip.file("xl/worksheets/sheet1.xml")?.async("string")) ?? "";
      const book = (await zip.file("xl/workbook.xml")?.async("string")) ?? "";
      const cli = {
        printArea: /_xlnm\.Print_Area" localSheetId="0">[^!]*!([^<]*)</.exec(book)?.[1].replace(/\$/g, ""),
        printTitleRows: /_xlnm\.Print_Titles" localSheetId="0">[^!]*!([^<]*)</.exec(book)?.[1],
        paper: /<pageSetup [^>]*paperSize="(\d+)"/.exec(xml)?.[1] === "1" ? "Letter" : "A4",
        orientation: /<pageSetup [^>]*orientation="(\w+)"/.exec(xml)?.[1],
        hidden: [...xml.matchAll(/<col min="(\d+)" max="(\d+)"[^>]*hidden="1"/g)].flatMap((m) =>
          Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, k) => Number(m[1]) + k - 1),
        ),
        heights: Object.fromEntries([...xml.matchAll(/<row r="(\d+)"[^>]* ht="([\d.]+)" customHeight="1"/g)].map((m) => [Number(m[1]) - 1, Number(m[2])])),
        // The file's break is after row N (1-based): the next page starts at 0-based row N.
        breaks: [...xml.matchAll(/<brk id="(\d+)"/g)].map((m) => Number(m[1])),
      };

      const fake = new FakeWorkbook();
      fake.addSheet("Data", [data.headers, ...data.rows]);
      const result = await createOfficePort(fake.run, {}, undefined, "letter").writePlan(plan);
      const sheet = fake.sheet(result.sheetName);
      const pane = {
        printArea: sheet.pageLayout.printArea,
        printTitleRows: sheet.pageLayout.printTitleRows,
        paper: sheet.pageLayout.paperSize,
        orientation: sheet.pageLayout.orientation?.toLowerCase(),
        hidden: [...sheet.hiddenColumns].sort((a, b) => a - b),
        heights: Object.fromEntries(sheet.rowHeights),
        breaks: [...sheet.pageBreaks].sort((a, b) => a - b),
      };
      expect(pane).toEqual(cli);
      expect(cli.breaks).toEqual(plan.pageBreaks);
      expect(cli.printTitleRows).toBeUndefined();
    } finally {
      tmp.cleanup();
    }
  });
});
