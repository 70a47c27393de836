// How the scorecard's lower blocks read on the printed page: the segments' panels hold a row for
// each KPI that has a value per segment, with no empty rows for the KPIs that have none (churn,
// retention: aggregate inputs); the CPI block's headers stand right-aligned over their numbers;
// the CPI's note names its components by readable short names, not ids.
import { cellAddress } from "../../src/scorecard/a1";
import { boldWidth, fitWords, LINE_POINTS, wordWidth } from "../../src/scorecard/blocks/block";
import { pageBreaks } from "../../src/scorecard/pager";
import { columnPoints, pagePoints, PRINT_SCALE } from "../../src/scorecard/print";
import { shortName } from "../../src/scorecard/rows";
import type { ColumnMapping, DataTable, ScorecardPlan } from "../../src/scorecard/types";
import { panelCell, panelLabels, panelTitles, rowTitled } from "../helpers/layout";
import { cells, planOf, specOf, valueOf } from "../helpers/planned";
import { REGION_DATE_NPS_CSAT } from "../helpers/surveyData";

/** 60 answers in two regions over two months: NPS and CSAT, plus churn and retention from inputs. */
function survey(): DataTable {
  const rows: unknown[][] = [];
  for (let k = 0; k < 60; k++) rows.push([k % 2 === 0 ? "North" : "South", 45658 + (k % 2) * 31 + 2, k % 11, 1 + (k % 5)]);
  return { headers: ["Region", "Date", "Recommend", "Satisfaction"], rows };
}
const COLUMNS: ColumnMapping[] = [...REGION_DATE_NPS_CSAT];
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

describe("page breaks around a statistics section's (continued) panel", () => {
  // Rows of one point each; a page of 30. Starts at 0, 10, 20 (a section) and 25 (its continued panel).
  const rows = (n: number) => Array.from({ length: n }, () => 1);

  it("keep a section that fits on a page whole: the page breaks before it, not before its continued panel", () => {
    expect(pageBreaks(rows(40), [0, 10, 20, 25], 30)).toEqual([25]);
    expect(pageBreaks(rows(40), [0, 10, 20, 25], 30, [], [25])).toEqual([20]);
  });

  it("part a section taller than a page at its continued panel", () => {
    expect(pageBreaks(rows(50), [0, 10, 30], 30, [], [30])).toEqual([30]);
    expect(pageBreaks(rows(70), [0, 10, 30, 50], 30, [], [30, 50])).toEqual([30, 50]);
  });

  it("leave no (continued) panel at the top of a page in a survey of four regions over six months", () => {
    const rand = (() => {
      let x = 7;
      return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
    })();
    const rows4: unknown[][] = [];
    for (let k = 0; k < 1200; k++) rows4.push([["North", "South", "East", "West"][k % 4], 45658 + (k % 6) * 31 + 2, Math.floor(rand() * 11), 1 + Math.floor(rand() * 5), 1 + Math.floor(rand() * 7), rand() < 0.7 ? "Yes" : "No"]);
    const table: DataTable = { headers: ["Region", "Date", "Recommend", "Satisfaction", "Effort", "Resolved"], rows: rows4 };
    const columns: ColumnMapping[] = [...COLUMNS, { index: 4, header: "Effort", role: "ces" }, { index: 5, header: "Resolved", role: "fcr" }];
    const q = planOf(specOf(table, columns), table, new Date("2026-12-01T09:00:00Z"));
    const firstTexts = new Map<number, string>();
    for (const b of q.blocks) if (b.col === 0) b.cells.forEach((row, r) => typeof row[0] === "string" && firstTexts.set(b.row + r, row[0]));
    const continued = [...firstTexts].filter(([, t]) => / \(continued\)$/.test(t) && !t.startsWith("By ")).map(([row]) => row);
    const sections = [...firstTexts].filter(([row, t]) => firstTexts.get(row + 1) === "Group (compared with)" && t !== "").map(([row]) => row);
    // Each section has its continued panels, and the statistics table runs over more than one page.
    expect(continued.length).toBeGreaterThanOrEqual(sections.length);
    expect(sections.length).toBe(4);
    // A section's height in points (rows of 15 points, unless the plan sets a row's height), against the page's at the print scale.
    const heightOf = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => q.rowHeights?.find((h) => h.row === from + k)?.points ?? LINE_POINTS).reduce((x, y) => x + y, 0);
    const page = (pagePoints("landscape").height * PRINT_SCALE) / (q.printScale ?? PRINT_SCALE);
    const ends = [...sections.slice(1), q.extent?.rows ?? Infinity];
    // The first section stays with the table's title above it.
    const tableTop = [...firstTexts].find(([, t]) => t.startsWith("Statistics behind every number"))?.[0] as number;
    const tall = sections.filter((top, k) => heightOf(k === 0 ? tableTop : top, ends[k]) > page);
    const breaks = q.pageBreaks ?? [];
    // A page opens with a continued panel only inside a section taller than a page; every other section starts its page whole.
    const sectionOf = (row: number) => sections.filter((top) => top <= row).pop() as number;
    expect(breaks.filter((b) => continued.includes(b) && !tall.includes(sectionOf(b)))).toEqual([]);
    expect(breaks.filter((b) => sections.includes(b)).length).toBeGreaterThan(1);
    expect(tall.length).toBeLessThan(sections.length);
  });
});

describe("page breaks around a near-empty page", () => {
  // Rows of one point each; a page of 30. Four rows of charts of 9 rows (starts 0, 9, 18, 27), then a part of 25 rows that fits no page with them.
  const rows = (n: number) => Array.from({ length: n }, () => 1);

  it("give a page that the next part did not fit after units from the page before: three rows of charts and a lone one print two and two", () => {
    expect(pageBreaks(rows(61), [0, 9, 18, 27, 36], 30)).toEqual([18, 36]);
  });

  it("leave a near-empty page alone where a block starts it on a page of its own, and still balance the page before it", () => {
    expect(pageBreaks(rows(45), [0, 9, 18, 27, 36], 30, [36])).toEqual([18, 36]);
  });

  it("take no unit that would leave the page before with less than the near-empty page gets", () => {
    // Units of 5 and 23 rows fill the first page; one of 5 rows is left before a part of 26: taking the 23 would leave 5.
    expect(pageBreaks(rows(59), [0, 5, 28, 33], 30)).toEqual([28, 33]);
  });
});

describe("header words in narrow columns", () => {
  it("break where a dictionary breaks them (Merriam-Webster's syllables), not at the column's edge", () => {
    // com·ments, im·por·tance, de·trac·tors, pro·mot·ers, sat·is·fied, quad·rant, com·plaints, re·spon·dents.
    const broken = (word: string, width: number) => fitWords(word, width).split("\n");
    expect(broken("comments", 8)).toEqual(["com-", "ments"]);
    expect(broken("Importance", 10)).toEqual(["Impor-", "tance"]);
    expect(broken("detractors", 8)).toEqual(["detrac-", "tors"]);
    expect(broken("promoters", 8)).toEqual(["promot-", "ers"]);
    expect(broken("satisfied", 7)).toEqual(["satis-", "fied"]);
    expect(broken("Quadrant", 8)).toEqual(["Quad-", "rant"]);
    expect(broken("complaints", 8)).toEqual(["com-", "plaints"]);
    expect(broken("respondents", 8)).toEqual(["respon-", "dents"]);
    // Wide letters count: "comments" needs a column of 10 (LibreOffice prints "comment" / "s" in one of 9), "resolved" of the same length 8.
    expect([wordWidth("comments"), wordWidth("resolved"), wordWidth("p-value")]).toEqual([10, 8, 7]);
    expect(boldWidth("mm")).toBeGreaterThan(boldWidth("ilil"));
    expect(fitWords("comments", 9)).toBe("com-\nments");
    expect(fitWords("comments", 10)).toBe("comments");
    // A word that fits, and words of a header that fit, are left alone.
    expect(fitWords("sum of squares", 8)).toBe("sum of squares");
  });

  it("print unbroken where the page has room: the pager widens their columns, and breaks a word only where one more character would push a printed column off the page", () => {
    const rand = (() => {
      let x = 11;
      return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
    })();
    const rows4: unknown[][] = [];
    for (let k = 0; k < 800; k++) rows4.push([["North", "South", "East", "West"][k % 4], 45658 + (k % 3) * 31 + 2, Math.floor(rand() * 11), 1 + Math.floor(rand() * 5), rand() < 0.7 ? "Yes" : "No"]);
    const table: DataTable = { headers: ["Region", "Date", "Recommend", "Satisfaction", "Resolved"], rows: rows4 };
    const q = planOf(specOf(table, [...COLUMNS, { index: 4, header: "Resolved", role: "fcr" }]), table, new Date("2026-12-01T09:00:00Z"));
    const widths = q.columnWidths;
    const page = pagePoints("landscape").width;
    const printed = (q.printArea?.cols ?? 0);
    const used = widths.slice(0, printed).reduce((x, w, k) => x + ((q.hiddenColumns ?? []).includes(k) ? 0 : columnPoints(w)), 0);
    // The statistics table's header cells (wrapped, bold, over a panel): every word whole, or its column at the page's limit.
    const headers = q.blocks.filter((b) => b.cells.length === 1 && (b.cells[0][0] === "Group (compared with)" || / \(continued\)$/.test(String(b.cells[0][0]))));
    expect(headers.length).toBeGreaterThan(3);
    const words = headers.flatMap((b) => b.cells[0].flatMap((h, k) => (k > 0 && typeof h === "string" ? h.replace(/-\n/g, "").split(/\s+/).map((w) => ({ w, k: b.col + k, cell: h })) : [])));
    expect(words.map((x) => x.w)).toEqual(expect.arrayContaining(["promoters", "detractors", "satisfied", "resolved"]));
    // A word the cell does not hold whole was broken with a hyphen.
    const broken = words.filter((x) => !x.cell.split(/\s+/).includes(x.w));
    const whole = words.filter((x) => !broken.includes(x));
    // Some words wider than a column of 8 holds print whole: their columns were widened.
    expect(whole.filter((x) => wordWidth(x.w) > 8).length).toBeGreaterThan(0);
    // A whole word fits its column by the widths of its letters in bold (boldWidth, with LibreOffice's margin).
    for (const { w, k } of whole) expect([w, wordWidth(w) <= widths[k]]).toEqual([w, true]);
    // A broken word: the width it needs there would push the last printed column off the page.
    for (const { w, k } of broken) expect([w, used - columnPoints(widths[k]) + columnPoints(wordWidth(w)) > page]).toEqual([w, true]);
  });
});
