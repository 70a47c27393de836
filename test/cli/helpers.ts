/**
 * Helpers of the kpi-scorecard tests: build the CLI bundle once per test process, run
 * `node bin/kpi-scorecard.js` as a child process, and write fixture files (CSV with any
 * delimiter, .xlsx through exceljs) into temporary folders.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import { decodeSpecSheet } from "../../src/excel/cells";
import { mulberry32 } from "../../scripts/random.cjs";

export const ROOT = resolve(__dirname, "..", "..");
export const BIN = join(ROOT, "bin", "kpi-scorecard.js");

let built = false;
/** Builds build/cli/kpi-scorecard.cjs from the current sources (esbuild, well under a second). */
export function ensureBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, [join(ROOT, "scripts", "build-cli.mjs"), "--quiet"], { cwd: ROOT, stdio: "pipe" });
  built = true;
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; nodeArgs?: string[]; timeoutMs?: number } = {}): Promise<RunResult> {
  ensureBuilt();
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: "", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

export function tempDir(prefix = "kpi-cli-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export type Cell = string | number | boolean | Date | null;

export interface Fixture {
  readonly headers: string[];
  readonly rows: Cell[][];
}


export const SURVEY_HEADERS = [
  "Respondent ID",
  "Response date",
  "Region",
  "How likely are you to recommend us? (0-10)",
  "Overall satisfaction (1-5)",
  "The company made it easy to handle my issue (1-7)",
  "Issue resolved on first contact?",
  "Comment",
  "Order value",
  "Logins",
  "Downloads",
  "Referral impact",
  "Upsell impact",
];

const COMMENTS = ["Great service, thank you", "Slow and frustrating", "ok", "Love it", "Terrible support, I am angry", ""];
const REGIONS = ["North", "South", "East", "West"];

/**
 * A survey with every column role: messy cells included (blanks, "N/A", numbers as text with
 * spaces). Dates are JS dates at UTC midnight in 2024-2025.
 */
export function surveyFixture(n: number, seed = 1): Fixture {
  const rand = mulberry32(seed);
  const rows: Cell[][] = [];
  for (let i = 0; i < n; i++) {
    const messy = (score: number): Cell => {
      const r = rand();
      if (r < 0.04) return null;
      if (r < 0.06) return "N/A";
      if (r < 0.09) return ` ${score}`;
      return score;
    };
    const day = Math.floor(rand() * 700);
    rows.push([
      `R-${1000 + i}`,
      new Date(Date.UTC(2024, 0, 1) + day * 86_400_000),
      REGIONS[Math.floor(rand() * REGIONS.length)],
      messy(Math.floor(rand() * 11)),
      messy(1 + Math.floor(rand() * 5)),
      messy(1 + Math.floor(rand() * 7)),
      rand() < 0.05 ? null : rand() < 0.7 ? "Yes" : "No",
      COMMENTS[Math.floor(rand() * COMMENTS.length)] || null,
      rand() < 0.05 ? null : Math.round(rand() * 50000) / 100,
      Math.floor(rand() * 20),
      rand() < 0.1 ? null : Math.floor(rand() * 5),
      Math.round(rand() * 100),
      rand() < 0.2 ? null : Math.round(rand() * 100),
    ]);
  }
  return { headers: [...SURVEY_HEADERS], rows };
}

function csvField(v: Cell, delimiter: string): string {
  if (v === null) return "";
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return s.includes(delimiter) || /["\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function writeCsv(path: string, f: Fixture, options: { delimiter?: string; bom?: boolean; eol?: string } = {}): string {
  const d = options.delimiter ?? ",";
  const eol = options.eol ?? "\n";
  const lines = [f.headers, ...f.rows].map((row) => row.map((v) => csvField(v, d)).join(d));
  writeFileSync(path, (options.bom ? "\uFEFF" : "") + lines.join(eol) + eol, "utf8");
  return path;
}

/** Writes the fixture at `origin` (e.g. "B3") of sheet `sheet`, after an "Other" sheet. */
export async function writeXlsx(path: string, f: Fixture, options: { sheet?: string; origin?: [number, number] } = {}): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Other").getCell("A1").value = "not the data";
  const ws = wb.addWorksheet(options.sheet ?? "Responses");
  const [r0, c0] = options.origin ?? [1, 1];
  ws.getCell(1, 1).value = r0 > 1 ? "Exported survey" : null;
  [f.headers, ...f.rows].forEach((row, i) => {
    row.forEach((v, j) => {
      if (v === null) return;
      const cell = ws.getCell(r0 + i, c0 + j);
      cell.value = v;
      if (v instanceof Date) cell.numFmt = "yyyy-mm-dd";
    });
  });
  await wb.xlsx.writeFile(path);
  return path;
}

/** One column of a fixture as the KPI core reads it (dates as Excel serials). */
export function column(f: Fixture, header: string): unknown[][] {
  const c = f.headers.indexOf(header);
  if (c < 0) throw new Error(`no column ${header}`);
  return [f.rows.map((r) => toCore(r[c]))];
}

export function toCore(v: Cell): unknown {
  if (v instanceof Date) return v.getTime() / 86_400_000 + 25569;
  return v;
}

export async function readWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** The stored spec of a written scorecard (very hidden sheet KPI_Spec, in the pane's record form). */
export function storedSpec(wb: ExcelJS.Workbook): { spec: { columns: { header: string; role: string; index: number }[]; mode: string; trend: string; aggregates: Record<string, number>; kpis: Record<string, Record<string, unknown>> } } {
  const ws = wb.getWorksheet("KPI_Spec");
  if (!ws) throw new Error("no KPI_Spec sheet");
  const values: unknown[][] = [];
  ws.eachRow((row, r) => (values[r - 1] = [row.getCell(1).value, row.getCell(2).value]));
  const record = decodeSpecSheet(values);
  if (!record) throw new Error("KPI_Spec holds no spec record");
  return JSON.parse(record.json);
}

/** Rows of the summary table printed on stdout: KPI title -> { value, band, n } as printed. */
export function summaryRows(stdout: string): Map<string, { value: string; interval: string; band: string; n: string }> {
  const out = new Map<string, { value: string; interval: string; band: string; n: string }>();
  const lines = stdout.split("\n");
  const header = lines.findIndex((l) => /^KPI\s+Value\s+95% interval\s+Status\s+n$/.test(l.trim()));
  if (header < 0) return out;
  for (const line of lines.slice(header + 1)) {
    if (line.trim() === "" || line.startsWith("  ")) break;
    const parts = line.trim().split(/\s{2,}/);
    const [kpi, value, ...rest] = parts;
    const n = rest.length > 0 && /^[\d,]+$/.test(rest[rest.length - 1]) ? (rest.pop() as string) : "";
    const interval = rest.length > 0 && / to /.test(rest[0]) ? (rest.shift() as string) : "";
    out.set(kpi, { value: value ?? "", interval, band: rest.join(" "), n });
  }
  return out;
}

/** Runs one statement in a fresh in-memory DuckDB (the optional peer must load) and gives its rows as objects. */
export async function runDuckSql(sql: string): Promise<Record<string, unknown>[]> {
  const { loadDuckDb } = await import("../../src/cli/duckdb");
  const duck = await loadDuckDb();
  const db = await duck.DuckDBInstance.create(":memory:");
  const c = await db.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowObjects();
  } finally {
    c.closeSync();
    db.closeSync();
  }
}
