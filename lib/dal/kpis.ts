import "server-only";
import type { Principal } from "@/lib/auth/permissions";
import {
  applyChange,
  isPeriodKeyOfFrequency,
  listFormulaCodes,
  parseFormula,
  validateFormula,
  validateKpiDefinition,
  validateLink,
  validateRangeOfKeyResults,
  validateRangeOfMeasurements,
  type KpiDefinition,
  type ModelChange,
} from "@/lib/domain";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import type {
  CreateKpiInput,
  DeleteInput,
  RemoveKpiTargetInput,
  SetKpiTargetInput,
  UpdateKpiInput,
} from "@/lib/validation/tree";
import type { Tx } from "./access";
import { kpiDefinitionColumns } from "./selects";
import { describeLastChange } from "./audit";
import { rethrowUniqueViolation, runTreeWrite, type WriteContext } from "./tree-write";
import { moveToRecycleBin } from "./recycle-bin";
import { toKpiThresholds } from "./thresholds";

export type KpiDto = {
  id: string;
  code: string;
  name: string;
  description: string;
  unit: string;
  ipo: "input" | "process" | "outcome";
  indicator: "leading" | "lagging";
  direction: "increase" | "decrease" | "maintain";
  frequency: "monthly" | "quarterly" | "annual";
  aggregation: "sum" | "avg" | "last";
  department: string;
  baseline: number | null;
  target: number | null;
  targets: Record<string, number>;
  tolerance: number;
  thresholds: { onTrack?: number; atRisk?: number } | null;
  formula: string | null;
  lagDays: number;
  /** The valid range, inclusive; null = no bound on that side. */
  min: number | null;
  max: number | null;
  published: boolean;
  version: number;
};

const kpiSelect = {
  ...kpiDefinitionColumns,
  onTrackThreshold: true,
  atRiskThreshold: true,
  published: true,
  version: true,
  departmentId: true,
  department: { select: { code: true } },
  targets: { select: { period: true, value: true }, orderBy: { period: "asc" } },
} as const;

type KpiRow = Awaited<ReturnType<typeof findKpiRow>>;

async function findKpiRow(db: Tx, agencyId: string, id: string) {
  return db.kpi.findFirst({ where: { id, agencyId }, select: kpiSelect });
}

function toKpiDto(row: NonNullable<KpiRow>): KpiDto {
  const thresholds = toKpiThresholds(row);
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    description: row.description,
    unit: row.unit,
    ipo: row.ipo,
    indicator: row.indicator,
    direction: row.direction,
    frequency: row.frequency,
    aggregation: row.aggregation,
    department: row.department.code,
    baseline: row.baseline,
    target: row.target,
    targets: Object.fromEntries(row.targets.map((target) => [target.period, target.value])),
    tolerance: row.tolerance,
    thresholds,
    formula: row.formula,
    lagDays: row.lagDays,
    min: row.minValue,
    max: row.maxValue,
    published: row.published,
    version: row.version,
  };
}

function toDefinition(
  code: string,
  fields: CreateKpiInput | UpdateKpiInput,
  targets: Record<string, number>,
): KpiDefinition {
  return {
    code,
    ipo: fields.ipo,
    direction: fields.direction,
    frequency: fields.frequency,
    aggregation: fields.aggregation,
    baseline: fields.baseline,
    target: fields.target,
    targets,
    tolerance: fields.tolerance ?? 0,
    thresholds: fields.thresholds,
    formula: fields.formula || null,
    lagDays: fields.lagDays,
    min: fields.min,
    max: fields.max,
  };
}

/** The stored columns of a KPI's editable fields, shared by create and update. */
function toKpiColumns(input: CreateKpiInput | UpdateKpiInput, departmentId: string) {
  return {
    name: input.name,
    description: input.description,
    unit: input.unit,
    ipo: input.ipo,
    indicator: input.indicator,
    direction: input.direction,
    frequency: input.frequency,
    aggregation: input.aggregation,
    departmentId,
    baseline: input.baseline,
    target: input.target,
    tolerance: input.tolerance ?? 0,
    onTrackThreshold: input.thresholds?.onTrack ?? null,
    atRiskThreshold: input.thresholds?.atRisk ?? null,
    formula: input.formula || null,
    lagDays: input.lagDays,
    minValue: input.min,
    maxValue: input.max,
    published: input.published,
  };
}

/** The id of a live department of the agency, by code (also for the KPI library's bulk assignment). */
export async function requireDepartmentId(db: Tx, agencyId: string, code: string): Promise<string> {
  const department = await db.department.findUnique({
    where: { agencyId_code: { agencyId, code } },
    select: { id: true, retiredAt: true },
  });
  if (!department || department.retiredAt) {
    throw new ValidationError(`There is no department ${code}.`, { department: [`Unknown department ${code}.`] });
  }
  return department.id;
}

/** Checks a KPI definition against the rules of spec/health.md and the rest of the tree. */
async function checkDefinition(context: WriteContext, definition: KpiDefinition, hasMeasurements: boolean) {
  const fieldErrors: Record<string, string[]> = {};
  const definitionCheck = validateKpiDefinition(definition);
  if (!definitionCheck.ok) {
    for (const problem of definitionCheck.problems) (fieldErrors[problem.path || "_form"] ??= []).push(problem.message);
  }
  if (definition.formula) {
    if (hasMeasurements) {
      (fieldErrors.formula ??= []).push("This KPI has measurements: a formula KPI takes none. Delete them first.");
    }
    const formulaCheck = validateFormula(await context.loadModel(), definition, definition.formula);
    if (!formulaCheck.ok) (fieldErrors.formula ??= []).push(formulaCheck.message);
  }
  if (Object.keys(fieldErrors).length > 0) {
    throw new ValidationError("The KPI was not saved: check the highlighted fields.", fieldErrors);
  }
}

/**
 * An edit must keep the tree around the KPI valid (spec/health.md): its driver links must still run from a lower
 * or the same Input → Process → Outcome level to a higher or the same one, and every formula naming it must still
 * accept it (a formula names only KPIs of its own or a finer frequency).
 */
async function checkNeighbours(context: WriteContext, definition: KpiDefinition) {
  const model = applyChange(await context.loadModel(), { type: "kpiUpdated", kpi: definition });
  const fieldErrors: Record<string, string[]> = {};
  for (const link of model.links) {
    if (link.from !== definition.code && link.to !== definition.code) continue;
    const check = validateLink({ ...model, links: model.links.filter((other) => other !== link) }, link);
    if (check.ok) continue;
    for (const problem of check.problems) {
      if (problem.code === "LINK_IPO_BACKWARDS") (fieldErrors.ipo ??= []).push(problem.message);
    }
  }
  for (const kpi of model.kpis) {
    if (!kpi.formula || kpi.code === definition.code) continue;
    const parsed = parseFormula(kpi.formula);
    if (!parsed.ok || !listFormulaCodes(parsed.ast).includes(definition.code)) continue;
    const check = validateFormula(model, kpi.code, kpi.formula);
    if (check.ok) continue;
    for (const problem of check.problems) {
      if (problem.code === "FORMULA_COARSER_KPI") {
        (fieldErrors.frequency ??= []).push(`The formula of ${kpi.code} names this KPI: ${problem.message}`);
      }
    }
  }
  if (Object.keys(fieldErrors).length > 0) {
    throw new ValidationError("The KPI was not saved: check the highlighted fields.", fieldErrors);
  }
}

/**
 * spec/drivertree-format.md: no measurement lies outside the KPI's valid range, so a new range that values already
 * stored fall outside is refused, naming how many and the first periods (the engine decides which).
 */
async function checkRangeOfStoredValues(context: WriteContext, kpiId: string, definition: KpiDefinition) {
  const rows = await context.db.measurement.findMany({ where: { kpiId }, select: { period: true, value: true } });
  const check = validateRangeOfMeasurements(definition, Object.fromEntries(rows.map((row) => [row.period, row.value])));
  if (!check.ok)
    throw new ValidationError(`The KPI was not saved: ${check.message}`, { [check.path]: [check.message] });
}

/** The key results tracking the KPI keep inside its valid range: a new range that one falls outside is refused. */
async function checkRangeOfKeyResults(context: WriteContext, kpiId: string, definition: KpiDefinition) {
  const rows = await context.db.keyResult.findMany({
    where: { kpiId, kind: "metric" },
    select: { code: true, startValue: true, targetValue: true },
    orderBy: { code: "asc" },
  });
  const check = validateRangeOfKeyResults(
    definition,
    rows.map((row) => ({ code: row.code, start: row.startValue, target: row.targetValue })),
  );
  if (check.ok) return;
  const fieldErrors: Record<string, string[]> = {};
  for (const problem of check.problems) (fieldErrors[problem.path] ??= []).push(problem.message);
  throw new ValidationError(`The KPI was not saved: ${check.message}`, fieldErrors);
}

async function writeFormulaReferences(db: Tx, agencyId: string, kpiId: string, formula: string | null) {
  await db.formulaReference.deleteMany({ where: { kpiId } });
  if (!formula) return;
  const parsed = parseFormula(formula);
  const codes = parsed.ok ? listFormulaCodes(parsed.ast) : [];
  if (codes.length === 0) return;
  const referenced = await db.kpi.findMany({ where: { agencyId, code: { in: codes } }, select: { id: true } });
  await db.formulaReference.createMany({
    data: referenced.map((row) => ({ agencyId, kpiId, referencedKpiId: row.id })),
  });
}

export async function createKpi(principal: Principal | null | undefined, input: CreateKpiInput) {
  return runTreeWrite(principal, "tree:edit", async (context) => {
    const { db, principal: caller } = context;
    const departmentId = await requireDepartmentId(db, caller.agencyId, input.department);
    const definition = toDefinition(input.code, input, {});
    if ((await context.loadModel()).kpis.some((kpi) => kpi.code === input.code)) {
      throw new ValidationError(`A KPI coded ${input.code} exists already.`, { code: ["This code is taken."] });
    }
    await checkDefinition(context, definition, false);
    const created = await db.kpi
      .create({
        data: {
          agencyId: caller.agencyId,
          code: input.code,
          ...toKpiColumns(input, departmentId),
        },
        select: { id: true },
      })
      .catch((error: unknown) => rethrowUniqueViolation(error, `A KPI coded ${input.code} exists already.`));
    await writeFormulaReferences(db, caller.agencyId, created.id, definition.formula);
    const kpi = toKpiDto((await findKpiRow(db, caller.agencyId, created.id))!);
    return {
      value: { kpi },
      audit: {
        action: "kpi.create",
        entityType: "kpi",
        entityId: kpi.id,
        entityCode: kpi.code,
        before: null,
        after: kpi,
      },
      changes: [{ type: "kpiAdded", kpi: definition }],
    };
  });
}

async function requireCurrentKpi(context: WriteContext, id: string, version: number) {
  const row = await findKpiRow(context.db, context.principal.agencyId, id);
  if (!row) throw new NotFoundError("There is no such KPI.");
  if (row.version !== version) {
    const who = await describeLastChange(context.db, context.principal.agencyId, "kpi", id);
    throw new ConflictError(`${row.code} was changed by ${who} after you opened it. Reload to see the change.`);
  }
  return row;
}

async function countMeasurements(db: Tx, kpiId: string) {
  return db.measurement.count({ where: { kpiId } });
}

type RemovedByFrequencyChange = {
  measurements: { period: string; value: number; note: string; source: string; enteredBy: string }[];
  targets: { period: string; value: number }[];
  keptTargets: Record<string, number>;
};

/**
 * A new frequency leaves the KPI's measurements and per-period targets of the old one meaningless (spec/health.md:
 * their keys must have the KPI's own frequency). Without the officer's confirmation the change is refused with what
 * would be removed; with it, they are removed in the same write, and the audit event keeps every removed value.
 */
async function planFrequencyChange(
  context: WriteContext,
  row: NonNullable<KpiRow>,
  input: UpdateKpiInput,
): Promise<RemovedByFrequencyChange> {
  const targets = row.targets.filter((target) => !isPeriodKeyOfFrequency(target.period, input.frequency));
  const keptTargets = Object.fromEntries(
    row.targets.filter((target) => !targets.includes(target)).map((target) => [target.period, target.value]),
  );
  if (input.frequency === row.frequency && targets.length === 0) return { measurements: [], targets: [], keptTargets };
  const measurements =
    input.frequency === row.frequency
      ? []
      : await context.db.measurement.findMany({
          where: { kpiId: row.id },
          select: { period: true, value: true, note: true, source: true, enteredByLabel: true },
          orderBy: { period: "asc" },
        });
  if (measurements.length + targets.length === 0) return { measurements: [], targets: [], keptTargets };
  if (!input.confirmFrequencyChange) {
    const parts = [
      measurements.length > 0
        ? `${measurements.length} ${row.frequency} value${measurements.length === 1 ? "" : "s"} (${describePeriods(measurements)})`
        : null,
      targets.length > 0
        ? `${targets.length} per-period target${targets.length === 1 ? "" : "s"} (${describePeriods(targets)})`
        : null,
    ].filter(Boolean);
    const what = parts.join(" and ");
    const explanation =
      `Changing ${row.code} from ${row.frequency} to ${input.frequency} removes its ${what}: ` +
      `they are not ${input.frequency} periods. The removed values are kept in the audit log.`;
    throw new ValidationError(`${explanation} Confirm to change the frequency anyway.`, {
      frequency: [`${explanation} Confirm below to remove them and change the frequency.`],
    });
  }
  return {
    measurements: measurements.map((m) => ({
      period: m.period,
      value: m.value,
      note: m.note,
      source: m.source,
      enteredBy: m.enteredByLabel,
    })),
    targets: targets.map((target) => ({ period: target.period, value: target.value })),
    keptTargets,
  };
}

/** "2025-07 to 2026-06" for a sorted list, or the one period. */
function describePeriods(rows: readonly { period: string }[]): string {
  const first = rows[0]?.period ?? "";
  const last = rows[rows.length - 1]?.period ?? "";
  return first === last ? first : `${first} to ${last}`;
}

export async function updateKpi(principal: Principal | null | undefined, input: UpdateKpiInput) {
  return runTreeWrite(principal, "tree:edit", async (context) => {
    const { db, principal: caller } = context;
    const row = await requireCurrentKpi(context, input.id, input.version);
    const before = toKpiDto(row);
    const departmentId = await requireDepartmentId(db, caller.agencyId, input.department);
    const removed = await planFrequencyChange(context, row, input);
    const definition = toDefinition(row.code, input, removed.keptTargets);
    const hasMeasurements = removed.measurements.length === 0 && (await countMeasurements(db, row.id)) > 0;
    await checkDefinition(context, definition, hasMeasurements && Boolean(definition.formula));
    const isRangeChanged = definition.min !== row.minValue || definition.max !== row.maxValue;
    if (hasMeasurements && isRangeChanged) await checkRangeOfStoredValues(context, row.id, definition);
    if (isRangeChanged) await checkRangeOfKeyResults(context, row.id, definition);
    await checkNeighbours(context, definition);
    if (removed.measurements.length > 0) {
      // Their revisions go with them (cascade); the audit event below keeps every removed value.
      await db.measurement.deleteMany({ where: { kpiId: row.id } });
    }
    if (removed.targets.length > 0) {
      await db.kpiTarget.deleteMany({ where: { kpiId: row.id, period: { in: removed.targets.map((t) => t.period) } } });
    }
    await db.kpi.update({
      where: { id: row.id },
      data: {
        ...toKpiColumns(input, departmentId),
        version: { increment: 1 },
      },
    });
    await writeFormulaReferences(db, caller.agencyId, row.id, definition.formula);
    const kpi = toKpiDto((await findKpiRow(db, caller.agencyId, row.id))!);
    const changes: ModelChange[] = [
      ...(removed.measurements.length > 0
        ? [
            {
              type: "measurements" as const,
              measurements: removed.measurements.map((m) => ({ kpi: row.code, period: m.period, value: null })),
            },
          ]
        : []),
      { type: "kpiUpdated", kpi: definition },
    ];
    const removedData =
      removed.measurements.length + removed.targets.length > 0
        ? { removedMeasurements: removed.measurements, removedTargets: removed.targets }
        : {};
    return {
      value: { kpi },
      audit: {
        action: "kpi.update",
        entityType: "kpi",
        entityId: kpi.id,
        entityCode: kpi.code,
        before: { ...before, ...removedData },
        after: kpi,
      },
      changes,
    };
  });
}

/** Moves the KPI, with everything that goes with it, to the recycle bin (lib/dal/recycle-bin.ts). */
export async function deleteKpi(principal: Principal | null | undefined, input: DeleteInput) {
  return moveToRecycleBin(principal, "kpi", input);
}

async function changeTarget(
  principal: Principal | null | undefined,
  kpiId: string,
  version: number,
  period: string,
  value: number | null,
) {
  return runTreeWrite(principal, "tree:edit", async (context) => {
    const { db, principal: caller } = context;
    // A target is part of the KPI: a change made on an older version of it is a conflict, not a silent overwrite.
    const row = await requireCurrentKpi(context, kpiId, version);
    if (!isPeriodKeyOfFrequency(period, row.frequency)) {
      throw new ValidationError(`${period} is not a ${row.frequency} period.`, {
        period: [`${row.code} is reported ${row.frequency}.`],
      });
    }
    const before = toKpiDto(row);
    const targets = { ...before.targets };
    if (value === null) delete targets[period];
    else targets[period] = value;
    const definition = toDefinition(row.code, { ...before, thresholds: before.thresholds } as UpdateKpiInput, targets);
    try {
      await checkDefinition(context, { ...definition, formula: null }, false);
    } catch (error) {
      // The engine reports a per-period target as `targets.<period>`; this action's field is `value`.
      if (!(error instanceof ValidationError)) throw error;
      const { [`targets.${period}`]: onValue, ...others } = error.fieldErrors;
      throw new ValidationError(error.message, onValue ? { ...others, value: onValue } : error.fieldErrors);
    }
    if (value === null) {
      await db.kpiTarget.deleteMany({ where: { kpiId: row.id, period } });
    } else {
      await db.kpiTarget.upsert({
        where: { kpiId_period: { kpiId: row.id, period } },
        create: { agencyId: caller.agencyId, kpiId: row.id, period, value },
        update: { value },
      });
    }
    await db.kpi.update({ where: { id: row.id }, data: { version: { increment: 1 } } });
    const kpi = toKpiDto((await findKpiRow(db, caller.agencyId, row.id))!);
    return {
      value: { kpi },
      audit: {
        action: value === null ? "kpi.target.remove" : "kpi.target.set",
        entityType: "kpi",
        entityId: row.id,
        entityCode: row.code,
        before: { period, target: before.targets[period] ?? null },
        after: { period, target: value },
      },
      changes: [{ type: "kpiUpdated", kpi: definition }],
    };
  });
}

export async function setKpiTarget(principal: Principal | null | undefined, input: SetKpiTargetInput) {
  return changeTarget(principal, input.kpiId, input.version, input.period, input.value);
}

export async function removeKpiTarget(principal: Principal | null | undefined, input: RemoveKpiTargetInput) {
  return changeTarget(principal, input.kpiId, input.version, input.period, null);
}
