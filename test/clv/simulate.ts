// Customers simulated from the BG/NBD and Gamma-Gamma models themselves (seeded), to check that
// the fits recover the parameters they were drawn with and that a converged fit is a maximum.
import type { BgnbdParams } from "../../src/clv/bgnbd";
import { mulberry32 } from "../../scripts/random.cjs";

/** Gamma(shape, scale 1) by Marsaglia and Tsang (2000), with the shape < 1 boost. */
export function gamma(random: () => number, shape: number): number {
  if (shape < 1) return gamma(random, shape + 1) * random() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      // A standard normal by Box-Muller.
      x = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

export interface Simulated {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
}

/**
 * n customers observed for T periods each from their first purchase: rate λ ~ Gamma(r, α)
 * (α a rate), dropout p ~ Beta(a, b) after each repeat purchase (Fader, Hardie and Lee 2005,
 * assumptions i-v).
 */
export function simulateBgnbd(n: number, p: BgnbdParams, T: number, seed: number): Simulated {
  const random = mulberry32(seed);
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const ages = new Float64Array(n).fill(T);
  for (let i = 0; i < n; i++) {
    const lambda = gamma(random, p.r) / p.alpha;
    const ga = gamma(random, p.a);
    const drop = ga / (ga + gamma(random, p.b));
    let t = 0;
    for (;;) {
      t += -Math.log(1 - random()) / lambda;
      if (t > T) break;
      x[i]++;
      tx[i] = t;
      if (random() < drop) break;
    }
  }
  return { x, tx, T: ages };
}
