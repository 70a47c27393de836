#!/usr/bin/env node
/**
 * npm run bench (issue 5): how fast the add-in is, side by side with what users would use
 * instead. Not part of `npm test`. Runs five sections, one child process each (each section's
 * comparisons run in one process, interleaved, so their ratios hold on a noisy machine):
 *
 *   1. kernels    scripts/bench/kernels.ts    NPS, CSAT, CES, FCR on 1,000,000 responses and
 *                 ENGAGEMENT on 100,000 x 10 through the registered custom functions, beside the
 *                 floor, HyperFormula (the native formula) and @formulajs/formulajs
 *   2. scorecard  scripts/bench/scorecard.ts  plan time, context.sync() count and range writes
 *                 (src/excel writer on the fake Excel of test/fakes/excel.ts)
 *   3. bundles    here                        gzipped bytes of functions.js and of the task pane
 *   4. ready      scripts/bench/ready.mjs     headless Chromium: navigation -> every function registered
 *   5. cli        scripts/bench/cli.mjs       bin/kpi-scorecard.js on 100,000 and 1,000,000-row CSVs
 *   6. clv        scripts/bench/clv.ts        BG/NBD and Gamma-Gamma fits on CDNOW, ours beside scipy's
 *                                             optimiser doing the same fits (a bench-only peer, skipped
 *                                             with a message without python3-scipy)
 *   7. recalc     scripts/bench/recalc.ts     LibreOffice recalculating the portable scorecard
 *   8. sentiment  scripts/bench/sentiment.ts  KPI.SENTIMENT beside every JavaScript scorer compared in
 *                                             issue 13: sign-test accuracy on data/sentiment (2,000
 *                                             labelled review sentences), rule checks, ms per 10,000 comments
 *   9. clvcli     scripts/bench/clv-cli.mjs   `kpi-scorecard clv` on a generated 10,000,000-row log (CSV
 *                                             and Parquet, summarised by DuckDB): time, peak memory and
 *                                             where the time goes, beside DuckDB's bare RFM query (the
 *                                             floor); 1,200,000 customers without --max-rows (memory)
 *  10. themes     scripts/bench/themes.ts     KPI.THEMES's ranking of 100,000 generated comments (planted
 *                                             complaints): time and peak memory
 *  12. marks      scripts/bench/marks.ts      the planner on simulated surveys: false ▲/▼ under no real difference
 *                                             (five distributions, four KPIs), power for +10 NPS points, the trend test
 *  11. drivers    scripts/bench/drivers.ts    KPI.DRIVERS on 10,000 rows x 12 drivers and KPI.DRIVERS.CI
 *                                             (1,000 resamples, 2,000 rows x 8 drivers) beside plain numpy
 *                                             (skipped with a message without python3-numpy)
 *  13. warehouse  scripts/bench/warehouse.mjs the scorecard beyond one sheet: a 1,000,000-row CSV (DuckDB and
 *                                             JavaScript engines) and a 20,000,000-row Parquet file, time and peak
 *                                             memory, beside the printed --sql query run by DuckDB (the floor) and
 *                                             a pandas script of the same counts (skipped without python3-pandas)
 *
 * Prints a markdown table and writes bench/results.json and bench/RESULTS.md (with the machine).
 * Builds first (npm run build:local) when dist/ or the CLI bundle is missing.
 *
 * Options: --only kernels,ready,...   run some sections (the others are null in the output)
 *          --quick                    1/10 of the sizes (a smoke test; results are not written
 *                                     to bench/ unless --write is given)
 *          --write                    write bench/ even with --quick or --only
 *          --merge                    with --only and --write: keep the sections not run from
 *                                     bench/results.json, each with the commit and date it was
 *                                     measured at (RESULTS.md lists them)
 *          --candidate DIR            also time the kernels of another build of functions.js (DIR holds
 *                                     functions.js and functions.json), e.g. a candidate change of
 *                                     src/kpi built elsewhere; reported beside the current build
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { cpus, freemem, tmpdir, totalmem } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(ROOT, "dist");
const BENCH_DIR = path.join(ROOT, "bench");
const SECTIONS = ["kernels", "scorecard", "bundles", "ready", "cli", "clv", "recalc", "sentiment", "clvcli", "themes", "drivers", "marks", "warehouse"];
/** The commit before the scorecard statistics (issue 11): its portable sheet is the recalculation baseline. */
const RECALC_BASELINE = "8fa7b9e";

const TARGETS = {
  kernelVsFloor: 2,
  hyperformulaOverKernel: 20,
  functionsReadyMs: 300,
  cliSeconds: 15,
  cliPeakMb: 1536,
  // Read, write, then recalculate + page setup (issue 14, item 9: after suspendApiCalculationUntilNextSync the
  // recalculation is the caller's job, and a refused page setup must not cost the scorecard).
  syncs: 3,
  functionsGz: 60 * 1024,
  taskpaneGz: 350 * 1024,
};

function parseArgs(argv) {
  const opts = { only: SECTIONS, quick: false, write: null, candidate: null, merge: false };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === "--quick") opts.quick = true;
    else if (a === "--write") opts.write = true;
    else if (a === "--merge") opts.merge = true;
    else if (a === "--candidate") opts.candidate = path.resolve(argv[++k]);
    else if (a === "--only") opts.only = argv[++k].split(",").map((s) => s.trim());
    else if (a.startsWith("--only=")) opts.only = a.slice(7).split(",").map((s) => s.trim());
    else if (a === "--help" || a === "-h") {
      console.log(readFileSync(fileURLToPath(import.meta.url), "utf8").split("*/")[0]);
      process.exit(0);
    } else {
      console.error(`bench: unknown option ${a}`);
      process.exit(2);
    }
  }
  for (const s of opts.only) {
    if (!SECTIONS.includes(s)) {
      console.error(`bench: unknown section ${s} (use ${SECTIONS.join(", ")})`);
      process.exit(2);
    }
  }
  if (opts.write === null) opts.write = !opts.quick && opts.only.length === SECTIONS.length;
  return opts;
}

function log(message) {
  process.stderr.write(`${message}\n`);
}

function ensureBuild() {
  const needed = ["functions.js", "functions.json", "taskpane.html", "taskpane.js"].map((f) => path.join(DIST, f));
  const cli = path.join(ROOT, "build", "cli", "kpi-scorecard.cjs");
  const missing = needed.filter((f) => !existsSync(f));
  const cliMissing = existsSync(path.join(ROOT, "bin", "kpi-scorecard.js")) && !existsSync(cli);
  if (missing.length === 0 && !cliMissing) return;
  log(`bench: ${missing.length ? "dist/ is incomplete" : "the CLI bundle is missing"}: npm run build:local`);
  const r = spawnSync("npm", ["run", "build:local"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) {
    log("bench: npm run build:local failed");
    process.exit(1);
  }
}

/**
 * Section 7: LibreOffice recalculating the portable scorecard (scripts/bench/recalc.ts), for this
 * checkout and for the baseline commit's planner and writer (its src/ unpacked from git into a
 * temporary folder), on the same data in the same run.
 */
function recalcSection(quickEnv) {
  const after = runSection("recalc", "scripts/bench/recalc.ts", [], { vars: quickEnv }, 1_200_000);
  const dir = mkdtempSync(path.join(tmpdir(), "kpi-bench-baseline-"));
  let before = { error: `baseline ${RECALC_BASELINE} not available (no git history)` };
  try {
    const archive = spawnSync("sh", ["-c", `git -C "${ROOT}" archive ${RECALC_BASELINE} src | tar -x -C "${dir}"`], { stdio: ["ignore", "ignore", "pipe"] });
    if (archive.status === 0) {
      symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
      before = runSection("recalc-baseline", "scripts/bench/recalc.ts", [dir], { vars: quickEnv }, 1_200_000);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { after, before, baseline: RECALC_BASELINE };
}

function recalcMarkdown(r) {
  const row = (label, x) =>
    x?.error
      ? `| ${label} | TODO: ${x.error} | | | |`
      : `| ${label} | ${x.rows?.toLocaleString("en-US")} | ${x.portable?.formulas} | ${x.portable?.seconds?.toFixed(1)} | ${x.recalc_seconds?.toFixed(1)} |`;
  const ratio = r.after?.recalc_seconds && r.before?.recalc_seconds ? r.after.recalc_seconds / r.before.recalc_seconds : null;
  return [
    "### 7. LibreOffice recalculating the portable scorecard (4 segments x 12 months, 6 KPIs)",
    "",
    "| planner | rows | formulas | load + recalc + export s | recalc s (minus a values-only sheet) |",
    "|---|---:|---:|---:|---:|",
    row(`before the statistics (${r.baseline})`, r.before),
    row("now: n, intervals, tests and BH everywhere", r.after),
    "",
    ratio === null ? "- ratio: TODO" : `- Recalculation now takes ${ratio.toFixed(2)}x the time it took before the statistics (the issue allows 2x).`,
    "",
  ];
}

/** Runs one section in a child process; it writes its JSON to a temp file. */
function runSection(name, script, args, env, timeoutMs) {
  const dir = mkdtempSync(path.join(tmpdir(), `kpi-bench-${name}-`));
  const out = path.join(dir, "out.json");
  const t = Date.now();
  const node = script.endsWith(".ts") ? [process.execPath, "--import", "tsx"] : [process.execPath];
  log(`bench: ${name}...`);
  const r = spawnSync(node[0], [...node.slice(1), ...(env.nodeArgs ?? []), script, out, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env.vars },
    stdio: ["ignore", "inherit", "inherit"],
    timeout: timeoutMs,
  });
  const seconds = (Date.now() - t) / 1000;
  let json = null;
  if (existsSync(out)) json = JSON.parse(readFileSync(out, "utf8"));
  rmSync(dir, { recursive: true, force: true });
  if (!json) {
    const why = r.error ? String(r.error) : `exit ${r.status}${r.signal ? ` (${r.signal})` : ""}`;
    log(`bench: ${name} failed: ${why}`);
    return { error: `${name} failed: ${why}`, seconds };
  }
  log(`bench: ${name} done in ${seconds.toFixed(1)} s`);
  return { ...json, seconds };
}

function gz(file) {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/** Local files taskpane.html loads (script src, link href), as test/bundle.test.ts reads them. */
function taskpaneAssets() {
  const html = readFileSync(path.join(DIST, "taskpane.html"), "utf8");
  const refs = [];
  for (const [tag, attr] of [["script", "src"], ["link", "href"]]) {
    const pattern = new RegExp(`<${tag}\\b[^>]*?\\s${attr}=(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "gi");
    for (const m of html.matchAll(pattern)) refs.push(m[1] ?? m[2] ?? m[3]);
  }
  return {
    local: refs.filter((r) => !/^(https?:)?\/\//i.test(r)).map((r) => r.replace(/^\.?\//, "").split(/[?#]/)[0]),
    external: refs.filter((r) => /^(https?:)?\/\//i.test(r)),
  };
}

function bundles() {
  const { local, external } = taskpaneAssets();
  const files = { "taskpane.html": gz(path.join(DIST, "taskpane.html")) };
  for (const f of local) files[f] = gz(path.join(DIST, f));
  return {
    functions_gz_bytes: gz(path.join(DIST, "functions.js")),
    functions_raw_bytes: readFileSync(path.join(DIST, "functions.js")).length,
    taskpane_gz_bytes: Object.values(files).reduce((a, b) => a + b, 0),
    taskpane_files_gz_bytes: files,
    taskpane_external_excluded: external,
  };
}

function machine() {
  const info = readFileSync("/proc/cpuinfo", "utf8");
  const model = /model name\s*:\s*(.+)/.exec(info)?.[1]?.trim() ?? cpus()[0]?.model ?? "unknown";
  const chromium = spawnSync("/usr/bin/chromium", ["--version"], { encoding: "utf8" });
  return {
    cpu: model,
    cores: cpus().length,
    memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    free_memory_gb_at_start: Math.round((freemem() / 2 ** 30) * 10) / 10,
    node: process.version,
    chromium: chromium.status === 0 ? chromium.stdout.trim() : null,
    os: readFileSync("/etc/os-release", "utf8").match(/PRETTY_NAME="?([^"\n]+)"?/)?.[1] ?? process.platform,
    load_average_at_start: readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "),
    date: new Date().toISOString(),
    commit: spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout?.trim() || null,
  };
}

/**
 * --merge: the sections this run did not measure, from the last bench/results.json, and where each
 * section's figures come from (this run, or the run that measured it before).
 */
function mergeSections(sections, opts, m) {
  const here = { commit: m.commit, date: m.date };
  const measured = Object.fromEntries(Object.keys(sections).map((s) => [s, here]));
  const file = path.join(BENCH_DIR, "results.json");
  if (!opts.merge || !existsSync(file)) return measured;
  const old = JSON.parse(readFileSync(file, "utf8"));
  for (const [name, section] of Object.entries(old.sections ?? {})) {
    if (name in sections || section === null || section === undefined) continue;
    sections[name] = section;
    measured[name] = old.measured?.[name] ?? { commit: old.machine?.commit ?? null, date: old.machine?.date ?? null };
  }
  return measured;
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (x, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? "n/a" : Number(x).toFixed(digits));
const int = (x) => (x === null || x === undefined ? "n/a" : Math.round(x).toLocaleString("en-US"));
const mark = (ok) => (ok === null || ok === undefined ? "n/a" : ok ? "met" : "**missed**");

function targets(results) {
  const k = results.kernels ?? [];
  const cli1m = (results.cli ?? []).find((c) => c.rows === 1_000_000 && !c.label);
  const s = results.scorecard;
  const b = results.bundles;
  const all = (list, f) => (list.length ? list.every(f) : null);
  return {
    kernels_within_2x_of_floor: all(k, (x) => x.ns_per_cell <= TARGETS.kernelVsFloor * x.floor_ns_per_cell),
    kernels_within_2x_of_floor_main_realm: all(k, (x) => x.main_realm_ns_per_cell <= TARGETS.kernelVsFloor * x.floor_ns_per_cell),
    // Intervals and tests read their ranges in one pass like the kernels; FDR sorts its p-values, so it is reported, not held to the floor.
    statistics_within_2x_of_floor: all((results.statistics ?? []).filter((x) => x.fn !== "FDR"), (x) => x.ns_per_cell <= TARGETS.kernelVsFloor * x.floor_ns_per_cell),
    kernels_20x_faster_than_hyperformula: all(k, (x) => x.hyperformula_ns_per_cell !== null && x.hyperformula_ns_per_cell >= TARGETS.hyperformulaOverKernel * x.ns_per_cell),
    kernels_20x_faster_than_hyperformula_main_realm: all(k, (x) => x.hyperformula_ns_per_cell !== null && x.hyperformula_ns_per_cell >= TARGETS.hyperformulaOverKernel * x.main_realm_ns_per_cell),
    functions_ready_under_300_ms: results.functions_ready_ms === null || results.functions_ready_ms === undefined ? null : results.functions_ready_ms < TARGETS.functionsReadyMs,
    cli_1m_under_15_s: cli1m && cli1m.seconds !== null ? cli1m.seconds < TARGETS.cliSeconds : null,
    cli_1m_under_1_5_gb: cli1m && cli1m.peak_rss_mb !== null ? cli1m.peak_rss_mb < TARGETS.cliPeakMb : null,
    syncs_at_most_3: s && s.syncs_large !== null && s.syncs_small !== null ? Math.max(s.syncs_large, s.syncs_small) <= TARGETS.syncs : null,
    functions_js_at_most_60_kb_gz: b ? b.functions_gz_bytes <= TARGETS.functionsGz : null,
    clv_fits_at_least_as_fast_as_scipy: clvAtLeastAsFast(results.clv),
    taskpane_at_most_350_kb_gz: b ? b.taskpane_gz_bytes <= TARGETS.taskpaneGz : null,
    // Issue 11: the statistics may at most double LibreOffice's recalculation of the portable sheet.
    portable_recalc_at_most_2x_before: results.recalc?.after_seconds && results.recalc?.before_seconds ? results.recalc.after_seconds <= 2 * results.recalc.before_seconds : null,
  };
}

/** Ours (the core fit, every start included) at most scipy's BFGS time, for both fits; null without the peer. */
function clvAtLeastAsFast(clv) {
  if (!clv || clv.scipy_bgnbd_ms === null || clv.scipy_gamma_gamma_ms === null) return null;
  return clv.bgnbd_ms <= clv.scipy_bgnbd_ms && clv.gamma_gamma_ms <= clv.scipy_gamma_gamma_ms;
}

function clvMarkdown(c) {
  const lines = ["### 6. Predictive CLV fits on CDNOW (ms, median of " + (c.runs ?? "?") + " fits)", ""];
  if (c.error || !c.ours) return [...lines, `TODO: ${c.error ?? c.todo}`, ""];
  const peer = (model, method) => c.scipy?.[model]?.find((p) => p.method === method);
  const row = (label, model, ours) => {
    const bfgs = peer(model, "BFGS");
    const lbfgs = peer(model, "L-BFGS-B");
    const fit = c.ours[model];
    const ll = fit.log_likelihood.toFixed(2);
    return `| ${label} | ${fmt(c.ours.core[ours], 2)} | ${fmt(c.ours.excel?.[ours], 2)} | ${bfgs ? `${fmt(bfgs.ms, 2)} (${bfgs.evaluations} evaluations${bfgs.success ? "" : ", not converged by its own test"})` : "n/a"} | ${lbfgs ? fmt(lbfgs.ms, 2) : "n/a"} | ${bfgs ? fmt(bfgs.ms / c.ours.core[ours], 1) + "x" : "n/a"} | ${ll} (${fit.converged ? "converged" : "NOT converged"}, ${fit.starts_run} starts) | ${bfgs ? bfgs.log_likelihood.toFixed(2) : "n/a"} |`;
  };
  lines.push(
    `${int(c.customers)} customers (${int(c.repeat_buyers)} repeat buyers for Gamma-Gamma); scipy ${c.scipy?.scipy ?? "n/a"}, numpy ${c.scipy?.numpy ?? "n/a"}.`,
    "",
    "| fit | ours, core | ours, KPI.*.FIT via functions.js | scipy BFGS | scipy L-BFGS-B | scipy BFGS / ours | our log-likelihood | scipy's |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    row("BG/NBD", "bgnbd", "bgnbd_ms"),
    row("Gamma-Gamma", "gamma_gamma", "gamma_gamma_ms"),
    "",
    "- *ours, core*: fitBgnbd / fitGammaGamma of src/clv on prepared columns, every starting point it runs and the Hessian check of convergence included. " +
      "*via functions.js*: the registered custom function from Excel's 2-D arrays, in a node:vm context.",
    "- *scipy*: scripts/bench/clv_scipy.py, the same log-likelihood and analytic gradient in numpy and scipy.special, `scipy.optimize.minimize(jac=True, gtol=1e-8)` from our first starting point.",
  );
  if (c.rfm) lines.push(`- KPI.RFM of a generated log of ${int(c.rfm.rows)} rows (${int(c.rfm.customers)} customers), Excel-shaped columns: ${int(c.rfm.ms)} ms.`);
  if (c.todo) lines.push(`- ${c.todo}`);
  lines.push("");
  return lines;
}

function sentimentMarkdown(r) {
  const lines = ["### 8. Sentiment: KPI.SENTIMENT beside the JavaScript scorers of issue 13", ""];
  if (r.error || !r.scorers) return [...lines, `TODO: ${r.error ?? "no result"}`, ""];
  const pct = (x) => `${(x * 100).toFixed(1)} %`;
  lines.push(
    `Labelled sentences (data/sentiment/PROVENANCE.md): UCI Sentiment Labelled Sentences, ${int(r.sentences.amazon)} Amazon, ${int(r.sentences.yelp)} Yelp` +
      `${r.sentences.imdb ? `, ${int(r.sentences.imdb)} IMDb (the \`sentiment\` package's copy)` : ""}` +
      `${r.sentences.service ? `; ${int(r.sentences.service)} customer-service sentences among the Amazon and Yelp ones (topic filter, UCI labels)` : ""}. ` +
      `Sign test: a score >= 0 counts as positive. Speed: ${int(r.comments)} comments, median of ${r.runs} runs.`,
    "",
    "| scorer | package | scale | accuracy, Amazon + Yelp | Amazon | Yelp | IMDb | customer service | scored 0 | rule checks | it right, ours wrong / ours right, it wrong | ms per 10,000 comments |",
    "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...r.scorers.map((s, k) =>
      `| ${s.name} | ${s.package} | ${s.scale} | ${pct(s.accuracy.all)} | ${pct(s.accuracy.amazon)} | ${pct(s.accuracy.yelp)} | ${s.accuracy.imdb === undefined ? "n/a" : pct(s.accuracy.imdb)} | ${s.accuracy.service === undefined ? "n/a" : pct(s.accuracy.service)} | ${pct(s.zero_share)} | ${s.rules_passed.length}/${r.rules.length} | ${k === 0 ? "" : `${s.right_where_other_wrong.peer_only} / ${s.right_where_other_wrong.ours_only}`} | ${fmt(s.ms_per_10k, 0)} |`),
    "",
    ...(r.scorers[0].halves
      ? [
          "Each set on its even lines (0-based; KPI.SENTIMENT's changes of issue 21 were chosen on them) / its odd lines (held out):",
          "",
          "| scorer | Amazon | Yelp | IMDb | customer service |",
          "|---|---:|---:|---:|---:|",
          ...r.scorers.map((s) => `| ${s.name} | ${["amazon", "yelp", "imdb", "service"].map((k) => `${pct(s.halves[k][0])} / ${pct(s.halves[k][1])}`).join(" | ")} |`),
          "",
        ]
      : []),
    `- KPI.SENTIMENT through dist/functions.js (a 10,000 x 1 column, node:vm context): ${fmt(r.functions_js_ms_per_10k, 0)} ms per 10,000 comments.`,
    `- Rule checks (customer-feedback sentences, written for issues 13 and 21): ${r.rules.join("; ")}.`,
    "- wink-nlp's English model is 3.8 MB, over the 60 KB gzipped budget of functions.js: a yardstick, not a candidate. All peers are bench-only devDependencies.",
    "",
  );
  return lines;
}

function themesMarkdown(r) {
  const lines = ["### 10. Verbatim themes (KPI.THEMES's ranking, src/why/themes.ts)", ""];
  if (r.error) return [...lines, `TODO: ${r.error}`, ""];
  lines.push(
    `${int(r.comments)} generated comments (${int(r.words)} words; half detractors, half promoters; Zipf vocabulary of 2,000 words, complaints and praise planted): ` +
      `${fmt(r.ms / 1000, 2)} s (median of ${r.runs}: ${r.runs_ms.join(", ")} ms), peak RSS ${int(r.peak_rss_mb)} MB (${int(r.rss_before_mb)} MB with the comments loaded, before the first run); ` +
      `${int(r.kept_terms)} terms mentioned 5 times or more; noise floor |z| ${fmt(r.noise_floor, 2)}.`,
    "",
    "| term | detractors | promoters | z |",
    "|---|---:|---:|---:|",
    ...r.top.map((t) => `| ${t.term} | ${int(t.a)} | ${int(t.b)} | ${fmt(t.z, 2)} |`),
    "",
  );
  return lines;
}

function marksMarkdown(m) {
  if (m.error) return ["### 12. Marks you can trust", "", `TODO: ${m.error}`, ""];
  const pct = (x) => (x ? `${fmt(x.percent, 1)} % ± ${fmt(x.se, 1)}` : "n/a");
  const skewed = (g) => (g ? Object.entries(g).map(([k, v]) => `${k} ${fmt((100 * v.too_skewed) / Math.max(1, v.comparisons), 0)} %`).join(", ") : "n/a");
  const lines = [
    "### 12. Marks you can trust: the planner on simulated surveys (scripts/bench/marks.ts)",
    "",
    `No real difference: a main segment of 3,000 answers beside nine of 30-60, six months, q = ${m.q}, ${int(m.runs)} sheets each; ± is the sampling error.`,
    "",
    "| distribution (all groups alike) | sheets with a false ▲/▼ | false marks by comparison | too skewed to test (Cochran's rule), of each kind | 95 % interval of a small segment's difference holds 0 |",
    "|---|---:|---|---|---:|",
    ...m.scenarios.map((s) => `| ${s.scenario} | ${pct(s.sheets_with_a_false_mark)} | ${Object.entries(s.false_marks_by_comparison).map(([k, v]) => `${k} ${v}`).join(", ") || "none"} | ${skewed(s.too_skewed_to_test)} | ${pct(s.small_segment_difference_interval_coverage)} |`),
    "",
    `A segment 10 NPS points above the rest (40/35/25 against 45/35/20), NPS-only sheets, ${int(m.power_runs)} each:`,
    "",
    "| segment size | sheets that mark it ▲ | detectable difference the sheet prints (mean) |",
    "|---:|---:|---:|",
    ...m.power.map((p) => `| ${int(p.segment_size)} | ${pct(p.marked)} | ${fmt(p.mean_detectable_difference, 1)} |`),
    "",
    ...(m.power_skewed_nps
      ? [
          `A brand of 85 % promoters (85/10/5), a segment 10 points below the rest (80/10/10), ${int(m.power_runs)} sheets each (the cost of Cochran's rule on a skewed KPI):`,
          "",
          "| segment size | sheets that mark it ▼ | detectable difference the sheet prints (mean) |",
          "|---:|---:|---:|",
          ...m.power_skewed_nps.map((p) => `| ${int(p.segment_size)} | ${pct(p.marked)} | ${fmt(p.mean_detectable_difference, 1)} |`),
          "",
        ]
      : []),
    `NPS falling steadily by ${m.trend.decline_points} points over six months in every segment (${int(m.runs)} sheets): the trend test marks it ▼ in ${pct(m.trend.trend_marked_lower)}; ` +
      `a month against the one before is marked in ${pct(m.trend.a_month_against_the_one_before_marked)}; the trend marked ▲ in ${pct(m.trend.trend_marked_higher)}; a segment in ${pct(m.trend.a_segment_marked)}.` +
      (m.trend.trend_p_below_0_05_uncorrected
        ? ` The trend test alone, before the correction, has p <= 0.05 in ${pct(m.trend.trend_p_below_0_05_uncorrected)}: the rest is the price of testing it in a family of ${fmt(m.trend.mean_family_size, 1)} comparisons (mean) with the segments and months beside it.`
        : ""),
    "",
  ];
  return lines;
}

function driversMarkdown(d) {
  const lines = ["### 11. Key drivers: KPI.DRIVERS and KPI.DRIVERS.CI beside plain numpy", ""];
  if (d.error) return [...lines, `TODO: ${d.error}`, ""];
  const n = d.numpy;
  const ratio = (x) => (x === null || x === undefined ? "n/a" : `${fmt(x, 1)}x`);
  lines.push(
    "| computation | ours (dist/functions.js, Excel's arrays) | ours in a node:vm context | numpy + itertools | numpy / ours |",
    "|---|---:|---:|---:|---:|",
    `| KPI.DRIVERS, Shapley, ${int(d.rows)} rows x ${d.drivers} drivers | ${fmt(d.ours.drivers_ms, 1)} ms | ${fmt(d.ours.vm?.drivers_ms, 1)} ms | ${n ? `${fmt(n.lmg_ms, 1)} ms` : "n/a"} | ${ratio(d.numpy_over_ours?.drivers)} |`,
    `| KPI.DRIVERS.CI, ${int(d.resamples)} resamples, ${int(d.ci_rows)} rows x ${d.ci_drivers} drivers | ${fmt(d.ours.ci_ms, 0)} ms | ${fmt(d.ours.vm?.ci_ms, 0)} ms | ${n ? `${fmt(n.ci_ms, 0)} ms (our draws); ${fmt(n.ci_numpy_draws_ms, 0)} ms (numpy's)` : "n/a"} | ${ratio(d.numpy_over_ours?.ci)}; ${ratio(d.numpy_over_ours?.ci_numpy_draws)} |`,
    "",
    `- numpy ${n?.version ?? "n/a"}: np.corrcoef, one np.linalg.solve per subset (itertools.combinations), np.percentile; the bootstrap once with our generator's row draws (so the intervals can be compared) and once with numpy's own. ` +
      (d.agreement ? `Largest difference from ours: ${d.agreement.lmg_max_abs_diff.toExponential(1)} (importances), ${d.agreement.ci_max_abs_diff.toExponential(1)} (interval bounds).` : d.todo ?? ""),
    `- R² of the generated survey ${fmt(d.ours.r2, 3)}; percents of R²: ${d.ours.percents.join(", ")}. Median of ${d.runs} runs (the interval: of ${Math.max(1, Math.floor(d.runs / 3))}).`,
    "",
  );
  return lines;
}

function clvCliMarkdown(c) {
  const lines = ["### 9. CLV from a transaction log through the command line", ""];
  if (c.error) return [...lines, `TODO: ${c.error}`, ""];
  const phases = (k) => (k.phases_ms ? Object.entries(k.phases_ms).map(([name, ms]) => `${name} ${fmt(ms / 1000, 1)}`).join(", ") : "");
  const row = (k) => `| ${k.input} | ${k.seconds === null ? "failed" : `${fmt(k.seconds, 1)} s`} | ${k.peak_rss_mb === null ? "n/a" : `${int(k.peak_rss_mb)} MB`} | ${k.xlsx_mb === null ? "n/a" : `${fmt(k.xlsx_mb, 1)} MB`} | ${phases(k) || k.error || ""} |`;
  const f = c.floor;
  lines.push(
    `\`kpi-scorecard clv LOG --holdout 26 --margin 30% --discount 10%/year\` on a generated log of ${int(c.rows)} purchases by ${int(c.customers)} customers ` +
      `(CSV ${fmt(c.csv_mb, 1)} MB, Parquet ${fmt(c.parquet_mb, 1)} MB), under /usr/bin/time. The floor: DuckDB's bare RFM query on the same Parquet file, ` +
      `read back into JavaScript: ${f.seconds === null ? "failed" : `${fmt(f.seconds, 1)} s (query ${fmt(f.query_ms / 1000, 1)} s), ${int(f.peak_rss_mb)} MB`}.` +
      (f.runs_seconds
        ? ` The floor and the first build below ran in turn three times; each figure is the median run (floor ${f.runs_seconds.map((x) => fmt(x, 1)).join(" / ")} s; build ${c.cases[0].runs_seconds.map((x) => fmt(x, 1)).join(" / ")} s at ${c.cases[0].runs_peak_rss_mb.map(int).join(" / ")} MB).`
        : ""),
    "",
    "| run | wall time | peak memory | workbook | where the time went (s) |",
    "|---|---:|---:|---:|---|",
    ...c.cases.map(row),
    "",
  );
  if (c.many) {
    lines.push(`More customers than a sheet holds: ${int(c.many.customers)} customers, ${int(c.many.rows)} purchases (CSV ${fmt(c.many.csv_mb, 1)} MB), without --max-rows.`, "", "| run | wall time | peak memory | workbook | where the time went (s) |", "|---|---:|---:|---:|---|", ...c.many.cases.map(row), "");
  }
  if (c.met) {
    const mark = (v) => (v === null ? "n/a" : v ? "met" : "MISSED");
    lines.push(
      `- Full table beside the sheet within 5x the floor: ${mark(c.met.beside_within_5x_floor)}; under 1.5 GB: ${mark(c.met.beside_under_1_5_gb)}. Every customer on the sheet under 2 GB: ${mark(c.met.all_on_sheet_under_2_gb)}. ` +
        `More customers than a sheet holds under 2 GB: ${mark(c.met.many_customers_under_2_gb)}.`,
      "",
    );
  }
  return lines;
}

function warehouseMarkdown(w) {
  const lines = ["### 13. The scorecard beyond one sheet (CSV and Parquet through DuckDB)", ""];
  if (w.error) return [...lines, `TODO: ${w.error}`, ""];
  const secs = (x) => (x === null || x === undefined ? "n/a" : `${fmt(x, 2)} s`);
  const mb = (x) => (x === null || x === undefined ? "n/a" : `${int(x)} MB`);
  lines.push(
    `The bundled example's generator, ${int(w.rows)} rows (CSV ${fmt(w.csv_mb, 1)} MB), and ${int(w.parquet_rows)} rows as Parquet (${fmt(w.parquet_mb, 1)} MB); ` +
      "one build each under /usr/bin/time; the floor is the query `--sql` prints, run by DuckDB in a process of its own.",
    "",
    "| input | engine | wall time | peak memory | workbook | floor (one DuckDB query) | build / floor |",
    "|---|---|---:|---:|---:|---:|---:|",
    ...w.cases.map((k) => `| ${k.input} | ${k.engine} | ${k.seconds === null ? `failed: ${k.error ?? ""}` : secs(k.seconds)} | ${mb(k.peak_rss_mb)} | ${k.xlsx_mb === null ? "n/a" : `${fmt(k.xlsx_mb, 1)} MB`} | ${k.floor ? `${secs(k.floor.seconds)}, ${mb(k.floor.peak_rss_mb)}` : ""} | ${k.ratio === null || k.ratio === undefined ? "" : `${fmt(k.ratio, 2)}x`} |`),
    "",
    w.pandas?.seconds !== undefined
      ? `- pandas (the bench's peer), the same per-region, per-month counts from the ${int(w.rows)} rows: ${secs(w.pandas.seconds)}, ${mb(w.pandas.peak_rss_mb)} peak (read_csv, to_numeric, groupby; no workbook).`
      : `- ${w.pandas?.todo ?? "pandas not run"}`,
  );
  if (w.todo) lines.push(`- ${w.todo}`);
  lines.push("");
  return lines;
}

function markdown(results, sections, opts) {
  const lines = [];
  const k = results.kernels;
  const ks = sections.kernels;
  if (k) {
    lines.push(
      `### 1. Kernels (ns per cell, median of ${ks.rounds} runs after ${ks.warmup} warm-up runs)`,
      "",
      `${int(ks.responses)} responses (a 2-D column, as Excel passes it) for NPS, CSAT, CES, FCR; ${int(ks.engagement_shape[0])} x ${ks.engagement_shape[1]} for ENGAGEMENT; ` +
        `${ks.blank_share * 100} % blanks (null), ${ks.text_share * 100} % text ("N/A", "-", ...).`,
      "",
      "| KPI | cells | kernel (loadFunctions) | floor | kernel / floor | kernel, bundle in main realm | main realm / floor | HyperFormula (cells) | HF / kernel | HF / main realm | formulajs (cells) | formulajs / kernel |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    );
    for (const x of k) {
      lines.push(
        `| ${x.kpi} | ${int(x.cells)} | ${fmt(x.ns_per_cell, 2)} | ${fmt(x.floor_ns_per_cell, 2)} | ${fmt(x.vs_floor, 2)}x | ${fmt(x.main_realm_ns_per_cell, 2)} | ${fmt(x.main_realm_vs_floor, 2)}x | ` +
          `${fmt(x.hyperformula_ns_per_cell, 0)} (${int(x.hyperformula_cells)})${x.hyperformula_agrees === false ? " ‡" : ""} | ${fmt(x.hyperformula_over_kernel, 0)}x | ${fmt(x.hyperformula_over_main_realm, 0)}x | ` +
          `${fmt(x.formulajs_ns_per_cell, 1)} (${int(x.formulajs_cells)})${x.formulajs_agrees === false ? " ‡" : ""} | ${fmt(x.formulajs_over_kernel, 1)}x |`,
      );
    }
    lines.push(
      "",
      "- *kernel (loadFunctions)*: the function registered by dist/functions.js, evaluated by test/helpers/functionsRuntime.ts in a bare `node:vm` context. " +
        "In such a context every global lookup (`Math`, `Number`, `Array`) goes through the context's interceptor (~100-200 ns); browsers and Excel's runtimes have no such cost. " +
        "*main realm*: the same dist/functions.js evaluated in the bench's own realm, which is how a browser runs it.",
      "- *floor*: one loop over the same 2-D array that reads every cell once and adds the numbers.",
      `- *HyperFormula*: the native formula of src/kpi (npsFormula, csatFormula, ...) in a cell over a sheet of the first cells of the same data (HyperFormula needs tens of µs per cell on these SUMPRODUCT/IFERROR/TRIM formulas, so ${int(ks.hyperformula_cells)} cells, not 1,000,000); time of a recalculation after a data cell changes (setCellContents + getCellValue), median of 3.`,
      `- *formulajs*: COUNTIF/COUNT/AVERAGE/SUM on the first ${int(ks.formulajs_cells)} cells as a flat array (its flatten is quadratic on Excel's [[a],[b],...] column shape, and AVERAGE/SUM overflow the call stack beyond ~150,000 cells).`,
    );
    const disagree = k.filter((x) => x.hyperformula_agrees === false);
    if (disagree.length) {
      lines.push(
        `- ‡ HyperFormula's value differs from the kernel's on the same cells for ${disagree.map((x) => x.kpi).join(", ")}: HyperFormula reads \`--""\` (TRIM of a blank) as 0 where Excel and LibreOffice give #VALUE!, ` +
          "so blanks count as 0 (NPS detractors; off-scale for CSAT/CES, whose guard then returns #N/A). The time is still the formula's.",
      );
    }
    const fjDisagree = k.filter((x) => x.formulajs_agrees === false);
    if (fjDisagree.length) lines.push(`- ‡ formulajs's value differs for ${fjDisagree.map((x) => x.kpi).join(", ")}.`);
    lines.push("");
  }
  const st = results.statistics;
  if (st) {
    lines.push(
      "#### Statistics functions (ns per cell of the ranges they read, median of the same rounds)",
      "",
      `Intervals on the kernels' ${int(ks.responses)}-response columns; a test splits its column into two groups of ${int(ks.responses / 2)}; FDR on ${int(st.find((x) => x.fn === "FDR")?.cells)} p-values (a sort: not held to the floor).`,
      "",
      "| function | cells | through loadFunctions | floor | / floor | bundle in main realm | main realm / floor |",
      "|---|---:|---:|---:|---:|---:|---:|",
    );
    for (const x of st) {
      lines.push(`| KPI.${x.fn} | ${int(x.cells)} | ${fmt(x.ns_per_cell, 2)} | ${fmt(x.floor_ns_per_cell, 2)} | ${fmt(x.vs_floor, 2)}x | ${fmt(x.main_realm_ns_per_cell, 2)} | ${fmt(x.main_realm_vs_floor, 2)}x |`);
    }
    lines.push("");
  }
  const cand = sections.candidate_kernels;
  if (cand?.kernels && k) {
    lines.push(
      `#### Candidate build: ${cand.dist}`,
      "",
      "The kernels of another build of functions.js (a candidate change of src/kpi), timed the same way in a second process.",
      "",
      "| KPI | kernel (loadFunctions) | floor | kernel / floor | main realm | main realm / floor | HF / kernel | current build (loadFunctions) | speed-up |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    );
    for (const x of cand.kernels) {
      const now = k.find((y) => y.kpi === x.kpi);
      lines.push(
        `| ${x.kpi} | ${fmt(x.ns_per_cell, 2)} | ${fmt(x.floor_ns_per_cell, 2)} | ${fmt(x.vs_floor, 2)}x | ${fmt(x.main_realm_ns_per_cell, 2)} | ${fmt(x.main_realm_vs_floor, 2)}x | ` +
          `${fmt(x.hyperformula_over_kernel, 0)}x | ${fmt(now?.ns_per_cell, 2)} | ${now ? fmt(now.ns_per_cell / x.ns_per_cell, 1) : "n/a"}x |`,
      );
    }
    lines.push("");
  }
  const s = results.scorecard;
  if (sections.scorecard?.error) lines.push("### 2. Scorecard build", "", `TODO: ${sections.scorecard.error}`, "");
  else if (sections.scorecard) {
    const L = sections.scorecard.large ?? {};
    lines.push(
      "### 2. Scorecard build (fake Excel of test/fakes/excel.ts)",
      "",
      "| case | rows | plan ms | context.sync() | range writes | operations | payload |",
      "|---|---:|---:|---:|---:|---:|---:|",
      `| 1 KPI (NPS) | ${int(sections.scorecard.small?.rows)} | ${fmt(s.plan_ms_small, 1)} | ${s.syncs_small ?? "TODO"} | ${s.writes_small ?? "TODO"} | ${int(sections.scorecard.small?.ops)} | ${fmt((sections.scorecard.small?.payload_bytes ?? NaN) / 1024, 1)} KB |`,
    );
    for (const [mode, x] of Object.entries(L)) {
      lines.push(
        `| ${x.kpis} KPIs x ${x.segments} segments x 24 months, ${mode} (${int(x.formulas)} formulas, ${int(x.adjusted_p_cells)} BH-adjusted comparisons) | ${int(x.rows)} | ${fmt(x.plan_ms, 1)} | ${x.syncs ?? "TODO"} | ${x.range_writes ?? "TODO"} | ${int(x.ops)} | ${fmt((x.payload_bytes ?? NaN) / 1e6, 2)} MB |`,
      );
    }
    if (sections.scorecard.todo) lines.push("", `- ${sections.scorecard.todo}`);
    lines.push("", "Range writes: range.formulas, range.values and range.numberFormat operations (one formulas and one numberFormat write per plan block, and the spec).", "");
  }
  const b = results.bundles;
  if (b) {
    lines.push(
      "### 3. Bundles (gzip -9)",
      "",
      "| file | gzipped | budget |",
      "|---|---:|---:|",
      `| dist/functions.js | ${fmt(b.functions_gz_bytes / 1024, 1)} KB | 60 KB |`,
      `| everything taskpane.html loads (${Object.keys(sections.bundles.taskpane_files_gz_bytes).join(" + ")}; not Office.js) | ${fmt(b.taskpane_gz_bytes / 1024, 1)} KB | 350 KB |`,
      "",
    );
  }
  if (sections.ready) {
    const r = sections.ready;
    lines.push(
      "### 4. Functions ready (headless Chromium, loopback)",
      "",
      `${r.functions_ready_ms === null ? "n/a" : `${fmt(r.functions_ready_ms, 1)} ms`} from navigation to all ${r.functions ?? "?"} functions of functions.json registered ` +
        `(median of ${r.runs_ms?.length ?? 0} page loads: ${(r.runs_ms ?? []).join(", ")} ms). ` +
        `Office.js served from node_modules/@microsoft/office-js; aborted: ${(r.aborted_requests ?? []).join(", ") || "nothing"}.${r.error ? ` Error: ${r.error}` : ""}`,
      "",
    );
  }
  if (sections.cli?.cli) {
    lines.push("### 5. Command line (`node bin/kpi-scorecard.js data.csv -o out.xlsx --force`, /usr/bin/time -v)", "", "| rows | CSV | seconds | peak RSS | .xlsx |", "|---:|---:|---:|---:|---:|");
    for (const c of sections.cli.cli) {
      lines.push(`| ${int(c.rows)}${c.label ? ` (${c.label})` : ""} | ${c.csv_mb ?? "n/a"} MB | ${c.seconds ?? "n/a"} | ${c.peak_rss_mb ?? "n/a"} MB | ${c.xlsx_mb ?? "n/a"} MB |${c.error ? ` ${c.error}` : ""}`);
    }
    if (sections.cli?.todo) lines.push("", `- ${sections.cli.todo}`);
    lines.push("");
  }
  if (sections.clv) lines.push(...clvMarkdown(sections.clv));
  if (sections.recalc) lines.push(...recalcMarkdown(sections.recalc));
  if (sections.sentiment) lines.push(...sentimentMarkdown(sections.sentiment));
  if (sections.clvcli) lines.push(...clvCliMarkdown(sections.clvcli));
  if (sections.warehouse) lines.push(...warehouseMarkdown(sections.warehouse));
  if (sections.themes) lines.push(...themesMarkdown(sections.themes));
  if (sections.drivers) lines.push(...driversMarkdown(sections.drivers));
  if (sections.marks) lines.push(...marksMarkdown(sections.marks));
  const t = results.targets;
  lines.push(
    "### Targets",
    "",
    "| target | status |",
    "|---|---|",
    `| every kernel within 2x of its floor (through loadFunctions) | ${mark(t.kernels_within_2x_of_floor)} |`,
    `| every kernel within 2x of its floor (bundle in the main realm) | ${mark(t.kernels_within_2x_of_floor_main_realm)} |`,
    `| every interval and test within 2x of the floor of its ranges (through loadFunctions) | ${mark(t.statistics_within_2x_of_floor)} |`,
    `| every kernel >= 20x faster than HyperFormula per cell (through loadFunctions) | ${mark(t.kernels_20x_faster_than_hyperformula)} |`,
    `| every kernel >= 20x faster than HyperFormula per cell (bundle in the main realm) | ${mark(t.kernels_20x_faster_than_hyperformula_main_realm)} |`,
    `| functions ready < 300 ms | ${mark(t.functions_ready_under_300_ms)} |`,
    `| 1,000,000-row CLI < 15 s | ${mark(t.cli_1m_under_15_s)} |`,
    `| 1,000,000-row CLI < 1.5 GB peak | ${mark(t.cli_1m_under_1_5_gb)} |`,
    `| context.sync() <= 3 | ${mark(t.syncs_at_most_3)} |`,
    `| functions.js <= 60 KB gz | ${mark(t.functions_js_at_most_60_kb_gz)} |`,
    `| task pane <= 350 KB gz | ${mark(t.taskpane_at_most_350_kb_gz)} |`,
    `| BG/NBD and Gamma-Gamma fits at least as fast as scipy's BFGS | ${mark(t.clv_fits_at_least_as_fast_as_scipy)} |`,
    "",
  );
  if (opts.quick) lines.unshift("**Quick run (--quick): 1/10 of the sizes.**", "");
  return lines.join("\n");
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  ensureBuild();
  const m = machine();
  const quickEnv = opts.quick ? { KPI_BENCH_QUICK: "1" } : {};
  const sections = {};
  const want = (s) => opts.only.includes(s);

  if (want("kernels")) {
    sections.kernels = runSection("kernels", "scripts/bench/kernels.ts", [], { vars: quickEnv, nodeArgs: ["--max-old-space-size=4096"] }, 300_000);
  }
  if (want("kernels") && opts.candidate) {
    sections.candidate_kernels = runSection("candidate-kernels", "scripts/bench/kernels.ts", [], {
      vars: { ...quickEnv, KPI_BENCH_DIST: opts.candidate },
      nodeArgs: ["--max-old-space-size=4096"],
    }, 300_000);
  }
  if (want("scorecard")) sections.scorecard = runSection("scorecard", "scripts/bench/scorecard.ts", [], { vars: quickEnv }, 180_000);
  if (want("bundles")) sections.bundles = bundles();
  if (want("ready")) sections.ready = runSection("ready", "scripts/bench/ready.mjs", [], { vars: {} }, 120_000);
  if (want("cli")) {
    const sizes = opts.quick ? ["10000", "100000"] : ["100000", "1000000", "200mb"];
    sections.cli = runSection("cli", "scripts/bench/cli.mjs", sizes, { vars: {} }, 420_000);
  }
  if (want("clv")) sections.clv = runSection("clv", "scripts/bench/clv.ts", [], { vars: quickEnv }, 300_000);
  if (want("recalc")) sections.recalc = recalcSection(quickEnv);
  if (want("sentiment")) sections.sentiment = runSection("sentiment", "scripts/bench/sentiment.ts", [], { vars: quickEnv }, 600_000);
  if (want("clvcli")) sections.clvcli = runSection("clvcli", "scripts/bench/clv-cli.mjs", [], { vars: quickEnv }, 1_800_000);
  if (want("warehouse")) sections.warehouse = runSection("warehouse", "scripts/bench/warehouse.mjs", [], { vars: quickEnv }, 3_600_000);
  if (want("themes")) sections.themes = runSection("themes", "scripts/bench/themes.ts", [], { vars: quickEnv, nodeArgs: ["--expose-gc"] }, 600_000);
  if (want("drivers")) sections.drivers = runSection("drivers", "scripts/bench/drivers.ts", [], { vars: quickEnv }, 1_200_000);
  if (want("marks")) sections.marks = runSection("marks", "scripts/bench/marks.ts", [], { vars: quickEnv }, 3_600_000);

  const measured = mergeSections(sections, opts, m);
  const sc = sections.scorecard;
  const results = {
    kernels: sections.kernels?.kernels
      ? sections.kernels.kernels.map((x) => ({
          kpi: x.kpi,
          cells: x.cells,
          ns_per_cell: x.ns_per_cell,
          floor_ns_per_cell: x.floor_ns_per_cell,
          hyperformula_ns_per_cell: x.hyperformula_ns_per_cell,
          formulajs_ns_per_cell: x.formulajs_ns_per_cell,
          vs_floor: x.vs_floor,
          hyperformula_over_kernel: x.hyperformula_over_kernel,
          formulajs_over_kernel: x.formulajs_over_kernel,
          main_realm_ns_per_cell: x.main_realm_ns_per_cell,
          main_realm_vs_floor: x.main_realm_vs_floor,
          hyperformula_over_main_realm: x.hyperformula_over_main_realm,
          hyperformula_cells: x.hyperformula_cells,
          hyperformula_agrees: x.hyperformula_agrees,
          formulajs_cells: x.formulajs_cells,
          formulajs_agrees: x.formulajs_agrees,
          formulajs_2d_ns_per_cell: x.formulajs_2d_ns_per_cell,
          formulajs_2d_cells: x.formulajs_2d_cells,
        }))
      : null,
    statistics: sections.kernels?.statistics
      ? sections.kernels.statistics.map((x) => ({
          fn: x.fn,
          cells: x.cells,
          ns_per_cell: x.ns_per_cell,
          floor_ns_per_cell: x.floor_ns_per_cell,
          vs_floor: x.vs_floor,
          main_realm_ns_per_cell: x.main_realm_ns_per_cell,
          main_realm_vs_floor: x.main_realm_vs_floor,
        }))
      : null,
    scorecard: sc && !sc.error
      ? { syncs_small: sc.syncs_small, syncs_large: sc.syncs_large, writes_small: sc.writes_small, writes_large: sc.writes_large, plan_ms_small: sc.plan_ms_small, plan_ms_large: sc.plan_ms_large, ...(sc.todo ? { todo: sc.todo } : {}) }
      : { syncs_small: null, syncs_large: null, writes_large: null, plan_ms_large: null, todo: sc?.error ?? "not run" },
    bundles: sections.bundles ? { functions_gz_bytes: sections.bundles.functions_gz_bytes, taskpane_gz_bytes: sections.bundles.taskpane_gz_bytes } : null,
    functions_ready_ms: sections.ready?.functions_ready_ms ?? null,
    cli: sections.cli?.cli ? sections.cli.cli.map((c) => ({ rows: c.rows, ...(c.label ? { label: c.label } : {}), csv_mb: c.csv_mb, seconds: c.seconds, peak_rss_mb: c.peak_rss_mb })) : null,
    recalc: sections.recalc
      ? { before_seconds: sections.recalc.before?.recalc_seconds ?? null, after_seconds: sections.recalc.after?.recalc_seconds ?? null, rows: sections.recalc.after?.rows ?? null }
      : null,
    sentiment: sections.sentiment?.scorers
      ? sections.sentiment.scorers.map((x) => ({ name: x.name, accuracy: x.accuracy, rules_passed: x.rules_passed.length, ms_per_10k: x.ms_per_10k }))
      : null,
    themes: sections.themes?.ms
      ? { comments: sections.themes.comments, ms: sections.themes.ms, peak_rss_mb: sections.themes.peak_rss_mb, noise_floor: sections.themes.noise_floor }
      : null,
    drivers: sections.drivers?.ours
      ? {
          drivers_ms: sections.drivers.ours.drivers_ms,
          ci_ms: sections.drivers.ours.ci_ms,
          numpy_lmg_ms: sections.drivers.numpy?.lmg_ms ?? null,
          numpy_ci_ms: sections.drivers.numpy?.ci_ms ?? null,
        }
      : null,
    marks: sections.marks?.scenarios
      ? {
          false_mark_percent: Object.fromEntries(sections.marks.scenarios.map((x) => [x.scenario, x.sheets_with_a_false_mark.percent])),
          power_percent: Object.fromEntries(sections.marks.power.map((x) => [x.segment_size, x.marked.percent])),
          trend_percent: sections.marks.trend.trend_marked_lower.percent,
          month_to_month_percent: sections.marks.trend.a_month_against_the_one_before_marked.percent,
        }
      : null,
    clv: sections.clv?.ours
      ? {
          bgnbd_ms: sections.clv.ours.core.bgnbd_ms,
          gamma_gamma_ms: sections.clv.ours.core.gamma_gamma_ms,
          scipy_bgnbd_ms: sections.clv.scipy?.bgnbd.find((p) => p.method === "BFGS")?.ms ?? null,
          scipy_gamma_gamma_ms: sections.clv.scipy?.gamma_gamma.find((p) => p.method === "BFGS")?.ms ?? null,
        }
      : null,
  };
  if (sections.candidate_kernels?.kernels) {
    results.candidate = {
      dist: sections.candidate_kernels.dist,
      kernels: sections.candidate_kernels.kernels.map((x) => ({
        kpi: x.kpi, cells: x.cells, ns_per_cell: x.ns_per_cell, floor_ns_per_cell: x.floor_ns_per_cell, vs_floor: x.vs_floor,
        main_realm_ns_per_cell: x.main_realm_ns_per_cell, main_realm_vs_floor: x.main_realm_vs_floor,
        hyperformula_ns_per_cell: x.hyperformula_ns_per_cell, hyperformula_over_kernel: x.hyperformula_over_kernel,
      })),
    };
  }
  results.targets = targets(results);
  const output = { ...results, machine: m, quick: opts.quick, sections, measured, total_seconds: Math.round((Date.now() - started) / 1000) };
  const mixed = new Set(Object.values(measured).map((x) => `${x.commit} ${x.date}`)).size > 1;

  const table = markdown(results, sections, opts);
  console.log(table);
  if (opts.write) {
    mkdirSync(BENCH_DIR, { recursive: true });
    writeFileSync(path.join(BENCH_DIR, "results.json"), `${JSON.stringify(output, null, 2)}\n`);
    const md = [
      "# Benchmark results (`npm run bench`)",
      "",
      `Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB RAM; ${m.os}; Node ${m.node}; ${m.chromium ?? "Chromium n/a"}. ` +
        `Run ${m.date.slice(0, 16).replace("T", " ")} UTC${m.commit ? ` on ${m.commit}` : ""}, load average at start ${m.load_average_at_start}, ${output.total_seconds} s in all.`,
      ...(mixed
        ? [
            "",
            `Sections kept from earlier runs (--merge): ${Object.entries(measured)
              .filter(([, x]) => x.commit !== m.commit || x.date !== m.date)
              .map(([name, x]) => `${name} (${x.commit ?? "commit not recorded"}, ${x.date ? x.date.slice(0, 16).replace("T", " ") : "date not recorded"})`)
              .join(", ")}; the others were measured in this run.`,
          ]
        : []),
      "",
      table,
    ].join("\n");
    writeFileSync(path.join(BENCH_DIR, "RESULTS.md"), `${md}\n`);
    log(`bench: wrote bench/results.json and bench/RESULTS.md (${output.total_seconds} s)`);
  } else {
    log(`bench: ${output.total_seconds} s (bench/ not written: --quick or --only; add --write)`);
  }
}

main();
