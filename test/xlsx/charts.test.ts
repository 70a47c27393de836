// The one chart writer both packages use (src/xlsx/parts.ts): the scorecard's one-series lines
// and columns and the CLV sheet's two-series calibration columns come out of the same code.
import { chartXml, drawingXml, PlanGrid, scorecardChart, type ChartSpec } from "../../src/xlsx/parts";

const grid = new PlanGrid({
  blocks: [
    {
      row: 0,
      col: 0,
      cells: [
        ["0", 0.2, 0.19],
        ["1", { formula: "=B1*2", value: 0.7 }, { formula: "=NA()", value: { error: "#N/A" } }],
        ["7+", 6.4, 6.2],
      ],
      numberFormats: [
        ["@", "0.000", "0.000"],
        ["@", "0.000", "0.000"],
        ["@", "0.000", "0.000"],
      ],
    },
  ],
});
const col = (c: number) => ({ row: 0, col: c, rows: 3, cols: 1 });
const two: ChartSpec = {
  type: "column",
  title: "Actual & expected",
  categories: col(0),
  series: [
    { name: "Actual", values: col(1) },
    { name: "Expected", values: col(2) },
  ],
  anchor: { row: 4, col: 0, rows: 10, cols: 5 },
  axisFormat: "0.00",
  xTitle: "Repeat purchases",
  yTitle: "Per customer",
};

describe("the chart writer shared by the scorecard and the CLV packages", () => {
  it("writes each series of a chart with its own colour, its range of the sheet and its cached values, and a legend to tell them apart", () => {
    const xml = chartXml(two, "My sheet", grid);
    expect(xml.match(/<c:ser>/g)).toHaveLength(2);
    expect(xml).toContain('<c:ser><c:idx val="1"/><c:order val="1"/><c:tx><c:v>Expected</c:v></c:tx>');
    expect(new Set(xml.match(/<a:srgbClr val="(1F4E79|ED7D31)"\/>/g))).toEqual(new Set(['<a:srgbClr val="1F4E79"/>', '<a:srgbClr val="ED7D31"/>']));
    expect(xml).toContain("<c:f>'My sheet'!$B$1:$B$3</c:f>");
    expect(xml).toContain("<c:f>'My sheet'!$C$1:$C$3</c:f>");
    // A formula's cached value is plotted; an error is a gap, not a zero.
    expect(xml).toContain('<c:ptCount val="3"/><c:pt idx="0"><c:v>0.2</c:v></c:pt><c:pt idx="1"><c:v>0.7</c:v></c:pt><c:pt idx="2"><c:v>6.4</c:v></c:pt>');
    expect(xml).toContain('<c:ptCount val="3"/><c:pt idx="0"><c:v>0.19</c:v></c:pt><c:pt idx="2"><c:v>6.2</c:v></c:pt>');
    expect(xml).toContain('<c:pt idx="2"><c:v>7+</c:v></c:pt>');
    expect(xml).toContain("<c:legend><c:legendPos val=\"b\"/>");
    expect(xml).toContain("<a:t>Actual &amp; expected</a:t>");
    expect(xml).toContain("<a:t>Repeat purchases</a:t>");
    expect(xml).toContain("<a:t>Per customer</a:t>");
    expect(xml).toMatch(/<c:valAx>.*<c:numFmt formatCode="0\.00" sourceLinked="0"\/>/);
    expect(xml).not.toContain("<c:dLbls>");
  });

  it("writes a scorecard chart as one series named by its title, with value labels on columns and no legend", () => {
    const bar = chartXml(scorecardChart({ type: "bar", title: "NPS", categories: col(0), values: col(1), anchor: two.anchor }), "S", grid);
    expect(bar.match(/<c:ser>/g)).toHaveLength(1);
    expect(bar).toContain("<c:tx><c:v>NPS</c:v></c:tx>");
    expect(bar).toContain('<c:dLbls><c:numFmt formatCode="0.000" sourceLinked="0"/>');
    expect(bar).not.toContain("<c:legend>");
    expect(bar).toContain('<c:min val="0"/>');
    const line = chartXml(scorecardChart({ type: "line", title: "NPS", categories: col(0), values: col(1), anchor: two.anchor }), "S", grid);
    expect(line).toContain("<c:lineChart>");
    expect(line).not.toContain("<c:dLbls>");
    expect(line.match(/<c:title>/g)).toHaveLength(1); // the chart's; its axes are untitled
  });

  it("anchors each chart of a sheet between the cells it covers, chart k at relationship rId k", () => {
    const xml = drawingXml([two, { ...two, title: "Second", anchor: { row: 20, col: 2, rows: 5, cols: 3 } }]);
    expect(xml.match(/<xdr:twoCellAnchor/g)).toHaveLength(2);
    expect(xml).toContain("<xdr:from><xdr:col>2</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>20</xdr:row>");
    expect(xml).toContain("<xdr:to><xdr:col>5</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>25</xdr:row>");
    expect(xml).toContain('name="Chart 2: Second"');
    expect(xml).toContain('r:id="rId2"');
  });

  const cell = (r: number, c: number) => ({ row: r, col: c, rows: 1, cols: 1 });
  /** A scatter chart of two points over cells B1/C3 and B2/C3, with what a test adds. */
  const scatterOf = (names: readonly [string, string], more: Partial<Extract<ChartSpec, { type: "scatter" }>>): ChartSpec => ({
    type: "scatter",
    title: "What moves NPS: importance against performance",
    points: [
      { name: names[0], x: cell(0, 1), y: cell(2, 1) },
      { name: names[1], x: cell(1, 1), y: cell(2, 2) },
    ],
    lines: [],
    xTitle: "Performance",
    yTitle: "Importance",
    xFormat: "0%",
    yFormat: "0.0%",
    anchor: { row: 4, col: 0, rows: 20, cols: 5 },
    ...more,
  });

  it("writes an XY scatter chart: a labelled, line-less point per series over its x and y cells, dashed guide lines, two value axes", () => {
    const scatter = scatterOf(["Speed & service", "Price"], { lines: [{ name: "average", x: col(1), y: col(2) }] });
    const xml = chartXml(scatter, "KPI Scorecard", grid);
    expect(xml).toContain('<c:scatterChart><c:scatterStyle val="lineMarker"/>');
    expect(xml.match(/<c:ser>/g)).toHaveLength(3);
    // Each point: its name escaped, no line, its name as its label, its cells and their cached values.
    expect(xml).toContain("<c:tx><c:v>Speed &amp; service</c:v></c:tx><c:spPr><a:ln w=\"19050\"><a:noFill/></a:ln></c:spPr>");
    expect(xml.match(/<c:showSerName val="1"\/>/g)).toHaveLength(2);
    expect(xml).toContain("<c:xVal><c:numRef><c:f>'KPI Scorecard'!$B$1:$B$1</c:f>");
    expect(xml).toContain("<c:yVal><c:numRef><c:f>'KPI Scorecard'!$C$3:$C$3</c:f><c:numCache><c:formatCode>0.0%</c:formatCode><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>6.2</c:v></c:pt>");
    // The guide line: dashed, no marker, no label; it reads three cells each way (a gap at the error).
    expect(xml).toContain('<a:prstDash val="dash"/></a:ln></c:spPr><c:marker><c:symbol val="none"/></c:marker><c:xVal>');
    // Two value axes crossing each other, x from 0 to 1.
    expect(xml.match(/<c:valAx>/g)).toHaveLength(2);
    expect(xml).toContain('<c:scaling><c:orientation val="minMax"/><c:max val="1"/><c:min val="0"/></c:scaling>');
    expect(xml).not.toContain("<c:catAx>");
    expect(xml).not.toContain("<c:legend>");
  });

  it("draws a point the chart lists unlabelled without a label, and a tag as a label without a marker over its point's cells", () => {
    const scatter = scatterOf(["Price", "Wait time"], { unlabelled: [0, 1], tags: [{ name: "Ranks 1, 2", x: cell(0, 1), y: cell(2, 1) }] });
    const series = chartXml(scatter, "KPI Scorecard", grid).split("<c:ser>").slice(1);
    expect(series).toHaveLength(3);
    expect(series.map((x) => x.includes('<c:showSerName val="1"/>'))).toEqual([false, false, true]);
    expect(series.map((x) => x.includes('<c:marker><c:symbol val="none"/></c:marker>'))).toEqual([false, false, true]);
    expect(series[2]).toContain("<c:tx><c:v>Ranks 1, 2</c:v></c:tx>");
    expect(series[2]).toContain("<c:xVal><c:numRef><c:f>'KPI Scorecard'!$B$1:$B$1</c:f>");
  });
});
