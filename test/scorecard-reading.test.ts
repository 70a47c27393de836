// The portable sheet's statistics read a data column of numbers only with arithmetic, and switch
// to the whole reading rule (numeric text, flags as words) when the column holds anything else,
// also when a cell is edited into text after the build. Reading every cell through text made
// LibreOffice recalculate a 100,000-row scorecard 13 times slower (bench/RESULTS.md, section 7).
import { readingTestCell } from "../src/kpi/native";
import { PRINT_SCALE } from "../src/scorecard/print";
import type { ColumnMapping, ColumnRole, DataTable, FormulaCell, PlanCell, ScorecardPlan } from "../src/scorecard/types";
import { seeded } from "./helpers/surveyData";
import { disposeLibreOffice, libreOfficeAvailable, type CellValue } from "./helpers/libreoffice";
import { compareWithCache, recalculatedScorecard } from "./helpers/recalculated";
import { planOf, specOf } from "./helpers/planned";

const BUILT_AT = new Date("2026-11-30T09:00:00Z");
const JAN = 45658; // 2025-01-01 as an Excel serial
const describeLO = libreOfficeAvailable() ? describe : describe.skip;
const isFormula = (c: PlanCell): c is FormulaCell => typeof c === "object" && c !== null;

const ROLES: [string, ColumnRole][] = [
  ["NPS", "nps"], ["CSAT", "csat"], ["CES", "ces"], ["Resolved", "fcr"], ["Logins", "engagement"], ["Orders", "engagement"],
  ["Revenue", "revenue"], ["Complaints", "complaints"], ["Region", "segment"], ["Date", "period"],
];

/** 360 rows of numbers (and blanks) in every KPI column, in 3 regions over 4 months. */
function numbersOnly(): DataTable {
  const rnd = seeded(1411);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const rows = Array.from({ length: 360 }, (_, k) => {
    const blank = (x: number) => (rnd() < 0.04 ? null : x);
    return [
      blank(int(0, 10)), blank(int(1, 5)), blank(int(1, 7)), blank(int(0, 1)), blank(int(0, 30)), blank(int(0, 4)),
      blank(Math.round(rnd() * 40000) / 100), blank(int(0, 2)), ["North", "South", "East"][k % 3], JAN + 31 * (k % 4) + int(0, 27),
    ];
  });
  return { headers: ROLES.map(([h]) => h), rows };
}

const data = numbersOnly();
const columns: ColumnMapping[] = ROLES.map(([header, role], index) => ({ index, header, role }));
const spec = specOf(data, columns);
const plan = (table: DataTable): ScorecardPlan => planOf(spec, table, BUILT_AT);

/** The same rows with cells edited into text, as a user might after the build. */
function edited(): DataTable {
  const rows = data.rows.map((r) => [...r]);
  rows[2][0] = " 9 "; // numeric text: read as 9
  rows[4][0] = "n/a"; // other text: skipped
  rows[6][1] = "4";
  rows[8][3] = "yes"; // a flag as a word
  rows[9][3] = "N";
  rows[10][4] = "3"; // an action count as text, inside the side-by-side engagement block
  rows[12][6] = "1,250.5"; // a comma: not a plain decimal, skipped
  rows[14][7] = "yes"; // a complaint flag
  return { headers: data.headers, rows };
}

function formulas(p: ScorecardPlan): { at: string; cell: FormulaCell; row: number; col: number }[] {
  const out: { at: string; cell: FormulaCell; row: number; col: number }[] = [];
  for (const b of p.blocks) b.cells.forEach((row, r) => row.forEach((c, k) => {
    if (isFormula(c)) out.push({ at: `${b.row + r},${b.col + k}`, cell: c, row: b.row + r, col: b.col + k });
  }));
  return out;
}

describe("a data column of numbers only", () => {
  const p = plan(data);
  const tests = formulas(p).filter((f) => f.cell.formula.startsWith("=--(COUNTA("));

  it("is tested once per KPI and column, beside the KPI's statistics, with the answer cached", () => {
    // NPS, CSAT, CES, FCR, revenue and complaints one column each, engagement two.
    expect(tests).toHaveLength(8);
    for (const t of tests) expect(t.cell.value).toBe(1);
    const refs = tests.map((t) => t.cell.formula.slice(1));
    for (const index of [0, 1, 2, 3, 4, 5, 6, 7]) {
      const letter = String.fromCharCode(65 + index);
      expect(refs).toContain(readingTestCell(`'Data'!$${letter}$2:$${letter}$361`));
    }
  });

  /** The header row of a statistics section's first panel, the one under its title row. */
  const firstPanelHeader = (q: ScorecardPlan, row: number) => q.blocks.find((b) => b.row === row + 1 && b.col === 0 && b.cells[0][0] === "Group (compared with)")?.cells[0] ?? [];

  it("adds no column to the printed sheet: the tests sit in each KPI's title row, over its first panel's columns", () => {
    for (const t of tests) {
      const header = firstPanelHeader(p, t.row);
      expect(header.length).toBeGreaterThan(t.col);
      expect(header[t.col]).not.toBeNull();
      expect(p.printArea?.cols ?? 0).toBeGreaterThan(t.col);
    }
    // The sheet prints at its full scale: nothing made it wider than the page.
    expect(p.printScale).toBe(PRINT_SCALE);
  });

  it("keeps the test inside the formulas for columns past the title row's free cells", () => {
    const wide: DataTable = { headers: [...Array.from({ length: 13 }, (_, k) => `Action ${k + 1}`), "Region"], rows: data.rows.map((r, i) => [...Array.from({ length: 13 }, (_, k) => ((i + k) % 5)), r[8]]) };
    const q = planOf(specOf(wide, [...wide.headers.slice(0, 13).map((header, index): ColumnMapping => ({ index, header, role: "engagement" })), { index: 13, header: "Region", role: "segment" }]), wide, BUILT_AT);
    const all = formulas(q);
    const own = all.filter((f) => f.cell.formula.startsWith("=--(COUNTA("));
    // A cell per column of the first panel after "text:" (the panel's columns past Group).
    const header = firstPanelHeader(q, own[0].row);
    const room = header.filter((c) => c !== null).length - 2;
    expect(room).toBeGreaterThan(4);
    expect(own).toHaveLength(room);
    const inline = all.filter((f) => !f.cell.formula.startsWith("=--(COUNTA(") && f.cell.formula.includes("COUNTA("));
    expect(inline.length).toBeGreaterThan(0);
    // Only the columns past them are tested inline.
    const past = Array.from({ length: 13 - room }, (_, k) => String.fromCharCode(65 + room + k));
    for (const f of inline) expect([...f.cell.formula.matchAll(/COUNTA\('Data'!\$([A-Z])\$/g)].map((m) => m[1]).sort()).toEqual(past);
  });

  it("has its statistics read that cell instead of testing the column again", () => {
    const others = formulas(p).filter((f) => !f.cell.formula.startsWith("=--(COUNTA("));
    expect(others.filter((f) => f.cell.formula.includes("COUNTA("))).toEqual([]);
    const choosing = others.filter((f) => /^=IF\(\$[A-Z]+\$\d+,/.test(f.cell.formula) || /^=IF\(AND\(\$[A-Z]+\$\d+,/.test(f.cell.formula));
    // Every KPI's statistics per group: NPS 4, CSAT 3, CES 4, FCR 3, engagement 4, revenue 3, complaints 4.
    expect(choosing.length).toBeGreaterThanOrEqual(25 * (1 + 3 + 4));
  });

  it("is tested as holding more than numbers when one cell is text", () => {
    const q = plan(edited());
    const cached = formulas(q).filter((f) => f.cell.formula.startsWith("=--(COUNTA(")).map((f) => f.cell.value);
    // CES and the second engagement column were not edited.
    expect(cached.filter((v) => v === 0)).toHaveLength(6);
    expect(cached.filter((v) => v === 1)).toHaveLength(2);
  });

  describeLO("recalculated by LibreOffice", () => {
    let sheet: CellValue[][];
    let afterEdit: CellValue[][];
    beforeAll(async () => {
      sheet = await recalculatedScorecard(p, { name: "Data", table: data, dateColumns: [9] });
      // The formulas planned on numbers only, over the edited cells: what a user sees after editing.
      afterEdit = await recalculatedScorecard(p, { name: "Data", table: edited(), dateColumns: [9] });
    }, 240_000);
    afterAll(disposeLibreOffice);

    it("gives every formula cell the value the add-in cached", () => {
      const c = compareWithCache(p, sheet);
      expect(c.mismatches).toEqual([]);
      // LibreOffice found every column to hold numbers only, as the add-in did: the arithmetic branch served.
      for (const t of tests) expect(sheet[t.row]?.[t.col]).toBe(1);
      expect(c.numbers).toBeGreaterThan(300);
    });

    it("gives, after cells are edited into text, the values the add-in computes on the edited data", () => {
      const q = plan(edited());
      const c = compareWithCache(q, afterEdit);
      expect(c.mismatches).toEqual([]);
      expect(c.numbers).toBeGreaterThan(300);
      // The edits moved the numbers: the cached values of the first build no longer hold.
      expect(compareWithCache(p, afterEdit).mismatches.length).toBeGreaterThan(0);
    });
  });
});
