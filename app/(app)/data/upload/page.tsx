import type { Metadata } from "next";
import Link from "next/link";
import { MeasurementUpload } from "@/components/data/measurement-upload";
import { branchRootOf } from "@/lib/auth/permissions";
import { listWritableKpis } from "@/lib/dal/api-read";
import { MAX_MEASUREMENTS_PER_REQUEST } from "@/lib/validation/api";
import { requireDataPage } from "../page-access";

export const metadata: Metadata = { title: "Upload measurements" };

export default async function UploadPage() {
  const principal = await requireDataPage("/data/upload", ["measurement:write"]);
  const kpis = await listWritableKpis(principal);
  const isAgencyWide = branchRootOf(principal).isAgencyWide;
  return (
    <div className="page">
      <p>
        <Link href="/data">Data</Link>
      </p>
      <h1>Upload measurements</h1>
      <p className="lead">
        Choose a CSV file: every row is checked and shown to you first, and only the rows you then store are stored.
      </p>
      <h2>The file</h2>
      <ul>
        <li>
          A first row naming the columns <code>kpi</code>, <code>period</code>, <code>value</code> and, optionally,{" "}
          <code>note</code> (in any order; other columns are ignored).
        </li>
        <li>
          <code>kpi</code> is the KPI&apos;s code{isAgencyWide ? "" : " — one of your department's KPIs"};{" "}
          <code>period</code> is a period of its frequency: <code>2026-06</code> (monthly), <code>2026-Q4</code>{" "}
          (quarterly) or <code>2026</code> (annual), quarters and years of the fiscal year; <code>value</code> is a
          number.
        </li>
        <li>
          A value already stored for the same KPI and period is replaced, and the old one kept in the history; the same
          value again changes nothing. Files up to 50 MB; rows are sent{" "}
          {MAX_MEASUREMENTS_PER_REQUEST.toLocaleString("en-US")} at most at a time.
        </li>
      </ul>
      <pre className="notice notice--info">
        {"kpi,period,value,note\npermits.plan_review_days,2026-10,13.4,Two reviewers on leave\n"}
      </pre>
      <MeasurementUpload
        kpis={kpis.map((kpi) => ({
          code: kpi.code,
          frequency: kpi.frequency,
          formula: kpi.formula,
          min: kpi.min,
          max: kpi.max,
        }))}
      />
    </div>
  );
}
