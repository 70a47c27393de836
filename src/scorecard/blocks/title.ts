/**
 * Title and settings: the title, the source and the build line, then, on one row, the minimum n
 * to band and the false discovery rate q, two input cells every band rule and mark formula reads.
 */
import { cellAddress, sheetPrefix } from "../a1";
import type { Layouter } from "./block";

export interface TitleAnchors {
  /** The minimum n cell (absolute). */
  readonly minN: string;
  /** The false discovery rate q cell (absolute). */
  readonly q: string;
}

/** Rows of the title (3), then the settings' row. */
const TITLE_ROWS = 3;
/** The settings' columns: the minimum n's label and cell, then q's label (its text runs over the empty cells after it) and cell. */
const SETTINGS = { minNLabel: 0, minN: 1, qLabel: 3, q: 7 } as const;

export const title: Layouter<"title"> = {
  name: "title",
  height: () => TITLE_ROWS + 1,
  anchors: (_m, top) => ({ minN: cellAddress(top + TITLE_ROWS, SETTINGS.minN, true), q: cellAddress(top + TITLE_ROWS, SETTINGS.q, true) }),
  render(m, top, _at, _columns, out) {
    const { spec, mode } = m;
    const text = spec.title ?? "Customer KPI Scorecard";
    const sourceLabel = spec.source.table
      ? `${spec.source.table} (${sheetPrefix(spec.source.sheet)}${spec.source.address})`
      : `${sheetPrefix(spec.source.sheet)}${spec.source.address}`;
    const modeLabel = m.hasData
      ? { live: "Live (KPI.* formulas, recalculate with the add-in)", portable: "Portable (native Excel formulas, no add-in needed)", values: "Values (a snapshot)" }[mode]
      : {
        live: "Live, without a copy of the data (native formulas over the statistics table, which holds the counts of the data)",
        portable: "Portable, without a copy of the data (native formulas over the statistics table, which holds the counts of the data)",
        values: "Values (a snapshot)",
      }[mode];
    out.block(top, 0, [[text], [`Source: ${sourceLabel}, ${m.dataRows.toLocaleString("en-US")} data rows${m.sourceNotes.map((n) => `; ${n}`).join("")}`], [`Built: ${m.builtAt.toISOString().slice(0, 16).replace("T", " ")} UTC. Mode: ${modeLabel}`]]);
    out.style({ range: { row: top, col: 0, rows: 1, cols: 1 }, bold: true, fontSize: 16 });
    out.style({ range: { row: top + 1, col: 0, rows: 2, cols: 1 }, italic: true, fontColor: "#595959" });
    const settings = top + TITLE_ROWS;
    out.block(settings, 0, [["Minimum n to band", m.minN, null, "False discovery rate q for ▲ / ▼", null, null, null, m.q]], [["General", "0", "General", "General", "General", "General", "General", "0.00"]]);
    for (const col of [SETTINGS.minN, SETTINGS.q]) out.style({ range: { row: settings, col, rows: 1, cols: 1 }, fill: "#FFF2CC", bold: true });
  },
};
