/**
 * The statistics table, last and on a page of its own: per sample KPI, a title row naming its
 * statistics (with its data columns' reading tests), then a row per group: the value, n,
 * interval, what it is compared with, the difference with its 95 % interval, the smallest
 * difference the comparison could detect, the raw p-value (only where both sides reach the
 * minimum n: the tested family), its rank, the Benjamini-Hochberg adjusted p and the mark, then
 * the sufficient statistics. Every number above it refers to it (portable mode), so a value, its
 * n, its interval and its test are made of the same counts.
 *
 * The table's columns run over the sheet's shown columns only (the KPI table hides the empty
 * ones), so every one of them prints.
 */
import { cellAddress, columnLetter } from "../a1";
import { periodCondition, segmentCondition } from "../groups";
import { CONFIDENCE, MARK_DOWN, MARK_UP, POWER, RANK_TOLERANCE, type ScorecardModel } from "../model";
import type { SampleRow } from "../rows";
import type { DataTable, PlanCell } from "../types";
import { READING_TEST_FORMAT, readingTestCell, sharedReadingTests } from "../../kpi/native";
import { differenceSkewFormulas, tooSkewedText } from "../skewness";
import { trendFormulas } from "../trendTest";
import { cellsOf, type Columns, f, HEADER_FILL, type Layouter } from "./block";
import { C } from "./kpiTable";

/** Columns of the statistics table, before they are laid on the shown columns of the sheet. */
export const S = {
  group: 0, value: 1, n: 2, low: 3, high: 4, otherValue: 5, otherN: 6, difference: 7, differenceLow: 8, differenceHigh: 9,
  detectable: 10, p: 11, adjusted: 12, mark: 13, firstStat: 14,
} as const;
const HEADERS = [
  "Group (compared with)", "Value", "n", "95% low", "95% high", "Its value", "Its n", "Difference", "Difference 95% low", "Difference 95% high",
  `Detectable (${POWER * 100}% power)`, "p-value", "Adjusted p (BH)", "Mark",
];
/** Height of one line of header text, in points. */
const LINE_POINTS = 15;
/** Widest a statistic's column grows to show its numbers (characters). */
const MAX_STAT_WIDTH = 22;
/** p-values as numbers that read "< 0.0001" below it (a condition in the number format, so other formulas still read the number). */
export const P_FORMAT = '[<0.0001]"< 0.0001";0.0000';
/** The title row's cells from Value up to the Mark column: room for the reading tests of that many data columns. */
const READING_TESTS = S.mark - S.value - 1;

export interface StatisticsAnchors {
  /** A cell (absolute) of a sample row's group g, in one of the columns S. */
  cell(d: SampleRow, g: number, col: number): string;
  /** The statistic cells (absolute) of a sample row's group g. */
  refs(d: SampleRow, g: number): readonly string[];
  /** A cell (absolute) of a sample row's trend test (where it has one), in one of the columns S. */
  trendCell(d: SampleRow, col: number): string;
}

/** Whether a data column holds only numbers and blanks, as readingTest finds it in the sheet ("" is a blank cell as Office.js reads it). */
function holdsNumbersOnly(data: DataTable, index: number): boolean {
  return data.rows.every((row) => {
    const v = row[index];
    return v === null || v === undefined || v === "" || (typeof v === "number" && Number.isFinite(v));
  });
}

/** The sheet columns of the table's columns: the shown ones, in order. */
function sheetColumns(columns: Columns, count: number): number[] {
  const out: number[] = [];
  for (let k = 0; out.length < count; k++) if (!columns.hidden.includes(k)) out.push(k);
  return out;
}

const maxStatistics = (m: ScorecardModel) => Math.max(0, ...m.rows.samples.map((d) => d.model.statistics.length));
const width = (m: ScorecardModel) => S.firstStat + maxStatistics(m);

/** Rows above the table's header: its title and the line that says what a comparison shows. */
const TITLE_ROWS = 2;
/** The first row of a sample row's groups: after the title and header, a title row and a row per group for each row before it. */
const firstRowOf = (m: ScorecardModel, top: number, d: SampleRow) => {
  let row = top + TITLE_ROWS + 1;
  for (const e of m.rows.samples) {
    if (e === d) return row + 1;
    row += rowsOf(m, e);
  }
  return row + 1;
};
/** Rows of a sample row's section: its title row, a row per group, and its trend test's row where it has one. */
const rowsOf = (m: ScorecardModel, d: SampleRow) => 1 + m.groups.count + (m.trendOf(d) ? 1 : 0);

/** How a statistic reads in its number format (#,##0.####), for the width of its column. */
const shownLength = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 4 }).length;

export const statistics: Layouter<"statistics"> = {
  name: "statistics",
  newPage: true,
  height: (m) => (m.rows.samples.length > 0 ? TITLE_ROWS + 1 + m.rows.samples.reduce((k, d) => k + rowsOf(m, d), 0) : 0),
  // The statistics' columns wide enough for their numbers and names (the rest of the table reads in the KPI table's widths).
  widths(m, hidden) {
    const at = sheetColumns({ widths: [], hidden, shown: [] }, width(m));
    const needs: (number | undefined)[] = [];
    for (let k = 0; k < maxStatistics(m); k++) {
      const longest = Math.max(...m.rows.samples.map((d) => Math.max(d.model.statistics[k]?.length ?? 0, ...m.statsOf(d).map((g) => (k < g.stats.length ? shownLength(g.stats[k]) : 0)))));
      needs[at[S.firstStat + k]] = Math.min(MAX_STAT_WIDTH, longest + 2);
    }
    return needs;
  },
  anchors(m, top, columns) {
    const at = sheetColumns(columns, width(m));
    const cell = (d: SampleRow, g: number, col: number) => cellAddress(firstRowOf(m, top, d) + g, at[col], true);
    // The trend test's row follows the groups' rows.
    return { cell, refs: (d, g) => d.model.statistics.map((_, k) => cell(d, g, S.firstStat + k)), trendCell: (d, col) => cell(d, m.groups.count, col) };
  },
  render(m, top, at, columns, out) {
    const samples = m.rows.samples;
    if (samples.length === 0) return;
    const { mode, data } = m;
    const { valueCell, numberOr } = cellsOf(m);
    const segCount = m.groups.segments.length;
    const groupCount = m.groups.count;
    const maxStats = maxStatistics(m);
    const sheetCol = sheetColumns(columns, width(m));
    const span = sheetCol[sheetCol.length - 1] + 1;
    /** A row of the table's columns laid on the sheet's shown columns (blank under hidden ones). */
    const laid = <T>(cells: readonly T[], blank: T): T[] => {
      const row = Array.from({ length: span }, () => blank);
      cells.forEach((c, k) => (row[sheetCol[k]] = c));
      return row;
    };
    const headerRow = top + TITLE_ROWS;
    const lastRow = headerRow + samples.reduce((k, d) => k + rowsOf(m, d), 0);
    const statRefs = at.statistics.refs;
    const inputs = at.inputs.refs;
    const minN = at.title.minN;
    const q = at.title.q;
    // Segment labels live in the header row; segment conditions compare with those cells.
    const segmentRef = m.groups.segmentColumn && m.hasData ? m.columnRef(m.groups.segmentColumn.index) : "";
    const periodRef = m.groups.periodColumn && m.hasData ? m.columnRef(m.groups.periodColumn.index) : "";
    const conditionOf = (g: number): string | null => {
      if (g === 0) return null;
      if (g <= segCount) return segmentCondition(segmentRef, cellAddress(at.kpiTable.headerRow, C.firstSegment + g - 1, true));
      return periodCondition(periodRef, m.groups.periods[g - 1 - segCount]);
    };

    out.block(top, 0, [
      ["Statistics behind every number: the counts each value is made of and its 95% interval"],
      [
        `Each comparison: the difference with its 95% interval, the smallest difference it could detect (${POWER * 100}% power at q / the number of p-values), ` +
          "the p-value (only where both sides have at least the minimum n and the difference is not too skewed for the normal curve: " +
          "its skewness at most 0.2, Cochran's n > 25 G1\u00b2) and the Benjamini-Hochberg adjusted p",
      ],
    ]);
    out.style({ range: { row: top, col: 0, rows: 1, cols: 1 }, bold: true, fontSize: 12 });
    out.style({ range: { row: top + 1, col: 0, rows: 1, cols: 1 }, italic: true });
    const headers = [...HEADERS, ...Array.from({ length: maxStats }, (_, k) => `Statistic ${k + 1}`)];
    out.block(headerRow, 0, [laid<PlanCell>(headers, null)]);
    out.style({ range: { row: headerRow, col: 0, rows: 1, cols: span }, bold: true, ...HEADER_FILL, wrap: true });
    // Headers stand over their numbers (right), as the trend block's and the CPI block's do.
    out.style({ range: { row: headerRow, col: 1, rows: 1, cols: span - 1 }, horizontal: "right" });
    // As tall as its most wrapped header, so that none is cut off in print.
    const lines = Math.max(1, ...headers.map((h, k) => Math.ceil((h.length * 1.1) / Math.max(1, columns.widths[sheetCol[k]] ?? 10))));
    if (lines > 1) out.rowHeights.push({ row: headerRow, points: Math.min(4, lines) * LINE_POINTS });
    const pCol = columnLetter(sheetCol[S.p]);
    const pRange = `$${pCol}$${headerRow + 2}:$${pCol}$${lastRow + 1}`;
    // Benjamini-Hochberg without an array IF: the adjusted p of rank r is the least of p(k)·m/k
    // over the ranks k from r to m, p(k) the k-th smallest p (SMALL skips the empty cells); ranks
    // past m are lifted above 1, which MIN(1, ...) then caps. Inside SUMPRODUCT, so every Excel
    // evaluates it as an array.
    const k = `(ROW(${pRange})-ROW($${pCol}$${headerRow + 2})+1)`;
    const count = `COUNT(${pRange})`;
    const upToM = `(${k}-(${k}>${count})*(${k}-${count}))`;
    // The rank of p among the family's p-values counts near-ties (within RANK_TOLERANCE) as ties, as the model does.
    const rankOf = (p: string) => `SUMPRODUCT(ISNUMBER(${pRange})*(${pRange}<=${p}*(1+${RANK_TOLERANCE})))`;
    const adjustedOf = (p: string) => `IF(ISNUMBER(${p}),MIN(1,SUMPRODUCT(MIN(SMALL(${pRange},${upToM})*${count}/${upToM}+((${k}<${rankOf(p)})+(${k}>${count}))*2))),"")`;
    // The critical value of the smallest detectable difference: two-sided at q over the family's size, plus the power's.
    const detectableZ = `(NORMSINV(1-${q}/(2*${count}))+NORMSINV(${POWER}))`;
    for (const d of samples) {
      const first = firstRowOf(m, top, d);
      const mine = m.valuesOf(d);
      const groups = m.statsOf(d);
      // Without a copy of the data (statistics given), the statistics are the values computed
      // elsewhere, and every formula above reads them.
      const refs = m.hasData ? d.columns.map((c) => m.columnRef(c.index)) : [];
      const native = mode !== "values" && m.hasData;
      const score = d.model.score;
      // Each of its data columns tested once for text ("text: none" when it holds numbers and
      // blanks only), in the title row's free cells before the statistics' names (so the sheet,
      // printed one page wide, grows no wider); the statistics choose their reading by these
      // cells (native.ts, byReading). Columns past the free cells keep the test inside their
      // formulas; a KPI without native statistics (sentiment) has none.
      const overallFormulas = native ? d.model.statFormulas(refs, conditionOf(0), at.inputs.refsOf(d)) : null;
      const tested = overallFormulas ? refs.slice(0, READING_TESTS) : [];
      const testCells = tested.map((_, j) => cellAddress(first - 1, sheetCol[S.value + 1 + j], true));
      const tests: PlanCell[] = tested.map((ref, j) => f(readingTestCell(ref), holdsNumbersOnly(data, d.columns[j].index) ? 1 : 0));
      const free = S.mark - S.value - 1 - tests.length;
      out.block(first - 1, 0, [laid<PlanCell>([d.title, tests.length > 0 ? "text:" : null, ...tests, ...Array.from({ length: free }, () => null), "statistics:", ...d.model.statistics], null)],
        [laid(["General", "General", ...tests.map(() => READING_TEST_FORMAT), ...Array.from({ length: free + 1 + d.model.statistics.length }, () => "General")], "General")]);
      out.style({ range: { row: first - 1, col: 0, rows: 1, cols: span }, bold: true, fill: "#D9E1F2" });
      const fmt = d.meta.numberFormat;
      const block: PlanCell[][] = [];
      const formats: string[][] = [];
      for (let g = 0; g < groupCount; g++) {
        const c = mine[g];
        const row = first + g;
        const cell = (col: number) => cellAddress(row, sheetCol[col]);
        const own = statRefs(d, g);
        const statValues = groups[g].stats;
        const statFormulas = g === 0 ? overallFormulas : native ? d.model.statFormulas(refs, conditionOf(g), at.inputs.refsOf(d)) : null;
        const statCells: PlanCell[] = statValues.map((v, j) => (statFormulas ? f(sharedReadingTests(statFormulas[j], tested, testCells), v) : v));
        const valueF = mode === "values" ? null : d.model.valueFormula(own, g === 0, inputs);
        const intervalF = mode === "values" ? null : d.model.intervalFormulas(own, CONFIDENCE, g === 0);
        const guardInterval = (x: string) => `IF(ISNUMBER(${cell(S.value)}),${x},"")`;
        const comparison = m.comparison(d, g);
        const segment = g <= segCount;
        let otherRefs: readonly string[] | null = null;
        if (c.other) otherRefs = segment ? own.map((x, j) => `(${statRefs(d, 0)[j]}-${x})`) : statRefs(d, g - 1);
        const formulas = otherRefs !== null && mode !== "values";
        const otherValueF = !formulas || otherRefs === null ? null : segment ? d.model.valueFormula(otherRefs, false, inputs) : `${cellAddress(row - 1, sheetCol[S.value])}`;
        const pF = !formulas || otherRefs === null ? null : d.model.pFormula(own, otherRefs);
        const both = otherRefs === null ? null : segment ? statRefs(d, 0) : own.map((x, j) => `(${x}+${(otherRefs as readonly string[])[j]})`);
        const intervalOfDifference = !formulas || otherRefs === null || !score ? null : score.differenceIntervalFormulas(own, otherRefs, CONFIDENCE);
        const bothMoments = !formulas || both === null || !score ? null : score.momentsFormulas(both);
        const bothValues = `AND(ISNUMBER(${cell(S.value)}),ISNUMBER(${cell(S.otherValue)}))`;
        const mark = m.markOf(d, g);
        // With exactly two segments, the second one's comparison is the first's turned round when
        // the two hold every answer (the model's sameAs): one test, entered once into the family.
        const pairFirst = segCount === 2 && g === 2 ? (col: number) => cellAddress(row - 1, sheetCol[col]) : null;
        const samePair = pairFirst ? `${statRefs(d, 1)[0]}+${statRefs(d, 2)[0]}=${statRefs(d, 0)[0]}` : null;
        const sameText = samePair ? `one test with ${m.groups.label(1)}` : "";
        const skewF = !formulas || both === null || !score ? null : differenceSkewFormulas(score.momentsFormulas(both), cell(S.n), cell(S.otherN));
        // The p cell: the p where the comparison is tested, else what keeps it out (in words), else empty.
        let pValue: number | string | null = null;
        if (comparison?.sameAs !== null && comparison?.sameAs !== undefined) pValue = sameText;
        else if (comparison?.inFamily) pValue = c.p;
        else if (comparison?.skew?.tooSkewed && comparison.value !== null && comparison.otherValue !== null) pValue = tooSkewedText(comparison.skew);
        let pFormula = pF === null ? null : `IF(AND(${bothValues},${cell(S.n)}>=${minN},${cell(S.otherN)}>=${minN}),${skewF ? `IF(${skewF.ok},${pF},${skewF.text})` : pF},"")`;
        if (pFormula !== null && samePair) pFormula = `IF(${samePair},"${sameText.replace(/"/g, '""')}",${pFormula})`;
        const pCell: PlanCell = mode === "values" || pFormula === null ? pValue : f(`=${pFormula}`, pValue ?? "");
        const adjustedF = `=${samePair && pairFirst ? `IF(${samePair},${pairFirst(S.adjusted)},${adjustedOf(cell(S.p))})` : adjustedOf(cell(S.p))}`;
        const label = c.other ? `${m.groups.label(g)} vs ${segment ? "the rest" : m.groups.label(g - 1)}` : m.groups.label(g);
        const cellsRow: PlanCell[] = [
          label,
          valueCell(valueF === null ? null : `=${valueF}`, c.value),
          numberOr(c.n, `=${own[0]}`),
          numberOr(c.interval?.[0], intervalF ? `=${guardInterval(intervalF[0])}` : null),
          numberOr(c.interval?.[1], intervalF ? `=${guardInterval(intervalF[1])}` : null),
          c.other ? valueCell(otherValueF === null ? null : `=${otherValueF}`, c.other.value) : null,
          c.other ? numberOr(c.other.n, segment ? `=${statRefs(d, 0)[0]}-${own[0]}` : `=${cellAddress(row - 1, sheetCol[S.n])}`) : null,
          c.other ? numberOr(comparison?.difference, formulas ? `=IF(${bothValues},${cell(S.value)}-${cell(S.otherValue)},"")` : null) : null,
          c.other && score ? numberOr(comparison?.interval?.[0], intervalOfDifference ? `=IF(${bothValues},${intervalOfDifference[0]},"")` : null) : null,
          c.other && score ? numberOr(comparison?.interval?.[1], intervalOfDifference ? `=IF(${bothValues},${intervalOfDifference[1]},"")` : null) : null,
          c.other && score
            ? numberOr(comparison?.mde, bothMoments ? `=${samePair && pairFirst ? `IF(${samePair},${pairFirst(S.detectable)},` : ""}IF(ISNUMBER(${cell(S.p)}),${detectableZ}*SQRT(${bothMoments.ss}/${bothMoments.n}*(1/${cell(S.n)}+1/${cell(S.otherN)})),"")${samePair ? ")" : ""}` : null)
            : null,
          // Tested only where both sides reach the minimum n (the cell) and the difference is not too skewed: only these can be marked, so only these enter the family.
          c.other ? pCell : null,
          c.other ? numberOr(comparison?.adjusted, adjustedF) : null,
          c.other
            ? mode === "values"
              ? mark
              : // AND evaluates every argument: the difference is read only once the adjusted p says the comparison was tested.
                f(`=IF(AND(ISNUMBER(${cell(S.adjusted)}),${cell(S.adjusted)}<=${q}),IF(ABS(${cell(S.difference)})>=N(${at.kpiTable.minDifference(d)}),IF(${cell(S.difference)}>0,"${MARK_UP}","${MARK_DOWN}"),""),"")`, mark)
            : null,
          ...statCells,
        ];
        block.push(laid(cellsRow, null));
        formats.push(laid(["General", fmt, "#,##0", fmt, fmt, fmt, "#,##0", fmt, fmt, fmt, fmt, P_FORMAT, P_FORMAT, "General", ...statValues.map(() => "#,##0.####")], "General"));
      }
      const trend = m.trendOf(d);
      if (trend && score) {
        const row = first + groupCount;
        const cell = (col: number) => cellAddress(row, sheetCol[col]);
        const fit = trend.fit;
        const periods = m.groups.periods;
        const periodRows = (col: number) => `$${columnLetter(sheetCol[col])}$${first + 1 + segCount + 1}:$${columnLetter(sheetCol[col])}$${first + segCount + periods.length + 1}`;
        const pooledCells = d.model.statistics.map((_, k) => cellAddress(row, sheetCol[S.firstStat + k], true));
        const tf = trendFormulas(score, {
          n: periodRows(S.n), value: periodRows(S.value), stats: d.model.statistics.map((_, k) => periodRows(S.firstStat + k)), minN, xs: m.periodTimes,
        }, { n: cell(S.n), change: cell(S.difference), fittedLast: cell(S.value), pooled: pooledCells }, m.periodTimes[m.periodTimes.length - 1], CONFIDENCE);
        const formulas = mode !== "values";
        const number = (v: number | null | undefined, formula: string) => numberOr(v, formulas ? `=${formula}` : null);
        // The trend's p where it is tested; where the slope is too skewed for the normal curve, the words.
        const trendP = trend.inFamily ? trend.p : trend.skew?.tooSkewed ? tooSkewedText(trend.skew) : null;
        const cellsRow: PlanCell[] = [
          `Trend over ${periods.length} ${m.spec.trend}s: the line at ${periods[periods.length - 1].label} vs at ${periods[0].label}`,
          number(fit?.fittedLast, tf.fittedLast),
          number(trend.n, tf.n),
          null,
          null,
          number(fit?.fittedFirst, tf.fittedFirst),
          null,
          number(fit?.change, tf.change),
          number(fit?.interval[0], tf.low),
          number(fit?.interval[1], tf.high),
          number(trend.mde, `IF(ISNUMBER(${cell(S.p)}),${detectableZ}*${tf.seOfChange},"")`),
          formulas ? f(`=${tf.p}`, trendP ?? "") : trendP,
          numberOr(trend.adjusted, `=${adjustedOf(cell(S.p))}`),
          formulas
            ? f(`=IF(AND(ISNUMBER(${cell(S.adjusted)}),${cell(S.adjusted)}<=${q}),IF(ABS(${cell(S.difference)})>=N(${at.kpiTable.minDifference(d)}),IF(${cell(S.difference)}>0,"${MARK_UP}","${MARK_DOWN}"),""),"")`, trend.mark)
            : trend.mark,
          ...d.model.statistics.map((_, k) => number(trend.pooled?.[k], tf.pooled[k])),
        ];
        block.push(laid(cellsRow, null));
        formats.push(laid(["General", fmt, "#,##0", "General", "General", fmt, "General", fmt, fmt, fmt, fmt, P_FORMAT, P_FORMAT, "General", ...d.model.statistics.map(() => "#,##0.####")], "General"));
      }
      out.block(first, 0, block, formats);
      out.style({ range: { row: first, col: sheetCol[S.mark], rows: block.length, cols: 1 }, horizontal: "center", bold: true });
      if (trend) out.style({ range: { row: first + groupCount, col: 0, rows: 1, cols: 1 }, italic: true });
    }
  },
};
