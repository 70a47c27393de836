/**
 * What a block layouter is, and the few things every layouter uses: the canvas it draws on,
 * formula cells within Excel's limits, the band rules of a value cell.
 *
 * A layouter is a small function of the model (model.ts) to a block of cells. The pager
 * (pager.ts) calls each in two phases: first it measures (the rows a block takes, the columns it
 * leaves empty or needs shown, the widths it needs) and gives each block its top row, from which
 * the block says where its cells are (its anchors); then every block renders, reading the other
 * blocks' anchors (every block refers to the statistics table at the end, so nothing renders
 * before everything is placed).
 *
 * Refusals: a layouter computes no statistic (the model has them all) and places no other
 * block; a formula past Excel's 8,192 characters throws FormulaTooLong, which planScorecard
 * turns into a clear error.
 */
import { isKpiError, type Result } from "../../kpi";
import type { ScorecardModel } from "../model";
import type { CachedValue, FormulaCell, PlanBlock, PlanCell, PlanChart, PlanConditionalFormat, PlanRule, PlanStyle } from "../types";
import { BOLD_ADVANCE, BOLD_WIDEST } from "./boldWidths";
import type { Places } from "./places";

/** Excel's longest formula (characters, without the "="). */
export const MAX_FORMULA = 8192;

/** The sheet's columns, decided by the pager before any block is measured. */
export interface Columns {
  /** Widths in characters, by 0-based column. */
  readonly widths: readonly number[];
  /** 0-based columns hidden because nothing fills them. */
  readonly hidden: readonly number[];
  /** The widths with 0 for hidden columns: what shows and prints. */
  readonly shown: readonly number[];
}

/** A block layouter; its anchors (Places[K]) tell the other blocks where its cells are. */
export interface Layouter<K extends keyof Places> {
  readonly name: K;
  /** A printed page starts at its top (when it has rows). */
  readonly newPage?: boolean;
  /** Columns of its own that nothing fills, which the pager may hide. */
  empty?(m: ScorecardModel): readonly number[];
  /** Columns it must keep shown (a period per column). */
  shown?(m: ScorecardModel): readonly number[];
  /** Widths (characters) it needs per column, given the hidden columns; undefined where it needs none. */
  widths?(m: ScorecardModel, hidden: readonly number[]): readonly (number | undefined)[];
  /**
   * Widths (characters) its header words need to print unbroken, given the columns as laid out
   * so far: a column each, at most MAX_FIT_WIDTH (a longer word is broken by fitWords). The pager
   * widens a column to it where the printed page has room.
   */
  fit?(m: ScorecardModel, columns: Columns): readonly { readonly col: number; readonly width: number }[];
  /** Rows it takes (0: the block is absent). */
  height(m: ScorecardModel, columns: Columns): number;
  /** Rows (from its top) where a printed page may start inside it (between its panels, its rows of charts); none: it is kept whole. */
  units?(m: ScorecardModel, columns: Columns): readonly number[];
  /**
   * Those of its units (rows from its top) that continue a part begun above them (a statistics
   * section's "(continued)" panel): a page starts there only when the part is taller than a page;
   * otherwise the part prints whole on one page.
   */
  soft?(m: ScorecardModel, columns: Columns): readonly number[];
  /** Where its cells are, once its top row is known. */
  anchors(m: ScorecardModel, top: number, columns: Columns): Places[K];
  /** Its cells, styles, rules and charts, drawn on the canvas. */
  render(m: ScorecardModel, top: number, at: Places, columns: Columns, out: Canvas): void;
}

/** What blocks draw on; the pager gathers every block's drawing into the plan. */
export class Canvas {
  readonly blocks: PlanBlock[] = [];
  readonly styles: PlanStyle[] = [];
  readonly conditionalFormats: PlanConditionalFormat[] = [];
  readonly charts: PlanChart[] = [];
  readonly rowHeights: { row: number; points: number }[] = [];
  maxRow = 0;
  maxCol = 0;

  /** Cells outside the printed columns (chart data beside the sheet). */
  sideMaxCol = -1;

  /** A block of cells; `printed` false for cells beside the printed columns (they do not count in the print area). */
  block(row: number, col: number, cells: PlanCell[][], formats?: string[][], printed = true): void {
    if (cells.length === 0 || cells[0].length === 0) return;
    const numberFormats = formats ?? cells.map((r) => r.map(() => "General"));
    this.blocks.push({ row, col, cells, numberFormats });
    this.maxRow = Math.max(this.maxRow, row + cells.length - 1);
    if (printed) this.maxCol = Math.max(this.maxCol, col + cells[0].length - 1);
    else this.sideMaxCol = Math.max(this.sideMaxCol, col + cells[0].length - 1);
  }

  style(style: PlanStyle): void {
    this.styles.push(style);
  }
}

export class FormulaTooLong extends Error {
  constructor(readonly length: number) {
    super(`a formula of ${length} characters`);
  }
}

/** A formula cell; formulas longer than Excel accepts are a programming limit reached, reported as such. */
export function f(formula: string, value: CachedValue | null): FormulaCell {
  const text = formula.startsWith("=") ? formula : `=${formula}`;
  if (text.length - 1 > MAX_FORMULA) throw new FormulaTooLong(text.length - 1);
  return { formula: text, value };
}

export function cached(value: Result<number>): CachedValue {
  return isKpiError(value) ? { error: value.code } : value;
}

export { literal } from "../words";

/**
 * A value cell and a number cell as the mode writes them: the formula with its cached value
 * (live, portable), or the value alone (values mode, or where there is no formula).
 */
export function cellsOf(m: ScorecardModel): {
  valueCell(formula: string | null, v: Result<number>): PlanCell;
  numberOr(v: number | null | undefined, formula: string | null): PlanCell;
} {
  const values = m.mode === "values";
  return {
    valueCell(formula, v) {
      if (values || formula === null) return isKpiError(v) ? `${v.code} ${v.message}` : v;
      return f(formula, cached(v));
    },
    numberOr(v, formula) {
      const value = v === null || v === undefined ? "" : v;
      if (values || formula === null) return value === "" ? null : value;
      return f(formula, value);
    },
  };
}

export const BAND_STYLE = {
  green: { fill: "#C6EFCE", fontColor: "#006100" },
  amber: { fill: "#FFEB9C", fontColor: "#9C5700" },
  red: { fill: "#FFC7CE", fontColor: "#9C0006" },
  neutral: { fill: "#EDEDED", fontColor: "#595959" },
} as const;

/** Columns from `col` that a text needs to show whole, by the shown widths (characters; 0 for a hidden column). */
export function textSpan(shown: readonly number[], col: number, text: string): number {
  let cols = 1;
  for (let width = shown[col] ?? 0; width < text.length * 1.05 + 2 && col + cols < shown.length; cols++) width += shown[col + cols];
  return cols;
}

/** The dark header style of a block's column headers. */
export const HEADER_FILL = { fill: "#1F4E79", fontColor: "#FFFFFF" } as const;

/**
 * Band rules of a range whose values are compared with one row's threshold cells, banded only
 * when the value's n (a cell at the same offset for every cell of the range, or none) reaches
 * the minimum (the cell minN); below it, a neutral style. Where `mark` is given (an expression,
 * relative to the range's top-left cell, that gives the cell's mark: "▲", "▼" or ""), a marked
 * value shows its mark in its own cell, through the rule's number format (`0.0" ▲"`), bold and
 * in its band's colours. Every rule carries the whole look of the cell and the rules exclude
 * each other up to the mark: LibreOffice applies only the first rule that holds, Excel every
 * one, and both then show the same.
 */
export function bandRules(
  valueCell: string, greenCell: string, amberCell: string, lowerIsBetter: boolean, nCell: string | null, mark: string | null, minN: string, numberFormat = "General",
  only?: string,
): PlanRule[] {
  const rules = bandRulesOf(valueCell, greenCell, amberCell, lowerIsBetter, nCell, mark, minN, numberFormat);
  // Every rule is an AND: a condition on the cell (only the values' columns of a range that holds their n too) joins it.
  return only ? rules.map((r) => ({ ...r, formula: r.formula.replace(/^=AND\(/, `=AND(${only},`) })) : rules;
}

function bandRulesOf(
  valueCell: string, greenCell: string, amberCell: string, lowerIsBetter: boolean, nCell: string | null, mark: string | null, minN: string, numberFormat: string,
): PlanRule[] {
  const ok = `ISNUMBER(${valueCell}),ISNUMBER(${greenCell}),ISNUMBER(${amberCell})`;
  const enough = nCell ? `,OR(NOT(ISNUMBER(${nCell})),${nCell}>=${minN})` : "";
  const ge = lowerIsBetter ? "<=" : ">=";
  const lt = lowerIsBetter ? ">" : "<";
  const bands = [
    { band: "green" as const, when: `${valueCell}${ge}${greenCell}` },
    { band: "amber" as const, when: `${valueCell}${lt}${greenCell},${valueCell}${ge}${amberCell}` },
    { band: "red" as const, when: `${valueCell}${lt}${amberCell}` },
  ];
  const rules: PlanRule[] = [];
  if (nCell) rules.push({ band: "neutral", formula: `=AND(ISNUMBER(${valueCell}),ISNUMBER(${nCell}),${nCell}<${minN})`, ...BAND_STYLE.neutral });
  if (mark) {
    for (const arrow of [MARK_ARROWS.up, MARK_ARROWS.down]) {
      const marked = { mark: arrow, bold: true, numberFormat: markedFormat(numberFormat, arrow) } as const;
      for (const b of bands) rules.push({ band: b.band, formula: `=AND(${ok}${enough},${mark}="${arrow}",${b.when})`, ...BAND_STYLE[b.band], ...marked });
      rules.push({ band: "mark", formula: `=AND(ISNUMBER(${valueCell}),${mark}="${arrow}")`, ...marked });
    }
  }
  for (const b of bands) rules.push({ band: b.band, formula: `=AND(${ok}${enough},${b.when})`, ...BAND_STYLE[b.band] });
  return rules;
}

/** The marks a difference that holds shows (the model's MARK_UP and MARK_DOWN). */
const MARK_ARROWS = { up: "▲", down: "▼" } as const;

/** A number format that shows a value with its mark after it: `0.0%" ▲"`. */
export function markedFormat(numberFormat: string, arrow: string): string {
  const base = numberFormat === "General" ? "0.####" : numberFormat;
  return `${base}" ${arrow}"`;
}

/**
 * Where the k-th item (0-based) of panels laid one under another (`panels`' result: each panel's
 * columns, in order) is written: its panel's header row, panels `rowsPerPanel` apart from `top`,
 * and its column. `what` names the item in the error for one outside every panel.
 */
export function placeInPanels(laid: readonly (readonly number[])[], k: number, top: number, rowsPerPanel: number, what: string): { readonly header: number; readonly col: number } {
  let rest = k;
  for (let p = 0; p < laid.length; p++) {
    if (rest < laid[p].length) return { header: top + p * rowsPerPanel, col: laid[p][rest] };
    rest -= laid[p].length;
  }
  throw new Error(`${what} is outside the panels`);
}

/**
 * Panels of `count` items (segments, periods, groups) over the sheet's shown columns from
 * `first` on (from `options.restFirst` on in the panels after the first): as many to a panel as
 * fit the printed width with the columns before them, so that a block with many items prints as
 * stacked panels at the sheet's scale, never as one row too wide for the page. An item takes
 * `options.size` adjacent columns (a value and its n: 2). A column much wider than an item needs
 * (the KPI table's Status) ends a panel: its items would stand apart across it. Hidden columns
 * are passed over. The sheet columns where each panel's items start.
 */
export function panels(
  columns: Columns, first: number, count: number, printedWidth: number, columnPoints: (w: number) => number,
  options: { readonly restFirst?: number; readonly size?: number } = {},
): number[][] {
  const size = options.size ?? 1;
  const out: number[][] = [];
  const hidden = (k: number) => columns.hidden.includes(k);
  const wide = (k: number) => (columns.widths[k] ?? 0) > 2 * PANEL_WIDTH;
  for (let placed = 0; placed < count;) {
    const start = out.length === 0 ? first : (options.restFirst ?? first);
    let used = 0;
    for (let k = 0; k < start; k++) used += hidden(k) ? 0 : columnPoints(columns.widths[k] ?? PANEL_WIDTH);
    const current: number[] = [];
    for (let k = start; placed < count;) {
      const cols: number[] = [];
      for (let c = k; cols.length < size; c++) if (!hidden(c)) cols.push(c);
      const next = cols[cols.length - 1] + 1;
      const w = cols.reduce((x, c) => x + columnPoints(columns.widths[c] ?? PANEL_WIDTH), 0);
      if (cols.some(wide)) {
        if (current.length > 0) break;
        // A panel that would start at a wide column starts after it.
        k = next;
        used += w;
        continue;
      }
      if (current.length > 0 && used + w > printedWidth) break;
      current.push(cols[0]);
      used += w;
      placed++;
      k = next;
    }
    out.push(current);
  }
  return out;
}

/** Width (characters) of a column a panel lays an item in, where no other block sizes it. */
export const PANEL_WIDTH = 8;

/** Runs of evenly spaced columns among a panel's items (`step` apart: 1, or 2 for a value and its n; a hidden column between two items parts them). */
export function runs(cols: readonly number[], step = 1): number[][] {
  const out: number[][] = [];
  for (const c of cols) {
    const last = out[out.length - 1];
    if (last && c === last[last.length - 1] + step) last.push(c);
    else out.push([c]);
  }
  return out;
}

/**
 * Characters of 11-point prose a printed line of the (landscape) page holds at its scale, a little
 * under, so that nothing is cut at the page's edge: prose runs narrower than the digits column
 * widths count (150 characters of DejaVu Sans, the widest of the fonts that print it, take about
 * 860 of the page's 966 points).
 */
export const LINE_CHARS = 150;

/**
 * A text as lines of at most `width` characters, broken between words (a word longer than a
 * line is broken inside), so that a long note or sentence written in column A runs over the
 * empty cells to its right and never past the printed page.
 */
export function wrapText(text: string, width = LINE_CHARS): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    for (let rest = word; rest.length > 0;) {
      const piece = rest.length > width ? rest.slice(0, width) : rest;
      rest = rest.slice(piece.length);
      if (line === "") line = piece;
      else if (line.length + 1 + piece.length <= width) line += ` ${piece}`;
      else {
        out.push(line);
        line = piece;
      }
    }
  }
  if (line !== "") out.push(line);
  return out.length === 0 ? [""] : out;
}

/**
 * The first column beside the sheet: past every column a printed block sizes, and one blank.
 * Helper cells there (the findings' sentences, the charts' data) are read by formulas and charts
 * but do not print: the print area ends before them.
 */
export const sideColumn = (columns: Columns) => columns.widths.length + 1;
/** Columns the findings' helper cells take beside the sheet (from sideColumn on). */
export const FINDINGS_SIDE_COLUMNS = 5;
/** Beside the sheet, after the findings' helpers and a blank column: the statistics table's p-values in one column (the Benjamini-Hochberg formulas read them). */
export const P_VALUES_SIDE = FINDINGS_SIDE_COLUMNS + 1;
/** Most statistics a KPI has (the side columns that hold a segment's rest-of-the-sample statistics). */
export const REST_COLUMNS = 6;
/**
 * Columns the p-values and their helpers take: p, k, p(k)·m/k, the least of those from k on, the skewness and variance of
 * both sides and a segment's rest-of-the-sample statistics; in the header row, after them, m and z with their labels.
 */
export const P_VALUES_COLUMNS = 6 + REST_COLUMNS + 4;
/** Beside the sheet, after the p-values and a blank column: the charts' data. */
export const CHARTS_SIDE = P_VALUES_SIDE + P_VALUES_COLUMNS + 1;

/** Height of one line of 11-point text, in points (Excel's default row height). */
export const LINE_POINTS = 15;
/**
 * Width of bold header text in characters of column width: the sum of its characters' advances
 * (boldWidths.ts: DejaVu Sans Bold, the face LibreOffice prints the sheet's bold Calibri cells
 * in, measured by scripts/make-bold-widths.py), so that "comments" (9.2) counts wider than
 * "resolved" (7.6) of the same length: 'm' runs 1.6 digits wide, 'i' and 'l' 0.5.
 */
export function boldWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += BOLD_ADVANCE[ch] ?? BOLD_WIDEST;
  return width;
}

/**
 * Width a bold line leaves free in its column (characters): LibreOffice wraps a bold word in a
 * column of W characters when its width passes W less a margin, the cell's padding. Measured
 * twice: 53 header words in DejaVu Serif Bold (the face bold cells printed in before the writer
 * named Calibri), in columns 6 to 12 wide, each printed whole from the first width that held it
 * by a margin of 0.27 to 0.35 and broken in every narrower one; and 8 words in DejaVu Sans Bold
 * in columns 7 to 11 wide, whole with 0.33 to spare ("quarter" in 7) and broken with 0.30
 * ("segment" in 8). 0.38 keeps on the safe side of both ("resolved", 7.61 wide, prints whole in
 * 8, with 0.39 to spare).
 */
const BOLD_MARGIN = 0.38;
/** The width of bold text a line of a column `width` characters wide holds. */
const boldRoom = (width: number) => Math.max(2, width - BOLD_MARGIN);
/** Whether a line of bold text prints on one line of a column `width` characters wide. */
export const boldFits = (line: string, width: number) => boldWidth(line) <= boldRoom(width);

/** A line of bold text as the lines it wraps to in a column of `width` characters, broken between words (a word wider than a line, inside it). */
function wrapBold(text: string, width: number): string[] {
  const room = boldRoom(width);
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    for (let rest = word; rest.length > 0;) {
      const piece = boldWidth(rest) > room ? rest.slice(0, Math.max(1, charsWithin(rest, room))) : rest;
      rest = rest.slice(piece.length);
      if (line === "") line = piece;
      else if (boldWidth(`${line} ${piece}`) <= room) line += ` ${piece}`;
      else {
        out.push(line);
        line = piece;
      }
    }
  }
  if (line !== "") out.push(line);
  return out.length === 0 ? [""] : out;
}

/** How many of a text's first characters fit in `room` (width in characters) of bold text. */
function charsWithin(text: string, room: number): number {
  let k = 0;
  for (let used = 0; k < text.length && used + boldWidth(text[k]) <= room; k++) used += boldWidth(text[k]);
  return k;
}

/**
 * Lines a text wraps to in a column of `width` characters: each of its own lines wrapped between
 * words as the applications do; bold (a header) by its characters' widths (wrapBold), regular
 * text a character of text to a character of width (its letters run narrower than the digits the
 * width counts).
 */
export const linesOf = (text: string, width: number, bold = true) =>
  text.split("\n").reduce((k, line) => k + (bold ? wrapBold(line, width) : wrapText(line, Math.max(2, Math.floor(width)))).length, 0);

/** Widest column (characters) a header word may ask for (fit): "detractors", "respondents". */
export const MAX_FIT_WIDTH = 12;

/** The width (whole characters) a column needs for `text`'s widest word to print on one line of bold header text, within MAX_FIT_WIDTH. */
export function wordWidth(text: string): number {
  const widest = Math.max(0, ...text.split(/[\s\n]+/).map(boldWidth));
  return Math.min(MAX_FIT_WIDTH, Math.ceil(widest + BOLD_MARGIN));
}

/**
 * Two consonants a word may be broken between ("com-ments", "Impor-tance"), not a pair that spells
 * one sound ("th", "ck") or that opens a syllable together ("com-plaints", not "comp-laints").
 */
const CONSONANT = /[bcdfghjklmnpqrstvwxz]/i;
const ONE_SOUND = new Set(["ch", "ck", "gh", "ph", "sh", "th", "wh", "bl", "br", "cl", "cr", "fl", "fr", "gl", "gr", "pl", "pr"]);

/**
 * Where to break `word` so that its first piece and a hyphen fill at most `room` characters: between
 * two consonants (the rule of thumb of English hyphenation, VC-CV: "detrac-tors", "Quad-rant"),
 * the last such place that fits, leaving 2 letters or more before and 3 or more after; else as
 * late as fits with 3 letters after ("promot-ers"); else at the edge.
 */
function breakAt(word: string, room: number): number {
  const last = Math.min(room - 1, word.length - 3);
  for (let i = last; i >= 2; i--) {
    const a = word[i - 1];
    const b = word[i];
    if (CONSONANT.test(a) && CONSONANT.test(b) && !ONE_SOUND.has(`${a}${b}`.toLowerCase())) return i;
  }
  return last >= 2 ? last : room - 1;
}

/**
 * A header for a column of `width` characters: a word too long for a line of it (where the pager
 * could not widen its column, fit) is broken with a hyphen and a line break where English breaks
 * it ("com-" / "ments", breakAt), so that wrapping never cuts a word where the application
 * happens to (Excel and LibreOffice break a long word at the column's edge: "commen-" / "ts").
 */
export function fitWords(text: string, width: number): string {
  const room = boldRoom(width);
  return text.split(" ").map((word) => {
    if (boldWidth(word) <= room) return word;
    const pieces: string[] = [];
    let rest = word;
    while (boldWidth(rest) > room) {
      // breakAt counts the piece and its hyphen in characters: as many as fit with the hyphen, and one for it.
      const i = Math.max(1, breakAt(rest, charsWithin(rest, room - boldWidth("-")) + 1));
      pieces.push(`${rest.slice(0, i)}-`);
      rest = rest.slice(i);
    }
    return [...pieces, rest].join("\n");
  }).join(" ");
}
