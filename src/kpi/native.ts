/**
 * Building blocks of the native Excel formulas that the KPI modules generate for portable
 * scorecards (workbooks that work without the add-in).
 *
 * They follow the same range-reading rules as coerce.ts: blanks and other text are skipped,
 * and numbers stored as text count when they are plain decimals. `valueOr` keeps a number
 * as it is and reads text as a number only in that form: text that a spreadsheet would coerce
 * but the KPI functions skip ("$5", "5%", "9/10", "9:00", "2024-01-05", "1e5", "TRUE") fails
 * once "e0" is appended ("$5e0" is no number in LibreOffice or Excel; "5e0" is 5), and a comma
 * is replaced first, since "1,000e0" is still 1000 in LibreOffice. Measured in LibreOffice:
 * test/native-formulas.test.ts and the reading-rule matrix of test/scorecard-statistics.test.ts.
 * A fallback that fails the test keeps unreadable cells out. SUMPRODUCT evaluates its arguments
 * as arrays in every Excel version and in LibreOffice, so no array entry is needed, as long as
 * no IF or IFERROR sits inside it (those are intersected to one row in Excel without dynamic
 * arrays): masks multiply, and the text of a cell is chosen with REPT.
 *
 * `ref` is always an absolute, bounded reference ("'Data'!$B$2:$B$901"); whole columns are
 * never produced.
 */

/** A cell's text trimmed, commas made unreadable, "e0" appended: a number only for plain decimal text. */
function decimalText(ref: string): string {
  return `SUBSTITUTE(TRIM(${ref}),",","#")&"e0"`;
}

/** 1 where a cell of ref is text that reads as a plain decimal, 0 elsewhere (never an error, error cells included). */
function isDecimalText(ref: string): string {
  return `ISTEXT(${ref})*ISNUMBER(--(${decimalText(ref)}))`;
}

/**
 * 1 where a cell of ref is a number or plain decimal text (what the KPI functions read), 0
 * elsewhere. Never an error, so a count over it never fails.
 */
export function readable(ref: string): string {
  return `(ISNUMBER(${ref})+${isDecimalText(ref)})`;
}

/**
 * The number of each cell of ref as the KPI functions read it (a number as it is, plain decimal
 * text as that number), or `fallback` where it has none; an error cell stays its error, so the
 * statistic over it is that error, as the function's result is.
 *
 * No IF and no IFERROR: Excel without dynamic arrays evaluates an IF inside SUMPRODUCT for one
 * row only (implicit intersection) unless the formula is array-entered, which Range.formulas
 * cannot do. The cell's text is chosen by REPT(text, 0 or 1) instead, then read once: the
 * number's own text, the decimal text, or the fallback. A number passes through its text,
 * which Excel writes with 15 significant digits (the digits a typed number has).
 */
export function valueOr(ref: string, fallback: number): string {
  const num = `ISNUMBER(${ref})*1`;
  const text = isDecimalText(ref);
  return `--(REPT(${ref},${num})&REPT(${decimalText(ref)},${text})&REPT(${formatNumber(fallback)},1-${num}-${text}))`;
}

/**
 * An array expression counted only in the rows `where` (an array condition selecting a group)
 * selects: the condition multiplies, it does not branch. LibreOffice evaluates an array IF
 * several times slower than a product, so group conditions never sit inside an IF.
 */
export function inGroup(expr: string, where: string | null): string {
  return where ? `(${where})*(${expr})` : expr;
}

/** How many cells of ref (in the rows `where` selects) hold a number or numeric text. */
export function countNumeric(ref: string, where: string | null = null): string {
  return `SUMPRODUCT(${inGroup(readable(ref), where)})`;
}

/** How many cells of ref are numbers from lo to hi (inclusive). */
export function countBetween(ref: string, lo: number, hi: number, where: string | null = null): string {
  const v = valueOr(ref, lo - 1);
  return `SUMPRODUCT(${inGroup(`(${v}>=${lo})*(${v}<=${hi})`, where)})`;
}

/** How many readable numbers of ref lie off the whole-number scale lo..hi. */
export function countOffScale(ref: string, lo: number, hi: number, where: string | null = null): string {
  const v = valueOr(ref, lo);
  return `SUMPRODUCT(${inGroup(`(${v}<${lo})+(${v}>${hi})+(${v}<>INT(${v}))`, where)})`;
}

/** Sum of the numbers and numeric text of ref (a number is read as it is, never through text). */
export function sumNumeric(ref: string, where: string | null = null): string {
  return `SUMPRODUCT(${inGroup(valueOr(ref, 0), where)})`;
}

/** A formula that is #N/A when there is nothing to compute from, and #N/A for off-scale data. */
export function guarded(count: string, offScale: string | null, body: string): string {
  const bad = offScale ? `${offScale}>0,NA(),` : "";
  return offScale ? `IF(${count}=0,NA(),IF(${bad}${body}))` : `IF(${count}=0,NA(),${body})`;
}

/**
 * `body`, or #VALUE! (what the KPI function returns) when any of the `outside` conditions holds:
 * an aggregate KPI's native formula checks the same domain as its function, so an input cell
 * edited in the sheet later never turns into a number the function would refuse.
 */
export function withinDomain(outside: readonly string[], body: string): string {
  return outside.length === 0 ? body : `IF(OR(${outside.join(",")}),VALUE("out of range"),${body})`;
}

/** A number or a reference as formula text. */
export type Operand = string | number;

export function operand(x: Operand): string {
  return typeof x === "number" ? formatNumber(x) : x;
}

/** A number as formula text: plain decimal, never locale-dependent. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot write ${x} into a formula`);
  return String(x);
}

/** Sum of the squares of the numbers and numeric text of ref (for variances). */
export function sumSquaresNumeric(ref: string, where: string | null = null): string {
  return `SUMPRODUCT(${inGroup(`${valueOr(ref, 0)}^2`, where)})`;
}
