// Sums about a shift (src/kpi/sample.ts, Moments): on values near 1e9 the statistics of a mean
// stay exact in the add-in's accumulators, in its intervals and tests, and in the native formulas
// that LibreOffice recalculates. References are computed here from the data alone, in exact
// integer arithmetic (BigInt) and with stdlib's t distribution, not from the statistics.
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import { centredSumOfSquares, isKpiError, SAMPLE_KPIS, type SampleKpi, type SampleModel } from "../../src/kpi";
import type { ScoreModel } from "../../src/kpi/difference";
import { countNumeric, sumCubesNumeric, sumNumeric, sumSquaresNumeric } from "../../src/kpi/native";
import { skewnessOf } from "../../src/scorecard/skewness";
import type { DataTable } from "../../src/scorecard/types";
import { disposeLibreOffice, libreOfficeAvailable } from "../helpers/libreoffice";
import { compareWithCache, recalculatedScorecard } from "../helpers/recalculated";
import { planOf, specOf } from "../helpers/planned";

const describeLO = libreOfficeAvailable() ? describe : describe.skip;
const kpi = (role: string): SampleKpi => SAMPLE_KPIS.find((k) => k.role === role) as SampleKpi;
const BASE = 1_000_000_000;

/** Mean and sample variance of values given as BASE + quarters / 4 (exact in binary), computed exactly. */
function exact(quarters: readonly number[]): { mean: number; variance: number } {
  const n = BigInt(quarters.length);
  const sum = quarters.reduce((s, q) => s + BigInt(q), 0n);
  const squares = quarters.reduce((s, q) => s + BigInt(q) * BigInt(q), 0n);
  // Variance in quarters^2: (n sum(q^2) - sum(q)^2) / (n (n - 1)), then / 16.
  const num = n * squares - sum * sum;
  return { mean: BASE + Number(sum) / Number(n) / 4, variance: Number(num) / Number(n * (n - 1n)) / 16 };
}

/** The statistics of one group read through a model's add, as the planner counts them. */
function statsOf(model: SampleModel, rows: readonly (readonly unknown[])[]): number[] {
  const acc = new Array<number>(model.statistics.length).fill(0);
  for (const r of rows) {
    const one = new Array<number>(model.statistics.length).fill(0);
    model.add(one, r);
    one.forEach((x, k) => (acc[k] += x));
  }
  return acc;
}

const north = [1, 2, 3, 4, 5, 6, 7, 9, 10, 13];
const south = [3, 5, 8, 8, 9, 12, 14, 15, 17, 22, 23];
const values = (quarters: readonly number[]) => quarters.map((q) => BASE + q / 4);

describe("the statistics of a mean near 1e9", () => {
  it("lose the whole variance when kept as raw sums of squares", () => {
    // The reason for the shift: x^2 near 1e18 is rounded to a multiple of 128.
    const xs = values(north);
    const raw = centredSumOfSquares(xs.length, xs.reduce((s, x) => s + x, 0), xs.reduce((s, x) => s + x * x, 0)) / (xs.length - 1);
    const { variance } = exact(north);
    expect(Math.abs(raw - variance) / variance).toBeGreaterThan(0.5);
  });

  for (const role of ["revenue", "engagement", "impact"]) {
    it(`give ${role}'s mean, t interval and pooled t-test p exactly about a shift`, () => {
      const model = kpi(role).configure([{ header: "x", weight: 1 }], {});
      const a = statsOf(model, values(north).map((x) => [x]));
      const b = statsOf(model, values(south).map((x) => [x]));
      expect(model.moments?.shift()).toBe(values(north)[0]);
      const ea = exact(north);
      const eb = exact(south);
      expect(model.value(a, false)).toBeCloseTo(ea.mean, 6);
      const interval = model.interval(a, 0.95, false) as readonly [number, number];
      const half = tQuantile(0.975, north.length - 1) * Math.sqrt(ea.variance / north.length);
      // The half-width is about 1.3 (raw sums gave 0): each end within two units in the last place of 1e9 (1.2e-7).
      expect(Math.abs(interval[0] - (ea.mean - half))).toBeLessThanOrEqual(2.4e-7);
      expect(Math.abs(interval[1] - (ea.mean + half))).toBeLessThanOrEqual(2.4e-7);
      // Student's t-test with the pooled variance, from the exact means and variances.
      const na = north.length;
      const nb = south.length;
      const pooled = ((na - 1) * ea.variance + (nb - 1) * eb.variance) / (na + nb - 2);
      // The difference of the means from the quarters (the means themselves are rounded near 1e9).
      const avg = (qs: readonly number[]) => qs.reduce((x, q) => x + q, 0) / qs.length;
      const t = (avg(north) - avg(south)) / 4 / Math.sqrt(pooled * (1 / na + 1 / nb));
      const p = 2 * tCdf(-Math.abs(t), na + nb - 2);
      const got = model.pValue(a, b);
      expect(isKpiError(got)).toBe(false);
      expect(Math.abs((got as number) - p) / p).toBeLessThan(1e-9);
    });
  }

  for (const role of ["revenue", "engagement", "impact"]) {
    it(`give ${role}'s skewness from its sum of cubes about the shift as the raw values give it, exactly`, () => {
      const model = kpi(role).configure([{ header: "x", weight: 1 }], {});
      // Both regions together, as the skewness check takes them (a long right tail added: 1e9 + 250).
      const quarters = [...north, ...south, 1000];
      const s = statsOf(model, values(quarters).map((x) => [x]));
      expect(model.moments?.shift()).toBe(values(north)[0]);
      // g1 = m3 / m2^(3/2) in exact integers of quarters: n^2 m2 = n sum q^2 - (sum q)^2, n^3 m3 = n^2 sum q^3 - 3 n sum q sum q^2 + 2 (sum q)^3.
      const n = BigInt(quarters.length);
      const [s1, s2, s3] = [1, 2, 3].map((k) => quarters.reduce((t, q) => t + BigInt(q) ** BigInt(k), 0n));
      const m2n2 = n * s2 - s1 * s1;
      const m3n3 = n * n * s3 - 3n * n * s1 * s2 + 2n * s1 ** 3n;
      const g1 = Number(m3n3) / Number(m2n2) ** 1.5;
      const got = skewnessOf((model.score as ScoreModel).moments(s));
      expect(g1).toBeGreaterThan(2);
      expect(Math.abs(got - g1) / g1).toBeLessThan(1e-9);
    });
  }

  it("take the shift they are configured with, so statistics from elsewhere read the same", () => {
    const model = kpi("revenue").configure([{ header: "x", weight: 1 }], { shift: BASE });
    const s = statsOf(model, values(north).map((x) => [x]));
    expect(s[1]).toBe(north.reduce((t, q) => t + q / 4, 0));
    expect(model.moments?.shift()).toBe(BASE);
    expect(model.value(s, false)).toBeCloseTo(exact(north).mean, 6);
  });

  it("keep the formulas of a row without a shift as they were", () => {
    const model = kpi("revenue").configure([{ header: "x", weight: 1 }], { shift: 0 });
    const ref = "'Data'!$A$2:$A$9";
    expect(model.statFormulas([ref], null)).toEqual([countNumeric(ref), sumNumeric(ref), sumSquaresNumeric(ref), sumCubesNumeric(ref)]);
    expect(model.valueFormula(["B1", "C1", "D1"], false, {})).toBe("IF(B1=0,NA(),C1/B1)");
  });
});

describeLO("a portable scorecard of values near 1e9 recalculated by LibreOffice", () => {
  afterAll(() => disposeLibreOffice());

  it("gives the add-in's statistics, values and intervals in every formula cell", async () => {
    // Revenue and two engagement columns per row, a text cell and a blank among them, two regions.
    const rows: unknown[][] = [
      ...values(north).map((x, k) => ["North", x, x - 1, k]),
      ...values(south).map((x, k) => ["South", x, x + 2, 2 * k]),
      ["North", ` ${BASE + 0.5}`, null, 1],
      ["South", "n/a", BASE, 3],
    ];
    const data: DataTable = { headers: ["Region", "Revenue", "Visits", "Clicks"], rows };
    const spec = specOf(data, [
      { index: 0, header: "Region", role: "segment" },
      { index: 1, header: "Revenue", role: "revenue" },
      { index: 2, header: "Visits", role: "engagement" },
      { index: 3, header: "Clicks", role: "engagement" },
    ]);
    const p = planOf(spec, data, new Date("2026-11-30T09:00:00Z"));
    const revenue = p.summary.find((s) => s.id === "REVENUEPERCUSTOMER");
    const all = [...north, ...south, 2];
    expect(revenue?.n).toBe(all.length);
    const e = exact(all);
    const half = tQuantile(0.975, all.length - 1) * Math.sqrt(e.variance / all.length);
    expect(Math.abs((revenue?.low as number) - (e.mean - half))).toBeLessThanOrEqual(2.4e-7);
    expect(Math.abs((revenue?.high as number) - (e.mean + half))).toBeLessThanOrEqual(2.4e-7);
    const sheet = await recalculatedScorecard(p, { name: "Data", table: data, dateColumns: [] });
    const c = compareWithCache(p, sheet);
    expect(c.mismatches).toEqual([]);
    expect(c.numbers).toBeGreaterThan(50);
  }, 120_000);
});
