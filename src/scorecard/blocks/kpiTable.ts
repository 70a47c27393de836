/**
 * The KPI table: the header row, then "Composite index", "Leading indicators" and "Lagging
 * indicators" with a row per KPI: value, n, 95 % interval, status, target, gap, green at, amber
 * at, and where any KPI has them, target date, baseline, progress, benchmark and its
 * difference. Thresholds are cells: the status formula and the band rules read them, so an edit
 * moves the colours. So that the table prints at the sheet's scale, the values per segment are a
 * panel of their own (segments.ts), the notes are lines under the table (notes.ts), and where
 * the optional columns would make it wider than the page they go to a second panel below it.
 */
import { type AggregateRow, shortName } from "../rows";
import { cellAddress } from "../a1";
import { columnPoints, pagePoints } from "../print";
import type { ScorecardModel, TableRow } from "../model";
import { CONFIDENCE } from "../model";
import type { AggregateInput, KpiSettings, PlanCell } from "../types";
import { isKpiError } from "../../kpi";
import { bandRules, cellsOf, f, HEADER_FILL, type Layouter, LINE_POINTS, linesOf, literal } from "./block";
import { chartTitle } from "./charts";
import { statusLabels, statusText, targetStatusFormula, valueText } from "../words";
import { cpiNCell } from "./cpi";
import { S } from "./statistics";

/** A field of the KPI table, one column each. */
export type Field =
  | "kpi" | "value" | "n" | "low" | "high" | "target" | "gap" | "green" | "amber" | "minDifference" | "status"
  | "targetDate" | "baseline" | "progress" | "benchmark" | "vsBenchmark";

/** Every field in the order of the table, with its header and width (characters). */
const FIELDS: readonly { readonly field: Field; readonly header: string; readonly width: number }[] = [
  { field: "kpi", header: "KPI", width: 32 },
  { field: "value", header: "Value", width: 8 },
  { field: "n", header: "n", width: 7 },
  { field: "low", header: "95% low", width: 8 },
  { field: "high", header: "95% high", width: 8 },
  { field: "target", header: "Target", width: 8 },
  { field: "gap", header: "Gap to target", width: 8 },
  { field: "green", header: "Green at", width: 7 },
  { field: "amber", header: "Amber at", width: 7 },
  { field: "minDifference", header: "Mark from ±", width: 7 },
  { field: "status", header: "Status", width: 29 },
  { field: "targetDate", header: "Target date", width: 10 },
  { field: "baseline", header: "Baseline", width: 9 },
  { field: "progress", header: "Progress", width: 9 },
  { field: "benchmark", header: "Bench-mark", width: 9 },
  { field: "vsBenchmark", header: "vs bench-mark", width: 9 },
];
/** Fields shown only where some KPI has them (no benchmark given: no benchmark columns). */
const OPTIONAL: Readonly<Partial<Record<Field, keyof KpiSettings>>> = {
  target: "target", gap: "target", targetDate: "targetDate", baseline: "baseline", progress: "baseline", benchmark: "benchmark", vsBenchmark: "benchmark",
};
/** Fields that stay in the first panel when the table is too wide for the page; the others go to a second panel below it. */
const FIRST_PANEL: readonly Field[] = ["kpi", "value", "n", "low", "high", "target", "gap", "green", "amber", "minDifference", "status"];

/** The table's panels (one, or two when the first would be wider than the page) and where each field sits. */
interface TableLayout {
  readonly panels: readonly (readonly Field[])[];
  panelOf(field: Field): number;
  colOf(field: Field): number;
}

function layoutOf(m: ScorecardModel): TableLayout {
  const given = (key: keyof KpiSettings) => m.rows.table.some((d) => m.settingsOf(d.meta.id)[key] !== undefined);
  // The smallest difference worth a mark: only where something is compared.
  const shown = (field: Field) => (field === "minDifference" ? m.comparisons.length > 0 : OPTIONAL[field] === undefined || given(OPTIONAL[field] as keyof KpiSettings));
  const fields = FIELDS.filter((f) => shown(f.field)).map((f) => f.field);
  const width = fields.reduce((w, field) => w + columnPoints(widthOf(field)), 0);
  const panels = width <= pagePoints("landscape").width
    ? [fields]
    : [fields.filter((field) => FIRST_PANEL.includes(field)), ["kpi" as const, ...fields.filter((field) => !FIRST_PANEL.includes(field))]];
  const panelOf = (field: Field) => (field === "kpi" ? 0 : panels.findIndex((p) => p.includes(field)));
  return { panels, panelOf, colOf: (field) => panels[Math.max(0, panelOf(field))].indexOf(field) };
}

/** Width (characters) a field's numbers need as their formats show them ("12,345.67": 10), 0 for a field of text. */
function numbersWidth(m: ScorecardModel, field: Field): number {
  const numbers = m.rows.table.flatMap((d) => {
    const o = m.overall(d);
    const value = isKpiError(o.value) ? null : o.value;
    const target = m.settingsOf(d.meta.id).target;
    const byField: Partial<Record<Field, readonly (number | null | undefined)[]>> = {
      value: [value], low: [o.interval?.[0]], high: [o.interval?.[1]], target: [target], gap: [value !== null && target !== undefined ? value - target : null],
      green: [o.thresholds?.green], amber: [o.thresholds?.amber],
    };
    return (byField[field] ?? []).flatMap((x) => (typeof x === "number" && Number.isFinite(x) ? [valueText(x, d.meta.numberFormat).length + 1] : []));
  });
  return Math.max(0, ...numbers);
}

const widthOf = (field: Field) => (FIELDS.find((f) => f.field === field) as (typeof FIELDS)[number]).width;
const headerOf = (field: Field) => (FIELDS.find((f) => f.field === field) as (typeof FIELDS)[number]).header;

/** A column wide enough for its header on one line (wrapped beyond 28 characters). */
export const fit = (base: number, header: string) => Math.max(base, Math.min(28, header.length + 2));

export interface KpiTableAnchors {
  /** The header row (0-based) of the first panel. */
  readonly headerRow: number;
  /** A row of the table's first panel (0-based). */
  rowOf(d: TableRow): number;
  /** A row's cell of a field (absolute), wherever its panel puts it; undefined for a field the table does not show. */
  cell(d: TableRow, field: Field): string | undefined;
  /** A sample row's smallest difference worth a mark (absolute; an input cell). */
  minDifference(d: TableRow): string;
}

/** The table's sections, in order: the CPI, leading, lagging (those with rows). */
function sections(m: ScorecardModel): readonly (readonly TableRow[])[] {
  return [m.rows.composite, m.rows.leading, m.rows.lagging].filter((list) => list.length > 0);
}

const rowCount = (m: ScorecardModel) => sections(m).reduce((k, list) => k + list.length + 1, 0);

/** The KPIs the second panel lists: those with a target date, a baseline or a benchmark. */
const secondPanelRows = (m: ScorecardModel) =>
  m.rows.table.filter((d) => {
    const s = m.settingsOf(d.meta.id);
    return s.targetDate !== undefined || s.baseline !== undefined || s.benchmark !== undefined;
  });

/** Rows of the second panel: its header, a row per KPI it lists, a blank row (none when the table is one panel). */
const secondRows = (m: ScorecardModel, t: TableLayout) => (t.panels.length > 1 ? 1 + secondPanelRows(m).length + 1 : 0);

export const kpiTable: Layouter<"kpiTable"> = {
  name: "kpiTable",
  widths(m) {
    const t = layoutOf(m);
    const widths: number[] = [];
    for (const panel of t.panels) panel.forEach((field, k) => (widths[k] = Math.max(widths[k] ?? 0, widthOf(field), numbersWidth(m, field))));
    return widths;
  },
  // The header row, the rows and their section labels, a blank row; then the second panel.
  height: (m) => 1 + rowCount(m) + 1 + secondRows(m, layoutOf(m)),
  // A page may start at the second panel.
  units: (m) => (layoutOf(m).panels.length > 1 ? [1 + rowCount(m) + 1] : []),
  anchors(m, top) {
    const t = layoutOf(m);
    const rowOf = new Map<TableRow, number>();
    let r = top + 1;
    for (const list of sections(m)) {
      r++;
      for (const d of list) rowOf.set(d, r++);
    }
    const second = top + 1 + rowCount(m) + 1;
    const listed = secondPanelRows(m);
    const rowIn = (d: TableRow, panel: number) => (panel === 0 ? (rowOf.get(d) as number) : listed.includes(d) ? second + 1 + listed.indexOf(d) : null);
    const cell = (d: TableRow, field: Field) => {
      const row = t.panelOf(field) < 0 ? null : rowIn(d, t.panelOf(field));
      return row === null ? undefined : cellAddress(row, t.colOf(field), true);
    };
    return {
      headerRow: top,
      rowOf: (d) => rowOf.get(d) as number,
      cell,
      minDifference: (d) => cell(d, "minDifference") as string,
    };
  },
  render(m, top, at, columns, out) {
    const { mode } = m;
    const t = layoutOf(m);
    const { valueCell, numberOr } = cellsOf(m);
    const minN = at.title.minN;
    const statCell = at.statistics.cell;
    const inputs = at.inputs.refs;
    const second = top + 1 + rowCount(m) + 1;

    t.panels.forEach((panel, p) => {
      const headerRow = p === 0 ? top : second;
      out.block(headerRow, 0, [panel.map(headerOf)]);
      out.style({ range: { row: headerRow, col: 0, rows: 1, cols: panel.length }, bold: true, ...HEADER_FILL, horizontal: "center", wrap: true });
      // As tall as its most wrapped header.
      const headerLines = Math.max(...panel.map((field, k) => linesOf(headerOf(field), columns.widths[k])));
      if (headerLines > 1) out.rowHeights.push({ row: headerRow, points: Math.min(3, headerLines) * LINE_POINTS });
    });
    const lastCol = t.panels[0].length - 1;

    // Titles and statuses wrap within their columns (section labels run across); their rows grow to show them whole.
    const rows = m.rows.table;
    for (const d of rows) {
      const r = at.kpiTable.rowOf(d);
      out.style({ range: { row: r, col: t.colOf("kpi"), rows: 1, cols: 1 }, wrap: true });
      out.style({ range: { row: r, col: t.colOf("status"), rows: 1, cols: 1 }, wrap: true });
    }
    const sectionLabel = (list: readonly TableRow[]) =>
      list === m.rows.composite ? "Composite index (how it is made: below)" : list === m.rows.leading ? "Leading indicators (predict)" : "Lagging indicators (confirm)";
    for (const list of sections(m)) {
      const r = at.kpiTable.rowOf(list[0]) - 1;
      out.block(r, 0, [[sectionLabel(list)]]);
      out.style({ range: { row: r, col: 0, rows: 1, cols: lastCol + 1 }, bold: true, fill: "#D9E1F2" });
    }

    for (const d of rows) {
      const r = at.kpiTable.rowOf(d);
      const settings = m.settingsOf(d.meta.id);
      const fmt = d.meta.numberFormat;
      /** A field's cell of this row, relative (as formulas of the row read it); a field not shown reads as empty text. */
      const addr = (field: Field) => {
        const a = at.kpiTable.cell(d, field);
        return a === undefined ? '""' : a.replace(/\$/g, "");
      };
      const sample = d.kind === "sample" ? d : null;
      const isComposite = d.kind === "composite";
      const o = m.overall(d);
      const value = o.value;
      const valueNumber = isKpiError(value) ? null : value;
      const n = o.n;
      const hasN = sample !== null || isComposite;
      const tooFew = o.tooFew;

      let mainFormula: string | null = null;
      if (mode !== "values") {
        if (isComposite) {
          mainFormula = `=${at.cpi.index(0)}`;
        } else if (sample) {
          // Live: the add-in's function where it can take the columns as they lie; else (and
          // without a copy of the data) the native formulas over the statistics.
          const live = mode === "live" && m.hasData ? sample.model.liveFormula(sample.columns.map((c) => m.columnRef(c.index)), null, true, inputs) : null;
          mainFormula = live ?? `=${statCell(sample, 0, S.value)}`;
        } else {
          const agg = d as AggregateRow;
          const refs: Record<string, string | undefined> = {};
          for (const k of [...agg.kpi.inputs, ...agg.kpi.optional]) refs[k] = at.inputs.cellOf(k as AggregateInput);
          mainFormula = mode === "live" ? agg.kpi.live(refs) : agg.kpi.native(refs);
        }
      }

      // Thresholds: user overrides, defaults, or (target-based) formulas on the target cell.
      const target = settings.target;
      const thresholds = o.thresholds;
      let greenCell: PlanCell = null;
      let amberCell: PlanCell = null;
      if (thresholds) {
        if (d.meta.bands.kind === "target" && settings.green === undefined && target !== undefined) {
          greenCell = f(`=${addr("target")}`, thresholds.green);
          amberCell = settings.amber === undefined ? f(`=${addr("target")}*${d.meta.bands.amberShare}`, thresholds.amber) : thresholds.amber;
        } else {
          greenCell = thresholds.green;
          amberCell = thresholds.amber;
        }
      }
      // The middle band says what it is short of, so that amber never reads as plain praise ("Good" in amber).
      const labels = statusLabels(d.meta);
      const ge = d.meta.direction === "higher" ? ">=" : "<=";
      const nRef = addr("n");
      const tooFewFormula = `IF(AND(ISNUMBER(${nRef}),${nRef}<${minN}),"n < "&${minN},`;
      const bandStatus = `IF(AND(ISNUMBER(${addr("value")}),ISNUMBER(${addr("green")}),ISNUMBER(${addr("amber")})),${tooFewFormula}IF(${addr("value")}${ge}${addr("green")},${literal(labels[0])},IF(${addr("value")}${ge}${addr("amber")},${literal(labels[1])},${literal(labels[2])}))),"")`;
      // With a target (and bands that do not follow it), the status says where the value stands against the target.
      const statusBody = d.meta.bands.kind === "fixed"
        ? `IF(AND(ISNUMBER(${addr("value")}),ISNUMBER(${addr("target")})),${tooFewFormula}${targetStatusFormula(addr("value"), addr("target"), d.meta)}),${bandStatus})`
        : bandStatus;
      const status = f(`=${statusBody}`, statusText(d.meta, { value: valueNumber, band: o.band, banded: thresholds !== null, tooFew }, target, m.minN));
      const nCell: PlanCell = sample ? numberOr(n, `=${statCell(sample, 0, S.n)}`) : isComposite ? cpiNCell(m, at, 0) : null;
      const interval = o.interval;
      const hasInterval = sample !== null && sample.model.intervalFormulas(at.statistics.refs(sample, 0), CONFIDENCE, true) !== null;
      // The CPI's: its conservative interval, from the block that shows how it is made (its note says so).
      const boundCell = (j: 0 | 1, col: number) =>
        hasInterval && sample ? numberOr(interval?.[j], `=${statCell(sample, 0, col)}`) : isComposite ? numberOr(interval?.[j], `=${j === 0 ? at.cpi.low(0) : at.cpi.high(0)}`) : null;
      const lowCell = boundCell(0, S.low);
      const highCell = boundCell(1, S.high);
      const gap = valueNumber !== null && target !== undefined ? valueNumber - target : "";
      const gapCell = f(`=IF(AND(ISNUMBER(${addr("value")}),ISNUMBER(${addr("target")})),${addr("value")}-${addr("target")},"")`, gap);
      const baseline = settings.baseline;
      const progressValue = valueNumber !== null && target !== undefined && baseline !== undefined && target !== baseline ? (valueNumber - baseline) / (target - baseline) : "";
      const progressBody = mode === "live"
        ? `KPI.PROGRESS(${addr("baseline")},${addr("value")},${addr("target")})`
        : `(${addr("value")}-${addr("baseline")})/(${addr("target")}-${addr("baseline")})`;
      const progressCell = f(`=IF(AND(ISNUMBER(${addr("value")}),ISNUMBER(${addr("target")}),ISNUMBER(${addr("baseline")}),${addr("target")}<>${addr("baseline")}),${progressBody},"")`, progressValue);
      const benchmark = settings.benchmark;
      const vsBenchmark = f(`=IF(AND(ISNUMBER(${addr("value")}),ISNUMBER(${addr("benchmark")})),${addr("value")}-${addr("benchmark")},"")`, valueNumber !== null && benchmark !== undefined ? valueNumber - benchmark : "");
      const statusShown = statusText(d.meta, { value: valueNumber, band: o.band, banded: thresholds !== null, tooFew }, target, m.minN);
      // Rows as tall as their wrapped title or status, so a viewer that keeps row heights (LibreOffice) shows them whole.
      const lines = Math.max(linesOf(d.title, columns.widths[t.colOf("kpi")], false), linesOf(statusShown, columns.widths[t.colOf("status")], false));
      if (lines > 1) out.rowHeights.push({ row: r, points: Math.min(409, lines * LINE_POINTS) });

      // The smallest difference worth a mark, where the row has something compared: 0 unless the user says otherwise.
      const compared = sample !== null && m.comparisons.some((c) => c.row === sample);
      const cellOf: Record<Field, PlanCell> = {
        kpi: d.title, value: valueCell(mainFormula, value), n: nCell, low: lowCell, high: highCell, status, target: target ?? null, gap: gapCell,
        green: greenCell, amber: amberCell, minDifference: compared ? settings.minDifference ?? 0 : null, targetDate: settings.targetDate ?? null,
        baseline: baseline ?? null, progress: progressCell, benchmark: benchmark ?? null, vsBenchmark,
      };
      const formatOf: Record<Field, string> = {
        kpi: "General", value: fmt, n: "#,##0", low: fmt, high: fmt, status: "General", target: fmt, gap: fmt, green: fmt, amber: fmt,
        minDifference: fmt, targetDate: "yyyy-mm-dd", baseline: fmt, progress: "0%", benchmark: fmt, vsBenchmark: fmt,
      };
      t.panels.forEach((panel, p) => {
        const listed = secondPanelRows(m);
        if (p > 0 && !listed.includes(d)) return;
        const row = p === 0 ? r : second + 1 + listed.indexOf(d);
        out.block(row, 0, [panel.map((field) => cellOf[field])], [panel.map((field) => formatOf[field])]);
      });

      // Bands: value and status compare with this row's threshold cells.
      const lower = d.meta.direction === "lower";
      const green = at.kpiTable.cell(d, "green") as string;
      const amber = at.kpiTable.cell(d, "amber") as string;
      const nAbs = at.kpiTable.cell(d, "n") as string;
      out.conditionalFormats.push({ range: { row: r, col: t.colOf("value"), rows: 1, cols: 1 }, rules: bandRules(addr("value"), green, amber, lower, hasN ? nAbs : null, null, minN) });
      out.conditionalFormats.push({ range: { row: r, col: t.colOf("status"), rows: 1, cols: 1 }, rules: bandRules(at.kpiTable.cell(d, "value") as string, green, amber, lower, hasN ? nAbs : null, null, minN) });
    }
  },
};

/** What the table says of a row beyond its numbers (how it is computed, what it is made of, its error), for the notes under the table. */
export function notesOf(m: ScorecardModel, d: TableRow): string[] {
  const settings = m.settingsOf(d.meta.id);
  const sample = d.kind === "sample" ? d : null;
  const value = m.overall(d).value;
  const notes: string[] = [];
  if (sample && m.mode !== "values" && sample.model.statFormulas(sample.columns.map((c) => m.columnRef(c.index)), null) === null) {
    notes.push("computed by the add-in (no native Excel formula)");
  }
  if (sample && sample.model.note(true)) notes.push(sample.model.note(true));
  const charted = sample !== null && (m.rows.trend.includes(sample) || m.groups.segments.length > 0);
  if (sample && charted && chartTitle(sample) !== sample.title) notes.push(`chart titled "${chartTitle(sample)}"; columns: ${sample.columns.map((c) => c.header).join(", ")}`);
  if (d.kind === "composite") {
    notes.push(`made of ${m.cpi.components.map((c) => shortName(c.row.title)).join(", ")}, weighted (see How the CPI is made)`);
    notes.push("its low and high: a conservative interval, not an exact 95% one (How the CPI is made says what it guarantees)");
    if (m.cpi.leftOut.length > 0) notes.push(`left out: ${m.cpi.leftOut.map((x) => `${x.row.title} (${x.why})`).join(", ")}`);
  }
  if (isKpiError(value)) notes.push(value.message);
  if (d.meta.bands.kind === "target" && settings.target === undefined && settings.green === undefined) notes.push("set a target to band this KPI");
  return notes;
}
