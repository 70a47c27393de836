import { churn, retention } from "../../src/kpi";
import { expectKpiError, num } from "../helpers/excelArgs";

describe("KPI.CHURN", () => {
  it("gives 0.05 for 50 lost of 1000", () => {
    expect(num(churn(1000, 50))).toBe(0.05);
  });

  it("compounds 4 % a month to 0.3873 a year", () => {
    // 1 - 0.96^12 = 1 - 0.6127097573...
    expect(num(churn(100, 4, 12))).toBeCloseTo(0.3873, 4);
    expect(num(churn(100, 4, 12))).toBeCloseTo(1 - 0.96 ** 12, 14);
  });

  it("compounds 1 % a month to 0.1136 a year", () => {
    expect(num(churn(1000, 10, 12))).toBeCloseTo(0.1136, 4);
  });

  it("is the simple rate over one period and whatever the number of periods when nothing is lost", () => {
    expect(num(churn(200, 10, 1))).toBeCloseTo(0.05, 15);
    expect(num(churn(200, 0, 12))).toBe(0);
  });

  it("reads numeric text and one-cell ranges", () => {
    expect(num(churn(" 1000", [["50"]]))).toBe(0.05);
  });

  it("rejects more lost than started, an empty start and negative counts", () => {
    expectKpiError(churn(10, 11), "#VALUE!", "customers_lost", "customers_start");
    expectKpiError(churn(0, 0), "#VALUE!", "customers_start");
    expectKpiError(churn(100, -1), "#VALUE!", "customers_lost", "negative");
  });

  it("rejects periods that are not a positive number", () => {
    expectKpiError(churn(100, 4, 0), "#VALUE!", "periods");
    expectKpiError(churn(100, 4, "a year"), "#VALUE!", "periods must be a number");
  });

  it("says which required argument is missing", () => {
    expectKpiError(churn(null, 4), "#VALUE!", "customers_start is required");
    expectKpiError(churn("N/A", 4), "#VALUE!", "customers_start must be a number");
  });
});

describe("KPI.RETENTION", () => {
  it("gives 0.90 for start 200, end 220, new 40", () => {
    expect(num(retention(200, 220, 40))).toBeCloseTo(0.9, 15);
  });

  it("is 1 when every starting customer stayed", () => {
    expect(num(retention(50, 70, 20))).toBe(1);
  });

  it("rejects more new customers than customers at the end", () => {
    expectKpiError(retention(200, 30, 40), "#VALUE!", "new_customers");
  });

  it("rejects more retained customers than there were at the start", () => {
    expectKpiError(retention(100, 150, 10), "#VALUE!", "customers_start");
  });

  it("rejects a start of 0, negative counts and missing counts", () => {
    expectKpiError(retention(0, 10, 5), "#VALUE!", "customers_start");
    expectKpiError(retention(100, -90, 0), "#VALUE!", "customers_end", "negative");
    expectKpiError(retention(100, 90, null), "#VALUE!", "new_customers is required");
  });
});

describe("KPI.CHURN accuracy", () => {
  it("compounds a churn of 1e-12 a period over 12 periods to 1.1999999999934e-11, to 1e-12 relative (mpmath)", () => {
    // 1 - (1 - 1e-12)^12 at 40 digits: 1.1999999999933999759e-11; 1 - Math.pow(...) is off by 2e-5.
    const v = num(churn(1e12, 1, 12));
    expect(Math.abs(v - 1.1999999999933999759e-11) / 1.1999999999933999759e-11).toBeLessThan(1e-12);
  });

  it("compounds 4 % a month to 0.38729024267023264 (mpmath) and total churn to 1", () => {
    expect(Math.abs(num(churn(100, 4, 12)) - 0.3872902426702326426) / 0.3872902426702326426).toBeLessThan(1e-14);
    expect(num(churn(100, 100, 3))).toBe(1);
  });
});
