/**
 * A transaction log for `kpi-scorecard clv`, read in JavaScript (CSV, whitespace-separated
 * text such as the CDNOW file, or a sheet of an .xlsx): which columns hold the customer id,
 * the date and the amount (flags, else header names, else the cells), and the rows as clean
 * transactions. Nothing is guessed: a date or amount that does not read is counted, with the
 * first such row quoted, and the row is left out. Logs bigger than memory go through DuckDB
 * (duckdb.ts) instead, with the same column rules.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { readDay, readId } from "../clv/read";
import type { Transaction } from "../clv/rfm";
import { columnLetter } from "../scorecard/a1";
import { readXlsx } from "../xlsx/reader";
import { InputError } from "../xlsx/types";
import { castField, fileProblem, readCsv } from "./csv";
import { parseDateText } from "./dates";

export interface LogTable {
  readonly headers: string[];
  readonly rows: unknown[][];
  /** Whether the first line was data (no header row): columns are then named by position. */
  readonly headerless: boolean;
}

export interface LogColumns {
  readonly id: number;
  readonly date: number;
  readonly amount: number;
}

const count = (n: number) => n.toLocaleString("en-US");

/** A header row that is all numbers or dates is data: the file has no header. */
function looksLikeData(fields: readonly unknown[]): boolean {
  return fields.length > 0 && fields.every((f) => typeof f === "number" || (typeof f === "string" && (/^[+-]?[\d.,]+$/.test(f.trim()) || readLogDay(f) !== undefined)));
}

function positional(width: number): string[] {
  return Array.from({ length: width }, (_, i) => `column ${i + 1}`);
}

/** Text split on runs of spaces (no delimiter in the header line: the CDNOW layout). */
async function readWhitespace(path: string): Promise<LogTable> {
  const rows: unknown[][] = [];
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    const t = line.trim();
    if (t !== "") rows.push(t.split(/\s+/).map(castField));
  }
  if (rows.length === 0) throw new InputError(`${path} is empty: expected one purchase a line`);
  const width = Math.max(...rows.slice(0, 100).map((r) => r.length));
  if (looksLikeData(rows[0])) return { headers: positional(width), rows, headerless: true };
  const headers = rows.shift()!.map((h, i) => (h === null ? `column ${i + 1}` : String(h)));
  return { headers, rows, headerless: false };
}

export async function readLogTable(path: string, kind: "csv" | "xlsx", sheet?: string, range?: string): Promise<LogTable> {
  const problem = await fileProblem(path);
  if (problem) throw new InputError(problem);
  if (kind === "xlsx") {
    const book = await readXlsx(path, { ...(sheet !== undefined ? { sheet } : {}), ...(range !== undefined ? { range } : {}) });
    return { headers: [...book.table.headers], rows: book.rows, headerless: false };
  }
  const handle = await import("node:fs/promises").then((f) => f.open(path, "r"));
  let head: string;
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
  const first = head.replace(/^\uFEFF/, "").split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  if (!/[,;\t|]/.test(first) && /\S\s+\S/.test(first.trim())) return readWhitespace(path);
  const csv = await readCsv(path);
  const headers = [...csv.table.headers];
  if (looksLikeData(headers)) {
    // readCsv took the first purchase for a header: put it back as data.
    return { headers: positional(headers.length), rows: [headers.map((h) => castField(h)), ...csv.rows], headerless: true };
  }
  return { headers, rows: csv.rows, headerless: false };
}

/**
 * A date cell as a whole Excel serial day: an Excel serial or ISO text (readDay), a text date
 * in the formats the scorecard reads (dates.ts, slashed dates month-first unless told), or a
 * compact YYYYMMDD number or text (as CDNOW writes them). undefined when it is none of these.
 */
export function readLogDay(cell: unknown, slashOrder: "dmy" | "mdy" = "mdy"): number | undefined {
  const compact = typeof cell === "number" ? String(cell) : typeof cell === "string" ? cell.trim() : "";
  if (/^(19|20)\d{6}$/.test(compact)) {
    const text = `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
    const d = parseDateText(text);
    return d === undefined ? undefined : Math.floor(d);
  }
  const day = readDay(cell);
  if (day !== null && day !== undefined) return day;
  if (typeof cell === "string") {
    const d = parseDateText(cell, slashOrder);
    return d === undefined ? undefined : Math.floor(d);
  }
  return undefined;
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

function sampleShare(rows: readonly unknown[][], c: number, test: (v: unknown) => boolean): number {
  let seen = 0;
  let hits = 0;
  for (let r = 0; r < rows.length && seen < 500; r++) {
    const v = rows[r][c];
    if (v === null || v === undefined || v === "") continue;
    seen++;
    if (test(v)) hits++;
  }
  return seen === 0 ? 0 : hits / seen;
}

/**
 * The id, date and amount columns: those the flags name, else by header name, else by their
 * cells (dates: the column whose cells read as dates; amount: a column of numbers with cents;
 * id: the first column left). Refused when a role cannot be told.
 */
export function pickColumns(table: LogTable, given: { id?: string; date?: string; amount?: string }): LogColumns {
  const { headers, rows } = table;
  const taken = new Set<number>();
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
  const isDay = (v: unknown) => (typeof v === "number" ? /^(19|20)\d{6}$/.test(String(v)) : readLogDay(v) !== undefined);
  const date = choose("date", DATE_NAME, (c) => sampleShare(rows, c, isDay) >= 0.9);
  taken.add(date);
  // A column named "amount" (or the like) of numbers is the amount even in whole currency units;
  // without such a name, only numbers with cents tell an amount from counts and codes.
  const numeric = (c: number) => sampleShare(rows, c, (v) => typeof v === "number") >= 0.9;
  const amount = choose("amount", AMOUNT_NAME, (c) => numeric(c) && sampleShare(rows, c, (v) => typeof v === "number" && !Number.isInteger(v)) > 0.05, numeric);
  taken.add(amount);
  const id = choose("id", ID_NAME, (c) => sampleShare(rows, c, (v) => readId(v) != null) >= 0.9);
  const picked = { id, date, amount };
  const seen = new Set<number>();
  for (const [role, k] of Object.entries(picked)) {
    if (seen.has(k)) throw new InputError(`the ${role} column "${headers[k]}" is also used for another role: give --id, --date and --amount three different columns`);
    seen.add(k);
  }
  return picked;
}

export interface SkippedRows {
  readonly id: number;
  readonly date: number;
  readonly amount: number;
  readonly negative: number;
  /** The first row (1-based, as a spreadsheet counts with the header) of each kind, and its text. */
  readonly first: Partial<Record<"id" | "date" | "amount" | "negative", { row: number; text: string }>>;
}

export interface ReadTransactions {
  readonly transactions: Transaction[];
  readonly skipped: SkippedRows;
  readonly lastDay: number;
  readonly firstDay: number;
}

/** The rows of the log as transactions; a row with an unreadable cell is counted and left out. */
export function readTransactions(table: LogTable, cols: LogColumns, options: { returns: boolean; slashOrder?: "dmy" | "mdy" }): ReadTransactions {
  const transactions: Transaction[] = [];
  const skipped = { id: 0, date: 0, amount: 0, negative: 0, first: {} as SkippedRows["first"] & Record<string, { row: number; text: string }> };
  const offset = table.headerless ? 1 : 2;
  // An id column with any text (such as "00042") is text throughout: 42 and "42" are one customer.
  const textIds = table.rows.some((row) => typeof row[cols.id] === "string" && String(row[cols.id]).trim() !== "");
  let firstDay = Infinity;
  let lastDay = -Infinity;
  const skip = (kind: "id" | "date" | "amount" | "negative", r: number, cell: unknown) => {
    skipped[kind]++;
    skipped.first[kind] ??= { row: r + offset, text: String(cell ?? "") };
  };
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r];
    const [idCell, dateCell, amountCell] = [row[cols.id], row[cols.date], row[cols.amount]];
    const id = readId(textIds && typeof idCell === "number" ? String(idCell) : idCell);
    if (id === null || id === undefined) {
      skip("id", r, idCell);
      continue;
    }
    const day = readLogDay(dateCell, options.slashOrder);
    if (day === undefined) {
      skip("date", r, dateCell);
      continue;
    }
    if (typeof amountCell !== "number" || !Number.isFinite(amountCell)) {
      skip("amount", r, amountCell);
      continue;
    }
    if (amountCell < 0 && !options.returns) {
      skip("negative", r, amountCell);
      continue;
    }
    if (day < firstDay) firstDay = day;
    if (day > lastDay) lastDay = day;
    transactions.push({ id, day, amount: amountCell });
  }
  return { transactions, skipped, firstDay, lastDay };
}

/** The skipped rows as one note per kind, with the first row of each. */
export function skippedNotes(s: SkippedRows): string[] {
  const what = { id: "no readable customer id", date: "a date that does not read", amount: "an amount that is not a number", negative: "a negative amount (a return: --returns keeps them)" };
  return (["id", "date", "amount", "negative"] as const)
    .filter((k) => s[k] > 0)
    .map((k) => {
      const f = s.first[k];
      return `${count(s[k])} row${s[k] === 1 ? "" : "s"} left out with ${what[k]}${f ? ` (first: row ${count(f.row)}, "${f.text.slice(0, 40)}")` : ""}`;
    });
}

export const skippedTotal = (s: SkippedRows) => s.id + s.date + s.amount + s.negative;
