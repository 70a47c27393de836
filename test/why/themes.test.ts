import { FLOOR_SPLITS, proposeThemes, rankTable, termsOf, themeFlags, themes, themesOfRanges, type Themes } from "../../src/why/themes";
import { mulberry32 } from "../../src/why/random";
import { column, expectKpiError, ok } from "../helpers/excelArgs";

/** Comments made of everyday service words, the same for every group: no real difference. */
const BACKGROUND = [
  "the order arrived", "my account", "the app works", "delivery was fine", "the website", "in store", "the price",
  "the product", "my parcel", "the courier", "a gift", "the invoice", "online chat", "the manager", "my phone",
  "the box", "the colour", "the size", "next week", "the warranty", "the shop", "the menu", "the team", "my card",
];

function comment(random: () => number, planted: readonly [phrase: string, share: number][]): string {
  const parts: string[] = [];
  const words = 2 + Math.floor(random() * 3);
  for (let k = 0; k < words; k++) parts.push(BACKGROUND[Math.floor(random() * BACKGROUND.length)]);
  for (const [phrase, share] of planted) if (random() < share) parts.splice(Math.floor(random() * (parts.length + 1)), 0, phrase);
  return parts.join(", ");
}

function comments(n: number, seed: number, planted: readonly [string, number][] = []): string[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => comment(random, planted));
}

const termOf = (result: Themes, term: string) => {
  const found = result.terms.find((t) => t.term === term);
  if (!found) throw new Error(`"${term}" is not among the top terms: ${result.terms.map((t) => t.term).join(", ")}`);
  return found;
};

describe("the log-odds statistic on a count table", () => {
  it("gives the spec's reference: g3 3/12, g4 10/2, g5 1/4 with n_A 14, n_B 18 (spec/why.md)", () => {
    const ranked = ok(rankTable([{ term: "g3", a: 3, b: 12 }, { term: "g4", a: 10, b: 2 }, { term: "g5", a: 1, b: 4 }]));
    const expected = [
      [-0.602175, -1.97895],
      [0.85745, 2.508032],
      [-0.380772, -0.722465],
    ];
    ranked.forEach((t, k) => {
      expect(t.delta).toBeCloseTo(expected[k][0], 6);
      expect(t.z).toBeCloseTo(expected[k][1], 6);
    });
  });

  it("negates δ and z when the groups swap", () => {
    const table = [{ term: "x", a: 7, b: 2 }, { term: "y", a: 1, b: 9 }, { term: "w", a: 4, b: 4 }];
    const ab = ok(rankTable(table));
    const ba = ok(rankTable(table.map((t) => ({ term: t.term, a: t.b, b: t.a }))));
    ab.forEach((t, k) => {
      expect(ba[k].delta).toBeCloseTo(-t.delta, 14);
      expect(ba[k].z).toBeCloseTo(-t.z, 14);
    });
  });

  it("needs two terms or more, and counts that are not both zero", () => {
    expectKpiError(rankTable([{ term: "x", a: 1, b: 2 }]), "#N/A", "fewer than two terms");
    expectKpiError(rankTable([{ term: "x", a: 1, b: 2 }, { term: "y", a: 0, b: 0 }]), "#VALUE!", '"y"');
  });
});

describe("terms of a comment", () => {
  it("joins a negator to the word after it", () => {
    expect(termsOf("The agent was not helpful")).toContain("not_helpful");
    expect(termsOf("no callback")).toEqual(["no_callback"]);
    expect(termsOf("They didn't call")).toEqual(["not_call"]);
    expect(termsOf("They didnt call")).toEqual(["not_call"]);
    expect(termsOf("nobody called me back")).toEqual(["nobody_called", "nobody_called me back", "back"]);
  });

  it("lets a negator reach past up to two stop words, and no further", () => {
    expect(termsOf("not a problem")).toEqual(["not_problem"]);
    expect(termsOf("never had an issue")).toEqual(["never_issue"]);
    expect(termsOf("not at all")).toEqual([]);
  });

  it("keeps n-grams of one to three words that neither start nor end with a stop word", () => {
    const terms = termsOf("I was put on hold for an hour");
    expect(terms).toEqual(expect.arrayContaining(["put", "hold", "hour", "put on hold"]));
    expect(terms).not.toContain("on hold");
    expect(terms).not.toContain("hold for");
    expect(terms.every((t) => t.split(" ").length <= 3)).toBe(true);
  });

  it("counts a term once per comment and lower-cases it", () => {
    expect(termsOf("Slow, slow, SLOW")).toEqual(["slow"]);
  });

  it("does not run an n-gram across punctuation", () => {
    expect(termsOf("long wait. refund please")).not.toContain("wait refund");
  });
});

describe("themes of two groups of comments", () => {
  const detractors = comments(400, 11, [["I was put on hold for ages", 0.3], ["no callback", 0.2], ["too expensive", 0.15]]);
  const promoters = comments(400, 12, [["friendly staff", 0.3], ["quick and easy", 0.2]]);
  const result = ok(themes(detractors, promoters, { minCount: 5, top: 15 }));

  it("ranks the planted phrases first, with the sign of the group that says them", () => {
    for (const term of ["hold", "no_callback", "expensive"]) expect(termOf(result, term).z).toBeGreaterThan(result.noiseFloor);
    for (const term of ["friendly staff", "quick and easy"]) expect(termOf(result, term).z).toBeLessThan(-result.noiseFloor);
    const top5 = result.terms.slice(0, 5).map((t) => t.term);
    expect(top5.some((t) => t.includes("hold"))).toBe(true);
    expect(top5.some((t) => t.includes("friendly") || t.includes("staff"))).toBe(true);
  });

  it("keeps every background word, said alike by both groups, under the noise floor", () => {
    const background = new Set(BACKGROUND.flatMap((p) => termsOf(p)));
    const above = result.terms.filter((t) => background.has(t.term) && Math.abs(t.z) > result.noiseFloor);
    expect(above).toEqual([]);
  });

  it("orders terms by |z|, largest first, and returns at most top of them", () => {
    expect(result.terms).toHaveLength(15);
    for (let k = 1; k < result.terms.length; k++) expect(Math.abs(result.terms[k - 1].z)).toBeGreaterThanOrEqual(Math.abs(result.terms[k].z));
  });

  it("points at a comment of each group that mentions the term", () => {
    const hold = termOf(result, "hold");
    expect(detractors[hold.exampleA]).toContain("hold");
    const friendly = termOf(result, "friendly staff");
    expect(promoters[friendly.exampleB]).toContain("friendly staff");
  });

  it("negates every z when the groups swap, and keeps the noise floor", () => {
    const swapped = ok(themes(promoters, detractors, { minCount: 5, top: 15 }));
    expect(swapped.terms.map((t) => t.term)).toEqual(result.terms.map((t) => t.term));
    swapped.terms.forEach((t, k) => expect(t.z).toBeCloseTo(-result.terms[k].z, 12));
    expect(swapped.noiseFloor).toBeGreaterThan(0);
  });

  it("gives the same noise floor for the same seed, and another for another seed", () => {
    expect(ok(themes(detractors, promoters, { top: 15 })).noiseFloor).toBe(result.noiseFloor);
    expect(ok(themes(detractors, promoters, { top: 15, seed: 2 })).noiseFloor).not.toBe(result.noiseFloor);
  });

  it("counts each term in as many comments as termsOf finds it, once per comment, keeping those of min_count", () => {
    const count = (texts: readonly string[]) => {
      const m = new Map<string, number>();
      for (const t of texts) for (const term of termsOf(t)) m.set(term, (m.get(term) ?? 0) + 1);
      return m;
    };
    const [ca, cb] = [count(detractors), count(promoters)];
    const expected = [...new Set([...ca.keys(), ...cb.keys()])]
      .map((term) => ({ term, a: ca.get(term) ?? 0, b: cb.get(term) ?? 0 }))
      .filter((t) => t.a + t.b >= 5)
      .sort((x, y) => (x.term < y.term ? -1 : 1));
    const all = ok(themes(detractors, promoters, { minCount: 5, top: 1e6 }));
    expect(all.kept).toBe(expected.length);
    expect(all.terms.map((t) => ({ term: t.term, a: t.a, b: t.b })).sort((x, y) => (x.term < y.term ? -1 : 1))).toEqual(expected);
  });

  it("drops terms mentioned in fewer than min_count comments", () => {
    const frequent = ok(themes(detractors, promoters, { minCount: 100, top: 1000 }));
    expect(frequent.kept).toBeLessThan(result.kept);
    for (const t of frequent.terms) expect(t.a + t.b).toBeGreaterThanOrEqual(100);
    expect(frequent.terms.map((t) => t.term)).not.toContain("no_callback");
  });
});

describe("the noise floor on comments with no real difference", () => {
  // 40 pairs of groups drawn from one generator: a term above the floor is a false theme. With
  // FLOOR_SPLITS = 19 the top term of such a pair stays under it in 95 % of pairs on average.
  const RUNS = 40;
  const clean = Array.from({ length: RUNS }, (_, k) => {
    const a = comments(300, 1000 + 2 * k, [["slow delivery", 0.1]]);
    const b = comments(300, 1001 + 2 * k, [["slow delivery", 0.1]]);
    const r = ok(themes(a, b, { top: 1000 }));
    return r.terms.every((t) => Math.abs(t.z) <= r.noiseFloor);
  });

  it(`keeps every term under it in at least 85 % of ${RUNS} runs (19 random splits per floor)`, () => {
    expect(FLOOR_SPLITS).toBe(19);
    expect(clean.filter(Boolean).length / RUNS).toBeGreaterThanOrEqual(0.85);
  });
});

describe("themes the user names", () => {
  const wait = { name: "Wait time", words: ["wait", "queue", "on hold", "hold music"] };
  const callback = { name: "Callbacks", words: ["no callback", "called me back"] };

  it("flags a comment 1 for a theme when it holds one of its words or phrases as whole words", () => {
    expect(themeFlags(["Long queue again", "put on hold for ages", "the waiter was great", "No callback yet", "no, callback was fine"], [wait, callback])).toEqual([
      [1, 0],
      [1, 0],
      [0, 0],
      [0, 1],
      [0, 0],
    ]);
  });

  it("reads a phrase across case and punctuation inside a clause, not across clauses", () => {
    expect(themeFlags(["HOLD MUSIC!!", "hold. music"], [{ name: "Music", words: ["hold music"] }])).toEqual([[1], [0]]);
  });

  it("proposes themes from the terms beyond the noise floor, grouping terms that share a word", () => {
    const detractors = comments(400, 11, [["I was put on hold for ages", 0.3], ["no callback", 0.2], ["too expensive", 0.15]]);
    const promoters = comments(400, 12, [["friendly staff", 0.3]]);
    const proposed = proposeThemes(ok(themes(detractors, promoters, { top: 30 })));
    const hold = proposed.find((t) => t.words.includes("hold"));
    expect(hold?.words).toEqual(expect.arrayContaining(["hold", "put on hold"]));
    expect(proposed.some((t) => t.words.includes("no callback"))).toBe(true);
    expect(proposed.some((t) => t.words.some((w) => w.includes("friendly")))).toBe(false);
    // The proposal's words flag the comments that planted them.
    const flags = themeFlags(detractors, proposed);
    const k = proposed.indexOf(hold ?? proposed[0]);
    detractors.forEach((text, i) => expect(flags[i][k]).toBe(text.includes("on hold") ? 1 : 0));
  });
});

describe("proposed words say negations as the comments do", () => {
  // Detractors write the same complaint three ways; the tokenizer joins each into not_helpful or never_called.
  const detractors = comments(400, 21, [["the agent wasn't helpful", 0.15], ["not very helpful at all", 0.1], ["They never called me back", 0.2]]);
  const promoters = comments(400, 22, [["helpful and kind", 0.2]]);
  const result = ok(themes(detractors, promoters, { top: 40 }));
  const proposed = proposeThemes(result, 8, detractors);

  it("gives a negated term the phrases its comments say it in, which the scorecard's rule matches", () => {
    const helpful = proposed.find((t) => t.name === "Not helpful");
    expect(helpful?.words).toEqual(expect.arrayContaining(["not helpful", "not very helpful"]));
    const flags = themeFlags(detractors, proposed);
    const k = proposed.indexOf(helpful ?? proposed[0]);
    detractors.forEach((text, i) => expect(flags[i][k]).toBe(/wasn't helpful|not very helpful/.test(text) ? 1 : 0));
  });

  it("without the comments, writes the negator before the word", () => {
    expect(proposeThemes(result, 8).find((t) => t.name === "Not helpful")?.words).toContain("not helpful");
  });
});

describe("errors of themes", () => {
  it("names an empty group", () => {
    expectKpiError(themes([], ["a b"]), "#N/A", "group A");
    expectKpiError(themes(["a b"], []), "#N/A", "group B");
  });

  it("asks for a lower min_count when fewer than two terms are kept", () => {
    expectKpiError(themes(["slow"], ["slow"], { minCount: 2 }), "#N/A", "min_count");
  });
});

describe("KPI.THEMES on ranges", () => {
  const texts = column(
    "on hold for ages", "on hold again", "put on hold", "hold music forever", "no callback, on hold",
    "friendly staff", "friendly staff, quick", "quick and friendly", "staff were friendly", "great staff",
    "it was ok", null,
  );
  const nps = column(0, 3, 6, 2, 5, 10, 9, 10, 9, 10, 7, 0);

  it("compares detractors (0-6) with promoters (9-10) by default, leaving passives out", () => {
    const spill = ok(themesOfRanges(texts, nps, null, null, 2, 3));
    expect(spill.length).toBeLessThanOrEqual(3);
    const hold = spill.find((row) => row[0] === "hold");
    expect(hold?.slice(1, 3)).toEqual([5, 0]);
    expect(hold?.[4]).toBeGreaterThan(0);
    const friendly = spill.find((row) => row[0] === "friendly");
    expect(friendly?.slice(1, 3)).toEqual([0, 4]);
    expect(friendly?.[4]).toBeLessThan(0);
    // The noise floor beside every row.
    for (const row of spill) expect(row[5]).toBe(spill[0][5]);
  });

  it("compares named labels, B defaulting to every other label, case and spaces ignored", () => {
    const labels = column("Detractor", "detractor", " DETRACTOR ", "detractor", "detractor", "promoter", "promoter", "fan", "fan", "fan", "passive", "");
    const ab = ok(themesOfRanges(texts, labels, "detractor", null, 2, 50));
    const hold = ab.find((row) => row[0] === "hold");
    expect(hold?.slice(1, 3)).toEqual([5, 0]);
    const vsPromoters = ok(themesOfRanges(texts, labels, "detractor", "promoter", 2, 50));
    // "quick and friendly" and "staff were friendly" are fans': with group_b "promoter" they are out.
    expect(vsPromoters.find((row) => row[0] === "friendly")?.[2]).toBe(2);
    expect(ab.find((row) => row[0] === "friendly")?.[2]).toBe(4);
  });

  it("rejects ranges of different shapes, bad answers and bad options with a message", () => {
    expectKpiError(themesOfRanges(texts, column(1, 2)), "#VALUE!", "same shape");
    expectKpiError(themesOfRanges(column("slow"), column(11)), "#VALUE!", "11", "row 1, column 1");
    expectKpiError(themesOfRanges(column("slow"), column("fan")), "#VALUE!", '"fan"', "group_a");
    expectKpiError(themesOfRanges(texts, nps, null, null, 0), "#VALUE!", "min_count");
    expectKpiError(themesOfRanges(texts, nps, null, null, 2, 1.5), "#VALUE!", "top");
    expectKpiError(themesOfRanges(texts, nps, null, "promoter"), "#VALUE!", "group_b needs group_a");
    expectKpiError(themesOfRanges(texts, nps, "fan", "FAN"), "#VALUE!", "same label");
  });

  it("says which group has no comments", () => {
    expectKpiError(themesOfRanges(column("slow", "fast"), column(10, 9)), "#N/A", "detractors");
    expectKpiError(themesOfRanges(column("slow", "fast"), column(1, 2)), "#N/A", "promoters");
    expectKpiError(themesOfRanges(column("slow", "fast"), column("a", "a"), "b"), "#N/A", '"b"');
  });

  it("passes an error value of the texts or groups through", () => {
    expectKpiError(themesOfRanges(column("slow", { error: "#DIV/0!" }), column(1, 10)), "#DIV/0!", "row 2, column 1");
    expectKpiError(themesOfRanges(column("slow", "fast"), column(1, { error: "#N/A" })), "#N/A", "row 2");
  });
});
