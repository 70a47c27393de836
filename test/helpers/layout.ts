/**
 * Where a plan puts things, found as a reader finds them: by the KPI table's header names, the
 * segment and period labels of the panels' header rows, and the titles in column A. So the
 * tests read the sheet by what it says, not by column letters that move with the layout.
 */
import { cellAddress } from "../../src/scorecard/a1";
import type { PlanBlock, PlanCell, ScorecardPlan } from "../../src/scorecard/types";

type Plan = Pick<ScorecardPlan, "blocks">;

/** A block's cell at a 0-based row and column of the sheet, or undefined. */
function at(p: Plan, row: number, col: number): PlanCell | undefined {
  for (const b of p.blocks) {
    if (row >= b.row && row < b.row + b.cells.length && col >= b.col && col < b.col + b.cells[0].length) return b.cells[row - b.row][col - b.col];
  }
  return undefined;
}

/** Header rows whose first cell matches, in sheet order: [row, the row's cells from column A]. */
function headerRows(p: Plan, first: (text: string) => boolean): { row: number; cells: readonly PlanCell[] }[] {
  return p.blocks
    .filter((b: PlanBlock) => b.col === 0 && typeof b.cells[0][0] === "string" && first(b.cells[0][0]))
    .map((b) => ({ row: b.row, cells: b.cells[0] }))
    .sort((x, y) => x.row - y.row);
}

/** The first row at or after `from` whose column A starts with `title`. */
export function rowTitled(p: Plan, title: string, from = 0): number {
  const rows = p.blocks.flatMap((b) => (b.col === 0 ? b.cells.map((r, k) => ({ row: b.row + k, text: r[0] })) : []));
  const hit = rows.filter((x) => x.row >= from && typeof x.text === "string" && x.text.startsWith(title)).sort((x, y) => x.row - y.row)[0];
  if (!hit) throw new Error(`no row titled ${title} from row ${from + 1}`);
  return hit.row;
}

/** The KPI table's cell of a KPI (by the start of its title) under a header ("Value", "Status", "Target date"), in whichever panel holds it. */
export function kpiCell(p: Plan, title: string, header: string): { row: number; col: number; address: string } {
  for (const h of headerRows(p, (t) => t === "KPI")) {
    const col = h.cells.indexOf(header);
    if (col < 0) continue;
    const row = rowTitled(p, title, h.row + 1);
    return { row, col, address: cellAddress(row, col) };
  }
  throw new Error(`no KPI table column ${header}`);
}

/**
 * A panel's cell (segments: "By Region", "n by Region"; trend: "Trend by", "n by month") of a KPI
 * under a label. The segments' n stand beside their values, under an "n" header: "n by Region"
 * finds the cell after the value's where no panel has that heading.
 */
export function panelCell(p: Plan, heading: string, title: string, label: string): { row: number; col: number; address: string } {
  const beside = /^n by /.test(heading) && headerRows(p, (t) => t.startsWith(heading)).length === 0;
  const looked = beside ? `B${heading.slice(3)}` : heading;
  for (const h of headerRows(p, (t) => t.startsWith(looked))) {
    const found = h.cells.indexOf(label);
    if (found <= 0) continue;
    if (beside && h.cells[found + 1] !== "n") throw new Error(`no n beside ${label} in ${looked}`);
    const col = beside ? found + 1 : found;
    const row = rowTitled(p, title, h.row + 1);
    return { row, col, address: cellAddress(row, col) };
  }
  throw new Error(`no panel ${heading} with ${label}`);
}

/** The cell itself at a position found above. */
export const cellAt = (p: Plan, where: { row: number; col: number }): PlanCell | undefined => at(p, where.row, where.col);

/** A panel's labels, across its panels in order (the segments of "By Region", the periods of "Trend by"). */
export function panelLabels(p: Plan, heading: string): string[] {
  return headerRows(p, (t) => t.startsWith(heading)).flatMap((h) => h.cells.slice(1).filter((c): c is string => typeof c === "string" && c !== "n"));
}

/** The titles in column A of a panel (the rows under its header, up to the first blank row). */
export function panelTitles(p: Plan, heading: string): string[] {
  const h = headerRows(p, (t) => t.startsWith(heading))[0] ?? (/^n by /.test(heading) ? headerRows(p, (t) => t.startsWith(`B${heading.slice(3)}`))[0] : undefined);
  if (!h) throw new Error(`no panel ${heading}`);
  const out: string[] = [];
  for (let row = h.row + 1; ; row++) {
    const t = at(p, row, 0);
    if (typeof t !== "string" || t === "") return out;
    out.push(t);
  }
}

/** The notes under the KPI table as one text (their wrapped lines joined). */
export function notesText(p: Plan): string {
  return panelTitles(p, "Notes").join(" ");
}
