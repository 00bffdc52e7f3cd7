import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Breadcrumbs } from "@/components/shell/breadcrumbs";
import { requireViewer } from "@/components/shell/require-viewer";
import { TreeExplorer } from "@/components/tree/tree-explorer";
import { FirstRun } from "@/components/tree/first-run";
import { NextSteps } from "@/components/tree/next-steps";
import { PlanEditor } from "@/components/tree/plan-editor";
import { TreeUnlinkedKpis } from "@/components/tree/tree-unlinked-kpis";
import { formatDate } from "@/components/format/periods";
import { HealthPendingNotice } from "@/components/status/health-pending-notice";
import { encodeTree } from "@/components/tree/tree-wire";
import { getNextSteps } from "@/lib/dal/plans";
import { getTreeView } from "@/lib/dal/tree-read";

export const metadata: Metadata = { title: "Driver tree" };

// The tree is drawn once, here, from one compact JSON; opening a node navigates only the panel
// beside it (the child page), so the tree keeps its expanded branches, zoom and focus. A save
// revalidates the route, and the tree redraws with the recomputed health without a reload.
// An agency without a plan gets the first run instead: for its officers, three ways in.
export default async function TreeLayout({ children }: { children: ReactNode }) {
  const principal = await requireViewer("/tree");
  const view = await getTreeView(principal);
  const steps = view.canEdit ? await getNextSteps(principal) : null;
  const planName = view.plan?.name ?? "No plan yet";
  return (
    <div className="page page--wide">
      <Breadcrumbs trail={[{ label: "Home", href: "/" }, { label: "Driver tree" }]} />
      <div className="page-header">
        <h1>Driver tree</h1>
        <p className="muted">
          {planName}
          {view.plan
            ? ` · ${formatDate(view.plan.start, view.fiscalYearStartMonth, false)} to ${formatDate(view.plan.end, view.fiscalYearStartMonth, false)}`
            : ""}
          {view.asOf ? ` · health as of ${formatDate(view.asOf, view.fiscalYearStartMonth)}` : ""}
        </p>
      </div>
      {view.isHealthPending ? <HealthPendingNotice /> : null}
      {!view.plan ? (
        view.canEdit ? (
          <FirstRun />
        ) : (
          <div className="empty-state">
            <p>There is no plan yet. A performance officer creates or imports one.</p>
          </div>
        )
      ) : (
        <>
          {view.canEdit ? <PlanEditor plan={view.plan} /> : null}
          {steps ? <NextSteps steps={steps} /> : null}
          <div className="tree-layout">
            <section aria-label="Tree">
              {view.roots.length === 0 ? (
                <div className="empty-state">
                  <p>
                    This plan has no objectives yet
                    {view.canEdit ? ": add the first one beside the tree." : " that you can see."}
                  </p>
                </div>
              ) : (
                <TreeExplorer nodesJson={encodeTree(view.roots, view.nodes)} label={`Driver tree of ${planName}`} />
              )}
              <TreeUnlinkedKpis kpis={view.unlinked} />
            </section>
            <aside className="tree-panel" aria-label="Selected node">
              {children}
            </aside>
          </div>
        </>
      )}
    </div>
  );
}
