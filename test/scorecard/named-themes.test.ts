// Themes the user names on the scorecard (issue 21): one KPI row per theme, the share of the
// comments that mention one of its words, overall, per segment and per period, with n, the 95 %
// interval, the tests and marks of any share; no bands without a target, none in the CPI; the
// words a cell of the sheet that the portable formulas read. Figures are checked against the
// survey's own record of what it planted and against the published formulas written here
// (Wilson's interval, the pooled two-proportion z-test through stdlib's erfc); the portable sheet
// against LibreOffice's recalculation, also after the words cell is edited.
import stdlibErfc from "@stdlib/math-base-special-erfc";
import { isKpiError } from "../../src/kpi";
import { planScorecard } from "../../src/scorecard/plan";
import { parseSpec, parseStoredSpec, serializeStoredSpec } from "../../src/scorecard/spec";
import type { PlanCell, ScorecardPlan, ScorecardSpec } from "../../src/scorecard/types";
import { disposeLibreOffice, libreOfficeAvailable } from "../helpers/libreoffice";
import { compareWithCache, recalculatedScorecard } from "../helpers/recalculated";
import { cellAt, kpiCell, notesText } from "../helpers/layout";
import { cells, planOf, statsRow, valueOf } from "../helpers/planned";
import { plantedSpec, plantedSurvey, PRICE_THEME, WAIT_THEME } from "../helpers/themeSurvey";

const BUILT_AT = new Date("2026-12-07T09:00:00Z");
const describeLO = libreOfficeAvailable() ? describe : describe.skip;
const { data: DATA, planted: PLANTED } = plantedSurvey();
const plan = (over: Partial<ScorecardSpec> = {}) => planOf(plantedSpec(DATA, over), DATA, BUILT_AT);
const num = (c: PlanCell | undefined) => valueOf(c) as number;
const WAIT = "Theme: Wait time";
const PRICE = "Theme: Price";

/** Wilson's interval (Wilson 1927), as Agresti and Coull (1998) write it. */
function wilson(s: number, n: number, z = 1.959963984540054): [number, number] {
  const p = s / n;
  const centre = p + (z * z) / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [(centre - half) / (1 + (z * z) / n), (centre + half) / (1 + (z * z) / n)];
}

/** The pooled two-proportion z-test's two-sided p. */
function pooledP(s1: number, n1: number, s2: number, n2: number): number {
  const pooled = (s1 + s2) / (n1 + n2);
  const z = (s1 / n1 - s2 / n2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return stdlibErfc(Math.abs(z) / Math.SQRT2);
}

/** What the survey planted in the rows a filter keeps: comments, and those that mention waiting and price. */
function plantedIn(keep: (row: readonly unknown[]) => boolean) {
  let comments = 0;
  let wait = 0;
  let price = 0;
  DATA.rows.forEach((row, k) => {
    if (!keep(row) || !PLANTED[k].comment) return;
    comments++;
    if (PLANTED[k].wait) wait++;
    if (PLANTED[k].price) price++;
  });
  return { comments, wait, price };
}

/** A header as it reads (the sheet breaks a long word with a hyphen and a line break). */
const read = (c: PlanCell) => (typeof c === "string" ? c.replace(/-\n/g, "").replace(/\n/g, " ") : c);

/** Every p-value of the statistics table: the tested family (each panel whose header holds "p-value", the rows under it). */
function pValues(p: ScorecardPlan): number[] {
  const headers = p.blocks.filter((b) => b.col === 0 && b.cells.length === 1 && b.cells[0].map(read).includes("p-value"));
  if (headers.length === 0) throw new Error("no statistics table");
  return headers.flatMap((h) => {
    const k = h.cells[0].map(read).indexOf("p-value");
    const rows = p.blocks.find((b) => b.col === 0 && b.row === h.row + 1);
    return (rows?.cells ?? []).map((row) => valueOf(row[k]));
  }).filter((v): v is number => typeof v === "number");
}

/** The KPI table's cell of a title under a header ("Value", "n", "Green at"), as its value. */
const tableCell = (p: ScorecardPlan, title: string, header: string) => cellAt(p, kpiCell(p, title, header));

describe("a theme on the scorecard", () => {
  const p = plan();
  const all = plantedIn(() => true);

  it("is a KPI row: the share of the comments that mention one of its words, over the comments the survey planted", () => {
    expect(all.wait).toBeGreaterThan(50);
    expect(num(tableCell(p, WAIT, "Value"))).toBeCloseTo(all.wait / all.comments, 14);
    expect(num(tableCell(p, WAIT, "n"))).toBe(all.comments);
    expect(num(tableCell(p, PRICE, "Value"))).toBeCloseTo(all.price / all.comments, 14);
  });

  it("carries Wilson's 95 % interval", () => {
    const [lo, hi] = wilson(all.wait, all.comments);
    expect(num(tableCell(p, WAIT, "95% low"))).toBeCloseTo(lo, 12);
    expect(num(tableCell(p, WAIT, "95% high"))).toBeCloseTo(hi, 12);
  });

  it("has a value per segment and per month, with its n and interval", () => {
    const south = plantedIn((row) => row[0] === "South");
    const r = statsRow(p, WAIT, "Region: South");
    expect(num(r.Value)).toBeCloseTo(south.wait / south.comments, 14);
    expect(num(r.n)).toBe(south.comments);
    expect(num(r["95% low"])).toBeCloseTo(wilson(south.wait, south.comments)[0], 12);
    const april = plantedIn((row) => (row[1] as number) >= 45658 + 93);
    expect(num(statsRow(p, WAIT, "2025-04").Value)).toBeCloseTo(april.wait / april.comments, 14);
  });

  it("tests a segment against the rest and a month against the one before with the pooled two-proportion test", () => {
    const south = plantedIn((row) => row[0] === "South");
    const rest = plantedIn((row) => row[0] !== "South");
    const r = statsRow(p, WAIT, "Region: South");
    expect(num(r["p-value"]) / pooledP(south.wait, south.comments, rest.wait, rest.comments)).toBeCloseTo(1, 9);
    const march = plantedIn((row) => (row[1] as number) >= 45658 + 62 && (row[1] as number) < 45658 + 93);
    const april = plantedIn((row) => (row[1] as number) >= 45658 + 93);
    expect(num(statsRow(p, WAIT, "2025-04")["p-value"]) / pooledP(april.wait, april.comments, march.wait, march.comments)).toBeCloseTo(1, 9);
  });

  it("marks the planted difference, South's waiting, and not the price nobody planted by region", () => {
    expect(valueOf(statsRow(p, WAIT, "Region: South").Mark)).toBe("▲");
    expect(p.differences.some((d) => d.id === "THEME:Wait time" && d.group === "Region: South" && d.direction === "higher")).toBe(true);
    for (const region of ["North", "South", "West"]) expect(valueOf(statsRow(p, PRICE, `Region: ${region}`).Mark)).toBe("");
  });

  it("joins the family every mark is corrected over: its adjusted p is Benjamini-Hochberg's over every KPI's p-values", () => {
    const ps = pValues(p);
    const without = pValues(planOf(plantedSpec(DATA, { namedThemes: [] }), DATA, BUILT_AT));
    // Two themes, each compared in 3 regions and 3 months, and tested for a trend over the 4 months.
    expect(ps.length).toBe(without.length + 14);
    const sorted = [...ps].sort((a, b) => a - b);
    const m = sorted.length;
    const bh = (x: number) => {
      const rank = sorted.filter((y) => y <= x).length;
      return Math.min(1, ...sorted.slice(rank - 1).map((y, k) => (y * m) / (rank + k)));
    };
    for (const group of ["Region: South", "Region: West", "2025-04"]) {
      const r = statsRow(p, WAIT, group);
      expect(num(r["Adjusted p (BH)"])).toBeCloseTo(bh(num(r["p-value"])), 14);
    }
  });

  it("is not banded without a target, and says so", () => {
    expect(tableCell(p, WAIT, "Green at")).toBeNull();
    expect(tableCell(p, WAIT, "Amber at")).toBeNull();
    expect(p.summary.find((s) => s.id === "THEME:Wait time")?.band).toBeNull();
    // The notes under the KPI table say why.
    expect(notesText(p)).toContain("set a target to band this KPI");
  });

  it("is banded against a target: green at it, amber within a quarter above it (lower is better); higher for praise", () => {
    const q = plan({ namedThemes: [{ ...WAIT_THEME, target: 0.2 }, { ...PRICE_THEME, target: 0.3, direction: "higher" }] });
    expect(valueOf(tableCell(q, WAIT, "Green at"))).toBe(0.2);
    expect(valueOf(tableCell(q, WAIT, "Amber at"))).toBeCloseTo(0.25, 14);
    // Wait time 25.9 % is past 25 %: red; price 19.8 % against a praise target of 30 %: red too (amber from 24 %).
    expect(q.summary.find((s) => s.id === "THEME:Wait time")?.bandIndex).toBe(2);
    expect(valueOf(tableCell(q, PRICE, "Amber at"))).toBeCloseTo(0.24, 14);
  });

  it("stays out of the Customer Performance Index, with or without a target", () => {
    const q = plan({ namedThemes: [{ ...WAIT_THEME, target: 0.2 }] });
    for (const x of [p, q]) {
      expect(x.composite?.components.map((c) => c.id)).toEqual(["SENTIMENT", "NPS"]);
      expect(x.composite?.leftOut.some((why) => why.includes("Theme"))).toBe(false);
    }
  });

  it("has its words in a cell of the inputs block, which its statistics read", () => {
    const words = [...cells(p)].find(([, c]) => c === "wait, waiting, queue, on hold, hold music");
    expect(words).toBeDefined();
    const [address] = words as [string, PlanCell];
    expect(cells(p).get(address.replace(/^B/, "A"))).toBe(WAIT);
    const mentions = statsRow(p, WAIT, "All")["Statistic 2"] as { formula: string };
    expect(mentions.formula).toContain(`$${address.replace(/\d+$/, "")}$${address.replace(/^[A-Z]+/, "")}`);
  });

  it("needs a comment column", () => {
    const spec = plantedSpec(DATA);
    const r = planScorecard({ spec: { ...spec, columns: spec.columns.filter((c) => c.role !== "sentiment") }, data: DATA, existingSheets: ["Data"], builtAt: BUILT_AT });
    expect(isKpiError(r) && r.message).toMatch(/themes \(Wait time, Price\) are shares of the comments: map a comment column/);
  });
});

describe("the themes of a stored spec", () => {
  it("round-trip: name, words, direction, target and smallest difference", () => {
    const spec = plantedSpec(DATA, { namedThemes: [{ ...WAIT_THEME, target: 0.15, minDifference: 0.05 }, { name: "Friendly", words: ["friendly", "kind"], direction: "higher" }] });
    const back = parseStoredSpec(serializeStoredSpec({ spec, sheetName: "KPI Scorecard", builtAt: BUILT_AT.toISOString() }));
    if (isKpiError(back)) throw new Error(back.message);
    expect(back.spec.namedThemes).toEqual(spec.namedThemes);
  });

  const refusal = (namedThemes: unknown) => {
    const r = parseSpec({ ...plantedSpec(DATA), namedThemes });
    return isKpiError(r) ? r.message : "accepted";
  };

  it("refuses what the sheet could not hold or match, naming the theme", () => {
    expect(refusal([{ name: "Wait", words: [] }])).toMatch(/theme "Wait" needs at least one word/);
    expect(refusal([{ name: "Wait", words: ["wait, queue"] }])).toMatch(/"wait, queue" holds a comma or semicolon/);
    expect(refusal([{ name: "Wait", words: ["--"] }])).toMatch(/"--" has no letter or digit/);
    expect(refusal([{ name: "Wait", words: Array.from({ length: 21 }, (_, k) => `w${k}`) }])).toMatch(/at most 20/);
    expect(refusal([{ name: "Wait", words: ["a"] }, { name: "wait", words: ["b"] }])).toMatch(/names a theme twice/);
    expect(refusal([{ name: "Wait", words: ["wait"], target: "10%" }])).toMatch(/write a share as a fraction \(0\.1\)/);
    expect(refusal([{ name: "Wait", words: ["wait"], target: 10 }])).toMatch(/a share from 0 to 1/);
    expect(refusal([{ name: "Wait", words: ["wait"], direction: "up" }])).toMatch(/"lower" \(a complaint\) or "higher" \(praise\)/);
    expect(refusal([{ name: "Wait", words: ["wait"] }])).toBe("accepted");
  });
});

describeLO("the portable sheet with themes, recalculated by LibreOffice", () => {
  afterAll(disposeLibreOffice);

  const recalculated = (p: ScorecardPlan, edits: Record<string, string> = {}) => recalculatedScorecard(p, { name: "Data", table: DATA, dateColumns: [1] }, edits);

  it("gives every cell of the themes' rows, statistics, tests and marks the cached value", async () => {
    const p = plan();
    const check = compareWithCache(p, await recalculated(p));
    expect(check.mismatches).toEqual([]);
    expect(check.numbers).toBeGreaterThan(300);
  }, 240_000);

  it("follows an edit of a theme's words: the share, its tests and marks move to what a plan built with those words caches", async () => {
    const p = plan();
    const address = [...cells(p)].find(([, c]) => c === "wait, waiting, queue, on hold, hold music")?.[0] as string;
    const edited = await recalculated(p, { [address]: "Queue; hold music, waiter" });
    const rebuilt = plan({ namedThemes: [{ ...WAIT_THEME, words: ["Queue", "hold music", "waiter"] }, PRICE_THEME] });
    expect(num(tableCell(rebuilt, WAIT, "Value"))).not.toBeCloseTo(num(tableCell(p, WAIT, "Value")), 2);
    const check = compareWithCache(rebuilt, edited);
    expect(check.mismatches).toEqual([]);
  }, 240_000);
});
