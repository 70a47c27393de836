/**
 * The one registry of KPIs and of the KPI and statistics functions. Everything that describes a
 * KPI (function docs, bands, number formats, scorecard rows, CLI help) reads it from here.
 * Adding a KPI is one new module plus one line in each list below. The whole catalogue of the
 * KPI namespace (these, the predictive-CLV and the why functions) is joined one floor up, in
 * src/functions/catalogue.ts: this core knows nothing of src/clv or src/why.
 */
import { thresholdsFor, bandIndex } from "./band";
import * as ces from "./ces";
import * as churn from "./churn";
import * as cii from "./cii";
import * as cis from "./cis";
import * as clv from "./clv";
import * as clvMargin from "./clvMargin";
import * as complaints from "./complaints";
import { readOptionalScalar, readScalar, asGrid } from "./coerce";
import * as cpi from "./cpi";
import * as csat from "./csat";
import * as cxindex from "./cxindex";
import * as engagement from "./engagement";
import { errors, isKpiError, type Result } from "./errors";
import * as fcr from "./fcr";
import * as fdr from "./fdr";
import * as nps from "./nps";
import * as progress from "./progress";
import * as retention from "./retention";
import * as revenue from "./revenue";
import * as scale from "./scale";
import * as sentiment from "./sentiment";
import type { AggregateKpi } from "./aggregate";
import type { SampleKpi } from "./sample";
import type { FunctionDef, KpiMeta } from "./types";

/** KPIs with a direction and bands, in the order a scorecard lists them. */
export const KPIS: readonly KpiMeta[] = [
  sentiment.meta,
  engagement.meta,
  ces.meta,
  fcr.meta,
  cis.meta,
  cii.meta,
  nps.meta,
  csat.meta,
  complaints.meta,
  churn.meta,
  retention.meta,
  clv.meta,
  clvMargin.meta,
  revenue.meta,
  cxindex.meta,
  cpi.meta,
  scale.meta,
];

const byId = new Map(KPIS.map((m) => [m.id, m]));

/**
 * KPIs computed from data rows, as their statistics (sample.ts), in scorecard order. The
 * scorecard planner reads only this list and AGGREGATE_KPIS: adding a sample KPI to a
 * scorecard is its module plus one line here.
 */
export const SAMPLE_KPIS: readonly SampleKpi[] = [
  sentiment.sample,
  engagement.sample,
  ces.sample,
  fcr.sample,
  cis.sample,
  nps.sample,
  csat.sample,
  complaints.sample,
  revenue.sample,
  cxindex.sample,
];

/** KPIs computed from figures the user gives (aggregate.ts), in scorecard order. */
export const AGGREGATE_KPIS: readonly AggregateKpi[] = [cii.aggregate, churn.aggregate, retention.aggregate, clv.aggregate, clvMargin.aggregate];

export function kpiMeta(id: string): KpiMeta | undefined {
  return byId.get(id.trim().toUpperCase());
}

/** KPI.BAND: the band label of a value, with the default thresholds or the ones given. */
export function band(value: unknown, kpi: unknown, greenAt: unknown = null, amberAt: unknown = null): Result<string> {
  const v = readScalar(value, "value");
  if (isKpiError(v)) return v;
  const name = asGrid(kpi)[0]?.[0];
  const meta = typeof name === "string" ? kpiMeta(name.trim().replace(/^KPI\./i, "")) : undefined;
  if (!meta) return errors.unknownKpi(String(name ?? ""), KPIS.map((m) => m.id));
  const g = readOptionalScalar(greenAt, "green_at");
  if (isKpiError(g)) return g;
  const a = readOptionalScalar(amberAt, "amber_at");
  if (isKpiError(a)) return a;
  const t = thresholdsFor(meta, g, a);
  if (isKpiError(t)) return t;
  return meta.bands.labels[bandIndex(v, t)];
}

const bandFunction: FunctionDef = {
  name: "BAND",
  params: ["value", "kpi", "green_at", "amber_at"],
  kinds: ["scalar", "text", "optional-scalar", "optional-scalar"],
  invoke: (a) => band(a[0], a[1], a[2], a[3]),
};

/**
 * The KPI and statistics functions, in the order of spec/functions.md's sections "Functions" and
 * "Statistics" (an interval or test beside its KPI's other functions).
 */
export const KPI_FUNCTIONS: readonly FunctionDef[] = [
  ...nps.functions,
  ...csat.functions,
  ...ces.functions,
  ...fcr.functions,
  ...churn.functions,
  ...retention.functions,
  ...clv.functions,
  ...clvMargin.functions,
  ...cis.functions,
  ...engagement.functions,
  ...cii.functions,
  ...cpi.functions,
  ...cxindex.functions,
  ...revenue.functions,
  ...sentiment.functions,
  bandFunction,
  ...progress.functions,
  ...scale.functions,
  // Statistics (spec's section "Statistics: intervals, tests and many comparisons"): the
  // intervals and tests sit with their KPI's functions above; FDR, on p-values of any KPI, here.
  ...fdr.functions,
];
