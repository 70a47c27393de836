/** Shapes shared by the exceljs reader and writer (and the CLI that calls them). */
import type { DataTable } from "../scorecard/types";

/** A table of source data as the CLI read it, and as the writer copies it into the workbook. */
export interface DataSheet {
  /** Sheet name the plan's formulas reference ("Data" by default). */
  readonly name: string;
  readonly table: DataTable;
  /** 0-based columns holding dates (Excel serials): written with a date number format. */
  readonly dateColumns: readonly number[];
}

/** Called while a long read or write goes on: `done` of `total` units (bytes or rows). */
export type ProgressListener = (done: number, total: number) => void;

/** A problem with the user's input, told in one line (the CLI exits 2 with it). */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}
