import { FUNCTIONS, functionDef, isKpiError, KPIS } from "../../src/kpi";
import { parseCatalogue, readCatalogue, SPEC_PATH } from "../helpers/excelArgs";

/** The catalogue as spec/functions.md states it, kept here so the test runs without ../shared. */
const CATALOGUE: [name: string, params: string][] = [
  ["NPS", "responses, [promoter_min], [detractor_max]"],
  ["NPS.MOE", "responses, [confidence], [method]"],
  ["NPS.TEST", "responses_a, responses_b"],
  ["NPS.BREAKDOWN", "responses"],
  ["CSAT", "responses, [scale_max], [satisfied_min]"],
  ["CES", "responses, [scale_max]"],
  ["FCR", "resolved, [total]"],
  ["CHURN", "customers_start, customers_lost, [periods]"],
  ["RETENTION", "customers_start, customers_end, new_customers"],
  ["CLV", "avg_purchase_value, purchases_per_year, lifespan_years, [margin]"],
  ["CLV.MARGIN", "margin_per_period, retention_rate, discount_rate, [acquisition_cost]"],
  ["CIS", "impact_metrics, [customers]"],
  ["ENGAGEMENT", "actions, [weights], [customers]"],
  ["CII", "customer_interactions, innovation_projects"],
  ["CPI", "scores, [weights]"],
  ["CXINDEX", "responses"],
  ["REVENUEPERCUSTOMER", "revenue, customers"],
  ["SENTIMENT", "text"],
  ["BAND", "value, kpi, [green_at], [amber_at]"],
  ["PROGRESS", "baseline, current, target"],
  ["SCALE", "value, worst, best"],
];

function signature(names: readonly string[], kinds: readonly string[]): string {
  return names.map((n, i) => (kinds[i].startsWith("optional") ? `[${n}]` : n)).join(", ");
}

describe("the function registry", () => {
  it("lists every catalogue function once, in the catalogue's order", () => {
    expect(FUNCTIONS.map((f) => f.name)).toEqual(CATALOGUE.map(([name]) => name));
  });

  it.each(CATALOGUE)("gives %s the parameters %s, optional ones in brackets", (name, params) => {
    const def = functionDef(name);
    expect(def).toBeDefined();
    if (!def) return;
    expect(def.kinds).toHaveLength(def.params.length);
    expect(signature(def.params, def.kinds)).toBe(params);
  });

  it("agrees with the shared spec when it is checked out next to the repository", () => {
    const catalogue = readCatalogue();
    if (!catalogue) {
      console.warn(`${SPEC_PATH} not found: checked against the copy of the catalogue in this test only`);
      return;
    }
    expect(catalogue.map((e) => [e.name, e.params.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(", ")])).toEqual(CATALOGUE);
  });

  it("reads the spec's table with defaults, quotes and brackets", () => {
    const md = "## Functions\n| function | parameters | result |\n|---|---|---|\n| `KPI.X.Y` | a, [b = 9], [c = \"w, z\"] | r |\n## Next\n| `KPI.NO` | q | r |\n";
    expect(parseCatalogue(md)).toEqual([
      {
        name: "X.Y",
        params: [
          { name: "a", optional: false },
          { name: "b", optional: true, default: "9" },
          { name: "c", optional: true, default: '"w, z"' },
        ],
      },
    ]);
  });

  it("invokes every function without throwing when every argument is omitted", () => {
    for (const def of FUNCTIONS) {
      const result = def.invoke(def.params.map(() => null));
      expect(isKpiError(result)).toBe(true);
    }
  });

  it("describes every KPI with a title, a summary and a number format", () => {
    for (const meta of KPIS) {
      expect(meta.title).not.toBe("");
      expect(meta.summary).not.toBe("");
      expect(meta.numberFormat).not.toBe("");
    }
  });
});
