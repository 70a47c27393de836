import { ces, csat, isKpiError, KpiError, nps, type Result, sentimentOf } from "../../src/kpi";
import { cellAddress } from "../../src/scorecard/a1";
import { planScorecard, type PlanInput, scorecardSheetName, SMALL_SAMPLE } from "../../src/scorecard/plan";
import { parseStoredSpec } from "../../src/scorecard/spec";
import { cellAt, kpiCell, panelCell, panelLabels, panelTitles, rowTitled } from "../helpers/layout";
import type { DataTable, FormulaCell, PlanCell, PlanSeriesChart, ScorecardPlan, ScorecardSpec } from "../../src/scorecard/types";

/** An A1 address made absolute: "M12" -> "$M$12". */
const absolute = (a: string) => a.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2");

const REGIONS = ["North", "South", "East"];
/** Jan 2025 .. Jun 2025 as Excel serials (the 15th of each month). */
const MONTHS = [45672, 45703, 45731, 45762, 45792, 45823];

function survey(rows = 90): DataTable {
  return {
    headers: ["Region", "Date", "Recommend", "Satisfaction", "Effort", "Resolved"],
    rows: Array.from({ length: rows }, (_, k) => [
      REGIONS[k % 3],
      MONTHS[k % 6],
      k % 17 === 0 ? null : k % 11,
      k % 13 === 0 ? "N/A" : (k % 5) + 1,
      ` ${(k % 7) + 1}`,
      k % 4 === 0 ? "no" : "yes",
    ]),
  };
}

function spec(overrides: Partial<ScorecardSpec> = {}): ScorecardSpec {
  return {
    version: 1,
    source: { sheet: "Survey", address: "A1:F91" },
    columns: [
      { index: 0, header: "Region", role: "segment" },
      { index: 1, header: "Date", role: "period" },
      { index: 2, header: "Recommend", role: "nps" },
      { index: 3, header: "Satisfaction", role: "csat" },
      { index: 4, header: "Effort", role: "ces" },
      { index: 5, header: "Resolved", role: "fcr" },
    ],
    aggregates: { customersStart: 1000, customersLost: 50 },
    kpis: { NPS: { target: 40, baseline: 20, benchmark: 30 } },
    mode: "portable",
    trend: "month",
    ...overrides,
  };
}

function plan(overrides: Partial<ScorecardSpec> = {}, extra: Partial<PlanInput> = {}): ScorecardPlan {
  const result = planScorecard({ spec: spec(overrides), data: survey(), existingSheets: ["Survey"], builtAt: new Date("2026-11-22T10:00:00Z"), ...extra });
  if (isKpiError(result)) throw new Error(result.message);
  return result;
}

/** Every written cell by A1 address. */
function cells(p: ScorecardPlan): Map<string, PlanCell> {
  const out = new Map<string, PlanCell>();
  for (const b of p.blocks) b.cells.forEach((row, r) => row.forEach((c, k) => out.set(cellAddress(b.row + r, b.col + k), c)));
  return out;
}

function rowOf(p: ScorecardPlan, titleStart: string): number {
  for (const b of p.blocks) {
    const first = b.cells[0][0];
    if (b.col === 0 && typeof first === "string" && first.startsWith(titleStart)) return b.row;
  }
  throw new Error(`no row titled ${titleStart}`);
}

function valueOf(c: PlanCell | undefined): unknown {
  if (c !== null && typeof c === "object") return (c as FormulaCell).value;
  return c;
}

function formulas(p: ScorecardPlan): string[] {
  const out: string[] = [];
  for (const b of p.blocks) for (const row of b.cells) for (const c of row) if (c !== null && typeof c === "object") out.push(c.formula);
  return out;
}

function num(r: Result<number>): number {
  if (r instanceof KpiError) throw new Error(r.message);
  return r;
}

const column = (k: number, pick: (i: number) => boolean = () => true) => survey().rows.filter((_, i) => pick(i)).map((r) => [r[k]]);

describe("the scorecard plan", () => {
  it("has a row per mapped KPI, leading indicators before lagging ones", () => {
    const p = plan();
    const titles = p.summary.map((s) => s.id);
    expect(titles).toEqual(["CPI", "CES", "FCR", "NPS", "CSAT", "CHURN"]);
    expect(rowOf(p, "Leading")).toBeLessThan(rowOf(p, "Customer Effort"));
    expect(rowOf(p, "Lagging")).toBeGreaterThan(rowOf(p, "First Contact"));
    expect(rowOf(p, "Lagging")).toBeLessThan(rowOf(p, "Net Promoter"));
  });

  it("caches the values the KPI functions compute on the same data", () => {
    const p = plan();
    const c = cells(p);
    expect(valueOf(c.get(`B${rowOf(p, "Net Promoter") + 1}`))).toBeCloseTo(num(nps(column(2))), 12);
    expect(valueOf(c.get(`B${rowOf(p, "Customer Satisfaction") + 1}`))).toBeCloseTo(num(csat(column(3))), 12);
    expect(valueOf(c.get(`B${rowOf(p, "Customer Effort") + 1}`))).toBeCloseTo(num(ces(column(4))), 12);
    expect(valueOf(c.get(`B${rowOf(p, "Churn") + 1}`))).toBeCloseTo(0.05, 12);
  });

  it("has a panel of the segments with the KPI of each segment's rows, and their n under it", () => {
    const p = plan();
    expect(panelLabels(p, "By Region")).toEqual(["East", "North", "South"]);
    REGIONS.slice().sort().forEach((region) => {
      const rows = (i: number) => REGIONS[i % 3] === region;
      expect(valueOf(cellAt(p, panelCell(p, "By Region", "Net Promoter", region)))).toBeCloseTo(num(nps(column(2, rows))), 12);
      expect(valueOf(cellAt(p, panelCell(p, "n by Region", "Net Promoter", region)))).toBe(column(2, rows).filter((r) => typeof r[0] === "number").length);
    });
  });

  it("leaves aggregate KPIs out of the segments' panel", () => {
    const p = plan();
    expect(panelTitles(p, "By Region")).toEqual(["Customer Performance Index (CPI)", "Customer Effort Score (CES)", "First Contact Resolution (FCR)", "Net Promoter Score (NPS)", "Customer Satisfaction (CSAT)"]);
  });

  it("adds a trend block by month, a line chart per column KPI over the months and a column chart per KPI over the segments", () => {
    const p = plan();
    // A period per column, then the trend test's column.
    expect(panelLabels(p, "Trend by month")).toEqual(["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "Trend"]);
    const lines = p.charts.filter((ch): ch is PlanSeriesChart => ch.type === "line");
    const bars = p.charts.filter((ch): ch is PlanSeriesChart => ch.type === "bar");
    // The Customer Performance Index heads the trend lines; every sample KPI has a line and columns.
    expect(lines.map((ch) => ch.title.replace(/ by month$/, ""))).toEqual(["Customer Performance Index (CPI)", "Customer Effort Score (CES)", "First Contact Resolution (FCR)", "Net Promoter Score (NPS)", "Customer Satisfaction (CSAT)"]);
    expect(bars).toHaveLength(4);
    expect(lines.every((ch) => ch.values.cols === 6 && / by month$/.test(ch.title))).toBe(true);
    expect(bars.every((ch) => ch.values.cols === 3)).toBe(true);
    // The charts draw the chart data beside the sheet: labels with their n, values from the panels.
    const c = cells(p);
    const npsBar = bars.find((ch) => ch.title.startsWith("Net Promoter")) as (typeof bars)[number];
    expect(valueOf(c.get(cellAddress(npsBar.categories.row, npsBar.categories.col)))).toMatch(/^East\n\(n \d+: too few\)$/);
    expect((c.get(cellAddress(npsBar.values.row, npsBar.values.col)) as FormulaCell).formula).toContain(panelCell(p, "By Region", "Net Promoter", "East").address.replace(/(\D+)(\d+)/, "$$$1$$$2"));
    // No two charts overlap.
    const key = (ch: { anchor: { row: number; col: number } }) => `${ch.anchor.row},${ch.anchor.col}`;
    expect(new Set(p.charts.map(key)).size).toBe(p.charts.length);
    const march = num(nps(column(2, (i) => i % 6 === 2)));
    expect(valueOf(cellAt(p, panelCell(p, "Trend by month", "Net Promoter", "2025-03")))).toBeCloseTo(march, 12);
  });

  it("groups by quarter when asked", () => {
    const p = plan({ trend: "quarter" });
    expect(panelLabels(p, "Trend by quarter")).toEqual(["2025 Q1", "2025 Q2"]);
  });

  it("bands with rules that read the threshold cells of the KPI's row", () => {
    const p = plan();
    const value = kpiCell(p, "Net Promoter", "Value");
    const [green, amber, n] = ["Green at", "Amber at", "n"].map((h) => absolute(kpiCell(p, "Net Promoter", h).address));
    const valueRule = p.conditionalFormats.find((cf) => cf.range.row === value.row && cf.range.col === value.col);
    expect(valueRule?.rules.map((x) => x.band)).toEqual(["neutral", "green", "amber", "red"]);
    for (const rule of valueRule?.rules.slice(1) ?? []) {
      expect(rule.formula).toContain(green);
      expect(rule.formula).toContain(amber);
      // Banded only from the minimum n on, read from its cell.
      expect(rule.formula).toContain(`${n}>=$B$4`);
    }
    expect(valueRule?.rules[1].formula).toContain(`${value.address}>=${green}`);
    expect(cellAt(p, kpiCell(p, "Net Promoter", "Green at"))).toBe(50);
    expect(cellAt(p, kpiCell(p, "Net Promoter", "Amber at"))).toBe(0);
  });

  it("inverts the bands of lower-is-better KPIs such as churn", () => {
    const p = plan();
    const value = kpiCell(p, "Churn", "Value");
    const [green, amber] = ["Green at", "Amber at"].map((h) => absolute(kpiCell(p, "Churn", h).address));
    const rules = p.conditionalFormats.find((cf) => cf.range.row === value.row && cf.range.col === value.col)?.rules ?? [];
    expect(rules[0].formula).toContain(`${value.address}<=${green}`);
    expect(rules[2].formula).toContain(`${value.address}>${amber}`);
    const status = cellAt(p, kpiCell(p, "Churn", "Status")) as FormulaCell;
    expect(status.formula).toContain(`${value.address}<=${kpiCell(p, "Churn", "Green at").address}`);
    // The middle band says what it is short of: amber never reads as plain praise.
    expect(status.value).toBe("Acceptable, not yet Excellent");
  });

  it("says where a KPI with a target stands against it, not its band's praise", () => {
    const p = plan({ kpis: { NPS: { target: 40 }, CSAT: { target: 0.3 }, CHURN: { target: 0.03 } } });
    const statusOf = (title: string) => {
      const r = rowOf(p, title);
      const header = p.blocks.find((b) => b.cells[0][0] === "KPI" && b.cells[0].includes("Status")) as (typeof p.blocks)[number];
      return cells(p).get(cellAddress(r, header.cells[0].indexOf("Status"))) as FormulaCell;
    };
    const npsValue = nps(survey().rows.map((r) => [r[2]])) as number;
    expect(npsValue).toBeLessThan(40);
    // NPS below its target: how far short, in points, whatever its band (amber "Good" here).
    expect(statusOf("Net Promoter").value).toBe(`${(40 - npsValue).toFixed(1)} points short of target`);
    expect(statusOf("Net Promoter").formula).toContain('"Target met"');
    // CSAT above its target: met.
    expect(statusOf("Customer Satisfaction").value).toBe("Target met");
    // Churn (lower is better, 5 %) past its 3 % target: over it, in percentage points.
    expect(statusOf("Churn").value).toBe("2.00 points over target");
    expect(p.summary.find((s) => s.id === "NPS")?.status).toBe(`${(40 - npsValue).toFixed(1)} points short of target`);
  });

  it("bands trend and segment cells against the thresholds of their KPI row, and marks them in their own cells", () => {
    const p = plan();
    const green = kpiCell(p, "Net Promoter", "Green at");
    for (const at of [panelCell(p, "Trend by month", "Net Promoter", "2025-01"), panelCell(p, "By Region", "Net Promoter", "East")]) {
      const rules = p.conditionalFormats.find((cf) => cf.range.row === at.row && cf.range.col <= at.col && at.col < cf.range.col + cf.range.cols)?.rules ?? [];
      expect(rules.some((rule) => rule.formula.includes(cellAddress(green.row, green.col, true)))).toBe(true);
      // A marked value shows its mark through the rule's number format, in its band's colours.
      const up = rules.filter((rule) => rule.mark === "▲");
      expect(up.map((rule) => [rule.band, rule.numberFormat])).toEqual([["green", '0.0" ▲"'], ["amber", '0.0" ▲"'], ["red", '0.0" ▲"'], ["mark", '0.0" ▲"']]);
    }
  });

  it("writes target, gap, baseline, progress and benchmark with formulas on those cells", () => {
    const p = plan();
    const get = (h: string) => cellAt(p, kpiCell(p, "Net Promoter", h));
    const at = (h: string) => kpiCell(p, "Net Promoter", h).address;
    const value = valueOf(get("Value")) as number;
    expect(get("Target")).toBe(40);
    expect(valueOf(get("Gap to target"))).toBeCloseTo(value - 40, 12);
    expect(valueOf(get("Progress"))).toBeCloseTo((value - 20) / (40 - 20), 12);
    expect(valueOf(get("vs bench-mark"))).toBeCloseTo(value - 30, 12);
    expect((get("Progress") as FormulaCell).formula).toContain(`(${at("Value")}-${at("Baseline")})/(${at("Target")}-${at("Baseline")})`);
  });

  it("uses only native Excel formulas in portable mode", () => {
    const all = formulas(plan({ mode: "portable" }));
    expect(all.length).toBeGreaterThan(20);
    expect(all.some((x) => x.includes("KPI."))).toBe(false);
  });

  it("uses KPI.* formulas in live mode for the whole sample, and a segment's native statistics for its value", () => {
    const p = plan({ mode: "live" });
    const all = formulas(p);
    expect(all).toContain(`=KPI.NPS('Survey'!$C$2:$C$91)`);
    expect(all.some((x) => x.startsWith("=KPI.CHURN("))).toBe(true);
    // No mask handed to a function: Excel without dynamic arrays would read one row of it.
    expect(all.some((x) => x.includes("KPI.NPS(IF("))).toBe(false);
    const north = panelCell(p, "By Region", "Net Promoter", "North");
    expect((cellAt(p, north) as FormulaCell).formula).toMatch(/^=\$?B\$?\d+$/);
    // The statistics it reads compare with the panel's header cell that shows the segment's label.
    const label = cellAddress(rowTitled(p, "By Region"), north.col, true);
    expect(all.some((x) => x.includes(`(TRIM('Survey'!$A$2:$A$91)=${label})*(`))).toBe(true);
  });

  it("writes plain numbers for the KPI values in values mode", () => {
    const p = plan({ mode: "values" });
    const c = cells(p);
    const r = rowOf(p, "Net Promoter") + 1;
    expect(typeof c.get(`B${r}`)).toBe("number");
    expect(formulas(p).some((x) => x.includes("KPI.") || x.includes("SUMPRODUCT"))).toBe(false);
  });

  it("reads the data from the sheet the caller names, such as the CLI's copy", () => {
    const all = formulas(plan({ mode: "live" }, { dataSheet: "Data" }));
    expect(all).toContain(`=KPI.NPS('Data'!$C$2:$C$91)`);
  });

  it("never references a whole column in a formula or a rule", () => {
    const p = plan();
    const wholeColumn = /(^|[^A-Z$])\$?[A-Z]{1,3}:\$?[A-Z]{1,3}($|[^0-9$A-Z])/;
    for (const x of formulas(p)) expect(x).not.toMatch(wholeColumn);
    for (const cf of p.conditionalFormats) for (const rule of cf.rules) expect(rule.formula).not.toMatch(wholeColumn);
  });

  it("formats each KPI in its unit: points, percent", () => {
    const p = plan();
    const fmt = (title: string) => p.blocks.find((b) => b.row === rowOf(p, title))?.numberFormats[0][1];
    expect(fmt("Net Promoter")).toBe("0.0");
    expect(fmt("Customer Satisfaction")).toBe("0.0%");
    expect(fmt("Churn")).toBe("0.00%");
  });

  it("says 'n < 30' in the status of a KPI on too few answers", () => {
    const p = planScorecard({ spec: spec({ source: { sheet: "Survey", address: "A1:F21" } }), data: survey(20), existingSheets: [], builtAt: new Date() });
    if (isKpiError(p)) throw new Error(p.message);
    expect(valueOf(cellAt(p, kpiCell(p, "Net Promoter", "Status")))).toBe(`n < ${SMALL_SAMPLE}`);
  });

  it("scores a comment column on the compound scale and says on the sheet that Excel has no formula for it", () => {
    const comments = ["Great support, thank you", "The courier was rude", "Love the new app", "Delivered on time 👍", "Not happy with billing"];
    const data: DataTable = { headers: ["Region", "Comment"], rows: Array.from({ length: 40 }, (_, k) => [REGIONS[k % 3], comments[k % comments.length]]) };
    const columns: ScorecardSpec["columns"] = [{ index: 0, header: "Region", role: "segment" }, { index: 1, header: "Comment", role: "sentiment" }];
    const expected = data.rows.reduce((k, row) => k + sentimentOf(String(row[1])), 0) / data.rows.length;
    for (const mode of ["live", "portable", "values"] as const) {
      const p = planScorecard({ spec: { version: 1, source: { sheet: "Survey", address: "A1:B41" }, columns, aggregates: {}, kpis: {}, mode, trend: "month" }, data, existingSheets: ["Survey"], builtAt: new Date() });
      if (isKpiError(p)) throw new Error(p.message);
      expect(valueOf(cellAt(p, kpiCell(p, "Sentiment", "Value")))).toBeCloseTo(expected, 12);
      expect(valueOf(cellAt(p, kpiCell(p, "Sentiment", "Status")))).toBe(expected >= 0.3 ? "Positive" : expected >= 0.05 ? "Neutral, not yet Positive" : "Negative");
      const note = String(cellAt(p, { row: rowTitled(p, "Sentiment", rowTitled(p, "Notes")), col: 0 }));
      expect(note).toContain("compound score per comment, -1..1");
      if (mode !== "values") expect(note).toContain("computed by the add-in (no native Excel formula)");
    }
  });

  it("bands CLV on the user's target: green at the target and amber at 90 % of it", () => {
    const p = plan({ aggregates: { avgPurchaseValue: 100, purchasesPerYear: 4, lifespanYears: 5 }, kpis: { CLV: { target: 2100 } } });
    const get = (h: string) => cellAt(p, kpiCell(p, "Customer Lifetime", h));
    const target = kpiCell(p, "Customer Lifetime", "Target").address;
    expect(valueOf(get("Value"))).toBe(2000);
    expect((get("Green at") as FormulaCell).formula).toBe(`=${target}`);
    expect((get("Amber at") as FormulaCell).formula).toBe(`=${target}*0.9`);
    expect(valueOf(get("Status"))).toBe("Near target");
  });

  it("names the source range and the build date", () => {
    const c = cells(plan());
    expect(c.get("A2")).toBe("Source: 'Survey'!A1:F91, 90 data rows");
    expect(String(c.get("A3"))).toMatch(/^Built: 2026-11-22 10:00 UTC/);
  });

  it("stores the spec and the sheet it built so the pane can rebuild", () => {
    const p = plan();
    const stored = parseStoredSpec(p.specStore.json);
    if (isKpiError(stored)) throw new Error(stored.message);
    expect(stored.sheetName).toBe("KPI Scorecard");
    expect(stored.spec).toEqual(spec());
  });

  it("takes the next free sheet name and never a user's sheet", () => {
    expect(scorecardSheetName(["Survey"])).toBe("KPI Scorecard");
    expect(scorecardSheetName(["kpi scorecard"])).toBe("KPI Scorecard (2)");
    expect(scorecardSheetName(["KPI Scorecard", "KPI Scorecard (2)"])).toBe("KPI Scorecard (3)");
    expect(scorecardSheetName(["KPI Scorecard"], "KPI Scorecard")).toBe("KPI Scorecard");
    expect(plan({}, { existingSheets: ["Survey", "KPI Scorecard"] }).sheetName).toBe("KPI Scorecard (2)");
  });

  it("refuses a spec with nothing to show", () => {
    const r = planScorecard({ spec: spec({ columns: [{ index: 0, header: "Region", role: "segment" }], aggregates: {} }), data: survey(), existingSheets: [], builtAt: new Date() });
    expect(isKpiError(r) && r.message).toMatch(/no KPI to show/);
  });

  it("refuses a mapped column with no usable values and names it", () => {
    const data: DataTable = { headers: ["Recommend"], rows: [["N/A"], [null], ["-"]] };
    const r = planScorecard({ spec: spec({ source: { sheet: "S", address: "A1:A4" }, columns: [{ index: 0, header: "Recommend", role: "nps" }], aggregates: {} }), data, existingSheets: [], builtAt: new Date() });
    expect(isKpiError(r) && r.message).toMatch(/Net Promoter Score.*no usable values/);
  });

  it("shows an out-of-scale response as an error in the KPI's cell rather than a wrong number", () => {
    const data = survey();
    const rows = data.rows.map((r, k) => (k === 4 ? [r[0], r[1], 11, r[3], r[4], r[5]] : r));
    const p = planScorecard({ spec: spec(), data: { headers: data.headers, rows }, existingSheets: [], builtAt: new Date() });
    if (isKpiError(p)) throw new Error(p.message);
    const s = p.summary.find((x) => x.id === "NPS");
    expect(s?.value).toBeNull();
    // Data row 5 sits on sheet row 6, below the header.
    expect(s?.error).toMatch(/#VALUE! response 11 at sheet row 6 is outside the scale/);
  });
});
