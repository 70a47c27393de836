/**
 * Themes the user names, in the Settings step: a name, its words and a target per theme, each
 * a KPI row of the scorecard (the share of comments that mention one of its words). Proposed from
 * the data's comments (detractors' against promoters') where an NPS column is mapped; every
 * proposal is editable, and the words stay editable on the sheet after the build.
 */
import { Button, Caption1, Checkbox, Field, Input, Subtitle2 } from "@fluentui/react-components";
import { MAX_THEMES } from "../../scorecard/spec";
import { themeFieldId } from "../form";
import { usePaneStyles } from "../styles";
import type { ScorecardState } from "../useScorecardState";

export function ThemesSettings({ pane }: { readonly pane: ScorecardState }) {
  const styles = usePaneStyles();
  const { form, busy } = pane;
  if (!form.roles.includes("sentiment")) return null;
  const field = (k: number, name: "name" | "words" | "target", label: string, placeholder: string, hint?: string) => {
    const id = themeFieldId(k, name);
    const problem = pane.problemOf(id);
    return (
      <Field label={label} hint={hint} validationMessage={problem} validationState={problem ? "error" : "none"}>
        <Input id={id} value={form.namedThemes[k][name]} placeholder={placeholder} onChange={(_, d) => pane.setTheme(k, name, d.value)} disabled={busy} />
      </Field>
    );
  };
  return (
    <section className={styles.section} aria-labelledby="themes-heading">
      <Subtitle2 as="h3" id="themes-heading">
        Themes in the comments
      </Subtitle2>
      <Caption1 className={styles.muted}>
        Each theme is a row of the scorecard: the share of comments that mention one of its words (whole words), overall, per segment and per month, with
        its interval and marks. No colours unless you give a target. The words stay editable on the sheet.
      </Caption1>
      {form.namedThemes.map((_, k) => (
        <fieldset key={k} className={styles.kpi} aria-label={`Theme ${k + 1}`}>
          <div className={styles.grid}>
            {field(k, "name", "Name", "Wait time")}
            {field(k, "target", "Target", "none", "A share: 10%")}
          </div>
          {field(k, "words", "Words", "wait, queue, on hold", "Separated by commas")}
          <Checkbox
            label="Praise: a higher share is better (unticked: a complaint)"
            checked={form.namedThemes[k].direction === "higher"}
            onChange={(_, d) => pane.setThemePraise(k, d.checked === true)}
            disabled={busy}
          />
          <div className={styles.actions}>
            <Button size="small" appearance="subtle" onClick={() => pane.removeTheme(k)} disabled={busy}>
              Remove theme {k + 1}
            </Button>
          </div>
        </fieldset>
      ))}
      <div className={styles.actions}>
        {form.roles.includes("nps") && (
          <Button onClick={() => void pane.proposeThemes()} disabled={busy || form.namedThemes.length >= MAX_THEMES}>
            Propose themes from detractors’ comments
          </Button>
        )}
        <Button appearance="subtle" onClick={pane.addTheme} disabled={busy || form.namedThemes.length >= MAX_THEMES}>
          Add a theme
        </Button>
      </div>
    </section>
  );
}
