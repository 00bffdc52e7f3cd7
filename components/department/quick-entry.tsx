"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { ActionForm } from "@/components/forms/action-form";
import { NumberField } from "@/components/forms/fields";
import { useTreeActions } from "@/components/actions/tree-actions";

export type QuickEntryRow = {
  code: string;
  name: string;
  unit: string;
  department: string;
  isStale: boolean;
  isFormula: boolean;
  entryPeriod: string;
  entryPeriodLabel: string;
  entryValue: number | null;
  /** The valid range as text ("0 to 100"), "" when there is none. */
  validRange: string;
  statusCell: ReactNode;
  latest: string;
};

/** The branch's KPIs, due ones first, each with a field for the value due next. */
export function QuickEntry({ rows, canRecord }: { rows: readonly QuickEntryRow[]; canRecord: boolean }) {
  const { recordMeasurementAction } = useTreeActions();
  return (
    <div className="table-scroll">
      <table className="usa-table usa-table--borderless quick-entry">
        <caption>KPIs due for an update first; enter the value due next and save each row</caption>
        <thead>
          <tr>
            <th scope="col">KPI</th>
            <th scope="col">Status</th>
            <th scope="col">Latest value</th>
            <th scope="col">Value due next</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.code}>
              <th scope="row">
                <Link href={`/kpi/${encodeURIComponent(row.code)}`}>{row.name}</Link>
                <div className="muted">{row.department}</div>
              </th>
              <td>{row.statusCell}</td>
              <td>{row.latest}</td>
              <td>
                {row.isFormula ? (
                  "Computed by its formula"
                ) : canRecord ? (
                  <ActionForm
                    action={recordMeasurementAction}
                    label={`Value of ${row.name} for ${row.entryPeriodLabel}`}
                    submitLabel="Save"
                    successMessage="Saved."
                    fieldNames={["value"]}
                    values={{ kpi: row.code, period: row.entryPeriod }}
                    className="inline-form"
                  >
                    <NumberField
                      name="value"
                      hiddenLabelPrefix={`${row.name}:`}
                      label={`${row.entryPeriodLabel}${row.unit ? ` (${row.unit})` : ""}`}
                      hint={describeEntry(row)}
                    />
                  </ActionForm>
                ) : (
                  row.entryPeriodLabel
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The value field's hint: what is entered already, and the valid range; none when neither applies. */
function describeEntry(row: QuickEntryRow): string | undefined {
  const parts = [
    row.entryValue !== null ? `Entered: ${row.entryValue}. Saving again corrects it.` : "",
    row.validRange ? `Valid range: ${row.validRange}.` : "",
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(" ") : undefined;
}
