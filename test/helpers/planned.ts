/**
 * Small helpers of the scorecard tests: a plan of a spec over a data table (the data on sheet
 * "Data"), the spec of a table's columns, and the plan's cells by A1 address.
 */
import { isKpiError } from "../../src/kpi";
import { cellAddress } from "../../src/scorecard/a1";
import { planScorecard, type PlanInput } from "../../src/scorecard/plan";
import type { ColumnMapping, DataTable, FormulaCell, PlanCell, ScorecardPlan, ScorecardSpec } from "../../src/scorecard/types";

/** The plan of a spec over data on sheet "Data", or a thrown error with the planner's message. */
export function planOf(spec: ScorecardSpec, data: DataTable, builtAt: Date, extra: Partial<PlanInput> = {}): ScorecardPlan {
  const p = planScorecard({ spec, data, existingSheets: ["Data"], builtAt, ...extra });
  if (isKpiError(p)) throw new Error(p.message);
  return p;
}

/** A portable, monthly spec of the whole table on sheet "Data" with these columns. */
export function specOf(data: DataTable, columns: ColumnMapping[], overrides: Partial<ScorecardSpec> = {}): ScorecardSpec {
  const last = String.fromCharCode(64 + data.headers.length);
  return { version: 1, source: { sheet: "Data", address: `A1:${last}${data.rows.length + 1}` }, columns, aggregates: {}, kpis: {}, mode: "portable", trend: "month", ...overrides };
}

/** Every written cell by A1 address. */
export function cells(p: ScorecardPlan): Map<string, PlanCell> {
  const out = new Map<string, PlanCell>();
  for (const b of p.blocks) b.cells.forEach((row, r) => row.forEach((c, k) => out.set(cellAddress(b.row + r, b.col + k), c)));
  return out;
}

/** A cell's value: the cached value of a formula, the cell itself otherwise. */
export const valueOf = (c: PlanCell | undefined): unknown => (c !== null && typeof c === "object" ? (c as FormulaCell).value : c);
