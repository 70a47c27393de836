// The pure cores stay unaware of each other (ARCHITECTURE.md, "Layers"): src/kpi imports
// nothing of the project outside itself and src/math; src/clv and src/why read Excel's arguments
// with the KPI core's contract (errors.ts: the error codes and messages; coerce.ts: the reading
// rule; types.ts: a FunctionDef and a spill) and know nothing else of it, nor of each other.
// src/math, pure numerics every core may use (the eigen-decomposition), imports nothing. The
// catalogue that joins their functions is one floor up, in src/functions/catalogue.ts. None of
// them touches Office.js, React, exceljs or Node's file system.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const SRC = path.resolve(__dirname, "..", "src");

/**
 * The KPI core's modules that the other cores may import: the contract every function follows,
 * the tokenizer (kpi/tokens: the words of a comment), so that the verbatim themes of src/why
 * read the words the sentiment scorer reads, and the rule a theme's words match by
 * (kpi/mentions), so that src/why flags comments as the scorecard's formulas count them.
 */
const CONTRACT = ["kpi/errors", "kpi/coerce", "kpi/types", "kpi/tokens", "kpi/mentions"];

/**
 * Imports known to cross a line, each with where it belongs; the test fails on any other. The CLV
 * sheet's planner (src/clv/sheet.ts) uses the scorecard planner's A1 helpers and plan types: it
 * belongs on the planner's floor, beside src/scorecard, and moves there with the CLV sheet work.
 */
const KNOWN_CROSSINGS = new Set(["clv/sheet.ts -> scorecard/a1", "clv/sheet.ts -> scorecard/types"]);

const PACKAGES_REFUSED = /^(react|react-dom|@fluentui\/|exceljs|@microsoft\/office-js|office-|node:|fs$|path$|os$|child_process$)/;

interface Import {
  readonly file: string;
  /** What the import names: a package, or a project module as a path under src/ without extension. */
  readonly target: string;
  readonly local: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Every import, export-from, require and import() of the core's files, as TypeScript reads them. */
function importsOf(core: string): Import[] {
  return sourceFiles(path.join(SRC, core)).flatMap((file) => {
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    return info.importedFiles.map(({ fileName }) => {
      const local = fileName.startsWith(".");
      const target = local ? path.relative(SRC, path.resolve(path.dirname(file), fileName)).split(path.sep).join("/").replace(/\/index$/, "") : fileName;
      return { file: path.relative(SRC, file), target, local };
    });
  });
}

/** The project modules a core imports that it should not, as "file -> module" lines. */
function strayImports(core: string, allowed: (target: string) => boolean): string[] {
  return importsOf(core)
    .filter((i) => (i.local ? !allowed(i.target) : PACKAGES_REFUSED.test(i.target)))
    .map((i) => `${i.file} -> ${i.target}`)
    .filter((line) => !KNOWN_CROSSINGS.has(line));
}

const inside = (core: string) => (target: string) => target === core || target.startsWith(`${core}/`);

describe("the pure cores", () => {
  it("reads the import lines it checks (a sanity check of the reader itself)", () => {
    const kpi = importsOf("kpi");
    expect(kpi.some((i) => i.file === "kpi/registry.ts" && i.target === "kpi/nps")).toBe(true);
    expect(importsOf("clv").some((i) => i.target === "kpi/errors")).toBe(true);
  });

  it("src/math imports nothing of the project outside itself", () => {
    expect(strayImports("math", inside("math"))).toEqual([]);
  });

  it("src/kpi imports nothing of the project outside itself and src/math (no src/clv, src/why, src/functions)", () => {
    expect(strayImports("kpi", (t) => inside("kpi")(t) || inside("math")(t))).toEqual([]);
  });

  it.each(["clv", "why"])("src/%s imports only itself, src/math and the KPI core's contract (errors, coerce, types)", (core) => {
    expect(strayImports(core, (t) => inside(core)(t) || inside("math")(t) || CONTRACT.includes(t))).toEqual([]);
  });

  it("the catalogue of every function is joined above the cores, in src/functions", () => {
    const catalogue = importsOf("functions").filter((i) => i.file === "functions/catalogue.ts").map((i) => i.target);
    expect(catalogue).toEqual(expect.arrayContaining(["kpi", "clv/functions", "why/functions"]));
  });
});
