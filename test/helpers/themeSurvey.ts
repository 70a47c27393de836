/**
 * A survey with planted complaints, for the tests of named themes: three regions over four
 * months, an NPS answer and a comment each. South waits more (a hold or queue phrase in 40 % of
 * its comments against 12 % elsewhere), and in the last month everyone waits more; about a fifth
 * of the comments name the price. Each comment says, beside it, which themes were planted in it,
 * so the shares are checked against the generator's own counts, not against the code's rule.
 * Hostile forms of the planted phrases (case, punctuation, NBSP, hyphens, "n't") and near misses
 * (a word inside another word, a phrase across a comma) are among them.
 */
import type { ColumnMapping, DataTable, NamedThemeSpec, ScorecardSpec } from "../../src/scorecard/types";
import { seeded } from "./surveyData";

export const JAN_2025 = 45658;

/** Phrases that mention waiting, as the theme's words below match them. */
const WAITING = ["I was put ON-HOLD for ages", "the wait was too long!", "Queue, queue, queue.", "waiting\u00a0on hold again", "hold music for 40 minutes", "long WAIT; rude agent"];
/** Phrases that mention the price. */
const PRICE = ["far too expensive", "the price went up", "Prices are high!!", "it's overpriced"];
/** Text that must not count: a theme word inside another word, a phrase across a clause break, unrelated words. */
const NEAR_MISSES = ["the waiter was friendly", "hold, music was fine", "great queueing app", "priceless help", "no issue at all", "on time", ""];

export const WAIT_THEME: NamedThemeSpec = { name: "Wait time", words: ["wait", "waiting", "queue", "on hold", "hold music"] };
export const PRICE_THEME: NamedThemeSpec = { name: "Price", words: ["expensive", "price", "prices", "overpriced"] };

export interface PlantedSurvey {
  readonly data: DataTable;
  /** Per data row: whether a waiting phrase and a price phrase were planted. */
  readonly planted: readonly { readonly wait: boolean; readonly price: boolean; readonly comment: boolean }[];
}

export function plantedSurvey(seed = 21, perRegion: Record<string, number> = { North: 240, South: 200, West: 160 }): PlantedSurvey {
  const rnd = seeded(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const rows: unknown[][] = [];
  const planted: { wait: boolean; price: boolean; comment: boolean }[] = [];
  for (const [region, n] of Object.entries(perRegion)) {
    for (let k = 0; k < n; k++) {
      const month = k % 4;
      const wait = rnd() < (region === "South" ? 0.4 : 0.12) + (month === 3 ? 0.15 : 0);
      const price = rnd() < 0.2;
      const parts: string[] = [];
      if (wait) parts.push(pick(WAITING));
      if (price) parts.push(pick(PRICE));
      parts.push(pick(NEAR_MISSES));
      const text = parts.filter((p) => p !== "").join(" / ");
      // A few answers leave the comment blank or type a number: no comment.
      const blank = rnd() < 0.05;
      const comment: unknown = blank ? (rnd() < 0.5 ? "" : 7) : text;
      const said = !blank && text !== "";
      planted.push({ wait: said && wait, price: said && price, comment: said });
      const nps = wait || price ? Math.floor(rnd() * 7) : 7 + Math.floor(rnd() * 4);
      rows.push([region, JAN_2025 + 31 * month + 2, nps, comment]);
    }
  }
  return { data: { headers: ["Region", "Date", "Recommend", "Comment"], rows }, planted };
}

export const PLANTED_COLUMNS: ColumnMapping[] = [
  { index: 0, header: "Region", role: "segment" },
  { index: 1, header: "Date", role: "period" },
  { index: 2, header: "Recommend", role: "nps" },
  { index: 3, header: "Comment", role: "sentiment" },
];

export function plantedSpec(data: DataTable, overrides: Partial<ScorecardSpec> = {}): ScorecardSpec {
  return {
    version: 1, source: { sheet: "Data", address: `A1:D${data.rows.length + 1}` }, columns: PLANTED_COLUMNS, aggregates: {}, kpis: {},
    mode: "portable", trend: "month", namedThemes: [WAIT_THEME, PRICE_THEME], ...overrides,
  };
}
