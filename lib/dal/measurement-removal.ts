import "server-only";
import type { Principal } from "@/lib/auth/permissions";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { RemoveMeasurementInput } from "@/lib/validation/recycle-bin";
import { requireInBranch } from "./access";
import { describeLastChange } from "./audit";
import { runTreeWrite } from "./tree-write";

export type RemoveMeasurementResult = {
  removed: { id: string; kpi: string; period: string; value: number };
};

/**
 * Removes one value of one KPI. The value is not lost: like a replaced one, it moves to the history
 * (MeasurementRevision, marked as a removal), which outlives the measurement row. Officers may remove any KPI's
 * values; department heads and department-scoped tokens only their branch's.
 */
export async function removeMeasurement(
  principal: Principal | null | undefined,
  input: RemoveMeasurementInput,
): Promise<RemoveMeasurementResult & { recomputedNodes: number }> {
  return runTreeWrite(principal, "measurement:write", async ({ db, principal: caller, branch }) => {
    const row = await db.measurement.findFirst({
      where: { id: input.id, agencyId: caller.agencyId },
      include: { kpi: { select: { code: true, departmentId: true } } },
    });
    if (!row) throw new NotFoundError("There is no such measurement.");
    requireInBranch(branch, row.kpi.departmentId);
    const code = `${row.kpi.code}@${row.period}`;
    if (row.version !== input.version) {
      const who = await describeLastChange(db, caller.agencyId, "measurement", row.id);
      throw new ConflictError(
        `${row.kpi.code} for ${row.period} was changed by ${who} after you opened it. Reload to see the change.`,
      );
    }
    await db.measurementRevision.create({
      data: {
        agencyId: caller.agencyId,
        kpiId: row.kpiId,
        period: row.period,
        measurementId: row.id,
        value: row.value,
        source: row.source,
        note: row.note,
        enteredByLabel: row.enteredByLabel,
        enteredAt: row.enteredAt,
        replacedByLabel: caller.label,
        isRemoval: true,
      },
    });
    await db.measurement.delete({ where: { id: row.id } });
    return {
      value: { removed: { id: row.id, kpi: row.kpi.code, period: row.period, value: row.value } },
      audit: {
        action: "measurement.remove",
        entityType: "measurement",
        entityId: row.id,
        entityCode: code,
        before: { period: row.period, value: row.value, note: row.note, source: row.source },
        after: null,
      },
      changes: [{ type: "measurements", measurements: [{ kpi: row.kpi.code, period: row.period, value: null }] }],
      measuredKpiIds: [row.kpiId],
    };
  });
}
