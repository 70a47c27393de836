/**
 * The native formulas of the aggregate KPIs check the same domains as their functions: for
 * inputs each function refuses (a margin of 35, more customers lost than at the start, a
 * negative start, ...) the formula is an error too, never a number; for the inputs it accepts,
 * the same value. Evaluated by HyperFormula with the inputs in cells, as a scorecard holds them.
 */
import { HyperFormula } from "hyperformula";
import { churn, churnFormula, cii, ciiFormula, clv, clvFormula, clvMargin, clvMarginFormula, isKpiError, retention, retentionFormula, type Result } from "../../src/kpi";

const CELLS = ["$A$1", "$A$2", "$A$3", "$A$4"];

/** The formula over input cells A1..A4 holding `inputs`, evaluated. */
function evaluate(formula: string, inputs: readonly number[]): number | "error" {
  const hf = HyperFormula.buildFromArray([...inputs.map((v, i) => (i === 0 ? [v, `=${formula}`] : [v]))], { licenseKey: "gpl-v3", smartRounding: false });
  const v = hf.getCellValue({ sheet: 0, row: 0, col: 1 });
  hf.destroy();
  return typeof v === "number" ? v : "error";
}

const cases: { name: string; formula: string; fn: (v: readonly number[]) => Result<number>; inputs: number[][] }[] = [
  {
    name: "CHURN",
    formula: churnFormula(CELLS[0], CELLS[1]),
    fn: ([s, l]) => churn(s, l),
    inputs: [[1000, 40], [100, 150], [-5, 1], [0, 0], [100, -1], [100, 100]],
  },
  {
    name: "CHURN over periods",
    formula: churnFormula(CELLS[0], CELLS[1], CELLS[2]),
    fn: ([s, l, k]) => churn(s, l, k),
    inputs: [[1000, 40, 12], [1000, 40, 0], [1000, 40, -2], [50, 60, 12]],
  },
  {
    name: "RETENTION",
    formula: retentionFormula(CELLS[0], CELLS[1], CELLS[2]),
    fn: ([s, e, a]) => retention(s, e, a),
    inputs: [[200, 220, 40], [200, 220, 10], [200, 30, 40], [0, 10, 5], [-5, 10, 5], [200, -1, 0]],
  },
  {
    name: "CLV with a margin",
    formula: clvFormula(CELLS[0], CELLS[1], CELLS[2], CELLS[3]),
    fn: ([a, p, l, m]) => clv(a, p, l, m),
    inputs: [[100, 4, 5, 0.35], [100, 4, 5, 35], [100, 4, 5, -0.1], [-100, 4, 5, 0.3], [100, -4, 5, 0.3], [100, 4, -5, 0.3], [100, 4, 5, 1]],
  },
  {
    name: "CLV.MARGIN",
    formula: clvMarginFormula(CELLS[0], CELLS[1], CELLS[2], CELLS[3]),
    fn: ([m, r, d, ac]) => clvMargin(m, r, d, ac),
    inputs: [[150, 0.55, 0.1, 100], [150, 55, 0.1, 100], [150, -0.1, 0.1, 0], [150, 0.5, -1, 0], [150, 0.5, 1.5, 0], [150, 1, 0, 0], [150, 0.5, 0.1, -10]],
  },
  {
    name: "CII",
    formula: ciiFormula(CELLS[0], CELLS[1]),
    fn: ([i, p]) => cii(i, p),
    inputs: [[460, 6], [460, 0], [460, -2], [-5, 6]],
  },
];

describe.each(cases)("the native formula of $name", ({ formula, fn, inputs }) => {
  it.each(inputs.map((v) => [v]))("is an error exactly where the function refuses %j, else the same value", (values) => {
    const expected = fn(values);
    const got = evaluate(formula, values);
    if (isKpiError(expected)) expect(got).toBe("error");
    else expect(got).toBeCloseTo(expected, 9);
  });
});

describe("the issue's example", () => {
  it("no longer recalculates --margin 35 to a CLV of 70,000 (100 x 4 x 5 x 35)", () => {
    expect(clv(100, 4, 5, 35)).toHaveProperty("code", "#VALUE!");
    expect(evaluate(clvFormula(CELLS[0], CELLS[1], CELLS[2], CELLS[3]), [100, 4, 5, 35])).toBe("error");
  });
});
