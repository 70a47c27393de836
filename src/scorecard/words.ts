/**
 * Numbers and sentences the scorecard writes as text, each twice: as the text itself (what the
 * add-in caches, what the command line prints) and as the native formula that writes the same
 * text on the sheet from the cells it reads (so an edit of the data rewrites it). The two are one
 * rule: a value as its KPI's number format shows it, a difference in its unit ("11.1 points"), a
 * p-value ("0.018", "< 0.0001"), the status of a KPI against its target, a finding's sentence.
 *
 * Formulas use FIXED, never TEXT: TEXT reads its format in the user's locale (a German Excel
 * reads "0.0" as a thousands separator), FIXED takes the number of decimals and writes the
 * locale's separator. The texts here are those of an English locale; Excel writes its own
 * separators when it recalculates. Refusals: nothing here reads a cell or formats a date.
 */
import type { KpiMeta } from "../kpi";

/** Excel's longest string literal in a formula (LibreOffice takes longer ones: tested here, not there). */
const MAX_LITERAL = 255;

/** Text as a formula literal, in pieces of at most 255 characters joined by &. */
export function literal(text: string): string {
  if (text.length <= MAX_LITERAL) return `"${text.replace(/"/g, '""')}"`;
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += MAX_LITERAL - 5) parts.push(`"${text.slice(i, i + MAX_LITERAL - 5).replace(/"/g, '""')}"`);
  return `(${parts.join("&")})`;
}

/** How a number format shows a number: as a percentage, with how many decimals, grouped by thousands. */
export interface NumberStyle {
  readonly percent: boolean;
  readonly decimals: number;
  readonly grouping: boolean;
}

export function numberStyle(numberFormat: string): NumberStyle {
  return {
    percent: numberFormat.includes("%"),
    decimals: (/\.(0+)/.exec(numberFormat)?.[1] ?? "").length,
    grouping: numberFormat.includes(","),
  };
}

/**
 * x with `decimals` decimals, as FIXED writes it in an English locale: rounded half away from
 * zero, grouped by thousands when asked, no minus sign on a number that rounds to zero.
 */
export function fixed(x: number, decimals: number, grouping = false): string {
  const scale = 10 ** decimals;
  // The nudge takes 2.675 (stored as 2.67499...) to 2.68, as Excel's decimal rounding does.
  const rounded = Math.round(Math.abs(x) * scale * (1 + 4 * Number.EPSILON)) / scale;
  const text = rounded.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: grouping });
  return x < 0 && rounded !== 0 ? `-${text}` : text;
}

/** The FIXED formula of `fixed`. */
export function fixedFormula(expr: string, decimals: number, grouping = false): string {
  return `FIXED(${expr},${decimals},${grouping ? "FALSE" : "TRUE"})`;
}

/** A value as its number format shows it: "72.8%", "9.4", "1,234.50". */
export function valueText(x: number, numberFormat: string): string {
  const s = numberStyle(numberFormat);
  return s.percent ? `${fixed(x * 100, s.decimals, s.grouping)}%` : fixed(x, s.decimals, s.grouping);
}

export function valueFormula(ref: string, numberFormat: string): string {
  const s = numberStyle(numberFormat);
  return s.percent ? `${fixedFormula(`${ref}*100`, s.decimals, s.grouping)}&"%"` : fixedFormula(ref, s.decimals, s.grouping);
}

/** The unit of a difference of a KPI: points for NPS and for shares (percentage points), none for a score or an amount. */
function differenceUnit(meta: Pick<KpiMeta, "unit" | "numberFormat">): string {
  return meta.unit === "points" || numberStyle(meta.numberFormat).percent ? " points" : "";
}

/** The size of a difference in the KPI's unit: "11.1 points", "0.25". */
export function differenceText(d: number, meta: Pick<KpiMeta, "unit" | "numberFormat">): string {
  const s = numberStyle(meta.numberFormat);
  return `${fixed(Math.abs(d) * (s.percent ? 100 : 1), s.decimals, s.grouping)}${differenceUnit(meta)}`;
}

export function differenceFormula(ref: string, meta: Pick<KpiMeta, "unit" | "numberFormat">): string {
  const s = numberStyle(meta.numberFormat);
  const unit = differenceUnit(meta);
  return `${fixedFormula(`ABS(${ref})${s.percent ? "*100" : ""}`, s.decimals, s.grouping)}${unit ? `&"${unit}"` : ""}`;
}

/** A p-value as the sheet writes it: "< 0.0001", four decimals below 0.001, three above. */
export function pText(p: number): string {
  if (p < 0.0001) return "< 0.0001";
  return fixed(p, p < 0.001 ? 4 : 3);
}

export function pFormula(ref: string): string {
  return `IF(${ref}<0.0001,"< 0.0001",IF(${ref}<0.001,${fixedFormula(ref, 4)},${fixedFormula(ref, 3)}))`;
}

/** A count with thousands separators: "1,006". */
export const countText = (n: number): string => fixed(n, 0, true);
export const countFormula = (ref: string): string => fixedFormula(ref, 0, true);

/**
 * Where a value stands against its target, for a KPI whose bands do not follow the target:
 * "Target met", or how far short (over, where lower is better) it is. Null without a target.
 */
export function targetStatusText(value: number, target: number, meta: Pick<KpiMeta, "unit" | "numberFormat" | "direction">): string {
  const gap = value - target;
  const met = meta.direction === "higher" ? gap >= 0 : gap <= 0;
  if (met) return "Target met";
  return `${differenceText(gap, meta)} ${meta.direction === "higher" ? "short of" : "over"} target`;
}

export function targetStatusFormula(valueRef: string, targetRef: string, meta: Pick<KpiMeta, "unit" | "numberFormat" | "direction">): string {
  const ge = meta.direction === "higher" ? ">=" : "<=";
  const words = meta.direction === "higher" ? " short of target" : " over target";
  return `IF(${valueRef}${ge}${targetRef},"Target met",${differenceFormula(`${valueRef}-${targetRef}`, meta)}&"${words}")`;
}

/** A KPI's band labels as the status says them: the middle one says what it is short of, so amber never reads as plain praise ("Good, not yet Excellent"). */
export function statusLabels(meta: Pick<KpiMeta, "bands">): readonly [string, string, string] {
  const l = meta.bands.labels;
  return meta.bands.kind === "fixed" ? [l[0], `${l[1]}, not yet ${l[0]}`, l[2]] : l;
}

/**
 * What a KPI row's status says: "n < 30" on too few answers; against the target where one is
 * given and the bands do not follow it ("22.8 points short of target"); else the band's label;
 * "" where there is nothing to judge.
 */
export function statusText(
  meta: Pick<KpiMeta, "bands" | "unit" | "numberFormat" | "direction">,
  o: { readonly value: number | null; readonly band: 0 | 1 | 2 | null; readonly banded: boolean; readonly tooFew: boolean },
  target: number | undefined,
  minN: number,
): string {
  if (o.value === null) return "";
  const againstTarget = target !== undefined && meta.bands.kind === "fixed";
  if (!againstTarget && !o.banded) return "";
  if (o.tooFew) return `n < ${minN}`;
  if (againstTarget) return targetStatusText(o.value, target, meta);
  return o.band === null ? "" : statusLabels(meta)[o.band];
}

/** What a finding compares, in words: its group's label and what it is compared with. */
export interface FindingWords {
  /** "South", "2025 Q2". */
  readonly group: string;
  /** "the rest of the sample", "2025 Q1". */
  readonly comparedWith: string;
  /** "NPS", "CSAT". */
  readonly kpi: string;
}

/**
 * A difference that holds, as page 1 says it: "South: NPS 9.4, 11.1 points below the rest of the
 * sample (n 889; adjusted p 0.018)". Two parts, as the sheet builds it: the comparison's words
 * up to its n (findingBody), and its adjusted p (findingTail), which page 1's lines add to the
 * words of the finding they show.
 */
export function findingText(
  w: FindingWords,
  d: { readonly value: number; readonly otherValue: number; readonly n: number; readonly adjustedP: number },
  meta: Pick<KpiMeta, "unit" | "numberFormat">,
): string {
  return `${findingBodyText(w, d, meta)}${findingTailText(d.adjustedP)}`;
}

/** A finding's sentence up to its n: "South: NPS 9.4, 11.1 points below the rest of the sample (n 889". */
export function findingBodyText(
  w: FindingWords,
  d: { readonly value: number; readonly otherValue: number; readonly n: number },
  meta: Pick<KpiMeta, "unit" | "numberFormat">,
): string {
  const side = d.value > d.otherValue ? "above" : "below";
  return `${w.group}: ${w.kpi} ${valueText(d.value, meta.numberFormat)}, ${differenceText(d.value - d.otherValue, meta)} ${side} ${w.comparedWith} (n ${countText(d.n)}`;
}

/** The rest of it: "; adjusted p 0.018)". */
export const findingTailText = (adjustedP: number): string => `; adjusted p ${pText(adjustedP)})`;

/** The formula of findingBodyText over the cells of a comparison; `group` is a formula expression (a label's cell, or a literal). */
export function findingBodyFormula(
  w: { readonly group: string; readonly comparedWith: string; readonly kpi: string },
  refs: { readonly value: string; readonly otherValue: string; readonly n: string },
  meta: Pick<KpiMeta, "unit" | "numberFormat">,
): string {
  return (
    `${w.group}&${literal(`: ${w.kpi} `)}&${valueFormula(refs.value, meta.numberFormat)}&", "&${differenceFormula(`${refs.value}-${refs.otherValue}`, meta)}` +
    `&IF(${refs.value}>${refs.otherValue}," above "," below ")&${literal(`${w.comparedWith} (n `)}&${countFormula(refs.n)}`
  );
}

/** The formula of findingTailText over an adjusted p (a cell or an expression). */
export const findingTailFormula = (adjustedP: string): string => `"; adjusted p "&${pFormula(adjustedP)}&")"`;
