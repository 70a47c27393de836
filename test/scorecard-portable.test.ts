// Portable mode cross-checked against live mode: the same spec planned both ways, the
// portable plan written to .xlsx by the exceljs writer (src/xlsx) and recalculated by
// LibreOffice, gives in every KPI cell the value that the live plan's KPI.* formula has
// (the value the core computes, which the KPI functions return in Excel).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isKpiError } from "../src/kpi";
import { planScorecard } from "../src/scorecard/plan";
import type { FormulaCell, PlanCell, ScorecardPlan, ScorecardSpec } from "../src/scorecard/types";
import { writeScorecardXlsx } from "../src/xlsx/writer";
import { disposeLibreOffice, libreOfficeAvailable, recalculate, type CellValue } from "./helpers/libreoffice";
import { compareWithCache } from "./helpers/recalculated";
import { wideSpec, wideSurvey } from "./helpers/surveyData";

const describeLO = libreOfficeAvailable() ? describe : describe.skip;
const BUILT_AT = new Date("2025-03-01T09:00:00Z");

const isFormula = (c: PlanCell): c is FormulaCell => typeof c === "object" && c !== null;

/** Every formula cell of a plan by position. */
function formulaCells(plan: ScorecardPlan): Map<string, FormulaCell> {
  const out = new Map<string, FormulaCell>();
  for (const b of plan.blocks) {
    b.cells.forEach((row, r) => row.forEach((c, k) => isFormula(c) && out.set(`${b.row + r},${b.col + k}`, c)));
  }
  return out;
}

describeLO("portable mode against live mode (LibreOffice)", () => {
  let dir: string;
  let live: ScorecardPlan;
  let portable: ScorecardPlan;
  let sheet: CellValue[][];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kpi-portable-"));
    const data = wideSurvey(4, 6, 5);
    const plan = (mode: ScorecardSpec["mode"]) => {
      const p = planScorecard({ spec: wideSpec(data.rows.length, mode), data, existingSheets: ["Survey"], builtAt: BUILT_AT });
      if (isKpiError(p)) throw new Error(p.message);
      return p;
    };
    live = plan("live");
    portable = plan("portable");
    expect(portable.extent).toEqual(live.extent);
    const path = join(dir, "portable.xlsx");
    await writeScorecardXlsx(portable, { name: "Survey", table: data, dateColumns: [9] }, { path, created: BUILT_AT });
    sheet = (await recalculate(path))["KPI Scorecard"];
  }, 240_000);

  afterAll(async () => {
    await disposeLibreOffice();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // Live segment and period cells read the native statistics too (a mask handed to a KPI.*
  // function is read as one row by Excel without dynamic arrays): the KPI.* cells are the
  // whole-sample values and the derived cells.
  it("gives every KPI cell the value of the live formula", () => {
    const kpiCells = [...formulaCells(live)].filter(([, c]) => c.formula.includes("KPI."));
    expect(kpiCells.length).toBeGreaterThan(20);
    const mismatches: string[] = [];
    let compared = 0;
    for (const [key, cell] of kpiCells) {
      const [r, c] = key.split(",").map(Number);
      const got = sheet[r]?.[c] ?? null;
      const want = cell.value;
      if (typeof want === "number") {
        compared++;
        if (typeof got !== "number" || Math.abs(got - want) > 1e-9 * Math.max(1, Math.abs(want))) mismatches.push(`${key} ${cell.formula}: ${got} != ${want}`);
      } else if (want !== null && typeof want === "object") {
        // The live formula gives an error there; portable must not give a number.
        if (typeof got === "number") mismatches.push(`${key} ${cell.formula}: ${got}, live gives ${want.error}`);
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    // Most KPI cells hold numbers; the rest are PROGRESS cells left "" without a baseline.
    expect(compared).toBeGreaterThan(10);
  });

  it("agrees on the status labels and the other derived cells", () => {
    const noteCol = sheet.find((row) => row[0] === "KPI")?.indexOf("Note") ?? -1; // the note says which mode computed the value
    let compared = 0;
    for (const [key, cell] of formulaCells(live)) {
      if (cell.formula.includes("KPI.")) continue;
      const [r, c] = key.split(",").map(Number);
      if (c === noteCol) continue;
      const got = sheet[r]?.[c] ?? null;
      if (typeof cell.value === "number") {
        expect({ key, ok: typeof got === "number" && Math.abs(got - cell.value) <= 1e-9 * Math.max(1, Math.abs(cell.value)) }).toEqual({ key, ok: true });
        compared++;
      } else if (typeof cell.value === "string") {
        expect({ key, got: got ?? "" }).toEqual({ key, got: cell.value });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it("recalculates every formula cell to the value the add-in cached: statistics, intervals, p-values, BH and marks", () => {
    const c = compareWithCache(portable, sheet);
    expect(c.mismatches).toEqual([]);
    // Statistics, values, intervals, comparisons: hundreds of numbers; marks and statuses as text.
    expect(c.numbers).toBeGreaterThan(500);
    expect(c.texts).toBeGreaterThan(50);
  });
});

