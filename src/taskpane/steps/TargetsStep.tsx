/** Step 4: per KPI the mapping gives, its target; its date, baseline, benchmark, thresholds and CPI place under "More". */
import { useState } from "react";
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Caption1, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2 } from "@fluentui/react-components";
import { kpiMeta } from "../../kpi";
import type { KpiSummary } from "../../scorecard/types";
import type { CompositeSummary } from "../../scorecard/types";
import { CPI_FIELDS, defaultBands, EMPTY_KPI_FIELDS, FIELD_NAMES, formatValue, isThemeId, kpiFieldId, thresholdPlaceholder, typedText, unitHint, type KpiFields } from "../form";
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

/** The fields folded under "More" (every one but the target), in FIELD_NAMES' order. */
const MORE_FIELDS = (Object.keys(FIELD_NAMES) as (keyof KpiFields)[]).filter((f) => f !== "target");

/**
 * A KPI's target, then everything else under "More", folded: its header says what is inside and
 * the defaults that apply when nothing is typed. It opens by itself when a field inside holds a
 * value or a problem, so nothing typed or refused is hidden.
 */
function KpiFieldsGrid({ pane, id, composite }: { readonly pane: ScorecardState; readonly id: string; readonly composite: CompositeSummary | null }) {
  const styles = usePaneStyles();
  const [open, setOpen] = useState(false);
  const fields = pane.form.kpis[id] ?? EMPTY_KPI_FIELDS;
  // A KPI's place in the CPI is asked only when the sheet has one, and never of the CPI itself.
  const more = MORE_FIELDS.filter((f) => !CPI_FIELDS.includes(f) || (composite !== null && id !== "CPI"));
  const component = composite?.components.find((c) => c.id === id);
  const forced = more.some((f) => fields[f].trim() !== "" || pane.problemOf(kpiFieldId(id, f)) !== undefined);
  const field = (name: keyof KpiFields) => <KpiField key={name} pane={pane} id={id} field={name} value={fields[name]} placeholder={placeholderOf(id, name, component)} />;
  return (
    <>
      <div className={styles.grid}>{field("target")}</div>
      <Accordion collapsible className={styles.more} openItems={open || forced ? ["more"] : []} onToggle={(_, d) => setOpen(d.openItems.includes("more"))}>
        <AccordionItem value="more">
          <AccordionHeader size="small">More: {moreSummary(id, component)}</AccordionHeader>
          <AccordionPanel>
            <div className={styles.grid}>{more.map(field)}</div>
          </AccordionPanel>
        </AccordionItem>
      </Accordion>
    </>
  );
}

function KpiField({ pane, id, field, value, placeholder }: { readonly pane: ScorecardState; readonly id: string; readonly field: keyof KpiFields; readonly value: string; readonly placeholder: string | undefined }) {
  const styles = usePaneStyles();
  const inputId = kpiFieldId(id, field);
  const problem = pane.problemOf(inputId);
  return (
    <Field label={capitalise(FIELD_NAMES[field])} size="small" validationMessage={problem} validationState={problem ? "error" : "none"}>
      <Input
        id={inputId}
        className={styles.fill}
        size="small"
        type={field === "targetDate" ? "date" : "text"}
        inputMode={field === "targetDate" ? undefined : "decimal"}
        value={value}
        placeholder={placeholder}
        onChange={(_, d) => pane.setKpiField(id, field, d.value)}
        disabled={pane.busy}
      />
    </Field>
  );
}

/** What "More" holds and its defaults: "date, baseline, benchmark; green at 50, amber at 0; CPI weight 1". */
function moreSummary(id: string, component: CompositeSummary["components"][number] | undefined): string {
  const green = thresholdPlaceholder(id, "green");
  const amber = thresholdPlaceholder(id, "amber");
  const bands = green !== undefined && amber !== undefined ? `green at ${green}, amber at ${amber}` : "bands from the target";
  const cpi = component ? `; CPI weight ${component.weight}` : "";
  return `target date, baseline, benchmark; ${bands}${cpi}`;
}

function uniqueKpis(summary: readonly KpiSummary[]): KpiSummary[] {
  const seen = new Set<string>();
  // A theme's target is asked with the theme (Settings).
  return summary.filter((s) => !isThemeId(s.id) && (seen.has(s.id) ? false : (seen.add(s.id), true)));
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
