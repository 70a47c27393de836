/**
 * The statistics table, last and on a page of its own: per sample KPI, a title row naming its
 * statistics (with its data columns' reading tests), then a row per group with the sufficient
 * statistics, the value, n, interval, what it is compared with, the raw p-value, its rank, the
 * Benjamini-Hochberg adjusted p and the mark. Every number above it refers to it (portable
 * mode), so a value, its n, its interval and its test are made of the same counts.
 */
import { cellAddress, columnLetter } from "../a1";
import { periodCondition, segmentCondition } from "../groups";
import { CONFIDENCE, MARK_DOWN, MARK_UP, RANK_TOLERANCE, type ScorecardModel } from "../model";
import type { SampleRow } from "../rows";
import type { DataTable, PlanCell } from "../types";
import { READING_TEST_FORMAT, readingTestCell, sharedReadingTests } from "../../kpi/native";
import { cellsOf, f, type Layouter } from "./block";
import { C } from "./kpiTable";

/** Columns of the statistics table. */
export const S = {
  kpi: 0, group: 1, value: 2, n: 3, low: 4, high: 5, vs: 6, otherValue: 7, otherN: 8, p: 9, rank: 10, adjusted: 11,
  mark: 12, firstStat: 13,
} as const;
/** Data columns per KPI whose reading test has a cell of its own: the title row's cells from Value to Adjusted p. */
const READING_TESTS = S.mark - S.value;
const HEADERS = [
  "KPI", "Group", "Value", "n", "95% low", "95% high", "Compared with", "Its value", "Its n", "p-value",
  "BH rank", "Adjusted p (BH)", "Mark",
];

export interface StatisticsAnchors {
  /** A cell (absolute) of a sample row's group g, in one of the columns S. */
  cell(d: SampleRow, g: number, col: number): string;
  /** The statistic cells (absolute) of a sample row's group g. */
  refs(d: SampleRow, g: number): readonly string[];
}

/** Whether a data column holds only numbers and blanks, as readingTest finds it in the sheet ("" is a blank cell as Office.js reads it). */
function holdsNumbersOnly(data: DataTable, index: number): boolean {
  return data.rows.every((row) => {
    const v = row[index];
    return v === null || v === undefined || v === "" || (typeof v === "number" && Number.isFinite(v));
  });
}

/** The first row of a sample row's groups: after the title and header, a title row and a row per group for each row before it. */
const firstRowOf = (m: ScorecardModel, top: number, d: SampleRow) => top + 2 + m.rows.samples.indexOf(d) * (1 + m.groups.count) + 1;

export const statistics: Layouter<"statistics"> = {
  name: "statistics",
  newPage: true,
  height: (m) => (m.rows.samples.length > 0 ? 2 + m.rows.samples.length * (1 + m.groups.count) : 0),
  anchors(m, top) {
    const cell = (d: SampleRow, g: number, col: number) => cellAddress(firstRowOf(m, top, d) + g, col, true);
    return { cell, refs: (d, g) => d.model.statistics.map((_, k) => cell(d, g, S.firstStat + k)) };
  },
  render(m, top, at, _columns, out) {
    const samples = m.rows.samples;
    if (samples.length === 0) return;
    const { mode, data } = m;
    const { valueCell, numberOr } = cellsOf(m);
    const segCount = m.groups.segments.length;
    const groupCount = m.groups.count;
    const headerRow = top + 1;
    const lastRow = headerRow + samples.length * (1 + groupCount);
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

    const maxStats = Math.max(...samples.map((d) => d.model.statistics.length));
    out.block(top, 0, [["Statistics behind every number: the counts each value is made of, its interval, and each comparison's raw and adjusted p-value"]]);
    out.style({ range: { row: top, col: 0, rows: 1, cols: 1 }, bold: true, fontSize: 12 });
    out.block(headerRow, 0, [[...HEADERS, ...Array.from({ length: maxStats }, (_, k) => `Statistic ${k + 1}`)]]);
    out.style({ range: { row: headerRow, col: 0, rows: 1, cols: S.firstStat + maxStats }, bold: true, fill: "#1F4E79", fontColor: "#FFFFFF", wrap: true });
    const pRange = `$${columnLetter(S.p)}$${headerRow + 2}:$${columnLetter(S.p)}$${lastRow + 1}`;
    // Benjamini-Hochberg without an array IF: the adjusted p of rank r is the least of p(k)·m/k
    // over the ranks k from r to m, p(k) the k-th smallest p (SMALL skips the empty cells); ranks
    // past m are lifted above 1, which MIN(1, ...) then caps. Inside SUMPRODUCT, so every Excel
    // evaluates it as an array.
    const k = `(ROW(${pRange})-ROW($${columnLetter(S.p)}$${headerRow + 2})+1)`;
    const count = `COUNT(${pRange})`;
    const upToM = `(${k}-(${k}>${count})*(${k}-${count}))`;
    const adjustedOf = (p: string, rank: string) => `IF(ISNUMBER(${p}),MIN(1,SUMPRODUCT(MIN(SMALL(${pRange},${upToM})*${count}/${upToM}+((${k}<${rank})+(${k}>${count}))*2))),"")`;
    for (const d of samples) {
      const first = firstRowOf(m, top, d);
      const mine = m.valuesOf(d);
      const groups = m.statsOf(d);
      // Without a copy of the data (statistics given), the statistics are the values computed
      // elsewhere, and every formula above reads them.
      const refs = m.hasData ? d.columns.map((c) => m.columnRef(c.index)) : [];
      const native = mode !== "values" && m.hasData;
      // Each of its data columns tested once for text ("text: none" when it holds numbers and
      // blanks only), in the title row's free cells before the statistics' names (so the sheet,
      // printed one page wide, grows no wider); the statistics choose their reading by these
      // cells (native.ts, byReading). Columns past the free cells keep the test inside their
      // formulas; a KPI without native statistics (sentiment) has none.
      const overallFormulas = native ? d.model.statFormulas(refs, conditionOf(0)) : null;
      const tested = overallFormulas ? refs.slice(0, READING_TESTS) : [];
      const testCells = tested.map((_, j) => cellAddress(first - 1, S.value + j, true));
      const tests: PlanCell[] = tested.map((ref, j) => f(readingTestCell(ref), holdsNumbersOnly(data, d.columns[j].index) ? 1 : 0));
      const free = S.mark - S.value - tests.length;
      const titleFormats = [["General", "General", ...tests.map(() => READING_TEST_FORMAT), ...Array.from({ length: free + 1 + d.model.statistics.length }, () => "General")]];
      out.block(first - 1, 0, [[d.title, tests.length > 0 ? "text:" : null, ...tests, ...Array.from({ length: free }, () => null), "statistics:", ...d.model.statistics]], titleFormats);
      out.style({ range: { row: first - 1, col: 0, rows: 1, cols: S.firstStat + maxStats }, bold: true, fill: "#D9E1F2" });
      const fmt = d.meta.numberFormat;
      const block: PlanCell[][] = [];
      const formats: string[][] = [];
      for (let g = 0; g < groupCount; g++) {
        const c = mine[g];
        const row = first + g;
        const cell = (col: number) => cellAddress(row, col);
        const own = statRefs(d, g);
        const statValues = groups[g].stats;
        const statFormulas = g === 0 ? overallFormulas : native ? d.model.statFormulas(refs, conditionOf(g)) : null;
        const statCells: PlanCell[] = statValues.map((v, j) => (statFormulas ? f(sharedReadingTests(statFormulas[j], tested, testCells), v) : v));
        const valueF = mode === "values" ? null : d.model.valueFormula(own, g === 0, inputs);
        const intervalF = mode === "values" ? null : d.model.intervalFormulas(own, CONFIDENCE, g === 0);
        const guardInterval = (x: string) => `IF(ISNUMBER(${cell(S.value)}),${x},"")`;
        let otherRefs: readonly string[] | null = null;
        if (c.other) otherRefs = g <= segCount ? own.map((x, j) => `(${statRefs(d, 0)[j]}-${x})`) : statRefs(d, g - 1);
        const otherValueF = otherRefs === null || mode === "values" ? null : g <= segCount ? d.model.valueFormula(otherRefs, false, inputs) : `${cellAddress(row - 1, S.value)}`;
        const pF = otherRefs === null || mode === "values" ? null : d.model.pFormula(own, otherRefs);
        const comparison = m.comparison(d, g);
        const mark = m.markOf(d, g);
        const cellsRow: PlanCell[] = [
          d.title,
          m.groups.label(g),
          valueCell(valueF === null ? null : `=${valueF}`, c.value),
          numberOr(c.n, `=${own[0]}`),
          numberOr(c.interval?.[0], intervalF ? `=${guardInterval(intervalF[0])}` : null),
          numberOr(c.interval?.[1], intervalF ? `=${guardInterval(intervalF[1])}` : null),
          c.other ? c.other.label : null,
          c.other ? valueCell(otherValueF === null ? null : `=${otherValueF}`, c.other.value) : null,
          c.other ? numberOr(c.other.n, g <= segCount ? `=${statRefs(d, 0)[0]}-${own[0]}` : `=${cellAddress(row - 1, S.n)}`) : null,
          c.other ? numberOr(c.p, pF ? `=IF(AND(ISNUMBER(${cell(S.value)}),ISNUMBER(${cell(S.otherValue)})),${pF},"")` : null) : null,
          c.other ? numberOr(comparison?.rank, `=IF(ISNUMBER(${cell(S.p)}),SUMPRODUCT(ISNUMBER(${pRange})*(${pRange}<=${cell(S.p)}*(1+${RANK_TOLERANCE}))),"")`) : null,
          c.other ? numberOr(comparison?.adjusted, `=${adjustedOf(cell(S.p), cell(S.rank))}`) : null,
          c.other
            ? mode === "values"
              ? mark
              : f(`=IF(AND(ISNUMBER(${cell(S.adjusted)}),${cell(S.adjusted)}<=${q},${cell(S.n)}>=${minN},${cell(S.otherN)}>=${minN}),IF(${cell(S.value)}>${cell(S.otherValue)},"${MARK_UP}","${MARK_DOWN}"),"")`, mark)
            : null,
          ...statCells,
        ];
        block.push(cellsRow);
        formats.push(["General", "General", fmt, "#,##0", fmt, fmt, "General", fmt, "#,##0", "0.0000", "0", "0.0000", "General", ...statValues.map(() => "#,##0.####")]);
      }
      out.block(first, 0, block, formats);
      out.style({ range: { row: first, col: S.mark, rows: groupCount, cols: 1 }, horizontal: "center", bold: true });
    }
  },
};
