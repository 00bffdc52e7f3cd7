"use client";

import { ActionForm } from "@/components/forms/action-form";
import { TextField } from "@/components/forms/fields";
import { useTreeActions } from "@/components/actions/tree-actions";

/** Start blank: the plan's name, code and period. The page then shows the tree and what to do next. */
export function PlanCreateForm() {
  const { createPlanAction } = useTreeActions();
  return (
    <ActionForm
      action={createPlanAction}
      label="Start a blank plan"
      submitLabel="Create the plan"
      successMessage="Plan created."
      fieldNames={["name", "code", "startDate", "endDate"]}
    >
      <TextField name="name" label="Plan name" hint="For example Strategic Plan 2027–2030." isRequired />
      <TextField name="code" label="Code" hint="A short code that stays the same, for example SP-2027." isRequired />
      <TextField name="startDate" label="Start date" type="date" isRequired />
      <TextField name="endDate" label="End date" type="date" hint="After the start date." isRequired />
    </ActionForm>
  );
}
