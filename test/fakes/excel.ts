/**
 * A typed in-memory fake of the Excel objects the add-in uses (src/excel/officeApi.ts), with
 * Office.js's batching semantics:
 * - proxies queue operations; nothing touches the workbook until `context.sync()`;
 * - a property can be read only after it was loaded and a sync ran (else PropertyNotLoaded);
 * - at sync the queued operations run in order; when one fails, the ones before it STAY
 *   APPLIED and the rest are dropped (Excel does not roll a failed batch back);
 * - one sync's request may not pass 5 MB (Excel on the web's limit): RequestPayloadSizeLimitExceeded;
 *   nor may its response (the values, formulas and formats loaded, as UTF-8 JSON):
 *   ResponsePayloadSizeLimitExceeded;
 * - text written through `values`/`formulas` is read as Excel reads typed input: "=..." is a
 *   formula, "'..." is text, "12" and "TRUE" and "2024-01" become a number, a boolean, a date.
 * Failures can be injected per operation (`failOn`). Every sync is logged with its payload.
 *
 * Excel's documented rules that the fake enforces, each with its source (T: the Office.js
 * typings, node_modules/@types/office-js/index.d.ts, by member):
 * - a VeryHidden sheet cannot be deleted: InvalidOperation (T: Worksheet.delete, "if the
 *   worksheet's visibility is set to VeryHidden, the delete operation will fail with an
 *   InvalidOperation exception");
 * - deleting a sheet turns every formula reference to it into #REF! (Excel's behaviour for a
 *   deleted sheet; so a rebuild that deletes its scorecard breaks the user's links);
 * - a formula longer than 8,192 characters or with a string literal over 255 is refused
 *   (https://support.microsoft.com/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3);
 * - a chart title longer than 255 characters is refused (T: ChartTitle.text, "the title text ...
 *   maximum of 255 characters");
 * - after a sync with suspendApiCalculationUntilNextSync, formulas written stay uncalculated
 *   until application.calculate (T: Application.suspendApiCalculationUntilNextSync, "it is the
 *   developer's responsibility to re-calc the workbook"): `book.uncalculated`;
 * - page setup (T: PageLayout, all ExcelApi 1.9): `zoom` is set as a whole object (T: PageLayout.zoom,
 *   "must be set as a JSON object"), its scale "between 10 and 400" and null when fitting to pages
 *   (T: PageLayoutZoomOptions.scale), so a zoom with both is refused; print title rows "must span
 *   the entire row" (T: PageLayout.setPrintTitleRows); a print area must be a range address
 *   (T: PageLayout.setPrintArea); paper sizes are Excel.PaperType's names (T: PageLayout.paperSize);
 * - a row is at most 409 points tall (Excel specifications and limits, above: "Row height 409 points");
 * - each member belongs to a requirement set (T: "[Api set: ExcelApi 1.x]"): a book made with
 *   `requirements` lacking it throws ApiNotFound when the add-in calls it, and
 *   `isSetSupported` answers as Office.context.requirements does.
 *
 * It runs in Node (jest) and in the browser (test/browser builds it into a bundle that sets
 * `window.Excel`).
 */
import { columnLetter, isValidSheetName, parseAddress, rectAddress } from "../../src/scorecard/a1";
import { formulaProblem } from "../../src/scorecard/excelLimits";
import type { Rect } from "../../src/scorecard/types";
import type {
  ExcelRunner,
  XApplication,
  XCellValue,
  XChart,
  XChartCollection,
  XChartAxis,
  XChartSeries,
  XConditionalFormat,
  XConditionalFormatCollection,
  XCustomProperty,
  XCustomPropertyCollection,
  XFreezePanes,
  XPageBreakCollection,
  XPageLayout,
  XRange,
  XRangeBorder,
  XRangeBorderCollection,
  XRangeFill,
  XRangeFont,
  XRangeFormat,
  XRequestContext,
  XSheetVisibility,
  XTable,
  XTableCollection,
  XTableScopedCollection,
  XWorkbook,
  XWorksheet,
  XWorksheetCollection,
} from "../../src/excel/officeApi";

/** Excel on the web rejects requests larger than this. */
export const REQUEST_LIMIT_BYTES = 5 * 1024 * 1024;
/** ... and responses larger than this. */
export const RESPONSE_LIMIT_BYTES = 5 * 1024 * 1024;

/** Size of a loaded value in a response: its JSON, in UTF-8 bytes (no TextEncoder in jsdom). */
function responseBytes(value: unknown): number {
  const json = JSON.stringify(value);
  let bytes = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export const MAX_ROWS = 1048576;
export const MAX_COLUMNS = 16384;

/** parseAddress plus Excel's whole-column ("A:J") and whole-row ("3:5") forms. */
export function parseRange(address: string): Rect | null {
  const bare = address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
  const cols = /^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})$/.exec(bare);
  if (cols) {
    const a = parseAddress(`${cols[1]}1`);
    const b = parseAddress(`${cols[2]}1`);
    if (!a || !b) return null;
    return { row: 0, col: Math.min(a.col, b.col), rows: MAX_ROWS, cols: Math.abs(b.col - a.col) + 1 };
  }
  const rows = /^\$?(\d+):\$?(\d+)$/.exec(bare);
  if (rows) {
    const [r1, r2] = [Number(rows[1]) - 1, Number(rows[2]) - 1];
    return { row: Math.min(r1, r2), col: 0, rows: Math.abs(r2 - r1) + 1, cols: MAX_COLUMNS };
  }
  return parseAddress(bare);
}

/** An address as Excel writes it: "A:J" for whole columns, "3:5" for whole rows. */
export function formatRange(rect: Rect): string {
  if (rect.row === 0 && rect.rows === MAX_ROWS) return `${columnLetter(rect.col)}:${columnLetter(rect.col + rect.cols - 1)}`;
  if (rect.col === 0 && rect.cols === MAX_COLUMNS) return `${rect.row + 1}:${rect.row + rect.rows}`;
  return rectAddress(rect);
}

export class FakeOfficeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RichApi.Error";
  }
}

// ---------------------------------------------------------------------------------------------
// The model: what the workbook holds.

export interface CellModel {
  value: XCellValue | null;
  formula: string | null;
  numberFormat: string;
  /** The value is an error value ("#N/A"): Range.values gives its text, Range.valueTypes "Error". */
  error?: boolean;
}

export interface StyleOp {
  readonly rect: Rect;
  readonly property: string;
  readonly value: unknown;
}

export interface ConditionalFormatModel {
  readonly rect: Rect;
  readonly type: "Custom";
  formula: string;
  fill: string;
  fontColor: string;
  bold: boolean;
  /** The number format the rule shows ("" where it sets none). */
  numberFormat: string;
  stopIfTrue: boolean;
}

export interface ChartSeriesModel {
  name: string;
  xValues: Rect | null;
  /** Set by setValues; a series made by charts.add reads the chart's source. */
  values: Rect | null;
  chartType: string | null;
  dataLabels: { shown: boolean; seriesName: boolean; value: boolean };
  markerStyle: string | null;
  line: { style: string | null; color: string | null; weight: number | null };
}

export interface ChartAxisModel {
  title: string;
  numberFormat: string | null;
  minimum: number | null;
  maximum: number | null;
}

export interface ChartModel {
  readonly type: string;
  readonly source: Rect;
  readonly seriesBy: string;
  title: string;
  legendVisible: boolean;
  legendPosition?: string;
  readonly series: ChartSeriesModel[];
  readonly axes: { readonly category: ChartAxisModel; readonly value: ChartAxisModel };
  position: { start: string; end: string } | null;
  /** The chart area's and the title's font sizes, where set. */
  fontSize?: number;
  titleFontSize?: number;
}

const newSeries = (name = ""): ChartSeriesModel => ({
  name, xValues: null, values: null, chartType: null, markerStyle: null, dataLabels: { shown: false, seriesName: false, value: false }, line: { style: null, color: null, weight: null },
});
const newAxis = (): ChartAxisModel => ({ title: "", numberFormat: null, minimum: null, maximum: null });

/** A worksheet's page setup as the add-in set it. */
export interface PageLayoutModel {
  orientation?: string;
  paperSize?: string;
  zoom?: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number };
  centerHorizontally?: boolean;
  margins?: { unit: string; top?: number; bottom?: number; left?: number; right?: number; header?: number; footer?: number };
  /** Addresses as given, e.g. "A1:J40", "$3:$3". */
  printArea?: string;
  printTitleRows?: string;
  leftFooter?: string;
  rightFooter?: string;
}

/** Excel.PaperType's names (T: PageLayout.paperSize), the common ones. */
const PAPER_TYPES = new Set(["Letter", "LetterSmall", "Tabloid", "Ledger", "Legal", "Statement", "Executive", "A3", "A4", "A4Small", "A5", "B4", "B5"]);

export class SheetModel {
  readonly cells = new Map<string, CellModel>();
  readonly customProperties = new Map<string, string>();
  readonly styleOps: StyleOp[] = [];
  readonly conditionalFormats: ConditionalFormatModel[] = [];
  readonly charts: ChartModel[] = [];
  readonly columnWidths = new Map<number, number>();
  /** 0-based columns hidden through Range.columnHidden. */
  readonly hiddenColumns = new Set<number>();
  /** Row heights set through format.rowHeight, by 0-based row (standard height: absent). */
  readonly rowHeights = new Map<number, number>();
  /** 0-based rows before which a manual page break stands (worksheet.horizontalPageBreaks). */
  readonly pageBreaks: number[] = [];
  /** What worksheet.pageLayout was given (unset members absent). */
  readonly pageLayout: PageLayoutModel = {};
  freeze: { rows: number; columns: number } | null = null;
  visibility: XSheetVisibility = "Visible";

  constructor(
    readonly id: string,
    public name: string,
  ) {}

  private key(row: number, col: number): string {
    return `${row},${col}`;
  }

  cell(row: number, col: number): CellModel | undefined {
    return this.cells.get(this.key(row, col));
  }

  setCell(row: number, col: number, cell: CellModel | null): void {
    if (cell === null) this.cells.delete(this.key(row, col));
    else this.cells.set(this.key(row, col), cell);
  }

  /** Value at an A1 address ("B5"): the constant, or null for blanks and formulas. */
  valueAt(a1: string): XCellValue | null {
    const r = parseAddress(a1);
    if (!r) throw new Error(`bad address ${a1}`);
    return this.cell(r.row, r.col)?.value ?? null;
  }

  formulaAt(a1: string): string | null {
    const r = parseAddress(a1);
    if (!r) throw new Error(`bad address ${a1}`);
    return this.cell(r.row, r.col)?.formula ?? null;
  }

  /** Every cell as [row, col, cell], row-major. */
  entries(): [number, number, CellModel][] {
    return [...this.cells.entries()]
      .map(([k, c]) => {
        const [r, col] = k.split(",").map(Number);
        return [r, col, c] as [number, number, CellModel];
      })
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  }

  /** Bounding rectangle of the cells that hold something, or null. */
  usedRect(): Rect | null {
    let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1;
    for (const [r, c, cell] of this.entries()) {
      if (cell.value === null && cell.formula === null) continue;
      r0 = Math.min(r0, r); c0 = Math.min(c0, c); r1 = Math.max(r1, r); c1 = Math.max(c1, c);
    }
    return r1 < 0 ? null : { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }

  /** The sheet as a grid of what a reader sees: values, or the formula text for formula cells. */
  grid(): (XCellValue | null)[][] {
    const used = this.usedRect();
    if (!used) return [];
    const out: (XCellValue | null)[][] = [];
    for (let r = 0; r < used.row + used.rows; r++) {
      const row: (XCellValue | null)[] = [];
      for (let c = 0; c < used.col + used.cols; c++) {
        const cell = this.cell(r, c);
        row.push(cell ? cell.formula ?? cell.value : null);
      }
      out.push(row);
    }
    return out;
  }

  /** The last value a style property got on a cell (e.g. "font.bold"). */
  styleAt(a1: string, property: string): unknown {
    const p = parseAddress(a1);
    if (!p) throw new Error(`bad address ${a1}`);
    let found: unknown;
    for (const op of this.styleOps) {
      const r = op.rect;
      if (op.property === property && p.row >= r.row && p.row < r.row + r.rows && p.col >= r.col && p.col < r.col + r.cols) found = op.value;
    }
    return found;
  }

  /** A deep copy, for before/after comparisons. */
  snapshot(): unknown {
    return JSON.parse(
      JSON.stringify({
        id: this.id,
        name: this.name,
        visibility: this.visibility,
        cells: this.entries(),
        props: [...this.customProperties.entries()],
        styleOps: this.styleOps,
        conditionalFormats: this.conditionalFormats,
        charts: this.charts,
        widths: [...this.columnWidths.entries()],
        hiddenColumns: [...this.hiddenColumns].sort((a, b) => a - b),
        rowHeights: [...this.rowHeights.entries()],
        pageBreaks: this.pageBreaks,
        pageLayout: this.pageLayout,
        freeze: this.freeze,
      }),
    );
  }
}

export interface TableModel {
  readonly name: string;
  readonly sheetId: string;
  rect: Rect;
}

export interface OpInfo {
  /** e.g. "worksheets.add", "range.formulas", "conditionalFormats.add". */
  readonly name: string;
  /** 0-based index of the sync in this fake's life. */
  readonly sync: number;
  /** 0-based index of the operation within its sync. */
  readonly index: number;
}

export interface SyncLog {
  readonly ops: number;
  /** JSON size of the operations' arguments, as a stand-in for the request size. */
  readonly bytes: number;
  readonly opNames: readonly string[];
  readonly suspendedCalculation: boolean;
  readonly suspendedScreenUpdating: boolean;
  readonly failed: boolean;
  /** UTF-8 JSON size of what the sync's loads returned. */
  readonly responseBytes: number;
}

interface Op {
  readonly name: string;
  readonly bytes: number;
  readonly exec: () => void;
}

/** Excel's reading of typed input: formulas, apostrophe text, numbers, booleans, dates. */
export function parseInput(input: unknown): { value: XCellValue | null; formula: string | null } {
  if (input === null || input === undefined || input === "") return { value: null, formula: null };
  if (typeof input === "number") {
    if (!Number.isFinite(input)) throw new FakeOfficeError("InvalidArgument", `not a finite number: ${input}`);
    return { value: input, formula: null };
  }
  if (typeof input === "boolean") return { value: input, formula: null };
  if (typeof input !== "string") throw new FakeOfficeError("InvalidArgument", `cannot write ${typeof input} to a cell`);
  if (input.length > 32767) throw new FakeOfficeError("InvalidArgument", "text longer than 32,767 characters");
  if (input.startsWith("=") && input.length > 1) {
    const problem = formulaProblem(input.slice(1));
    if (problem) throw new FakeOfficeError("InvalidArgument", problem);
    return { value: null, formula: input };
  }
  if (input.startsWith("'")) return { value: input.slice(1), formula: null };
  const t = input.trim();
  if (t !== "" && Number.isFinite(Number(t))) return { value: Number(t), formula: null };
  if (/^(true|false)$/i.test(t)) return { value: /^true$/i.test(t), formula: null };
  const iso = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(t);
  if (iso) return { value: Date.UTC(+iso[1], +iso[2] - 1, iso[3] ? +iso[3] : 1) / 86400000 + 25569, formula: null };
  return { value: input, formula: null };
}

function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** Options of one Excel.run, as the add-in passed them. */
export interface RunRecord {
  readonly delayForCellEdit: boolean;
  readonly mergeUndoGroup: boolean;
}

/** Requirement sets and versions, as an Excel build supports them ("ExcelApi": "1.12"). */
export type RequirementSets = Readonly<Record<string, string>>;

/** Every set the add-in may use, at the versions of current Excel. */
export const CURRENT_EXCEL: RequirementSets = { ExcelApi: "1.20", SharedRuntime: "1.1", CustomFunctionsRuntime: "1.4" };

/** The ExcelApi version each operation the add-in uses needs (T: "[Api set: ExcelApi 1.x]" of each member). */
const API_SET: Readonly<Record<string, string>> = {
  "customProperties.add": "1.12",
  "customProperty.load": "1.12",
  "conditionalFormats.add": "1.6",
  "conditionalFormats.clearAll": "1.6",
  "freezePanes.freezeAt": "1.7",
  "freezePanes.freezeRows": "1.7",
  "freezePanes.freezeColumns": "1.7",
  "freezePanes.unfreeze": "1.7",
  "application.suspendApiCalculationUntilNextSync": "1.6",
  "application.suspendScreenUpdatingUntilNextSync": "1.9",
  "application.calculate": "1.1",
  "worksheet.getRangeByIndexes": "1.7",
  "worksheet.getUsedRangeOrNullObject": "1.4",
  "range.getTables": "1.9",
  "worksheet.visibility": "1.1",
  "charts.add": "1.1",
  "pageLayout.orientation": "1.9",
  "pageLayout.paperSize": "1.9",
  "pageLayout.zoom": "1.9",
  "pageLayout.centerHorizontally": "1.9",
  "pageLayout.setPrintMargins": "1.9",
  "pageLayout.setPrintArea": "1.9",
  "pageLayout.setPrintTitleRows": "1.9",
  "headerFooter.leftFooter": "1.9",
  "headerFooter.rightFooter": "1.9",
  "horizontalPageBreaks.add": "1.9",
  "horizontalPageBreaks.removePageBreaks": "1.9",
  "range.columnHidden": "1.2",
  "format.rowHeight": "1.2",
  "format.useStandardHeight": "1.7",
  "chart.delete": "1.1",
  "series.add": "1.7",
  "series.setValues": "1.7",
  "series.setXAxisValues": "1.7",
  "series.chartType": "1.7",
  "series.markerStyle": "1.7",
  "series.hasDataLabels": "1.8",
  "dataLabels.showSeriesName": "1.8",
  "dataLabels.showValue": "1.8",
  "chartLineFormat.lineStyle": "1.7",
  "chartLineFormat.color": "1.7",
  "chartLineFormat.weight": "1.7",
  "axis.title": "1.1",
  "axis.numberFormat": "1.8",
  "axis.minimum": "1.7",
  "axis.maximum": "1.7",
  "conditionalFormat.numberFormat": "1.6",
  "chart.legendPosition": "1.1",
  "chart.format.font.size": "1.1",
  "chart.title.format.font.size": "1.1",
};

/** Whether version a (like "1.12") is at least b. */
function atLeast(a: string, b: string): boolean {
  const [x, y] = [a.split(".").map(Number), b.split(".").map(Number)];
  for (let k = 0; k < Math.max(x.length, y.length); k++) {
    if ((x[k] ?? 0) !== (y[k] ?? 0)) return (x[k] ?? 0) > (y[k] ?? 0);
  }
  return true;
}

export class FakeWorkbook {
  readonly sheets: SheetModel[] = [];
  readonly tables: TableModel[] = [];
  selection: { sheetId: string; rect: Rect } | null = null;
  activeSheetId: string | null = null;
  readonly syncLog: SyncLog[] = [];
  readonly runs: RunRecord[] = [];
  /** Cells whose values or formulas were loaded (what the add-in read). */
  cellsRead = 0;
  /** Return true to make that operation fail at sync. */
  failOn: ((op: OpInfo) => boolean) | null = null;
  /** Formulas written while calculation was suspended and not recalculated since (see the file comment). */
  uncalculated = 0;
  /** Calls of application.calculate, by type. */
  readonly calculations: string[] = [];
  private nextId = 1;

  constructor(readonly requirements: RequirementSets = CURRENT_EXCEL) {}

  /** Office.context.requirements.isSetSupported over this book's sets. */
  isSetSupported(name: string, version = "1.1"): boolean {
    const have = this.requirements[name];
    return have !== undefined && atLeast(have, version);
  }

  /** Throws ApiNotFound when the book's ExcelApi lacks what `op` needs. */
  requireApi(op: string): void {
    const needed = API_SET[op];
    if (needed && !this.isSetSupported("ExcelApi", needed)) {
      throw new FakeOfficeError("ApiNotFound", `${op} needs ExcelApi ${needed}; this Excel has ${this.requirements.ExcelApi ?? "none"}`);
    }
  }

  // ---- set-up helpers (act on the model directly, not through the API) ----

  addSheet(name: string, rows: readonly (readonly unknown[])[] = [], at = "A1"): SheetModel {
    const sheet = this.createSheet(name);
    const origin = parseAddress(at);
    if (!origin) throw new Error(`bad address ${at}`);
    rows.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v === null || v === undefined || v === "") return;
        if (typeof v === "object" && "error" in v) {
          sheet.setCell(origin.row + r, origin.col + c, { value: String((v as { error: unknown }).error), formula: null, numberFormat: "General", error: true });
          return;
        }
        sheet.setCell(origin.row + r, origin.col + c, { value: v as XCellValue, formula: null, numberFormat: "General" });
      }),
    );
    return sheet;
  }

  addTable(name: string, sheetName: string, address: string): TableModel {
    const sheet = this.sheet(sheetName);
    const rect = parseAddress(address);
    if (!rect) throw new Error(`bad address ${address}`);
    const table = { name, sheetId: sheet.id, rect };
    this.tables.push(table);
    return table;
  }

  select(sheetName: string, address: string): void {
    const rect = parseRange(address);
    if (!rect) throw new Error(`bad address ${address}`);
    this.selection = { sheetId: this.sheet(sheetName).id, rect };
  }

  sheet(name: string): SheetModel {
    const s = this.findSheet(name);
    if (!s) throw new Error(`no sheet "${name}" (sheets: ${this.sheets.map((x) => x.name).join(", ")})`);
    return s;
  }

  findSheet(nameOrId: string): SheetModel | undefined {
    const lower = nameOrId.toLowerCase();
    return this.sheets.find((s) => s.id === nameOrId || s.name.toLowerCase() === lower);
  }

  get syncCount(): number {
    return this.syncLog.length;
  }

  /** The add-in's ExcelRunner over this workbook (what Excel.run gives in Excel). */
  readonly run: ExcelRunner = <T>(batch: (context: XRequestContext) => Promise<T>): Promise<T> =>
    this.runWith({ delayForCellEdit: true }, batch);

  /** Excel.run(options, batch), for the fake `Excel` global. */
  runWith<T>(options: { delayForCellEdit?: boolean; mergeUndoGroup?: boolean }, batch: (context: XRequestContext) => Promise<T>): Promise<T> {
    if (options.mergeUndoGroup && !this.isSetSupported("ExcelApi", "1.20")) {
      // T: RunOptions.mergeUndoGroup, [Api set: ExcelApi 1.20].
      return Promise.reject(new FakeOfficeError("ApiNotFound", "mergeUndoGroup needs ExcelApi 1.20"));
    }
    this.runs.push({ delayForCellEdit: options.delayForCellEdit === true, mergeUndoGroup: options.mergeUndoGroup === true });
    const context = new FakeContext(this);
    return batch(context);
  }

  // ---- internals used by the proxies ----

  createSheet(name: string): SheetModel {
    if (!isValidSheetName(name)) throw new FakeOfficeError("InvalidArgument", `"${name}" is not a valid sheet name`);
    if (this.findSheetByName(name)) throw new FakeOfficeError("ItemAlreadyExists", `a sheet named "${name}" already exists`);
    const sheet = new SheetModel(`{${String(this.nextId++).padStart(8, "0")}-FAKE}`, name);
    this.sheets.push(sheet);
    if (!this.activeSheetId) this.activeSheetId = sheet.id;
    return sheet;
  }

  findSheetByName(name: string): SheetModel | undefined {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  deleteSheet(sheet: SheetModel): void {
    if (sheet.visibility === "VeryHidden") {
      throw new FakeOfficeError("InvalidOperation", `sheet "${sheet.name}" is very hidden: make it hidden or visible before deleting it`);
    }
    const visible = this.sheets.filter((s) => s.visibility === "Visible");
    if (visible.length === 1 && visible[0] === sheet) {
      throw new FakeOfficeError("InvalidOperation", "a workbook must keep at least one visible sheet");
    }
    const i = this.sheets.indexOf(sheet);
    if (i < 0) throw new FakeOfficeError("ItemNotFound", "the sheet was deleted");
    this.sheets.splice(i, 1);
    for (let t = this.tables.length - 1; t >= 0; t--) if (this.tables[t].sheetId === sheet.id) this.tables.splice(t, 1);
    // References to the deleted sheet become #REF!, in every other sheet's formulas.
    const quoted = `'${sheet.name.replace(/'/g, "''")}'!`;
    const refs = new RegExp(`(?:${quoted.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}|(?<![A-Za-z0-9_.'])${sheet.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}!)\\$?[A-Z]{1,3}\\$?\\d+(?::\\$?[A-Z]{1,3}\\$?\\d+)?`, "gi");
    for (const other of this.sheets) {
      for (const [r, c, cell] of other.entries()) {
        if (cell.formula && refs.test(cell.formula)) {
          refs.lastIndex = 0;
          other.setCell(r, c, { ...cell, formula: cell.formula.replace(refs, "#REF!") });
        }
        refs.lastIndex = 0;
      }
    }
    if (this.activeSheetId === sheet.id) this.activeSheetId = this.sheets.find((s) => s.visibility === "Visible")?.id ?? null;
  }

  requireSheet(sheet: SheetModel): SheetModel {
    if (!this.sheets.includes(sheet)) throw new FakeOfficeError("ItemNotFound", `sheet "${sheet.name}" no longer exists`);
    return sheet;
  }

  address(sheet: SheetModel, rect: Rect): string {
    return `${quoteSheet(sheet.name)}!${formatRange(rect)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// The request context and proxies.

class FakeContext implements XRequestContext {
  private queue: Op[] = [];
  /** Bytes the running sync's loads return. */
  response = 0;
  private suspendedCalc = false;
  private suspendedScreen = false;
  readonly workbook: XWorkbook;

  constructor(readonly book: FakeWorkbook) {
    this.workbook = new WorkbookProxy(this);
  }

  enqueue(name: string, args: unknown, exec: () => void): void {
    this.book.requireApi(name);
    // The request counted as it travels: UTF-8 JSON (a non-ASCII character is 2 to 4 bytes).
    this.queue.push({ name, bytes: responseBytes(args ?? null) + 64, exec });
  }

  markSuspended(kind: "calc" | "screen"): void {
    if (kind === "calc") this.suspendedCalc = true;
    else this.suspendedScreen = true;
  }

  async sync(): Promise<void> {
    const ops = this.queue;
    this.queue = [];
    const syncIndex = this.book.syncLog.length;
    const bytes = ops.reduce((sum, op) => sum + op.bytes, 0);
    const [suspendedCalculation, suspendedScreenUpdating] = [this.suspendedCalc, this.suspendedScreen];
    const log = (failed: boolean) =>
      this.book.syncLog.push({
        ops: ops.length,
        bytes,
        opNames: ops.map((o) => o.name),
        suspendedCalculation,
        suspendedScreenUpdating,
        failed,
        responseBytes: this.response,
      });
    this.suspendedCalc = false;
    this.suspendedScreen = false;
    await Promise.resolve();
    this.response = 0;
    if (bytes > REQUEST_LIMIT_BYTES) {
      log(true);
      throw new FakeOfficeError("RequestPayloadSizeLimitExceeded", `the request payload (${bytes} bytes) passes the 5 MB limit`);
    }
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      try {
        if (this.book.failOn?.({ name: op.name, sync: syncIndex, index: i })) {
          throw new FakeOfficeError("GeneralException", `injected failure at ${op.name} (operation ${i + 1} of sync ${syncIndex + 1})`);
        }
        op.exec();
        if (suspendedCalculation && op.name === "range.formulas") this.book.uncalculated++;
      } catch (err) {
        // Operations before this one stay applied, as in Excel.
        log(true);
        throw err instanceof FakeOfficeError ? err : new FakeOfficeError("GeneralException", (err as Error).message);
      }
    }
    if (this.response > RESPONSE_LIMIT_BYTES) {
      log(true);
      throw new FakeOfficeError("ResponsePayloadSizeLimitExceeded", `the response payload (${this.response} bytes) passes the 5 MB limit`);
    }
    log(false);
  }
}

/** Loaded-property store shared by proxies. */
class Loadable {
  private loaded = new Map<string, unknown>();
  private nullFlag: boolean | undefined;

  constructor(
    protected readonly ctx: FakeContext,
    private readonly kind: string,
  ) {}

  protected loadedValue<T>(property: string): T {
    if (!this.loaded.has(property)) {
      throw new FakeOfficeError("PropertyNotLoaded", `${this.kind}.${property} is not loaded: call load("${property}") and sync first`);
    }
    return this.loaded.get(property) as T;
  }

  protected setLoaded(property: string, value: unknown): void {
    this.loaded.set(property, value);
  }

  protected setNull(isNull: boolean): void {
    this.nullFlag = isNull;
  }

  get isNullObject(): boolean {
    if (this.nullFlag === undefined) {
      throw new FakeOfficeError("PropertyNotLoaded", `${this.kind}.isNullObject is read before a sync`);
    }
    return this.nullFlag;
  }

  protected props(propertyNames: string): string[] {
    return propertyNames.split(",").map((p) => p.trim()).filter(Boolean);
  }
}

class WorkbookProxy implements XWorkbook {
  readonly worksheets: WorksheetsProxy;
  readonly tables: XTableCollection;
  readonly application: XApplication;

  constructor(private readonly ctx: FakeContext) {
    this.worksheets = new WorksheetsProxy(ctx);
    this.tables = {
      getItem: (key: string) =>
        new TableProxy(ctx, () => {
          const t = ctx.book.tables.find((x) => x.name.toLowerCase() === key.toLowerCase());
          if (!t) throw new FakeOfficeError("ItemNotFound", `no table named "${key}"`);
          return t;
        }),
    };
    this.application = {
      calculate: (type: string) =>
        ctx.enqueue("application.calculate", type, () => {
          ctx.book.calculations.push(type);
          ctx.book.uncalculated = 0;
        }),
      suspendApiCalculationUntilNextSync: () => {
        ctx.book.requireApi("application.suspendApiCalculationUntilNextSync");
        ctx.markSuspended("calc");
      },
      suspendScreenUpdatingUntilNextSync: () => {
        ctx.book.requireApi("application.suspendScreenUpdatingUntilNextSync");
        ctx.markSuspended("screen");
      },
    };
  }

  getSelectedRange(): XRange {
    const book = this.ctx.book;
    return new RangeProxy(this.ctx, () => {
      if (!book.selection) throw new FakeOfficeError("InvalidSelection", "nothing is selected");
      const sheet = book.findSheet(book.selection.sheetId);
      if (!sheet) throw new FakeOfficeError("InvalidSelection", "the selected sheet is gone");
      return { sheet, rect: book.selection.rect };
    });
  }
}

class WorksheetsProxy extends Loadable implements XWorksheetCollection {
  constructor(ctx: FakeContext) {
    super(ctx, "WorksheetCollection");
  }

  get items(): XWorksheet[] {
    return this.loadedValue<XWorksheet[]>("items");
  }

  load(propertyNames: string): this {
    const fields = this.props(propertyNames).map((p) => p.replace(/^items\//, ""));
    this.ctx.enqueue("worksheets.load", propertyNames, () => {
      const items = this.ctx.book.sheets.map((model) => {
        const proxy = new WorksheetProxy(this.ctx, () => this.ctx.book.requireSheet(model));
        proxy.fill(model, fields);
        return proxy;
      });
      this.setLoaded("items", items);
    });
    return this;
  }

  add(name?: string): XWorksheet {
    let created: SheetModel | null = null;
    this.ctx.enqueue("worksheets.add", name, () => {
      created = this.ctx.book.createSheet(name ?? `Sheet${this.ctx.book.sheets.length + 1}`);
    });
    return new WorksheetProxy(this.ctx, () => {
      if (!created) throw new FakeOfficeError("ItemNotFound", "the added sheet was not created");
      return this.ctx.book.requireSheet(created);
    });
  }

  getItem(key: string): XWorksheet {
    return new WorksheetProxy(this.ctx, () => {
      const s = this.ctx.book.findSheet(key);
      if (!s) throw new FakeOfficeError("ItemNotFound", `no sheet "${key}"`);
      return s;
    });
  }
}

type Resolver<T> = () => T;

class WorksheetProxy extends Loadable implements XWorksheet {
  readonly freezePanes: XFreezePanes;
  readonly pageLayout: XPageLayout;
  readonly horizontalPageBreaks: XPageBreakCollection;
  readonly charts: XChartCollection;
  readonly customProperties: XCustomPropertyCollection;

  constructor(
    ctx: FakeContext,
    private readonly resolve: Resolver<SheetModel>,
  ) {
    super(ctx, "Worksheet");
    const sheetOp = (name: string, args: unknown, f: (s: SheetModel) => void) => ctx.enqueue(name, args, () => f(resolve()));
    this.freezePanes = {
      freezeAt: (address: string) =>
        sheetOp("freezePanes.freezeAt", address, (s) => {
          const r = parseAddress(address);
          if (!r || r.row !== 0 || r.col !== 0) throw new FakeOfficeError("InvalidArgument", `freezeAt needs a range from A1, got ${address}`);
          s.freeze = { rows: r.rows, columns: r.cols };
        }),
      freezeRows: (count = 1) => sheetOp("freezePanes.freezeRows", count, (s) => (s.freeze = { rows: count, columns: 0 })),
      freezeColumns: (count = 1) => sheetOp("freezePanes.freezeColumns", count, (s) => (s.freeze = { rows: 0, columns: count })),
      unfreeze: () => sheetOp("freezePanes.unfreeze", null, (s) => (s.freeze = null)),
    };
    const layoutOp = (member: string, value: unknown, f: (layout: PageLayoutModel) => void) =>
      sheetOp(`pageLayout.${member}`, value, (s) => f(s.pageLayout));
    const notRead = (): never => {
      throw new FakeOfficeError("PropertyNotLoaded", "the fake does not read the page layout back");
    };
    const footer = (side: "leftFooter" | "rightFooter") => ({
      set(v: string) {
        sheetOp(`headerFooter.${side}`, v, (s) => (s.pageLayout[side] = v));
      },
    });
    const [left, right] = [footer("leftFooter"), footer("rightFooter")];
    this.pageLayout = {
      set orientation(v: string) {
        layoutOp("orientation", v, (l) => {
          if (v !== "Portrait" && v !== "Landscape") throw new FakeOfficeError("InvalidArgument", `orientation ${v}`);
          l.orientation = v;
        });
      },
      get orientation(): string { return notRead(); },
      set paperSize(v: string) {
        layoutOp("paperSize", v, (l) => {
          if (!PAPER_TYPES.has(v)) throw new FakeOfficeError("InvalidArgument", `paper size ${v} is not an Excel.PaperType`);
          l.paperSize = v;
        });
      },
      get paperSize(): string { return notRead(); },
      set zoom(v: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number }) {
        const copy = { ...v };
        layoutOp("zoom", copy, (l) => {
          const fits = copy.horizontalFitToPages !== undefined || copy.verticalFitToPages !== undefined;
          if (copy.scale !== undefined && (fits || copy.scale < 10 || copy.scale > 400)) {
            throw new FakeOfficeError("InvalidArgument", `zoom ${JSON.stringify(copy)}: a scale is 10..400 and null when fitting to pages`);
          }
          for (const n of [copy.horizontalFitToPages, copy.verticalFitToPages]) {
            if (n !== undefined && (!Number.isInteger(n) || n < 0)) throw new FakeOfficeError("InvalidArgument", `zoom ${JSON.stringify(copy)}`);
          }
          l.zoom = copy;
        });
      },
      get zoom(): { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number } { return notRead(); },
      set centerHorizontally(v: boolean) { layoutOp("centerHorizontally", v, (l) => (l.centerHorizontally = v)); },
      get centerHorizontally(): boolean { return notRead(); },
      headersFooters: {
        defaultForAllPages: {
          set leftFooter(v: string) { left.set(v); },
          get leftFooter(): string { return notRead(); },
          set rightFooter(v: string) { right.set(v); },
          get rightFooter(): string { return notRead(); },
        },
      },
      setPrintArea: (address: string) =>
        layoutOp("setPrintArea", address, (l) => {
          if (!parseRange(address)) throw new FakeOfficeError("InvalidArgument", `print area ${address}`);
          l.printArea = address;
        }),
      setPrintTitleRows: (address: string) =>
        layoutOp("setPrintTitleRows", address, (l) => {
          const r = parseRange(address);
          if (!r || r.col !== 0 || r.cols !== MAX_COLUMNS) throw new FakeOfficeError("InvalidArgument", `print title rows ${address} do not span entire rows`);
          l.printTitleRows = address;
        }),
      setPrintMargins: (unit, margins) =>
        layoutOp("setPrintMargins", { unit, ...margins }, (l) => {
          if (Object.values(margins).some((m) => m !== undefined && m < 0)) throw new FakeOfficeError("InvalidArgument", "a negative margin");
          l.margins = { unit, ...margins };
        }),
    };
    this.horizontalPageBreaks = {
      add: (address: string) =>
        sheetOp("horizontalPageBreaks.add", address, (s) => {
          const r = parseRange(address);
          if (!r) throw new FakeOfficeError("InvalidArgument", `page break at ${address}`);
          if (!s.pageBreaks.includes(r.row)) s.pageBreaks.push(r.row);
        }),
      removePageBreaks: () => sheetOp("horizontalPageBreaks.removePageBreaks", null, (s) => s.pageBreaks.splice(0)),
    };
    /** A chart series: each setter queued, checked against the sheet at sync. */
    const seriesProxy = (series: () => ChartSeriesModel): XChartSeries => {
      const onSheet = (range: XRange): Rect => {
        const t = (range as RangeProxy).target();
        if (t.sheet !== resolve()) throw new FakeOfficeError("InvalidArgument", "series data on another sheet");
        return t.rect;
      };
      return {
        set name(v: string) { ctx.enqueue("series.name", v, () => (series().name = v)); },
        get name(): string { return series().name; },
        setXAxisValues: (range: XRange) => ctx.enqueue("series.setXAxisValues", null, () => (series().xValues = onSheet(range))),
        setValues: (range: XRange) => ctx.enqueue("series.setValues", null, () => (series().values = onSheet(range))),
        set chartType(v: string) { ctx.enqueue("series.chartType", v, () => (series().chartType = v)); },
        get chartType(): string { return series().chartType ?? ""; },
        set markerStyle(v: string) { ctx.enqueue("series.markerStyle", v, () => (series().markerStyle = v)); },
        get markerStyle(): string { return series().markerStyle ?? "Automatic"; },
        set hasDataLabels(v: boolean) { ctx.enqueue("series.hasDataLabels", v, () => (series().dataLabels.shown = v)); },
        get hasDataLabels(): boolean { return series().dataLabels.shown; },
        dataLabels: {
          set showSeriesName(v: boolean) { ctx.enqueue("dataLabels.showSeriesName", v, () => (series().dataLabels.seriesName = v)); },
          get showSeriesName(): boolean { return series().dataLabels.seriesName; },
          set showValue(v: boolean) { ctx.enqueue("dataLabels.showValue", v, () => (series().dataLabels.value = v)); },
          get showValue(): boolean { return series().dataLabels.value; },
        },
        format: {
          line: {
            set lineStyle(v: string) { ctx.enqueue("chartLineFormat.lineStyle", v, () => (series().line.style = v)); },
            get lineStyle(): string { return series().line.style ?? ""; },
            set color(v: string) { ctx.enqueue("chartLineFormat.color", v, () => (series().line.color = v)); },
            get color(): string { return series().line.color ?? ""; },
            set weight(v: number) { ctx.enqueue("chartLineFormat.weight", v, () => (series().line.weight = v)); },
            get weight(): number { return series().line.weight ?? 0; },
          },
        },
      };
    };
    const axisProxy = (axis: () => ChartAxisModel): XChartAxis => ({
      title: {
        set text(v: string) { ctx.enqueue("axis.title", v, () => (axis().title = v)); },
        get text(): string { return axis().title; },
      },
      set numberFormat(v: string) { ctx.enqueue("axis.numberFormat", v, () => (axis().numberFormat = v)); },
      get numberFormat(): string { return axis().numberFormat ?? "General"; },
      set minimum(v: number) { ctx.enqueue("axis.minimum", v, () => (axis().minimum = v)); },
      get minimum(): number { return axis().minimum ?? 0; },
      set maximum(v: number) { ctx.enqueue("axis.maximum", v, () => (axis().maximum = v)); },
      get maximum(): number { return axis().maximum ?? 0; },
    });
    const chartProxy = (get: () => ChartModel): XChart => {
      const title = {
        set text(v: string) {
          ctx.enqueue("chart.title", v, () => {
            // T: ChartTitle.text: "The title text ... maximum of 255 characters".
            if (v.length > 255) throw new FakeOfficeError("InvalidArgument", `a chart title of ${v.length} characters (Excel allows 255)`);
            get().title = v;
          });
        },
        get text(): string { return get().title; },
        format: {
          font: {
            set size(v: number) { ctx.enqueue("chart.title.format.font.size", v, () => (get().titleFontSize = v)); },
            get size(): number { return get().titleFontSize ?? 14; },
          },
        },
      };
      const legend = {
        set visible(v: boolean) { ctx.enqueue("chart.legend", v, () => (get().legendVisible = v)); },
        get visible(): boolean { return get().legendVisible; },
        set position(v: string) { ctx.enqueue("chart.legendPosition", v, () => (get().legendPosition = v)); },
        get position(): string { return get().legendPosition ?? "Right"; },
      };
      return {
        title,
        legend,
        format: {
          font: {
            set size(v: number) { ctx.enqueue("chart.format.font.size", v, () => (get().fontSize = v)); },
            get size(): number { return get().fontSize ?? 10; },
          },
        },
        delete: () =>
          ctx.enqueue("chart.delete", null, () => {
            const s = resolve();
            const k = s.charts.indexOf(get());
            if (k < 0) throw new FakeOfficeError("ItemNotFound", "the chart was deleted");
            s.charts.splice(k, 1);
          }),
        series: {
          getItemAt: (index: number): XChartSeries =>
            seriesProxy(() => {
              const s = get().series[index];
              if (!s) throw new FakeOfficeError("ItemNotFound", `no series ${index}`);
              return s;
            }),
          add: (name: string): XChartSeries => {
            let added: ChartSeriesModel | null = null;
            ctx.enqueue("series.add", name, () => {
              added = newSeries(name);
              get().series.push(added);
            });
            return seriesProxy(() => {
              if (!added) throw new FakeOfficeError("ItemNotFound", "the series was not added");
              return added;
            });
          },
        },
        axes: { categoryAxis: axisProxy(() => get().axes.category), valueAxis: axisProxy(() => get().axes.value) },
        setPosition: (start: string, end?: string) =>
          ctx.enqueue("chart.setPosition", [start, end], () => {
            if (!parseAddress(start) || (end && !parseAddress(end))) throw new FakeOfficeError("InvalidArgument", "bad chart position");
            get().position = { start, end: end ?? start };
          }),
      };
    };
    let chartItems: XChart[] | null = null;
    this.charts = {
      get items(): XChart[] {
        if (!chartItems) throw new FakeOfficeError("PropertyNotLoaded", "ChartCollection.items is not loaded: call load and sync first");
        return chartItems;
      },
      load(propertyNames: string) {
        ctx.enqueue("charts.load", propertyNames, () => {
          chartItems = resolve().charts.map((model) => chartProxy(() => model));
        });
        return this;
      },
      add: (type: "Line" | "ColumnClustered" | "XYScatter", sourceData: XRange, seriesBy: "Auto" | "Columns" | "Rows" = "Auto"): XChart => {
        const source = sourceData as RangeProxy;
        let chart: ChartModel | null = null;
        ctx.enqueue("charts.add", [type, seriesBy], () => {
          const s = resolve();
          const src = source.target();
          if (src.sheet !== s) throw new FakeOfficeError("InvalidArgument", "chart data on another sheet");
          chart = {
            type, source: src.rect, seriesBy, title: "", legendVisible: true, series: Array.from({ length: seriesBy === "Columns" ? src.rect.cols : 1 }, () => newSeries()),
            axes: { category: newAxis(), value: newAxis() }, position: null,
          };
          s.charts.push(chart);
        });
        const get = (): ChartModel => {
          if (!chart) throw new FakeOfficeError("ItemNotFound", "the chart was not created");
          return chart;
        };
        return chartProxy(get);
      },
    };
    this.customProperties = {
      add: (key: string, value: string) => {
        ctx.enqueue("customProperties.add", [key, value], () => {
          if (key.length > 255 || value.length > 255) throw new FakeOfficeError("InvalidArgument", "custom property too long");
          resolve().customProperties.set(key, value);
        });
        return undefined;
      },
      getItemOrNullObject: (key: string): XCustomProperty => new CustomPropertyProxy(ctx, () => resolve().customProperties.get(key) ?? null),
    };
  }

  /** Copies loaded fields from the model (used by collection loads). */
  fill(model: SheetModel, fields: readonly string[]): void {
    for (const f of fields) {
      if (f === "name") this.setLoaded("name", model.name);
      else if (f === "id") this.setLoaded("id", model.id);
      else if (f === "visibility") this.setLoaded("visibility", model.visibility);
      else throw new FakeOfficeError("InvalidArgument", `the fake cannot load Worksheet.${f}`);
    }
    this.setNull(false);
  }

  load(propertyNames: string): this {
    const fields = this.props(propertyNames);
    this.ctx.enqueue("worksheet.load", propertyNames, () => this.fill(this.resolve(), fields));
    return this;
  }

  get name(): string {
    return this.loadedValue<string>("name");
  }

  set name(value: string) {
    this.ctx.enqueue("worksheet.name", value, () => {
      const s = this.resolve();
      if (!isValidSheetName(value)) throw new FakeOfficeError("InvalidArgument", `"${value}" is not a valid sheet name`);
      const other = this.ctx.book.findSheetByName(value);
      if (other && other !== s) throw new FakeOfficeError("ItemAlreadyExists", `a sheet named "${value}" already exists`);
      s.name = value;
    });
  }

  get id(): string {
    return this.loadedValue<string>("id");
  }

  get visibility(): XSheetVisibility {
    return this.loadedValue<XSheetVisibility>("visibility");
  }

  set visibility(value: XSheetVisibility) {
    this.ctx.enqueue("worksheet.visibility", value, () => {
      const s = this.resolve();
      if (value !== "Visible") {
        const visible = this.ctx.book.sheets.filter((x) => x.visibility === "Visible" && x !== s);
        if (visible.length === 0) throw new FakeOfficeError("InvalidOperation", "a workbook must keep at least one visible sheet");
      }
      s.visibility = value;
    });
  }

  getRange(address?: string): XRange {
    return new RangeProxy(this.ctx, () => {
      const rect = address === undefined ? { row: 0, col: 0, rows: MAX_ROWS, cols: MAX_COLUMNS } : parseRange(address);
      if (!rect) throw new FakeOfficeError("InvalidArgument", `bad address ${address}`);
      return { sheet: this.resolve(), rect };
    });
  }

  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): XRange {
    return new RangeProxy(this.ctx, () => {
      if (startRow < 0 || startColumn < 0 || rowCount < 1 || columnCount < 1 || startRow + rowCount > 1048576 || startColumn + columnCount > 16384) {
        throw new FakeOfficeError("InvalidArgument", `bad range indexes ${startRow},${startColumn},${rowCount},${columnCount}`);
      }
      return { sheet: this.resolve(), rect: { row: startRow, col: startColumn, rows: rowCount, cols: columnCount } };
    });
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): XRange {
    void valuesOnly;
    return new RangeProxy(
      this.ctx,
      () => {
        const sheet = this.resolve();
        const rect = sheet.usedRect();
        return rect ? { sheet, rect } : null;
      },
      true,
    );
  }

  activate(): void {
    this.ctx.enqueue("worksheet.activate", null, () => {
      const s = this.resolve();
      if (s.visibility !== "Visible") throw new FakeOfficeError("InvalidOperation", "cannot activate a hidden sheet");
      this.ctx.book.activeSheetId = s.id;
    });
  }

  delete(): void {
    this.ctx.enqueue("worksheet.delete", null, () => this.ctx.book.deleteSheet(this.resolve()));
  }
}

class CustomPropertyProxy extends Loadable implements XCustomProperty {
  constructor(
    ctx: FakeContext,
    private readonly resolve: Resolver<string | null>,
  ) {
    super(ctx, "WorksheetCustomProperty");
  }

  load(propertyNames: string): this {
    this.ctx.enqueue("customProperty.load", propertyNames, () => {
      const v = this.resolve();
      this.setNull(v === null);
      this.setLoaded("value", v ?? "");
    });
    return this;
  }

  get value(): string {
    return this.loadedValue<string>("value");
  }
}

interface RangeTarget {
  readonly sheet: SheetModel;
  readonly rect: Rect;
}

class RangeProxy extends Loadable implements XRange {
  readonly format: XRangeFormat;
  readonly conditionalFormats: XConditionalFormatCollection;

  constructor(
    ctx: FakeContext,
    private readonly resolve: Resolver<RangeTarget | null>,
    private readonly nullable = false,
  ) {
    super(ctx, "Range");
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- read inside accessor objects below
    const rangeSelf = this;
    const styleOp = (property: string, value: unknown) =>
      ctx.enqueue(`format.${property}`, value, () => {
        const t = this.target();
        t.sheet.styleOps.push({ rect: t.rect, property, value });
      });
    const font: XRangeFont = {
      set bold(v: boolean) { styleOp("font.bold", v); },
      get bold(): boolean { throw new FakeOfficeError("PropertyNotLoaded", "the fake does not read formats back"); },
      set italic(v: boolean) { styleOp("font.italic", v); },
      get italic(): boolean { throw new FakeOfficeError("PropertyNotLoaded", "the fake does not read formats back"); },
      set size(v: number) { styleOp("font.size", v); },
      get size(): number { throw new FakeOfficeError("PropertyNotLoaded", "the fake does not read formats back"); },
      set color(v: string) { styleOp("font.color", v); },
      get color(): string { throw new FakeOfficeError("PropertyNotLoaded", "the fake does not read formats back"); },
    };
    const fill: XRangeFill = {
      set color(v: string) { styleOp("fill.color", v); },
      get color(): string { throw new FakeOfficeError("PropertyNotLoaded", "the fake does not read formats back"); },
    };
    const borders: XRangeBorderCollection = {
      getItem: (index: "EdgeBottom"): XRangeBorder => ({
        set style(v: XRangeBorder["style"]) { styleOp(`border.${index}.style`, v); },
        get style(): XRangeBorder["style"] { throw new FakeOfficeError("PropertyNotLoaded", "the fake does not read formats back"); },
        set color(v: string) { styleOp(`border.${index}.color`, v); },
        get color(): string { throw new FakeOfficeError("PropertyNotLoaded", "the fake does not read formats back"); },
      }),
    };
    this.format = {
      font,
      fill,
      borders,
      set horizontalAlignment(v: XRangeFormat["horizontalAlignment"]) { styleOp("horizontalAlignment", v); },
      get horizontalAlignment(): XRangeFormat["horizontalAlignment"] { throw new FakeOfficeError("PropertyNotLoaded", "the fake does not read formats back"); },
      set wrapText(v: boolean) { styleOp("wrapText", v); },
      get wrapText(): boolean { throw new FakeOfficeError("PropertyNotLoaded", "the fake does not read formats back"); },
      set columnWidth(v: number) {
        ctx.enqueue("format.columnWidth", v, () => {
          const t = rangeSelf.target();
          for (let c = t.rect.col; c < t.rect.col + t.rect.cols; c++) t.sheet.columnWidths.set(c, v);
        });
      },
      get columnWidth(): number { throw new FakeOfficeError("PropertyNotLoaded", "the fake does not read formats back"); },
      set rowHeight(v: number) {
        ctx.enqueue("format.rowHeight", v, () => {
          const t = rangeSelf.target();
          if (!(v >= 0 && v <= 409)) throw new FakeOfficeError("InvalidArgument", `a row height of ${v} points (Excel allows 0 to 409)`);
          for (let r = t.rect.row; r < t.rect.row + t.rect.rows; r++) t.sheet.rowHeights.set(r, v);
        });
      },
      get rowHeight(): number { throw new FakeOfficeError("PropertyNotLoaded", "the fake does not read formats back"); },
      set useStandardHeight(v: boolean) {
        ctx.enqueue("format.useStandardHeight", v, () => {
          const t = rangeSelf.target();
          // T: Range.format.useStandardHeight, "only intended to be set to true: setting it to false has no effect".
          if (!v) return;
          for (const r of [...t.sheet.rowHeights.keys()]) if (r >= t.rect.row && r < t.rect.row + t.rect.rows) t.sheet.rowHeights.delete(r);
        });
      },
      get useStandardHeight(): boolean { throw new FakeOfficeError("PropertyNotLoaded", "the fake does not read formats back"); },
    };
    this.conditionalFormats = {
      clearAll: () =>
        ctx.enqueue("conditionalFormats.clearAll", null, () => {
          const t = this.target();
          const inside = (r: Rect) => r.row >= t.rect.row && r.col >= t.rect.col && r.row + r.rows <= t.rect.row + t.rect.rows && r.col + r.cols <= t.rect.col + t.rect.cols;
          for (let k = t.sheet.conditionalFormats.length - 1; k >= 0; k--) if (inside(t.sheet.conditionalFormats[k].rect)) t.sheet.conditionalFormats.splice(k, 1);
        }),
      add: (type: "Custom"): XConditionalFormat => {
        let model: ConditionalFormatModel | null = null;
        ctx.enqueue("conditionalFormats.add", type, () => {
          const t = this.target();
          model = { rect: t.rect, type, formula: "", fill: "", fontColor: "", bold: false, numberFormat: "", stopIfTrue: false };
          t.sheet.conditionalFormats.push(model);
        });
        const get = (): ConditionalFormatModel => {
          if (!model) throw new FakeOfficeError("ItemNotFound", "the conditional format was not created");
          return model;
        };
        return {
          custom: {
            rule: {
              set formula(v: string) {
                ctx.enqueue("conditionalFormat.rule", v, () => {
                  if (!v.startsWith("=")) throw new FakeOfficeError("InvalidArgument", "a rule formula starts with =");
                  get().formula = v;
                });
              },
              get formula(): string { return get().formula; },
            },
            format: {
              fill: { set color(v: string) { ctx.enqueue("conditionalFormat.fill", v, () => (get().fill = v)); }, get color(): string { return get().fill; } },
              font: {
                set color(v: string) { ctx.enqueue("conditionalFormat.font", v, () => (get().fontColor = v)); },
                get color(): string { return get().fontColor; },
                set bold(v: boolean) { ctx.enqueue("conditionalFormat.bold", v, () => (get().bold = v)); },
                get bold(): boolean { return get().bold; },
              },
              set numberFormat(v: string) { ctx.enqueue("conditionalFormat.numberFormat", v, () => (get().numberFormat = v)); },
              get numberFormat(): string { return get().numberFormat; },
            },
          },
          set stopIfTrue(v: boolean) { ctx.enqueue("conditionalFormat.stopIfTrue", v, () => (get().stopIfTrue = v)); },
          get stopIfTrue(): boolean { return get().stopIfTrue; },
        };
      },
    };
  }

  /** A loaded grid, counted in the sync's response. */
  private setLoadedGrid(property: string, grid: unknown[][]): void {
    this.ctx.response += responseBytes(grid);
    this.setLoaded(property, grid);
  }

  /** The sheet and rectangle, at sync time; a null object fails here. */
  target(): RangeTarget {
    const t = this.resolve();
    if (!t) throw new FakeOfficeError("ItemNotFound", "the range is a null object");
    this.ctx.book.requireSheet(t.sheet);
    return t;
  }

  load(propertyNames: string): this {
    const fields = this.props(propertyNames);
    this.ctx.enqueue("range.load", propertyNames, () => {
      const t = this.nullable ? this.resolve() : this.target();
      this.setNull(t === null);
      if (!t) return;
      const { sheet, rect } = t;
      const grid = <T>(f: (cell: CellModel | undefined) => T): T[][] =>
        Array.from({ length: rect.rows }, (_, r) => Array.from({ length: rect.cols }, (_, c) => f(sheet.cell(rect.row + r, rect.col + c))));
      if (fields.includes("values") || fields.includes("formulas")) this.ctx.book.cellsRead += rect.rows * rect.cols;
      for (const f of fields) {
        if (f === "address") this.setLoaded("address", this.ctx.book.address(sheet, rect));
        else if (f === "rowCount") this.setLoaded("rowCount", rect.rows);
        else if (f === "columnCount") this.setLoaded("columnCount", rect.cols);
        else if (f === "rowIndex") this.setLoaded("rowIndex", rect.row);
        else if (f === "columnIndex") this.setLoaded("columnIndex", rect.col);
        else if (f === "values") this.setLoadedGrid("values", grid((c) => (c ? (c.formula !== null ? "#UNCALCULATED" : c.value ?? "") : "")));
        else if (f === "formulas") this.setLoadedGrid("formulas", grid((c) => (c ? c.formula ?? c.value ?? "" : "")));
        else if (f === "valueTypes") {
          // T: Range.valueTypes, Excel.RangeValueType: Empty, String, Integer, Double, Boolean, Error.
          const type = (c: CellModel | undefined) =>
            !c || (c.value === null && c.formula === null) ? "Empty" : c.error ? "Error" : typeof c.value === "number" ? "Double" : typeof c.value === "boolean" ? "Boolean" : "String";
          this.setLoadedGrid("valueTypes", grid(type));
        }
        else if (f === "numberFormat") this.setLoadedGrid("numberFormat", grid((c) => c?.numberFormat ?? "General"));
        else throw new FakeOfficeError("InvalidArgument", `the fake cannot load Range.${f}`);
      }
    });
    return this;
  }

  get address(): string { return this.loadedValue<string>("address"); }
  get rowCount(): number { return this.loadedValue<number>("rowCount"); }
  get columnCount(): number { return this.loadedValue<number>("columnCount"); }
  get rowIndex(): number { return this.loadedValue<number>("rowIndex"); }
  get columnIndex(): number { return this.loadedValue<number>("columnIndex"); }

  private write2d(name: string, input: unknown[][], apply: (sheet: SheetModel, row: number, col: number, v: unknown) => void): void {
    this.ctx.enqueue(name, input, () => {
      const { sheet, rect } = this.target();
      if (!Array.isArray(input) || input.length !== rect.rows || input.some((r) => !Array.isArray(r) || r.length !== rect.cols)) {
        throw new FakeOfficeError(
          "InvalidArgument",
          `the ${input.length}x${input[0]?.length ?? 0} array does not match the size of ${rectAddress(rect)} (${rect.rows}x${rect.cols})`,
        );
      }
      input.forEach((row, r) => row.forEach((v, c) => apply(sheet, rect.row + r, rect.col + c, v)));
    });
  }

  private writeCell(sheet: SheetModel, row: number, col: number, v: unknown): void {
    const parsed = parseInput(v);
    const old = sheet.cell(row, col);
    if (parsed.value === null && parsed.formula === null) {
      if (old) sheet.setCell(row, col, old.numberFormat === "General" ? null : { value: null, formula: null, numberFormat: old.numberFormat });
      return;
    }
    sheet.setCell(row, col, { ...parsed, numberFormat: old?.numberFormat ?? "General" });
  }

  set values(input: unknown[][]) {
    this.write2d("range.values", input, (s, r, c, v) => this.writeCell(s, r, c, v));
  }

  get values(): unknown[][] {
    return this.loadedValue<unknown[][]>("values");
  }

  set formulas(input: unknown[][]) {
    this.write2d("range.formulas", input, (s, r, c, v) => this.writeCell(s, r, c, v));
  }

  get valueTypes(): string[][] {
    return this.loadedValue<string[][]>("valueTypes");
  }

  get formulas(): unknown[][] {
    return this.loadedValue<unknown[][]>("formulas");
  }

  set numberFormat(input: unknown[][]) {
    this.write2d("range.numberFormat", input, (sheet, r, c, v) => {
      if (typeof v !== "string") throw new FakeOfficeError("InvalidArgument", "a number format is text");
      const old = sheet.cell(r, c);
      sheet.setCell(r, c, { value: old?.value ?? null, formula: old?.formula ?? null, numberFormat: v });
    });
  }

  get numberFormat(): unknown[][] {
    return this.loadedValue<unknown[][]>("numberFormat");
  }

  private worksheetProxy: WorksheetProxy | null = null;

  /** Like Office.js, a navigation property gives the same proxy every time. */
  get worksheet(): XWorksheet {
    this.worksheetProxy ??= new WorksheetProxy(this.ctx, () => this.target().sheet);
    return this.worksheetProxy;
  }

  set columnHidden(v: boolean) {
    this.ctx.enqueue("range.columnHidden", v, () => {
      const { sheet, rect } = this.target();
      if (v) for (let c = rect.col; c < rect.col + rect.cols; c++) sheet.hiddenColumns.add(c);
      else for (const c of [...sheet.hiddenColumns]) if (c >= rect.col && c < rect.col + rect.cols) sheet.hiddenColumns.delete(c);
    });
  }

  get columnHidden(): boolean {
    throw new FakeOfficeError("PropertyNotLoaded", "the fake does not read columnHidden back");
  }

  clear(applyTo: "All" | "Formats" | "Contents" | "Hyperlinks" | "RemoveHyperlinks" = "All"): void {
    this.ctx.enqueue("range.clear", applyTo, () => {
      const { sheet, rect } = this.target();
      for (const [r, c] of sheet.entries()) {
        if (r >= rect.row && r < rect.row + rect.rows && c >= rect.col && c < rect.col + rect.cols) {
          const cell = sheet.cell(r, c);
          if (applyTo === "Contents" && cell && cell.numberFormat !== "General") sheet.setCell(r, c, { value: null, formula: null, numberFormat: cell.numberFormat });
          else sheet.setCell(r, c, null);
        }
      }
      if (applyTo === "All" || applyTo === "Formats") {
        const inside = (x: Rect) => x.row >= rect.row && x.col >= rect.col && x.row + x.rows <= rect.row + rect.rows && x.col + x.cols <= rect.col + rect.cols;
        for (let k = sheet.styleOps.length - 1; k >= 0; k--) if (inside(sheet.styleOps[k].rect)) sheet.styleOps.splice(k, 1);
      }
    });
  }

  getTables(fullyContained = false): XTableScopedCollection {
    const ctx = this.ctx;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- read by the class below at sync time
    const outer = this;
    const store = new (class extends Loadable implements XTableScopedCollection {
      get items(): XTable[] {
        return this.loadedValue<XTable[]>("items");
      }
      load(propertyNames: string): this {
        void propertyNames;
        ctx.enqueue("tables.load", propertyNames, () => {
          const { sheet, rect } = outer.target();
          const hits = ctx.book.tables.filter((t) => {
            if (t.sheetId !== sheet.id) return false;
            const inter = !(rect.row >= t.rect.row + t.rect.rows || t.rect.row >= rect.row + rect.rows || rect.col >= t.rect.col + t.rect.cols || t.rect.col >= rect.col + rect.cols);
            const inside = rect.row >= t.rect.row && rect.col >= t.rect.col && rect.row + rect.rows <= t.rect.row + t.rect.rows && rect.col + rect.cols <= t.rect.col + t.rect.cols;
            return fullyContained ? inside : inter;
          });
          this.setLoaded("items", hits.map((t) => new TableProxy(ctx, () => t, true)));
        });
        return this;
      }
    })(ctx, "TableScopedCollection");
    return store;
  }
}

class TableProxy extends Loadable implements XTable {
  constructor(
    ctx: FakeContext,
    private readonly resolve: Resolver<TableModel>,
    preloadName = false,
  ) {
    super(ctx, "Table");
    if (preloadName) this.setLoaded("name", resolve().name);
  }

  get name(): string {
    return this.loadedValue<string>("name");
  }

  load(propertyNames: string): this {
    this.ctx.enqueue("table.load", propertyNames, () => {
      for (const f of this.props(propertyNames)) {
        if (f === "name") this.setLoaded("name", this.resolve().name);
        else throw new FakeOfficeError("InvalidArgument", `the fake cannot load Table.${f}`);
      }
    });
    return this;
  }

  private worksheetProxy: WorksheetProxy | null = null;

  get worksheet(): XWorksheet {
    this.worksheetProxy ??= new WorksheetProxy(this.ctx, () => {
      const t = this.resolve();
      const s = this.ctx.book.findSheet(t.sheetId);
      if (!s) throw new FakeOfficeError("ItemNotFound", "the table's sheet is gone");
      return s;
    });
    return this.worksheetProxy;
  }

  getRange(): XRange {
    return new RangeProxy(this.ctx, () => {
      const t = this.resolve();
      const s = this.ctx.book.findSheet(t.sheetId);
      if (!s) throw new FakeOfficeError("ItemNotFound", "the table's sheet is gone");
      return { sheet: s, rect: t.rect };
    });
  }
}

/** The `Excel` global as the pane uses it: only `run`. */
export interface FakeExcelGlobal {
  run<T>(options: { delayForCellEdit?: boolean; mergeUndoGroup?: boolean }, batch: (context: XRequestContext) => Promise<T>): Promise<T>;
}

export function excelGlobalFor(book: FakeWorkbook): FakeExcelGlobal {
  return { run: (options, batch) => book.runWith(options, batch) };
}

/** "B" for column index 1: re-exported for tests that build addresses. */
export { columnLetter };
