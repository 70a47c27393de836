/**
 * The task pane: a header, the "Excel is not available" warning outside Excel, and the flows
 * the pane offers (FLOWS), with a switch between them when there is more than one. Each flow
 * talks to the workbook through the WorkbookPort it is given; every failure ends in a MessageBar.
 */
import { useState } from "react";
import { Body1, MessageBar, MessageBarBody, MessageBarTitle, Subtitle1, Tab, TabList } from "@fluentui/react-components";
import type { WorkbookPort } from "../excel/port";
import type { Flow } from "./flows";
import { ClvFlow } from "./clv/ClvFlow";
import { ScorecardFlow } from "./ScorecardFlow";
import { usePaneStyles } from "./styles";

export { describeError } from "./notices";

/** What the pane makes, in the order the switch shows them; the first is where it opens. */
export const FLOWS: readonly Flow[] = [
  { id: "scorecard", label: "KPI scorecard", component: ScorecardFlow },
  { id: "clv", label: "Customer lifetime value", component: ClvFlow },
];

export interface AppProps {
  /** The workbook; null when the pane runs outside Excel. */
  readonly port: WorkbookPort | null;
  readonly now?: () => Date;
  /** The flows offered (tests may pass their own). */
  readonly flows?: readonly Flow[];
}

export function App({ port, now = () => new Date(), flows = FLOWS }: AppProps) {
  const styles = usePaneStyles();
  const [flowId, setFlowId] = useState(flows[0].id);
  const flow = flows.find((f) => f.id === flowId) ?? flows[0];
  const Current = flow.component;
  return (
    <main className={styles.main}>
      <header>
        <Subtitle1 as="h1" block style={{ margin: 0 }}>
          KPI Scorecard
        </Subtitle1>
        <Body1 as="p" block className={styles.muted} style={{ margin: 0 }}>
          Turn survey and customer data into a banded scorecard sheet.
        </Body1>
      </header>
      {port === null && (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>Excel is not available: open this in Excel</MessageBarTitle>
            This pane reads your data and builds sheets inside Excel. Open it there, from Home &gt; KPI Scorecard (after uploading the
            add-in&apos;s manifest.xml: Insert &gt; Add-ins &gt; Upload My Add-in).
          </MessageBarBody>
        </MessageBar>
      )}
      {flows.length > 1 && (
        <TabList className={styles.tabs} size="small" selectedValue={flow.id} onTabSelect={(_, d) => setFlowId(String(d.value))} aria-label="What to make">
          {flows.map((f) => (
            <Tab key={f.id} value={f.id}>
              {f.label}
            </Tab>
          ))}
        </TabList>
      )}
      <Current key={flow.id} port={port} now={now} />
    </main>
  );
}
