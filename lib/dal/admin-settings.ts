import "server-only";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getTodayUtc } from "@/lib/clock";
import type { Principal } from "@/lib/auth/permissions";
import { NotFoundError } from "@/lib/errors";
import type { AgencySettingsInput } from "@/lib/validation/admin";
import { requirePermission } from "./access";
import { lockAgency, runAdminWrite, staleVersionError } from "./admin-write";
import { updateStoredHealth } from "./health/service";

// The agency's own settings: its name, the month its fiscal year starts, and the default
// thresholds of every health status (spec/health.md).

export type AgencySettingsDto = {
  name: string;
  slug: string;
  fiscalYearStartMonth: number;
  onTrackThreshold: number;
  atRiskThreshold: number;
  version: number;
};

const settingsSelect = {
  name: true,
  slug: true,
  fiscalYearStartMonth: true,
  onTrackThreshold: true,
  atRiskThreshold: true,
  version: true,
} satisfies Prisma.AgencySelect;

export async function getAgencySettings(principal: Principal | null | undefined): Promise<AgencySettingsDto> {
  const caller = requirePermission(principal, "admin:settings");
  const settings = await getPrisma().agency.findUnique({ where: { id: caller.agencyId }, select: settingsSelect });
  if (!settings) throw new NotFoundError();
  return settings;
}

/**
 * Saves the settings. Thresholds and the fiscal year feed every node's health, so when one
 * of them changes the whole agency is recomputed and stored *inside the same transaction*,
 * under the agency lock every tree write and refresh takes: no reader ever sees the new
 * thresholds beside health computed with the old ones, and a failed recompute saves nothing.
 */
export async function updateAgencySettings(
  principal: Principal | null | undefined,
  input: AgencySettingsInput,
): Promise<{ settings: AgencySettingsDto; recomputedNodes: number }> {
  return runAdminWrite(principal, "admin:settings", async ({ db, principal: caller }) => {
    await lockAgency(db, caller.agencyId);
    const before = await db.agency.findUniqueOrThrow({ where: { id: caller.agencyId }, select: settingsSelect });
    if (before.version !== input.version) {
      throw await staleVersionError(db, caller.agencyId, "agency", caller.agencyId, "The agency's settings");
    }
    const settings = await db.agency.update({
      where: { id: caller.agencyId },
      data: {
        name: input.name,
        fiscalYearStartMonth: input.fiscalYearStartMonth,
        onTrackThreshold: input.onTrackThreshold,
        atRiskThreshold: input.atRiskThreshold,
        version: { increment: 1 },
      },
      select: { ...settingsSelect, id: true, healthAsOf: true },
    });
    const isHealthAffected =
      settings.fiscalYearStartMonth !== before.fiscalYearStartMonth ||
      settings.onTrackThreshold !== before.onTrackThreshold ||
      settings.atRiskThreshold !== before.atRiskThreshold;
    const { recomputedNodes } = isHealthAffected
      ? await updateStoredHealth(db, settings, getTodayUtc(), { kind: "whole" })
      : { recomputedNodes: 0 };
    const { id: _id, healthAsOf: _healthAsOf, ...saved } = settings;
    return {
      value: { settings: saved, recomputedNodes },
      isHealthStored: isHealthAffected,
      audit: {
        action: "agency.updateSettings",
        entityType: "agency",
        entityId: caller.agencyId,
        entityCode: saved.slug,
        before,
        after: saved,
      },
    };
  });
}
