/**
 * The WorkbookPort over Office.js. `excelRunner()` is the one place that calls `Excel.run`;
 * it hands the real RequestContext to code typed against the subset in officeApi.ts, so the
 * compiler checks that Excel provides every member the reader and writer use.
 */
import type { ExcelRunner, XRequestContext } from "./officeApi";
import type { WorkbookPort } from "./port";
import { listSheets, readColumns, readSample, readSelectedCell, readSelection, readStoredSpec } from "./reader";
import { writePlan, type WriterEnv } from "./writer";

/** Batches run with delayForCellEdit: if the user is editing a cell, Excel waits for them. */
export function excelRunner(): ExcelRunner {
  return <T>(batch: (context: XRequestContext) => Promise<T>): Promise<T> =>
    Excel.run({ delayForCellEdit: true }, (context: Excel.RequestContext) => batch(context));
}

export function createOfficePort(run: ExcelRunner, env: WriterEnv = {}): WorkbookPort {
  return {
    readSelection: () => readSelection(run),
    readSample: (source) => readSample(run, source),
    readColumns: (source, columns) => readColumns(run, source, columns),
    readSelectedCell: () => readSelectedCell(run),
    listSheets: () => listSheets(run),
    readStoredSpec: () => readStoredSpec(run),
    writePlan: (plan, options) => writePlan(run, plan, options, env),
  };
}
