// The trend test over the trend block's periods (issue 19, item 5): a weighted least-squares
// slope under the null of one distribution, which for a share is the Cochran-Armitage test. Held
// to a published example (Agresti's), to an independent computation on the raw answers (the
// slope's z is the correlation of each answer's score with its time, times sqrt(N)), and to
// what it is for: a steady decline that no month-to-month comparison shows.
import erfc from "@stdlib/math-base-special-erfc";
import fc from "fast-check";
import { SAMPLE_KPIS } from "../src/kpi";
import { shareScore } from "../src/kpi/difference";
import { trendFit, type TrendPeriod } from "../src/scorecard/trendTest";
import type { DataTable, PlanCell, ScorecardPlan } from "../src/scorecard/types";
import { cellAt, panelCell, panelLabels } from "./helpers/layout";
import { planOf, specOf, statsRow, valueOf } from "./helpers/planned";
import { monthSerial, seeded } from "./helpers/surveyData";
import { skewnessOfValues } from "./helpers/cochran";
import { disposeLibreOffice, libreOfficeAvailable } from "./helpers/libreoffice";
import { compareWithCache, recalculatedScorecard } from "./helpers/recalculated";

const BUILT_AT = new Date("2026-12-07T09:00:00Z");
const num = (c: PlanCell | undefined) => valueOf(c) as number;
const TREND = (_months: number, first: string, last: string) => `Trend line: ${last} vs ${first}`;

describe("for a share it is the Cochran-Armitage test", () => {
  // Agresti, "Categorical Data Analysis", 2nd ed. (2002), Table 3.7: infant malformation by the
  // mother's alcohol consumption (0, <1, 1-2, 3-5, >=6 drinks a day). With scores 0, 0.5, 1.5, 4, 7
  // the trend statistic is 6.57 (P = 0.01); with equally spaced scores 1..5 it is 1.83 (P = 0.18).
  const present = [48, 38, 5, 1, 1];
  const absent = [17066, 14464, 788, 126, 37];
  const fit = (xs: number[]) => {
    const periods: TrendPeriod[] = xs.map((x, k) => ({ x, stats: [present[k] + absent[k], present[k]], included: true }));
    const f = trendFit(shareScore({ n: 0, s: 1 }), periods, xs[xs.length - 1] - xs[0], 0.95);
    if (!f) throw new Error("no fit");
    return f;
  };

  it("gives Agresti's 6.57 with the scores 0, 0.5, 1.5, 4, 7 and 1.83 with 1 to 5", () => {
    const a = fit([0, 0.5, 1.5, 4, 7]);
    const b = fit([1, 2, 3, 4, 5]);
    expect((a.slope / a.se) ** 2).toBeCloseTo(6.57, 2);
    expect(a.p).toBeCloseTo(0.0104, 3);
    expect((b.slope / b.se) ** 2).toBeCloseTo(1.83, 2);
    expect(b.p).toBeCloseTo(0.18, 2);
  });
});

/** Six months of answers; month m's answers drawn by `answer(m, u)` from a uniform u; `perMonth` answers each. */
function months(perMonth: readonly number[], answer: (m: number, u: number) => number, seed = 5): DataTable {
  const rnd = seeded(seed);
  const rows: unknown[][] = [];
  perMonth.forEach((n, m) => {
    for (let k = 0; k < n; k++) rows.push([monthSerial(m, 1 + (k % 27)), answer(m, rnd()), 1 + Math.floor(rnd() * 7)]);
  });
  return { headers: ["Date", "Recommend", "Effort"], rows };
}

/** NPS answers with promoters p and detractors d (fractions), from a uniform u. */
const npsAnswer = (p: number, d: number, u: number) => (u < p ? 10 : u < p + d ? 3 : 8);

const planMonths = (data: DataTable, minN?: number): ScorecardPlan =>
  planOf(specOf(data, [{ index: 0, header: "Date", role: "period" }, { index: 1, header: "Recommend", role: "nps" }, { index: 2, header: "Effort", role: "ces" }], minN === undefined ? {} : { minN }), data, BUILT_AT);

describe("on the sheet", () => {
  // NPS falls by 2 points a month, 1,000 answers a month: a 10-point decline over six months, each
  // month 2 points below the one before (a standard error of about 3.6 points for that difference).
  const data = months([1000, 1000, 1000, 1000, 1000, 1000], (m, u) => npsAnswer(0.45 - 0.01 * m, 0.2 + 0.01 * m, u));
  const p = planMonths(data);
  const trend = statsRow(p, "Net Promoter Score (NPS)", TREND(6, "2023-01", "2023-06"));

  it("is the correlation of each answer's score with its month, times the square root of n (an independent computation)", () => {
    for (const [title, score] of [["Net Promoter Score (NPS)", (r: readonly unknown[]) => ((r[1] as number) >= 9 ? 100 : (r[1] as number) <= 6 ? -100 : 0)], ["Customer Effort Score (CES)", (r: readonly unknown[]) => r[2] as number]] as const) {
      const xs = data.rows.map((r) => new Date(((r[0] as number) - 25569) * 86400000).getUTCMonth());
      const ys = data.rows.map(score);
      const n = xs.length;
      const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / n;
      const [mx, my] = [mean(xs), mean(ys)];
      const sxy = xs.reduce((s, x, k) => s + (x - mx) * (ys[k] - my), 0);
      const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
      const syy = ys.reduce((s, y) => s + (y - my) ** 2, 0);
      const z = (sxy / Math.sqrt(sxx * syy)) * Math.sqrt(n);
      const row = statsRow(p, title, TREND(6, "2023-01", "2023-06"));
      expect(num(row["p-value"])).toBeCloseTo(erfc(Math.abs(z) / Math.SQRT2), 12);
      // The change along the line: the least-squares slope of the answers on their month, times the five months it spans.
      expect(num(row["Difference"])).toBeCloseTo((sxy / sxx) * 5, 9);
      expect(num(row["n"])).toBe(n);
    }
  });

  it("finds the steady decline no month-to-month comparison marks, and marks it on the trend block and in the summary", () => {
    expect(num(trend["Difference"])).toBeLessThan(-5);
    expect(valueOf(trend["Mark"])).toBe("▼");
    for (const m of ["2023-02", "2023-03", "2023-04", "2023-05", "2023-06"]) expect(valueOf(statsRow(p, "Net Promoter Score (NPS)", m)["Mark"])).toBe("");
    const found = p.differences.find((d) => d.kind === "trend" && d.id === "NPS");
    expect(found).toMatchObject({ direction: "lower", group: "trend over 6 months (2023-01 to 2023-06)" });
    expect(found?.value).toBeCloseTo(num(trend["Value"]), 12);
    expect((found?.value ?? 0) - (found?.otherValue ?? 0)).toBeCloseTo(num(trend["Difference"]), 9);
    // The trend block's last column: the change, and its mark in the cell (a rule that reads the statistics table's Mark).
    expect(panelLabels(p, "Trend by month").at(-1)).toBe("Trend");
    const change = panelCell(p, "Trend by month", "Net Promoter Score (NPS)", "Trend");
    expect(num(cellAt(p, change) ?? null)).toBeCloseTo(num(trend["Difference"]), 12);
    const rules = p.conditionalFormats.find((f) => f.range.row === change.row && f.range.col === change.col)?.rules ?? [];
    const down = rules.find((r) => r.mark === "▼");
    expect(down?.formula).toContain(`${trend.at["Mark"].replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2")}="▼"`);
    expect(down?.numberFormat).toMatch(/" ▼"$/);
  });

  it("leaves a flat KPI unmarked, its interval around 0", () => {
    const ces = statsRow(p, "Customer Effort Score (CES)", TREND(6, "2023-01", "2023-06"));
    expect(valueOf(ces["Mark"])).toBe("");
    expect(num(ces["Difference 95% low"])).toBeLessThan(0);
    expect(num(ces["Difference 95% high"])).toBeGreaterThan(0);
  });

  it("leaves out a month below the minimum n, as if its answers were not there", () => {
    const sizes = [300, 300, 12, 300, 300, 300];
    const withSmall = months(sizes, (m, u) => npsAnswer(0.45 - 0.01 * m, 0.2 + 0.01 * m, u), 9);
    const without: DataTable = { headers: withSmall.headers, rows: withSmall.rows.filter((r) => (r[0] as number) < monthSerial(2) || (r[0] as number) >= monthSerial(3)) };
    const [a, b] = [planMonths(withSmall), planMonths(without)];
    const label = TREND(6, "2023-01", "2023-06");
    for (const column of ["Difference", "p-value", "Difference 95% low", "n"]) {
      expect(num(statsRow(a, "Net Promoter Score (NPS)", label)[column])).toBeCloseTo(num(statsRow(b, "Net Promoter Score (NPS)", TREND(5, "2023-01", "2023-06"))[column]), 10);
    }
    // With a minimum n of 10 the small month takes part, and the fit changes.
    expect(num(statsRow(planMonths(withSmall, 10), "Net Promoter Score (NPS)", label)["n"])).toBe(sizes.reduce((s, x) => s + x, 0));
  });

  it("is not tested over fewer than three months that take part", () => {
    const few = months([300, 10, 10, 300], (m, u) => npsAnswer(0.45 - 0.05 * m, 0.2, u));
    const row = statsRow(planMonths(few), "Net Promoter Score (NPS)", TREND(4, "2023-01", "2023-04"));
    expect([valueOf(row["p-value"]), valueOf(row["Difference"]), valueOf(row["Mark"])]).toEqual(["", "", ""]);
  });
});

describe("as a test", () => {
  const nps = SAMPLE_KPIS.find((k) => k.meta.id === "NPS")?.configure([{ header: "NPS", weight: 1 }], {}).score;
  const counts = fc.record({ n: fc.integer({ min: 30, max: 400 }), p: fc.double({ min: 0, max: 1, noNaN: true }), d: fc.double({ min: 0, max: 1, noNaN: true }) });

  it("gives p in [0, 1], and the same p with the change's sign turned when time runs backwards", () => {
    if (!nps) throw new Error("NPS has a score");
    fc.assert(
      fc.property(fc.array(counts, { minLength: 3, maxLength: 12 }), (groups) => {
        const stats = groups.map((g) => {
          const promoters = Math.floor(g.n * g.p);
          return [g.n, promoters, Math.floor((g.n - promoters) * g.d), 0];
        });
        const span = stats.length - 1;
        const forward = trendFit(nps, stats.map((s, k) => ({ x: k, stats: s, included: true })), span, 0.95);
        const backward = trendFit(nps, stats.map((s, k) => ({ x: span - k, stats: s, included: true })).reverse(), span, 0.95);
        if (!forward || !backward) throw new Error("three periods or more are fitted");
        expect(forward.p).toBeGreaterThanOrEqual(0);
        expect(forward.p).toBeLessThanOrEqual(1);
        expect(backward.p).toBeCloseTo(forward.p, 10);
        expect(backward.change).toBeCloseTo(-forward.change, 8);
      }),
      { numRuns: 200 },
    );
  });

  it("gives p = 1 when every period has the same answers", () => {
    if (!nps) throw new Error("NPS has a score");
    const same = [200, 90, 40, 0];
    const fit = trendFit(nps, [0, 1, 2, 3].map((x) => ({ x, stats: same, included: true })), 3, 0.95);
    expect(fit?.p).toBeCloseTo(1, 12);
    expect(fit?.change).toBeCloseTo(0, 12);
  });
});

describe("a slope too skewed for the normal curve", () => {
  // A brand of 90 % promoters (90/6/4: answers skewed to the left, g1 near -3.3), 600 answers in
  // the first month and 35 in each of three more: the slope leans on the small late months, so its
  // skewness under the null, G1 sum n (x - xbar)^3 / Sxx^1.5, passes Cochran's 0.2. CES, uniform
  // on 1..7 (no skewness), is tested over the same months.
  const data = months([600, 35, 35, 35], (_m, u) => npsAnswer(0.9, 0.04, u), 11);
  const p = planMonths(data);
  const label = TREND(4, "2023-01", "2023-04");

  it("says so in its p cell with the n it would need, as the rule by hand on the raw answers gives it, and leaves the family", () => {
    const month = (r: readonly unknown[]) => new Date(((r[0] as number) - 25569) * 86400000).getUTCMonth();
    const scores = data.rows.map((r) => ((r[1] as number) >= 9 ? 100 : (r[1] as number) <= 6 ? -100 : 0));
    const g1 = skewnessOfValues(scores);
    const ns = [0, 1, 2, 3].map((m) => data.rows.filter((r) => month(r) === m).length);
    const n = ns.reduce((a, b) => a + b, 0);
    const xbar = ns.reduce((a, k, m) => a + k * m, 0) / n;
    const moment = (power: number) => ns.reduce((a, k, m) => a + k * (m - xbar) ** power, 0);
    const skew = (g1 * moment(3)) / moment(2) ** 1.5;
    expect(Math.abs(skew)).toBeGreaterThan(0.2);
    const nps = statsRow(p, "Net Promoter Score (NPS)", label);
    expect(valueOf(nps["p-value"])).toBe(`too skewed to test at n ${n}; needs ${Math.ceil(n * (skew / 0.2) ** 2)}`);
    expect([valueOf(nps["Adjusted p (BH)"]), valueOf(nps["Mark"])]).toEqual(["", ""]);
    // CES over the same months is tested.
    expect(typeof valueOf(statsRow(p, "Customer Effort Score (CES)", label)["p-value"])).toBe("number");
  });

  (libreOfficeAvailable() ? describe : describe.skip)("recalculated by LibreOffice", () => {
    afterAll(disposeLibreOffice);
    it("gives the trend's p cell, words or number, and every other cell the value the add-in cached", async () => {
      const check = compareWithCache(p, await recalculatedScorecard(p, { name: "Data", table: data, dateColumns: [0] }));
      expect(check.mismatches).toEqual([]);
      expect(check.numbers).toBeGreaterThan(50);
      // The words of the untested p cells (the slope's and the small months') came back from the formulas too.
      expect(check.texts).toBeGreaterThan(0);
    }, 240_000);
  });
});
