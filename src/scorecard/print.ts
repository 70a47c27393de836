/**
 * How the scorecard prints, for both writers (the CLI's .xlsx and the pane's Office.js): the
 * paper a locale uses, the orientation the plan's column widths call for, and the geometry the
 * pager lays the sheet out for: the scale it prints at (so that 11-point text prints at 8.4
 * points) and the printed width and height of a page at that scale on either paper. Pure: no I/O.
 */

export type Paper = "a4" | "letter";
export type Orientation = "portrait" | "landscape";

/** Above this many characters of column widths the scorecard prints landscape. */
export const PORTRAIT_MAX_CHARS = 110;

/** Portrait unless the columns (widths in characters) pass PORTRAIT_MAX_CHARS. */
export function orientationOf(columnWidths: readonly number[]): Orientation {
  return columnWidths.reduce((k, w) => k + w, 0) > PORTRAIT_MAX_CHARS ? "landscape" : "portrait";
}

/**
 * Regions that use US Letter, by ISO 3166 code (CLDR supplemental data, paperSize "US-Letter":
 * US, Canada, Mexico, Chile, Colombia, Costa Rica, Guatemala, Panama, Philippines, Puerto Rico,
 * El Salvador, Venezuela, Belize, Dominican Republic, Nicaragua); everywhere else A4.
 */
const LETTER_REGIONS = new Set(["US", "CA", "MX", "CL", "CO", "CR", "GT", "PA", "PH", "PR", "SV", "VE", "BZ", "DO", "NI"]);

/** The region of a locale name: "en_US.UTF-8", "fr-CA", "de_DE@euro" -> "US", "CA", "DE". */
export function localeRegion(locale: string): string | null {
  const m = /^[a-z]{2,3}[-_]([A-Za-z]{2})\b/.exec(locale.trim());
  return m ? m[1].toUpperCase() : null;
}

/** The paper of a locale ("en-US" Letter, "de-DE" A4); a locale without a region is A4. */
export function paperOfLocale(locale: string): Paper {
  const region = localeRegion(locale);
  return region !== null && LETTER_REGIONS.has(region) ? "letter" : "a4";
}

/** The scale the scorecard prints at, in percent: 11-point text prints at 8.4 points. */
export const PRINT_SCALE = 76;
/** Chart text in points (11 labels, axes and legends; 12 titles): printed at PRINT_SCALE, 8.4 points or more. Both writers set them. */
export const CHART_TEXT_POINTS = 11;
export const CHART_TITLE_POINTS = 12;
/** The footer both writers set: the sheet's name and the page, in 11-point text that prints at 8.4 points (Excel and LibreOffice scale the footer with the sheet). */
export const FOOTER = { left: "&11&A", right: "&11Page &P of &N" } as const;
/** Page margins in inches, as both writers set them. */
export const MARGINS = { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 } as const;
/** Paper sizes in inches (portrait). */
const PAPER_INCHES: Record<Paper, { readonly width: number; readonly height: number }> = { a4: { width: 8.27, height: 11.69 }, letter: { width: 8.5, height: 11 } };
/** Room the footer line takes above the bottom margin, in points. */
const FOOTER_POINTS = 12;

/**
 * The sheet's points that fit on a printed page at PRINT_SCALE, on whichever of A4 and Letter is
 * smaller in that direction (Letter is narrower in landscape, A4 shorter), so that a layout made
 * for it prints the same on both.
 */
export function pagePoints(orientation: Orientation): { readonly width: number; readonly height: number } {
  const side = (p: Paper) => (orientation === "landscape" ? { width: PAPER_INCHES[p].height, height: PAPER_INCHES[p].width } : PAPER_INCHES[p]);
  const width = Math.min(side("a4").width, side("letter").width) - MARGINS.left - MARGINS.right;
  const height = Math.min(side("a4").height, side("letter").height) - MARGINS.top - MARGINS.bottom;
  const scale = PRINT_SCALE / 100;
  return { width: (width * 72) / scale, height: (height * 72 - FOOTER_POINTS) / scale };
}

/**
 * A column's width in points, from its width in characters, as the widest of the applications
 * that print it draws it: Excel takes a character as 7 pixels of Calibri 11's digits (96 pixels
 * an inch: 5.25 points), LibreOffice without Calibri (or its metric twin Carlito) as a digit of
 * the font it falls back to, DejaVu Sans: 7 points (measured in its PDF output). A layout within
 * the page by this measure fits in both.
 */
export function columnPoints(width: number): number {
  if (width <= 0) return 0;
  const excel = Math.trunc(((256 * width + Math.trunc(128 / 7)) / 256) * 7) * 0.75;
  return Math.max(excel, width * DEJAVU_CHAR_POINTS);
}

/** Points a character of column width takes where LibreOffice draws Calibri as DejaVu Sans 11. */
const DEJAVU_CHAR_POINTS = 7;
