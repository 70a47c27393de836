/** The pure KPI core: import from here outside src/kpi. */
export * from "./errors";
export * from "./types";
export * from "./band";
export { KPIS, KPI_FUNCTIONS, SAMPLE_KPIS, AGGREGATE_KPIS, kpiMeta, band } from "./registry";
export * from "./sample";
export type { AggregateKpi } from "./aggregate";
export { readNumber, readFlag, asGrid, parseNumericText } from "./coerce";
export { countNumeric, sumNumeric } from "./native";
export { nps, npsCounts, npsOf, moeOf, npsMoe, npsTest, npsBreakdown, npsFormula, npsMoeFormula, npsCi, npsDiffP } from "./nps";
export { csat, csatFormula, csatCounts, csatCi, csatTest } from "./csat";
export { ces, cesFormula, cesMoments, cesCi, cesTest } from "./ces";
export { fcr, fcrFormula, fcrCountFormula, fcrCounts, fcrCi, fcrTest } from "./fcr";
export { fdr } from "./fdr";
export {
  normalTail, normalQuantile, zFor, tTwoSidedP, tQuantile, tDensity, wilsonInterval, twoProportionP, centredSumOfSquares,
  meanInterval, welchP, pooledTP, meanTestP, benjaminiHochberg, type Interval,
} from "./stats";
export { churn, churnFormula } from "./churn";
export { retention, retentionFormula } from "./retention";
export { clv, clvFormula } from "./clv";
export { clvMargin, clvMarginFormula } from "./clvMargin";
export { cis, cisFormula, rowsWithNumbersFormula } from "./cis";
export { engagement, engagementFormula } from "./engagement";
export { cii, ciiFormula } from "./cii";
export { cpi } from "./cpi";
export { cxindex } from "./cxindex";
export { revenuePerCustomer, revenuePerCustomerFormula } from "./revenue";
export { sentiment, sentimentOf } from "./sentiment";
export { progress, progressFormula } from "./progress";
export { scale } from "./scale";
export { themeKpi, themeId, wordsText, THEME_ROLE, type ThemeDefinition } from "./theme";
export { foldComment, themeWords, mentions, commentOf, THEME_WORDS } from "./mentions";
