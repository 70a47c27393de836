// Issue 14, item 6: every formula the planner writes computes the same in Excel without dynamic
// arrays (2016, 2019, and any plain formula in a file), where a range handed to a function that
// expects one value is intersected to one row.
import { isKpiError } from "../../src/kpi";
import { planScorecard } from "../../src/scorecard/plan";
import type { ColumnMapping, DataTable, ScorecardPlan, ScorecardSpec } from "../../src/scorecard/types";

type ScorecardMode = ScorecardSpec["mode"];
import { legacyArrayProblems } from "../../src/scorecard/legacyFormulas";
import { wideSurvey } from "../helpers/surveyData";

const BUILT_AT = new Date("2026-11-30T09:00:00Z");

function planOf(data: DataTable, columns: ColumnMapping[], mode: ScorecardMode, sheet = "Data"): ScorecardPlan {
  const spec: ScorecardSpec = {
    version: 1,
    source: { sheet, address: `A1:J${data.rows.length + 1}` },
    columns,
    aggregates: { customersStart: 1000, customersLost: 50, customers: 400 },
    kpis: { NPS: { target: 40, baseline: 20, benchmark: 30 } },
    mode,
    trend: "month",
  };
  const p = planScorecard({ spec, data, existingSheets: [sheet], builtAt: BUILT_AT });
  if (isKpiError(p)) throw new Error(p.message);
  return p;
}

/** Every formula of a plan: cells, conditional formats. */
function formulasOf(p: ScorecardPlan): string[] {
  const out: string[] = [];
  for (const b of p.blocks) for (const row of b.cells) for (const c of row) if (c !== null && typeof c === "object") out.push(c.formula);
  for (const cf of p.conditionalFormats) for (const r of cf.rules) out.push(r.formula);
  return out;
}

const data = wideSurvey(3, 4, 12);
const mapped = (pairs: readonly (readonly [number, ColumnMapping["role"]])[]): ColumnMapping[] =>
  pairs.map(([index, role]) => ({ index, header: data.headers[index], role }));
const roles = mapped([
  [0, "nps"], [1, "csat"], [2, "ces"], [3, "fcr"], [4, "sentiment"], [5, "engagement"], [6, "impact"], [7, "revenue"],
  [5, "complaints"], [1, "cx"], [8, "segment"], [9, "period"],
]);
// Engagement over two columns side by side (one range) and impact over two apart (no range).
const wide: ColumnMapping[] = [
  ...roles.filter((c) => c.role !== "engagement" && c.role !== "impact"),
  { ...mapped([[5, "engagement"]])[0], weight: 2 },
  ...mapped([[6, "engagement"], [0, "impact"], [7, "impact"]]),
];

describe("the checker of formulas for Excel without dynamic arrays", () => {
  it("refuses a masked range handed to a KPI function", () => {
    expect(legacyArrayProblems(`=KPI.NPS(IF(TRIM('D'!$A$2:$A$9)=$Q$7,'D'!$B$2:$B$9,""))`)).not.toEqual([]);
  });
  it("refuses an IF inside SUMPRODUCT", () => {
    expect(legacyArrayProblems(`=SUMPRODUCT(IF(ISNUMBER($B$2:$B$9),$B$2:$B$9,0))`)).toEqual(["$B$2:$B$9 under IF inside SUMPRODUCT is intersected to one value", "$B$2:$B$9 under IF inside SUMPRODUCT is intersected to one value"]);
  });
  it("refuses MIN over an array expression and HSTACK", () => {
    expect(legacyArrayProblems(`=MIN(1,MIN(IF(ISNUMBER($J$2:$J$9),$J$2:$J$9,2)))`)).not.toEqual([]);
    expect(legacyArrayProblems(`=KPI.CIS(HSTACK($B$2:$B$9,$D$2:$D$9))`)).toContain("HSTACK does not exist in Excel 2016");
  });
  it("accepts boolean products inside SUMPRODUCT and whole ranges handed to functions", () => {
    expect(legacyArrayProblems(`=SUMPRODUCT((TRIM('D'!$A$2:$A$9)=$Q$7)*ISNUMBER('D'!$B$2:$B$9))`)).toEqual([]);
    expect(legacyArrayProblems(`=IF(ISNUMBER(J5),MIN(1,SUMPRODUCT(MIN(SMALL($J$2:$J$9,ROW($J$2:$J$9))))),"")`)).toEqual([]);
    expect(legacyArrayProblems(`=KPI.ENGAGEMENT('D'!$B$2:$C$9,{2,1})`)).toEqual([]);
  });
});

describe("every planned formula computes the same without dynamic arrays", () => {
  const cases: [string, ColumnMapping[], ScorecardMode, string][] = [
    ["every KPI, segments and trends, live", roles, "live", "Data"],
    ["every KPI, segments and trends, portable", roles, "portable", "Data"],
    ["engagement side by side and impact apart, live", wide, "live", "Survey 'answers' 2026"],
    ["engagement side by side and impact apart, portable", wide, "portable", "Survey 'answers' 2026"],
    ["no segments and no periods, live", roles.filter((c) => c.role !== "segment" && c.role !== "period"), "live", "Data"],
  ];
  it.each(cases)("%s", (_, columns, mode, sheet) => {
    const p = planOf(data, columns, mode, sheet);
    const formulas = formulasOf(p);
    expect(formulas.length).toBeGreaterThan(100);
    const problems = formulas.flatMap((f) => legacyArrayProblems(f).map((why) => `${why}: ${f.slice(0, 120)}`));
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it("writes live segment and period values as the native statistics, the whole sample as the add-in's function", () => {
    const p = planOf(data, roles, "live");
    const formulas = formulasOf(p);
    expect(formulas.filter((f) => f.startsWith("=KPI.NPS(")).length).toBe(1);
    for (const fn of ["KPI.CXINDEX(", "KPI.CPI(", "KPI.ENGAGEMENT(", "KPI.SENTIMENT("]) expect({ fn, used: formulas.some((f) => f.includes(fn)) }).toEqual({ fn, used: true });
    expect(formulas.some((f) => f.includes("IF(TRIM("))).toBe(false);
  });
});
