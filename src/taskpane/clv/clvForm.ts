/**
 * The CLV flow's form as data (pure, tested without a DOM): which columns of the selection hold
 * the customer id, the date and the amount (proposed from the headers, confirmed by the user),
 * and the settings as typed, read into the options of planClvSheetFromRanges with a message per
 * field that does not read.
 */
import { readDay } from "../../clv/read";
import { PERIOD_DAYS, PERIODS_PER_YEAR, type Period } from "../../clv/rfm";
import type { ClvSheetInput } from "../../clv/sheet";

export const PERIODS = Object.keys(PERIOD_DAYS) as Period[];

export interface ClvForm {
  readonly id: number;
  readonly date: number;
  readonly amount: number;
  /** YYYY-MM-DD, or "" for the last purchase in the data. */
  readonly end: string;
  /** YYYY-MM-DD, or "" for no calibration check. */
  readonly holdout: string;
  readonly period: Period;
  readonly horizon: string;
  /** Percent per period, or per year with "/year" after it ("10/year", "10 %/year"). */
  readonly discount: string;
  /** Percent. */
  readonly margin: string;
}

export const EMPTY_CLV_FORM: ClvForm = { id: 0, date: 1, amount: 2, end: "", holdout: "", period: "week", horizon: "52", discount: "0", margin: "100" };

const ID = /customer|client|user|member|account|buyer|\bid\b/i;
const DATE = /date|day|time|ordered|purchased/i;
const AMOUNT = /amount|revenue|sales|spend|value|total|price|net|gross|\$/i;

/** The id, date and amount columns the headers suggest; the first free columns otherwise. */
export function proposeColumns(headers: readonly string[]): Pick<ClvForm, "id" | "date" | "amount"> {
  const taken = new Set<number>();
  const pick = (pattern: RegExp): number => {
    let k = headers.findIndex((h, i) => !taken.has(i) && pattern.test(h));
    if (k < 0) k = headers.findIndex((_, i) => !taken.has(i));
    taken.add(k);
    return Math.max(0, k);
  };
  const date = pick(DATE);
  const amount = pick(AMOUNT);
  const id = pick(ID);
  return { id, date, amount };
}

export type ClvSettings = Pick<ClvSheetInput, "endDate" | "holdoutEnd" | "period" | "horizon" | "discountRate" | "discountGiven" | "margin">;

export interface FieldProblem {
  readonly field: keyof ClvForm;
  readonly message: string;
}

const number = (text: string): number | undefined => {
  const t = text.trim().replace(/%$/, "").trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : undefined;
};

/** The settings, or the first field that does not read. `lastDay` is the last purchase in the data. */
export function readSettings(form: ClvForm, lastDay: number): ClvSettings | FieldProblem {
  if (new Set([form.id, form.date, form.amount]).size < 3) return { field: "id", message: "The id, date and amount must be three different columns." };
  const end = form.end.trim() === "" ? lastDay : readDay(form.end.trim());
  if (end === null || end === undefined) return { field: "end", message: `"${form.end}" is not a date: write it YYYY-MM-DD.` };
  let holdoutEnd: number | undefined;
  if (form.holdout.trim() !== "") {
    const h = readDay(form.holdout.trim());
    if (h === null || h === undefined) return { field: "holdout", message: `"${form.holdout}" is not a date: write it YYYY-MM-DD.` };
    if (!(h > end)) return { field: "holdout", message: "The end of the holdout must come after the end of the calibration period." };
    holdoutEnd = h;
  }
  const horizon = number(form.horizon);
  if (horizon === undefined || horizon < 0 || horizon > 10_000) return { field: "horizon", message: `Give the horizon as 0 to 10000 ${form.period}s.` };
  const yearly = /\/\s*year\s*$/i.test(form.discount);
  const discount = number(form.discount.replace(/\/\s*(year|period)\s*$/i, ""));
  if (discount === undefined || discount < 0 || discount >= 1000) {
    return { field: "discount", message: `Give the discount rate per ${form.period} in percent, such as 0.2, or per year as 10/year (not below 0).` };
  }
  const margin = number(form.margin);
  if (margin === undefined || margin < 0 || margin > 100) return { field: "margin", message: "Give the margin in percent, from 0 to 100." };
  const rate = discount / 100;
  const discountRate = yearly ? (1 + rate) ** (1 / PERIODS_PER_YEAR[form.period]) - 1 : rate;
  return {
    endDate: end,
    ...(holdoutEnd !== undefined ? { holdoutEnd } : {}),
    period: form.period,
    horizon,
    discountRate,
    discountGiven: { rate, per: yearly ? "year" : "period" },
    margin: margin / 100,
  };
}

export const isProblem = (x: ClvSettings | FieldProblem): x is FieldProblem => "field" in x;
