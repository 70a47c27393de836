/**
 * Excel's limits, written once: the CLI, the exceljs writer and the task pane check data and
 * formulas against these before anything is written, so no file or sheet is made that Excel
 * would truncate, repair or refuse. Pure: no I/O.
 *
 * https://support.microsoft.com/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3
 */
import { parseAddress } from "./a1";

/** Rows of a worksheet (1,048,576). */
export const MAX_SHEET_ROWS = 1_048_576;
/** Columns of a worksheet (16,384: A to XFD). */
export const MAX_SHEET_COLUMNS = 16_384;
/** Data rows under one header row. */
export const MAX_DATA_ROWS = MAX_SHEET_ROWS - 1;
/** Characters in one cell. */
export const MAX_CELL_CHARS = 32_767;
/** Characters in one formula. */
export const MAX_FORMULA_CHARS = 8_192;
/** Characters in one string literal ("...") of a formula. */
export const MAX_FORMULA_STRING_CHARS = 255;

const count = (n: number) => n.toLocaleString("en-US");

/**
 * Why a table of `dataRows` rows under a header and `columns` columns, starting at the 0-based
 * sheet cell (`firstRow`, `firstColumn`), does not fit on a worksheet; null when it fits.
 */
export function sheetFitProblem(dataRows: number, columns: number, firstRow = 0, firstColumn = 0): string | null {
  const rowRoom = MAX_SHEET_ROWS - firstRow - 1;
  if (dataRows > rowRoom) {
    return `${count(dataRows)} data rows are more than an Excel sheet holds (${count(rowRoom)} under the header row): split the data or aggregate it first`;
  }
  const columnRoom = MAX_SHEET_COLUMNS - firstColumn;
  if (columns > columnRoom) {
    return `${count(columns)} columns are more than an Excel sheet holds (${count(columnRoom)}): leave columns out of the data first`;
  }
  return null;
}

/** Why a source address (a stored spec's, say) is not a range of a sheet; null when it is one. */
export function sourceFitProblem(address: string): string | null {
  const rect = parseAddress(address);
  if (!rect) return `the source address "${address}" is not a range like A1:H500`;
  if (rect.row + rect.rows > MAX_SHEET_ROWS || rect.col + rect.cols > MAX_SHEET_COLUMNS) {
    return `the source ${address} goes past the last cell of an Excel sheet (XFD${MAX_SHEET_ROWS}): select data inside the sheet`;
  }
  return null;
}

/** Why a formula (with or without its "=") cannot be written to Excel; null when it can. */
export function formulaProblem(formula: string): string | null {
  if (formula.length > MAX_FORMULA_CHARS) {
    return `a formula of ${count(formula.length)} characters is longer than Excel allows (${count(MAX_FORMULA_CHARS)})`;
  }
  for (let i = 0; i < formula.length; i++) {
    if (formula[i] !== '"') continue;
    let j = i + 1;
    let length = 0;
    while (j < formula.length) {
      if (formula[j] === '"') {
        if (formula[j + 1] === '"') {
          j += 2;
          length++;
          continue;
        }
        break;
      }
      j++;
      length++;
    }
    if (length > MAX_FORMULA_STRING_CHARS) {
      return `a text of ${count(length)} characters in a formula is longer than Excel allows (${MAX_FORMULA_STRING_CHARS}): "${formula.slice(i + 1, i + 41)}..."`;
    }
    i = j;
  }
  return null;
}
