/**
 * A transaction log for `kpi-scorecard clv`, read in JavaScript (CSV, whitespace-separated
 * text such as the CDNOW file, or a sheet of an .xlsx): which columns hold the customer id,
 * the date and the amount (flags, else header names, else the cells), and the rows as clean
 * transactions. Logs bigger than memory go through DuckDB (duckdb.ts) instead, with the same
 * rules, written once here and in dates.ts and built into its SQL from the same patterns:
 * - a text file is read as text: every cell stays the text it was until a rule reads it;
 * - ids are that text, spaces and tabs trimmed at the ends ("1e3", "1000.0" and "+1000" are
 *   three customers); a column of plain whole numbers shows as numbers;
 * - dates by readLogDate (dates.ts), slashed dates in one order for the whole column, and only
 *   from 1900-03-01 to the run date: a purchase dated after today is left out and counted;
 * - amounts are decimal numbers (decimal commas where the file separates fields otherwise);
 * - the first line is data, not a header, when it holds a date or only numbers;
 * - a row that does not read is counted by why, with the first such row quoted, and left out;
 *   rows that repeat another row exactly are kept and counted in a note.
 * A CSV log is read as a stream, its rows never held (openLog, readTransactions): a pass for the
 * cells the columns are picked by, one over the date column, one for the purchases; a file
 * that changes between the passes is refused.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Transaction } from "../clv/rfm";
import { columnLetter } from "../scorecard/a1";
import { readXlsx } from "../xlsx/reader";
import { InputError } from "../xlsx/types";
import { COMMA_DECIMAL, DECIMAL, eachCsvRow } from "./csv";
import {
  dayText, decideSlashOrder, FIRST_LOG_DAY, isWrittenDate, readLogDate, slashOrderNote, slashOrderProblem, trimCell, withLocale, type DateLocale, type SlashEvidence, type SlashOrder,
} from "./dates";
import { fileHead } from "./io";
import { checkLogFile } from "./sql";

export interface LogTable {
  readonly headers: string[];
  /** Cells: text (a text log), or as an .xlsx holds them (numbers, text, booleans, { error }). */
  readonly rows: unknown[][];
  /** Whether the first line was data (no header row): columns are then named by position. */
  readonly headerless: boolean;
  /** Columns whose cells an .xlsx formats as dates. */
  readonly dateColumns?: readonly number[];
  /** Whether amounts may be written with a decimal comma (a file separated by ; TAB or |). */
  readonly decimalComma?: boolean;
}

export interface LogColumns {
  readonly id: number;
  readonly date: number;
  readonly amount: number;
}

const count = (n: number) => n.toLocaleString("en-US");

/** Text that reads as a number by the amount rule (for telling a header row from data). */
const isNumberText = (f: string) => DECIMAL.test(trimCell(f)) || COMMA_DECIMAL.test(trimCell(f));

/**
 * The one rule for a first line: it is data, not a header, when a field of it is a written
 * date or every field is a number. Both engines ask it (DuckDB is told header = true or false).
 */
export function firstRowIsData(fields: readonly string[]): boolean {
  const filled = fields.filter((f) => trimCell(f) !== "");
  return filled.length > 0 && (filled.some((f) => isWrittenDate(f)) || filled.every(isNumberText));
}

export function positional(width: number): string[] {
  return Array.from({ length: width }, (_, i) => `column ${i + 1}`);
}

/** The fields of a whitespace-separated line (the CDNOW layout). */
export function whitespaceFields(line: string): string[] {
  const t = trimCell(line);
  return t === "" ? [] : t.split(/[ \t]+/);
}

/** Text split on runs of spaces (no delimiter in the header line: the CDNOW layout). */
async function readWhitespace(path: string): Promise<LogTable> {
  const rows: unknown[][] = [];
  // readline ends a line at \r\n, \n and \r alike.
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    const fields = whitespaceFields(line);
    if (fields.length > 0) rows.push(fields);
  }
  if (rows.length === 0) throw new InputError(`${path} is empty: expected one purchase a line`);
  const width = Math.max(...rows.slice(0, 100).map((r) => r.length));
  if (firstRowIsData(rows[0] as string[])) return { headers: positional(width), rows, headerless: true };
  const headers = (rows.shift() as string[]).map((h, i) => h || `column ${i + 1}`);
  if (rows.length === 0) throw new InputError(`${path} has a header row but no purchase rows`);
  return { headers, rows, headerless: false };
}

/** Whether a text log is laid out as whitespace-separated fields: its first line has no delimiter and runs of spaces. */
export function isWhitespaceLayout(head: string): boolean {
  const first = head.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/).find((l) => l.trim() !== "") ?? "";
  return !/[,;\t|]/.test(first) && /\S\s+\S/.test(first.trim());
}

/**
 * A log to read row by row: `table` is what the columns are picked from (pickColumns), and
 * `eachRow` goes through the data rows in order, each once per call (`each` returning false
 * stops). A CSV file is read again on each call rather than held: its rows as text are many
 * times the purchases they make (a 113 MB log of 4.7 million rows held 1.2 GB of them). A
 * whitespace-separated log and an .xlsx sheet (at most 1,048,576 rows) are held as read.
 */
export interface LogSource {
  /** The headers and, as rows, cells enough to pick the columns by (all of them for a log held in memory). */
  readonly table: LogTable;
  readonly eachRow: (each: (row: readonly unknown[]) => boolean | void) => Promise<void>;
}

/** How many of a column's first non-blank cells tell what it holds (pickColumns). */
const SAMPLE_CELLS = 500;

/** A log held as rows. */
function heldLog(table: LogTable): LogSource {
  return {
    table,
    eachRow: async (each) => {
      for (const row of table.rows) if (each(row) === false) return;
    },
  };
}

export async function openLog(path: string, kind: "csv" | "xlsx", sheet?: string, range?: string): Promise<LogSource> {
  await checkLogFile(path);
  if (kind === "xlsx") {
    const book = await readXlsx(path, { ...(sheet !== undefined ? { sheet } : {}), ...(range !== undefined ? { range } : {}) });
    return heldLog({ headers: [...book.table.headers], rows: book.rows, headerless: false, dateColumns: book.dateColumns });
  }
  if (isWhitespaceLayout(await fileHead(path))) return heldLog(await readWhitespace(path));
  // The first pass keeps the first non-blank cells of each column, all pickColumns looks at,
  // and stops once every column has them.
  // Each pass reads the file as it is then: one that changes between passes is refused, not
  // read as two different logs.
  const stamp = async () => {
    const st = await stat(path);
    return `${st.size} ${st.mtimeMs}`;
  };
  const opened = await stamp();
  let headerless = false;
  const firsts: unknown[][] = [];
  const csv = await eachCsvRow(path, { text: true, firstRowIsData: (record) => (headerless = firstRowIsData(record)) }, (row) => {
    if (firsts.length === 0) for (let c = 0; c < row.length; c++) firsts.push([]);
    let full = true;
    for (let c = 0; c < row.length; c++) {
      const cells = firsts[c];
      if (cells.length >= SAMPLE_CELLS) continue;
      const v = row[c];
      if (!isBlankCell(v)) cells.push(v);
      if (cells.length < SAMPLE_CELLS) full = false;
    }
    return !full;
  });
  // Row k of the sample holds the k-th non-blank cell of each column: pickColumns reads each
  // column's first non-blank cells, as from the whole log.
  const height = Math.max(0, ...firsts.map((cells) => cells.length));
  const rows = Array.from({ length: height }, (_, k) => firsts.map((cells) => (k < cells.length ? cells[k] : null)));
  const options = { text: true, firstRowIsData: () => headerless };
  return {
    table: { headers: [...csv.headers], rows, headerless, decimalComma: csv.decimal === "comma" },
    eachRow: async (each) => {
      await eachCsvRow(path, options, each);
      if ((await stamp()) !== opened) throw new InputError(`${path} changed while it was read: run again once it is written`);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the cells.

/** The text of a cell as a message quotes it (an error cell as its code). */
export function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "object" && "error" in cell) return String((cell as { error: unknown }).error);
  return String(cell);
}

/** A customer id: its text, spaces and tabs trimmed at the ends; a number cell as JavaScript writes it. null when blank, undefined when it cannot be an id. */
export function idText(cell: unknown): string | null | undefined {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : undefined;
  if (typeof cell !== "string") return undefined;
  const t = trimCell(cell);
  return t === "" ? null : t;
}

/** A whole number written plainly: the only id text a number stands for. */
export const PLAIN_WHOLE_NUMBER = "^-?(?:0|[1-9]\\d{0,14})$";
const PLAIN_WHOLE = new RegExp(PLAIN_WHOLE_NUMBER);

const isPlainWhole = (id: string) => PLAIN_WHOLE.test(id);

/** Whether every id of a column is a plain whole number ("1000", not "1e3", "1000.0", "+1000" or "007"): they then show as numbers. */
export function idsAreNumbers(ids: Iterable<string>): boolean {
  for (const id of ids) if (!isPlainWhole(id)) return false;
  return true;
}

/** An amount: a number cell, or text that is a decimal number (with a decimal comma where `comma`); undefined otherwise. */
export function readAmount(cell: unknown, comma: boolean): number | undefined {
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : undefined;
  if (typeof cell !== "string") return undefined;
  const t = trimCell(cell);
  let v: number | undefined;
  if (DECIMAL.test(t)) v = Number(t);
  else if (comma && COMMA_DECIMAL.test(t)) v = Number(t.replace(/\./g, "").replace(",", "."));
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

const ID_NAME = /\b(customer|client|user|member|account|buyer|shopper)\b|_id$|^id$|\bid\b/i;
const DATE_NAME = /date|\bday\b|time|ordered|purchased/i;
const AMOUNT_NAME = /amount|revenue|sales|spend|value|total|price|dollars|sum|\bnet\b|gross/i;

/** A column named by a flag: its header (case-insensitive), its letter, or its 1-based position. */
export function findColumn(headers: readonly string[], given: string, flag: string): number {
  const t = given.trim();
  const byName = headers.findIndex((h) => h.trim().toLowerCase() === t.toLowerCase());
  if (byName >= 0) return byName;
  if (/^\d+$/.test(t) && Number(t) >= 1 && Number(t) <= headers.length) return Number(t) - 1;
  if (/^[A-Z]{1,3}$/i.test(t)) {
    const k = headers.findIndex((_, i) => columnLetter(i) === t.toUpperCase());
    if (k >= 0) return k;
  }
  const list = headers.length <= 12 ? headers.map((h) => `"${h}"`).join(", ") : `${headers.length} columns`;
  throw new InputError(`--${flag} "${given}" is not a column of the log (it has ${list}; a column may be named by header, letter or position)`);
}

const isBlankCell = (v: unknown) => v === null || v === undefined || v === "";

function sampleShare(rows: readonly unknown[][], c: number, test: (v: unknown) => boolean): number {
  let seen = 0;
  let hits = 0;
  for (let r = 0; r < rows.length && seen < SAMPLE_CELLS; r++) {
    const v = rows[r][c];
    if (isBlankCell(v)) continue;
    seen++;
    if (test(v)) hits++;
  }
  return seen === 0 ? 0 : hits / seen;
}

/**
 * The id, date and amount columns: those the flags name, else by header name, else by their
 * cells (dates: a column of written dates, or of an .xlsx's date cells; amount: a column of
 * numbers with cents; id: the first column left). Refused when a role cannot be told.
 */
export function pickColumns(table: LogTable, given: { id?: string; date?: string; amount?: string }): LogColumns {
  const { headers, rows } = table;
  const taken = new Set<number>();
  const comma = table.decimalComma === true;
  /** `cells` decides a column without a telling header; `namedCells` one whose header names the role. */
  const choose = (flag: "id" | "date" | "amount", name: RegExp, cells: (c: number) => boolean, namedCells = cells): number => {
    const text = given[flag];
    if (text !== undefined) return findColumn(headers, text, flag);
    const free = headers.map((_, i) => i).filter((i) => !taken.has(i));
    const named = table.headerless ? undefined : free.find((i) => name.test(headers[i]) && namedCells(i));
    const found = named ?? free.find(cells);
    if (found === undefined) {
      throw new InputError(`cannot tell which column holds the ${flag === "id" ? "customer id" : flag} (columns: ${headers.map((h) => `"${h}"`).join(", ")}): name it with --${flag} COL`);
    }
    return found;
  };
  const explicit = (["id", "date", "amount"] as const).map((f) => (given[f] !== undefined ? findColumn(headers, given[f]!, f) : -1));
  for (const k of explicit) if (k >= 0) taken.add(k);
  const dateCells = new Set(table.dateColumns ?? []);
  // A number is a date in a column an .xlsx formats as dates, or when written YYYYMMDD; text when written as a date.
  const isDay = (c: number) => (v: unknown) => (typeof v === "number" ? dateCells.has(c) || (Number.isInteger(v) && /^(19|20)\d{6}$/.test(String(v))) : isWrittenDate(v));
  const date = choose("date", DATE_NAME, (c) => sampleShare(rows, c, isDay(c)) >= 0.9);
  taken.add(date);
  // A column named "amount" (or the like) of numbers is the amount even in whole currency units;
  // without such a name, only numbers with cents tell an amount from counts and codes.
  const numeric = (c: number) => !dateCells.has(c) && sampleShare(rows, c, (v) => readAmount(v, comma) !== undefined) >= 0.9;
  const cents = (c: number) => sampleShare(rows, c, (v) => !Number.isInteger(readAmount(v, comma) ?? 0)) > 0.05;
  const amount = choose("amount", AMOUNT_NAME, (c) => numeric(c) && cents(c), numeric);
  taken.add(amount);
  const id = choose("id", ID_NAME, (c) => sampleShare(rows, c, (v) => idText(v) != null) >= 0.9);
  const picked = { id, date, amount };
  const seen = new Set<number>();
  for (const [role, k] of Object.entries(picked)) {
    if (seen.has(k)) throw new InputError(`the ${role} column "${headers[k]}" is also used for another role: give --id, --date and --amount three different columns`);
    seen.add(k);
  }
  return picked;
}

const SLASH_START = /^(\d{1,2})\/(\d{1,2})\/\d{4}/;

/** What the slashed dates of a column show of their order (data rows 0-based). */
export function slashEvidence(cells: Iterable<unknown>): SlashEvidence {
  const evidence = slashEvidenceOf();
  for (const cell of cells) evidence.add(cell);
  return evidence.result();
}

/** slashEvidence a cell at a time, for a column that is read rather than held. */
function slashEvidenceOf(): { add: (cell: unknown) => void; result: () => SlashEvidence } {
  let slashed = 0;
  let dayFirst: SlashEvidence["dayFirst"];
  let monthFirst: SlashEvidence["monthFirst"];
  let row = -1;
  // Each distinct text is read once (a log repeats its dates): whether it is a slashed date.
  const seen = new Map<string, boolean>();
  const add = (cell: unknown) => {
    row++;
    if (typeof cell !== "string") return;
    let isSlashed = seen.get(cell);
    if (isSlashed === undefined) {
      const t = trimCell(cell);
      isSlashed = SLASH_START.test(t) && (readLogDate(t, "dmy") !== undefined || readLogDate(t, "mdy") !== undefined);
      if (seen.size < 100_000) seen.set(cell, isSlashed);
    }
    if (!isSlashed || (dayFirst && monthFirst)) {
      if (isSlashed) slashed++;
      return;
    }
    const t = trimCell(cell);
    const m = SLASH_START.exec(t)!;
    slashed++;
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (a > 12 && b <= 12) dayFirst ??= { row, text: t };
    if (b > 12 && a <= 12) monthFirst ??= { row, text: t };
  };
  return { add, result: () => ({ slashed, ...(dayFirst ? { dayFirst } : {}), ...(monthFirst ? { monthFirst } : {}) }) };
}

/**
 * The order of the slashed dates of the date column, decided once for the column by the rule
 * the scorecard reads a date column with (dates.ts): the order --date-format gives, else the one
 * a part above 12 shows, else the locale's; refused when rows contradict each other and
 * --date-format does not say. The note says how they were read.
 */
export function slashOrderOf(
  header: string,
  evidence: SlashEvidence,
  forced: SlashOrder | undefined,
  firstRow: number,
  locale?: DateLocale,
): { order: SlashOrder; note?: string } {
  const verdict = withLocale(decideSlashOrder(evidence, forced), locale);
  const problem = slashOrderProblem(header, verdict, firstRow);
  if (problem) throw new InputError(problem);
  const note = slashOrderNote(header, verdict, firstRow, locale)?.note;
  return { order: verdict.order, ...(note ? { note } : {}) };
}

export type SkipKind = "id" | "date" | "early" | "future" | "amount" | "negative";
export const SKIP_KINDS: readonly SkipKind[] = ["id", "date", "early", "future", "amount", "negative"];

export interface SkippedRows extends Readonly<Record<SkipKind, number>> {
  /** The first row (1-based, as a spreadsheet counts with the header) of each kind, and its text. */
  readonly first: Partial<Record<SkipKind, { row: number; text: string }>>;
  /** Rows kept that repeat an earlier row exactly (every column), and the first of them. */
  readonly duplicates: number;
  readonly firstDuplicate?: { row: number; text: string };
  /** The run date: no purchase is dated after it. */
  readonly today: number;
}

export interface ReadTransactions {
  readonly transactions: Transaction[];
  readonly skipped: SkippedRows;
  readonly lastDay: number;
  readonly firstDay: number;
  /** How the slashed dates were read, when that is worth saying. */
  readonly dateNote?: string;
}

/** A 53-bit FNV-1a hash of a row's cells, for counting exact repeats without keeping the rows. */
function rowHash(row: readonly unknown[]): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const cell of row) {
    const t = `${cellText(cell)}\u0000`;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
  }
  return (h1 >>> 0) * 2 ** 21 + ((h2 >>> 0) & 0x1fffff);
}

/**
 * A set of row hashes (rowHash) in one typed array, open addressing: a Set of numbers holds each
 * as an object, and a big log's set was the size of its purchases.
 */
class RowHashes {
  private slots = new Float64Array(1 << 12);
  private size = 0;
  /** 0 marks an empty slot: the hash 0 is kept apart. */
  private zero = false;

  /** Adds a hash; whether it was there already. */
  add(hash: number): boolean {
    if (hash === 0) {
      const had = this.zero;
      this.zero = true;
      return had;
    }
    if ((this.size + 1) * 4 > this.slots.length * 3) this.grow();
    const mask = this.slots.length - 1;
    // ToUint32 of a hash below 2^53 keeps its low 32 bits.
    let i = (hash >>> 0) & mask;
    for (;;) {
      const slot = this.slots[i];
      if (slot === 0) {
        this.slots[i] = hash;
        this.size++;
        return false;
      }
      if (slot === hash) return true;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.size = 0;
    for (const hash of old) if (hash !== 0) this.add(hash);
  }
}

/**
 * The rows of the log as transactions; a row with an unreadable cell, or dated outside
 * 1900-03-01 to `today`, is counted and left out. Two passes over the rows: the date column
 * first, for the order of its slashed dates (decided once for the column), then the rows; only
 * what a purchase needs is kept of a row.
 */
export async function readTransactions(
  log: LogSource,
  cols: LogColumns,
  options: { returns: boolean; slashOrder?: SlashOrder; today: number; locale?: DateLocale },
): Promise<ReadTransactions> {
  const table = log.table;
  const firstRow = table.headerless ? 1 : 2;
  const evidence = slashEvidenceOf();
  await log.eachRow((row) => evidence.add(row[cols.date]));
  const { order, note } = slashOrderOf(table.headers[cols.date], evidence.result(), options.slashOrder, firstRow, options.locale);
  const comma = table.decimalComma === true;
  const kept: { id: string | number; day: number; amount: number }[] = [];
  const skipped = { id: 0, date: 0, early: 0, future: 0, amount: 0, negative: 0, first: {} as Partial<Record<SkipKind, { row: number; text: string }>> };
  const seenRows = new RowHashes();
  /** Days of the date texts read so far (a log repeats its dates). */
  const days = new Map<string, number>();
  let duplicates = 0;
  let firstDuplicate: { row: number; text: string } | undefined;
  let firstDay = Infinity;
  let lastDay = -Infinity;
  let numbers = true;
  const skip = (kind: SkipKind, r: number, cell: unknown) => {
    skipped[kind]++;
    skipped.first[kind] ??= { row: r + firstRow, text: cellText(cell) };
  };
  let r = -1;
  await log.eachRow((row) => {
    r++;
    const [idCell, dateCell, amountCell] = [row[cols.id], row[cols.date], row[cols.amount]];
    const id = idText(idCell);
    if (id === null || id === undefined) return skip("id", r, idCell);
    let day = typeof dateCell === "string" ? days.get(dateCell) : undefined;
    if (day === undefined) {
      day = readLogDate(dateCell, order);
      if (typeof dateCell === "string" && day !== undefined && days.size < 100_000) days.set(dateCell, day);
    }
    if (day === undefined) return skip("date", r, dateCell);
    if (day < FIRST_LOG_DAY) return skip("early", r, dateCell);
    if (day > options.today) return skip("future", r, dateCell);
    const amount = readAmount(amountCell, comma);
    if (amount === undefined) return skip("amount", r, amountCell);
    if (amount < 0 && !options.returns) return skip("negative", r, amountCell);
    if (seenRows.add(rowHash(row))) {
      duplicates++;
      firstDuplicate ??= { row: r + firstRow, text: row.map(cellText).join(" ") };
    }
    if (day < firstDay) firstDay = day;
    if (day > lastDay) lastDay = day;
    if (numbers && !isPlainWhole(id)) numbers = false;
    kept.push({ id, day, amount });
  });
  // Ids are the text they were; a column of plain whole numbers shows them as numbers (turned
  // in place: a second array of a big log's purchases would double them).
  if (numbers) for (const t of kept) t.id = Number(t.id);
  const transactions: Transaction[] = kept;
  return {
    transactions,
    skipped: { ...skipped, duplicates, ...(firstDuplicate ? { firstDuplicate } : {}), today: options.today },
    firstDay,
    lastDay,
    ...(note ? { dateNote: note } : {}),
  };
}

/** The skipped rows as one note per kind, with the first row of each, and the exact repeats. */
export function skippedNotes(s: SkippedRows): string[] {
  const what: Record<SkipKind, string> = {
    id: "no readable customer id",
    date: "a date that does not read",
    early: `a date before ${dayText(FIRST_LOG_DAY)} (Excel's calendar starts there)`,
    future: `a date after today (${dayText(s.today)}): a purchase cannot be in the future`,
    amount: "an amount that is not a number",
    negative: "a negative amount (a return: --returns keeps them)",
  };
  const notes = SKIP_KINDS.filter((k) => s[k] > 0).map((k) => {
    const f = s.first[k];
    return `${count(s[k])} row${s[k] === 1 ? "" : "s"} left out with ${what[k]}${f ? ` (first: row ${count(f.row)}, "${f.text.slice(0, 40)}")` : ""}`;
  });
  if (s.duplicates > 0) {
    const f = s.firstDuplicate;
    notes.push(
      `${count(s.duplicates)} row${s.duplicates === 1 ? " repeats" : "s repeat"} an earlier row exactly${f ? ` (first: row ${count(f.row)}, "${f.text.slice(0, 60)}")` : ""}: counted as purchases; if the export doubled rows, remove the copies`,
    );
  }
  return notes;
}

export const skippedTotal = (s: SkippedRows) => SKIP_KINDS.reduce((sum, k) => sum + s[k], 0);
