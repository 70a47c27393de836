/**
 * Adds to a workbook that exceljs' streaming WorkbookWriter writes the parts exceljs cannot
 * write (./parts.ts makes their XML): worksheet custom properties and a drawing of native
 * charts per sheet. It reaches into exceljs 4.4 internals (the worksheet's relationship writer
 * and its legacy-drawing step, the workbook's zip) and fails loudly when they are not there.
 * The parts are queued after the last sheet, so a large sheet streams through untouched.
 */
import type ExcelJS from "exceljs";
import { chartXml, CONTENT_TYPE, customPropertyBytes, drawingXml, REL, relationshipsXml, sheetTailXml, withOverrides, type ChartSpec, type PackagePart, type PlanGrid } from "./parts";

/** The charts of one sheet, and the plan's cells whose values they cache. */
export interface SheetCharts {
  readonly sheet: string;
  readonly grid: PlanGrid;
  readonly specs: readonly ChartSpec[];
}

/** exceljs' streaming sheet writer, as far as the parts it cannot write need it. */
interface SheetWriterInternals {
  readonly stream: { write(data: string): unknown };
  _writeLegacyData(): void;
  readonly _sheetRelsWriter: { addRelationship(rel: { Type: string; Target: string }): string };
}

function isSheetWriter(ws: unknown): ws is SheetWriterInternals {
  const w = ws as Partial<SheetWriterInternals> | null;
  return typeof w?._writeLegacyData === "function" && typeof w._sheetRelsWriter?.addRelationship === "function";
}

/** The zip that exceljs' WorkbookWriter fills. */
interface ZipInternals {
  append(data: string | Buffer, options: { name: string }): unknown;
}

/**
 * Adds what exceljs cannot write to a sheet: its custom properties and its drawing of charts.
 * Their relationships go into the sheet's rels now; their elements into the sheet's XML when
 * exceljs closes it; the parts themselves, and the content types that name them, at finish().
 * Both packages (the scorecard's and the CLV sheet's) add their parts this one way.
 */
export class ExtraParts {
  readonly parts: PackagePart[] = [];
  readonly overrides: { part: string; type: string }[] = [];
  private properties = 0;
  private drawings = 0;
  private charts = 0;

  private readonly zip: ZipInternals;

  constructor(wb: ExcelJS.stream.xlsx.WorkbookWriter) {
    const zip = (wb as unknown as { zip?: Partial<ZipInternals> }).zip;
    if (typeof zip?.append !== "function") throw new Error("exceljs' workbook writer has changed: its charts and markers cannot be added");
    this.zip = zip as ZipInternals;
  }

  addToSheet(ws: ExcelJS.Worksheet, properties: readonly { name: string; value: string }[], charts?: SheetCharts): void {
    if (!isSheetWriter(ws)) throw new Error("exceljs' sheet writer has changed: its charts and markers cannot be added");
    const props = properties.map((p) => {
      const part = `xl/customProperty${++this.properties}.bin`;
      this.parts.push({ name: part, data: customPropertyBytes(p.value) });
      this.overrides.push({ part, type: CONTENT_TYPE.customProperty });
      return { name: p.name, rId: ws._sheetRelsWriter.addRelationship({ Type: REL.customProperty, Target: `../${part.slice(3)}` }) };
    });
    let drawingRId: string | null = null;
    if (charts && charts.specs.length > 0) {
      const drawing = `xl/drawings/drawing${++this.drawings}.xml`;
      const rels = charts.specs.map((spec, k) => {
        const chart = `xl/charts/chart${++this.charts}.xml`;
        this.parts.push({ name: chart, data: chartXml(spec, charts.sheet, charts.grid) });
        this.overrides.push({ part: chart, type: CONTENT_TYPE.chart });
        return { id: `rId${k + 1}`, type: REL.chart, target: `../charts/chart${this.charts}.xml` };
      });
      this.parts.push({ name: drawing, data: drawingXml(charts.specs) });
      this.parts.push({ name: `xl/drawings/_rels/drawing${this.drawings}.xml.rels`, data: relationshipsXml(rels) });
      this.overrides.push({ part: drawing, type: CONTENT_TYPE.drawing });
      drawingRId = ws._sheetRelsWriter.addRelationship({ Type: REL.drawing, Target: `../drawings/drawing${this.drawings}.xml` });
    }
    const tail = sheetTailXml(props, drawingRId);
    if (tail === "") return;
    const writeLegacyData = ws._writeLegacyData.bind(ws);
    ws._writeLegacyData = () => {
      ws.stream.write(tail);
      writeLegacyData();
    };
  }

  /** Queues the parts, and has exceljs' content types name them. */
  finish(): void {
    for (const part of this.parts) this.zip.append(part.data, { name: part.name });
    const append = this.zip.append.bind(this.zip);
    const overrides = this.overrides;
    this.zip.append = (data, options) => append(options.name === "[Content_Types].xml" && typeof data === "string" ? withOverrides(data, overrides) : data, options);
  }
}

