/**
 * Bench section 13 (issue 22): the scorecard beyond one sheet. The bundled example's generator
 * writes a 1,000,000-row survey CSV; DuckDB makes a 20,000,000-row Parquet file of it (twenty
 * copies). Each is built by bin/kpi-scorecard.js under /usr/bin/time -v (wall time, peak resident
 * memory): the CSV with the DuckDB engine (what --engine auto picks for it) and with the
 * JavaScript engine, the Parquet file with DuckDB. Beside each DuckDB build, the floor: the same
 * statistics computed by the one query that `--sql` prints, run directly by DuckDB in a process of
 * its own; the build's time over it is the ratio. And the bench's peer: a pandas script that
 * computes the same per-region, per-month counts from the 1,000,000 rows (skipped with a message
 * without python3-pandas).
 *
 *   node scripts/bench/warehouse.mjs out.json [rows]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = path.join(ROOT, "bin", "kpi-scorecard.js");
const TIMEOUT_MS = Number(process.env.KPI_BENCH_WAREHOUSE_TIMEOUT_MS ?? 1_800_000);

function parseTime(stderr) {
  const rss = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(stderr);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\):\s*([\d:.]+)/.exec(stderr);
  const seconds = wall ? wall[1].split(":").reduce((acc, part) => acc * 60 + Number(part), 0) : null;
  return { peak_rss_mb: rss ? Math.round(Number(rss[1]) / 1024) : null, seconds: seconds === null ? null : Math.round(seconds * 100) / 100 };
}

/** One timed process. */
function timed(args, cwd) {
  const r = spawnSync("/usr/bin/time", ["-v", ...args], { cwd, encoding: "utf8", timeout: TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024 });
  return { ...parseTime(r.stderr ?? ""), exit_code: r.status, stdout: r.stdout ?? "", error: r.status === 0 ? undefined : (r.stderr ?? "").split("\n").filter((l) => l && !/^\s/.test(l)).slice(-2).join(" | ") };
}

function build(dir, input, extra) {
  const out = path.join(dir, `out-${Math.random().toString(36).slice(2)}.xlsx`);
  const r = timed([process.execPath, BIN, input, "-o", out, "-q", ...extra], dir);
  const ok = r.exit_code === 0 && existsSync(out);
  return { seconds: ok ? r.seconds : null, peak_rss_mb: ok ? r.peak_rss_mb : null, xlsx_mb: ok ? Math.round(statSync(out).size / 1e5) / 10 : null, ...(ok ? {} : { error: r.error }) };
}

/** The printed query, run by DuckDB directly in a process of its own: the floor. */
function floor(dir, input) {
  const printed = spawnSync(process.execPath, [BIN, input, "--sql"], { cwd: dir, encoding: "utf8", timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  if (printed.status !== 0) return { seconds: null, error: printed.stderr };
  const sqlFile = path.join(dir, `q-${Math.random().toString(36).slice(2)}.sql`);
  writeFileSync(sqlFile, printed.stdout);
  const runner = `const d=require(${JSON.stringify(createRequire(import.meta.url).resolve("@duckdb/node-api"))});const fs=require("fs");(async()=>{const i=await d.DuckDBInstance.create(":memory:");const c=await i.connect();const r=await c.runAndReadAll(fs.readFileSync(${JSON.stringify(sqlFile)},"utf8"));console.log(r.getRows().length);})();`;
  const r = timed([process.execPath, "-e", runner], dir);
  return { seconds: r.exit_code === 0 ? r.seconds : null, peak_rss_mb: r.exit_code === 0 ? r.peak_rss_mb : null, result_rows: Number(r.stdout.trim()) || null, ...(r.exit_code === 0 ? {} : { error: r.error }) };
}

const PANDAS = `
import sys, time
import pandas as pd
t = time.perf_counter()
df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
cols = list(df.columns)
date, region, nps, csat, ces, fcr, order = cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], cols[8]
num = lambda s: pd.to_numeric(s.str.strip(), errors="coerce")
out = pd.DataFrame({
  "seg": df[region].str.strip(),
  "per": pd.to_datetime(df[date], errors="coerce").dt.to_period("M"),
})
n = num(df[nps]); out["nps_n"] = n.notna(); out["prom"] = n >= 9; out["det"] = n <= 6
c = num(df[csat]); out["csat_n"] = c.notna(); out["sat"] = c >= 4
e = num(df[ces]); out["ces_n"] = e.notna(); out["ces_sum"] = e.fillna(0); out["ces_sq"] = (e ** 2).fillna(0)
f = df[fcr].str.strip().str.lower(); out["fcr_n"] = f.isin(["yes", "y", "true", "1", "no", "n", "false", "0"]); out["fcr_yes"] = f.isin(["yes", "y", "true", "1"])
o = num(df[order]); out["rev_n"] = o.notna(); out["rev_sum"] = o.fillna(0); out["rev_sq"] = (o ** 2).fillna(0)
g = out.groupby(["seg", "per"], dropna=False).sum(numeric_only=True)
print(len(g), round(time.perf_counter() - t, 3))
`;

async function main() {
  const outFile = process.argv[2];
  const rows = Number(process.argv[3] ?? (process.env.KPI_BENCH_QUICK ? 100_000 : 1_000_000));
  const copies = process.env.KPI_BENCH_QUICK ? 2 : 20;
  const dir = mkdtempSync(path.join(tmpdir(), "kpi-bench-warehouse-"));
  const section = { rows, parquet_rows: rows * copies, cases: [] };
  try {
    const csv = path.join(dir, "survey.csv");
    const made = spawnSync(process.execPath, [path.join(ROOT, "scripts", "make-example.mjs"), "--rows", String(rows), "--out", csv], { encoding: "utf8" });
    if (made.status !== 0) throw new Error(`make-example failed: ${made.stderr}`);
    section.csv_mb = Math.round(statSync(csv).size / 1e5) / 10;
    let duck = null;
    try {
      duck = createRequire(import.meta.url)("@duckdb/node-api");
    } catch (e) {
      section.todo = `@duckdb/node-api does not load (${String(e).split("\n")[0]}): the DuckDB engine cannot be timed`;
    }
    const js = build(dir, csv, ["--engine", "js"]);
    section.cases.push({ input: `CSV, ${rows.toLocaleString("en-US")} rows`, engine: "JavaScript (data copied into the workbook)", ...js });
    process.stderr.write(`  CSV, JavaScript engine: ${js.seconds} s, ${js.peak_rss_mb} MB\n`);
    if (duck) {
      const d = build(dir, csv, ["--engine", "duckdb"]);
      const f = floor(dir, csv);
      section.cases.push({ input: `CSV, ${rows.toLocaleString("en-US")} rows`, engine: "DuckDB (no copy of the data)", ...d, floor: f, ratio: d.seconds && f.seconds ? Math.round((d.seconds / f.seconds) * 100) / 100 : null });
      process.stderr.write(`  CSV, DuckDB engine: ${d.seconds} s, ${d.peak_rss_mb} MB; floor ${f.seconds} s\n`);
      const parquet = path.join(dir, "survey.parquet");
      const db = await duck.DuckDBInstance.create(":memory:");
      const con = await db.connect();
      await con.run(`COPY (SELECT s.* FROM read_csv('${csv}') s, range(${copies})) TO '${parquet}' (FORMAT parquet)`);
      con.closeSync();
      db.closeSync();
      section.parquet_mb = Math.round(statSync(parquet).size / 1e5) / 10;
      const p = build(dir, parquet, []);
      const pf = floor(dir, parquet);
      section.cases.push({ input: `Parquet, ${(rows * copies).toLocaleString("en-US")} rows`, engine: "DuckDB (no copy of the data)", ...p, floor: pf, ratio: p.seconds && pf.seconds ? Math.round((p.seconds / pf.seconds) * 100) / 100 : null });
      process.stderr.write(`  Parquet, DuckDB engine: ${p.seconds} s, ${p.peak_rss_mb} MB; floor ${pf.seconds} s\n`);
    }
    // Debian's python3 (where apt-get install python3-pandas puts pandas), before another on the PATH.
    const py = timed([existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3", "-c", PANDAS, csv], dir);
    section.pandas = py.exit_code === 0
      ? { seconds: py.seconds, peak_rss_mb: py.peak_rss_mb, groups: Number(py.stdout.trim().split(" ")[0]) }
      : { todo: `pandas did not run (${py.error ?? "python3-pandas missing"}): apt-get install python3-pandas` };
    process.stderr.write(`  pandas: ${JSON.stringify(section.pandas)}\n`);
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
