/**
 * Charts: a trend line per row of the trend block, then each sample KPI's value per segment as
 * columns, three to a row of charts. They say what the table says: every category label carries
 * its n ("2025 Q1 (n 355)") and the mark its value carries in the table ("South ▼": lower than
 * the rest of the sample, "2025 Q2 ▲": higher than the period before, where the difference holds
 * after the false discovery rate), a group under the minimum n is left out of the plot and its
 * label says "too few", and a trend line draws each point's 95 % interval and the KPI's target.
 * Every value axis includes zero (valueAxis below), lines as well as columns, so that a change of
 * a few points does not fill the chart's height. What they draw is made of the sheet's cells by
 * formulas, in a block of chart data to the right of the printed columns (it does not print: the
 * same numbers, with their n, are in the segments and trend panels), so an edit of the data
 * redraws them.
 */
import type { KpiMeta } from "../../kpi";
import { isKpiError } from "../../kpi";
import type { ScorecardModel } from "../model";
import { MARK_DOWN, MARK_UP, type Mark } from "../model";
import type { PlanCell, PlanChartSeries, Rect } from "../types";
import { cellAddress } from "../a1";
import { countFormula, countText } from "../words";
import { columnPoints, pagePoints } from "../print";
import { cached, f, CHARTS_SIDE, type Layouter, literal, PANEL_WIDTH, sideColumn, wrapText } from "./block";
import { S } from "./statistics";

/** Excel's longest chart title (the typings' ChartTitle.text: "maximum of 255 characters"). */
export const MAX_CHART_TITLE = 255;
/** Charts side by side: two, each half the printed page wide, so that their 11-point labels print at 8.4 points and still fit. */
const CHARTS_PER_ROW = 2;
/**
 * Rows a chart is tall (about 280 pixels at the default row height; 2.2 inches printed), and the
 * height in points of the thin row under each row of charts: three rows of charts (3 x (14 x 15 +
 * 8) = 654 points) fit on a printed page (673 of the sheet's points at the print scale, pagePoints),
 * so that the pager can balance the charts over their pages (two rows and one row, never a
 * lone chart on a page of its own: pageBreaks).
 */
export const CHART_ROWS = 14;
export const CHART_GAP_POINTS = 8;

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

/**
 * Where a chart's value axis starts or ends so that it includes zero: a KPI that cannot go below
 * zero (a share, a count, a mean on a 1..7 scale, the CPI's 0..100) starts at zero whatever it
 * draws; one that can (NPS on -100..100, sentiment on -1..1, a mean of any numbers) starts at zero
 * where everything the chart draws (values, bounds, target) is at or above it, ends at zero where
 * everything is at or below it, and otherwise spans zero by itself. So a trend that moves from
 * 69.5 % to 72 % reads as the small change it is, not as a spike from the axis's floor, and its
 * columns compare by height. NPS is not stretched over all of -100..100: zero (as many promoters as
 * detractors) is its natural baseline, and the axis runs from there to the values and the target.
 */
export function valueAxis(meta: KpiMeta, drawn: readonly (number | null)[]): { axisMin?: number; axisMax?: number } {
  const floor = meta.range?.lo ?? (meta.unit === "fraction" ? 0 : undefined);
  if (floor !== undefined && floor >= 0) return { axisMin: 0 };
  const numbers = drawn.filter((v): v is number => v !== null && Number.isFinite(v));
  if (numbers.every((v) => v >= 0)) return { axisMin: 0 };
  if (numbers.every((v) => v <= 0)) return { axisMax: 0 };
  return {};
}

/** The number a chart's cell draws: its value or its formula's cached value; null for a gap. */
function drawnOf(cell: PlanCell): number | null {
  const v = cell !== null && typeof cell === "object" ? cell.value : cell;
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/**
 * Column spans of the charts in a row of charts: consecutive columns, chart k ending at the
 * column edge nearest k + 1 parts of the printed page's width, so that the row of charts prints
 * within the page.
 */
function chartColumns(widths: readonly number[], perRow: number): { col: number; cols: number }[] {
  const page = pagePoints("landscape").width;
  const spans: { col: number; cols: number }[] = [];
  let col = 0;
  let edge = 0;
  for (let k = 0; k < perRow; k++) {
    const goal = (page * (k + 1)) / perRow;
    let cols = 0;
    // Take the next column while its far edge lies nearer the goal than its near edge, and never past the page.
    for (;;) {
      const w = columnPoints(widths[col + cols] ?? PANEL_WIDTH);
      if (cols > 0 && (edge + w > page || Math.abs(edge + w - goal) > Math.abs(edge - goal))) break;
      edge += w;
      cols++;
    }
    spans.push({ col, cols });
    col += cols;
  }
  return spans;
}

const trendCharts = (m: ScorecardModel) => m.rows.trend.length;
const segmentCharts = (m: ScorecardModel) => (m.groups.segments.length > 0 ? m.rows.samples.length : 0);
const count = (m: ScorecardModel) => trendCharts(m) + segmentCharts(m);

/** The block's heading ("Charts") and the lines that say what they draw. */
function headingLines(m: ScorecardModel): string[] {
  const segmentHeader = m.groups.segmentColumn?.header ?? "segment";
  const what = [
    trendCharts(m) > 0 ? `each KPI by ${m.spec.trend}, with its 95% interval and its target, where it has them` : "",
    segmentCharts(m) > 0 ? `each by ${segmentHeader}, columns from zero` : "",
  ].filter((x) => x).join("; then ");
  const cpi = m.rows.trend.some((d) => d.kind !== "sample")
    ? " The CPI's interval is conservative (it combines several KPIs measured on the same answers): How the CPI is made says what it guarantees."
    : "";
  return [
    "Charts",
    ...wrapText(
      `${what[0].toUpperCase()}${what.slice(1)}. Every value axis includes zero. Each label gives its n and the ${MARK_UP} / ${MARK_DOWN} its value carries in the table; ` +
        `a group under the minimum n is left out of the drawing (its label says "too few").${cpi}`,
    ),
  ];
}
/** Rows above the first row of charts. */
const headingRows = (m: ScorecardModel) => headingLines(m).length;

export const charts: Layouter<"charts"> = {
  name: "charts",
  // A title row, then rows of charts, a thin blank row under each; a page may start at any row of charts but the first.
  units: (m) => Array.from({ length: Math.max(0, Math.ceil(count(m) / CHARTS_PER_ROW) - 1) }, (_, k) => headingRows(m) + (k + 1) * (CHART_ROWS + 1)),
  height: (m) => (count(m) > 0 ? headingRows(m) + Math.ceil(count(m) / CHARTS_PER_ROW) * (CHART_ROWS + 1) : 0),
  anchors: (_m, top) => ({ top }),
  render(m, top, at, columns, out) {
    if (count(m) === 0) return;
    const { spec, mode } = m;
    const segmentHeader = m.groups.segmentColumn?.header ?? "segment";
    const periods = m.groups.periods;
    const segCount = m.groups.segments.length;
    const minN = at.title.minN;
    /** A chart's title: the row's (within Excel's limit), and what it is plotted over when that fits too. */
    const titled = (d: Parameters<typeof chartTitle>[0], over: string) => {
      const t = chartTitle(d);
      return t.length + over.length <= MAX_CHART_TITLE ? `${t}${over}` : t;
    };
    out.block(top, 0, headingLines(m).map((line) => [line]));
    out.style({ range: { row: top, col: 0, rows: 1, cols: 1 }, bold: true, fontSize: 12 });
    const spans = chartColumns(columns.shown, CHARTS_PER_ROW);
    // The thin row under each row of charts; the chart data beside the sheet passes over them (its text would not fit).
    const gaps = new Set(Array.from({ length: Math.ceil(count(m) / CHARTS_PER_ROW) }, (_, r) => top + headingRows(m) + r * (CHART_ROWS + 1) + CHART_ROWS));
    for (const row of gaps) out.rowHeights.push({ row, points: CHART_GAP_POINTS });
    const placed = (k: number): Rect => {
      const span = spans[k % CHARTS_PER_ROW];
      return { row: top + headingRows(m) + Math.floor(k / CHARTS_PER_ROW) * (CHART_ROWS + 1), col: span.col, rows: CHART_ROWS, cols: span.cols };
    };

    // The chart data, to the right of the printed columns, from the block's first row down.
    const side = sideColumn(columns) + CHARTS_SIDE;
    let dataRow = top;
    /** A row of the chart data: its name, then a cell per category. */
    const dataRowOf = (name: string, cells: PlanCell[], format: string): Rect => {
      while (gaps.has(dataRow)) dataRow++;
      out.block(dataRow, side, [[name, ...cells]], [["General", ...cells.map(() => format)]], false);
      return { row: dataRow++, col: side + 1, rows: 1, cols: cells.length };
    };
    /**
     * A category's label: its text with the mark its value carries in the table (read from the
     * statistics table's Mark cell), then its n on a line of its own: "2025 Q1" / "(n 355)",
     * "South ▼" / "(n 889)", "East" / "(n 12: too few)".
     */
    const label = (text: string, textRef: string | null, n: number | null, nRef: string | null, mark: Mark, markRef: string | null): PlanCell => {
      const marked = mark ? `${text} ${mark}` : text;
      const shown = n === null ? marked : `${marked}\n(n ${countText(n)}${n < m.minN ? ": too few" : ""})`;
      if (mode === "values" || (nRef === null && markRef === null)) return shown;
      const markPart = markRef ? `&IF(${markRef}="",""," "&${markRef})` : "";
      const nPart = nRef ? `&CHAR(10)&"(n "&${countFormula(nRef)}&IF(${nRef}<${minN},": too few","")&")"` : "";
      return f(`=${textRef ?? literal(text)}${markPart}${nPart}`, shown);
    };
    /** A value the chart plots: the cell's, or #N/A (a gap) under the minimum n. */
    const plotted = (valueRef: string, value: number | null, nRef: string | null, n: number | null): PlanCell => {
      const shown = value === null || (n !== null && n < m.minN) ? { error: "#N/A" } : value;
      if (mode === "values") return typeof shown === "number" ? shown : null;
      return f(nRef ? `=IF(AND(ISNUMBER(${valueRef}),ISNUMBER(${nRef}),${nRef}>=${minN}),${valueRef},NA())` : `=IF(ISNUMBER(${valueRef}),${valueRef},NA())`, shown);
    };
    const number = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

    let k = 0;
    for (const d of m.rows.trend) {
      const fmt = d.meta.numberFormat;
      const g = (p: number) => 1 + segCount + p;
      const valueOf = (p: number) => (d.kind === "sample" ? number(cachedOf(m.valuesOf(d)[g(p)].value)) : number(cachedOf(m.cpi.values[g(p)])));
      const nOf = (p: number) => (d.kind === "sample" ? m.valuesOf(d)[g(p)].n : (m.cpi.ns[g(p)] ?? null));
      const nRef = (p: number) => (d.kind === "sample" || m.cpi.fromRows ? at.trend.nCell(d, p) : null);
      // The mark of a period's value against the period before (sample KPIs: the CPI is not tested).
      const markOf = (p: number): Mark => (d.kind === "sample" ? m.markOf(d, g(p)) : "");
      const markRef = (p: number) => (d.kind === "sample" ? at.statistics.cell(d, g(p), S.mark) : null);
      const categories = dataRowOf(`${d.title}: ${spec.trend}`, periods.map((q, p) => label(q.label, null, nOf(p), nRef(p), markOf(p), markRef(p))), "General");
      const values = periods.map((_, p) => plotted(at.trend.valueCell(d, p), valueOf(p), nRef(p), nOf(p)));
      const drawn = values.map(drawnOf);
      const main = dataRowOf(`${d.title}: value`, values, fmt);
      const extra: PlanChartSeries[] = [];
      const series = (name: string, cells: PlanCell[], role: PlanChartSeries["role"]) => {
        drawn.push(...cells.map(drawnOf));
        extra.push({ name, values: dataRowOf(`${d.title}: ${name.toLowerCase()}`, cells, fmt), role });
      };
      if (d.kind === "sample") {
        const bound = (j: 0 | 1, col: number) =>
          periods.map((_, p) => {
            const v = m.valuesOf(d)[g(p)].interval?.[j] ?? null;
            return plotted(at.statistics.cell(d, g(p), col), v, nRef(p), nOf(p));
          });
        series("95% low", bound(0, S.low), "bound");
        series("95% high", bound(1, S.high), "bound");
      } else {
        // The CPI's conservative interval (composite.ts, intervalOf), from the block that shows how it is made,
        // where the line draws its value (the value's cell above says whether: its n at the minimum).
        const bound = (j: 0 | 1) =>
          periods.map((_, p): PlanCell => {
            const v = m.cpi.intervals[g(p)]?.[j] ?? null;
            const shown = v !== null && drawn[p] !== null ? v : null;
            if (mode === "values") return shown;
            const [point, b] = [cellAddress(main.row, main.col + p), (j === 0 ? at.cpi.low(g(p)) : at.cpi.high(g(p))).replace(/\$/g, "")];
            return f(`=IF(AND(ISNUMBER(${point}),ISNUMBER(${b})),${b},NA())`, shown ?? { error: "#N/A" });
          });
        series("Conservative low", bound(0), "bound");
        series("Conservative high", bound(1), "bound");
      }
      const target = m.settingsOf(d.meta.id).target;
      if (target !== undefined) {
        const targetCell = at.kpiTable.cell(d, "target") as string;
        series("Target", periods.map(() => (mode === "values" ? target : f(`=IF(ISNUMBER(${targetCell}),${targetCell},NA())`, target))), "target");
      }
      out.charts.push({ type: "line", title: titled(d, ` by ${spec.trend}`), categories, values: main, anchor: placed(k++), extra, ...valueAxis(d.meta, drawn) });
    }
    if (segCount > 0) {
      for (const d of m.rows.samples) {
        const fmt = d.meta.numberFormat;
        const segments = m.groups.segments.map((_, j) => 1 + j);
        const nOf = (g: number) => m.valuesOf(d)[g].n;
        const categories = dataRowOf(
          `${d.title}: ${segmentHeader}`,
          segments.map((g) => label(m.groups.segments[g - 1].label, at.segments.labelCell(g), nOf(g), at.segments.nCell(d, g), m.markOf(d, g), at.statistics.cell(d, g, S.mark))),
          "General",
        );
        const values = segments.map((g) => plotted(at.segments.valueCell(d, g), number(cachedOf(m.valuesOf(d)[g].value)), at.segments.nCell(d, g), nOf(g)));
        const main = dataRowOf(`${d.title}: value`, values, fmt);
        out.charts.push({ type: "bar", title: titled(d, ` by ${segmentHeader}`), categories, values: main, anchor: placed(k++), ...valueAxis(d.meta, values.map(drawnOf)) });
      }
    }
  },
};

/** A value as the plan caches it: a number, or null for an error. */
function cachedOf(v: Parameters<typeof cached>[0]): number | null {
  return isKpiError(v) ? null : v;
}
