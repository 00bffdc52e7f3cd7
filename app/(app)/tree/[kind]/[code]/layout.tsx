import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { requireViewer } from "@/components/shell/require-viewer";
import { isNodeVisible, type NodeKind } from "@/lib/dal/node-read";
import { readCodeSegment } from "@/lib/validation/fields";

const KINDS: Record<string, NodeKind> = { objective: "objective", "key-result": "keyResult", kpi: "kpi" };

// Checked here, above the panel's loading state, so that a node that does not exist for the
// caller answers 404 before anything is streamed.
export default async function NodeGuardLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ kind: string; code: string }>;
}) {
  const { kind, code } = await params;
  const principal = await requireViewer(`/tree/${kind}/${code}`);
  const nodeKind = KINDS[kind];
  const nodeCode = readCodeSegment(code);
  if (!nodeKind || nodeCode === null || !(await isNodeVisible(principal, nodeKind, nodeCode))) notFound();
  return children;
}
