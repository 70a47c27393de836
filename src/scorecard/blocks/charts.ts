/**
 * Charts, on a page of their own: a trend line per row of the trend block, then each sample
 * KPI's value per segment as columns, three to a row of charts, each spanning enough columns to
 * be about 340 pixels wide.
 */
import type { KpiMeta } from "../../kpi";
import type { ScorecardModel } from "../model";
import type { Rect } from "../types";
import type { Layouter } from "./block";
import { C } from "./kpiTable";

/** Excel's longest chart title (the typings' ChartTitle.text: "maximum of 255 characters"). */
export const MAX_CHART_TITLE = 255;
const CHARTS_PER_ROW = 3;
/** Rows a chart is tall (about 300 pixels at the default row height). */
const CHART_ROWS = 15;
/** Characters of column width a chart should span at least (about 340 pixels). */
const CHART_CHARS = 48;

export interface ChartsAnchors {
  readonly top: number;
}

/**
 * A row's chart title within Excel's limit: the title itself, or (a KPI over many columns, whose
 * title lists them all) the KPI and its number of columns; the row's note then lists them.
 */
export function chartTitle(d: { readonly title: string; readonly meta: KpiMeta; readonly columns?: readonly { readonly header: string }[] }): string {
  if (d.title.length <= MAX_CHART_TITLE) return d.title;
  const short = d.columns && d.columns.length > 1 ? `${d.meta.title} (${d.meta.id}) over ${d.columns.length} columns, listed in its row's note` : `${d.meta.title} (${d.meta.id})`;
  return short.length <= MAX_CHART_TITLE ? short : `${short.slice(0, MAX_CHART_TITLE - 1)}…`;
}

/** Column spans of the charts in a row of charts: consecutive columns, each at least CHART_CHARS wide. */
function chartColumns(widths: readonly number[], perRow: number): { col: number; cols: number }[] {
  const spans: { col: number; cols: number }[] = [];
  let col = 0;
  for (let k = 0; k < perRow; k++) {
    let cols = 0;
    let width = 0;
    while (width < CHART_CHARS) width += widths[col + cols++] ?? 10;
    spans.push({ col, cols });
    col += cols;
  }
  return spans;
}

const trendCharts = (m: ScorecardModel) => m.rows.trend.length;
const segmentCharts = (m: ScorecardModel) => (m.groups.segments.length > 0 ? m.rows.samples.length : 0);
const count = (m: ScorecardModel) => trendCharts(m) + segmentCharts(m);

export const charts: Layouter<"charts"> = {
  name: "charts",
  newPage: true,
  height: (m) => (count(m) > 0 ? 1 + Math.ceil(count(m) / CHARTS_PER_ROW) * (CHART_ROWS + 1) + 1 : 0),
  anchors: (_m, top) => ({ top }),
  render(m, top, at, columns, out) {
    if (count(m) === 0) return;
    const { spec } = m;
    const segmentHeader = m.groups.segmentColumn?.header ?? "segment";
    const periods = m.groups.periods.length;
    const segCount = m.groups.segments.length;
    /** A chart's title: the row's (within Excel's limit), and what it is plotted over when that fits too. */
    const titled = (d: Parameters<typeof chartTitle>[0], over: string) => {
      const t = chartTitle(d);
      return t.length + over.length <= MAX_CHART_TITLE ? `${t}${over}` : t;
    };
    out.block(top, 0, [[`Charts: ${[trendCharts(m) > 0 ? `each KPI by ${spec.trend}` : "", segCount > 0 ? `by ${segmentHeader}` : ""].filter((x) => x).join(", then ")}`]]);
    out.style({ range: { row: top, col: 0, rows: 1, cols: 1 }, bold: true, fontSize: 12 });
    const spans = chartColumns(columns.shown, CHARTS_PER_ROW);
    const placed = (k: number): Rect => {
      const span = spans[k % CHARTS_PER_ROW];
      return { row: top + 1 + Math.floor(k / CHARTS_PER_ROW) * (CHART_ROWS + 1), col: span.col, rows: CHART_ROWS, cols: span.cols };
    };
    let k = 0;
    for (const d of m.rows.trend) {
      out.charts.push({
        type: "line",
        title: titled(d, ` by ${spec.trend}`),
        categories: { row: at.trend.titleRow, col: 1, rows: 1, cols: periods },
        values: { row: at.trend.rowOf(d), col: 1, rows: 1, cols: periods },
        anchor: placed(k++),
      });
    }
    if (segCount > 0) {
      for (const d of m.rows.samples) {
        const r = at.kpiTable.rowOf(d);
        out.charts.push({
          type: "bar",
          title: titled(d, ` by ${segmentHeader}`),
          categories: { row: at.kpiTable.headerRow, col: C.firstSegment, rows: 1, cols: segCount },
          values: { row: r, col: C.firstSegment, rows: 1, cols: segCount },
          anchor: placed(k++),
        });
      }
    }
  },
};
