/**
 * Native Excel formulas of intervals and tests, written over cells that hold a group's
 * sufficient statistics (see sample.ts). Every function used exists in Excel 2007 and later and
 * in LibreOffice under the same name (NORMSINV, NORMSDIST, TINV, BETADIST), so a file needs no
 * `_xlfn.` prefixes and recalculates the same everywhere. Each builder mirrors a core kernel;
 * the LibreOffice cross-check tests hold them to the same values.
 *
 * Refusals: no builder reads a data range; they take statistic cells (or expressions of them,
 * such as "everyone minus this segment") and never produce whole-column references.
 */
import { alphaText, formatNumber } from "./native";

/** The two-sided critical z of a confidence level as a native expression. */
export function zOf(confidence: number): string {
  return `NORMSINV(${formatNumber(1 - (1 - confidence) / 2)})`;
}

/** Clips an expression to lo..hi (either bound may be absent). */
export function clip(x: string, lo: number | null, hi: number | null): string {
  let out = x;
  if (lo !== null) out = `MAX(${formatNumber(lo)},${out})`;
  if (hi !== null) out = `MIN(${formatNumber(hi)},${out})`;
  return out;
}

/**
 * Wilson score interval of successes s of n (Wilson 1927; as in Agresti and Coull 1998):
 * (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), with p = s/n. "" when n is 0.
 */
export function wilsonFormulas(s: string, n: string, confidence: number, scale = 1): [string, string] {
  const z = zOf(confidence);
  const p = `(${s}/${n})`;
  const centre = `(${p}+${z}^2/(2*${n}))`;
  const half = `${z}*SQRT(${p}*(1-${p})/${n}+${z}^2/(4*${n}^2))`;
  const bound = (sign: "-" | "+") => `(${centre}${sign}${half})/(1+${z}^2/${n})`;
  const scaled = (x: string) => (scale === 1 ? x : `${x}*${formatNumber(scale)}`);
  return [
    `IF(${n}=0,"",${scaled(clip(bound("-"), 0, 1))})`,
    `IF(${n}=0,"",${scaled(clip(bound("+"), 0, 1))})`,
  ];
}

/** Two-sided p of the pooled two-proportion z-test; "" where it is undefined (no spread, an empty group). */
export function twoProportionPFormula(s1: string, n1: string, s2: string, n2: string): string {
  const pooled = `((${s1}+${s2})/(${n1}+${n2}))`;
  const se = `SQRT(${pooled}*(1-${pooled})*(1/${n1}+1/${n2}))`;
  return `IFERROR(MIN(1,2*NORMSDIST(-ABS((${s1}/${n1}-${s2}/${n2})/${se}))),"")`;
}

/** Sample variance from n, sum and sum of squares (n - 1 in the denominator). */
export function varianceOf(n: string, sum: string, sumSq: string): string {
  return `MAX(0,(${sumSq}-${sum}^2/${n})/(${n}-1))`;
}

/** Student t interval of a mean from n, sum and sum of squares (about `shift`, see sample.ts's Moments); "" below 2 values. */
export function meanIntervalFormulas(n: string, sum: string, sumSq: string, confidence: number, lo: number | null, hi: number | null, shift = 0): [string, string] {
  const mean = shift === 0 ? `(${sum}/${n})` : `(${formatNumber(shift)}+${sum}/${n})`;
  const half = `TINV(${alphaText(confidence)},${n}-1)*SQRT(${varianceOf(n, sum, sumSq)}/${n})`;
  return [
    `IF(${n}<2,"",${clip(`${mean}-${half}`, lo, hi)})`,
    `IF(${n}<2,"",${clip(`${mean}+${half}`, lo, hi)})`,
  ];
}

/**
 * Two-sided p of Welch's unequal-variance t-test (Welch 1947; Welch-Satterthwaite degrees of
 * freedom). The t distribution's two-sided tail is the regularised incomplete beta
 * I_{df/(df+t²)}(df/2, 1/2) (Abramowitz and Stegun 26.7.1), which BETADIST computes for
 * fractional df, where TDIST and T.DIST.2T would truncate df to a whole number.
 */
export function welchPFormula(a: readonly [string, string, string], b: readonly [string, string, string]): string {
  const [na, sa, qa] = a;
  const [nb, sb, qb] = b;
  const ua = `(${varianceOf(na, sa, qa)}/${na})`;
  const ub = `(${varianceOf(nb, sb, qb)}/${nb})`;
  const t2 = `(${sa}/${na}-${sb}/${nb})^2/(${ua}+${ub})`;
  const df = `(${ua}+${ub})^2/(${ua}^2/(${na}-1)+${ub}^2/(${nb}-1))`;
  return `IFERROR(BETADIST(${df}/(${df}+${t2}),${df}/2,0.5),"")`;
}

/**
 * Two-sided p of Student's t-test with the pooled variance (stats.ts, pooledTP), over the same
 * statistic cells: 1 where neither group has spread and the means agree (to stats.ts's SAME_MEAN, 1e-12), "" where the statistic
 * is undefined. BETADIST gives the t tail as in welchPFormula (here df is whole, but one builder
 * of the tail keeps the two tests alike).
 */
export function pooledTPFormula(a: readonly [string, string, string], b: readonly [string, string, string]): string {
  const [na, sa, qa] = a;
  const [nb, sb, qb] = b;
  const ma = `${sa}/${na}`;
  const mb = `${sb}/${nb}`;
  const ss = `(MAX(0,${qa}-${sa}^2/${na})+MAX(0,${qb}-${sb}^2/${nb}))`;
  const df = `(${na}+${nb}-2)`;
  const t2 = `(${ma}-${mb})^2/(${ss}/${df}*(1/${na}+1/${nb}))`;
  const same = `IF(ABS(${ma}-${mb})<=1E-12*MAX(ABS(${ma}),ABS(${mb})),1,"")`;
  return `IFERROR(IF(${ss}=0,${same},BETADIST(${df}/(${df}+${t2}),${df}/2,0.5)),"")`;
}

/**
 * Two-sided p of the NPS z-test under one distribution (nps.ts, npsDiffP "pooled") from each
 * group's n, promoters and detractors: V of the two groups pooled; 1 where every answer of both
 * falls in one category (V = 0: the NPS are equal).
 */
export function npsPooledPFormula(a: readonly [string, string, string], b: readonly [string, string, string]): string {
  const [na, pa, da] = a;
  const [nb, pb, db] = b;
  const all = `(${na}+${nb})`;
  const p = `((${pa}+${pb})/${all})`;
  const d = `((${da}+${db})/${all})`;
  const v = `(${p}+${d}-(${p}-${d})^2)`;
  const z = `((${pa}-${da})/${na}-(${pb}-${db})/${nb})/SQRT(${v}*(1/${na}+1/${nb}))`;
  return `IFERROR(IF(${v}<=0,1,MIN(1,2*NORMSDIST(-ABS(${z})))),"")`;
}
