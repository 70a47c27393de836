import { ces, cesCi, cesTest } from "../../src/kpi";
import { column, expectKpiError, num, ok } from "../helpers/excelArgs";

describe("KPI.CES", () => {
  it("is the mean response on the 1..7 scale", () => {
    expect(num(ces(column(7, 6, 5, 2)))).toBe(5);
    expect(num(ces(column(1, 2)))).toBe(1.5);
  });

  it("keeps the unit of the inputs on another scale", () => {
    expect(num(ces(column(5, 4, 3), 5))).toBe(4);
  });

  it("skips blanks and text and reads numeric text", () => {
    // 7, 1, 4 -> 4
    expect(num(ces([[7, " 1", "x", null], [true, "", "4.0"]]))).toBe(4);
  });

  it("rejects responses off the scale naming their cell", () => {
    expectKpiError(ces(column(7, 8)), "#VALUE!", "8", "row 2, column 1", "1 to 7");
    expectKpiError(ces([[1, 6]], 5), "#VALUE!", "row 1, column 2", "1 to 5");
    expectKpiError(ces(column(0)), "#VALUE!", "row 1, column 1");
  });

  it("is #N/A without numeric responses", () => {
    expectKpiError(ces([[null, "n/a"]]), "#N/A", "no numeric responses in the range");
  });

  it("rejects a scale_max that is not a whole number of at least 2", () => {
    expectKpiError(ces(column(1), 1), "#VALUE!", "scale_max");
    expectKpiError(ces(column(1), 6.5), "#VALUE!", "scale_max");
  });
});

describe("KPI.CES.CI", () => {
  const A = column(7, 6, 5, 4, 6, 7, 5);

  it("gives the t interval 4.685212 to 6.743359 for 7,6,5,4,6,7,5 (spec/functions.md)", () => {
    const spill = ok(cesCi(A));
    expect(spill).toHaveLength(1);
    const [lo, hi] = spill[0] as number[];
    expect(lo).toBeCloseTo(4.685212, 6);
    expect(hi).toBeCloseTo(6.743359, 6);
  });

  it("is centred on the CES and narrows at a lower confidence", () => {
    const [lo, hi] = ok(cesCi(A, null, 0.8))[0] as number[];
    expect((lo + hi) / 2).toBeCloseTo(num(ces(A)), 12);
    expect(hi - lo).toBeLessThan(6.743359 - 4.685212);
  });

  it("clips to the scale: 1 and 7 give 1 .. 7, and 1 .. 5 on a 1..5 scale", () => {
    expect(ok(cesCi(column(1, 7)))[0]).toEqual([1, 7]);
    expect(ok(cesCi(column(1, 5), 5))[0]).toEqual([1, 5]);
  });

  it("uses scale_max 7 and confidence 0.95 when omitted", () => {
    expect(cesCi(A, null, null)).toEqual(cesCi(A, 7, 0.95));
  });

  it("is #NUM! for one response, #N/A for none and #VALUE! off the scale", () => {
    expectKpiError(cesCi(column(5)), "#NUM!");
    expectKpiError(cesCi([[null, "N/A"]]), "#N/A", "no numeric responses in the range");
    expectKpiError(cesCi(column(8)), "#VALUE!", "row 1, column 1");
    expectKpiError(cesCi(A, null, 0), "#VALUE!", "confidence");
  });
});

describe("KPI.CES.TEST", () => {
  it("gives p = 0.009282 for 7,6,5,4,6,7,5 against 3,4,5,4,2 with the pooled variance (spec/functions.md)", () => {
    expect(num(cesTest(column(7, 6, 5, 4, 6, 7, 5), column(3, 4, 5, 4, 2)))).toBeCloseTo(0.009282, 6);
    expect(num(cesTest(column(7, 6, 5, 4, 6, 7, 5), column(3, 4, 5, 4, 2), null, "POOLED"))).toBeCloseTo(0.009282, 6);
  });

  it("gives p = 0.011450 for the same groups with method \"welch\" (spec/functions.md)", () => {
    expect(num(cesTest(column(7, 6, 5, 4, 6, 7, 5), column(3, 4, 5, 4, 2), null, "welch"))).toBeCloseTo(0.01145, 6);
  });

  it("gives 1 for two groups of one same answer", () => {
    expect(num(cesTest(column(7, 7, 7), column(7, 7)))).toBe(1);
    expect(num(cesTest(column(4), column(4)))).toBe(1);
  });

  it("judges a group of identical answers by the pooled spread, not its own zero variance", () => {
    // 30 answers of 7 beside a rest of 6s and 7s: Welch's test takes the group's variance as 0.
    const sevens = column(...Array<number>(30).fill(7));
    const rest = column(...Array<number>(80).fill(7), ...Array<number>(20).fill(6));
    // scipy.stats.ttest_ind: 0.0074897 (equal_var=True), 2.7522e-06 (equal_var=False).
    expect(num(cesTest(sevens, rest))).toBeCloseTo(0.0074897, 6);
    expect(num(cesTest(sevens, rest, null, "welch")) / 2.7522e-6).toBeCloseTo(1, 3);
  });

  it("tests one answer against a group with spread, pooled, where Welch's test has no statistic", () => {
    expect(num(cesTest(column(2), column(5, 6, 7)))).toBeGreaterThan(0);
    expectKpiError(cesTest(column(2), column(5, 6, 7), null, "welch"), "#NUM!");
  });

  it("rejects an unknown method, naming it", () => {
    expectKpiError(cesTest(column(1, 2), column(2, 3), null, "mann-whitney"), "#VALUE!", "method", "mann-whitney");
  });

  it("does not depend on the order of the groups and is 1 for equal means", () => {
    const a = column(7, 6, 5, 4, 6, 7, 5);
    const b = column(3, 4, 5, 4, 2);
    expect(num(cesTest(b, a))).toBe(num(cesTest(a, b)));
    expect(num(cesTest(column(1, 3), column(2, 2, 1, 3)))).toBe(1);
  });

  it("reads scale_max and numeric text", () => {
    expect(num(cesTest(column("10", 9, 8), column(1, 2, 3), 10))).toBeLessThan(0.01);
    expectKpiError(cesTest(column(10, 9), column(1, 2)), "#VALUE!", "row 1, column 1");
  });

  it("is #NUM! without spread in either group and #N/A for a group without responses", () => {
    expectKpiError(cesTest(column(5, 5), column(3, 3, 3)), "#NUM!");
    expectKpiError(cesTest(column(5, 4), [["N/A"]]), "#N/A", "no numeric responses in the range");
  });
});
