/**
 * The units and domains of what a user types: targets and aggregate inputs. Checked once, here,
 * by the CLI (before anything is written) and by the task pane (before it builds), with the
 * KPI functions' own rules, so a scorecard never caches #VALUE! for an input the user could
 * have been told about, and a target of "85" for a fraction KPI never means 8,500 %. Pure.
 */
import { AGGREGATE_KPIS, isKpiError, kpiMeta, type KpiMeta } from "../kpi";
import type { AggregateInput } from "./types";

type Aggregates = Partial<Record<AggregateInput, number>>;

/** What each input is, for its own check before any KPI reads it. */
const DOMAIN: Record<AggregateInput, "count" | "positiveCount" | "amount" | "fraction" | "rate" | "any"> = {
  customersStart: "positiveCount",
  customersLost: "count",
  customersEnd: "count",
  newCustomers: "count",
  avgPurchaseValue: "amount",
  purchasesPerYear: "amount",
  lifespanYears: "amount",
  margin: "fraction",
  marginPerPeriod: "any",
  retentionRate: "fraction",
  discountRate: "rate",
  acquisitionCost: "amount",
  interactions: "count",
  innovationProjects: "count",
  customers: "count",
};

/** The KPI functions' parameter names, as their messages name them. */
const PARAMS: Record<AggregateInput, string> = {
  customersStart: "customers_start",
  customersLost: "customers_lost",
  customersEnd: "customers_end",
  newCustomers: "new_customers",
  avgPurchaseValue: "avg_purchase_value",
  purchasesPerYear: "purchases_per_year",
  lifespanYears: "lifespan_years",
  margin: "margin",
  marginPerPeriod: "margin_per_period",
  retentionRate: "retention_rate",
  discountRate: "discount_rate",
  acquisitionCost: "acquisition_cost",
  interactions: "customer_interactions",
  innovationProjects: "innovation_projects",
  customers: "customers",
};

function inputProblem(key: AggregateInput, v: number): string | null {
  if (!Number.isFinite(v)) return "it must be a number";
  switch (DOMAIN[key]) {
    case "positiveCount":
      return v > 0 && Number.isInteger(v) ? null : "it must be a whole number of customers above 0";
    case "count":
      return v >= 0 && Number.isInteger(v) ? null : "it must be a whole number from 0";
    case "amount":
      return v >= 0 ? null : "it cannot be negative";
    case "fraction":
      return v >= 0 && v <= 1 ? null : `give it as a fraction from 0 to 1${v > 1 && v <= 100 ? ` (${v / 100} or ${v}%)` : ""}`;
    case "rate":
      return v > -1 && v <= 1 ? null : `give it as a fraction${v > 1 && v <= 100 ? ` (${v / 100} or ${v}%)` : ""}`;
    default:
      return null;
  }
}

/**
 * The first problem of the aggregate inputs, as one line that names each input with
 * `nameOf` (a flag for the CLI, a label for the pane); null when every input and every KPI
 * made from them is fine.
 */
export function aggregateProblem(aggregates: Aggregates, nameOf: (key: AggregateInput) => string): string | null {
  for (const key of Object.keys(DOMAIN) as AggregateInput[]) {
    const v = aggregates[key];
    if (v === undefined) continue;
    const problem = inputProblem(key, v);
    if (problem) return `${nameOf(key)} ${v}: ${problem}`;
  }
  // Every aggregate KPI of the registry whose inputs are all given, with its own function's rules.
  const given: Readonly<Record<string, number | undefined>> = aggregates;
  for (const k of AGGREGATE_KPIS) {
    if (!k.inputs.every((key) => given[key] !== undefined)) continue;
    const value = k.compute(given);
    if (!isKpiError(value)) continue;
    const keys = (Object.keys(PARAMS) as AggregateInput[]).sort((x, y) => PARAMS[y].length - PARAMS[x].length);
    const names = new RegExp(`\\b(${keys.map((key) => PARAMS[key]).join("|")})\\b`, "g");
    const message = value.message.replace(names, (param) => nameOf(keys.find((key) => PARAMS[key] === param) ?? "customers"));
    return `${k.meta.title} (${k.meta.id}) cannot be computed: ${message}`;
  }
  return null;
}

export type TargetReading = { readonly value: number; readonly note?: string } | { readonly problem: string };

/** How a number was typed: `percent` when it was written with "%" (`value` is then already divided by 100). */
export interface TypedAs {
  readonly percent?: boolean;
  /** The top of the KPI's response scale the user chose (CES on 1..10), where it has one. */
  readonly scaleMax?: number;
}

/** What a KPI's values are, in words, for a message: "points from -100 to 100". */
function unitWords(meta: KpiMeta, lo: number | null, hi: number | null): string {
  const span = lo !== null && hi !== null ? ` from ${lo} to ${hi}` : "";
  switch (meta.unit) {
    case "points":
      return `in points${span}`;
    case "score":
      return `a score${span}`;
    case "index":
      return `an index${span}`;
    case "currency":
      return "an amount of money";
    default:
      return `a ${meta.unit}${span}`;
  }
}

/** The bounds of a KPI's values, the response scale's top where the KPI is on it (CES); null where unbounded. */
export function kpiRange(meta: KpiMeta, scaleMax?: number): { readonly lo: number; readonly hi: number } | null {
  if (meta.unit === "fraction") return { lo: 0, hi: 1 };
  if (!meta.range) return null;
  return { lo: meta.range.lo, hi: meta.range.onScale && scaleMax !== undefined ? scaleMax : meta.range.hi };
}

/**
 * A target as the KPI's unit holds it. Fractions (CSAT, FCR, CHURN, RETENTION) are 0..1: a
 * number above 1 and up to 100 is read as a percentage, and said so; a percentage past 100 %
 * is refused. A KPI in points or a score takes no percentage (NPS 40%: is it 40 points or
 * 0.4?), and a value off the KPI's range (NPS 140, CES 8 on 1..7) is refused. `written` is how
 * the user wrote it, for messages.
 */
export function readTarget(kpiId: string, value: number, written: string, typed: TypedAs = {}): TargetReading {
  const meta = kpiMeta(kpiId);
  if (!meta || !Number.isFinite(value)) return { problem: `${written} is not a number` };
  const range = kpiRange(meta, typed.scaleMax);
  if (meta.unit === "fraction") {
    if (value >= 0 && value <= 1) return { value };
    if (typed.percent) return { problem: `${written} is off the scale of ${meta.id}, a share from 0% to 100%` };
    if (value > 1 && value <= 100) {
      return { value: value / 100, note: `${written} read as ${value} % (${meta.id} is a share: ${value / 100} or ${value}% say the same)` };
    }
    return { problem: `${written} is off the scale of ${meta.id}, a share from 0 to 1 (for example 0.85 or 85%)` };
  }
  if (typed.percent) {
    const plain = Number((value * 100).toPrecision(12));
    return { problem: `${written} is a percentage, but ${meta.id} is ${unitWords(meta, range?.lo ?? null, range?.hi ?? null)}: write ${plain} without %` };
  }
  if (range && !(value >= range.lo && value <= range.hi)) {
    return { problem: `${written} is off the scale of ${meta.id}, ${meta.unit === "points" ? `${range.lo} to ${range.hi} points` : `${range.lo} to ${range.hi}`}` };
  }
  return { value };
}
