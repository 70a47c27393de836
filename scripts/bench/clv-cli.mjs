/**
 * Bench section 9 (issue 8): `kpi-scorecard clv` on a generated transaction log of 10,000,000
 * rows (1,000,000 with --quick): the RFM summary (DuckDB), both fits, the per-customer CLV and the
 * workbook, timed as one run under /usr/bin/time -v (wall time, peak resident memory), from a
 * CSV and from the same log as Parquet. The log is written into a temp folder and removed.
 *
 *   node scripts/bench/clv-cli.mjs out.json [rows]
 *
 * The log is a BG/NBD world (seeded): customers arrive uniformly over the first year of two;
 * each buys at a gamma-distributed rate and may drop out after each purchase (beta), with
 * gamma-distributed amounts around a customer's own mean (the Gamma-Gamma world); about 30
 * purchases a customer, so 10,000,000 rows are some 330,000 customers.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "../random.cjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = path.join(ROOT, "bin", "kpi-scorecard.js");
const TIMEOUT_MS = Number(process.env.KPI_BENCH_CLV_TIMEOUT_MS ?? 1_800_000);
const DAY0 = Date.UTC(2023, 0, 1);
const SPAN = 730;

/** Gamma(shape k, scale 1) by Marsaglia and Tsang (2000), k >= 1; boosted for k < 1. */
function gamma(rand, k) {
  if (k < 1) return gamma(rand, k + 1) * rand() ** (1 / k);
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x;
    let v;
    do {
      const u1 = rand() || 1e-12;
      x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rand());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (Math.log(u || 1e-12) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Writes about `rows` purchases; returns the rows written and the customers. */
async function writeLog(file, rows) {
  const rand = mulberry32(8);
  const out = createWriteStream(file);
  const write = (text) => (out.write(text) ? Promise.resolve() : new Promise((resolve) => out.once("drain", resolve)));
  await write("customer_id,order_date,amount\n");
  const dates = Array.from({ length: SPAN + 1 }, (_, d) => new Date(DAY0 + d * 86_400_000).toISOString().slice(0, 10));
  let chunk = "";
  let written = 0;
  let customers = 0;
  while (written < rows) {
    const id = ++customers;
    // Purchase rate per day ~ Gamma(r = 0.9, scale 1/12); dropout after a purchase ~ Beta(1, 4) / 12.
    const lambda = gamma(rand, 0.9) / 12;
    const g1 = gamma(rand, 1);
    const p = g1 / (g1 + gamma(rand, 4)) / 12;
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

function run(dir, log, xlsx) {
  const args = ["-v", process.execPath, BIN, "clv", log, "--holdout", "26", "--margin", "30%", "--discount", "10%/year", "-o", xlsx, "--force", "-q"];
  const t = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", args, { cwd: dir, encoding: "utf8", timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const { peakRssMb, wallSeconds } = parseTime(r.stderr ?? "");
  const ok = r.status === 0 && existsSync(xlsx);
  return {
    seconds: ok ? Math.round((wallSeconds ?? seconds) * 10) / 10 : null,
    peak_rss_mb: ok ? peakRssMb : null,
    xlsx_mb: ok ? Math.round(statSync(xlsx).size / 1e5) / 10 : null,
    exit_code: r.status,
    summary: (r.stdout ?? "").trim().split("\n").filter((l) => /^(Customers|BG\/NBD|Gamma-Gamma|Holdout)/.test(l)),
    ...(ok ? {} : { error: (r.error ? String(r.error) : "") + (r.stderr ?? "").split("\n").filter((l) => l && !/^\s/.test(l)).slice(-3).join(" | ") }),
  };
}

async function main() {
  const outFile = process.argv[2];
  const rows = Number(process.argv[3] ?? (process.env.KPI_BENCH_QUICK ? 1_000_000 : 10_000_000));
  const dir = mkdtempSync(path.join(tmpdir(), "kpi-bench-clv-cli-"));
  const section = { rows, cases: [] };
  try {
    const csv = path.join(dir, "log.csv");
    const t = Date.now();
    const made = await writeLog(csv, rows);
    Object.assign(section, made, { csv_mb: Math.round(statSync(csv).size / 1e5) / 10, generate_seconds: (Date.now() - t) / 1000 });
    process.stderr.write(`  generated ${made.rows} rows, ${made.customers} customers, ${section.csv_mb} MB in ${section.generate_seconds} s\n`);
    let duck = null;
    try {
      duck = createRequire(import.meta.url)("@duckdb/node-api");
    } catch (e) {
      section.todo = `@duckdb/node-api does not load (${String(e).split("\n")[0]}): only the CSV through the JavaScript reader is timed`;
    }
    const c1 = run(dir, csv, path.join(dir, "csv.xlsx"));
    section.cases.push({ input: `CSV (read by ${/read by (\w+)/.exec(c1.summary.join(" "))?.[1] ?? "?"})`, ...c1 });
    process.stderr.write(`  CSV: ${c1.seconds} s, ${c1.peak_rss_mb} MB peak (exit ${c1.exit_code})\n`);
    if (duck) {
      const parquet = path.join(dir, "log.parquet");
      const db = await duck.DuckDBInstance.create(":memory:");
      const con = await db.connect();
      await con.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${parquet}' (FORMAT parquet)`);
      con.closeSync();
      db.closeSync();
      section.parquet_mb = Math.round(statSync(parquet).size / 1e5) / 10;
      const c2 = run(dir, parquet, path.join(dir, "parquet.xlsx"));
      section.cases.push({ input: "Parquet (DuckDB)", ...c2 });
      process.stderr.write(`  Parquet: ${c2.seconds} s, ${c2.peak_rss_mb} MB peak (exit ${c2.exit_code})\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const json = JSON.stringify(section, null, 2);
  if (outFile) writeFileSync(outFile, json);
  else console.log(json);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
