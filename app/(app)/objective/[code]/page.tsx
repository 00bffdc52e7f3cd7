import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { summarizeExplanation } from "@/lib/domain";
import { can } from "@/lib/auth/permissions";
import { Breadcrumbs } from "@/components/shell/breadcrumbs";
import { requireViewer } from "@/components/shell/require-viewer";
import { StatusBadge } from "@/components/status/status-badge";
import { STATUS_CLASS, STATUS_LABELS } from "@/components/status/status-meta";
import { formatShare, formatWeight } from "@/components/format/numbers";
import { formatDate, formatPeriod, formatTimestamp } from "@/components/format/periods";
import { CommentaryForm } from "@/components/kpi/commentary-form";
import { getObjectivePage } from "@/lib/dal/scorecard-read";
import { readCodeSegment } from "@/lib/validation/fields";

type Params = { params: Promise<{ code: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { code } = await params;
  return { title: `Objective ${readCodeSegment(code) ?? "not found"}` };
}

const KIND_WORDS = { metric: "metric", milestone: "milestone", qualitative: "qualitative" } as const;

export default async function ObjectivePage({ params }: Params) {
  const { code: rawCode } = await params;
  const principal = await requireViewer(`/objective/${rawCode}`);
  const code = readCodeSegment(rawCode);
  const page = code === null ? null : await getObjectivePage(principal, code);
  if (!page) notFound();
  const { objective, health, explanation } = page;
  const fy = page.agency.fiscalYearStartMonth;
  const status = health?.status ?? "NO_DATA";
  const childTitle = new Map(page.children.map((child) => [`${child.kind}:${child.code}`, child.title]));
  return (
    <div className="page">
      <Breadcrumbs
        trail={[
          { label: "Home", href: "/" },
          { label: "Scorecard", href: "/scorecard" },
          ...(objective.parent
            ? [{ label: objective.parent.title, href: `/objective/${encodeURIComponent(objective.parent.code)}` }]
            : []),
          { label: objective.title },
        ]}
      />
      <p className="muted">
        Objective {objective.code}
        {objective.department ? ` · ${objective.department}` : ""}
      </p>
      <h1>{objective.title}</h1>
      {objective.description ? <p className="usa-intro">{objective.description}</p> : null}
      <div className={`status-card status-card--${STATUS_CLASS[status]}`}>
        <p>
          <StatusBadge status={status} />
        </p>
        <p className="muted">Health as of {formatDate(page.agency.asOf, fy)}.</p>
      </div>
      <dl className="figures">
        <div>
          <dt>Health</dt>
          <dd>{formatShare(health?.health)}</dd>
        </div>
        <div>
          <dt>Progress</dt>
          <dd>{formatShare(health?.progress)}</dd>
        </div>
        <div>
          <dt>Coverage</dt>
          <dd>{formatShare(health?.coverage)}</dd>
        </div>
        <div>
          <dt>Freshness</dt>
          <dd>{formatShare(health?.freshness)}</dd>
        </div>
      </dl>
      {page.scope === "path" ? (
        <p className="usa-hint">
          This objective lies on the path from your department to the top objectives: you see its name and health only.
        </p>
      ) : (
        <p>
          <Link href={`/tree/objective/${encodeURIComponent(objective.code)}`}>Show it in the driver tree</Link>
        </p>
      )}

      {explanation ? (
        <section className="section" aria-labelledby="why-heading">
          <h2 id="why-heading">Why is this {STATUS_LABELS[status].toLowerCase()}?</h2>
          <p>
            <strong>Rule:</strong> the weighted mean of its key results and child objectives that have data; a child
            with no data counts only in coverage.
          </p>
          <table className="usa-table usa-table--borderless">
            <caption>Each child&apos;s weighted share</caption>
            <thead>
              <tr>
                <th scope="col">Child</th>
                <th scope="col">Status</th>
                <th scope="col" className="number">
                  Weight
                </th>
                <th scope="col" className="number">
                  Health
                </th>
                <th scope="col" className="number">
                  Share of health
                </th>
                <th scope="col" className="number">
                  Share of progress
                </th>
              </tr>
            </thead>
            <tbody>
              {explanation.children.map((child) => (
                <tr key={`${child.kind}:${child.code}`}>
                  <th scope="row">{childTitle.get(`${child.kind}:${child.code}`) ?? "Outside your department"}</th>
                  <td>
                    <StatusBadge status={child.status} />
                  </td>
                  <td className="number">{formatWeight(child.weight)}</td>
                  <td className="number">{formatShare(child.health)}</td>
                  <td className="number">{child.isCounted ? formatShare(child.healthShare) : "not counted"}</td>
                  <td className="number">{child.isCounted ? formatShare(child.progressShare) : "not counted"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <strong>The arithmetic:</strong>{" "}
            <span className="explanation-sentence">{summarizeExplanation(explanation)}</span>
          </p>
        </section>
      ) : null}

      <section className="section" aria-labelledby="children-heading">
        <h2 id="children-heading">Key results and child objectives</h2>
        {page.children.length === 0 ? (
          <p className="empty-state">No key results or child objectives yet.</p>
        ) : (
          <table className="usa-table usa-table--borderless usa-table--striped">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col" className="number">
                  Health
                </th>
                <th scope="col" className="number">
                  Progress
                </th>
                <th scope="col">Tracks</th>
              </tr>
            </thead>
            <tbody>
              {page.children.map((child) => (
                <tr key={`${child.kind}:${child.code}`}>
                  <th scope="row">
                    {child.kind === "objective" ? (
                      <Link href={`/objective/${encodeURIComponent(child.code)}`}>{child.title}</Link>
                    ) : (
                      <Link href={`/tree/key-result/${encodeURIComponent(child.code)}`}>{child.title}</Link>
                    )}
                  </th>
                  <td>
                    {child.kind === "objective" ? "Child objective" : `Key result, ${KIND_WORDS[child.keyResultKind!]}`}
                  </td>
                  <td>
                    <StatusBadge status={child.status} />
                  </td>
                  <td className="number">{formatShare(child.health)}</td>
                  <td className="number">{formatShare(child.progress)}</td>
                  <td>
                    {child.kpi ? (
                      child.kpi.isOpenable ? (
                        <Link href={`/kpi/${encodeURIComponent(child.kpi.code)}`}>{child.kpi.name}</Link>
                      ) : (
                        child.kpi.name
                      )
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {page.scope === "full" ? (
        <section className="section" aria-labelledby="commentary-heading">
          <h2 id="commentary-heading">Commentary</h2>
          {page.commentary.length === 0 ? (
            <p className="empty-state">No commentary yet.</p>
          ) : (
            <ul className="usa-list usa-list--unstyled">
              {page.commentary.map((entry) => (
                <li key={entry.id} className="margin-bottom-2">
                  <strong>{entry.period ? formatPeriod(entry.period, fy) : "General"}</strong>
                  <p className="margin-y-05">{entry.body}</p>
                  <span className="muted">
                    {entry.author}, {formatTimestamp(entry.createdAt)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {can(principal, "commentary:write") ? (
            <CommentaryForm
              nodeKind="objective"
              code={objective.code}
              periods={[]}
              canPublish={can(principal, "publish")}
            />
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
