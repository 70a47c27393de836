/**
 * A portable-mode scorecard written by the CLI, opened in LibreOffice (headless, recalculating
 * every formula on load, private profile): every KPI value it computes (overall, per segment,
 * per period) equals what the src/kpi functions compute on the same data, within 1e-9; every
 * other formula cell agrees with the value the planner cached; and the conditional formats read
 * back with exceljs compare with the threshold cells of their row.
 */
import { join } from "node:path";
import type ExcelJS from "exceljs";
import { ces, cis, csat, engagement, fcr, kpiMeta, nps, readNumber, revenuePerCustomer, sentimentOf } from "../../src/kpi";
import { disposeLibreOffice, libreOfficeAvailable, recalculate, type CellValue } from "../helpers/libreoffice";
import { readWorkbook, runCli, surveyFixture, tempDir, toCore, writeCsv, type Fixture } from "./helpers";

const describeLO = libreOfficeAvailable() ? describe : describe.skip;

type Expect = (rows: readonly unknown[][]) => number | null;

function num(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

describeLO("portable scorecard recalculated by LibreOffice", () => {
  let tmp: { dir: string; cleanup: () => void };
  let fixture: Fixture;
  let sheet: CellValue[][];
  let wb: ExcelJS.Workbook;
  let coreRows: unknown[][];

  const col = (h: string) => fixture.headers.indexOf(h);
  const values = (rows: readonly unknown[][], h: string) => [rows.map((r) => r[col(h)])];
  const kpis: [string, Expect][] = [
    ["(NPS)", (rows) => nps(values(rows, "How likely are you to recommend us? (0-10)")) as number],
    ["(CSAT)", (rows) => csat(values(rows, "Overall satisfaction (1-5)")) as number],
    ["(CES)", (rows) => ces(values(rows, "The company made it easy to handle my issue (1-7)")) as number],
    ["(FCR)", (rows) => fcr(values(rows, "Issue resolved on first contact?")) as number],
    ["Revenue per customer", (rows) => {
      const v = values(rows, "Order value");
      return revenuePerCustomer(v, v[0].filter((x) => num(readNumber(x))).length) as number;
    }],
    ["Customer engagement", (rows) => engagement(rows.map((r) => [r[col("Logins")], r[col("Downloads")]])) as number],
    ["CIS", (rows) => cis(rows.map((r) => [r[col("Referral impact")], r[col("Upsell impact")]])) as number],
    ["Sentiment (compound)", (rows) => {
      const texts = rows.map((r) => r[col("Comment")]).filter((t): t is string => typeof t === "string" && t.trim() !== "");
      return texts.reduce((k, t) => k + sentimentOf(t), 0) / texts.length;
    }],
  ];

  beforeAll(async () => {
    tmp = tempDir("kpi-lo-");
    fixture = surveyFixture(360, 3);
    coreRows = fixture.rows.map((r) => r.map(toCore));
    const csvPath = writeCsv(join(tmp.dir, "survey.csv"), fixture);
    const out = join(tmp.dir, "portable.xlsx");
    const r = await runCli([
      csvPath, "--engagement", "Logins", "--engagement", "Downloads", "--impact", "Referral impact", "--impact", "Upsell impact",
      "--customers-start", "1000", "--customers-lost", "30", "--customers-end", "1040", "--new-customers", "90",
      "--avg-purchase-value", "80", "--purchases-per-year", "3", "--lifespan-years", "4",
      "--target", "CLV=1000", "--target", "NPS=20", "-o", out,
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const started = Date.now();
    sheet = (await recalculate(out))["KPI Scorecard"];
    console.log(`LibreOffice recalculation: ${Date.now() - started} ms`);
    wb = await readWorkbook(out);
  }, 240_000);

  afterAll(async () => {
    await disposeLibreOffice();
    tmp?.cleanup();
  });

  const rowOf = (fragment: string, from = 0): number => {
    for (let r = from; r < sheet.length; r++) if (typeof sheet[r][0] === "string" && (sheet[r][0] as string).includes(fragment)) return r;
    throw new Error(`no row with ${fragment}`);
  };

  it("finds every KPI value equal to the KPI functions on the same data", () => {
    for (const [fragment, expected] of kpis) {
      const got = sheet[rowOf(fragment)][1];
      expect(num(got)).toBe(true);
      expect(Math.abs((got as number) - (expected(coreRows) as number))).toBeLessThan(1e-9);
    }
  });

  /** A panel's labels (the segments of "By Region", the months of "Trend by month") with their sheet columns and header rows, across its panels. */
  const panelLabels = (heading: string, label: (h: unknown) => boolean) =>
    sheet.flatMap((row, r) => (typeof row[0] === "string" && row[0].startsWith(heading) ? row.map((h, c) => ({ h, c, r })).filter((x) => x.c > 0 && label(x.h)) : []));

  it("finds every segment value equal to the KPI functions on that segment's rows", () => {
    const segments = panelLabels("By Region", (h) => typeof h === "string" && h !== "n" && h !== "");
    expect(segments.map((s) => s.h)).toEqual(["East", "North", "South", "West"]);
    for (const { h, c, r: header } of segments) {
      const label = h as string;
      const rows = coreRows.filter((r) => String(r[col("Region")]).trim().toLowerCase() === label.toLowerCase());
      for (const [fragment, expected] of kpis) {
        const got = sheet[rowOf(fragment, header + 1)][c];
        expect({ fragment, label, diff: Math.abs((got as number) - (expected(rows) as number)) < 1e-9 }).toEqual({ fragment, label, diff: true });
      }
    }
  });

  it("finds every trend value equal to the KPI functions on that month's rows", () => {
    const periods = panelLabels("Trend by month", (h) => typeof h === "string" && /^\d{4}-\d{2}$/.test(h));
    expect(periods.length).toBeGreaterThan(20);
    for (const [fragment, expected] of kpis) {
      for (const { h, c, r: header } of periods) {
        const [y, m] = String(h).split("-").map(Number);
        const start = Date.UTC(y, m - 1, 1) / 86_400_000 + 25569;
        const end = Date.UTC(y, m, 1) / 86_400_000 + 25569;
        const rows = coreRows.filter((row) => {
          const d = row[col("Response date")];
          return num(d) && d >= start && d < end;
        });
        const want = expected(rows);
        const got = sheet[rowOf(fragment, header + 1)][c];
        if (!num(want)) continue;
        expect({ fragment, p: h, ok: Math.abs((got as number) - want) < 1e-9 }).toEqual({ fragment, p: h, ok: true });
      }
    }
  });

  it("agrees with every value the planner cached in the file", () => {
    const ws = wb.getWorksheet("KPI Scorecard") as ExcelJS.Worksheet;
    let checked = 0;
    ws.eachRow((row, r) => row.eachCell((cell, c) => {
      const v = cell.value;
      if (typeof v !== "object" || v === null || !("formula" in v)) return;
      const cachedValue = (v as ExcelJS.CellFormulaValue).result;
      const lo = sheet[r - 1]?.[c - 1] ?? null;
      if (num(cachedValue)) {
        expect({ at: cell.address, ok: num(lo) && Math.abs(lo - cachedValue) <= 1e-9 * Math.max(1, Math.abs(cachedValue)) }).toEqual({ at: cell.address, ok: true });
      } else if (typeof cachedValue === "string") {
        expect({ at: cell.address, v: lo ?? "" }).toEqual({ at: cell.address, v: cachedValue });
      }
      checked++;
    }));
    expect(checked).toBeGreaterThan(100);
  });

  it("recalculates the CPI's conservative interval to its cached values, overall and per month, each around its index", () => {
    const ws = wb.getWorksheet("KPI Scorecard") as ExcelJS.Worksheet;
    const index = rowOf("Customer Performance Index (CPI)", rowOf("How the CPI is made"));
    const [low, high] = [rowOf("Conservative low", index), rowOf("Conservative high", index)];
    let compared = 0;
    for (let c = 4; c < sheet[index].length; c++) {
      if (!num(sheet[low][c])) continue;
      const cachedOf = (r: number) => (ws.getCell(r + 1, c + 1).value as ExcelJS.CellFormulaValue).result;
      expect([c, sheet[low][c], sheet[high][c]]).toEqual([c, expect.closeTo(cachedOf(low) as number, 9), expect.closeTo(cachedOf(high) as number, 9)]);
      expect((sheet[low][c] as number) <= (sheet[index][c] as number) && (sheet[index][c] as number) <= (sheet[high][c] as number)).toBe(true);
      compared++;
    }
    // Overall and every month (4 months of answers in the fixture).
    expect(compared).toBeGreaterThanOrEqual(2);
  });

  it("bands with rules that read the Green at / Amber at cells of the row, which hold the thresholds", () => {
    const ws = wb.getWorksheet("KPI Scorecard") as ExcelJS.Worksheet & { conditionalFormattings: { ref: string; rules: { type: string; formulae: string[] }[] }[] };
    const header = sheet.find((row) => row[0] === "KPI") ?? [];
    const greenCol = header.indexOf("Green at");
    const amberCol = header.indexOf("Amber at");
    const letter = (c: number) => String.fromCharCode(65 + c);
    const npsRow = rowOf("(NPS)");
    const nps = kpiMeta("NPS");
    expect(sheet[npsRow][greenCol]).toBe(nps?.bands.kind === "fixed" ? nps.bands.green : null);
    expect(sheet[npsRow][amberCol]).toBe(nps?.bands.kind === "fixed" ? nps.bands.amber : null);
    const valueRule = ws.conditionalFormattings.find((cf) => cf.ref === `B${npsRow + 1}`);
    expect(valueRule?.rules.map((r) => r.type)).toEqual(["expression", "expression", "expression", "expression"]);
    for (const rule of valueRule?.rules.slice(1) ?? []) {
      expect(rule.formulae[0]).toContain(`$${letter(greenCol)}$${npsRow + 1}`);
      expect(rule.formulae[0]).toContain(`$${letter(amberCol)}$${npsRow + 1}`);
    }
    // Every rule reads its KPI row's threshold cells, which hold numbers, unless the KPI's bands
    // follow a target that was not given (revenue per customer here): then the row says so.
    // The notes under the KPI table (column A, after its "Notes" heading).
    const notes = sheet.slice(rowOf("Notes") + 1).map((row) => String(row[0] ?? "")).join(" ");
    let numeric = 0;
    for (const cf of ws.conditionalFormattings) {
      for (const rule of cf.rules) {
        // The neutral rule reads n and the minimum n; the mark rule its mark cell.
        if (!rule.formulae[0].includes(`$${letter(greenCol)}`)) continue;
        const m = new RegExp(`\\$${letter(greenCol)}\\$?(\\d+)`).exec(rule.formulae[0]);
        expect(m).not.toBeNull();
        const row = sheet[Number(m?.[1]) - 1];
        if (num(row[greenCol])) numeric++;
        else {
          // Its note names it and says why it is not banded.
          const note = notes.slice(notes.indexOf(`${String(row[0])}:`));
          expect(note.startsWith(`${String(row[0])}:`) && /set a target/.test(note)).toBe(true);
        }
      }
    }
    expect(numeric).toBeGreaterThan(30);
  });
});
