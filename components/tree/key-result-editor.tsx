"use client";

import type { EditOptions, KeyResultDetail } from "@/lib/dal/node-read";
import { ActionForm } from "@/components/forms/action-form";
import { CheckboxField, NumberField, SelectField, TextField } from "@/components/forms/fields";
import { KeyResultKindFields } from "./key-result-fields";
import { TreeOrderControls } from "./tree-order-controls";
import { useTreeActions } from "@/components/actions/tree-actions";

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
  "published",
];

export function KeyResultEditor({
  code,
  objective,
  edit,
  options,
}: {
  code: string;
  /** The code of the objective it is under. */
  objective: string;
  edit: NonNullable<KeyResultDetail["edit"]>;
  options: EditOptions;
}) {
  const { moveKeyResultAction, reorderKeyResultAction, updateKeyResultAction } = useTreeActions();
  return (
    <>
      <section aria-labelledby="edit-key-result">
        <h3 id="edit-key-result">Edit the key result</h3>
        <ActionForm
          action={updateKeyResultAction}
          label="Edit the key result"
          submitLabel="Save key result"
          successMessage="Key result saved."
          fieldNames={FIELDS}
          values={{ id: edit.id, version: edit.version }}
        >
          <TextField name="title" label="Title" defaultValue={edit.title} isRequired />
          <NumberField
            name="weight"
            label="Weight"
            hint="Its share in the objective's health and progress (greater than 0)."
            defaultValue={edit.weight}
          />
          <KeyResultKindFields initial={edit} kpis={options.kpis} />
          <CheckboxField
            name="published"
            label="Published: residents see it on the public pages"
            defaultChecked={edit.published}
          />
        </ActionForm>
      </section>
      <section aria-labelledby="place-key-result">
        <h3 id="place-key-result">Order and place</h3>
        <TreeOrderControls
          action={reorderKeyResultAction}
          id={edit.id}
          version={edit.version}
          name={code}
          siblingsLabel="the objective's key results"
        />
        <ActionForm
          action={moveKeyResultAction}
          label={`Move ${code} to another objective`}
          submitLabel="Move key result"
          successMessage="Key result moved."
          fieldNames={["objective"]}
          values={{ id: edit.id, version: edit.version }}
          isSecondary
        >
          <SelectField
            name="objective"
            label="Move to objective"
            hint="It goes last among that objective's key results."
            options={[
              { value: "", label: "Choose an objective" },
              ...options.objectives.filter((option) => option.value !== objective),
            ]}
          />
        </ActionForm>
      </section>
    </>
  );
}
