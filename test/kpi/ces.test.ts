import { ces } from "../../src/kpi";
import { column, expectKpiError, num } from "../helpers/excelArgs";

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
