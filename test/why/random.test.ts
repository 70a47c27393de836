// The bootstrap's generator against the reference C code (test/why/xoshiro128ss.c, Blackman and
// Vigna's xoshiro128** 1.1 with uint32_t arithmetic and our SplitMix32 seeding): the same seed
// gives the same draws in C as in JavaScript, so on every machine.
import { MAX_SEED, xoshiro128ss } from "../../src/why/random";

/** Printed by `cc -O2 -o /tmp/x test/why/xoshiro128ss.c && /tmp/x`: outputs 1 to 6, and the 1000th. */
const REFERENCE: [seed: number, first: number[], thousandth: number][] = [
  [0, [3809008728, 1133695204, 53579671, 2891528803, 139681546, 2203266335], 3855962975],
  [1, [2442144158, 3238099751, 3819917871, 2104621829, 2021136066, 4223536128], 4020342576],
  [42, [2837322924, 544945897, 479756282, 3500138142, 339756180, 113173290], 3502085780],
  [4294967295, [835879718, 1921286648, 2356205009, 1885780724, 980451116, 1053911718], 1166679599],
];

describe("xoshiro128** seeded by SplitMix32", () => {
  it.each(REFERENCE)("gives the reference C code's outputs for seed %d", (seed, first, thousandth) => {
    const random = xoshiro128ss(seed);
    expect(Array.from({ length: 6 }, () => random.next())).toEqual(first);
    let last = 0;
    for (let k = 0; k < 994; k++) last = random.next();
    expect(last).toBe(thousandth);
  });

  it("takes seeds up to 2^32 - 1", () => {
    expect(MAX_SEED).toBe(2 ** 32 - 1);
  });

  it("draws row indices floor(u n / 2^32): below n, and evenly (each of 10 indices within 4 standard deviations, 380, of 10,000 in 100,000 draws)", () => {
    const random = xoshiro128ss(7);
    const counts = new Array<number>(10).fill(0);
    for (let k = 0; k < 100_000; k++) counts[random.below(10)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(4 * Math.sqrt(100_000 * 0.1 * 0.9));
    const reference = xoshiro128ss(7);
    const again = xoshiro128ss(7);
    for (let k = 0; k < 100; k++) expect(again.below(2000)).toBe(Math.floor((reference.next() * 2000) / 2 ** 32));
  });
});
