/**
 * The legend: what the bands, the grey and the marks mean, and how the intervals are made; then,
 * where the data has more segments than the sheet shows, a line that says so.
 */
import { MARK_DOWN, MARK_UP, type ScorecardModel } from "../model";
import { BAND_STYLE, type Layouter, textSpan, wrapText } from "./block";

export interface LegendAnchors {
  readonly top: number;
}

const segmentsCut = (m: ScorecardModel) => m.groups.segmentTotal > m.groups.segments.length;

/** The legend's lines: the heading, the four bands (one line each), then the marks, the intervals and the trend test where the sheet has one, wrapped to the page. */
function legendLines(m: ScorecardModel): string[][] {
  const trended = m.rows.samples.some((d) => m.trendOf(d) !== undefined);
  return [
    ["Bands (thresholds are the Green at / Amber at cells of each row: change them and the colours follow)"],
    ["Green: at or past Green at (at or below it where lower is better, such as churn)"],
    ["Amber: between Amber at and Green at"],
    ["Red: short of Amber at"],
    [`Grey: fewer answers than the minimum n (${m.minN}): too few to judge, so not coloured`],
    ...[
      `${MARK_UP} / ${MARK_DOWN} on a value, in bold: higher / lower than the rest of the sample (a segment) or the period before, both sides with at least the minimum n, where the difference holds after the Benjamini-Hochberg correction over every such comparison on the sheet and is at least the row's Mark from ± (0 unless you type one)`,
      "Intervals are 95 %: NPS adjusted Wald, CSAT and FCR Wilson, means Student t. Every figure's counts, each difference with its interval and the smallest it could detect are in the statistics table at the end.",
      ...(trended
        ? [`Trend (the trend block's last column): the change from the first ${m.spec.trend} to the last along the line fitted to the ${m.spec.trend}s with at least the minimum n (weighted least squares; ${MARK_UP} / ${MARK_DOWN} where it holds in the same correction)`]
        : []),
    ].flatMap((text) => wrapText(text).map((line) => [line])),
  ];
}
export const legend: Layouter<"legend"> = {
  name: "legend",
  // Its lines and a blank row; then the line on segments left out, and a blank row.
  height: (m) => legendLines(m).length + 1 + (segmentsCut(m) ? 2 : 0),
  anchors: (_m, top) => ({ top }),
  render(m, top, _at, columns, out) {
    const lines = legendLines(m);
    out.block(top, 0, lines);
    out.style({ range: { row: top, col: 0, rows: 1, cols: 1 }, bold: true });
    // Each band's fill runs as far as its text does, so no text runs past its colour.
    lines.slice(1, 5).forEach((line, k) => {
      out.style({ range: { row: top + 1 + k, col: 0, rows: 1, cols: textSpan(columns.shown, 0, line[0]) }, ...BAND_STYLE[(["green", "amber", "red", "neutral"] as const)[k]] });
    });
    if (segmentsCut(m)) {
      out.block(top + lines.length + 1, 0, [[`Segments: the ${m.groups.segments.length} most frequent of ${m.groups.segmentTotal} values are shown.`]]);
    }
  },
};
