// The CDNOW data of ../shared/data (PROVENANCE.md there): the transaction log of 2,357
// customers and its published summary, read for the CLV tests.
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { serialOf } from "../../src/clv/read";
import type { ClvSheetInput } from "../../src/clv/sheet";

export const DATA_DIR = path.resolve(__dirname, "..", "..", "..", "shared", "data");
const SUMMARY = path.join(DATA_DIR, "cdnow", "cdnow_customers_summary_with_transactions.csv");
const LOG = path.join(DATA_DIR, "cdnow", "CDNOW_sample.txt");
const SBG = path.join(DATA_DIR, "sbg_fader_hardie_2007_survivors.csv");

export const haveData = existsSync(SUMMARY) && existsSync(LOG) && existsSync(SBG);
/** describe, or describe.skip with a warning when ../shared/data is not beside the repository. */
export const describeWithData: jest.Describe = haveData ? describe : describe.skip;
if (!haveData) console.warn(`${DATA_DIR} not found: the CDNOW and sBG reference tests are skipped`);

export interface SummaryRow {
  readonly id: number;
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  readonly zbar: number;
}

/** The published summary: ID, x, t_x (weeks), T (weeks), zbar, rounded to 2 decimals. */
export function cdnowSummary(): SummaryRow[] {
  return readFileSync(SUMMARY, "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [id, x, tx, T, zbar] = line.split(",").map(Number);
      return { id, x, tx, T, zbar };
    });
}

export interface LogRow {
  /** The sample id as a number (the summary's ID). */
  readonly id: number;
  /** Excel serial day. */
  readonly day: number;
  readonly amount: number;
}

/** The log: master id, sample id, date YYYYMMDD, CDs, dollars; dates as Excel serial days. */
export function cdnowLog(): LogRow[] {
  return readFileSync(LOG, "utf8")
    .trim()
    .split(/\r?\n/)
    .map((line) => {
      const [, sample, date, , dollars] = line.trim().split(/\s+/);
      const day = serialOf(Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8)));
      return { id: Number(sample), day, amount: Number(dollars) };
    });
}

/** Survivor counts of the two cohorts of Fader and Hardie (2007), years 0 to 7. */
export function sbgCohorts(): { regular: number[]; highEnd: number[] } {
  const rows = readFileSync(SBG, "utf8").trim().split(/\r?\n/).slice(1).map((l) => l.split(",").map(Number));
  return { regular: rows.map((r) => r[1]), highEnd: rows.map((r) => r[2]) };
}

/** A column of cells, as Excel passes a one-column range. */
export function col(values: readonly unknown[]): unknown[][] {
  return values.map((v) => [v]);
}

/** The CLV sheet of the CDNOW log as the tests plan it: calibration to 1997-09-30, holdout to 1998-06-30, 52 weeks, margin 30 %. */
export function cdnowSheetInput(overrides: Partial<ClvSheetInput> = {}): ClvSheetInput {
  return {
    source: "CDNOW_sample.txt",
    transactions: cdnowLog(),
    skipped: 0,
    endDate: serialOf(1997, 9, 30),
    holdoutEnd: serialOf(1998, 6, 30),
    period: "week",
    horizon: 52,
    discountRate: 0,
    margin: 0.3,
    ...overrides,
  };
}
