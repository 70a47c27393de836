/**
 * SQL text that the DuckDB engine and `--sql` share, so that a name or a path can never end
 * the token it is in: identifiers, table names and string literals quoted for each dialect,
 * the dialect's types and date arithmetic, and a log file as a DuckDB relation that is read
 * as the one file it names, never as a glob. The scorecard and `clv` call it alike.
 *
 * Quoting rules:
 * - DuckDB: "name" with " doubled; 'text' with ' doubled (no backslash escapes).
 * - BigQuery (GoogleSQL): `name` with the escape sequences of its string literals (\` \\ \n),
 *   https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical ("Quoted identifiers").
 * - Spark SQL: `name` with ` doubled,
 *   https://spark.apache.org/docs/latest/sql-ref-identifier.html.
 *
 * DuckDB reads a path holding * ? or [ as a glob (read_csv('log[1].csv') reads log1.csv), and
 * splits a glob on / and \ alike. A literal name is written with each of * ? [ inside a
 * bracket ([*], [?], [[]), which DuckDB's globber matches as that one character; the file is
 * checked first (it exists, is a regular file, can be read), so the pattern can match nothing
 * else. A path holding a backslash as well as one of * ? [ cannot be written so (the
 * backslash would split it), and is refused.
 */
import { promises as fsp } from "node:fs";
import { InputError } from "../xlsx/types";
import { fileProblem } from "./csv";

import type { Dialect } from "../kpi/sql";
// One list of dialects for both commands (the scorecard's statistics SQL is in src/kpi/sql.ts).
export { DIALECTS, type Dialect } from "../kpi/sql";

/** BigQuery's escape sequences for a quoted identifier (those of its string literals). */
const BIGQUERY_ESCAPES: Record<string, string> = { "\\": "\\\\", "`": "\\`", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** A column or table name as a quoted identifier of the dialect. */
export function quoteIdent(dialect: Dialect, name: string): string {
  if (name === "") throw new InputError("an empty name cannot be a column or table in SQL");
  if (/[\u0000\u0001-\u0008\u000b\u000c\u000e-\u001f]/.test(name)) throw new InputError(`the name ${JSON.stringify(name)} holds control characters: it cannot be written as SQL`);
  if (dialect === "duckdb") return `"${name.replace(/"/g, '""')}"`;
  if (dialect === "bigquery") return `\`${name.replace(/[\\`\n\r\t]/g, (c) => BIGQUERY_ESCAPES[c])}\``;
  if (/[\n\r\t]/.test(name)) throw new InputError(`the name ${JSON.stringify(name)} holds a line break or tab: Spark SQL cannot name it`);
  return `\`${name.replace(/`/g, "``")}\``;
}

/**
 * A table name given by the user (--table), qualified with dots (project.dataset.table,
 * schema.table): each part quoted on its own. An empty part is refused.
 */
export function quoteTable(dialect: Dialect, name: string): string {
  const parts = name.trim().split(".");
  if (parts.some((p) => p.trim() === "")) throw new InputError(`--table "${name}" is not a table name: write NAME, SCHEMA.NAME or PROJECT.DATASET.NAME`);
  return parts.map((p) => quoteIdent(dialect, p.trim())).join(".");
}

/** A DuckDB string literal. */
export function duckString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The dialect's 64-bit floating point type (BigQuery has no DOUBLE). */
export function floatType(dialect: Dialect): string {
  return dialect === "bigquery" ? "FLOAT64" : "DOUBLE";
}

/** The dialect's text type. */
export function textType(dialect: Dialect): string {
  return dialect === "bigquery" ? "STRING" : dialect === "spark" ? "STRING" : "VARCHAR";
}

/** Whole days from `from` to `to` (two DATE expressions). */
export function daysBetween(dialect: Dialect, from: string, to: string): string {
  if (dialect === "bigquery") return `DATE_DIFF(${to}, ${from}, DAY)`;
  if (dialect === "spark") return `DATEDIFF(${to}, ${from})`;
  return `DATE_DIFF('day', ${from}, ${to})`;
}

/** `days` (a whole number expression) after `date` (a DATE expression). */
export function addDays(dialect: Dialect, date: string, days: string): string {
  if (dialect === "bigquery") return `DATE_ADD(${date}, INTERVAL ${days} DAY)`;
  if (dialect === "spark") return `DATE_ADD(${date}, ${days})`;
  return `(${date} + ${days})`;
}

/** The dialect's whole-number type. */
export function intType(dialect: Dialect): string {
  return dialect === "bigquery" ? "INT64" : dialect === "spark" ? "INT" : "INTEGER";
}

/** A path as DuckDB's file name argument: a string literal that matches this one file only. */
export function duckDbPath(path: string): string {
  if (/[*?[]/.test(path) && path.includes("\\") && process.platform !== "win32") {
    throw new InputError(`${path}: DuckDB cannot read a file whose name holds a backslash and one of * ? [ as that one file: rename it, or give --engine js`);
  }
  return duckString(path.replace(/[*?[]/g, (c) => `[${c}]`));
}

/**
 * The one check of a data path before any engine reads it (clv's logs, the scorecard's DuckDB
 * statistics): a readable regular file (not a folder, not missing), and not empty. Returns its
 * size in bytes.
 */
export async function checkLogFile(path: string, expected = "one purchase a line"): Promise<number> {
  const problem = await fileProblem(path);
  if (problem) throw new InputError(problem);
  const size = (await fsp.stat(path)).size;
  if (size === 0) throw new InputError(`${path} is empty: expected ${expected}`);
  return size;
}
