/**
 * The CLV sheet as data (spec/clv.md, "The CLV sheet" and "What a reviewer changes must change
 * the numbers"): from a transaction log and the assumptions, everything a writer needs to lay
 * out a sheet a finance reviewer can audit and edit:
 * - the source, and the calibration, holdout and forecast windows as dates; the forecast starts
 *   at the end of the data (each customer's x, t_x and T as of then) unless asked to start at
 *   the end of calibration; the models are fitted on the calibration window;
 * - the assumptions in input cells, each driving what depends on it: the horizon (whole periods,
 *   up to the length of the per-period table), the discount rate as given (per year or per
 *   period, the other one a formula) and the margin;
 * - the fitted parameters with log-likelihood and a verdict (converged, not identified, not
 *   converged), Spearman's test of Gamma-Gamma's independence assumption;
 * - a per-customer table sorted by CLV: P(alive) and the expected spend as native formulas,
 *   the expected purchases over the horizon as P(alive) times the sum of the customer's
 *   per-period curve up to the horizon (SUMPRODUCT over the per-period table), the discount
 *   factor (discounted over undiscounted purchases) and CLV = purchases × factor × spend × margin;
 * - totals, mean and deciles as formulas (over the table, or over per-period sums of all
 *   customers when the table keeps only the top rows), the holdout headline (actual, expected,
 *   difference, mean absolute error per customer) and the calibration table and chart.
 * Expected purchases need Gauss's 2F1, which no spreadsheet has: the per-period table holds
 * each curve's values (one row per distinct x and T), so the horizon and the discount rate stay
 * live. Where that table would be too large, or the horizon is not whole, the horizon and the
 * discount rate are stated as fixed values with the command that changes them. Every formula
 * caches the value the core computed. Pure: it plans, it writes nothing.
 */
import { ascendingOrder } from "../math/order";
import { cellAddress, columnLetter, rectAddress } from "../scorecard/a1";
import type { FormulaCell, PlanBlock, PlanCell, PlanStyle, Rect } from "../scorecard/types";
import { errors, isKpiError, type KpiError, type Result } from "../kpi/errors";
import { type BgnbdFit, expectedByPeriod, expectedPurchases, fitBgnbd, pAlive } from "./bgnbd";
import { expectedSpend, fitGammaGamma, type GammaGammaFit } from "./gammagamma";
import { readLog } from "./functions";
import { FIRST_LOG_DAY } from "./read";
import type { Verdict } from "./optimize";
import { CLV_TERM_BUDGET } from "./predict";
import { PERIOD_DAYS, PERIODS_PER_YEAR, type Period, rfmSummary, type RfmRow, type Transaction } from "./rfm";
import { seriesWork } from "./special";
import { type RankCorrelation, spearman, spendFrequencyTest } from "./spearman";

export interface ClvSheetInput {
  /** Where the log came from, as the reviewer should read it ("Sales!A1:C6920", "cdnow.csv"). */
  readonly source: string;
  readonly transactions: readonly Transaction[];
  /** Rows of the log that were not read (shown on the sheet). */
  readonly skipped: number;
  /** End of the calibration period (Excel serial day). */
  readonly endDate: number;
  /** End of the holdout period, for the calibration check (Excel serial day), if any. */
  readonly holdoutEnd?: number;
  readonly period: Period;
  readonly horizon: number;
  /** Per period (the rate the model uses). */
  readonly discountRate: number;
  /** The discount rate as the user gave it, shown as the input: 0.10 per "year", or per "period". */
  readonly discountGiven?: { readonly rate: number; readonly per: "year" | "period" };
  readonly margin: number;
  /**
   * Where the forecast starts: "data" (default), the end of the data (the holdout end, or the
   * last purchase), each customer as of then; "calibration", the end of calibration.
   */
  readonly forecastFrom?: "data" | "calibration";
  /** Per-customer rows written at most (Excel has 1,048,576 rows); the top customers by CLV are kept. */
  readonly maxCustomerRows?: number;
  /**
   * What reading the log noted, as the command line says it ("2 rows left out with a date after
   * today ...", "3 rows repeat an earlier row exactly ..."): shown among the sheet's warnings.
   */
  readonly readNotes?: readonly string[];
  /**
   * "live" (default): where the horizon is fixed (see above), expected purchases and the discount
   * factor as KPI.* formulas, which need the add-in; "portable": those as values. With the
   * per-period table every formula is native in both.
   */
  readonly mode?: "live" | "portable";
}

export interface ClvCustomer extends RfmRow {
  readonly alive: number;
  readonly purchases: number;
  /** Discounted over undiscounted expected purchases (1 when none are expected). */
  readonly discountFactor: number;
  readonly spend: number;
  readonly clv: number;
  /** Repeat purchase days in the holdout period, when there is one (customers of the calibration window). */
  readonly holdout?: number;
}

export interface CalibrationRow {
  /** "0" .. "6", "7+": repeat purchases in the calibration period. */
  readonly label: string;
  readonly customers: number;
  /** Mean repeat purchases per customer in the holdout: observed, and as BG/NBD expects. */
  readonly actual: number;
  readonly expected: number;
}

/** How good the model is on the holdout: totals over the calibration customers. */
export interface HoldoutCheck {
  readonly customers: number;
  readonly actual: number;
  readonly expected: number;
  /** (expected - actual) / actual; NaN when nothing was bought in the holdout. */
  readonly difference: number;
  /** Mean over customers of |actual - expected|. */
  readonly meanAbsoluteError: number;
  /** Spearman's rho of each customer's expected and actual holdout purchases: does the model rank customers right? Null without spread. */
  readonly rankCorrelation: RankCorrelation | null;
}

/** A chart of two series over the same categories (the calibration check). */
export interface ClvChart {
  readonly type: "column";
  readonly title: string;
  readonly categories: Rect;
  readonly series: readonly { readonly name: string; readonly values: Rect }[];
  readonly anchor: Rect;
}

export interface ClvWindows {
  /** First purchase in the calibration window, its end, the holdout end (Excel serial days). */
  readonly calibrationStart: number;
  readonly calibrationEnd: number;
  readonly holdoutEnd?: number;
  /** The forecast starts after this day and runs for the horizon. */
  readonly forecastStart: number;
  readonly forecastFrom: "data" | "calibration";
}

/**
 * The per-customer table of a plan, its rows made when a writer asks for them: a million
 * customers are never a million rows of cell objects at once (spec: a log of any size stays
 * within 2 GB). Row 0 is the header.
 */
export interface ClvTable {
  readonly row: number;
  readonly col: number;
  /** Rows, the header included. */
  readonly rows: number;
  readonly cols: number;
  /** Where the table stands among the plan's blocks (clvBlocks puts it back there). */
  readonly blockIndex: number;
  /** Row i (0: the header): its cells and their number formats. */
  rowAt(i: number): { readonly cells: readonly PlanCell[]; readonly numberFormats: readonly string[] };
}

export interface ClvSheetPlan {
  readonly sheetName: string;
  /** Every block but the per-customer table (clvBlocks gives them all, the table's rows made). */
  readonly blocks: readonly PlanBlock[];
  readonly table: ClvTable;
  /** Bold headings, the input cells marked as inputs, header rows underlined. */
  readonly styles: readonly PlanStyle[];
  readonly charts: readonly ClvChart[];
  readonly columnWidths: readonly number[];
  readonly freeze: { readonly rows: number; readonly columns: number };
  readonly rowHeights: readonly { readonly row: number; readonly points: number }[];
  /** What prints: the parameters, the per-customer table and the summary (not the per-period table); row 1 repeats on every page. */
  readonly extent: Rect;
  /** What the sheet shows, as numbers, for the pane, the CLI and tests. */
  readonly bgnbd: BgnbdFit;
  readonly gammaGamma: GammaGammaFit;
  /** Spearman's rho of frequency and mean spend on the repeat buyers, with its p-value. */
  readonly independence: RankCorrelation | null;
  readonly customers: readonly ClvCustomer[];
  readonly calibration: readonly CalibrationRow[] | null;
  readonly holdoutCheck: HoldoutCheck | null;
  readonly windows: ClvWindows;
  /** "live": horizon and discount rate are input cells; "fixed": stated values (see notes). */
  readonly horizonCells: "live" | "fixed";
  /** Total and mean CLV over all customers at the assumptions of the build. */
  readonly totalClv: number;
  /** Notes for the reviewer (a fit not to be relied on, rows left out, the P(alive) convention). */
  readonly notes: readonly string[];
  /** Rows of the log read, and left out (unreadable id, date or amount, or a negative amount). */
  readonly transactionsRead: number;
  readonly skipped: number;
  /** Milliseconds spent fitting, predicting (curves and customers) and laying out: where a build's time goes. */
  readonly timings: { readonly fits: number; readonly predictions: number; readonly layout: number };
}

export const CLV_SHEET_NAME = "Customer lifetime value";
/** Cells the per-period table may hold (curves × periods); past it the horizon is fixed. */
export const PERIOD_TABLE_CELLS = 2_000_000;
/** Excel's last column is XFD, the 16,384th: the per-period table starts at column X. */
const EXCEL_COLUMNS = 16_384;
const DATE = "yyyy-mm-dd";
const MONEY = "#,##0.00";
const RATE = "0.000";
const PROB = "0.000";
const EXCEL_ROWS = 1_048_576;
const RED = "#A4262C";
const INPUT_FILL = "#FFF2CC";

const f = (formula: string, value: FormulaCell["value"]): FormulaCell => ({ formula, value });

/** A block of label/value rows in columns A:B. */
function labelled(row: number, rows: readonly (readonly [PlanCell, PlanCell, string])[]): PlanBlock {
  return { row, col: 0, cells: rows.map(([l, v]) => [l, v]), numberFormats: rows.map(([, , nf]) => ["General", nf]) };
}

/** Repeat purchase days of each customer after the end date, up to the holdout end. */
function holdoutPurchases(transactions: readonly Transaction[], endDate: number, holdoutEnd: number): Map<string, number> {
  const days = new Map<string, Set<number>>();
  for (const t of transactions) {
    if (t.day <= endDate || t.day > holdoutEnd) continue;
    const key = `${typeof t.id}:${t.id}`;
    let set = days.get(key);
    if (!set) days.set(key, (set = new Set()));
    set.add(t.day);
  }
  return new Map([...days].map(([k, s]) => [k, s.size]));
}

export function planClvSheet(input: ClvSheetInput): Result<ClvSheetPlan> {
  const summary = summariseTransactions(input);
  return isKpiError(summary) ? summary : planClvSheetFromSummary(summary);
}

/**
 * What planClvSheetFromSummary plans the sheet from, summarised from the purchases: the caller
 * may let the purchases go before the sheet is planned (the CLI does: a big log's are hundreds
 * of megabytes, and the fits need none of them).
 */
export function summariseTransactions(input: ClvSheetInput): Result<ClvSummaryInput> {
  const bad = checkInput(input);
  if (bad) return bad;
  if (input.transactions.length === 0) return errors.noTransactions();
  const periodDays = PERIOD_DAYS[input.period];
  const rows = rfmSummary(input.transactions, input.endDate, periodDays);
  let holdout: number[] | undefined;
  if (input.holdoutEnd !== undefined) {
    const counts = holdoutPurchases(input.transactions, input.endDate, input.holdoutEnd);
    holdout = rows.map((r) => counts.get(`${typeof r.id}:${r.id}`) ?? 0);
  }
  let lastDay = -Infinity;
  for (const t of input.transactions) if (t.day > lastDay) lastDay = t.day;
  const start = forecastStart(input, lastDay);
  const forecast = start === input.endDate ? undefined : { rows: rfmSummary(input.transactions, start, periodDays), start };
  const { transactions, ...rest } = input;
  return { ...rest, rows, transactionsRead: transactions.length, ...(holdout ? { holdout } : {}), ...(forecast ? { forecast } : {}) };
}

/** The day the forecast starts after: the end of the data (the holdout end, else the last purchase), or the end of calibration. */
export function forecastStart(input: Pick<ClvSheetInput, "endDate" | "holdoutEnd" | "forecastFrom">, lastDay: number): number {
  if (input.forecastFrom === "calibration") return input.endDate;
  return input.holdoutEnd ?? Math.max(input.endDate, lastDay);
}

/**
 * What the sheet is planned from when the log has been summarised elsewhere (DuckDB, a
 * warehouse): one RFM row per customer as of the end of calibration and, with a holdout, each
 * customer's repeat purchase days in it, in the same order; and, for a forecast from a later
 * day, the RFM rows as of that day.
 */
export interface ClvSummaryInput extends Omit<ClvSheetInput, "transactions"> {
  readonly rows: readonly RfmRow[];
  /** Rows of the log that were read. */
  readonly transactionsRead: number;
  /** Purchase days in the holdout period, per row of `rows` (needed with holdoutEnd). */
  readonly holdout?: ArrayLike<number>;
  /** The customers as of the day the forecast starts after, when that is not the end of calibration. */
  readonly forecast?: { readonly rows: readonly RfmRow[]; readonly start: number };
}

/** A per-period curve: the expected purchases in each period of a customer alive at the forecast start. */
interface Curve {
  readonly x: number;
  readonly T: number;
  /** Expected purchases in period k (k = 1 .. K), never below 0. */
  readonly increments: Float64Array;
}

interface Built {
  readonly customers: ClvCustomer[];
  /** The curve of each customer (index into curves), in the order of `customers`. */
  readonly curveOf: Int32Array;
  readonly curves: readonly Curve[];
}

/** What the two fits read: BG/NBD every customer's (x, t_x, T), Gamma-Gamma the repeat buyers' (x, zbar). */
export interface ClvFitData {
  readonly customers: { readonly x: Float64Array; readonly tx: Float64Array; readonly T: Float64Array };
  readonly buyers: { readonly x: Float64Array; readonly zbar: Float64Array };
}

/**
 * The fits' data from the summary, or why there is nothing to fit. Plain loops: typed arrays
 * made by Float64Array.from(rows, map) took 40-65 ms a column for 374,000 customers, a loop 8-10.
 */
export function clvFitData(rows: readonly RfmRow[]): ClvFitData | KpiError {
  const n = rows.length;
  if (n === 0) return errors.noTransactionsByEnd();
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  let repeaters = 0;
  let buyers = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    x[i] = r.x;
    tx[i] = r.tx;
    T[i] = r.T;
    if (r.x > 0) {
      repeaters++;
      if (r.zbar > 0) buyers++;
    }
  }
  if (repeaters === 0) return errors.noRepeatBuyers("BG/NBD");
  const bx = new Float64Array(buyers);
  const bz = new Float64Array(buyers);
  for (let i = 0, j = 0; i < n; i++) {
    const r = rows[i];
    if (r.x > 0 && r.zbar > 0) {
      bx[j] = r.x;
      bz[j++] = r.zbar;
    }
  }
  return { customers: { x, tx, T }, buyers: { x: bx, zbar: bz } };
}

/** The two fits of a sheet (undefined where a log-likelihood is not finite anywhere tried) and the milliseconds they took. */
export interface ClvFits {
  /** What the fits read (clvFitData of the summary's rows). */
  readonly data: ClvFitData;
  readonly bg: BgnbdFit | undefined;
  readonly gg: GammaGammaFit | undefined;
  readonly ms: number;
}

/**
 * The plan of a CLV sheet from its summary. The fits are made here, one after the other, unless
 * the caller made them from the same summary's clvFitData (the command line fits Gamma-Gamma in
 * a worker thread while BG/NBD is fitted: the same functions on the same numbers, so the same
 * fits).
 */
export function planClvSheetFromSummary(input: ClvSummaryInput, made?: ClvFits): Result<ClvSheetPlan> {
  const bad = checkInput(input);
  if (bad) return bad;
  const rows = input.rows;
  const data = made?.data ?? clvFitData(rows);
  if (isKpiError(data)) return data;
  const started = Date.now();
  const { bg, gg } = made ?? { bg: fitBgnbd(data.customers), gg: fitGammaGamma(data.buyers) };
  if (!bg || !gg) return errors.notFinite("the log-likelihood");
  if (!(gg.params.q > 1)) return errors.domain("q", gg.params.q, "the fitted Gamma-Gamma q is not above 1, so the expected spend is infinite");
  const fitted = Date.now();
  const built = predict(input, bg, gg);
  if (isKpiError(built)) return built;
  const predicted = Date.now();
  const periodDays = PERIOD_DAYS[input.period];
  let calibration: CalibrationRow[] | null = null;
  let check: HoldoutCheck | null = null;
  if (input.holdoutEnd !== undefined && input.holdout) {
    const r = calibrate((input.holdoutEnd - input.endDate) / periodDays, rows, input.holdout, bg);
    calibration = r.groups;
    check = r.check;
  }
  const independence = spendFrequencyTest(data.buyers.x, data.buyers.zbar, gg.params.p);
  let calibrationStart = Infinity;
  for (const r of rows) if (r.first < calibrationStart) calibrationStart = r.first;
  const windows: ClvWindows = {
    calibrationStart,
    calibrationEnd: input.endDate,
    ...(input.holdoutEnd !== undefined ? { holdoutEnd: input.holdoutEnd } : {}),
    forecastStart: input.forecast?.start ?? input.endDate,
    forecastFrom: input.forecast ? "data" : input.forecastFrom === "calibration" ? "calibration" : "data",
  };
  const plan = layout(input, built, bg, gg, independence, calibration, check, windows);
  return { ...plan, timings: { fits: made ? made.ms : fitted - started, predictions: predicted - fitted, layout: Date.now() - predicted } };
}

function checkInput(input: Omit<ClvSheetInput, "transactions">): KpiError | undefined {
  if (!(input.horizon >= 0 && input.horizon <= 10_000)) return errors.domain("horizon", input.horizon, "use 0 to 10000 periods");
  if (!(input.discountRate >= 0)) return errors.domain("discount rate", input.discountRate, "it cannot be negative");
  if (!(input.margin >= 0 && input.margin <= 1)) return errors.domain("margin", input.margin, "give it as a fraction from 0 to 1");
  if (input.holdoutEnd !== undefined && !(input.holdoutEnd > input.endDate)) return errors.domain("holdout end", input.holdoutEnd, "it must come after the end date");
  return undefined;
}

/**
 * Each customer's P(alive), curve, expected purchases, discount factor, spend and CLV, as of the
 * forecast start, sorted by CLV from the highest. A curve is computed once per distinct x and T
 * (what it depends on); its increments are what the per-period table shows, and the figures are
 * computed from them as the sheet's formulas compute them.
 */
function predict(input: ClvSummaryInput, bg: BgnbdFit, gg: GammaGammaFit): Built | KpiError {
  const rows = input.forecast?.rows ?? input.rows;
  const periods = Math.ceil(input.horizon);
  // Curves by x, then T: number keys, where text keys `${x},${T}` cost 0.5-0.8 s on the bench's
  // 374,000 customers (0.07-0.13 s this way); the same curve for the same pair (-0 and 0, NaN and
  // NaN are one key both ways), numbered in the order first met.
  const curveIndex = new Map<number, Map<number, number>>();
  const curves: Curve[] = [];
  const curveOfRow = new Int32Array(rows.length);
  const limit = seriesWork.limit;
  try {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      let byT = curveIndex.get(r.x);
      if (byT === undefined) curveIndex.set(r.x, (byT = new Map()));
      let k = byT.get(r.T);
      if (k === undefined) {
        seriesWork.limit = seriesWork.terms + CLV_TERM_BUDGET;
        const cumulative = expectedByPeriod(input.horizon, r.x, r.T, bg.params);
        const increments = new Float64Array(periods);
        let before = 0;
        for (let j = 0; j < periods; j++) {
          if (!Number.isFinite(cumulative[j])) return errors.domain("horizon", input.horizon, "is too long for the model's hypergeometric series against some customers' age");
          increments[j] = Math.max(0, cumulative[j] - before);
          before = cumulative[j];
        }
        k = curves.length;
        curves.push({ x: r.x, T: r.T, increments });
        byT.set(r.T, k);
      }
      curveOfRow[i] = k;
    }
  } finally {
    seriesWork.limit = limit;
  }
  // Per curve: the sum of its increments, plain and discounted (what SUMPRODUCT gives on the sheet).
  const discount = 1 / (1 + input.discountRate);
  const sums = curves.map((c) => {
    let plain = 0;
    let discounted = 0;
    let factor = 1;
    for (let j = 0; j < c.increments.length; j++) {
      factor *= discount;
      plain += c.increments[j];
      discounted += c.increments[j] * factor;
    }
    return { plain, discounted };
  });
  const holdout = input.forecast ? undefined : input.holdout;
  // One object of one shape per customer (no copies of it to sort): the table of a million
  // customers is built from these.
  const made: ClvCustomer[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const alive = pAlive(r.x, r.tx, r.T, bg.params);
    const { plain, discounted } = sums[curveOfRow[i]];
    const purchases = alive * plain;
    const discountFactor = plain > 0 ? discounted / plain : 1;
    const spend = expectedSpend(r.x, r.zbar, gg.params);
    const clv = purchases * discountFactor * spend * input.margin;
    if (!Number.isFinite(clv)) return errors.domain("horizon", input.horizon, "is too long for the model's hypergeometric series against some customers' age");
    const { id, x, tx, T, zbar, first } = r;
    made[i] = holdout
      ? { id, x, tx, T, zbar, first, alive, purchases, discountFactor, spend, clv, holdout: holdout[i] }
      : { id, x, tx, T, zbar, first, alive, purchases, discountFactor, spend, clv };
  }
  // Sorted by CLV from the highest, ties in the order of the summary (a stable sort of positions;
  // the ascending positions of -CLV are that order, every CLV being finite here).
  const n = made.length;
  const negative = new Float64Array(n);
  for (let i = 0; i < n; i++) negative[i] = -made[i].clv;
  const order = ascendingOrder(negative);
  const customers: ClvCustomer[] = new Array(n);
  const curveOf = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    customers[k] = made[order[k]];
    curveOf[k] = curveOfRow[order[k]];
  }
  return { customers, curveOf, curves };
}

/** Holdout repeat purchases, observed and as BG/NBD expects, by calibration frequency 0..6 and 7+, and in all. */
function calibrate(length: number, rows: readonly RfmRow[], holdout: ArrayLike<number>, bg: BgnbdFit): { groups: CalibrationRow[]; check: HoldoutCheck } {
  const groups = Array.from({ length: 8 }, (_, k) => ({ label: k < 7 ? String(k) : "7+", customers: 0, actual: 0, expected: 0 }));
  let absolute = 0;
  let actual = 0;
  let expectedTotal = 0;
  const expectedEach = new Float64Array(rows.length);
  const actualEach = new Float64Array(rows.length);
  rows.forEach((c, i) => {
    const g = groups[Math.min(c.x, 7)];
    const seen = holdout[i] ?? 0;
    // Computed for each customer: on the bench's 10M-row log 335,000 of the 374,000 (x, t_x, T)
    // are distinct, and a cache keyed by their text cost three times the computing it saved.
    const e = expectedPurchases(length, c.x, c.tx, c.T, bg.params);
    g.customers++;
    g.actual += seen;
    g.expected += e;
    actual += seen;
    expectedTotal += e;
    absolute += Math.abs(seen - e);
    expectedEach[i] = e;
    actualEach[i] = seen;
  });
  return {
    groups: groups.map((g) => ({ ...g, actual: g.customers ? g.actual / g.customers : 0, expected: g.customers ? g.expected / g.customers : 0 })),
    check: { customers: rows.length, actual, expected: expectedTotal, difference: actual > 0 ? (expectedTotal - actual) / actual : NaN, meanAbsoluteError: rows.length ? absolute / rows.length : 0,
      rankCorrelation: spearman(expectedEach, actualEach),
    },
  };
}

/** A fit's verdict as the command's summary and the pane say it. */
export function verdictText(fit: { readonly verdict: Verdict; readonly flat: readonly string[] }): string {
  if (fit.verdict === "converged") return "converged";
  if (fit.verdict === "not identified") return `not identified: ${fit.flat.join(" and ")} can grow or shrink together with the same likelihood`;
  return "did not converge";
}

/** The verdict in a cell of the parameter block: short enough for its column. */
function verdictCell(fit: { readonly verdict: Verdict; readonly flat: readonly string[] }): string {
  if (fit.verdict === "converged") return "converged";
  if (fit.verdict === "not identified") return `NOT IDENTIFIED (${fit.flat.join(", ")})`;
  return "NOT CONVERGED";
}

/** Characters a line of the notes may take: columns A to C, before the table in D. */
const NOTE_WIDTH = 66;

/** A note as lines of at most NOTE_WIDTH characters, broken between words. */
function noteLines(note: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of note.split(" ")) {
    if (line && line.length + 1 + word.length > NOTE_WIDTH) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Layout. Rows and columns are 0-based; A1 addresses are made by cellAddress.

/** The left panel, column B: where each figure is. */
const L = {
  title: 0,
  calibrationStart: 5,
  forecastStart: 8,
  forecastEnd: 9,
  assumptions: 11,
  horizon: 12,
  rateGiven: 13,
  rateOther: 14,
  margin: 15,
  horizonCheck: 16,
  bg: 18,
  gg: 27,
  notes: 38,
} as const;
const B = { r: L.bg + 1, alpha: L.bg + 2, a: L.bg + 3, b: L.bg + 4 };
const G = { p: L.gg + 1, q: L.gg + 2, gamma: L.gg + 3 };
/** The per-customer table: columns D..N. */
const T0 = 3;
const TC = { id: 0, x: 1, tx: 2, T: 3, zbar: 4, alive: 5, purchases: 6, factor: 7, spend: 8, clv: 9, curve: 10 } as const;
const TABLE_COLUMNS = 11;
/** The summary panel: columns P..S. */
const S0 = T0 + TABLE_COLUMNS + 1;
const S = { totals: 0, customers: 1, purchases: 2, clv: 3, mean: 4, deciles: 6, holdout: 18, calibration: 25 } as const;
/** The per-period table: labels in U, x and T in V and W, periods from X. */
const P0 = S0 + 5;
const PK = P0 + 3;
const P = { period: 0, ends: 1, inHorizon: 2, discount: 3, allPurchases: 4, allSpend: 5, decileSpend: 6, curvesHeader: 17, curves: 18 } as const;

function layout(
  input: ClvSummaryInput,
  built: Built,
  bg: BgnbdFit,
  gg: GammaGammaFit,
  independence: RankCorrelation | null,
  calibration: readonly CalibrationRow[] | null,
  check: HoldoutCheck | null,
  windows: ClvWindows,
): Omit<ClvSheetPlan, "timings"> {
  const { customers, curves } = built;
  const unit = input.period;
  const periodDays = PERIOD_DAYS[unit];
  const abs = (row: number, col = 1) => cellAddress(row, col, true);
  const blocks: PlanBlock[] = [];
  const styles: PlanStyle[] = [];
  const notes: string[] = [];
  const limit = Math.min(customers.length, input.maxCustomerRows ?? EXCEL_ROWS - 1);
  const complete = limit === customers.length;
  if (!complete) notes.push(`The table keeps the top ${limit.toLocaleString("en-US")} of ${customers.length.toLocaleString("en-US")} customers by CLV; the totals and deciles count all.`);

  // Which curves the table's rows use, numbered 1.. in the order the table first needs them.
  const shown = new Int32Array(curves.length).fill(-1);
  const shownCurves: number[] = [];
  for (let i = 0; i < limit; i++) {
    const k = built.curveOf[i];
    if (shown[k] < 0) {
      shown[k] = shownCurves.length;
      shownCurves.push(k);
    }
  }
  const K = Math.ceil(input.horizon);
  const whole = Number.isInteger(input.horizon) && K >= 1;
  const fits = PK + K <= EXCEL_COLUMNS && (shownCurves.length + P.curves) * K <= PERIOD_TABLE_CELLS;
  const liveCells = whole && fits;
  const kpiCells = !liveCells && (input.mode ?? "live") === "live";
  const editable = liveCells || kpiCells;

  // ---- Left panel: source and windows.
  const periodsText = (from: number, to: number) => `${((to - from) / periodDays).toLocaleString("en-US", { maximumFractionDigits: 1 })} ${unit}s`;
  const forecastEnd = windows.forecastStart + input.horizon * periodDays;
  const holdoutLabel =
    windows.holdoutEnd !== undefined ? `Holdout: to (${periodsText(windows.calibrationEnd, windows.holdoutEnd)} after calibration)` : "Holdout";
  blocks.push(
    labelled(0, [
      ["Customer lifetime value", "", "General"],
      ["Source", input.source, "General"],
      ["Transactions read", input.transactionsRead, "#,##0"],
      ["Rows skipped (unreadable, negative or out of date range)", input.skipped, "#,##0"],
      ["Time unit", unit, "General"],
      ["Calibration: from (first purchase)", windows.calibrationStart, DATE],
      [`Calibration: to (${periodsText(windows.calibrationStart, windows.calibrationEnd)}; the models are fitted here)`, windows.calibrationEnd, DATE],
      [holdoutLabel, windows.holdoutEnd ?? "none", windows.holdoutEnd !== undefined ? DATE : "General"],
      [windows.forecastFrom === "data" ? "Forecast: from (the end of the data)" : "Forecast: from (the end of calibration)", windows.forecastStart, DATE],
      [
        "Forecast: to (from + horizon)",
        editable ? f(`=${abs(L.forecastStart)}+${abs(L.horizon)}*${periodDays}`, forecastEnd) : forecastEnd,
        DATE,
      ],
    ]),
  );

  // ---- Assumptions.
  const given = input.discountGiven ?? { rate: input.discountRate, per: "period" as const };
  const perYear = PERIODS_PER_YEAR[unit];
  const yearly = given.per === "year" ? given.rate : (1 + input.discountRate) ** perYear - 1;
  const ratePerPeriod = abs(given.per === "year" ? L.rateOther : L.rateGiven);
  const fixedHow = whole
    ? `the per-period table would hold ${((shownCurves.length + P.curves) * K).toLocaleString("en-US")} cells (more than ${PERIOD_TABLE_CELLS.toLocaleString("en-US")})`
    : `the horizon ${input.horizon} is not a whole number of ${unit}s`;
  const horizonLabel = editable ? `Horizon (${unit}s${liveCells ? `, whole, up to ${K}` : ""})` : `Horizon (${unit}s; fixed: kpi-scorecard clv --horizon N)`;
  const rateLabel = (per: string) => (editable ? `Discount rate per ${per}` : `Discount rate per ${per} (fixed: kpi-scorecard clv --discount RATE)`);
  const rateRows: [PlanCell, PlanCell, string][] =
    given.per === "year"
      ? [
          [`${rateLabel("year")}, as given`, given.rate, "0.00%"],
          [`Discount rate per ${unit}: (1 + yearly)^(1/${round(perYear)}) - 1`, editable ? f(`=(1+${abs(L.rateGiven)})^(1/${perYear})-1`, input.discountRate) : input.discountRate, "0.0000%"],
        ]
      : [
          [`${rateLabel(unit)}, as given`, given.rate, "0.0000%"],
          [`Discount rate per year: (1 + per ${unit})^${round(perYear)} - 1`, editable ? f(`=(1+${abs(L.rateGiven)})^${perYear}-1`, yearly) : yearly, "0.00%"],
        ];
  const horizonCheck: PlanCell = liveCells
    ? f(`=IF(${abs(L.horizon)}>${K},"The per-period table runs to ${K} ${unit}s: for a longer horizon, rebuild with --horizon "&${abs(L.horizon)},"")`, "")
    : "";
  blocks.push(
    labelled(L.assumptions, [
      [editable ? "Assumptions (edit these)" : "Assumptions (edit the margin; the others are fixed)", "", "General"],
      [horizonLabel, input.horizon, "0.##"],
      ...rateRows,
      ["Margin", input.margin, "0.0%"],
      [horizonCheck, "", "General"],
    ]),
  );
  const inputRows = editable ? [L.horizon, L.rateGiven, L.margin] : [L.margin];
  for (const row of inputRows) styles.push({ range: { row, col: 1, rows: 1, cols: 1 }, fill: INPUT_FILL });
  styles.push({ range: { row: L.horizonCheck, col: 0, rows: 1, cols: 1 }, fontColor: RED, bold: true });

  // ---- Parameters, verdicts, independence.
  const unreliable = (name: string, fit: { readonly verdict: Verdict; readonly flat: readonly string[] }) =>
    fit.verdict === "converged" ? [] : [`The ${name} fit is ${verdictText(fit)}: the CLV is not to be relied on.`];
  notes.push(...unreliable("BG/NBD", bg), ...unreliable("Gamma-Gamma", gg));
  blocks.push(
    labelled(L.bg, [
      ["BG/NBD (Fader, Hardie and Lee 2005), calibration window", "", "General"],
      ["r", bg.params.r, RATE],
      ["alpha", bg.params.alpha, RATE],
      ["a", bg.params.a, RATE],
      ["b", bg.params.b, RATE],
      ["Log-likelihood", bg.logLikelihood, "0.0"],
      ["Customers", bg.customers, "#,##0"],
      ["Verdict", verdictCell(bg), "General"],
    ]),
  );
  const independent = independence === null || independence.p >= 0.05;
  if (!independent) {
    notes.push(independenceNote(independence!));
  }
  blocks.push(
    labelled(L.gg, [
      ["Gamma-Gamma (Fader, Hardie and Lee 2005), its repeat buyers", "", "General"],
      ["p", gg.params.p, RATE],
      ["q", gg.params.q, RATE],
      ["gamma", gg.params.gamma, RATE],
      ["Log-likelihood", gg.logLikelihood, "0.0"],
      ["Customers (repeat buyers)", gg.customers, "#,##0"],
      ["Verdict", verdictCell(gg), "General"],
      ["Spearman's rho of frequency and spend (see notes)", independence?.rho ?? "", "0.000"],
      ["p-value (two-sided, t test of rho)", independence?.p ?? "", "0.0E+00"],
      ["Independence, which Gamma-Gamma assumes (5 % test)", independence === null ? "untested" : independent ? "not rejected" : "REJECTED", "General"],
    ]),
  );
  for (const [row, fit] of [
    [L.bg + 7, bg],
    [L.gg + 6, gg],
  ] as const) {
    if (fit.verdict !== "converged") styles.push({ range: { row, col: 1, rows: 1, cols: 1 }, fontColor: RED, bold: true });
  }
  if (!independent) styles.push({ range: { row: L.gg + 9, col: 1, rows: 1, cols: 1 }, fontColor: RED, bold: true });
  const bgArgs = [B.r, B.alpha, B.a, B.b].map((r) => abs(r)).join(",");
  const ggArgs = [G.p, G.q, G.gamma].map((r) => abs(r)).join(",");

  // ---- The per-customer table, sorted by CLV.
  const col = (k: number) => (row: number) => cellAddress(row, T0 + k);
  const [cx, ctx, cT, cz, cAlive, cPurch, cFactor, cSpend, cCurve] = [TC.x, TC.tx, TC.T, TC.zbar, TC.alive, TC.purchases, TC.factor, TC.spend, TC.curve].map(col);
  const lastPeriod = PK + K - 1;
  const periodRow = (row: number) => `${abs(row, PK)}:${abs(row, lastPeriod)}`;
  const inHorizon = periodRow(P.inHorizon);
  const discountRow = periodRow(P.discount);
  const curvesRange = `${abs(P.curves, PK)}:${abs(P.curves + Math.max(1, shownCurves.length) - 1, lastPeriod)}`;
  const header: PlanCell[] = ["Customer", "x", "t_x", "T", "Mean repeat spend", "P(alive)", "Expected purchases", "Discount factor", "Expected spend", "CLV", liveCells ? "Curve" : ""];
  const formats = ["General", "0", "0.00", "0.00", MONEY, PROB, "0.000", "0.0000", MONEY, MONEY, "0"];
  const headerFormats = formats.map(() => "General");
  /** Row i of the table (0: the header), made when the writer reaches it. */
  const rowAt = (i: number): { cells: PlanCell[]; numberFormats: readonly string[] } => {
    if (i === 0) return { cells: header, numberFormats: headerFormats };
    const c = customers[i - 1];
    const row = i;
    const [x, tx, T, z] = [cx(row), ctx(row), cT(row), cz(row)];
    const curveNumber = shown[built.curveOf[i - 1]] + 1;
    const curve = `INDEX(${curvesRange},${cCurve(row)},0)`;
    let purchases: PlanCell = c.purchases;
    let factor: PlanCell = c.discountFactor;
    if (liveCells) {
      purchases = f(`=${cAlive(row)}*SUMPRODUCT(${inHorizon},${curve})`, c.purchases);
      factor = f(`=IF(${cPurch(row)}=0,1,${cAlive(row)}*SUMPRODUCT(${inHorizon},${discountRow},${curve})/${cPurch(row)})`, c.discountFactor);
    } else if (kpiCells) {
      purchases = f(`=KPI.BGNBD.EXPECTED(${abs(L.horizon)},${x},${tx},${T},${bgArgs})`, c.purchases);
      factor = f(`=IF(${cPurch(row)}*${cSpend(row)}=0,1,KPI.CLV.PREDICT(${abs(L.horizon)},${x},${tx},${T},${z},${bgArgs},${ggArgs},${ratePerPeriod},1)/(${cPurch(row)}*${cSpend(row)}))`, c.discountFactor);
    }
    const cells: PlanCell[] = [
      c.id,
      c.x,
      c.tx,
      c.T,
      c.zbar,
      f(`=IF(${x}=0,1,1/(1+${abs(B.a)}/(${abs(B.b)}+${x}-1)*((${abs(B.alpha)}+${T})/(${abs(B.alpha)}+${tx}))^(${abs(B.r)}+${x})))`, c.alive),
      purchases,
      factor,
      f(`=${abs(G.p)}*(${abs(G.gamma)}+${x}*${z})/(${abs(G.p)}*${x}+${abs(G.q)}-1)`, c.spend),
      f(`=${cPurch(row)}*${cFactor(row)}*${cSpend(row)}*${abs(L.margin)}`, c.clv),
      liveCells ? curveNumber : "",
    ];
    return { cells, numberFormats: formats };
  };
  const table: ClvTable = { row: 0, col: T0, rows: limit + 1, cols: TABLE_COLUMNS, blockIndex: blocks.length, rowAt };
  const tableColumn = (k: number, from: number, to: number) => rectAddress({ row: from + 1, col: T0 + k, rows: to - from, cols: 1 });

  // ---- Totals and deciles: over the table when it holds everyone, else over the per-period sums of all customers.
  const totalClv = customers.reduce((s, c) => s + c.clv, 0);
  const totalPurchases = customers.reduce((s, c) => s + c.purchases, 0);
  const n = customers.length;
  const bounds = Array.from({ length: 11 }, (_, d) => Math.floor((d * n) / 10));
  const decileClv = Array.from({ length: 10 }, (_, d) => customers.slice(bounds[d], bounds[d + 1]).reduce((s, c) => s + c.clv, 0));
  const margin = abs(L.margin);
  // Per-period sums of all customers (values), for the totals of a table that keeps the top rows only.
  const aggregates = !complete && liveCells ? periodSums(built, bounds, K) : null;
  const aggregateRow = (row: number) => periodRow(row);
  const totalCell = abs(S.clv, S0 + 1);
  const purchasesTotal: PlanCell = complete
    ? f(`=SUM(${tableColumn(TC.purchases, 0, limit)})`, totalPurchases)
    : aggregates
      ? f(`=SUMPRODUCT(${inHorizon},${aggregateRow(P.allPurchases)})`, totalPurchases)
      : totalPurchases;
  const clvTotal: PlanCell = complete
    ? f(`=SUM(${tableColumn(TC.clv, 0, limit)})`, totalClv)
    : aggregates
      ? f(`=${margin}*SUMPRODUCT(${inHorizon},${discountRow},${aggregateRow(P.allSpend)})`, totalClv)
      : f(`=${margin}*${input.margin > 0 ? totalClv / input.margin : 0}`, totalClv);
  blocks.push({
    row: S.totals,
    col: S0,
    cells: [
      ["Totals (all customers)", ""],
      ["Customers", n],
      [`Expected purchases over the horizon`, purchasesTotal],
      ["CLV", clvTotal],
      ["Mean CLV", f(`=IF(${abs(S.customers, S0 + 1)}=0,0,${totalCell}/${abs(S.customers, S0 + 1)})`, n ? totalClv / n : 0)],
    ],
    numberFormats: [["General", "General"], ["General", "#,##0"], ["General", "#,##0.0"], ["General", MONEY], ["General", MONEY]],
  });
  const deciles: PlanCell[][] = [["Decile (by CLV)", "Customers", "CLV", "Share of CLV"]];
  for (let d = 0; d < 10; d++) {
    const [from, to] = [bounds[d], bounds[d + 1]];
    const row = S.deciles + 1 + d;
    let value: PlanCell;
    if (to <= from) value = 0;
    else if (complete) value = f(`=SUM(${tableColumn(TC.clv, from, to)})`, decileClv[d]);
    else if (aggregates) value = f(`=${margin}*SUMPRODUCT(${inHorizon},${discountRow},${aggregateRow(P.decileSpend + d)})`, decileClv[d]);
    else value = f(`=${margin}*${input.margin > 0 ? decileClv[d] / input.margin : 0}`, decileClv[d]);
    deciles.push([d + 1, to - from, value, f(`=IF(${totalCell}=0,0,${cellAddress(row, S0 + 2)}/${totalCell})`, totalClv ? decileClv[d] / totalClv : 0)]);
  }
  blocks.push({ row: S.deciles, col: S0, cells: deciles, numberFormats: deciles.map((_, r) => (r === 0 ? ["General", "General", "General", "General"] : ["0", "#,##0", MONEY, "0.0%"])) });

  // ---- How good is the model: the holdout headline, the calibration table and its chart.
  const charts: ClvChart[] = [];
  if (check && calibration && windows.holdoutEnd !== undefined) {
    const from = dateText(windows.calibrationEnd + 1);
    const to = dateText(windows.holdoutEnd);
    const actualCell = abs(S.holdout + 1, S0 + 1);
    const expectedCell = abs(S.holdout + 2, S0 + 1);
    blocks.push({
      row: S.holdout,
      col: S0,
      cells: [
        [`Holdout check, ${from} to ${to} (${check.customers.toLocaleString("en-US")} customers of the calibration window)`, ""],
        ["Repeat purchases: actual", check.actual],
        ["Repeat purchases: expected (BG/NBD)", check.expected],
        ["Difference, expected against actual", f(`=IF(${actualCell}=0,"",(${expectedCell}-${actualCell})/${actualCell})`, Number.isFinite(check.difference) ? check.difference : "")],
        ["Mean absolute error per customer", check.meanAbsoluteError],
        ["Rank correlation (Spearman), per customer", check.rankCorrelation?.rho ?? "n/a"],
      ],
      numberFormats: [["General", "General"], ["General", "#,##0"], ["General", "#,##0.0"], ["General", "+0.0%;-0.0%;0.0%"], ["General", "0.000"], ["General", "0.000"]],
    });
    const c0 = S.calibration;
    const cal: PlanCell[][] = [
      ["Repeat purchases in calibration", "Customers", "Holdout: actual", "Holdout: expected"],
      ...calibration.map((g) => [g.label, g.customers, g.actual, g.expected]),
    ];
    blocks.push({ row: c0, col: S0, cells: cal, numberFormats: cal.map((_, r) => (r === 0 ? ["General", "General", "General", "General"] : ["@", "#,##0", "0.000", "0.000"])) });
    const rows = calibration.length;
    charts.push({
      type: "column",
      title: "Holdout repeat purchases per customer: actual and expected",
      categories: { row: c0 + 1, col: S0, rows, cols: 1 },
      series: [
        { name: "Actual", values: { row: c0 + 1, col: S0 + 2, rows, cols: 1 } },
        { name: "Expected (BG/NBD)", values: { row: c0 + 1, col: S0 + 3, rows, cols: 1 } },
      ],
      anchor: { row: c0 + rows + 2, col: S0, rows: 15, cols: 4 },
    });
    styles.push({ range: { row: S.holdout, col: S0, rows: 1, cols: 1 }, bold: true }, { range: { row: c0, col: S0, rows: 1, cols: 4 }, bold: true, borderBottom: true, wrap: true });
  }

  // ---- The per-period table: periods, their end dates, the horizon and discount rows, the curves.
  if (liveCells) {
    const periodCells = <C>(cell: (k: number) => C): C[] => Array.from({ length: K }, (_, j) => cell(j + 1));
    const factorOf = (k: number) => 1 / (1 + input.discountRate) ** k;
    // The period number of column k, its row fixed: X$1.
    const periodCell = (k: number) => `${columnLetter(PK + k - 1)}$${P.period + 1}`;
    const top: PlanCell[][] = [
      ["Period", "", "", ...periodCells((k) => k)],
      ["Ends", "", "", ...periodCells((k) => windows.forecastStart + k * periodDays)],
      ["In horizon", "", "", ...periodCells((k) => f(`=IF(${abs(L.horizon)}>${K},NA(),IF(${periodCell(k)}<=${abs(L.horizon)},1,0))`, k <= input.horizon ? 1 : 0))],
      ["Discount factor", "", "", ...periodCells((k) => f(`=1/(1+${ratePerPeriod})^${periodCell(k)}`, factorOf(k)))],
    ];
    const topFormats = [
      ["General", "General", "General", ...periodCells(() => "0")],
      ["General", "General", "General", ...periodCells(() => DATE)],
      ["General", "General", "General", ...periodCells(() => "0")],
      ["General", "General", "General", ...periodCells(() => "0.0000")],
    ];
    if (aggregates) {
      top.push(["Expected purchases, all customers", "", "", ...Array.from(aggregates.purchases)]);
      top.push(["Expected spend, all customers", "", "", ...Array.from(aggregates.spend)]);
      aggregates.deciles.forEach((d, i) => top.push([`Expected spend, decile ${i + 1}`, "", "", ...Array.from(d)]));
      for (let r = 4; r < top.length; r++) topFormats.push(["General", "General", "General", ...periodCells(() => "#,##0.00")]);
    }
    blocks.push({ row: P.period, col: P0, cells: top, numberFormats: topFormats });
    // Every row of a block as wide as the others: the Office.js writer writes a block as one range.
    const curveRows: PlanCell[][] = [[`Curves: expected purchases in each ${unit} of a customer alive at the forecast start`, "x", "T", ...periodCells(() => "")]];
    const curveFormats: string[][] = [["General", "General", "General", ...periodCells(() => "General")]];
    shownCurves.forEach((k, i) => {
      const c = curves[k];
      curveRows.push([i + 1, c.x, c.T, ...Array.from(c.increments)]);
      curveFormats.push(["0", "0", "0.00", ...periodCells(() => "0.000000")]);
    });
    blocks.push({ row: P.curvesHeader, col: P0, cells: curveRows, numberFormats: curveFormats });
    styles.push({ range: { row: P.period, col: P0, rows: 1, cols: 3 + K }, bold: true, borderBottom: true }, { range: { row: P.curvesHeader, col: P0, rows: 1, cols: 3 }, bold: true, borderBottom: true });
  }

  // ---- Notes: what the reviewer must know (also in the command's summary and the pane), then how the sheet reads.
  if (!liveCells) {
    notes.push(`The horizon and the discount rate are fixed on this sheet: ${fixedHow}. Rebuild with kpi-scorecard clv --horizon N --discount RATE (or the pane's settings) to change them.`);
  }
  // What reading the log noted (rows left out by cause, exact repeats, the date order read) is on
  // the sheet too, among the warnings: a reviewer of the workbook alone sees what the command
  // line said. plan.notes stays the model's own, which the command line prints beside its own.
  const sheetWarnings = [...(input.readNotes ?? []).map((n) => `Reading the log: ${n}.`), ...notes];
  const warnings = sheetWarnings.length;
  const warningLines = sheetWarnings.reduce((k, note, i) => k + noteLines(note).length + (i > 0 ? 1 : 0), 0);
  const sheetNotes = [...sheetWarnings];
  sheetNotes.push(
    "P(alive) is 1 for a customer without a repeat purchase: the BG/NBD convention (a customer can drop out only just after a purchase, so one who has not bought again since the first has not had the chance).",
  );
  if (independence) {
    sheetNotes.push(
      "Spend and frequency: Spearman's rank correlation of x and each repeat buyer's mean spend net of what Gamma-Gamma itself makes depend on x (ln zbar - digamma(p x) + ln x): a mean of more purchases is less skewed, so raw mean spend ranks higher with x even when the two are independent.",
    );
  }
  if (windows.forecastFrom === "data" && windows.forecastStart !== windows.calibrationEnd) {
    sheetNotes.push(`The forecast starts at the end of the data (${dateText(windows.forecastStart)}): the table shows each customer as of then, with the parameters fitted on the calibration window.`);
  }
  if (liveCells) {
    sheetNotes.push(
      `Expected purchases = P(alive) × the customer's curve summed over the periods in the horizon; discount factor = the same sum discounted per period, over it; CLV = expected purchases × discount factor × expected spend × margin. The curves (columns ${columnLetter(P0)} onwards) hold values of KPI.BGNBD.EXPECTED(k, x, T, T) - KPI.BGNBD.EXPECTED(k-1, x, T, T).`,
    );
  }
  // Each note on lines of its own, so that none runs under the table.
  const lines = sheetNotes.flatMap((note, i) => (i === 0 ? noteLines(note) : ["", ...noteLines(note)]));
  blocks.push({ row: L.notes, col: 0, cells: [["Notes"], ...lines.map((line) => [line])], numberFormats: [["General"], ...lines.map(() => ["General"])] });

  const heading = (row: number, col: number, cols = 1): PlanStyle => ({ range: { row, col, rows: 1, cols }, bold: true });
  styles.push(
    { range: { row: 0, col: 0, rows: 1, cols: 1 }, bold: true, fontSize: 14 },
    heading(L.assumptions, 0),
    heading(L.bg, 0),
    heading(L.gg, 0),
    heading(L.notes, 0),
    { range: { row: 0, col: T0, rows: 1, cols: TABLE_COLUMNS }, bold: true, borderBottom: true, wrap: true },
    heading(S.totals, S0),
    { range: { row: S.deciles, col: S0, rows: 1, cols: 4 }, bold: true, borderBottom: true },
    // Warnings (every note before the standing ones: P(alive), the forecast start, how the cells are made) in red.
    ...(warnings > 0 ? [{ range: { row: L.notes + 1, col: 0, rows: warningLines, cols: 1 }, fontColor: RED, bold: true }] : []),
  );
  const printRows = Math.max(limit + 1, L.notes + 1 + lines.length, check ? S.calibration + 9 + 17 : S.deciles + 11);
  const widths = [48, 18, 2, 12, 6, 8, 8, 13, 9, 11, 10, 11, 11, 7, 2, 40, 12, 16, 17];
  const periodWidths = liveCells ? [2, 12, 6, 8, ...Array.from({ length: K }, () => 9)] : [];
  return {
    sheetName: CLV_SHEET_NAME,
    blocks,
    table,
    styles,
    charts,
    columnWidths: [...widths, ...periodWidths],
    freeze: { rows: 1, columns: 0 },
    // The header row holds wrapped column names (two lines) and the 14-point title.
    rowHeights: [{ row: 0, points: 30 }],
    extent: { row: 0, col: 0, rows: printRows, cols: S0 + 4 },
    bgnbd: bg,
    gammaGamma: gg,
    independence,
    customers,
    calibration,
    holdoutCheck: check,
    windows,
    horizonCells: editable ? "live" : "fixed",
    totalClv,
    notes,
    transactionsRead: input.transactionsRead,
    skipped: input.skipped,
  };
}

/**
 * Every block of a plan, the per-customer table among them as a block of cells (made here: for
 * the pane's writer and tests; the file writer takes the table's rows one at a time).
 */
export function clvBlocks(plan: Pick<ClvSheetPlan, "blocks" | "table">): PlanBlock[] {
  const { table } = plan;
  const rows = Array.from({ length: table.rows }, (_, i) => table.rowAt(i));
  const block: PlanBlock = { row: table.row, col: table.col, cells: rows.map((r) => r.cells), numberFormats: rows.map((r) => r.numberFormats) };
  return [...plan.blocks.slice(0, table.blockIndex), block, ...plan.blocks.slice(table.blockIndex)];
}

/** Per period, the expected purchases and spend of all customers, and the spend of each decile by CLV. */
function periodSums(built: Built, bounds: readonly number[], K: number): { purchases: Float64Array; spend: Float64Array; deciles: Float64Array[] } {
  const { customers, curves, curveOf } = built;
  // Weights per curve first (a curve is shared by many customers), then one pass over the periods.
  const alive = new Float64Array(curves.length);
  const spend = new Float64Array(curves.length);
  const byDecile = Array.from({ length: 10 }, () => new Float64Array(curves.length));
  for (let d = 0; d < 10; d++) {
    for (let i = bounds[d]; i < bounds[d + 1]; i++) {
      const c = customers[i];
      const k = curveOf[i];
      alive[k] += c.alive;
      spend[k] += c.alive * c.spend;
      byDecile[d][k] += c.alive * c.spend;
    }
  }
  const out = { purchases: new Float64Array(K), spend: new Float64Array(K), deciles: byDecile.map(() => new Float64Array(K)) };
  curves.forEach((c, k) => {
    for (let j = 0; j < K; j++) {
      const v = c.increments[j];
      out.purchases[j] += alive[k] * v;
      out.spend[j] += spend[k] * v;
      for (let d = 0; d < 10; d++) if (byDecile[d][k] !== 0) out.deciles[d][j] += byDecile[d][k] * v;
    }
  });
  return out;
}

const round = (v: number) => Math.round(v * 100) / 100;

/** An Excel serial day as YYYY-MM-DD. */
function dateText(serial: number): string {
  return new Date(Date.UTC(1899, 11, 30) + Math.round(serial) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The CLV sheet of a log given as three ranges of cells, as the task pane reads them from a
 * selection: rows with an unreadable id, date or amount, a negative amount, or a date outside
 * 1900-03-01 to `today` (the command line's window: a stray 2204-03-01 in an export would
 * otherwise end the calibration period two centuries on) are left out and their count is shown
 * on the sheet.
 */
export function planClvSheetFromRanges(
  ids: unknown,
  dates: unknown,
  amounts: unknown,
  options: Omit<ClvSheetInput, "transactions" | "skipped"> & { readonly today: number },
): Result<ClvSheetPlan> {
  const log = readLog(ids, dates, amounts);
  if (isKpiError(log)) return log;
  const { today, ...input } = options;
  const transactions = log.transactions.filter((t) => inWindow(t.day, today));
  return planClvSheet({ ...input, transactions, skipped: log.skipped + log.transactions.length - transactions.length });
}

/** Whether a purchase's day lies in the window a log is read in: 1900-03-01 to today. */
export function inWindow(day: number, today: number): boolean {
  return day >= FIRST_LOG_DAY && day <= today;
}

/**
 * What the sheet, the command line and the pane say when Spearman's test rejects Gamma-Gamma's
 * independence of spend and frequency: one sentence, so the three say the same, including that
 * the mean spend is tested net of the dependence Gamma-Gamma itself implies.
 */
export function independenceNote(independence: RankCorrelation): string {
  return `Spend and frequency are not independent (Spearman's rho ${independence.rho.toFixed(2)}, p = ${independence.p.toPrecision(2)}, each mean spend taken net of what Gamma-Gamma itself makes depend on frequency): Gamma-Gamma assumes they are, so its expected spend, and the CLV, may be biased.`;
}
