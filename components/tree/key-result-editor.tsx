"use client";

import type { EditOptions, KeyResultDetail } from "@/lib/dal/node-read";
import { updateKeyResultAction } from "@/app/(app)/tree/actions";
import { ActionForm } from "@/components/forms/action-form";
import { NumberField, TextField } from "@/components/forms/fields";
import { KeyResultKindFields } from "./key-result-fields";

const FIELDS = [
  "title",
  "weight",
  "kind",
  "kpi",
  "start",
  "target",
  "progress",
  "zone",
  "startDate",
  "dueDate",
  "narrative",
];

export function KeyResultEditor({
  edit,
  options,
}: {
  edit: NonNullable<KeyResultDetail["edit"]>;
  options: EditOptions;
}) {
  return (
    <section aria-labelledby="edit-key-result">
      <h3 id="edit-key-result">Edit the key result</h3>
      <ActionForm
        action={updateKeyResultAction}
        label="Edit the key result"
        submitLabel="Save key result"
        successMessage="Key result saved."
        fieldNames={FIELDS}
        values={{ id: edit.id, version: edit.version, published: String(edit.published) }}
      >
        <TextField name="title" label="Title" defaultValue={edit.title} isRequired />
        <NumberField
          name="weight"
          label="Weight"
          hint="Its share in the objective's health and progress (greater than 0)."
          defaultValue={edit.weight}
        />
        <KeyResultKindFields initial={edit} kpis={options.kpis} />
      </ActionForm>
    </section>
  );
}
