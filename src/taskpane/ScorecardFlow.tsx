/**
 * The scorecard flow: data, the Build bar (held in reach), columns, other inputs, targets,
 * key drivers, settings, results, each a step component over one useScorecardState. The steps render
 * themselves only when they apply.
 */
import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { StoredScorecard } from "../excel/port";
import { NoticeArea } from "./notices";
import { BuildBar } from "./steps/BuildBar";
import { ColumnsStep } from "./steps/ColumnsStep";
import { DataStep } from "./steps/DataStep";
import { DriversStep } from "./steps/DriversStep";
import { InputsStep } from "./steps/InputsStep";
import { OutputStep } from "./steps/OutputStep";
import { ResultsStep } from "./steps/ResultsStep";
import { TargetsStep } from "./steps/TargetsStep";
import { usePaneStyles } from "./styles";
import type { FlowProps } from "./flows";
import { useScorecardState } from "./useScorecardState";

export function ScorecardFlow({ port, now }: FlowProps) {
  const pane = useScorecardState(port, now);
  const styles = usePaneStyles();
  return (
    <div className={styles.flow} aria-busy={pane.busy}>
      <NoticeArea notices={pane.notices}>{pane.stored && <StoredBar stored={pane.stored} />}</NoticeArea>
      <DataStep pane={pane} />
      <BuildBar pane={pane} />
      <ColumnsStep pane={pane} />
      <InputsStep pane={pane} />
      <TargetsStep pane={pane} />
      <DriversStep pane={pane} />
      <OutputStep pane={pane} />
      <ResultsStep built={pane.built} />
    </div>
  );
}

function StoredBar({ stored }: { readonly stored: StoredScorecard }) {
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Stored scorecard</MessageBarTitle>
        {stored.sheet
          ? `"${stored.sheet.name}" was built on ${stored.builtAt.slice(0, 10)}. Rebuild replaces it (and only it).`
          : `The scorecard built on ${stored.builtAt.slice(0, 10)} has been deleted; Build makes a new one.`}
      </MessageBarBody>
    </MessageBar>
  );
}
