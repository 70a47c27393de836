/**
 * Logs bigger than a sheet: the RFM summary of spec/clv.md ("Data") aggregated by DuckDB
 * embedded (@duckdb/node-api, an optional peer dependency loaded only here) straight from a CSV
 * or Parquet file, so the log itself never enters JavaScript: only one row per customer comes
 * back. The summary's query, printed with --sql, runs in a warehouse (DuckDB, BigQuery, Spark
 * SQL) where the data lives; the engine here gives the same figures in one pass over the log for
 * every window (customerSummary).
 *
 * The cells are read by the rules of clvLog.ts and dates.ts, written in SQL from the same
 * patterns, so the two engines give the same customers: ids as the text they were, dates by
 * one rule (slashed dates in one order for the column, 1900-03-01 to the run date), amounts as
 * decimal numbers, the header row decided by the same test, and DuckDB told the delimiter,
 * quote and header instead of guessing them. The file is named to DuckDB literally (sql.ts:
 * never a glob), and what DuckDB reports about a file becomes one line naming the cause.
 */
import { createRequire } from "node:module";
import { parse } from "csv-parse/sync";
import type { RfmRow } from "../clv/rfm";
import { InputError } from "../xlsx/types";
import { COMMA_DECIMAL, DECIMAL, detectDelimiter, type Delimiter } from "./csv";
import { fileHead } from "./io";
import { firstRowIsData, idsAreNumbers, isWhitespaceLayout, positional, slashOrderOf, whitespaceFields, type SkipKind, type SkippedRows } from "./clvLog";
import { DATE_PATTERNS, dayText, FIRST_LOG_DAY, type DateLocale, type SlashOrder } from "./dates";
import { addDays, checkLogFile, daysBetween, duckDbPath, duckString, floatType, intType, quoteIdent, textType, type Dialect } from "./sql";

export { DIALECTS, type Dialect } from "./sql";

/** Excel serial of 1970-01-01: DuckDB's days since the epoch plus this are Excel days. */
const EPOCH_SERIAL = 25569;

/** An Excel serial day as a standard SQL date literal. */
export function dateLiteral(serial: number): string {
  return `DATE '${dayText(serial)}'`;
}

// ---------------------------------------------------------------------------------------------
// How a date column reads, in SQL.

/**
 * How the date column of a query is written: a DATE or TIMESTAMP column ("typed"), or text
 * (or numbers) in one of the forms of dates.ts. `--sql` names one; the DuckDB engine reads
 * every form ("rule").
 */
export type SqlDateForm = "typed" | "ymd" | "compact" | "dmy" | "mdy" | "dotted" | "serial";

const SPARK_FORMAT: Record<"ymd" | "compact" | "dmy" | "mdy" | "dotted", string> = { ymd: "yyyy-M-d", compact: "yyyyMMdd", dmy: "d/M/yyyy", mdy: "M/d/yyyy", dotted: "d.M.yyyy" };
const STRPTIME_FORMAT: Record<"ymd" | "compact" | "dmy" | "mdy" | "dotted", string> = { ymd: "%Y-%m-%d", compact: "%Y%m%d", dmy: "%d/%m/%Y", mdy: "%m/%d/%Y", dotted: "%d.%m.%Y" };

/** The date part of a text (what comes before a space or a T): a time after a date is dropped. */
function datePart(dialect: Dialect, v: string): string {
  if (dialect === "bigquery") return `REGEXP_EXTRACT(${v}, r'^[^ T]+')`;
  if (dialect === "spark") return `REGEXP_EXTRACT(${v}, '^[^ T]+', 0)`;
  return `regexp_extract(${v}, '^[^ T]+')`;
}

/** A column of one date form as a DATE in the dialect (NULL where a cell does not read). */
export function formDayExpr(dialect: Dialect, form: SqlDateForm, column: string): string {
  if (form === "typed") return `CAST(${column} AS DATE)`;
  const float = floatType(dialect);
  if (form === "serial") return addDays(dialect, "DATE '1899-12-30'", `CAST(FLOOR(CAST(${column} AS ${float})) AS ${intType(dialect)})`);
  const text = `TRIM(CAST(${column} AS ${textType(dialect)}))`;
  const v = form === "compact" ? text : form === "ymd" ? `REPLACE(${datePart(dialect, text)}, '/', '-')` : datePart(dialect, text);
  if (dialect === "bigquery") return `SAFE.PARSE_DATE('${STRPTIME_FORMAT[form]}', ${v})`;
  if (dialect === "spark") return `TO_DATE(${v}, '${SPARK_FORMAT[form]}')`;
  return `CAST(TRY_STRPTIME(${v}, '${STRPTIME_FORMAT[form]}') AS DATE)`;
}

/** Spaces and tabs, the characters trimmed off an id, in the dialect. */
function spaceAndTab(dialect: Dialect): string {
  return dialect === "duckdb" ? "' ' || chr(9)" : "' \\t'";
}

function trimmedText(dialect: Dialect, column: string): string {
  const t = `CAST(${column} AS ${textType(dialect)})`;
  return dialect === "spark" ? `TRIM(BOTH ${spaceAndTab(dialect)} FROM ${t})` : `TRIM(${t}, ${spaceAndTab(dialect)})`;
}

/** A number from a column of numbers or of number text, decimal commas read where `comma` (NULL where a cell is not one). */
function tryFloat(dialect: Dialect, column: string, comma: boolean): string {
  const trimmed = `TRIM(CAST(${column} AS ${textType(dialect)}))`;
  const text = comma ? `REPLACE(REPLACE(${trimmed}, '.', ''), ',', '.')` : trimmed;
  if (dialect === "bigquery") return `SAFE_CAST(${text} AS FLOAT64)`;
  return `TRY_CAST(${text} AS DOUBLE)`;
}

export interface SummarySqlOptions {
  /** A table or a subquery (the relation of a file, a warehouse table). */
  readonly source: string;
  /** Column names, unquoted. */
  readonly id: string;
  readonly day: string;
  readonly amount: string;
  /** How the date column is written. */
  readonly dateForm: SqlDateForm;
  /** Excel serial days; no `end`: the last purchase day of the data. */
  readonly end?: number;
  readonly holdoutEnd?: number;
  /** With no `end`: the holdout is this many days before the last purchase day. */
  readonly holdoutDays?: number;
  /** The run date: no purchase after it, none before 1900-03-01. */
  readonly today: number;
  readonly periodDays: number;
  readonly dialect: Dialect;
  /** Keep negative amounts (returns) in the spend mean. */
  readonly returns: boolean;
  /** Amounts are written with a decimal comma (12,50 and 1.234,50). */
  readonly decimalComma?: boolean;
  /** Lines said at the top as comments (how the log is read). */
  readonly comments?: readonly string[];
}

/**
 * The RFM summary as one SQL query: per customer x (repeat purchase days), t_x and T in
 * periods, zbar (mean repeat-day spend), the first purchase day and, with a holdout, the
 * purchase days in it. Purchases on one day are one purchase (their amounts added). Ids are
 * the column's text, spaces and tabs trimmed; dates outside 1900-03-01 to the run date and
 * amounts that are not numbers are left out.
 */
export function summarySql(o: SummarySqlOptions): string {
  const d = o.dialect;
  const q = (n: string) => quoteIdent(d, n);
  const keep = o.returns ? "" : ` AND amount >= 0`;
  const lastDay = "(SELECT last_day FROM bounds)";
  const end = o.end !== undefined ? dateLiteral(o.end) : o.holdoutDays !== undefined ? addDays(d, lastDay, String(-o.holdoutDays)) : lastDay;
  const holdout = o.holdoutEnd !== undefined ? dateLiteral(o.holdoutEnd) : o.end === undefined && o.holdoutDays !== undefined ? lastDay : undefined;
  const endSaid = o.end !== undefined ? dayText(o.end) : o.holdoutDays !== undefined ? `${o.holdoutDays} days before the last purchase` : "the last purchase";
  const lines = [
    `-- RFM summary for BG/NBD and Gamma-Gamma (kpi-scorecard clv), ${d} SQL.`,
    `-- One row per customer: x = repeat purchase days up to ${endSaid}, t_x and T_age in periods of ${o.periodDays} days, zbar = mean spend of the repeat days.`,
    `-- These are the figures the fits read: the workbook's per-customer table shows them with --forecast-from calibration (by default, each customer as of the end of the data).`,
    `-- Purchases dated from ${dayText(FIRST_LOG_DAY)} to ${dayText(o.today)} (the day this query was written) are read; ids are the column's text.`,
    ...(o.comments ?? []).map((c) => `-- ${c}`),
    `WITH parsed AS (`,
    `  SELECT NULLIF(${trimmedText(d, q(o.id))}, '') AS customer_id, ${formDayExpr(d, o.dateForm, q(o.day))} AS day, ${tryFloat(d, q(o.amount), o.decimalComma === true)} AS amount`,
    `  FROM ${o.source}`,
    `),`,
    `clean AS (`,
    `  SELECT customer_id, day, amount FROM parsed`,
    `  WHERE customer_id IS NOT NULL AND day BETWEEN ${dateLiteral(FIRST_LOG_DAY)} AND ${dateLiteral(o.today)} AND amount IS NOT NULL${keep}`,
    `),`,
    ...(o.end === undefined ? [`bounds AS (`, `  SELECT MAX(day) AS last_day FROM clean`, `),`] : []),
    `days AS (`,
    `  SELECT customer_id, day, SUM(amount) AS amount FROM clean WHERE day <= ${end} GROUP BY customer_id, day`,
    `),`,
    `customers AS (`,
    `  SELECT customer_id, MIN(day) AS first_day, MAX(day) AS last_day, COUNT(*) - 1 AS x FROM days GROUP BY customer_id`,
    `),`,
    `repeat_spend AS (`,
    `  SELECT d.customer_id, SUM(CASE WHEN d.day > c.first_day THEN d.amount ELSE 0 END) AS spend`,
    `  FROM days d JOIN customers c ON d.customer_id = c.customer_id GROUP BY d.customer_id`,
    `)`,
    ...(holdout
      ? [
          `, holdout AS (`,
          `  SELECT customer_id, COUNT(DISTINCT day) AS purchases FROM clean WHERE day > ${end} AND day <= ${holdout} GROUP BY customer_id`,
          `)`,
        ]
      : []),
    `SELECT c.customer_id,`,
    `  c.x,`,
    `  ${daysBetween(d, "c.first_day", "c.last_day")} / ${o.periodDays.toFixed(4)} AS t_x,`,
    `  ${daysBetween(d, "c.first_day", end)} / ${o.periodDays.toFixed(4)} AS T_age,`,
    `  CASE WHEN c.x > 0 THEN s.spend / c.x ELSE 0 END AS zbar,`,
    `  c.first_day${holdout ? "," : ""}`,
    ...(holdout ? [`  COALESCE(h.purchases, 0) AS holdout_purchases`] : []),
    `FROM customers c JOIN repeat_spend s ON c.customer_id = s.customer_id`,
    ...(holdout ? [`LEFT JOIN holdout h ON c.customer_id = h.customer_id`] : []),
    `ORDER BY c.first_day, c.customer_id`,
  ];
  return lines.join("\n") + ";\n";
}

// ---------------------------------------------------------------------------------------------
// A log file as a DuckDB relation.

/** How a log file is laid out, as both engines read it. */
export interface LogLayout {
  readonly kind: "csv" | "whitespace" | "parquet";
  /** The CSV delimiter. */
  readonly delimiter?: Delimiter;
  /** Whether the first line is a header (else data; columns are then "column 1", ...). */
  readonly header: boolean;
  /** The column names as the user sees them (headers, or positional). */
  readonly headers: string[];
  /** Whether amounts may have a decimal comma (a CSV separated by ; TAB or |). */
  readonly decimalComma: boolean;
}

/**
 * The layout of a text log, decided in JavaScript by the rules of clvLog.ts from its first
 * 64 KB: whitespace-separated or CSV with the delimiter detected, and whether its first line
 * is a header. Parquet carries its own.
 */
export async function textLayout(path: string): Promise<LogLayout> {
  const head = await fileHead(path);
  if (isWhitespaceLayout(head)) {
    const lines = head.split(/\r\n|\n|\r/).map(whitespaceFields).filter((f) => f.length > 0);
    const first = lines[0];
    const header = !firstRowIsData(first);
    const width = Math.max(...lines.slice(0, 100).map((f) => f.length));
    return { kind: "whitespace", header, headers: header ? first.map((h, i) => h || `column ${i + 1}`) : positional(width), decimalComma: false };
  }
  const delimiter = detectDelimiter(head);
  let first: string[] = [];
  try {
    const records = parse(head.replace(/^\uFEFF/, ""), { delimiter, record_delimiter: ["\r\n", "\n", "\r"], relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to: 1 }) as string[][];
    first = records[0] ?? [];
  } catch {
    // a first record longer than 64 KB: DuckDB reports it
  }
  if (first.length === 0) throw new InputError(`${path} has no line of text in its first 64 KB: expected a header row and purchase rows`);
  const header = !firstRowIsData(first);
  const headers = header ? first.map((h, i) => (h.trim() === "" ? `column ${i + 1}` : h.trim())) : positional(first.length);
  return { kind: "csv", delimiter, header, headers, decimalComma: delimiter !== "," };
}

/** The data rows in the first 64 KB of a text log, each cell as text (null when blank): a sample read without DuckDB (--sql). */
export async function headRows(path: string, layout: LogLayout): Promise<(string | null)[][]> {
  const head = (await fileHead(path)).replace(/^\uFEFF/, "");
  const cell = (v: string | undefined) => (v === undefined || /^[ \t]*$/.test(v) ? null : v);
  let records: string[][];
  if (layout.kind === "whitespace") records = head.split(/\r\n|\n|\r/).map(whitespaceFields).filter((f) => f.length > 0);
  else {
    try {
      records = parse(head, { delimiter: layout.delimiter, record_delimiter: ["\r\n", "\n", "\r"], relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
    } catch {
      // The head ends inside a quoted field: read up to the last whole line.
      records = parse(head.slice(0, Math.max(0, head.search(/[\r\n][^\r\n]*$/))), { delimiter: layout.delimiter, record_delimiter: ["\r\n", "\n", "\r"], relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
    }
  }
  // The last record may be cut where the 64 KB end.
  if (records.length > 2) records.pop();
  return records.slice(layout.header ? 1 : 0, 501).map((r) => layout.headers.map((_, i) => cell(r[i])));
}

/** Names DuckDB gives the columns inside the engine (c1, c2, ...): unique, whatever the headers are. */
const innerName = (i: number) => `c${i + 1}`;

/**
 * A log file as a DuckDB relation with every column as text (CSV, whitespace text) or as
 * stored (Parquet). `names` are the column names it gets (default c1, c2, ...). The file is
 * named literally (duckDbPath); DuckDB is told the layout rather than left to guess it, and
 * reads any line ending, short rows padded and long rows cut as the JavaScript reader does:
 * strict_mode off with new_line '\n' reads CRLF, LF, CR and any mix of them record for record
 * as csv-parse does (measured on 14 mixed files); left to detect the line end, DuckDB dropped
 * the character after each lone CR once it had seen a CRLF.
 */
export function fileRelation(path: string, layout: LogLayout, names: readonly string[] = layout.headers.map((_, i) => innerName(i))): string {
  const file = duckDbPath(path);
  if (layout.kind === "parquet") return `read_parquet(${file})`;
  if (layout.kind === "whitespace") {
    const lines = `list_filter(string_split_regex(content, '\\r\\n|\\n|\\r'), l -> trim(l) <> '')${layout.header ? "[2:]" : ""}`;
    const cols = names.map((n, i) => `f[${i + 1}] AS ${quoteIdent("duckdb", n)}`).join(", ");
    return `(SELECT ${cols} FROM (SELECT string_split_regex(trim(line, ' ' || chr(9)), '[ ' || chr(9) || ']+') AS f FROM (SELECT unnest(${lines}) AS line FROM read_text(${file}))))`;
  }
  const columns = names.map((n) => `${duckString(n)}: 'VARCHAR'`).join(", ");
  return `read_csv(${file}, auto_detect = false, header = ${layout.header}, delim = ${duckString(layout.delimiter ?? ",")}, quote = '"', escape = '"', columns = {${columns}}, strict_mode = false, new_line = '\\n', null_padding = true)`;
}

// ---------------------------------------------------------------------------------------------
// Running it here.

/**
 * The part of @duckdb/node-api used here, declared locally: the package is an optional peer, so
 * the sources type-check (and the command runs) where it is not installed.
 */
export interface DuckResult {
  getRows(): unknown[][];
  getColumns(): unknown[][];
  getRowObjects(): Record<string, unknown>[];
}
export interface DuckAppender {
  appendDataChunk(chunk: DuckDataChunk): void;
  closeSync(): void;
}
/** A chunk of rows to append (up to DUCK_CHUNK_ROWS), written column by column. */
export interface DuckDataChunk {
  getColumnVector(column: number): { setItem(row: number, value: string | number | null): void; flush(): void };
}
/** Rows in one of DuckDB's data chunks (its standard vector size). */
export const DUCK_CHUNK_ROWS = 2048;
/** A result held in DuckDB, read chunk by chunk (up to 2,048 rows each), a column's cells by index. */
export interface DuckMaterialized {
  readonly chunkCount: number;
  getChunk(index: number): { readonly rowCount: number; getColumnVector(column: number): { getItem(row: number): unknown } };
}
export interface DuckConnection {
  run(sql: string): Promise<DuckMaterialized>;
  runAndReadAll(sql: string): Promise<DuckResult>;
  createAppender(table: string): Promise<DuckAppender>;
  closeSync(): void;
}
/** One of DuckDB's column types, as the module names them. */
export type DuckType = object;
export interface DuckDb {
  readonly DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<DuckConnection>; closeSync(): void }> };
  readonly DuckDBDataChunk: { create(types: readonly DuckType[], rowCount: number): DuckDataChunk };
  readonly VARCHAR: DuckType;
  readonly DOUBLE: DuckType;
}

const DUCKDB_PACKAGE = "@duckdb/node-api";
let loaded: DuckDb | undefined;

/** DuckDB's module, or an InputError saying why it cannot be used and what to do instead. */
export async function loadDuckDb(): Promise<DuckDb> {
  return Promise.resolve().then(duckDbModule);
}

function duckDbModule(): DuckDb {
  if (loaded) return loaded;
  try {
    // Resolved beside this file (the bundle in build/cli, or src/cli): never bundled, a native addon.
    loaded = createRequire(__filename)(DUCKDB_PACKAGE) as DuckDb;
    return loaded;
  } catch (e) {
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new InputError(`DuckDB does not load here (${why}): install ${DUCKDB_PACKAGE} for Parquet and large logs, or give --engine js for a CSV or .xlsx log`);
  }
}

/** Whether DuckDB loads here (for tests and the bench, which skip what needs it). */
export function duckDbLoads(): boolean {
  try {
    duckDbModule();
    return true;
  } catch {
    return false;
  }
}

/**
 * What DuckDB reported about a file, as one line that names the cause: a line that does not
 * read (with its number), text that is not UTF-8, a file that is not Parquet.
 */
export function duckDbFileError(e: unknown, path: string, what: string): InputError {
  if (e instanceof InputError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  const where = line !== undefined ? ` line ${Number(line).toLocaleString("en-US")}` : "";
  if (/not utf-8 encoded|Invalid unicode/i.test(message)) return new InputError(`${path}${where} is not UTF-8 text: save the file as UTF-8 (CSV UTF-8 in Excel)`);
  if (/magic bytes|not a parquet file|Invalid Input Error: File .* too small/i.test(message)) return new InputError(`${path} is not a Parquet file, or it is damaged: ${firstLine(message)}`);
  if (line !== undefined) {
    const original = /Original Line: (.*)/.exec(message)?.[1];
    return new InputError(`${path}${where} does not read as ${what}${original ? ` ("${original.slice(0, 60)}")` : ""}: ${firstLine(message.replace(/^.*CSV Error on Line: \d+\n(Original Line: .*\n)?/s, ""))}`);
  }
  return new InputError(`${path} cannot be read as ${what}: ${firstLine(message)}`);
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/^(Invalid Input|IO|Conversion|Parser) Error: /, "");
}

export interface DuckSummary {
  readonly rows: RfmRow[];
  readonly holdout?: Float64Array;
  /** The customers as of the day the forecast starts after, when that is not the end of calibration. */
  readonly forecast?: { readonly rows: RfmRow[]; readonly start: number };
  readonly transactionsRead: number;
  readonly skipped: SkippedRows;
  readonly firstDay: number;
  readonly lastDay: number;
  readonly dateNote?: string;
}

type Connection = DuckConnection;

async function rowsOf(connection: Connection, sql: string): Promise<unknown[][]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRows();
}

export interface SampledLog {
  readonly layout: LogLayout;
  readonly headers: string[];
  /** DuckDB's type of each column (VARCHAR for a text log). */
  readonly types: string[];
  /** The first 500 rows, each cell as text (null when blank). */
  readonly rows: (string | null)[][];
  readonly connection: Connection;
  readonly close: () => void;
}

/**
 * Opens the log in DuckDB as the view `log` (columns c1, c2, ...) and reads its column types
 * and first rows as text, for choosing the id, date and amount columns.
 */
export async function sampleFile(path: string, kind: "csv" | "parquet"): Promise<SampledLog> {
  await checkLogFile(path);
  const duck = await loadDuckDb();
  const what = kind === "parquet" ? "a Parquet file" : "CSV";
  const instance = await duck.DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    let layout: LogLayout;
    if (kind === "parquet") {
      const described = await rowsOf(connection, `DESCRIBE SELECT * FROM read_parquet(${duckDbPath(path)})`);
      layout = { kind: "parquet", header: true, headers: described.map((r) => String(r[0])), decimalComma: false };
      const names = layout.headers.map((h, i) => `${quoteIdent("duckdb", h)} AS ${innerName(i)}`).join(", ");
      await connection.run(`CREATE TEMP VIEW log AS SELECT ${names} FROM ${fileRelation(path, layout)}`);
    } else {
      layout = await textLayout(path);
      await connection.run(`CREATE TEMP VIEW log AS SELECT * FROM ${fileRelation(path, layout)}`);
    }
    const described = await rowsOf(connection, "DESCRIBE log");
    const types = described.map((r) => String(r[1]));
    const cast = layout.headers.map((_, i) => `CAST(${innerName(i)} AS VARCHAR)`).join(", ");
    const sample = await rowsOf(connection, `SELECT ${cast} FROM log LIMIT 500`);
    if (sample.length === 0) {
      throw new InputError(layout.header ? `${path} has a header row but no purchase rows` : `${path} has no purchase rows`);
    }
    const rows = sample.map((r) => r.map((v) => (v === null || /^[ \t]*$/.test(String(v)) ? null : String(v))));
    return { layout, headers: layout.headers, types, rows, connection, close };
  } catch (e) {
    close();
    throw duckDbFileError(e, path, what);
  }
}

/**
 * A Parquet log whose date column is a DATE or TIMESTAMP and whose amount is a number, as the
 * views the summary reads: `parquet_rows` (every row of the file with its place, frn from 0,
 * whether it is blank, and its columns c1, c2, ...) and `parsed` (the rows that are not blank, as
 * the text path's table of that name: line, id_text, date_text, amount_text, row_hash, day,
 * amount). Nothing is copied: DuckDB reads the file where it lies for each query, aggregating
 * typed columns (the text path copies every row as text with a row number and a hash first,
 * most of a 10-million-row build's time). `line` is the place in the file plus 1, which is the
 * reader's row number unless blank rows come before (the caller counts them for the rows it
 * quotes). `row_hash` hashes the typed values of every column: rows repeat exactly when every
 * value does (the text path hashes their text, the same thing for numbers and dates).
 */
async function typedParquetView(connection: Connection, path: string, layout: LogLayout, types: readonly string[], columns: { id: number; date: number; amount: number }): Promise<void> {
  const col = (k: number) => innerName(k);
  const names = layout.headers.map((h, i) => `${quoteIdent("duckdb", h)} AS ${col(i)}`).join(", ");
  // Blank as the reader counts it: no value, or text of spaces and tabs.
  const blank = layout.headers
    .map((h, i) => {
      const c = quoteIdent("duckdb", h);
      return /^VARCHAR$/i.test(types[i]) ? `(${c} IS NULL OR trim(${c}, ' ' || chr(9)) = '')` : `${c} IS NULL`;
    })
    .join(" AND ");
  await connection.run(`CREATE TEMP VIEW parquet_rows AS SELECT file_row_number AS frn, (${blank}) AS blank, ${names} FROM read_parquet(${duckDbPath(path)}, file_row_number = true)`);
  await connection.run(
    `CREATE TEMP VIEW parsed AS
     SELECT frn + 1 AS line, ${textOf(col(columns.id), types[columns.id])} AS id_text, ${textOf(col(columns.date), types[columns.date])} AS date_text,
       ${textOf(col(columns.amount), types[columns.amount])} AS amount_text, hash(${layout.headers.map((_, i) => col(i)).join(", ")}) AS row_hash,
       CAST(${col(columns.date)} AS DATE) AS day, CAST(${col(columns.amount)} AS DOUBLE) AS amount, ${col(columns.id)} AS id_raw
     FROM parquet_rows WHERE NOT blank`,
  );
}

const TYPED_DATE = /^(DATE|TIMESTAMP.*)$/i;
const WHOLE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/i;
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/i;
const FLOATING = /^(FLOAT|DOUBLE|REAL|DECIMAL.*)$/i;

/** A column's cells as trimmed text (NULL when blank), numbers written as JavaScript writes them. */
function textOf(column: string, type: string): string {
  const text = FLOATING.test(type)
    ? `CASE WHEN ${column} = trunc(${column}) AND abs(${column}) < 1e15 THEN CAST(CAST(${column} AS BIGINT) AS VARCHAR) ELSE CAST(${column} AS VARCHAR) END`
    : `CAST(${column} AS VARCHAR)`;
  return `NULLIF(trim(${text}, ' ' || chr(9)), '')`;
}

const pattern = (form: keyof typeof DATE_PATTERNS) => duckString(DATE_PATTERNS[form]);

/** The date rule of dates.ts (readLogDate) in DuckDB SQL, over a trimmed text `v`. */
export function ruleDayExpr(v: string, order: SlashOrder): string {
  const g = (form: keyof typeof DATE_PATTERNS, k: number) => `regexp_extract(${v}, ${pattern(form)}, ${k})`;
  const day = (y: string, m: string, d: string) => `CASE WHEN CAST(${y} AS INTEGER) >= 1000 THEN CAST(TRY_STRPTIME(${y} || '-' || ${m} || '-' || ${d}, '%Y-%m-%d') AS DATE) END`;
  const time = (form: keyof typeof DATE_PATTERNS) =>
    `(${g(form, 4)} = '' OR (CAST(${g(form, 4)} AS INTEGER) <= 23 AND CAST(${g(form, 5)} AS INTEGER) <= 59 AND (${g(form, 6)} = '' OR CAST(${g(form, 6)} AS INTEGER) <= 59)))`;
  const is = (form: keyof typeof DATE_PATTERNS) => `regexp_full_match(${v}, ${pattern(form)})`;
  const [first, second] = order === "dmy" ? [2, 1] : [1, 2];
  return `CASE WHEN length(${v}) > 40 THEN NULL
    WHEN ${is("compact")} THEN ${day(g("compact", 1), g("compact", 2), g("compact", 3))}
    WHEN ${is("serial")} THEN CASE WHEN CAST(${v} AS DOUBLE) < 2958466 THEN DATE '1899-12-30' + CAST(FLOOR(CAST(${v} AS DOUBLE)) AS INTEGER) END
    WHEN ${is("ymd")} AND ${time("ymd")} THEN ${day(g("ymd", 1), g("ymd", 2), g("ymd", 3))}
    WHEN ${is("dotted")} AND ${time("dotted")} THEN ${day(g("dotted", 3), g("dotted", 2), g("dotted", 1))}
    WHEN ${is("slashed")} AND ${time("slashed")} THEN ${day(g("slashed", 3), g("slashed", first), g("slashed", second))}
  END`;
}

/** The amount rule of clvLog.ts (readAmount) in DuckDB SQL, over a trimmed text `v`. */
function ruleAmountExpr(v: string, comma: boolean): string {
  const number = `WHEN regexp_full_match(${v}, ${duckString(DECIMAL.source)}) THEN TRY_CAST(${v} AS DOUBLE)`;
  const commaNumber = comma ? ` WHEN regexp_full_match(${v}, ${duckString(COMMA_DECIMAL.source)}) THEN TRY_CAST(replace(replace(${v}, '.', ''), ',', '.') AS DOUBLE)` : "";
  return `(CASE ${number}${commaNumber} END)`;
}

/**
 * The RFM summary of the view `log` of a sampled file, its id, date and amount columns given
 * by position; rows that do not read are counted by why with the first of each, as the
 * JavaScript engine counts them.
 */
export async function summariseWithDuckDb(
  sample: SampledLog,
  columns: { id: number; date: number; amount: number },
  o: {
    /** The end of calibration and of the holdout, from the last purchase day of the log. */
    periods: (lastDay: number) => { end: number; holdoutEnd?: number };
    /** The day the forecast starts after (the end of the data, or of calibration): a second summary as of then when it is later. */
    forecastStart?: (end: number, holdoutEnd: number | undefined, lastDay: number) => number;
    periodDays: number;
    returns: boolean;
    slashOrder?: SlashOrder;
    today: number;
    locale?: DateLocale;
    /** Read a typed Parquet log as text too, as any other log (the typed path's test compares the two). */
    asText?: boolean;
  },
  path: string,
): Promise<DuckSummary & { end: number; holdoutEnd?: number }> {
  const { connection, layout, types } = sample;
  const col = (k: number) => innerName(k);
  const firstRow = layout.header ? 1 : 0;
  // A row of blanks is no row, as the JavaScript reader skips it.
  const nonBlank = `coalesce(${layout.headers.map((_, i) => textOf(col(i), types[i])).join(", ")}) IS NOT NULL`;
  try {
    const dateType = types[columns.date];
    const typedDate = TYPED_DATE.test(dateType);
    const typedAmount = NUMERIC.test(types[columns.amount]);
    const all = layout.headers.map((_, i) => textOf(col(i), types[i]));
    // A Parquet log whose dates are dates and amounts numbers has nothing to parse: it is read
    // where it lies (a view, no copy), rows numbered by their place in the file.
    const typed = layout.kind === "parquet" && typedDate && typedAmount && o.asText !== true;
    let order: SlashOrder = o.slashOrder ?? "mdy";
    let dateNote: string | undefined;
    const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
    if (typed) await typedParquetView(connection, path, layout, types, columns);
    else {
      // The rows in the order of the file (DuckDB keeps the order it reads in unless told it need
      // not: preserve_insertion_order), so a row's rowid counts the non-blank rows before it, as
      // the JavaScript reader numbers rows. row_number() OVER () numbered them here and doubled the
      // time of this copy (8.0 s against 4.1 on the bench's 10M-row CSV): a window over the whole
      // file is one thread's work.
      await connection.run(
        `CREATE TEMP TABLE base AS
         SELECT ${textOf(col(columns.id), types[columns.id])} AS id_text, ${textOf(col(columns.date), dateType)} AS date_text,
           ${textOf(col(columns.amount), types[columns.amount])} AS amount_text, hash(${all.join(", ")}) AS row_hash
           ${typedDate ? `, ${col(columns.date)} AS date_raw` : ""}${typedAmount ? `, ${col(columns.amount)} AS amount_raw` : ""}
         FROM log WHERE ${nonBlank}`,
      );
      // The order of slashed dates, from the whole column (dates.ts's rule), before any is read;
      // each distinct text is looked at once.
      if (!typedDate) {
        const slash = `'^(\\d{1,2})/(\\d{1,2})/\\d{4}'`;
        const a = `CAST(regexp_extract(v, ${slash}, 1) AS INTEGER)`;
        const b = `CAST(regexp_extract(v, ${slash}, 2) AS INTEGER)`;
        const [ev] = await rowsOf(
          connection,
          `WITH t AS (SELECT date_text AS v, MIN(rowid) + 1 AS line, COUNT(*) AS n FROM base WHERE date_text IS NOT NULL GROUP BY date_text),
           s AS (SELECT line, n, v, ${a} AS a, ${b} AS b FROM t WHERE regexp_matches(v, ${slash}) AND (${ruleDayExpr("v", "dmy")} IS NOT NULL OR ${ruleDayExpr("v", "mdy")} IS NOT NULL))
           SELECT SUM(n), arg_min(v, line) FILTER (WHERE a > 12 AND b <= 12), min(line) FILTER (WHERE a > 12 AND b <= 12),
             arg_min(v, line) FILTER (WHERE b > 12 AND a <= 12), min(line) FILTER (WHERE b > 12 AND a <= 12) FROM s`,
        );
        const evidence = {
          slashed: ev[0] === null ? 0 : Number(ev[0]),
          ...(ev[2] !== null ? { dayFirst: { row: Number(ev[2]) - 1, text: String(ev[1]) } } : {}),
          ...(ev[4] !== null ? { monthFirst: { row: Number(ev[4]) - 1, text: String(ev[3]) } } : {}),
        };
        const decided = slashOrderOf(layout.headers[columns.date], evidence, o.slashOrder, firstRow + 1, o.locale);
        order = decided.order;
        dateNote = decided.note;
      }
      // The rules run once per distinct text (a log has far fewer dates and amounts than rows), kept
      // as small tables; the rows are read through a view that joins them (the queries below read
      // it two or three times), where a second copy of every row, parsed, held 1.9 GB at once
      // with the first on the bench's 10M-row CSV (1.4 GB this way, and no slower).
      const lookups = [
        ...(typedDate ? [] : [`CREATE TEMP TABLE date_of AS SELECT v, ${ruleDayExpr("v", order)} AS day FROM (SELECT DISTINCT date_text AS v FROM base WHERE date_text IS NOT NULL)`]),
        ...(typedAmount ? [] : [`CREATE TEMP TABLE amount_of AS SELECT v, ${ruleAmountExpr("v", layout.decimalComma)} AS amount FROM (SELECT DISTINCT amount_text AS v FROM base WHERE amount_text IS NOT NULL)`]),
      ];
      for (const lookup of lookups) await connection.run(lookup);
      await connection.run(
        `CREATE TEMP VIEW parsed AS
         SELECT b.rowid + 1 AS line, b.id_text, b.date_text, b.amount_text, b.row_hash,
           ${typedDate ? "CAST(b.date_raw AS DATE)" : "d.day"} AS day, ${typedAmount ? "CAST(b.amount_raw AS DOUBLE)" : "a.amount"} AS amount
         FROM base b ${typedDate ? "" : "LEFT JOIN date_of d ON b.date_text = d.v"} ${typedAmount ? "" : "LEFT JOIN amount_of a ON b.amount_text = a.v"}`,
      );
    }
    /** A row number as the JavaScript reader counts rows (a row of blanks is no row): the typed view numbers rows by their place in the file. */
    const counted = async (line: number) => (typed ? line - n((await rowsOf(connection, `SELECT COUNT(*) FROM parquet_rows WHERE blank AND frn < ${line - 1}`))[0]?.[0]) : line);
    // The id a customer is grouped by: a whole-number column of a typed Parquet log as stored
    // (its text is its value written out, one text per value, so the groups are the same) and
    // turned into text for the customers only; any other id as its trimmed text.
    const key = typed && WHOLE.test(types[columns.id]) ? "id_raw" : "id_text";
    const kinds: Record<SkipKind, string> = {
      id: `${key} IS NULL`,
      date: `${key} IS NOT NULL AND day IS NULL`,
      early: `${key} IS NOT NULL AND day < ${dateLiteral(FIRST_LOG_DAY)}`,
      future: `${key} IS NOT NULL AND day > ${dateLiteral(o.today)}`,
      amount: `${key} IS NOT NULL AND day BETWEEN ${dateLiteral(FIRST_LOG_DAY)} AND ${dateLiteral(o.today)} AND amount IS NULL`,
      negative: `${key} IS NOT NULL AND day BETWEEN ${dateLiteral(FIRST_LOG_DAY)} AND ${dateLiteral(o.today)} AND amount < 0`,
    };
    const shown: Record<SkipKind, string> = { id: "id_text", date: "date_text", early: "date_text", future: "date_text", amount: "amount_text", negative: "amount_text" };
    const kindList = Object.keys(kinds) as SkipKind[];
    const good = `${key} IS NOT NULL AND day BETWEEN ${dateLiteral(FIRST_LOG_DAY)} AND ${dateLiteral(o.today)} AND amount IS NOT NULL${o.returns ? "" : " AND amount >= 0"}`;
    const [counts] = await rowsOf(
      connection,
      `SELECT ${kindList.map((k) => `COUNT(*) FILTER (WHERE ${kinds[k]})`).join(", ")},
         COUNT(*) FILTER (WHERE ${good}), MIN(day) FILTER (WHERE ${good}) - DATE '1970-01-01', MAX(day) FILTER (WHERE ${good}) - DATE '1970-01-01'
       FROM parsed`,
    );
    const skippedCounts = Object.fromEntries(kindList.map((k, i) => [k, k === "negative" && o.returns ? 0 : n(counts[i])])) as Record<SkipKind, number>;
    const first: Partial<Record<SkipKind, { row: number; text: string }>> = {};
    for (const k of kindList) {
      if (skippedCounts[k] === 0) continue;
      const [row] = await rowsOf(connection, `SELECT line, ${shown[k]} FROM parsed WHERE ${kinds[k]} ORDER BY line LIMIT 1`);
      if (row) first[k] = { row: (await counted(n(row[0]))) + firstRow, text: String(row[1] ?? "") };
    }
    const good_ = n(counts[kindList.length]);
    if (good_ <= 0 || counts[kindList.length + 2] === null) {
      throw new InputError(`${path}: no row has a readable customer id, date and amount`);
    }
    const firstDay = n(counts[kindList.length + 1]) + EPOCH_SERIAL;
    const lastDay = n(counts[kindList.length + 2]) + EPOCH_SERIAL;
    const { end, holdoutEnd } = o.periods(lastDay);
    const start = o.forecastStart?.(end, holdoutEnd, lastDay) ?? end;
    const { rows, holdout, forecast, sharedDays } = await customerSummary(connection, { key, good, end, ...(holdoutEnd !== undefined ? { holdoutEnd } : {}), start, lastDay, periodDays: o.periodDays });
    // Rows that repeat an earlier row exactly: two equal rows have the same customer and day, so
    // a log where no customer has two rows on one day (the summary counted them) has none;
    // otherwise every row's hash is counted.
    let duplicates = 0;
    let firstDuplicate: { row: number; text: string } | undefined;
    if (sharedDays > 0) {
      duplicates = good_ - n((await rowsOf(connection, `SELECT COUNT(DISTINCT row_hash) FROM parsed WHERE ${good}`))[0]?.[0]);
    }
    if (duplicates > 0) {
      const raw = layout.headers.map((_, i) => `coalesce(CAST(${col(i)} AS VARCHAR), '')`).join(", ");
      // The first row whose copy came before it: past the first line of each repeated row.
      const [row] = await rowsOf(
        connection,
        `WITH g AS (SELECT line, row_hash FROM parsed WHERE ${good}), dups AS (SELECT row_hash, MIN(line) AS first_line FROM g GROUP BY row_hash HAVING COUNT(*) > 1)
         SELECT MIN(g.line) FROM g JOIN dups ON g.row_hash = dups.row_hash AND g.line > dups.first_line`,
      );
      if (row && row[0] !== null) {
        // Read in file order up to that row only.
        const [text] = typed
          ? await rowsOf(connection, `SELECT concat_ws(' ', ${raw}) FROM parquet_rows WHERE frn = ${n(row[0]) - 1}`)
          : await rowsOf(connection, `SELECT concat_ws(' ', ${raw}) FROM log WHERE ${nonBlank} LIMIT 1 OFFSET ${n(row[0]) - 1}`);
        firstDuplicate = { row: (await counted(n(row[0]))) + firstRow, text: String(text?.[0] ?? "") };
      }
    }
    const skipped: SkippedRows = { ...skippedCounts, first, duplicates, ...(firstDuplicate ? { firstDuplicate } : {}), today: o.today };
    return {
      rows,
      ...(holdout ? { holdout } : {}),
      ...(forecast ? { forecast: { rows: forecast, start } } : {}),
      transactionsRead: good_,
      skipped,
      firstDay,
      lastDay,
      end,
      ...(holdoutEnd !== undefined ? { holdoutEnd } : {}),
      ...(dateNote ? { dateNote } : {}),
    };
  } catch (e) {
    throw duckDbFileError(e, path, layout.kind === "parquet" ? "a Parquet file" : "CSV");
  }
}

/**
 * The customers of the rows `good` of the view `parsed` in one pass: the RFM summary of
 * summarySql (the query --sql prints) as of the end of calibration, each customer's purchase
 * days in the holdout, and the summary as of the day the forecast starts after when that is
 * another day, all from one grouping of the rows by customer and day and one of those days by
 * customer (conditional aggregates per window; a window that ends on or after the last purchase
 * needs no condition). Each figure is summarySql's: x counts the purchase days to the window's
 * end less one, t_x and T are days over the period, zbar is the amounts of the days after the
 * first over x. The engine takes that spend as the window's total less the first day's amount
 * (arg_min), where summarySql joins the days back to their customer's first day: the join and a
 * second grouping took 1.4 s of 3.3 on the bench's 10M-row log; the difference is exact to the
 * last bit of the total (a relative 1e-16 of it), as the order DuckDB adds in already is.
 * `sharedDays` counts the rows beyond the first of their customer and day (where rows can repeat
 * each other). Rows in the order of summarySql's: first purchase day, then id.
 */
async function customerSummary(
  connection: Connection,
  o: { key: string; good: string; end: number; holdoutEnd?: number; start: number; lastDay: number; periodDays: number },
): Promise<{ rows: RfmRow[]; holdout?: Float64Array; forecast?: RfmRow[]; sharedDays: number }> {
  const e = dateLiteral(o.end);
  const other = o.start !== o.end;
  const windows = [o.end, ...(other ? [o.start] : [])];
  const epoch = "DATE '1970-01-01'";
  // Per window: the last purchase day (days since 1970), the purchase days and their amounts.
  const perWindow = windows.map((to) => {
    const only = to >= o.lastDay ? "" : ` FILTER (WHERE day <= ${dateLiteral(to)})`;
    return `MAX(day)${only} - ${epoch}, CAST(COUNT(*)${only} AS DOUBLE), SUM(amount)${only}`;
  });
  const holdout = o.holdoutEnd !== undefined ? `, CAST(COUNT(*) FILTER (WHERE day > ${e}${o.holdoutEnd >= o.lastDay ? "" : ` AND day <= ${dateLiteral(o.holdoutEnd)}`}) AS DOUBLE)` : "";
  const sql = `WITH days AS (
      SELECT ${o.key} AS k, day, SUM(amount) AS amount, COUNT(*) AS n FROM parsed WHERE ${o.good} GROUP BY ${o.key}, day
    )
    SELECT ${o.key === "id_text" ? "k" : "CAST(k AS VARCHAR)"} AS customer_id, MIN(day) - ${epoch} AS first_day, CAST(SUM(n) - COUNT(*) AS DOUBLE) AS shared,
      arg_min(amount, day) AS first_amount, ${perWindow.join(", ")}${holdout}
    FROM days GROUP BY k
    HAVING MIN(day) <= ${dateLiteral(Math.max(o.end, o.start))}
    ORDER BY first_day, customer_id`;
  // Nothing here depends on the order rows are read in (the result is ordered): DuckDB may read them in any.
  await connection.run("SET preserve_insertion_order = false");
  let result: DuckMaterialized;
  try {
    result = await connection.run(sql);
  } finally {
    await connection.run("RESET preserve_insertion_order");
  }
  // Read chunk by chunk as numbers (days since 1970, doubles), not as DuckDB's value objects: 0.1 s
  // for 374,000 customers where getColumns() took 0.3-0.8 s.
  const width = 4 + 3 * windows.length + (holdout ? 1 : 0);
  const texts: string[] = [];
  const numbers = Array.from({ length: width - 1 }, () => [] as number[]);
  for (let c = 0; c < result.chunkCount; c++) {
    const chunk = result.getChunk(c);
    const size = chunk.rowCount;
    const id = chunk.getColumnVector(0);
    for (let i = 0; i < size; i++) texts.push(String(id.getItem(i)));
    for (let k = 1; k < width; k++) {
      const vector = chunk.getColumnVector(k);
      const into = numbers[k - 1];
      for (let i = 0; i < size; i++) {
        const v = vector.getItem(i);
        into.push(v === null ? NaN : Number(v));
      }
    }
  }
  const [firsts, shared, firstAmounts] = numbers;
  // As in clvLog.ts: ids are the text they were; a column of plain whole numbers shows them as numbers.
  const ids = idsAreNumbers(texts) ? texts.map(Number) : texts;
  const count = texts.length;
  let sharedDays = 0;
  for (let i = 0; i < count; i++) sharedDays += shared[i];
  const windowRows = (w: number, only: (first: number) => boolean) => {
    const [lasts, days, totals] = numbers.slice(3 + 3 * w, 6 + 3 * w);
    const to = windows[w] - EPOCH_SERIAL;
    const rows: RfmRow[] = [];
    for (let i = 0; i < count; i++) {
      const first = firsts[i];
      if (!only(first)) continue;
      const x = days[i] - 1;
      rows.push({ id: ids[i], x, tx: (lasts[i] - first) / o.periodDays, T: (to - first) / o.periodDays, zbar: x > 0 ? (totals[i] - firstAmounts[i]) / x : 0, first: first + EPOCH_SERIAL });
    }
    return rows;
  };
  const calibration = (first: number) => first + EPOCH_SERIAL <= o.end;
  const rows = windowRows(0, calibration);
  const holdoutColumn = numbers[width - 2];
  const holdoutDays = holdout ? Float64Array.from(holdoutColumn.filter((_, i) => calibration(firsts[i]))) : undefined;
  const forecast = other ? windowRows(1, (first) => first + EPOCH_SERIAL <= o.start) : undefined;
  return { rows, ...(holdoutDays ? { holdout: holdoutDays } : {}), ...(forecast ? { forecast } : {}), sharedDays };
}
