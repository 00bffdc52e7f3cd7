import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { requireViewer } from "@/components/shell/require-viewer";
import { isNodeVisible } from "@/lib/dal/node-read";
import { readCodeSegment } from "@/lib/validation/fields";

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
  const objectiveCode = readCodeSegment(code);
  if (objectiveCode === null || !(await isNodeVisible(principal, "objective", objectiveCode))) notFound();
  return children;
}
