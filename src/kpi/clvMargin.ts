/**
 * CLV from margins (Gupta and Lehmann, "Customers as Assets", 2003): the value of a
 * customer's future margins with constant retention and discounting, first period excluded:
 * m * r / (1 + d - r) - acquisition_cost.
 * Examples: m 150, r 0.55, d 0.10, acquisition 100 -> 50; m 1, r 0.8, d 0.1 -> 2.6667.
 */
import { readScalar } from "./coerce";
import { errors, finite, isKpiError, type Result } from "./errors";
import { type Operand, operand, withinDomain } from "./native";
import { opt, req, type AggregateKpi } from "./aggregate";
import type { FunctionDef, KpiMeta } from "./types";

export const meta: KpiMeta = {
  id: "CLV.MARGIN",
  title: "Customer Lifetime Value (margin model)",
  unit: "currency",
  numberFormat: "#,##0.00",
  direction: "higher",
  bands: { kind: "target", amberShare: 0.9, labels: ["On target", "Near target", "Below target"] },
  indicator: "lagging",
  summary: "margin x retention / (1 + discount - retention) - acquisition cost",
};

export function clvMargin(margin: unknown, retentionRate: unknown, discountRate: unknown, acquisitionCost: unknown = null): Result<number> {
  const m = readScalar(margin, "margin_per_period");
  if (isKpiError(m)) return m;
  const r = readScalar(retentionRate, "retention_rate");
  if (isKpiError(r)) return r;
  const d = readScalar(discountRate, "discount_rate");
  if (isKpiError(d)) return d;
  const ac = readScalar(acquisitionCost, "acquisition_cost", { default: 0 });
  if (isKpiError(ac)) return ac;
  if (!(r >= 0 && r <= 1)) return errors.domain("retention_rate", r, "give it as a fraction from 0 to 1 (0.8 for 80 %)");
  if (!(d > -1 && d <= 1)) return errors.domain("discount_rate", d, "give it as a fraction (0.1 for 10 %)");
  if (!(r < 1 + d)) return errors.domain("retention_rate", r, `it must be below 1 + discount_rate (${1 + d})`);
  if (ac < 0) return errors.domain("acquisition_cost", ac, "it cannot be negative");
  return finite((m * r) / (1 + d - r) - ac);
}

export function clvMarginFormula(m: Operand, r: Operand, d: Operand, ac: Operand = 0): string {
  const [mm, rr, dd, aa] = [operand(m), operand(r), operand(d), operand(ac)];
  // The function's domain: 0 <= retention <= 1, -1 < discount <= 1, retention < 1 + discount, cost >= 0.
  const outside = [`${rr}<0`, `${rr}>1`, `${dd}<=-1`, `${dd}>1`, `${rr}>=1+${dd}`, `${aa}<0`];
  return withinDomain(outside, `${mm}*${rr}/(1+${dd}-${rr})-${aa}`);
}

export const functions: FunctionDef[] = [
  { name: "CLV.MARGIN", params: ["margin_per_period", "retention_rate", "discount_rate", "acquisition_cost"], kinds: ["scalar", "scalar", "scalar", "optional-scalar"], invoke: (a) => clvMargin(a[0], a[1], a[2], a[3]) },
];

export const aggregate: AggregateKpi = {
  meta,
  inputs: ["marginPerPeriod", "retentionRate", "discountRate"],
  optional: ["acquisitionCost"],
  compute: (v) => clvMargin(v.marginPerPeriod, v.retentionRate, v.discountRate, v.acquisitionCost ?? null),
  live: (r) => `KPI.CLV.MARGIN(${req(r, "marginPerPeriod")},${req(r, "retentionRate")},${req(r, "discountRate")}${opt(r, "acquisitionCost")})`,
  native: (r) => clvMarginFormula(req(r, "marginPerPeriod"), req(r, "retentionRate"), req(r, "discountRate"), r.acquisitionCost ?? 0),
};
