// The scorecard's words: each text the add-in caches and the command line prints, and the
// native formula that writes it on the sheet, recalculated by LibreOffice to the same text.
import { kpiMeta, type KpiMeta } from "../../src/kpi";
import { countFormula, countText, differenceFormula, differenceText, fixed, pFormula, pText, statusText, targetStatusFormula, targetStatusText, valueFormula, valueText } from "../../src/scorecard/words";
import { evaluateWithLibreOffice, libreOfficeAvailable, type CellInput } from "../helpers/libreoffice";

const meta = (id: string) => kpiMeta(id) as KpiMeta;

describe("fixed", () => {
  it("rounds half away from zero as FIXED does, and drops the sign of a number that rounds to zero", () => {
    expect([fixed(2.675, 2), fixed(-2.675, 2), fixed(0.125, 2), fixed(1234.5, 0, true), fixed(-0.04, 1), fixed(9.95, 1)]).toEqual(["2.68", "-2.68", "0.13", "1,235", "0.0", "10.0"]);
  });
});

describe("the texts", () => {
  it("shows values in their KPI's format and differences in its unit", () => {
    expect([valueText(0.7284, "0.0%"), valueText(9.44, "0.0"), valueText(1234.5, "#,##0.00"), valueText(-2.74, "0.0")]).toEqual(["72.8%", "9.4", "1,234.50", "-2.7"]);
    expect([differenceText(-11.08, meta("NPS")), differenceText(0.091, meta("CSAT")), differenceText(-0.25, meta("CES")), differenceText(12.5, meta("REVENUEPERCUSTOMER"))]).toEqual([
      "11.1 points", "9.1 points", "0.25", "12.50",
    ]);
  });

  it("writes p-values to three decimals, four below 0.001, and '< 0.0001' below that", () => {
    expect([pText(0.01834), pText(0.000512), pText(0.00004), pText(1)]).toEqual(["0.018", "0.0005", "< 0.0001", "1.000"]);
    expect(countText(1006)).toBe("1,006");
  });

  it("says how far a value is short of (or over, where lower is better) its target, or that it is met", () => {
    expect(targetStatusText(17.2, 40, meta("NPS"))).toBe("22.8 points short of target");
    expect(targetStatusText(41, 40, meta("NPS"))).toBe("Target met");
    expect(targetStatusText(0.05, 0.03, meta("CHURN"))).toBe("2.00 points over target");
    expect(targetStatusText(0.02, 0.03, meta("CHURN"))).toBe("Target met");
  });

  it("puts too few answers first, the target before the band, and nothing where there is nothing to judge", () => {
    const o = { value: 17.2, band: 1 as const, banded: true, tooFew: false };
    expect(statusText(meta("NPS"), o, 40, 30)).toBe("22.8 points short of target");
    expect(statusText(meta("NPS"), o, undefined, 30)).toBe("Good, not yet Excellent");
    expect(statusText(meta("NPS"), { ...o, tooFew: true }, 40, 30)).toBe("n < 30");
    expect(statusText(meta("NPS"), { ...o, value: null }, 40, 30)).toBe("");
    // Bands that follow the target keep their own words.
    expect(statusText(meta("CLV"), { value: 380, band: 1, banded: true, tooFew: false }, 400, 30)).toBe("Near target");
  });
});

const lo = libreOfficeAvailable() ? describe : describe.skip;

lo("the formulas, recalculated by LibreOffice", () => {
  it("write the same texts as the add-in", async () => {
    const cases: { value: number; formula: (ref: string) => string; text: string }[] = [];
    const add = (value: number, formula: (ref: string) => string, text: string) => cases.push({ value, formula, text });
    for (const [x, fmt] of [[0.7284, "0.0%"], [9.44, "0.0"], [1234.5, "#,##0.00"], [-2.74, "0.0"], [2.675, "0.00"], [0.12345, "0.0%"], [-0.04, "0.0"]] as const) {
      add(x, (r) => valueFormula(r, fmt), valueText(x, fmt));
    }
    for (const [d, id] of [[-11.08, "NPS"], [0.091, "CSAT"], [-0.25, "CES"], [1234.5, "REVENUEPERCUSTOMER"]] as const) add(d, (r) => differenceFormula(r, meta(id)), differenceText(d, meta(id)));
    for (const p of [0.01834, 0.000512, 0.00004, 1, 0.0499]) add(p, pFormula, pText(p));
    add(1006, countFormula, countText(1006));
    for (const [v, t, id] of [[17.2, 40, "NPS"], [41, 40, "NPS"], [0.05, 0.03, "CHURN"], [0.71, 0.8, "CSAT"]] as const) {
      cases.push({ value: v, formula: (r) => targetStatusFormula(r, `${t}`, meta(id)), text: targetStatusText(v, t, meta(id)) });
    }
    const rows: CellInput[][] = cases.map((c, k) => [c.value, { formula: c.formula(`A${k + 1}`) }]);
    const sheet = (await evaluateWithLibreOffice({ S: rows })).S;
    expect(sheet.map((row) => row[1])).toEqual(cases.map((c) => c.text));
  }, 120_000);
});
