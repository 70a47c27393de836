/**
 * kpi-scorecard with complaints, a question battery and CPI weights (issue 12), run as a process.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type ExcelJS from "exceljs";
import { cpi, cxindex, nps, scale } from "../../src/kpi";
import { readWorkbook, runCli, storedSpec, tempDir } from "./helpers";

let tmp: { dir: string; cleanup: () => void };
let csv: string;
const rows: (string | number)[][] = [];
beforeAll(() => {
  tmp = tempDir();
  for (let k = 0; k < 90; k++) {
    rows.push([`R-${k}`, ["North", "South"][k % 2], `2025-0${1 + (k % 3)}-15`, k % 11, k % 9 === 0 ? "Yes" : "No", 2 + (k % 4), 1 + ((k * 2) % 5), 3 + (k % 3)]);
  }
  csv = join(tmp.dir, "survey.csv");
  writeFileSync(csv, ["Response ID,Region,Date,Recommend (0-10),Complained?,Friendly,Fair,On time", ...rows.map((r) => r.join(","))].join("\n"));
});
afterAll(() => tmp.cleanup());

/** The cached value beside a title in column A of the scorecard. */
function valueBeside(wb: ExcelJS.Workbook, title: string): unknown {
  const ws = wb.getWorksheet("KPI Scorecard") as ExcelJS.Worksheet;
  for (let r = 1; r <= 60; r++) {
    if (ws.getCell(r, 1).value !== title) continue;
    const v = ws.getCell(r, 2).value;
    return typeof v === "object" && v !== null && "formula" in v ? (v as ExcelJS.CellFormulaValue).result : v;
  }
  throw new Error(`no row ${title}`);
}

describe("kpi-scorecard --complaints, --cx and --cpi-weight", () => {
  it("maps the columns, stores the weights in the spec and puts the CPI on the sheet", async () => {
    const target = join(tmp.dir, "cpi.xlsx");
    const r = await runCli([csv, "--complaints", "Complained?", "--cx", "Friendly", "--cx", "G", "--cx", "On time", "--cx", "friendly", "--cpi-weight", "NPS=3", "-o", target]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Customer Performance Index/);
    const wb = await readWorkbook(target);
    const spec = storedSpec(wb).spec;
    expect(spec.columns.filter((c) => c.role === "cx").map((c) => c.header)).toEqual(["Friendly", "Fair", "On time"]);
    expect(spec.columns.find((c) => c.role === "complaints")?.header).toBe("Complained?");
    expect(spec.kpis.NPS).toEqual({ cpiWeight: 3 });
    const battery = rows.map((x) => x.slice(5, 8));
    const cx = cxindex(battery) as number;
    expect(valueBeside(wb, "Customer experience index: Friendly, Fair, On time")).toBeCloseTo(cx, 9);
    const complaints = rows.filter((x) => x[4] === "Yes").length / rows.length;
    expect(valueBeside(wb, "Complaint rate")).toBeCloseTo(complaints, 12);
    // Default worst..best: NPS -150..100, complaints 0.14..-0.01, CX index -150..100 (its bands are NPS's).
    const npsValue = nps(rows.map((x) => [x[3]])) as number;
    const scores = [scale(npsValue, -150, 100), scale(complaints, 0.14, -0.01), scale(cx, -150, 100)] as number[];
    expect(valueBeside(wb, "Customer Performance Index (CPI)")).toBeCloseTo(cpi(scores.map((s) => [s]), [[3], [1], [1]]) as number, 9);
  });

  it("detects the complaint flag and the battery without flags", async () => {
    const target = join(tmp.dir, "detected.xlsx");
    const r = await runCli([csv, "-o", target]);
    expect(r.code).toBe(0);
    const roles = storedSpec(await readWorkbook(target)).spec.columns.map((c) => `${c.header}:${c.role}`);
    expect(roles).toEqual(expect.arrayContaining(["Complained?:complaints", "Friendly:cx", "Fair:cx", "On time:cx", "Region:segment"]));
    expect(r.stdout).toMatch(/Customer Performance Index \(CPI\)/);
  });

  it("refuses a bad --cpi-weight with one line, exit code 2 and no file", async () => {
    const target = join(tmp.dir, "bad.xlsx");
    const r = await runCli([csv, "--cpi-weight", "NPS=-2", "-o", target]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--cpi-weight "NPS=-2": a weight cannot be negative/);
    expect(existsSync(target)).toBe(false);
  });
});
