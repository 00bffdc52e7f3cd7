"use client";

import { useState } from "react";
import type { KpiOption } from "@/lib/dal/node-read";
import { NumberField, SelectField, TextAreaField, TextField } from "@/components/forms/fields";
import { KpiSearch } from "./kpi-search";
import { KEY_RESULT_KIND_OPTIONS, ZONE_OPTIONS } from "./options";

type KeyResultValues = {
  kind: "metric" | "milestone" | "qualitative";
  kpi: string | null;
  start: number | null;
  target: number | null;
  startDate: string | null;
  dueDate: string | null;
  progress: number | null;
  zone: string | null;
  narrative: string;
};

/** The fields of a key result that depend on its kind; the kind chooser shows the right ones. */
export function KeyResultKindFields({ initial, kpis }: { initial: KeyResultValues; kpis: readonly KpiOption[] }) {
  const [kind, setKind] = useState(initial.kind);
  return (
    <>
      <SelectField
        name="kind"
        label="Kind"
        options={KEY_RESULT_KIND_OPTIONS}
        defaultValue={initial.kind}
        onChange={(value) => setKind(value as KeyResultValues["kind"])}
      />
      {kind === "metric" ? (
        <>
          <KpiSearch name="kpi" label="KPI it tracks" options={kpis} defaultCode={initial.kpi} />
          <NumberField
            name="start"
            label="Start value"
            hint="Leave empty to start from the KPI's baseline."
            defaultValue={initial.start}
          />
          <NumberField name="target" label="Target value" defaultValue={initial.target} isRequired />
        </>
      ) : null}
      {kind === "milestone" ? (
        <NumberField
          name="progress"
          label="Progress (0 to 1)"
          hint="For example 0.4 for 40%."
          defaultValue={initial.progress}
        />
      ) : null}
      {kind === "qualitative" ? (
        <SelectField name="zone" label="Zone" options={ZONE_OPTIONS} defaultValue={initial.zone} />
      ) : null}
      <TextField
        name="startDate"
        label="Start date"
        type="date"
        hint="Empty: the plan's start."
        defaultValue={initial.startDate}
      />
      <TextField
        name="dueDate"
        label="Due date"
        type="date"
        hint="Empty: the plan's end."
        defaultValue={initial.dueDate}
      />
      {kind !== "metric" ? <TextAreaField name="narrative" label="Narrative" defaultValue={initial.narrative} /> : null}
    </>
  );
}
