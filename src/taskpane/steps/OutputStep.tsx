/** Step 6: what the sheet is called and how it computes (settings, formula mode, trend); Build and Rebuild are in the Build bar. */
import { Caption1, Checkbox, Field, Input, Radio, RadioGroup, Subtitle2 } from "@fluentui/react-components";
import type { FormulaMode, TrendGrain } from "../../scorecard/types";
import { FDR_Q_FIELD, MIN_N_FIELD, MODE_LABELS } from "../form";
import { usePaneStyles } from "../styles";
import type { ScorecardState } from "../useScorecardState";
import { BUILD_EXPLAINED } from "./BuildBar";
import { ThemesSettings } from "./ThemesSettings";

export function OutputStep({ pane }: { readonly pane: ScorecardState }) {
  const styles = usePaneStyles();
  const { form, busy } = pane;
  if (!pane.source) return null;
  return (
    <section className={styles.section} aria-labelledby="step-mode">
      <Subtitle2 as="h2" id="step-mode">
        6. Settings
      </Subtitle2>
      <Field label="Scorecard title">
        <Input value={form.title} placeholder="Customer KPI Scorecard" onChange={(_, d) => pane.setSetting("title", d.value)} disabled={busy} />
      </Field>
      <NumberSetting pane={pane} setting="minN" id={MIN_N_FIELD} label="Minimum n to band" placeholder="30" hint="Fewer answers than this: the value is shown in grey, not coloured. Default 30." />
      <NumberSetting
        pane={pane}
        setting="fdrQ"
        id={FDR_Q_FIELD}
        label="False discovery rate q"
        placeholder="0.05"
        hint="A segment or period is marked only when its difference holds after Benjamini-Hochberg at q. Default 0.05."
      />
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
      {form.roles.includes("sentiment") && form.roles.includes("nps") && (
        <Field hint="Words and phrases detractors' comments use more than promoters', and the other way round, with an example each; computed when the scorecard is built.">
          <Checkbox checked={form.themes} onChange={(_, d) => pane.setSetting("themes", d.checked === true)} disabled={busy} label="Add “What detractors say”" />
        </Field>
      )}
      <ThemesSettings pane={pane} />
      <BuildExplained pane={pane} />
    </section>
  );
}

interface NumberSettingProps {
  readonly pane: ScorecardState;
  readonly setting: "minN" | "fdrQ";
  readonly id: string;
  readonly label: string;
  readonly placeholder: string;
  readonly hint: string;
}

/** A number of the build's settings, typed as text and refused with its message at Build. */
function NumberSetting({ pane, setting, id, label, placeholder, hint }: NumberSettingProps) {
  const problem = pane.problemOf(id);
  return (
    <Field label={label} hint={hint} validationMessage={problem} validationState={problem ? "error" : "none"}>
      <Input id={id} value={pane.form[setting]} placeholder={placeholder} inputMode="decimal" onChange={(_, d) => pane.setSetting(setting, d.value)} disabled={pane.busy} />
    </Field>
  );
}

/**
 * What Build and Rebuild do (the Build bar's buttons point here). When there is a sheet to
 * rebuild, Rebuild is the main action and names the sheet it replaces.
 */
function BuildExplained({ pane }: { readonly pane: ScorecardState }) {
  const styles = usePaneStyles();
  const sheet = pane.stored?.sheet ?? null;
  return (
    <Caption1 id={BUILD_EXPLAINED} className={styles.muted}>
      {sheet
        ? `Rebuild rewrites "${sheet.name}" in place with the current data and settings: the same sheet, so formulas and charts elsewhere that point at it keep working, and no other sheet changes. Build new sheet leaves "${sheet.name}" as it is and adds another scorecard.`
        : "Build new sheet adds a scorecard sheet and changes nothing else (its settings are kept in a hidden sheet, so that it can be rebuilt later)."}{" "}
      {undoNote(pane.port?.capabilities?.undoBuild)}
    </Caption1>
  );
}

/**
 * What Undo does after a build: one step where the port says Excel groups the build's changes
 * (ExcelApi 1.20, mergeUndoGroup), otherwise what to do instead.
 */
export function undoNote(undoBuild: boolean | undefined): string {
  return undoBuild
    ? "One Undo (Ctrl+Z) straight after a build or a rebuild takes the whole of it back."
    : "This Excel cannot group a build into one undo step, so Undo may not take it back: to remove a new scorecard, delete its sheet; a rebuild cannot be undone, so copy the sheet first if you want to keep its old numbers.";
}
