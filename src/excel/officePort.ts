/**
 * The WorkbookPort over Office.js. `excelRunner()` is the one place that calls `Excel.run`;
 * it hands the real RequestContext to code typed against the subset in officeApi.ts, so the
 * compiler checks that Excel provides every member the reader and writer use.
 */
import { writeClvPlan } from "./clvWriter";
import type { ExcelRunner, XRequestContext } from "./officeApi";
import type { ExcelCapabilities, WorkbookPort } from "./port";
import { listSheets, readColumns, readSample, readSelectedCell, readSelection, readStoredSpec } from "./reader";
import { writePlan, type WriterEnv } from "./writer";
import { paperOfLocale, type Paper } from "../scorecard/print";

/** Office.context.requirements.isSetSupported, or a stand-in (a fake's). */
export type SetSupport = (name: string, version: string) => boolean;

const officeSets: SetSupport = (name, version) =>
  typeof Office !== "undefined" && Office.context?.requirements?.isSetSupported(name, version) === true;

/** The optional features this Excel has, asked once (the manifest requires ExcelApi 1.12). */
export function excelCapabilities(isSetSupported: SetSupport = officeSets): ExcelCapabilities {
  // Excel.RunOptions.mergeUndoGroup: [Api set: ExcelApi 1.20].
  return { undoBuild: isSetSupported("ExcelApi", "1.20") };
}

/**
 * Batches run with delayForCellEdit (if the user is editing a cell, Excel waits for them; the
 * option predates ExcelApi 1.12), and as one undo group where Excel can do it.
 */
export function excelRunner(capabilities: ExcelCapabilities = excelCapabilities()): ExcelRunner {
  const options: Excel.RunOptions = capabilities.undoBuild ? { delayForCellEdit: true, mergeUndoGroup: true } : { delayForCellEdit: true };
  return <T>(batch: (context: XRequestContext) => Promise<T>): Promise<T> => Excel.run(options, (context: Excel.RequestContext) => batch(context));
}

/**
 * The paper of Office's display language ("en-US" Letter, "de-DE" A4: the CLI's rule for a
 * locale), A4 outside Office. The pane has no paper setting: this is its default.
 */
export function officePaper(displayLanguage: string | undefined = typeof Office !== "undefined" ? Office.context?.displayLanguage : undefined): Paper {
  return paperOfLocale(displayLanguage ?? "");
}

export function createOfficePort(run: ExcelRunner, env: WriterEnv = {}, capabilities?: ExcelCapabilities, paper: Paper = officePaper()): WorkbookPort {
  return {
    capabilities,
    readSelection: () => readSelection(run),
    readSample: (source) => readSample(run, source),
    readColumns: (source, columns) => readColumns(run, source, columns),
    readSelectedCell: () => readSelectedCell(run),
    listSheets: () => listSheets(run),
    readStoredSpec: () => readStoredSpec(run),
    writePlan: (plan, options) => writePlan(run, plan, { ...options, paper: options?.paper ?? paper }, env),
    writeClvPlan: (plan) => writeClvPlan(run, plan, paper),
  };
}
