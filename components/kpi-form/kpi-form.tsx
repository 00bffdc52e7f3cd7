"use client";

import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import type { Frequency } from "@/lib/domain";
import type { AuthoringModel } from "@/lib/dal/kpi-authoring";
import type { ActionResult } from "@/lib/actions/action-result";
import { ActionForm, type FormAction } from "@/components/forms/action-form";
import {
  CheckboxField,
  NumberField,
  SelectField,
  TextAreaField,
  TextField,
  type SelectOption,
} from "@/components/forms/fields";
import { DIRECTION_OPTIONS } from "@/components/tree/options";
import { toEngineModel } from "./authoring-checks";
import { FormulaEditor, type PreviewFormula } from "./formula-editor";
import { AGGREGATION_OPTIONS, FREQUENCY_OPTIONS, INDICATOR_OPTIONS, IPO_OPTIONS } from "./options";

/** Every editable field of a KPI (spec/drivertree-format.md), as the form starts from. */
export type KpiFormValues = {
  code: string;
  name: string;
  description: string;
  unit: string;
  ipo: "input" | "process" | "outcome";
  indicator: "leading" | "lagging";
  direction: "increase" | "decrease" | "maintain";
  frequency: Frequency;
  aggregation: "sum" | "avg" | "last";
  department: string;
  baseline: number | null;
  target: number | null;
  tolerance: number;
  thresholds: { onTrack?: number; atRisk?: number } | null;
  formula: string | null;
  lagDays: number;
  min: number | null;
  max: number | null;
  published: boolean;
};

export const NEW_KPI_VALUES: KpiFormValues = {
  code: "",
  name: "",
  description: "",
  unit: "",
  ipo: "process",
  indicator: "lagging",
  direction: "increase",
  frequency: "monthly",
  aggregation: "last",
  department: "",
  baseline: null,
  target: null,
  tolerance: 0,
  thresholds: null,
  formula: null,
  lagDays: 30,
  min: null,
  max: null,
  published: false,
};

const FIELD_NAMES = [
  "code",
  "name",
  "description",
  "department",
  "ipo",
  "indicator",
  "unit",
  "direction",
  "frequency",
  "aggregation",
  "formula",
  "min",
  "max",
  "baseline",
  "target",
  "tolerance",
  "thresholds.onTrack",
  "thresholds.atRisk",
  "lagDays",
  "published",
  "confirmFrequencyChange",
] as const;

const toPercent = (share: number | undefined) => (share === undefined ? null : Math.round(share * 10_000) / 100);

/**
 * The two threshold fields are percentages of the target attained; the actions take `thresholds` as shares (0–1).
 * Field errors come back on `thresholds.onTrack` / `thresholds.atRisk`, the names of these fields.
 */
function withThresholds(formData: FormData): FormData {
  const thresholds: Record<string, unknown> = {};
  for (const key of ["onTrack", "atRisk"] as const) {
    const raw = String(formData.get(`thresholds.${key}`) ?? "").trim();
    formData.delete(`thresholds.${key}`);
    if (raw === "") continue;
    const percent = Number(raw.replace(/%$/, "").replace(/,/g, ""));
    thresholds[key] = Number.isNaN(percent) ? raw : percent / 100;
  }
  if (Object.keys(thresholds).length > 0) formData.set("thresholds", JSON.stringify(thresholds));
  return formData;
}

/**
 * A KPI's every field, grouped as an officer thinks of them, for creating a KPI and for editing one. Errors come from
 * the server's own zod schema (createKpiSchema / updateKpiSchema) and the engine's checks, each beside its field; the
 * formula is checked as it is typed (FormulaEditor).
 */
export function KpiForm({
  mode,
  initial,
  departments,
  authoring,
  action,
  previewAction,
}: {
  mode: { kind: "create" } | { kind: "edit"; id: string; version: number };
  initial: KpiFormValues;
  departments: readonly SelectOption[];
  authoring: AuthoringModel;
  action: (input: FormData) => Promise<ActionResult<unknown>>;
  previewAction: PreviewFormula;
}) {
  const router = useRouter();
  const isEdit = mode.kind === "edit";
  const [frequency, setFrequency] = useState<Frequency>(initial.frequency);
  const [unit, setUnit] = useState(initial.unit);
  const [range, setRange] = useState({ min: initial.min, max: initial.max, key: 0 });
  const model = useMemo(() => toEngineModel(authoring), [authoring]);
  const isPercent = unit.trim() === "%" || unit.trim().toLowerCase() === "percent";
  const isFrequencyChanged = isEdit && frequency !== initial.frequency;

  const submit: FormAction = async (formData) => {
    const result = await action(withThresholds(formData));
    if (result.ok && mode.kind === "create") {
      const code = String(formData.get("code") ?? "").trim();
      router.push(`/tree/kpi/${encodeURIComponent(code)}`);
    }
    return result;
  };

  return (
    <ActionForm
      action={submit}
      label={isEdit ? "Edit the KPI" : "Create a KPI"}
      submitLabel={isEdit ? "Save KPI" : "Create KPI"}
      successMessage={isEdit ? "KPI saved." : "KPI created. Opening it in the tree…"}
      fieldNames={FIELD_NAMES}
      values={mode.kind === "edit" ? { id: mode.id, version: mode.version } : undefined}
      className="usa-form usa-form--large kpi-form"
    >
      <fieldset className="usa-fieldset">
        <legend className="usa-legend usa-legend--large">Identity</legend>
        {isEdit ? (
          <p>
            Code <code>{initial.code}</code> (fixed: formulas may name it).
          </p>
        ) : (
          <TextField
            name="code"
            label="Code"
            hint="Used in formulas and the API: letters, digits, '_' and '.', starting with a letter — for example permits.issued. It cannot change later."
            isRequired
          />
        )}
        <TextField name="name" label="Name" defaultValue={initial.name} isRequired />
        <TextAreaField
          name="description"
          label="Description"
          hint="How it is measured, and where the data comes from."
          defaultValue={initial.description}
        />
        <SelectField
          name="department"
          label="Owning department"
          options={departments}
          defaultValue={initial.department || departments[0]?.value}
          isRequired
        />
        <SelectField
          name="ipo"
          label="Input → Process → Outcome level"
          hint="Driver links run from input to process to outcome, never back."
          options={IPO_OPTIONS}
          defaultValue={initial.ipo}
        />
        <SelectField
          name="indicator"
          label="Leading or lagging"
          options={INDICATOR_OPTIONS}
          defaultValue={initial.indicator}
        />
      </fieldset>

      <fieldset className="usa-fieldset">
        <legend className="usa-legend usa-legend--large">Measurement</legend>
        <div onInput={(event) => setUnit((event.target as HTMLInputElement).value)}>
          <TextField name="unit" label="Unit" hint="For example %, days, permits, $." defaultValue={initial.unit} />
        </div>
        <SelectField name="direction" label="Direction" options={DIRECTION_OPTIONS} defaultValue={initial.direction} />
        <SelectField
          name="frequency"
          label="Frequency"
          hint="How often a value is reported. Quarters and years follow the agency's fiscal year."
          options={FREQUENCY_OPTIONS}
          defaultValue={initial.frequency}
          onChange={(value) => setFrequency(value as Frequency)}
        />
        {isFrequencyChanged ? (
          <div className="usa-alert usa-alert--warning usa-alert--slim">
            <div className="usa-alert__body">
              <p className="usa-alert__text">
                Values and per-period targets are kept by period of the KPI&apos;s frequency. Changing it from{" "}
                {initial.frequency} to {frequency} removes those of the old frequency (the audit log keeps them); saving
                tells you how many first.
              </p>
              <CheckboxField
                name="confirmFrequencyChange"
                label={`Remove this KPI's ${initial.frequency} values and targets, and change its frequency`}
              />
            </div>
          </div>
        ) : null}
        <SelectField
          name="aggregation"
          label="Aggregation"
          hint="How a coarser period's value is made from this KPI's values."
          options={AGGREGATION_OPTIONS}
          defaultValue={initial.aggregation}
        />
        <FormulaEditor
          kpiCode={initial.code}
          frequency={frequency}
          defaultValue={initial.formula ?? ""}
          kpis={authoring.kpis}
          model={model}
          fiscalYearStartMonth={authoring.fiscalYearStartMonth}
          unit={unit}
          previewAction={previewAction}
        />
        <p className="usa-hint">
          The valid range: a value outside it is refused wherever it is entered. Both ends are optional.
        </p>
        {isPercent && range.min === null && range.max === null ? (
          <p>
            For a percentage the valid range is usually 0 to 100.{" "}
            <button
              type="button"
              className="usa-button usa-button--unstyled"
              onClick={() => setRange((current) => ({ min: 0, max: 100, key: current.key + 1 }))}
            >
              Use 0 to 100
            </button>
          </p>
        ) : null}
        <div key={range.key} className="inline-form">
          <NumberField name="min" label="Lowest valid value" defaultValue={range.min} />
          <NumberField name="max" label="Highest valid value" defaultValue={range.max} />
        </div>
      </fieldset>

      <fieldset className="usa-fieldset">
        <legend className="usa-legend usa-legend--large">Targets</legend>
        <NumberField
          name="baseline"
          label="Baseline"
          hint="Where the KPI started. Optional."
          defaultValue={initial.baseline}
        />
        <NumberField
          name="target"
          label="Default target"
          hint={
            isEdit
              ? "For every period without a target of its own (per-period targets are below the form)."
              : "For every period; targets for single periods are set once the KPI exists."
          }
          defaultValue={initial.target}
        />
        <NumberField
          name="tolerance"
          label="Tolerance"
          hint="For a maintain KPI: how far from the target still counts as on target, in its unit."
          defaultValue={initial.tolerance}
        />
      </fieldset>

      <fieldset className="usa-fieldset">
        <legend className="usa-legend usa-legend--large">Health thresholds</legend>
        <p className="usa-hint">
          As a percentage of the target attained. Leave empty to use the agency&apos;s thresholds.
        </p>
        <NumberField
          name="thresholds.onTrack"
          label="On track from (%)"
          defaultValue={toPercent(initial.thresholds?.onTrack)}
        />
        <NumberField
          name="thresholds.atRisk"
          label="At risk from (%)"
          hint="Below this it is off track."
          defaultValue={toPercent(initial.thresholds?.atRisk)}
        />
      </fieldset>

      <fieldset className="usa-fieldset">
        <legend className="usa-legend usa-legend--large">Data</legend>
        <NumberField
          name="lagDays"
          label="Days after a period ends before its value is due"
          defaultValue={initial.lagDays}
        />
        <CheckboxField name="published" label="Published on the public dashboard" defaultChecked={initial.published} />
      </fieldset>
    </ActionForm>
  );
}
