// Whether a comment mentions a theme (src/kpi/mentions.ts): the rule in the add-in's code and in
// the native formulas agree, checked by LibreOffice recalculating the formulas over hostile
// comments (case, punctuation, accents, non-breaking spaces, "n't", a word inside another word,
// a phrase across a clause break, numbers, blanks) and word lists (semicolons, wildcards, a
// clause break inside a word, empty slots).
import { commentFormula, commentOf, foldComment, mentionFormula, mentions, THEME_WORDS, themeWords } from "../../src/kpi/mentions";
import { type CellInput, disposeLibreOffice, evaluateWithLibreOffice, libreOfficeAvailable } from "../helpers/libreoffice";

const describeLO = libreOfficeAvailable() ? describe : describe.skip;

/** Whether the rule says `comment` mentions one of `words` (the theme's cell text). */
const says = (comment: unknown, words: string) => {
  const folded = commentOf(comment);
  return folded !== null && mentions(folded, themeWords(words));
};

describe("the fold of a comment", () => {
  it("lower-cases, reads n't as not, takes apostrophes out and makes clause breaks a bar", () => {
    expect(foldComment("I DIDN'T get a call-back, it's slow!")).toBe("i did not get a call back | its slow |");
    expect(foldComment("didn’t  care")).toBe("did not care");
  });

  it("reads non-breaking spaces, tabs, slashes and quotes as spaces, and line breaks as clause breaks", () => {
    expect(foldComment('on\u00a0hold\t"forever"/always\nnext')).toBe("on hold forever always | next");
  });

  it("keeps accents and the characters it does not fold", () => {
    expect(foldComment("Café très lent 😡")).toBe("café très lent 😡");
  });

  it("is empty for a text that says nothing, which is then no comment", () => {
    expect(foldComment(" - ")).toBe("");
    expect(commentOf(" - ")).toBeNull();
    expect(commentOf(7)).toBeNull();
    expect(commentOf(".")).toBe("|");
  });
});

describe("a theme's words", () => {
  it("are split at commas and semicolons, folded and trimmed, empty ones dropped", () => {
    expect(themeWords("Wait, queue;ON-HOLD,, hold music ")).toEqual(["wait", "queue", "on hold", "hold music"]);
    expect(themeWords(["didn't call", "wait!"])).toEqual(["did not call", "wait"]);
  });

  it("are read up to the formula's number of slots, empty slots counted", () => {
    const many = Array.from({ length: THEME_WORDS + 3 }, (_, k) => `w${k}`);
    expect(themeWords(many)).toHaveLength(THEME_WORDS);
    expect(themeWords(`,,${many.join(",")}`)).toHaveLength(THEME_WORDS - 2);
  });
});

describe("a mention", () => {
  it("is a whole word or phrase, in sequence, inside one clause", () => {
    expect(says("The wait was long", "wait")).toBe(true);
    expect(says("the waiter was great", "wait")).toBe(false);
    expect(says("put ON-HOLD twice", "on hold")).toBe(true);
    expect(says("hold on please", "on hold")).toBe(false);
    expect(says("No callback yet", "no callback")).toBe(true);
    expect(says("no, callback was quick", "no callback")).toBe(false);
  });

  it("finds a negation written either way", () => {
    expect(says("They didn't call back", "not call back")).toBe(true);
    expect(says("they did not call back", "didn't call back")).toBe(true);
  });

  it("is no mention where there is no comment", () => {
    expect(says("", "wait")).toBe(false);
    expect(says(5, "5")).toBe(false);
  });
});

/** Comments no rule should trip on, and word lists that test the formula's reading of the words cell. */
const HOSTILE = [
  "Wait was too long!", "the waiter was great", "Put ON-HOLD for ages", "hold on, please", "No, callback was quick", "no callback yet",
  "I didn't get a call back", "I didn’t get a call back", "café was cold", "cafe was cold", "CAFÉ", "wait\u00a0time", "WAIT", "queue.queue",
  "it's a q*ueue", "long\nwait", "long\r\nwait", '"wait"', "  ", "-", "", 5, true, "on   hold", "(wait)", "wait…", "re-wait", "awaiting",
  "wait#list", "wait😡", "hold\tmusic", "price: 10% off", "prices", "its overpriced", "it's overpriced", "~wait~", "[queue]", "wait?",
];
const LISTS = [
  "wait, queue, on hold", "did not get; callback", "café", "cafe", "", "q*ueue, hold on", "Hold-on", "wait?", "hold music", "it's overpriced",
  "price,,prices", ", ,wait", "10", "call back; didn't get a", "waiting", "list",
];

describeLO("the native formulas, recalculated by LibreOffice", () => {
  afterAll(disposeLibreOffice);

  it("flag each hostile comment as the add-in does, for each word list, and count them over a range", async () => {
    const col = (k: number) => String.fromCharCode(66 + k);
    const last = HOSTILE.length + 1;
    const sheet: CellInput[][] = [[null, ...LISTS]];
    HOSTILE.forEach((c, r) => {
      sheet.push([
        c,
        ...LISTS.map((_, k) => ({ formula: `SUMPRODUCT(${mentionFormula(`A${r + 2}`, `$${col(k)}$1`)})` })),
        { formula: `SUMPRODUCT(${commentFormula(`A${r + 2}`)})` },
      ]);
    });
    sheet.push([null, ...LISTS.map((_, k) => ({ formula: `SUMPRODUCT(${mentionFormula(`$A$2:$A$${last}`, `$${col(k)}$1`)})` }))]);
    const got = (await evaluateWithLibreOffice({ S: sheet })).S;
    const differences: string[] = [];
    HOSTILE.forEach((c, r) => {
      const isComment = commentOf(c) !== null ? 1 : 0;
      if (got[r + 1][LISTS.length + 1] !== isComment) differences.push(`comment ${JSON.stringify(c)}: LibreOffice ${got[r + 1][LISTS.length + 1]}, add-in ${isComment}`);
      LISTS.forEach((words, k) => {
        const want = says(c, words) ? 1 : 0;
        if (got[r + 1][k + 1] !== want) differences.push(`${JSON.stringify(c)} with "${words}": LibreOffice ${got[r + 1][k + 1]}, add-in ${want}`);
      });
    });
    expect(differences).toEqual([]);
    LISTS.forEach((words, k) => expect(got[last][k + 1]).toBe(HOSTILE.filter((c) => says(c, words)).length));
    // The lists do find something: the test is not all zeros.
    expect(LISTS.filter((words) => HOSTILE.some((c) => says(c, words))).length).toBeGreaterThan(10);
  }, 120_000);
});
