import "server-only";
import { getPrisma } from "@/lib/db";
import type { Principal } from "@/lib/auth/permissions";
import type { HealthNode } from "@/lib/domain";
import { requirePermission } from "./access";

export type StoredHealth = {
  asOf: string | null;
  nodes: HealthNode[];
};

/**
 * Every stored node result of the caller's agency, as the API reports it: pages read this
 * instead of recomputing. (Branch narrowing for department heads comes with the views.)
 */
export async function getStoredHealth(principal: Principal | null | undefined): Promise<StoredHealth> {
  const caller = requirePermission(principal, "tree:read");
  const prisma = getPrisma();
  const [agency, rows] = await Promise.all([
    prisma.agency.findUnique({ where: { id: caller.agencyId }, select: { healthAsOf: true } }),
    prisma.healthResult.findMany({
      where: { agencyId: caller.agencyId },
      select: { result: true },
      orderBy: [{ nodeKind: "asc" }, { code: "asc" }],
    }),
  ]);
  return {
    asOf: agency?.healthAsOf ? agency.healthAsOf.toISOString().slice(0, 10) : null,
    nodes: rows.map((row) => row.result as unknown as HealthNode),
  };
}
