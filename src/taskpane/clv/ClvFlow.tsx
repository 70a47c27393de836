/**
 * The "Customer lifetime value" flow: select a transaction range, confirm the id, date and
 * amount columns, and build the CLV sheet (src/clv/sheet.ts) through the WorkbookPort; the end
 * date, holdout, period, horizon, discount rate and margin wait under "More" with their
 * defaults. All state is in useClvState.
 */
import { useState } from "react";
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Body1, Button, Caption1, Field, Input, Select, Subtitle2 } from "@fluentui/react-components";
import type { FlowProps } from "../flows";
import { NoticeArea } from "../notices";
import { usePaneStyles } from "../styles";
import { independenceNote, verdictText } from "../../clv/sheet";
import { PERIODS, type ClvForm } from "./clvForm";
import { useClvState, type ClvState } from "./useClvState";

const COLUMNS: readonly [keyof ClvForm & ("id" | "date" | "amount"), string][] = [
  ["id", "Customer id column"],
  ["date", "Purchase date column"],
  ["amount", "Amount column"],
];

const SETTINGS: readonly [keyof ClvForm & ("end" | "holdout" | "horizon" | "discount" | "margin"), string, string][] = [
  ["end", "End of calibration (YYYY-MM-DD)", "blank: the last purchase"],
  ["holdout", "End of holdout (YYYY-MM-DD)", "blank: no calibration check"],
  ["horizon", "Horizon (periods)", ""],
  ["discount", "Discount rate (% per period, or 10/year)", ""],
  ["margin", "Margin (%)", ""],
];

export function ClvFlow({ port }: FlowProps) {
  const pane = useClvState(port);
  const styles = usePaneStyles();
  const { source, form } = pane;
  return (
    <div className={styles.flow} aria-busy={pane.busy}>
      <NoticeArea notices={pane.notices} />
      <section className={styles.section} aria-labelledby="clv-data">
        <Subtitle2 as="h2" id="clv-data">1. Transactions</Subtitle2>
        <Caption1 className={styles.muted}>Select the purchases (one row each) with their header row.</Caption1>
        <div className={styles.actions}>
          <Button appearance="primary" onClick={pane.takeSelection} disabled={port === null || pane.busy}>Use selected range</Button>
        </div>
        {source && <Body1>{source.source.sheet}!{source.source.address}: {source.totalRows.toLocaleString("en-US")} purchases</Body1>}
      </section>
      {source && (
        <>
          <section className={styles.buildBar} aria-label="Build">
            <Caption1 className={styles.muted}>
              Customers from &ldquo;{source.sample.headers[form.id]}&rdquo;, dates from &ldquo;{source.sample.headers[form.date]}&rdquo;, amounts from
              &ldquo;{source.sample.headers[form.amount]}&rdquo;. Check them below, or build as they are.
            </Caption1>
            <div className={styles.actions}>
              <Button appearance="primary" onClick={pane.build} disabled={pane.busy}>Build CLV sheet</Button>
            </div>
          </section>
          <section className={styles.section} aria-labelledby="clv-columns">
            <Subtitle2 as="h2" id="clv-columns">2. Columns</Subtitle2>
            <div className={styles.grid}>
              {COLUMNS.map(([key, label]) => (
                <Field key={key} label={label} validationMessage={pane.problem?.field === key ? pane.problem.message : undefined}>
                  <Select value={String(form[key])} onChange={(_, d) => pane.set(key, Number(d.value))}>
                    {source.sample.headers.map((h, i) => <option key={i} value={i}>{h}</option>)}
                  </Select>
                </Field>
              ))}
            </div>
          </section>
          <SettingsStep pane={pane} />
          {pane.built && <Results built={pane.built} />}
        </>
      )}
    </div>
  );
}

/**
 * The settings, folded under "More" after the Build button: their defaults (the last purchase,
 * no holdout, weeks, 52 of them, no discount, all of the amount) are what most builds want, and
 * the header says them. A problem with one of them opens the fold.
 */
function SettingsStep({ pane }: { readonly pane: ClvState }) {
  const styles = usePaneStyles();
  const [open, setOpen] = useState(false);
  const { form } = pane;
  const forced = pane.problem !== null && pane.problem.field !== "id" && pane.problem.field !== "date" && pane.problem.field !== "amount";
  return (
    <section className={styles.section} aria-labelledby="clv-settings">
      <Subtitle2 as="h2" id="clv-settings">3. Settings</Subtitle2>
      <Accordion collapsible className={styles.more} openItems={open || forced ? ["more"] : []} onToggle={(_, d) => setOpen(d.openItems.includes("more"))}>
        <AccordionItem value="more">
          <AccordionHeader size="small">More: {settingsSummary(form)}</AccordionHeader>
          <AccordionPanel>
            <div className={styles.grid}>
              <Field label="Period">
                <Select value={form.period} onChange={(_, d) => pane.set("period", d.value as ClvForm["period"])}>
                  {PERIODS.map((p) => <option key={p} value={p}>{p}</option>)}
                </Select>
              </Field>
              {SETTINGS.map(([key, label, hint]) => (
                <Field key={key} label={label} hint={hint || undefined} validationMessage={pane.problem?.field === key ? pane.problem.message : undefined}>
                  <Input className={styles.fill} value={form[key]} onChange={(_, d) => pane.set(key, d.value)} />
                </Field>
              ))}
            </div>
          </AccordionPanel>
        </AccordionItem>
      </Accordion>
    </section>
  );
}

/** The settings as they stand, in words: "calibration to the last purchase, no holdout, 52 weeks ahead, discount 0 % a week, margin 100 %". */
export function settingsSummary(form: ClvForm): string {
  const end = form.end.trim() === "" ? "calibration to the last purchase" : `calibration to ${form.end.trim()}`;
  const holdout = form.holdout.trim() === "" ? "no holdout" : `holdout to ${form.holdout.trim()}`;
  const discount = /\/\s*year\s*$/i.test(form.discount) ? `${form.discount.replace(/\s*\/\s*year\s*$/i, "").trim()} % a year` : `${form.discount.trim()} % a ${form.period}`;
  return `${end}, ${holdout}, ${form.horizon.trim()} ${form.period}s ahead, discount ${discount}, margin ${form.margin.trim()} %`;
}

function Results({ built }: { readonly built: NonNullable<ClvState["built"]> }) {
  const styles = usePaneStyles();
  const { bgnbd: bg, gammaGamma: gg, customers, holdoutCheck: check, independence, windows } = built.plan;
  const f = (v: number) => v.toLocaleString("en-US", { maximumFractionDigits: 3 });
  const money = (v: number) => v.toLocaleString("en-US", { maximumFractionDigits: 2 });
  const day = (serial: number) => new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
  return (
    <section className={styles.section} aria-labelledby="clv-results">
      <Subtitle2 as="h2" id="clv-results">Results</Subtitle2>
      <Body1>BG/NBD: r {f(bg.params.r)}, alpha {f(bg.params.alpha)}, a {f(bg.params.a)}, b {f(bg.params.b)} ({verdictText(bg)})</Body1>
      <Body1>Gamma-Gamma: p {f(gg.params.p)}, q {f(gg.params.q)}, gamma {f(gg.params.gamma)} ({verdictText(gg)})</Body1>
      {(bg.verdict !== "converged" || gg.verdict !== "converged") && (
        <Body1>
          <strong>The CLV is not to be relied on: {[bg.verdict !== "converged" ? "BG/NBD" : "", gg.verdict !== "converged" ? "Gamma-Gamma" : ""].filter(Boolean).join(" and ")} did not give a maximum the data pin down.</strong>
        </Body1>
      )}
      <Body1>
        Total CLV {money(built.plan.totalClv)} over {customers.length.toLocaleString("en-US")} customers, forecast from {day(windows.forecastStart)} ({windows.forecastFrom === "data" ? "the end of the data" : "the end of calibration"})
      </Body1>
      {check && (
        <Body1>
          Holdout to {day(windows.holdoutEnd ?? windows.calibrationEnd)}: {money(check.actual)} repeat purchases seen, {money(check.expected)} expected
          {Number.isFinite(check.difference) ? ` (${check.difference >= 0 ? "+" : ""}${(check.difference * 100).toFixed(1)} %)` : ""}, mean absolute error {check.meanAbsoluteError.toFixed(3)} per customer
          {check.rankCorrelation ? `, customers ranked with Spearman's rho ${check.rankCorrelation.rho.toFixed(3)}` : ""}
        </Body1>
      )}
      {independence && independence.p < 0.05 && (
        <Body1>{independenceNote(independence)}</Body1>
      )}
      {built.skipped > 0 && <Body1>{built.skipped.toLocaleString("en-US")} {built.skipped === 1 ? "row" : "rows"} left out (unreadable id, date or amount, a negative amount, or a date outside 1900-03-01 to today)</Body1>}
    </section>
  );
}
