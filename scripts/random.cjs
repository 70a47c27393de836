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

module.exports = { mulberry32 };
