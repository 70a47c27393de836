/**
 * kpi-scorecard run as a process (node bin/kpi-scorecard.js) on fixture files in a temp folder.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type ExcelJS from "exceljs";
import JSZip from "jszip";
import { ces, churn, cii, cis, clv, clvMargin, csat, engagement, fcr, nps, retention, revenuePerCustomer } from "../../src/kpi";
import { formatValue } from "../../src/cli/summary";
import {
  column, ensureBuilt, readWorkbook, runCli, storedSpec, summaryRows, surveyFixture, tempDir, toCore, writeCsv, writeXlsx,
  type Fixture,
} from "./helpers";

const NPS_H = "How likely are you to recommend us? (0-10)";
const CSAT_H = "Overall satisfaction (1-5)";
const CES_H = "The company made it easy to handle my issue (1-7)";
const FCR_H = "Issue resolved on first contact?";
const REV_H = "Order value";

let tmp: { dir: string; cleanup: () => void };
let fixture: Fixture;
let csvPath: string;

beforeAll(() => {
  ensureBuilt();
  tmp = tempDir();
  fixture = surveyFixture(400, 7);
  csvPath = writeCsv(join(tmp.dir, "survey.csv"), fixture);
});
afterAll(() => tmp.cleanup());

const out = (name: string) => join(tmp.dir, name);

/** KPI values cached in the scorecard sheet: title in column A -> the value cell (column B). */
function sheetValues(wb: ExcelJS.Workbook): Map<string, unknown> {
  const ws = wb.getWorksheet("KPI Scorecard");
  if (!ws) throw new Error("no scorecard sheet");
  const map = new Map<string, unknown>();
  for (let r = 6; r <= 40; r++) {
    const title = ws.getCell(r, 1).value;
    if (typeof title !== "string" || /^(n|vs rest): /.test(title) || map.has(title)) continue;
    const v = ws.getCell(r, 2).value;
    map.set(title, typeof v === "object" && v !== null && "formula" in v ? (v as ExcelJS.CellFormulaValue).result : v);
  }
  return map;
}

function valueOf(wb: ExcelJS.Workbook, fragment: string): number {
  for (const [title, v] of sheetValues(wb)) if (title.includes(fragment)) return v as number;
  throw new Error(`no KPI row with ${fragment}: ${[...sheetValues(wb).keys()].join(" | ")}`);
}

type ArrayFormula = ExcelJS.CellFormulaValue & { shareType?: string; ref?: string };

function formulaCells(wb: ExcelJS.Workbook): ArrayFormula[] {
  const ws = wb.getWorksheet("KPI Scorecard");
  const found: ArrayFormula[] = [];
  ws?.eachRow((row) => row.eachCell((cell) => {
    const v = cell.value;
    if (typeof v === "object" && v !== null && "formula" in v) found.push({ ...(v as ArrayFormula), ref: (v as ArrayFormula).ref ?? "", address: cell.address } as ArrayFormula);
  }));
  return found;
}

describe("CSV input", () => {
  let wb: ExcelJS.Workbook;
  let stdout: string;
  beforeAll(async () => {
    const r = await runCli([csvPath, "-o", out("csv.xlsx")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    stdout = r.stdout;
    wb = await readWorkbook(out("csv.xlsx"));
  });

  it("detects the survey columns and caches the values the KPI core computes", () => {
    expect(valueOf(wb, "(NPS)")).toBeCloseTo(nps(column(fixture, NPS_H)) as number, 9);
    expect(valueOf(wb, "(CSAT)")).toBeCloseTo(csat(column(fixture, CSAT_H)) as number, 9);
    expect(valueOf(wb, "(CES)")).toBeCloseTo(ces(column(fixture, CES_H)) as number, 9);
    expect(valueOf(wb, "(FCR)")).toBeCloseTo(fcr(column(fixture, FCR_H)) as number, 9);
    const revenue = column(fixture, REV_H);
    const n = revenue[0].filter((v) => typeof v === "number").length;
    expect(valueOf(wb, "Revenue per customer")).toBeCloseTo(revenuePerCustomer(revenue, n) as number, 9);
  });

  it("prints the summary table (KPI, value, band, n) without colours when stdout is not a terminal", () => {
    const rows = summaryRows(stdout);
    const npsRow = rows.get("Net Promoter Score (NPS)");
    expect(npsRow?.value).toBe(formatValue(nps(column(fixture, NPS_H)) as number, "0.0"));
    expect(["Excellent", "Good", "Poor"]).toContain(npsRow?.band);
    expect(Number(npsRow?.n.replace(/,/g, ""))).toBeGreaterThan(300);
    // The CPI's interval is conservative, not a 95% one: the line says so (the sample KPIs' do not).
    expect(rows.get("Customer Performance Index (CPI)")?.interval).toMatch(/^[\d.]+ to [\d.]+ \(conservative\)$/);
    expect(npsRow?.interval).toMatch(/^-?[\d.]+ to -?[\d.]+$/);
    expect(stdout).not.toMatch(/\u001b\[/);
    expect(stdout).toMatch(/Wrote .*csv\.xlsx/);
  });

  it("writes the scorecard, a copy of the data and the spec store (very hidden), in that order", () => {
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ["KPI Scorecard", "visible"],
      ["Data", "hidden"], // hidden, so that printing the workbook prints the scorecard, not the data
      ["KPI_Spec", "veryHidden"],
    ]);
  });

  it("copies the data: header, numbers (numbers padded with spaces too) as numbers, dates as dates, text as text", () => {
    const data = wb.getWorksheet("Data") as ExcelJS.Worksheet;
    expect(data.getRow(1).values).toEqual([undefined, ...fixture.headers]);
    expect(data.rowCount).toBe(fixture.rows.length + 1);
    fixture.rows.slice(0, 50).forEach((row, i) => {
      row.forEach((v, c) => {
        const cell = data.getCell(i + 2, c + 1);
        if (v === null) expect(cell.value).toBeNull();
        else if (v instanceof Date) {
          expect(cell.value).toEqual(v);
          expect(cell.numFmt).toBe("yyyy-mm-dd");
        } else if (typeof v === "string" && /^\s*\d+\s*$/.test(v)) expect(cell.value).toBe(Number(v));
        else expect(cell.value).toEqual(v);
      });
    });
    expect(data.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  });

  it("writes every formula plain (no {=...} in Excel's formula bar) with its cached result", () => {
    const formulas = formulaCells(wb);
    expect(formulas.length).toBeGreaterThan(20);
    for (const f of formulas) {
      // The planner writes none that needs array evaluation without dynamic arrays (legacy-excel.test.ts).
      expect(f.shareType).toBeUndefined();
      expect(f.formula.startsWith("=")).toBe(false);
      expect(f.formula).not.toMatch(/KPI\./);
      expect(f.formula).not.toMatch(/\$[A-Z]+:\$[A-Z]+(?!\$?\d)/); // no whole columns
    }
  });

  it("bands with conditional formats (type expression) that read the threshold cells of their row", () => {
    const ws = wb.getWorksheet("KPI Scorecard") as ExcelJS.Worksheet & { conditionalFormattings: { ref: string; rules: { type: string; formulae: string[] }[] }[] };
    const cfs = ws.conditionalFormattings;
    expect(cfs.length).toBeGreaterThan(5);
    // The KPI table's Green at and Amber at columns, by their headers.
    let green = "";
    let amber = "";
    ws.eachRow((row) => {
      if (row.getCell(1).value !== "KPI") return;
      row.eachCell((cell) => {
        if (cell.value === "Green at") green = cell.address.replace(/\d+/, "");
        if (cell.value === "Amber at") amber = cell.address.replace(/\d+/, "");
      });
    });
    expect([green, amber].every((c) => c !== "")).toBe(true);
    for (const cf of cfs) {
      // Neutral (too few answers, where the KPI has an n), the marked values in their bands, the marks, then green, amber, red;
      // a trend test's change (the trend block's last column) is no level to band: its two marks alone.
      if (cf.rules.every((r) => /="[▲▼]"\)$/.test(r.formulae[0]))) expect(cf.rules).toHaveLength(2);
      else expect(cf.rules.length).toBeGreaterThanOrEqual(3);
      for (const rule of cf.rules) {
        expect(rule.type).toBe("expression");
        const formula = rule.formulae[0];
        if (formula.includes("$B$4") && !formula.includes(">=$B$4")) continue; // the neutral rule reads n and the minimum n
        if (!formula.includes(`$${green}$`)) {
          expect(formula).toMatch(/="[▲▼]"\)$/); // a mark alone: the value's mark cell
          continue;
        }
        // A band reads its row's thresholds, both on the same row.
        const rows = [...formula.matchAll(new RegExp(`[<>]=?\\$(?:${green}|${amber})\\$(\\d+)`, "g"))].map((m) => m[1]);
        expect(rows.length).toBeGreaterThan(0);
        expect(new Set(rows).size).toBe(1);
      }
    }
  });

  it("sets column widths and freezes the KPI names' column (no row: the blocks above the table would take the screen)", () => {
    const ws = wb.getWorksheet("KPI Scorecard") as ExcelJS.Worksheet;
    expect(ws.getColumn(1).width).toBeGreaterThan(20);
    expect(ws.views[0]).toMatchObject({ state: "frozen", xSplit: 1, ySplit: 0 });
  });

  it("stores the spec with the detected mapping", () => {
    const stored = storedSpec(wb).spec;
    const roles = Object.fromEntries(stored.columns.map((c) => [c.header, c.role]));
    expect(roles).toMatchObject({ [NPS_H]: "nps", [CSAT_H]: "csat", [CES_H]: "ces", [FCR_H]: "fcr", Region: "segment", "Response date": "period" });
    expect(stored.mode).toBe("portable");
  });
});

describe("CSV dialects", () => {
  const cases: [string, { delimiter: string; bom?: boolean; eol?: string }][] = [
    ["semicolons with a BOM", { delimiter: ";", bom: true }],
    ["tabs and CRLF line ends", { delimiter: "\t", eol: "\r\n" }],
    ["pipes", { delimiter: "|" }],
  ];
  it.each(cases)("reads %s to the same values as the comma file", async (name, options) => {
    const f: Fixture = {
      headers: fixture.headers,
      rows: fixture.rows.map((r, i) => (i % 7 === 0 ? r.map((v, c) => (c === 7 ? `He said "fine";\nthen, | left` : v)) : r)),
    };
    const path = writeCsv(out(`dialect-${options.delimiter.charCodeAt(0)}.csv`), f, options);
    const target = out(`dialect-${options.delimiter.charCodeAt(0)}.xlsx`);
    const r = await runCli([path, "-o", target]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const wb = await readWorkbook(target);
    expect(valueOf(wb, "(NPS)")).toBeCloseTo(nps(column(fixture, NPS_H)) as number, 9);
    expect(valueOf(wb, "(FCR)")).toBeCloseTo(fcr(column(fixture, FCR_H)) as number, 9);
    const data = wb.getWorksheet("Data") as ExcelJS.Worksheet;
    expect(data.getCell(2, 8).value).toBe(`He said "fine";\nthen, | left`);
    expect(data.getRow(1).getCell(1).value).toBe("Respondent ID"); // BOM removed
  });
});

describe("xlsx input", () => {
  let xlsxPath: string;
  beforeAll(async () => {
    xlsxPath = await writeXlsx(out("survey.xlsx"), fixture, { sheet: "Responses", origin: [3, 2] });
  });

  it("reads a sheet by name within --range, keeps cell types, and names the data sheet after it", async () => {
    const r = await runCli([xlsxPath, "--sheet", "Responses", "--range", `B3:N${3 + fixture.rows.length}`, "-o", out("x1.xlsx")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const wb = await readWorkbook(out("x1.xlsx"));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["KPI Scorecard", "Responses", "KPI_Spec"]);
    expect(valueOf(wb, "(NPS)")).toBeCloseTo(nps(column(fixture, NPS_H)) as number, 9);
    expect(valueOf(wb, "(CES)")).toBeCloseTo(ces(column(fixture, CES_H)) as number, 9);
    const data = wb.getWorksheet("Responses") as ExcelJS.Worksheet;
    expect(data.getCell("B2").value).toEqual(fixture.rows[0][1]); // a date
    const textCell = fixture.rows.findIndex((row) => typeof row[3] === "string" && row[3].startsWith(" "));
    expect(data.getCell(textCell + 2, 4).value).toBe(fixture.rows[textCell][3]); // number stored as text stays text
  });

  it("finds the used area without --range, and takes a sheet by position", async () => {
    const r = await runCli([xlsxPath, "--sheet", "2", "-o", out("x2.xlsx")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const wb = await readWorkbook(out("x2.xlsx"));
    expect(valueOf(wb, "(CSAT)")).toBeCloseTo(csat(column(fixture, CSAT_H)) as number, 9);
  });

  it("reads only the rows of a smaller --range, and letters in flags mean sheet columns", async () => {
    const rows = 120;
    const r = await runCli([xlsxPath, "--sheet", "responses", "--range", `B3:N${3 + rows}`, "--nps", "E", "-o", out("x3.xlsx")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const wb = await readWorkbook(out("x3.xlsx"));
    const part: Fixture = { headers: fixture.headers, rows: fixture.rows.slice(0, rows) };
    expect(valueOf(wb, "(NPS)")).toBeCloseTo(nps(column(part, NPS_H)) as number, 9);
    expect(storedSpec(wb).spec.columns.find((c) => c.role === "nps")?.header).toBe(NPS_H);
  });
});

describe("mapping flags", () => {
  const neutral: Fixture = {
    // Headers detection cannot place, so every KPI comes from a flag.
    headers: ["id", "d", "grp", "q1", "q2", "q3", "q4", "txt", "amt", "a1", "a2", "i1", "i2"],
    rows: [],
  };
  let path: string;
  let source: Fixture;
  beforeAll(() => {
    source = surveyFixture(300, 11);
    path = writeCsv(out("neutral.csv"), { headers: neutral.headers, rows: source.rows });
  });

  it("maps every role by header name or letter, and the KPIs follow the flags", async () => {
    const target = out("flags.xlsx");
    const r = await runCli([
      path, "--nps", "q1", "--csat", "E", "--ces", "q3", "--fcr", "G", "--sentiment", "txt", "--revenue", "I",
      "--engagement", "a1", "--engagement", "K", "--impact", "i1", "--impact", "M", "--segment", "grp", "--period", "B",
      "--trend", "quarter", "-o", target,
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const wb = await readWorkbook(target);
    const roles = storedSpec(wb).spec.columns.map((c) => `${c.header}:${c.role}`).sort();
    expect(roles).toEqual(["K:engagement", "a1:engagement", "amt:revenue", "d:period", "grp:segment", "i1:impact", "M:impact", "q1:nps", "E:csat", "q3:ces", "G:fcr", "txt:sentiment"]
      .map((x) => x.replace(/^K:/, "a2:").replace(/^M:/, "i2:").replace(/^E:/, "q2:").replace(/^G:/, "q4:")).sort());
    const byHeader = (h: string) => column({ headers: neutral.headers, rows: source.rows }, h);
    expect(valueOf(wb, "(NPS)")).toBeCloseTo(nps(byHeader("q1")) as number, 9);
    expect(valueOf(wb, "(CSAT)")).toBeCloseTo(csat(byHeader("q2")) as number, 9);
    expect(valueOf(wb, "(CES)")).toBeCloseTo(ces(byHeader("q3")) as number, 9);
    expect(valueOf(wb, "(FCR)")).toBeCloseTo(fcr(byHeader("q4")) as number, 9);
    const matrix = (cols: number[]) => source.rows.map((row) => cols.map((c) => toCore(row[c])));
    expect(valueOf(wb, "Customer engagement")).toBeCloseTo(engagement(matrix([9, 10])) as number, 9);
    expect(valueOf(wb, "CIS")).toBeCloseTo(cis(matrix([11, 12])) as number, 9);
    expect(valueOf(wb, "Sentiment (compound)")).toEqual(expect.any(Number));
    const ws = wb.getWorksheet("KPI Scorecard") as ExcelJS.Worksheet;
    const texts: string[] = [];
    ws.eachRow((row) => row.eachCell((cell) => { if (typeof cell.value === "string") texts.push(cell.value); }));
    expect(texts).toEqual(expect.arrayContaining(["grp: East vs the rest", "grp: West vs the rest", "2024 Q1", "2025 Q3 vs 2025 Q2"]));
  });

  it("--ignore leaves a detected column out", async () => {
    const target = out("ignore.xlsx");
    const r = await runCli([csvPath, "--ignore", CSAT_H, "--ignore", "J", "-o", target]);
    expect(r.code).toBe(0);
    const roles = storedSpec(await readWorkbook(target)).spec.columns.map((c) => c.role);
    expect(roles).not.toContain("csat");
    expect(r.stdout).not.toMatch(/\(CSAT\)/);
  });

  it("takes aggregate inputs and targets as flags", async () => {
    const target = out("aggregates.xlsx");
    const r = await runCli([
      csvPath, "--customers-start", "1000", "--customers-lost", "50", "--customers-end", "1010", "--new-customers", "110",
      "--avg-purchase-value", "100", "--purchases-per-year", "4", "--lifespan-years", "5", "--margin", "25%",
      "--margin-per-period", "150", "--retention-rate", "0.55", "--discount-rate", "0.10", "--acquisition-cost", "100",
      "--interactions", "300", "--innovation-projects", "4", "--customers", "250",
      "--target", "CLV=480", "--target", "nps=40@2027-06-30", "-o", target,
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const wb = await readWorkbook(target);
    expect(valueOf(wb, "Churn rate")).toBeCloseTo(churn(1000, 50) as number, 12);
    expect(valueOf(wb, "Customer retention rate")).toBeCloseTo(retention(1000, 1010, 110) as number, 12);
    expect(valueOf(wb, "(CLV)")).toBeCloseTo(clv(100, 4, 5, 0.25) as number, 12);
    expect(valueOf(wb, "(margin model)")).toBeCloseTo(clvMargin(150, 0.55, 0.1, 100) as number, 9);
    expect(valueOf(wb, "(CII)")).toBeCloseTo(cii(300, 4) as number, 12);
    const revenue = column(fixture, REV_H);
    expect(valueOf(wb, "Revenue per customer")).toBeCloseTo(revenuePerCustomer(revenue, 250) as number, 9);
    const spec = storedSpec(wb).spec;
    expect(spec.aggregates).toMatchObject({ customersStart: 1000, margin: 0.25, customers: 250 });
    expect(spec.kpis).toMatchObject({ CLV: { target: 480 }, NPS: { target: 40, targetDate: "2027-06-30" } });
    const rows = summaryRows(r.stdout);
    expect(rows.get("Customer Lifetime Value (CLV)")).toMatchObject({ value: "500.00", band: "On target" });
    expect(rows.get("Churn rate")).toMatchObject({ value: "5.00%", band: "Acceptable, not yet Excellent", n: "" });
  });
});

describe("--spec", () => {
  it("maps columns by header from a spec file (bare or as stored by the pane), and flags override it", async () => {
    const spec = {
      version: 1,
      title: "From a spec",
      source: { sheet: "Sheet1", address: "A1:M401" },
      columns: [
        { index: 0, header: NPS_H, role: "nps" },
        { index: 1, header: "Region", role: "segment" },
      ],
      aggregates: { customersStart: 200, customersLost: 10 },
      kpis: { NPS: { target: 20, green: 30, amber: 10 } },
      mode: "live",
      trend: "month",
    };
    const bare = out("spec.json");
    writeFileSync(bare, JSON.stringify(spec));
    const stored = out("stored-spec.json");
    writeFileSync(stored, JSON.stringify({ spec, sheetName: "KPI Scorecard", builtAt: "2025-01-01T00:00:00.000Z" }));

    const r1 = await runCli([csvPath, "--spec", bare, "-o", out("spec1.xlsx")]);
    expect(r1.stderr).toBe("");
    expect(r1.code).toBe(0);
    const wb1 = await readWorkbook(out("spec1.xlsx"));
    const s1 = storedSpec(wb1).spec;
    expect(s1.columns.map((c) => c.role).sort()).toEqual(["nps", "segment"]);
    expect(s1.columns.find((c) => c.role === "nps")?.index).toBe(3); // matched by header, not by the stale index
    expect(s1.mode).toBe("live");
    expect(s1.kpis.NPS).toMatchObject({ target: 20, green: 30, amber: 10 });
    expect(summaryRows(r1.stdout).has("Churn rate")).toBe(true);
    expect(summaryRows(r1.stdout).has("Customer Satisfaction (CSAT)")).toBe(false);

    const r2 = await runCli([csvPath, "--spec", stored, "--mode", "values", "--csat", CSAT_H, "--target", "NPS=25", "-o", out("spec2.xlsx")]);
    expect(r2.code).toBe(0);
    const s2 = storedSpec(await readWorkbook(out("spec2.xlsx"))).spec;
    expect(s2.mode).toBe("values");
    expect(s2.columns.map((c) => c.role).sort()).toEqual(["csat", "nps", "segment"]);
    expect(s2.kpis.NPS).toMatchObject({ target: 25, green: 30 });
  });
});

describe("formula modes", () => {
  it.each(["portable", "live", "values"])("%s mode", async (mode) => {
    const target = out(`mode-${mode}.xlsx`);
    const r = await runCli([csvPath, "--mode", mode, "-o", target]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const wb = await readWorkbook(target);
    const ws = wb.getWorksheet("KPI Scorecard") as ExcelJS.Worksheet;
    const npsRow = [...Array(30).keys()].map((k) => k + 1).find((row) => String(ws.getCell(row, 1).value).includes("(NPS)")) as number;
    const cell = ws.getCell(npsRow, 2).value;
    const expected = nps(column(fixture, NPS_H)) as number;
    if (mode === "values") {
      expect(cell).toBeCloseTo(expected, 9);
    } else {
      const f = cell as ExcelJS.CellFormulaValue;
      expect(f.result).toBeCloseTo(expected, 9);
      if (mode === "live") expect(f.formula).toMatch(/^_xldudf_KPI_NPS\(/); // as Excel stores a JavaScript custom function
      else expect(f.formula).not.toMatch(/KPI\./);
    }
    expect(storedSpec(wb).spec.mode).toBe(mode);
  });

  it("holds no raw answer in values mode unless --include-data asks for the copy", async () => {
    const comment = "Terrible support, I am angry";
    expect(fixture.rows.some((row) => row.includes(comment))).toBe(true);
    const partsOf = async (file: string) => {
      const zip = await JSZip.loadAsync(readFileSync(file));
      const names = Object.keys(zip.files);
      const text = (await Promise.all(names.map((n) => zip.file(n)?.async("string") ?? ""))).join("\n");
      return { names, text };
    };
    const snapshot = await runCli([csvPath, "--mode", "values", "-o", out("snapshot.xlsx")]);
    expect(snapshot.code).toBe(0);
    expect(snapshot.stdout).toMatch(/no copy of the 400 data rows \(values mode; --include-data keeps one\)/);
    const bare = await partsOf(out("snapshot.xlsx"));
    const sheets = (await readWorkbook(out("snapshot.xlsx"))).worksheets.map((w) => w.name);
    expect(sheets).toEqual(["KPI Scorecard", "KPI_Spec"]);
    expect(bare.text).not.toContain(comment);
    expect(bare.text).not.toContain("R-1000"); // respondent ids
    const kept = await runCli([csvPath, "--mode", "values", "--include-data", "-o", out("snapshot-data.xlsx")]);
    expect(kept.code).toBe(0);
    expect((await readWorkbook(out("snapshot-data.xlsx"))).worksheets.map((w) => [w.name, w.state])).toEqual([
      ["KPI Scorecard", "visible"], ["Data", "hidden"], ["KPI_Spec", "veryHidden"],
    ]);
    expect((await partsOf(out("snapshot-data.xlsx"))).text).toContain(comment);
  });
});

describe("bad input: one line on stderr, exit code 2, nothing written", () => {
  let noKpi: string;
  let emptyCol: string;
  let garbage: string;
  beforeAll(async () => {
    await writeXlsx(out("book.xlsx"), fixture, { sheet: "Responses" });
    noKpi = writeCsv(out("no-kpi.csv"), { headers: ["Customer name", "City"], rows: [["Ann", "Oslo"], ["Bob", "Rome"], ["Cy", "Oslo"]] });
    emptyCol = writeCsv(out("empty-col.csv"), { headers: ["id", "How likely are you to recommend us?", "Satisfaction"], rows: [["a", null, 4], ["b", "N/A", 5], ["c", null, 3]] });
    garbage = out("broken.xlsx");
    writeFileSync(garbage, "PK\u0003\u0004 this is not really a zip file");
    writeFileSync(out("empty.csv"), "");
    writeFileSync(out("header-only.csv"), "a,b,c\n");
    writeFileSync(out("na-spec.json"), JSON.stringify({
      version: 1, source: { sheet: "Data", address: "A1:C4" }, columns: [{ index: 1, header: "How likely are you to recommend us?", role: "nps" }],
      aggregates: {}, kpis: {}, mode: "portable", trend: "month",
    }));
    const targetsOnly = (kpis: unknown) => JSON.stringify({ version: 1, source: { sheet: "Data", address: "A1:C4" }, columns: [], aggregates: {}, kpis, mode: "portable", trend: "month" });
    writeFileSync(out("ces-spec.json"), targetsOnly({ CES: { target: 8 } }));
    writeFileSync(out("pct-spec.json"), targetsOnly({ NPS: { target: "40%" } }));
  });

  const cases: [string, () => string[], RegExp][] = [
    ["a missing file", () => [out("nope.csv"), "-o", out("e1.xlsx")], /nope\.csv: no such file/],
    ["an unreadable sheet", () => [out("book.xlsx"), "--sheet", "Nope", "-o", out("e2.xlsx")], /sheet "Nope" not found in .*book\.xlsx \(its sheets: Other, Responses\)/],
    ["a file that is not a workbook", () => [garbage, "-o", out("e3.xlsx")], /broken\.xlsx is not a readable \.xlsx workbook/],
    ["no recognisable KPI column", () => [noKpi, "-o", out("e4.xlsx")], /no recognisable KPI column in no-kpi\.csv/],
    ["a mapped column with no usable values (detected or flagged)", () => [emptyCol, "--nps", "B", "-o", out("e5.xlsx")], /no values|no usable values/],
    ["a column mapped by a spec with no usable values", () => [emptyCol, "--spec", out("na-spec.json"), "-o", out("e6.xlsx")], /Net Promoter Score \(NPS\): the column has no usable values/],
    ["an unknown flag", () => [csvPath, "--colour", "-o", out("e7.xlsx")], /Unknown option '--colour'/],
    ["a bad --mode", () => [csvPath, "--mode", "fast", "-o", out("e8.xlsx")], /--mode "fast" is not known: use portable, live or values/],
    ["a bad number", () => [csvPath, "--customers-start", "lots", "-o", out("e9.xlsx")], /--customers-start "lots" is not a number/],
    ["a bad --target", () => [csvPath, "--target", "NPS", "-o", out("e10.xlsx")], /--target "NPS" is not KPI=VALUE/],
    ["an unknown KPI in --target", () => [csvPath, "--target", "XYZ=3", "-o", out("e11.xlsx")], /unknown KPI "XYZ"/],
    ["a column that does not exist", () => [csvPath, "--nps", "Score", "-o", out("e12.xlsx")], /--nps "Score": no such column/],
    ["--sheet with a CSV", () => [csvPath, "--sheet", "x", "-o", out("e13.xlsx")], /--sheet applies to \.xlsx input only/],
    ["an empty file", () => [out("empty.csv"), "-o", out("e14.xlsx")], /empty\.csv is empty/],
    ["a header without rows", () => [out("header-only.csv"), "-o", out("e15.xlsx")], /header row but no data rows/],
    ["a missing spec file", () => [csvPath, "--spec", out("nope.json"), "-o", out("e16.xlsx")], /--spec .*nope\.json: no such file/],
    ["a spec that is not JSON", () => [csvPath, "--spec", csvPath, "-o", out("e17.xlsx")], /is not valid JSON/],
    ["an output that is not .xlsx", () => [csvPath, "-o", out("e18.csv")], /must be an \.xlsx file/],
    ["an output folder that does not exist", () => [csvPath, "-o", out("no/such/dir/e19.xlsx")], /folder of the output does not exist/],
    ["a bad --range", () => [out("book.xlsx"), "--range", "ZZ", "-o", out("e20.xlsx")], /--range "ZZ" is not a range/],
    ["two input files", () => [csvPath, csvPath, "-o", out("e21.xlsx")], /one input file at a time/],
    ["a percent target for NPS, which is in points", () => [csvPath, "--target", "NPS=40%", "-o", out("e22.xlsx")], /--target NPS=40% is a percentage, but NPS is in points from -100 to 100: write 40 without %/],
    ["a percent target past 100 % for CSAT", () => [csvPath, "--target", "CSAT=850%", "-o", out("e23.xlsx")], /--target CSAT=850% is off the scale of CSAT, a share from 0% to 100%/],
    ["a CES target off its 1..7 scale", () => [csvPath, "--target", "CES=8", "-o", out("e24.xlsx")], /--target CES=8 is off the scale of CES, 1 to 7$/m],
    ["a CES target off its scale in the spec file", () => [csvPath, "--spec", out("ces-spec.json"), "-o", out("e25.xlsx")], /the target 8 of CES in the spec is off the scale of CES, 1 to 7/],
    ["a percent written as text in the spec file", () => [csvPath, "--spec", out("pct-spec.json"), "-o", out("e26.xlsx")], /kpis\.NPS\.target "40%" is text: write a number: 40 \(NPS takes no percentage\)/],
  ];

  it.each(cases)("%s", async (_name, args, message) => {
    const argv = args();
    const target = argv[argv.indexOf("-o") + 1];
    const r = await runCli(argv);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(message) });
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^kpi-scorecard: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe("");
    expect(existsSync(target)).toBe(false);
  });

  it("leaves no temporary file behind", () => {
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("never overwrites without --force", () => {
  it("refuses an existing output, leaves it untouched, and replaces it with --force", async () => {
    const target = out("existing.xlsx");
    writeFileSync(target, "precious");
    const r = await runCli([csvPath, "-o", target]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/existing\.xlsx already exists: use --force to overwrite it/);
    expect(readFileSync(target, "utf8")).toBe("precious");

    const forced = await runCli([csvPath, "-o", target, "--force"]);
    expect(forced.code).toBe(0);
    expect(statSync(target).size).toBeGreaterThan(1000);
    expect((await readWorkbook(target)).getWorksheet("KPI Scorecard")).toBeDefined();
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("with no arguments", () => {
  it("builds the bundled example into ./kpi-scorecard.xlsx, then refuses to overwrite it", async () => {
    const cwd = tempDir("kpi-cli-noargs-");
    try {
      const r = await runCli([], { cwd: cwd.dir });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Net Promoter Score \(NPS\)/);
      const wb = await readWorkbook(join(cwd.dir, "kpi-scorecard.xlsx"));
      expect(wb.getWorksheet("Data")?.rowCount).toBe(3001);
      const again = await runCli([], { cwd: cwd.dir });
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/kpi-scorecard\.xlsx already exists: use --force/);
    } finally {
      cwd.cleanup();
    }
  });
});

describe("help and version", () => {
  it("prints the help, listing the flags of every role and aggregate input", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    for (const flag of ["--nps COL", "--engagement COL", "--period COL", "--customers-start N", "--innovation-projects N", "--spec FILE", "--mode MODE", "--force"]) {
      expect(r.stdout).toContain(flag);
    }
  });
  it("prints the version of package.json", async () => {
    const r = await runCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")).version);
  });
});
