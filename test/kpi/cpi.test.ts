import { cpi, progress, scale } from "../../src/kpi";
import { column, expectKpiError, num } from "../helpers/excelArgs";

describe("KPI.CPI", () => {
  it("is the weighted mean of the scores", () => {
    // (80 * 3 + 60 * 1) / 4
    expect(num(cpi([[80, 60]], [[3, 1]]))).toBe(75);
  });

  it("normalises weights that do not sum to 1", () => {
    expect(num(cpi([[80, 60]], [[0.75, 0.25]]))).toBe(75);
    expect(num(cpi([[80, 60]], [[30, 10]]))).toBe(75);
  });

  it("weights scores equally by default", () => {
    expect(num(cpi(column(80, 60, 100)))).toBe(80);
  });

  it("leaves out a blank or text score together with its weight", () => {
    expect(num(cpi([[80, "N/A", 60]], [[1, 100, 1]]))).toBe(70);
  });

  it("rejects a score off 0..100 naming its cell", () => {
    expectKpiError(cpi([[80, 120]]), "#VALUE!", "120", "row 1, column 2", "KPI.SCALE");
  });

  it("rejects weights that do not match the scores, are missing or negative", () => {
    expectKpiError(cpi([[80, 60]], [[1]]), "#VALUE!", "weights");
    expectKpiError(cpi(column(80, 60), column(1, "x")), "#VALUE!", "row 2, column 1");
    expectKpiError(cpi(column(80, 60), column(1, -1)), "#VALUE!", "-1", "row 2, column 1");
    expectKpiError(cpi([[80, 60]], [[0, 0]]), "#VALUE!", "add up to 0");
  });

  it("is #N/A without scores", () => {
    expectKpiError(cpi([[null, "x"]]), "#N/A", "no numeric responses in the range");
  });
});

describe("KPI.SCALE", () => {
  it("places a value between worst and best on 0..100", () => {
    expect(num(scale(50, 0, 200))).toBe(25);
    expect(num(scale(17.5, -100, 100))).toBeCloseTo(58.75, 12);
  });

  it("reads worst above best as lower is better", () => {
    // churn 0.03 between worst 0.1 and best 0: (0.03 - 0.1) / (0 - 0.1) * 100 = 70
    expect(num(scale(0.03, 0.1, 0))).toBeCloseTo(70, 12);
  });

  it("clips to 0..100", () => {
    expect(num(scale(300, 0, 200))).toBe(100);
    expect(num(scale(-5, 0, 200))).toBe(0);
    expect(num(scale(0.5, 0.1, 0))).toBe(0);
    expect(num(scale(-1, 0.1, 0))).toBe(100);
  });

  it("rejects worst equal to best and text", () => {
    expectKpiError(scale(1, 5, 5), "#VALUE!", "worst equals best");
    expectKpiError(scale("good", 0, 1), "#VALUE!", "value must be a number");
  });
});

describe("KPI.PROGRESS", () => {
  it("gives 0.4 for NPS from 60 towards 65, now 62", () => {
    expect(num(progress(60, 62, 65))).toBeCloseTo(0.4, 15);
  });

  it("works for lower-is-better KPIs, past the target and backwards", () => {
    expect(num(progress(0.05, 0.04, 0.03))).toBeCloseTo(0.5, 12);
    expect(num(progress(60, 66, 65))).toBeCloseTo(1.2, 12);
    expect(num(progress(60, 58, 65))).toBeCloseTo(-0.4, 12);
  });

  it("rejects a target equal to the baseline", () => {
    expectKpiError(progress(60, 62, 60), "#VALUE!", "target equals baseline");
  });

  it("rejects missing and unreadable arguments", () => {
    expectKpiError(progress(60, null, 65), "#VALUE!", "current is required");
    expectKpiError(progress(60, 62, "soon"), "#VALUE!", "target must be a number");
  });
});

describe("KPI.SCALE at the edges of the doubles", () => {
  it("gives 100 for SCALE(-1e308, 1e308, -1e308), with no overflow in between (spec/functions.md)", () => {
    expect(num(scale(-1e308, 1e308, -1e308))).toBe(100);
    expect(num(scale(1e308, -1e308, 1e308))).toBe(100);
    expect(num(scale(0, -1e308, 1e308))).toBe(50);
    expect(num(scale(-Number.MAX_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE))).toBe(100);
  });
});
