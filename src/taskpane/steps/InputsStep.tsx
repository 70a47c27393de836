/** Step 3: the customer figures that are not columns (churn, retention, CLV...), typed or taken from a cell. */
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Button, Field, Input, Subtitle2 } from "@fluentui/react-components";
import { AGGREGATE_INPUTS } from "../../scorecard/spec";
import { aggregateFieldId } from "../form";
import { usePaneStyles } from "../styles";
import type { ScorecardState } from "../useScorecardState";

export function InputsStep({ pane }: { readonly pane: ScorecardState }) {
  const styles = usePaneStyles();
  if (!pane.source) return null;
  return (
    <section className={styles.section} aria-labelledby="step-inputs">
      <Subtitle2 as="h2" id="step-inputs">
        3. Other inputs
      </Subtitle2>
      <Accordion collapsible>
        <AccordionItem value="aggregates">
          <AccordionHeader>Customer figures (churn, retention, CLV, CII, revenue per customer)</AccordionHeader>
          <AccordionPanel>
            <div className={styles.section}>
              {AGGREGATE_INPUTS.map(({ key, label }) => {
                const id = aggregateFieldId(key);
                const problem = pane.problemOf(id);
                const from = pane.cellFrom[key];
                return (
                  <div key={key} className={styles.row}>
                    <Field
                      className={styles.grow}
                      label={label}
                      validationMessage={problem ?? (from ? `From ${from}` : undefined)}
                      validationState={problem ? "error" : "none"}
                    >
                      <Input id={id} inputMode="decimal" value={pane.form.aggregates[key] ?? ""} onChange={(_, d) => pane.setAggregate(key, d.value)} disabled={pane.busy} />
                    </Field>
                    <Button onClick={() => pane.takeSelectedCell(key, label)} disabled={pane.busy} aria-label={`Use selected cell for ${label}`}>
                      Use selected cell
                    </Button>
                  </div>
                );
              })}
            </div>
          </AccordionPanel>
        </AccordionItem>
      </Accordion>
    </section>
  );
}
