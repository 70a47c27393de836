/**
 * The scorecard's statistics from anywhere (ARCHITECTURE.md, "Statistics from anywhere"): one
 * SQL query per build that computes, per segment value x period, every sample row's statistics
 * (each KPI's statSql, src/kpi/sql.ts), and the roll-up in TypeScript that adds those finest
 * rows into the groups the planner shows (everyone, segments, periods), so DuckDB, BigQuery,
 * Spark or a file of a warehouse's result give the statistics the JavaScript engine counts.
 *
 * Grouping as groups.ts groups, exactly: the query groups by the segment cell as stored (a CSV
 * field's raw text, a typed value) and the period's month; TypeScript then reads each distinct
 * segment value with the planner's own functions (the CSV reader's cast, TRIM, the case rule of
 * Excel's =), so no dialect's TRIM or LOWER decides a group. The month of a period cell is
 * computed in SQL (a date, a timestamp, an Excel serial, or a date text in the formats of
 * src/cli/dates.ts), the quarter and the 60 most recent periods in TypeScript.
 *
 * Sources: a CSV read as text (every field VARCHAR, read by the CLI's CSV rules: castField, a
 * decimal comma, cleanTableText, satisfaction labels), or a typed table (Parquet, a warehouse):
 * numbers are numbers, VARCHAR is text, BOOLEAN is logical, DATE and TIMESTAMP are dates.
 *
 * Refusals: a sample row whose KPI has no SQL (sentiment: a word list) is named by `noSql`, for
 * the caller to refuse or to compute in JavaScript; nothing here runs a query.
 */
import { KpiError, type SampleKpi } from "../kpi";
import { countIf, finiteSql, JS_SPACE, jsTrim, momentAggregate, readFlagSql, readNumberSql, sqlNumber, type SqlCell, type SqlColumn, type SqlDialect, type SqlStatistic } from "../kpi/sql";
import { CSAT_LABELS } from "./labels";
import { parseAddress } from "./a1";
import { MAX_PERIODS, type PeriodGroup, periodGroups, periodKey, periodOf, segmentGroups, segmentKey, segmentLabel, shownSegments } from "./groups";
import { countGroups, type GroupStats, kpiRows, type SampleRow, type ScorecardRegistry } from "./rows";
import type { ColumnMapping, DataTable, ScorecardSpec, TrendGrain } from "./types";

/** How a source column holds its cells. */
export type SourceType = "csv" | "number" | "text" | "bool" | "date" | "timestamp";

export interface SourceColumn {
  readonly name: string;
  readonly type: SourceType;
}

/** A table the query reads. */
export interface StatsSource {
  /** The FROM clause: a quoted table name or a table function. */
  readonly relation: string;
  /** Every column of the source, in the order of the spec's column indices. */
  readonly columns: readonly SourceColumn[];
  /** CSV fields with a decimal comma (54,21) read as numbers. */
  readonly decimalComma?: boolean;
  /** How slashed date texts of the period column read. */
  readonly slashOrder?: "dmy" | "mdy";
  /**
   * The date texts the reader takes, as JavaScript regular expressions (src/cli/dates.ts's
   * DATE_PATTERNS: Y-M-D, D.M.Y, slashed; groups as there), so the query reads what the
   * reader reads; this module's own copies when not given.
   */
  readonly datePatterns?: { readonly ymd: string; readonly dotted: string; readonly slashed: string };
  /** Whether date texts of the period column are dates (the CLI's verdict over the column); true by default. */
  readonly periodTexts?: boolean;
  /** Columns (indices) of satisfaction labels read on the 1-5 scale (labels.ts). */
  readonly labelColumns?: readonly number[];
  /** An expression of the row's position in the source, where it has one: a segment shows the spelling of its first row. */
  readonly position?: string;
  /**
   * The shift of each sample row whose statistics are a mean's (sample.ts, Moments), by row key
   * (rowKey): the query takes its moments about it, so the means of values near 1e9 come back
   * small and exact. 0 (none) where not given.
   */
  readonly shifts?: ReadonlyMap<string, number>;
}

/** The query, and what its result's columns are. */
export interface StatsQuery {
  readonly sql: string;
  /** The sample rows, in the order of the result's statistics. */
  readonly rows: readonly SampleRow[];
  /** Result columns of each row's statistics (s{row}_{slot}) and of its rejected rows. */
  readonly columns: readonly { readonly stats: readonly string[]; readonly kinds: readonly SqlStatistic["kind"][]; readonly rejected: string; readonly shift: string }[];
  /** Sample rows whose KPI has no SQL. */
  readonly noSql: readonly SampleRow[];
  /**
   * Per sample row with a mean's statistics (by rowKey), a query of its first value in the
   * source's order (a good shift: a value of the data, as the JavaScript engine takes it).
   */
  readonly shiftProbes: readonly { readonly key: string; readonly sql: string }[];
  /**
   * For the rows without SQL (sentiment), a second query of their cells' distinct values per
   * segment value and month, with how many rows hold each (columns seg, per, d{column index},
   * row_count): the roll-up reads each distinct cell once with the KPI's own `add`, so a column of
   * repeated comments costs one scoring per distinct text. Null when every row has SQL.
   */
  readonly distinct: { readonly sql: string; readonly columns: readonly number[] } | null;
}

const EXCEL_EPOCH = 25569;
/** First serial after 9999-12-31, where BigQuery's and Spark's dates end; DuckDB goes as far as JavaScript's Date (8.64e15 ms). */
const LAST_SERIAL = 2958466;
const LAST_JS_SERIAL = 100_025_569;

/** castField's number: a decimal with an optional exponent, no leading zero, at most 15 significant digits. */
const CSV_DECIMAL = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\\z";
const LEADING_ZERO = "^[+-]?0[0-9]";
const COMMA_DECIMAL = "^[+-]?([0-9]{1,3}([.][0-9]{3})+|[0-9]+),[0-9]+\\z";
/** What cleanTableText removes from a text: C0 controls but TAB, LF and CR, U+FFFE, U+FFFF. */
const XML_FORBIDDEN = "[\\x{00}-\\x{08}\\x{0B}\\x{0C}\\x{0E}-\\x{1F}\\x{FFFE}\\x{FFFF}]";

/** Query stages: each a CTE that selects everything of the one before and some new columns, so no expression is written twice. */
export class Stages {
  readonly list: string[][] = [[]];
  /** Adds a column to the current stage and returns its name. */
  add(name: string, expr: string): string {
    this.list[this.list.length - 1].push(`${expr} AS ${name}`);
    return name;
  }
  /** The CTEs after `source`, named {prefix}1, {prefix}2, ...; the last is `last` (`source` itself when there are none). */
  ctes(source: string, last: string, prefix = "s"): string[] {
    const stages = this.list.filter((cols) => cols.length > 0);
    if (stages.length === 0) return [`${last} AS (SELECT * FROM ${source})`];
    return stages.map((cols, k) => `${k === stages.length - 1 ? last : `${prefix}${k + 1}`} AS (\n  SELECT *,\n    ${cols.join(",\n    ")}\n  FROM ${k === 0 ? source : `${prefix}${k}`}\n)`);
  }
  /** The stages of several sets, in order. */
  static joined(sets: readonly Stages[]): Stages {
    const out = new Stages();
    out.list.length = 0;
    for (const s of sets) for (const cols of s.list) if (cols.length > 0) out.list.push(cols);
    return out;
  }
}

/** Whether castField trims a field: a space or a tab at either end. */
function edgedSql(d: SqlDialect, f: string): string {
  return `(${d.first(f)} IN (' ', ${d.tab}) OR ${d.last(f)} IN (' ', ${d.tab}))`;
}

/**
 * The cell of a CSV field f (raw text) as the CLI's reader makes it: castField's number (spaces
 * and tabs at the ends trimmed first), a decimal comma, the text cleaned of what XML forbids,
 * satisfaction labels read as 1..5; five stages.
 */
function csvCell(d: SqlDialect, st: Stages[], f: string, k: number, comma: boolean, labels: boolean): { cell: SqlCell; blank: string } {
  // Regular expressions only where a cheaper test has not decided (CASE tries its branches in
  // order, each on the rows left): most fields of a big file are plain numbers.
  const e = st[0].add(`e${k}`, edgedSql(d, f));
  const t = st[1].add(`t${k}`, `CASE WHEN ${e} THEN ${jsTrim(d, f)} ELSE ${f} END`);
  const significant = `LENGTH(${d.replace(t, "^[+-]?[0.]*|[eE].*\\z|[.]", "")})`;
  const cast = d.double(t);
  const x = st[2].add(`x${k}`, `CASE WHEN ${cast} IS NULL THEN NULL WHEN NOT ${d.matches(t, CSV_DECIMAL)} THEN NULL WHEN ${d.matches(t, LEADING_ZERO)} THEN NULL WHEN ${significant} > 15 THEN NULL ELSE ${cast} END`);
  const blank = st[2].add(`b${k}`, `(${f} IS NULL OR ${f} = '' OR (${e} AND ${t} = ''))`);
  const w = st[3].add(`w${k}`, `CASE WHEN ${finiteSql(x)} THEN NULL ELSE ${d.replace(f, XML_FORBIDDEN, "")} END`);
  let num = `CASE WHEN ${finiteSql(x)} THEN ${x} END`;
  if (comma) {
    const c = jsTrim(d, f);
    const byComma = `CASE WHEN ${d.matches(c, COMMA_DECIMAL)} AND NOT ${d.matches(c, LEADING_ZERO)} THEN ${d.double(d.replace(d.replace(c, "[.]", ""), ",", "."))} END`;
    num = `COALESCE(${num}, CASE WHEN NOT ${blank} THEN ${byComma} END)`;
  }
  if (labels) {
    // labels.ts: trimmed, inner whitespace folded, lower case.
    const key = `LOWER(${d.replace(jsTrim(d, w), `${JS_SPACE}+`, " ")})`;
    const label = `CASE ${key} ${[...CSAT_LABELS].map(([word, v]) => `WHEN ${d.str(word)} THEN ${v}`).join(" ")} END`;
    num = `COALESCE(${num}, CASE WHEN NOT ${blank} THEN ${label} END)`;
  }
  const n = st[3].add(`n${k}`, num);
  const text = st[4].add(`tx${k}`, `CASE WHEN ${blank} THEN NULL WHEN ${n} IS NOT NULL THEN NULL WHEN ${jsTrim(d, w)} = '' THEN NULL ELSE ${w} END`);
  return { cell: { num: n, text, bool: null }, blank };
}

/** A typed column's parts. */
function typedCell(d: SqlDialect, col: string, type: SourceType): SqlCell {
  switch (type) {
    case "number":
      return { num: `CAST(${col} AS ${d.doubleType})`, text: null, bool: null };
    case "text":
      return { num: null, text: col, bool: null };
    case "bool":
      return { num: null, text: null, bool: col };
    case "date":
    case "timestamp":
      // A date is its Excel serial, as the JavaScript readers give it.
      return { num: serialOfDate(d, col, type), text: null, bool: null };
    default:
      throw new Error(`no typed cell for ${type}`);
  }
}

/** The Excel serial of a DATE or TIMESTAMP. */
function serialOfDate(d: SqlDialect, col: string, type: "date" | "timestamp"): string {
  if (d.name === "bigquery") {
    return type === "date"
      ? `CAST(UNIX_DATE(${col}) + ${EXCEL_EPOCH} AS FLOAT64)`
      : `(UNIX_MILLIS(TIMESTAMP(${col})) / 86400000 + ${EXCEL_EPOCH})`;
  }
  if (d.name === "spark") {
    return type === "date"
      ? `CAST(datediff(${col}, DATE '1970-01-01') + ${EXCEL_EPOCH} AS DOUBLE)`
      : `(unix_millis(CAST(${col} AS TIMESTAMP)) / 86400000 + ${EXCEL_EPOCH})`;
  }
  return type === "date" ? `CAST((${col} - DATE '1970-01-01') + ${EXCEL_EPOCH} AS DOUBLE)` : `(epoch_ms(CAST(${col} AS TIMESTAMP)) / 86400000 + ${EXCEL_EPOCH})`;
}

/** The month key (year * 12 + month - 1) of an Excel serial: its UTC date, as groups.ts's monthKey reads it. */
function serialMonth(d: SqlDialect, v: string): string {
  const day = `FLOOR(ROUND((${v} - ${EXCEL_EPOCH}) * 86400000) / 86400000)`;
  const date = d.epochDay(day);
  return `CASE WHEN ${v} >= 1 AND ${v} < ${d.name === "duckdb" ? LAST_JS_SERIAL : LAST_SERIAL} THEN ${d.year(date)} * 12 + ${d.month(date)} - 1 END`;
}

// The formats of src/cli/dates.ts (ISO, dotted day-first, slashed), groups: year, month, day, hours, minutes, seconds.
const ISO_DATE = `^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})(?:[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.][0-9]+)?)?${JS_SPACE}*(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?\\z`;
const DOTTED_DATE = "^([0-9]{1,2})[.]([0-9]{1,2})[.]([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?\\z";
const SLASHED_DATE = "^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?\\z";

/** A JavaScript pattern of dates.ts in the syntax RE2 and Java share: [0-9] for \d, JavaScript's spaces for \s, \z for $. */
export function sqlDatePattern(js: string): string {
  return js.replace(/\\d/g, "[0-9]").replace(/\\s/g, JS_SPACE).replace(/\\\./g, "[.]").replace(/\$$/, "\\z");
}

/**
 * The month keys of a trimmed date text `pt` (parseDateText) read day-first and month-first
 * where slashed: two stages of columns (the parts of each format, then the keys), NULL for no
 * date of the known formats.
 */
export function dateTextMonths(d: SqlDialect, st: readonly Stages[], pt: string, patterns?: StatsSource["datePatterns"]): { dmy: string; mdy: string } {
  const [ISO, DOTTED, SLASHED] = patterns ? [patterns.ymd, patterns.dotted, patterns.slashed].map(sqlDatePattern) : [ISO_DATE, DOTTED_DATE, SLASHED_DATE];
  const int = d.name === "bigquery" ? "INT64" : "INTEGER";
  const parts = (name: string, pattern: string) => ({
    ok: st[0].add(`${name}_ok`, `CASE WHEN ${pt} IS NULL OR LENGTH(${pt}) < 8 OR LENGTH(${pt}) > 40 THEN FALSE ELSE ${d.matches(pt, pattern)} END`),
    g: [1, 2, 3, 4, 5, 6].map((g) => st[1].add(`${name}_${g}`, `CASE WHEN ${name}_ok THEN CAST(COALESCE(NULLIF(${d.extract(pt, pattern, g)}, ''), '0') AS ${int}) ELSE 0 END`)),
  });
  const iso = parts("iso", ISO);
  const dot = parts("dot", DOTTED);
  const sl = parts("sl", SLASHED);
  const key = (p: { ok: string; g: string[] }, y: number, m: number, day: number) => {
    const [Y, M, D] = [p.g[y - 1], p.g[m - 1], p.g[day - 1]];
    const [h, mi, s] = [p.g[3], p.g[4], p.g[5]];
    const leap = `(${d.mod(Y, "4")} = 0 AND ${d.mod(Y, "100")} <> 0 OR ${d.mod(Y, "400")} = 0)`;
    const days = `CASE WHEN ${M} = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END WHEN ${M} IN (4, 6, 9, 11) THEN 30 ELSE 31 END`;
    const valid = `${M} >= 1 AND ${M} <= 12 AND ${D} >= 1 AND ${D} <= ${days} AND ${Y} >= 1900 AND ${Y} <= 9999 AND ${h} <= 23 AND ${mi} <= 59 AND ${s} <= 59`;
    return `WHEN ${p.ok} THEN CASE WHEN ${valid} THEN ${Y} * 12 + ${M} - 1 END`;
  };
  const common = `${key(iso, 1, 2, 3)} ${key(dot, 3, 2, 1)}`;
  return {
    dmy: st[2].add("date_dmy", `CASE ${common} ${key(sl, 3, 2, 1)} END`),
    mdy: st[2].add("date_mdy", `CASE ${common} ${key(sl, 3, 1, 2)} END`),
  };
}

/**
 * The finest-grain query: per segment value and period month, the rows, and every sample row's
 * statistics and rejected rows. `registry` and `spec` give the rows as the planner makes them.
 */
export function statisticsQuery(
  spec: ScorecardSpec,
  source: StatsSource,
  d: SqlDialect,
  o: { readonly registry?: ScorecardRegistry; readonly title?: string } = {},
): StatsQuery {
  const all = kpiRows(spec, o.registry).filter((r): r is SampleRow => r.kind === "sample");
  const rows = all.filter((r) => (r.model.statSql?.(sqlColumnsOf(r.columns, new Map()), d) ?? null) !== null);
  const noSql = all.filter((r) => !rows.includes(r));
  const q = (name: string) => d.identifier(name);
  const csv = source.columns.some((c) => c.type === "csv");
  const segmentColumn = spec.columns.find((c) => c.role === "segment");
  const periodColumn = spec.columns.find((c) => c.role === "period");
  const mapped = [...new Set(rows.flatMap((r) => r.columns.map((c) => c.index)))].sort((a, b) => a - b);
  const periodIndex = periodColumn?.index;
  const typed = mapped;
  const labels = new Set(source.labelColumns ?? []);
  const fieldsOf = [...new Set([...typed, ...(periodIndex !== undefined ? [periodIndex] : [])])].sort((a, b) => a - b);
  // The source stage: the raw segment value, the row's position, each needed column as f{k}.
  const first = [
    `${segmentColumn ? segmentSql(d, source.columns[segmentColumn.index], q) : "NULL"} AS seg`,
    ...(source.position ? [`${source.position} AS pos`] : []),
    ...fieldsOf.map((k) => `${q(source.columns[k].name)} AS f${k}`),
  ];
  // The columns of the rows without SQL, read in TypeScript from their distinct values.
  const distinctColumns = [...new Set(noSql.flatMap((r) => r.columns.map((c) => c.index)))].filter((k) => !fieldsOf.includes(k)).sort((a, b) => a - b);
  first.push(...distinctColumns.map((k) => `${q(source.columns[k].name)} AS f${k}`));
  const cellsIn = (st: Stages[], k: number): { cell: SqlCell; blank: string | null } => {
    const col = source.columns[k];
    if (col.type === "csv") return csvCell(d, st, `f${k}`, k, source.decimalComma === true, labels.has(k));
    return { cell: typedCell(d, `f${k}`, col.type), blank: null };
  };
  // Each column's cells read once per distinct field where reading costs regular expressions (a
  // CSV's fields, text): a column of scores or flags has a handful; typed numbers read inline.
  const st = Array.from({ length: 6 }, () => new Stages());
  const cells = new Map<number, SqlCell>();
  const maps: string[] = [];
  const joins: string[] = [];
  for (const k of typed) {
    const type = source.columns[k].type;
    if (type === "csv" || type === "text") {
      const mst = Array.from({ length: 6 }, () => new Stages());
      const cell = cellsIn(mst, k).cell;
      const parts = (["num", "text", "bool"] as const).filter((p) => cell[p] !== null);
      parts.forEach((p) => mst[5].add(`c${k}_${p}`, cell[p] as string));
      mst[5].add(`v${k}`, readNumberSql(d, cell));
      mst[5].add(`g${k}`, readFlagSql(d, cell));
      maps.push(`m${k}_fields AS (SELECT DISTINCT f${k} FROM src)`, ...Stages.joined(mst).ctes(`m${k}_fields`, `m${k}_read`, `m${k}_`));
      maps.push(`m${k} AS (SELECT f${k} AS key${k}, ${parts.map((p) => `c${k}_${p}`).join(", ")}, v${k}, g${k} FROM m${k}_read)`);
      joins.push(`LEFT JOIN m${k} ON r.f${k} IS NOT DISTINCT FROM m${k}.key${k}`);
      cells.set(k, { num: cell.num === null ? null : `c${k}_num`, text: cell.text === null ? null : `c${k}_text`, bool: cell.bool === null ? null : `c${k}_bool` });
    } else {
      const cell = cellsIn(st, k).cell;
      cells.set(k, cell);
      st[5].add(`v${k}`, readNumberSql(d, cell));
      st[5].add(`g${k}`, readFlagSql(d, cell));
    }
  }
  // The period's month: a date as it is; otherwise read once per distinct cell of the column (a
  // few hundred dates, not a row each) as a number (a serial) or a date text, and joined back.
  let inlinePeriod = "NULL";
  let periodMap: string[] = [];
  if (periodIndex !== undefined) {
    const k = periodIndex;
    const col = source.columns[k];
    if (col.type === "date" || col.type === "timestamp") {
      inlinePeriod = `${d.year(`f${k}`)} * 12 + ${d.month(`f${k}`)} - 1`;
    } else {
      const pst = Array.from({ length: 9 }, () => new Stages());
      const { cell, blank } = cellsIn(pst, k);
      const parts: string[] = [];
      if (cell.num !== null) parts.push(`WHEN ${cell.num} IS NOT NULL THEN ${serialMonth(d, cell.num)}`);
      // The CLI reads dates before it cleans text (dates.ts, then cleanTableText): a CSV field's own text, trimmed.
      const text = col.type === "csv" ? `CASE WHEN ${cell.num} IS NULL AND NOT ${blank as string} THEN ${jsTrim(d, `f${k}`)} END` : col.type === "text" ? jsTrim(d, `f${k}`) : null;
      if (text !== null && source.periodTexts !== false) {
        const pt = pst[5].add("pt", text);
        const keys = dateTextMonths(d, [pst[6], pst[7], pst[8]], pt, source.datePatterns);
        parts.push(`WHEN ${pt} IS NOT NULL THEN ${source.slashOrder === "dmy" ? keys.dmy : keys.mdy}`);
      }
      const last = new Stages();
      last.add("per", parts.length > 0 ? `CASE ${parts.join(" ")} END` : "NULL");
      periodMap = [
        `pfields AS (SELECT DISTINCT f${k} FROM src)`,
        ...Stages.joined([...pst, last]).ctes("pfields", "pmonths", "p"),
        `pmap AS (SELECT f${k} AS pkey, per FROM pmonths)`,
      ];
    }
  }
  // Rows that are only blank fields are no rows of a CSV (the reader skips them).
  // One test of all the fields joined decides nearly every row (something that is no space: not
  // blank); the field-by-field rule only for the rows of spaces alone.
  const csvFields = source.columns.filter((c) => c.type === "csv").map((c) => q(c.name));
  const joinedFields = `CONCAT(${csvFields.map((f) => `COALESCE(${f}, '')`).join(", ")})`;
  const blankRow = csv
    ? `CASE WHEN ${joinedFields} = '' THEN TRUE WHEN ${d.matches(joinedFields, `[^${JS_SPACE.slice(1, -1)}]`)} THEN FALSE ELSE ${csvFields.map((f) => `(${f} IS NULL OR ${f} = '' OR ${edgedSql(d, f)} AND ${jsTrim(d, f)} = '')`).join(" AND ")} END`
    : null;
  // The mapped columns' readings joined to the rows (each map's columns but its key), and the period.
  const joinedCols = typed.filter((k) => maps.some((m) => m.startsWith(`m${k} AS`))).flatMap((k) => {
    const c = cells.get(k) as SqlCell;
    return [...[c.num, c.text, c.bool].filter((p): p is string => p !== null).map((p) => `m${k}.${p}`), `m${k}.v${k}`, `m${k}.g${k}`];
  });
  const readingsSql = (from: string, withMaps: boolean) => {
    const periodJoin = periodMap.length > 0 ? ` LEFT JOIN pmap pm ON r.f${periodIndex as number} IS NOT DISTINCT FROM pm.pkey` : "";
    const per = periodMap.length > 0 ? "pm.per" : `${inlinePeriod.replace(/\bf(\d+)\b/g, "r.f$1")} AS per`;
    return `SELECT r.*, ${[...(withMaps ? joinedCols : []), per].join(", ")} FROM ${from} r${withMaps && joins.length > 0 ? ` ${joins.join(" ")}` : ""}${periodJoin}`;
  };
  const ctes = [
    `WITH src AS (`,
    `  SELECT ${first.join(",\n    ")}`,
    `  FROM ${source.relation}${blankRow ? `\n  WHERE NOT (${blankRow})` : ""}`,
    `), ${[...periodMap, ...maps, ...Stages.joined(st).ctes("src", "cells")].join(",\n")},`,
    `readings AS (${readingsSql("cells", true)})`,
  ];
  const out: StatsQuery["columns"][number][] = [];
  const aggregates: string[] = [];
  rows.forEach((r, k) => {
    const s = r.model.statSql?.(sqlColumnsOf(r.columns, cells), d);
    if (!s) return;
    const stats = s.statistics.map((_, j) => `s${k}_${j}`);
    const shift = source.shifts?.get(rowKey(r.kpi, r.columns)) ?? 0;
    s.statistics.forEach((one, j) => aggregates.push(`  ${momentAggregate(one, shift)} AS ${stats[j]}`));
    const rejected = `s${k}_rejected`;
    aggregates.push(`  ${s.rejected === null ? "0" : countIf(s.rejected)} AS ${rejected}`);
    if (s.statistics.some((one) => one.kind === "mean")) aggregates.push(`  ${sqlNumber(shift)} AS s${k}_shift`);
    out.push({ stats, kinds: s.statistics.map((one) => one.kind), rejected, shift: `s${k}_shift` });
  });
  const title = o.title ?? "KPI scorecard statistics (kpi-scorecard)";
  const rawOf = (k: number) => {
    const t = source.columns[k].type;
    return t === "date" || t === "timestamp" ? serialOfDate(d, `f${k}`, t) : `f${k}`;
  };
  const distinctAll = [...new Set(noSql.flatMap((r) => r.columns.map((c) => c.index)))].sort((a, b) => a - b);
  const distinct = noSql.length === 0
    ? null
    : {
      sql: [
        `WITH src AS (`,
        `  SELECT ${first.join(",\n    ")}`,
        `  FROM ${source.relation}${blankRow ? `\n  WHERE NOT (${blankRow})` : ""}`,
        `)${periodMap.length > 0 ? `, ${periodMap.join(", ")}` : ""},`,
        `readings AS (${readingsSql("src", false)})`,
        `SELECT seg, per, ${distinctAll.map((k) => `${rawOf(k)} AS d${k}`).join(", ")}, COUNT(*) AS row_count`,
        `FROM readings`,
        `GROUP BY seg, per, ${distinctAll.map((k) => `d${k}`).join(", ")};\n`,
      ].join("\n"),
      columns: distinctAll,
    };
  const shiftProbes = rows.flatMap((r) => {
    const mean = r.model.statSql?.(sqlColumnsOf(r.columns, cells), d)?.statistics.find((one) => one.kind === "mean");
    return mean ? [{ key: rowKey(r.kpi, r.columns), sql: `${ctes.join("\n")}\nSELECT ${mean.sql} AS x FROM readings WHERE ${mean.sql} IS NOT NULL LIMIT 1` }] : [];
    // (A LIMIT over the readings: DuckDB stops the scan at the first row that has a value.)
  });
  const sql = [
    `-- ${title}, ${d.name} SQL: one row per segment value and month; the scorecard adds them up.`,
    ...rows.map((r, k) => {
      const kind = (j: number) => out[k].kinds[j];
      const about = (j: number) => (kind(j) === "mean" ? "mean of x - shift" : kind(j) === "m2" ? "sum of squared deviations" : kind(j) === "m3" ? "sum of cubes of x - shift" : r.model.statistics[j]);
      return `-- s${k}_*: ${r.title}: ${r.model.statistics.map((_, j) => `${j} ${about(j)}`).join(", ")}`;
    }),
    ...ctes,
    `SELECT seg, per, COUNT(*) AS row_count,${source.position ? " MIN(pos) AS first_row," : ""}`,
    aggregates.join(",\n"),
    `FROM readings`,
    `GROUP BY seg, per`,
  ];
  return { sql: `${sql.join("\n")};\n`, rows, columns: out, noSql, shiftProbes, distinct };
}

function sqlColumnsOf(columns: readonly ColumnMapping[], cells: ReadonlyMap<number, SqlCell>): SqlColumn[] {
  return columns.map((c) => ({ cell: cells.get(c.index) ?? { num: null, text: null, bool: null }, value: `v${c.index}`, flag: `g${c.index}`, weight: c.weight ?? 1 }));
}

/** The raw segment value: the field as text (a CSV), or the typed value (a date as its serial). */
function segmentSql(d: SqlDialect, col: SourceColumn, q: (n: string) => string): string {
  const ref = q(col.name);
  if (col.type === "date" || col.type === "timestamp") return serialOfDate(d, ref, col.type);
  if (col.type === "number") return `CAST(${ref} AS ${d.doubleType})`;
  return ref;
}

// ---------------------------------------------------------------------------------------------
// The roll-up.

/** One row of the query's result: column name to value (numbers, bigints, text, null). */
export type ResultRow = Readonly<Record<string, unknown>>;

/** A segment without its rows: its label and how many data rows it has. */
export interface CountedSegment {
  readonly label: string;
  readonly count: number;
}

export interface CountedPeriod extends Omit<PeriodGroup, "rows"> {
  readonly count: number;
}

/** The statistics of a build, as the planner counts them from rows. */
export interface RolledUp {
  /** The sample rows, configured with the shifts their statistics are taken about. */
  readonly rows: readonly SampleRow[];
  readonly segments: { readonly groups: readonly CountedSegment[]; readonly total: number };
  readonly periods: readonly CountedPeriod[];
  /** stats[k][g]: row k in group g (0 everyone, then segments, then periods), as countGroups gives them. */
  readonly stats: readonly (readonly GroupStats[])[];
  /** Data rows read. */
  readonly dataRows: number;
}

/** The statistics the JavaScript engine counts from rows, as a build from given statistics takes them (a workbook without its data). */
export function countedStatistics(spec: ScorecardSpec, data: DataTable, registry?: ScorecardRegistry): RolledUp {
  const rows = kpiRows(spec, registry).filter((r): r is SampleRow => r.kind === "sample");
  const segmentColumn = spec.columns.find((c) => c.role === "segment");
  const periodColumn = spec.columns.find((c) => c.role === "period");
  const segments = segmentColumn ? segmentGroups(data, segmentColumn.index) : { groups: [], total: 0 };
  const periods = periodColumn ? periodGroups(data, periodColumn.index, spec.trend) : [];
  const segmentOf = new Int32Array(data.rows.length).fill(-1);
  segments.groups.forEach((g, j) => g.rows.forEach((k) => (segmentOf[k] = 1 + j)));
  const periodOf = new Int32Array(data.rows.length).fill(-1);
  periods.forEach((p, j) => p.rows.forEach((k) => (periodOf[k] = 1 + segments.groups.length + j)));
  const first = parseAddress(spec.source.address)?.row ?? 0;
  return {
    rows,
    segments: { groups: segments.groups.map((g) => ({ label: g.label, count: g.rows.length })), total: segments.total },
    periods: periods.map((p) => ({ label: p.label, start: p.start, end: p.end, count: p.rows.length })),
    stats: countGroups(rows, data, 1 + segments.groups.length + periods.length, segmentOf, periodOf, (k) => first + 2 + k),
    dataRows: data.rows.length,
  };
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : typeof v === "bigint" ? Number(v) : Number(v));

/**
 * Adds the finest rows of a result into the planner's groups. `segmentCell` reads a raw segment
 * value as the JavaScript reader would make it a cell (a CSV field through castField).
 */
export function rollUp(
  spec: ScorecardSpec,
  query: StatsQuery,
  result: readonly ResultRow[],
  o: {
    readonly segmentCell?: (raw: unknown) => unknown;
    readonly registry?: ScorecardRegistry;
    /** The result of query.distinct, for the rows without SQL. */
    readonly distinct?: readonly ResultRow[];
    /** A raw cell of column `index` as the JavaScript reader would make it (a CSV field through castField). */
    readonly fieldCell?: (index: number, raw: unknown) => unknown;
  } = {},
): RolledUp {
  const grain: TrendGrain = spec.trend;
  const cellOf = o.segmentCell ?? ((raw: unknown) => (typeof raw === "bigint" ? Number(raw) : raw));
  // Segments: labels by the planner's rule, the spelling of the first row (or the most frequent).
  const bySegment = new Map<string, { label: string; count: number; first: number; spellings: Map<string, number> }>();
  for (const r of result) {
    const label = r.seg === null || r.seg === undefined ? null : segmentLabel(cellOf(r.seg));
    if (label === null) continue;
    const key = segmentKey(label);
    const count = num(r.row_count);
    const first = r.first_row === undefined || r.first_row === null ? Infinity : num(r.first_row);
    const entry = bySegment.get(key) ?? { label, count: 0, first: Infinity, spellings: new Map<string, number>() };
    entry.count += count;
    entry.spellings.set(label, (entry.spellings.get(label) ?? 0) + count);
    if (first < entry.first) {
      entry.first = first;
      entry.label = label;
    }
    bySegment.set(key, entry);
  }
  for (const entry of bySegment.values()) {
    if (entry.first !== Infinity) continue;
    // No row order (a warehouse's result): the most frequent spelling, then the first in sort order.
    entry.label = [...entry.spellings].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0][0];
  }
  const shown = shownSegments([...bySegment.entries()].map(([key, e]) => ({ key, label: e.label, count: e.count })), (g) => g.count);
  const segmentIndex = new Map(shown.map((g, j) => [g.key, 1 + j]));
  // Periods: the most recent MAX_PERIODS.
  const periodCounts = new Map<number, number>();
  for (const r of result) {
    if (r.per === null || r.per === undefined) continue;
    const key = periodKey(num(r.per), grain);
    periodCounts.set(key, (periodCounts.get(key) ?? 0) + num(r.row_count));
  }
  const keys = [...periodCounts.keys()].sort((a, b) => a - b).slice(-MAX_PERIODS);
  const periodIndex = new Map(keys.map((k, j) => [k, 1 + shown.length + j]));
  const groupCount = 1 + shown.length + keys.length;
  const base = query.rows;
  // Shifts: the one the query took its moments about, or (none) the mean of the row's largest finest group.
  const sqlShift = base.map((_, k) => (result.length > 0 ? num(result[0][query.columns[k].shift]) : 0));
  const shifts = base.map((r, k) => {
    const m = r.model.moments;
    if (!m) return undefined;
    if (sqlShift[k] !== 0) return sqlShift[k];
    const cols = query.columns[k].stats;
    let best = -1;
    let shift: number | undefined;
    for (const row of result) {
      const n = num(row[cols[m.n]]);
      if (n > best && row[cols[m.sum]] !== null && row[cols[m.sum]] !== undefined) {
        best = n;
        shift = num(row[cols[m.sum]]);
      }
    }
    return shift;
  });
  const shiftOf = new Map<string, number | undefined>(base.map((r, k) => [rowKey(r.kpi, r.columns), shifts[k]]));
  const configured = kpiRows(spec, o.registry, (kpi, columns) => shiftOf.get(rowKey(kpi, columns))).filter((r): r is SampleRow => r.kind === "sample");
  const rows = base.map((b) => configured.find((r) => rowKey(r.kpi, r.columns) === rowKey(b.kpi, b.columns)) as SampleRow);
  const groupOf = (r: ResultRow): number[] => {
    const label = r.seg === null || r.seg === undefined ? null : segmentLabel(cellOf(r.seg));
    const seg = label === null ? -1 : segmentIndex.get(segmentKey(label)) ?? -1;
    const per = r.per === null || r.per === undefined ? -1 : periodIndex.get(periodKey(num(r.per), grain)) ?? -1;
    return [0, seg, per];
  };
  // The rows without SQL: each distinct cell read once by the KPI's own add, counted as many times as rows hold it.
  const fieldCell = o.fieldCell ?? ((_: number, raw: unknown) => (typeof raw === "bigint" ? Number(raw) : raw));
  const noSqlRows = query.noSql.map((b) => configured.find((r) => rowKey(r.kpi, r.columns) === rowKey(b.kpi, b.columns)) as SampleRow);
  const noSqlStats = noSqlRows.map((r) => {
    const groups = Array.from({ length: groupCount }, (): GroupStats => ({ stats: new Array<number>(r.model.statistics.length).fill(0), rejected: 0, firstError: null }));
    const one = new Array<number>(r.model.statistics.length);
    for (const row of o.distinct ?? []) {
      const count = num(row.row_count);
      one.fill(0);
      const error = r.model.add(one, r.columns.map((c) => fieldCell(c.index, row[`d${c.index}`])));
      for (const g of groupOf(row)) {
        if (g < 0) continue;
        const target = groups[g];
        for (let j = 0; j < one.length; j++) target.stats[j] += one[j] * count;
        if (error) {
          target.rejected += count;
          target.firstError ??= error;
        }
      }
    }
    return groups;
  });
  const stats = rows.map((r, k) => {
    const groups = Array.from({ length: groupCount }, (): GroupStats => ({ stats: new Array<number>(r.model.statistics.length).fill(0), rejected: 0, firstError: null }));
    const { stats: cols, kinds, rejected } = query.columns[k];
    const m = r.model.moments;
    const shift = m ? m.shift() : 0;
    result.forEach((row) => {
      const finest = cols.map((c) => num(row[c]));
      if (m) {
        // Chan, Golub and LeVeque's update: a group's n, mean and m2 as sums about the shift.
        const n = finest[m.n];
        // The query's mean is about its own shift (sqlShift); the row's statistics about `shift`.
        const mean = n === 0 ? shift : finest[m.sum] + sqlShift[k];
        const d = sqlShift[k] === shift ? finest[m.sum] : mean - shift;
        const m2 = finest[m.squares];
        if (sqlShift[k] !== shift && n > 0) {
          // The cubes came about the query's shift: centred through its mean (d1), then about the row's (d).
          const d1 = finest[m.sum];
          const m3 = finest[m.cubes] - 3 * d1 * m2 - n * d1 * d1 * d1;
          finest[m.cubes] = m3 + 3 * d * m2 + n * d * d * d;
        }
        finest[m.sum] = n * d;
        finest[m.squares] = m2 + n * d * d;
      } else if (kinds.some((kind) => kind === "mean" || kind === "m2" || kind === "m3")) {
        throw new Error(`${r.title}: SQL moments without a Moments model`);
      }
      const bad = num(row[rejected]);
      for (const g of groupOf(row)) {
        if (g < 0) continue;
        const target = groups[g];
        for (let j = 0; j < finest.length; j++) target.stats[j] += finest[j];
        target.rejected += bad;
      }
    });
    for (const g of groups) if (g.rejected > 0) g.firstError = rejectedError(r, g.rejected);
    return groups;
  });
  // Every sample row, in the registry's order.
  const order = configured.filter((r) => rows.includes(r) || noSqlRows.includes(r));
  const statsOf = (r: SampleRow) => (rows.includes(r) ? stats[rows.indexOf(r)] : noSqlStats[noSqlRows.indexOf(r)]);
  return {
    rows: order,
    segments: { groups: shown.map((g) => ({ label: g.label, count: g.count })), total: bySegment.size },
    periods: keys.map((key) => ({ ...periodOf(key, grain), count: periodCounts.get(key) ?? 0 })),
    stats: order.map(statsOf),
    dataRows: result.reduce((t, r) => t + num(r.row_count), 0),
  };
}

/**
 * The shift of each mean's statistics as the JavaScript engine takes it (its first value in the
 * rows' order), from the first rows of the data (a sample read for the columns): by rowKey.
 */
export function shiftsOf(spec: ScorecardSpec, sample: DataTable, registry?: ScorecardRegistry): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of kpiRows(spec, registry)) {
    if (r.kind !== "sample" || !r.model.moments) continue;
    const acc = new Array<number>(r.model.statistics.length).fill(0);
    for (const row of sample.rows) {
      r.model.add(acc, r.columns.map((c) => row[c.index]));
      if (acc[r.model.moments.n] > 0) {
        out.set(rowKey(r.kpi, r.columns), r.model.moments.shift());
        break;
      }
    }
  }
  return out;
}

/** A sample row's key: its KPI and its columns. */
export const rowKey = (kpi: SampleKpi, columns: readonly ColumnMapping[]) => `${kpi.meta.id}:${columns.map((c) => c.index).join(",")}`;

/** The error of a group with rows the KPI function rejects, where no cell can be named (the rows stayed in the database). */
function rejectedError(r: SampleRow, rows: number): KpiError {
  const which = r.model.statistics[r.model.statistics.length - 1];
  return new KpiError("#VALUE!", `${rows.toLocaleString("en-US")} row${rows === 1 ? "" : "s"} of ${r.title} hold${rows === 1 ? "s" : ""} a cell the function rejects (${which})`);
}
