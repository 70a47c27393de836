/**
 * The native formulas of the pooled tests (nativeStats.ts: pooledTPFormula, npsPooledPFormula),
 * recalculated by LibreOffice over cells holding each group's statistics, give the p-values of
 * the core (stats.ts pooledTP, nps.ts npsDiffP), edge cases included: no spread with equal means
 * (1), no spread with different means (no statistic: ""), a group of one, one category for all.
 */
import { isKpiError, npsDiffP, pooledTP, type Result } from "../../src/kpi";
import { npsPooledPFormula, pooledTPFormula } from "../../src/kpi/nativeStats";
import { type CellInput, type CellValue, disposeLibreOffice, evaluateWithLibreOffice, libreOfficeAvailable } from "../helpers/libreoffice";

const TIMEOUT = 180_000;
const describeLO = libreOfficeAvailable() || process.env.CI ? describe : describe.skip;

/** n, sum, sum of squares of a list of scores. */
const moments = (xs: readonly number[]): [number, number, number] => [xs.length, xs.reduce((s, x) => s + x, 0), xs.reduce((s, x) => s + x * x, 0)];
const repeat = (x: number, k: number) => Array<number>(k).fill(x);

const MEANS: [string, number[], number[]][] = [
  ["the spec's example", [7, 6, 5, 4, 6, 7, 5], [3, 4, 5, 4, 2]],
  ["a group of identical answers beside a rest with spread", repeat(7, 30), [...repeat(7, 80), ...repeat(6, 20)]],
  ["two groups of one same answer", [7, 7, 7], [7, 7]],
  ["two groups without spread and different answers", [5, 5], [3, 3, 3]],
  ["a group of one", [2], [5, 6, 7]],
  ["two groups of one, equal", [4], [4]],
  ["long-tailed amounts", [12.5, 300.25, 7.1, 88, 1500.75], [40, 41.5, 39, 1200, 35.25, 60, 22]],
];

const NPS: [string, [number, number, number], [number, number, number]][] = [
  ["30 promoters against a rest of 85 % promoters (spec)", [30, 30, 0], [1500, 1275, 45]],
  ["every answer a promoter in both", [3, 3, 0], [2, 2, 0]],
  ["every answer a passive in both", [1, 0, 0], [3, 0, 0]],
  ["all promoters against all detractors", [2, 2, 0], [2, 0, 2]],
  ["two typical groups", [400, 160, 100], [380, 140, 110]],
];

const expected = (r: Result<number>): number | "" => (isKpiError(r) ? "" : r);

describeLO("the pooled tests' native formulas, recalculated by LibreOffice", () => {
  let sheet: CellValue[][];

  beforeAll(async () => {
    const rows: CellInput[][] = [
      ...MEANS.map(([, a, b]) => {
        const [na, sa, qa] = moments(a);
        const [nb, sb, qb] = moments(b);
        return [na, sa, qa, nb, sb, qb, { formula: pooledTPFormula(["A{r}", "B{r}", "C{r}"], ["D{r}", "E{r}", "F{r}"]) }];
      }),
      ...NPS.map(([, a, b]) => [...a, ...b, { formula: npsPooledPFormula(["A{r}", "B{r}", "C{r}"], ["D{r}", "E{r}", "F{r}"]) }]),
    ].map((row, k) => row.map((c) => (typeof c === "object" && c !== null ? { formula: c.formula.replaceAll("{r}", String(k + 1)) } : c)));
    sheet = (await evaluateWithLibreOffice({ Tests: rows })).Tests;
  }, TIMEOUT);

  afterAll(() => disposeLibreOffice(), TIMEOUT);

  it.each(MEANS.map(([name, a, b], k) => [name, a, b, k] as const))("gives the core's pooled t-test p for %s", (_name, a, b, k) => {
    const want = expected(pooledTP(...moments(a), ...moments(b)));
    const got = sheet[k][6];
    if (want === "") expect(got === "" || got === null).toBe(true);
    else expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, want));
  });

  it.each(NPS.map(([name, a, b], k) => [name, a, b, MEANS.length + k] as const))("gives the core's pooled NPS p for %s", (_name, a, b, k) => {
    const want = expected(npsDiffP({ n: a[0], promoters: a[1], detractors: a[2] }, { n: b[0], promoters: b[1], detractors: b[2] }));
    expect(Math.abs((sheet[k][6] as number) - (want as number))).toBeLessThanOrEqual(1e-9);
  });
});
