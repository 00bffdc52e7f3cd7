"use client";

import type { KpiLibraryRow } from "@/lib/dal/kpi-library";
import { DeleteDialog } from "@/components/tree/delete-node";

/**
 * Delete one KPI from its row of the library: the tree's delete dialog (what goes with it, whose health changes, then
 * the recycle bin), staying on the library page afterwards. Its own component so the table keeps one line for it.
 */
export function DeleteKpiRow({ row }: { row: Pick<KpiLibraryRow, "id" | "version" | "code" | "name"> }) {
  return (
    <DeleteDialog
      kind="kpi"
      id={row.id}
      version={row.version}
      openerLabel={
        <>
          Delete…<span className="visually-hidden"> {row.name}</span>
        </>
      }
      heading={`Delete KPI ${row.code}?`}
      description={row.name}
      afterDelete="stay"
    />
  );
}
