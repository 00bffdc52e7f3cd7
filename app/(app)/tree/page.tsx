import { requireViewer } from "@/components/shell/require-viewer";
import { PlanObjectiveForm } from "@/components/tree/plan-objective-form";
import { getEditOptions } from "@/lib/dal/node-read";
import { getTreeView } from "@/lib/dal/tree-read";

export default async function TreeIndexPage() {
  const principal = await requireViewer("/tree");
  // The layout's read: the same cached tree, so this costs no second build.
  const view = await getTreeView(principal);
  const options = view.plan && view.canEdit ? await getEditOptions(principal) : null;
  return (
    <>
      <h2>Select a node</h2>
      <p>
        Choose an objective, key result or KPI in the tree to see why its health is what it is — and, if you edit the
        tree, to change it here.
      </p>
      {view.plan && options ? <PlanObjectiveForm planCode={view.plan.code} departments={options.departments} /> : null}
    </>
  );
}
