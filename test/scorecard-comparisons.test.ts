// The comparisons the scorecard marks (issue 19): only those with both sides at or above the
// minimum n are tested and corrected; each shows its difference with a 95 % interval and the
// smallest difference it could detect; p below 0.0001 reads "< 0.0001"; NPS intervals are the
// adjusted-Wald ones. Figures are checked against hand computations written here from the
// published formulas, and the portable sheet against LibreOffice's recalculation, including
// after the minimum n cell is edited.
import fc from "fast-check";
import { isKpiError, npsCi, SAMPLE_KPIS, type SampleModel } from "../src/kpi";
import { benjaminiHochberg, normalQuantile, pooledTP, tQuantile } from "../src/kpi/stats";
import { P_FORMAT } from "../src/scorecard/blocks/statistics";
import type { DataTable, FormulaCell, PlanCell, ScorecardPlan, ScorecardSpec } from "../src/scorecard/types";
import { disposeLibreOffice, libreOfficeAvailable } from "./helpers/libreoffice";
import { compareWithCache, recalculatedScorecard } from "./helpers/recalculated";
import { cellAt, kpiCell } from "./helpers/layout";
import { planOf, specOf, statsRow, valueOf } from "./helpers/planned";
import { cochran, skewnessOfValues } from "./helpers/cochran";
import { seeded } from "./helpers/surveyData";

const BUILT_AT = new Date("2026-12-07T09:00:00Z");
const JAN = 45658; // 2025-01-01 as an Excel serial
const describeLO = libreOfficeAvailable() ? describe : describe.skip;
const num = (c: PlanCell | undefined) => valueOf(c) as number;

/**
 * Four regions of very different sizes (North 400, South 200, West 60, Tiny 20) over four
 * months; NPS, CSAT (1-5), CES (1-7), a complaint flag and an order value near a million (so its
 * statistics are sums about a shift). South is a little worse on everything.
 */
function survey(seed = 19): DataTable {
  const rnd = seeded(seed);
  const pick = (weights: number[]) => {
    let u = rnd() * weights.reduce((a, b) => a + b, 0);
    for (let k = 0; k < weights.length; k++) if ((u -= weights[k]) < 0) return k;
    return weights.length - 1;
  };
  const rows: unknown[][] = [];
  for (const [region, n, worse] of [["North", 400, 0], ["South", 200, 1], ["West", 60, 0], ["Tiny", 20, 0]] as const) {
    for (let k = 0; k < n; k++) {
      rows.push([
        region,
        JAN + 31 * (k % 4) + 3,
        pick(worse ? [2, 1, 1, 2, 2, 3, 4, 8, 10, 12, 10] : [1, 1, 1, 1, 2, 2, 3, 8, 10, 14, 16]),
        1 + pick(worse ? [2, 3, 5, 9, 6] : [1, 2, 4, 10, 9]),
        1 + pick(worse ? [1, 2, 3, 6, 7, 5, 3] : [1, 1, 2, 4, 8, 10, 7]),
        rnd() < (worse ? 0.2 : 0.1) ? "yes" : "no",
        1_000_000 + Math.round(rnd() * 50_000) / 100,
      ]);
    }
  }
  return { headers: ["Region", "Date", "Recommend", "Satisfied", "Effort", "Complained", "Order"], rows };
}

const DATA = survey();
const SPEC = specOf(DATA, [
  { index: 0, header: "Region", role: "segment" },
  { index: 1, header: "Date", role: "period" },
  { index: 2, header: "Recommend", role: "nps" },
  { index: 3, header: "Satisfied", role: "csat" },
  { index: 4, header: "Effort", role: "ces" },
  { index: 5, header: "Complained", role: "complaints" },
  { index: 6, header: "Order", role: "revenue" },
]);
const TITLES = ["Net Promoter Score (NPS)", "Customer Satisfaction (CSAT)", "Customer Effort Score (CES)", "Complaint rate", "Revenue per customer"];
const GROUPS = ["Region: North", "Region: South", "Region: Tiny", "Region: West", "2025-02", "2025-03", "2025-04"];
const TREND = "Trend line: 2025-04 vs 2025-01";
const plan = (spec: ScorecardSpec = SPEC): ScorecardPlan => planOf(spec, DATA, BUILT_AT);

/** The rows of a region, or of everyone else. */
const rowsOf = (region: string, rest = false): (readonly unknown[])[] => DATA.rows.filter((r) => (r[0] === region) !== rest);
const model = (id: string): SampleModel => {
  const kpi = SAMPLE_KPIS.find((k) => k.meta.id === id);
  if (!kpi) throw new Error(id);
  return kpi.configure([{ header: id, weight: 1 }], {});
};

/** Each KPI's score of a data row, as the hand computations read the answers: NPS +100/0/-100, a share 1/0, a mean its value. */
const SCORES: Record<string, (r: readonly unknown[]) => number> = {
  [TITLES[0]]: (r) => ((r[2] as number) >= 9 ? 100 : (r[2] as number) <= 6 ? -100 : 0),
  [TITLES[1]]: (r) => ((r[3] as number) >= 4 ? 1 : 0),
  [TITLES[2]]: (r) => r[4] as number,
  [TITLES[3]]: (r) => (r[5] === "yes" ? 1 : 0),
  [TITLES[4]]: (r) => r[6] as number,
};

/** The rows of a comparison's two sides: a region and the rest, or a month and the one before. */
function sidesOf(group: string): [(readonly unknown[])[], (readonly unknown[])[]] {
  if (group.startsWith("Region: ")) return [rowsOf(group.slice(8)), rowsOf(group.slice(8), true)];
  const month = GROUPS.filter((g) => !g.startsWith("Region")).indexOf(group) + 1;
  const day = (m: number) => JAN + 31 * m + 3;
  return [DATA.rows.filter((r) => r[1] === day(month)), DATA.rows.filter((r) => r[1] === day(month - 1))];
}

describe("the tested family", () => {
  const p = plan();

  it("tests a comparison only where both sides reach the minimum n and the difference is not too skewed (Cochran's rule, by hand), and corrects over those alone", () => {
    const family: { p: number; adjusted: number }[] = [];
    let small = 0;
    let skewed = 0;
    for (const title of TITLES) {
      for (const group of GROUPS) {
        const row = statsRow(p, title, group);
        const [mine, theirs] = sidesOf(group);
        expect([num(row["n"]), num(row["Its n"])]).toEqual([mine.length, theirs.length]);
        const rule = cochran(skewnessOfValues([...mine, ...theirs].map(SCORES[title])), mine.length, theirs.length);
        const enough = mine.length >= 30 && theirs.length >= 30;
        if (!enough || !rule.tested) {
          if (enough) skewed++;
          else small++;
          const words = enough ? `too skewed to test at n ${Math.min(mine.length, theirs.length)}; needs ${rule.needs}` : "";
          expect([valueOf(row["p-value"]), valueOf(row["Adjusted p (BH)"]), valueOf(row["Mark"]), valueOf(row["Detectable (80% power)"])]).toEqual([words, "", "", ""]);
          continue;
        }
        family.push({ p: num(row["p-value"]), adjusted: num(row["Adjusted p (BH)"]) });
      }
    }
    // Tiny (20 answers) against the rest is out by n; the complaint flags (about one in eight says
    // yes: g1 near 2.3, so a mean of 60 is too skewed) leave West out; every month (about 170
    // each) against the one before is in.
    expect([small, skewed]).toEqual([TITLES.length, 1]);
    expect(family.length).toBe(TITLES.length * (GROUPS.length - 1) - 1);
    for (const title of TITLES) {
      const trend = statsRow(p, title, TREND);
      family.push({ p: num(trend["p-value"]), adjusted: num(trend["Adjusted p (BH)"]) });
    }
    expect(family.map((f) => f.adjusted)).toEqual(benjaminiHochberg(family.map((f) => f.p)));
  });

  it("takes a smaller minimum n into the family on a rebuild, where the skewness allows", () => {
    const q = plan({ ...SPEC, minN: 10 });
    for (const title of TITLES) {
      const [mine, theirs] = sidesOf("Region: Tiny");
      const rule = cochran(skewnessOfValues([...mine, ...theirs].map(SCORES[title])), mine.length, theirs.length);
      const cell = valueOf(statsRow(q, title, "Region: Tiny")["p-value"]);
      if (rule.tested) expect(typeof cell).toBe("number");
      else expect(cell).toBe(`too skewed to test at n 20; needs ${rule.needs}`);
    }
  });

  it("marks South below the rest on NPS, each mark in the direction of its difference, and never outside the family", () => {
    expect(valueOf(statsRow(p, TITLES[0], "Region: South")["Mark"])).toBe("▼");
    expect(p.differences.length).toBeGreaterThan(0);
    for (const d of p.differences) {
      expect(d.group).not.toBe("Region: Tiny");
      const row = statsRow(p, d.title, d.group);
      expect(valueOf(row["Mark"])).toBe(num(row["Difference"]) > 0 ? "▲" : "▼");
      expect(d.differenceInterval).toEqual([num(row["Difference 95% low"]), num(row["Difference 95% high"])]);
    }
  });
});

describe("each comparison's difference, its interval and the smallest it could detect", () => {
  const p = plan();
  const family = TITLES.flatMap((t) => [...GROUPS, TREND].map((g) => statsRow(p, t, g))).filter((r) => typeof valueOf(r["p-value"]) === "number").length;

  it("gives NPS the difference of the two adjusted-Wald NPS with both margins combined (Rocks 2016 pseudo-counts in each group)", () => {
    const row = statsRow(p, TITLES[0], "Region: South");
    const counts = (rs: readonly (readonly unknown[])[]) => {
      const xs = rs.map((r) => r[2] as number);
      return { n: xs.length, p: xs.filter((x) => x >= 9).length, d: xs.filter((x) => x <= 6).length };
    };
    const [a, b] = [counts(rowsOf("South")), counts(rowsOf("South", true))];
    const adjusted = (c: { n: number; p: number; d: number }) => {
      const [pp, dd] = [(c.p + 0.75) / (c.n + 3), (c.d + 0.75) / (c.n + 3)];
      return { centre: 100 * (pp - dd), variance: (10000 * (pp + dd - (pp - dd) ** 2)) / (c.n + 3) };
    };
    const [x, y] = [adjusted(a), adjusted(b)];
    const half = 1.959963984540054 * Math.sqrt(x.variance + y.variance);
    expect(num(row["Difference"])).toBeCloseTo(100 * ((a.p - a.d) / a.n - (b.p - b.d) / b.n), 10);
    expect(num(row["Difference 95% low"])).toBeCloseTo(x.centre - y.centre - half, 10);
    expect(num(row["Difference 95% high"])).toBeCloseTo(x.centre - y.centre + half, 10);
  });

  it("gives CSAT Agresti and Caffo's interval: one success and one failure added to each group", () => {
    const row = statsRow(p, TITLES[1], "Region: West");
    const share = (rs: readonly (readonly unknown[])[]) => ({ n: rs.length, s: rs.filter((r) => (r[3] as number) >= 4).length });
    const [a, b] = [share(rowsOf("West")), share(rowsOf("West", true))];
    const [pa, pb] = [(a.s + 1) / (a.n + 2), (b.s + 1) / (b.n + 2)];
    const half = 1.959963984540054 * Math.sqrt((pa * (1 - pa)) / (a.n + 2) + (pb * (1 - pb)) / (b.n + 2));
    expect(num(row["Difference"])).toBeCloseTo(a.s / a.n - b.s / b.n, 12);
    expect(num(row["Difference 95% low"])).toBeCloseTo(pa - pb - half, 12);
    expect(num(row["Difference 95% high"])).toBeCloseTo(pa - pb + half, 12);
  });

  it("gives a mean the pooled Student interval, on values near a million as on small ones", () => {
    for (const [title, col] of [[TITLES[2], 4], [TITLES[4], 6]] as const) {
      const row = statsRow(p, title, "Region: West");
      const [a, b] = [rowsOf("West").map((r) => r[col] as number), rowsOf("West", true).map((r) => r[col] as number)];
      const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
      const ss = (xs: number[]) => xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0);
      const df = a.length + b.length - 2;
      const half = tQuantile(0.975, df) * Math.sqrt(((ss(a) + ss(b)) / df) * (1 / a.length + 1 / b.length));
      const diff = mean(a) - mean(b);
      expect(num(row["Difference"])).toBeCloseTo(diff, 8);
      expect(num(row["Difference 95% low"])).toBeCloseTo(diff - half, 8);
      expect(num(row["Difference 95% high"])).toBeCloseTo(diff + half, 8);
    }
  });

  it("gives the smallest detectable difference as (z(1 - q/2m) + z(0.8)) x the standard error under one distribution", () => {
    // NPS, South against the rest: V0 = p + d - (p - d)^2 of everyone's answers, in points.
    const row = statsRow(p, TITLES[0], "Region: South");
    const xs = DATA.rows.map((r) => r[2] as number);
    const [pp, dd] = [xs.filter((x) => x >= 9).length / xs.length, xs.filter((x) => x <= 6).length / xs.length];
    const v0 = 10000 * (pp + dd - (pp - dd) ** 2);
    const z = normalQuantile(1 - 0.05 / (2 * family)) + normalQuantile(0.8);
    expect(num(row["Detectable (80% power)"])).toBeCloseTo(z * Math.sqrt(v0 * (1 / 200 + 1 / 480)), 9);
    // A month against the one before: the two months' answers together.
    const month = statsRow(p, TITLES[1], "2025-03");
    const both = DATA.rows.filter((r) => r[1] === JAN + 34 || r[1] === JAN + 65).map((r) => ((r[3] as number) >= 4 ? 1 : 0));
    const share = both.reduce((s: number, x) => s + x, 0) / both.length;
    expect(num(month["Detectable (80% power)"])).toBeCloseTo(z * Math.sqrt(share * (1 - share) * (1 / num(month["n"]) + 1 / num(month["Its n"]))), 12);
  });

  it("shows a p below 0.0001 as < 0.0001 while keeping the number", () => {
    for (const title of TITLES) {
      for (const group of GROUPS) {
        const row = statsRow(p, title, group);
        expect([row.formats["p-value"], row.formats["Adjusted p (BH)"]]).toEqual([P_FORMAT, P_FORMAT]);
      }
    }
    const tiny = TITLES.map((t) => statsRow(p, t, "Region: South")["p-value"]).filter((c) => num(c) < 0.0001);
    expect(tiny.length).toBeGreaterThan(0);
  });

  it("gives NPS the interval of KPI.NPS.CI with the adjusted method, overall and per group", () => {
    for (const group of ["All", "Region: West", "2025-02"]) {
      const row = statsRow(p, TITLES[0], group);
      const rows = group === "All" ? DATA.rows : group === "2025-02" ? DATA.rows.filter((r) => r[1] === JAN + 34) : rowsOf("West");
      const ci = npsCi(rows.map((r) => [r[2]]), 0.95, "adjusted");
      if (isKpiError(ci)) throw new Error(ci.message);
      expect(num(row["95% low"])).toBeCloseTo(ci[0][0] as number, 10);
      expect(num(row["95% high"])).toBeCloseTo(ci[0][1] as number, 10);
    }
  });
});

describe("the smallest difference worth a mark", () => {
  const p = plan();
  const south = statsRow(p, TITLES[0], "Region: South");
  const gap = Math.abs(num(south["Difference"]));

  it("is a cell of the KPI table, 0 unless the spec gives one, in the KPI's unit", () => {
    expect(cellAt(p, kpiCell(p, TITLES[0], "Mark from ±"))).toBe(0);
    const q = plan({ ...SPEC, kpis: { NPS: { minDifference: 12.5 } } });
    const at = kpiCell(q, TITLES[0], "Mark from ±");
    expect(cellAt(q, at)).toBe(12.5);
    const row2 = q.blocks.find((b) => b.row === at.row && b.col === 0);
    expect(row2?.numberFormats[0][at.col]).toBe("0.0");
  });

  it("leaves a difference that holds unmarked when it is smaller, and marks it when it is at least as large", () => {
    expect(valueOf(south["Mark"])).toBe("▼");
    const above = plan({ ...SPEC, kpis: { NPS: { minDifference: gap + 0.1 } } });
    const at = plan({ ...SPEC, kpis: { NPS: { minDifference: gap - 1e-9 } } });
    const [southAbove, southAt] = [statsRow(above, TITLES[0], "Region: South"), statsRow(at, TITLES[0], "Region: South")];
    expect(valueOf(southAbove["Mark"])).toBe("");
    expect(valueOf(southAt["Mark"])).toBe("▼");
    // The test and its correction do not move: only the mark does.
    expect(valueOf(southAbove["Adjusted p (BH)"])).toBe(valueOf(south["Adjusted p (BH)"]));
    expect(above.differences.some((d) => d.title === TITLES[0] && d.group === "Region: South")).toBe(false);
    expect(at.differences.some((d) => d.title === TITLES[0] && d.group === "Region: South")).toBe(true);
  });
});

describe("the interval of two means is the pooled t-test's", () => {
  const ces = model("CES");
  const stats = (xs: number[]) => [xs.length, xs.reduce((s, x) => s + x, 0), xs.reduce((s, x) => s + x * x, 0), 0];

  it("matches the hand computation of the spec's CES example: 2.1143 -/+ t(0.975, 10) x 0.6580", () => {
    const [lo, hi] = ces.score?.differenceInterval(stats([7, 6, 5, 4, 6, 7, 5]), stats([3, 4, 5, 4, 2]), 0.95) ?? [NaN, NaN];
    // Means 40/7 and 18/5; SS 52/7 and 5.2; s_p^2 = (52/7 + 5.2) / 10; se = sqrt(s_p^2 (1/7 + 1/5)); t(0.975, 10) = 2.228138852.
    const se = Math.sqrt(((52 / 7 + 5.2) / 10) * (1 / 7 + 1 / 5));
    expect(lo).toBeCloseTo(40 / 7 - 3.6 - 2.228138851986 * se, 9);
    expect(hi).toBeCloseTo(40 / 7 - 3.6 + 2.228138851986 * se, 9);
  });

  it("reaches zero exactly at the confidence 1 - p of the test (the interval and the mark agree)", () => {
    const answers = fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 3, maxLength: 40 });
    fc.assert(
      fc.property(answers, answers, (xs, ys) => {
        const [a, b] = [stats(xs), stats(ys)];
        const p = pooledTP(a[0], a[1], a[2], b[0], b[1], b[2]);
        if (isKpiError(p) || p < 1e-6 || p > 1 - 1e-6) return;
        const [lo, hi] = ces.score?.differenceInterval(a, b, 1 - p) ?? [NaN, NaN];
        expect(Math.min(Math.abs(lo), Math.abs(hi))).toBeLessThan(1e-7 * Math.max(1, hi - lo));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps the interval's order when the groups swap: the difference and its bounds change sign", () => {
    const answers = fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 60 });
    const nps = model("NPS");
    const counts = (xs: number[]) => [xs.length, xs.filter((x) => x >= 9).length, xs.filter((x) => x <= 6).length, 0];
    fc.assert(
      fc.property(answers, answers, (xs, ys) => {
        const [lo, hi] = nps.score?.differenceInterval(counts(xs), counts(ys), 0.95) ?? [NaN, NaN];
        const [lo2, hi2] = nps.score?.differenceInterval(counts(ys), counts(xs), 0.95) ?? [NaN, NaN];
        expect(lo).toBeCloseTo(-hi2, 9);
        expect(hi).toBeCloseTo(-lo2, 9);
        expect(lo).toBeLessThanOrEqual(hi);
        expect(lo).toBeGreaterThanOrEqual(-200);
        expect(hi).toBeLessThanOrEqual(200);
      }),
      { numRuns: 300 },
    );
  });
});

describe("identical groups", () => {
  // Two regions of the very same answers: every test of one against the rest says p = 1.
  const answers = [10, 10, 9, 8, 7, 7, 6, 3, 0, 10, 9, 9, 8, 5, 10, 10, 7, 9, 9, 2, 10, 8, 9, 10, 6, 10, 9, 7, 10, 9];
  const data: DataTable = {
    headers: ["Region", "Recommend", "Effort"],
    rows: ["A", "B"].flatMap((g) => answers.map((x) => [g, x, 1 + (x % 7)])),
  };
  const p = planOf(specOf(data, [{ index: 0, header: "Region", role: "segment" }, { index: 1, header: "Recommend", role: "nps" }, { index: 2, header: "Effort", role: "ces" }]), data, BUILT_AT);

  it("give p = 1, a difference of 0 and an interval around it", () => {
    for (const title of ["Net Promoter Score (NPS)", "Customer Effort Score (CES)"]) {
      const row = statsRow(p, title, "Region: A");
      expect(num(row["p-value"])).toBeCloseTo(1, 12);
      expect(num(row["Difference"])).toBeCloseTo(0, 12);
      expect(num(row["Difference 95% low"])).toBeLessThan(0);
      expect(num(row["Difference 95% high"])).toBeGreaterThan(0);
      expect(valueOf(row["Mark"])).toBe("");
    }
  });
});

describe("two segments that hold every answer", () => {
  // A of 300 answers, B of 120 (B a little worse), three months; with a row of no region the
  // rest of B is A and that row, so the two comparisons are two tests again.
  const twoRegions = (blank: boolean): DataTable => {
    const rnd = seeded(7);
    const rows: unknown[][] = [];
    for (const [region, n, worse] of [["A", 300, 0], ["B", 120, 1]] as const) {
      for (let k = 0; k < n; k++) {
        const u = rnd();
        rows.push([region, JAN + 31 * (k % 3) + 3, u < (worse ? 0.2 : 0.45) ? 9 + (k % 2) : u < 0.75 ? 7 + (k % 2) : k % 7, 1 + Math.floor(rnd() * 7)]);
      }
    }
    if (blank) rows.push([null, JAN + 3, 10, 7]);
    return { headers: ["Region", "Date", "Recommend", "Effort"], rows };
  };
  const columns = (data: DataTable) => specOf(data, [
    { index: 0, header: "Region", role: "segment" },
    { index: 1, header: "Date", role: "period" },
    { index: 2, header: "Recommend", role: "nps" },
    { index: 3, header: "Effort", role: "ces" },
  ]);
  const kpis = ["Net Promoter Score (NPS)", "Customer Effort Score (CES)"];
  const rowsOfGroup = (p: ScorecardPlan, title: string) => ["Region: A", "Region: B", "2025-02", "2025-03", "Trend line: 2025-03 vs 2025-01"].map((g) => statsRow(p, title, g));

  it("enter the family once: B vs the rest is A vs the rest turned round, with A's p, adjusted p and detectable difference", () => {
    const data = twoRegions(false);
    const p = planOf(columns(data), data, BUILT_AT);
    const family: { p: number; adjusted: number }[] = [];
    for (const title of kpis) {
      const [a, b, ...others] = rowsOfGroup(p, title);
      // The same test: B's p computed from its own side (B against everyone else) equals A's.
      const m = model(title.startsWith("Net") ? "NPS" : "CES");
      const statsOf = (region: string) => {
        const acc = m.statistics.map(() => 0);
        for (const r of data.rows.filter((x) => x[0] === region)) m.add(acc, [r[title.startsWith("Net") ? 2 : 3]]);
        return acc;
      };
      const pB = m.pValue(statsOf("B"), statsOf("A"));
      expect(num(a["p-value"])).toBeCloseTo(pB as number, 12);
      expect(valueOf(b["p-value"])).toBe("one test with Region: A");
      expect(num(b["Adjusted p (BH)"])).toBe(num(a["Adjusted p (BH)"]));
      expect(num(b["Detectable (80% power)"])).toBe(num(a["Detectable (80% power)"]));
      expect(num(b["Difference"])).toBeCloseTo(-num(a["Difference"]), 9);
      const flip: Record<string, string> = { "▲": "▼", "▼": "▲", "": "" };
      expect(valueOf(b["Mark"])).toBe(flip[valueOf(a["Mark"]) as string]);
      for (const r of [a, ...others]) family.push({ p: num(r["p-value"]), adjusted: num(r["Adjusted p (BH)"]) });
    }
    // A, two months and the trend per KPI: eight p-values, corrected together, B's not among them.
    expect(family.every((f) => typeof f.p === "number")).toBe(true);
    expect(family.map((f) => f.adjusted)).toEqual(benjaminiHochberg(family.map((f) => f.p)));
    // South-like B is below A on NPS here, so the one test marks both sides.
    const [a, b] = rowsOfGroup(p, kpis[0]);
    expect([valueOf(a["Mark"]), valueOf(b["Mark"])]).toEqual(["▲", "▼"]);
  });

  it("are two tests again when a row has no region (the rest of B is A and that row)", () => {
    const data = twoRegions(true);
    const p = planOf(columns(data), data, BUILT_AT);
    for (const title of kpis) {
      const [a, b] = rowsOfGroup(p, title);
      expect(typeof valueOf(a["p-value"])).toBe("number");
      expect(typeof valueOf(b["p-value"])).toBe("number");
      expect(num(b["n"]) + num(b["Its n"])).toBe(data.rows.length);
    }
  });

  describeLO("recalculated by LibreOffice", () => {
    afterAll(disposeLibreOffice);
    for (const blank of [false, true]) {
      it(`give every cell the value the add-in cached${blank ? ", with the row of no region" : ""}`, async () => {
        const data = twoRegions(blank);
        const p = planOf(columns(data), data, BUILT_AT);
        const check = compareWithCache(p, await recalculatedScorecard(p, { name: "Data", table: data, dateColumns: [1] }));
        expect(check.mismatches).toEqual([]);
        expect(check.numbers).toBeGreaterThan(100);
      }, 240_000);
    }
  });
});

describeLO("the portable sheet recalculated by LibreOffice", () => {
  afterAll(disposeLibreOffice);

  /** The plan written to .xlsx, with cells of the scorecard sheet set afterwards (as a user edits them), recalculated. */
  const recalculated = (p: ScorecardPlan, edits: Record<string, number> = {}) => recalculatedScorecard(p, { name: "Data", table: DATA, dateColumns: [1] }, edits);

  it("gives every difference, interval, detectable difference, p, rank, adjusted p and mark the cached value", async () => {
    const p = plan();
    const check = compareWithCache(p, await recalculated(p));
    expect(check.mismatches).toEqual([]);
    expect(check.numbers).toBeGreaterThan(500);
  }, 240_000);

  it("follows the smallest difference cell: edited above South's NPS gap, the mark goes, as a plan built with it caches", async () => {
    const p = plan();
    const gap = Math.abs(num(statsRow(p, TITLES[0], "Region: South")["Difference"]));
    const edited = await recalculated(p, { [kpiCell(p, TITLES[0], "Mark from ±").address]: Math.ceil(gap + 1) });
    const rebuilt = plan({ ...SPEC, kpis: { NPS: { minDifference: Math.ceil(gap + 1) } } });
    expect(valueOf(statsRow(rebuilt, TITLES[0], "Region: South")["Mark"])).toBe("");
    expect(compareWithCache(rebuilt, edited).mismatches).toEqual([]);
  }, 240_000);

  it("follows the minimum n cell: edited to 10, the family takes Tiny in, as a plan built with 10 caches it", async () => {
    const edited = await recalculated(plan(), { B4: 10 });
    const rebuilt = plan({ ...SPEC, minN: 10 });
    const check = compareWithCache(rebuilt, edited);
    expect(check.mismatches).toEqual([]);
    const tiny = statsRow(rebuilt, TITLES[0], "Region: Tiny");
    const [, col, row] = /^([A-Z]+)(\d+)$/.exec(tiny.at["p-value"]) ?? [];
    const k = [...col].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    expect(typeof edited[Number(row) - 1][k]).toBe("number");
    expect(edited[Number(row) - 1][k]).toBeCloseTo((tiny["p-value"] as FormulaCell).value as number, 12);
  }, 240_000);
});
