/**
 * Bench section 10: verbatim themes (KPI.THEMES, src/why/themes.ts) on 100,000 comments (10,000
 * with --quick): half detractors, half promoters, written from a vocabulary of 2,000 words drawn
 * with Zipf's law (as word frequencies fall in real text), 6 to 30 words each, with complaints
 * planted in the detractors' ("put on hold", "no callback", "too expensive") and praise in the
 * promoters' ("friendly staff", "quick and easy"). Times the whole ranking (terms of every
 * comment, the count table, the log-odds, the 19 random splits of the noise floor), median of
 * RUNS runs, and the process's peak memory (maxRSS) against its memory before the first run;
 * prints the top terms so a reader sees the planted phrases come first.
 *
 *   node --import tsx scripts/bench/themes.ts out.json
 */
import { writeFileSync } from "node:fs";
import { themes } from "../../src/why/themes";
import { mulberry32 } from "../random.cjs";

const QUICK = process.env.KPI_BENCH_QUICK === "1";
const COMMENTS = QUICK ? 10_000 : 100_000;
const RUNS = QUICK ? 1 : 3;
const VOCABULARY = 2_000;

/** Pronounceable made-up words, so the vocabulary is large without a word list. */
function word(k: number): string {
  const syllables = ["ka", "lo", "mi", "ne", "su", "ta", "ro", "vi", "de", "pa", "gu", "zo", "fe", "ri", "no", "be"];
  let w = "";
  for (let n = k + 17; n > 0; n = Math.floor(n / 16)) w += syllables[n % 16];
  return w;
}

function generate(random: () => number, n: number, planted: readonly [string, number][]): string[] {
  const words = Array.from({ length: VOCABULARY }, (_, k) => word(k));
  // Zipf: the k-th word's weight 1/(k+1); cumulative weights for inversion.
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 0; k < VOCABULARY; k++) cumulative.push((total += 1 / (k + 1)));
  const draw = () => {
    const u = random() * total;
    let lo = 0;
    let hi = VOCABULARY - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return words[lo];
  };
  return Array.from({ length: n }, () => {
    const parts = Array.from({ length: 6 + Math.floor(random() * 25) }, draw);
    for (const [phrase, share] of planted) if (random() < share) parts.splice(Math.floor(random() * parts.length), 0, ",", phrase, ",");
    return parts.join(" ").replace(/ ,/g, ",");
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function main(): void {
  const out = process.argv[2];
  const random = mulberry32(21);
  const detractors = generate(random, COMMENTS / 2, [["I was put on hold", 0.2], ["no callback", 0.1], ["too expensive", 0.1]]);
  const promoters = generate(random, COMMENTS / 2, [["friendly staff", 0.2], ["quick and easy", 0.1]]);
  global.gc?.();
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  const ms: number[] = [];
  let result = null;
  for (let k = 0; k < RUNS; k++) {
    const t = performance.now();
    result = themes(detractors, promoters, { minCount: 5, top: 10 });
    ms.push(performance.now() - t);
  }
  if (result === null || !("terms" in result)) throw new Error(`themes failed: ${String(result)}`);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const summary = {
    comments: COMMENTS,
    runs: RUNS,
    words: detractors.concat(promoters).reduce((n, c) => n + c.split(" ").length, 0),
    ms: median(ms),
    runs_ms: ms.map((x) => Math.round(x)),
    rss_before_mb: Math.round(rssBeforeMb),
    peak_rss_mb: Math.round(peakMb),
    kept_terms: result.kept,
    noise_floor: result.noiseFloor,
    top: result.terms.map((t) => ({ term: t.term, a: t.a, b: t.b, z: Math.round(t.z * 100) / 100 })),
  };
  writeFileSync(out, JSON.stringify(summary, null, 2));
  console.log(`themes: ${COMMENTS.toLocaleString("en-US")} comments in ${summary.ms.toFixed(0)} ms (median of ${RUNS}), peak RSS ${summary.peak_rss_mb} MB (${summary.rss_before_mb} MB before), ${summary.kept_terms} terms kept, noise floor ${summary.noise_floor.toFixed(2)}`);
  for (const t of summary.top) console.log(`  ${t.term.padEnd(24)} ${String(t.a).padStart(6)} ${String(t.b).padStart(6)}  z ${t.z}`);
}

main();
