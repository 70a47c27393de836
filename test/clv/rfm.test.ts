import { PERIOD_DAYS, rfmSummary, type Transaction } from "../../src/clv/rfm";
import { cdnowLog, cdnowSummary, describeWithData } from "./cdnow";
import { serialOf } from "../../src/clv/read";

const JAN1 = serialOf(1997, 1, 1);

function tx(id: string | number, day: number, amount: number): Transaction {
  return { id, day: JAN1 + day, amount };
}

describe("the RFM summary", () => {
  it("counts repeat purchase days, not the first purchase", () => {
    const [row] = rfmSummary([tx("a", 0, 10), tx("a", 7, 20), tx("a", 21, 30)], JAN1 + 28, 7);
    expect(row.x).toBe(2);
    expect(row.tx).toBe(3);
    expect(row.T).toBe(4);
    expect(row.zbar).toBe(25);
    expect(row.first).toBe(JAN1);
  });

  it("adds purchases of the same day into one", () => {
    const [row] = rfmSummary([tx("a", 0, 10), tx("a", 0, 5), tx("a", 14, 20), tx("a", 14, 4)], JAN1 + 28, 7);
    expect(row.x).toBe(1);
    expect(row.zbar).toBe(24);
  });

  it("ignores purchases after the end date and customers who first bought after it", () => {
    const rows = rfmSummary([tx("a", 0, 10), tx("a", 40, 99), tx("b", 35, 5)], JAN1 + 28, 7);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: "a", x: 0, tx: 0, T: 4, zbar: 0 });
  });

  it("counts a purchase on the end date itself", () => {
    const [row] = rfmSummary([tx("a", 0, 10), tx("a", 28, 6)], JAN1 + 28, 7);
    expect(row).toMatchObject({ x: 1, tx: 4, T: 4, zbar: 6 });
  });

  it("measures time in days, weeks, months of 30.4375 days or years of 365.25 days", () => {
    expect(PERIOD_DAYS).toEqual({ day: 1, week: 7, month: 30.4375, year: 365.25 });
    const log = [tx(1, 0, 1), tx(1, 365, 1)];
    expect(rfmSummary(log, JAN1 + 730.5, PERIOD_DAYS.year)[0].T).toBe(2);
    expect(rfmSummary(log, JAN1 + 365, PERIOD_DAYS.month)[0].tx).toBeCloseTo(365 / 30.4375, 12);
  });

  it("keeps customers in the order of their first row and tells the number 4 from the text \"4\"", () => {
    const rows = rfmSummary([tx("4", 3, 1), tx(4, 1, 1), tx("4", 5, 2)], JAN1 + 10, 1);
    expect(rows.map((r) => r.id)).toEqual(["4", 4]);
    expect(rows[0].x).toBe(1);
  });
});

describeWithData("the RFM summary of the CDNOW log", () => {
  it("reproduces the published summary for all 2,357 customers with end date 1997-09-30, in weeks", () => {
    const rows = rfmSummary(cdnowLog(), serialOf(1997, 9, 30), 7);
    const published = cdnowSummary();
    expect(rows).toHaveLength(2357);
    expect(published).toHaveLength(2357);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const mismatches: string[] = [];
    for (const p of published) {
      const r = byId.get(p.id);
      // The summary file rounds t_x, T and zbar to 2 decimals.
      const ok = r && r.x === p.x && Math.abs(r.tx - p.tx) <= 0.005 + 1e-9 && Math.abs(r.T - p.T) <= 0.005 + 1e-9 && Math.abs(r.zbar - p.zbar) <= 0.005 + 1e-9;
      if (!ok) mismatches.push(`${p.id}: ${JSON.stringify(r)} vs ${JSON.stringify(p)}`);
    }
    expect(mismatches).toEqual([]);
  });
});
