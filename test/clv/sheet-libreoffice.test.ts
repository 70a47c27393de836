// Issue 8, "What must be shown" 4 (the part that needs no writer): the CLV sheet of the CDNOW
// log in its portable mode, written as a workbook and recalculated by LibreOffice, gives the
// values the plan cached in every formula cell (P(alive), spend, CLV from its parts, totals,
// deciles). LibreOffice keeps 15 significant digits.
import { planClvSheet } from "../../src/clv/sheet";
import { isKpiError } from "../../src/kpi/errors";
import type { FormulaCell } from "../../src/scorecard/types";
import { type CellInput, disposeLibreOffice, evaluateWithLibreOffice, libreOfficeAvailable } from "../helpers/libreoffice";
import { cdnowSheetInput, haveData } from "./cdnow";

const run = libreOfficeAvailable() && haveData ? describe : describe.skip;
if (!libreOfficeAvailable() && process.env.CI) throw new Error("LibreOffice (soffice) is required in CI for the CLV sheet test");

afterAll(async () => {
  await disposeLibreOffice();
});

run("the CLV sheet recalculated by LibreOffice", () => {
  it("shows in every formula cell the value the plan cached", async () => {
    const plan = planClvSheet(cdnowSheetInput({ mode: "portable" }));
    if (isKpiError(plan)) throw new Error(plan.message);
    const grid: CellInput[][] = [];
    const formulas: [number, number, FormulaCell][] = [];
    for (const block of plan.blocks) {
      block.cells.forEach((cells, r) =>
        cells.forEach((cell, c) => {
          const [row, col] = [block.row + r, block.col + c];
          while (grid.length <= row) grid.push([]);
          if (cell !== null && typeof cell === "object") {
            expect(cell.formula).not.toContain("KPI.");
            grid[row][col] = { formula: cell.formula };
            formulas.push([row, col, cell]);
          } else {
            grid[row][col] = cell;
          }
        }),
      );
    }
    const width = Math.max(...grid.map((row) => row.length));
    const dense = grid.map((row) => Array.from({ length: width }, (_, c) => row[c] ?? null));
    const sheets = await evaluateWithLibreOffice({ CLV: dense });
    const values = sheets.CLV;
    expect(formulas.length).toBeGreaterThan(3 * 2357);
    const off: string[] = [];
    for (const [row, col, cell] of formulas) {
      const got = values[row]?.[col];
      const want = cell.value as number;
      if (typeof got !== "number" || Math.abs(got - want) > 1e-9 * Math.max(1, Math.abs(want))) off.push(`${cell.formula}: ${got} vs ${want}`);
    }
    expect(off.slice(0, 5)).toEqual([]);
  });
});
