import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Breadcrumbs } from "@/components/shell/breadcrumbs";
import { requireViewer } from "@/components/shell/require-viewer";
import { HealthPendingNotice } from "@/components/status/health-pending-notice";
import { KpiLibraryFilters } from "@/components/kpi-library/library-filters";
import { KpiLibraryPagination, toLibraryHref } from "@/components/kpi-library/library-pagination";
import { KpiLibraryTable } from "@/components/kpi-library/library-table";
import { formatNumber } from "@/components/format/numbers";
import { getKpiLibrary } from "@/lib/dal/kpi-library";
import { kpiLibraryQuerySchema } from "@/lib/validation/kpi-library";
import { bulkAssignDepartmentAction, bulkSetPublishedAction } from "./actions";

export const metadata: Metadata = { title: "KPI library" };

export default async function KpiLibraryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const principal = await requireViewer("/kpis");
  const params = await searchParams;
  const query = kpiLibraryQuerySchema.parse(params);
  // The filter form sends its blank fields too: answer with the short address, the one worth sharing.
  if (Object.values(params).some((value) => value === "")) redirect(toLibraryHref(query, query.page));
  const library = await getKpiLibrary(principal, query);
  const first = (library.page - 1) * library.pageSize + 1;
  const last = first + library.rows.length - 1;
  const isFiltered = Boolean(
    query.q || query.department || query.ipo || query.status || query.published || query.reach,
  );
  return (
    <div className="page page--wide">
      <Breadcrumbs trail={[{ label: "Home", href: "/" }, { label: "KPIs" }]} />
      <div className="page-header kpi-library__header">
        <h1>KPI library</h1>
        {library.canEdit ? (
          <Link href="/kpis/new" className="usa-button">
            New KPI
          </Link>
        ) : null}
      </div>
      <p className="lead">
        Every KPI {library.canEdit ? "of the agency" : "you can see"}, including those no key result reaches yet.
      </p>
      {library.isHealthPending ? <HealthPendingNotice /> : null}
      <KpiLibraryFilters query={query} departments={library.departments} />
      <KpiLibraryTable
        rows={library.rows}
        caption={`KPIs ${first}–${last} of ${formatNumber(library.total)}${isFiltered ? " matching the filters" : ""}, by code`}
        emptyMessage={isFiltered ? "No KPI matches these filters." : "There are no KPIs yet."}
        departments={library.departments}
        fiscalYearStartMonth={library.fiscalYearStartMonth}
        canEdit={library.canEdit}
        canPublish={library.canPublish}
        assignDepartmentAction={bulkAssignDepartmentAction}
        setPublishedAction={bulkSetPublishedAction}
      />
      <KpiLibraryPagination query={query} page={library.page} pageCount={library.pageCount} />
    </div>
  );
}
