import "server-only";
import { getPrisma } from "@/lib/db";
import { getTodayUtc } from "@/lib/clock";
import { branchRootOf, type Principal } from "@/lib/auth/permissions";
import { buildExportDocument } from "@/lib/document/export-document";
import { ForbiddenError } from "@/lib/errors";
import type { DriverTreeDocumentOutput } from "@/lib/validation/document";
import { currentEntryPoint, logSecurityEvent, toCallerRef } from "@/lib/security-log";
import { requirePermission } from "./access";
import { loadStoredTree } from "./document-store";

// GET /api/v1/export: the agency's whole tree as one drivertree/v1 document, read in one snapshot.

export async function exportDocument(principal: Principal | null | undefined): Promise<DriverTreeDocumentOutput> {
  const caller = requirePermission(principal, "document:export");
  // The document is the whole tree: a caller limited to one department's branch cannot have it.
  if (!branchRootOf(caller).isAgencyWide) {
    throw new ForbiddenError("Exporting the document needs agency-wide access; this one is limited to a department.");
  }
  const document = await getPrisma().$transaction(
    async (db) => {
      const loaded = await loadStoredTree(db, caller.agencyId);
      const kpiCode = new Map([...loaded.ids.kpis].map(([code, id]) => [id, code]));
      const kpiRank = new Map([...loaded.tree.kpis.keys()].map((code, rank) => [code, rank]));
      const rows = await db.measurement.findMany({
        where: { agencyId: caller.agencyId },
        select: { kpiId: true, period: true, value: true, note: true },
      });
      const measurements = rows
        .map((row) => ({ kpi: kpiCode.get(row.kpiId) ?? "", period: row.period, value: row.value, note: row.note }))
        .sort(
          (a, b) =>
            (kpiRank.get(a.kpi) ?? 0) - (kpiRank.get(b.kpi) ?? 0) ||
            (a.period < b.period ? -1 : a.period > b.period ? 1 : 0),
        );
      return buildExportDocument(loaded.tree, measurements, getTodayUtc());
    },
    { isolationLevel: "RepeatableRead", maxWait: 10_000, timeout: 120_000 },
  );
  // The whole tree leaving the system, by whom and through what (the document, the workbook): for the security log.
  logSecurityEvent({
    event: "export.full",
    entryPoint: currentEntryPoint(),
    caller: toCallerRef(caller),
    details: { kpis: document.kpis.length, measurements: document.measurements.length },
  });
  return document;
}
