/**
 * planScorecard: ScorecardSpec + data -> ScorecardPlan. Pure: no Office.js, no exceljs, no fs.
 * Generic: the rows come from the registry (rows.ts) and the planner names no KPI.
 *
 * Layout (0-based rows): title, source, build line; the settings (minimum n to band, false
 * discovery rate q); the header row (frozen) with the segment labels; "Leading indicators" and
 * "Lagging indicators" with a row per KPI (value, n, 95 % interval, target, target date, gap,
 * baseline, progress, benchmark, difference, green at, amber at, status, note, a value per
 * segment); below it two blocks of the same shape, the n of every segment value and the
 * marks of differences from the rest; the inputs of aggregate KPIs; the legend; the trend block
 * (a row per sample KPI, a column per period) with its n and marks of differences from the
 * previous period; the charts; last, the statistics table: per KPI and group, the sufficient
 * statistics, value, n, interval, the comparison, raw and Benjamini-Hochberg adjusted p-values.
 *
 * Every number above the statistics table refers to it (portable mode) or is the add-in's
 * formula (live mode), so a value, its n, its interval and its test are made of the same
 * counts. Thresholds, the minimum n and q are cells: conditional formats and status formulas
 * read them, so a user can change them and see the colours and marks move without rebuilding.
 */
import { bandIndex, errors, isKpiError, kpiMeta, KPIS, type KpiMeta, type Result, type Thresholds, thresholdsFor } from "../kpi";
import { READING_TEST_FORMAT, readingTestCell, sharedReadingTests } from "../kpi/native";
import { benjaminiHochberg } from "../kpi/stats";
import { cellAddress, columnLetter, parseAddress, sheetPrefix } from "./a1";
import { composition, indexFormula, indexOf, MIN_COMPONENTS, scoreFormula, scoreOf, smallestN, smallestNFormula } from "./composite";
import { MAX_PERIODS, MAX_SEGMENTS, periodCondition, periodGroups, segmentCondition, segmentGroups } from "./groups";
import { type AggregateRow, countGroups, type ScorecardRegistry, type GroupStats, groupValue, inputsUsed, type KpiRow, kpiRows, restOf, type SampleRow, shortName } from "./rows";
import { AGGREGATE_INPUTS, serializeStoredSpec } from "./spec";
import {
  type AggregateInput, type CachedValue, type DataTable, DEFAULT_SHEET_NAME, type FormulaCell, type KpiSettings, type KpiSummary, type MarkedDifference,
  type PlanBlock, type PlanCell, type PlanChart, type PlanConditionalFormat, type PlanRule, type PlanStyle, type Rect, type ScorecardPlan,
  type ScorecardSpec, SPEC_SHEET,
} from "./types";

export { MAX_PERIODS, MAX_SEGMENTS };

export interface PlanInput {
  readonly spec: ScorecardSpec;
  readonly data: DataTable;
  /** Sheets already in the workbook: the scorecard never takes one of their names. */
  readonly existingSheets: readonly string[];
  readonly builtAt: Date;
  /** Sheet the formulas read the data from, when it differs from spec.source.sheet (the CLI's copy). */
  readonly dataSheet?: string;
  /** A scorecard the add-in made before and that the writer deletes in the same batch: its name is free. */
  readonly replaceSheet?: string;
  /** The KPIs to draw rows from; the registry's by default. */
  readonly registry?: ScorecardRegistry;
  /** How the source was read, said after it on the sheet ("Date" read day-first, the locale's order). */
  readonly sourceNotes?: readonly string[];
}

/** Default minimum n: below it a value is shown but not banded (spec/scorecard.md). */
export const SMALL_SAMPLE = 30;
/** Default false discovery rate of the marks. */
export const DEFAULT_Q = 0.05;
/** Confidence of every interval on the sheet. */
export const CONFIDENCE = 0.95;
/** Excel's longest formula (characters, without the "="). */
export const MAX_FORMULA = 8192;
/** Relative difference under which two p-values rank as tied. */
const RANK_TOLERANCE = 1e-12;
/** Excel's longest string literal in a formula. */
const MAX_LITERAL = 255;
/** Excel's longest chart title (the typings' ChartTitle.text: "maximum of 255 characters"). */
export const MAX_CHART_TITLE = 255;

/**
 * A row's chart title within Excel's limit: the title itself, or (a KPI over many columns, whose
 * title lists them all) the KPI and its number of columns; the row's note then lists them.
 */
export function chartTitle(d: { readonly title: string; readonly meta: KpiMeta; readonly columns?: readonly { readonly header: string }[] }): string {
  if (d.title.length <= MAX_CHART_TITLE) return d.title;
  const short = d.columns && d.columns.length > 1 ? `${d.meta.title} (${d.meta.id}) over ${d.columns.length} columns, listed in its row's note` : `${d.meta.title} (${d.meta.id})`;
  return short.length <= MAX_CHART_TITLE ? short : `${short.slice(0, MAX_CHART_TITLE - 1)}…`;
}

export const BAND_STYLE = {
  green: { fill: "#C6EFCE", fontColor: "#006100" },
  amber: { fill: "#FFEB9C", fontColor: "#9C5700" },
  red: { fill: "#FFC7CE", fontColor: "#9C0006" },
  neutral: { fill: "#EDEDED", fontColor: "#595959" },
} as const;

export const MARK_UP = "▲";
export const MARK_DOWN = "▼";

// Columns of the KPI table.
const C = {
  kpi: 0, value: 1, n: 2, low: 3, high: 4, target: 5, targetDate: 6, gap: 7, baseline: 8, progress: 9,
  benchmark: 10, vsBenchmark: 11, green: 12, amber: 13, status: 14, note: 15, firstSegment: 16,
} as const;
const HEADERS = [
  "KPI", "Value", "n", "95% low", "95% high", "Target", "Target date", "Gap to target", "Baseline", "Progress",
  "Benchmark", "vs benchmark", "Green at", "Amber at", "Status", "Note",
];
const WIDTHS = [44, 11, 9, 10, 10, 10, 11, 11, 10, 10, 11, 11, 10, 10, 24, 36];

/** How an input reads: counts and money with thousands separators, fractions as decimals. */
const INPUT_FORMAT: Record<AggregateInput, string> = {
  customersStart: "#,##0", customersLost: "#,##0", customersEnd: "#,##0", newCustomers: "#,##0", customers: "#,##0",
  interactions: "#,##0", innovationProjects: "#,##0", avgPurchaseValue: "#,##0.00", marginPerPeriod: "#,##0.00",
  acquisitionCost: "#,##0.00", purchasesPerYear: "#,##0.0#", lifespanYears: "#,##0.0#", margin: "0.00##",
  retentionRate: "0.00##", discountRate: "0.00##",
};
/** Height of one line of 11-point text, in points (Excel's default row height). */
const LINE_POINTS = 15;
/** Column-width characters one character of note text takes (proportional text runs a little wider than digits). */
const NOTE_CHAR = 1.1;
const CHARTS_PER_ROW = 3;
/** Rows a chart is tall (about 300 pixels at the default row height). */
const CHART_ROWS = 15;
/** Characters of column width a chart should span at least (about 340 pixels). */
const CHART_CHARS = 48;

/** Column spans of the charts in a row of charts: consecutive columns, each at least CHART_CHARS wide. */
function chartColumns(widths: readonly number[], perRow: number): { col: number; cols: number }[] {
  const spans: { col: number; cols: number }[] = [];
  let col = 0;
  for (let k = 0; k < perRow; k++) {
    let cols = 0;
    let width = 0;
    while (width < CHART_CHARS) width += widths[col + cols++] ?? 10;
    spans.push({ col, cols });
    col += cols;
  }
  return spans;
}
const SETTINGS_ROW = 3;
const HEADER_ROW = 6;
const MIN_N_CELL = cellAddress(SETTINGS_ROW, 1, true);
const Q_CELL = cellAddress(SETTINGS_ROW + 1, 1, true);

// Columns of the statistics table.
const S = {
  kpi: 0, group: 1, value: 2, n: 3, low: 4, high: 5, vs: 6, otherValue: 7, otherN: 8, p: 9, rank: 10, adjusted: 11,
  mark: 12, firstStat: 13,
} as const;
/** Data columns per KPI whose reading test has a cell of its own: the title row's cells from Value to Adjusted p. */
const READING_TESTS = S.mark - S.value;
const STATS_HEADERS = [
  "KPI", "Group", "Value", "n", "95% low", "95% high", "Compared with", "Its value", "Its n", "p-value",
  "BH rank", "Adjusted p (BH)", "Mark",
];

/** Whether a data column holds only numbers and blanks, as readingTest finds it in the sheet ("" is a blank cell as Office.js reads it). */
function holdsNumbersOnly(data: DataTable, index: number): boolean {
  return data.rows.every((row) => {
    const v = row[index];
    return v === null || v === undefined || v === "" || (typeof v === "number" && Number.isFinite(v));
  });
}

function cached(value: Result<number>): CachedValue {
  return isKpiError(value) ? { error: value.code } : value;
}

/** A formula cell; formulas longer than Excel accepts are a programming limit reached, reported as such. */
function f(formula: string, value: CachedValue | null): FormulaCell {
  const text = formula.startsWith("=") ? formula : `=${formula}`;
  if (text.length - 1 > MAX_FORMULA) throw new FormulaTooLong(text.length - 1);
  return { formula: text, value };
}

class FormulaTooLong extends Error {
  constructor(readonly length: number) {
    super(`a formula of ${length} characters`);
  }
}

/** Text as a formula literal, in pieces of at most 255 characters joined by &. */
export function literal(text: string): string {
  if (text.length <= MAX_LITERAL) return `"${text.replace(/"/g, '""')}"`;
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += MAX_LITERAL - 5) parts.push(`"${text.slice(i, i + MAX_LITERAL - 5).replace(/"/g, '""')}"`);
  return `(${parts.join("&")})`;
}

/** The sheet name for a new scorecard: the default, or the next free "KPI Scorecard (2)"... */
export function scorecardSheetName(existing: readonly string[], replace?: string): string {
  const taken = new Set(existing.filter((n) => n !== replace).map((n) => n.toLowerCase()));
  if (!taken.has(DEFAULT_SHEET_NAME.toLowerCase())) return DEFAULT_SHEET_NAME;
  for (let k = 2; ; k++) {
    const name = `${DEFAULT_SHEET_NAME} (${k})`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

class Builder {
  readonly blocks: PlanBlock[] = [];
  readonly styles: PlanStyle[] = [];
  readonly conditionalFormats: PlanConditionalFormat[] = [];
  maxRow = 0;
  maxCol = 0;

  block(row: number, col: number, cells: PlanCell[][], formats?: string[][]): void {
    if (cells.length === 0 || cells[0].length === 0) return;
    const numberFormats = formats ?? cells.map((r) => r.map(() => "General"));
    this.blocks.push({ row, col, cells, numberFormats });
    this.maxRow = Math.max(this.maxRow, row + cells.length - 1);
    this.maxCol = Math.max(this.maxCol, col + cells[0].length - 1);
  }

  style(style: PlanStyle): void {
    this.styles.push(style);
  }
}

/**
 * Band rules of a range whose values are compared with one row's threshold cells, banded only
 * when the value's n (a cell at the same offset for every cell of the range, or none) reaches
 * the minimum; below it, a neutral style. A mark cell, when given, makes the value bold.
 */
function bandRules(valueCell: string, greenCell: string, amberCell: string, lowerIsBetter: boolean, nCell: string | null, markCell: string | null): PlanRule[] {
  const ok = `ISNUMBER(${valueCell}),ISNUMBER(${greenCell}),ISNUMBER(${amberCell})`;
  const enough = nCell ? `,OR(NOT(ISNUMBER(${nCell})),${nCell}>=${MIN_N_CELL})` : "";
  const ge = lowerIsBetter ? "<=" : ">=";
  const lt = lowerIsBetter ? ">" : "<";
  const rules: PlanRule[] = [];
  if (nCell) rules.push({ band: "neutral", formula: `=AND(ISNUMBER(${valueCell}),ISNUMBER(${nCell}),${nCell}<${MIN_N_CELL})`, ...BAND_STYLE.neutral });
  rules.push(
    { band: "green", formula: `=AND(${ok}${enough},${valueCell}${ge}${greenCell})`, ...BAND_STYLE.green },
    { band: "amber", formula: `=AND(${ok}${enough},${valueCell}${lt}${greenCell},${valueCell}${ge}${amberCell})`, ...BAND_STYLE.amber },
    { band: "red", formula: `=AND(${ok}${enough},${valueCell}${lt}${amberCell})`, ...BAND_STYLE.red },
  );
  // Last: Excel applies every true rule (bold does not conflict with a fill); LibreOffice only the first.
  if (markCell) rules.push({ band: "mark", formula: `=AND(ISNUMBER(${valueCell}),${markCell}<>"")`, bold: true });
  return rules;
}

/** The CPI's row in the KPI table: its values come from the block that shows how it is made. */
interface CompositeRow {
  readonly kind: "composite";
  readonly meta: KpiMeta;
  readonly title: string;
}

type TableRow = KpiRow | CompositeRow;

/** A comparison on the sheet: one group of one sample row against the rest or the period before. */
interface Comparison {
  /** Index into the stats table rows. */
  readonly at: number;
  readonly p: number | null;
}

export function planScorecard(input: PlanInput): Result<ScorecardPlan> {
  try {
    return plan(input);
  } catch (e) {
    if (e instanceof FormulaTooLong) {
      return errors.invalid(`the scorecard would need ${e.message}, past Excel's limit of ${MAX_FORMULA}: map fewer columns to one KPI`);
    }
    throw e;
  }
}

function plan(input: PlanInput): Result<ScorecardPlan> {
  const { spec, data } = input;
  const source = parseAddress(spec.source.address);
  if (!source) return errors.invalid(`the source range "${spec.source.address}" is not an A1 range`);
  if (data.rows.length === 0) return errors.invalid("the selected data has a header row but no data rows");
  for (const c of spec.columns) {
    if (c.index >= data.headers.length) return errors.invalid(`column ${c.index + 1} ("${c.header}") is outside the data, which has ${data.headers.length} columns`);
  }
  const dataSheet = input.dataSheet ?? spec.source.sheet;
  const firstDataRow = source.row + 1;
  const lastDataRow = source.row + data.rows.length;
  const prefix = sheetPrefix(dataSheet);
  const refOf = (index: number): string => {
    const letter = columnLetter(source.col + index);
    return `${prefix}$${letter}$${firstDataRow + 1}:$${letter}$${lastDataRow + 1}`;
  };
  const mode = spec.mode;
  const settingsOf = (id: string): KpiSettings => spec.kpis[id] ?? {};
  const minN = spec.minN ?? SMALL_SAMPLE;
  const q = spec.fdrQ ?? DEFAULT_Q;

  // Rows, leading first, then lagging; within each, the registry's order.
  const all = kpiRows(spec, input.registry);
  if (all.length === 0) {
    return errors.invalid("no KPI to show: map at least one column to a KPI (NPS, CSAT, CES, FCR, ...) or give the inputs of an aggregate KPI");
  }
  // The registry's order of KPIs; one it does not list (a registry copy's) after the others.
  const order = (m: KpiMeta) => (KPIS.includes(m) ? KPIS.indexOf(m) : KPIS.length);
  const byOrder = (x: KpiRow, y: KpiRow) => order(x.meta) - order(y.meta);
  const leading = all.filter((d) => d.meta.indicator === "leading").sort(byOrder);
  const lagging = all.filter((d) => d.meta.indicator === "lagging").sort(byOrder);
  const kpis = [...leading, ...lagging];
  const samples = kpis.filter((d): d is SampleRow => d.kind === "sample");
  // The Customer Performance Index, first on the sheet, where at least two KPIs can go in.
  const comp = composition(kpis, settingsOf);
  const composite: CompositeRow[] = comp.components.length >= MIN_COMPONENTS
    ? [{ kind: "composite", meta: kpiMeta("CPI") as KpiMeta, title: "Customer Performance Index (CPI)" }]
    : [];
  const components = composite.length > 0 ? comp.components : [];
  // The index has an n (and a trend) where a component made from data rows takes part.
  const cpiFromRows = components.some((c) => c.row.kind === "sample");
  const rows: TableRow[] = [...composite, ...kpis];
  // Groups: 0 everyone, then segments, then periods.
  const segmentColumn = spec.columns.find((c) => c.role === "segment");
  const segments = segmentColumn ? segmentGroups(data, segmentColumn.index) : { groups: [], total: 0 };
  const periodColumn = spec.columns.find((c) => c.role === "period");
  const periods = periodColumn ? periodGroups(data, periodColumn.index, spec.trend) : [];
  const segCount = segments.groups.length;
  const groupCount = 1 + segCount + periods.length;
  // Columns that no KPI fills (no benchmark, baseline or target date given) are hidden: left out
  // of the view and the print, still there for whoever types a benchmark in later. The trend
  // blocks lay a period per column from B on, so no column among theirs is hidden: a hidden one
  // would drop its period (the sixth month under a hidden Target date) from the print and the charts.
  const given = (field: keyof KpiSettings) => rows.some((d) => settingsOf(d.meta.id)[field] !== undefined);
  const hiddenColumns: number[] = [
    ...(given("benchmark") ? [] : [C.benchmark, C.vsBenchmark]),
    ...(given("baseline") ? [] : [C.baseline, C.progress]),
    ...(given("targetDate") ? [] : [C.targetDate]),
  ].filter((k) => k > periods.length).sort((x, y) => x - y);
  // The CPI block: component, worst, best, weight, then a score per group in the columns from 4
  // on that are not hidden, under bare group labels (as the KPI table's header shows segments).
  const cpiGroupCols: number[] = [];
  for (let k = 4; cpiGroupCols.length < groupCount; k++) if (!hiddenColumns.includes(k)) cpiGroupCols.push(k);
  const groupCol = (g: number) => cpiGroupCols[g];
  const cpiWidth = groupCol(groupCount - 1) + 1;
  /** A row of the CPI block: its first four cells, then one per group at that group's column. */
  const cpiRow = <T,>(first: readonly T[], perGroup: (g: number) => T, blank: T): T[] => {
    const row: T[] = [...first, ...Array.from({ length: cpiWidth - first.length }, () => blank)];
    cpiGroupCols.forEach((col, g) => (row[col] = perGroup(g)));
    return row;
  };
  const cpiHeader = cpiRow<PlanCell>(["Component", "Worst (0)", "Best (100)", "Weight"],
    (g) => (g === 0 ? "All" : g <= segCount ? segments.groups[g - 1].label : periods[g - 1 - segCount].label), null);
  // Wide enough for each header on one line (wrapped beyond 28 characters).
  const fit = (base: number, header: string) => Math.max(base, Math.min(28, header.length + 2));
  const columnWidths = WIDTHS.map((w, k) => fit(w, HEADERS[k]));
  columnWidths.push(...segments.groups.map((g) => fit(12, g.label)));
  if (composite.length > 0) cpiHeader.forEach((h, k) => (columnWidths[k] = fit(columnWidths[k] ?? 10, typeof h === "string" ? h : "")));
  const shownWidths = columnWidths.map((w, k) => (hiddenColumns.includes(k) ? 0 : w));
  const rowSegment = new Int32Array(data.rows.length).fill(-1);
  segments.groups.forEach((g, j) => g.rows.forEach((k) => (rowSegment[k] = 1 + j)));
  const rowPeriod = new Int32Array(data.rows.length).fill(-1);
  periods.forEach((p, j) => p.rows.forEach((k) => (rowPeriod[k] = 1 + segCount + j)));
  const counted = countGroups(samples, data, groupCount, rowSegment, rowPeriod, (k) => source.row + 2 + k);
  const statsOf = new Map<SampleRow, GroupStats[]>(samples.map((d, k) => [d, counted[k]]));

  // Every sample row must have something to compute from: a mapped column with no usable values is an error.
  for (const d of samples) {
    const v = groupValue(d, (statsOf.get(d) as GroupStats[])[0], true);
    if (isKpiError(v) && v.code === "#N/A") return errors.invalid(`${d.title}: the column has no usable values (${v.message})`);
  }

  // Positions, top to bottom, so that every block can refer to the statistics table at the end.
  const sections = [composite, leading, lagging].filter((list) => list.length > 0);
  const kpiRowCount = sections.reduce((k, list) => k + list.length + 1, 0);
  const tableTop = HEADER_ROW + 1;
  const rowOfKpi = new Map<TableRow, number>();
  {
    let r = tableTop;
    if (composite.length > 0) {
      r++;
      for (const d of composite) rowOfKpi.set(d, r++);
    }
    if (leading.length > 0) {
      r++;
      for (const d of leading) rowOfKpi.set(d, r++);
    }
    if (lagging.length > 0) {
      r++;
      for (const d of lagging) rowOfKpi.set(d, r++);
    }
  }
  let cursor = tableTop + kpiRowCount + 1;
  const segmentBlocks = segCount > 0 && samples.length > 0;
  // The n and mark blocks hold a row for each KPI row that has a value per segment (samples and
  // the CPI), in the table's order and without gaps: a KPI with no per-segment value (churn,
  // CLV) has no row there, rather than an empty one that reads as missing data.
  const segmentRows: readonly TableRow[] = [...composite, ...leading, ...lagging].filter((d) => d.kind !== "aggregate");
  const nBlockTitle = cursor;
  const markBlockTitle = nBlockTitle + segmentRows.length + 2;
  if (segmentBlocks) cursor = markBlockTitle + segmentRows.length + 2;
  /** Where a KPI row's n and mark rows sit (only for the rows in segmentRows). */
  const nRowOf = (d: TableRow) => nBlockTitle + 1 + segmentRows.indexOf(d);
  const markRowOf = (d: TableRow) => markBlockTitle + 1 + segmentRows.indexOf(d);
  const inputKeys = inputsUsed(kpis, spec, AGGREGATE_INPUTS.map((a) => a.key));
  const inputsTitleRow = cursor;
  const inputCell = new Map<AggregateInput, string>();
  inputKeys.forEach((key, k) => inputCell.set(key, cellAddress(inputsTitleRow + 1 + k, 1, true)));
  if (inputKeys.length > 0) cursor += inputKeys.length + 2;
  // How the CPI is made: a title, a header, a row per component, the index and its n.
  const cpiTitleRow = cursor;
  const cpiFirst = cpiTitleRow + 2;
  const cpiIndexRow = cpiFirst + components.length;
  if (composite.length > 0) cursor = cpiIndexRow + 3;
  const legendRow = cursor;
  cursor += 8;
  const segmentsNoteRow = cursor;
  if (segments.total > segCount) cursor += 2;
  const trendRows: TableRow[] = periods.length > 0 ? [...(cpiFromRows ? composite : []), ...samples] : [];
  const trendTitleRow = cursor;
  const trendNTitle = trendTitleRow + trendRows.length + 2;
  const trendMarkTitle = trendNTitle + trendRows.length + 2;
  if (trendRows.length > 0) cursor = trendMarkTitle + trendRows.length + 2;
  // Charts, on a page of their own: a trend line per sample KPI, then its value per segment as columns.
  const chartTop = cursor;
  const chartKinds: ("line" | "bar")[] = [...(trendRows.length > 0 ? ["line" as const] : []), ...(segCount > 0 ? ["bar" as const] : [])];
  const chartCount = (chartKinds.includes("line") ? trendRows.length : 0) + (chartKinds.includes("bar") ? samples.length : 0);
  const chartSpans = chartColumns(shownWidths, CHARTS_PER_ROW);
  if (chartCount > 0) cursor = chartTop + 1 + Math.ceil(chartCount / CHARTS_PER_ROW) * (CHART_ROWS + 1) + 1;
  const statsTitleRow = cursor;
  const statsHeaderRow = statsTitleRow + 1;
  // Stats rows: per sample row, a row naming its statistics, then a row per group.
  const statsRowOf = new Map<SampleRow, number>();
  {
    let r = statsHeaderRow + 1;
    for (const d of samples) {
      statsRowOf.set(d, r + 1);
      r += 1 + groupCount;
    }
  }
  const statsLastRow = statsHeaderRow + samples.length * (1 + groupCount);
  const statCell = (d: SampleRow, g: number, col: number) => cellAddress((statsRowOf.get(d) as number) + g, col, true);
  const statRefs = (d: SampleRow, g: number) => d.model.statistics.map((_, k) => statCell(d, g, S.firstStat + k));
  const inputs = { customers: inputCell.get("customers") };
  // Columns of the CPI block: worst, best, weight, then a score per group.
  const CP = { worst: 1, best: 2, weight: 3 } as const;
  const cpiCell = (row: number, col: number) => cellAddress(row, col, true);
  const cpiColumn = (col: number) => `${cpiCell(cpiFirst, col)}:${cpiCell(cpiIndexRow - 1, col)}`;

  // Segment labels live in the header row; segment conditions compare with those cells.
  const segmentRef = segmentColumn ? refOf(segmentColumn.index) : "";
  const periodRef = periodColumn ? refOf(periodColumn.index) : "";
  const conditionOf = (g: number): string | null => {
    if (g === 0) return null;
    if (g <= segCount) return segmentCondition(segmentRef, cellAddress(HEADER_ROW, C.firstSegment + g - 1, true));
    return periodCondition(periodRef, periods[g - 1 - segCount]);
  };
  const groupLabel = (g: number): string => {
    if (g === 0) return "All";
    if (g <= segCount) return `${segmentColumn?.header ?? "Segment"}: ${segments.groups[g - 1].label}`;
    return periods[g - 1 - segCount].label;
  };

  // Values, intervals and tests of every group, from the statistics.
  interface Computed {
    readonly value: Result<number>;
    readonly n: number;
    readonly interval: readonly [number, number] | null;
    readonly other: { readonly label: string; readonly value: Result<number>; readonly n: number } | null;
    readonly p: number | null;
  }
  const computed = new Map<SampleRow, Computed[]>();
  const comparisons: Comparison[] = [];
  for (const d of samples) {
    const groups = statsOf.get(d) as GroupStats[];
    const list: Computed[] = [];
    for (let g = 0; g < groupCount; g++) {
      const gs = groups[g];
      const value = groupValue(d, gs, g === 0);
      const interval = isKpiError(value) ? null : d.model.interval(gs.stats, CONFIDENCE, g === 0);
      let other: Computed["other"] = null;
      let otherStats: GroupStats | null = null;
      if (g >= 1 && g <= segCount) {
        otherStats = restOf(groups[0], gs);
        other = { label: "rest of the sample", value: groupValue(d, otherStats, false), n: otherStats.stats[0] };
      } else if (g > segCount + 1) {
        otherStats = groups[g - 1];
        other = { label: `previous period (${groupLabel(g - 1)})`, value: groupValue(d, otherStats, false), n: otherStats.stats[0] };
      }
      let p: number | null = null;
      if (other && otherStats && !isKpiError(value) && !isKpiError(other.value)) {
        const r = d.model.pValue(gs.stats, otherStats.stats);
        p = isKpiError(r) ? null : r;
      }
      if (other) comparisons.push({ at: (statsRowOf.get(d) as number) + g, p });
      list.push({ value, n: gs.stats[0], interval, other, p });
    }
    computed.set(d, list);
  }
  // Benjamini-Hochberg over every comparison on the sheet.
  const tested = comparisons.filter((c) => c.p !== null);
  const adjusted = new Map<number, { adjusted: number; rank: number }>();
  if (tested.length > 0) {
    const ps = tested.map((c) => c.p as number);
    const adj = benjaminiHochberg(ps);
    // Ranks count near-ties (within RANK_TOLERANCE) as ties, so that the spreadsheet's p-values,
    // equal to ours within rounding, rank the same; the adjusted p-values do not depend on it.
    tested.forEach((c, k) => adjusted.set(c.at, { adjusted: adj[k], rank: ps.filter((x) => x <= ps[k] * (1 + RANK_TOLERANCE)).length }));
  }
  const markOf = (d: SampleRow, g: number): string => {
    const c = (computed.get(d) as Computed[])[g];
    const a = adjusted.get((statsRowOf.get(d) as number) + g);
    if (!a || !c.other || isKpiError(c.value) || isKpiError(c.other.value)) return "";
    if (!(a.adjusted <= q && c.n >= minN && c.other.n >= minN)) return "";
    return c.value > c.other.value ? MARK_UP : MARK_DOWN;
  };

  const markedDifferences = (): MarkedDifference[] => {
    const out: MarkedDifference[] = [];
    for (const d of samples) {
      const mine = computed.get(d) as Computed[];
      for (let g = 1; g < groupCount; g++) {
        const mark = markOf(d, g);
        const c = mine[g];
        const a = adjusted.get((statsRowOf.get(d) as number) + g);
        if (!mark || !a || !c.other || isKpiError(c.value) || isKpiError(c.other.value) || c.p === null) continue;
        out.push({
          id: d.meta.id, kind: g <= segCount ? "segment" : "period", title: d.title, numberFormat: d.meta.numberFormat, group: groupLabel(g), comparedWith: c.other.label, value: c.value,
          otherValue: c.other.value, n: c.n, p: c.p, adjustedP: a.adjusted, direction: mark === MARK_UP ? "higher" : "lower",
        });
      }
    }
    return out.sort((x, y) => x.adjustedP - y.adjustedP || x.p - y.p);
  };

  // The CPI's components: their value and n per group (aggregate KPIs have no segment or period
  // value), their scores, and the index with its n.
  const componentValue = (row: KpiRow, g: number): Result<number> | null => {
    if (row.kind === "aggregate") return g === 0 ? row.value : null;
    return (computed.get(row) as Computed[])[g].value;
  };
  const componentN = (row: KpiRow, g: number): number | null => (row.kind === "aggregate" ? null : (computed.get(row) as Computed[])[g].n);
  const scores = components.map((c) => Array.from({ length: groupCount }, (_, g) => scoreOf(componentValue(c.row, g), c)));
  const weights = components.map((c) => c.weight);
  const groupScores = (g: number) => scores.map((list) => list[g]);
  const cpiValues = Array.from({ length: groupCount }, (_, g) => indexOf(groupScores(g), weights));
  const cpiNs = Array.from({ length: groupCount }, (_, g) => smallestN(groupScores(g), components.map((c) => componentN(c.row, g))));
  // Where each component's value and n of a group sit on the sheet (null: it has none there).
  const trendIndex = (row: KpiRow) => trendRows.indexOf(row);
  const cpiNCell = (g: number): PlanCell => (cpiFromRows ? numberOr(cpiNs[g], `=${cpiCell(cpiIndexRow + 1, groupCol(g))}`) : null);
  const componentRefs = (row: KpiRow, g: number): { value: string; n: string | null } | null => {
    const r = rowOfKpi.get(row) as number;
    if (g === 0) return { value: cellAddress(r, C.value, true), n: row.kind === "sample" ? cellAddress(r, C.n, true) : null };
    if (row.kind !== "sample") return null;
    if (g <= segCount) return { value: cellAddress(r, C.firstSegment + g - 1, true), n: cellAddress(nRowOf(row), C.firstSegment + g - 1, true) };
    const k = trendIndex(row);
    const col = 1 + (g - 1 - segCount);
    return { value: cellAddress(trendTitleRow + 1 + k, col, true), n: cellAddress(trendNTitle + 1 + k, col, true) };
  };

  const b = new Builder();
  const sheetName = scorecardSheetName(input.existingSheets, input.replaceSheet);
  const lastCol = C.firstSegment + segCount - 1;
  const valueCell = (formula: string | null, v: Result<number>): PlanCell => {
    if (mode === "values" || formula === null) return isKpiError(v) ? `${v.code} ${v.message}` : v;
    return f(formula, cached(v));
  };
  const numberOr = (v: number | null | undefined, formula: string | null): PlanCell => {
    const value = v === null || v === undefined ? "" : v;
    if (mode === "values" || formula === null) return value === "" ? null : value;
    return f(formula, value);
  };

  // Title block and settings.
  const title = spec.title ?? "Customer KPI Scorecard";
  const sourceLabel = spec.source.table
    ? `${spec.source.table} (${sheetPrefix(spec.source.sheet)}${spec.source.address})`
    : `${sheetPrefix(spec.source.sheet)}${spec.source.address}`;
  const modeLabel = { live: "Live (KPI.* formulas, recalculate with the add-in)", portable: "Portable (native Excel formulas, no add-in needed)", values: "Values (a snapshot)" }[mode];
  b.block(0, 0, [[title], [`Source: ${sourceLabel}, ${data.rows.length.toLocaleString("en-US")} data rows${(input.sourceNotes ?? []).map((n) => `; ${n}`).join("")}`], [`Built: ${input.builtAt.toISOString().slice(0, 16).replace("T", " ")} UTC. Mode: ${modeLabel}`]]);
  b.style({ range: { row: 0, col: 0, rows: 1, cols: 1 }, bold: true, fontSize: 16 });
  b.style({ range: { row: 1, col: 0, rows: 2, cols: 1 }, italic: true, fontColor: "#595959" });
  b.block(SETTINGS_ROW, 0, [
    ["Minimum n to band", minN],
    ["False discovery rate q for ▲ / ▼", q],
  ], [["General", "0"], ["General", "0.00"]]);
  b.style({ range: { row: SETTINGS_ROW, col: 1, rows: 2, cols: 1 }, fill: "#FFF2CC", bold: true });

  // Header row: the segment columns hold the bare labels that segment formulas compare with.
  if (segCount > 0) {
    // The segment column's name only: longer text would run past the last segment and be cut off in print.
    b.block(HEADER_ROW - 1, C.firstSegment, [[segmentColumn?.header ?? "Segment"]]);
    b.style({ range: { row: HEADER_ROW - 1, col: C.firstSegment, rows: 1, cols: 1 }, bold: true });
  }
  b.block(HEADER_ROW, 0, [[...HEADERS, ...segments.groups.map((g) => g.label)]]);
  b.style({ range: { row: HEADER_ROW, col: 0, rows: 1, cols: lastCol + 1 }, bold: true, fill: "#1F4E79", fontColor: "#FFFFFF", horizontal: "center", wrap: true });

  // Notes wrap within their column instead of running under the segment values.
  if (rows.length > 0) b.style({ range: { row: tableTop, col: C.note, rows: kpiRowCount, cols: 1 }, wrap: true });
  const summary: KpiSummary[] = [];
  // Rows as tall as their wrapped note, so a viewer that keeps row heights (LibreOffice) shows it whole.
  const rowHeights: { row: number; points: number }[] = [];
  const sectionLabel = (list: readonly TableRow[]) =>
    list === composite ? "Composite index (how it is made: below)" : list === leading ? "Leading indicators (predict)" : "Lagging indicators (confirm)";
  for (const list of sections) {
    const r = (rowOfKpi.get(list[0]) as number) - 1;
    b.block(r, 0, [[sectionLabel(list)]]);
    b.style({ range: { row: r, col: 0, rows: 1, cols: lastCol + 1 }, bold: true, fill: "#D9E1F2" });
  }

  const segmentLines: { d: TableRow; nRow: PlanCell[]; markRow: PlanCell[] }[] = [];
  for (const d of rows) {
    const r = rowOfKpi.get(d) as number;
    const settings = settingsOf(d.meta.id);
    const fmt = d.meta.numberFormat;
    const addr = (col: number) => cellAddress(r, col);
    const sample = d.kind === "sample" ? d : null;
    const isComposite = d.kind === "composite";
    const mine = sample ? (computed.get(sample) as Computed[]) : null;
    const value = sample && mine ? mine[0].value : d.kind === "composite" ? cpiValues[0] : (d as AggregateRow).value;
    const valueNumber = isKpiError(value) ? null : value;
    const n = mine ? mine[0].n : isComposite ? cpiNs[0] : null;
    const hasN = sample !== null || isComposite;
    const tooFew = n !== null && n < minN;

    let mainFormula: string | null = null;
    if (mode !== "values") {
      if (isComposite) {
        mainFormula = `=${cpiCell(cpiIndexRow, groupCol(0))}`;
      } else if (sample) {
        const refs = sample.columns.map((c) => refOf(c.index));
        // Live: the add-in's function where it can take the columns as they lie; else the native statistics.
        const live = mode === "live" ? sample.model.liveFormula(refs, null, true, inputs) : null;
        mainFormula = live ?? `=${statCell(sample, 0, S.value)}`;
      } else {
        const agg = d as AggregateRow;
        const refs: Record<string, string | undefined> = {};
        for (const k of [...agg.kpi.inputs, ...agg.kpi.optional]) refs[k] = inputCell.get(k as AggregateInput);
        mainFormula = mode === "live" ? agg.kpi.live(refs) : agg.kpi.native(refs);
      }
    }

    // Thresholds: user overrides, defaults, or (target-based) formulas on the target cell.
    const target = settings.target;
    let thresholds: Thresholds | null = null;
    let greenCell: PlanCell = null;
    let amberCell: PlanCell = null;
    const t = thresholdsFor(d.meta, settings.green ?? (d.meta.bands.kind === "target" ? target : undefined), settings.amber);
    if (!isKpiError(t)) {
      thresholds = t;
      if (d.meta.bands.kind === "target" && settings.green === undefined && target !== undefined) {
        greenCell = f(`=${addr(C.target)}`, t.green);
        amberCell = settings.amber === undefined ? f(`=${addr(C.target)}*${d.meta.bands.amberShare}`, t.amber) : t.amber;
      } else {
        greenCell = t.green;
        amberCell = t.amber;
      }
    }
    // The middle band says what it is short of, so that amber never reads as plain praise ("Good" in amber).
    const labels = d.meta.bands.kind === "fixed"
      ? [d.meta.bands.labels[0], `${d.meta.bands.labels[1]}, not yet ${d.meta.bands.labels[0]}`, d.meta.bands.labels[2]]
      : d.meta.bands.labels;
    const ge = d.meta.direction === "higher" ? ">=" : "<=";
    const band = valueNumber !== null && thresholds && !tooFew ? bandIndex(valueNumber, thresholds) : null;
    const nRef = addr(C.n);
    const tooFewText = `n < ${minN}`;
    const status = f(
      `=IF(AND(ISNUMBER(${addr(C.value)}),ISNUMBER(${addr(C.green)}),ISNUMBER(${addr(C.amber)})),IF(AND(ISNUMBER(${nRef}),${nRef}<${MIN_N_CELL}),"n < "&${MIN_N_CELL},IF(${addr(C.value)}${ge}${addr(C.green)},${literal(labels[0])},IF(${addr(C.value)}${ge}${addr(C.amber)},${literal(labels[1])},${literal(labels[2])}))),"")`,
      valueNumber !== null && thresholds ? (tooFew ? tooFewText : labels[band as number]) : "",
    );
    const nCell: PlanCell = sample ? numberOr(n, `=${statCell(sample, 0, S.n)}`) : isComposite ? cpiNCell(0) : null;
    const interval = mine ? mine[0].interval : null;
    const hasInterval = sample !== null && sample.model.intervalFormulas(statRefs(sample, 0), CONFIDENCE, true) !== null;
    const lowCell: PlanCell = hasInterval && sample ? numberOr(interval?.[0], `=${statCell(sample, 0, S.low)}`) : null;
    const highCell: PlanCell = hasInterval && sample ? numberOr(interval?.[1], `=${statCell(sample, 0, S.high)}`) : null;
    const gap = valueNumber !== null && target !== undefined ? valueNumber - target : "";
    const gapCell = f(`=IF(AND(ISNUMBER(${addr(C.value)}),ISNUMBER(${addr(C.target)})),${addr(C.value)}-${addr(C.target)},"")`, gap);
    const baseline = settings.baseline;
    const progressValue = valueNumber !== null && target !== undefined && baseline !== undefined && target !== baseline ? (valueNumber - baseline) / (target - baseline) : "";
    const progressBody = mode === "live"
      ? `KPI.PROGRESS(${addr(C.baseline)},${addr(C.value)},${addr(C.target)})`
      : `(${addr(C.value)}-${addr(C.baseline)})/(${addr(C.target)}-${addr(C.baseline)})`;
    const progressCell = f(`=IF(AND(ISNUMBER(${addr(C.value)}),ISNUMBER(${addr(C.target)}),ISNUMBER(${addr(C.baseline)}),${addr(C.target)}<>${addr(C.baseline)}),${progressBody},"")`, progressValue);
    const benchmark = settings.benchmark;
    const vsBenchmark = f(`=IF(AND(ISNUMBER(${addr(C.value)}),ISNUMBER(${addr(C.benchmark)})),${addr(C.value)}-${addr(C.benchmark)},"")`, valueNumber !== null && benchmark !== undefined ? valueNumber - benchmark : "");
    const notes: string[] = [];
    if (sample && mode !== "values" && sample.model.statFormulas(sample.columns.map((c) => refOf(c.index)), null) === null) {
      notes.push("computed by the add-in (no native Excel formula)");
    }
    if (sample && sample.model.note(true)) notes.push(sample.model.note(true));
    const charted = sample !== null && (trendRows.includes(sample) || segCount > 0);
    if (sample && charted && chartTitle(sample) !== sample.title) notes.push(`chart titled "${chartTitle(sample)}"; columns: ${sample.columns.map((c) => c.header).join(", ")}`);
    if (isComposite) {
      notes.push(`made of ${components.map((c) => shortName(c.row.title)).join(", ")}, weighted (see How the CPI is made)`);
      if (comp.leftOut.length > 0) notes.push(`left out: ${comp.leftOut.map((x) => `${x.row.title} (${x.why})`).join(", ")}`);
    }
    if (isKpiError(value)) notes.push(value.message);
    if (d.meta.bands.kind === "target" && target === undefined && settings.green === undefined) notes.push("set a target to band this KPI");
    const others = notes.join("; ");
    const smallText = `too few to band (n < ${minN})`;
    const noteCell: PlanCell = n === null || mode === "values"
      ? [tooFew ? smallText : "", others].filter((x) => x !== "").join("; ")
      : f(
        `=IF(AND(ISNUMBER(${nRef}),${nRef}<${MIN_N_CELL}),"too few to band (n < "&${MIN_N_CELL}&")"&${literal(others ? `; ${others}` : "")},${literal(others)})`,
        [tooFew ? smallText : "", others].filter((x) => x !== "").join("; "),
      );
    const noteLines = Math.ceil(([tooFew ? smallText : "", others].filter((x) => x !== "").join("; ").length * NOTE_CHAR) / columnWidths[C.note]);
    if (noteLines > 1) rowHeights.push({ row: r, points: Math.min(409, noteLines * LINE_POINTS) });

    const cells: PlanCell[] = [
      d.title, valueCell(mainFormula, value), nCell, lowCell, highCell, target ?? null, settings.targetDate ?? null, gapCell,
      baseline ?? null, progressCell, benchmark ?? null, vsBenchmark, greenCell, amberCell, status, noteCell,
    ];
    const formats = ["General", fmt, "#,##0", fmt, fmt, fmt, "yyyy-mm-dd", fmt, fmt, "0%", fmt, fmt, fmt, fmt, "General", "General"];
    const nRow: PlanCell[] = [];
    const markRow: PlanCell[] = [];
    for (let j = 0; j < segCount; j++) {
      const g = 1 + j;
      if (isComposite) {
        cells.push(valueCell(`=${cpiCell(cpiIndexRow, groupCol(g))}`, cpiValues[g]));
        formats.push(fmt);
        nRow.push(cpiNCell(g));
        markRow.push(null);
        continue;
      }
      if (!sample || !mine) {
        cells.push(null);
        formats.push("General");
        continue;
      }
      // Live too: a segment's value is its native statistics' (no KPI.* function takes a group without an array mask).
      const formula = mode === "values" ? null : `=${statCell(sample, g, S.value)}`;
      cells.push(valueCell(formula, mine[g].value));
      formats.push(fmt);
      nRow.push(numberOr(mine[g].n, `=${statCell(sample, g, S.n)}`));
      const mark = markOf(sample, g);
      markRow.push(mode === "values" || !mine[g].other ? mark : f(`=${statCell(sample, g, S.mark)}`, mark));
    }
    b.block(r, 0, [cells], [formats]);
    if (hasN && segmentBlocks) segmentLines.push({ d, nRow, markRow });

    // Bands: value, status and segment cells compare with this row's threshold cells.
    const lower = d.meta.direction === "lower";
    const green = `$${columnLetter(C.green)}${r + 1}`;
    const amber = `$${columnLetter(C.amber)}${r + 1}`;
    const nAbs = `$${columnLetter(C.n)}${r + 1}`;
    b.conditionalFormats.push({ range: { row: r, col: C.value, rows: 1, cols: 1 }, rules: bandRules(addr(C.value), green, amber, lower, hasN ? nAbs : null, null) });
    b.conditionalFormats.push({ range: { row: r, col: C.status, rows: 1, cols: 1 }, rules: bandRules(`$${columnLetter(C.value)}${r + 1}`, green, amber, lower, hasN ? nAbs : null, null) });
    if (segmentBlocks && hasN) {
      b.conditionalFormats.push({
        range: { row: r, col: C.firstSegment, rows: 1, cols: segCount },
        rules: bandRules(addr(C.firstSegment), green, amber, lower, cellAddress(nRowOf(d), C.firstSegment), cellAddress(markRowOf(d), C.firstSegment)),
      });
    }
    summary.push({
      id: d.meta.id,
      title: d.title,
      value: valueNumber,
      error: isKpiError(value) ? `${value.code} ${value.message}` : null,
      band: band === null ? null : d.meta.bands.labels[band],
      bandIndex: band,
      n,
      numberFormat: fmt,
      low: interval?.[0] ?? null,
      high: interval?.[1] ?? null,
      tooFew,
    });
  }
  // The n and marks of each segment value, after the table they describe.
  for (const { d, nRow, markRow } of segmentLines) {
    b.block(nRowOf(d), 0, [[`n: ${d.title}`]]);
    b.block(nRowOf(d), C.firstSegment, [nRow], [nRow.map(() => "#,##0")]);
    b.block(markRowOf(d), 0, [[`vs rest: ${d.title}`]]);
    b.block(markRowOf(d), C.firstSegment, [markRow]);
    b.style({ range: { row: markRowOf(d), col: C.firstSegment, rows: 1, cols: segCount }, horizontal: "center" });
  }
  if (segmentBlocks) {
    b.block(nBlockTitle, 0, [[`n behind each segment value (below ${minN}: shown in grey, not banded)`]]);
    b.block(markBlockTitle, 0, [[`Segment against the rest of the sample: ${MARK_UP} higher, ${MARK_DOWN} lower, where the difference survives the false discovery rate q`]]);
    b.style({ range: { row: nBlockTitle, col: 0, rows: 1, cols: 1 }, bold: true });
    b.style({ range: { row: markBlockTitle, col: 0, rows: 1, cols: 1 }, bold: true });
  }

  // Inputs of the aggregate KPIs.
  if (inputKeys.length > 0) {
    const label = (key: AggregateInput) => AGGREGATE_INPUTS.find((a) => a.key === key)?.label ?? key;
    b.block(
      inputsTitleRow, 0,
      [["Inputs (change them here to recalculate)", "Value"], ...inputKeys.map((key) => [label(key), spec.aggregates[key] ?? null])],
      [["General", "General"], ...inputKeys.map((key) => ["General", INPUT_FORMAT[key]])],
    );
    b.style({ range: { row: inputsTitleRow, col: 0, rows: 1, cols: 2 }, bold: true, borderBottom: true });
  }

  // How the CPI is made: worst, best and weight are the user's cells; scores and index read them.
  if (composite.length > 0) {
    b.block(cpiTitleRow, 0, [["How the CPI is made: each KPI placed on 0..100 between its worst (scores 0) and best (scores 100) with KPI.SCALE, then the weighted mean (KPI.CPI). Change a worst, best or weight and the index and its band follow."]]);
    b.block(cpiTitleRow + 1, 0, [cpiHeader]);
    b.style({ range: { row: cpiTitleRow, col: 0, rows: 1, cols: 1 }, bold: true });
    // Headers right-aligned over their numbers, as the trend block's: a group's score may sit in a
    // wide column (Status, Note), where a left-aligned header would stand far from its number.
    const cpiHeaderStyle = { bold: true, fill: "#1F4E79", fontColor: "#FFFFFF", wrap: true } as const;
    b.style({ range: { row: cpiTitleRow + 1, col: 0, rows: 1, cols: 1 }, ...cpiHeaderStyle });
    b.style({ range: { row: cpiTitleRow + 1, col: 1, rows: 1, cols: cpiWidth - 1 }, ...cpiHeaderStyle, horizontal: "right" });
    const live = mode === "live";
    const table: PlanCell[][] = components.map((c, k) => {
      const row = cpiFirst + k;
      return cpiRow<PlanCell>([c.row.title, c.worst, c.best, c.weight], (g) => {
        const refs = componentRefs(c.row, g);
        const score = scores[k][g];
        if (mode === "values" || refs === null) return score === null ? null : isKpiError(score) ? `${score.code} ${score.message}` : score;
        return f(scoreFormula(live, refs.value, cpiCell(row, CP.worst), cpiCell(row, CP.best)), score === null ? "" : cached(score));
      }, null);
    });
    const weightSum = weights.reduce((x, y) => x + y, 0);
    const indexRow = cpiRow<PlanCell>(["Customer Performance Index (CPI)", null, null, mode === "values" ? weightSum : f(`=SUM(${cpiColumn(CP.weight)})`, weightSum)],
      (g) => valueCell(`=${indexFormula(live, cpiColumn(groupCol(g)), cpiColumn(CP.weight))}`, cpiValues[g]), null);
    const nRowCells = cpiRow<PlanCell>(["n (the smallest of its components)", null, null, null], (g) => {
      const pairs = components.flatMap((c, k) => {
        const refs = componentRefs(c.row, g);
        return refs?.n ? [{ score: cpiCell(cpiFirst + k, groupCol(g)), n: refs.n }] : [];
      });
      return pairs.length === 0 ? null : numberOr(cpiNs[g], `=${smallestNFormula(pairs)}`);
    }, null);
    const fmtOf = (c: { row: KpiRow }) => c.row.meta.numberFormat;
    b.block(cpiFirst, 0, [...table, indexRow, nRowCells], [
      ...components.map((c) => cpiRow(["General", fmtOf(c), fmtOf(c), "General"], () => "0.0", "General")),
      cpiRow(["General", "General", "General", "General"], () => "0.0", "General"),
      cpiRow(["General", "General", "General", "General"], () => "#,##0", "General"),
    ]);
    b.style({ range: { row: cpiFirst, col: CP.worst, rows: components.length, cols: 3 }, fill: "#FFF2CC", bold: true });
    b.style({ range: { row: cpiIndexRow, col: 0, rows: 1, cols: cpiWidth }, bold: true, borderBottom: true });
  }

  // Legend.
  const legendLines = [
    ["Bands (thresholds are the Green at / Amber at cells of each row: change them and the colours follow)"],
    ["Green: at or past Green at (at or below it where lower is better, such as churn)"],
    ["Amber: between Amber at and Green at"],
    ["Red: short of Amber at"],
    [`Grey: fewer answers than the minimum n (${minN}): too few to judge, so not coloured`],
    [`${MARK_UP} / ${MARK_DOWN} and bold: a segment higher / lower than the rest of the sample, or a period than the one before, after the Benjamini-Hochberg correction over every comparison on the sheet`],
    ["Intervals are 95 %: NPS ± its margin of error, CSAT and FCR Wilson, means Student t. Every figure's counts are in the statistics table at the bottom."],
  ];
  b.block(legendRow, 0, legendLines);
  b.style({ range: { row: legendRow, col: 0, rows: 1, cols: 1 }, bold: true });
  // Each band's fill runs as far as its text does, so no text runs past its colour.
  const spanOf = (text: string) => {
    let cols = 1;
    for (let width = shownWidths[0]; width < text.length * 1.05 + 2 && cols < shownWidths.length; cols++) width += shownWidths[cols];
    return cols;
  };
  legendLines.slice(1, 5).forEach((line, k) => {
    b.style({ range: { row: legendRow + 1 + k, col: 0, rows: 1, cols: spanOf(line[0]) }, ...BAND_STYLE[(["green", "amber", "red", "neutral"] as const)[k]] });
  });
  if (segments.total > segCount) {
    b.block(segmentsNoteRow, 0, [[`Segments: the ${segCount} most frequent of ${segments.total} values are shown.`]]);
  }

  // Trend block, its n and marks, and charts.
  const charts: PlanChart[] = [];
  if (trendRows.length > 0) {
    const periodHeader = periods.map((p) => p.label);
    b.block(trendTitleRow, 0, [[`Trend by ${spec.trend}`, ...periodHeader]]);
    b.block(trendNTitle, 0, [[`n by ${spec.trend} (below ${minN}: grey, not banded)`, ...periodHeader]]);
    b.block(trendMarkTitle, 0, [[`vs the ${spec.trend} before: ${MARK_UP} higher, ${MARK_DOWN} lower`, ...periodHeader]]);
    for (const top of [trendTitleRow, trendNTitle, trendMarkTitle]) {
      b.style({ range: { row: top, col: 0, rows: 1, cols: periods.length + 1 }, bold: true, fill: "#1F4E79", fontColor: "#FFFFFF" });
      // Period labels stand over their numbers (right), marks under them (centred, below).
      b.style({ range: { row: top, col: 1, rows: 1, cols: periods.length }, horizontal: top === trendMarkTitle ? "center" : "right" });
    }
    trendRows.forEach((d, k) => {
      const r = trendTitleRow + 1 + k;
      const cells: PlanCell[] = [d.title];
      const formats: string[] = ["General"];
      const nCells: PlanCell[] = [`n: ${d.title}`];
      const markCells: PlanCell[] = [`vs before: ${d.title}`];
      periods.forEach((_, j) => {
        const g = 1 + segCount + j;
        if (d.kind !== "sample") {
          // The CPI: read from the block that shows how it is made; no test, so no mark.
          const v = cpiValues[g];
          cells.push(mode === "values" ? (isKpiError(v) ? "" : v) : f(`=${cpiCell(cpiIndexRow, groupCol(g))}`, cached(v)));
          formats.push(d.meta.numberFormat);
          nCells.push(cpiNCell(g));
          markCells.push(null);
          return;
        }
        const mine = computed.get(d) as Computed[];
        const v = mine[g].value;
        const formula = mode === "values" ? null : `=${statCell(d, g, S.value)}`;
        cells.push(mode === "values" || formula === null ? (isKpiError(v) ? "" : v) : f(formula, cached(v)));
        formats.push(d.meta.numberFormat);
        nCells.push(numberOr(mine[g].n, `=${statCell(d, g, S.n)}`));
        const mark = markOf(d, g);
        markCells.push(mode === "values" || !mine[g].other ? mark : f(`=${statCell(d, g, S.mark)}`, mark));
      });
      b.block(r, 0, [cells], [formats]);
      b.block(trendNTitle + 1 + k, 0, [nCells], [nCells.map((_, j) => (j === 0 ? "General" : "#,##0"))]);
      b.block(trendMarkTitle + 1 + k, 0, [markCells]);
      b.style({ range: { row: trendMarkTitle + 1 + k, col: 1, rows: 1, cols: periods.length }, horizontal: "center" });
      const kpiRow = rowOfKpi.get(d) as number;
      const green = `$${columnLetter(C.green)}$${kpiRow + 1}`;
      const amber = `$${columnLetter(C.amber)}$${kpiRow + 1}`;
      b.conditionalFormats.push({
        range: { row: r, col: 1, rows: 1, cols: periods.length },
        rules: bandRules(cellAddress(r, 1), green, amber, d.meta.direction === "lower", cellAddress(trendNTitle + 1 + k, 1), cellAddress(trendMarkTitle + 1 + k, 1)),
      });
    });
  }
  /** A chart's title: the row's (within Excel's limit), and what it is plotted over when that fits too. */
  const titled = (d: Parameters<typeof chartTitle>[0], over: string) => {
    const t = chartTitle(d);
    return t.length + over.length <= MAX_CHART_TITLE ? `${t}${over}` : t;
  };
  if (chartCount > 0) {
    b.block(chartTop, 0, [[`Charts: ${[trendRows.length > 0 ? `each KPI by ${spec.trend}` : "", segCount > 0 ? `by ${segmentColumn?.header ?? "segment"}` : ""].filter((x) => x).join(", then ")}`]]);
    b.style({ range: { row: chartTop, col: 0, rows: 1, cols: 1 }, bold: true, fontSize: 12 });
    const placed = (k: number): Rect => {
      const span = chartSpans[k % CHARTS_PER_ROW];
      return { row: chartTop + 1 + Math.floor(k / CHARTS_PER_ROW) * (CHART_ROWS + 1), col: span.col, rows: CHART_ROWS, cols: span.cols };
    };
    let k = 0;
    if (trendRows.length > 0) {
      trendRows.forEach((d, i) => {
        charts.push({
          type: "line",
          title: titled(d, ` by ${spec.trend}`),
          categories: { row: trendTitleRow, col: 1, rows: 1, cols: periods.length },
          values: { row: trendTitleRow + 1 + i, col: 1, rows: 1, cols: periods.length },
          anchor: placed(k++),
        });
      });
    }
    if (segCount > 0) {
      samples.forEach((d) => {
        const r = rowOfKpi.get(d) as number;
        charts.push({
          type: "bar",
          title: titled(d, ` by ${segmentColumn?.header ?? "segment"}`),
          categories: { row: HEADER_ROW, col: C.firstSegment, rows: 1, cols: segCount },
          values: { row: r, col: C.firstSegment, rows: 1, cols: segCount },
          anchor: placed(k++),
        });
      });
    }
  }

  // The statistics table: everything above is made of these counts.
  if (samples.length > 0) {
    const maxStats = Math.max(...samples.map((d) => d.model.statistics.length));
    b.block(statsTitleRow, 0, [["Statistics behind every number: the counts each value is made of, its interval, and each comparison's raw and adjusted p-value"]]);
    b.style({ range: { row: statsTitleRow, col: 0, rows: 1, cols: 1 }, bold: true, fontSize: 12 });
    b.block(statsHeaderRow, 0, [[...STATS_HEADERS, ...Array.from({ length: maxStats }, (_, k) => `Statistic ${k + 1}`)]]);
    b.style({ range: { row: statsHeaderRow, col: 0, rows: 1, cols: S.firstStat + maxStats }, bold: true, fill: "#1F4E79", fontColor: "#FFFFFF", wrap: true });
    const pRange = `$${columnLetter(S.p)}$${statsHeaderRow + 2}:$${columnLetter(S.p)}$${statsLastRow + 1}`;
    // Benjamini-Hochberg without an array IF: the adjusted p of rank r is the least of p(k)·m/k
    // over the ranks k from r to m, p(k) the k-th smallest p (SMALL skips the empty cells); ranks
    // past m are lifted above 1, which MIN(1, ...) then caps. Inside SUMPRODUCT, so every Excel
    // evaluates it as an array.
    const k = `(ROW(${pRange})-ROW($${columnLetter(S.p)}$${statsHeaderRow + 2})+1)`;
    const m = `COUNT(${pRange})`;
    const upToM = `(${k}-(${k}>${m})*(${k}-${m}))`;
    const adjustedOf = (p: string, rank: string) => `IF(ISNUMBER(${p}),MIN(1,SUMPRODUCT(MIN(SMALL(${pRange},${upToM})*${m}/${upToM}+((${k}<${rank})+(${k}>${m}))*2))),"")`;
    for (const d of samples) {
      const top = statsRowOf.get(d) as number;
      const mine = computed.get(d) as Computed[];
      const groups = statsOf.get(d) as GroupStats[];
      const refs = d.columns.map((c) => refOf(c.index));
      // Each of its data columns tested once for text ("text: none" when it holds numbers and
      // blanks only), in the title row's free cells before the statistics' names (so the sheet,
      // printed one page wide, grows no wider); the statistics choose their reading by these
      // cells (native.ts, byReading). Columns past the free cells keep the test inside their
      // formulas; a KPI without native statistics (sentiment) has none.
      const overallFormulas = mode === "values" ? null : d.model.statFormulas(refs, conditionOf(0));
      const tested = overallFormulas ? refs.slice(0, READING_TESTS) : [];
      const testCells = tested.map((_, k) => cellAddress(top - 1, S.value + k, true));
      const tests: PlanCell[] = tested.map((ref, k) => f(readingTestCell(ref), holdsNumbersOnly(data, d.columns[k].index) ? 1 : 0));
      const free = S.mark - S.value - tests.length;
      const titleFormats = [["General", "General", ...tests.map(() => READING_TEST_FORMAT), ...Array.from({ length: free + 1 + d.model.statistics.length }, () => "General")]];
      b.block(top - 1, 0, [[d.title, tests.length > 0 ? "text:" : null, ...tests, ...Array.from({ length: free }, () => null), "statistics:", ...d.model.statistics]], titleFormats);
      b.style({ range: { row: top - 1, col: 0, rows: 1, cols: S.firstStat + maxStats }, bold: true, fill: "#D9E1F2" });
      const fmt = d.meta.numberFormat;
      const block: PlanCell[][] = [];
      const formats: string[][] = [];
      for (let g = 0; g < groupCount; g++) {
        const c = mine[g];
        const row = top + g;
        const at = (col: number) => cellAddress(row, col);
        const own = statRefs(d, g);
        const statValues = groups[g].stats;
        const statFormulas = g === 0 ? overallFormulas : mode === "values" ? null : d.model.statFormulas(refs, conditionOf(g));
        const statCells: PlanCell[] = statValues.map((v, k) => (statFormulas ? f(sharedReadingTests(statFormulas[k], tested, testCells), v) : v));
        const valueF = mode === "values" ? null : d.model.valueFormula(own, g === 0, inputs);
        const intervalF = mode === "values" ? null : d.model.intervalFormulas(own, CONFIDENCE, g === 0);
        const guardInterval = (x: string) => `IF(ISNUMBER(${at(S.value)}),${x},"")`;
        let otherRefs: readonly string[] | null = null;
        if (c.other) otherRefs = g <= segCount ? own.map((x, k) => `(${statRefs(d, 0)[k]}-${x})`) : statRefs(d, g - 1);
        const otherValueF = otherRefs === null || mode === "values" ? null : g <= segCount ? d.model.valueFormula(otherRefs, false, inputs) : `${cellAddress(row - 1, S.value)}`;
        const pF = otherRefs === null || mode === "values" ? null : d.model.pFormula(own, otherRefs);
        const a = adjusted.get(row);
        const mark = markOf(d, g);
        const cellsRow: PlanCell[] = [
          d.title,
          groupLabel(g),
          valueCell(valueF === null ? null : `=${valueF}`, c.value),
          numberOr(c.n, `=${own[0]}`),
          numberOr(c.interval?.[0], intervalF ? `=${guardInterval(intervalF[0])}` : null),
          numberOr(c.interval?.[1], intervalF ? `=${guardInterval(intervalF[1])}` : null),
          c.other ? c.other.label : null,
          c.other ? valueCell(otherValueF === null ? null : `=${otherValueF}`, c.other.value) : null,
          c.other ? numberOr(c.other.n, g <= segCount ? `=${statRefs(d, 0)[0]}-${own[0]}` : `=${cellAddress(row - 1, S.n)}`) : null,
          c.other ? numberOr(c.p, pF ? `=IF(AND(ISNUMBER(${at(S.value)}),ISNUMBER(${at(S.otherValue)})),${pF},"")` : null) : null,
          c.other ? numberOr(a?.rank, `=IF(ISNUMBER(${at(S.p)}),SUMPRODUCT(ISNUMBER(${pRange})*(${pRange}<=${at(S.p)}*(1+${RANK_TOLERANCE}))),"")`) : null,
          c.other
            ? numberOr(a?.adjusted, `=${adjustedOf(at(S.p), at(S.rank))}`)
            : null,
          c.other
            ? mode === "values"
              ? mark
              : f(`=IF(AND(ISNUMBER(${at(S.adjusted)}),${at(S.adjusted)}<=${Q_CELL},${at(S.n)}>=${MIN_N_CELL},${at(S.otherN)}>=${MIN_N_CELL}),IF(${at(S.value)}>${at(S.otherValue)},"${MARK_UP}","${MARK_DOWN}"),"")`, mark)
            : null,
          ...statCells,
        ];
        block.push(cellsRow);
        formats.push(["General", "General", fmt, "#,##0", fmt, fmt, "General", fmt, "#,##0", "0.0000", "0", "0.0000", "General", ...statValues.map(() => "#,##0.####")]);
      }
      b.block(top, 0, block, formats);
      b.style({ range: { row: top, col: S.mark, rows: groupCount, cols: 1 }, horizontal: "center", bold: true });
    }
  }

  const extentRows = Math.max(b.maxRow + 1, ...charts.map((c) => c.anchor.row + c.anchor.rows));
  const extentCols = Math.max(b.maxCol + 1, columnWidths.length);
  return {
    sheetName,
    blocks: b.blocks,
    styles: b.styles,
    conditionalFormats: b.conditionalFormats,
    columnWidths,
    freeze: { rows: HEADER_ROW + 1, columns: 1 },
    charts,
    hiddenColumns,
    rowHeights,
    pageBreaks: [chartCount > 0 ? chartTop : -1, samples.length > 0 ? statsTitleRow : -1].filter((r) => r > 0),
    specStore: { sheetName: SPEC_SHEET, json: serializeStoredSpec({ spec, sheetName, builtAt: input.builtAt.toISOString() }) },
    summary,
    composite: composite.length === 0 ? null : {
      components: components.map((c, k) => {
        const score = scores[k][0];
        return { id: c.row.meta.id, title: c.row.title, worst: c.worst, best: c.best, weight: c.weight, score: score === null || isKpiError(score) ? null : score };
      }),
      leftOut: comp.leftOut.map((x) => `${x.row.title}: ${x.why}`),
    },
    differences: markedDifferences(),
    minN,
    fdrQ: q,
    extent: { row: 0, col: 0, rows: extentRows, cols: extentCols },
  };
}
