/**
 * The summary the CLI prints: one line per KPI (KPI, value, band, n), values formatted with
 * the KPI's number format, band names in their colours when `color` is on.
 */
import type { KpiSummary } from "../scorecard/types";

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

export function formatSummary(summary: readonly KpiSummary[], color: boolean): string {
  const paint = (code: string, s: string) => (color ? `${code}${s}${ANSI.reset}` : s);
  const rows = summary.map((s) => ({
    kpi: s.title,
    value: s.value !== null ? formatValue(s.value, s.numberFormat) : s.error ? s.error.split(" ")[0] : "",
    band: s.band ?? (s.error ? "error" : ""),
    bandIndex: s.bandIndex,
    n: s.n === null ? "" : s.n.toLocaleString("en-US"),
    error: s.error,
  }));
  const w = {
    kpi: Math.min(60, Math.max(3, ...rows.map((r) => [...r.kpi].length))),
    value: Math.max(5, ...rows.map((r) => r.value.length)),
    band: Math.max(4, ...rows.map((r) => r.band.length)),
    n: Math.max(1, ...rows.map((r) => r.n.length)),
  };
  const out: string[] = [];
  out.push(paint(ANSI.bold, `${pad("KPI", w.kpi)}  ${pad("Value", w.value, true)}  ${pad("Band", w.band)}  ${pad("n", w.n, true)}`));
  for (const r of rows) {
    const kpi = [...r.kpi].length > w.kpi ? [...r.kpi].slice(0, w.kpi - 1).join("") + "…" : r.kpi;
    const bandColor = r.bandIndex === 0 ? ANSI.green : r.bandIndex === 1 ? ANSI.amber : r.bandIndex === 2 ? ANSI.red : r.error ? ANSI.red : "";
    const band = bandColor ? paint(bandColor, pad(r.band, w.band)) : pad(r.band, w.band);
    out.push(`${pad(kpi, w.kpi)}  ${pad(r.value, w.value, true)}  ${band}  ${pad(r.n, w.n, true)}`.trimEnd());
  }
  const errors = rows.filter((r) => r.error);
  for (const r of errors) out.push(paint(ANSI.dim, `  ${r.kpi}: ${r.error}`));
  return out.join("\n") + "\n";
}
