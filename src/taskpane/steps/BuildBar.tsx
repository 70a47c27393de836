/**
 * The Build bar: right under the data, as soon as there is a selection, and held at the top of
 * the pane while the user scrolls through the columns, targets and settings below it, so that
 * when the proposals are right a build is one click from the first screen. It says what a build
 * will make (the KPIs the proposals give, by segment and period) and holds Build, Rebuild and
 * the progress; what they do is said in the settings step (aria-describedby).
 */
import { Button, Caption1, Field, ProgressBar } from "@fluentui/react-components";
import { ROLE_LABELS } from "../form";
import { usePaneStyles } from "../styles";
import type { ScorecardState } from "../useScorecardState";

/** The id of the text that says what Build and Rebuild do (in the settings step). */
export const BUILD_EXPLAINED = "build-explained";

export function BuildBar({ pane }: { readonly pane: ScorecardState }) {
  const styles = usePaneStyles();
  if (!pane.source) return null;
  const sheet = pane.stored?.sheet ?? null;
  return (
    <section className={styles.buildBar} aria-label="Build">
      <Caption1 className={styles.muted}>{whatBuilds(pane)}</Caption1>
      <div className={styles.actions}>
        {sheet && (
          <Button appearance="primary" onClick={() => pane.build(true)} disabled={!pane.canRebuild} aria-describedby={BUILD_EXPLAINED}>
            Rebuild &ldquo;{sheet.name}&rdquo;
          </Button>
        )}
        <Button appearance={sheet ? "secondary" : "primary"} onClick={() => pane.build(false)} disabled={!pane.canBuild} aria-describedby={BUILD_EXPLAINED}>
          Build new sheet
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

/** "NPS, CSAT and CES by Plan, with a trend by month; change anything below." */
export function whatBuilds(pane: Pick<ScorecardState, "preview" | "form" | "source">): string {
  const preview = pane.preview;
  if (!preview || preview.error) return "Map a column to a KPI below to build.";
  const ids = [...new Set(preview.summary.map((s) => s.id))];
  const kpis = ids.length <= 1 ? ids.join("") : `${ids.slice(0, -1).join(", ")} and ${ids[ids.length - 1]}`;
  const segment = pane.form.roles.findIndex((r) => r === "segment");
  const by = segment >= 0 ? ` by ${pane.source?.sample.headers[segment] ?? ROLE_LABELS.segment}` : "";
  const trend = pane.form.roles.includes("period") ? `, with a trend by ${pane.form.trend}` : "";
  return `Builds ${kpis}${by}${trend}. Check the proposals below, or build as they are.`;
}
