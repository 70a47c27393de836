// Issue 25 (the 10M-row build): a Parquet log whose dates are DATE or TIMESTAMP and whose
// amounts are numbers is summarised where it lies, without the text copy of every row. These
// tests hold it to the text path on the same file: every customer's x, t_x, T, zbar and first
// day, the holdout counts, and what is left out and why (issue 20's hostile rows: no id, no date,
// blank rows, negative amounts, dates after the run date and before 1900-03-01, exact repeats),
// with the same first rows quoted.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDuckDb, sampleFile, summariseWithDuckDb, type DuckSummary } from "../../src/cli/duckdb";
import { serialOf } from "../../src/clv/read";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kpi-duck-typed-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TODAY = serialOf(2026, 12, 7);

/** Writes a Parquet file from a SELECT (DuckDB types its columns). */
async function parquet(name: string, select: string): Promise<string> {
  const duck = await loadDuckDb();
  const instance = await duck.DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const path = join(dir, name);
  await connection.run(`COPY (${select}) TO '${path}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
  return path;
}

async function summary(path: string, asText: boolean, holdoutDays?: number): Promise<DuckSummary & { end: number; holdoutEnd?: number }> {
  const sample = await sampleFile(path, "parquet");
  try {
    return await summariseWithDuckDb(
      sample,
      { id: 0, date: 1, amount: 2 },
      {
        periods: (lastDay) => (holdoutDays === undefined ? { end: lastDay } : { end: lastDay - holdoutDays, holdoutEnd: lastDay }),
        periodDays: 7,
        returns: false,
        today: TODAY,
        asText,
      },
      path,
    );
  } finally {
    sample.close();
  }
}

/** A log of `customers` customers, some hostile rows among them (each kind at a known place). */
function hostileLog(dateType: "DATE" | "TIMESTAMP", idType: "VARCHAR" | "BIGINT"): string {
  const id = idType === "VARCHAR" ? `'  c' || CAST(i % 997 AS VARCHAR) || ' '` : `i % 997`;
  const day = dateType === "DATE" ? `DATE '2023-01-01' + CAST((i * 7919) % 700 AS INTEGER)` : `TIMESTAMP '2023-01-01 10:30:00' + INTERVAL (((i * 7919) % 700)) DAY`;
  const nullId = idType === "VARCHAR" ? `'   '` : `NULL`;
  const far = dateType === "DATE" ? `DATE '2204-03-01'` : `TIMESTAMP '2204-03-01 00:00:00'`;
  const early = dateType === "DATE" ? `DATE '1899-06-01'` : `TIMESTAMP '1899-06-01 00:00:00'`;
  return `SELECT customer_id, order_date, amount FROM (
    SELECT i, ${id} AS customer_id, ${day} AS order_date, round(5 + ((i * 31) % 97) / 3.0, 2)::DOUBLE AS amount FROM range(20000) t(i)
    UNION ALL SELECT 20000, ${nullId}, ${day.replace(/\bi\b/g, "3")}, 12.5
    UNION ALL SELECT 20001, ${id.replace(/\bi\b/g, "4")}, NULL, 12.5
    UNION ALL SELECT 20002, NULL, NULL, NULL
    UNION ALL SELECT 20003, ${id.replace(/\bi\b/g, "5")}, ${day.replace(/\bi\b/g, "5")}, -40.0
    UNION ALL SELECT 20004, ${id.replace(/\bi\b/g, "6")}, ${far}, 99.0
    UNION ALL SELECT 20005, ${id.replace(/\bi\b/g, "7")}, ${early}, 10.0
    UNION ALL SELECT 20006, ${id.replace(/\bi\b/g, "8")}, ${day.replace(/\bi\b/g, "8")}, NULL
    UNION ALL SELECT 20007, ${id.replace(/\bi\b/g, "9")}, ${day.replace(/\bi\b/g, "9")}, round(5 + ((9 * 31) % 97) / 3.0, 2)::DOUBLE
    UNION ALL SELECT 20008, NULL, NULL, NULL
    UNION ALL SELECT 20009, ${id.replace(/\bi\b/g, "10")}, ${day.replace(/\bi\b/g, "10")}, round(5 + ((10 * 31) % 97) / 3.0, 2)::DOUBLE
  ) ORDER BY i`;
}

/** The two summaries agree: the same customers in the same order with the same figures (sums to 1e-9), the same rows left out and quoted. */
function expectSame(typed: DuckSummary & { end: number; holdoutEnd?: number }, text: DuckSummary & { end: number; holdoutEnd?: number }): void {
  expect(typed.rows.length).toBe(text.rows.length);
  typed.rows.forEach((r, i) => {
    const t = text.rows[i];
    expect([r.id, r.x, r.tx, r.T, r.first]).toEqual([t.id, t.x, t.tx, t.T, t.first]);
    // zbar is a mean of amounts DuckDB adds in parallel: equal to the last bits.
    expect(Math.abs(r.zbar - t.zbar)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(t.zbar)));
  });
  expect(Array.from(typed.holdout ?? [])).toEqual(Array.from(text.holdout ?? []));
  expect([typed.transactionsRead, typed.firstDay, typed.lastDay, typed.end, typed.holdoutEnd]).toEqual([text.transactionsRead, text.firstDay, text.lastDay, text.end, text.holdoutEnd]);
  expect(typed.skipped).toEqual(text.skipped);
}

describe("a typed Parquet log, summarised where it lies", () => {
  it.each([
    ["DATE", "VARCHAR"],
    ["TIMESTAMP", "BIGINT"],
  ] as const)("with %s dates and %s ids gives every customer's x, t_x, T and spend, and the notes of the text path (holdout too)", async (dateType, idType) => {
    const path = await parquet(`hostile-${dateType}-${idType}.parquet`, hostileLog(dateType, idType));
    const typed = await summary(path, false, 91);
    const text = await summary(path, true, 91);
    expectSame(typed, text);
    // The hostile rows were seen, each kind with its first row as a spreadsheet numbers it (the
    // header is row 1): data row k of the file (from 0) is row k + 2 up to the blank row (k =
    // 20,002), which is no row, and row k + 1 after it.
    const s = typed.skipped;
    expect([s.id, s.date, s.negative, s.future, s.early, s.amount]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(s.first.id?.row).toBe(20_002);
    expect(s.first.date?.row).toBe(20_003);
    expect(s.first.negative).toEqual({ row: 20_004, text: "-40" });
    expect(s.first.future?.text).toMatch(/^2204-03-01/);
    expect(s.first.early?.row).toBe(20_006);
    expect(s.first.amount?.row).toBe(20_007);
    // Rows 20,007 and 20,009 of the file repeat rows 9 and 10 exactly.
    expect(s.duplicates).toBe(2);
    expect(s.firstDuplicate?.row).toBe(20_008);
    expect(typed.rows.length).toBe(997);
  });

  it("gives the same summary as the text path on a clean log without a holdout", async () => {
    const path = await parquet("clean.parquet", `SELECT i % 5000 AS id, DATE '2024-01-01' + CAST((i * 13) % 365 AS INTEGER) AS day, (i % 50) * 1.25 AS spend FROM range(60000) t(i)`);
    const [typed, text] = [await summary(path, false), await summary(path, true)];
    expectSame(typed, text);
    expect(typed.skipped.duplicates).toBe(text.skipped.duplicates);
    expect(typed.rows).toHaveLength(5000);
  });
});
