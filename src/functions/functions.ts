/* eslint-disable @typescript-eslint/no-explicit-any -- this is the edge that reads Excel's arguments */
/**
 * The KPI custom functions: thin wrappers that hand Excel's arguments to the pure core in
 * src/kpi and turn its errors into CustomFunctions.Error (see excelError.ts). No logic lives
 * here. The JSDoc of each function is what Excel's formula autocomplete shows, and
 * custom-functions-metadata-plugin builds functions.json from it. Parameter names are the
 * public API of spec/functions.md, hence snake_case.
 */
import {
  band, ces, cii, cis, churn, clv, clvMargin, cpi, csat, cxindex, engagement, fcr, nps, npsBreakdown,
  npsMoe, npsTest, progress, retention, revenuePerCustomer, scale, sentiment,
  type Result, type Spill,
} from "../kpi";
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
 * @returns {number} p-value from 0 to 1; below 0.05 the groups differ at 95 % confidence.
 */
export function NPS_TEST(responses_a: any[][], responses_b: any[][]): number {
  return num(() => npsTest(responses_a, responses_b));
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
 * Sentiment of text as the AFINN-165 comparative score (word valences per word, -5 to 5).
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

// custom-functions-metadata-plugin appends the CustomFunctions.associate calls for every
// @customfunction id to dist/functions.js, so they are not repeated here.
