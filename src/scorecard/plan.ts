/**
 * planScorecard: ScorecardSpec + data -> ScorecardPlan. Pure: no Office.js, no exceljs, no fs.
 * Generic: the rows come from the registry (rows.ts) and the planner names no KPI.
 *
 * Three steps: the model (model.ts) computes what the sheet says once (groups, statistics per
 * KPI and group, values, intervals, comparisons, the tested family and its correction, the
 * CPI); a layouter per block (blocks/*.ts: title and settings, KPI table, n and marks, inputs,
 * CPI, legend, trend, charts, statistics table) turns it into cells; the pager (pager.ts)
 * places the blocks, page breaks, frozen rows and hidden columns.
 *
 * Every number above the statistics table refers to it (portable mode) or is the add-in's
 * formula (live mode), so a value, its n, its interval and its test are made of the same
 * counts. Thresholds, the minimum n and q are cells: conditional formats and status formulas
 * read them, so a user can change them and see the colours and marks move without rebuilding.
 */
import { errors, isKpiError, type Result } from "../kpi";
import { FormulaTooLong, MAX_FORMULA } from "./blocks/block";
import { MAX_PERIODS, MAX_SEGMENTS } from "./groups";
import { buildModel, type ModelInput } from "./model";
import { page } from "./pager";
import { serializeStoredSpec } from "./spec";
import { type DriverAnalysis, performanceMeasure } from "./driverAnalysis";
import { DEFAULT_SHEET_NAME, type DriversSummary, type ScorecardPlan, SPEC_SHEET } from "./types";

export { MAX_PERIODS, MAX_SEGMENTS };
export { BAND_STYLE, literal, MAX_FORMULA } from "./blocks/block";
export { chartTitle, MAX_CHART_TITLE } from "./blocks/charts";
export { CONFIDENCE, DEFAULT_Q, MARK_DOWN, MARK_UP, SMALL_SAMPLE } from "./model";

export interface PlanInput extends ModelInput {
  /** Sheets already in the workbook: the scorecard never takes one of their names. */
  readonly existingSheets: readonly string[];
  /** A scorecard the add-in made before and that the writer deletes in the same batch: its name is free. */
  readonly replaceSheet?: string;
}

/** The sheet name for a new scorecard: the default, or the next free "KPI Scorecard (2)"... */
export function scorecardSheetName(existing: readonly string[], replace?: string): string {
  const taken = new Set(existing.filter((n) => n !== replace).map((n) => n.toLowerCase()));
  if (!taken.has(DEFAULT_SHEET_NAME.toLowerCase())) return DEFAULT_SHEET_NAME;
  for (let k = 2; ; k++) {
    const name = `${DEFAULT_SHEET_NAME} (${k})`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

export function planScorecard(input: PlanInput): Result<ScorecardPlan> {
  try {
    return plan(input);
  } catch (e) {
    if (e instanceof FormulaTooLong) {
      return errors.invalid(`the scorecard would need ${e.message}, past Excel's limit of ${MAX_FORMULA}: map fewer columns to one KPI`);
    }
    throw e;
  }
}

function plan(input: PlanInput): Result<ScorecardPlan> {
  const m = buildModel(input);
  if (isKpiError(m)) return m;
  const sheetName = scorecardSheetName(input.existingSheets, input.replaceSheet);
  const laid = page(m);
  return {
    sheetName,
    blocks: laid.blocks,
    styles: laid.styles,
    conditionalFormats: laid.conditionalFormats,
    columnWidths: laid.columnWidths,
    freeze: laid.freeze,
    charts: laid.charts,
    hiddenColumns: laid.hiddenColumns,
    rowHeights: laid.rowHeights,
    pageBreaks: laid.pageBreaks,
    specStore: { sheetName: SPEC_SHEET, json: serializeStoredSpec({ spec: input.spec, sheetName, builtAt: input.builtAt.toISOString() }) },
    summary: m.summary,
    composite: m.rows.composite.length === 0 ? null : {
      components: m.cpi.components.map((c, k) => {
        const score = m.cpi.scores[k][0];
        return { id: c.row.meta.id, title: c.row.title, worst: c.worst, best: c.best, weight: c.weight, score: score === null || isKpiError(score) ? null : score };
      }),
      leftOut: m.cpi.leftOut.map((x) => `${x.row.title}: ${x.why}`),
    },
    differences: m.differences,
    untested: m.untested,
    drivers: driversSummary(m.drivers),
    minN: m.minN,
    fdrQ: m.q,
    extent: laid.extent,
    printArea: laid.printArea,
    printScale: laid.printScale,
    orientation: laid.orientation,
  };
}

/** The key drivers as the pane and the command line report them; null when the spec asks for none. */
function driversSummary(a: DriverAnalysis | null): DriversSummary | null {
  if (a === null) return null;
  if (a.kind === "none") return { outcome: a.outcomeName, none: a.why, method: null, r2: null, n: null, leftOut: null, drivers: [], warnings: [] };
  return {
    outcome: a.outcomeName,
    none: null,
    method: a.method,
    r2: a.r2,
    n: a.n,
    leftOut: a.leftOut,
    drivers: a.rows.map((r) => ({ header: r.header, importance: r.raw, low: r.low, high: r.high, share: r.share, sign: r.sign, performance: r.topBox, measure: performanceMeasure(r), quadrant: r.quadrant })),
    warnings: [...a.warnings, ...(a.intervalsError ? [`no intervals: ${a.intervalsError}`] : [])],
  };
}
