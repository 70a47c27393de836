import { dateLocaleOf, FIRST_LOG_DAY, parseDateFormat, readLogDate, slashOrderOfLocale, typeDateColumns } from "../../src/cli/dates";
import { duckDbLoads, ruleDayExpr } from "../../src/cli/duckdb";
import { runDuckSql } from "./helpers";
import { parseCliArgs } from "../../src/cli/args";

const EPOCH = Date.UTC(1899, 11, 30);
const serial = (y: number, m: number, d: number) => (Date.UTC(y, m - 1, d) - EPOCH) / 86_400_000;
const ddmm = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
};

/** A date-sorted log, 250 rows a day from 1 January 2024 for `days` days, written DD/MM/YYYY. */
function ddmmLog(days: number): unknown[][] {
  const rows: unknown[][] = [];
  for (let day = 0; day < days; day++) {
    const text = ddmm(Date.UTC(2024, 0, 1) + day * 86_400_000);
    for (let k = 0; k < 250; k++) rows.push([text, k % 11]);
  }
  return rows;
}

describe("typeDateColumns", () => {
  it("reads a date-sorted DD/MM log of January to March day-first, from the whole column, and drops no date", () => {
    const rows = ddmmLog(90); // 22,500 rows: the first 2,000 all have a day of 8 or less
    const typed = typeDateColumns(rows, ["Date", "Score"]);
    expect(typed.columns).toEqual([0]);
    expect(rows.every((r) => typeof r[0] === "number")).toBe(true);
    expect(rows[0][0]).toBe(serial(2024, 1, 1));
    expect(rows[rows.length - 1][0]).toBe(serial(2024, 3, 30));
    expect(typed.notes).toEqual([expect.stringMatching(/^dates of "Date" read day-first \(DD\/MM\/YYYY\), as row 3002 \("13\/01\/2024"\) shows$/)]);
  });

  it("says so when no day is above 12 and month-first is assumed", () => {
    const rows: unknown[][] = [["01/02/2024"], ["03/04/2024"], ["05/06/2024"]];
    const typed = typeDateColumns(rows, ["When"]);
    expect(rows[0][0]).toBe(serial(2024, 1, 2));
    expect(typed.notes[0]).toMatch(/"When" read month-first .*no day above 12.*--date-format DD\/MM\/YYYY/);
  });

  it("reads dates that no day above 12 decides in the locale's order, and says so for the sheet too", () => {
    const rows: unknown[][] = [["01/02/2024"], ["03/04/2024"], ["05/06/2024"]];
    const typed = typeDateColumns(rows, ["When"], { locale: { name: "de_DE.UTF-8", order: "dmy" } });
    expect(rows.map((r) => r[0])).toEqual([serial(2024, 2, 1), serial(2024, 4, 3), serial(2024, 6, 5)]);
    expect(typed.notes).toEqual([
      'dates of "When" read day-first (DD/MM/YYYY), the order of the locale de_DE.UTF-8: no day above 12 shows the order; give --date-format MM/DD/YYYY if they are not',
    ]);
    expect(typed.sheetNotes).toEqual(['"When" read day-first (DD/MM/YYYY), the order of the locale de_DE.UTF-8 (no day above 12 decides)']);
    // A day above 12 decides whatever the locale says.
    const us = [["13/02/2024"], ["03/04/2024"]];
    expect(typeDateColumns(us, ["When"], { locale: { name: "en_US", order: "mdy" } }).sheetNotes).toEqual(['"When" read day-first (DD/MM/YYYY), as "13/02/2024" shows']);
    expect(us[1][0]).toBe(serial(2024, 4, 3));
  });

  it("takes a locale's date order from the runtime's locale data, and POSIX's C as month-first", () => {
    expect(["de_DE.UTF-8", "fr_FR", "en_GB.UTF-8", "es-ES", "pt_BR", "it_IT", "nl_NL@euro", "en_US.UTF-8", "C.UTF-8", "POSIX", "ja_JP"].map(slashOrderOfLocale)).toEqual([
      "dmy", "dmy", "dmy", "dmy", "dmy", "dmy", "dmy", "mdy", "mdy", "mdy", "mdy",
    ]);
    expect(slashOrderOfLocale("not a locale!")).toBeNull();
    // LC_ALL, then LC_TIME, then LANG, as POSIX orders them; the runtime's only when none is set.
    expect(dateLocaleOf({ LC_ALL: "", LC_TIME: "fr_FR.UTF-8", LANG: "en_US.UTF-8" }, "en-US")).toEqual({ name: "fr_FR.UTF-8", order: "dmy" });
    expect(dateLocaleOf({ LC_ALL: "en_US.UTF-8", LC_TIME: "fr_FR.UTF-8" }, "de-DE")).toEqual({ name: "en_US.UTF-8", order: "mdy" });
    expect(dateLocaleOf({}, "de-DE")).toEqual({ name: "de-DE", order: "dmy" });
  });

  it("refuses a column with both day-first and month-first dates, naming the rows, unless --date-format decides", () => {
    const mixed = () => [["13/01/2024"], ["01/02/2024"], ["01/13/2024"]];
    expect(() => typeDateColumns(mixed(), ["When"])).toThrow(
      'the dates of column "When" read day-first in row 2 ("13/01/2024") and month-first in row 4 ("01/13/2024"): give --date-format DD/MM/YYYY or MM/DD/YYYY',
    );
    const rows = mixed();
    const typed = typeDateColumns(rows, ["When"], { order: "dmy" });
    expect(rows.slice(0, 2).map((r) => r[0])).toEqual([serial(2024, 1, 13), serial(2024, 2, 1)]);
    expect(rows[2][0]).toBe("01/13/2024");
    expect(typed.notes).toContain('1 cell of "When" is not a date (first in row 4: "01/13/2024") and is left out of the trend');
  });

  it("counts the cells of a date column that are not dates instead of dropping them silently", () => {
    const rows: unknown[][] = [];
    for (let i = 0; i < 40; i++) rows.push([`2024-01-${String((i % 28) + 1).padStart(2, "0")}`]);
    rows.push(["2024-02-30"], ["soon"]);
    const typed = typeDateColumns(rows, ["Created"]);
    expect(typed.columns).toEqual([0]);
    expect(typed.notes).toEqual(['2 cells of "Created" are not a date (first in row 42: "2024-02-30") and are left out of the trend']);
  });
});

describe("--date-format", () => {
  it("takes DD/MM/YYYY, MM/DD/YYYY and their short names, and refuses anything else", () => {
    expect(parseDateFormat("DD/MM/YYYY")).toBe("dmy");
    expect(parseDateFormat("mm/dd/yyyy")).toBe("mdy");
    expect(parseDateFormat("dmy")).toBe("dmy");
    const parsed = parseCliArgs(["x.csv", "--date-format", "DD.MM.YYYY"]);
    expect(parsed.kind === "run" && parsed.options.dateFormat).toBe("dmy");
    expect(() => parseCliArgs(["x.csv", "--date-format", "YYYY"])).toThrow('--date-format "YYYY" is not known: use DD/MM/YYYY or MM/DD/YYYY');
  });
});

describe("readLogDate: one rule for a purchase date, in both engines", () => {
  const TEXTS = [
    "2024-03-05", "2024-3-5", "2024/03/05", "2024-03-05 14:30", "2024-03-05T14:30:00.000Z", "2024-03-05 10:00:00+00", "2024-03-05 25:00",
    "2024-02-30", "19970101", "19971332", "20240229", "45310", "45310.75", "0", "60", "61", "2958465", "2958466", "12345678",
    "05.03.2024", "31.04.2024", "13/01/2024", "01/13/2024", "05/03/2024", " 2024-03-05\t", "1899-12-31", "0999-01-01", "9999-12-31",
    "5 March 2024", "2024-03", "-5", "1e3", "",
  ];

  it("reads YYYYMMDD, serials, Y-M-D with a time, D.M.Y and slashed dates in the column's order", () => {
    const day = (y: number, m: number, d: number) => (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;
    expect(readLogDate("19970101")).toBe(day(1997, 1, 1));
    expect(readLogDate(19970101)).toBe(day(1997, 1, 1));
    expect(readLogDate("45310")).toBe(45310);
    expect(readLogDate("2024-03-05T14:30:00.000Z")).toBe(day(2024, 3, 5));
    expect(readLogDate("05/03/2024", "dmy")).toBe(day(2024, 3, 5));
    expect(readLogDate("05/03/2024", "mdy")).toBe(day(2024, 5, 3));
    expect(readLogDate("1899-12-31")).toBe(day(1899, 12, 31));
    expect([readLogDate("2024-02-30"), readLogDate("2024-03-05 25:00"), readLogDate("19971332"), readLogDate("5 March 2024")]).toEqual([undefined, undefined, undefined, undefined]);
    expect(FIRST_LOG_DAY).toBe(day(1900, 3, 1));
  });

  (duckDbLoads() ? it : it.skip)("gives in DuckDB's SQL the day JavaScript gives, for every form and its edge cases", async () => {
    for (const order of ["dmy", "mdy"] as const) {
      const values = TEXTS.map((t) => `(${t === "" ? "NULL" : `'${t}'`})`).join(", ");
      const rows = await runDuckSql(
        `SELECT v, (${ruleDayExpr("NULLIF(trim(v, ' ' || chr(9)), '')", order)}) - DATE '1899-12-30' AS day FROM (VALUES ${values}) t(v)`,
      );
      const sql = rows.map((r) => (r.day === null ? undefined : Number(r.day)));
      expect(sql).toEqual(TEXTS.map((t) => readLogDate(t, order)));
    }
  });
});
