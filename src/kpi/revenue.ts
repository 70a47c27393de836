/** Revenue per customer: the sum of revenue / customers (a plain currency number). */
import { readNumbers, readScalar } from "./coerce";
import { errors, finite, isKpiError, type Result } from "./errors";
import { type Operand, operand, sumNumeric } from "./native";
import type { FunctionDef, KpiMeta } from "./types";

export const meta: KpiMeta = {
  id: "REVENUEPERCUSTOMER",
  title: "Revenue per customer",
  unit: "currency",
  numberFormat: "#,##0.00",
  direction: "higher",
  bands: { kind: "target", amberShare: 0.9, labels: ["On target", "Near target", "Below target"] },
  indicator: "lagging",
  summary: "sum of revenue / customers",
};

export function revenuePerCustomer(revenue: unknown, customers: unknown): Result<number> {
  // The range first: a revenue range with nothing readable is #N/A whatever customers holds.
  const s = readNumbers(revenue, "revenue", false);
  if (isKpiError(s)) return s;
  if (s.count === 0) return errors.noNumeric();
  const c = readScalar(customers, "customers");
  if (isKpiError(c)) return c;
  if (!(c > 0)) return errors.domain("customers", c, "it must be greater than 0");
  return finite(s.sum / c);
}

export function revenuePerCustomerFormula(ref: string, customers: Operand): string {
  return `${sumNumeric(ref)}/${operand(customers)}`;
}

export const functions: FunctionDef[] = [
  { name: "REVENUEPERCUSTOMER", params: ["revenue", "customers"], kinds: ["range", "scalar"], invoke: (a) => revenuePerCustomer(a[0], a[1]) },
];
