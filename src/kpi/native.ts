/**
 * Building blocks of the native Excel formulas that the KPI modules generate for portable
 * scorecards (workbooks that work without the add-in).
 *
 * They follow the same range-reading rules as coerce.ts: blanks and other text are skipped,
 * and numbers stored as text count when they are plain decimals. A `Reading` keeps a number
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

/**
 * A cell's text with spaces and non-breaking spaces trimmed at its ends (coerce.ts's rule), any
 * space or comma left inside made unreadable, "e0" appended: a number only for plain decimal
 * text. Inside spaces matter: LibreOffice reads "- 5e0" as -5, where the functions skip "- 5";
 * a non-breaking space becomes a space first, so TRIM takes it off the ends and the inside one
 * is refused like a space (the character itself, not CHAR(160), which is another character on
 * a Mac).
 */
function decimalText(ref: string): string {
  return `SUBSTITUTE(SUBSTITUTE(TRIM(SUBSTITUTE(${ref},"\u00a0"," "))," ","#"),",","#")&"e0"`;
}

/** 1 where a cell of ref is text that reads as a plain decimal, 0 elsewhere (never an error, error cells included). */
function isDecimalText(ref: string): string {
  return `ISTEXT(${ref})*ISNUMBER(--(${decimalText(ref)}))`;
}

/**
 * How a formula reads the cells of a range. Two readings give the same numbers:
 *
 * - `withText` applies the whole rule to every cell. No IF and no IFERROR: Excel without
 *   dynamic arrays evaluates an IF inside SUMPRODUCT for one row only (implicit intersection)
 *   unless the formula is array-entered, which Range.formulas cannot do. Each test is split
 *   into a part for number cells (comparisons and MATCH, which never fail on text) and a part
 *   for text cells that reads the decimal text once; a test that could fail is made 1 or 0 by
 *   ISNUMBER(1/test) (1/FALSE is #DIV/0!). Where a cell's number itself is needed (`value`),
 *   its text is chosen by REPT(text, 0 or 1) and read once: the number's own text, the decimal
 *   text, or the fallback; a number passes through its text, which Excel writes with 15
 *   significant digits (the digits a typed number has). An error cell stays its error, so the
 *   statistic over it is that error, as the function's result is.
 * - `numbersOnly` holds where the range has nothing but numbers and blanks: a number is read
 *   as it is, arithmetic only. Reading every cell through text made LibreOffice recalculate a
 *   100,000-row portable scorecard in 1,037 s instead of 80 s (bench/RESULTS.md, section 7);
 *   arithmetic alone brings it back.
 *
 * `byReading` writes both and lets the sheet choose with COUNTA(ref)=COUNT(ref) (no text, no
 * logical value, no error cell): an IF outside SUMPRODUCT with one value as its condition,
 * which Excel and LibreOffice evaluate lazily, so only the chosen branch is computed, and a
 * cell edited into text later switches the formula to the whole rule.
 */
export interface Reading {
  /** Whether the range may hold text (the whole rule), or only numbers and blanks. */
  readonly text: boolean;
  /** 1 where a cell of ref is a number or plain decimal text (what the KPI functions read), 0 elsewhere; never an error. */
  readable(ref: string): string;
  /** The number of each cell of ref as the KPI functions read it, or `fallback` where it has none. */
  value(ref: string, fallback: number): string;
  /** 1 where a cell of ref reads as a number from lo to hi (inclusive), 0 elsewhere. */
  between(ref: string, lo: number, hi: number): string;
  /** 1 where a cell of ref reads as one of `list`, 0 elsewhere. */
  oneOf(ref: string, list: readonly number[]): string;
  /** 1 where a cell of ref reads as a number off the whole numbers lo..hi (hi null: no upper end), 0 elsewhere; an error cell is its error. */
  offScale(ref: string, lo: number, hi: number | null): string;
  /** The sum of the numbers (and numeric text) of ref in the rows `where` selects. */
  sum(ref: string, where: string | null): string;
  /** The sum of their squares. */
  sumSquares(ref: string, where: string | null): string;
  /** The sum of their cubes. */
  sumCubes(ref: string, where: string | null): string;
}

/** A whole-number scale short enough to be listed for MATCH (one reading of the text instead of four). */
const LISTED_SCALE = 30;

function wholeNumbers(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
}

const arrayOf = (list: readonly number[]): string => `{${list.map(formatNumber).join(",")}}`;

/** The number of a decimal text cell (an error for any other cell; used only under ISTEXT and ISNUMBER). */
const textNumber = (ref: string): string => `--(${decimalText(ref)})`;

/** 1 where `test` (over the values `v`) holds, 0 where it fails or is an error. */
const holds = (test: string): string => `ISNUMBER(1/(${test}))`;

/** The off-scale test of a value expression. */
const offTest = (v: string, lo: number, hi: number | null): string => `(${v}<${lo})+${hi === null ? "" : `(${v}>${hi})+`}(${v}<>INT(${v}))`;

/** The number of each decimal text cell of ref, 0 for every other cell (never an error). */
function textValue(ref: string): string {
  return `(--(REPT(${decimalText(ref)},${isDecimalText(ref)})&"0"))`;
}

export const numbersOnly: Reading = {
  text: false,
  readable: (ref) => `(ISNUMBER(${ref})*1)`,
  // A blank is 0 in arithmetic; only blanks take a fallback other than 0.
  value: (ref, fallback) => (fallback === 0 ? `(${ref}+0)` : `(${ref}+(1-ISNUMBER(${ref}))*(${formatNumber(fallback)}))`),
  between: (ref, lo, hi) => `ISNUMBER(${ref})*(${ref}>=${lo})*(${ref}<=${hi})`,
  oneOf: (ref, list) => `ISNUMBER(${ref})*ISNUMBER(MATCH(${ref},${arrayOf(list)},0))`,
  offScale: (ref, lo, hi) => `ISNUMBER(${ref})*${holds(offTest(ref, lo, hi))}`,
  sum: (ref, where) => (where === null ? `SUM(${ref})` : `SUMPRODUCT(--(${where}),${ref})`),
  sumSquares: (ref, where) => (where === null ? `SUMSQ(${ref})` : `SUMPRODUCT(--(${where}),${ref},${ref})`),
  sumCubes: (ref, where) => (where === null ? `SUMPRODUCT(${ref},${ref},${ref})` : `SUMPRODUCT(--(${where}),${ref},${ref},${ref})`),
};

export const withText: Reading = {
  text: true,
  readable: (ref) => `(ISNUMBER(${ref})+${isDecimalText(ref)})`,
  value(ref, fallback) {
    const num = `ISNUMBER(${ref})*1`;
    const text = isDecimalText(ref);
    return `--(REPT(${ref},${num})&REPT(${decimalText(ref)},${text})&REPT(${formatNumber(fallback)},1-${num}-${text}))`;
  },
  // The number cells as numbersOnly reads them (never an error on text), plus the text cells.
  between: (ref, lo, hi) => `(${numbersOnly.between(ref, lo, hi)}+ISTEXT(${ref})*${holds(`(${textNumber(ref)}>=${lo})*(${textNumber(ref)}<=${hi})`)})`,
  oneOf: (ref, list) => `(${numbersOnly.oneOf(ref, list)}+ISTEXT(${ref})*ISNUMBER(MATCH(${textNumber(ref)},${arrayOf(list)},0)))`,
  offScale(ref, lo, hi) {
    // (ref=ref) is 1, or the cell's error: an error cell makes this statistic its error too.
    const numbers = `ISNUMBER(${ref})*(${ref}=${ref})*${holds(offTest(ref, lo, hi))}`;
    // MATCH of an unreadable text's error is that error, not #N/A: ISNA counts only readable numbers off the list.
    const text = hi !== null && hi - lo <= LISTED_SCALE ? `ISNA(MATCH(${textNumber(ref)},${arrayOf(wholeNumbers(lo, hi))},0))` : holds(offTest(textNumber(ref), lo, hi));
    return `(${numbers}+ISTEXT(${ref})*${text})`;
  },
  // SUMPRODUCT of separate arrays counts text as 0 (and carries an error cell); the text's numbers are added.
  sum: (ref, where) => `(${numbersOnly.sum(ref, where)}+SUMPRODUCT(${inGroup(textValue(ref), where)}))`,
  sumSquares: (ref, where) => `(${numbersOnly.sumSquares(ref, where)}+SUMPRODUCT(${inGroup(`${textValue(ref)}^2`, where)}))`,
  sumCubes: (ref, where) => `(${numbersOnly.sumCubes(ref, where)}+SUMPRODUCT(${inGroup(`${textValue(ref)}^3`, where)}))`,
};


/**
 * TRUE when a range holds only numbers and blanks (no text, logical value or error). The
 * planner replaces this exact text by a cell holding it (sharedReadingTests), so a sheet
 * tests each data column once, not once per statistic.
 */
export function readingTest(ref: string): string {
  return `COUNTA(${ref})=COUNT(${ref})`;
}

/**
 * The cell that holds a column's reading test: 1 or 0 (a number, since LibreOffice has no
 * logical type and shows a recalculated TRUE as 0 or 1 anyway), shown through
 * READING_TEST_FORMAT as whether the column holds text. IF and AND read 1 as TRUE.
 */
export function readingTestCell(ref: string): string {
  return `--(${readingTest(ref)})`;
}

/** Number format of a reading-test cell: 1 (numbers only) shows "none", 0 shows "some" (text in the column). */
export const READING_TEST_FORMAT = '"none";"none";"some"';

/** A formula built for both readings, the sheet choosing by whether `refs` hold anything but numbers and blanks. */
export function byReading(refs: readonly string[], build: (read: Reading) => string): string {
  const fast = build(numbersOnly);
  const full = build(withText);
  if (fast === full) return fast;
  const test = refs.length === 1 ? readingTest(refs[0]) : `AND(${refs.map(readingTest).join(",")})`;
  return `IF(${test},${fast},${full})`;
}

/** `formula` with the reading test of each of `refs` replaced by the cell that holds it (`cells[k]` for `refs[k]`). */
export function sharedReadingTests(formula: string, refs: readonly string[], cells: readonly string[]): string {
  return refs.reduce((text, ref, k) => text.split(readingTest(ref)).join(cells[k]), formula);
}

/** `build` under the reading given, or under both (byReading over `refs`) when none is. */
function read(refs: readonly string[], given: Reading | undefined, build: (read: Reading) => string): string {
  return given ? build(given) : byReading(refs, build);
}

/**
 * 1 where a cell of ref is one of `words` (spaces around it ignored; "=" ignores case in Excel
 * and LibreOffice, as the segment conditions rely on), 0 elsewhere: a sum of comparisons, so it
 * goes inside SUMPRODUCT or is added to an expression there.
 */
export function wordIs(ref: string, words: readonly string[]): string {
  // Spaces and non-breaking spaces off the ends, as readFlag takes them (a NBSP becomes a space first, as in decimalText).
  return words.map((w) => `(TRIM(SUBSTITUTE(${ref},"\u00a0"," "))="${w.toUpperCase()}")`).join("+");
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
export function countNumeric(ref: string, where: string | null = null, reading?: Reading): string {
  return read([ref], reading, (r) => (where === null && !r.text ? `COUNT(${ref})` : `SUMPRODUCT(${inGroup(r.readable(ref), where)})`));
}

/** How many cells of ref are numbers from lo to hi (inclusive). */
export function countBetween(ref: string, lo: number, hi: number, where: string | null = null, reading?: Reading): string {
  return read([ref], reading, (r) => `SUMPRODUCT(${inGroup(r.between(ref, lo, hi), where)})`);
}

/** How many readable numbers of ref lie off the whole-number scale lo..hi (each counted once). */
export function countOffScale(ref: string, lo: number, hi: number, where: string | null = null, reading?: Reading): string {
  return read([ref], reading, (r) => `SUMPRODUCT(${inGroup(r.offScale(ref, lo, hi), where)})`);
}

/** Sum of the numbers and numeric text of ref. */
export function sumNumeric(ref: string, where: string | null = null, reading?: Reading): string {
  return read([ref], reading, (r) => r.sum(ref, where));
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

/**
 * 1 - confidence as a formula writes it: 0.05, not the 0.050000000000000044 that 1 - 0.95 is in
 * binary (the two give the same t quantile to 15 digits; the formula bar reads the level).
 */
export function alphaText(confidence: number): string {
  return formatNumber(Number((1 - confidence).toPrecision(12)));
}

/** Sum of the squares of the numbers and numeric text of ref (for variances). */
export function sumSquaresNumeric(ref: string, where: string | null = null, reading?: Reading): string {
  return read([ref], reading, (r) => r.sumSquares(ref, where));
}

/** Sum of the cubes of the numbers and numeric text of ref (for the skewness). */
export function sumCubesNumeric(ref: string, where: string | null = null, reading?: Reading): string {
  return read([ref], reading, (r) => r.sumCubes(ref, where));
}

/** Sum of (x - shift) over the numbers and numeric text x of ref (sumNumeric when shift is 0); sample.ts's Moments. */
export function sumAbout(ref: string, shift: number, where: string | null = null, reading?: Reading): string {
  if (shift === 0) return sumNumeric(ref, where, reading);
  // A cell without a number reads as the shift itself, so it adds 0.
  return read([ref], reading, (r) => `SUMPRODUCT(${inGroup(`${r.value(ref, shift)}-${formatNumber(shift)}`, where)})`);
}

/** Sum of (x - shift)^2 over the numbers and numeric text x of ref (sumSquaresNumeric when shift is 0). */
export function sumSquaresAbout(ref: string, shift: number, where: string | null = null, reading?: Reading): string {
  if (shift === 0) return sumSquaresNumeric(ref, where, reading);
  return read([ref], reading, (r) => `SUMPRODUCT(${inGroup(`(${r.value(ref, shift)}-${formatNumber(shift)})^2`, where)})`);
}

/** Sum of (x - shift)^3 over the numbers and numeric text x of ref (sumCubesNumeric when shift is 0). */
export function sumCubesAbout(ref: string, shift: number, where: string | null = null, reading?: Reading): string {
  if (shift === 0) return sumCubesNumeric(ref, where, reading);
  return read([ref], reading, (r) => `SUMPRODUCT(${inGroup(`(${r.value(ref, shift)}-${formatNumber(shift)})^3`, where)})`);
}
