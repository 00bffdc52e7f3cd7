import Link from "next/link";
import type { KpiLibraryQuery } from "@/lib/validation/kpi-library";
import { STATUS_LABELS, STATUS_ORDER } from "@/components/status/status-meta";
import { IPO_LABELS } from "./library-labels";

/**
 * The library's filters: a plain GET form, so a filtered list works without JavaScript and its address can be shared.
 * Choosing filters starts again at the first page.
 */
export function KpiLibraryFilters({
  query,
  departments,
}: {
  query: KpiLibraryQuery;
  departments: readonly { code: string; name: string }[];
}) {
  const isFiltered = Boolean(
    query.q || query.department || query.ipo || query.status || query.published || query.reach,
  );
  return (
    <form method="get" action="/kpis" className="usa-form kpi-filters" aria-label="Filter the KPIs">
      <div className="kpi-filters__field kpi-filters__field--wide">
        <label className="usa-label" htmlFor="kpi-filter-q">
          Name or code contains
        </label>
        <input className="usa-input" id="kpi-filter-q" name="q" type="search" defaultValue={query.q ?? ""} />
      </div>
      <div className="kpi-filters__field">
        <label className="usa-label" htmlFor="kpi-filter-department">
          Department
        </label>
        <select
          className="usa-select"
          id="kpi-filter-department"
          name="department"
          defaultValue={query.department ?? ""}
        >
          <option value="">All departments</option>
          {departments.map((department) => (
            <option key={department.code} value={department.code}>
              {department.name} ({department.code})
            </option>
          ))}
        </select>
      </div>
      <div className="kpi-filters__field">
        <label className="usa-label" htmlFor="kpi-filter-ipo">
          IPO level
        </label>
        <select className="usa-select" id="kpi-filter-ipo" name="ipo" defaultValue={query.ipo ?? ""}>
          <option value="">All levels</option>
          {(["input", "process", "outcome"] as const).map((ipo) => (
            <option key={ipo} value={ipo}>
              {IPO_LABELS[ipo]}
            </option>
          ))}
        </select>
      </div>
      <div className="kpi-filters__field">
        <label className="usa-label" htmlFor="kpi-filter-status">
          Status
        </label>
        <select className="usa-select" id="kpi-filter-status" name="status" defaultValue={query.status ?? ""}>
          <option value="">Any status</option>
          {STATUS_ORDER.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="kpi-filters__field">
        <label className="usa-label" htmlFor="kpi-filter-published">
          Published
        </label>
        <select className="usa-select" id="kpi-filter-published" name="published" defaultValue={query.published ?? ""}>
          <option value="">Published or not</option>
          <option value="yes">Published</option>
          <option value="no">Not published</option>
        </select>
      </div>
      <div className="kpi-filters__field">
        <label className="usa-label" htmlFor="kpi-filter-reach">
          In the tree
        </label>
        <select className="usa-select" id="kpi-filter-reach" name="reach" defaultValue={query.reach ?? ""}>
          <option value="">Linked or not</option>
          <option value="linked">Reached by a key result</option>
          <option value="unlinked">Unlinked</option>
        </select>
      </div>
      <div className="kpi-filters__actions">
        <button type="submit" className="usa-button">
          Apply filters
        </button>
        {isFiltered ? <Link href="/kpis">Clear filters</Link> : null}
      </div>
    </form>
  );
}
