import { FUNCTIONS, functionDef } from "../../src/functions/catalogue";
import { isKpiError, KPIS } from "../../src/kpi";
import { KPI_SECTIONS, parseCatalogue, PLANNED, readCatalogue, readWhyCatalogue, SPEC_PATH, WHY_SECTION } from "../helpers/excelArgs";

/** The catalogue as spec/functions.md states it, kept here so the test runs without ../shared. */
const CATALOGUE: [name: string, params: string][] = [
  ["NPS", "responses, [promoter_min], [detractor_max]"],
  ["NPS.MOE", "responses, [confidence], [method]"],
  ["NPS.TEST", "responses_a, responses_b, [method]"],
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

/** The spec's section "Statistics: intervals, tests and many comparisons", in its order. */
const STATISTICS: [name: string, params: string][] = [
  ["NPS.CI", "responses, [confidence], [method]"],
  ["CSAT.CI", "responses, [scale_max], [satisfied_min], [confidence]"],
  ["CSAT.TEST", "responses_a, responses_b, [scale_max], [satisfied_min]"],
  ["FCR.CI", "resolved, [total], [confidence]"],
  ["FCR.TEST", "resolved_a, resolved_b"],
  ["CES.CI", "responses, [scale_max], [confidence]"],
  ["CES.TEST", "responses_a, responses_b, [scale_max], [method]"],
  ["FDR", "p_values, [q]"],
];

/** The spec's section "Predictive customer lifetime value", in its order: after the KPI functions. */
const PREDICTIVE: [name: string, params: string][] = [
  ["RFM", "customer_ids, dates, amounts, [end_date], [period]"],
  ["BGNBD.FIT", "frequency, recency, age"],
  ["BGNBD.ALIVE", "frequency, recency, age, r, alpha, a, b"],
  ["BGNBD.EXPECTED", "horizon, frequency, recency, age, r, alpha, a, b"],
  ["GG.FIT", "frequency, avg_spend"],
  ["GG.SPEND", "frequency, avg_spend, p, q, gamma"],
  ["CLV.PREDICT", "horizon, frequency, recency, age, avg_spend, r, alpha, a, b, p, q, gamma, [discount_rate], [margin]"],
  ["SBG.FIT", "survivors"],
  ["SBG.SURVIVAL", "periods, alpha, beta"],
  ["SBG.RETENTION", "period, alpha, beta"],
  ["SBG.DERL", "alpha, beta, discount_rate, [renewals]"],
];

/** spec/why.md's functions that are built, in its order: the end of FUNCTIONS. */
const WHY: [name: string, params: string][] = [
  ["DRIVERS", "outcome, drivers, [method]"],
  ["DRIVERS.R2", "outcome, drivers"],
  ["DRIVERS.CI", "outcome, drivers, [method], [confidence], [resamples], [seed]"],
  ["THEMES", "texts, groups, [group_a], [group_b], [min_count], [top]"],
];

function signature(names: readonly string[], kinds: readonly string[]): string {
  return names.map((n, i) => (kinds[i].startsWith("optional") ? `[${n}]` : n)).join(", ");
}

describe("the function registry", () => {
  const names = FUNCTIONS.map((f) => f.name);

  it("lists every catalogue function once, in the catalogue's order", () => {
    expect(new Set(names).size).toBe(names.length);
    const main = new Set(CATALOGUE.map(([name]) => name));
    expect(names.filter((n) => main.has(n))).toEqual(CATALOGUE.map(([name]) => name));
    for (const [name] of STATISTICS) expect(names).toContain(name);
  });

  it("lists each interval and test right after its KPI's other functions, and FDR after SCALE", () => {
    for (const [name] of STATISTICS.filter(([n]) => n !== "FDR")) {
      const kpi = name.split(".")[0];
      const from = names.indexOf(kpi);
      const at = names.indexOf(name);
      expect(at).toBeGreaterThan(from);
      for (const between of names.slice(from, at)) expect(between.split(".")[0]).toBe(kpi);
    }
    expect(names.indexOf("FDR")).toBe(names.indexOf("SCALE") + 1);
  });

  it("lists the predictive-CLV functions after the KPI functions, then the why functions last, each in its spec's order", () => {
    expect(names.slice(names.length - WHY.length - PREDICTIVE.length, names.length - WHY.length)).toEqual(PREDICTIVE.map(([name]) => name));
    expect(names.slice(names.length - WHY.length)).toEqual(WHY.map(([name]) => name));
  });

  it.each([...CATALOGUE, ...STATISTICS, ...PREDICTIVE, ...WHY])("gives %s the parameters %s, optional ones in brackets", (name, params) => {
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
    const listed = (section: string) =>
      catalogue.filter((e) => e.section === section).map((e) => [e.name, e.params.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(", ")]);
    expect(listed(KPI_SECTIONS[0])).toEqual(CATALOGUE);
    expect(listed(KPI_SECTIONS[1])).toEqual(STATISTICS);
    expect(listed("Predictive customer lifetime value (models: `clv.md`)")).toEqual(PREDICTIVE);
    expect(listed(WHY_SECTION)).toEqual(WHY);
  });

  it("registers none of the functions spec/why.md plans and the tests still list as planned", () => {
    const why = readWhyCatalogue().map((e) => e.name);
    if (why.length === 0) {
      console.warn(`spec/why.md not found next to ${SPEC_PATH}: the planned functions are not checked`);
      return;
    }
    for (const name of PLANNED) {
      expect({ name, inSpec: why.includes(name), registered: names.includes(name) }).toEqual({ name, inSpec: true, registered: false });
    }
  });

  it("reads the spec's tables with defaults, quotes and brackets, noting each row's section", () => {
    const md =
      "| `KPI.BEFORE` | x | r |\n## Functions\n| function | parameters | result |\n|---|---|---|\n| `KPI.X.Y` | a, [b = 9], [c = \"w, z\"] | r |\n" +
      "## Next one\n| `KPI.Z` | q | r |\n| CIS | higher | 80 |\n";
    expect(parseCatalogue(md)).toEqual([
      {
        name: "X.Y",
        section: "Functions",
        params: [
          { name: "a", optional: false },
          { name: "b", optional: true, default: "9" },
          { name: "c", optional: true, default: '"w, z"' },
        ],
      },
      { name: "Z", section: "Next one", params: [{ name: "q", optional: false }] },
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
