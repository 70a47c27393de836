import { band, bandIndex, KPIS, kpiMeta, thresholdsFor } from "../../src/kpi";
import { expectKpiError, ok } from "../helpers/excelArgs";

type Row = [kpi: string, direction: "higher" | "lower", green: number, amber: number, labels: [string, string, string]];

const EXCELLENT_ACCEPTABLE_URGENT: [string, string, string] = ["Excellent", "Acceptable", "Urgent"];
const EXCELLENT_GOOD_POOR: [string, string, string] = ["Excellent", "Good", "Poor"];

/** The default bands of spec/functions.md for KPIs with absolute thresholds. */
const DEFAULT_BANDS: Row[] = [
  ["CIS", "higher", 80, 60, EXCELLENT_ACCEPTABLE_URGENT],
  ["ENGAGEMENT", "higher", 80, 70, EXCELLENT_GOOD_POOR],
  ["CII", "higher", 75, 60, ["Excellent", "Moderate", "Low"]],
  ["NPS", "higher", 50, 0, EXCELLENT_GOOD_POOR],
  ["CSAT", "higher", 0.8, 0.7, EXCELLENT_ACCEPTABLE_URGENT],
  ["CES", "higher", 5.5, 4.5, EXCELLENT_ACCEPTABLE_URGENT],
  ["FCR", "higher", 0.75, 0.65, EXCELLENT_ACCEPTABLE_URGENT],
  ["CHURN", "lower", 0.02, 0.05, EXCELLENT_ACCEPTABLE_URGENT],
  ["RETENTION", "higher", 0.9, 0.8, EXCELLENT_ACCEPTABLE_URGENT],
  ["CPI", "higher", 80, 60, EXCELLENT_ACCEPTABLE_URGENT],
  ["SCALE", "higher", 80, 60, EXCELLENT_ACCEPTABLE_URGENT],
  ["CXINDEX", "higher", 50, 0, EXCELLENT_GOOD_POOR],
];

const TARGET_KPIS = ["CLV", "CLV.MARGIN", "REVENUEPERCUSTOMER"];

describe("the default bands of the registry", () => {
  it.each(DEFAULT_BANDS)("follow the catalogue for %s", (kpi, direction, green, amber, labels) => {
    const meta = kpiMeta(kpi);
    expect(meta).toBeDefined();
    expect(meta?.direction).toBe(direction);
    expect(meta?.bands).toEqual({ kind: "fixed", green, amber, labels });
  });

  it.each(TARGET_KPIS)("follow the user's target for %s", (kpi) => {
    expect(kpiMeta(kpi)?.bands).toEqual({ kind: "target", amberShare: 0.9, labels: ["On target", "Near target", "Below target"] });
    expect(kpiMeta(kpi)?.direction).toBe("higher");
  });

  it("list each KPI once", () => {
    const ids = KPIS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("KPI.BAND for higher-is-better KPIs", () => {
  it.each(DEFAULT_BANDS.filter((row) => row[1] === "higher"))("puts %s values in green from green_at on, amber from amber_at on, red below", (kpi, _d, green, amber, labels) => {
    const step = Math.max(Math.abs(green), 1) * 1e-6;
    expect(band(green + 1, kpi)).toBe(labels[0]);
    expect(band(green, kpi)).toBe(labels[0]);
    expect(band(green - step, kpi)).toBe(labels[1]);
    expect(band(amber, kpi)).toBe(labels[1]);
    expect(band(amber - step, kpi)).toBe(labels[2]);
  });

  it("reads NPS 50 as Excellent, 49.9 and 0 as Good and -0.1 as Poor", () => {
    expect(band(50, "NPS")).toBe("Excellent");
    expect(band(49.9, "NPS")).toBe("Good");
    expect(band(0, "NPS")).toBe("Good");
    expect(band(-0.1, "NPS")).toBe("Poor");
  });
});

describe("KPI.BAND for lower-is-better KPIs", () => {
  it("reads churn at or below 0.02 as Excellent, up to 0.05 as Acceptable and above as Urgent", () => {
    expect(band(0, "CHURN")).toBe("Excellent");
    expect(band(0.02, "CHURN")).toBe("Excellent");
    expect(band(0.021, "CHURN")).toBe("Acceptable");
    expect(band(0.05, "CHURN")).toBe("Acceptable");
    expect(band(0.051, "CHURN")).toBe("Urgent");
  });

  it("takes overridden churn thresholds the same way round", () => {
    expect(band(0.03, "CHURN", 0.03, 0.06)).toBe("Excellent");
    expect(band(0.06, "CHURN", 0.03, 0.06)).toBe("Acceptable");
    expect(band(0.07, "CHURN", 0.03, 0.06)).toBe("Urgent");
  });

  it("rejects an amber threshold below green for churn", () => {
    expectKpiError(band(0.03, "CHURN", 0.05, 0.02), "#VALUE!", "amber_at", "green_at", "CHURN");
  });
});

describe("KPI.BAND overrides", () => {
  it("moves the green threshold alone", () => {
    expect(band(30, "NPS", 30)).toBe("Excellent");
    expect(band(29, "NPS", 30)).toBe("Good");
  });

  it("moves both thresholds", () => {
    expect(band(30, "NPS", 40, 35)).toBe("Poor");
    expect(band(0.75, "CSAT", 0.9, 0.75)).toBe("Acceptable");
  });

  it("treats null thresholds as omitted and reads numeric text", () => {
    expect(band(55, "NPS", null, null)).toBe("Excellent");
    expect(band(" 55", "NPS", "60", [["10"]])).toBe("Good");
  });

  it("rejects amber above green for a higher-is-better KPI", () => {
    expectKpiError(band(10, "NPS", 0, 50), "#VALUE!", "amber_at", "green_at");
  });

  it("rejects thresholds that are not numbers", () => {
    expectKpiError(band(10, "NPS", "high"), "#VALUE!", "green_at must be a number");
    expectKpiError(band(10, "NPS", 50, true), "#VALUE!", "amber_at must be a number");
  });
});

describe("KPI.BAND for KPIs banded by a target", () => {
  it.each(TARGET_KPIS)("needs green_at (the target) for %s", (kpi) => {
    expectKpiError(band(2000, kpi), "#VALUE!", "green_at", kpi);
  });

  it("puts values from the target on as On target, from 90 % of it as Near target", () => {
    expect(band(2100, "CLV", 2000)).toBe("On target");
    expect(band(2000, "CLV", 2000)).toBe("On target");
    expect(band(1800, "CLV", 2000)).toBe("Near target");
    expect(band(1799.99, "CLV", 2000)).toBe("Below target");
  });

  it("takes an amber threshold of its own", () => {
    expect(band(60, "REVENUEPERCUSTOMER", 100, 50)).toBe("Near target");
    expect(band(49, "CLV.MARGIN", 100, 50)).toBe("Below target");
  });
});

describe("KPI.BAND names", () => {
  it("reads the KPI's function name in any case, with or without the KPI. prefix", () => {
    expect(band(60, "nps")).toBe("Excellent");
    expect(band(60, "KPI.NPS")).toBe("Excellent");
    expect(band(60, " kpi.nps ")).toBe("Excellent");
    expect(band(0.01, [["Churn"]])).toBe("Excellent");
    expect(band(3000, "kpi.clv.margin", 2000)).toBe("On target");
  });

  it("rejects an unknown KPI naming it and the known ones", () => {
    expectKpiError(band(1, "FOO"), "#VALUE!", 'unknown KPI "FOO"', "NPS", "CHURN");
    expectKpiError(band(1, 5), "#VALUE!", "unknown KPI");
    expectKpiError(band(1, null), "#VALUE!", "unknown KPI");
    expectKpiError(band(1, "PROGRESS"), "#VALUE!", "unknown KPI");
  });

  it("rejects a value that is not a number", () => {
    expectKpiError(band("good", "NPS"), "#VALUE!", "value must be a number");
    expectKpiError(band(null, "NPS"), "#VALUE!", "value is required");
  });
});

describe("bandIndex and thresholdsFor", () => {
  it("count 0 for green, 1 for amber and 2 for red", () => {
    const t = ok(thresholdsFor(kpiMeta("NPS")!));
    expect([bandIndex(50, t), bandIndex(10, t), bandIndex(-10, t)]).toEqual([0, 1, 2]);
  });

  it("default the amber of a target KPI to 90 % of green", () => {
    expect(ok(thresholdsFor(kpiMeta("CLV")!, 500))).toEqual({ green: 500, amber: 450, direction: "higher" });
  });
});
