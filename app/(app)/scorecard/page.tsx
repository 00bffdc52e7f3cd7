import type { Metadata } from "next";
import Link from "next/link";
import { Breadcrumbs } from "@/components/shell/breadcrumbs";
import { requireViewer } from "@/components/shell/require-viewer";
import { HealthPendingNotice } from "@/components/status/health-pending-notice";
import { StatusBadge } from "@/components/status/status-badge";
import { STATUS_CLASS, STATUS_LABELS, STATUS_ORDER } from "@/components/status/status-meta";
import { Sparkline } from "@/components/scorecard/sparkline";
import { formatShare, formatShareChange } from "@/components/format/numbers";
import { formatDate } from "@/components/format/periods";
import { getScorecard, type StatusCounts, type AttentionItem } from "@/lib/dal/scorecard-read";
import { notFound } from "next/navigation";

export const metadata: Metadata = { title: "Scorecard" };

const KIND_WORDS = { objective: "Objective", keyResult: "Key result", kpi: "KPI" } as const;

function hrefOf(item: AttentionItem): string {
  if (item.kind === "kpi") return `/kpi/${encodeURIComponent(item.code)}`;
  if (item.kind === "objective") return `/objective/${encodeURIComponent(item.code)}`;
  return `/tree/key-result/${encodeURIComponent(item.code)}`;
}

const ATTENTION_SHOWN = 50;

export default async function ScorecardPage({ searchParams }: { searchParams: Promise<{ attention?: string }> }) {
  const { attention: attentionParam } = await searchParams;
  const principal = await requireViewer("/scorecard");
  const scorecard = await getScorecard(principal);
  if (!scorecard) notFound();
  const isAllAttention = attentionParam === "all";
  const attention = isAllAttention ? scorecard.attention : scorecard.attention.slice(0, ATTENTION_SHOWN);
  const fy = scorecard.agency.fiscalYearStartMonth;
  const since = scorecard.previousMonthEnd ? formatDate(scorecard.previousMonthEnd, fy, false) : null;
  return (
    <div className="page">
      <Breadcrumbs trail={[{ label: "Home", href: "/" }, { label: "Scorecard" }]} />
      <h1>Scorecard</h1>
      <p className="usa-intro">
        {scorecard.plan ? scorecard.plan.name : "No plan yet"}
        {scorecard.agency.asOf ? ` — health as of ${formatDate(scorecard.agency.asOf, fy)}` : ""}
      </p>
      {scorecard.agency.isHealthPending ? <HealthPendingNotice /> : null}

      <section className="section" aria-labelledby="counts-heading">
        <h2 id="counts-heading">Counts by status</h2>
        <table className="usa-table usa-table--borderless">
          <thead>
            <tr>
              <th scope="col">Level</th>
              {STATUS_ORDER.map((status) => (
                <th scope="col" key={status} className="number">
                  <StatusBadge status={status} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <CountsRow label="Objectives" counts={scorecard.counts.objectives} />
            <CountsRow label="Key results" counts={scorecard.counts.keyResults} />
            <CountsRow label="KPIs" counts={scorecard.counts.kpis} />
          </tbody>
        </table>
      </section>

      <section className="section" aria-labelledby="objectives-heading">
        <h2 id="objectives-heading">Top objectives</h2>
        {scorecard.objectives.length === 0 ? (
          <p className="empty-state">There are no objectives to show yet.</p>
        ) : (
          <ul className="scorecard-grid">
            {scorecard.objectives.map((objective) => {
              const status = objective.health?.status ?? "NO_DATA";
              const counts = objective.health?.counts ?? {};
              return (
                <li key={objective.code} className={`scorecard-card scorecard-card--${STATUS_CLASS[status]}`}>
                  <h3>
                    <Link href={`/objective/${encodeURIComponent(objective.code)}`}>{objective.title}</Link>
                  </h3>
                  <p className="margin-0">
                    <StatusBadge status={status} />
                  </p>
                  <dl>
                    <dt>Health</dt>
                    <dd>{formatShare(objective.health?.health)}</dd>
                    <dt>Progress</dt>
                    <dd>{formatShare(objective.health?.progress)}</dd>
                    <dt>Coverage</dt>
                    <dd>{formatShare(objective.health?.coverage)}</dd>
                    <dt>Freshness</dt>
                    <dd>{formatShare(objective.health?.freshness)}</dd>
                    <dt>Change{since ? ` since ${since}` : ""}</dt>
                    <dd>{formatShareChange(objective.change)}</dd>
                  </dl>
                  <Sparkline
                    points={objective.trend}
                    label={`Health over the last ${objective.trend.length} month ends: ${objective.trend
                      .map((point) => formatShare(point.health))
                      .join(", ")}`}
                  />
                  <p className="margin-0 muted">
                    Children:{" "}
                    {Object.entries(counts).length === 0
                      ? "none"
                      : Object.entries(counts)
                          .map(
                            ([key, count]) =>
                              `${count} ${STATUS_LABELS[key as keyof typeof STATUS_LABELS].toLowerCase()}`,
                          )
                          .join(", ")}
                  </p>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section className="section" aria-labelledby="attention-heading">
        <h2 id="attention-heading">Needs attention</h2>
        {scorecard.attention.length === 0 ? (
          <p className="empty-state">Nothing is off track or stale.</p>
        ) : (
          <div className="table-scroll">
            <table className="usa-table usa-table--borderless usa-table--striped">
              <caption>
                Off-track and stale items, off track first
                {attention.length < scorecard.attention.length
                  ? ` (the first ${attention.length} of ${scorecard.attention.length})`
                  : ` (${scorecard.attention.length})`}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col">Owning department</th>
                </tr>
              </thead>
              <tbody>
                {attention.map((item) => (
                  <tr key={`${item.kind}:${item.code}`}>
                    <th scope="row">{item.isOpenable ? <Link href={hrefOf(item)}>{item.name}</Link> : item.name}</th>
                    <td>{KIND_WORDS[item.kind]}</td>
                    <td>
                      <StatusBadge status={item.status} />
                      {item.isStale ? <span className="usa-tag flag flag--stale">Stale data</span> : null}
                    </td>
                    <td>{item.department ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {attention.length < scorecard.attention.length ? (
              <p>
                <Link href="/scorecard?attention=all#attention-heading">
                  Show all {scorecard.attention.length} items that need attention
                </Link>
              </p>
            ) : null}
          </div>
        )}
      </section>
    </div>
  );
}

function CountsRow({ label, counts }: { label: string; counts: StatusCounts }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      {STATUS_ORDER.map((status) => (
        <td key={status} className="number">
          {counts[status]}
        </td>
      ))}
    </tr>
  );
}
