/**
 * Data beyond a sheet for kpi-scorecard (spec/scorecard.md, "Beyond one sheet"): Parquet files
 * and CSVs of any size through DuckDB (--engine), the statistics query for a warehouse (--sql,
 * --dialect, --table) and a build from its result (--stats). The rows never enter JavaScript on
 * these paths: a sample of them does, for the column mapping, and the statistics come back.
 *
 * Refusals: --sql for BigQuery or Spark without --table, --stats whose columns are not the
 * query's, an engine that cannot read the input (.xlsx through DuckDB): one InputError line.
 */
import { promises as fsp } from "node:fs";
import { extname } from "node:path";
import { parse } from "csv-parse/sync";
import { SQL_DIALECTS, type Dialect, type SqlDialect } from "../kpi/sql";
import { isCsatLabelColumn } from "../scorecard/labels";
import { rollUp, shiftsOf, type ResultRow, type RolledUp, type SourceColumn, statisticsQuery, type StatsQuery, type StatsSource } from "../scorecard/statsQuery";
import type { DataTable, ScorecardSpec } from "../scorecard/types";
import { InputError } from "../xlsx/types";
import type { CliOptions } from "./args";
import { castField, detectDelimiter } from "./csv";
import { DATE_PATTERNS, judgeDateColumn, type SlashOrder } from "./dates";
import { loadDuckDb } from "./duckdb";
import { duckDbPath, quoteIdent, quoteTable } from "./sql";
import { csvFieldCell, duckDbStatistics, sourceType } from "./duckStats";

/** CSVs from this size on go through DuckDB under --engine auto (the 1,000,000-row example is 73 MB). */
export const BIG_CSV_BYTES = 32 * 1024 * 1024;
/** Rows of a file read into JavaScript for the column mapping when DuckDB computes the statistics. */
export const SAMPLE_ROWS = 5000;

export type SourceKind = "csv" | "parquet";

/** Whether a file is Parquet: its extension, or its magic number PAR1. */
export async function isParquet(path: string): Promise<boolean> {
  if (extname(path).toLowerCase() === ".parquet") return true;
  try {
    const handle = await fsp.open(path, "r");
    try {
      const head = Buffer.alloc(4);
      await handle.read(head, 0, 4, 0);
      return head.toString("latin1") === "PAR1";
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/** Whether the statistics come from DuckDB (or a result file) rather than from rows read into JavaScript. */
export async function fromStatistics(options: CliOptions, kind: "csv" | "xlsx" | "parquet", path: string): Promise<boolean> {
  if (options.sql || options.stats !== undefined) {
    if (kind === "xlsx") throw new InputError(`--${options.sql ? "sql" : "stats"} reads a CSV or Parquet file's columns: save the sheet as CSV first`);
    return true;
  }
  const engine = options.engine ?? "auto";
  if (engine === "js") return false;
  if (kind === "xlsx") {
    if (engine === "duckdb") throw new InputError("--engine duckdb reads CSV and Parquet files: give --engine js (or auto) for an .xlsx workbook");
    return false;
  }
  if (engine === "duckdb" || kind === "parquet") return true;
  // A file that cannot be read is the reader's to report, in its words.
  const size = await fsp.stat(path).then((s) => s.size, () => 0);
  return size >= BIG_CSV_BYTES;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A Parquet column as JavaScript cells: numbers, text, logicals, dates as Excel serials. */
function parquetCell(name: string, duckType: string): string {
  const q = `"${name.replace(/"/g, '""')}"`;
  const t = sourceType(duckType);
  if (t === "number") return `CAST(${q} AS DOUBLE)`;
  if (t === "date") return `CAST((${q} - DATE '1970-01-01') + 25569 AS DOUBLE)`;
  if (t === "timestamp") return `(epoch_ms(CAST(${q} AS TIMESTAMP)) / 86400000 + 25569)`;
  if (t === "bool") return q;
  return `CAST(${q} AS VARCHAR)`;
}

/**
 * The first `limit` rows of a CSV or Parquet file (all of them without a limit) as a table of
 * cells, read by DuckDB: a CSV's fields typed by castField (and a decimal comma), as readCsv types
 * them; a Parquet file's values by their types.
 */
export async function readWithDuckDb(path: string, kind: SourceKind, o: { readonly limit?: number; readonly decimal?: "comma" | "point" } = {}): Promise<{ table: DataTable; rows: unknown[][] }> {
  const duck = await loadDuckDb();
  const instance = await duck.DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const limit = o.limit === undefined ? "" : ` LIMIT ${o.limit + (kind === "csv" ? 1 : 0)}`;
  try {
    if (kind === "parquet") {
      const relation = `read_parquet(${duckDbPath(path)})`;
      const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${relation}`)).getRowObjects();
      const headers = described.map((r) => String(r.column_name));
      const select = described.map((r) => parquetCell(String(r.column_name), String(r.column_type))).join(", ");
      const rows = (await connection.runAndReadAll(`SELECT ${select} FROM ${relation}${limit}`)).getRows().map((row) => row.map((v) => (typeof v === "bigint" ? Number(v) : v)));
      return { table: { headers, rows }, rows };
    }
    const head = await fsp.readFile(path).then((b) => b.subarray(0, 64 * 1024).toString("utf8"));
    const delimiter = detectDelimiter(head);
    const comma = o.decimal === "comma" || (o.decimal === undefined && delimiter !== ",");
    const relation = `read_csv(${duckDbPath(path)}, delim = ${lit(delimiter)}, header = false, all_varchar = true, quote = '"', escape = '"', null_padding = true, strict_mode = false, new_line = '\\n')`;
    const all = (await connection.runAndReadAll(`SELECT * FROM ${relation}${limit}`)).getRows();
    const [header = [], ...body] = all;
    const headers = header.map((h, i) => (h === null || String(h).trim() === "" ? `Column ${i + 1}` : String(h).trim()));
    const rows = body
      .map((row) => row.map((v) => (v === null ? null : comma ? csvFieldCell(v, true, false) : castField(String(v)))))
      .filter((row) => row.some((v) => v !== null));
    return { table: { headers, rows }, rows };
  } catch (e) {
    if (e instanceof InputError) throw e;
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new InputError(`${path} is not a readable ${kind === "parquet" ? "Parquet file" : "CSV"}: ${why}`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The column types of a file as the query sees them: a CSV's fields as text, a Parquet file's as stored. */
async function columnsOf(path: string, kind: SourceKind, headers: readonly string[]): Promise<SourceColumn[]> {
  if (kind === "csv") return headers.map((name) => ({ name, type: "csv" as const }));
  const duck = await loadDuckDb();
  const instance = await duck.DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${duckDbPath(path)})`)).getRowObjects();
    return described.map((r) => ({ name: String(r.column_name), type: sourceType(String(r.column_type)) }));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The scorecard's SQL dialect with identifiers quoted by the code both commands share (sql.ts's quoteIdent). */
export function dialectOf(dialect: Dialect): SqlDialect {
  return { ...SQL_DIALECTS[dialect], identifier: (name) => quoteIdent(dialect, name) };
}

/**
 * The query --sql prints and --stats reads back, for the file's columns (the sample decides the
 * satisfaction-label columns and how the period's slashed dates read, as the reader would).
 */
export async function warehouseQuery(
  path: string,
  kind: SourceKind,
  spec: ScorecardSpec,
  sample: DataTable,
  options: CliOptions,
  localeOrder: SlashOrder,
): Promise<{ query: StatsQuery; source: StatsSource }> {
  const dialect = options.dialect ?? "duckdb";
  if (options.table === undefined && dialect !== "duckdb") throw new InputError(`--sql --dialect ${dialect} needs --table NAME: the table that holds the data in the warehouse`);
  const columns = await columnsOf(path, kind, sample.headers);
  const delimiter = kind === "csv" ? detectDelimiter(await fsp.readFile(path).then((b) => b.subarray(0, 64 * 1024).toString("utf8"))) : ",";
  const relation = options.table !== undefined
    ? quoteTable(dialect, options.table)
    : kind === "parquet"
      ? `read_parquet(${duckDbPath(path)})`
      : `read_csv(${duckDbPath(path)}, delim = ${lit(delimiter)}, header = true, quote = '"', escape = '"', null_padding = true, strict_mode = false, new_line = '\\n', auto_detect = false, columns = {${columns.map((c) => `${lit(c.name)}: 'VARCHAR'`).join(", ")}})`;
  const period = spec.columns.find((c) => c.role === "period");
  // The period's verdict on its cells as read, before any date typing (the sample given may be typed).
  const raw = period ? await readWithDuckDb(path, kind, { limit: SAMPLE_ROWS, ...(options.decimal ? { decimal: options.decimal } : {}) }) : null;
  const verdict = period && raw ? judgeDateColumn(raw.rows.map((row) => row[period.index]), options.dateFormat) : null;
  const order = options.dateFormat ?? (verdict && verdict.orderReason !== "assumed" && verdict.orderReason !== "none" ? verdict.order : localeOrder);
  const labelColumns = kind === "csv" ? spec.columns.filter((c) => c.role !== "segment" && c.role !== "period" && isCsatLabelColumn(sample.rows.map((row) => row[c.index]))).map((c) => c.index) : [];
  const source: StatsSource = {
    relation,
    columns,
    decimalComma: kind === "csv" && (options.decimal === "comma" || (options.decimal === undefined && delimiter !== ",")),
    slashOrder: order,
    periodTexts: verdict === null || verdict.isDate,
    labelColumns,
    datePatterns: DATE_PATTERNS,
  };
  return { query: statisticsQuery(spec, source, dialectOf(dialect)), source };
}

/** The rows of a result file (CSV or Parquet): a CSV's fields as text (empty: NULL), a Parquet file's values as stored. */
export async function readStatsFile(path: string): Promise<ResultRow[]> {
  if (await isParquet(path)) {
    const duck = await loadDuckDb();
    const instance = await duck.DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      return (await connection.runAndReadAll(`SELECT * FROM read_parquet(${duckDbPath(path)})`)).getRowObjects();
    } catch (e) {
      const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
      throw new InputError(`--stats ${path} is not a readable Parquet file: ${why}`);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }
  let text: string;
  try {
    text = await fsp.readFile(path, "utf8");
  } catch {
    throw new InputError(`--stats ${path}: no such file`);
  }
  const records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, skip_empty_lines: true, relax_column_count: false }) as Record<string, string>[];
  return records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === "" ? null : v])));
}

/** The statistics of a build from a result file of the query (--stats). */
export async function statisticsFromFile(path: string, spec: ScorecardSpec, query: StatsQuery, source: StatsSource): Promise<RolledUp> {
  const rows = await readStatsFile(path);
  const needed = ["seg", "per", "row_count", ...query.columns.flatMap((c) => [...c.stats, c.rejected])];
  const missing = needed.filter((n) => rows.length > 0 && !(n in rows[0]));
  if (missing.length > 0) throw new InputError(`--stats ${path} is not the result of this scorecard's query: it has no column ${missing.slice(0, 3).join(", ")} (print the query with --sql and the same data and flags)`);
  if (rows.length === 0) throw new InputError(`--stats ${path} has no rows: the query found no data`);
  const comma = source.decimalComma === true;
  const labels = source.labelColumns ?? [];
  const segment = spec.columns.find((c) => c.role === "segment");
  const type = segment ? source.columns[segment.index].type : "text";
  // A CSV result holds every value as text: a CSV field is read as the reader reads it, a number or date column's value as its number.
  const segmentCell = type === "csv"
    ? (raw: unknown) => csvFieldCell(raw, comma, segment !== undefined && labels.includes(segment.index))
    : type === "number" || type === "date" || type === "timestamp"
      ? (raw: unknown) => (raw === null || raw === undefined ? null : Number(raw))
      : (raw: unknown) => raw;
  return rollUp(spec, query, rows, { segmentCell });
}

/** The statistics of a CSV or Parquet file computed by DuckDB (--engine duckdb). */
export async function statisticsFromDuckDb(path: string, kind: SourceKind, spec: ScorecardSpec, options: CliOptions, localeOrder: SlashOrder, sample: DataTable): Promise<{ rolled: RolledUp; notes: readonly string[] }> {
  const r = await duckDbStatistics(path, spec, {
    // The shifts from the first rows, as the JavaScript engine takes them: no query for them.
    shifts: shiftsOf(spec, sample),
    kind,
    ...(options.decimal ? { decimal: options.decimal } : {}),
    ...(options.dateFormat ? { slashOrder: options.dateFormat } : {}),
    localeOrder,
  });
  return { rolled: r.rolled, notes: r.notes };
}
