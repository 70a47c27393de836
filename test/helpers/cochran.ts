/**
 * Cochran's rule on a comparison, written out by hand from raw values for the tests (independent
 * of src/scorecard/skewness.ts, which works from the statistics): the skewness of the answers
 * two-pass, and whether a difference of two means passes with the n its smaller side would need.
 */

/** The skewness g1 = m3 / m2^(3/2) of raw values, two-pass (the mean first, then the centred powers). */
export function skewnessOfValues(xs: readonly number[]): number {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const m2 = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  const m3 = xs.reduce((s, x) => s + (x - mean) ** 3, 0) / xs.length;
  return m2 === 0 ? 0 : m3 / m2 ** 1.5;
}

/**
 * Cochran's rule on a difference, by hand: the skewness of the difference of two means of na and
 * nb answers drawn from answers of skewness g1 is g1 (1/na^2 - 1/nb^2) / (1/na + 1/nb)^(3/2)
 * (third cumulants over the second's 3/2 power, written out, not factored); tested when at most
 * 0.2 (Cochran, "Sampling Techniques", 3rd ed., 1977, 2.15: n > 25 G1^2 for one mean, its skewness
 * G1 / sqrt(n) at most 0.2). What the smaller side needs: the least n, counted up one by one, that passes beside the other.
 */
export function cochran(g1: number, na: number, nb: number): { tested: boolean; needs: number } {
  const skew = (a: number, b: number) => Math.abs(g1 * (1 / a ** 2 - 1 / b ** 2)) / (1 / a + 1 / b) ** 1.5;
  const [small, large] = [Math.min(na, nb), Math.max(na, nb)];
  let needs = small;
  while (skew(needs, large) > 0.2) needs++;
  return { tested: skew(na, nb) <= 0.2, needs };
}

