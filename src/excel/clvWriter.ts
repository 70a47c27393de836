/**
 * The Office.js writer of the CLV sheet (src/clv/sheet.ts): a new sheet named after the plan
 * (with " (2)" and so on when the name is taken), the plan's blocks, styles, widths and freeze
 * written with the scorecard writer's steps (writer.ts), and the calibration chart as a
 * clustered column chart of the calibration table. Everything is queued and sent in as few
 * syncs as the payload limit allows (one for a CDNOW-sized sheet). It prints as the CLI's file
 * does (the scorecard's page setup: one page wide, row 1 on every page, the plan's extent as
 * the print area), set last, so that a refusal of it only warns. Like every writer it has no
 * layout logic. If any other sync fails, the new sheet is deleted, so the workbook is as it was.
 */
import { clvBlocks, type ClvSheetPlan } from "../clv/sheet";
import { cellAddress } from "../scorecard/a1";
import { freeSheetName } from "./cells";
import type { ExcelRunner, XWorksheet } from "./officeApi";
import type { Paper } from "../scorecard/print";
import { group, MAX_PAYLOAD_BYTES, messageOf, pageSetup, planSteps, printSteps, ScorecardWriteError, type Step } from "./writer";

export interface ClvWriteResult {
  readonly sheetName: string;
  /** context.sync() calls the write made. */
  readonly syncs: number;
  /** What did not go as planned but left a complete sheet (Excel refused the page setup). */
  readonly warnings: readonly string[];
}

function chartSteps(plan: ClvSheetPlan): Step[] {
  return plan.charts.map((chart) => ({
    bytes: 1000,
    apply: (sheet: XWorksheet) => {
      // The value columns side by side are the series (seriesBy Columns), over the categories column.
      const first = chart.series[0].values;
      const values = sheet.getRangeByIndexes(first.row, first.col, first.rows, chart.series.length);
      const added = sheet.charts.add("ColumnClustered", values, "Columns");
      added.title.text = chart.title;
      chart.series.forEach((s, k) => {
        const series = added.series.getItemAt(k);
        series.name = s.name;
        series.setXAxisValues(sheet.getRangeByIndexes(chart.categories.row, chart.categories.col, chart.categories.rows, chart.categories.cols));
      });
      const a = chart.anchor;
      added.setPosition(cellAddress(a.row, a.col), cellAddress(a.row + a.rows - 1, a.col + a.cols - 1));
    },
  }));
}

/** Writes the CLV sheet; on failure the new sheet is removed and ScorecardWriteError says so. */
export async function writeClvPlan(run: ExcelRunner, plan: ClvSheetPlan, paper: Paper = "a4", maxBytes = MAX_PAYLOAD_BYTES): Promise<ClvWriteResult> {
  for (const c of plan.charts) {
    // The chart's series must be adjacent columns, as the plan lays them out.
    if (c.series.some((s, k) => s.values.col !== c.series[0].values.col + k)) throw new Error("CLV chart series are not adjacent columns");
  }
  const steps = [...planSteps({ ...plan, blocks: clvBlocks(plan), conditionalFormats: [], charts: [] }, maxBytes), ...printSteps({ rowHeights: plan.rowHeights }), ...chartSteps(plan)];
  const setUpPages = pageSetup(plan, paper);
  const state = { syncs: 0, sheetId: "", name: plan.sheetName, added: false, complete: false };
  const warnings: string[] = [];
  try {
    await run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load("items/name");
      await context.sync();
      state.syncs++;
      state.name = freeSheetName(plan.sheetName, sheets.items.map((s) => s.name));
      const sheet = sheets.add(state.name);
      state.added = true;
      sheet.load("id");
      // The sheet's id first, so that a failure of any write after it can remove the sheet.
      const batches = group(steps, maxBytes, 200);
      for (const step of batches[0]) step.apply(sheet);
      await context.sync();
      state.syncs++;
      state.sheetId = sheet.id;
      for (const batch of batches.slice(1)) {
        for (const step of batch) step.apply(sheet);
        await context.sync();
        state.syncs++;
      }
      sheet.activate();
      await context.sync();
      state.syncs++;
      // The sheet is complete: the page setup comes last, and a refusal of it costs only the print layout.
      state.complete = true;
      setUpPages(sheet);
      await context.sync();
      state.syncs++;
    });
  } catch (err) {
    const why = messageOf(err);
    if (state.complete) {
      warnings.push(`Excel refused the page setup (${why}). The CLV sheet is complete; it prints with Excel's own page setup until you set one (Page Layout > Fit to 1 page wide, Print Titles: row 1).`);
      return { sheetName: state.name, syncs: state.syncs, warnings };
    }
    if (!state.added) throw new ScorecardWriteError(`The CLV sheet could not be written: ${why}. Nothing was changed.`, true);
    try {
      await run(async (context) => {
        context.workbook.worksheets.getItem(state.sheetId || state.name).delete();
        await context.sync();
      });
    } catch (cleanup) {
      // Without an id, the sync that would have made the sheet failed: no sheet to remove.
      if (!state.sheetId) throw new ScorecardWriteError(`The CLV sheet could not be written: ${why}. Nothing was changed.`, true);
      throw new ScorecardWriteError(`The CLV sheet could not be written: ${why}. The half-written sheet "${state.name}" could not be removed (${messageOf(cleanup)}): delete it.`, false);
    }
    throw new ScorecardWriteError(`The CLV sheet could not be written: ${why}. The new sheet was removed: the workbook is as it was.`, true);
  }
  return { sheetName: state.name, syncs: state.syncs, warnings };
}
