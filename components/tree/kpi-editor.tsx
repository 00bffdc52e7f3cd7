"use client";

import type { EditOptions, KpiDetail } from "@/lib/dal/node-read";
import type { AuthoringModel } from "@/lib/dal/kpi-authoring";
import { ActionForm } from "@/components/forms/action-form";
import { NumberField, SelectField } from "@/components/forms/fields";
import { StatusBadge } from "@/components/status/status-badge";
import { formatShare, formatValue, formatWeight } from "@/components/format/numbers";
import { formatPeriod } from "@/components/format/periods";
import { KpiForm } from "@/components/kpi-form/kpi-form";
import { LinkPickers } from "@/components/kpi-form/link-pickers";
import { listTargetPeriods } from "@/components/kpi-form/target-periods";
import { DeleteDialog } from "./delete-node";
import { POLARITY_OPTIONS } from "./options";
import { useTreeActions } from "@/components/actions/tree-actions";

type Edit = NonNullable<KpiDetail["edit"]>;

export function KpiEditor({
  detail,
  edit,
  options,
  authoring,
}: {
  detail: KpiDetail;
  edit: Edit;
  options: EditOptions;
  authoring: AuthoringModel;
}) {
  const {
    createLinkAction,
    previewFormulaAction,
    removeKpiTargetAction,
    setKpiTargetAction,
    updateKpiAction,
    updateLinkAction,
  } = useTreeActions();
  const targets = Object.entries(edit.targets);
  const fy = authoring.fiscalYearStartMonth;
  const periods = listTargetPeriods(
    edit.frequency,
    fy,
    authoring.plan,
    authoring.today,
    targets.map(([period]) => period),
  );
  return (
    <>
      <section aria-labelledby="edit-kpi">
        <h3 id="edit-kpi">Edit the KPI</h3>
        <KpiForm
          mode={{ kind: "edit", id: edit.id, version: edit.version }}
          initial={{ ...edit, code: detail.code }}
          departments={options.departments}
          authoring={authoring}
          action={updateKpiAction}
          previewAction={previewFormulaAction}
        />
      </section>

      <section aria-labelledby="kpi-targets">
        <h3 id="kpi-targets">Per-period targets ({targets.length})</h3>
        {targets.length > 0 ? (
          <ul className="driver-list">
            {targets.map(([period, value]) => (
              <li key={period}>
                {formatPeriod(period, fy)}: {formatValue(value, edit.unit)}
                <ActionForm
                  action={removeKpiTargetAction}
                  label={`Remove the target for ${formatPeriod(period, fy)}`}
                  submitLabel={`Remove the ${formatPeriod(period, fy)} target`}
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
          {periods.length > 0 ? (
            <SelectField
              name="period"
              label="Period"
              hint={`A ${edit.frequency} period of the plan, in the agency's fiscal year.`}
              options={periods}
              defaultValue={periods[0]?.value}
              isRequired
            />
          ) : (
            <p>Every period of the plan has a target of its own.</p>
          )}
          <NumberField name="value" label="Target for that period" isRequired />
        </ActionForm>
      </section>

      <section aria-labelledby="kpi-drivers">
        <h3 id="kpi-drivers" tabIndex={-1}>
          Drivers ({detail.drivers.length})
        </h3>
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
              <DeleteDialog
                kind="link"
                id={driver.id}
                version={driver.version}
                openerLabel={`Remove driver ${driver.code}…`}
                heading={`Remove the driver link ${driver.code} → ${detail.code}?`}
                description={`${driver.name} drives ${detail.name}`}
                afterDelete="stay"
                focusAfterDelete="kpi-drivers"
              />
              <span className="visually-hidden">Current weight {formatWeight(driver.weight)}</span>
            </li>
          ))}
        </ul>
      </section>

      {detail.driven.length > 0 ? (
        <section aria-labelledby="kpi-driven">
          <h3 id="kpi-driven">Drives ({detail.driven.length})</h3>
          <ul className="driver-list">
            {detail.driven.map((kpi) => (
              <li key={kpi.code}>
                {kpi.name} ({kpi.code})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <LinkPickers code={detail.code} authoring={authoring} createLinkAction={createLinkAction} />
    </>
  );
}
