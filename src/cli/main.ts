/**
 * kpi-scorecard: reads a CSV or a sheet of an .xlsx, maps its columns (detection, --spec,
 * flags), plans the scorecard with src/scorecard and writes it with src/xlsx, then prints the
 * summary. Every bad input ends here as one line on standard error and exit code 2.
 */
import { existsSync, promises as fsp, statSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { isKpiError, KpiError } from "../kpi";
import { columnLetter, isValidSheetName, parseAddress, rectAddress } from "../scorecard/a1";
import { sheetFitProblem } from "../scorecard/excelLimits";
import { planScorecard } from "../scorecard/plan";
import { proposedThemes } from "../scorecard/verbatim";
import { cleanTableText, printable } from "../scorecard/text";
import { DEFAULT_SHEET_NAME, SPEC_SHEET, type DataTable, type ScorecardSpec } from "../scorecard/types";
import { readXlsx } from "../xlsx/reader";
import { InputError, type DataSheet } from "../xlsx/types";
import { writeScorecardXlsx } from "../xlsx/writer";
import { helpText, parseCliArgs, type CliOptions } from "./args";
import { readCsv } from "./csv";
import { DateColumnError, dateLocaleOf, todaySerial, typeDateColumns, type DateLocale, type DateTyping } from "./dates";
import { fromStatistics, isParquet, readWithDuckDb, SAMPLE_ROWS, type SourceKind, statisticsFromDuckDb, statisticsFromFile, warehouseQuery } from "./beyond";
import { countedStatistics } from "../scorecard/statsQuery";
import type { GivenStatistics } from "../scorecard/model";
import { buildSpec, formatMappingReport, readSpecFile, type MappingReport } from "./mapping";
import { convertCsatLabels, isCsatLabelColumn } from "../scorecard/labels";
import type { Io } from "./io";
import { removeStaleTemps, writeAtomically } from "./output";
import { exportPdf, findLibreOffice, NO_LIBREOFFICE, paperOf, pdfPathOf } from "./pdf";
import { Progress, PROGRESS_MIN_ROWS } from "./progress";
import { formatDifferences, formatUntested, formatDrivers, formatSummary, useColor } from "./summary";
import { jsonSummary } from "./json";
import { version } from "../../package.json";

export type { Io } from "./io";

export const DEFAULT_OUTPUT = "kpi-scorecard.xlsx";
/** The bundled example and its spec (targets, inputs, quarterly trend), relative to the package root. */
export const EXAMPLE = join("examples", "survey-responses.csv");
export const EXAMPLE_SPEC = join("examples", "scorecard-spec.json");

/** The package root: two folders up from src/cli (sources) or build/cli (the bundle). */
function packageRoot(): string {
  return resolve(__dirname, "..", "..");
}

type InputKind = "csv" | "xlsx" | "parquet";

/** Files that are never survey data (code, documents, archives): refused by their extension. */
const NOT_DATA = new Set([
  ".js", ".cjs", ".mjs", ".ts", ".tsx", ".jsx", ".json", ".html", ".htm", ".css", ".xml", ".md", ".py", ".sh",
  ".exe", ".dll", ".so", ".zip", ".gz", ".tgz", ".pdf", ".doc", ".docx", ".ppt", ".pptx", ".png", ".jpg", ".jpeg", ".gif",
]);

async function inputKind(path: string): Promise<InputKind> {
  const ext = extname(path).toLowerCase();
  if (await isParquet(path)) return "parquet";
  if (ext === ".xlsx" || ext === ".xlsm") return "xlsx";
  if (ext === ".xls") throw new InputError(`${path} is an old .xls workbook: save it as .xlsx (or CSV) first`);
  if (ext === ".csv" || ext === ".tsv" || ext === ".txt") return "csv";
  if (NOT_DATA.has(ext)) {
    const hint = ext === ".json" ? ": a scorecard spec goes with --spec" : "";
    throw new InputError(`${path} is a ${ext} file, not data: give a CSV or an .xlsx workbook${hint}`);
  }
  // Unknown extension: a zip is a workbook, anything else is read as CSV.
  try {
    const handle = await fsp.open(path, "r");
    try {
      const head = Buffer.alloc(4);
      await handle.read(head, 0, 4, 0);
      return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04 ? "xlsx" : "csv";
    } finally {
      await handle.close();
    }
  } catch {
    return "csv"; // the reader reports the missing or unreadable file
  }
}

interface ReadInput {
  readonly table: DataTable;
  readonly dateColumns: readonly number[];
  readonly dataSheetName: string;
  /** Sheet column of the table's first column. */
  readonly firstColumn: number;
  /** What the user should know about how the input was read (date orders, cells left unread). */
  readonly notes: readonly string[];
  /** What the scorecard sheet says about it (the order slashed dates were read in). */
  readonly sheetNotes: readonly string[];
}

function typeDates(rows: unknown[][], headers: readonly string[], options: CliOptions, locale: DateLocale, known?: readonly number[]): DateTyping {
  try {
    return typeDateColumns(rows, headers, { ...(known ? { known } : {}), ...(options.dateFormat ? { order: options.dateFormat } : {}), locale, today: todaySerial() });
  } catch (e) {
    if (e instanceof DateColumnError) throw new InputError(e.message);
    throw e;
  }
}

async function readInput(path: string, options: CliOptions, progress: Progress, locale: DateLocale, sample: boolean): Promise<ReadInput> {
  const kind = await inputKind(path);
  const count = (n: number) => n.toLocaleString("en-US");
  if (kind === "parquet" || (kind === "csv" && sample)) {
    // Through DuckDB: a sample for the column mapping (the statistics come from DuckDB), or a
    // whole Parquet file for the JavaScript engine.
    if (options.sheet !== undefined || options.range !== undefined) throw new InputError(`--${options.sheet !== undefined ? "sheet" : "range"} applies to .xlsx input only`);
    if (kind === "parquet" && options.decimal !== undefined) throw new InputError("--decimal applies to CSV input only (a Parquet file holds typed numbers)");
    progress.start("reading", false);
    const read = await readWithDuckDb(path, kind, { ...(sample ? { limit: SAMPLE_ROWS } : {}), ...(options.decimal ? { decimal: options.decimal } : {}) });
    progress.finish(`${count(read.rows.length)} rows${sample ? " (a sample for the columns)" : ""}`);
    const dates = typeDates(read.rows, read.table.headers, options, locale);
    return { table: read.table, dateColumns: dates.columns, dataSheetName: "Data", firstColumn: 0, notes: sample ? [] : dates.notes, sheetNotes: sample ? [] : dates.sheetNotes };
  }
  if (kind === "csv") {
    if (options.sheet !== undefined) throw new InputError("--sheet applies to .xlsx input only");
    if (options.range !== undefined) throw new InputError("--range applies to .xlsx input only");
    const decimal = options.decimal;
    progress.start("reading", false);
    const csv = await readCsv(path, {
      ...(decimal !== undefined ? { decimal } : {}),
      onProgress: (bytes, total, rows) => {
        if (rows >= PROGRESS_MIN_ROWS) progress.shown = true;
        progress.update(total > 0 ? bytes / total : 0, `${count(rows)} rows`);
      },
    });
    progress.finish(`${count(csv.rows.length)} rows`);
    const dates = typeDates(csv.rows, csv.table.headers, options, locale);
    const notes = [...dates.notes];
    if (csv.commaNumbers > 0 && decimal === undefined) {
      notes.push(`${count(csv.commaNumbers)} numbers read with a decimal comma (54,21 as 54.21), as the file is separated by "${csv.delimiter === "\t" ? "TAB" : csv.delimiter}": give --decimal point if the commas separate thousands`);
    }
    return { table: csv.table, dateColumns: dates.columns, dataSheetName: "Data", firstColumn: 0, notes, sheetNotes: dates.sheetNotes };
  }
  if (options.decimal !== undefined) throw new InputError("--decimal applies to CSV input only (an .xlsx holds typed numbers)");
  progress.start("reading", false);
  const book = await readXlsx(path, {
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    ...(options.range !== undefined ? { range: options.range } : {}),
    onProgress: (rows) => {
      if (rows >= PROGRESS_MIN_ROWS) progress.shown = true;
      progress.update(0, `${count(rows)} rows`);
    },
  });
  progress.finish(`${count(book.rows.length)} rows`);
  if (book.sheets.some((s) => s.toLowerCase() === SPEC_SHEET.toLowerCase()) && /^KPI Scorecard( \(\d+\))?$/i.test(book.sheetName)) {
    const dataSheet = book.sheets.find((s) => !/^KPI Scorecard( \(\d+\))?$/i.test(s) && s.toLowerCase() !== SPEC_SHEET.toLowerCase());
    throw new InputError(
      `${path} is a scorecard this add-in built, not data: give the data it was built from${dataSheet ? `, or --sheet "${dataSheet}" for the copy of it inside` : ""}`,
    );
  }
  const dates = typeDates(book.rows, book.table.headers, options, locale, book.dateColumns);
  const reserved = [DEFAULT_SHEET_NAME.toLowerCase(), SPEC_SHEET.toLowerCase()];
  const name = isValidSheetName(book.sheetName) && !reserved.includes(book.sheetName.toLowerCase()) && !/^KPI Scorecard \(\d+\)$/i.test(book.sheetName)
    ? book.sheetName
    : "Data";
  const first = parseAddress(book.address)?.col ?? 0;
  return { table: book.table, dateColumns: dates.columns, dataSheetName: name, firstColumn: first, notes: dates.notes, sheetNotes: dates.sheetNotes };
}

async function checkOutput(output: string, force: boolean, input: string): Promise<void> {
  if (extname(output).toLowerCase() !== ".xlsx") throw new InputError(`the output ${output} must be an .xlsx file`);
  const dir = dirname(output);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`the folder of the output does not exist: ${dir}`);
  if (resolve(output) === resolve(input)) throw new InputError(`the output ${output} is the input file: choose another -o`);
  if (existsSync(output)) {
    if (!force) throw new InputError(`${output} already exists: use --force to overwrite it`);
    if (statSync(output).isDirectory()) throw new InputError(`${output} is a folder`);
  }
}

const SATISFACTION = /satisf|\bcsat\b/i;

/**
 * Satisfaction answers given as labels ("Very satisfied") become 1..5, in place, and a note says
 * so; a satisfaction column of other words is explained in a note instead.
 */
function readLabelColumns(table: DataTable, notes: string[]): void {
  const rows = table.rows as unknown[][];
  table.headers.forEach((header, c) => {
    const cells = function* (): Generator<unknown> {
      for (const row of rows) yield row[c];
    };
    if (isCsatLabelColumn(cells())) {
      const read = convertCsatLabels(rows, c);
      const other = read.other > 0 ? `; ${read.other.toLocaleString("en-US")} other answers (first "${read.firstOther ?? ""}") are not on the scale and are skipped` : "";
      notes.push(`"${header}": satisfaction labels read on the 1-5 scale (Very dissatisfied 1, Dissatisfied 2, Neutral 3, Satisfied 4, Very satisfied 5)${other}`);
      return;
    }
    if (!SATISFACTION.test(header)) return;
    let numbers = 0;
    let example: string | undefined;
    for (const cell of cells()) {
      if (typeof cell === "number") numbers++;
      else if (example === undefined && typeof cell === "string" && cell.trim() !== "") example = cell.trim();
    }
    if (numbers === 0 && example !== undefined) {
      notes.push(`"${header}" holds words ("${example}") that are not on a known satisfaction scale: write the answers as 1-5 (or Very dissatisfied .. Very satisfied) to score CSAT`);
    }
  });
}

function sourceAddress(table: DataTable): string {
  return rectAddress({ row: 0, col: 0, rows: table.rows.length + 1, cols: Math.max(1, table.headers.length) });
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (parsed.kind === "help") {
    io.stdout.write(helpText(version));
    return 0;
  }
  if (parsed.kind === "version") {
    io.stdout.write(`${version}\n`);
    return 0;
  }
  const options = parsed.options;
  const started = Date.now();
  const input = options.input !== undefined ? resolve(io.cwd, options.input) : join(packageRoot(), EXAMPLE);
  const output = resolve(io.cwd, options.output ?? DEFAULT_OUTPUT);
  const kind = await inputKind(input);
  // Statistics from DuckDB or a warehouse's result: the rows stay where they are, a sample maps the columns.
  const viaStats = await fromStatistics(options, kind, input);
  if (!options.sql) await checkOutput(output, options.force, input);
  // --pdf is checked before anything is written: without LibreOffice, no workbook either.
  const soffice = options.pdf ? findLibreOffice(io.env) : null;
  if (options.pdf && !soffice) throw new InputError(NO_LIBREOFFICE);
  if (options.pdf && !options.force && existsSync(pdfPathOf(output))) throw new InputError(`${pdfPathOf(output)} already exists: use --force to overwrite it`);
  // With no input file the example is built with its spec, unless another spec is given.
  const specPath = options.spec !== undefined ? resolve(io.cwd, options.spec) : options.input === undefined ? join(packageRoot(), EXAMPLE_SPEC) : undefined;
  const fileSpec = specPath !== undefined ? await readSpecFile(specPath) : undefined;

  await removeStaleTemps(dirname(output));

  const progress = new Progress(io.stderr, !options.quiet);
  const locale = dateLocaleOf(io.env);
  const read = await readInput(input, options, progress, locale, viaStats);
  // What comes in is cleaned once, so the data sheet, labels and formula texts all agree.
  const cleaned = cleanTableText(read.table.headers as string[], read.table.rows as unknown[][]);
  const fit = viaStats || options.data === "none" ? null : sheetFitProblem(read.table.rows.length, read.table.headers.length);
  if (fit) throw new InputError(`${basename(input)}: ${fit} (--data none builds a workbook without a copy of the data, --engine duckdb without reading the rows)`);
  if (viaStats && options.data === "copy") throw new InputError("--data copy needs the rows in JavaScript: give --engine js (a workbook holds at most 1,048,575 of them)");
  const inputName = basename(input);
  const notes = [...read.notes];
  if (cleaned > 0) {
    notes.push(`${cleaned.toLocaleString("en-US")} text${cleaned === 1 ? "" : "s"} held characters that an .xlsx cannot hold (control characters, U+FFFE, U+FFFF): they were left out of the text`);
  }
  readLabelColumns(read.table, notes);
  const report: MappingReport = { used: [], leftOut: [] };
  const spec: ScorecardSpec = buildSpec({
    notes,
    report,
    table: read.table,
    options,
    ...(fileSpec && specPath ? { fileSpec, specPath } : {}),
    source: { sheet: read.dataSheetName, address: sourceAddress(read.table) },
    firstColumn: read.firstColumn,
    inputName,
  });

  let statistics: GivenStatistics | undefined;
  let built = spec;
  const sourceNotes = [...read.sheetNotes];
  if (viaStats) {
    const sourceKind = kind as SourceKind;
    // KPIs without SQL (sentiment's word lists) have no statistics in a warehouse's result.
    // Themes read the same comments with a rule in JavaScript (src/kpi/mentions.ts): left out with them.
    const dropSentiment = (s: ScorecardSpec, why: string): ScorecardSpec => {
      const left = s.columns.filter((c) => c.role === "sentiment");
      if (left.length === 0) return s;
      notes.push(`${left.map((c) => `"${c.header}"`).join(", ")} left out: ${why}`);
      const themes = s.namedThemes ?? [];
      if (themes.length > 0) notes.push(`themes ${themes.map((t) => `"${t.name}"`).join(", ")} left out with the comments they read`);
      const { namedThemes: _themes, ...rest } = s;
      return { ...rest, columns: s.columns.filter((c) => c.role !== "sentiment") };
    };
    if (options.sql || options.stats !== undefined) {
      const s = dropSentiment(spec, "sentiment has no SQL (its word lists and rules run in JavaScript): build from the file with --engine duckdb or js");
      const { query, source } = await warehouseQuery(input, sourceKind, s, read.table, options, locale.order);
      if (options.sql) {
        io.stdout.write(query.sql);
        return 0;
      }
      statistics = await statisticsFromFile(resolve(io.cwd, options.stats as string), s, query, source);
      built = s;
    } else {
      progress.start("computing with DuckDB", true);
      const r = await statisticsFromDuckDb(input, sourceKind, spec, options, locale.order, read.table);
      progress.finish(`${r.rolled.dataRows.toLocaleString("en-US")} rows`);
      notes.push(...r.notes);
      statistics = r.rolled;
    }
    sourceNotes.push(options.stats !== undefined ? `statistics from ${basename(options.stats)}` : "statistics computed by DuckDB");
  } else if (options.data === "none") {
    statistics = countedStatistics(spec, read.table);
  }
  const dataRows = statistics ? statistics.dataRows : read.table.rows.length;
  if (statistics) {
    // The source range as far as a sheet reaches; the title gives the true row count.
    const last = Math.min(dataRows + 1, 1_048_576);
    built = { ...built, source: { ...built.source, address: rectAddress({ row: 0, col: 0, rows: last, cols: Math.max(1, read.table.headers.length) }) } };
  }
  const large = dataRows >= PROGRESS_MIN_ROWS;
  progress.start("planning", large);
  progress.update(0, "computing KPIs by segment and period");
  const plan = planScorecard({
    spec: built,
    data: statistics ? { headers: read.table.headers, rows: [] } : read.table,
    existingSheets: [read.dataSheetName, SPEC_SHEET],
    builtAt: new Date(),
    dataSheet: read.dataSheetName,
    sourceNotes,
    ...(statistics ? { statistics } : {}),
  });
  if (isKpiError(plan)) throw new InputError(plan.message);
  progress.finish(`${plan.summary.length} KPIs`);
  // "What detractors say" asked, no theme named yet: the themes to start from, as the flags that name them.
  if (built.themes === true && (built.namedThemes ?? []).length === 0 && !statistics) {
    const proposed = proposedThemes(built, read.table).themes;
    if (proposed.length > 0) notes.push(`themes to follow as KPI rows, from detractors' comments (edit and add them): ${proposed.map((t) => `--theme "${t.name}=${t.words.join(",")}"`).join(" ")}`);
  }

  // A snapshot reads no data: it ships none of the raw answers unless asked (--include-data);
  // a workbook built from statistics has none to ship.
  const withData = statistics === undefined && (spec.mode !== "values" || options.includeData === true);
  const data: DataSheet | null = withData ? { name: read.dataSheetName, table: read.table, dateColumns: read.dateColumns } : null;
  const paper = options.paper ?? paperOf(io.env);
  await writeAtomically(output, options.force, async (tmp) => {
    progress.start("writing", large);
    await writeScorecardXlsx(plan, data, {
      path: tmp,
      paper,
      onProgress: (rows, total) => progress.update(total > 0 ? rows / total : 1, `${rows.toLocaleString("en-US")} rows`),
    });
    progress.finish(`${basename(output)}`);
  });
  const pdf = soffice ? pdfPathOf(output) : null;
  if (soffice && pdf) {
    progress.start("printing to PDF", true);
    await writeAtomically(pdf, options.force, (tmp) => exportPdf(soffice, output, tmp));
    progress.finish(basename(pdf));
  }

  if (options.json) {
    io.stdout.write(`${JSON.stringify(jsonSummary(plan, { mode: spec.mode, columns: report, notes, xlsx: output, pdf }), null, 2)}\n`);
    return 0;
  }
  io.stdout.write(formatSummary(plan.summary, useColor(io.stdout, io.env), plan.minN));
  const differences = formatDifferences(plan.differences, plan.fdrQ);
  if (differences) io.stdout.write(`\n${differences.trimEnd().split("\n").map((l) => `${printable(l)}\n`).join("")}`);
  const untested = formatUntested(plan.untested);
  if (untested) io.stdout.write(`\n${untested.trimEnd().split("\n").map((l) => `${printable(l)}\n`).join("")}`);
  const drivers = formatDrivers(plan.drivers);
  if (drivers) io.stdout.write(`\n${drivers.trimEnd().split("\n").map((l) => `${printable(l)}\n`).join("")}`);
  io.stdout.write(`\n${formatMappingReport(report).map((l) => `${printable(l)}\n`).join("")}`);
  if (notes.length > 0) io.stdout.write(`\nNotes:\n${notes.map((n) => `  ${printable(n)}\n`).join("")}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const rows = dataRows.toLocaleString("en-US");
  if (pdf) io.stdout.write(`\nWrote ${pdf}: the scorecard and its charts as printed (${paper === "letter" ? "Letter" : "A4"})\n`);
  const dataPart = withData
    ? `data sheet "${read.dataSheetName}" (${rows} rows, columns A-${columnLetter(Math.max(0, read.table.headers.length - 1))})`
    : statistics
      ? `no copy of the ${rows} data rows (its formulas read the statistics table)`
      : `no copy of the ${rows} data rows (values mode; --include-data keeps one)`;
  io.stdout.write(`\nWrote ${output}: sheet "${plan.sheetName}" (${spec.mode} mode) and ${dataPart} in ${seconds} s\n`);
  return 0;
}

/** One line for any failure; exit 2 for bad input, 1 for anything unexpected. */
export function describeFailure(e: unknown, env: NodeJS.ProcessEnv): { line: string; code: number } {
  if (e instanceof InputError) return { line: `kpi-scorecard: ${printable(e.message)}`, code: 2 };
  if (e instanceof KpiError) return { line: `kpi-scorecard: ${printable(e.message)}`, code: 2 };
  const message = printable(e instanceof Error ? e.message.split("\n")[0] : String(e));
  const detail = env.KPI_SCORECARD_DEBUG && e instanceof Error && e.stack ? `\n${e.stack}` : "";
  return { line: `kpi-scorecard: unexpected failure: ${message} (set KPI_SCORECARD_DEBUG=1 for details)${detail}`, code: 1 };
}
