/**
 * The command line of kpi-scorecard, parsed with node:util parseArgs (no dependency). Every
 * problem is an InputError with one line that names the flag; nothing here touches files.
 */
import { parseArgs } from "node:util";
import { kpiMeta, KPIS } from "../kpi";
import { AGGREGATE_INPUTS, MAX_THEME_NAME, themeWordsProblem } from "../scorecard/spec";
import type { AggregateInput, ColumnRole, FormulaMode, NamedThemeSpec, TrendGrain } from "../scorecard/types";
import { InputError } from "../xlsx/types";
import type { Paper } from "../xlsx/writer";
import type { DecimalMark } from "./csv";
import { parseDateFormat, type SlashOrder } from "./dates";
import { DIALECTS, type Dialect } from "../kpi/sql";

/** Column roles that a flag maps (`--nps COL`); engagement and impact may be repeated. */
export const ROLE_FLAGS: readonly { readonly role: ColumnRole; readonly repeatable: boolean; readonly help: string }[] = [
  { role: "nps", repeatable: false, help: "0-10 'how likely to recommend' answers" },
  { role: "csat", repeatable: false, help: "1-5 satisfaction answers" },
  { role: "ces", repeatable: false, help: "1-7 'made it easy' answers" },
  { role: "fcr", repeatable: false, help: "yes/no 'resolved at first contact' flags" },
  { role: "sentiment", repeatable: false, help: "free-text comments (compound sentiment, -1..1)" },
  { role: "engagement", repeatable: true, help: "action counts per customer (repeatable)" },
  { role: "impact", repeatable: true, help: "impact metrics per customer (repeatable)" },
  { role: "revenue", repeatable: false, help: "revenue or order value per row" },
  { role: "complaints", repeatable: false, help: "complaints per customer or response: yes/no flags or counts" },
  { role: "cx", repeatable: true, help: "a 1-5 agreement question of a battery, the CX index (repeatable)" },
  { role: "segment", repeatable: false, help: "segment column: a scorecard column per value" },
  { role: "period", repeatable: false, help: "date column: the trend block, by month or quarter" },
];

export interface TargetFlag {
  readonly kpi: string;
  readonly value: number;
  readonly date?: string;
  /** The flag as written, for messages ("--target CSAT=85"). */
  readonly written?: string;
  /** Written with "%" (`value` is then already divided by 100): refused for a KPI in points or a score. */
  readonly percent?: boolean;
}

export interface CliOptions {
  readonly input?: string;
  readonly output?: string;
  readonly force: boolean;
  readonly sheet?: string;
  readonly range?: string;
  readonly spec?: string;
  readonly title?: string;
  readonly mode?: FormulaMode;
  readonly trend?: TrendGrain;
  /** --min-n: below it a value is shown but not banded (default 30). */
  readonly minN?: number;
  /** --fdr-q: the false discovery rate of the marked differences (default 0.05). */
  readonly fdrQ?: number;
  /** Add the "What detractors say" block (verbatim themes of the comments). */
  readonly themes?: boolean;
  /** --theme "NAME=word,word": themes whose share of the comments the scorecard shows. */
  readonly namedThemes?: readonly NamedThemeSpec[];
  /**
   * --drivers: the "What moves NPS" block's driver columns (headers or letters; repeated or
   * comma-separated) and themes ("Theme: NAME", a --theme's 0/1 flags), "auto" for the proposal
   * from the detected columns and every named theme, "none" for no block.
   */
  readonly drivers?: readonly string[];
  /** --outcome: the block's outcome column (default: the NPS column, else the CSAT column). */
  readonly outcome?: string;
  readonly roles: ReadonlyMap<ColumnRole, readonly string[]>;
  readonly ignore: readonly string[];
  readonly aggregates: Partial<Record<AggregateInput, number>>;
  readonly targets: readonly TargetFlag[];
  /** --cpi-weight KPI=W: the KPI's weight in the Customer Performance Index (default 1). */
  readonly cpiWeights: readonly { readonly kpi: string; readonly weight: number }[];
  /** --min-difference KPI=D: the smallest difference worth a mark, in the KPI's unit (default 0). */
  readonly minDifferences?: readonly { readonly kpi: string; readonly value: number }[];
  readonly quiet: boolean;
  /** --date-format: how slashed dates read (default: decided from each column). */
  readonly dateFormat?: SlashOrder;
  /** --decimal: the CSV's decimal separator (default: comma unless the delimiter is a comma). */
  readonly decimal?: DecimalMark;
  /** --json: the summary as JSON on standard output instead of text. */
  readonly json?: boolean;
  /** --include-data: a values-mode workbook keeps a copy of the data (other modes always do: their formulas read it). */
  readonly includeData?: boolean;
  /** --pdf: also print the workbook to a PDF beside it, through LibreOffice. */
  readonly pdf?: boolean;
  /** --paper: the paper the scorecard prints on (default: the locale's). */
  readonly paper?: Paper;
  /** --engine: who computes the statistics: DuckDB (the rows never enter JavaScript), JavaScript, or auto (DuckDB for Parquet and big CSVs). */
  readonly engine?: Engine;
  /** --data none: a workbook without a copy of the data (its formulas read the statistics table). */
  readonly data?: "none" | "copy";
  /** --sql: print the statistics query instead of building; --dialect and --table say for which warehouse and table. */
  readonly sql?: boolean;
  readonly dialect?: Dialect;
  readonly table?: string;
  /** --stats FILE: build from the query's result (CSV or Parquet) instead of the rows. */
  readonly stats?: string;
}

export type Engine = "duckdb" | "js" | "auto";
export const ENGINES: readonly Engine[] = ["auto", "duckdb", "js"];

export type ParsedArgs = { readonly kind: "help" } | { readonly kind: "version" } | { readonly kind: "run"; readonly options: CliOptions };

const MODES: readonly FormulaMode[] = ["portable", "live", "values"];
const GRAINS: readonly TrendGrain[] = ["month", "quarter"];

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number flag as written: its value ("80%" is 0.8) and whether it was a percentage. */
export function readNumberFlag(flag: string, text: string): { readonly value: number; readonly percent: boolean } {
  const t = text.trim();
  const percent = t.endsWith("%");
  const body = percent ? t.slice(0, -1).trim() : t;
  if (!DECIMAL.test(body)) throw new InputError(`--${flag} "${text}" is not a number`);
  const n = Number(body);
  if (!Number.isFinite(n)) throw new InputError(`--${flag} "${text}" is not a number`);
  return { value: percent ? n / 100 : n, percent };
}

/** A number flag: plain decimal, or a percentage ("80%" is 0.8). */
export function parseNumberFlag(flag: string, text: string): number {
  return readNumberFlag(flag, text).value;
}

/** `--target NPS=60`, `--target csat=85%`, `--target NPS=65@2027-06-30`. */
export function parseTarget(text: string): TargetFlag {
  const theme = themeFlagTarget("target", text);
  if (theme) {
    const { value, percent } = readNumberFlag("target", theme.value);
    return { kpi: theme.kpi, value, written: `--target ${text.trim()}`, ...(percent ? { percent } : {}) };
  }
  const m = /^\s*([A-Za-z.]+)\s*=\s*([^@]+?)\s*(?:@\s*(\d{4}-\d{2}-\d{2}))?\s*$/.exec(text);
  if (!m) throw new InputError(`--target "${text}" is not KPI=VALUE (for example --target NPS=60 or --target CSAT=85% or --target NPS=65@2027-06-30)`);
  const meta = kpiMeta(m[1].replace(/^KPI\./i, ""));
  if (!meta) throw new InputError(`--target "${text}": unknown KPI "${m[1]}" (use one of ${KPIS.map((k) => k.id).join(", ")})`);
  const { value, percent } = readNumberFlag("target", m[2]);
  return { kpi: meta.id, value, ...(m[3] ? { date: m[3] } : {}), written: `--target ${text.trim()}`, ...(percent ? { percent } : {}) };
}

/** "Theme: Wait time=10%" as the id of the theme's row (THEME:Wait time, resolved against the themes later) and the value's text. */
function themeFlagTarget(flag: string, text: string): { kpi: string; value: string } | null {
  const m = /^\s*theme\s*:\s*(.*?)\s*=\s*([^=]*?)\s*$/i.exec(text);
  if (!m) return null;
  if (m[1] === "") throw new InputError(`--${flag} "${text}": name the theme (for example --${flag} "Theme: Wait time=10%")`);
  return { kpi: `THEME:${m[1]}`, value: m[2] };
}

/**
 * `--theme "Wait time=wait,queue,on hold"`: a theme's name and its words (separated by commas or
 * semicolons), a complaint (lower is better). `--praise "Staff=friendly,helpful"`: the same for
 * praise, whose higher share is better (its bands, marks and driver performance turn round).
 */
export function parseThemeFlag(text: string, flag: "theme" | "praise" = "theme"): NamedThemeSpec {
  const at = text.indexOf("=");
  const example = flag === "theme" ? "Wait time=wait,queue,on hold" : "Staff=friendly,helpful";
  if (at < 0) throw new InputError(`--${flag} "${text}" is not NAME=WORDS (for example --${flag} "${example}")`);
  const name = text.slice(0, at).trim();
  if (name === "") throw new InputError(`--${flag} "${text}": name the theme before "="`);
  if (name.length > MAX_THEME_NAME) throw new InputError(`--${flag} "${text}": a theme's name takes at most ${MAX_THEME_NAME} characters`);
  const words = text.slice(at + 1).split(/[,;]/).map((w) => w.trim()).filter((w) => w !== "");
  const problem = themeWordsProblem(name, words);
  if (problem) throw new InputError(`--${flag}: ${problem}`);
  return flag === "praise" ? { name, words, direction: "higher" } : { name, words };
}

/** `--cpi-weight NPS=2`, `--cpi-weight churn=0` (0 leaves the KPI out of the index). */
export function parseCpiWeight(text: string): { kpi: string; weight: number } {
  const m = /^\s*([A-Za-z.]+)\s*=\s*(.+?)\s*$/.exec(text);
  if (!m) throw new InputError(`--cpi-weight "${text}" is not KPI=WEIGHT (for example --cpi-weight NPS=2)`);
  const meta = kpiMeta(m[1].replace(/^KPI\./i, ""));
  if (!meta) throw new InputError(`--cpi-weight "${text}": unknown KPI "${m[1]}" (use one of ${KPIS.map((k) => k.id).join(", ")})`);
  const weight = parseNumberFlag("cpi-weight", m[2]);
  if (weight < 0) throw new InputError(`--cpi-weight "${text}": a weight cannot be negative (0 leaves ${meta.id} out of the index)`);
  return { kpi: meta.id, weight };
}

/**
 * `--min-difference NPS=5` (points), `--min-difference CSAT=3%` (a share: 3% or 0.03): the
 * smallest difference worth a mark, in the KPI's unit.
 */
export function parseMinDifference(text: string): { kpi: string; value: number } {
  const theme = themeFlagTarget("min-difference", text);
  if (theme) {
    const { value, percent } = readNumberFlag("min-difference", theme.value);
    if (!percent && value >= 1) throw new InputError(`--min-difference "${text}": a theme is a share, so its differences are fractions: write ${value / 100} or ${value}%`);
    if (value < 0) throw new InputError(`--min-difference "${text}": a difference worth a mark cannot be negative (0 marks every difference that holds)`);
    return { kpi: theme.kpi, value };
  }
  const m = /^\s*([A-Za-z.]+)\s*=\s*(.+?)\s*$/.exec(text);
  if (!m) throw new InputError(`--min-difference "${text}" is not KPI=DIFFERENCE (for example --min-difference NPS=5 or --min-difference CSAT=3%)`);
  const meta = kpiMeta(m[1].replace(/^KPI\./i, ""));
  if (!meta) throw new InputError(`--min-difference "${text}": unknown KPI "${m[1]}" (use one of ${KPIS.map((k) => k.id).join(", ")})`);
  const { value, percent } = readNumberFlag("min-difference", m[2]);
  if (value < 0) throw new InputError(`--min-difference "${text}": a difference worth a mark cannot be negative (0 marks every difference that holds)`);
  if (meta.unit === "fraction" && !percent && value >= 1) {
    throw new InputError(`--min-difference "${text}": ${meta.id} is a share, so its differences are fractions: write ${value / 100} or ${value}%`);
  }
  if (meta.unit !== "fraction" && percent) throw new InputError(`--min-difference "${text}": ${meta.id} is no share: write the difference in its unit, without %`);
  return { kpi: meta.id, value };
}

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  const options = {
    output: { type: "string", short: "o" },
    force: { type: "boolean", short: "f" },
    sheet: { type: "string" },
    range: { type: "string" },
    spec: { type: "string" },
    title: { type: "string" },
    mode: { type: "string" },
    trend: { type: "string" },
    "min-n": { type: "string" },
    "fdr-q": { type: "string" },
    target: { type: "string", multiple: true },
    "cpi-weight": { type: "string", multiple: true },
    "min-difference": { type: "string", multiple: true },
    ignore: { type: "string", multiple: true },
    quiet: { type: "boolean", short: "q" },
    "date-format": { type: "string" },
    decimal: { type: "string" },
    paper: { type: "string" },
    pdf: { type: "boolean" },
    "include-data": { type: "boolean" },
    json: { type: "boolean" },
    themes: { type: "boolean" },
    engine: { type: "string" },
    data: { type: "string" },
    sql: { type: "boolean" },
    dialect: { type: "string" },
    table: { type: "string" },
    stats: { type: "string" },
    theme: { type: "string", multiple: true },
    praise: { type: "string", multiple: true },
    drivers: { type: "string", multiple: true },
    outcome: { type: "string" },
    help: { type: "boolean", short: "h" },
    version: { type: "boolean", short: "v" },
  } as const;
  const roleOptions = Object.fromEntries(ROLE_FLAGS.map((r) => [r.role, { type: "string", multiple: true }])) as Record<
    ColumnRole,
    { type: "string"; multiple: true }
  >;
  const aggregateOptions = Object.fromEntries(AGGREGATE_INPUTS.map((a) => [a.flag, { type: "string", multiple: true }])) as Record<
    string,
    { type: "string"; multiple: true }
  >;

  // A negative number after a flag that takes a value is that value ("--customers-start -5"),
  // not an option: parseArgs would call it ambiguous.
  const valued = new Set([
    ...Object.entries(options).filter(([, o]) => o.type === "string").map(([name]) => `--${name}`),
    ...Object.keys(roleOptions).map((name) => `--${name}`),
    ...Object.keys(aggregateOptions).map((name) => `--${name}`),
  ]);
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (valued.has(argv[i]) && next !== undefined && /^-\d|^-\.\d/.test(next)) {
      args.push(`${argv[i]}=${next}`);
      i++;
    } else {
      args.push(argv[i]);
    }
  }

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: { ...options, ...roleOptions, ...aggregateOptions },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new InputError(`${message.replace(/\. To specify a positional argument.*$/, "")} (see --help)`);
  }
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const str = (name: string): string | undefined => {
    const x = v[name];
    if (x === undefined) return undefined;
    if (typeof x !== "string") throw new InputError(`--${name} needs a value`);
    if (x.trim() === "") throw new InputError(`--${name} needs a value`);
    return x;
  };
  const list = (name: string): string[] => {
    const x = v[name];
    if (x === undefined) return [];
    const values = Array.isArray(x) ? x : [String(x)];
    for (const item of values) if (item.trim() === "") throw new InputError(`--${name} needs a value`);
    return values;
  };

  if (v.help === true) return { kind: "help" };
  if (v.version === true) return { kind: "version" };

  if (parsed.positionals.length > 1) {
    throw new InputError(`one input file at a time, got ${parsed.positionals.length}: ${parsed.positionals.join(", ")} (see --help)`);
  }

  const mode = str("mode");
  if (mode !== undefined && !MODES.includes(mode as FormulaMode)) throw new InputError(`--mode "${mode}" is not known: use portable, live or values`);
  const trend = str("trend");
  if (trend !== undefined && !GRAINS.includes(trend as TrendGrain)) throw new InputError(`--trend "${trend}" is not known: use month or quarter`);
  const minNText = str("min-n");
  const minN = minNText === undefined ? undefined : Number(minNText);
  if (minN !== undefined && !(/^\d+$/.test(minNText ?? "") && Number.isSafeInteger(minN))) throw new InputError(`--min-n "${minNText}" is not a whole number of 0 or more`);
  const fdrQText = str("fdr-q");
  const fdrQ = fdrQText === undefined ? undefined : Number(fdrQText);
  if (fdrQ !== undefined && !(/^0?\.\d+$/.test(fdrQText ?? "") && fdrQ > 0 && fdrQ < 1)) throw new InputError(`--fdr-q "${fdrQText}" is not a fraction strictly between 0 and 1 (such as 0.05)`);

  const roles = new Map<ColumnRole, string[]>();
  for (const r of ROLE_FLAGS) {
    const cols = list(r.role);
    if (cols.length === 0) continue;
    if (!r.repeatable && cols.length > 1) throw new InputError(`--${r.role} is given ${cols.length} times: give one column (only --engagement, --impact and --cx repeat)`);
    roles.set(r.role, cols);
  }

  const aggregates: Partial<Record<AggregateInput, number>> = {};
  for (const a of AGGREGATE_INPUTS) {
    const values = list(a.flag);
    if (values.length === 0) continue;
    if (values.length > 1) throw new InputError(`--${a.flag} is given ${values.length} times: give it once`);
    aggregates[a.key] = parseNumberFlag(a.flag, values[0]);
  }

  const targets = list("target").map(parseTarget);
  const flagged = (["theme", "praise"] as const).flatMap((flag) => list(flag).map((text) => ({ flag, theme: parseThemeFlag(text, flag) })));
  for (const [k, { flag, theme: t }] of flagged.entries()) {
    const other = flagged.slice(0, k).find((o) => o.theme.name.toLowerCase() === t.name.toLowerCase());
    if (other?.flag === flag) throw new InputError(`--${flag} "${t.name}" is given twice: give each theme once, with all its words`);
    if (other) throw new InputError(`"${t.name}" is given as --theme and as --praise: a theme is a complaint or praise, give it once`);
  }
  const namedThemes = flagged.map((f) => f.theme);
  // --drivers A,B --drivers C: one list; "auto" and "none" stand alone.
  const drivers = list("drivers").flatMap((x) => x.split(",").map((d) => d.trim())).filter((d) => d !== "");
  const word = drivers.find((d) => /^(auto|none)$/i.test(d));
  if (word !== undefined && drivers.length > 1) throw new InputError(`--drivers ${word} stands alone: give it, or columns, not both`);
  if (str("outcome") !== undefined && drivers.length === 0) throw new InputError("--outcome needs --drivers (columns, or auto)");
  const decimal = str("decimal");
  if (decimal !== undefined && decimal !== "comma" && decimal !== "point") throw new InputError(`--decimal "${decimal}" is not known: use comma or point`);
  const dateFormatText = str("date-format");
  const dateFormat = dateFormatText === undefined ? undefined : parseDateFormat(dateFormatText);
  if (dateFormatText !== undefined && dateFormat === undefined) {
    throw new InputError(`--date-format "${dateFormatText}" is not known: use DD/MM/YYYY or MM/DD/YYYY`);
  }
  const paper = str("paper")?.toLowerCase();
  if (paper !== undefined && paper !== "a4" && paper !== "letter") throw new InputError(`--paper "${str("paper")}" is not known: use a4 or letter`);
  const engine = str("engine");
  if (engine !== undefined && !ENGINES.includes(engine as Engine)) throw new InputError(`--engine "${engine}" is not known: use auto, duckdb or js`);
  const data = str("data");
  if (data !== undefined && data !== "none" && data !== "copy") throw new InputError(`--data "${data}" is not known: use none (no copy of the data in the workbook) or copy`);
  const dialect = str("dialect");
  if (dialect !== undefined && !DIALECTS.includes(dialect as Dialect)) throw new InputError(`--dialect "${dialect}" is not known: use duckdb, bigquery or spark`);
  if (v.sql !== true && (dialect !== undefined || str("table") !== undefined)) throw new InputError(`--${dialect !== undefined ? "dialect" : "table"} goes with --sql (it says for which warehouse the query is printed)`);
  if (v.sql === true && str("stats") !== undefined) throw new InputError("--sql prints the query and --stats builds from its result: give one of them");
  const output = str("output");
  const input = parsed.positionals[0];
  return {
    kind: "run",
    options: {
      ...(input !== undefined ? { input } : {}),
      ...(output !== undefined ? { output } : {}),
      force: v.force === true,
      pdf: v.pdf === true,
      ...(v["include-data"] === true ? { includeData: true } : {}),
      ...(v.json === true ? { json: true } : {}),
      ...(v.themes === true ? { themes: true } : {}),
      ...(namedThemes.length > 0 ? { namedThemes } : {}),
      ...(drivers.length > 0 ? { drivers } : {}),
      ...(str("outcome") !== undefined ? { outcome: str("outcome") } : {}),
      ...(paper !== undefined ? { paper } : {}),
      ...(str("sheet") !== undefined ? { sheet: str("sheet") } : {}),
      ...(str("range") !== undefined ? { range: str("range") } : {}),
      ...(str("spec") !== undefined ? { spec: str("spec") } : {}),
      ...(str("title") !== undefined ? { title: str("title") } : {}),
      ...(mode !== undefined ? { mode: mode as FormulaMode } : {}),
      ...(trend !== undefined ? { trend: trend as TrendGrain } : {}),
      ...(minN !== undefined ? { minN } : {}),
      ...(fdrQ !== undefined ? { fdrQ } : {}),
      roles,
      ignore: list("ignore"),
      aggregates,
      targets,
      cpiWeights: list("cpi-weight").map(parseCpiWeight),
      minDifferences: list("min-difference").map(parseMinDifference),
      quiet: v.quiet === true,
      ...(dateFormat !== undefined ? { dateFormat } : {}),
      ...(decimal !== undefined ? { decimal } : {}),
      ...(engine !== undefined ? { engine: engine as Engine } : {}),
      ...(data !== undefined ? { data: data as "none" | "copy" } : {}),
      ...(v.sql === true ? { sql: true } : {}),
      ...(dialect !== undefined ? { dialect: dialect as Dialect } : {}),
      ...(str("table") !== undefined ? { table: str("table") } : {}),
      ...(str("stats") !== undefined ? { stats: str("stats") } : {}),
    },
  };
}

/** The --help text, built from the same lists the parser reads (roles, aggregate inputs, KPIs). */
export function helpText(version: string): string {
  const pad = (s: string, n: number) => (s.length >= n ? `${s} ` : s + " ".repeat(n - s.length));
  const lines = [
    `kpi-scorecard ${version}: a banded customer KPI scorecard (.xlsx) from a survey export, without Excel`,
    "",
    "Usage:",
    "  kpi-scorecard [data.csv|data.xlsx] [options] [-o scorecard.xlsx]",
    "  kpi-scorecard                      build the bundled example (examples/) into ./kpi-scorecard.xlsx",
    "  kpi-scorecard clv LOG -o clv.xlsx  predictive customer lifetime value from a transaction log (clv --help)",
    "",
    "Input:",
    "  data.csv                  delimiter , ; TAB or | (detected), quoted fields, UTF-8 with or without BOM",
    "  data.xlsx                 one sheet of a workbook; the first row (of --range) is the header",
    `  ${pad("--sheet NAME", 26)}sheet to read (name or 1-based position; default the first)`,
    `  ${pad("--range A1:H500", 26)}range to read, header row included (default the used area)`,
    `  ${pad("--pdf", 26)}also write the PDF of the workbook beside it (needs LibreOffice)`,
    `  ${pad("--paper a4|letter", 26)}paper to print on (default: your locale's; Letter in the US and Canada)`,
    `  ${pad("--decimal comma|point", 26)}decimal separator of a CSV (default comma when the delimiter is ; TAB or |)`,
    `  ${pad("--date-format FORM", 26)}DD/MM/YYYY or MM/DD/YYYY for slashed dates (default: decided from each whole column)`,
    "",
    "Data beyond a sheet (data.parquet, CSVs of any size, warehouses):",
    `  ${pad("data.parquet", 26)}a Parquet file, read by DuckDB (the optional @duckdb/node-api package)`,
    `  ${pad("--engine auto|duckdb|js", 26)}who computes the statistics: DuckDB from the file (the rows never enter JavaScript),`,
    `  ${pad("", 26)}or JavaScript; auto (default) takes DuckDB for Parquet and CSVs over 32 MB`,
    `  ${pad("--data none", 26)}no copy of the data in the workbook: its formulas read the statistics table (always so with DuckDB)`,
    `  ${pad("--sql", 26)}print the one query that computes the statistics, for a warehouse, instead of building`,
    `  ${pad("--dialect NAME", 26)}duckdb (default), bigquery or spark, with --sql`,
    `  ${pad("--table NAME", 26)}the table the query reads (default: the file, as DuckDB reads it), with --sql`,
    `  ${pad("--stats FILE", 26)}build from the query's result (CSV or Parquet), with the same data file or --spec for the columns`,
    "",
    "Columns (COL is a header name or a column letter; detection proposes the rest):",
    ...ROLE_FLAGS.map((r) => `  ${pad(`--${r.role} COL`, 26)}${r.help}`),
    `  ${pad("--ignore COL", 26)}leave a detected column out (repeatable)`,
    "",
    "Aggregate inputs (numbers; a share may be written 0.25 or 25%):",
    ...AGGREGATE_INPUTS.map((a) => `  ${pad(`--${a.flag} N`, 26)}${a.label}`),
    "",
    "Scorecard:",
    `  ${pad("--spec FILE", 26)}a scorecard spec (JSON, as the task pane stores it); flags override it`,
    `  ${pad("--target KPI=VALUE", 26)}a target (repeatable): --target NPS=60, --target CSAT=85%, --target NPS=65@2027-06-30`,
    `  ${pad("--cpi-weight KPI=W", 26)}a KPI's weight in the Customer Performance Index (repeatable; default 1, 0 leaves it out)`,
    `  ${pad("--min-difference KPI=D", 26)}the smallest difference worth a ▲/▼, in the KPI's unit (repeatable; default 0): NPS=5, CSAT=3%`,
    `  ${pad("--title TEXT", 26)}title of the scorecard sheet`,
    `  ${pad("--mode MODE", 26)}portable (default: native Excel formulas with cached values, no add-in needed),`,
    `  ${pad("", 26)}live (=KPI.* formulas of the add-in, with cached values) or values (a snapshot,`,
    `  ${pad("", 26)}without a copy of the data)`,
    `  ${pad("--include-data", 26)}values mode: keep a copy of the data in a hidden sheet (the other modes always do)`,
    `  ${pad("--trend GRAIN", 26)}month (default) or quarter`,
    `  ${pad("--min-n N", 26)}fewest answers a value is banded on (default 30); below it the value is shown in grey`,
    `  ${pad("--fdr-q Q", 26)}false discovery rate of the marked differences, Benjamini-Hochberg (default 0.05)`,
    `  ${pad("--themes", 26)}add "What detractors say": words and phrases of detractors' comments against promoters' (needs a comment and an NPS column)`,
    `  ${pad("--theme NAME=WORDS", 26)}a theme's share of the comments, per segment and period (repeatable; whole words, separated by commas):`,
    `  ${pad("", 26)}--theme "Wait time=wait,queue,on hold"; its target: --target "Theme: Wait time=10%" (no bands without one);`,
    `  ${pad("", 26)}a complaint: a lower share is better`,
    `  ${pad("--praise NAME=WORDS", 26)}a theme of praise, as --theme but a higher share is better: --praise "Staff=friendly,helpful"`,
    `  ${pad("--drivers COL,...|auto", 26)}add "What moves NPS": each driver column's share of the outcome's R² (Shapley values), its interval,`,
    `  ${pad("", 26)}its own performance and an importance x performance chart; auto: the survey scores detected (none: no block);`,
    `  ${pad("", 26)}"Theme: NAME" among them: a --theme's or --praise's 0/1 flag per comment (auto takes every one; rows without a comment left out)`,
    `  ${pad("--outcome COL", 26)}the outcome the drivers explain (default: the NPS column, else the CSAT column)`,
    "",
    "Output:",
    `  ${pad("-o, --output FILE", 26)}the .xlsx to write (default ./kpi-scorecard.xlsx)`,
    `  ${pad("-f, --force", 26)}overwrite FILE if it exists (never done without it)`,
    `  ${pad("--json", 26)}the summary as JSON on standard output instead of text (KPIs, differences that hold, columns, notes)`,
    `  ${pad("-q, --quiet", 26)}no progress bar`,
    `  ${pad("-h, --help", 26)}this text`,
    `  ${pad("-v, --version", 26)}the version`,
    "",
    `KPIs: ${KPIS.map((k) => k.id).join(", ")}.`,
    "The summary (KPI, value, band, n) goes to standard output; colours only on a terminal without NO_COLOR.",
    "Exit codes: 0 built, 2 bad input (one line on standard error), 1 unexpected failure.",
  ];
  return lines.join("\n") + "\n";
}
