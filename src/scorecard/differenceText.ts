/**
 * A difference the sheet marks, as one sentence, for every place that lists them (the command
 * line's summary, the task pane): a segment or period with its value, n, the value it is
 * compared with, the difference with its 95 % interval and the p-values; a trend as the change
 * along its fitted line. Values are formatted by the caller's formatter of Excel number formats.
 *
 *   Net Promoter Score (NPS), Region: North: 41.2 (n 1,006) against 20.7 for the rest of the
 *   sample, difference 20.5 (95 % 14.1 to 26.9), p < 0.0001, adjusted < 0.0001
 *   Net Promoter Score (NPS), trend over 6 months (2025-01 to 2025-06): -10.2 (95 % -16.7 to -3.8)
 *   along the fitted line, 41.0 to 30.8 (n 1,800), p 0.0021, adjusted 0.0119
 */
import type { MarkedDifference, UntestedComparison } from "./types";

/** A p-value as the sheet shows it: four decimals, and "< 0.0001" below that. */
export function formatP(p: number): string {
  return p < 0.0001 ? "< 0.0001" : p.toFixed(4);
}

export function differenceSentence(d: MarkedDifference, formatValue: (value: number, numberFormat: string) => string): string {
  const f = (x: number) => formatValue(x, d.numberFormat);
  const change = f(d.value - d.otherValue);
  const interval = d.differenceInterval ? ` (95 % ${f(d.differenceInterval[0])} to ${f(d.differenceInterval[1])})` : "";
  const tests = `p ${formatP(d.p)}, adjusted ${formatP(d.adjustedP)}`;
  const n = d.n.toLocaleString("en-US");
  if (d.kind === "trend") return `${d.title}, ${d.group}: ${change}${interval} along the fitted line, ${f(d.otherValue)} to ${f(d.value)} (n ${n}), ${tests}`;
  return `${d.title}, ${d.group}: ${f(d.value)} (n ${n}) against ${f(d.otherValue)} for the ${d.comparedWith}, difference ${change}${interval}, ${tests}`;
}

/**
 * A key finding as page 1 of the sheet shows it, and as every list of them says it (the command
 * line's summary and --json, the task pane's results): its mark, then its sentence ("▼ South: NPS
 * 9.4, 11.1 points below the rest of the sample (n 889; adjusted p 0.018)"). A difference the
 * planner gave no sentence reads in differenceSentence's words.
 */
export function findingLine(d: MarkedDifference, formatValue: (value: number, numberFormat: string) => string): string {
  return `${d.direction === "higher" ? "▲" : "▼"} ${d.sentence ?? differenceSentence(d, formatValue)}`;
}

/**
 * A comparison too skewed to test (Cochran's rule, skewness.ts), as one sentence in the words of
 * the sheet's p cell:
 *
 *   Revenue per customer, Region: Small against the rest of the sample: too skewed to test at n 40; needs 644
 */
export function untestedSentence(u: UntestedComparison): string {
  const what = u.kind === "trend" ? u.group : `${u.group} against the ${u.comparedWith}`;
  return `${u.title}, ${what}: too skewed to test at n ${u.n.toLocaleString("en-US")}; needs ${u.needs.toLocaleString("en-US")}`;
}
