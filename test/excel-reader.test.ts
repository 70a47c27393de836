/**
 * The Office.js reader's column reads for a build, against the fake Excel: every sync's
 * response stays under Excel on the web's 5 MB limit whatever the cells hold, and only the
 * mapped columns are read and held.
 */
import { createOfficePort } from "../src/excel/officePort";
import { FakeWorkbook, RESPONSE_LIMIT_BYTES } from "./fakes/excel";

function commentBook(rows: number, text: (r: number, c: number) => string): FakeWorkbook {
  const book = new FakeWorkbook();
  const grid: unknown[][] = [["Id", "Comment", "Score", "Note"]];
  for (let r = 0; r < rows; r++) grid.push([r + 1, text(r, 1), r % 11, text(r, 3)]);
  book.addSheet("Survey", grid);
  return book;
}

const sixty = (r: number, c: number) => `${c === 1 ? "comment" : "note"} ${String(r).padStart(7, "0")} `.padEnd(60, "x");

describe("the fake Excel", () => {
  it("refuses a sync whose response passes 5 MB, as Excel on the web does", async () => {
    const book = commentBook(50_000, sixty);
    await expect(book.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Survey").getRange("A1:D50001");
      range.load("values");
      await context.sync();
    })).rejects.toMatchObject({ code: "ResponsePayloadSizeLimitExceeded" });
    expect(book.syncLog[book.syncLog.length - 1]).toMatchObject({ failed: true });
    expect(book.syncLog[book.syncLog.length - 1].responseBytes).toBeGreaterThan(RESPONSE_LIMIT_BYTES);
  });
});

describe("readColumns", () => {
  it("reads two columns of 60-character comments in syncs that each stay under the 5 MB response limit", async () => {
    const book = commentBook(60_000, sixty);
    const syncs0 = book.syncLog.length;
    const got = await createOfficePort(book.run).readColumns({ sheet: "Survey", address: "A1:D60001" }, [1, 3]);
    const syncs = book.syncLog.slice(syncs0);
    expect(syncs.every((s) => !s.failed && s.responseBytes < RESPONSE_LIMIT_BYTES)).toBe(true);
    expect(syncs.reduce((k, s) => k + s.responseBytes, 0)).toBeGreaterThan(RESPONSE_LIMIT_BYTES);
    expect(got.data.rows).toHaveLength(60_000);
    expect(got.data.rows[59_999]).toEqual([null, sixty(59_999, 1), null, sixty(59_999, 3)]);
  });

  it("holds only the mapped columns: nothing after the last one is allocated", async () => {
    const book = commentBook(10, sixty);
    const got = await createOfficePort(book.run).readColumns({ sheet: "Survey", address: "A1:D11" }, [0, 2]);
    expect(got.data.headers).toEqual(["Id", "Comment", "Score", "Note"]);
    expect(got.data.rows[3]).toEqual([4, null, 3]);
  });

  it("reads a slice again in halves when its cells turn out much longer than the ones before", async () => {
    // 20,000 short answers, then texts of 2,000 characters (multi-byte): the slice sized on the short ones passes the limit.
    const book = commentBook(30_000, (r, c) => (r < 20_000 ? "ok" : `${"é".repeat(999)}${r}${c}`.padEnd(2_000, "ü")));
    const syncs0 = book.syncLog.length;
    const got = await createOfficePort(book.run).readColumns({ sheet: "Survey", address: "A1:D30001" }, [1, 3]);
    const syncs = book.syncLog.slice(syncs0);
    expect(syncs.some((s) => s.failed)).toBe(true);
    expect(syncs.filter((s) => !s.failed).every((s) => s.responseBytes < RESPONSE_LIMIT_BYTES)).toBe(true);
    expect(got.data.rows).toHaveLength(30_000);
    expect(got.data.rows[0][1]).toBe("ok");
    expect(got.data.rows[29_999][3]).toBe(`${"é".repeat(999)}299993`.padEnd(2_000, "ü"));
    expect(got.data.headers).toEqual(["Id", "Comment", "Score", "Note"]);
  });
});
