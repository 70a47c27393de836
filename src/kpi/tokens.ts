/**
 * The words of a comment, as every reader of free text in the add-in sees them: the sentiment
 * scorer (sentiment.ts) and the verbatim themes (src/why/themes.ts) read the same tokens, so a
 * theme is made of the words that were scored.
 *
 * A token is a word (letters and digits, with inner apostrophes and hyphens: "didn't",
 * "follow-up"; lower-cased without its apostrophes: "didnt"), an emoticon or emoji with its
 * valence (wink-sentiment's lists, MIT: the Emoji Sentiment Ranking of Kralj Novak et al. 2015),
 * or a clause break (. , ; : ? parentheses, a line break). "!" is counted, not kept. Each word
 * carries the role VADER's rules give it (Hutto & Gilbert 2014): negator, intensifier, dampener,
 * contrast, or a plain word.
 */
import emojis from "wink-sentiment/src/emojis.js";
import emoticons from "wink-sentiment/src/emoticons.js";
import negations from "wink-sentiment/src/negations.js";
import { eng } from "stopword/src/stopwords_eng.js";

/** Rule words, not valences: VADER's NEGATE and BOOSTER_DICT, cut to customer-feedback English. */
const NEGATORS = new Set([
  "without", "nothing", "nobody", "neither", "nor", "cannot", "nope", "hardly", "rarely", "seldom", "aint",
  "doesnt", "didnt", "wasnt", "werent", "hasnt", "havent", "hadnt", "couldnt", "mustnt", "neednt", "darent", "mightnt",
]);
const INTENSIFIERS = new Set([
  "very", "really", "extremely", "so", "super", "totally", "absolutely", "completely", "incredibly", "highly",
  "truly", "utterly", "particularly", "especially", "exceptionally", "remarkably", "terribly", "awfully",
  "hugely", "deeply", "fully", "thoroughly", "most", "more", "quite", "insanely", "ridiculously",
]);
const DAMPENERS = new Set([
  "slightly", "somewhat", "barely", "marginally", "partly", "fairly", "kinda", "kindof", "sorta", "sortof",
  "occasionally", "less", "little", "bit", "mildly", "moderately", "reasonably", "almost", "scarcely",
]);
const CONTRASTS = new Set(["but", "however"]);

export const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Emoticons first (longest first, between spaces), then emoji, words, "!" and clause breaks. */
const EMOTICON = Object.keys(emoticons).sort((a, b) => b.length - a.length).map(escape).join("|");
const TOKEN = new RegExp(
  `(?<=^|\\s)(?<emoticon>${EMOTICON})(?=$|\\s|[.,!?;])` +
    `|(?<emoji>\\p{Extended_Pictographic})` +
    `|(?<word>[\\p{L}\\p{N}]+(?:['’][\\p{L}]+)*(?:-[\\p{L}\\p{N}]+)*)` +
    `|(?<bang>!)` +
    `|(?<stop>[.,;:?()\\n])`,
  "gu",
);

/** What a word does to the valences near it; "word" for one that only carries its own. */
export type Role = "negator" | "intensifier" | "dampener" | "contrast" | "word";

export type Token =
  | { readonly kind: "word"; readonly text: string; readonly lower: string; readonly role: Role; readonly caps: boolean }
  | { readonly kind: "symbol"; readonly valence: number }
  | { readonly kind: "stop" };

function roleOf(text: string, lower: string): Role {
  if (has(negations, lower) || NEGATORS.has(lower) || /n['’]t$/i.test(text)) return "negator";
  if (INTENSIFIERS.has(lower)) return "intensifier";
  if (DAMPENERS.has(lower)) return "dampener";
  return CONTRASTS.has(lower) ? "contrast" : "word";
}

const isCaps = (word: string) => word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase();

function wordToken(text: string, lower: string): Token {
  return { kind: "word", text, lower, role: roleOf(text, lower), caps: isCaps(text) };
}

/** Tokens of one text and the number of "!" in it. */
export function tokenize(text: string): { tokens: Token[]; bangs: number } {
  const tokens: Token[] = [];
  let bangs = 0;
  for (const m of text.matchAll(TOKEN)) {
    const g = m.groups ?? {};
    if (g.emoticon !== undefined) tokens.push({ kind: "symbol", valence: emoticons[g.emoticon] });
    else if (g.emoji !== undefined) tokens.push({ kind: "symbol", valence: has(emojis, g.emoji) ? emojis[g.emoji] : 0 });
    else if (g.word !== undefined) {
      const lower = g.word.toLowerCase().replace(/['’]/g, "");
      const last = tokens[tokens.length - 1];
      // "kind of" and "sort of" are dampeners, one token: "kind" alone is a word of praise.
      if (lower === "of" && last?.kind === "word" && (last.lower === "kind" || last.lower === "sort")) {
        tokens[tokens.length - 1] = wordToken(`${last.text} ${g.word}`, `${last.lower}of`);
      } else tokens.push(wordToken(g.word, lower));
    } else if (g.bang !== undefined) bangs++;
    else tokens.push({ kind: "stop" });
  }
  return { tokens, bangs };
}

/*
 * Stop words: the English list of the `stopword` package (MIT, Fergus McDowall; the list is
 * Chris Umbel's from `natural`), plus the few function words and contractions it lacks that
 * the tokenizer produces (it drops apostrophes: "it's" is "its").
 */
/**
 * Function words the `stopword` list lacks ("so", "just", "she", "us", "will", "when", "why")
 * and contractions of stop words as the tokenizer writes them without their apostrophe. No
 * content word is here: a theme word is never hidden by this list.
 */
const MORE_STOP_WORDS = [
  "so", "just", "she", "us", "will", "when", "why", "does", "done", "its", "im", "ive", "id", "youre", "youve", "theyre",
  "theyve", "were", "weve", "thats", "theres", "whats", "hes", "shes", "lets", "ill", "youll", "theyll", "kindof", "sortof",
];
const STOP = new Set<string>([...eng, ...MORE_STOP_WORDS]);

/** A stop word, a single letter, or a number: a term neither starts nor ends with one. */
export function isStopWord(word: string): boolean {
  return STOP.has(word) || word.length < 2 || /^\d+$/.test(word);
}
