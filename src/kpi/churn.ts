/**
 * Churn rate: customers lost / customers at the start of the period, a fraction.
 * With `periods`, compounded: 1 - (1 - c)^periods (4 % a month over 12 months = 38.73 %).
 */
import { readCount, readOptionalScalar } from "./coerce";
import { errors, finite, isKpiError, type Result } from "./errors";
import { type Operand, operand, withinDomain } from "./native";
import { req, type AggregateKpi } from "./aggregate";
import type { FunctionDef, KpiMeta } from "./types";

export const meta: KpiMeta = {
  id: "CHURN",
  title: "Churn rate",
  unit: "fraction",
  numberFormat: "0.00%",
  direction: "lower",
  bands: { kind: "fixed", green: 0.02, amber: 0.05, labels: ["Excellent", "Acceptable", "Urgent"] },
  indicator: "lagging",
  summary: "customers lost / customers at the start of the period (monthly bands)",
};

export function churn(customersStart: unknown, customersLost: unknown, periods: unknown = null): Result<number> {
  const start = readCount(customersStart, "customers_start");
  if (isKpiError(start)) return start;
  const lost = readCount(customersLost, "customers_lost");
  if (isKpiError(lost)) return lost;
  const k = readOptionalScalar(periods, "periods");
  if (isKpiError(k)) return k;
  if (!(start > 0)) return errors.domain("customers_start", start, "it must be greater than 0");
  if (lost > start) return errors.invalid(`customers_lost (${lost}) is more than customers_start (${start})`);
  const c = lost / start;
  if (k === undefined) return finite(c);
  if (!(k > 0)) return errors.domain("periods", k, "it must be greater than 0");
  // 1 - (1 - c)^k as -expm1(k log1p(-c)): no cancellation for a small c (a churn of 1e-12 a
  // period keeps every digit; 1 - Math.pow loses them in 1 - c).
  return finite(-Math.expm1(k * Math.log1p(-c)));
}

export function churnFormula(start: Operand, lost: Operand, periods?: Operand): string {
  const [s, l] = [operand(start), operand(lost)];
  const c = `${l}/${s}`;
  // The function's domain: start > 0, 0 <= lost <= start, periods > 0.
  const outside = [`${s}<=0`, `${l}<0`, `${l}>${s}`, ...(periods === undefined ? [] : [`${operand(periods)}<=0`])];
  return withinDomain(outside, periods === undefined ? c : `1-(1-${c})^${operand(periods)}`);
}

export const functions: FunctionDef[] = [
  { name: "CHURN", params: ["customers_start", "customers_lost", "periods"], kinds: ["scalar", "scalar", "optional-scalar"], invoke: (a) => churn(a[0], a[1], a[2]) },
];

export const aggregate: AggregateKpi = {
  meta,
  inputs: ["customersStart", "customersLost"],
  optional: [],
  compute: (v) => churn(v.customersStart, v.customersLost),
  live: (r) => `KPI.CHURN(${req(r, "customersStart")},${req(r, "customersLost")})`,
  native: (r) => churnFormula(req(r, "customersStart"), req(r, "customersLost")),
};
