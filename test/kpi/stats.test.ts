import { normalCdf, normalQuantile, normalTail, zFor } from "../../src/kpi/stats";
import { twoSidedP } from "../helpers/excelArgs";

// Quantiles and tails of the standard normal distribution from published tables
// (Abramowitz and Stegun, table 26.1 and 26.5; R's qnorm/pnorm to 10 digits).
const QUANTILES: [p: number, z: number][] = [
  [0.5, 0],
  [0.9, 1.281551566],
  [0.95, 1.644853627],
  [0.975, 1.959963985],
  [0.99, 2.326347874],
  [0.995, 2.575829304],
  [0.999, 3.090232306],
  [0.9999999, 5.199337582],
  [0.025, -1.959963985],
  [0.01, -2.326347874],
  [1e-10, -6.361340902],
];

const TAILS: [x: number, upper: number][] = [
  [0, 0.5],
  [0.5, 0.3085375387259869],
  [1, 0.15865525393145707],
  [1.959963984540054, 0.025],
  [2, 0.022750131948179195],
  [3, 0.0013498980316301],
  [5, 2.866515718791939e-7],
];

describe("normalQuantile", () => {
  it.each(QUANTILES)("puts the %p quantile at %p within 1e-9", (p, z) => {
    expect(Math.abs(normalQuantile(p) - z)).toBeLessThan(1e-9);
  });

  it("is antisymmetric around 0.5", () => {
    for (const p of [0.001, 0.02, 0.2, 0.3, 0.45]) expect(normalQuantile(p)).toBeCloseTo(-normalQuantile(1 - p), 9);
  });

  it("inverts normalCdf across the whole range, in the tails too", () => {
    for (const p of [1e-12, 1e-6, 0.001, 0.02425, 0.1, 0.5, 0.77, 0.97575, 0.999, 1 - 1e-9]) {
      const z = normalQuantile(p);
      expect(Math.abs(normalCdf(z) - p) / Math.min(p, 1 - p)).toBeLessThan(1e-6);
    }
  });
});

describe("zFor", () => {
  it("gives 1.959964 for a confidence of 0.95", () => {
    expect(zFor(0.95)).toBeCloseTo(1.959964, 6);
  });

  it("gives 1.644854 for 0.90 and 2.575829 for 0.99", () => {
    expect(zFor(0.9)).toBeCloseTo(1.644854, 6);
    expect(zFor(0.99)).toBeCloseTo(2.575829, 6);
  });
});

describe("normalTail", () => {
  it.each(TAILS)("gives P(Z > %p) = %p to 10 significant digits", (x, upper) => {
    expect(Math.abs(normalTail(x) - upper) / upper).toBeLessThan(1e-10);
  });

  it("keeps 7 significant digits in the far tail, where p-values are far below any threshold", () => {
    expect(Math.abs(normalTail(8) - 6.22096057427178e-16) / 6.22096057427178e-16).toBeLessThan(1e-7);
    expect(Math.abs(normalTail(10) - 7.619853024160527e-24) / 7.619853024160527e-24).toBeLessThan(1e-7);
  });

  it("is the tail beyond |x|, the same for x and -x", () => {
    expect(normalTail(-1)).toBe(normalTail(1));
    expect(normalTail(-3.3)).toBe(normalTail(3.3));
  });

  it("does not cancel to 0 where 1 - cdf would, and reaches 0 only far out", () => {
    expect(normalTail(9)).toBeGreaterThan(0);
    expect(normalTail(30)).toBeGreaterThan(0);
    expect(normalTail(40)).toBe(0);
  });

  it("agrees with numerical integration of the normal density", () => {
    for (const x of [0.1, 0.38, 1.2, 2.5, 4]) expect(2 * normalTail(x)).toBeCloseTo(twoSidedP(x), 10);
  });
});

describe("normalCdf", () => {
  it("is 0.5 at 0 and rises through the known values", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.8413447461, 10);
    expect(normalCdf(-1)).toBeCloseTo(0.1586552539, 10);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 10);
  });
});

// ---------------------------------------------------------------------------------------------
// Accuracy to 1e-12 relative in the far tail (spec/functions.md, "Errors"). Reference values
// computed with mpmath at 40 digits (erfc for the normal tail, the regularized incomplete beta
// for Student's t); independent checks against @stdlib (a port of Boost's ibeta and FreeBSD's
// erfc, a dev dependency only) over random arguments.
import stdlibErfc from "@stdlib/math-base-special-erfc";
import stdlibTCdf from "@stdlib/stats-base-dists-t-cdf";
import stdlibTQuantile from "@stdlib/stats-base-dists-t-quantile";
import fc from "fast-check";
import {
  benjaminiHochberg,
  centredSumOfSquares,
  gammaRatioHalf,
  meanInterval,
  tQuantile,
  tTwoSidedP,
  twoProportionP,
  welchP,
  pooledTP,
  wilsonInterval,
} from "../../src/kpi/stats";
import { expectKpiError, num } from "../helpers/excelArgs";

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

const NORMAL_TAILS_MPMATH: [z: number, upper: number][] = [
  [1.96, 0.024997895148220436],
  [5, 2.8665157187919391e-7],
  [10, 7.6198530241605261e-24],
  [20, 2.7536241186062337e-89],
  [30, 4.9067139271481871e-198],
  [37, 5.7255712225245768e-300],
];

describe("normalTail in the far tail", () => {
  it.each(NORMAL_TAILS_MPMATH)("gives P(Z > %p) = %p to 1e-12 relative (mpmath)", (z, upper) => {
    expect(relative(normalTail(z), upper)).toBeLessThan(1e-12);
  });

  it("agrees with stdlib's erfc(z / sqrt 2) / 2 to 1e-12 relative from 0 to 37", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 37, noNaN: true }), (z) => {
        const reference = stdlibErfc(z / Math.SQRT2) / 2;
        // erfc(z / sqrt 2) carries the rounding of z / sqrt 2, amplified by z^2: allow for it.
        expect(relative(normalTail(z), reference)).toBeLessThan(1e-13 + z * z * 2.3e-16);
      }),
      { numRuns: 500 },
    );
  });
});

const T_TAILS_MPMATH: [t: number, v: number, p: number][] = [
  [2.4469118511449692, 6, 0.05000000000000005],
  [3, 1e6, 0.0026998625414217971],
  [10, 1e6, 1.527861076817825e-23],
  [40, 3, 3.4380680789158528e-5],
  [5, 1.5, 0.065375767621156236],
  [1.5, 30, 0.144065929128646],
  [0.5, 4.5, 0.64054950207404715],
  [20, 50, 1.6548521947439636e-25],
  [37, 1e8, 1.1504999776822914983e-299],
  [1.2, 2.5, 0.33143883766587756],
  [3.198800771863631698, 8.6306011057799993, 0.011449631409227563],
];

describe("tTwoSidedP", () => {
  it.each(T_TAILS_MPMATH)("gives P(|T| > %p) with %p degrees of freedom as %p to 1e-12 relative (mpmath)", (t, v, p) => {
    expect(relative(tTwoSidedP(t, v), p)).toBeLessThan(1e-12);
    expect(tTwoSidedP(-t, v)).toBe(tTwoSidedP(t, v));
  });

  it("is the Cauchy tail 2 atan(1/t) / pi with 1 degree of freedom, even at t = 1e100", () => {
    for (const t of [0.3, 1, 7, 1e5, 1e100]) expect(relative(tTwoSidedP(t, 1), (2 * Math.atan(1 / t)) / Math.PI)).toBeLessThan(1e-13);
  });

  it("is 1 at t = 0, 0 at infinity and the normal tail with infinite degrees of freedom", () => {
    expect(tTwoSidedP(0, 5)).toBe(1);
    expect(tTwoSidedP(Infinity, 5)).toBe(0);
    expect(tTwoSidedP(3, Infinity)).toBe(2 * normalTail(3));
    expect(tTwoSidedP(3, 0)).toBeNaN();
  });

  it("agrees with stdlib's Student t CDF to 1e-12 relative for degrees of freedom from 1 to 1e6", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 60, noNaN: true }), fc.double({ min: 1, max: 1e6, noNaN: true }), (t, v) => {
        // With one degree of freedom Student's t is the Cauchy distribution, p = 1 - (2/pi) atan(t)
        // exactly; stdlib's own branch for v = 1 rounds to 1 for t below about 1e-11 (t = 3.14e-12:
        // it gives 1, the truth is 1 - 2.0e-12), so there the closed form is the reference.
        const reference = v === 1 ? 1 - (2 / Math.PI) * Math.atan(t) : 2 * stdlibTCdf(-t, v);
        fc.pre(reference > 1e-300);
        // Near 1 a reference is good to about 1e-16 absolute, not relative, so there the check is absolute.
        if (reference > 0.5) expect(Math.abs(tTwoSidedP(t, v) - reference)).toBeLessThan(2e-12);
        else expect(relative(tTwoSidedP(t, v), reference)).toBeLessThan(1e-12);
      }),
      { numRuns: 500 },
    );
  });
});

describe("tQuantile", () => {
  const MPMATH: [p: number, v: number, t: number][] = [
    [0.975, 6, 2.4469118511449693],
    [0.975, 1e6, 1.9599663568141067],
    [0.995, 2.5, 7.1637281389487829],
    [1e-10, 3, -2225.7692846830932],
    [0.025, 100, -1.9839715185235523],
    [0.9995, 12, 4.3177912836062473],
  ];

  it.each(MPMATH)("puts the %p quantile with %p degrees of freedom at %p to 1e-12 relative (mpmath)", (p, v, t) => {
    expect(relative(tQuantile(p, v), t)).toBeLessThan(1e-12);
  });

  it("has the closed forms of 1 and 2 degrees of freedom: tan(pi (p - 1/2)) and (2p - 1) / sqrt(2 p (1 - p))", () => {
    for (const p of [0.6, 0.9, 0.975, 0.999]) {
      expect(relative(tQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)))).toBeLessThan(1e-12);
      expect(relative(tQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)))).toBeLessThan(1e-12);
    }
  });

  it("is antisymmetric, 0 at one half and NaN outside (0, 1)", () => {
    expect(tQuantile(0.5, 7)).toBe(0);
    expect(tQuantile(0.1, 7)).toBe(-tQuantile(0.9, 7));
    expect(tQuantile(0, 7)).toBeNaN();
    expect(tQuantile(1, 7)).toBeNaN();
  });

  it("inverts tTwoSidedP and agrees with stdlib's quantile to 1e-12 relative", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 0.4999, noNaN: true }), fc.double({ min: 1, max: 1e5, noNaN: true }), (alpha, v) => {
        const p = 1 - alpha;
        const t = tQuantile(p, v);
        // 1 - p is exact (Sterbenz), 1 - alpha is not: the tail to reach is 1 - p.
        expect(relative(tTwoSidedP(t, v) / 2, 1 - p)).toBeLessThan(1e-11);
        expect(relative(t, stdlibTQuantile(p, v))).toBeLessThan(1e-10);
      }),
      { numRuns: 300 },
    );
  });
});

describe("gammaRatioHalf", () => {
  it("gives Gamma(a + 1/2) / Gamma(a): 1/sqrt(pi) at 1/2, sqrt(pi)/2 at 1, and 7.0534125148769133 at 50 (mpmath)", () => {
    expect(relative(gammaRatioHalf(0.5), 1 / Math.sqrt(Math.PI))).toBeLessThan(1e-14);
    expect(relative(gammaRatioHalf(1), Math.sqrt(Math.PI) / 2)).toBeLessThan(1e-14);
    expect(relative(gammaRatioHalf(50), 7.0534125148769133)).toBeLessThan(1e-14);
    // mpmath: gamma(10.5)/gamma(10) = 3.1230114333906128, across the switch to the series at 50
    expect(relative(gammaRatioHalf(10), 3.1230114333906128)).toBeLessThan(1e-14);
  });
});

// ---------------------------------------------------------------------------------------------
// Kernels from sufficient statistics.

describe("wilsonInterval", () => {
  it("gives the Wilson interval 0.598715 to 0.771183 for 74 of 107 (spec/functions.md)", () => {
    const [lo, hi] = wilsonInterval(74, 107, 0.95);
    expect(lo).toBeCloseTo(0.598715, 6);
    expect(hi).toBeCloseTo(0.771183, 6);
    // mpmath at 40 digits: 0.59871509132198554 .. 0.77118260252129767
    expect(relative(lo, 0.59871509132198554)).toBeLessThan(1e-14);
    expect(relative(hi, 0.77118260252129767)).toBeLessThan(1e-14);
  });

  it("gives 0.645070 to 0.740575 for 246 of 354, and 0.342380 to exactly 1 for 2 of 2 (spec/functions.md)", () => {
    const [lo, hi] = wilsonInterval(246, 354, 0.95);
    expect(lo).toBeCloseTo(0.64507, 6);
    expect(hi).toBeCloseTo(0.740575, 6);
    const [lo2, hi2] = wilsonInterval(2, 2, 0.95);
    expect(lo2).toBeCloseTo(0.34238, 6);
    expect(hi2).toBe(1);
  });

  it("holds the share itself at a confidence next to 0, where both bounds are the share (fast-check: 1 of 5 at 5e-324 gave a lower bound above the upper)", () => {
    for (const [s, n] of [[1, 5], [1, 3], [2, 7], [7, 10]]) {
      const [lo, hi] = wilsonInterval(s, n, 5e-324);
      expect(lo).toBeLessThanOrEqual(s / n);
      expect(hi).toBeGreaterThanOrEqual(s / n);
      expect(hi - lo).toBeLessThan(1e-15);
    }
  });

  it("starts at exactly 0 for 0 successes and keeps relative accuracy for 1 of a million", () => {
    expect(wilsonInterval(0, 5, 0.95)[0]).toBe(0);
    // mpmath: 1.7652457674537147e-7 .. 5.664911804311443e-6
    const [lo, hi] = wilsonInterval(1, 1e6, 0.95);
    expect(relative(lo, 1.7652457674537147e-7)).toBeLessThan(1e-13);
    expect(relative(hi, 5.664911804311443e-6)).toBeLessThan(1e-13);
  });

  it("narrows with a lower confidence: 0.614183 to 0.759545 at 90 % for 74 of 107 (mpmath)", () => {
    const [lo, hi] = wilsonInterval(74, 107, 0.9);
    expect(lo).toBeCloseTo(0.61418271785863911, 12);
    expect(hi).toBeCloseTo(0.75954497820036465, 12);
  });

  it("holds the share and mirrors with the failures", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.5, max: 0.999, noNaN: true }), (n, share, c) => {
        const s = Math.round(share * n);
        const [lo, hi] = wilsonInterval(s, n, c);
        expect(lo).toBeLessThanOrEqual(s / n);
        expect(hi).toBeGreaterThanOrEqual(s / n);
        const [flo, fhi] = wilsonInterval(n - s, n, c);
        expect(1 - fhi).toBeCloseTo(lo, 12);
        expect(1 - flo).toBeCloseTo(hi, 12);
      }),
    );
  });
});

describe("twoProportionP", () => {
  it("gives p = 0.168148 for 74/107 against 60/100 (spec/functions.md; mpmath 0.16814812499006719)", () => {
    const p = num(twoProportionP(74, 107, 60, 100));
    expect(p).toBeCloseTo(0.168148, 6);
    expect(relative(p, 0.16814812499006719)).toBeLessThan(1e-13);
  });

  it("is 1 for equal shares and symmetric in the groups", () => {
    expect(num(twoProportionP(30, 60, 50, 100))).toBe(1);
    expect(num(twoProportionP(60, 100, 74, 107))).toBe(num(twoProportionP(74, 107, 60, 100)));
  });

  it("is #NUM! when both groups are all successes or all failures", () => {
    expectKpiError(twoProportionP(5, 5, 3, 3), "#NUM!");
    expectKpiError(twoProportionP(0, 5, 0, 3), "#NUM!");
  });
});

describe("centredSumOfSquares", () => {
  it("is exact for whole numbers even when the mean dwarfs the spread", () => {
    // 1e7 + 1, 1e7 + 2, 1e7 + 3: the centred sum of squares is 2; sumSq - sum^2/n gives 0 or 4.
    const xs = [1e7 + 1, 1e7 + 2, 1e7 + 3];
    const sum = xs.reduce((a, b) => a + b, 0);
    const sq = xs.reduce((a, b) => a + b * b, 0);
    expect(centredSumOfSquares(3, sum, sq)).toBe(2);
    expect(centredSumOfSquares(4, 20, 100)).toBe(0);
  });
});

describe("meanInterval", () => {
  const A = [7, 6, 5, 4, 6, 7, 5];
  const stats = (xs: number[]) => [xs.length, xs.reduce((a, b) => a + b, 0), xs.reduce((a, b) => a + b * b, 0)] as const;

  it("gives the t interval 4.685212 to 6.743359 for 7,6,5,4,6,7,5 (spec/functions.md; mpmath 4.6852123652240012 .. 6.7433590633474274)", () => {
    const interval = meanInterval(...stats(A), 0.95);
    expect(interval).not.toBeNull();
    if (!interval) return;
    expect(relative(interval[0], 4.6852123652240012)).toBeLessThan(1e-13);
    expect(relative(interval[1], 6.7433590633474274)).toBeLessThan(1e-13);
  });

  it("is null below two values and a point for values without spread", () => {
    expect(meanInterval(1, 5, 25, 0.95)).toBeNull();
    expect(meanInterval(3, 15, 75, 0.95)).toEqual([5, 5]);
  });
});

describe("welchP", () => {
  it("gives p = 0.011450 for 7,6,5,4,6,7,5 against 3,4,5,4,2 (spec/functions.md; mpmath 0.011449631409227563)", () => {
    const p = num(welchP(7, 40, 236, 5, 18, 70));
    expect(relative(p, 0.011449631409227563)).toBeLessThan(1e-12);
    expect(num(welchP(5, 18, 70, 7, 40, 236))).toBe(p);
  });

  it("is #NUM! without spread in either group or with a group of one", () => {
    expectKpiError(welchP(3, 15, 75, 4, 8, 16), "#NUM!");
    expectKpiError(welchP(1, 5, 25, 4, 10, 30), "#NUM!");
  });

  it("uses the other group's degrees of freedom when one group has no spread", () => {
    // group b: 2, 2, 2; group a: 1, 2, 3 -> t = 0, p = 1
    expect(num(welchP(3, 6, 14, 3, 6, 12))).toBe(1);
  });
});

describe("pooledTP", () => {
  it("gives p = 0.009282 for 7,6,5,4,6,7,5 against 3,4,5,4,2 (spec/functions.md; scipy ttest_ind 0.009282447871029092)", () => {
    const p = num(pooledTP(7, 40, 236, 5, 18, 70));
    expect(relative(p, 0.009282447871029092)).toBeLessThan(1e-10);
    expect(num(pooledTP(5, 18, 70, 7, 40, 236))).toBe(p);
  });

  it("gives 1 without spread when the means agree, and #NUM! when they differ", () => {
    expect(num(pooledTP(3, 21, 147, 2, 14, 98))).toBe(1);
    expect(num(pooledTP(1, 4, 16, 1, 4, 16))).toBe(1);
    expectKpiError(pooledTP(3, 15, 75, 4, 8, 16), "#NUM!");
  });

  it("tests a group of one against a group with spread (n1 + n2 - 2 degrees of freedom)", () => {
    // 2 against 5, 6, 7: pooled s^2 = 2 / 2 = 1, t = -4 / sqrt(1 + 1/3), 2 degrees of freedom.
    const t = -4 / Math.sqrt(1 + 1 / 3);
    // Two-sided t tail with 2 degrees of freedom in closed form: 1 - |t| / sqrt(t^2 + 2).
    expect(num(pooledTP(1, 2, 4, 3, 18, 110))).toBeCloseTo(1 - Math.abs(t) / Math.sqrt(t * t + 2), 12);
  });

  it("is #NUM! with no degrees of freedom and different answers", () => {
    expectKpiError(pooledTP(1, 3, 9, 1, 4, 16), "#NUM!");
  });
});

describe("benjaminiHochberg", () => {
  it("gives 0.025, 0.05, 0.05, 0.025, 0.2 for 0.01, 0.04, 0.03, 0.005, 0.2 (spec/functions.md)", () => {
    const adjusted = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2]);
    [0.025, 0.05, 0.05, 0.025, 0.2].forEach((q, k) => expect(adjusted[k]).toBeCloseTo(q, 15));
  });

  it("caps at 1, keeps ties together and gives nothing for nothing", () => {
    expect(benjaminiHochberg([0.9, 0.8])).toEqual([0.9, 0.9]);
    const tied = benjaminiHochberg([0.6, 0.6, 1]);
    expect(tied[0]).toBe(tied[1]);
    expect(tied[0]).toBeCloseTo(0.9, 15);
    expect(benjaminiHochberg([0.5, 0.9, 0.7])).toEqual([0.9, 0.9, 0.9]);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(benjaminiHochberg([0.3])).toEqual([0.3]);
  });
});
