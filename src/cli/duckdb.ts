/**
 * Logs bigger than a sheet: the RFM summary of spec/clv.md ("Data") aggregated by DuckDB
 * embedded (@duckdb/node-api, an optional peer dependency loaded only here) straight from a CSV
 * or Parquet file, so the log itself never enters JavaScript: only one row per customer comes
 * back. The same query, printed with --sql, runs in a warehouse (DuckDB, BigQuery, Spark SQL)
 * where the data lives. Cells are read with the rules of clvLog.ts: a date or amount that does
 * not read is counted, never guessed.
 */
import { createRequire } from "node:module";
import { castField } from "./csv";
import type { RfmRow } from "../clv/rfm";
import { InputError } from "../xlsx/types";
import type { SkippedRows } from "./clvLog";

export type Dialect = "duckdb" | "bigquery" | "spark";
export const DIALECTS: readonly Dialect[] = ["duckdb", "bigquery", "spark"];

/** Excel serial of 1970-01-01: DuckDB's days since the epoch plus this are Excel days. */
const EPOCH_SERIAL = 25569;

export interface SummarySqlOptions {
  /** A table or a subquery with the columns id, day (a DATE) and amount (a number). */
  readonly source: string;
  readonly id: string;
  readonly day: string;
  readonly amount: string;
  /** Excel serial days. */
  readonly end: number;
  readonly holdoutEnd?: number;
  readonly periodDays: number;
  readonly dialect: Dialect;
  /** Keep negative amounts (returns) in the spend mean. */
  readonly returns: boolean;
}

/** An Excel serial day as a standard SQL date literal. */
export function dateLiteral(serial: number): string {
  return `DATE '${new Date((serial - EPOCH_SERIAL) * 86_400_000).toISOString().slice(0, 10)}'`;
}

function daysBetween(dialect: Dialect, from: string, to: string): string {
  if (dialect === "bigquery") return `DATE_DIFF(${to}, ${from}, DAY)`;
  if (dialect === "spark") return `DATEDIFF(${to}, ${from})`;
  return `DATE_DIFF('day', ${from}, ${to})`;
}

const quote = (dialect: Dialect, name: string) => (dialect === "duckdb" ? `"${name.replace(/"/g, '""')}"` : `\`${name.replace(/`/g, "")}\``);

/**
 * The RFM summary as one SQL query: per customer x (repeat purchase days), t_x and T in
 * periods, zbar (mean repeat-day spend), the first purchase day and, with a holdout, the
 * purchase days in it. Purchases on one day are one purchase (their amounts added).
 */
export function summarySql(o: SummarySqlOptions): string {
  const end = dateLiteral(o.end);
  const q = (n: string) => quote(o.dialect, n);
  const keep = o.returns ? "" : `\n    AND ${q(o.amount)} >= 0`;
  const holdout = o.holdoutEnd === undefined ? "" : dateLiteral(o.holdoutEnd);
  const lines = [
    `-- RFM summary for BG/NBD and Gamma-Gamma (kpi-scorecard clv), ${o.dialect} SQL.`,
    `-- One row per customer: x = repeat purchase days up to ${end.slice(6, -1)}, t_x and T_age in periods of ${o.periodDays} days, zbar = mean spend of the repeat days.`,
    `WITH clean AS (`,
    `  SELECT ${q(o.id)} AS customer_id, CAST(${q(o.day)} AS DATE) AS day, CAST(${q(o.amount)} AS DOUBLE) AS amount`,
    `  FROM ${o.source}`,
    `  WHERE ${q(o.id)} IS NOT NULL AND ${q(o.day)} IS NOT NULL AND ${q(o.amount)} IS NOT NULL${keep}`,
    `),`,
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
    `  ${daysBetween(o.dialect, "c.first_day", "c.last_day")} / ${o.periodDays.toFixed(4)} AS t_x,`,
    `  ${daysBetween(o.dialect, "c.first_day", end)} / ${o.periodDays.toFixed(4)} AS T_age,`,
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
  appendVarchar(value: string): void;
  appendDouble(value: number): void;
  endRow(): void;
  closeSync(): void;
}
export interface DuckConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<DuckResult>;
  createAppender(table: string): Promise<DuckAppender>;
  closeSync(): void;
}
export interface DuckDb {
  readonly DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<DuckConnection>; closeSync(): void }> };
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

export interface DuckSummary {
  readonly headers: string[];
  readonly rows: RfmRow[];
  readonly holdout?: Float64Array;
  readonly transactionsRead: number;
  readonly skipped: SkippedRows;
  readonly firstDay: number;
  readonly lastDay: number;
}

/** Days since 1970-01-01 of a DATE as @duckdb/node-api returns it ({ days }). */
function epochDays(v: unknown): number {
  return typeof v === "object" && v !== null && "days" in v ? Number((v as { days: number }).days) : Number(v);
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The file as a DuckDB relation with every column as text (CSV) or as stored (Parquet). */
export function fileRelation(path: string, kind: "csv" | "parquet"): string {
  return kind === "parquet" ? `read_parquet(${lit(path)})` : `read_csv(${lit(path)}, all_varchar = true)`;
}

/** A DuckDB expression that reads a text cell as a date with the JavaScript reader's formats. */
function dayExpr(v: string, slashOrder: "dmy" | "mdy"): string {
  const slashed = slashOrder === "dmy" ? "%d/%m/%Y" : "%m/%d/%Y";
  return `COALESCE(TRY_CAST(${v} AS DATE), CAST(TRY_CAST(${v} AS TIMESTAMP) AS DATE), CAST(TRY_STRPTIME(${v}, '%Y%m%d') AS DATE), CAST(TRY_STRPTIME(${v}, '${slashed}') AS DATE), CAST(TRY_STRPTIME(${v}, '%d.%m.%Y') AS DATE))`;
}

type Connection = DuckConnection;

async function rowsOf(connection: Connection, sql: string): Promise<unknown[][]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRows();
}

/** Column names and the first rows (as text), for choosing the id, date and amount columns. */
export async function sampleFile(path: string, kind: "csv" | "parquet"): Promise<{ headers: string[]; rows: unknown[][]; close: () => void; connection: Connection }> {
  const duck = await loadDuckDb();
  const instance = await duck.DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    await connection.run(`CREATE TEMP VIEW log AS SELECT * FROM ${fileRelation(path, kind)}`);
    const described = await rowsOf(connection, "DESCRIBE log");
    const headers = described.map((r) => String(r[0]));
    const cast = headers.map((h) => `CAST("${h.replace(/"/g, '""')}" AS VARCHAR)`).join(", ");
    const sample = await rowsOf(connection, `SELECT ${cast} FROM log LIMIT 500`);
    return { headers, rows: sample.map((r) => r.map((v) => (v === null ? null : castField(String(v))))), close, connection };
  } catch (e) {
    close();
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new InputError(`${path} is not a readable ${kind === "parquet" ? "Parquet file" : "CSV"}: ${why}`);
  }
}

/**
 * The RFM summary of the view `log` of `connection` (made by sampleFile), its id, date and
 * amount columns given by name; the skipped rows are counted by kind with the first of each.
 */
export async function summariseWithDuckDb(
  connection: Connection,
  columns: { id: string; date: string; amount: string },
  o: {
    /** The end of calibration and of the holdout, from the last purchase day of the log. */
    periods: (lastDay: number) => { end: number; holdoutEnd?: number };
    periodDays: number;
    returns: boolean;
    slashOrder: "dmy" | "mdy";
  },
): Promise<DuckSummary & { end: number; holdoutEnd?: number }> {
  const q = (n: string) => `"${n.replace(/"/g, '""')}"`;
  const text = (n: string) => `NULLIF(TRIM(CAST(${q(n)} AS VARCHAR)), '')`;
  await connection.run(
    `CREATE TEMP TABLE parsed AS SELECT row_number() OVER () AS line, ${text(columns.id)} AS id_text, ${text(columns.date)} AS date_text, ${text(columns.amount)} AS amount_text,
       ${dayExpr(text(columns.date), o.slashOrder)} AS day, TRY_CAST(${text(columns.amount)} AS DOUBLE) AS amount FROM log`,
  );
  const [counts] = await rowsOf(
    connection,
    `SELECT COUNT(*),
       SUM(CASE WHEN id_text IS NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN id_text IS NOT NULL AND day IS NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN id_text IS NOT NULL AND day IS NOT NULL AND amount IS NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN id_text IS NOT NULL AND day IS NOT NULL AND amount < 0 THEN 1 ELSE 0 END),
       MIN(day) - DATE '1970-01-01', MAX(day) - DATE '1970-01-01'
     FROM parsed WHERE id_text IS NOT NULL OR date_text IS NOT NULL OR amount_text IS NOT NULL`,
  );
  const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
  const first: SkippedRows["first"] & Record<string, { row: number; text: string }> = {};
  const conditions = {
    id: ["id_text IS NULL", "id_text"],
    date: ["id_text IS NOT NULL AND day IS NULL", "date_text"],
    amount: ["id_text IS NOT NULL AND day IS NOT NULL AND amount IS NULL", "amount_text"],
    negative: ["id_text IS NOT NULL AND day IS NOT NULL AND amount < 0", "amount_text"],
  } as const;
  const skippedCounts = { id: n(counts[1]), date: n(counts[2]), amount: n(counts[3]), negative: o.returns ? 0 : n(counts[4]) };
  for (const [kind, [where, col]] of Object.entries(conditions)) {
    if (skippedCounts[kind as keyof typeof skippedCounts] === 0) continue;
    const [row] = await rowsOf(connection, `SELECT line, ${col} FROM parsed WHERE ${where} ORDER BY line LIMIT 1`);
    if (row) first[kind] = { row: n(row[0]) + 1, text: String(row[1] ?? "") };
  }
  const firstDay = n(counts[5]) + EPOCH_SERIAL;
  const lastDay = n(counts[6]) + EPOCH_SERIAL;
  const good = n(counts[0]) - skippedCounts.id - skippedCounts.date - skippedCounts.amount - skippedCounts.negative;
  if (good <= 0 || counts[6] === null) throw new InputError("no row of the log has a readable customer id, date and amount");
  const { end, holdoutEnd } = o.periods(lastDay);
  await connection.run(`CREATE TEMP VIEW log_clean AS SELECT id_text AS id, day, amount FROM parsed WHERE id_text IS NOT NULL AND day IS NOT NULL AND amount IS NOT NULL`);
  const sql = summarySql({ source: "log_clean", id: "id", day: "day", amount: "amount", end, ...(holdoutEnd !== undefined ? { holdoutEnd } : {}), periodDays: o.periodDays, dialect: "duckdb", returns: o.returns });
  const reader = await connection.runAndReadAll(sql);
  const cols = reader.getColumns();
  const count = cols[0]?.length ?? 0;
  const rows: RfmRow[] = new Array(count);
  // As in clvLog.ts: an id column with any text (such as "00042") is text throughout.
  const ids = cols[0] ?? [];
  const textIds = ids.some((v) => typeof castField(String(v)) === "string");
  for (let i = 0; i < count; i++) {
    const text = String(ids[i]);
    const id = textIds ? text : (castField(text) ?? text);
    rows[i] = { id, x: n(cols[1][i]), tx: n(cols[2][i]), T: n(cols[3][i]), zbar: n(cols[4][i]), first: epochDays(cols[5][i]) + EPOCH_SERIAL };
  }
  const holdout = holdoutEnd !== undefined ? Float64Array.from(cols[6] ?? [], n) : undefined;
  return {
    headers: [],
    rows,
    ...(holdout ? { holdout } : {}),
    transactionsRead: good,
    skipped: { ...skippedCounts, first },
    firstDay,
    lastDay,
    end,
    ...(holdoutEnd !== undefined ? { holdoutEnd } : {}),
  };
}
