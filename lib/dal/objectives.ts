import "server-only";
import type { Principal } from "@/lib/auth/permissions";
import { validateObjectiveParent, validateWeight, type ModelChange } from "@/lib/domain";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import type {
  CreateObjectiveInput,
  DeleteInput,
  MoveObjectiveInput,
  ReorderInput,
  UpdateObjectiveInput,
} from "@/lib/validation/tree";
import type { Tx } from "./access";
import { describeLastChange } from "./audit";
import { rethrowUniqueViolation, runTreeWrite, type WriteContext } from "./tree-write";
import { moveToRecycleBin } from "./recycle-bin";

export type ObjectiveDto = {
  id: string;
  code: string;
  plan: string;
  title: string;
  description: string;
  department: string | null;
  parent: string | null;
  weight: number;
  published: boolean;
  version: number;
};

const objectiveSelect = {
  id: true,
  code: true,
  title: true,
  description: true,
  weight: true,
  published: true,
  version: true,
  parentId: true,
  plan: { select: { code: true } },
  department: { select: { code: true } },
  parent: { select: { code: true } },
} as const;

async function findObjective(db: Tx, agencyId: string, id: string) {
  return db.objective.findFirst({ where: { id, agencyId }, select: objectiveSelect });
}

function toObjectiveDto(row: NonNullable<Awaited<ReturnType<typeof findObjective>>>): ObjectiveDto {
  return {
    id: row.id,
    code: row.code,
    plan: row.plan.code,
    title: row.title,
    description: row.description,
    department: row.department?.code ?? null,
    parent: row.parent?.code ?? null,
    weight: row.weight,
    published: row.published,
    version: row.version,
  };
}

async function resolveDepartment(db: Tx, agencyId: string, code: string | null) {
  if (code === null) return null;
  const department = await db.department.findUnique({
    where: { agencyId_code: { agencyId, code } },
    select: { id: true },
  });
  if (!department)
    throw new ValidationError(`There is no department ${code}.`, { department: [`Unknown department ${code}.`] });
  return department.id;
}

/** The parent's id; refuses an unknown parent, one in another plan, or one that would close a cycle. */
async function resolveParent(
  context: WriteContext,
  planId: string,
  parentCode: string | null,
  selfCode: string | null,
) {
  if (parentCode === null) return null;
  const { db, principal } = context;
  const parent = await db.objective.findUnique({
    where: { agencyId_code: { agencyId: principal.agencyId, code: parentCode } },
    select: { id: true, planId: true },
  });
  if (!parent)
    throw new ValidationError(`There is no objective ${parentCode}.`, { parent: [`Unknown objective ${parentCode}.`] });
  if (parent.planId !== planId) {
    throw new ValidationError("A child objective belongs to its parent's plan.", {
      parent: ["That objective is in another plan."],
    });
  }
  if (selfCode !== null) {
    const check = validateObjectiveParent(await context.loadModel(), selfCode, parentCode);
    if (!check.ok) throw new ValidationError(check.message, { parent: [check.message] });
  }
  return parent.id;
}

/** spec/health.md: a weight is a number greater than 0 — checked by the engine, whatever the input's path. */
function requireValidWeight(weight: number) {
  const check = validateWeight(weight);
  if (!check.ok) {
    const message = check.problems.map((problem) => problem.message).join(" ");
    throw new ValidationError(message, { weight: [message] });
  }
}

type SiblingScope = { agencyId: string; planId: string; parentId: string | null };

/** The objectives under one parent (null: the plan's top level), in their order. */
async function listSiblings(db: Tx, scope: SiblingScope) {
  return db.objective.findMany({
    where: scope,
    select: { id: true, code: true, position: true },
    orderBy: [{ position: "asc" }, { code: "asc" }],
  });
}

/** A position after every sibling's (positions may have gaps where siblings were deleted or moved away). */
async function nextPosition(db: Tx, scope: SiblingScope) {
  const last = await db.objective.aggregate({ where: scope, _max: { position: true } });
  return (last._max.position ?? -1) + 1;
}

export async function createObjective(principal: Principal | null | undefined, input: CreateObjectiveInput) {
  return runTreeWrite(principal, "tree:edit", async (context) => {
    const { db, principal: caller } = context;
    const plan = await db.plan.findUnique({
      where: { agencyId_code: { agencyId: caller.agencyId, code: input.plan } },
      select: { id: true },
    });
    if (!plan) throw new ValidationError(`There is no plan ${input.plan}.`, { plan: [`Unknown plan ${input.plan}.`] });
    const departmentId = await resolveDepartment(db, caller.agencyId, input.department);
    const parentId = await resolveParent(context, plan.id, input.parent, null);
    requireValidWeight(input.weight);
    const position = await nextPosition(db, { agencyId: caller.agencyId, parentId, planId: plan.id });
    const created = await db.objective
      .create({
        data: {
          agencyId: caller.agencyId,
          planId: plan.id,
          code: input.code,
          title: input.title,
          description: input.description,
          departmentId,
          parentId,
          weight: input.weight,
          position,
          published: input.published,
        },
        select: { id: true },
      })
      .catch((error: unknown) => rethrowUniqueViolation(error, `An objective coded ${input.code} exists already.`));
    const objective = toObjectiveDto((await findObjective(db, caller.agencyId, created.id))!);
    return {
      value: { objective },
      audit: {
        action: "objective.create",
        entityType: "objective",
        entityId: objective.id,
        entityCode: objective.code,
        before: null,
        after: objective,
      },
      changes: [
        {
          type: "objectiveAdded",
          objective: { code: objective.code, parent: objective.parent, weight: objective.weight },
        },
      ],
    };
  });
}

async function requireCurrentObjective(context: WriteContext, id: string, version: number) {
  const row = await findObjective(context.db, context.principal.agencyId, id);
  if (!row) throw new NotFoundError("There is no such objective.");
  if (row.version !== version) {
    const who = await describeLastChange(context.db, context.principal.agencyId, "objective", id);
    throw new ConflictError(`${row.code} was changed by ${who} after you opened it. Reload to see the change.`);
  }
  return row;
}

export async function updateObjective(principal: Principal | null | undefined, input: UpdateObjectiveInput) {
  return runTreeWrite(principal, "tree:edit", async (context) => {
    const { db, principal: caller } = context;
    const row = await requireCurrentObjective(context, input.id, input.version);
    const before = toObjectiveDto(row);
    const planId = (await db.objective.findUniqueOrThrow({ where: { id: row.id }, select: { planId: true } })).planId;
    const departmentId = await resolveDepartment(db, caller.agencyId, input.department);
    const parentId = await resolveParent(context, planId, input.parent, row.code);
    requireValidWeight(input.weight);
    const isMoved = parentId !== row.parentId;
    const siblingScope = { agencyId: caller.agencyId, planId, parentId };
    await db.objective.update({
      where: { id: row.id },
      data: {
        title: input.title,
        description: input.description,
        departmentId,
        parentId,
        weight: input.weight,
        published: input.published,
        // A new parent: it goes last among its new siblings.
        ...(isMoved ? { position: await nextPosition(db, siblingScope) } : {}),
        version: { increment: 1 },
      },
    });
    const objective = toObjectiveDto((await findObjective(db, caller.agencyId, row.id))!);
    const changes: ModelChange[] = [
      {
        type: "objectiveUpdated",
        objective: { code: objective.code, parent: objective.parent, weight: objective.weight },
      },
    ];
    if (isMoved) changes.push(await describeSiblingOrder(db, siblingScope, objective.parent));
    return {
      value: { objective },
      audit: {
        action: "objective.update",
        entityType: "objective",
        entityId: row.id,
        entityCode: row.code,
        before,
        after: objective,
      },
      changes,
    };
  });
}

/** Moves the objective, with its child objectives and key results, to the recycle bin (lib/dal/recycle-bin.ts). */
export async function deleteObjective(principal: Principal | null | undefined, input: DeleteInput) {
  return moveToRecycleBin(principal, "objective", input);
}

async function describeSiblingOrder(db: Tx, scope: SiblingScope, parent: string | null): Promise<ModelChange> {
  const siblings = await listSiblings(db, scope);
  return { type: "objectivesReordered", parent, order: siblings.map((sibling) => sibling.code) };
}

/**
 * Moves an objective one place up or down among its siblings. Order decides the weakest child on a
 * tie (spec/health.md), so the parent is recomputed. Siblings are renumbered 0…n-1 in the same write.
 */
export async function reorderObjective(principal: Principal | null | undefined, input: ReorderInput) {
  return runTreeWrite(principal, "tree:edit", async (context) => {
    const { db, principal: caller } = context;
    const row = await requireCurrentObjective(context, input.id, input.version);
    const { planId } = await db.objective.findUniqueOrThrow({ where: { id: row.id }, select: { planId: true } });
    const scope = { agencyId: caller.agencyId, planId, parentId: row.parentId };
    const siblings = await listSiblings(db, scope);
    const at = siblings.findIndex((sibling) => sibling.id === row.id);
    const to = input.direction === "up" ? at - 1 : at + 1;
    if (to < 0 || to >= siblings.length) {
      throw new ConflictError(
        `${row.code} is already the ${input.direction === "up" ? "first" : "last"} of its siblings.`,
      );
    }
    const order = siblings.slice();
    [order[at], order[to]] = [order[to]!, order[at]!];
    for (const [position, sibling] of order.entries()) {
      if (sibling.position === position && sibling.id !== row.id) continue;
      await db.objective.update({
        where: { id: sibling.id },
        data: { position, ...(sibling.id === row.id ? { version: { increment: 1 } } : {}) },
      });
    }
    const objective = toObjectiveDto((await findObjective(db, caller.agencyId, row.id))!);
    const codes = order.map((sibling) => sibling.code);
    return {
      value: { objective, order: codes },
      audit: {
        action: "objective.reorder",
        entityType: "objective",
        entityId: row.id,
        entityCode: row.code,
        before: { ...toObjectiveDto(row), order: siblings.map((sibling) => sibling.code) },
        after: { ...objective, order: codes },
      },
      changes: [{ type: "objectivesReordered", parent: row.parent?.code ?? null, order: codes }],
    };
  });
}

/**
 * Moves an objective under another objective of its plan, or to the top level; it goes last among
 * its new siblings. A parent that sits below it is refused with the cycle it would close.
 */
export async function moveObjective(principal: Principal | null | undefined, input: MoveObjectiveInput) {
  return runTreeWrite(principal, "tree:edit", async (context) => {
    const { db, principal: caller } = context;
    const row = await requireCurrentObjective(context, input.id, input.version);
    const before = toObjectiveDto(row);
    const { planId } = await db.objective.findUniqueOrThrow({ where: { id: row.id }, select: { planId: true } });
    const parentId = await resolveParent(context, planId, input.parent, row.code);
    if (parentId === row.parentId) {
      throw new ValidationError(
        input.parent === null
          ? `${row.code} is at the top level already.`
          : `${row.code} is under ${input.parent} already.`,
        { parent: ["Choose another place."] },
      );
    }
    const scope = { agencyId: caller.agencyId, planId, parentId };
    await db.objective.update({
      where: { id: row.id },
      data: { parentId, position: await nextPosition(db, scope), version: { increment: 1 } },
    });
    const objective = toObjectiveDto((await findObjective(db, caller.agencyId, row.id))!);
    return {
      value: { objective },
      audit: {
        action: "objective.move",
        entityType: "objective",
        entityId: row.id,
        entityCode: row.code,
        before,
        after: objective,
      },
      changes: [
        {
          type: "objectiveUpdated",
          objective: { code: objective.code, parent: objective.parent, weight: objective.weight },
        },
        await describeSiblingOrder(db, scope, objective.parent),
      ],
    };
  });
}
