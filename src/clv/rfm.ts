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

interface Customer {
  readonly id: CustomerId;
  /** Amount per purchase day. */
  readonly days: Map<number, number>;
}

/** Ids are told apart by type and value: the number 4 and the text "4" are two customers. */
function keyOf(id: CustomerId): string {
  return typeof id === "number" ? `n${id}` : `s${id}`;
}

/** The summary, customers in the order of their first row in the log. */
export function rfmSummary(log: Iterable<Transaction>, endDay: number, periodDays: number): RfmRow[] {
  const customers = new Map<string, Customer>();
  for (const t of log) {
    if (t.day > endDay) continue;
    const key = keyOf(t.id);
    let c = customers.get(key);
    if (!c) {
      c = { id: t.id, days: new Map() };
      customers.set(key, c);
    }
    c.days.set(t.day, (c.days.get(t.day) ?? 0) + t.amount);
  }
  const rows: RfmRow[] = [];
  for (const c of customers.values()) {
    let first = Infinity;
    let last = -Infinity;
    for (const day of c.days.keys()) {
      if (day < first) first = day;
      if (day > last) last = day;
    }
    let repeatSpend = 0;
    for (const [day, amount] of c.days) if (day !== first) repeatSpend += amount;
    const x = c.days.size - 1;
    rows.push({
      id: c.id,
      x,
      tx: (last - first) / periodDays,
      T: (endDay - first) / periodDays,
      zbar: x > 0 ? repeatSpend / x : 0,
      first,
    });
  }
  return rows;
}
