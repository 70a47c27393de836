/**
 * What detractors say: the verbatim themes of the scorecard's comments, detractors (NPS 0-6)
 * against promoters (9-10), computed by the add-in when the scorecard is built (src/why/themes.ts)
 * and written as values: no spreadsheet formula tokenizes text, so portable sheets carry them as
 * they were and the block says so.
 *
 * Needs a comment column (role "sentiment") and an NPS column; rows whose NPS is not a whole
 * number 0..10 or whose comment is blank are left out. Too few comments for two terms is a note
 * in the block, not an error of the scorecard.
 */
import { isKpiError, readNumber, wordsText } from "../kpi";
import { proposeThemes, themes, type Themes } from "../why/themes";
import { MAX_THEME_NAME, MAX_THEME_TEXT, themeWordsProblem } from "./spec";
import type { DataTable, NamedThemeSpec, ScorecardSpec } from "./types";

/** Terms shown per side. */
export const VERBATIM_TERMS = 8;
/** Longest example comment shown (characters); a longer one is cut with an ellipsis. */
export const EXAMPLE_LENGTH = 120;
/** A term kept when this many comments mention it. */
export const VERBATIM_MIN_COUNT = 5;

export interface VerbatimTerm {
  readonly term: string;
  /** Detractors' and promoters' comments that mention it. */
  readonly detractors: number;
  readonly promoters: number;
  readonly z: number;
  /** Beyond the noise floor: |z| above it. */
  readonly beyondChance: boolean;
  readonly example: string;
}

export type Verbatim =
  | {
      readonly kind: "themes";
      readonly detractorComments: number;
      readonly promoterComments: number;
      readonly noiseFloor: number;
      /** Terms detractors say more (z > 0), then terms promoters say more (z < 0), largest |z| first. */
      readonly detractors: readonly VerbatimTerm[];
      readonly promoters: readonly VerbatimTerm[];
    }
  | { readonly kind: "none"; readonly why: string };

function cut(text: string): string {
  const t = text.trim().replace(/\s+/g, " ");
  return t.length <= EXAMPLE_LENGTH ? t : `${t.slice(0, EXAMPLE_LENGTH - 1)}…`;
}

/**
 * The comments of detractors (NPS 0-6) and promoters (9-10), blank ones and rows without a whole
 * NPS answer 0..10 left out, with the terms detractors say more (themes.ts); or why there are
 * none (no comment or NPS column mapped, too few terms).
 */
function ranked(spec: ScorecardSpec, data: DataTable): { detractors: string[]; promoters: string[]; result: Themes } | { why: string } {
  const comment = spec.columns.find((c) => c.role === "sentiment");
  const nps = spec.columns.find((c) => c.role === "nps");
  if (!comment || !nps) return { why: `needs a comment column and an NPS column (${!comment ? "no comment column" : "no NPS column"} is mapped)` };
  const detractors: string[] = [];
  const promoters: string[] = [];
  for (const row of data.rows) {
    const text = row[comment.index];
    const score = readNumber(row[nps.index]);
    if (typeof text !== "string" || text.trim() === "" || typeof score !== "number" || !Number.isInteger(score) || score < 0 || score > 10) continue;
    if (score <= 6) detractors.push(text);
    else if (score >= 9) promoters.push(text);
  }
  const result = themes(detractors, promoters, { minCount: VERBATIM_MIN_COUNT, top: Number.MAX_SAFE_INTEGER });
  if (isKpiError(result)) {
    // KPI.THEMES's messages name its parameters; the scorecard has none to lower.
    const why = result.message.startsWith("fewer than two terms") ? `fewer than two words or phrases are mentioned in ${VERBATIM_MIN_COUNT} comments or more` : result.message;
    return { why: `${why} (${detractors.length} detractors' and ${promoters.length} promoters' comments)` };
  }
  return { detractors, promoters, result };
}

/** Themes proposed at most, for the pane and the CLI to start a user's table from. */
export const PROPOSED_THEMES = 6;

/**
 * Themes to start from: the terms detractors' comments say more than promoters' beyond the noise
 * floor, grouped (themes.ts, proposeThemes), each within what a theme of the spec holds (a name
 * of MAX_THEME_NAME characters, words that fit its cell); or why there are none.
 */
export function proposedThemes(spec: ScorecardSpec, data: DataTable): { readonly themes: NamedThemeSpec[]; readonly why: string | null } {
  const r = ranked(spec, data);
  if ("why" in r) return { themes: [], why: r.why };
  const out: NamedThemeSpec[] = [];
  for (const t of proposeThemes(r.result, PROPOSED_THEMES, r.detractors)) {
    const words = t.words.filter((w) => !/[,;]/.test(w));
    while (words.length > 1 && wordsText(words).length > MAX_THEME_TEXT) words.pop();
    const name = t.name.length <= MAX_THEME_NAME ? t.name : `${t.name.slice(0, MAX_THEME_NAME - 1)}…`;
    if (words.length > 0 && themeWordsProblem(name, words) === null && !out.some((o) => o.name.toLowerCase() === name.toLowerCase())) out.push({ name, words });
  }
  const why = out.length > 0 ? null : `no word or phrase of detractors' comments stands above the noise floor (|z| ${r.result.noiseFloor.toFixed(2)}; ${r.detractors.length} detractors' and ${r.promoters.length} promoters' comments)`;
  return { themes: out, why };
}

/** The block's content, or null when the spec does not ask for it. */
export function verbatimOf(spec: ScorecardSpec, data: DataTable): Verbatim | null {
  if (!spec.themes) return null;
  const r = ranked(spec, data);
  if ("why" in r) return { kind: "none", why: r.why };
  const { detractors, promoters, result } = r;
  // A comment repeated word for word (a canned answer, a pasted sentence) makes every phrase in it
  // a term with the same counts: those rows say one thing, so they show as one, the longest
  // phrase named with up to two others beside it.
  const side = (sign: 1 | -1): VerbatimTerm[] => {
    const groups = new Map<string, { terms: string[]; t: (typeof result.terms)[number] }>();
    for (const t of result.terms) {
      if (Math.sign(t.z) !== sign) continue;
      const example = sign > 0 ? detractors[t.exampleA] : promoters[t.exampleB];
      const key = `${t.a}/${t.b}/${example}`;
      const g = groups.get(key);
      if (g) g.terms.push(t.term);
      else if (groups.size < VERBATIM_TERMS) groups.set(key, { terms: [t.term], t });
    }
    return [...groups.values()].map(({ terms, t }) => {
      const words = (x: string) => x.split(" ").length;
      const ordered = [...terms].sort((x, y) => words(y) - words(x) || y.length - x.length || (x < y ? -1 : 1));
      const distinct = ordered.filter((x, k) => !ordered.slice(0, k).some((longer) => ` ${longer} `.includes(` ${x} `)));
      const named = distinct.length > 1 ? `${distinct[0]} (also: ${distinct.slice(1, 3).join(", ")}${distinct.length > 3 ? ", ..." : ""})` : distinct[0];
      return {
        term: named,
        detractors: t.a,
        promoters: t.b,
        z: t.z,
        beyondChance: Math.abs(t.z) > result.noiseFloor,
        example: cut(sign > 0 ? detractors[t.exampleA] : promoters[t.exampleB]),
      };
    });
  };
  return {
    kind: "themes",
    detractorComments: detractors.length,
    promoterComments: promoters.length,
    noiseFloor: result.noiseFloor,
    detractors: side(1),
    promoters: side(-1),
  };
}
