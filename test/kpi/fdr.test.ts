import { fdr } from "../../src/kpi";
import { column, expectKpiError, ok } from "../helpers/excelArgs";

describe("KPI.FDR", () => {
  it("gives 0.025, 0.05, 0.05, 0.025, 0.2 for 0.01, 0.04, 0.03, 0.005, 0.2 (Benjamini-Hochberg; spec/functions.md)", () => {
    const spill = ok(fdr(column(0.01, 0.04, 0.03, 0.005, 0.2)));
    const expected = [0.025, 0.05, 0.05, 0.025, 0.2];
    expect(spill).toHaveLength(5);
    spill.forEach((row, k) => {
      expect(row).toHaveLength(1);
      expect(row[0]).toBeCloseTo(expected[k], 15);
    });
  });

  it("spills in the shape of the input, blank in and blank out, counting only the p-values", () => {
    // 0.01 and 0.04 of m = 2: 0.02 and 0.04
    expect(ok(fdr([[0.01, null], ["", "0.04"], ["N/A", true]]))).toEqual([
      [0.02, ""],
      ["", 0.04],
      ["", ""],
    ]);
  });

  it("pads ragged rows to the widest one", () => {
    expect(ok(fdr([[0.5], [0.5, 0.5]]))).toEqual([
      [0.5, ""],
      [0.5, 0.5],
    ]);
  });

  it("does not change the adjusted values with q, which is the level to compare them with", () => {
    const p = column(0.01, 0.04, 0.03);
    expect(fdr(p, 0.1)).toEqual(fdr(p));
    expect(fdr(p, null)).toEqual(fdr(p, 0.05));
  });

  it("rejects a p-value outside 0..1 naming its cell, and a q outside (0, 1)", () => {
    expectKpiError(fdr([[0.2, 1.5]]), "#VALUE!", "1.5", "row 1, column 2");
    expectKpiError(fdr(column(0.2, -0.1)), "#VALUE!", "row 2, column 1");
    expectKpiError(fdr(column(0.2), 5), "#VALUE!", "q");
    expectKpiError(fdr(column(0.2), "five"), "#VALUE!", "q", "five");
  });

  it("is #N/A for a range without p-values", () => {
    expectKpiError(fdr([[null, "N/A"]]), "#N/A", "no numeric responses in the range");
    expectKpiError(fdr(null), "#N/A");
  });
});
