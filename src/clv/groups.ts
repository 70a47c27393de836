/**
 * The distinct values of a column, how often each occurs and which one each row holds. The
 * models' Γ and ψ terms depend on the frequency x only, so a fit evaluates them once per
 * distinct x (a few dozen on CDNOW) instead of once per customer. The distinct values are in
 * ascending order, so that sums over them do not depend on the order of the rows.
 */
export interface Groups {
  readonly values: Float64Array;
  readonly counts: Float64Array;
  /** For each row, the index of its value in `values`. */
  readonly index: Int32Array;
}

export function groupsOf(column: Float64Array): Groups {
  const position = new Map<number, number>();
  const firstSeen: number[] = [];
  for (let i = 0; i < column.length; i++) {
    if (!position.has(column[i])) {
      position.set(column[i], firstSeen.length);
      firstSeen.push(column[i]);
    }
  }
  const values = Float64Array.from(firstSeen).sort();
  const rank = new Int32Array(firstSeen.length);
  for (let k = 0; k < values.length; k++) rank[position.get(values[k])!] = k;
  const counts = new Float64Array(values.length);
  const index = new Int32Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const k = rank[position.get(column[i])!];
    counts[k]++;
    index[i] = k;
  }
  return { values, counts, index };
}
