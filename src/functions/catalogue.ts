/**
 * The catalogue of the KPI namespace: every function as data (name, parameters, argument kinds,
 * body), in the order of the specs: spec/functions.md (the KPI and statistics functions of
 * src/kpi, then the predictive-CLV functions of src/clv), then spec/why.md (src/why). It sits
 * here, one floor above the pure cores, so that src/kpi, src/clv and src/why stay unaware of
 * each other (test/layers.test.ts); the registry tests, the property tests and the test that
 * plays Excel's part read this list. A new catalogue function is a line in its core's list.
 */
import { functions as predictiveClv } from "../clv/functions";
import { KPI_FUNCTIONS, type FunctionDef } from "../kpi";
import { functions as why } from "../why/functions";

export const FUNCTIONS: readonly FunctionDef[] = [...KPI_FUNCTIONS, ...predictiveClv, ...why];

export function functionDef(name: string): FunctionDef | undefined {
  return FUNCTIONS.find((f) => f.name === name);
}
