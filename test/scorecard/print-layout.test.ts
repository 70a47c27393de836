// How the scorecard's lower blocks read on the printed page: the n and "vs rest" blocks hold a
// row for each KPI that has a value per segment, with no empty rows for the KPIs that have none
// (churn, retention: aggregate inputs); the CPI block's headers stand right-aligned over their
// numbers; the CPI's note names its components by readable short names, not ids.
import { C } from "../../src/scorecard/blocks/kpiTable";
import { cellAddress } from "../../src/scorecard/a1";
import { shortName } from "../../src/scorecard/rows";
import type { ColumnMapping, DataTable, ScorecardPlan } from "../../src/scorecard/types";
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
const rowStarting = (prefix: string) => [...labels].find(([, t]) => t.startsWith(prefix))?.[0] ?? -1;

describe("the n and vs-rest blocks under the KPI table", () => {
  it("list the CPI, NPS and CSAT on consecutive rows right under their titles", () => {
    for (const [title, prefix] of [["n behind each segment value", "n: "], ["Segment against the rest", "vs rest: "]] as const) {
      const top = rowStarting(title);
      expect(top).toBeGreaterThan(0);
      expect([1, 2, 3].map((k) => labels.get(top + k))).toEqual(
        ["Customer Performance Index (CPI)", "Net Promoter Score (NPS)", "Customer Satisfaction (CSAT)"].map((t) => `${prefix}${t}`),
      );
    }
  });

  it("have no row for churn or retention, which have no value per segment", () => {
    expect(rowOf("Churn rate")).toBeGreaterThan(0);
    expect([...labels.values()].filter((t) => /^(n|vs rest): (Churn|Customer retention)/.test(t))).toEqual([]);
  });

  it("still band a segment value by the n row of its own KPI", () => {
    const csat = rowOf("Customer Satisfaction (CSAT)");
    const nRow = rowOf("n: Customer Satisfaction (CSAT)");
    const rules = p.conditionalFormats.filter((f) => f.range.row === csat && f.range.cols > 1);
    expect(rules).toHaveLength(1);
    expect(JSON.stringify(rules[0].rules)).toContain(cellAddress(nRow, rules[0].range.col));
    expect(valueOf(c.get(cellAddress(nRow, rules[0].range.col)))).toBe(30);
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

  it("is named by its components' short names in the CPI row's note", () => {
    const cpiRow = rowOf("Customer Performance Index (CPI)");
    const note = String(valueOf(c.get(cellAddress(cpiRow, C.note))));
    expect(note).toMatch(/^made of NPS, CSAT, churn rate, retention rate, weighted/);
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

describe("the trend blocks of six months with no target date given", () => {
  const rows: unknown[][] = [];
  for (let k = 0; k < 120; k++) rows.push([k % 2 === 0 ? "North" : "South", 45658 + (k % 6) * 31 + 2, k % 11, 1 + (k % 5)]);
  const six: DataTable = { headers: ["Region", "Date", "Recommend", "Satisfaction"], rows };
  const q = planOf(specOf(six, COLUMNS), six, new Date("2026-12-01T09:00:00Z"));
  const qc = cells(q);
  const trendTop = q.blocks.find((b) => b.col === 0 && b.cells[0][0] === "Trend by month")?.row ?? -1;

  it("keep every period's column shown, so the latest month is printed and charted", () => {
    expect([1, 2, 3, 4, 5, 6].map((col) => qc.get(cellAddress(trendTop, col)))).toEqual(["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]);
    expect(q.hiddenColumns ?? []).not.toContain(6);
  });

  it("still hide the benchmark and baseline columns beyond them", () => {
    expect(q.hiddenColumns).toEqual([8, 9, 10, 11]);
  });
});
