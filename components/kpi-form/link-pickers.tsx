"use client";

import { useMemo } from "react";
import type { AuthoringModel } from "@/lib/dal/kpi-authoring";
import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { NumberField, SelectField } from "@/components/forms/fields";
import { KpiSearch } from "@/components/tree/kpi-search";
import { POLARITY_OPTIONS } from "@/components/tree/options";
import { checkLinkCandidate, toEngineModel } from "./authoring-checks";

/**
 * "Add a driver" and "Add a driven KPI" for one KPI: a searchable picker each, where every match is checked with the
 * engine's validateLink as it is shown (IPO direction, an existing link, a cycle) and one it refuses says why and
 * cannot be chosen. The server checks again on save.
 */
export function LinkPickers({
  code,
  authoring,
  createLinkAction,
}: {
  code: string;
  authoring: AuthoringModel;
  createLinkAction: FormAction;
}) {
  const model = useMemo(() => toEngineModel(authoring), [authoring]);
  const drivers = authoring.links.filter((link) => link.to === code).map((link) => link.from);
  const driven = authoring.links.filter((link) => link.from === code).map((link) => link.to);
  return (
    <>
      <section aria-labelledby={`add-driver-${code}`}>
        <h3 id={`add-driver-${code}`}>Add a driver</h3>
        <ActionForm
          action={createLinkAction}
          label="Add a driver"
          submitLabel="Add driver"
          successMessage="Driver added."
          fieldNames={["from", "weight", "polarity"]}
          values={{ to: code }}
          resetOnSuccess
        >
          <KpiSearch
            name="from"
            label="Driver KPI (drives this one)"
            options={authoring.kpis}
            exclude={[code, ...drivers]}
            describeProblem={(candidate) => checkLinkCandidate(model, candidate, code)}
          />
          <NumberField name="weight" label="Weight" defaultValue={1} />
          <SelectField name="polarity" label="Polarity" options={POLARITY_OPTIONS} defaultValue="positive" />
        </ActionForm>
      </section>
      <section aria-labelledby={`add-driven-${code}`}>
        <h3 id={`add-driven-${code}`}>Add a driven KPI</h3>
        <ActionForm
          action={createLinkAction}
          label="Add a driven KPI"
          submitLabel="Add driven KPI"
          successMessage="Driven KPI added."
          fieldNames={["to", "weight", "polarity"]}
          values={{ from: code }}
          resetOnSuccess
        >
          <KpiSearch
            name="to"
            label="Driven KPI (this one drives it)"
            options={authoring.kpis}
            exclude={[code, ...driven]}
            describeProblem={(candidate) => checkLinkCandidate(model, code, candidate)}
          />
          <NumberField name="weight" label="Weight" defaultValue={1} />
          <SelectField name="polarity" label="Polarity" options={POLARITY_OPTIONS} defaultValue="positive" />
        </ActionForm>
      </section>
    </>
  );
}
