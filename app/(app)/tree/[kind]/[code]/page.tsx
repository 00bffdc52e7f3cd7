import { notFound } from "next/navigation";
import { requireViewer } from "@/components/shell/require-viewer";
import { NodePanel } from "@/components/tree/node-panel";
import { getEditOptions, getNodeDetail, type NodeKind } from "@/lib/dal/node-read";
import { getAuthoringModel } from "@/lib/dal/kpi-authoring";
import { readCodeSegment } from "@/lib/validation/fields";

const KINDS: Record<string, NodeKind> = { objective: "objective", "key-result": "keyResult", kpi: "kpi" };

export default async function TreeNodePage({ params }: { params: Promise<{ kind: string; code: string }> }) {
  const { kind, code } = await params;
  const nodeKind = KINDS[kind];
  const principal = await requireViewer(`/tree/${kind}/${code}`);
  const nodeCode = readCodeSegment(code);
  if (!nodeKind || nodeCode === null) notFound();
  const detail = await getNodeDetail(principal, nodeKind, nodeCode);
  // Another agency's node, or one outside a department head's view: it does not exist for them.
  if (!detail) notFound();
  const options = detail.edit ? await getEditOptions(principal) : null;
  const authoring = detail.edit && detail.kind === "kpi" ? await getAuthoringModel(principal) : null;
  return <NodePanel detail={detail} options={options} authoring={authoring} />;
}
