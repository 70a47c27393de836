/**
 * The command line as a user installs it: `npm pack` (which builds the bundle), the tarball
 * installed into a temporary prefix with the network off (`--offline`: the package has no
 * runtime dependency, everything is bundled), then `kpi-scorecard` run from another folder.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, tempDir } from "./helpers";

jest.setTimeout(300_000);

interface PackResult {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" } });

describe("the installed command line", () => {
  let tmp: { dir: string; cleanup: () => void };
  let packed: PackResult;
  let bin: string;
  let prefix: string;
  beforeAll(() => {
    tmp = tempDir("kpi-install-");
    const json = npm(["pack", "--json", "--pack-destination", tmp.dir], ROOT);
    packed = (JSON.parse(json.slice(json.indexOf("["))) as PackResult[])[0];
    prefix = join(tmp.dir, "prefix");
    npm(["install", "--global", "--offline", "--ignore-scripts", "--prefix", prefix, join(tmp.dir, packed.filename)], tmp.dir);
    bin = join(prefix, "bin", "kpi-scorecard");
  });
  afterAll(() => tmp.cleanup());

  it("packs the launcher, the bundle, its fitting worker, its licences and the examples (a survey and an order log), and nothing of the sources", () => {
    const files = packed.files.map((f) => f.path).sort();
    expect(files).toEqual([
      "README.md",
      "bin/kpi-scorecard.js",
      "build/cli/THIRD-PARTY-LICENSES.txt",
      "build/cli/clv-fit-worker.cjs",
      "build/cli/kpi-scorecard.cjs",
      "examples/orders.csv",
      "examples/scorecard-spec.json",
      "examples/survey-responses.csv",
      "package.json",
    ]);
  });

  it("installs without the network into a prefix, and runs from another folder on a CSV there", () => {
    expect(existsSync(bin)).toBe(true);
    const elsewhere = join(tmp.dir, "elsewhere");
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, "survey.csv"), "How likely are you to recommend us? (0-10)\n10\n9\n7\n3\n");
    const r = spawnSync(bin, ["survey.csv", "-o", "out.xlsx", "-q"], { cwd: elsewhere, encoding: "utf8", env: { ...process.env, NODE_PATH: "" } });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Net Promoter Score \(NPS\)\s+25\.0\s/m);
    expect(existsSync(join(elsewhere, "out.xlsx"))).toBe(true);
  });

  it("builds the bundled example with no arguments, and prints its version", () => {
    const empty = join(tmp.dir, "empty");
    mkdirSync(empty);
    const r = spawnSync(bin, ["-q"], { cwd: empty, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(existsSync(join(empty, "kpi-scorecard.xlsx"))).toBe(true);
    // The README's CLV commands read the packed order log (issue 25): it is there after install.
    const installed = join(prefix, "lib", "node_modules", "kpi-excel-addin", "examples", "orders.csv");
    const clv = spawnSync(bin, ["clv", installed, "-o", "clv.xlsx", "-q"], { cwd: empty, encoding: "utf8", env: { ...process.env, KPI_CLV_TIMINGS: "1" } });
    // Its Gamma-Gamma fit runs in the packed worker thread (src/cli/fits.ts) beside BG/NBD's.
    expect(clv.stderr).toMatch(/^\{"timings_ms":.*"gamma_gamma":"worker thread"\}\n$/);
    expect(clv.status).toBe(0);
    expect(existsSync(join(empty, "clv.xlsx"))).toBe(true);
    const version = spawnSync(bin, ["--version"], { encoding: "utf8" });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
