/**
 * Customer Involvement in Innovation: (sum of customer interactions / sum of innovation
 * projects) * 100, as the standard formula states (a ratio times 100, not capped at 100).
 */
import { readCount } from "./coerce";
import { errors, finite, isKpiError, type Result } from "./errors";
import { type Operand, operand, withinDomain } from "./native";
import { req, type AggregateKpi } from "./aggregate";
import type { FunctionDef, KpiMeta } from "./types";

export const meta: KpiMeta = {
  id: "CII",
  title: "Customer Involvement in Innovation",
  unit: "index",
  numberFormat: "0.0",
  direction: "higher",
  bands: { kind: "fixed", green: 75, amber: 60, labels: ["Excellent", "Moderate", "Low"] },
  indicator: "leading",
  summary: "customer interactions per innovation project x 100",
};

export function cii(interactions: unknown, projects: unknown): Result<number> {
  const i = readCount(interactions, "customer_interactions");
  if (isKpiError(i)) return i;
  const p = readCount(projects, "innovation_projects");
  if (isKpiError(p)) return p;
  if (!(p > 0)) return errors.domain("innovation_projects", p, "it must be greater than 0");
  return finite((i / p) * 100);
}

export function ciiFormula(interactions: Operand, projects: Operand): string {
  const [i, p] = [operand(interactions), operand(projects)];
  // The function's domain: interactions from 0, projects above 0.
  return withinDomain([`${i}<0`, `${p}<=0`], `${i}/${p}*100`);
}

export const functions: FunctionDef[] = [
  { name: "CII", params: ["customer_interactions", "innovation_projects"], kinds: ["range", "range"], invoke: (a) => cii(a[0], a[1]) },
];

export const aggregate: AggregateKpi = {
  meta,
  inputs: ["interactions", "innovationProjects"],
  optional: [],
  compute: (v) => cii(v.interactions, v.innovationProjects),
  live: (r) => `KPI.CII(${req(r, "interactions")},${req(r, "innovationProjects")})`,
  native: (r) => ciiFormula(req(r, "interactions"), req(r, "innovationProjects")),
};
