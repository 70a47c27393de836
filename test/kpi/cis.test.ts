import { cii, cis, engagement, revenuePerCustomer } from "../../src/kpi";
import { column, expectKpiError, num } from "../helpers/excelArgs";

describe("KPI.CIS", () => {
  const metrics = [
    [10, 20],
    [30, null],
    [null, null],
    ["N/A", 40],
  ];

  it("divides the sum of all metrics by the rows that hold a number", () => {
    // 100 over rows 1, 2 and 4
    expect(num(cis(metrics))).toBeCloseTo(100 / 3, 12);
  });

  it("divides by the customers given", () => {
    expect(num(cis(metrics, 4))).toBe(25);
    expect(num(cis(metrics, "5"))).toBe(20);
  });

  it("counts a row of numeric text as a customer", () => {
    expect(num(cis([[" 6"], ["x"], ["4.0"]]))).toBe(5);
  });

  it("rejects a customer count of 0 or less, or not a number", () => {
    expectKpiError(cis(metrics, 0), "#VALUE!", "customers");
    expectKpiError(cis(metrics, "many"), "#VALUE!", "customers must be a number");
  });

  it("is #N/A without numbers", () => {
    expectKpiError(cis([["x", null]]), "#N/A", "no numeric responses in the range");
  });
});

describe("KPI.ENGAGEMENT", () => {
  const actions = [
    [2, 1],
    [0, 3],
    [null, null],
  ];

  it("weights each action column and divides by the customers with numbers", () => {
    // 2*1 + 1*10 + 0*1 + 3*10 = 42 over 2 customers
    expect(num(engagement(actions, [[1, 10]]))).toBe(21);
  });

  it("accepts the weights as a column too", () => {
    expect(num(engagement(actions, column(1, 10)))).toBe(21);
  });

  it("weights every action 1 by default", () => {
    expect(num(engagement(actions))).toBe(3);
  });

  it("divides by the customers given", () => {
    expect(num(engagement(actions, null, 6))).toBe(1);
    expect(num(engagement(actions, [[1, 10]], 6))).toBe(7);
  });

  it("rejects weights that do not match the action columns", () => {
    expectKpiError(engagement(actions, [[1, 2, 3]]), "#VALUE!", "3 cells", "2 columns");
    expectKpiError(engagement(actions, [[1, 2], [3, 4]]), "#VALUE!", "one row or one column");
  });

  it("names a weight that is not a number or negative", () => {
    expectKpiError(engagement(actions, [[1, "x"]]), "#VALUE!", "row 1, column 2");
    expectKpiError(engagement(actions, column(1, -2)), "#VALUE!", "-2", "row 2, column 1");
  });

  it("rejects a negative action count naming its cell", () => {
    expectKpiError(engagement([[1, 2], [3, -4]]), "#VALUE!", "-4", "row 2, column 2");
  });

  it("is #N/A without numbers", () => {
    expectKpiError(engagement([[null, "x"]]), "#N/A", "no numeric responses in the range");
  });
});

describe("KPI.CII", () => {
  it("is interactions per project times 100, not capped at 100", () => {
    expect(num(cii(30, 40))).toBe(75);
    expect(num(cii(column(10, 20), column(2, 2)))).toBe(750);
  });

  it("rejects no projects and negative counts", () => {
    expectKpiError(cii(30, 0), "#VALUE!", "innovation_projects");
    expectKpiError(cii(column(10, -1), 2), "#VALUE!", "row 2, column 1");
  });
});

describe("KPI.REVENUEPERCUSTOMER", () => {
  it("divides the sum of revenue by the customers", () => {
    expect(num(revenuePerCustomer([[100, 200], [null, "300"], ["N/A"]], 4))).toBe(150);
  });

  it("lets refunds lower the revenue", () => {
    expect(num(revenuePerCustomer(column(100, -20), 2))).toBe(40);
  });

  it("rejects a customer count of 0 and is #N/A without revenue", () => {
    expectKpiError(revenuePerCustomer(column(100), 0), "#VALUE!", "customers");
    expectKpiError(revenuePerCustomer([["-"]], 3), "#N/A", "no numeric responses in the range");
  });

  it("rejects a range of customers", () => {
    expectKpiError(revenuePerCustomer(column(100), [[1, 2]]), "#VALUE!", "customers", "single cell");
  });
});

describe("a range argument with nothing readable", () => {
  it("is #N/A \"no numeric responses in the range\" for CII and REVENUEPERCUSTOMER", () => {
    expectKpiError(cii([[null], ["N/A"]], 5), "#N/A", "no numeric responses in the range");
    expectKpiError(cii(column(10, 20), [[null, ""]]), "#N/A", "no numeric responses in the range");
    expectKpiError(revenuePerCustomer([[null], ["-"]], [[null]]), "#N/A", "no numeric responses in the range");
  });

  it("leaves unreadable text in a scalar argument #VALUE! naming it", () => {
    expectKpiError(cii("abc", 5), "#VALUE!", "customer_interactions", "abc");
    expectKpiError(revenuePerCustomer(column(100), "abc"), "#VALUE!", "customers", "abc");
  });
});

describe("KPI.ENGAGEMENT, read in one fast pass with a careful one behind it", () => {
  it("counts a row whose only number is numeric text as a customer", () => {
    // rows: [2, "N/A"], ["3", null], ["x", null] -> total 5 over 2 customers
    expect(num(engagement([[2, "N/A"], ["3", null], ["x", null]]))).toBe(2.5);
  });

  it("names the first negative cell in reading order, numeric text included", () => {
    expectKpiError(engagement([[1, "-2"], [-3, 1]]), "#VALUE!", "-2", "row 1, column 2");
    expectKpiError(engagement([[1, 2], [-3, "-1"]]), "#VALUE!", "-3", "row 2, column 1");
  });

  it("skips NaN and infinite cells as every reader does", () => {
    expect(num(engagement([[1, NaN], [Infinity, 3], [-Infinity, null]]))).toBe(2);
  });

  it("keeps the error order of the arguments: weights, then customers, then cells", () => {
    expectKpiError(engagement([[1, -2]], [[1, 2, 3]], "abc"), "#VALUE!", "weights");
    expectKpiError(engagement([[1, -2]], [[1, 2]], "abc"), "#VALUE!", "customers");
    expectKpiError(engagement([[1, 2], [3]], [[1, -1]]), "#VALUE!", "negative");
  });

  it("reads ragged rows and bare cells as asGrid does", () => {
    expect(num(engagement([[1, 2], [3], 4]))).toBeCloseTo(10 / 3, 12);
    expect(num(engagement([[1], [2, 3]], [[1, 10]]))).toBe(16.5);
  });

  it("does not overflow a column that a weight of 0 leaves out", () => {
    expect(num(engagement([[1e308, 1], [1e308, 1]], [[0, 1]]))).toBe(1);
  });
});
