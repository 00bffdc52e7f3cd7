import "server-only";
import type { Principal } from "@/lib/auth/permissions";
import { validateLink } from "@/lib/domain";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import type { CreateLinkInput, DeleteInput, UpdateLinkInput } from "@/lib/validation/tree";
import type { Tx } from "./access";
import { describeLastChange } from "./audit";
import { rethrowUniqueViolation, runTreeWrite, type WriteContext } from "./tree-write";
import { moveToRecycleBin } from "./recycle-bin";

export type DriverLinkDto = {
  id: string;
  from: string;
  to: string;
  weight: number;
  polarity: "positive" | "negative";
  version: number;
};

const linkSelect = {
  id: true,
  weight: true,
  polarity: true,
  version: true,
  fromKpi: { select: { code: true } },
  toKpi: { select: { code: true } },
} as const;

async function findLink(db: Tx, agencyId: string, id: string) {
  return db.driverLink.findFirst({ where: { id, agencyId }, select: linkSelect });
}

function toLinkDto(row: NonNullable<Awaited<ReturnType<typeof findLink>>>): DriverLinkDto {
  return {
    id: row.id,
    from: row.fromKpi.code,
    to: row.toKpi.code,
    weight: row.weight,
    polarity: row.polarity,
    version: row.version,
  };
}

/** "from drives to": refused when it runs backwards (outcome → input) or closes a cycle. */
export async function createLink(principal: Principal | null | undefined, input: CreateLinkInput) {
  return runTreeWrite(principal, "tree:edit", async (context) => {
    const { db, principal: caller } = context;
    const kpis = await db.kpi.findMany({
      where: { agencyId: caller.agencyId, code: { in: [input.from, input.to] } },
      select: { id: true, code: true },
    });
    const fromKpi = kpis.find((kpi) => kpi.code === input.from);
    const toKpi = kpis.find((kpi) => kpi.code === input.to);
    const fieldErrors: Record<string, string[]> = {};
    if (!fromKpi) fieldErrors.from = [`There is no KPI ${input.from}.`];
    if (!toKpi) fieldErrors.to = [`There is no KPI ${input.to}.`];
    if (!fromKpi || !toKpi) throw new ValidationError("The driver link was not saved.", fieldErrors);
    const link = { from: input.from, to: input.to, weight: input.weight, polarity: input.polarity };
    const check = validateLink(await context.loadModel(), link);
    if (!check.ok) throw new ValidationError(check.message, { to: [check.message] });
    const created = await db.driverLink
      .create({
        data: {
          agencyId: caller.agencyId,
          fromKpiId: fromKpi.id,
          toKpiId: toKpi.id,
          weight: input.weight,
          polarity: input.polarity,
        },
        select: { id: true },
      })
      .catch((error: unknown) => rethrowUniqueViolation(error, `${input.from} already drives ${input.to}.`));
    const dto = toLinkDto((await findLink(db, caller.agencyId, created.id))!);
    return {
      value: { link: dto },
      audit: {
        action: "link.create",
        entityType: "driverLink",
        entityId: dto.id,
        entityCode: `${dto.from}->${dto.to}`,
        before: null,
        after: dto,
      },
      changes: [{ type: "linkAdded", link }],
    };
  });
}

async function requireCurrentLink(context: WriteContext, id: string, version: number) {
  const row = await findLink(context.db, context.principal.agencyId, id);
  if (!row) throw new NotFoundError("There is no such driver link.");
  if (row.version !== version) {
    const who = await describeLastChange(context.db, context.principal.agencyId, "driverLink", id);
    throw new ConflictError(
      `The link ${row.fromKpi.code} → ${row.toKpi.code} was changed by ${who}. Reload to see the change.`,
    );
  }
  return row;
}

export async function updateLink(principal: Principal | null | undefined, input: UpdateLinkInput) {
  return runTreeWrite(principal, "tree:edit", async (context) => {
    const row = await requireCurrentLink(context, input.id, input.version);
    const before = toLinkDto(row);
    await context.db.driverLink.update({
      where: { id: row.id },
      data: { weight: input.weight, polarity: input.polarity, version: { increment: 1 } },
    });
    const after = toLinkDto((await findLink(context.db, context.principal.agencyId, row.id))!);
    return {
      value: { link: after },
      audit: {
        action: "link.update",
        entityType: "driverLink",
        entityId: row.id,
        entityCode: `${before.from}->${before.to}`,
        before,
        after,
      },
      changes: [
        { type: "linkUpdated", from: before.from, to: before.to, weight: input.weight, polarity: input.polarity },
      ],
    };
  });
}

/** Moves the driver link to the recycle bin (lib/dal/recycle-bin.ts). */
export async function deleteLink(principal: Principal | null | undefined, input: DeleteInput) {
  return moveToRecycleBin(principal, "link", input);
}
