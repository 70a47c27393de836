/**
 * Customer experience index: for 1..5 answers (a row per respondent, a column per question),
 * the mean over questions of (% answers 4-5 - % answers 1-2), in points on -100..100.
 * Questions with no answers are left out of the mean.
 */
import { asGrid, readNumber, width } from "./coerce";
import { errors, finite, type KpiError, type Result } from "./errors";
import { byReading, countBetween, countNumeric, countOffScale, inGroup } from "./native";
import { countIf, onScale, type SqlStatistic } from "./sql";
import { oneRange, type SampleKpi, valueErrorIf, where } from "./sample";
import type { FunctionDef, KpiMeta } from "./types";

export const meta: KpiMeta = {
  id: "CXINDEX",
  title: "Customer experience index",
  unit: "points",
  numberFormat: "0.0",
  direction: "higher",
  bands: { kind: "fixed", green: 50, amber: 0, labels: ["Excellent", "Good", "Poor"] },
  indicator: "lagging",
  summary: "mean over questions of % top-2 (4-5) minus % bottom-2 (1-2), in points",
  range: { lo: -100, hi: 100 },
};

export function cxindex(responses: unknown): Result<number> {
  const grid = asGrid(responses);
  const columns = width(grid);
  const top = new Float64Array(columns);
  const bottom = new Float64Array(columns);
  const n = new Float64Array(columns);
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r];
    for (let c = 0; c < row.length; c++) {
      const v = readNumber(row[c]);
      if (v === null || v === undefined) continue;
      if (!(v >= 1 && v <= 5 && Math.floor(v) === v)) return errors.outOfScale("answer", v, 1, 5, r, c);
      n[c]++;
      if (v >= 4) top[c]++;
      else if (v <= 2) bottom[c]++;
    }
  }
  let sum = 0;
  let questions = 0;
  for (let c = 0; c < columns; c++) {
    if (n[c] === 0) continue;
    sum += ((top[c] - bottom[c]) / n[c]) * 100;
    questions++;
  }
  if (questions === 0) return errors.noNumeric();
  return finite(sum / questions);
}

export const functions: FunctionDef[] = [
  { name: "CXINDEX", params: ["responses"], kinds: ["range"], invoke: (a) => cxindex(a[0]) },
];

/** Statistic slots of question q (from 0): its answers, its top-2 (4-5) and its bottom-2 (1-2). */
const slot = (q: number) => 1 + 3 * q;

/**
 * The CX index of a question battery as its statistics: respondents (rows with at least one
 * answer), per question its answers, top-2 and bottom-2 counts, and the answers off the 1..5
 * scale (which make the function #VALUE!). The value is the mean over questions with answers of
 * (top-2 - bottom-2) / answers * 100, as KPI.CXINDEX computes it; n is the respondents. No
 * interval or test: the index is a mean of differences of shares with no published variance.
 */
export const sample: SampleKpi = {
  meta,
  role: "cx",
  combine: "all",
  configure: (columns) => {
    const k = columns.length;
    const off = slot(k);
    return {
      statistics: ["respondents", ...columns.flatMap((c) => [`answers: ${c.header}`, "top-2 (4-5)", "bottom-2 (1-2)"]), "off scale"],
      add(acc, cells) {
        let any = false;
        let refused: KpiError | null = null;
        for (let q = 0; q < k; q++) {
          const v = readNumber(cells[q]);
          if (v === null || v === undefined) continue;
          any = true;
          const s = slot(q);
          acc[s]++;
          // Counted as the native formulas count them (countBetween); an off-scale answer makes the value an error anyway.
          if (v >= 4 && v <= 5) acc[s + 1]++;
          if (v >= 1 && v <= 2) acc[s + 2]++;
          if (!(v >= 1 && v <= 5 && Number.isInteger(v))) {
            acc[off]++;
            refused ??= errors.outOfScale("answer", v, 1, 5, 0, q);
          }
        }
        if (any) acc[0]++;
        return refused;
      },
      value(s) {
        let sum = 0;
        let questions = 0;
        for (let q = 0; q < k; q++) {
          const n = s[slot(q)];
          if (n === 0) continue;
          sum += ((s[slot(q) + 1] - s[slot(q) + 2]) / n) * 100;
          questions++;
        }
        return questions === 0 ? errors.noNumeric() : finite(sum / questions);
      },
      interval: () => null,
      pValue: () => errors.invalid("the CX index has no test"),
      statSql(cols) {
        const off = cols.map((c) => `CASE WHEN ${c.value} IS NOT NULL AND NOT ${onScale(c.value, 1, 5)} THEN 1 ELSE 0 END`);
        return {
          statistics: [
            { kind: "count", sql: countIf(cols.map((c) => `${c.value} IS NOT NULL`).join(" OR ")) },
            // Counted as add counts them: top-2 and bottom-2 by value, the whole number test apart.
            ...cols.flatMap((c): SqlStatistic[] => [
              { kind: "count", sql: `COUNT(${c.value})` },
              { kind: "count", sql: countIf(`${c.value} >= 4 AND ${c.value} <= 5`) },
              { kind: "count", sql: countIf(`${c.value} >= 1 AND ${c.value} <= 2`) },
            ]),
            { kind: "count", sql: `SUM(${off.join(" + ")})` },
          ],
          rejected: `(${off.join(" + ")}) > 0`,
        };
      },
      statFormulas(refs, cond) {
        return [
          byReading(refs, (r) => `SUMPRODUCT(${inGroup(`((${refs.map((c) => r.readable(c)).join("+")})>0)`, cond)}*1)`),
          ...refs.flatMap((r) => [countNumeric(r, cond), countBetween(r, 4, 5, cond), countBetween(r, 1, 2, cond)]),
          byReading(refs, (r) => `(${refs.map((c) => countOffScale(c, 1, 5, cond, r)).join("+")})`),
        ];
      },
      valueFormula(s) {
        const terms = columns.map((_, q) => `IF(${s[slot(q)]}>0,(${s[slot(q) + 1]}-${s[slot(q) + 2]})/${s[slot(q)]}*100,0)`);
        const questions = columns.map((_, q) => `(${s[slot(q)]}>0)`).join("+");
        return valueErrorIf(s[off], `IF(${questions}=0,NA(),(${terms.join("+")})/(${questions}))`);
      },
      intervalFormulas: () => null,
      pFormula: () => null,
      liveFormula: (refs, cond) => {
        const block = oneRange(refs);
        return block === null ? null : `KPI.CXINDEX(${where(block, cond)})`;
      },
      note: () => `${k} question${k === 1 ? "" : "s"}: mean of % agree (4-5) minus % disagree (1-2)`,
    };
  },
};
