import { aggregateProblem, readTarget } from "../../src/scorecard/inputs";

const flag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

describe("readTarget", () => {
  it("reads 85 for a fraction KPI as 85 % and says so", () => {
    expect(readTarget("CSAT", 85, "--target CSAT=85")).toEqual({
      value: 0.85,
      note: "--target CSAT=85 read as 85 % (CSAT is a share: 0.85 or 85% say the same)",
    });
  });
  it("keeps a fraction as it is, and a target in points for NPS", () => {
    expect(readTarget("CSAT", 0.85, "x")).toEqual({ value: 0.85 });
    expect(readTarget("NPS", 45, "x")).toEqual({ value: 45 });
  });
  it("refuses a target off the KPI's scale", () => {
    expect(readTarget("FCR", 850, "--target FCR=850")).toEqual({ problem: "--target FCR=850 is off the scale of FCR, a share from 0 to 1 (for example 0.85 or 85%)" });
    expect(readTarget("CHURN", -0.1, "--target CHURN=-0.1")).toHaveProperty("problem");
    expect(readTarget("NPS", 600, "--target NPS=600")).toEqual({ problem: "--target NPS=600 is off the scale of NPS, -100 to 100 points" });
  });
});

describe("readTarget refuses what the KPI's unit cannot hold", () => {
  it("refuses a percentage for a KPI in points or a score, and says what to write", () => {
    expect(readTarget("NPS", 0.4, "--target NPS=40%", { percent: true })).toEqual({
      problem: "--target NPS=40% is a percentage, but NPS is in points from -100 to 100: write 40 without %",
    });
    expect(readTarget("CES", 0.055, "5.5%", { percent: true })).toEqual({ problem: "5.5% is a percentage, but CES is a score from 1 to 7: write 5.5 without %" });
    expect(readTarget("REVENUEPERCUSTOMER", 0.5, "50%", { percent: true })).toHaveProperty("problem", "50% is a percentage, but REVENUEPERCUSTOMER is an amount of money: write 50 without %");
  });
  it("reads a percentage for a share, and refuses one past 100 %", () => {
    expect(readTarget("CSAT", 0.8, "--target CSAT=80%", { percent: true })).toEqual({ value: 0.8 });
    expect(readTarget("CSAT", 8.5, "--target CSAT=850%", { percent: true })).toEqual({ problem: "--target CSAT=850% is off the scale of CSAT, a share from 0% to 100%" });
  });
  it("refuses a CES target off its 1..7 scale, and follows the scale the user chose", () => {
    expect(readTarget("CES", 8, "--target CES=8")).toEqual({ problem: "--target CES=8 is off the scale of CES, 1 to 7" });
    expect(readTarget("CES", 0.5, "x")).toHaveProperty("problem");
    expect(readTarget("CES", 8, "x", { scaleMax: 10 })).toEqual({ value: 8 });
    expect(readTarget("CES", 6, "x")).toEqual({ value: 6 });
  });
  it("refuses a sentiment or CX index target off its range, and leaves unbounded KPIs alone", () => {
    expect(readTarget("SENTIMENT", 2, "x")).toEqual({ problem: "x is off the scale of SENTIMENT, -1 to 1" });
    expect(readTarget("CXINDEX", -120, "x")).toEqual({ problem: "x is off the scale of CXINDEX, -100 to 100 points" });
    expect(readTarget("ENGAGEMENT", 250, "x")).toEqual({ value: 250 });
    expect(readTarget("CLV", 48000, "x")).toEqual({ value: 48000 });
  });
});

describe("aggregateProblem", () => {
  it("is null for inputs the KPI functions accept", () => {
    expect(aggregateProblem({ customersStart: 1000, customersLost: 40, margin: 0.35, avgPurchaseValue: 100, purchasesPerYear: 4, lifespanYears: 5 }, flag)).toBeNull();
  });
  it("refuses a margin given as a percentage number, naming the flag", () => {
    expect(aggregateProblem({ margin: 35 }, flag)).toBe("--margin 35: give it as a fraction from 0 to 1 (0.35 or 35%)");
  });
  it("refuses a negative or zero start and more customers lost than at the start", () => {
    expect(aggregateProblem({ customersStart: -5 }, flag)).toBe("--customers-start -5: it must be a whole number of customers above 0");
    expect(aggregateProblem({ customersStart: 100, customersLost: 150 }, flag)).toBe(
      "Churn rate (CHURN) cannot be computed: --customers-lost (150) is more than --customers-start (100)",
    );
  });
  it("checks the KPI made from several inputs with its function's rule", () => {
    expect(aggregateProblem({ customersStart: 200, customersEnd: 220, newCustomers: 10 }, flag)).toMatch(/^Customer retention rate \(RETENTION\) cannot be computed: --customers-end - --new-customers \(210\) is more than --customers-start \(200\)/);
  });
});
