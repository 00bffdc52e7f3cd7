"use client";

import type { EditOptions, KpiDetail } from "@/lib/dal/node-read";
import {
  createLinkAction,
  deleteLinkAction,
  removeKpiTargetAction,
  setKpiTargetAction,
  updateKpiAction,
  updateLinkAction,
} from "@/app/(app)/tree/actions";
import { ActionForm } from "@/components/forms/action-form";
import { NumberField, SelectField, TextField } from "@/components/forms/fields";
import { StatusBadge } from "@/components/status/status-badge";
import { formatShare, formatWeight } from "@/components/format/numbers";
import { KpiSearch } from "./kpi-search";
import { DIRECTION_OPTIONS, POLARITY_OPTIONS } from "./options";

type Edit = NonNullable<KpiDetail["edit"]>;

export function KpiEditor({ detail, edit, options }: { detail: KpiDetail; edit: Edit; options: EditOptions }) {
  const targets = Object.entries(edit.targets);
  return (
    <>
      <section aria-labelledby="edit-kpi">
        <h3 id="edit-kpi">Edit the KPI</h3>
        <ActionForm
          action={updateKpiAction}
          label="Edit the KPI"
          submitLabel="Save KPI"
          successMessage="KPI saved."
          fieldNames={["name", "unit", "direction", "department", "baseline", "target", "tolerance", "lagDays"]}
          values={{
            id: edit.id,
            version: edit.version,
            description: edit.description,
            ipo: edit.ipo,
            indicator: edit.indicator,
            frequency: edit.frequency,
            aggregation: edit.aggregation,
            formula: edit.formula,
            thresholds: edit.thresholds ? JSON.stringify(edit.thresholds) : null,
            published: String(edit.published),
          }}
        >
          <TextField name="name" label="Name" defaultValue={edit.name} isRequired />
          <TextField name="unit" label="Unit" defaultValue={edit.unit} />
          <SelectField name="direction" label="Direction" options={DIRECTION_OPTIONS} defaultValue={edit.direction} />
          <SelectField
            name="department"
            label="Owning department"
            options={options.departments}
            defaultValue={edit.department}
          />
          <NumberField name="baseline" label="Baseline" hint="Optional." defaultValue={edit.baseline} />
          <NumberField
            name="target"
            label="Target"
            hint="The default target for every period."
            defaultValue={edit.target}
          />
          <NumberField
            name="tolerance"
            label="Tolerance"
            hint="For a maintain KPI: how far from the target still counts as on target, in its unit."
            defaultValue={edit.tolerance}
          />
          <NumberField
            name="lagDays"
            label="Days after a period ends before its value is due"
            defaultValue={edit.lagDays}
          />
        </ActionForm>
      </section>

      <details>
        <summary>Per-period targets ({targets.length})</summary>
        {targets.length > 0 ? (
          <ul className="driver-list">
            {targets.map(([period, value]) => (
              <li key={period}>
                {period}: {value}
                <ActionForm
                  action={removeKpiTargetAction}
                  label={`Remove the target for ${period}`}
                  submitLabel={`Remove ${period} target`}
                  successMessage="Target removed."
                  values={{ kpiId: edit.id, version: edit.version, period }}
                  isSecondary
                  className="inline-form"
                />
              </li>
            ))}
          </ul>
        ) : (
          <p>Every period uses the default target.</p>
        )}
        <ActionForm
          action={setKpiTargetAction}
          label="Set a target for one period"
          submitLabel="Set period target"
          successMessage="Target set."
          fieldNames={["period", "value"]}
          values={{ kpiId: edit.id, version: edit.version }}
        >
          <TextField
            name="period"
            label="Period"
            hint={`A ${edit.frequency} period: YYYY-MM, YYYY-Qn or YYYY.`}
            isRequired
          />
          <NumberField name="value" label="Target for that period" isRequired />
        </ActionForm>
      </details>

      <section aria-labelledby="kpi-drivers">
        <h3 id="kpi-drivers">Drivers ({detail.drivers.length})</h3>
        {detail.drivers.length === 0 ? <p>No KPI drives this one yet.</p> : null}
        <ul className="driver-list">
          {detail.drivers.map((driver) => (
            <li key={driver.id}>
              <p>
                <strong>{driver.name}</strong> ({driver.code}) — <StatusBadge status={driver.status} />
                {driver.health !== null ? ` ${formatShare(driver.health)}` : ""}
              </p>
              <ActionForm
                action={updateLinkAction}
                label={`Reweight the link from ${driver.name}`}
                submitLabel="Save link"
                successMessage="Link saved."
                fieldNames={["weight", "polarity"]}
                values={{ id: driver.id, version: driver.version }}
                className="inline-form"
              >
                <NumberField name="weight" label={`Weight of ${driver.code}`} defaultValue={driver.weight} />
                <SelectField
                  name="polarity"
                  label={`Polarity of ${driver.code}`}
                  options={POLARITY_OPTIONS}
                  defaultValue={driver.polarity}
                />
              </ActionForm>
              <ActionForm
                action={deleteLinkAction}
                label={`Remove the link from ${driver.name}`}
                submitLabel={`Remove driver ${driver.code}`}
                successMessage="Link removed."
                values={{ id: driver.id, version: driver.version }}
                isSecondary
                className="inline-form"
              />
              <span className="visually-hidden">Current weight {formatWeight(driver.weight)}</span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="add-driver">
        <h3 id="add-driver">Add a driver</h3>
        <ActionForm
          action={createLinkAction}
          label="Add a driver"
          submitLabel="Add driver"
          successMessage="Driver added."
          fieldNames={["from", "weight", "polarity"]}
          values={{ to: detail.code }}
          resetOnSuccess
        >
          <KpiSearch
            name="from"
            label="Driver KPI"
            options={options.kpis}
            exclude={[detail.code, ...detail.drivers.map((driver) => driver.code)]}
          />
          <NumberField name="weight" label="Weight" defaultValue={1} />
          <SelectField name="polarity" label="Polarity" options={POLARITY_OPTIONS} defaultValue="positive" />
        </ActionForm>
      </section>
    </>
  );
}
