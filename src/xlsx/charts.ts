/**
 * Native Excel charts for exceljs' streaming writer, which cannot make them: a chart is three
 * small DrawingML parts (xl/charts/chartN.xml, the sheet's xl/drawings/drawingN.xml that
 * anchors it, and that drawing's relationships) plus a `<drawing>` element in the sheet and
 * two content-type overrides. They are added to the zip while it streams, so a large sheet is
 * never unpacked again. Series read ranges of the sheet (so Excel and LibreOffice redraw them
 * when a cell changes) and carry their values as a cache, as Excel writes them.
 *
 * Writes clustered column and line charts. It reaches into exceljs 4.4 internals (the
 * worksheet's relationship writer and its legacy-drawing step, the workbook's zip and content
 * types): `attachCharts` checks that they are there and fails loudly if exceljs changes.
 * Schema: ECMA-376 Part 1, 21.2 (DrawingML charts) and 20.5 (spreadsheet drawing).
 */
import type ExcelJS from "exceljs";
import { cellAddress } from "../scorecard/a1";
import type { Rect } from "../scorecard/types";

export interface ChartSeries {
  readonly name: string;
  /** A1 range of the values on the chart's sheet (one row or one column). */
  readonly values: Rect;
  readonly cache: readonly number[];
}

export interface ChartPart {
  readonly type: "column" | "line";
  readonly title: string;
  readonly categories: Rect;
  readonly categoryCache: readonly string[];
  readonly series: readonly ChartSeries[];
  /** Cells the chart covers. */
  readonly anchor: Rect;
  readonly xTitle?: string;
  readonly yTitle?: string;
}

const REL_DRAWING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing";
const REL_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart";
const NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing";
/** Office's default palette (accent 1, 2, 4): blue, orange, grey-blue. */
const COLOURS = ["4472C4", "ED7D31", "A5A5A5", "FFC000"];

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);

/** An absolute reference to a range of `sheet`: 'Customer lifetime value'!$N$21:$N$28. */
export function sheetRange(sheet: string, r: Rect): string {
  const from = cellAddress(r.row, r.col, true);
  const to = cellAddress(r.row + r.rows - 1, r.col + r.cols - 1, true);
  return `'${sheet.replace(/'/g, "''")}'!${from}${from === to ? "" : `:${to}`}`;
}

function richTitle(text: string, size: number): string {
  return (
    `<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz="${size}" b="1"/></a:pPr>` +
    `<a:r><a:rPr lang="en-US" sz="${size}" b="1"/><a:t>${esc(text)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>`
  );
}

function number(v: number): string {
  return Number.isFinite(v) ? String(v) : "";
}

/** The chart part (xl/charts/chartN.xml) of one chart on `sheet`. */
export function chartXml(sheet: string, chart: ChartPart): string {
  const cats = chart.categoryCache;
  const catXml =
    `<c:cat><c:strRef><c:f>${esc(sheetRange(sheet, chart.categories))}</c:f><c:strCache><c:ptCount val="${cats.length}"/>` +
    cats.map((c, i) => `<c:pt idx="${i}"><c:v>${esc(c)}</c:v></c:pt>`).join("") +
    `</c:strCache></c:strRef></c:cat>`;
  const series = chart.series
    .map((s, k) => {
      const colour = COLOURS[k % COLOURS.length];
      const look =
        chart.type === "column"
          ? `<c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>`
          : `<c:spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></a:ln></c:spPr><c:marker><c:symbol val="circle"/><c:size val="5"/></c:marker>`;
      return (
        `<c:ser><c:idx val="${k}"/><c:order val="${k}"/><c:tx><c:v>${esc(s.name)}</c:v></c:tx>${look}${catXml}` +
        `<c:val><c:numRef><c:f>${esc(sheetRange(sheet, s.values))}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${s.cache.length}"/>` +
        s.cache.map((v, i) => `<c:pt idx="${i}"><c:v>${number(v)}</c:v></c:pt>`).join("") +
        `</c:numCache></c:numRef></c:val>${chart.type === "line" ? '<c:smooth val="0"/>' : ""}</c:ser>`
      );
    })
    .join("");
  const plot =
    chart.type === "column"
      ? `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series}<c:gapWidth val="80"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>`
      : `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series}<c:marker val="1"/><c:axId val="1001"/><c:axId val="1002"/></c:lineChart>`;
  const axisTitle = (t?: string) => (t ? richTitle(t, 900) : "");
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}"><c:roundedCorners val="0"/>` +
    `<c:chart>${richTitle(chart.title, 1200)}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>${plot}` +
    `<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>${axisTitle(chart.xTitle)}` +
    `<c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="1002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>` +
    `<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>` +
    `<c:majorGridlines><c:spPr><a:ln><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>${axisTitle(chart.yTitle)}` +
    `<c:numFmt formatCode="0.00" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="1001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    `</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`
  );
}

/** The sheet's drawing part: one two-cell anchor per chart, chart k at relationship rId{k+1}. */
export function drawingXml(charts: readonly ChartPart[]): string {
  const anchors = charts
    .map((c, k) => {
      const a = c.anchor;
      return (
        `<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>${a.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${a.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
        `<xdr:to><xdr:col>${a.col + a.cols}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${a.row + a.rows}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
        `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${k + 2}" name="Chart ${k + 1}" descr="${esc(c.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
        `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" r:id="rId${k + 1}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
      );
    })
    .join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}" xmlns:r="${NS_R}">${anchors}</xdr:wsDr>`;
}

interface ZipLike {
  append(data: string, options: { name: string }): unknown;
}
interface WorkbookInternals {
  zip: ZipLike;
  addContentTypes(): Promise<void>;
}
interface SheetInternals {
  readonly id: number;
  _sheetRelsWriter: { addRelationship(rel: { Target: string; Type: string }): string };
  _writeLegacyData(): void;
  stream: { write(s: string): unknown };
}

function internals(wb: unknown, ws: unknown): { book: WorkbookInternals; sheet: SheetInternals } {
  const book = wb as Partial<WorkbookInternals>;
  const sheet = ws as Partial<SheetInternals>;
  if (
    typeof book.zip?.append !== "function" ||
    typeof book.addContentTypes !== "function" ||
    typeof sheet._sheetRelsWriter?.addRelationship !== "function" ||
    typeof sheet._writeLegacyData !== "function" ||
    typeof sheet.id !== "number"
  ) {
    throw new Error("this exceljs has no streaming internals the chart writer knows: charts cannot be added");
  }
  return { book: book as WorkbookInternals, sheet: sheet as SheetInternals };
}

/** Content-type overrides added so far, per workbook (one hook per workbook). */
const overrides = new WeakMap<object, string[]>();

/**
 * Adds `charts` to the streaming sheet `ws` of `wb`. Call before the sheet is committed; the
 * sheet's `<drawing>` element is written at its commit, the content types at the workbook's.
 */
export function attachCharts(wb: ExcelJS.stream.xlsx.WorkbookWriter, ws: ExcelJS.Worksheet, sheetName: string, charts: readonly ChartPart[]): void {
  if (charts.length === 0) return;
  const { book, sheet } = internals(wb, ws);
  let types = overrides.get(book);
  if (!types) {
    const list: string[] = [];
    overrides.set(book, (types = list));
    const addContentTypes = book.addContentTypes.bind(book);
    book.addContentTypes = async () => {
      const append = book.zip.append.bind(book.zip);
      book.zip.append = (data, options) => append(options.name === "[Content_Types].xml" ? data.replace("</Types>", `${list.join("")}</Types>`) : data, options);
      try {
        await addContentTypes();
      } finally {
        book.zip.append = append;
      }
    };
  }
  const drawing = `drawing${sheet.id}`;
  const chartNames = charts.map((_, k) => `chart${sheet.id}_${k + 1}`);
  const rId = sheet._sheetRelsWriter.addRelationship({ Target: `../drawings/${drawing}.xml`, Type: REL_DRAWING });
  const writeLegacy = sheet._writeLegacyData.bind(sheet);
  // <drawing> comes right before <legacyDrawing> in a worksheet (ECMA-376 18.3.1.99).
  sheet._writeLegacyData = () => {
    sheet.stream.write(`<drawing r:id="${rId}"/>`);
    writeLegacy();
  };
  book.zip.append(drawingXml(charts), { name: `xl/drawings/${drawing}.xml` });
  const rels = chartNames.map((name, k) => `<Relationship Id="rId${k + 1}" Type="${REL_CHART}" Target="../charts/${name}.xml"/>`).join("");
  book.zip.append(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`,
    { name: `xl/drawings/_rels/${drawing}.xml.rels` },
  );
  types.push(`<Override PartName="/xl/drawings/${drawing}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`);
  charts.forEach((chart, k) => {
    book.zip.append(chartXml(sheetName, chart), { name: `xl/charts/${chartNames[k]}.xml` });
    types.push(`<Override PartName="/xl/charts/${chartNames[k]}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`);
  });
}
