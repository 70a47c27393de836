/**
 * `kpi-scorecard clv LOG -o clv.xlsx`: the CLV sheet of spec/clv.md from a transaction log
 * (CSV or whitespace-separated text, a sheet of an .xlsx, or Parquet), without Excel. The log
 * is read in JavaScript (clvLog.ts) or, for Parquet and large CSV files, summarised by DuckDB
 * (duckdb.ts); the sheet is planned by src/clv/sheet.ts and written by src/xlsx/clvWriter.ts.
 * `--sql` prints the summary as SQL instead. Bad input ends as one InputError line (exit 2),
 * and no file is left behind (output.ts).
 */
import { createWriteStream, existsSync, promises as fsp, statSync } from "node:fs";
import { once } from "node:events";
import { basename, dirname, extname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { isKpiError } from "../kpi/errors";
import { planClvSheet, planClvSheetFromSummary, type ClvCustomer, type ClvSheetPlan } from "../clv/sheet";
import { PERIOD_DAYS, type Period } from "../clv/rfm";
import { printable } from "../scorecard/text";
import { writeClvXlsx } from "../xlsx/clvWriter";
import { InputError } from "../xlsx/types";
import { parseNumberFlag } from "./args";
import { pickColumns, readLogDay, readLogTable, readTransactions, skippedNotes, skippedTotal, type SkippedRows } from "./clvLog";
import { DIALECTS, loadDuckDb, sampleFile, summariseWithDuckDb, summarySql, type Dialect } from "./duckdb";
import { removeStaleTemps, writeAtomically } from "./output";
import type { Io } from "./main";

/** Rows of an Excel sheet below its header row. */
export const SHEET_CUSTOMERS = 1_048_575;
/** CSV logs above this size are summarised by DuckDB under --engine auto. */
export const DUCKDB_CSV_BYTES = 64 * 1024 * 1024;

export interface ClvOptions {
  readonly input?: string;
  readonly output: string;
  readonly force: boolean;
  readonly quiet: boolean;
  readonly id?: string;
  readonly date?: string;
  readonly amount?: string;
  readonly sheet?: string;
  readonly range?: string;
  readonly end?: number;
  readonly holdoutEnd?: number;
  readonly holdoutPeriods?: number;
  readonly period: Period;
  readonly horizon?: number;
  readonly discountRate: number;
  readonly margin: number;
  readonly mode: "live" | "portable";
  readonly returns: boolean;
  readonly slashOrder: "dmy" | "mdy";
  readonly engine: "auto" | "js" | "duckdb";
  readonly sql: boolean;
  readonly dialect: Dialect;
  readonly table?: string;
  readonly customers?: string;
  readonly maxRows: number;
}

const PERIODS = Object.keys(PERIOD_DAYS) as Period[];
/** Periods in a year, for a discount rate given per year. */
const PER_YEAR: Record<Period, number> = { day: 365.25, week: 365.25 / 7, month: 12, year: 1 };

function dateFlag(flag: string, text: string): number {
  const day = readLogDay(text.trim());
  if (day === undefined) throw new InputError(`--${flag} "${text}" is not a date: write it YYYY-MM-DD`);
  return day;
}

export function parseClvArgs(argv: readonly string[]): { kind: "help" } | { kind: "run"; options: ClvOptions } {
  let parsed: ReturnType<typeof parseArgs>;
  const spec = {
    output: { type: "string", short: "o" },
    force: { type: "boolean", short: "f" },
    quiet: { type: "boolean", short: "q" },
    help: { type: "boolean", short: "h" },
    id: { type: "string" },
    date: { type: "string" },
    amount: { type: "string" },
    sheet: { type: "string" },
    range: { type: "string" },
    end: { type: "string" },
    holdout: { type: "string" },
    period: { type: "string" },
    horizon: { type: "string" },
    discount: { type: "string" },
    margin: { type: "string" },
    mode: { type: "string" },
    returns: { type: "boolean" },
    "date-format": { type: "string" },
    engine: { type: "string" },
    sql: { type: "boolean" },
    dialect: { type: "string" },
    table: { type: "string" },
    customers: { type: "string" },
    "max-rows": { type: "string" },
  } as const;
  try {
    parsed = parseArgs({ args: [...argv], options: spec, allowPositionals: true, strict: true });
  } catch (e) {
    const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new InputError(`clv: ${message.replace(/\. To specify a positional argument.*$/, "")} (see clv --help)`);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  if (v.help === true) return { kind: "help" };
  const str = (name: string): string | undefined => {
    const x = v[name];
    if (x === undefined) return undefined;
    if (typeof x !== "string" || x.trim() === "") throw new InputError(`--${name} needs a value`);
    return x;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const x = str(name);
    if (x === undefined) return fallback;
    if (!allowed.includes(x as T)) throw new InputError(`--${name} "${x}" is not known: use ${allowed.join(", ")}`);
    return x as T;
  };
  if (parsed.positionals.length > 1) throw new InputError(`clv reads one log at a time, got ${parsed.positionals.length}: ${parsed.positionals.join(", ")}`);
  const period = oneOf("period", PERIODS, "week");
  const holdoutText = str("holdout");
  let holdoutEnd: number | undefined;
  let holdoutPeriods: number | undefined;
  if (holdoutText !== undefined) {
    if (/^\d+(\.\d+)?$/.test(holdoutText.trim())) {
      holdoutPeriods = Number(holdoutText);
      if (!(holdoutPeriods > 0)) throw new InputError(`--holdout "${holdoutText}" must be a date after --end, or a number of ${period}s above 0`);
    } else holdoutEnd = dateFlag("holdout", holdoutText);
  }
  const end = str("end") !== undefined ? dateFlag("end", str("end")!) : undefined;
  if (holdoutEnd !== undefined && end === undefined) throw new InputError(`--holdout ${holdoutText} is the end of the holdout: give --end DATE too (the end of the calibration period), or --holdout N periods`);
  if (end !== undefined && holdoutEnd !== undefined && !(holdoutEnd > end)) throw new InputError(`--holdout ${holdoutText} must come after --end ${str("end")}`);
  const horizonText = str("horizon");
  const horizon = horizonText === undefined ? undefined : parseNumberFlag("horizon", horizonText);
  if (horizon !== undefined && !(horizon >= 0 && horizon <= 10_000)) throw new InputError(`--horizon ${horizonText} is out of range: give 0 to 10000 ${period}s`);
  const discountText = str("discount");
  let discountRate = 0;
  if (discountText !== undefined) {
    const yearly = /\s*\/\s*year$/i.test(discountText);
    const rate = parseNumberFlag("discount", discountText.replace(/\s*\/\s*(year|period)$/i, ""));
    if (!(rate > -1 && rate < 10)) throw new InputError(`--discount ${discountText} is out of range: give a rate such as 0.2% per ${period}, or 10%/year`);
    discountRate = yearly ? (1 + rate) ** (1 / PER_YEAR[period]) - 1 : rate;
  }
  const marginText = str("margin");
  const margin = marginText === undefined ? 1 : parseNumberFlag("margin", marginText);
  if (!(margin >= 0 && margin <= 1)) throw new InputError(`--margin ${marginText} is out of range: give a share from 0 to 1 (or 0% to 100%)`);
  const dateFormat = str("date-format");
  if (dateFormat !== undefined && !/^(DD\/MM\/YYYY|MM\/DD\/YYYY)$/i.test(dateFormat)) throw new InputError(`--date-format "${dateFormat}" is not known: use DD/MM/YYYY or MM/DD/YYYY`);
  const maxRowsText = str("max-rows");
  const maxRows = maxRowsText === undefined ? SHEET_CUSTOMERS : Number(maxRowsText);
  if (!(Number.isSafeInteger(maxRows) && maxRows >= 1 && maxRows <= SHEET_CUSTOMERS)) throw new InputError(`--max-rows "${maxRowsText}" must be a whole number from 1 to ${SHEET_CUSTOMERS.toLocaleString("en-US")}`);
  const input = parsed.positionals[0];
  const sql = v.sql === true;
  if (input === undefined && !(sql && str("table") !== undefined)) throw new InputError("clv needs a transaction log: kpi-scorecard clv LOG.csv -o clv.xlsx (see clv --help)");
  const optional = <K extends string, T>(key: K, value: T | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, T>));
  return {
    kind: "run",
    options: {
      ...optional("input", input),
      output: str("output") ?? "clv.xlsx",
      force: v.force === true,
      quiet: v.quiet === true,
      ...optional("id", str("id")),
      ...optional("date", str("date")),
      ...optional("amount", str("amount")),
      ...optional("sheet", str("sheet")),
      ...optional("range", str("range")),
      ...optional("end", end),
      ...optional("holdoutEnd", holdoutEnd),
      ...optional("holdoutPeriods", holdoutPeriods),
      period,
      ...optional("horizon", horizon),
      discountRate,
      margin,
      mode: oneOf("mode", ["portable", "live"] as const, "portable"),
      returns: v.returns === true,
      slashOrder: dateFormat !== undefined && /^DD/i.test(dateFormat) ? "dmy" : "mdy",
      engine: oneOf("engine", ["auto", "js", "duckdb"] as const, "auto"),
      sql,
      dialect: oneOf("dialect", DIALECTS, "duckdb"),
      ...optional("table", str("table")),
      ...optional("customers", str("customers")),
      maxRows,
    },
  };
}

export function clvHelpText(version: string): string {
  const pad = (s: string) => (s.length >= 26 ? `${s} ` : s + " ".repeat(26 - s.length));
  const line = (flag: string, text: string) => `  ${pad(flag)}${text}`;
  return [
    `kpi-scorecard ${version} clv: predictive customer lifetime value (BG/NBD, Gamma-Gamma) from a transaction log`,
    "",
    "Usage:",
    "  kpi-scorecard clv LOG [options] [-o clv.xlsx]",
    "  kpi-scorecard clv LOG --sql [--dialect duckdb|bigquery|spark] [--table NAME]",
    "",
    "Log (one row per purchase):",
    line("LOG", "CSV (, ; TAB |), text separated by spaces, an .xlsx sheet, or Parquet"),
    line("--id COL", "customer id column (header, letter or 1-based position; default detected)"),
    line("--date COL", "purchase date column (YYYY-MM-DD, YYYYMMDD, Excel dates, slashed dates)"),
    line("--amount COL", "purchase amount column"),
    line("--sheet NAME, --range A1:C9", "sheet and range of an .xlsx log"),
    line("--date-format FORM", "DD/MM/YYYY or MM/DD/YYYY for slashed dates (default MM/DD/YYYY)"),
    line("--returns", "keep negative amounts in the spend mean (default: left out and counted)"),
    "",
    "Model:",
    line("--end DATE", "end of the calibration period (default: the last purchase, or before the holdout)"),
    line("--holdout DATE|N", "end of the holdout period, or its length in periods: the calibration check"),
    line("--period UNIT", "day, week (default), month or year: the unit of t_x, T and the horizon"),
    line("--horizon N", "periods ahead the CLV counts (default one year: 52 weeks, 12 months, ...)"),
    line("--discount RATE", "discount rate per period (0.2%), or per year (10%/year); default 0"),
    line("--margin M", "margin on spend, 0-1 or 0%-100% (default 100%: the CLV of revenue)"),
    line("--mode MODE", "portable (default: native formulas and values) or live (=KPI.* formulas of the add-in)"),
    "",
    "Large logs:",
    line("--engine E", "auto (default: DuckDB for Parquet and CSV over 64 MB), js, or duckdb"),
    line("--customers FILE", "also write the full per-customer table as .csv or .parquet"),
    line("--max-rows N", `customers on the sheet (default ${SHEET_CUSTOMERS.toLocaleString("en-US")}); past it the top N by CLV,`),
    line("", "and the full table beside the workbook (NAME.customers.csv) unless --customers says"),
    line("--sql", "print the RFM summary as SQL for a warehouse and stop"),
    "",
    "Output:",
    line("-o, --output FILE", "the .xlsx to write (default ./clv.xlsx)"),
    line("-f, --force", "overwrite FILE if it exists"),
    line("-q, --quiet", "no progress lines"),
    "",
    "Exit codes: 0 written, 2 bad input (one line on standard error), 1 unexpected failure.",
    "",
  ].join("\n");
}

type LogKind = "csv" | "xlsx" | "parquet";

async function logKind(path: string): Promise<LogKind> {
  const ext = extname(path).toLowerCase();
  if (ext === ".parquet" || ext === ".pq") return "parquet";
  if (ext === ".xlsx" || ext === ".xlsm") return "xlsx";
  if (ext === ".xls") throw new InputError(`${path} is an old .xls workbook: save it as .xlsx (or CSV) first`);
  try {
    const handle = await fsp.open(path, "r");
    try {
      const head = Buffer.alloc(4);
      await handle.read(head, 0, 4, 0);
      if (head.toString("latin1") === "PAR1") return "parquet";
      if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return "xlsx";
    } finally {
      await handle.close();
    }
  } catch {
    // the reader reports the missing or unreadable file
  }
  return "csv";
}

function checkOutput(output: string, force: boolean, input: string | undefined, ext: readonly string[]): void {
  if (!ext.includes(extname(output).toLowerCase())) throw new InputError(`the output ${output} must be a ${ext.join(" or ")} file`);
  const dir = dirname(output);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`the folder of the output does not exist: ${dir}`);
  if (input !== undefined && resolve(output) === resolve(input)) throw new InputError(`the output ${output} is the input file: choose another -o`);
  if (existsSync(output)) {
    if (!force) throw new InputError(`${output} already exists: use --force to overwrite it`);
    if (statSync(output).isDirectory()) throw new InputError(`${output} is a folder`);
  }
}

const fmt = (v: number, digits = 3) => v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const count = (n: number) => n.toLocaleString("en-US");

interface Summarised {
  readonly plan: ClvSheetPlan;
  readonly skipped: SkippedRows;
  readonly engine: "js" | "duckdb";
  readonly columns: string;
}

function horizonOf(o: ClvOptions): number {
  return o.horizon ?? Math.round(PER_YEAR[o.period]);
}

/** The end and holdout end from the flags and the log's last purchase day. */
function periodsOf(o: ClvOptions, lastDay: number): { end: number; holdoutEnd?: number } {
  const length = (o.holdoutPeriods ?? 0) * PERIOD_DAYS[o.period];
  if (o.holdoutPeriods !== undefined) {
    const end = o.end ?? Math.round(lastDay - length);
    return { end, holdoutEnd: o.end === undefined ? lastDay : Math.round(end + length) };
  }
  return { end: o.end ?? lastDay, ...(o.holdoutEnd !== undefined ? { holdoutEnd: o.holdoutEnd } : {}) };
}

/** The sheet's settings from the flags, whichever engine summarised the log. */
function sheetSettings(path: string, o: ClvOptions, end: number, holdoutEnd: number | undefined) {
  return {
    source: basename(path),
    endDate: end,
    ...(holdoutEnd !== undefined ? { holdoutEnd } : {}),
    period: o.period,
    horizon: horizonOf(o),
    discountRate: o.discountRate,
    margin: o.margin,
    maxCustomerRows: o.maxRows,
    mode: o.mode,
  };
}

async function summariseInJs(path: string, kind: "csv" | "xlsx", o: ClvOptions): Promise<Summarised> {
  const table = await readLogTable(path, kind, o.sheet, o.range);
  const cols = pickColumns(table, o);
  const read = readTransactions(table, cols, { returns: o.returns, slashOrder: o.slashOrder });
  if (read.transactions.length === 0) throw new InputError(`${basename(path)}: no row has a readable customer id, date and amount (${skippedNotes(read.skipped).join("; ")})`);
  const { end, holdoutEnd } = periodsOf(o, read.lastDay);
  const plan = planClvSheet({ ...sheetSettings(path, o, end, holdoutEnd), transactions: read.transactions, skipped: skippedTotal(read.skipped) });
  if (isKpiError(plan)) throw new InputError(`${basename(path)}: ${plan.message}`);
  const names = `id "${table.headers[cols.id]}", date "${table.headers[cols.date]}", amount "${table.headers[cols.amount]}"`;
  return { plan, skipped: read.skipped, engine: "js", columns: names };
}

async function summariseInDuckDb(path: string, kind: "csv" | "parquet", o: ClvOptions): Promise<Summarised> {
  const sample = await sampleFile(path, kind);
  try {
    const cols = pickColumns({ headers: sample.headers, rows: sample.rows, headerless: false }, o);
    const names = { id: sample.headers[cols.id], date: sample.headers[cols.date], amount: sample.headers[cols.amount] };
    const s = await summariseWithDuckDb(sample.connection, names, {
      periods: (lastDay) => periodsOf(o, lastDay),
      periodDays: PERIOD_DAYS[o.period],
      returns: o.returns,
      slashOrder: o.slashOrder,
    });
    const plan = planClvSheetFromSummary({
      ...sheetSettings(path, o, s.end, s.holdoutEnd),
      rows: s.rows,
      transactionsRead: s.transactionsRead,
      ...(s.holdout ? { holdout: s.holdout } : {}),
      skipped: skippedTotal(s.skipped),
    });
    if (isKpiError(plan)) throw new InputError(`${basename(path)}: ${plan.message}`);
    return { plan, skipped: s.skipped, engine: "duckdb", columns: `id "${names.id}", date "${names.date}", amount "${names.amount}"` };
  } finally {
    sample.close();
  }
}

const CSV_HEADER = ["customer", "x", "t_x", "T", "zbar", "p_alive", "expected_purchases", "expected_spend", "clv"];

/** The per-customer table as CSV, streamed (RFC 4180 quoting of the id). */
async function writeCustomersCsv(customers: readonly ClvCustomer[], path: string): Promise<void> {
  const out = createWriteStream(path, { flags: "wx" });
  await once(out, "open");
  const cell = (id: string | number) => (typeof id === "number" ? String(id) : /[",\r\n]/.test(id) ? `"${id.replace(/"/g, '""')}"` : id);
  let chunk = CSV_HEADER.join(",") + "\n";
  for (let i = 0; i < customers.length; i++) {
    const c = customers[i];
    chunk += `${cell(c.id)},${c.x},${c.tx},${c.T},${c.zbar},${c.alive},${c.purchases},${c.spend},${c.clv}\n`;
    if (chunk.length > 1 << 20 || i === customers.length - 1) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  if (customers.length === 0) out.write(chunk);
  out.end();
  await once(out, "close");
}

/** The per-customer table as Parquet, through DuckDB (the rows go in by an appender). */
async function writeCustomersParquet(customers: readonly ClvCustomer[], path: string): Promise<void> {
  const duck = await loadDuckDb();
  const instance = await duck.DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await connection.run(`CREATE TABLE customers (customer VARCHAR, x DOUBLE, t_x DOUBLE, "T" DOUBLE, zbar DOUBLE, p_alive DOUBLE, expected_purchases DOUBLE, expected_spend DOUBLE, clv DOUBLE)`);
    const appender = await connection.createAppender("customers");
    for (const c of customers) {
      appender.appendVarchar(String(c.id));
      for (const v of [c.x, c.tx, c.T, c.zbar, c.alive, c.purchases, c.spend, c.clv]) appender.appendDouble(v);
      appender.endRow();
    }
    appender.closeSync();
    await connection.run(`COPY customers TO '${path.replace(/'/g, "''")}' (FORMAT parquet)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export async function runClv(argv: readonly string[], io: Io, version: string): Promise<number> {
  const parsed = parseClvArgs(argv);
  if (parsed.kind === "help") {
    io.stdout.write(clvHelpText(version));
    return 0;
  }
  const o = parsed.options;
  const started = Date.now();
  const say = (line: string) => {
    // Progress is for a person watching: not in a pipe or a log, where it would blur the one-line error.
    if (!o.quiet && io.stderr.isTTY === true) io.stderr.write(`${line}\n`);
  };
  if (o.sql) {
    const input = o.input !== undefined ? resolve(io.cwd, o.input) : undefined;
    const kind = input !== undefined ? await logKind(input) : "csv";
    const source = o.table ?? (o.dialect === "duckdb" && input !== undefined ? (kind === "parquet" ? `read_parquet('${input.replace(/'/g, "''")}')` : `read_csv('${input.replace(/'/g, "''")}')`) : "transactions");
    const end = o.end;
    if (end === undefined) throw new InputError("--sql needs --end DATE (the query does not read the log to find its last day)");
    const holdoutEnd = o.holdoutEnd ?? (o.holdoutPeriods !== undefined ? Math.round(end + o.holdoutPeriods * PERIOD_DAYS[o.period]) : undefined);
    io.stdout.write(
      summarySql({
        source,
        id: o.id ?? "customer_id",
        day: o.date ?? "purchase_date",
        amount: o.amount ?? "amount",
        end,
        ...(holdoutEnd !== undefined ? { holdoutEnd } : {}),
        periodDays: PERIOD_DAYS[o.period],
        dialect: o.dialect,
        returns: o.returns,
      }),
    );
    return 0;
  }
  const input = resolve(io.cwd, o.input!);
  const output = resolve(io.cwd, o.output);
  checkOutput(output, o.force, input, [".xlsx"]);
  const customersPath = o.customers !== undefined ? resolve(io.cwd, o.customers) : undefined;
  if (customersPath !== undefined) checkOutput(customersPath, o.force, input, [".csv", ".parquet"]);
  await removeStaleTemps(dirname(output));
  const kind = await logKind(input);
  if (kind === "parquet" && o.engine === "js") throw new InputError("a Parquet log is read through DuckDB: leave out --engine js");
  if (kind === "xlsx" && o.engine === "duckdb") throw new InputError("an .xlsx log is read in JavaScript: leave out --engine duckdb (or save the sheet as CSV)");
  const large = kind === "csv" && existsSync(input) && statSync(input).size > DUCKDB_CSV_BYTES;
  const duck = kind === "parquet" || o.engine === "duckdb" || (o.engine === "auto" && large);
  say(`reading ${basename(input)}${duck ? " through DuckDB" : ""}...`);
  const result = duck ? await summariseInDuckDb(input, kind === "parquet" ? "parquet" : "csv", o) : await summariseInJs(input, kind as "csv" | "xlsx", o);
  const { plan } = result;
  const all = plan.customers.length;
  const beside = all > o.maxRows && customersPath === undefined ? join(dirname(output), `${basename(output, extname(output))}.customers.csv`) : undefined;
  if (beside !== undefined) checkOutput(beside, o.force, input, [".csv"]);
  const tablePath = customersPath ?? beside;
  say(`writing ${basename(output)}...`);
  await writeAtomically(output, o.force, (tmp) => writeClvXlsx(plan, { path: tmp }));
  if (tablePath !== undefined) {
    const parquet = extname(tablePath).toLowerCase() === ".parquet";
    try {
      await writeAtomically(tablePath, o.force, (tmp) => (parquet ? writeCustomersParquet(plan.customers, tmp) : writeCustomersCsv(plan.customers, tmp)));
    } catch (e) {
      // The workbook and its table go together: without the table, no workbook either.
      await fsp.unlink(output).catch(() => undefined);
      throw e;
    }
  }

  const bg = plan.bgnbd;
  const gg = plan.gammaGamma;
  const total = plan.customers.reduce((s, c) => s + c.clv, 0);
  const lines = [
    `Customers: ${count(all)} (${result.columns}; read by ${result.engine === "duckdb" ? "DuckDB" : "JavaScript"})`,
    `BG/NBD:      r ${fmt(bg.params.r)}, alpha ${fmt(bg.params.alpha)}, a ${fmt(bg.params.a)}, b ${fmt(bg.params.b)}; log-likelihood ${fmt(bg.logLikelihood, 1)}; converged ${bg.converged ? "yes" : "NO"}`,
    `Gamma-Gamma: p ${fmt(gg.params.p)}, q ${fmt(gg.params.q)}, gamma ${fmt(gg.params.gamma)}; log-likelihood ${fmt(gg.logLikelihood, 1)}; converged ${gg.converged ? "yes" : "NO"}`,
    `CLV over ${horizonOf(o)} ${o.period}s (margin ${fmt(o.margin * 100, 1)}%, discount ${fmt(o.discountRate * 100, 4)}% per ${o.period}): total ${fmt(total, 2)}, mean ${fmt(all ? total / all : 0, 2)}`,
  ];
  if (plan.calibration) {
    const sum = (k: "actual" | "expected") => plan.calibration!.reduce((s, g) => s + g[k] * g.customers, 0);
    lines.push(`Holdout check: ${fmt(sum("actual"), 0)} repeat purchases seen, ${fmt(sum("expected"), 1)} expected`);
  }
  const notes = [...skippedNotes(result.skipped), ...plan.notes];
  if (o.margin === 1 && !argv.some((a) => a.startsWith("--margin"))) notes.push("no --margin given: the CLV is of revenue (margin 100%)");
  if (notes.length) lines.push("", "Notes:", ...notes.map((n) => `  ${n}`));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  lines.push("", `Wrote ${output}: sheet "${plan.sheetName}" (${o.mode} mode)${tablePath ? ` and ${tablePath} (${count(all)} customers)` : ""} in ${seconds} s`);
  io.stdout.write(lines.map((l) => `${printable(l)}\n`).join(""));
  return 0;
}
