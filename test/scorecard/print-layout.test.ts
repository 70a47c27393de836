// How the scorecard's lower blocks read on the printed page: the segments' panels hold a row for
// each KPI that has a value per segment, with no empty rows for the KPIs that have none (churn,
// retention: aggregate inputs); the CPI block's headers stand right-aligned over their numbers;
// the CPI's note names its components by readable short names, not ids.
import { cellAddress } from "../../src/scorecard/a1";
import { shortName } from "../../src/scorecard/rows";
import type { ColumnMapping, DataTable, ScorecardPlan } from "../../src/scorecard/types";
import { panelCell, panelLabels, panelTitles, rowTitled } from "../helpers/layout";
import { cells, planOf, specOf, valueOf } from "../helpers/planned";

/** 60 answers in two regions over two months: NPS and CSAT, plus churn and retention from inputs. */
function survey(): DataTable {
  const rows: unknown[][] = [];
  for (let k = 0; k < 60; k++) rows.push([k % 2 === 0 ? "North" : "South", 45658 + (k % 2) * 31 + 2, k % 11, 1 + (k % 5)]);
  return { headers: ["Region", "Date", "Recommend", "Satisfaction"], rows };
}
const COLUMNS: ColumnMapping[] = [
  { index: 0, header: "Region", role: "segment" },
  { index: 1, header: "Date", role: "period" },
  { index: 2, header: "Recommend", role: "nps" },
  { index: 3, header: "Satisfaction", role: "csat" },
];
const data = survey();
const p: ScorecardPlan = planOf(
  specOf(data, COLUMNS, { aggregates: { customersStart: 1000, customersLost: 50, customersEnd: 1000, newCustomers: 50 } }),
  data, new Date("2026-12-01T09:00:00Z"),
);
const c = cells(p);
/** The first-column texts, by row. */
const labels = new Map<number, string>();
for (const b of p.blocks) if (b.col === 0) b.cells.forEach((row, r) => typeof row[0] === "string" && labels.set(b.row + r, row[0]));
const rowOf = (text: string) => [...labels].find(([, t]) => t === text)?.[0] ?? -1;

describe("the segments' panels under the KPI table", () => {
  it("list the CPI, NPS and CSAT on consecutive rows right under their headers, values and then n", () => {
    for (const heading of ["By Region", "n by Region"]) {
      expect(panelTitles(p, heading)).toEqual(["Customer Performance Index (CPI)", "Net Promoter Score (NPS)", "Customer Satisfaction (CSAT)"]);
    }
  });

  it("have no row for churn or retention, which have no value per segment", () => {
    expect(rowOf("Churn rate")).toBeGreaterThan(0);
    expect(panelTitles(p, "By Region").filter((t) => /^(Churn|Customer retention)/.test(t))).toEqual([]);
  });

  it("band a segment value by its n in the n panel", () => {
    const value = panelCell(p, "By Region", "Customer Satisfaction", "North");
    const n = panelCell(p, "n by Region", "Customer Satisfaction", "North");
    const rules = p.conditionalFormats.filter((f) => f.range.row === value.row && f.range.col === value.col);
    expect(rules).toHaveLength(1);
    expect(JSON.stringify(rules[0].rules)).toContain(n.address);
    expect(valueOf(c.get(n.address))).toBe(30);
  });
});

describe("the block that shows how the CPI is made", () => {
  const header = rowOf("Component");

  it("right-aligns every header cell after Component, so each stands over its numbers", () => {
    const groupHeaders = [...c].filter(([a, v]) => typeof v === "string" && a.endsWith(String(header + 1)) && v !== "Component");
    expect(groupHeaders.map(([, v]) => v)).toEqual(expect.arrayContaining(["Worst (0)", "All", "North", "South"]));
    const right = p.styles.filter((s) => s.range.row === header && s.horizontal === "right");
    expect(right).toHaveLength(1);
    expect(right[0].range.col).toBe(1);
    const lastCol = right[0].range.col + right[0].range.cols - 1;
    expect(c.get(cellAddress(header, lastCol))).not.toBeNull();
    expect(c.get(cellAddress(header, lastCol + 1))).toBeUndefined();
  });

  it("is named by its components' short names in the CPI's note under the KPI table", () => {
    const note = String(c.get(cellAddress(rowTitled(p, "Customer Performance Index (CPI):", rowTitled(p, "Notes")), 0)));
    expect(note).toMatch(/^Customer Performance Index \(CPI\): made of NPS, CSAT, churn rate, retention rate, weighted/);
  });
});

describe("the short name of a KPI row", () => {
  it.each([
    ["Customer Effort Score (CES)", "CES"],
    ["Customer Lifetime Value (CLV)", "CLV"],
    ["Sentiment (compound)", "sentiment"],
    ["Customer retention rate", "retention rate"],
    ["Revenue per customer", "revenue per customer"],
    ["NPS of promoters", "NPS of promoters"],
    ["Customer", "customer"],
  ])("of %s is %s", (title, short) => expect(shortName(title)).toBe(short));
});

describe("the trend of six months with no target date given", () => {
  const rows: unknown[][] = [];
  for (let k = 0; k < 120; k++) rows.push([k % 2 === 0 ? "North" : "South", 45658 + (k % 6) * 31 + 2, k % 11, 1 + (k % 5)]);
  const six: DataTable = { headers: ["Region", "Date", "Recommend", "Satisfaction"], rows };
  const q = planOf(specOf(six, COLUMNS), six, new Date("2026-12-01T09:00:00Z"));

  it("shows every period, so the latest month is printed and charted", () => {
    // Then the trend test's column.
    expect(panelLabels(q, "Trend by month")).toEqual(["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "Trend"]);
  });

  it("hides no column: the KPI table leaves out the benchmark and baseline columns nothing fills", () => {
    expect(q.hiddenColumns ?? []).toEqual([]);
    const header = q.blocks.find((b) => b.col === 0 && b.cells[0][0] === "KPI")?.cells[0] ?? [];
    expect(header.filter((h) => /Bench|Baseline|Progress|Target date/.test(String(h)))).toEqual([]);
  });
});
