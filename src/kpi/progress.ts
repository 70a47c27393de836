/**
 * Progress towards a target: (current - baseline) / (target - baseline), a fraction.
 * Example: NPS from 60 towards 65, now 62 -> 0.4.
 */
import { readScalar } from "./coerce";
import { errors, finite, isKpiError, type Result } from "./errors";
import { type Operand, operand } from "./native";
import type { FunctionDef } from "./types";

export function progress(baseline: unknown, current: unknown, target: unknown): Result<number> {
  const b = readScalar(baseline, "baseline");
  if (isKpiError(b)) return b;
  const c = readScalar(current, "current");
  if (isKpiError(c)) return c;
  const t = readScalar(target, "target");
  if (isKpiError(t)) return t;
  if (t === b) return errors.invalid(`target equals baseline (${b}): there is no way to go`);
  return finite((c - b) / (t - b));
}

export function progressFormula(baseline: Operand, current: Operand, target: Operand): string {
  return `(${operand(current)}-${operand(baseline)})/(${operand(target)}-${operand(baseline)})`;
}

export const functions: FunctionDef[] = [
  { name: "PROGRESS", params: ["baseline", "current", "target"], kinds: ["scalar", "scalar", "scalar"], invoke: (a) => progress(a[0], a[1], a[2]) },
];
