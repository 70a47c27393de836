/**
 * The statistics table, last: per sample KPI a section, its title row (with its data columns'
 * reading tests) and then its columns in panels as wide as the printed page (the value, n,
 * interval, what it is compared with, the difference with its 95 % interval; then the smallest
 * difference the comparison could detect, the raw p-value (only where both sides reach the
 * minimum n: the tested family), the Benjamini-Hochberg adjusted p, the mark and the sufficient
 * statistics), each panel under its own header with a row per group and, where the KPI has a
 * trend test, a last row with the test along the periods (trendTest.ts). Every number above it
 * refers to it (portable mode), so a value, its n, its interval and its test are made of the same
 * counts. A page may start at any section or panel, never between a header and its rows.
 *
 * The Benjamini-Hochberg formulas read the family's p-values in one column beside the sheet
 * (they need one range holding only them: in the table, other panels' numbers share the p-value's
 * column). Beside it, cells hold once what many formulas would repeat: BH's p(k)·m/k and their
 * least from k on, each difference's skewness and variance of both sides, a segment's rest of the
 * sample, m and the detectable difference's z (on a survey of 12 KPIs x 64 groups the repeated
 * text passed Office.js's 4 MB request). The panels run over the sheet's shown columns, so every
 * one of them prints.
 */
import { normalQuantile } from "../../kpi/stats";
import { cellAddress, columnLetter } from "../a1";
import { periodCondition, segmentCondition } from "../groups";
import { CONFIDENCE, MARK_DOWN, MARK_UP, POWER, RANK_TOLERANCE, type ScorecardModel } from "../model";
import { columnPoints, pagePoints } from "../print";
import type { SampleRow } from "../rows";
import type { DataTable, PlanCell } from "../types";
import { READING_TEST_FORMAT, readingTestCell, sharedReadingTests } from "../../kpi/native";
import { differenceSkewFormulas, skewnessFormula, skewnessOf, tooSkewedText } from "../skewness";
import { trendFormulas } from "../trendTest";
import { cellsOf, type Columns, f, HEADER_FILL, type Layouter, fitWords, LINE_POINTS, linesOf, P_VALUES_SIDE, panels, REST_COLUMNS, sideColumn, wordWidth, wrapText } from "./block";

/** Columns of the statistics table, before they are laid in panels on the sheet's columns. */
export const S = {
  group: 0, value: 1, n: 2, low: 3, high: 4, otherValue: 5, otherN: 6, difference: 7, differenceLow: 8, differenceHigh: 9,
  detectable: 10, p: 11, adjusted: 12, mark: 13, firstStat: 14,
} as const;
/** Headers, in words that fit their columns (EXPLAINED spells the short ones out). */
const HEADERS = [
  "Group (compared with)", "Value", "n", "95% low", "95% high", "Its value", "Its n", "Diff.", "Diff. 95% low", "Diff. 95% high",
  `MDD (${POWER * 100}% power)`, "p-value", "Adj. p (BH)", "Mark",
];
/**
 * Width (characters) the table asks of the columns it lies on: room for "< 0.0001" and counts up to
 * 999,999. Not more: the KPI table above fills the page's width nearly to the edge, and any wider
 * column would make the whole sheet print smaller. A statistic too long for its column reads in a
 * shorter format (STAT_FORMATS); its cell holds it whole.
 */
const MIN_WIDTH = 8;
/** Most lines a header wraps to (a statistic's name may be long: "sum of squares of x - 164.27"). */
const MAX_HEADER_LINES = 6;
/** p-values as numbers that read "< 0.0001" below it (a condition in the number format, so other formulas still read the number). */
export const P_FORMAT = '[<0.0001]"< 0.0001";0.0000';
/** A statistic's number format, and the narrower ones for numbers too long for its column (the cell holds the number whole). */
const STAT_FORMATS = ["#,##0.####", "#,##0", "0.0E+0"] as const;

const TITLE = "Statistics behind every number: the counts each value is made of and its 95% interval";
const EXPLAINED =
  `Each comparison: the difference (Diff.) with its 95% interval, the minimum detectable difference (MDD: the smallest it could detect, ${POWER * 100}% power at q / the number of p-values), ` +
  "the p-value (only where both sides have at least the minimum n and the difference is not too skewed for the normal curve: its skewness at most 0.2, Cochran's n > 25 G1\u00b2) " +
  "and the Benjamini-Hochberg adjusted p (Adj. p), then the counts each value is made of.";
/** Rows above the first section: the title and the lines that say what a comparison shows. */
const titleRows = () => 1 + wrapText(EXPLAINED).length;

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

const maxStatistics = (m: ScorecardModel) => Math.max(0, ...m.rows.samples.map((d) => d.model.statistics.length));
/** The table's columns: the group, the comparison's, the statistics. */
const width = (m: ScorecardModel) => S.firstStat + maxStatistics(m);

/** How a number reads in a number format of STAT_FORMATS. */
function shownText(x: number, format: (typeof STAT_FORMATS)[number]): string {
  if (format === "0.0E+0") return x.toExponential(1).replace("e", "E");
  return x.toLocaleString("en-US", { maximumFractionDigits: format === "#,##0" ? 0 : 4 });
}
/** The width of a number's text in digits: separators and the sign run narrower than a digit. */
const digitsWide = (text: string) => [...text].reduce((w, c) => w + (/[0-9E+]/.test(c) ? 1 : c === "-" ? 0.6 : 0.5), 0);
/** A statistic's number format: the first of STAT_FORMATS in which every group's value fits its column, with room for the cell's margins. */
function statFormat(m: ScorecardModel, d: SampleRow, k: number, width: number): string {
  const values = m.statsOf(d).map((g) => g.stats[k]).filter((x): x is number => typeof x === "number");
  return STAT_FORMATS.find((fmt) => values.every((x) => digitsWide(shownText(x, fmt)) <= width - 0.5)) ?? STAT_FORMATS[STAT_FORMATS.length - 1];
}

/** The sheet columns of the table's columns after the group's, panel by panel (the group is column A of every panel). */
const panelsOf = (m: ScorecardModel, columns: Columns) => panels(columns, 1, width(m) - 1, pagePoints("landscape").width, columnPoints);

/** Rows a section's panel has for its groups, and for its trend test where it has one. */
const groupRows = (m: ScorecardModel, d: SampleRow) => m.groups.count + (m.trendOf(d) ? 1 : 0);
/** Rows of a section: its title row, then per panel a header row and the group rows. */
const sectionRows = (m: ScorecardModel, d: SampleRow, panelCount: number) => 1 + panelCount * (1 + groupRows(m, d));

/** Where the table's cells are: a section's first row, and the row and sheet column of a group's cell. */
function geometry(m: ScorecardModel, top: number, columns: Columns) {
  const laid = panelsOf(m, columns);
  const firsts = new Map<SampleRow, number>();
  let row = top + titleRows();
  for (const d of m.rows.samples) {
    firsts.set(d, row);
    row += sectionRows(m, d, laid.length);
  }
  /** The panel and sheet column of a table column (the group's: every panel's column A). */
  const place = (col: number): { panel: number; col: number } => {
    if (col === S.group) return { panel: 0, col: 0 };
    let k = col - 1;
    for (let p = 0; p < laid.length; p++) {
      if (k < laid[p].length) return { panel: p, col: laid[p][k] };
      k -= laid[p].length;
    }
    throw new Error(`statistics column ${col} is outside the panels`);
  };
  const sectionTop = (d: SampleRow) => firsts.get(d) as number;
  /** The header row of a section's panel p. */
  const headerRow = (d: SampleRow, p: number) => sectionTop(d) + 1 + p * (1 + groupRows(m, d));
  const rowOf = (d: SampleRow, g: number, col: number) => headerRow(d, place(col).panel) + 1 + g;
  return { laid, sectionTop, headerRow, place, rowOf, end: row };
}

/** Rows (from the block's top) of every section but the first, which stays with the table's title. */
function sectionStarts(m: ScorecardModel, columns: Columns): number[] {
  if (m.rows.samples.length === 0) return [];
  const g = geometry(m, 0, columns);
  return m.rows.samples.slice(1).map((d) => g.sectionTop(d));
}

/** Rows (from the block's top) of every section's "(continued)" panels: their header rows. */
function continuedPanels(m: ScorecardModel, columns: Columns): number[] {
  if (m.rows.samples.length === 0) return [];
  const g = geometry(m, 0, columns);
  return m.rows.samples.flatMap((d) => g.laid.slice(1).map((_, p) => g.headerRow(d, p + 1)));
}

export const statistics: Layouter<"statistics"> = {
  name: "statistics",
  height: (m, columns) => (m.rows.samples.length > 0 ? geometry(m, 0, columns).end : 0),
  // A page may start at a section or at a panel's header (the first section stays with the table's title).
  units: (m, columns) => [...sectionStarts(m, columns), ...continuedPanels(m, columns)].sort((x, y) => x - y),
  // A section's "(continued)" panels start a page only when the section is taller than a page: it prints whole where it fits.
  soft: continuedPanels,
  // Each header's longest word on one line ("comments", "detractors"), where the page has room.
  fit(m, columns) {
    if (m.rows.samples.length === 0) return [];
    const g = geometry(m, 0, columns);
    return m.rows.samples.flatMap((d) => [...HEADERS, ...d.model.statistics].flatMap((h, j) => (j === S.group ? [] : [{ col: g.place(j).col, width: wordWidth(h) }])));
  },
  // The first columns after A at least MIN_WIDTH wide (a panel holds about nine of them).
  widths(m, hidden) {
    if (m.rows.samples.length === 0) return [];
    const out: (number | undefined)[] = [undefined];
    for (let k = 1, n = 0; n < Math.min(width(m) - 1, 9); k++) {
      if (hidden.includes(k)) out.push(undefined);
      else {
        out.push(MIN_WIDTH);
        n++;
      }
    }
    return out;
  },
  anchors(m, top, columns) {
    const g = geometry(m, top, columns);
    const cell = (d: SampleRow, gr: number, col: number) => cellAddress(g.rowOf(d, gr, col), g.place(col).col, true);
    // The trend test's row follows the groups' rows.
    return { cell, refs: (d, gr) => d.model.statistics.map((_, k) => cell(d, gr, S.firstStat + k)), trendCell: (d, col) => cell(d, m.groups.count, col) };
  },
  render(m, top, at, columns, out) {
    const samples = m.rows.samples;
    if (samples.length === 0) return;
    const { mode, data } = m;
    const { valueCell, numberOr } = cellsOf(m);
    const segCount = m.groups.segments.length;
    const groupCount = m.groups.count;
    const geo = geometry(m, top, columns);
    const laid = geo.laid;
    const span = Math.max(...laid.flat()) + 1;
    /** A panel's row: column A, then the table's columns laid in that panel (blank elsewhere). */
    const panelRow = <T>(p: number, cells: readonly T[], blank: T): T[] => {
      const row = Array.from({ length: span }, () => blank);
      row[0] = cells[S.group];
      cells.forEach((c, k) => {
        if (k === S.group) return;
        const at = geo.place(k);
        if (at.panel === p) row[at.col] = c;
      });
      return row;
    };
    const statRefs = at.statistics.refs;
    const inputs = at.inputs.refs;
    const minN = at.title.minN;
    const q = at.title.q;
    // Segment labels live in the header row; segment conditions compare with those cells.
    const segmentRef = m.groups.segmentColumn && m.hasData ? m.columnRef(m.groups.segmentColumn.index) : "";
    const periodRef = m.groups.periodColumn && m.hasData ? m.columnRef(m.groups.periodColumn.index) : "";
    const conditionOf = (g: number): string | null => {
      if (g === 0) return null;
      if (g <= segCount) return segmentCondition(segmentRef, at.segments.labelCell(g));
      return periodCondition(periodRef, m.groups.periods[g - 1 - segCount]);
    };

    out.block(top, 0, [[TITLE], ...wrapText(EXPLAINED).map((line) => [line])]);
    out.style({ range: { row: top, col: 0, rows: 1, cols: 1 }, bold: true, fontSize: 12 });
    out.style({ range: { row: top + 1, col: 0, rows: titleRows() - 1, cols: 1 }, italic: true });

    // The family's p-values in one column beside the sheet, for the Benjamini-Hochberg formulas.
    // Each comparison of a group with another, then the KPI's trend test where it has one (in the same family).
    const compared = samples.flatMap((d) => [
      ...m.valuesOf(d).flatMap((c, g) => (c.other ? [{ d, g }] : [])),
      ...(m.trendOf(d) && d.model.score ? [{ d, g: groupCount }] : []),
    ]);
    // Beside them, what every adjusted p and skewness check would otherwise repeat in its own
    // formula (several hundred characters each, over a thousand comparisons on a wide survey):
    // each p's rank k (1, 2, ...), min(k, m), the skewness of both sides' answers of each
    // difference (Cochran's rule reads it four times), and m, the number of p-values.
    const side = sideColumn(columns) + P_VALUES_SIDE;
    const pFirst = top + 1;
    const sideRange = (col: number) => `${cellAddress(pFirst, side + col, true)}:${cellAddress(pFirst + Math.max(1, compared.length) - 1, side + col, true)}`;
    const [pRange, , , leastRange] = [0, 1, 2, 3].map(sideRange);
    /** The first of the columns that hold a segment's rest-of-the-sample statistics, as wide as the most statistics a KPI has. */
    const REST = 6;
    // (a KPI with more statistics, a long question battery's CX index, writes its rest in its formulas)
    const restFits = (d: SampleRow) => d.model.statistics.length <= REST_COLUMNS;
    const restWidth = Math.max(0, ...samples.filter(restFits).map((d) => d.model.statistics.length));
    const count = cellAddress(top, side + REST + REST_COLUMNS + 1, true);
    /** The critical value of the smallest detectable difference: two-sided at q over the family's size, plus the power's. */
    const detectableZOf = (m: string) => `NORMSINV(1-${q}/(2*${m}))+NORMSINV(${POWER})`;
    const detectableZ = cellAddress(top, side + REST + REST_COLUMNS + 3, true);
    /**
     * A segment's rest-of-the-sample statistics: cells beside the sheet, but a mean's sums of
     * squares and cubes stay in the formulas that read them. Those two are sums of large powers:
     * LibreOffice rounds a difference of two nearly equal numbers to 0 (its approxSub), so a cell
     * holding the difference could show 0 where the add-in computed a few thousand (a sample
     * near 1e9, test/kpi/shift.test.ts), while inside a formula it only feeds a variance as it did.
     */
    const restRefs = (d: SampleRow, g: number) => {
      const powers = d.model.moments ? [d.model.moments.squares, d.model.moments.cubes] : [];
      const all = at.statistics.refs(d, 0);
      const own = at.statistics.refs(d, g);
      return d.model.statistics.map((_, j) =>
        powers.includes(j) ? `(${all[j]}-${own[j]})` : cellAddress(pFirst + (place.get(`${samples.indexOf(d)}:${g}`) as number), side + REST + j, true),
      );
    };
    const place = new Map(compared.map(({ d, g }, i) => [`${samples.indexOf(d)}:${g}`, i] as const));
    /**
     * The cell beside the sheet that holds the skewness of both sides' answers of a sample row's
     * comparison g: a period's own, the first segment's for every segment (a segment and the rest
     * of the sample are all the answers together).
     */
    const skewnessCell = (d: SampleRow, g: number) => cellAddress(pFirst + (place.get(`${samples.indexOf(d)}:${g <= segCount ? 1 : g}`) as number), side + 4, true);
    /** The same row's variance of both sides' answers (ss / n, the smallest detectable difference's). */
    const varianceCell = (d: SampleRow, g: number) => cellAddress(pFirst + (place.get(`${samples.indexOf(d)}:${g <= segCount ? 1 : g}`) as number), side + 5, true);
    // Written after the table, once its formulas say which rest-of-the-sample cells they read.
    const readRest = new Set<string>();
    const writeSide = () => {
      if (mode !== "values" && compared.length > 0) {
        const m0 = compared.filter(({ d, g }) => {
          const c = g === groupCount ? m.trendOf(d) : m.comparison(d, g);
          return c?.inFamily && c.p !== null;
        }).length;
        // Benjamini-Hochberg's p(k)·m/k of the k-th smallest p, and the least of them from k on (what a p of rank k is adjusted to).
        const sorted = compared.flatMap(({ d, g }) => {
          const c = g === groupCount ? m.trendOf(d) : m.comparison(d, g);
          return c?.inFamily && c.p !== null ? [c.p] : [];
        }).sort((a, b) => a - b);
        const scaled = compared.map((_, i) => (i < m0 ? (sorted[i] * m0) / (i + 1) : 2));
        const least = [...scaled];
        for (let i = least.length - 2; i >= 0; i--) least[i] = Math.min(least[i], least[i + 1]);
        const header: PlanCell[] = ["p-values (for the adjusted p)", "k", "p(k)·m/k", "least from k on", "skewness of both sides", "variance of both sides", "a segment's other side: the rest of the sample's statistics"];
        while (header.length < REST + REST_COLUMNS) header.push(null);
        header.push("m:", f(`=COUNT(${pRange})`, m0), "z (MDD):", f(`=${detectableZOf(count)}`, m0 > 0 ? normalQuantile(1 - m.q / (2 * m0)) + normalQuantile(POWER) : { error: "#DIV/0!" }));
        out.block(top, side, [header], undefined, false);
        out.block(pFirst, side, compared.map(({ d, g }, i) => {
          const p = at.statistics.cell(d, g, S.p);
          const c = g === groupCount ? m.trendOf(d) : m.comparison(d, g);
          const score = d.model.score;
          // A difference's skewness and variance of both sides' answers (the trend's check reads its pooled statistics itself).
          let skewness: PlanCell = null;
          let variance: PlanCell = null;
          if (g < groupCount && score && (g === 1 || g > segCount)) {
            const stats = m.statsOf(d);
            const segment = g <= segCount;
            const own = at.statistics.refs(d, g);
            const both = segment ? at.statistics.refs(d, 0) : own.map((x, j) => `(${x}+${at.statistics.refs(d, g - 1)[j]})`);
            const bothStats = segment ? stats[0].stats : stats[g].stats.map((x, j) => x + stats[g - 1].stats[j]);
            const moments = score.momentsFormulas(both);
            const g1 = bothStats[0] > 0 ? skewnessOf(score.moments(bothStats)) : 0;
            skewness = f(`=IFERROR(IF(${moments.n}>0,${skewnessFormula(moments)},0),"")`, Number.isFinite(g1) ? g1 : "");
            const v = score.moments(bothStats);
            variance = f(`=IFERROR(${moments.ss}/${moments.n},"")`, v.n > 0 && Number.isFinite(v.ss / v.n) ? v.ss / v.n : "");
          }
          // A segment's other side, the rest of the sample: the whole sample's statistics less the segment's.
          const rest: PlanCell[] = Array.from({ length: restWidth }, () => null);
          if (g >= 1 && g <= segCount && restFits(d)) {
            const all = at.statistics.refs(d, 0);
            const stats = m.statsOf(d);
            const mine = restRefs(d, g);
          at.statistics.refs(d, g).forEach((x, j) => {
            if (readRest.has(mine[j])) rest[j] = f(`=${all[j]}-${x}`, stats[0].stats[j] - stats[g].stats[j]);
          });
          }
          const kCell = cellAddress(pFirst + i, side + 1);
          const scaledF = f(`=IF(${kCell}>${count},2,SMALL(${pRange},${kCell})*${count}/${kCell})`, scaled[i]);
          const leastF = i === compared.length - 1 ? f(`=${cellAddress(pFirst + i, side + 2)}`, least[i]) : f(`=MIN(${cellAddress(pFirst + i, side + 2)},${cellAddress(pFirst + i + 1, side + 3)})`, least[i]);
          return [f(`=IF(ISNUMBER(${p}),${p},"")`, c?.inFamily && c.p !== null ? c.p : ""), i + 1, scaledF, leastF, skewness, variance, ...rest];
        }), compared.map(() => [P_FORMAT, "0", "0.0000", "0.0000", "0.0000", "General", ...Array.from({ length: restWidth }, () => "General")]), false);
      }
    };
    // Benjamini-Hochberg: the adjusted p of rank r is the least of p(k)·m/k over the ranks k from
    // r to m, p(k) the k-th smallest p (SMALL skips the empty cells), capped at 1. The side columns
    // hold p(k)·m/k (2 past m, above any p) and the least of them from each k on, so a comparison
    // reads the one at its rank.
    // The rank of p among the family's p-values counts near-ties (within RANK_TOLERANCE) as ties, as the model does.
    const rankOf = (p: string) => `SUMPRODUCT(ISNUMBER(${pRange})*(${pRange}<=${p}*(1+${RANK_TOLERANCE})))`;
    const adjustedOf = (p: string) => `IF(ISNUMBER(${p}),MIN(1,INDEX(${leastRange},${rankOf(p)})),"")`;
    for (const d of samples) {
      const first = geo.sectionTop(d);
      const mine = m.valuesOf(d);
      const groups = m.statsOf(d);
      // Without a copy of the data (statistics given), the statistics are the values computed
      // elsewhere, and every formula above reads them.
      const refs = m.hasData ? d.columns.map((c) => m.columnRef(c.index)) : [];
      const native = mode !== "values" && m.hasData;
      const score = d.model.score;
      // Each of its data columns tested once for text ("text: none" when it holds numbers and
      // blanks only), in the title row's cells over the first panel (so the sheet, printed one
      // page wide, grows no wider); the statistics choose their reading by these
      // cells (native.ts, byReading). Columns past the free cells keep the test inside their
      // formulas; a KPI without native statistics (sentiment) has none.
      const overallFormulas = native ? d.model.statFormulas(refs, conditionOf(0), at.inputs.refsOf(d)) : null;
      const testCols = laid[0].slice(1);
      const tested = overallFormulas ? refs.slice(0, testCols.length) : [];
      const testCells = tested.map((_, j) => cellAddress(first, testCols[j], true));
      const tests: PlanCell[] = tested.map((ref, j) => f(readingTestCell(ref), holdsNumbersOnly(data, d.columns[j].index) ? 1 : 0));
      const titleRow: PlanCell[] = Array.from({ length: span }, () => null);
      const titleFormats: string[] = Array.from({ length: span }, () => "General");
      titleRow[0] = d.title;
      if (tests.length > 0) titleRow[laid[0][0]] = "text:";
      tests.forEach((t, j) => {
        titleRow[testCols[j]] = t;
        titleFormats[testCols[j]] = READING_TEST_FORMAT;
      });
      out.block(first, 0, [titleRow], [titleFormats]);
      out.style({ range: { row: first, col: 0, rows: 1, cols: span }, bold: true, fill: "#D9E1F2" });
      // Each panel's header: the names of its columns (the statistics by this KPI's names), as tall as its most wrapped one.
      const headers: string[] = [...HEADERS, ...d.model.statistics];
      laid.forEach((cols, p) => {
        const row = geo.headerRow(d, p);
        const names = panelRow<PlanCell>(p, headers.map((h, j) => (j === S.group ? (p > 0 ? `${d.title} (continued)` : h) : fitWords(h, columns.widths[geo.place(j).col] ?? MIN_WIDTH))), null);
        out.block(row, 0, [names]);
        out.style({ range: { row, col: 0, rows: 1, cols: span }, bold: true, ...HEADER_FILL, wrap: true });
        // Headers stand over their numbers (right), as the trend block's and the CPI block's do.
        out.style({ range: { row, col: 1, rows: 1, cols: span - 1 }, horizontal: "right" });
        const lines = Math.max(1, ...cols.map((c) => linesOf(String(names[c] ?? ""), columns.widths[c] ?? MIN_WIDTH)));
        if (lines > 1) out.rowHeights.push({ row, points: Math.min(MAX_HEADER_LINES, lines) * LINE_POINTS });
      });
      const fmt = d.meta.numberFormat;
      const block: PlanCell[][] = [];
      const formats: string[][] = [];
      for (let g = 0; g < groupCount; g++) {
        const c = mine[g];
        const cell = (col: number) => cellAddress(geo.rowOf(d, g, col), geo.place(col).col);
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
        if (c.other) otherRefs = !segment ? statRefs(d, g - 1) : restFits(d) ? restRefs(d, g) : own.map((x, j) => `(${statRefs(d, 0)[j]}-${x})`);
        const formulas = otherRefs !== null && mode !== "values";
        const otherValueF = !formulas || otherRefs === null ? null : segment ? d.model.valueFormula(otherRefs, false, inputs) : cellAddress(geo.rowOf(d, g - 1, S.value), geo.place(S.value).col);
        const pF = !formulas || otherRefs === null ? null : d.model.pFormula(own, otherRefs);
        const both = otherRefs === null ? null : segment ? statRefs(d, 0) : own.map((x, j) => `(${x}+${(otherRefs as readonly string[])[j]})`);
        const intervalOfDifference = !formulas || otherRefs === null || !score ? null : score.differenceIntervalFormulas(own, otherRefs, CONFIDENCE);
        const bothMoments = !formulas || both === null || !score ? null : score.momentsFormulas(both);
        const bothValues = `AND(ISNUMBER(${cell(S.value)}),ISNUMBER(${cell(S.otherValue)}))`;
        const mark = m.markOf(d, g);
        // With exactly two segments, the second one's comparison is the first's turned round when
        // the two hold every answer (the model's sameAs): one test, entered once into the family.
        const pairFirst = segCount === 2 && g === 2 ? (col: number) => cellAddress(geo.rowOf(d, g - 1, col), geo.place(col).col) : null;
        const samePair = pairFirst ? `${statRefs(d, 1)[0]}+${statRefs(d, 2)[0]}=${statRefs(d, 0)[0]}` : null;
        const sameText = samePair ? `one test with ${m.groups.label(1)}` : "";
        const skewF = !formulas || both === null || !score ? null : differenceSkewFormulas(skewnessCell(d, g), cell(S.n), cell(S.otherN));
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
          c.other ? numberOr(c.other.n, segment ? `=${(otherRefs as readonly string[])[0].replace(/^\((.*)\)$/, "$1")}` : `=${cellAddress(geo.rowOf(d, g - 1, S.n), geo.place(S.n).col)}`) : null,
          c.other ? numberOr(comparison?.difference, formulas ? `=IF(${bothValues},${cell(S.value)}-${cell(S.otherValue)},"")` : null) : null,
          c.other && score ? numberOr(comparison?.interval?.[0], intervalOfDifference ? `=IF(${bothValues},${intervalOfDifference[0]},"")` : null) : null,
          c.other && score ? numberOr(comparison?.interval?.[1], intervalOfDifference ? `=IF(${bothValues},${intervalOfDifference[1]},"")` : null) : null,
          c.other && score
            ? numberOr(comparison?.mde, bothMoments ? `=${samePair && pairFirst ? `IF(${samePair},${pairFirst(S.detectable)},` : ""}IF(ISNUMBER(${cell(S.p)}),${detectableZ}*SQRT(${varianceCell(d, g)}*(1/${cell(S.n)}+1/${cell(S.otherN)})),"")${samePair ? ")" : ""}` : null)
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
        block.push(cellsRow);
        if (segment && g >= 1 && restFits(d)) {
          const texts = cellsRow.map((x) => (x !== null && typeof x === "object" && "formula" in x ? x.formula : "")).join(" ");
          for (const r of restRefs(d, g)) if (!r.startsWith("(") && new RegExp(`${r.replace(/\$/g, "\\$")}(?![0-9])`).test(texts)) readRest.add(r);
        }
        formats.push(["General", fmt, "#,##0", fmt, fmt, fmt, "#,##0", fmt, fmt, fmt, fmt, P_FORMAT, P_FORMAT, "General", ...statValues.map((_, j) => statFormat(m, d, j, columns.widths[geo.place(S.firstStat + j).col] ?? MIN_WIDTH))]);
      }
      const trend = m.trendOf(d);
      if (trend && score) {
        const g = groupCount;
        const cell = (col: number) => cellAddress(geo.rowOf(d, g, col), geo.place(col).col);
        const fit = trend.fit;
        const periods = m.groups.periods;
        // A column's cells over the periods' rows (adjacent rows of one panel).
        const periodRows = (col: number) => {
          const letter = columnLetter(geo.place(col).col);
          return `$${letter}$${geo.rowOf(d, 1 + segCount, col) + 1}:$${letter}$${geo.rowOf(d, segCount + periods.length, col) + 1}`;
        };
        const pooledCells = d.model.statistics.map((_, k) => cellAddress(geo.rowOf(d, g, S.firstStat + k), geo.place(S.firstStat + k).col, true));
        const tf = trendFormulas(score, {
          n: periodRows(S.n), value: periodRows(S.value), stats: d.model.statistics.map((_, k) => periodRows(S.firstStat + k)), minN, xs: m.periodTimes,
        }, { n: cell(S.n), change: cell(S.difference), fittedLast: cell(S.value), pooled: pooledCells }, m.periodTimes[m.periodTimes.length - 1], CONFIDENCE);
        const formulas = mode !== "values";
        const number = (v: number | null | undefined, formula: string) => numberOr(v, formulas ? `=${formula}` : null);
        // The trend's p where it is tested; where the slope is too skewed for the normal curve, the words.
        const trendP = trend.inFamily ? trend.p : trend.skew?.tooSkewed ? tooSkewedText(trend.skew) : null;
        block.push([
          // Short enough for column A in print (30 characters: "Trend line: 2025-06 vs 2025-01"); the longer
          // "Trend over 6 months: the line at 2025-06 vs at 2025-01" was cut at "2025-0".
          `Trend line: ${periods[periods.length - 1].label} vs ${periods[0].label}`,
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
        ]);
        formats.push(["General", fmt, "#,##0", "General", "General", fmt, "General", fmt, fmt, fmt, fmt, P_FORMAT, P_FORMAT, "General", ...d.model.statistics.map(() => "#,##0.####")]);
      }
      laid.forEach((_, p) => {
        out.block(geo.headerRow(d, p) + 1, 0, block.map((r) => panelRow(p, r, null)), formats.map((r) => panelRow(p, r, "General")));
        if (trend && score) out.style({ range: { row: geo.headerRow(d, p) + 1 + groupCount, col: 0, rows: 1, cols: 1 }, italic: true });
      });
      const mark = geo.place(S.mark);
      out.style({ range: { row: geo.headerRow(d, mark.panel) + 1, col: mark.col, rows: block.length, cols: 1 }, horizontal: "center", bold: true });
    }
    writeSide();
  },
};
