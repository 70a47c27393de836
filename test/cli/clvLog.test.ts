/**
 * The JavaScript reader of `kpi-scorecard clv` reads a CSV log as a stream, never holding its
 * rows (issue 20, finding 16): a first pass for the cells the columns are picked by, one over
 * the date column for the order of its slashed dates, one for the purchases. These tests hold
 * it to what reading the whole file at once gives, on logs whose telling rows come late.
 */
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openLog, pickColumns, readTransactions, firstRowIsData } from "../../src/cli/clvLog";
import { eachCsvRow, readCsv } from "../../src/cli/csv";
import { InputError } from "../../src/xlsx/types";
import { tempDir } from "./helpers";

const { dir, cleanup } = tempDir("kpi-clvlog-");
afterAll(cleanup);

/** An Excel serial day from its parts, by the calendar alone (1899-12-30 is day 0). */
const serial = (y: number, m: number, d: number) => (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;
const TODAY = serial(2026, 1, 1);

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Purchase i of a log: customer, day, month (2023) and amount, none of them above 12 before `late`. */
function purchase(i: number, late: number) {
  const day = i >= late ? 13 + (i % 15) : 1 + (i % 12);
  return { id: `C${i % 997}`, day, month: 1 + (i % 12), amount: ((i * 37) % 10_000) / 100 };
}

describe("eachCsvRow", () => {
  const text = 'id,note,amount\r\n1,"two\nlines",3.5\n\n,,\n2,plain,4\r3,"a, b",5\n';
  const path = write("rows.csv", text);

  it("hands over the rows readCsv reads, one at a time", async () => {
    const rows: unknown[][] = [];
    const shape = await eachCsvRow(path, { text: true }, (row) => {
      rows.push([...row]);
    });
    const whole = await readCsv(path, { text: true });
    expect(rows).toEqual(whole.rows.map((r) => [...r]));
    expect(rows).toEqual([
      ["1", "two\nlines", "3.5"],
      ["2", "plain", "4"],
      ["3", "a, b", "5"],
    ]);
    expect(shape.headers).toEqual(["id", "note", "amount"]);
  });

  it("stops at the row where the reader says so", async () => {
    const seen: unknown[] = [];
    await eachCsvRow(path, { text: true }, (row) => {
      seen.push(row[0]);
      return seen.length < 2;
    });
    expect(seen).toEqual(["1", "2"]);
  });

  it("passes a reader's own failure on as it was", async () => {
    const failure = new RangeError("the reader's own");
    await expect(
      eachCsvRow(path, { text: true }, () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
  });
});

describe("openLog and readTransactions on a CSV log read as a stream", () => {
  it("picks the columns the whole file shows, a column whose cells start late included", async () => {
    // "code" is blank for 700 rows, then whole numbers: not the amount; "value" has cents.
    const lines = ["customer,code,when,value"];
    for (let i = 0; i < 2000; i++) lines.push(`C${i % 50},${i < 700 ? "" : i},2023-0${1 + (i % 9)}-1${i % 10},${(i % 90) + 0.25}`);
    const path = write("late.csv", `${lines.join("\n")}\n`);
    const log = await openLog(path, "csv");
    let headerless = false;
    const whole = await readCsv(path, { text: true, firstRowIsData: (r) => (headerless = firstRowIsData(r)) });
    const fromWhole = pickColumns({ headers: [...whole.table.headers], rows: whole.rows, headerless }, {});
    expect(pickColumns(log.table, {})).toEqual(fromWhole);
    expect(fromWhole).toEqual({ id: 0, date: 2, amount: 3 });
    // The sample holds no more than the first 500 non-blank cells of each column.
    expect(log.table.rows.length).toBe(500);
    expect(log.table.rows[0][1]).toBe("700");
  });

  it("reads slashed dates day-first when the first day above 12 comes late in the file, and keeps every purchase", async () => {
    const late = 3000;
    const n = 5000;
    const lines = ["customer_id,order_date,amount"];
    const expected: { id: string; day: number; amount: number }[] = [];
    for (let i = 0; i < n; i++) {
      const p = purchase(i, late);
      lines.push(`${p.id},${String(p.day).padStart(2, "0")}/${String(p.month).padStart(2, "0")}/2023,${p.amount.toFixed(2)}`);
      expected.push({ id: p.id, day: serial(2023, p.month, p.day), amount: p.amount });
    }
    // Two exact repeats of earlier rows, past the first 4,096 (the hash set has grown by then).
    lines.push(lines[4001], lines[12]);
    expected.push(expected[4000], expected[11]);
    const path = write("dayfirst.csv", `${lines.join("\r\n")}\r\n`);
    const log = await openLog(path, "csv");
    const cols = pickColumns(log.table, {});
    const read = await readTransactions(log, cols, { returns: false, today: TODAY });
    expect(read.transactions).toEqual(expected);
    expect(read.dateNote).toContain("day-first");
    expect(read.dateNote).toContain(`row ${late + 2}`);
    expect(read.skipped.duplicates).toBe(2);
    expect(read.skipped.firstDuplicate).toEqual({ row: n + 2, text: lines[4001].replace(/,/g, " ") });
    expect(read.firstDay).toBe(Math.min(...expected.map((t) => t.day)));
    expect(read.lastDay).toBe(Math.max(...expected.map((t) => t.day)));
  });

  it("counts the rows it leaves out by why, the first of each quoted, in a headerless log", async () => {
    const lines = ["1,2023-03-01,10.00", "2,2023-03-02,x", "3,2099-01-01,5.00", ",2023-03-03,4.00", "4,2023-03-04,-2.00", "5,2023-03-05,7.50"];
    const path = write("headerless.csv", `${lines.join("\n")}\n`);
    const log = await openLog(path, "csv");
    expect(log.table.headerless).toBe(true);
    const read = await readTransactions(log, pickColumns(log.table, { id: "1", date: "2", amount: "3" }), { returns: false, today: TODAY });
    // Plain whole-number ids show as numbers.
    expect(read.transactions).toEqual([
      { id: 1, day: serial(2023, 3, 1), amount: 10 },
      { id: 5, day: serial(2023, 3, 5), amount: 7.5 },
    ]);
    const s = read.skipped;
    expect([s.amount, s.future, s.id, s.negative, s.date, s.early]).toEqual([1, 1, 1, 1, 0, 0]);
    expect(s.first).toEqual({ amount: { row: 2, text: "x" }, future: { row: 3, text: "2099-01-01" }, id: { row: 4, text: "" }, negative: { row: 5, text: "-2.00" } });
  });
});

describe("a CSV log that changes between the passes", () => {
  it("is refused in one line rather than read as two different logs", async () => {
    const lines = ["customer_id,order_date,amount", "1,2023-03-01,10.00", "1,2023-04-01,12.00", "2,2023-03-02,9.50"];
    const path = write("growing.csv", `${lines.join("\n")}\n`);
    const log = await openLog(path, "csv");
    // An export still being written: a row lands after the columns were picked.
    appendFileSync(path, "3,2023-05-01,4.00\n");
    await expect(readTransactions(log, pickColumns(log.table, {}), { returns: false, today: TODAY })).rejects.toThrow(new InputError(`${path} changed while it was read: run again once it is written`));
  });
});
