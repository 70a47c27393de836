/**
 * Test helper: recalculate a workbook with headless LibreOffice and return the
 * computed cell values, so generated formulas can be checked by a real
 * spreadsheet engine.
 *
 * How it works
 * - One private LibreOffice profile per process (created lazily with mkdtemp,
 *   deleted on process exit), pre-seeded with `user/registrymodifications.xcu`
 *   setting Calc `Formula/Load/OOXMLRecalcMode` = 0 and `ODFRecalcMode` = 0
 *   ("always recalculate on load"). Without it LibreOffice keeps the cached
 *   values stored in the file (exceljs writes none, so formulas read back as 0
 *   or empty). The private profile also stops soffice from handing the job to
 *   an already running LibreOffice of the user.
 * - Calls within a process are serialised by a promise queue (one profile must
 *   not be used by two soffice processes at a time). Separate jest workers are
 *   separate processes, so they have separate profiles and run in parallel.
 * - `soffice --headless --convert-to xlsx` writes the recalculated workbook to a
 *   fresh temp dir, which is read back with exceljs (formula cells -> `.result`).
 *   Timeout: 120 s (override with env LIBREOFFICE_TIMEOUT_MS); the binary can be
 *   set with env LIBREOFFICE_BIN (default: `soffice`, then `libreoffice` on PATH).
 *
 * Timing (LibreOffice 7.4.7, this machine): first call in a process (fresh
 * profile) ~1.3-1.5 s, later calls ~0.7-1.0 s (one soffice start per call;
 * calls in one process run one after another).
 *
 * Results are rectangular per sheet: rows 1..last used row, columns A..last
 * used column, null-padded. Values: number | string | boolean | null; errors as
 * strings ("#N/A", "#VALUE!", ...). Date-formatted numbers come back as Excel
 * serial numbers (1900 date system). Rich text is flattened to plain text.
 * Numbers are as LibreOffice stores them: 15 significant digits (use
 * toBeCloseTo). A formula whose result is "" reads back as "".
 *
 * Measured with LibreOffice 7.4.7, A1:A6 = 9, " 9", "N/A", blank, TRUE, "7",
 * B1 = "" (see test/libreoffice.test.ts). (!) marks a difference from Excel:
 * - SUMPRODUCT(--ISNUMBER(--TRIM(A1:A6)))                       -> 4   (!) Excel 3
 * - SUMPRODUCT((IFERROR(--TRIM(r),-1)>=9)*(IFERROR(...)<=10))   -> 2       Excel 2
 * - SUM(r)+SUMPRODUCT(ISTEXT(r)*IFERROR(--TRIM(r),0))           -> 26  (!) Excel 25
 * - --TRIM(A4), A4 blank                                        -> #VALUE! Excel #VALUE!
 * - TRIM(A5), A5 = TRUE                                         -> "1" (!) Excel "TRUE"
 * - NORMSINV(0.975)                                             -> 1.95996398454005
 * - SUMPRODUCT((UPPER(TRIM(r))="TRUE")+(UPPER(TRIM(r))="YES"))  -> 0   (!) Excel 1
 * All differences come from booleans: LibreOffice has no boolean type (a TRUE
 * cell is imported as the formula =TRUE(), i.e. the number 1 formatted as
 * boolean), so TRIM(TRUE) = "1", --TRIM(TRUE) = 1 and SUM(range) adds it.
 * Also: --"TRUE" = 1 in LibreOffice (Excel: #VALUE!), and a cell holding the
 * empty string "" is imported as a blank cell (ISBLANK TRUE; Excel: ISTEXT
 * TRUE). With booleans replaced by text ("yes"), results are 3 / 2 / 25 / 1 as
 * in Excel. So this helper cannot check how formulas treat boolean cells.
 * SUMPRODUCT array-evaluates nested TRIM/IFERROR/ISNUMBER in LibreOffice without
 * CSE; that says nothing about legacy Excel, where IF/IFERROR nested in
 * SUMPRODUCT may need array entry.
 * Formula text is written verbatim: functions newer than Excel 2007 need their
 * `_xlfn.` prefix in the file (`_xlfn.NORM.S.INV` works, bare `NORM.S.INV`
 * gives #NAME?), as in real Excel files.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, delimiter, extname, join } from "node:path";
import { pathToFileURL } from "node:url";
import ExcelJS from "exceljs";

export type CellValue = number | string | boolean | null;
export type CellInput = CellValue | { formula: string };

const DEFAULT_TIMEOUT_MS = 120_000;

const REGISTRY_MODIFICATIONS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="ShowTipOfTheDay" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
`;

let cachedBinary: string | null | undefined;

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return isFile(path);
  } catch {
    return false;
  }
}

/** Absolute path of the soffice binary, or null if none is found. */
export function findSoffice(): string | null {
  if (cachedBinary !== undefined) return cachedBinary;
  const fromEnv = process.env.LIBREOFFICE_BIN;
  if (fromEnv) {
    cachedBinary = isExecutableFile(fromEnv) ? fromEnv : null;
    return cachedBinary;
  }
  const dirs = (process.env.PATH ?? "").split(delimiter).filter((d) => d !== "");
  for (const name of ["soffice", "libreoffice"]) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) {
        cachedBinary = candidate;
        return cachedBinary;
      }
    }
  }
  cachedBinary = null;
  return cachedBinary;
}

export function libreOfficeAvailable(): boolean {
  return findSoffice() !== null;
}

// ---------------------------------------------------------------------------
// Per-process profile and call queue

let profileDir: string | null = null;
let queue: Promise<unknown> = Promise.resolve();

async function ensureProfile(): Promise<string> {
  if (profileDir !== null && existsSync(profileDir)) return profileDir;
  const dir = await mkdtemp(join(tmpdir(), "lo-profile-"));
  await mkdir(join(dir, "user"), { recursive: true });
  await writeFile(join(dir, "user", "registrymodifications.xcu"), REGISTRY_MODIFICATIONS, "utf8");
  profileDir = dir;
  return dir;
}

process.once("exit", () => {
  if (profileDir !== null) {
    try {
      rmSync(profileDir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
});

/**
 * Waits for pending calls, then deletes this process's LibreOffice profile
 * (the next call creates a fresh one). Call it from afterAll(): jest's sandboxed
 * `process` does not deliver the "exit" event, so without it profile dirs
 * (~0.5 MB each) are left in the temp dir.
 */
export async function disposeLibreOffice(): Promise<void> {
  await serialised(async () => {
    if (profileDir !== null) {
      const dir = profileDir;
      profileDir = null;
      await rm(dir, { recursive: true, force: true });
    }
  });
}

function serialised<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  timedOut: boolean;
}

function runSoffice(binary: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // detached: own process group, so a timeout kills soffice.bin as well.
    const child = spawn(binary, args, {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, SAL_USE_VCLPLUGIN: "svp" },
    });
    let output = "";
    let timedOut = false;
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          child.kill("SIGKILL");
        }
      }
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(new Error(`Could not start LibreOffice (${binary}): ${err.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, timedOut });
    });
  });
}

// ---------------------------------------------------------------------------
// Reading values back

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function dateToSerial(d: Date): number {
  return (d.getTime() - EXCEL_EPOCH_MS) / 86_400_000;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !(v instanceof Date);
}

function toCellValue(raw: unknown): CellValue {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "number" || typeof raw === "string" || typeof raw === "boolean") return raw;
  if (raw instanceof Date) return dateToSerial(raw);
  if (isRecord(raw)) {
    if (typeof raw.error === "string") return raw.error;
    if (Array.isArray(raw.richText)) {
      return raw.richText
        .map((part: unknown) => (isRecord(part) && typeof part.text === "string" ? part.text : ""))
        .join("");
    }
    if (typeof raw.text === "string") return raw.text; // hyperlink
  }
  throw new Error(`Unsupported cell value read back from LibreOffice: ${JSON.stringify(raw)}`);
}

function cellToValue(cell: ExcelJS.Cell): CellValue {
  if (cell.type === ExcelJS.ValueType.Formula) {
    // Trap: exceljs' cell.value drops falsy formula results (0, false) -- read
    // cell.result instead. LibreOffice writes an empty-string result as
    // <v></v>, which exceljs reports as undefined.
    const result: unknown = cell.result;
    return result === undefined ? "" : toCellValue(result);
  }
  return toCellValue(cell.value);
}

async function readValues(xlsxPath: string): Promise<Record<string, CellValue[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsxPath);
  const result: Record<string, CellValue[][]> = {};
  wb.eachSheet((ws) => {
    const cells: { r: number; c: number; v: CellValue }[] = [];
    let maxRow = 0;
    let maxCol = 0;
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const v = cellToValue(cell);
        if (v === null) return;
        cells.push({ r, c, v });
        maxRow = Math.max(maxRow, r);
        maxCol = Math.max(maxCol, c);
      });
    });
    const grid: CellValue[][] = Array.from({ length: maxRow }, () =>
      Array.from({ length: maxCol }, (): CellValue => null),
    );
    for (const { r, c, v } of cells) grid[r - 1][c - 1] = v;
    result[ws.name] = grid;
  });
  return result;
}

// ---------------------------------------------------------------------------
// Public API

/**
 * Recalculates an .xlsx file with LibreOffice (formulas recomputed on load) and
 * returns, per sheet name, a 2-D array of the computed cell values
 * (number | string | boolean | null; errors as strings like "#N/A").
 */
export async function recalculate(xlsxPath: string): Promise<Record<string, CellValue[][]>> {
  const binary = findSoffice();
  if (binary === null) {
    throw new Error("LibreOffice (soffice) not found on PATH; install libreoffice-calc or set LIBREOFFICE_BIN");
  }
  if (!isFile(xlsxPath)) throw new Error(`recalculate: no such file: ${xlsxPath}`);
  const timeoutMs = Number(process.env.LIBREOFFICE_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS;

  return serialised(async () => {
    const profile = await ensureProfile();
    const outDir = await mkdtemp(join(tmpdir(), "lo-out-"));
    try {
      const args = [
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        outDir,
        xlsxPath,
      ];
      const started = Date.now();
      const res = await runSoffice(binary, args, timeoutMs);
      const expected = join(outDir, `${basename(xlsxPath, extname(xlsxPath))}.xlsx`);
      const describe = () =>
        `(exit code ${String(res.code)}, signal ${String(res.signal)}, ${Date.now() - started} ms)\n` +
        `command: ${binary} ${args.join(" ")}\noutput:\n${res.output.trim()}`;
      if (res.timedOut) throw new Error(`LibreOffice timed out after ${timeoutMs} ms ${describe()}`);
      if (!existsSync(expected)) {
        const produced = await readdir(outDir);
        throw new Error(
          `LibreOffice produced no ${basename(expected)} (out dir has: ${produced.join(", ") || "nothing"}) ${describe()}`,
        );
      }
      if (res.code !== 0) throw new Error(`LibreOffice failed ${describe()}`);
      return await readValues(expected);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
}

/**
 * Builds a workbook with exceljs from sheets of values/formulas (row-major,
 * starting at A1; null = blank cell), recalculates it with LibreOffice and
 * returns the computed values. A cell given as {formula: "..."} is written as
 * a formula (no leading "=").
 */
export async function evaluateWithLibreOffice(
  sheets: Record<string, CellInput[][]>,
): Promise<Record<string, CellValue[][]>> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    rows.forEach((row, r) => {
      row.forEach((value, c) => {
        if (value === null) return;
        const cell = ws.getCell(r + 1, c + 1);
        if (typeof value === "object") {
          const formula = value.formula.startsWith("=") ? value.formula.slice(1) : value.formula;
          cell.value = { formula };
        } else {
          cell.value = value;
        }
      });
    });
  }
  const dir = mkdtempSync(join(tmpdir(), "lo-in-"));
  try {
    const input = join(dir, "workbook.xlsx");
    await wb.xlsx.writeFile(input);
    return await recalculate(input);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
