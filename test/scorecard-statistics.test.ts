// The scorecard's statistics (issue 11): n everywhere, no colour below the minimum n, marks only
// for differences that survive Benjamini-Hochberg, a generic planner that takes a KPI module it
// has never seen, Excel's formula limits, and one rule for reading cells that the portable
// sheet, recalculated by LibreOffice, follows cell for cell.
import {
  AGGREGATE_KPIS, csat, errors, fcr, finite, isKpiError, type KpiMeta, nps, readNumber, SAMPLE_KPIS, type SampleKpi, where,
} from "../src/kpi";
import { countBetween, countNumeric } from "../src/kpi/native";
import { twoProportionPFormula, wilsonFormulas } from "../src/kpi/nativeStats";
import { benjaminiHochberg, twoProportionP, wilsonInterval } from "../src/kpi/stats";
import { cellAddress } from "../src/scorecard/a1";
import { excelTrim } from "../src/scorecard/groups";
import { MARK_DOWN, MARK_UP, MAX_FORMULA, type PlanInput, SMALL_SAMPLE } from "../src/scorecard/plan";
import type { ColumnMapping, ColumnRole, DataTable, FormulaCell, PlanCell, ScorecardPlan, ScorecardSpec } from "../src/scorecard/types";
import { disposeLibreOffice, libreOfficeAvailable, type CellValue } from "./helpers/libreoffice";
import { compareWithCache, recalculatedScorecard } from "./helpers/recalculated";
import { cellAt, kpiCell, panelCell, panelLabels } from "./helpers/layout";
import { cells, planOf, specOf, statsRow, valueOf } from "./helpers/planned";

const BUILT_AT = new Date("2026-11-30T09:00:00Z");
const JAN = 45658; // 2025-01-01 as an Excel serial
const describeLO = libreOfficeAvailable() ? describe : describe.skip;

const plan = (spec: ScorecardSpec, data: DataTable, extra: Partial<PlanInput> = {}): ScorecardPlan => planOf(spec, data, BUILT_AT, extra);
const isFormula = (c: PlanCell): c is FormulaCell => typeof c === "object" && c !== null;

/** Row and column of the first block cell equal to text. */
function find(p: ScorecardPlan, text: string): { row: number; col: number } {
  for (const b of p.blocks) {
    for (let r = 0; r < b.cells.length; r++) {
      const k = b.cells[r].indexOf(text);
      if (k >= 0) return { row: b.row + r, col: b.col + k };
    }
  }
  throw new Error(`no cell holds ${text}`);
}


/** NPS answers: promoters, passives and detractors in those numbers. */
const answers = (promoters: number, passives: number, detractors: number): number[] => [
  ...Array<number>(promoters).fill(10), ...Array<number>(passives).fill(8), ...Array<number>(detractors).fill(3),
];

describe("the scorecard's claims rest on n", () => {
  // North clearly above the rest, South clearly below, East like everyone, EMEA two answers of 10.
  const groups: [string, number[]][] = [
    ["North", answers(150, 30, 20)],
    ["South", answers(40, 60, 100)],
    ["East", answers(80, 60, 60)],
    ["EMEA", answers(2, 0, 0)],
  ];
  const data: DataTable = { headers: ["Region", "Recommend"], rows: groups.flatMap(([g, xs]) => xs.map((x) => [g, x])) };
  const spec = specOf(data, [{ index: 0, header: "Region", role: "segment" }, { index: 1, header: "Recommend", role: "nps" }]);
  const p = plan(spec, data);
  const c = cells(p);

  it("gives every segment value its n in a panel of the same shape, and an interval in the statistics table", () => {
    expect(panelLabels(p, "By Region")).toContain("EMEA");
    expect(valueOf(cellAt(p, panelCell(p, "By Region", "Net Promoter Score (NPS)", "EMEA")))).toBe(100);
    expect(valueOf(cellAt(p, panelCell(p, "n by Region", "Net Promoter Score (NPS)", "EMEA")))).toBe(2);
    const stats = statsRow(p, "Net Promoter Score (NPS)", "Region: North");
    expect(valueOf(stats["n"])).toBe(200);
    const [lo, hi] = [valueOf(stats["95% low"]) as number, valueOf(stats["95% high"]) as number];
    expect(lo).toBeLessThan(valueOf(stats["Value"]) as number);
    expect(hi).toBeGreaterThan(valueOf(stats["Value"]) as number);
  });

  it("paints a segment of 2 answers neutral, never green, however high its value", () => {
    const at = panelCell(p, "By Region", "Net Promoter Score (NPS)", panelLabels(p, "By Region")[0]);
    const rules = p.conditionalFormats.find((cf) => cf.range.row === at.row && cf.range.col === at.col)?.rules ?? [];
    const first = at.address;
    const firstN = panelCell(p, "n by Region", "Net Promoter Score (NPS)", panelLabels(p, "By Region")[0]).address;
    // Grey first; then a marked value in its band's colours with its mark; then the bands.
    expect(rules.map((r) => `${r.band}${r.mark ?? ""}`)).toEqual(["neutral", "green▲", "amber▲", "red▲", "mark▲", "green▼", "amber▼", "red▼", "mark▼", "green", "amber", "red"]);
    // The run's rules hold only in the values' columns (the n stand between them).
    expect(rules[0].formula).toBe(`=AND(MOD(COLUMN(${first})-${at.col + 1},2)=0,ISNUMBER(${first}),ISNUMBER(${firstN}),${firstN}<$B$4)`);
    // Green needs n at or above the minimum n, read from its cell.
    expect(rules[1].formula).toContain(`OR(NOT(ISNUMBER(${firstN})),${firstN}>=$B$4)`);
    expect(rules[9].formula).toContain(`OR(NOT(ISNUMBER(${firstN})),${firstN}>=$B$4)`);
    expect(valueOf(c.get("B4"))).toBe(SMALL_SAMPLE);
  });

  it("marks North higher and South lower than the rest, and neither East nor EMEA", () => {
    const mark = (g: string) => valueOf(statsRow(p, "Net Promoter Score (NPS)", `Region: ${g}`)["Mark"]);
    expect(mark("North")).toBe(MARK_UP);
    expect(mark("South")).toBe(MARK_DOWN);
    expect(mark("East")).toBe("");
    // EMEA differs from the rest by chance or not, it has 2 answers: no mark.
    expect(mark("EMEA")).toBe("");
    // On the sheet the mark shows in the value's own cell: its rules read the statistics table's Mark cell.
    const north = panelCell(p, "By Region", "Net Promoter Score (NPS)", "North");
    const rules = p.conditionalFormats.find((cf) => cf.range.row === north.row && cf.range.col <= north.col && north.col < cf.range.col + cf.range.cols)?.rules ?? [];
    // The run's Mark cells, from the first segment's on: North's among them.
    const markCell = statsRow(p, "Net Promoter Score (NPS)", "Region: North").at["Mark"].replace(/([A-Z]+)(\d+)/, "$$$1$$$2");
    const formula = rules.find((r) => r.mark === MARK_UP)?.formula ?? "";
    expect(formula).toMatch(/INDEX\(\$[A-Z]+\$\d+:\$[A-Z]+\$\d+,\(COLUMN\([A-Z]+\d+\)-\d+\)\/2\+1\)="▲"/);
    const [top, bottom] = (/INDEX\((\$[A-Z]+\$\d+):(\$[A-Z]+\$\d+)/.exec(formula) ?? []).slice(1).map((a) => Number(a.replace(/\D/g, "")));
    const markRow = Number(markCell.replace(/\D/g, ""));
    expect(markRow).toBeGreaterThanOrEqual(top);
    expect(markRow).toBeLessThanOrEqual(bottom);
  });

  it("shows raw and Benjamini-Hochberg adjusted p-values, adjusted over the comparisons that could be marked", () => {
    // EMEA has 2 answers, below the minimum n: it is not tested, so it has no p and is not in the family.
    const emea = statsRow(p, "Net Promoter Score (NPS)", "Region: EMEA");
    expect([valueOf(emea["p-value"]), valueOf(emea["Adjusted p (BH)"])]).toEqual(["", ""]);
    const labels = ["North", "South", "East"].map((g) => `Region: ${g}`);
    const raw = labels.map((g) => valueOf(statsRow(p, "Net Promoter Score (NPS)", g)["p-value"]) as number);
    const adjusted = labels.map((g) => valueOf(statsRow(p, "Net Promoter Score (NPS)", g)["Adjusted p (BH)"]) as number);
    expect(adjusted).toEqual(benjaminiHochberg(raw));
    const north = statsRow(p, "Net Promoter Score (NPS)", "Region: North");
    const rest = groups.filter(([g]) => g !== "North").flatMap(([, xs]) => xs);
    const expected = nps([answers(150, 30, 20)]);
    expect(valueOf(north["Value"])).toBeCloseTo(expected as number, 12);
    expect(valueOf(north["Its value"])).toBeCloseTo(nps([rest]) as number, 12);
  });

  it("says n < 30 instead of a band for an overall value on too few answers", () => {
    const small: DataTable = { headers: ["Recommend"], rows: answers(10, 2, 0).map((x) => [x]) };
    const q = plan(specOf(small, [{ index: 0, header: "Recommend", role: "nps" }]), small);
    const s = q.summary.find((x) => x.id === "NPS");
    expect(s?.tooFew).toBe(true);
    expect(s?.band).toBeNull();
    expect(valueOf(cellAt(q, kpiCell(q, "Net Promoter Score (NPS)", "Status")))).toBe(`n < ${SMALL_SAMPLE}`);
  });

  it("takes the minimum n and q from the spec into their cells", () => {
    const q = plan({ ...spec, minN: 2, fdrQ: 0.01 }, data);
    expect(valueOf(cells(q).get("B4"))).toBe(2);
    expect(valueOf(cells(q).get("H4"))).toBe(0.01);
  });
});

describe("a difference marked only when it survives the false discovery rate", () => {
  // Nine segments alike and a tenth a little higher: its raw p is below 0.05, but one of ten
  // comparisons at that p is what chance gives, and BH says so.
  const alike = answers(30, 40, 30);
  const higher = answers(42, 36, 22);
  const rows: unknown[][] = [];
  for (let s = 0; s < 9; s++) for (const x of alike) rows.push([`S${s}`, x]);
  for (const x of higher) rows.push(["S9", x]);
  const data: DataTable = { headers: ["Segment", "Recommend"], rows };
  const p = plan(specOf(data, [{ index: 0, header: "Segment", role: "segment" }, { index: 1, header: "Recommend", role: "nps" }]), data);

  it("leaves a raw p of about 0.03 unmarked when ten comparisons were made", () => {
    const s9 = statsRow(p, "Net Promoter Score (NPS)", "Segment: S9");
    expect(valueOf(s9["p-value"])).toBeLessThan(0.05);
    expect(valueOf(s9["Adjusted p (BH)"])).toBeGreaterThan(0.05);
    expect(valueOf(s9["Mark"])).toBe("");
  });
});

describe("the planner is generic", () => {
  // A KPI the registry has never heard of, defined here only: the share of top-box answers.
  const meta: KpiMeta = {
    id: "TOPBOX", title: "Top-box share", unit: "fraction", numberFormat: "0.0%", direction: "higher",
    bands: { kind: "fixed", green: 0.5, amber: 0.3, labels: ["Excellent", "Acceptable", "Urgent"] }, indicator: "lagging",
    summary: "share of answers of 5 on a 1..5 scale",
  };
  const topBox: SampleKpi = {
    meta,
    role: "topbox",
    combine: "each",
    configure: () => ({
      statistics: ["n", "top box"],
      add(acc, [cell]) {
        const v = readNumber(cell);
        if (v === null || v === undefined) return null;
        acc[0]++;
        if (v === 5) acc[1]++;
        return null;
      },
      value: ([n, s]) => (n === 0 ? errors.noNumeric() : finite(s / n)),
      interval: ([n, s], confidence) => (n === 0 ? null : wilsonInterval(s, n, confidence)),
      pValue: ([na, sa], [nb, sb]) => twoProportionP(sa, na, sb, nb),
      statFormulas: ([ref], cond) => [countNumeric(where(ref, cond)), countBetween(where(ref, cond), 5, 5)],
      valueFormula: ([n, s]) => `IF(${n}=0,NA(),${s}/${n})`,
      intervalFormulas: ([n, s], confidence) => wilsonFormulas(s, n, confidence),
      pFormula: ([na, sa], [nb, sb]) => twoProportionPFormula(sa, na, sb, nb),
      liveFormula: () => null,
      note: () => "",
    }),
  };
  const registry = { samples: [...SAMPLE_KPIS, topBox], aggregates: AGGREGATE_KPIS };
  const rows: unknown[][] = [];
  for (let k = 0; k < 240; k++) rows.push([["A", "B", "C"][k % 3], JAN + 31 * (k % 4) + 3, (k * 7) % 5 + 1, (k % 11) % 2 === 0 ? "yes" : "no"]);
  const data: DataTable = { headers: ["Team", "Date", "Score", "Resolved"], rows };
  const spec = specOf(data, [
    { index: 0, header: "Team", role: "segment" },
    { index: 1, header: "Date", role: "period" },
    { index: 2, header: "Score", role: "topbox" as ColumnRole },
    { index: 3, header: "Resolved", role: "fcr" },
  ]);
  const p = plan(spec, data, { registry });

  it("gives a KPI module defined in a test a row, a value per segment and per period, with n and tests", () => {
    const c = cells(p);
    const r = find(p, "Top-box share").row;
    const scores = rows.map((x) => x[2] as number);
    expect(valueOf(c.get(cellAddress(r, 1)))).toBeCloseTo(scores.filter((x) => x === 5).length / scores.length, 12);
    const teamB = rows.filter((x) => x[0] === "B").map((x) => x[2] as number);
    expect(valueOf(statsRow(p, "Top-box share", "Team: B")["Value"])).toBeCloseTo(teamB.filter((x) => x === 5).length / teamB.length, 12);
    expect(valueOf(statsRow(p, "Top-box share", "2025-02")["Group (compared with)"])).toBe("2025-02 vs 2025-01");
    expect(p.summary.map((s) => s.id)).toEqual(["CPI", "FCR", "TOPBOX"]);
    // The FCR row beside it is the registry's own.
    expect(valueOf(c.get(cellAddress(find(p, "First Contact Resolution (FCR)").row, 1)))).toBeCloseTo(fcr([rows.map((x) => x[3])]) as number, 12);
  });

  describeLO("recalculated by LibreOffice", () => {
    let sheet: CellValue[][];
    beforeAll(async () => {
      sheet = await recalculatedScorecard(p, { name: "Data", table: data, dateColumns: [1] });
    }, 240_000);
    afterAll(disposeLibreOffice);

    it("recalculates the new KPI's portable formulas to the values the planner cached", () => {
      expect(cachedMismatches(p, sheet)).toEqual([]);
    });
  });
});

/** Formula cells whose recalculated value is not the cached one, and a floor on how many numbers were compared. */
function cachedMismatches(p: ScorecardPlan, sheet: CellValue[][]): string[] {
  const c = compareWithCache(p, sheet);
  return c.numbers < 20 ? [...c.mismatches, `only ${c.numbers} numbers compared`] : c.mismatches;
}

describe("one rule for reading cells", () => {
  // Every kind of cell content in the KPI columns, and segment labels that differ only in
  // spaces, case, tabs and non-breaking spaces, or are longer than a formula literal may be.
  const LONG = `Region with a very long name ${"x".repeat(300)}`;
  const SEGMENTS = ["North", "north ", " NORTH", "Spaced  Out", "Spaced Out", "East\u00a0", "East", "West\t", "West", LONG];
  // No TRUE/FALSE in the numeric columns: LibreOffice stores a logical as the number 1 or 0, so
  // ISNUMBER counts it there and not in Excel; the core skips it as Excel's formulas do. Error
  // values arrive as their text ("#N/A") from a file, and are skipped as text by both.
  const NPS_CELLS: unknown[] = [10, 9, " 9", "9.0", "$5", "5%", "1,000", "9/10", "9:00", "2024-01-05", "TRUE", null, "", "N/A", "\u00a08", "\t9", "1e1", "(5)", 0, 3, 7, 8, "+6", "6.", 10, 2, "#N/A", "#DIV/0!", "+ 6", "1 0"];
  const CSAT_CELLS: unknown[] = [5, 4, " 4 ", "3.0", "$4", "80%", "4,5", "4/5", "yes", null, "N/A", 1, 2, 5, "+5"];
  const FCR_CELLS: unknown[] = [true, false, "yes", "NO", "y", "n", 1, 0, "1.0", " 0 ", "maybe", null, "TRUE", "false"];
  // Spaces inside a number ("- 5", "1 200", "-\u00a05") are not plain decimals: the functions skip them, and so must LibreOffice.
  const REVENUE_CELLS: unknown[] = [120.5, " 80 ", "$50", "1,200", "2024-01-05", null, "N/A", 0, 33.25, "-12.5", 99, "- 5", "1 200", "-\u00a05", "\u00a042\u00a0", "+ 7"];
  const rows: unknown[][] = [];
  for (let k = 0; k < 520; k++) {
    rows.push([
      SEGMENTS[k % SEGMENTS.length],
      k % 13 === 0 ? "2025-02-10" : JAN + 31 * (k % 3) + (k % 27),
      NPS_CELLS[k % NPS_CELLS.length],
      CSAT_CELLS[(k * 3) % CSAT_CELLS.length],
      FCR_CELLS[(k * 5) % FCR_CELLS.length],
      REVENUE_CELLS[(k * 7) % REVENUE_CELLS.length],
      // A second NPS column with one answer off the scale, in the West segment only.
      k === 8 ? 11 : NPS_CELLS[(k * 11) % NPS_CELLS.length],
    ]);
  }
  const data: DataTable = { headers: ["Region", "Date", "NPS", "CSAT", "FCR", "Revenue", "NPS again"], rows };
  const spec = specOf(data, [
    { index: 0, header: "Region", role: "segment" },
    { index: 1, header: "Date", role: "period" },
    { index: 2, header: "NPS", role: "nps" },
    { index: 3, header: "CSAT", role: "csat" },
    { index: 4, header: "FCR", role: "fcr" },
    { index: 5, header: "Revenue", role: "revenue" },
    { index: 6, header: "NPS again", role: "nps" },
  ]);
  const p = plan(spec, data);

  /** A cached plan value and a core result agree: the same number (1e-12), or both an error of one code. */
  const same = (cell: PlanCell, core: unknown): boolean => {
    const v = valueOf(cell);
    if (isKpiError(core)) return typeof v === "object" && v !== null && (v as { error: string }).error === core.code;
    return typeof v === "number" && typeof core === "number" && Math.abs(v - core) <= 1e-12 * Math.max(1, Math.abs(core));
  };

  /** The rows of a segment by the spreadsheet's rule: TRIM, then Excel's case-insensitive `=`. */
  const segmentRows = (label: string) => rows.filter((r) => excelTrim(String(r[0])).toLowerCase() === label.toLowerCase());

  it("groups segments as the spreadsheet's TRIM and = do: spaces fold and case is ignored, tabs and NBSP do not", () => {
    const labels = panelLabels(p, "By Region");
    expect(labels).toEqual(["East", "East\u00a0", LONG, "North", "Spaced Out", "West", "West\t"].sort((x, y) => x.localeCompare(y)));
    const north = statsRow(p, "Net Promoter Score: NPS", "Region: North");
    expect(valueOf(north["Value"])).toBeCloseTo(nps([segmentRows("North").map((r) => r[2])]) as number, 12);
    expect(valueOf(north["n"])).toBe(segmentRows("North").filter((r) => typeof readNumber(r[2]) === "number").length);
  });

  it("caches, per segment, the values the KPI functions give on the same rows", () => {
    for (const label of ["North", "Spaced Out", "East\u00a0", "West\t", LONG]) {
      const rs = segmentRows(label);
      expect(same(statsRow(p, "Customer Satisfaction (CSAT)", `Region: ${label}`)["Value"], csat([rs.map((r) => r[3])]))).toBe(true);
      expect(same(statsRow(p, "First Contact Resolution (FCR)", `Region: ${label}`)["Value"], fcr([rs.map((r) => r[4])]))).toBe(true);
      expect(same(statsRow(p, "Net Promoter Score: NPS", `Region: ${label}`)["Value"], nps([rs.map((r) => r[2])]))).toBe(true);
    }
  });

  it("makes the KPI of a segment holding an off-scale answer #VALUE!, naming the sheet row, and leaves the others numbers", () => {
    const west = statsRow(p, "Net Promoter Score: NPS again", "Region: West");
    expect(valueOf(west["Value"])).toEqual({ error: "#VALUE!" });
    const again = p.summary.find((s) => s.title === "Net Promoter Score: NPS again");
    expect(again?.error).toMatch(/response 11 at sheet row 10/);
    const first = p.summary.find((s) => s.title === "Net Promoter Score: NPS");
    expect(typeof first?.value).toBe("number");
  });

  it("never writes a string literal longer than Excel's 255 characters", () => {
    for (const b of p.blocks) for (const row of b.cells) for (const c of row) {
      if (!isFormula(c)) continue;
      for (const m of c.formula.matchAll(/"((?:[^"]|"")*)"/g)) expect(m[1].length).toBeLessThanOrEqual(255);
    }
  });

  describeLO("recalculated by LibreOffice", () => {
    let sheet: CellValue[][];
    beforeAll(async () => {
      sheet = await recalculatedScorecard(p, { name: "Data", table: data, dateColumns: [1] });
    }, 240_000);
    afterAll(disposeLibreOffice);

    it("gives every formula cell, overall, per segment and per period, the value the add-in cached", () => {
      expect(cachedMismatches(p, sheet)).toEqual([]);
    });
  });
});

describe("Excel's formula limits", () => {
  it("keeps every formula within 8,192 characters with 30 engagement columns, 17 impact columns and a 400-character segment", () => {
    const headers = ["Segment", "Date", ...Array.from({ length: 30 }, (_, k) => `Action ${k + 1}`), ...Array.from({ length: 17 }, (_, k) => `Impact ${k + 1}`)];
    const segment = `Segment ${"y".repeat(400)}`;
    const rows = Array.from({ length: 100_000 }, (_, k) => [k % 2 ? segment : "Other", JAN + (k % 60), ...headers.slice(2).map((_, j) => (k + j) % 4)]);
    const data: DataTable = { headers, rows };
    const columns: ColumnMapping[] = [
      { index: 0, header: "Segment", role: "segment" },
      { index: 1, header: "Date", role: "period" },
      ...headers.slice(2, 32).map((h, k): ColumnMapping => ({ index: k + 2, header: h, role: "engagement", weight: (k % 3) + 1 })),
      ...headers.slice(32).map((h, k): ColumnMapping => ({ index: k + 32, header: h, role: "impact" })),
    ];
    for (const mode of ["portable", "live"] as const) {
      const p = plan({ ...specOf(data, columns), source: { sheet: "Data", address: `A1:AW${rows.length + 1}` }, mode }, data);
      let longest = 0;
      for (const b of p.blocks) for (const row of b.cells) for (const c of row) if (isFormula(c)) longest = Math.max(longest, c.formula.length - 1);
      expect({ mode, fits: longest <= MAX_FORMULA }).toEqual({ mode, fits: true });
      expect(longest).toBeGreaterThan(1000);
    }
  });
});
