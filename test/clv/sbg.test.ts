import { betaln } from "../../src/clv/special";
import { derl, fitSbg, retentionRate, sbgGradient, sbgLogLikelihood, survival, type SbgParams } from "../../src/clv/sbg";
import { describeWithData, sbgCohorts } from "./cdnow";

/** DERL as its plain series, Σ_{t>=n} S(t)/S(n-1)/(1+d)^(t-n), summed until the terms vanish. */
function derlSeries(p: SbgParams, d: number, renewals: number): number {
  const n = renewals + 1;
  let ratio = 1; // S(t) / S(n-1)
  let sum = 0;
  for (let t = n; t < n + 5_000_000; t++) {
    ratio *= (p.beta + t - 1) / (p.alpha + p.beta + t - 1);
    const term = ratio / (1 + d) ** (t - n);
    sum += term;
    if (term < 1e-18 * sum) break;
  }
  return sum;
}

describeWithData("sBG on the two cohorts of Fader and Hardie (2007)", () => {
  const { regular, highEnd } = sbgCohorts();

  it("fits the Regular cohort to the published alpha 0.704, beta 1.182", () => {
    const fit = fitSbg(regular);
    if (!fit) throw new Error("no fit");
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.params.alpha - 0.704)).toBeLessThan(1e-3);
    expect(Math.abs(fit.params.beta - 1.182)).toBeLessThan(1e-3);
    expect(fit.customers).toBe(1000);
  });

  it("fits the High End cohort to the published alpha 0.668, beta 3.806, log-likelihood -1611.2", () => {
    const fit = fitSbg(highEnd);
    if (!fit) throw new Error("no fit");
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.params.alpha - 0.668)).toBeLessThan(1e-3);
    expect(Math.abs(fit.params.beta - 3.806)).toBeLessThan(1e-3);
    expect(Math.abs(fit.logLikelihood + 1611.2)).toBeLessThan(0.1);
  });
});

describe("the sBG model", () => {
  const p: SbgParams = { alpha: 0.668, beta: 3.806 };

  it("has S(t) = B(α, β+t) / B(α, β) and S(0) = 1", () => {
    expect(survival(0, p)).toBe(1);
    for (const t of [1, 2, 7, 50, 1000]) expect(survival(t, p)).toBeCloseTo(Math.exp(betaln(p.alpha, p.beta + t) - betaln(p.alpha, p.beta)), 12);
  });

  it("has retention r_t = S(t) / S(t-1), rising with t (the survivors are the loyal ones)", () => {
    for (let t = 1; t <= 12; t++) {
      expect(retentionRate(t, p)).toBeCloseTo(survival(t, p) / survival(t - 1, p), 12);
      if (t > 1) expect(retentionRate(t, p)).toBeGreaterThan(retentionRate(t - 1, p));
    }
  });

  it("has a log-likelihood Σ (n_{t-1} - n_t) ln P(T=t) + n_k ln S(k), written out for three periods", () => {
    const n = [100, 60, 40, 31];
    const P = (t: number) => survival(t - 1, p) - survival(t, p);
    const ll = 40 * Math.log(P(1)) + 20 * Math.log(P(2)) + 9 * Math.log(P(3)) + 31 * Math.log(survival(3, p));
    expect(sbgLogLikelihood(n, p)).toBeCloseTo(ll, 10);
  });

  it.each([[{ alpha: 0.668, beta: 3.806 }], [{ alpha: 5, beta: 0.2 }], [{ alpha: 0.05, beta: 40 }]])(
    "has the analytic gradient that central differences of it give, at %p",
    (q) => {
      const n = [1000, 869, 743, 653, 593, 551, 517, 491];
      const g = sbgGradient(n, q);
      (["alpha", "beta"] as const).forEach((key, i) => {
        const h = 1e-6;
        const up = sbgLogLikelihood(n, { ...q, [key]: q[key] * Math.exp(h) });
        const down = sbgLogLikelihood(n, { ...q, [key]: q[key] * Math.exp(-h) });
        expect(g[i]).toBeCloseTo((up - down) / (2 * h), 4);
      });
    },
  );

  it("reports a cohort that never churns as not converged (beta runs to infinity)", () => {
    const fit = fitSbg([500, 500, 500, 500]);
    expect(fit?.converged).toBe(false);
  });
});

describe("DERL", () => {
  it.each([
    [{ alpha: 0.668, beta: 3.806 }, 0.1, 0],
    [{ alpha: 0.668, beta: 3.806 }, 0.01, 0],
    [{ alpha: 0.668, beta: 3.806 }, 0.001, 0],
    [{ alpha: 0.704, beta: 1.182 }, 0.1, 0],
    [{ alpha: 0.704, beta: 1.182 }, 0.1, 4],
    [{ alpha: 3.2, beta: 8 }, 0.05, 10],
    [{ alpha: 0.2, beta: 0.3 }, 0.25, 2],
  ])("at %p, d = %p, %p renewals equals its plain series Σ S(t)/S(n-1)/(1+d)^(t-n)", (p, d, renewals) => {
    const closed = derl(p, d, renewals);
    expect(Math.abs(closed - derlSeries(p, d, renewals))).toBeLessThan(1e-10 * closed);
  });

  it("is the undiscounted expected residual lifetime at d = 0 when alpha > 1, and infinite otherwise", () => {
    const p = { alpha: 3.2, beta: 8 };
    // E[residual lifetime] of a new customer = Σ_{t>=1} S(t) = β / (α - 1) (Fader and Hardie 2010).
    expect(derl(p, 0, 0)).toBeCloseTo(8 / 2.2, 10);
    expect(derl({ alpha: 0.7, beta: 1.2 }, 0, 0)).toBe(Infinity);
  });

  it("grows with each renewal (the customers who stay are the loyal ones)", () => {
    const p = { alpha: 0.668, beta: 3.806 };
    let before = 0;
    for (const n of [0, 1, 2, 5, 10]) {
      const v = derl(p, 0.1, n);
      expect(v).toBeGreaterThan(before);
      before = v;
    }
  });
});
