/**
 * The words of VADER's lexicon that the scorer adds to AFINN-165 (src/kpi/vaderWords.ts is this
 * function's output on vader-sentiment 1.1.3's vader_lexicon.txt; scripts/make-vader-words.ts
 * writes it and test/kpi/lexicon.test.ts checks that it is up to date). Kept: entries of
 * lower-case letters (with ' or -), not emoticons, that neither AFINN-165 nor the service words
 * list, with VADER's mean rating rounded half away from zero to AFINN's integer scale (VADER's
 * -4..4 is taken as it is: VADER's compound normalisation, which the scorer uses, was made for
 * those values), and not 0 after rounding. Left out, to fit the 60 KB budget of functions.js:
 * a word whose base form (src/kpi/inflection.ts) is already listed with a valence of the same
 * sign, so the scorer reaches it anyway ("abducted" through "abduct"). Shorter words are decided
 * first, as they are the base forms of longer ones.
 */
import { baseForms } from "../src/kpi/inflection";
import { coreValence } from "../src/kpi/lexicon";

export function vaderWords(lexiconText: string): string {
  const entries: [string, number][] = [];
  for (const line of lexiconText.split("\n")) {
    const [word, mean] = line.split("\t");
    if (word === undefined || mean === undefined || !/^[a-z][a-z'-]*$/.test(word) || coreValence(word) !== undefined) continue;
    const rounded = Math.sign(Number(mean)) * Math.round(Math.abs(Number(mean)));
    if (rounded !== 0) entries.push([word, rounded]);
  }
  const order = (w: string) => w.length + (w.endsWith("bly") ? 0.5 : 0);
  entries.sort(([a], [b]) => order(a) - order(b) || (a < b ? -1 : 1));
  const kept = new Map<string, number>();
  const listed = (w: string) => coreValence(w) ?? kept.get(w);
  for (const [word, valence] of entries) {
    const base = baseForms(word).map(listed).find((v) => v !== undefined);
    if (base === undefined || Math.sign(base) !== Math.sign(valence)) kept.set(word, valence);
  }
  const byValence = new Map<number, string[]>();
  for (const [word, valence] of kept) byValence.set(valence, [...(byValence.get(valence) ?? []), word]);
  return [...byValence.keys()].sort((a, b) => a - b).map((v) => `${v} ${(byValence.get(v) ?? []).sort().join(" ")}`).join("\n");
}
