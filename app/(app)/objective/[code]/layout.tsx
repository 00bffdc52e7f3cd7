import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { requireViewer } from "@/components/shell/require-viewer";
import { isNodeVisible } from "@/lib/dal/node-read";

// Checked above the page's loading state, so that an objective that does not exist for the
// caller answers 404 before anything is streamed.
export default async function ObjectiveGuardLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ code: string }>;
}) {
  const { code } = await params;
  const principal = await requireViewer(`/objective/${code}`);
  if (!(await isNodeVisible(principal, "objective", decodeURIComponent(code)))) notFound();
  return children;
}
