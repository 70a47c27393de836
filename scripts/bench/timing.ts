/** Timing helpers shared by the bench sections: the median of several timed runs after warm-up runs. */

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall time in ms of `runs` runs of `run`, after `warmup` runs that are not timed. */
export function medianMs(run: () => unknown, runs: number, warmup = 1): number {
  for (let k = 0; k < warmup; k++) run();
  const ms: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    run();
    ms.push(performance.now() - t);
  }
  return median(ms);
}
