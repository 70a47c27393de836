/**
 * The pane's form as data: what the user typed and chose, and how it becomes a ScorecardSpec.
 * Pure: no React, no Office.js. Inputs stay text while the user types; they are read as
 * numbers here, with a message naming the field for anything unreadable.
 */
import { kpiMeta, THEME_ROLE, themeId, wordsText } from "../kpi";
import { columnLetter } from "../scorecard/a1";
import { MAX_SHEET_COLUMNS } from "../scorecard/excelLimits";
import { readTarget } from "../scorecard/inputs";
import { AGGREGATE_INPUTS, MAX_THEME_NAME, MAX_THEMES, themeWordsProblem } from "../scorecard/spec";
import { proposeDrivers, proposedOutcome } from "../scorecard/driverAnalysis";
import type { AggregateInput, ColumnMapping, ColumnRole, DriversSpec, FormulaMode, KpiSettings, NamedThemeSpec, ScorecardSpec, SourceRef, TrendGrain } from "../scorecard/types";

export interface KpiFields {
  readonly target: string;
  readonly targetDate: string;
  readonly baseline: string;
  readonly benchmark: string;
  readonly green: string;
  readonly amber: string;
  /** The KPI's weight, worst and best in the Customer Performance Index ("" = the defaults). */
  readonly cpiWeight: string;
  readonly cpiWorst: string;
  readonly cpiBest: string;
}

export const EMPTY_KPI_FIELDS: KpiFields = { target: "", targetDate: "", baseline: "", benchmark: "", green: "", amber: "", cpiWeight: "", cpiWorst: "", cpiBest: "" };

/** The fields that place a KPI in the CPI (not shown for the CPI itself). */
export const CPI_FIELDS: readonly (keyof KpiFields)[] = ["cpiWeight", "cpiWorst", "cpiBest"];

/** A theme as the user types it: its name, its words as one text ("wait, queue, on hold"), its target. */
export interface ThemeFields {
  readonly name: string;
  readonly words: string;
  /** A share of the comments, as typed ("10%", "0.1"); "" = no target, no bands. */
  readonly target: string;
  /** "higher" for praise (the pane's Praise box); absent or "lower" for a complaint. */
  readonly direction?: "lower" | "higher";
  readonly minDifference?: number;
}

export const EMPTY_THEME: ThemeFields = { name: "", words: "", target: "" };

export interface FormState {
  readonly title: string;
  /** The role of each source column, by 0-based index; null = not used. */
  readonly roles: readonly (ColumnRole | null)[];
  readonly aggregates: Readonly<Partial<Record<AggregateInput, string>>>;
  readonly kpis: Readonly<Record<string, KpiFields>>;
  readonly mode: FormulaMode;
  readonly trend: TrendGrain;
  /** Minimum n to band a value, as typed ("" = the default 30). */
  readonly minN: string;
  /** False discovery rate of the marked differences, as typed ("" = the default 0.05). */
  readonly fdrQ: string;
  /** Add the "What detractors say" block (verbatim themes of the comments). */
  readonly themes: boolean;
  /** Themes the user names: a KPI row each, the share of comments that mention them. */
  readonly namedThemes: readonly ThemeFields[];
  /** The "What moves NPS" block (key drivers). */
  readonly drivers: DriversForm;
}

/**
 * The drivers step: on or off, and the outcome and driver columns; null follows the proposal from
 * the columns' roles (proposeDrivers), until the user picks. `themes`: the named themes whose 0/1
 * flags drive too, by name (none until ticked: a theme leaves out the rows without a comment).
 */
export interface DriversForm {
  readonly on: boolean;
  readonly outcome: number | null;
  readonly columns: readonly number[] | null;
  readonly themes: readonly string[];
}

export const PROPOSED_DRIVERS: DriversForm = { on: true, outcome: null, columns: null, themes: [] };

export const EMPTY_FORM: FormState = { title: "", roles: [], aggregates: {}, kpis: {}, mode: "live", trend: "month", minN: "", fdrQ: "", themes: false, namedThemes: [], drivers: PROPOSED_DRIVERS };

/** The columns mapped by the form's roles. */
function mappedColumns(headers: readonly string[], roles: readonly (ColumnRole | null)[]): ColumnMapping[] {
  return roles.flatMap((role, index) => (role && index < headers.length ? [{ index, header: headers[index], role }] : []));
}

/** The outcome and drivers the form shows: the user's picks, else the proposal from the roles (undefined where there is none). */
export function driverChoice(headers: readonly string[], roles: readonly (ColumnRole | null)[], d: DriversForm): { outcome: number | undefined; columns: readonly number[] } {
  const mapped = mappedColumns(headers, roles);
  const proposal = proposeDrivers(mapped, d.outcome ?? undefined);
  // With fewer than two drivers proposed there is no proposal, but NPS (or CSAT) is still the outcome shown.
  const outcome = d.outcome ?? proposal?.outcome ?? proposedOutcome(mapped)?.index;
  const columns = (d.columns ?? proposal?.columns ?? []).filter((k) => k !== outcome && k < headers.length);
  return { outcome, columns };
}

/**
 * The themes that can drive: the names among `named` (the scorecard's themes) where a comment
 * column is mapped to read their flags from; none without one.
 */
export function driverThemeNames(roles: readonly (ColumnRole | null)[], named: readonly string[]): string[] {
  return roles.includes(THEME_ROLE) ? named.filter((name) => name.trim() !== "") : [];
}

/**
 * The spec's drivers from the form: null when off, without an outcome, or with fewer than two
 * drivers (columns and themes). A ticked theme counts where `named` (the scorecard's themes) holds it.
 */
export function driversOf(headers: readonly string[], roles: readonly (ColumnRole | null)[], d: DriversForm, named: readonly string[] = []): DriversSpec | null {
  if (!d.on) return null;
  const { outcome, columns } = driverChoice(headers, roles, d);
  const themes = driverThemeNames(roles, named).filter((name) => d.themes.includes(name));
  return outcome !== undefined && columns.length + themes.length >= 2
    ? { outcome, columns: [...columns].sort((a, b) => a - b), ...(themes.length > 0 ? { themes } : {}) }
    : null;
}

export const MIN_N_FIELD = "setting-min-n";
export const FDR_Q_FIELD = "setting-fdr-q";

export interface FieldProblem {
  /** Id of the input, as the pane renders it. */
  readonly field: string;
  readonly message: string;
}

export const ROLE_LABELS: Readonly<Record<ColumnRole, string>> = {
  nps: "NPS answers (0-10)",
  csat: "CSAT answers (1-5)",
  ces: "CES answers (1-7)",
  fcr: "Resolved first time (yes/no)",
  sentiment: "Comments (sentiment)",
  engagement: "Engagement actions (counts)",
  impact: "Customer impact metric",
  revenue: "Revenue",
  complaints: "Complaints (yes/no or a count)",
  cx: "Agreement question (1-5, CX index)",
  segment: "Segment",
  period: "Date (trend)",
};

export const MODE_LABELS: Readonly<Record<FormulaMode, string>> = {
  live: "Live: KPI formulas that recalculate as the data changes",
  portable: "Portable: native Excel formulas, for readers without the add-in",
  values: "Values: a snapshot of the numbers",
};

export const aggregateFieldId = (key: AggregateInput) => `aggregate-${key}`;
export const kpiFieldId = (id: string, field: keyof KpiFields) => `kpi-${id.replace(/\W/g, "-")}-${field}`;
export const columnFieldId = (index: number) => `column-${index}`;
export const themeFieldId = (k: number, field: "name" | "words" | "target") => `theme-${k}-${field}`;

/** "1,200", " 65 ", "80%" -> 1200, 65, 0.8; "" -> undefined; anything else -> null. */
export function readNumberText(text: string): number | undefined | null {
  const t = text.trim().replace(/[\s_]/g, "");
  if (t === "") return undefined;
  const percent = t.endsWith("%");
  const body = (percent ? t.slice(0, -1) : t).replace(/,(?=\d{3}(\D|$))/g, "");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(body)) return null;
  const n = Number(body);
  if (!Number.isFinite(n)) return null;
  return percent ? n / 100 : n;
}

/** "Column B: How likely..." */
export function columnLabel(source: SourceRef, index: number, header: string): string {
  const start = /^\$?([A-Za-z]+)/.exec(source.address)?.[1] ?? "A";
  let base = 0;
  for (const ch of start.toUpperCase()) base = base * 26 + (ch.charCodeAt(0) - 64);
  return `Column ${columnLetter(base - 1 + index)}: ${header}`;
}

/** The spec the form describes, or the problems that stop it. */
export function specFromForm(source: SourceRef, headers: readonly string[], form: FormState): { spec: ScorecardSpec; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const columns = mappedColumns(headers, form.roles);

  const aggregates: Partial<Record<AggregateInput, number>> = {};
  for (const { key, label } of AGGREGATE_INPUTS) {
    const n = readNumberText(form.aggregates[key] ?? "");
    if (n === null) problems.push({ field: aggregateFieldId(key), message: `${label} must be a number` });
    else if (n !== undefined) aggregates[key] = n;
  }

  const kpis: Record<string, KpiSettings> = {};
  for (const [id, fields] of Object.entries(form.kpis)) {
    const meta = kpiMeta(id);
    if (!meta) continue;
    const settings: { -readonly [K in keyof KpiSettings]: KpiSettings[K] } = {};
    for (const key of ["target", "baseline", "benchmark", "green", "amber", "cpiWeight", "cpiWorst", "cpiBest"] as const) {
      const n = readNumberText(fields[key] ?? "");
      if (n === null) problems.push({ field: kpiFieldId(id, key), message: `${meta.id} ${FIELD_NAMES[key]} must be a number` });
      else if (CPI_FIELDS.includes(key)) {
        // Plain numbers (a share as 14% or 0.14): a worst or best may lie off the KPI's scale (NPS -150).
        if (key === "cpiWeight" && n !== undefined && n < 0) problems.push({ field: kpiFieldId(id, key), message: `${meta.id} CPI weight cannot be negative (0 leaves it out)` });
        else if (n !== undefined) settings[key] = n;
      } else if (n !== undefined) {
        // In the KPI's unit, as the command line reads it: "80" for a share is 80 %.
        const read = readTarget(meta.id, n, fields[key].trim(), { percent: fields[key].trim().endsWith("%") });
        if ("problem" in read) problems.push({ field: kpiFieldId(id, key), message: `${meta.id} ${FIELD_NAMES[key]}: ${read.problem}` });
        else settings[key] = read.value;
      }
    }
    const date = fields.targetDate.trim();
    if (date !== "") {
      if (/^\d{4}-\d{2}-\d{2}$/.test(date)) settings.targetDate = date;
      else problems.push({ field: kpiFieldId(id, "targetDate"), message: `${meta.id} target date must be a date like 2027-06-30` });
    }
    if (Object.keys(settings).length > 0) kpis[meta.id] = settings;
  }

  const minN = readNumberText(form.minN);
  if (minN === null || (minN !== undefined && !(Number.isInteger(minN) && minN >= 0))) {
    problems.push({ field: MIN_N_FIELD, message: "Minimum n must be a whole number of 0 or more" });
  }
  const fdrQ = readNumberText(form.fdrQ);
  if (fdrQ === null || (fdrQ !== undefined && !(fdrQ > 0 && fdrQ < 1))) {
    problems.push({ field: FDR_Q_FIELD, message: "False discovery rate must be a fraction between 0 and 1, such as 0.05 or 5%" });
  }

  const namedThemes = themesFromForm(form.namedThemes, problems);
  const drivers = driversOf(headers, form.roles, form.drivers, namedThemes.map((t) => t.name));

  const title = form.title.trim();
  const spec: ScorecardSpec = {
    version: 1,
    ...(title ? { title } : {}),
    source,
    columns,
    aggregates,
    kpis,
    mode: form.mode,
    trend: form.trend,
    ...(typeof minN === "number" && Number.isInteger(minN) && minN >= 0 ? { minN } : {}),
    ...(typeof fdrQ === "number" && fdrQ > 0 && fdrQ < 1 ? { fdrQ } : {}),
    ...(form.themes ? { themes: true } : {}),
    ...(namedThemes.length > 0 ? { namedThemes } : {}),
    ...(drivers ? { drivers } : {}),
  };
  return { spec, problems };
}

/**
 * The themes of the form as the spec holds them, by the spec's rules (spec.ts): a name and at
 * least one word each, names distinct, words separated by commas or semicolons, a target a share
 * ("10%", or 10 read as 10 %, or 0.1). A theme left blank is skipped; a problem names its field.
 */
function themesFromForm(fields: readonly ThemeFields[], problems: FieldProblem[]): NamedThemeSpec[] {
  const out: NamedThemeSpec[] = [];
  const typed = fields.map((t, k) => ({ t, k })).filter(({ t }) => t.name.trim() !== "" || t.words.trim() !== "" || t.target.trim() !== "");
  if (typed.length > MAX_THEMES) problems.push({ field: themeFieldId(typed[MAX_THEMES].k, "name"), message: `A scorecard takes at most ${MAX_THEMES} themes` });
  for (const { t, k } of typed.slice(0, MAX_THEMES)) {
    const name = t.name.trim();
    if (name === "") {
      problems.push({ field: themeFieldId(k, "name"), message: `Theme ${k + 1} needs a name` });
      continue;
    }
    if (name.length > MAX_THEME_NAME) problems.push({ field: themeFieldId(k, "name"), message: `Theme "${name}": a name takes at most ${MAX_THEME_NAME} characters` });
    if (out.some((o) => o.name.toLowerCase() === name.toLowerCase())) problems.push({ field: themeFieldId(k, "name"), message: `Theme "${name}" is named twice` });
    const words = t.words.split(/[,;]/).map((w) => w.trim()).filter((w) => w !== "");
    const problem = themeWordsProblem(name, words);
    if (problem) problems.push({ field: themeFieldId(k, "words"), message: problem.charAt(0).toUpperCase() + problem.slice(1) });
    const target = readNumberText(t.target);
    // A share typed as 10 is 10 %, as the KPIs' shares read (inputs.ts, readTarget).
    const share = target === undefined || target === null ? target : t.target.trim().endsWith("%") || target <= 1 ? target : target / 100;
    if (share === null || (share !== undefined && !(share >= 0 && share <= 1))) {
      problems.push({ field: themeFieldId(k, "target"), message: `Theme "${name}" target must be a share of the comments, such as 10% or 0.1` });
    }
    out.push({
      name, words,
      ...(t.direction !== undefined ? { direction: t.direction } : {}),
      ...(typeof share === "number" && share >= 0 && share <= 1 ? { target: share } : {}),
      ...(t.minDifference !== undefined ? { minDifference: t.minDifference } : {}),
    });
  }
  return out;
}

/** A theme of the spec as the form shows it. */
export function themeFields(t: NamedThemeSpec): ThemeFields {
  return {
    name: t.name,
    words: wordsText(t.words),
    target: t.target === undefined ? "" : `${Number((t.target * 100).toPrecision(12))}%`,
    ...(t.direction !== undefined ? { direction: t.direction } : {}),
    ...(t.minDifference !== undefined ? { minDifference: t.minDifference } : {}),
  };
}

/** Whether a summary's KPI id is a theme's (its target is asked with the theme, not among the KPIs). */
export const isThemeId = (id: string): boolean => id.startsWith(themeId(""));

export const FIELD_NAMES: Readonly<Record<keyof KpiFields, string>> = {
  target: "target",
  targetDate: "target date",
  baseline: "baseline",
  benchmark: "benchmark",
  green: "green threshold",
  amber: "amber threshold",
  cpiWeight: "CPI weight",
  cpiWorst: "CPI worst (scores 0)",
  cpiBest: "CPI best (scores 100)",
};

const text = (n: number | undefined): string => (n === undefined ? "" : String(n));

/** A KPI setting as the user types it: shares as percentages ("80%"), anything else as is. */
export function typedText(id: string, n: number | undefined): string {
  if (n === undefined) return "";
  return kpiMeta(id)?.unit === "fraction" ? `${Number((n * 100).toPrecision(12))}%` : String(n);
}

/** The default a threshold field falls back to, in the unit the user types ("80%" for CSAT). */
export function thresholdPlaceholder(id: string, field: keyof KpiFields): string | undefined {
  const meta = kpiMeta(id);
  if (!meta || meta.bands.kind !== "fixed" || (field !== "green" && field !== "amber")) return undefined;
  return typedText(id, meta.bands[field]);
}

/** How the KPI's settings are typed, when that is not plain numbers. */
export function unitHint(id: string): string | undefined {
  return kpiMeta(id)?.unit === "fraction" ? "Type shares as percentages (85%, or 85) or fractions (0.85)." : undefined;
}

/** The form a stored spec describes, for a source with `columnCount` columns. */
export function formFromSpec(spec: ScorecardSpec, columnCount: number): FormState {
  // A stored spec comes from the workbook: never more roles than a sheet has columns.
  const width = Math.max(0, Math.min(columnCount, MAX_SHEET_COLUMNS));
  const roles: (ColumnRole | null)[] = new Array<ColumnRole | null>(width).fill(null);
  for (const c of spec.columns) if (c.index < width) roles[c.index] = c.role;
  const aggregates: Partial<Record<AggregateInput, string>> = {};
  for (const [key, value] of Object.entries(spec.aggregates) as [AggregateInput, number][]) aggregates[key] = String(value);
  const kpis: Record<string, KpiFields> = {};
  for (const [id, s] of Object.entries(spec.kpis)) {
    kpis[id] = {
      target: typedText(id, s.target),
      targetDate: s.targetDate ?? "",
      baseline: typedText(id, s.baseline),
      benchmark: typedText(id, s.benchmark),
      green: typedText(id, s.green),
      amber: typedText(id, s.amber),
      cpiWeight: text(s.cpiWeight),
      cpiWorst: typedText(id, s.cpiWorst),
      cpiBest: typedText(id, s.cpiBest),
    };
  }
  // A stored scorecard without the block was built without it: the step starts off.
  const drivers: DriversForm = spec.drivers
    ? { on: true, outcome: spec.drivers.outcome, columns: spec.drivers.columns, themes: spec.drivers.themes ?? [] }
    : { on: false, outcome: null, columns: null, themes: [] };
  return { title: spec.title ?? "", roles, aggregates, kpis, mode: spec.mode, trend: spec.trend, minN: text(spec.minN), fdrQ: text(spec.fdrQ), themes: spec.themes === true,
    namedThemes: (spec.namedThemes ?? []).map(themeFields),
    drivers,
  };
}

/** How a value reads in the pane, following the KPI's Excel number format. */
export function formatValue(value: number, numberFormat: string): string {
  const decimals = /\.(0+)/.exec(numberFormat)?.[1].length ?? 0;
  const percent = numberFormat.includes("%");
  const v = percent ? value * 100 : value;
  const grouped = numberFormat.includes(",");
  const s = v.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: grouped });
  return percent ? `${s}%` : s;
}

/** Default bands of a KPI, in words. */
export function defaultBands(id: string): string {
  const meta = kpiMeta(id);
  if (!meta) return "";
  const better = meta.direction === "higher" ? "higher is better" : "lower is better";
  if (meta.bands.kind === "target") {
    return `Green at the target, amber from ${Math.round(meta.bands.amberShare * 100)}% of it (${better}).`;
  }
  const show = (n: number) => formatValue(n, meta.numberFormat);
  return `Default: green at ${show(meta.bands.green)}, amber at ${show(meta.bands.amber)} (${better}).`;
}
