/**
 * Customer experience index: for 1..5 answers (a row per respondent, a column per question),
 * the mean over questions of (% answers 4-5 - % answers 1-2), in points on -100..100.
 * Questions with no answers are left out of the mean.
 */
import { asGrid, readNumber, width } from "./coerce";
import { errors, finite, type Result } from "./errors";
import type { FunctionDef, KpiMeta } from "./types";

export const meta: KpiMeta = {
  id: "CXINDEX",
  title: "Customer experience index",
  unit: "points",
  numberFormat: "0.0",
  direction: "higher",
  bands: { kind: "fixed", green: 50, amber: 0, labels: ["Excellent", "Good", "Poor"] },
  indicator: "lagging",
  summary: "mean over questions of % top-2 (4-5) minus % bottom-2 (1-2), in points",
};

export function cxindex(responses: unknown): Result<number> {
  const grid = asGrid(responses);
  const columns = width(grid);
  const top = new Float64Array(columns);
  const bottom = new Float64Array(columns);
  const n = new Float64Array(columns);
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r];
    for (let c = 0; c < row.length; c++) {
      const v = readNumber(row[c]);
      if (v === null || v === undefined) continue;
      if (!(v >= 1 && v <= 5 && Math.floor(v) === v)) return errors.outOfScale("answer", v, 1, 5, r, c);
      n[c]++;
      if (v >= 4) top[c]++;
      else if (v <= 2) bottom[c]++;
    }
  }
  let sum = 0;
  let questions = 0;
  for (let c = 0; c < columns; c++) {
    if (n[c] === 0) continue;
    sum += ((top[c] - bottom[c]) / n[c]) * 100;
    questions++;
  }
  if (questions === 0) return errors.noNumeric();
  return finite(sum / questions);
}

export const functions: FunctionDef[] = [
  { name: "CXINDEX", params: ["responses"], kinds: ["range"], invoke: (a) => cxindex(a[0]) },
];
