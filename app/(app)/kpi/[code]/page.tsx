import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/shell/breadcrumbs";
import { requireViewer } from "@/components/shell/require-viewer";
import { HealthPendingNotice } from "@/components/status/health-pending-notice";
import { NodeFlags, StatusBadge } from "@/components/status/status-badge";
import { STATUS_CLASS } from "@/components/status/status-meta";
import { formatShare, formatValue, formatWeight } from "@/components/format/numbers";
import { formatDate, formatPeriod, formatTimestamp } from "@/components/format/periods";
import { buildChartData } from "@/components/kpi/chart-data";
import { KpiChartLazy } from "@/components/kpi/kpi-chart-lazy";
import { KpiExplanationView } from "@/components/kpi/kpi-explanation";
import { MeasurementForm } from "@/components/kpi/measurement-form";
import { CommentaryForm } from "@/components/kpi/commentary-form";
import { RemoveEntry } from "@/components/kpi/remove-entry";
import { RemovedValues } from "@/components/kpi/removed-values";
import { CorrectMeasurement } from "@/components/kpi/correct-measurement";
import { EditCommentary } from "@/components/kpi/edit-commentary";
import { getKpiPage, type RelatedKpi } from "@/lib/dal/kpi-read";
import { getAuthoringModel } from "@/lib/dal/kpi-authoring";
import { LinkPickers } from "@/components/kpi-form/link-pickers";
import { createLinkAction } from "../../tree/actions";
import { getEntryPeriod } from "@/lib/dal/department-read";
import { getTodayUtc } from "@/lib/clock";
import { formatKpiRange } from "@/lib/domain";
import { readCodeSegment } from "@/lib/validation/fields";

type Params = { params: Promise<{ code: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { code } = await params;
  return { title: `KPI ${readCodeSegment(code) ?? "not found"}` };
}

const IPO_WORDS = { input: "Input", process: "Process", outcome: "Outcome" } as const;
const DIRECTION_WORDS = {
  increase: "higher is better",
  decrease: "lower is better",
  maintain: "keep within a tolerance of the target",
} as const;
const FREQUENCY_HINT = {
  monthly: "A month: YYYY-MM, for example 2026-10.",
  quarterly: "A fiscal quarter: YYYY-Qn, labelled by the year the fiscal year ends.",
  annual: "A fiscal year: YYYY, the year it ends.",
} as const;

export default async function KpiPage({ params }: Params) {
  const { code: rawCode } = await params;
  const principal = await requireViewer(`/kpi/${rawCode}`);
  const code = readCodeSegment(rawCode);
  if (code === null) notFound();
  const page = await getKpiPage(principal, code);
  // Another agency's KPI, or one outside a department head's branch: it does not exist for them.
  if (!page) notFound();
  const { kpi, health, agency } = page;
  const authoring = page.canEditTree ? await getAuthoringModel(principal) : null;
  const fy = agency.fiscalYearStartMonth;
  const status = health?.status ?? "NO_DATA";
  const chart = buildChartData({
    series: page.series,
    frequency: kpi.frequency,
    direction: kpi.direction,
    baseline: kpi.baseline,
    target: kpi.target,
    targets: kpi.targets,
    tolerance: kpi.tolerance,
    kpiThresholds: page.explanation
      ? {
          ...(page.explanation.thresholds.onTrackFrom === "kpi"
            ? { onTrack: page.explanation.thresholds.onTrack }
            : {}),
          ...(page.explanation.thresholds.atRiskFrom === "kpi" ? { atRisk: page.explanation.thresholds.atRisk } : {}),
        }
      : null,
    agencyThresholds: agency.thresholds,
    fiscalYearStartMonth: fy,
  });
  const entryPeriod = getEntryPeriod(
    kpi.frequency,
    kpi.lagDays,
    health?.period ?? null,
    agency.asOf ?? getTodayUtc(),
    fy,
  );
  const driverNames = new Map(page.drivers.filter((d) => d.isVisible).map((driver) => [driver.code, driver.name]));
  const commentaryPeriods = [...new Set([entryPeriod, ...page.measurements.map((m) => m.period)])]
    .sort()
    .reverse()
    .map((period) => ({ value: period, label: formatPeriod(period, fy) }));

  return (
    <div className="page">
      <Breadcrumbs
        trail={[{ label: "Home", href: "/" }, { label: "Driver tree", href: "/tree" }, { label: kpi.name }]}
      />
      <p className="muted">
        {IPO_WORDS[kpi.ipo]} KPI {kpi.code} · {kpi.department.name} · {kpi.frequency}, {DIRECTION_WORDS[kpi.direction]}
        {kpi.formula ? ` · formula ${kpi.formula}` : ""}
        {kpi.min !== null || kpi.max !== null ? ` · valid range ${formatKpiRange(kpi)}` : ""}
      </p>
      <h1>{kpi.name}</h1>
      {kpi.description ? <p className="usa-intro">{kpi.description}</p> : null}
      {agency.isHealthPending ? <HealthPendingNotice /> : null}

      <div className={`status-card status-card--${STATUS_CLASS[status]}`}>
        <p>
          <StatusBadge status={status} />
          <NodeFlags isStale={health?.stale} isDivergent={health?.divergent} />
        </p>
        <p>
          {health?.value !== null && health?.value !== undefined ? (
            <>
              Latest value <strong>{formatValue(health.value, kpi.unit)}</strong> for{" "}
              {formatPeriod(health.period ?? "", fy)}
              {health.target !== null ? (
                <>
                  {" "}
                  against a target of <strong>{formatValue(health.target, kpi.unit)}</strong>
                </>
              ) : null}
              {health.health !== null ? <> · health {formatShare(health.health)}</> : null}
            </>
          ) : (
            "No value yet."
          )}
        </p>
        <p className="muted">Health as of {formatDate(agency.asOf, fy)}.</p>
      </div>
      {page.canEditTree ? (
        <p>
          <Link href={`/tree/kpi/${encodeURIComponent(kpi.code)}`}>
            Edit this KPI, its targets and drivers in the tree
          </Link>
        </p>
      ) : null}

      <section className="section" aria-labelledby="chart-heading">
        <h2 id="chart-heading">Values and target</h2>
        {chart.rows.length > 0 ? (
          <figure className="margin-0">
            <KpiChartLazy
              data={chart}
              unit={kpi.unit}
              label={`Chart of ${kpi.name} by period, with its target and the on-track, at-risk and off-track bands. Every value is in the measurements table below.`}
            />
            <figcaption>
              <ul className="chart-legend">
                <li>
                  <span className="chart-legend__swatch" style={{ background: "#005ea2" }} /> Value (solid line with
                  dots)
                </li>
                <li>
                  <span
                    className="chart-legend__swatch"
                    style={{ background: "repeating-linear-gradient(90deg,#1b1b1b 0 6px,#fff 6px 10px)" }}
                  />{" "}
                  Target (dashed steps)
                </li>
                <li>
                  <span className="chart-legend__swatch" style={{ background: "#e3f5e1" }} /> On-track band
                </li>
                <li>
                  <span className="chart-legend__swatch" style={{ background: "#fef0c8" }} /> At-risk band
                </li>
                <li>
                  <span className="chart-legend__swatch" style={{ background: "#f8dfe2" }} /> Off-track band
                </li>
              </ul>
            </figcaption>
          </figure>
        ) : (
          <p className="empty-state">No values yet: the chart appears with the first one.</p>
        )}
      </section>

      {page.explanation ? (
        <KpiExplanationView
          explanation={page.explanation}
          unit={kpi.unit}
          fiscalYearStartMonth={fy}
          driverNames={driverNames}
        />
      ) : null}

      <section className="section" aria-labelledby="measurements-heading">
        <h2 id="measurements-heading">Measurements</h2>
        {kpi.formula ? (
          <p>This KPI is computed by its formula: it takes no measurements of its own.</p>
        ) : page.measurements.length === 0 ? (
          <p className="empty-state">No measurements yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="usa-table usa-table--borderless usa-table--striped">
              <caption>Every value of {kpi.name}, latest first, with the values it replaced</caption>
              <thead>
                <tr>
                  <th scope="col">Period</th>
                  <th scope="col" className="number">
                    Value
                  </th>
                  <th scope="col" className="number">
                    Target
                  </th>
                  <th scope="col">Note and source</th>
                  <th scope="col">Entered</th>
                  <th scope="col">Replaced values</th>
                  {page.canRecordMeasurements ? <th scope="col">Correct or remove</th> : null}
                </tr>
              </thead>
              <tbody>
                {page.measurements.map((measurement) => (
                  <tr key={measurement.period}>
                    <th scope="row">{formatPeriod(measurement.period, fy)}</th>
                    <td className="number">{formatValue(measurement.value, kpi.unit)}</td>
                    <td className="number">{formatValue(kpi.targets[measurement.period] ?? kpi.target, kpi.unit)}</td>
                    <td>
                      {measurement.note || "—"}
                      {measurement.source ? <div className="muted">Source: {measurement.source}</div> : null}
                    </td>
                    <td>
                      {measurement.enteredBy}
                      <div className="muted">{formatTimestamp(measurement.enteredAt)}</div>
                    </td>
                    <td>
                      {measurement.history.length === 0 ? (
                        "None"
                      ) : (
                        <details>
                          <summary>
                            {measurement.history.length} earlier value{measurement.history.length === 1 ? "" : "s"}
                          </summary>
                          <ul>
                            {measurement.history.map((revision) => (
                              <li key={revision.replacedAt}>
                                {formatValue(revision.value, kpi.unit)} by {revision.enteredBy}
                                {revision.note ? ` (“${revision.note}”)` : ""}; replaced by {revision.replacedBy} on{" "}
                                {formatTimestamp(revision.replacedAt)}
                              </li>
                            ))}
                          </ul>
                        </details>
                      )}
                    </td>
                    {page.canRecordMeasurements ? (
                      <td>
                        <CorrectMeasurement
                          kpi={kpi.code}
                          period={measurement.period}
                          periodLabel={formatPeriod(measurement.period, fy)}
                          value={measurement.value}
                          unit={kpi.unit}
                          validRange={formatKpiRange(kpi)}
                        />
                        <RemoveEntry
                          kind="measurement"
                          id={measurement.id}
                          version={measurement.version}
                          what={`the value for ${formatPeriod(measurement.period, fy)}`}
                          consequence="Health is recomputed without it; the value stays in the history."
                        />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {page.removedValues.length > 0 ? (
          <RemovedValues values={page.removedValues} unit={kpi.unit} fiscalYearStartMonth={fy} />
        ) : null}
        {page.canRecordMeasurements ? (
          <section aria-labelledby="enter-value-heading">
            <h3 id="enter-value-heading">Add or correct a value</h3>
            <MeasurementForm
              kpi={kpi.code}
              defaultPeriod={entryPeriod}
              periodHint={`${FREQUENCY_HINT[kpi.frequency]} Due next: ${formatPeriod(entryPeriod, fy)}.`}
              unit={kpi.unit}
              validRange={formatKpiRange(kpi)}
            />
          </section>
        ) : null}
      </section>

      <section className="section" aria-labelledby="commentary-heading">
        <h2 id="commentary-heading">Commentary</h2>
        {page.commentary.length === 0 ? (
          <p className="empty-state">No commentary yet.</p>
        ) : (
          <ul className="usa-list usa-list--unstyled">
            {page.commentary.map((entry) => (
              <li key={entry.id} className="margin-bottom-2">
                <strong>{entry.period ? formatPeriod(entry.period, fy) : "General"}</strong>
                {entry.isInternal ? <span className="usa-tag flag">Internal</span> : null}
                <p className="margin-y-05">{entry.body}</p>
                <span className="muted">
                  {entry.author}, {formatTimestamp(entry.createdAt)}
                </span>
                {entry.canRemove ? (
                  <div>
                    <EditCommentary
                      id={entry.id}
                      version={entry.version}
                      body={entry.body}
                      isInternal={entry.isInternal}
                      canPublish={page.canPublishCommentary}
                      what={`the commentary by ${entry.author} of ${formatTimestamp(entry.createdAt)}`}
                    />
                    <RemoveEntry
                      kind="commentary"
                      id={entry.id}
                      version={entry.version}
                      what={`the commentary by ${entry.author} of ${formatTimestamp(entry.createdAt)}`}
                      consequence="It is deleted; the audit log keeps what it said."
                    />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {page.canComment ? (
          <section aria-labelledby="add-commentary-heading">
            <h3 id="add-commentary-heading">Add commentary</h3>
            <CommentaryForm
              nodeKind="kpi"
              code={kpi.code}
              periods={commentaryPeriods}
              canPublish={page.canPublishCommentary}
            />
          </section>
        ) : null}
      </section>

      <section className="section" aria-labelledby="related-heading">
        <h2 id="related-heading">Drivers and what it drives</h2>
        <RelatedTable
          caption={`KPIs that drive ${kpi.name}`}
          rows={page.drivers}
          empty="Nothing drives this KPI yet."
        />
        <RelatedTable
          caption={`KPIs that ${kpi.name} drives`}
          rows={page.driven}
          empty="This KPI drives no other KPI."
        />
        {authoring ? <LinkPickers code={kpi.code} authoring={authoring} createLinkAction={createLinkAction} /> : null}
        {page.keyResults.length > 0 ? (
          <>
            <h3>Key results tracking it</h3>
            <ul>
              {page.keyResults.map((keyResult) => (
                <li key={keyResult.code}>
                  {keyResult.title} — under{" "}
                  <Link href={`/objective/${encodeURIComponent(keyResult.objective.code)}`}>
                    {keyResult.objective.title}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </div>
  );
}

function RelatedTable({ caption, rows, empty }: { caption: string; rows: RelatedKpi[]; empty: string }) {
  if (rows.length === 0) return <p>{empty}</p>;
  return (
    <table className="usa-table usa-table--borderless">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">KPI</th>
          <th scope="col">Status</th>
          <th scope="col" className="number">
            Health
          </th>
          <th scope="col" className="number">
            Link weight
          </th>
          <th scope="col">Polarity</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={row.code || `hidden-${index}`}>
            <th scope="row">
              {row.isVisible ? (
                <Link href={`/kpi/${encodeURIComponent(row.code)}`}>{row.name}</Link>
              ) : (
                "A KPI outside your department"
              )}
            </th>
            <td>
              <StatusBadge status={row.status} />
            </td>
            <td className="number">{formatShare(row.health)}</td>
            <td className="number">{formatWeight(row.weight)}</td>
            <td>{row.polarity === "positive" ? "more drives more" : "more drives less"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
