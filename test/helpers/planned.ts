/**
 * Small helpers of the scorecard tests: a plan of a spec over a data table (the data on sheet
 * "Data"), the spec of a table's columns, and the plan's cells by A1 address.
 */
import { isKpiError } from "../../src/kpi";
import { cellAddress } from "../../src/scorecard/a1";
import { planScorecard, type PlanInput } from "../../src/scorecard/plan";
import type { PlanBlock, ColumnMapping, DataTable, FormulaCell, PlanCell, ScorecardPlan, ScorecardSpec } from "../../src/scorecard/types";

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

/** The statistics table's short headers, by the names the tests read them by. */
const LONG_NAMES: Readonly<Record<string, string>> = {
  "Diff.": "Difference", "Diff. 95% low": "Difference 95% low", "Diff. 95% high": "Difference 95% high",
  "MDD (80% power)": "Detectable (80% power)", "Adj. p (BH)": "Adjusted p (BH)",
};

/**
 * A row of the statistics table by its KPI's title and its group label ("All", "Region: North",
 * "2025-03"; the row's label adds what it is compared with), as its cells keyed by the table's
 * headers ("Value", "p-value", "Adjusted p (BH)" for "Adj. p (BH)", a statistic's name, and
 * "Statistic 1", ... in their order), across the section's panels, with the A1 address and the
 * number format of each: a header's column depends on the panel it falls in.
 */
export function statsRow(p: ScorecardPlan, title: string, group: string): Record<string, PlanCell> & { readonly at: Record<string, string>; readonly formats: Record<string, string> } {
  const rowBlocks = new Map<number, PlanBlock>();
  for (const b of p.blocks) if (b.col === 0 && b.cells.length === 1) rowBlocks.set(b.row, b);
  const tableTop = p.blocks.find((b) => b.col === 0 && typeof b.cells[0][0] === "string" && b.cells[0][0].startsWith("Statistics behind every number"));
  if (!tableTop) throw new Error("no statistics table");
  const sectionRow = [...rowBlocks.values()].filter((b) => b.row > tableTop.row && b.cells[0][0] === title && rowBlocks.get(b.row + 1)?.cells[0][0] === "Group (compared with)").map((b) => b.row)[0];
  if (sectionRow === undefined) throw new Error(`no statistics of ${title}`);
  const out: Record<string, PlanCell> = {};
  const at: Record<string, string> = {};
  const formats: Record<string, string> = {};
  let found = false;
  let statistic = 0;
  // Each panel: its header row, then its rows of groups (one block), until the next section's title.
  for (let row = sectionRow + 1; ; ) {
    const header = rowBlocks.get(row);
    const continued = header?.cells[0][0] === "Group (compared with)" || header?.cells[0][0] === `${title} (continued)`;
    if (!header || !continued) break;
    const groups = p.blocks.find((b) => b.row === row + 1 && b.col === 0);
    if (!groups) break;
    const r = groups.cells.findIndex((cells) => cells[0] === group || (typeof cells[0] === "string" && cells[0].startsWith(`${group} vs `)));
    if (r < 0) throw new Error(`no statistics row for ${title} / ${group}`);
    found = true;
    header.cells[0].forEach((h, k) => {
      if (typeof h !== "string") return;
      const name = h.replace(/-\n/g, "").replace(/\n/g, " ");
      const keys = k === 0 ? [name] : [name, ...(LONG_NAMES[name] ? [LONG_NAMES[name]] : [])];
      if (k > 0 && !(name in LONG_NAMES) && !["Value", "n", "95% low", "95% high", "Its value", "Its n", "p-value", "Mark"].includes(name)) keys.push(`Statistic ${++statistic}`);
      for (const key of keys) {
        if (k === 0 && key !== "Group (compared with)") continue;
        out[key] = groups.cells[r][k] ?? null;
        at[key] = cellAddress(groups.row + r, k);
        formats[key] = groups.numberFormats[r]?.[k] ?? "General";
      }
    });
    row = groups.row + groups.cells.length;
  }
  if (!found) throw new Error(`no statistics row for ${title} / ${group}`);
  return Object.assign(out, { at, formats });
}
