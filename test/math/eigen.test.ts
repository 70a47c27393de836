// The Jacobi eigen-decomposition behind relative weights: textbook matrices with known
// eigenvalues, and on random symmetric matrices the defining identities A v = λ v, Vᵀ V = I and
// sum λ = trace A.
import fc from "fast-check";
import { symmetricEigen } from "../../src/math/eigen";

function sorted(values: Float64Array): number[] {
  return Array.from(values).sort((a, b) => a - b);
}

describe("symmetricEigen", () => {
  it("gives 1 and 3 for [[2, 1], [1, 2]]", () => {
    const { values } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(sorted(values)[0]).toBeCloseTo(1, 15);
    expect(sorted(values)[1]).toBeCloseTo(3, 15);
  });

  it("gives 2 - √2, 2 and 2 + √2 for the tridiagonal [[2, -1, 0], [-1, 2, -1], [0, -1, 2]] (2 - 2 cos(kπ/4))", () => {
    const { values } = symmetricEigen(Float64Array.from([2, -1, 0, -1, 2, -1, 0, -1, 2]), 3);
    const expected = [1, 2, 3].map((k) => 2 - 2 * Math.cos((k * Math.PI) / 4));
    sorted(values).forEach((v, k) => expect(v).toBeCloseTo(expected[k], 14));
  });

  it("gives 1 - ρ (p - 1 times) and 1 + (p - 1) ρ for an equicorrelation matrix of 12 drivers", () => {
    const p = 12;
    const rho = 0.35;
    const a = Float64Array.from({ length: p * p }, (_, k) => (Math.floor(k / p) === k % p ? 1 : rho));
    const values = sorted(symmetricEigen(a, p).values);
    values.slice(0, p - 1).forEach((v) => expect(v).toBeCloseTo(1 - rho, 13));
    expect(values[p - 1]).toBeCloseTo(1 + (p - 1) * rho, 13);
  });

  it("satisfies A v = λ v with orthonormal vectors and sum λ = trace A on random symmetric matrices", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 14 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.integer({ min: -1000, max: 1000 }).map((v) => v / 100), { minLength: n * n, maxLength: n * n }))),
        ([n, cells]) => {
          const a = new Float64Array(n * n);
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = a[j * n + i] = cells[Math.min(i, j) * n + Math.max(i, j)];
          const { values, vectors: v } = symmetricEigen(a, n);
          const norm = Math.max(1, ...Array.from(a, Math.abs));
          for (let k = 0; k < n; k++) {
            for (let i = 0; i < n; i++) {
              let av = 0;
              for (let j = 0; j < n; j++) av += a[i * n + j] * v[j * n + k];
              expect(Math.abs(av - values[k] * v[i * n + k])).toBeLessThan(1e-12 * n * norm);
            }
            for (let l = 0; l < n; l++) {
              let dot = 0;
              for (let i = 0; i < n; i++) dot += v[i * n + k] * v[i * n + l];
              expect(Math.abs(dot - (k === l ? 1 : 0))).toBeLessThan(1e-13 * n);
            }
          }
          let trace = 0;
          for (let i = 0; i < n; i++) trace += a[i * n + i];
          expect(Math.abs(values.reduce((s, x) => s + x, 0) - trace)).toBeLessThan(1e-12 * n * norm);
        },
      ),
      { numRuns: 200 },
    );
  });
});
