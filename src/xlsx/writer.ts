/**
 * The exceljs writer: applies a ScorecardPlan to a new .xlsx file, next to a copy of the data
 * sheet that the plan's formulas read, and the very hidden sheet that stores the spec. Like the
 * Office.js writer it holds no layout logic: every cell, format, rule and width comes from the
 * plan.
 *
 * - Formula cells carry the plan's cached value (`{formula, result}`), so any viewer shows
 *   numbers without recalculating. A formula is plain (`<f>`), as a user would type it, unless it
 *   needs array evaluation in Excel without dynamic arrays (a range where one value is expected
 *   outside SUMPRODUCT: ../scorecard/legacyFormulas.ts says which); only such a formula is a
 *   single-cell array formula (t="array", ref = its own address), which Excel shows as {=...}.
 * - Formulas are stored as Excel stores them (./formulas.ts): `_xlfn.` before functions newer
 *   than Excel 2007, `_xldudf_KPI_NPS` for the add-in's own `KPI.NPS`.
 * - Bands are conditional formats of type "expression" whose formulas read the threshold cells.
 * - Charts are native DrawingML charts (./parts.ts), added to the package beside exceljs' parts (./extraParts.ts)
 *   with their values cached: exceljs cannot make charts.
 * - Printing: the scorecard prints one page wide (landscape when wide), its header row repeated,
 *   its print area the plan's extent, on A4 or Letter; the data sheet is hidden, so printing or
 *   exporting the workbook gives the scorecard and its charts, not thousands of data rows (it
 *   prints one page wide too when unhidden).
 * - The spec is stored as the pane's Office.js writer stores it (../excel/cells.ts): a very
 *   hidden sheet of label/value rows, and both sheets marked with the add-in's worksheet custom
 *   property, so the pane finds the scorecard and Rebuild replaces it.
 * - The workbook is streamed (exceljs' WorkbookWriter): the data sheet's rows are written as
 *   XML straight into the sheet stream, so a million rows neither build a million exceljs Row
 *   objects nor sit in memory twice.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { cellError } from "../kpi/errors";
import { encodeSpecSheet, MARKER_KEY, scorecardMarker, specMarker } from "../excel/cells";
import { cellAddress, columnLetter, rectAddress } from "../scorecard/a1";
import { formulaProblem, MAX_CELL_CHARS, sheetFitProblem } from "../scorecard/excelLimits";
import { needsArrayEntry } from "../scorecard/legacyFormulas";
import { FOOTER, MARGINS, orientationOf, type Paper } from "../scorecard/print";
import { xmlSafe } from "../scorecard/text";
import type { CachedValue, FormulaCell, PlanBlock, PlanCell, PlanStyle, ScorecardPlan } from "../scorecard/types";
import { fileFormula } from "./formulas";
import { ExtraParts } from "./extraParts";
import { PlanGrid, scorecardChart } from "./parts";
import { InputError, type DataSheet } from "./types";

export { fileFormula } from "./formulas";

export interface WriteOptions {
  /** File to create (the CLI passes a temporary name and renames it when this resolves). */
  readonly path: string;
  /** Called while data rows are written: rows written, rows in all. */
  readonly onProgress?: (rows: number, total: number) => void;
  /** zlib level 0-9; default 6 for small workbooks, 1 above 100,000 data rows (3x faster). */
  readonly compressionLevel?: number;
  /** Workbook creation date (document properties). */
  readonly created?: Date;
  /** Paper to print on (default A4). */
  readonly paper?: Paper;
  /** The build id in the sheets' markers (default a random UUID). */
  readonly buildId?: string;
}

export type { Paper } from "../scorecard/print";
/** exceljs' (and the file format's) paperSize codes. */
export const PAPER_SIZE: Record<Paper, number> = { letter: 1, a4: 9 };

/** Excel's limit on the characters of one cell. */
export const MAX_CELL_TEXT = MAX_CELL_CHARS;

/** Text as a cell holds it: no character XML forbids, at most MAX_CELL_TEXT characters. */
export function cellText(s: string): string {
  const t = xmlSafe(s);
  return t.length > MAX_CELL_TEXT ? t.slice(0, MAX_CELL_TEXT) : t;
}

/** A plan formula as the file stores it, refused when Excel could not hold it. */
export function checkedFormula(formula: string): string {
  const text = xmlSafe(fileFormula(formula));
  const problem = formulaProblem(text);
  if (problem) throw new InputError(`the scorecard cannot be written: ${problem}`);
  return text;
}

function argb(hex: string): string {
  const h = hex.replace(/^#/, "").toUpperCase();
  return /^[0-9A-F]{6}$/.test(h) ? `FF${h}` : "FF000000";
}

export function isFormulaCell(cell: PlanCell): cell is FormulaCell {
  return typeof cell === "object" && cell !== null && "formula" in cell;
}

export function cachedResult(value: CachedValue | null): ExcelJS.CellValue | undefined {
  if (value === null) return undefined;
  if (typeof value === "object") return { error: value.error as ExcelJS.CellErrorValue["error"] };
  if (typeof value === "string") return cellText(value);
  if (typeof value === "number" && !Number.isFinite(value)) return { error: "#NUM!" };
  return value;
}

/**
 * The face of every font the writer sets, the workbook's own default (exceljs writes Calibri 11
 * as the normal style): a font that names no face is drawn in the application's default, which
 * in LibreOffice is a serif (bold headers printed in DejaVu Serif beside DejaVu Sans text).
 */
export const BODY_FONT: Readonly<Partial<ExcelJS.Font>> = { name: "Calibri", family: 2, size: 11 };

export interface MergedStyle {
  font?: Partial<ExcelJS.Font>;
  fill?: ExcelJS.Fill;
  alignment?: Partial<ExcelJS.Alignment>;
  border?: Partial<ExcelJS.Borders>;
}

/** Later styles win where they overlap, property by property. */
export function mergeStyles(styles: readonly PlanStyle[]): Map<string, MergedStyle> {
  const out = new Map<string, MergedStyle>();
  for (const s of styles) {
    for (let r = s.range.row; r < s.range.row + s.range.rows; r++) {
      for (let c = s.range.col; c < s.range.col + s.range.cols; c++) {
        const key = `${r},${c}`;
        const m = out.get(key) ?? {};
        if (s.bold !== undefined || s.italic !== undefined || s.fontSize !== undefined || s.fontColor !== undefined) {
          m.font = {
            ...BODY_FONT,
            ...m.font,
            ...(s.bold !== undefined ? { bold: s.bold } : {}),
            ...(s.italic !== undefined ? { italic: s.italic } : {}),
            ...(s.fontSize !== undefined ? { size: s.fontSize } : {}),
            ...(s.fontColor !== undefined ? { color: { argb: argb(s.fontColor) } } : {}),
          };
        }
        if (s.fill !== undefined) m.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(s.fill) } };
        if (s.horizontal !== undefined) m.alignment = { ...m.alignment, horizontal: s.horizontal };
        if (s.wrap !== undefined) m.alignment = { ...m.alignment, wrapText: s.wrap, vertical: "middle" };
        if (s.borderBottom) m.border = { ...m.border, bottom: { style: "thin", color: { argb: "FF8A8886" } } };
        out.set(key, m);
      }
    }
  }
  return out;
}

/** exceljs leaves a column of width exactly 9 (its default) out of the file, so it would fall back to 8.43. */
export function columnWidth(width: number): number {
  const w = Math.max(1, Math.min(255, width));
  return w === 9 ? 9.001 : w;
}

function writeBlock(ws: ExcelJS.Worksheet, block: PlanBlock): void {
  block.cells.forEach((line, i) => {
    line.forEach((value, j) => {
      const row = block.row + i;
      const col = block.col + j;
      const fmt = block.numberFormats[i]?.[j] ?? "General";
      if (value === null && fmt === "General") return;
      const cell = ws.getCell(row + 1, col + 1);
      if (isFormulaCell(value)) {
        const result = cachedResult(value.value);
        cell.value = {
          formula: checkedFormula(value.formula),
          ...(result !== undefined ? { result } : {}),
          ...(needsArrayEntry(value.formula) ? { shareType: "array", ref: cellAddress(row, col) } : {}),
        } as ExcelJS.CellFormulaValue;
      } else if (typeof value === "string") {
        cell.value = cellText(value);
      } else if (typeof value === "number") {
        cell.value = Number.isFinite(value) ? value : null;
      } else if (typeof value === "boolean") {
        cell.value = value;
      }
      if (fmt !== "General") cell.numFmt = fmt;
    });
  });
}

function writeScorecardSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, plan: ScorecardPlan, paper: Paper): ExcelJS.Worksheet {
  const printed = plan.printArea ?? plan.extent;
  const lastCol = columnLetter(Math.max(0, printed.col + printed.cols - 1));
  // A plan laid out for its print scale repeats no header row (each block carries its own); an older one repeats the frozen one.
  const headerRow = plan.printScale === undefined ? plan.freeze.rows : 0;
  const ws = wb.addWorksheet(plan.sheetName, {
    views: [
      plan.freeze.rows > 0 || plan.freeze.columns > 0
        ? { state: "frozen", xSplit: plan.freeze.columns, ySplit: plan.freeze.rows, activeCell: "A1" }
        : { state: "normal" },
    ],
    // "A deliverable, not a dump" (../shared/spec/scorecard.md): at the scale the pager laid the
    // pages out for (or one page wide, as many tall as it takes), margins set.
    pageSetup: {
      orientation: plan.orientation ?? orientationOf(plan.columnWidths),
      ...(plan.printScale !== undefined ? { scale: plan.printScale, fitToPage: false } : { fitToPage: true, fitToWidth: 1, fitToHeight: 0 }),
      paperSize: PAPER_SIZE[paper],
      horizontalCentered: true,
      margins: { ...MARGINS },
      // exceljs puts a "$" before each end; the "$" given here makes the rows absolute too.
      printArea: `A$1:${lastCol}$${printed.row + printed.rows}`,
      ...(headerRow > 0 ? { printTitlesRow: `${headerRow}:${headerRow}` } : {}),
    },
    headerFooter: { oddFooter: `&L${FOOTER.left}&R${FOOTER.right}` },
  });
  const hidden = new Set(plan.hiddenColumns ?? []);
  ws.columns = plan.columnWidths.map((width, c) => ({ width: columnWidth(width), ...(hidden.has(c) ? { hidden: true } : {}) }));
  // A manual break after the row before each section that starts a page (exceljs' Row.addPageBreak, without the row).
  const breaks = (ws as unknown as { rowBreaks: { id: number; max: number; man: number }[] }).rowBreaks;
  for (const row of plan.pageBreaks ?? []) if (row > 0) breaks.push({ id: row, max: 16383, man: 1 });
  for (const block of plan.blocks) writeBlock(ws, block);
  for (const { row, points } of plan.rowHeights ?? []) ws.getRow(row + 1).height = points;
  for (const [key, style] of mergeStyles(plan.styles)) {
    const [r, c] = key.split(",").map(Number);
    const cell = ws.getCell(r + 1, c + 1);
    if (style.font) cell.font = style.font;
    if (style.fill) cell.fill = style.fill;
    if (style.alignment) cell.alignment = style.alignment;
    if (style.border) cell.border = style.border;
  }
  let priority = 1;
  for (const cf of plan.conditionalFormats) {
    ws.addConditionalFormatting({
      ref: rectAddress(cf.range),
      rules: cf.rules.map((rule) => ({
        type: "expression",
        priority: priority++,
        formulae: [checkedFormula(rule.formula)],
        style: {
          ...(rule.fill ? { fill: { type: "pattern" as const, pattern: "solid" as const, bgColor: { argb: argb(rule.fill) } } } : {}),
          font: { ...(rule.fontColor ? { color: { argb: argb(rule.fontColor) } } : {}), ...(rule.bold ? { bold: true } : {}) },
          // A marked value shows its ▲ / ▼ through the rule's number format (exceljs writes it into the rule's dxf).
          ...(rule.numberFormat ? { numFmt: rule.numberFormat } : {}),
        },
      })),
    });
  }
  return ws;
}

/** Minimal view of exceljs' streaming sheet internals used for fast row writing. */
interface RawSheetStream {
  readonly stream: { write(data: string): unknown; readonly pipes?: readonly unknown[] };
  startedData: boolean;
}

/** The zip entry a sheet streams into: a PassThrough (readable-stream 2's, or Node's). */
interface EntryStream {
  readonly writableNeedDrain?: boolean;
  readonly _writableState?: { readonly needDrain?: boolean };
  readonly _readableState?: { readonly pipes?: unknown; readonly pipesCount?: number };
  once(event: "drain", listener: () => void): unknown;
}

function isEntryStream(x: unknown): x is EntryStream {
  return typeof x === "object" && x !== null && typeof (x as { once?: unknown }).once === "function";
}

/** Whether the zip is reading this entry now (before its turn, nothing would drain it). */
function isBeingRead(p: EntryStream): boolean {
  const r = p._readableState;
  if (!r) return false;
  if (typeof r.pipesCount === "number") return r.pipesCount > 0;
  return Array.isArray(r.pipes) ? r.pipes.length > 0 : r.pipes !== null && r.pipes !== undefined;
}

/**
 * Backpressure: waits while the zip entry the sheet streams into holds more than it can take
 * (compression is slower than making rows), so a large sheet's XML never piles up in memory.
 */
async function drained(ws: RawSheetStream, failed: Promise<never>): Promise<void> {
  for (const pipe of ws.stream.pipes ?? []) {
    if (!isEntryStream(pipe) || !isBeingRead(pipe)) continue;
    if (pipe.writableNeedDrain === true || pipe._writableState?.needDrain === true) {
      // A failed output (a full disk) never drains: end the wait with its error.
      await Promise.race([new Promise<void>((resolve) => pipe.once("drain", resolve)), failed]);
    }
  }
}

function canWriteRaw(ws: unknown): ws is RawSheetStream {
  if (typeof ws !== "object" || ws === null) return false;
  const w = ws as { stream?: unknown; startedData?: unknown };
  return typeof w.startedData === "boolean" && w.startedData && typeof (w.stream as { write?: unknown } | undefined)?.write === "function";
}

function xmlText(s: string): string {
  return cellText(s).replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/**
 * One data cell as its copy in the data sheet: numbers, text, booleans; anything else as text.
 * (Error values are written as error cells by the row writers, before this is asked.)
 */
function dataValue(cell: unknown): string | number | boolean | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : null;
  if (typeof cell === "string") return cell === "" ? null : cell;
  if (typeof cell === "boolean") return cell;
  if (cell instanceof Date) return null;
  if (typeof cell === "object" && "error" in cell) return String((cell as { error: unknown }).error);
  return String(cell);
}

function columnWidthsOf(data: DataSheet): number[] {
  const sample = data.table.rows.slice(0, 500);
  return data.table.headers.map((h, c) => {
    if (data.dateColumns.includes(c)) return Math.max(12, Math.min(40, h.length + 2));
    let longest = h.length;
    for (const row of sample) {
      const v = dataValue(row[c]);
      if (v !== null) longest = Math.max(longest, String(v).length);
    }
    return Math.max(8, Math.min(50, longest + 2));
  });
}

async function writeDataSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, data: DataSheet, options: WriteOptions, failed: Promise<never>): Promise<void> {
  const { headers, rows } = data.table;
  const widths = columnWidthsOf(data);
  const ws = wb.addWorksheet(data.name, {
    // Hidden, so that printing the workbook gives the scorecard, not every row of the data.
    state: "hidden",
    views: [{ state: "frozen", xSplit: 0, ySplit: 1, activeCell: "A2" }],
    pageSetup: {
      orientation: orientationOf(widths),
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      paperSize: PAPER_SIZE[options.paper ?? "a4"],
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      // exceljs quotes the sheet name without doubling an apostrophe in it: no titles then.
      ...(data.name.includes("'") ? {} : { printTitlesRow: "1:1" }),
    },
  });
  ws.columns = widths.map((width) => ({ width: columnWidth(width) }));
  const header = ws.addRow(headers.map(cellText));
  header.font = { ...BODY_FONT, bold: true };
  header.commit();

  // Date columns: a date format, with the time when any value has one.
  const styles = (wb as unknown as { styles: { addStyleModel(model: object, type: number): number } }).styles;
  const dateStyle = new Map<number, number>();
  const dateFormat = new Map<number, string>();
  for (const c of data.dateColumns) {
    let withTime = false;
    for (let r = 0; r < rows.length && r < 5000; r++) {
      const v = rows[r][c];
      if (typeof v === "number" && !Number.isInteger(v)) {
        withTime = true;
        break;
      }
    }
    const numFmt = withTime ? "yyyy-mm-dd hh:mm" : "yyyy-mm-dd";
    dateFormat.set(c, numFmt);
    dateStyle.set(c, styles.addStyleModel({ numFmt }, ExcelJS.ValueType.Number));
  }

  const total = rows.length;
  const letters = headers.map((_, c) => cellAddress(0, c).replace(/\d+$/, ""));
  const width = letters.length;
  const raw = canWriteRaw(ws);
  // Per column: the opening of a number cell, and the XML of repeated texts (segments, yes/no).
  const numberOpen = letters.map((l, c) => {
    const s = dateStyle.get(c);
    return s !== undefined ? [`<c r="${l}`, `" s="${s}"><v>`] : [`<c r="${l}`, `"><v>`];
  });
  const textXml = letters.map(() => new Map<string, string>());
  const textCell = (c: number, text: string): string => {
    const cache = textXml[c];
    let body = cache.get(text);
    if (body === undefined) {
      const t = xmlText(text);
      body = `" t="inlineStr"><is><t${t !== t.trim() ? ' xml:space="preserve"' : ""}>${t}</t></is></c>`;
      if (text.length <= 64 && cache.size < 4096) cache.set(text, body);
    }
    return body;
  };
  let chunk = "";
  let inChunk = 0;
  for (let i = 0; i < total; i++) {
    const row = rows[i];
    if (raw) {
      const r = String(i + 2);
      let xml = `<row r="${r}">`;
      for (let c = 0; c < width; c++) {
        const v = row[c];
        if (v === null || v === undefined) continue;
        if (typeof v === "number") {
          if (!Number.isFinite(v)) continue;
          const open = numberOpen[c];
          xml += open[0] + r + open[1] + v + "</v></c>";
        } else if (typeof v === "string") {
          if (v === "") continue;
          xml += `<c r="${letters[c]}${r}${textCell(c, v)}`;
        } else {
          const code = cellError(v);
          if (code !== null) {
            xml += `<c r="${letters[c]}${r}" t="e"><v>${xmlText(code)}</v></c>`;
            continue;
          }
          const d = dataValue(v);
          if (d === null) continue;
          if (typeof d === "boolean") xml += `<c r="${letters[c]}${r}" t="b"><v>${d ? 1 : 0}</v></c>`;
          else if (typeof d === "number") xml += numberOpen[c][0] + r + numberOpen[c][1] + d + "</v></c>";
          else xml += `<c r="${letters[c]}${r}${textCell(c, d)}`;
        }
      }
      chunk += xml + "</row>";
      if (++inChunk === 2000) {
        ws.stream.write(chunk);
        chunk = "";
        inChunk = 0;
        options.onProgress?.(i + 1, total);
        // Let the zip stream take what was written before more piles up.
        await new Promise<void>((resolve) => setImmediate(resolve));
        await drained(ws, failed);
      }
    } else {
      const values = letters.map((_, c): ExcelJS.CellValue => {
        const code = cellError(row[c]);
        if (code !== null) return { error: code } as ExcelJS.CellErrorValue;
        const v = dataValue(row[c]);
        return typeof v === "string" ? cellText(v) : v;
      });
      const added = (ws as ExcelJS.Worksheet).addRow(values);
      for (const [c, numFmt] of dateFormat) if (typeof values[c] === "number") added.getCell(c + 1).numFmt = numFmt;
      added.commit();
      if ((i + 1) % 2000 === 0) options.onProgress?.(i + 1, total);
    }
  }
  if (raw && chunk.length > 0) ws.stream.write(chunk);
  options.onProgress?.(total, total);
  await (ws as ExcelJS.Worksheet & { commit(): Promise<void> }).commit();
}

function writeSpecSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, plan: ScorecardPlan, buildId: string, builtAt: Date): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(plan.specStore.sheetName, { state: "veryHidden" });
  const rows = encodeSpecSheet({ buildId, builtAt: builtAt.toISOString(), sheetName: plan.sheetName, json: xmlSafe(plan.specStore.json) });
  rows.forEach((row, r) => row.forEach((text, c) => (ws.getCell(r + 1, c + 1).value = text)));
  return ws;
}

/**
 * Writes the plan, the data sheet copy (none when `data` is null: a values-mode scorecard, which
 * reads no data, ships no raw answers unless asked) and the spec store into a new workbook at options.path
 * (created, never overwritten). Data that does not fit a sheet and formulas Excel could not hold
 * are refused (InputError) before or while writing; when the promise settles, the file is
 * closed, so the caller can remove it after a failure.
 */
export async function writeScorecardXlsx(plan: ScorecardPlan, data: DataSheet | null, options: WriteOptions): Promise<void> {
  const fit = data ? sheetFitProblem(data.table.rows.length, data.table.headers.length) : null;
  if (fit) throw new InputError(fit);
  const planFit = sheetFitProblem(Math.max(0, plan.extent.row + plan.extent.rows - 1), plan.extent.col + plan.extent.cols);
  if (planFit) throw new InputError(`the scorecard sheet would not fit: ${planFit}`);
  const level = options.compressionLevel ?? ((data?.table.rows.length ?? 0) > 100_000 ? 1 : 6);
  // The file is opened here, not lazily by exceljs, so that it is closed before a failure returns.
  const stream = createWriteStream(options.path, { flags: "wx" });
  await Promise.race([once(stream, "open"), once(stream, "error").then(([e]) => Promise.reject(e as Error))]);
  const failed = new Promise<never>((_, reject) => stream.once("error", reject));
  failed.catch(() => undefined); // observed through the waits and the writes themselves
  try {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream,
      useStyles: true,
      // Shared strings keep edge spaces and tabs (xml:space="preserve"); inline "str" values lose them in LibreOffice.
      useSharedStrings: true,
      zip: { zlib: { level } },
    } as Partial<ExcelJS.stream.xlsx.WorkbookWriterOptions>);
    wb.creator = "kpi-scorecard";
    wb.created = options.created ?? new Date();
    wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: "visible" }];

    const buildId = options.buildId ?? randomUUID();
    const extra = new ExtraParts(wb);
    const scorecard = writeScorecardSheet(wb, plan, options.paper ?? "a4");
    const grid = new PlanGrid(plan);
    extra.addToSheet(scorecard, [{ name: MARKER_KEY, value: scorecardMarker(buildId) }], { sheet: plan.sheetName, grid, specs: plan.charts.map(scorecardChart) });
    await (scorecard as ExcelJS.Worksheet & { commit(): Promise<void> }).commit();
    if (data) await writeDataSheet(wb, data, options, failed);
    const spec = writeSpecSheet(wb, plan, buildId, wb.created);
    extra.addToSheet(spec, [{ name: MARKER_KEY, value: specMarker(buildId) }]);
    await (spec as ExcelJS.Worksheet & { commit(): Promise<void> }).commit();
    extra.finish();
    await wb.commit();
  } catch (e) {
    if (!stream.closed) {
      stream.destroy();
      await once(stream, "close");
    }
    throw e;
  }
}
