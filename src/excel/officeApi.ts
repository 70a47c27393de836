/**
 * The part of the Excel JavaScript API that this add-in uses, and nothing more.
 *
 * The reader and the writer are written against these interfaces instead of `Excel.*`, so that
 * (1) the compiler lists every Excel object and member the add-in touches, (2) the in-memory
 * fake in test/fakes/excel.ts implements exactly this surface with full type checking, and
 * (3) `excelRunner()` in officePort.ts passes a real `Excel.RequestContext` where an
 * `XRequestContext` is expected, so tsc proves that real Excel conforms to this subset.
 *
 * Only types live here: the add-in never touches an `Excel` enum object at run time (string
 * literals such as "VeryHidden" and "Custom" are used), so the one run-time dependency on the
 * `Excel` global is `Excel.run` in officePort.ts.
 */

/** A cell as Excel gives it in `values`: number, text, boolean (dates are serial numbers). */
export type XCellValue = number | string | boolean;

export interface XLoadable {
  /** Queues a load of the named properties (comma-separated, "items/name" for collections). */
  load(propertyNames: string): unknown;
}

export interface XNullable {
  /** Valid after a sync that followed the *OrNullObject call. */
  readonly isNullObject: boolean;
}

export interface XRangeFont {
  bold: boolean;
  italic: boolean;
  size: number;
  color: string;
}

export interface XRangeFill {
  color: string;
}

export interface XRangeBorder {
  style: "None" | "Continuous" | "Dash" | "DashDot" | "DashDotDot" | "Dot" | "Double" | "SlantDashDot";
  color: string;
}

export interface XRangeBorderCollection {
  getItem(index: "EdgeBottom"): XRangeBorder;
}

export interface XRangeFormat {
  readonly font: XRangeFont;
  readonly fill: XRangeFill;
  readonly borders: XRangeBorderCollection;
  horizontalAlignment: "General" | "Left" | "Center" | "Right" | "Fill" | "Justify" | "CenterAcrossSelection" | "Distributed";
  /** Points. */
  columnWidth: number;
  /** Points (ExcelApi 1.2). */
  rowHeight: number;
  /** Only meant to be set to true: the rows take the sheet's standard height (ExcelApi 1.7). */
  useStandardHeight: boolean;
  wrapText: boolean;
}

export interface XConditionalRangeFormat {
  readonly fill: { color: string };
  readonly font: { color: string; bold: boolean };
  /** The number format a cell shows while the rule holds (ExcelApi 1.6). */
  numberFormat: string;
}

export interface XCustomConditionalFormat {
  readonly rule: { formula: string };
  readonly format: XConditionalRangeFormat;
}

export interface XConditionalFormat {
  readonly custom: XCustomConditionalFormat;
  stopIfTrue: boolean;
}

export interface XConditionalFormatCollection {
  add(type: "Custom"): XConditionalFormat;
  clearAll(): void;
}

export interface XRange extends XLoadable, XNullable {
  /** Sheet-qualified address, e.g. "Survey!A1:E121" (after load). */
  readonly address: string;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly rowIndex: number;
  readonly columnIndex: number;
  /** Excel types these any[][]; here a read gives unknown cells that the reader must check. */
  values: unknown[][];
  /** "Empty" | "String" | "Integer" | "Double" | "Boolean" | "Error" per cell. */
  readonly valueTypes: string[][];
  formulas: unknown[][];
  numberFormat: unknown[][];
  readonly format: XRangeFormat;
  readonly conditionalFormats: XConditionalFormatCollection;
  readonly worksheet: XWorksheet;
  /** Whether the range's columns are hidden (ExcelApi 1.2). */
  columnHidden: boolean;
  clear(applyTo?: "All" | "Formats" | "Contents" | "Hyperlinks" | "RemoveHyperlinks"): void;
  getTables(fullyContained?: boolean): XTableScopedCollection;
}

export interface XChartSeries {
  name: string;
  setXAxisValues(sourceData: XRange): void;
  /** The series' values (ExcelApi 1.7). */
  setValues(sourceData: XRange): void;
  /** Scatter series: "XYScatter" (markers), "XYScatterLinesNoMarkers" (a line) (ExcelApi 1.7). */
  chartType: string;
  /** "None" for a line without markers (ExcelApi 1.7). */
  markerStyle: string;
  /** Labels on its points (ExcelApi 1.8). */
  hasDataLabels: boolean;
  readonly dataLabels: { showSeriesName: boolean; showValue: boolean };
  /** Its line: "Continuous", "Dash", "None"..., a colour (#RRGGBB) and a weight in points (ExcelApi 1.7). */
  readonly format: { readonly line: { lineStyle: string; color: string; weight: number } };
}

/** A value axis of a chart: its title, label format and bounds (ExcelApi 1.7 and 1.8). */
export interface XChartAxis {
  readonly title: { text: string };
  numberFormat: string;
  minimum: number;
  maximum: number;
}

export interface XChart {
  /** The title and its font (ChartTitleFormat.font, ExcelApi 1.1). */
  readonly title: { text: string; readonly format: { readonly font: { size: number } } };
  /** The chart area's font: every text of the chart that sets no other (ChartAreaFormat.font, ExcelApi 1.1). */
  readonly format: { readonly font: { size: number } };
  delete(): void;
  readonly legend: { visible: boolean; position: string };
  readonly series: {
    getItemAt(index: number): XChartSeries;
    /** A new, empty series (ExcelApi 1.7). */
    add(name: string): XChartSeries;
  };
  /** The horizontal (category, or a scatter chart's x) and vertical value axes. */
  readonly axes: { readonly categoryAxis: XChartAxis; readonly valueAxis: XChartAxis };
  setPosition(startCell: string, endCell?: string): void;
}

export interface XChartCollection extends XLoadable {
  readonly items: XChart[];
  add(type: "Line" | "ColumnClustered" | "XYScatter", sourceData: XRange, seriesBy?: "Auto" | "Columns" | "Rows"): XChart;
}

export interface XFreezePanes {
  freezeAt(frozenRange: string): void;
  freezeRows(count?: number): void;
  freezeColumns(count?: number): void;
  unfreeze(): void;
}

export interface XCustomProperty extends XLoadable, XNullable {
  readonly value: string;
}

export interface XCustomPropertyCollection {
  add(key: string, value: string): unknown;
  getItemOrNullObject(key: string): XCustomProperty;
}

export type XSheetVisibility = "Visible" | "Hidden" | "VeryHidden";

/** Excel.PageLayout, the members the writer sets (all ExcelApi 1.9). */
export interface XPageLayout {
  /** "Portrait" | "Landscape" (Excel's type adds its enum). */
  orientation: string;
  /** "Letter", "A4", ... (Excel.PaperType). */
  paperSize: string;
  centerHorizontally: boolean;
  /** Must be set as a whole object (the typings: `x.zoom = {...}`, not `x.zoom.scale = ...`). */
  zoom: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number };
  readonly headersFooters: { readonly defaultForAllPages: { leftFooter: string; rightFooter: string } };
  setPrintArea(printArea: string): void;
  setPrintTitleRows(printTitleRows: string): void;
  setPrintMargins(
    unit: "Points" | "Inches" | "Centimeters",
    margins: { top?: number; bottom?: number; left?: number; right?: number; header?: number; footer?: number },
  ): void;
}

/** Excel.PageBreakCollection (ExcelApi 1.9): manual breaks only. */
export interface XPageBreakCollection {
  /** A break before the top-left cell of the range. */
  add(pageBreakRange: string): void;
  removePageBreaks(): void;
}

export interface XWorksheet extends XLoadable, XNullable {
  name: string;
  readonly id: string;
  visibility: XSheetVisibility;
  readonly freezePanes: XFreezePanes;
  readonly charts: XChartCollection;
  readonly customProperties: XCustomPropertyCollection;
  readonly pageLayout: XPageLayout;
  readonly horizontalPageBreaks: XPageBreakCollection;
  getRange(address?: string): XRange;
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): XRange;
  getUsedRangeOrNullObject(valuesOnly?: boolean): XRange;
  activate(): void;
  delete(): void;
}

export interface XWorksheetCollection extends XLoadable {
  readonly items: XWorksheet[];
  add(name?: string): XWorksheet;
  getItem(key: string): XWorksheet;
}

export interface XTable extends XLoadable {
  readonly name: string;
  readonly worksheet: XWorksheet;
  getRange(): XRange;
}

export interface XTableScopedCollection extends XLoadable {
  readonly items: XTable[];
}

export interface XTableCollection {
  getItem(key: string): XTable;
}

export interface XApplication {
  calculate(calculationType: "Recalculate" | "Full" | "FullRebuild"): void;
  suspendApiCalculationUntilNextSync(): void;
  suspendScreenUpdatingUntilNextSync(): void;
}

export interface XWorkbook {
  readonly worksheets: XWorksheetCollection;
  readonly tables: XTableCollection;
  readonly application: XApplication;
  getSelectedRange(): XRange;
}

export interface XRequestContext {
  readonly workbook: XWorkbook;
  sync(): Promise<void>;
}

/** Runs one batch against the workbook: `Excel.run({ delayForCellEdit: true }, batch)` in Excel. */
export type ExcelRunner = <T>(batch: (context: XRequestContext) => Promise<T>) => Promise<T>;
