/**
 * The RFM summary of a transaction log: one row per customer with the statistics the models
 * read (spec/clv.md, "Data"; spec/functions.md, KPI.RFM):
 * - x, frequency: purchase days after the first one, up to the end date (same-day purchases
 *   are one purchase, their amounts added);
 * - t_x, recency: first to last purchase day; T, age: first purchase day to the end date; both
 *   in periods of `periodDays` days;
 * - zbar: the mean amount of the repeat purchase days (0 when x = 0).
 * Purchases after the end date are ignored; a customer whose first purchase is after it is
 * not in the summary. Days are whole Excel serial days. The caller reads and cleans the cells.
 */

/** Days per period of spec/functions.md: a month is 30.4375 days (365.25 / 12). */
export const PERIOD_DAYS = { day: 1, week: 7, month: 30.4375, year: 365.25 } as const;
export type Period = keyof typeof PERIOD_DAYS;

/** Periods in a year, for a discount rate given per year: (1 + yearly)^(1 / PERIODS_PER_YEAR) - 1 per period. */
export const PERIODS_PER_YEAR: Record<Period, number> = { day: 365.25, week: 365.25 / 7, month: 12, year: 1 };

export type CustomerId = string | number;

export interface Transaction {
  readonly id: CustomerId;
  /** Whole Excel serial day. */
  readonly day: number;
  readonly amount: number;
}

export interface RfmRow {
  readonly id: CustomerId;
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  readonly zbar: number;
  /** Excel serial day of the first purchase. */
  readonly first: number;
}

/**
 * The summary, customers in the order of their first row in the log. Ids are told apart by type
 * and value (the number 4 and the text "4" are two customers). One pass groups the rows by
 * customer into flat arrays (no object per row), then each customer's days are sorted once.
 */
export function rfmSummary(log: readonly Transaction[], endDay: number, periodDays: number): RfmRow[] {
  const position = new Map<CustomerId, number>();
  const ids: CustomerId[] = [];
  const n = log.length;
  const customerOf = new Int32Array(n);
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = log[i];
    if (t.day > endDay) continue;
    let k = position.get(t.id);
    if (k === undefined) {
      k = ids.length;
      position.set(t.id, k);
      ids.push(t.id);
    }
    customerOf[kept.length] = k;
    kept.push(i);
  }
  // Rows of customer k at start[k] .. start[k+1] - 1 of days and amounts.
  const start = new Int32Array(ids.length + 1);
  for (let j = 0; j < kept.length; j++) start[customerOf[j] + 1]++;
  for (let k = 0; k < ids.length; k++) start[k + 1] += start[k];
  const fill = start.slice(0, ids.length);
  const days = new Float64Array(kept.length);
  const amounts = new Float64Array(kept.length);
  for (let j = 0; j < kept.length; j++) {
    const at = fill[customerOf[j]]++;
    days[at] = log[kept[j]].day;
    amounts[at] = log[kept[j]].amount;
  }
  const rows: RfmRow[] = new Array(ids.length);
  for (let k = 0; k < ids.length; k++) {
    const from = start[k];
    const to = start[k + 1];
    let first = Infinity;
    let last = -Infinity;
    for (let j = from; j < to; j++) {
      if (days[j] < first) first = days[j];
      if (days[j] > last) last = days[j];
    }
    let repeatSpend = 0;
    for (let j = from; j < to; j++) if (days[j] !== first) repeatSpend += amounts[j];
    // Distinct days: sort this customer's days in place and count the changes.
    const own = days.subarray(from, to).sort();
    let distinct = 1;
    for (let j = 1; j < own.length; j++) if (own[j] !== own[j - 1]) distinct++;
    const x = distinct - 1;
    rows[k] = { id: ids[k], x, tx: (last - first) / periodDays, T: (endDay - first) / periodDays, zbar: x > 0 ? repeatSpend / x : 0, first };
  }
  return rows;
}
