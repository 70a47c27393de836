/** Step 5: what the sheet is called and how it computes (settings, formula mode, trend), then Build or Rebuild. */
import { Button, Field, Input, ProgressBar, Radio, RadioGroup, Subtitle2 } from "@fluentui/react-components";
import type { FormulaMode, TrendGrain } from "../../scorecard/types";
import { FDR_Q_FIELD, MIN_N_FIELD, MODE_LABELS } from "../form";
import { usePaneStyles } from "../styles";
import type { ScorecardState } from "../useScorecardState";

export function OutputStep({ pane }: { readonly pane: ScorecardState }) {
  const styles = usePaneStyles();
  const { form, busy, problemOf } = pane;
  if (!pane.source) return null;
  return (
    <section className={styles.section} aria-labelledby="step-mode">
      <Subtitle2 as="h2" id="step-mode">
        5. Build
      </Subtitle2>
      <Field label="Scorecard title">
        <Input value={form.title} placeholder="Customer KPI Scorecard" onChange={(_, d) => pane.setSetting("title", d.value)} disabled={busy} />
      </Field>
      <Field
        label="Minimum n to band"
        hint="Fewer answers than this: the value is shown in grey, not coloured. Default 30."
        validationMessage={problemOf(MIN_N_FIELD)}
        validationState={problemOf(MIN_N_FIELD) ? "error" : "none"}
      >
        <Input id={MIN_N_FIELD} value={form.minN} placeholder="30" inputMode="numeric" onChange={(_, d) => pane.setSetting("minN", d.value)} disabled={busy} />
      </Field>
      <Field
        label="False discovery rate q"
        hint="A segment or period is marked only when its difference holds after Benjamini-Hochberg at q. Default 0.05."
        validationMessage={problemOf(FDR_Q_FIELD)}
        validationState={problemOf(FDR_Q_FIELD) ? "error" : "none"}
      >
        <Input id={FDR_Q_FIELD} value={form.fdrQ} placeholder="0.05" inputMode="decimal" onChange={(_, d) => pane.setSetting("fdrQ", d.value)} disabled={busy} />
      </Field>
      <Field label="Formula mode">
        <RadioGroup value={form.mode} onChange={(_, d) => pane.setSetting("mode", d.value as FormulaMode)} disabled={busy}>
          {(Object.keys(MODE_LABELS) as FormulaMode[]).map((m) => (
            <Radio key={m} value={m} label={MODE_LABELS[m]} />
          ))}
        </RadioGroup>
      </Field>
      {form.roles.includes("period") && (
        <Field label="Trend by">
          <RadioGroup layout="horizontal" value={form.trend} onChange={(_, d) => pane.setSetting("trend", d.value as TrendGrain)} disabled={busy}>
            <Radio value="month" label="Month" />
            <Radio value="quarter" label="Quarter" />
          </RadioGroup>
        </Field>
      )}
      <div className={styles.actions}>
        <Button appearance="primary" onClick={() => pane.build(false)} disabled={!pane.canBuild}>
          Build
        </Button>
        <Button onClick={() => pane.build(true)} disabled={!pane.canRebuild}>
          Rebuild
        </Button>
      </div>
      {pane.progress && (
        <Field validationMessage={pane.progress.message} validationState="none" label="Progress">
          <ProgressBar value={pane.progress.value} thickness="large" />
        </Field>
      )}
    </section>
  );
}
