/**
 * `kpi-scorecard --json`: the summary as JSON on standard output instead of text, for a script
 * or a pipeline (../shared/spec/scorecard.md, "Beyond one sheet"): the KPIs (id, label, value,
 * n, interval, band) and the differences that hold (KPI, group, kind, value, the value compared
 * with, the difference and its interval, p, adjusted p, and the sentence page 1 of the sheet
 * says it in: keyFindings lists them as page 1 does), with the settings they were judged by
 * and what the text summary says besides (columns used and left out, notes, files written).
 *
 * Values are in the KPI's unit, as the cells hold them (CSAT 0.692, not 69.2 %); the number
 * format says how the sheet shows them. A field the planner does not compute yet is null, not
 * left out, so a reader's code need not change when it comes (the difference's interval).
 * Made only from what the plan reports (KpiSummary, MarkedDifference): no figure of its own.
 */
import type { DriversSummary, KpiSummary, MarkedDifference, ScorecardPlan, UntestedComparison } from "../scorecard/types";
import type { MappingReport } from "./mapping";
import { findingLine } from "../scorecard/differenceText";
import { noneHolds } from "../scorecard/blocks/findings";
import { formatValue, statusOf } from "./summary";

export interface JsonKpi {
  readonly id: string;
  readonly label: string;
  readonly value: number | null;
  readonly n: number | null;
  /** The 95 % interval, or null where the KPI has none; the CPI's is conservative (at least its components' joint coverage), and says so. */
  readonly interval: { readonly low: number; readonly high: number; readonly conservative?: true } | null;
  /** The band's label ("Excellent"), or null: not banded (too few answers, no thresholds, an error). */
  readonly band: string | null;
  /** What the status column says: the band, "n < 30", "error" or "". */
  readonly status: string;
  readonly tooFew: boolean;
  readonly error: string | null;
  readonly numberFormat: string;
}

export interface JsonDifference {
  readonly kpi: string;
  readonly label: string;
  readonly group: string;
  readonly kind: MarkedDifference["kind"];
  readonly direction: MarkedDifference["direction"];
  readonly value: number;
  readonly n: number;
  readonly comparedWith: { readonly label: string; readonly value: number };
  /** value minus the compared value, in the KPI's unit. */
  readonly difference: number;
  /** The 95 % interval of the difference; null until the planner computes it. */
  readonly differenceInterval: { readonly low: number; readonly high: number } | null;
  readonly p: number;
  readonly adjustedP: number;
  readonly numberFormat: string;
  /** The finding as page 1 of the sheet says it, with its mark: "▼ South: NPS 9.4, 11.1 points below the rest of the sample (n 889; adjusted p 0.018)". */
  readonly sentence: string;
}

/** A comparison not tested because what it tests is too skewed for the normal curve (Cochran's rule). */
export interface JsonUntested {
  readonly kpi: string;
  readonly label: string;
  readonly group: string;
  readonly kind: UntestedComparison["kind"];
  readonly comparedWith: string;
  /** The smaller side's n (a trend: all its answers), and the n that would pass. */
  readonly n: number;
  readonly needs: number;
}

export interface JsonSummary {
  readonly kpis: readonly JsonKpi[];
  /**
   * The key findings in page 1's words: a line per difference that holds, most certain first
   * (each difference's sentence with its mark), or the line that says none does. Page 1 lists
   * the first five and counts the rest; the command line's text summary prints them all.
   */
  readonly keyFindings: readonly string[];
  readonly differences: readonly JsonDifference[];
  /** The comparisons too skewed to test (Cochran's rule): KPI, group, kind, the n it has and the n it would need. */
  readonly untested: readonly JsonUntested[];
  /** The "What moves ..." block's figures (shares of R², intervals, performance, quadrant, warnings); null without the block. */
  readonly drivers: DriversSummary | null;
  readonly settings: { readonly minN: number; readonly fdrQ: number; readonly mode: string };
  readonly columns: MappingReport;
  readonly notes: readonly string[];
  readonly output: { readonly xlsx: string; readonly pdf: string | null; readonly sheet: string };
}

export function jsonKpi(s: KpiSummary, minN: number): JsonKpi {
  const low = s.low ?? null;
  const high = s.high ?? null;
  return {
    id: s.id,
    label: s.title,
    value: s.value,
    n: s.n,
    interval: low !== null && high !== null ? { low, high, ...(s.conservative ? { conservative: true as const } : {}) } : null,
    band: s.band,
    status: statusOf(s, minN),
    tooFew: s.tooFew === true,
    error: s.error,
    numberFormat: s.numberFormat,
  };
}

export function jsonDifference(d: MarkedDifference): JsonDifference {
  const interval = d.differenceInterval ?? null;
  return {
    kpi: d.id,
    label: d.title,
    group: d.group,
    kind: d.kind,
    direction: d.direction,
    value: d.value,
    n: d.n,
    comparedWith: { label: d.comparedWith, value: d.otherValue },
    difference: d.value - d.otherValue,
    differenceInterval: interval ? { low: interval[0], high: interval[1] } : null,
    p: d.p,
    adjustedP: d.adjustedP,
    numberFormat: d.numberFormat,
    sentence: findingLine(d, formatValue),
  };
}

export function jsonSummary(
  plan: ScorecardPlan,
  extra: { readonly mode: string; readonly columns: MappingReport; readonly notes: readonly string[]; readonly xlsx: string; readonly pdf: string | null },
): JsonSummary {
  return {
    kpis: plan.summary.map((s) => jsonKpi(s, plan.minN)),
    keyFindings: plan.differences.length > 0 ? plan.differences.map((d) => findingLine(d, formatValue)) : [noneHolds(plan.fdrQ)],
    differences: plan.differences.map(jsonDifference),
    untested: (plan.untested ?? []).map((u) => ({ kpi: u.id, label: u.title, group: u.group, kind: u.kind, comparedWith: u.comparedWith, n: u.n, needs: u.needs })),
    drivers: plan.drivers ?? null,
    settings: { minN: plan.minN, fdrQ: plan.fdrQ, mode: extra.mode },
    columns: extra.columns,
    notes: extra.notes,
    output: { xlsx: extra.xlsx, pdf: extra.pdf, sheet: plan.sheetName },
  };
}
