/**
 * The rows of a scorecard, from the registry: a row per sample KPI column (or one over all the
 * columns of a role) and a row per aggregate KPI whose inputs are given, each with its
 * statistics counted per group in one pass over the data. Pure; names no KPI.
 *
 * Refusals: nothing here lays out cells (plan.ts does); a cell the KPI function rejects is not
 * skipped silently: it is counted as rejected in every group it belongs to, and the first one
 * of each group is kept with its sheet row for the message.
 */
import {
  AGGREGATE_KPIS, addStats, type AggregateKpi, at, cellError, KpiError, type KpiErrorCode, type KpiMeta, type Result, SAMPLE_KPIS,
  type SampleKpi, type SampleModel, THEME_ROLE, themeKpi,
} from "../kpi";
import type { AggregateInput, ColumnMapping, DataTable, NamedThemeSpec, ScorecardSpec } from "./types";

export interface SampleRow {
  readonly kind: "sample";
  readonly kpi: SampleKpi;
  readonly meta: KpiMeta;
  readonly title: string;
  readonly columns: readonly ColumnMapping[];
  readonly model: SampleModel;
  /** The theme a row counts the mentions of (kpi is then the theme's: src/kpi/theme.ts). */
  readonly theme?: NamedThemeSpec;
}

export interface AggregateRow {
  readonly kind: "aggregate";
  readonly kpi: AggregateKpi;
  readonly meta: KpiMeta;
  readonly title: string;
  readonly value: Result<number>;
}

export type KpiRow = SampleRow | AggregateRow;

/** The KPIs a scorecard can show: the registry's, or a copy with more (a test, a plug-in). */
export interface ScorecardRegistry {
  readonly samples: readonly SampleKpi[];
  readonly aggregates: readonly AggregateKpi[];
}

/**
 * A KPI as a reader names it: its title, with its id after it only where the id is an
 * acronym people use ("Net Promoter Score (NPS)"); "Revenue per customer", not
 * "Revenue per customer (REVENUEPERCUSTOMER)".
 */
export function kpiTitle(meta: { readonly id: string; readonly title: string }): string {
  return /^[A-Z]{2,4}$/.test(meta.id) && !meta.title.toUpperCase().split(/\W+/).includes(meta.id) ? `${meta.title} (${meta.id})` : meta.title;
}

/**
 * A row's name short enough to list several in one cell, read as words rather than ids: the
 * acronym a title ends with ("Customer Effort Score (CES)": "CES"), else the title without its
 * trailing aside and a leading "Customer", in lower case ("Customer retention rate": "retention
 * rate", "Sentiment (compound)": "sentiment").
 */
export function shortName(title: string): string {
  const acronym = /\(([A-Z]{2,5})\)\s*$/.exec(title);
  if (acronym) return acronym[1];
  const words = title.replace(/\s*\([^)]*\)\s*$/, "").replace(/^Customer\s+(?=\S)/i, "").trim();
  // Lower case unless the first word is itself an acronym ("NPS of promoters").
  if (words === "") return title;
  return /^[A-Z]{2,}\b/.test(words) ? words : words.charAt(0).toLowerCase() + words.slice(1);
}

export const REGISTRY: ScorecardRegistry = { samples: SAMPLE_KPIS, aggregates: AGGREGATE_KPIS };

/**
 * The rows the spec's mapping and inputs give, in registry order. `shiftOf` gives the shift of a
 * row's statistics (sample.ts, Moments) where they were computed elsewhere about it.
 */
export function kpiRows(
  spec: ScorecardSpec,
  registry: ScorecardRegistry = REGISTRY,
  shiftOf?: (kpi: SampleKpi, columns: readonly ColumnMapping[]) => number | undefined,
): KpiRow[] {
  const rows: KpiRow[] = [];
  const customers = spec.aggregates.customers;
  for (const kpi of registry.samples) {
    const cols = spec.columns.filter((c) => c.role === kpi.role);
    if (cols.length === 0) continue;
    const settings = { scaleMax: spec.kpis[kpi.meta.id]?.scaleMax, customers };
    const configure = (group: readonly ColumnMapping[]) =>
      kpi.configure(group.map((c) => ({ header: c.header, weight: c.weight ?? 1 })), { ...settings, shift: shiftOf?.(kpi, group) });
    if (kpi.combine === "all") {
      rows.push({ kind: "sample", kpi, meta: kpi.meta, title: `${kpiTitle(kpi.meta)}: ${cols.map((c) => c.header).join(", ")}`, columns: cols, model: configure(cols) });
      continue;
    }
    for (const c of cols) {
      const title = cols.length > 1 ? `${kpi.meta.title}: ${c.header}` : kpiTitle(kpi.meta);
      rows.push({ kind: "sample", kpi, meta: kpi.meta, title, columns: [c], model: configure([c]) });
    }
  }
  // A row per theme the user names, over the first comment column.
  const comments = spec.columns.find((c) => c.role === THEME_ROLE);
  for (const theme of comments ? spec.namedThemes ?? [] : []) {
    const kpi = themeKpiOf(theme);
    const columns = [comments as ColumnMapping];
    rows.push({ kind: "sample", kpi, meta: kpi.meta, title: kpi.meta.title, columns, model: kpi.configure([{ header: columns[0].header, weight: 1 }], {}), theme });
  }
  const given = spec.aggregates as Readonly<Record<string, number | undefined>>;
  for (const kpi of registry.aggregates) {
    if (!kpi.inputs.every((k) => given[k] !== undefined)) continue;
    rows.push({ kind: "aggregate", kpi, meta: kpi.meta, title: kpiTitle(kpi.meta), value: kpi.compute(given) });
  }
  return rows;
}

/** One KPI per theme of a spec, the same object each time the spec's rows are made (statistics given elsewhere find their rows by it). */
const themeKpis = new WeakMap<NamedThemeSpec, SampleKpi>();
function themeKpiOf(theme: NamedThemeSpec): SampleKpi {
  let kpi = themeKpis.get(theme);
  if (!kpi) {
    kpi = themeKpi(theme);
    themeKpis.set(theme, kpi);
  }
  return kpi;
}

/** The aggregate inputs a row set reads, in the order the inputs block lists them. */
export function inputsUsed(rows: readonly KpiRow[], spec: ScorecardSpec, order: readonly AggregateInput[]): AggregateInput[] {
  const used = new Set<string>();
  for (const r of rows) {
    if (r.kind === "aggregate") for (const k of [...r.kpi.inputs, ...r.kpi.optional]) used.add(k);
  }
  if (rows.some((r) => r.kind === "sample" && r.kpi.role === "revenue")) used.add("customers");
  return order.filter((k) => used.has(k) && spec.aggregates[k] !== undefined);
}

/** The statistics of one row in one group, with the cells the function rejects. */
export interface GroupStats {
  readonly stats: number[];
  rejected: number;
  firstError: KpiError | null;
}

/**
 * Counts every sample row's statistics per group in one pass: group 0 is everyone; a data row
 * also belongs to the group `segmentOf[k]` and the group `periodOf[k]` gives (-1: none).
 */
export function countGroups(
  rows: readonly SampleRow[],
  data: DataTable,
  groupCount: number,
  segmentOf: Int32Array,
  periodOf: Int32Array,
  sheetRowOf: (row: number) => number,
): GroupStats[][] {
  const out = rows.map((r) =>
    Array.from({ length: groupCount }, (): GroupStats => ({ stats: new Array<number>(r.model.statistics.length).fill(0), rejected: 0, firstError: null })),
  );
  const temps = rows.map((r) => new Array<number>(r.model.statistics.length).fill(0));
  const cells = rows.map((r) => new Array<unknown>(r.columns.length));
  const indices = rows.map((r) => r.columns.map((c) => c.index));
  const targets: GroupStats[] = [];
  for (let k = 0; k < data.rows.length; k++) {
    const row = data.rows[k];
    const seg = segmentOf[k];
    const per = periodOf[k];
    for (let d = 0; d < rows.length; d++) {
      const temp = temps[d];
      temp.fill(0);
      const c = cells[d];
      const idx = indices[d];
      let errorCell = -1;
      for (let j = 0; j < idx.length; j++) {
        c[j] = row[idx[j]];
        if (errorCell < 0 && cellError(c[j]) !== null) errorCell = j;
      }
      // An error value in the data is the result, as in Excel's SUM (spec/functions.md): the
      // row's other cells still count, so n is what the native formulas count.
      const rejected = rows[d].model.add(temp, c);
      const error = errorCell < 0 ? rejected : errorValueAt(cellError(c[errorCell]) as KpiErrorCode, errorCell);
      const groups = out[d];
      targets.length = 0;
      targets.push(groups[0]);
      if (seg >= 0) targets.push(groups[seg]);
      if (per >= 0) targets.push(groups[per]);
      for (const target of targets) {
        addStats(target.stats, temp);
        if (error) {
          target.rejected++;
          target.firstError ??= locate(error, sheetRowOf(k), rows[d].columns);
        }
      }
    }
  }
  return out;
}

/** The error of a data cell holding an error value, named like the core's cell errors (located below). */
function errorValueAt(code: KpiErrorCode, col: number): KpiError {
  return new KpiError(code, `an error value ${code} in the data at ${at(0, col)}`);
}

/** The core names a cell by its place in the row it was given; users need the sheet row and column. */
function locate(e: KpiError, sheetRow: number, columns: readonly ColumnMapping[]): KpiError {
  const message = e.message.replace(/at row \d+, column (\d+)/, (_all, c: string) => {
    const header = columns[Number(c) - 1]?.header;
    return columns.length > 1 && header !== undefined ? `at sheet row ${sheetRow} (column "${header}")` : `at sheet row ${sheetRow}`;
  });
  return new KpiError(e.code, message);
}

/** The value of a group: its first rejected cell's error, or the model's value. */
export function groupValue(row: SampleRow, g: GroupStats, overall: boolean): Result<number> {
  if (g.firstError) return g.firstError;
  return row.model.value(g.stats, overall);
}

/** Statistics of everyone minus one group ("the rest"). */
export function restOf(all: GroupStats, g: GroupStats): GroupStats {
  return {
    stats: all.stats.map((x, k) => x - g.stats[k]),
    rejected: all.rejected - g.rejected,
    firstError: all.rejected - g.rejected > 0 ? new KpiError("#VALUE!", "the rest of the sample holds a rejected cell") : null,
  };
}
