/**
 * Customer engagement: the sum over customers of their weighted action counts / customers.
 * `actions` has a row per customer and a column per action type; `weights` is one row or
 * column with a weight per action column (default 1 each); customers as in CIS.
 */
import { asGrid, readNumber, width } from "./coerce";
import { at, errors, finite, isKpiError, type Result } from "./errors";
import { readCustomers } from "./cis";
import { type Operand, operand, sumNumeric } from "./native";
import { perCustomerModel, type SampleKpi } from "./sample";
import type { FunctionDef, KpiMeta } from "./types";

export const meta: KpiMeta = {
  id: "ENGAGEMENT",
  title: "Customer engagement",
  unit: "score",
  numberFormat: "0.0",
  direction: "higher",
  bands: { kind: "fixed", green: 80, amber: 70, labels: ["Excellent", "Good", "Poor"] },
  indicator: "leading",
  summary: "weighted actions per customer (80+ excellent, 70-80 good)",
};

function readWeights(arg: unknown, columns: number): Result<Float64Array> {
  const weights = new Float64Array(columns).fill(1);
  if (arg === null || arg === undefined) return weights;
  const grid = asGrid(arg);
  const cells = grid.reduce((k, row) => k + row.length, 0);
  if (grid.length > 1 && width(grid) > 1) return errors.shapeMismatch("weights must be one row or one column");
  if (cells !== columns) {
    return errors.shapeMismatch(`weights has ${cells} cells but actions has ${columns} columns: give one weight per action column`);
  }
  let k = 0;
  for (let r = 0; r < grid.length; r++) {
    for (let c = 0; c < grid[r].length; c++) {
      const v = readNumber(grid[r][c]);
      if (v === null || v === undefined) return errors.invalid(`the weight at ${at(r, c)} is missing or not a number: every weight must be a number`);
      if (v < 0) return errors.invalid(`weight ${v} at ${at(r, c)} is negative: weights cannot be negative`);
      weights[k++] = v;
    }
  }
  return weights;
}

// Module-level aliases: a global lookup per call is slow in some hosts (node:vm contexts).
const isArray = Array.isArray;
const isFiniteNumber = Number.isFinite;

export function engagement(actions: unknown, weights: unknown = null, customers: unknown = null): Result<number> {
  // The fast pass reads the rows in place and takes over whenever nothing is unusual; anything
  // else (a bad weight, a negative count, NaN or infinities, ragged rows wider than the weights)
  // goes to the careful pass, which gives the same result or the error in the usual order.
  const list = isArray(actions) ? actions : null;
  const w = list ? fastWeights(weights, list) : null;
  if (list && w) {
    const sums = weightedTotal(list, w);
    if (sums !== null) {
      const given = readCustomers(customers);
      if (isKpiError(given)) return given;
      const all = addText(list, w, sums);
      if (isKpiError(all)) return all;
      if (isFiniteNumber(all.total)) {
        if (all.count === 0) return errors.noNumeric();
        return finite(all.total / (given ?? all.rows));
      }
    }
  }
  return carefulEngagement(actions, weights, customers);
}

/** ENGAGEMENT cell by cell, checking everything in order: the reference the fast pass must agree with. */
function carefulEngagement(actions: unknown, weights: unknown, customers: unknown): Result<number> {
  const grid = asGrid(actions);
  const columns = width(grid);
  const w = readWeights(weights, columns);
  if (isKpiError(w)) return w;
  const given = readCustomers(customers);
  if (isKpiError(given)) return given;
  const sums = new Float64Array(columns);
  let count = 0;
  let rows = 0;
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r];
    const before = count;
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      let v: number;
      if (typeof cell === "number") {
        if (cell - cell !== 0) continue; // NaN, infinities
        v = cell;
      } else {
        if (cell === null) continue;
        const read = readNumber(cell);
        if (read === null || read === undefined) continue;
        v = read;
      }
      if (v < 0) return errors.negativeCell("action count", v, r, c);
      sums[c] += v;
      count++;
    }
    if (count !== before) rows++;
  }
  if (count === 0) return errors.noNumeric();
  let total = 0;
  for (let c = 0; c < columns; c++) total += sums[c] * w[c];
  return finite(total / (given ?? rows));
}

/**
 * Weights for the fast pass: the given ones when they are one row or column of numbers >= 0
 * (their count is checked against the rows after the pass), ones for the width of the first row
 * when omitted; null for anything the careful pass must judge.
 */
function fastWeights(arg: unknown, list: readonly unknown[]): Float64Array | null {
  if (arg === null || arg === undefined) {
    const first = list[0];
    return new Float64Array(list.length === 0 ? 0 : isArray(first) ? first.length : 1).fill(1);
  }
  const grid = asGrid(arg);
  if (grid.length > 1 && width(grid) > 1) return null;
  const values: number[] = [];
  for (const row of grid) {
    for (const cell of row) {
      const v = readNumber(cell);
      if (v === null || v === undefined || v < 0) return null;
      values.push(v);
    }
  }
  return new Float64Array(values);
}

interface Sums {
  total: number;
  count: number;
  rows: number;
  /** Text cells as (row, column) pairs in reading order, read after the pass. */
  readonly pending: number[];
  /** Rows whose only non-blank cells are text. */
  readonly textOnlyRows: number[];
}

/**
 * The hot loop of ENGAGEMENT: the weighted total, the numbers read and the rows holding one, in
 * one pass. A number cell costs a type check, a sign check and an add (its product with the
 * weight is off the chain of additions), as the one-pass floor does; no per-cell check for NaN or
 * infinities, which make the total non-finite and send the caller to the careful pass. Text
 * cells, rare in a column of counts, are only noted here and read after the pass (reading them
 * inside made every number cell a third slower). Null: a negative cell, or rows wider or narrower
 * than the weights, for the careful pass.
 */
function weightedTotal(list: readonly unknown[], w: Float64Array): Sums | null {
  // Two running totals, even and odd columns: a chain of floating-point additions is bound by
  // the latency of one add per cell, two chains by half of it.
  let even = 0;
  let odd = 0;
  let count = 0;
  let rows = 0;
  let widest = 0;
  const pending: number[] = [];
  const textOnlyRows: number[] = [];
  for (let r = 0; r < list.length; r++) {
    const item = list[r];
    // A bare cell in the list is a one-cell row, as asGrid reads it.
    const row: readonly unknown[] = isArray(item) ? item : [item];
    const n = row.length;
    if (n > widest) widest = n;
    const before = count;
    const noted = pending.length;
    let c = 0;
    for (; c + 1 < n; c += 2) {
      const x = row[c];
      const y = row[c + 1];
      // A negative cell (or -Infinity, which is no count but a non-finite cell): the careful pass.
      if (typeof x === "number") {
        if (x < 0) return null;
        even += x * w[c];
        count++;
      } else if (x !== null) pending.push(r, c);
      if (typeof y === "number") {
        if (y < 0) return null;
        odd += y * w[c + 1];
        count++;
      } else if (y !== null) pending.push(r, c + 1);
    }
    if (c < n) {
      const x = row[c];
      if (typeof x === "number") {
        if (x < 0) return null;
        even += x * w[c];
        count++;
      } else if (x !== null) pending.push(r, c);
    }
    if (count !== before) rows++;
    else if (pending.length !== noted) textOnlyRows.push(r);
  }
  if (widest !== w.length) return null;
  return { total: even + odd, count, rows, pending, textOnlyRows };
}

/** Adds the noted text cells: numeric text counts as its number ("7"); other text is skipped. */
function addText(list: readonly unknown[], w: Float64Array, sums: Sums): Result<Sums> {
  const { pending, textOnlyRows } = sums;
  let t = 0;
  let lastCounted = -1;
  for (let k = 0; k < pending.length; k += 2) {
    const r = pending[k];
    const c = pending[k + 1];
    const v = textCell(list, r, c);
    if (v === undefined) continue;
    if (v < 0) return errors.negativeCell("action count", v, r, c);
    sums.total += v * w[c];
    sums.count++;
    while (t < textOnlyRows.length && textOnlyRows[t] < r) t++;
    if (t < textOnlyRows.length && textOnlyRows[t] === r && lastCounted !== r) {
      sums.rows++;
      lastCounted = r;
    }
  }
  return sums;
}

/** The number of a noted text cell (numeric text), or undefined for other text and booleans. */
function textCell(list: readonly unknown[], r: number, c: number): number | undefined {
  const item = list[r];
  const cell = isArray(item) ? item[c] : item;
  // Text that starts with a letter ("N/A", "none") is no number under any trimming: skipped
  // without the decimal parse, a few times faster.
  if (typeof cell === "string") {
    const ch = cell.charCodeAt(0) | 32;
    if (ch >= 97 && ch <= 122) return undefined;
  }
  const v = readNumber(cell);
  return v === null ? undefined : v;
}

/**
 * Native formula: SUMPRODUCT of each action column (numbers and numeric text) by its weight,
 * over the customer count (a number, a cell, or a formula such as rowsWithNumbersFormula).
 */
export function engagementFormula(columnRefs: readonly string[], weights: readonly Operand[] | null, customers: Operand): string {
  const terms = columnRefs.map((ref, k) => {
    const w = weights ? `*${operand(weights[k])}` : "";
    return `${sumNumeric(ref)}${w}`;
  });
  return `(${terms.join("+")})/${operand(customers)}`;
}

export const functions: FunctionDef[] = [
  { name: "ENGAGEMENT", params: ["actions", "weights", "customers"], kinds: ["range", "optional-range", "optional-scalar"], invoke: (a) => engagement(a[0], a[1], a[2]) },
];

/** ENGAGEMENT as its statistics: one row over all engagement columns, weighted. */
export const sample: SampleKpi = {
  meta,
  role: "engagement",
  combine: "all",
  configure: (columns, settings) => perCustomerModel(columns, { fn: "ENGAGEMENT", what: "action count", nonNegative: true, weighted: true }, settings.shift),
};
