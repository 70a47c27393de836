/**
 * Rescales a value to 0..100: (value - worst) / (best - worst) * 100, clipped to 0..100.
 * worst > best means lower is better (churn: worst 0.1, best 0 -> churn 0.03 scores 70).
 */
import { readScalar } from "./coerce";
import { errors, finite, isKpiError, type Result } from "./errors";
import type { FunctionDef, KpiMeta } from "./types";

export const meta: KpiMeta = {
  id: "SCALE",
  title: "Scaled score",
  unit: "index",
  numberFormat: "0.0",
  direction: "higher",
  bands: { kind: "fixed", green: 80, amber: 60, labels: ["Excellent", "Acceptable", "Urgent"] },
  indicator: "lagging",
  summary: "a value placed on 0..100 between its worst and best",
  range: { lo: 0, hi: 100 },
};

export function scale(value: unknown, worst: unknown, best: unknown): Result<number> {
  const v = readScalar(value, "value");
  if (isKpiError(v)) return v;
  const w = readScalar(worst, "worst");
  if (isKpiError(w)) return w;
  const b = readScalar(best, "best");
  if (isKpiError(b)) return b;
  if (w === b) return errors.invalid(`worst equals best (${w}): nothing to scale between`);
  // Quartered when huge, so v - w and b - w cannot overflow (a scaling by a power of 2 is exact
  // and leaves the ratio as it is): SCALE(-1e308, 1e308, -1e308) is 100.
  const k = Math.max(Math.abs(v), Math.abs(w), Math.abs(b)) > 2 ** 1020 ? 0.25 : 1;
  const s = ((k * v - k * w) / (k * b - k * w)) * 100;
  if (Number.isNaN(s)) return errors.notFinite("the scaled value");
  return finite(Math.min(100, Math.max(0, s)));
}

export const functions: FunctionDef[] = [
  { name: "SCALE", params: ["value", "worst", "best"], kinds: ["scalar", "scalar", "scalar"], invoke: (a) => scale(a[0], a[1], a[2]) },
];
