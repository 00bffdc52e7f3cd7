import type { Metadata } from "next";
import Link from "next/link";
import { DocumentImport } from "@/components/data/document-import";
import { can } from "@/lib/auth/permissions";
import { requireDataPage } from "../page-access";

export const metadata: Metadata = { title: "Import a plan" };

export default async function ImportPage() {
  const principal = await requireDataPage("/data/import", ["document:import"]);
  const canExport = can(principal, "document:export");
  return (
    <div className="page">
      <p>
        <Link href="/data">Data</Link>
      </p>
      <h1>Import a plan</h1>
      <p className="lead">
        Bring in departments, KPIs, driver links, objectives, key results, targets and measurements from a file: you see
        what it will create and change, or every problem with where it is, before anything is imported.
      </p>
      <h2>The file</h2>
      <ul>
        <li>
          A <strong>workbook</strong> (.xlsx) with one sheet per kind — Agency, Plan, Departments, KPIs, Links,
          Objectives, Key results, Targets, Measurements — and one row per object under a header row of field names. Its
          README sheet says what each column holds.
        </li>
        <li>
          Or a <strong>drivertree/v1 document</strong> (.json), as the API&apos;s export gives and its import takes.
        </li>
        <li>
          Each object replaces the stored one with the same code; an empty cell takes the field&apos;s default. Nothing
          is deleted. The whole file is imported, or nothing of it.
        </li>
      </ul>
      {canExport ? (
        <ul>
          <li>
            <a href="/data/workbook?blank=1" download>
              The blank workbook (.xlsx)
            </a>{" "}
            — the sheets and their headers, with your agency, plan and departments filled in.
          </li>
          <li>
            <a href="/data/workbook" download>
              This tree as a workbook (.xlsx)
            </a>{" "}
            — to edit and import again.
          </li>
          <li>
            <a href="/api/v1/export?download=1" download>
              This tree as a drivertree/v1 document (JSON)
            </a>
          </li>
        </ul>
      ) : null}
      <DocumentImport />
    </div>
  );
}
