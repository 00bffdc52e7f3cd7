import "server-only";
import { can, type Principal } from "@/lib/auth/permissions";
import { validatePeriodKey } from "@/lib/domain";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { AddCommentaryInput, DeleteInput, UpdateCommentaryInput } from "@/lib/validation/tree";
import { requireInBranch, type Tx } from "./access";
import { describeLastChange } from "./audit";
import { runTreeWrite, type WriteContext } from "./tree-write";

export type CommentaryDto = {
  id: string;
  nodeKind: "kpi" | "keyResult" | "objective";
  code: string;
  period: string | null;
  body: string;
  isInternal: boolean;
  author: string;
  createdAt: string;
  updatedAt: string;
  version: number;
};

type NodeRef = { id: string; code: string; departmentId: string | null };

/** The node a commentary is about, in the caller's agency, with the department that owns it. */
async function findNode(db: Tx, agencyId: string, kind: CommentaryDto["nodeKind"], by: { code?: string; id?: string }) {
  const where = by.id ? { id: by.id, agencyId } : { agencyId, code: by.code! };
  if (kind === "kpi") {
    return db.kpi.findFirst({ where, select: { id: true, code: true, departmentId: true } }) as Promise<NodeRef | null>;
  }
  if (kind === "objective") {
    return db.objective.findFirst({
      where,
      select: { id: true, code: true, departmentId: true },
    }) as Promise<NodeRef | null>;
  }
  const keyResult = await db.keyResult.findFirst({
    where,
    select: { id: true, code: true, objective: { select: { departmentId: true } } },
  });
  return keyResult ? { id: keyResult.id, code: keyResult.code, departmentId: keyResult.objective.departmentId } : null;
}

function toCommentaryDto(
  row: {
    id: string;
    nodeKind: CommentaryDto["nodeKind"];
    period: string | null;
    body: string;
    isInternal: boolean;
    authorLabel: string;
    createdAt: Date;
    updatedAt: Date;
    version: number;
  },
  code: string,
): CommentaryDto {
  return {
    id: row.id,
    nodeKind: row.nodeKind,
    code,
    period: row.period,
    body: row.body,
    isInternal: row.isInternal,
    author: row.authorLabel,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

/**
 * Commentary is internal (signed-in staff only) unless the caller may publish: showing words on the public dashboard
 * is publishing, so a department head's or an executive's commentary reaches residents only once a performance officer
 * makes it public. Asking for public without `publish` is refused, never quietly turned into internal: the writer
 * must know their words are not public.
 */
function requireMayMakePublic(caller: Principal, isPublic: boolean): void {
  if (isPublic && !can(caller, "publish")) {
    throw new ForbiddenError(
      "Only someone who may publish can show commentary on the public dashboard. Save it as internal; a performance officer can make it public.",
    );
  }
}

/** Department heads comment on their own branch; officers and executives anywhere. Internal unless made public. */
export async function addCommentary(principal: Principal | null | undefined, input: AddCommentaryInput) {
  return runTreeWrite(principal, "commentary:write", async ({ db, principal: caller, branch }) => {
    requireMayMakePublic(caller, input.isPublic);
    const node = await findNode(db, caller.agencyId, input.nodeKind, { code: input.code });
    if (!node) throw new NotFoundError(`There is no ${input.nodeKind} ${input.code}.`);
    requireInBranch(branch, node.departmentId);
    if (input.nodeKind === "kpi" && input.period !== null) await requirePeriodOfKpi(db, node.id, input.period);
    const row = await db.commentary.create({
      data: {
        agencyId: caller.agencyId,
        nodeKind: input.nodeKind,
        nodeId: node.id,
        period: input.period,
        body: input.body,
        isInternal: !input.isPublic,
        authorUserId: caller.kind === "user" ? caller.userId : null,
        authorLabel: caller.label,
      },
    });
    const commentary = toCommentaryDto(row, node.code);
    return {
      value: { commentary },
      audit: {
        action: "commentary.create",
        entityType: "commentary",
        entityId: row.id,
        entityCode: node.code,
        before: null,
        after: commentary,
      },
      changes: [],
    };
  });
}

/**
 * A KPI's commentary tells the story of one of its periods, so the period must be one the KPI has: a monthly KPI's
 * "2026-06", a quarterly one's "2026-Q2" (the engine's own rule for measurements, lib/domain validatePeriodKey).
 * Key results and objectives have no frequency: any period key.
 */
async function requirePeriodOfKpi(db: Tx, kpiId: string, period: string) {
  const kpi = await db.kpi.findUniqueOrThrow({ where: { id: kpiId }, select: { frequency: true } });
  const check = validatePeriodKey(period, kpi.frequency);
  if (!check.ok) {
    const message = check.problems.map((problem) => problem.message).join(" ");
    throw new ValidationError(message, { period: [message] });
  }
}

async function requireOwnCommentary(context: WriteContext, id: string, version: number) {
  const { db, principal, branch } = context;
  const row = await db.commentary.findFirst({ where: { id, agencyId: principal.agencyId } });
  if (!row) throw new NotFoundError("There is no such commentary.");
  const node = await findNode(db, principal.agencyId, row.nodeKind, { id: row.nodeId });
  requireInBranch(branch, node?.departmentId ?? null);
  // Only officers edit others' words; everyone else edits their own.
  const isOfficer = principal.kind === "user" && principal.role === "PERFORMANCE_OFFICER";
  const isAuthor = principal.kind === "user" && row.authorUserId === principal.userId;
  if (!isOfficer && !isAuthor) throw new ForbiddenError("You can change only your own commentary.");
  if (row.version !== version) {
    const who = await describeLastChange(db, principal.agencyId, "commentary", id);
    throw new ConflictError(`This commentary was changed by ${who}. Reload to see the change.`);
  }
  return { row, code: node?.code ?? "" };
}

/**
 * Edits one entry's words and whether it is public. Each save says again whether it is public, so a non-publisher's
 * edit of a public entry makes it internal: new words reach residents only through someone who may publish.
 */
export async function updateCommentary(principal: Principal | null | undefined, input: UpdateCommentaryInput) {
  return runTreeWrite(principal, "commentary:write", async (context) => {
    requireMayMakePublic(context.principal, input.isPublic);
    const { row, code } = await requireOwnCommentary(context, input.id, input.version);
    const before = toCommentaryDto(row, code);
    const updated = await context.db.commentary.update({
      where: { id: row.id },
      data: { body: input.body, isInternal: !input.isPublic, version: { increment: 1 } },
    });
    const commentary = toCommentaryDto(updated, code);
    return {
      value: { commentary },
      audit: {
        action: "commentary.update",
        entityType: "commentary",
        entityId: row.id,
        entityCode: code,
        before,
        after: commentary,
      },
      changes: [],
    };
  });
}

export async function deleteCommentary(principal: Principal | null | undefined, input: DeleteInput) {
  return runTreeWrite(principal, "commentary:write", async (context) => {
    const { row, code } = await requireOwnCommentary(context, input.id, input.version);
    await context.db.commentary.delete({ where: { id: row.id } });
    return {
      value: { deleted: { id: row.id } },
      audit: {
        action: "commentary.delete",
        entityType: "commentary",
        entityId: row.id,
        entityCode: code,
        before: toCommentaryDto(row, code),
        after: null,
      },
      changes: [],
    };
  });
}
