/**
 * Package parts that exceljs cannot write, made as OOXML text for the exceljs writer to add to
 * the zip: native charts (DrawingML chart parts, one drawing per sheet that anchors them) and
 * worksheet custom properties (the marker by which the add-in knows its own sheets, as the
 * Office.js `worksheet.customProperties` API stores it: a `customPr` element naming a part
 * whose bytes are the value in UTF-16LE).
 *
 * Why by hand: exceljs has no chart support, and the npm libraries that write charts either
 * replace exceljs for the whole workbook (no streaming of a million-row data sheet) or are
 * unmaintained. A line chart and a clustered column chart (the scorecard's have one series, the
 * CLV sheet's calibration chart two, with axis titles and a legend) and an XY scatter chart (the
 * key drivers' importance against performance: a labelled point per driver and two guide lines)
 * are a small, fixed piece of ECMA-376 Part 1 (§21.2), so they are written here, with the plotted values
 * cached so that a viewer draws them without recalculating.
 *
 * Pure: text in, text out. No exceljs, no fs.
 */
import { cellAddress, sheetPrefix } from "../scorecard/a1";
import { CHART_TEXT_POINTS, CHART_TITLE_POINTS } from "../scorecard/print";
import type { CachedValue, PlanBlock, PlanCell, PlanChart, PlanScatterChart, Rect } from "../scorecard/types";

export const REL = {
  drawing: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing",
  chart: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart",
  customProperty: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customProperty",
} as const;

export const CONTENT_TYPE = {
  drawing: "application/vnd.openxmlformats-officedocument.drawing+xml",
  chart: "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
  customProperty: "application/vnd.openxmlformats-officedocument.spreadsheetml.customProperty",
} as const;

const NS = {
  c: "http://schemas.openxmlformats.org/drawingml/2006/chart",
  a: "http://schemas.openxmlformats.org/drawingml/2006/main",
  r: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  xdr: "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
  rels: "http://schemas.openxmlformats.org/package/2006/relationships",
} as const;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Series colours in order: the scorecard's header blue, then Office's orange, grey and gold. */
const SERIES_COLORS = ["1F4E79", "ED7D31", "A5A5A5", "FFC000"];

export function xmlEscape(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}

/** One part to add to the package, by its name in the zip. */
export interface PackagePart {
  readonly name: string;
  readonly data: string | Buffer;
}

/** A plan's cells by position: what a chart plots and the format it shows. */
export class PlanGrid {
  private readonly cells = new Map<string, { cell: PlanCell; format: string }>();

  constructor(plan: { readonly blocks: readonly PlanBlock[] }) {
    for (const block of plan.blocks) {
      block.cells.forEach((line, i) =>
        line.forEach((cell, j) => this.cells.set(`${block.row + i},${block.col + j}`, { cell, format: block.numberFormats[i]?.[j] ?? "General" })),
      );
    }
  }

  /** The value a viewer shows: a constant, or a formula's cached value. */
  value(row: number, col: number): CachedValue | null {
    const c = this.cells.get(`${row},${col}`)?.cell ?? null;
    if (c === null) return null;
    if (typeof c === "object") return c.value;
    return c;
  }

  format(row: number, col: number): string {
    return this.cells.get(`${row},${col}`)?.format ?? "General";
  }
}

/** The cells of a one-row or one-column rectangle, in order. */
function cellsOf(r: Rect): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < r.rows; i++) for (let j = 0; j < r.cols; j++) out.push([r.row + i, r.col + j]);
  return out;
}

function absoluteRef(sheet: string, r: Rect): string {
  return `${sheetPrefix(sheet)}${cellAddress(r.row, r.col, true)}:${cellAddress(r.row + r.rows - 1, r.col + r.cols - 1, true)}`;
}

/**
 * One native chart, as both packages draw them: the scorecard's trend lines and segment columns
 * (one series each) and the CLV sheet's calibration columns (actual and expected).
 */
export interface SeriesChartSpec {
  readonly type: "line" | "column";
  readonly title: string;
  /** One row or one column of category labels. */
  readonly categories: Rect;
  /** Each series reads one row or one column of values over the categories; a line's style: a 95 % bound (thin, dashed, grey) or a target (dashed, orange). */
  readonly series: readonly { readonly name: string; readonly values: Rect; readonly style?: "bound" | "target" }[];
  /** Where the value axis starts and ends (0: from or to zero); the application's choice where absent. */
  readonly axisMin?: number;
  readonly axisMax?: number;
  /** Where the chart sits. */
  readonly anchor: Rect;
  /** Each column shows its value above it, in the cells' number format. */
  readonly valueLabels?: boolean;
  /** The value axis's number format; by default that of the first series' cells. */
  readonly axisFormat?: string;
  readonly xTitle?: string;
  readonly yTitle?: string;
}

/** A chart as the chart writer takes it: series over categories, or points on two value axes. */
export type ChartSpec = SeriesChartSpec | PlanScatterChart;

/** A scorecard chart (its KPI's series, named as the chart, then its bounds and target; a scatter chart as planned) as the chart writer takes it. */
export function scorecardChart(chart: PlanChart): ChartSpec {
  if (chart.type === "scatter") return chart;
  const column = chart.type === "bar";
  return {
    type: column ? "column" : "line",
    title: chart.title,
    categories: chart.categories,
    // With bounds or a target beside it, the KPI's series is named "Value" in the legend (the title names the KPI).
    series: [{ name: chart.extra && chart.extra.length > 0 ? "Value" : chart.title, values: chart.values }, ...(chart.extra ?? []).map((x) => ({ name: x.name, values: x.values, style: x.role }))],
    anchor: chart.anchor,
    valueLabels: column,
    ...(chart.axisMin !== undefined ? { axisMin: chart.axisMin } : {}),
    ...(chart.axisMax !== undefined ? { axisMax: chart.axisMax } : {}),
  };
}

/** How a line series of a style draws: its colour, width (EMU) and dash. */
const LINE_STYLE = {
  bound: { colour: "A5A5A5", width: 12700, dash: "dash" },
  target: { colour: "ED7D31", width: 19050, dash: "lgDash" },
} as const;

function strCache(grid: PlanGrid, r: Rect): string {
  const cells = cellsOf(r);
  const pts = cells
    .map(([row, col], k) => {
      const v = grid.value(row, col);
      const text = v === null || typeof v === "object" ? "" : String(v);
      return `<c:pt idx="${k}"><c:v>${xmlEscape(text)}</c:v></c:pt>`;
    })
    .join("");
  return `<c:strCache><c:ptCount val="${cells.length}"/>${pts}</c:strCache>`;
}

function numCache(grid: PlanGrid, r: Rect, format: string): string {
  const cells = cellsOf(r);
  // A blank, text or error point is left out of the cache: the chart shows a gap there.
  const pts = cells
    .map(([row, col], k) => {
      const v = grid.value(row, col);
      return typeof v === "number" && Number.isFinite(v) ? `<c:pt idx="${k}"><c:v>${v}</c:v></c:pt>` : "";
    })
    .join("");
  return `<c:numCache><c:formatCode>${xmlEscape(format)}</c:formatCode><c:ptCount val="${cells.length}"/>${pts}</c:numCache>`;
}

function richText(text: string, size: number, bold: boolean): string {
  return `<c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}"/></a:pPr><a:r><a:rPr lang="en-US" sz="${size}" b="${bold ? 1 : 0}"/><a:t>${xmlEscape(text)}</a:t></a:r></a:p></c:rich>`;
}

function title(text: string | undefined, size: number): string {
  return text ? `<c:title><c:tx>${richText(text, size, true)}</c:tx><c:overlay val="0"/></c:title>` : "";
}

/** Chart text in hundredths of a point (print.ts: printed at the sheet's scale, 8.4 points or more). */
const TEXT_SIZE = CHART_TEXT_POINTS * 100;
const TITLE_SIZE = CHART_TITLE_POINTS * 100;
const textProperties = (size: number) => `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}"/></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>`;
const axisText = textProperties(TEXT_SIZE);

/**
 * One chart part (xl/charts/chartN.xml) on `sheet`: each series reads its range of the sheet (so
 * Excel and LibreOffice redraw it when a cell changes) and caches the values the plan holds
 * there, in the format of its first cell, so a viewer draws it without recalculating.
 */
export function chartXml(chart: ChartSpec, sheet: string, grid: PlanGrid): string {
  if (chart.type === "scatter") return scatterXml(chart, sheet, grid);
  const first = chart.series[0]?.values ?? chart.categories;
  const format = grid.format(first.row, first.col);
  const line = chart.type === "line";
  const categories = `<c:cat><c:strRef><c:f>${xmlEscape(absoluteRef(sheet, chart.categories))}</c:f>${strCache(grid, chart.categories)}</c:strRef></c:cat>`;
  const labels = chart.valueLabels
    ? `<c:dLbls><c:numFmt formatCode="${xmlEscape(format)}" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>${axisText}` +
      `<c:dLblPos val="${line ? "t" : "outEnd"}"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>`
    : "";
  const series = chart.series
    .map((s, k) => {
      const colour = SERIES_COLORS[k % SERIES_COLORS.length];
      const styled = s.style ? LINE_STYLE[s.style] : null;
      const look = line
        ? styled
          ? `<c:spPr><a:ln w="${styled.width}" cap="rnd"><a:solidFill><a:srgbClr val="${styled.colour}"/></a:solidFill><a:prstDash val="${styled.dash}"/><a:round/></a:ln></c:spPr><c:marker><c:symbol val="none"/></c:marker>`
          : `<c:spPr><a:ln w="28575" cap="rnd"><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill><a:round/></a:ln></c:spPr>` +
            `<c:marker><c:symbol val="circle"/><c:size val="5"/><c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr></c:marker>`
        : `<c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>`;
      return (
        `<c:ser><c:idx val="${k}"/><c:order val="${k}"/><c:tx><c:v>${xmlEscape(s.name)}</c:v></c:tx>${look}${s.style ? "" : labels}${categories}` +
        `<c:val><c:numRef><c:f>${xmlEscape(absoluteRef(sheet, s.values))}</c:f>${numCache(grid, s.values, format)}</c:numRef></c:val>` +
        (line ? `<c:smooth val="0"/>` : "") +
        `</c:ser>`
      );
    })
    .join("");
  const axes = `<c:axId val="500000001"/><c:axId val="500000002"/>`;
  const plot = line
    ? `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series}<c:marker val="1"/>${axes}</c:lineChart>`
    : `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series}<c:gapWidth val="60"/>${axes}</c:barChart>`;
  const catAx =
    `<c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>${title(chart.xTitle, TEXT_SIZE)}` +
    `<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>${axisText}` +
    `<c:crossAx val="500000002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:tickLblSkip val="1"/><c:noMultiLvlLbl val="0"/></c:catAx>`;
  // Columns start at zero when every value is at or above it, so their heights compare.
  const values = chart.series.flatMap((s) => cellsOf(s.values).map(([row, col]) => grid.value(row, col))).filter((v): v is number => typeof v === "number");
  // CT_Scaling: max before min.
  const max = chart.axisMax !== undefined ? `<c:max val="${chart.axisMax}"/>` : "";
  const fromZero = max + (chart.axisMin !== undefined ? `<c:min val="${chart.axisMin}"/>` : !line && values.length > 0 && values.every((v) => v >= 0) ? `<c:min val="0"/>` : "");
  const valAx =
    `<c:valAx><c:axId val="500000002"/><c:scaling><c:orientation val="minMax"/>${fromZero}</c:scaling><c:delete val="0"/><c:axPos val="l"/>` +
    `<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>${title(chart.yTitle, TEXT_SIZE)}` +
    `<c:numFmt formatCode="${xmlEscape(chart.axisFormat ?? format)}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${axisText}` +
    `<c:crossAx val="500000001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>`;
  // A legend only tells series apart: a single series is named by the chart's title.
  const legend = chart.series.length > 1 ? `<c:legend><c:legendPos val="b"/><c:overlay val="0"/>${axisText}</c:legend>` : "";
  return chartSpace(chart.title, `${plot}${catAx}${valAx}`, legend);
}

/** The chart part's frame around a plot area: title, plot, legend, white background. */
function chartSpace(chartTitle: string, plotArea: string, legend: string): string {
  return (
    XML_HEAD +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}"><c:roundedCorners val="0"/>` +
    `<c:chart>${title(chartTitle, TITLE_SIZE)}<c:autoTitleDeleted val="0"/>` +
    `<c:plotArea><c:layout/>${plotArea}</c:plotArea>${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln w="6350"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr>` +
    `</c:chartSpace>`
  );
}

/** A value axis of a scatter chart (ECMA-376 CT_ValAx, elements in schema order). */
function valueAxis(id: number, cross: number, position: "b" | "l", axisTitle: string, format: string, min: number, max: number | null): string {
  const grid = position === "l" ? `<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>` : "";
  return (
    `<c:valAx><c:axId val="${id}"/><c:scaling><c:orientation val="minMax"/>${max === null ? "" : `<c:max val="${max}"/>`}<c:min val="${min}"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="${position}"/>${grid}${title(axisTitle, TEXT_SIZE)}<c:numFmt formatCode="${xmlEscape(format)}" sourceLinked="0"/>` +
    `<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${axisText}` +
    `<c:crossAx val="${cross}"/><c:crosses val="autoZero"/><c:crossBetween val="midCat"/></c:valAx>`
  );
}

/**
 * An XY scatter chart: each point a series of its own (a marker, its name as its label, unless
 * the chart lists it unlabelled), then tags (a series without a marker, its name as its label:
 * "Ranks 2-5" beside points too close to name apart), then guide lines (dashed grey, no marker, no label), each series reading its x and y cells. The x
 * axis runs 0 to 1 (a share), the y axis from 0.
 */
function scatterXml(chart: PlanScatterChart, sheet: string, grid: PlanGrid): string {
  const xy = (s: { x: Rect; y: Rect }) =>
    `<c:xVal><c:numRef><c:f>${xmlEscape(absoluteRef(sheet, s.x))}</c:f>${numCache(grid, s.x, chart.xFormat)}</c:numRef></c:xVal>` +
    `<c:yVal><c:numRef><c:f>${xmlEscape(absoluteRef(sheet, s.y))}</c:f>${numCache(grid, s.y, chart.yFormat)}</c:numRef></c:yVal><c:smooth val="0"/>`;
  const named = (k: number, name: string) => `<c:idx val="${k}"/><c:order val="${k}"/><c:tx><c:v>${xmlEscape(name)}</c:v></c:tx>`;
  const label =
    `<c:dLbls><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>${axisText}<c:dLblPos val="r"/>` +
    `<c:showLegendKey val="0"/><c:showVal val="0"/><c:showCatName val="0"/><c:showSerName val="1"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>`;
  const points = chart.points.map((p, k) => {
    const colour = SERIES_COLORS[0];
    return (
      `<c:ser>${named(k, p.name)}<c:spPr><a:ln w="19050"><a:noFill/></a:ln></c:spPr>` +
      `<c:marker><c:symbol val="circle"/><c:size val="8"/><c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr></c:marker>` +
      `${chart.unlabelled?.includes(k) ? "" : label}${xy(p)}</c:ser>`
    );
  });
  const tags = (chart.tags ?? []).map(
    (t, k) =>
      `<c:ser>${named(chart.points.length + k, t.name)}<c:spPr><a:ln w="19050"><a:noFill/></a:ln></c:spPr>` +
      `<c:marker><c:symbol val="none"/></c:marker>${label}${xy(t)}</c:ser>`,
  );
  const tagCount = tags.length;
  const lines = chart.lines.map(
    (l, k) =>
      `<c:ser>${named(chart.points.length + tagCount + k, l.name)}<c:spPr><a:ln w="12700"><a:solidFill><a:srgbClr val="7F7F7F"/></a:solidFill><a:prstDash val="dash"/></a:ln></c:spPr>` +
      `<c:marker><c:symbol val="none"/></c:marker>${xy(l)}</c:ser>`,
  );
  const plot =
    `<c:scatterChart><c:scatterStyle val="lineMarker"/><c:varyColors val="0"/>${[...points, ...tags, ...lines].join("")}` +
    `<c:axId val="500000011"/><c:axId val="500000012"/></c:scatterChart>` +
    valueAxis(500000011, 500000012, "b", chart.xTitle, chart.xFormat, 0, 1) +
    valueAxis(500000012, 500000011, "l", chart.yTitle, chart.yFormat, 0, null);
  return chartSpace(chart.title, plot, "");
}

/** The drawing of one sheet: a two-cell anchor per chart, each pointing at its chart part by rId1, rId2, ... */
export function drawingXml(charts: readonly Pick<ChartSpec, "anchor" | "title">[]): string {
  const anchors = charts
    .map((chart, k) => {
      const a = chart.anchor;
      const at = (row: number, col: number) => `<xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
      return (
        `<xdr:twoCellAnchor editAs="oneCell"><xdr:from>${at(a.row, a.col)}</xdr:from><xdr:to>${at(a.row + a.rows, a.col + a.cols)}</xdr:to>` +
        `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${k + 2}" name="${xmlEscape(`Chart ${k + 1}: ${chart.title}`)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
        `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
        `<a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" xmlns:r="${NS.r}" r:id="rId${k + 1}"/></a:graphicData></a:graphic>` +
        `</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
      );
    })
    .join("");
  return `${XML_HEAD}<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}">${anchors}</xdr:wsDr>`;
}

export function relationshipsXml(rels: readonly { id: string; type: string; target: string }[]): string {
  const items = rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${xmlEscape(r.target)}"/>`).join("");
  return `${XML_HEAD}<Relationships xmlns="${NS.rels}">${items}</Relationships>`;
}

/** `[Content_Types].xml` with an Override per added part. */
export function withOverrides(contentTypes: string, overrides: readonly { part: string; type: string }[]): string {
  const extra = overrides.map((o) => `<Override PartName="/${xmlEscape(o.part)}" ContentType="${o.type}"/>`).join("");
  return contentTypes.replace("</Types>", `${extra}</Types>`);
}

/** A custom property's value as Excel stores it: UTF-16LE bytes, no byte order mark. */
export function customPropertyBytes(value: string): Buffer {
  return Buffer.from(value, "utf16le");
}

/** Reads a custom property part back. */
export function customPropertyValue(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("utf16le");
}

/**
 * What goes into a worksheet's XML after its page setup and before its comments' legacy
 * drawing (the order of CT_Worksheet): its custom properties, then its drawing.
 */
export function sheetTailXml(properties: readonly { name: string; rId: string }[], drawingRId: string | null): string {
  const props = properties.length > 0 ? `<customProperties>${properties.map((p) => `<customPr name="${xmlEscape(p.name)}" r:id="${p.rId}"/>`).join("")}</customProperties>` : "";
  return props + (drawingRId ? `<drawing r:id="${drawingRId}"/>` : "");
}
