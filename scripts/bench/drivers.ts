/**
 * Bench section 10: key driver analysis (issue 23). KPI.DRIVERS on 10,000 rows x 12 drivers and
 * KPI.DRIVERS.CI with 1,000 resamples on 2,000 rows x 8 drivers, through the functions that
 * dist/functions.js registers, from Excel's 2-D arrays of cells: in this realm (as a browser or
 * Excel runs it; the ratio uses this) and in a bare node:vm context (loadFunctions, whose global
 * lookups cost 100-200 ns each: see the kernels section), beside the same computations in plain numpy and itertools
 * (scripts/bench/drivers_numpy.py: np.corrcoef, one np.linalg.solve per subset, the same
 * percentile bootstrap with the same row draws, and once more with numpy's own generator drawing
 * the rows). The peer's values are compared with ours, so the ratio is between equal answers.
 * numpy is a bench-only peer (Debian: python3-numpy); without it the peer is skipped with a
 * message. Survey-like data: ratings 1..10 on one common factor, an NPS answer 0..10.
 *
 *   node --import tsx scripts/bench/drivers.ts out.json
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { loadFunctions, loadFunctionsInThisRealm } from "../../test/helpers/functionsRuntime";
import { mulberry32 } from "../random.cjs";
import { medianMs } from "./timing";

const QUICK = process.env.KPI_BENCH_QUICK === "1";
const ROWS = QUICK ? 1000 : 10_000;
const DRIVERS = 12;
const CI_ROWS = QUICK ? 200 : 2000;
const CI_DRIVERS = 8;
const RESAMPLES = QUICK ? 100 : 1000;
const RUNS = QUICK ? 3 : 11;

function time(run: () => unknown, runs: number): number {
  return Math.round(medianMs(run, runs) * 100) / 100;
}

/** Rows of an NPS answer and DRIVERS ratings driven by one common factor and weights that fall with the column. */
function surveyRows(n: number): number[][] {
  const random = mulberry32(23);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));
  return Array.from({ length: n }, () => {
    const f = normal();
    const ratings = Array.from({ length: DRIVERS }, () => clamp(6 + 1.6 * (0.6 * f + 0.8 * normal()), 1, 10));
    const score = ratings.reduce((s, v, j) => s + v * (0.5 / (j + 1)), 0);
    return [clamp(score * 0.9 - 2 + 1.5 * normal(), 0, 10), ...ratings];
  });
}

interface Peer {
  numpy: string;
  lmg_ms: number;
  lmg: number[];
  ci_ms: number;
  ci: number[][];
  ci_numpy_draws_ms: number;
}

function numpyPeer(csv: string): Peer | string {
  const probe = spawnSync("python3", ["-c", "import numpy"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) return "skipped: python3 with numpy not found (Debian: apt-get install python3-numpy)";
  const r = spawnSync("python3", [path.join(__dirname, "drivers_numpy.py"), "bench", csv, String(RUNS), String(CI_ROWS), String(CI_DRIVERS), String(RESAMPLES)], { encoding: "utf8", timeout: 900_000 });
  if (r.status !== 0) return `skipped: the numpy peer failed: ${(r.stderr || String(r.error)).trim().split("\n").pop()}`;
  return JSON.parse(r.stdout) as Peer;
}

function main(): void {
  const outFile = process.argv[2];
  const rows = surveyRows(ROWS);
  const dir = mkdtempSync(path.join(tmpdir(), "kpi-bench-drivers-"));
  const csv = path.join(dir, "survey.csv");
  writeFileSync(csv, [["nps", ...Array.from({ length: DRIVERS }, (_, j) => `d${j + 1}`)].join(","), ...rows.map((r) => r.join(","))].join("\n"));

  const inVm = loadFunctions().registered;
  const here = loadFunctionsInThisRealm();
  const drivers = here.get("DRIVERS");
  const ci = here.get("DRIVERS.CI");
  const vmDrivers = inVm.get("DRIVERS");
  const vmCi = inVm.get("DRIVERS.CI");
  if (!drivers || !ci || !vmDrivers || !vmCi) throw new Error("dist/functions.js does not register DRIVERS and DRIVERS.CI: npm run build:local");
  const outcome = rows.map((r) => [r[0]]);
  const ratings = rows.map((r) => r.slice(1));
  const ciOutcome = outcome.slice(0, CI_ROWS);
  const ciRatings = ratings.slice(0, CI_ROWS).map((r) => r.slice(0, CI_DRIVERS));

  const ours = drivers(outcome, ratings, null) as number[][];
  const oursCi = ci(ciOutcome, ciRatings, null, null, RESAMPLES, 1) as number[][];
  const driversMs = time(() => drivers(outcome, ratings, null), RUNS);
  // KPI.DRIVERS.CI answers a repeated call with the same rows and settings from its last interval
  // (src/why/keyDrivers.ts): each timed call takes a seed of its own, so every one draws its resamples.
  let seed = 1;
  const ciMs = time(() => ci(ciOutcome, ciRatings, null, null, RESAMPLES, ++seed), Math.max(1, Math.floor(RUNS / 3)));
  const vm = { drivers_ms: time(() => vmDrivers(outcome, ratings, null), RUNS), ci_ms: time(() => vmCi(ciOutcome, ciRatings, null, null, RESAMPLES, ++seed), 1) };
  if (JSON.stringify(vmCi(ciOutcome, ciRatings, null, null, RESAMPLES, 1)) !== JSON.stringify(oursCi)) throw new Error("KPI.DRIVERS.CI differs between a vm context and this realm");

  const peer = numpyPeer(csv);
  rmSync(dir, { recursive: true, force: true });
  const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((v, k) => Math.abs(v - b[k])));
  const section = {
    rows: ROWS,
    drivers: DRIVERS,
    ci_rows: CI_ROWS,
    ci_drivers: CI_DRIVERS,
    resamples: RESAMPLES,
    runs: RUNS,
    ours: { drivers_ms: driversMs, ci_ms: ciMs, vm, r2: ours.reduce((s, row) => s + row[0], 0), percents: ours.map((row) => Math.round(row[1] * 10) / 10) },
    numpy: typeof peer === "string" ? null : { version: peer.numpy, lmg_ms: peer.lmg_ms, ci_ms: peer.ci_ms, ci_numpy_draws_ms: peer.ci_numpy_draws_ms },
    agreement:
      typeof peer === "string"
        ? null
        : { lmg_max_abs_diff: maxDiff(ours.map((row) => row[0]), peer.lmg), ci_max_abs_diff: maxDiff(oursCi.flat(), peer.ci.flat()) },
    numpy_over_ours:
      typeof peer === "string" ? null : { drivers: Math.round((peer.lmg_ms / driversMs) * 10) / 10, ci: Math.round((peer.ci_ms / ciMs) * 10) / 10, ci_numpy_draws: Math.round((peer.ci_numpy_draws_ms / ciMs) * 10) / 10 },
    ...(typeof peer === "string" ? { todo: peer } : {}),
  };
  if (outFile) writeFileSync(outFile, JSON.stringify(section, null, 2));
  process.stderr.write(`${JSON.stringify(section, null, 2)}\n`);
}

main();
