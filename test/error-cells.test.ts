// Issue 14, item 8: an error value in the data (#N/A, #DIV/0! ...) is the result, everywhere
// (spec/functions.md): the Office.js reader marks error cells, the planner's values (what the
// pane shows) become that error for every group holding the cell, and the native formulas,
// recalculated by LibreOffice, give the same. Text that merely reads "#N/A" stays text.
import { join } from "node:path";
import ExcelJS from "exceljs";
import { isKpiError, SAMPLE_KPIS } from "../src/kpi";
import { createOfficePort } from "../src/excel/officePort";
import { planScorecard } from "../src/scorecard/plan";
import { statsRow, valueOf } from "./helpers/planned";
import type { DataTable, ScorecardPlan, ScorecardSpec } from "../src/scorecard/types";
import { readWorkbook, runCli, tempDir } from "./cli/helpers";
import { FakeWorkbook } from "./fakes/excel";
import { type CellInput, disposeLibreOffice, evaluateWithLibreOffice, libreOfficeAvailable } from "./helpers/libreoffice";

const describeLO = libreOfficeAvailable() ? describe : describe.skip;
const JAN = 45658;

const rows: unknown[][] = Array.from({ length: 120 }, (_, k) => [
  ["North", "South", "East"][k % 3],
  JAN + 31 * (k % 3) + 2,
  k === 3 ? { error: "#DIV/0!" } : k % 11,
  k === 7 ? "#N/A" : (k % 5) + 1, // text that reads #N/A: skipped as text
]);
const data: DataTable = { headers: ["Region", "Date", "Recommend", "Satisfaction"], rows };
const spec: ScorecardSpec = {
  version: 1, source: { sheet: "Data", address: `A1:D${rows.length + 1}` }, aggregates: {}, kpis: {}, mode: "portable", trend: "month",
  columns: [
    { index: 0, header: "Region", role: "segment" },
    { index: 1, header: "Date", role: "period" },
    { index: 2, header: "Recommend", role: "nps" },
    { index: 3, header: "Satisfaction", role: "csat" },
  ],
};

function plan(): ScorecardPlan {
  const p = planScorecard({ spec, data, existingSheets: ["Data"], builtAt: new Date("2026-12-01T09:00:00Z") });
  if (isKpiError(p)) throw new Error(p.message);
  return p;
}

/** The cached value of a statistics row's value cell. */
function statsValue(p: ScorecardPlan, title: string, group: string): unknown {
  return valueOf(statsRow(p, title, group)["Value"]);
}

describe("an error value in the data is the result", () => {
  it("makes the KPI of every group holding the cell that error, naming its sheet row, and leaves the others numbers", () => {
    const p = plan();
    const nps = p.summary.find((s) => s.id === "NPS");
    expect(nps?.error).toMatch(/^#DIV\/0! an error value #DIV\/0! in the data at sheet row 5/);
    expect(statsValue(p, "Net Promoter Score (NPS)", "Region: North")).toEqual({ error: "#DIV/0!" });
    expect(typeof statsValue(p, "Net Promoter Score (NPS)", "Region: South")).toBe("number");
    // The text "#N/A" is no error value: CSAT is a number.
    expect(typeof p.summary.find((s) => s.id === "CSAT")?.value).toBe("number");
  });

  it("reads an error cell from Excel as an error value, and text as text", async () => {
    const book = new FakeWorkbook();
    book.addSheet("Data", [data.headers, ...rows]);
    const read = await createOfficePort(book.run).readColumns(spec.source, [2, 3]);
    expect(read.data.rows[3][2]).toEqual({ error: "#DIV/0!" });
    expect(read.data.rows[7][3]).toBe("#N/A");
  });

  describeLO("recalculated by LibreOffice", () => {
    afterAll(disposeLibreOffice);
    // The native formulas are checked on a sheet whose error cell is a formula's result: each
    // KPI's statistics and value formula over the column give that error, as Excel gives before
    // calling KPI.NPS.
    it("gives the native statistics of a column holding #DIV/0! an error, not a number", async () => {
      const ref = "'D'!$A$1:$A$6";
      const models = SAMPLE_KPIS.filter((k) => k.role === "nps" || k.role === "csat").map((k) => k.configure([{ header: "x", weight: 1 }], {}));
      const row: CellInput[] = [];
      for (const m of models) {
        const stats = m.statFormulas([ref], null) ?? [];
        row.push(...stats.map((f) => ({ formula: f })));
      }
      const cells: CellInput[][] = [[9, ...row], [10], [{ formula: "1/0" }], [3], [4], [8]];
      const got = (await evaluateWithLibreOffice({ D: cells })).D[0].slice(1);
      const npsStats = models[0].statistics.length;
      // NPS: n counts readable cells (no error); promoters, detractors and off-scale carry an
      // error, so the value does. (LibreOffice reports it as #VALUE!; Excel's SUMPRODUCT passes
      // the cell's own error on, which is what the planner caches.)
      expect(got[0]).toBe(5);
      for (const v of got.slice(1, npsStats)) expect(String(v)).toMatch(/^#(DIV\/0!|VALUE!)$/);
      expect(got.slice(npsStats + 1).some((v) => /^#(DIV\/0!|VALUE!)$/.test(String(v)))).toBe(true);
    }, 240_000);
  });
});

describe("the command line and an error value in an .xlsx", () => {
  const tmp = tempDir("kpi-error-cells-");
  afterAll(tmp.cleanup);

  it("reads the error cell as an error, reports the KPI of its group as that error, and copies it into the data sheet as an error cell", async () => {
    const input = join(tmp.dir, "survey.xlsx");
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet("Responses");
    ws.addRow(["Region", "How likely are you to recommend us? (0-10)"]);
    for (let k = 0; k < 60; k++) ws.addRow([k % 2 === 0 ? "North" : "South", k === 4 ? { error: "#DIV/0!" } : k % 11]);
    await book.xlsx.writeFile(input);

    const out = join(tmp.dir, "scorecard.xlsx");
    const r = await runCli([input, "--segment", "Region", "--nps", "B", "-o", out]);
    expect(r.code).toBe(0);
    // The overall NPS holds the cell, so it is the error, with the sheet row named.
    expect(r.stdout).toMatch(/Net Promoter Score \(NPS\)\s+#DIV\/0!/);

    const written = await readWorkbook(out);
    const data = written.worksheets.find((s) => s.name !== "KPI Scorecard" && s.getCell("A1").value === "Region");
    expect(data?.getCell("B6").value).toEqual({ error: "#DIV/0!" });
    expect(data?.getCell("B7").value).toBe(5);
    // The scorecard's overall NPS cell caches the error, not a number.
    const sheet = written.getWorksheet("KPI Scorecard");
    let cached: unknown = null;
    sheet?.eachRow((row) => {
      if (row.getCell(1).value === "Net Promoter Score (NPS)" && cached === null) cached = (row.getCell(2).value as { result?: unknown }).result;
    });
    expect(cached).toEqual({ error: "#DIV/0!" });
  }, 120_000);
});
