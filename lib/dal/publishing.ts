import "server-only";
import { getPrisma } from "@/lib/db";
import type { Principal } from "@/lib/auth/permissions";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { SetPublishedInput } from "@/lib/validation/publishing";
import type { BulkSetPublishedInput } from "@/lib/validation/kpi-library";
import { requirePermission } from "./access";
import { describeLastChange } from "./audit";
import { requireSelectedKpis } from "./kpi-library";
import { runTreeWrite } from "./tree-write";

export type PublishableItem = {
  kind: "objective" | "keyResult" | "kpi";
  id: string;
  code: string;
  title: string;
  published: boolean;
  version: number;
  /** For a key result: its objective's code. */
  parent: string | null;
};

export type PublishingState = { agencySlug: string; items: PublishableItem[] };

/** Everything that can be published, with its current state: for the publishing page. */
export async function getPublishingState(principal: Principal | null | undefined): Promise<PublishingState> {
  const caller = requirePermission(principal, "publish");
  const prisma = getPrisma();
  const agency = await prisma.agency.findUniqueOrThrow({ where: { id: caller.agencyId }, select: { slug: true } });
  const objectives = await prisma.objective.findMany({
    where: { agencyId: caller.agencyId },
    orderBy: [{ position: "asc" }, { code: "asc" }],
    select: { id: true, code: true, title: true, published: true, version: true },
  });
  const keyResults = await prisma.keyResult.findMany({
    where: { agencyId: caller.agencyId },
    orderBy: [{ position: "asc" }, { code: "asc" }],
    select: {
      id: true,
      code: true,
      title: true,
      published: true,
      version: true,
      objective: { select: { code: true } },
    },
  });
  const kpis = await prisma.kpi.findMany({
    where: { agencyId: caller.agencyId },
    orderBy: { code: "asc" },
    select: { id: true, code: true, name: true, published: true, version: true },
  });
  return {
    agencySlug: agency.slug,
    items: [
      ...objectives.map((row) => ({
        kind: "objective" as const,
        id: row.id,
        code: row.code,
        title: row.title,
        published: row.published,
        version: row.version,
        parent: null,
      })),
      ...keyResults.map((row) => ({
        kind: "keyResult" as const,
        id: row.id,
        code: row.code,
        title: row.title,
        published: row.published,
        version: row.version,
        parent: row.objective.code,
      })),
      ...kpis.map((row) => ({
        kind: "kpi" as const,
        id: row.id,
        code: row.code,
        title: row.name,
        published: row.published,
        version: row.version,
        parent: null,
      })),
    ],
  };
}

const ENTITY_TYPES = { objective: "objective", keyResult: "keyResult", kpi: "kpi" } as const;

/** Publishes or unpublishes one objective, key result or KPI (performance officers). */
export async function setPublished(principal: Principal | null | undefined, input: SetPublishedInput) {
  return runTreeWrite(principal, "publish", async ({ db, principal: caller }) => {
    const where = { id: input.id, agencyId: caller.agencyId };
    const select = { id: true, code: true, published: true, version: true } as const;
    const row =
      input.kind === "objective"
        ? await db.objective.findFirst({ where, select })
        : input.kind === "keyResult"
          ? await db.keyResult.findFirst({ where, select })
          : await db.kpi.findFirst({ where, select });
    if (!row) throw new NotFoundError("There is nothing like that to publish.");
    if (row.version !== input.version) {
      const who = await describeLastChange(db, caller.agencyId, ENTITY_TYPES[input.kind], row.id);
      throw new ConflictError(`${row.code} was changed by ${who}. Reload to see the change.`);
    }
    const data = { published: input.published, version: { increment: 1 } };
    if (input.kind === "objective") await db.objective.update({ where: { id: row.id }, data });
    else if (input.kind === "keyResult") await db.keyResult.update({ where: { id: row.id }, data });
    else await db.kpi.update({ where: { id: row.id }, data });
    return {
      value: {
        item: { kind: input.kind, id: row.id, code: row.code, published: input.published, version: row.version + 1 },
      },
      audit: {
        action: input.published ? `${input.kind}.publish` : `${input.kind}.unpublish`,
        entityType: ENTITY_TYPES[input.kind],
        entityId: row.id,
        entityCode: row.code,
        before: { published: row.published },
        after: { published: input.published },
      },
      changes: [],
    };
  });
}

/** Publishes or unpublishes many KPIs at once, from the KPI library (performance officers): one audit event. */
export async function bulkSetKpisPublished(principal: Principal | null | undefined, input: BulkSetPublishedInput) {
  return runTreeWrite(principal, "publish", async ({ db, principal: caller }) => {
    const kpis = await requireSelectedKpis(db, caller.agencyId, input.kpiIds, input.versions);
    await db.kpi.updateMany({
      where: { agencyId: caller.agencyId, id: { in: kpis.map((kpi) => kpi.id) } },
      data: { published: input.published, version: { increment: 1 } },
    });
    return {
      value: {
        published: input.published,
        kpis: kpis.map((kpi) => ({ id: kpi.id, code: kpi.code, version: kpi.version + 1 })),
      },
      audit: {
        action: input.published ? "kpi.bulk.publish" : "kpi.bulk.unpublish",
        entityType: "kpi",
        entityId: null,
        entityCode: null,
        before: { kpis: kpis.map((kpi) => ({ code: kpi.code, published: kpi.published })) },
        after: { published: input.published, kpis: kpis.map((kpi) => kpi.code), ids: kpis.map((kpi) => kpi.id) },
      },
      changes: [],
    };
  });
}
