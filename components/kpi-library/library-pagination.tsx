import Link from "next/link";
import type { KpiLibraryQuery } from "@/lib/validation/kpi-library";

/** The address of another page of the same filtered list. */
export function toLibraryHref(query: KpiLibraryQuery, page: number): string {
  const params = new URLSearchParams();
  for (const key of ["q", "department", "ipo", "status", "published", "reach"] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `/kpis?${search}` : "/kpis";
}

export function KpiLibraryPagination({
  query,
  page,
  pageCount,
}: {
  query: KpiLibraryQuery;
  page: number;
  pageCount: number;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Pages of the KPI list" className="kpi-pagination">
      {page > 1 ? (
        <Link href={toLibraryHref(query, page - 1)} rel="prev">
          Previous page
        </Link>
      ) : null}
      <span aria-current="page">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={toLibraryHref(query, page + 1)} rel="next">
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
