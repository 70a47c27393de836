/**
 * "What detractors say": the words and phrases detractors' comments use more than promoters', and
 * the other way round (verbatim.ts), each with its counts, z and one comment that says it; a term
 * under the noise floor is grey. Values, computed by the add-in when the scorecard was built, in
 * every mode: the block's note says so. Starts a printed page of its own.
 */
import type { ScorecardModel } from "../model";
import type { PlanCell } from "../types";
import type { VerbatimTerm } from "../verbatim";
import { BAND_STYLE, fitWords, HEADER_FILL, type Layouter, LINE_POINTS, linesOf, wordWidth } from "./block";

export interface ThemesAnchors {
  readonly top: number;
}

const HEADER = ["Term", "Detractors", "Promoters", "z", "Example comment"];
/** Columns the header's fill runs over: the example comment runs on past its own column. */
const HEADER_SPAN = HEADER.length + 4;
/** Lines of the note under the title. */
const NOTE_ROWS = 3;

/** Title, note, then per side a heading, a header row, its terms (at least one row) and a blank row. */
function heightOf(m: ScorecardModel): number {
  const v = m.verbatim;
  if (v === null) return 0;
  if (v.kind === "none") return 3;
  return 1 + NOTE_ROWS + 3 + Math.max(1, v.detractors.length) + 3 + Math.max(1, v.promoters.length);
}

function rows(terms: readonly VerbatimTerm[]): PlanCell[][] {
  return terms.map((t) => [t.term, t.detractors, t.promoters, t.z, t.example]);
}

export const themes: Layouter<"themes"> = {
  name: "themes",
  newPage: true,
  height: heightOf,
  // The counts' and z's headers on one line where the page has room ("Promoters" ran into "z").
  fit: (m) => (m.verbatim?.kind === "themes" ? [1, 2, 3].map((col) => ({ col, width: wordWidth(HEADER[col]) })) : []),
  anchors: (_m, top) => ({ top }),
  render(m, top, _at, columns, out) {
    const v = m.verbatim;
    if (v === null) return;
    out.block(top, 0, [["What detractors say"]]);
    out.style({ range: { row: top, col: 0, rows: 1, cols: 1 }, bold: true, fontSize: 14 });
    if (v.kind === "none") {
      out.block(top + 1, 0, [[`No verbatim themes: ${v.why}.`]]);
      return;
    }
    const note = [
      [`Computed by the add-in when the scorecard was built, from ${v.detractorComments.toLocaleString("en-US")} detractors' (NPS 0-6) and ${v.promoterComments.toLocaleString("en-US")} promoters' (9-10) comments: values, not recalculated.`],
      ["z: log-odds ratio with an informative prior (Monroe, Colaresi and Quinn 2008), positive when detractors say it more; counts are comments that mention the term."],
      [`Noise floor |z| ${v.noiseFloor.toFixed(2)}: the largest |z| of 19 random splits of the same comments. Grey rows are under it and may be chance.`],
    ];
    out.block(top + 1, 0, note);
    out.style({ range: { row: top + 1, col: 0, rows: NOTE_ROWS, cols: 1 }, italic: true, fontColor: "#595959" });
    let row = top + 1 + NOTE_ROWS;
    for (const [heading, terms, none] of [
      ["Said more by detractors", v.detractors, "no term that detractors say more"],
      ["Said more by promoters", v.promoters, "no term that promoters say more"],
    ] as const) {
      out.block(row, 0, [[heading]]);
      out.style({ range: { row, col: 0, rows: 1, cols: 1 }, bold: true });
      // Where the page had no room to widen them, the headers wrap within their columns (a word
      // broken where English breaks it), the row as tall as the longest: none runs into the next.
      const widthOf = (col: number) => columns.widths[col] ?? 8;
      const header = HEADER.map((h, col) => (col === HEADER.length - 1 ? h : fitWords(h, widthOf(col))));
      out.block(row + 1, 0, [header]);
      out.style({ range: { row: row + 1, col: 0, rows: 1, cols: HEADER.length - 1 }, bold: true, ...HEADER_FILL, wrap: true });
      out.style({ range: { row: row + 1, col: HEADER.length - 1, rows: 1, cols: HEADER_SPAN - HEADER.length + 1 }, bold: true, ...HEADER_FILL });
      const lines = Math.max(...header.slice(0, -1).map((h, col) => linesOf(h, widthOf(col))));
      if (lines > 1) out.rowHeights.push({ row: row + 1, points: lines * LINE_POINTS });
      const body = terms.length > 0 ? rows(terms) : [[none, null, null, null, null]];
      out.block(row + 2, 0, body, body.map(() => ["General", "#,##0", "#,##0", "0.00", "General"]));
      terms.forEach((t, k) => {
        if (!t.beyondChance) out.style({ range: { row: row + 2 + k, col: 0, rows: 1, cols: 4 }, ...BAND_STYLE.neutral });
      });
      row += 3 + Math.max(1, terms.length);
    }
  },
};
