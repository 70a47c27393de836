/**
 * n and marks: below the KPI table, two blocks of its shape for the rows that have a value per
 * segment (sample KPIs and the CPI), the n behind each segment value and the mark of each
 * segment against the rest of the sample (▲ / ▼ where the difference survives the false
 * discovery rate). The KPI table's band rules read both: a segment value below the minimum n is
 * grey, a marked one bold.
 */
import type { ScorecardModel, TableRow } from "../model";
import { MARK_DOWN, MARK_UP } from "../model";
import type { PlanCell } from "../types";
import { cellsOf, f, type Layouter } from "./block";
import { cpiNCell } from "./cpi";
import { C } from "./kpiTable";
import { S } from "./statistics";

export interface SegmentMarksAnchors {
  /** Where a KPI row's n and mark rows sit (only for the rows that have a value per segment). */
  nRowOf(d: TableRow): number;
  markRowOf(d: TableRow): number;
}

const shown = (m: ScorecardModel) => m.groups.segments.length > 0 && m.rows.samples.length > 0;

export const segmentMarks: Layouter<"segmentMarks"> = {
  name: "segmentMarks",
  height: (m) => (shown(m) ? 2 * (m.rows.perSegment.length + 2) : 0),
  anchors(m, top) {
    const markTop = top + m.rows.perSegment.length + 2;
    return {
      nRowOf: (d) => top + 1 + m.rows.perSegment.indexOf(d),
      markRowOf: (d) => markTop + 1 + m.rows.perSegment.indexOf(d),
    };
  },
  render(m, top, at, _columns, out) {
    if (!shown(m)) return;
    const { mode } = m;
    const { numberOr } = cellsOf(m);
    const segCount = m.groups.segments.length;
    const { nRowOf, markRowOf } = at.segmentMarks;
    for (const d of m.rows.perSegment) {
      const nRow: PlanCell[] = [];
      const markRow: PlanCell[] = [];
      for (let j = 0; j < segCount; j++) {
        const g = 1 + j;
        if (d.kind !== "sample") {
          nRow.push(cpiNCell(m, at, g));
          markRow.push(null);
          continue;
        }
        const mine = m.valuesOf(d);
        nRow.push(numberOr(mine[g].n, `=${at.statistics.cell(d, g, S.n)}`));
        const mark = m.markOf(d, g);
        markRow.push(mode === "values" || !mine[g].other ? mark : f(`=${at.statistics.cell(d, g, S.mark)}`, mark));
      }
      out.block(nRowOf(d), 0, [[`n: ${d.title}`]]);
      out.block(nRowOf(d), C.firstSegment, [nRow], [nRow.map(() => "#,##0")]);
      out.block(markRowOf(d), 0, [[`vs rest: ${d.title}`]]);
      out.block(markRowOf(d), C.firstSegment, [markRow]);
      out.style({ range: { row: markRowOf(d), col: C.firstSegment, rows: 1, cols: segCount }, horizontal: "center" });
    }
    const markTop = top + m.rows.perSegment.length + 2;
    out.block(top, 0, [[`n behind each segment value (below ${m.minN}: shown in grey, not banded)`]]);
    out.block(markTop, 0, [[`Segment against the rest of the sample: ${MARK_UP} higher, ${MARK_DOWN} lower, where the difference survives the false discovery rate q`]]);
    out.style({ range: { row: top, col: 0, rows: 1, cols: 1 }, bold: true });
    out.style({ range: { row: markTop, col: 0, rows: 1, cols: 1 }, bold: true });
  },
};
