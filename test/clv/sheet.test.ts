// The CLV sheet plan (src/clv/sheet.ts) on the CDNOW log: what it shows, that it is sorted and
// adds up, that the holdout check counts the holdout purchases of the log, that each customer's
// CLV is what KPI.CLV.PREDICT gives, and that its native formulas, recalculated by HyperFormula
// (an independent spreadsheet engine), give the values the plan cached.
import { HyperFormula } from "hyperformula";
import { expectedPurchases } from "../../src/clv/bgnbd";
import { clvPredict } from "../../src/clv/functions";
import { serialOf } from "../../src/clv/read";
import { clvBlocks, planClvSheet, planClvSheetFromRanges, type ClvSheetInput, type ClvSheetPlan } from "../../src/clv/sheet";
import { spearman, spendFrequencyTest } from "../../src/clv/spearman";
import { gammaVariate, mulberry32 } from "../../scripts/random.cjs";
import type { FormulaCell, PlanCell } from "../../src/scorecard/types";
import { isKpiError } from "../../src/kpi/errors";
import { cdnowLog, cdnowSummary, describeWithData } from "./cdnow";

const END = serialOf(1997, 9, 30);
const HOLDOUT_END = serialOf(1998, 6, 30);
/** 10 % a year, per week. */
const WEEKLY = 1.1 ** (7 / 365.25) - 1;

function plan(overrides: Partial<ClvSheetInput> = {}): ClvSheetPlan {
  const p = planClvSheet({
    source: "CDNOW_sample.txt",
    transactions: cdnowLog(),
    skipped: 0,
    endDate: END,
    holdoutEnd: HOLDOUT_END,
    period: "week",
    horizon: 52,
    discountRate: WEEKLY,
    discountGiven: { rate: 0.1, per: "year" },
    margin: 0.3,
    ...overrides,
  });
  if (isKpiError(p)) throw new Error(p.message);
  return p;
}

const isFormula = (cell: PlanCell): cell is FormulaCell => typeof cell === "object" && cell !== null;

/**
 * Loads the plan's blocks into HyperFormula: native formulas as formulas; KPI.* ones, and the
 * INDEX(curves, n, 0) that takes a curve's whole row (Excel and LibreOffice have it,
 * HyperFormula 3 does not), as their cached values: LibreOffice checks those
 * (sheet-libreoffice.test.ts, workbook-libreoffice.test.ts).
 */
export function recalculate(p: ClvSheetPlan): { value: (row: number, col: number) => unknown; formulas: [number, number, FormulaCell][] } {
  const grid: unknown[][] = [];
  const formulas: [number, number, FormulaCell][] = [];
  let width = 0;
  for (const block of clvBlocks(p)) {
    block.cells.forEach((cells, r) =>
      cells.forEach((cell, c) => {
        const [row, col] = [block.row + r, block.col + c];
        grid[row] ??= [];
        width = Math.max(width, col + 1);
        if (isFormula(cell)) {
          const native = !cell.formula.includes("KPI.") && !cell.formula.includes(",0)");
          grid[row][col] = native ? cell.formula : cell.value;
          if (native) formulas.push([row, col, cell]);
        } else grid[row][col] = cell;
      }),
    );
  }
  const dense = Array.from({ length: grid.length }, (_, r) => Array.from({ length: width }, (_, c) => grid[r]?.[c] ?? null));
  const hf = HyperFormula.buildFromArray(dense as never, { licenseKey: "gpl-v3" });
  return { value: (row, col) => hf.getCellValue({ sheet: 0, row, col }), formulas };
}

/** The value of a labelled row of a block (its label in `col`, the value right of it). */
function labelled(p: ClvSheetPlan, col: number, label: string | RegExp): PlanCell {
  for (const b of p.blocks) {
    if (b.col !== col) continue;
    const line = b.cells.find((row) => (typeof label === "string" ? row[0] === label : label.test(String(row[0]))));
    if (line) return line[1];
  }
  throw new Error(`no row ${String(label)}`);
}
const valueOf = (cell: PlanCell) => (isFormula(cell) ? cell.value : cell);

describeWithData("the CLV sheet of the CDNOW log", () => {
  const p = plan();

  it("fits BG/NBD and Gamma-Gamma on the calibration window to the published parameters, each converged", () => {
    expect(p.bgnbd.params.r).toBeCloseTo(0.243, 3);
    expect(p.bgnbd.params.alpha).toBeCloseTo(4.414, 3);
    expect(p.bgnbd.params.a).toBeCloseTo(0.793, 3);
    expect(p.bgnbd.params.b).toBeCloseTo(2.426, 2);
    expect(p.gammaGamma.params.p).toBeCloseTo(6.25, 1);
    expect(p.gammaGamma.params.q).toBeCloseTo(3.74, 1);
    expect(p.bgnbd.verdict).toBe("converged");
    expect(p.gammaGamma.verdict).toBe("converged");
    expect(labelled(p, 0, "Verdict")).toBe("converged");
  });

  it("states the windows as dates: calibration from the first purchase, holdout, and a forecast from the end of the data", () => {
    expect(p.windows).toEqual({ calibrationStart: serialOf(1997, 1, 1), calibrationEnd: END, holdoutEnd: HOLDOUT_END, forecastStart: HOLDOUT_END, forecastFrom: "data" });
    expect(valueOf(labelled(p, 0, /^Forecast: from \(the end of the data\)/))).toBe(HOLDOUT_END);
    expect(valueOf(labelled(p, 0, /^Forecast: to/))).toBe(HOLDOUT_END + 52 * 7);
    expect(labelled(p, 0, /^Holdout: to/)).toBe(HOLDOUT_END);
  });

  it("shows each customer as of the forecast start: x, t_x and T counted from the log up to 1998-06-30", () => {
    const log = cdnowLog();
    const id = p.customers[0].id;
    const days = [...new Set(log.filter((t) => t.id === id && t.day <= HOLDOUT_END).map((t) => t.day))].sort((a, b) => a - b);
    expect(p.customers[0].x).toBe(days.length - 1);
    expect(p.customers[0].T).toBeCloseTo((HOLDOUT_END - days[0]) / 7, 12);
    expect(p.customers[0].tx).toBeCloseTo((days[days.length - 1] - days[0]) / 7, 12);
  });

  it("gives each customer the CLV that KPI.CLV.PREDICT gives from the same figures, to 1e-12", () => {
    const { r, alpha, a, b } = p.bgnbd.params;
    const { p: pp, q, gamma } = p.gammaGamma.params;
    for (const c of p.customers.filter((_, i) => i % 97 === 0)) {
      const want = (clvPredict(52, c.x, c.tx, c.T, c.zbar, r, alpha, a, b, pp, q, gamma, WEEKLY, 0.3) as number[][])[0][0];
      expect(Math.abs(c.clv - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, want));
    }
  });

  it("lists every customer once, sorted by CLV from the highest", () => {
    expect(p.customers).toHaveLength(2357);
    for (let i = 1; i < p.customers.length; i++) expect(p.customers[i].clv).toBeLessThanOrEqual(p.customers[i - 1].clv);
    const table = clvBlocks(p).find((b) => b.col === 3);
    expect(table?.cells).toHaveLength(2358);
    expect(table?.cells[0]).toEqual(["Customer", "x", "t_x", "T", "Mean repeat spend", "P(alive)", "Expected purchases", "Discount factor", "Expected spend", "CLV", "Curve"]);
  });

  it("counts each customer's holdout purchase days, by calibration frequency 0..7+, and heads them with the totals, difference, mean absolute error and how well the model ranks customers (Spearman, as scipy)", () => {
    const cal = p.calibration ?? [];
    expect(cal.map((g) => g.label)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7+"]);
    expect(cal.reduce((s, g) => s + g.customers, 0)).toBe(2357);
    // Independently: distinct (customer, day) pairs after the end date, up to the holdout end.
    const log = cdnowLog();
    const pairs = new Set(log.filter((t) => t.day > END && t.day <= HOLDOUT_END).map((t) => `${t.id}:${t.day}`));
    const check = p.holdoutCheck!;
    expect(check.actual).toBe(pairs.size);
    expect(cal.reduce((s, g) => s + g.actual * g.customers, 0)).toBeCloseTo(pairs.size, 6);
    // The expected total and the mean absolute error from the published summary's customers, one by one.
    const summary = cdnowSummary();
    const seen = new Map<number, number>();
    for (const key of pairs) seen.set(Number(key.split(":")[0]), (seen.get(Number(key.split(":")[0])) ?? 0) + 1);
    let expected = 0;
    let absolute = 0;
    for (const c of summary) {
      const e = expectedPurchases(39, c.x, c.tx, c.T, p.bgnbd.params);
      expected += e;
      absolute += Math.abs((seen.get(c.id) ?? 0) - e);
    }
    // The summary's t_x and T are rounded to 2 decimals, and its holdout is 39 weeks to the day.
    expect(check.expected).toBeCloseTo(expected, 0);
    expect(check.meanAbsoluteError).toBeCloseTo(absolute / summary.length, 2);
    expect(check.difference).toBeCloseTo((check.expected - check.actual) / check.actual, 12);
    // The model tracks the holdout: 12 % under on CDNOW (1,653 against 1,882 purchase days).
    expect(check.difference).toBeCloseTo(-0.121, 3);
    // And ranks the customers: an independent computation (the log read in Python, BG/NBD refitted
    // with scipy.optimize, E[Y(39)] through scipy.special.hyp2f1, scipy.stats.spearmanr of expected
    // and actual holdout purchase days, ties at mean ranks) gave 1,882 actual, 1,653.409 expected,
    // MAE 0.78545, rho 0.4492874191607326 and p 1.825087518988032e-117.
    expect(check.expected).toBeCloseTo(1653.409, 2);
    expect(check.meanAbsoluteError).toBeCloseTo(0.78545, 4);
    expect(check.rankCorrelation?.n).toBe(2357);
    expect(check.rankCorrelation?.rho).toBeCloseTo(0.4492874, 5);
    expect(Math.log10(check.rankCorrelation!.p)).toBeCloseTo(Math.log10(1.825087518988032e-117), 2);
    const headline = p.blocks.find((b) => b.cells[0]?.[0] === "Repeat purchases: actual" || String(b.cells[0]?.[0]).startsWith("Holdout check"));
    expect(headline?.cells.at(-1)).toEqual(["Rank correlation (Spearman), per customer", check.rankCorrelation!.rho]);
    expect(p.charts[0].series.map((s) => s.name)).toEqual(["Actual", "Expected (BG/NBD)"]);
  });

  it("tests Gamma-Gamma's independence with Spearman's rho on the repeat buyers, as scipy does, and warns when it fails", () => {
    // An independent computation: CDNOW's 946 repeat buyers read from the log to 1997-09-30 in
    // Python (same-day purchases added), Gamma-Gamma refitted with scipy.optimize (p 6.24957),
    // scipy.stats.spearmanr of x and ln zbar - scipy.special.digamma(p x) + ln x: rho
    // 0.16452183370458942, p 3.614084865772403e-07 (on raw zbar: 0.2063, p 1.5e-10).
    expect(p.independence?.n).toBe(946);
    expect(p.independence?.rho).toBeCloseTo(0.16452183370458942, 5);
    expect(Math.log10(p.independence!.p)).toBeCloseTo(Math.log10(3.614084865772403e-7), 2);
    expect(labelled(p, 0, /^Independence/)).toBe("REJECTED");
    expect(p.notes.join(" ")).toMatch(/Spend and frequency are not independent \(Spearman's rho 0\.16, p = 3\.6e-7, each mean spend taken net of/);
  });

  it("tests independence so that a log drawn from Gamma-Gamma itself passes as often as a 5 % test should", () => {
    // 200 simulated logs of 2,000 repeat buyers: x as in a retail log, nu ~ Gamma(q 4, rate 30)
    // independent of x, each purchase Gamma(p 6, rate nu). Spearman on raw mean spend rejects in
    // 107 of them (a mean of more purchases is less skewed); net of what the model makes depend
    // on x, in 14 (7 %; a 5 % test's binomial sd is 1.5 %).
    const random = mulberry32(25);
    const frequencies = [1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6, 8, 12];
    let raw = 0;
    let net = 0;
    const logs = 200;
    for (let k = 0; k < logs; k++) {
      const x = Float64Array.from({ length: 2000 }, () => frequencies[Math.floor(random() * frequencies.length)]);
      const zbar = x.map((n) => {
        const nu = gammaVariate(random, 4) / 30;
        let sum = 0;
        for (let j = 0; j < n; j++) sum += gammaVariate(random, 6) / nu;
        return sum / n;
      });
      if (spearman(x, zbar)!.p < 0.05) raw++;
      if (spendFrequencyTest(x, zbar, 6)!.p < 0.05) net++;
    }
    expect(raw / logs).toBeGreaterThan(0.4);
    expect(net / logs).toBeLessThan(0.1);
  });

  it("shows the discount rate as given (10 % a year) and per week, and each customer's discount factor", () => {
    expect(labelled(p, 0, /^Discount rate per year, as given/)).toBe(0.1);
    expect(valueOf(labelled(p, 0, /^Discount rate per week/))).toBeCloseTo(WEEKLY, 15);
    for (const c of p.customers.slice(0, 50)) {
      expect(c.discountFactor).toBeLessThan(1);
      expect(c.discountFactor).toBeGreaterThan(1 / (1 + WEEKLY) ** 52);
      expect(c.clv).toBeCloseTo(c.purchases * c.discountFactor * c.spend * 0.3, 10);
    }
  });

  it("has native formulas only, which recalculate in another engine to the values it cached", () => {
    for (const b of clvBlocks(p)) for (const row of b.cells) for (const cell of row) if (isFormula(cell)) expect(cell.formula).not.toContain("KPI.");
    const { value, formulas } = recalculate(p);
    expect(formulas.length).toBeGreaterThan(3 * 2357);
    const off: string[] = [];
    for (const [row, col, cell] of formulas) {
      const v = value(row, col);
      const want = cell.value;
      if (typeof want === "number" ? !(typeof v === "number" && Math.abs(v - want) <= 1e-9 * Math.max(1, Math.abs(want))) : v !== want) off.push(`${cell.formula}: ${String(v)} vs ${String(want)}`);
    }
    expect(off.slice(0, 5)).toEqual([]);
  });

  it("forecasts from the end of calibration when asked, each customer then as of 1997-09-30", () => {
    const q = plan({ forecastFrom: "calibration" });
    expect(q.windows.forecastStart).toBe(END);
    expect(q.windows.forecastFrom).toBe("calibration");
    const summary = new Map(cdnowSummary().map((c) => [c.id, c]));
    for (const c of q.customers.slice(0, 20)) expect(c.T).toBeCloseTo(summary.get(c.id as number)!.T, 1);
  });

  it("keeps the top customers only when asked, with totals and deciles of all as formulas of per-period sums", () => {
    const top = plan({ maxCustomerRows: 100 });
    expect(clvBlocks(top).find((b) => b.col === 3)?.cells).toHaveLength(101);
    expect(top.notes.join(" ")).toContain("top 100 of 2,357");
    const { value, formulas } = recalculate(top);
    const total = formulas.find(([, , c]) => c.formula.includes("SUMPRODUCT") && c.value === top.totalClv);
    expect(total).toBeDefined();
    expect(value(total![0], total![1]) as number).toBeCloseTo(top.totalClv, 6);
    expect(top.totalClv).toBeCloseTo(p.totalClv, 6);
  });

  it("states a horizon that is not whole as fixed, with the command that changes it, and no per-period table", () => {
    const fixed = plan({ horizon: 26.5, mode: "portable" });
    expect(fixed.horizonCells).toBe("fixed");
    expect(fixed.notes.join(" ")).toMatch(/fixed on this sheet: the horizon 26.5 is not a whole number of weeks\. Rebuild with kpi-scorecard clv --horizon N/);
    expect(String(labelled(fixed, 0, /^Horizon/))).toBe("26.5");
    expect(fixed.blocks.some((b) => b.col > 19)).toBe(false);
    const live = plan({ horizon: 26.5, mode: "live" });
    expect((clvBlocks(live).find((b) => b.col === 3)?.cells[1][6] as FormulaCell).formula).toMatch(/^=KPI\.BGNBD\.EXPECTED\(\$B\$13,/);
  });
});

describe("Spearman's rank correlation", () => {
  it("matches scipy.stats.spearmanr on the published CDNOW summary's repeat buyers (rho 0.2063939548174887, p 1.4665555585782534e-10)", () => {
    const buyers = cdnowSummary().filter((c) => c.x > 0);
    const r = spearman(buyers.map((c) => c.x), buyers.map((c) => c.zbar));
    expect(r?.rho).toBeCloseTo(0.2063939548174887, 13);
    expect(Math.abs((r?.p ?? 0) - 1.4665555585782534e-10)).toBeLessThan(1e-20);
  });

  it("gives tied values their mean rank, and is 1 for any increasing relation", () => {
    expect(spearman([1, 2, 2, 3], [10, 20, 20, 30])?.rho).toBeCloseTo(1, 15);
    expect(spearman([1, 2, 3, 4, 5], [1, 4, 9, 16, 1000])?.rho).toBeCloseTo(1, 15);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});

describe("the CLV sheet of a selected range", () => {
  it("leaves out unreadable and negative rows, and rows dated before 1900-03-01 or after today, and shows how many", () => {
    // Serial 60 is Excel's 29 February 1900 that never was; 35451 is the day after `today`.
    const ids = [["a"], ["a"], ["a"], ["b"], ["b"], ["c"], ["c"], ["a"], ["b"], ["c"]];
    const dates = [[35431], [35440], ["next week"], [35435], [35449], [35433], [35436], [60], [35451], [35450]];
    const amounts = [[10], [12], [5], [8], [-3], [4], ["N/A"], [7], [9], [6]];
    const p = planClvSheetFromRanges(ids, dates, amounts, { source: "Sheet1!A1:C11", endDate: 35450, period: "week", horizon: 52, discountRate: 0, margin: 0.3, today: 35450 });
    if (isKpiError(p)) throw new Error(p.message);
    const header = p.blocks[0].cells;
    expect(header.find((row) => row[0] === "Transactions read")?.[1]).toBe(5);
    expect(header.find((row) => String(row[0]).startsWith("Rows skipped"))?.[1]).toBe(5);
  });
});

describe("the CLV sheet's refusals", () => {
  const base: ClvSheetInput = {
    source: "test",
    transactions: [
      { id: "a", day: 35431, amount: 10 },
      { id: "a", day: 35440, amount: 12 },
      { id: "b", day: 35435, amount: 8 },
    ],
    skipped: 0,
    endDate: 35450,
    period: "week",
    horizon: 52,
    discountRate: 0,
    margin: 0.3,
  };

  it("refuses a margin given as a percentage, a negative discount rate, a holdout that ends before the end date and an empty log", () => {
    for (const bad of [{ margin: 30 }, { discountRate: -0.5 }, { holdoutEnd: 35440 }, { transactions: [] }]) {
      const result = planClvSheet({ ...base, ...bad });
      expect(isKpiError(result)).toBe(true);
    }
  });

  it("is #N/A when nobody bought twice", () => {
    const result = planClvSheet({ ...base, transactions: [{ id: "a", day: 35431, amount: 10 }] });
    expect(isKpiError(result) && result.code).toBe("#N/A");
  });
});
