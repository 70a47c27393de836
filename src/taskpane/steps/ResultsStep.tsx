/** After a build: the overall values written, with interval, n and band, and the differences marked. */
import { Caption1, Subtitle2 } from "@fluentui/react-components";
import { findingLine, untestedSentence } from "../../scorecard/differenceText";
import type { KpiSummary } from "../../scorecard/types";
import { formatValue } from "../form";
import { usePaneStyles } from "../styles";
import type { Built } from "../useScorecardState";

export function ResultsStep({ built }: { readonly built: Built | null }) {
  const styles = usePaneStyles();
  if (!built) return null;
  const bandClass = (s: KpiSummary) => (s.bandIndex === 0 ? styles.band0 : s.bandIndex === 1 ? styles.band1 : s.bandIndex === 2 ? styles.band2 : undefined);
  return (
    <section className={styles.section} aria-labelledby="built">
      <Subtitle2 as="h2" id="built">
        Overall values in &ldquo;{built.result.sheetName}&rdquo;
      </Subtitle2>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">KPI</th>
            <th scope="col" className={styles.numeric}>
              Value
            </th>
            <th scope="col" className={styles.numeric}>
              95% interval
            </th>
            <th scope="col" className={styles.numeric}>
              n
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {built.summary.map((s) => (
            <tr key={s.title}>
              <th scope="row" style={{ fontWeight: "normal" }}>
                {s.title}
              </th>
              <td className={styles.numeric}>{s.value !== null ? formatValue(s.value, s.numberFormat) : (s.error ?? "–")}</td>
              <td className={styles.numeric}>
                {s.low !== null && s.low !== undefined && s.high !== null && s.high !== undefined
                  ? `${formatValue(s.low, s.numberFormat)} to ${formatValue(s.high, s.numberFormat)}${s.conservative ? "*" : ""}`
                  : "–"}
              </td>
              <td className={styles.numeric}>{s.n !== null ? s.n.toLocaleString("en-US") : "–"}</td>
              <td className={bandClass(s)}>{s.tooFew && s.value !== null ? `n < ${built.minN}: too few to judge` : s.status || s.band || "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {/* The word itself in the cell widened the pane past 360 px (its column's narrowest width is its longest word): a footnote instead. */}
      {built.summary.some((s) => s.conservative) ? (
        <Caption1 as="p">* Conservative: it holds the true value whenever each of its components&rsquo; 95% intervals holds theirs (the sheet&rsquo;s &ldquo;How the CPI is made&rdquo; says what that guarantees).</Caption1>
      ) : null}
      <Differences built={built} />
      <Untested built={built} />
      <Drivers built={built} />
    </section>
  );
}

function Differences({ built }: { readonly built: Built }) {
  if (built.differences.length === 0) {
    return (
      <p>
        No segment or period {built.untested.length > 0 ? "tested " : ""}differs from the rest or from the period before, and no KPI trends, beyond chance (Benjamini-Hochberg, q ={" "}
        {built.fdrQ}).
      </p>
    );
  }
  return (
    <>
      <Subtitle2 as="h3" id="differences">
        Differences that hold after the Benjamini-Hochberg correction (q = {built.fdrQ})
      </Subtitle2>
      <ul aria-labelledby="differences">
        {built.differences.map((d) => (
          <li key={`${d.title}|${d.group}`}>
            {findingLine(d, formatValue)}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The comparisons too skewed for the normal curve, so that their missing mark does not read as no difference. */
function Untested({ built }: { readonly built: Built }) {
  if (built.untested.length === 0) return null;
  return (
    <>
      <Subtitle2 as="h3" id="untested">
        Not tested, too skewed for the normal curve (Cochran&rsquo;s rule; the statistics table says the same)
      </Subtitle2>
      <ul aria-labelledby="untested">
        {built.untested.map((u) => (
          <li key={`${u.title}|${u.group}`}>{untestedSentence(u)}</li>
        ))}
      </ul>
    </>
  );
}

/** What moves the outcome, largest share of R² first, with the warnings the sheet shows. */
function Drivers({ built }: { readonly built: Built }) {
  const d = built.drivers;
  if (!d) return null;
  if (d.none !== null) return <p>What moves {d.outcome}: no driver analysis: {d.none}.</p>;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return (
    <>
      <Subtitle2 as="h3" id="drivers-built">
        What moves {d.outcome} (R² {d.r2?.toFixed(2)}, {d.n?.toLocaleString("en-US")} rows with every driver answered)
      </Subtitle2>
      <ol aria-labelledby="drivers-built">
        {d.drivers.map((x) => (
          <li key={x.header}>
            {x.header}: {pct(x.share)} of R², {x.measure} {Math.round(x.performance * 100)}%: {x.quadrant}
          </li>
        ))}
      </ol>
      {d.warnings.map((w) => (
        <p key={w}>Warning: {w}.</p>
      ))}
    </>
  );
}
