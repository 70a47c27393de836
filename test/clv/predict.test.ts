// KPI.CLV.PREDICT at long horizons (issue 20, finding 11): a horizon of 10,000 periods took
// 0.38 s per customer, because each of its 10,000 periods summed a 2F1 series that grows longer
// as the period moves out (5e7 terms in all). The curve of expected purchases is now summed one
// period at a time for the first 64 periods and interpolated beyond (bgnbd.ts, expectedByPeriod),
// and one call sums at most CLV_TERM_BUDGET series terms: the work is counted here, not timed.
import { expectedPurchases, type BgnbdParams } from "../../src/clv/bgnbd";
import { clvPredict } from "../../src/clv/functions";
import { expectedSpend } from "../../src/clv/gammagamma";
import { CLV_TERM_BUDGET, discountedPurchases } from "../../src/clv/predict";
import { seriesWork } from "../../src/clv/special";
import { expectKpiError, ok } from "../helpers/excelArgs";

const BG: BgnbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG = { p: 6.25, q: 3.74, gamma: 15.44 };
const args = [BG.r, BG.alpha, BG.a, BG.b, GG.p, GG.q, GG.gamma] as const;

/** The definition, period by period: Σ_k (E[Y(min(k, h))] - E[Y(k-1)]) / (1 + d)^k, for each d. */
function periodByPeriod(h: number, x: number, tx: number, T: number, p: BgnbdParams, rates: readonly number[]): number[] {
  const values = rates.map(() => 0);
  let before = 0;
  for (let k = 1; k <= Math.ceil(h); k++) {
    const upTo = expectedPurchases(Math.min(k, h), x, tx, T, p);
    rates.forEach((d, i) => (values[i] += (upTo - before) / (1 + d) ** k));
    before = upTo;
  }
  return values;
}

function termsOf(run: () => unknown): number {
  const before = seriesWork.terms;
  run();
  return seriesWork.terms - before;
}

describe("KPI.CLV.PREDICT at long horizons", () => {
  it("gives mpmath's value for CDNOW's customer 1 over 10,000 weeks at 10 % a year, summing fewer than 300,000 series terms", () => {
    // mpmath 1.3, 25 digits: the period-by-period sum of (a+b+x-1)/(a-1) (1 - ((α+T)/(α+T+t))^(r+x)
    // hyp2f1(r+x, b+x; a+b+x-1; t/(α+T+t))) · P(alive) over t = 1 .. 10,000, discounted by 1.001826^k.
    const want = 6.3700904911678703782 * expectedSpend(2, 22.35, GG) * 0.3;
    let got = NaN;
    const terms = termsOf(() => (got = ok(clvPredict(10_000, 2, 30.43, 38.86, 22.35, ...args, 0.001826, 0.3))[0][0] as number));
    expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * want);
    // Period by period it summed about 5e7 terms (measured: 1.3e7 for 5,000 weeks alone).
    expect(terms).toBeLessThan(300_000);
  });

  it.each([
    [0, 0, 38.86],
    [2, 30.43, 38.86],
    [11, 35.1, 37.9],
    [40, 20, 39],
  ])("agrees with the period-by-period sum over 1,000 weeks for x = %p (t_x %p, T %p) to 1e-12", (x, tx, T) => {
    const rates = [0.0001, 0.001826, 0.05];
    const want = periodByPeriod(1000, x, tx, T, BG, rates);
    rates.forEach((d, i) => expect(Math.abs(discountedPurchases(1000, x, tx, T, BG, d) - want[i])).toBeLessThanOrEqual(1e-12 * want[i]));
  });

  it("keeps a fractional horizon's last period partial, as the period-by-period sum does", () => {
    const [want] = periodByPeriod(777.5, 2, 30.43, 38.86, BG, [0.001]);
    expect(Math.abs(discountedPurchases(777.5, 2, 30.43, 38.86, BG, 0.001) - want)).toBeLessThanOrEqual(1e-12 * want);
  });

  it("gives up with a clear error, within its budget of series terms, where the series cannot settle", () => {
    // A rate scale α of 1e-4 against an age of 0.01: at 10,000 periods 2F1's argument is 1 - 1e-6.
    let result: unknown;
    const terms = termsOf(() => (result = clvPredict(10_000, 3, 0.005, 0.01, 20, 1, 1e-4, 0.5, 2, GG.p, GG.q, GG.gamma, 0.001, 0.3)));
    expectKpiError(result, "#VALUE!", "too long");
    expect(terms).toBeLessThanOrEqual(CLV_TERM_BUDGET);
  });
});
