/**
 * The KPI table: the header row (frozen, and repeated on printed pages) with the segment
 * labels, then "Composite index", "Leading indicators" and "Lagging indicators" with a row per
 * KPI: value, n, 95 % interval, target, target date, gap, baseline, progress, benchmark and its
 * difference, green at, amber at, status, note, then a value per segment. Thresholds are cells:
 * the status formula and the band rules read them, so an edit moves the colours.
 */
import { type AggregateRow, shortName } from "../rows";
import { columnLetter, cellAddress } from "../a1";
import type { ScorecardModel, TableRow } from "../model";
import { CONFIDENCE } from "../model";
import type { AggregateInput, KpiSettings, PlanCell } from "../types";
import { isKpiError } from "../../kpi";
import { bandRules, cellsOf, f, type Layouter, literal } from "./block";
import { chartTitle } from "./charts";
import { statusLabels, statusText, targetStatusFormula } from "../words";
import { cpiNCell } from "./cpi";
import { S } from "./statistics";

/** Columns of the KPI table. */
export const C = {
  kpi: 0, value: 1, n: 2, low: 3, high: 4, target: 5, targetDate: 6, gap: 7, baseline: 8, progress: 9,
  benchmark: 10, vsBenchmark: 11, green: 12, amber: 13, minDifference: 14, status: 15, note: 16, firstSegment: 17,
} as const;
const HEADERS = [
  "KPI", "Value", "n", "95% low", "95% high", "Target", "Target date", "Gap to target", "Baseline", "Progress",
  "Benchmark", "vs benchmark", "Green at", "Amber at", "Mark from ±", "Status", "Note",
];
const WIDTHS = [44, 11, 9, 10, 10, 10, 11, 11, 10, 10, 11, 11, 10, 10, 10, 24, 36];
/** Height of one line of 11-point text, in points (Excel's default row height). */
const LINE_POINTS = 15;
/** Column-width characters one character of note text takes (proportional text runs a little wider than digits). */
const NOTE_CHAR = 1.1;

/** A column wide enough for its header on one line (wrapped beyond 28 characters). */
export const fit = (base: number, header: string) => Math.max(base, Math.min(28, header.length + 2));

export interface KpiTableAnchors {
  /** The header row (0-based): the rows above it and it are frozen. */
  readonly headerRow: number;
  /** A row of the table (0-based). */
  rowOf(d: TableRow): number;
  /** A sample row's smallest difference worth a mark (absolute; an input cell). */
  minDifference(d: TableRow): string;
}

/** The table's sections, in order: the CPI, leading, lagging (those with rows). */
function sections(m: ScorecardModel): readonly (readonly TableRow[])[] {
  return [m.rows.composite, m.rows.leading, m.rows.lagging].filter((list) => list.length > 0);
}

const rowCount = (m: ScorecardModel) => sections(m).reduce((k, list) => k + list.length + 1, 0);

export const kpiTable: Layouter<"kpiTable"> = {
  name: "kpiTable",
  // Columns that no KPI fills (no benchmark, baseline or target date given): left out of the
  // view and the print, still there for whoever types a benchmark in later.
  empty(m) {
    const given = (field: keyof KpiSettings) => m.rows.table.some((d) => m.settingsOf(d.meta.id)[field] !== undefined);
    return [
      ...(given("benchmark") ? [] : [C.benchmark, C.vsBenchmark]),
      ...(given("baseline") ? [] : [C.baseline, C.progress]),
      ...(given("targetDate") ? [] : [C.targetDate]),
      // The smallest difference worth a mark: only where something is compared.
      ...(m.comparisons.length > 0 ? [] : [C.minDifference]),
    ];
  },
  widths: (m) => [...WIDTHS.map((w, k) => fit(w, HEADERS[k])), ...m.groups.segments.map((g) => fit(12, g.label))],
  // The segment column's name, the header row, the rows and their section labels, a blank row.
  height: (m) => 2 + rowCount(m) + 1,
  anchors(m, top) {
    const rowOf = new Map<TableRow, number>();
    let r = top + 2;
    for (const list of sections(m)) {
      r++;
      for (const d of list) rowOf.set(d, r++);
    }
    return { headerRow: top + 1, rowOf: (d) => rowOf.get(d) as number, minDifference: (d) => cellAddress(rowOf.get(d) as number, C.minDifference, true) };
  },
  render(m, top, at, columns, out) {
    const { mode } = m;
    const segCount = m.groups.segments.length;
    const headerRow = top + 1;
    const lastCol = C.firstSegment + segCount - 1;
    const { valueCell, numberOr } = cellsOf(m);
    const minN = at.title.minN;
    const statCell = at.statistics.cell;
    const inputs = at.inputs.refs;

    // Header row: the segment columns hold the bare labels that segment formulas compare with.
    if (segCount > 0) {
      // The segment column's name only: longer text would run past the last segment and be cut off in print.
      out.block(headerRow - 1, C.firstSegment, [[m.groups.segmentColumn?.header ?? "Segment"]]);
      out.style({ range: { row: headerRow - 1, col: C.firstSegment, rows: 1, cols: 1 }, bold: true });
    }
    out.block(headerRow, 0, [[...HEADERS, ...m.groups.segments.map((g) => g.label)]]);
    out.style({ range: { row: headerRow, col: 0, rows: 1, cols: lastCol + 1 }, bold: true, fill: "#1F4E79", fontColor: "#FFFFFF", horizontal: "center", wrap: true });

    // Notes wrap within their column instead of running under the segment values.
    const rows = m.rows.table;
    if (rows.length > 0) out.style({ range: { row: headerRow + 1, col: C.note, rows: rowCount(m), cols: 1 }, wrap: true });
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
      const addr = (col: number) => cellAddress(r, col);
      const sample = d.kind === "sample" ? d : null;
      const isComposite = d.kind === "composite";
      const mine = sample ? m.valuesOf(sample) : null;
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
          greenCell = f(`=${addr(C.target)}`, thresholds.green);
          amberCell = settings.amber === undefined ? f(`=${addr(C.target)}*${d.meta.bands.amberShare}`, thresholds.amber) : thresholds.amber;
        } else {
          greenCell = thresholds.green;
          amberCell = thresholds.amber;
        }
      }
      // The middle band says what it is short of, so that amber never reads as plain praise ("Good" in amber).
      const labels = statusLabels(d.meta);
      const ge = d.meta.direction === "higher" ? ">=" : "<=";
      const nRef = addr(C.n);
      const tooFewFormula = `IF(AND(ISNUMBER(${nRef}),${nRef}<${minN}),"n < "&${minN},`;
      const bandStatus = `IF(AND(ISNUMBER(${addr(C.value)}),ISNUMBER(${addr(C.green)}),ISNUMBER(${addr(C.amber)})),${tooFewFormula}IF(${addr(C.value)}${ge}${addr(C.green)},${literal(labels[0])},IF(${addr(C.value)}${ge}${addr(C.amber)},${literal(labels[1])},${literal(labels[2])}))),"")`;
      // With a target (and bands that do not follow it), the status says where the value stands against the target.
      const statusBody = d.meta.bands.kind === "fixed"
        ? `IF(AND(ISNUMBER(${addr(C.value)}),ISNUMBER(${addr(C.target)})),${tooFewFormula}${targetStatusFormula(addr(C.value), addr(C.target), d.meta)}),${bandStatus})`
        : bandStatus;
      const status = f(`=${statusBody}`, statusText(d.meta, { value: valueNumber, band: o.band, banded: thresholds !== null, tooFew }, target, m.minN));
      const nCell: PlanCell = sample ? numberOr(n, `=${statCell(sample, 0, S.n)}`) : isComposite ? cpiNCell(m, at, 0) : null;
      const interval = o.interval;
      const hasInterval = sample !== null && sample.model.intervalFormulas(at.statistics.refs(sample, 0), CONFIDENCE, true) !== null;
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
      if (sample && mode !== "values" && m.hasData && sample.model.statFormulas(sample.columns.map((c) => m.columnRef(c.index)), null) === null) {
        notes.push("computed by the add-in (no native Excel formula)");
      }
      if (sample && sample.model.note(true)) notes.push(sample.model.note(true));
      const charted = sample !== null && (m.rows.trend.includes(sample) || segCount > 0);
      if (sample && charted && chartTitle(sample) !== sample.title) notes.push(`chart titled "${chartTitle(sample)}"; columns: ${sample.columns.map((c) => c.header).join(", ")}`);
      if (isComposite) {
        notes.push(`made of ${m.cpi.components.map((c) => shortName(c.row.title)).join(", ")}, weighted (see How the CPI is made)`);
        if (m.cpi.leftOut.length > 0) notes.push(`left out: ${m.cpi.leftOut.map((x) => `${x.row.title} (${x.why})`).join(", ")}`);
      }
      if (isKpiError(value)) notes.push(value.message);
      if (d.meta.bands.kind === "target" && target === undefined && settings.green === undefined) notes.push("set a target to band this KPI");
      const others = notes.join("; ");
      const smallText = `too few to band (n < ${m.minN})`;
      const noteCell: PlanCell = n === null || mode === "values"
        ? [tooFew ? smallText : "", others].filter((x) => x !== "").join("; ")
        : f(
          `=IF(AND(ISNUMBER(${nRef}),${nRef}<${minN}),"too few to band (n < "&${minN}&")"&${literal(others ? `; ${others}` : "")},${literal(others)})`,
          [tooFew ? smallText : "", others].filter((x) => x !== "").join("; "),
        );
      // Rows as tall as their wrapped note, so a viewer that keeps row heights (LibreOffice) shows it whole.
      const noteLines = Math.ceil(([tooFew ? smallText : "", others].filter((x) => x !== "").join("; ").length * NOTE_CHAR) / columns.widths[C.note]);
      if (noteLines > 1) out.rowHeights.push({ row: r, points: Math.min(409, noteLines * LINE_POINTS) });

      // The smallest difference worth a mark, where the row has something compared: 0 unless the user says otherwise.
      const compared = sample !== null && m.comparisons.some((c) => c.row === sample);
      const cells: PlanCell[] = [
        d.title, valueCell(mainFormula, value), nCell, lowCell, highCell, target ?? null, settings.targetDate ?? null, gapCell,
        baseline ?? null, progressCell, benchmark ?? null, vsBenchmark, greenCell, amberCell, compared ? settings.minDifference ?? 0 : null, status, noteCell,
      ];
      const formats = ["General", fmt, "#,##0", fmt, fmt, fmt, "yyyy-mm-dd", fmt, fmt, "0%", fmt, fmt, fmt, fmt, fmt, "General", "General"];
      for (let j = 0; j < segCount; j++) {
        const g = 1 + j;
        if (isComposite) {
          cells.push(valueCell(`=${at.cpi.index(g)}`, m.cpi.values[g]));
          formats.push(fmt);
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
      }
      out.block(r, 0, [cells], [formats]);

      // Bands: value, status and segment cells compare with this row's threshold cells.
      const lower = d.meta.direction === "lower";
      const green = `$${columnLetter(C.green)}${r + 1}`;
      const amber = `$${columnLetter(C.amber)}${r + 1}`;
      const nAbs = `$${columnLetter(C.n)}${r + 1}`;
      out.conditionalFormats.push({ range: { row: r, col: C.value, rows: 1, cols: 1 }, rules: bandRules(addr(C.value), green, amber, lower, hasN ? nAbs : null, null, minN) });
      out.conditionalFormats.push({ range: { row: r, col: C.status, rows: 1, cols: 1 }, rules: bandRules(`$${columnLetter(C.value)}${r + 1}`, green, amber, lower, hasN ? nAbs : null, null, minN) });
      if (segCount > 0 && m.rows.samples.length > 0 && hasN) {
        out.conditionalFormats.push({
          range: { row: r, col: C.firstSegment, rows: 1, cols: segCount },
          rules: bandRules(addr(C.firstSegment), green, amber, lower, cellAddress(at.segmentMarks.nRowOf(d), C.firstSegment), cellAddress(at.segmentMarks.markRowOf(d), C.firstSegment), minN),
        });
      }
    }
  },
};
