"use client";

import type { EditOptions, ObjectiveDetail } from "@/lib/dal/node-read";
import { ActionForm } from "@/components/forms/action-form";
import { CheckboxField, NumberField, SelectField, TextAreaField, TextField } from "@/components/forms/fields";
import { KeyResultKindFields } from "./key-result-fields";
import { TreeOrderControls } from "./tree-order-controls";
import { useTreeActions } from "@/components/actions/tree-actions";

export function ObjectiveEditor({
  detail,
  edit,
  options,
}: {
  detail: ObjectiveDetail;
  edit: NonNullable<ObjectiveDetail["edit"]>;
  options: EditOptions;
}) {
  const {
    createKeyResultAction,
    createObjectiveAction,
    moveObjectiveAction,
    reorderObjectiveAction,
    updateObjectiveAction,
  } = useTreeActions();
  const departments = [{ value: "", label: "No department" }, ...options.departments];
  // Every other objective is offered: one below this one is refused by the server with the cycle it would close.
  const places = [
    { value: "", label: "Top level (no parent)" },
    ...options.objectives.filter((objective) => objective.value !== detail.code),
  ];
  return (
    <>
      <section aria-labelledby="edit-objective">
        <h3 id="edit-objective">Edit the objective</h3>
        <ActionForm
          action={updateObjectiveAction}
          label="Edit the objective"
          submitLabel="Save objective"
          successMessage="Objective saved."
          fieldNames={["title", "description", "department", "weight", "published"]}
          values={{ id: edit.id, version: edit.version, parent: edit.parent }}
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
          <CheckboxField
            name="published"
            label="Published: residents see it on the public pages"
            defaultChecked={edit.published}
          />
        </ActionForm>
      </section>
      <section aria-labelledby="place-objective">
        <h3 id="place-objective">Order and place</h3>
        <p className="usa-hint">
          Its order among its siblings decides which is named weakest when two have the same health.
        </p>
        <TreeOrderControls
          action={reorderObjectiveAction}
          id={edit.id}
          version={edit.version}
          name={detail.code}
          siblingsLabel="its siblings"
        />
        <ActionForm
          action={moveObjectiveAction}
          label={`Move ${detail.code} under another objective`}
          submitLabel="Move objective"
          successMessage="Objective moved."
          fieldNames={["parent"]}
          values={{ id: edit.id, version: edit.version }}
          isSecondary
        >
          <SelectField
            name="parent"
            label="Move under"
            hint="It goes last among its new siblings, with its key results and child objectives."
            options={places}
            defaultValue={edit.parent ?? ""}
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
