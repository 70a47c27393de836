/**
 * Verbatim themes: which words and phrases one group of comments (detractors) uses more than
 * another (promoters), ranked so that chance is not read as a theme. Pure: clean texts in,
 * ranked terms out; the range reading of KPI.THEMES is at the end of the file.
 *
 * Terms (spec/why.md): lower-cased words of the sentiment tokenizer (src/kpi/sentiment.ts, so
 * the words the scorer sees are the words the themes see); a negator (not, no, never, without,
 * nobody, nothing; cannot and the n't words are written "not") joined to the word after
 * it ("not helpful" is not_helpful, "didn't call back" gives not_call; the negator skips up to
 * two stop words on its way: "not a problem" is not_problem, "never had an issue" never_issue);
 * n-grams of 1 to 3 words inside a clause that neither start nor end with a stop word, counted
 * once per text, kept when at least min_count texts of the two groups mention them.
 *
 * Ranking: Monroe, Colaresi and Quinn (2008), "Fightin' Words", eq. 16-22, with the
 * informative Dirichlet prior α_w = y_wA + y_wB and α₀ = Σ α_w:
 *   δ_w = ln((y_wA + α_w) / (n_A + α₀ - y_wA - α_w)) - ln((y_wB + α_w) / (n_B + α₀ - y_wB - α_w)),
 *   σ²_w = 1/(y_wA + α_w) + 1/(y_wB + α_w),  z_w = δ_w / σ_w,
 * with n_A, n_B the groups' total counts of kept terms. Positive z: group A says it more.
 * Example (spec): g3 3 against 12, g4 10 against 2, g5 1 against 4 gives z -1.979, 2.508, -0.722.
 *
 * Noise floor: the largest |z| that the same ranking gives between groups with no real
 * difference: the texts of A and B pooled and dealt at random (seeded) into two groups of the
 * sizes of A and B, FLOOR_SPLITS times; the floor is the largest |z| over all of them. The real
 * ranking is one more such draw when A and B do not differ, so its top term stays under the
 * floor with probability FLOOR_SPLITS / (FLOOR_SPLITS + 1) = 95 %: a term above it is a
 * family-wise 5 % finding over every term, not one of many chances.
 * (A group against a random half of itself, the wording of issue 21, shares half its texts with
 * that half and gives z about a third as large as two independent groups: a floor that low would
 * let chance through, so the halves here are disjoint.)
 *
 * Stop words: src/kpi/tokens.ts (the `stopword` package's English list and a few more).
 */
import { asGrid, readNumber, readOptionalScalar, width } from "../kpi/coerce";
import { at, cellError, errors, isKpiError, KpiError, type Result } from "../kpi/errors";
import { commentOf, mentions, THEME_WORDS, themeWords } from "../kpi/mentions";
import { isStopWord, tokenize, type Token } from "../kpi/tokens";
import type { FunctionDef, Spill } from "../kpi/types";
import { mulberry32, shuffle } from "./random";

/** Random splits behind the noise floor: 19 makes a term above it a 5 % family-wise finding. */
export const FLOOR_SPLITS = 19;
export const DEFAULT_SEED = 1;


/** Negators that join the word after them, by the form they take in a term. */
const JOINED: Readonly<Record<string, string>> = { not: "not", cannot: "not", no: "no", never: "never", without: "without", nobody: "nobody", nothing: "nothing" };
/** How many stop words a negator skips to reach its word ("not a problem", "never had an issue"). */
const NEGATION_REACH = 2;

function negatorForm(t: Token): string | null {
  if (t.kind !== "word") return null;
  if (Object.prototype.hasOwnProperty.call(JOINED, t.lower)) return JOINED[t.lower];
  // "didn't", "isn't", "can't", and the same typed without the apostrophe ("didnt", "dont").
  return t.role === "negator" && (/n['’]t$/i.test(t.text) || /nt$/.test(t.lower)) ? "not" : null;
}


interface Unit {
  readonly text: string;
  readonly stop: boolean;
}

/** The words of a text in clauses (broken at punctuation and emoji), negators joined. */
function clauses(text: string): Unit[][] {
  const { tokens } = tokenize(text);
  const out: Unit[][] = [];
  let clause: Unit[] = [];
  const flush = () => {
    if (clause.length > 0) out.push(clause);
    clause = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== "word") {
      flush();
      continue;
    }
    const negator = negatorForm(t);
    if (negator === null) {
      clause.push({ text: t.lower, stop: isStopWord(t.lower) });
      continue;
    }
    let j = i + 1;
    while (j < tokens.length && j - i - 1 < NEGATION_REACH && isSkippable(tokens[j])) j++;
    const next = tokens[j];
    if (next !== undefined && next.kind === "word" && negatorForm(next) === null && !isStopWord(next.lower)) {
      clause.push({ text: `${negator}_${next.lower}`, stop: false });
      i = j;
    } else clause.push({ text: negator, stop: true });
  }
  flush();
  return out;
}

function isSkippable(t: Token): boolean {
  return t.kind === "word" && negatorForm(t) === null && isStopWord(t.lower);
}

/** The distinct terms of one text (n-grams of 1 to 3 words, not starting or ending with a stop word). */
export function termsOf(text: string): string[] {
  const terms = new Set<string>();
  for (const units of clauses(text)) {
    for (let s = 0; s < units.length; s++) {
      if (units[s].stop) continue;
      let term = units[s].text;
      terms.add(term);
      for (let len = 2; len <= 3 && s + len - 1 < units.length; len++) {
        const last = units[s + len - 1];
        term += ` ${last.text}`;
        if (!last.stop) terms.add(term);
      }
    }
  }
  return [...terms];
}

/** A theme the user names: its name and the words and phrases that mention it ("on hold", "queue"). */
export interface NamedTheme {
  readonly name: string;
  readonly words: readonly string[];
}

/**
 * Each text's flag per theme: 1 when the text holds one of the theme's words or phrases as whole
 * words in sequence within a clause, else 0, by the rule the scorecard's formulas follow
 * (src/kpi/mentions.ts: "no callback" matches "No callback yet", not "no, callback"; "not call
 * back" matches "didn't call back"). flags[k][t] is text k's flag of theme t.
 */
export function themeFlags(texts: readonly string[], named: readonly NamedTheme[]): (0 | 1)[][] {
  const words = named.map((t) => themeWords(t.words));
  return texts.map((text) => {
    const folded = commentOf(text);
    return words.map((w) => (folded !== null && mentions(folded, w) ? 1 : 0));
  });
}

/**
 * Themes to start a user's table from: the terms group A says more than B beyond the noise
 * floor, joined into one theme when they share a word that is not a stop word ("hold", "put on
 * hold" and "hold for ages" make one theme, and so does whatever shares "ages" with them), named
 * after the theme's strongest term (the longest phrase among equals), strongest themes first, at
 * most `max`, each with at most THEME_WORDS words. A proposal to edit: the user renames, splits,
 * merges and adds words.
 *
 * The words are what the scorecard's rule matches (src/kpi/mentions.ts): a plain term as it
 * reads; a negated one (not_helpful, which the tokenizer also made of "not very helpful" and
 * "never had a callback" of never_callback) as the phrases group A's comments `texts` say it in,
 * the negator and up to two words between it and the word, most said first (those said in at
 * least a tenth of its comments, and the most said one always); without the texts, the negator
 * and the word ("not helpful").
 */
export function proposeThemes(result: Themes, max = 8, texts: readonly string[] = []): NamedTheme[] {
  const terms = result.terms.filter((t) => t.z > result.noiseFloor);
  const parent = terms.map((_, k) => k);
  const root = (k: number): number => (parent[k] === k ? k : (parent[k] = root(parent[k])));
  const byWord = new Map<string, number>();
  terms.forEach((t, k) => {
    for (const w of t.term.split(" ")) {
      if (isStopWord(w)) continue;
      const other = byWord.get(w);
      if (other === undefined) byWord.set(w, k);
      else parent[root(k)] = root(other);
    }
  });
  const groups = new Map<number, (typeof terms)[number][]>();
  terms.forEach((t, k) => groups.set(root(k), [...(groups.get(root(k)) ?? []), t]));
  const words = (x: string) => x.split(" ").length;
  const folded = texts.flatMap((t) => {
    const f = commentOf(t);
    return f === null ? [] : [f];
  });
  return [...groups.values()].slice(0, max).map((group) => {
    const strongest = [...group].sort((x, y) => y.z - x.z || words(y.term) - words(x.term) || (x.term < y.term ? -1 : 1))[0];
    const name = strongest.term.replace(/_/g, " ");
    const said = [...new Set(group.flatMap((t) => surfaceForms(t.term, folded)))].slice(0, THEME_WORDS);
    return { name: name.charAt(0).toUpperCase() + name.slice(1), words: said };
  });
}

/** A negator's form in a term, and the words of a folded comment (mentions.ts) that say it. */
const SAID_AS: Readonly<Record<string, (word: string) => boolean>> = {
  // The fold reads "n't" as "not"; "didnt" typed without its apostrophe stays a word of its own.
  not: (w) => w === "not" || w === "cannot" || (/nt$/.test(w) && negatorForm({ kind: "word", text: w, lower: w, role: "negator", caps: false }) === "not"),
  no: (w) => w === "no",
  never: (w) => w === "never",
  without: (w) => w === "without",
  nobody: (w) => w === "nobody",
  nothing: (w) => w === "nothing",
};

/**
 * The phrases of the folded comments that make a term, as the theme's words: the term itself
 * when it has no negator; for one with a negator (not_call back), each run from a word that says
 * the negator, over up to NEGATION_REACH stop words, to the rest of the term, counted once per
 * comment; those in at least a tenth of the comments that say any, the most said always.
 */
function surfaceForms(term: string, folded: readonly string[]): string[] {
  const m = /^(\w+)_(.*)$/.exec(term);
  if (m === null || !Object.prototype.hasOwnProperty.call(SAID_AS, m[1])) return [term];
  const [, negator, rest] = m;
  const fallback = `${negator} ${rest}`;
  const says = SAID_AS[negator];
  const tail = rest.split(" ");
  const counts = new Map<string, number>();
  let commentsSaying = 0;
  for (const f of folded) {
    if (!f.includes(tail[0])) continue;
    const w = f.split(" ");
    const seen = new Set<string>();
    for (let i = 0; i < w.length; i++) {
      if (!says(w[i])) continue;
      for (let gap = 0; gap <= NEGATION_REACH; gap++) {
        const start = i + 1 + gap;
        if (!tail.every((x, k) => w[start + k] === x)) continue;
        if (!w.slice(i + 1, start).every((x) => isStopWord(x) && x !== "|")) continue;
        seen.add(w.slice(i, start + tail.length).join(" "));
      }
    }
    if (seen.size > 0) commentsSaying++;
    for (const s of seen) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  if (counts.size === 0) return [fallback];
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return ranked.filter(([, c], k) => k === 0 || c >= commentsSaying / 10).map(([s]) => s);
}

/** One term's counts: texts of group A and of group B that mention it. */
export interface TermCount {
  readonly term: string;
  readonly a: number;
  readonly b: number;
}

export interface RankedTerm extends TermCount {
  /** Log-odds ratio of A against B with the informative Dirichlet prior. */
  readonly delta: number;
  readonly z: number;
}

/** δ and z of one term (Monroe, Colaresi and Quinn 2008, eq. 16-22, prior α_w = y_wA + y_wB). */
function logOdds(a: number, b: number, nA: number, nB: number, alpha0: number): { delta: number; z: number } {
  const alpha = a + b;
  const delta = Math.log((a + alpha) / (nA + alpha0 - a - alpha)) - Math.log((b + alpha) / (nB + alpha0 - b - alpha));
  return { delta, z: delta / Math.sqrt(1 / (a + alpha) + 1 / (b + alpha)) };
}

/**
 * The statistic on a count table (terms with their counts in A and B), in the table's order.
 * n_A and n_B are the table's column sums; a table of fewer than two terms has no log-odds
 * (every term's share is 1 in both groups).
 */
export function rankTable(table: readonly TermCount[]): Result<RankedTerm[]> {
  if (table.length < 2) return new KpiError("#N/A", "fewer than two terms to compare: the log-odds of a term needs others beside it");
  let nA = 0;
  let nB = 0;
  for (const t of table) {
    if (!(t.a >= 0 && t.b >= 0 && t.a + t.b > 0)) return errors.invalid(`term "${t.term}" needs counts of 0 or more, not both 0`);
    nA += t.a;
    nB += t.b;
  }
  return table.map((t) => ({ ...t, ...logOdds(t.a, t.b, nA, nB, nA + nB) }));
}

export interface ThemesOptions {
  /** Keep a term when at least this many texts of A and B together mention it (default 5). */
  readonly minCount?: number;
  /** How many terms to return, largest |z| first (default 20). */
  readonly top?: number;
  /** Seed of the noise floor's random splits (default 1). */
  readonly seed?: number;
}

export interface ThemeTerm extends RankedTerm {
  /** Index (in its group's array) of the first text of A, and of B, that mentions the term; -1 for none. */
  readonly exampleA: number;
  readonly exampleB: number;
}

export interface Themes {
  /** Up to `top` terms, largest |z| first (ties: the term's text). */
  readonly terms: readonly ThemeTerm[];
  /** The largest |z| between random groups of the same sizes from the same texts. */
  readonly noiseFloor: number;
  /** Texts of A and B (each counted once, blank or not) and terms kept. */
  readonly textsA: number;
  readonly textsB: number;
  readonly kept: number;
}

/**
 * Themes of group A against group B. Texts are counted as given (the caller drops blanks).
 * Errors: a group without texts, or fewer than two terms mentioned min_count times (#N/A).
 */
export function themes(a: readonly string[], b: readonly string[], options: ThemesOptions = {}): Result<Themes> {
  const minCount = options.minCount ?? 5;
  const top = options.top ?? 20;
  if (a.length === 0) return new KpiError("#N/A", "no comments in group A");
  if (b.length === 0) return new KpiError("#N/A", "no comments in group B");

  const { names, countA, countB, perText } = countTerms([...a, ...b], a.length, minCount);
  const texts = perText.length;

  // Kept terms, numbered 0..kept-1; each text's kept terms.
  const keptOf = new Int32Array(names.length).fill(-1);
  const kept: number[] = [];
  for (let id = 0; id < names.length; id++) {
    if (countA[id] + countB[id] >= minCount) {
      keptOf[id] = kept.length;
      kept.push(id);
    }
  }
  if (kept.length < 2) {
    return new KpiError("#N/A", `fewer than two terms are mentioned in at least ${minCount} comments: lower min_count or add comments`);
  }
  const keptTerms = perText.map((list) => {
    const out: number[] = [];
    for (const id of list) if (keptOf[id] >= 0) out.push(keptOf[id]);
    return Int32Array.from(out);
  });

  const table = kept.map((id) => ({ term: names[id], a: countA[id], b: countB[id] }));
  const ranked = rankTable(table);
  if (isKpiError(ranked)) return ranked;
  const order = ranked.map((_, k) => k).sort((x, y) => Math.abs(ranked[y].z) - Math.abs(ranked[x].z) || compare(ranked[x].term, ranked[y].term));
  const chosen = order.slice(0, top);
  const exampleOf = (k: number, from: number, to: number) => {
    for (let t = from; t < to; t++) if (keptTerms[t].includes(k)) return t - from;
    return -1;
  };
  const terms = chosen.map((k) => ({ ...ranked[k], exampleA: exampleOf(k, 0, a.length), exampleB: exampleOf(k, a.length, texts) }));

  return {
    terms,
    noiseFloor: noiseFloor(keptTerms, a.length, table.map((t) => t.a + t.b), options.seed ?? DEFAULT_SEED),
    textsA: a.length,
    textsB: b.length,
    kept: kept.length,
  };
}

/**
 * Counts the terms of every text once per text, in three passes that skip what cannot reach
 * min_count: a text that mentions a phrase mentions each of its words, so a two-word phrase is
 * counted only when both words are mentioned in min_count texts, and a three-word phrase only when
 * both its two-word halves are (stop words included, as the middle of "put on hold"). Units and
 * phrases are numbers until the end: only terms that are kept get a name. Returns, per term id,
 * its name and counts in A (texts before sizeA) and B, and per text the ids of its terms.
 */
function countTerms(texts: readonly string[], sizeA: number, minCount: number): { names: string[]; countA: number[]; countB: number[]; perText: Int32Array[] } {
  const unitIds = new Map<string, number>();
  const unitNames: string[] = [];
  const unitStop: boolean[] = [];
  const docs = texts.map((text) =>
    clauses(text).map((clause) =>
      Int32Array.from(clause, (u) => {
        let id = unitIds.get(u.text);
        if (id === undefined) {
          id = unitNames.length;
          unitIds.set(u.text, id);
          unitNames.push(u.text);
          unitStop.push(u.stop);
        }
        return id;
      }),
    ),
  );
  const U = unitNames.length;

  // Pass 1: words, every unit (stop words too: they sit inside phrases).
  const unitCount = new Int32Array(U);
  const unitSeen = new Int32Array(U).fill(-1);
  docs.forEach((doc, t) => {
    for (const clause of doc) {
      for (const u of clause) {
        if (unitSeen[u] === t) continue;
        unitSeen[u] = t;
        unitCount[u]++;
      }
    }
  });
  const frequent = (u: number) => unitCount[u] >= minCount;

  // Pass 2: pairs of frequent units, keyed u1 * U + u2, numbered in order of first sight.
  const pairIndex = new Map<number, number>();
  const pairCount: number[] = [];
  const pairSeen: number[] = [];
  docs.forEach((doc, t) => {
    for (const clause of doc) {
      for (let s = 0; s + 1 < clause.length; s++) {
        if (!frequent(clause[s]) || !frequent(clause[s + 1])) continue;
        const key = clause[s] * U + clause[s + 1];
        let k = pairIndex.get(key);
        if (k === undefined) {
          k = pairCount.length;
          pairIndex.set(key, k);
          pairCount.push(0);
          pairSeen.push(-1);
        }
        if (pairSeen[k] !== t) {
          pairSeen[k] = t;
          pairCount[k]++;
        }
      }
    }
  });
  const frequentPair = (u1: number, u2: number): number => {
    if (!frequent(u1) || !frequent(u2)) return -1;
    const k = pairIndex.get(u1 * U + u2);
    return k !== undefined && pairCount[k] >= minCount ? k : -1;
  };

  // Pass 3: terms (1 to 3 units, not starting or ending with a stop word) whose parts are all frequent.
  const termIndex = new Map<number, number>();
  const names: string[] = [];
  const countA: number[] = [];
  const countB: number[] = [];
  const termSeen: number[] = [];
  const P = pairCount.length;
  const perText = docs.map((doc, t) => {
    const counts = t < sizeA ? countA : countB;
    const ids: number[] = [];
    const add = (key: number, name: () => string) => {
      let id = termIndex.get(key);
      if (id === undefined) {
        id = names.length;
        termIndex.set(key, id);
        names.push(name());
        countA.push(0);
        countB.push(0);
        termSeen.push(-1);
      }
      if (termSeen[id] !== t) {
        termSeen[id] = t;
        counts[id]++;
        ids.push(id);
      }
    };
    for (const c of doc) {
      for (let s = 0; s < c.length; s++) {
        if (unitStop[c[s]] || !frequent(c[s])) continue;
        // Keys: a word u; a pair U + pair index; a triple U + P + pair index * U + third unit.
        add(c[s], () => unitNames[c[s]]);
        const first = s + 1 < c.length ? frequentPair(c[s], c[s + 1]) : -1;
        if (first < 0) continue;
        if (!unitStop[c[s + 1]]) add(U + first, () => `${unitNames[c[s]]} ${unitNames[c[s + 1]]}`);
        if (s + 2 < c.length && !unitStop[c[s + 2]] && frequentPair(c[s + 1], c[s + 2]) >= 0) {
          add(U + P + first * U + c[s + 2], () => `${unitNames[c[s]]} ${unitNames[c[s + 1]]} ${unitNames[c[s + 2]]}`);
        }
      }
    }
    return Int32Array.from(ids);
  });
  return { names, countA, countB, perText };
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Largest |z| over FLOOR_SPLITS random deals of the texts into groups of sizes sizeA and the rest. */
function noiseFloor(keptTerms: readonly Int32Array[], sizeA: number, totals: readonly number[], seed: number): number {
  const random = mulberry32(seed);
  const order = keptTerms.map((_, k) => k);
  const countA = new Float64Array(totals.length);
  let total = 0;
  for (const t of totals) total += t;
  let floor = 0;
  for (let split = 0; split < FLOOR_SPLITS; split++) {
    shuffle(order, random);
    countA.fill(0);
    let nA = 0;
    for (let k = 0; k < sizeA; k++) {
      const list = keptTerms[order[k]];
      for (let i = 0; i < list.length; i++) countA[list[i]]++;
      nA += list.length;
    }
    for (let w = 0; w < totals.length; w++) {
      const { z } = logOdds(countA[w], totals[w] - countA[w], nA, total - nA, total);
      if (Math.abs(z) > floor) floor = Math.abs(z);
    }
  }
  return floor;
}

// ---------------------------------------------------------------------------------------------
// KPI.THEMES: texts and groups as Excel passes them.

/** Which rows of a groups range are A and B: NPS answers (0..6 against 9..10) or labels. */
type GroupRule = { kind: "nps" } | { kind: "labels"; a: string; b: string | null };

function label(cell: unknown): string | null {
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : null;
  if (typeof cell === "string") return cell.trim() === "" ? null : cell.trim().toLowerCase();
  if (typeof cell === "boolean") return cell ? "true" : "false";
  return null;
}

function optionalLabel(arg: unknown, name: string): Result<string | null> {
  const grid = asGrid(arg);
  const cells = grid.flat();
  if (cells.length > 1) return errors.notScalar(name);
  const error = cellError(cells[0]);
  if (error) return new KpiError(error, `${name} is an error value`);
  return label(cells[0]);
}

function readCountOption(arg: unknown, name: string, fallback: number): Result<number> {
  const v = readOptionalScalar(arg, name);
  if (isKpiError(v)) return v;
  if (v === undefined) return fallback;
  return Number.isInteger(v) && v >= 1 ? v : errors.domain(name, v, "it must be a whole number of 1 or more");
}

/**
 * KPI.THEMES(texts, groups, [group_a], [group_b], [min_count = 5], [top = 20]): spills a row
 * per term (term, texts of A, texts of B, δ, z, noise floor), largest |z| first.
 */
export function themesOfRanges(
  textsArg: unknown,
  groupsArg: unknown,
  groupAArg: unknown = null,
  groupBArg: unknown = null,
  minCountArg: unknown = null,
  topArg: unknown = null,
): Result<Spill> {
  const texts = asGrid(textsArg);
  const groups = asGrid(groupsArg);
  if (!texts.some((row) => row.some((cell) => (typeof cell === "string" && cell.trim() !== "") || cellError(cell) !== null))) {
    return new KpiError("#N/A", "no comments in the range");
  }
  if (texts.length !== groups.length || width(texts) !== width(groups)) {
    return errors.shapeMismatch(`texts (${texts.length} x ${width(texts)}) and groups (${groups.length} x ${width(groups)}) must have the same shape`);
  }
  const groupA = optionalLabel(groupAArg, "group_a");
  if (isKpiError(groupA)) return groupA;
  const groupB = optionalLabel(groupBArg, "group_b");
  if (isKpiError(groupB)) return groupB;
  if (groupA === null && groupB !== null) return errors.invalid("group_b needs group_a: name the group to compare it with");
  if (groupA !== null && groupA === groupB) return errors.invalid(`group_a and group_b are the same label "${groupA}"`);
  const rule: GroupRule = groupA === null ? { kind: "nps" } : { kind: "labels", a: groupA, b: groupB };
  const minCount = readCountOption(minCountArg, "min_count", 5);
  if (isKpiError(minCount)) return minCount;
  const top = readCountOption(topArg, "top", 20);
  if (isKpiError(top)) return top;

  const a: string[] = [];
  const b: string[] = [];
  for (let r = 0; r < texts.length; r++) {
    for (let c = 0; c < width(texts); c++) {
      const text = texts[r][c];
      const group = groups[r]?.[c];
      const error = cellError(text) ?? cellError(group);
      if (error) return new KpiError(error, `an error value at ${at(r, c)}`);
      if (typeof text !== "string" || text.trim() === "") continue;
      const side = sideOf(group, rule, r, c);
      if (isKpiError(side)) return side;
      if (side === "a") a.push(text);
      else if (side === "b") b.push(text);
    }
  }
  if (a.length === 0) return new KpiError("#N/A", rule.kind === "nps" ? "no comments of detractors (0 to 6)" : `no comments in group "${rule.a}"`);
  if (b.length === 0) return new KpiError("#N/A", rule.kind === "nps" ? "no comments of promoters (9 and 10)" : `no comments in group ${rule.b === null ? "B (every other label)" : `"${rule.b}"`}`);
  const result = themes(a, b, { minCount, top });
  if (isKpiError(result)) return result;
  return result.terms.map((t) => [t.term, t.a, t.b, t.delta, t.z, result.noiseFloor]);
}

function sideOf(group: unknown, rule: GroupRule, r: number, c: number): Result<"a" | "b" | null> {
  if (rule.kind === "labels") {
    const l = label(group);
    if (l === null) return null;
    if (l === rule.a) return "a";
    return rule.b === null || l === rule.b ? "b" : null;
  }
  const v = readNumber(group);
  if (v === null) return null;
  if (v === undefined) {
    return errors.invalid(`group ${typeof group === "string" ? `"${group}"` : String(group)} at ${at(r, c)} is not an NPS answer: give group_a to compare labels`);
  }
  if (!Number.isInteger(v) || v < 0 || v > 10) return errors.outOfScale("NPS answer", v, 0, 10, r, c);
  return v <= 6 ? "a" : v >= 9 ? "b" : null;
}

export const functions: FunctionDef[] = [
  {
    name: "THEMES",
    params: ["texts", "groups", "group_a", "group_b", "min_count", "top"],
    kinds: ["range", "range", "optional-text", "optional-text", "optional-scalar", "optional-scalar"],
    invoke: (x) => themesOfRanges(x[0], x[1], x[2], x[3], x[4], x[5]),
  },
];
