/**
 * How the CPI is made: a row per component (its worst, best and weight are the user's cells;
 * its score per group reads its value on the sheet with KPI.SCALE or the native formula), then
 * the index (KPI.CPI, or the weighted mean) and its n, the smallest of its components'. The
 * groups sit in the columns from E on that are not hidden, under bare group labels.
 */
import { cellAddress } from "../a1";
import { type BoundTerm, boundFormula, indexFormula, slopeFormula, scoreFormula, smallestNFormula } from "../composite";
import { CONFIDENCE, type ScorecardModel } from "../model";
import type { KpiRow } from "../rows";
import type { PlanCell } from "../types";
import { isKpiError } from "../../kpi";
import { cached, cellsOf, type Columns, f, HEADER_FILL, type Layouter, PANEL_WIDTH, panels, LINE_CHARS, LINE_POINTS, linesOf, P_VALUES_SIDE, sideColumn, wrapText } from "./block";
import { columnPoints, pagePoints } from "../print";
import type { Places } from "./places";
import { S } from "./statistics";

export interface CpiAnchors {
  /** The index's cell in group g (absolute). */
  index(g: number): string;
  /** The index's n cell in group g (absolute). */
  n(g: number): string;
  /** The index's conservative low and high cells in group g (absolute; composite.ts, intervalOf). */
  low(g: number): string;
  high(g: number): string;
}

// Columns of the CPI block: component, worst, best, weight, then a score per group.
const CP = { worst: 1, best: 2, weight: 3, firstGroup: 4 } as const;

/** The sheet columns of the groups, panel by panel: from E on in the first (after worst, best and weight), from B on in the others, skipping the hidden ones, as many to a panel as the page is wide. */
function groupPanels(m: ScorecardModel, columns: Columns): number[][] {
  return panels(columns, CP.firstGroup, m.groups.count, pagePoints("landscape").width, columnPoints, { restFirst: 1 });
}

/** A row of a panel: its first four cells, then one per group at that group's column. */
function row<T>(cols: readonly number[], first: readonly T[], perGroup: (k: number) => T, blank: T): T[] {
  const width = cols[cols.length - 1] + 1;
  const out: T[] = [...first, ...Array.from({ length: width - first.length }, () => blank)];
  cols.forEach((col, k) => (out[col] = perGroup(k)));
  return out;
}

function header(m: ScorecardModel, cols: readonly number[], g0: number, first: boolean): PlanCell[] {
  const segCount = m.groups.segments.length;
  const label = (g: number) => (g === 0 ? "All" : g <= segCount ? m.groups.segments[g - 1].label : m.groups.periods[g - 1 - segCount].label);
  return row<PlanCell>(cols, first ? ["Component", "Worst (0)", "Best (100)", "Weight"] : ["Component", null, null, null], (k) => label(g0 + k), null);
}

/** The CPI's n cell of a group wherever the sheet shows it (null when no component has an n). */
export function cpiNCell(m: ScorecardModel, at: Places, g: number): PlanCell {
  return m.cpi.fromRows ? cellsOf(m).numberOr(m.cpi.ns[g], `=${at.cpi.n(g)}`) : null;
}

const present = (m: ScorecardModel) => m.rows.composite.length > 0;

const TITLE = "How the CPI is made: each KPI placed on 0..100 between its worst (scores 0) and best (scores 100) with KPI.SCALE, then the weighted mean (KPI.CPI). Change a worst, best or weight and the index and its band follow.";
/** Labels of the interval's rows, and what its guarantee is (composite.ts, intervalOf), with k components. */
export const CPI_LOW = "Conservative low (see above)";
export const CPI_HIGH = "Conservative high";
export function intervalNote(k: number): string {
  const worst = k * 5 < 100 ? `at least ${100 - k * 5}% of the time with these ${k} components at worst (Bonferroni: 1 - k x 5%)` : `with ${k} components, no worst-case guarantee (Bonferroni: 1 - k x 5%)`;
  return `Its conservative interval: the index of its components' 95% low bounds and of their 95% high bounds, each placed on 0..100 as its value is (a KPI entered as a figure counts as exact). ` +
    `It holds the true CPI whenever every component's interval holds its KPI, whatever their correlation (they are measured on the same answers): so ${worst}, ` +
    `and at least 95% where the components' errors are close to normal and no score is clipped at 0 or 100 (the spread of a weighted sum is at most the weighted sum of the spreads). ` +
    `Not an exact 95% interval: usually wider than one. Shown overall and per period (the trend chart draws it), not per segment.`;
}
/** Rows of the title: its bold lines, then the interval's note. */
const titleRows = (m: ScorecardModel) => wrapText(TITLE, BOLD_LINE).length + wrapText(intervalNote(m.cpi.components.length)).length;
/** Characters of bold text a line holds (bold runs about a tenth wider). */
const BOLD_LINE = Math.floor(LINE_CHARS * 0.9);

/** Rows of a panel: its header, a row per component, the index, its n, its low and high, a blank row. */
const panelRows = (m: ScorecardModel) => m.cpi.components.length + 6;

export const cpi: Layouter<"cpi"> = {
  name: "cpi",
  widths: (m) => (present(m) ? [undefined, PANEL_WIDTH, PANEL_WIDTH, PANEL_WIDTH, ...Array.from({ length: m.groups.count }, () => PANEL_WIDTH)] : []),
  // A title, then the panels; a page may start at any panel but the first (the title stays with it).
  units: (m, columns) => (present(m) ? groupPanels(m, columns).slice(1).map((_, p) => titleRows(m) + (p + 1) * panelRows(m)) : []),
  height: (m, columns) => (present(m) ? titleRows(m) + groupPanels(m, columns).length * panelRows(m) : 0),
  anchors(m, top, columns) {
    const laid = present(m) ? groupPanels(m, columns) : [];
    const where = (g: number) => {
      let k = g;
      for (let p = 0; p < laid.length; p++) {
        if (k < laid[p].length) return { indexRow: top + titleRows(m) + 1 + p * panelRows(m) + m.cpi.components.length, col: laid[p][k] };
        k -= laid[p].length;
      }
      throw new Error(`group ${g} is outside the CPI's panels`);
    };
    const below = (rows: number) => (g: number) => cellAddress(where(g).indexRow + rows, where(g).col, true);
    return { index: below(0), n: below(1), low: below(2), high: below(3) };
  },
  render(m, top, at, columns, out) {
    if (!present(m)) return;
    const { mode } = m;
    const { valueCell, numberOr } = cellsOf(m);
    const components = m.cpi.components;
    const segCount = m.groups.segments.length;
    const cell = (r: number, col: number) => cellAddress(r, col, true);
    // The user's worst, best and weight cells, in the first panel.
    const userRow = (k: number) => top + titleRows(m) + 1 + k;
    const weights = `${cell(userRow(0), CP.weight)}:${cell(userRow(components.length - 1), CP.weight)}`;
    // Where each component's value and n of a group sit on the sheet (null: it has none there).
    const componentRefs = (r: KpiRow, g: number): { value: string; n: string | null } | null => {
      if (g === 0) return { value: at.kpiTable.cell(r, "value") as string, n: r.kind === "sample" ? (at.kpiTable.cell(r, "n") as string) : null };
      if (r.kind !== "sample") return null;
      if (g <= segCount) return { value: at.segments.valueCell(r, g), n: at.segments.nCell(r, g) };
      return { value: at.trend.valueCell(r, g - 1 - segCount), n: at.trend.nCell(r, g - 1 - segCount) };
    };

    // Worst, best and weight are the user's cells; scores and index read them.
    const boldLines = wrapText(TITLE, BOLD_LINE);
    out.block(top, 0, [...boldLines, ...wrapText(intervalNote(components.length))].map((line) => [line]));
    out.style({ range: { row: top, col: 0, rows: boldLines.length, cols: 1 }, bold: true });
    const live = mode === "live";
    const weightSum = m.cpi.weights.reduce((x, y) => x + y, 0);
    // Beside the sheet, on each component's row (the statistics table's helper columns, whose own rows lie below): its slope, which its scores and interval read.
    const side = sideColumn(columns) + P_VALUES_SIDE;
    const slopeCell = (k: number) => cell(userRow(k), side);
    if (mode !== "values") {
      const headerRow = top + titleRows(m);
      // Its label on the row above the components' header (whose printed labels end before the side).
      out.block(headerRow - 1, side, [["CPI slope: 100 / (best - worst)"]], undefined, false);
      out.block(headerRow + 1, side, components.map((c, k) => [f(slopeFormula(cell(userRow(k), CP.worst), cell(userRow(k), CP.best)), 100 / (c.best - c.worst))]), undefined, false);
    }
    let g0 = 0;
    groupPanels(m, columns).forEach((cols, p) => {
      const first = p === 0;
      const headerRow = top + titleRows(m) + p * panelRows(m);
      const width = cols[cols.length - 1] + 1;
      const firstRow = headerRow + 1;
      const indexRow = firstRow + components.length;
      const column = (col: number) => `${cell(firstRow, col)}:${cell(indexRow - 1, col)}`;
      out.block(headerRow, 0, [header(m, cols, g0, first)]);
      // Headers right-aligned over their numbers, as the trend's: a group's score may sit in a
      // wide column (Status), where a left-aligned header would stand far from its number.
      const headerStyle = { bold: true, ...HEADER_FILL, wrap: true } as const;
      out.style({ range: { row: headerRow, col: 0, rows: 1, cols: 1 }, ...headerStyle });
      out.style({ range: { row: headerRow, col: 1, rows: 1, cols: width - 1 }, ...headerStyle, horizontal: "right" });
      // As tall as its most wrapped label.
      const lines = Math.max(1, ...header(m, cols, g0, first).map((h, k) => (typeof h === "string" ? linesOf(h, columns.widths[k]) : 1)));
      if (lines > 1) out.rowHeights.push({ row: headerRow, points: Math.min(3, lines) * LINE_POINTS });
      const table: PlanCell[][] = components.map((c, k) => {
        return row<PlanCell>(cols, first ? [c.row.title, c.worst, c.best, c.weight] : [c.row.title, null, null, null], (j) => {
          const g = g0 + j;
          const refs = componentRefs(c.row, g);
          const score = m.cpi.scores[k][g];
          if (mode === "values" || refs === null) return score === null ? null : isKpiError(score) ? `${score.code} ${score.message}` : score;
          return f(scoreFormula(live, refs.value, cell(userRow(k), CP.worst), cell(userRow(k), CP.best), slopeCell(k)), score === null ? "" : cached(score));
        }, null);
      });
      const indexCells = row<PlanCell>(cols, ["Customer Performance Index (CPI)", null, null, first ? (mode === "values" ? weightSum : f(`=SUM(${weights})`, weightSum)) : null],
        (j) => valueCell(`=${indexFormula(live, column(cols[j]), weights)}`, m.cpi.values[g0 + j]), null);
      const nCells = row<PlanCell>(cols, ["n (the smallest of its components)", null, null, null], (j) => {
        const g = g0 + j;
        const pairs = components.flatMap((c, k) => {
          const refs = componentRefs(c.row, g);
          return refs?.n ? [{ score: cell(firstRow + k, cols[j]), n: refs.n }] : [];
        });
        return pairs.length === 0 ? null : numberOr(m.cpi.ns[g], `=${smallestNFormula(pairs)}`);
      }, null);
      // The conservative interval: each side the index of the components' scaled bounds on that side (composite.ts).
      const bounds = (side: "low" | "high", label: string) => row<PlanCell>(cols, [label, null, null, null], (j) => {
        const g = g0 + j;
        const v = m.cpi.intervals[g]?.[side === "low" ? 0 : 1] ?? null;
        // None per segment (model.ts says why).
        if (mode === "values" || (g >= 1 && g <= segCount)) return v;
        const terms: BoundTerm[] = [];
        for (const [k, c] of components.entries()) {
          const r = c.row;
          if (componentRefs(r, g) === null) continue;
          const none = r.kind === "sample" && r.model.intervalFormulas(at.statistics.refs(r, g), CONFIDENCE, g === 0) === null;
          const interval = r.kind !== "sample" ? "exact" : none ? "none" : { low: at.statistics.cell(r, g, S.low), high: at.statistics.cell(r, g, S.high) };
          terms.push({ score: cell(firstRow + k, cols[j]), worst: cell(userRow(k), CP.worst), weight: cell(userRow(k), CP.weight), slope: slopeCell(k), interval });
        }
        return terms.length === 0 ? null : f(boundFormula(side, cell(indexRow, cols[j]), column(cols[j]), weights, terms), v ?? "");
      }, null);
      const fmtOf = (c: { row: KpiRow }) => c.row.meta.numberFormat;
      out.block(firstRow, 0, [...table, indexCells, nCells, bounds("low", CPI_LOW), bounds("high", CPI_HIGH)], [
        ...components.map((c) => row(cols, ["General", fmtOf(c), fmtOf(c), "General"], () => "0.0", "General")),
        row(cols, ["General", "General", "General", "General"], () => "0.0", "General"),
        row(cols, ["General", "General", "General", "General"], () => "#,##0", "General"),
        row(cols, ["General", "General", "General", "General"], () => "0.0", "General"),
        row(cols, ["General", "General", "General", "General"], () => "0.0", "General"),
      ]);
      if (first) out.style({ range: { row: firstRow, col: CP.worst, rows: components.length, cols: 3 }, fill: "#FFF2CC", bold: true });
      out.style({ range: { row: indexRow, col: 0, rows: 1, cols: width }, bold: true, borderBottom: true });
      g0 += cols.length;
    });
  },
};
