/**
 * KPI.FDR: Benjamini-Hochberg adjusted p-values of a range of p-values, spilled in the range's
 * shape (blank in, blank out). Compare each adjusted p-value with q: those at or below it are the
 * discoveries, and the expected share of false ones among them is at most q (Benjamini and
 * Hochberg 1995; the adjustment is in stats.ts). q is read and checked here, and the adjusted
 * values do not depend on it: the comparison is the user's (the scorecard's q is a cell).
 *
 * Cells are read as every range is: blanks, other text and booleans are not p-values and stay
 * blank; a number outside 0..1 is #VALUE! naming its cell.
 * Example: 0.01, 0.04, 0.03, 0.005, 0.2 -> 0.025, 0.05, 0.05, 0.025, 0.2.
 */
import { asGrid, readNumber, readScalar, width } from "./coerce";
import { errors, isKpiError, type Result } from "./errors";
import { benjaminiHochberg } from "./stats";
import type { FunctionDef, Spill } from "./types";

export function fdr(pValues: unknown, q: unknown = null): Result<Spill> {
  const level = readScalar(q, "q", { default: 0.05 });
  if (isKpiError(level)) return level;
  if (!(level > 0 && level < 1)) return errors.domain("q", level, "use a false discovery rate strictly between 0 and 1 (0.05 for 5 %)");
  const grid = asGrid(pValues);
  const values: number[] = [];
  const rows: number[] = [];
  const cols: number[] = [];
  for (let r = 0; r < grid.length; r++) {
    for (let c = 0; c < grid[r].length; c++) {
      const v = readNumber(grid[r][c]);
      if (v === null || v === undefined) continue;
      if (!(v >= 0 && v <= 1)) return errors.notAPValue(v, r, c);
      values.push(v);
      rows.push(r);
      cols.push(c);
    }
  }
  if (values.length === 0) return errors.noNumeric();
  const adjusted = benjaminiHochberg(values);
  const columns = width(grid);
  const out: Spill = grid.map(() => new Array<string | number>(columns).fill(""));
  for (let k = 0; k < values.length; k++) out[rows[k]][cols[k]] = adjusted[k];
  return out;
}

export const functions: FunctionDef[] = [
  { name: "FDR", params: ["p_values", "q"], kinds: ["range", "optional-scalar"], invoke: (a) => fdr(a[0], a[1]) },
];
