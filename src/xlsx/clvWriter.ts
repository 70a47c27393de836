/**
 * The exceljs writer of the CLV sheet (src/clv/sheet.ts): applies a ClvSheetPlan to a new .xlsx
 * file. Like the scorecard writer it holds no layout logic: every cell, number format, style,
 * width and chart comes from the plan. Formula cells carry the value the core computed as their
 * cached result, so a viewer that does not recalculate shows the same numbers.
 *
 * The sheet is streamed row by row (the blocks of the plan are read in row order, the
 * per-customer table's rows made as they are reached, and each row committed once written), so
 * a table of a million customers never exists as cell objects all at once. Cells of one number
 * format and style share one style object, which exceljs turns into a style id once (not a
 * style per cell to look up). The writer waits for the zip to take the sheet's XML as it goes,
 * and lets go of what exceljs keeps of the rows written. The calibration chart is a native
 * column chart, written and added to the package as the scorecard's are (parts.ts,
 * extraParts.ts).
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import ExcelJS from "exceljs";
import type { ClvSheetPlan } from "../clv/sheet";
import type { PlanBlock, PlanCell } from "../scorecard/types";
import { ExtraParts } from "./extraParts";
import { PlanGrid, type ChartSpec } from "./parts";
import { columnLetter } from "../scorecard/a1";
import type { Paper } from "../scorecard/print";
import { cachedResult, cellText, checkedFormula, columnWidth, isFormulaCell, mergeStyles, PAPER_SIZE, type MergedStyle } from "./writer";

export interface ClvWriteOptions {
  /** File to create (never overwritten: the CLI passes a temporary name and renames it). */
  readonly path: string;
  readonly created?: Date;
  /** Called every 10,000 rows written: rows written, rows in all. */
  readonly onProgress?: (rows: number, total: number) => void;
  /** Paper to print on (default A4). */
  readonly paper?: Paper;
}

function cellValue(value: PlanCell): ExcelJS.CellValue | undefined {
  if (isFormulaCell(value)) {
    const result = cachedResult(value.value);
    return { formula: checkedFormula(value.formula), ...(result !== undefined ? { result } : {}) } as ExcelJS.CellFormulaValue;
  }
  if (typeof value === "string") return cellText(value);
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "boolean") return value;
  return undefined;
}

function applyStyle(cell: ExcelJS.Cell, style: MergedStyle | undefined): void {
  if (!style) return;
  if (style.font) cell.font = style.font;
  if (style.fill) cell.fill = style.fill;
  if (style.alignment) cell.alignment = style.alignment;
  if (style.border) cell.border = style.border;
}

/** Rows of cells from the top-left corner: a block of the plan, or the per-customer table. */
interface RowSource {
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  line(i: number): { readonly cells: readonly PlanCell[]; readonly numberFormats: readonly string[] | undefined };
}

const blockSource = (b: PlanBlock): RowSource => ({ row: b.row, col: b.col, rows: b.cells.length, line: (i) => ({ cells: b.cells[i], numberFormats: b.numberFormats[i] }) });

/** The plan's charts as the chart writer takes them, with the calibration chart's axis titles. */
export function chartSpecs(plan: ClvSheetPlan): ChartSpec[] {
  return plan.charts.map((c) => ({
    type: c.type,
    title: c.title,
    categories: c.categories,
    series: c.series,
    anchor: c.anchor,
    // Two decimals on the axis ticks: the table's three would crowd them.
    axisFormat: "0.00",
    xTitle: "Repeat purchases in the calibration period",
    // Short enough for one line beside the plot (LibreOffice broke "Holdout purchases per customer"
    // as "...per custom" / "er"); the chart's title says whose purchases they are.
    yTitle: "Purchases per customer",
  }));
}

/** Bytes of the sheet's XML the zip may hold unread before the writer waits for it. */
const BACKLOG_BYTES = 16 * 1024 * 1024;

/**
 * Bytes of the sheet's XML written but not yet taken by the zip: exceljs' sheet stream hands
 * its rows on without waiting (it ignores the back-pressure of what it pipes to), so a loop
 * that writes rows faster than the zip compresses them would hold the whole sheet's XML (1.1 GB
 * for a million customers). Undefined when exceljs' writer is not as this knows it.
 */
export function sheetBacklog(ws: ExcelJS.Worksheet): number | undefined {
  const sheet = (ws as unknown as { stream?: { pipes?: unknown } }).stream;
  const pipes = sheet?.pipes;
  if (!Array.isArray(pipes)) return undefined;
  let bytes = 0;
  for (const p of pipes as { _writableState?: { length?: unknown } }[]) {
    const length = p._writableState?.length;
    if (typeof length !== "number") return undefined;
    bytes += length;
  }
  return bytes;
}

/**
 * Lets go of what exceljs keeps of the rows written: its sheet writer keeps every formula cell
 * by address (for shared formulas, which this writer never makes), some 1.3 KB a row of the
 * per-customer table. Returns whether it could.
 */
export function forgetWrittenFormulas(ws: ExcelJS.Worksheet): boolean {
  const writer = ws as unknown as { _formulae?: unknown };
  if (typeof writer._formulae !== "object" || writer._formulae === null) return false;
  writer._formulae = {};
  return true;
}

/** Between rows: what exceljs keeps is let go, and the zip given the event loop until the sheet's backlog is below BACKLOG_BYTES. */
async function drained(ws: ExcelJS.Worksheet): Promise<void> {
  forgetWrittenFormulas(ws);
  do await new Promise<void>((resolve) => setImmediate(resolve));
  while ((sheetBacklog(ws) ?? 0) > BACKLOG_BYTES);
}

/**
 * Writes the CLV sheet into a new workbook at options.path (created, never overwritten). When
 * the promise settles the file is closed, so the caller can remove it after a failure.
 */
export async function writeClvXlsx(plan: ClvSheetPlan, options: ClvWriteOptions): Promise<void> {
  const stream = createWriteStream(options.path, { flags: "wx" });
  await Promise.race([once(stream, "open"), once(stream, "error").then(([e]) => Promise.reject(e as Error))]);
  try {
    const { table } = plan;
    const sources: RowSource[] = [...plan.blocks.map(blockSource), { row: table.row, col: table.col, rows: table.rows, line: (i) => table.rowAt(i) }];
    const rowsInAll = sources.reduce((m, b) => Math.max(m, b.row + b.rows), 0);
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream,
      useStyles: true,
      useSharedStrings: true,
      zip: { zlib: { level: rowsInAll > 100_000 ? 1 : 6 } },
    } as Partial<ExcelJS.stream.xlsx.WorkbookWriterOptions>);
    wb.creator = "kpi-scorecard";
    wb.created = options.created ?? new Date();
    const { extent } = plan;
    const ws = wb.addWorksheet(plan.sheetName, {
      views: [{ state: "frozen", xSplit: plan.freeze.columns, ySplit: plan.freeze.rows, activeCell: "A2" }],
      // One page wide, as many tall as it takes, the table's header row on every page, the print
      // area the parameters, the table and the summary (not the per-period table beside them).
      pageSetup: {
        orientation: "landscape",
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        paperSize: PAPER_SIZE[options.paper ?? "a4"],
        horizontalCentered: true,
        margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
        printArea: `A$1:${columnLetter(extent.col + extent.cols - 1)}$${extent.row + extent.rows}`,
        ...(plan.freeze.rows > 0 ? { printTitlesRow: `1:${plan.freeze.rows}` } : {}),
      },
      headerFooter: { oddFooter: "&L&8&A&R&8Page &P of &N" },
    });
    ws.columns = plan.columnWidths.map((width) => ({ width: columnWidth(width) }));
    const extra = new ExtraParts(wb);
    // The charts' cached values come from the blocks they read: only those are indexed (not a
    // million-row table).
    const read = plan.charts.flatMap((c) => [c.categories, ...c.series.map((x) => x.values)]);
    const meets = (b: PlanBlock) => read.some((r) => r.row < b.row + b.cells.length && b.row < r.row + r.rows && r.col < b.col + (b.cells[0]?.length ?? 0) && b.col < r.col + r.cols);
    extra.addToSheet(ws, [], { sheet: plan.sheetName, grid: new PlanGrid({ blocks: plan.blocks.filter(meets) }), specs: chartSpecs(plan) });
    const styles = mergeStyles(plan.styles);
    const heights = new Map(plan.rowHeights.map((h) => [h.row, h.points]));
    // One style object per number format (and style, for the few styled cells with a format):
    // exceljs looks an object it has seen up by identity. A "General" cell keeps a style of its
    // own, as its style id depends on what the cell holds.
    const shared = new Map<string, Partial<ExcelJS.Style>>();
    const sharedStyle = (fmt: string, style: MergedStyle | undefined): Partial<ExcelJS.Style> => {
      const key = style ? `${fmt}\u0000${JSON.stringify(style)}` : fmt;
      let s = shared.get(key);
      if (!s) shared.set(key, (s = { numFmt: fmt, ...(style?.font ? { font: style.font } : {}), ...(style?.fill ? { fill: style.fill } : {}), ...(style?.alignment ? { alignment: style.alignment } : {}), ...(style?.border ? { border: style.border } : {}) }));
      return s;
    };
    // Sources by the row they start on; a source is written while its rows go by (exceljs puts
    // a row's cells in column order, whichever source wrote them first).
    const ordered = [...sources].sort((a, b) => a.row - b.row);
    let open: RowSource[] = [];
    let next = 0;
    for (let r = 0; r < rowsInAll; r++) {
      while (next < ordered.length && ordered[next].row === r) open.push(ordered[next++]);
      open = open.filter((b) => r < b.row + b.rows);
      const row = ws.getRow(r + 1);
      const height = heights.get(r);
      if (height !== undefined) row.height = height;
      for (const b of open) {
        const { cells, numberFormats } = b.line(r - b.row);
        cells.forEach((value, j) => {
          const col = b.col + j;
          const fmt = numberFormats?.[j] ?? "General";
          const v = cellValue(value);
          const style = styles.get(`${r},${col}`);
          if (v === undefined && fmt === "General" && !style) return;
          const cell = row.getCell(col + 1);
          if (v !== undefined) cell.value = v;
          if (fmt !== "General") cell.style = sharedStyle(fmt, style);
          else applyStyle(cell, style);
        });
      }
      row.commit();
      if ((r + 1) % 1_000 === 0) await drained(ws);
      if ((r + 1) % 10_000 === 0) options.onProgress?.(r + 1, rowsInAll);
    }
    await (ws as ExcelJS.Worksheet & { commit(): Promise<void> }).commit();
    extra.finish();
    await wb.commit();
    options.onProgress?.(rowsInAll, rowsInAll);
  } catch (e) {
    if (!stream.closed) {
      stream.destroy();
      await once(stream, "close");
    }
    throw e;
  }
}
