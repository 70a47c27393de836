// The key findings on page 1 (issue 24): under the title, the differences that hold after the
// Benjamini-Hochberg correction in sentences, most certain first, or a line that says none does;
// in portable mode formulas over the statistics table, so that an edit rewrites them. Checked
// against the model's own list (the command line prints it), against a survey where nothing
// differs, and against LibreOffice's recalculation after the "Mark from ±" cells are raised past
// every difference.
import type { CellValue } from "../helpers/libreoffice";
import { disposeLibreOffice, libreOfficeAvailable } from "../helpers/libreoffice";
import { kpiCell, rowTitled } from "../helpers/layout";
import { compareWithCache, recalculatedScorecard } from "../helpers/recalculated";
import { planOf, specOf, valueOf } from "../helpers/planned";
import { seeded } from "../helpers/surveyData";
import type { ColumnMapping, DataTable, PlanCell, ScorecardPlan } from "../../src/scorecard/types";
import { REGION_DATE_NPS_CSAT } from "../helpers/surveyData";

const BUILT_AT = new Date("2026-12-07T09:00:00Z");
const JAN = 45658; // 2025-01-01 as an Excel serial
const describeLO = libreOfficeAvailable() ? describe : describe.skip;

/** Three regions over three months, 240 answers each; `gap` moves South's NPS and CSAT answers down. */
function survey(gap: number): DataTable {
  const rand = seeded(24);
  const rows: unknown[][] = [];
  for (const region of ["North", "South", "East"]) {
    for (let k = 0; k < 240; k++) {
      const low = region === "South" ? gap : 0;
      const nps = Math.max(0, Math.min(10, Math.floor(rand() * 11) + (rand() < 0.5 ? 1 : 0) - low));
      const csat = Math.max(1, Math.min(5, 1 + Math.floor(rand() * 5) - (region === "South" && rand() < gap / 4 ? 1 : 0)));
      rows.push([region, JAN + (k % 3) * 31 + 2, nps, csat]);
    }
  }
  return { headers: ["Region", "Date", "Recommend", "Satisfaction"], rows };
}
const COLUMNS: ColumnMapping[] = [...REGION_DATE_NPS_CSAT];

/** The block: its heading row and the lines under it (column A, up to the blank row). */
function findings(p: ScorecardPlan): { heading: number; lines: PlanCell[] } {
  const heading = rowTitled(p, "Key findings");
  const lines: PlanCell[] = [];
  const columnA = (row: number) => {
    const b = p.blocks.find((x) => x.col === 0 && row >= x.row && row < x.row + x.cells.length);
    return b?.cells[row - b.row][0];
  };
  for (let row = heading + 1; ; row++) {
    const cell = columnA(row);
    if (cell === undefined || cell === null || valueOf(cell) === "") break;
    lines.push(cell);
  }
  return { heading, lines };
}

describe("the key findings on page 1", () => {
  const data = survey(3);
  const p = planOf(specOf(data, COLUMNS), data, BUILT_AT);
  const values = planOf(specOf(data, COLUMNS, { mode: "values" }), data, BUILT_AT);

  it("stand under the title, before the KPI table", () => {
    const { heading } = findings(p);
    expect(heading).toBeLessThan(rowTitled(p, "KPI"));
    expect(heading).toBeLessThan(8);
  });

  it("list the differences the model marks, most certain first, each opening with its mark, as the command line does", () => {
    expect(p.differences.length).toBeGreaterThan(1);
    const adjusted = p.differences.map((d) => d.adjustedP);
    expect([...adjusted].sort((a, b) => a - b)).toEqual(adjusted);
    const want = p.differences.slice(0, 5).map((d) => `${d.direction === "higher" ? "▲" : "▼"} ${d.sentence}`);
    for (const plan of [p, values]) expect(findings(plan).lines.slice(0, want.length).map(valueOf)).toEqual(want);
    // A sentence names the group, the KPI, its value, the difference, n and the adjusted p.
    expect(want[0]).toMatch(/^▼ South: (NPS|CSAT) -?[\d.]+%?, [\d.]+ points below the rest of the sample \(n 240; adjusted p (< 0\.0001|0\.\d+)\)$/);
  });

  it("are formulas in portable mode and text in values mode", () => {
    expect(findings(p).lines.every((c) => typeof c === "object" && c !== null && "formula" in c)).toBe(true);
    expect(findings(values).lines.every((c) => typeof c === "string")).toBe(true);
  });

  it("say so when no difference holds", () => {
    const flat = survey(0);
    const q = planOf(specOf(flat, COLUMNS), flat, BUILT_AT);
    expect(q.differences).toEqual([]);
    expect(findings(q).lines.map(valueOf)).toEqual(["No difference holds: no segment differs from the rest of the sample, and no period from the one before, beyond chance (q = 0.05)."]);
  });
});

describeLO("the key findings recalculated by LibreOffice", () => {
  const data = survey(3);
  const p = planOf(specOf(data, COLUMNS), data, BUILT_AT);
  const source = { name: "Data", table: data, dateColumns: [1] };
  afterAll(async () => disposeLibreOffice());
  const line = (sheet: CellValue[][], k: number) => sheet[findings(p).heading + 1 + k]?.[0] ?? null;

  it("come back as the sentences the add-in cached", async () => {
    const sheet = await recalculatedScorecard(p, source);
    expect(compareWithCache(p, sheet).mismatches).toEqual([]);
    expect(line(sheet, 0)).toBe(`▼ ${p.differences[0].sentence}`);
  }, 240_000);

  it("are rewritten when an edit leaves no difference worth a mark: raising each KPI's Mark from ± past every difference", async () => {
    const edits = Object.fromEntries(["Net Promoter Score", "Customer Satisfaction"].map((t) => [kpiCell(p, t, "Mark from ±").address, 1000]));
    const sheet = await recalculatedScorecard(p, source, edits);
    expect(line(sheet, 0)).toBe("No difference holds: no segment differs from the rest of the sample, and no period from the one before, beyond chance (q = 0.05).");
    expect(line(sheet, 1) ?? "").toBe("");
  }, 240_000);
});
