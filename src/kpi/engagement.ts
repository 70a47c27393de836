/**
 * Customer engagement: the sum over customers of their weighted action counts / customers.
 * `actions` has a row per customer and a column per action type; `weights` is one row or
 * column with a weight per action column (default 1 each); customers as in CIS.
 */
import { asGrid, readNumber, width } from "./coerce";
import { at, errors, finite, isKpiError, type Result } from "./errors";
import { readCustomers } from "./cis";
import { type Operand, operand, valueOr } from "./native";
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

export function engagement(actions: unknown, weights: unknown = null, customers: unknown = null): Result<number> {
  const grid = asGrid(actions);
  const columns = width(grid);
  const w = readWeights(weights, columns);
  if (isKpiError(w)) return w;
  const given = readCustomers(customers);
  if (isKpiError(given)) return given;
  // Sums per column, weighted once at the end: one chain of additions per column instead of
  // a multiply-add chain through every cell.
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
 * Native formula: SUMPRODUCT of each action column (numbers and numeric text) by its weight,
 * over the customer count (a number, a cell, or a formula such as rowsWithNumbersFormula).
 */
export function engagementFormula(columnRefs: readonly string[], weights: readonly Operand[] | null, customers: Operand): string {
  const terms = columnRefs.map((ref, k) => {
    const w = weights ? `*${operand(weights[k])}` : "";
    return `SUMPRODUCT(${valueOr(ref, 0)})${w}`;
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
  configure: (columns) => perCustomerModel(columns, { fn: "ENGAGEMENT", what: "action count", nonNegative: true, weighted: true }),
};
