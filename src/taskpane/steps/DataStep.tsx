/** Step 1: take the selected range (or the table around it) as the scorecard's data. */
import { Body1, Button, Caption1, Subtitle2 } from "@fluentui/react-components";
import { usePaneStyles } from "../styles";
import type { ScorecardState } from "../useScorecardState";

export function DataStep({ pane }: { readonly pane: ScorecardState }) {
  const styles = usePaneStyles();
  const { source } = pane;
  return (
    <section className={styles.section} aria-labelledby="step-data">
      <Subtitle2 as="h2" id="step-data">
        1. Data
      </Subtitle2>
      <Caption1 className={styles.muted}>Select the data with its header row (or click inside an Excel table).</Caption1>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={pane.takeSelection} disabled={pane.port === null || pane.busy}>
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
  );
}
