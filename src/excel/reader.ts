/**
 * The Office.js reader: the selection (bounded), the mapped columns of a source, one cell,
 * the sheet names and the stored spec. Reads only what the pane needs: a header row and at
 * most SAMPLE_ROWS rows for detection, and only the mapped columns for a build.
 */
import { parseAddress, rectAddress, sheetPrefix } from "../scorecard/a1";
import { parseStoredSpec } from "../scorecard/spec";
import type { DataTable, Rect, SourceRef } from "../scorecard/types";
import { isKpiError } from "../kpi";
import { decodeSpecSheet, MARKER_KEY, markerKind } from "./cells";
import type { ExcelRunner, XCustomProperty, XRange, XRequestContext } from "./officeApi";
import { SAMPLE_ROWS, type CellReading, type SourceData, type SourceSample, type StoredScorecard } from "./port";

/**
 * Reading columns for a build: each sync's response is kept near READ_TARGET_BYTES, well under
 * Excel on the web's 5 MB response limit, by sizing the next slice of rows on the bytes per
 * row of the slices read so far; a slice that still passes the limit is read again in halves.
 */
export const READ_TARGET_BYTES = 2 * 1024 * 1024;
/** The first slice, before anything is known of the cells' size. */
const FIRST_SLICE_CELLS = 20_000;
/** No slice larger than this, however small the cells. */
const MAX_SLICE_CELLS = 500_000;

/** Roughly what a cell adds to a response: its JSON, in UTF-8 bytes. */
function cellBytes(v: unknown): number {
  if (typeof v === "string") {
    let bytes = v.length + 3;
    for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) > 0x7f) bytes += 2;
    return bytes;
  }
  if (typeof v === "number") return 24;
  return 6;
}

function isPayloadLimit(e: unknown): boolean {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === "string" && /PayloadSizeLimitExceeded/i.test(code);
}

export class WorkbookReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorkbookReadError";
  }
}

/** "Survey!A1:E121" or "'My data'!A1:E121" -> the sheet-local part. */
function localAddress(address: string): string {
  return address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
}

function intersect(a: Rect, b: Rect): Rect | null {
  const row = Math.max(a.row, b.row);
  const col = Math.max(a.col, b.col);
  const rowEnd = Math.min(a.row + a.rows, b.row + b.rows);
  const colEnd = Math.min(a.col + a.cols, b.col + b.cols);
  return rowEnd > row && colEnd > col ? { row, col, rows: rowEnd - row, cols: colEnd - col } : null;
}

function headerText(value: unknown, index: number): string {
  const text = value === null || value === undefined ? "" : String(value).trim();
  return text === "" ? `Column ${index + 1}` : text;
}

const MAX_ROWS = 1048576;
const MAX_COLUMNS = 16384;

/** An A1 address, including Excel's whole-column ("A:J") and whole-row ("3:5") forms. */
export function parseRangeAddress(address: string): Rect | null {
  const bare = localAddress(address).trim();
  const cols = /^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})$/.exec(bare);
  if (cols) {
    const a = parseAddress(`${cols[1]}1`);
    const b = parseAddress(`${cols[2]}1`);
    return a && b ? { row: 0, col: Math.min(a.col, b.col), rows: MAX_ROWS, cols: Math.abs(b.col - a.col) + 1 } : null;
  }
  const rows = /^\$?(\d+):\$?(\d+)$/.exec(bare);
  if (rows) {
    const [r1, r2] = [Number(rows[1]) - 1, Number(rows[2]) - 1];
    return r1 >= 0 && r2 >= 0 ? { row: Math.min(r1, r2), col: 0, rows: Math.abs(r2 - r1) + 1, cols: MAX_COLUMNS } : null;
  }
  return parseAddress(bare);
}

function rectOf(address: string, what: string): Rect {
  const rect = parseRangeAddress(address);
  if (!rect) throw new WorkbookReadError(`Excel gave an address the add-in cannot read for ${what}: ${address}`);
  return rect;
}

/** Header and sample of a known rectangle: one sync. */
async function sampleOf(context: XRequestContext, source: SourceRef, rect: Rect): Promise<SourceSample> {
  if (rect.rows < 2) {
    throw new WorkbookReadError(
      `${source.table ? `Table ${source.table}` : source.address} has no data rows: select the data with its header row.`,
    );
  }
  const sheet = context.workbook.worksheets.getItem(source.sheet);
  const read = sheet.getRangeByIndexes(rect.row, rect.col, Math.min(rect.rows, SAMPLE_ROWS + 1), rect.cols);
  read.load("values,valueTypes");
  await context.sync();
  const values = read.values;
  const types = read.valueTypes;
  const headers = (values[0] ?? []).map(headerText);
  const rows = values.slice(1).map((row, r) => row.map((v, c) => dataCell(v, types[r + 1]?.[c])));
  return { source, sample: { headers, rows }, totalRows: rect.rows - 1 };
}

export async function readSelection(run: ExcelRunner): Promise<SourceSample> {
  return run(async (context) => {
    const selected = context.workbook.getSelectedRange();
    selected.load("address,rowCount,columnCount");
    selected.worksheet.load("name");
    const used = selected.worksheet.getUsedRangeOrNullObject(true);
    used.load("address");
    const tables = selected.getTables(false);
    tables.load("items/name");
    await context.sync();

    const sheetName = selected.worksheet.name;
    const table = tables.items[0];
    if (table) {
      const range = context.workbook.tables.getItem(table.name).getRange();
      range.load("address");
      await context.sync();
      const rect = rectOf(range.address, `table ${table.name}`);
      return sampleOf(context, { sheet: sheetName, address: rectAddress(rect), table: table.name }, rect);
    }
    if (used.isNullObject) throw new WorkbookReadError(`Sheet "${sheetName}" is empty: select the data with its header row.`);
    const selection = rectOf(selected.address, "the selection");
    if (selection.rows === 1 && selection.cols === 1) {
      throw new WorkbookReadError("Only one cell is selected: select the data with its header row, or click inside an Excel table.");
    }
    const bounded = intersect(selection, rectOf(used.address, "the used range"));
    if (!bounded) throw new WorkbookReadError(`The selection ${localAddress(selected.address)} holds no data.`);
    return sampleOf(context, { sheet: sheetName, address: rectAddress(bounded) }, bounded);
  });
}

/** Where a source is now: a table's current range, or the stored address. One sync for tables. */
async function locate(context: XRequestContext, source: SourceRef): Promise<{ source: SourceRef; rect: Rect }> {
  if (source.table) {
    const table = context.workbook.tables.getItem(source.table);
    const range = table.getRange();
    range.load("address");
    table.worksheet.load("name");
    try {
      await context.sync();
    } catch {
      throw new WorkbookReadError(`The Excel table "${source.table}" that the scorecard reads was not found.`);
    }
    const rect = rectOf(range.address, `table ${source.table}`);
    return { source: { sheet: table.worksheet.name, address: rectAddress(rect), table: source.table }, rect };
  }
  const rect = parseAddress(source.address);
  if (!rect) throw new WorkbookReadError(`The source address "${source.address}" is not a range.`);
  return { source, rect };
}

export async function readSample(run: ExcelRunner, source: SourceRef): Promise<SourceSample> {
  return run(async (context) => {
    const located = await locate(context, source);
    return sampleOf(context, located.source, located.rect);
  });
}

/**
 * A cell as the core reads it: an error value (its value type is Error) as `{ error: "#N/A" }`,
 * so the KPI of its group is that error as in Excel (spec/functions.md); text that only reads
 * "#N/A" stays text.
 */
export function dataCell(value: unknown, type: string | undefined): unknown {
  return type === "Error" && typeof value === "string" ? { error: value } : value;
}

export async function readColumns(run: ExcelRunner, source: SourceRef, columnIndexes: readonly number[]): Promise<SourceData> {
  return run(async (context) => {
    const { source: now, rect } = await locate(context, source);
    const columns = [...new Set(columnIndexes)].sort((a, b) => a - b);
    for (const c of columns) {
      if (!Number.isInteger(c) || c < 0 || c >= rect.cols) {
        throw new WorkbookReadError(`Column ${c + 1} is outside ${now.address} (${rect.cols} columns).`);
      }
    }
    const sheet = context.workbook.worksheets.getItem(now.sheet);
    const header = sheet.getRangeByIndexes(rect.row, rect.col, 1, rect.cols);
    header.load("values");
    const dataRows = rect.rows - 1;
    // Rows hold the read columns at their source index, null between them, nothing after the last.
    const width = columns.length > 0 ? columns[columns.length - 1] + 1 : 0;
    const rows: unknown[][] = Array.from({ length: dataRows }, () => new Array<unknown>(width).fill(null));
    const maxRows = Math.max(1, Math.floor(MAX_SLICE_CELLS / Math.max(1, columns.length)));
    let rowsPerSlice = Math.min(maxRows, Math.max(1, Math.floor(FIRST_SLICE_CELLS / Math.max(1, columns.length))));
    if (dataRows === 0 || columns.length === 0) await context.sync();
    for (let start = 0; start < dataRows && columns.length > 0; ) {
      const count = Math.min(rowsPerSlice, dataRows - start);
      const reads = columns.map((col) => {
        const range = sheet.getRangeByIndexes(rect.row + 1 + start, rect.col + col, count, 1);
        range.load("values,valueTypes");
        return { col, range };
      });
      try {
        await context.sync();
      } catch (e) {
        if (!isPayloadLimit(e) || count === 1) throw e;
        rowsPerSlice = Math.max(1, Math.floor(count / 2));
        if (start === 0) header.load("values"); // a failed sync returns nothing, the header included
        continue;
      }
      let bytes = 0;
      for (const { col, range } of reads) {
        const values = range.values;
        const types = range.valueTypes;
        for (let i = 0; i < values.length; i++) {
          const v = values[i][0];
          rows[start + i][col] = dataCell(v, types[i]?.[0]);
          bytes += cellBytes(v) + 8;
        }
      }
      start += count;
      rowsPerSlice = Math.min(maxRows, Math.max(1, Math.floor((READ_TARGET_BYTES * count) / Math.max(1, bytes))));
    }
    const data: DataTable = { headers: (header.values[0] ?? []).map(headerText), rows };
    return { source: now, data };
  });
}

export async function readSelectedCell(run: ExcelRunner): Promise<CellReading> {
  return run(async (context) => {
    const selected = context.workbook.getSelectedRange();
    selected.load("address,rowCount,columnCount,values");
    await context.sync();
    if (selected.rowCount !== 1 || selected.columnCount !== 1) {
      throw new WorkbookReadError(`Select one cell holding the number (the selection is ${localAddress(selected.address)}).`);
    }
    const raw = selected.values[0]?.[0];
    const text = raw === null || raw === undefined ? "" : String(raw);
    const value = typeof raw === "number" ? raw : text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : null;
    return { address: selected.address, value, text };
  });
}

export async function listSheets(run: ExcelRunner): Promise<string[]> {
  return run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    await context.sync();
    return sheets.items.map((s) => s.name);
  });
}

/**
 * The spec of the last build: found on the very hidden sheet that carries the add-in's spec
 * marker, with the scorecard sheet that carries that build's marker. Two syncs.
 */
export async function readStoredSpec(run: ExcelRunner): Promise<StoredScorecard | null> {
  return run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name,items/id,items/visibility");
    await context.sync();
    const found = sheets.items.map((sheet) => {
      const marker: XCustomProperty = sheet.customProperties.getItemOrNullObject(MARKER_KEY);
      marker.load("value");
      const used = sheet.visibility === "VeryHidden" ? sheet.getUsedRangeOrNullObject(true) : null;
      used?.load("values");
      return { id: sheet.id, name: sheet.name, marker, used };
    });
    await context.sync();

    const marked = found
      .filter((f) => !f.marker.isNullObject)
      .map((f) => ({ ...f, kind: markerKind(f.marker.value) }));
    const records = marked
      .filter((f) => f.kind?.kind === "spec" && f.used && !f.used.isNullObject)
      .map((f) => ({ sheetId: f.id, sheetName: f.name, record: decodeSpecSheet((f.used as XRange).values) }))
      .filter((r) => r.record !== null);
    if (records.length === 0) return null;
    // Several spec sheets (copied workbooks): the latest build wins.
    records.sort((a, b) => (a.record?.builtAt ?? "").localeCompare(b.record?.builtAt ?? ""));
    const latest = records[records.length - 1];
    const record = latest.record;
    if (!record) return null;
    const parsed = parseStoredSpec(record.json);
    if (isKpiError(parsed)) {
      throw new WorkbookReadError(`The scorecard spec stored on sheet "${latest.sheetName}" cannot be used: ${parsed.message}`);
    }
    const spec = parsed.spec;
    const sheet = marked.find((f) => f.kind?.kind === "scorecard" && f.kind.buildId === record.buildId);
    return {
      spec,
      specSheetId: latest.sheetId,
      buildId: record.buildId,
      builtAt: record.builtAt,
      record,
      sheet: sheet ? { id: sheet.id, name: sheet.name } : null,
    };
  });
}

/** The source as a formula reference, for messages: 'Survey'!A1:E121 or the table name. */
export function describeSource(source: SourceRef): string {
  return source.table ? `table ${source.table} (${sheetPrefix(source.sheet)}${source.address})` : `${sheetPrefix(source.sheet)}${source.address}`;
}
