import Link from "next/link";
import { formatShare, formatValue } from "@/components/format/numbers";
import { formatDate, formatPeriod, formatTimestamp } from "@/components/format/periods";
import type { PublicPageMeta } from "@/components/public/public-head";
import { SeriesChart, SeriesTable } from "@/components/public/series-chart";
import { StatusBadge } from "@/components/status/status-badge";
import type { PublicKpiPage } from "@/lib/dal/public-read";

// One published KPI for residents: its series as an SVG chart and as a table, the story behind
// it and the published KPIs it is linked to. The body of pages/p/[slug]/kpis/[code].tsx,
// rendered to plain HTML on the server (public-page-cache.ts); the page ships no JavaScript.

const DIRECTION_WORDS = {
  increase: "Higher is better",
  decrease: "Lower is better",
  maintain: "Close to the target is best",
} as const;
const FREQUENCY_WORDS = {
  monthly: "Reported monthly",
  quarterly: "Reported quarterly",
  annual: "Reported yearly",
} as const;

/** Title, description and social preview of a KPI's public page. */
export function describePublicKpi({ kpi, agency }: PublicKpiPage): PublicPageMeta {
  return {
    title: `${kpi.name} — ${agency.name}`,
    description:
      kpi.description ||
      `${kpi.name}: ${formatValue(kpi.value, kpi.unit)} against a target of ${formatValue(kpi.target, kpi.unit)}.`,
    type: "article",
  };
}

const kpiHref = (slug: string, code: string) => `/p/${slug}/kpis/${encodeURIComponent(code)}`;

function LinkedKpis({ slug, heading, kpis }: { slug: string; heading: string; kpis: PublicKpiPage["drivers"] }) {
  if (kpis.length === 0) return null;
  return (
    <>
      <h3>{heading}</h3>
      <ul className="public-links">
        {kpis.map((linked) => (
          <li key={linked.code}>
            <Link href={kpiHref(slug, linked.code)}>{linked.name}</Link> <StatusBadge status={linked.status} />
          </li>
        ))}
      </ul>
    </>
  );
}

export function PublicKpiView({ page }: { page: PublicKpiPage }) {
  const { kpi, agency } = page;
  const slug = agency.slug;
  const fiscal = agency.fiscalYearStartMonth;
  return (
    <>
      <nav aria-label="Breadcrumbs" className="usa-breadcrumb">
        <ol className="usa-breadcrumb__list">
          <li className="usa-breadcrumb__list-item">
            <Link href={`/p/${slug}`} className="usa-breadcrumb__link">
              How {agency.name} is doing
            </Link>
          </li>
          <li className="usa-breadcrumb__list-item usa-current" aria-current="page">
            {kpi.name}
          </li>
        </ol>
      </nav>
      <h1>{kpi.name}</h1>
      <p className="public-kpi__figures">
        <StatusBadge status={kpi.status} />{" "}
        <span>
          {formatValue(kpi.value, kpi.unit)}
          {kpi.target === null ? "" : ` against a target of ${formatValue(kpi.target, kpi.unit)}`}
          {kpi.period ? ` in ${formatPeriod(kpi.period, fiscal)}` : ""}
          {kpi.attainment === null ? "" : ` (${formatShare(kpi.attainment)} of target)`}
        </span>
        {kpi.stale ? <span className="usa-tag flag flag--stale">Update overdue</span> : null}
      </p>
      <p>
        {DIRECTION_WORDS[kpi.direction]}. {FREQUENCY_WORDS[kpi.frequency]} by {kpi.department}.
        {page.healthAsOf ? ` Status as of ${formatDate(page.healthAsOf, fiscal)}.` : ""}
      </p>
      <h2>The trend</h2>
      <SeriesChart series={page.series} unit={kpi.unit} name={kpi.name} fiscalYearStartMonth={fiscal} />
      <p>
        {/* A file download, not a page: a plain link. */}
        <a href={`${kpiHref(slug, kpi.code)}/series.csv`} className="usa-button usa-button--outline" download>
          Download the data (CSV)
        </a>
      </p>
      <details className="public-details" open>
        <summary>Every value</summary>
        <SeriesTable
          series={page.series}
          unit={kpi.unit}
          caption={`${kpi.name}, by period`}
          fiscalYearStartMonth={fiscal}
        />
      </details>
      <h2>How it is measured</h2>
      <p>{kpi.description || "No methodology note has been published for this measure."}</p>
      {kpi.commentary.length > 0 ? (
        <>
          <h2>The story behind the numbers</h2>
          {kpi.commentary.map((entry) => (
            <blockquote key={`${entry.period}-${entry.updatedAt}`} className="public-kpi__story">
              <p>{entry.body}</p>
              <footer>
                {entry.period ? `${formatPeriod(entry.period, fiscal)} · ` : ""}
                written {formatTimestamp(entry.updatedAt)}
              </footer>
            </blockquote>
          ))}
        </>
      ) : null}
      {page.drivers.length > 0 || page.drives.length > 0 ? (
        <>
          <h2>What moves it, and what it moves</h2>
          <LinkedKpis slug={slug} heading="Driven by" kpis={page.drivers} />
          <LinkedKpis slug={slug} heading="Helps to move" kpis={page.drives} />
        </>
      ) : null}
    </>
  );
}
