// Themes' flags as drivers of "What moves NPS" (issue 21): each comment's 0/1 per theme, read by
// the themes' rule, enters the key-driver analysis beside the survey's columns. Checked against
// the same analysis run on 0/1 columns the survey writes down itself as it plants the complaints
// (the flags must be those columns, so every figure must be the same), and against the block,
// the plan's summary, the spec's refusals and the command line.
import { join } from "node:path";
import { isKpiError } from "../../src/kpi";
import { driverAnalysisOf, type DriverAnalysis } from "../../src/scorecard/driverAnalysis";
import { planScorecard } from "../../src/scorecard/plan";
import { parseSpec } from "../../src/scorecard/spec";
import type { ColumnMapping, DataTable, ScorecardSpec } from "../../src/scorecard/types";
import type { JsonSummary } from "../../src/cli/json";
import { mulberry32 } from "../../src/why/random";
import { lmgByOrders, olsR2 } from "../helpers/drivers";
import { ensureBuilt, runCli, tempDir, writeCsv, type Cell } from "../cli/helpers";

const HEADERS = ["Recommend (0-10)", "Satisfaction (1-5)", "Comment", "Waited (planted)", "Price (planted)"];
const COLUMNS: ColumnMapping[] = [
  { index: 0, header: HEADERS[0], role: "nps" },
  { index: 1, header: HEADERS[1], role: "csat" },
  { index: 2, header: HEADERS[2], role: "sentiment" },
];
const WAIT = { name: "Wait time", words: ["wait", "waited", "on hold", "queue"] };
const PRICE = { name: "Price", words: ["expensive", "price", "prices"] };

/**
 * 800 answers: NPS moved by satisfaction, by a long wait (-2.5 points) and a little by price
 * (-0.8); a comment says the wait or the price when they happened, in hostile forms; a tenth of
 * the rows have no comment. Columns 3 and 4 hold what was planted, blank where there is no comment.
 */
function survey(): DataTable {
  const random = mulberry32(31);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const rows = Array.from({ length: 800 }, () => {
    const csat = 1 + Math.floor(random() * 5);
    const waited = random() < 0.3;
    const pricey = random() < 0.25;
    const nps = Math.max(0, Math.min(10, Math.round(1.6 * csat + 2 - 2.5 * (waited ? 1 : 0) - 0.8 * (pricey ? 1 : 0) + 1.2 * normal())));
    const said = random() >= 0.1;
    const parts = [pick(["ordered a router", "the waiter was nice", "paid online", "priceless help"])];
    if (waited) parts.push(pick(["WAITED an hour!", "put on-hold twice", "the queue, again", "wait\u00a0was long"]));
    if (pricey) parts.push(pick(["too expensive", "prices went up", "the price, really"]));
    return [nps, csat, said ? parts.join("; ") : "", said ? (waited ? 1 : 0) : "", said ? (pricey ? 1 : 0) : ""];
  });
  return { headers: HEADERS, rows };
}

const DATA = survey();
const spec = (drivers: ScorecardSpec["drivers"]): ScorecardSpec => ({
  version: 1, source: { sheet: "Survey", address: "A1:E801" }, columns: COLUMNS, aggregates: {}, kpis: {}, mode: "portable", trend: "month",
  namedThemes: [WAIT, PRICE], drivers,
});
const found = (a: DriverAnalysis | null) => {
  if (a === null || a.kind !== "drivers") throw new Error(a?.kind === "none" ? a.why : "no analysis");
  return a;
};

describe("a theme's flags as drivers", () => {
  const themed = found(driverAnalysisOf(spec({ outcome: 0, columns: [1], themes: ["Wait time", "Price"] }), DATA, true));
  const planted = found(driverAnalysisOf(spec({ outcome: 0, columns: [1, 3, 4] }), DATA, true));
  const byPosition = (a: typeof themed) => [...a.rows].sort((x, y) => x.position - y.position);

  it("are the 0/1 the survey planted: every importance, interval, sign, R² and n is the same as on those columns", () => {
    expect(themed.n).toBe(planted.n);
    expect(themed.leftOut).toBe(planted.leftOut);
    expect(themed.r2).toBeCloseTo(planted.r2, 14);
    byPosition(themed).forEach((row, k) => {
      const other = byPosition(planted)[k];
      expect(row.raw).toBeCloseTo(other.raw, 14);
      expect(row.low).toBeCloseTo(other.low as number, 14);
      expect(row.high).toBeCloseTo(other.high as number, 14);
      expect(row.sign).toBe(other.sign);
      expect(row.mean).toBeCloseTo(other.mean, 14);
    });
  });

  it("have the importances least squares give by definition: over the commented rows, the R² each adds averaged over every order of entry, adding up to the R² of the full fit", () => {
    // Independent of src/why: raw data with an intercept, normal equations (test/helpers/drivers.ts),
    // on the flags the survey planted, over the rows with a comment.
    const used = DATA.rows.filter((r) => r[2] !== "");
    const y = used.map((r) => r[0] as number);
    const x = used.map((r) => [r[1] as number, r[3] as number, r[4] as number]);
    const lmg = lmgByOrders(y, x);
    expect(themed.r2).toBeCloseTo(olsR2(y, x, [0, 1, 2]), 10);
    byPosition(themed).forEach((row, j) => expect(row.raw).toBeCloseTo(lmg[j], 10));
    expect(lmg.reduce((a, b) => a + b, 0)).toBeCloseTo(themed.r2, 10);
    // Relative weights (the other method) add up to the same R²; with the flags their order agrees here.
    const rw = found(driverAnalysisOf(spec({ outcome: 0, columns: [1], themes: ["Wait time", "Price"], method: "rw" }), DATA, true));
    expect(rw.rows.reduce((s, r) => s + r.raw, 0)).toBeCloseTo(olsR2(y, x, [0, 1, 2]), 10);
    expect(rw.rows.map((r) => r.header)).toEqual(themed.rows.map((r) => r.header));
  });

  it("leave out the rows without a comment, and name the theme", () => {
    expect(themed.n).toBe(DATA.rows.filter((r) => r[2] !== "").length);
    expect(themed.leftOut).toBe(DATA.rows.length - themed.n);
    expect(byPosition(themed).map((r) => r.header)).toEqual([HEADERS[1], "Theme: Wait time", "Theme: Price"]);
    expect(byPosition(themed)[1]).toMatchObject({ index: -1, label: "Theme: Wait time", theme: WAIT });
  });

  it("find the planted effects: waiting drags NPS down, more than the price does", () => {
    const [, wait, price] = byPosition(themed);
    expect(wait.sign).toBe(-1);
    expect(price.sign).toBe(-1);
    expect(wait.raw).toBeGreaterThan(price.raw);
    expect(wait.low as number).toBeGreaterThan(0);
  });

  it("perform where a complaint is not said (and where praise is)", () => {
    const [, wait] = byPosition(themed);
    expect(wait.topBox).toBeCloseTo(1 - wait.mean, 14);
    const praise = found(driverAnalysisOf({ ...spec({ outcome: 0, columns: [1], themes: ["Wait time"] }), namedThemes: [{ ...WAIT, direction: "higher" }] }, DATA, true));
    expect(byPosition(praise)[1].topBox).toBeCloseTo(byPosition(praise)[1].mean, 14);
  });

  it("are named in a warning when counted the wrong way round: waiting, which drags NPS down, declared as praise", () => {
    const asPraise = found(driverAnalysisOf({ ...spec({ outcome: 0, columns: [1], themes: ["Wait time"] }), namedThemes: [{ ...WAIT, direction: "higher" }] }, DATA, true));
    const warning = asPraise.warnings.find((w) => w.startsWith("Theme: Wait time:"));
    expect(warning).toMatch(/go with a lower NPS \(r -0\.\d\d, p (< 0\.0001|0\.\d+)\), yet it is counted as praise \(higher is better\): if it is a complaint, name it as a theme \(--theme\)/);
    // The r it prints is the flag's correlation with NPS over the commented rows, computed here apart.
    const used = DATA.rows.filter((r) => r[2] !== "");
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const y = used.map((r) => r[0] as number);
    const f = used.map((r) => r[3] as number);
    const [my, mf] = [mean(y), mean(f)];
    const cov = mean(y.map((v, i) => (v - my) * (f[i] - mf)));
    const r = cov / Math.sqrt(mean(y.map((v) => (v - my) ** 2)) * mean(f.map((v) => (v - mf) ** 2)));
    expect(warning).toContain(`r ${r.toFixed(2)}`);
    // Counted as the complaint it is, or the price (a complaint too): no such warning.
    expect(themed.warnings.filter((w) => w.startsWith("Theme:"))).toEqual([]);
  });

  it("reach the block and the plan's summary, with a note that says how a theme reads, and no live formulas", () => {
    const p = planScorecard({ spec: { ...spec({ outcome: 0, columns: [1], themes: ["Wait time", "Price"] }), mode: "live" }, data: DATA, existingSheets: ["Survey"], builtAt: new Date("2026-12-07T10:00:00Z") });
    if (isKpiError(p)) throw new Error(p.message);
    expect(p.drivers?.drivers.map((d) => d.header)).toEqual(expect.arrayContaining(["Theme: Wait time", "Theme: Price"]));
    // The block's notes are wrapped to the page, a line a row: read as one text.
    const texts = p.blocks.flatMap((b) => b.cells.flat()).filter((c): c is string => typeof c === "string").join(" ");
    expect(texts).toContain("a theme: 1 where the comment mentions it, 0 where not; no comment, no row");
    expect(texts).toContain("live formulas need the drivers as columns of the data");
    const formulas = p.blocks.flatMap((b) => b.cells.flat()).filter((c) => typeof c === "object" && c !== null).map((c) => (c as { formula: string }).formula);
    expect(formulas.some((f) => f.includes("KPI.DRIVERS"))).toBe(false);
    expect(p.charts.some((c) => c.type === "scatter" && c.points.some((pt) => pt.name === "Theme: Wait time"))).toBe(true);
  });

  it("are refused by a spec that does not name the theme", () => {
    const r = parseSpec({ ...spec({ outcome: 0, columns: [1], themes: ["Noise"] }) });
    expect(isKpiError(r) && r.message).toMatch(/drivers\.themes names "Noise", which namedThemes does not \("Wait time", "Price"\)/);
    const twice = parseSpec({ ...spec({ outcome: 0, columns: [1], themes: ["Price", "price"] }) });
    expect(isKpiError(twice) && twice.message).toMatch(/lists a theme twice/);
  });
});

describe("kpi-scorecard --drivers with themes", () => {
  let tmp: { dir: string; cleanup: () => void };
  let csv: string;
  beforeAll(() => {
    ensureBuilt();
    tmp = tempDir("kpi-theme-drivers-");
    csv = writeCsv(join(tmp.dir, "survey.csv"), { headers: HEADERS.slice(0, 3), rows: DATA.rows.map((r) => r.slice(0, 3) as Cell[]) });
  });
  afterAll(() => tmp.cleanup());

  const flags = ["--nps", HEADERS[0], "--csat", HEADERS[1], "--sentiment", "Comment", "--theme", "Wait time=wait,waited,on hold,queue", "--theme", "Price=expensive,price,prices"];
  const run = async (...more: string[]) => {
    const r = await runCli([csv, "--json", "-q", ...flags, ...more, "-o", join(tmp.dir, `${more.join("").replace(/\W/g, "")}.xlsx`)]);
    return { ...r, parsed: r.code === 0 ? (JSON.parse(r.stdout) as JsonSummary) : null };
  };

  it("takes every named theme with --drivers auto, and a theme by name among columns", async () => {
    const auto = await run("--drivers", "auto");
    expect(auto.stderr).toBe("");
    // The satisfaction item (a survey score) and both themes.
    expect(auto.parsed?.drivers?.drivers.map((d) => d.header).sort()).toEqual([HEADERS[1], "Theme: Price", "Theme: Wait time"]);
    // A complaint performs where it is not said, and the summary says so.
    const wait = auto.parsed?.drivers?.drivers.find((d) => d.header === "Theme: Wait time");
    expect(wait?.measure).toBe("comments without it");
    expect(wait?.performance).toBeCloseTo(DATA.rows.filter((r) => r[2] !== "" && r[3] === 0).length / DATA.rows.filter((r) => r[2] !== "").length, 12);
    expect(auto.parsed?.drivers?.drivers.find((d) => d.header === HEADERS[1])?.measure).toBe("top-2 box");
    const named = await run("--drivers", `${HEADERS[1]},Theme: wait time`);
    expect(named.parsed?.drivers?.drivers.map((d) => d.header).sort()).toEqual([HEADERS[1], "Theme: Wait time"].sort());
  }, 120_000);

  it("takes praise with --praise: it performs where it is said, and a praise theme that goes with a lower NPS is warned about", async () => {
    const r = await runCli([csv, "--json", "-q", "--nps", HEADERS[0], "--csat", HEADERS[1], "--sentiment", "Comment", "--praise", "Wait time=wait,waited,on hold,queue", "--drivers", "auto", "-o", join(tmp.dir, "praise.xlsx")]);
    expect(r.stderr).toBe("");
    const parsed = JSON.parse(r.stdout) as JsonSummary;
    const wait = parsed.drivers?.drivers.find((d) => d.header === "Theme: Wait time");
    expect(wait?.measure).toBe("comments with it");
    expect(wait?.performance).toBeCloseTo(DATA.rows.filter((x) => x[2] !== "" && x[3] === 1).length / DATA.rows.filter((x) => x[2] !== "").length, 12);
    expect(parsed.drivers?.warnings.join(" ")).toMatch(/Theme: Wait time: comments that say it go with a lower NPS .* counted as praise/);
    const twice = await runCli([csv, "-q", ...flags, "--praise", "wait time=wait", "-o", join(tmp.dir, "twice.xlsx")]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/"wait time" is given as --theme and as --praise: a theme is a complaint or praise, give it once/);
  }, 120_000);

  it("refuses a theme no --theme names, in one line", async () => {
    const r = await run("--drivers", `${HEADERS[1]},Theme: Noise`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--drivers "Theme: Noise": no theme is named so \(themes: Wait time, Price\)/);
  }, 120_000);
});
