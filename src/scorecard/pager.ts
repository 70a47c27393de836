/**
 * The pager: stacks the blocks of the scorecard top to bottom and gathers their drawings into a
 * ScorecardPlan. A new block is a new file in blocks/ and one line in BLOCKS (and, when other
 * blocks refer to its cells, one line in blocks/places.ts).
 *
 * Two phases, because every block refers to the statistics table at the end: first the columns
 * (the widths every block needs, the empty columns hidden unless a block needs them shown) and
 * each block's height, which gives every block its top row and its anchors; then every block
 * renders, reading the others' anchors. Page breaks start the blocks that ask for a page of
 * their own; the frozen rows (the print titles) end at the KPI table's header row.
 */
import { type ScorecardModel } from "./model";
import { Canvas, type Columns, type Layouter } from "./blocks/block";
import { charts } from "./blocks/charts";
import { cpi } from "./blocks/cpi";
import { drivers } from "./blocks/drivers";
import { inputs } from "./blocks/inputs";
import { kpiTable } from "./blocks/kpiTable";
import { legend } from "./blocks/legend";
import type { Places } from "./blocks/places";
import { segmentMarks } from "./blocks/segmentMarks";
import { statistics } from "./blocks/statistics";
import { themes } from "./blocks/themes";
import { title } from "./blocks/title";
import { trend } from "./blocks/trend";
import type { ScorecardPlan } from "./types";

/** The blocks, top to bottom. */
const BLOCKS: readonly Layouter<keyof Places>[] = [title, kpiTable, segmentMarks, inputs, cpi, legend, trend, charts, drivers, themes, statistics];

/** Width (characters) of a column no block sizes. */
const DEFAULT_WIDTH = 10;

/** The scorecard's layout: every block's cells, styles, rules and charts, and the sheet around them. */
export type Paged = Required<Pick<ScorecardPlan, "blocks" | "styles" | "conditionalFormats" | "columnWidths" | "freeze" | "charts" | "hiddenColumns" | "rowHeights" | "pageBreaks" | "extent">>;

/** The columns: hidden where a block leaves them empty and none needs them; as wide as the widest need. */
function columnsOf(m: ScorecardModel): Columns {
  const keep = new Set(BLOCKS.flatMap((b) => b.shown?.(m) ?? []));
  const hidden = [...new Set(BLOCKS.flatMap((b) => b.empty?.(m) ?? []))].filter((k) => !keep.has(k)).sort((x, y) => x - y);
  const needs = BLOCKS.map((b) => b.widths?.(m, hidden) ?? []);
  const widths = Array.from({ length: Math.max(...needs.map((n) => n.length)) }, (_, k) => {
    const given = needs.map((n) => n[k]).filter((w): w is number => w !== undefined);
    return given.length > 0 ? Math.max(...given) : DEFAULT_WIDTH;
  });
  return { widths, hidden, shown: widths.map((w, k) => (hidden.includes(k) ? 0 : w)) };
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
  const maxRow = Math.max(0, ...canvases.map((c) => c.maxRow));
  const maxCol = Math.max(0, ...canvases.map((c) => c.maxCol));
  const headerRow = at.kpiTable.headerRow;
  return {
    blocks: all((c) => c.blocks),
    styles: all((c) => c.styles),
    conditionalFormats: all((c) => c.conditionalFormats),
    columnWidths: columns.widths,
    freeze: { rows: headerRow + 1, columns: 1 },
    charts: chartList,
    hiddenColumns: columns.hidden,
    rowHeights: all((c) => c.rowHeights),
    pageBreaks: BLOCKS.flatMap((b, k) => (b.newPage && b.height(m, columns) > 0 && tops[k] > 0 ? [tops[k]] : [])),
    extent: {
      row: 0,
      col: 0,
      rows: Math.max(maxRow + 1, ...chartList.map((c) => c.anchor.row + c.anchor.rows)),
      cols: Math.max(maxCol + 1, columns.widths.length),
    },
  };
}
