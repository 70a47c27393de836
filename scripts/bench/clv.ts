/**
 * Bench section 6: the predictive-CLV fits on the CDNOW summary (../shared/data), ours beside
 * scipy's optimiser doing the same fit in the same run (scripts/bench/clv_scipy.py: the same
 * log-likelihood and analytic gradient in numpy, scipy.optimize.minimize BFGS and L-BFGS-B from
 * our first starting point). Ours is timed two ways:
 *   - core: fitBgnbd / fitGammaGamma of src/clv on prepared columns, as scipy gets numpy arrays
 *     (all our starting points that run, and the Hessian check of convergence, included);
 *   - KPI.BGNBD.FIT / KPI.GG.FIT: the functions that dist/functions.js registers, from Excel's
 *     2-D arrays of cells, through loadFunctions (a node:vm context, as in the kernels section).
 * scipy is a bench-only peer (Debian: apt-get install python3-scipy); without python3 or scipy
 * the peer is skipped with a message. Median of RUNS runs after warm-up runs.
 *
 *   node --import tsx scripts/bench/clv.ts out.json
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fitBgnbd } from "../../src/clv/bgnbd";
import { rfm } from "../../src/clv/functions";
import { fitGammaGamma } from "../../src/clv/gammagamma";
import { mulberry32 } from "../random.cjs";
import { medianMs } from "./timing";
import { loadFunctions } from "../../test/helpers/functionsRuntime";

const ROOT = path.join(__dirname, "..", "..");
const SUMMARY = path.resolve(ROOT, "..", "shared", "data", "cdnow", "cdnow_customers_summary_with_transactions.csv");
const QUICK = process.env.KPI_BENCH_QUICK === "1";
const RUNS = QUICK ? 5 : 21;
const WARMUP = 3;

function time(run: () => unknown): number {
  return Math.round(medianMs(run, RUNS, WARMUP) * 1000) / 1000;
}

interface Peer {
  method: string;
  ms: number;
  params: number[];
  log_likelihood: number;
  success: boolean;
  evaluations: number;
}

function scipyPeer(starts: { bgnbd: number[]; gamma_gamma: number[] }): { bgnbd: Peer[]; gamma_gamma: Peer[]; scipy: string } | string {
  const script = path.join(__dirname, "clv_scipy.py");
  const probe = spawnSync("python3", ["-c", "import scipy, numpy"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) return "skipped: python3 with scipy not found (Debian: apt-get install python3-scipy)";
  const r = spawnSync("python3", [script, SUMMARY, String(RUNS), JSON.stringify(starts)], { encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) return `skipped: the scipy peer failed: ${(r.stderr || String(r.error)).trim().split("\n").pop()}`;
  return JSON.parse(r.stdout) as { bgnbd: Peer[]; gamma_gamma: Peer[]; scipy: string };
}

function main(): void {
  const outFile = process.argv[2];
  if (!existsSync(SUMMARY)) {
    const section = { todo: `skipped: ${SUMMARY} not found (../shared/data beside the repository)` };
    if (outFile) writeFileSync(outFile, JSON.stringify(section));
    process.stderr.write(`  ${section.todo}\n`);
    return;
  }
  const rows = readFileSync(SUMMARY, "utf8").trim().split(/\r?\n/).slice(1).map((l) => l.split(",").map(Number));
  const bg = { x: Float64Array.from(rows.map((r) => r[1])), tx: Float64Array.from(rows.map((r) => r[2])), T: Float64Array.from(rows.map((r) => r[3])) };
  const buyers = rows.filter((r) => r[1] > 0);
  const gg = { x: Float64Array.from(buyers.map((r) => r[1])), zbar: Float64Array.from(buyers.map((r) => r[4])) };

  const bgFit = fitBgnbd(bg);
  const ggFit = fitGammaGamma(gg);
  if (!bgFit || !ggFit) throw new Error("a fit failed");
  const core = { bgnbd_ms: time(() => fitBgnbd(bg)), gamma_gamma_ms: time(() => fitGammaGamma(gg)) };

  const { registered } = loadFunctions();
  const cells = (i: number, list: number[][]) => list.map((r) => [r[i]]);
  const [X, TX, TT, Z] = [cells(1, rows), cells(2, rows), cells(3, rows), cells(4, rows)];
  const bgFn = registered.get("BGNBD.FIT");
  const ggFn = registered.get("GG.FIT");
  const excel = bgFn && ggFn ? { bgnbd_ms: time(() => bgFn(X, TX, TT)), gamma_gamma_ms: time(() => ggFn(X, Z)) } : null;

  // KPI.RFM (the core, as the custom function calls it) on a generated log of Excel-shaped columns.
  const logRows = QUICK ? 100_000 : 1_000_000;
  const random = mulberry32(8);
  const ids = Array.from({ length: logRows }, () => [Math.floor(random() * (logRows / 10))]);
  const days = Array.from({ length: logRows }, () => [35431 + Math.floor(random() * 365)]);
  const amounts = Array.from({ length: logRows }, () => [Math.round(random() * 10000) / 100]);
  const rfmStart = performance.now();
  const summary = rfm(ids, days, amounts, 35431 + 365, "week");
  const rfmMs = Math.round(performance.now() - rfmStart);
  const rfmCustomers = Array.isArray(summary) ? summary.length : null;

  // Our first starting points, on the log scale (src/clv/bgnbd.ts and gammagamma.ts).
  const first = bgFit.report.runs[0];
  const starts = {
    bgnbd: [0, Math.log(1 / (bg.x.reduce((a, b) => a + b, 0) / bg.T.reduce((a, b) => a + b, 0))), 0, 0],
    gamma_gamma: [0, Math.log(2), Math.log(gg.zbar.reduce((a, b) => a + b, 0) / gg.x.length)],
  };
  const peer = scipyPeer(starts);
  const section = {
    customers: rows.length,
    repeat_buyers: buyers.length,
    runs: RUNS,
    rfm: { rows: logRows, customers: rfmCustomers, ms: rfmMs },
    ours: {
      core,
      excel,
      bgnbd: { params: bgFit.params, log_likelihood: bgFit.logLikelihood, converged: bgFit.converged, starts_run: bgFit.report.runs.length, first_run_evaluations: first.evaluations },
      gamma_gamma: { params: ggFit.params, log_likelihood: ggFit.logLikelihood, converged: ggFit.converged, starts_run: ggFit.report.runs.length },
    },
    scipy: typeof peer === "string" ? null : peer,
    ...(typeof peer === "string" ? { todo: peer } : {}),
  };
  process.stderr.write(
    `  BG/NBD: ours ${core.bgnbd_ms} ms (core), ${excel?.bgnbd_ms ?? "n/a"} ms (KPI.BGNBD.FIT); ` +
      `Gamma-Gamma: ours ${core.gamma_gamma_ms} ms, ${excel?.gamma_gamma_ms ?? "n/a"} ms; ` +
      (typeof peer === "string" ? peer : `scipy BFGS ${peer.bgnbd[0].ms} ms and ${peer.gamma_gamma[0].ms} ms`) +
      "\n",
  );
  const json = JSON.stringify(section, null, 2);
  if (outFile) writeFileSync(outFile, json);
  else console.log(json);
}

main();
