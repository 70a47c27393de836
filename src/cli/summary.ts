/**
 * The summary the CLI prints: one line per KPI (KPI, value, 95 % interval, status as the sheet says it, n), values
 * formatted with the KPI's number format, band names in their colours when `color` is on; a
 * value on fewer answers than the minimum n says "n < 30" instead of a band. Then the segment
 * and period differences the sheet marks, which survived the false discovery rate.
 */
import { noneHolds } from "../scorecard/blocks/findings";
import { findingLine, untestedSentence } from "../scorecard/differenceText";
import type { DriversSummary, KpiSummary, MarkedDifference, UntestedComparison } from "../scorecard/types";

const ANSI = { green: "\u001b[32m", amber: "\u001b[33m", red: "\u001b[31m", bold: "\u001b[1m", dim: "\u001b[2m", reset: "\u001b[0m" } as const;

/** Whether to colour: only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === "");
}

/** A value as its Excel number format shows it ("0.0%", "0.00", "#,##0.00"). */
export function formatValue(value: number, numberFormat: string): string {
  const percent = numberFormat.includes("%");
  const decimals = (/\.(0+)/.exec(numberFormat)?.[1] ?? "").length;
  const v = percent ? value * 100 : value;
  const text = numberFormat.includes(",")
    ? v.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
    : v.toFixed(decimals);
  return percent ? `${text}%` : text;
}

function pad(s: string, width: number, right = false): string {
  const visible = [...s].length;
  if (visible >= width) return s;
  return right ? " ".repeat(width - visible) + s : s + " ".repeat(width - visible);
}

/** The 95 % interval of a summary line as its number format shows it ("(conservative)" after the CPI's), or "". */
export function formatInterval(s: Pick<KpiSummary, "low" | "high" | "numberFormat" | "conservative">): string {
  if (s.low === null || s.low === undefined || s.high === null || s.high === undefined) return "";
  return `${formatValue(s.low, s.numberFormat)} to ${formatValue(s.high, s.numberFormat)}${s.conservative ? " (conservative)" : ""}`;
}

/** What the status column says: as the sheet's status cell (against the target, or the band), "n < 30" on too few answers, or "error". */
export function statusOf(s: KpiSummary, minN: number): string {
  if (s.status) return s.status;
  if (s.band) return s.band;
  if (s.tooFew && s.value !== null) return `n < ${minN}`;
  return s.error ? "error" : "";
}

/**
 * The key findings, as page 1 of the sheet says them: each difference that holds, most certain
 * first, as a sentence ("South: NPS 9.4, 11.1 points below the rest of the sample (n 889;
 * adjusted p 0.018)"), or the line that says none does.
 */
export function formatDifferences(differences: readonly MarkedDifference[], fdrQ: number): string {
  const lines = [`Key findings (differences that hold after the Benjamini-Hochberg correction, q = ${fdrQ}; most certain first):`];
  if (differences.length === 0) lines.push(`  ${noneHolds(fdrQ)}`);
  // The line page 1 shows; a difference without a sentence in the words every list shares.
  differences.forEach((d, k) => lines.push(`  ${k + 1}. ${findingLine(d, formatValue)}`));
  return lines.join("\n") + "\n";
}

/** Lines of the untested comparisons the summary lists before it says how many more there are. */
export const UNTESTED_SHOWN = 8;

/**
 * The comparisons too skewed to test (Cochran's rule, scorecard/skewness.ts), so that a reader
 * does not take their missing mark for "no difference": one line each (the first eight, then how
 * many more), with the n it has and the n it would need; "" when every comparison was tested.
 */
export function formatUntested(untested: readonly UntestedComparison[] | undefined): string {
  if (!untested || untested.length === 0) return "";
  const lines = [`Not tested, too skewed for the normal curve (Cochran's rule; the statistics table's p cells say the same):`];
  for (const u of untested.slice(0, UNTESTED_SHOWN)) lines.push(`  ${untestedSentence(u)}`);
  if (untested.length > UNTESTED_SHOWN) lines.push(`  and ${untested.length - UNTESTED_SHOWN} more`);
  return lines.join("\n") + "\n";
}

/** "What moves NPS": a line per driver, largest share first, then the warnings; "" without the block. */
export function formatDrivers(d: DriversSummary | null | undefined): string {
  if (!d) return "";
  if (d.none !== null) return `What moves ${d.outcome}: no driver analysis: ${d.none}\n`;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `What moves ${d.outcome} (R² ${d.r2?.toFixed(2)}, ${d.method === "shapley" ? "Shapley values" : "relative weights"}, ${(d.n ?? 0).toLocaleString("en-US")} rows with every driver answered):`,
  ];
  const width = Math.min(40, Math.max(...d.drivers.map((x) => [...x.header].length)));
  d.drivers.forEach((x, k) => {
    const name = [...x.header].length > width ? `${[...x.header].slice(0, width - 1).join("")}…` : x.header;
    const interval = x.low !== null && x.high !== null ? ` (${x.low.toFixed(3)} to ${x.high.toFixed(3)})` : "";
    lines.push(`  ${String(k + 1).padStart(2)}. ${pad(name, width)}  ${pad(pct(x.share), 6, true)} of R², importance ${x.importance.toFixed(3)}${interval}, ${x.sign > 0 ? "+" : "-"}, ${x.measure} ${(x.performance * 100).toFixed(0)}%: ${x.quadrant}`);
  });
  for (const w of d.warnings) lines.push(`  warning: ${w}`);
  return lines.join("\n") + "\n";
}

export function formatSummary(summary: readonly KpiSummary[], color: boolean, minN = 30): string {
  const paint = (code: string, s: string) => (color ? `${code}${s}${ANSI.reset}` : s);
  const rows = summary.map((s) => ({
    kpi: s.title,
    value: s.value !== null ? formatValue(s.value, s.numberFormat) : s.error ? s.error.split(" ")[0] : "",
    interval: formatInterval(s),
    band: statusOf(s, minN),
    bandIndex: s.bandIndex,
    n: s.n === null || s.n === undefined ? "" : s.n.toLocaleString("en-US"),
    error: s.error,
  }));
  const w = {
    kpi: Math.min(60, Math.max(3, ...rows.map((r) => [...r.kpi].length))),
    value: Math.max(5, ...rows.map((r) => r.value.length)),
    interval: Math.max(12, ...rows.map((r) => r.interval.length)),
    band: Math.max(6, ...rows.map((r) => r.band.length)),
    n: Math.max(1, ...rows.map((r) => r.n.length)),
  };
  const out: string[] = [];
  out.push(paint(ANSI.bold, `${pad("KPI", w.kpi)}  ${pad("Value", w.value, true)}  ${pad("95% interval", w.interval)}  ${pad("Status", w.band)}  ${pad("n", w.n, true)}`));
  for (const r of rows) {
    const kpi = [...r.kpi].length > w.kpi ? [...r.kpi].slice(0, w.kpi - 1).join("") + "…" : r.kpi;
    const bandColor = r.bandIndex === 0 ? ANSI.green : r.bandIndex === 1 ? ANSI.amber : r.bandIndex === 2 ? ANSI.red : r.error ? ANSI.red : "";
    const band = bandColor ? paint(bandColor, pad(r.band, w.band)) : pad(r.band, w.band);
    out.push(`${pad(kpi, w.kpi)}  ${pad(r.value, w.value, true)}  ${pad(r.interval, w.interval)}  ${band}  ${pad(r.n, w.n, true)}`.trimEnd());
  }
  const errors = rows.filter((r) => r.error);
  for (const r of errors) out.push(paint(ANSI.dim, `  ${r.kpi}: ${r.error}`));
  return out.join("\n") + "\n";
}
