"use client";

import type { EditOptions, ObjectiveDetail } from "@/lib/dal/node-read";
import { createKeyResultAction, createObjectiveAction, updateObjectiveAction } from "@/app/(app)/tree/actions";
import { ActionForm } from "@/components/forms/action-form";
import { NumberField, SelectField, TextAreaField, TextField } from "@/components/forms/fields";
import { KeyResultKindFields } from "./key-result-fields";

export function ObjectiveEditor({
  detail,
  edit,
  options,
}: {
  detail: ObjectiveDetail;
  edit: NonNullable<ObjectiveDetail["edit"]>;
  options: EditOptions;
}) {
  const departments = [{ value: "", label: "No department" }, ...options.departments];
  return (
    <>
      <section aria-labelledby="edit-objective">
        <h3 id="edit-objective">Edit the objective</h3>
        <ActionForm
          action={updateObjectiveAction}
          label="Edit the objective"
          submitLabel="Save objective"
          successMessage="Objective saved."
          fieldNames={["title", "description", "department", "weight"]}
          values={{ id: edit.id, version: edit.version, parent: edit.parent, published: String(edit.published) }}
        >
          <TextField name="title" label="Title" defaultValue={edit.title} isRequired />
          <TextAreaField name="description" label="Description" defaultValue={edit.description} />
          <SelectField
            name="department"
            label="Owning department"
            options={departments}
            defaultValue={edit.department}
          />
          <NumberField
            name="weight"
            label="Weight"
            hint="Its share in its parent objective's health (greater than 0)."
            defaultValue={edit.weight}
          />
        </ActionForm>
      </section>
      <details>
        <summary>Add a key result</summary>
        <ActionForm
          action={createKeyResultAction}
          label="Add a key result"
          submitLabel="Add key result"
          successMessage="Key result added."
          fieldNames={[
            "code",
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
          ]}
          values={{ objective: detail.code }}
          resetOnSuccess
        >
          <TextField name="code" label="Code" hint={`For example ${detail.code}.KR9.`} isRequired />
          <TextField name="title" label="Title" isRequired />
          <NumberField name="weight" label="Weight" defaultValue={1} />
          <KeyResultKindFields
            initial={{
              kind: "metric",
              kpi: null,
              start: null,
              target: null,
              startDate: null,
              dueDate: null,
              progress: null,
              zone: null,
              narrative: "",
            }}
            kpis={options.kpis}
          />
        </ActionForm>
      </details>
      <details>
        <summary>Add a child objective</summary>
        <ActionForm
          action={createObjectiveAction}
          label="Add a child objective"
          submitLabel="Add objective"
          successMessage="Objective added."
          fieldNames={["code", "title", "department", "weight"]}
          values={{ plan: edit.plan, parent: detail.code }}
          resetOnSuccess
        >
          <TextField name="code" label="Code" hint={`For example ${detail.code}-9.`} isRequired />
          <TextField name="title" label="Title" isRequired />
          <SelectField
            name="department"
            label="Owning department"
            options={departments}
            defaultValue={edit.department}
          />
          <NumberField name="weight" label="Weight" defaultValue={1} />
        </ActionForm>
      </details>
    </>
  );
}
