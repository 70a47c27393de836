/**
 * Customer Impact Score: the sum of all impact metrics / number of customers. Rows of the
 * range are customers; with `customers` omitted, the rows that hold at least one number.
 */
import { readNumbers, readOptionalScalar } from "./coerce";
import { errors, finite, isKpiError, type Result } from "./errors";
import { byReading, type Operand, operand, sumNumeric } from "./native";
import { perCustomerModel, type SampleKpi } from "./sample";
import type { FunctionDef, KpiMeta } from "./types";

export const meta: KpiMeta = {
  id: "CIS",
  title: "Customer Impact Score",
  unit: "score",
  numberFormat: "0.0",
  direction: "higher",
  bands: { kind: "fixed", green: 80, amber: 60, labels: ["Excellent", "Acceptable", "Urgent"] },
  indicator: "leading",
  summary: "sum of impact metrics / customers (80+ excellent, 60-80 acceptable)",
};

/** A customer count given by the user, or undefined when omitted. */
export function readCustomers(arg: unknown): Result<number | undefined> {
  const c = readOptionalScalar(arg, "customers");
  if (isKpiError(c) || c === undefined) return c;
  return c > 0 ? c : errors.domain("customers", c, "it must be greater than 0");
}

export function cis(impactMetrics: unknown, customers: unknown = null): Result<number> {
  const given = readCustomers(customers);
  if (isKpiError(given)) return given;
  const s = readNumbers(impactMetrics, "impact metric", false);
  if (isKpiError(s)) return s;
  if (s.count === 0) return errors.noNumeric();
  return finite(s.sum / (given ?? s.rowsWithNumbers));
}

/** Native formula: sum of the numbers over the customer count (a number, a cell, or a formula). */
export function cisFormula(ref: string, customers: Operand): string {
  return `${sumNumeric(ref)}/${operand(customers)}`;
}

/**
 * Rows holding at least one number or numeric text, for a range given as its columns
 * (one bounded reference per column, all of the same rows): the default customer count.
 */
export function rowsWithNumbersFormula(columnRefs: readonly string[]): string {
  return byReading(columnRefs, (r) => `SUMPRODUCT(--((${columnRefs.map((c) => r.readable(c)).join("+")})>0))`);
}

export const functions: FunctionDef[] = [
  { name: "CIS", params: ["impact_metrics", "customers"], kinds: ["range", "optional-scalar"], invoke: (a) => cis(a[0], a[1]) },
];

/** CIS as its statistics: one row over all impact columns. */
export const sample: SampleKpi = {
  meta,
  role: "impact",
  combine: "all",
  configure: (columns, settings) => perCustomerModel(columns, { fn: "CIS", what: "impact metric", nonNegative: false, weighted: false }, settings.shift),
};
