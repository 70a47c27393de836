// The radix sort of positions behind Spearman's ranks and the CLV table's order: against the
// stable comparator sort it replaces, on arrays that stress what a radix sort of a double's bits
// can get wrong (negatives, -0 beside 0, ties, magnitudes from subnormal to 1e300).
import fc from "fast-check";
import { ascendingOrder, ascendingPositions } from "../../src/math/order";

const byComparator = (values: readonly number[]) => Array.from({ length: values.length }, (_, i) => i).sort((i, j) => values[i] - values[j]);

describe("ascendingPositions", () => {
  it("orders positions as a stable comparator sort does, ties (and -0 with 0) in the order given", () => {
    const value = fc.oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.constantFrom(0, -0, 5e-324, -5e-324, 1e300, -1e300, 0.1, 0.30000000000000004),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), (values) => {
        expect(Array.from(ascendingPositions(values)!)).toEqual(byComparator(values));
      }),
      { numRuns: 500 },
    );
  });

  it("orders 100,000 values with many ties as the comparator does (every radix pass used)", () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const values = Array.from({ length: 100_000 }, (_, i) => (i % 3 === 0 ? Math.floor(next() * 50) : (next() - 0.5) * 1e4));
    expect(Array.from(ascendingPositions(values)!)).toEqual(byComparator(values));
  });

  it("gives null for NaN or an infinity, where the caller keeps its comparator", () => {
    expect(ascendingPositions([1, NaN, 2])).toBeNull();
    expect(ascendingPositions([1, -Infinity])).toBeNull();
    expect(Array.from(ascendingPositions([])!)).toEqual([]);
  });
});

describe("ascendingOrder", () => {
  it("is the radix order for finite numbers and the comparator's where one is NaN or infinite", () => {
    const finite = [3, -1, 0, -0, 2, -1];
    expect(Array.from(ascendingOrder(finite))).toEqual(byComparator(finite));
    for (const values of [[2, -Infinity, 1, Infinity, 0], [2, NaN, 1, 0], [NaN, NaN]]) expect(Array.from(ascendingOrder(values))).toEqual(byComparator(values));
    expect(Array.from(ascendingOrder([2, -Infinity, 1, Infinity, 0]))).toEqual([1, 4, 2, 0, 3]);
  });
});
