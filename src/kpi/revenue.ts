/** Revenue per customer: the sum of revenue / customers (a plain currency number). */
import { readNumber, readNumbers, readScalar } from "./coerce";
import { meanScore } from "./difference";
import { errors, finite, isKpiError, type Result } from "./errors";
import { countNumeric, type Operand, operand, sumAbout, sumCubesAbout, sumNumeric, sumSquaresAbout } from "./native";
import { meanIntervalFormulas, pooledTPFormula } from "./nativeStats";
import { aboutName, meanFormula, Shift, shifted, totalFormula, where, type SampleKpi } from "./sample";
import { meanInterval, pooledTP } from "./stats";
import { momentsSql } from "./sql";
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

/**
 * Revenue per customer as its statistics: rows with revenue n, their sum, sum of squares and sum of cubes.
 * Every value is per row with revenue (a row per customer), so segments, periods and the whole
 * compare; when the user gives a customer count, the overall value divides by it instead and
 * its note says so.
 */
export const sample: SampleKpi = {
  meta,
  role: "revenue",
  combine: "each",
  configure: (_columns, settings) => {
    const given = settings.customers;
    const byGiven = (overall: boolean) => overall && given !== undefined;
    const shift = new Shift(settings.shift);
    return {
      get statistics() {
        return ["rows with revenue", aboutName("sum", shift.value), aboutName("sum of squares", shift.value), aboutName("sum of cubes", shift.value)];
      },
      moments: { n: 0, sum: 1, squares: 2, cubes: 3, shift: () => shift.value },
      add(acc, cells) {
        const v = readNumber(cells[0]);
        if (v === null || v === undefined) return null;
        const d = shift.about(v);
        acc[0]++;
        acc[1] += d;
        acc[2] += d * d;
        acc[3] += d * d * d;
        return null;
      },
      value: ([n, sum], overall) =>
        n === 0 ? errors.noNumeric() : finite(byGiven(overall) ? (shift.value * n + sum) / (given as number) : shift.value + sum / n),
      // The overall value over a given customer count is no mean of the rows: no interval of its own.
      interval: ([n, sum, sq], confidence, overall) => (byGiven(overall) ? null : shifted(meanInterval(n, sum, sq, confidence), shift.value)),
      pValue: ([na, sa, qa], [nb, sb, qb]) => (na === 0 || nb === 0 ? errors.noNumeric() : pooledTP(na, sa, qa, nb, sb, qb)),
      statSql: ([c]) => ({ statistics: momentsSql(c.value), rejected: null }),
      statFormulas: ([ref], cond) => {
        return [countNumeric(ref, cond), sumAbout(ref, shift.value, cond), sumSquaresAbout(ref, shift.value, cond), sumCubesAbout(ref, shift.value, cond)];
      },
      valueFormula: ([n, sum], overall, inputs) =>
        byGiven(overall) && inputs.customers
          ? `IF(${n}=0,NA(),${totalFormula(n, sum, shift.value)}/${inputs.customers})`
          : `IF(${n}=0,NA(),${meanFormula(n, sum, shift.value)})`,
      intervalFormulas: ([n, sum, sq], confidence, overall) => (byGiven(overall) ? null : meanIntervalFormulas(n, sum, sq, confidence, null, null, shift.value)),
      pFormula: ([na, sa, qa], [nb, sb, qb]) => pooledTPFormula([na, sa, qa], [nb, sb, qb]),
      score: meanScore({ n: 0, sum: 1, squares: 2, cubes: 3, shift: () => shift.value }),
      liveFormula: ([ref], cond, overall, inputs) => {
        const r = where(ref, cond);
        return `KPI.REVENUEPERCUSTOMER(${r},${byGiven(overall) && inputs.customers ? inputs.customers : countNumeric(r)})`;
      },
      note: (overall) => (byGiven(overall) ? "divided by the customers given; segments, periods and the interval are per row with revenue" : "per row with revenue"),
    };
  },
};
