/**
 * Bench section 5: the command line on survey exports of 100,000 and 1,000,000 rows. Writes the
 * CSV files into a temp folder, runs `node bin/kpi-scorecard.js data.csv -o out.xlsx --force`
 * under /usr/bin/time -v (wall time, peak resident memory) and removes the folder.
 *
 *   node scripts/bench/cli.mjs out.json [rows...] [200mb]
 *
 * The CSV has the columns a survey tool exports (detection maps them): date, region, NPS, CSAT,
 * CES, FCR flag, comment, logins, revenue; about 2 % blank answers and a few "N/A". "200mb" is
 * the same export at 1,000,000 rows with free-text comments of about 150 characters (a 200 MB
 * file), the case whose peak memory issue 9 asked to report.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "../random.cjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = path.join(ROOT, "bin", "kpi-scorecard.js");
const TIMEOUT_MS = Number(process.env.KPI_BENCH_CLI_TIMEOUT_MS ?? 180_000);
const HEADERS = [
  "Response date", "Region", "How likely are you to recommend us?", "How satisfied were you?",
  "How easy was it to get help?", "Resolved on first contact", "Comment", "Logins", "Revenue",
];
const REGIONS = ["North", "South", "East", "West", "Central", "Online", "Partners", "Enterprise"];
const COMMENTS = ["great service", "slow and annoying", "ok", "love it, thanks", "bad experience with billing", "", "the app keeps crashing", "friendly staff"];


const WORDS = "the service was quick and friendly but the billing page keeps crashing and support took far too long to answer my question about the refund".split(" ");

async function writeCsv(file, rows, longComments = false) {
  const rand = mulberry32(rows);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const answer = (lo, hi) => {
    const r = rand();
    return r < 0.02 ? "" : r < 0.022 ? "N/A" : String(int(lo, hi));
  };
  const out = createWriteStream(file);
  const write = (text) => (out.write(text) ? Promise.resolve() : new Promise((resolve) => out.once("drain", resolve)));
  await write(`${HEADERS.map((h) => `"${h}"`).join(",")}\n`);
  let chunk = "";
  for (let k = 0; k < rows; k++) {
    const day = new Date(Date.UTC(2024, 0, 1) + int(0, 729) * 86400000).toISOString().slice(0, 10);
    const comment = longComments
      ? Array.from({ length: 30 }, () => WORDS[int(0, WORDS.length - 1)]).join(" ")
      : COMMENTS[int(0, COMMENTS.length - 1)];
    chunk +=
      `${day},${REGIONS[int(0, REGIONS.length - 1)]},${answer(0, 10)},${answer(1, 5)},${answer(1, 7)},` +
      `${rand() < 0.02 ? "" : rand() < 0.72 ? "yes" : "no"},"${comment}",${int(0, 30)},${(int(0, 50000) / 100).toFixed(2)}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
}

function parseTime(stderr) {
  const rss = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(stderr);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\):\s*([\d:.]+)/.exec(stderr);
  let seconds = null;
  if (wall) seconds = wall[1].split(":").reduce((acc, part) => acc * 60 + Number(part), 0);
  return { peakRssMb: rss ? Math.round(Number(rss[1]) / 1024) : null, wallSeconds: seconds };
}

async function main() {
  const outFile = process.argv[2];
  const args = process.argv.slice(3);
  const sizes = args.map(Number).filter((n) => n > 0);
  const cases = (sizes.length ? sizes : [100_000, 1_000_000]).map((rows) => ({ rows, long: false }));
  if (args.includes("200mb")) cases.push({ rows: 1_000_000, long: true });
  const rowsList = cases.map((c) => c.rows);
  if (!existsSync(BIN)) {
    const section = { cli: rowsList.map((rows) => ({ rows, seconds: null, peak_rss_mb: null })), todo: "TODO: bin/kpi-scorecard.js does not exist yet" };
    writeFileSync(outFile, JSON.stringify(section, null, 2));
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), "kpi-bench-cli-"));
  const results = [];
  try {
    for (const { rows, long } of cases) {
      const csv = path.join(dir, `data-${rows}${long ? "-long" : ""}.csv`);
      const xlsx = path.join(dir, `out-${rows}.xlsx`);
      await writeCsv(csv, rows, long);
      const t = process.hrtime.bigint();
      const run = spawnSync("/usr/bin/time", ["-v", process.execPath, BIN, csv, "-o", xlsx, "--force"], {
        cwd: dir,
        encoding: "utf8",
        timeout: TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
      });
      const seconds = Number(process.hrtime.bigint() - t) / 1e9;
      const { peakRssMb, wallSeconds } = parseTime(run.stderr ?? "");
      const ok = run.status === 0 && existsSync(xlsx);
      const result = {
        rows,
        ...(long ? { label: "long comments (200 MB CSV)" } : {}),
        seconds: ok ? Math.round((wallSeconds ?? seconds) * 100) / 100 : null,
        peak_rss_mb: ok ? peakRssMb : null,
        csv_mb: Math.round(statSync(csv).size / 1e5) / 10,
        xlsx_mb: ok ? Math.round(statSync(xlsx).size / 1e5) / 10 : null,
        exit_code: run.status,
        ...(ok ? {} : { error: (run.error ? String(run.error) : "") + (run.stderr ?? "").split("\n").filter((l) => l && !/^\s/.test(l)).slice(-5).join(" | ") }),
        summary: (run.stdout ?? "").trim().split("\n").slice(-3).join(" | "),
      };
      results.push(result);
      process.stderr.write(`  ${rows} rows${long ? " (long comments)" : ""}: ${result.seconds} s, ${result.peak_rss_mb} MB peak (exit ${run.status})\n`);
      rmSync(csv, { force: true });
      rmSync(xlsx, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const json = JSON.stringify({ cli: results }, null, 2);
  if (outFile) writeFileSync(outFile, json);
  else console.log(json);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
