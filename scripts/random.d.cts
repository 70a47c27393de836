/** mulberry32: a seeded generator of floats in [0, 1), the same sequence on every run. */
export declare function mulberry32(seed: number): () => number;
