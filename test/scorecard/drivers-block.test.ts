// The "What moves NPS" block (src/scorecard/driverAnalysis.ts, blocks/drivers.ts): what it
// proposes as outcome and drivers, the figures it shows checked against the key-driver functions
// and against counts made here, its formulas in each mode, its chart, and its refusals.
import { isKpiError, readFlag, readNumber } from "../../src/kpi";
import { driverAnalysisOf, driverLabel, proposeDrivers, QUADRANTS, quadrantOf } from "../../src/scorecard/driverAnalysis";
import { labelClusters, ranksText } from "../../src/scorecard/blocks/drivers";
import { planScorecard } from "../../src/scorecard/plan";
import { parseSpec, parseStoredSpec, serializeStoredSpec } from "../../src/scorecard/spec";
import type { ColumnMapping, DataTable, FormulaCell, PlanCell, PlanScatterChart, ScorecardPlan, ScorecardSpec } from "../../src/scorecard/types";
import { drivers as kpiDrivers, driversCi, driversR2 } from "../../src/why/keyDrivers";
import { COLUMNS, DRIVERS, HEADERS, spec, survey } from "../helpers/driverSurvey";


function plan(s: ScorecardSpec, data = survey()): ScorecardPlan {
  const result = planScorecard({ spec: s, data, existingSheets: ["Survey"], builtAt: new Date("2026-12-07T10:00:00Z") });
  if (isKpiError(result)) throw new Error(result.message);
  return result;
}

/** The sheet's cells by row, from the block headed "What moves ..." to the start of the next block. */
function blockRows(p: ScorecardPlan): { top: number; rows: PlanCell[][] } {
  const byRow = new Map<number, PlanCell[]>();
  for (const b of p.blocks) b.cells.forEach((row, r) => {
    const line = byRow.get(b.row + r) ?? [];
    row.forEach((c, k) => (line[b.col + k] = c));
    byRow.set(b.row + r, line);
  });
  const top = [...byRow].find(([, line]) => typeof line[0] === "string" && line[0].startsWith("What moves"))?.[0];
  if (top === undefined) return { top: -1, rows: [] };
  const next = [...byRow.keys()].filter((r) => r > top && /^(What detractors|Statistics behind)/.test(String(byRow.get(r)?.[0] ?? ""))).sort((a, b) => a - b)[0] ?? top + 60;
  return { top, rows: Array.from({ length: next - top }, (_, k) => byRow.get(top + k) ?? []) };
}

const valueOf = (c: PlanCell) => (typeof c === "object" && c !== null ? c.value : c);
const isFormula = (c: PlanCell): c is FormulaCell => typeof c === "object" && c !== null;

/** The outcome and driver columns as Excel would pass them, the FCR flags as 1/0. */
function ranges(data: DataTable) {
  const flag = (v: unknown) => (readFlag(v) === true ? 1 : readFlag(v) === false ? 0 : v);
  return {
    outcome: data.rows.map((r) => [r[0]]),
    drivers: data.rows.map((r) => DRIVERS.columns.map((k) => (k === 3 ? flag(r[k]) : r[k]))),
  };
}

/** The block's notes under its title, as one text (they are wrapped to the page's width, a line a row). */
const noteText = (rows: readonly (readonly unknown[])[]) => rows.slice(1, rows.findIndex((r) => r[0] === "Driver")).map((r) => String(r[0] ?? "")).join(" ");

describe("proposeDrivers", () => {
  it("proposes NPS as the outcome and the other survey scores as drivers, leaving out an overall rating", () => {
    expect(proposeDrivers(COLUMNS)).toEqual({ outcome: 0, columns: [2, 3, 4, 5, 6] });
  });

  it("proposes a satisfaction item as a driver, and CSAT as the outcome without NPS", () => {
    const items: ColumnMapping[] = [COLUMNS[0], ...COLUMNS.slice(2), { index: 8, header: "Satisfaction with delivery (1-5)", role: "csat" }];
    expect(proposeDrivers(items)?.columns).toContain(8);
    const noNps = COLUMNS.filter((c) => c.role !== "nps");
    expect(proposeDrivers(noNps)).toEqual({ outcome: 1, columns: [2, 3, 4, 5, 6] });
  });

  it("proposes nothing with fewer than two drivers, or without an outcome", () => {
    expect(proposeDrivers(COLUMNS.slice(0, 3))).toBeNull();
    expect(proposeDrivers(COLUMNS.filter((c) => c.role !== "nps" && c.role !== "csat"))).toBeNull();
  });
});

describe("the \"What moves NPS\" block", () => {
  it("is absent unless the spec asks for it", () => {
    expect(blockRows(plan(spec())).rows).toEqual([]);
    expect(driverAnalysisOf(spec(), survey(), true)).toBeNull();
  });

  it("shows the shares of R², the R², n and intervals KPI.DRIVERS, KPI.DRIVERS.R2 and KPI.DRIVERS.CI give on the same columns", () => {
    const data = survey();
    const a = driverAnalysisOf(spec({ drivers: DRIVERS }), data, true);
    if (a === null || a.kind !== "drivers") throw new Error(JSON.stringify(a));
    const { outcome, drivers } = ranges(data);
    const fn = kpiDrivers(outcome, drivers);
    const [[r2, used, leftOut]] = driversR2(outcome, drivers) as number[][];
    const ci = driversCi(outcome, drivers) as number[][];
    if (isKpiError(fn)) throw new Error(fn.message);
    expect([a.r2, a.n, a.leftOut]).toEqual([r2, used, leftOut]);
    for (const row of a.rows) {
      const k = row.position - 1;
      expect(row.share).toBeCloseTo((fn[k][1] as number) / 100, 12);
      expect(row.sign).toBe(fn[k][2]);
      expect(row.raw).toBeCloseTo(fn[k][0] as number, 14);
      expect(row.low).toBeCloseTo(ci[k][0], 14);
      expect(row.high).toBeCloseTo(ci[k][1], 14);
    }
    // Largest first, ranks 1..5, and speed (the strongest planted driver) on top.
    expect(a.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(a.rows[0].header).toBe("Speed (1-5)");
    expect(a.rows.map((r) => r.share)).toEqual([...a.rows.map((r) => r.share)].sort((x, y) => y - x));
  });

  it("counts each driver's mean and top-two-box (or yes) share over the rows used, as counted here", () => {
    const data = survey();
    const a = driverAnalysisOf(spec({ drivers: DRIVERS }), data, true);
    if (a === null || a.kind !== "drivers") throw new Error("no analysis");
    const complete = data.rows.filter((r) => [0, 2, 4, 5, 6].every((k) => typeof readNumber(r[k]) === "number") && typeof readFlag(r[3]) === "boolean");
    expect(a.n).toBe(complete.length);
    expect(a.leftOut).toBe(data.rows.length - complete.length);
    const agent = a.rows.find((r) => r.index === 4);
    const resolved = a.rows.find((r) => r.index === 3);
    expect(agent?.mean).toBeCloseTo(complete.reduce((s, r) => s + Number(r[4]), 0) / complete.length, 12);
    expect(agent?.topBox).toBeCloseTo(complete.filter((r) => Number(r[4]) >= 4).length / complete.length, 12);
    expect(resolved?.scale).toEqual({ kind: "flag" });
    expect(resolved?.topBox).toBeCloseTo(complete.filter((r) => r[3] === "Yes").length / complete.length, 12);
  });

  it("puts each driver in its quadrant by the averages (Martilla and James): important and below average is \"Concentrate here\"", () => {
    expect(quadrantOf(0.3, 0.4, 0.2, 0.6)).toBe(QUADRANTS.fix);
    expect(quadrantOf(0.3, 0.7, 0.2, 0.6)).toBe(QUADRANTS.keep);
    expect(quadrantOf(0.1, 0.4, 0.2, 0.6)).toBe(QUADRANTS.low);
    expect(quadrantOf(0.1, 0.7, 0.2, 0.6)).toBe(QUADRANTS.over);
    const a = driverAnalysisOf(spec({ drivers: DRIVERS }), survey(), true);
    if (a === null || a.kind !== "drivers") throw new Error("no analysis");
    expect(a.averageShare).toBeCloseTo(1 / 5, 15);
    for (const r of a.rows) expect(r.quadrant).toBe(quadrantOf(r.share, r.topBox, a.averageShare, a.averageTopBox));
  });

  it("in portable mode writes the figures as values with a note, and rank, averages and quadrants as formulas over them", () => {
    const { rows } = blockRows(plan(spec({ drivers: DRIVERS })));
    expect(rows[0][0]).toBe("What moves NPS");
    expect(noteText(rows)).toContain("Computed by the add-in when the scorecard was built");
    const header = rows.findIndex((r) => r[0] === "Driver");
    // Headers wrap in their columns, a long word broken with a hyphen ("Import-\nance"): read whole.
    expect(rows[header].filter((c) => c !== null && c !== undefined).map((c) => String(c).replace(/-\n/g, ""))).toEqual(["Driver", "Importance", "95% low", "95% high", "% of R²", "Sign", "Rank", "Mean", "Top-2 box", "Quadrant"]);
    const body = rows.slice(header + 1, header + 6);
    const cells = body.map((r) => r.filter((c) => c !== null && c !== undefined));
    for (const r of cells) {
      expect([1, 2, 3].map((k) => isFormula(r[k]))).toEqual([false, false, false]);
      expect(isFormula(r[4]) && r[4].formula.includes("/$")).toBe(true);
      expect(isFormula(r[6]) && r[6].formula.startsWith("=RANK(")).toBe(true);
      expect(isFormula(r[9]) && r[9].formula.startsWith("=IF(")).toBe(true);
    }
    expect(cells.reduce((s, r) => s + Number(valueOf(r[4])), 0)).toBeCloseTo(1, 12);
  });

  it("in live mode uses KPI.DRIVERS, KPI.DRIVERS.CI and KPI.DRIVERS.R2 where the drivers are numbers side by side", () => {
    const data = survey(false);
    const side: ScorecardSpec = spec({ mode: "live", drivers: { outcome: 0, columns: [3, 4, 5, 6] } });
    const { rows } = blockRows(plan(side, data));
    const formulas = rows.flat().filter(isFormula).map((c) => c.formula);
    expect(formulas.some((f) => f.startsWith("=INDEX(KPI.DRIVERS('Survey'!$A$2:$A$601,'Survey'!$D$2:$G$601,\"shapley\"),"))).toBe(true);
    expect(formulas.some((f) => f.includes("KPI.DRIVERS.CI('Survey'!$A$2:$A$601,'Survey'!$D$2:$G$601,\"shapley\",0.95,1000,1)"))).toBe(true);
    expect(formulas.some((f) => f.startsWith("=INDEX(KPI.DRIVERS.R2("))).toBe(true);
    // Yes/no text among the drivers, or columns apart: values, and the note says why.
    const apart = blockRows(plan(spec({ mode: "live", drivers: { outcome: 0, columns: [2, 4, 6] } }), survey(false))).rows;
    expect(apart.flat().filter(isFormula).some((c) => c.formula.includes("KPI.DRIVERS"))).toBe(false);
    expect(noteText(apart)).toContain("live formulas need the driver columns side by side");
    const text = blockRows(plan(spec({ mode: "live", drivers: { outcome: 0, columns: [3, 4, 5, 6] } }), survey(true))).rows;
    expect(noteText(text)).toContain("yes/no text is not read by KPI.DRIVERS");
  });

  it("in values mode writes no formula at all", () => {
    const { rows } = blockRows(plan(spec({ mode: "values", drivers: DRIVERS })));
    expect(rows.flat().some(isFormula)).toBe(false);
  });

  it("draws importance against performance: a labelled point per driver over its cells, and the two averages as guide lines", () => {
    const p = plan(spec({ drivers: DRIVERS }));
    const chart = p.charts.find((c): c is PlanScatterChart => c.type === "scatter");
    if (!chart) throw new Error("no scatter chart");
    const cellAt = (row: number, col: number) => p.blocks.flatMap((b) => (row >= b.row && row < b.row + b.cells.length && col >= b.col && col < b.col + b.cells[0].length ? [b.cells[row - b.row][col - b.col]] : []))[0];
    const a = driverAnalysisOf(spec({ drivers: DRIVERS }), survey(), true);
    if (a === null || a.kind !== "drivers") throw new Error("no analysis");
    expect(chart.points.map((pt) => pt.name)).toEqual(a.rows.map((r) => r.label));
    chart.points.forEach((pt, k) => {
      expect(valueOf(cellAt(pt.x.row, pt.x.col))).toBe(a.rows[k].topBox);
      expect(valueOf(cellAt(pt.y.row, pt.y.col))).toBe(a.rows[k].share);
    });
    expect(chart.lines).toHaveLength(2);
    const [horizontal, vertical] = chart.lines;
    expect([0, 1].map((k) => valueOf(cellAt(horizontal.y.row + k, horizontal.y.col)))).toEqual([a.averageShare, a.averageShare]);
    expect([0, 1].map((k) => valueOf(cellAt(vertical.x.row + k, vertical.x.col)))).toEqual([a.averageTopBox, a.averageTopBox]);
    expect(driverLabel(spec(), 2, HEADERS[2])).toBe("CES");
    expect(driverLabel(spec(), 5, HEADERS[5])).toBe("Speed");
  });

  it("warns about two drivers correlated beyond 0.9, and names a driver that duplicates others", () => {
    const base = survey();
    const twin: DataTable = { headers: [...HEADERS, "Speed again (1-5)"], rows: base.rows.map((r, i) => [...r, typeof r[5] === "number" && i % 7 !== 0 ? r[5] : 3]) };
    const a = driverAnalysisOf(spec({ drivers: { outcome: 0, columns: [4, 5, 8] } }), twin, true);
    if (a === null || a.kind !== "drivers") throw new Error("no analysis");
    expect(a.warnings.join(" ")).toMatch(/Speed \(1-5\) and Speed again \(1-5\) correlate 0\.9\d/);
    const copy: DataTable = { headers: [...HEADERS, "Copy"], rows: base.rows.map((r) => [...r, r[4]]) };
    expect(driverAnalysisOf(spec({ drivers: { outcome: 0, columns: [4, 5, 8] } }), copy, true)).toEqual({
      kind: "none", outcomeName: "NPS", why: expect.stringContaining("Copy is an exact linear combination of Agent (1-5)"),
    });
  });

  it("says why there is no analysis with one driver, or without the data rows", () => {
    expect(driverAnalysisOf(spec({ drivers: { outcome: 0, columns: [4] } }), survey(), true)).toMatchObject({ kind: "none", why: expect.stringContaining("at least two driver columns") });
    expect(driverAnalysisOf(spec({ drivers: DRIVERS }), survey(), false)).toMatchObject({ kind: "none", why: expect.stringContaining("without the data rows") });
    expect(String(blockRows(plan(spec({ drivers: { outcome: 0, columns: [4] } }))).rows[1][0])).toContain("No driver analysis: it needs at least two driver columns");
  });

  it("is kept in the stored spec, and a spec's drivers are checked", () => {
    const stored = parseStoredSpec(serializeStoredSpec({ spec: spec({ drivers: { ...DRIVERS, method: "rw" } }), sheetName: "KPI Scorecard", builtAt: "2026-12-07T10:00:00Z" }));
    expect(isKpiError(stored) ? stored.message : stored.spec.drivers).toEqual({ ...DRIVERS, method: "rw" });
    const bad = (drivers: unknown) => {
      const r = parseSpec({ ...spec(), drivers });
      return isKpiError(r) ? r.message : "accepted";
    };
    expect(bad({ outcome: 0, columns: [0, 2] })).toContain("an outcome cannot drive itself");
    expect(bad({ outcome: 0, columns: [2, 2] })).toContain("lists a column twice");
    expect(bad({ outcome: -1, columns: [2] })).toContain("drivers.outcome");
    expect(bad({ outcome: 0, columns: [2, 3], method: "lmg" })).toContain("drivers.method");
  });
});

describe("the labels of the importance-performance chart", () => {
  // A chart 480 points wide and 255 tall (the block's), y to 40 %; points as performance, share of R² and label.
  const chart = { width: 480, height: 255, yMax: 0.4 };
  const pointsOf = (list: readonly (readonly [number, number, string])[]) => list.map(([x, y, label]) => ({ x, y, label }));

  it("group the points whose labels would overlap: four complaints at 82-84 % performance and 16-19 % importance (docs/theme-drivers.png)", () => {
    const points = pointsOf([[0.11, 0.319, "Theme: Staff"], [0.84, 0.19, "Theme: Price"], [0.83, 0.174, "Theme: Wait time"], [0.83, 0.161, "Theme: Callback"], [0.82, 0.156, "Theme: Transfers"]]);
    expect(labelClusters(points, chart)).toEqual([[1, 2, 3, 4]]);
  });

  it("leave apart points whose labels stand clear of each other, at the same height or at the same performance (docs/drivers.png)", () => {
    const points = pointsOf([
      [0.5, 0.335, "CES"], [0.41, 0.283, "Speed of service"], [0.77, 0.222, "Agent knowledge"], [0.62, 0.072, "Website and app"],
      [0.33, 0.041, "Fair pricing"], [0.73, 0.024, "FCR"], [0.79, 0.024, "Delivery"],
    ]);
    expect(labelClusters(points, chart)).toEqual([]);
    // The same performance a line apart: clear; less than a line apart, overlapping.
    expect(labelClusters([{ x: 0.5, y: 0.1, label: "A driver" }, { x: 0.5, y: 0.14, label: "Another" }], chart)).toEqual([]);
    expect(labelClusters([{ x: 0.5, y: 0.1, label: "A driver" }, { x: 0.5, y: 0.11, label: "Another" }], chart)).toEqual([[0, 1]]);
  });

  it("tag a group by the ranks the table gives its drivers", () => {
    expect([ranksText([2, 3, 4, 5]), ranksText([4, 2]), ranksText([2, 3]), ranksText([3, 3])]).toEqual(["Ranks 2-5", "Ranks 2, 4", "Ranks 2, 3", "Rank 3"]);
  });
});
