import { clv, clvMargin } from "../../src/kpi";
import { expectKpiError, num } from "../helpers/excelArgs";

describe("KPI.CLV", () => {
  it("gives 2000 for 100 per purchase, 4 a year, 5 years", () => {
    expect(num(clv(100, 4, 5))).toBe(2000);
  });

  it("multiplies by the margin as a fraction when given", () => {
    expect(num(clv(100, 4, 5, 0.3))).toBeCloseTo(600, 10);
    expect(num(clv(100, 4, 5, null))).toBe(2000);
  });

  it("reads numeric text and one-cell ranges", () => {
    expect(num(clv("100", [[4]], " 5 ", [["0.5"]]))).toBe(1000);
  });

  it("rejects a margin given as a percentage", () => {
    expectKpiError(clv(100, 4, 5, 30), "#VALUE!", "margin", "fraction");
  });

  it("rejects negative inputs, text and missing arguments", () => {
    expectKpiError(clv(-100, 4, 5), "#VALUE!", "avg_purchase_value");
    expectKpiError(clv(100, "often", 5), "#VALUE!", "purchases_per_year must be a number");
    expectKpiError(clv(100, 4, null), "#VALUE!", "lifespan_years is required");
  });

  it("is #NUM! when the product overflows", () => {
    expectKpiError(clv(1e300, 1e300, 1), "#NUM!");
  });
});

describe("KPI.CLV.MARGIN", () => {
  it("gives 50 for m 150, r 0.55, d 0.10 and acquisition 100", () => {
    // 150 * 0.55 / (1 + 0.10 - 0.55) - 100 = 82.5 / 0.55 - 100
    expect(num(clvMargin(150, 0.55, 0.1, 100))).toBeCloseTo(50, 10);
  });

  it("gives 2.6667 for m 1, r 0.8, d 0.1", () => {
    // 0.8 / 0.3
    expect(num(clvMargin(1, 0.8, 0.1))).toBeCloseTo(8 / 3, 12);
    expect(num(clvMargin(1, 0.8, 0.1, null))).toBeCloseTo(2.6667, 4);
  });

  it("is 0 when no customer is retained and nothing was spent", () => {
    expect(num(clvMargin(100, 0, 0.1))).toBe(0);
  });

  it("rejects a retention rate at or above 1 + discount rate", () => {
    expectKpiError(clvMargin(1, 1, 0), "#VALUE!", "retention_rate", "1 + discount_rate");
    expectKpiError(clvMargin(1, 0.95, -0.1), "#VALUE!", "retention_rate", "1 + discount_rate");
  });

  it("rejects rates given as percentages and a negative acquisition cost", () => {
    expectKpiError(clvMargin(1, 80, 0.1), "#VALUE!", "retention_rate");
    expectKpiError(clvMargin(1, 0.8, 10), "#VALUE!", "discount_rate");
    expectKpiError(clvMargin(1, 0.8, 0.1, -5), "#VALUE!", "acquisition_cost");
  });

  it("rejects unreadable text in a parameter", () => {
    expectKpiError(clvMargin("a lot", 0.8, 0.1), "#VALUE!", "margin_per_period must be a number");
  });
});
