/**
 * A 1,000,000-row survey export (generated in a temp folder by scripts/make-example.mjs, never
 * committed) builds with node's default heap through either engine (the JavaScript reader, and
 * DuckDB, which --engine auto takes for a CSV this size): exit 0, the summary printed, progress
 * reported on standard error. Time and peak memory are logged (and peak memory bounded, when
 * /usr/bin/time is there to measure it); timing is bench's (section warehouse), never asserted
 * here. Takes 20-60 s per engine.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { ensureBuilt, ROOT, runCli, summaryRows, tempDir } from "./helpers";

const ROWS = 1_000_000;
const GNU_TIME = "/usr/bin/time";

jest.setTimeout(600_000);

describe("a 1,000,000-row CSV", () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeAll(() => {
    tmp = tempDir("kpi-million-");
    execFileSync(process.execPath, [join(ROOT, "scripts", "make-example.mjs"), "--rows", String(ROWS), "--out", join(tmp.dir, "big.csv")], { stdio: "pipe" });
  });
  afterAll(() => tmp.cleanup());

  it.each(["js", "duckdb"])("builds with the %s engine without running out of memory, prints the summary and reports progress", async (engine) => {
    const csv = join(tmp.dir, "big.csv");
    const out = join(tmp.dir, `big-${engine}.xlsx`);
    const measured = existsSync(GNU_TIME);
    // Run through GNU time when it is there, to read the peak resident memory of the CLI.
    ensureBuilt();
    const started = Date.now();
    const result = measured
      ? await runWith(GNU_TIME, ["-v", process.execPath, join(ROOT, "bin", "kpi-scorecard.js"), csv, "-o", out, "--engine", engine], tmp.dir)
      : await runCli([csv, "-o", out, "--engine", engine], { cwd: tmp.dir });
    const seconds = (Date.now() - started) / 1000;
    const peak = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
    const peakMb = peak ? Number(peak[1]) / 1024 : null;
    console.log(`1,000,000 rows, ${engine} engine: ${seconds.toFixed(1)} s, peak RSS ${peakMb === null ? "not measured" : `${peakMb.toFixed(0)} MB`}, output ${(statSync(out).size / 1e6).toFixed(1)} MB\n${result.stderr.split("\n").filter((l) => l.startsWith("kpi-scorecard:")).join("\n")}`);

    expect(result.code).toBe(0);
    const rows = summaryRows(result.stdout);
    expect(rows.get("Net Promoter Score (NPS)")?.n).toMatch(/^9\d\d,\d{3}$/);
    expect(rows.size).toBeGreaterThanOrEqual(5);
    // The JavaScript engine copies the rows into a data sheet; DuckDB leaves them in the file.
    expect(result.stdout).toMatch(engine === "js" ? /data sheet "[^"]+" \(1,000,000 rows, columns A-N\)/ : /no copy of the 1,000,000 data rows/);
    expect(result.stderr).toMatch(engine === "js" ? /kpi-scorecard: reading 1,000,000 rows/ : /kpi-scorecard: computing with DuckDB 1,000,000 rows/);
    expect(result.stderr).toMatch(new RegExp(`kpi-scorecard: writing big-${engine}\\.xlsx`));
    if (peakMb !== null) expect(peakMb).toBeLessThan(1536);
  });
});

function runWith(command: string, args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: "" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
