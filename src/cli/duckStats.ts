/**
 * The scorecard's statistics computed by DuckDB embedded (@duckdb/node-api, the optional peer
 * that duckdb.ts loads) straight from a CSV or Parquet file: statsQuery.ts's one finest-grain
 * query, then the roll-up in TypeScript. The rows never enter JavaScript: only one result row
 * per segment value and month comes back.
 *
 * A CSV is read as text (every field VARCHAR) and its cells typed by the same rules as the
 * JavaScript reader (csv.ts's castField and decimal comma, dates.ts's formats and its verdict on
 * the period column, labels.ts's satisfaction labels, text.ts's cleaning); a Parquet file keeps
 * its types. Before the query, two small verdicts over whole columns, as the JavaScript reader
 * makes them: whether the period column's texts are dates (and how slashes read), and which KPI
 * columns hold satisfaction labels.
 *
 * Refusals: a file DuckDB cannot read, a period column whose slashed dates contradict each other
 * (without --date-format) and a KPI without SQL (sentiment) are InputErrors with one line.
 */
import { DUCKDB, jsTrim, type SqlDialect } from "../kpi/sql";
import { convertCsatLabels, csatLabelValue } from "../scorecard/labels";
import { dateTextMonths, type ResultRow, rollUp, Stages, type RolledUp, type SourceColumn, type SourceType, statisticsQuery, type StatsQuery, type StatsSource } from "../scorecard/statsQuery";
import { xmlSafe } from "../scorecard/text";
import type { ScorecardSpec } from "../scorecard/types";
import { InputError } from "../xlsx/types";
import { castField, commaNumber, detectDelimiter, type Delimiter } from "./csv";
import { DATE_PATTERNS } from "./dates";
import { type DuckConnection, loadDuckDb } from "./duckdb";
import { fileHead } from "./io";
import { checkLogFile, duckDbPath } from "./sql";

export interface DuckStatsOptions {
  readonly kind: "csv" | "parquet";
  /** CSV: the delimiter (detected from the head of the file otherwise) and the decimal mark. */
  readonly delimiter?: Delimiter;
  readonly decimal?: "point" | "comma";
  /** Slashed dates of the period column: forced (--date-format), or decided from the column. */
  readonly slashOrder?: "dmy" | "mdy";
  /** The order of slashed dates that no part above 12 decides (the user's locale, as dates.ts's withLocale). */
  readonly localeOrder?: "dmy" | "mdy";
  /** The shift of each mean (statsQuery.ts's shiftsOf over the first rows); found by a query of the first value otherwise. */
  readonly shifts?: ReadonlyMap<string, number>;
}

export interface DuckStatistics {
  readonly rolled: RolledUp;
  readonly query: StatsQuery;
  /** How the period column's dates were read, for the summary's notes. */
  readonly notes: readonly string[];
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** DuckDB's type of a column as a source type. */
export function sourceType(duckType: string): SourceType {
  const t = duckType.toUpperCase();
  if (t === "BOOLEAN") return "bool";
  if (t === "DATE") return "date";
  if (t.startsWith("TIMESTAMP")) return "timestamp";
  if (/^(DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)/.test(t)) return "number";
  return "text";
}


async function rowsOf(connection: DuckConnection, sql: string): Promise<ResultRow[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjects();
}

/**
 * The file as a relation and its columns by position: a Parquet file as stored (with its row
 * numbers), a CSV with every field as text under names of its own (c0, c1, ...: the header's
 * fields may repeat or be empty).
 */
async function describe(connection: DuckConnection, path: string, o: DuckStatsOptions): Promise<{ relation: string; columns: SourceColumn[] }> {
  if (o.kind === "parquet") {
    const relation = `read_parquet(${duckDbPath(path)}, file_row_number = true)`;
    const described = await rowsOf(connection, `DESCRIBE SELECT * FROM ${relation}`);
    const columns = described.map((r) => ({ name: String(r.column_name), type: sourceType(String(r.column_type)) })).filter((c) => c.name !== "file_row_number");
    return { relation, columns };
  }
  // The header row's fields as DuckDB's sniffer sees them, then every column named by position as text.
  const delimiter = o.delimiter ?? detectDelimiter(await fileHead(path));
  // The file named literally (never a glob: sql.ts), any line ending read (strict_mode off: CRLF, LF, CR and mixed).
  const sniff = `read_csv(${duckDbPath(path)}, delim = ${lit(delimiter)}, header = true, all_varchar = true, quote = '"', escape = '"', null_padding = true, strict_mode = false, new_line = '\\n')`;
  const described = await rowsOf(connection, `DESCRIBE SELECT * FROM ${sniff}`);
  const names = described.map((_, k) => `c${k}`);
  const columns = `{${names.map((n) => `${lit(n)}: 'VARCHAR'`).join(", ")}}`;
  const relation = `read_csv(${duckDbPath(path)}, delim = ${lit(delimiter)}, header = true, quote = '"', escape = '"', null_padding = true, strict_mode = false, new_line = '\\n', auto_detect = false, columns = ${columns})`;
  return { relation, columns: names.map((name) => ({ name, type: "csv" as const })) };
}

/**
 * The verdict of dates.ts's judgeDateColumn over the period column's texts, in SQL: whether 90 %
 * of its non-blank cells are dates, and how slashed dates read.
 */
async function judgePeriod(connection: DuckConnection, relation: string, name: string, o: DuckStatsOptions): Promise<{ isDate: boolean; order: "dmy" | "mdy"; note: string | null }> {
  const d: SqlDialect = DUCKDB;
  const st = [new Stages(), new Stages(), new Stages()];
  const keys = dateTextMonths(d, st, "pt", DATE_PATTERNS);
  // Each distinct text once, weighted by how many rows hold it.
  const [r] = await rowsOf(
    connection,
    `WITH fields AS (SELECT ${d.identifier(name)} AS f, COUNT(*) AS k FROM ${relation} GROUP BY 1), src AS (SELECT ${jsTrim(d, "f")} AS pt, k FROM fields), ${Stages.joined(st).ctes("src", "dates").join(", ")}
     SELECT SUM(k) FILTER (WHERE pt <> '') AS seen,
       SUM(k) FILTER (WHERE pt <> '' AND (${keys.dmy} IS NOT NULL OR ${keys.mdy} IS NOT NULL)) AS dates,
       SUM(k) FILTER (WHERE sl_ok AND sl_1 > 12 AND sl_2 <= 12) AS day_first,
       SUM(k) FILTER (WHERE sl_ok AND sl_2 > 12 AND sl_1 <= 12) AS month_first,
       SUM(k) FILTER (WHERE sl_ok) AS slashes
     FROM dates`,
  );
  const n = (v: unknown) => Number(v ?? 0);
  const seen = n(r.seen);
  const dates = n(r.dates);
  const isDate = dates > 0 && dates / seen >= 0.9;
  if (o.slashOrder) return { isDate, order: o.slashOrder, note: null };
  const dayFirst = n(r.day_first) > 0;
  const monthFirst = n(r.month_first) > 0;
  if (!isDate || n(r.slashes) === 0) return { isDate, order: "mdy", note: null };
  if (dayFirst && monthFirst) {
    throw new InputError(`the dates of the period column read day-first in some rows and month-first in others: give --date-format DD/MM/YYYY or MM/DD/YYYY`);
  }
  if (dayFirst) return { isDate, order: "dmy", note: "dates of the period column read day-first (DD/MM/YYYY): a day above 12 shows it" };
  if (monthFirst) return { isDate, order: "mdy", note: "dates of the period column read month-first (MM/DD/YYYY): a day above 12 shows it" };
  const order = o.localeOrder ?? "mdy";
  return { isDate, order, note: `dates of the period column read ${order === "dmy" ? "day-first (DD/MM/YYYY)" : "month-first (MM/DD/YYYY)"}: no day above 12 shows the order (the locale's); give --date-format if they are not` };
}

/**
 * Which of the CSV's CSAT columns hold satisfaction labels (labels.ts's isCsatLabelColumn, over
 * the whole column): each distinct field once, weighted by its rows. Only CSAT columns: a label
 * column read as 1..5 is one.
 */
async function labelColumns(connection: DuckConnection, relation: string, spec: ScorecardSpec, columns: readonly SourceColumn[], comma: boolean): Promise<number[]> {
  const out: number[] = [];
  const d = DUCKDB;
  for (const c of spec.columns) {
    if (c.role !== "csat") continue;
    const fields = await rowsOf(connection, `SELECT ${d.identifier(columns[c.index].name)} AS f, COUNT(*) AS k FROM ${relation} GROUP BY 1 LIMIT 100001`);
    if (fields.length > 100_000) continue;
    // As readCsv and isCsatLabelColumn read them, in JavaScript: a few distinct fields.
    const cells = fields.map((f) => ({ cell: csvFieldCell(f.f, comma, false), k: Number(f.k) }));
    let texts = 0;
    let labels = 0;
    let numbers = false;
    const distinct = new Set<number>();
    for (const { cell, k } of cells) {
      if (typeof cell === "number") numbers = true;
      if (typeof cell !== "string" || cell.trim() === "") continue;
      texts += k;
      const v = csatLabelValue(cell);
      if (v !== undefined) {
        labels += k;
        distinct.add(v);
      }
    }
    if (!numbers && texts > 0 && distinct.size >= 2 && labels / texts >= 0.9) out.push(c.index);
  }
  return out;
}

/** A raw CSV field as the JavaScript reader makes it a cell (the segment column). */
export function csvFieldCell(raw: unknown, comma: boolean, labels: boolean): unknown {
  if (raw === null || raw === undefined) return null;
  let v: unknown = castField(String(raw));
  if (comma && typeof v === "string") v = commaNumber(v) ?? v;
  if (typeof v === "string") {
    const t = xmlSafe(v);
    v = t.trim() === "" ? null : t;
  }
  if (labels && typeof v === "string") {
    const row = [[v]];
    convertCsatLabels(row, 0);
    v = row[0][0];
  }
  return v;
}

/** The statistics of a CSV or Parquet file for a spec, computed by DuckDB. */
export async function duckDbStatistics(path: string, spec: ScorecardSpec, o: DuckStatsOptions): Promise<DuckStatistics> {
  await checkLogFile(path, "a header row and data rows");
  const duck = await loadDuckDb();
  const instance = await duck.DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const described = await describe(connection, path, o).catch((e: unknown) => {
      if (e instanceof InputError) throw e;
      const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
      throw new InputError(`${path} is not a readable ${o.kind === "parquet" ? "Parquet file" : "CSV"}: ${why}`);
    });
    const { columns } = described;
    let relation = described.relation;
    if (o.kind === "csv") {
      // A CSV is parsed once, into a table of its fields as text, that every query below reads
      // (the statistics read each column's distinct fields, then join them back to the rows).
      await connection.run(`CREATE TEMP TABLE csv_fields AS SELECT * FROM ${relation}`).catch((e: unknown) => {
        const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
        throw new InputError(`${path} is not a readable CSV: ${why}`);
      });
      relation = "csv_fields";
    }
    for (const c of spec.columns) {
      if (c.index >= columns.length) throw new InputError(`column ${c.index + 1} ("${c.header}") is outside the data, which has ${columns.length} columns`);
    }
    const notes: string[] = [];
    const comma = o.kind === "csv" && (o.decimal === "comma" || (o.decimal === undefined && (o.delimiter ?? detectDelimiter(await fileHead(path))) !== ","));
    const period = spec.columns.find((c) => c.role === "period");
    let verdict: { isDate: boolean; order: "dmy" | "mdy" } = { isDate: true, order: o.slashOrder ?? "mdy" };
    if (period && (columns[period.index].type === "csv" || columns[period.index].type === "text")) {
      const judged = await judgePeriod(connection, relation, columns[period.index].name, o);
      verdict = judged;
      if (judged.note) notes.push(judged.note);
    }
    const labels = o.kind === "csv" ? await labelColumns(connection, relation, spec, columns, comma) : [];
    const source: StatsSource = {
      relation,
      columns,
      decimalComma: comma,
      slashOrder: verdict.order,
      periodTexts: verdict.isDate,
      labelColumns: labels,
      datePatterns: DATE_PATTERNS,
      // The row's place in the file: Parquet's row number, the CSV table's rowid (rows kept in the file's order).
      position: o.kind === "parquet" ? "file_row_number" : "rowid",
    };
    // The shift of each mean: its first value in the file's order, as the JavaScript engine takes it.
    const probes = o.shifts ? [] : statisticsQuery(spec, source, DUCKDB).shiftProbes;
    const shifts = new Map<string, number>(o.shifts ?? []);
    for (const p of probes) {
      const [first] = await rowsOf(connection, p.sql);
      if (first && typeof first.x === "number") shifts.set(p.key, first.x);
    }
    const query = statisticsQuery(spec, { ...source, shifts }, DUCKDB);
    const result = await rowsOf(connection, query.sql);
    const segment = spec.columns.find((c) => c.role === "segment");
    const segmentLabels = segment !== undefined && labels.includes(segment.index);
    const distinct = query.distinct ? await rowsOf(connection, query.distinct.sql) : [];
    const rolled = rollUp(spec, query, result, {
      distinct,
      ...(o.kind === "csv" ? { segmentCell: (raw: unknown) => csvFieldCell(raw, comma, segmentLabels), fieldCell: (index: number, raw: unknown) => csvFieldCell(raw, comma, labels.includes(index)) } : {}),
    });
    return { rolled, query, notes };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
