/**
 * Reads a CSV file into a DataTable, streaming: any of the delimiters , ; TAB | (detected from
 * the first lines), quoted fields (with delimiters, quotes and line breaks inside), UTF-8 with
 * or without a byte order mark. The first record is the header row.
 *
 * Cells: an empty or whitespace-only field is blank (null); a field that is a decimal number,
 * spaces around it allowed ("42", " 9", "-3.5", "1e3"), becomes that number (a CSV has no
 * types: a number is a number); anything else stays the text it is, including digit strings
 * with leading zeros ("007") or more than 15 digits, which are identifiers that a number would
 * change. Decimal commas ("54,21", "1.234,5") are numbers too when the file uses them: by
 * default in a file separated by ; TAB or | (where the comma is not the delimiter), or with
 * `decimal: "comma"` (--decimal comma); `decimal: "point"` reads only decimal points. Dates are
 * left as text here: typeDateColumns (dates.ts) turns date columns into serials afterwards.
 *
 * Memory: each record is the array csv-parse makes, converted in place; short repeated texts
 * (segments, yes/no, "N/A") are shared per column instead of being held once per row.
 * eachCsvRow hands the rows over one at a time instead, for readers that keep less than the rows.
 */
import { createReadStream, promises as fsp } from "node:fs";
import { parse } from "csv-parse";
import { columnLetter } from "../scorecard/a1";
import type { DataTable } from "../scorecard/types";
import { InputError } from "../xlsx/types";

export const DELIMITERS = [",", ";", "\t", "|"] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export interface CsvReadOptions {
  /** Called every 10,000 records with bytes read, file size and records read. */
  readonly onProgress?: (bytes: number, totalBytes: number, rows: number) => void;
  /** Forces the delimiter instead of detecting it. */
  readonly delimiter?: Delimiter;
  /** Decimal separator: "comma" also reads 54,21 and 1.234,5; default "comma" unless the delimiter is ",". */
  readonly decimal?: DecimalMark;
  /** Keep every field as the text it is (no numbers made): for readers with rules of their own (clvLog.ts). */
  readonly text?: boolean;
  /** Whether the first record is data rather than a header: the columns are then named "column 1", "column 2", ... */
  readonly firstRowIsData?: (record: readonly string[]) => boolean;
}

export type DecimalMark = "point" | "comma";

export interface CsvTable {
  readonly table: DataTable;
  readonly delimiter: Delimiter;
  /** The decimal separator the numbers were read with, and how many fields had a decimal comma. */
  readonly decimal: DecimalMark;
  readonly commaNumbers: number;
  /** Data rows as mutable arrays (the same arrays as table.rows), for in-place date typing. */
  readonly rows: unknown[][];
}

/** Counts a character outside double-quoted stretches of one line. */
function countOutsideQuotes(line: string, ch: string): number {
  let inQuotes = false;
  let k = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (c === ch && !inQuotes) k++;
  }
  return k;
}

/**
 * Picks the delimiter from the start of the file: the candidate that appears in the header
 * and splits most of the next lines into the same number of fields; ties go to the one with
 * more fields, then to the order , ; TAB |. A file with none of them is one column (",").
 */
export function detectDelimiter(head: string): Delimiter {
  const lines = head.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/).filter((l) => l.trim() !== "").slice(0, 30);
  // The last line of a chunk may be cut; leave it out when there are others.
  if (lines.length > 2) lines.pop();
  let best: Delimiter = ",";
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const header = counts[0] ?? 0;
    if (header === 0) continue;
    const rest = counts.slice(1);
    const consistent = rest.length === 0 ? 1 : rest.filter((k) => k === header).length / rest.length;
    const score = consistent * 1000 + header;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

/** A decimal number as a CSV writes one: a sign, digits, one point, an exponent. */
export const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const LEADING_ZERO = /^[+-]?0\d/;
/** A number written with a decimal comma, with or without points between thousands: 54,21 and 1.234,5. */
export const COMMA_DECIMAL = /^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+$/;

/** A decimal-comma text as a number, or undefined when it is not one. */
export function commaNumber(text: string): number | undefined {
  const t = text.trim();
  if (!COMMA_DECIMAL.test(t) || LEADING_ZERO.test(t.replace(/,.*$/, ""))) return undefined;
  const n = Number(t.replace(/\./g, "").replace(",", "."));
  return Number.isFinite(n) ? n : undefined;
}

/** One CSV field as a cell: null, a number, or the text itself. */
export function castField(s: string): string | number | null {
  if (s === "") return null;
  let t = s;
  let c = t.charCodeAt(0);
  if (c === 32 || c === 9 || t.charCodeAt(t.length - 1) === 32 || t.charCodeAt(t.length - 1) === 9) {
    t = t.trim();
    if (t === "") return null;
    c = t.charCodeAt(0);
  }
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
    if (DECIMAL.test(t) && !LEADING_ZERO.test(t)) {
      if (t.length <= 15 || t.replace(/^[+-]?[0.]*|[eE].*$|\./g, "").length <= 15) {
        const n = Number(t);
        if (Number.isFinite(n)) return n;
      }
    }
  }
  return s;
}

/** A field of spaces and tabs only: blank, as castField reads it (and the DuckDB engine, which trims the same two). */
const BLANK_TEXT = /^[ \t]*$/;

const INTERN_LIMIT = 512;
const INTERN_MAX_LENGTH = 40;

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const handle = await fsp.open(path, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Why a path cannot be read, as one line; undefined when it is a readable file. */
export async function fileProblem(path: string): Promise<string | undefined> {
  try {
    const st = await fsp.stat(path);
    if (st.isDirectory()) return `${path} is a folder, not a file`;
    if (!st.isFile()) return `${path} is not a regular file`;
    await fsp.access(path, fsp.constants.R_OK);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return `${path}: no such file`;
    if (code === "EACCES" || code === "EPERM") return `${path}: permission denied`;
    return `${path}: cannot be read (${code ?? "unknown error"})`;
  }
}

/** What reading a CSV file found besides its rows. */
export interface CsvShape {
  readonly headers: string[];
  readonly delimiter: Delimiter;
  /** The decimal separator the numbers were read with, and how many fields had a decimal comma. */
  readonly decimal: DecimalMark;
  readonly commaNumbers: number;
}

export async function readCsv(path: string, options: CsvReadOptions = {}): Promise<CsvTable> {
  const rows: unknown[][] = [];
  const shape = await eachCsvRow(path, options, (row) => {
    rows.push(row);
  });
  return { table: { headers: shape.headers, rows }, delimiter: shape.delimiter, decimal: shape.decimal, commaNumbers: shape.commaNumbers, rows };
}

/**
 * Streams the data rows of a CSV file to `each`, one at a time and in order, each row read as
 * readCsv reads it, without keeping them: a reader that keeps less than every row (clvLog.ts)
 * holds less than the file. `each` returning false stops the reading there.
 */
export async function eachCsvRow(path: string, options: CsvReadOptions, each: (row: unknown[]) => boolean | void): Promise<CsvShape> {
  const problem = await fileProblem(path);
  if (problem) throw new InputError(problem);
  const size = (await fsp.stat(path)).size;
  if (size === 0) throw new InputError(`${path} is empty: expected a header row and data rows`);
  const head = await readHead(path, 64 * 1024);
  if (head[0] === 0xff && head[1] === 0xfe) throw new InputError(`${path} is UTF-16 text: save it as UTF-8 CSV`);
  if (head[0] === 0xfe && head[1] === 0xff) throw new InputError(`${path} is UTF-16 text: save it as UTF-8 CSV`);
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new InputError(`${path} is a zip file (an .xlsx workbook?), not a CSV: give it an .xlsx name`);
  }
  if (head.includes(0)) throw new InputError(`${path} is not a text file (it holds NUL bytes)`);
  const delimiter = options.delimiter ?? detectDelimiter(head.toString("utf8"));
  const decimal: DecimalMark = options.decimal ?? (delimiter === "," ? "point" : "comma");
  const comma = decimal === "comma";
  let commaNumbers = 0;

  const parser = parse({
    delimiter,
    // Line endings as they come, mixed too (a CRLF export with LF rows appended): every one ends a record.
    record_delimiter: ["\r\n", "\n", "\r"],
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  });
  const input = createReadStream(path);
  input.on("error", (e) => parser.destroy(e));
  input.pipe(parser);

  const state: { headers: string[] | null; width: number } = { headers: null, width: 0 };
  let count = 0;
  let stopped = false;
  let failure: { error: unknown } | undefined;
  let interns: (Map<string, string> | null)[] = [];
  const onProgress = options.onProgress;

  const text = options.text === true;
  const consume = (record: string[]): void => {
    if (state.headers === null) {
      state.width = record.length;
      const data = options.firstRowIsData?.(record) === true;
      state.headers = record.map((h, i) => (data ? `column ${i + 1}` : h.trim() === "" ? `Column ${columnLetter(i)}` : h.trim()));
      interns = state.headers.map(() => new Map<string, string>());
      if (!data) return;
    }
    const width = state.width;
    // A record that is only empty fields (",,,") is a blank line.
    let blank = true;
    const row: unknown[] = record;
    for (let c = 0; c < record.length; c++) {
      const raw = record[c];
      let v = text ? (BLANK_TEXT.test(raw) ? null : raw) : castField(raw);
      if (comma && !text && typeof v === "string") {
        const n = commaNumber(v);
        if (n !== undefined) {
          v = n;
          commaNumbers++;
        }
      }
      if (typeof v === "string") {
        const table = interns[c];
        if (table && v.length <= INTERN_MAX_LENGTH) {
          const shared = table.get(v);
          if (shared !== undefined) v = shared;
          else if (table.size < INTERN_LIMIT) table.set(v, v);
          else interns[c] = null;
        }
      }
      if (v !== null) blank = false;
      row[c] = v;
    }
    if (blank) return;
    if (row.length > width) row.length = width;
    while (row.length < width) row.push(null);
    count++;
    if (each(row) === false) stopped = true;
    if (onProgress && count % 10_000 === 0) onProgress(input.bytesRead, size, count);
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const finish = () => {
        input.unpipe(parser);
        input.destroy();
        parser.destroy();
      };
      parser.on("readable", () => {
        try {
          let record: string[] | null;
          while (!stopped && (record = parser.read() as string[] | null) !== null) consume(record);
        } catch (e) {
          // A reader's own failure ends the reading (a throw here would escape the stream).
          finish();
          failure = { error: e };
          reject(e);
          return;
        }
        if (stopped) {
          finish();
          resolve();
        }
      });
      parser.on("error", reject);
      parser.on("end", () => resolve());
    });
  } catch (e) {
    if (e instanceof InputError || (failure !== undefined && e === failure.error)) throw e;
    const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new InputError(`${path} is not a readable CSV: ${message}`);
  }
  const headers = state.headers;
  if (headers === null) throw new InputError(`${path} is empty: expected a header row and data rows`);
  if (count === 0) throw new InputError(`${path} has a header row but no data rows`);
  if (!stopped) onProgress?.(size, size, count);
  return { headers, delimiter, decimal, commaNumbers };
}
