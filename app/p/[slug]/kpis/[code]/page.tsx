import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatShare, formatValue } from "@/components/format/numbers";
import { formatDate, formatPeriod, formatTimestamp } from "@/components/format/periods";
import { SeriesChart, SeriesTable } from "@/components/public/series-chart";
import { StatusBadge } from "@/components/status/status-badge";
import { getPublicKpi } from "@/lib/dal/public-read";

type Params = { params: Promise<{ slug: string; code: string }> };

// Public pages read no session, so Next renders each once and serves it from its cache.
// Writes made through the app revalidate them at once on the server that made them; every
// server also re-renders them at least once a minute, from the agency's snapshot in
// PostgreSQL (lib/dal/public-read.ts), so all servers converge on the same page.
export const revalidate = 60;

// No page is built ahead of time (agencies and their KPIs live in the database); each is
// rendered on its first visit and then served from the cache.
export async function generateStaticParams() {
  return [];
}

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

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { slug, code } = await params;
  const page = await getPublicKpi(slug, decodeURIComponent(code));
  if (!page) return { title: "Not found" };
  const title = `${page.kpi.name} — ${page.agency.name}`;
  const description =
    page.kpi.description ||
    `${page.kpi.name}: ${formatValue(page.kpi.value, page.kpi.unit)} against a target of ${formatValue(page.kpi.target, page.kpi.unit)}.`;
  return {
    title,
    description,
    openGraph: { title, description, type: "article" },
    twitter: { card: "summary", title, description },
  };
}

export default async function PublicKpiPage({ params }: Params) {
  const { slug, code } = await params;
  const page = await getPublicKpi(slug, decodeURIComponent(code));
  if (!page) notFound();
  const { kpi, agency } = page;
  const fiscal = agency.fiscalYearStartMonth;
  const csvHref = `/p/${slug}/kpis/${encodeURIComponent(kpi.code)}/series.csv`;
  return (
    <div className="page public-page">
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
        <a href={csvHref} className="usa-button usa-button--outline" download>
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
          {page.drivers.length > 0 ? (
            <>
              <h3>Driven by</h3>
              <ul className="public-links">
                {page.drivers.map((driver) => (
                  <li key={driver.code}>
                    <Link href={`/p/${slug}/kpis/${encodeURIComponent(driver.code)}`}>{driver.name}</Link>{" "}
                    <StatusBadge status={driver.status} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {page.drives.length > 0 ? (
            <>
              <h3>Helps to move</h3>
              <ul className="public-links">
                {page.drives.map((driven) => (
                  <li key={driven.code}>
                    <Link href={`/p/${slug}/kpis/${encodeURIComponent(driven.code)}`}>{driven.name}</Link>{" "}
                    <StatusBadge status={driven.status} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
