/**
 * Inputs: the aggregate KPIs' inputs (customers at the start, lost, ...) as cells the user can
 * change; the aggregate rows' formulas and revenue per customer read them. Then the words of each
 * theme the user named, one cell per theme ("wait, queue, on hold"), which the theme's
 * statistics read: editing them recalculates its share.
 */
import { cellAddress } from "../a1";
import { type SampleInputRefs, wordsText } from "../../kpi";
import type { SampleRow } from "../rows";
import { AGGREGATE_INPUTS } from "../spec";
import type { AggregateInput, NamedThemeSpec } from "../types";
import type { ScorecardModel } from "../model";
import type { Layouter } from "./block";

export interface InputsAnchors {
  /** An input's cell (absolute), or undefined when the sheet has none. */
  cellOf(key: AggregateInput): string | undefined;
  /** The inputs a sample KPI's formulas may read. */
  readonly refs: SampleInputRefs;
  /** The inputs a row's formulas read: refs, and a theme's words cell for a theme's row. */
  refsOf(d: SampleRow): SampleInputRefs;
}

/** How an input reads: counts and money with thousands separators, fractions as decimals. */
const INPUT_FORMAT: Record<AggregateInput, string> = {
  customersStart: "#,##0", customersLost: "#,##0", customersEnd: "#,##0", newCustomers: "#,##0", customers: "#,##0",
  interactions: "#,##0", innovationProjects: "#,##0", avgPurchaseValue: "#,##0.00", marginPerPeriod: "#,##0.00",
  acquisitionCost: "#,##0.00", purchasesPerYear: "#,##0.0#", lifespanYears: "#,##0.0#", margin: "0.00##",
  retentionRate: "0.00##", discountRate: "0.00##",
};

/** The themes on the sheet (their rows are made only where a comment column is mapped). */
const themesOf = (m: ScorecardModel): NamedThemeSpec[] => m.rows.samples.flatMap((d) => (d.theme ? [d.theme] : []));
const aggregateRows = (m: ScorecardModel) => (m.inputKeys.length > 0 ? m.inputKeys.length + 2 : 0);

export const inputs: Layouter<"inputs"> = {
  name: "inputs",
  height: (m) => aggregateRows(m) + (themesOf(m).length > 0 ? themesOf(m).length + 2 : 0),
  anchors(m, top) {
    const cells = new Map<AggregateInput, string>();
    m.inputKeys.forEach((key, k) => cells.set(key, cellAddress(top + 1 + k, 1, true)));
    const refs: SampleInputRefs = { customers: cells.get("customers") };
    const first = top + aggregateRows(m) + 1;
    const words = new Map<NamedThemeSpec, string>(themesOf(m).map((t, k) => [t, cellAddress(first + k, 1, true)]));
    return {
      cellOf: (key) => cells.get(key),
      refs,
      refsOf: (d) => (d.theme && words.has(d.theme) ? { ...refs, themeWords: words.get(d.theme) } : refs),
    };
  },
  render(m, top, _at, _columns, out) {
    if (m.inputKeys.length > 0) {
      const label = (key: AggregateInput) => AGGREGATE_INPUTS.find((a) => a.key === key)?.label ?? key;
      out.block(
        top, 0,
        [["Inputs (edit to recalculate)", "Value"], ...m.inputKeys.map((key) => [label(key), m.spec.aggregates[key] ?? null])],
        [["General", "General"], ...m.inputKeys.map((key) => ["General", INPUT_FORMAT[key]])],
      );
      out.style({ range: { row: top, col: 0, rows: 1, cols: 2 }, bold: true, borderBottom: true });
    }
    const themes = themesOf(m);
    if (themes.length === 0) return;
    const first = top + aggregateRows(m);
    out.block(first, 0, [
      ["Theme words (whole words, separated by commas: change them here to recalculate)", "Words"],
      ...themes.map((t) => [`Theme: ${t.name}`, wordsText(t.words)]),
    ]);
    out.style({ range: { row: first, col: 0, rows: 1, cols: 2 }, bold: true, borderBottom: true });
  },
};
