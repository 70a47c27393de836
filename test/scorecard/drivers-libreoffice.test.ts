// The "What moves NPS" block as LibreOffice recalculates it (portable mode): its rank, average,
// quadrant and chart-guide formulas come back with the values the add-in cached, and the data
// columns it reads are the data sheet's.
import { isKpiError } from "../../src/kpi";
import { planScorecard } from "../../src/scorecard/plan";
import type { FormulaCell, PlanCell } from "../../src/scorecard/types";
import { DRIVERS, spec, survey } from "../helpers/driverSurvey";
import { disposeLibreOffice, libreOfficeAvailable } from "../helpers/libreoffice";
import { compareWithCache, recalculatedScorecard } from "../helpers/recalculated";

const describeLO = libreOfficeAvailable() ? describe : describe.skip;
jest.setTimeout(180_000);

describeLO("the key-driver block recalculated by LibreOffice", () => {
  afterAll(async () => {
    await disposeLibreOffice();
  });

  it("recalculates the block's ranks, averages, quadrants and guide lines to the cached values", async () => {
    const data = survey();
    const plan = planScorecard({ spec: spec({ drivers: DRIVERS }), data, existingSheets: ["Survey"], builtAt: new Date("2026-12-07T10:00:00Z") });
    if (isKpiError(plan)) throw new Error(plan.message);
    const sheet = await recalculatedScorecard(plan, { name: "Survey", table: data, dateColumns: [] });
    const top = plan.blocks.find((b) => b.cells[0][0] === "What moves NPS")?.row ?? -1;
    const bottom = plan.blocks.find((b) => String(b.cells[0][0]).startsWith("Statistics behind"))?.row ?? Infinity;
    const inBlock = { blocks: plan.blocks.filter((b) => b.row > top && b.row < bottom) };
    const isFormula = (c: PlanCell): c is FormulaCell => typeof c === "object" && c !== null;
    const formulas = inBlock.blocks.flatMap((b) => b.cells.flat()).filter(isFormula);
    expect(formulas.some((c) => c.formula.startsWith("=RANK("))).toBe(true);
    expect(formulas.some((c) => c.formula.startsWith("=IF("))).toBe(true);
    const c = compareWithCache(inBlock, sheet);
    expect(c.mismatches).toEqual([]);
    // Ranks, two averages and four guide cells per line: numbers; quadrants: texts.
    expect(c.numbers).toBeGreaterThanOrEqual(5 + 2 + 4);
    expect(c.texts).toBe(5);
  });
});
