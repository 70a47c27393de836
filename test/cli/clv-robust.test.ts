/**
 * kpi-scorecard clv under hostile logs and files (issue 20, round two): no silent wrong number
 * from a path, a date, a line ending or an id, in either engine. Each case runs the built
 * command on the JavaScript engine and, where DuckDB loads, on the DuckDB engine, and expects
 * the same customers from both.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { duckDbLoads } from "../../src/cli/duckdb";
import { ROOT, runCli, runDuckSql, tempDir, type RunResult } from "./helpers";

const CDNOW = join(ROOT, "..", "shared", "data", "cdnow", "CDNOW_sample.txt");

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir("kpi-clv-robust-");
});
afterAll(() => tmp.cleanup());

const out = (name: string) => join(tmp.dir, name);
const withDuckDb: jest.It = duckDbLoads() ? it : it.skip;
const ENGINES = duckDbLoads() ? (["js", "duckdb"] as const) : (["js"] as const);

const runSql = runDuckSql;

/**
 * A log of `customers` customers buying every 9 to 40 days through 2024, amounts with cents:
 * enough repeat buyers for both models to fit.
 */
function logLines(customers = 60, id = (k: number) => `C${String(k).padStart(3, "0")}`, day = (d: Date) => d.toISOString().slice(0, 10)): string[] {
  const lines: string[] = [];
  for (let k = 0; k < customers; k++) {
    let t = Date.UTC(2024, 0, 1 + (k % 50));
    for (let j = 0; j < 1 + (k % 5); j++) {
      lines.push(`${id(k)},${day(new Date(t))},${(5 + ((k * 7 + j * 3) % 40) + 0.25).toFixed(2)}`);
      t += (9 + ((k + j) % 32)) * 86_400_000;
    }
  }
  return lines;
}

const write = (name: string, text: string | Buffer) => {
  writeFileSync(out(name), text);
  return out(name);
};

/** The per-customer summary a run wrote with --customers: id -> "x t_x T zbar" (what must not move), in id order. */
function summaryOf(table: string): string[] {
  const rows = parse(readFileSync(table, "utf8"), { columns: true }) as Record<string, string>[];
  return rows.map((c) => `${c.customer} ${c.x} ${Number(c.t_x).toFixed(9)} ${Number(c.T).toFixed(9)} ${Number(c.zbar).toFixed(9)}`).sort();
}

/** Runs clv on a log with the per-customer table beside it; gives the run and that table's summary. */
async function clv(path: string, engine: string, name: string, extra: string[] = []): Promise<{ r: RunResult; summary: string[] }> {
  const table = out(`${name}.customers.csv`);
  const r = await runCli(["clv", path, "--engine", engine, "--customers", table, "--force", "-o", out(`${name}.xlsx`), "-q", ...extra]);
  return { r, summary: r.code === 0 ? summaryOf(table) : [] };
}

/** The CLV sheet's notes (column A, wrapped a line a cell), read back as one text. */
async function sheetNotes(file: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const lines: string[] = [];
  wb.getWorksheet("Customer lifetime value")!.eachRow((row) => {
    const v = row.getCell(1).value;
    if (typeof v === "string" && v !== "") lines.push(v);
  });
  return lines.join(" ");
}

function expectOneLineRefusal(r: RunResult, message: RegExp): void {
  expect({ code: r.code, stderr: r.stderr.trim() }).toEqual({ code: 2, stderr: expect.stringMatching(message) });
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
}

describe("a log's path is the one file it names (DuckDB never globs it)", () => {
  withDuckDb("reads log[1].csv, not log1.csv beside it", async () => {
    const dir = join(tmp.dir, "glob");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "log1.csv"), ["id,date,amount", ...logLines(20)].join("\n"));
    writeFileSync(join(dir, "log[1].csv"), ["id,date,amount", ...logLines(60)].join("\n"));
    const r = await runCli(["clv", join(dir, "log[1].csv"), "--engine", "duckdb", "-o", join(dir, "a.xlsx"), "-q"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^Customers: 60 /);
  });

  withDuckDb("reads star*.csv alone, not every file its name would match", async () => {
    const dir = join(tmp.dir, "star");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "star*.csv"), ["id,date,amount", ...logLines(30)].join("\n"));
    writeFileSync(join(dir, "starX.csv"), ["id,date,amount", ...logLines(30, (k) => `X${k}`)].join("\n"));
    const r = await runCli(["clv", join(dir, "star*.csv"), "--engine", "duckdb", "-o", join(dir, "s.xlsx"), "-q"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^Customers: 30 /);
  });

  withDuckDb("reads a Parquet log whose name holds quotes, brackets and SQL ('q' [1] ?;--).parquet, not the file its name would match", async () => {
    const name = out(`it's "q" [1] ?;--.parquet`);
    const csv = write("for-parquet.csv", ["id,date,amount", ...logLines(40)].join("\n"));
    const other = write("for-other.csv", ["id,date,amount", ...logLines(20)].join("\n"));
    await runSql(`COPY (SELECT * FROM read_csv('${csv}', all_varchar = true)) TO '${name.replace(/'/g, "''")}' (FORMAT parquet)`);
    // What [1] and ? would match as a pattern.
    await runSql(`COPY (SELECT * FROM read_csv('${other}', all_varchar = true)) TO '${out(`it's "q" 1 x;--.parquet`).replace(/'/g, "''")}' (FORMAT parquet)`);
    const r = await runCli(["clv", name, "-o", out("q.xlsx"), "-q"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^Customers: 40 /);
  });

  it.each(ENGINES)("refuses a folder as a folder, in one line (%s engine)", async (engine) => {
    const dir = join(tmp.dir, "a-folder.csv");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "inside.csv"), ["id,date,amount", ...logLines(10)].join("\n"));
    const r = await runCli(["clv", dir, "--engine", engine, "-o", out("folder.xlsx")]);
    expectOneLineRefusal(r, /a-folder\.csv is a folder, not a file/);
  });

  withDuckDb("prints --sql whose read_csv reads log[1].csv itself when DuckDB runs it", async () => {
    const dir = join(tmp.dir, "glob-sql");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "log1.csv"), ["id,date,amount", ...logLines(20)].join("\n"));
    writeFileSync(join(dir, "log[1].csv"), ["id,date,amount", ...logLines(60)].join("\n"));
    const r = await runCli(["clv", join(dir, "log[1].csv"), "--sql", "--end", "2024-12-31"]);
    expect(r.code).toBe(0);
    expect(await runSql(r.stdout.replace(/;\s*$/, ""))).toHaveLength(60);
  });
});

describe("one date window for both engines", () => {
  it.each(ENGINES)("leaves out a purchase dated 2204-03-01 or 9999-12-31, counts it, and keeps the fit (%s engine)", async (engine) => {
    const lines = logLines();
    const clean = write(`clean-${engine}.csv`, ["id,date,amount", ...lines].join("\n"));
    const future = write(`future-${engine}.csv`, ["id,date,amount", ...lines.slice(0, 30), "C001,2204-03-01,12.50", ...lines.slice(30), "C002,9999-12-31,3.00"].join("\n"));
    const [{ summary: a }, { r: b, summary }] = await Promise.all([clv(clean, engine, `clean-${engine}`), clv(future, engine, `future-${engine}`)]);
    expect(b.stderr).toBe("");
    expect(summary).toEqual(a);
    expect(a).toHaveLength(60);
    expect(b.stdout).toMatch(/2 rows left out with a date after today \(\d{4}-\d{2}-\d{2}\): a purchase cannot be in the future \(first: row 32, "2204-03-01"\)/);
    // The workbook says it too, among its warnings, for a reviewer who has only the file.
    expect(await sheetNotes(out(`future-${engine}.xlsx`))).toMatch(/Reading the log: 2 rows left out with a date after today \(\d{4}-\d{2}-\d{2}\): a purchase cannot be in the future \(first: row 32, "2204-03-01"\)\./);
    expect(await sheetNotes(out(`clean-${engine}.xlsx`))).not.toMatch(/Reading the log/);
    // The end of calibration is always said, and it is the last real purchase.
    expect(b.stdout).toMatch(/^Purchases: 2024-01-01 to 2024-\d\d-\d\d; calibration ends 2024-\d\d-\d\d \(/m);
  });

  it("has the scorecard flag answers dated after today, with the date column's span", async () => {
    const rows = Array.from({ length: 60 }, (_, k) => `2024-0${1 + (k % 6)}-1${k % 9},${k % 11}`);
    const path = write("survey-future.csv", ["Response date,How likely are you to recommend us? (0-10)", ...rows.slice(0, 20), "2204-03-01,9", ...rows.slice(20)].join("\n"));
    const r = await runCli([path, "-o", out("survey-future.xlsx"), "-q"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/1 date of "Response date" is after today \(\d{4}-\d\d-\d\d\), first in row 22 \(2204-03-01\); the column runs from 2024-01-10 to 2204-03-01: check the export/);
  });

  it("refuses --end or --holdout after today", async () => {
    const path = write("window.csv", ["id,date,amount", ...logLines()].join("\n"));
    expectOneLineRefusal(await runCli(["clv", path, "--end", "2204-03-01"]), /--end 2204-03-01 is after today \(\d{4}-\d\d-\d\d\): the calibration cannot end in the future/);
    expectOneLineRefusal(await runCli(["clv", path, "--end", "2024-06-30", "--holdout", "9999-12-31"]), /--holdout 9999-12-31 is after today/);
  });

  it("says the holdout runs past the end of the data", async () => {
    const path = write("short-holdout.csv", ["id,date,amount", ...logLines()].join("\n"));
    const r = await runCli(["clv", path, "--end", "2024-04-30", "--holdout", "2025-06-30", "-o", out("short-holdout.xlsx"), "-q"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/the holdout runs to 2025-06-30, \d+ days past the last purchase in the log \(2024-\d\d-\d\d\): purchases not in the log count as none/);
  });

  it.each(ENGINES)("counts dates before 1900-03-01 alike and reads Excel serials written as text alike (%s engine)", async (engine) => {
    const lines = logLines();
    // 45310 is 2024-01-19 as an Excel serial.
    const path = write(`old-${engine}.csv`, ["id,date,amount", ...lines, "C001,1899-12-31,4.50", "C002,1900-02-28,4.50", "C003,45310,6.75"].join("\n"));
    const serial = write(`serial-${engine}.csv`, ["id,date,amount", ...lines, "C003,2024-01-19,6.75"].join("\n"));
    const [{ r: a, summary }, { summary: b }] = await Promise.all([clv(path, engine, `old-${engine}`), clv(serial, engine, `serial-${engine}`)]);
    expect(a.stderr).toBe("");
    expect(a.stdout).toMatch(/2 rows left out with a date before 1900-03-01 \(Excel's calendar starts there\) \(first: row \d+, "1899-12-31"\)/);
    expect(summary).toEqual(b);
  });

  it.each(ENGINES)("reads a day-first log day-first throughout, from the whole column, and says so (%s engine)", async (engine) => {
    const ddmm = (d: Date) => `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}`;
    const iso = write(`iso-${engine}.csv`, ["id,date,amount", ...logLines(60)].join("\n"));
    // Sorted by date: the first rows all have a day of 12 or less, which reads either way.
    const rows = logLines(60, undefined, ddmm).sort((x, y) => x.split(",")[1].split("/").reverse().join("").localeCompare(y.split(",")[1].split("/").reverse().join("")));
    const dmy = write(`dmy-${engine}.csv`, ["id,date,amount", ...rows].join("\n"));
    const [{ summary: a }, { r: b, summary }] = await Promise.all([clv(iso, engine, `iso-${engine}`), clv(dmy, engine, `dmy-${engine}`)]);
    expect(b.stderr).toBe("");
    expect(summary).toEqual(a);
    expect(b.stdout).toMatch(/dates of "date" read day-first \(DD\/MM\/YYYY\), as row \d+ \("13\/01\/2024"\) shows/);
    expect(b.stdout).not.toMatch(/left out/);
  });

  it.each(ENGINES)("refuses slashed dates that read day-first in one row and month-first in another, naming --date-format (%s engine)", async (engine) => {
    const path = write(`both-${engine}.csv`, ["id,date,amount", "A,13/01/2024,5.50", "A,01/14/2024,6.50", ...logLines()].join("\n"));
    const r = await runCli(["clv", path, "--engine", engine, "-o", out(`both-${engine}.xlsx`)]);
    expectOneLineRefusal(r, /the dates of column "date" read day-first in row 2 \("13\/01\/2024"\) and month-first in row 3 \("01\/14\/2024"\): give --date-format DD\/MM\/YYYY or MM\/DD\/YYYY/);
  });
});

describe("line endings as they come", () => {
  const crlfThenLf = (lines: string[]) => `${["id,date,amount", ...lines.slice(0, 40)].join("\r\n")}\r\n${lines.slice(40).join("\n")}\n`;

  it.each(ENGINES)("reads every purchase of a CRLF log with LF rows appended, and of one with CR rows (%s engine)", async (engine) => {
    const lines = logLines();
    const lf = write(`lf-${engine}.csv`, ["id,date,amount", ...lines].join("\n"));
    const mixed = write(`mixed-${engine}.csv`, crlfThenLf(lines));
    const reverse = write(`reverse-${engine}.csv`, `${["id,date,amount", ...lines.slice(0, 40)].join("\n")}\n${lines.slice(40).join("\r\n")}\r\n`);
    const cr = write(`cr-${engine}.csv`, `${["id,date,amount", ...lines.slice(0, 20)].join("\n")}\r${lines.slice(20, 50).join("\r")}\r\n${lines.slice(50).join("\r")}`);
    // CRLF, then LF, then CR alone: DuckDB left to detect the line end took one character after each CR.
    const three = write(`three-${engine}.csv`, ["id,date,amount", ...lines].map((l, k) => `${l}${["\r\n", "\n", "\r"][Math.floor(k / 25) % 3]}`).join(""));
    const runs = await Promise.all([lf, mixed, reverse, cr, three].map((p, k) => clv(p, engine, `le-${engine}-${k}`)));
    expect(runs[0].summary).toHaveLength(60);
    for (const { r, summary } of runs) {
      expect(r.stderr).toBe("");
      expect(r.stdout).not.toMatch(/left out/);
      expect(summary).toEqual(runs[0].summary);
    }
  });

  it("has the scorecard read all 400 answers of a CRLF file with LF rows appended", async () => {
    const answers = Array.from({ length: 400 }, (_, k) => String(k % 11));
    const path = write("nps-mixed.csv", `How likely are you to recommend us? (0-10)\r\n${answers.slice(0, 300).join("\r\n")}\r\n${answers.slice(300).join("\n")}\n`);
    const r = await runCli([path, "-o", out("nps-mixed.xlsx"), "-q"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/\(400 rows, columns A-A\)/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out("nps-mixed.xlsx"));
    expect(wb.getWorksheet("Data")?.rowCount).toBe(401);
  });
});

describe("ids are the text they were", () => {
  it.each(ENGINES)('keeps "1e3", "1000.0", "+1000" and "1000" four customers, and writes "12E4" as 12E4 (%s engine)', async (engine) => {
    const ids = ["1e3", "1000.0", "+1000", "1000", "12E4"];
    const lines = logLines(60, (k) => (k < ids.length ? ids[k] : `${2000 + k}`));
    const path = write(`ids-${engine}.csv`, ["id,date,amount", ...lines].join("\n"));
    const table = out(`ids-${engine}.customers.csv`);
    const r = await runCli(["clv", path, "--engine", engine, "--customers", table, "-o", out(`ids-${engine}.xlsx`), "-q"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^Customers: 60 /);
    const written = (parse(readFileSync(table, "utf8"), { columns: true }) as { customer: string }[]).map((row) => row.customer);
    expect(written).toEqual(expect.arrayContaining(["1e3", "1000.0", "'+1000", "1000", "12E4"]));
  });
});

describe("rows read the same in both engines", () => {
  it.each(ENGINES)("keeps the first purchase of a CSV without a header row (%s engine)", async (engine) => {
    const lines = logLines();
    const withHeader = write(`header-${engine}.csv`, ["id,date,amount", ...lines].join("\n"));
    const headerless = write(`headerless-${engine}.csv`, lines.join("\n"));
    const [{ summary: a }, { r: b, summary }] = await Promise.all([clv(withHeader, engine, `header-${engine}`), clv(headerless, engine, `headerless-${engine}`)]);
    expect(b.stderr).toBe("");
    expect(summary).toEqual(a);
    const read = async (f: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out(f));
      const ws = wb.getWorksheet("Customer lifetime value")!;
      let v: unknown;
      ws.eachRow((row) => {
        if (row.getCell(1).value === "Transactions read") v = row.getCell(2).value;
      });
      return v;
    };
    expect(await read(`headerless-${engine}.xlsx`)).toBe(lines.length);
  });

  it.each(ENGINES)("says how many rows repeat another row exactly (%s engine)", async (engine) => {
    const lines = logLines();
    const path = write(`dupes-${engine}.csv`, ["id,date,amount", ...lines, lines[3], lines[3], lines[10]].join("\n"));
    const r = await runCli(["clv", path, "--engine", engine, "-o", out(`dupes-${engine}.xlsx`), "-q"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(`3 rows repeat an earlier row exactly (first: row ${lines.length + 2}, "${lines[3].split(",").join(" ")}"): counted as purchases; if the export doubled rows, remove the copies`);
    expect(await sheetNotes(out(`dupes-${engine}.xlsx`))).toContain(`Reading the log: 3 rows repeat an earlier row exactly (first: row ${lines.length + 2}, "${lines[3].split(",").join(" ")}"): counted as purchases; if the export doubled rows, remove the copies.`);
  });

  it("refuses a negative discount rate", async () => {
    const path = write("discount.csv", ["id,date,amount", ...logLines()].join("\n"));
    expectOneLineRefusal(await runCli(["clv", path, "--discount=-50%"]), /--discount -50% is negative: a discount rate is 0 or more/);
    expectOneLineRefusal(await runCli(["clv", path, "--discount=-5%/year"]), /--discount -5%\/year is negative/);
  });
});

describe("an .xlsx log", () => {
  it("reads a log whose dates are real date cells, and names an error cell in the amount column by its code", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Orders");
    ws.addRow(["Customer", "Ordered on", "Paid"]);
    for (const line of logLines()) {
      const [id, day, amount] = line.split(",");
      ws.addRow([id, new Date(`${day}T00:00:00Z`), Number(amount)]).getCell(2).numFmt = "yyyy-mm-dd";
    }
    ws.addRow(["C001", new Date("2024-02-02T00:00:00Z"), { error: "#N/A" }]).getCell(2).numFmt = "yyyy-mm-dd";
    await wb.xlsx.writeFile(out("dates.xlsx"));
    const csv = write("dates-as-csv.csv", ["id,date,amount", ...logLines()].join("\n"));
    const [{ r: a, summary }, { summary: b }] = await Promise.all([clv(out("dates.xlsx"), "js", "dates-out"), clv(csv, "js", "dates-csv")]);
    expect(a.stderr).toBe("");
    expect(a.stdout).toMatch(/id "Customer", date "Ordered on", amount "Paid"/);
    expect(summary).toEqual(b);
    expect(a.stdout).toContain(`1 row left out with an amount that is not a number (first: row ${logLines().length + 2}, "#N/A")`);
  });
});

describe("the customers CSV opens safely in a spreadsheet", () => {
  it("writes ids that a spreadsheet would run as formulas with a leading ', readable, and RFC 4180 quoted", async () => {
    const hostile = ["=cmd|' /C calc'!A0", "@SUM(1+1)", '=HYPERLINK("http://x.example","click")', "\t=1+1", "-2+3", "+1"];
    const lines = logLines(60, (k) => (k < hostile.length ? `"${hostile[k].replace(/"/g, '""')}"` : `C${k}`));
    const path = write("hostile.csv", ["id,date,amount", ...lines].join("\n"));
    const table = out("hostile.customers.csv");
    const r = await runCli(["clv", path, "--customers", table, "-o", out("hostile.xlsx"), "-q"]);
    expect(r.stderr).toBe("");
    const cells = (parse(readFileSync(table, "utf8"), { columns: true }) as { customer: string }[]).map((row) => row.customer);
    // The tab of "\t=1+1" is trimmed with the id's spaces; the ' keeps it text.
    expect(cells).toEqual(expect.arrayContaining(["'=cmd|' /C calc'!A0", "'@SUM(1+1)", `'=HYPERLINK("http://x.example","click")`, "'=1+1", "'-2+3", "'+1"]));
    for (const c of cells) expect(c).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe("the workbook and its customers table are published together", () => {
  it("keeps the previous workbook when the customers table cannot be written, under --force", async () => {
    const dir = join(tmp.dir, "together");
    mkdirSync(dir, { recursive: true });
    const path = write("together.csv", ["id,date,amount", ...logLines()].join("\n"));
    const workbook = join(dir, "clv.xlsx");
    writeFileSync(workbook, "the previous good workbook");
    // A name the file system takes, but with no room for the temporary name beside it.
    const table = join(dir, `${"t".repeat(240)}.csv`);
    const r = await runCli(["clv", path, "--force", "--customers", table, "-o", workbook, "-q"]);
    expectOneLineRefusal(r, /cannot write .*t{240}\.csv: its name is too long/);
    expect(readFileSync(workbook, "utf8")).toBe("the previous good workbook");
    expect(readdirSync(dir)).toEqual(["clv.xlsx"]);
  });

  it("removes a killed run's temporary file from the --customers folder on the next run", async () => {
    const dir = join(tmp.dir, "customers-folder");
    mkdirSync(dir, { recursive: true });
    // A process id that has ended: the stale file is ours by name and its process is gone.
    const stale = join(dir, `.all.csv.${2 ** 22 + 12345}.0123abcd.tmp`);
    writeFileSync(stale, "half a table");
    const path = write("stale.csv", ["id,date,amount", ...logLines()].join("\n"));
    const r = await runCli(["clv", path, "--customers", join(dir, "all.csv"), "-o", out("stale.xlsx"), "-q"]);
    expect(r.stderr).toBe("");
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(join(dir, "all.csv"))).toBe(true);
  });
});

describe("DuckDB's messages name the cause", () => {
  withDuckDb("names a line that is not UTF-8 far past the first rows, in one line, exit 2", async () => {
    const lines = logLines(2000).concat(logLines(2000, (k) => `D${k}`), logLines(2000, (k) => `E${k}`), logLines(2000, (k) => `F${k}`));
    const head = Buffer.from(["id,date,amount", ...lines].join("\n") + "\n");
    const path = write("bad-utf8.csv", Buffer.concat([head, Buffer.from([0x43, 0x39, 0x2c, 0xff, 0xfe, 0x2c, 0x31, 0x0a])]));
    const r = await runCli(["clv", path, "--engine", "duckdb", "-o", out("bad-utf8.xlsx")]);
    expectOneLineRefusal(r, new RegExp(`bad-utf8\\.csv line ${(lines.length + 2).toLocaleString("en-US")} is not UTF-8 text`));
  });

  it.each(ENGINES)("says a file is empty, or has a header row and no purchases (%s engine)", async (engine) => {
    expectOneLineRefusal(await runCli(["clv", write(`empty-${engine}.csv`, ""), "--engine", engine, "-o", out("e.xlsx")]), /empty-\w+\.csv is empty/);
    expectOneLineRefusal(await runCli(["clv", write(`header-only-${engine}.csv`, "id,date,amount\n"), "--engine", engine, "-o", out("h.xlsx")]), /header-only-\w+\.csv has a header row but no (purchase|data) rows/);
  });

  withDuckDb("says a Parquet table could not be written, in one line, and writes neither file", async () => {
    const dir = join(tmp.dir, "parquet-fails");
    mkdirSync(dir, { recursive: true });
    const path = write("pq.csv", ["id,date,amount", ...logLines()].join("\n"));
    const r = await runCli(["clv", path, "--customers", join(dir, `${"p".repeat(240)}.parquet`), "-o", join(dir, "pq.xlsx")]);
    expectOneLineRefusal(r, /cannot write (the customers table as Parquet|.*p{240}\.parquet)/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("--sql from the log's own columns and date form", () => {
  // The query gives the calibration summary the fits read; the workbook's table shows it when the forecast starts at the end of calibration.
  withDuckDb("gives the workbook's x, t_x and T for every CDNOW customer when DuckDB runs it on CDNOW's own file", async () => {
    const [sql, book] = await Promise.all([
      runCli(["clv", CDNOW, "--sql", "--end", "1997-09-30"]),
      runCli(["clv", CDNOW, "--end", "1997-09-30", "--forecast-from", "calibration", "--customers", out("cdnow-all.csv"), "-o", out("cdnow.xlsx"), "-q"]),
    ]);
    expect(sql.stdout).toMatch(/the figures the fits read/);
    expect(sql.stderr).toBe("");
    expect(book.stderr).toBe("");
    expect(sql.stdout).toMatch(/date "column 3" written YYYYMMDD/);
    const rows = await runSql(sql.stdout.replace(/;\s*$/, ""));
    const table = parse(readFileSync(out("cdnow-all.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(table.length);
    const byId = new Map(rows.map((r) => [String(r.customer_id), r]));
    let off = 0;
    for (const c of table) {
      const q = byId.get(c.customer);
      if (!q || Number(q.x) !== Number(c.x) || Math.abs(Number(q.t_x) - Number(c.t_x)) > 1e-9 || Math.abs(Number(q.T_age) - Number(c.T)) > 1e-9) off++;
    }
    expect(table.length).toBe(2357);
    expect(off).toBe(0);
  });

  it("reads the log's own column names and day-first dates, and refuses to guess an order the first rows do not show", async () => {
    const ddmm = (d: Date) => `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}`;
    const path = write("named.csv", ["Kunde;Datum;Betrag", ...logLines(60, undefined, ddmm).map((l) => l.replace(/,/g, ";").replace(/\.(\d\d)$/, ",$1"))].join("\n"));
    const r = await runCli(["clv", path, "--sql", "--end", "2024-12-31", "--id", "Kunde", "--date", "Datum", "--amount", "Betrag"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/"Kunde"/);
    expect(r.stdout).toMatch(/TRY_STRPTIME\(.*'%d\/%m\/%Y'\)/);
    if (duckDbLoads()) {
      const rows = await runSql(r.stdout.replace(/;\s*$/, ""));
      expect(rows).toHaveLength(60);
      // Amounts written 12,25 (decimal commas, the file separated by ;) are read as numbers.
      expect(rows.filter((row) => Number(row.zbar) > 0).length).toBeGreaterThan(30);
    }
    const early = write("early.csv", ["id,date,amount", "A,01/02/2024,5.50", "A,03/04/2024,6.50"].join("\n"));
    expectOneLineRefusal(await runCli(["clv", early, "--sql"]), /do not show whether the dates of column "date" are day-first or month-first .*--date-format/);
  });

  it("quotes names for BigQuery and Spark so that no name can end its token, and casts to FLOAT64 in BigQuery", async () => {
    const big = await runCli(["clv", "--sql", "--dialect", "bigquery", "--table", "proj-1.sales.orders", "--id", "cust\\", "--date", "day`x", "--amount", "amt"]);
    expect(big.code).toBe(0);
    expect(big.stdout).toContain("FROM `proj-1`.`sales`.`orders`");
    expect(big.stdout).toContain("`cust\\\\`");
    expect(big.stdout).toContain("`day\\`x`");
    expect(big.stdout).toContain("AS FLOAT64)");
    expect(big.stdout).not.toMatch(/AS DOUBLE/);
    const spark = await runCli(["clv", "--sql", "--dialect", "spark", "--table", "db.orders", "--id", "id", "--date", "day`x", "--amount", "amt"]);
    expect(spark.stdout).toContain("`day``x`");
    expect(spark.stdout).toContain("FROM `db`.`orders`");
  });

  it("refuses --sql --table without the column names, rather than assume customer_id", async () => {
    expectOneLineRefusal(await runCli(["clv", "--sql", "--table", "orders", "--end", "2024-12-31"]), /--sql --table needs --id, --date and --amount/);
  });
});
