/**
 * How the CPI is made: a row per component (its worst, best and weight are the user's cells;
 * its score per group reads its value on the sheet with KPI.SCALE or the native formula), then
 * the index (KPI.CPI, or the weighted mean) and its n, the smallest of its components'. The
 * groups sit in the columns from E on that are not hidden, under bare group labels.
 */
import { cellAddress } from "../a1";
import { indexFormula, scoreFormula, smallestNFormula } from "../composite";
import type { ScorecardModel } from "../model";
import type { KpiRow } from "../rows";
import type { PlanCell } from "../types";
import { isKpiError } from "../../kpi";
import { cached, cellsOf, f, type Layouter } from "./block";
import { C, fit } from "./kpiTable";
import type { Places } from "./places";

export interface CpiAnchors {
  /** The index's cell in group g (absolute). */
  index(g: number): string;
  /** The index's n cell in group g (absolute). */
  n(g: number): string;
}

// Columns of the CPI block: component, worst, best, weight, then a score per group.
const CP = { worst: 1, best: 2, weight: 3, firstGroup: 4 } as const;

/** The columns of the groups: from E on, skipping the hidden ones. */
function groupColumns(m: ScorecardModel, hidden: readonly number[]): number[] {
  const cols: number[] = [];
  for (let k = CP.firstGroup; cols.length < m.groups.count; k++) if (!hidden.includes(k)) cols.push(k);
  return cols;
}

/** A row of the block: its first four cells, then one per group at that group's column. */
function row<T>(cols: readonly number[], first: readonly T[], perGroup: (g: number) => T, blank: T): T[] {
  const width = cols[cols.length - 1] + 1;
  const out: T[] = [...first, ...Array.from({ length: width - first.length }, () => blank)];
  cols.forEach((col, g) => (out[col] = perGroup(g)));
  return out;
}

function header(m: ScorecardModel, cols: readonly number[]): PlanCell[] {
  const segCount = m.groups.segments.length;
  return row<PlanCell>(cols, ["Component", "Worst (0)", "Best (100)", "Weight"],
    (g) => (g === 0 ? "All" : g <= segCount ? m.groups.segments[g - 1].label : m.groups.periods[g - 1 - segCount].label), null);
}

/** The CPI's n cell of a group wherever the sheet shows it (null when no component has an n). */
export function cpiNCell(m: ScorecardModel, at: Places, g: number): PlanCell {
  return m.cpi.fromRows ? cellsOf(m).numberOr(m.cpi.ns[g], `=${at.cpi.n(g)}`) : null;
}

const present = (m: ScorecardModel) => m.rows.composite.length > 0;

export const cpi: Layouter<"cpi"> = {
  name: "cpi",
  // Wide enough for each header on one line (wrapped beyond 28 characters).
  widths: (m, hidden) => (present(m) ? header(m, groupColumns(m, hidden)).map((h) => fit(10, typeof h === "string" ? h : "")) : []),
  // A title, a header, a row per component, the index and its n, a blank row.
  height: (m) => (present(m) ? m.cpi.components.length + 5 : 0),
  anchors(m, top, columns) {
    const cols = groupColumns(m, columns.hidden);
    const indexRow = top + 2 + m.cpi.components.length;
    return { index: (g) => cellAddress(indexRow, cols[g], true), n: (g) => cellAddress(indexRow + 1, cols[g], true) };
  },
  render(m, top, at, columns, out) {
    if (!present(m)) return;
    const { mode } = m;
    const { valueCell, numberOr } = cellsOf(m);
    const components = m.cpi.components;
    const cols = groupColumns(m, columns.hidden);
    const width = cols[cols.length - 1] + 1;
    const first = top + 2;
    const indexRow = first + components.length;
    const segCount = m.groups.segments.length;
    const cell = (r: number, col: number) => cellAddress(r, col, true);
    const column = (col: number) => `${cell(first, col)}:${cell(indexRow - 1, col)}`;
    // Where each component's value and n of a group sit on the sheet (null: it has none there).
    const componentRefs = (r: KpiRow, g: number): { value: string; n: string | null } | null => {
      const tableRow = at.kpiTable.rowOf(r);
      if (g === 0) return { value: cellAddress(tableRow, C.value, true), n: r.kind === "sample" ? cellAddress(tableRow, C.n, true) : null };
      if (r.kind !== "sample") return null;
      if (g <= segCount) return { value: cellAddress(tableRow, C.firstSegment + g - 1, true), n: cellAddress(at.segmentMarks.nRowOf(r), C.firstSegment + g - 1, true) };
      const col = 1 + (g - 1 - segCount);
      return { value: cellAddress(at.trend.rowOf(r), col, true), n: cellAddress(at.trend.nRowOf(r), col, true) };
    };

    // Worst, best and weight are the user's cells; scores and index read them.
    out.block(top, 0, [["How the CPI is made: each KPI placed on 0..100 between its worst (scores 0) and best (scores 100) with KPI.SCALE, then the weighted mean (KPI.CPI). Change a worst, best or weight and the index and its band follow."]]);
    out.block(top + 1, 0, [header(m, cols)]);
    out.style({ range: { row: top, col: 0, rows: 1, cols: 1 }, bold: true });
    // Headers right-aligned over their numbers, as the trend block's: a group's score may sit in a
    // wide column (Status, Note), where a left-aligned header would stand far from its number.
    const headerStyle = { bold: true, fill: "#1F4E79", fontColor: "#FFFFFF", wrap: true } as const;
    out.style({ range: { row: top + 1, col: 0, rows: 1, cols: 1 }, ...headerStyle });
    out.style({ range: { row: top + 1, col: 1, rows: 1, cols: width - 1 }, ...headerStyle, horizontal: "right" });
    const live = mode === "live";
    const table: PlanCell[][] = components.map((c, k) => {
      const r = first + k;
      return row<PlanCell>(cols, [c.row.title, c.worst, c.best, c.weight], (g) => {
        const refs = componentRefs(c.row, g);
        const score = m.cpi.scores[k][g];
        if (mode === "values" || refs === null) return score === null ? null : isKpiError(score) ? `${score.code} ${score.message}` : score;
        return f(scoreFormula(live, refs.value, cell(r, CP.worst), cell(r, CP.best)), score === null ? "" : cached(score));
      }, null);
    });
    const weightSum = m.cpi.weights.reduce((x, y) => x + y, 0);
    const indexCells = row<PlanCell>(cols, ["Customer Performance Index (CPI)", null, null, mode === "values" ? weightSum : f(`=SUM(${column(CP.weight)})`, weightSum)],
      (g) => valueCell(`=${indexFormula(live, column(cols[g]), column(CP.weight))}`, m.cpi.values[g]), null);
    const nCells = row<PlanCell>(cols, ["n (the smallest of its components)", null, null, null], (g) => {
      const pairs = components.flatMap((c, k) => {
        const refs = componentRefs(c.row, g);
        return refs?.n ? [{ score: cell(first + k, cols[g]), n: refs.n }] : [];
      });
      return pairs.length === 0 ? null : numberOr(m.cpi.ns[g], `=${smallestNFormula(pairs)}`);
    }, null);
    const fmtOf = (c: { row: KpiRow }) => c.row.meta.numberFormat;
    out.block(first, 0, [...table, indexCells, nCells], [
      ...components.map((c) => row(cols, ["General", fmtOf(c), fmtOf(c), "General"], () => "0.0", "General")),
      row(cols, ["General", "General", "General", "General"], () => "0.0", "General"),
      row(cols, ["General", "General", "General", "General"], () => "#,##0", "General"),
    ]);
    out.style({ range: { row: first, col: CP.worst, rows: components.length, cols: 3 }, fill: "#FFF2CC", bold: true });
    out.style({ range: { row: indexRow, col: 0, rows: 1, cols: width }, bold: true, borderBottom: true });
  },
};
