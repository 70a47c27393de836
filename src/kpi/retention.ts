/**
 * Customer retention rate: (customers at end - new customers) / customers at start, a fraction.
 * Example: start 200, end 220, new 40 -> 0.90.
 */
import { readCount } from "./coerce";
import { errors, finite, isKpiError, type Result } from "./errors";
import { type Operand, operand, withinDomain } from "./native";
import { req, type AggregateKpi } from "./aggregate";
import type { FunctionDef, KpiMeta } from "./types";

export const meta: KpiMeta = {
  id: "RETENTION",
  title: "Customer retention rate",
  unit: "fraction",
  numberFormat: "0.0%",
  direction: "higher",
  bands: { kind: "fixed", green: 0.9, amber: 0.8, labels: ["Excellent", "Acceptable", "Urgent"] },
  indicator: "lagging",
  summary: "(customers at end - new customers) / customers at start",
};

export function retention(customersStart: unknown, customersEnd: unknown, newCustomers: unknown): Result<number> {
  const start = readCount(customersStart, "customers_start");
  if (isKpiError(start)) return start;
  const end = readCount(customersEnd, "customers_end");
  if (isKpiError(end)) return end;
  const added = readCount(newCustomers, "new_customers");
  if (isKpiError(added)) return added;
  if (!(start > 0)) return errors.domain("customers_start", start, "it must be greater than 0");
  if (added > end) return errors.invalid(`new_customers (${added}) is more than customers_end (${end})`);
  if (end - added > start) {
    return errors.invalid(`customers_end - new_customers (${end - added}) is more than customers_start (${start}): check the counts`);
  }
  return finite((end - added) / start);
}

export function retentionFormula(start: Operand, end: Operand, added: Operand): string {
  const [s, e, a] = [operand(start), operand(end), operand(added)];
  // The function's domain: start > 0, counts from 0, new <= end, end - new <= start.
  return withinDomain([`${s}<=0`, `${e}<0`, `${a}<0`, `${a}>${e}`, `${e}-${a}>${s}`], `(${e}-${a})/${s}`);
}

export const functions: FunctionDef[] = [
  { name: "RETENTION", params: ["customers_start", "customers_end", "new_customers"], kinds: ["scalar", "scalar", "scalar"], invoke: (a) => retention(a[0], a[1], a[2]) },
];

export const aggregate: AggregateKpi = {
  meta,
  inputs: ["customersStart", "customersEnd", "newCustomers"],
  optional: [],
  compute: (v) => retention(v.customersStart, v.customersEnd, v.newCustomers),
  live: (r) => `KPI.RETENTION(${req(r, "customersStart")},${req(r, "customersEnd")},${req(r, "newCustomers")})`,
  native: (r) => retentionFormula(req(r, "customersStart"), req(r, "customersEnd"), req(r, "newCustomers")),
};
