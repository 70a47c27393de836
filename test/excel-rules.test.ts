// Issue 14: what only real Excel would show, made visible by the fake's documented rules
// (test/fakes/excel.ts lists each with its source): very hidden sheets cannot be deleted, a
// deleted sheet breaks the formulas that point at it, requirement sets, recalculation.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { isKpiError } from "../src/kpi";
import { MARKER_KEY } from "../src/excel/cells";
import { createOfficePort, excelCapabilities, excelRunner } from "../src/excel/officePort";
import { ScorecardWriteError } from "../src/excel/writer";
import { planScorecard } from "../src/scorecard/plan";
import type { DataTable, ScorecardPlan, ScorecardSpec } from "../src/scorecard/types";
import type { WorkbookPort } from "../src/excel/port";
import { excelGlobalFor, FakeWorkbook, type RequirementSets } from "./fakes/excel";
import { wideSpec, wideSurvey } from "./helpers/surveyData";
import { notesText } from "./helpers/layout";

const BUILT_AT = new Date("2025-03-01T09:00:00Z");

/** The requirement sets manifest.xml declares, as the fake takes them. */
function declaredSets(): RequirementSets {
  const xml = readFileSync(path.join(__dirname, "..", "manifest.xml"), "utf8");
  return Object.fromEntries([...xml.matchAll(/<Set Name="([^"]+)" MinVersion="([^"]+)"\/>/g)].map((m) => [m[1], m[2]]));
}

function setUp(requirements?: RequirementSets): { book: FakeWorkbook; port: WorkbookPort; data: DataTable; spec: ScorecardSpec } {
  const data = wideSurvey(3, 4, 3);
  const book = new FakeWorkbook(requirements);
  book.addSheet("Survey", [data.headers, ...data.rows]);
  return { book, port: createOfficePort(book.run), data, spec: wideSpec(data.rows.length, "portable") };
}

async function planOf(port: WorkbookPort, spec: ScorecardSpec, data: DataTable, replaceSheet?: string): Promise<ScorecardPlan> {
  const plan = planScorecard({ spec, data, existingSheets: await port.listSheets(), builtAt: BUILT_AT, replaceSheet });
  if (isKpiError(plan)) throw new Error(plan.message);
  return plan;
}

describe("the fake holds the add-in to Excel's rules", () => {
  it("refuses to delete a very hidden sheet, as Worksheet.delete documents", async () => {
    const book = new FakeWorkbook();
    book.addSheet("Visible");
    book.addSheet("Secret").visibility = "VeryHidden";
    const error = await book.run(async (context) => {
      context.workbook.worksheets.getItem("Secret").delete();
      await context.sync();
    }).catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe("InvalidOperation");
    expect(book.findSheet("Secret")).toBeDefined();
  });

  it("turns the formulas that point at a deleted sheet into #REF!", async () => {
    const book = new FakeWorkbook();
    book.addSheet("KPI Scorecard", [[1, 2]]);
    book.addSheet("Summary");
    await book.run(async (context) => {
      context.workbook.worksheets.getItem("Summary").getRange("A1:B1").formulas = [["='KPI Scorecard'!B1*2", "=SUM(A2:A3)"]];
      context.workbook.worksheets.getItem("KPI Scorecard").delete();
      await context.sync();
    });
    expect([book.sheet("Summary").formulaAt("A1"), book.sheet("Summary").formulaAt("B1")]).toEqual(["=#REF!*2", "=SUM(A2:A3)"]);
  });

  it("refuses formulas past 8,192 characters or with a text over 255, and chart titles over 255", async () => {
    const book = new FakeWorkbook();
    book.addSheet("S", [[1]]);
    const write = (formula: string) => book.run(async (context) => {
      context.workbook.worksheets.getItem("S").getRange("A2").formulas = [[formula]];
      await context.sync();
    }).then(() => "written", (e: unknown) => (e as { code: string }).code);
    expect(await write(`=LEN("${"x".repeat(255)}")`)).toBe("written");
    expect(await write(`=LEN("${"x".repeat(256)}")`)).toBe("InvalidArgument");
    expect(await write(`=${Array.from({ length: 3000 }, () => "A1").join("+")}`)).toBe("InvalidArgument");
    const title = await book.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("S");
      sheet.charts.add("Line", sheet.getRange("A1")).title.text = "t".repeat(256);
      await context.sync();
    }).catch((e: unknown) => (e as { code: string }).code);
    expect(title).toBe("InvalidArgument");
  });
});

describe("a failed first build cleans up its very hidden spec sheet (item 1)", () => {
  it("makes the spec sheet hidden, then deletes it, so the workbook is as it was", async () => {
    const { book, port, data, spec } = setUp();
    const plan = await planOf(port, spec, data);
    const before = book.sheets.map((s) => s.snapshot());
    // The spec sheet is made very hidden before the sheet is activated: fail there.
    book.failOn = (op) => op.name === "worksheet.activate";
    const error = await port.writePlan(plan).catch((e: unknown) => e);
    book.failOn = null;
    expect(error).toBeInstanceOf(ScorecardWriteError);
    expect((error as ScorecardWriteError).message).toMatch(/left as it was/);
    expect((error as ScorecardWriteError).cleanedUp).toBe(true);
    expect(book.sheets.map((s) => s.snapshot())).toEqual(before);
  });
});

describe("Rebuild keeps the scorecard sheet itself (item 11)", () => {
  it("rewrites the same sheet, so the user's formulas that point at it keep working", async () => {
    const { book, port, data, spec } = setUp();
    const first = await port.writePlan(await planOf(port, spec, data));
    const sheet = book.sheet(first.sheetName);
    const summary = book.addSheet("Summary");
    await book.run(async (context) => {
      context.workbook.worksheets.getItem("Summary").getRange("A1").formulas = [["='KPI Scorecard'!B9"]];
      await context.sync();
    });
    const stored = await port.readStoredSpec();
    const changed = { ...spec, mode: "live" as const };
    const plan = await planOf(port, changed, data, stored?.sheet?.name);
    const again = await port.writePlan(plan, { stored, rebuild: true });
    expect(book.sheet(again.sheetName)).toBe(sheet);
    expect(again.stored.sheet?.id).toBe(sheet.id);
    expect(summary.formulaAt("A1")).toBe("='KPI Scorecard'!B9");
    // Nothing of the old build is left behind: charts, rules and the marker are the new build's.
    expect(sheet.charts).toHaveLength(plan.charts.length);
    expect(sheet.conditionalFormats).toHaveLength(plan.conditionalFormats.reduce((k, cf) => k + cf.rules.length, 0));
    expect(sheet.customProperties.get(MARKER_KEY)).toBe(`scorecard:${again.stored.buildId}`);
    expect((await port.readStoredSpec())?.spec.mode).toBe("live");
  });
});

describe("recalculation after suspending it (item 9)", () => {
  it("recalculates once the writes are in, and suspends screen updating only once", async () => {
    const { book, port, data, spec } = setUp();
    const start = book.syncCount;
    await port.writePlan(await planOf(port, spec, data), { maxPayloadBytes: 40_000 });
    const syncs = book.syncLog.slice(start);
    expect(book.uncalculated).toBe(0);
    expect(book.calculations).toEqual(["Full"]);
    expect(syncs.filter((s) => s.suspendedScreenUpdating)).toHaveLength(1);
    expect(syncs.filter((s) => s.suspendedCalculation).length).toBeGreaterThan(1);
  });
});

describe("requirement sets (item 4)", () => {
  it("builds and rebuilds on an Excel with exactly the sets the manifest declares", async () => {
    const sets = declaredSets();
    expect(sets.ExcelApi).toBe("1.12");
    const { book, port, data, spec } = setUp(sets);
    const first = await port.writePlan(await planOf(port, spec, data));
    const stored = await port.readStoredSpec();
    const again = await port.writePlan(await planOf(port, spec, data, stored?.sheet?.name), { stored, rebuild: true });
    expect(again.sheetName).toBe(first.sheetName);
    expect(excelCapabilities((n, v) => book.isSetSupported(n, v))).toEqual({ undoBuild: false });
  });

  it("needs ExcelApi 1.12: one version lower, the build fails and says why", async () => {
    const { port, data, spec } = setUp({ ...declaredSets(), ExcelApi: "1.11" });
    await expect(port.writePlan(await planOf(port, spec, data))).rejects.toThrow(/ExcelApi 1\.12/);
  });

  it("groups a build into one undo step where Excel has ExcelApi 1.20, and not below", async () => {
    for (const [version, undo] of [["1.20", true], ["1.19", false]] as const) {
      const book = new FakeWorkbook({ ...declaredSets(), ExcelApi: version });
      book.addSheet("S", [[1]]);
      const capabilities = excelCapabilities((n, v) => book.isSetSupported(n, v));
      expect(capabilities.undoBuild).toBe(undo);
      (globalThis as { Excel?: unknown }).Excel = excelGlobalFor(book);
      try {
        await excelRunner(capabilities)(async (context) => context.sync());
      } finally {
        delete (globalThis as { Excel?: unknown }).Excel;
      }
      expect(book.runs).toEqual([{ delayForCellEdit: true, mergeUndoGroup: undo }]);
      expect(createOfficePort(book.run, {}, capabilities).capabilities).toEqual({ undoBuild: undo });
    }
  });
});

describe("chart titles within Excel's 255 characters (item 10)", () => {
  it("shortens the title of a KPI over 30 columns, lists them in its row's note, and writes the chart", async () => {
    const headers = ["Date", ...Array.from({ length: 30 }, (_, k) => `Logins to the customer portal, channel ${k + 1}`)];
    const rows = Array.from({ length: 120 }, (_, r) => [45658 + (r % 4) * 31, ...headers.slice(1).map((_, c) => (r + c) % 5)]);
    const data: DataTable = { headers, rows };
    const book = new FakeWorkbook();
    book.addSheet("Survey", [headers, ...rows]);
    const port = createOfficePort(book.run);
    const spec: ScorecardSpec = {
      version: 1, source: { sheet: "Survey", address: `A1:AE${rows.length + 1}` }, aggregates: {}, kpis: {}, mode: "portable", trend: "month",
      columns: [{ index: 0, header: "Date", role: "period" }, ...headers.slice(1).map((h, k) => ({ index: k + 1, header: h, role: "engagement" as const }))],
    };
    const plan = await planOf(port, spec, data);
    const row = plan.summary.find((x) => x.id === "ENGAGEMENT");
    expect(row?.title.length).toBeGreaterThan(1000);
    expect(plan.charts.length).toBeGreaterThan(0);
    for (const chart of plan.charts) expect(chart.title.length).toBeLessThanOrEqual(255);
    // The notes under the KPI table list the columns the shortened title leaves out.
    const notes = notesText(plan);
    expect(notes.match(/chart titled/g)).toHaveLength(1);
    for (const h of headers.slice(1)) expect(notes).toContain(h);
    const written = await port.writePlan(plan);
    expect(book.sheet(written.sheetName).charts.map((c) => c.title)).toEqual(plan.charts.map((c) => c.title));
  });
});

describe("the write budget counts UTF-8 bytes (item 7)", () => {
  it("splits non-ASCII text that is under 4 MB in UTF-16 characters but over 5 MB on the wire", async () => {
    const { book, port, data, spec } = setUp();
    const base = await planOf(port, spec, data);
    // 1,800 cells of 1,000 euro signs: 1.8 million characters, 5.4 MB of UTF-8.
    const cells = Array.from({ length: 180 }, () => Array.from({ length: 10 }, () => "€".repeat(1000)));
    const plan: ScorecardPlan = { ...base, blocks: [...base.blocks, { row: 400, col: 0, cells, numberFormats: cells.map((r) => r.map(() => "General")) }] };
    expect(JSON.stringify(cells).length).toBeLessThan(4 * 1024 * 1024);
    const start = book.syncCount;
    await port.writePlan(plan);
    const syncs = book.syncLog.slice(start);
    expect(syncs.every((s) => !s.failed && s.bytes <= 5 * 1024 * 1024)).toBe(true);
    expect(syncs.filter((s) => s.opNames.includes("range.formulas")).length).toBeGreaterThan(1);
    expect(book.sheet(base.sheetName).cell(400, 0)?.value).toBe("€".repeat(1000));
  });
});
