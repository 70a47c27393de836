/**
 * The pager: stacks the blocks of the scorecard top to bottom, gathers their drawings into a
 * ScorecardPlan, and lays the printed pages out for the scale they print at. A new block is a
 * new file in blocks/ and one line in BLOCKS (and, when other blocks refer to its cells, one
 * line in blocks/places.ts).
 *
 * Two phases, because every block refers to the statistics table at the end: first the columns
 * (the widths every block needs, the empty columns hidden unless a block needs them shown) and
 * each block's height, which gives every block its top row and its anchors; then every block
 * renders, reading the others' anchors.
 *
 * Print (../shared/spec/scorecard.md, "Print"): the sheet prints at PRINT_SCALE, never fitted
 * smaller (11-point text prints at 8.4 points); the blocks keep their widths within a page at
 * that scale (wide ones stack as panels), and the page breaks fall between blocks, or between
 * the units a block may be parted at (its panels, a row of charts), never between a heading and
 * what it heads, and a statistics section's "(continued)" panel begins a page only when its
 * section is taller than a page (it repeats the section's title and header row); a page that would hold only a few rows takes some from the page before.
 * No header row repeats: each block carries its own.
 */
import { type ScorecardModel } from "./model";
import { Canvas, type Columns, type Layouter, LINE_POINTS } from "./blocks/block";
import { charts } from "./blocks/charts";
import { cpi } from "./blocks/cpi";
import { drivers } from "./blocks/drivers";
import { findings } from "./blocks/findings";
import { inputs } from "./blocks/inputs";
import { kpiTable } from "./blocks/kpiTable";
import { legend } from "./blocks/legend";
import { notes } from "./blocks/notes";
import type { Places } from "./blocks/places";
import { segments } from "./blocks/segments";
import { statistics } from "./blocks/statistics";
import { themes } from "./blocks/themes";
import { title } from "./blocks/title";
import { trend } from "./blocks/trend";
import { columnPoints, type Orientation, pagePoints, PRINT_SCALE } from "./print";
import type { ScorecardPlan } from "./types";

/** The blocks, top to bottom. */
const BLOCKS: readonly Layouter<keyof Places>[] = [title, findings, kpiTable, segments, notes, inputs, cpi, legend, trend, charts, drivers, themes, statistics];

/** Width (characters) of a column no block sizes. */
const DEFAULT_WIDTH = 10;
/** Size (points) of the sheet's body text; a row of larger text is made as tall as ROW_PER_POINT times its size. */
const BODY_POINTS = 11;
const ROW_PER_POINT = 1.35;
/** A page filled less than this share takes units from the page before (pageBreaks). */
const NEAR_EMPTY = 0.35;

/** The scorecard's layout: every block's cells, styles, rules and charts, and the sheet around them. */
export type Paged = Required<Pick<ScorecardPlan, "blocks" | "styles" | "conditionalFormats" | "columnWidths" | "freeze" | "charts" | "hiddenColumns" | "rowHeights" | "pageBreaks" | "extent" | "printArea" | "printScale" | "orientation">>;

/**
 * The columns: hidden where a block leaves them empty and none needs them; as wide as the widest
 * need; and as many as the printed page is wide, so that the print area reaches the page's edge
 * and a line of text written in column A prints whole (LINE_CHARS).
 */
function columnsOf(m: ScorecardModel): Columns {
  const keep = new Set(BLOCKS.flatMap((b) => b.shown?.(m) ?? []));
  const hidden = [...new Set(BLOCKS.flatMap((b) => b.empty?.(m) ?? []))].filter((k) => !keep.has(k)).sort((x, y) => x - y);
  const needs = BLOCKS.map((b) => b.widths?.(m, hidden) ?? []);
  const widths = Array.from({ length: Math.max(...needs.map((n) => n.length)) }, (_, k) => {
    const given = needs.map((n) => n[k]).filter((w): w is number => w !== undefined);
    return given.length > 0 ? Math.max(...given) : DEFAULT_WIDTH;
  });
  const page = pagePoints("landscape").width;
  const pointsOf = (list: readonly number[]) => list.reduce((x, w, k) => x + (hidden.includes(k) ? 0 : columnPoints(w)), 0);
  // Headers' words unbroken (fit): each column widened to what its headers ask, the narrowest
  // asks first, as long as the leading columns that print within the page still do (wider, the
  // KPI table would print smaller or lose a column); again while a widening moves a header to
  // another column.
  const fitting = (list: readonly number[]) => {
    let k = 0;
    for (let used = 0; k < list.length && used + (hidden.includes(k) ? 0 : columnPoints(list[k])) <= page; k++) used += hidden.includes(k) ? 0 : columnPoints(list[k]);
    return k;
  };
  const printed = fitting(widths);
  for (let round = 0; round < 4; round++) {
    const laid: Columns = { widths: [...widths], hidden, shown: widths.map((w, k) => (hidden.includes(k) ? 0 : w)) };
    const asks = BLOCKS.flatMap((b) => b.fit?.(m, laid) ?? []).filter((a) => a.col < widths.length && !hidden.includes(a.col) && a.width > widths[a.col]);
    let widened = false;
    for (const a of [...asks].sort((x, y) => x.width - widths[x.col] - (y.width - widths[y.col]))) {
      if (a.width <= widths[a.col]) continue;
      const trial = widths.map((w, k) => (k === a.col ? a.width : w));
      if (fitting(trial) < printed) continue;
      widths[a.col] = a.width;
      widened = true;
    }
    if (!widened) break;
  }
  while (pointsOf(widths) + columnPoints(DEFAULT_WIDTH) <= page) widths.push(DEFAULT_WIDTH);
  return { widths, hidden, shown: widths.map((w, k) => (hidden.includes(k) ? 0 : w)) };
}

/** How many of the first columns print: those within the page's width, and at least every column a printed block fills. */
function printedColumns(columns: Columns, filled: number): number {
  const page = pagePoints("landscape").width;
  let cols = 0;
  for (let used = 0; cols < columns.shown.length && used + columnPoints(columns.shown[cols]) <= page; cols++) used += columnPoints(columns.shown[cols]);
  return Math.max(cols, filled);
}

/**
 * Page breaks (the first rows of pages after the first) for rows of the given heights, where a
 * page may start only at one of `starts` (sorted): each page takes whole units while they fit; a
 * unit in `fresh` (a block that prints on a page of its own) starts a page; a unit taller than a
 * page starts a page, runs over, and the next unit starts a page after it (where the application
 * breaks inside it is its own choice: nothing is laid after it on a page it may have filled).
 * A start in `soft` (a "(continued)" panel) counts only inside a part taller than a page (the
 * rows from the last other start before it to the next): a part that fits on a page prints whole.
 * Then a near-empty page (filled less than NEAR_EMPTY: the last, or one the next unit did not fit
 * after) takes units from the end of the page before, as long as that page keeps at least as much
 * (a lone row of charts after a full page of three: two and two).
 */
export function pageBreaks(heights: readonly number[], starts: readonly number[], pageHeight: number, fresh: readonly number[] = [], soft: readonly number[] = []): number[] {
  const end = heights.length;
  const sum = (a: number, b: number) => heights.slice(a, b).reduce((x, y) => x + y, 0);
  const hard = starts.filter((s) => s < end && !soft.includes(s));
  const partOf = (s: number) => ({ start: [...hard].reverse().find((h) => h < s) ?? 0, end: hard.find((h) => h > s) ?? end });
  const units = starts
    .filter((s) => s < end && (!soft.includes(s) || ((part) => sum(part.start, part.end) > pageHeight)(partOf(s))))
    .map((s, k, all) => ({ start: s, end: all[k + 1] ?? end }));
  const breaks: number[] = [];
  let used = 0;
  for (const u of units) {
    const h = sum(u.start, u.end);
    if (used > 0 && (used + h > pageHeight || fresh.includes(u.start))) {
      breaks.push(u.start);
      used = 0;
    }
    used += h;
  }
  // A near-empty page (the last, or one before a unit that did not fit on it) takes units from
  // the end of the page before, as long as that page keeps at least as much, and unless a block
  // starts it on a page of its own.
  for (let i = 0; i < breaks.length; i++) {
    const start = breaks[i];
    const before = i > 0 ? breaks[i - 1] : 0;
    const next = breaks[i + 1] ?? end;
    if (sum(start, next) >= NEAR_EMPTY * pageHeight || fresh.includes(start)) continue;
    for (const c of units.map((u) => u.start).filter((s) => s > before && s < start).reverse()) {
      const fill = sum(c, next);
      if (fill > pageHeight || sum(before, c) < fill) break;
      breaks[i] = c;
    }
  }
  return breaks;
}

export function page(m: ScorecardModel): Paged {
  const columns = columnsOf(m);
  // Measure: each block's top row and its anchors.
  const tops: number[] = [];
  const places: Partial<Record<keyof Places, unknown>> = {};
  let cursor = 0;
  for (const b of BLOCKS) {
    tops.push(cursor);
    places[b.name] = b.anchors(m, cursor, columns);
    cursor += b.height(m, columns);
  }
  const at = places as Places;
  // Render, every block knowing where the others are.
  const canvases = BLOCKS.map((b, k) => {
    const out = new Canvas();
    b.render(m, tops[k], at, columns, out);
    return out;
  });
  const all = <T>(pick: (c: Canvas) => readonly T[]): T[] => canvases.flatMap(pick);
  const chartList = all((c) => c.charts);
  // A row of larger text (a heading) as tall as its text, in both applications, unless a block set its height.
  const set = new Set(all((c) => c.rowHeights).map((h) => h.row));
  const headings = new Map<number, number>();
  for (const s of all((c) => c.styles)) {
    if (s.fontSize === undefined || s.fontSize <= BODY_POINTS || set.has(s.range.row)) continue;
    headings.set(s.range.row, Math.max(headings.get(s.range.row) ?? 0, Math.ceil(s.fontSize * ROW_PER_POINT)));
  }
  const rowHeights = [...all((c) => c.rowHeights), ...[...headings].map(([row, points]) => ({ row, points }))];
  const maxRow = Math.max(0, ...canvases.map((c) => c.maxRow));
  const printedCols = printedColumns(columns, Math.max(0, ...canvases.map((c) => c.maxCol)) + 1);
  const sideCols = Math.max(-1, ...canvases.map((c) => c.sideMaxCol)) + 1;
  const rows = Math.max(maxRow + 1, ...chartList.map((c) => c.anchor.row + c.anchor.rows));

  // Landscape (the KPI table's row reads whole), the pages at the print scale; a sheet wider than
  // a page at that scale (a block that cannot stack) prints smaller rather than cut.
  const printedWidth = columns.shown.slice(0, printedCols).reduce((x, w) => x + columnPoints(w), 0);
  const orientation: Orientation = "landscape";
  const page = pagePoints(orientation);
  const shrink = Math.min(1, page.width / Math.max(1, printedWidth));
  const printScale = Math.floor(PRINT_SCALE * shrink);
  const heights = Array.from({ length: rows }, () => LINE_POINTS);
  for (const h of rowHeights) if (h.row < rows) heights[h.row] = h.points;
  const starts = BLOCKS.flatMap((b, k) => (b.height(m, columns) > 0 ? [tops[k], ...(b.units?.(m, columns) ?? []).map((u) => tops[k] + u)] : []));
  const fresh = BLOCKS.flatMap((b, k) => (b.newPage && b.height(m, columns) > 0 ? [tops[k]] : []));
  const soft = BLOCKS.flatMap((b, k) => (b.height(m, columns) > 0 ? (b.soft?.(m, columns) ?? []).map((u) => tops[k] + u) : []));
  const breaks = pageBreaks(heights, [...new Set(starts)].sort((x, y) => x - y), (page.height * PRINT_SCALE) / printScale, fresh, soft);
  return {
    blocks: all((c) => c.blocks),
    styles: all((c) => c.styles),
    conditionalFormats: all((c) => c.conditionalFormats),
    columnWidths: columns.widths,
    // The KPI names stay in view while the sheet scrolls sideways; no row is frozen (the blocks above the table would take the screen).
    freeze: { rows: 0, columns: 1 },
    charts: chartList,
    hiddenColumns: columns.hidden,
    rowHeights,
    pageBreaks: breaks,
    extent: { row: 0, col: 0, rows, cols: Math.max(printedCols, sideCols, columns.widths.length) },
    printArea: { row: 0, col: 0, rows, cols: printedCols },
    printScale,
    orientation,
  };
}
