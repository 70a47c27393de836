/**
 * Customer Effort Score: the mean response, on the scale of the inputs.
 * Default scale is CES 2.0 (Gartner/CEB): "the company made it easy", 1..7, higher is better.
 * Example: 7, 6, 5, 2 -> 5.
 */
import { readIntegerScale, readScalar } from "./coerce";
import { errors, finite, isKpiError, type Result } from "./errors";
import { countNumeric, countOffScale, guarded, sumNumeric } from "./native";
import type { FunctionDef, KpiMeta } from "./types";

export const meta: KpiMeta = {
  id: "CES",
  title: "Customer Effort Score",
  unit: "score",
  numberFormat: "0.00",
  direction: "higher",
  bands: { kind: "fixed", green: 5.5, amber: 4.5, labels: ["Excellent", "Acceptable", "Urgent"] },
  indicator: "leading",
  summary: "mean effort score on the 1..7 CES 2.0 scale (7 = very easy)",
};

export function ces(responses: unknown, scaleMax: unknown = null): Result<number> {
  const max = readScalar(scaleMax, "scale_max", { default: 7 });
  if (isKpiError(max)) return max;
  if (!(Number.isInteger(max) && max >= 2 && max <= 100)) return errors.domain("scale_max", max, "use a whole number from 2 to 100");
  const read = readIntegerScale(responses, 1, max, "response");
  if (isKpiError(read)) return read;
  if (read.n === 0) return errors.noNumeric();
  let sum = 0;
  for (let k = 0; k < read.counts.length; k++) sum += read.counts[k] * (k + 1);
  return finite(sum / read.n);
}

export function cesFormula(ref: string, scaleMax = 7): string {
  const n = countNumeric(ref);
  return guarded(n, countOffScale(ref, 1, scaleMax), `${sumNumeric(ref)}/${n}`);
}

export const functions: FunctionDef[] = [
  { name: "CES", params: ["responses", "scale_max"], kinds: ["range", "optional-scalar"], invoke: (a) => ces(a[0], a[1]) },
];
