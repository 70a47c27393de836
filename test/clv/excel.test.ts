// Issue 8, "What must be shown" 1: the predictive-CLV functions called as Excel calls them,
// through the built dist/functions.js (test/helpers/functionsRuntime.ts), on the CDNOW files
// and the sBG cohorts of ../shared/data. Run `npm run build` first (`npm test` does).
import { serialOf } from "../../src/clv/read";
import { CustomFunctionsError, ErrorCode, loadFunctions, type LoadedFunctions } from "../helpers/functionsRuntime";
import { cdnowLog, cdnowSummary, col, describeWithData, sbgCohorts } from "./cdnow";

let loaded: LoadedFunctions;
beforeAll(() => {
  loaded = loadFunctions();
});

function call(name: string, ...args: unknown[]): unknown {
  const fn = loaded.registered.get(name);
  if (!fn) throw new Error(`KPI.${name} is not registered by dist/functions.js`);
  return fn(...args);
}

/** A fit's spill as label -> value. */
function fit(name: string, ...args: unknown[]): Map<string, unknown> {
  const spill = call(name, ...args) as unknown[][];
  return new Map(spill.map((row) => [row[0] as string, row[1]]));
}

function thrown(run: () => unknown): CustomFunctionsError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CustomFunctionsError);
    return error as CustomFunctionsError;
  }
  throw new Error("expected a CustomFunctions.Error");
}

const PUBLISHED_BG = [0.243, 4.414, 0.793, 2.426];

describeWithData("predictive CLV through dist/functions.js on the CDNOW summary", () => {
  const summary = cdnowSummary();
  const x = col(summary.map((c) => c.x));
  const tx = col(summary.map((c) => c.tx));
  const T = col(summary.map((c) => c.T));
  const zbar = col(summary.map((c) => c.zbar));

  it("KPI.BGNBD.FIT gives r, alpha, a, b within 1e-3 of 0.243, 4.414, 0.793, 2.426 and log-likelihood -9582.4 (Fader, Hardie and Lee 2005)", () => {
    const f = fit("BGNBD.FIT", x, tx, T);
    expect([...f.keys()]).toEqual(["r", "alpha", "a", "b", "Log-likelihood", "Customers", "Converged"]);
    expect(Math.abs((f.get("r") as number) - 0.243)).toBeLessThan(1e-3);
    expect(Math.abs((f.get("alpha") as number) - 4.414)).toBeLessThan(1e-3);
    expect(Math.abs((f.get("a") as number) - 0.793)).toBeLessThan(1e-3);
    expect(Math.abs((f.get("b") as number) - 2.426)).toBeLessThan(1e-3);
    expect(Math.abs((f.get("Log-likelihood") as number) + 9582.4)).toBeLessThan(0.1);
    expect(f.get("Customers")).toBe(2357);
    expect(f.get("Converged")).toBe(true);
  });

  it("KPI.BGNBD.EXPECTED is 1.226 for x 2, t_x 30.43, T 38.86 over 39 weeks at the published parameters", () => {
    const spill = call("BGNBD.EXPECTED", [[39]], [[2]], [[30.43]], [[38.86]], ...PUBLISHED_BG) as number[][];
    expect(spill[0][0]).toBeCloseTo(1.226, 3);
  });

  it("KPI.BGNBD.ALIVE spills a probability per customer, 1 for those who never bought again", () => {
    const spill = call("BGNBD.ALIVE", x, tx, T, ...PUBLISHED_BG) as number[][];
    expect(spill).toHaveLength(2357);
    spill.forEach((row, i) => {
      expect(row[0]).toBeGreaterThanOrEqual(0);
      expect(row[0]).toBeLessThanOrEqual(1);
      if (summary[i].x === 0) expect(row[0]).toBe(1);
    });
  });

  it("KPI.GG.FIT gives p, q, gamma within 1e-2 of 6.25, 3.74, 15.44 and log-likelihood -4055.9 on the 946 repeat buyers", () => {
    const f = fit("GG.FIT", x, zbar);
    expect(Math.abs((f.get("p") as number) - 6.25)).toBeLessThan(1e-2);
    expect(Math.abs((f.get("q") as number) - 3.74)).toBeLessThan(1e-2);
    expect(Math.abs((f.get("gamma") as number) - 15.44)).toBeLessThan(1e-2);
    expect(Math.abs((f.get("Log-likelihood") as number) + 4055.9)).toBeLessThan(0.1);
    expect(f.get("Customers")).toBe(946);
    expect(f.get("Converged")).toBe(true);
    const spend = call("GG.SPEND", 2, 22.35, f.get("p"), f.get("q"), f.get("gamma")) as number[][];
    expect(Math.abs(spend[0][0] - 24.66)).toBeLessThan(0.01);
  });

  it("KPI.GG.FIT is #N/A with a message when every customer has frequency 0", () => {
    const e = thrown(() => call("GG.FIT", col([0, 0, 0]), col([0, 0, 0])));
    expect(e.code).toBe(ErrorCode.notAvailable);
    expect(e.message).toContain("no repeat buyers");
  });

  it("KPI.CLV.PREDICT spills a finite, non-negative value per customer", () => {
    const bg = fit("BGNBD.FIT", x, tx, T);
    const gg = fit("GG.FIT", x, zbar);
    const params = [...["r", "alpha", "a", "b"].map((k) => bg.get(k)), ...["p", "q", "gamma"].map((k) => gg.get(k))];
    const spill = call("CLV.PREDICT", 52, x, tx, T, zbar, ...params, 0.01, 0.3) as number[][];
    expect(spill).toHaveLength(2357);
    for (const [v] of spill) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
    }
  });
});

describeWithData("KPI.RFM through dist/functions.js on the CDNOW log", () => {
  it("reproduces the summary file for all 2,357 customers with end date 1997-09-30, in weeks", () => {
    const log = cdnowLog();
    const spill = call("RFM", col(log.map((r) => r.id)), col(log.map((r) => r.day)), col(log.map((r) => r.amount)), serialOf(1997, 9, 30), "week") as unknown[][];
    const published = cdnowSummary();
    expect(spill).toHaveLength(2357);
    const byId = new Map(spill.map((row) => [row[0] as number, row]));
    const off: string[] = [];
    for (const p of published) {
      const row = byId.get(p.id) as number[] | undefined;
      const within = (a: number, b: number) => Math.abs(a - b) <= 0.005 + 1e-9;
      if (!row || row[1] !== p.x || !within(row[2], p.tx) || !within(row[3], p.T) || !within(row[4], p.zbar)) off.push(String(p.id));
    }
    expect(off).toEqual([]);
    // Customer 1: x 2, t_x 30.43, T 38.86, mean 22.35, first purchase 1997-01-01.
    expect(byId.get(1)?.[5]).toBe(serialOf(1997, 1, 1));
  });
});

describeWithData("the sBG functions through dist/functions.js on Fader and Hardie's cohorts", () => {
  const { regular, highEnd } = sbgCohorts();

  it("KPI.SBG.FIT gives the Regular cohort alpha 0.704, beta 1.182", () => {
    const f = fit("SBG.FIT", col(["regular_alive", ...regular]));
    expect(Math.abs((f.get("alpha") as number) - 0.704)).toBeLessThan(1e-3);
    expect(Math.abs((f.get("beta") as number) - 1.182)).toBeLessThan(1e-3);
    expect(f.get("Converged")).toBe(true);
  });

  it("KPI.SBG.FIT gives the High End cohort alpha 0.668, beta 3.806, log-likelihood -1611.2", () => {
    const f = fit("SBG.FIT", col(["highend_alive", ...highEnd]));
    expect(Math.abs((f.get("alpha") as number) - 0.668)).toBeLessThan(1e-3);
    expect(Math.abs((f.get("beta") as number) - 3.806)).toBeLessThan(1e-3);
    expect(Math.abs((f.get("Log-likelihood") as number) + 1611.2)).toBeLessThan(0.1);
    expect(f.get("Customers")).toBe(1000);
  });

  it("KPI.SBG.DERL equals its plain series Σ S(t)/S(n-1)/(1+d)^(t-n) at the fitted parameters", () => {
    const f = fit("SBG.FIT", col(highEnd));
    const [alpha, beta] = [f.get("alpha") as number, f.get("beta") as number];
    for (const [d, renewals] of [[0.1, 0], [0.05, 3], [0.01, 0]]) {
      const n = renewals + 1;
      let ratio = 1;
      let series = 0;
      for (let t = n; t < n + 100_000; t++) {
        ratio *= (beta + t - 1) / (alpha + beta + t - 1);
        series += ratio / (1 + d) ** (t - n);
      }
      expect(Math.abs((call("SBG.DERL", alpha, beta, d, renewals) as number) - series)).toBeLessThan(1e-9 * series);
    }
  });

  it("KPI.SBG.SURVIVAL and KPI.SBG.RETENTION at the fitted High End parameters track the observed cohort", () => {
    const f = fit("SBG.FIT", col(highEnd));
    const s = call("SBG.SURVIVAL", col([0, 1, 2, 3, 4, 5, 6, 7]), f.get("alpha"), f.get("beta")) as number[][];
    s.forEach(([v], t) => expect(Math.abs(v - highEnd[t] / 1000)).toBeLessThan(0.02));
    const r = call("SBG.RETENTION", col([1, 7]), f.get("alpha"), f.get("beta")) as number[][];
    expect(r[1][0]).toBeGreaterThan(r[0][0]);
  });
});
