/**
 * Does a formula compute the same in Excel without dynamic arrays (2016, 2019, and any formula
 * written to a file as a plain <f>)? There, a formula that is not array-entered evaluates a
 * range or array where a function expects one value by implicit intersection: the cell on the
 * formula's row, or the array's first item ("Excel Dynamic Array Improvements", Microsoft Excel
 * blog, 2019-02-19, https://techcommunity.microsoft.com/t5/excel-blog/excel-dynamic-array-improvements/ba-p/332070).
 * Range.formulas cannot array-enter a formula, so every planned formula must stay within:
 *
 * - a multi-cell range or array constant is a whole argument of a function that takes ranges
 *   (SUM, COUNT, MIN, SMALL, COUNTIFS..., and the add-in's KPI.* functions, whose range
 *   parameters are matrices), or
 * - it lies inside SUMPRODUCT, which evaluates its arguments as arrays in every Excel, but not
 *   under an IF, IFERROR, IFNA or CHOOSE there (those are still intersected unless the formula
 *   is array-entered);
 * - and no function that Excel 2016 lacks (HSTACK, FILTER, LET, IFS, MINIFS, ...) nor the
 *   spill operators (@, A1#) appear.
 *
 * A checker, not a parser of every formula: it reads what the planner writes (A1 references with
 * an optional sheet, strings, numbers, array constants, function calls). The .xlsx writer asks
 * it which formulas need array evaluation (needsArrayEntry): only those are stored as legacy
 * array formulas (`<f t="array">`, shown as {=...} in Excel); every other formula is plain.
 */

/** Functions that take a range or an array as a whole argument without array entry. */
const RANGE_FUNCTIONS = new Set([
  "SUM", "SUMSQ", "COUNT", "COUNTA", "COUNTBLANK", "COUNTIF", "COUNTIFS", "SUMIF", "SUMIFS", "AVERAGE", "AVERAGEIF", "AVERAGEIFS",
  "MIN", "MAX", "SMALL", "LARGE", "ROWS", "COLUMNS", "INDEX", "MATCH", "SUMPRODUCT",
]);
/** Functions that do not evaluate their arguments as arrays, even inside SUMPRODUCT. */
const SCALAR_BRANCHES = new Set(["IF", "IFERROR", "IFNA", "CHOOSE"]);
/** Functions newer than Excel 2016 (Microsoft's function reference: "Excel 2019", "Excel 2021", "Microsoft 365"). */
const NEWER_FUNCTIONS = new Set([
  "HSTACK", "VSTACK", "FILTER", "SORT", "SORTBY", "UNIQUE", "SEQUENCE", "RANDARRAY", "LET", "LAMBDA", "XLOOKUP", "XMATCH",
  "TEXTJOIN", "CONCAT", "IFS", "SWITCH", "MAXIFS", "MINIFS", "TAKE", "DROP", "CHOOSECOLS", "CHOOSEROWS", "TOCOL", "TOROW",
  "WRAPROWS", "WRAPCOLS", "EXPAND", "TEXTSPLIT", "TEXTBEFORE", "TEXTAFTER", "BYROW", "BYCOL", "MAP", "REDUCE", "SCAN",
  "MAKEARRAY", "SINGLE", "ANCHORARRAY", "GROUPBY", "PIVOTBY",
]);

const TOKEN = new RegExp(
  [
    String.raw`(?<str>"(?:[^"]|"")*")`,
    String.raw`(?<arr>\{[^}]*\})`,
    String.raw`(?<fn>[A-Za-z_][A-Za-z0-9_.]*)\(`,
    String.raw`(?<ref>(?:(?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)(?<spill>#?)`,
    String.raw`(?<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)`,
    String.raw`(?<name>[A-Za-z_][A-Za-z0-9_.]*)`,
    String.raw`(?<punct>[(),])`,
    String.raw`(?<op>[-+*/^&=<>%@: ]+)`,
  ].join("|"),
  "y",
);

interface Frame {
  readonly fn: string | null;
  /** Tokens of the argument being read (counted at this level only). */
  tokens: number;
  /** Array-valued items seen directly in the argument being read. */
  arrays: string[];
}

/**
 * Whether a formula computes differently without array evaluation in Excel without dynamic
 * arrays (a range intersected to one cell): then a file must store it array-entered. A function
 * Excel 2016 lacks is not cured by array entry, so it does not count here.
 */
export function needsArrayEntry(formula: string): boolean {
  return legacyArrayProblems(formula).some((p) => / is intersected to one value$/.test(p));
}

const isRange = (ref: string): boolean => {
  const cells = ref.replace(/^.*!/, "").replace(/\$/g, "").split(":");
  return cells.length === 2 && cells[0] !== cells[1];
};

/** Why `formula` would compute differently in Excel without dynamic arrays; empty when it would not. */
export function legacyArrayProblems(formula: string): string[] {
  const text = formula.startsWith("=") ? formula.slice(1) : formula;
  const problems: string[] = [];
  const stack: Frame[] = [{ fn: null, tokens: 0, arrays: [] }];
  const judge = (frame: Frame, ancestors: readonly Frame[]) => {
    for (const item of frame.arrays) {
      const chain = [...ancestors.map((a) => a.fn), frame.fn];
      const inSumproduct = chain.lastIndexOf("SUMPRODUCT");
      if (inSumproduct >= 0) {
        const branch = chain.slice(inSumproduct + 1).find((fn) => fn !== null && SCALAR_BRANCHES.has(fn));
        if (branch) problems.push(`${item} under ${branch} inside SUMPRODUCT is intersected to one value`);
        continue;
      }
      const whole = frame.tokens === 1 && frame.fn !== null && (RANGE_FUNCTIONS.has(frame.fn) || frame.fn.startsWith("KPI."));
      if (!whole) problems.push(`${item} in ${frame.fn ?? "an expression"} outside SUMPRODUCT is intersected to one value`);
    }
    frame.tokens = 0;
    frame.arrays = [];
  };
  let at = 0;
  TOKEN.lastIndex = 0;
  while (at < text.length) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m || m.index !== at || !m.groups) {
      problems.push(`cannot read the formula at "${text.slice(at, at + 20)}"`);
      break;
    }
    at = TOKEN.lastIndex;
    const g = m.groups;
    const top = stack[stack.length - 1];
    if (g.fn !== undefined) {
      const name = g.fn.toUpperCase().replace(/^_XLFN\./, "");
      if (NEWER_FUNCTIONS.has(name)) problems.push(`${name} does not exist in Excel 2016`);
      top.tokens++;
      stack.push({ fn: name, tokens: 0, arrays: [] });
    } else if (g.punct === "(") {
      top.tokens++;
      stack.push({ fn: null, tokens: 0, arrays: [] });
    } else if (g.punct === "," || g.punct === ")") {
      judge(top, stack.slice(0, -1));
      if (g.punct === ")") {
        if (stack.length === 1) {
          problems.push("unbalanced parentheses");
          break;
        }
        // A bare group's arrays were judged as an expression (never a whole argument) when it closed.
        stack.pop();
      }
    } else if (g.ref !== undefined) {
      top.tokens++;
      if (g.spill) problems.push(`the spill reference ${g.ref}# needs dynamic arrays`);
      if (isRange(g.ref)) top.arrays.push(g.ref);
    } else if (g.arr !== undefined) {
      top.tokens++;
      top.arrays.push(g.arr);
    } else if (g.op !== undefined) {
      if (g.op.includes("@")) problems.push("the @ operator needs dynamic arrays");
      if (g.op.trim() !== "") top.tokens++;
    } else {
      top.tokens++;
    }
  }
  judge(stack[0], []);
  if (stack.length !== 1) problems.push("unbalanced parentheses");
  return problems;
}
