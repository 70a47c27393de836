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
  isKpiError, npsCounts, readNumber, npsFormula, npsMoe, npsMoeFormula, nps, progress, progressFormula, retention, retentionFormula,
  revenuePerCustomer, revenuePerCustomerFormula, rowsWithNumbersFormula, sumNumeric, type Result,
} from "../src/kpi";
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
    return r < 0.05 ? null : r < 0.08 ? "unknown" : (["yes", "no", "Y", "n", "YES", 1, 0, "TRUE"] as const)[int(0, 7)];
  }),
  region: Array.from({ length: ROWS }, () => (["North", "South", " East", "west"] as const)[int(0, 3)]),
  logins: scaleColumn(0, 40),
  tickets: scaleColumn(0, 9),
  revenue: Array.from({ length: ROWS }, () => (rand() < 0.07 ? null : rand() < 0.05 ? "n/a" : Math.round(rand() * 50000) / 100)),
};
const columns = Object.keys(data) as (keyof typeof data)[];
const letter = (k: keyof typeof data) => String.fromCharCode(65 + columns.indexOf(k));
const ref = (k: keyof typeof data) => `Data!$${letter(k)}$2:$${letter(k)}$${ROWS + 1}`;
const mask = `TRIM(${ref("region")})="north"`;
const masked = (k: keyof typeof data) => `IF(${mask},${ref(k)},"")`;
const north = (k: keyof typeof data) => data[k].filter((_, i) => data.region[i].trim().toLowerCase() === "north");
const grid = (cells: unknown[]) => cells.map((c) => [c]);
const rowsOf = (...ks: (keyof typeof data)[]) => Array.from({ length: ROWS }, (_, i) => ks.map((k) => data[k][i]));
const northRows = (...ks: (keyof typeof data)[]) => rowsOf(...ks).filter((_, i) => data.region[i].trim().toLowerCase() === "north");

const inputs = { start: 1000, lost: 50, end: 1020, added: 70, apv: 100, ppy: 4, life: 5, margin: 0.3, m: 150, r: 0.55, d: 0.1, ac: 100, inter: 460, proj: 6, base: 60, target: 65, now: 62 };
const inputKeys = Object.keys(inputs) as (keyof typeof inputs)[];
const cell = (k: keyof typeof inputs) => `Inputs!$B$${inputKeys.indexOf(k) + 1}`;

function value<T>(r: Result<T>): T {
  if (isKpiError(r)) throw new Error(`expected a value, got ${r.toString()}`);
  return r;
}

const countReadable = (cells: unknown[]) => cells.filter((c) => typeof readNumber(c) === "number").length;

/** [name, formula, expected value from the KPI function]. */
const cases: [string, string, number][] = [
  ["NPS", npsFormula(ref("nps")), value(nps(grid(data.nps)))],
  ["NPS with other thresholds", npsFormula(ref("nps"), 8, 5), value(nps(grid(data.nps), 8, 5))],
  ["NPS margin of error at 95 %", npsMoeFormula(ref("nps")), value(npsMoe(grid(data.nps)))],
  ["NPS margin of error at 90 %", npsMoeFormula(ref("nps"), 0.9), value(npsMoe(grid(data.nps), 0.9))],
  ["the count of numeric responses", countNumeric(ref("nps")), value(npsCounts(grid(data.nps))).n],
  ["CSAT", csatFormula(ref("csat")), value(csat(grid(data.csat)))],
  ["CSAT top box only", csatFormula(ref("csat"), 5, 5), value(csat(grid(data.csat), 5, 5))],
  ["CES", cesFormula(ref("ces")), value(ces(grid(data.ces)))],
  ["FCR from flags", fcrFormula(ref("fcr")), value(fcr(grid(data.fcr)))],
  ["the count of FCR flags", fcrCountFormula(ref("fcr")), data.fcr.filter((c) => c !== null && c !== "unknown").length],
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
  ["CIS with a given customer count", cisFormula(ref("logins"), 200), value(cis(grid(data.logins), 200))],
  ["ENGAGEMENT with weights", engagementFormula([ref("logins"), ref("tickets")], [1, 3], rowsWithNumbersFormula([ref("logins"), ref("tickets")])), value(engagement(rowsOf("logins", "tickets"), [[1, 3]]))],
  ["ENGAGEMENT with a given customer count", engagementFormula([ref("logins"), ref("tickets")], null, 250), value(engagement(rowsOf("logins", "tickets"), null, 250))],
  ["the customers holding a number", rowsWithNumbersFormula([ref("logins"), ref("tickets")]), rowsOf("logins", "tickets").filter((r) => r.some((c) => c !== null && c !== "N/A")).length],
  ["REVENUEPERCUSTOMER", revenuePerCustomerFormula(ref("revenue"), 300), value(revenuePerCustomer(grid(data.revenue), 300))],
  ["NPS of one segment", npsFormula(masked("nps")), value(nps(grid(north("nps"))))],
  ["CSAT of one segment", csatFormula(masked("csat")), value(csat(grid(north("csat"))))],
  ["CES of one segment", cesFormula(masked("ces")), value(ces(grid(north("ces"))))],
  ["FCR of one segment", fcrFormula(masked("fcr")), value(fcr(grid(north("fcr"))))],
  ["REVENUEPERCUSTOMER of one segment", revenuePerCustomerFormula(masked("revenue"), countNumeric(masked("revenue"))), value(revenuePerCustomer(grid(north("revenue")), countReadable(north("revenue"))))],
  ["ENGAGEMENT of one segment", engagementFormula([masked("logins"), masked("tickets")], null, rowsWithNumbersFormula([masked("logins"), masked("tickets")])), value(engagement(northRows("logins", "tickets")))],
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
