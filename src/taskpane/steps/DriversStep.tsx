/**
 * Step 5: "What moves NPS". The outcome and the drivers proposed from the columns' roles (NPS,
 * else satisfaction, explained by the other survey scores), which the user can change: any
 * column but a segment, date or comment can drive, and the themes named in Settings (6) where a
 * comment column is mapped (unticked until chosen). The block is computed at Build.
 */
import { Caption1, Checkbox, Dropdown, Field, Option, Subtitle2 } from "@fluentui/react-components";
import { outcomeLabel } from "../../scorecard/driverAnalysis";
import type { ColumnRole } from "../../scorecard/types";
import { driverChoice, driverThemeNames, type DriversForm } from "../form";
import { usePaneStyles } from "../styles";
import type { ScorecardState } from "../useScorecardState";

/** Roles whose columns cannot be drivers or an outcome: they split, date or comment. */
const NOT_DRIVERS: readonly ColumnRole[] = ["segment", "period", "sentiment"];

export function DriversStep({ pane }: { readonly pane: ScorecardState }) {
  const styles = usePaneStyles();
  if (!pane.source) return null;
  const { headers } = pane.source.sample;
  const { roles, drivers } = pane.form;
  const { outcome, columns } = driverChoice(headers, roles, drivers);
  const candidates = headers.map((header, index) => ({ header, index })).filter(({ index }) => !NOT_DRIVERS.includes(roles[index] as ColumnRole));
  const outcomeName = outcome === undefined ? "the outcome" : outcomeLabel(roles[outcome], headers[outcome]);
  const set = (change: Partial<DriversForm>) => pane.setDrivers({ ...drivers, outcome: outcome ?? null, columns, ...change });
  const toggle = (index: number, on: boolean) => set({ columns: on ? [...columns, index] : columns.filter((k) => k !== index) });
  // The themes named in Settings, where a comment column is mapped to read their flags from.
  const themeNames = driverThemeNames(roles, pane.form.namedThemes.map((t) => t.name.trim()));
  const chosenThemes = themeNames.filter((name) => drivers.themes.includes(name));
  const toggleTheme = (name: string, on: boolean) => set({ themes: on ? [...drivers.themes, name] : drivers.themes.filter((t) => t !== name) });
  const count = columns.length + chosenThemes.length;
  return (
    <section className={styles.section} aria-labelledby="step-drivers">
      <Subtitle2 as="h2" id="step-drivers">
        5. What moves {outcomeName}
      </Subtitle2>
      <Caption1 className={styles.muted}>
        Which answers move {outcomeName} most: each driver&apos;s share of R² (Shapley values) with its interval, its own rating and an importance x performance chart,
        on a page of its own. Proposed from the columns; change them.
      </Caption1>
      <Checkbox checked={drivers.on} onChange={(_, d) => pane.setDrivers({ ...drivers, on: d.checked === true })} disabled={pane.busy} label={`Add “What moves ${outcomeName}”`} />
      {drivers.on && (
        <>
          <Field label="Outcome" hint={outcome === undefined ? "Map an NPS or CSAT column, or choose one." : undefined}>
            <Dropdown
              id="drivers-outcome"
              value={outcome === undefined ? "" : headers[outcome]}
              selectedOptions={outcome === undefined ? [] : [String(outcome)]}
              onOptionSelect={(_, d) => d.optionValue !== undefined && set({ outcome: Number(d.optionValue), columns: columns.filter((k) => k !== Number(d.optionValue)) })}
              disabled={pane.busy}
            >
              {candidates.map(({ header, index }) => (
                <Option key={index} value={String(index)}>
                  {header}
                </Option>
              ))}
            </Dropdown>
          </Field>
          {/* A fieldset, not a Field: a Field would name every checkbox after itself. */}
          <fieldset className={styles.kpi}>
            <legend className={styles.legend}>Drivers</legend>
            {candidates
              .filter(({ index }) => index !== outcome)
              .map(({ header, index }) => (
                <Checkbox key={index} id={`driver-${index}`} checked={columns.includes(index)} onChange={(_, d) => toggle(index, d.checked === true)} disabled={pane.busy} label={header} />
              ))}
            {themeNames.map((name) => (
              <Checkbox key={`theme-${name}`} id={`driver-theme-${name}`} checked={chosenThemes.includes(name)} onChange={(_, d) => toggleTheme(name, d.checked === true)} disabled={pane.busy} label={`Theme: ${name}`} />
            ))}
            {chosenThemes.length > 0 && (
              <Caption1 className={styles.muted}>A theme drives as 1 where the comment mentions it, 0 where not: rows without a comment are left out of the analysis.</Caption1>
            )}
            <Caption1 className={styles.muted}>{count < 2 ? "Choose at least two drivers." : `${count} drivers.`}</Caption1>
          </fieldset>
        </>
      )}
    </section>
  );
}
