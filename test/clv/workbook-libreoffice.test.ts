// Issue 8, "What must be shown" 4: the CLV workbook of the CDNOW log, as the .xlsx writer
// makes it, recalculated by LibreOffice, shows in every formula cell the value it cached
// (P(alive), Gamma-Gamma spend, the CLV from its parts, totals, deciles), and carries the
// calibration chart as a native chart reading the calibration table.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { clvBlocks, planClvSheet, type ClvSheetPlan } from "../../src/clv/sheet";
import { isKpiError } from "../../src/kpi/errors";
import { writeClvXlsx } from "../../src/xlsx/clvWriter";
import { disposeLibreOffice, libreOfficeAvailable, recalculate } from "../helpers/libreoffice";
import { compareWithCache } from "../helpers/recalculated";
import { cdnowSheetInput, describeWithData } from "./cdnow";

const withLibreOffice = libreOfficeAvailable() ? it : it.skip;
if (!libreOfficeAvailable() && process.env.CI) throw new Error("LibreOffice (soffice) is required in CI for the CLV workbook test");

let dir: string;
let path: string;
let plan: ClvSheetPlan;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kpi-clv-book-"));
  path = join(dir, "clv.xlsx");
  const p = planClvSheet(cdnowSheetInput({ mode: "portable" }));
  if (isKpiError(p)) throw new Error(p.message);
  plan = p;
  await writeClvXlsx(plan, { path, created: new Date("2026-12-01T09:00:00Z") });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await disposeLibreOffice();
});

describeWithData("the CLV workbook of the CDNOW log", () => {
  withLibreOffice("recalculated by LibreOffice, shows the values it cached in every formula cell", async () => {
    const sheet = (await recalculate(path))[plan.sheetName];
    const result = compareWithCache({ blocks: clvBlocks(plan) }, sheet);
    expect(result.mismatches).toEqual([]);
    // P(alive), expected purchases, discount factor, spend and CLV of 2,357 customers, the
    // per-period rows, the totals, the deciles and their shares.
    expect(result.numbers).toBeGreaterThan(5 * 2357 + 20);
    // The fitted parameters are plain cells the formulas read: LibreOffice shows them as written.
    expect(sheet[19][1]).toBeCloseTo(0.243, 3);
    expect(sheet[20][1]).toBeCloseTo(4.414, 3);
  });

  it("holds the calibration chart as a column chart of the calibration table's two columns", async () => {
    const zip = await JSZip.loadAsync(readFileSync(path));
    const text = async (name: string) => (await zip.file(name)?.async("string")) ?? "";
    // Found as Excel finds it: the sheet's drawing relationship, then the drawing's chart relationship.
    const drawingTarget = /Type="[^"]*\/relationships\/drawing" Target="\.\.\/(drawings\/drawing\d+\.xml)"/.exec(await text("xl/worksheets/_rels/sheet1.xml.rels"))?.[1];
    expect(drawingTarget).toBeDefined();
    const drawing = await text(`xl/${drawingTarget}`);
    expect(drawing.match(/<xdr:twoCellAnchor/g)).toHaveLength(1);
    const chartTarget = /Target="\.\.\/(charts\/chart[\w]+\.xml)"/.exec(await text(`xl/drawings/_rels/${drawingTarget!.slice("drawings/".length)}.rels`))?.[1];
    expect(chartTarget).toBeDefined();
    const chart = await text(`xl/${chartTarget}`);
    expect(chart).toContain("<c:barChart>");
    // Two series, actual and expected, told apart by a legend; both axes titled.
    expect(chart.match(/<c:ser>/g)).toHaveLength(2);
    expect(chart).toContain("<c:tx><c:v>Actual</c:v></c:tx>");
    expect(chart).toContain("<c:tx><c:v>Expected (BG/NBD)</c:v></c:tx>");
    expect(chart).toContain("<c:legend>");
    expect(chart).toContain("<a:t>Repeat purchases in the calibration period</a:t>");
    expect(chart).toContain("<a:t>Purchases per customer</a:t>");
    expect(chart).toContain("<c:f>'Customer lifetime value'!$R$27:$R$34</c:f>");
    expect(chart).toContain("<c:f>'Customer lifetime value'!$S$27:$S$34</c:f>");
    expect(chart).toContain("<c:f>'Customer lifetime value'!$P$27:$P$34</c:f>");
    // The cache is the table's values, so a viewer that does not recalculate draws the same bars.
    const actual = plan.calibration!.map((g) => g.actual);
    expect(chart).toContain(`<c:pt idx="0"><c:v>${actual[0]}</c:v></c:pt>`);
    const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    expect(sheet).toMatch(/<drawing r:id="rId\d+"\/><\/worksheet>$/);
    const types = await zip.file("[Content_Types].xml")!.async("string");
    expect(types).toContain(`<Override PartName="/xl/${chartTarget}" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`);
    expect(types).toContain(`<Override PartName="/xl/${drawingTarget}" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`);
  });

  it("writes the native formulas a reviewer audits, next to the cached values", async () => {
    const sheet = await (await JSZip.loadAsync(readFileSync(path))).file("xl/worksheets/sheet1.xml")!.async("string");
    // P(alive) of the top customer, from x, t_x, T and the fitted r, alpha, a, b.
    expect(sheet).toContain("<f>IF(E2=0,1,1/(1+$B$22/($B$23+E2-1)*(($B$21+G2)/($B$21+F2))^($B$20+E2)))</f>");
    // Expected purchases: P(alive) times its curve (row N2 of the per-period table) over the periods in the horizon.
    expect(sheet).toMatch(/<f>I2\*SUMPRODUCT\(\$X\$3:\$BW\$3,INDEX\(\$X\$19:\$BW\$\d+,N2,0\)\)<\/f>/);
    expect(sheet).toContain("<f>$B$29*($B$31+E2*H2)/($B$29*E2+$B$30-1)</f>");
    expect(sheet).toContain("<f>J2*K2*L2*$B$16</f>");
    // The horizon drives the in-horizon row, the discount rate the discount factors.
    expect(sheet).toContain("<f>IF($B$13&gt;52,NA(),IF(X$1&lt;=$B$13,1,0))</f>");
    expect(sheet).toContain("<f>1/(1+$B$14)^X$1</f>");
    expect(sheet).not.toContain("KPI.");
  });

  it("prints the parameters, the table and the summary one page wide, with the table's header on every page", async () => {
    const book = await JSZip.loadAsync(readFileSync(path));
    const workbook = await book.file("xl/workbook.xml")!.async("string");
    expect(workbook).toMatch(/<definedName name="_xlnm.Print_Area" localSheetId="0">&apos;Customer lifetime value&apos;!\$A\$1:\$S\$2358<\/definedName>/);
    expect(workbook).toMatch(/<definedName name="_xlnm.Print_Titles" localSheetId="0">&apos;Customer lifetime value&apos;!\$1:\$1<\/definedName>/);
    const sheet = await book.file("xl/worksheets/sheet1.xml")!.async("string");
    expect(sheet).toMatch(/<pageSetup[^>]*fitToWidth="1"[^>]*fitToHeight="0"/);
    expect(sheet).toMatch(/<pageSetup[^>]*orientation="landscape"/);
  });
});
