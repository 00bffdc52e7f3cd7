import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Principal } from "@/lib/auth/permissions";
import type { Tx } from "./access";

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string | null;
  entityCode: string | null;
  before: unknown;
  after: unknown;
};

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === null || value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

/** One row per change, written in the change's own transaction: no change goes unrecorded. */
export async function recordAudit(db: Tx, principal: Principal, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      agencyId: principal.agencyId,
      actorUserId: principal.kind === "user" ? principal.userId : null,
      actorToken: principal.kind === "token" ? principal.tokenId : null,
      actorLabel: principal.label,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      entityCode: entry.entityCode,
      before: toJson(entry.before),
      after: toJson(entry.after),
    },
  });
}

/**
 * Who last changed an entity, for a conflict message. A bulk change (the KPI library's) is one event with no entityId
 * that lists the ids it changed in `after.ids`: it counts for each of them.
 */
export async function describeLastChange(db: Tx, agencyId: string, entityType: string, entityId: string) {
  const select = { actorLabel: true, createdAt: true } as const;
  const orderBy = { createdAt: "desc" } as const;
  const [single, bulk] = await Promise.all([
    db.auditEvent.findFirst({ where: { agencyId, entityType, entityId }, orderBy, select }),
    db.auditEvent.findFirst({
      where: { agencyId, entityType, entityId: null, after: { path: ["ids"], array_contains: [entityId] } },
      orderBy,
      select,
    }),
  ]);
  const last = single && bulk ? (bulk.createdAt > single.createdAt ? bulk : single) : (single ?? bulk);
  if (!last) return "someone else";
  return `${last.actorLabel} at ${last.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
