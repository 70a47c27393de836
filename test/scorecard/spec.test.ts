/**
 * parseSpec reads untrusted JSON (a --spec file, the copy stored in a workbook): what it
 * accepts must fit on a sheet, or the pane and the CLI would allocate for columns Excel has not.
 */
import { isKpiError } from "../../src/kpi";
import { parseSpec } from "../../src/scorecard/spec";

const spec = (over: Record<string, unknown> = {}) => ({
  version: 1,
  source: { sheet: "Survey", address: "A1:B5" },
  columns: [{ index: 0, header: "NPS", role: "nps" }],
  ...over,
});

const message = (json: unknown) => {
  const r = parseSpec(json);
  return isKpiError(r) ? r.message : "accepted";
};

describe("a spec's columns and source stay on a sheet", () => {
  it("accepts the last column of a sheet, XFD (index 16,383)", () => {
    expect(message(spec({ columns: [{ index: 16_383, header: "NPS", role: "nps" }] }))).toBe("accepted");
  });

  it("refuses a column index of 50,000,000, naming the sheet's 16,384 columns", () => {
    expect(message(spec({ columns: [{ index: 50_000_000, header: "NPS", role: "nps" }] }))).toMatch(/columns\[0\]\.index must be a whole number from 0 to 16383 \(a sheet has 16384 columns\)/);
  });

  it("refuses a source range past the last column or row of a sheet", () => {
    expect(message(spec({ source: { sheet: "Survey", address: "A1:ZZZ5" } }))).toMatch(/source\.address "A1:ZZZ5" goes past the last cell of a sheet/);
    expect(message(spec({ source: { sheet: "Survey", address: "A1:B2000000" } }))).toMatch(/goes past the last cell of a sheet/);
  });

  it("refuses more column mappings than a sheet has columns", () => {
    const columns = Array.from({ length: 16_385 }, (_, i) => ({ index: i % 16_384, header: `c${i}`, role: "nps" }));
    expect(message(spec({ columns }))).toMatch(/columns lists 16385 columns, more than a sheet has \(16384\)/);
  });
});

describe("a KPI's smallest difference worth a mark", () => {
  it("is read from the spec in the KPI's unit, and a negative one is refused", () => {
    const ok = parseSpec(spec({ kpis: { NPS: { minDifference: 5 }, CSAT: { minDifference: 0.03 } } }));
    if (isKpiError(ok)) throw new Error(ok.message);
    expect(ok.kpis.NPS.minDifference).toBe(5);
    expect(ok.kpis.CSAT.minDifference).toBe(0.03);
    expect(message(spec({ kpis: { NPS: { minDifference: -1 } } }))).toContain("kpis.NPS.minDifference must be 0 or more");
  });
});
