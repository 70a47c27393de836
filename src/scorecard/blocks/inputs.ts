/**
 * Inputs: the aggregate KPIs' inputs (customers at the start, lost, ...) as cells the user can
 * change; the aggregate rows' formulas and revenue per customer read them.
 */
import { cellAddress } from "../a1";
import type { SampleInputRefs } from "../../kpi";
import { AGGREGATE_INPUTS } from "../spec";
import type { AggregateInput } from "../types";
import type { Layouter } from "./block";

export interface InputsAnchors {
  /** An input's cell (absolute), or undefined when the sheet has none. */
  cellOf(key: AggregateInput): string | undefined;
  /** The inputs a sample KPI's formulas may read. */
  readonly refs: SampleInputRefs;
}

/** How an input reads: counts and money with thousands separators, fractions as decimals. */
const INPUT_FORMAT: Record<AggregateInput, string> = {
  customersStart: "#,##0", customersLost: "#,##0", customersEnd: "#,##0", newCustomers: "#,##0", customers: "#,##0",
  interactions: "#,##0", innovationProjects: "#,##0", avgPurchaseValue: "#,##0.00", marginPerPeriod: "#,##0.00",
  acquisitionCost: "#,##0.00", purchasesPerYear: "#,##0.0#", lifespanYears: "#,##0.0#", margin: "0.00##",
  retentionRate: "0.00##", discountRate: "0.00##",
};

export const inputs: Layouter<"inputs"> = {
  name: "inputs",
  height: (m) => (m.inputKeys.length > 0 ? m.inputKeys.length + 2 : 0),
  anchors(m, top) {
    const cells = new Map<AggregateInput, string>();
    m.inputKeys.forEach((key, k) => cells.set(key, cellAddress(top + 1 + k, 1, true)));
    return { cellOf: (key) => cells.get(key), refs: { customers: cells.get("customers") } };
  },
  render(m, top, _at, _columns, out) {
    if (m.inputKeys.length === 0) return;
    const label = (key: AggregateInput) => AGGREGATE_INPUTS.find((a) => a.key === key)?.label ?? key;
    out.block(
      top, 0,
      [["Inputs (change them here to recalculate)", "Value"], ...m.inputKeys.map((key) => [label(key), m.spec.aggregates[key] ?? null])],
      [["General", "General"], ...m.inputKeys.map((key) => ["General", INPUT_FORMAT[key]])],
    );
    out.style({ range: { row: top, col: 0, rows: 1, cols: 2 }, bold: true, borderBottom: true });
  },
};
