import type { Metadata } from "next";
import Link from "next/link";
import { branchRootOf, can } from "@/lib/auth/permissions";
import { listReadableKpis } from "@/lib/dal/api-read";
import { requireDataPage } from "./page-access";

export const metadata: Metadata = { title: "Data" };

export default async function DataPage() {
  const principal = await requireDataPage("/data", ["measurement:write", "tree:read"]);
  const isAgencyWide = branchRootOf(principal).isAgencyWide;
  const canUpload = can(principal, "measurement:write");
  const canExport = can(principal, "document:export") && isAgencyWide;
  const canImport = can(principal, "document:import") && isAgencyWide;
  const kpis = can(principal, "tree:read") ? await listReadableKpis(principal) : [];
  return (
    <div className="page">
      <h1>Data</h1>
      <p className="lead">Bring measurements in from your departments&apos; systems, and take everything back out.</p>

      {canUpload ? (
        <section aria-labelledby="upload-heading">
          <h2 id="upload-heading">Upload measurements</h2>
          <p>
            A CSV file with the columns <code>kpi</code>, <code>period</code>, <code>value</code> and <code>note</code>
            {isAgencyWide ? "" : ", for your department's KPIs"}: you see every row checked before anything is stored.
          </p>
          <p>
            <Link href="/data/upload" className="button">
              Upload a CSV file
            </Link>
          </p>
        </section>
      ) : null}

      {canImport ? (
        <section aria-labelledby="import-heading">
          <h2 id="import-heading">Import a plan</h2>
          <p>
            A workbook (.xlsx, one sheet per kind) or a drivertree/v1 document (.json) with KPIs, links, objectives, key
            results, targets and measurements: you see what it will do, or every problem, before anything is imported.
          </p>
          <p>
            <Link href="/data/import" className="button">
              Import a file
            </Link>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="download-heading">
        <h2 id="download-heading">Download</h2>
        {canExport ? (
          <ul>
            <li>
              <a href="/api/v1/export?download=1" download>
                The whole plan as a drivertree/v1 document (JSON)
              </a>{" "}
              — departments, KPIs, driver links, objectives, key results and every measurement; it can be imported
              again.
            </li>
            <li>
              <a href="/data/workbook" download>
                The whole plan as a workbook (.xlsx)
              </a>{" "}
              — the same, one sheet per kind, to edit in a spreadsheet and import again.
            </li>
            <li>
              <a href="/api/v1/scorecard.csv" download>
                The scorecard (CSV)
              </a>{" "}
              — the plan&apos;s top objectives with their status, health and progress today.
            </li>
          </ul>
        ) : null}
        {kpis.length > 0 ? (
          <form className="form" method="get" action="/data/series" aria-labelledby="series-heading">
            <h3 id="series-heading">A KPI&apos;s series (CSV)</h3>
            <div className="form__field">
              <label htmlFor="series-kpi">KPI</label>
              <select id="series-kpi" name="code" required>
                {kpis.map((kpi) => (
                  <option key={kpi.code} value={kpi.code}>
                    {kpi.name} ({kpi.code})
                  </option>
                ))}
              </select>
              <p className="form__hint">Its values in the upload format, with each period&apos;s target.</p>
            </div>
            <div className="form__actions">
              <button type="submit" className="button">
                Download the series
              </button>
            </div>
          </form>
        ) : (
          <p>There are no KPIs to download yet.</p>
        )}
      </section>

      <section aria-labelledby="api-heading">
        <h2 id="api-heading">The API</h2>
        <p>
          Other systems send and read the same data through the REST API, with a token from your agency&apos;s admin:{" "}
          <Link href="/api-docs">read the API documentation</Link>.
        </p>
      </section>
    </div>
  );
}
