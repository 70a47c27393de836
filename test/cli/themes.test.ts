/**
 * kpi-scorecard --theme: themes the user names on the command line and in a spec file, a KPI row
 * each (the share of comments that mention its words), checked against the survey's record of
 * what it planted; the stored spec keeps them; bad themes are one line and exit 2, no file.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseCliArgs, parseMinDifference, parseTarget, parseThemeFlag } from "../../src/cli/args";
import type { JsonSummary } from "../../src/cli/json";
import { plantedSurvey } from "../helpers/themeSurvey";
import { ensureBuilt, readWorkbook, runCli, storedSpec, tempDir, writeCsv, type Cell } from "./helpers";

describe("the --theme flag", () => {
  it("reads a name and its words, separated by commas or semicolons", () => {
    expect(parseThemeFlag("Wait time = wait, queue;on hold,")).toEqual({ name: "Wait time", words: ["wait", "queue", "on hold"] });
    const parsed = parseCliArgs(["--theme", "Wait time=wait,queue", "--theme", "Price=price"]);
    expect(parsed.kind === "run" && parsed.options.namedThemes).toEqual([{ name: "Wait time", words: ["wait", "queue"] }, { name: "Price", words: ["price"] }]);
  });

  it("reads a theme's target and smallest difference as shares", () => {
    expect(parseTarget("Theme: Wait time=10%")).toEqual({ kpi: "THEME:Wait time", value: 0.1, written: "--target Theme: Wait time=10%", percent: true });
    expect(parseMinDifference("theme:Price=0.05")).toEqual({ kpi: "THEME:Price", value: 0.05 });
    expect(() => parseMinDifference("Theme: Price=5")).toThrow(/a theme is a share, so its differences are fractions: write 0.05 or 5%/);
  });

  it.each([
    ["Wait time", /is not NAME=WORDS/],
    ["=wait", /name the theme before "="/],
    ["Wait=", /theme "Wait" needs at least one word/],
    ["Wait=--", /"--" has no letter or digit/],
  ])("refuses %j", (text, message) => {
    expect(() => parseThemeFlag(text)).toThrow(message);
  });

  it("refuses the same theme twice", () => {
    expect(() => parseCliArgs(["--theme", "Wait=wait", "--theme", "wait=queue"])).toThrow(/--theme "wait" is given twice/);
  });
});

describe("kpi-scorecard with themes", () => {
  let tmp: { dir: string; cleanup: () => void };
  let csv: string;
  const { data, planted } = plantedSurvey();
  const comments = planted.filter((p) => p.comment).length;
  /** A planted survey as a CSV: dates as the CLI reads them, the comment's blank left blank. */
  const csvOf = (name: string, table: typeof data) =>
    writeCsv(join(tmp.dir, name), {
      headers: table.headers as string[],
      rows: table.rows.map((r) => [r[0], new Date(Date.UTC(1899, 11, 30) + (r[1] as number) * 86_400_000).toISOString().slice(0, 10), r[2], r[3]] as Cell[]),
    });
  beforeAll(() => {
    ensureBuilt();
    tmp = tempDir("kpi-themes-");
    csv = csvOf("survey.csv", data);
  });
  afterAll(() => tmp.cleanup());

  it("shows each theme's share of the comments, with the target given, and stores the themes in the workbook", async () => {
    const out = join(tmp.dir, "themes.xlsx");
    const r = await runCli([csv, "--json", "--sentiment", "Comment", "--theme", "Wait time=wait,waiting,queue,on hold,hold music", "--theme", "Price=expensive;price;prices;overpriced", "--target", "Theme: Wait time=20%", "-o", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const kpis = new Map((JSON.parse(r.stdout) as JsonSummary).kpis.map((k) => [k.id, k]));
    expect(kpis.get("THEME:Wait time")?.value).toBeCloseTo(planted.filter((p) => p.wait).length / comments, 12);
    expect(kpis.get("THEME:Wait time")?.n).toBe(comments);
    expect(kpis.get("THEME:Price")?.value).toBeCloseTo(planted.filter((p) => p.price).length / comments, 12);
    expect(kpis.get("THEME:Wait time")?.band).toBe("Off target");
    expect(kpis.get("THEME:Price")?.band).toBeNull();
    const stored = storedSpec(await readWorkbook(out)).spec as unknown as { namedThemes: unknown };
    expect(stored.namedThemes).toEqual([
      { name: "Wait time", words: ["wait", "waiting", "queue", "on hold", "hold music"], target: 0.2 },
      { name: "Price", words: ["expensive", "price", "prices", "overpriced"] },
    ]);
  }, 120_000);

  it("reads themes from a spec file, a --theme of the same name replacing its words", async () => {
    const spec = join(tmp.dir, "spec.json");
    writeFileSync(spec, JSON.stringify({
      version: 1, source: { sheet: "survey", address: "A1:D601" }, columns: [], namedThemes: [{ name: "Wait time", words: ["queue"], target: 0.3 }, { name: "Price", words: ["price"] }],
    }));
    const r = await runCli([csv, "--json", "--spec", spec, "--sentiment", "Comment", "--theme", "wait time=wait,waiting,queue,on hold,hold music", "-o", join(tmp.dir, "spec.xlsx")]);
    expect(r.stderr).toBe("");
    const kpis = new Map((JSON.parse(r.stdout) as JsonSummary).kpis.map((k) => [k.id, k]));
    expect(kpis.get("THEME:Wait time")?.value).toBeCloseTo(planted.filter((p) => p.wait).length / comments, 12);
    expect(kpis.has("THEME:Price")).toBe(true);
  }, 120_000);

  it("gives the same shares, intervals and p-values from DuckDB (each distinct comment folded by the add-in's rule)", async () => {
    const flags = ["--json", "--sentiment", "Comment", "--theme", "Wait time=wait,waiting,queue,on hold,hold music", "--theme", "Price=price,prices"];
    const [js, duck] = await Promise.all(["js", "duckdb"].map((engine) => runCli([csv, ...flags, "-q", "--engine", engine, "-o", join(tmp.dir, `${engine}.xlsx`)])));
    expect(duck.stderr).toBe("");
    const [a, b] = [js, duck].map((r) => JSON.parse(r.stdout) as JsonSummary);
    for (const id of ["THEME:Wait time", "THEME:Price"]) {
      const [x, y] = [a, b].map((s) => s.kpis.find((k) => k.id === id));
      expect(y?.n).toBe(x?.n);
      expect(y?.value).toBeCloseTo(x?.value as number, 12);
      expect(y?.interval?.low).toBeCloseTo(x?.interval?.low as number, 12);
    }
    const south = (s: JsonSummary) => s.differences.find((d) => d.kpi === "THEME:Wait time" && d.group === "Region: South");
    expect(south(b)?.p).toBeCloseTo(south(a)?.p as number, 12);
  }, 180_000);

  it("with --themes and no theme named, notes the --theme flags of the themes detractors' comments propose", async () => {
    // 1,200 answers: enough for the planted complaints to stand above the noise floor (600 are not).
    const larger = csvOf("larger.csv", plantedSurvey(21, { North: 400, South: 400, West: 400 }).data);
    const r = await runCli([larger, "--json", "--sentiment", "Comment", "--themes", "-q", "-o", join(tmp.dir, "proposed.xlsx")]);
    expect(r.stderr).toBe("");
    const note = (JSON.parse(r.stdout) as JsonSummary).notes.find((n) => n.startsWith("themes to follow as KPI rows"));
    // Each proposed flag reads back as a theme; among them the planted waiting and price.
    const flags = [...(note ?? "").matchAll(/--theme "([^"]+)"/g)].map((m) => parseThemeFlag(m[1]));
    expect(flags.some((t) => t.words.includes("wait"))).toBe(true);
    expect(flags.some((t) => t.words.includes("expensive"))).toBe(true);
    const without = await runCli([csv, "--json", "--sentiment", "Comment", "-q", "-o", join(tmp.dir, "none.xlsx")]);
    expect((JSON.parse(without.stdout) as JsonSummary).notes.some((n) => n.startsWith("themes to follow"))).toBe(false);
  }, 120_000);

  it("leaves the themes out of a warehouse's query, with the comments they read (no SQL folds them)", async () => {
    const r = await runCli([csv, "--sentiment", "Comment", "--theme", "Wait=wait", "--sql"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SELECT/);
    expect(r.stdout).not.toMatch(/THEME|Wait/);
  }, 120_000);

  it.each([
    [["--theme", "Wait=wait", "--ignore", "Comment"], /themes \(Wait\) are shares of the comments: map a comment column with --sentiment COL/],
    [["--sentiment", "Comment", "--target", "Theme: Noise=10%"], /no theme is named "Noise" \(name one with --theme "NAME=words"\)/],
    [["--sentiment", "Comment", "--theme", "Wait=wait", "--target", "Theme: Wait=20"], /a theme's target is a share of the comments: write 0.2 or 20%/],
  ])("refuses %j in one line, exit 2, and writes no file", async (args, message) => {
    const out = join(tmp.dir, "refused.xlsx");
    const r = await runCli([csv, ...args, "-o", out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  }, 120_000);
});
