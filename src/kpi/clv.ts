/**
 * Customer Lifetime Value, simple form: average purchase value * purchases per year *
 * lifespan in years (* margin, a fraction, when given). Example (seed): 100 * 4 * 5 = 2000.
 */
import { readOptionalScalar, readScalar } from "./coerce";
import { errors, finite, isKpiError, type Result } from "./errors";
import { type Operand, operand, withinDomain } from "./native";
import { opt, req, type AggregateKpi } from "./aggregate";
import type { FunctionDef, KpiMeta } from "./types";

export const meta: KpiMeta = {
  id: "CLV",
  title: "Customer Lifetime Value",
  unit: "currency",
  numberFormat: "#,##0.00",
  direction: "higher",
  bands: { kind: "target", amberShare: 0.9, labels: ["On target", "Near target", "Below target"] },
  indicator: "lagging",
  summary: "average purchase value x purchases per year x lifespan in years (x margin)",
};

function nonNegative(arg: unknown, name: string): Result<number> {
  const v = readScalar(arg, name);
  if (isKpiError(v)) return v;
  return v < 0 ? errors.domain(name, v, "it cannot be negative") : v;
}

export function clv(avgPurchaseValue: unknown, purchasesPerYear: unknown, lifespanYears: unknown, margin: unknown = null): Result<number> {
  const apv = nonNegative(avgPurchaseValue, "avg_purchase_value");
  if (isKpiError(apv)) return apv;
  const ppy = nonNegative(purchasesPerYear, "purchases_per_year");
  if (isKpiError(ppy)) return ppy;
  const life = nonNegative(lifespanYears, "lifespan_years");
  if (isKpiError(life)) return life;
  const m = readOptionalScalar(margin, "margin");
  if (isKpiError(m)) return m;
  if (m !== undefined && !(m >= 0 && m <= 1)) {
    return errors.domain("margin", m, "give it as a fraction from 0 to 1 (0.3 for 30 %)");
  }
  return finite(apv * ppy * life * (m ?? 1));
}

export function clvFormula(apv: Operand, ppy: Operand, life: Operand, margin?: Operand): string {
  const [a, p, l] = [operand(apv), operand(ppy), operand(life)];
  const base = `${a}*${p}*${l}`;
  // The function's domain: no negative input, a margin that is a fraction from 0 to 1.
  const outside = [`${a}<0`, `${p}<0`, `${l}<0`, ...(margin === undefined ? [] : [`${operand(margin)}<0`, `${operand(margin)}>1`])];
  return withinDomain(outside, margin === undefined ? base : `${base}*${operand(margin)}`);
}

export const functions: FunctionDef[] = [
  { name: "CLV", params: ["avg_purchase_value", "purchases_per_year", "lifespan_years", "margin"], kinds: ["scalar", "scalar", "scalar", "optional-scalar"], invoke: (a) => clv(a[0], a[1], a[2], a[3]) },
];

export const aggregate: AggregateKpi = {
  meta,
  inputs: ["avgPurchaseValue", "purchasesPerYear", "lifespanYears"],
  optional: ["margin"],
  compute: (v) => clv(v.avgPurchaseValue, v.purchasesPerYear, v.lifespanYears, v.margin ?? null),
  live: (r) => `KPI.CLV(${req(r, "avgPurchaseValue")},${req(r, "purchasesPerYear")},${req(r, "lifespanYears")}${opt(r, "margin")})`,
  native: (r) => clvFormula(req(r, "avgPurchaseValue"), req(r, "purchasesPerYear"), req(r, "lifespanYears"), r.margin),
};
