// What the command line's .xlsx package holds beyond cells: native charts, page setup and print
// areas, live formulas as Excel stores them, and the spec stored the way the pane stores it,
// so the pane (its Office.js code over the fake Excel) picks the workbook up and rebuilds it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { isKpiError } from "../../src/kpi";
import { MARKER_KEY } from "../../src/excel/cells";
import { createOfficePort } from "../../src/excel/officePort";
import { planScorecard } from "../../src/scorecard/plan";
import type { DataTable, ScorecardPlan, ScorecardSpec } from "../../src/scorecard/types";
import { writeScorecardXlsx } from "../../src/xlsx/writer";
import { tempDir } from "../cli/helpers";
import { wideSpec, wideSurvey } from "../helpers/surveyData";
import { loadXlsxIntoFake } from "../helpers/xlsxToFake";
import { kpiCell } from "../helpers/layout";
import { PRINT_SCALE } from "../../src/scorecard/print";

const BUILT_AT = new Date("2025-03-01T09:00:00Z");
const data: DataTable = wideSurvey(2, 3, 70); // 2 segments x 3 months x 70 = 420 rows
const spec = (mode: ScorecardSpec["mode"]): ScorecardSpec => ({ ...wideSpec(data.rows.length, mode), source: { sheet: "Data", address: `A1:J${data.rows.length + 1}` } });

function planOf(s: ScorecardSpec, rows: DataTable = data, replaceSheet?: string, existingSheets: string[] = ["Data"]): ScorecardPlan {
  const p = planScorecard({ spec: s, data: rows, existingSheets, builtAt: BUILT_AT, dataSheet: "Data", replaceSheet });
  if (isKpiError(p)) throw new Error(p.message);
  return p;
}

let tmp: { dir: string; cleanup: () => void };
const live = () => join(tmp.dir, "live.xlsx");
const letter = () => join(tmp.dir, "letter.xlsx");
let livePlan: ScorecardPlan;
let zip: JSZip;
const part = (name: string) => zip.file(name)?.async("string") ?? Promise.resolve("");

beforeAll(async () => {
  tmp = tempDir("kpi-package-");
  livePlan = planOf(spec("live"));
  await writeScorecardXlsx(livePlan, { name: "Data", table: data, dateColumns: [9] }, { path: live(), buildId: "cli-build", created: BUILT_AT });
  await writeScorecardXlsx(planOf(spec("portable")), { name: "Data", table: data, dateColumns: [9] }, { path: letter(), paper: "letter", created: BUILT_AT });
  zip = await JSZip.loadAsync(readFileSync(live()));
});
afterAll(() => tmp.cleanup());

describe("charts in the package", () => {
  it("holds a native chart part per planned chart: a line per KPI over the months, columns per KPI over the segments", async () => {
    const charts = Object.keys(zip.files).filter((n) => /^xl\/charts\/chart\d+\.xml$/.test(n));
    const lines = livePlan.charts.filter((c) => c.type === "line").length;
    const bars = livePlan.charts.filter((c) => c.type === "bar").length;
    expect(lines).toBeGreaterThanOrEqual(5);
    expect(bars).toBe(lines - 1); // the Customer Performance Index has its trend line, not columns
    expect(charts).toHaveLength(livePlan.charts.length);
    const xml = await Promise.all(charts.map((c) => part(c)));
    expect(xml.filter((x) => x.includes("<c:lineChart>"))).toHaveLength(lines);
    expect(xml.filter((x) => x.includes('<c:barChart><c:barDir val="col"/>'))).toHaveLength(bars);
  });

  it("anchors them in a drawing of the scorecard sheet, with content types, and caches the plotted values", async () => {
    const sheet = await part("xl/worksheets/sheet1.xml");
    const rels = await part("xl/worksheets/_rels/sheet1.xml.rels");
    expect(sheet).toMatch(/<drawing r:id="(rId\d+)"\/><\/worksheet>$/);
    const id = /<drawing r:id="(rId\d+)"/.exec(sheet)?.[1];
    expect(rels).toContain(`Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"`);
    const drawing = await part("xl/drawings/drawing1.xml");
    expect(drawing.match(/<xdr:twoCellAnchor/g)).toHaveLength(livePlan.charts.length);
    const types = await part("[Content_Types].xml");
    expect(types).toContain('<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>');
    expect(types.match(/drawingml\.chart\+xml/g)).toHaveLength(livePlan.charts.length);
    // The first trend chart: its period labels and values, as the plan cached them.
    const first = await part("xl/charts/chart1.xml");
    expect(first).toMatch(/<c:f>'KPI Scorecard'!\$[A-Z]+\$\d+:\$[A-Z]+\$\d+<\/c:f>/);
    // Each label carries its n.
    expect(first).toMatch(/<c:strCache><c:ptCount val="3"\/><c:pt idx="0"><c:v>2023-01\n\(n \d+\)<\/c:v>/);
    // Every label shows (none skipped for room), in text that prints at 8 points or more at the sheet's scale.
    expect(first).toContain('<c:tickLblSkip val="1"/>');
    const sizes = [...first.matchAll(/sz="(\d+)"/g)].map((m) => Number(m[1]) / 100);
    expect(Math.min(...sizes) * (livePlan.printScale ?? 100) / 100).toBeGreaterThanOrEqual(8);
    expect(first.match(/<c:numCache>.*?<\/c:numCache>/)?.[0].match(/<c:pt /g)).toHaveLength(3);
  });
});

describe("printing", () => {
  it("prints the scorecard landscape at the scale the pager laid it out for, not fitted smaller, on A4 by default and Letter when asked", async () => {
    const sheet = await part("xl/worksheets/sheet1.xml");
    expect(livePlan.printScale).toBe(PRINT_SCALE);
    expect(sheet).toMatch(/<pageSetup [^>]*paperSize="9"/);
    expect(sheet).toMatch(/<pageSetup [^>]*orientation="landscape"/);
    expect(sheet).toMatch(new RegExp(`<pageSetup [^>]*scale="${PRINT_SCALE}"`));
    expect(sheet).not.toContain('fitToPage="1"');
    const other = await (await JSZip.loadAsync(readFileSync(letter()))).file("xl/worksheets/sheet1.xml")?.async("string");
    expect(other).toMatch(/<pageSetup [^>]*paperSize="1"/);
  });

  it("sets the print area to the plan's printed columns and rows, and repeats no header row (each block carries its own)", async () => {
    const book = await part("xl/workbook.xml");
    const area = livePlan.printArea;
    if (!area) throw new Error("no print area");
    const lastCol = String.fromCharCode(64 + area.cols);
    expect(book).toContain(`<definedName name="_xlnm.Print_Area" localSheetId="0">&apos;KPI Scorecard&apos;!$A$1:$${lastCol}$${area.rows}</definedName>`);
    expect(book).not.toContain('<definedName name="_xlnm.Print_Titles" localSheetId="0">');
    // The helper cells beside the sheet (the findings' sentences, the charts' data) lie past the print area.
    expect((livePlan.extent.cols)).toBeGreaterThan(area.cols);
  });

  it("breaks the pages where the plan does, and keeps the data sheet out of the print", async () => {
    const sheet = await part("xl/worksheets/sheet1.xml");
    const breaks = [...sheet.matchAll(/<brk id="(\d+)"/g)].map((m) => Number(m[1]));
    expect(breaks).toEqual(livePlan.pageBreaks);
    expect(breaks.length).toBeGreaterThan(0);
    const book = await part("xl/workbook.xml");
    expect(book).toMatch(/<sheet [^>]*name="Data" state="hidden"/);
    expect(book).toMatch(/<sheet [^>]*name="KPI_Spec" state="veryHidden"/);
    // Unhidden and printed, the data prints one page wide with its header row on every page.
    const data = await part("xl/worksheets/sheet2.xml");
    expect(data).toMatch(/<pageSetup [^>]*fitToWidth="1"[^>]*fitToHeight="0"/);
    expect(book).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="1">&apos;Data&apos;!$1:$1</definedName>`);
  });

  it("makes each row the plan sizes (wrapped headers, headings, the thin rows between charts) as tall as it says, and no row it makes thinner than a line holds a cell", async () => {
    const heights = livePlan.rowHeights ?? [];
    expect(heights.filter((h) => h.points > 15).length).toBeGreaterThan(0);
    expect(heights.filter((h) => h.points < 15).length).toBeGreaterThan(0);
    const filled = new Set(livePlan.blocks.flatMap((b) => b.cells.flatMap((cells, r) => (cells.some((c) => c !== null && c !== "") ? [b.row + r] : []))));
    const sheet = await part("xl/worksheets/sheet1.xml");
    for (const { row, points } of heights) {
      expect(sheet).toMatch(new RegExp(`<row r="${row + 1}"[^>]* ht="${points}" customHeight="1"`));
      if (points < 15) expect([row, filled.has(row)]).toEqual([row, false]);
    }
  });

  it("hides no column, and leaves out the KPI table's columns no KPI fills (no benchmark, baseline or target date given)", async () => {
    expect(livePlan.hiddenColumns ?? []).toEqual([]);
    const sheet = await part("xl/worksheets/sheet1.xml");
    expect(sheet).not.toMatch(/<col [^>]*hidden="1"/);
    const header = livePlan.blocks.find((b) => b.col === 0 && b.cells[0][0] === "KPI")?.cells[0] ?? [];
    expect(header).toContain("Status");
    for (const absent of ["Target date", "Baseline", "Progress", "Bench-mark"]) expect(header).not.toContain(absent);
  });
});

describe("live formulas", () => {
  it("stores KPI functions as Excel stores a JavaScript custom function, with cached values", async () => {
    const sheet = await part("xl/worksheets/sheet1.xml");
    expect(sheet).toMatch(/<f>_xldudf_KPI_NPS\([^<]*<\/f><v>-?\d/);
    expect(sheet).not.toMatch(/<f t="array"/);
    expect(sheet).not.toMatch(/<f[^>]*>[^<]*\bKPI\.[A-Z]/);
  });
});

describe("round trip: the command line's workbook opened in Excel with the add-in", () => {
  it("is picked up by the pane: the stored spec, its build and its scorecard sheet, found by their markers", async () => {
    const { book, charts } = await loadXlsxIntoFake(live());
    expect(book.sheet("KPI Scorecard").customProperties.get(MARKER_KEY)).toBe("scorecard:cli-build");
    expect(book.sheet("KPI_Spec").customProperties.get(MARKER_KEY)).toBe("spec:cli-build");
    expect(book.sheet("KPI Scorecard").formulaAt(kpiCell(livePlan, "Net Promoter Score", "Value").address)).toMatch(/^=KPI\./);
    expect(charts.get("KPI Scorecard")?.map((c) => c.type)).toEqual(livePlan.charts.map((c) => (c.type === "bar" ? "ColumnClustered" : "Line")));
    const stored = await createOfficePort(book.run).readStoredSpec();
    expect(stored?.spec).toEqual(spec("live"));
    expect(stored?.buildId).toBe("cli-build");
    expect(stored?.builtAt).toBe(BUILT_AT.toISOString());
    expect(stored?.sheet?.name).toBe("KPI Scorecard");
  });

  it("rebuilds on new data in place of the command line's scorecard, and leaves the data and no stray sheet", async () => {
    const { book } = await loadXlsxIntoFake(live());
    const port = createOfficePort(book.run);
    const stored = await port.readStoredSpec();
    if (!stored) throw new Error("no stored spec");
    // New answers: every NPS answer becomes a 10.
    const dataSheet = book.sheet("Data");
    for (let r = 1; r <= data.rows.length; r++) dataSheet.setCell(r, 0, { value: 10, formula: null, numberFormat: "General" });
    const read = await port.readColumns(stored.spec.source, stored.spec.columns.map((c) => c.index));
    const rebuilt = planOf(stored.spec, read.data, stored.sheet?.name, await port.listSheets());
    const result = await port.writePlan(rebuilt, { stored, rebuild: true });
    expect(result.replaced).toBe("KPI Scorecard");
    expect(book.sheets.map((s) => s.name).sort()).toEqual(["Data", "KPI Scorecard", "KPI_Spec"]);
    expect(rebuilt.summary.find((s) => s.id === "NPS")?.value).toBe(100);
    expect((await port.readStoredSpec())?.buildId).toBe(result.stored.buildId);
  });
});
