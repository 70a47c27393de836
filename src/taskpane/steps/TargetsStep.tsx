/** Step 4: per KPI the mapping gives, its target, baseline, benchmark and band thresholds. */
import { Caption1, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2 } from "@fluentui/react-components";
import { kpiMeta } from "../../kpi";
import type { KpiSummary } from "../../scorecard/types";
import { defaultBands, EMPTY_KPI_FIELDS, FIELD_NAMES, formatValue, kpiFieldId, thresholdPlaceholder, unitHint, type KpiFields } from "../form";
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
          <KpiFieldsGrid pane={pane} id={kpi.id} />
        </fieldset>
      ))}
    </section>
  );
}

function KpiFieldsGrid({ pane, id }: { readonly pane: ScorecardState; readonly id: string }) {
  const styles = usePaneStyles();
  const fields = pane.form.kpis[id] ?? EMPTY_KPI_FIELDS;
  return (
    <div className={styles.grid}>
      {(Object.keys(FIELD_NAMES) as (keyof KpiFields)[]).map((field) => {
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
              placeholder={thresholdPlaceholder(id, field)}
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

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
