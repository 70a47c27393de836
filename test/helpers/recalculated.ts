/**
 * A scorecard plan written by the .xlsx writer and recalculated by LibreOffice, and the check
 * that every formula cell came back with the value the add-in cached. Shared by the tests that
 * hold the portable sheet to the add-in cell for cell.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { cellAddress } from "../../src/scorecard/a1";
import type { DataTable, FormulaCell, PlanCell, ScorecardPlan } from "../../src/scorecard/types";
import { writeScorecardXlsx } from "../../src/xlsx/writer";
import { recalculate, type CellValue } from "./libreoffice";

const isFormula = (c: PlanCell): c is FormulaCell => typeof c === "object" && c !== null;

/**
 * The scorecard sheet of `plan` (with its data sheet) as LibreOffice recalculates it on load;
 * with `edits`, after those cells of the scorecard sheet are set (as a user types in them).
 */
export async function recalculatedScorecard(
  plan: ScorecardPlan,
  data: { name: string; table: DataTable; dateColumns: number[] },
  edits: Readonly<Record<string, number | string>> = {},
): Promise<CellValue[][]> {
  const dir = mkdtempSync(join(tmpdir(), "kpi-recalc-"));
  try {
    const path = join(dir, "scorecard.xlsx");
    await writeScorecardXlsx(plan, data, { path, created: new Date("2026-11-30T09:00:00Z") });
    if (Object.keys(edits).length > 0) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(path);
      const sheet = book.getWorksheet(plan.sheetName);
      if (!sheet) throw new Error(`no sheet ${plan.sheetName}`);
      for (const [address, value] of Object.entries(edits)) sheet.getCell(address).value = value;
      await book.xlsx.writeFile(path);
    }
    return (await recalculate(path))[plan.sheetName];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface CachedComparison {
  /** Formula cells whose recalculated value is not the cached one (the first 12). */
  readonly mismatches: string[];
  readonly numbers: number;
  readonly texts: number;
  readonly errors: number;
}

/** Compares every formula cell: numbers within 1e-9 relative, texts equal, error codes equal. */
export function compareWithCache(plan: Pick<ScorecardPlan, "blocks">, sheet: CellValue[][]): CachedComparison {
  const mismatches: string[] = [];
  const counts = { numbers: 0, texts: 0, errors: 0 };
  for (const b of plan.blocks) {
    b.cells.forEach((row, r) => row.forEach((cell, k) => {
      if (!isFormula(cell)) return;
      const got = sheet[b.row + r]?.[b.col + k] ?? null;
      const want = cell.value;
      const at = `${cellAddress(b.row + r, b.col + k)} ${cell.formula.slice(0, 100)}`;
      if (typeof want === "number") {
        counts.numbers++;
        if (typeof got !== "number" || Math.abs(got - want) > 1e-9 * Math.max(1, Math.abs(want))) mismatches.push(`${at}: ${got} != ${want}`);
      } else if (typeof want === "string") {
        counts.texts++;
        if ((got ?? "") !== want) mismatches.push(`${at}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
      } else if (want !== null && typeof want === "object") {
        counts.errors++;
        if (got !== want.error) mismatches.push(`${at}: ${JSON.stringify(got)}, the add-in gives ${want.error}`);
      }
    }));
  }
  return { mismatches: mismatches.slice(0, 12), ...counts };
}
