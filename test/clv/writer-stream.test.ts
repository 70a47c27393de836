// Issue 20, finding 16: a log of more than a sheet's customers stays within 2 GB. The CLV plan
// holds its per-customer table as rows made on request (never a million rows of cell objects),
// and the .xlsx writer makes each row once, as it reaches it, and lets go of what exceljs keeps
// of the rows written. These tests pin what the writer relies on; the memory itself is measured
// by the bench (scripts/bench/clv-cli.mjs, "1.2M customers").
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { clvBlocks, planClvSheet, type ClvSheetPlan } from "../../src/clv/sheet";
import { isKpiError } from "../../src/kpi/errors";
import type { FormulaCell, PlanCell } from "../../src/scorecard/types";
import { forgetWrittenFormulas, sheetBacklog, writeClvXlsx } from "../../src/xlsx/clvWriter";
import { cdnowSheetInput, describeWithData } from "./cdnow";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kpi-clv-stream-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWithData("the per-customer table of the CLV sheet, streamed", () => {
  let plan: ClvSheetPlan;
  beforeAll(() => {
    const p = planClvSheet(cdnowSheetInput({ mode: "portable", maxCustomerRows: 500 }));
    if (isKpiError(p)) throw new Error(p.message);
    plan = p;
  });

  it("is not among the plan's blocks of cells: its rows are made when asked", () => {
    expect(plan.blocks.some((b) => b.col === plan.table.col && b.row === plan.table.row)).toBe(false);
    expect(plan.table.rows).toBe(501);
    const all = clvBlocks(plan);
    expect(all).toHaveLength(plan.blocks.length + 1);
    const table = all[plan.table.blockIndex];
    expect(table.cells).toHaveLength(501);
    expect(table.cells[0][0]).toBe("Customer");
    // The first row below the header is the customer of the highest CLV.
    expect((table.cells[1][9] as FormulaCell).value).toBe(plan.customers[0].clv);
  });

  it("is written by the .xlsx writer one row at a time, each made once and in order, into the cells clvBlocks shows", async () => {
    const asked: number[] = [];
    const counted: ClvSheetPlan = { ...plan, table: { ...plan.table, rowAt: (i) => (asked.push(i), plan.table.rowAt(i)) } };
    const path = join(dir, "streamed.xlsx");
    await writeClvXlsx(counted, { path });
    expect(asked).toEqual(Array.from({ length: 501 }, (_, i) => i));

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const ws = book.getWorksheet(plan.sheetName)!;
    const table = clvBlocks(plan)[plan.table.blockIndex];
    for (const r of [0, 1, 2, 250, 500]) {
      table.cells[r].forEach((cell: PlanCell, j) => {
        const written = ws.getCell(r + 1, plan.table.col + j + 1);
        if (typeof cell === "object" && cell !== null && "formula" in cell) {
          expect(`=${(written.value as ExcelJS.CellFormulaValue).formula}`).toBe(cell.formula);
          expect((written.value as ExcelJS.CellFormulaValue).result).toBe(cell.value);
        } else if (cell !== "") expect(written.value).toBe(cell);
        if (r > 0 && j > 0 && j < 10) expect(written.numFmt).toBe(table.numberFormats[r][j]);
      });
    }
    // Nothing of the table past its last row.
    expect(ws.getCell(503, plan.table.col + 1).value).toBeNull();
  });
});

describe("exceljs' streaming sheet writer, as the CLV writer reaches into it", () => {
  it("keeps each formula cell written by address, which the writer can let go; and shows what the zip has not yet taken", async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: join(dir, "probe.xlsx"), useStyles: true, useSharedStrings: true });
    const ws = wb.addWorksheet("probe");
    for (let r = 1; r <= 3; r++) {
      ws.getRow(r).getCell(1).value = { formula: `${r}+1`, result: r + 1 } as ExcelJS.CellFormulaValue;
      ws.getRow(r).commit();
    }
    const kept = (ws as unknown as { _formulae: Record<string, unknown> })._formulae;
    // What the writer lets go: exceljs keeps the formula cells it wrote (if this fails, exceljs
    // changed and a million-row sheet may again hold every formula in memory).
    expect(Object.keys(kept)).toEqual(["A1", "A2", "A3"]);
    expect(forgetWrittenFormulas(ws)).toBe(true);
    expect(Object.keys((ws as unknown as { _formulae: Record<string, unknown> })._formulae)).toEqual([]);
    // The backlog is a count of bytes (undefined would mean the writer no longer waits for the zip).
    expect(typeof sheetBacklog(ws)).toBe("number");
    await (ws as ExcelJS.Worksheet & { commit(): Promise<void> }).commit();
    await wb.commit();
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(join(dir, "probe.xlsx"));
    expect((back.getWorksheet("probe")!.getCell("A3").value as ExcelJS.CellFormulaValue).formula).toBe("3+1");
  });
});
