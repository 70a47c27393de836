/**
 * A theme the user names, as a sample KPI: the share of comments that mention it (mentions.ts),
 * with the statistics of any share (comments n, mentions), so its interval (Wilson), its test
 * between groups (the pooled two-proportion z-test), the difference's interval (Agresti-Caffo)
 * and its native formulas are FCR's.
 *
 * Decisions: a theme has no bands of its own (how often "wait time" may be mentioned is the
 * user's call, not a convention's): its bands follow a target the user gives (green at the
 * target, amber within a quarter of it), and without one it is shown unbanded. It is a leading
 * indicator (what comments say comes before what customers do), lower is better unless the user
 * says the theme is praise ("higher"), and the scorecard leaves it out of the CPI (a share of
 * mentions is no measure of performance the index could average).
 *
 * The theme's words are read from a cell of the scorecard (the inputs block) where the
 * formulas are given one (SampleInputRefs.themeWords), so editing them recalculates the share;
 * elsewhere from the words the user gave, as a text literal.
 */
import { shareScore } from "./difference";
import { KpiError } from "./errors";
import { commentFormula, commentOf, mentionFormula, mentions, themeWords } from "./mentions";
import { inGroup } from "./native";
import { twoProportionPFormula, wilsonFormulas } from "./nativeStats";
import type { SampleInputRefs, SampleKpi } from "./sample";
import { twoProportionP, wilsonInterval } from "./stats";
import type { Direction, KpiMeta } from "./types";

/** The column role a theme reads: the comments. */
export const THEME_ROLE = "sentiment";
/** Amber within a quarter of the target: at 1.25 times it (lower is better), or 0.8 times it (higher). */
export const THEME_AMBER = { lower: 1.25, higher: 0.8 } as const;

/** A theme as the user names it. */
export interface ThemeDefinition {
  readonly name: string;
  /** Words and phrases that mention it ("wait", "on hold"). */
  readonly words: readonly string[];
  /** "lower" (a complaint: fewer mentions is better; the default) or "higher" (praise). */
  readonly direction?: Direction;
}

/** The id of a theme's row ("THEME:Wait time"): its name, so a spec's settings and the CLI's output name it. */
export const themeId = (name: string): string => `THEME:${name}`;

/** The words as the theme's cell holds them: "wait, queue, on hold". */
export const wordsText = (words: readonly string[]): string => words.join(", ");

const noComments = () => new KpiError("#N/A", "no comments in the column");

/** The sample KPI of one theme. */
export function themeKpi(theme: ThemeDefinition): SampleKpi {
  const direction = theme.direction ?? "lower";
  const meta: KpiMeta = {
    id: themeId(theme.name),
    title: `Theme: ${theme.name}`,
    unit: "fraction",
    numberFormat: "0.0%",
    direction,
    bands: { kind: "target", amberShare: THEME_AMBER[direction], labels: ["On target", "Near target", "Off target"] },
    indicator: "leading",
    summary: "share of comments that mention one of the theme's words (whole words)",
  };
  const words = themeWords(theme.words);
  const list = (inputs?: SampleInputRefs) => inputs?.themeWords ?? `"${wordsText(theme.words).replace(/"/g, '""')}"`;
  return {
    meta,
    role: THEME_ROLE,
    combine: "each",
    configure: () => ({
      statistics: ["comments", "mentions"],
      add(acc, cells) {
        const folded = commentOf(cells[0]);
        if (folded === null) return null;
        acc[0]++;
        if (mentions(folded, words)) acc[1]++;
        return null;
      },
      value: ([n, s]) => (n === 0 ? noComments() : s / n),
      interval: ([n, s], confidence) => (n === 0 ? null : wilsonInterval(s, n, confidence)),
      pValue: ([na, sa], [nb, sb]) => (na === 0 || nb === 0 ? noComments() : twoProportionP(sa, na, sb, nb)),
      // No statSql: from DuckDB, each distinct comment is folded here (statsQuery.ts), as sentiment is scored.
      statFormulas: ([ref], cond, inputs) => [
        `SUMPRODUCT(${inGroup(commentFormula(ref), cond)})`,
        `SUMPRODUCT(${inGroup(mentionFormula(ref, list(inputs)), cond)})`,
      ],
      valueFormula: ([n, s]) => `IF(${n}=0,NA(),${s}/${n})`,
      intervalFormulas: ([n, s], confidence) => wilsonFormulas(s, n, confidence),
      pFormula: ([na, sa], [nb, sb]) => twoProportionPFormula(sa, na, sb, nb),
      score: shareScore({ n: 0, s: 1 }),
      liveFormula: () => null,
      note: () => "share of comments that mention one of its words (whole words; the words are in the inputs block)",
    }),
  };
}
