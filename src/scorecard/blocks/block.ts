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
import type { Places } from "./places";

/** Excel's longest formula (characters, without the "="). */
export const MAX_FORMULA = 8192;
/** Excel's longest string literal in a formula. */
const MAX_LITERAL = 255;

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
  /** Rows it takes (0: the block is absent). */
  height(m: ScorecardModel, columns: Columns): number;
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

  block(row: number, col: number, cells: PlanCell[][], formats?: string[][]): void {
    if (cells.length === 0 || cells[0].length === 0) return;
    const numberFormats = formats ?? cells.map((r) => r.map(() => "General"));
    this.blocks.push({ row, col, cells, numberFormats });
    this.maxRow = Math.max(this.maxRow, row + cells.length - 1);
    this.maxCol = Math.max(this.maxCol, col + cells[0].length - 1);
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

/** Text as a formula literal, in pieces of at most 255 characters joined by &. */
export function literal(text: string): string {
  if (text.length <= MAX_LITERAL) return `"${text.replace(/"/g, '""')}"`;
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += MAX_LITERAL - 5) parts.push(`"${text.slice(i, i + MAX_LITERAL - 5).replace(/"/g, '""')}"`);
  return `(${parts.join("&")})`;
}

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
 * the minimum (the cell minN); below it, a neutral style. A mark cell, when given, makes the
 * value bold.
 */
export function bandRules(valueCell: string, greenCell: string, amberCell: string, lowerIsBetter: boolean, nCell: string | null, markCell: string | null, minN: string): PlanRule[] {
  const ok = `ISNUMBER(${valueCell}),ISNUMBER(${greenCell}),ISNUMBER(${amberCell})`;
  const enough = nCell ? `,OR(NOT(ISNUMBER(${nCell})),${nCell}>=${minN})` : "";
  const ge = lowerIsBetter ? "<=" : ">=";
  const lt = lowerIsBetter ? ">" : "<";
  const rules: PlanRule[] = [];
  if (nCell) rules.push({ band: "neutral", formula: `=AND(ISNUMBER(${valueCell}),ISNUMBER(${nCell}),${nCell}<${minN})`, ...BAND_STYLE.neutral });
  rules.push(
    { band: "green", formula: `=AND(${ok}${enough},${valueCell}${ge}${greenCell})`, ...BAND_STYLE.green },
    { band: "amber", formula: `=AND(${ok}${enough},${valueCell}${lt}${greenCell},${valueCell}${ge}${amberCell})`, ...BAND_STYLE.amber },
    { band: "red", formula: `=AND(${ok}${enough},${valueCell}${lt}${amberCell})`, ...BAND_STYLE.red },
  );
  // Last: Excel applies every true rule (bold does not conflict with a fill); LibreOffice only the first.
  if (markCell) rules.push({ band: "mark", formula: `=AND(ISNUMBER(${valueCell}),${markCell}<>"")`, bold: true });
  return rules;
}
