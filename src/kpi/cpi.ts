/**
 * Customer Performance Index: the weighted mean of component scores already on 0..100
 * (bring a KPI there with KPI.SCALE). Weights need not sum to 1; they are normalised.
 * Example: scores 80, 60 with weights 3, 1 -> 75.
 */
import { asGrid, readNumber } from "./coerce";
import { errors, finite, type Result } from "./errors";
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
};

function cells(arg: unknown): unknown[] {
  return asGrid(arg).flat();
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
    const v = readNumber(s[k]);
    if (v === null || v === undefined) continue;
    if (!(v >= 0 && v <= 100)) return errors.domain("score", v, `scores must be on 0..100 (cell ${k + 1}); use KPI.SCALE first`);
    let weight = 1;
    if (w) {
      const read = readNumber(w[k]);
      if (read === null || read === undefined) return errors.invalid(`the weight of score ${k + 1} is missing or not a number`);
      if (read < 0) return errors.domain("weight", read, "weights cannot be negative");
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
