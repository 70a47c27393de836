/**
 * The scorecard as data. A ScorecardSpec is what the user chose (stored in the workbook and
 * accepted by the CLI as --spec); a ScorecardPlan is everything a writer needs to lay the sheet
 * out (cells, formulas, formats, conditional formats, chart), computed once by planScorecard.
 * Writers (src/excel for Office.js, src/xlsx for exceljs) apply a plan and hold no layout logic.
 */

/** What a column of the source data holds. Several columns may share engagement/impact. */
export type ColumnRole =
  | "nps"
  | "csat"
  | "ces"
  | "fcr"
  | "sentiment"
  | "engagement"
  | "impact"
  | "revenue"
  | "complaints"
  | "cx"
  | "segment"
  | "period";

export const COLUMN_ROLES: readonly ColumnRole[] = [
  "nps", "csat", "ces", "fcr", "sentiment", "engagement", "impact", "revenue", "complaints", "cx", "segment", "period",
];

/** Inputs that are not per-row columns: typed by the user or read from a cell. */
export type AggregateInput =
  | "customersStart"
  | "customersLost"
  | "customersEnd"
  | "newCustomers"
  | "avgPurchaseValue"
  | "purchasesPerYear"
  | "lifespanYears"
  | "margin"
  | "marginPerPeriod"
  | "retentionRate"
  | "discountRate"
  | "acquisitionCost"
  | "interactions"
  | "innovationProjects"
  | "customers";

export type FormulaMode = "live" | "portable" | "values";

export type TrendGrain = "month" | "quarter";

export interface ColumnMapping {
  /** 0-based column within the source range. */
  readonly index: number;
  readonly header: string;
  readonly role: ColumnRole;
  /** Engagement action weight (default 1). */
  readonly weight?: number;
}

/** The user's choices for one KPI; every field optional. */
export interface KpiSettings {
  readonly target?: number;
  /** ISO date by which the target should be reached (SMART target). */
  readonly targetDate?: string;
  readonly baseline?: number;
  /** An industry figure the user brings from their own source; the add-in ships none. */
  readonly benchmark?: number;
  readonly green?: number;
  readonly amber?: number;
  /** Top of the response scale (CSAT, CES). */
  readonly scaleMax?: number;
  /** Weight of the KPI in the Customer Performance Index (default 1; 0 leaves it out). */
  readonly cpiWeight?: number;
  /** Value that scores 0 in the CPI (default from the KPI's bands: composite.ts). */
  readonly cpiWorst?: number;
  /** Value that scores 100 in the CPI. */
  readonly cpiBest?: number;
  /**
   * The smallest difference worth a mark, in the KPI's unit (NPS points, a share as a fraction):
   * a segment or period is marked only when its difference is at least this large, as well as
   * surviving the false discovery rate. 0 by default; a cell of the KPI table.
   */
  readonly minDifference?: number;
}

export interface SourceRef {
  /** Sheet holding the data. */
  readonly sheet: string;
  /** A1 range including the header row, e.g. "A1:H3001". */
  readonly address: string;
  /** Excel table name when the data is a table. */
  readonly table?: string;
}

export interface ScorecardSpec {
  readonly version: 1;
  readonly title?: string;
  readonly source: SourceRef;
  readonly columns: readonly ColumnMapping[];
  readonly aggregates: Partial<Record<AggregateInput, number>>;
  /** Keyed by KPI id ("NPS", "CHURN", ...). */
  readonly kpis: Readonly<Record<string, KpiSettings>>;
  readonly mode: FormulaMode;
  readonly trend: TrendGrain;
  /** Minimum n to band a value (default 30); a cell on the sheet. */
  readonly minN?: number;
  /** False discovery rate of the marked differences (default 0.05); a cell on the sheet. */
  readonly fdrQ?: number;
  /** Add the "What detractors say" block: verbatim themes of the comments, detractors against promoters. */
  readonly themes?: boolean;
  /** Add the "What moves NPS" block (key drivers): its outcome and driver columns. */
  readonly drivers?: DriversSpec;
  /**
   * Themes the user names ("Wait time": wait, queue, on hold): a KPI row each, the share of the
   * comments (the first comment column) that mention one of its words, overall, per segment and
   * per period; the words are a cell of the sheet.
   */
  readonly namedThemes?: readonly NamedThemeSpec[];
}

/** A theme of the scorecard: its name, its words and, as any KPI, a target and a smallest difference worth a mark. */
export interface NamedThemeSpec {
  readonly name: string;
  /** Words and phrases, matched as whole words (src/kpi/mentions.ts). */
  readonly words: readonly string[];
  /** "lower" (a complaint; the default) or "higher" (praise): which way its target is met. */
  readonly direction?: "lower" | "higher";
  /** A share (0..1): the theme's bands follow it; without one the theme is not banded. */
  readonly target?: number;
  readonly minDifference?: number;
}

/** The key-driver analysis a scorecard shows: columns of the source, as ColumnMapping.index counts them. */
export interface DriversSpec {
  /** The outcome: NPS answers, or overall satisfaction. */
  readonly outcome: number;
  /** The drivers: attribute ratings, CES, FCR flags, CX battery questions. */
  readonly columns: readonly number[];
  /**
   * Themes the spec names (namedThemes, by name) whose 0/1 flags drive the outcome too: 1 where a
   * comment mentions the theme, 0 where it does not; a row without a comment has no flag and is
   * left out of the analysis.
   */
  readonly themes?: readonly string[];
  /** "shapley" (default; up to 15 drivers) or "rw" (relative weights). */
  readonly method?: "shapley" | "rw";
}

/** The source data as read: header row and data rows, cells as Excel gives them. */
export interface DataTable {
  readonly headers: readonly string[];
  /** Data rows (header excluded). Dates are Excel serial numbers. */
  readonly rows: readonly (readonly unknown[])[];
}

/** A rectangle on the scorecard sheet, 0-based. */
export interface Rect {
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  readonly cols: number;
}

export type CachedValue = number | string | boolean | { readonly error: string };

export interface FormulaCell {
  /** Formula text with its leading "=". */
  readonly formula: string;
  /** The value the formula evaluates to, computed by the core (cached in .xlsx files). */
  readonly value: CachedValue | null;
}

export type PlanCell = null | string | number | boolean | FormulaCell;

/** A contiguous block of cells, written with one range write. */
export interface PlanBlock {
  readonly row: number;
  readonly col: number;
  readonly cells: readonly (readonly PlanCell[])[];
  /** Number formats of the same shape ("General" where none). */
  readonly numberFormats: readonly (readonly string[])[];
}

export interface PlanStyle {
  readonly range: Rect;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly fontSize?: number;
  /** #RRGGBB */
  readonly fill?: string;
  readonly fontColor?: string;
  readonly horizontal?: "left" | "center" | "right";
  readonly borderBottom?: boolean;
  /** Wrap text within the cell (headers too long for their column). */
  readonly wrap?: boolean;
}

export interface PlanRule {
  /** Formula with "=", relative to the top-left cell of the range. */
  readonly formula: string;
  readonly fill?: string;
  readonly fontColor?: string;
  readonly bold?: boolean;
  /** The number format the cell shows while the rule holds (a marked value: `0.0" ▲"`). */
  readonly numberFormat?: string;
  /** Bands colour a value; "neutral" marks one with too few answers to judge; "mark" a significant difference on an unbanded value. */
  readonly band: "green" | "amber" | "red" | "neutral" | "mark";
  /** The mark the rule shows on the value, where it shows one. */
  readonly mark?: "▲" | "▼";
}

export interface PlanConditionalFormat {
  readonly range: Rect;
  readonly rules: readonly PlanRule[];
}

/** A further series of a chart, over its categories. */
export interface PlanChartSeries {
  readonly name: string;
  /** One row of values. */
  readonly values: Rect;
  /** How it draws: "bound" a 95 % bound (a thin dashed line), "target" the KPI's target (a flat dashed line). */
  readonly role: "bound" | "target";
}

export interface PlanSeriesChart {
  /** A line over the periods (trend) or clustered columns over the segments. */
  readonly type: "line" | "bar";
  readonly title: string;
  /** One row of category labels (the periods, or the segments), each with its n. */
  readonly categories: Rect;
  /** One row of values, the KPI's series; its name is `title`. */
  readonly values: Rect;
  /** Where the chart sits. */
  readonly anchor: Rect;
  /** The interval's bounds and the target, drawn over the KPI's values (trend charts). */
  readonly extra?: readonly PlanChartSeries[];
  /** Where the value axis starts (0: columns and lines from zero); the application's choice where absent. */
  readonly axisMin?: number;
  /** Where the value axis ends (0: a KPI whose values are all below zero); the application's choice where absent. */
  readonly axisMax?: number;
}

/** A series of an XY scatter chart: its name, and its points' x and y cells (one row or column each, as long as each other). */
export interface PlanXySeries {
  readonly name: string;
  readonly x: Rect;
  readonly y: Rect;
}

/** Points on two value axes: each point a series of its own, labelled by its name, and guide lines drawn through cells. */
export interface PlanScatterChart {
  readonly type: "scatter";
  readonly title: string;
  /** One series per point (a driver), its name shown beside its marker, unless `unlabelled` lists it (a point too close to others to be named apart). */
  readonly points: readonly PlanXySeries[];
  /** Indexes in `points` of the points drawn without a label: a tag names them. */
  readonly unlabelled?: readonly number[];
  /** Series of one point each, drawn without a marker, their names as labels: "Ranks 2-5" beside a cluster of points. */
  readonly tags?: readonly PlanXySeries[];
  /** Lines without markers or labels (the averages that split the quadrants). */
  readonly lines: readonly PlanXySeries[];
  readonly xTitle: string;
  readonly yTitle: string;
  /** Number format of each axis's labels. */
  readonly xFormat: string;
  readonly yFormat: string;
  readonly anchor: Rect;
}

export type PlanChart = PlanSeriesChart | PlanScatterChart;

/** One KPI as the pane and the CLI summarise it. */
export interface KpiSummary {
  readonly id: string;
  readonly title: string;
  readonly value: number | null;
  readonly error: string | null;
  readonly band: string | null;
  readonly bandIndex: 0 | 1 | 2 | null;
  readonly n: number | null;
  readonly numberFormat: string;
  /** The 95 % interval of a sample KPI (the CPI's conservative one: see conservative), or null. */
  readonly low?: number | null;
  readonly high?: number | null;
  /** True where low and high are the CPI's conservative interval, not a 95 % one (composite.ts, intervalOf). */
  readonly conservative?: boolean;
  /** True when n is below the minimum n, so the value is not banded. */
  readonly tooFew?: boolean;
  /** What the sheet's status cell says: against the target where one is given, else the band ("n < 30", "22.8 points short of target", "Excellent"). */
  readonly status?: string;
}

/** A segment or period whose difference survived the false discovery rate: what the sheet marks. */
export interface MarkedDifference {
  /** The KPI's id ("NPS"). */
  readonly id: string;
  /** The KPI row's title. */
  readonly title: string;
  /** A segment against the rest of the sample, a period against the one before, or a trend over the periods. */
  readonly kind: "segment" | "period" | "trend";
  readonly numberFormat: string;
  /** "Region: North", "2025-03". */
  readonly group: string;
  /** "rest of the sample", "previous period (2025-02)". */
  readonly comparedWith: string;
  readonly value: number;
  readonly otherValue: number;
  readonly n: number;
  readonly p: number;
  readonly adjustedP: number;
  readonly direction: "higher" | "lower";
  /** The finding as page 1 says it: "South: NPS 9.4, 11.1 points below the rest of the sample (n 889; adjusted p 0.018)". */
  readonly sentence?: string;
  /** The 95 % interval of value minus otherValue, where the planner computes it (issue 19). */
  readonly differenceInterval?: readonly [number, number] | null;
}

/**
 * A comparison with both sides at the minimum n that was not tested because what it tests is too
 * skewed for the normal curve (Cochran's rule, scorecard/skewness.ts): the sheet's p cell says so.
 */
export interface UntestedComparison {
  readonly id: string;
  readonly title: string;
  readonly kind: "segment" | "period" | "trend";
  /** "Region: North", "2025-03", or the trend's label. */
  readonly group: string;
  readonly comparedWith: string;
  /** The smaller side's n (a slope: all its answers), and the n that would pass. */
  readonly n: number;
  readonly needs: number;
}

/** How the sheet's Customer Performance Index is made, as the pane shows it. */
export interface CompositeSummary {
  readonly components: readonly {
    readonly id: string;
    readonly title: string;
    readonly worst: number;
    readonly best: number;
    readonly weight: number;
    /** The component's overall score on 0..100, or null where it has none. */
    readonly score: number | null;
  }[];
  /** KPIs on the sheet that cannot go in, with the reason. */
  readonly leftOut: readonly string[];
}

export interface ScorecardPlan {
  readonly sheetName: string;
  readonly blocks: readonly PlanBlock[];
  readonly styles: readonly PlanStyle[];
  readonly conditionalFormats: readonly PlanConditionalFormat[];
  /** Widths in characters, by 0-based column. */
  readonly columnWidths: readonly number[];
  readonly freeze: { readonly rows: number; readonly columns: number };
  readonly charts: readonly PlanChart[];
  /** 0-based columns hidden because nothing fills them (no benchmark given, ...). */
  readonly hiddenColumns?: readonly number[];
  /** Heights in points of rows whose wrapped text needs more than one line (others: the default). */
  readonly rowHeights?: readonly { readonly row: number; readonly points: number }[];
  /** 0-based rows that start a printed page (charts, statistics). */
  readonly pageBreaks?: readonly number[];
  /** The spec stored in the workbook, so the pane can reopen and rebuild. */
  readonly specStore: { readonly sheetName: string; readonly json: string };
  readonly summary: readonly KpiSummary[];
  /** The CPI's components, or null when the sheet has no CPI row (fewer than two components). */
  readonly composite?: CompositeSummary | null;
  /** Every difference the sheet marks, most significant first. */
  readonly differences: readonly MarkedDifference[];
  /** The comparisons too skewed to test (Cochran's rule), in the sheet's order; absent from plans made elsewhere. */
  readonly untested?: readonly UntestedComparison[];
  /** The "What moves ..." block's figures, for the pane and the CLI; absent when the spec asks for none. */
  readonly drivers?: DriversSummary | null;
  /** The minimum n and false discovery rate the sheet was built with. */
  readonly minN: number;
  readonly fdrQ: number;
  /** Bounding box of everything written, for tests and writers. */
  readonly extent: Rect;
  /** What prints: the extent less the chart data beside it (the extent where absent). */
  readonly printArea?: Rect;
  /** The print scale in percent (the pager lays the pages out for it); fit to one page wide where absent. */
  readonly printScale?: number;
  /** The orientation the pages are laid out for. */
  readonly orientation?: "portrait" | "landscape";
}

/** Name of the very hidden sheet that stores the spec. */
export const SPEC_SHEET = "KPI_Spec";
export const DEFAULT_SHEET_NAME = "KPI Scorecard";

/** The key drivers as the pane and the command line report them (the sheet's block: blocks/drivers.ts). */
export interface DriversSummary {
  /** "NPS", "CSAT", or the outcome's header. */
  readonly outcome: string;
  /** Why there is no analysis, when there is none; the rest is then empty. */
  readonly none: string | null;
  readonly method: "shapley" | "rw" | null;
  readonly r2: number | null;
  readonly n: number | null;
  readonly leftOut: number | null;
  /** Largest first: importance (the R² it accounts for) with its 95 % bounds, share of R², performance as the top-two-box (or yes) share. */
  readonly drivers: readonly {
    readonly header: string;
    readonly importance: number;
    readonly low: number | null;
    readonly high: number | null;
    readonly share: number;
    readonly sign: 1 | -1;
    readonly performance: number;
    /** What the performance is the share of: "top-2 box", "yes" (a flag), "comments without it" (a complaint theme), "comments with it". */
    readonly measure: string;
    readonly quadrant: string;
  }[];
  /** Near-duplicate drivers and other caveats, as the sheet shows them. */
  readonly warnings: readonly string[];
}
