import { nps, npsBreakdown, npsCi, npsCounts, npsMoe, npsTest } from "../../src/kpi";
import { BREAKDOWN_LABELS, npsVariance } from "../../src/kpi/nps";
import { column, expectKpiError, num, ok, repeat, twoSidedP } from "../helpers/excelArgs";

const Z95 = 1.959963984540054;
const Z90 = 1.6448536269514722;

/** The R package NPS reference sample. */
const SIX = column(0, 7, 7, 9, 9, 9);

/** 1000 responses: 250 promoters, 75 detractors, 675 passives. */
const THOUSAND = column(...repeat(10, 250), ...repeat(8, 675), ...repeat(3, 75));

describe("KPI.NPS", () => {
  it("gives 33.33 for the scores 0,7,7,9,9,9 (R package NPS)", () => {
    // 3 promoters, 2 passives, 1 detractor: (3 - 1) / 6 * 100
    expect(num(nps(SIX))).toBeCloseTo(100 / 3, 12);
    expect(num(nps(SIX))).toBeCloseTo(33.33, 2);
  });

  it("gives 17.5 for 1000 responses with 250 promoters and 75 detractors", () => {
    expect(num(nps(THOUSAND))).toBeCloseTo(17.5, 12);
  });

  it("counts 9 and 10 as promoters", () => {
    expect(num(nps(column(9, 10)))).toBe(100);
  });

  it("counts 0 to 6 as detractors", () => {
    expect(num(nps(column(0, 1, 2, 3, 4, 5, 6)))).toBe(-100);
  });

  it("counts 7 and 8 as passives, which lower the score only through the count", () => {
    expect(num(nps(column(7, 8)))).toBe(0);
    expect(num(nps(column(10, 7, 8, 8)))).toBe(25);
  });

  it("moves the cut-offs with promoter_min and detractor_max", () => {
    // promoters >= 8: 8, 10; detractors <= 5: 5; 6 and 7 are passives -> (2 - 1) / 5 * 100
    expect(num(nps(column(5, 6, 7, 8, 10), 8, 5))).toBe(20);
    expect(num(nps(column(5, 6, 7, 8, 10), "8", " 5 "))).toBe(20);
  });

  it("uses the defaults 9 and 6 for omitted thresholds", () => {
    expect(nps(SIX, null, null)).toBe(nps(SIX));
    expect(nps(SIX, undefined, undefined)).toBe(nps(SIX));
  });

  it("skips blank cells (null, empty and whitespace-only text) without counting them", () => {
    expect(num(nps([[10], [null], [""], ["   "], [3], [null]]))).toBe(0);
  });

  it("skips other text and booleans", () => {
    expect(num(nps([[10], ["N/A"], ["-"], [true], [false], ["no answer"], [3]]))).toBe(0);
  });

  it("counts numeric text such as \" 9\" and \"9.0\" as that number", () => {
    // 9, 9, 3 -> (2 - 1) / 3 * 100
    expect(num(nps(column(" 9", "9.0", "3")))).toBeCloseTo(100 / 3, 12);
  });

  it("reads every cell of a 2-D range, ragged rows too", () => {
    // 9, 10, 0, 7 -> (2 - 1) / 4 * 100
    expect(num(nps([[9, 10], [0], [], [7, null, null]]))).toBe(25);
  });

  it("reads a single number as a one-cell range", () => {
    expect(num(nps(10))).toBe(100);
    expect(num(nps("4"))).toBe(-100);
  });

  it("rejects a response of 11 naming its cell", () => {
    const message = expectKpiError(nps(column(9, 11)), "#VALUE!", "row 2, column 1");
    expect(message).toContain("11");
  });

  it("rejects a response of 7.5 naming its cell", () => {
    expectKpiError(nps(column(9, 7.5)), "#VALUE!", "7.5", "row 2, column 1");
  });

  it("rejects negative responses and off-scale numeric text, by row and column", () => {
    expectKpiError(nps([[1, 2, -1]]), "#VALUE!", "row 1, column 3");
    expectKpiError(nps([[1, 2], [3, " 12 "]]), "#VALUE!", "12", "row 2, column 2");
  });

  it("is #N/A when the range holds no numeric response", () => {
    expectKpiError(nps([["N/A"], [null], [true]]), "#N/A", "no numeric responses in the range");
    expectKpiError(nps([]), "#N/A", "no numeric responses in the range");
    expectKpiError(nps(null), "#N/A", "no numeric responses in the range");
  });

  it("rejects thresholds that are not numbers, off the scale or in the wrong order", () => {
    expectKpiError(nps(SIX, "high"), "#VALUE!", "promoter_min");
    expectKpiError(nps(SIX, 11), "#VALUE!", "promoter_min", "0 to 10");
    expectKpiError(nps(SIX, 9, -1), "#VALUE!", "detractor_max");
    expectKpiError(nps(SIX, 6, 6), "#VALUE!", "detractor_max", "below promoter_min");
    expectKpiError(nps(SIX, 9, true), "#VALUE!", "detractor_max");
  });
});

describe("npsCounts and npsVariance", () => {
  it("classify 0,7,7,9,9,9 as 3 promoters, 2 passives and 1 detractor", () => {
    expect(ok(npsCounts(SIX))).toEqual({ promoters: 3, passives: 2, detractors: 1, n: 6, skipped: 0 });
  });

  it("give the per-respondent variance 5/9 and SE 0.3043 of the R package NPS", () => {
    // p = 1/2, d = 1/6: 1/2 + 1/6 - (1/3)^2 = 5/9; SE = sqrt(5/9 / 6)
    const v = npsVariance(1 / 2, 1 / 6);
    expect(v).toBeCloseTo(5 / 9, 15);
    expect(Math.sqrt(v / 6)).toBeCloseTo(0.3043, 4);
  });
});

describe("KPI.NPS.MOE", () => {
  it("gives z * SE in points for the R package NPS sample", () => {
    // SE 0.3043 on the -1..1 scale is 30.43 points; at 95 %: 1.959964 * sqrt(5/54) * 100
    expect(num(npsMoe(SIX))).toBeCloseTo(Z95 * Math.sqrt(5 / 54) * 100, 9);
    expect(num(npsMoe(SIX))).toBeCloseTo(59.64, 2);
  });

  it("has a Wald SE of 1.716 points for 1000 responses with 250 promoters and 75 detractors", () => {
    // V = 0.25 + 0.075 - 0.175^2 = 0.294375; SE = sqrt(V / 1000) * 100
    const moe = num(npsMoe(THOUSAND));
    expect(moe / Z95).toBeCloseTo(1.716, 3);
    expect(moe).toBeCloseTo(Z95 * Math.sqrt(0.294375 / 1000) * 100, 9);
  });

  it("uses z = 1.644854 at 90 % confidence", () => {
    expect(num(npsMoe(THOUSAND, 0.9))).toBeCloseTo(Z90 * Math.sqrt(0.294375 / 1000) * 100, 9);
    expect(num(npsMoe(THOUSAND, "0.90 "))).toBeCloseTo(Z90 * Math.sqrt(0.294375 / 1000) * 100, 9);
  });

  it("adds 0.75 promoters, 0.75 detractors and 1.5 passives with the adjusted method", () => {
    // 0,7,7,9,9,9 -> 3.75 promoters, 3.5 passives, 1.75 detractors out of 9
    const p = 3.75 / 9;
    const d = 1.75 / 9;
    const expected = Z95 * Math.sqrt((p + d - (p - d) ** 2) / 9) * 100;
    expect(num(npsMoe(SIX, null, "adjusted"))).toBeCloseTo(expected, 9);
    expect(num(npsMoe(SIX, 0.95, " Adjusted "))).toBeCloseTo(expected, 9);
  });

  it("reads the method wald whatever its case, and by default", () => {
    expect(npsMoe(SIX, null, "WALD")).toBe(npsMoe(SIX));
    expect(npsMoe(SIX, null, null)).toBe(npsMoe(SIX));
  });

  it("is 0 when every response is a promoter, except with the adjusted method", () => {
    expect(num(npsMoe(column(9, 10, 10)))).toBe(0);
    // 3.75 promoters, 1.5 passives, 0.75 detractors of 6
    const p = 3.75 / 6;
    const d = 0.75 / 6;
    expect(num(npsMoe(column(9, 10, 10), null, "adjusted"))).toBeCloseTo(Z95 * Math.sqrt((p + d - (p - d) ** 2) / 6) * 100, 9);
  });

  it("rejects a confidence outside (0, 1) or not a number", () => {
    for (const c of [0, 1, 95, -0.5]) expectKpiError(npsMoe(SIX, c), "#VALUE!", "confidence");
    expectKpiError(npsMoe(SIX, "high"), "#VALUE!", "confidence must be a number");
  });

  it("rejects an unknown method", () => {
    expectKpiError(npsMoe(SIX, null, "exact"), "#VALUE!", "method", "exact");
  });

  it("is #N/A without numeric responses and #VALUE! for an off-scale response", () => {
    expectKpiError(npsMoe([["x"]]), "#N/A", "no numeric responses in the range");
    expectKpiError(npsMoe(column(1, 2, 3, 20)), "#VALUE!", "row 4, column 1");
  });
});

describe("KPI.NPS.TEST", () => {
  it("gives the pooled two-sided p-value computed by hand for two small groups", () => {
    // A: 10,10,10,9,7,3 -> p = 4/6, d = 1/6, NPS 50; B: 0,7,7,9,9,9 -> p = 3/6, d = 1/6, NPS 33.3.
    // Pooled: p = 7/12, d = 2/12, V = 9/12 - (5/12)^2.
    const v = 9 / 12 - (5 / 12) ** 2;
    const z = (1 / 2 - 1 / 3) / Math.sqrt(v * (1 / 6 + 1 / 6));
    expect(z).toBeCloseTo(0.38024, 4);
    expect(num(npsTest(column(10, 10, 10, 9, 7, 3), SIX))).toBeCloseTo(twoSidedP(z), 9);
    expect(num(npsTest(column(10, 10, 10, 9, 7, 3), SIX, "pooled"))).toBeCloseTo(twoSidedP(z), 9);
  });

  it("gives each group's own variance with method \"unpooled\"", () => {
    // A: V = 5/6 - (1/2)^2 = 7/12; B: V = 5/9.
    const z = (1 / 2 - 1 / 3) / Math.sqrt(7 / 12 / 6 + 5 / 9 / 6);
    expect(z).toBeCloseTo(0.38255, 4);
    expect(num(npsTest(column(10, 10, 10, 9, 7, 3), SIX, "Unpooled"))).toBeCloseTo(twoSidedP(z), 9);
  });

  it("judges 30 promoters against a rest of 85 % promoters by the pooled spread (spec: 0.030733, unpooled 7.6e-53)", () => {
    const few = column(...repeat(10, 30));
    const rest = column(...repeat(10, 1275), ...repeat(7, 180), ...repeat(3, 45));
    expect(num(npsTest(few, rest))).toBeCloseTo(0.030733, 6);
    const unpooled = num(npsTest(few, rest, "unpooled"));
    expect(unpooled).toBeGreaterThan(7.5e-53);
    expect(unpooled).toBeLessThan(7.7e-53);
  });

  it("gives a small p-value for a large difference in large groups", () => {
    // A: 200 answers, 120 promoters, 30 detractors -> 0.6, 0.15; B: 300, 120 P, 90 D -> 0.4, 0.3
    const a = column(...repeat(9, 120), ...repeat(7, 50), ...repeat(0, 30));
    const b = column(...repeat(10, 120), ...repeat(8, 90), ...repeat(6, 90));
    // Pooled over 500: p = 240/500, d = 120/500.
    const v = 0.72 - 0.24 ** 2;
    const z = (0.45 - 0.1) / Math.sqrt(v * (1 / 200 + 1 / 300));
    expect(num(npsTest(a, b))).toBeCloseTo(twoSidedP(z), 10);
    expect(num(npsTest(a, b))).toBeLessThan(0.001);
    const va = 0.75 - 0.45 ** 2;
    const vb = 0.7 - 0.1 ** 2;
    expect(num(npsTest(a, b, "unpooled"))).toBeCloseTo(twoSidedP((0.45 - 0.1) / Math.sqrt(va / 200 + vb / 300)), 10);
  });

  it("is symmetric in its two groups", () => {
    const a = column(10, 9, 3, 8);
    expect(num(npsTest(a, SIX))).toBeCloseTo(num(npsTest(SIX, a)), 15);
  });

  it("gives 1 for two groups with the same scores", () => {
    expect(num(npsTest(SIX, [[9, 9], [9, 0], [7, 7]]))).toBeCloseTo(1, 12);
  });

  it("tests two groups without spread of their own by the pooled spread, and gives 1 when all answers share one category", () => {
    // Pooled: p = d = 1/2, V = 1, z = 2 / sqrt(1/2 + 1/2) = 2.
    expect(num(npsTest(column(10, 9), column(0, 1)))).toBeCloseTo(twoSidedP(2), 12);
    expect(num(npsTest(column(10, 9, 10), column(9, 9)))).toBe(1);
    expect(num(npsTest(column(7), column(8, 8, 7)))).toBe(1);
  });

  it("is #NUM! unpooled when neither group has any spread", () => {
    expectKpiError(npsTest(column(10, 9), column(0, 1), "unpooled"), "#NUM!");
  });

  it("rejects an unknown method, naming it", () => {
    expectKpiError(npsTest(SIX, SIX, "welch"), "#VALUE!", "method", "welch");
  });

  it("is #N/A when a group has no numeric responses", () => {
    expectKpiError(npsTest(SIX, [["N/A"]]), "#N/A", "no numeric responses in the range");
    expectKpiError(npsTest([[null]], SIX), "#N/A", "no numeric responses in the range");
  });

  it("names the bad cell of either group", () => {
    expectKpiError(npsTest(SIX, [[1, 2, 13]]), "#VALUE!", "row 1, column 3");
  });
});

describe("KPI.NPS.BREAKDOWN", () => {
  const range = [
    [10, 9, 8],
    [7, 6, 0],
    ["N/A", true, null],
    ["", " 5", "-"],
  ];

  it("spills 10 rows of label and value in the catalogue's order", () => {
    const spill = ok(npsBreakdown(range));
    expect(spill).toHaveLength(10);
    for (const row of spill) expect(row).toHaveLength(2);
    expect(spill.map((row) => row[0])).toEqual([
      "Responses",
      "Promoters",
      "Passives",
      "Detractors",
      "% Promoters",
      "% Passives",
      "% Detractors",
      "NPS",
      "Margin of error (95%)",
      "Skipped cells",
    ]);
    expect(BREAKDOWN_LABELS).toHaveLength(10);
  });

  it("counts responses, shares as fractions, NPS, margin and skipped non-blank cells", () => {
    // read: 10, 9, 8, 7, 6, 0, 5 -> 2 promoters, 2 passives, 3 detractors; skipped: "N/A", TRUE, "-"
    const values = ok(npsBreakdown(range)).map((row) => row[1]);
    const p = 2 / 7;
    const d = 3 / 7;
    expect(values.slice(0, 4)).toEqual([7, 2, 2, 3]);
    expect(values[4]).toBeCloseTo(p, 15);
    expect(values[5]).toBeCloseTo(2 / 7, 15);
    expect(values[6]).toBeCloseTo(d, 15);
    expect(values[7]).toBeCloseTo(-100 / 7, 12);
    expect(values[8]).toBeCloseTo(Z95 * Math.sqrt((p + d - (p - d) ** 2) / 7) * 100, 9);
    expect(values[9]).toBe(3);
  });

  it("matches KPI.NPS and KPI.NPS.MOE on the reference sample", () => {
    const values = ok(npsBreakdown(SIX)).map((row) => row[1]);
    expect(values[7]).toBe(nps(SIX));
    expect(values[8]).toBe(npsMoe(SIX));
    expect(values[9]).toBe(0);
  });

  it("is #N/A without numeric responses and #VALUE! for an off-scale one", () => {
    expectKpiError(npsBreakdown([["x", null]]), "#N/A", "no numeric responses in the range");
    expectKpiError(npsBreakdown([[1], [2.5]]), "#VALUE!", "row 2, column 1");
  });
});

describe("KPI.NPS.CI", () => {
  const row = (r: ReturnType<typeof npsCi>) => ok(r)[0] as number[];

  it("spills one row, NPS minus and plus its margin: 33.33 -/+ 59.64 for 0,7,7,9,9,9", () => {
    // NPS 100/3, per-respondent variance 5/9, n 6 (R package NPS): margin 1.96 * sqrt(5/54) * 100
    const margin = Z95 * Math.sqrt(5 / 54) * 100;
    const spill = ok(npsCi(SIX));
    expect(spill).toHaveLength(1);
    expect(spill[0]).toHaveLength(2);
    expect(spill[0][0]).toBeCloseTo(100 / 3 - margin, 10);
    expect(spill[0][1]).toBeCloseTo(100 / 3 + margin, 10);
  });

  it("gives 17.5 -/+ 1.96 x 1.716 for 1000 responses with 250 promoters and 75 detractors", () => {
    const [lo, hi] = row(npsCi(THOUSAND));
    expect((hi - lo) / 2 / Z95).toBeCloseTo(1.716, 3);
    expect((lo + hi) / 2).toBeCloseTo(17.5, 10);
  });

  it("agrees with NPS.MOE at any confidence", () => {
    const [lo, hi] = row(npsCi(THOUSAND, 0.9));
    expect(hi - lo).toBeCloseTo(2 * num(npsMoe(THOUSAND, 0.9)), 10);
  });

  it("centres the adjusted interval after the pseudo-counts and clips it to -100..100", () => {
    // 10, 10: adjusted 2.75 promoters, 0.75 detractors, 1.5 passives of 5 -> centre 40
    const p = 2.75 / 5;
    const d = 0.75 / 5;
    const margin = Z95 * Math.sqrt((p + d - (p - d) ** 2) / 5) * 100;
    const [lo, hi] = row(npsCi(column(10, 10), null, "adjusted"));
    expect(lo).toBeCloseTo(40 - margin, 10);
    expect(hi).toBe(100);
    expect(row(npsCi(column(10, 10)))).toEqual([100, 100]);
    expect(row(npsCi(column(0, 0, 1), null, "ADJUSTED"))[0]).toBe(-100);
  });

  it("uses the confidence 0.95 and the method \"wald\" when they are omitted", () => {
    expect(npsCi(SIX, null, null)).toEqual(npsCi(SIX, 0.95, "wald"));
    expect(npsCi(SIX)).toEqual(npsCi(SIX, 0.95, "wald"));
  });

  it("rejects a confidence outside (0, 1), an unknown method and an off-scale response", () => {
    expectKpiError(npsCi(SIX, 95), "#VALUE!", "confidence");
    expectKpiError(npsCi(SIX, "abc"), "#VALUE!", "confidence", "abc");
    expectKpiError(npsCi(SIX, null, "bayes"), "#VALUE!", "method");
    expectKpiError(npsCi(column(9, 11)), "#VALUE!", "row 2, column 1");
  });

  it("is #N/A for a range without numeric responses", () => {
    expectKpiError(npsCi([[null, "N/A"]]), "#N/A", "no numeric responses in the range");
  });
});

describe("KPI.NPS.TEST in the far tail", () => {
  it("keeps the p-value's digits down to 1e-243 (mpmath: 1.2704546240403787e-243 for z = 33.33)", () => {
    // A: 600 promoters, 100 detractors of 1000; B: 100 and 600 -> unpooled z = 33.333...
    const a = column(...repeat(10, 600), ...repeat(8, 300), ...repeat(0, 100));
    const b = column(...repeat(10, 100), ...repeat(8, 300), ...repeat(0, 600));
    const p = num(npsTest(a, b, "unpooled"));
    expect(Math.abs(p - 1.2704546240403787e-243) / 1.2704546240403787e-243).toBeLessThan(1e-12);
  });
});
