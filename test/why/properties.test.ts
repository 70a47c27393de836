// Metamorphic properties of the key-driver methods (issue 23, "What must be shown"), on random
// data: importances sum to R² (checked against an independent least-squares R²); the order of
// the drivers and an affine rescaling of a column do not change them; with two drivers the
// relative weights equal the Shapley values; with orthogonal drivers both equal each r²; the
// Shapley values equal their definition (every order of entry) and are never negative.
import fc from "fast-check";
import { isKpiError } from "../../src/kpi";
import { analyse, type Method } from "../../src/why/drivers";
import { listwise } from "../../src/why/sample";
import { lmgByOrders, olsR2 } from "../helpers/drivers";

const RUNS = { numRuns: Number(process.env.KPI_PROPERTY_RUNS ?? 150) };

interface Data {
  readonly y: number[];
  /** Rows of driver values. */
  readonly x: number[][];
}

/** Survey-like data: answers 1..7 (or measurements with three decimals), p drivers, n rows with room to spare. */
const data = (minP: number, maxP: number): fc.Arbitrary<Data> =>
  fc
    .record({ p: fc.integer({ min: minP, max: maxP }), extra: fc.integer({ min: 3, max: 30 }), doubles: fc.boolean() })
    .chain(({ p, extra, doubles }) => {
      const cell = doubles ? fc.integer({ min: -100_000, max: 100_000 }).map((v) => v / 1000) : fc.integer({ min: 1, max: 7 });
      return fc.array(fc.array(cell, { minLength: p + 1, maxLength: p + 1 }), { minLength: p + extra, maxLength: p + extra });
    })
    .map((rows) => ({ y: rows.map((r) => r[0]), x: rows.map((r) => r.slice(1)) }));

function run(d: Data, method: Method) {
  const p = d.x[0].length;
  const sample = listwise(d.y, Array.from({ length: p }, (_, j) => d.x.map((row) => row[j])), Array.from({ length: p }, (_, j) => `driver ${j + 1}`));
  return analyse(sample, method);
}

/** Runs a method, or discards the case (fc.pre) when the random data has a constant or collinear column. */
function usable(d: Data, method: Method) {
  const a = run(d, method);
  fc.pre(!isKpiError(a));
  if (isKpiError(a)) throw new Error("unreachable");
  return a;
}

const near = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b));

describe.each<Method>(["shapley", "rw"])("method %s", (method) => {
  it("gives importances that sum to R², the R² of an independent least-squares fit", () => {
    fc.assert(
      fc.property(data(1, 7), (d) => {
        const a = usable(d, method);
        const sum = a.raw.reduce((s, v) => s + v, 0);
        const r2 = olsR2(d.y, d.x, d.x[0].map((_, j) => j));
        expect(near(sum, a.r2, 1e-12)).toBe(true);
        expect(near(a.r2, r2, 1e-9)).toBe(true);
      }),
      RUNS,
    );
  });

  it("gives importances of at least 0", () => {
    fc.assert(fc.property(data(1, 7), (d) => {
      for (const v of usable(d, method).raw) expect(v).toBeGreaterThanOrEqual(-1e-15);
    }), RUNS);
  });

  it("gives each driver the same importance whatever the order of the drivers", () => {
    fc.assert(
      fc.property(
        data(2, 7).chain((d) => fc.tuple(fc.constant(d), fc.shuffledSubarray(d.x[0].map((_, j) => j), { minLength: d.x[0].length, maxLength: d.x[0].length }))),
        ([d, order]) => {
          const a = usable(d, method);
          const b = usable({ y: d.y, x: d.x.map((row) => order.map((j) => row[j])) }, method);
          order.forEach((j, k) => {
            expect(near(b.raw[k], a.raw[j], 1e-10)).toBe(true);
            expect(b.sign[k]).toBe(a.sign[j]);
          });
        },
      ),
      RUNS,
    );
  });

  it("gives the same importances when a driver or the outcome is rescaled (a x + b), the driver's sign flipping with a < 0", () => {
    fc.assert(
      fc.property(data(2, 6), fc.nat(), fc.constantFrom(-2.5, -1, 0.1, 3, 1000), fc.constantFrom(-50, 0, 1e4), fc.boolean(), (d, pick, scale, shift, outcome) => {
        const a = usable(d, method);
        const j = pick % d.x[0].length;
        const moved = outcome ? { y: d.y.map((v) => scale * v + shift), x: d.x } : { y: d.y, x: d.x.map((row) => row.map((v, k) => (k === j ? scale * v + shift : v))) };
        const b = usable(moved, method);
        a.raw.forEach((v, k) => expect(near(b.raw[k], v, 1e-9)).toBe(true));
        // A coefficient of zero has no sign to flip: R² without the driver equals the full R² then
        // (its partial correlation is 0), and rounding decides the sign either way.
        const all = d.x[0].map((_, k) => k);
        const full = olsR2(d.y, d.x, all);
        a.sign.forEach((s, k) => {
          if (Math.abs(full - olsR2(d.y, d.x, all.filter((i) => i !== k))) <= 1e-12 * Math.max(1, full)) return;
          expect(b.sign[k]).toBe(scale < 0 && (outcome || k === j) ? -s : s);
        });
      }),
      // Found by a CI run: driver 2's coefficient is 0 here (r_y2 = r_12 r_y1), its sign rounding's.
      { ...RUNS, examples: [[{ y: [3, 6, 7, 2, 3, 6], x: [[3, 2], [4, 1], [3, 7], [3, 5], [4, 7], [7, 1]] }, 0, -2.5, -50, true]] },
    );
  });


  it("gives the same importances, bit for bit, when a column is scaled by 2^±1000 (no overflow or underflow at Excel's extremes)", () => {
    fc.assert(
      fc.property(data(2, 5), fc.nat(), fc.constantFrom(2 ** 1000, 2 ** -1000, 2 ** 600), (d, pick, scale) => {
        const a = usable(d, method);
        const j = pick % (d.x[0].length + 1);
        const moved = j === 0 ? { y: d.y.map((v) => v * scale), x: d.x } : { y: d.y, x: d.x.map((row) => row.map((v, k) => (k === j - 1 ? v * scale : v))) };
        const b = usable(moved, method);
        expect(Array.from(b.raw)).toEqual(Array.from(a.raw));
      }),
      RUNS,
    );
  });
});

describe("the two methods", () => {
  it("agree exactly with two drivers (relative weights equal the Shapley values)", () => {
    fc.assert(fc.property(data(2, 2), (d) => {
      const s = usable(d, "shapley");
      const r = usable(d, "rw");
      s.raw.forEach((v, k) => expect(near(r.raw[k], v, 1e-12)).toBe(true));
    }), RUNS);
  });

  it("both give each orthogonal driver its squared correlation with the outcome", () => {
    // Columns of the Sylvester-Hadamard design of 16 runs: centred and mutually orthogonal.
    const hadamard = (i: number, j: number) => (popcount(i & j) % 2 === 0 ? 1 : -1);
    const popcount = (v: number) => v.toString(2).replace(/0/g, "").length;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 15 }), { minLength: 2, maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 16, maxLength: 16 }),
        fc.constantFrom(1, 2, 3),
        (columns, answers, copies) => {
          const rows = Array.from({ length: 16 * copies }, (_, i) => i % 16);
          const d: Data = { y: rows.map((i) => answers[i]), x: rows.map((i) => columns.map((c) => 5 + 2 * hadamard(i, c))) };
          const ym = d.y.reduce((s, v) => s + v, 0) / d.y.length;
          const syy = d.y.reduce((s, v) => s + (v - ym) ** 2, 0);
          fc.pre(syy > 0);
          const r2 = columns.map((_, j) => {
            const sxy = d.x.reduce((s, row, i) => s + (row[j] - 5) * (d.y[i] - ym), 0);
            return (sxy * sxy) / (4 * d.y.length * syy);
          });
          for (const method of ["shapley", "rw"] as const) {
            const a = usable(d, method);
            r2.forEach((v, j) => expect(Math.abs(a.raw[j] - v)).toBeLessThan(1e-14));
          }
        },
      ),
      RUNS,
    );
  });
});

describe("Shapley values", () => {
  it("equal their definition: the R² each driver adds, averaged over every order of entry (independent least squares)", () => {
    fc.assert(fc.property(data(1, 4), (d) => {
      const a = usable(d, "shapley");
      lmgByOrders(d.y, d.x).forEach((v, j) => expect(near(a.raw[j], v, 1e-9)).toBe(true));
    }), { numRuns: Math.min(RUNS.numRuns, 60) });
  });
});
