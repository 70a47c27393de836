// The exact Shapley enumeration (src/why/shapley.ts): it visits every subset once, in
// binary-reflected Gray-code order (each subset one driver away from the one before), and the
// R² it carries to each equals an independent least-squares fit of that subset.
import fc from "fast-check";
import { correlation } from "../../src/why/correlation";
import { MAX_SHAPLEY_DRIVERS, subsetR2 } from "../../src/why/shapley";
import { olsR2 } from "../helpers/drivers";

function bitsOf(mask: number): number[] {
  return Array.from({ length: 31 }, (_, j) => j).filter((j) => mask & (1 << j));
}

/** A random positive definite correlation matrix of p drivers and an outcome, from random data. */
function randomCorrelation(p: number, n: number, seed: number): { r: Float64Array; y: number[]; x: number[][] } {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const x = Array.from({ length: n }, () => Array.from({ length: p }, () => Math.round(next() * 60) / 10));
  const y = x.map((row) => row.reduce((s, v, j) => s + v * (j % 3), 0) + next() * 5);
  const data = Float64Array.from(x.flatMap((row, i) => [...row, y[i]]));
  const r = correlation(data, p + 1);
  if (!(r instanceof Float64Array)) throw new Error("constant column");
  return { r, y, x };
}

describe("subsetR2", () => {
  it.each([1, 2, 3, 5, 8])("visits the 2^%d subsets once each, each one driver away from the one before (Gray code)", (p) => {
    const { r } = randomCorrelation(p, 40, p);
    const seen: number[] = [];
    subsetR2(r, p, (mask) => seen.push(mask));
    expect(seen).toHaveLength(2 ** p);
    expect(new Set(seen).size).toBe(2 ** p);
    expect(seen[0]).toBe(0);
    for (let k = 1; k < seen.length; k++) expect(bitsOf(seen[k] ^ seen[k - 1])).toHaveLength(1);
    // The binary-reflected code itself: the k-th subset is k xor (k >> 1), read with driver 0 as the top bit.
    const reflected = seen.map((_, k) => {
      const g = k ^ (k >> 1);
      return bitsOf(g).reduce((m, b) => m | (1 << (p - 1 - b)), 0);
    });
    expect(seen).toEqual(reflected);
  });

  it("carries to each subset the R² of an independent least-squares fit of it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (p, seed) => {
        const { r, y, x } = randomCorrelation(p, 30, seed);
        const r2 = subsetR2(r, p);
        for (let mask = 0; mask < 2 ** p; mask++) {
          const expected = mask === 0 ? 0 : olsR2(y, x, bitsOf(mask));
          expect(Math.abs(r2[mask] - expected)).toBeLessThan(1e-10);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("takes up to 15 drivers (32,768 subsets)", () => {
    expect(MAX_SHAPLEY_DRIVERS).toBe(15);
    const { r } = randomCorrelation(15, 200, 3);
    const r2 = subsetR2(r, 15);
    expect(r2).toHaveLength(32768);
    // Adding a driver never lowers R².
    for (let mask = 0; mask < r2.length; mask++) for (let j = 0; j < 15; j++) expect(r2[mask | (1 << j)]).toBeGreaterThanOrEqual(r2[mask] - 1e-15);
    expect(() => subsetR2(new Float64Array(17 * 17), 16)).toThrow(/at most 15/);
  });
});
