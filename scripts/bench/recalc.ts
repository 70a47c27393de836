/**
 * Bench section 7: how long LibreOffice takes to recalculate a portable scorecard, the promise
 * that a reader without the add-in sees live numbers. 100,000 responses in 4 segments x 12
 * months, 6 column KPIs (NPS, CSAT, CES, FCR, ENGAGEMENT, revenue per customer), planned in
 * portable mode, written by the .xlsx writer and recalculated on load by LibreOffice (private
 * profile, OOXMLRecalcMode 0). The same workbook in values mode (no formulas) is timed too: its
 * time is loading and exporting, so the difference is the recalculation itself.
 *
 *   node --import tsx scripts/bench/recalc.ts out.json [SOURCE_ROOT]
 *
 * SOURCE_ROOT is a checkout whose planner and writer are timed (default: this one); bench.mjs
 * passes a worktree of the commit before the statistics work, so the two are measured on the
 * same data, machine and run.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { DataTable, ScorecardSpec } from "../../src/scorecard/types";
import { wideSpec, wideSurvey } from "../../test/helpers/surveyData";

const QUICK = process.env.KPI_BENCH_QUICK === "1";
const SEGMENTS = 4;
const MONTHS = 12;
const PER_CELL = Number(process.env.KPI_RECALC_PER_CELL ?? (QUICK ? 210 : 2084));
const KPI_COLUMNS = ["nps", "csat", "ces", "fcr", "engagement", "revenue", "segment", "period"];

interface Planned {
  readonly blocks: readonly { readonly cells: readonly (readonly unknown[])[] }[];
}

async function main(): Promise<void> {
  // 100,000 rows take LibreOffice minutes, past the test helper's 2-minute default.
  process.env.LIBREOFFICE_TIMEOUT_MS ??= "1800000";
  const out = process.argv[2];
  const root = path.resolve(process.argv[3] ?? path.join(__dirname, "..", ".."));
  const { planScorecard } = (await import(path.join(root, "src/scorecard/plan.ts"))) as {
    planScorecard: (input: { spec: ScorecardSpec; data: DataTable; existingSheets: string[]; builtAt: Date }) => unknown;
  };
  const { writeScorecardXlsx } = (await import(path.join(root, "src/xlsx/writer.ts"))) as {
    writeScorecardXlsx: (plan: unknown, data: { name: string; table: DataTable; dateColumns: number[] }, options: { path: string; created: Date }) => Promise<void>;
  };
  const { recalculate, disposeLibreOffice } = (await import(path.join(__dirname, "..", "..", "test/helpers/libreoffice.ts"))) as {
    recalculate: (p: string) => Promise<unknown>;
    disposeLibreOffice: () => Promise<void>;
  };
  const data = wideSurvey(SEGMENTS, MONTHS, PER_CELL);
  const base = wideSpec(data.rows.length, "portable");
  const spec = (mode: ScorecardSpec["mode"]): ScorecardSpec => ({ ...base, mode, aggregates: {}, columns: base.columns.filter((c) => KPI_COLUMNS.includes(c.role)) });
  const dir = mkdtempSync(path.join(tmpdir(), "kpi-recalc-"));
  const result: Record<string, unknown> = { root, rows: data.rows.length, segments: SEGMENTS, months: MONTHS, kpis: 6 };
  try {
    for (const mode of ["values", "portable"] as const) {
      const plan = planScorecard({ spec: spec(mode), data, existingSheets: ["Survey"], builtAt: new Date("2026-12-01T00:00:00Z") });
      if (!plan || typeof plan !== "object" || !("blocks" in plan)) throw new Error(`plan failed: ${JSON.stringify(plan)}`);
      let formulas = 0;
      let chars = 0;
      for (const b of (plan as Planned).blocks) {
        for (const row of b.cells) {
          for (const c of row) {
            if (c !== null && typeof c === "object" && "formula" in c) {
              formulas++;
              chars += String((c as { formula: string }).formula).length;
            }
          }
        }
      }
      const file = path.join(dir, `${mode}.xlsx`);
      await writeScorecardXlsx(plan, { name: "Survey", table: data, dateColumns: [9] }, { path: file, created: new Date("2026-12-01T00:00:00Z") });
      // Warm LibreOffice once (profile, fonts), then the timed run.
      if (mode === "values") await recalculate(file);
      const t0 = performance.now();
      await recalculate(file);
      const seconds = (performance.now() - t0) / 1000;
      result[mode] = { seconds, formulas, formula_chars: chars };
      process.stderr.write(`recalc ${path.basename(root)} ${mode}: ${seconds.toFixed(1)} s, ${formulas} formulas\n`);
    }
    const v = result.values as { seconds: number };
    const p = result.portable as { seconds: number };
    result.recalc_seconds = p.seconds - v.seconds;
  } finally {
    await disposeLibreOffice();
    rmSync(dir, { recursive: true, force: true });
  }
  writeFileSync(out, JSON.stringify(result, null, 2));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
