/**
 * Customer Performance Index: the weighted mean of component scores already on 0..100
 * (bring a KPI there with KPI.SCALE). Weights need not sum to 1; they are normalised.
 * Example: scores 80, 60 with weights 3, 1 -> 75.
 */
import { asGrid, readNumber } from "./coerce";
import { at, errors, finite, type Result } from "./errors";
import type { FunctionDef, KpiMeta } from "./types";

export const meta: KpiMeta = {
  id: "CPI",
  title: "Customer Performance Index",
  unit: "index",
  numberFormat: "0.0",
  direction: "higher",
  bands: { kind: "fixed", green: 80, amber: 60, labels: ["Excellent", "Acceptable", "Urgent"] },
  indicator: "lagging",
  summary: "weighted mean of component scores on 0..100",
  range: { lo: 0, hi: 100 },
};

interface Cell {
  readonly value: unknown;
  /** Position in the range the user passed, for messages. */
  readonly where: string;
}

/** The cells of a range in reading order, each with its position (row, column from 1). */
function cells(arg: unknown): Cell[] {
  const out: Cell[] = [];
  asGrid(arg).forEach((row, r) => row.forEach((value, c) => out.push({ value, where: at(r, c) })));
  return out;
}

export function cpi(scores: unknown, weights: unknown = null): Result<number> {
  const s = cells(scores);
  const hasWeights = weights !== null && weights !== undefined;
  const w = hasWeights ? cells(weights) : null;
  if (w && w.length !== s.length) {
    return errors.shapeMismatch(`weights has ${w.length} cells but scores has ${s.length}: give one weight per score`);
  }
  let total = 0;
  let weightSum = 0;
  let n = 0;
  for (let k = 0; k < s.length; k++) {
    const v = readNumber(s[k].value);
    if (v === null || v === undefined) continue;
    if (!(v >= 0 && v <= 100)) return errors.invalid(`score ${v} at ${s[k].where} is outside 0..100: use KPI.SCALE first`);
    let weight = 1;
    if (w) {
      const read = readNumber(w[k].value);
      if (read === null || read === undefined) {
        return errors.invalid(`the weight at ${w[k].where} (for the score at ${s[k].where}) is missing or not a number`);
      }
      if (read < 0) return errors.invalid(`weight ${read} at ${w[k].where} is negative: weights cannot be negative`);
      weight = read;
    }
    total += v * weight;
    weightSum += weight;
    n++;
  }
  if (n === 0) return errors.noNumeric();
  if (!(weightSum > 0)) return errors.invalid("the weights of the scores add up to 0");
  return finite(total / weightSum);
}

export const functions: FunctionDef[] = [
  { name: "CPI", params: ["scores", "weights"], kinds: ["range", "optional-range"], invoke: (a) => cpi(a[0], a[1]) },
];
