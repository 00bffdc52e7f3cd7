import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { requireViewer } from "@/components/shell/require-viewer";
import { isNodeVisible } from "@/lib/dal/node-read";

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
  if (!(await isNodeVisible(principal, "kpi", decodeURIComponent(code), true))) notFound();
  return children;
}
