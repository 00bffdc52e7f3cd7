"use client";

import type { Option } from "@/lib/dal/node-read";
import { ActionForm } from "@/components/forms/action-form";
import { CheckboxField, NumberField, SelectField, TextAreaField, TextField } from "@/components/forms/fields";
import { useTreeActions } from "@/components/actions/tree-actions";

/** A top-level objective of the plan (child objectives are added from their parent's panel). */
export function PlanObjectiveForm({ planCode, departments }: { planCode: string; departments: readonly Option[] }) {
  const { createObjectiveAction } = useTreeActions();
  return (
    <section aria-labelledby="add-objective" id="add-objective-section">
      <h3 id="add-objective" tabIndex={-1}>
        Add a top-level objective
      </h3>
      <ActionForm
        action={createObjectiveAction}
        label="Add a top-level objective"
        submitLabel="Add objective"
        successMessage="Objective added."
        fieldNames={["code", "title", "description", "department", "weight", "published"]}
        values={{ plan: planCode }}
        resetOnSuccess
      >
        <TextField name="code" label="Code" hint="A short code that stays the same, for example O1." isRequired />
        <TextField name="title" label="Title" isRequired />
        <TextAreaField name="description" label="Description" />
        <SelectField
          name="department"
          label="Owning department"
          options={[{ value: "", label: "No department" }, ...departments]}
        />
        <NumberField
          name="weight"
          label="Weight"
          hint="Its share among the top-level objectives (greater than 0)."
          defaultValue={1}
        />
        <CheckboxField name="published" label="Published: residents see it on the public pages" />
      </ActionForm>
    </section>
  );
}
