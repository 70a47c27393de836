/**
 * Formula text as an .xlsx file stores it, and back. Excel writes a formula without its "=",
 * a function newer than Excel 2007 with the `_xlfn.` prefix (`_xlfn.NORM.S.INV`), and a
 * JavaScript custom function with the `_xldudf_` prefix and the dots of its name as
 * underscores: `=KPI.NPS.MOE(B2:B9)` is saved as `_xldudf_KPI_NPS_MOE(B2:B9)`. Excel reads a
 * bare `KPI.NPS(` in a file as an unknown name that no add-in ever claims, so a live workbook
 * must carry the `_xldudf_` form (seen in files Excel saved; office-js issues #2568 and #5611,
 * Excel-Custom-Functions #108 describe it).
 *
 * Text inside string literals and quoted sheet names is never touched.
 */

/** Functions added after Excel 2007: the file format stores them with an `_xlfn.` prefix. */
const XLFN = new Set([
  "NORM.S.INV", "NORM.S.DIST", "NORM.INV", "NORM.DIST", "T.DIST", "T.DIST.2T", "T.INV", "T.INV.2T", "T.TEST",
  "STDEV.S", "STDEV.P", "VAR.S", "VAR.P", "PERCENTILE.INC", "PERCENTILE.EXC", "QUARTILE.INC", "MODE.SNGL",
  "CHISQ.TEST", "CONFIDENCE.NORM", "IFNA", "IFS", "SWITCH", "MAXIFS", "MINIFS", "CONCAT", "TEXTJOIN", "XOR",
  "DAYS", "ISOWEEKNUM", "XLOOKUP", "XMATCH", "FILTER", "SORT", "SORTBY", "UNIQUE", "SEQUENCE", "LET", "LAMBDA",
  "CEILING.MATH", "FLOOR.MATH", "AGGREGATE", "FORMULATEXT", "SHEET", "SHEETS", "NUMBERVALUE", "RANDARRAY",
  "HSTACK", "VSTACK", "TAKE", "DROP", "CHOOSECOLS", "CHOOSEROWS", "TOCOL", "TOROW", "WRAPROWS", "WRAPCOLS", "EXPAND",
  "TEXTSPLIT", "TEXTBEFORE", "TEXTAFTER", "MAP", "REDUCE", "SCAN", "BYROW", "BYCOL", "MAKEARRAY", "ISOMITTED",
]);

/** The add-in's function namespace (manifest.xml `Namespace`). */
const NAMESPACE = "KPI";
const UDF_PREFIX = "_xldudf_";
const XLFN_PREFIX = "_xlfn.";

/** A text literal ("..." with "" inside), a quoted sheet name ('...' with '' inside), each to the end when unclosed, or a name before "(". */
const TOKENS = /"(?:[^"]|"")*"?|'(?:[^']|'')*'?|[A-Za-z_][A-Za-z0-9_.]*(?=\()/g;
/** A character a function name cannot follow (it would be the end of a longer name). */
const NAME_CHAR = /[A-Za-z0-9_.]/;

/**
 * Rewrites every function name in `body` with `rename`, leaving literals and quoted names alone:
 * one pass of one regular expression (a per-character loop that tried a pattern at every
 * position took 1.9 s of the 10M-row CLV sheet's 374,000 rows of formulas).
 */
export function renameFunctions(body: string, rename: (name: string) => string): string {
  if (!body.includes("(")) return body;
  return body.replace(TOKENS, (token: string, at: number) => {
    if (token[0] === '"' || token[0] === "'") return token;
    return at > 0 && NAME_CHAR.test(body[at - 1]) ? token : rename(token);
  });
}

/** A formula as the file stores it: no leading "=", `_xlfn.` and `_xldudf_` names. */
export function fileFormula(formula: string): string {
  const body = formula.startsWith("=") ? formula.slice(1) : formula;
  return renameFunctions(body, (name) => {
    const upper = name.toUpperCase();
    if (XLFN.has(upper)) return `${XLFN_PREFIX}${name}`;
    if (upper.startsWith(`${NAMESPACE}.`)) return `${UDF_PREFIX}${name.replace(/\./g, "_")}`;
    return name;
  });
}

/**
 * A formula as the file stored it, as Excel shows it in a cell: with "=", without `_xlfn.`,
 * and `_xldudf_KPI_NPS_MOE` read back as `KPI.NPS.MOE`. The add-in's names have no
 * underscores, so every underscore after the namespace was a dot. A formula already in the
 * shown form (`KPI.NPS(`, as earlier versions of the command line wrote it) stays as it is.
 */
export function sheetFormula(stored: string): string {
  const body = stored.startsWith("=") ? stored.slice(1) : stored;
  return `=${renameFunctions(body, (name) => {
    if (name.toLowerCase().startsWith(XLFN_PREFIX)) return name.slice(XLFN_PREFIX.length);
    if (name.toLowerCase().startsWith(`${UDF_PREFIX}${NAMESPACE.toLowerCase()}_`)) return name.slice(UDF_PREFIX.length).replace(/_/g, ".");
    return name;
  })}`;
}
