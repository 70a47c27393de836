/**
 * Satisfaction answers given as labels ("Very satisfied") instead of numbers, read on the
 * 1..5 CSAT scale. A column is read this way only when nearly all of its answers are labels of
 * the scale; a column of other words is left for the caller to explain. Pure.
 */

/** The 5-point satisfaction scale, by label (lower case, single spaces). */
export const CSAT_LABELS: ReadonlyMap<string, number> = new Map([
  ["very dissatisfied", 1], ["very unsatisfied", 1], ["extremely dissatisfied", 1], ["completely dissatisfied", 1],
  ["dissatisfied", 2], ["unsatisfied", 2], ["somewhat dissatisfied", 2], ["fairly dissatisfied", 2],
  ["neutral", 3], ["neither satisfied nor dissatisfied", 3], ["neither satisfied or dissatisfied", 3], ["neither", 3],
  ["satisfied", 4], ["somewhat satisfied", 4], ["fairly satisfied", 4],
  ["very satisfied", 5], ["extremely satisfied", 5], ["completely satisfied", 5],
]);

const key = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();

/** The scale value of a label, or undefined. */
export function csatLabelValue(text: string): number | undefined {
  return CSAT_LABELS.get(key(text));
}

export interface LabelColumn {
  /** Answers turned into 1..5. */
  readonly converted: number;
  /** Texts that are not labels of the scale (left as they are), and the first of them. */
  readonly other: number;
  readonly firstOther?: string;
}

/**
 * Whether the cells are satisfaction labels: at least 90 % of the texts, two distinct labels
 * at least, and no numbers beside them.
 */
export function isCsatLabelColumn(cells: Iterable<unknown>): boolean {
  let texts = 0;
  let labels = 0;
  const distinct = new Set<number>();
  for (const cell of cells) {
    if (typeof cell === "number") return false;
    if (typeof cell !== "string" || cell.trim() === "") continue;
    texts++;
    const v = csatLabelValue(cell);
    if (v !== undefined) {
      labels++;
      distinct.add(v);
    }
  }
  return texts > 0 && distinct.size >= 2 && labels / texts >= 0.9;
}

/** Turns the labels of column `col` into 1..5, in place; counts what was not a label. */
export function convertCsatLabels(rows: unknown[][], col: number): LabelColumn {
  let converted = 0;
  let other = 0;
  let firstOther: string | undefined;
  for (const row of rows) {
    const cell = row[col];
    if (typeof cell !== "string" || cell.trim() === "") continue;
    const v = csatLabelValue(cell);
    if (v !== undefined) {
      row[col] = v;
      converted++;
    } else {
      other++;
      firstOther ??= cell.trim();
    }
  }
  return { converted, other, ...(firstOther !== undefined ? { firstOther } : {}) };
}
