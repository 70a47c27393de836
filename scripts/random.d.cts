/** mulberry32: a seeded generator of floats in [0, 1), the same sequence on every run. */
export declare function mulberry32(seed: number): () => number;
/** A Gamma(shape k, scale 1) variate drawn with `random` (Marsaglia and Tsang 2000). */
export declare function gammaVariate(random: () => number, k: number): number;
