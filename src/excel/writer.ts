/**
 * The Office.js writer: applies a ScorecardPlan to the workbook. No layout logic: every cell,
 * format, rule and chart comes from the plan.
 *
 * Sync budget. One Excel.run with three context.sync() calls for a new scorecard, however many
 * KPIs, segments and periods: the first loads the sheet list (free names, the sheets recorded
 * in the stored spec, a rebuild's old charts); the second commits every queued write; the
 * third recalculates (calculation is suspended while writing, and the typings make the
 * recalculation the caller's job: Application.suspendApiCalculationUntilNextSync) and then sets
 * the page up (pageSetup: a refusal there leaves a complete scorecard and a warning). Only when
 * the writes of one sync would pass `maxPayloadBytes` (4 MB of UTF-8 by default, under Excel's
 * 5 MB request limit) are they split into several syncs, each under the limit (blocks split by
 * rows). Screen updating is suspended once, for the first write sync (the typings warn that
 * calling it in a loop flickers).
 *
 * What is written, in order: the sheet (new, or on a rebuild the old scorecard itself, cleared:
 * the same sheet object, so the user's formulas and charts that point at it keep working),
 * one `formulas` + one `numberFormat` write per plan block, styles, column widths,
 * conditional formats (custom rules that read the threshold cells), charts, freeze panes, the
 * spec on its very hidden sheet, the sheet's marker (a worksheet custom property naming this
 * build); last, the sheet is activated.
 *
 * Safety. A sheet the user made is never renamed, overwritten or deleted: the new scorecard
 * goes to a free name, and a rebuild rewrites only the sheet whose id the stored spec gave and
 * which carried the add-in's marker when the spec was read. Excel does not roll a failed
 * batch back (the operations before the failing one stay applied), so when a sync fails the
 * writer cleans up in a second Excel.run: it deletes the sheets that carry this build's
 * marker (a very hidden one made hidden first: Excel refuses to delete it otherwise) and
 * puts the previous spec back. A rebuild that failed after clearing the old scorecard cannot
 * give its old cells back: the message says so, and Rebuild writes it again.
 */
import type { PlanBlock, PlanScatterChart, PlanStyle, PlanXySeries, Rect, ScorecardPlan } from "../scorecard/types";
import { isKpiError } from "../kpi";
import { cellAddress, columnLetter } from "../scorecard/a1";
import { CHART_TEXT_POINTS, CHART_TITLE_POINTS, FOOTER, MARGINS, orientationOf, type Paper } from "../scorecard/print";
import { parseStoredSpec } from "../scorecard/spec";
import { freeSheetName, formulaInput, MARKER_KEY, scorecardMarker, specMarker, specSheetInput, widthInPoints, type SpecRecord } from "./cells";
import type { ExcelRunner, XChart, XChartSeries, XRequestContext, XWorksheet } from "./officeApi";
import type { StoredScorecard, WriteOptions, WriteResult } from "./port";

export const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
/** Payload counted for one queued operation besides its data (object paths, ids, names). */
const OP_OVERHEAD = 200;
/** Rows below the spec record that are cleared when a shorter spec replaces a longer one. */
const SPEC_CLEAR_ROWS = 2000;

export class ScorecardWriteError extends Error {
  constructor(
    message: string,
    /** Whether the workbook is back as it was (false: see the message). */
    readonly cleanedUp: boolean,
  ) {
    super(message);
    this.name = "ScorecardWriteError";
  }
}

/** One queued write on the scorecard sheet, with the payload it adds to its sync. */
export interface Step {
  readonly bytes: number;
  readonly apply: (sheet: XWorksheet) => void;
}

/** Size of a value on the wire: its JSON in UTF-8 bytes (non-ASCII text takes 2 to 4 bytes a character). */
export function jsonBytes(value: unknown): number {
  const json = JSON.stringify(value);
  let bytes = json.length;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 UTF-16 units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

function rangeOf(sheet: XWorksheet, r: Rect) {
  return sheet.getRangeByIndexes(r.row, r.col, r.rows, r.cols);
}

/** A block as written: formula inputs and number formats, rows in the plan's order. */
interface BlockWrite {
  readonly row: number;
  readonly col: number;
  readonly formulas: (string | number | boolean)[][];
  readonly formats: string[][];
}

function blockStep(w: BlockWrite): Step {
  return {
    bytes: jsonBytes(w.formulas) + jsonBytes(w.formats) + OP_OVERHEAD,
    apply: (sheet) => {
      const range = sheet.getRangeByIndexes(w.row, w.col, w.formulas.length, w.formulas[0].length);
      range.formulas = w.formulas;
      range.numberFormat = w.formats;
    },
  };
}

/**
 * A block as one write, or (when it alone would pass the limit) as slices of whole rows,
 * each under the limit; a row too big for one slice is cut by columns.
 */
export function blockSteps(block: PlanBlock, maxBytes: number): Step[] {
  const rows = block.cells.length;
  const cols = rows > 0 ? block.cells[0].length : 0;
  if (rows === 0 || cols === 0) return [];
  const formulas = block.cells.map((row) => row.map(formulaInput));
  block.cells.forEach((row, r) => {
    if (row.length !== cols || (block.numberFormats[r]?.length ?? -1) !== cols) {
      throw new Error(`plan block at row ${block.row + 1}, column ${block.col + 1} is not rectangular (row ${r + 1})`);
    }
  });
  const formats = block.numberFormats.map((row) => [...row]);
  const whole: BlockWrite = { row: block.row, col: block.col, formulas, formats };
  const wholeStep = blockStep(whole);
  if (wholeStep.bytes <= maxBytes) return [wholeStep];

  const steps: Step[] = [];
  const budget = maxBytes - OP_OVERHEAD;
  let start = 0;
  let bytes = 0;
  const flush = (end: number) => {
    if (end > start) {
      steps.push(blockStep({ row: block.row + start, col: block.col, formulas: formulas.slice(start, end), formats: formats.slice(start, end) }));
    }
    start = end;
    bytes = 0;
  };
  for (let r = 0; r < rows; r++) {
    const rowBytes = jsonBytes(formulas[r]) + jsonBytes(formats[r]) + 8;
    if (rowBytes > budget) {
      flush(r);
      // One row alone passes the limit: write it in column slices.
      let c0 = 0;
      let b = 0;
      for (let c = 0; c <= cols; c++) {
        const cellBytes = c < cols ? jsonBytes(formulas[r][c]) + jsonBytes(formats[r][c]) + 8 : Infinity;
        if (c === cols || (b + cellBytes > budget && c > c0)) {
          steps.push(
            blockStep({
              row: block.row + r,
              col: block.col + c0,
              formulas: [formulas[r].slice(c0, c)],
              formats: [formats[r].slice(c0, c)],
            }),
          );
          c0 = c;
          b = 0;
        }
        b += cellBytes;
      }
      start = r + 1;
      continue;
    }
    if (bytes + rowBytes > budget) flush(r);
    bytes += rowBytes;
  }
  flush(rows);
  return steps;
}

function styleStep(style: PlanStyle): Step {
  return {
    bytes: OP_OVERHEAD * 2,
    apply: (sheet) => {
      const format = rangeOf(sheet, style.range).format;
      if (style.bold !== undefined) format.font.bold = style.bold;
      if (style.italic !== undefined) format.font.italic = style.italic;
      if (style.fontSize !== undefined) format.font.size = style.fontSize;
      if (style.fontColor !== undefined) format.font.color = style.fontColor;
      if (style.fill !== undefined) format.fill.color = style.fill;
      if (style.horizontal !== undefined) {
        format.horizontalAlignment = style.horizontal === "left" ? "Left" : style.horizontal === "center" ? "Center" : "Right";
      }
      if (style.wrap !== undefined) format.wrapText = style.wrap;
      if (style.borderBottom) {
        const edge = format.borders.getItem("EdgeBottom");
        edge.style = "Continuous";
        edge.color = "#8A8886";
      }
    },
  };
}

/** Every write on the scorecard sheet, in order, before any sheet operation. */
export function planSteps(
  plan: Pick<ScorecardPlan, "blocks" | "styles" | "columnWidths" | "conditionalFormats" | "charts" | "freeze">,
  maxBytes = MAX_PAYLOAD_BYTES,
): Step[] {
  const steps: Step[] = [];
  for (const block of plan.blocks) steps.push(...blockSteps(block, maxBytes));
  for (const style of plan.styles) steps.push(styleStep(style));

  // Column widths: one write per run of equal widths.
  const widths = plan.columnWidths;
  for (let c = 0; c < widths.length;) {
    let end = c + 1;
    while (end < widths.length && widths[end] === widths[c]) end++;
    const [col, count, points] = [c, end - c, widthInPoints(widths[c])];
    if (widths[c] > 0) {
      steps.push({ bytes: OP_OVERHEAD, apply: (sheet) => (sheet.getRangeByIndexes(0, col, 1, count).format.columnWidth = points) });
    }
    c = end;
  }

  for (const cf of plan.conditionalFormats) {
    for (const rule of cf.rules) {
      steps.push({
        bytes: jsonBytes(rule.formula) + OP_OVERHEAD * 2,
        apply: (sheet) => {
          const format = rangeOf(sheet, cf.range).conditionalFormats.add("Custom");
          format.custom.rule.formula = rule.formula;
          if (rule.fill) format.custom.format.fill.color = rule.fill;
          if (rule.fontColor) format.custom.format.font.color = rule.fontColor;
          if (rule.bold) format.custom.format.font.bold = true;
          // A marked value shows its ▲ / ▼ in its own cell through the rule's number format.
          if (rule.numberFormat) format.custom.format.numberFormat = rule.numberFormat;
        },
      });
    }
  }

  for (const chart of plan.charts) {
    if (chart.type === "scatter") {
      steps.push(scatterStep(chart));
      continue;
    }
    steps.push({
      bytes: jsonBytes(chart.title) + OP_OVERHEAD * 3,
      apply: (sheet) => {
        // The KPI's series (its values row, named by the title, or "Value" beside its bounds and
        // target), over the labels with their n; then its bounds and target as further lines.
        const extra = chart.extra ?? [];
        const added = sheet.charts.add(chart.type === "bar" ? "ColumnClustered" : "Line", rangeOf(sheet, chart.values), "Rows");
        added.title.text = chart.title;
        // Text the sheet prints at 8.4 points or more at its scale, as the CLI's charts (print.ts).
        added.format.font.size = CHART_TEXT_POINTS;
        added.title.format.font.size = CHART_TITLE_POINTS;
        added.legend.visible = extra.length > 0;
        if (extra.length > 0) added.legend.position = "Bottom";
        const series = added.series.getItemAt(0);
        series.name = extra.length > 0 ? "Value" : chart.title;
        series.setXAxisValues(rangeOf(sheet, chart.categories));
        for (const x of extra) {
          const line = added.series.add(x.name);
          line.setValues(rangeOf(sheet, x.values));
          line.setXAxisValues(rangeOf(sheet, chart.categories));
          line.markerStyle = "None";
          line.format.line.color = x.role === "target" ? "#ED7D31" : "#A5A5A5";
          line.format.line.lineStyle = x.role === "target" ? "DashDot" : "Dash";
          line.format.line.weight = x.role === "target" ? 1.5 : 1;
        }
        // The value axis as planned (charts.ts: it includes zero), so the pane's charts scale as the command line's.
        if (chart.axisMin !== undefined) added.axes.valueAxis.minimum = chart.axisMin;
        if (chart.axisMax !== undefined) added.axes.valueAxis.maximum = chart.axisMax;
        const a = chart.anchor;
        added.setPosition(cellAddress(a.row, a.col), cellAddress(a.row + a.rows - 1, a.col + a.cols - 1));
      },
    });
  }

  const { rows, columns } = plan.freeze;
  if (rows > 0 || columns > 0) {
    steps.push({
      bytes: OP_OVERHEAD,
      apply: (sheet) => {
        if (rows > 0 && columns > 0) sheet.freezePanes.freezeAt(`A1:${cellAddress(rows - 1, columns - 1)}`);
        else if (rows > 0) sheet.freezePanes.freezeRows(rows);
        else sheet.freezePanes.freezeColumns(columns);
      },
    });
  }
  return steps;
}

/** Excel.PaperType of each paper (the typings' PaperType: letter = "Letter", a4 = "A4"). */
const PAPER_TYPE: Record<Paper, string> = { letter: "Letter", a4: "A4" };

/**
 * How the scorecard sheet shows and prints, from the same plan fields the CLI's .xlsx writer
 * reads (src/xlsx/writer.ts): the unfilled columns hidden, the rows of wrapped notes taller, and
 * a page break before the charts and the statistics (the page setup is `pageSetup`).
 */
export function printSteps(plan: Partial<Pick<ScorecardPlan, "hiddenColumns" | "rowHeights" | "pageBreaks">>): Step[] {
  const steps: Step[] = [];
  // Hidden columns: one write per run of adjacent columns, on the whole columns.
  const hidden = [...new Set(plan.hiddenColumns ?? [])].sort((a, b) => a - b);
  for (let k = 0; k < hidden.length;) {
    let end = k + 1;
    while (end < hidden.length && hidden[end] === hidden[end - 1] + 1) end++;
    const address = `${columnLetter(hidden[k])}:${columnLetter(hidden[end - 1])}`;
    steps.push({ bytes: OP_OVERHEAD, apply: (sheet) => (sheet.getRange(address).columnHidden = true) });
    k = end;
  }
  for (const { row, points } of plan.rowHeights ?? []) {
    steps.push({ bytes: OP_OVERHEAD, apply: (sheet) => (sheet.getRangeByIndexes(row, 0, 1, 1).format.rowHeight = points) });
  }
  for (const row of plan.pageBreaks ?? []) {
    // A break before the section's first row (the .xlsx's break after the row above it).
    if (row > 0) steps.push({ bytes: OP_OVERHEAD, apply: (sheet) => sheet.horizontalPageBreaks.add(cellAddress(row, 0)) });
  }
  return steps;
}

/**
 * The page setup: one page wide and as many tall as it takes, the header row on every page,
 * the plan's extent as the print area, the orientation the column widths call for, centred,
 * the same margins and footer as the CLI's file. It goes with the last sync, after everything
 * else is written: no Excel we could run has accepted these calls (verticalFitToPages 0 is what
 * Microsoft's samples write, not a value the typings define), so a refusal costs the user the
 * print layout, with a warning, not the scorecard.
 */
export function pageSetup(
  plan: Pick<ScorecardPlan, "columnWidths" | "freeze" | "extent" | "printArea" | "printScale" | "orientation">,
  paper: Paper,
): (sheet: XWorksheet) => void {
  const printed = plan.printArea ?? plan.extent;
  const printArea = `A1:${columnLetter(Math.max(0, printed.col + printed.cols - 1))}${Math.max(1, printed.row + printed.rows)}`;
  // A plan laid out for its print scale repeats no header row (each block carries its own); an older one repeats the frozen one.
  const headerRow = plan.printScale === undefined ? plan.freeze.rows : 0;
  const orientation = (plan.orientation ?? orientationOf(plan.columnWidths)) === "landscape" ? "Landscape" : "Portrait";
  return (sheet) => {
    const layout = sheet.pageLayout;
    layout.orientation = orientation;
    layout.paperSize = PAPER_TYPE[paper];
    // At the scale the pager laid the pages out for; else Excel's "Fit All Columns on One Page"
    // (one page wide, 0 = as many pages tall as it takes).
    layout.zoom = plan.printScale !== undefined ? { scale: plan.printScale } : { horizontalFitToPages: 1, verticalFitToPages: 0 };
    layout.centerHorizontally = true;
    layout.setPrintMargins("Inches", { ...MARGINS });
    layout.setPrintArea(printArea);
    if (headerRow > 0) layout.setPrintTitleRows(`$${headerRow}:$${headerRow}`);
    const footer = layout.headersFooters.defaultForAllPages;
    footer.leftFooter = FOOTER.left;
    footer.rightFooter = FOOTER.right;
  };
}

/** Steps grouped so that no group passes the payload limit (one group whenever possible). */
export function group(steps: readonly Step[], maxBytes: number, reserved: number): Step[][] {
  const groups: Step[][] = [[]];
  let bytes = reserved;
  for (const step of steps) {
    if (bytes + step.bytes > maxBytes && groups[groups.length - 1].length > 0) {
      groups.push([]);
      bytes = 0;
    }
    groups[groups.length - 1].push(step);
    bytes += step.bytes;
  }
  return groups;
}

function newBuildId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function messageOf(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === "string" && code && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
  }
  return String(err);
}

export interface WriterEnv {
  readonly now?: () => Date;
  readonly newId?: () => string;
}

interface SheetInfo {
  readonly name: string;
  readonly id: string;
}

/** Applies `plan`; see the file comment for the guarantees. */
export async function writePlan(run: ExcelRunner, plan: ScorecardPlan, options: WriteOptions = {}, env: WriterEnv = {}): Promise<WriteResult> {
  const maxBytes = options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES;
  const progress = options.onProgress ?? (() => undefined);
  const buildId = (env.newId ?? newBuildId)();
  const builtAt = (env.now ?? (() => new Date()))().toISOString();
  const stored = options.stored ?? null;
  const steps = [...planSteps(plan, maxBytes), ...printSteps(plan)];
  const setUpPages = pageSetup(plan, options.paper ?? "a4");
  const parsed = parseStoredSpec(plan.specStore.json);
  if (isKpiError(parsed)) throw new ScorecardWriteError(`The plan's spec cannot be stored: ${parsed.message}. Nothing was changed.`, true);
  const spec = parsed.spec;

  const state: {
    syncs: number;
    /** A write sync was attempted: from here on a failure needs cleaning up. */
    wrote: boolean;
    /** Every write is committed (only the recalculation may be left). */
    complete: boolean;
    finalName: string;
    replaced: SheetInfo | null;
    specSheetCreated: boolean;
    newSheetId: string;
    specSheetId: string;
    newName: string;
    specName: string;
    initialIds: ReadonlySet<string>;
  } = {
    syncs: 0,
    wrote: false,
    complete: false,
    finalName: plan.sheetName,
    replaced: null,
    specSheetCreated: false,
    newSheetId: "",
    specSheetId: "",
    newName: plan.sheetName,
    specName: plan.specStore.sheetName,
    initialIds: new Set(),
  };

  try {
    await run(async (context: XRequestContext) => {
      const worksheets = context.workbook.worksheets;
      worksheets.load("items/name,items/id,items/visibility");
      await context.sync();
      state.syncs++;
      const sheets: SheetInfo[] = worksheets.items.map((s) => ({ name: s.name, id: s.id }));
      const names = sheets.map((s) => s.name);
      state.initialIds = new Set(sheets.map((s) => s.id));

      // The sheet to rebuild: only the one the stored spec recorded (verified by its marker
      // when the spec was read, and by its id now).
      const oldId = options.rebuild ? stored?.sheet?.id : undefined;
      const replaced = oldId === undefined ? null : (sheets.find((s) => s.id === oldId) ?? null);
      state.replaced = replaced;
      const newName = replaced ? replaced.name : freeSheetName(plan.sheetName, names);
      state.finalName = newName;

      const specSheet = stored ? (sheets.find((s) => s.id === stored.specSheetId) ?? null) : null;
      const specName = specSheet ? specSheet.name : freeSheetName(plan.specStore.sheetName, [...names, newName]);
      state.specSheetCreated = !specSheet;
      state.newName = newName;
      state.specName = specName;
      const record: SpecRecord = { buildId, builtAt, sheetName: state.finalName, json: plan.specStore.json };
      const specCells = specSheetInput(record);
      const reserved = jsonBytes(specCells) + OP_OVERHEAD * 8;
      const groups = group(steps, maxBytes, reserved);

      // A rebuild writes into the old sheet: its charts are listed first, to be deleted with the rest of it.
      let oldCharts: XChart[] = [];
      if (replaced) {
        const charts = worksheets.getItem(replaced.id).charts;
        charts.load("items");
        await context.sync();
        state.syncs++;
        oldCharts = charts.items;
      }

      progress(0.05, "Writing the scorecard…");
      const app = context.workbook.application;
      let sheet: XWorksheet | null = null;
      for (let g = 0; g < groups.length; g++) {
        app.suspendApiCalculationUntilNextSync();
        if (g === 0) app.suspendScreenUpdatingUntilNextSync();
        if (sheet === null && replaced) {
          // In place: same sheet object, so references to it survive; cleared of the old build first.
          sheet = worksheets.getItem(replaced.id);
          for (const chart of oldCharts) chart.delete();
          const whole = sheet.getRange();
          whole.conditionalFormats.clearAll();
          whole.clear("All");
          // clear() leaves the sheet's layout: the old build's hidden columns, tall rows and page breaks go too.
          whole.columnHidden = false;
          whole.format.useStandardHeight = true;
          sheet.horizontalPageBreaks.removePageBreaks();
          sheet.freezePanes.unfreeze();
        } else if (sheet === null) {
          sheet = worksheets.add(newName);
          sheet.customProperties.add(MARKER_KEY, scorecardMarker(buildId));
        } else {
          sheet = worksheets.getItem(replaced ? replaced.id : newName);
        }
        state.wrote = true;
        for (const step of groups[g]) step.apply(sheet);

        const last = g === groups.length - 1;
        let spec: XWorksheet | null = null;
        if (last) {
          if (specSheet) {
            spec = worksheets.getItem(specSheet.id);
          } else {
            spec = worksheets.add(specName);
            spec.customProperties.add(MARKER_KEY, specMarker(buildId));
            spec.visibility = "VeryHidden";
          }
          // Write the new record first, then clear what a longer old record left below it.
          spec.getRangeByIndexes(0, 0, specCells.length, 2).values = specCells;
          if (specSheet) spec.getRangeByIndexes(specCells.length, 0, SPEC_CLEAR_ROWS, 2).clear("Contents");
          spec.load("id");
          // A rebuilt sheet takes this build's marker last, once everything before it is written.
          if (replaced) sheet.customProperties.add(MARKER_KEY, scorecardMarker(buildId));
          sheet.activate();
          sheet.load("id");
        }
        await context.sync();
        state.syncs++;
        if (spec) {
          state.newSheetId = sheet.id;
          state.specSheetId = spec.id;
        }
        progress(0.05 + (0.9 * (g + 1)) / groups.length, "Writing the scorecard…");
      }
      // Calculation was suspended while writing: recalculating is ours to do (see the file comment).
      // The scorecard is complete by now, so a failure here is no reason to take it away: the
      // page setup comes last (what Excel applied before a refused call stays applied).
      state.complete = true;
      app.calculate("Full");
      if (sheet) setUpPages(sheet);
      await context.sync();
      state.syncs++;
      progress(1, "Writing the scorecard…");
    });
  } catch (err) {
    const message = messageOf(err);
    if (state.complete) {
      return resultOf(state, [
        `Excel refused the page setup (${message}). The scorecard is complete; it prints with Excel's own page setup until you set one (Page Layout > Fit to 1 page wide).`,
      ]);
    }
    if (!state.wrote) throw new ScorecardWriteError(`The scorecard could not be built: ${message}. Nothing was changed.`, true);
    const failure = await cleanUp(run, {
      buildId,
      newName: state.newName,
      specName: state.specName,
      initialIds: state.initialIds,
      replaced: state.replaced,
      stored,
      specSheetCreated: state.specSheetCreated,
    });
    throw new ScorecardWriteError(`The scorecard could not be built: ${message}. ${failure.note}`, failure.clean);
  }

  return resultOf(state);

  function resultOf(st: typeof state, warnings: readonly string[] = []): WriteResult {
    return {
      warnings,
      sheetName: st.finalName,
      replaced: st.replaced?.name ?? null,
      syncs: st.syncs,
      stored: {
        spec,
        specSheetId: st.specSheetId,
        buildId,
        builtAt,
        record: { buildId, builtAt, sheetName: st.finalName, json: plan.specStore.json },
        sheet: { id: st.newSheetId, name: st.finalName },
      },
    };
  }
}

interface CleanUpInput {
  readonly buildId: string;
  /** Names this build gave the sheets it added. */
  readonly newName: string;
  readonly specName: string;
  /** Ids of the sheets that were there before the build. */
  readonly initialIds: ReadonlySet<string>;
  readonly replaced: SheetInfo | null;
  readonly stored: StoredScorecard | null;
  readonly specSheetCreated: boolean;
}

/**
 * After a failed write: delete what this build added and put the previous spec back, unless
 * the old scorecard was already deleted by the batch, in which case the new sheet is complete
 * and stays. A sheet counts as this build's when it carries this build's marker, or when it
 * was not there before, has no marker and bears the name this build gave it (the add ran,
 * the marker did not).
 */
async function cleanUp(run: ExcelRunner, input: CleanUpInput): Promise<{ clean: boolean; note: string }> {
  const { buildId, replaced, stored, specSheetCreated } = input;
  try {
    return await run(async (context) => {
      const worksheets = context.workbook.worksheets;
      worksheets.load("items/name,items/id,items/visibility");
      await context.sync();
      const sheets = worksheets.items.map((s) => ({ sheet: s, name: s.name, id: s.id, visibility: s.visibility }));
      const marks = sheets.map((s) => ({ ...s, marker: s.sheet.customProperties.getItemOrNullObject(MARKER_KEY) }));
      for (const m of marks) m.marker.load("value");
      await context.sync();
      const ours = new Set([scorecardMarker(buildId), ...(specSheetCreated ? [specMarker(buildId)] : [])]);
      const addedNames = new Set([input.newName, ...(specSheetCreated ? [input.specName] : [])].map((n) => n.toLowerCase()));
      // The rebuilt sheet is the user's scorecard: it is never deleted, only given its old marker back.
      const doomed = marks.filter(
        (m) =>
          m.id !== replaced?.id && (m.marker.isNullObject ? !input.initialIds.has(m.id) && addedNames.has(m.name.toLowerCase()) : ours.has(m.marker.value)),
      );
      for (const m of doomed) {
        const doomedSheet = worksheets.getItem(m.id);
        // Excel refuses to delete a very hidden sheet (the typings' Worksheet.delete): hide it plainly first.
        if (m.visibility === "VeryHidden") doomedSheet.visibility = "Hidden";
        doomedSheet.delete();
      }
      const rebuilt = replaced ? sheets.find((s) => s.id === replaced.id) : undefined;
      if (rebuilt && stored) worksheets.getItem(rebuilt.id).customProperties.add(MARKER_KEY, scorecardMarker(stored.buildId));
      if (stored && !specSheetCreated && sheets.some((s) => s.id === stored.specSheetId)) {
        // The failed batch may have written the new record already: put the old one back.
        const cells = specSheetInput(stored.record);
        const spec = worksheets.getItem(stored.specSheetId);
        spec.getRangeByIndexes(0, 0, cells.length, 2).values = cells;
        spec.getRangeByIndexes(cells.length, 0, SPEC_CLEAR_ROWS, 2).clear("Contents");
      }
      await context.sync();
      if (rebuilt) {
        return { clean: false, note: `The scorecard "${rebuilt.name}" may be partly rewritten (its previous spec is kept): press Rebuild to write it again.` };
      }
      return { clean: true, note: "The workbook was left as it was." };
    });
  } catch (err) {
    return {
      clean: false,
      note: `Cleaning up failed too (${messageOf(err)}): delete any sheet this build added by hand.`,
    };
  }
}

/**
 * An XY scatter chart (the key drivers' importance against performance): the chart made from the
 * first point, then a series per other point, per tag and per guide line, each reading its cells;
 * points labelled by their names (but those the chart lists unlabelled), tags by their names
 * without a marker, guide lines dashed grey without markers.
 */
function scatterStep(chart: PlanScatterChart): Step {
  const tags = chart.tags ?? [];
  const names = [...chart.points, ...tags, ...chart.lines].map((s) => s.name).join("");
  return {
    bytes: jsonBytes(chart.title + chart.xTitle + chart.yTitle + names) + OP_OVERHEAD * (8 + 8 * (chart.points.length + tags.length + chart.lines.length)),
    apply: (sheet) => {
      const [first] = chart.points;
      const added = sheet.charts.add("XYScatter", rangeOf(sheet, first.y), "Columns");
      added.title.text = chart.title;
      added.legend.visible = false;
      const draw = (series: XChartSeries, s: PlanXySeries, kind: "point" | "unlabelled" | "tag" | "line") => {
        series.name = s.name;
        series.setXAxisValues(rangeOf(sheet, s.x));
        series.setValues(rangeOf(sheet, s.y));
        if (kind === "line") {
          series.chartType = "XYScatterLinesNoMarkers";
          series.format.line.lineStyle = "Dash";
          series.format.line.color = "#7F7F7F";
        } else if (kind !== "unlabelled") {
          if (kind === "tag") series.markerStyle = "None";
          series.hasDataLabels = true;
          series.dataLabels.showSeriesName = true;
          series.dataLabels.showValue = false;
        }
      };
      const pointKind = (k: number) => (chart.unlabelled?.includes(k) ? "unlabelled" : "point");
      draw(added.series.getItemAt(0), first, pointKind(0));
      chart.points.slice(1).forEach((p, k) => draw(added.series.add(p.name), p, pointKind(k + 1)));
      for (const t of tags) draw(added.series.add(t.name), t, "tag");
      for (const l of chart.lines) draw(added.series.add(l.name), l, "line");
      const { categoryAxis: x, valueAxis: y } = added.axes;
      x.title.text = chart.xTitle;
      x.numberFormat = chart.xFormat;
      x.minimum = 0;
      x.maximum = 1;
      y.title.text = chart.yTitle;
      y.numberFormat = chart.yFormat;
      y.minimum = 0;
      const a = chart.anchor;
      added.setPosition(cellAddress(a.row, a.col), cellAddress(a.row + a.rows - 1, a.col + a.cols - 1));
    },
  };
}
