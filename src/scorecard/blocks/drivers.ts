/**
 * "What moves NPS" (driverAnalysis.ts): per driver, largest first, its importance (the R² it
 * accounts for, as KPI.DRIVERS gives it) with a 95 % bootstrap interval (KPI.DRIVERS.CI's), its
 * share of R², the sign of its effect, its rank, its own performance (mean and top-two-box or yes
 * share over the rows used) and its quadrant; then the averages that split the quadrants
 * and an importance x performance chart. Starts a printed page of its own.
 *
 * Live mode, where the driver columns lie side by side and hold numbers: the importances, their
 * intervals and R² are KPI.DRIVERS, KPI.DRIVERS.CI and KPI.DRIVERS.R2 formulas (the cached values
 * are what they return). Otherwise (portable, values, or columns the functions cannot take as one
 * range) they are values computed by the add-in when the scorecard was built, and the note says
 * so. Rank, averages and quadrants are formulas over those cells in live and portable mode.
 */
import { oneRange } from "../../kpi";
import { cellAddress } from "../a1";
import { type DriverAnalysis, type DriverRow, DRIVER_CONFIDENCE, DRIVER_RESAMPLES, DRIVER_SEED, QUADRANTS } from "../driverAnalysis";
import type { ScorecardModel } from "../model";
import type { PlanCell } from "../types";
import { columnPoints } from "../print";
import { BAND_STYLE, type Columns, f, fitWords, HEADER_FILL, type Layouter, LINE_POINTS, linesOf, literal, textSpan, wordWidth, wrapText } from "./block";

export interface DriversAnchors {
  readonly top: number;
}

/** The table's fields, each in the next shown column of the sheet. */
const FIELDS = ["Driver", "Importance", "95% low", "95% high", "% of R²", "Sign", "Rank", "Mean", "Top-2 box", "Quadrant"] as const;
const F = { driver: 0, raw: 1, low: 2, high: 3, share: 4, sign: 5, rank: 6, mean: 7, topBox: 8, quadrant: 9 } as const;
/** Rows the chart takes: with the page's other rows, the block prints on one page. */
const CHART_ROWS = 17;
/** Rows of the chart's guide lines: a heading, then two points per line. */
const GUIDE_ROWS = 5;

const QUADRANT_STYLE: Record<string, { fill: string; fontColor: string }> = {
  [QUADRANTS.fix]: BAND_STYLE.red,
  [QUADRANTS.keep]: BAND_STYLE.green,
  [QUADRANTS.low]: BAND_STYLE.neutral,
  [QUADRANTS.over]: BAND_STYLE.amber,
};

/** The sheet's shown columns, in order: field k of the table sits in the k-th. */
function shownColumns(columns: Columns): number[] {
  const out: number[] = [];
  for (let c = 0; out.length < FIELDS.length; c++) if (!columns.hidden.includes(c)) out.push(c);
  return out;
}

type Found = Extract<DriverAnalysis, { kind: "drivers" }>;

function noteLines(a: Found, live: boolean, why: string): string[][] {
  const method = a.method === "shapley"
    ? "Shapley value regression: the R² a driver adds, averaged over every order in which the drivers can enter the model"
    : "Johnson's relative weights";
  const how = live
    ? `Live: the shares and intervals are KPI.DRIVERS and KPI.DRIVERS.CI formulas (${DRIVER_RESAMPLES.toLocaleString("en-US")} resamples, seed ${DRIVER_SEED}).`
    : `Computed by the add-in when the scorecard was built: values, not recalculated (rebuild to update)${why}. Intervals: ${Math.round(DRIVER_CONFIDENCE * 100)} % percentile bootstrap, ${DRIVER_RESAMPLES.toLocaleString("en-US")} resamples, seed ${DRIVER_SEED}.`;
  return [
    [`Importance: the part of the R² of ${a.outcomeName} on all ${a.rows.length} drivers that each accounts for (${method}); the importances add up to R². Rows where ${a.outcomeName} and every driver are answered${a.rows.some((r) => r.theme) ? " (a theme: 1 where the comment mentions it, 0 where not; no comment, no row)" : ""}: ${a.n.toLocaleString("en-US")}; left out: ${a.leftOut.toLocaleString("en-US")}.`],
    [how],
    [`Performance: the top-two-box share of a rating (a flag: the share of yes${a.rows.some((r) => r.theme) ? "; a theme: the share of comments without it, with it for praise" : ""}) over those rows. Quadrants split at the drivers' average share and average performance (Martilla and James 1977): "${QUADRANTS.fix}" is important and below average.`],
  ];
}

/** Whether the importances are live KPI.DRIVERS formulas (the drivers as numbers side by side, live mode), and why not where they are not. */
function liveOf(m: ScorecardModel, a: Found): { readonly live: boolean; readonly why: string; readonly block: string | null } {
  // A theme's flags are no column of the data: KPI.DRIVERS has nothing to read them from.
  const themed = a.rows.some((r) => r.theme !== undefined);
  const driverRefs = themed ? [] : [...a.rows].sort((x, y) => x.position - y.position).map((r) => m.columnRef(r.index));
  const block = m.hasData && !themed ? oneRange(driverRefs) : null;
  const live = m.mode === "live" && block !== null && !a.flagText;
  const why = m.mode !== "live"
    ? ""
    : themed
      ? "; live formulas need the drivers as columns of the data (a theme's flags are read from the comments)"
      : block === null ? "; live formulas need the driver columns side by side" : "; live formulas need the drivers as numbers (yes/no text is not read by KPI.DRIVERS)";
  return { live, why, block };
}

/** The notes, then the warnings, each wrapped to the printed page's width (a line in column A prints whole). */
function textLines(m: ScorecardModel, a: Found): { readonly notes: string[]; readonly warnings: string[] } {
  const { live, why } = liveOf(m, a);
  const warnings = [...a.warnings.map((w) => `Warning: ${w}.`), ...(a.intervalsError ? [`No intervals: ${a.intervalsError}.`] : [])];
  return { notes: noteLines(a, live, why).flatMap(([t]) => wrapText(String(t))), warnings: warnings.flatMap((w) => wrapText(w)) };
}

function heightOf(m: ScorecardModel): number {
  const a = m.drivers;
  if (a === null) return 0;
  if (a.kind === "none") return 3;
  const text = textLines(m, a);
  // Title, notes, warnings, R² row, blank, header, drivers, average, blank, guides, blank, chart, blank.
  return 1 + text.notes.length + text.warnings.length + 2 + 1 + a.rows.length + 1 + 1 + GUIDE_ROWS + 1 + CHART_ROWS + 1;
}

export const drivers: Layouter<"drivers"> = {
  name: "drivers",
  newPage: true,
  height: heightOf,
  // Each header's longest word on one line ("Importance", "Quadrant"), where the page has room.
  fit: (m, columns) => (m.drivers?.kind === "drivers" ? FIELDS.map((h, k) => ({ col: shownColumns(columns)[k], width: wordWidth(h) })) : []),
  anchors: (_m, top) => ({ top }),
  render(m, top, _at, columns, out) {
    const a = m.drivers;
    if (a === null) return;
    out.block(top, 0, [[`What moves ${a.outcomeName}`]]);
    out.style({ range: { row: top, col: 0, rows: 1, cols: 1 }, bold: true, fontSize: 14 });
    if (a.kind === "none") {
      out.block(top + 1, 0, [[`No driver analysis: ${a.why}.`]]);
      return;
    }
    const cols = shownColumns(columns);
    const col = (field: number) => cols[field];
    const width = cols[cols.length - 1] + 1;
    /** A row of the block: each field in its shown column, null in the hidden ones between. */
    const line = (values: Partial<Record<number, PlanCell>>, formats: Partial<Record<number, string>> = {}): [PlanCell[], string[]] => {
      const cells: PlanCell[] = Array.from({ length: width }, () => null);
      const fmts = Array.from({ length: width }, () => "General");
      for (const [k, v] of Object.entries(values)) cells[col(Number(k))] = v ?? null;
      for (const [k, v] of Object.entries(formats)) fmts[col(Number(k))] = v ?? "General";
      return [cells, fmts];
    };
    const at = (row: number, field: number, absolute = false) => cellAddress(row, col(field), absolute);

    // Live formulas where KPI.DRIVERS can read the columns as one range of numbers.
    const { live, block } = liveOf(m, a);
    const outcomeRef = m.columnRef(a.outcome.index);
    const args = `${outcomeRef},${block}`;
    const method = `"${a.method}"`;
    const driversCall = `KPI.DRIVERS(${args},${method})`;
    const ciCall = `KPI.DRIVERS.CI(${args},${method},${DRIVER_CONFIDENCE},${DRIVER_RESAMPLES},${DRIVER_SEED})`;
    const r2Call = `KPI.DRIVERS.R2(${args})`;
    const values = m.mode === "values";

    let row = top + 1;
    const { notes, warnings } = textLines(m, a);
    out.block(row, 0, notes.map((t) => [t]));
    out.style({ range: { row, col: 0, rows: notes.length, cols: 1 }, italic: true, fontColor: "#595959" });
    row += notes.length;
    if (warnings.length > 0) {
      out.block(row, 0, warnings.map((w) => [w]));
      out.style({ range: { row, col: 0, rows: warnings.length, cols: 1 }, bold: true, fontColor: BAND_STYLE.red.fontColor });
      row += warnings.length;
    }
    // R², rows used, rows left out.
    const summaryRow = row;
    const r2Ref = at(summaryRow, F.raw, true);
    const r2Cell: PlanCell = live ? f(`=INDEX(${r2Call},1,1)`, a.r2) : a.r2;
    const nCell: PlanCell = live ? f(`=INDEX(${r2Call},1,2)`, a.n) : a.n;
    const outCell: PlanCell = live ? f(`=INDEX(${r2Call},1,3)`, a.leftOut) : a.leftOut;
    const [summary, summaryFormats] = line(
      { 0: `R² of ${a.outcomeName} on the drivers`, 1: r2Cell, 2: "rows used", 3: nCell, 4: "left out", 5: outCell },
      { 1: "0.000", 3: "#,##0", 5: "#,##0" },
    );
    out.block(row, 0, [summary], [summaryFormats]);
    out.style({ range: { row, col: 0, rows: 1, cols: 1 }, bold: true });
    row += 2;

    const headerRow = row;
    // Headers wrap within their columns (a word too long for one broken with a hyphen), the row as tall as the longest: none is cut on paper.
    const widthOf = (field: number) => columns.widths[col(field)] ?? 8;
    const headers = FIELDS.map((h, k) => fitWords(h, widthOf(k)));
    const [header] = line(Object.fromEntries(headers.map((h, k) => [k, h])));
    out.block(headerRow, 0, [header]);
    out.style({ range: { row: headerRow, col: 0, rows: 1, cols: width }, bold: true, ...HEADER_FILL, wrap: true });
    const headerLines = Math.max(...headers.map((h, k) => linesOf(h, widthOf(k))));
    if (headerLines > 1) out.rowHeights.push({ row: headerRow, points: headerLines * LINE_POINTS });
    const first = headerRow + 1;
    const last = first + a.rows.length - 1;
    const averageRow = last + 1;
    const avgShare = at(averageRow, F.share, true);
    const avgTop = at(averageRow, F.topBox, true);
    const quadrantFormula = (r: number) => {
      const share = at(r, F.share);
      const top = at(r, F.topBox);
      return `=IF(${share}>=${avgShare},IF(${top}<${avgTop},${literal(QUADRANTS.fix)},${literal(QUADRANTS.keep)}),IF(${top}<${avgTop},${literal(QUADRANTS.low)},${literal(QUADRANTS.over)}))`;
    };
    const shareRange = `${at(first, F.share, true)}:${at(last, F.share, true)}`;
    const rawRange = `${at(first, F.raw, true)}:${at(last, F.raw, true)}`;
    const topRange = `${at(first, F.topBox, true)}:${at(last, F.topBox, true)}`;
    const driverLine = (d: DriverRow, r: number): [PlanCell[], string[]] => {
      const k = d.position;
      const raw: PlanCell = live ? f(`=INDEX(${driversCall},${k},1)`, d.raw) : d.raw;
      const low: PlanCell = d.low === null ? null : live ? f(`=INDEX(${ciCall},${k},1)`, d.low) : d.low;
      const high: PlanCell = d.high === null ? null : live ? f(`=INDEX(${ciCall},${k},2)`, d.high) : d.high;
      // The share follows the importance cell: raw / R² in every mode but values.
      const share: PlanCell = values ? d.share : f(`=${at(r, F.raw)}/${r2Ref}`, d.share);
      const sign: PlanCell = live ? f(`=INDEX(${driversCall},${k},3)`, d.sign) : d.sign;
      const rank: PlanCell = values ? d.rank : f(`=RANK(${at(r, F.raw)},${rawRange})`, d.rank);
      const quadrant: PlanCell = values ? d.quadrant : f(quadrantFormula(r), d.quadrant);
      const flag = d.scale.kind === "flag";
      return line(
        { [F.driver]: d.header, [F.raw]: raw, [F.low]: low, [F.high]: high, [F.share]: share, [F.sign]: sign, [F.rank]: rank, [F.mean]: d.mean, [F.topBox]: d.topBox, [F.quadrant]: quadrant },
        { [F.raw]: "0.000", [F.low]: "0.000", [F.high]: "0.000", [F.share]: "0.0%", [F.sign]: '"+";"-"', [F.rank]: "0", [F.mean]: flag ? "0%" : "0.00", [F.topBox]: "0%" },
      );
    };
    const body = a.rows.map((d, k) => driverLine(d, first + k));
    // A driver's name longer than its column wraps, its row as tall as it needs.
    a.rows.forEach((d, k) => {
      const lines = linesOf(d.header, widthOf(F.driver), false);
      if (lines <= 1) return;
      out.style({ range: { row: first + k, col: col(F.driver), rows: 1, cols: 1 }, wrap: true });
      out.rowHeights.push({ row: first + k, points: lines * LINE_POINTS });
    });
    const [average, averageFormats] = line(
      {
        [F.driver]: "Average (splits the quadrants)",
        [F.share]: values ? a.averageShare : f(`=AVERAGE(${shareRange})`, a.averageShare),
        [F.topBox]: values ? a.averageTopBox : f(`=AVERAGE(${topRange})`, a.averageTopBox),
      },
      { [F.share]: "0.0%", [F.topBox]: "0%" },
    );
    out.block(first, 0, [...body.map((b) => b[0]), average], [...body.map((b) => b[1]), averageFormats]);
    out.style({ range: { row: averageRow, col: 0, rows: 1, cols: width }, italic: true, borderBottom: false });
    // Each quadrant's colour runs as far as its label does (over the empty shown columns after it).
    a.rows.forEach((d, k) => out.style({ range: { row: first + k, col: col(F.quadrant), rows: 1, cols: textSpan(columns.shown, col(F.quadrant), d.quadrant) }, ...QUADRANT_STYLE[d.quadrant] }));

    // The chart's guide lines: x and y of two points each, following the averages.
    const guides = averageRow + 2;
    const maxShare = Math.max(...a.rows.map((d) => d.share), a.averageShare);
    const ref = (value: number, formula: string): PlanCell => (values ? value : f(formula, value));
    const yTop = Math.min(1, Math.ceil(maxShare * 11) / 10);
    // x in the importance column, y in the next (the guide rows have no importance of their own).
    const [gx, gy] = [F.raw, F.low];
    const guideRows: [PlanCell[], string[]][] = [
      line({ [F.driver]: "Chart guides", [gx]: "x", [gy]: "y" }),
      line({ [F.driver]: "average share of R²", [gx]: 0, [gy]: ref(a.averageShare, `=${avgShare}`) }, { [gx]: "0%", [gy]: "0.0%" }),
      line({ [gx]: 1, [gy]: ref(a.averageShare, `=${avgShare}`) }, { [gx]: "0%", [gy]: "0.0%" }),
      line({ [F.driver]: "average performance", [gx]: ref(a.averageTopBox, `=${avgTop}`), [gy]: 0 }, { [gx]: "0%", [gy]: "0.0%" }),
      line({ [gx]: ref(a.averageTopBox, `=${avgTop}`), [gy]: yTop }, { [gx]: "0%", [gy]: "0.0%" }),
    ];
    out.block(guides, 0, guideRows.map((g) => g[0]), guideRows.map((g) => g[1]));
    out.style({ range: { row: guides, col: 0, rows: GUIDE_ROWS, cols: col(gy) + 1 }, fontColor: "#7F7F7F" });

    const chartTop = guides + GUIDE_ROWS + 1;
    const cell = (r: number, field: number) => ({ row: r, col: col(field), rows: 1, cols: 1 });
    const pair = (r: number, field: number) => ({ row: r, col: col(field), rows: 2, cols: 1 });
    const chartCols = Math.min(width, col(F.rank) + 1);
    const clusters = labelClusters(
      a.rows.map((d) => ({ x: d.topBox, y: d.share, label: d.label })),
      { width: columns.shown.slice(0, chartCols).reduce((x, w) => x + columnPoints(w), 0), height: CHART_ROWS * LINE_POINTS, yMax: yTop },
    );
    out.charts.push({
      type: "scatter",
      title: `What moves ${a.outcomeName}: importance against performance`,
      points: a.rows.map((d, k) => ({ name: d.label, x: cell(first + k, F.topBox), y: cell(first + k, F.share) })),
      // A cluster's points go unlabelled; a tag at its first (most important) point names their ranks.
      unlabelled: clusters.flat(),
      tags: clusters.map((c) => ({ name: ranksText(c.map((k) => a.rows[k].rank)), x: cell(first + c[0], F.topBox), y: cell(first + c[0], F.share) })),
      lines: [
        { name: "average share of R²", x: pair(guides + 1, gx), y: pair(guides + 1, gy) },
        { name: "average performance", x: pair(guides + 3, gx), y: pair(guides + 3, gy) },
      ],
      xTitle: "Performance: top-2 box (or yes) share",
      yTitle: "Importance: share of R²",
      xFormat: "0%",
      yFormat: "0%",
      anchor: { row: chartTop, col: 0, rows: CHART_ROWS, cols: chartCols },
    });
  },
};

/**
 * Points of the chart whose labels would overlap, as groups of indexes (each in the order given,
 * two or more; the points in no group keep their own labels). A label sits right of its marker,
 * one line of 11-point text (LABEL_POINTS tall, LABEL_CHAR_POINTS a character: DejaVu Sans's
 * average, the wider of the fonts that print it); two labels overlap where their lines are less
 * than a line apart and their spans across meet, on a plot of about the chart's size less its
 * titles and axis labels (PLOT_MARGIN). Overlap is transitive: a label that meets any label of a
 * group joins it. `width` and `height` are the chart's, in points; `yMax` where its y axis ends
 * (x runs 0 to 1).
 */
export function labelClusters(points: readonly { readonly x: number; readonly y: number; readonly label: string }[], chart: { readonly width: number; readonly height: number; readonly yMax: number }): number[][] {
  const plotW = Math.max(1, chart.width - PLOT_MARGIN.x);
  const plotH = Math.max(1, chart.height - PLOT_MARGIN.y);
  const at = points.map((p) => ({ left: p.x * plotW + LABEL_GAP, right: p.x * plotW + LABEL_GAP + p.label.length * LABEL_CHAR_POINTS, mid: (p.y / Math.max(chart.yMax, 1e-9)) * plotH }));
  const group = points.map((_, k) => k);
  const root = (k: number): number => (group[k] === k ? k : (group[k] = root(group[k])));
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const [p, q] = [at[i], at[j]];
      if (Math.abs(p.mid - q.mid) < LABEL_POINTS && p.left < q.right && q.left < p.right) group[root(j)] = root(i);
    }
  }
  const groups = new Map<number, number[]>();
  points.forEach((_, k) => groups.set(root(k), [...(groups.get(root(k)) ?? []), k]));
  return [...groups.values()].filter((g) => g.length > 1);
}

/** A label's line of 11-point text, in points, and a character's width (DejaVu Sans: about 0.56 of the size). */
const LABEL_POINTS = 14;
const LABEL_CHAR_POINTS = 6.2;
/** Room between a marker's centre and its label. */
const LABEL_GAP = 8;
/** The chart's width and height (points) that its axes' titles and labels and its title take from the plot. */
const PLOT_MARGIN = { x: 70, y: 90 } as const;

/** A tag of ranks: "Ranks 2-5" for a run of three or more, "Ranks 2, 4" otherwise, "Rank 2" for tied drivers. */
export function ranksText(ranks: readonly number[]): string {
  const sorted = [...new Set(ranks)].sort((x, y) => x - y);
  if (sorted.length === 1) return `Rank ${sorted[0]}`;
  const run = sorted.every((r, k) => k === 0 || r === sorted[k - 1] + 1);
  return run && sorted.length > 2 ? `Ranks ${sorted[0]}-${sorted[sorted.length - 1]}` : `Ranks ${sorted.join(", ")}`;
}
