// The CPI's conservative interval (issue 24, composite.ts intervalOf): interval arithmetic on the
// components' own intervals. Whatever the components (best above or below worst, a value past its
// best or worst so that its score is clipped, any weights), whenever every component's true value
// lies in its interval the true index lies in the CPI's interval; and the interval is no wider than
// that: its ends are reached when every component sits at the end of its interval that scores least
// (or most). Checked against KPI.SCALE and KPI.CPI themselves, not against the code's own sums.
import fc from "fast-check";
import { cpi, isKpiError, scale } from "../../src/kpi";
import { type Component, intervalOf } from "../../src/scorecard/composite";

interface Drawn {
  readonly worst: number;
  readonly best: number;
  readonly weight: number;
  /** The estimate, and its interval around it. */
  readonly value: number;
  readonly low: number;
  readonly high: number;
  /** Where in its interval the truth lies (0: its low, 1: its high). */
  readonly at: number;
}

const component = fc
  .record({
    worst: fc.double({ min: -200, max: 200, noNaN: true }),
    span: fc.double({ min: 1, max: 150, noNaN: true }),
    reversed: fc.boolean(),
    weight: fc.oneof(fc.constant(0), fc.double({ min: 0.1, max: 5, noNaN: true })),
    // The value anywhere from well below the worst to well above the best (clipped scores).
    place: fc.double({ min: -0.5, max: 1.5, noNaN: true }),
    below: fc.double({ min: 0, max: 80, noNaN: true }),
    above: fc.double({ min: 0, max: 80, noNaN: true }),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map((x): Drawn => {
    const best = x.reversed ? x.worst - x.span : x.worst + x.span;
    const value = x.worst + x.place * (best - x.worst);
    return { worst: x.worst, best, weight: x.weight, value, low: value - x.below, high: value + x.above, at: x.at };
  });

const asComponents = (cs: readonly Drawn[]) => cs.map((c) => ({ worst: c.worst, best: c.best, weight: c.weight }) as unknown as Component);
/** The index of values, by KPI.SCALE and KPI.CPI. */
function indexOf(cs: readonly Drawn[], values: readonly number[]): number {
  const r = cpi(values.map((v, k) => [scale(v, cs[k].worst, cs[k].best) as number]), cs.map((c) => [c.weight]));
  if (isKpiError(r)) throw new Error(r.message);
  return r;
}
const positive = (cs: readonly Drawn[]) => cs.some((c) => c.weight > 0);

describe("the CPI's conservative interval", () => {
  it("holds the true index whenever every component's interval holds its true value, and reaches its ends", () => {
    fc.assert(
      fc.property(fc.array(component, { minLength: 2, maxLength: 8 }).filter(positive), (cs) => {
        const scores = cs.map((c) => scale(c.value, c.worst, c.best));
        const bounds = intervalOf(scores, cs.map((c) => [c.low, c.high] as const), asComponents(cs));
        if (bounds === null) throw new Error("no interval");
        const [low, high] = bounds;
        const tolerance = 1e-9 * Math.max(1, Math.abs(low), Math.abs(high));
        const truth = indexOf(cs, cs.map((c) => c.low + c.at * (c.high - c.low)));
        expect(truth).toBeGreaterThanOrEqual(low - tolerance);
        expect(truth).toBeLessThanOrEqual(high + tolerance);
        expect(indexOf(cs, cs.map((c) => c.value))).toBeGreaterThanOrEqual(low - tolerance);
        // Every component at the end of its interval that scores least: the low end exactly (and the high at the other).
        const least = cs.map((c) => ((c.best > c.worst) ? c.low : c.high));
        const most = cs.map((c) => ((c.best > c.worst) ? c.high : c.low));
        expect(indexOf(cs, least)).toBeCloseTo(low, 9);
        expect(indexOf(cs, most)).toBeCloseTo(high, 9);
        expect(0 <= low && high <= 100).toBe(true);
      }),
    );
  });

  it("leaves out a component without a score, counts a figure entered as exact, and has none where a scored component has no interval", () => {
    const cs = [
      { worst: 0, best: 100, weight: 1 },
      { worst: 0, best: 10, weight: 1 },
      { worst: 10, best: 0, weight: 2 },
    ] as unknown as Component[];
    // The second has no value here; the third is a figure entered (exact): 4 of 10 to 0 scores 60.
    expect(intervalOf([50, null, 60], [[40, 70], null, "exact"], cs)).toEqual([(40 + 2 * 60) / 3, (70 + 2 * 60) / 3]);
    expect(intervalOf([50, 30, 60], [[40, 70], null, "exact"], cs)).toBeNull();
    // An error among the scores is the index's error: no interval.
    expect(intervalOf([50, scale(1, 5, 5), 60], [[40, 70], [1, 5], "exact"], cs)).toBeNull();
  });
});
