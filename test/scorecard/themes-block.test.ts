import { isKpiError } from "../../src/kpi";
import { boldFits, LINE_POINTS } from "../../src/scorecard/blocks/block";
import { planScorecard } from "../../src/scorecard/plan";
import { parseStoredSpec, serializeStoredSpec } from "../../src/scorecard/spec";
import type { DataTable, PlanCell, ScorecardPlan, ScorecardSpec } from "../../src/scorecard/types";
import { verbatimOf } from "../../src/scorecard/verbatim";
import { mulberry32 } from "../../src/why/random";

const COMPLAINTS = ["I was put on hold for an hour", "no callback after three days", "far too expensive for what it is"];
const PRAISE = ["friendly staff and a quick answer", "easy to order online"];
const NEUTRAL = ["ordered a new router", "second order this year", "the parcel came on a Monday", "used the app", ""];

/** A survey of 400 answers: detractors plant complaints, promoters praise, everyone says neutral things. */
function survey(): DataTable {
  const random = mulberry32(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  return {
    headers: ["Recommend", "Comment"],
    rows: Array.from({ length: 400 }, () => {
      const nps = Math.floor(random() * 11);
      const parts = [pick(NEUTRAL)];
      if (nps <= 6 && random() < 0.5) parts.push(pick(COMPLAINTS));
      if (nps >= 9 && random() < 0.5) parts.push(pick(PRAISE));
      return [nps, parts.filter((p) => p !== "").join(", ")];
    }),
  };
}

function spec(overrides: Partial<ScorecardSpec> = {}): ScorecardSpec {
  return {
    version: 1,
    source: { sheet: "Survey", address: "A1:B401" },
    columns: [
      { index: 0, header: "Recommend", role: "nps" },
      { index: 1, header: "Comment", role: "sentiment" },
    ],
    aggregates: {},
    kpis: {},
    mode: "portable",
    trend: "month",
    ...overrides,
  };
}

function plan(s: ScorecardSpec, data = survey()): ScorecardPlan {
  const result = planScorecard({ spec: s, data, existingSheets: ["Survey"], builtAt: new Date("2026-12-07T10:00:00Z") });
  if (isKpiError(result)) throw new Error(result.message);
  return result;
}

/** The rows of cells from the block headed "What detractors say" to the next blank first cell after its terms. */
function blockRows(p: ScorecardPlan): PlanCell[][] {
  const byRow = new Map<number, PlanCell[]>();
  for (const b of p.blocks) {
    b.cells.forEach((row, r) => {
      const line = byRow.get(b.row + r) ?? [];
      row.forEach((c, k) => (line[b.col + k] = c));
      byRow.set(b.row + r, line);
    });
  }
  const start = [...byRow].find(([, line]) => line[0] === "What detractors say")?.[0];
  if (start === undefined) return [];
  const out: PlanCell[][] = [];
  for (let r = start; byRow.has(r) && !(typeof byRow.get(r)?.[0] === "string" && String(byRow.get(r)?.[0]).startsWith("Statistics behind")); r++) out.push(byRow.get(r) ?? []);
  return out;
}

describe("the \"What detractors say\" block", () => {
  it("is absent unless the spec asks for it", () => {
    expect(blockRows(plan(spec()))).toEqual([]);
    expect(verbatimOf(spec(), survey())).toBeNull();
  });

  it("lists the planted complaints as said more by detractors and the praise by promoters, beyond chance", () => {
    const v = verbatimOf(spec({ themes: true }), survey());
    if (v === null || v.kind !== "themes") throw new Error(`no themes: ${JSON.stringify(v)}`);
    const named = (terms: readonly { term: string }[]) => terms.map((t) => t.term).join(" | ");
    for (const phrase of ["hold", "no_callback", "expensive"]) expect(named(v.detractors)).toContain(phrase);
    for (const phrase of ["friendly staff", "easy"]) expect(named(v.promoters)).toContain(phrase);
    const hold = v.detractors.find((t) => t.term.includes("hold"));
    expect(hold?.beyondChance).toBe(true);
    expect(hold?.promoters).toBe(0);
    expect(hold?.example).toContain("on hold");
    for (const t of v.detractors) expect(t.z).toBeGreaterThan(0);
    for (const t of v.promoters) expect(t.z).toBeLessThan(0);
    // No neutral phrase, said alike by both groups, clears the floor.
    for (const t of [...v.detractors, ...v.promoters]) if (/router|parcel|app\b|monday/.test(t.term)) expect(t.beyondChance).toBe(false);
  });

  it("shows one row for the phrases of one repeated comment, the longest named first", () => {
    const v = verbatimOf(spec({ themes: true }), survey());
    if (v === null || v.kind !== "themes") throw new Error("no themes");
    const holdRows = v.detractors.filter((t) => t.term.includes("hold"));
    expect(holdRows).toHaveLength(1);
    expect(holdRows[0].term.startsWith("put on hold")).toBe(true);
  });

  it("writes values with a note that says they were computed when the scorecard was built, in portable mode too", () => {
    const rows = blockRows(plan(spec({ themes: true })));
    expect(String(rows[1][0])).toContain("Computed by the add-in when the scorecard was built");
    expect(String(rows[3][0])).toMatch(/^Noise floor \|z\| \d\.\d\d/);
    expect(rows[5]).toEqual(["Term", "Detractors", "Promoters", "z", "Example comment"]);
    for (const row of rows) for (const c of row) expect(typeof c === "object" && c !== null && "formula" in c).toBe(false);
  });

  it("prints each count's and z's header inside its column, widened where the page has room, else broken where English breaks it, its row as tall as its lines", () => {
    // Printed, "Promoters" ran on into the z header ("Promoteız"): its column was narrower than the word.
    for (const p of [plan(spec({ themes: true })), plan({ ...spec({ themes: true }), drivers: { outcome: 0, columns: [] } })]) {
      const cells = p.blocks.flatMap((b) => b.cells.map((row, r) => ({ row: b.row + r, col: b.col, cells: row })));
      const headers = cells.filter((x) => x.col === 0 && x.cells[0] === "Term" && x.cells.length === 5);
      expect(headers).toHaveLength(2);
      for (const h of headers) {
        const lines = [1, 2, 3].map((col) => {
          const text = String(h.cells[col]);
          // Each line of the bold header fits its column by its letters' widths (block.ts, boldWidth).
          for (const line of text.split("\n")) expect([line, boldFits(line, p.columnWidths[col])]).toEqual([line, true]);
          expect(text.replace(/-\n/g, "")).toBe(["Detractors", "Promoters", "z"][col - 1]);
          return text.split("\n").length;
        });
        const tall = Math.max(...lines);
        if (tall > 1) expect(p.rowHeights?.find((x) => x.row === h.row)?.points).toBeGreaterThanOrEqual(tall * LINE_POINTS);
        expect(p.styles.some((st) => st.wrap === true && st.range.row === h.row && st.range.col === 0 && st.range.cols >= 4)).toBe(true);
      }
    }
  });

  it("says why it has no terms without an NPS column, or with too few comments", () => {
    const noNps = spec({ themes: true, columns: [{ index: 1, header: "Comment", role: "sentiment" }, { index: 0, header: "Recommend", role: "csat" }] });
    expect(verbatimOf(noNps, survey())).toEqual({ kind: "none", why: expect.stringContaining("no NPS column") });
    const few: DataTable = { headers: ["Recommend", "Comment"], rows: [[0, "slow"], [10, "great"]] };
    expect(verbatimOf(spec({ themes: true }), few)).toEqual({ kind: "none", why: "fewer than two words or phrases are mentioned in 5 comments or more (1 detractors' and 1 promoters' comments)" });
  });

  it("is kept in the stored spec", () => {
    const stored = serializeStoredSpec({ spec: spec({ themes: true }), sheetName: "KPI Scorecard", builtAt: "2026-12-07T10:00:00Z" });
    const back = parseStoredSpec(stored);
    expect(isKpiError(back) ? back.message : back.spec.themes).toBe(true);
  });
});
