/**
 * First Contact Resolution: the share of contacts resolved at the first contact, a fraction.
 * With one argument, a range of flags (TRUE/FALSE, 1/0, yes/no, y/n); with two, counts
 * (or ranges summed): resolved / total. Example: 246 of 354 -> 0.6949.
 */
import { readCount, readFlags } from "./coerce";
import { errors, finite, isKpiError, type Result } from "./errors";
import type { FunctionDef, KpiMeta } from "./types";

export const meta: KpiMeta = {
  id: "FCR",
  title: "First Contact Resolution",
  unit: "fraction",
  numberFormat: "0.0%",
  direction: "higher",
  bands: { kind: "fixed", green: 0.75, amber: 0.65, labels: ["Excellent", "Acceptable", "Urgent"] },
  indicator: "leading",
  summary: "share of contacts resolved at the first contact",
};

export function fcr(resolved: unknown, total: unknown = null): Result<number> {
  if (total === null || total === undefined) {
    const flags = readFlags(resolved);
    if (isKpiError(flags)) return flags;
    const n = flags.trues + flags.falses;
    if (n === 0) return errors.noFlags();
    return finite(flags.trues / n);
  }
  const r = readCount(resolved, "resolved");
  if (isKpiError(r)) return r;
  const t = readCount(total, "total");
  if (isKpiError(t)) return t;
  if (!(t > 0)) return errors.domain("total", t, "it must be greater than 0");
  if (r > t) return errors.invalid(`resolved (${r}) is more than total (${t})`);
  return finite(r / t);
}

/** Native Excel formula: share of true flags among readable flags of a bounded range. */
export function fcrFormula(ref: string): string {
  const word = `UPPER(TRIM(${ref}))`;
  const t = `SUMPRODUCT((${word}="TRUE")+(${word}="YES")+(${word}="Y")+(${word}="1"))`;
  const f = `SUMPRODUCT((${word}="FALSE")+(${word}="NO")+(${word}="N")+(${word}="0"))`;
  return `IF(${t}+${f}=0,NA(),${t}/(${t}+${f}))`;
}

export const functions: FunctionDef[] = [
  { name: "FCR", params: ["resolved", "total"], kinds: ["range", "optional-range"], invoke: (a) => fcr(a[0], a[1]) },
];

/** Native Excel formula: how many readable flags a bounded range holds (the n of FCR). */
export function fcrCountFormula(ref: string): string {
  const word = `UPPER(TRIM(${ref}))`;
  const words = ["TRUE", "YES", "Y", "1", "FALSE", "NO", "N", "0"].map((w) => `(${word}="${w}")`).join("+");
  return `SUMPRODUCT(${words})`;
}
