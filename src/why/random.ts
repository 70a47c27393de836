/**
 * Seeded random numbers for the why functions, so the same inputs and seed give the same result
 * on every machine and in every host: both generators use only 32-bit integer operations
 * (imul, shifts, xor), which JavaScript defines exactly.
 *
 * - mulberry32, Tommy Ettinger's 32-bit generator (public domain): floats in [0, 1), for the
 *   themes' noise floor (the same generator as scripts/random.cjs, which makes the project's
 *   generated data).
 * - xoshiro128** 1.1 (Blackman and Vigna, "Scrambled linear pseudorandom number generators",
 *   2021; public domain reference code xoshiro128starstar.c at prng.di.unimi.it), for the
 *   drivers' bootstrap: period 2^128 - 1, its state filled from the seed by a 32-bit SplitMix (a
 *   Weyl sequence with step 0x9e3779b9 through MurmurHash3's fmix32 finaliser). A row index is
 *   drawn as floor(u * n / 2^32) from one 32-bit output u (Lemire's multiply-shift without the
 *   rejection step: its bias, at most n / 2^32, is below 1e-3 for a million rows).
 *   test/why/random.test.ts checks its outputs against the reference C code.
 */
// Module-level aliases of Math: a global lookup per call is slow in some hosts (node:vm contexts).
const { floor, imul } = Math;

/** mulberry32: floats in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles `xs` in place (Fisher-Yates) with the generator given. */
export function shuffle<T>(xs: T[], random: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = floor(random() * (i + 1));
    const t = xs[i];
    xs[i] = xs[j];
    xs[j] = t;
  }
  return xs;
}

/** Seeds are whole numbers from 0 to this (a 32-bit unsigned integer). */
export const MAX_SEED = 4294967295;

export interface Random {
  /** The next 32-bit output, as an unsigned integer. */
  next(): number;
  /** A whole number from 0 to n - 1 (n at most 2^32). */
  below(n: number): number;
}

const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));

/** The generator for a seed from 0 to MAX_SEED. */
export function xoshiro128ss(seed: number): Random {
  let weyl = seed >>> 0;
  const splitmix = (): number => {
    weyl = (weyl + 0x9e3779b9) | 0;
    let z = weyl;
    z = imul(z ^ (z >>> 16), 0x85ebca6b);
    z = imul(z ^ (z >>> 13), 0xc2b2ae35);
    return z ^ (z >>> 16);
  };
  let s0 = splitmix();
  let s1 = splitmix();
  let s2 = splitmix();
  let s3 = splitmix();
  const next = (): number => {
    const result = imul(rotl(imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  return { next, below: (n) => floor((next() * n) / 4294967296) };
}
