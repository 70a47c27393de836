// Plays Excel's part for dist/functions.js: evaluates the built bundle with node's `vm` in a
// bare context whose only globals (besides the JavaScript built-ins) are `CustomFunctions`
// and `self`/`window` pointing at that context, and records what it registers.
//
//   const { registered, metadata, CustomFunctionsError } = loadFunctions();
//   const nps = registered.get("NPS")!;
//   expect(nps([[9], [10], [null], ["7"]], null, null)).toBeCloseTo(66.67, 2);
//
// Run `npm run build` first (`npm test` does). Values created inside the bundle come from the
// context's realm: compare them with toEqual/toBeCloseTo, not toStrictEqual or instanceof Array.
// Errors thrown with `new CustomFunctions.Error(...)` are instances of CustomFunctionsError.
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";

export const DIST_DIR = path.resolve(__dirname, "..", "..", "dist");

/** Excel's error codes, as CustomFunctions.ErrorCode names them. */
export const ErrorCode = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Like Office's CustomFunctions.Error: `new CustomFunctions.Error(code?, message?)`. */
export class CustomFunctionsError extends Error {
  readonly code: ErrorCodeValue;

  constructor(code: ErrorCodeValue = ErrorCode.invalidValue, message?: string) {
    super(message ?? "");
    this.name = "CustomFunctions.Error";
    this.code = code;
    const known = Object.values(ErrorCode) as string[];
    if (!known.includes(code)) {
      throw new TypeError(`CustomFunctions.Error: unknown error code ${JSON.stringify(code)}`);
    }
  }
}

/** One entry of functions.json, as custom-functions-metadata writes it. */
export interface FunctionMetadata {
  id: string;
  name: string;
  description?: string;
  helpUrl?: string;
  parameters: {
    name: string;
    description?: string;
    type?: string;
    dimensionality?: "scalar" | "matrix";
    optional?: boolean;
    repeating?: boolean;
  }[];
  result?: { type?: string; dimensionality?: "scalar" | "matrix" };
  options?: Record<string, unknown>;
}

export interface FunctionsJson {
  functions: FunctionMetadata[];
  [key: string]: unknown;
}

// Excel's custom functions receive arguments of many shapes; tests pass whatever they like.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CustomFunction = (...args: any[]) => unknown;

export interface LoadedFunctions {
  /** id -> implementation, in registration order. */
  registered: Map<string, CustomFunction>;
  /** dist/functions.json */
  metadata: FunctionsJson;
  /** The class the bundle sees as CustomFunctions.Error. */
  CustomFunctionsError: typeof CustomFunctionsError;
}

function readDist(file: string, distDir: string): string {
  const full = path.join(distDir, file);
  if (!existsSync(full)) {
    throw new Error(`${full} does not exist: run \`npm run build\` first`);
  }
  return readFileSync(full, "utf8");
}

/** Evaluates dist/functions.js as Excel does and returns what it registered. */
export function loadFunctions(distDir: string = DIST_DIR): LoadedFunctions {
  const metadata = JSON.parse(readDist("functions.json", distDir)) as FunctionsJson;
  const source = readDist("functions.js", distDir);
  const registered = new Map<string, CustomFunction>();

  const register = (id: string, fn: unknown): void => {
    if (typeof id !== "string" || id === "") throw new TypeError("CustomFunctions.associate: id must be a string");
    if (typeof fn !== "function") throw new TypeError(`CustomFunctions.associate("${id}"): not a function`);
    // Associating an id again with the same function is harmless (custom-functions-metadata-plugin
    // appends associate calls of its own); with another function it is a bug.
    const previous = registered.get(id);
    if (previous !== undefined && previous !== fn) {
      throw new Error(`CustomFunctions.associate: "${id}" is associated with two different functions`);
    }
    registered.set(id, fn as CustomFunction);
  };

  const CustomFunctions = Object.freeze({
    associate(idOrMappings: string | Record<string, unknown>, fn?: unknown): void {
      if (typeof idOrMappings === "string") register(idOrMappings, fn);
      else for (const [id, f] of Object.entries(idOrMappings)) register(id, f);
    },
    Error: CustomFunctionsError,
    ErrorCode: Object.freeze({ ...ErrorCode }),
  });

  const context = vm.createContext({ CustomFunctions });
  vm.runInContext("globalThis.self = globalThis; globalThis.window = globalThis;", context);
  vm.runInContext(source, context, { filename: path.join(distDir, "functions.js") });

  return { registered, metadata, CustomFunctionsError };
}

/**
 * The same dist/functions.js evaluated in this realm (not a node:vm context), with a recording
 * CustomFunctions: the bench times a function both ways, to tell the kernel from the harness
 * (a global lookup is slow in a vm context).
 */
export function loadFunctionsInThisRealm(distDir: string = DIST_DIR): Map<string, CustomFunction> {
  const registered = new Map<string, CustomFunction>();
  const CustomFunctions = {
    associate: (id: string, fn: CustomFunction) => void registered.set(id, fn),
    Error: CustomFunctionsError,
    ErrorCode,
  };
  const run = vm.runInThisContext(`(function (CustomFunctions) {\n${readDist("functions.js", distDir)}\n})`, { filename: "functions.js" }) as (cf: unknown) => void;
  run(CustomFunctions);
  return registered;
}
