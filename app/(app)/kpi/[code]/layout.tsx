import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { requireViewer } from "@/components/shell/require-viewer";
import { isNodeVisible } from "@/lib/dal/node-read";
import { readCodeSegment } from "@/lib/validation/fields";

// A KPI page exists only for a KPI the caller sees in full (a department head: their branch's).
// Checked above the page's loading state, so that anything else answers 404 before streaming.
export default async function KpiGuardLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ code: string }>;
}) {
  const { code } = await params;
  const principal = await requireViewer(`/kpi/${code}`);
  const kpiCode = readCodeSegment(code);
  if (kpiCode === null || !(await isNodeVisible(principal, "kpi", kpiCode, true))) notFound();
  return children;
}
