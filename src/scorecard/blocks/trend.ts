/**
 * The trend: a column per period and a row for each sample KPI (and the CPI where it has an n);
 * then the same panel of their n (it prints with it, on the same page or the next). A value is
 * banded as its KPI row is, grey below the minimum n, and shows its mark in its own cell (▲ / ▼:
 * higher / lower than the period before, where the difference holds), read from the statistics
 * table. After the periods, where a KPI has a trend test (trendTest.ts), a last column gives the
 * change along the fitted line, its n, and its mark where it holds. With more periods than the
 * page is wide, the panels repeat below with the next periods.
 */
import { cellAddress } from "../a1";
import { columnPoints, pagePoints } from "../print";
import type { ScorecardModel, TableRow } from "../model";
import { MARK_DOWN, MARK_UP } from "../model";
import type { PlanCell } from "../types";
import { isKpiError } from "../../kpi";
import type { SampleRow } from "../rows";
import { bandRules, cached, cellsOf, type Columns, f, HEADER_FILL, type Layouter, markedFormat, PANEL_WIDTH, panels, placeInPanels, runs, LINE_POINTS, linesOf } from "./block";
import { cpiNCell } from "./cpi";
import { S } from "./statistics";

export interface TrendAnchors {
  /** A row's value and n cells (absolute) in period p (0-based). */
  valueCell(d: TableRow, p: number): string;
  nCell(d: TableRow, p: number): string;
}

const count = (m: ScorecardModel) => m.rows.trend.length;
/** Whether a row of the block has a trend test: then a last column gives its change and mark. */
const tested = (m: ScorecardModel) => m.rows.samples.some((d) => m.trendOf(d) !== undefined);
/** Header of the column after the periods. */
export const TREND_HEADER = "Trend";
/** The block's items: a column per period, then the trend test's where a row has one. */
const items = (m: ScorecardModel) => m.groups.periods.length + (tested(m) ? 1 : 0);

/** The sheet columns of the periods (and the trend's), panel by panel. */
function periodPanels(m: ScorecardModel, columns: Columns): number[][] {
  return panels(columns, 1, items(m), pagePoints("landscape").width, columnPoints);
}

/** Rows of a panel of values or of n: its header, a row per KPI, a blank row. */
const halfRows = (m: ScorecardModel) => 1 + count(m) + 1;
/** Rows of a panel: its values, then their n. */
const panelRows = (m: ScorecardModel) => 2 * halfRows(m);


export const trend: Layouter<"trend"> = {
  name: "trend",
  widths: (m) => (count(m) > 0 ? [undefined, ...Array.from({ length: items(m) }, () => PANEL_WIDTH)] : []),
  // The panels, each with its n (they print together); a page may start at any of them.
  units: (m, columns) => (count(m) > 0 ? periodPanels(m, columns).slice(1).map((_, p) => (p + 1) * panelRows(m)) : []),
  height: (m, columns) => (count(m) > 0 ? periodPanels(m, columns).length * panelRows(m) : 0),
  anchors(m, top, columns) {
    const laid = count(m) > 0 ? periodPanels(m, columns) : [];
    const where = (p: number) => placeInPanels(laid, p, top, panelRows(m), `period ${p}`);
    const at = (d: TableRow) => m.rows.trend.indexOf(d);
    return {
      valueCell: (d, p) => cellAddress(where(p).header + 1 + at(d), where(p).col, true),
      nCell: (d, p) => cellAddress(where(p).header + halfRows(m) + 1 + at(d), where(p).col, true),
    };
  },
  render(m, top, at, columns, out) {
    const rows = m.rows.trend;
    if (rows.length === 0) return;
    const { mode, spec } = m;
    const periods = m.groups.periods;
    const segCount = m.groups.segments.length;
    const { numberOr } = cellsOf(m);
    let p0 = 0;
    periodPanels(m, columns).forEach((cols, q) => {
      const headerRow = top + q * panelRows(m);
      const nHeader = headerRow + halfRows(m);
      const span = cols[cols.length - 1] + 1;
      const lay = <T>(first: T, perPeriod: (p: number) => T, blank: T): T[] => {
        const row: T[] = Array.from({ length: span }, () => blank);
        row[0] = first;
        cols.forEach((c, k) => (row[c] = perPeriod(p0 + k)));
        return row;
      };
      const titles: [number, string][] = [
        [headerRow, `Trend by ${spec.trend} (${MARK_UP} / ${MARK_DOWN}: against the ${spec.trend} before)`],
        [nHeader, `n by ${spec.trend} (under ${m.minN}: grey, not banded)`],
      ];
      for (const [row, text] of titles) {
        out.block(row, 0, [lay<PlanCell>(text, (p) => (p < periods.length ? periods[p].label : TREND_HEADER), null)]);
        out.style({ range: { row, col: 0, rows: 1, cols: span }, bold: true, ...HEADER_FILL, horizontal: "right", wrap: true });
        out.style({ range: { row, col: 0, rows: 1, cols: 1 }, horizontal: "left" });
        const lines = linesOf(text, columns.widths[0]);
        if (lines > 1) out.rowHeights.push({ row, points: Math.min(4, lines) * LINE_POINTS });
      }
      rows.forEach((d, k) => {
        const r = headerRow + 1 + k;
        const nRow = nHeader + 1 + k;
        const fmt = d.meta.numberFormat;
        const test = d.kind === "sample" ? m.trendOf(d) : undefined;
        const own = (col: number) => (d.kind === "sample" && test ? `=${at.statistics.trendCell(d, col)}` : null);
        const values = lay<PlanCell>(d.title, (p) => {
          if (p === periods.length) return test ? numberOr(test.difference, own(S.difference)) : null;
          const g = 1 + segCount + p;
          if (d.kind !== "sample") {
            // The CPI: read from the block that shows how it is made; no test, so no mark.
            const v = m.cpi.values[g];
            return mode === "values" ? (isKpiError(v) ? "" : v) : f(`=${at.cpi.index(g)}`, cached(v));
          }
          const v = m.valuesOf(d)[g].value;
          return mode === "values" ? (isKpiError(v) ? "" : v) : f(`=${at.statistics.cell(d, g, S.value)}`, cached(v));
        }, null);
        const ns = lay<PlanCell>(d.title, (p) => {
          if (p === periods.length) return test ? numberOr(test.n, own(S.n)) : null;
          const g = 1 + segCount + p;
          return d.kind === "sample" ? numberOr(m.valuesOf(d)[g].n, `=${at.statistics.cell(d, g, S.n)}`) : cpiNCell(m, at, g);
        }, null);
        out.block(r, 0, [values], [lay("General", () => fmt, "General")]);
        out.block(nRow, 0, [ns], [lay("General", () => "#,##0", "General")]);
        const green = at.kpiTable.cell(d, "green") as string;
        const amber = at.kpiTable.cell(d, "amber") as string;
        // The periods' columns of this panel, in runs of adjacent columns, each run banded and marked from the statistics table.
        const periodCols = cols.filter((_, k) => p0 + k < periods.length);
        let p = p0;
        for (const run of runs(periodCols)) {
          const first = cellAddress(r, run[0]);
          const g = 1 + segCount + p;
          const mark = d.kind === "sample"
            ? `INDEX(${at.statistics.cell(d, g, S.mark)}:${at.statistics.cell(d, g + run.length - 1, S.mark)},COLUMN(${first})-${run[0]})`
            : null;
          out.conditionalFormats.push({
            range: { row: r, col: run[0], rows: 1, cols: run.length },
            rules: bandRules(first, green, amber, d.meta.direction === "lower", cellAddress(nRow, run[0]), mark, at.title.minN, fmt),
          });
          p += run.length;
        }
        // The trend's change: no band (it is a change, not a level), its mark in the cell where the test holds.
        const trendAt = cols.findIndex((_, k) => p0 + k === periods.length);
        if (test && trendAt >= 0) {
          const cell = cellAddress(r, cols[trendAt]);
          const mark = at.statistics.trendCell(d as SampleRow, S.mark);
          out.conditionalFormats.push({
            range: { row: r, col: cols[trendAt], rows: 1, cols: 1 },
            rules: ([MARK_UP, MARK_DOWN] as const).map((arrow) => ({
              band: "mark" as const, formula: `=AND(ISNUMBER(${cell}),${mark}="${arrow}")`, bold: true, mark: arrow, numberFormat: markedFormat(fmt, arrow),
            })),
          });
        }
      });
      p0 += cols.length;
    });
  },
};
