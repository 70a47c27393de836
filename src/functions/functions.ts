/* eslint-disable @typescript-eslint/no-explicit-any -- this is the edge that reads Excel's arguments */
/**
 * The KPI custom functions: thin wrappers that hand Excel's arguments to the pure core in
 * src/kpi and turn its errors into CustomFunctions.Error (see excelError.ts). No logic lives
 * here. The JSDoc of each function is what Excel's formula autocomplete shows, and
 * custom-functions-metadata-plugin builds functions.json from it. Parameter names are the
 * public API of spec/functions.md, hence snake_case.
 */
import {
  band, ces, cesCi, cesTest, cii, cis, churn, clv, clvMargin, cpi, csat, csatCi, csatTest, cxindex, engagement, fcr, fcrCi,
  fcrTest, fdr, nps, npsBreakdown, npsCi, npsMoe, npsTest, progress, retention, revenuePerCustomer, scale, sentiment,
  type Result, type Spill,
} from "../kpi";
import * as predictive from "../clv/functions";
import * as keyDrivers from "../why/keyDrivers";
import * as why from "../why/themes";
import { excelResult } from "./excelError";

function num(body: () => Result<number>): number {
  return excelResult(body) as number;
}
function spill(body: () => Result<Spill>): any[][] {
  return excelResult(body) as Spill;
}
function label(body: () => Result<string>): string {
  return excelResult(body) as string;
}

/**
 * Net Promoter Score in points (-100..100): % promoters (9-10) minus % detractors (0-6).
 * @customfunction NPS
 * @helpurl https://localhost:3000/README.md#kpinps
 * @param {any[][]} responses Range of 0..10 scores. Blanks and text such as "N/A" are skipped.
 * @param {any} [promoter_min] Lowest promoter score, default 9.
 * @param {any} [detractor_max] Highest detractor score, default 6.
 * @returns {number} NPS in points, -100 to 100.
 */
export function NPS(responses: any[][], promoter_min?: any, detractor_max?: any): number {
  return num(() => nps(responses, promoter_min, detractor_max));
}

/**
 * Margin of error of the NPS in points, at a confidence level.
 * @customfunction NPS.MOE
 * @helpurl https://localhost:3000/README.md#kpinpsmoe
 * @param {any[][]} responses Range of 0..10 scores.
 * @param {any} [confidence] Confidence level as a fraction between 0 and 1, default 0.95.
 * @param {any} [method] "wald" (default) or "adjusted" (adjusted Wald, better for small samples).
 * @returns {number} Margin of error in NPS points.
 */
export function NPS_MOE(responses: any[][], confidence?: any, method?: any): number {
  return num(() => npsMoe(responses, confidence, method));
}

/**
 * Two-sided p-value of the difference between the NPS of two independent groups.
 * @customfunction NPS.TEST
 * @helpurl https://localhost:3000/README.md#kpinpstest
 * @param {any[][]} responses_a Range of 0..10 scores of group A.
 * @param {any[][]} responses_b Range of 0..10 scores of group B.
 * @param {any} [method] "pooled" (default: the spread of both groups together, the test under one distribution) or "unpooled" (each group's own spread).
 * @returns {number} p-value from 0 to 1; below 0.05 the groups differ at 95 % confidence.
 */
export function NPS_TEST(responses_a: any[][], responses_b: any[][], method?: any): number {
  return num(() => npsTest(responses_a, responses_b, method));
}

/**
 * The counts behind an NPS, spilled as 10 rows of label and value (shares as fractions).
 * @customfunction NPS.BREAKDOWN
 * @helpurl https://localhost:3000/README.md#kpinpsbreakdown
 * @param {any[][]} responses Range of 0..10 scores.
 * @returns {any[][]} Responses, promoters, passives, detractors, their shares, NPS, margin of error, skipped cells.
 */
export function NPS_BREAKDOWN(responses: any[][]): any[][] {
  return spill(() => npsBreakdown(responses));
}

/**
 * Confidence interval of the NPS in points: NPS -/+ margin of error, clipped to -100..100; spills lower, upper.
 * @customfunction NPS.CI
 * @helpurl https://localhost:3000/README.md#kpinpsci
 * @param {any[][]} responses Range of 0..10 scores.
 * @param {any} [confidence] Confidence level as a fraction between 0 and 1, default 0.95.
 * @param {any} [method] "wald" (default) or "adjusted" (adjusted Wald, centred after its pseudo-counts).
 * @returns {any[][]} One row: lower and upper bound in NPS points.
 */
export function NPS_CI(responses: any[][], confidence?: any, method?: any): any[][] {
  return spill(() => npsCi(responses, confidence, method));
}

/**
 * Customer satisfaction: the share of responses at or above the satisfied score, a fraction.
 * @customfunction CSAT
 * @helpurl https://localhost:3000/README.md#kpicsat
 * @param {any[][]} responses Range of whole-number scores from 1 to scale_max.
 * @param {any} [scale_max] Top of the scale, default 5.
 * @param {any} [satisfied_min] Lowest satisfied score, default 4 (the top two boxes).
 * @returns {number} Share of satisfied responses, 0 to 1.
 */
export function CSAT(responses: any[][], scale_max?: any, satisfied_min?: any): number {
  return num(() => csat(responses, scale_max, satisfied_min));
}

/**
 * Wilson score confidence interval of the CSAT share; spills lower, upper (fractions).
 * @customfunction CSAT.CI
 * @helpurl https://localhost:3000/README.md#kpicsatci
 * @param {any[][]} responses Range of whole-number scores from 1 to scale_max.
 * @param {any} [scale_max] Top of the scale, default 5.
 * @param {any} [satisfied_min] Lowest satisfied score, default scale_max - 1 (the top two boxes).
 * @param {any} [confidence] Confidence level as a fraction between 0 and 1, default 0.95.
 * @returns {any[][]} One row: lower and upper bound of the share, 0 to 1.
 */
export function CSAT_CI(responses: any[][], scale_max?: any, satisfied_min?: any, confidence?: any): any[][] {
  return spill(() => csatCi(responses, scale_max, satisfied_min, confidence));
}

/**
 * Two-sided p-value of the difference between two groups' CSAT (pooled two-proportion z-test).
 * @customfunction CSAT.TEST
 * @helpurl https://localhost:3000/README.md#kpicsattest
 * @param {any[][]} responses_a Range of scores of group A.
 * @param {any[][]} responses_b Range of scores of group B.
 * @param {any} [scale_max] Top of the scale, default 5.
 * @param {any} [satisfied_min] Lowest satisfied score, default scale_max - 1.
 * @returns {number} p-value from 0 to 1; below 0.05 the groups differ at 95 % confidence.
 */
export function CSAT_TEST(responses_a: any[][], responses_b: any[][], scale_max?: any, satisfied_min?: any): number {
  return num(() => csatTest(responses_a, responses_b, scale_max, satisfied_min));
}

/**
 * Customer effort score: the mean response (CES 2.0, 1..7, higher is easier).
 * @customfunction CES
 * @helpurl https://localhost:3000/README.md#kpices
 * @param {any[][]} responses Range of whole-number scores from 1 to scale_max.
 * @param {any} [scale_max] Top of the scale, default 7.
 * @returns {number} Mean score on the input scale.
 */
export function CES(responses: any[][], scale_max?: any): number {
  return num(() => ces(responses, scale_max));
}

/**
 * Student t confidence interval of the mean effort score, clipped to 1..scale_max; spills lower, upper.
 * @customfunction CES.CI
 * @helpurl https://localhost:3000/README.md#kpicesci
 * @param {any[][]} responses Range of whole-number scores from 1 to scale_max.
 * @param {any} [scale_max] Top of the scale, default 7.
 * @param {any} [confidence] Confidence level as a fraction between 0 and 1, default 0.95.
 * @returns {any[][]} One row: lower and upper bound of the mean score.
 */
export function CES_CI(responses: any[][], scale_max?: any, confidence?: any): any[][] {
  return spill(() => cesCi(responses, scale_max, confidence));
}

/**
 * Two-sided p-value of the difference between two groups' mean effort scores (Student's t-test with the pooled variance).
 * @customfunction CES.TEST
 * @helpurl https://localhost:3000/README.md#kpicestest
 * @param {any[][]} responses_a Range of scores of group A.
 * @param {any[][]} responses_b Range of scores of group B.
 * @param {any} [scale_max] Top of the scale, default 7.
 * @param {any} [method] "pooled" (default: the test under one distribution) or "welch" (unequal variances).
 * @returns {number} p-value from 0 to 1; below 0.05 the groups differ at 95 % confidence.
 */
export function CES_TEST(responses_a: any[][], responses_b: any[][], scale_max?: any, method?: any): number {
  return num(() => cesTest(responses_a, responses_b, scale_max, method));
}

/**
 * First contact resolution: the share of contacts resolved at first contact, a fraction.
 * @customfunction FCR
 * @helpurl https://localhost:3000/README.md#kpifcr
 * @param {any[][]} resolved Range of flags (TRUE/FALSE, 1/0, yes/no, y/n), or a count of resolved contacts when total is given.
 * @param {any[][]} [total] Count (or range of counts) of all contacts.
 * @returns {number} Resolution share, 0 to 1.
 */
export function FCR(resolved: any[][], total?: any[][]): number {
  return num(() => fcr(resolved, total));
}

/**
 * Wilson score confidence interval of the first contact resolution share; spills lower, upper (fractions).
 * @customfunction FCR.CI
 * @helpurl https://localhost:3000/README.md#kpifcrci
 * @param {any[][]} resolved Range of flags (TRUE/FALSE, 1/0, yes/no, y/n), or a count of resolved contacts when total is given.
 * @param {any[][]} [total] Count (or range of counts) of all contacts.
 * @param {any} [confidence] Confidence level as a fraction between 0 and 1, default 0.95.
 * @returns {any[][]} One row: lower and upper bound of the share, 0 to 1.
 */
export function FCR_CI(resolved: any[][], total?: any[][], confidence?: any): any[][] {
  return spill(() => fcrCi(resolved, total, confidence));
}

/**
 * Two-sided p-value of the difference between two groups' FCR (pooled two-proportion z-test on flags).
 * @customfunction FCR.TEST
 * @helpurl https://localhost:3000/README.md#kpifcrtest
 * @param {any[][]} resolved_a Range of flags of group A.
 * @param {any[][]} resolved_b Range of flags of group B.
 * @returns {number} p-value from 0 to 1; below 0.05 the groups differ at 95 % confidence.
 */
export function FCR_TEST(resolved_a: any[][], resolved_b: any[][]): number {
  return num(() => fcrTest(resolved_a, resolved_b));
}

/**
 * Churn rate: customers lost over customers at the start, a fraction; compounded over periods.
 * @customfunction CHURN
 * @helpurl https://localhost:3000/README.md#kpichurn
 * @param {any} customers_start Customers at the start of the period.
 * @param {any} customers_lost Customers lost during the period.
 * @param {any} [periods] Number of periods to compound over: 1 - (1 - churn)^periods.
 * @returns {number} Churn rate, 0 to 1.
 */
export function CHURN(customers_start: any, customers_lost: any, periods?: any): number {
  return num(() => churn(customers_start, customers_lost, periods));
}

/**
 * Retention rate: (customers at end - new customers) / customers at start, a fraction.
 * @customfunction RETENTION
 * @helpurl https://localhost:3000/README.md#kpiretention
 * @param {any} customers_start Customers at the start of the period.
 * @param {any} customers_end Customers at the end of the period.
 * @param {any} new_customers Customers acquired during the period.
 * @returns {number} Retention rate, 0 to 1.
 */
export function RETENTION(customers_start: any, customers_end: any, new_customers: any): number {
  return num(() => retention(customers_start, customers_end, new_customers));
}

/**
 * Customer lifetime value: purchase value x purchases per year x lifespan (x margin).
 * @customfunction CLV
 * @helpurl https://localhost:3000/README.md#kpiclv
 * @param {any} avg_purchase_value Average value of a purchase (currency).
 * @param {any} purchases_per_year Purchases per customer per year.
 * @param {any} lifespan_years Customer lifespan in years.
 * @param {any} [margin] Profit margin as a fraction from 0 to 1.
 * @returns {number} Lifetime value (currency).
 */
export function CLV(avg_purchase_value: any, purchases_per_year: any, lifespan_years: any, margin?: any): number {
  return num(() => clv(avg_purchase_value, purchases_per_year, lifespan_years, margin));
}

/**
 * Customer lifetime value from margins: m x r / (1 + d - r) - acquisition cost (Gupta and Lehmann).
 * @customfunction CLV.MARGIN
 * @helpurl https://localhost:3000/README.md#kpiclvmargin
 * @param {any} margin_per_period Margin per customer per period (currency).
 * @param {any} retention_rate Retention rate per period, a fraction from 0 to 1.
 * @param {any} discount_rate Discount rate per period, a fraction (0.1 for 10 %).
 * @param {any} [acquisition_cost] Cost of acquiring the customer, default 0.
 * @returns {number} Lifetime value (currency).
 */
export function CLV_MARGIN(margin_per_period: any, retention_rate: any, discount_rate: any, acquisition_cost?: any): number {
  return num(() => clvMargin(margin_per_period, retention_rate, discount_rate, acquisition_cost));
}

/**
 * Customer impact score: the sum of impact metrics per customer.
 * @customfunction CIS
 * @helpurl https://localhost:3000/README.md#kpicis
 * @param {any[][]} impact_metrics Range with a row per customer and a column per impact metric.
 * @param {any} [customers] Number of customers; default the rows holding a number.
 * @returns {number} Impact score per customer.
 */
export function CIS(impact_metrics: any[][], customers?: any): number {
  return num(() => cis(impact_metrics, customers));
}

/**
 * Customer engagement: weighted action counts per customer.
 * @customfunction ENGAGEMENT
 * @helpurl https://localhost:3000/README.md#kpiengagement
 * @param {any[][]} actions Range with a row per customer and a column per action type (counts).
 * @param {any[][]} [weights] One row or column with a weight per action column, default 1 each.
 * @param {any} [customers] Number of customers; default the rows holding a number.
 * @returns {number} Weighted actions per customer.
 */
export function ENGAGEMENT(actions: any[][], weights?: any[][], customers?: any): number {
  return num(() => engagement(actions, weights, customers));
}

/**
 * Customer involvement in innovation: customer interactions per innovation project x 100.
 * @customfunction CII
 * @helpurl https://localhost:3000/README.md#kpicii
 * @param {any[][]} customer_interactions Count or range of counts of customer interactions.
 * @param {any[][]} innovation_projects Count or range of counts of innovation projects.
 * @returns {number} Interactions per project x 100 (not capped at 100).
 */
export function CII(customer_interactions: any[][], innovation_projects: any[][]): number {
  return num(() => cii(customer_interactions, innovation_projects));
}

/**
 * Customer performance index: the weighted mean of component scores on 0..100.
 * @customfunction CPI
 * @helpurl https://localhost:3000/README.md#kpicpi
 * @param {any[][]} scores Component scores on 0..100 (use KPI.SCALE to bring a KPI there).
 * @param {any[][]} [weights] A weight per score, normalised; default equal weights.
 * @returns {number} Index from 0 to 100.
 */
export function CPI(scores: any[][], weights?: any[][]): number {
  return num(() => cpi(scores, weights));
}

/**
 * Customer experience index: mean over questions of % answers 4-5 minus % answers 1-2, in points.
 * @customfunction CXINDEX
 * @helpurl https://localhost:3000/README.md#kpicxindex
 * @param {any[][]} responses Range of 1..5 answers, a row per respondent and a column per question.
 * @returns {number} Index in points, -100 to 100.
 */
export function CXINDEX(responses: any[][]): number {
  return num(() => cxindex(responses));
}

/**
 * Revenue per customer: the sum of revenue divided by the number of customers.
 * @customfunction REVENUEPERCUSTOMER
 * @helpurl https://localhost:3000/README.md#kpirevenuepercustomer
 * @param {any[][]} revenue Range of revenue amounts (currency).
 * @param {any} customers Number of customers.
 * @returns {number} Revenue per customer (currency).
 */
export function REVENUEPERCUSTOMER(revenue: any[][], customers: any): number {
  return num(() => revenuePerCustomer(revenue, customers));
}

/**
 * Sentiment of text as a compound score from -1 to 1, reading negation, contrast, intensity and emoji.
 * @customfunction SENTIMENT
 * @helpurl https://localhost:3000/README.md#kpisentiment
 * @param {any[][]} text A cell or range of text; a range spills a score per cell, blank stays blank.
 * @returns {any[][]} Sentiment score per cell.
 */
export function SENTIMENT(text: any[][]): any[][] {
  return spill(() => sentiment(text));
}

/**
 * The band label of a KPI value: green, amber or red, with the KPI's default thresholds or yours.
 * @customfunction BAND
 * @helpurl https://localhost:3000/README.md#kpiband
 * @param {any} value The KPI value.
 * @param {any} kpi The KPI's function name: "NPS", "CSAT", "CHURN", "CLV", ...
 * @param {any} [green_at] Threshold of the top band (required for CLV and revenue: your target).
 * @param {any} [amber_at] Threshold of the middle band.
 * @returns {string} The band label, such as "Excellent", "Acceptable" or "Urgent".
 */
export function BAND(value: any, kpi: any, green_at?: any, amber_at?: any): string {
  return label(() => band(value, kpi, green_at, amber_at));
}

/**
 * Progress from a baseline towards a target: (current - baseline) / (target - baseline).
 * @customfunction PROGRESS
 * @helpurl https://localhost:3000/README.md#kpiprogress
 * @param {any} baseline Value at the start.
 * @param {any} current Value now.
 * @param {any} target Value to reach.
 * @returns {number} Share of the way done, a fraction (1 = target reached).
 */
export function PROGRESS(baseline: any, current: any, target: any): number {
  return num(() => progress(baseline, current, target));
}

/**
 * Places a value on 0..100 between its worst and best (worst above best means lower is better).
 * @customfunction SCALE
 * @helpurl https://localhost:3000/README.md#kpiscale
 * @param {any} value The value to place.
 * @param {any} worst The value that scores 0.
 * @param {any} best The value that scores 100.
 * @returns {number} Score from 0 to 100.
 */
export function SCALE(value: any, worst: any, best: any): number {
  return num(() => scale(value, worst, best));
}

/**
 * Benjamini-Hochberg adjusted p-values, in the shape of the input: those at or below q are the discoveries.
 * @customfunction FDR
 * @helpurl https://localhost:3000/README.md#kpifdr
 * @param {any[][]} p_values Range of p-values (0 to 1); blanks stay blank.
 * @param {any} [q] False discovery rate to compare the adjusted p-values with, default 0.05.
 * @returns {any[][]} Adjusted p-values, same shape as p_values.
 */
export function FDR(p_values: any[][], q?: any): any[][] {
  return spill(() => fdr(p_values, q));
}

// custom-functions-metadata-plugin appends the CustomFunctions.associate calls for every
// @customfunction id to dist/functions.js, so they are not repeated here.
// ---------------------------------------------------------------------------------------------
// Predictive customer lifetime value (src/clv). Dates are Excel serial numbers; time is in the
// unit of the data (weeks for KPI.RFM's default).

/**
 * RFM summary of a transaction log: one row per customer with id, frequency x, recency t_x, age T, mean repeat spend, first purchase date.
 * @customfunction RFM
 * @helpurl https://localhost:3000/README.md#kpirfm
 * @param {any[][]} customer_ids Customer id of each transaction.
 * @param {any[][]} dates Date of each transaction. Same-day purchases are one purchase.
 * @param {any[][]} amounts Amount of each transaction. Rows with a negative or unreadable amount are skipped.
 * @param {any} [end_date] End of the observation period; purchases after it are ignored. Default: the last purchase date.
 * @param {any} [period] Time unit of recency and age: "day", "week" (default), "month" (30.4375 days) or "year".
 * @returns {any[][]} A row per customer: id, x, t_x, T, mean repeat spend, first purchase date.
 */
export function RFM(customer_ids: any[][], dates: any[][], amounts: any[][], end_date?: any, period?: any): any[][] {
  return spill(() => predictive.rfm(customer_ids, dates, amounts, end_date, period));
}

/**
 * Fits the BG/NBD model of repeat purchasing (Fader, Hardie and Lee 2005): spills r, alpha, a, b, log-likelihood, customers, converged.
 * @customfunction BGNBD.FIT
 * @helpurl https://localhost:3000/README.md#kpibgnbdfit
 * @param {any[][]} frequency Repeat purchases x of each customer.
 * @param {any[][]} recency Time t_x from first to last purchase.
 * @param {any[][]} age Time T from first purchase to the end date.
 * @returns {any[][]} Label and value: r, alpha, a, b, Log-likelihood, Customers, Converged.
 */
export function BGNBD_FIT(frequency: any[][], recency: any[][], age: any[][]): any[][] {
  return spill(() => predictive.bgnbdFit(frequency, recency, age));
}

/**
 * Probability that a customer is still active, under the BG/NBD model.
 * @customfunction BGNBD.ALIVE
 * @helpurl https://localhost:3000/README.md#kpibgnbdalive
 * @param {any[][]} frequency Repeat purchases x (a cell or a range).
 * @param {any[][]} recency Time t_x from first to last purchase.
 * @param {any[][]} age Time T from first purchase to the end date.
 * @param {any} r BG/NBD r (from KPI.BGNBD.FIT).
 * @param {any} alpha BG/NBD alpha.
 * @param {any} a BG/NBD a.
 * @param {any} b BG/NBD b.
 * @returns {any[][]} P(alive), 0 to 1, in the shape of the inputs.
 */
export function BGNBD_ALIVE(frequency: any[][], recency: any[][], age: any[][], r: any, alpha: any, a: any, b: any): any[][] {
  return spill(() => predictive.bgnbdAlive(frequency, recency, age, r, alpha, a, b));
}

/**
 * Expected purchases in the next horizon periods, under the BG/NBD model.
 * @customfunction BGNBD.EXPECTED
 * @helpurl https://localhost:3000/README.md#kpibgnbdexpected
 * @param {any[][]} horizon Periods ahead, in the unit of recency and age.
 * @param {any[][]} frequency Repeat purchases x.
 * @param {any[][]} recency Time t_x from first to last purchase.
 * @param {any[][]} age Time T from first purchase to the end date.
 * @param {any} r BG/NBD r.
 * @param {any} alpha BG/NBD alpha.
 * @param {any} a BG/NBD a.
 * @param {any} b BG/NBD b.
 * @returns {any[][]} Expected purchases, in the shape of the inputs.
 */
export function BGNBD_EXPECTED(horizon: any[][], frequency: any[][], recency: any[][], age: any[][], r: any, alpha: any, a: any, b: any): any[][] {
  return spill(() => predictive.bgnbdExpected(horizon, frequency, recency, age, r, alpha, a, b));
}

/**
 * Fits the Gamma-Gamma spend model on repeat buyers (Fader, Hardie and Lee 2005): spills p, q, gamma, log-likelihood, customers, converged.
 * @customfunction GG.FIT
 * @helpurl https://localhost:3000/README.md#kpiggfit
 * @param {any[][]} frequency Repeat purchases x; customers with x = 0 are left out.
 * @param {any[][]} avg_spend Mean spend of the repeat purchases.
 * @returns {any[][]} Label and value: p, q, gamma, Log-likelihood, Customers, Converged.
 */
export function GG_FIT(frequency: any[][], avg_spend: any[][]): any[][] {
  return spill(() => predictive.ggFit(frequency, avg_spend));
}

/**
 * Expected mean spend per purchase under the Gamma-Gamma model (the population mean for frequency 0).
 * @customfunction GG.SPEND
 * @helpurl https://localhost:3000/README.md#kpiggspend
 * @param {any[][]} frequency Repeat purchases x.
 * @param {any[][]} avg_spend Mean spend of the repeat purchases.
 * @param {any} p Gamma-Gamma p (from KPI.GG.FIT).
 * @param {any} q Gamma-Gamma q, above 1.
 * @param {any} gamma Gamma-Gamma gamma.
 * @returns {any[][]} Expected spend per purchase (currency), in the shape of the inputs.
 */
export function GG_SPEND(frequency: any[][], avg_spend: any[][], p: any, q: any, gamma: any): any[][] {
  return spill(() => predictive.ggSpend(frequency, avg_spend, p, q, gamma));
}

/**
 * Predictive CLV: discounted expected margin over the horizon, from BG/NBD purchases and Gamma-Gamma spend.
 * @customfunction CLV.PREDICT
 * @helpurl https://localhost:3000/README.md#kpiclvpredict
 * @param {any[][]} horizon Periods ahead, in the unit of recency and age.
 * @param {any[][]} frequency Repeat purchases x.
 * @param {any[][]} recency Time t_x from first to last purchase.
 * @param {any[][]} age Time T from first purchase to the end date.
 * @param {any[][]} avg_spend Mean spend of the repeat purchases.
 * @param {any} r BG/NBD r.
 * @param {any} alpha BG/NBD alpha.
 * @param {any} a BG/NBD a.
 * @param {any} b BG/NBD b.
 * @param {any} p Gamma-Gamma p.
 * @param {any} q Gamma-Gamma q, above 1.
 * @param {any} gamma Gamma-Gamma gamma.
 * @param {any} [discount_rate] Discount rate per period, default 0.
 * @param {any} [margin] Margin as a fraction from 0 to 1, default 1.
 * @returns {any[][]} Lifetime value over the horizon (currency), in the shape of the inputs.
 */
export function CLV_PREDICT(horizon: any[][], frequency: any[][], recency: any[][], age: any[][], avg_spend: any[][], r: any, alpha: any, a: any, b: any, p: any, q: any, gamma: any, discount_rate?: any, margin?: any): any[][] {
  return spill(() => predictive.clvPredict(horizon, frequency, recency, age, avg_spend, r, alpha, a, b, p, q, gamma, discount_rate, margin));
}

/**
 * Fits the shifted-beta-geometric retention model (Fader and Hardie 2007) to a cohort's survivors: spills alpha, beta, log-likelihood, customers, converged.
 * @customfunction SBG.FIT
 * @helpurl https://localhost:3000/README.md#kpisbgfit
 * @param {any[][]} survivors Customers still active at periods 0, 1, 2, ... (a column).
 * @returns {any[][]} Label and value: alpha, beta, Log-likelihood, Customers, Converged.
 */
export function SBG_FIT(survivors: any[][]): any[][] {
  return spill(() => predictive.sbgFit(survivors));
}

/**
 * Share of a cohort still active after a number of periods, under the sBG model.
 * @customfunction SBG.SURVIVAL
 * @helpurl https://localhost:3000/README.md#kpisbgsurvival
 * @param {any[][]} periods Whole periods from 0 (a cell or a range).
 * @param {any} alpha sBG alpha (from KPI.SBG.FIT).
 * @param {any} beta sBG beta.
 * @returns {any[][]} Survival share, 0 to 1, in the shape of periods.
 */
export function SBG_SURVIVAL(periods: any[][], alpha: any, beta: any): any[][] {
  return spill(() => predictive.sbgSurvival(periods, alpha, beta));
}

/**
 * Retention rate in a period (survivors at t over survivors at t-1), under the sBG model.
 * @customfunction SBG.RETENTION
 * @helpurl https://localhost:3000/README.md#kpisbgretention
 * @param {any[][]} period Whole periods from 1 (a cell or a range).
 * @param {any} alpha sBG alpha.
 * @param {any} beta sBG beta.
 * @returns {any[][]} Retention rate, 0 to 1, in the shape of period.
 */
export function SBG_RETENTION(period: any[][], alpha: any, beta: any): any[][] {
  return spill(() => predictive.sbgRetention(period, alpha, beta));
}

/**
 * Discounted expected residual lifetime in periods of an active customer (Fader and Hardie 2010); times the margin per period, her residual value.
 * @customfunction SBG.DERL
 * @helpurl https://localhost:3000/README.md#kpisbgderl
 * @param {any} alpha sBG alpha.
 * @param {any} beta sBG beta.
 * @param {any} discount_rate Discount rate per period (0.1 for 10 %); 0 only for alpha above 1.
 * @param {any} [renewals] Renewals made so far, default 0.
 * @returns {number} Discounted expected residual lifetime, in periods.
 */
export function SBG_DERL(alpha: any, beta: any, discount_rate: any, renewals?: any): number {
  return num(() => predictive.sbgDerl(alpha, beta, discount_rate, renewals));
}

/**
 * Key drivers: each driver's share of the outcome's R² (Shapley value regression or Johnson's relative weights); spills a row per driver of raw importance, percent of R², sign.
 * @customfunction DRIVERS
 * @helpurl https://localhost:3000/README.md#kpidrivers
 * @param {any[][]} outcome One column: NPS answers, overall satisfaction. A row is used only when the outcome and every driver are numbers.
 * @param {any[][]} drivers As many rows, one column per driver (attribute ratings); a first row of names is read as names.
 * @param {any} [method] "shapley" (default, exact up to 15 drivers) or "rw" (relative weights, any number).
 * @returns {any[][]} A row per driver: raw importance (they sum to R²), percent of R² (sum 100), sign of its coefficient (1 or -1).
 */
export function DRIVERS(outcome: any[][], drivers: any[][], method?: any): any[][] {
  return spill(() => keyDrivers.drivers(outcome, drivers, method));
}

/**
 * R² of the full linear model of the outcome on the drivers, with the rows used and the rows left out.
 * @customfunction DRIVERS.R2
 * @helpurl https://localhost:3000/README.md#kpidriversr2
 * @param {any[][]} outcome One column: NPS answers, overall satisfaction.
 * @param {any[][]} drivers As many rows, one column per driver.
 * @returns {any[][]} One row: R² (0 to 1), rows used, rows left out (a blank or text in the outcome or a driver).
 */
export function DRIVERS_R2(outcome: any[][], drivers: any[][]): any[][] {
  return spill(() => keyDrivers.driversR2(outcome, drivers));
}

/**
 * Percentile bootstrap interval of each driver's raw importance, resampling rows with a seeded generator (the same seed gives the same interval on every machine).
 * @customfunction DRIVERS.CI
 * @helpurl https://localhost:3000/README.md#kpidriversci
 * @param {any[][]} outcome One column: NPS answers, overall satisfaction.
 * @param {any[][]} drivers As many rows, one column per driver.
 * @param {any} [method] "shapley" (default) or "rw".
 * @param {any} [confidence] Confidence level as a fraction between 0 and 1, default 0.95.
 * @param {any} [resamples] Bootstrap resamples, a whole number from 100 to 100,000, default 1000.
 * @param {any} [seed] Seed of the generator, a whole number from 0 to 4294967295, default 1.
 * @returns {any[][]} A row per driver: lower and upper bound of its raw importance.
 */
export function DRIVERS_CI(outcome: any[][], drivers: any[][], method?: any, confidence?: any, resamples?: any, seed?: any): any[][] {
  return spill(() => keyDrivers.driversCi(outcome, drivers, method, confidence, resamples, seed));
}

/**
 * Words and phrases one group of comments says more than another (detractors against promoters by default), ranked by the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008), beside a noise floor.
 * @customfunction THEMES
 * @helpurl https://localhost:3000/README.md#kpithemes
 * @param {any[][]} texts Range of comments.
 * @param {any[][]} groups Range beside texts, same shape: 0..10 NPS answers, or labels.
 * @param {any} [group_a] Label of group A; omitted, A is detractors (0-6) and B promoters (9-10).
 * @param {any} [group_b] Label of group B; omitted, every other label.
 * @param {any} [min_count] Keep a term mentioned in at least this many comments, default 5.
 * @param {any} [top] Terms to return, default 20.
 * @returns {any[][]} Term, comments of A, comments of B, delta, z (positive: A says it more), noise floor of |z|.
 */
export function THEMES(texts: any[][], groups: any[][], group_a?: any, group_b?: any, min_count?: any, top?: any): any[][] {
  return spill(() => why.themesOfRanges(texts, groups, group_a, group_b, min_count, top));
}
