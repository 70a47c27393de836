import fc from "fast-check";
import afinn from "wink-sentiment/src/afinn-en-165.js";
import emojis from "wink-sentiment/src/emojis.js";
import emoticons from "wink-sentiment/src/emoticons.js";
import { sentiment, sentimentOf } from "../../src/kpi";
import { band as kpiBand } from "../../src/kpi/registry";
import { meta, sample as sentimentSample } from "../../src/kpi/sentiment";
import { expectKpiError, ok } from "../helpers/excelArgs";

/** VADER's normalisation of a sum of valences (alpha 15). */
const compound = (sum: number) => sum / Math.sqrt(sum * sum + 15);

describe("the word lists of wink-sentiment", () => {
  it("hold the valences these tests compute with", () => {
    expect(afinn.helpful).toBe(2);
    expect(afinn.great).toBe(3);
    expect(afinn.happy).toBe(3);
    expect(afinn.rude).toBe(-2);
    expect(afinn.useless).toBe(-2);
    expect(afinn.disappointed).toBe(-2);
    expect(emojis["👍"]).toBe(3);
    expect(emojis["😠"]).toBe(-2);
    expect(emoticons[":)"]).toBe(2);
    expect(emoticons[":("]).toBe(-2);
    for (const neutral of ["courier", "refund", "invoice", "delivery", "the", "was", "but", "however", "very", "slightly"]) {
      expect(Object.prototype.hasOwnProperty.call(afinn, neutral)).toBe(false);
    }
  });
});

describe("sentimentOf (one text, compound -1..1)", () => {
  it("normalises the sum of valences as VADER does", () => {
    expect(sentimentOf("The courier was helpful")).toBeCloseTo(compound(2), 12);
    expect(sentimentOf("The courier was rude")).toBeCloseTo(compound(-2), 12);
  });

  it("scores text without scored words as 0", () => {
    expect(sentimentOf("Order 5512, invoice attached")).toBe(0);
    expect(sentimentOf("...")).toBe(0);
    expect(sentimentOf("")).toBe(0);
  });

  describe("negation", () => {
    it("turns \"not happy\" unhappy", () => {
      expect(sentimentOf("I am not happy with the delivery")).toBeCloseTo(compound(3 * -0.74), 12);
      expect(sentimentOf("I am not happy with the delivery")).toBeLessThan(0);
    });

    it("reads \"n't\" in any spelling, with a straight or a curly apostrophe", () => {
      const expected = compound(3 * -0.74);
      expect(sentimentOf("The new invoice format isn't great")).toBeCloseTo(expected, 12);
      expect(sentimentOf("The new invoice format isn’t great")).toBeCloseTo(expected, 12);
      expect(sentimentOf("The agent didn't seem happy to reply")).toBeCloseTo(expected, 12);
      expect(sentimentOf("The app doesnt work")).toBeLessThan(0);
    });

    it("reads \"never\" and \"no longer\"", () => {
      expect(sentimentOf("The app never works on my tablet")).toBeCloseTo(compound(3 * -0.74), 12);
      expect(sentimentOf("I am no longer happy with billing")).toBeCloseTo(compound(3 * -0.74), 12);
    });

    it("reaches three words back and no further", () => {
      expect(sentimentOf("The agent was not really that helpful")).toBeLessThan(0);
      expect(sentimentOf("Not the courier we had before, helpful")).toBeGreaterThan(0);
      expect(sentimentOf("Not once did the billing team seem helpful")).toBeCloseTo(compound(2), 12);
    });

    it("stops at the end of a clause", () => {
      // "No" ends its clause at the comma: "helpful" (2) is not negated, and a "no" that stands
      // alone keeps its own valence (-1).
      expect(sentimentOf("No, the billing team was helpful")).toBeCloseTo(compound(2 - 1), 12);
      expect(sentimentOf("The parcel was late. Not the agent, who was helpful")).toBeGreaterThan(0);
    });

    it("stops at \"but\": the clause after it is not negated", () => {
      // great (3) after "but" weighs 1.5 and is not under "isn't"; "isn't cheap" (no scored word
      // after the negation in its clause) weighs as a negated 1, x 0.5 before "but".
      expect(sentimentOf("The plan isn't cheap but the app is great")).toBeCloseTo(compound(4.5 - 0.74 * 0.5), 12);
    });

    it("reads a negation with no scored word after it in its clause as a negated 1", () => {
      // Potts 2011: negation leans negative in reviews. -0.74 where nothing else is scored.
      expect(sentimentOf("It doesn't charge")).toBeCloseTo(compound(-0.74), 12);
      expect(sentimentOf("The parcel never arrived")).toBeCloseTo(compound(-0.74), 12);
      expect(sentimentOf("Nothing to add. It works")).toBeCloseTo(compound(-0.74 + 3), 12);
      // Once a scored word follows it in the clause, even past three words, the negation adds nothing.
      expect(sentimentOf("Not once did the billing team seem helpful")).toBeCloseTo(compound(2), 12);
      expect(sentimentOf("I don't know, the agent was helpful")).toBeCloseTo(compound(2 - 0.74), 12);
      // A "no" that stands alone keeps its own valence, and a comment without a negation stays 0.
      expect(sentimentOf("No.")).toBeCloseTo(compound(-1), 12);
      expect(sentimentOf("Order 5512 arrived")).toBe(0);
    });

    it("makes a negated complaint mildly positive", () => {
      expect(sentimentOf("Checkout was not useless at all")).toBeCloseTo(compound(-2 * -0.74), 12);
    });
  });

  describe("contrast", () => {
    it("weighs the clause after \"but\" 1.5 and the one before 0.5", () => {
      // great (3) x 0.5 + rude (-2) x 1.5 = -1.5
      expect(sentimentOf("The product is great but the courier was rude")).toBeCloseTo(compound(-1.5), 12);
      // rude (-2) x 0.5 + great (3) x 1.5 = 3.5
      expect(sentimentOf("The courier was rude but the product is great")).toBeCloseTo(compound(3.5), 12);
    });

    it("reads \"however\" as \"but\", also across sentences", () => {
      expect(sentimentOf("Billing was helpful. However, the app is useless.")).toBeCloseTo(compound(2 * 0.5 - 2 * 1.5), 12);
    });
  });

  describe("intensifiers and dampeners", () => {
    it("strengthens a word after \"very\" or \"extremely\" by 0.293", () => {
      expect(sentimentOf("The agent was very helpful")).toBeCloseTo(compound(2.293), 12);
      expect(sentimentOf("The courier was extremely rude")).toBeCloseTo(compound(-2.293), 12);
    });

    it("weakens a word after \"slightly\" or \"barely\"", () => {
      expect(sentimentOf("The agent was slightly helpful")).toBeCloseTo(compound(2 - 0.293), 12);
      expect(sentimentOf("I was slightly disappointed by the packaging")).toBeCloseTo(compound(-2 + 0.293), 12);
    });

    it("reads \"kind of\" and \"sort of\" as dampeners, not as praise", () => {
      expect(sentimentOf("The courier was kind of rude")).toBeCloseTo(compound(-2 + 0.293), 12);
      expect(sentimentOf("The refund was sort of helpful")).toBeCloseTo(compound(2 - 0.293), 12);
      expect(sentimentOf("The courier was kind")).toBeCloseTo(compound(2), 12);
    });

    it("fades with distance: 0.95 of it two words back", () => {
      expect(sentimentOf("The agent was very quick and helpful")).toBeGreaterThan(sentimentOf("The agent was quick and helpful"));
      expect(sentimentOf("The agent was so very helpful")).toBeCloseTo(compound(2 + 0.293 + 0.293 * 0.95), 12);
    });

    it("reads an intensifier under negation as less than the plain word", () => {
      // not (very helpful): (2 + 0.293) x -0.74
      expect(sentimentOf("The agent was not very helpful")).toBeCloseTo(compound(2.293 * -0.74), 12);
    });
  });

  describe("emphasis", () => {
    it("adds 0.292 per exclamation mark, at most four", () => {
      expect(sentimentOf("The refund came through, great!")).toBeCloseTo(compound(3 + 0.292), 12);
      expect(sentimentOf("The courier was rude!!")).toBeCloseTo(compound(-2 - 2 * 0.292), 12);
      expect(sentimentOf("Great!!!!!!!!")).toBeCloseTo(compound(3 + 4 * 0.292), 12);
    });

    it("gives exclamation marks no sentiment of their own", () => {
      expect(sentimentOf("Invoice 42!!!")).toBe(0);
    });

    it("strengthens a word in ALL CAPS by 0.733 when the rest is not shouting", () => {
      expect(sentimentOf("The courier was RUDE")).toBeCloseTo(compound(-2.733), 12);
      expect(sentimentOf("THE COURIER WAS RUDE")).toBeCloseTo(compound(-2), 12);
    });
  });

  describe("emoji and emoticons", () => {
    it("scores emoji with the Emoji Sentiment Ranking", () => {
      // "on time" is service praise (+1), the thumbs up +3.
      expect(sentimentOf("Delivered on time 👍")).toBeCloseTo(compound(4), 12);
      expect(sentimentOf("Billed twice for one order 😠")).toBeLessThan(sentimentOf("Billed twice for one order"));
      expect(sentimentOf("👍🏽")).toBeCloseTo(compound(3), 12);
    });

    it("scores emoticons between spaces, not inside links or times", () => {
      expect(sentimentOf("Parcel arrived early :)")).toBeCloseTo(compound(2), 12);
      // "waiting" -1 (serviceWords.ts), ":(" -2; the refund asked for counts only when negated.
      expect(sentimentOf("Still waiting for my refund :(")).toBeCloseTo(compound(-3), 12);
      expect(sentimentOf("See https://example.com/faq at 10:30")).toBe(0);
    });

    it("reads an emoji with its variation selector (❤️) as the emoji", () => {
      expect(sentimentOf("Thanks for the quick refund ❤️")).toBeCloseTo(sentimentOf("Thanks for the quick refund ❤"), 12);
      expect(sentimentOf("Thanks for the quick refund ❤️")).toBeGreaterThan(sentimentOf("Thanks for the quick refund"));
    });

    it("negates an emoji like a word", () => {
      expect(sentimentOf("not 👍")).toBeLessThan(0);
    });
  });

  it("is a finite number strictly between -1 and 1 for any text", () => {
    const words = fc.constantFrom("not", "never", "very", "slightly", "but", "however", "great", "rude", "GREAT", "!", "!!!", ":)", "👍", "😠", ",", ".", "n't", "no", "longer", "");
    const text = fc.oneof(fc.string({ unit: "grapheme", maxLength: 60 }), fc.string({ maxLength: 60 }), fc.array(words, { maxLength: 40 }).map((w) => w.join(" ")));
    fc.assert(fc.property(text, (t) => {
      const s = sentimentOf(t);
      expect(Number.isFinite(s)).toBe(true);
      expect(Math.abs(s)).toBeLessThan(1);
    }), { numRuns: 2000 });
  });

  it("is symmetric: the same comment with the opposite word scores the opposite", () => {
    const pairs = fc.constantFrom(["helpful", "useless"], ["great", "awful"]);
    const prefix = fc.constantFrom("", "not ", "very ", "slightly ", "so very ");
    fc.assert(fc.property(pairs, prefix, fc.integer({ min: 0, max: 6 }), ([pos, neg], pre, bangs) => {
      fc.pre(afinn[pos] === -afinn[neg]);
      const tail = "!".repeat(bangs);
      expect(sentimentOf(`The agent was ${pre}${pos}${tail}`)).toBeCloseTo(-sentimentOf(`The agent was ${pre}${neg}${tail}`), 12);
    }));
  });
});

describe("customer service (serviceWords.ts)", () => {
  it("hears the four comments of issue 21 that scored 0 before", () => {
    expect(sentimentOf("wait was too long")).toBeLessThan(-0.05);
    expect(sentimentOf("Too expensive and slow")).toBeLessThan(-0.05);
    expect(sentimentOf("never had an issue")).toBeGreaterThan(0.05);
    expect(sentimentOf("Quick and painless refund")).toBeGreaterThan(0.05);
  });

  it("scores waiting and being on hold as complaints, and eagerness through negation", () => {
    expect(sentimentOf("I waited")).toBeCloseTo(compound(-1), 12);
    expect(sentimentOf("They put me on hold")).toBeCloseTo(compound(-2), 12);
    expect(sentimentOf("I can't wait to go back")).toBeCloseTo(compound(-1 * -0.74), 12);
    expect(sentimentOf("The wait staff")).toBe(0);
  });

  it("reads a refund or a callback as neutral when asked for and as a complaint when missing", () => {
    expect(sentimentOf("I asked for a refund")).toBe(0);
    expect(sentimentOf("no refund")).toBeCloseTo(compound(2 * -0.74), 12);
    expect(sentimentOf("I never received a callback")).toBeCloseTo(compound(2 * -0.74), 12);
    expect(sentimentOf("They called me back")).toBeGreaterThan(0);
    expect(sentimentOf("They never called me back")).toBeLessThan(0);
  });

  it("reads a word without valence after \"too\" as an excess, and leaves stop words alone", () => {
    expect(sentimentOf("too long")).toBeCloseTo(compound(-1), 12);
    expect(sentimentOf("charged too much")).toBeLessThan(sentimentOf("charged"));
    expect(sentimentOf("I too was happy")).toBe(sentimentOf("I was happy"));
  });

  it("hears transfers, price and effortless service", () => {
    expect(sentimentOf("I was transferred three times")).toBeCloseTo(compound(-2), 12);
    expect(sentimentOf("overpriced")).toBeCloseTo(compound(-2), 12);
    expect(sentimentOf("reasonable prices")).toBeGreaterThan(0);
    expect(sentimentOf("effortless")).toBeCloseTo(compound(2), 12);
  });
});

describe("KPI.SENTIMENT", () => {
  const great = compound(3);

  it("gives a 1x1 spill for one cell", () => {
    expect(ok(sentiment("great service"))).toEqual([[great]]);
    expect(ok(sentiment([["great service"]]))).toEqual([[great]]);
  });

  it("spills a range in the same shape, blank in and blank out", () => {
    const out = ok(sentiment([["great service", null], ["   ", "The courier was rude"]]));
    expect(out).toEqual([[great, ""], ["", compound(-2)]]);
  });

  it("pads ragged rows to the widest row with blanks", () => {
    const out = ok(sentiment([["great service", "great"], ["rude"], []]));
    expect(out).toEqual([[great, great], [compound(-2), ""], ["", ""]]);
  });

  it("gives a blank for numbers and booleans, which have no sentiment", () => {
    expect(ok(sentiment([[5, true, "great"]]))).toEqual([["", "", great]]);
  });

  it("scores a blank single cell as a blank", () => {
    expect(ok(sentiment([[null]]))).toEqual([[""]]);
  });

  it("is #N/A for an empty range", () => {
    expectKpiError(sentiment([]), "#N/A");
    expectKpiError(sentiment(null), "#N/A");
  });
});

describe("the SENTIMENT bands", () => {
  it("are on the compound scale: positive from 0.3, neutral from 0.05, negative below", () => {
    expect(meta.bands).toEqual({ kind: "fixed", green: 0.3, amber: 0.05, labels: ["Positive", "Neutral", "Negative"] });
  });

  it("call 8 positive comments in 10 positive, a half-and-half mix neutral and 3 in 10 negative", () => {
    const mean = (xs: string[]) => xs.reduce((k, t) => k + sentimentOf(t), 0) / xs.length;
    const praise = ["Great support, thank you", "The agent was very helpful", "Love the new app", "Delivered on time 👍", "Excellent service", "Refund was quick, thanks!", "Happy with the product"];
    const complaints = ["The courier was rude", "Billed twice, not happy", "The app is useless", "Still waiting for my refund :(", "Disappointed with the packaging", "Support never replied", "Terrible experience", "Late again"];
    const band = (v: number) => ok(kpiBand(v, "SENTIMENT"));
    expect(band(mean([...praise, "Thanks!", ...complaints.slice(0, 2)]))).toBe("Positive");
    expect(band(mean([...praise.slice(0, 5), ...complaints.slice(0, 5)]))).toBe("Neutral");
    expect(band(mean([...praise.slice(0, 3), ...complaints]))).toBe("Negative");
  });
});

describe("the scorecard's sentiment statistics", () => {
  it("score every comment as sentimentOf does, whether it repeats, is long, or comes after many distinct ones", () => {
    const model = sentimentSample.configure([{ header: "Comment", weight: 1 }], {});
    const long = `${"the staff were friendly but the wait was long ".repeat(8)}and I am NOT happy!`;
    const distinct = Array.from({ length: 300 }, (_, k) => `order ${k} arrived ${k % 2 ? "late and broken" : "early, great"}`);
    const comments = [...distinct, "great service", "great service", long, long, " great service ", "slow and annoying", "great service"];
    const acc = [0, 0, 0];
    for (const c of comments) model.add(acc, [c]);
    const scores = comments.map((c) => sentimentOf(c.trim()));
    expect(acc[0]).toBe(comments.length);
    expect(acc[1]).toBeCloseTo(scores.reduce((a, b) => a + b, 0), 12);
    expect(acc[2]).toBeCloseTo(scores.reduce((a, b) => a + b * b, 0), 12);
  });
});
