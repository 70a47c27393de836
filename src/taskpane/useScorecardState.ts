/**
 * The scorecard flow's state and actions, over the WorkbookPort: the source and its sample,
 * the form, the stored scorecard, progress, the last build, the notices. The step components
 * read this and call its actions; none of them talks to the port. Pure parts (the form as
 * data, the spec it makes) live in form.ts; planning in src/scorecard.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import { errors, isKpiError } from "../kpi";
import { sheetFitProblem, sourceFitProblem } from "../scorecard/excelLimits";
import { detectColumns } from "../scorecard/detect";
import { aggregateProblem } from "../scorecard/inputs";
import { planScorecard } from "../scorecard/plan";
import { AGGREGATE_INPUTS, MAX_THEMES } from "../scorecard/spec";
import { proposedThemes } from "../scorecard/verbatim";
import type { AggregateInput, ColumnRole, CompositeSummary, DriversSummary, KpiSummary, MarkedDifference, UntestedComparison } from "../scorecard/types";
import type { SourceSample, StoredScorecard, WorkbookPort, WriteResult } from "../excel/port";
import { type DriversForm, EMPTY_FORM, EMPTY_KPI_FIELDS, EMPTY_THEME, formFromSpec, specFromForm, themeFields, type FieldProblem, type FormState, type KpiFields, type ThemeFields } from "./form";
import { useNotices, type Notices } from "./notices";

/** What the last build wrote, for the results step. */
export interface Built {
  readonly result: WriteResult;
  readonly summary: readonly KpiSummary[];
  readonly differences: readonly MarkedDifference[];
  /** The comparisons too skewed to test (Cochran's rule), which a missing mark must not hide. */
  readonly untested: readonly UntestedComparison[];
  /** The "What moves ..." block's figures and warnings; null without it. */
  readonly drivers: DriversSummary | null;
  readonly minN: number;
  readonly fdrQ: number;
}

/** The KPIs the current choices give, planned on the sample; error when nothing can be built. */
export interface Preview {
  readonly error: string | null;
  readonly summary: readonly KpiSummary[];
  /** How the CPI is made, when the choices give one. */
  readonly composite: CompositeSummary | null;
}

export interface Progress {
  readonly value: number;
  readonly message: string;
}

/** Settings of the form that are one text or choice each. */
export type FormSetting = "title" | "minN" | "fdrQ" | "mode" | "trend" | "themes";

export interface ScorecardState {
  readonly port: WorkbookPort | null;
  readonly notices: Notices;
  readonly source: SourceSample | null;
  /** Why each column got its proposed role. */
  readonly reasons: readonly string[];
  readonly form: FormState;
  readonly stored: StoredScorecard | null;
  readonly progress: Progress | null;
  readonly built: Built | null;
  /** Where each aggregate input was taken from ("Figures!B3"), while it is unchanged. */
  readonly cellFrom: Readonly<Partial<Record<AggregateInput, string>>>;
  readonly preview: Preview | null;
  readonly busy: boolean;
  readonly canBuild: boolean;
  /** Rebuild is possible: a build is, and the stored scorecard's sheet is still there. */
  readonly canRebuild: boolean;
  /** The message of a field that stopped the last build, by input id. */
  problemOf(field: string): string | undefined;
  takeSelection(): Promise<void>;
  takeSelectedCell(key: AggregateInput, label: string): Promise<void>;
  build(rebuild: boolean): Promise<void>;
  setRole(index: number, role: ColumnRole | null): void;
  setAggregate(key: AggregateInput, value: string): void;
  setKpiField(id: string, field: keyof KpiFields, value: string): void;
  setSetting<K extends FormSetting>(key: K, value: FormState[K]): void;
  /** A field of the k-th theme typed; a theme added (blank) or removed. */
  setTheme(k: number, field: "name" | "words" | "target", value: string): void;
  /** Praise (a higher share is better) or a complaint (lower is better, the default). */
  setThemePraise(k: number, praise: boolean): void;
  addTheme(): void;
  removeTheme(k: number): void;
  /**
   * Themes proposed from the whole data's comments (detractors' against promoters'), added after
   * the themes already named (a proposal of a name already there is left out), up to MAX_THEMES.
   */
  proposeThemes(): Promise<void>;
  setDrivers(drivers: DriversForm): void;
}

export function useScorecardState(port: WorkbookPort | null, now: () => Date = () => new Date()): ScorecardState {
  const notices = useNotices();
  const { report, fail, clear } = notices;
  const [source, setSource] = useState<SourceSample | null>(null);
  const [reasons, setReasons] = useState<readonly string[]>([]);
  const [form, setForm] = useState<FormState>(EMPTY_FORM);
  const [stored, setStored] = useState<StoredScorecard | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [built, setBuilt] = useState<Built | null>(null);
  const [problems, setProblems] = useState<readonly FieldProblem[]>([]);
  const [cellFrom, setCellFrom] = useState<Partial<Record<AggregateInput, string>>>({});

  // Start-up: the spec a previous build stored, and its source's columns.
  useEffect(() => {
    if (!port) return;
    let live = true;
    (async () => {
      const found = await port.readStoredSpec();
      if (!live || !found) return;
      setStored(found);
      setForm(formFromSpec(found.spec, found.spec.columns.reduce((width, c) => Math.max(width, c.index + 1), 0)));
      try {
        const sample = await port.readSample(found.spec.source);
        if (!live) return;
        setSource(sample);
        setForm(formFromSpec(found.spec, sample.sample.headers.length));
        setReasons(sample.sample.headers.map(() => "as stored with the last build"));
      } catch (err) {
        if (live) fail("The stored scorecard's data could not be read", err);
      }
    })().catch((err: unknown) => live && fail("The stored scorecard settings could not be read", err));
    return () => {
      live = false;
    };
  }, [port, fail]);

  const takeSelection = async () => {
    if (!port) return;
    clear("error");
    try {
      const sample = await port.readSelection();
      const proposals = detectColumns(sample.sample);
      setSource(sample);
      setReasons(proposals.map((p) => p.reason));
      setForm((f) => ({ ...f, roles: proposals.map((p) => p.role) }));
      setBuilt(null);
    } catch (err) {
      fail("The selection could not be read", err);
    }
  };

  const takeSelectedCell = async (key: AggregateInput, label: string) => {
    if (!port) return;
    try {
      const cell = await port.readSelectedCell();
      if (cell.value === null) {
        report({ intent: "error", title: `${label}: no number in ${cell.address}`, message: `The selected cell holds "${cell.text}".` });
        return;
      }
      setForm((f) => ({ ...f, aggregates: { ...f.aggregates, [key]: String(cell.value) } }));
      setCellFrom((c) => ({ ...c, [key]: cell.address }));
    } catch (err) {
      fail(`${label}: the selected cell could not be read`, err);
    }
  };

  const preview = useMemo((): Preview | null => {
    if (!source) return null;
    const { spec } = specFromForm(source.source, source.sample.headers, form);
    // The preview shows the KPIs; the key drivers' bootstrap waits for Build.
    const { drivers: _drivers, ...kpis } = spec;
    const plan = planScorecard({ spec: { ...kpis, mode: "values" }, data: source.sample, existingSheets: [], builtAt: new Date(0) });
    return isKpiError(plan) ? { error: plan.message, summary: [], composite: null } : { error: null, summary: plan.summary, composite: plan.composite ?? null };
  }, [source, form]);

  const build = async (rebuild: boolean) => {
    if (!port || !source) return;
    setBuilt(null);
    clear("error", "success");
    const { spec, problems: found } = specFromForm(source.source, source.sample.headers, form);
    setProblems(found);
    if (found.length > 0) {
      report({ intent: "error", title: "Some inputs are not numbers", message: found.map((p) => p.message).join("; ") });
      return;
    }
    // Refused before anything is read or written: a source past a sheet's edge, an input off its domain.
    const label = (key: AggregateInput) => AGGREGATE_INPUTS.find((a) => a.key === key)?.label ?? key;
    const refused = sourceFitProblem(spec.source.address) ?? aggregateProblem(spec.aggregates, label);
    if (refused) {
      report({ intent: "error", title: "The scorecard cannot be built from these inputs", message: refused });
      return;
    }
    try {
      setProgress({ value: 0.05, message: "Reading the mapped columns…" });
      // The mapped columns, and the key drivers' outcome and drivers (attribute ratings need no role).
      const wanted = [...spec.columns.map((c) => c.index), ...(spec.drivers ? [spec.drivers.outcome, ...spec.drivers.columns] : [])];
      const { source: current, data } = await port.readColumns(spec.source, wanted);
      const tooMany = sheetFitProblem(data.rows.length, data.headers.length);
      if (tooMany) throw errors.invalid(tooMany);
      setProgress({ value: 0.3, message: "Planning the scorecard…" });
      const existingSheets = await port.listSheets();
      const replaceSheet = rebuild ? stored?.sheet?.name : undefined;
      const plan = planScorecard({ spec: { ...spec, source: current }, data, existingSheets, builtAt: now(), replaceSheet });
      if (isKpiError(plan)) throw plan;
      const result = await port.writePlan(plan, {
        stored,
        rebuild,
        onProgress: (fraction, message) => setProgress({ value: 0.4 + 0.6 * fraction, message }),
      });
      setStored(result.stored);
      setBuilt({ result, summary: plan.summary, differences: plan.differences, untested: plan.untested ?? [], drivers: plan.drivers ?? null, minN: plan.minN, fdrQ: plan.fdrQ });
      report({
        intent: "success",
        title: rebuild && result.replaced ? `Rebuilt "${result.sheetName}"` : `Built "${result.sheetName}"`,
        message: `${plan.summary.length} KPIs from ${data.rows.length.toLocaleString("en-US")} rows.`,
      });
      for (const warning of result.warnings) report({ intent: "warning", title: "Built, with one step refused", message: warning });
      const d = plan.drivers;
      if (d && (d.none !== null || d.warnings.length > 0)) {
        report({ intent: "warning", title: `What moves ${d.outcome}`, message: d.none !== null ? `No driver analysis: ${d.none}.` : d.warnings.map((w) => `${w}.`).join(" ") });
      }
    } catch (err) {
      fail(rebuild ? "The scorecard could not be rebuilt" : "The scorecard could not be built", err);
    } finally {
      setProgress(null);
    }
  };

  const setRole = (index: number, role: ColumnRole | null) => setForm((f) => ({ ...f, roles: f.roles.map((r, i) => (i === index ? role : r)) }));
  const setAggregate = (key: AggregateInput, value: string) => {
    setForm((f) => ({ ...f, aggregates: { ...f.aggregates, [key]: value } }));
    setCellFrom((c) => ({ ...c, [key]: undefined }));
  };
  const setKpiField = (id: string, field: keyof KpiFields, value: string) =>
    setForm((f) => ({ ...f, kpis: { ...f.kpis, [id]: { ...(f.kpis[id] ?? EMPTY_KPI_FIELDS), [field]: value } } }));
  const setSetting = <K extends FormSetting>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setTheme = (k: number, field: "name" | "words" | "target", value: string) =>
    setForm((f) => ({ ...f, namedThemes: f.namedThemes.map((t, i) => (i === k ? { ...t, [field]: value } : t)) }));
  const setThemePraise = (k: number, praise: boolean) =>
    setForm((f) => ({
      ...f,
      namedThemes: f.namedThemes.map((t, i) => {
        if (i !== k) return t;
        const { direction: _was, ...rest } = t;
        return praise ? { ...rest, direction: "higher" as const } : rest;
      }),
    }));
  const addTheme = () => setForm((f) => (f.namedThemes.length >= MAX_THEMES ? f : { ...f, namedThemes: [...f.namedThemes, EMPTY_THEME] }));
  const removeTheme = (k: number) => setForm((f) => ({ ...f, namedThemes: f.namedThemes.filter((_, i) => i !== k) }));
  const proposeThemes = async () => {
    if (!port || !source) return;
    clear("error");
    const { spec } = specFromForm(source.source, source.sample.headers, form);
    const wanted = spec.columns.filter((c) => c.role === "sentiment" || c.role === "nps").map((c) => c.index);
    try {
      setProgress({ value: 0.1, message: "Reading the comments…" });
      const { data } = await port.readColumns(spec.source, wanted);
      setProgress({ value: 0.5, message: "Finding what detractors say…" });
      const proposed = proposedThemes(spec, data);
      if (proposed.themes.length === 0) {
        report({ intent: "warning", title: "No theme to propose", message: `No theme to propose: ${proposed.why ?? "none found"}.` });
        return;
      }
      setForm((f) => {
        const kept = f.namedThemes.filter((t) => t.name.trim() !== "" || t.words.trim() !== "");
        const added: ThemeFields[] = proposed.themes.filter((p) => !kept.some((t) => t.name.trim().toLowerCase() === p.name.toLowerCase())).map(themeFields);
        return { ...f, namedThemes: [...kept, ...added].slice(0, MAX_THEMES) };
      });
    } catch (err) {
      fail("The comments could not be read", err);
    } finally {
      setProgress(null);
    }
  };
  const setDrivers = (drivers: DriversForm) => setForm((f) => ({ ...f, drivers }));
  const problemOf = useCallback((field: string) => problems.find((p) => p.field === field)?.message, [problems]);

  const busy = progress !== null;
  const canBuild = port !== null && source !== null && !busy && preview !== null && preview.error === null;
  return {
    port,
    notices,
    source,
    reasons,
    form,
    stored,
    progress,
    built,
    cellFrom,
    preview,
    busy,
    canBuild,
    canRebuild: canBuild && Boolean(stored?.sheet),
    problemOf,
    takeSelection,
    takeSelectedCell,
    build,
    setRole,
    setAggregate,
    setKpiField,
    setSetting,
    setTheme,
    setThemePraise,
    addTheme,
    removeTheme,
    proposeThemes,
    setDrivers,
  };
}
