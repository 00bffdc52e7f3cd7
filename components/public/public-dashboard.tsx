import Link from "next/link";
import { formatShare, formatValue } from "@/components/format/numbers";
import { formatDate, formatPeriod, formatTimestamp } from "@/components/format/periods";
import type { PublicPageMeta } from "@/components/public/public-head";
import { Sparkline } from "@/components/public/series-chart";
import { StatusBadge } from "@/components/status/status-badge";
import type { PublicDashboard, PublicObjective } from "@/lib/dal/public-read";

// An agency's public home page, drawn from its published snapshot alone: the body of
// pages/p/[slug]/index.tsx, rendered to plain HTML on the server (public-page-cache.ts) inside
// PublicPage's <div class="page public-page">. The page ships no JavaScript.

/** Title, description and social preview of an agency's public home page. */
export function describePublicDashboard(dashboard: PublicDashboard): PublicPageMeta {
  const { agency } = dashboard;
  return {
    title: `How ${agency.name} is doing`,
    description: `${agency.name}'s goals and the measures behind them, with targets and the latest data: ${dashboard.objectives.length} goals, ${dashboard.kpis.length} measures.`,
    type: "website",
  };
}

const kpiHref = (slug: string, code: string) => `/p/${slug}/kpis/${encodeURIComponent(code)}`;

function ObjectiveSection({
  objective,
  slug,
  fiscalYearStartMonth,
  level,
}: {
  objective: PublicObjective;
  slug: string;
  fiscalYearStartMonth: number;
  level: 2 | 3;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  const story = objective.commentary[0];
  return (
    <section
      className={`public-objective public-objective--level-${level}`}
      aria-labelledby={`objective-${objective.code}`}
    >
      <Heading id={`objective-${objective.code}`}>{objective.title}</Heading>
      <p className="public-objective__status">
        <StatusBadge status={objective.status} /> <span>Progress {formatShare(objective.progress)}</span>
        {objective.department ? (
          <span className="public-objective__owner"> · Led by {objective.department}</span>
        ) : null}
      </p>
      {objective.description ? <p className="public-objective__description">{objective.description}</p> : null}
      {story ? (
        <blockquote className="public-kpi__story">
          <p>{story.body}</p>
          {story.period ? <footer>{formatPeriod(story.period, fiscalYearStartMonth)}</footer> : null}
        </blockquote>
      ) : null}
      {objective.keyResults.length > 0 ? (
        <table className="usa-table usa-table--borderless public-table">
          <caption>How we measure it</caption>
          <thead>
            <tr>
              <th scope="col">Key result</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
            </tr>
          </thead>
          <tbody>
            {objective.keyResults.map((keyResult) => (
              <tr key={keyResult.code}>
                <th scope="row">
                  {keyResult.kpi ? <Link href={kpiHref(slug, keyResult.kpi)}>{keyResult.title}</Link> : keyResult.title}
                </th>
                <td>
                  <StatusBadge status={keyResult.status} />
                </td>
                <td>{formatShare(keyResult.progress)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {objective.children.map((child) => (
        <ObjectiveSection
          key={child.code}
          objective={child}
          slug={slug}
          fiscalYearStartMonth={fiscalYearStartMonth}
          level={3}
        />
      ))}
    </section>
  );
}

export function PublicDashboardView({ dashboard }: { dashboard: PublicDashboard }) {
  const { agency } = dashboard;
  const slug = agency.slug;
  const stories = dashboard.kpis.filter((kpi) => kpi.commentary.length > 0);
  return (
    <>
      <h1>How {agency.name} is doing</h1>
      <p className="lead">
        The goals {agency.name} has set for itself, the measures that show whether we are reaching them, and the story
        behind the numbers.
      </p>
      <p className="public-page__updated">
        {dashboard.lastUpdated ? <>Data last updated {formatTimestamp(dashboard.lastUpdated)}. </> : null}
        {dashboard.healthAsOf ? (
          <>Status as of {formatDate(dashboard.healthAsOf, agency.fiscalYearStartMonth)}.</>
        ) : null}
      </p>
      {dashboard.objectives.length === 0 ? <p>Nothing has been published yet.</p> : null}
      {dashboard.objectives.map((objective) => (
        <ObjectiveSection
          key={objective.code}
          objective={objective}
          slug={slug}
          fiscalYearStartMonth={agency.fiscalYearStartMonth}
          level={2}
        />
      ))}
      {dashboard.kpis.length > 0 ? (
        <section aria-labelledby="all-measures">
          <h2 id="all-measures">All published measures</h2>
          <table className="usa-table usa-table--compact public-table">
            <caption>Every published measure with its latest value and its trend over the last year</caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col">Trend</th>
                <th scope="col">Latest</th>
                <th scope="col">Target</th>
                <th scope="col">Status</th>
                <th scope="col">Responsible</th>
              </tr>
            </thead>
            <tbody>
              {dashboard.kpis.map((kpi) => (
                <tr key={kpi.code}>
                  <th scope="row">
                    <Link href={kpiHref(slug, kpi.code)}>{kpi.name}</Link>
                  </th>
                  <td>
                    <Sparkline series={kpi.recent} />
                  </td>
                  <td>
                    {formatValue(kpi.value, kpi.unit)}
                    {kpi.period ? (
                      <span className="public-table__period">
                        {" "}
                        ({formatPeriod(kpi.period, agency.fiscalYearStartMonth)})
                      </span>
                    ) : null}
                  </td>
                  <td>{formatValue(kpi.target, kpi.unit)}</td>
                  <td>
                    <StatusBadge status={kpi.status} />
                    {kpi.stale ? <span className="usa-tag flag flag--stale">Update overdue</span> : null}
                  </td>
                  <td>{kpi.department}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {stories.length > 0 ? (
            <>
              <h2>The story behind the numbers</h2>
              {stories.map((kpi) => {
                const story = kpi.commentary[0]!;
                return (
                  <blockquote key={kpi.code} className="public-kpi__story">
                    <p>
                      <Link href={kpiHref(slug, kpi.code)}>{kpi.name}</Link>: {story.body}
                    </p>
                    {story.period ? <footer>{formatPeriod(story.period, agency.fiscalYearStartMonth)}</footer> : null}
                  </blockquote>
                );
              })}
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
