import "server-only";
import { getPrisma } from "@/lib/db";
import type { Principal } from "@/lib/auth/permissions";

export type AgencySummary = { name: string; slug: string };

/** The caller's own agency, for the app shell. Any signed-in principal may read it. */
export async function getOwnAgency(principal: Principal): Promise<AgencySummary | null> {
  return getPrisma().agency.findUnique({ where: { id: principal.agencyId }, select: { name: true, slug: true } });
}
