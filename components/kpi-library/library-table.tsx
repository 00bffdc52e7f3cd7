"use client";

import Link from "next/link";
import { useEffect, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import type { KpiLibraryRow } from "@/lib/dal/kpi-library";
import { formatValue } from "@/components/format/numbers";
import { formatPeriod } from "@/components/format/periods";
import { StatusBadge } from "@/components/status/status-badge";
import { DeleteKpiRow } from "./delete-kpi-row";
import { IPO_LABELS } from "./library-labels";

export type BulkAction = (input: unknown) => Promise<ActionResult<unknown>>;

type Outcome = { ok: true; message: string } | { ok: false; message: string; details: string[] };

const plural = (count: number) => `${count} KPI${count === 1 ? "" : "s"}`;

/**
 * One page of the KPI library. For officers, each row has a checkbox, and the chosen rows can be given one department
 * or be published or unpublished at once; each edit quotes the versions the rows were shown at.
 */
export function KpiLibraryTable({
  rows,
  caption,
  emptyMessage,
  departments,
  fiscalYearStartMonth,
  canEdit,
  canPublish,
  assignDepartmentAction,
  setPublishedAction,
}: {
  rows: readonly KpiLibraryRow[];
  caption: string;
  /** Shown instead of the table when no KPI is listed (the outcome of the last bulk edit stays in view). */
  emptyMessage: string;
  departments: readonly { code: string; name: string }[];
  fiscalYearStartMonth: number;
  canEdit: boolean;
  canPublish: boolean;
  assignDepartmentAction: BulkAction;
  setPublishedAction: BulkAction;
}) {
  const isSelectable = canEdit || canPublish;
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [department, setDepartment] = useState("");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [isPending, startTransition] = useTransition();
  const selectAllRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  // Only rows of this page can be chosen: a new page (or a refreshed one) keeps the choices still shown.
  const chosen = rows.filter((row) => selected.has(row.id));
  const isAllChosen = rows.length > 0 && chosen.length === rows.length;
  useEffect(() => {
    if (selectAllRef.current) selectAllRef.current.indeterminate = chosen.length > 0 && !isAllChosen;
  }, [chosen.length, isAllChosen]);
  useEffect(() => {
    if (outcome && !outcome.ok) alertRef.current?.focus();
  }, [outcome]);

  function toggle(id: string, isChecked: boolean) {
    setSelected((previous) => {
      const next = new Set(previous);
      if (isChecked) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  function toggleAll(isChecked: boolean) {
    setSelected(isChecked ? new Set(rows.map((row) => row.id)) : new Set());
  }

  function submit(action: BulkAction, fields: Record<string, unknown>, describe: (count: number) => string) {
    const input = {
      ...fields,
      kpiIds: chosen.map((row) => row.id),
      versions: Object.fromEntries(chosen.map((row) => [row.id, row.version])),
    };
    startTransition(async () => {
      const result = await action(input);
      if (result.ok) {
        setOutcome({ ok: true, message: describe(chosen.length) });
        setSelected(new Set());
      } else {
        setOutcome({ ok: false, message: result.message, details: Object.values(result.fieldErrors ?? {}).flat() });
      }
    });
  }

  const departmentName = departments.find((candidate) => candidate.code === department)?.name ?? department;

  return (
    <>
      {isSelectable && rows.length > 0 ? (
        <div className="kpi-bulk" role="group" aria-label="Change the chosen KPIs">
          <p className="kpi-bulk__count" aria-live="polite">
            {chosen.length === 0 ? "No KPI chosen." : `${plural(chosen.length)} chosen.`}
          </p>
          {canEdit ? (
            <div className="kpi-bulk__department">
              <label className="usa-label" htmlFor="kpi-bulk-department">
                Department for the chosen KPIs
              </label>
              <select
                className="usa-select"
                id="kpi-bulk-department"
                value={department}
                onChange={(event) => setDepartment(event.target.value)}
              >
                <option value="">Choose a department</option>
                {departments.map((candidate) => (
                  <option key={candidate.code} value={candidate.code}>
                    {candidate.name} ({candidate.code})
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="usa-button usa-button--outline"
                disabled={isPending}
                onClick={() =>
                  submit(
                    assignDepartmentAction,
                    { department },
                    (count) => `${plural(count)} now belong to ${departmentName}.`,
                  )
                }
              >
                Assign department
              </button>
            </div>
          ) : null}
          {canPublish ? (
            <div className="kpi-bulk__publish">
              <button
                type="button"
                className="usa-button"
                disabled={isPending}
                onClick={() =>
                  submit(setPublishedAction, { published: true }, (count) => `${plural(count)} published.`)
                }
              >
                Publish
              </button>
              <button
                type="button"
                className="usa-button usa-button--outline"
                disabled={isPending}
                onClick={() =>
                  submit(setPublishedAction, { published: false }, (count) => `${plural(count)} unpublished.`)
                }
              >
                Unpublish
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
      <div role="status">
        {outcome?.ok ? (
          <div className="usa-alert usa-alert--success usa-alert--slim">
            <div className="usa-alert__body">
              <p className="usa-alert__text">{outcome.message}</p>
            </div>
          </div>
        ) : null}
      </div>
      {outcome && !outcome.ok ? (
        <div className="usa-alert usa-alert--error usa-alert--slim" role="alert" tabIndex={-1} ref={alertRef}>
          <div className="usa-alert__body">
            <p className="usa-alert__text">{outcome.message}</p>
            {outcome.details.length > 0 ? (
              <ul>
                {outcome.details.map((detail) => (
                  <li key={detail}>{detail}</li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
      ) : null}
      {rows.length === 0 ? (
        <p className="empty-state">{emptyMessage}</p>
      ) : (
        <div className="table-scroll">
          <table className="usa-table usa-table--compact kpi-library">
            <caption>{caption}</caption>
            <thead>
              <tr>
                {isSelectable ? (
                  <td className="kpi-library__choose">
                    <div className="usa-checkbox">
                      <input
                        ref={selectAllRef}
                        className="usa-checkbox__input"
                        id="kpi-choose-all"
                        type="checkbox"
                        checked={isAllChosen}
                        onChange={(event) => toggleAll(event.target.checked)}
                      />
                      <label className="usa-checkbox__label" htmlFor="kpi-choose-all">
                        <span className="visually-hidden">Select all on this page</span>
                      </label>
                    </div>
                  </td>
                ) : null}
                <th scope="col">KPI</th>
                <th scope="col">Department</th>
                <th scope="col">IPO level</th>
                <th scope="col">Status</th>
                <th scope="col" className="number">
                  Latest value
                </th>
                <th scope="col">Published</th>
                <th scope="col">In the tree</th>
                {canEdit ? <th scope="col">Edit or delete</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  {isSelectable ? (
                    <td className="kpi-library__choose">
                      <div className="usa-checkbox">
                        <input
                          className="usa-checkbox__input"
                          id={`kpi-choose-${row.id}`}
                          type="checkbox"
                          checked={selected.has(row.id)}
                          onChange={(event) => toggle(row.id, event.target.checked)}
                        />
                        <label className="usa-checkbox__label" htmlFor={`kpi-choose-${row.id}`}>
                          <span className="visually-hidden">
                            Select {row.name} ({row.code})
                          </span>
                        </label>
                      </div>
                    </td>
                  ) : null}
                  <th scope="row">
                    <Link href={`/kpi/${encodeURIComponent(row.code)}`}>{row.name}</Link>
                    <span className="kpi-library__code">{row.code}</span>
                  </th>
                  <td>{row.department.name}</td>
                  <td>{IPO_LABELS[row.ipo]}</td>
                  <td>
                    <StatusBadge status={row.status} />
                    {row.isStale ? <span className="usa-tag flag flag--stale">Stale data</span> : null}
                  </td>
                  <td className="number">
                    {formatValue(row.value, row.unit)}
                    {row.period ? (
                      <span className="kpi-library__period">{formatPeriod(row.period, fiscalYearStartMonth)}</span>
                    ) : null}
                  </td>
                  <td>{row.published ? "Published" : "Not published"}</td>
                  <td>{row.isUnlinked ? <span className="usa-tag kpi-library__unlinked">Unlinked</span> : "Linked"}</td>
                  {canEdit ? (
                    <td>
                      <Link href={`/tree/kpi/${encodeURIComponent(row.code)}`}>
                        Edit<span className="visually-hidden"> {row.name}</span>
                      </Link>
                      <DeleteKpiRow row={row} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
