/**
 * Sentiment of free text as a compound score from -1 (most negative) to 1 (most positive).
 *
 * Words, two-word phrases, emoji and emoticons take their valence (-5..5) from the word lists
 * of the `wink-sentiment` package (MIT: AFINN-165 by Finn Årup Nielsen, its two-word phrases,
 * and the Emoji Sentiment Ranking of Kralj Novak et al. 2015); words AFINN lacks from VADER's
 * lexicon, and inflected words ("disappoints", "sadly") from their base form (lexicon.ts says in
 * which order). On those valences the rules of
 * VADER (Hutto & Gilbert, ICWSM 2014; constants from vaderSentiment, MIT) are applied:
 *  - negation: "not", "never", "no", "without", any "n't" word ("no longer" through its "no")
 *    up to 3 words before, in the same clause, multiplies a valence by -0.74;
 *  - intensifiers and dampeners ("very", "extremely" / "slightly", "barely", "kind of") up to 3
 *    words before add or take 0.293 of intensity (0.95 and 0.9 of it at 2 and 3 words);
 *  - contrast: after the last "but" or "however", valences weigh 1.5 and those before 0.5;
 *  - emphasis: a word in ALL CAPS in text that is not all caps gains 0.733 of intensity, and
 *    each "!" (at most 4) adds 0.292 in the direction of the sum;
 *  - the sum s becomes s / sqrt(s² + 15), VADER's normalisation (15 is its alpha).
 * One departure from the lexicon: "support" scores 0, as customer feedback names a team with it
 * (lexicon.ts).
 * Customer service (serviceWords.ts): words and phrases the lexicon leaves at 0 that service
 * comments use to complain or praise (waiting, slowness, price, transfers, callbacks, effortless
 * service), read before the lexicon; things a customer asks for ("refund", "callback") count only
 * when negated ("no refund"); and a word without valence after "too" is an excess ("too long").
 * A negation with no scored word after it in its clause ("it doesn't charge", "never arrived")
 * weighs as a negated word of valence 1, the smallest: in reviews negation itself leans negative
 * (Potts 2011, "On the negativity of negation", SALT 20: "not", "n't", "never" are markedly more
 * frequent in negative reviews), and a comment whose only evaluative word is a negation says
 * something went wrong.
 * Example: "The courier was not very helpful" -> helpful 2, "very" 2.293, "not" -1.697,
 * -1.697 / sqrt(1.697² + 15) = -0.402. Text without scored words is 0.
 */
import bigrams from "wink-sentiment/src/afinn-en-165-2grams.js";
import { asGrid, width } from "./coerce";
import { meanScore } from "./difference";
import { KpiError, type Result } from "./errors";
import { meanIntervalFormulas, pooledTPFormula } from "./nativeStats";
import { clipped, where, type SampleKpi } from "./sample";
import { meanInterval, pooledTP } from "./stats";
import { valenceOf } from "./lexicon";
import { DESIRED, DESIRED_VALENCE, EXCESS_VALENCE, EXCESS_WORDS, SERVICE_PHRASES } from "./serviceWords";
import { has, isStopWord, tokenize, type Token } from "./tokens";
import type { FunctionDef, KpiMeta, Spill } from "./types";

export const meta: KpiMeta = {
  id: "SENTIMENT",
  title: "Sentiment (compound)",
  unit: "score",
  numberFormat: "0.00",
  direction: "higher",
  // Bands of a mean over comments. On the labelled sentences of data/sentiment (UCI, Amazon +
  // Yelp) positive ones average 0.56 and negative ones -0.25, so 70 % positive comments average
  // 0.318, half and half 0.157, 30 % positive -0.004; on the customer sentences of the tests, 0.28,
  // 0.08 and -0.10. Green from 0.3: about 70-75 % positive or more. Amber from 0.05, VADER's
  // threshold of a positive text (vaderSentiment README): a half-and-half mix stays above it on
  // both sets, 30 % positive falls below.
  bands: { kind: "fixed", green: 0.3, amber: 0.05, labels: ["Positive", "Neutral", "Negative"] },
  indicator: "leading",
  summary: "compound sentiment per comment, from -1 to 1 (negation, contrast, intensity, emoji)",
  range: { lo: -1, hi: 1 },
};

/** VADER's constants (vaderSentiment.py, Hutto & Gilbert 2014). */
const BOOST = 0.293;
const CAPS_BOOST = 0.733;
const NEGATED = -0.74;
const EXCLAMATION = 0.292;
const MAX_EXCLAMATIONS = 4;
const ALPHA = 15;
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;
/** The valence a negation negates when nothing after it in its clause is scored. */
const UNSCORED_NEGATION = 1;
/** How far back a negation or an intensifier reaches, and its weight at 1, 2 and 3 words. */
const WINDOW = [1, 0.95, 0.9];

/** First words of the service phrases: only a word among them can start one (a phrase costs a string). */
const PHRASE_STARTS = new Set(Object.keys(SERVICE_PHRASES).map((p) => p.split(" ")[0]));

/** The lower-cased words at i..i+length-1 joined by spaces, or null where one is not a word. */
function phrase(tokens: readonly Token[], i: number, length: number): string | null {
  let out = "";
  for (let k = i; k < i + length; k++) {
    const t = tokens[k];
    if (t === undefined || t.kind !== "word") return null;
    out += k === i ? t.lower : ` ${t.lower}`;
  }
  return out;
}

/** Own valence of the word at i, with the length of the phrase it starts (1 to 3). */
function lexical(tokens: readonly Token[], i: number): [valence: number, length: number] {
  const t = tokens[i];
  if (t.kind === "symbol") return [t.valence, 1];
  if (t.kind !== "word") return [0, 1];
  if (PHRASE_STARTS.has(t.lower)) {
    for (const length of [3, 2]) {
      const p = phrase(tokens, i, length);
      if (p !== null && has(SERVICE_PHRASES, p)) return [SERVICE_PHRASES[p], length];
    }
  }
  const next = tokens[i + 1];
  if (next?.kind === "word" && has(bigrams, t.lower) && has(bigrams[t.lower], next.lower)) return [bigrams[t.lower][next.lower], 2];
  // "super" and "no" are rule words here, but keep their own valence when nothing follows them.
  if (t.role !== "word" && t.role !== "contrast" && next !== undefined && next.kind !== "stop") return [0, 1];
  return [valenceOf(t.lower), 1];
}

/**
 * A word without valence right after "too" names an excess ("too long"); "much" and "many" count
 * although they are stop words ("too much"), other stop words do not ("I too was").
 */
function isExcess(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  const before = tokens[i - 1];
  if (t.kind !== "word" || t.role !== "word" || before?.kind !== "word" || !EXCESS_WORDS.has(before.lower)) return false;
  return !isStopWord(t.lower) || t.lower === "much" || t.lower === "many";
}

/** Compound sentiment of one text, -1..1; text without scored words is 0. */
export function sentimentOf(text: string): number {
  const { tokens, bangs } = tokenize(text);
  const mixedCase = text !== text.toUpperCase();
  const valences: number[] = [];
  /** Negations followed by a word that no scored word has followed yet: token index -> slot. */
  const idle = new Map<number, number>();
  let lastContrast = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === "word" && t.role === "contrast") lastContrast = valences.length;
    const [own, length] = lexical(tokens, i);
    let v = own;
    // A thing asked for (a refund, a callback) counts only when negated: "no refund".
    const desired = v === 0 && t.kind === "word" && length === 1 && DESIRED.has(t.lower);
    if (desired) v = DESIRED_VALENCE;
    else if (v === 0 && length === 1 && isExcess(tokens, i)) v = EXCESS_VALENCE;
    if (v !== 0) {
      for (let back = 1; idle.size > 0 && i - back >= 0; back++) {
        const b = tokens[i - back];
        if (b.kind === "stop" || (b.kind === "word" && b.role === "contrast")) break;
        idle.delete(i - back);
      }
      const sign = Math.sign(v);
      if (mixedCase && t.kind === "word" && t.caps) v += sign * CAPS_BOOST;
      let negated = false;
      for (let back = 1; back <= WINDOW.length && i - back >= 0; back++) {
        const b = tokens[i - back];
        if (b.kind === "stop" || (b.kind === "word" && b.role === "contrast")) break;
        if (b.kind !== "word") continue;
        const weight = WINDOW[back - 1];
        if (b.role === "intensifier") v += sign * BOOST * weight * (mixedCase && b.caps ? 2 : 1);
        else if (b.role === "dampener") v -= sign * BOOST * weight;
        else if (b.role === "negator") negated = true;
      }
      if (negated) v *= NEGATED;
      else if (desired) v = 0;
    }
    if (t.kind === "word" && t.role === "negator" && tokens[i + 1]?.kind === "word") idle.set(i, valences.length);
    valences.push(v);
    i += length - 1;
  }
  for (const slot of idle.values()) valences[slot] += NEGATED * UNSCORED_NEGATION;
  let sum = 0;
  for (let k = 0; k < valences.length; k++) {
    const weight = lastContrast < 0 ? 1 : k < lastContrast ? BEFORE_CONTRAST : AFTER_CONTRAST;
    sum += valences[k] * weight;
  }
  if (sum === 0) return 0;
  sum += Math.sign(sum) * EXCLAMATION * Math.min(bangs, MAX_EXCLAMATIONS);
  return sum / Math.sqrt(sum * sum + ALPHA);
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
 * SENTIMENT as its statistics: comments n, the sum, sum of squares and sum of cubes of their scores. Excel
 * has no native formula for a word list and its rules, so portable sheets carry the add-in's
 * values (the planner says so in the row's note) and the note names the scale.
 */
export const sample: SampleKpi = {
  meta,
  role: "sentiment",
  combine: "each",
  configure: () => {
    // Survey comments repeat ("ok", "great service", the same sentence pasted): each distinct
    // text of a build is scored once. Bounded, so a column of unique essays costs no memory.
    const scores = new Map<string, number>();
    return {
      statistics: ["comments", "sum", "sum of squares", "sum of cubes"],
      add(acc, cells) {
        const t = cellText(cells[0]);
        if (t === null) return null;
        let score = scores.get(t);
        if (score === undefined) {
          score = sentimentOf(t);
          if (scores.size < SCORED_TEXTS && t.length <= SCORED_TEXT_LENGTH) scores.set(t, score);
        }
        acc[0]++;
        acc[1] += score;
        acc[2] += score * score;
        acc[3] += score * score * score;
        return null;
      },
      value: ([n, sum]) => (n === 0 ? new KpiError("#N/A", "no text in the column") : sum / n),
      interval: ([n, sum, sq], confidence) => clipped(meanInterval(n, sum, sq, confidence), -1, 1),
      pValue: ([na, sa, qa], [nb, sb, qb]) => (na === 0 || nb === 0 ? new KpiError("#N/A", "no text in the column") : pooledTP(na, sa, qa, nb, sb, qb)),
      statFormulas: () => null,
      valueFormula: ([n, sum]) => `IF(${n}=0,NA(),${sum}/${n})`,
      intervalFormulas: ([n, sum, sq], confidence) => meanIntervalFormulas(n, sum, sq, confidence, -1, 1),
      pFormula: ([na, sa, qa], [nb, sb, qb]) => pooledTPFormula([na, sa, qa], [nb, sb, qb]),
      score: meanScore({ n: 0, sum: 1, squares: 2, cubes: 3, shift: () => 0 }),
      liveFormula: ([ref], cond) => `AVERAGE(KPI.SENTIMENT(${where(ref, cond)}))`,
      note: () => "mean compound score per comment, -1..1 (negation, contrast, intensity, emoji)",
    };
  },
};

/** Distinct texts a scorecard build remembers the score of, and the longest it remembers. */
const SCORED_TEXTS = 100_000;
const SCORED_TEXT_LENGTH = 280;
