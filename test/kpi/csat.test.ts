import { csat } from "../../src/kpi";
import { column, expectKpiError, num, repeat } from "../helpers/excelArgs";

/** A survey vendor's worked example: 42 fives, 32 fours, 10 threes, 9 twos, 14 ones. */
const VENDOR = column(...repeat(5, 42), ...repeat(4, 32), ...repeat(3, 10), ...repeat(2, 9), ...repeat(1, 14));

describe("KPI.CSAT", () => {
  it("gives 74/107 = 0.6916 for the vendor's worked example", () => {
    expect(VENDOR).toHaveLength(107);
    expect(num(csat(VENDOR))).toBeCloseTo(74 / 107, 15);
    expect(num(csat(VENDOR))).toBeCloseTo(0.6916, 4);
  });

  it("is a fraction, not a percentage", () => {
    expect(num(csat(column(5, 4, 1, 2)))).toBe(0.5);
  });

  it("counts 4 and 5 as satisfied by default (top-2-box)", () => {
    expect(num(csat(column(4, 5)))).toBe(1);
    expect(num(csat(column(3, 2, 1)))).toBe(0);
  });

  it("uses satisfied_min as the lowest satisfied score", () => {
    expect(num(csat(VENDOR, null, 5))).toBeCloseTo(42 / 107, 15);
    expect(num(csat(VENDOR, 5, 3))).toBeCloseTo(84 / 107, 15);
  });

  it("reads another scale with scale_max", () => {
    // 1..10 with 9-10 satisfied: 10, 9 of 10, 9, 8, 1
    expect(num(csat(column(10, 9, 8, 1), 10, 9))).toBe(0.5);
    expect(num(csat(column(7, 6), "7", "7"))).toBe(0.5);
  });

  it("reads the range as every KPI does: blanks and text skipped, numeric text counted", () => {
    // 5, 4, 2 read; blanks, "N/A" and TRUE skipped
    expect(num(csat([[5, null, "N/A"], [" 4", "", true], ["2.0"]]))).toBeCloseTo(2 / 3, 15);
  });

  it("rejects a response of 6 on the 1..5 scale naming its cell", () => {
    expectKpiError(csat([[5, 4], [3, 6]]), "#VALUE!", "6", "row 2, column 2", "1 to 5");
  });

  it("rejects 0 and fractional responses", () => {
    expectKpiError(csat(column(0)), "#VALUE!", "row 1, column 1");
    expectKpiError(csat(column(4, 4.5)), "#VALUE!", "4.5", "row 2, column 1");
  });

  it("is #N/A when there are no numeric responses", () => {
    expectKpiError(csat([["good"], [null]]), "#N/A", "no numeric responses in the range");
  });

  it("rejects a scale or satisfied score that makes no sense", () => {
    expectKpiError(csat(VENDOR, 1), "#VALUE!", "scale_max");
    expectKpiError(csat(VENDOR, 5.5), "#VALUE!", "scale_max");
    expectKpiError(csat(VENDOR, "five"), "#VALUE!", "scale_max must be a number");
    expectKpiError(csat(VENDOR, 5, 0), "#VALUE!", "satisfied_min");
    expectKpiError(csat(VENDOR, 5, 6), "#VALUE!", "satisfied_min");
  });
});
