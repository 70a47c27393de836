// Issue 25, "What must be shown" 1: the CLV workbook of the CDNOW log, as the .xlsx writer makes
// it, with each input cell edited as a reviewer would (the same workbook, one input value
// changed) and recalculated by LibreOffice: every figure that depends on the input moves as the
// model says. Margin x2 doubles every CLV, the total, the mean and the deciles; a higher
// discount rate lowers every CLV, and gives what the core gives at that rate; a shorter horizon
// lowers the expected purchases, and gives what the core gives at that horizon; a horizon past
// the per-period table is an error, not a silently shorter one.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planClvSheet, type ClvSheetInput, type ClvSheetPlan } from "../../src/clv/sheet";
import { isKpiError } from "../../src/kpi/errors";
import type { PlanCell } from "../../src/scorecard/types";
import { writeClvXlsx } from "../../src/xlsx/clvWriter";
import { type CellValue, disposeLibreOffice, libreOfficeAvailable, recalculate } from "../helpers/libreoffice";
import { cdnowSheetInput, haveData } from "./cdnow";

const run = libreOfficeAvailable() && haveData ? describe : describe.skip;
if (!libreOfficeAvailable() && process.env.CI) throw new Error("LibreOffice (soffice) is required in CI for the CLV sheet test");

const yearly = (rate: number) => (1 + rate) ** (7 / 365.25) - 1;
const input = (overrides: Partial<ClvSheetInput> = {}): ClvSheetInput =>
  cdnowSheetInput({ mode: "portable", discountRate: yearly(0.1), discountGiven: { rate: 0.1, per: "year" }, ...overrides });

function plan(overrides: Partial<ClvSheetInput> = {}): ClvSheetPlan {
  const p = planClvSheet(input(overrides));
  if (isKpiError(p)) throw new Error(p.message);
  return p;
}

/** The row of the left panel whose label starts with `label`. */
function rowOf(p: ClvSheetPlan, label: string): number {
  for (const b of p.blocks) {
    if (b.col !== 0) continue;
    const i = b.cells.findIndex((row) => typeof row[0] === "string" && row[0].startsWith(label));
    if (i >= 0) return b.row + i;
  }
  throw new Error(`no row "${label}"`);
}

/** The plan with the value of input cell (row, column B) replaced: the workbook a reviewer edited. */
function edited(p: ClvSheetPlan, row: number, value: number): ClvSheetPlan {
  const blocks = p.blocks.map((b) => {
    if (b.col !== 0 || row < b.row || row >= b.row + b.cells.length) return b;
    const cells = b.cells.map((line, i) => (b.row + i === row ? ([line[0], value] as PlanCell[]) : line));
    return { ...b, cells };
  });
  return { ...p, blocks };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kpi-clv-edits-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await disposeLibreOffice();
});

async function recalculated(p: ClvSheetPlan, name: string): Promise<CellValue[][]> {
  const path = join(dir, `${name}.xlsx`);
  await writeClvXlsx(p, { path, created: new Date("2026-12-01T09:00:00Z") });
  return (await recalculate(path))[p.sheetName];
}

// Columns of the per-customer table (D = 3 .. N) and of the totals (P = 15, values in Q, deciles' CLV in R).
const COL = { id: 3, purchases: 9, factor: 10, clv: 12 };
const TOTAL = { purchases: [2, 16], clv: [3, 16], mean: [4, 16] } as const;
const DECILES = Array.from({ length: 10 }, (_, d) => [7 + d, 17] as const);

/** Per customer id: the figure of `col`, as LibreOffice shows it. */
function byId(sheet: CellValue[][], col: number, customers: number): Map<string, CellValue> {
  const out = new Map<string, CellValue>();
  for (let r = 1; r <= customers; r++) out.set(String(sheet[r][COL.id]), sheet[r][col]);
  return out;
}
const num = (v: CellValue) => {
  if (typeof v !== "number") throw new Error(`not a number: ${JSON.stringify(v)}`);
  return v;
};

run("the CDNOW workbook, each input cell edited and recalculated by LibreOffice", () => {
  const base = plan();
  const n = base.customers.length;
  const rows = { horizon: rowOf(base, "Horizon"), rate: rowOf(base, "Discount rate per year, as given"), margin: rowOf(base, "Margin") };
  let before: CellValue[][];

  beforeAll(async () => {
    before = await recalculated(base, "base");
  }, 300_000);

  it("recalculates, unedited, to the values the plan cached", () => {
    expect(num(before[TOTAL.clv[0]][TOTAL.clv[1]])).toBeCloseTo(base.totalClv, 6);
    for (let r = 1; r <= n; r += 37) expect(num(before[r][COL.clv])).toBeCloseTo(base.customers[r - 1].clv, 9);
  });

  it("doubles every CLV, the total, the mean and every decile when the margin goes from 30 % to 60 %", async () => {
    const after = await recalculated(edited(base, rows.margin, 0.6), "margin");
    for (let r = 1; r <= n; r++) {
      expect(num(after[r][COL.clv])).toBeCloseTo(2 * num(before[r][COL.clv]), 9);
      expect(after[r][COL.purchases]).toBe(before[r][COL.purchases]);
    }
    for (const [row, col] of [TOTAL.clv, TOTAL.mean, ...DECILES]) expect(num(after[row][col])).toBeCloseTo(2 * num(before[row][col]), 8);
    expect(after[TOTAL.purchases[0]][TOTAL.purchases[1]]).toBe(before[TOTAL.purchases[0]][TOTAL.purchases[1]]);
  }, 300_000);

  it("lowers every CLV when the discount rate goes from 10 % to 30 % a year, to what the core gives at 30 %", async () => {
    const after = await recalculated(edited(base, rows.rate, 0.3), "discount");
    const core = plan({ discountRate: yearly(0.3), discountGiven: { rate: 0.3, per: "year" } });
    const want = new Map(core.customers.map((c) => [String(c.id), c.clv]));
    let lower = 0;
    for (let r = 1; r <= n; r++) {
      const clv = num(after[r][COL.clv]);
      expect(clv).toBeCloseTo(want.get(String(after[r][COL.id]))!, 9);
      expect(clv).toBeLessThanOrEqual(num(before[r][COL.clv]));
      if (clv < num(before[r][COL.clv])) lower++;
      expect(num(after[r][COL.factor])).toBeLessThanOrEqual(num(before[r][COL.factor]));
      expect(after[r][COL.purchases]).toBe(before[r][COL.purchases]);
    }
    // Every customer with an expected purchase is worth less at the higher rate.
    expect(lower).toBe(base.customers.filter((c) => c.purchases > 0 && c.spend > 0).length);
    expect(num(after[TOTAL.clv[0]][TOTAL.clv[1]])).toBeCloseTo(core.totalClv, 6);
    expect(core.totalClv).toBeLessThan(base.totalClv);
  }, 300_000);

  it("lowers the expected purchases when the horizon goes from 52 to 26 weeks, to what the core gives at 26", async () => {
    const after = await recalculated(edited(base, rows.horizon, 26), "horizon");
    const core = plan({ horizon: 26 });
    const purchases = new Map(core.customers.map((c) => [String(c.id), c.purchases]));
    const clv = new Map(core.customers.map((c) => [String(c.id), c.clv]));
    const got = byId(after, COL.purchases, n);
    for (const [id, v] of got) {
      expect(num(v)).toBeCloseTo(purchases.get(id)!, 10);
      expect(num(byId(after, COL.clv, n).get(id) ?? NaN)).toBeCloseTo(clv.get(id)!, 9);
    }
    for (let r = 1; r <= n; r++) expect(num(after[r][COL.purchases])).toBeLessThan(num(before[r][COL.purchases]));
    expect(num(after[TOTAL.purchases[0]][TOTAL.purchases[1]])).toBeCloseTo(core.customers.reduce((s, c) => s + c.purchases, 0), 6);
    // The forecast's end date follows the horizon.
    const forecastTo = rowOf(base, "Forecast: to");
    expect(after[forecastTo][1]).toBe(base.windows.forecastStart + 26 * 7);
  }, 300_000);

  it("says so, and shows no number, when the horizon is set past the 52 weeks of the per-period table", async () => {
    const after = await recalculated(edited(base, rows.horizon, 60), "beyond");
    for (let r = 1; r <= n; r += 50) expect(after[r][COL.purchases]).toBe("#N/A");
    expect(after[TOTAL.clv[0]][TOTAL.clv[1]]).toBe("#N/A");
    expect(String(after[rowOf(base, "Margin") + 1][0])).toBe("The per-period table runs to 52 weeks: for a longer horizon, rebuild with --horizon 60");
  }, 300_000);
});
