/** Step 4: per KPI the mapping gives, its target, baseline, benchmark and band thresholds. */
import { Caption1, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2 } from "@fluentui/react-components";
import { kpiMeta } from "../../kpi";
import type { KpiSummary } from "../../scorecard/types";
import type { CompositeSummary } from "../../scorecard/types";
import { CPI_FIELDS, defaultBands, EMPTY_KPI_FIELDS, FIELD_NAMES, formatValue, kpiFieldId, thresholdPlaceholder, typedText, unitHint, type KpiFields } from "../form";
import { usePaneStyles } from "../styles";
import type { ScorecardState } from "../useScorecardState";

export function TargetsStep({ pane }: { readonly pane: ScorecardState }) {
  const styles = usePaneStyles();
  const { preview, source } = pane;
  if (!preview) return null;
  const sampleNote = source && source.totalRows > source.sample.rows.length ? `first ${source.sample.rows.length} rows` : "all rows";
  return (
    <section className={styles.section} aria-labelledby="step-targets">
      <Subtitle2 as="h2" id="step-targets">
        4. Targets and bands
      </Subtitle2>
      {preview.error && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Nothing to build yet</MessageBarTitle>
            {preview.error}
          </MessageBarBody>
        </MessageBar>
      )}
      {uniqueKpis(preview.summary).map((kpi) => (
        <fieldset key={kpi.id} className={styles.kpi}>
          <legend className={styles.legend}>
            {kpiMeta(kpi.id)?.title ?? kpi.title} ({kpi.id})
          </legend>
          <Caption1 className={styles.muted}>
            {defaultBands(kpi.id)}
            {kpi.value !== null ? ` Preview (${sampleNote}): ${formatValue(kpi.value, kpi.numberFormat)}.` : ""}
            {unitHint(kpi.id) ? ` ${unitHint(kpi.id)}` : ""}
          </Caption1>
          <KpiFieldsGrid pane={pane} id={kpi.id} composite={preview.composite} />
        </fieldset>
      ))}
    </section>
  );
}

function KpiFieldsGrid({ pane, id, composite }: { readonly pane: ScorecardState; readonly id: string; readonly composite: CompositeSummary | null }) {
  const styles = usePaneStyles();
  const fields = pane.form.kpis[id] ?? EMPTY_KPI_FIELDS;
  // A KPI's place in the CPI is asked only when the sheet has one, and never of the CPI itself.
  const shown = (Object.keys(FIELD_NAMES) as (keyof KpiFields)[]).filter((f) => !CPI_FIELDS.includes(f) || (composite !== null && id !== "CPI"));
  const component = composite?.components.find((c) => c.id === id);
  return (
    <div className={styles.grid}>
      {shown.map((field) => {
        const inputId = kpiFieldId(id, field);
        const problem = pane.problemOf(inputId);
        return (
          <Field key={field} label={capitalise(FIELD_NAMES[field])} size="small" validationMessage={problem} validationState={problem ? "error" : "none"}>
            <Input
              id={inputId}
              className={styles.fill}
              size="small"
              type={field === "targetDate" ? "date" : "text"}
              inputMode={field === "targetDate" ? undefined : "decimal"}
              value={fields[field]}
              placeholder={placeholderOf(id, field, component)}
              onChange={(_, d) => pane.setKpiField(id, field, d.value)}
              disabled={pane.busy}
            />
          </Field>
        );
      })}
    </div>
  );
}

function uniqueKpis(summary: readonly KpiSummary[]): KpiSummary[] {
  const seen = new Set<string>();
  return summary.filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
}

/** The default a field falls back to, as its placeholder: a threshold's, or the KPI's place in the CPI. */
function placeholderOf(id: string, field: keyof KpiFields, component: CompositeSummary["components"][number] | undefined): string | undefined {
  if (field === "cpiWeight") return component ? String(component.weight) : "1";
  if (field === "cpiWorst" || field === "cpiBest") return component ? typedText(id, field === "cpiWorst" ? component.worst : component.best) : undefined;
  return thresholdPlaceholder(id, field);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
