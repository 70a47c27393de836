// Property tests (issue 2, "What must be shown" item 2): random Excel-like arguments for every
// catalogue function, called as Excel calls them. Whatever the arguments, a function returns a
// finite number, a band label or a well-shaped spill, or throws a CustomFunctions.Error with
// #VALUE!, #N/A or #NUM! (a message for the first two); never another exception, never NaN or
// Infinity. Then metamorphic properties of the core that a wrong implementation would break.
import { existsSync } from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { FUNCTIONS } from "../src/functions/catalogue";
import { excelResult } from "../src/functions/excelError";
import {
  cis,
  cpi,
  csat,
  KPIS,
  nps,
  npsBreakdown,
  npsMoe,
  npsTest,
  progress,
  scale,
  sentiment,
  sentimentOf,
  type FunctionDef,
} from "../src/kpi";
import { ces, cesCi, cesTest } from "../src/kpi/ces";
import { readNumber } from "../src/kpi/coerce";
import { csatCi, csatTest } from "../src/kpi/csat";
import { fcr, fcrCi, fcrTest } from "../src/kpi/fcr";
import { fdr } from "../src/kpi/fdr";
import { npsCi } from "../src/kpi/nps";
import { benjaminiHochberg } from "../src/kpi/stats";
import { BREAKDOWN_LABELS } from "../src/kpi/nps";
import { BGNBD_LABELS, GG_LABELS, SBG_LABELS } from "../src/clv/functions";
import { argsOf, excelCell, num, ok } from "./helpers/excelArgs";
import { CustomFunctionsError, DIST_DIR, ErrorCode, loadFunctions, type CustomFunction } from "./helpers/functionsRuntime";

/** 200 runs per property keeps the suite quick; KPI_PROPERTY_RUNS=10000 searches harder. */
const RUNS = { numRuns: Number(process.env.KPI_PROPERTY_RUNS ?? 200) };

type Call = (def: FunctionDef, args: unknown[]) => unknown;

/** Calls through the custom-function edge of the sources, with a fake CustomFunctions global. */
function viaSources(): Call {
  const globals = globalThis as unknown as { CustomFunctions?: unknown };
  globals.CustomFunctions = { Error: CustomFunctionsError, ErrorCode, associate: () => undefined };
  return (def, args) => excelResult(() => def.invoke(args));
}

/** Calls the functions that the built dist/functions.js registers, as Excel does. */
function viaDist(): Call {
  const { registered } = loadFunctions();
  return (def, args) => {
    const fn: CustomFunction | undefined = registered.get(def.name);
    if (!fn) throw new Error(`dist/functions.js does not register ${def.name}`);
    return fn(...args);
  };
}

const haveDist = existsSync(path.join(DIST_DIR, "functions.js")) && existsSync(path.join(DIST_DIR, "functions.json"));
const LAYERS: [string, () => Call][] = [["the sources' custom-function edge", viaSources]];
if (haveDist) LAYERS.push(["the built dist/functions.js", viaDist]);

const ALLOWED_CODES: readonly string[] = [ErrorCode.invalidValue, ErrorCode.notAvailable, ErrorCode.invalidNumber];
const BAND_LABELS = new Set(KPIS.flatMap((m) => [...m.bands.labels]));

/** Known bounds of results (with a hair of tolerance for rounding in sums). */
const BOUNDS: Record<string, [number, number]> = {
  NPS: [-100, 100],
  "NPS.MOE": [0, Infinity],
  "NPS.TEST": [0, 1],
  CSAT: [0, 1],
  FCR: [0, 1],
  CHURN: [0, 1],
  RETENTION: [0, 1],
  CES: [1, 100],
  CPI: [0, 100],
  CXINDEX: [-100, 100],
  SCALE: [0, 100],
  CLV: [0, Infinity],
  CII: [0, Infinity],
  "CSAT.TEST": [0, 1],
  "FCR.TEST": [0, 1],
  "CES.TEST": [0, 1],
  "SBG.DERL": [0, Infinity],
};

function isBlank(cell: unknown): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");
}

function expectFiniteNumber(value: unknown): asserts value is number {
  expect(typeof value).toBe("number");
  expect(Number.isFinite(value)).toBe(true);
}

function expectRectangular(value: unknown, rows: number, cols: number): unknown[][] {
  expect(Array.isArray(value)).toBe(true);
  const spill = value as unknown[][];
  expect(spill.length).toBe(rows);
  for (const row of spill) {
    expect(Array.isArray(row)).toBe(true);
    expect(row.length).toBe(cols);
  }
  return spill;
}

/** The shape of the range Excel passes (a scalar is one cell). */
function shapeOf(arg: unknown): [rows: number, cols: number] {
  if (arg === null || arg === undefined) return [0, 0];
  if (!Array.isArray(arg)) return [1, 1];
  return [arg.length, arg.reduce((w: number, row: unknown) => Math.max(w, Array.isArray(row) ? row.length : 1), 0)];
}

/** A spill whose cells are each "" or a finite number in [lo, hi]: the per-customer CLV functions. */
function expectCellsWithin(result: unknown, lo: number, hi: number): void {
  expect(Array.isArray(result)).toBe(true);
  const spill = result as unknown[][];
  expect(spill.length).toBeGreaterThan(0);
  const cols = spill[0].length;
  for (const row of spill) {
    expect(row.length).toBe(cols);
    for (const cell of row) {
      if (cell === "") continue;
      expectFiniteNumber(cell);
      expect(cell).toBeGreaterThanOrEqual(lo);
      expect(cell).toBeLessThanOrEqual(hi);
    }
  }
}

/** A fit's spill: its labels in order, finite values, Customers above 0, Converged TRUE or FALSE. */
function expectFit(result: unknown, labels: readonly string[]): void {
  const spill = expectRectangular(result, labels.length, 2);
  expect(spill.map((row) => row[0])).toEqual([...labels]);
  for (const row of spill.slice(0, -1)) expectFiniteNumber(row[1]);
  for (const row of spill.slice(0, -3)) expect(row[1]).toBeGreaterThan(0);
  expect(spill[labels.length - 2][1]).toBeGreaterThan(0);
  expect(typeof spill[labels.length - 1][1]).toBe("boolean");
}

/** The contracts of the predictive-CLV functions (src/clv/functions.ts). */
const CLV_CHECKS: Record<string, (result: unknown) => void> = {
  RFM: (result) => {
    expect(Array.isArray(result)).toBe(true);
    for (const row of result as unknown[][]) {
      expect(row).toHaveLength(6);
      const [x, tx, T, zbar, first] = row.slice(1) as number[];
      for (const v of [x, tx, T, zbar, first]) expectFiniteNumber(v);
      expect(Number.isInteger(x) && x >= 0).toBe(true);
      expect(tx).toBeGreaterThanOrEqual(0);
      expect(T).toBeGreaterThanOrEqual(tx);
      expect(zbar).toBeGreaterThanOrEqual(0);
    }
  },
  "BGNBD.FIT": (result) => expectFit(result, BGNBD_LABELS),
  "GG.FIT": (result) => expectFit(result, GG_LABELS),
  "SBG.FIT": (result) => expectFit(result, SBG_LABELS),
  "BGNBD.ALIVE": (result) => expectCellsWithin(result, 0, 1),
  "BGNBD.EXPECTED": (result) => expectCellsWithin(result, 0, Infinity),
  "GG.SPEND": (result) => expectCellsWithin(result, 0, Infinity),
  "CLV.PREDICT": (result) => expectCellsWithin(result, 0, Infinity),
  "SBG.SURVIVAL": (result) => expectCellsWithin(result, 0, 1),
  "SBG.RETENTION": (result) => expectCellsWithin(result, 0, 1),
};

/** The possible range of each interval's bounds (CES: its scale, at most 1..100). */
const INTERVAL_RANGE: Record<string, [number, number]> = { "NPS.CI": [-100, 100], "CSAT.CI": [0, 1], "FCR.CI": [0, 1], "CES.CI": [1, 100] };

/** The contract of one result, whatever the arguments. */
function checkResult(def: FunctionDef, args: readonly unknown[], result: unknown): void {
  const clvCheck = CLV_CHECKS[def.name];
  if (clvCheck) return clvCheck(result);
  switch (def.name) {
    case "BAND":
      expect(typeof result).toBe("string");
      expect(BAND_LABELS.has(result as string)).toBe(true);
      return;
    case "NPS.BREAKDOWN": {
      const spill = expectRectangular(result, 10, 2);
      expect(spill.map((row) => row[0])).toEqual([...BREAKDOWN_LABELS]);
      for (const row of spill) expectFiniteNumber(row[1]);
      const [n, promoters, passives, detractors, sp, sa, sd, score, moe, skipped] = spill.map((row) => row[1] as number);
      expect(promoters + passives + detractors).toBe(n);
      expect(n).toBeGreaterThan(0);
      expect(skipped).toBeGreaterThanOrEqual(0);
      expect(sp + sa + sd).toBeCloseTo(1, 12);
      expect(score).toBeCloseTo((sp - sd) * 100, 9);
      expect(moe).toBeGreaterThanOrEqual(0);
      return;
    }
    case "NPS.CI":
    case "CSAT.CI":
    case "FCR.CI":
    case "CES.CI": {
      // One row (lower, upper) inside the KPI's possible range.
      const [lo, hi] = expectRectangular(result, 1, 2)[0];
      expectFiniteNumber(lo);
      expectFiniteNumber(hi);
      expect(lo).toBeLessThanOrEqual(hi);
      const [min, max] = INTERVAL_RANGE[def.name];
      expect(lo).toBeGreaterThanOrEqual(min);
      expect(hi).toBeLessThanOrEqual(max);
      return;
    }
    case "FDR": {
      // The input's shape; a number for each p-value read, not below it and at most 1; blank elsewhere.
      const [rows, cols] = shapeOf(args[0]);
      const spill = expectRectangular(result, rows, cols);
      const input = Array.isArray(args[0]) ? (args[0] as unknown[]) : [[args[0]]];
      spill.forEach((row, r) =>
        row.forEach((cell, c) => {
          const line = input[r];
          const given = readNumber(Array.isArray(line) ? line[c] : c === 0 ? line : undefined);
          if (typeof given === "number") {
            expectFiniteNumber(cell);
            expect(cell).toBeGreaterThanOrEqual(given);
            expect(cell).toBeLessThanOrEqual(1);
          } else {
            expect(cell).toBe("");
          }
        }),
      );
      return;
    }
    case "DRIVERS": {
      // A row per driver column: raw importance 0..1 (they sum to R² at most 1), percent (sum 100), sign 1 or -1.
      const spill = expectRectangular(result, shapeOf(args[1])[1], 3);
      for (const [raw, percent, sign] of spill) {
        expectFiniteNumber(raw);
        expectFiniteNumber(percent);
        expect(raw).toBeGreaterThanOrEqual(-1e-12);
        expect([1, -1]).toContain(sign);
      }
      expect(spill.reduce((sum, row) => sum + (row[0] as number), 0)).toBeLessThanOrEqual(1 + 1e-12);
      expect(spill.reduce((sum, row) => sum + (row[1] as number), 0)).toBeCloseTo(100, 8);
      return;
    }
    case "DRIVERS.R2": {
      const [r2, used, leftOut] = expectRectangular(result, 1, 3)[0];
      expectFiniteNumber(r2);
      expect(r2).toBeGreaterThanOrEqual(0);
      expect(r2).toBeLessThanOrEqual(1);
      expect(Number.isInteger(used) && (used as number) >= 3).toBe(true);
      expect(Number.isInteger(leftOut) && (leftOut as number) >= 0).toBe(true);
      return;
    }
    case "DRIVERS.CI": {
      for (const [lo, hi] of expectRectangular(result, shapeOf(args[1])[1], 2)) {
        expectFiniteNumber(lo);
        expectFiniteNumber(hi);
        expect(lo).toBeGreaterThanOrEqual(-1e-12);
        expect(lo).toBeLessThanOrEqual(hi);
        expect(hi).toBeLessThanOrEqual(1 + 1e-12);
      }
      return;
    }
    case "SENTIMENT": {
      const [rows, cols] = shapeOf(args[0]);
      const spill = expectRectangular(result, rows, cols);
      const input = Array.isArray(args[0]) ? (args[0] as unknown[][]) : [[args[0]]];
      spill.forEach((row, r) =>
        row.forEach((cell, c) => {
          const given = Array.isArray(input[r]) ? input[r][c] : c === 0 ? input[r] : undefined;
          // Blank in, blank out; only text has a sentiment (numbers and booleans give a blank).
          if (typeof given === "string" && !isBlank(given)) {
            expectFiniteNumber(cell);
            expect(Math.abs(cell)).toBeLessThan(1);
          } else {
            expect(cell).toBe("");
          }
        }),
      );
      return;
    }
    default: {
      expectFiniteNumber(result);
      const bounds = BOUNDS[def.name];
      if (bounds) {
        const slack = 1e-12 * Math.max(1, Math.abs(result));
        expect(result).toBeGreaterThanOrEqual(bounds[0] - slack);
        expect(result).toBeLessThanOrEqual(bounds[1] + slack);
      }
    }
  }
}

/** What a call gives, as data: its value or its error's code and message. */
function outcome(run: () => unknown): unknown {
  try {
    return { value: run() };
  } catch (error) {
    const e = error as CustomFunctionsError;
    return { code: e.code, message: e.message };
  }
}

/** The contract of a thrown error. */
function checkThrown(error: unknown): void {
  expect(error).toBeInstanceOf(CustomFunctionsError);
  const e = error as CustomFunctionsError;
  expect(ALLOWED_CODES).toContain(e.code);
  // #N/A always says that there was nothing to compute from.
  if (e.code === ErrorCode.notAvailable) expect(e.message).toMatch(/^no /);
  if (e.code !== ErrorCode.invalidNumber) {
    expect(typeof e.message).toBe("string");
    expect(e.message.trim()).not.toBe("");
    // excelResult turns a programming mistake into "internal error: ..."; the core must not throw.
    expect(e.message).not.toMatch(/^internal error/);
  }
}

describe.each(LAYERS)("every catalogue function called through %s", (_layer, makeCall) => {
  let call: Call;
  beforeAll(() => {
    call = makeCall();
  });

  it.each(FUNCTIONS.map((def) => [def.name, def] as const))(
    "KPI.%s returns a finite number, a label or a well-shaped spill, or throws #VALUE!/#N/A/#NUM!",
    (_name, def) => {
      fc.assert(
        fc.property(argsOf(def.kinds), (args) => {
          let result: unknown;
          try {
            result = call(def, args);
          } catch (error) {
            checkThrown(error);
            return;
          }
          checkResult(def, args, result);
        }),
        RUNS,
      );
    },
  );

  it.each(FUNCTIONS.filter((def) => def.kinds.some((k) => k.startsWith("optional"))).map((def) => [def.name, def] as const))(
    "KPI.%s treats trailing optional arguments left out (undefined) as null",
    (_name, def) => {
      const required = def.kinds.filter((k) => !k.startsWith("optional"));
      fc.assert(
        fc.property(argsOf(required), (args) => {
          const withNulls = [...args, ...def.kinds.slice(required.length).map(() => null)];
          expect(outcome(() => call(def, args))).toEqual(outcome(() => call(def, withNulls)));
        }),
        RUNS,
      );
    },
  );

  it("is #N/A with a message for an empty range, for every function whose first argument is a range", () => {
    for (const def of FUNCTIONS.filter((d) => d.kinds[0] === "range")) {
      const args = def.kinds.map((kind, i) => (i === 0 ? [[null, ""], ["  "]] : kind.startsWith("optional") ? null : 1));
      expect(() => call(def, args)).toThrow(CustomFunctionsError);
      try {
        call(def, args);
      } catch (error) {
        checkThrown(error);
        expect((error as CustomFunctionsError).code).toBe(ErrorCode.notAvailable);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Metamorphic properties of the core.

/** Valid NPS responses as a rectangular or ragged 2-D range of whole numbers 0..10. */
const scores = fc.array(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 });
/** Cells that a reader must skip. */
const noise = fc.constantFrom<unknown>(null, "", "   ", "N/A", "-", "no answer", true, false);

/** Inserts noise cells at random positions of each row; returns a new range. */
function withNoise(range: number[][], extra: unknown[][]): unknown[][] {
  return range.map((row, r) => {
    const out: unknown[] = [...row];
    for (const [k, cell] of (extra[r] ?? []).entries()) out.splice((k * 7 + r) % (out.length + 1), 0, cell);
    return out;
  });
}

describe("NPS properties", () => {
  it("stays in -100..100", () => {
    fc.assert(fc.property(scores, (range) => {
      const v = num(nps(range));
      expect(v).toBeGreaterThanOrEqual(-100);
      expect(v).toBeLessThanOrEqual(100);
    }), RUNS);
  });

  it("does not change when blanks, \"N/A\" and booleans are added", () => {
    fc.assert(
      fc.property(scores, fc.array(fc.array(noise, { maxLength: 4 }), { maxLength: 12 }), (range, extra) => {
        expect(nps(withNoise(range, extra))).toBe(nps(range));
        const skipped = extra.slice(0, range.length).flat().filter((c) => !isBlank(c)).length;
        expect(ok(npsBreakdown(withNoise(range, extra)))[9][1]).toBe(skipped);
      }),
      RUNS,
    );
  });

  it("does not depend on the order of rows", () => {
    fc.assert(
      fc.property(scores.chain((range) => fc.tuple(fc.constant(range), fc.shuffledSubarray(range, { minLength: range.length, maxLength: range.length }))), ([range, shuffled]) => {
        expect(nps(shuffled)).toBe(nps(range));
      }),
      RUNS,
    );
  });

  it("of a 2-D range equals NPS of the same responses as one column", () => {
    fc.assert(fc.property(scores, (range) => {
      expect(nps(range)).toBe(nps(range.flat().map((v) => [v])));
      expect(nps(range)).toBe(nps([range.flat()]));
    }), RUNS);
  });

  it("counts numeric text such as \" 7\" exactly like the number 7", () => {
    fc.assert(
      fc.property(scores, fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }), fc.constantFrom((n: number) => ` ${n}`, (n: number) => `${n}.0`, (n: number) => `${n} `), (range, asText, format) => {
        let k = 0;
        const texted = range.map((row) => row.map((v) => (asText[k++ % 60] ? format(v) : v)));
        expect(nps(texted)).toBe(nps(range));
        expect(npsMoe(texted)).toBe(npsMoe(range));
      }),
      RUNS,
    );
  });

  it("is mirrored by 10 - score when the cut-offs are symmetric (promoter_min 9, detractor_max 1)", () => {
    fc.assert(fc.property(scores, (range) => {
      const mirrored = range.map((row) => row.map((v) => 10 - v));
      expect(num(nps(range, 9, 1))).toBeCloseTo(-num(nps(mirrored, 9, 1)), 12);
    }), RUNS);
  });
});

describe("NPS.MOE and NPS.TEST properties", () => {
  it("gives a margin of at least 0 that shrinks by sqrt(2) when every response is duplicated (Wald)", () => {
    fc.assert(fc.property(scores, (range) => {
      const once = num(npsMoe(range));
      const twice = num(npsMoe([...range, ...range]));
      expect(once).toBeGreaterThanOrEqual(0);
      expect(twice).toBeCloseTo(once / Math.SQRT2, 9);
    }), RUNS);
  });

  it("gives an adjusted margin above 0 that shrinks when the data is duplicated", () => {
    fc.assert(fc.property(scores, (range) => {
      const once = num(npsMoe(range, null, "adjusted"));
      const twice = num(npsMoe([...range, ...range], null, "adjusted"));
      expect(once).toBeGreaterThan(0);
      expect(twice).toBeLessThan(once);
    }), RUNS);
  });

  it("widens the margin with the confidence level", () => {
    fc.assert(fc.property(scores, fc.double({ min: 0.5, max: 0.98, noNaN: true }), (range, c) => {
      expect(num(npsMoe(range, c + 0.01))).toBeGreaterThanOrEqual(num(npsMoe(range, c)));
    }), RUNS);
  });

  it("gives a p-value in [0, 1] that does not depend on the order of the groups", () => {
    fc.assert(fc.property(scores, scores, (a, b) => {
      const ab = npsTest(a, b);
      const ba = npsTest(b, a);
      if (typeof ab !== "number") {
        expect(ba).toEqual(ab);
        return;
      }
      expect(ab).toBeGreaterThanOrEqual(0);
      expect(ab).toBeLessThanOrEqual(1);
      expect(num(ba)).toBeCloseTo(ab, 12);
    }), RUNS);
  });

  it("gives p = 1 for a group tested against itself, pooled, whatever its spread", () => {
    fc.assert(fc.property(scores, (a) => {
      const p = npsTest(a, a);
      if (typeof p === "number") expect(p).toBe(1);
      else expect(p.code).toBe("#N/A");
    }), RUNS);
  });

  it("keeps p in [0, 1] and symmetric in the groups with method \"unpooled\"", () => {
    fc.assert(fc.property(scores, scores, (a, b) => {
      const ab = npsTest(a, b, "unpooled");
      const ba = npsTest(b, a, "unpooled");
      if (typeof ab !== "number") {
        expect(ba).toEqual(ab);
        return;
      }
      expect(ab).toBeGreaterThanOrEqual(0);
      expect(ab).toBeLessThanOrEqual(1);
      expect(num(ba)).toBeCloseTo(ab, 12);
    }), RUNS);
  });
});

describe("CSAT properties", () => {
  const answers = fc.array(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 10 });

  it("stays in 0..1", () => {
    fc.assert(fc.property(answers, fc.integer({ min: 1, max: 5 }), (range, min) => {
      const v = num(csat(range, 5, min));
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }), RUNS);
  });

  it("gives the share satisfied as 1 minus the share at or above 3 of the mirrored answers (6 - x)", () => {
    fc.assert(fc.property(answers, (range) => {
      const mirrored = range.map((row) => row.map((v) => 6 - v));
      expect(num(csat(range))).toBeCloseTo(1 - num(csat(mirrored, 5, 3)), 12);
    }), RUNS);
  });

  it("falls or stays level as satisfied_min rises", () => {
    fc.assert(fc.property(answers, (range) => {
      const shares = [1, 2, 3, 4, 5].map((min) => num(csat(range, 5, min)));
      expect(shares[0]).toBe(1);
      for (let k = 1; k < 5; k++) expect(shares[k]).toBeLessThanOrEqual(shares[k - 1]);
    }), RUNS);
  });
});

describe("other KPI properties", () => {
  const amounts = fc.array(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 });

  it("CIS scales with its metrics", () => {
    fc.assert(fc.property(amounts, fc.integer({ min: 1, max: 100 }), (range, k) => {
      const scaled = range.map((row) => row.map((v) => v * k));
      expect(num(cis(scaled))).toBeCloseTo(k * num(cis(range)), 6);
    }), RUNS);
  });

  it("CPI does not change when every weight is multiplied by the same factor", () => {
    const scoresAndWeights = fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 50 })), { minLength: 1, maxLength: 8 });
    fc.assert(fc.property(scoresAndWeights, fc.integer({ min: 2, max: 1000 }), (pairs, k) => {
      const s = [pairs.map(([v]) => v)];
      const w = [pairs.map(([, weight]) => weight)];
      const wk = [pairs.map(([, weight]) => weight * k)];
      const v = num(cpi(s, w));
      expect(num(cpi(s, wk))).toBeCloseTo(v, 9);
      expect(v).toBeGreaterThanOrEqual(Math.min(...s[0]) - 1e-9);
      expect(v).toBeLessThanOrEqual(Math.max(...s[0]) + 1e-9);
    }), RUNS);
  });

  it("SCALE of a value between worst and best and between best and worst adds up to 100", () => {
    const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(fc.property(finite, finite, finite, (v, w, b) => {
      fc.pre(Math.abs(w - b) > 1e-6);
      expect(num(scale(v, w, b)) + num(scale(v, b, w))).toBeCloseTo(100, 6);
    }), RUNS);
  });

  it("PROGRESS is 0 at the baseline and 1 at the target", () => {
    const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(fc.property(finite, finite, (b, t) => {
      fc.pre(b !== t);
      // -0 is 0 to Excel.
      expect(num(progress(b, b, t)) === 0).toBe(true);
      expect(num(progress(b, t, t))).toBe(1);
    }), RUNS);
  });

  it("SENTIMENT of a range is the sentiment of each cell, in place", () => {
    const texts = fc.array(fc.array(fc.oneof(excelCell, fc.constantFrom("great service", "The app does not work", "I am fed up", "love it")), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 });
    fc.assert(fc.property(texts, (range) => {
      const spill = ok(sentiment(range));
      range.forEach((row, r) =>
        row.forEach((cell, c) => {
          expect(spill[r][c]).toBe(typeof cell === "string" && cell.trim() !== "" ? sentimentOf(cell) : "");
        }),
      );
    }), RUNS);
  });
});

// ---------------------------------------------------------------------------------------------
// Intervals, tests and FDR (spec/functions.md, "Statistics").

/** The one row of an interval spill. */
function bounds(result: ReturnType<typeof npsCi>): [number, number] {
  const [lo, hi] = ok(result)[0] as number[];
  return [lo, hi];
}

const csatAnswers = fc.array(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 10 });
const cesAnswers = fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 30 }).map((xs) => xs.map((x) => [x]));
const flags = fc.array(fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 10 });
const confidence = fc.double({ min: 0.5, max: 0.999, noNaN: true });

describe("interval properties", () => {
  it("NPS.CI contains the NPS (wald) and lies in -100..100", () => {
    fc.assert(fc.property(scores, confidence, (range, c) => {
      const [lo, hi] = bounds(npsCi(range, c));
      const v = num(nps(range));
      expect(lo).toBeLessThanOrEqual(v + 1e-9);
      expect(hi).toBeGreaterThanOrEqual(v - 1e-9);
      expect(lo).toBeGreaterThanOrEqual(-100);
      expect(hi).toBeLessThanOrEqual(100);
    }), RUNS);
  });

  it("CSAT.CI and FCR.CI contain the share, lie in 0..1 and widen with the confidence", () => {
    fc.assert(fc.property(csatAnswers, flags, confidence, (answers, f, c) => {
      const share = num(csat(answers));
      const [lo, hi] = bounds(csatCi(answers, null, null, c));
      expect(lo).toBeLessThanOrEqual(share);
      expect(hi).toBeGreaterThanOrEqual(share);
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
      const [wideLo, wideHi] = bounds(csatCi(answers, null, null, Math.min(0.9999, c + 0.0005)));
      expect(wideLo).toBeLessThanOrEqual(lo);
      expect(wideHi).toBeGreaterThanOrEqual(hi);
      const resolved = num(fcr(f));
      const [flo, fhi] = bounds(fcrCi(f, null, c));
      expect(flo).toBeLessThanOrEqual(resolved);
      expect(fhi).toBeGreaterThanOrEqual(resolved);
    }), RUNS);
  });

  it("CES.CI contains the mean and stays on the scale", () => {
    fc.assert(fc.property(cesAnswers, confidence, (answers, c) => {
      const [lo, hi] = bounds(cesCi(answers, null, c));
      const mean = num(ces(answers));
      expect(lo).toBeLessThanOrEqual(mean + 1e-12);
      expect(hi).toBeGreaterThanOrEqual(mean - 1e-12);
      expect(lo).toBeGreaterThanOrEqual(1);
      expect(hi).toBeLessThanOrEqual(7);
    }), RUNS);
  });
});

describe("test properties", () => {
  /** Both orders of a test give the same outcome; a p-value lies in [0, 1]. */
  function symmetric(ab: unknown, ba: unknown): void {
    if (typeof ab !== "number") {
      expect(ba).toEqual(ab);
      return;
    }
    expect(ab).toBeGreaterThanOrEqual(0);
    expect(ab).toBeLessThanOrEqual(1);
    expect(num(ba as number)).toBeCloseTo(ab, 12);
  }

  it("CSAT.TEST, FCR.TEST and CES.TEST give p in [0, 1], the same when the groups swap", () => {
    fc.assert(fc.property(csatAnswers, csatAnswers, flags, flags, cesAnswers, cesAnswers, (a, b, fa, fb, ca, cb) => {
      symmetric(csatTest(a, b), csatTest(b, a));
      symmetric(fcrTest(fa, fb), fcrTest(fb, fa));
      symmetric(cesTest(ca, cb), cesTest(cb, ca));
      symmetric(cesTest(ca, cb, null, "welch"), cesTest(cb, ca, null, "welch"));
    }), RUNS);
  });

  it("gives p = 1 for a group tested against itself whenever the statistic is defined", () => {
    fc.assert(fc.property(csatAnswers, cesAnswers, (a, c) => {
      const p = csatTest(a, a);
      if (typeof p === "number") expect(p).toBe(1);
      const q = cesTest(c, c);
      if (typeof q === "number") expect(q).toBe(1);
    }), RUNS);
  });
});

describe("FDR properties", () => {
  const pValues = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 });

  it("gives adjusted p-values at least the raw ones, at most 1, in the same order as the raw ones", () => {
    fc.assert(fc.property(pValues, (ps) => {
      const adjusted = benjaminiHochberg(ps);
      ps.forEach((p, i) => {
        expect(adjusted[i]).toBeGreaterThanOrEqual(p);
        expect(adjusted[i]).toBeLessThanOrEqual(1);
        ps.forEach((q, j) => {
          if (p <= q) expect(adjusted[i]).toBeLessThanOrEqual(adjusted[j]);
        });
      });
    }), RUNS);
  });

  it("does not depend on where the p-values sit: KPI.FDR of a shuffled column is the shuffled result", () => {
    fc.assert(fc.property(pValues.chain((ps) => fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps.map((_, k) => k), { minLength: ps.length, maxLength: ps.length }))), ([ps, order]) => {
      const straight = ok(fdr(ps.map((p) => [p])));
      const shuffled = ok(fdr(order.map((k) => [ps[k]])));
      order.forEach((k, i) => expect(shuffled[i][0]).toBe(straight[k][0]));
    }), RUNS);
  });
});
