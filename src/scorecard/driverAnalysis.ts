/**
 * What moves NPS: the key-driver analysis of the scorecard's "What moves ..." block, computed once
 * when the scorecard is built (src/why: Shapley value regression, or relative weights above 15
 * drivers; a seeded percentile bootstrap for the intervals) from the data rows.
 *
 * The outcome and drivers are the spec's (spec.drivers), which the pane's drivers step and the
 * command line (--drivers, --outcome) fill, from proposeDrivers by default: the NPS column as
 * outcome (else a satisfaction column), and as drivers the other survey scores a respondent
 * gives (satisfaction items, effort, first-contact resolution, CX battery questions). A rating
 * named "overall" is an outcome, not a driver, and is not proposed. Themes the spec names can be
 * drivers too (spec.drivers.themes): each comment's 0/1 flag, by the rule the themes' rows count
 * mentions with (src/kpi/mentions.ts); a row without a comment has no flag and is left out.
 *
 * Refusals, as a "none" with the reason rather than a failed scorecard: fewer than two driver
 * columns, too few complete rows, a constant column or a driver that duplicates others (named).
 * Without the data rows (statistics from elsewhere) there is nothing to resample: "none".
 */
import { commentOf, isKpiError, mentions, readFlag, readNumber, THEME_ROLE, themeWords } from "../kpi";
import { tTwoSidedP } from "../kpi/stats";
import { bootstrap } from "../why/bootstrap";
import { nearDuplicates } from "../why/correlation";
import { analyse, type Method } from "../why/drivers";
import { type Cell, listwise } from "../why/sample";
import { MAX_SHAPLEY_DRIVERS } from "../why/shapley";
import { headerScale, headerWords } from "./detect";
import type { ColumnMapping, ColumnRole, DataTable, DriversSpec, NamedThemeSpec, ScorecardSpec } from "./types";

/** Below this p, a theme whose flag goes with the outcome against its stated direction is named in a warning. */
const CONTRARY_P = 0.05;

/** The block's intervals: KPI.DRIVERS.CI's defaults, so a live formula gives the cached value. */
export const DRIVER_CONFIDENCE = 0.95;
export const DRIVER_RESAMPLES = 1000;
export const DRIVER_SEED = 1;
/** |r| above which two drivers are warned about as near-duplicates. */
export const NEAR_DUPLICATE = 0.9;

/** Roles whose columns are proposed as drivers (a respondent's answers about the experience). */
const DRIVER_ROLES: readonly ColumnRole[] = ["csat", "ces", "fcr", "cx"];
/** A rating of the whole experience is an outcome, not a driver of one. */
const OVERALL = /\b(overall|general|globale?|gesamt|allgemein|algemeen|complessiv[ao]|in total)\b/;

/** Importance-performance quadrants (Martilla and James 1977), split at the drivers' averages. */
export const QUADRANTS = {
  fix: "Concentrate here",
  keep: "Keep up the good work",
  low: "Low priority",
  over: "Possible overkill",
} as const;
export type Quadrant = (typeof QUADRANTS)[keyof typeof QUADRANTS];

export function quadrantOf(share: number, performance: number, averageShare: number, averagePerformance: number): Quadrant {
  if (share >= averageShare) return performance < averagePerformance ? QUADRANTS.fix : QUADRANTS.keep;
  return performance < averagePerformance ? QUADRANTS.low : QUADRANTS.over;
}

/** The outcome proposed: the NPS column, else the first satisfaction column. */
export function proposedOutcome(columns: readonly ColumnMapping[]): ColumnMapping | undefined {
  return columns.find((c) => c.role === "nps") ?? columns.find((c) => c.role === "csat");
}

/** The survey scores among the mapped columns that can drive an outcome column, in the data's order (an "overall" rating never). */
export function driverColumns(columns: readonly ColumnMapping[], outcome: number): number[] {
  return columns
    .filter((c) => c.index !== outcome && DRIVER_ROLES.includes(c.role) && !(c.role === "csat" && OVERALL.test(headerWords(c.header))))
    .map((c) => c.index)
    .sort((a, b) => a - b);
}

/**
 * The proposal: the NPS column (else the first satisfaction column) as outcome, and the other
 * survey scores as drivers, in the data's order; null with fewer than two. `outcomeIndex` names
 * another outcome column.
 */
export function proposeDrivers(columns: readonly ColumnMapping[], outcomeIndex?: number): DriversSpec | null {
  const outcome = outcomeIndex !== undefined ? { index: outcomeIndex } : proposedOutcome(columns);
  if (!outcome) return null;
  const drivers = driverColumns(columns, outcome.index);
  return drivers.length >= 2 ? { outcome: outcome.index, columns: drivers } : null;
}

/** How a driver's own performance is read: a rating's top-two-box share, or a flag's share of yes. */
export type DriverScale = { readonly kind: "rating"; readonly lo: number; readonly hi: number } | { readonly kind: "flag" };

export interface DriverRow {
  /** The driver's column in the source (-1 for a theme), and its place among the drivers (KPI.DRIVERS's row). */
  readonly index: number;
  /**
   * The theme whose flags the driver is (mentioned 1, not 0); its performance is the share of
   * comments without it when it is a complaint (lower is better), with it when it is praise.
   */
  readonly theme?: NamedThemeSpec;
  readonly position: number;
  readonly header: string;
  /** A short name for the chart's label: the KPI's acronym (CES, FCR), or the header without its scale. */
  readonly label: string;
  /** Raw importance (the R² it accounts for) with its interval's bounds, and its share of R². */
  readonly raw: number;
  readonly low: number | null;
  readonly high: number | null;
  readonly share: number;
  readonly sign: 1 | -1;
  /** 1 for the most important. */
  readonly rank: number;
  readonly scale: DriverScale;
  /** Over the rows used: the mean answer (a flag: the share of yes) and the top-two-box (or yes) share. */
  readonly mean: number;
  readonly topBox: number;
  readonly quadrant: Quadrant;
}

export type DriverAnalysis =
  | {
      readonly kind: "drivers";
      /** "NPS", "CSAT", or the outcome's header. */
      readonly outcomeName: string;
      readonly outcome: { readonly index: number; readonly header: string };
      readonly method: Method;
      readonly r2: number;
      readonly n: number;
      readonly leftOut: number;
      /** By importance, largest first. */
      readonly rows: readonly DriverRow[];
      readonly averageShare: number;
      readonly averageTopBox: number;
      /** The intervals' error when the bootstrap could not make them (too few distinct rows). */
      readonly intervalsError: string | null;
      /** Near-duplicate drivers, and the method's own caveats: what the pane, the sheet and the CLI warn about. */
      readonly warnings: readonly string[];
      /** Text flags (yes/no) among the drivers: KPI.DRIVERS reads numbers only, so live formulas cannot give these values. */
      readonly flagText: boolean;
    }
  | { readonly kind: "none"; readonly outcomeName: string; readonly why: string };

/** The outcome as the block names it: "NPS", "CSAT", else the column's header. */
export function outcomeLabel(role: ColumnRole | null | undefined, header: string): string {
  return role === "nps" ? "NPS" : role === "csat" ? "CSAT" : header;
}

function nameOf(spec: ScorecardSpec, index: number, header: string): string {
  return outcomeLabel(spec.columns.find((c) => c.index === index)?.role, header);
}

/** What a driver's performance is the share of, in words: "top-2 box", "yes" (a flag), "comments without it" (a complaint theme), "comments with it" (praise). */
export function performanceMeasure(row: Pick<DriverRow, "scale" | "theme">): string {
  if (row.theme) return (row.theme.direction ?? "lower") === "lower" ? "comments without it" : "comments with it";
  return row.scale.kind === "flag" ? "yes" : "top-2 box";
}

/** A driver's scale: the one its header writes, else its role's (satisfaction 1..scale_max, effort 1..7, battery 1..5), else what the data spans. */
function scaleOf(spec: ScorecardSpec, index: number, header: string, values: readonly Cell[]): DriverScale {
  const role = spec.columns.find((c) => c.index === index)?.role;
  if (role === "fcr") return { kind: "flag" };
  const written = headerScale(header);
  if (written) return { kind: "rating", lo: written.lo, hi: written.hi };
  if (role === "csat") return { kind: "rating", lo: 1, hi: spec.kpis.CSAT?.scaleMax ?? 5 };
  if (role === "ces") return { kind: "rating", lo: 1, hi: spec.kpis.CES?.scaleMax ?? 7 };
  if (role === "cx") return { kind: "rating", lo: 1, hi: 5 };
  if (role === "nps") return { kind: "rating", lo: 0, hi: 10 };
  const numbers = values.filter((v): v is number => typeof v === "number");
  const lo = Math.min(...numbers);
  const hi = Math.max(...numbers);
  return numbers.every((v) => v === 0 || v === 1) ? { kind: "flag" } : { kind: "rating", lo, hi };
}

/** Longest chart label (characters): a longer header is cut with an ellipsis. */
const LABEL_LENGTH = 28;

/** A driver's name on the chart: its KPI's acronym where it is one, else its header without the scale it writes. */
export function driverLabel(spec: ScorecardSpec, index: number, header: string): string {
  const role = spec.columns.find((c) => c.index === index)?.role;
  const bare = header.replace(/\s*\(\s*[01]\s*(?:-|\u2013|to)\s*\d{1,2}\s*\)\s*$/i, "").trim() || header;
  const acronym = role === "ces" || role === "fcr" || role === "csat" ? role.toUpperCase() : null;
  // One column of its KPI: the acronym says it; several (satisfaction items): the acronym and the item.
  const name = acronym === null ? bare : spec.columns.filter((c) => c.role === role).length > 1 ? `${acronym}: ${bare}` : acronym;
  return name.length <= LABEL_LENGTH ? name : `${name.slice(0, LABEL_LENGTH - 1)}…`;
}

/** The block's content, or null when the spec asks for no driver analysis. */
export function driverAnalysisOf(spec: ScorecardSpec, data: DataTable, hasData: boolean): DriverAnalysis | null {
  const d = spec.drivers;
  if (!d) return null;
  const outcomeHeader = data.headers[d.outcome] ?? `column ${d.outcome + 1}`;
  const outcomeName = nameOf(spec, d.outcome, outcomeHeader);
  const none = (why: string): DriverAnalysis => ({ kind: "none", outcomeName, why });
  if (!hasData) return none("the statistics came from elsewhere, without the data rows a driver analysis resamples");
  // Themes' flags as drivers, after the columns: read from the comments by the themes' rule (src/kpi/mentions.ts).
  const themes = (d.themes ?? []).map((name) => (spec.namedThemes ?? []).find((t) => t.name === name));
  const comment = spec.columns.find((c) => c.role === THEME_ROLE);
  if (themes.some((t) => t === undefined)) return none(`the drivers name a theme the scorecard does not (${(d.themes ?? []).join(", ")})`);
  if (themes.length > 0 && !comment) return none("the themes' flags are read from the comments: map a comment column");
  const count = d.columns.length + themes.length;
  if (count < 2) return none(themes.length === 0 ? `it needs at least two driver columns (${count} given)` : `it needs at least two drivers, columns or themes (${count} given)`);
  const flagRole = (index: number) => spec.columns.find((c) => c.index === index)?.role === "fcr";
  let flagText = false;
  // Cells as the reading rule reads them; an FCR column's yes/no flags as 1/0.
  const read = (index: number): Cell[] =>
    data.rows.map((row) => {
      const cell = row[index];
      if (!flagRole(index)) return readNumber(cell);
      const f = readFlag(cell);
      if (typeof f === "boolean") {
        if (typeof readNumber(cell) !== "number") flagText = true;
        return f ? 1 : 0;
      }
      return f === null ? null : undefined;
    });
  // A theme's flag: 1 where the comment mentions it, 0 where it does not; no comment, no flag.
  const flagsOf = (t: NamedThemeSpec): Cell[] => {
    const words = themeWords(t.words);
    return data.rows.map((row) => {
      const folded = commentOf(row[(comment as ColumnMapping).index]);
      return folded === null ? null : mentions(folded, words) ? 1 : 0;
    });
  };
  const driverThemes = themes as NamedThemeSpec[];
  const headers = [...d.columns.map((k) => data.headers[k] ?? `column ${k + 1}`), ...driverThemes.map((t) => `Theme: ${t.name}`)];
  const driverCells = [...d.columns.map(read), ...driverThemes.map(flagsOf)];
  const sample = listwise(read(d.outcome), driverCells, headers);
  const method: Method = d.method ?? (count > MAX_SHAPLEY_DRIVERS ? "rw" : "shapley");
  const result = analyse(sample, method);
  if (isKpiError(result)) return none(result.message);
  const intervals = bootstrap(sample, method, DRIVER_CONFIDENCE, DRIVER_RESAMPLES, DRIVER_SEED);
  const m = count + 1;
  const themeOf = (j: number): NamedThemeSpec | undefined => driverThemes[j - d.columns.length];
  const performance = headers.map((header, j) => {
    const theme = themeOf(j);
    const scale: DriverScale = theme ? { kind: "flag" } : scaleOf(spec, d.columns[j], header, driverCells[j]);
    // A complaint performs where it is not said.
    const good = theme ? ((theme.direction ?? "lower") === "lower" ? 0 : 1) : 1;
    let sum = 0;
    let top = 0;
    for (let i = 0; i < sample.n; i++) {
      const v = sample.data[i * m + j];
      sum += v;
      if (scale.kind === "flag" ? v === good : v >= scale.hi - 1) top++;
    }
    return { scale, mean: sum / sample.n, topBox: top / sample.n };
  });
  const shares = Array.from(result.raw, (raw) => raw / result.r2);
  const averageShare = 1 / count;
  const averageTopBox = performance.reduce((s, x) => s + x.topBox, 0) / performance.length;
  const order = headers.map((_, j) => j).sort((a, b) => shares[b] - shares[a] || a - b);
  const labelOf = (j: number) => {
    const theme = themeOf(j);
    if (!theme) return driverLabel(spec, d.columns[j], headers[j]);
    return headers[j].length <= LABEL_LENGTH ? headers[j] : `${headers[j].slice(0, LABEL_LENGTH - 1)}…`;
  };
  const rows = order.map((j, k): DriverRow => ({
    index: themeOf(j) ? -1 : d.columns[j],
    ...(themeOf(j) ? { theme: themeOf(j) } : {}),
    position: j + 1,
    header: headers[j],
    label: labelOf(j),
    raw: result.raw[j],
    share: shares[j],
    low: isKpiError(intervals) ? null : intervals.lower[j],
    high: isKpiError(intervals) ? null : intervals.upper[j],
    sign: result.sign[j] < 0 ? -1 : 1,
    rank: k + 1,
    scale: performance[j].scale,
    mean: performance[j].mean,
    topBox: performance[j].topBox,
    quadrant: quadrantOf(shares[j], performance[j].topBox, averageShare, averageTopBox),
  }));
  const warnings = nearDuplicates(result.correlation, count, NEAR_DUPLICATE).map(
    ({ a, b, r }) => `${headers[a]} and ${headers[b]} correlate ${r.toFixed(2)}: the data cannot tell their importance apart, and the share between them is not to be read as a ranking`,
  );
  // A theme read the wrong way round: counted as a complaint (lower is better) while the comments
  // that say it go with a higher outcome, or as praise while they go with a lower one. Its
  // performance (the share without it, or with it) and its share's marks and bands on the
  // scorecard then say the opposite of the data. The flag's correlation with the outcome is a
  // point-biserial r, tested as a pooled two-sample t with n - 2 degrees of freedom.
  for (let j = d.columns.length; j < count; j++) {
    const theme = themeOf(j) as NamedThemeSpec;
    const r = result.correlation[j * m + count];
    const praise = theme.direction === "higher";
    if (!(praise ? r < 0 : r > 0) || !(Math.abs(r) < 1) || result.n < 3) continue;
    const p = tTwoSidedP(r * Math.sqrt((result.n - 2) / (1 - r * r)), result.n - 2);
    if (p < CONTRARY_P) {
      warnings.push(
        `${headers[j]}: comments that say it go with a ${r > 0 ? "higher" : "lower"} ${outcomeName} (r ${r.toFixed(2)}, p ${p < 0.0001 ? "< 0.0001" : p.toPrecision(2)}), yet it is counted as ${praise ? "praise (higher is better)" : "a complaint (lower is better)"}: if it is ${praise ? "a complaint, name it as a theme (--theme)" : "praise, name it as praise (--praise on the command line, Praise in the pane)"}`,
      );
    }
  }
  if (method === "rw" && d.method === undefined) warnings.push(`${count} drivers: relative weights, since exact Shapley values take at most ${MAX_SHAPLEY_DRIVERS}`);
  return {
    kind: "drivers",
    outcomeName,
    outcome: { index: d.outcome, header: outcomeHeader },
    method,
    r2: result.r2,
    n: result.n,
    leftOut: result.leftOut,
    rows,
    averageShare,
    averageTopBox,
    intervalsError: isKpiError(intervals) ? intervals.message : null,
    warnings,
    flagText,
  };
}
