import "server-only";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Principal } from "@/lib/auth/permissions";
import { ValidationError } from "@/lib/errors";
import { AUDIT_PAGE_SIZE, type AuditLogQuery } from "@/lib/validation/admin";
import { requirePermission } from "./access";

// The agency's audit log, read-only: newest first, a page at a time. Pages follow a keyset
// cursor (the last row's time and id) rather than an offset, so that page 400 of a large log
// costs what page 1 does and rows written meanwhile neither repeat nor go missing.

export type AuditEventDto = {
  id: string;
  createdAt: string;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  entityCode: string | null;
  before: unknown;
  after: unknown;
};

export type AuditPage = {
  events: AuditEventDto[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
};

const eventSelect = {
  id: true,
  createdAt: true,
  actorLabel: true,
  action: true,
  entityType: true,
  entityId: true,
  entityCode: true,
  before: true,
  after: true,
} satisfies Prisma.AuditEventSelect;

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [time, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(time ?? "");
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(createdAt.getTime())) {
    throw new ValidationError("That page link is not valid: start from the first page.", {
      cursor: ["Not a valid page link."],
    });
  }
  return { createdAt, id };
}

/** The first instant after a UTC date (the `to` filter includes the whole day). */
function dayAfter(date: string): Date {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

export async function listAuditEvents(
  principal: Principal | null | undefined,
  query: AuditLogQuery,
): Promise<AuditPage> {
  const caller = requirePermission(principal, "audit:read");
  const conditions: Prisma.AuditEventWhereInput[] = [{ agencyId: caller.agencyId }];
  if (query.actor) conditions.push({ actorLabel: { contains: query.actor, mode: "insensitive" } });
  if (query.entityType) conditions.push({ entityType: query.entityType });
  if (query.from) conditions.push({ createdAt: { gte: new Date(`${query.from}T00:00:00Z`) } });
  if (query.to) conditions.push({ createdAt: { lt: dayAfter(query.to) } });
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    conditions.push({
      OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }],
    });
  }
  const rows = await getPrisma().auditEvent.findMany({
    where: { AND: conditions },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: AUDIT_PAGE_SIZE + 1,
    select: eventSelect,
  });
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  const last = page.at(-1);
  return {
    events: page.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
    nextCursor: rows.length > AUDIT_PAGE_SIZE && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/** The entity types the agency's log holds, for the filter. */
export async function listAuditEntityTypes(principal: Principal | null | undefined): Promise<string[]> {
  const caller = requirePermission(principal, "audit:read");
  const rows = await getPrisma().auditEvent.findMany({
    where: { agencyId: caller.agencyId },
    distinct: ["entityType"],
    select: { entityType: true },
    orderBy: { entityType: "asc" },
  });
  return rows.map((row) => row.entityType);
}
