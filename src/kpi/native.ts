/**
 * Building blocks of the native Excel formulas that the KPI modules generate for portable
 * scorecards (workbooks that work without the add-in).
 *
 * They follow the same range-reading rules as coerce.ts: blanks and other text are skipped,
 * and numbers stored as text count. `--TRIM(cell)` turns a number or numeric text into a
 * number and anything else into an error, so IFERROR with a sentinel that fails the test
 * keeps unreadable cells out. SUMPRODUCT evaluates its arguments as arrays in every Excel
 * version and in LibreOffice, so no array entry is needed. Sums use SUM (exact for numbers)
 * plus the numeric text, so no number makes a round trip through text.
 *
 * `ref` is always an absolute, bounded reference ("'Data'!$B$2:$B$901"); whole columns are
 * never produced.
 */

/** The numeric value of each cell of ref, or `fallback` where it has none. */
export function valueOr(ref: string, fallback: number): string {
  return `IFERROR(--TRIM(${ref}),${fallback})`;
}

/** How many cells of ref hold a number or numeric text. */
export function countNumeric(ref: string): string {
  return `SUMPRODUCT(--ISNUMBER(--TRIM(${ref})))`;
}

/** How many cells of ref are numbers from lo to hi (inclusive). */
export function countBetween(ref: string, lo: number, hi: number): string {
  const v = valueOr(ref, lo - 1);
  return `SUMPRODUCT((${v}>=${lo})*(${v}<=${hi}))`;
}

/** How many readable numbers of ref lie off the whole-number scale lo..hi. */
export function countOffScale(ref: string, lo: number, hi: number): string {
  const v = valueOr(ref, lo);
  return `SUMPRODUCT((${v}<${lo})+(${v}>${hi})+(IFERROR(MOD(--TRIM(${ref}),1),0)<>0))`;
}

/** Sum of the numbers and numeric text of ref. */
export function sumNumeric(ref: string): string {
  return `(SUM(${ref})+SUMPRODUCT(ISTEXT(${ref})*${valueOr(ref, 0)}))`;
}

/** A formula that is #N/A when there is nothing to compute from, and #N/A for off-scale data. */
export function guarded(count: string, offScale: string | null, body: string): string {
  const bad = offScale ? `${offScale}>0,NA(),` : "";
  return offScale ? `IF(${count}=0,NA(),IF(${bad}${body}))` : `IF(${count}=0,NA(),${body})`;
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
export function sumSquaresNumeric(ref: string): string {
  return `SUMPRODUCT(${valueOr(ref, 0)}^2)`;
}
