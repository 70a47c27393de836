/**
 * Customer Satisfaction: the share of responses at or above `satisfied_min` (top-2-box on
 * the 1..5 scale), as a fraction.
 * satisfied_min defaults to the top two boxes: 4 on the default 1..5 scale, scale_max - 1 on others.
 * Example (a survey vendor's worked example): 5:42, 4:32, 3:10, 2:9, 1:14 -> 74/107 = 0.6916.
 */
import { readIntegerScale, readScalar } from "./coerce";
import { errors, finite, isKpiError, type Result } from "./errors";
import { countBetween, countNumeric, countOffScale, guarded } from "./native";
import type { FunctionDef, KpiMeta } from "./types";

export const meta: KpiMeta = {
  id: "CSAT",
  title: "Customer Satisfaction",
  unit: "fraction",
  numberFormat: "0.0%",
  direction: "higher",
  bands: { kind: "fixed", green: 0.8, amber: 0.7, labels: ["Excellent", "Acceptable", "Urgent"] },
  indicator: "lagging",
  summary: "share of responses at or above the satisfied score (top-2-box of 1..5)",
};

export interface CsatScale {
  readonly scaleMax: number;
  readonly satisfiedMin: number;
}

export function csatScale(scaleMax: unknown, satisfiedMin: unknown): Result<CsatScale> {
  const max = readScalar(scaleMax, "scale_max", { default: 5 });
  if (isKpiError(max)) return max;
  if (!(Number.isInteger(max) && max >= 2 && max <= 100)) return errors.domain("scale_max", max, "use a whole number from 2 to 100");
  const min = readScalar(satisfiedMin, "satisfied_min", { default: max - 1 });
  if (isKpiError(min)) return min;
  if (!(min >= 1 && min <= max)) return errors.domain("satisfied_min", min, `use a score from 1 to scale_max (${max})`);
  return { scaleMax: max, satisfiedMin: min };
}

export function csat(responses: unknown, scaleMax: unknown = null, satisfiedMin: unknown = null): Result<number> {
  const scale = csatScale(scaleMax, satisfiedMin);
  if (isKpiError(scale)) return scale;
  const read = readIntegerScale(responses, 1, scale.scaleMax, "response");
  if (isKpiError(read)) return read;
  if (read.n === 0) return errors.noNumeric();
  let satisfied = 0;
  for (let score = Math.ceil(scale.satisfiedMin); score <= scale.scaleMax; score++) satisfied += read.counts[score - 1];
  return finite(satisfied / read.n);
}

export function csatFormula(ref: string, scaleMax = 5, satisfiedMin = 4): string {
  const n = countNumeric(ref);
  return guarded(n, countOffScale(ref, 1, scaleMax), `${countBetween(ref, Math.ceil(satisfiedMin), scaleMax)}/${n}`);
}

export const functions: FunctionDef[] = [
  { name: "CSAT", params: ["responses", "scale_max", "satisfied_min"], kinds: ["range", "optional-scalar", "optional-scalar"], invoke: (a) => csat(a[0], a[1], a[2]) },
];
