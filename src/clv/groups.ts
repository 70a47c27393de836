/**
 * The distinct values of a column, how often each occurs and which one each row holds. The
 * models' Γ and ψ terms depend on the frequency x only, so a fit evaluates them once per
 * distinct x (a few dozen on CDNOW) instead of once per customer.
 */
export interface Groups {
  readonly values: Float64Array;
  readonly counts: Float64Array;
  /** For each row, the index of its value in `values`. */
  readonly index: Int32Array;
}

export function groupsOf(column: Float64Array): Groups {
  const position = new Map<number, number>();
  const index = new Int32Array(column.length);
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < column.length; i++) {
    let k = position.get(column[i]);
    if (k === undefined) {
      k = values.length;
      position.set(column[i], k);
      values.push(column[i]);
      counts.push(0);
    }
    counts[k]++;
    index[i] = k;
  }
  return { values: Float64Array.from(values), counts: Float64Array.from(counts), index };
}
