/**
 * Key findings, on page 1 under the title: the differences that hold after the Benjamini-Hochberg
 * correction, in sentences, most certain first, each with its mark ("▼ South: NPS 9.4, 11.1
 * points below the rest of the sample (n 889; adjusted p 0.018)"), or a line that says none does.
 *
 * In portable and live mode the sentences are formulas over the statistics table, so an edit of
 * the data rewrites them: beside the sheet (to the right of the printed columns, where it does
 * not print) a row per comparison holds its mark, its words up to its n and its place among the
 * marked ones (by adjusted p, then p, then the table's order, as the model sorts them), and each
 * line of the block takes the mark, words and adjusted p of its place with INDEX and MATCH, which
 * every Excel evaluates without dynamic arrays. The block holds a line for each comparison that could hold (up to MAX_LINES,
 * at least one) and a last line that counts the ones past them, so a data edit that makes more
 * hold shows them there. In values mode the lines are the sentences as text.
 */
import { cellAddress } from "../a1";
import { MARK_DOWN, MARK_UP, type ScorecardModel } from "../model";
import type { SampleRow } from "../rows";
import type { PlanCell } from "../types";
import { findingLine } from "../differenceText";
import { findingBodyFormula, findingBodyText, findingTailFormula, literal, valueText } from "../words";
import { f, type Layouter, sideColumn } from "./block";
import { S } from "./statistics";

export interface FindingsAnchors {
  readonly top: number;
}

/** Most sentences page 1 lists; the others are counted on the line after them. */
export const MAX_LINES = 5;

/** Comparisons that can hold (both sides tested). */
const family = (m: ScorecardModel) => m.comparisons.filter((c) => c.inFamily && c.p !== null);

/**
 * Lines of sentences: as many as could hold (the family's size), at most MAX_LINES, at least one
 * (the "none holds" line). Not the number that holds at build time: an edit of the data may make
 * more hold, and the layout (every cell the sheet refers to) stays where it is.
 */
const lineCount = (m: ScorecardModel) => Math.min(MAX_LINES, Math.max(1, family(m).length));
/** Whether a line counts findings past the listed ones (there are comparisons enough for more to hold). */
const counted = (m: ScorecardModel) => family(m).length > lineCount(m);

export function noneHolds(q: number): string {
  return `No difference holds: no segment differs from the rest of the sample, and no period from the one before, beyond chance (q = ${q}).`;
}

export const findings: Layouter<"findings"> = {
  name: "findings",
  // The heading, the lines, the count of the rest, a blank row.
  height: (m) => (m.rows.samples.length > 0 ? 1 + lineCount(m) + (counted(m) ? 1 : 0) + 1 : 0),
  anchors: (_m, top) => ({ top }),
  render(m, top, at, columns, out) {
    if (m.rows.samples.length === 0) return;
    const lines = lineCount(m);
    const heading = `Key findings: differences that hold after the Benjamini-Hochberg correction, most certain first (${MARK_UP} / ${MARK_DOWN} on the values below)`;
    out.block(top, 0, [[heading]]);
    out.style({ range: { row: top, col: 0, rows: 1, cols: 1 }, bold: true, fontSize: 12 });
    // Each line opens with its mark, as the value it speaks of shows it.
    const texts = m.differences.map((d) => findingLine(d, valueText));
    const shown = (k: number) => (k < texts.length ? texts[k] : k === 0 ? noneHolds(m.q) : "");
    const more = (extra: number) => (extra > 0 ? `…and ${extra} more: the statistics table marks them (Mark column).` : "");
    if (m.mode === "values") {
      const rows: PlanCell[][] = Array.from({ length: lines }, (_, k) => [shown(k)]);
      if (counted(m)) rows.push([more(texts.length - lines)]);
      out.block(top + 1, 0, rows);
      return;
    }

    // Beside the sheet: a row per comparison with its mark, what ranks it, its place among the
    // marked ones and its words up to its n; the lines add the mark and the adjusted p of the
    // finding they show (one formula per line, not per comparison: 12 KPIs x 64 groups of
    // sentences passed Office.js's 4 MB request on a wide survey).
    const side = sideColumn(columns);
    const first = top + 1;
    const comparisons = m.comparisons;
    const last = first + comparisons.length - 1;
    const range = (k: number) => `${cellAddress(first, side + k, true)}:${cellAddress(last, side + k, true)}`;
    const [mark, adjusted, raw, place, sentence] = [0, 1, 2, 3, 4].map(range);
    const helpers: PlanCell[][] = comparisons.map((c, i) => {
      const r = first + i;
      const cell = (k: number) => cellAddress(r, side + k);
      const d = c.row as SampleRow;
      // A trend test (group -1) reads its own row of the statistics table.
      const stat = (col: number) => (c.group < 0 ? at.statistics.trendCell(d, col) : at.statistics.cell(d, c.group, col));
      const markedNow = c.mark !== "";
      const other = c.sameAs !== null && c.group > 0 ? m.comparison(d, c.sameAs) : undefined;
      const partner = other && c.sameAs !== null ? { cell: at.statistics.cell(d, c.sameAs, S.p), p: other.inFamily ? other.p : null } : null;
      const place = m.differences.findIndex((x) => x.id === d.meta.id && x.title === d.title && x.kind === c.kind && x.group === c.label);
      const words = m.findingWords(d, c.group);
      const group = c.group >= 1 && c.group <= m.groups.segments.length ? at.segments.labelCell(c.group) : literal(words.group);
      const shownAt = place >= 0 ? m.differences[place] : null;
      return [
        f(`=${stat(S.mark)}`, c.mark),
        // A marked comparison's adjusted p (a number: the mark needs one); 2 for the others, above every adjusted p, so they rank after them.
        f(`=IF(${cell(0)}="",2,${stat(S.adjusted)})`, markedNow && c.adjusted !== null ? c.adjusted : 2),
        // A comparison entered once with another (two segments that hold every answer: B vs the rest is A vs the rest)
        // shows words in its p cell: it ranks by the other's p, as its adjusted p is the other's.
        partner
          ? f(`=IF(ISNUMBER(${stat(S.p)}),${stat(S.p)},IF(ISNUMBER(${stat(S.adjusted)}),${partner.cell},2))`, c.adjusted !== null && partner.p !== null ? partner.p : 2)
          : f(`=IF(ISNUMBER(${stat(S.p)}),${stat(S.p)},2)`, c.inFamily && c.p !== null ? c.p : 2),
        f(
          `=IF(${cell(0)}="","",1+SUMPRODUCT((${adjusted}<${cell(1)})+(${adjusted}=${cell(1)})*((${raw}<${cell(2)})+(${raw}=${cell(2)})*(ROW(${raw})<ROW(${cell(2)})))))`,
          place >= 0 ? place + 1 : "",
        ),
        f(
          `=IF(${cell(0)}="","",${findingBodyFormula({ ...words, group }, { value: stat(S.value), otherValue: stat(S.otherValue), n: stat(S.n) }, d.meta)})`,
          shownAt ? findingBodyText(words, { value: shownAt.value, otherValue: shownAt.otherValue, n: shownAt.n }, d.meta) : "",
        ),
      ];
    });
    out.block(first - 1, side, [["Finding: mark", "adjusted p (2: unmarked)", "p", "place on page 1", "sentence up to its n"]], undefined, false);
    out.block(first, side, helpers, helpers.map(() => ["General", "0.0000", "0.0000", "0", "General"]), false);

    // The lines: the sentence of each place, the first saying so when none holds; then the count of the rest.
    const count = `COUNT(${place})`;
    const lineCells: PlanCell[][] = Array.from({ length: lines }, (_, k) => {
      const ofLine = (col: string) => `INDEX(${col},MATCH(${k + 1},${place},0))`;
      const found = `${ofLine(mark)}&" "&${ofLine(sentence)}&${findingTailFormula(ofLine(adjusted))}`;
      const formula = k === 0
        ? `=IF(${count}=0,${literal(noneHolds(m.q).replace(/\(q = [^)]*\)\.$/, "(q = "))}&${at.title.q}&").",${found})`
        : `=IF(${count}>=${k + 1},${found},"")`;
      return [f(formula, shown(k))];
    });
    if (counted(m)) lineCells.push([f(`=IF(${count}>${lines},"…and "&(${count}-${lines})&" more: the statistics table marks them (Mark column).","")`, more(texts.length - lines))]);
    out.block(top + 1, 0, lineCells);
  },
};
