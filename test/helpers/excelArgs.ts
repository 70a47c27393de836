// Shared by the KPI tests: assertions on the core's Result values, an independent normal
// distribution for checking statistics by hand, and fast-check arbitraries of the arguments
// Excel hands a custom function (2-D arrays of cells, scalars, null for omitted arguments).
import fc from "fast-check";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { isKpiError, type KpiErrorCode, type Result } from "../../src/kpi";
import type { ArgKind } from "../../src/kpi/types";

/** Asserts that a core result is a value (not a KpiError) and returns it. */
export function ok<T>(result: Result<T>): T {
  if (isKpiError(result)) throw new Error(`expected a value, got the error ${result.toString()}`);
  return result;
}

/** Asserts that a core result is a number and returns it. */
export function num(result: Result<unknown>): number {
  const value = ok(result);
  if (typeof value !== "number") throw new Error(`expected a number, got ${JSON.stringify(value)}`);
  return value;
}

/** Asserts a KpiError with this code whose message contains every fragment; returns the message. */
export function expectKpiError(result: Result<unknown>, code: KpiErrorCode, ...fragments: string[]): string {
  if (!isKpiError(result)) throw new Error(`expected ${code}, got the value ${JSON.stringify(result)}`);
  expect(result.code).toBe(code);
  for (const fragment of fragments) expect(result.message).toContain(fragment);
  if (code !== "#NUM!") expect(result.message.trim()).not.toBe("");
  return result.message;
}

/** A column of cells, as Excel passes a one-column range. */
export function column(...cells: unknown[]): unknown[][] {
  return cells.map((cell) => [cell]);
}

/** n copies of a value. */
export function repeat<T>(value: T, n: number): T[] {
  return Array.from({ length: n }, () => value);
}

// ---------------------------------------------------------------------------------------------
// An independent standard normal distribution (Simpson's rule on the density), used to check
// p-values and quantiles "by hand" without trusting src/kpi/stats.ts.

const SQRT_2PI = Math.sqrt(2 * Math.PI);

function density(t: number): number {
  return Math.exp((-t * t) / 2) / SQRT_2PI;
}

/** P(0 <= Z <= x) for x >= 0 by composite Simpson's rule (error far below 1e-12 for x <= 8). */
function centralMass(x: number, intervals = 4000): number {
  const h = x / intervals;
  let s = density(0) + density(x);
  for (let k = 1; k < intervals; k++) s += (k % 2 === 1 ? 4 : 2) * density(k * h);
  return (s * h) / 3;
}

/** Two-sided p-value of a z statistic, 2 * P(Z > |z|), by numerical integration. */
export function twoSidedP(z: number): number {
  return 2 * (0.5 - centralMass(Math.abs(z)));
}

// ---------------------------------------------------------------------------------------------
// fast-check arbitraries of Excel-like arguments.

/** A number as Excel may hold it: small whole scores most often, then any finite double. */
export const excelNumber: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 10 }), weight: 8 },
  { arbitrary: fc.integer({ min: -1000, max: 1000 }), weight: 1 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 2 },
  { arbitrary: fc.constantFrom(1e300, -1e300, 1e-300, -1e-300, 0.5, 7.5, 1e308, Number.MAX_VALUE, Number.MIN_VALUE), weight: 1 },
);

/** Text that is a number after trimming: " 7", "9.0 ", "1e2". */
export const numericText: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(fc.integer({ min: 0, max: 10 }).map(String), fc.integer({ min: 0, max: 10 }).map((n) => `${n}.0`), fc.constantFrom("1e2", "0.5", "-3", "1e300")),
    fc.constantFrom("", " ", "  ", "\t"),
    fc.constantFrom("", " ", "  "),
  )
  .map(([n, before, after]) => `${before}${n}${after}`);

/** Text that is not a number: answers, flags, dashes, Excel-ish words. */
export const otherText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("N/A", "-", "no answer", "yes", "no", "Y", "n", "TRUE", "false", "NPS", "csat", "KPI.CHURN", "clv", "wald", "adjusted", "great service", "does not work", "Infinity", "NaN", "0x10", "1,5"),
  fc.string({ maxLength: 12 }),
);

/** One cell of a range as Excel passes it. */
export const excelCell: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: excelNumber, weight: 10 },
  { arbitrary: numericText, weight: 2 },
  { arbitrary: otherText, weight: 2 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 2 },
  { arbitrary: fc.constantFrom("", "   "), weight: 1 },
);

/** A 2-D range: rectangular most of the time, sometimes ragged, sometimes empty. */
export const excelRange: fc.Arbitrary<unknown[][]> = fc.oneof(
  {
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 4 }))
      .chain(([rows, cols]) => fc.array(fc.array(excelCell, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows })),
    weight: 6,
  },
  { arbitrary: fc.array(fc.array(excelCell, { maxLength: 4 }), { maxLength: 8 }), weight: 2 },
  { arbitrary: fc.constantFrom<unknown[][]>([], [[]], [[null]]), weight: 1 },
);

/** A scalar argument: a number, numeric or other text, a boolean, a blank, or a one-cell range. */
export const excelScalar: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: excelNumber, weight: 8 },
  { arbitrary: numericText, weight: 1 },
  { arbitrary: otherText, weight: 1 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constantFrom(null, ""), weight: 1 },
  { arbitrary: excelCell.map((cell) => [[cell]]), weight: 1 },
);

/** A text argument (BAND's kpi, NPS.MOE's method, SENTIMENT's text). */
export const excelText: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: otherText, weight: 4 },
  { arbitrary: excelScalar, weight: 1 },
  { arbitrary: excelRange, weight: 1 },
);

/** null for an omitted optional argument, or a value of the kind. */
function optional(arb: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: arb, weight: 2 });
}

/** The arbitrary of one argument kind, as declared by FunctionDef.kinds. */
export function argOf(kind: ArgKind): fc.Arbitrary<unknown> {
  switch (kind) {
    case "range":
      return fc.oneof({ arbitrary: excelRange, weight: 4 }, { arbitrary: excelScalar, weight: 1 });
    case "scalar":
      return excelScalar;
    case "text":
      return excelText;
    case "optional-range":
      return optional(fc.oneof({ arbitrary: excelRange, weight: 4 }, { arbitrary: excelScalar, weight: 1 }));
    case "optional-scalar":
      return optional(excelScalar);
    case "optional-text":
      return optional(excelText);
  }
}

/** Arguments for a function with these kinds, in order. */
export function argsOf(kinds: readonly ArgKind[]): fc.Arbitrary<unknown[]> {
  return fc.tuple(...kinds.map(argOf));
}

// ---------------------------------------------------------------------------------------------
// The catalogue of spec/functions.md and spec/why.md, read at test time from ../shared next to
// the repository.

/** Where the shared spec lives when the repository is checked out next to it. */
export const SPEC_PATH = path.resolve(__dirname, "..", "..", "..", "shared", "spec", "functions.md");

/** The spec of the why functions (key drivers, verbatim themes), beside functions.md. */
export const WHY_SPEC_PATH = path.resolve(path.dirname(SPEC_PATH), "why.md");

/** The section name given to why.md's table: the page has no "## " heading above it. */
export const WHY_SECTION = "Why";

/**
 * Functions that spec/why.md defines and that are not built yet. The catalogue tests leave them
 * out of the spec they compare with, and fail when one of them is registered while still
 * listed here: building one is its FunctionDef plus taking its name off this list.
 */
export const PLANNED: readonly string[] = [];

export interface CatalogueParam {
  readonly name: string;
  readonly optional: boolean;
  /** The default as the spec writes it ("9", "\"wald\""), when it gives one. */
  readonly default?: string;
}

export interface CatalogueEntry {
  /** Name after the namespace: "NPS.MOE". */
  readonly name: string;
  readonly params: readonly CatalogueParam[];
  /** The "## " section of the spec whose table lists it ("Functions", "Statistics: intervals, ..."). */
  readonly section?: string;
}

/** The spec's sections of catalogue functions that src/kpi implements, in the spec's order. */
export const KPI_SECTIONS = ["Functions", "Statistics: intervals, tests and many comparisons"] as const;

/** Splits "a, [b = 1], [c = \"x, y\"]" at the commas that are outside brackets and quotes. */
function splitParams(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === "[") depth++;
    if (!quoted && ch === "]") depth--;
    if (ch === "," && depth === 0 && !quoted) {
      parts.push(current.trim());
      current = "";
    } else {
      current += ch;
    }
  }
  if (current.trim() !== "") parts.push(current.trim());
  return parts;
}

/**
 * Parses every function table of the catalogue's markdown (rows of `KPI.X` | parameters | ...),
 * noting each row's "## " section; rows before the first such heading are in `section` when it
 * is given, and skipped otherwise.
 */
export function parseCatalogue(markdown: string, section = ""): CatalogueEntry[] {
  const entries: CatalogueEntry[] = [];
  for (const line of markdown.split("\n")) {
    const heading = /^## (.+?)\s*$/.exec(line);
    if (heading) section = heading[1];
    const m = /^\|\s*`KPI\.([A-Z][A-Z0-9.]*)`\s*\|([^|]*)\|/.exec(line);
    if (!m || section === "") continue;
    const params = splitParams(m[2]).map((raw): CatalogueParam => {
      const optional = raw.startsWith("[") && raw.endsWith("]");
      const inner = optional ? raw.slice(1, -1) : raw;
      const [name, def] = inner.split("=").map((s) => s.trim());
      return def === undefined ? { name, optional } : { name, optional, default: def };
    });
    entries.push({ name: m[1], params, section });
  }
  return entries;
}

/** Every function spec/why.md defines, built or PLANNED (an empty list without the file). */
export function readWhyCatalogue(): CatalogueEntry[] {
  return existsSync(WHY_SPEC_PATH) ? parseCatalogue(readFileSync(WHY_SPEC_PATH, "utf8"), WHY_SECTION) : [];
}

/**
 * The catalogue of the shared spec: functions.md's functions, then why.md's built ones (section
 * WHY_SECTION); undefined when the spec is not checked out next to the repo.
 */
export function readCatalogue(): CatalogueEntry[] | undefined {
  if (!existsSync(SPEC_PATH)) return undefined;
  return [...parseCatalogue(readFileSync(SPEC_PATH, "utf8")), ...readWhyCatalogue().filter((e) => !PLANNED.includes(e.name))];
}
