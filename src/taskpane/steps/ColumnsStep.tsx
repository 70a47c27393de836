/**
 * Step 2: what each column holds, one dropdown per column with the detected role proposed.
 * The roles offered are COLUMN_ROLES with their ROLE_LABELS: a new role appears here by being
 * added there. A role that needs settings of its own per column belongs in ColumnField.
 */
import { Caption1, Dropdown, Field, Option, Subtitle2 } from "@fluentui/react-components";
import { COLUMN_ROLES, type ColumnRole } from "../../scorecard/types";
import { columnFieldId, columnLabel, ROLE_LABELS } from "../form";
import { usePaneStyles } from "../styles";
import type { ScorecardState } from "../useScorecardState";
import { CompositeInputs } from "./CompositeInputs";

const NOT_USED = "none";

export function ColumnsStep({ pane }: { readonly pane: ScorecardState }) {
  const styles = usePaneStyles();
  if (!pane.source) return null;
  const { source } = pane.source;
  return (
    <section className={styles.section} aria-labelledby="step-columns">
      <Subtitle2 as="h2" id="step-columns">
        2. Columns
      </Subtitle2>
      <Caption1 className={styles.muted}>What each column holds. Change or clear the proposals.</Caption1>
      {pane.source.sample.headers.map((header, index) => (
        <ColumnField
          key={columnFieldId(index)}
          index={index}
          label={columnLabel(source, index, header)}
          hint={pane.reasons[index]}
          role={pane.form.roles[index] ?? null}
          disabled={pane.busy}
          onChange={(role) => pane.setRole(index, role)}
        />
      ))}
      {pane.preview && <CompositeInputs composite={pane.preview.composite} />}
    </section>
  );
}

interface ColumnFieldProps {
  readonly index: number;
  readonly label: string;
  readonly hint: string | undefined;
  readonly role: ColumnRole | null;
  readonly disabled: boolean;
  readonly onChange: (role: ColumnRole | null) => void;
}

function ColumnField({ index, label, hint, role, disabled, onChange }: ColumnFieldProps) {
  return (
    <Field label={label} hint={hint}>
      <Dropdown
        id={columnFieldId(index)}
        value={role ? ROLE_LABELS[role] : "Not used"}
        selectedOptions={[role ?? NOT_USED]}
        onOptionSelect={(_, data) => onChange(data.optionValue === NOT_USED || !data.optionValue ? null : (data.optionValue as ColumnRole))}
        disabled={disabled}
      >
        <Option value={NOT_USED}>Not used</Option>
        {COLUMN_ROLES.map((r) => (
          <Option key={r} value={r}>
            {ROLE_LABELS[r]}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
