import { refusePage } from "@/components/shell/require-viewer";
import type { Metadata } from "next";
import Link from "next/link";
import { getCurrentPrincipal } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getPublishingState, type PublishableItem } from "@/lib/dal/publishing";
import { setPublishedAction } from "./actions";

export const metadata: Metadata = { title: "Publishing" };

function PublishToggle({ item }: { item: PublishableItem }) {
  const verb = item.published ? "Unpublish" : "Publish";
  return (
    <form action={setPublishedAction}>
      <input type="hidden" name="kind" value={item.kind} />
      <input type="hidden" name="id" value={item.id} />
      <input type="hidden" name="version" value={item.version} />
      <input type="hidden" name="published" value={item.published ? "false" : "true"} />
      <button
        type="submit"
        className={`usa-button ${item.published ? "usa-button--outline" : ""} usa-button--small`}
        aria-label={`${verb} ${item.title}`}
      >
        {verb}
      </button>
    </form>
  );
}

function ItemRows({ items }: { items: PublishableItem[] }) {
  return (
    <>
      {items.map((item) => (
        <tr key={`${item.kind}:${item.id}`}>
          <th scope="row" className={item.kind === "keyResult" ? "publishing__key-result" : undefined}>
            {item.title} <span className="publishing__code">{item.code}</span>
          </th>
          <td>{item.published ? "Published" : "Not published"}</td>
          <td>
            <PublishToggle item={item} />
          </td>
        </tr>
      ))}
    </>
  );
}

export default async function PublishingPage({
  searchParams,
}: {
  searchParams: Promise<{ done?: string; problem?: string }>;
}) {
  const principal = await getCurrentPrincipal();
  if (!principal || !can(principal, "publish")) refusePage(principal, "/publishing", "publish");
  const { done, problem } = await searchParams;
  const state = await getPublishingState(principal);
  const objectives = state.items.filter((item) => item.kind === "objective");
  const kpis = state.items.filter((item) => item.kind === "kpi");
  return (
    <div className="page">
      <h1>Publishing</h1>
      <p className="lead">
        Choose what residents see on the public dashboard. Internal commentary is never published. Unpublished items —
        their names, codes, values and commentary — appear nowhere on the public pages.
      </p>
      <p>
        <Link href={`/p/${state.agencySlug}`} className="usa-button usa-button--outline">
          Preview the public dashboard
        </Link>
      </p>
      {done ? (
        <div className="usa-alert usa-alert--success usa-alert--slim" role="status">
          <div className="usa-alert__body">
            <p className="usa-alert__text">Done: {done}.</p>
          </div>
        </div>
      ) : null}
      {problem ? (
        <div className="usa-alert usa-alert--error usa-alert--slim" role="alert">
          <div className="usa-alert__body">
            <p className="usa-alert__text">{problem}</p>
          </div>
        </div>
      ) : null}
      <table className="usa-table usa-table--compact publishing">
        <caption>Objectives and their key results</caption>
        <thead>
          <tr>
            <th scope="col">Objective or key result</th>
            <th scope="col">State</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {objectives.map((objective) => (
            <ItemRows
              key={objective.id}
              items={[
                objective,
                ...state.items.filter((item) => item.kind === "keyResult" && item.parent === objective.code),
              ]}
            />
          ))}
        </tbody>
      </table>
      <table className="usa-table usa-table--compact publishing">
        <caption>KPIs</caption>
        <thead>
          <tr>
            <th scope="col">KPI</th>
            <th scope="col">State</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          <ItemRows items={kpis} />
        </tbody>
      </table>
    </div>
  );
}
