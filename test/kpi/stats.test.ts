import { normalCdf, normalQuantile, normalTail, zFor } from "../../src/kpi/stats";
import { twoSidedP } from "../helpers/excelArgs";

// Quantiles and tails of the standard normal distribution from published tables
// (Abramowitz and Stegun, table 26.1 and 26.5; R's qnorm/pnorm to 10 digits).
const QUANTILES: [p: number, z: number][] = [
  [0.5, 0],
  [0.9, 1.281551566],
  [0.95, 1.644853627],
  [0.975, 1.959963985],
  [0.99, 2.326347874],
  [0.995, 2.575829304],
  [0.999, 3.090232306],
  [0.9999999, 5.199337582],
  [0.025, -1.959963985],
  [0.01, -2.326347874],
  [1e-10, -6.361340902],
];

const TAILS: [x: number, upper: number][] = [
  [0, 0.5],
  [0.5, 0.3085375387259869],
  [1, 0.15865525393145707],
  [1.959963984540054, 0.025],
  [2, 0.022750131948179195],
  [3, 0.0013498980316301],
  [5, 2.866515718791939e-7],
];

describe("normalQuantile", () => {
  it.each(QUANTILES)("puts the %p quantile at %p within 1e-9", (p, z) => {
    expect(Math.abs(normalQuantile(p) - z)).toBeLessThan(1e-9);
  });

  it("is antisymmetric around 0.5", () => {
    for (const p of [0.001, 0.02, 0.2, 0.3, 0.45]) expect(normalQuantile(p)).toBeCloseTo(-normalQuantile(1 - p), 9);
  });

  it("inverts normalCdf across the whole range, in the tails too", () => {
    for (const p of [1e-12, 1e-6, 0.001, 0.02425, 0.1, 0.5, 0.77, 0.97575, 0.999, 1 - 1e-9]) {
      const z = normalQuantile(p);
      expect(Math.abs(normalCdf(z) - p) / Math.min(p, 1 - p)).toBeLessThan(1e-6);
    }
  });
});

describe("zFor", () => {
  it("gives 1.959964 for a confidence of 0.95", () => {
    expect(zFor(0.95)).toBeCloseTo(1.959964, 6);
  });

  it("gives 1.644854 for 0.90 and 2.575829 for 0.99", () => {
    expect(zFor(0.9)).toBeCloseTo(1.644854, 6);
    expect(zFor(0.99)).toBeCloseTo(2.575829, 6);
  });
});

describe("normalTail", () => {
  it.each(TAILS)("gives P(Z > %p) = %p to 10 significant digits", (x, upper) => {
    expect(Math.abs(normalTail(x) - upper) / upper).toBeLessThan(1e-10);
  });

  it("keeps 7 significant digits in the far tail, where p-values are far below any threshold", () => {
    expect(Math.abs(normalTail(8) - 6.22096057427178e-16) / 6.22096057427178e-16).toBeLessThan(1e-7);
    expect(Math.abs(normalTail(10) - 7.619853024160527e-24) / 7.619853024160527e-24).toBeLessThan(1e-7);
  });

  it("is the tail beyond |x|, the same for x and -x", () => {
    expect(normalTail(-1)).toBe(normalTail(1));
    expect(normalTail(-3.3)).toBe(normalTail(3.3));
  });

  it("does not cancel to 0 where 1 - cdf would, and reaches 0 only far out", () => {
    expect(normalTail(9)).toBeGreaterThan(0);
    expect(normalTail(30)).toBeGreaterThan(0);
    expect(normalTail(40)).toBe(0);
  });

  it("agrees with numerical integration of the normal density", () => {
    for (const x of [0.1, 0.38, 1.2, 2.5, 4]) expect(2 * normalTail(x)).toBeCloseTo(twoSidedP(x), 10);
  });
});

describe("normalCdf", () => {
  it("is 0.5 at 0 and rises through the known values", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.8413447461, 10);
    expect(normalCdf(-1)).toBeCloseTo(0.1586552539, 10);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 10);
  });
});
