/** Units of targets and inputs at the command line: read as the KPI's unit and said so, or refused with one line. */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureBuilt, readWorkbook, runCli, storedSpec, tempDir } from "./helpers";

let tmp: { dir: string; cleanup: () => void };
let csv: string;
beforeAll(() => {
  ensureBuilt();
  tmp = tempDir("kpi-units-");
  csv = join(tmp.dir, "survey.csv");
  writeFileSync(csv, "Overall satisfaction (1-5),How likely are you to recommend us? (0-10)\n5,9\n4,7\n2,3\n5,10\n");
});
afterAll(() => tmp.cleanup());

describe("targets", () => {
  it("reads --target CSAT=85 as 85 %, stores 0.85 and says so", async () => {
    const target = join(tmp.dir, "target.xlsx");
    const r = await runCli([csv, "--target", "CSAT=85", "-o", target, "-q"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--target CSAT=85 read as 85 % (CSAT is a share: 0.85 or 85% say the same)");
    expect(storedSpec(await readWorkbook(target)).spec.kpis.CSAT.target).toBe(0.85);
  });

  it("refuses a target off the KPI's scale with one line", async () => {
    const r = await runCli([csv, "--target", "NPS=600", "-o", join(tmp.dir, "t600.xlsx")]);
    expect(r).toMatchObject({ code: 2, stderr: "kpi-scorecard: --target NPS=600 is off the scale of NPS, -100 to 100 points\n", stdout: "" });
  });
});

describe("aggregate inputs", () => {
  it.each([
    [["--avg-purchase-value", "100", "--purchases-per-year", "4", "--lifespan-years", "5", "--margin", "35"], "kpi-scorecard: --margin 35: give it as a fraction from 0 to 1 (0.35 or 35%)\n"],
    [["--customers-start", "100", "--customers-lost", "150"], "kpi-scorecard: Churn rate (CHURN) cannot be computed: --customers-lost (150) is more than --customers-start (100)\n"],
    [["--customers-start", "-5", "--customers-lost", "1"], "kpi-scorecard: --customers-start -5: it must be a whole number of customers above 0\n"],
  ])("refuses %j with one line and writes nothing", async (flags, line) => {
    const target = join(tmp.dir, "agg.xlsx");
    const r = await runCli([csv, ...flags, "-o", target]);
    expect(r).toMatchObject({ code: 2, stderr: line, stdout: "" });
    expect(existsSync(target)).toBe(false);
  });

  it("takes a margin given as a percentage", async () => {
    const r = await runCli([csv, "--avg-purchase-value", "100", "--purchases-per-year", "4", "--lifespan-years", "5", "--margin", "35%", "-o", join(tmp.dir, "m.xlsx"), "-q"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Customer Lifetime Value \(CLV\)\s+700\.00/);
  });
});
