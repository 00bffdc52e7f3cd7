import "server-only";
import { getPrisma } from "@/lib/db";
import type { Principal } from "@/lib/auth/permissions";
import type { ModelChange } from "@/lib/domain";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { CreatePlanInput, UpdatePlanInput } from "@/lib/validation/tree";
import { toIsoDate } from "@/lib/dates";
import { requirePermission, type Tx } from "./access";
import { describeLastChange } from "./audit";
import { rethrowUniqueViolation, runTreeWrite, type WriteContext } from "./tree-write";

// An agency's plan: the period its objectives and key results run over. The product assumes one
// plan per agency (the tree, the scorecard and the health model read the agency's first plan), so
// a second one is refused here rather than created and then never shown.

export type PlanDto = {
  id: string;
  code: string;
  name: string;
  startDate: string;
  endDate: string;
  version: number;
};

const planSelect = {
  id: true,
  code: true,
  name: true,
  startDate: true,
  endDate: true,
  version: true,
} as const satisfies Prisma.PlanSelect;

const fromIsoDate = (date: string) => new Date(`${date}T00:00:00Z`);

function toPlanDto(row: Prisma.PlanGetPayload<{ select: typeof planSelect }>): PlanDto {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    startDate: toIsoDate(row.startDate),
    endDate: toIsoDate(row.endDate),
    version: row.version,
  };
}

export async function createPlan(principal: Principal | null | undefined, input: CreatePlanInput) {
  return runTreeWrite(principal, "tree:edit", async ({ db, principal: caller }) => {
    // Under the agency lock, so two officers starting at once cannot both create one.
    const existing = await db.plan.findFirst({
      where: { agencyId: caller.agencyId },
      select: { code: true, name: true },
      orderBy: { startDate: "asc" },
    });
    if (existing) {
      throw new ConflictError(
        `This agency has a plan already: ${existing.name} (${existing.code}). An agency has one plan; edit its name and dates instead.`,
      );
    }
    const created = await db.plan
      .create({
        data: {
          agencyId: caller.agencyId,
          code: input.code,
          name: input.name,
          startDate: fromIsoDate(input.startDate),
          endDate: fromIsoDate(input.endDate),
        },
        select: planSelect,
      })
      .catch((error: unknown) => rethrowUniqueViolation(error, `A plan coded ${input.code} exists already.`));
    const plan = toPlanDto(created);
    return {
      value: { plan },
      audit: {
        action: "plan.create",
        entityType: "plan",
        entityId: plan.id,
        entityCode: plan.code,
        before: null,
        after: plan,
      },
      changes: [{ type: "planChanged", plan: { start: plan.startDate, end: plan.endDate } }],
    };
  });
}

async function requireCurrentPlan(context: WriteContext, id: string, version: number) {
  const row = await context.db.plan.findFirst({
    where: { id, agencyId: context.principal.agencyId },
    select: planSelect,
  });
  if (!row) throw new NotFoundError("There is no such plan.");
  if (row.version !== version) {
    const who = await describeLastChange(context.db, context.principal.agencyId, "plan", id);
    throw new ConflictError(`${row.code} was changed by ${who} after you opened it. Reload to see the change.`);
  }
  return row;
}

/**
 * A key result without dates of its own runs over its plan's (spec/health.md); the engine's model
 * holds the dates resolved, so each such key result of the plan changes with the plan's dates.
 */
async function redateKeyResults(context: WriteContext, plan: PlanDto): Promise<ModelChange[]> {
  const rows = await context.db.keyResult.findMany({
    where: {
      agencyId: context.principal.agencyId,
      objective: { planId: plan.id },
      OR: [{ startDate: null }, { dueDate: null }],
    },
    select: { code: true, startDate: true, dueDate: true },
  });
  if (rows.length === 0) return [];
  const model = await context.loadModel();
  const definitions = new Map(model.keyResults.map((keyResult) => [keyResult.code, keyResult]));
  return rows.flatMap((row): ModelChange[] => {
    const definition = definitions.get(row.code);
    if (!definition) return [];
    return [
      {
        type: "keyResultUpdated",
        keyResult: {
          ...definition,
          startDate: row.startDate ? toIsoDate(row.startDate) : plan.startDate,
          dueDate: row.dueDate ? toIsoDate(row.dueDate) : plan.endDate,
        },
      },
    ];
  });
}

/** Renames the plan or changes its dates; new dates move every key result that runs on the plan's dates. */
export async function updatePlan(principal: Principal | null | undefined, input: UpdatePlanInput) {
  return runTreeWrite(principal, "tree:edit", async (context) => {
    const before = toPlanDto(await requireCurrentPlan(context, input.id, input.version));
    const updated = await context.db.plan.update({
      where: { id: before.id },
      data: {
        name: input.name,
        startDate: fromIsoDate(input.startDate),
        endDate: fromIsoDate(input.endDate),
        version: { increment: 1 },
      },
      select: planSelect,
    });
    const plan = toPlanDto(updated);
    const isRedated = plan.startDate !== before.startDate || plan.endDate !== before.endDate;
    const changes: ModelChange[] = [];
    if (isRedated) {
      changes.push({ type: "planChanged", plan: { start: plan.startDate, end: plan.endDate } });
      changes.push(...(await redateKeyResults(context, plan)));
    }
    return {
      value: { plan },
      audit: {
        action: "plan.update",
        entityType: "plan",
        entityId: plan.id,
        entityCode: plan.code,
        before,
        after: plan,
      },
      changes,
    };
  });
}

export type NextStep = {
  key: "objectives" | "kpis" | "keyResults" | "links" | "targets" | "data" | "publish";
  isDone: boolean;
};

/**
 * What a new tree still lacks, from counts: objectives, KPIs, key results tracking KPIs, driver
 * links, targets, data and something published. Null when there is no plan yet (the first-run
 * page shows instead). For those who author the tree only.
 */
export async function getNextSteps(principal: Principal | null | undefined): Promise<NextStep[] | null> {
  const caller = requirePermission(principal, "tree:edit");
  const db: Tx = getPrisma();
  const where = { agencyId: caller.agencyId };
  const [plans, objectives, kpis, trackingKeyResults, links, kpisWithTarget, periodTargets, measurements, published] =
    await Promise.all([
      db.plan.count({ where }),
      db.objective.count({ where }),
      db.kpi.count({ where }),
      db.keyResult.count({ where: { ...where, kpiId: { not: null } } }),
      db.driverLink.count({ where }),
      db.kpi.count({ where: { ...where, target: { not: null } } }),
      db.kpiTarget.count({ where }),
      db.measurement.count({ where }),
      Promise.all([
        db.objective.count({ where: { ...where, published: true } }),
        db.keyResult.count({ where: { ...where, published: true } }),
        db.kpi.count({ where: { ...where, published: true } }),
      ]).then((counts) => counts.reduce((sum, count) => sum + count, 0)),
    ]);
  if (plans === 0) return null;
  return [
    { key: "objectives", isDone: objectives > 0 },
    { key: "kpis", isDone: kpis > 0 },
    { key: "keyResults", isDone: trackingKeyResults > 0 },
    { key: "links", isDone: links > 0 },
    { key: "targets", isDone: kpisWithTarget + periodTargets > 0 },
    { key: "data", isDone: measurements > 0 },
    { key: "publish", isDone: published > 0 },
  ];
}
