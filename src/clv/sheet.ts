/**
 * The CLV sheet as data (spec/clv.md, "The CLV sheet"): from a transaction log and the
 * assumptions, everything a writer needs to lay out a sheet a finance reviewer can audit: the
 * data source and end date, the fitted parameters with log-likelihood and convergence, the
 * assumptions in input cells, a per-customer table sorted by CLV with totals and deciles, and
 * the calibration check against a holdout period. Cells that can be native formulas are
 * (P(alive), Gamma-Gamma spend, the totals and deciles, the undiscounted CLV from its parts),
 * each with the value the core computed cached beside it; expected purchases and the discounted
 * CLV are KPI.* formulas. Pure: it plans, it writes nothing.
 */
import { cellAddress, rectAddress } from "../scorecard/a1";
import type { FormulaCell, PlanBlock, PlanCell, PlanStyle, Rect } from "../scorecard/types";
import { errors, isKpiError, type KpiError, type Result } from "../kpi/errors";
import { type BgnbdFit, expectedPurchases, fitBgnbd, pAlive } from "./bgnbd";
import { expectedSpend, fitGammaGamma, type GammaGammaFit } from "./gammagamma";
import { readLog } from "./functions";
import { discountedPurchases } from "./predict";
import { PERIOD_DAYS, type Period, rfmSummary, type RfmRow, type Transaction } from "./rfm";

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
  readonly discountRate: number;
  readonly margin: number;
  /** Per-customer rows written at most (Excel has 1,048,576 rows); the top customers by CLV are kept. */
  readonly maxCustomerRows?: number;
  /**
   * "live" (default): expected purchases and the discounted CLV as KPI.* formulas, which need the
   * add-in; "portable": those two as values, for readers without it (every other formula is
   * native in both).
   */
  readonly mode?: "live" | "portable";
}

export interface ClvCustomer extends RfmRow {
  readonly alive: number;
  readonly purchases: number;
  readonly spend: number;
  readonly clv: number;
  /** Repeat purchase days in the holdout period, when there is one. */
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

/** A chart of two series over the same categories (the calibration check). */
export interface ClvChart {
  readonly type: "column";
  readonly title: string;
  readonly categories: Rect;
  readonly series: readonly { readonly name: string; readonly values: Rect }[];
  readonly anchor: Rect;
}

export interface ClvSheetPlan {
  readonly sheetName: string;
  readonly blocks: readonly PlanBlock[];
  /** Bold headings, the input cells marked as inputs, header rows underlined. */
  readonly styles: readonly PlanStyle[];
  readonly charts: readonly ClvChart[];
  readonly columnWidths: readonly number[];
  readonly freeze: { readonly rows: number; readonly columns: number };
  /** What the sheet shows, as numbers, for the pane, the CLI and tests. */
  readonly bgnbd: BgnbdFit;
  readonly gammaGamma: GammaGammaFit;
  readonly correlation: number | null;
  readonly customers: readonly ClvCustomer[];
  readonly calibration: readonly CalibrationRow[] | null;
  /** Notes for the reviewer (a fit that did not converge, rows left out). */
  readonly notes: readonly string[];
  /** Rows of the log read, and left out (unreadable id, date or amount, or a negative amount). */
  readonly transactionsRead: number;
  readonly skipped: number;
}

export const CLV_SHEET_NAME = "Customer lifetime value";
const DATE = "yyyy-mm-dd";
const MONEY = "#,##0.00";
const RATE = "0.000";
const PROB = "0.000";
const EXCEL_ROWS = 1_048_576;

/** Pearson correlation of x and y; null when either has no spread. */
function correlation(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  if (n < 2) return null;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}

const f = (formula: string, value: FormulaCell["value"]): FormulaCell => ({ formula, value });

/** A block of label/value rows in columns A:B. */
function labelled(row: number, rows: readonly [string, PlanCell, string][]): PlanBlock {
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
  const bad = checkInput(input);
  if (bad) return bad;
  if (input.transactions.length === 0) return errors.noTransactions();
  const rows = rfmSummary(input.transactions, input.endDate, PERIOD_DAYS[input.period]);
  let holdout: number[] | undefined;
  if (input.holdoutEnd !== undefined) {
    const counts = holdoutPurchases(input.transactions, input.endDate, input.holdoutEnd);
    holdout = rows.map((r) => counts.get(`${typeof r.id}:${r.id}`) ?? 0);
  }
  const { transactions, ...rest } = input;
  return planClvSheetFromSummary({ ...rest, rows, transactionsRead: transactions.length, ...(holdout ? { holdout } : {}) });
}

/**
 * What the sheet is planned from when the log has been summarised elsewhere (DuckDB, a
 * warehouse): one RFM row per customer and, with a holdout, each customer's repeat purchase
 * days in it, in the same order.
 */
export interface ClvSummaryInput extends Omit<ClvSheetInput, "transactions"> {
  readonly rows: readonly RfmRow[];
  /** Rows of the log that were read. */
  readonly transactionsRead: number;
  /** Purchase days in the holdout period, per row of `rows` (needed with holdoutEnd). */
  readonly holdout?: ArrayLike<number>;
}

export function planClvSheetFromSummary(input: ClvSummaryInput): Result<ClvSheetPlan> {
  const bad = checkInput(input);
  if (bad) return bad;
  const rows = input.rows;
  if (rows.length === 0) return errors.noTransactionsByEnd();
  const columns = { x: Float64Array.from(rows, (r) => r.x), tx: Float64Array.from(rows, (r) => r.tx), T: Float64Array.from(rows, (r) => r.T) };
  if (!columns.x.some((x) => x > 0)) return errors.noRepeatBuyers("BG/NBD");
  const buyers = rows.filter((r) => r.x > 0 && r.zbar > 0);
  const bg = fitBgnbd(columns);
  const gg = fitGammaGamma({ x: Float64Array.from(buyers, (r) => r.x), zbar: Float64Array.from(buyers, (r) => r.zbar) });
  if (!bg || !gg) return errors.notFinite("the log-likelihood");
  if (!(gg.params.q > 1)) return errors.domain("q", gg.params.q, "the fitted Gamma-Gamma q is not above 1, so the expected spend is infinite");
  const assumptions = { discountRate: input.discountRate, margin: input.margin };
  const holdout = input.holdout;
  // What depends on x, t_x and T only is computed once per distinct triple (one-time buyers of
  // the same day share it): the hypergeometric series behind the expected purchases is the cost.
  const shared = new Map<string, { alive: number; purchases: number; discounted: number }>();
  const partsOf = (r: RfmRow) => {
    const key = `${r.x},${r.tx},${r.T}`;
    let p = shared.get(key);
    if (!p) {
      const purchases = expectedPurchases(input.horizon, r.x, r.tx, r.T, bg.params);
      const discounted = assumptions.discountRate === 0 ? purchases : discountedPurchases(input.horizon, r.x, r.tx, r.T, bg.params, assumptions.discountRate);
      shared.set(key, (p = { alive: pAlive(r.x, r.tx, r.T, bg.params), purchases, discounted }));
    }
    return p;
  };
  const customers: ClvCustomer[] = rows
    .map((r, i) => {
      const p = partsOf(r);
      const spend = expectedSpend(r.x, r.zbar, gg.params);
      return { ...r, alive: p.alive, purchases: p.purchases, spend, clv: p.discounted * spend * assumptions.margin, ...(holdout ? { holdout: holdout[i] } : {}) };
    })
    .sort((a, b) => b.clv - a.clv);
  if (customers.some((c) => !Number.isFinite(c.clv) || !Number.isFinite(c.purchases))) {
    return errors.domain("horizon", input.horizon, "is too long for the model's hypergeometric series against some customers' age");
  }
  const notes: string[] = [];
  if (!bg.converged) notes.push("The BG/NBD fit did not converge: its parameters are not a maximum of the likelihood.");
  if (!gg.converged) notes.push("The Gamma-Gamma fit did not converge: its parameters are not a maximum of the likelihood.");
  const calibration = input.holdoutEnd === undefined || !holdout ? null : calibrate(input.holdoutEnd, input.endDate, customers, bg, PERIOD_DAYS[input.period]);
  return layout(input, customers, bg, gg, correlation(buyers.map((r) => r.x), buyers.map((r) => r.zbar)), calibration, notes);
}

function checkInput(input: Omit<ClvSheetInput, "transactions">): KpiError | undefined {
  if (!(input.horizon >= 0 && input.horizon <= 10_000)) return errors.domain("horizon", input.horizon, "use 0 to 10000 periods");
  if (!(input.discountRate > -1)) return errors.domain("discount rate", input.discountRate, "it must be above -1");
  if (!(input.margin >= 0 && input.margin <= 1)) return errors.domain("margin", input.margin, "give it as a fraction from 0 to 1");
  if (input.holdoutEnd !== undefined && !(input.holdoutEnd > input.endDate)) return errors.domain("holdout end", input.holdoutEnd, "it must come after the end date");
  return undefined;
}

/** Mean holdout repeat purchases, observed and expected, by calibration frequency 0..6 and 7+. */
function calibrate(holdoutEnd: number, endDate: number, customers: readonly ClvCustomer[], bg: BgnbdFit, periodDays: number): CalibrationRow[] {
  const length = (holdoutEnd - endDate) / periodDays;
  const groups = Array.from({ length: 8 }, (_, k) => ({ label: k < 7 ? String(k) : "7+", customers: 0, actual: 0, expected: 0 }));
  const expected = new Map<string, number>();
  for (const c of customers) {
    const g = groups[Math.min(c.x, 7)];
    g.customers++;
    g.actual += c.holdout ?? 0;
    const key = `${c.x},${c.tx},${c.T}`;
    let e = expected.get(key);
    if (e === undefined) expected.set(key, (e = expectedPurchases(length, c.x, c.tx, c.T, bg.params)));
    g.expected += e;
  }
  return groups.map((g) => ({ ...g, actual: g.customers ? g.actual / g.customers : 0, expected: g.customers ? g.expected / g.customers : 0 }));
}

function layout(
  input: ClvSummaryInput,
  customers: readonly ClvCustomer[],
  bg: BgnbdFit,
  gg: GammaGammaFit,
  corr: number | null,
  calibration: readonly CalibrationRow[] | null,
  notes: string[],
): ClvSheetPlan {
  const blocks: PlanBlock[] = [];
  // Columns A:B: source, assumptions, parameters. Row numbers are 0-based.
  blocks.push(
    labelled(0, [
      ["Customer lifetime value", "", "General"],
      ["Source", input.source, "General"],
      ["End of calibration", input.endDate, DATE],
      ["End of holdout", input.holdoutEnd ?? "", DATE],
      ["Time unit", input.period, "General"],
      ["Transactions read", input.transactionsRead, "#,##0"],
      ["Rows skipped (unreadable or negative amount)", input.skipped, "#,##0"],
    ]),
  );
  const A = { horizon: 9, discount: 10, margin: 11 };
  blocks.push(
    labelled(8, [
      ["Assumptions (edit these)", "", "General"],
      [`Horizon (${input.period}s)`, input.horizon, "0"],
      [`Discount rate per ${input.period}`, input.discountRate, "0.000%"],
      ["Margin", input.margin, "0.0%"],
    ]),
  );
  const B = { r: 14, alpha: 15, a: 16, b: 17 };
  blocks.push(
    labelled(13, [
      ["BG/NBD (Fader, Hardie and Lee 2005)", "", "General"],
      ["r", bg.params.r, RATE],
      ["alpha", bg.params.alpha, RATE],
      ["a", bg.params.a, RATE],
      ["b", bg.params.b, RATE],
      ["Log-likelihood", bg.logLikelihood, "0.0"],
      ["Customers", bg.customers, "#,##0"],
      ["Converged", bg.converged, "General"],
    ]),
  );
  const G = { p: 23, q: 24, gamma: 25 };
  blocks.push(
    labelled(22, [
      ["Gamma-Gamma (Fader, Hardie and Lee 2005)", "", "General"],
      ["p", gg.params.p, RATE],
      ["q", gg.params.q, RATE],
      ["gamma", gg.params.gamma, RATE],
      ["Log-likelihood", gg.logLikelihood, "0.0"],
      ["Customers", gg.customers, "#,##0"],
      ["Converged", gg.converged, "General"],
      ["Correlation of spend and frequency (assumed none)", corr ?? "", "0.00"],
    ]),
  );
  const abs = (row: number) => cellAddress(row, 1, true);
  const bgArgs = [B.r, B.alpha, B.a, B.b].map(abs).join(",");
  const ggArgs = [G.p, G.q, G.gamma].map(abs).join(",");

  // Columns D:L: the per-customer table, sorted by CLV.
  const limit = Math.min(customers.length, input.maxCustomerRows ?? EXCEL_ROWS - 1);
  if (limit < customers.length) notes.push(`The table keeps the top ${limit} of ${customers.length} customers by CLV; the totals and deciles count all.`);
  const T0 = 3;
  const col = (k: number) => (row: number) => cellAddress(row, T0 + k);
  const [cx, ctx, cT, cz, cPurch, cSpend] = [1, 2, 3, 4, 6, 7].map(col);
  const undiscounted = input.discountRate === 0;
  const live = (input.mode ?? "live") === "live";
  const kpi = (formula: string, value: number): PlanCell => (live ? f(formula, value) : value);
  const header: PlanCell[] = ["Customer", "x", "t_x", "T", "Mean repeat spend", "P(alive)", "Expected purchases", "Expected spend", "CLV"];
  const table: PlanCell[][] = [header];
  for (let i = 0; i < limit; i++) {
    const c = customers[i];
    const row = i + 1;
    const [x, tx, T, z] = [cx(row), ctx(row), cT(row), cz(row)];
    table.push([
      c.id,
      c.x,
      c.tx,
      c.T,
      c.zbar,
      f(`=IF(${x}=0,1,1/(1+${abs(B.a)}/(${abs(B.b)}+${x}-1)*((${abs(B.alpha)}+${T})/(${abs(B.alpha)}+${tx}))^(${abs(B.r)}+${x})))`, c.alive),
      kpi(`=KPI.BGNBD.EXPECTED(${abs(A.horizon)},${x},${tx},${T},${bgArgs})`, c.purchases),
      f(`=${abs(G.p)}*(${abs(G.gamma)}+${x}*${z})/(${abs(G.p)}*${x}+${abs(G.q)}-1)`, c.spend),
      undiscounted
        ? f(`=${cPurch(row)}*${cSpend(row)}*${abs(A.margin)}`, c.clv)
        : kpi(`=KPI.CLV.PREDICT(${abs(A.horizon)},${x},${tx},${T},${z},${bgArgs},${ggArgs},${abs(A.discount)},${abs(A.margin)})`, c.clv),
    ]);
  }
  const formats = ["General", "0", "0.00", "0.00", MONEY, PROB, "0.000", MONEY, MONEY];
  blocks.push({ row: 0, col: T0, cells: table, numberFormats: table.map((_, r) => (r === 0 ? formats.map(() => "General") : formats)) });
  const clvRange = (from: number, to: number) => rectAddress({ row: from + 1, col: T0 + 8, rows: to - from, cols: 1 });

  // Columns N:R: totals and deciles (over the rows of the table, which is sorted by CLV).
  const S0 = T0 + 10;
  const totalClv = customers.reduce((s, c) => s + c.clv, 0);
  const totalPurchases = customers.reduce((s, c) => s + c.purchases, 0);
  const written = limit === customers.length;
  const sum = (formula: string, value: number): PlanCell => (written ? f(formula, value) : value);
  const totals: PlanCell[][] = [
    ["Totals", ""],
    ["Customers", customers.length],
    ["Expected purchases", sum(`=SUM(${rectAddress({ row: 1, col: T0 + 6, rows: limit, cols: 1 })})`, totalPurchases)],
    ["CLV", sum(`=SUM(${clvRange(0, limit)})`, totalClv)],
    ["Mean CLV", customers.length ? totalClv / customers.length : 0],
  ];
  blocks.push({ row: 0, col: S0, cells: totals, numberFormats: [["General", "General"], ["General", "#,##0"], ["General", "#,##0.0"], ["General", MONEY], ["General", MONEY]] });
  const deciles: PlanCell[][] = [["Decile", "Customers", "CLV", "Share of CLV"]];
  const totalCell = cellAddress(3, S0 + 1, true);
  for (let d = 0; d < 10; d++) {
    const from = Math.floor((d * customers.length) / 10);
    const to = Math.floor(((d + 1) * customers.length) / 10);
    const value = customers.slice(from, to).reduce((s, c) => s + c.clv, 0);
    const row = 7 + d + 1;
    deciles.push([d + 1, to - from, to > from ? sum(`=SUM(${clvRange(from, to)})`, value) : 0, f(`=IF(${totalCell}=0,0,${cellAddress(row, S0 + 2)}/${totalCell})`, totalClv ? value / totalClv : 0)]);
  }
  blocks.push({ row: 7, col: S0, cells: deciles, numberFormats: deciles.map((_, r) => (r === 0 ? ["General", "General", "General", "General"] : ["0", "#,##0", MONEY, "0.0%"])) });

  const charts: ClvChart[] = [];
  if (calibration) {
    const c0 = 19;
    const cal: PlanCell[][] = [
      ["Repeat purchases in calibration", "Customers", "Actual per customer", "Expected (BG/NBD)"],
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
      anchor: { row: c0 + rows + 2, col: S0, rows: 15, cols: 6 },
    });
  }
  if (notes.length) blocks.push({ row: 32, col: 0, cells: notes.map((n) => [n]), numberFormats: notes.map(() => ["General"]) });
  const heading = (row: number, col: number, cols = 1): PlanStyle => ({ range: { row, col, rows: 1, cols }, bold: true });
  const headerRow = (row: number, col: number, cols: number): PlanStyle => ({ range: { row, col, rows: 1, cols }, bold: true, borderBottom: true });
  const styles: PlanStyle[] = [
    { range: { row: 0, col: 0, rows: 1, cols: 1 }, bold: true, fontSize: 14 },
    heading(8, 0),
    heading(13, 0),
    heading(22, 0),
    // The assumptions are the cells a reviewer changes: marked as inputs.
    { range: { row: A.horizon, col: 1, rows: 3, cols: 1 }, fill: "#FFF2CC" },
    headerRow(0, T0, 9),
    heading(0, S0),
    headerRow(7, S0, 4),
    ...(calibration ? [headerRow(19, S0, 4)] : []),
    ...(notes.length ? [{ range: { row: 32, col: 0, rows: notes.length, cols: 1 }, fontColor: "#A4262C", bold: true }] : []),
  ];
  return {
    sheetName: CLV_SHEET_NAME,
    blocks,
    styles,
    charts,
    columnWidths: [46, 16, 2, 12, 6, 8, 8, 18, 9, 19, 15, 12, 2, 30, 12, 20, 18],
    freeze: { rows: 1, columns: 0 },
    bgnbd: bg,
    gammaGamma: gg,
    correlation: corr,
    customers,
    calibration,
    notes,
    transactionsRead: input.transactionsRead,
    skipped: input.skipped,
  };
}

/**
 * The CLV sheet of a log given as three ranges of cells, as the task pane reads them from a
 * selection: rows with an unreadable id, date or amount, or a negative amount, are left out and
 * their count is shown on the sheet.
 */
export function planClvSheetFromRanges(
  ids: unknown,
  dates: unknown,
  amounts: unknown,
  options: Omit<ClvSheetInput, "transactions" | "skipped">,
): Result<ClvSheetPlan> {
  const log = readLog(ids, dates, amounts);
  if (isKpiError(log)) return log;
  return planClvSheet({ ...options, transactions: log.transactions, skipped: log.skipped });
}
