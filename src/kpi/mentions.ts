/**
 * Whether a comment mentions a theme: one rule, written twice from the same tables, as the
 * add-in's code (foldComment, themeWords, mentions) and as native Excel formulas
 * (foldFormula, mentionFormula), so that a portable scorecard's share of comments per theme is
 * the add-in's, and an edit of a theme's words in its cell recalculates it in Excel and
 * LibreOffice alike.
 *
 * A comment is folded:
 *  1. lower-cased;
 *  2. "n't" read "not" ("didn't call" is "did not call", so the word "not call" finds both);
 *  3. apostrophes taken out ("it's" is "its", as the tokenizer of src/kpi/tokens.ts writes it);
 *  4. a clause break (. , ; : ? ! ( ) … | and line breaks) read " | ": a phrase never matches
 *     across one ("no, callback" does not say "no callback"), as the tokenizer's clauses;
 *  5. other punctuation (hyphens and dashes, slashes, quotes, _ & + * ~ # [ ] { } < > =, tabs,
 *     non-breaking spaces) read as a space ("on-hold" says "on hold");
 *  6. runs of spaces made one and the ends trimmed (Excel's TRIM).
 * A theme's words are one text, separated by commas or semicolons ("wait, queue, on hold"),
 * folded the same way (a clause break inside a word reads as a space); at most THEME_WORDS of
 * them are read. A comment mentions the theme when one of its words, padded with a space on
 * each side, occurs in the folded comment padded the same way: whole words and phrases, in
 * sequence ("wait" finds "Wait!" and "the wait was", not "waiter"; "on hold" finds "put
 * ON-HOLD", not "hold on").
 *
 * Where this departs from the tokenizer, and why: the tokenizer splits at any character that is
 * no letter or digit and joins negators to the next word ("never had a callback" is
 * never_callback); a spreadsheet formula can do neither for every character, so the rule folds
 * a fixed list and the rest stay part of a word in both engines ("wait😡" is one word), and a
 * theme word says its negation as the comment does ("no callback", "never called back").
 * Accents are kept ("café" is not "cafe"), in both.
 *
 * A comment is a text cell whose fold is not empty; numbers, logical values and blanks are none.
 */

/** Most words a theme's cell is read for (the formula's constant array has this many slots). */
export const THEME_WORDS = 20;

/** Characters that end a clause: in a comment they read " | ", in a theme's words a space. */
const CLAUSE_BREAKS = [".", ",", ";", ":", "?", "!", "(", ")", "…", "|", "\n", "\r"] as const;
/** Characters read as a space. "#" is among them, so no folded text holds one (see mentionFormula). */
const SPACES = ["\u00a0", "\t", "-", "–", "—", "/", "\\", '"', "“", "”", "_", "&", "+", "*", "~", "#", "[", "]", "{", "}", "<", ">", "="] as const;
/** Read before the apostrophes go, so that "n't" is still there to read. */
const NOT: readonly (readonly [string, string])[] = [["n't", " not"], ["n’t", " not"]];
const APOSTROPHES = ["'", "’", "‘"] as const;

/** The fold as replacements, in order: a comment's, and a theme's words' (commas and semicolons kept as separators). */
const COMMENT_STEPS: readonly (readonly [string, string])[] = [
  ...NOT,
  ...APOSTROPHES.map((c) => [c, ""] as const),
  ...CLAUSE_BREAKS.map((c) => [c, " | "] as const),
  ...SPACES.map((c) => [c, " "] as const),
];
const WORD_STEPS: readonly (readonly [string, string])[] = [
  ...NOT,
  ...APOSTROPHES.map((c) => [c, ""] as const),
  [";", ","],
  ...CLAUSE_BREAKS.filter((c) => c !== "," && c !== ";").map((c) => [c, " "] as const),
  ...SPACES.map((c) => [c, " "] as const),
];

/** Excel's TRIM: spaces (only the character 32) off the ends, inner runs made one. */
function trim(text: string): string {
  return text.split(" ").filter((w) => w !== "").join(" ");
}

function fold(text: string, steps: readonly (readonly [string, string])[]): string {
  let out = text.toLowerCase();
  for (const [from, to] of steps) out = out.split(from).join(to);
  return out;
}

/** A comment as the rule reads it (steps 1 to 6); "" for a text that says nothing. */
export function foldComment(text: string): string {
  return trim(fold(text, COMMENT_STEPS));
}

/**
 * The words of a theme's cell (or of a list the user gave) as the rule reads them: folded,
 * split at commas and semicolons, trimmed, the first THEME_WORDS pieces (empty ones count
 * among them, as the formula's slots do), the empty ones dropped.
 */
export function themeWords(words: string | readonly string[]): string[] {
  const text = typeof words === "string" ? words : words.join(",");
  return fold(text, WORD_STEPS).split(",").slice(0, THEME_WORDS).map(trim).filter((w) => w !== "");
}

/** Whether a folded comment mentions one of a theme's folded words (whole words, in sequence). */
export function mentions(folded: string, words: readonly string[]): boolean {
  if (folded === "") return false;
  const padded = ` ${folded} `;
  return words.some((w) => w !== "" && padded.includes(` ${w} `));
}

/** A cell's value as a comment: its fold, or null for no comment (not text, or a fold that is empty). */
export function commentOf(cell: unknown): string | null {
  if (typeof cell !== "string") return null;
  const folded = foldComment(cell);
  return folded === "" ? null : folded;
}

// ---------------------------------------------------------------------------------------------
// The same rule as native formulas.

/** A character as a formula's text literal (line breaks and tabs through CHAR: a literal line break is no formula text). */
function charLiteral(c: string): string {
  if (c === "\n") return "CHAR(10)";
  if (c === "\r") return "CHAR(13)";
  if (c === "\t") return "CHAR(9)";
  return `"${c.replace(/"/g, '""')}"`;
}

function foldSteps(x: string, steps: readonly (readonly [string, string])[]): string {
  return steps.reduce((out, [from, to]) => `SUBSTITUTE(${out},${charLiteral(from)},"${to}")`, `LOWER(${x})`);
}

/** The fold of each cell of `ref` (a range or one cell) as a formula: TRIM of the substitutions. */
export function foldFormula(ref: string): string {
  return `TRIM(${foldSteps(ref, COMMENT_STEPS)})`;
}

/** 1 where a cell of `ref` is a comment (text whose fold is not empty), 0 elsewhere; an error cell is its error. */
export function commentFormula(ref: string): string {
  return `ISTEXT(${ref})*(${foldFormula(ref)}<>"")`;
}

/**
 * A theme's words as a row of THEME_WORDS texts, each padded with a space on either side: the
 * folded list's commas widened to runs of spaces as long as the text (so each piece sits in a
 * window of its own), each window cut out by MID and trimmed. `list` is a cell or a text literal.
 */
function wordsFormula(list: string): string {
  // The fold makes a text at most 4/3 as long ("n't" is " not"): twice the length plus one is room enough.
  const width = `(2*LEN(${list})+1)`;
  const slots = `{${Array.from({ length: THEME_WORDS }, (_, k) => k).join(",")}}`;
  return `" "&TRIM(MID(SUBSTITUTE(${foldSteps(list, WORD_STEPS)},",",REPT(" ",${width})),${slots}*${width}+1,${width}))&" "`;
}

/**
 * 1 where a cell of `ref` mentions one of the theme's words, 0 elsewhere (an error cell is its
 * error): SEARCH of the padded words (a row) in the padded folds (a column), a comment per row
 * of the result, summed across by MMULT. An empty word slot is "  ", which never occurs: the
 * comment is padded as " " & TRIM(fold & " #") & " ", whose spaces are single and which is never
 * empty (its "#" is no word: the fold reads every "#" as a space). SEARCH's wildcards (? * ~)
 * are folded out of the words. Goes inside SUMPRODUCT.
 */
export function mentionFormula(ref: string, list: string): string {
  const padded = `" "&TRIM(${foldSteps(ref, COMMENT_STEPS)}&" #")&" "`;
  const ones = `{${Array.from({ length: THEME_WORDS }, () => 1).join(";")}}`;
  return `ISTEXT(${ref})*(MMULT(ISNUMBER(SEARCH(${wordsFormula(list)},${padded}))*1,${ones})>0)`;
}
