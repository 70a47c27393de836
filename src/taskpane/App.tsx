/**
 * The scorecard builder: pick the data, confirm the columns, give the other inputs, set
 * targets and bands, choose the formula mode, build. Everything that touches the workbook
 * goes through the WorkbookPort it is given; every failure ends in a MessageBar.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Body1,
  Button,
  Caption1,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Option,
  ProgressBar,
  Radio,
  RadioGroup,
  Subtitle1,
  Subtitle2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { errors, isKpiError, kpiMeta, KpiError } from "../kpi";
import { detectColumns } from "../scorecard/detect";
import { sheetFitProblem, sourceFitProblem } from "../scorecard/excelLimits";
import { aggregateProblem } from "../scorecard/inputs";
import { planScorecard } from "../scorecard/plan";
import { AGGREGATE_INPUTS } from "../scorecard/spec";
import {
  COLUMN_ROLES, type AggregateInput, type ColumnRole, type FormulaMode, type KpiSummary, type MarkedDifference, type TrendGrain,
} from "../scorecard/types";
import type { SourceSample, StoredScorecard, WorkbookPort, WriteResult } from "../excel/port";
import {
  aggregateFieldId,
  columnFieldId,
  columnLabel,
  defaultBands,
  EMPTY_FORM,
  EMPTY_KPI_FIELDS,
  FDR_Q_FIELD,
  FIELD_NAMES,
  formatValue,
  formFromSpec,
  kpiFieldId,
  MIN_N_FIELD,
  MODE_LABELS,
  ROLE_LABELS,
  specFromForm,
  type FieldProblem,
  type FormState,
  type KpiFields,
} from "./form";

const useStyles = makeStyles({
  main: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    maxWidth: "40rem",
  },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, margin: 0, padding: 0, border: "none" },
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "flex-end", flexWrap: "wrap" },
  grow: { flexGrow: 1, minWidth: "8rem" },
  grid: { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(7.5rem, 1fr))", gap: tokens.spacingHorizontalS },
  kpi: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingVerticalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    margin: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  table: { borderCollapse: "collapse", width: "100%", "& th, & td": { textAlign: "left", padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}` } },
  numeric: { textAlign: "right" },
  band0: { color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
  band1: { color: tokens.colorPaletteMarigoldForeground1, fontWeight: tokens.fontWeightSemibold },
  band2: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

type Notice = { intent: "error" | "warning" | "success" | "info"; title: string; message: string };

interface Built {
  readonly result: WriteResult;
  readonly summary: readonly KpiSummary[];
  readonly differences: readonly MarkedDifference[];
  readonly minN: number;
  readonly fdrQ: number;
}

export interface AppProps {
  /** The workbook; null when the pane runs outside Excel. */
  readonly port: WorkbookPort | null;
  readonly now?: () => Date;
}

/** The message of anything thrown or returned as an error. */
export function describeError(err: unknown): string {
  if (err instanceof KpiError) return err.message;
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === "string" && code !== "" && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
  }
  return String(err);
}

const NOT_USED = "none";

export function App({ port, now = () => new Date() }: AppProps) {
  const styles = useStyles();
  const [source, setSource] = useState<SourceSample | null>(null);
  const [reasons, setReasons] = useState<readonly string[]>([]);
  const [form, setForm] = useState<FormState>(EMPTY_FORM);
  const [stored, setStored] = useState<StoredScorecard | null>(null);
  const [notices, setNotices] = useState<readonly Notice[]>([]);
  const [progress, setProgress] = useState<{ value: number; message: string } | null>(null);
  const [built, setBuilt] = useState<Built | null>(null);
  const [problems, setProblems] = useState<readonly FieldProblem[]>([]);
  const [cellFrom, setCellFrom] = useState<Partial<Record<AggregateInput, string>>>({});
  const noticeRef = useRef<HTMLDivElement>(null);

  const report = useCallback((notice: Notice) => {
    setNotices((list) => [...list.filter((n) => n.title !== notice.title), notice]);
  }, []);
  const fail = useCallback((title: string, err: unknown) => report({ intent: "error", title, message: describeError(err) }), [report]);

  // Focus the newest error so that keyboard and screen-reader users hear it.
  useEffect(() => {
    if (notices.some((n) => n.intent === "error")) noticeRef.current?.focus();
  }, [notices]);

  // Start-up: the spec a previous build stored, and its source's columns.
  useEffect(() => {
    if (!port) return;
    let live = true;
    (async () => {
      const found = await port.readStoredSpec();
      if (!live || !found) return;
      setStored(found);
      setForm(formFromSpec(found.spec, Math.max(0, ...found.spec.columns.map((c) => c.index + 1))));
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
    setNotices((list) => list.filter((n) => n.intent !== "error"));
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

  // The KPIs the current choices give, planned on the sample (cheap, pure).
  const preview = useMemo(() => {
    if (!source) return null;
    const { spec } = specFromForm(source.source, source.sample.headers, form);
    const plan = planScorecard({ spec: { ...spec, mode: "values" }, data: source.sample, existingSheets: [], builtAt: new Date(0) });
    return isKpiError(plan) ? { error: plan.message, summary: [] } : { error: null, summary: plan.summary };
  }, [source, form]);

  const build = async (rebuild: boolean) => {
    if (!port || !source) return;
    setBuilt(null);
    setNotices((list) => list.filter((n) => n.intent !== "error" && n.intent !== "success"));
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
      const { source: current, data } = await port.readColumns(spec.source, spec.columns.map((c) => c.index));
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
      setBuilt({ result, summary: plan.summary, differences: plan.differences, minN: plan.minN, fdrQ: plan.fdrQ });
      report({
        intent: "success",
        title: rebuild && result.replaced ? `Rebuilt "${result.sheetName}"` : `Built "${result.sheetName}"`,
        message: `${plan.summary.length} KPIs from ${data.rows.length.toLocaleString("en-US")} rows.`,
      });
    } catch (err) {
      fail(rebuild ? "The scorecard could not be rebuilt" : "The scorecard could not be built", err);
    } finally {
      setProgress(null);
    }
  };

  const setRole = (index: number, role: ColumnRole | null) =>
    setForm((f) => ({ ...f, roles: f.roles.map((r, i) => (i === index ? role : r)) }));
  const setAggregate = (key: AggregateInput, value: string) => {
    setForm((f) => ({ ...f, aggregates: { ...f.aggregates, [key]: value } }));
    setCellFrom((c) => ({ ...c, [key]: undefined }));
  };
  const setKpiField = (id: string, field: keyof KpiFields, value: string) =>
    setForm((f) => ({ ...f, kpis: { ...f.kpis, [id]: { ...(f.kpis[id] ?? EMPTY_KPI_FIELDS), [field]: value } } }));
  const problemOf = (field: string) => problems.find((p) => p.field === field)?.message;

  const busy = progress !== null;
  const hasPeriod = form.roles.includes("period");
  const canBuild = port !== null && source !== null && !busy && preview !== null && preview.error === null;

  return (
    <main className={styles.main} aria-busy={busy}>
      <header>
        <Subtitle1 as="h1" block style={{ margin: 0 }}>
          KPI Scorecard
        </Subtitle1>
        <Body1 as="p" block className={styles.muted} style={{ margin: 0 }}>
          Turn survey and customer data into a banded scorecard sheet.
        </Body1>
      </header>

      <div ref={noticeRef} tabIndex={-1} aria-live="polite" style={{ display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, outline: "none" }}>
        {port === null && (
          <MessageBar intent="warning">
            <MessageBarBody>
              <MessageBarTitle>Excel is not available</MessageBarTitle>
              Open this pane from the KPI Scorecard button in Excel to read and build scorecards.
            </MessageBarBody>
          </MessageBar>
        )}
        {notices.map((n) => (
          <MessageBar key={n.title} intent={n.intent} layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{n.title}</MessageBarTitle>
              {n.message}
            </MessageBarBody>
            <MessageBarActions
              containerAction={
                <Button appearance="transparent" size="small" aria-label={`Dismiss: ${n.title}`} onClick={() => setNotices((l) => l.filter((x) => x !== n))}>
                  ✕
                </Button>
              }
            />
          </MessageBar>
        ))}
        {stored && (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Stored scorecard</MessageBarTitle>
              {stored.sheet
                ? `"${stored.sheet.name}" was built on ${stored.builtAt.slice(0, 10)}. Rebuild replaces it (and only it).`
                : `The scorecard built on ${stored.builtAt.slice(0, 10)} has been deleted; Build makes a new one.`}
            </MessageBarBody>
          </MessageBar>
        )}
      </div>

      <section className={styles.section} aria-labelledby="step-data">
        <Subtitle2 as="h2" id="step-data">1. Data</Subtitle2>
        <Caption1 className={styles.muted}>Select the data with its header row (or click inside an Excel table).</Caption1>
        <div className={styles.actions}>
          <Button appearance="primary" onClick={takeSelection} disabled={port === null || busy}>
            Use selected range
          </Button>
        </div>
        {source && (
          <Body1>
            {source.source.table ? `Table ${source.source.table}, ` : ""}
            {source.source.sheet}!{source.source.address}: {source.totalRows.toLocaleString("en-US")} rows, {source.sample.headers.length} columns
          </Body1>
        )}
      </section>

      {source && (
        <section className={styles.section} aria-labelledby="step-columns">
          <Subtitle2 as="h2" id="step-columns">2. Columns</Subtitle2>
          <Caption1 className={styles.muted}>What each column holds. Change or clear the proposals.</Caption1>
          {source.sample.headers.map((header, index) => {
            const role = form.roles[index] ?? null;
            const id = columnFieldId(index);
            return (
              <Field key={id} label={columnLabel(source.source, index, header)} hint={reasons[index]}>
                <Dropdown
                  id={id}
                  value={role ? ROLE_LABELS[role] : "Not used"}
                  selectedOptions={[role ?? NOT_USED]}
                  onOptionSelect={(_, data) => setRole(index, data.optionValue === NOT_USED || !data.optionValue ? null : (data.optionValue as ColumnRole))}
                  disabled={busy}
                >
                  <Option value={NOT_USED}>Not used</Option>
                  {COLUMN_ROLES.map((r) => (
                    <Option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
            );
          })}
        </section>
      )}

      {source && (
        <section className={styles.section} aria-labelledby="step-inputs">
          <Subtitle2 as="h2" id="step-inputs">3. Other inputs</Subtitle2>
          <Accordion collapsible>
            <AccordionItem value="aggregates">
              <AccordionHeader>Customer figures (churn, retention, CLV, CII, revenue per customer)</AccordionHeader>
              <AccordionPanel>
                <div className={styles.section}>
                  {AGGREGATE_INPUTS.map(({ key, label }) => {
                    const id = aggregateFieldId(key);
                    const problem = problemOf(id);
                    return (
                      <div key={key} className={styles.row}>
                        <Field
                          className={styles.grow}
                          label={label}
                          validationMessage={problem ?? (cellFrom[key] ? `From ${cellFrom[key]}` : undefined)}
                          validationState={problem ? "error" : "none"}
                        >
                          <Input id={id} inputMode="decimal" value={form.aggregates[key] ?? ""} onChange={(_, d) => setAggregate(key, d.value)} disabled={busy} />
                        </Field>
                        <Button onClick={() => takeSelectedCell(key, label)} disabled={busy} aria-label={`Use selected cell for ${label}`}>
                          Use selected cell
                        </Button>
                      </div>
                    );
                  })}
                </div>
              </AccordionPanel>
            </AccordionItem>
          </Accordion>
        </section>
      )}

      {preview && (
        <section className={styles.section} aria-labelledby="step-targets">
          <Subtitle2 as="h2" id="step-targets">4. Targets and bands</Subtitle2>
          {preview.error && (
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>Nothing to build yet</MessageBarTitle>
                {preview.error}
              </MessageBarBody>
            </MessageBar>
          )}
          {uniqueKpis(preview.summary).map((kpi) => {
            const fields = form.kpis[kpi.id] ?? EMPTY_KPI_FIELDS;
            const sampleNote = source && source.totalRows > source.sample.rows.length ? `first ${source.sample.rows.length} rows` : "all rows";
            return (
              <fieldset key={kpi.id} className={styles.kpi}>
                <legend className={styles.legend}>{kpiMeta(kpi.id)?.title ?? kpi.title} ({kpi.id})</legend>
                <Caption1 className={styles.muted}>
                  {defaultBands(kpi.id)}
                  {kpi.value !== null ? ` Preview (${sampleNote}): ${formatValue(kpi.value, kpi.numberFormat)}.` : ""}
                </Caption1>
                <div className={styles.grid}>
                  {(Object.keys(FIELD_NAMES) as (keyof KpiFields)[]).map((field) => {
                    const id = kpiFieldId(kpi.id, field);
                    const problem = problemOf(id);
                    return (
                      <Field key={field} label={capitalise(FIELD_NAMES[field])} size="small" validationMessage={problem} validationState={problem ? "error" : "none"}>
                        <Input
                          id={id}
                          size="small"
                          type={field === "targetDate" ? "date" : "text"}
                          inputMode={field === "targetDate" ? undefined : "decimal"}
                          value={fields[field]}
                          placeholder={placeholderOf(kpi.id, field)}
                          onChange={(_, d) => setKpiField(kpi.id, field, d.value)}
                          disabled={busy}
                        />
                      </Field>
                    );
                  })}
                </div>
              </fieldset>
            );
          })}
        </section>
      )}

      {source && (
        <section className={styles.section} aria-labelledby="step-mode">
          <Subtitle2 as="h2" id="step-mode">5. Build</Subtitle2>
          <Field label="Scorecard title">
            <Input value={form.title} placeholder="Customer KPI Scorecard" onChange={(_, d) => setForm((f) => ({ ...f, title: d.value }))} disabled={busy} />
          </Field>
          <Field label="Minimum n to band" hint="Fewer answers than this: the value is shown in grey, not coloured. Default 30." validationMessage={problemOf(MIN_N_FIELD)} validationState={problemOf(MIN_N_FIELD) ? "error" : "none"}>
            <Input id={MIN_N_FIELD} value={form.minN} placeholder="30" inputMode="numeric" onChange={(_, d) => setForm((f) => ({ ...f, minN: d.value }))} disabled={busy} />
          </Field>
          <Field
            label="False discovery rate q"
            hint="A segment or period is marked only when its difference holds after Benjamini-Hochberg at q. Default 0.05."
            validationMessage={problemOf(FDR_Q_FIELD)}
            validationState={problemOf(FDR_Q_FIELD) ? "error" : "none"}
          >
            <Input id={FDR_Q_FIELD} value={form.fdrQ} placeholder="0.05" inputMode="decimal" onChange={(_, d) => setForm((f) => ({ ...f, fdrQ: d.value }))} disabled={busy} />
          </Field>
          <Field label="Formula mode">
            <RadioGroup value={form.mode} onChange={(_, d) => setForm((f) => ({ ...f, mode: d.value as FormulaMode }))} disabled={busy}>
              {(Object.keys(MODE_LABELS) as FormulaMode[]).map((m) => (
                <Radio key={m} value={m} label={MODE_LABELS[m]} />
              ))}
            </RadioGroup>
          </Field>
          {hasPeriod && (
            <Field label="Trend by">
              <RadioGroup layout="horizontal" value={form.trend} onChange={(_, d) => setForm((f) => ({ ...f, trend: d.value as TrendGrain }))} disabled={busy}>
                <Radio value="month" label="Month" />
                <Radio value="quarter" label="Quarter" />
              </RadioGroup>
            </Field>
          )}
          <div className={styles.actions}>
            <Button appearance="primary" onClick={() => build(false)} disabled={!canBuild}>
              Build
            </Button>
            <Button onClick={() => build(true)} disabled={!canBuild || !stored?.sheet}>
              Rebuild
            </Button>
          </div>
          {progress && (
            <Field validationMessage={progress.message} validationState="none" label="Progress">
              <ProgressBar value={progress.value} thickness="large" />
            </Field>
          )}
        </section>
      )}

      {built && (
        <section className={styles.section} aria-labelledby="built">
          <Subtitle2 as="h2" id="built">
            Overall values in &ldquo;{built.result.sheetName}&rdquo;
          </Subtitle2>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">KPI</th>
                <th scope="col" className={styles.numeric}>Value</th>
                <th scope="col" className={styles.numeric}>95% interval</th>
                <th scope="col" className={styles.numeric}>n</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {built.summary.map((s) => (
                <tr key={s.title}>
                  <th scope="row" style={{ fontWeight: "normal" }}>{s.title}</th>
                  <td className={styles.numeric}>{s.value !== null ? formatValue(s.value, s.numberFormat) : s.error ?? "–"}</td>
                  <td className={styles.numeric}>
                    {s.low !== null && s.low !== undefined && s.high !== null && s.high !== undefined
                      ? `${formatValue(s.low, s.numberFormat)} to ${formatValue(s.high, s.numberFormat)}`
                      : "–"}
                  </td>
                  <td className={styles.numeric}>{s.n !== null ? s.n.toLocaleString("en-US") : "–"}</td>
                  <td className={s.bandIndex === 0 ? styles.band0 : s.bandIndex === 1 ? styles.band1 : s.bandIndex === 2 ? styles.band2 : undefined}>
                    {s.band ?? (s.tooFew && s.value !== null ? `n < ${built.minN}: too few to judge` : "–")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {built.differences.length > 0 ? (
            <>
              <Subtitle2 as="h3" id="differences">
                Differences that hold after the Benjamini-Hochberg correction (q = {built.fdrQ})
              </Subtitle2>
              <ul aria-labelledby="differences">
                {built.differences.map((d) => (
                  <li key={`${d.title}|${d.group}`}>
                    {d.direction === "higher" ? "▲" : "▼"} {d.title}, {d.group}: {formatValue(d.value, d.numberFormat)} (n {d.n.toLocaleString("en-US")}) against{" "}
                    {formatValue(d.otherValue, d.numberFormat)} for the {d.comparedWith}; adjusted p {d.adjustedP < 0.0001 ? d.adjustedP.toExponential(1) : d.adjustedP.toFixed(4)}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>No segment or period differs from the rest or from the period before beyond chance (Benjamini-Hochberg, q = {built.fdrQ}).</p>
          )}
        </section>
      )}
    </main>
  );
}

function uniqueKpis(summary: readonly KpiSummary[]): KpiSummary[] {
  const seen = new Set<string>();
  return summary.filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
}

/** The default a threshold field falls back to, as its placeholder. */
function placeholderOf(id: string, field: keyof KpiFields): string | undefined {
  const meta = kpiMeta(id);
  if (!meta || meta.bands.kind !== "fixed" || (field !== "green" && field !== "amber")) return undefined;
  return String(meta.bands[field]);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
