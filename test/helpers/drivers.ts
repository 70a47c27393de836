// Shared by the key-driver tests: the reference data of ../shared/data/drivers as Excel would
// pass it, and an independent least-squares R² (raw data with an intercept, normal equations
// solved by Gaussian elimination with partial pivoting) that shares nothing with src/why's
// correlation-matrix route, for checking importances by their definition.
import { readFileSync } from "node:fs";
import * as path from "node:path";

export const DRIVERS_DATA = path.resolve(__dirname, "..", "..", "..", "shared", "data", "drivers");

export interface Table {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export function readTable(file: string): Table {
  const [header, ...rows] = readFileSync(path.join(DRIVERS_DATA, file), "utf8").trim().split(/\r?\n/).map((line) => line.split(","));
  return { header, rows };
}

/** A column of a table as Excel passes a one-column range of numbers. */
export function columnOf(t: Table, name: string): number[][] {
  const k = t.header.indexOf(name);
  if (k < 0) throw new Error(`no column ${name}`);
  return t.rows.map((r) => [Number(r[k])]);
}

/** Columns of a table side by side, as Excel passes a range. */
export function columnsOf(t: Table, names: readonly string[]): number[][] {
  return t.rows.map((r) => names.map((name) => Number(r[t.header.indexOf(name)])));
}

/** R² of the least-squares fit of y on the columns `use` of x (rows of numbers), with an intercept. */
export function olsR2(y: readonly number[], x: readonly (readonly number[])[], use: readonly number[]): number {
  const n = y.length;
  const k = use.length + 1;
  const design = (i: number) => [1, ...use.map((j) => x[i][j])];
  const a = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  for (let i = 0; i < n; i++) {
    const d = design(i);
    for (let r = 0; r < k; r++) {
      for (let c = 0; c < k; c++) a[r][c] += d[r] * d[c];
      a[r][k] += d[r] * y[i];
    }
  }
  for (let c = 0; c < k; c++) {
    let pivot = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    [a[c], a[pivot]] = [a[pivot], a[c]];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let cc = c; cc <= k; cc++) a[r][cc] -= f * a[c][cc];
    }
  }
  const coef = a.map((row, r) => row[k] / row[r]);
  const mean = y.reduce((s, v) => s + v, 0) / n;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    const fit = design(i).reduce((s, v, r) => s + v * coef[r], 0);
    sse += (y[i] - fit) ** 2;
    sst += (y[i] - mean) ** 2;
  }
  return 1 - sse / sst;
}

/** Shapley (LMG) importances by their definition: the R² each driver adds, averaged over every order of entry. */
export function lmgByOrders(y: readonly number[], x: readonly (readonly number[])[]): number[] {
  const p = x[0].length;
  const out = new Array<number>(p).fill(0);
  const cache = new Map<string, number>();
  const r2 = (set: number[]) => {
    const key = [...set].sort((a, b) => a - b).join(",");
    if (!cache.has(key)) cache.set(key, set.length === 0 ? 0 : olsR2(y, x, set));
    return cache.get(key) as number;
  };
  const orders: number[][] = [];
  const permute = (prefix: number[], rest: number[]) => {
    if (rest.length === 0) orders.push(prefix);
    rest.forEach((j, i) => permute([...prefix, j], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  permute([], Array.from({ length: p }, (_, j) => j));
  for (const order of orders) {
    order.forEach((j, i) => {
      out[j] += (r2(order.slice(0, i + 1)) - r2(order.slice(0, i))) / orders.length;
    });
  }
  return out;
}
