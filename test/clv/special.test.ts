// Special functions of src/clv/special.ts against independent implementations. Every expected
// value below was computed with mpmath 1.3.0 at 40 significant digits (mpmath.loggamma,
// mpmath.digamma, mpmath.hyp2f1) and agrees with scipy.special 1.17 (gammaln, digamma,
// hyp2f1) to the digits shown or to 1e-15 relative; the commands are in each table's comment.
import { betaIncomplete, betaln, digamma, digammaDifference, gammaln, hyp2f1, hyp2f1Log, hyp2f1Signed, lnPochhammer } from "../../src/clv/special";

/** |actual - expected| within rel * |expected| + abs. */
function near(actual: number, expected: number, rel: number, abs = 0): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + abs);
}

describe("gammaln", () => {
  // mpmath.nstr(mpmath.loggamma(x), 20) with mp.dps = 40
  const table: [number, number][] = [
    [1e-8, 18.420680738180208884],
    [0.1, 2.252712651734205902],
    [0.5, 0.57236494292470008707],
    [1.5, -0.12078223763524522235],
    [2.5, 0.28468287047291915963],
    [7.25, 7.0521854507385394449],
    [9.99, 12.77931521435019336],
    [10, 12.801827480081469611],
    [33.3, 82.603723581654943008],
    [1000, 5905.2204232091812118],
    [1e6, 12815504.56914761166],
  ];

  it.each(table)("of %p matches mpmath to 1e-14 relative or 3e-15 absolute", (x, expected) => {
    near(gammaln(x), expected, 1e-14, 3e-15);
  });

  it("is 0 at 1 and 2 to within 2e-15", () => {
    expect(Math.abs(gammaln(1))).toBeLessThan(2e-15);
    expect(Math.abs(gammaln(2))).toBeLessThan(2e-15);
  });

  it("satisfies the recurrence ln Γ(x+1) = ln Γ(x) + ln x across the switch to Stirling's series", () => {
    for (const x of [0.3, 3.7, 9.5, 9.999, 10.5, 123.4]) near(gammaln(x + 1), gammaln(x) + Math.log(x), 1e-14, 4e-15);
  });

  it("is NaN outside x > 0 and infinite at infinity", () => {
    expect(gammaln(0)).toBeNaN();
    expect(gammaln(-1.5)).toBeNaN();
    expect(gammaln(NaN)).toBeNaN();
    expect(gammaln(Infinity)).toBe(Infinity);
  });
});

describe("digamma", () => {
  // mpmath.nstr(mpmath.digamma(x), 20) with mp.dps = 40
  const table: [number, number][] = [
    [1e-8, -100000000.57721564636],
    [0.1, -10.423754940411076232],
    [0.5, -1.9635100260214234794],
    [1, -0.57721566490153286061],
    [1.5, 0.036489973978576520559],
    [2, 0.42278433509846713939],
    [7.25, 1.9104535268837360284],
    [9.99, 2.250700372831201122],
    [10, 2.2517525890667211076],
    [33.3, 3.4904672385202427773],
    [1000, 6.9072551956488120521],
    [1e6, 13.815510057964190771],
  ];

  it.each(table)("of %p matches mpmath to 1e-14 relative or 2e-15 absolute", (x, expected) => {
    near(digamma(x), expected, 1e-14, 2e-15);
  });

  it("is the derivative of gammaln (central difference)", () => {
    for (const x of [0.25, 1.7, 12, 250]) {
      const h = 1e-5 * Math.max(1, x);
      near(digamma(x), (gammaln(x + h) - gammaln(x - h)) / (2 * h), 1e-7, 1e-8);
    }
  });

  it("is NaN outside x > 0", () => {
    expect(digamma(0)).toBeNaN();
    expect(digamma(-2)).toBeNaN();
  });
});

describe("lnPochhammer and digammaDifference (ln Γ(a+x) - ln Γ(a), ψ(a+x) - ψ(a))", () => {
  // mpmath.nstr(mpmath.loggamma(a+x) - mpmath.loggamma(a), 20) and the same with mpmath.digamma, mp.dps = 40
  const table: [number, number, number, number][] = [
    [1e12, 3, 82.893063347788644625, 2.999999999997e-12],
    [2.5e7, 17, 289.58457394815087571, 6.7999978240009574395e-7],
    [1e9, 1000.5, 20733.627969864592695, 1.000499500000458333e-6],
    [0.3, 100.5, 361.72174432566922082, 8.1106940588746968769],
    [15, 200.7, 916.48892037986811705, 2.6972220663369094487],
    [3.5, 0.25, 0.28584197624634283072, 0.079380747966553041416],
  ];

  it.each(table)("at a = %p, x = %p match mpmath to 1e-13 relative, where a difference of two ln Γ or ψ cannot", (a, x, lnPoch, psiDiff) => {
    near(lnPochhammer(a, x), lnPoch, 1e-13);
    near(digammaDifference(a, x), psiDiff, 1e-13);
  });

  it("shows why: at a = 1e12 the difference of the two ln Γ is off by more than 1e-4", () => {
    expect(Math.abs(gammaln(1e12 + 3) - gammaln(1e12) - 82.893063347788644625)).toBeGreaterThan(1e-4);
  });

  it("is 0 for x = 0", () => {
    expect(lnPochhammer(2.5, 0)).toBe(0);
    expect(digammaDifference(2.5, 0)).toBe(0);
  });
});

describe("betaIncomplete (the regularized I_x(a, b))", () => {
  // scipy.special.betainc(a, b, x), scipy 1.17
  it.each([
    [472, 0.5, 0.96, 5.43170302262887e-10],
    [0.5, 472, 0.04, 0.9999999994568297],
    [2.5, 3.5, 0.3, 0.29675298929566646],
    [10, 0.5, 0.999, 0.8888967091248604],
    [0.5, 0.5, 0.5, 0.5000000000000001],
    [200, 0.5, 0.2, 7.158517712299899e-142],
  ])("of a = %p, b = %p at x = %p matches scipy to 1e-12 relative", (a, b, x, want) => {
    near(betaIncomplete(x, a, b), want, 1e-12);
  });
});

describe("betaln", () => {
  it("gives ln B(2, 3) = ln(1/12) and ln B(0.5, 0.5) = ln π", () => {
    near(betaln(2, 3), Math.log(1 / 12), 1e-14, 4e-15);
    near(betaln(0.5, 0.5), Math.log(Math.PI), 1e-14, 4e-15);
  });
});

describe("hyp2f1 (Gauss's 2F1)", () => {
  // float(mpmath.hyp2f1(a, b, c, z)) with mp.dps = 40; the first two are BG/NBD's, the third is
  // the sBG DERL of Fader and Hardie's High End cohort at d = 0.001.
  const table: [a: number, b: number, c: number, z: number, expected: number, rel: number][] = [
    [2.243, 4.426, 5.219, 0.5, 3.6147077068232819043, 1e-14],
    [0.243, 2.426, 2.219, 0.4738, 1.1901097273363337636, 1e-14],
    [1, 4.806, 5.474, 1 / 1.001, 61.190676001532039319, 1e-13],
    [1, 2.182, 2.886, 0.999, 32.471246987596605225, 1e-13],
    [12.243, 12.426, 13.219, 0.999, 2.3899027347253709445e34, 1e-11],
    [5.5, 0.5, 1.5, 0.99, 112396397.71428526621, 1e-13],
    [1.5, 2.5, 3.2, 0.999, 593.47433184236901936, 1e-13],
    [0.3, 0.2, 1.7, 0.9, 1.0481302105913573454, 1e-14],
    [30.2, 31.4, 32.2, 0.95, 1.870696814091219755e38, 1e-13],
    [100, 120, 150, 0.9, 1.6469664807157624301e75, 1e-13],
    // Beyond the 0.999 the issue asks for: 0.9999, about 4e5 terms.
    [1, 2.182, 2.886, 0.9999, 70.309372453695892364, 1e-12],
    [2.243, 4.426, 5.219, 0.9999, 1581154.2782186098538, 1e-12],
    // c below 0 (BG/NBD with x = 0 and a + b < 1): the first terms change sign.
    [0.5, 0.3, -0.2, 0.6, -0.32071145001661415134, 1e-13],
  ];

  it.each(table)("2F1(%p, %p; %p; %p) matches mpmath", (a, b, c, z, expected, rel) => {
    near(hyp2f1(a, b, c, z), expected, rel);
  });

  it("gives the logarithm of values too large for a double without overflow", () => {
    // 2F1(a, b; c; z) with large a, b: its logarithm, against the product of a known closed form
    // 2F1(a, b; b; z) = (1 - z)^-a (A&S 15.1.8).
    expect(hyp2f1Log(800, 3, 3, 0.9)).toBeCloseTo(-800 * Math.log(0.1), 8);
    expect(Number.isFinite(hyp2f1Log(800, 3, 3, 0.9))).toBe(true);
    expect(hyp2f1(800, 3, 3, 0.9)).toBe(Infinity);
  });

  it("meets the closed form 2F1(1, 1; 2; z) = -ln(1 - z) / z up to z = 0.999 (A&S 15.1.3)", () => {
    for (const z of [0.1, 0.5, 0.9, 0.99, 0.999]) near(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z, 1e-13);
  });

  it("is 1 at z = 0 and Gauss's Γ(c)Γ(c-a-b)/(Γ(c-a)Γ(c-b)) at z = 1", () => {
    expect(hyp2f1(2, 3, 4, 0)).toBe(1);
    // 2F1(1, 1; 3; 1) = Γ(3)Γ(1)/(Γ(2)Γ(2)) = 2
    near(hyp2f1(1, 1, 3, 1), 2, 1e-14);
    expect(hyp2f1(1, 2, 3, 1)).toBe(Infinity);
  });

  it("is NaN, not a wrong number, outside its domain or where the series would not settle", () => {
    expect(hyp2f1Signed(1, 1, -2, 0.5).log).toBeNaN();
    expect(hyp2f1Signed(-1, 1, 2, 0.5).log).toBeNaN();
    expect(hyp2f1Signed(1, 1, 2, 1.5).log).toBeNaN();
    expect(hyp2f1Signed(1, 1, 2, 1 - 1e-12).log).toBeNaN();
  });
});
