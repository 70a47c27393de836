/**
 * Notes under the KPI table: what the table's rows say beyond their numbers (how a value is
 * computed, what the CPI is made of, an error), a line per row that has any, wrapped to the
 * printed width, so that the table itself stays narrow enough to print at the sheet's scale.
 */
import type { ScorecardModel } from "../model";
import { type Layouter, wrapText } from "./block";
import { notesOf } from "./kpiTable";

export interface NotesAnchors {
  readonly top: number;
}

/** The lines of the notes: "Notes", then each row's, wrapped. */
function lines(m: ScorecardModel): string[] {
  const out: string[] = [];
  for (const d of m.rows.table) {
    const notes = notesOf(m, d);
    if (notes.length > 0) out.push(...wrapText(`${d.title}: ${notes.join("; ")}.`));
  }
  return out.length === 0 ? [] : ["Notes", ...out];
}

export const notes: Layouter<"notes"> = {
  name: "notes",
  // The lines and a blank row.
  height: (m) => (lines(m).length > 0 ? lines(m).length + 1 : 0),
  anchors: (_m, top) => ({ top }),
  render(m, top, _at, _columns, out) {
    const all = lines(m);
    if (all.length === 0) return;
    out.block(top, 0, all.map((l) => [l]));
    out.style({ range: { row: top, col: 0, rows: 1, cols: 1 }, bold: true });
  },
};
