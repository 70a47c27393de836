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

/**
 * A row of the statistics table by its KPI's title and its group label ("All", "Region: North",
 * "2025-03"; the row's label adds what it is compared with), as its cells keyed by the table's headers ("Value", "p-value", "Adjusted p (BH)",
 * "Statistic 1", ...), with the A1 address of each: the table lies on the sheet's shown columns,
 * so a header's column depends on what the KPI table hides.
 */
export function statsRow(p: ScorecardPlan, title: string, group: string): Record<string, PlanCell> & { readonly at: Record<string, string> } {
  const header = p.blocks.find((b) => b.cells.length === 1 && b.cells[0][0] === "Group (compared with)" && b.cells[0].includes("Adjusted p (BH)"));
  if (!header) throw new Error("no statistics table");
  const titleRow = p.blocks.find((b) => b.row > header.row && b.cells.length === 1 && b.cells[0][0] === title && b.cells[0].includes("statistics:"));
  if (!titleRow) throw new Error(`no statistics of ${title}`);
  const groups = p.blocks.find((b) => b.row === titleRow.row + 1 && b.col === 0);
  // A compared group reads "Region: North vs the rest", "2025-03 vs 2025-02".
  const r = groups?.cells.findIndex((row) => row[0] === group || (typeof row[0] === "string" && row[0].startsWith(`${group} vs `))) ?? -1;
  if (!groups || r < 0) throw new Error(`no statistics row for ${title} / ${group}`);
  const out: Record<string, PlanCell> = {};
  const at: Record<string, string> = {};
  header.cells[0].forEach((h, k) => {
    if (typeof h !== "string") return;
    out[h] = groups.cells[r][k] ?? null;
    at[h] = cellAddress(groups.row + r, k);
  });
  return Object.assign(out, { at });
}
