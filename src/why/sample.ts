/**
 * The rows a driver analysis uses: listwise, a row counts when its outcome and every driver are
 * numbers (spec/why.md). Cells arrive already read by the reading rule of src/kpi/coerce.ts (a
 * number, null for a blank, undefined for a cell that is not a number), from Excel's arguments
 * (functions.ts) or from a scorecard's columns; nothing here reads a sheet.
 */

/** One read cell: a number, null when blank, undefined when not blank but not a number. */
export type Cell = number | null | undefined;

export interface Sample {
  /** Rows used. */
  readonly n: number;
  /** Drivers. */
  readonly p: number;
  /**
   * The used rows, row-major, n x (p + 1): the p drivers in their order, then the outcome (the
   * layout of the correlation matrix, outcome last).
   */
  readonly data: Float64Array;
  /** Rows with something in them that were not used (a blank or text in the outcome or a driver). */
  readonly leftOut: number;
  /** The drivers' names, as errors and warnings show them. */
  readonly names: readonly string[];
}

/** The complete rows of an outcome column and driver columns of the same length; wholly blank rows are not counted. */
export function listwise(outcome: readonly Cell[], drivers: readonly (readonly Cell[])[], names: readonly string[]): Sample {
  const p = drivers.length;
  const m = p + 1;
  if (names.length !== p || drivers.some((d) => d.length !== outcome.length)) {
    throw new Error("listwise: one name per driver and columns as long as the outcome");
  }
  const data = new Float64Array(outcome.length * m);
  let n = 0;
  let leftOut = 0;
  for (let i = 0; i < outcome.length; i++) {
    let complete = typeof outcome[i] === "number";
    let blank = outcome[i] === null;
    for (let j = 0; j < p; j++) {
      const v = drivers[j][i];
      if (typeof v !== "number") complete = false;
      if (v !== null) blank = false;
    }
    if (!complete) {
      if (!blank) leftOut++;
      continue;
    }
    for (let j = 0; j < p; j++) data[n * m + j] = drivers[j][i] as number;
    data[n * m + p] = outcome[i] as number;
    n++;
  }
  return { n, p, data: data.subarray(0, n * m), leftOut, names };
}
