/** `kpi-scorecard --json`: the summary a script reads, checked against the catalogue's own functions. */
import { join } from "node:path";
import ExcelJS from "exceljs";
import { csat, nps, npsTest } from "../../src/kpi";
import type { JsonSummary } from "../../src/cli/json";
import { mulberry32 } from "../../scripts/random.cjs";
import { cochran, skewnessOfValues } from "../helpers/cochran";
import { ensureBuilt, runCli, tempDir, writeCsv, type Cell } from "./helpers";

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  ensureBuilt();
  tmp = tempDir("kpi-json-");
});
afterAll(() => tmp.cleanup());

const HEADERS = ["Region", "How likely are you to recommend us? (0-10)", "Overall satisfaction (1-5)"];
const REGIONS = ["East", "North", "South", "West"];

/** 1,600 answers over four regions; South's promoters are half as frequent and its detractors twice. */
function survey(): Cell[][] {
  const rand = mulberry32(24);
  return Array.from({ length: 1600 }, (_, k) => {
    const region = REGIONS[k % 4];
    const r = rand();
    const score = region === "South" ? (r < 0.2 ? 9 + (k % 2) : r < 0.6 ? 7 + (k % 2) : k % 7) : r < 0.45 ? 9 + (k % 2) : r < 0.8 ? 7 + (k % 2) : k % 7;
    return [region, score, 1 + Math.floor(rand() * 5)];
  });
}

describe("--json", () => {
  let rows: Cell[][];
  let parsed: JsonSummary;
  let stdout: string;
  beforeAll(async () => {
    rows = survey();
    const path = writeCsv(join(tmp.dir, "survey.csv"), { headers: HEADERS, rows });
    const r = await runCli([path, "--json", "--target", "NPS=40", "-o", join(tmp.dir, "out.xlsx")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    stdout = r.stdout;
    parsed = JSON.parse(r.stdout) as JsonSummary;
  });

  it("writes one JSON document and nothing else on standard output", () => {
    expect(stdout.trimEnd().startsWith("{")).toBe(true);
    expect(stdout.trimEnd().endsWith("}")).toBe(true);
    expect(stdout).not.toMatch(/^Wrote /m);
  });

  it("gives each KPI's id, label, value, n, interval and band, the value as KPI.NPS and KPI.CSAT compute it", () => {
    const byId = new Map(parsed.kpis.map((k) => [k.id, k]));
    const npsKpi = byId.get("NPS");
    expect(npsKpi).toMatchObject({ label: "Net Promoter Score (NPS)", n: 1600, tooFew: false, error: null, numberFormat: "0.0" });
    expect(npsKpi?.value).toBeCloseTo(nps(rows.map((r) => [r[1]])) as number, 9);
    expect(npsKpi?.interval?.low).toBeLessThan(npsKpi?.value as number);
    expect(npsKpi?.interval?.high).toBeGreaterThan(npsKpi?.value as number);
    expect(typeof npsKpi?.band === "string" && npsKpi.band.length > 0).toBe(true);
    expect(byId.get("CSAT")?.value).toBeCloseTo(csat(rows.map((r) => [r[2]])) as number, 9);
    // The CPI's interval is conservative (not a 95% one) and says so; a sample KPI's carries no such flag.
    const index = byId.get("CPI");
    expect(index?.interval).toEqual({ low: expect.any(Number), high: expect.any(Number), conservative: true });
    expect((index?.interval?.low as number) < (index?.value as number) && (index?.value as number) < (index?.interval?.high as number)).toBe(true);
    expect(npsKpi?.interval).not.toHaveProperty("conservative");
  });

  it("lists the differences that hold: South's NPS against the rest, with its p as KPI.NPS.TEST gives it", () => {
    const south = parsed.differences.find((d) => d.kpi === "NPS" && d.group === "Region: South");
    expect(south).toMatchObject({ kind: "segment", direction: "lower", n: 400, label: "Net Promoter Score (NPS)" });
    const inSouth = rows.filter((r) => r[0] === "South").map((r) => [r[1]]);
    const rest = rows.filter((r) => r[0] !== "South").map((r) => [r[1]]);
    expect(south?.value).toBeCloseTo(nps(inSouth) as number, 9);
    expect(south?.comparedWith).toEqual({ label: "rest of the sample", value: expect.closeTo(nps(rest) as number, 9) });
    expect(south?.difference).toBeCloseTo((nps(inSouth) as number) - (nps(rest) as number), 9);
    expect(south?.p).toBeCloseTo(npsTest(inSouth, rest) as number, 12);
    // The interval of the difference: each group's adjusted-Wald NPS (Rocks 2016 pseudo-counts), their margins combined.
    const adjusted = (answers: unknown[][]) => {
      const xs = answers.map((a) => a[0] as number);
      const n = xs.length + 3;
      const [p, d] = [(xs.filter((x) => x >= 9).length + 0.75) / n, (xs.filter((x) => x <= 6).length + 0.75) / n];
      return { centre: 100 * (p - d), variance: (10000 * (p + d - (p - d) ** 2)) / n };
    };
    const [a, b] = [adjusted(inSouth), adjusted(rest)];
    const half = 1.959963984540054 * Math.sqrt(a.variance + b.variance);
    expect(south?.differenceInterval?.low).toBeCloseTo(a.centre - b.centre - half, 9);
    expect(south?.differenceInterval?.high).toBeCloseTo(a.centre - b.centre + half, 9);
    expect(south?.adjustedP).toBeGreaterThanOrEqual(south?.p as number);
    expect(south?.adjustedP).toBeLessThanOrEqual(parsed.settings.fdrQ);
  });

  it("gives each difference the sentence page 1 shows, with its mark and numbers, and lists them in keyFindings as page 1 does", async () => {
    const south = parsed.differences.find((d) => d.kpi === "NPS" && d.group === "Region: South");
    const inSouth = rows.filter((r) => r[0] === "South").map((r) => [r[1]]);
    const rest = rows.filter((r) => r[0] !== "South").map((r) => [r[1]]);
    const [mine, theirs] = [nps(inSouth) as number, nps(rest) as number];
    // NPS in points with one decimal (its number format 0.0), the gap in points, the n, the adjusted p at three decimals (four below 0.001).
    const p = south?.adjustedP as number;
    const pText = p < 0.0001 ? "< 0.0001" : p.toFixed(p < 0.001 ? 4 : 3);
    expect(south?.sentence).toBe(`▼ South: NPS ${mine.toFixed(1)}, ${(theirs - mine).toFixed(1)} points below the rest of the sample (n 400; adjusted p ${pText})`);
    expect(parsed.keyFindings).toEqual(parsed.differences.map((d) => d.sentence));
    // Page 1 of the workbook written beside it opens with the same lines (the formulas' cached text).
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(tmp.dir, "out.xlsx"));
    const sheet = book.getWorksheet("KPI Scorecard");
    const texts: string[] = [];
    sheet?.getColumn(1).eachCell((cell) => {
      const v = cell.value;
      texts.push(typeof v === "string" ? v : v !== null && typeof v === "object" && "result" in v ? String(v.result ?? "") : "");
    });
    const heading = texts.findIndex((t) => t.startsWith("Key findings:"));
    expect(heading).toBeGreaterThanOrEqual(0);
    const shown = Math.min(5, parsed.keyFindings.length);
    expect(texts.slice(heading + 1, heading + 1 + shown)).toEqual(parsed.keyFindings.slice(0, shown));
  });

  it("says in keyFindings that no difference holds when none does, as page 1 does", async () => {
    const path = join(tmp.dir, "survey.csv");
    const r = await runCli([path, "--json", "--min-difference", "NPS=100", "--min-difference", "CSAT=100%", "-o", join(tmp.dir, "none.xlsx")]);
    expect(r.code).toBe(0);
    const none = JSON.parse(r.stdout) as JsonSummary;
    expect(none.differences).toEqual([]);
    expect(none.keyFindings).toEqual(["No difference holds: no segment differs from the rest of the sample, and no period from the one before, beyond chance (q = 0.05)."]);
  });

  it("leaves out a difference smaller than --min-difference, and keeps it when it is at least as large", async () => {
    const south = parsed.differences.find((d) => d.kpi === "NPS" && d.group === "Region: South");
    const gap = Math.abs(south?.difference as number);
    const path = join(tmp.dir, "survey.csv");
    const again = async (d: number) => {
      const r = await runCli([path, "--json", "--min-difference", `NPS=${d}`, "-o", join(tmp.dir, `min-${d}.xlsx`)]);
      expect(r.code).toBe(0);
      return (JSON.parse(r.stdout) as JsonSummary).differences.some((x) => x.kpi === "NPS" && x.group === "Region: South");
    };
    expect(await again(Math.ceil(gap + 1))).toBe(false);
    expect(await again(Math.floor(gap - 1))).toBe(true);
  });

  it("carries the settings, the columns used and the files written", () => {
    expect(parsed.settings).toEqual({ minN: 30, fdrQ: 0.05, mode: "portable" });
    expect(parsed.columns.used.map((c) => c.role)).toEqual(["segment", "nps", "csat"]);
    expect(parsed.output).toEqual({ xlsx: join(tmp.dir, "out.xlsx"), pdf: null, sheet: "KPI Scorecard" });
  });

  it("is listed in --help", async () => {
    const r = await runCli(["--help"]);
    expect(r.stdout).toMatch(/--json\s+the summary as JSON on standard output instead of text/);
  });
});

describe("comparisons too skewed to test", () => {
  // Order values with a long right tail (lognormal, sigma 1.5): Big 1,200, Mid 600, Small 40.
  const rand = mulberry32(19);
  const sizes: [string, number][] = [["Big", 1200], ["Mid", 600], ["Small", 40]];
  const rows: Cell[][] = sizes.flatMap(([region, n]) =>
    Array.from({ length: n }, () => {
      const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
      return [region, Math.round(Math.exp(4 + 1.5 * z) * 100) / 100];
    }),
  );
  const expected = () => {
    const g1 = skewnessOfValues(rows.map((r) => r[1] as number));
    return sizes
      .map(([region, n]) => ({ region, n, rule: cochran(g1, n, rows.length - n) }))
      .filter((x) => !x.rule.tested)
      .map((x) => ({ group: `Region: ${x.region}`, n: Math.min(x.n, rows.length - x.n), needs: x.rule.needs }));
  };

  it("are listed in --json with the n they have and the n they would need, as Cochran's rule by hand gives them", async () => {
    const path = writeCsv(join(tmp.dir, "orders.csv"), { headers: ["Region", "Order value"], rows });
    const r = await runCli([path, "--json", "-o", join(tmp.dir, "orders.xlsx")]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const parsed = JSON.parse(r.stdout) as JsonSummary;
    const want = expected();
    // Small (40 beside 1,800) is among them whatever the sample's skewness; none of them is marked.
    expect(want.map((w) => w.group)).toContain("Region: Small");
    expect(parsed.untested.map((u) => ({ group: u.group, n: u.n, needs: u.needs }))).toEqual(want);
    expect(parsed.untested.every((u) => u.label === "Revenue per customer" && u.kind === "segment")).toBe(true);
    expect(parsed.differences.some((d) => want.some((w) => w.group === d.group))).toBe(false);
  });

  it("are named in the text summary, so that a missing mark does not read as no difference", async () => {
    const path = join(tmp.dir, "orders.csv");
    const r = await runCli([path, "-o", join(tmp.dir, "orders-text.xlsx")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Not tested, too skewed for the normal curve");
    const small = expected().find((w) => w.group === "Region: Small");
    expect(r.stdout).toContain(`  Revenue per customer, Region: Small against the rest of the sample: too skewed to test at n 40; needs ${small?.needs.toLocaleString("en-US")}\n`);
  });
});
