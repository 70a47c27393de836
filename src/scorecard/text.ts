/**
 * Text cleaning, written once. XML 1.0 (the format of .xlsx sheets and of Office.js payloads)
 * forbids most C0 control characters, U+FFFE, U+FFFF and unpaired surrogates: a file holding
 * them is not well-formed and Excel refuses or "repairs" it. Cleaning happens where text comes
 * in (the CLI's readers), so the data sheet, the scorecard's labels and the string literals of
 * its formulas all hold the same cleaned text, and again in the xlsx writer as a last guard.
 * Pure: no I/O.
 */

// C0 controls except TAB, LF and CR; U+FFFE and U+FFFF; unpaired surrogates.
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_FORBIDDEN_TEST = new RegExp(XML_FORBIDDEN.source);

/** Whether `s` holds a character XML 1.0 forbids. */
export function hasXmlForbidden(s: string): boolean {
  return XML_FORBIDDEN_TEST.test(s);
}

/** `s` without the characters XML 1.0 forbids (the same string when it has none). */
export function xmlSafe(s: string): string {
  return hasXmlForbidden(s) ? s.replace(XML_FORBIDDEN, "") : s;
}

/**
 * Cleans a table as read, in place: headers and every text cell lose the characters XML
 * forbids. Returns how many texts were changed (0 when the data was clean).
 */
export function cleanTableText(headers: string[], rows: unknown[][]): number {
  let changed = 0;
  for (let c = 0; c < headers.length; c++) {
    if (hasXmlForbidden(headers[c])) {
      headers[c] = xmlSafe(headers[c]);
      changed++;
    }
  }
  for (const row of rows) {
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === "string" && hasXmlForbidden(v)) {
        const t = xmlSafe(v);
        row[c] = t.trim() === "" ? null : t;
        changed++;
      }
    }
  }
  return changed;
}

// Every C0 and C1 control character (terminal escapes start with ESC or CSI) and DEL.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;

/** Text safe to echo on a terminal: control characters become spaces; one line. */
export function printable(s: string): string {
  return s.replace(CONTROL, " ");
}
