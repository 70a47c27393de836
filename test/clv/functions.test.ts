// The predictive-CLV catalogue functions with arguments shaped as Excel passes them (2-D
// ranges, null for blanks and omitted arguments): reading, shapes, spills and errors.
import { expectedPurchases } from "../../src/clv/bgnbd";
import {
  BGNBD_LABELS, bgnbdAlive, bgnbdExpected, bgnbdFit, clvPredict, GG_LABELS, ggFit, ggSpend, rfm, SBG_LABELS, sbgDerl, sbgFit, sbgRetention, sbgSurvival,
} from "../../src/clv/functions";
import { expectedSpend } from "../../src/clv/gammagamma";
import { serialOf } from "../../src/clv/read";
import { expectKpiError, ok } from "../helpers/excelArgs";
import { col } from "./cdnow";

const BG = [0.243, 4.414, 0.793, 2.426] as const;
const GG = [6.25, 3.74, 15.44] as const;
const JAN1 = serialOf(1997, 1, 1);

describe("KPI.RFM", () => {
  const ids = col(["a", "a", "a", "b", "b", "c"]);
  const dates = col([JAN1, JAN1, JAN1 + 14, JAN1 + 7, JAN1 + 70, JAN1 + 3]);
  const amounts = col([10, 5, 20, 8, 30, 12]);

  it("spills id, x, t_x, T, mean repeat spend and first purchase date per customer, in weeks up to the last purchase by default", () => {
    expect(ok(rfm(ids, dates, amounts))).toEqual([
      ["a", 1, 2, 10, 20, JAN1],
      ["b", 1, 9, 9, 30, JAN1 + 7],
      ["c", 0, 0, 70 / 7 - 3 / 7, 0, JAN1 + 3],
    ]);
  });

  it("reads end_date as a date serial or \"YYYY-MM-DD\" text and ignores purchases after it", () => {
    const viaSerial = ok(rfm(ids, dates, amounts, JAN1 + 28, "day"));
    expect(ok(rfm(ids, dates, amounts, "1997-01-29", "DAY"))).toEqual(viaSerial);
    expect(viaSerial[1]).toEqual(["b", 0, 0, 21, 0, JAN1 + 7]);
  });

  it("reads a date with a time of day as its day", () => {
    const withTime = ok(rfm(col(["a", "a"]), col([JAN1 + 0.25, JAN1 + 7.9]), col([1, 2])));
    expect(withTime).toEqual([["a", 1, 1, 1, 2, JAN1]]);
  });

  it("skips rows whose id, date or amount is unreadable or whose amount is negative", () => {
    const spill = ok(rfm(col(["a", "a", "a", "a", true, "a"]), col([JAN1, "soon", JAN1 + 7, JAN1 + 14, JAN1 + 21, JAN1 + 28]), col([1, 2, "N/A", -5, 9, 3]), null, "day"));
    expect(spill).toEqual([["a", 1, 28, 28, 3, JAN1]]);
  });

  it("is #N/A when no row is readable, and #VALUE! for ranges of different sizes or an unknown period", () => {
    expectKpiError(rfm(col([null, ""]), col([null, null]), col([null, null])), "#N/A", "no transactions");
    expectKpiError(rfm(col(["a"]), col([JAN1, JAN1]), col([1])), "#VALUE!", "as many cells");
    expectKpiError(rfm(ids, dates, amounts, null, "fortnight"), "#VALUE!", "period", "week");
    expectKpiError(rfm(ids, dates, amounts, "last tuesday"), "#VALUE!", "end_date");
    expectKpiError(rfm(ids, dates, amounts, JAN1 - 1), "#N/A", "no transactions on or before end_date");
  });
});

describe("KPI.BGNBD.FIT", () => {
  it("spills r, alpha, a, b, Log-likelihood, Customers, Converged and skips rows with a blank", () => {
    const spill = ok(bgnbdFit(col([0, 1, 2, 0, 5, null, 3]), col([0, 5, 20, 0, 30, 1, 12]), col([30, 31, 32, 25, 35, 20, 40])));
    expect(spill.map((r) => r[0])).toEqual([...BGNBD_LABELS]);
    expect(spill[5][1]).toBe(6);
    expect(typeof spill[6][1]).toBe("boolean");
    for (const row of spill.slice(0, 5)) expect(Number.isFinite(row[1])).toBe(true);
  });

  it("is #N/A with a message when no customer bought again", () => {
    expectKpiError(bgnbdFit(col([0, 0]), col([0, 0]), col([10, 20])), "#N/A", "no repeat buyers", "BG/NBD");
  });

  it("names the cell of a recency after the age or a negative frequency", () => {
    expectKpiError(bgnbdFit(col([1, 2]), col([5, 40]), col([30, 38])), "#VALUE!", "recency 40 at row 2, column 1", "age 38");
    expectKpiError(bgnbdFit(col([1, -2]), col([5, 4]), col([30, 38])), "#VALUE!", "frequency -2 at row 2, column 1", "negative");
  });

  it("is #VALUE! for ranges of different shapes", () => {
    expectKpiError(bgnbdFit(col([1, 2, 3]), col([5, 4]), col([30, 38])), "#VALUE!", "recency is 2 x 1", "frequency is 3 x 1");
  });
});

describe("KPI.BGNBD.ALIVE and KPI.BGNBD.EXPECTED", () => {
  it("take single values and spill one cell", () => {
    const alive = ok(bgnbdAlive(2, 30.43, 38.86, ...BG));
    expect(alive).toHaveLength(1);
    expect(alive[0][0]).toBeCloseTo(0.7266, 4);
    expect(ok(bgnbdExpected(39, 2, 30.43, 38.86, ...BG))[0][0]).toBeCloseTo(1.226, 3);
  });

  it("spill the shape of their ranges, blank where a cell is blank or text, a single cell applying to all", () => {
    const x = [[0, 2], [null, "n/a"]];
    const tx = [[0, 30.43], [1, 1]];
    const spill = ok(bgnbdAlive(x, tx, 38.86, ...BG));
    expect(spill).toHaveLength(2);
    expect(spill[0][0]).toBe(1);
    expect(spill[1]).toEqual(["", ""]);
    const horizons = ok(bgnbdExpected([[13, 26, 52]], 2, 30.43, 38.86, ...BG));
    expect(horizons[0]).toEqual([13, 26, 52].map((t) => expectedPurchases(t, 2, 30.43, 38.86, { r: BG[0], alpha: BG[1], a: BG[2], b: BG[3] })));
  });

  it("reject parameters at or below 0, and text in them", () => {
    expectKpiError(bgnbdAlive(2, 30, 38, 0, 4.4, 0.8, 2.4), "#VALUE!", "r 0", "above 0");
    expectKpiError(bgnbdAlive(2, 30, 38, 0.2, "alpha", 0.8, 2.4), "#VALUE!", "alpha must be a number");
  });

  it("name a negative horizon, and one too long for the model's series", () => {
    expectKpiError(bgnbdExpected(col([4, -1]), 2, 30.43, 38.86, ...BG), "#VALUE!", "horizon -1 at row 2, column 1");
    expectKpiError(bgnbdExpected(1e9, 2, 30.43, 38.86, ...BG), "#VALUE!", "horizon 1000000000", "too long");
  });

  it("are #N/A when no customer row is readable", () => {
    expectKpiError(bgnbdAlive(col([null, ""]), col([null, null]), col([null, null]), ...BG), "#N/A");
  });
});

describe("KPI.GG.FIT and KPI.GG.SPEND", () => {
  it("fit repeat buyers only and spill p, q, gamma, Log-likelihood, Customers, Converged", () => {
    const spill = ok(ggFit(col([0, 1, 2, 3, 1, 4, 2, 6]), col([0, 10, 22, 15, 40, 18, 30, 25])));
    expect(spill.map((r) => r[0])).toEqual([...GG_LABELS]);
    expect(spill[4][1]).toBe(7);
  });

  it("is #N/A with a message when every customer has frequency 0", () => {
    expectKpiError(ggFit(col([0, 0, 0]), col([0, 0, 0])), "#N/A", "no repeat buyers", "Gamma-Gamma");
  });

  it("names a repeat buyer with a mean spend of 0", () => {
    expectKpiError(ggFit(col([1, 2]), col([10, 0])), "#VALUE!", "avg_spend 0 at row 2, column 1", "frequency 2");
  });

  it("gives the population mean for frequency 0 and refuses q at or below 1", () => {
    expect(ok(ggSpend(0, 0, ...GG))[0][0]).toBeCloseTo((6.25 * 15.44) / 2.74, 10);
    expectKpiError(ggSpend(2, 20, 6.25, 1, 15.44), "#VALUE!", "q 1", "above 1");
  });
});

describe("KPI.CLV.PREDICT", () => {
  const p = { r: BG[0], alpha: BG[1], a: BG[2], b: BG[3] };

  it("is the sum over periods of expected purchases in each x expected spend x margin, discounted", () => {
    const [h, x, tx, T, z, d, m] = [4, 2, 30.43, 38.86, 22.35, 0.01, 0.3];
    const spend = expectedSpend(x, z, { p: GG[0], q: GG[1], gamma: GG[2] });
    let expected = 0;
    for (let k = 1; k <= h; k++) expected += ((expectedPurchases(k, x, tx, T, p) - expectedPurchases(k - 1, x, tx, T, p)) * spend * m) / (1 + d) ** k;
    expect(ok(clvPredict(h, x, tx, T, z, ...BG, ...GG, d, m))[0][0]).toBeCloseTo(expected, 10);
  });

  it("with no discount and full margin is expected purchases x expected spend", () => {
    const v = ok(clvPredict(52, 2, 30.43, 38.86, 22.35, ...BG, ...GG))[0][0] as number;
    expect(v).toBeCloseTo(expectedPurchases(52, 2, 30.43, 38.86, p) * expectedSpend(2, 22.35, { p: GG[0], q: GG[1], gamma: GG[2] }), 9);
  });

  it("refuses a margin given as a percentage, a discount rate at or below -1 and a horizon past 10000 periods", () => {
    expectKpiError(clvPredict(52, 2, 30, 38, 22, ...BG, ...GG, 0, 30), "#VALUE!", "margin");
    expectKpiError(clvPredict(52, 2, 30, 38, 22, ...BG, ...GG, -1), "#VALUE!", "discount_rate");
    expectKpiError(clvPredict(20000, 2, 30, 38, 22, ...BG, ...GG), "#VALUE!", "horizon 20000", "10000");
  });
});

describe("KPI.SBG.FIT, SURVIVAL, RETENTION and DERL", () => {
  it("fit a column of survivors, skipping a header, and spill alpha, beta, Log-likelihood, Customers, Converged", () => {
    const spill = ok(sbgFit(col(["regular_alive", 1000, 631, 468, 382, 326, 289, 262, 241, null])));
    expect(spill.map((r) => r[0])).toEqual([...SBG_LABELS]);
    expect(spill[0][1]).toBeCloseTo(0.704, 3);
    expect(spill[1][1]).toBeCloseTo(1.182, 3);
    expect(spill[3][1]).toBe(1000);
    expect(spill[4][1]).toBe(true);
  });

  it("say Converged FALSE for a cohort that never churns, rather than a silent number", () => {
    const spill = ok(sbgFit(col([200, 200, 200])));
    expect(spill[4]).toEqual(["Converged", false]);
  });

  it("refuse survivors that rise, a single period and an empty cohort", () => {
    expectKpiError(sbgFit(col([100, 80, 90])), "#VALUE!", "rise from 80 at period 1 to 90 at period 2");
    expectKpiError(sbgFit(col([100])), "#VALUE!", "two periods");
    expectKpiError(sbgFit(col([0, 0])), "#VALUE!", "period 0");
    expectKpiError(sbgFit(col([null])), "#N/A");
  });

  it("spill survival and retention over a range of periods, and name a period that is not whole", () => {
    const s = ok(sbgSurvival(col([0, 1, 2]), 0.668, 3.806));
    expect(s[0][0]).toBe(1);
    expect(s[1][0]).toBeCloseTo(3.806 / 4.474, 12);
    expect(ok(sbgRetention(2, 0.668, 3.806))[0][0]).toBeCloseTo(4.806 / 5.474, 12);
    expectKpiError(sbgSurvival(col([1, 2.5]), 0.668, 3.806), "#VALUE!", "periods 2.5 at row 2, column 1", "whole number");
    expectKpiError(sbgRetention(0, 0.668, 3.806), "#VALUE!", "period 0", "from 1");
  });

  it("give DERL with renewals 0 by default, and refuse a discount rate of 0 when the lifetime is infinite", () => {
    expect(sbgDerl(0.668, 3.806, 0.1)).toBe(sbgDerl(0.668, 3.806, 0.1, 0));
    expectKpiError(sbgDerl(0.668, 3.806, 0), "#VALUE!", "discount_rate 0", "infinite");
    expectKpiError(sbgDerl(0.668, 3.806, 1e-9), "#VALUE!", "too close to 0");
    expectKpiError(sbgDerl(0.668, 3.806, -0.1), "#VALUE!", "discount_rate");
    expectKpiError(sbgDerl(0.668, 3.806, 0.1, 1.5), "#VALUE!", "renewals");
  });
});
