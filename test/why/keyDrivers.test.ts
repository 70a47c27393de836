// KPI.DRIVERS, KPI.DRIVERS.R2 and KPI.DRIVERS.CI from Excel's arguments: listwise reading (rows
// used and left out), a header row read as the drivers' names, the errors of spec/why.md and
// spec/functions.md, and the bootstrap intervals against numpy with the same row draws.
import { existsSync } from "node:fs";
import * as path from "node:path";
import { quantileSorted } from "../../src/why/bootstrap";
import { drivers, driversCi, driversR2 } from "../../src/why/keyDrivers";
import { expectKpiError, ok } from "../helpers/excelArgs";
import { columnOf, columnsOf, DRIVERS_DATA, readTable } from "../helpers/drivers";

const haveData = existsSync(path.join(DRIVERS_DATA, "attitude.csv"));
const itData = haveData ? it : it.skip;
const attitude = haveData ? readTable("attitude.csv") : { header: [], rows: [] };
const ATTITUDE = ["complaints", "privileges", "learning", "raises", "critical", "advance"];

/** 12 rows of an outcome and three drivers with no exact dependence among them. */
const Y = [[7], [9], [3], [8], [10], [6], [5], [9], [2], [8], [7], [4]];
const X = [
  [4, 3, 5], [5, 4, 4], [2, 2, 3], [4, 5, 4], [5, 5, 5], [3, 3, 4],
  [3, 2, 2], [5, 4, 5], [1, 2, 1], [4, 4, 3], [4, 3, 4], [2, 3, 3],
];

describe("reading the outcome and the drivers", () => {
  it("uses a row only when the outcome and every driver are numbers, and counts the others as left out", () => {
    const y = [...Y, [5], ["N/A"], [6], [null]];
    const x = [...X, [3, null, 2], [3, 3, 3], [3, "-", 2], [4, 4, 4]];
    const [[r2, used, leftOut]] = ok(driversR2(y, x));
    expect([used, leftOut]).toEqual([12, 4]);
    expect(r2).toBe(ok(driversR2(Y, X))[0][0]);
    expect(ok(drivers(y, x))).toEqual(ok(drivers(Y, X)));
  });

  it("does not count wholly blank rows (the empty end of a range) as left out", () => {
    const [[, used, leftOut]] = ok(driversR2([...Y, [null], [""]], [...X, [null, null, null], ["", " ", null]]));
    expect([used, leftOut]).toEqual([12, 0]);
  });

  it("reads numeric text as numbers, as every function does", () => {
    expect(ok(drivers(Y.map(([v]) => [` ${v}`]), X.map((row) => row.map((v) => `${v}.0`))))).toEqual(ok(drivers(Y, X)));
  });

  it("reads a first row of text in every driver column as the drivers' names, used in errors and not counted as left out", () => {
    const [[, used, leftOut]] = ok(driversR2([["NPS"], ...Y], [["Ease", "Speed", "Price"], ...X]));
    expect([used, leftOut]).toEqual([12, 0]);
    const dup = X.map((row) => [...row, row[0] + row[1]]);
    expectKpiError(drivers([["NPS"], ...Y], [["Ease", "Speed", "Price", "Total"], ...dup]), "#VALUE!", '"Total" (column 4 of drivers) is an exact linear combination of "Ease" (column 1 of drivers) and "Speed" (column 2 of drivers)');
  });

  it("spills a row per driver: raw importance, percent of R², sign (1 or -1)", () => {
    const spill = ok(drivers(Y, X));
    expect(spill).toHaveLength(3);
    const r2 = ok(driversR2(Y, X))[0][0] as number;
    for (const [raw, percent, sign] of spill) {
      expect(percent).toBeCloseTo((100 * (raw as number)) / r2, 12);
      expect([1, -1]).toContain(sign);
    }
    expect(spill.reduce((s, row) => s + (row[0] as number), 0)).toBeCloseTo(r2, 14);
  });
});

describe("errors", () => {
  it("is #N/A when a range holds no number, and when no row has the outcome and every driver", () => {
    expectKpiError(drivers([[null], ["x"]], [[1], [2]]), "#N/A", "no numeric responses");
    expectKpiError(drivers(Y, X.map((row) => row.map(() => "n/a"))), "#N/A", "no numeric responses");
    expectKpiError(driversR2([[1], [null], [3]], [[null], [2], [null]]), "#N/A", "no row where the outcome and every driver are numbers");
  });

  it("is #VALUE! when the ranges do not have the same rows, or the outcome is more than one column", () => {
    expectKpiError(drivers(Y.slice(1), X), "#VALUE!", "outcome has 11 rows but drivers has 12");
    expectKpiError(drivers(X, X), "#VALUE!", "outcome must be one column");
  });

  it("is #VALUE! with fewer rows than drivers + 2", () => {
    expectKpiError(drivers(Y.slice(0, 4), X.slice(0, 4)), "#VALUE!", "4 rows have the outcome and every driver as numbers: 3 drivers need at least 5");
  });

  it("is #VALUE! naming a driver, or the outcome, that has one value in every row used", () => {
    expectKpiError(drivers(Y, X.map((row) => [row[0], 3, row[2]])), "#VALUE!", "column 2 of drivers has the same value in every row used");
    expectKpiError(drivers(Y.map(() => [8]), X), "#VALUE!", "the outcome has the same value in every row used: there is nothing to explain");
  });

  it("is #VALUE! naming a driver that is an exact linear combination of others, and them", () => {
    const combined = X.map((row) => [...row, 2 * row[0] - 0.5 * row[2] + 1]);
    for (const method of ["shapley", "rw"]) {
      expectKpiError(drivers(Y, combined, method), "#VALUE!", "column 4 of drivers is an exact linear combination of column 1 of drivers and column 3 of drivers");
    }
    expectKpiError(driversR2(Y, combined), "#VALUE!", "column 4 of drivers");
    expectKpiError(driversCi(Y, combined), "#VALUE!", "column 4 of drivers");
    // A copy of a column is a combination of one.
    expectKpiError(drivers(Y, X.map((row) => [row[0], row[1], row[0]])), "#VALUE!", "column 3 of drivers is an exact linear combination of column 1 of drivers:");
  });

  it('is #VALUE! naming "rw" for method "shapley" with more than 15 drivers, which "rw" takes', () => {
    const rows = 40;
    const y = Array.from({ length: rows }, (_, i) => [(i * 7) % 11]);
    let state = 11;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) % 7;
    const x = Array.from({ length: rows }, () => Array.from({ length: 16 }, next));
    expectKpiError(drivers(y, x), "#VALUE!", 'method "shapley" is exact up to 15 drivers, got 16: use method "rw"');
    expectKpiError(driversCi(y, x), "#VALUE!", 'use method "rw"');
    expect(ok(drivers(y, x, "rw"))).toHaveLength(16);
    expect(ok(drivers(y.map((r) => r), x.map((r) => r.slice(0, 15))))).toHaveLength(15);
  });

  it("is #VALUE! for an unknown method, a confidence outside (0, 1), resamples or a seed out of range", () => {
    expectKpiError(drivers(Y, X, "lmg"), "#VALUE!", 'method "lmg" is not known: use "shapley" or "rw"');
    expectKpiError(driversCi(Y, X, null, 1.5), "#VALUE!", "confidence");
    expectKpiError(driversCi(Y, X, null, null, 50), "#VALUE!", "resamples 50 is out of range: use a whole number from 100 to 100,000");
    expectKpiError(driversCi(Y, X, null, null, 250.5), "#VALUE!", "resamples 250.5");
    expectKpiError(driversCi(Y, X, null, null, null, -1), "#VALUE!", "seed -1 is out of range: use a whole number from 0 to 4,294,967,295");
    expectKpiError(driversCi(Y, X, null, null, null, "abc"), "#VALUE!", 'seed must be a number, got "abc"');
  });

  it("is #VALUE! when most resamples have a constant driver (too few distinct rows for an interval)", () => {
    // Each driver varies in one row only: a resample that misses row 3 or row 4 (57 % of them) has a constant driver.
    const y = [[1], [2], [3], [4]];
    const x = [[0, 0], [0, 0], [0, 1], [1, 0]];
    expect(ok(drivers(y, x))).toHaveLength(2);
    expectKpiError(driversCi(y, x, null, null, 100, 1), "#VALUE!", "resamples of the 4 rows had a constant or duplicated driver: too few distinct rows for a bootstrap interval");
  });
});

describe("KPI.DRIVERS.CI", () => {
  it("gives the same intervals for the same inputs and seed, and others for another seed", () => {
    const a = ok(driversCi(Y, X, null, null, 200, 5));
    expect(ok(driversCi(Y, X, null, null, 200, 5))).toEqual(a);
    expect(ok(driversCi(Y, X, null, null, 200, 6))).not.toEqual(a);
    expect(ok(driversCi(Y, X))).toEqual(ok(driversCi(Y, X, "shapley", 0.95, 1000, 1)));
  });

  it("answers a repeated call (a live sheet's cells ask once per bound) with the same interval, and a changed cell with a new one", () => {
    const first = ok(driversCi(Y, X, null, null, 200, 9));
    const again = ok(driversCi(Y, X, null, null, 200, 9));
    expect(again).toEqual(first);
    again[0][0] = -1; // a caller's copy: changing it changes nothing kept
    expect(ok(driversCi(Y, X, null, null, 200, 9))).toEqual(first);
    const edited = X.map((row, i) => (i === 3 ? [row[0], row[1], 1] : row));
    expect(ok(driversCi(Y, edited, null, null, 200, 9))).not.toEqual(first);
    expect(ok(driversCi(Y, X, "rw", null, 200, 9))).not.toEqual(first);
  });

  it("spills a row per driver, lower at most upper, between 0 and 1; a wider confidence gives a wider interval", () => {
    const narrow = ok(driversCi(Y, X, "rw", 0.5, 300, 2));
    const wide = ok(driversCi(Y, X, "rw", 0.99, 300, 2));
    expect(narrow).toHaveLength(3);
    narrow.forEach(([lo, hi], j) => {
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
      expect(lo).toBeLessThanOrEqual(hi as number);
      expect(wide[j][0]).toBeLessThanOrEqual(lo as number);
      expect(wide[j][1]).toBeGreaterThanOrEqual(hi as number);
    });
  });

  itData("gives on attitude, seed 1, 1000 resamples, the intervals numpy computes from the same row draws (to 1e-12)", () => {
    // scripts/bench/drivers_numpy.py reference: np.linalg.lstsq on every subset of each resample, np.percentile.
    const expected = [
      [0.21264089271832715, 0.4867085814430994],
      [0.016825548820065612, 0.15369942900872638],
      [0.05455838105160951, 0.2771647240972568],
      [0.05863454937995951, 0.2047291682958747],
      [0.003937506752344097, 0.14251467878000867],
      [0.01329105263770322, 0.08253369058511348],
    ];
    const spill = ok(driversCi(columnOf(attitude, "rating"), columnsOf(attitude, ATTITUDE)));
    spill.forEach((row, j) => row.forEach((v, k) => expect(Math.abs((v as number) - expected[j][k])).toBeLessThan(1e-12)));
  });

  itData('gives on mtcars (mpg on cyl, disp, hp, gear), method "rw", confidence 0.9, 500 resamples, seed 7, numpy\'s intervals (to 1e-12)', () => {
    const mtcars = readTable("mtcars.csv");
    const expected = [
      [0.19090842036272937, 0.28038629378549107],
      [0.1742948125163777, 0.2731648009814611],
      [0.19662153461092907, 0.27750779327975234],
      [0.05409056235837363, 0.17490402396287258],
    ];
    const spill = ok(driversCi(columnOf(mtcars, "mpg"), columnsOf(mtcars, ["cyl", "disp", "hp", "gear"]), "rw", 0.9, 500, 7));
    spill.forEach((row, j) => row.forEach((v, k) => expect(Math.abs((v as number) - expected[j][k])).toBeLessThan(1e-12)));
  });

  it("takes its percentiles as Excel's PERCENTILE.INC does (type 7): PERCENTILE.INC({1,2,3,4}, 0.3) is 1.9", () => {
    expect(quantileSorted(Float64Array.from([1, 2, 3, 4]), 0.3)).toBeCloseTo(1.9, 15);
    expect(quantileSorted(Float64Array.from([1, 2, 3, 4]), 1)).toBe(4);
    expect(quantileSorted(Float64Array.from([5]), 0.025)).toBe(5);
  });
});
