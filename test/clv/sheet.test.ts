// The CLV sheet plan (src/clv/sheet.ts) on the CDNOW log: what it shows, that it is sorted and
// adds up, that the calibration check counts the holdout purchases of the log, and that its
// native formulas, recalculated by HyperFormula (an independent spreadsheet engine), give the
// values the plan cached.
import { HyperFormula } from "hyperformula";
import { serialOf } from "../../src/clv/read";
import { planClvSheet, planClvSheetFromRanges, type ClvSheetInput, type ClvSheetPlan } from "../../src/clv/sheet";
import type { FormulaCell, PlanCell } from "../../src/scorecard/types";
import { isKpiError } from "../../src/kpi/errors";
import { cdnowLog, describeWithData } from "./cdnow";

const END = serialOf(1997, 9, 30);
const HOLDOUT_END = serialOf(1998, 6, 30);

function plan(overrides: Partial<ClvSheetInput> = {}): ClvSheetPlan {
  const p = planClvSheet({
    source: "CDNOW_sample.txt",
    transactions: cdnowLog(),
    skipped: 0,
    endDate: END,
    holdoutEnd: HOLDOUT_END,
    period: "week",
    horizon: 52,
    discountRate: 0,
    margin: 0.3,
    ...overrides,
  });
  if (isKpiError(p)) throw new Error(p.message);
  return p;
}

const isFormula = (cell: PlanCell): cell is FormulaCell => typeof cell === "object" && cell !== null;

/** Loads the plan's blocks into HyperFormula: native formulas as formulas, KPI.* ones as their cached values. */
function recalculate(p: ClvSheetPlan): { value: (row: number, col: number) => unknown; formulas: [number, number, FormulaCell][] } {
  const grid: unknown[][] = [];
  const formulas: [number, number, FormulaCell][] = [];
  for (const block of p.blocks) {
    block.cells.forEach((cells, r) =>
      cells.forEach((cell, c) => {
        const [row, col] = [block.row + r, block.col + c];
        grid[row] ??= [];
        if (isFormula(cell)) {
          const native = !cell.formula.includes("KPI.");
          grid[row][col] = native ? cell.formula : cell.value;
          if (native) formulas.push([row, col, cell]);
        } else grid[row][col] = cell;
      }),
    );
  }
  const dense = Array.from({ length: grid.length }, (_, r) => Array.from({ length: 20 }, (_, c) => grid[r]?.[c] ?? null));
  const hf = HyperFormula.buildFromArray(dense as never, { licenseKey: "gpl-v3" });
  return { value: (row, col) => hf.getCellValue({ sheet: 0, row, col }), formulas };
}

describeWithData("the CLV sheet of the CDNOW log", () => {
  const p = plan();

  it("fits BG/NBD and Gamma-Gamma on the calibration period to the published parameters", () => {
    expect(p.bgnbd.params.r).toBeCloseTo(0.243, 3);
    expect(p.bgnbd.params.b).toBeCloseTo(2.426, 2);
    expect(p.gammaGamma.params.p).toBeCloseTo(6.25, 1);
    expect(p.bgnbd.converged && p.gammaGamma.converged).toBe(true);
    expect(p.notes).toEqual([]);
  });

  it("lists every customer once, sorted by CLV from the highest", () => {
    expect(p.customers).toHaveLength(2357);
    for (let i = 1; i < p.customers.length; i++) expect(p.customers[i].clv).toBeLessThanOrEqual(p.customers[i - 1].clv);
    const table = p.blocks.find((b) => b.col === 3);
    expect(table?.cells).toHaveLength(2358);
    expect(table?.cells[0]).toEqual(["Customer", "x", "t_x", "T", "Mean repeat spend", "P(alive)", "Expected purchases", "Expected spend", "CLV"]);
  });

  it("counts each customer's holdout purchase days in the calibration table, by calibration frequency 0..7+", () => {
    const cal = p.calibration ?? [];
    expect(cal.map((g) => g.label)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7+"]);
    expect(cal.reduce((s, g) => s + g.customers, 0)).toBe(2357);
    // Independently: distinct (customer, day) pairs after the end date, up to the holdout end.
    const pairs = new Set(cdnowLog().filter((t) => t.day > END && t.day <= HOLDOUT_END).map((t) => `${t.id}:${t.day}`));
    const actual = cal.reduce((s, g) => s + g.actual * g.customers, 0);
    expect(actual).toBeCloseTo(pairs.size, 6);
    // The model tracks the holdout: customers who bought more often buy more, as expected, and
    // the total expected is within 15 % of the total actual (1,653 against 1,882 purchase days).
    for (let k = 1; k < cal.length; k++) expect(cal[k].expected).toBeGreaterThan(cal[k - 1].expected);
    const expected = cal.reduce((s, g) => s + g.expected * g.customers, 0);
    expect(Math.abs(expected - actual) / actual).toBeLessThan(0.15);
    expect(p.charts[0].series.map((s) => s.name)).toEqual(["Actual", "Expected (BG/NBD)"]);
  });

  it("has native formulas that recalculate, in another engine, to the values it cached", () => {
    const { value, formulas } = recalculate(p);
    expect(formulas.length).toBeGreaterThan(3 * 2357);
    for (const [row, col, cell] of formulas) {
      const v = value(row, col) as number;
      expect(typeof v).toBe("number");
      expect(Math.abs(v - (cell.value as number))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(cell.value as number)));
    }
  });

  it("writes KPI.CLV.PREDICT formulas when the CLV is discounted, and the product of its parts when not", () => {
    const table = (q: ClvSheetPlan) => q.blocks.find((b) => b.col === 3)?.cells[1][8] as FormulaCell;
    expect(table(p).formula).toMatch(/^=J2\*K2\*\$B\$12$/);
    const discounted = plan({ discountRate: 0.002 });
    expect(table(discounted).formula).toMatch(/^=KPI\.CLV\.PREDICT\(\$B\$10,/);
    expect(discounted.customers[0].clv).toBeLessThan(p.customers[0].clv);
  });

  it("keeps the top customers only when asked, with a note, the totals still counting all", () => {
    const top = plan({ maxCustomerRows: 100 });
    expect(top.blocks.find((b) => b.col === 3)?.cells).toHaveLength(101);
    expect(top.notes.join(" ")).toContain("top 100 of 2357");
  });
});

describe("the CLV sheet of a selected range", () => {
  it("leaves out unreadable and negative rows and shows how many", () => {
    const ids = [["a"], ["a"], ["a"], ["b"], ["b"], ["c"], ["c"]];
    const dates = [[35431], [35440], ["next week"], [35435], [35449], [35433], [35436]];
    const amounts = [[10], [12], [5], [8], [-3], [4], ["N/A"]];
    const p = planClvSheetFromRanges(ids, dates, amounts, { source: "Sheet1!A1:C8", endDate: 35450, period: "week", horizon: 52, discountRate: 0, margin: 0.3 });
    if (isKpiError(p)) throw new Error(p.message);
    const header = p.blocks[0].cells;
    expect(header.find((row) => row[0] === "Transactions read")?.[1]).toBe(4);
    expect(header.find((row) => String(row[0]).startsWith("Rows skipped"))?.[1]).toBe(3);
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

  it("refuses a margin given as a percentage, a holdout that ends before the end date and an empty log", () => {
    for (const bad of [{ margin: 30 }, { holdoutEnd: 35440 }, { transactions: [] }]) {
      const result = planClvSheet({ ...base, ...bad });
      expect(isKpiError(result)).toBe(true);
    }
  });

  it("is #N/A when nobody bought twice", () => {
    const result = planClvSheet({ ...base, transactions: [{ id: "a", day: 35431, amount: 10 }] });
    expect(isKpiError(result) && result.code).toBe("#N/A");
  });
});
