/**
 * Dates written as text (in a CSV, or as text cells of a sheet) turned into Excel serial
 * numbers (1900 date system: 1 = 1900-01-01, 45292 = 2024-01-01), the form the scorecard
 * planner reads a period column in.
 *
 * Formats read: ISO `2024-03-05`, `2024/03/05`, with an optional time `2024-03-05 14:30`,
 * `2024-03-05T14:30:00.000Z` (a zone suffix is ignored: the wall-clock time is kept);
 * day-first `05.03.2024`; and slashed `05/03/2024` or `03/05/2024`, read day-first or
 * month-first for the whole column: day-first when some first part is above 12, month-first
 * otherwise (the US export default). Two-digit years are not read (too ambiguous).
 */

const EXCEL_EPOCH_UTC_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

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

/** Excel serial of a JavaScript date, read as UTC (as exceljs gives dates). */
export function serialOfDate(date: Date): number {
  return (date.getTime() - EXCEL_EPOCH_UTC_MS) / DAY_MS;
}

/** How many sample texts a column is judged on. */
const SAMPLE = 2000;
/** Share of a column's non-blank text sample that must be dates for the column to be dates. */
const DATE_SHARE = 0.9;

export interface DateColumnVerdict {
  readonly isDate: boolean;
  readonly order: SlashOrder;
}

/**
 * Decides from the non-blank cells of a column whether it holds dates, and how slashes read.
 * Numbers count against (a column of numbers with a stray date text is not a date column).
 */
export function judgeDateColumn(cells: Iterable<unknown>): DateColumnVerdict {
  let seen = 0;
  let dayFirst = false;
  const candidates: string[] = [];
  for (const cell of cells) {
    if (cell === null || cell === undefined) continue;
    if (typeof cell !== "string") {
      seen++;
    } else {
      const t = cell.trim();
      if (t === "") continue;
      seen++;
      candidates.push(t);
      const s = SLASHED.exec(t);
      if (s && Number(s[1]) > 12) dayFirst = true;
    }
    if (seen >= SAMPLE) break;
  }
  const order: SlashOrder = dayFirst ? "dmy" : "mdy";
  let dates = 0;
  for (const t of candidates) if (parseDateText(t, order) !== undefined) dates++;
  return { isDate: dates > 0 && dates / seen >= DATE_SHARE, order };
}

/**
 * Turns the date texts of date columns into serials, in place (rows are arrays this module's
 * caller owns). Returns the columns that hold dates (including `known`, columns whose cells
 * were already dates). Texts that do not parse in a date column stay as they are.
 */
export function convertDateColumns(rows: unknown[][], width: number, known: readonly number[] = []): number[] {
  const dateColumns = new Set<number>(known);
  for (let c = 0; c < width; c++) {
    if (dateColumns.has(c)) continue;
    const cells = function* (): Generator<unknown> {
      for (const row of rows) yield row[c];
    };
    const verdict = judgeDateColumn(cells());
    if (!verdict.isDate) continue;
    const cache = new Map<string, number | undefined>();
    for (const row of rows) {
      const cell = row[c];
      if (typeof cell !== "string") continue;
      let serial = cache.get(cell);
      if (serial === undefined && !cache.has(cell)) {
        serial = parseDateText(cell, verdict.order);
        if (cache.size < 100_000) cache.set(cell, serial);
      }
      if (serial !== undefined) row[c] = serial;
    }
    dateColumns.add(c);
  }
  return [...dateColumns].sort((a, b) => a - b);
}
