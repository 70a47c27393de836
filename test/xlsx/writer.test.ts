import { join } from "node:path";
import ExcelJS from "exceljs";
import type { ScorecardPlan } from "../../src/scorecard/types";
import { convertCellValue, readXlsx } from "../../src/xlsx/reader";
import { MAX_CELL_TEXT, writeScorecardXlsx } from "../../src/xlsx/writer";
import { decodeSpecSheet } from "../../src/excel/cells";
import { tempDir } from "../cli/helpers";

const plan: ScorecardPlan = {
  sheetName: "KPI Scorecard",
  blocks: [
    { row: 0, col: 0, cells: [["Title"]], numberFormats: [["General"]] },
    {
      row: 2, col: 0,
      cells: [["NPS", { formula: "=SUM('My Data'!$B$2:$B$4)", value: 19 }, 50, 0, { formula: "=NA()", value: { error: "#N/A" } }, { formula: '=IF(B3>=C3,"Excellent","")', value: "" }, true, { formula: "=SUM(IF('My Data'!$B$2:$B$4>8,1,0))", value: 3 }]],
      numberFormats: [["General", "0.0", "0.0", "0.0", "General", "General", "General", "General"]],
    },
  ],
  styles: [
    { range: { row: 0, col: 0, rows: 1, cols: 1 }, bold: true, fontSize: 16 },
    { range: { row: 2, col: 0, rows: 1, cols: 3 }, fill: "#D9E1F2", italic: true },
    { range: { row: 2, col: 1, rows: 1, cols: 1 }, fontColor: "#FF0000", horizontal: "right", borderBottom: true },
  ],
  conditionalFormats: [
    { range: { row: 2, col: 1, rows: 1, cols: 1 }, rules: [
      { band: "green", formula: "=B3>=$C3", fill: "#C6EFCE", fontColor: "#006100" },
      { band: "red", formula: "=B3<$D3", fill: "#FFC7CE", fontColor: "#9C0006" },
    ] },
  ],
  columnWidths: [30, 9, 12],
  freeze: { rows: 2, columns: 1 },
  charts: [],
  specStore: { sheetName: "KPI_Spec", json: JSON.stringify({ big: "x".repeat(MAX_CELL_TEXT + 10) }) },
  summary: [],
  differences: [],
  minN: 30,
  fdrQ: 0.05,
  extent: { row: 0, col: 0, rows: 3, cols: 8 },
};

describe("writeScorecardXlsx", () => {
  let tmp: { dir: string; cleanup: () => void };
  let wb: ExcelJS.Workbook;
  const path = () => join(tmp.dir, "out.xlsx");
  beforeAll(async () => {
    tmp = tempDir("kpi-writer-");
    await writeScorecardXlsx(plan, {
      name: "My Data",
      table: {
        headers: ["When", "Score", "Flag", "Text"],
        rows: [
          [45292.5, 9, true, "a & <b>"],
          [45293, " 7", false, "tab\there\u0001"],
          [null, 10, null, "x".repeat(MAX_CELL_TEXT + 5)],
        ],
      },
      dateColumns: [0],
    }, { path: path(), buildId: "build-1" });
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path());
  });
  afterAll(() => tmp.cleanup());

  it("writes plain formulas with cached results (numbers, errors, text), array-entering only one that needs it", () => {
    const ws = wb.getWorksheet("KPI Scorecard") as ExcelJS.Worksheet;
    expect(ws.getCell("B3").value).toEqual({ formula: "SUM('My Data'!$B$2:$B$4)", result: 19 });
    expect(ws.getCell("E3").value).toEqual({ formula: "NA()", result: { error: "#N/A" } });
    expect(ws.getCell("F3").value).toMatchObject({ formula: 'IF(B3>=C3,"Excellent","")' });
    expect(ws.getCell("F3").value).not.toHaveProperty("shareType");
    // A range under IF, outside SUMPRODUCT: Excel without dynamic arrays would intersect it to one cell.
    expect(ws.getCell("H3").value).toMatchObject({ formula: "SUM(IF('My Data'!$B$2:$B$4>8,1,0))", result: 3, shareType: "array", ref: "H3" });
    expect(ws.getCell("G3").value).toBe(true);
    expect(ws.getCell("B3").numFmt).toBe("0.0");
  });

  it("applies styles, merged property by property where ranges overlap", () => {
    const ws = wb.getWorksheet("KPI Scorecard") as ExcelJS.Worksheet;
    expect(ws.getCell("A1").font).toMatchObject({ bold: true, size: 16 });
    expect(ws.getCell("A3").fill).toMatchObject({ type: "pattern", pattern: "solid", fgColor: { argb: "FFD9E1F2" } });
    expect(ws.getCell("B3").font).toMatchObject({ italic: true, color: { argb: "FFFF0000" } });
    expect(ws.getCell("B3").alignment).toMatchObject({ horizontal: "right" });
    expect(ws.getCell("B3").border.bottom).toMatchObject({ style: "thin" });
  });

  it("writes expression rules, widths (9 included) and the frozen panes", () => {
    const ws = wb.getWorksheet("KPI Scorecard") as ExcelJS.Worksheet & { conditionalFormattings: { ref: string; rules: { type: string; formulae: string[]; style: { fill: { bgColor: { argb: string } } } }[] }[] };
    expect(ws.conditionalFormattings).toEqual([expect.objectContaining({ ref: "B3" })]);
    expect(ws.conditionalFormattings[0].rules.map((r) => [r.type, r.formulae[0], r.style.fill.bgColor.argb])).toEqual([
      ["expression", "B3>=$C3", "FFC6EFCE"],
      ["expression", "B3<$D3", "FFFFC7CE"],
    ]);
    expect([ws.getColumn(1).width, ws.getColumn(2).width, ws.getColumn(3).width]).toEqual([30, 9.001, 12]);
    expect(ws.views[0]).toMatchObject({ state: "frozen", xSplit: 1, ySplit: 2 });
  });

  it("copies the data sheet with its types, date formats, and text made safe for XML", () => {
    const ws = wb.getWorksheet("My Data") as ExcelJS.Worksheet;
    expect(ws.getRow(1).values).toEqual([undefined, "When", "Score", "Flag", "Text"]);
    expect(ws.getCell("A2").value).toEqual(new Date(Date.UTC(2024, 0, 1, 12)));
    expect(ws.getCell("A2").numFmt).toBe("yyyy-mm-dd hh:mm");
    expect(ws.getCell("B3").value).toBe(" 7");
    expect([ws.getCell("C2").value, ws.getCell("C3").value]).toEqual([true, false]);
    expect(ws.getCell("D2").value).toBe("a & <b>");
    expect(ws.getCell("D3").value).toBe("tab\there");
    expect(String(ws.getCell("D4").value)).toHaveLength(MAX_CELL_TEXT);
    expect(ws.getCell("A4").value).toBeNull();
  });

  it("stores a long spec on a very hidden sheet as the pane's writer does, in parts under Excel's cell limit", () => {
    const ws = wb.getWorksheet("KPI_Spec") as ExcelJS.Worksheet;
    expect(ws.state).toBe("veryHidden");
    const values: unknown[][] = [];
    ws.eachRow((row, r) => (values[r - 1] = [row.getCell(1).value, row.getCell(2).value]));
    const record = decodeSpecSheet(values);
    expect(record).toMatchObject({ buildId: "build-1", sheetName: "KPI Scorecard" });
    expect(values.filter((v) => v[0] === "json")).toHaveLength(2);
    expect(JSON.parse(record?.json ?? "").big).toHaveLength(MAX_CELL_TEXT + 10);
  });

  it("reads its own output back with the streaming reader", async () => {
    const book = await readXlsx(path(), { sheet: "My Data" });
    expect(book.table.headers).toEqual(["When", "Score", "Flag", "Text"]);
    expect(book.rows[0]).toEqual([45292.5, 9, true, "a & <b>"]);
    expect(book.rows[1].slice(0, 3)).toEqual([45293, " 7", false]);
    expect(book.dateColumns).toEqual([0]);
    expect(book.address).toBe("A1:D4");
  });
});

describe("convertCellValue", () => {
  it("reads every kind of exceljs value as a table cell", () => {
    expect(convertCellValue(new Date(Date.UTC(2024, 0, 1)))).toEqual({ value: 45292, date: true });
    expect(convertCellValue(45292, "d/m/yy")).toEqual({ value: 45292, date: true });
    expect(convertCellValue(12, "0.0%")).toEqual({ value: 12, date: false });
    expect(convertCellValue({ formula: "A1", result: 3 }).value).toBe(3);
    // A live formula as Excel saves it and as earlier command lines wrote it: both give their cached value.
    expect(convertCellValue({ formula: "_xldudf_KPI_NPS(A1:A9)", result: 27.5 }).value).toBe(27.5);
    expect(convertCellValue({ formula: "KPI.NPS(A1:A9)", result: 27.5 }).value).toBe(27.5);
    expect(convertCellValue({ richText: [{ text: "a" }, { text: "b" }] }).value).toBe("ab");
    expect(convertCellValue({ error: "#N/A" }).value).toEqual({ error: "#N/A" });
    expect(convertCellValue({ text: "link", hyperlink: "http://x" }).value).toBe("link");
    expect(convertCellValue("").value).toBeNull();
  });
});
