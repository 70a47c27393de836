/**
 * How the scorecard prints, for both writers (the CLI's .xlsx and the pane's Office.js): the
 * paper a locale uses and the orientation the plan's column widths call for. Pure: no I/O.
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
