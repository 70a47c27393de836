import { helpText, parseCliArgs, parseNumberFlag, parseTarget } from "../../src/cli/args";
import { formatDifferences, formatSummary, formatValue, useColor } from "../../src/cli/summary";
import type { KpiSummary } from "../../src/scorecard/types";

const run = (argv: string[]) => {
  const parsed = parseCliArgs(argv);
  if (parsed.kind !== "run") throw new Error(parsed.kind);
  return parsed.options;
};

describe("parseCliArgs", () => {
  it("reads the input, output, roles, aggregates, targets and modes", () => {
    const o = run(["data.csv", "-o", "x.xlsx", "--nps", "B", "--engagement", "C", "--engagement", "D", "--customers-start", "1,000".replace(",", ""), "--margin", "35%", "--target", "csat=85%", "--mode", "live", "--trend", "quarter", "--force"]);
    expect(o.input).toBe("data.csv");
    expect(o.output).toBe("x.xlsx");
    expect(o.roles.get("nps")).toEqual(["B"]);
    expect(o.roles.get("engagement")).toEqual(["C", "D"]);
    expect(o.aggregates).toEqual({ customersStart: 1000, margin: 0.35 });
    expect(o.targets).toEqual([{ kpi: "CSAT", value: 0.85, written: "--target csat=85%", percent: true }]);
    expect([o.mode, o.trend, o.force]).toEqual(["live", "quarter", true]);
  });
  it("takes a negative number after a flag as its value, not as an option", () => {
    expect(run(["--customers-start", "-5"]).aggregates).toEqual({ customersStart: -5 });
    expect(run(["--discount-rate", "-.5"]).aggregates).toEqual({ discountRate: -0.5 });
  });
  it("reads the minimum n and the false discovery rate", () => {
    const o = run(["--min-n", "50", "--fdr-q", "0.1"]);
    expect([o.minN, o.fdrQ]).toEqual([50, 0.1]);
    expect([run([]).minN, run([]).fdrQ]).toEqual([undefined, undefined]);
  });
  it("reads --themes, the \"What detractors say\" block, and leaves it out without the flag", () => {
    expect(run(["--themes"]).themes).toBe(true);
    expect(run([]).themes).toBeUndefined();
    expect(helpText("1.0.0")).toContain("--themes");
  });
  it("reads --drivers as one list (repeated or comma-separated) with --outcome, and refuses auto or none beside columns", () => {
    expect(run(["--drivers", "F,G", "--drivers", "Agent knowledge (1-5)", "--outcome", "D"])).toMatchObject({ drivers: ["F", "G", "Agent knowledge (1-5)"], outcome: "D" });
    expect(run(["--drivers", "auto"]).drivers).toEqual(["auto"]);
    expect(run([]).drivers).toBeUndefined();
    expect(() => run(["--drivers", "auto,F"])).toThrow("--drivers auto stands alone");
    expect(() => run(["--outcome", "D"])).toThrow("--outcome needs --drivers");
    expect(helpText("1.0.0")).toContain("--drivers COL,...|auto");
  });
  it("knows help and version", () => {
    expect(parseCliArgs(["--help"]).kind).toBe("help");
    expect(parseCliArgs(["-v"]).kind).toBe("version");
  });
  it.each([
    [["--nps", "A", "--nps", "B"], /--nps is given 2 times/],
    [["--mode", "x"], /--mode "x" is not known/],
    [["--trend", "week"], /--trend "week" is not known/],
    [["--min-n", "-3"], /--min-n "-3" is not a whole number/],
    [["--min-n", "2.5"], /--min-n "2.5" is not a whole number/],
    [["--fdr-q", "5%"], /--fdr-q "5%" is not a fraction strictly between 0 and 1/],
    [["--fdr-q", "1"], /--fdr-q "1" is not a fraction/],
    [["--nope"], /Unknown option '--nope'/],
    [["--nps"], /argument missing|needs a value/],
    [["--margin", "abc"], /--margin "abc" is not a number/],
    [["a.csv", "b.csv"], /one input file at a time/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
  it("reads targets with a date", () => {
    expect(parseTarget("KPI.NPS = 65 @ 2027-06-30")).toEqual({ kpi: "NPS", value: 65, date: "2027-06-30", written: "--target KPI.NPS = 65 @ 2027-06-30" });
    expect(parseNumberFlag("x", "12.5%")).toBe(0.125);
  });
  it("lists every role and aggregate flag in the help", () => {
    const help = helpText("1.2.3");
    expect(help).toMatch(/^kpi-scorecard 1\.2\.3/);
    expect(help).toContain("--acquisition-cost N");
    expect(help).toContain("--impact COL");
  });
});

describe("summary", () => {
  const summary: KpiSummary[] = [
    { id: "NPS", title: "Net Promoter Score (NPS)", value: 27.94, error: null, band: "Good", bandIndex: 1, n: 2840, numberFormat: "0.0", low: 25.1, high: 30.7 },
    { id: "CSAT", title: "Customer Satisfaction (CSAT)", value: 0.81, error: null, band: "Excellent", bandIndex: 0, n: 412, numberFormat: "0.0%", low: 0.7697, high: 0.8452 },
    { id: "FCR", title: "First Contact Resolution (FCR)", value: 1, error: null, band: null, bandIndex: null, n: 2, numberFormat: "0.0%", low: 0.34238, high: 1, tooFew: true },
    { id: "CES", title: "Customer Effort Score (CES)", value: null, error: "#VALUE! response 9 at sheet row 4 is outside the scale", band: null, bandIndex: null, n: null, numberFormat: "0.00" },
  ];
  it("formats values with the KPI's number format", () => {
    expect([formatValue(27.94, "0.0"), formatValue(0.8123, "0.0%"), formatValue(1234.5, "#,##0.00"), formatValue(0.024, "0.00%")]).toEqual(["27.9", "81.2%", "1,234.50", "2.40%"]);
  });
  it("prints KPI, value, 95 % interval, band and n, and the errors under the table", () => {
    const text = formatSummary(summary, false);
    expect(text.split("\n")[0]).toMatch(/^KPI\s+Value\s+95% interval\s+Status\s+n$/);
    expect(text).toMatch(/Net Promoter Score \(NPS\)\s+27\.9\s+25\.1 to 30\.7\s+Good\s+2,840/);
    expect(text).toMatch(/Customer Satisfaction \(CSAT\)\s+81\.0%\s+77\.0% to 84\.5%\s+Excellent\s+412/);
    expect(text).toMatch(/Customer Effort Score \(CES\)\s+#VALUE!\s+error/);
    expect(text).toMatch(/ {2}Customer Effort Score \(CES\): #VALUE! response 9/);
    expect(text).not.toMatch(/\u001b\[/);
  });
  it("says n < 30 instead of a band for a value on too few answers", () => {
    expect(formatSummary(summary, false)).toMatch(/First Contact Resolution \(FCR\)\s+100\.0%\s+34\.2% to 100\.0%\s+n < 30\s+2/);
    expect(formatSummary(summary, false, 2)).toMatch(/\(FCR\)\s+100\.0%\s+34\.2% to 100\.0%\s+n < 2/);
  });
  it("lists the differences that hold as the sheet's key findings, numbered, each with its mark, or says none does", () => {
    const north = { id: "NPS", kind: "segment", title: "Net Promoter Score (NPS)", numberFormat: "0.0", group: "Region: North", comparedWith: "rest of the sample", value: 41.2, otherValue: 20.7, n: 1006, p: 2.1e-12, adjustedP: 6.9e-11, direction: "higher" } as const;
    const sentence = "North: NPS 41.2, 20.5 points above the rest of the sample (n 1,006; adjusted p < 0.0001)";
    expect(formatDifferences([{ ...north, sentence }, { ...north, group: "Region: South", direction: "lower", sentence: "South: ..." }], 0.05)).toBe(
      "Key findings (differences that hold after the Benjamini-Hochberg correction, q = 0.05; most certain first):\n" +
        `  1. ▲ ${sentence}\n` +
        "  2. ▼ South: ...\n",
    );
    expect(formatDifferences([], 0.05)).toBe(
      "Key findings (differences that hold after the Benjamini-Hochberg correction, q = 0.05; most certain first):\n" +
        "  No difference holds: no segment differs from the rest of the sample, and no period from the one before, beyond chance (q = 0.05).\n",
    );
    // A difference without a sentence of its own reads in the words every list shares (differenceText.ts).
    const trend = formatDifferences(
      [{
        id: "NPS", kind: "trend", title: "Net Promoter Score (NPS)", numberFormat: "0.0", group: "trend over 6 months (2025-01 to 2025-06)", comparedWith: "the fitted line at 2025-01",
        value: 30.8, otherValue: 41.04, n: 1800, p: 0.00213, adjustedP: 0.0119, direction: "lower", differenceInterval: [-16.71, -3.77],
      }],
      0.05,
    );
    expect(trend).toContain("  1. ▼ Net Promoter Score (NPS), trend over 6 months (2025-01 to 2025-06): -10.2 (95 % -16.7 to -3.8) along the fitted line, 41.0 to 30.8 (n 1,800), p 0.0021, adjusted 0.0119\n");
  });
  it("colours the bands only when asked", () => {
    const text = formatSummary(summary, true);
    expect(text).toContain("\u001b[33mGood");
    expect(text).toContain("\u001b[32mExcellent");
  });
  it("colours only terminals without NO_COLOR", () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({}, {})).toBe(false);
  });
});

describe("the composite flags", () => {
  it("read --complaints once, --cx repeated, and --cpi-weight KPI=W per KPI", () => {
    const o = run(["--complaints", "J", "--cx", "F", "--cx", "G", "--cx", "H", "--cpi-weight", "nps=2", "--cpi-weight", "COMPLAINTS=0.5"]);
    expect(o.roles.get("complaints")).toEqual(["J"]);
    expect(o.roles.get("cx")).toEqual(["F", "G", "H"]);
    expect(o.cpiWeights).toEqual([{ kpi: "NPS", weight: 2 }, { kpi: "COMPLAINTS", weight: 0.5 }]);
    expect(run([]).cpiWeights).toEqual([]);
  });

  it.each([
    [["--cpi-weight", "NPS"], /--cpi-weight "NPS" is not KPI=WEIGHT/],
    [["--cpi-weight", "XYZ=1"], /unknown KPI "XYZ"/],
    [["--cpi-weight", "NPS=-1"], /cannot be negative/],
    [["--cpi-weight", "NPS=lots"], /--cpi-weight "lots" is not a number/],
    [["--complaints", "A", "--complaints", "B"], /--complaints is given 2 times/],
  ])("refuse %j with one line", (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it("are in the help text", () => {
    const help = helpText("1.0.0");
    expect(help).toMatch(/--complaints COL/);
    expect(help).toMatch(/--cx COL .*repeatable/);
    expect(help).toMatch(/--cpi-weight KPI=W/);
  });
});

describe("--min-difference", () => {
  it("reads the smallest difference worth a mark per KPI, a share as a fraction or a percentage", () => {
    const o = run(["--min-difference", "nps=5", "--min-difference", "CSAT=3%", "--min-difference", "FCR=0.02"]);
    expect(o.minDifferences).toEqual([{ kpi: "NPS", value: 5 }, { kpi: "CSAT", value: 0.03 }, { kpi: "FCR", value: 0.02 }]);
    expect(run([]).minDifferences).toEqual([]);
    expect(helpText("1.0.0")).toMatch(/--min-difference KPI=D/);
  });

  it.each([
    [["--min-difference", "NPS"], /is not KPI=DIFFERENCE/],
    [["--min-difference", "XYZ=1"], /unknown KPI "XYZ"/],
    [["--min-difference", "NPS=-2"], /cannot be negative/],
    [["--min-difference", "CSAT=3"], /CSAT is a share, so its differences are fractions: write 0.03 or 3%/],
    [["--min-difference", "NPS=5%"], /NPS is no share/],
  ])("refuses %j with one line", (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
