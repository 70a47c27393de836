// kpi-scorecard --drivers and --outcome: the "What moves NPS" block from the command line, its
// summary on standard output and in --json, the bundled example's block, and the refusals.
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { ensureBuilt, readWorkbook, runCli, tempDir } from "./helpers";
import { survey } from "../helpers/driverSurvey";

jest.setTimeout(120_000);

describe("kpi-scorecard --drivers", () => {
  let tmp: { dir: string; cleanup: () => void };
  let csv: string;
  beforeAll(() => {
    ensureBuilt();
    tmp = tempDir("kpi-drivers-");
    const data = survey();
    csv = join(tmp.dir, "survey.csv");
    writeFileSync(csv, [data.headers.join(","), ...data.rows.map((r) => r.map((v) => String(v ?? "")).join(","))].join("\n"));
  });
  afterAll(() => tmp.cleanup());
  const out = (name: string) => join(tmp.dir, name);

  it("auto proposes the survey scores as drivers of NPS and prints them, largest share first, with the block on the sheet", async () => {
    const r = await runCli([csv, "-o", out("auto.xlsx"), "--drivers", "auto"]);
    expect(r.code).toBe(0);
    const section = r.stdout.slice(r.stdout.indexOf("What moves NPS")).split("\n\n")[0];
    expect(section).toMatch(/^What moves NPS \(R² 0\.\d\d, Shapley values, \d+ rows with every driver answered\):/);
    // Speed is the strongest planted driver; overall satisfaction is an outcome, not a driver.
    expect(section).toMatch(/\n {3}1\. Speed \(1-5\) +\d+\.\d%/);
    expect(section).not.toContain("Overall satisfaction");
    const wb = await readWorkbook(out("auto.xlsx"));
    const cells: string[] = [];
    wb.getWorksheet("KPI Scorecard")?.eachRow((row) => cells.push(String(row.getCell(1).value ?? "")));
    expect(cells).toContain("What moves NPS");
  });

  it("takes the drivers and the outcome named by header or letter, and gives them in --json", async () => {
    const r = await runCli([csv, "-o", out("named.xlsx"), "--drivers", "E,F", "--drivers", "Pricing (1-5)", "--outcome", "A", "--json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { drivers: { outcome: string; drivers: { header: string; share: number }[] } };
    expect(json.drivers.outcome).toBe("NPS");
    expect(json.drivers.drivers.map((d) => d.header).sort()).toEqual(["Agent (1-5)", "Pricing (1-5)", "Speed (1-5)"]);
    expect(json.drivers.drivers.reduce((s, d) => s + d.share, 0)).toBeCloseTo(1, 12);
  });

  it("refuses one driver, an outcome among the drivers, or no outcome, in one line with exit 2", async () => {
    const one = await runCli([csv, "-o", out("one.xlsx"), "--drivers", "E"]);
    expect([one.code, one.stderr.trim()]).toEqual([2, "kpi-scorecard: --drivers: give at least two driver columns (got 1)"]);
    const self = await runCli([csv, "-o", out("self.xlsx"), "--drivers", "A,E", "--outcome", "A"]);
    expect(self.code).toBe(2);
    expect(self.stderr).toContain("an outcome cannot drive itself");
    const noOutcome = await runCli([csv, "-o", out("none.xlsx"), "--drivers", "E,F", "--ignore", "A", "--ignore", "B"]);
    expect(noOutcome.code).toBe(2);
    expect(noOutcome.stderr).toContain("no outcome to explain");
  });

  it("builds the bundled example's block from its spec, and --drivers none leaves it out", async () => {
    const example = await runCli(["-o", out("example.xlsx")], { cwd: tmp.dir });
    expect(example.code).toBe(0);
    expect(example.stdout).toContain("What moves NPS");
    for (const attribute of ["Speed of service (1-5)", "Agent knowledge (1-5)", "Fair pricing (1-5)"]) expect(example.stdout).toContain(attribute);
    const none = await runCli(["-o", out("plain.xlsx"), "--drivers", "none"], { cwd: tmp.dir });
    expect(none.code).toBe(0);
    expect(none.stdout).not.toContain("What moves");
  });
});
