"use client";

import { ActionForm } from "@/components/forms/action-form";
import { TextField } from "@/components/forms/fields";
import { useTreeActions } from "@/components/actions/tree-actions";

export type PlanValues = { id: string; version: number; name: string; start: string; end: string };

/** The plan's name and dates, for officers; key results without dates of their own follow new dates. */
export function PlanEditor({ plan }: { plan: PlanValues }) {
  const { updatePlanAction } = useTreeActions();
  return (
    <details className="plan-editor">
      <summary>Edit the plan</summary>
      <ActionForm
        action={updatePlanAction}
        label="Edit the plan"
        submitLabel="Save plan"
        successMessage="Plan saved."
        fieldNames={["name", "startDate", "endDate"]}
        values={{ id: plan.id, version: plan.version }}
      >
        <TextField name="name" label="Plan name" defaultValue={plan.name} isRequired />
        <TextField
          name="startDate"
          label="Start date"
          type="date"
          hint="Key results without a start date of their own start here."
          defaultValue={plan.start}
          isRequired
        />
        <TextField
          name="endDate"
          label="End date"
          type="date"
          hint="Key results without a due date of their own are due here."
          defaultValue={plan.end}
          isRequired
        />
      </ActionForm>
    </details>
  );
}
