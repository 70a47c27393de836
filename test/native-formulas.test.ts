/**
 * Issue 2, item 3: every native Excel formula that a KPI module generates, evaluated by
 * LibreOffice (headless, recalculating on load) on the same data as the KPI function, gives
 * the same value within 1e-9. Formulas are written as single-cell array formulas, as the
 * scorecard writers write them.
 */
import ExcelJS from "exceljs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ces, cesFormula, churn, churnFormula, cii, ciiFormula, cis, cisFormula, clv, clvFormula, clvMargin,
  clvMarginFormula, countNumeric, csat, csatFormula, engagement, engagementFormula, fcr, fcrCountFormula, fcrFormula,
  isKpiError, npsCounts, readFlag, readNumber, npsFormula, npsMoe, npsMoeFormula, nps, progress, progressFormula, retention, retentionFormula,
  revenuePerCustomer, revenuePerCustomerFormula, rowsWithNumbersFormula, sumNumeric, type Result,
} from "../src/kpi";
import { readingTest } from "../src/kpi/native";
import { mulberry32 } from "../scripts/random.cjs";
import { type CellValue, disposeLibreOffice, libreOfficeAvailable, recalculate } from "./helpers/libreoffice";

const ROWS = 240;


const rand = mulberry32(20261122);
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

/** Survey-like cells: mostly numbers, some numeric text, blanks and "N/A". */
function scaleColumn(lo: number, hi: number): (number | string | null)[] {
  return Array.from({ length: ROWS }, () => {
    const r = rand();
    if (r < 0.05) return null;
    if (r < 0.08) return "N/A";
    if (r < 0.13) return ` ${int(lo, hi)} `;
    return int(lo, hi);
  });
}

const data = {
  nps: scaleColumn(0, 10),
  csat: scaleColumn(1, 5),
  ces: scaleColumn(1, 7),
  fcr: Array.from({ length: ROWS }, () => {
    const r = rand();
    return r < 0.05 ? null : r < 0.08 ? "unknown" : (["yes", "no", "Y", "n", "YES", 1, 0, "TRUE", "\tyes", "no\u00a0", " y "] as const)[int(0, 10)];
  }),
  region: Array.from({ length: ROWS }, () => (["North", "South", " East", "west"] as const)[int(0, 3)]),
  logins: scaleColumn(0, 40),
  tickets: scaleColumn(0, 9),
  revenue: Array.from({ length: ROWS }, () => (rand() < 0.07 ? null : rand() < 0.05 ? "n/a" : Math.round(rand() * 50000) / 100)),
};
type Column = keyof typeof data;
type Table = Record<Column, readonly unknown[]>;
const columns = Object.keys(data) as Column[];
const letter = (k: Column) => String.fromCharCode(65 + columns.indexOf(k));
const grid = (cells: readonly unknown[]) => cells.map((c) => [c]);

/**
 * The same data with numbers only (text left out, the segment column kept): the formulas then
 * take their arithmetic branch (native.ts, byReading), which must give the same values.
 */
const numbersOnly: Table = { ...data };
for (const k of columns) if (k !== "region") numbersOnly[k] = data[k].map((c) => (typeof c === "number" ? c : null));

const inputs = { start: 1000, lost: 50, end: 1020, added: 70, apv: 100, ppy: 4, life: 5, margin: 0.3, m: 150, r: 0.55, d: 0.1, ac: 100, inter: 460, proj: 6, base: 60, target: 65, now: 62 };
const inputKeys = Object.keys(inputs) as (keyof typeof inputs)[];
const cell = (k: keyof typeof inputs) => `Inputs!$B$${inputKeys.indexOf(k) + 1}`;

function value<T>(r: Result<T>): T {
  if (isKpiError(r)) throw new Error(`expected a value, got ${r.toString()}`);
  return r;
}

/** [name, formula, expected value from the KPI function] for the data on `sheet`. */
function casesOf(sheet: string, d: Table): [string, string, number][] {
  const ref = (k: Column) => `${sheet}!$${letter(k)}$2:$${letter(k)}$${ROWS + 1}`;
  const mask = `TRIM(${ref("region")})="north"`;
  const masked = (k: Column) => `IF(${mask},${ref(k)},"")`;
  const isNorth = (i: number) => String(d.region[i]).trim().toLowerCase() === "north";
  const north = (k: Column) => d[k].filter((_, i) => isNorth(i));
  const rowsOf = (...ks: Column[]) => Array.from({ length: ROWS }, (_, i) => ks.map((k) => d[k][i]));
  const northRows = (...ks: Column[]) => rowsOf(...ks).filter((_, i) => isNorth(i));
  const countReadable = (cells: readonly unknown[]) => cells.filter((c) => typeof readNumber(c) === "number").length;
  const flag = (c: unknown) => typeof readFlag(c) === "boolean";
  const numbersAndBlanks = (k: Column) => (d[k].every((c) => c === null || typeof c === "number") ? 1 : 0);
  return [
    ["the test for a column of numbers and blanks on NPS", `--(${readingTest(ref("nps"))})`, numbersAndBlanks("nps")],
    ["the test for a column of numbers and blanks on FCR", `--(${readingTest(ref("fcr"))})`, numbersAndBlanks("fcr")],
    ["NPS", npsFormula(ref("nps")), value(nps(grid(d.nps)))],
    ["NPS with other thresholds", npsFormula(ref("nps"), 8, 5), value(nps(grid(d.nps), 8, 5))],
    ["NPS margin of error at 95 %", npsMoeFormula(ref("nps")), value(npsMoe(grid(d.nps)))],
    ["NPS margin of error at 90 %", npsMoeFormula(ref("nps"), 0.9), value(npsMoe(grid(d.nps), 0.9))],
    ["the count of numeric responses", countNumeric(ref("nps")), value(npsCounts(grid(d.nps))).n],
    ["CSAT", csatFormula(ref("csat")), value(csat(grid(d.csat)))],
    ["CSAT top box only", csatFormula(ref("csat"), 5, 5), value(csat(grid(d.csat), 5, 5))],
    ["CES", cesFormula(ref("ces")), value(ces(grid(d.ces)))],
    ["FCR from flags", fcrFormula(ref("fcr")), value(fcr(grid(d.fcr)))],
    ["the count of FCR flags", fcrCountFormula(ref("fcr")), d.fcr.filter(flag).length],
    ["CHURN", churnFormula(cell("start"), cell("lost")), value(churn(inputs.start, inputs.lost))],
    ["CHURN compounded over 12 periods", churnFormula(cell("start"), cell("lost"), 12), value(churn(inputs.start, inputs.lost, 12))],
    ["RETENTION", retentionFormula(cell("start"), cell("end"), cell("added")), value(retention(inputs.start, inputs.end, inputs.added))],
    ["CLV", clvFormula(cell("apv"), cell("ppy"), cell("life")), value(clv(inputs.apv, inputs.ppy, inputs.life))],
    ["CLV with margin", clvFormula(cell("apv"), cell("ppy"), cell("life"), cell("margin")), value(clv(inputs.apv, inputs.ppy, inputs.life, inputs.margin))],
    ["CLV.MARGIN", clvMarginFormula(cell("m"), cell("r"), cell("d"), cell("ac")), value(clvMargin(inputs.m, inputs.r, inputs.d, inputs.ac))],
    ["CII", ciiFormula(cell("inter"), cell("proj")), value(cii(inputs.inter, inputs.proj))],
    ["PROGRESS", progressFormula(cell("base"), cell("now"), cell("target")), value(progress(inputs.base, inputs.now, inputs.target))],
    [
      "CIS over two columns with the customers counted",
      `(${[ref("logins"), ref("tickets")].map((r) => sumNumeric(r)).join("+")})/${rowsWithNumbersFormula([ref("logins"), ref("tickets")])}`,
      value(cis(rowsOf("logins", "tickets"))),
    ],
    ["CIS with a given customer count", cisFormula(ref("logins"), 200), value(cis(grid(d.logins), 200))],
    ["ENGAGEMENT with weights", engagementFormula([ref("logins"), ref("tickets")], [1, 3], rowsWithNumbersFormula([ref("logins"), ref("tickets")])), value(engagement(rowsOf("logins", "tickets"), [[1, 3]]))],
    ["ENGAGEMENT with a given customer count", engagementFormula([ref("logins"), ref("tickets")], null, 250), value(engagement(rowsOf("logins", "tickets"), null, 250))],
    ["the customers holding a number", rowsWithNumbersFormula([ref("logins"), ref("tickets")]), rowsOf("logins", "tickets").filter((r) => r.some((c) => typeof readNumber(c) === "number")).length],
    ["REVENUEPERCUSTOMER", revenuePerCustomerFormula(ref("revenue"), 300), value(revenuePerCustomer(grid(d.revenue), 300))],
    ["NPS of one segment", npsFormula(masked("nps")), value(nps(grid(north("nps"))))],
    ["CSAT of one segment", csatFormula(masked("csat")), value(csat(grid(north("csat"))))],
    ["CES of one segment", cesFormula(masked("ces")), value(ces(grid(north("ces"))))],
    ["FCR of one segment", fcrFormula(masked("fcr")), value(fcr(grid(north("fcr"))))],
    ["REVENUEPERCUSTOMER of one segment", revenuePerCustomerFormula(masked("revenue"), countNumeric(masked("revenue"))), value(revenuePerCustomer(grid(north("revenue")), countReadable(north("revenue"))))],
    ["ENGAGEMENT of one segment", engagementFormula([masked("logins"), masked("tickets")], null, rowsWithNumbersFormula([masked("logins"), masked("tickets")])), value(engagement(northRows("logins", "tickets")))],
  ];
}

const cases: [string, string, number][] = [
  ...casesOf("Data", data),
  ...casesOf("Numbers", numbersOnly).map(([name, formula, v]): [string, string, number] => [`${name}, numbers only`, formula, v]),
];

const run = libreOfficeAvailable() ? describe : describe.skip;
if (!libreOfficeAvailable() && process.env.CI) throw new Error("LibreOffice (soffice) is required in CI for the native formula test");

run("native Excel formulas, recalculated by LibreOffice", () => {
  let computed: CellValue[][] = [];
  const dir = mkdtempSync(join(tmpdir(), "kpi-native-"));

  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Data");
    ws.addRow(columns);
    for (let i = 0; i < ROWS; i++) ws.addRow(columns.map((k) => data[k][i]));
    const numbers = wb.addWorksheet("Numbers");
    numbers.addRow(columns);
    for (let i = 0; i < ROWS; i++) numbers.addRow(columns.map((k) => numbersOnly[k][i]));
    const inp = wb.addWorksheet("Inputs");
    inputKeys.forEach((k) => inp.addRow([k, inputs[k]]));
    const out = wb.addWorksheet("Formulas");
    cases.forEach(([, formula], i) => {
      const address = `A${i + 1}`;
      out.getCell(address).value = { formula, shareType: "array", ref: address, result: 0 } as unknown as ExcelJS.CellValue;
    });
    const path = join(dir, "native.xlsx");
    await wb.xlsx.writeFile(path);
    computed = (await recalculate(path)).Formulas;
  }, 180_000);

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await disposeLibreOffice();
  });

  it.each(cases.map((c, i) => [c[0], i] as const))("gives the value of the KPI function for %s", (_name, i) => {
    const got = computed[i]?.[0];
    expect(typeof got).toBe("number");
    expect(Math.abs((got as number) - cases[i][2])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(cases[i][2])));
  });

  it("never references a whole column", () => {
    for (const [, formula] of cases) expect(formula).not.toMatch(/\$?[A-Z]{1,3}:\$?[A-Z]{1,3}(?![$0-9])/);
  });
});
