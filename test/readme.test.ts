// First steps: the README's command-line block runs as written in a fresh copy of the
// repository (its tracked files, as a clone gets them; node_modules linked in place of `npm ci`,
// which would need the network), beside the files its lines name.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { surveyFixture, writeXlsx } from "./cli/helpers";

const ROOT = resolve(__dirname, "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");

/** The first ```sh block after a heading. */
function shellBlock(heading: string): string[] {
  const at = README.indexOf(`\n${heading}\n`);
  expect(at).toBeGreaterThan(0);
  const block = /```sh\n([\s\S]*?)```/.exec(README.slice(at));
  return (block?.[1] ?? "").split("\n").filter((l) => l.trim() !== "");
}

/** A line of a block as a shell runs it: its comment dropped; `npm ci` dropped (node_modules is linked). */
function runnable(line: string): string {
  const command = line.replace(/\s+#.*$/, "").trim();
  return command.split("&&").map((c) => c.trim()).filter((c) => c !== "npm ci").join(" && ");
}

describe("the README's command-line block", () => {
  let clone: string;
  beforeAll(async () => {
    clone = mkdtempSync(join(tmpdir(), "kpi-readme-"));
    const files = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter((f) => f !== "");
    for (const f of files) {
      if (!existsSync(join(ROOT, f))) continue; // deleted in the working tree, not yet committed
      mkdirSync(dirname(join(clone, f)), { recursive: true });
      cpSync(join(ROOT, f), join(clone, f));
    }
    symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"), "dir");
    // The files its lines name, as a user would have them: a survey export, a workbook with a
    // title above the table and a spec (the bundled example's).
    cpSync(join(ROOT, "examples", "survey-responses.csv"), join(clone, "survey.csv"));
    cpSync(join(ROOT, "examples", "scorecard-spec.json"), join(clone, "acme-spec.json"));
    const survey = surveyFixture(400, 3);
    const likelihood = survey.headers.findIndex((h) => /recommend/.test(h));
    // Sheet columns B..K from row 3: the region (third column of the table) lands in column D.
    const headers = survey.headers.slice(0, 10).map((h, k) => (k === likelihood ? "Likelihood" : h));
    await writeXlsx(join(clone, "export.xlsx"), { headers, rows: survey.rows.map((r) => r.slice(0, 10)) }, { sheet: "Responses", origin: [3, 2] });
  }, 120_000);
  afterAll(() => clone && rmSync(clone, { recursive: true, force: true }));

  it("builds the command line without a production host, and runs every example line", () => {
    const lines = shellBlock("## Command line");
    expect(lines[0]).toMatch(/^npm ci && npm run build:cli\b/);
    expect(lines.some((l) => /npm run build(?![:\w])/.test(l))).toBe(false);
    for (const line of lines) {
      const command = runnable(line);
      const r = spawnSync("sh", ["-c", command], { cwd: clone, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 300_000 });
      expect({ command, code: r.status, stderr: r.stderr.split("\n").filter((l) => /kpi-scorecard:|Error/.test(l)) }).toEqual({ command, code: 0, stderr: [] });
      const output = /-o (\S+)/.exec(command)?.[1] ?? (command === "npx kpi-scorecard" ? "kpi-scorecard.xlsx" : null);
      if (output) expect(existsSync(join(clone, output))).toBe(true);
    }
  }, 600_000);

  it("says where the build without a host stops, and the host it needs", () => {
    const r = spawnSync("npm", ["run", "build", "--silent"], { cwd: clone, encoding: "utf8", env: { ...process.env, ADDIN_PRODUCTION_URL: "" }, timeout: 300_000 });
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/ADDIN_PRODUCTION_URL/);
    expect(README).toMatch(/`ADDIN_PRODUCTION_URL=https:\/\/your\.host\/ npm run build`/);
  }, 300_000);
});
