import { cxindex } from "../../src/kpi";
import { expectKpiError, num } from "../helpers/excelArgs";

describe("KPI.CXINDEX", () => {
  it("averages over questions the % of 4-5 answers minus the % of 1-2 answers", () => {
    // Q1: 5, 4, 3, 2 -> (2 - 1) / 4 = 25 points; Q2: 1, 2, 5 -> (1 - 2) / 3 = -33.3 points
    const answers = [
      [5, 1],
      [4, 2],
      [3, 5],
      [2, null],
    ];
    expect(num(cxindex(answers))).toBeCloseTo((25 - 100 / 3) / 2, 12);
  });

  it("is 100 when every answer is 4 or 5 and -100 when every answer is 1 or 2", () => {
    expect(num(cxindex([[4, 5], [5, 5]]))).toBe(100);
    expect(num(cxindex([[1, 2], [2, 1]]))).toBe(-100);
  });

  it("leaves out questions without answers and reads numeric text", () => {
    expect(num(cxindex([["5", null, "N/A"], [" 3", "", "-"]]))).toBe(50);
  });

  it("rejects an answer off 1..5 naming its cell", () => {
    expectKpiError(cxindex([[5, 4], [6, 1]]), "#VALUE!", "6", "row 2, column 1", "1 to 5");
    expectKpiError(cxindex([[5, 3.5]]), "#VALUE!", "row 1, column 2");
  });

  it("is #N/A without answers", () => {
    expectKpiError(cxindex([[null, "x"]]), "#N/A", "no numeric responses in the range");
  });
});
