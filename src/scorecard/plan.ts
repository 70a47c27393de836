/**
 * planScorecard: ScorecardSpec + data -> ScorecardPlan. Pure: no Office.js, no exceljs, no fs.
 *
 * Layout (0-based rows): title, source, build line, a blank, the header row (frozen), then
 * "Leading indicators" and "Lagging indicators" sections with a row per KPI (value, n, margin
 * of error, target, target date, gap, baseline, progress, benchmark, difference, green at,
 * amber at, status, note, one column per segment), then the inputs the aggregate KPIs read,
 * the legend of bands, the trend block (a row per column KPI, a column per period) and its
 * charts. Thresholds are cells; conditional formats and status formulas read them, so a user
 * can change a threshold in the sheet and see the colours move without rebuilding.
 */
import {
  bandIndex, ces, cesFormula, churn, churnFormula, cii, ciiFormula, cis, clv, clvFormula, clvMargin,
  clvMarginFormula, countNumeric, csat, csatFormula, engagement, engagementFormula, errors, fcr, fcrCountFormula,
  fcrFormula, isKpiError, KpiError, kpiMeta, KPIS, moeOf, npsCounts, npsFormula, npsMoeFormula, npsOf,
  readFlag, readNumber, retention, retentionFormula, revenuePerCustomer, revenuePerCustomerFormula,
  rowsWithNumbersFormula, sentimentOf, sumNumeric, type KpiMeta, type Result, type Thresholds, thresholdsFor,
} from "../kpi";
import { cellAddress, columnLetter, parseAddress, sheetPrefix } from "./a1";
import { AGGREGATE_INPUTS, serializeStoredSpec } from "./spec";
import {
  type AggregateInput, type CachedValue, type ColumnMapping, type DataTable, DEFAULT_SHEET_NAME, type FormulaCell,
  type KpiSettings, type KpiSummary, type PlanBlock, type PlanCell, type PlanChart, type PlanConditionalFormat,
  type PlanRule, type PlanStyle, type ScorecardPlan, type ScorecardSpec, SPEC_SHEET,
} from "./types";

export interface PlanInput {
  readonly spec: ScorecardSpec;
  readonly data: DataTable;
  /** Sheets already in the workbook: the scorecard never takes one of their names. */
  readonly existingSheets: readonly string[];
  readonly builtAt: Date;
  /** Sheet the formulas read the data from, when it differs from spec.source.sheet (the CLI's copy). */
  readonly dataSheet?: string;
  /** A scorecard the add-in made before and that the writer deletes in the same batch: its name is free. */
  readonly replaceSheet?: string;
}

/** Most segment columns a scorecard shows (the most frequent ones). */
export const MAX_SEGMENTS = 50;
/** Most periods a trend block shows (the most recent ones). */
export const MAX_PERIODS = 60;
/** Fewer responses than this and the note column says the sample is small. */
export const SMALL_SAMPLE = 30;

export const BAND_STYLE = {
  green: { fill: "#C6EFCE", fontColor: "#006100" },
  amber: { fill: "#FFEB9C", fontColor: "#9C5700" },
  red: { fill: "#FFC7CE", fontColor: "#9C0006" },
} as const;

// Columns of the KPI table.
const C = {
  kpi: 0, value: 1, n: 2, moe: 3, target: 4, targetDate: 5, gap: 6, baseline: 7, progress: 8,
  benchmark: 9, vsBenchmark: 10, green: 11, amber: 12, status: 13, note: 14, firstSegment: 15,
} as const;
const HEADERS = [
  "KPI", "Value", "n", "± Margin (95%)", "Target", "Target date", "Gap to target", "Baseline", "Progress",
  "Benchmark", "vs benchmark", "Green at", "Amber at", "Status", "Note",
];
const HEADER_ROW = 4;

/** A group of data rows: everything, one segment, or one period. */
interface Group {
  readonly label: string;
  /** Indices of the data rows in the group. */
  readonly rows: readonly number[];
  /** Formula condition selecting the group's rows (an array expression), or null for all. */
  readonly mask: string | null;
}

interface Computed {
  readonly value: Result<number>;
  readonly n: number | null;
  readonly moe?: number;
}

/** One KPI row: how to compute it on data and how to write it as a formula. */
interface KpiRowDef {
  readonly meta: KpiMeta;
  readonly title: string;
  /** Column KPIs can be split by segment and period; aggregate ones cannot. */
  readonly perRow: boolean;
  readonly compute: (group: Group) => Computed;
  /** Formula text (with "=") of the value for a mode, or null when the mode has no formula for it. */
  readonly formula: (mode: "live" | "portable", mask: string | null) => string | null;
  readonly nFormula: ((mask: string | null) => string) | null;
  readonly moeFormula: ((mode: "live" | "portable", mask: string | null) => string) | null;
}

type Aggregates = Partial<Record<AggregateInput, number>>;

function cached(value: Result<number>): CachedValue {
  return isKpiError(value) ? { error: value.code } : value;
}

function f(formula: string, value: CachedValue | null): FormulaCell {
  return { formula: formula.startsWith("=") ? formula : `=${formula}`, value };
}

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** Excel serial date -> UTC date. */
function serialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86400000));
}

function dateToSerial(d: Date): number {
  return d.getTime() / 86400000 + 25569;
}

/** The sheet name for a new scorecard: the default, or the next free "KPI Scorecard (2)"... */
export function scorecardSheetName(existing: readonly string[], replace?: string): string {
  const taken = new Set(existing.filter((n) => n !== replace).map((n) => n.toLowerCase()));
  if (!taken.has(DEFAULT_SHEET_NAME.toLowerCase())) return DEFAULT_SHEET_NAME;
  for (let k = 2; ; k++) {
    const name = `${DEFAULT_SHEET_NAME} (${k})`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

class Builder {
  readonly blocks: PlanBlock[] = [];
  readonly styles: PlanStyle[] = [];
  readonly conditionalFormats: PlanConditionalFormat[] = [];
  maxRow = 0;
  maxCol = 0;

  block(row: number, col: number, cells: PlanCell[][], formats?: string[][]): void {
    if (cells.length === 0 || cells[0].length === 0) return;
    const numberFormats = formats ?? cells.map((r) => r.map(() => "General"));
    this.blocks.push({ row, col, cells, numberFormats });
    this.maxRow = Math.max(this.maxRow, row + cells.length - 1);
    this.maxCol = Math.max(this.maxCol, col + cells[0].length - 1);
  }

  style(style: PlanStyle): void {
    this.styles.push(style);
  }
}

/** Builds the band rules of a range whose values are compared with one row's threshold cells. */
function bandRules(firstCell: string, greenCell: string, amberCell: string, lowerIsBetter: boolean): PlanRule[] {
  const ok = `ISNUMBER(${firstCell}),ISNUMBER(${greenCell}),ISNUMBER(${amberCell})`;
  const ge = lowerIsBetter ? "<=" : ">=";
  const lt = lowerIsBetter ? ">" : "<";
  return [
    { band: "green", formula: `=AND(${ok},${firstCell}${ge}${greenCell})`, ...BAND_STYLE.green },
    { band: "amber", formula: `=AND(${ok},${firstCell}${lt}${greenCell},${firstCell}${ge}${amberCell})`, ...BAND_STYLE.amber },
    { band: "red", formula: `=AND(${ok},${firstCell}${lt}${amberCell})`, ...BAND_STYLE.red },
  ];
}

export function planScorecard(input: PlanInput): Result<ScorecardPlan> {
  const { spec, data } = input;
  const source = parseAddress(spec.source.address);
  if (!source) return errors.invalid(`the source range "${spec.source.address}" is not an A1 range`);
  if (data.rows.length === 0) return errors.invalid("the selected data has a header row but no data rows");
  const dataSheet = input.dataSheet ?? spec.source.sheet;
  const firstDataRow = source.row + 1;
  const lastDataRow = source.row + data.rows.length;
  const prefix = sheetPrefix(dataSheet);
  const refOf = (index: number): string => {
    const letter = columnLetter(source.col + index);
    return `${prefix}$${letter}$${firstDataRow + 1}:$${letter}$${lastDataRow + 1}`;
  };
  const masked = (ref: string, mask: string | null): string => (mask ? `IF(${mask},${ref},"")` : ref);
  const column = (index: number, group: Group): unknown[] => {
    const out = new Array<unknown>(group.rows.length);
    for (let k = 0; k < group.rows.length; k++) out[k] = data.rows[group.rows[k]][index];
    return out;
  };

  for (const c of spec.columns) {
    if (c.index >= data.headers.length) return errors.invalid(`column ${c.index + 1} ("${c.header}") is outside the data, which has ${data.headers.length} columns`);
  }
  const byRole = (role: ColumnMapping["role"]) => spec.columns.filter((c) => c.role === role);

  // Groups: everything, segments, periods.
  const allRows = Array.from({ length: data.rows.length }, (_, k) => k);
  const overall: Group = { label: "All", rows: allRows, mask: null };
  const segmentColumn = byRole("segment")[0];
  const segments = segmentColumn ? segmentGroups(data, segmentColumn, refOf(segmentColumn.index)) : { groups: [], total: 0 };
  const periodColumn = byRole("period")[0];
  const periods = periodColumn ? periodGroups(data, periodColumn.index, refOf(periodColumn.index), spec.trend) : [];

  const aggregates: Aggregates = spec.aggregates;
  const settingsOf = (id: string): KpiSettings => spec.kpis[id] ?? {};
  const defs: KpiRowDef[] = [];

  const meta = (id: string): KpiMeta => {
    const m = kpiMeta(id);
    if (!m) throw new Error(`KPI ${id} is missing from the registry`);
    return m;
  };
  const titled = (m: KpiMeta, header: string, many: boolean) => (many ? `${m.title}: ${header}` : `${m.title} (${m.id})`);

  // Column KPIs, one row per mapped column.
  const npsCols = byRole("nps");
  for (const c of npsCols) {
    const ref = refOf(c.index);
    defs.push({
      meta: meta("NPS"),
      title: titled(meta("NPS"), c.header, npsCols.length > 1),
      perRow: true,
      compute: (g) => {
        const counts = npsCounts([column(c.index, g)]);
        if (isKpiError(counts)) return { value: counts, n: null };
        if (counts.n === 0) return { value: errors.noNumeric(), n: 0 };
        return { value: npsOf(counts), n: counts.n, moe: moeOf(counts, 0.95, "wald") };
      },
      formula: (mode, mask) => (mode === "live" ? `=KPI.NPS(${masked(ref, mask)})` : `=${npsFormula(masked(ref, mask))}`),
      nFormula: (mask) => `=${countNumeric(masked(ref, mask))}`,
      moeFormula: (mode, mask) => (mode === "live" ? `=KPI.NPS.MOE(${masked(ref, mask)})` : `=${npsMoeFormula(masked(ref, mask))}`),
    });
  }
  const scaleKpis: [ColumnMapping["role"], "CSAT" | "CES", number][] = [["csat", "CSAT", 5], ["ces", "CES", 7]];
  for (const [role, id, defaultMax] of scaleKpis) {
    const cols = byRole(role);
    const scaleMax = settingsOf(id).scaleMax ?? defaultMax;
    for (const c of cols) {
      const ref = refOf(c.index);
      const compute = id === "CSAT" ? (g: Group) => csat([column(c.index, g)], scaleMax) : (g: Group) => ces([column(c.index, g)], scaleMax);
      defs.push({
        meta: meta(id),
        title: titled(meta(id), c.header, cols.length > 1),
        perRow: true,
        compute: (g) => ({ value: compute(g), n: countNumbers(column(c.index, g)) }),
        formula: (mode, mask) => {
          const r = masked(ref, mask);
          if (mode === "live") return id === "CSAT" ? `=KPI.CSAT(${r},${scaleMax})` : `=KPI.CES(${r},${scaleMax})`;
          return id === "CSAT" ? `=${csatFormula(r, scaleMax, scaleMax - 1)}` : `=${cesFormula(r, scaleMax)}`;
        },
        nFormula: (mask) => `=${countNumeric(masked(ref, mask))}`,
        moeFormula: null,
      });
    }
  }
  const fcrCols = byRole("fcr");
  for (const c of fcrCols) {
    const ref = refOf(c.index);
    defs.push({
      meta: meta("FCR"),
      title: titled(meta("FCR"), c.header, fcrCols.length > 1),
      perRow: true,
      compute: (g) => {
        const cells = column(c.index, g);
        return { value: fcr([cells]), n: cells.reduce<number>((k, v) => (typeof readFlag(v) === "boolean" ? k + 1 : k), 0) };
      },
      formula: (mode, mask) => (mode === "live" ? `=KPI.FCR(${masked(ref, mask)})` : `=${fcrFormula(masked(ref, mask))}`),
      nFormula: (mask) => `=${fcrCountFormula(masked(ref, mask))}`,
      moeFormula: null,
    });
  }
  const sentimentCols = byRole("sentiment");
  for (const c of sentimentCols) {
    const ref = refOf(c.index);
    let scores: (number | null)[] | undefined;
    defs.push({
      meta: meta("SENTIMENT"),
      title: titled(meta("SENTIMENT"), c.header, sentimentCols.length > 1),
      perRow: true,
      compute: (g) => {
        // Each comment is scored once, however many groups (all, segment, period) it falls in.
        scores ??= data.rows.map((row) => {
          const v = row[c.index];
          return typeof v === "string" && v.trim() !== "" ? sentimentOf(v) : null;
        });
        let sum = 0;
        let n = 0;
        for (const k of g.rows) {
          const score = scores[k];
          if (score === null) continue;
          sum += score;
          n++;
        }
        return { value: n === 0 ? new KpiError("#N/A", "no text in the column") : sum / n, n };
      },
      formula: (mode, mask) => (mode === "live" ? `=AVERAGE(KPI.SENTIMENT(${masked(ref, mask)}))` : null),
      nFormula: (mask) => `=SUMPRODUCT(--ISTEXT(${masked(ref, mask)}),--(LEN(TRIM(${masked(ref, mask)}))>0))`,
      moeFormula: null,
    });
  }
  const matrixKpis: [ColumnMapping["role"], "ENGAGEMENT" | "CIS"][] = [["engagement", "ENGAGEMENT"], ["impact", "CIS"]];
  for (const [role, id] of matrixKpis) {
    const cols = byRole(role);
    if (cols.length === 0) continue;
    const refs = cols.map((c) => refOf(c.index));
    const weights = cols.map((c) => c.weight ?? 1);
    const weighted = id === "ENGAGEMENT" && weights.some((w) => w !== 1);
    const matrix = (g: Group) => g.rows.map((r) => cols.map((c) => data.rows[r][c.index]));
    const liveRange = (mask: string | null) => {
      const range = refs.length === 1 ? refs[0] : `HSTACK(${refs.join(",")})`;
      return masked(range, mask);
    };
    defs.push({
      meta: meta(id),
      title: `${meta(id).title} (${id}): ${cols.map((c) => c.header).join(", ")}`,
      perRow: true,
      compute: (g) => {
        const m = matrix(g);
        const value = id === "ENGAGEMENT" ? engagement(m, weighted ? [weights] : null) : cis(m);
        const n = m.reduce((k, row) => (row.some((v) => typeof readNumber(v) === "number") ? k + 1 : k), 0);
        return { value, n };
      },
      formula: (mode, mask) => {
        if (mode === "live") {
          const w = weighted ? `,{${weights.join(",")}}` : "";
          return id === "ENGAGEMENT" ? `=KPI.ENGAGEMENT(${liveRange(mask)}${w})` : `=KPI.CIS(${liveRange(mask)})`;
        }
        const mrefs = refs.map((r) => masked(r, mask));
        const customers = rowsWithNumbersFormula(mrefs);
        if (id === "ENGAGEMENT") return `=${engagementFormula(mrefs, weighted ? weights : null, customers)}`;
        return `=(${mrefs.map((r) => sumNumeric(r)).join("+")})/${customers}`;
      },
      nFormula: (mask) => `=${rowsWithNumbersFormula(refs.map((r) => masked(r, mask)))}`,
      moeFormula: null,
    });
  }
  // Aggregate inputs get cells in the inputs block; formulas read those cells.
  const inputRows = AGGREGATE_INPUTS.filter((a) => aggregates[a.key] !== undefined);
  const inputCell = new Map<AggregateInput, string>();
  const revenueCols = byRole("revenue");
  for (const c of revenueCols) {
    const ref = refOf(c.index);
    const given = aggregates.customers;
    defs.push({
      meta: meta("REVENUEPERCUSTOMER"),
      title: titled(meta("REVENUEPERCUSTOMER"), c.header, revenueCols.length > 1),
      perRow: true,
      compute: (g) => {
        const cells = column(c.index, g);
        const n = countNumbers(cells);
        // The customer count given applies to all rows; a segment or period counts its own revenue rows, as its formula does.
        const customers = given !== undefined && g.mask === null ? given : n;
        return { value: customers > 0 ? revenuePerCustomer([cells], customers) : errors.noNumeric(), n };
      },
      formula: (mode, mask) => {
        const r = masked(ref, mask);
        const customers = given !== undefined && !mask ? inputRef("customers") : countNumeric(r);
        return mode === "live" ? `=KPI.REVENUEPERCUSTOMER(${r},${customers})` : `=${revenuePerCustomerFormula(r, customers)}`;
      },
      nFormula: (mask) => `=${countNumeric(masked(ref, mask))}`,
      moeFormula: null,
    });
  }
  function inputRef(key: AggregateInput): string {
    const cell = inputCell.get(key);
    if (!cell) throw new Error(`input ${key} has no cell`);
    return cell;
  }
  const has = (...keys: AggregateInput[]) => keys.every((k) => aggregates[k] !== undefined);
  const aggregate = (id: string, compute: () => Result<number>, live: () => string, portable: () => string) => {
    defs.push({
      meta: meta(id),
      title: `${meta(id).title} (${id})`,
      perRow: false,
      compute: () => ({ value: compute(), n: null }),
      formula: (mode) => (mode === "live" ? live() : portable()),
      nFormula: null,
      moeFormula: null,
    });
  };
  const a = aggregates;
  if (has("interactions", "innovationProjects")) {
    aggregate("CII", () => cii(a.interactions, a.innovationProjects),
      () => `=KPI.CII(${inputRef("interactions")},${inputRef("innovationProjects")})`,
      () => `=${ciiFormula(inputRef("interactions"), inputRef("innovationProjects"))}`);
  }
  if (has("customersStart", "customersLost")) {
    aggregate("CHURN", () => churn(a.customersStart, a.customersLost),
      () => `=KPI.CHURN(${inputRef("customersStart")},${inputRef("customersLost")})`,
      () => `=${churnFormula(inputRef("customersStart"), inputRef("customersLost"))}`);
  }
  if (has("customersStart", "customersEnd", "newCustomers")) {
    aggregate("RETENTION", () => retention(a.customersStart, a.customersEnd, a.newCustomers),
      () => `=KPI.RETENTION(${inputRef("customersStart")},${inputRef("customersEnd")},${inputRef("newCustomers")})`,
      () => `=${retentionFormula(inputRef("customersStart"), inputRef("customersEnd"), inputRef("newCustomers"))}`);
  }
  if (has("avgPurchaseValue", "purchasesPerYear", "lifespanYears")) {
    const m = a.margin !== undefined;
    aggregate("CLV", () => clv(a.avgPurchaseValue, a.purchasesPerYear, a.lifespanYears, a.margin ?? null),
      () => `=KPI.CLV(${inputRef("avgPurchaseValue")},${inputRef("purchasesPerYear")},${inputRef("lifespanYears")}${m ? `,${inputRef("margin")}` : ""})`,
      () => `=${clvFormula(inputRef("avgPurchaseValue"), inputRef("purchasesPerYear"), inputRef("lifespanYears"), m ? inputRef("margin") : undefined)}`);
  }
  if (has("marginPerPeriod", "retentionRate", "discountRate")) {
    const ac = a.acquisitionCost !== undefined;
    aggregate("CLV.MARGIN", () => clvMargin(a.marginPerPeriod, a.retentionRate, a.discountRate, a.acquisitionCost ?? null),
      () => `=KPI.CLV.MARGIN(${inputRef("marginPerPeriod")},${inputRef("retentionRate")},${inputRef("discountRate")}${ac ? `,${inputRef("acquisitionCost")}` : ""})`,
      () => `=${clvMarginFormula(inputRef("marginPerPeriod"), inputRef("retentionRate"), inputRef("discountRate"), ac ? inputRef("acquisitionCost") : 0)}`);
  }

  if (defs.length === 0) {
    return errors.invalid("no KPI to show: map at least one column to a KPI (NPS, CSAT, CES, FCR, ...) or give the inputs of an aggregate KPI");
  }
  // Leading first, then lagging; within each, the registry's order.
  const order = (m: KpiMeta) => KPIS.indexOf(m);
  const leading = defs.filter((d) => d.meta.indicator === "leading").sort((x, y) => order(x.meta) - order(y.meta));
  const lagging = defs.filter((d) => d.meta.indicator === "lagging").sort((x, y) => order(x.meta) - order(y.meta));

  // Every column KPI must have something to compute from: a mapped column with no usable values is an error.
  const results = new Map<KpiRowDef, Computed>();
  for (const d of [...leading, ...lagging]) {
    const r = d.compute(overall);
    if (d.perRow && isKpiError(r.value) && r.value.code === "#N/A") {
      return errors.invalid(`${d.title}: the column has no usable values (${r.value.message})`);
    }
    results.set(d, isKpiError(r.value) ? { ...r, value: locate(r.value, d, source.row + 2) } : r);
  }

  const mode = spec.mode;
  const b = new Builder();
  const sheetName = scorecardSheetName(input.existingSheets, input.replaceSheet);
  const segmentCount = segments.groups.length;
  const lastCol = C.firstSegment + segmentCount - 1;

  // Title block.
  const title = spec.title ?? "Customer KPI Scorecard";
  const sourceLabel = spec.source.table
    ? `${spec.source.table} (${sheetPrefix(spec.source.sheet)}${spec.source.address})`
    : `${sheetPrefix(spec.source.sheet)}${spec.source.address}`;
  const modeLabel = { live: "Live (KPI.* formulas, recalculate with the add-in)", portable: "Portable (native Excel formulas, no add-in needed)", values: "Values (a snapshot)" }[mode];
  b.block(0, 0, [[title], [`Source: ${sourceLabel}, ${data.rows.length.toLocaleString("en-US")} data rows`], [`Built: ${input.builtAt.toISOString().slice(0, 16).replace("T", " ")} UTC. Mode: ${modeLabel}`]]);
  b.style({ range: { row: 0, col: 0, rows: 1, cols: 1 }, bold: true, fontSize: 16 });
  b.style({ range: { row: 1, col: 0, rows: 2, cols: 1 }, italic: true, fontColor: "#595959" });

  // Header row.
  const segmentHeaders = segments.groups.map((g) => `${segmentColumn?.header ?? "Segment"}: ${g.label}`);
  b.block(HEADER_ROW, 0, [[...HEADERS, ...segmentHeaders]]);
  b.style({ range: { row: HEADER_ROW, col: 0, rows: 1, cols: lastCol + 1 }, bold: true, fill: "#1F4E79", fontColor: "#FFFFFF", horizontal: "center", wrap: true });

  // Inputs block position is known once the KPI rows are counted.
  const kpiRowCount = (leading.length > 0 ? leading.length + 1 : 0) + (lagging.length > 0 ? lagging.length + 1 : 0);
  const inputsTitleRow = HEADER_ROW + 1 + kpiRowCount + 1;
  inputRows.forEach((inp, k) => inputCell.set(inp.key, cellAddress(inputsTitleRow + 1 + k, 1, true)));

  const summary: KpiSummary[] = [];
  const trendRows: { def: KpiRowDef; kpiRow: number }[] = [];
  let row = HEADER_ROW + 1;
  const writeSection = (label: string, list: KpiRowDef[]) => {
    if (list.length === 0) return;
    b.block(row, 0, [[label]]);
    b.style({ range: { row, col: 0, rows: 1, cols: lastCol + 1 }, bold: true, fill: "#D9E1F2" });
    row++;
    for (const d of list) {
      writeKpiRow(d, row);
      if (d.perRow) trendRows.push({ def: d, kpiRow: row });
      row++;
    }
  };

  const writeKpiRow = (d: KpiRowDef, r: number) => {
    const computed = results.get(d) as Computed;
    const settings = settingsOf(d.meta.id);
    const fmt = d.meta.numberFormat;
    const addr = (col: number) => cellAddress(r, col);
    const abs = (col: number) => `$${columnLetter(col)}${r + 1}`;
    const value = computed.value;
    const valueNumber = isKpiError(value) ? null : value;
    const valueCell = (formula: string | null, v: Result<number>): PlanCell => {
      if (mode === "values" || formula === null) return isKpiError(v) ? `${v.code} ${v.message}` : v;
      return f(formula, cached(v));
    };
    const mainFormula = mode === "values" ? null : d.formula(mode, null);

    // Thresholds: user overrides, defaults, or (target-based) formulas on the target cell.
    const target = settings.target;
    let thresholds: Thresholds | null = null;
    let greenCell: PlanCell = null;
    let amberCell: PlanCell = null;
    const t = thresholdsFor(d.meta, settings.green ?? (d.meta.bands.kind === "target" ? target : undefined), settings.amber);
    if (!isKpiError(t)) {
      thresholds = t;
      if (d.meta.bands.kind === "target" && settings.green === undefined && target !== undefined) {
        greenCell = f(`=${addr(C.target)}`, t.green);
        amberCell = settings.amber === undefined ? f(`=${addr(C.target)}*${d.meta.bands.amberShare}`, t.amber) : t.amber;
      } else {
        greenCell = t.green;
        amberCell = t.amber;
      }
    }
    const labels = d.meta.bands.labels;
    const ge = d.meta.direction === "higher" ? ">=" : "<=";
    const band = valueNumber !== null && thresholds ? bandIndex(valueNumber, thresholds) : null;
    const status = f(
      `=IF(AND(ISNUMBER(${addr(C.value)}),ISNUMBER(${addr(C.green)}),ISNUMBER(${addr(C.amber)})),IF(${addr(C.value)}${ge}${addr(C.green)},${quote(labels[0])},IF(${addr(C.value)}${ge}${addr(C.amber)},${quote(labels[1])},${quote(labels[2])})),"")`,
      band === null ? "" : labels[band],
    );
    const n = computed.n;
    const nCell: PlanCell = n === null ? null : mode === "values" || !d.nFormula ? n : f(d.nFormula(null), n);
    const moeCell: PlanCell = computed.moe === undefined || !d.moeFormula ? null : mode === "values" ? computed.moe : f(d.moeFormula(mode, null), computed.moe);
    const gap = valueNumber !== null && target !== undefined ? valueNumber - target : "";
    const gapCell = f(`=IF(AND(ISNUMBER(${addr(C.value)}),ISNUMBER(${addr(C.target)})),${addr(C.value)}-${addr(C.target)},"")`, gap);
    const baseline = settings.baseline;
    const progressValue = valueNumber !== null && target !== undefined && baseline !== undefined && target !== baseline ? (valueNumber - baseline) / (target - baseline) : "";
    const progressBody = mode === "live"
      ? `KPI.PROGRESS(${addr(C.baseline)},${addr(C.value)},${addr(C.target)})`
      : `(${addr(C.value)}-${addr(C.baseline)})/(${addr(C.target)}-${addr(C.baseline)})`;
    const progressCell = f(`=IF(AND(ISNUMBER(${addr(C.value)}),ISNUMBER(${addr(C.target)}),ISNUMBER(${addr(C.baseline)}),${addr(C.target)}<>${addr(C.baseline)}),${progressBody},"")`, progressValue);
    const benchmark = settings.benchmark;
    const vsBenchmark = f(`=IF(AND(ISNUMBER(${addr(C.value)}),ISNUMBER(${addr(C.benchmark)})),${addr(C.value)}-${addr(C.benchmark)},"")`, valueNumber !== null && benchmark !== undefined ? valueNumber - benchmark : "");
    const notes: string[] = [];
    if (n !== null && n < SMALL_SAMPLE) notes.push(`small sample (n < ${SMALL_SAMPLE})`);
    if (mainFormula === null && mode !== "values") notes.push("value computed by the add-in: no native Excel formula exists");
    if (isKpiError(value)) notes.push(value.message);
    if (d.meta.bands.kind === "target" && target === undefined && settings.green === undefined) notes.push("set a target to band this KPI");
    const nRef = addr(C.n);
    const noteCell: PlanCell = n === null
      ? notes.join("; ")
      : f(`=IF(AND(ISNUMBER(${nRef}),${nRef}<${SMALL_SAMPLE}),${quote(`small sample (n < ${SMALL_SAMPLE})`)},${quote(notes.filter((x) => !x.startsWith("small sample")).join("; "))})`, notes.join("; "));

    const cells: PlanCell[] = [
      d.title, valueCell(mainFormula, value), nCell, moeCell, target ?? null, settings.targetDate ?? null, gapCell,
      baseline ?? null, progressCell, benchmark ?? null, vsBenchmark, greenCell, amberCell, status, noteCell,
    ];
    const formats = ["General", fmt, "#,##0", "0.0", fmt, "yyyy-mm-dd", fmt, fmt, "0%", fmt, fmt, fmt, fmt, "General", "General"];
    // Segment cells.
    const segmentValues: (number | null)[] = [];
    for (const g of segments.groups) {
      if (!d.perRow) {
        cells.push(null);
        formats.push("General");
        segmentValues.push(null);
        continue;
      }
      const c = d.compute(g);
      const formula = mode === "values" ? null : d.formula(mode, g.mask);
      cells.push(valueCell(formula, c.value));
      formats.push(fmt);
      segmentValues.push(isKpiError(c.value) ? null : c.value);
    }
    b.block(r, 0, [cells], [formats]);

    // Bands: value, status and segment cells compare with this row's threshold cells.
    const lower = d.meta.direction === "lower";
    const green = `$${columnLetter(C.green)}${r + 1}`;
    const amber = `$${columnLetter(C.amber)}${r + 1}`;
    b.conditionalFormats.push({ range: { row: r, col: C.value, rows: 1, cols: 1 }, rules: bandRules(addr(C.value), green, amber, lower) });
    b.conditionalFormats.push({ range: { row: r, col: C.status, rows: 1, cols: 1 }, rules: bandRules(abs(C.value), green, amber, lower) });
    if (segmentCount > 0 && d.perRow) {
      b.conditionalFormats.push({ range: { row: r, col: C.firstSegment, rows: 1, cols: segmentCount }, rules: bandRules(addr(C.firstSegment), green, amber, lower) });
    }
    summary.push({
      id: d.meta.id,
      title: d.title,
      value: valueNumber,
      error: isKpiError(value) ? `${value.code} ${value.message}` : null,
      band: band === null ? null : labels[band],
      bandIndex: band,
      n,
      numberFormat: fmt,
    });
  };

  writeSection("Leading indicators (predict)", leading);
  writeSection("Lagging indicators (confirm)", lagging);

  // Inputs of the aggregate KPIs.
  row = inputsTitleRow;
  if (inputRows.length > 0) {
    b.block(row, 0, [["Inputs (change them here to recalculate)", "Value"], ...inputRows.map((inp) => [inp.label, aggregates[inp.key] ?? null])]);
    b.style({ range: { row, col: 0, rows: 1, cols: 2 }, bold: true, borderBottom: true });
    row += inputRows.length + 2;
  }

  // Legend.
  const legendRow = row;
  b.block(legendRow, 0, [
    ["Bands (thresholds are the Green at / Amber at cells of each row: change them and the colours follow)"],
    ["Green: at or past Green at (at or below it where lower is better, such as churn)"],
    ["Amber: between Amber at and Green at"],
    ["Red: short of Amber at"],
  ]);
  b.style({ range: { row: legendRow, col: 0, rows: 1, cols: 1 }, bold: true });
  b.style({ range: { row: legendRow + 1, col: 0, rows: 1, cols: 1 }, ...BAND_STYLE.green });
  b.style({ range: { row: legendRow + 2, col: 0, rows: 1, cols: 1 }, ...BAND_STYLE.amber });
  b.style({ range: { row: legendRow + 3, col: 0, rows: 1, cols: 1 }, ...BAND_STYLE.red });
  row = legendRow + 5;
  if (segments.total > segments.groups.length) {
    b.block(row, 0, [[`Segments: the ${segments.groups.length} most frequent of ${segments.total} values are shown.`]]);
    row += 2;
  }

  // Trend block and charts.
  const charts: PlanChart[] = [];
  if (periods.length > 0 && trendRows.length > 0) {
    const trendTitleRow = row;
    b.block(trendTitleRow, 0, [[`Trend by ${spec.trend}`, ...periods.map((p) => p.label)]]);
    b.style({ range: { row: trendTitleRow, col: 0, rows: 1, cols: periods.length + 1 }, bold: true, fill: "#1F4E79", fontColor: "#FFFFFF" });
    trendRows.forEach(({ def: d, kpiRow }, k) => {
      const r = trendTitleRow + 1 + k;
      const cells: PlanCell[] = [d.title];
      const formats: string[] = ["General"];
      for (const p of periods) {
        const c = d.compute(p);
        const formula = mode === "values" ? null : d.formula(mode, p.mask);
        cells.push(mode === "values" || formula === null ? (isKpiError(c.value) ? "" : c.value) : f(formula, cached(c.value)));
        formats.push(d.meta.numberFormat);
      }
      b.block(r, 0, [cells], [formats]);
      const green = `$${columnLetter(C.green)}$${kpiRow + 1}`;
      const amber = `$${columnLetter(C.amber)}$${kpiRow + 1}`;
      b.conditionalFormats.push({ range: { row: r, col: 1, rows: 1, cols: periods.length }, rules: bandRules(cellAddress(r, 1), green, amber, d.meta.direction === "lower") });
    });
    const chartTop = trendTitleRow + trendRows.length + 2;
    trendRows.slice(0, 4).forEach(({ def: d }, k) => {
      const r = trendTitleRow + 1 + k;
      charts.push({
        type: "line",
        title: d.title,
        categories: { row: trendTitleRow, col: 1, rows: 1, cols: periods.length },
        values: { row: r, col: 1, rows: 1, cols: periods.length },
        anchor: { row: chartTop + Math.floor(k / 2) * 16, col: (k % 2) * 7, rows: 15, cols: 7 },
      });
    });
    row = chartTop + Math.ceil(Math.min(4, trendRows.length) / 2) * 16;
  }

  // Wide enough for each header on one line (wrapped beyond 28 characters).
  const fit = (base: number, header: string) => Math.max(base, Math.min(28, header.length + 2));
  const columnWidths = [46, 11, 9, 12, 10, 11, 11, 10, 10, 11, 11, 10, 10, 12, 28].map((w, k) => fit(w, HEADERS[k]));
  columnWidths.push(...segmentHeaders.map((h) => fit(12, h)));
  const extentRows = Math.max(b.maxRow + 1, ...charts.map((c) => c.anchor.row + c.anchor.rows));
  const extentCols = Math.max(b.maxCol + 1, columnWidths.length);
  return {
    sheetName,
    blocks: b.blocks,
    styles: b.styles,
    conditionalFormats: b.conditionalFormats,
    columnWidths,
    freeze: { rows: HEADER_ROW + 1, columns: 1 },
    charts,
    specStore: { sheetName: SPEC_SHEET, json: serializeStoredSpec({ spec, sheetName, builtAt: input.builtAt.toISOString() }) },
    summary,
    extent: { row: 0, col: 0, rows: extentRows, cols: extentCols },
  };
}

/**
 * The core names a bad cell by its position in the grid it was given: one row of the column's
 * cells, or one row per data row for the multi-column KPIs. Users need the sheet row.
 */
function locate(e: KpiError, d: KpiRowDef, firstDataSheetRow: number): KpiError {
  const matrix = d.meta.id === "ENGAGEMENT" || d.meta.id === "CIS";
  const message = e.message.replace(/at row (\d+), column (\d+)/, (_all, r: string, c: string) => {
    const dataRow = matrix ? Number(r) : Number(c);
    return `at sheet row ${firstDataSheetRow + dataRow - 1}`;
  });
  return new KpiError(e.code, message);
}

function countNumbers(cells: readonly unknown[]): number {
  let n = 0;
  for (const v of cells) if (typeof readNumber(v) === "number") n++;
  return n;
}

function segmentGroups(data: DataTable, col: ColumnMapping, ref: string): { groups: Group[]; total: number } {
  // Excel compares text case-insensitively, so segments are grouped the same way.
  const byKey = new Map<string, { label: string; rows: number[] }>();
  data.rows.forEach((row, k) => {
    const v = row[col.index];
    if (v === null || v === undefined) return;
    const label = String(v).trim();
    if (label === "") return;
    const key = label.toLowerCase();
    const entry = byKey.get(key);
    if (entry) entry.rows.push(k);
    else byKey.set(key, { label, rows: [k] });
  });
  const all = [...byKey.values()].sort((x, y) => y.rows.length - x.rows.length || x.label.localeCompare(y.label));
  const shown = all.slice(0, MAX_SEGMENTS).sort((x, y) => x.label.localeCompare(y.label));
  return {
    groups: shown.map((s) => ({ label: s.label, rows: s.rows, mask: `TRIM(${ref})=${quote(s.label)}` })),
    total: all.length,
  };
}

function periodGroups(data: DataTable, col: number, ref: string, grain: "month" | "quarter"): Group[] {
  const months = grain === "month" ? 1 : 3;
  const byKey = new Map<number, number[]>();
  data.rows.forEach((row, k) => {
    const v = row[col];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 1) return;
    const d = serialToDate(v);
    const key = d.getUTCFullYear() * 12 + Math.floor(d.getUTCMonth() / months) * months;
    const list = byKey.get(key);
    if (list) list.push(k);
    else byKey.set(key, [k]);
  });
  const keys = [...byKey.keys()].sort((x, y) => x - y).slice(-MAX_PERIODS);
  return keys.map((key) => {
    const year = Math.floor(key / 12);
    const month = key % 12;
    const start = dateToSerial(new Date(Date.UTC(year, month, 1)));
    const end = dateToSerial(new Date(Date.UTC(year, month + months, 1)));
    const label = grain === "month" ? `${year}-${String(month + 1).padStart(2, "0")}` : `${year} Q${month / 3 + 1}`;
    return { label, rows: byKey.get(key) ?? [], mask: `(${ref}>=${start})*(${ref}<${end})` };
  });
}
