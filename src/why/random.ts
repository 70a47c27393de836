/**
 * Seeded random numbers for the why functions (noise floors, resamples), so the same inputs and
 * seed give the same result on every machine and in every host.
 *
 * mulberry32, Tommy Ettinger's 32-bit generator (public domain): floats in [0, 1). The same
 * generator as scripts/random.cjs, which makes the project's generated data.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles `xs` in place (Fisher-Yates) with the generator given. */
export function shuffle<T>(xs: T[], random: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = xs[i];
    xs[i] = xs[j];
    xs[j] = t;
  }
  return xs;
}
