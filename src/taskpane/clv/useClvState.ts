/**
 * The CLV flow's state and actions over the WorkbookPort: the selected transaction range and
 * its sample, the form (columns and settings), the last build, the notices. Reading the whole
 * columns, planning (src/clv/sheet.ts) and writing (port.writeClvPlan) happen in `build`; a bad
 * setting or log stops it with a message and nothing is written.
 */
import { useCallback, useState } from "react";
import { isKpiError } from "../../kpi";
import { readDay, todaySerial } from "../../clv/read";
import { inWindow, planClvSheetFromRanges, type ClvSheetPlan } from "../../clv/sheet";
import type { SourceSample, WorkbookPort } from "../../excel/port";
import { useNotices, type Notices } from "../notices";
import { EMPTY_CLV_FORM, isProblem, proposeColumns, readSettings, type ClvForm, type FieldProblem } from "./clvForm";

export interface ClvBuilt {
  readonly sheetName: string;
  readonly plan: ClvSheetPlan;
  readonly skipped: number;
}

export interface ClvState {
  readonly port: WorkbookPort | null;
  readonly notices: Notices;
  readonly source: SourceSample | null;
  readonly form: ClvForm;
  readonly problem: FieldProblem | null;
  readonly built: ClvBuilt | null;
  readonly busy: boolean;
  takeSelection(): Promise<void>;
  set<K extends keyof ClvForm>(key: K, value: ClvForm[K]): void;
  build(): Promise<void>;
}

export function useClvState(port: WorkbookPort | null): ClvState {
  const notices = useNotices();
  const [source, setSource] = useState<SourceSample | null>(null);
  const [form, setForm] = useState<ClvForm>(EMPTY_CLV_FORM);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [built, setBuilt] = useState<ClvBuilt | null>(null);
  const [busy, setBusy] = useState(false);

  const takeSelection = useCallback(async () => {
    if (!port) return;
    setBusy(true);
    notices.clear();
    try {
      const sample = await port.readSelection();
      if (sample.sample.headers.length < 3) throw new Error("Select the transactions with at least three columns (customer id, date, amount) and their header row.");
      setSource(sample);
      setForm((f) => ({ ...f, ...proposeColumns(sample.sample.headers) }));
      setBuilt(null);
    } catch (err) {
      notices.fail("Cannot read the selection", err);
    } finally {
      setBusy(false);
    }
  }, [port, notices]);

  const set = useCallback(<K extends keyof ClvForm>(key: K, value: ClvForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setProblem(null);
  }, []);

  const build = useCallback(async () => {
    if (!port || !source) return;
    notices.clear();
    if (!port.writeClvPlan) {
      notices.fail("Cannot build the CLV sheet", new Error("This version of the workbook connection cannot write a CLV sheet."));
      return;
    }
    setBusy(true);
    try {
      const { data } = await port.readColumns(source.source, [form.id, form.date, form.amount]);
      const column = (k: number) => data.rows.map((row) => [row[k] ?? null]);
      const dates = column(form.date);
      // The last purchase in the window the sheet reads (a date after today is left out there, as
      // the command line leaves it out), so that a stray future date cannot end the calibration.
      const today = todaySerial();
      const lastDay = dates.reduce((m, [d]) => {
        const day = readDay(d);
        return day != null && inWindow(day, today) ? Math.max(m, day) : m;
      }, -Infinity);
      const settings = readSettings(form, Number.isFinite(lastDay) ? lastDay : 0);
      if (isProblem(settings)) {
        setProblem(settings);
        notices.fail("Check the settings", new Error(settings.message));
        return;
      }
      const where = `${source.source.sheet}!${source.source.address}`;
      const plan = planClvSheetFromRanges(column(form.id), dates, column(form.amount), { source: where, today, ...settings });
      if (isKpiError(plan)) {
        notices.fail("Cannot fit the models", plan);
        return;
      }
      const result = await port.writeClvPlan(plan);
      setBuilt({ sheetName: result.sheetName, plan, skipped: plan.skipped });
      notices.report({ intent: "success", title: `Built "${result.sheetName}"`, message: `${plan.customers.length.toLocaleString("en-US")} customers.` });
      for (const warning of result.warnings ?? []) notices.report({ intent: "warning", title: "Printing", message: warning });
    } catch (err) {
      notices.fail("Cannot build the CLV sheet", err);
    } finally {
      setBusy(false);
    }
  }, [port, source, form, notices]);

  return { port, notices, source, form, problem, built, busy, takeSelection, set, build };
}
