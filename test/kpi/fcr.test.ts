import { fcr, fcrCi, fcrTest, readFlag } from "../../src/kpi";
import { column, expectKpiError, num, ok, repeat } from "../helpers/excelArgs";

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

describe("a flag's text", () => {
  it("is read with spaces and non-breaking spaces off its ends, as the native formulas' TRIM reads it", () => {
    expect(readFlag(" yes ")).toBe(true);
    expect(readFlag("no\u00a0")).toBe(false);
    expect(readFlag("\u00a0Y")).toBe(true);
  });

  it("is no flag with a tab or line break around the word, which the spreadsheet's TRIM leaves", () => {
    expect(readFlag("\tyes")).toBeUndefined();
    expect(readFlag("no\n")).toBeUndefined();
    expect(num(fcr([["\tyes"], ["yes"], ["no"]]))).toBe(0.5);
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

describe("KPI.FCR with total, a range with nothing readable", () => {
  it("is #N/A \"no numeric responses in the range\", as every range argument is", () => {
    expectKpiError(fcr([[null], ["N/A"]], [[354]]), "#N/A", "no numeric responses in the range");
    expectKpiError(fcr([[246]], [[null, ""]]), "#N/A", "no numeric responses in the range");
  });

  it("still calls unreadable text given as a count #VALUE!", () => {
    expectKpiError(fcr("abc", 354), "#VALUE!", "resolved", "abc");
  });
});

describe("KPI.FCR.CI", () => {
  const interval = (r: ReturnType<typeof fcrCi>) => ok(r)[0] as number[];

  it("gives the Wilson interval 0.645070 to 0.740575 for 246 of 354, as counts and as flags (spec/functions.md)", () => {
    for (const [lo, hi] of [interval(fcrCi(246, 354)), interval(fcrCi(column(...repeat(true, 246), ...repeat("no", 108))))]) {
      expect(lo).toBeCloseTo(0.64507, 6);
      expect(hi).toBeCloseTo(0.740575, 6);
    }
  });

  it("gives 0.342380 to exactly 1 for 2 of 2 (spec/functions.md)", () => {
    const [lo, hi] = interval(fcrCi(column(true, "yes")));
    expect(lo).toBeCloseTo(0.34238, 6);
    expect(hi).toBe(1);
  });

  it("uses the confidence 0.95 when omitted and narrows at a lower one", () => {
    expect(fcrCi(246, 354, null)).toEqual(fcrCi(246, 354, 0.95));
    const [lo, hi] = interval(fcrCi(246, 354, 0.5));
    expect(hi - lo).toBeLessThan(0.740575 - 0.64507);
  });

  it("rejects what KPI.FCR rejects and a bad confidence", () => {
    expectKpiError(fcrCi(column(1, 0, 2)), "#VALUE!", "row 3, column 1");
    expectKpiError(fcrCi(400, 354), "#VALUE!", "more than total");
    expectKpiError(fcrCi(246, 354, -0.5), "#VALUE!", "confidence");
    expectKpiError(fcrCi([["maybe"]]), "#N/A", "no readable flags");
  });
});

describe("KPI.FCR.TEST", () => {
  it("gives the pooled two-proportion p-value: 0.168148 for 74/107 against 60/100 (spec/functions.md)", () => {
    const a = column(...repeat(true, 74), ...repeat(false, 33));
    const b = column(...repeat("y", 60), ...repeat("n", 40));
    expect(num(fcrTest(a, b))).toBeCloseTo(0.168148, 6);
    expect(num(fcrTest(b, a))).toBe(num(fcrTest(a, b)));
  });

  it("is #NUM! when every contact of both groups was resolved, #N/A for a group without flags", () => {
    expectKpiError(fcrTest(column(true, 1), column("yes")), "#NUM!");
    expectKpiError(fcrTest(column(true, false), [[null, "maybe"]]), "#N/A");
  });
});

describe("KPI.FCR.CI at the edges", () => {
  it("is #NUM! when the counts sum past the largest double", () => {
    expectKpiError(fcrCi([[0]], [[Number.MAX_VALUE], [1e300]]), "#NUM!");
  });

  it("is the point 0 .. 0 for 0 resolved at a confidence so low that z is 0", () => {
    expect(ok(fcrCi(column(false), null, 5e-324))[0]).toEqual([0, 0]);
  });
});
