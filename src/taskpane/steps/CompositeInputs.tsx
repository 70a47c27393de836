/**
 * What goes into the Customer Performance Index with the current choices: each component's
 * worst, best, weight and score, as the sheet's "How the CPI is made" block will hold them.
 * Shown under the columns (so mapping a column shows its effect on the index) and changed in
 * the targets step (CPI weight, worst, best of each KPI).
 */
import { Caption1 } from "@fluentui/react-components";
import type { CompositeSummary } from "../../scorecard/types";
import { formatValue } from "../form";
import { usePaneStyles } from "../styles";

export function CompositeInputs({ composite }: { readonly composite: CompositeSummary | null }) {
  const styles = usePaneStyles();
  if (!composite) {
    return <Caption1 className={styles.muted}>Customer Performance Index: map at least two KPIs and the sheet shows their weighted index at the top.</Caption1>;
  }
  return (
    <div>
      <Caption1>Customer Performance Index: each KPI placed on 0..100 between its worst and best, then weighted (change them under Targets).</Caption1>
      <table className={styles.table} aria-label="Customer Performance Index inputs">
        <thead>
          <tr>
            <th>Component</th>
            <th className={styles.numeric}>Worst</th>
            <th className={styles.numeric}>Best</th>
            <th className={styles.numeric}>Weight</th>
            <th className={styles.numeric}>Score</th>
          </tr>
        </thead>
        <tbody>
          {composite.components.map((c) => (
            <tr key={c.title}>
              <td>{c.title}</td>
              <td className={styles.numeric}>{c.worst}</td>
              <td className={styles.numeric}>{c.best}</td>
              <td className={styles.numeric}>{c.weight}</td>
              <td className={styles.numeric}>{c.score === null ? "" : formatValue(c.score, "0.0")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {composite.leftOut.length > 0 && <Caption1 className={styles.muted}>Left out: {composite.leftOut.join("; ")}.</Caption1>}
    </div>
  );
}
