/**
 * Bench section 1: the KPI kernels, called through the custom functions that the production
 * bundle (dist/functions.js) registers, beside
 *   - the floor: one loop that reads every cell of the same 2-D array once and adds the numbers;
 *   - HyperFormula evaluating the native Excel formula that src/kpi generates, on the same values;
 *   - @formulajs/formulajs computing the same with COUNTIF / COUNT / AVERAGE / SUM.
 * Everything runs in this one process, interleaved round by round, so the ratios hold on a noisy
 * machine. Prints one JSON object (the section's results) to the file named by argv[2].
 *
 *   node --import tsx scripts/bench/kernels.ts out.json
 *
 * The kernels are called through loadFunctions() (test/helpers/functionsRuntime.ts), which
 * evaluates the bundle in a bare node:vm context as Excel's JS-only runtime would. A vm context's
 * global object answers every global lookup (Math, Number, Array) through an interceptor, which
 * costs ~100-200 ns; browsers and Excel's runtimes have no such cost. So each kernel is also timed
 * through the same bundle evaluated in this realm ("main realm"), to tell the kernel from the harness.
 *
 * Environment: KPI_BENCH_DIST (default dist/) loads functions.js from another build, to measure
 * a candidate change of src/kpi; KPI_BENCH_QUICK=1 uses 1/10 of the sizes; KPI_BENCH_PEERS=0
 * skips HyperFormula and formulajs.
 */
import * as formulajs from "@formulajs/formulajs";
import { HyperFormula } from "hyperformula";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { cesFormula, csatFormula, engagementFormula, fcrFormula, npsFormula, rowsWithNumbersFormula } from "../../src/kpi";
import { loadFunctions, loadFunctionsInThisRealm } from "../../test/helpers/functionsRuntime";
import { mulberry32 } from "../random.cjs";

type Grid = unknown[][];
type Fn = (...args: unknown[]) => unknown;

const QUICK = process.env.KPI_BENCH_QUICK === "1";
const PEERS = process.env.KPI_BENCH_PEERS !== "0";
const SCALE = QUICK ? 10 : 1;
const RESPONSES = 1_000_000 / SCALE;
const ENGAGEMENT_ROWS = 100_000 / SCALE;
const ENGAGEMENT_COLS = 10;
/** HyperFormula needs tens of microseconds per cell on these formulas: it gets fewer cells. */
const HF_CELLS = 50_000 / SCALE;
const ROUNDS = 7;
const WARMUP = 3;
const HF_ROUNDS = 3;
/**
 * formulajs cannot take 1,000,000 cells:
 * - it flattens a column range ([[a],[b],...]) by concatenating row after row, quadratic in the
 *   rows (0.4 s for 20,000 rows, hours for 1,000,000);
 * - AVERAGE and SUM pass every cell as a function argument (Function.prototype.apply) and
 *   overflow the call stack past ~150,000 cells.
 * So its main figure is on the first FJ_CELLS cells, flattened by Array.prototype.flat inside
 * the timed call, and Excel's 2-D shape is timed on FJ_2D_ROWS rows.
 */
const FJ_CELLS = 100_000 / SCALE;
const FJ_2D_ROWS = 10_000 / SCALE;
const WEIGHTS = [1, 2, 3, 1, 1, 2, 0.5, 1, 1, 4];
const BLANK_SHARE = 0.02;
const TEXT_SHARE = 0.002;
const TEXTS = ["N/A", "n/a", "-", "no answer"];

const distDir = path.resolve(process.env.KPI_BENCH_DIST ?? path.join(__dirname, "..", "..", "dist"));

const rand = mulberry32(20261122);

/** One cell: ~2 % blank (null), ~0.2 % text such as "N/A", otherwise the generated value. */
function cell(value: () => unknown): unknown {
  const r = rand();
  if (r < BLANK_SHARE) return null;
  if (r < BLANK_SHARE + TEXT_SHARE) return TEXTS[Math.floor(rand() * TEXTS.length)];
  return value();
}

/**
 * Excel hands a custom function its range as JSON-deserialised rows (numbers, strings, booleans,
 * null for blanks): the round trip gives the arrays the same shape and element kinds.
 */
function asExcelPasses(grid: Grid): Grid {
  return JSON.parse(JSON.stringify(grid)) as Grid;
}

const int = (lo: number, hi: number) => () => lo + Math.floor(rand() * (hi - lo + 1));
function columnOf(rows: number, value: () => unknown): Grid {
  return asExcelPasses(Array.from({ length: rows }, () => [cell(value)]));
}

/** The floor: read every cell once, add the numbers (TRUE counts as 1). */
function floor(grid: Grid): number {
  let sum = 0;
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === "number") sum += v;
      else if (v === true) sum += 1;
    }
  }
  return sum;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function nsOf(run: () => unknown): { ns: number; value: unknown } {
  const t = process.hrtime.bigint();
  const value = run();
  return { ns: Number(process.hrtime.bigint() - t), value };
}

interface Case {
  kpi: string;
  grid: Grid;
  cells: number;
  /** The registered custom function, called as Excel calls it. */
  kernel: () => unknown;
  /** The same, from the bundle evaluated in this realm. */
  kernelMainRealm: () => unknown;
  /** formulajs on the first FJ_CELLS cells as a flat array (flattening included in the time). */
  formulajs: () => unknown;
  /** formulajs on the first FJ_2D_ROWS rows as Excel shapes them (its flatten is quadratic there). */
  formulajs2d: () => unknown;
  formulajsHow: string;
  /** Native formula over the data of sheet "Data" (n data rows starting at row 1). */
  nativeFormula: (rows: number) => string;
  /** The first `rows` data rows, for HyperFormula. */
  hfRows: number;
}

function columnRef(col: number, rows: number): string {
  const letter = String.fromCharCode(65 + col);
  return `Data!$${letter}$1:$${letter}$${rows}`;
}

/** Column k of a grid, as Excel passes a one-column range (prepared before timing, like a sheet). */
function columnView(grid: Grid, k: number): Grid {
  return grid.map((row) => [row[k]]);
}

function buildCases(registered: Map<string, Fn>, mainRealm: Map<string, Fn>): Case[] {
  const fn = (id: string): Fn => {
    const f = registered.get(id);
    if (!f) throw new Error(`dist/functions.js registers no ${id}`);
    return f;
  };
  const M = (id: string): Fn => mainRealm.get(id) as Fn;
  const NPS = fn("NPS");
  const CSAT = fn("CSAT");
  const CES = fn("CES");
  const FCR = fn("FCR");
  const ENGAGEMENT = fn("ENGAGEMENT");
  const F = formulajs as unknown as Record<string, Fn>;

  const nps = columnOf(RESPONSES, int(0, 10));
  const csat = columnOf(RESPONSES, int(1, 5));
  const ces = columnOf(RESPONSES, int(1, 7));
  // Excel passes TRUE/FALSE cells as booleans.
  const fcr = columnOf(RESPONSES, () => rand() < 0.72);
  const actions = asExcelPasses(
    Array.from({ length: ENGAGEMENT_ROWS }, () => Array.from({ length: ENGAGEMENT_COLS }, () => cell(int(0, 20)))),
  );
  const actionColumns = Array.from({ length: ENGAGEMENT_COLS }, (_, k) => columnView(actions, k));
  const weightsRow = [WEIGHTS];
  const oneCol = (rows: number) => columnRef(0, rows);
  const fjNps = (r: unknown[]) => {
    // formulajs counts blanks in ">=0" criteria, so detractors are COUNT minus the scores above 6.
    const n = F.COUNT(r) as number;
    const promoters = F.COUNTIF(r, ">=9") as number;
    const detractors = n - (F.COUNTIF(r, ">6") as number);
    return ((promoters - detractors) / n) * 100;
  };
  const fjCsat = (r: unknown[]) => (F.COUNTIF(r, ">=4") as number) / (F.COUNT(r) as number);
  // formulajs' COUNTIF compares loosely: 1 matches TRUE, 0 matches FALSE (a TRUE criterion matches nothing).
  const fjFcr = (r: unknown[]) => {
    const t = F.COUNTIF(r, 1) as number;
    const f = F.COUNTIF(r, 0) as number;
    return t / (t + f);
  };
  // formulajs' SUMPRODUCT is #VALUE! on a text cell ("N/A"), so: SUM per column times its
  // weight, over the rows with a number (a helper column of COUNT(row), then COUNTIF > 0).
  const fjEngagement = (columns: unknown[][], rows: Grid) => {
    let total = 0;
    for (let k = 0; k < ENGAGEMENT_COLS; k++) total += (F.SUM(columns[k]) as number) * WEIGHTS[k];
    const helper = rows.map((row) => F.COUNT(row));
    return total / (F.COUNTIF(helper, ">0") as number);
  };

  return [
    {
      kpi: "NPS",
      grid: nps,
      cells: RESPONSES,
      kernel: () => NPS(nps, null, null),
      kernelMainRealm: () => M("NPS")(nps, null, null),
      formulajs: () => fjNps(nps.slice(0, FJ_CELLS).flat()),
      formulajs2d: () => fjNps(nps.slice(0, FJ_2D_ROWS)),
      formulajsHow: '(COUNTIF(r,">=9")-(COUNT(r)-COUNTIF(r,">6")))/COUNT(r)*100',
      nativeFormula: (rows) => npsFormula(oneCol(rows)),
      hfRows: HF_CELLS,
    },
    {
      kpi: "CSAT",
      grid: csat,
      cells: RESPONSES,
      kernel: () => CSAT(csat, null, null),
      kernelMainRealm: () => M("CSAT")(csat, null, null),
      formulajs: () => fjCsat(csat.slice(0, FJ_CELLS).flat()),
      formulajs2d: () => fjCsat(csat.slice(0, FJ_2D_ROWS)),
      formulajsHow: 'COUNTIF(r,">=4")/COUNT(r)',
      nativeFormula: (rows) => csatFormula(oneCol(rows), 5, 4),
      hfRows: HF_CELLS,
    },
    {
      kpi: "CES",
      grid: ces,
      cells: RESPONSES,
      kernel: () => CES(ces, null),
      kernelMainRealm: () => M("CES")(ces, null),
      formulajs: () => F.AVERAGE(ces.slice(0, FJ_CELLS).flat()),
      formulajs2d: () => F.AVERAGE(ces.slice(0, FJ_2D_ROWS)),
      formulajsHow: "AVERAGE(r)",
      nativeFormula: (rows) => cesFormula(oneCol(rows), 7),
      hfRows: HF_CELLS,
    },
    {
      kpi: "FCR",
      grid: fcr,
      cells: RESPONSES,
      kernel: () => FCR(fcr, null),
      kernelMainRealm: () => M("FCR")(fcr, null),
      formulajs: () => fjFcr(fcr.slice(0, FJ_CELLS).flat()),
      formulajs2d: () => fjFcr(fcr.slice(0, FJ_2D_ROWS)),
      formulajsHow: "COUNTIF(r,1)/(COUNTIF(r,1)+COUNTIF(r,0))",
      nativeFormula: (rows) => fcrFormula(oneCol(rows)),
      hfRows: HF_CELLS,
    },
    {
      kpi: "ENGAGEMENT",
      grid: actions,
      cells: ENGAGEMENT_ROWS * ENGAGEMENT_COLS,
      kernel: () => ENGAGEMENT(actions, weightsRow, null),
      kernelMainRealm: () => M("ENGAGEMENT")(actions, weightsRow, null),
      formulajs: () => fjEngagement(actionColumns.map((col) => col.slice(0, FJ_CELLS / ENGAGEMENT_COLS).flat()), actions.slice(0, FJ_CELLS / ENGAGEMENT_COLS)),
      formulajs2d: () => fjEngagement(actionColumns.map((col) => col.slice(0, FJ_2D_ROWS / ENGAGEMENT_COLS)), actions.slice(0, FJ_2D_ROWS / ENGAGEMENT_COLS)),
      formulajsHow: "SUM(column)*weight per column / COUNTIF(helper,\">0\") with helper = COUNT(row)",
      nativeFormula: (rows) => {
        const refs = Array.from({ length: ENGAGEMENT_COLS }, (_, k) => columnRef(k, rows));
        return engagementFormula(refs, WEIGHTS, rowsWithNumbersFormula(refs));
      },
      hfRows: Math.round(HF_CELLS / ENGAGEMENT_COLS),
    },
  ];
}

interface HfResult {
  cells: number;
  nsPerCell: number;
  firstEvalNsPerCell: number;
  value: unknown;
  expected: unknown;
}

/**
 * HyperFormula: a "Data" sheet with the first hfRows rows, the native formula in Out!A1. Times the
 * first evaluation, then recalculations (a data cell set again to its own value makes the formula
 * dirty; setCellContents recalculates, getCellValue reads).
 */
function runHyperFormula(c: Case, registered: Map<string, Fn>): HfResult {
  const rows = c.grid.slice(0, c.hfRows);
  const cells = rows.reduce((k, row) => k + row.length, 0);
  const hf = HyperFormula.buildEmpty({
    licenseKey: "gpl-v3",
    maxRows: 1_048_576,
    maxColumns: 16_384,
    // Excel evaluates SUMPRODUCT's arguments as arrays; HyperFormula does so only with this on.
    useArrayArithmetic: true,
  });
  const data = hf.getSheetId(hf.addSheet("Data")) as number;
  const out = hf.getSheetId(hf.addSheet("Out")) as number;
  hf.setSheetContent(data, rows as (string | number | boolean | null)[][]);
  const formula = `=${c.nativeFormula(rows.length)}`;
  const first = nsOf(() => {
    hf.setCellContents({ sheet: out, row: 0, col: 0 }, [[formula]]);
    return hf.getCellValue({ sheet: out, row: 0, col: 0 });
  });
  // Each round changes the first data cell (to another valid value, then back), which makes the
  // formula dirty: setCellContents recalculates it, getCellValue reads it.
  const original = rows[0][0] as string | number | boolean | null;
  const other = typeof original === "boolean" ? !original : original === 1 ? 2 : 1;
  const times: number[] = [];
  for (let k = 0; k < HF_ROUNDS; k++) {
    const run = nsOf(() => {
      hf.setCellContents({ sheet: data, row: 0, col: 0 }, [[k % 2 === 0 ? other : original]]);
      return hf.getCellValue({ sheet: out, row: 0, col: 0 });
    });
    times.push(run.ns / cells);
  }
  hf.setCellContents({ sheet: data, row: 0, col: 0 }, [[original]]);
  const value = hf.getCellValue({ sheet: out, row: 0, col: 0 });
  hf.destroy();
  // The kernel on the same rows, for the check.
  const kernel = registered.get(c.kpi) as Fn;
  const expected = c.kpi === "ENGAGEMENT" ? kernel(rows, [WEIGHTS], null) : kernel(rows);
  return { cells, nsPerCell: median(times), firstEvalNsPerCell: first.ns / cells, value, expected };
}

/** A statistics function (spec/functions.md, "Statistics") timed through the registered functions. */
interface StatCase {
  fn: string;
  /** Every range the call reads, for the floor. */
  grids: Grid[];
  kernel: () => unknown;
  kernelMainRealm: () => unknown;
}

const STAT_P_VALUES = 10_000 / SCALE;

/**
 * The intervals and tests on the same 1,000,000-response columns as the kernels (a test splits its
 * column into two groups of 500,000), FDR on 10,000 p-values. Each reads its ranges in one pass and
 * then does O(1) work (FDR: a sort), so its floor is the floor of the ranges it reads.
 */
function statisticsCases(cases: Case[], registered: Map<string, Fn>, mainRealm: Map<string, Fn>): StatCase[] {
  const grid = (kpi: string) => (cases.find((c) => c.kpi === kpi) as Case).grid;
  const halves = (g: Grid): [Grid, Grid] => [g.slice(0, g.length >> 1), g.slice(g.length >> 1)];
  const [npsA, npsB] = halves(grid("NPS"));
  const [csatA, csatB] = halves(grid("CSAT"));
  const [cesA, cesB] = halves(grid("CES"));
  const [fcrA, fcrB] = halves(grid("FCR"));
  const pValues = asExcelPasses(Array.from({ length: STAT_P_VALUES }, () => [cell(() => rand() ** 3)]));
  const calls: [fn: string, args: unknown[], grids: Grid[]][] = [
    ["NPS.CI", [grid("NPS"), null, null], [grid("NPS")]],
    ["NPS.TEST", [npsA, npsB], [npsA, npsB]],
    ["CSAT.CI", [grid("CSAT"), null, null, null], [grid("CSAT")]],
    ["CSAT.TEST", [csatA, csatB, null, null], [csatA, csatB]],
    ["CES.CI", [grid("CES"), null, null], [grid("CES")]],
    ["CES.TEST", [cesA, cesB, null], [cesA, cesB]],
    ["FCR.CI", [grid("FCR"), null, null], [grid("FCR")]],
    ["FCR.TEST", [fcrA, fcrB], [fcrA, fcrB]],
    ["FDR", [pValues, null], [pValues]],
  ];
  return calls.map(([fn, args, grids]) => {
    const f = registered.get(fn);
    const m = mainRealm.get(fn);
    if (!f || !m) throw new Error(`dist/functions.js registers no ${fn}`);
    return { fn, grids, kernel: () => f(...args), kernelMainRealm: () => m(...args) };
  });
}

/** Times the statistics functions beside the floor of the ranges they read, interleaved round by round. */
function runStatistics(statCases: StatCase[]): unknown[] {
  return statCases.map((c) => {
    const cells = c.grids.reduce((k, g) => k + g.reduce((n, row) => n + row.length, 0), 0);
    const runners: [string, () => unknown][] = [
      ["kernel", c.kernel],
      ["floor", () => c.grids.reduce((s: number, g) => s + floor(g), 0)],
      ["mainRealm", c.kernelMainRealm],
    ];
    const times: Record<string, number[]> = { kernel: [], floor: [], mainRealm: [] };
    let value: unknown;
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      for (const [name, run] of runners) {
        const r = nsOf(run);
        if (name === "kernel") value = r.value;
        if (round >= WARMUP) times[name].push(r.ns / cells);
      }
    }
    const ns = median(times.kernel);
    const floorNs = median(times.floor);
    const mainNs = median(times.mainRealm);
    const result = {
      fn: c.fn,
      cells,
      ns_per_cell: round2(ns),
      floor_ns_per_cell: round2(floorNs),
      vs_floor: round2(ns / floorNs),
      main_realm_ns_per_cell: round2(mainNs),
      main_realm_vs_floor: round2(mainNs / floorNs),
      // FDR spills a column: its first adjusted p-value stands for it.
      value: Array.isArray(value) ? (value as unknown[][])[0] : value,
      kernel_runs_ns_per_cell: times.kernel.map(round2),
    };
    process.stderr.write(`  ${c.fn.padEnd(10)} ${result.ns_per_cell} ns/cell (floor ${result.floor_ns_per_cell}, x${result.vs_floor}; main realm x${result.main_realm_vs_floor})\n`);
    return result;
  });
}

function close(a: unknown, b: unknown): boolean {
  return typeof a === "number" && typeof b === "number" && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

function main(): void {
  const outFile = process.argv[2];
  const { registered } = loadFunctions(distDir);
  const mainRealm = loadFunctionsInThisRealm(distDir) as Map<string, Fn>;
  const cases = buildCases(registered as Map<string, Fn>, mainRealm);
  const results = [];
  for (const c of cases) {
    const runners: [string, () => unknown][] = [
      ["kernel", c.kernel],
      ["floor", () => floor(c.grid)],
      ["mainRealm", c.kernelMainRealm],
      ...(PEERS ? ([["formulajs", c.formulajs]] as [string, () => unknown][]) : []),
    ];
    const times: Record<string, number[]> = { kernel: [], floor: [], mainRealm: [], formulajs: [] };
    const perRow = c.cells / c.grid.length;
    const fjCells = Math.min(c.cells, FJ_CELLS);
    const fjRows = c.grid.slice(0, fjCells / perRow);
    const fjExpected = c.kpi === "ENGAGEMENT" ? (registered.get(c.kpi) as Fn)(fjRows, [WEIGHTS], null) : (registered.get(c.kpi) as Fn)(fjRows);
    const values: Record<string, unknown> = {};
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      for (const [name, run] of runners) {
        const r = nsOf(run);
        values[name] = r.value;
        if (round >= WARMUP) times[name].push(r.ns / (name === "formulajs" ? fjCells : c.cells));
      }
    }
    // formulajs on Excel's 2-D shape, on fewer rows: warm once, then the median of 3.
    const fj2dCells = Math.min(c.cells, FJ_2D_ROWS * perRow);
    let fj2d = NaN;
    if (PEERS) {
      c.formulajs2d();
      fj2d = median([0, 1, 2].map(() => nsOf(c.formulajs2d).ns / fj2dCells));
    }
    const hf = PEERS ? runHyperFormula(c, registered as Map<string, Fn>) : null;
    const ns = median(times.kernel);
    const floorNs = median(times.floor);
    const mainNs = median(times.mainRealm);
    const fjNs = PEERS ? median(times.formulajs) : NaN;
    const hfNs = hf ? hf.nsPerCell : NaN;
    const result = {
      kpi: c.kpi,
      cells: c.cells,
      ns_per_cell: round2(ns),
      floor_ns_per_cell: round2(floorNs),
      hyperformula_ns_per_cell: nullable(hfNs),
      formulajs_ns_per_cell: nullable(fjNs),
      vs_floor: round2(ns / floorNs),
      hyperformula_over_kernel: nullable(hfNs / ns),
      formulajs_over_kernel: nullable(fjNs / ns),
      main_realm_ns_per_cell: round2(mainNs),
      main_realm_vs_floor: round2(mainNs / floorNs),
      hyperformula_over_main_realm: nullable(hfNs / mainNs),
      value: values.kernel,
      formulajs_value: values.formulajs,
      formulajs_cells: fjCells,
      formulajs_expected: fjExpected,
      formulajs_agrees: PEERS ? close(values.formulajs, fjExpected) : null,
      formulajs_how: c.formulajsHow,
      formulajs_input: "the first formulajs_cells cells as a flat array (.flat() inside the timed call)",
      formulajs_2d_ns_per_cell: nullable(fj2d),
      formulajs_2d_cells: fj2dCells,
      hyperformula_cells: hf ? hf.cells : null,
      hyperformula_first_eval_ns_per_cell: hf ? round2(hf.firstEvalNsPerCell) : null,
      hyperformula_value: hf ? hf.value : null,
      hyperformula_expected: hf ? hf.expected : null,
      hyperformula_agrees: hf ? close(hf.value, hf.expected) : null,
      kernel_runs_ns_per_cell: times.kernel.map(round2),
      floor_runs_ns_per_cell: times.floor.map(round2),
      main_realm_runs_ns_per_cell: times.mainRealm.map(round2),
    };
    results.push(result);
    process.stderr.write(
      `  ${c.kpi.padEnd(10)} ${result.ns_per_cell} ns/cell (floor ${result.floor_ns_per_cell}, x${result.vs_floor}; ` +
        `main realm ${result.main_realm_ns_per_cell}, x${result.main_realm_vs_floor}); ` +
        `HyperFormula ${result.hyperformula_ns_per_cell} at ${result.hyperformula_cells} cells; formulajs ${result.formulajs_ns_per_cell}\n`,
    );
  }
  const statistics = runStatistics(statisticsCases(cases, registered as Map<string, Fn>, mainRealm));
  const section = {
    dist: path.relative(process.cwd(), distDir).startsWith("..") ? distDir : path.relative(process.cwd(), distDir) || distDir,
    responses: RESPONSES,
    engagement_shape: [ENGAGEMENT_ROWS, ENGAGEMENT_COLS],
    hyperformula_cells: HF_CELLS,
    formulajs_cells: FJ_CELLS,
    rounds: ROUNDS,
    warmup: WARMUP,
    blank_share: BLANK_SHARE,
    text_share: TEXT_SHARE,
    kernels: results,
    statistics,
  };
  if (outFile) writeFileSync(outFile, JSON.stringify(section, null, 2));
  else console.log(JSON.stringify(section, null, 2));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function nullable(x: number): number | null {
  return Number.isFinite(x) ? round2(x) : null;
}

main();
