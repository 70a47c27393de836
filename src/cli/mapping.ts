/**
 * From what was read and what the user said (flags, a --spec file) to a ScorecardSpec:
 * detection proposes a role per column (the same detection as the task pane), a spec file
 * replaces the proposals, and flags override both.
 */
import { readFile } from "node:fs/promises";
import { isKpiError, SAMPLE_KPIS } from "../kpi";
import { columnIndex, columnLetter } from "../scorecard/a1";
import { detectColumns } from "../scorecard/detect";
import { driverColumns, proposedOutcome, proposeDrivers } from "../scorecard/driverAnalysis";
import { aggregateProblem, readTarget } from "../scorecard/inputs";
import { AGGREGATE_INPUTS, MAX_THEMES, parseSpec } from "../scorecard/spec";
import type { ColumnMapping, ColumnRole, DataTable, DriversSpec, KpiSettings, NamedThemeSpec, ScorecardSpec, SourceRef } from "../scorecard/types";
import { InputError } from "../xlsx/types";
import type { CliOptions } from "./args";
import { COMMA_DECIMAL } from "./csv";

/** Roles whose cells must be numbers. */
const NUMERIC_ROLES: readonly ColumnRole[] = ["nps", "csat", "ces", "engagement", "impact", "revenue", "cx"];

/** A text of the column written with a decimal comma, when the column holds no number at all. */
export function decimalCommaExample(table: DataTable, index: number): string | undefined {
  let example: string | undefined;
  for (const row of table.rows) {
    const v = row[index];
    if (typeof v === "number") return undefined;
    if (example === undefined && typeof v === "string" && COMMA_DECIMAL.test(v.trim())) example = v.trim();
  }
  return example;
}

/** Roles that make a KPI row (segment and period only split them). */
export const KPI_ROLES: readonly ColumnRole[] = [...new Set(SAMPLE_KPIS.map((k) => k.role as ColumnRole))];
const SINGLE_ROLES: readonly ColumnRole[] = ["segment", "period"];

function list(headers: readonly string[]): string {
  const shown = headers.slice(0, 12).map((h) => `"${h}"`).join(", ");
  return headers.length > 12 ? `${shown}, ... (${headers.length} columns)` : shown;
}

/**
 * A column named by its header (exact, then ignoring case and spaces) or by its letter.
 * `firstColumn` is the sheet column of the table's first column (0 for a CSV), so a letter
 * means the column the user sees in the sheet.
 */
export function resolveColumn(table: DataTable, ref: string, flag: string, firstColumn = 0): number {
  const exact = table.headers.indexOf(ref);
  if (exact >= 0) return exact;
  const norm = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();
  const loose = table.headers.findIndex((h) => norm(h) === norm(ref));
  if (loose >= 0) return loose;
  const t = ref.trim();
  if (/^[A-Za-z]{1,3}$/.test(t)) {
    const index = columnIndex(t) - firstColumn;
    if (index >= 0 && index < table.headers.length) return index;
    throw new InputError(`--${flag} ${t}: column ${t.toUpperCase()} is outside the data (${table.headers.length} columns)`);
  }
  throw new InputError(`--${flag} "${ref}": no such column (headers: ${list(table.headers)})`);
}

export async function readSpecFile(path: string): Promise<ScorecardSpec> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === "ENOENT" ? `--spec ${path}: no such file` : `--spec ${path}: cannot be read (${code ?? "error"})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new InputError(`--spec ${path} is not valid JSON: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
  }
  // The pane stores { spec, sheetName, builtAt }; accept that as well as a bare spec.
  const candidate = typeof json === "object" && json !== null && "spec" in json && !("version" in json) ? (json as { spec: unknown }).spec : json;
  const spec = parseSpec(candidate);
  if (isKpiError(spec)) throw new InputError(`--spec ${path}: ${spec.message}`);
  return spec;
}

/** A spec's column mappings matched to the table by header (then by position when the header is gone). */
function matchSpecColumns(spec: ScorecardSpec, table: DataTable, path: string): ColumnMapping[] {
  return spec.columns.map((c) => {
    let index = table.headers.indexOf(c.header);
    if (index < 0) index = table.headers.findIndex((h) => h.trim().toLowerCase() === c.header.trim().toLowerCase());
    if (index < 0) {
      throw new InputError(`--spec ${path}: column "${c.header}" (${c.role}) is not in the data (headers: ${list(table.headers)})`);
    }
    return { ...c, index, header: table.headers[index] };
  });
}

function hasUsableValue(table: DataTable, index: number, role: ColumnRole): boolean {
  for (const row of table.rows) {
    const v = row[index];
    if (role === "period") {
      if (typeof v === "number" && Number.isFinite(v) && v >= 1) return true;
    } else if (v !== null && v !== undefined && !(typeof v === "string" && v.trim() === "")) {
      return true;
    }
  }
  return false;
}

export interface BuildSpecInput {
  readonly table: DataTable;
  readonly options: CliOptions;
  readonly fileSpec?: ScorecardSpec;
  readonly specPath?: string;
  readonly source: SourceRef;
  /** Sheet column of the table's first column (letters in flags refer to sheet columns). */
  readonly firstColumn: number;
  /** Name of the input, for messages and the default title. */
  readonly inputName: string;
  /** Where to say how an input was read (a target read as a percentage). */
  readonly notes?: string[];
  /** Filled with the mapping used and the columns left out, for the summary. */
  readonly report?: MappingReport;
}

/** The mapping as the summary tells it: each column used (and why), each left out (and why). */
export interface MappingReport {
  used: { readonly column: string; readonly header: string; readonly role: ColumnRole; readonly why: string }[];
  leftOut: { readonly column: string; readonly header: string; readonly why: string }[];
}

const ROLE_NAME: Record<ColumnRole, string> = {
  nps: "NPS", csat: "CSAT", ces: "CES", fcr: "FCR", sentiment: "sentiment", engagement: "engagement",
  impact: "impact", revenue: "revenue", complaints: "complaints", cx: "CX question", segment: "segment", period: "period (trend)",
};

/** The report as printed lines (the CLI prints them after the summary). */
export function formatMappingReport(report: MappingReport): string[] {
  const lines: string[] = [];
  if (report.used.length > 0) {
    lines.push("Columns used:");
    for (const u of report.used) lines.push(`  ${u.column} "${u.header}": ${ROLE_NAME[u.role]} (${u.why})`);
  }
  if (report.leftOut.length > 0) {
    lines.push("Columns left out:");
    for (const l of report.leftOut) lines.push(`  ${l.column} "${l.header}": ${l.why}`);
  }
  return lines;
}

/** The flag of an aggregate input, for messages: "--customers-start". */
export function aggregateFlag(key: string): string {
  return `--${AGGREGATE_INPUTS.find((a) => a.key === key)?.flag ?? key}`;
}

export function buildSpec(input: BuildSpecInput): ScorecardSpec {
  const { table, options, fileSpec } = input;
  const proposals = detectColumns(table);
  // Why each column is used or left out, as the summary will say it.
  const why = new Map<number, string>(proposals.map((p) => [p.index, p.role !== null ? `detected: ${p.reason}` : p.reason]));
  const fromSpec = fileSpec !== undefined && fileSpec.columns.length > 0;
  // A spec without columns leaves the mapping to detection (it may carry only targets and inputs).
  let columns: ColumnMapping[] = fromSpec
    ? matchSpecColumns(fileSpec, table, input.specPath ?? "spec")
    : proposals
        .filter((p): p is typeof p & { role: ColumnRole } => p.role !== null)
        .map((p) => ({ index: p.index, header: p.header, role: p.role }));
  if (fromSpec) {
    for (const c of columns) why.set(c.index, "from --spec");
    for (const p of proposals) if (!columns.some((c) => c.index === p.index)) why.set(p.index, "not in --spec");
  }

  for (const ref of options.ignore) {
    const index = resolveColumn(table, ref, "ignore", input.firstColumn);
    columns = columns.filter((c) => c.index !== index);
    why.set(index, "--ignore");
  }
  for (const [role, refs] of options.roles) {
    // A column named twice (by header and by letter) is mapped once.
    const indices = [...new Set(refs.map((ref) => resolveColumn(table, ref, role, input.firstColumn)))];
    for (const index of indices) {
      const commaExample = NUMERIC_ROLES.includes(role) ? decimalCommaExample(table, index) : undefined;
      if (commaExample !== undefined) {
        throw new InputError(`--${role} "${table.headers[index]}": its numbers are written with a decimal comma ("${commaExample}"), which this file does not use: give --decimal comma`);
      }
      if (!hasUsableValue(table, index, role)) {
        const what = role === "period" ? "no dates" : "no values";
        throw new InputError(`--${role} "${table.headers[index]}": the column has ${what} in ${input.inputName}`);
      }
    }
    // A flag replaces whatever had that role, and whatever that column was mapped to.
    for (const c of columns) if (c.role === role && !indices.includes(c.index)) why.set(c.index, `${ROLE_NAME[role]} is --${role} ${refs.join(", ")}`);
    columns = columns.filter((c) => c.role !== role && !indices.includes(c.index));
    for (const index of indices) {
      columns.push({ index, header: table.headers[index], role });
      why.set(index, `--${role}`);
    }
  }
  // One segment and one period column at most: the first one wins.
  for (const role of SINGLE_ROLES) {
    const first = columns.find((c) => c.role === role);
    for (const c of columns) if (c.role === role && c !== first && first) why.set(c.index, `a second ${ROLE_NAME[role]} column: "${first.header}" is used`);
    columns = columns.filter((c) => c.role !== role || c === first);
  }
  columns.sort((a, b) => a.index - b.index);
  if (input.report) {
    const letter = (index: number) => columnLetter(input.firstColumn + index);
    input.report.used = columns.map((c) => ({ column: letter(c.index), header: c.header, role: c.role, why: why.get(c.index) ?? "" }));
    input.report.leftOut = table.headers.flatMap((header, index) => {
      if (columns.some((c) => c.index === index)) return [];
      const comma = decimalCommaExample(table, index);
      const reason = comma !== undefined ? `numbers written with a decimal comma ("${comma}") that this file does not use: give --decimal comma` : why.get(index) ?? "";
      return [{ column: letter(index), header, why: reason }];
    });
  }

  const aggregates = { ...(fileSpec?.aggregates ?? {}), ...options.aggregates };
  const aggregateIssue = aggregateProblem(aggregates, aggregateFlag);
  if (aggregateIssue) throw new InputError(aggregateIssue);
  const kpis: Record<string, KpiSettings> = {};
  const target = (kpi: string, value: number, written: string, percent = false): number => {
    const scaleMax = fileSpec?.kpis[kpi]?.scaleMax;
    const read = readTarget(kpi, value, written, { percent, ...(scaleMax !== undefined ? { scaleMax } : {}) });
    if ("problem" in read) throw new InputError(read.problem);
    if (read.note) input.notes?.push(read.note);
    return read.value;
  };
  for (const [kpi, settings] of Object.entries(fileSpec?.kpis ?? {})) {
    kpis[kpi] = settings.target === undefined ? settings : { ...settings, target: target(kpi, settings.target, `the target ${settings.target} of ${kpi} in the spec`) };
  }
  // Themes: the spec file's, each replaced by a --theme of the same name, then the other --theme flags.
  const themes: NamedThemeSpec[] = [...(fileSpec?.namedThemes ?? [])];
  for (const t of options.namedThemes ?? []) {
    const k = themes.findIndex((o) => o.name.toLowerCase() === t.name.toLowerCase());
    if (k >= 0) themes[k] = { ...themes[k], words: t.words };
    else themes.push(t);
  }
  if (themes.length > MAX_THEMES) throw new InputError(`${themes.length} themes: a scorecard takes at most ${MAX_THEMES}`);
  const themeOf = (id: string, written: string): number => {
    const name = id.slice("THEME:".length);
    const k = themes.findIndex((o) => o.name.toLowerCase() === name.toLowerCase());
    if (k < 0) throw new InputError(`${written}: no theme is named "${name}" (${themes.length > 0 ? `themes: ${themes.map((o) => o.name).join(", ")}` : 'name one with --theme "NAME=words"'})`);
    return k;
  };
  for (const t of options.targets.filter((x) => x.kpi.startsWith("THEME:"))) {
    const written = t.written ?? `--target ${t.kpi}=${t.value}`;
    if (!t.percent && t.value > 1) throw new InputError(`${written}: a theme's target is a share of the comments: write ${t.value / 100} or ${t.value}%`);
    if (t.value < 0 || t.value > 1) throw new InputError(`${written}: a theme's target is a share from 0% to 100%`);
    const k = themeOf(t.kpi, written);
    themes[k] = { ...themes[k], target: t.value };
  }
  for (const d of (options.minDifferences ?? []).filter((x) => x.kpi.startsWith("THEME:"))) {
    const k = themeOf(d.kpi, `--min-difference "${d.kpi.slice("THEME:".length)}"`);
    themes[k] = { ...themes[k], minDifference: d.value };
  }
  if (themes.length > 0 && !columns.some((c) => c.role === "sentiment")) {
    throw new InputError(`themes (${themes.map((o) => o.name).join(", ")}) are shares of the comments: map a comment column with --sentiment COL`);
  }
  for (const t of options.targets.filter((x) => !x.kpi.startsWith("THEME:"))) {
    const value = target(t.kpi, t.value, t.written ?? `--target ${t.kpi}=${t.value}`, t.percent === true);
    kpis[t.kpi] = { ...(kpis[t.kpi] ?? {}), target: value, ...(t.date ? { targetDate: t.date } : {}) };
  }
  for (const w of options.cpiWeights) kpis[w.kpi] = { ...(kpis[w.kpi] ?? {}), cpiWeight: w.weight };
  for (const d of (options.minDifferences ?? []).filter((x) => !x.kpi.startsWith("THEME:"))) kpis[d.kpi] = { ...(kpis[d.kpi] ?? {}), minDifference: d.value };

  const kpiColumns = columns.filter((c) => KPI_ROLES.includes(c.role));
  const anyAggregate = Object.keys(aggregates).length > 0;
  if (kpiColumns.length === 0 && !anyAggregate) {
    throw new InputError(
      `no recognisable KPI column in ${input.inputName} (headers: ${list(table.headers)}): map one with --nps, --csat, --ces, --fcr, --sentiment, --engagement, --impact, --revenue, --complaints or --cx COL`,
    );
  }

  const title = options.title ?? fileSpec?.title ?? `Customer KPI Scorecard: ${input.inputName}`;
  return {
    version: 1,
    title,
    source: input.source,
    columns,
    aggregates,
    kpis,
    mode: options.mode ?? fileSpec?.mode ?? "portable",
    trend: options.trend ?? fileSpec?.trend ?? "month",
    ...((options.minN ?? fileSpec?.minN) !== undefined ? { minN: options.minN ?? fileSpec?.minN } : {}),
    ...((options.fdrQ ?? fileSpec?.fdrQ) !== undefined ? { fdrQ: options.fdrQ ?? fileSpec?.fdrQ } : {}),
    ...((options.themes ?? fileSpec?.themes) === true ? { themes: true } : {}),
    ...(themes.length > 0 ? { namedThemes: themes } : {}),
    ...driversSpec(table, columns, themes, options, fileSpec, input.firstColumn, input.notes),
  };
}

/**
 * spec.drivers from --drivers and --outcome (auto: the proposal from the mapped columns), else
 * the --spec file's; --drivers none drops it. A named column is any column of the data, mapped
 * to a KPI or not (attribute ratings often are not).
 */
function driversSpec(
  table: DataTable, columns: readonly ColumnMapping[], themes: readonly NamedThemeSpec[], options: CliOptions, fileSpec: ScorecardSpec | undefined, firstColumn: number,
  notes: string[] | undefined,
): { drivers?: DriversSpec } {
  const flags = options.drivers;
  // Themes drive only where their comments are read.
  const commented = columns.some((c) => c.role === "sentiment");
  if (flags === undefined) {
    const kept = fileSpec?.drivers;
    if (!kept) return {};
    if (![kept.outcome, ...kept.columns].every((k) => k < table.headers.length)) {
      notes?.push(`the spec's drivers name columns past the ${table.headers.length} of this data: no "What moves" block (give --drivers to choose)`);
      return {};
    }
    const named = (kept.themes ?? []).filter((name) => commented && themes.some((t) => t.name === name));
    if (named.length < (kept.themes ?? []).length) notes?.push(`the spec's driver themes without a theme or comments to read here are left out of "What moves"`);
    const { themes: _themes, ...rest } = kept;
    return { drivers: { ...rest, ...(named.length > 0 ? { themes: named } : {}) } };
  }
  if (/^none$/i.test(flags[0])) return {};
  // "Theme: Wait time" names a theme's flags; anything else, a column.
  const themeRefs = flags.filter((x) => /^theme\s*:/i.test(x));
  const chosenThemes = themeRefs.map((ref) => {
    const name = ref.replace(/^theme\s*:\s*/i, "").trim().toLowerCase();
    const theme = themes.find((t) => t.name.toLowerCase() === name);
    if (!theme) throw new InputError(`--drivers "${ref}": no theme is named so (${themes.length > 0 ? `themes: ${themes.map((t) => t.name).join(", ")}` : 'name one with --theme "NAME=words"'})`);
    if (!commented) throw new InputError(`--drivers "${ref}": a theme's flags are read from the comments: map a comment column with --sentiment COL`);
    return theme.name;
  });
  const columnFlags = flags.filter((x) => !themeRefs.includes(x));
  const proposal = proposeDrivers(columns);
  const outcome = options.outcome !== undefined ? resolveColumn(table, options.outcome, "outcome", firstColumn) : proposal?.outcome ?? proposedOutcome(columns)?.index;
  if (outcome === undefined) throw new InputError("--drivers: no outcome to explain: map an NPS or CSAT column, or name one with --outcome COL");
  const auto = /^auto$/i.test(flags[0]);
  // auto: the survey scores proposed, and every theme named (where comments are mapped).
  const chosen = auto ? driverColumns(columns, outcome) : [...new Set(columnFlags.map((ref) => resolveColumn(table, ref, "drivers", firstColumn)))];
  const driverThemes = auto ? (commented ? themes.map((t) => t.name) : []) : [...new Set(chosenThemes)];
  if (chosen.includes(outcome)) throw new InputError(`--drivers lists the outcome "${table.headers[outcome]}": an outcome cannot drive itself`);
  if (chosen.length + driverThemes.length < 2) {
    throw new InputError(
      auto
        ? `--drivers auto: fewer than two driver columns among the mapped ones (satisfaction items, CES, FCR, CX battery)${themes.length > 0 ? " and the themes" : ""}: name them, --drivers COL,COL,...`
        : driverThemes.length === 0
          ? `--drivers: give at least two driver columns (got ${chosen.length})`
          : `--drivers: give at least two drivers, columns or themes (got ${chosen.length + driverThemes.length})`,
    );
  }
  return { drivers: { outcome, columns: chosen, ...(driverThemes.length > 0 ? { themes: driverThemes } : {}) } };
}
