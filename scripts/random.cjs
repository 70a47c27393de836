// Seeded random numbers for generated data (the example survey, test fixtures, bench inputs),
// so every run sees the same values. CommonJS so that .mjs scripts, tsx and Jest all load it.

/**
 * mulberry32, Tommy Ettinger's 32-bit generator (public domain): floats in [0, 1).
 * @param {number} seed
 * @returns {() => number}
 */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A Gamma(shape k, scale 1) variate from a uniform generator: Marsaglia and Tsang (2000), "A
 * simple method for generating gamma variables", boosted for k < 1 (their section 6).
 * @param {() => number} random floats in [0, 1)
 * @param {number} k
 * @returns {number}
 */
function gammaVariate(random, k) {
  if (k < 1) return gammaVariate(random, k + 1) * random() ** (1 / k);
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x;
    let v;
    do {
      x = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    if (Math.log(1 - random()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

module.exports = { mulberry32, gammaVariate };
