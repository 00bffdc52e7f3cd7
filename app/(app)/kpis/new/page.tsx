import type { Metadata } from "next";
import { can } from "@/lib/auth/permissions";
import { getAuthoringModel } from "@/lib/dal/kpi-authoring";
import { getEditOptions } from "@/lib/dal/node-read";
import { Breadcrumbs } from "@/components/shell/breadcrumbs";
import { refusePage, requireViewer } from "@/components/shell/require-viewer";
import { KpiForm, NEW_KPI_VALUES } from "@/components/kpi-form/kpi-form";
import { createKpiAction, previewFormulaAction } from "../../tree/actions";

export const metadata: Metadata = { title: "New KPI" };

export default async function NewKpiPage() {
  const principal = await requireViewer("/kpis/new");
  // Only those who author the tree see the page; createKpiAction and every read authorize again.
  if (!can(principal, "tree:edit")) refusePage(principal, "/kpis/new", "tree:edit");
  const [options, authoring] = await Promise.all([getEditOptions(principal), getAuthoringModel(principal)]);
  return (
    <div className="page">
      <Breadcrumbs trail={[{ label: "Home", href: "/" }, { label: "KPIs", href: "/kpis" }, { label: "New KPI" }]} />
      <h1>New KPI</h1>
      <p className="usa-intro">
        A KPI measures one thing the agency does or achieves. After it is created it opens in the driver tree, where you
        set targets for single periods and link it to the KPIs that drive it and that it drives.
      </p>
      {options.departments.length === 0 ? (
        <div className="usa-alert usa-alert--warning">
          <div className="usa-alert__body">
            <p className="usa-alert__text">
              Every KPI belongs to a department, and the agency has none yet: an administrator adds departments first.
            </p>
          </div>
        </div>
      ) : (
        <KpiForm
          mode={{ kind: "create" }}
          initial={NEW_KPI_VALUES}
          departments={options.departments}
          authoring={authoring}
          action={createKpiAction}
          previewAction={previewFormulaAction}
        />
      )}
    </div>
  );
}
