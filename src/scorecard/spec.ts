/**
 * Reading a ScorecardSpec from untrusted JSON (the CLI's --spec file, the copy stored in a
 * workbook): every field checked, one readable error for the first problem.
 */
import { errors, isKpiError, kpiMeta, type Result, THEME_WORDS, themeWords, wordsText } from "../kpi";
import { isValidSheetName, parseAddress } from "./a1";
import { MAX_SHEET_COLUMNS, MAX_SHEET_ROWS } from "./excelLimits";
import {
  type AggregateInput, COLUMN_ROLES, type ColumnMapping, type ColumnRole, type DriversSpec, type FormulaMode, type KpiSettings,
  type NamedThemeSpec, type ScorecardSpec, type TrendGrain,
} from "./types";

export const AGGREGATE_INPUTS: readonly { key: AggregateInput; label: string; flag: string }[] = [
  { key: "customersStart", label: "Customers at start", flag: "customers-start" },
  { key: "customersLost", label: "Customers lost", flag: "customers-lost" },
  { key: "customersEnd", label: "Customers at end", flag: "customers-end" },
  { key: "newCustomers", label: "New customers", flag: "new-customers" },
  { key: "avgPurchaseValue", label: "Average purchase value", flag: "avg-purchase-value" },
  { key: "purchasesPerYear", label: "Purchases per year", flag: "purchases-per-year" },
  { key: "lifespanYears", label: "Customer lifespan (years)", flag: "lifespan-years" },
  { key: "margin", label: "Profit margin (fraction)", flag: "margin" },
  { key: "marginPerPeriod", label: "Margin per customer per period", flag: "margin-per-period" },
  { key: "retentionRate", label: "Retention rate per period (fraction)", flag: "retention-rate" },
  { key: "discountRate", label: "Discount rate per period (fraction)", flag: "discount-rate" },
  { key: "acquisitionCost", label: "Acquisition cost", flag: "acquisition-cost" },
  { key: "interactions", label: "Customer interactions", flag: "interactions" },
  { key: "innovationProjects", label: "Innovation projects", flag: "innovation-projects" },
  { key: "customers", label: "Customers (for revenue per customer)", flag: "customers" },
];

const MODES: readonly FormulaMode[] = ["live", "portable", "values"];
const GRAINS: readonly TrendGrain[] = ["month", "quarter"];
const SETTING_KEYS = ["target", "baseline", "benchmark", "green", "amber", "scaleMax", "cpiWeight", "cpiWorst", "cpiBest", "minDifference"] as const;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function bad(message: string) {
  return errors.invalid(`spec: ${message}`);
}

function finiteNumber(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

export function parseSpec(json: unknown): Result<ScorecardSpec> {
  if (!isRecord(json)) return bad("expected a JSON object");
  if (json.version !== 1) return bad(`version must be 1, got ${JSON.stringify(json.version)}`);
  const source = json.source;
  if (!isRecord(source) || typeof source.sheet !== "string" || typeof source.address !== "string") {
    return bad('source must be { "sheet": "...", "address": "A1:H100" }');
  }
  if (!isValidSheetName(source.sheet)) return bad(`source.sheet "${source.sheet}" is not a valid sheet name`);
  const range = parseAddress(source.address);
  if (!range) return bad(`source.address "${source.address}" is not an A1 range`);
  // A stored spec is untrusted: a column or row past Excel's sheet would make the pane allocate for it.
  if (range.col + range.cols > MAX_SHEET_COLUMNS || range.row + range.rows > MAX_SHEET_ROWS) {
    return bad(`source.address "${source.address}" goes past the last cell of a sheet (XFD${MAX_SHEET_ROWS})`);
  }
  if (source.table !== undefined && typeof source.table !== "string") return bad("source.table must be text");

  if (!Array.isArray(json.columns)) return bad("columns must be a list");
  if (json.columns.length > MAX_SHEET_COLUMNS) return bad(`columns lists ${json.columns.length} columns, more than a sheet has (${MAX_SHEET_COLUMNS})`);
  const columns: ColumnMapping[] = [];
  for (const [k, c] of json.columns.entries()) {
    if (!isRecord(c)) return bad(`columns[${k}] must be an object`);
    if (!Number.isInteger(c.index) || (c.index as number) < 0 || (c.index as number) >= MAX_SHEET_COLUMNS) {
      return bad(`columns[${k}].index must be a whole number from 0 to ${MAX_SHEET_COLUMNS - 1} (a sheet has ${MAX_SHEET_COLUMNS} columns)`);
    }
    if (typeof c.header !== "string") return bad(`columns[${k}].header must be text`);
    if (!COLUMN_ROLES.includes(c.role as ColumnRole)) return bad(`columns[${k}].role must be one of ${COLUMN_ROLES.join(", ")}`);
    if (c.weight !== undefined && !(finiteNumber(c.weight) && c.weight >= 0)) return bad(`columns[${k}].weight must be a number >= 0`);
    columns.push({ index: c.index as number, header: c.header, role: c.role as ColumnRole, ...(c.weight !== undefined ? { weight: c.weight as number } : {}) });
  }

  const aggregates: Partial<Record<AggregateInput, number>> = {};
  if (json.aggregates !== undefined) {
    if (!isRecord(json.aggregates)) return bad("aggregates must be an object");
    for (const [key, value] of Object.entries(json.aggregates)) {
      if (!AGGREGATE_INPUTS.some((a) => a.key === key)) return bad(`aggregates.${key} is not known: use ${AGGREGATE_INPUTS.map((a) => a.key).join(", ")}`);
      if (!finiteNumber(value)) return bad(`aggregates.${key} must be a number`);
      aggregates[key as AggregateInput] = value;
    }
  }

  const kpis: Record<string, KpiSettings> = {};
  if (json.kpis !== undefined) {
    if (!isRecord(json.kpis)) return bad("kpis must be an object keyed by KPI name");
    for (const [id, settings] of Object.entries(json.kpis)) {
      const meta = kpiMeta(id);
      if (!meta) return bad(`kpis.${id} is not a known KPI`);
      if (!isRecord(settings)) return bad(`kpis.${id} must be an object`);
      const out: { -readonly [K in keyof KpiSettings]: KpiSettings[K] } = {};
      for (const key of SETTING_KEYS) {
        const v = settings[key];
        if (v === undefined || v === null) continue;
        if (typeof v === "string" && /%\s*$/.test(v)) {
          const typed = Number(v.replace(/%\s*$/, ""));
          const hint = !Number.isFinite(typed) ? "" : meta.unit === "fraction" ? `: ${typed / 100} (a share as a fraction)` : `: ${typed} (${meta.id} takes no percentage)`;
          return bad(`kpis.${id}.${key} "${v}" is text: write a number${hint}`);
        }
        if (!finiteNumber(v)) return bad(`kpis.${id}.${key} must be a number`);
        if (key === "cpiWeight" && v < 0) return bad(`kpis.${id}.cpiWeight must be 0 or more`);
        if (key === "minDifference" && v < 0) return bad(`kpis.${id}.minDifference must be 0 or more (a difference in ${meta.id}'s unit)`);
        out[key] = v;
      }
      if (settings.targetDate !== undefined && settings.targetDate !== null) {
        if (typeof settings.targetDate !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(settings.targetDate)) {
          return bad(`kpis.${id}.targetDate must be a date like 2027-06-30`);
        }
        out.targetDate = settings.targetDate;
      }
      kpis[meta.id] = out;
    }
  }

  const mode = json.mode ?? "portable";
  if (!MODES.includes(mode as FormulaMode)) return bad(`mode must be one of ${MODES.join(", ")}`);
  const trend = json.trend ?? "month";
  if (!GRAINS.includes(trend as TrendGrain)) return bad(`trend must be "month" or "quarter"`);
  if (json.title !== undefined && typeof json.title !== "string") return bad("title must be text");
  const minN = json.minN;
  if (minN !== undefined && !(finiteNumber(minN) && Number.isInteger(minN) && minN >= 0)) return bad("minN must be a whole number of 0 or more");
  const themes = json.themes;
  if (themes !== undefined && typeof themes !== "boolean") return bad("themes must be true or false");
  const namedThemes = json.namedThemes === undefined ? [] : parseNamedThemes(json.namedThemes);
  if (isKpiError(namedThemes)) return namedThemes;
  const drivers = json.drivers === undefined ? undefined : parseDrivers(json.drivers);
  if (isKpiError(drivers)) return drivers;
  const unnamed = unnamedDriverTheme(drivers, namedThemes);
  if (unnamed) return bad(unnamed);
  const fdrQ = json.fdrQ;
  if (fdrQ !== undefined && !(finiteNumber(fdrQ) && fdrQ > 0 && fdrQ < 1)) return bad("fdrQ must be a fraction strictly between 0 and 1 (0.05)");

  const spec: ScorecardSpec = {
    version: 1,
    ...(typeof json.title === "string" ? { title: json.title } : {}),
    source: { sheet: source.sheet, address: source.address, ...(typeof source.table === "string" ? { table: source.table } : {}) },
    columns,
    aggregates,
    kpis,
    mode: mode as FormulaMode,
    trend: trend as TrendGrain,
    ...(minN !== undefined ? { minN } : {}),
    ...(fdrQ !== undefined ? { fdrQ } : {}),
    ...(themes === true ? { themes } : {}),
    ...(namedThemes.length > 0 ? { namedThemes } : {}),
    ...(drivers !== undefined ? { drivers } : {}),
  };
  return spec;
}

/** Most themes a scorecard names (each is a KPI row and two statistics per group over the comments). */
export const MAX_THEMES = 12;
/** Longest theme name (characters). */
export const MAX_THEME_NAME = 60;
/** Longest text of a theme's words, as its cell holds them ("wait, queue, on hold"): a formula's text literal. */
export const MAX_THEME_TEXT = 255;

/**
 * The problem with one theme's words, or null: each a word or phrase with a letter or digit
 * (as mentions.ts folds it), no comma or semicolon inside (they separate words in the cell), at
 * most THEME_WORDS of them, at most MAX_THEME_TEXT characters together.
 */
export function themeWordsProblem(name: string, words: readonly string[]): string | null {
  if (words.length === 0) return `theme "${name}" needs at least one word`;
  if (words.length > THEME_WORDS) return `theme "${name}" has ${words.length} words; a theme takes at most ${THEME_WORDS}`;
  for (const w of words) {
    if (/[,;]/.test(w)) return `theme "${name}": "${w}" holds a comma or semicolon, which separate words: give it as separate words`;
    if (themeWords([w]).length !== 1) return `theme "${name}": "${w}" has no letter or digit to match`;
  }
  const text = wordsText(words);
  if (text.length > MAX_THEME_TEXT) return `theme "${name}": its words are ${text.length} characters together, more than ${MAX_THEME_TEXT}`;
  return null;
}

/** Reads the spec's namedThemes: a list of { name, words, direction?, target?, minDifference? }, names distinct. */
export function parseNamedThemes(json: unknown): Result<NamedThemeSpec[]> {
  if (!Array.isArray(json)) return bad("namedThemes must be a list of { \"name\": ..., \"words\": [...] }");
  if (json.length > MAX_THEMES) return bad(`namedThemes lists ${json.length} themes; a scorecard takes at most ${MAX_THEMES}`);
  const out: NamedThemeSpec[] = [];
  const seen = new Set<string>();
  for (const [k, t] of json.entries()) {
    const at = `namedThemes[${k}]`;
    if (!isRecord(t)) return bad(`${at} must be an object`);
    if (typeof t.name !== "string" || t.name.trim() === "") return bad(`${at}.name must be text`);
    const name = t.name.trim();
    if (name.length > MAX_THEME_NAME) return bad(`${at}.name is ${name.length} characters; at most ${MAX_THEME_NAME}`);
    if (seen.has(name.toLowerCase())) return bad(`${at}.name "${name}" names a theme twice`);
    seen.add(name.toLowerCase());
    if (!Array.isArray(t.words) || !t.words.every((w): w is string => typeof w === "string")) return bad(`${at}.words must be a list of texts`);
    const words = t.words.map((w) => w.trim()).filter((w) => w !== "");
    const problem = themeWordsProblem(name, words);
    if (problem) return bad(problem);
    if (t.direction !== undefined && t.direction !== "lower" && t.direction !== "higher") return bad(`${at}.direction must be "lower" (a complaint) or "higher" (praise)`);
    for (const key of ["target", "minDifference"] as const) {
      const v = t[key];
      if (v === undefined) continue;
      if (typeof v === "string" && /%\s*$/.test(v)) return bad(`${at}.${key} "${v}" is text: write a share as a fraction (${Number(v.replace(/%\s*$/, "")) / 100})`);
      if (!finiteNumber(v) || v < 0 || v > 1) return bad(`${at}.${key} must be a share from 0 to 1 (0.1 for 10 %)`);
    }
    out.push({
      name, words,
      ...(t.direction !== undefined ? { direction: t.direction as "lower" | "higher" } : {}),
      ...(t.target !== undefined ? { target: t.target as number } : {}),
      ...(t.minDifference !== undefined ? { minDifference: t.minDifference as number } : {}),
    });
  }
  return out;
}

const DRIVER_METHODS = ["shapley", "rw"] as const;

/** spec.drivers: an outcome column, driver columns (distinct, not the outcome) and an optional method. */
function parseDrivers(x: unknown): Result<DriversSpec> {
  const column = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < MAX_SHEET_COLUMNS;
  if (!isRecord(x)) return bad('drivers must be { "outcome": 3, "columns": [5, 6, 9], "method": "shapley" }');
  if (!column(x.outcome)) return bad(`drivers.outcome must be a column index from 0 to ${MAX_SHEET_COLUMNS - 1}`);
  if (!Array.isArray(x.columns) || !x.columns.every(column)) return bad(`drivers.columns must be a list of column indexes from 0 to ${MAX_SHEET_COLUMNS - 1}`);
  const columns = x.columns as number[];
  if (new Set(columns).size !== columns.length) return bad("drivers.columns lists a column twice");
  if (columns.includes(x.outcome as number)) return bad("drivers.columns lists the outcome column: an outcome cannot drive itself");
  if (x.method !== undefined && !DRIVER_METHODS.includes(x.method as "shapley")) return bad(`drivers.method must be ${DRIVER_METHODS.map((m) => `"${m}"`).join(" or ")}`);
  const themes = x.themes;
  if (themes !== undefined && !(Array.isArray(themes) && themes.every((t) => typeof t === "string"))) return bad("drivers.themes must be a list of theme names");
  if (themes !== undefined && new Set(themes.map((t: string) => t.toLowerCase())).size !== themes.length) return bad("drivers.themes lists a theme twice");
  return {
    outcome: x.outcome as number, columns,
    ...(themes !== undefined && themes.length > 0 ? { themes: themes as string[] } : {}),
    ...(x.method !== undefined ? { method: x.method as DriversSpec["method"] } : {}),
  };
}

/** A driver theme that the spec does not name, as a spec's problem; null when each is named. */
function unnamedDriverTheme(drivers: DriversSpec | undefined, themes: readonly NamedThemeSpec[]): string | null {
  for (const name of drivers?.themes ?? []) {
    if (!themes.some((t) => t.name === name)) return `drivers.themes names "${name}", which namedThemes does not (${themes.length > 0 ? themes.map((t) => `"${t.name}"`).join(", ") : "no theme is named"})`;
  }
  return null;
}

/** The JSON kept in the workbook: the spec and the sheet the add-in made from it. */
export interface StoredSpec {
  readonly spec: ScorecardSpec;
  readonly sheetName: string;
  readonly builtAt: string;
}

export function serializeStoredSpec(stored: StoredSpec): string {
  return JSON.stringify(stored);
}

export function parseStoredSpec(text: string): Result<StoredSpec> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return errors.invalid("the stored scorecard settings are not valid JSON");
  }
  if (!isRecord(json) || typeof json.sheetName !== "string" || typeof json.builtAt !== "string") {
    return errors.invalid("the stored scorecard settings are incomplete");
  }
  const spec = parseSpec(json.spec);
  if (isKpiError(spec)) return spec;
  return { spec, sheetName: json.sheetName, builtAt: json.builtAt };
}
