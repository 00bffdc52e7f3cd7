import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/shell/breadcrumbs";
import { requireViewer } from "@/components/shell/require-viewer";
import { NodeFlags, StatusBadge } from "@/components/status/status-badge";
import { formatShare, formatValue } from "@/components/format/numbers";
import { formatDate, formatPeriod } from "@/components/format/periods";
import { QuickEntry } from "@/components/department/quick-entry";
import { getDepartmentView, listViewableDepartments } from "@/lib/dal/department-read";
import { formatKpiRange } from "@/lib/domain";

export const metadata: Metadata = { title: "My department" };

export default async function DepartmentPage({ searchParams }: { searchParams: Promise<{ department?: string }> }) {
  const { department: requested } = await searchParams;
  const principal = await requireViewer("/department");
  const isHead = principal.kind === "user" && principal.role === "DEPARTMENT_HEAD";
  if (!isHead && !requested) {
    // Agency-wide readers choose a department.
    const departments = await listViewableDepartments(principal);
    return (
      <div className="page">
        <Breadcrumbs trail={[{ label: "Home", href: "/" }, { label: "Departments" }]} />
        <h1>Departments</h1>
        <ul>
          {departments.map((department) => (
            <li key={department.code}>
              <Link href={`/department?department=${encodeURIComponent(department.code)}`}>{department.name}</Link>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const view = await getDepartmentView(principal, requested);
  if (!view) notFound();
  const fy = view.agency.fiscalYearStartMonth;
  const due = view.kpis.filter((kpi) => kpi.isStale);
  return (
    <div className="page">
      <Breadcrumbs trail={[{ label: "Home", href: "/" }, { label: view.department.name }]} />
      <h1>{view.department.name}</h1>
      <p className="usa-intro">
        {view.subDepartments.length > 0 ? `With ${view.subDepartments.join(", ")}. ` : ""}
        Health as of {formatDate(view.agency.asOf, fy)}.
      </p>
      <div className={`usa-alert usa-alert--slim ${due.length > 0 ? "usa-alert--warning" : "usa-alert--success"}`}>
        <div className="usa-alert__body">
          <p className="usa-alert__text">
            {due.length === 0
              ? "Every KPI of your department is up to date."
              : `${due.length} KPI${due.length === 1 ? " is" : "s are"} due for an update: listed first below.`}
          </p>
        </div>
      </div>

      <section className="section" aria-labelledby="kpis-heading">
        <h2 id="kpis-heading">KPIs ({view.kpis.length})</h2>
        {view.kpis.length === 0 ? (
          <p className="empty-state">This department owns no KPIs yet.</p>
        ) : (
          <QuickEntry
            canRecord={view.canRecordMeasurements}
            rows={view.kpis.map((kpi) => ({
              code: kpi.code,
              name: kpi.name,
              unit: kpi.unit,
              department: kpi.department,
              isStale: kpi.isStale,
              isFormula: kpi.isFormula,
              entryPeriod: kpi.entryPeriod,
              entryPeriodLabel: formatPeriod(kpi.entryPeriod, fy),
              entryValue: kpi.entryValue,
              validRange: formatKpiRange(kpi),
              statusCell: (
                <>
                  <StatusBadge status={kpi.status} />
                  <NodeFlags isStale={kpi.isStale} />
                </>
              ),
              latest:
                kpi.value === null
                  ? "No value yet"
                  : `${formatValue(kpi.value, kpi.unit)}${kpi.target !== null ? ` of ${formatValue(kpi.target, kpi.unit)}` : ""} (${formatPeriod(kpi.latestPeriod ?? "", fy)})`,
            }))}
          />
        )}
      </section>

      <section className="section" aria-labelledby="objectives-heading">
        <h2 id="objectives-heading">Objectives</h2>
        {view.objectives.length === 0 ? (
          <p className="empty-state">This department owns no objectives.</p>
        ) : (
          <table className="usa-table usa-table--borderless">
            <thead>
              <tr>
                <th scope="col">Objective</th>
                <th scope="col">Status</th>
                <th scope="col" className="number">
                  Health
                </th>
                <th scope="col" className="number">
                  Progress
                </th>
              </tr>
            </thead>
            <tbody>
              {view.objectives.map((objective) => (
                <tr key={objective.code}>
                  <th scope="row">
                    <Link href={`/objective/${encodeURIComponent(objective.code)}`}>{objective.title}</Link>
                  </th>
                  <td>
                    <StatusBadge status={objective.status} />
                  </td>
                  <td className="number">{formatShare(objective.health)}</td>
                  <td className="number">{formatShare(objective.progress)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p>
          <Link href="/tree">See your branch in the driver tree</Link>
        </p>
      </section>
    </div>
  );
}
