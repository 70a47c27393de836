/**
 * Deterministic survey data for scorecard tests: a header row and rows of NPS, CSAT, CES,
 * FCR, comment, engagement, impact, revenue, segment and date columns. A small seeded
 * generator, so every run (Node and browser) sees the same numbers.
 */
import type { ColumnMapping, DataTable, ScorecardSpec } from "../../src/scorecard/types";

export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export const WIDE_HEADERS = [
  "How likely are you to recommend us?",
  "How satisfied were you?",
  "How easy was it to get help?",
  "Resolved on first contact",
  "Comment",
  "Logins",
  "Impact score",
  "Revenue",
  "Region",
  "Response date",
] as const;

const COMMENTS = ["great service", "slow and annoying", "ok", "love it", "bad experience", ""];

/** Excel serial of the first day of month m (0-based) after January 2023. */
export function monthSerial(m: number, day = 1): number {
  return Date.UTC(2023, m, day) / 86400000 + 25569;
}

/** Rows for `segments` regions over `months` months, `perCell` responses each. */
export function wideSurvey(segments: number, months: number, perCell: number, seed = 7): DataTable {
  const rnd = seeded(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const rows: unknown[][] = [];
  for (let s = 0; s < segments; s++) {
    for (let m = 0; m < months; m++) {
      for (let k = 0; k < perCell; k++) {
        rows.push([
          int(0, 10),
          int(1, 5),
          int(1, 7),
          rnd() < 0.7 ? "yes" : "no",
          COMMENTS[int(0, COMMENTS.length - 1)],
          int(0, 30),
          int(40, 100),
          Math.round(rnd() * 50000) / 100,
          `Region ${String(s + 1).padStart(2, "0")}`,
          monthSerial(m, 1 + int(0, 27)),
        ]);
      }
    }
  }
  return { headers: [...WIDE_HEADERS], rows };
}

/** A spec mapping every column of wideSurvey plus every aggregate: 13 KPIs. */
export function wideSpec(rows: number, mode: ScorecardSpec["mode"]): ScorecardSpec {
  return {
    version: 1,
    source: { sheet: "Survey", address: `A1:J${rows + 1}` },
    columns: [
      { index: 0, header: WIDE_HEADERS[0], role: "nps" },
      { index: 1, header: WIDE_HEADERS[1], role: "csat" },
      { index: 2, header: WIDE_HEADERS[2], role: "ces" },
      { index: 3, header: WIDE_HEADERS[3], role: "fcr" },
      { index: 4, header: WIDE_HEADERS[4], role: "sentiment" },
      { index: 5, header: WIDE_HEADERS[5], role: "engagement" },
      { index: 6, header: WIDE_HEADERS[6], role: "impact" },
      { index: 7, header: WIDE_HEADERS[7], role: "revenue" },
      { index: 8, header: WIDE_HEADERS[8], role: "segment" },
      { index: 9, header: WIDE_HEADERS[9], role: "period" },
    ],
    aggregates: {
      customersStart: 1000,
      customersLost: 40,
      customersEnd: 1010,
      newCustomers: 50,
      avgPurchaseValue: 100,
      purchasesPerYear: 4,
      lifespanYears: 5,
      marginPerPeriod: 150,
      retentionRate: 0.8,
      discountRate: 0.1,
      interactions: 120,
      innovationProjects: 2,
      customers: 800,
    },
    kpis: { NPS: { target: 40 }, CLV: { target: 2000 }, "CLV.MARGIN": { target: 300 }, REVENUEPERCUSTOMER: { target: 50 } },
    mode,
    trend: "month",
  };
}

/** The mapping of a four-column survey (Region, Date, Recommend, Satisfaction), as the findings and print tests build it. */
export const REGION_DATE_NPS_CSAT: readonly ColumnMapping[] = [
  { index: 0, header: "Region", role: "segment" },
  { index: 1, header: "Date", role: "period" },
  { index: 2, header: "Recommend", role: "nps" },
  { index: 3, header: "Satisfaction", role: "csat" },
];
