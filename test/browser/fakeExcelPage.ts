/**
 * Browser entry for the pane test: an in-memory workbook holding the survey, exposed as the
 * `Excel` global that the pane's port calls (`Excel.run`), plus `__kpiFake` for the test to
 * select ranges and read the workbook back. Bundled by test/browser/pane.test.ts.
 */
import { excelGlobalFor, FakeWorkbook } from "../fakes/excel";
import { PANE_HEADERS, paneSurvey } from "./paneData";

const book = new FakeWorkbook();
book.addSheet("Survey", [PANE_HEADERS, ...paneSurvey()]);
book.select("Survey", "A1");

export interface PaneFake {
  select(sheet: string, address: string): void;
  sheetNames(): string[];
  grid(sheet: string): unknown[][];
  visibility(sheet: string): string;
  syncs(): number;
  runs(): { delayForCellEdit: boolean }[];
}

const fake: PaneFake = {
  select: (sheet, address) => book.select(sheet, address),
  sheetNames: () => book.sheets.map((s) => s.name),
  grid: (sheet) => book.sheet(sheet).grid(),
  visibility: (sheet) => book.sheet(sheet).visibility,
  syncs: () => book.syncCount,
  runs: () => [...book.runs],
};

const w = window as unknown as { Excel: unknown; __kpiFake: PaneFake };
w.Excel = excelGlobalFor(book);
w.__kpiFake = fake;
