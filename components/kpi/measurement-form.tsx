"use client";

import { ActionForm } from "@/components/forms/action-form";
import { NumberField, TextAreaField, TextField } from "@/components/forms/fields";
import { useTreeActions } from "@/components/actions/tree-actions";

/** Adds a value for a period, or corrects one: the replaced value stays in the history. */
export function MeasurementForm({
  kpi,
  defaultPeriod,
  periodHint,
  unit,
  validRange,
}: {
  kpi: string;
  defaultPeriod: string;
  periodHint: string;
  unit: string;
  /** The KPI's valid range as text ("0 to 100"), "" when there is none. */
  validRange: string;
}) {
  const { recordMeasurementAction } = useTreeActions();
  return (
    <ActionForm
      action={recordMeasurementAction}
      label="Add or correct a value"
      submitLabel="Save value"
      successMessage="Value saved."
      fieldNames={["period", "value", "note", "source"]}
      values={{ kpi }}
    >
      <TextField name="period" label="Period" hint={periodHint} defaultValue={defaultPeriod} isRequired />
      <NumberField
        name="value"
        label={`Value${unit ? ` (${unit})` : ""}`}
        hint={validRange ? `Valid range: ${validRange}.` : undefined}
        isRequired
      />
      <TextAreaField name="note" label="Note" hint="Why it was added or corrected (kept with the value)." />
      <TextField name="source" label="Source" hint="Optional: where the number comes from." />
    </ActionForm>
  );
}
