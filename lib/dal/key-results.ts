import "server-only";
import type { Principal } from "@/lib/auth/permissions";
import { validateKeyResult, type KeyResultDefinition, type ModelChange } from "@/lib/domain";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import type {
  CreateKeyResultInput,
  DeleteInput,
  MoveKeyResultInput,
  ReorderInput,
  UpdateKeyResultInput,
} from "@/lib/validation/tree";
import { toIsoDate } from "@/lib/dates";
import type { Tx } from "./access";
import { keyResultColumns } from "./selects";
import { describeLastChange } from "./audit";
import { rethrowUniqueViolation, runTreeWrite, type WriteContext } from "./tree-write";
import { moveToRecycleBin } from "./recycle-bin";

export type KeyResultDto = {
  id: string;
  code: string;
  objective: string;
  title: string;
  kind: "metric" | "milestone" | "qualitative";
  kpi: string | null;
  start: number | null;
  target: number | null;
  startDate: string | null;
  dueDate: string | null;
  weight: number;
  progress: number | null;
  zone: "fail" | "commit" | "target" | "stretch" | null;
  narrative: string;
  published: boolean;
  version: number;
};

const keyResultSelect = {
  ...keyResultColumns,
  objectiveId: true,
  objective: { select: { code: true, plan: { select: { startDate: true, endDate: true } } } },
  kpi: { select: { code: true } },
} as const;

const fromIsoDate = (date: string | null) => (date ? new Date(`${date}T00:00:00Z`) : null);

async function findKeyResult(db: Tx, agencyId: string, id: string) {
  return db.keyResult.findFirst({ where: { id, agencyId }, select: keyResultSelect });
}

function toKeyResultDto(row: NonNullable<Awaited<ReturnType<typeof findKeyResult>>>): KeyResultDto {
  return {
    id: row.id,
    code: row.code,
    objective: row.objective.code,
    title: row.title,
    kind: row.kind,
    kpi: row.kpi?.code ?? null,
    start: row.startValue,
    target: row.targetValue,
    startDate: toIsoDate(row.startDate),
    dueDate: toIsoDate(row.dueDate),
    weight: row.weight,
    progress: row.progress,
    zone: row.zone,
    narrative: row.narrative,
    published: row.published,
    version: row.version,
  };
}

type KeyResultFields = Omit<CreateKeyResultInput, "code" | "objective">;

/** Resolves the objective and KPI, and checks the key result against spec/health.md. */
async function prepare(context: WriteContext, code: string, objectiveCode: string, fields: KeyResultFields) {
  const { db, principal } = context;
  const objective = await db.objective.findUnique({
    where: { agencyId_code: { agencyId: principal.agencyId, code: objectiveCode } },
    select: { id: true, plan: { select: { startDate: true, endDate: true } } },
  });
  if (!objective)
    throw new ValidationError(`There is no objective ${objectiveCode}.`, {
      objective: [`Unknown objective ${objectiveCode}.`],
    });
  let kpiId: string | null = null;
  if (fields.kind === "metric" && fields.kpi) {
    const kpi = await db.kpi.findUnique({
      where: { agencyId_code: { agencyId: principal.agencyId, code: fields.kpi } },
      select: { id: true },
    });
    if (!kpi) throw new ValidationError(`There is no KPI ${fields.kpi}.`, { kpi: [`Unknown KPI ${fields.kpi}.`] });
    kpiId = kpi.id;
  }
  const definition: KeyResultDefinition = {
    code,
    objective: objectiveCode,
    kind: fields.kind,
    kpi: fields.kind === "metric" ? fields.kpi : null,
    start: fields.kind === "metric" ? fields.start : null,
    target: fields.kind === "metric" ? fields.target : null,
    startDate: fields.startDate ?? toIsoDate(objective.plan.startDate),
    dueDate: fields.dueDate ?? toIsoDate(objective.plan.endDate),
    weight: fields.weight,
    progress: fields.kind === "milestone" ? fields.progress : null,
    zone: fields.kind === "qualitative" ? fields.zone : null,
  };
  const check = validateKeyResult(await context.loadModel(), definition);
  if (!check.ok) {
    const fieldErrors: Record<string, string[]> = {};
    for (const problem of check.problems) (fieldErrors[problem.path || "_form"] ??= []).push(problem.message);
    throw new ValidationError("The key result was not saved: check the highlighted fields.", fieldErrors);
  }
  const data = {
    objectiveId: objective.id,
    title: fields.title,
    kind: fields.kind,
    kpiId,
    startValue: definition.start ?? null,
    targetValue: definition.target ?? null,
    startDate: fromIsoDate(fields.startDate),
    dueDate: fromIsoDate(fields.dueDate),
    weight: fields.weight,
    progress: definition.progress ?? null,
    zone: definition.zone ?? null,
    narrative: fields.narrative,
    published: fields.published,
  };
  return { definition, data };
}

/** An objective's key results, in their order. */
async function listKeyResultsOf(db: Tx, objectiveId: string) {
  return db.keyResult.findMany({
    where: { objectiveId },
    select: { id: true, code: true, position: true },
    orderBy: [{ position: "asc" }, { code: "asc" }],
  });
}

/** A position after every key result of the objective (positions may have gaps). */
async function nextPosition(db: Tx, objectiveId: string) {
  const last = await db.keyResult.aggregate({ where: { objectiveId }, _max: { position: true } });
  return (last._max.position ?? -1) + 1;
}

export async function createKeyResult(principal: Principal | null | undefined, input: CreateKeyResultInput) {
  return runTreeWrite(principal, "tree:edit", async (context) => {
    const { db, principal: caller } = context;
    const { definition, data } = await prepare(context, input.code, input.objective, input);
    const position = await nextPosition(db, data.objectiveId);
    const created = await db.keyResult
      .create({ data: { ...data, agencyId: caller.agencyId, code: input.code, position }, select: { id: true } })
      .catch((error: unknown) => rethrowUniqueViolation(error, `A key result coded ${input.code} exists already.`));
    const keyResult = toKeyResultDto((await findKeyResult(db, caller.agencyId, created.id))!);
    return {
      value: { keyResult },
      audit: {
        action: "keyResult.create",
        entityType: "keyResult",
        entityId: keyResult.id,
        entityCode: keyResult.code,
        before: null,
        after: keyResult,
      },
      changes: [{ type: "keyResultAdded", keyResult: definition }],
    };
  });
}

async function requireCurrentKeyResult(context: WriteContext, id: string, version: number) {
  const row = await findKeyResult(context.db, context.principal.agencyId, id);
  if (!row) throw new NotFoundError("There is no such key result.");
  if (row.version !== version) {
    const who = await describeLastChange(context.db, context.principal.agencyId, "keyResult", id);
    throw new ConflictError(`${row.code} was changed by ${who} after you opened it. Reload to see the change.`);
  }
  return row;
}

export async function updateKeyResult(principal: Principal | null | undefined, input: UpdateKeyResultInput) {
  return runTreeWrite(principal, "tree:edit", async (context) => {
    const row = await requireCurrentKeyResult(context, input.id, input.version);
    const before = toKeyResultDto(row);
    const { definition, data } = await prepare(context, row.code, row.objective.code, input);
    await context.db.keyResult.update({ where: { id: row.id }, data: { ...data, version: { increment: 1 } } });
    const keyResult = toKeyResultDto((await findKeyResult(context.db, context.principal.agencyId, row.id))!);
    return {
      value: { keyResult },
      audit: {
        action: "keyResult.update",
        entityType: "keyResult",
        entityId: row.id,
        entityCode: row.code,
        before,
        after: keyResult,
      },
      changes: [{ type: "keyResultUpdated", keyResult: definition }],
    };
  });
}

/** Moves the key result to the recycle bin (lib/dal/recycle-bin.ts). */
export async function deleteKeyResult(principal: Principal | null | undefined, input: DeleteInput) {
  return moveToRecycleBin(principal, "keyResult", input);
}

/**
 * Moves a key result one place up or down among its objective's key results. Order decides the
 * weakest child on a tie (spec/health.md), so the objective is recomputed.
 */
export async function reorderKeyResult(principal: Principal | null | undefined, input: ReorderInput) {
  return runTreeWrite(principal, "tree:edit", async (context) => {
    const { db, principal: caller } = context;
    const row = await requireCurrentKeyResult(context, input.id, input.version);
    const siblings = await listKeyResultsOf(db, row.objectiveId);
    const at = siblings.findIndex((sibling) => sibling.id === row.id);
    const to = input.direction === "up" ? at - 1 : at + 1;
    if (to < 0 || to >= siblings.length) {
      throw new ConflictError(
        `${row.code} is already the ${input.direction === "up" ? "first" : "last"} key result of ${row.objective.code}.`,
      );
    }
    const order = siblings.slice();
    [order[at], order[to]] = [order[to]!, order[at]!];
    for (const [position, sibling] of order.entries()) {
      if (sibling.position === position && sibling.id !== row.id) continue;
      await db.keyResult.update({
        where: { id: sibling.id },
        data: { position, ...(sibling.id === row.id ? { version: { increment: 1 } } : {}) },
      });
    }
    const keyResult = toKeyResultDto((await findKeyResult(db, caller.agencyId, row.id))!);
    const codes = order.map((sibling) => sibling.code);
    return {
      value: { keyResult, order: codes },
      audit: {
        action: "keyResult.reorder",
        entityType: "keyResult",
        entityId: row.id,
        entityCode: row.code,
        before: { ...toKeyResultDto(row), order: siblings.map((sibling) => sibling.code) },
        after: { ...keyResult, order: codes },
      },
      changes: [{ type: "keyResultsReordered", objective: row.objective.code, order: codes }],
    };
  });
}

/** Moves a key result to another objective (of any plan of the agency); it goes last there. */
export async function moveKeyResult(principal: Principal | null | undefined, input: MoveKeyResultInput) {
  return runTreeWrite(principal, "tree:edit", async (context) => {
    const { db, principal: caller } = context;
    const row = await requireCurrentKeyResult(context, input.id, input.version);
    const before = toKeyResultDto(row);
    if (input.objective === row.objective.code) {
      throw new ValidationError(`${row.code} is under ${input.objective} already.`, {
        objective: ["Choose another objective."],
      });
    }
    // The same checks as an edit, against the new objective (its plan's dates are the default dates).
    const { definition, data } = await prepare(context, row.code, input.objective, before);
    await db.keyResult.update({
      where: { id: row.id },
      data: {
        objectiveId: data.objectiveId,
        position: await nextPosition(db, data.objectiveId),
        version: { increment: 1 },
      },
    });
    const keyResult = toKeyResultDto((await findKeyResult(db, caller.agencyId, row.id))!);
    const siblings = await listKeyResultsOf(db, data.objectiveId);
    const changes: ModelChange[] = [
      { type: "keyResultUpdated", keyResult: definition },
      { type: "keyResultsReordered", objective: input.objective, order: siblings.map((sibling) => sibling.code) },
    ];
    return {
      value: { keyResult },
      audit: {
        action: "keyResult.move",
        entityType: "keyResult",
        entityId: row.id,
        entityCode: row.code,
        before,
        after: keyResult,
      },
      changes,
    };
  });
}
