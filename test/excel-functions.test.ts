// The test that plays Excel's part (issue 2, "What must be shown" item 1).
//
// It evaluates the built dist/functions.js in a bare context whose only globals are
// CustomFunctions and self/window (test/helpers/functionsRuntime.ts), checks that what it
// registers is what dist/functions.json declares and what the catalogue of spec/functions.md
// lists, and then calls each function through the registered implementation with arguments
// shaped as Excel passes them: 2-D arrays for range parameters with null for blank cells,
// numeric text, booleans, and null for an omitted optional argument.
//
// Run `npm run build` first (`npm test` does).
import { existsSync } from "node:fs";
import * as path from "node:path";
import { FUNCTIONS } from "../src/functions/catalogue";
import type { ArgKind } from "../src/kpi";
import { columnOf, columnsOf, DRIVERS_DATA, readTable } from "./helpers/drivers";
import { column, readCatalogue, repeat, SPEC_PATH, twoSidedP, type CatalogueEntry } from "./helpers/excelArgs";
import { CustomFunctionsError, DIST_DIR, ErrorCode, loadFunctions, type FunctionMetadata, type LoadedFunctions } from "./helpers/functionsRuntime";

const FUNCTIONS_JS = path.join(DIST_DIR, "functions.js");
const FUNCTIONS_JSON = path.join(DIST_DIR, "functions.json");

let loaded: LoadedFunctions;

beforeAll(() => {
  if (!existsSync(FUNCTIONS_JS) || !existsSync(FUNCTIONS_JSON)) {
    throw new Error(`${FUNCTIONS_JS} or functions.json is missing: run \`npm run build\` first (\`npm test\` builds before it tests)`);
  }
  loaded = loadFunctions();
});

/** Calls KPI.<name> as Excel does. */
function call(name: string, ...args: unknown[]): unknown {
  const fn = loaded.registered.get(name);
  if (!fn) throw new Error(`KPI.${name} is not registered by dist/functions.js`);
  return fn(...args);
}

/** Calls KPI.<name> and asserts a finite number. */
function value(name: string, ...args: unknown[]): number {
  const result = call(name, ...args);
  expect(typeof result).toBe("number");
  expect(Number.isFinite(result)).toBe(true);
  return result as number;
}

/** Calls KPI.<name> and asserts that it throws CustomFunctions.Error with this code and message. */
function fails(code: string, fragments: string[], name: string, ...args: unknown[]): CustomFunctionsError {
  let thrown: unknown;
  try {
    const result = call(name, ...args);
    throw new Error(`KPI.${name} returned ${JSON.stringify(result)} instead of throwing ${code}`);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(loaded.CustomFunctionsError);
  const e = thrown as CustomFunctionsError;
  expect(e.code).toBe(code);
  if (code === ErrorCode.invalidValue || code === ErrorCode.notAvailable) expect(e.message.trim()).not.toBe("");
  for (const fragment of fragments) expect(e.message).toContain(fragment);
  return e;
}

function metadataOf(name: string): FunctionMetadata | undefined {
  return loaded.metadata.functions.find((f) => f.id === name);
}

// ---------------------------------------------------------------------------------------------
// Registration and metadata.

/** Catalogue functions: from the shared spec (functions.md, why.md) when it is checked out next to the repo, and from FUNCTIONS. */
const SPEC: CatalogueEntry[] | undefined = readCatalogue();
const FROM_REGISTRY: CatalogueEntry[] = FUNCTIONS.map((def) => ({
  name: def.name,
  params: def.params.map((name, i) => ({ name, optional: def.kinds[i].startsWith("optional") })),
}));
/** Functions whose result is a range (spec/functions.md): breakdowns, intervals, fits and per-customer values. */
const SPILLED = new Set([
  "NPS.BREAKDOWN", "SENTIMENT", "NPS.CI", "CSAT.CI", "FCR.CI", "CES.CI", "FDR",
  "RFM", "BGNBD.FIT", "BGNBD.ALIVE", "BGNBD.EXPECTED", "GG.FIT", "GG.SPEND", "CLV.PREDICT", "SBG.FIT", "SBG.SURVIVAL", "SBG.RETENTION",
  "DRIVERS", "DRIVERS.R2", "DRIVERS.CI",
  "THEMES",
]);
const SOURCES: [string, CatalogueEntry[]][] = SPEC ? [["the spec", SPEC], ["src/functions/catalogue.ts", FROM_REGISTRY]] : [["src/functions/catalogue.ts", FROM_REGISTRY]];

describe("what dist/functions.js registers", () => {
  it("is exactly the set of ids that functions.json declares", () => {
    const declared = loaded.metadata.functions.map((f) => f.id).sort();
    const registered = [...loaded.registered.keys()].sort();
    expect(registered).toEqual(declared);
    expect(new Set(declared).size).toBe(declared.length);
  });

  it("reads the catalogue of spec/functions.md when it is next to the repository", () => {
    if (!SPEC) {
      console.warn(`${SPEC_PATH} not found: checking against src/functions/catalogue.ts only`);
      return;
    }
    const registry = FROM_REGISTRY.map((e) => e.name);
    expect(SPEC.map((e) => e.name).sort()).toEqual([...registry].sort());
    // The catalogue keeps the spec's order within the main catalogue, the predictive-CLV section
    // and why.md; the statistics sit beside their KPI's functions (test/kpi/registry.test.ts).
    for (const section of new Set(SPEC.map((e) => e.section ?? ""))) {
      if (!/^(Functions|Predictive|Why)/.test(section)) continue;
      const listed = SPEC.filter((e) => e.section === section).map((e) => e.name);
      expect(registry.filter((name) => listed.includes(name))).toEqual(listed);
    }
  });

  describe.each(SOURCES)("every function of %s", (_source, entries) => {
    it.each(entries.map((e) => [e.name, e] as const))("KPI.%s is registered with its parameter names in order and [optional] ones optional", (name, entry) => {
      expect(loaded.registered.has(name)).toBe(true);
      const meta = metadataOf(name);
      expect(meta).toBeDefined();
      if (!meta) return;
      expect(meta.name).toBe(name);
      expect(meta.parameters.map((p) => p.name)).toEqual(entry.params.map((p) => p.name));
      expect(meta.parameters.map((p) => p.optional === true)).toEqual(entry.params.map((p) => p.optional));
      expect(meta.parameters.every((p) => p.repeating !== true)).toBe(true);
    });
  });

  it.each(FUNCTIONS.map((def) => [def.name, def.kinds] as const))("KPI.%s takes its range parameters as 2-D arrays", (name, kinds: readonly ArgKind[]) => {
    const meta = metadataOf(name);
    expect(meta).toBeDefined();
    meta?.parameters.forEach((p, i) => {
      if (kinds[i] === "range" || kinds[i] === "optional-range") expect(p.dimensionality).toBe("matrix");
      if (kinds[i] === "scalar" || kinds[i] === "optional-scalar") expect(p.dimensionality ?? "scalar").toBe("scalar");
    });
  });

  it("declares spilled results for the functions that spill, text for BAND and numbers otherwise", () => {
    for (const meta of loaded.metadata.functions) {
      if (SPILLED.has(meta.id)) expect(meta.result?.dimensionality).toBe("matrix");
      else if (meta.id === "BAND") expect(meta.result?.type).toBe("string");
      else expect(meta.result?.type).toBe("number");
    }
  });

  it("gives every function a description and an https help URL to its README section", () => {
    for (const meta of loaded.metadata.functions) {
      expect(meta.description?.trim()).toBeTruthy();
      expect(meta.helpUrl).toMatch(/^https:\/\/\S+#kpi[a-z0-9]+$/);
      expect(meta.helpUrl).toContain(`#kpi${meta.id.replace(/\./g, "").toLowerCase()}`);
      for (const p of meta.parameters) expect(p.description?.trim()).toBeTruthy();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Defaults: an omitted argument (null, as Excel passes it, or undefined) behaves as the
// catalogue's default.

/** Valid required arguments for each function that has optional ones with a default. */
const BASE_ARGS: Record<string, unknown[]> = {
  NPS: [column(0, 6, 7, 8, 9, 10, 5)],
  "NPS.MOE": [column(0, 6, 7, 8, 9, 10, 5)],
  // Groups whose pooled and unpooled (or Welch) p-values differ, so the default shows.
  "NPS.TEST": [column(0, 6, 7, 8, 9, 10, 5), column(10, 10, 9, 9, 9, 3)],
  CSAT: [column(1, 2, 3, 4, 5, 4)],
  CES: [column(1, 7, 6, 5)],
  "CLV.MARGIN": [150, 0.55, 0.1],
  "NPS.CI": [column(0, 6, 7, 8, 9, 10, 5)],
  "CSAT.CI": [column(1, 2, 3, 4, 5, 4)],
  "CSAT.TEST": [column(1, 2, 3, 4, 5, 4), column(5, 5, 4, 2)],
  "CES.CI": [column(1, 7, 6, 5)],
  "CES.TEST": [column(1, 7, 6, 5), column(2, 3, 7)],
  FDR: [column(0.01, 0.04, 0.03)],
  RFM: [column("a", "a", "b"), column(35431, 35445, 35440), column(10, 20, 5)],
  "CLV.PREDICT": [52, 2, 30.43, 38.86, 22.35, 0.243, 4.414, 0.793, 2.426, 6.25, 3.74, 15.44],
  "SBG.DERL": [0.668, 3.806, 0.1],
  DRIVERS: [column(7, 9, 3, 8, 10, 6, 5, 9), [[4, 3], [5, 4], [2, 2], [4, 5], [5, 5], [3, 3], [3, 2], [5, 4]]],
  "DRIVERS.CI": [column(7, 9, 3, 8, 10, 6, 5, 9), [[4, 3], [5, 4], [2, 2], [4, 5], [5, 5], [3, 3], [3, 2], [5, 4]]],
  THEMES: [
    column(...Array.from({ length: 7 }, (_, k) => (k < 4 ? "long wait on hold" : "wait, then a refund")), ...Array.from({ length: 7 }, () => "friendly staff")),
    column(...Array.from({ length: 7 }, () => 3), ...Array.from({ length: 7 }, () => 10)),
  ],
};

/** Defaults as the catalogue states them; the spec's own table is preferred when present. */
const DEFAULTS: [name: string, param: string, value: string][] = [
  ["NPS", "promoter_min", "9"],
  ["NPS", "detractor_max", "6"],
  ["NPS.MOE", "confidence", "0.95"],
  ["NPS.MOE", "method", '"wald"'],
  ["NPS.TEST", "method", '"pooled"'],
  ["CSAT", "scale_max", "5"],
  ["CSAT", "satisfied_min", "scale_max - 1"],
  ["CES", "scale_max", "7"],
  ["CLV.MARGIN", "acquisition_cost", "0"],
  ["NPS.CI", "method", '"wald"'],
  ["CSAT.CI", "scale_max", "5"],
  ["CSAT.TEST", "scale_max", "5"],
  ["CES.CI", "scale_max", "7"],
  ["CES.TEST", "scale_max", "7"],
  ["CES.TEST", "method", '"pooled"'],
  ["FDR", "q", "0.05"],
  ["RFM", "period", '"week"'],
  ["CLV.PREDICT", "discount_rate", "0"],
  ["CLV.PREDICT", "margin", "1"],
  ["SBG.DERL", "renewals", "0"],
  ["DRIVERS", "method", '"shapley"'],
  ["DRIVERS.CI", "method", '"shapley"'],
  ["DRIVERS.CI", "confidence", "0.95"],
  ["DRIVERS.CI", "resamples", "1000"],
  ["DRIVERS.CI", "seed", "1"],
  ["THEMES", "min_count", "5"],
  ["THEMES", "top", "20"],
];

function specDefaults(): [string, string, string][] {
  if (!SPEC) return DEFAULTS;
  return SPEC.flatMap((e) => e.params.filter((p) => p.default !== undefined).map((p): [string, string, string] => [e.name, p.name, p.default ?? ""]));
}

/** A default as a value; "scale_max - 1" is read with scale_max at its own default 5 (CSAT). */
function parseDefault(text: string): unknown {
  if (text === "scale_max - 1") return 4;
  return text.startsWith('"') ? text.slice(1, -1) : Number(text);
}

describe("omitted optional arguments", () => {
  it("have the defaults of this test's copy of the catalogue in the spec too", () => {
    expect(specDefaults()).toEqual(DEFAULTS);
  });

  it.each(specDefaults())("KPI.%s treats an omitted %s as its default %s", (name, param, text) => {
    const def = FUNCTIONS.find((f) => f.name === name);
    const base = BASE_ARGS[name];
    expect(def).toBeDefined();
    expect(base).toBeDefined();
    if (!def || !base) return;
    const index = def.params.indexOf(param);
    expect(index).toBeGreaterThanOrEqual(base.length);
    const omitted = def.params.map((_p, i) => (i < base.length ? base[i] : null));
    const given = omitted.map((a, i) => (i === index ? parseDefault(text) : a));
    expect(call(name, ...omitted)).toEqual(call(name, ...given));
    // Excel may also leave trailing optional arguments out altogether.
    expect(call(name, ...base)).toEqual(call(name, ...given));
  });
});

// ---------------------------------------------------------------------------------------------
// Reference values of the catalogue, called as Excel calls them.

const Z95 = 1.959963984540054;
const R_SAMPLE = column(0, 7, 7, 9, 9, 9);
const THOUSAND = column(...repeat(9, 250), ...repeat(7, 675), ...repeat(0, 75));

describe("the catalogue's reference values", () => {
  it("KPI.NPS of 0,7,7,9,9,9 is 33.33", () => {
    expect(value("NPS", R_SAMPLE, null, null)).toBeCloseTo(33.33, 2);
  });

  it("KPI.NPS.BREAKDOWN of 0,7,7,9,9,9 gives the per-respondent variance 5/9 and SE 0.3043", () => {
    const spill = call("NPS.BREAKDOWN", R_SAMPLE) as unknown[][];
    const byLabel = new Map(spill.map((row) => [row[0], row[1] as number]));
    const p = byLabel.get("% Promoters") ?? NaN;
    const d = byLabel.get("% Detractors") ?? NaN;
    expect(p + d - (p - d) ** 2).toBeCloseTo(5 / 9, 12);
    // the margin of error is z * SE in points
    expect((byLabel.get("Margin of error (95%)") ?? NaN) / Z95 / 100).toBeCloseTo(0.3043, 4);
    expect(value("NPS.MOE", R_SAMPLE, null, null) / Z95 / 100).toBeCloseTo(0.3043, 4);
  });

  it("1000 responses with 250 promoters and 75 detractors give NPS 17.5 and a Wald SE of 1.716 points", () => {
    expect(value("NPS", THOUSAND, null, null)).toBeCloseTo(17.5, 10);
    expect(value("NPS.MOE", THOUSAND, null, null) / Z95).toBeCloseTo(1.716, 3);
    expect(value("NPS.MOE", THOUSAND, 0.95, "wald") / Z95).toBeCloseTo(1.716, 3);
  });

  it("KPI.CSAT of 5:42, 4:32, 3:10, 2:9, 1:14 is 74/107 = 0.6916", () => {
    const responses = column(...repeat(5, 42), ...repeat(4, 32), ...repeat(3, 10), ...repeat(2, 9), ...repeat(1, 14));
    expect(value("CSAT", responses, null, null)).toBeCloseTo(0.6916, 4);
    expect(value("CSAT", responses, null, null)).toBeCloseTo(74 / 107, 12);
  });

  it("KPI.FCR of 246 resolved of 354 is 0.6949, as counts and as flags", () => {
    expect(value("FCR", [[246]], [[354]])).toBeCloseTo(0.6949, 4);
    expect(value("FCR", column(...repeat(true, 246), ...repeat(false, 108)), null)).toBeCloseTo(0.6949, 4);
  });

  it("KPI.CHURN: 50 lost of 1000 is 0.05; 4 % a month compounds to 0.3873; 1 % to 0.1136", () => {
    expect(value("CHURN", 1000, 50, null)).toBeCloseTo(0.05, 12);
    expect(value("CHURN", 100, 4, 12)).toBeCloseTo(0.3873, 4);
    expect(value("CHURN", 100, 1, 12)).toBeCloseTo(0.1136, 4);
  });

  it("KPI.RETENTION of start 200, end 220, new 40 is 0.90", () => {
    expect(value("RETENTION", 200, 220, 40)).toBeCloseTo(0.9, 12);
  });

  it("KPI.CLV of 100 per purchase, 4 a year, 5 years is 2000", () => {
    expect(value("CLV", 100, 4, 5, null)).toBe(2000);
  });

  it("KPI.CLV.MARGIN is 50 for m 150, r 0.55, d 0.10, acquisition 100 and 2.6667 for m 1, r 0.8, d 0.1", () => {
    expect(value("CLV.MARGIN", 150, 0.55, 0.1, 100)).toBeCloseTo(50, 10);
    expect(value("CLV.MARGIN", 1, 0.8, 0.1, null)).toBeCloseTo(2.6667, 4);
  });

  it("KPI.PROGRESS of NPS from 60 towards 65, now 62, is 0.4", () => {
    expect(value("PROGRESS", 60, 62, 65)).toBeCloseTo(0.4, 12);
  });
});

// ---------------------------------------------------------------------------------------------
// More values, computed by hand, with the argument shapes Excel produces.

describe("arguments shaped as Excel passes them", () => {
  it("KPI.NPS skips null blanks, empty text, \"N/A\" and booleans and reads numeric text", () => {
    // read: 10, 9, 3, 8 -> (2 - 1) / 4 * 100
    const range = [
      [10, null, "N/A"],
      [" 9", "", true],
      ["3.0", "-", 8],
    ];
    expect(value("NPS", range, null, null)).toBe(25);
    expect(value("NPS", range)).toBe(25);
  });

  it("KPI.NPS reads its thresholds from cells holding numeric text", () => {
    // promoters >= 8: 10, 9, 8; detractors <= 3: 3 -> (3 - 1) / 4 * 100
    expect(value("NPS", [[10, 9, 3, 8]], "8", 3)).toBe(50);
  });

  it("KPI.NPS.BREAKDOWN spills 10 rows of label and value, counting skipped non-blank cells", () => {
    const spill = call("NPS.BREAKDOWN", [
      [10, null, "N/A"],
      [" 9", "", true],
      ["3.0", "-", 8],
    ]);
    expect(spill).toEqual([
      ["Responses", 4],
      ["Promoters", 2],
      ["Passives", 1],
      ["Detractors", 1],
      ["% Promoters", 0.5],
      ["% Passives", 0.25],
      ["% Detractors", 0.25],
      ["NPS", 25],
      ["Margin of error (95%)", expect.closeTo(Z95 * Math.sqrt((0.75 - 0.0625) / 4) * 100, 9)],
      ["Skipped cells", 3],
    ]);
  });

  it("KPI.NPS.MOE uses the adjusted method and another confidence", () => {
    // 0,7,7,9,9,9 adjusted: 3.75 promoters, 1.75 detractors of 9
    const p = 3.75 / 9;
    const d = 1.75 / 9;
    expect(value("NPS.MOE", R_SAMPLE, null, "adjusted")).toBeCloseTo(Z95 * Math.sqrt((p + d - (p - d) ** 2) / 9) * 100, 9);
    expect(value("NPS.MOE", R_SAMPLE, 0.9, null)).toBeCloseTo(1.6448536269514722 * Math.sqrt(5 / 54) * 100, 9);
  });

  it("KPI.NPS.TEST gives the p-value of two groups computed by hand, pooled by default and unpooled on request", () => {
    // A: 10,10,10,9,7,3 -> NPS 50, V = 7/12; B: the R sample -> NPS 33.3, V = 5/9; n = 6 each.
    // Pooled: 7 promoters and 2 detractors of 12, V = 9/12 - (5/12)^2.
    const pooled = (1 / 2 - 1 / 3) / Math.sqrt((9 / 12 - (5 / 12) ** 2) * (2 / 6));
    expect(value("NPS.TEST", [[10, 10, 10], [9, 7, 3]], R_SAMPLE, null)).toBeCloseTo(twoSidedP(pooled), 9);
    const unpooled = (1 / 2 - 1 / 3) / Math.sqrt(7 / 12 / 6 + 5 / 9 / 6);
    expect(value("NPS.TEST", [[10, 10, 10], [9, 7, 3]], R_SAMPLE, "unpooled")).toBeCloseTo(twoSidedP(unpooled), 9);
  });

  it("KPI.CSAT reads another scale", () => {
    expect(value("CSAT", [[10, 9], [8, null], [1, "x"]], 10, 9)).toBe(0.5);
  });

  it("KPI.CES is the mean score", () => {
    expect(value("CES", [[7, "6"], [null, 5], [2, "N/A"]], null)).toBe(5);
  });

  it("KPI.FCR reads flags of every form", () => {
    // true: TRUE, "yes", "Y", 1; false: FALSE, "no", "n", 0; "maybe" and blanks skipped
    expect(value("FCR", [[true, false, "yes"], ["no", "Y", "n"], [1, 0, "maybe"], [null, "", null]], null)).toBe(0.5);
  });

  it("KPI.CIS divides by the rows that hold numbers, or by the customers given", () => {
    expect(value("CIS", [[10, 20], [30, null], [null, null], ["N/A", 40]], null)).toBeCloseTo(100 / 3, 12);
    expect(value("CIS", [[10, 20], [30, null], [null, null], ["N/A", 40]], 4)).toBe(25);
  });

  it("KPI.ENGAGEMENT weights action columns", () => {
    expect(value("ENGAGEMENT", [[2, 1], [0, 3], [null, null]], [[1, 10]], null)).toBe(21);
    expect(value("ENGAGEMENT", [[2, 1], [0, 3]], null, null)).toBe(3);
  });

  it("KPI.CII is interactions per project times 100", () => {
    expect(value("CII", [[10], [20]], [[2], [2]])).toBe(750);
    expect(value("CII", [[30]], [[40]])).toBe(75);
  });

  it("KPI.CPI normalises its weights", () => {
    expect(value("CPI", [[80, 60]], [[3, 1]])).toBe(75);
    expect(value("CPI", [[80], [60], [100]], null)).toBe(80);
  });

  it("KPI.CXINDEX averages % top-2 minus % bottom-2 over questions", () => {
    expect(value("CXINDEX", [[5, 1], [4, 2], [3, 5], [2, null]])).toBeCloseTo((25 - 100 / 3) / 2, 12);
  });

  it("KPI.REVENUEPERCUSTOMER divides the sum of revenue by the customers", () => {
    expect(value("REVENUEPERCUSTOMER", [[100, 200], [null, "300"]], 4)).toBe(150);
  });

  it("KPI.SENTIMENT spills the compound score in the input's shape, blank in and blank out", () => {
    // great (3): 3 / sqrt(9 + 15); "does not work": work (3) negated, 3 x -0.74 = -2.22.
    expect(call("SENTIMENT", [["great service", null], ["", "The app does not work"]])).toEqual([
      [expect.closeTo(3 / Math.sqrt(24), 12), ""],
      ["", expect.closeTo(-2.22 / Math.sqrt(2.22 ** 2 + 15), 12)],
    ]);
    // love (3) before "but" weighs 0.5, rude (-2) after it 1.5: 1.5 - 3 = -1.5.
    expect(call("SENTIMENT", [["I love it but the agent was rude"]])).toEqual([[expect.closeTo(-1.5 / Math.sqrt(2.25 + 15), 12)]]);
  });

  it("KPI.BAND labels values with default and overridden thresholds", () => {
    expect(call("BAND", 17.5, "NPS", null, null)).toBe("Good");
    expect(call("BAND", 0.06, "CHURN", null, null)).toBe("Urgent");
    expect(call("BAND", 0.02, "KPI.CHURN", null, null)).toBe("Excellent");
    expect(call("BAND", 0.6916, "CSAT", null, null)).toBe("Urgent");
    expect(call("BAND", 0.6949, "FCR", null, null)).toBe("Acceptable");
    expect(call("BAND", 1900, "CLV", 2000, null)).toBe("Near target");
    expect(call("BAND", 30, "nps", 30, null)).toBe("Excellent");
  });

  it("KPI.SCALE places values on 0..100, lower-is-better too, clipped", () => {
    expect(value("SCALE", 0.03, 0.1, 0)).toBeCloseTo(70, 12);
    expect(value("SCALE", 17.5, -100, 100)).toBeCloseTo(58.75, 12);
    expect(value("SCALE", 250, 0, 200)).toBe(100);
  });
});

// ---------------------------------------------------------------------------------------------
// Errors: thrown as CustomFunctions.Error with the catalogue's code and a message.

describe("errors as Excel sees them", () => {
  it("KPI.NPS with 11 is #VALUE! naming row 2, column 1", () => {
    fails(ErrorCode.invalidValue, ["11", "row 2, column 1"], "NPS", column(9, 11), null, null);
  });

  it("KPI.NPS with 7.5 is #VALUE! naming its cell", () => {
    fails(ErrorCode.invalidValue, ["7.5", "row 2, column 1"], "NPS", column(9, 7.5), null, null);
    fails(ErrorCode.invalidValue, ["row 1, column 3"], "NPS", [[9, 10, "12"]], null, null);
  });

  it("a range without numeric responses is #N/A \"no numeric responses in the range\"", () => {
    for (const name of ["NPS", "NPS.MOE", "NPS.BREAKDOWN", "CSAT", "CES", "CXINDEX", "CIS", "CPI"]) {
      fails(ErrorCode.notAvailable, ["no numeric responses in the range"], name, [[null, "N/A"], [true, ""]], null, null);
    }
  });

  it("KPI.CSAT with 6 on the 1..5 scale is #VALUE! naming the cell", () => {
    fails(ErrorCode.invalidValue, ["6", "row 1, column 2"], "CSAT", [[5, 6]], null, null);
  });

  it("a confidence outside (0, 1) is #VALUE!", () => {
    fails(ErrorCode.invalidValue, ["confidence"], "NPS.MOE", R_SAMPLE, 95, null);
    fails(ErrorCode.invalidValue, ["method"], "NPS.MOE", R_SAMPLE, null, "bayes");
  });

  it("a retention rate at or above 1 + discount rate is #VALUE!", () => {
    fails(ErrorCode.invalidValue, ["retention_rate"], "CLV.MARGIN", 100, 1.1, 0.1, null);
  });

  it("unreadable text in a scalar parameter is #VALUE!", () => {
    fails(ErrorCode.invalidValue, ["customers_start", "abc"], "CHURN", "abc", 5, null);
    fails(ErrorCode.invalidValue, ["avg_purchase_value"], "CLV", true, 4, 5, null);
  });

  it("a negative count is #VALUE!", () => {
    fails(ErrorCode.invalidValue, ["negative"], "CHURN", 100, -5, null);
    fails(ErrorCode.invalidValue, ["row 2, column 1"], "CII", [[10], [-1]], [[2]]);
  });

  it("ranges whose shapes must match but do not are #VALUE!", () => {
    fails(ErrorCode.invalidValue, ["weights"], "ENGAGEMENT", [[1, 2]], [[1, 2, 3]], null);
    fails(ErrorCode.invalidValue, ["weights"], "CPI", [[80, 60]], [[1]]);
  });

  it("an unknown KPI name in KPI.BAND is #VALUE!", () => {
    fails(ErrorCode.invalidValue, ['unknown KPI "FOO"'], "BAND", 1, "FOO", null, null);
    fails(ErrorCode.invalidValue, ["green_at"], "BAND", 1, "CLV", null, null);
  });

  it("a flag column holding a count is #VALUE! naming the cell", () => {
    fails(ErrorCode.invalidValue, ["row 3, column 1"], "FCR", [[1], [0], [2]], null);
  });

  it("a result that would be infinite or undefined is #NUM!", () => {
    fails(ErrorCode.invalidNumber, [], "NPS.TEST", column(10, 9), column(0, 1), "unpooled");
    fails(ErrorCode.invalidNumber, [], "CLV", 1e300, 1e300, 1, null);
  });

  it("other domain errors carry a message that says what to change", () => {
    fails(ErrorCode.invalidValue, ["target equals baseline"], "PROGRESS", 60, 62, 60);
    fails(ErrorCode.invalidValue, ["worst equals best"], "SCALE", 1, 5, 5);
    fails(ErrorCode.invalidValue, ["KPI.SCALE", "row 1, column 2"], "CPI", [[80, 120]], null);
    fails(ErrorCode.invalidValue, ["customers_lost", "customers_start"], "CHURN", 10, 11, null);
  });

  it("the thrown errors are the runtime's CustomFunctions.Error", () => {
    const e = fails(ErrorCode.invalidValue, [], "NPS", column(11), null, null);
    expect(e).toBeInstanceOf(CustomFunctionsError);
  });
});

// ---------------------------------------------------------------------------------------------
// Intervals, tests and many comparisons (spec/functions.md, "Statistics"), called as Excel calls
// them: the spec's reference values, then values of our own (checked with mpmath and scipy).

/** Calls KPI.<name> and asserts a spill of one row of two finite numbers, lower <= upper. */
function interval(name: string, ...args: unknown[]): [number, number] {
  const result = call(name, ...args) as unknown[][];
  expect(result).toHaveLength(1);
  expect(result[0]).toHaveLength(2);
  const [lo, hi] = result[0] as number[];
  expect(Number.isFinite(lo) && Number.isFinite(hi)).toBe(true);
  expect(lo).toBeLessThanOrEqual(hi);
  return [lo, hi];
}

const CSAT_VENDOR = column(...repeat(5, 42), ...repeat(4, 32), ...repeat(3, 10), ...repeat(2, 9), ...repeat(1, 14));
const CSAT_SIXTY = column(...repeat(5, 25), ...repeat(4, 35), ...repeat(3, 20), ...repeat(1, 20));
const CES_A = column(7, 6, 5, 4, 6, 7, 5);
const CES_B = column(3, 4, 5, 4, 2);

describe("the statistics functions' reference values", () => {
  it("KPI.CSAT.CI of 74 satisfied of 107 is the Wilson interval 0.598715 .. 0.771183", () => {
    const [lo, hi] = interval("CSAT.CI", CSAT_VENDOR, null, null, null);
    expect(lo).toBeCloseTo(0.598715, 6);
    expect(hi).toBeCloseTo(0.771183, 6);
  });

  it("KPI.FCR.CI of 246 of 354 is 0.645070 .. 0.740575, as counts and as flags; 2 of 2 is 0.342380 .. 1", () => {
    for (const [lo, hi] of [interval("FCR.CI", [[246]], [[354]], null), interval("FCR.CI", column(...repeat(true, 246), ...repeat(false, 108)), null, null)]) {
      expect(lo).toBeCloseTo(0.64507, 6);
      expect(hi).toBeCloseTo(0.740575, 6);
    }
    const [lo, hi] = interval("FCR.CI", column(true, "YES"), null, null);
    expect(lo).toBeCloseTo(0.34238, 6);
    expect(hi).toBe(1);
  });

  it("KPI.CSAT.TEST of 74/107 against 60/100 is p = 0.168148, and so is KPI.FCR.TEST on the same shares as flags", () => {
    expect(value("CSAT.TEST", CSAT_VENDOR, CSAT_SIXTY, null, null)).toBeCloseTo(0.168148, 6);
    expect(value("FCR.TEST", column(...repeat(1, 74), ...repeat(0, 33)), column(...repeat("y", 60), ...repeat("n", 40)))).toBeCloseTo(0.168148, 6);
  });

  it("KPI.CES.CI of 7,6,5,4,6,7,5 is the t interval 4.685212 .. 6.743359; KPI.CES.TEST against 3,4,5,4,2 is p = 0.009282 (Welch: 0.011450)", () => {
    const [lo, hi] = interval("CES.CI", CES_A, null, null);
    expect(lo).toBeCloseTo(4.685212, 6);
    expect(hi).toBeCloseTo(6.743359, 6);
    expect(value("CES.TEST", CES_A, CES_B, null, null)).toBeCloseTo(0.009282, 6);
    expect(value("CES.TEST", CES_A, CES_B, null, "welch")).toBeCloseTo(0.01145, 6);
  });

  it("KPI.NPS.TEST of 30 answers of 10 against 1,500 of 10 (1,275), 7 (180) and 3 (45) is p = 0.030733 pooled (unpooled: 7.6e-53)", () => {
    const few = column(...repeat(10, 30));
    const rest = column(...repeat(10, 1275), ...repeat(7, 180), ...repeat(3, 45));
    expect(value("NPS.TEST", few, rest, null)).toBeCloseTo(0.030733, 6);
    expect(value("NPS.TEST", few, rest, "unpooled") / 7.6e-53).toBeCloseTo(1, 1);
  });

  it("KPI.FDR of 0.01, 0.04, 0.03, 0.005, 0.2 is 0.025, 0.05, 0.05, 0.025, 0.2", () => {
    const spill = call("FDR", column(0.01, 0.04, 0.03, 0.005, 0.2), null) as number[][];
    expect(spill.map((row) => row.length)).toEqual([1, 1, 1, 1, 1]);
    [0.025, 0.05, 0.05, 0.025, 0.2].forEach((q, k) => expect(spill[k][0]).toBeCloseTo(q, 15));
  });
});

describe("the statistics functions on values of our own", () => {
  it("KPI.NPS.CI of 0,7,7,9,9,9 is 33.33 -/+ 1.96 x 30.43 points, and clips the adjusted interval of 10, 10 at 100", () => {
    const [lo, hi] = interval("NPS.CI", R_SAMPLE, null, null);
    expect((hi - lo) / 2 / Z95 / 100).toBeCloseTo(0.3043, 4);
    expect((lo + hi) / 2).toBeCloseTo(100 / 3, 10);
    expect(interval("NPS.CI", column(10, 10), null, "adjusted")[1]).toBe(100);
  });

  it("KPI.CSAT.CI and KPI.CES.CI read numeric text, skip blanks and text, and take another scale and confidence", () => {
    // 10, 9 satisfied of 10, 9, 8, 1 on 1..10 from 9; scipy's binomtest(2, 4).proportion_ci(0.9, "wilson"): 0.18240016325464492 .. 0.8175998367453551
    const [lo, hi] = interval("CSAT.CI", [[" 10", 9], [8, null], [1, "N/A"]], 10, 9, 0.9);
    expect(lo).toBeCloseTo(0.18240016325464492, 12);
    expect(hi).toBeCloseTo(0.8175998367453551, 12);
    // 1 and 7: mean 4 with 1 degree of freedom, clipped to 1..7
    expect(interval("CES.CI", [["1", null, 7]], null, null)).toEqual([1, 7]);
  });

  it("KPI.CES.TEST and KPI.CSAT.TEST give the same p-value in either order", () => {
    expect(value("CES.TEST", CES_B, CES_A, null)).toBe(value("CES.TEST", CES_A, CES_B, null));
    expect(value("CSAT.TEST", CSAT_SIXTY, CSAT_VENDOR, null, null)).toBe(value("CSAT.TEST", CSAT_VENDOR, CSAT_SIXTY, null, null));
  });

  it("KPI.NPS.TEST keeps its digits far in the tail: 1.2704546240403787e-243 for z = 33.33 (mpmath)", () => {
    const a = column(...repeat(10, 600), ...repeat(8, 300), ...repeat(0, 100));
    const b = column(...repeat(10, 100), ...repeat(8, 300), ...repeat(0, 600));
    expect(Math.abs(value("NPS.TEST", a, b, "unpooled") - 1.2704546240403787e-243) / 1.2704546240403787e-243).toBeLessThan(1e-12);
  });

  it("KPI.FDR spills the input's shape, blank in and blank out", () => {
    expect(call("FDR", [[0.01, null], ["", "0.04"], ["N/A", true]], 0.1)).toEqual([
      [0.02, ""],
      ["", 0.04],
      ["", ""],
    ]);
  });

  it("KPI.CHURN(1e12, 1, 12) is 1.1999999999934e-11 and KPI.SCALE(-1e308, 1e308, -1e308) is 100", () => {
    expect(Math.abs(value("CHURN", 1e12, 1, 12) - 1.1999999999933999759e-11) / 1.2e-11).toBeLessThan(1e-12);
    expect(value("SCALE", -1e308, 1e308, -1e308)).toBe(100);
  });
});

describe("the statistics functions' errors as Excel sees them", () => {
  it("a test whose statistic is undefined is #NUM!", () => {
    fails(ErrorCode.invalidNumber, [], "CSAT.TEST", column(5, 4), column(5), null, null);
    fails(ErrorCode.invalidNumber, [], "FCR.TEST", column(true), column("yes", 1));
    fails(ErrorCode.invalidNumber, [], "CES.TEST", column(5, 5), column(3, 3), null);
    fails(ErrorCode.invalidNumber, [], "CES.CI", column(5), null, null);
  });

  it("a group with no readable response is #N/A", () => {
    fails(ErrorCode.notAvailable, ["no numeric responses in the range"], "CES.TEST", CES_A, [[null, "N/A"]], null);
    fails(ErrorCode.notAvailable, ["no numeric responses in the range"], "CSAT.TEST", [[""]], CSAT_VENDOR, null, null);
    fails(ErrorCode.notAvailable, ["no readable flags"], "FCR.TEST", column(true), [["maybe"]]);
    for (const name of ["NPS.CI", "CSAT.CI", "CES.CI", "FDR"]) fails(ErrorCode.notAvailable, ["no numeric responses in the range"], name, [[null, "N/A"]], null, null, null);
  });

  it("a range with nothing readable is #N/A for CII, REVENUEPERCUSTOMER and FCR with total too", () => {
    fails(ErrorCode.notAvailable, ["no numeric responses in the range"], "CII", [[null], ["N/A"]], [[2]]);
    fails(ErrorCode.notAvailable, ["no numeric responses in the range"], "REVENUEPERCUSTOMER", [[null, "-"]], null);
    fails(ErrorCode.notAvailable, ["no numeric responses in the range"], "FCR", [[null]], [[354]]);
    fails(ErrorCode.invalidValue, ["customer_interactions", "abc"], "CII", "abc", 5);
  });

  it("a confidence outside (0, 1), a p-value outside 0..1 and a q outside (0, 1) are #VALUE!", () => {
    fails(ErrorCode.invalidValue, ["confidence"], "CSAT.CI", CSAT_VENDOR, null, null, 95);
    fails(ErrorCode.invalidValue, ["confidence"], "FCR.CI", [[246]], [[354]], 0);
    fails(ErrorCode.invalidValue, ["p-value 1.2", "row 2, column 1"], "FDR", column(0.5, 1.2), null);
    fails(ErrorCode.invalidValue, ["q"], "FDR", column(0.5), 1);
  });
});

describe("the key-driver functions as Excel calls them (spec/why.md)", () => {
  const attitude = existsSync(path.join(DRIVERS_DATA, "attitude.csv")) ? readTable("attitude.csv") : null;
  const items = ["complaints", "privileges", "learning", "raises", "critical", "advance"];

  it("KPI.DRIVERS, .R2 and .CI on attitude with a header row give R² 0.7326020, the published Shapley values and six intervals", () => {
    if (!attitude) return console.warn(`${DRIVERS_DATA} not found: skipped`);
    const outcome = [["rating"], ...columnOf(attitude, "rating")];
    const driversRange = [items, ...columnsOf(attitude, items)];
    const spill = call("DRIVERS", outcome, driversRange, null) as number[][];
    [0.3708162, 0.0509038, 0.155766, 0.1203451, 0.0065887, 0.0281822].forEach((v, j) => expect(Math.abs(spill[j][0] - v)).toBeLessThan(5e-8));
    expect(spill.map((row) => row[2])).toEqual([1, -1, 1, 1, 1, -1]);
    const [[r2, used, leftOut]] = call("DRIVERS.R2", outcome, driversRange) as number[][];
    expect(Math.abs(r2 - 0.732602)).toBeLessThan(5e-8);
    expect([used, leftOut]).toEqual([30, 0]);
    const ci = call("DRIVERS.CI", outcome, driversRange, null, null, 200, 3) as number[][];
    expect(ci).toHaveLength(6);
    for (const [lo, hi] of ci) expect(lo).toBeLessThanOrEqual(hi);
  });

  it("a driver that duplicates others is #VALUE! naming it; shapley over 15 drivers is #VALUE! naming rw", () => {
    const y = column(7, 9, 3, 8, 10, 6, 5, 9);
    const x = [[4, 3], [5, 4], [2, 2], [4, 5], [5, 5], [3, 3], [3, 2], [5, 4]];
    fails(ErrorCode.invalidValue, ["column 3 of drivers is an exact linear combination of column 1 of drivers and column 2 of drivers"], "DRIVERS", y, x.map(([a, b]) => [a, b, a - b]), null);
    fails(ErrorCode.invalidValue, ['"rw"'], "DRIVERS", y, x.map(() => Array.from({ length: 16 }, (_, j) => j)), null);
    fails(ErrorCode.notAvailable, ["no numeric responses in the range"], "DRIVERS.R2", [[null], ["N/A"]], x.slice(0, 2));
  });
});
