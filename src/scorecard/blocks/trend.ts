/**
 * The trend: a row per sample KPI (and the CPI where it has an n) and a column per period, then
 * two blocks of the same shape, the n of each value and its mark against the period before. The
 * period columns run from B on and are never hidden: a hidden one would drop its period from
 * the print and the charts.
 */
import { cellAddress, columnLetter } from "../a1";
import type { ScorecardModel, TableRow } from "../model";
import { MARK_DOWN, MARK_UP } from "../model";
import type { PlanCell } from "../types";
import { isKpiError } from "../../kpi";
import { bandRules, cached, cellsOf, f, type Layouter } from "./block";
import { cpiNCell } from "./cpi";
import { C } from "./kpiTable";
import { S } from "./statistics";

export interface TrendAnchors {
  /** The row of period labels (0-based). */
  readonly titleRow: number;
  /** A row's values, its n and its marks (0-based rows; a period per column from B on). */
  rowOf(d: TableRow): number;
  nRowOf(d: TableRow): number;
  markRowOf(d: TableRow): number;
}

const count = (m: ScorecardModel) => m.rows.trend.length;
/** Whether a row of the block has a trend test: then a last column gives its change and mark. */
const tested = (m: ScorecardModel) => m.rows.samples.some((d) => m.trendOf(d) !== undefined);
/** Header of the column after the periods. */
export const TREND_HEADER = "Trend";

export const trend: Layouter<"trend"> = {
  name: "trend",
  shown: (m) => Array.from({ length: m.groups.periods.length + (tested(m) ? 2 : 1) }, (_, k) => k),
  height: (m) => (count(m) > 0 ? 3 * (count(m) + 2) : 0),
  anchors(m, top) {
    const step = count(m) + 2;
    const at = (d: TableRow) => 1 + m.rows.trend.indexOf(d);
    return { titleRow: top, rowOf: (d) => top + at(d), nRowOf: (d) => top + step + at(d), markRowOf: (d) => top + 2 * step + at(d) };
  },
  render(m, top, at, _columns, out) {
    const rows = m.rows.trend;
    if (rows.length === 0) return;
    const { mode, spec } = m;
    const periods = m.groups.periods;
    const segCount = m.groups.segments.length;
    const { numberOr } = cellsOf(m);
    const nTitle = top + rows.length + 2;
    const markTitle = nTitle + rows.length + 2;
    // After the periods, the trend test: the change along the fitted line, its n and its mark (trendTest.ts).
    const withTrend = tested(m);
    const periodHeader = [...periods.map((p) => p.label), ...(withTrend ? [TREND_HEADER] : [])];
    const width = periodHeader.length;
    out.block(top, 0, [[`Trend by ${spec.trend}`, ...periodHeader]]);
    out.block(nTitle, 0, [[`n by ${spec.trend} (below ${m.minN}: grey, not banded)`, ...periodHeader]]);
    out.block(markTitle, 0, [[`vs the ${spec.trend} before: ${MARK_UP} higher, ${MARK_DOWN} lower`, ...periodHeader]]);
    for (const t of [top, nTitle, markTitle]) {
      out.style({ range: { row: t, col: 0, rows: 1, cols: width + 1 }, bold: true, fill: "#1F4E79", fontColor: "#FFFFFF" });
      // Period labels stand over their numbers (right), marks under them (centred, below).
      out.style({ range: { row: t, col: 1, rows: 1, cols: width }, horizontal: t === markTitle ? "center" : "right" });
    }
    rows.forEach((d, k) => {
      const r = top + 1 + k;
      const cells: PlanCell[] = [d.title];
      const formats: string[] = ["General"];
      const nCells: PlanCell[] = [`n: ${d.title}`];
      const markCells: PlanCell[] = [`vs before: ${d.title}`];
      periods.forEach((_, j) => {
        const g = 1 + segCount + j;
        if (d.kind !== "sample") {
          // The CPI: read from the block that shows how it is made; no test, so no mark.
          const v = m.cpi.values[g];
          cells.push(mode === "values" ? (isKpiError(v) ? "" : v) : f(`=${at.cpi.index(g)}`, cached(v)));
          formats.push(d.meta.numberFormat);
          nCells.push(cpiNCell(m, at, g));
          markCells.push(null);
          return;
        }
        const mine = m.valuesOf(d);
        const v = mine[g].value;
        const formula = mode === "values" ? null : `=${at.statistics.cell(d, g, S.value)}`;
        cells.push(mode === "values" || formula === null ? (isKpiError(v) ? "" : v) : f(formula, cached(v)));
        formats.push(d.meta.numberFormat);
        nCells.push(numberOr(mine[g].n, `=${at.statistics.cell(d, g, S.n)}`));
        const mark = m.markOf(d, g);
        markCells.push(mode === "values" || !mine[g].other ? mark : f(`=${at.statistics.cell(d, g, S.mark)}`, mark));
      });
      const test = d.kind === "sample" ? m.trendOf(d) : undefined;
      if (withTrend) {
        const own = (col: number) => (d.kind === "sample" && test ? `=${at.statistics.trendCell(d, col)}` : null);
        cells.push(test ? numberOr(test.difference, own(S.difference)) : null);
        formats.push(d.meta.numberFormat);
        nCells.push(test ? numberOr(test.n, own(S.n)) : null);
        markCells.push(test ? (mode === "values" ? test.mark : f(own(S.mark) as string, test.mark)) : null);
      }
      out.block(r, 0, [cells], [formats]);
      out.block(nTitle + 1 + k, 0, [nCells], [nCells.map((_, j) => (j === 0 ? "General" : "#,##0"))]);
      out.block(markTitle + 1 + k, 0, [markCells]);
      out.style({ range: { row: markTitle + 1 + k, col: 1, rows: 1, cols: width }, horizontal: "center" });
      // The trend's change is bold where its mark is (LibreOffice applies one rule: this one alone).
      if (test) {
        out.conditionalFormats.push({
          range: { row: r, col: width, rows: 1, cols: 1 },
          rules: [{ band: "mark", formula: `=AND(ISNUMBER(${cellAddress(r, width)}),${cellAddress(markTitle + 1 + k, width)}<>"")`, bold: true }],
        });
      }
      const kpiRow = at.kpiTable.rowOf(d);
      const green = `$${columnLetter(C.green)}$${kpiRow + 1}`;
      const amber = `$${columnLetter(C.amber)}$${kpiRow + 1}`;
      out.conditionalFormats.push({
        range: { row: r, col: 1, rows: 1, cols: periods.length },
        rules: bandRules(cellAddress(r, 1), green, amber, d.meta.direction === "lower", cellAddress(nTitle + 1 + k, 1), cellAddress(markTitle + 1 + k, 1), at.title.minN),
      });
    });
  },
};
