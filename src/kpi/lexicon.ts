/**
 * The valence of one word (-5..5, AFINN's scale) from the scorer's word lists, in this order of
 * precedence:
 *  1. the customer-service words (serviceWords.ts), which read a service comment's complaints;
 *  2. AFINN-165 as wink-sentiment 5.0.2 ships it (MIT), the lexicon the rules were written on;
 *  3. VADER's lexicon (vaderWords.ts) for the words AFINN lacks;
 *  4. for a word none lists, the first listed base form of it (inflection.ts: "disappoints",
 *     "ruined", "sadly", "gooood").
 * A word AFINN lists keeps AFINN's valence: VADER only adds words. A word found nowhere is 0.
 */
import afinn from "wink-sentiment/src/afinn-en-165.js";
import { baseForms } from "./inflection";
import { SERVICE_WORDS } from "./serviceWords";
import { has } from "./tokens";
import { VADER_WORDS } from "./vaderWords";

/**
 * Words the lexicon scores that customer feedback uses as names of a team or a thing: AFINN gives
 * "support" +2 (the verb), but "tech support", "customer support" carry no praise.
 */
const TOPICS = new Set(["support"]);

/** Service words and AFINN-165, without VADER's additions: what scripts/vader-words.ts adds to. */
export function coreValence(word: string): number | undefined {
  if (has(SERVICE_WORDS, word)) return SERVICE_WORDS[word];
  if (has(afinn, word)) return TOPICS.has(word) ? 0 : afinn[word];
  return undefined;
}

/** VADER_WORDS read once: lines of a valence and the words that have it. */
const VADER = new Map<string, number>();
for (const line of VADER_WORDS.split("\n")) {
  const [valence, ...words] = line.split(" ");
  for (const w of words) VADER.set(w, Number(valence));
}

/** A word's own valence from the lists, or undefined when none lists it. */
function listed(word: string): number | undefined {
  return coreValence(word) ?? VADER.get(word);
}

/** valenceOf without the memo. */
function lookUp(word: string): number {
  const own = listed(word);
  if (own !== undefined) return own;
  for (const base of baseForms(word)) {
    const v = listed(base);
    if (v !== undefined) return v;
  }
  return 0;
}

/**
 * Words looked up so far (comments repeat their words: the base forms of one are tried once), at
 * most MEMO_WORDS of them, so a column of distinct tokens costs bounded memory.
 */
const memo = new Map<string, number>();
const MEMO_WORDS = 50_000;

/** Valence of a lower-case word: its own, else its first listed base form's, else 0. */
export function valenceOf(word: string): number {
  let v = memo.get(word);
  if (v === undefined) {
    v = lookUp(word);
    if (memo.size < MEMO_WORDS) memo.set(word, v);
  }
  return v;
}
