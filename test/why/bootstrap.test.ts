// The bootstrap core (src/why/bootstrap.ts) above MAX_UNITS rows: rows dealt at random into
// groups and groups resampled. Its intervals must be the rows' bootstrap intervals to within the
// bootstrap's own noise, the same for the same seed, and another for another seed.
import { isKpiError } from "../../src/kpi";
import { bootstrap, MAX_UNITS } from "../../src/why/bootstrap";
import { listwise, type Sample } from "../../src/why/sample";
import { mulberry32 } from "../../scripts/random.cjs";

/** A survey of n rows: an outcome 0..10 driven by three 1..5 ratings on one common factor. */
function survey(n: number, seed: number): Sample {
  const rand = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));
  const x: number[][] = [[], [], []];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const f = normal();
    const r = [0, 1, 2].map(() => clamp(3 + 0.9 * (0.6 * f + 0.8 * normal()), 1, 5));
    r.forEach((v, j) => x[j].push(v));
    y.push(clamp(1.2 * r[0] + 0.6 * r[1] + 0.2 * r[2] - 1 + 1.6 * normal(), 0, 10));
  }
  return listwise(y, x, ["a", "b", "c"]);
}

function intervals(sample: Sample, seed: number, maxUnits?: number) {
  const r = bootstrap(sample, "shapley", 0.95, 2000, seed, maxUnits);
  if (isKpiError(r)) throw new Error(r.message);
  return r;
}

describe("the bootstrap of many rows, by groups of rows", () => {
  const sample = survey(3000, 5);

  it("draws groups only above MAX_UNITS (20,000) rows", () => {
    expect(MAX_UNITS).toBe(20_000);
  });

  it("gives each bound within a fifth of the interval's width of the rows' bootstrap (3,000 rows in 500 groups, 2,000 resamples)", () => {
    const rows = intervals(sample, 1);
    const groups = intervals(sample, 1, 500);
    for (let j = 0; j < 3; j++) {
      const width = rows.upper[j] - rows.lower[j];
      expect(width).toBeGreaterThan(0);
      expect(Math.abs(groups.lower[j] - rows.lower[j])).toBeLessThan(0.2 * width);
      expect(Math.abs(groups.upper[j] - rows.upper[j])).toBeLessThan(0.2 * width);
    }
  });

  it("gives the same intervals for the same seed and others for another", () => {
    expect(intervals(sample, 3, 500)).toEqual(intervals(sample, 3, 500));
    expect(intervals(sample, 4, 500)).not.toEqual(intervals(sample, 3, 500));
  });
});
