/**
 * The segments, as a panel of their own under the KPI table: for each segment its value and, in
 * the column beside it, its n (the segment column's values, most frequent first, in the bare
 * labels the segment formulas compare with), and a row for every KPI that has a value per segment
 * (the sample KPIs and the CPI). A value is banded as its KPI row is, grey below the minimum n,
 * and shows its mark in its own cell (▲ / ▼: higher / lower than the rest of the sample, where
 * the difference holds after the false discovery rate), read from the statistics table. With
 * more segments than the page is wide, the panels repeat below with the next segments.
 */
import { cellAddress } from "../a1";
import { columnPoints, pagePoints } from "../print";
import type { ScorecardModel, TableRow } from "../model";
import type { PlanCell } from "../types";
import { bandRules, cellsOf, type Columns, HEADER_FILL, type Layouter, PANEL_WIDTH, panels, placeInPanels, runs, LINE_POINTS, linesOf } from "./block";
import { cpiNCell } from "./cpi";
import { S } from "./statistics";

export interface SegmentsAnchors {
  /** The header cell (absolute) that holds segment g's bare label (g from 1). */
  labelCell(g: number): string;
  /** A row's value and n cells (absolute) for segment g. */
  valueCell(d: TableRow, g: number): string;
  nCell(d: TableRow, g: number): string;
}

const shown = (m: ScorecardModel) => m.groups.segments.length > 0 && m.rows.samples.length > 0;

/** The sheet columns of the segments' values, panel by panel (each n in the column after its value). */
function segmentPanels(m: ScorecardModel, columns: Columns): number[][] {
  return panels(columns, 1, m.groups.segments.length, pagePoints("landscape").width, columnPoints, { size: 2 });
}

/** Rows of a panel: its header, a row per KPI, a blank row. */
const panelRows = (m: ScorecardModel) => 1 + m.rows.perSegment.length + 1;
/** Width (characters) of an n column: "99,999" and a little room. */
const N_WIDTH = 7;

export const segments: Layouter<"segments"> = {
  name: "segments",
  // Every segment's value column at least PANEL_WIDTH wide, its n column N_WIDTH; a panel takes as many as the page holds.
  widths: (m) => (shown(m) ? [undefined, ...m.groups.segments.flatMap(() => [PANEL_WIDTH, N_WIDTH])] : []),
  // The panels; a page may start at any of them.
  units: (m, columns) => (shown(m) ? segmentPanels(m, columns).slice(1).map((_, p) => (p + 1) * panelRows(m)) : []),
  height: (m, columns) => (shown(m) ? segmentPanels(m, columns).length * panelRows(m) : 0),
  anchors(m, top, columns) {
    const laid = shown(m) ? segmentPanels(m, columns) : [];
    const where = (g: number) => placeInPanels(laid, g - 1, top, panelRows(m), `segment ${g}`);
    const rowIndex = (d: TableRow) => m.rows.perSegment.indexOf(d);
    return {
      labelCell: (g) => cellAddress(where(g).header, where(g).col, true),
      valueCell: (d, g) => cellAddress(where(g).header + 1 + rowIndex(d), where(g).col, true),
      nCell: (d, g) => cellAddress(where(g).header + 1 + rowIndex(d), where(g).col + 1, true),
    };
  },
  render(m, top, at, columns, out) {
    if (!shown(m)) return;
    const { mode } = m;
    const { valueCell, numberOr } = cellsOf(m);
    const header = m.groups.segmentColumn?.header ?? "Segment";
    const minN = at.title.minN;
    let g0 = 1;
    segmentPanels(m, columns).forEach((cols, p) => {
      const headerRow = top + p * panelRows(m);
      const span = cols[cols.length - 1] + 2;
      /** A row: its first cell, then per segment its value's and its n's. */
      const lay = <T>(first: T, value: (g: number) => T, n: (g: number) => T, blank: T): T[] => {
        const row: T[] = Array.from({ length: span }, () => blank);
        row[0] = first;
        cols.forEach((c, k) => {
          row[c] = value(g0 + k);
          row[c + 1] = n(g0 + k);
        });
        return row;
      };
      // The header holds the bare labels the segment formulas compare with, each over its value, "n" over its n.
      const title = p === 0 ? `By ${header}, each with its n` : `By ${header} (continued)`;
      out.block(headerRow, 0, [lay<PlanCell>(title, (g) => m.groups.segments[g - 1].label, () => "n", null)]);
      out.style({ range: { row: headerRow, col: 0, rows: 1, cols: span }, bold: true, ...HEADER_FILL, horizontal: "right", wrap: true });
      out.style({ range: { row: headerRow, col: 0, rows: 1, cols: 1 }, horizontal: "left" });
      // As tall as its most wrapped label.
      const lines = Math.max(linesOf(title, columns.widths[0]), ...cols.map((c, k) => linesOf(m.groups.segments[g0 + k - 1].label, columns.widths[c])));
      if (lines > 1) out.rowHeights.push({ row: headerRow, points: Math.min(4, lines) * LINE_POINTS });
      m.rows.perSegment.forEach((d, k) => {
        const r = headerRow + 1 + k;
        const fmt = d.meta.numberFormat;
        const cells = lay<PlanCell>(
          d.title,
          (g) => {
            if (d.kind !== "sample") return valueCell(`=${at.cpi.index(g)}`, m.cpi.values[g]);
            return valueCell(mode === "values" ? null : `=${at.statistics.cell(d, g, S.value)}`, m.valuesOf(d)[g].value);
          },
          (g) => (d.kind === "sample" ? numberOr(m.valuesOf(d)[g].n, `=${at.statistics.cell(d, g, S.n)}`) : cpiNCell(m, at, g)),
          null,
        );
        out.block(r, 0, [cells], [lay("General", () => fmt, () => "#,##0", "General")]);
        // Bands as the KPI row's, grey under the minimum n, the mark on the value (sample KPIs only: the CPI is not tested).
        const green = at.kpiTable.cell(d, "green") as string;
        const amber = at.kpiTable.cell(d, "amber") as string;
        // One range per run of segments, values and n together: each rule holds only in a value's
        // column (every other one), reads the n beside it and the mark of its segment (INDEX over
        // the statistics table's Mark cells of the run's segments).
        let g = g0;
        for (const run of runs(cols, 2)) {
          const first = cellAddress(r, run[0]);
          const mark = d.kind === "sample"
            ? `INDEX(${at.statistics.cell(d, g, S.mark)}:${at.statistics.cell(d, g + run.length - 1, S.mark)},(COLUMN(${first})-${run[0] + 1})/2+1)`
            : null;
          const only = run.length > 1 ? `MOD(COLUMN(${first})-${run[0] + 1},2)=0` : undefined;
          out.conditionalFormats.push({
            range: { row: r, col: run[0], rows: 1, cols: run.length * 2 - 1 },
            rules: bandRules(first, green, amber, d.meta.direction === "lower", cellAddress(r, run[0] + 1), mark, minN, fmt, only),
          });
          g += run.length;
        }
      });
      // The n columns in grey, quieter than the values they count.
      for (const c of cols) out.style({ range: { row: headerRow + 1, col: c + 1, rows: m.rows.perSegment.length, cols: 1 }, fontColor: "#595959" });
      g0 += cols.length;
    });
  },
};
