/**
 * An aggregate KPI is computed from a few figures the user gives (customers at start, lost...),
 * not from data rows. Each such module declares its inputs by key, its value and its two
 * formulas, so the scorecard planner can lay it out without naming it.
 *
 * The keys are the scorecard's aggregate inputs (src/scorecard/spec.ts AGGREGATE_INPUTS), which
 * carry their labels and CLI flags.
 */
import type { Result } from "./errors";
import type { KpiMeta } from "./types";

export interface AggregateKpi {
  readonly meta: KpiMeta;
  /** Inputs that must all be given for the KPI to appear. */
  readonly inputs: readonly string[];
  /** Inputs used when given. */
  readonly optional: readonly string[];
  /** The value from the inputs' numbers (optional ones undefined when not given). */
  compute(v: Readonly<Record<string, number | undefined>>): Result<number>;
  /** The add-in's formula over the input cells (optional ones undefined when not given). */
  live(refs: Readonly<Record<string, string | undefined>>): string;
  /** The native formula over the input cells. */
  native(refs: Readonly<Record<string, string | undefined>>): string;
}

/** A required input's cell: the planner only calls live/native when every required input has one. */
export function req(refs: Readonly<Record<string, string | undefined>>, key: string): string {
  const ref = refs[key];
  if (ref === undefined) throw new Error(`aggregate input ${key} has no cell`);
  return ref;
}

/** ",ref" for an optional input that was given, "" otherwise. */
export function opt(refs: Readonly<Record<string, string | undefined>>, key: string): string {
  const ref = refs[key];
  return ref === undefined ? "" : `,${ref}`;
}
