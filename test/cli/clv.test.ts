/**
 * `kpi-scorecard clv` through the built command (issue 8): the CDNOW log as the published
 * fits, from CDNOW's own text layout, a CSV and Parquet (JavaScript and DuckDB agree); the
 * flags; rows that do not read counted and shown; bad input refused in one line with nothing
 * left behind; --sql as a query DuckDB runs to the same summary; more customers than the sheet
 * keeps written beside the workbook; and a clear message when DuckDB cannot be loaded.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import ExcelJS from "exceljs";
import { duckDbLoads } from "../../src/cli/duckdb";
import { ROOT, runCli, runDuckSql, tempDir } from "./helpers";
import { planClvSheet } from "../../src/clv/sheet";
import { isKpiError } from "../../src/kpi/errors";
import { findLibreOffice } from "../../src/cli/pdf";
import { mulberry32 } from "../../scripts/random.cjs";
import { cdnowSheetInput, cdnowSummary, describeWithData, haveData } from "../clv/cdnow";

const LOG = join(ROOT, "..", "shared", "data", "cdnow", "CDNOW_sample.txt");
const CALIBRATION = ["--end", "1997-09-30", "--holdout", "1998-06-30", "--margin", "30%"];

let tmp: { dir: string; cleanup: () => void };
let csv: string;
let parquet: string;
beforeAll(async () => {
  tmp = tempDir("kpi-clv-");
  // The CDNOW log as a retailer's CSV export, and as Parquet.
  const lines = readFileSync(LOG, "utf8").trim().split(/\r?\n/).map((l) => l.trim().split(/\s+/));
  csv = join(tmp.dir, "cdnow.csv");
  writeFileSync(csv, ["customer_id,order_date,amount", ...lines.map(([, id, d, , amount]) => `${id},${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)},${amount}`)].join("\n") + "\n");
  parquet = join(tmp.dir, "cdnow.parquet");
  if (!duckDbLoads()) return;
  await runSql(`COPY (SELECT * FROM read_csv('${csv}')) TO '${parquet}' (FORMAT parquet)`);
});
afterAll(() => tmp.cleanup());

const out = (name: string) => join(tmp.dir, name);

const runSql = runDuckSql;

/** Tests that need DuckDB (an optional peer): skipped, with a warning, where it does not load. */
const withDuckDb: jest.It = duckDbLoads() ? it : it.skip;
if (!duckDbLoads()) console.warn("@duckdb/node-api does not load here: the DuckDB tests of kpi-scorecard clv are skipped");

async function sheetOf(path: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb.getWorksheet("Customer lifetime value")!;
}

/** The value cells of the parameter block: label in A, value in B. */
function labelled(ws: ExcelJS.Worksheet): Map<string, unknown> {
  const m = new Map<string, unknown>();
  ws.eachRow((row) => {
    const label = row.getCell(1).value;
    const v = row.getCell(2).value;
    if (typeof label === "string" && !m.has(label)) m.set(label, v && typeof v === "object" && "result" in v ? v.result : v);
  });
  return m;
}

function expectOneLineRefusal(r: { code: number | null; stderr: string; stdout: string }, message: RegExp): void {
  expect({ code: r.code, stderr: r.stderr.trim() }).toEqual({ code: 2, stderr: expect.stringMatching(message) });
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stdout).toBe("");
}

describeWithData("kpi-scorecard clv on the CDNOW log", () => {
  it("reads CDNOW's own space-separated file and fits the published BG/NBD and Gamma-Gamma parameters", async () => {
    const r = await runCli(["clv", LOG, ...CALIBRATION, "-o", out("text.xlsx"), "-q"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Customers: 2,357/);
    expect(r.stdout).toMatch(/r 0\.243, alpha 4\.414, a 0\.793, b 2\.426; log-likelihood -9,582\.4; converged\n/);
    // The holdout headline, and the forecast dated from the end of the data.
    expect(r.stdout).toMatch(/Holdout check: 1,882 repeat purchases seen, 1,653\.4 expected \(-12\.1%\); mean absolute error 0\.785 per customer; customers ranked with Spearman's rho 0\.449\n/);
    expect(r.stdout).toMatch(/Forecast: {4}52 weeks from 1998-06-30 \(the end of the data\) to 1999-06-29/);
    expect(r.stdout).toMatch(/p 6\.250, q 3\.744, gamma 15\.444; log-likelihood -4,055\.9/);
    const cells = labelled(await sheetOf(out("text.xlsx")));
    expect(cells.get("r")).toBeCloseTo(0.243, 3);
    expect(cells.get("alpha")).toBeCloseTo(4.414, 3);
    expect(cells.get("Log-likelihood")).toBeCloseTo(-9582.4, 1);
    expect(cells.get("Margin")).toBe(0.3);
    expect(cells.get("Transactions read")).toBe(6919);
    expect(cells.get("Rows skipped (unreadable, negative or out of date range)")).toBe(0);
  });

  withDuckDb("gives the same fit from a CSV read in JavaScript and through DuckDB, and from Parquet", async () => {
    const runs = await Promise.all([
      runCli(["clv", csv, ...CALIBRATION, "--engine", "js", "-o", out("js.xlsx"), "-q"]),
      runCli(["clv", csv, ...CALIBRATION, "--engine", "duckdb", "-o", out("duck.xlsx"), "-q"]),
      runCli(["clv", parquet, ...CALIBRATION, "-o", out("parquet.xlsx"), "-q"]),
    ]);
    for (const r of runs) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(runs[1].stdout).toMatch(/read by DuckDB/);
    expect(runs[2].stdout).toMatch(/read by DuckDB/);
    const fits = runs.map((r) => r.stdout.split("\n").filter((l) => /^(BG\/NBD|Gamma-Gamma|Forecast|CLV|Holdout)/.test(l)));
    expect(fits[0]).toHaveLength(5);
    expect(fits[1]).toEqual(fits[0]);
    expect(fits[2]).toEqual(fits[0]);
    const sheets = await Promise.all(["js.xlsx", "duck.xlsx"].map((f) => sheetOf(out(f))));
    // The same customers in the same order, with the same numbers (DuckDB adds a customer's amounts
    // in another order, which moves the Gamma-Gamma fit by about 1e-9).
    const value = (v: unknown): unknown => (v && typeof v === "object" && "result" in v ? v.result : v);
    const top = sheets.map((ws) => [2, 3, 4, 500, 2358].map((r) => (ws.getRow(r).values as unknown[]).slice(4, 15).map(value)));
    top[0].forEach((row, i) =>
      row.forEach((v, k) => {
        const other = top[1][i][k];
        if (typeof v === "number") expect(Math.abs((other as number) - v)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(v)));
        else expect(other).toEqual(v);
      }),
    );
  });

  it("takes the holdout as a number of periods before the last purchase, and the settings from their flags", async () => {
    const r = await runCli(["clv", csv, "--holdout", "39", "--period", "week", "--horizon", "104", "--discount", "10%/year", "--margin", "0.25", "-o", out("flags.xlsx"), "-q"]);
    expect(r.code).toBe(0);
    const cells = labelled(await sheetOf(out("flags.xlsx")));
    // The log ends 1998-06-30; 39 weeks (273 days) before it is 1997-09-30.
    expect(cells.get("Holdout: to (39 weeks after calibration)")).toEqual(new Date("1998-06-30T00:00:00Z"));
    expect(cells.get("Calibration: to (38.9 weeks; the models are fitted here)")).toEqual(new Date("1997-09-30T00:00:00Z"));
    expect(cells.get("Forecast: from (the end of the data)")).toEqual(new Date("1998-06-30T00:00:00Z"));
    expect(cells.get("Horizon (weeks, whole, up to 104)")).toBe(104);
    // The discount rate as given, 10 % a year, and per week as a formula of it.
    expect(cells.get("Discount rate per year, as given")).toBe(0.1);
    expect(cells.get("Discount rate per week: (1 + yearly)^(1/52.18) - 1")).toBeCloseTo(1.1 ** (7 / 365.25) - 1, 12);
    expect(cells.get("Margin")).toBe(0.25);
    expect(r.stdout).toMatch(/Forecast: {4}104 weeks from 1998-06-30/);
    expect(r.stdout).toMatch(/CLV \(margin 25\.0%, discount 10\.00% a year, 0\.1828% per week\)/);
  });

  withDuckDb("prints the summary as SQL that DuckDB runs to the published summary of all 2,357 customers", async () => {
    const r = await runCli(["clv", csv, "--sql", "--end", "1997-09-30", "--id", "customer_id", "--date", "order_date"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^-- RFM summary/);
    const rows = await runSql(r.stdout.replace(/;\s*$/, ""));
    const published = cdnowSummary();
    expect(rows).toHaveLength(published.length);
    const byId = new Map(rows.map((row) => [Number(row.customer_id), row]));
    let off = 0;
    for (const p of published) {
      const got = byId.get(p.id)!;
      if (Number(got.x) !== p.x || Math.abs(Number(got.t_x) - p.tx) > 0.006 || Math.abs(Number(got.T_age) - p.T) > 0.006 || Math.abs(Number(got.zbar) - p.zbar) > 0.006) off++;
    }
    expect(off).toBe(0);
  });

  it("prints the query for BigQuery and Spark with their date functions", async () => {
    const named = ["--id", "customer_id", "--date", "order_date", "--amount", "amount"];
    const big = await runCli(["clv", "--sql", "--table", "shop.orders", ...named, "--dialect", "bigquery", "--end", "1997-09-30", "--holdout", "1998-06-30"]);
    expect(big.code).toBe(0);
    expect(big.stdout).toMatch(/DATE_DIFF\(c\.last_day, c\.first_day, DAY\)/);
    expect(big.stdout).toMatch(/FROM `shop`\.`orders`/);
    expect(big.stdout).toMatch(/holdout_purchases/);
    const spark = await runCli(["clv", "--sql", "--table", "orders", ...named, "--dialect", "spark", "--end", "1997-09-30"]);
    expect(spark.stdout).toMatch(/DATEDIFF\(c\.last_day, c\.first_day\)/);
  });

  it("keeps the top customers on the sheet past --max-rows and writes every customer beside the workbook", async () => {
    const r = await runCli(["clv", csv, ...CALIBRATION, "--max-rows", "100", "-o", out("top.xlsx"), "-q"]);
    expect(r.code).toBe(0);
    const beside = out("top.customers.csv");
    expect(r.stdout).toContain(beside);
    const table = readFileSync(beside, "utf8").trim().split("\n");
    expect(table[0]).toBe("customer,x,t_x,T,zbar,p_alive,expected_purchases,expected_spend,clv");
    expect(table).toHaveLength(2358);
    const ws = await sheetOf(out("top.xlsx"));
    expect(ws.getCell("D101").value).not.toBeNull();
    expect(ws.getCell("D102").value).toBeNull();
    // The totals still count every customer.
    expect(ws.getCell("Q2").value).toBe(2357);
    expect(r.stdout).toMatch(/keeps the top 100 of 2,357 customers/);
  });

  withDuckDb("writes the full per-customer table as Parquet when --customers names a .parquet file", async () => {
    const table = out("all.parquet");
    const r = await runCli(["clv", parquet, ...CALIBRATION, "--customers", table, "-o", out("with-table.xlsx"), "-q"]);
    expect(r.code).toBe(0);
    const [row] = await runSql(`SELECT COUNT(*) AS n, SUM(clv) AS total, MAX(p_alive) AS top FROM read_parquet('${table}')`);
    expect(Number(row.n)).toBe(2357);
    // What the sheet's own total says: the CLV of all 2,357 customers, 52 weeks from 1998-06-30 at a margin of 30 %.
    const plan = planClvSheet(cdnowSheetInput());
    if (isKpiError(plan)) throw new Error(plan.message);
    // (DuckDB adds each customer's amounts in its own order: the last bits of the fit may differ.)
    expect(Math.abs(Number(row.total) - plan.totalClv)).toBeLessThanOrEqual(1e-9 * plan.totalClv);
    expect(Number(row.top)).toBeLessThanOrEqual(1);
  });
});

describeWithData("kpi-scorecard clv's verdict on a log whose fit runs along a ridge (issue 25)", () => {
  // 200 customers of CDNOW (seed 8 of test/clv/bgnbd.test.ts) whose BG/NBD likelihood rises for
  // ever as a and b grow together: before, the verdict and a moved with the row order and the engine.
  const shuffle = <T,>(list: readonly T[], seed: number) => {
    const random = mulberry32(seed);
    return list.map((r) => [random(), r] as const).sort((p, q) => p[0] - q[0]).map(([, r]) => r);
  };
  let logs: string[];
  beforeAll(() => {
    const chosen = new Set(shuffle(cdnowSummary(), 8).slice(0, 200).map((c) => String(c.id)));
    const lines = readFileSync(LOG, "utf8").trim().split(/\r?\n/).map((l) => l.trim().split(/\s+/)).filter((f) => chosen.has(String(Number(f[1]))));
    const rows = lines.map(([, id, d, , amount]) => `${Number(id)},${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)},${amount}`);
    logs = [1, 2, 3].map((seed) => {
      const path = out(`ridge-${seed}.csv`);
      writeFileSync(path, ["customer_id,order_date,amount", ...(seed === 1 ? rows : shuffle(rows, seed))].join("\n") + "\n");
      return path;
    });
  });

  const summaryOf = (stdout: string) => stdout.split("\n").filter((l) => /^(BG\/NBD|Gamma-Gamma|CLV)/.test(l));

  it("says 'not identified' for a and b in any row order, with the same parameters and CLV", async () => {
    const runs = await Promise.all(logs.map((log, k) => runCli(["clv", log, "--end", "1997-09-30", "--engine", "js", "-o", out(`ridge-js-${k}.xlsx`), "-q"])));
    for (const r of runs) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(summaryOf(runs[0].stdout)[0]).toMatch(/; not identified: a and b can grow or shrink together with the same likelihood$/);
    expect(runs[0].stdout).toMatch(/The BG\/NBD fit is not identified: a and b can grow or shrink together with the same likelihood: the CLV is not to be relied on\./);
    for (const r of runs.slice(1)) expect(summaryOf(r.stdout)).toEqual(summaryOf(runs[0].stdout));
  });

  withDuckDb("gives the same verdict, parameters and CLV through DuckDB", async () => {
    const [js, duck] = await Promise.all(["js", "duckdb"].map((engine) => runCli(["clv", logs[1], "--end", "1997-09-30", "--engine", engine, "-o", out(`ridge-${engine}.xlsx`), "-q"])));
    expect(duck.stdout).toMatch(/read by DuckDB/);
    expect(summaryOf(duck.stdout)).toEqual(summaryOf(js.stdout));
  });
});

describe("kpi-scorecard clv --pdf", () => {
  const withLibreOffice = findLibreOffice(process.env) && haveData ? it : it.skip;

  withLibreOffice("prints the sheet one page wide, the table's header row on every page, beside the workbook", async () => {
    const xlsx = out("printed.xlsx");
    const r = await runCli(["clv", LOG, ...CALIBRATION, "--pdf", "--paper", "a4", "-o", xlsx, "-q"], { timeoutMs: 300_000 });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    const pdf = out("printed.pdf");
    expect(r.stdout).toContain(`Wrote ${pdf}: the sheet as printed (A4)`);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))?.[1]);
    // 2,357 customers: some 30 pages of about 80 rows, not 27 pages without a header after the first.
    expect(pages).toBeGreaterThan(20);
    for (const page of [2, pages]) {
      const text = execFileSync("pdftotext", ["-f", String(page), "-l", String(page), "-layout", pdf, "-"], { encoding: "utf8" });
      expect(text).toMatch(/Customer\s+x\s+t_x\s+T/);
      // Only the print area: not the per-period table beside it.
      expect(text).not.toMatch(/In horizon/);
    }
  });
});

describe("kpi-scorecard clv on bad input", () => {
  const small = () => {
    const path = out("small.csv");
    writeFileSync(
      path,
      [
        "Customer,Order date,Revenue",
        "A,2024-01-05,10.50",
        "A,2024-02-01,12.00",
        "A,2024-03-01,9.00",
        "B,2024-01-10,20.00",
        "B,31/02/2024,20.00",
        "B,2024-03-15,22.50",
        "C,2024-01-20,5.25",
        "C,2024-02-20,abc",
        "C,2024-03-20,-5.00",
        "D,2024-02-02,7.75",
        "D,2024-04-01,8.25",
        "E,2024-03-03,4.00",
      ].join("\n"),
    );
    return path;
  };

  it("counts rows whose date or amount does not read, shows the first of each, and leaves them out", async () => {
    const r = await runCli(["clv", small(), "--end", "2024-04-30", "--date-format", "DD/MM/YYYY", "-o", out("small.xlsx"), "-q"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 row left out with a date that does not read (first: row 6, "31/02/2024")');
    expect(r.stdout).toContain('1 row left out with an amount that is not a number (first: row 9, "abc")');
    expect(r.stdout).toContain('1 row left out with a negative amount (a return: --returns keeps them) (first: row 10, "-5.00")');
    expect(r.stdout).toMatch(/id "Customer", date "Order date", amount "Revenue"/);
    const cells = labelled(await sheetOf(out("small.xlsx")));
    expect(cells.get("Rows skipped (unreadable, negative or out of date range)")).toBe(3);
    expect(cells.get("Transactions read")).toBe(9);
  });

  withDuckDb("counts the same rows through DuckDB", async () => {
    const r = await runCli(["clv", small(), "--engine", "duckdb", "--end", "2024-04-30", "--date-format", "DD/MM/YYYY", "-o", out("small-duck.xlsx"), "-q"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 row left out with a date that does not read (first: row 6, "31/02/2024")');
    expect(r.stdout).toContain('1 row left out with an amount that is not a number (first: row 9, "abc")');
    expect(r.stdout).toContain("1 row left out with a negative amount");
  });

  it.each([
    [["clv", "missing.csv"], /missing\.csv: no such file/],
    [["clv", "SMALL", "--amount", "Price"], /--amount "Price" is not a column of the log/],
    [["clv", "SMALL", "--margin", "130%"], /--margin 130% is out of range/],
    [["clv", "SMALL", "--end", "2024-13-01"], /--end "2024-13-01" is not a date/],
    [["clv", "SMALL", "--holdout", "2024-03-01"], /--holdout 2024-03-01 is the end of the holdout: give --end DATE too/],
    [["clv", "SMALL", "--end", "2024-04-01", "--holdout", "2024-03-01"], /--holdout 2024-03-01 must come after --end 2024-04-01/],
    [["clv", "SMALL", "--period", "fortnight"], /--period "fortnight" is not known: use day, week, month, year/],
    [["clv", "SMALL", "--end", "2023-01-01"], /no transactions on or before end_date/],
    [["clv", "SMALL", "-o", "clv.csv"], /the output .*clv\.csv must be a \.xlsx file/],
    [["clv", "SMALL", "--bogus"], /Unknown option '--bogus'/],
  ])("refuses %j in one line, exit 2, leaving no file", async (args, message) => {
    const dir = tempDir("kpi-clv-bad-");
    try {
      const path = small();
      const r = await runCli(args.map((a) => (a === "SMALL" ? path : a)), { cwd: dir.dir });
      expectOneLineRefusal(r, message);
      expect(readdirSync(dir.dir)).toEqual([]);
    } finally {
      dir.cleanup();
    }
  });

  it("says the models cannot be fitted when no customer bought twice", async () => {
    const path = out("once.csv");
    writeFileSync(path, "id,date,amount\n1,2024-01-01,5.5\n2,2024-01-02,6.5\n3,2024-01-03,7.5\n");
    const r = await runCli(["clv", path, "-o", out("once.xlsx")]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^kpi-scorecard: once\.csv: no repeat buyers \(frequency above 0\).*cannot be fitted/);
    expect(existsSync(out("once.xlsx"))).toBe(false);
  });

  it("takes a column named Amount as the amount even when every amount is a whole number", async () => {
    const path = out("whole.csv");
    const lines = ["id,date,amount"];
    for (let k = 0; k < 40; k++) lines.push(`c${k % 12},2024-0${1 + (k % 6)}-1${k % 9},${10 + (k % 7)}`);
    writeFileSync(path, lines.join("\n"));
    const r = await runCli(["clv", path, "--end", "2024-06-30", "-o", out("whole.xlsx"), "-q"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/id "id", date "date", amount "amount"/);
  });

  it("never overwrites a workbook without --force", async () => {
    const target = out("kept.xlsx");
    writeFileSync(target, "mine");
    const r = await runCli(["clv", small(), "-o", target]);
    expectOneLineRefusal(r, /already exists: use --force/);
    expect(readFileSync(target, "utf8")).toBe("mine");
  });

  withDuckDb("says so in one line when DuckDB cannot be loaded, and still reads a CSV in JavaScript", async () => {
    // The bundle alone in a folder with no node_modules: @duckdb/node-api cannot be found.
    const alone = join(tmp.dir, "alone");
    mkdirSync(alone, { recursive: true });
    await runCli(["--version"]); // builds the bundle
    copyFileSync(join(ROOT, "build", "cli", "kpi-scorecard.cjs"), join(alone, "kpi-scorecard.cjs"));
    writeFileSync(join(alone, "package.json"), "{}");
    const run = (args: string[]) => spawnSync(process.execPath, [join(alone, "kpi-scorecard.cjs"), ...args], { cwd: alone, encoding: "utf8" });
    const p = run(["clv", parquet, "-o", join(alone, "p.xlsx")]);
    expect(p.status).toBe(2);
    expect(p.stderr.trim().split("\n")).toHaveLength(1);
    expect(p.stderr).toMatch(/DuckDB does not load here .*install @duckdb\/node-api/);
    const c = run(["clv", small(), "--end", "2024-04-30", "-o", join(alone, "c.xlsx"), "-q"]);
    expect(c.stderr).toBe("");
    expect(c.status).toBe(0);
  });
});

describe("the example log in examples/orders.csv, which the README's CLV commands use", () => {
  const EXAMPLE = join(ROOT, "examples", "orders.csv");

  it("is what scripts/make-clv-example.mjs writes, byte for byte", () => {
    const again = out("orders-again.csv");
    execFileSync(process.execPath, [join(ROOT, "scripts", "make-clv-example.mjs"), "--out", again]);
    expect(readFileSync(again).equals(readFileSync(EXAMPLE))).toBe(true);
  });

  it("gives back the world it was drawn from when the whole log is the calibration window", async () => {
    const r = await runCli(["clv", EXAMPLE, "-o", out("example-all.xlsx"), "-q"]);
    expect(r.stderr).toBe("");
    const number = (name: string) => Number(new RegExp(`\\b${name} (-?[\\d.]+)`).exec(r.stdout)?.[1]);
    expect(r.stdout).toMatch(/BG\/NBD: .*; converged\n/);
    expect(r.stdout).toMatch(/Gamma-Gamma: .*; converged\n/);
    // The generator's world (scripts/make-clv-example.mjs): r 0.6, alpha 8 weeks, a 1.2, b 4;
    // Gamma-Gamma p 6, q 4, gamma 30. 500 customers pin down the means, not each parameter:
    // the mean purchase rate r / alpha (0.075 a week), the dropout after a purchase a / (a + b)
    // (0.231) and the mean order p gamma / (q - 1) (60), each within 15 %.
    expect(number("r") / number("alpha") / 0.075).toBeGreaterThan(0.85);
    expect(number("r") / number("alpha") / 0.075).toBeLessThan(1.15);
    expect(number("a") / (number("a") + number("b")) / (1.2 / 5.2)).toBeGreaterThan(0.85);
    expect(number("a") / (number("a") + number("b")) / (1.2 / 5.2)).toBeLessThan(1.15);
    const meanOrder = (number("p") * number("gamma")) / (number("q") - 1);
    expect(meanOrder / 60).toBeGreaterThan(0.85);
    expect(meanOrder / 60).toBeLessThan(1.15);
  });

  it("runs every command the README gives for it", async () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const commands = [...readme.matchAll(/^npx kpi-scorecard (clv examples\/orders\.csv .*)$/gm)].map((m) => m[1].split(/\s+/));
    expect(commands.length).toBeGreaterThanOrEqual(3);
    const soffice = findLibreOffice(process.env) !== null;
    for (const [k, args] of commands.entries()) {
      const run = [...args.map((a) => (a === "clv.xlsx" ? out(`readme-${k}.xlsx`) : a)).filter((a) => soffice || a !== "--pdf"), "-q"];
      const r = await runCli(run, { timeoutMs: 300_000 });
      expect({ args: run.join(" "), code: r.code, stderr: r.stderr }).toEqual({ args: run.join(" "), code: 0, stderr: "" });
    }
  });
});
