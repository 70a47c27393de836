/**
 * Test helper: opens an .xlsx file as Excel would hand it to the add-in, as a FakeWorkbook
 * (test/fakes/excel.ts): every sheet with its visibility, its cells (values; formulas as the
 * cell shows them, `=KPI.NPS(...)` for a stored `_xldudf_KPI_NPS(...)`), its worksheet custom
 * properties (read from their UTF-16LE parts, as Excel loads them into
 * `worksheet.customProperties`) and its charts. So a workbook the command line wrote can be
 * opened by the pane's code (readStoredSpec, writePlan) exactly as in Excel.
 */
import { readFile } from "node:fs/promises";
import { posix } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { sheetFormula } from "../../src/xlsx/formulas";
import { customPropertyValue } from "../../src/xlsx/parts";
import { FakeWorkbook, type SheetModel } from "../fakes/excel";

const attr = (tag: string, name: string): string | undefined => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** A part's relationships: id -> target path in the zip. */
async function relsOf(zip: JSZip, part: string): Promise<Map<string, string>> {
  const relsPath = posix.join(posix.dirname(part), "_rels", `${posix.basename(part)}.rels`);
  const xml = await zip.file(relsPath)?.async("string");
  const out = new Map<string, string>();
  for (const tag of xml?.match(/<Relationship\b[^>]*>/g) ?? []) {
    const id = attr(tag, "Id");
    const target = attr(tag, "Target");
    if (id && target) out.set(id, target.startsWith("/") ? target.slice(1) : posix.normalize(posix.join(posix.dirname(part), unescape(target))));
  }
  return out;
}

export interface LoadedBook {
  readonly book: FakeWorkbook;
  /** Per sheet name: the chart kinds and titles its drawing holds. */
  readonly charts: ReadonlyMap<string, readonly { type: "Line" | "ColumnClustered"; title: string }[]>;
}

export async function loadXlsxIntoFake(path: string): Promise<LoadedBook> {
  const buffer = await readFile(path);
  const zip = await JSZip.loadAsync(buffer);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  const workbookXml = (await zip.file("xl/workbook.xml")?.async("string")) ?? "";
  const workbookRels = await relsOf(zip, "xl/workbook.xml");
  const book = new FakeWorkbook();
  const charts = new Map<string, { type: "Line" | "ColumnClustered"; title: string }[]>();
  for (const tag of workbookXml.match(/<sheet\b[^>]*>/g) ?? []) {
    const name = unescape(attr(tag, "name") ?? "");
    const state = attr(tag, "state");
    const part = workbookRels.get(attr(tag, "r:id") ?? "") ?? "";
    const sheet: SheetModel = book.createSheet(name);
    sheet.visibility = state === "veryHidden" ? "VeryHidden" : state === "hidden" ? "Hidden" : "Visible";

    const ws = wb.getWorksheet(name);
    ws?.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const v = cell.value;
        const numberFormat = cell.numFmt || "General";
        if (v !== null && typeof v === "object" && "formula" in v) {
          const result = (v as ExcelJS.CellFormulaValue).result;
          const value = typeof result === "number" || typeof result === "string" || typeof result === "boolean" ? result : null;
          sheet.setCell(r - 1, c - 1, { value, formula: sheetFormula(String(v.formula)), numberFormat });
        } else if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") {
          sheet.setCell(r - 1, c - 1, { value: v, formula: null, numberFormat });
        }
      });
    });

    const sheetXml = (await zip.file(part)?.async("string")) ?? "";
    const rels = await relsOf(zip, part);
    for (const pr of sheetXml.match(/<customPr\b[^>]*>/g) ?? []) {
      const bytes = await zip.file(rels.get(attr(pr, "r:id") ?? "") ?? "")?.async("uint8array");
      if (bytes) sheet.customProperties.set(unescape(attr(pr, "name") ?? ""), customPropertyValue(bytes));
    }
    const drawingTag = /<drawing\b[^>]*>/.exec(sheetXml)?.[0];
    const drawing = drawingTag ? rels.get(attr(drawingTag, "r:id") ?? "") : undefined;
    if (drawing) {
      const drawingRels = await relsOf(zip, drawing);
      const drawingXml = (await zip.file(drawing)?.async("string")) ?? "";
      const found: { type: "Line" | "ColumnClustered"; title: string }[] = [];
      for (const ref of drawingXml.match(/<c:chart\b[^>]*>/g) ?? []) {
        const chartXml = (await zip.file(drawingRels.get(attr(ref, "r:id") ?? "") ?? "")?.async("string")) ?? "";
        const title = unescape(/<c:title>.*?<a:t>([^<]*)<\/a:t>/.exec(chartXml)?.[1] ?? "");
        found.push({ type: chartXml.includes("<c:barChart>") ? "ColumnClustered" : "Line", title });
      }
      charts.set(name, found);
    }
  }
  const first = book.sheets.find((s) => s.visibility === "Visible");
  if (first) book.activeSheetId = first.id;
  return { book, charts };
}
