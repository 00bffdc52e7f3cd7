import "server-only";
import { getPrisma } from "@/lib/db";
import { recomputeAll } from "@/lib/domain";
import { loadHealthModel, replaceAllResults, type AgencyRow } from "./health-store";

// Health depends on the date (expected progress, staleness, which periods have started), so
// stored health is recomputed in full at least daily. This is a system operation: it runs
// from the job runner and the operator's `npm run health:refresh`, never from a request.

export type RefreshReport = { agencyId: string; nodes: number; asOf: string };

export async function refreshAgencyHealth(agencyId: string, asOf: string): Promise<RefreshReport> {
  return getPrisma().$transaction(
    async (db) => {
      // The same lock as every tree write: a refresh never interleaves with a write.
      const [agency] = await db.$queryRaw<AgencyRow[]>`
        SELECT id::text AS id, "fiscalYearStartMonth", "onTrackThreshold", "atRiskThreshold", "healthAsOf"
        FROM "Agency" WHERE id = ${agencyId}::uuid FOR UPDATE`;
      if (!agency) return { agencyId, nodes: 0, asOf };
      const model = await loadHealthModel(db, agency);
      const nodes = await replaceAllResults(db, agency.id, recomputeAll(model, asOf), asOf);
      return { agencyId, nodes, asOf };
    },
    { maxWait: 30_000, timeout: 300_000 },
  );
}

export async function refreshAllAgencies(asOf: string): Promise<RefreshReport[]> {
  const agencies = await getPrisma().agency.findMany({ select: { id: true }, orderBy: { createdAt: "asc" } });
  const reports: RefreshReport[] = [];
  for (const agency of agencies) reports.push(await refreshAgencyHealth(agency.id, asOf));
  return reports;
}
