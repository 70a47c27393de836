import { fcr } from "../../src/kpi";
import { column, expectKpiError, num, repeat } from "../helpers/excelArgs";

describe("KPI.FCR with a range of flags", () => {
  it("reads TRUE/FALSE, 1/0, yes/no and y/n in any case", () => {
    // true: TRUE, "yes", "Y", 1, "TRUE", " 1 " (6); false: FALSE, "No", "n", 0, "false" (5)
    const flags = column(true, false, "yes", "No", "Y", "n", 1, 0, "TRUE", "false", " 1 ");
    expect(num(fcr(flags))).toBeCloseTo(6 / 11, 15);
  });

  it("gives the share of true flags among readable flags, skipping blanks and other text", () => {
    expect(num(fcr([["yes", "maybe", null], ["no", "", "N/A"], ["YES", "y", true]]))).toBe(0.8);
  });

  it("treats an omitted total (null or undefined) as the flags form", () => {
    expect(num(fcr(column("y", "n"), null))).toBe(0.5);
    expect(num(fcr(column("y", "n"), undefined))).toBe(0.5);
  });

  it("gives 246/354 = 0.6949 for 246 resolved flags among 354", () => {
    const flags = column(...repeat(true, 246), ...repeat("no", 108));
    expect(num(fcr(flags))).toBeCloseTo(0.6949, 4);
  });

  it("rejects a number that is not a flag, naming its cell", () => {
    expectKpiError(fcr([[1, 0], [1, 5]]), "#VALUE!", "5", "row 2, column 2");
  });

  it("is #N/A when no cell holds a flag", () => {
    expectKpiError(fcr(column("maybe", null, "later")), "#N/A", "no readable flags");
  });
});

describe("KPI.FCR with counts", () => {
  it("gives 246/354 = 0.6949", () => {
    expect(num(fcr(246, 354))).toBeCloseTo(246 / 354, 15);
    expect(num(fcr(246, 354))).toBeCloseTo(0.6949, 4);
  });

  it("sums ranges of counts", () => {
    expect(num(fcr(column(100, 146, null), column(200, " 154", "N/A")))).toBeCloseTo(246 / 354, 15);
  });

  it("reads numeric text and one-cell ranges as counts", () => {
    expect(num(fcr("30", [[40]]))).toBe(0.75);
  });

  it("rejects more resolved than total contacts", () => {
    expectKpiError(fcr(355, 354), "#VALUE!", "resolved", "total");
  });

  it("rejects a total of 0, negative counts and unreadable text", () => {
    expectKpiError(fcr(0, 0), "#VALUE!", "total");
    expectKpiError(fcr(-1, 10), "#VALUE!", "resolved", "negative");
    expectKpiError(fcr(column(5, -2), 10), "#VALUE!", "row 2, column 1");
    expectKpiError(fcr("many", 10), "#VALUE!", "resolved must be a number");
  });
});
