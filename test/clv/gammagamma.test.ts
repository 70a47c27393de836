import { expectedSpend, fitGammaGamma, gammaGammaGradient, gammaGammaLogLikelihood, type GammaGammaParams } from "../../src/clv/gammagamma";
import { gammaln } from "../../src/clv/special";
import { mulberry32 } from "../../scripts/random.cjs";
import { cdnowSummary, describeWithData } from "./cdnow";
import { gamma as gammaVariate } from "./simulate";

/** Published fit on the 946 repeat buyers of CDNOW (Fader, Hardie and Lee 2005, "RFM and CLV: Using Iso-Value Curves"). */
const PUBLISHED: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

describeWithData("Gamma-Gamma on the CDNOW repeat buyers", () => {
  const buyers = cdnowSummary().filter((c) => c.x > 0);
  const data = { x: Float64Array.from(buyers.map((c) => c.x)), zbar: Float64Array.from(buyers.map((c) => c.zbar)) };

  it("has 946 repeat buyers", () => {
    expect(buyers).toHaveLength(946);
  });

  it("fits p, q, gamma within 1e-2 of the published 6.25, 3.74, 15.44 with log-likelihood -4055.9", () => {
    const fit = fitGammaGamma(data);
    if (!fit) throw new Error("no fit");
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.params.p - 6.25)).toBeLessThan(1e-2);
    expect(Math.abs(fit.params.q - 3.74)).toBeLessThan(1e-2);
    expect(Math.abs(fit.params.gamma - 15.44)).toBeLessThan(1e-2);
    expect(Math.abs(fit.logLikelihood + 4055.9)).toBeLessThan(0.1);
    expect(fit.customers).toBe(946);
  });

  it("lands on the same optimum, to 1e-9, when mean spends move in their last bit (amounts added in another order, as DuckDB and JavaScript add them)", () => {
    const fit = fitGammaGamma(data);
    if (!fit) throw new Error("no fit");
    for (let seed = 1; seed <= 12; seed++) {
      const random = mulberry32(seed);
      // One buyer in twenty: the mean spend one unit in the last place up or down.
      const zbar = data.zbar.map((z) => (random() < 0.05 ? z * (1 + (random() < 0.5 ? 1 : -1) * Number.EPSILON) : z));
      const moved = fitGammaGamma({ x: data.x, zbar });
      if (!moved) throw new Error("no fit");
      for (const k of ["p", "q", "gamma"] as const) expect(Math.abs(moved.params[k] / fit.params[k] - 1)).toBeLessThan(1e-9);
    }
  });

  it("does not depend on the currency unit: in cents, gamma is 100 times larger and p, q stay", () => {
    const dollars = fitGammaGamma(data);
    const cents = fitGammaGamma({ x: data.x, zbar: data.zbar.map((v) => v * 100) });
    if (!dollars || !cents) throw new Error("no fit");
    expect(cents.converged).toBe(true);
    expect(cents.params.gamma / dollars.params.gamma).toBeCloseTo(100, 3);
    expect(cents.params.p).toBeCloseTo(dollars.params.p, 4);
    expect(cents.params.q).toBeCloseTo(dollars.params.q, 4);
  });

  it("expects 24.66 per purchase from customer 1 (x 2, mean 22.35), as spec/functions.md and the lifetimes tests (24.65 +- 0.1) say", () => {
    const fit = fitGammaGamma(data);
    if (!fit) throw new Error("no fit");
    expect(Math.abs(expectedSpend(2, 22.35, fit.params) - 24.66)).toBeLessThan(0.01);
  });
});

describeWithData("the Gamma-Gamma verdict", () => {
  it("is 'converged' on the CDNOW repeat buyers", () => {
    const buyers = cdnowSummary().filter((c) => c.x > 0);
    expect(fitGammaGamma({ x: Float64Array.from(buyers.map((c) => c.x)), zbar: Float64Array.from(buyers.map((c) => c.zbar)) })?.verdict).toBe("converged");
  });
});

describe("the Gamma-Gamma verdict on a ridge (issue 25)", () => {
  // 400 buyers who all share one mean spend (ζ = 20, spends Gamma(4, 1/5)): no spread of ζ across
  // customers, so the likelihood keeps rising as q and γ grow together (ζ ~ Gamma(q, γ) narrows).
  const random = mulberry32(3);
  const x: number[] = [];
  const zbar: number[] = [];
  for (let i = 0; i < 400; i++) {
    const n = 1 + Math.floor(random() * 6);
    let sum = 0;
    for (let j = 0; j < n; j++) sum += gammaVariate(random, 4) / 0.2;
    x.push(n);
    zbar.push(sum / n);
  }
  const fit = fitGammaGamma({ x: Float64Array.from(x), zbar: Float64Array.from(zbar) });
  const reversed = fitGammaGamma({ x: Float64Array.from(x).reverse(), zbar: Float64Array.from(zbar).reverse() });

  it("is 'not identified', naming q and gamma", () => {
    expect(fit?.verdict).toBe("not identified");
    expect(fit?.flat).toEqual(["q", "gamma"]);
    expect(fit?.converged).toBe(false);
  });

  it("is the same, to the last digit, with the buyers in reverse order", () => {
    expect(reversed?.params).toEqual(fit?.params);
    expect(reversed?.verdict).toBe(fit?.verdict);
  });
});

describe("the Gamma-Gamma log-likelihood", () => {
  const data = { x: Float64Array.from([1, 2, 2, 5, 11]), zbar: Float64Array.from([10, 35.5, 12, 80, 20.25]) };

  it.each([[PUBLISHED], [{ p: 0.8, q: 1.5, gamma: 3 }], [{ p: 40, q: 12, gamma: 200 }]])(
    "has the analytic gradient that central differences of it give, at %p",
    (params) => {
      const g = gammaGammaGradient(data, params);
      (["p", "q", "gamma"] as const).forEach((key, i) => {
        const h = 1e-6;
        const up = gammaGammaLogLikelihood(data, { ...params, [key]: params[key] * Math.exp(h) });
        const down = gammaGammaLogLikelihood(data, { ...params, [key]: params[key] * Math.exp(-h) });
        expect(g[i]).toBeCloseTo((up - down) / (2 * h), 5);
      });
    },
  );

  it("is the density of the mean of x Gamma(p, ζ) spends with ζ ~ Gamma(q, γ), written out for one buyer", () => {
    // Fader and Hardie (2013), "The Gamma-Gamma Model of Monetary Value", eq. 3.
    const { p, q, gamma } = PUBLISHED;
    const [x, z] = [3, 25];
    const ln =
      gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * Math.log(gamma) + (p * x - 1) * Math.log(z) + p * x * Math.log(x) - (p * x + q) * Math.log(x * z + gamma);
    expect(gammaGammaLogLikelihood({ x: Float64Array.from([x]), zbar: Float64Array.from([z]) }, PUBLISHED)).toBeCloseTo(ln, 12);
  });
});

describe("expected spend", () => {
  it("is the population mean p γ / (q - 1) for a customer without repeat purchases", () => {
    expect(expectedSpend(0, 0, PUBLISHED)).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
  });

  it("moves from the population mean towards the customer's own mean as purchases accumulate", () => {
    const population = expectedSpend(0, 0, PUBLISHED);
    const own = 100;
    const spends = [1, 5, 50, 5000].map((x) => expectedSpend(x, own, PUBLISHED));
    for (let k = 1; k < spends.length; k++) expect(Math.abs(spends[k] - own)).toBeLessThan(Math.abs(spends[k - 1] - own));
    expect(spends[0]).toBeGreaterThan(population);
    expect(spends[3]).toBeCloseTo(own, 0);
  });

  it("is NaN for q at or below 1, where the mean spend is infinite", () => {
    expect(expectedSpend(2, 20, { p: 1, q: 1, gamma: 5 })).toBeNaN();
  });
});
