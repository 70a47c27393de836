/** Shared shapes of the KPI core: metadata that drives docs, bands, formats and scorecard rows. */
import type { Result } from "./errors";

/** How a result is expressed (spec/functions.md, "Units"). */
export type Unit = "points" | "fraction" | "score" | "currency" | "index" | "ratio" | "pvalue" | "label";

export type Direction = "higher" | "lower";

/** Green/amber/red labels, in that order. */
export type BandLabels = readonly [green: string, amber: string, red: string];

export type Bands =
  | { readonly kind: "fixed"; readonly green: number; readonly amber: number; readonly labels: BandLabels }
  /** Bands that follow the user's target: green at the target, amber at `amberShare` of it. */
  | { readonly kind: "target"; readonly amberShare: number; readonly labels: BandLabels };

/** A KPI as the registry describes it; one of these drives every description of that KPI. */
export interface KpiMeta {
  /** Function name without the namespace: "NPS", "CLV.MARGIN". */
  readonly id: string;
  readonly title: string;
  readonly unit: Unit;
  /** Excel number format of a value of this KPI. */
  readonly numberFormat: string;
  readonly direction: Direction;
  readonly bands: Bands;
  /** Leading indicators predict (effort, engagement); lagging ones confirm (NPS, churn). */
  readonly indicator: "leading" | "lagging";
  /** One line, as Excel's autocomplete and the scorecard legend show it. */
  readonly summary: string;
  /**
   * The values the KPI can take, where they are bounded, so that what a user types for it (a
   * target, a benchmark) is checked: NPS -100..100, CES 1..7. `onScale`: the top is the
   * response scale's (the user's scale_max where given, `hi` by default). Shares (unit
   * "fraction") are 0..1 without saying so.
   */
  readonly range?: { readonly lo: number; readonly hi: number; readonly onScale?: boolean };
}

/** A spilled result: rows of labels, numbers and flags (a fit's Converged), blanks as "". */
export type Spill = (string | number | boolean)[][];

export type Value = number | string | Spill;

/** A catalogue function as data: its name, parameters in order, and its body. */
export interface FunctionDef {
  /** Name after the KPI namespace, as the user types it: "NPS.MOE". */
  readonly name: string;
  readonly params: readonly string[];
  /** Argument kinds, used by the property tests to shape random Excel-like arguments. */
  readonly kinds: readonly ArgKind[];
  readonly invoke: (args: readonly unknown[]) => Result<Value>;
}

export type ArgKind = "range" | "scalar" | "text" | "optional-range" | "optional-scalar" | "optional-text";
