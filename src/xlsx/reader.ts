/**
 * Reads one sheet of an .xlsx workbook into a DataTable with exceljs' streaming reader (so a
 * large workbook is never held whole in memory). The first row of the range is the header.
 *
 * Cells keep the type they have in the workbook: numbers stay numbers, text stays text (a
 * number stored as text stays that text: the KPI core and the native formulas read it the
 * same way), dates become Excel serial numbers, booleans stay booleans, formulas give their
 * cached result, rich text and hyperlinks give their text, error values stay error values
 * ("#N/A"), blank and empty-text cells are null. Fully blank rows are left out.
 */
import { promises as fsp } from "node:fs";
import ExcelJS from "exceljs";
import { columnLetter, parseAddress, rectAddress } from "../scorecard/a1";
import { MAX_SHEET_COLUMNS, MAX_SHEET_ROWS } from "../scorecard/excelLimits";
import type { DataTable, Rect } from "../scorecard/types";
import { InputError } from "./types";
import { zipEntries } from "./zipEntries";
import { checkInflatedSizes, MAX_PART_BYTES, MAX_SHARED_STRINGS_BYTES } from "./zipBounds";

export { MAX_PART_BYTES, MAX_SHARED_STRINGS_BYTES } from "./zipBounds";

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024)).toLocaleString("en-US")} MB`;

/**
 * Refuses a workbook whose parts would not fit in memory: at once from the sizes its zip
 * directory declares, when they say so, and in any case from the bytes its parts inflate to
 * (zipBounds.ts: a directory can lie, or be missing).
 */
async function checkPartSizes(path: string): Promise<void> {
  await checkDeclaredSizes(path);
  await checkInflatedSizes(path);
}

async function checkDeclaredSizes(path: string): Promise<void> {
  const entries = await zipEntries(path);
  if (entries === null) return; // exceljs reports a broken zip in its own words
  for (const e of entries) {
    const name = e.name.replace(/^\//, "");
    // Worksheets are streamed row by row and other parts (media, ...) are skipped unread.
    if (!/^(xl\/sharedStrings\.xml|xl\/styles\.xml|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/worksheets\/_rels\/[^/]+\.rels)$/i.test(name)) continue;
    const shared = /^xl\/sharedStrings\.xml$/i.test(name);
    const limit = shared ? MAX_SHARED_STRINGS_BYTES : MAX_PART_BYTES;
    if (e.uncompressedSize > limit) {
      throw new InputError(
        `${path}: its ${shared ? "shared strings" : `part ${name}`} unpack to ${mb(e.uncompressedSize)}, more than the ${mb(limit)} this command reads: save the sheet as CSV and give that`,
      );
    }
  }
}

export interface XlsxReadOptions {
  /** Sheet name (case-insensitive) or 1-based position; default the first sheet. */
  readonly sheet?: string;
  /** A1 range including the header row, e.g. "B3:H500"; default the used area. */
  readonly range?: string;
  /** Called every 10,000 rows with the rows read so far. */
  readonly onProgress?: (rows: number) => void;
}

export interface XlsxTable {
  readonly table: DataTable;
  /** Same arrays as table.rows, mutable for in-place date typing. */
  readonly rows: unknown[][];
  readonly sheetName: string;
  /** Range that was read, header included, e.g. "A1:H3001". */
  readonly address: string;
  /** 0-based columns (within the range) that held date cells. */
  readonly dateColumns: number[];
  /** Every sheet of the workbook, in order (hidden ones included). */
  readonly sheets: readonly string[];
}

const EXCEL_EPOCH_UTC_MS = Date.UTC(1899, 11, 30);

function serialOfDate(d: Date): number {
  return (d.getTime() - EXCEL_EPOCH_UTC_MS) / 86_400_000;
}

/** exceljs' rule: a number format with y m d h s b outside quotes and brackets is a date. */
function isDateFormat(fmt: unknown): boolean {
  if (typeof fmt !== "string" || fmt === "") return false;
  return /[ymdhMsb]/.test(fmt.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null;
}

interface Converted {
  readonly value: unknown;
  readonly date: boolean;
}

/** One exceljs cell value as a DataTable cell. Exported for tests. */
export function convertCellValue(raw: unknown, numFmt?: string): Converted {
  if (raw === null || raw === undefined) return { value: null, date: false };
  if (raw instanceof Date) return { value: serialOfDate(raw), date: true };
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return { value: null, date: false };
    return { value: raw, date: isDateFormat(numFmt) };
  }
  if (typeof raw === "string") return { value: raw === "" ? null : raw, date: false };
  if (typeof raw === "boolean") return { value: raw, date: false };
  if (isRecord(raw)) {
    if ("formula" in raw || "sharedFormula" in raw) return convertCellValue(raw.result, numFmt);
    // An error value stays an error ({ error: "#N/A" }), so its group's KPI is that error, as
    // in Excel (spec/functions.md); text that merely reads "#N/A" stays text.
    if (typeof raw.error === "string") return { value: { error: raw.error }, date: false };
    if (Array.isArray(raw.richText)) {
      const text = raw.richText.map((part: unknown) => (isRecord(part) && typeof part.text === "string" ? part.text : "")).join("");
      return { value: text === "" ? null : text, date: false };
    }
    if ("text" in raw) return convertCellValue(raw.text, numFmt);
  }
  return { value: null, date: false };
}

interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  readonly name: string;
}

interface BookModel {
  readonly sheets?: readonly { readonly name: string; readonly state?: string }[];
}

async function checkWorkbookFile(path: string): Promise<void> {
  let head: Buffer;
  try {
    const st = await fsp.stat(path);
    if (st.isDirectory()) throw new InputError(`${path} is a folder, not a file`);
    const handle = await fsp.open(path, "r");
    try {
      head = Buffer.alloc(8);
      await handle.read(head, 0, 8, 0);
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError(`${path}: no such file`);
    if (code === "EACCES" || code === "EPERM") throw new InputError(`${path}: permission denied`);
    throw new InputError(`${path}: cannot be read (${code ?? "unknown error"})`);
  }
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new InputError(`${path} is an old .xls workbook or a password-protected one: save it as .xlsx (or CSV) first`);
  }
  if (!(head[0] === 0x50 && head[1] === 0x4b)) throw new InputError(`${path} is not an .xlsx workbook (not a zip file)`);
  await checkPartSizes(path);
}

/** Is this the sheet the user asked for? `order` is the workbook's sheet order when known. */
function isWanted(name: string, yielded: number, wanted: string | undefined, order: readonly string[] | undefined): boolean {
  const position = order ? order.indexOf(name) + 1 : yielded;
  if (wanted === undefined) return position === 1;
  const w = wanted.trim().toLowerCase();
  if (name.toLowerCase() === w) return true;
  const named = (order ?? []).some((n) => n.toLowerCase() === w);
  return !named && /^\d+$/.test(w) && Number(w) === position;
}

export async function readXlsx(path: string, options: XlsxReadOptions = {}): Promise<XlsxTable> {
  await checkWorkbookFile(path);
  let range: Rect | null = null;
  if (options.range !== undefined) {
    range = parseAddress(options.range);
    if (!range || range.rows < 2) {
      throw new InputError(`--range "${options.range}" is not a range like A1:H500 (a header row and at least one data row)`);
    }
    if (range.row + range.rows > MAX_SHEET_ROWS || range.col + range.cols > MAX_SHEET_COLUMNS) {
      throw new InputError(`--range "${options.range}" goes past the last cell of an Excel sheet (XFD${MAX_SHEET_ROWS})`);
    }
  }

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  const book = reader as unknown as { model?: BookModel };
  const seen: string[] = [];
  let result: Omit<XlsxTable, "sheets"> | null = null;
  // The first sheet is empty and no --sheet was given: say so with the other sheets' names.
  let empty: InputError | null = null;
  try {
    let position = 0;
    for await (const sheet of reader as unknown as AsyncIterable<SheetReader>) {
      position++;
      seen.push(sheet.name);
      // A sheet not read is still drained: when the zip holds a sheet before its shared strings,
      // exceljs parks it in a temporary file and deletes that file once the consumer moves on;
      // a sheet left unread could then fail to open its file (ENOENT), a race seen under load.
      if (result !== null || empty !== null || !isWanted(sheet.name, position, options.sheet, book.model?.sheets?.map((s) => s.name))) {
        await drain(sheet);
        continue;
      }
      try {
        result = await readSheet(sheet, range, options.onProgress);
      } catch (e) {
        if (!(e instanceof EmptySheetError) || options.sheet !== undefined) throw e;
        empty = e;
      }
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new InputError(`${path} is not a readable .xlsx workbook: ${message}`);
  }
  const names = book.model?.sheets?.map((s) => s.name) ?? seen;
  if (empty !== null) {
    const others = names.slice(1);
    throw new InputError(others.length > 0 ? `${empty.message}: choose the sheet with --sheet (its other sheets: ${others.map((n) => `"${n}"`).join(", ")})` : empty.message);
  }
  if (result === null) {
    if (names.length === 0) throw new InputError(`${path} has no worksheets`);
    throw new InputError(`sheet "${options.sheet ?? ""}" not found in ${path} (its sheets: ${names.join(", ")})`);
  }
  if (result.rows.length === 0) {
    throw new InputError(`sheet "${result.sheetName}" of ${path} has no data rows under its header row${range ? ` in ${options.range}` : ""}`);
  }
  return { ...result, sheets: names };
}

class EmptySheetError extends InputError {}

interface RawCell {
  readonly col: number;
  readonly value: unknown;
  readonly date: boolean;
}

/** How many leading rows are looked at to find the header row (title rows above a table are skipped). */
const HEADER_SCAN_ROWS = 20;

/**
 * Without --range the header is the first row of the first rows that is about as wide as the
 * widest of them: a title or a note above the table (one cell) is not taken for the header.
 */
function pickHeader(rows: readonly { cells: readonly RawCell[] }[]): number {
  const widest = Math.max(...rows.map((r) => r.cells.length));
  const needed = Math.max(Math.min(2, widest), Math.ceil(widest / 2));
  const k = rows.findIndex((r) => r.cells.length >= needed);
  return k < 0 ? 0 : k;
}

/** Reads a sheet's rows to the end without keeping them. */
async function drain(sheet: SheetReader): Promise<void> {
  for await (const row of sheet) void row;
}

async function readSheet(sheet: SheetReader, range: Rect | null, onProgress?: (rows: number) => void): Promise<Omit<XlsxTable, "sheets">> {
  let headerCells: unknown[] | null = null;
  let headerRow = 0;
  let firstCol = range ? range.col + 1 : 1;
  let lastCol = range ? range.col + range.cols : 0;
  const lastRow = range ? range.row + range.rows : Number.POSITIVE_INFINITY;
  const rows: unknown[][] = [];
  const dates = new Set<number>();
  const pending: { r: number; cells: RawCell[] }[] = [];

  const setHeader = (r: number, cells: readonly RawCell[]) => {
    if (!range) {
      firstCol = cells[0].col;
      lastCol = cells[cells.length - 1].col;
    }
    headerCells = new Array<unknown>(lastCol - firstCol + 1).fill(null);
    for (const { col, value } of cells) if (col >= firstCol && col <= lastCol) headerCells[col - firstCol] = value;
    headerRow = r;
  };
  const addRow = (cells: readonly RawCell[]) => {
    const out: unknown[] = new Array<unknown>(lastCol - firstCol + 1).fill(null);
    let blank = true;
    for (const { col, value, date } of cells) {
      if (col < firstCol || col > lastCol) continue;
      blank = false;
      out[col - firstCol] = value;
      if (date) dates.add(col - firstCol);
    }
    if (blank) return;
    rows.push(out);
    if (onProgress && rows.length % 10_000 === 0) onProgress(rows.length);
  };
  const flushPending = () => {
    if (pending.length === 0) return;
    const k = pickHeader(pending);
    setHeader(pending[k].r, pending[k].cells);
    for (const p of pending.slice(k + 1)) addRow(p.cells);
    pending.length = 0;
  };

  for await (const row of sheet) {
    const r = row.number;
    if (range && r < range.row + 1) continue;
    if (r > lastRow) continue; // read to the end: breaking out would upset the zip reader
    const cells: RawCell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const { value, date } = convertCellValue(cell.value, cell.numFmt);
      if (value !== null) cells.push({ col, value, date });
    });
    if (headerCells === null) {
      if (range) {
        if (r !== range.row + 1) throw new InputError(`the header row ${range.row + 1} of the range ${rectAddress(range)} is blank`);
        setHeader(r, cells);
        continue;
      }
      if (cells.length === 0) continue;
      pending.push({ r, cells });
      if (pending.length >= HEADER_SCAN_ROWS) flushPending();
      continue;
    }
    addRow(cells);
  }
  flushPending();
  if (headerCells === null) {
    throw new EmptySheetError(`sheet "${sheet.name}" is empty${range ? ` in the range ${rectAddress(range)}` : ""}: expected a header row and data rows`);
  }
  const header: unknown[] = headerCells;
  const headers = header.map((h, i) => {
    const text = h === null ? "" : typeof h === "number" ? String(h) : String(h).trim();
    return text === "" ? `Column ${columnLetter(firstCol - 1 + i)}` : text;
  });
  const lastDataRow = Math.max(headerRow + 1, range ? range.row + range.rows : headerRow + rows.length);
  const address = rectAddress({ row: headerRow - 1, col: firstCol - 1, rows: lastDataRow - headerRow + 1, cols: lastCol - firstCol + 1 });
  return {
    table: { headers, rows },
    rows,
    sheetName: sheet.name,
    address,
    dateColumns: [...dates].sort((a, b) => a - b),
  };
}
