// The Office.js writer and reader (src/excel) against the in-memory fake of Excel, which
// applies queued operations only at sync() and, like Excel, keeps the operations before a
// failing one applied.
import { isKpiError } from "../src/kpi";
import { MARKER_KEY, needsTextPrefix } from "../src/excel/cells";
import { createOfficePort } from "../src/excel/officePort";
import type { StoredScorecard, WorkbookPort } from "../src/excel/port";
import { MAX_PAYLOAD_BYTES, ScorecardWriteError } from "../src/excel/writer";
import { planScorecard } from "../src/scorecard/plan";
import type { DataTable, PlanCell, ScorecardPlan, ScorecardSpec } from "../src/scorecard/types";
import { FakeWorkbook, REQUEST_LIMIT_BYTES, type SheetModel } from "./fakes/excel";
import { DRIVERS, spec as driverSpec, survey as driverSurvey } from "./helpers/driverSurvey";
import { wideSpec, wideSurvey } from "./helpers/surveyData";

const BUILT_AT = new Date("2025-03-01T09:00:00Z");

function surveyBook(data: DataTable): FakeWorkbook {
  const book = new FakeWorkbook();
  book.addSheet("Survey", [data.headers, ...data.rows]);
  return book;
}

function npsOnly(): { data: DataTable; spec: ScorecardSpec } {
  const scores = [0, 7, 7, 9, 9, 9, 10, 3, 8, 10];
  const data: DataTable = { headers: ["How likely are you to recommend us?"], rows: scores.map((s) => [s]) };
  const spec: ScorecardSpec = {
    version: 1,
    source: { sheet: "Survey", address: `A1:A${scores.length + 1}` },
    columns: [{ index: 0, header: data.headers[0], role: "nps" }],
    aggregates: {},
    kpis: {},
    mode: "live",
    trend: "month",
  };
  return { data, spec };
}

async function planFor(port: WorkbookPort, spec: ScorecardSpec, data: DataTable, replaceSheet?: string): Promise<ScorecardPlan> {
  const plan = planScorecard({ spec, data, existingSheets: await port.listSheets(), builtAt: BUILT_AT, replaceSheet });
  if (isKpiError(plan)) throw new Error(plan.message);
  return plan;
}

/** Syncs made by `f` alone. */
async function syncsOf<T>(book: FakeWorkbook, f: () => Promise<T>): Promise<{ result: T; syncs: number }> {
  const before = book.syncCount;
  const result = await f();
  return { result, syncs: book.syncCount - before };
}

/** Every plan cell, format, rule, chart and freeze is on the sheet. */
function expectSheetHoldsPlan(sheet: SheetModel, plan: ScorecardPlan): void {
  const mismatches: string[] = [];
  for (const block of plan.blocks) {
    block.cells.forEach((row, r) =>
      row.forEach((cell: PlanCell, c) => {
        const got = sheet.cell(block.row + r, block.col + c);
        const where = `R${block.row + r + 1}C${block.col + c + 1}`;
        if (cell === null || cell === "") {
          if (got && (got.value !== null || got.formula !== null)) mismatches.push(`${where}: expected blank`);
        } else if (typeof cell === "object") {
          if (got?.formula !== cell.formula) mismatches.push(`${where}: formula ${got?.formula} != ${cell.formula}`);
        } else if (got?.value !== cell) {
          mismatches.push(`${where}: ${JSON.stringify(got?.value)} != ${JSON.stringify(cell)}`);
        }
        const format = block.numberFormats[r][c];
        if ((got?.numberFormat ?? "General") !== format) mismatches.push(`${where}: format ${got?.numberFormat} != ${format}`);
      }),
    );
  }
  expect(mismatches.slice(0, 10)).toEqual([]);
  // Each rule as planned, with the number format that shows a marked value's ▲ / ▼ in its cell.
  const rules = plan.conditionalFormats.flatMap((cf) =>
    cf.rules.map((rule) => ({ rect: cf.range, formula: rule.formula, fill: rule.fill ?? "", fontColor: rule.fontColor ?? "", bold: rule.bold ?? false, numberFormat: rule.numberFormat ?? "" })),
  );
  expect(sheet.conditionalFormats.map((cf) => ({ rect: cf.rect, formula: cf.formula, fill: cf.fill, fontColor: cf.fontColor, bold: cf.bold, numberFormat: cf.numberFormat }))).toEqual(rules);
  // A chart is made from its first series (a scatter chart's: its first point) and names it.
  expect(sheet.charts.map((c) => ({ title: c.title, values: c.source, categories: c.series[0].xValues, seriesName: c.series[0].name }))).toEqual(
    plan.charts.map((c) =>
      c.type === "scatter"
        ? { title: c.title, values: c.points[0].y, categories: c.points[0].x, seriesName: c.points[0].name }
        : { title: c.title, values: c.values, categories: c.categories, seriesName: c.extra && c.extra.length > 0 ? "Value" : c.title },
    ),
  );
  // A series chart's bounds and target: further series over the same labels, dashed, without markers; text at 11 and 12 points; columns from zero.
  plan.charts.forEach((c, k) => {
    if (c.type === "scatter") return;
    const got = sheet.charts[k];
    expect(got.series.slice(1).map((s) => ({ name: s.name, values: s.values, categories: s.xValues, marker: s.markerStyle, dash: s.line.style }))).toEqual(
      (c.extra ?? []).map((x) => ({ name: x.name, values: x.values, categories: c.categories, marker: "None", dash: x.role === "target" ? "DashDot" : "Dash" })),
    );
    expect([got.fontSize, got.titleFontSize]).toEqual([11, 12]);
    expect(got.axes.value.minimum).toBe(c.axisMin ?? null);
    expect(got.axes.value.maximum).toBe(c.axisMax ?? null);
  });
  expect(sheet.freeze).toEqual(plan.freeze.rows || plan.freeze.columns ? plan.freeze : null);
  plan.columnWidths.forEach((w, c) => expect(sheet.columnWidths.get(c)).toBeCloseTo((w * 7 + 5) * 0.75, 1));
}

/** Formula text without its string literals. */
const withoutStrings = (formula: string) => formula.replace(/"(?:[^"]|"")*"/g, '""');
const WHOLE_COLUMN = /(?<![A-Za-z0-9_$.])\$?[A-Z]{1,3}:\$?[A-Z]{1,3}(?![A-Za-z0-9_(])/;
const WHOLE_ROW = /(?<![A-Za-z0-9_$.:])\$?\d+:\$?\d+(?![0-9])/;

describe("writing a scorecard plan", () => {
  it("builds a 1-KPI scorecard in 3 syncs (read, write, recalculate), with Excel.run({ delayForCellEdit: true })", async () => {
    const { data, spec } = npsOnly();
    const book = surveyBook(data);
    const port = createOfficePort(book.run);
    const plan = await planFor(port, spec, data);
    const runsBefore = book.runs.length;
    const { result, syncs } = await syncsOf(book, () => port.writePlan(plan));
    expect(syncs).toBe(3);
    expect(result.syncs).toBe(3);
    expect(book.runs.slice(runsBefore)).toEqual([{ delayForCellEdit: true, mergeUndoGroup: false }]);
    expect(result.sheetName).toBe("KPI Scorecard");
    expectSheetHoldsPlan(book.sheet("KPI Scorecard"), plan);
    // The write sync ran with calculation and screen updating suspended; the last recalculated.
    expect(book.calculations).toEqual(["Full"]);
    expect(book.uncalculated).toBe(0);
    const writeSync = book.syncLog[book.syncLog.length - 2];
    expect(writeSync.suspendedCalculation).toBe(true);
    expect(writeSync.suspendedScreenUpdating).toBe(true);
    // One formulas write and one numberFormat write per block.
    expect(writeSync.opNames.filter((n) => n === "range.formulas")).toHaveLength(plan.blocks.length);
    expect(writeSync.opNames.filter((n) => n === "range.numberFormat")).toHaveLength(plan.blocks.length);
    expect(book.activeSheetId).toBe(book.sheet("KPI Scorecard").id);
  });

  it("reads back the NPS of 0,7,7,9,9,9,10,3,8,10 as 30 points in the plan it wrote", async () => {
    const { data, spec } = npsOnly();
    const book = surveyBook(data);
    const port = createOfficePort(book.run);
    const plan = await planFor(port, { ...spec, mode: "values" }, data);
    await port.writePlan(plan);
    const nps = plan.summary.find((s) => s.id === "NPS");
    expect(nps?.value).toBeCloseTo(30, 10); // 5 promoters, 2 detractors of 10
    const sheet = book.sheet("KPI Scorecard");
    const numbers = sheet.entries().map(([, , c]) => c.value).filter((v): v is number => typeof v === "number");
    expect(numbers).toContain(nps?.value);
  });

  // Every mode writes in 3 syncs: what a comparison's formulas share (the skewness and variance of
  // both sides, a segment's rest of the sample, Benjamini-Hochberg's p(k)·m/k) sits once in a cell
  // beside the sheet, and page 1's lines build the key findings' sentences (src/scorecard/blocks).
  it.each([["live", 3], ["portable", 3], ["values", 3]] as const)(
    "builds 12+ KPIs x 40 segments x 24 periods (%s mode) in %i syncs, each under the payload limit",
    async (mode, expected) => {
      const data = wideSurvey(40, 24, 3);
      const book = surveyBook(data);
      const port = createOfficePort(book.run);
      const plan = await planFor(port, wideSpec(data.rows.length, mode), data);
      expect(plan.summary.length).toBeGreaterThanOrEqual(12);
      const before = book.syncLog.length;
      const { result, syncs } = await syncsOf(book, () => port.writePlan(plan));
      expect(syncs).toBe(expected);
      expect(result.syncs).toBe(expected);
      const sheet = book.sheet(result.sheetName);
      expectSheetHoldsPlan(sheet, plan);
      expect(sheet.conditionalFormats.length).toBeGreaterThan(0);
      expect(sheet.charts.length).toBeGreaterThan(0);
      for (const sync of book.syncLog.slice(before)) expect(sync.bytes).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    },
  );

  it("draws the key drivers' importance against performance as an XY scatter: a labelled series per driver, dashed guide lines, titled axes", async () => {
    const data = driverSurvey();
    const book = surveyBook(data);
    const port = createOfficePort(book.run);
    const plan = await planFor(port, driverSpec({ drivers: DRIVERS }), data);
    const result = await port.writePlan(plan);
    const sheet = book.sheet(result.sheetName);
    expectSheetHoldsPlan(sheet, plan);
    const planned = plan.charts.find((c) => c.type === "scatter");
    const chart = sheet.charts.find((c) => c.type === "XYScatter");
    if (!planned || planned.type !== "scatter" || !chart) throw new Error("no scatter chart");
    expect(chart.series.map((s) => s.name)).toEqual([...planned.points, ...planned.lines].map((s) => s.name));
    expect(chart.series.map((s) => [s.xValues, s.values ?? chart.source])).toEqual([...planned.points, ...planned.lines].map((s) => [s.x, s.y]));
    expect(chart.series.map((s) => s.dataLabels.seriesName)).toEqual([...planned.points.map(() => true), ...planned.lines.map(() => false)]);
    expect(chart.series.slice(planned.points.length).map((s) => [s.chartType, s.line.style])).toEqual(planned.lines.map(() => ["XYScatterLinesNoMarkers", "Dash"]));
    expect(chart.axes.category).toEqual({ title: planned.xTitle, numberFormat: "0%", minimum: 0, maximum: 1 });
    expect(chart.axes.value).toMatchObject({ title: planned.yTitle, numberFormat: "0%", minimum: 0 });
  });

  it("draws a scatter chart's unlabelled points without labels and its tags as labels without markers, as the .xlsx does", async () => {
    const data = driverSurvey();
    const book = surveyBook(data);
    const port = createOfficePort(book.run);
    const plain = await planFor(port, driverSpec({ drivers: DRIVERS }), data);
    const clustered: ScorecardPlan = {
      ...plain,
      charts: plain.charts.map((c) => (c.type === "scatter" ? { ...c, unlabelled: [1, 2], tags: [{ name: "Ranks 2, 3", x: c.points[1].x, y: c.points[1].y }] } : c)),
    };
    const result = await port.writePlan(clustered);
    const chart = book.sheet(result.sheetName).charts.find((c) => c.type === "XYScatter");
    const planned = clustered.charts.find((c) => c.type === "scatter");
    if (!planned || planned.type !== "scatter" || !chart) throw new Error("no scatter chart");
    const tags = planned.tags ?? [];
    expect(chart.series.map((s) => s.name)).toEqual([...planned.points, ...tags, ...planned.lines].map((s) => s.name));
    expect(chart.series.map((s) => s.dataLabels.shown)).toEqual([...planned.points.map((_, k) => k !== 1 && k !== 2), true, ...planned.lines.map(() => false)]);
    expect(chart.series[planned.points.length]).toMatchObject({ markerStyle: "None", xValues: tags[0].x, values: tags[0].y });
  });

  it("writes no formula and no rule that references a whole column or row", async () => {
    for (const mode of ["live", "portable"] as const) {
      const data = wideSurvey(5, 6, 4);
      const book = surveyBook(data);
      const port = createOfficePort(book.run);
      const result = await port.writePlan(await planFor(port, wideSpec(data.rows.length, mode), data));
      const sheet = book.sheet(result.sheetName);
      const formulas = [
        ...sheet.entries().map(([, , c]) => c.formula).filter((f): f is string => f !== null),
        ...sheet.conditionalFormats.map((cf) => cf.formula),
      ];
      expect(formulas.length).toBeGreaterThan(20);
      const offending = formulas.filter((f) => WHOLE_COLUMN.test(withoutStrings(f)) || WHOLE_ROW.test(withoutStrings(f)));
      expect(offending).toEqual([]);
    }
    // The check itself catches such references.
    expect(WHOLE_COLUMN.test("=KPI.NPS(Survey!A:A)")).toBe(true);
    expect(WHOLE_COLUMN.test("=SUM($B:$B)")).toBe(true);
    expect(WHOLE_ROW.test("=SUM(2:2)")).toBe(true);
    expect(WHOLE_COLUMN.test(withoutStrings('=KPI.NPS(Survey!A2:A11)&"A:B"'))).toBe(false);
  });

  it("writes a values-mode scorecard that holds no raw answer: no formula reads the data sheet, no comment is copied", async () => {
    const data = wideSurvey(3, 4, 6);
    const book = surveyBook(data);
    const port = createOfficePort(book.run);
    const result = await port.writePlan(await planFor(port, wideSpec(data.rows.length, "values"), data));
    const sheet = book.sheet(result.sheetName);
    const cells = sheet.entries().map(([, , c]) => c);
    // Formulas only over the sheet's own cells (gap, status: they follow an edited target).
    expect(cells.filter((c) => c.formula !== null && /Survey!|'Survey'!/.test(c.formula))).toEqual([]);
    const texts = new Set(cells.map((c) => c.value).filter((v): v is string => typeof v === "string"));
    const comments = [...new Set(data.rows.map((row) => String(row[4])).filter((t) => t !== ""))];
    expect(comments.length).toBeGreaterThan(3);
    expect(comments.filter((comment) => texts.has(comment) || (comment.length >= 6 && [...texts].some((t) => t.includes(comment))))).toEqual([]);
    // The segment labels are the only data text on the sheet, as group names.
    expect(texts.has("Region 01")).toBe(true);
  });

  it("leaves an existing 'KPI Scorecard' sheet that the add-in did not make untouched", async () => {
    const { data, spec } = npsOnly();
    const book = surveyBook(data);
    const mine = book.addSheet("KPI Scorecard", [["My own notes"], [42]]);
    const before = mine.snapshot();
    const port = createOfficePort(book.run);
    const result = await port.writePlan(await planFor(port, spec, data));
    expect(result.sheetName).toBe("KPI Scorecard (2)");
    expect(book.sheet("KPI Scorecard").snapshot()).toEqual(before);

    // A rebuild replaces the add-in's sheet, never the user's one of the default name.
    const stored = await port.readStoredSpec();
    expect(stored?.sheet?.name).toBe("KPI Scorecard (2)");
    const rebuilt = await port.writePlan(await planFor(port, spec, data, stored?.sheet?.name), { stored, rebuild: true });
    expect(rebuilt.replaced).toBe("KPI Scorecard (2)");
    expect(rebuilt.sheetName).toBe("KPI Scorecard (2)");
    expect(book.sheet("KPI Scorecard").snapshot()).toEqual(before);
    expect(book.sheets.map((s) => s.name).sort()).toEqual(["KPI Scorecard", "KPI Scorecard (2)", "KPI_Spec", "Survey"]);
  });

  it("does not take over a user's sheet named KPI_Spec", async () => {
    const { data, spec } = npsOnly();
    const book = surveyBook(data);
    const theirs = book.addSheet("KPI_Spec", [["not the add-in's"]]);
    const before = theirs.snapshot();
    const port = createOfficePort(book.run);
    await port.writePlan(await planFor(port, spec, data));
    expect(book.sheet("KPI_Spec").snapshot()).toEqual(before);
    const specSheet = book.sheet("KPI_Spec (2)");
    expect(specSheet.visibility).toBe("VeryHidden");
    expect(specSheet.customProperties.get(MARKER_KEY)).toMatch(/^spec:/);
    expect((await port.readStoredSpec())?.spec.columns).toEqual(spec.columns);
  });

  it("stores the spec on a very hidden sheet and finds its scorecard by marker after a rename", async () => {
    const { data, spec } = npsOnly();
    const book = surveyBook(data);
    const port = createOfficePort(book.run);
    expect(await port.readStoredSpec()).toBeNull();
    const result = await port.writePlan(await planFor(port, { ...spec, title: "Q1 =1+1 2024-01" }, data));
    book.sheet(result.sheetName).name = "Q1 scores"; // the user renames it
    const stored = await port.readStoredSpec();
    expect(stored).not.toBeNull();
    expect(stored?.spec.title).toBe("Q1 =1+1 2024-01");
    expect(stored?.spec.columns).toEqual(spec.columns);
    expect(stored?.buildId).toBe(result.stored.buildId);
    expect(stored?.sheet?.name).toBe("Q1 scores");
    expect(book.sheet("KPI_Spec").visibility).toBe("VeryHidden");

    // Rebuild keeps the user's name and reuses the one spec sheet.
    const again = await port.writePlan(await planFor(port, spec, data, "Q1 scores"), { stored, rebuild: true });
    expect(again.sheetName).toBe("Q1 scores");
    expect(book.sheets.filter((s) => s.customProperties.get(MARKER_KEY)?.startsWith("spec:"))).toHaveLength(1);
    expect((await port.readStoredSpec())?.buildId).toBe(again.stored.buildId);
  });

  it("rebuild deletes only the sheet carrying the recorded marker, even when the user took its old name", async () => {
    const { data, spec } = npsOnly();
    const book = surveyBook(data);
    const port = createOfficePort(book.run);
    await port.writePlan(await planFor(port, spec, data));
    book.sheet("KPI Scorecard").name = "Old scorecard";
    const users = book.addSheet("KPI Scorecard", [["the user's new sheet"]]);
    const before = users.snapshot();
    const stored = await port.readStoredSpec();
    const result = await port.writePlan(await planFor(port, spec, data, stored?.sheet?.name), { stored, rebuild: true });
    expect(result.replaced).toBe("Old scorecard");
    expect(result.sheetName).toBe("Old scorecard");
    expect(book.sheet("KPI Scorecard").snapshot()).toEqual(before);
    expect(book.sheet("Old scorecard").customProperties.get(MARKER_KEY)).toBe(`scorecard:${result.stored.buildId}`);
  });

  it("writes text that Excel would read as a number, date, boolean or formula as text", async () => {
    for (const text of ["2024-01", "=1+1", "TRUE", "12", "-", "+x", "#N/A", "Q1 2024"]) expect(needsTextPrefix(text)).toBe(true);
    for (const text of ["Net Promoter Score", "Region", "Excellent"]) expect(needsTextPrefix(text)).toBe(false);
    const data: DataTable = {
      headers: ["Recommend", "Segment"],
      rows: [[9, "2024-01"], [10, "TRUE"], [3, "=1+1"], [8, "12"], [9, "2024-01"], [0, "TRUE"]],
    };
    const spec: ScorecardSpec = {
      version: 1,
      source: { sheet: "Survey", address: "A1:B7" },
      columns: [
        { index: 0, header: "Recommend", role: "nps" },
        { index: 1, header: "Segment", role: "segment" },
      ],
      aggregates: {},
      kpis: {},
      mode: "values",
      trend: "month",
    };
    const book = surveyBook(data);
    const port = createOfficePort(book.run);
    const plan = await planFor(port, spec, data);
    const result = await port.writePlan(plan);
    expectSheetHoldsPlan(book.sheet(result.sheetName), plan);
  });
});

describe("when a build fails", () => {
  async function setUp(rebuild: boolean) {
    const data = wideSurvey(3, 4, 3);
    const book = surveyBook(data);
    book.addSheet("KPI Scorecard", [["the user's"]]);
    const port = createOfficePort(book.run);
    const spec = wideSpec(data.rows.length, "live");
    let stored: StoredScorecard | null = null;
    if (rebuild) {
      await port.writePlan(await planFor(port, spec, data));
      stored = await port.readStoredSpec();
    }
    const plan = await planFor(port, spec, data, rebuild ? stored?.sheet?.name : undefined);
    return { book, port, plan, stored };
  }

  const state = (book: FakeWorkbook) => book.sheets.map((s) => s.snapshot());

  it("leaves no new sheet when an operation in the middle of the write fails", async () => {
    const { book, port, plan } = await setUp(false);
    const before = state(book);
    const firstWriteSync = book.syncCount + 1;
    book.failOn = (op) => op.sync === firstWriteSync && op.name === "conditionalFormats.add";
    const error = await port.writePlan(plan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScorecardWriteError);
    expect((error as ScorecardWriteError).cleanedUp).toBe(true);
    expect((error as Error).message).toMatch(/injected failure at conditionalFormats\.add.*left as it was/);
    expect(state(book)).toEqual(before);
  });

  it.each([false, true])("leaves the workbook as it was, or the rebuilt sheet in place with its old spec, whichever operation fails (rebuild: %s)", async (rebuild) => {
    // Find the write sync and how many operations it has, then fail each of a spread of them.
    const probe = await setUp(rebuild);
    const start = probe.book.syncCount;
    await probe.port.writePlan(probe.plan, { stored: probe.stored, rebuild });
    const offset = probe.book.syncLog.slice(start).findIndex((sync) => sync.opNames.includes("range.formulas"));
    const opCount = probe.book.syncLog[start + offset].ops;
    const positions = [...new Set([0, 1, 2, 3, Math.floor(opCount / 3), Math.floor(opCount / 2), opCount - 6, opCount - 5, opCount - 4, opCount - 3, opCount - 2, opCount - 1])];
    const outcomes = new Set<string>();
    for (const k of positions) {
      const { book, port, plan, stored } = await setUp(rebuild);
      const before = state(book);
      const ids = book.sheets.map((sheet) => sheet.id);
      const writeSync = book.syncCount + offset;
      book.failOn = (op) => op.sync === writeSync && op.index === k;
      const error = await port.writePlan(plan, { stored, rebuild }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ScorecardWriteError);
      book.failOn = null;
      const name = book.syncLog[writeSync].opNames[k];
      outcomes.add((error as ScorecardWriteError).cleanedUp ? "restored" : "rebuilt in place");
      if ((error as ScorecardWriteError).cleanedUp) {
        expect({ k, name, state: state(book) }).toEqual({ k, name, state: before });
      } else {
        // A rebuild that cleared its sheet cannot give the old cells back: the same sheets
        // remain (the scorecard is never deleted), the old spec is kept, and Rebuild completes it.
        expect(rebuild).toBe(true);
        expect((error as Error).message).toMatch(/partly rewritten.*press Rebuild/);
        expect({ k, name, ids: book.sheets.map((sheet) => sheet.id) }).toEqual({ k, name, ids });
        const now = await port.readStoredSpec();
        expect(now?.buildId).toBe(stored?.buildId);
        expect(now?.sheet?.id).toBe(stored?.sheet?.id);
        await port.writePlan(plan, { stored: now, rebuild: true });
        expectSheetHoldsPlan(book.sheet(now?.sheet?.name ?? ""), plan);
      }
    }
    expect([...outcomes].sort()).toEqual(rebuild ? ["rebuilt in place"] : ["restored"]);
  });

  it("says so when the workbook cannot be read, and changes nothing", async () => {
    const { book, port, plan } = await setUp(false);
    const before = state(book);
    book.failOn = (op) => op.name === "worksheets.load";
    const error = await port.writePlan(plan).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/Nothing was changed/);
    expect(state(book)).toEqual(before);
  });
});

describe("payloads over 4 MB", () => {
  /** A plan with one huge block of long formulas: about 6 MB of formula text. */
  function hugePlan(base: ScorecardPlan): ScorecardPlan {
    const rows = 3000;
    const cells = Array.from({ length: rows }, (_, r) =>
      Array.from({ length: 10 }, (_, c) => ({ formula: `=SUM(Survey!$A$2:$A$4000)+${r}*${c}+LEN("${"x".repeat(140)}")`, value: null })),
    );
    const numberFormats = cells.map((row) => row.map(() => "0.0"));
    return { ...base, blocks: [...base.blocks, { row: 200, col: 0, cells, numberFormats }] };
  }

  it("splits the writes into syncs under the limit, and the sheet still holds the whole plan", async () => {
    const { data, spec } = npsOnly();
    const book = surveyBook(data);
    const port = createOfficePort(book.run);
    const plan = hugePlan(await planFor(port, spec, data));
    const total = plan.blocks.reduce((s, b) => s + JSON.stringify(b.cells).length, 0);
    expect(total).toBeGreaterThan(REQUEST_LIMIT_BYTES);
    const progress: number[] = [];
    const start = book.syncCount;
    const result = await port.writePlan(plan, { onProgress: (f) => progress.push(f) });
    const syncs = book.syncLog.slice(start);
    expect(result.syncs).toBe(syncs.length);
    expect(syncs.length).toBeGreaterThanOrEqual(3);
    for (const s of syncs) {
      expect(s.failed).toBe(false);
      expect(s.bytes).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    }
    // Every write sync suspends calculation; screen updating is suspended once (the typings:
    // calling it in a loop makes the window flicker); the last sync recalculates.
    const writes = syncs.slice(1, -1);
    expect(writes.map((s) => s.suspendedCalculation)).toEqual(writes.map(() => true));
    expect(writes.map((s) => s.suspendedScreenUpdating)).toEqual(writes.map((_, k) => k === 0));
    // The last sync recalculates, then sets the page up (a refusal there only warns).
    expect(syncs[syncs.length - 1].opNames[0]).toBe("application.calculate");
    expect(syncs[syncs.length - 1].opNames.slice(1).every((n) => /^(pageLayout|headerFooter)\./.test(n))).toBe(true);
    expect(book.uncalculated).toBe(0);
    expectSheetHoldsPlan(book.sheet(result.sheetName), plan);
    expect(progress[progress.length - 1]).toBe(1);
  });

  it("splits by a smaller limit too (a plan of normal size in 40 KB syncs)", async () => {
    const data = wideSurvey(10, 12, 2);
    const book = surveyBook(data);
    const port = createOfficePort(book.run);
    const plan = await planFor(port, wideSpec(data.rows.length, "portable"), data);
    const start = book.syncCount;
    const result = await port.writePlan(plan, { maxPayloadBytes: 40_000 });
    expect(result.syncs).toBeGreaterThan(3);
    for (const s of book.syncLog.slice(start + 1)) expect(s.bytes).toBeLessThanOrEqual(40_000 + 8_000);
    expectSheetHoldsPlan(book.sheet(result.sheetName), plan);
  });

  it("a failure in a later chunk still leaves no new sheet", async () => {
    const { data, spec } = npsOnly();
    const book = surveyBook(data);
    const port = createOfficePort(book.run);
    const plan = hugePlan(await planFor(port, spec, data));
    const before = book.sheets.map((s) => s.snapshot());
    const third = book.syncCount + 2;
    book.failOn = (op) => op.sync === third && op.index === 5;
    await expect(port.writePlan(plan)).rejects.toThrow(/left as it was/);
    expect(book.sheets.map((s) => s.snapshot())).toEqual(before);
  });
});

describe("reading the workbook", () => {
  it("reads the selection bounded by the used range, with a sample of at most 200 rows", async () => {
    const data = wideSurvey(10, 12, 5); // 600 rows
    const book = surveyBook(data);
    book.select("Survey", "A:J"); // whole columns selected
    const port = createOfficePort(book.run);
    const read0 = book.cellsRead;
    const got = await port.readSelection();
    expect(got.source).toEqual({ sheet: "Survey", address: "A1:J601" });
    expect(got.totalRows).toBe(600);
    expect(got.sample.headers).toEqual(data.headers);
    expect(got.sample.rows).toHaveLength(200);
    expect(got.sample.rows[0]).toEqual(data.rows[0]);
    expect(book.cellsRead - read0).toBe(201 * 10);
  });

  it("reads the Excel table that contains the selection", async () => {
    const data = wideSurvey(2, 2, 2);
    const book = new FakeWorkbook();
    book.addSheet("Data", [["notes above the table"], [], [...data.headers], ...data.rows.map((r) => [...r])], "B2");
    book.addTable("Responses", "Data", `B4:K${4 + data.rows.length}`);
    book.select("Data", "D7");
    const got = await createOfficePort(book.run).readSelection();
    expect(got.source).toEqual({ sheet: "Data", address: `B4:K${4 + data.rows.length}`, table: "Responses" });
    expect(got.sample.headers).toEqual(data.headers);
    expect(got.totalRows).toBe(data.rows.length);
  });

  it("explains a single-cell selection outside a table", async () => {
    const book = surveyBook(wideSurvey(1, 1, 2));
    book.select("Survey", "C3");
    await expect(createOfficePort(book.run).readSelection()).rejects.toThrow(/Only one cell is selected/);
  });

  it("reads only the mapped columns for a build, every row", async () => {
    const data = wideSurvey(4, 3, 5); // 60 rows
    const book = surveyBook(data);
    const port = createOfficePort(book.run);
    const read0 = book.cellsRead;
    const got = await port.readColumns({ sheet: "Survey", address: "A1:J61" }, [0, 8]);
    expect(book.cellsRead - read0).toBe(10 + 60 * 2); // header row + two columns
    expect(got.data.rows).toHaveLength(60);
    expect(got.data.rows[5]).toEqual([data.rows[5][0], null, null, null, null, null, null, null, data.rows[5][8]]);
  });

  it("takes one selected cell for an aggregate input", async () => {
    const book = new FakeWorkbook();
    book.addSheet("Figures", [["Customers at start", 1200], ["Lost", "n/a"]]);
    const port = createOfficePort(book.run);
    book.select("Figures", "B1");
    expect(await port.readSelectedCell()).toEqual({ address: "Figures!B1", value: 1200, text: "1200" });
    book.select("Figures", "B2");
    expect((await port.readSelectedCell()).value).toBeNull();
    book.select("Figures", "A1:B2");
    await expect(port.readSelectedCell()).rejects.toThrow(/Select one cell/);
  });
});
