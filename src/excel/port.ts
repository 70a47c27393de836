/**
 * WorkbookPort: everything the task pane asks of the workbook. The pane holds a port and never
 * calls Excel.run; officePort.ts implements it over Office.js, tests implement it over the
 * in-memory fake (test/fakes/excel.ts) or with stubs. Pure types: no Office.js here.
 */
import type { DataTable, ScorecardPlan, ScorecardSpec, SourceRef } from "../scorecard/types";
import type { ClvSheetPlan } from "../clv/sheet";
import type { SpecRecord } from "./cells";
import type { Paper } from "../scorecard/print";

/** Rows read for column detection: the header plus at most this many data rows. */
export const SAMPLE_ROWS = 200;

/** What "Use selected range" gives back: the source and a bounded sample of it. */
export interface SourceSample {
  /** The selection, bounded by the used range, or the Excel table containing it. */
  readonly source: SourceRef;
  /** Header row and the first SAMPLE_ROWS data rows at most. */
  readonly sample: DataTable;
  /** Data rows in the whole source (header excluded). */
  readonly totalRows: number;
}

/** The mapped columns of a source, read in full for the build. */
export interface SourceData {
  /** The source as it is now (a table may have grown since the spec was saved). */
  readonly source: SourceRef;
  /**
   * Every header; rows hold the requested columns at their source index, null in the columns
   * between them that were not read, and nothing after the last requested column.
   */
  readonly data: DataTable;
}

/** One cell read for an aggregate input ("use selected cell"). */
export interface CellReading {
  /** Sheet-qualified address, e.g. "Figures!B3". */
  readonly address: string;
  /** The number in the cell, or null when it holds no number. */
  readonly value: number | null;
  /** What the cell shows, for messages. */
  readonly text: string;
}

/** The scorecard the add-in made last, as recorded in the workbook. */
export interface StoredScorecard {
  readonly spec: ScorecardSpec;
  /** Id of the very hidden sheet holding the spec (marked as the add-in's). */
  readonly specSheetId: string;
  /** Build id written into the scorecard sheet's marker and into the spec sheet. */
  readonly buildId: string;
  /** ISO time of that build. */
  readonly builtAt: string;
  /** The spec sheet's record as read, so that a failed write can put it back verbatim. */
  readonly record: SpecRecord;
  /**
   * The scorecard sheet that carries this build's marker, as it is now (the user may have
   * renamed it), or null when it has been deleted since.
   */
  readonly sheet: { readonly id: string; readonly name: string } | null;
}

export interface WriteOptions {
  /** What readStoredSpec returned (or the last write): the spec sheet to update. */
  readonly stored?: StoredScorecard | null;
  /** Rebuild: replace `stored.sheet` (and only it) with the new scorecard, keeping its name. */
  readonly rebuild?: boolean;
  /** Progress of the write, 0..1, with what is happening. */
  readonly onProgress?: (fraction: number, message: string) => void;
  /** Largest payload of one sync, in bytes (default 4 MB). */
  readonly maxPayloadBytes?: number;
  /** Paper the scorecard prints on (default A4; the Office port gives the display language's). */
  readonly paper?: Paper;
}

export interface WriteResult {
  /** Name of the scorecard sheet as written (after a rebuild: the old sheet's name). */
  readonly sheetName: string;
  /** The new record, to pass as `stored` next time. */
  readonly stored: StoredScorecard;
  /** Name of the sheet that was replaced, if any. */
  readonly replaced: string | null;
  /** context.sync() calls the write made (3 unless a payload passed the limit). */
  readonly syncs: number;
  /** What the build could not do though the scorecard is complete (Excel refused the page setup). */
  readonly warnings: readonly string[];
}

export interface WorkbookPort {
  /** The selection (or the table containing it) with its header row and a bounded sample. */
  readSelection(): Promise<SourceSample>;
  /** The same for a known source (a stored spec's). */
  readSample(source: SourceRef): Promise<SourceSample>;
  /** The given 0-based columns of the source, all rows, in syncs whose responses stay under 5 MB. */
  readColumns(source: SourceRef, columnIndexes: readonly number[]): Promise<SourceData>;
  /** The single selected cell, for an aggregate input. */
  readSelectedCell(): Promise<CellReading>;
  /** Names of all sheets, hidden ones included. */
  listSheets(): Promise<string[]>;
  /** The spec stored by the last build, or null when the workbook holds none. */
  readStoredSpec(): Promise<StoredScorecard | null>;
  /** Applies a plan: a new sheet (or a rebuild of the add-in's own, in place), the spec stored with it. */
  writePlan(plan: ScorecardPlan, options?: WriteOptions): Promise<WriteResult>;
  /**
   * What this Excel can do beyond the add-in's minimum (ExcelApi 1.12). `undoBuild`: a build is
   * one undo step, so Ctrl+Z takes the whole scorecard back (ExcelApi 1.20, mergeUndoGroup);
   * false where each sync is its own step. Absent in fakes that do not say.
   */
  readonly capabilities?: ExcelCapabilities;
  /**
   * Writes a CLV sheet on a new sheet (its name made free with " (2)"...); on failure the new
   * sheet is removed and the error says whether the workbook is as it was. Optional: ports
   * made before the CLV flow (and test stubs) have none, and the flow says so.
   */
  writeClvPlan?(plan: ClvSheetPlan): Promise<{ readonly sheetName: string; readonly syncs: number; readonly warnings?: readonly string[] }>;
}

export interface ExcelCapabilities {
  readonly undoBuild: boolean;
}
