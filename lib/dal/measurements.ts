import "server-only";
import type { Principal } from "@/lib/auth/permissions";
import { createHealthModel, createKpiDefinition, validateMeasurement } from "@/lib/domain";
import { NotFoundError, ValidationError } from "@/lib/errors";
import type { RecordMeasurementInput } from "@/lib/validation/tree";
import { requireInBranch } from "./access";
import { runTreeWrite } from "./tree-write";

export type MeasurementDto = {
  id: string;
  kpi: string;
  period: string;
  value: number;
  note: string;
  source: string;
  enteredBy: string;
  enteredAt: string;
  version: number;
};

export type RecordMeasurementResult = {
  measurement: MeasurementDto;
  /** The value this one replaced (kept in the history), or null for a new period. */
  replaced: { value: number; enteredBy: string; enteredAt: string } | null;
};

/**
 * Stores one value of one KPI for one period. Re-sending the same (KPI, period) replaces
 * the value and moves the old one into the history: nothing is ever silently dropped.
 * Officers may enter any KPI's data; department heads and department-scoped tokens only
 * their branch's.
 */
export async function recordMeasurement(
  principal: Principal | null | undefined,
  input: RecordMeasurementInput,
): Promise<RecordMeasurementResult & { recomputedNodes: number }> {
  return runTreeWrite(principal, "measurement:write", async ({ db, principal: caller, branch, asOf }) => {
    const kpi = await db.kpi.findUnique({
      where: { agencyId_code: { agencyId: caller.agencyId, code: input.kpi } },
      select: {
        id: true,
        code: true,
        ipo: true,
        direction: true,
        frequency: true,
        aggregation: true,
        formula: true,
        lagDays: true,
        minValue: true,
        maxValue: true,
        departmentId: true,
      },
    });
    if (!kpi) throw new NotFoundError(`There is no KPI ${input.kpi}.`);
    requireInBranch(branch, kpi.departmentId);
    // The measurement rules only concern the KPI itself: check against a model of just it,
    // so that a write does not load the whole tree.
    const kpiModel = createHealthModel({
      plan: { start: asOf, end: asOf },
      kpis: [createKpiDefinition({ ...kpi, formula: kpi.formula, min: kpi.minValue, max: kpi.maxValue })],
    });
    const check = validateMeasurement(kpiModel, { kpi: kpi.code, period: input.period, value: input.value });
    if (!check.ok) {
      const fieldErrors: Record<string, string[]> = {};
      for (const problem of check.problems) (fieldErrors[problem.path || "_form"] ??= []).push(problem.message);
      throw new ValidationError(check.message, fieldErrors);
    }

    const existing = await db.measurement.findUnique({
      where: { kpiId_period: { kpiId: kpi.id, period: input.period } },
    });
    const now = new Date();
    let saved;
    if (existing) {
      await db.measurementRevision.create({
        data: {
          agencyId: caller.agencyId,
          kpiId: existing.kpiId,
          period: existing.period,
          measurementId: existing.id,
          value: existing.value,
          source: existing.source,
          note: existing.note,
          enteredByLabel: existing.enteredByLabel,
          enteredAt: existing.enteredAt,
          replacedAt: now,
          replacedByLabel: caller.label,
        },
      });
      saved = await db.measurement.update({
        where: { id: existing.id },
        data: {
          value: input.value,
          note: input.note,
          source: input.source,
          enteredByUserId: caller.kind === "user" ? caller.userId : null,
          enteredByToken: caller.kind === "token" ? caller.tokenId : null,
          enteredByLabel: caller.label,
          enteredAt: now,
          version: { increment: 1 },
        },
      });
    } else {
      saved = await db.measurement.create({
        data: {
          agencyId: caller.agencyId,
          kpiId: kpi.id,
          period: input.period,
          value: input.value,
          note: input.note,
          source: input.source,
          enteredByUserId: caller.kind === "user" ? caller.userId : null,
          enteredByToken: caller.kind === "token" ? caller.tokenId : null,
          enteredByLabel: caller.label,
          enteredAt: now,
        },
      });
    }

    const measurement: MeasurementDto = {
      id: saved.id,
      kpi: kpi.code,
      period: saved.period,
      value: saved.value,
      note: saved.note,
      source: saved.source,
      enteredBy: saved.enteredByLabel,
      enteredAt: saved.enteredAt.toISOString(),
      version: saved.version,
    };
    const before = existing
      ? { period: existing.period, value: existing.value, note: existing.note, source: existing.source }
      : null;
    return {
      value: {
        measurement,
        replaced: existing
          ? { value: existing.value, enteredBy: existing.enteredByLabel, enteredAt: existing.enteredAt.toISOString() }
          : null,
      },
      audit: {
        action: existing ? "measurement.replace" : "measurement.create",
        entityType: "measurement",
        entityId: saved.id,
        entityCode: `${kpi.code}@${saved.period}`,
        before,
        after: { period: saved.period, value: saved.value, note: saved.note, source: saved.source },
      },
      changes: [{ type: "measurements", measurements: [{ kpi: kpi.code, period: saved.period, value: saved.value }] }],
      measuredKpiIds: [kpi.id],
    };
  });
}
