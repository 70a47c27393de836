// KPI.DRIVERS and KPI.DRIVERS.R2 on the reference data of spec/why.md (../shared/data/drivers):
// the published values to the digits they are published with, and an independent numpy
// computation (scripts/bench/drivers_numpy.py reference: least squares on every subset of the raw
// data with np.linalg.lstsq, relative weights by np.linalg.eigh) to 1e-12.
import { existsSync } from "node:fs";
import * as path from "node:path";
import { drivers, driversR2 } from "../../src/why/keyDrivers";
import { ok } from "../helpers/excelArgs";
import { columnOf, columnsOf, DRIVERS_DATA, lmgByOrders, readTable } from "../helpers/drivers";

const haveData = existsSync(path.join(DRIVERS_DATA, "attitude.csv"));
const describeData = haveData ? describe : describe.skip;
if (!haveData) console.warn(`${DRIVERS_DATA} not found: the reference values of spec/why.md are not checked`);

const ATTITUDE = ["complaints", "privileges", "learning", "raises", "critical", "advance"];

/** Each value equal to its reference within `tolerance` (absolute). */
function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, k) => expect({ k, off: Math.abs(v - expected[k]) <= tolerance, v }).toEqual({ k, off: true, v }));
}

const column = (spill: (string | number | boolean)[][], k: number) => spill.map((row) => row[k] as number);

describeData("KPI.DRIVERS on attitude (R datasets: rating on six survey items, n 30)", () => {
  const t = haveData ? readTable("attitude.csv") : { header: [], rows: [] };
  const y = () => columnOf(t, "rating");
  const x = () => columnsOf(t, ATTITUDE);

  it("gives R² 0.7326020 with 30 rows used and none left out (spec/why.md)", () => {
    const [[r2, used, leftOut]] = ok(driversR2(y(), x()));
    expect(Math.abs((r2 as number) - 0.732602)).toBeLessThan(5e-8);
    expect([used, leftOut]).toEqual([30, 0]);
  });

  it("gives the Shapley values 0.3708162, 0.0509038, 0.1557660, 0.1203451, 0.0065887, 0.0281822 (relaimpo lmg)", () => {
    expectClose(column(ok(drivers(y(), x())), 0), [0.3708162, 0.0509038, 0.155766, 0.1203451, 0.0065887, 0.0281822], 5e-8);
  });

  it("agrees with numpy least squares on every subset to 1e-12 (drivers_numpy.py reference)", () => {
    const shapley = [0.3708161943193286, 0.05090379297154435, 0.1557659901691413, 0.1203450794036269, 0.006588722545860856, 0.028182213121647093];
    expectClose(column(ok(drivers(y(), x())), 0), shapley, 1e-12);
    expect(Math.abs((ok(driversR2(y(), x()))[0][0] as number) - 0.732601992531149)).toBeLessThan(1e-12);
    const rw = [0.3627601996581305, 0.056002278778853685, 0.16361091075053352, 0.12178039968821719, 0.008255466496437918, 0.02019273715897588];
    expectClose(column(ok(drivers(y(), x(), "rw")), 0), rw, 1e-12);
  });

  it("agrees with the definition (the R² each driver adds, averaged over all 720 orders of entry) to 1e-12", () => {
    const byOrders = lmgByOrders(y().map((r) => r[0]), x());
    expectClose(column(ok(drivers(y(), x())), 0), byOrders, 1e-12);
  });

  it("gives the signs of the full model's coefficients (+ - + + + -, as numpy's least squares) and percents that sum to 100", () => {
    const spill = ok(drivers(y(), x()));
    expect(column(spill, 2)).toEqual([1, -1, 1, 1, 1, -1]);
    const percents = column(spill, 1);
    expect(percents.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 10);
    expect(percents[0]).toBeCloseTo((100 * 0.3708161943193286) / 0.732601992531149, 10);
  });
});

describeData("KPI.DRIVERS on mtcars (R datasets, n 32)", () => {
  const t = haveData ? readTable("mtcars.csv") : { header: [], rows: [] };
  const mpg = () => columnOf(t, "mpg");

  it("gives mpg on am, vs, cyl R² 0.7619773 and Shapley 0.1774892, 0.2027032, 0.3817849 (domir's README)", () => {
    const x = columnsOf(t, ["am", "vs", "cyl"]);
    expect(Math.abs((ok(driversR2(mpg(), x))[0][0] as number) - 0.7619773)).toBeLessThan(5e-8);
    const spill = ok(drivers(mpg(), x));
    expectClose(column(spill, 0), [0.1774892, 0.2027032, 0.3817849], 5e-8);
    expectClose(column(spill, 0), [0.17748918194004473, 0.20270320677856152, 0.3817849038434913], 1e-12);
    expect(column(spill, 2)).toEqual([1, 1, -1]);
  });

  it('gives mpg on cyl, disp, hp, gear with method "rw" 0.2284797, 0.2221469, 0.2321744, 0.0963886, signs - - - + (rwa\'s README)', () => {
    const spill = ok(drivers(mpg(), columnsOf(t, ["cyl", "disp", "hp", "gear"]), "rw"));
    expectClose(column(spill, 0), [0.2284797, 0.2221469, 0.2321744, 0.0963886], 5e-8);
    expectClose(column(spill, 0), [0.22847972592821642, 0.2221468705400007, 0.232174439299447, 0.0963886032153911], 1e-12);
    expect(column(spill, 2)).toEqual([-1, -1, -1, 1]);
  });

  it('gives Shapley values different from the relative weights on the same four drivers, both summing to R² 0.7791896', () => {
    const x = columnsOf(t, ["cyl", "disp", "hp", "gear"]);
    const shapley = column(ok(drivers(mpg(), x)), 0);
    expectClose(shapley, [0.24705203323520797, 0.24349959479564032, 0.21091289954427422, 0.07772511140793334], 1e-12);
    const rw = column(ok(drivers(mpg(), x, "RW")), 0);
    for (const values of [shapley, rw]) expect(Math.abs(values.reduce((a, b) => a + b, 0) - 0.7791896389830558)).toBeLessThan(1e-12);
  });
});
