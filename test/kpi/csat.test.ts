import { csat, csatCi, csatTest } from "../../src/kpi";
import { column, expectKpiError, num, ok, repeat, twoSidedP } from "../helpers/excelArgs";

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

/** 60 satisfied of 100. */
const SIXTY = column(...repeat(5, 25), ...repeat(4, 35), ...repeat(3, 20), ...repeat(1, 20));

describe("KPI.CSAT.CI", () => {
  it("gives the Wilson interval 0.598715 to 0.771183 for 74 of 107 (spec/functions.md)", () => {
    const spill = ok(csatCi(VENDOR));
    expect(spill).toHaveLength(1);
    const [lo, hi] = spill[0] as number[];
    expect(lo).toBeCloseTo(0.598715, 6);
    expect(hi).toBeCloseTo(0.771183, 6);
  });

  it("contains the CSAT and reads scale_max, satisfied_min and the confidence", () => {
    const range = [[10, 9], [8, null], [1, "x"]];
    const [lo, hi] = ok(csatCi(range, 10, 9, 0.8))[0] as number[];
    expect(lo).toBeLessThan(num(csat(range, 10, 9)));
    expect(hi).toBeGreaterThan(num(csat(range, 10, 9)));
    const [lo95, hi95] = ok(csatCi(range, 10, 9))[0] as number[];
    expect(hi95 - lo95).toBeGreaterThan(hi - lo);
  });

  it("treats omitted arguments as scale_max 5, satisfied_min scale_max - 1 and confidence 0.95", () => {
    expect(csatCi(VENDOR, null, null, null)).toEqual(csatCi(VENDOR, 5, 4, 0.95));
    expect(csatCi(column(7, 6, 1), 7)).toEqual(csatCi(column(7, 6, 1), 7, 6, 0.95));
  });

  it("reaches exactly 1 when every response is satisfied", () => {
    expect((ok(csatCi(column(5, 4, 5)))[0] as number[])[1]).toBe(1);
  });

  it("rejects a response off the scale, a bad confidence and is #N/A without responses", () => {
    expectKpiError(csatCi([[5, 6]]), "#VALUE!", "row 1, column 2");
    expectKpiError(csatCi(VENDOR, null, null, 1), "#VALUE!", "confidence");
    expectKpiError(csatCi([[null, "N/A"]]), "#N/A", "no numeric responses in the range");
  });
});

describe("KPI.CSAT.TEST", () => {
  it("gives p = 0.168148 for 74/107 against 60/100 (spec/functions.md)", () => {
    expect(num(csatTest(VENDOR, SIXTY))).toBeCloseTo(0.168148, 6);
  });

  it("does not depend on the order of the groups and is 1 for equal shares", () => {
    expect(num(csatTest(SIXTY, VENDOR))).toBe(num(csatTest(VENDOR, SIXTY)));
    expect(num(csatTest(column(5, 1), column(4, 4, 2, 2)))).toBe(1);
  });

  it("counts satisfied responses on another scale", () => {
    // 1..10, satisfied from 9: A 2 of 3, B 0 of 3 -> pooled 1/3, z = (2/3) / sqrt(1/3 * 2/3 * 2/3) = sqrt(3)
    const p = num(csatTest(column(10, 9, 2), column(8, 1, 3), 10, 9));
    expect(p).toBeCloseTo(twoSidedP(Math.sqrt(3)), 10);
    expect(p).toBeCloseTo(num(csatTest(column(5, 5, 1), column(1, 1, 1))), 12);
  });

  it("is #NUM! when both groups are all satisfied and #N/A when a group has no responses", () => {
    expectKpiError(csatTest(column(5, 4), column(5)), "#NUM!");
    expectKpiError(csatTest(VENDOR, [[null]]), "#N/A", "no numeric responses in the range");
    expectKpiError(csatTest([["N/A"]], VENDOR), "#N/A");
  });
});
