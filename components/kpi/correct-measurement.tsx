"use client";

import { useTreeActions } from "@/components/actions/tree-actions";
import { ActionForm } from "@/components/forms/action-form";
import { NumberField, TextAreaField } from "@/components/forms/fields";

/**
 * Corrects the value of one period from its own row: a new value and why. The value it replaces stays in the row's
 * history (recordMeasurement keeps a revision), so nothing is lost.
 */
export function CorrectMeasurement({
  kpi,
  period,
  periodLabel,
  value,
  unit,
  validRange,
}: {
  kpi: string;
  period: string;
  /** The period in words ("June 2026"), for the accessible names. */
  periodLabel: string;
  value: number;
  unit: string;
  /** The KPI's valid range as text ("0 to 100"), "" when there is none. */
  validRange: string;
}) {
  const { recordMeasurementAction } = useTreeActions();
  return (
    <details className="entry-edit">
      <summary>
        Correct<span className="visually-hidden"> the value for {periodLabel}</span>
      </summary>
      <ActionForm
        action={recordMeasurementAction}
        label={`Correct the value for ${periodLabel}`}
        submitLabel="Save correction"
        successMessage="Value corrected; the earlier one is in the history."
        fieldNames={["value", "note"]}
        values={{ kpi, period }}
      >
        <NumberField
          name="value"
          label={`New value${unit ? ` (${unit})` : ""}`}
          hint={validRange ? `Valid range: ${validRange}.` : undefined}
          defaultValue={value}
          isRequired
        />
        <TextAreaField name="note" label="Why it is corrected" hint="Kept with the value." />
      </ActionForm>
    </details>
  );
}
