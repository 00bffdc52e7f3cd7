import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Breadcrumbs } from "@/components/shell/breadcrumbs";
import { requireViewer } from "@/components/shell/require-viewer";
import { TreeExplorer } from "@/components/tree/tree-explorer";
import { formatDate } from "@/components/format/periods";
import { HealthPendingNotice } from "@/components/status/health-pending-notice";
import { encodeTree } from "@/components/tree/tree-wire";
import { getTreeView } from "@/lib/dal/tree-read";

export const metadata: Metadata = { title: "Driver tree" };

// The tree is drawn once, here, from one compact JSON; opening a node navigates only the panel
// beside it (the child page), so the tree keeps its expanded branches, zoom and focus. A save
// revalidates the route, and the tree redraws with the recomputed health without a reload.
export default async function TreeLayout({ children }: { children: ReactNode }) {
  const principal = await requireViewer("/tree");
  const view = await getTreeView(principal);
  const planName = view.plan?.name ?? "No plan yet";
  return (
    <div className="page page--wide">
      <Breadcrumbs trail={[{ label: "Home", href: "/" }, { label: "Driver tree" }]} />
      <div className="page-header">
        <h1>Driver tree</h1>
        <p className="muted">
          {planName}
          {view.asOf ? ` · health as of ${formatDate(view.asOf, view.fiscalYearStartMonth)}` : ""}
        </p>
      </div>
      {view.isHealthPending ? <HealthPendingNotice /> : null}
      {view.plan && view.roots.length === 0 ? (
        <div className="empty-state">
          <p>This plan has no objectives yet{view.canEdit ? "." : " that you can see."}</p>
        </div>
      ) : view.plan ? (
        <div className="tree-layout">
          <section aria-label="Tree">
            <TreeExplorer nodesJson={encodeTree(view.roots, view.nodes)} label={`Driver tree of ${planName}`} />
          </section>
          <aside className="tree-panel" aria-label="Selected node">
            {children}
          </aside>
        </div>
      ) : (
        <div className="empty-state">
          <p>There is no plan yet. A performance officer imports or creates one.</p>
        </div>
      )}
    </div>
  );
}
