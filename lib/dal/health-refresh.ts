import "server-only";
import { getPrisma } from "@/lib/db";
import { recomputeAll } from "@/lib/domain";
import { loadHealthModel, readAgencyRow } from "./health-store";
import { storeRefreshedHealth } from "./health/service";

// Whole-agency recomputation, a system operation: it runs from the job runner (the daily refresh, and the background
// recomputation after large measurement batches) and from the operator's `npm run health:refresh`, never from a
// request. Health depends on the date (expected progress, staleness, which periods have started), so stored health is
// recomputed in full at least daily.

export type RefreshReport = {
  agencyId: string;
  nodes: number;
  asOf: string;
  /**
   * True when no write landed while the tree was being recomputed, so what was stored is a full recomputation of
   * what the database holds. False: nothing was stored (the write's results stand), health is left marked pending,
   * and the job runner recomputes again.
   */
  settled: boolean;
};

const READ_OPTIONS = { isolationLevel: "RepeatableRead", maxWait: 30_000, timeout: 300_000 } as const;
const WRITE_OPTIONS = { maxWait: 30_000, timeout: 300_000 } as const;

/**
 * Recomputes every node of the agency as of `asOf` and stores the results, in two steps so that a tree of any size
 * never holds up the agency's writes for long:
 * 1. read the whole tree from one snapshot of the database (REPEATABLE READ, no lock) and run the engine on it;
 * 2. take the agency lock every tree write takes, and store the results through the health service
 *    (storeRefreshedHealth): only if no write came in between (the data version every write raises has not moved);
 *    otherwise that write's results stand, never rolled back, and health stays pending for another pass.
 */
export async function refreshAgencyHealth(agencyId: string, asOf: string): Promise<RefreshReport> {
  const prisma = getPrisma();
  const computed = await prisma.$transaction(async (db) => {
    const agency = await readAgencyRow(db, agencyId, { lock: false });
    if (!agency) return null;
    const model = await loadHealthModel(db, agency);
    return { version: agency.dataVersion, results: recomputeAll(model, asOf) };
  }, READ_OPTIONS);
  if (!computed) return { agencyId, nodes: 0, asOf, settled: true };

  return prisma.$transaction(async (db) => {
    const agency = await readAgencyRow(db, agencyId, { lock: true });
    if (!agency) return { agencyId, nodes: 0, asOf, settled: true };
    return { agencyId, asOf, ...(await storeRefreshedHealth(db, agency, computed.results, asOf, computed.version)) };
  }, WRITE_OPTIONS);
}

export type PendingHealth = { since: Date; latest: Date };

/** When the agency's health was first and last left pending; null when it is up to date. */
export async function readPendingHealth(agencyId: string): Promise<PendingHealth | null> {
  const agency = await getPrisma().agency.findUnique({
    where: { id: agencyId },
    select: { healthPendingSince: true, healthPendingLatest: true },
  });
  if (!agency?.healthPendingSince) return null;
  return { since: agency.healthPendingSince, latest: agency.healthPendingLatest ?? agency.healthPendingSince };
}

/** The agencies whose health waits for a background recomputation, oldest first. */
export async function listAgenciesWithPendingHealth(): Promise<string[]> {
  const agencies = await getPrisma().agency.findMany({
    where: { healthPendingSince: { not: null } },
    select: { id: true },
    orderBy: { healthPendingSince: "asc" },
  });
  return agencies.map((agency) => agency.id);
}

/**
 * Recomputes an agency whose health is pending until a recomputation settles (no write came in meanwhile), at most
 * `attempts` times: under a steady stream of writes, each pass still stores health as of a newer snapshot.
 */
export async function recomputePendingHealth(agencyId: string, asOf: string, attempts = 3): Promise<RefreshReport> {
  let report: RefreshReport = { agencyId, nodes: 0, asOf, settled: true };
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if ((await readPendingHealth(agencyId)) === null) return report;
    report = await refreshAgencyHealth(agencyId, asOf);
    if (report.settled) return report;
  }
  return report;
}

export async function refreshAllAgencies(asOf: string): Promise<RefreshReport[]> {
  const agencies = await getPrisma().agency.findMany({ select: { id: true }, orderBy: { createdAt: "asc" } });
  const reports: RefreshReport[] = [];
  for (const agency of agencies) reports.push(await refreshAgencyHealth(agency.id, asOf));
  return reports;
}
