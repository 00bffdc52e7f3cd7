import type { Metadata } from "next";
import Link from "next/link";
import { formatUtcDateTime } from "@/components/admin/format";
import { listAuditEntityTypes, listAuditEvents, type AuditPage } from "@/lib/dal/audit-log";
import { ValidationError } from "@/lib/errors";
import { auditLogQuerySchema } from "@/lib/validation/admin";
import { toFieldErrors } from "@/lib/validation/fields";
import { requireAdminPage } from "../page-access";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Record<string, string | string[] | undefined>;

const FILTER_KEYS = ["actor", "entityType", "from", "to"] as const;

/** The query string's filters as given (first value of each, blanks dropped). */
function readFilters(searchParams: SearchParams): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const key of [...FILTER_KEYS, "cursor"]) {
    const raw = searchParams[key];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

function toHref(filters: Record<string, string>, cursor?: string): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) params.set(key, filters[key]);
  if (cursor) params.set("cursor", cursor);
  const query = params.toString();
  return query ? `/admin/audit?${query}` : "/admin/audit";
}

function describeChange(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return JSON.stringify(value, null, 2);
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const principal = await requireAdminPage("audit:read");
  const filters = readFilters(await searchParams);
  const parsed = auditLogQuerySchema.safeParse(filters);
  let fieldErrors: Record<string, string[]> = parsed.success ? {} : toFieldErrors(parsed.error);
  let page: AuditPage = { events: [], nextCursor: null };
  if (parsed.success) {
    try {
      page = await listAuditEvents(principal, parsed.data);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      fieldErrors = error.fieldErrors;
    }
  }
  const entityTypes = await listAuditEntityTypes(principal);
  const isFiltered = FILTER_KEYS.some((key) => filters[key]);
  const hasErrors = Object.keys(fieldErrors).length > 0;
  const errorOf = (key: string) => fieldErrors[key]?.join(" ");
  const describedBy = (key: string, hint?: string) =>
    [hint, errorOf(key) ? `audit-${key}-error` : null].filter(Boolean).join(" ") || undefined;

  return (
    <>
      <h1>Audit log</h1>
      <p>Every change and every sign-in in this agency: who, what, when, and the values before and after.</p>

      <form method="get" action="/admin/audit" className="form form--filters" aria-label="Filter the audit log">
        <div className="form__field">
          <label htmlFor="audit-actor">Actor</label>
          <p id="audit-actor-hint" className="form__hint">
            Part of an email or a token&apos;s name.
          </p>
          <input
            id="audit-actor"
            name="actor"
            type="search"
            defaultValue={filters.actor}
            aria-describedby={describedBy("actor", "audit-actor-hint")}
            aria-invalid={errorOf("actor") ? true : undefined}
          />
          {errorOf("actor") ? (
            <p id="audit-actor-error" className="form__error">
              {errorOf("actor")}
            </p>
          ) : null}
        </div>
        <div className="form__field">
          <label htmlFor="audit-entityType">Entity type</label>
          <select id="audit-entityType" name="entityType" defaultValue={filters.entityType ?? ""}>
            <option value="">Any</option>
            {entityTypes.map((entityType) => (
              <option key={entityType} value={entityType}>
                {entityType}
              </option>
            ))}
          </select>
        </div>
        {(["from", "to"] as const).map((key) => (
          <div className="form__field" key={key}>
            <label htmlFor={`audit-${key}`}>{key === "from" ? "From (UTC date)" : "To (UTC date, included)"}</label>
            <input
              id={`audit-${key}`}
              name={key}
              type="date"
              defaultValue={filters[key]}
              aria-describedby={describedBy(key)}
              aria-invalid={errorOf(key) ? true : undefined}
            />
            {errorOf(key) ? (
              <p id={`audit-${key}-error`} className="form__error">
                {errorOf(key)}
              </p>
            ) : null}
          </div>
        ))}
        <div className="form__actions">
          <button type="submit" className="button">
            Filter
          </button>
          {isFiltered ? <Link href="/admin/audit">Clear filters</Link> : null}
        </div>
      </form>

      {hasErrors ? (
        <div className="notice notice--error" role="alert">
          {errorOf("cursor") ?? "Check the highlighted filters."}
        </div>
      ) : page.events.length === 0 ? (
        <p role="status">No events match{isFiltered ? " these filters" : ""}.</p>
      ) : (
        <table className="data-table data-table--audit">
          <caption>
            Audit events{isFiltered ? " matching the filters" : ""}, newest first
            {filters.cursor ? " (continued)" : ""}
          </caption>
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Entity</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {page.events.map((event) => (
              <tr key={event.id}>
                <td>{formatUtcDateTime(event.createdAt)}</td>
                <td>{event.actorLabel}</td>
                <td>{event.action}</td>
                <td>
                  {event.entityType}
                  {event.entityCode ? `: ${event.entityCode}` : ""}
                </td>
                <td>
                  {event.before === null && event.after === null ? (
                    "—"
                  ) : (
                    <details>
                      <summary>Before and after</summary>
                      <p>Before</p>
                      <pre>{describeChange(event.before)}</pre>
                      <p>After</p>
                      <pre>{describeChange(event.after)}</pre>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {filters.cursor || page.nextCursor ? (
        <nav aria-label="Audit log pages" className="pager">
          {filters.cursor ? <Link href={toHref(filters)}>Newest events</Link> : null}
          {page.nextCursor ? <Link href={toHref(filters, page.nextCursor)}>Older events</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
