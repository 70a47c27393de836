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
});
