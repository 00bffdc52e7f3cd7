import "server-only";
import type { Principal } from "@/lib/auth/permissions";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { RecordMeasurementInput } from "@/lib/validation/tree";
import { requirePermission } from "./access";
import { writeMeasurements } from "./measurement-batch";

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
 * Stores one value of one KPI for one period, from a form or a quick entry, through the same checks, storage and
 * health update as a batch (lib/dal/measurement-batch.ts writeMeasurements). Re-sending the same (KPI, period) with
 * another value replaces it and moves the old one into the history: nothing is ever silently dropped; the same value
 * and note change nothing. Officers may enter any KPI's data; department heads and department-scoped tokens only
 * their branch's.
 */
export async function recordMeasurement(
  principal: Principal | null | undefined,
  input: RecordMeasurementInput,
): Promise<RecordMeasurementResult & { recomputedNodes: number }> {
  const caller = requirePermission(principal, "measurement:write");
  const row = { index: 0, kpi: input.kpi, period: input.period, value: input.value, note: input.note };
  const { report, entry } = await writeMeasurements(caller, [row], input.source, {
    mode: "entry",
    refuse: (refused) => {
      const first = refused[0]!;
      if (first.reason === "unknownKpi") throw new NotFoundError(`There is no KPI ${input.kpi}.`);
      if (first.reason === "outsideBranch") throw new ForbiddenError("That belongs to another department's branch.");
      const fieldErrors: Record<string, string[]> = {};
      for (const problem of refused) (fieldErrors[problem.field || "_form"] ??= []).push(problem.message);
      throw new ValidationError(first.message, fieldErrors);
    },
  });
  const { saved, previous } = entry!;
  return {
    measurement: {
      id: saved.id,
      kpi: input.kpi,
      period: saved.period,
      value: saved.value,
      note: saved.note,
      source: saved.source,
      enteredBy: saved.enteredByLabel,
      enteredAt: saved.enteredAt.toISOString(),
      version: saved.version,
    },
    replaced: previous
      ? { value: previous.value, enteredBy: previous.enteredByLabel, enteredAt: previous.enteredAt.toISOString() }
      : null,
    recomputedNodes: report.recomputedNodes,
  };
}
