/**
 * The reading rule of spec/functions.md ("Reading ranges") as SQL, for DuckDB, BigQuery and
 * Spark SQL: what a sample KPI's `statSql` builds its statistics from, as `statFormulas` builds
 * them from native.ts for Excel.
 *
 * A cell of a table comes to SQL as up to three typed parts (SqlCell): a number (a DOUBLE or
 * INT column, a CSV field that reads as a number), a text (a VARCHAR column, a CSV field that
 * does not) and a logical (a BOOLEAN column); all NULL is a blank. On those, exactly as
 * coerce.ts reads a JavaScript cell:
 * - a number counts when it is finite (NaN and infinities are skipped, as text is);
 * - a text is blank when JavaScript's trim() leaves nothing (spaces, tabs, line breaks, NBSP and
 *   the other Unicode spaces); it counts as a number when, with spaces and NBSP removed at its
 *   ends (not tabs), it is a plain decimal: a sign, digits and one point; no exponent, thousands
 *   separator, currency or percent;
 * - a logical is skipped, except where a KPI reads flags (readFlag: TRUE/FALSE, 1/0, and the
 *   words true/yes/y, false/no/n, case and surrounding whitespace ignored).
 *
 * Regular expressions are written once, in the syntax RE2 (DuckDB, BigQuery) and Java (Spark)
 * share: classes of literal characters and \x{...} escapes, no \d, \s or lookaround, and \z for
 * the end (Java's $ also matches before a final line break), so each dialect reads the same
 * pattern. A validated decimal is cast as "0" + its digits (".5" as
 * "0.5", "9." as "09.") after its sign is taken apart, a form every dialect's cast reads.
 *
 * Refusals: nothing here reads data; every builder returns SQL text. Identifiers are quoted by
 * `identifier`, never pasted.
 */
import { FLAG_FALSE_WORDS, FLAG_TRUE_WORDS } from "./coerce";

export type Dialect = "duckdb" | "bigquery" | "spark";
export const DIALECTS: readonly Dialect[] = ["duckdb", "bigquery", "spark"];

/** A cell of the source as SQL expressions of its typed parts; null where the source has no such part. */
export interface SqlCell {
  /** The number of a number cell (NULL otherwise). */
  readonly num: string | null;
  /** The text of a text cell (NULL otherwise). */
  readonly text: string | null;
  /** The value of a logical cell (NULL otherwise). */
  readonly bool: string | null;
}

/** A mapped column as a KPI's statSql sees it: its cell, and its number as readNumber reads it (NULL when blank or unreadable). */
export interface SqlColumn {
  readonly cell: SqlCell;
  /** A column of the query's cells holding readNumber's value of the cell (a DOUBLE or NULL). */
  readonly value: string;
  /** A column holding readFlag's value of the cell (readFlagSql: 1, 0, another number, NULL). */
  readonly flag: string;
  /** Weight of the column (engagement actions). */
  readonly weight: number;
}

/**
 * One statistic of a group. "count" and "sum" are aggregates added up as they are. "mean" and
 * "m2" stand for the sum and squares slots of a Moments triple: `sql` is then the value (NULL
 * where not counted), of which the query takes the mean and the sum of squared deviations from
 * it, both about the row's shift, and the roll-up turns them into sums about the shift (Chan,
 * Golub and LeVeque's pairwise update), so no engine forms a raw sum of squares of large values.
 * "m3" stands for the cubes slot: the sum of (x - K)^3 about the query's shift K, which the
 * roll-up moves to the row's shift through the group's mean and m2 (exact algebra: the shift is
 * a value of the data, so the cubes stay of the data's spread).
 */
export interface SqlStatistic {
  readonly kind: "count" | "sum" | "mean" | "m2" | "m3";
  readonly sql: string;
}

/** A KPI's statistics in SQL, and the condition of a row that the KPI function rejects (null: none is). */
export interface SqlStatistics {
  readonly statistics: readonly SqlStatistic[];
  readonly rejected: string | null;
}

/**
 * What JavaScript's String.prototype.trim removes (ECMA-262 WhiteSpace and LineTerminator):
 * TAB, LF, VT, FF, CR, space, NBSP, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F,
 * U+3000 and U+FEFF.
 */
export const JS_SPACE = "[\\x{09}-\\x{0D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]";
/** What parseNumericText removes at the ends of a text before reading it: spaces and NBSP. */
const EDGE_SPACE = "[\\x{20}\\x{A0}]";
/** coerce.ts's DECIMAL: a sign, digits and one point. */
export const PLAIN_DECIMAL = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\\z";

/** How one dialect writes what the statistics need. */
export interface SqlDialect {
  readonly name: Dialect;
  /** A quoted identifier (a column or table name). */
  identifier(name: string): string;
  /** A string literal. */
  str(text: string): string;
  /** Whether `text` matches the regular expression (anchor it with ^ and $ for a full match). */
  matches(text: string, pattern: string): string;
  /** Every match of the pattern in `text` replaced by `by` (a literal without references). */
  replace(text: string, pattern: string, by: string): string;
  /** Validated decimal text as a DOUBLE. */
  double(text: string): string;
  /** A number's type name. */
  readonly doubleType: string;
  /** The first and last character of a text. */
  first(text: string): string;
  last(text: string): string;
  /** A tab character. */
  readonly tab: string;
  /** a mod b for integers. */
  mod(a: string, b: string): string;
  /** The capture group `group` (from 1) of the pattern in text. */
  extract(text: string, pattern: string, group: number): string;
  /** Year and month (1..12) of a DATE or TIMESTAMP. */
  year(d: string): string;
  month(d: string): string;
  /** The date `days` days after 1970-01-01. */
  epochDay(days: string): string;
}

/** A pattern with only its `group`-th capturing group left capturing (BigQuery's REGEXP_EXTRACT takes one). */
function onlyGroup(pattern: string, group: number): string {
  let k = 0;
  return pattern.replace(/\((?!\?)/g, () => (++k === group ? "(" : "(?:"));
}

const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;

export const DUCKDB: SqlDialect = {
  name: "duckdb",
  identifier: (name) => `"${name.replace(/"/g, '""')}"`,
  str: sqlString,
  matches: (text, pattern) => `regexp_matches(${text}, ${sqlString(pattern)})`,
  replace: (text, pattern, by) => `regexp_replace(${text}, ${sqlString(pattern)}, ${sqlString(by)}, 'g')`,
  double: (text) => `TRY_CAST(${text} AS DOUBLE)`,
  doubleType: "DOUBLE",
  first: (text) => `left(${text}, 1)`,
  last: (text) => `right(${text}, 1)`,
  tab: "chr(9)",
  mod: (a, b) => `(${a} % ${b})`,
  extract: (text, pattern, group) => `regexp_extract(${text}, ${sqlString(pattern)}, ${group})`,
  year: (d) => `year(${d})`,
  month: (d) => `month(${d})`,
  epochDay: (days) => `(DATE '1970-01-01' + CAST(${days} AS INTEGER))`,
};

/** BigQuery: raw string literals for patterns (no escape processing), backquoted identifiers with \ escapes. */
const rawString = (text: string) => {
  if (text.includes("'")) return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  return `r'${text}'`;
};

export const BIGQUERY: SqlDialect = {
  name: "bigquery",
  // As src/cli/sql.ts's quoteIdent, which the command line puts in its place (its escapes: \` \\ \n \r \t).
  identifier: (name) => `\`${name.replace(/[\\`\n\r\t]/g, (c) => ({ "\\": "\\\\", "`": "\\`", "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c] as string)}\``,
  str: (text) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(/\r/g, "\\r")}'`,
  matches: (text, pattern) => `REGEXP_CONTAINS(${text}, ${rawString(pattern)})`,
  replace: (text, pattern, by) => `REGEXP_REPLACE(${text}, ${rawString(pattern)}, ${rawString(by)})`,
  double: (text) => `SAFE_CAST(${text} AS FLOAT64)`,
  doubleType: "FLOAT64",
  first: (text) => `LEFT(${text}, 1)`,
  last: (text) => `RIGHT(${text}, 1)`,
  tab: "'\\t'",
  mod: (a, b) => `MOD(${a}, ${b})`,
  extract: (text, pattern, group) => `REGEXP_EXTRACT(${text}, ${rawString(onlyGroup(pattern, group))})`,
  year: (d) => `EXTRACT(YEAR FROM ${d})`,
  month: (d) => `EXTRACT(MONTH FROM ${d})`,
  epochDay: (days) => `DATE_ADD(DATE '1970-01-01', INTERVAL CAST(${days} AS INT64) DAY)`,
};

/** Spark SQL: string literals process backslash escapes (spark.sql.parser.escapedStringLiterals off, the default), so backslashes are doubled. */
const sparkString = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

export const SPARK: SqlDialect = {
  name: "spark",
  identifier: (name) => `\`${name.replace(/`/g, "``")}\``,
  str: sparkString,
  matches: (text, pattern) => `(${text} RLIKE ${sparkString(pattern)})`,
  replace: (text, pattern, by) => `regexp_replace(${text}, ${sparkString(pattern)}, ${sparkString(by)})`,
  double: (text) => `CAST(${text} AS DOUBLE)`,
  doubleType: "DOUBLE",
  first: (text) => `left(${text}, 1)`,
  last: (text) => `right(${text}, 1)`,
  tab: "'\\t'",
  mod: (a, b) => `(${a} % ${b})`,
  extract: (text, pattern, group) => `regexp_extract(${text}, ${sparkString(pattern)}, ${group})`,
  year: (d) => `year(${d})`,
  month: (d) => `month(${d})`,
  epochDay: (days) => `date_add(DATE '1970-01-01', CAST(${days} AS INT))`,
};

export const SQL_DIALECTS: Readonly<Record<Dialect, SqlDialect>> = { duckdb: DUCKDB, bigquery: BIGQUERY, spark: SPARK };

/** A number as SQL text (plain decimal, as formatNumber writes it for formulas). */
export function sqlNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot write ${x} into SQL`);
  return String(x);
}

/** 1 where the condition holds, 0 elsewhere, summed: a count as an integer. */
export function countIf(condition: string): string {
  return `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
}

/** Whether a number expression is finite (NaN - NaN and inf - inf are NaN, never 0). */
export function finiteSql(x: string): string {
  return `(${x} - ${x}) = 0`;
}

/** Text with what JavaScript's trim() removes taken off its ends. */
export function jsTrim(d: SqlDialect, text: string): string {
  return d.replace(text, `^${JS_SPACE}+|${JS_SPACE}+\\z`, "");
}

/** The number of a text that is a plain decimal once `edges` are removed at its ends, NULL otherwise. */
function decimalOf(d: SqlDialect, text: string, edges: string): string {
  const t = d.replace(text, `^${edges}+|${edges}+\\z`, "");
  const body = d.replace(t, "^[+-]", "");
  const sign = `CASE WHEN ${d.matches(t, "^-")} THEN -1 ELSE 1 END`;
  // "0" before and, after a point, "0" behind: ".5" is read as "0.50", "9." as "09.0".
  const digits = `CONCAT('0', ${body}, CASE WHEN ${d.matches(body, "[.]")} THEN '0' ELSE '' END)`;
  return `CASE WHEN ${d.matches(t, PLAIN_DECIMAL)} THEN ${sign} * ${d.double(digits)} END`;
}

/** readNumber of a cell: its finite number, or the plain decimal of its text; NULL for a blank or an unreadable cell. */
export function readNumberSql(d: SqlDialect, cell: SqlCell): string {
  const parts: string[] = [];
  if (cell.num !== null) parts.push(`WHEN ${finiteSql(cell.num)} THEN ${cell.num}`);
  if (cell.text !== null) parts.push(`WHEN ${cell.text} IS NOT NULL THEN ${decimalOf(d, cell.text, EDGE_SPACE)}`);
  return parts.length === 0 ? `CAST(NULL AS ${d.doubleType})` : `CASE ${parts.join(" ")} END`;
}

/**
 * readFlag of a cell as a number: 1 (true), 0 (false), another number (a number that is no
 * flag), NULL (blank or skipped). Text is trimmed as JavaScript trims it, then read as a flag
 * word or a plain decimal.
 */
export function readFlagSql(d: SqlDialect, cell: SqlCell): string {
  const parts: string[] = [];
  if (cell.bool !== null) parts.push(`WHEN ${cell.bool} IS NOT NULL THEN CASE WHEN ${cell.bool} THEN 1 ELSE 0 END`);
  if (cell.num !== null) parts.push(`WHEN ${finiteSql(cell.num)} THEN ${cell.num}`);
  if (cell.text !== null) {
    // readFlag takes spaces and NBSP off the ends of a flag word, not tabs or line breaks.
    const t = d.replace(cell.text, `^${EDGE_SPACE}+|${EDGE_SPACE}+\\z`, "");
    const words = (list: readonly string[]) => list.map((w) => d.str(w)).join(", ");
    parts.push(`WHEN LOWER(${t}) IN (${words(FLAG_TRUE_WORDS)}) THEN 1`);
    parts.push(`WHEN LOWER(${t}) IN (${words(FLAG_FALSE_WORDS)}) THEN 0`);
    parts.push(`WHEN ${cell.text} IS NOT NULL THEN ${decimalOf(d, cell.text, EDGE_SPACE)}`);
  }
  return parts.length === 0 ? `CAST(NULL AS ${d.doubleType})` : `CASE ${parts.join(" ")} END`;
}

/** Whether a value lies on the whole numbers lo..hi. */
export function onScale(v: string, lo: number, hi: number): string {
  return `(${v} >= ${sqlNumber(lo)} AND ${v} <= ${sqlNumber(hi)} AND ${v} = FLOOR(${v}))`;
}

/** The statistics of an answer on a whole-number scale, as scaleAnswer counts them: n first, the off-scale count last. */
export function scaleSql(v: string, lo: number, hi: number, counts: readonly string[]): SqlStatistics {
  const on = onScale(v, lo, hi);
  return {
    statistics: [
      { kind: "count", sql: `COUNT(${v})` },
      ...counts.map((c): SqlStatistic => ({ kind: "count", sql: countIf(`${on} AND ${c}`) })),
      { kind: "count", sql: countIf(`${v} IS NOT NULL AND NOT ${on}`) },
    ],
    rejected: `${v} IS NOT NULL AND NOT ${on}`,
  };
}

/** n, then the mean, m2 and m3 slots of a value that is NULL where not counted (a Moments quadruple). */
export function momentsSql(v: string): SqlStatistic[] {
  return [
    { kind: "count", sql: `COUNT(${v})` },
    { kind: "mean", sql: v },
    { kind: "m2", sql: v },
    { kind: "m3", sql: v },
  ];
}

/**
 * The aggregate of a "mean", "m2" or "m3" statistic about a shift: AVG(x - K), and VAR_POP(x - K) *
 * COUNT(x), which each engine computes with an updating (Welford-type) algorithm, and
 * SUM(POWER(x - K, 3)) (no centred third moment is in all three dialects: BigQuery has no
 * SKEWNESS; a whole exponent takes a negative base in each); NULL for no value.
 */
export function momentAggregate(s: SqlStatistic, shift: number): string {
  const x = shift === 0 ? s.sql : `(${s.sql}) - ${sqlNumber(shift)}`;
  if (s.kind === "mean") return `AVG(${x})`;
  if (s.kind === "m2") return `VAR_POP(${x}) * COUNT(${s.sql})`;
  if (s.kind === "m3") return `SUM(POWER(${x}, 3))`;
  return s.sql;
}
