/**
 * Dates written as text (in a CSV, or as text cells of a sheet) turned into Excel serial
 * numbers (1900 date system: 1 = 1900-01-01, 45292 = 2024-01-01), the form the scorecard
 * planner reads a period column in.
 *
 * Formats read: ISO `2024-03-05`, `2024/03/05`, with an optional time `2024-03-05 14:30`,
 * `2024-03-05T14:30:00.000Z` (a zone suffix is ignored: the wall-clock time is kept);
 * day-first `05.03.2024`; and slashed `05/03/2024` or `03/05/2024`, read day-first or
 * month-first for the whole column, decided from every cell of it: day-first when some first
 * part is above 12, month-first when some second part is; when no part is, the order of the
 * user's locale (LC_ALL, LC_TIME, LANG, as the paper follows LC_PAPER: de_DE day-first, en_US
 * and POSIX's C month-first), said in a note and on the sheet; both in one column is refused
 * unless --date-format says.
 * Two-digit years are not read (too ambiguous). Cells of a date column that are not dates are
 * counted in a note, never dropped without a word.
 */

// The window a purchase is dated in (1900-03-01 to today) is one rule for the command line and
// the task pane, which cannot import this file: its ends live in the CLV core.
import { FIRST_LOG_DAY, todaySerial } from "../clv/read";
export { FIRST_LOG_DAY, todaySerial };

const EXCEL_EPOCH_UTC_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * The ways a date is written as text, as patterns that JavaScript and DuckDB's RE2 read alike
 * (the DuckDB engine and --sql build their date expressions from these same texts). Groups:
 * year, month, day or day, month, year (slashed: first, second, year), then hours, minutes,
 * seconds. A zone suffix (Z, +01:00, +0100, +00) is ignored: the wall-clock time is kept.
 */
export const DATE_PATTERNS = {
  ymd: "^(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.\\d+)?)?\\s*(?:Z|[+-]\\d{2}(?::?\\d{2})?)?)?$",
  dotted: "^(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?$",
  slashed: "^(\\d{1,2})/(\\d{1,2})/(\\d{4})(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?$",
  /** YYYYMMDD as CDNOW writes it, a number or text, years 1900-2099. */
  compact: "^((?:19|20)\\d{2})(\\d{2})(\\d{2})$",
  /** An Excel serial day written as a number (a log exported from a sheet): up to 7 digits. */
  serial: "^(\\d{1,7})(?:\\.\\d+)?$",
} as const;
export type DateForm = keyof typeof DATE_PATTERNS;

const ISO = new RegExp(DATE_PATTERNS.ymd);
const SLASHED = new RegExp(DATE_PATTERNS.slashed);
const DOTTED = new RegExp(DATE_PATTERNS.dotted);
const COMPACT = new RegExp(DATE_PATTERNS.compact);
const SERIAL = new RegExp(DATE_PATTERNS.serial);
const FORM_PATTERNS: Record<DateForm, RegExp> = { ymd: ISO, slashed: SLASHED, dotted: DOTTED, compact: COMPACT, serial: SERIAL };

export type SlashOrder = "dmy" | "mdy";

function serialOf(y: number, m: number, d: number, hh = 0, mm = 0, ss = 0): number | undefined {
  if (m < 1 || m > 12 || d < 1 || hh > 23 || mm > 59 || ss > 59) return undefined;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > daysInMonth || y < 1900 || y > 9999) return undefined;
  const ms = Date.UTC(y, m - 1, d, hh, mm, ss) - EXCEL_EPOCH_UTC_MS;
  return ms / DAY_MS;
}

const n = (s: string | undefined): number => (s === undefined ? 0 : Number(s));

/** Serial number of a date text, or undefined when it is not a date in a known format. */
export function parseDateText(text: string, slashOrder: SlashOrder = "mdy"): number | undefined {
  const t = text.trim();
  if (t.length < 8 || t.length > 40) return undefined;
  let m = ISO.exec(t);
  if (m) return serialOf(n(m[1]), n(m[2]), n(m[3]), n(m[4]), n(m[5]), n(m[6]));
  m = DOTTED.exec(t);
  if (m) return serialOf(n(m[3]), n(m[2]), n(m[1]), n(m[4]), n(m[5]), n(m[6]));
  m = SLASHED.exec(t);
  if (m) {
    const [a, b] = [n(m[1]), n(m[2])];
    const [day, month] = slashOrder === "dmy" ? [a, b] : [b, a];
    return serialOf(n(m[3]), month, day, n(m[4]), n(m[5]), n(m[6]));
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Purchase dates of a transaction log (kpi-scorecard clv): one rule for both engines.

/** The last serial day Excel shows (9999-12-31). */
const MAX_SERIAL = 2958465;

/** Days from 1899-12-30 to a calendar date with a four-digit year; undefined when there is no such day. */
function calendarDay(y: number, m: number, d: number): number | undefined {
  if (m < 1 || m > 12 || d < 1 || y < 1000 || y > 9999) return undefined;
  if (d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return undefined;
  return Math.round((Date.UTC(y, m - 1, d) - EXCEL_EPOCH_UTC_MS) / DAY_MS);
}

/** A time of day that is one (hours to 23, minutes and seconds to 59), or none. */
function timeOk(hh: string | undefined, mm: string | undefined, ss: string | undefined): boolean {
  return hh === undefined || (Number(hh) <= 23 && Number(mm) <= 59 && (ss === undefined || Number(ss) <= 59));
}

/** A cell's text without the spaces and tabs at its ends (as the DuckDB engine trims: trim(v, ' \t')). */
export function trimCell(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, "");
}

/** Which of the date patterns a trimmed text is written in (YYYYMMDD before a serial); undefined for none. */
export function dateFormOf(text: string): DateForm | undefined {
  if (text.length > 40) return undefined;
  if (COMPACT.test(text)) return "compact";
  if (SERIAL.test(text)) return "serial";
  if (ISO.test(text)) return "ymd";
  if (DOTTED.test(text)) return "dotted";
  if (SLASHED.test(text)) return "slashed";
  return undefined;
}

function logDayOfText(t: string, order: SlashOrder): number | undefined {
  const form = dateFormOf(t);
  if (form === undefined) return undefined;
  if (form === "serial") {
    const v = Number(t);
    return v < MAX_SERIAL + 1 ? Math.floor(v) : undefined;
  }
  const m = FORM_PATTERNS[form].exec(t)!;
  if (form === "compact") return calendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
  if (!timeOk(m[4], m[5], m[6])) return undefined;
  if (form === "ymd") return calendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
  if (form === "dotted") return calendarDay(Number(m[3]), Number(m[2]), Number(m[1]));
  const [a, b] = [Number(m[1]), Number(m[2])];
  return order === "dmy" ? calendarDay(Number(m[3]), b, a) : calendarDay(Number(m[3]), a, b);
}

/**
 * A purchase date of a transaction log as a whole day (days since 1899-12-30, which is Excel's
 * serial from 1900-03-01 on), by the rule both engines follow (the DuckDB engine's SQL is
 * built from the same patterns, duckdb.ts): a number is YYYYMMDD when it has that form
 * (19970101), else an Excel serial, its time of day dropped; text is YYYYMMDD, a serial written
 * as a number ("45000"), Y-M-D (a time after it is dropped), D.M.Y, or slashed in the column's
 * order. Spaces and tabs at the ends are ignored. undefined when it is no date. Whether the day
 * lies in the window a log may hold (FIRST_LOG_DAY to the run date) is the caller's question.
 */
export function readLogDate(cell: unknown, order: SlashOrder = "mdy"): number | undefined {
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return undefined;
    if (Number.isInteger(cell) && COMPACT.test(String(cell))) return logDayOfText(String(cell), order);
    return cell >= 0 && cell < MAX_SERIAL + 1 ? Math.floor(cell) : undefined;
  }
  return typeof cell === "string" ? logDayOfText(trimCell(cell), order) : undefined;
}

/** A date written as a date (not a bare serial number): what tells a header row from a row of data. */
export function isWrittenDate(cell: unknown): boolean {
  if (typeof cell !== "string") return false;
  const form = dateFormOf(trimCell(cell));
  return form !== undefined && form !== "serial" && (readLogDate(cell, "mdy") !== undefined || readLogDate(cell, "dmy") !== undefined);
}

/** A serial day as YYYY-MM-DD. */
export function dayText(serial: number): string {
  return new Date(EXCEL_EPOCH_UTC_MS + serial * DAY_MS).toISOString().slice(0, 10);
}

/** Excel serial of a JavaScript date, read as UTC (as exceljs gives dates). */
export function serialOfDate(date: Date): number {
  return (date.getTime() - EXCEL_EPOCH_UTC_MS) / DAY_MS;
}

/**
 * Cells looked at before a column that is clearly not dates is given up on. A column that looks
 * like dates is read to its end: day-first or month-first is decided from every cell.
 */
const GIVE_UP_AFTER = 2000;
/** Share of a column's non-blank cells that must be dates for the column to be dates. */
const DATE_SHARE = 0.9;

/** One slashed date that shows the order: its data row (0-based) and text. */
export interface DateEvidence {
  readonly row: number;
  readonly text: string;
}

export interface DateColumnVerdict {
  readonly isDate: boolean;
  /** How slashed dates read: forced, shown by a part above 12, or month-first by default. */
  readonly order: SlashOrder;
  /** Why that order: "given" (--date-format), "day above 12", "month above 12", "assumed" (no part above 12), "none" (no slashed dates). */
  readonly orderReason: "given" | "day above 12" | "month above 12" | "assumed" | "none";
  /** A cell whose first part is above 12 (it must be day-first), and one whose second part is. */
  readonly dayFirst?: DateEvidence;
  readonly monthFirst?: DateEvidence;
}

/**
 * Decides from the non-blank cells of a column whether it holds dates, and how slashes read,
 * from the whole column. Numbers count against (a column of numbers with a stray date text is
 * not a date column). `forced` is the order the user gave (--date-format).
 */
export function judgeDateColumn(cells: Iterable<unknown>, forced?: SlashOrder): DateColumnVerdict {
  let seen = 0;
  let dates = 0;
  let slashed = 0;
  let dayFirst: DateEvidence | undefined;
  let monthFirst: DateEvidence | undefined;
  let row = -1;
  for (const cell of cells) {
    row++;
    if (cell === null || cell === undefined) continue;
    if (typeof cell !== "string") {
      seen++;
    } else {
      const t = cell.trim();
      if (t === "") continue;
      seen++;
      const s = SLASHED.exec(t);
      if (s) {
        const [a, b] = [Number(s[1]), Number(s[2])];
        if (parseDateText(t, "dmy") !== undefined || parseDateText(t, "mdy") !== undefined) {
          dates++;
          slashed++;
        }
        if (a > 12 && b <= 12) dayFirst ??= { row, text: t };
        if (b > 12 && a <= 12) monthFirst ??= { row, text: t };
      } else if (parseDateText(t) !== undefined) {
        dates++;
      }
    }
    if (seen === GIVE_UP_AFTER && dates / seen < 0.5) break;
  }
  const isDate = dates > 0 && dates / seen >= DATE_SHARE;
  return { isDate, ...decideSlashOrder({ slashed, ...(dayFirst ? { dayFirst } : {}), ...(monthFirst ? { monthFirst } : {}) }, forced) };
}

/** What a column's slashed dates show of their order: how many there are, and the first that must be day-first or month-first. */
export interface SlashEvidence {
  readonly slashed: number;
  readonly dayFirst?: DateEvidence;
  readonly monthFirst?: DateEvidence;
}

/**
 * The one rule for the order of slashed dates, for both commands and both engines (the DuckDB
 * engine gathers the evidence in SQL): the order given; else the one a part above 12 shows;
 * else month-first. Both shown is contradictory: the caller refuses (slashOrderProblem).
 */
export function decideSlashOrder(e: SlashEvidence, forced?: SlashOrder): Omit<DateColumnVerdict, "isDate"> {
  const evidence = { ...(e.dayFirst ? { dayFirst: e.dayFirst } : {}), ...(e.monthFirst ? { monthFirst: e.monthFirst } : {}) };
  if (forced) return { order: forced, orderReason: "given", ...evidence };
  if (e.slashed === 0) return { order: "mdy", orderReason: "none", ...evidence };
  if (e.dayFirst && !e.monthFirst) return { order: "dmy", orderReason: "day above 12", ...evidence };
  if (e.monthFirst && !e.dayFirst) return { order: "mdy", orderReason: "month above 12", ...evidence };
  // Both (contradictory: the caller refuses) or neither (every part 1..12: month-first, the US default).
  return { order: "mdy", orderReason: "assumed", ...evidence };
}

/**
 * Why a column's slashed dates cannot be read in one order (day-first in one row, month-first
 * in another), as the line to refuse with; undefined when they can. Rows are counted as a
 * sheet counts them: `firstRow` is the sheet row of data row 0.
 */
export function slashOrderProblem(header: string, v: Omit<DateColumnVerdict, "isDate">, firstRow = 2): string | undefined {
  if (v.orderReason !== "assumed" || !v.dayFirst || !v.monthFirst) return undefined;
  return `the dates of column "${header}" read day-first in row ${v.dayFirst.row + firstRow} ("${v.dayFirst.text}") and month-first in row ${v.monthFirst.row + firstRow} ("${v.monthFirst.text}"): give --date-format DD/MM/YYYY or MM/DD/YYYY`;
}

/**
 * What to say about the order a column's slashed dates were read in, when that is worth saying:
 * the note of the summary and the shorter line of the sheet's source. `locale` is the order an
 * undecided column followed (withLocale).
 */
export function slashOrderNote(header: string, v: Omit<DateColumnVerdict, "isDate">, firstRow = 2, locale?: DateLocale): { note: string; sheet: string } | undefined {
  const name = `"${header}"`;
  if (v.orderReason === "day above 12" || v.orderReason === "month above 12") {
    const e = v.orderReason === "day above 12" ? v.dayFirst : v.monthFirst;
    return { note: `dates of ${name} read ${ORDER_NAME[v.order]}, as row ${(e?.row ?? 0) + firstRow} ("${e?.text ?? ""}") shows`, sheet: `${name} read ${ORDER_NAME[v.order]}, as "${e?.text ?? ""}" shows` };
  }
  if (v.orderReason === "assumed") {
    const other = v.order === "dmy" ? "MM/DD/YYYY" : "DD/MM/YYYY";
    const why = locale ? `the order of the locale ${locale.name}` : "the US order";
    return {
      note: `dates of ${name} read ${ORDER_NAME[v.order]}, ${why}: no day above 12 shows the order; give --date-format ${other} if they are not`,
      sheet: `${name} read ${ORDER_NAME[v.order]}, ${why} (no day above 12 decides)`,
    };
  }
  if (v.orderReason === "given" && (v.dayFirst || v.monthFirst)) return { note: `dates of ${name} read ${ORDER_NAME[v.order]} (--date-format)`, sheet: `${name} read ${ORDER_NAME[v.order]} (--date-format)` };
  return undefined;
}

/** A verdict that nothing in the column decided follows the locale's order, as the paper does (both commands). */
export function withLocale<V extends Omit<DateColumnVerdict, "isDate">>(v: V, locale: DateLocale | undefined): V {
  const undecided = v.orderReason === "assumed" && !(v.dayFirst && v.monthFirst);
  return undecided && locale ? { ...v, order: locale.order } : v;
}

/** The locale whose order reads slashed dates that no part above 12 decides. */
export interface DateLocale {
  /** As the environment names it: "de_DE.UTF-8", "C". */
  readonly name: string;
  readonly order: SlashOrder;
}

/**
 * The order a locale writes numeric dates in, from the runtime's ICU data (Intl.DateTimeFormat:
 * "de-DE" 31.12.2024 day first, "en-US" 12/31/2024 month first, "ja-JP" 2024/12/31 month
 * before day). POSIX's C locale writes %m/%d/%y: month-first. A name Intl cannot read: null.
 */
export function slashOrderOfLocale(locale: string): SlashOrder | null {
  const base = locale.trim().replace(/[.@].*$/, "");
  if (base === "C" || base === "POSIX" || base === "") return "mdy";
  try {
    const parts = new Intl.DateTimeFormat(base.replace(/_/g, "-"), { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "UTC" })
      .formatToParts(new Date(Date.UTC(2024, 11, 31)))
      .map((p) => p.type);
    return parts.indexOf("day") < parts.indexOf("month") ? "dmy" : "mdy";
  } catch {
    return null;
  }
}

/**
 * The user's date locale: the first of LC_ALL, LC_TIME and LANG that is set (POSIX's order);
 * only when none is, the runtime's locale (Windows, macOS). Month-first when Intl cannot read it.
 */
export function dateLocaleOf(env: NodeJS.ProcessEnv, runtimeLocale = Intl.DateTimeFormat().resolvedOptions().locale): DateLocale {
  const name = [env.LC_ALL, env.LC_TIME, env.LANG].find((v) => v !== undefined && v !== "") ?? runtimeLocale;
  return { name, order: slashOrderOfLocale(name) ?? "mdy" };
}

/** A problem with a date column, for the caller to refuse (one line). */
export class DateColumnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DateColumnError";
  }
}

export interface DateTyping {
  /** Columns that hold dates (including `known`, columns whose cells were already dates). */
  readonly columns: number[];
  /** What the user should know: the order each slashed column was read in, texts left unread. */
  readonly notes: string[];
  /** The order each column of slashed dates was read in, short, for the scorecard sheet to say. */
  readonly sheetNotes: string[];
}

const ORDER_NAME: Record<SlashOrder, string> = { dmy: "day-first (DD/MM/YYYY)", mdy: "month-first (MM/DD/YYYY)" };

/**
 * Turns the date texts of date columns into serials, in place (rows are arrays this module's
 * caller owns). Slashed dates that contradict each other (13/01 and 01/13 in one column)
 * throw a DateColumnError unless `order` is given; texts that do not read as dates in a date
 * column stay as they are and are counted in a note, never dropped without a word.
 */
export function typeDateColumns(
  rows: unknown[][],
  headers: readonly string[],
  options: { readonly known?: readonly number[]; readonly order?: SlashOrder; readonly locale?: DateLocale; readonly today?: number } = {},
): DateTyping {
  const dateColumns = new Set<number>(options.known ?? []);
  const notes: string[] = [];
  const sheetNotes: string[] = [];
  for (let c = 0; c < headers.length; c++) {
    if (dateColumns.has(c)) continue;
    const cells = function* (): Generator<unknown> {
      for (const row of rows) yield row[c];
    };
    const judged = judgeDateColumn(cells(), options.order);
    if (!judged.isDate) continue;
    // Nothing in the column decides: the locale's order, as the paper follows it.
    const verdict = withLocale(judged, options.locale);
    const name = `"${headers[c]}"`;
    const problem = slashOrderProblem(headers[c], verdict);
    if (problem) throw new DateColumnError(problem);
    const cache = new Map<string, number | undefined>();
    let unread = 0;
    let firstUnread: DateEvidence | undefined;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const cell = row[c];
      if (typeof cell !== "string") continue;
      let serial = cache.get(cell);
      if (serial === undefined && !cache.has(cell)) {
        serial = parseDateText(cell, verdict.order);
        if (cache.size < 100_000) cache.set(cell, serial);
      }
      if (serial !== undefined) row[c] = serial;
      else if (cell.trim() !== "") {
        unread++;
        firstUnread ??= { row: r, text: cell.trim() };
      }
    }
    const orderNote = slashOrderNote(headers[c], verdict, 2, options.locale);
    if (orderNote) {
      notes.push(orderNote.note);
      sheetNotes.push(orderNote.sheet);
    }
    if (firstUnread) {
      notes.push(
        `${unread.toLocaleString("en-US")} cell${unread === 1 ? "" : "s"} of ${name} ${unread === 1 ? "is" : "are"} not a date (first in row ${firstUnread.row + 2}: "${firstUnread.text}") and ${unread === 1 ? "is" : "are"} left out of the trend`,
      );
    }
    dateColumns.add(c);
  }
  const columns = [...dateColumns].sort((a, b) => a - b);
  if (options.today !== undefined) notes.push(...futureDateNotes(rows, headers, columns, options.today));
  return { columns, notes, sheetNotes };
}

/**
 * The date window both commands share, on the scorecard's side: dates after the run date are
 * flagged (kept in the trend, which shows them), one note per date column with the column's
 * span, so an export's stray 2204-03-01 is seen.
 */
function futureDateNotes(rows: readonly unknown[][], headers: readonly string[], columns: readonly number[], today: number): string[] {
  const notes: string[] = [];
  for (const c of columns) {
    let future = 0;
    let first: { row: number; day: number } | undefined;
    let from = Infinity;
    let to = -Infinity;
    for (let r = 0; r < rows.length; r++) {
      const v = rows[r][c];
      if (typeof v !== "number" || !Number.isFinite(v)) continue;
      const day = Math.floor(v);
      if (day < from) from = day;
      if (day > to) to = day;
      if (day > today) {
        future++;
        first ??= { row: r, day };
      }
    }
    if (first) {
      notes.push(
        `${future.toLocaleString("en-US")} date${future === 1 ? "" : "s"} of "${headers[c]}" ${future === 1 ? "is" : "are"} after today (${dayText(today)}), first in row ${first.row + 2} (${dayText(first.day)}); the column runs from ${dayText(from)} to ${dayText(to)}: check the export (they are kept in the trend)`,
      );
    }
  }
  return notes;
}

/** typeDateColumns without notes: the date columns, for callers that need only them. */
export function convertDateColumns(rows: unknown[][], width: number, known: readonly number[] = []): number[] {
  const headers = Array.from({ length: width }, (_, i) => `column ${i + 1}`);
  return typeDateColumns(rows, headers, { known }).columns;
}

/** --date-format: DD/MM/YYYY (or dmy) and MM/DD/YYYY (or mdy); undefined when not a known form. */
export function parseDateFormat(text: string): SlashOrder | undefined {
  const t = text.trim().toUpperCase().replace(/[.\-]/g, "/");
  if (t === "DMY" || t === "DD/MM/YYYY" || t === "D/M/Y" || t === "DD/MM/YY") return "dmy";
  if (t === "MDY" || t === "MM/DD/YYYY" || t === "M/D/Y" || t === "MM/DD/YY") return "mdy";
  return undefined;
}
