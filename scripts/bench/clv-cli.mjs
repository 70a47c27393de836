/**
 * Bench section 9 (issues 8, 20 and 25): `kpi-scorecard clv` at scale, timed as whole runs under
 * /usr/bin/time -v (wall time, peak resident memory), beside the floor: DuckDB's bare RFM query
 * (one GROUP BY over the same Parquet log, the summary read back into JavaScript), run the same
 * way. Each run reports where its time went (KPI_CLV_TIMINGS=1: reading and summarising, the
 * fits, the per-customer predictions, the layout, the workbook, the customers table).
 *
 *   node scripts/bench/clv-cli.mjs out.json [rows]
 *
 * Logs (written once into KPI_BENCH_CLV_DIR, default $TMPDIR/kpi-bench-clv, and reused: 10
 * million rows take minutes to generate):
 * - "10M": 10,000,000 purchases (1,000,000 with --quick) of some 370,000 customers, as CSV and
 *   Parquet. Runs: the full table beside the sheet (--max-rows 1000 --customers all.parquet),
 *   every customer on the sheet, and the CSV through DuckDB.
 * - "1.2M customers": 1,200,000 customers (120,000 with --quick) of two or three purchases each,
 *   more than a sheet holds (1,048,575), without --max-rows: through DuckDB (Parquet, and the
 *   CSV by the default engine, which takes DuckDB past 64 MB) and in JavaScript (the CSV with
 *   --engine js), each within 2 GB (issue 20, finding 16).
 *
 * The logs are a BG/NBD world (seeded): customers arrive uniformly over the first year of two;
 * each buys at a gamma-distributed rate and may drop out after each purchase (beta), with
 * gamma-distributed amounts around a customer's own mean (the Gamma-Gamma world).
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { gammaVariate as gamma, mulberry32 } from "../random.cjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = process.env.KPI_BENCH_CLV_BIN ?? path.join(ROOT, "bin", "kpi-scorecard.js");
const TIMEOUT_MS = Number(process.env.KPI_BENCH_CLV_TIMEOUT_MS ?? 1_800_000);
const CACHE = process.env.KPI_BENCH_CLV_DIR ?? path.join(tmpdir(), "kpi-bench-clv");
const DAY0 = Date.UTC(2023, 0, 1);
const SPAN = 730;
/** Targets of issue 25: the build with its full table beside the sheet within 5x the floor under 1.5 GB; all on the sheet under 2 GB. */
const TARGET = { besideOverFloor: 5, besideMb: 1536, allMb: 2048, manyCustomersMb: 2048 };

/**
 * Writes a log until `rows` purchases or `customers` customers; `dropScale` divides the dropout
 * probability (12: about 30 purchases a customer; 0.3: two or three).
 */
async function writeLog(file, { rows = Infinity, customers: most = Infinity, dropScale = 12, seed = 8 }) {
  const rand = mulberry32(seed);
  const out = createWriteStream(file);
  const write = (text) => (out.write(text) ? Promise.resolve() : new Promise((resolve) => out.once("drain", resolve)));
  await write("customer_id,order_date,amount\n");
  const dates = Array.from({ length: SPAN + 1 }, (_, d) => new Date(DAY0 + d * 86_400_000).toISOString().slice(0, 10));
  let chunk = "";
  let written = 0;
  let customers = 0;
  while (written < rows && customers < most) {
    const id = ++customers;
    // Purchase rate per day ~ Gamma(r = 0.9, scale 1/12); dropout after a purchase ~ Beta(1, 4) / dropScale.
    const lambda = gamma(rand, 0.9) / 12;
    const g1 = gamma(rand, 1);
    const p = Math.min(1, g1 / (g1 + gamma(rand, 4)) / dropScale);
    const spend = 20 * Math.exp(0.5 * gamma(rand, 1));
    let day = Math.floor(rand() * 365);
    for (;;) {
      // Gamma-Gamma's own assumption: amounts vary around the customer's mean, Gamma(p = 4).
      const amount = ((spend * gamma(rand, 4)) / 4).toFixed(2);
      chunk += `${id},${dates[day]},${amount}\n`;
      if (++written >= rows || rand() < p) break;
      day += Math.max(1, Math.round(-Math.log(rand() || 1e-12) / lambda));
      if (day > SPAN) break;
    }
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
  return { rows: written, customers };
}

function parseTime(stderr) {
  const rss = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(stderr);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\):\s*([\d:.]+)/.exec(stderr);
  const seconds = wall ? wall[1].split(":").reduce((acc, part) => acc * 60 + Number(part), 0) : null;
  return { peakRssMb: rss ? Math.round(Number(rss[1]) / 1024) : null, wallSeconds: seconds };
}

/**
 * Runs a command under /usr/bin/time -v: wall seconds, peak RSS, its output. coreutils' timeout
 * ends a run past TIMEOUT_MS under time (SIGTERM, SIGKILL 30 s later; timeout waits for it, so
 * time still reports its peak memory, where a killed time would leave the run going);
 * spawnSync's own timeout is a backstop a minute later.
 */
function timed(cmd, args, cwd, env = {}) {
  const t = process.hrtime.bigint();
  const limit = ["timeout", "--kill-after=30s", `${Math.ceil(TIMEOUT_MS / 1000)}s`];
  const r = spawnSync("/usr/bin/time", ["-v", ...limit, cmd, ...args], { cwd, encoding: "utf8", timeout: TIMEOUT_MS + 60_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const { peakRssMb, wallSeconds } = parseTime(r.stderr ?? "");
  return { r, seconds: Math.round((wallSeconds ?? seconds) * 10) / 10, peakRssMb };
}

function runClv(dir, log, name, extra) {
  const xlsx = path.join(dir, `${name}.xlsx`);
  const args = [BIN, "clv", log, "--holdout", "26", "--margin", "30%", "--discount", "10%/year", "-o", xlsx, "--force", "-q", ...extra];
  const { r, seconds, peakRssMb } = timed(process.execPath, args, dir, { KPI_CLV_TIMINGS: "1" });
  const ok = r.status === 0 && existsSync(xlsx);
  const timings = /\{"timings_ms".*\}/.exec(r.stderr ?? "")?.[0];
  const result = {
    seconds: ok ? seconds : null,
    // Peak memory of a failed run too: a run killed at the time limit or for memory says how far it got.
    peak_rss_mb: peakRssMb,
    xlsx_mb: ok ? Math.round(statSync(xlsx).size / 1e5) / 10 : null,
    exit_code: r.status,
    ...(timings ? { phases_ms: JSON.parse(timings).timings_ms } : {}),
    summary: (r.stdout ?? "").trim().split("\n").filter((l) => /^(Customers|BG\/NBD|Gamma-Gamma|CLV|Holdout)/.test(l)),
    ...(ok
      ? {}
      : { error: r.status === 124 || r.status === 137 ? `stopped after ${Math.round(TIMEOUT_MS / 1000)} s` : (r.error ? String(r.error) : "") + (r.stderr ?? "").split("\n").filter((l) => l && !/^\s/.test(l)).slice(-3).join(" | ") }),
  };
  rmSync(xlsx, { force: true });
  return result;
}

/** DuckDB's bare RFM query on the Parquet log, read back into JavaScript: the floor. */
function floor(parquet) {
  const script = `
    const duck = require(${JSON.stringify(createRequire(import.meta.url).resolve("@duckdb/node-api"))});
    (async () => {
      const db = await duck.DuckDBInstance.create(":memory:");
      const con = await db.connect();
      const started = Date.now();
      const reader = await con.runAndReadAll(\`
        WITH days AS (SELECT customer_id, order_date AS day, SUM(amount) AS amount FROM read_parquet('${parquet.replace(/'/g, "''")}') GROUP BY 1, 2)
        SELECT customer_id, COUNT(*) - 1 AS x,
          DATE_DIFF('day', MIN(day), MAX(day)) / 7.0 AS t_x, DATE_DIFF('day', MIN(day), DATE '2024-12-31') / 7.0 AS T,
          (SUM(amount) - ARG_MIN(amount, day)) / GREATEST(COUNT(*) - 1, 1) AS zbar
        FROM days GROUP BY customer_id\`);
      const n = reader.getColumns()[0].length;
      console.log(JSON.stringify({ customers: n, query_ms: Date.now() - started }));
    })();`;
  const { r, seconds, peakRssMb } = timed(process.execPath, ["-e", script], ROOT);
  const out = /\{.*\}/.exec(r.stdout ?? "")?.[0];
  return { seconds: r.status === 0 ? seconds : null, peak_rss_mb: peakRssMb, ...(out ? JSON.parse(out) : { error: (r.stderr ?? "").slice(-300) }) };
}

/** A log in the cache: written once, then reused (as CSV and Parquet). */
async function cachedLog(name, options, duck) {
  mkdirSync(CACHE, { recursive: true });
  const csv = path.join(CACHE, `${name}.csv`);
  const parquet = path.join(CACHE, `${name}.parquet`);
  const meta = path.join(CACHE, `${name}.json`);
  let made;
  if (existsSync(csv) && existsSync(meta)) made = JSON.parse(await import("node:fs").then((fs) => fs.readFileSync(meta, "utf8")));
  else {
    const t = Date.now();
    const partial = `${csv}.part`;
    made = await writeLog(partial, options);
    renameSync(partial, csv);
    made.generate_seconds = (Date.now() - t) / 1000;
    writeFileSync(meta, JSON.stringify(made));
  }
  if (duck && !existsSync(parquet)) {
    const db = await duck.DuckDBInstance.create(":memory:");
    const con = await db.connect();
    await con.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${parquet}.part' (FORMAT parquet)`);
    con.closeSync();
    db.closeSync();
    renameSync(`${parquet}.part`, parquet);
  }
  return { csv, parquet, ...made, csv_mb: Math.round(statSync(csv).size / 1e5) / 10, ...(existsSync(parquet) ? { parquet_mb: Math.round(statSync(parquet).size / 1e5) / 10 } : {}) };
}

async function main() {
  const outFile = process.argv[2];
  const quick = Boolean(process.env.KPI_BENCH_QUICK);
  const rows = Number(process.argv[3] ?? (quick ? 1_000_000 : 10_000_000));
  const many = quick ? 120_000 : 1_200_000;
  let duck = null;
  try {
    duck = createRequire(import.meta.url)("@duckdb/node-api");
  } catch (e) {
    return write(outFile, { error: `@duckdb/node-api does not load (${String(e).split("\n")[0]}): the floor and the Parquet runs need it` });
  }
  const dir = mkdtempSync(path.join(tmpdir(), "kpi-bench-clv-run-"));
  const say = (line) => process.stderr.write(`  ${line}\n`);
  try {
    const big = await cachedLog(`log-${rows}`, { rows }, duck);
    say(`log: ${big.rows} rows, ${big.customers} customers, ${big.csv_mb} MB CSV, ${big.parquet_mb} MB Parquet (cache ${CACHE})`);
    // The ratio the target judges: the floor and the build it is compared with, run in turn three
    // times (floor, build, floor, build, ...) so both see the same machine, each the median of its
    // three runs. On two shared cores the floor alone swung from 1.6 to 4.1 s within an hour;
    // DuckDB uses both cores where the build mostly uses one, so a busy machine flatters the ratio.
    const besideArgs = ["--max-rows", "1000", "--customers", path.join(dir, "all.parquet")];
    const floors = [];
    const besides = [];
    for (let k = 0; k < 3; k++) {
      floors.push(floor(big.parquet));
      say(`floor ${k + 1}: ${floors[k].seconds} s, ${floors[k].peak_rss_mb} MB`);
      besides.push(runClv(dir, big.parquet, "beside", besideArgs));
      say(`beside ${k + 1}: ${besides[k].seconds} s, ${besides[k].peak_rss_mb} MB ${JSON.stringify(besides[k].phases_ms ?? {})}`);
    }
    const median = (runs) => [...runs].sort((a, b) => (a.seconds ?? Infinity) - (b.seconds ?? Infinity))[1];
    const floorRun = { ...median(floors), runs_seconds: floors.map((f) => f.seconds) };
    const besideRun = { ...median(besides), runs_seconds: besides.map((b) => b.seconds), runs_peak_rss_mb: besides.map((b) => b.peak_rss_mb) };
    const section = { rows: big.rows, customers: big.customers, csv_mb: big.csv_mb, parquet_mb: big.parquet_mb, cache: CACHE, floor: floorRun, cases: [], many: null, targets: TARGET };
    section.cases.push({ input: "Parquet, full table beside the sheet (--max-rows 1000 --customers all.parquet); median of 3, in turn with the floor", ...besideRun });
    const cases = [
      ["Parquet, every customer on the sheet", big.parquet, "all", []],
      ["CSV through DuckDB, full table beside the sheet", big.csv, "csv", ["--max-rows", "1000", "--customers", path.join(dir, "all-csv.parquet")]],
    ];
    for (const [input, log, name, extra] of cases) {
      const c = runClv(dir, log, name, extra);
      section.cases.push({ input, ...c });
      say(`${input}: ${c.seconds} s, ${c.peak_rss_mb} MB ${JSON.stringify(c.phases_ms ?? {})}`);
    }
    const wide = await cachedLog(`customers-${many}`, { customers: many, dropScale: 0.3, seed: 9 }, duck);
    say(`log: ${wide.rows} rows, ${wide.customers} customers`);
    section.many = { rows: wide.rows, customers: wide.customers, csv_mb: wide.csv_mb, cases: [] };
    for (const [input, log, name, extra] of [
      ["Parquet (DuckDB), no --max-rows", wide.parquet, "many-duck", []],
      ["CSV, the default engine (auto: DuckDB past 64 MB), no --max-rows", wide.csv, "many-auto", []],
      ["CSV in JavaScript (--engine js), no --max-rows", wide.csv, "many-js", ["--engine", "js"]],
    ]) {
      const c = runClv(dir, log, name, extra);
      section.many.cases.push({ input, ...c });
      say(`${input}: ${c.seconds} s, ${c.peak_rss_mb} MB ${JSON.stringify(c.phases_ms ?? {})}`);
    }
    const beside = section.cases[0];
    section.met = {
      beside_within_5x_floor: beside.seconds !== null && section.floor.seconds ? beside.seconds <= TARGET.besideOverFloor * section.floor.seconds : null,
      beside_under_1_5_gb: beside.runs_peak_rss_mb.every((mb) => mb !== null && mb <= TARGET.besideMb),
      all_on_sheet_under_2_gb: section.cases[1].peak_rss_mb !== null ? section.cases[1].peak_rss_mb <= TARGET.allMb : null,
      many_customers_under_2_gb: section.many.cases.every((c) => c.peak_rss_mb !== null && c.peak_rss_mb <= TARGET.manyCustomersMb),
    };
    write(outFile, section);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function write(outFile, section) {
  const json = JSON.stringify(section, null, 2);
  if (outFile) writeFileSync(outFile, json);
  else console.log(json);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
