/**
 * Base forms of an inflected English word, for the sentiment scorer: a word its lexicons lack
 * ("disappoints", "ruined", "annoying", "sadly") takes the valence of its base form when the base
 * is listed ("disappoint", "ruin", "annoy", "sad"). Candidates are tried in order and the first
 * listed one wins; none is a word by itself, only a key to look up.
 *
 * The suffixes are WordNet's detachment rules for nouns and verbs (morphy(7WN), Princeton
 * WordNet 3.0: -s, -ies > -y, -es > -e, -es, -ed > -e, -ed, -ing > -e, -ing), the doubled final
 * consonant of "stopped" and "shipping" (which WordNet lists as exceptions instead), and the
 * adverbs of adjectives (-ly, -ily > -y, -bly > -ble: "badly", "happily", "terribly"). Adjective
 * comparison (-er, -est) is left out on purpose: "number" would read as "numb" and "latest" as
 * "late". A stem must keep three letters and a vowel ("bed", "yes" are not inflected), and two
 * words are not adverbs of the word they start with (NOT_INFLECTED).
 * Elongated words ("soooo", "gooood") first lose the letters repeated past two, then past one:
 * English spells no letter three times in a row.
 */

/** A suffix and what replaces it, in the order they are tried. */
const RULES: readonly (readonly [suffix: string, replacement: string])[] = [
  ["s", ""], ["ies", "y"], ["es", "e"], ["es", ""],
  ["ied", "y"], ["ed", "e"], ["ed", ""],
  ["ing", "e"], ["ing", ""],
  ["ily", "y"], ["bly", "ble"], ["ly", ""],
];
const MIN_STEM = 3;
/**
 * Words that look inflected but are lemmas of their own, with another sense than their "base":
 * "likely" (probable) is not a manner of "like", "lately" (recently) not one of "late".
 */
const NOT_INFLECTED = new Set(["likely", "lately"]);
const VOWEL = /[aeiouy]/;

/** Candidate base forms of a lower-case word, most likely first; empty when it has none. */
export function baseForms(word: string): string[] {
  const out: string[] = [];
  if (/(\p{L})\1\1/u.test(word)) {
    const twice = word.replace(/(\p{L})\1{2,}/gu, "$1$1");
    out.push(twice, twice.replace(/(\p{L})\1/gu, "$1"));
    return out;
  }
  if (word.endsWith("ss") || NOT_INFLECTED.has(word)) return out;
  for (const [suffix, replacement] of RULES) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length);
    if (stem.length < MIN_STEM || !VOWEL.test(stem)) continue;
    out.push(stem + replacement);
    // "stopped" > "stop", "shipping" > "ship": a doubled final consonant before -ed / -ing.
    const last = stem[stem.length - 1];
    if ((suffix === "ed" || suffix === "ing") && replacement === "" && last === stem[stem.length - 2] && !VOWEL.test(last)) {
      out.push(stem.slice(0, -1));
    }
  }
  return out;
}
