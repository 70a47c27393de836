import { cxindex, isKpiError, SAMPLE_KPIS } from "../../src/kpi";
import { complaintsOf, meta, sample } from "../../src/kpi/complaints";
import { sample as cxSample } from "../../src/kpi/cxindex";
import { pooledTP, twoProportionP, wilsonInterval } from "../../src/kpi/stats";

/** Runs cells (one per row) through a sample model's add and returns the statistics and the first error. */
function count(model: ReturnType<typeof sample.configure>, rows: unknown[][]) {
  const acc = new Array<number>(model.statistics.length).fill(0);
  let error: string | null = null;
  for (const row of rows) {
    const e = model.add(acc, row);
    if (e && error === null) error = e.message;
  }
  return { acc, error };
}

describe("the complaint rate", () => {
  const model = sample.configure([{ header: "Complained?", weight: 1 }], {});

  it("is lower-is-better, banded green at 2 % and amber at 5 %, from the complaints column role", () => {
    expect(meta.direction).toBe("lower");
    expect(meta.bands).toMatchObject({ kind: "fixed", green: 0.02, amber: 0.05 });
    expect(SAMPLE_KPIS).toContain(sample);
    expect(sample.role).toBe("complaints");
  });

  it("reads yes/no flags as one complaint or none, and the rate is the share who complained", () => {
    const { acc } = count(model, [["yes"], ["no"], ["NO"], [false], [" "], ["n/a"], [true], ["y"]]);
    // n, complaints, their squares and cubes (a flag is its own square and cube), no bad cell.
    expect(acc).toEqual([6, 3, 3, 3, 0]);
    expect(model.value(acc, true)).toBe(0.5);
    expect(model.interval(acc, 0.95, true)).toEqual(wilsonInterval(3, 6, 0.95));
  });

  it("reads counts as complaints per customer, which may pass 100 %", () => {
    const { acc } = count(model, [[0], [2], ["3"], [0]]);
    expect(acc).toEqual([4, 5, 13, 35, 0]);
    expect(model.value(acc, true)).toBe(1.25);
    // Counts above 1: the t interval of the mean per row, never below 0.
    const [low, high] = model.interval(acc, 0.95, true) ?? [NaN, NaN];
    expect(low).toBe(0);
    expect(high).toBeGreaterThan(1.25);
  });

  it("refuses a negative or fractional count, naming it", () => {
    const { acc, error } = count(model, [[1], [-1], [0.5]]);
    expect(acc[4]).toBe(2);
    expect(error).toMatch(/complaint count -1 at row 1, column 1 is no count/);
    expect(complaintsOf("maybe")).toBeNull();
    expect(complaintsOf(null)).toBeNull();
  });

  it("tests two groups of flags with the two-proportion test and groups of counts with the pooled t-test", () => {
    const flags = (yes: number, no: number) => count(model, [...Array<unknown[]>(yes).fill(["yes"]), ...Array<unknown[]>(no).fill(["no"])]).acc;
    expect(model.pValue(flags(10, 90), flags(30, 70))).toBe(twoProportionP(10, 100, 30, 100));
    const counts = count(model, [[0], [3], [1], [0]]).acc;
    const other = count(model, [[0], [0], [1], [0], [2]]).acc;
    expect(model.pValue(counts, other)).toBe(pooledTP(4, 4, 10, 5, 3, 5));
  });

  it("has no add-in function: its live formula is its native one", () => {
    const live = model.liveFormula(["'Data'!$B$2:$B$9"], null, true, {});
    expect(live).not.toMatch(/KPI\./);
    expect(live).toMatch(/SUMPRODUCT/);
  });
});

describe("the CX index of a question battery as statistics", () => {
  const questions = ["Staff were friendly", "Prices are fair", "Delivery was on time"].map((header) => ({ header, weight: 1 }));
  const model = cxSample.configure(questions, {});
  const rows = [[5, 1, 4], [4, 2, null], [3, 5, 2], [2, null, 5], [null, null, null], [1, 4, "n/a"]];

  it("gives the value KPI.CXINDEX gives over the same rows, with the respondents as n", () => {
    const { acc, error } = count(model, rows);
    expect(error).toBeNull();
    expect(acc[0]).toBe(5);
    expect(model.value(acc, true)).toBeCloseTo(cxindex(rows) as number, 12);
    expect(cxSample.combine).toBe("all");
  });

  it("makes an answer off the 1..5 scale the function's error", () => {
    const { error } = count(model, [[5, 6, 1]]);
    expect(error).toMatch(/answer 6 at row 1, column 2 is outside the scale/);
    expect(isKpiError(cxindex([[5, 6, 1]]))).toBe(true);
  });

  it("reads adjacent columns as one range in its live formula, and has none for others (no HSTACK before Excel 2024)", () => {
    expect(model.liveFormula(["'Data'!$D$2:$D$9", "'Data'!$E$2:$E$9", "'Data'!$F$2:$F$9"], null, true, {})).toBe("KPI.CXINDEX('Data'!$D$2:$F$9)");
    expect(model.liveFormula(["'Data'!$D$2:$D$9", "'Data'!$F$2:$F$9", "'Data'!$G$2:$G$9"], null, true, {})).toBeNull();
  });
});
