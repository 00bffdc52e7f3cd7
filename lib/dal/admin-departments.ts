import "server-only";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Principal } from "@/lib/auth/permissions";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import type {
  CreateDepartmentInput,
  MoveDepartmentInput,
  RenameDepartmentInput,
  RetireDepartmentInput,
} from "@/lib/validation/admin";
import { requirePermission, type Tx } from "./access";
import { isUniqueViolation } from "./admin-users";
import { isUuid, lockAgency, resolveActiveDepartment, runAdminWrite, staleVersionError } from "./admin-write";

// The agency's departments, a tree through parentId. Codes are fixed once created (KPIs,
// documents and the API name departments by code); a department is retired, never deleted,
// so that history keeps pointing at it.

export type DepartmentDto = {
  id: string;
  code: string;
  name: string;
  /** The parent's code; null at the top level. */
  parent: string | null;
  /** How deep it sits in the tree: 0 at the top level. */
  depth: number;
  isRetired: boolean;
  retiredAt: string | null;
  version: number;
};

const departmentSelect = {
  id: true,
  code: true,
  name: true,
  parentId: true,
  retiredAt: true,
  version: true,
} satisfies Prisma.DepartmentSelect;

type DepartmentRow = Prisma.DepartmentGetPayload<{ select: typeof departmentSelect }>;

/** Depth-first, siblings by code: the order a tree is read in. */
function toTreeOrder(rows: readonly DepartmentRow[]): DepartmentDto[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const children = new Map<string | null, DepartmentRow[]>();
  for (const row of rows) {
    // A parent that is not in the list cannot happen (same agency, Restrict on delete); treat it as a root.
    const parentId = row.parentId !== null && byId.has(row.parentId) ? row.parentId : null;
    const siblings = children.get(parentId) ?? [];
    siblings.push(row);
    children.set(parentId, siblings);
  }
  const ordered: DepartmentDto[] = [];
  const visit = (parentId: string | null, depth: number) => {
    const siblings = [...(children.get(parentId) ?? [])].sort((a, b) => a.code.localeCompare(b.code));
    for (const row of siblings) {
      ordered.push(toDepartmentDto(row, byId.get(row.parentId ?? "")?.code ?? null, depth));
      visit(row.id, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}

function toDepartmentDto(row: DepartmentRow, parentCode: string | null, depth: number): DepartmentDto {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    parent: parentCode,
    depth,
    isRetired: row.retiredAt !== null,
    retiredAt: row.retiredAt?.toISOString() ?? null,
    version: row.version,
  };
}

function toAuditedDepartment(department: DepartmentDto) {
  return { code: department.code, name: department.name, parent: department.parent, isRetired: department.isRetired };
}

async function loadDepartments(db: Tx, agencyId: string): Promise<DepartmentDto[]> {
  return toTreeOrder(await db.department.findMany({ where: { agencyId }, select: departmentSelect }));
}

async function findDepartment(db: Tx, agencyId: string, id: string): Promise<DepartmentDto> {
  const department = isUuid(id) ? (await loadDepartments(db, agencyId)).find((row) => row.id === id) : undefined;
  if (!department) throw new NotFoundError("There is no such department.");
  return department;
}

async function updateDepartmentAtVersion(
  db: Tx,
  agencyId: string,
  current: DepartmentDto,
  version: number,
  data: Prisma.DepartmentUncheckedUpdateManyInput,
): Promise<DepartmentDto> {
  const { count } = await db.department.updateMany({
    where: { id: current.id, agencyId, version },
    data: { ...data, version: { increment: 1 } },
  });
  if (count !== 1) throw await staleVersionError(db, agencyId, "department", current.id, current.code);
  return findDepartment(db, agencyId, current.id);
}

/** Names at most `limit` things, then how many more: a refusal stays readable for large branches. */
function nameSome(names: readonly string[], limit = 10): string {
  const shown = names.slice(0, limit).join(", ");
  return names.length > limit ? `${shown} and ${names.length - limit} more` : shown;
}

export async function listDepartments(principal: Principal | null | undefined): Promise<DepartmentDto[]> {
  const caller = requirePermission(principal, "admin:departments");
  return loadDepartments(getPrisma(), caller.agencyId);
}

export async function getDepartment(principal: Principal | null | undefined, id: string): Promise<DepartmentDto> {
  const caller = requirePermission(principal, "admin:departments");
  return findDepartment(getPrisma(), caller.agencyId, id);
}

export async function createDepartment(
  principal: Principal | null | undefined,
  input: CreateDepartmentInput,
): Promise<{ department: DepartmentDto }> {
  return runAdminWrite(principal, "admin:departments", async ({ db, principal: caller }) => {
    // A parent retiring at the same moment would otherwise gain an active child.
    await lockAgency(db, caller.agencyId);
    const parentId = await resolveActiveDepartment(db, caller.agencyId, input.parent, "parent");
    const created = await db.department
      .create({
        data: { agencyId: caller.agencyId, code: input.code, name: input.name, parentId },
        select: { id: true },
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) {
          throw new ValidationError(`A department coded ${input.code} exists already.`, {
            code: [`A department coded ${input.code} exists already.`],
          });
        }
        throw error;
      });
    const department = await findDepartment(db, caller.agencyId, created.id);
    return {
      value: { department },
      audit: {
        action: "department.create",
        entityType: "department",
        entityId: department.id,
        entityCode: department.code,
        before: null,
        after: toAuditedDepartment(department),
      },
    };
  });
}

export async function renameDepartment(
  principal: Principal | null | undefined,
  input: RenameDepartmentInput,
): Promise<{ department: DepartmentDto }> {
  return runAdminWrite(principal, "admin:departments", async ({ db, principal: caller }) => {
    const before = await findDepartment(db, caller.agencyId, input.id);
    const department = await updateDepartmentAtVersion(db, caller.agencyId, before, input.version, {
      name: input.name,
    });
    return {
      value: { department },
      audit: {
        action: "department.rename",
        entityType: "department",
        entityId: department.id,
        entityCode: department.code,
        before: toAuditedDepartment(before),
        after: toAuditedDepartment(department),
      },
    };
  });
}

/** Moves a department (with its branch) under another, or to the top level; refuses a move that closes a cycle. */
export async function moveDepartment(
  principal: Principal | null | undefined,
  input: MoveDepartmentInput,
): Promise<{ department: DepartmentDto }> {
  return runAdminWrite(principal, "admin:departments", async ({ db, principal: caller }) => {
    // Two concurrent moves (A under B, B under A) would each see no cycle: moves of one agency take turns.
    await lockAgency(db, caller.agencyId);
    const departments = await loadDepartments(db, caller.agencyId);
    const before = departments.find((row) => row.id === input.id);
    if (!before) throw new NotFoundError("There is no such department.");
    const parentId = await resolveActiveDepartment(db, caller.agencyId, input.parent, "parent");
    if (parentId !== null) {
      const byCode = new Map(departments.map((row) => [row.code, row]));
      // Walk up from the new parent: meeting the department itself means the parent lies in its branch.
      const chain: string[] = [];
      for (let code: string | null = input.parent; code !== null; code = byCode.get(code)?.parent ?? null) {
        chain.push(code);
        if (code === before.code) {
          const message =
            chain.length === 1
              ? `${before.code} cannot be its own parent.`
              : `Moving ${before.code} under ${input.parent} would make a cycle: ${input.parent} is inside ${before.code} (${[...chain].reverse().join(" > ")}).`;
          throw new ValidationError(message, { parent: [message] });
        }
        if (chain.length > departments.length) break;
      }
    }
    const department = await updateDepartmentAtVersion(db, caller.agencyId, before, input.version, { parentId });
    return {
      value: { department },
      audit: {
        action: "department.move",
        entityType: "department",
        entityId: department.id,
        entityCode: department.code,
        before: toAuditedDepartment(before),
        after: toAuditedDepartment(department),
      },
    };
  });
}

/**
 * Retires a department. Refused while anything still depends on it — active sub-departments,
 * KPIs it owns, department heads who answer for it, API tokens limited to it that still work —
 * and the refusal names them. (Departments are never deleted; the database refuses a delete while
 * users or tokens name the department, so none of them can widen to the whole agency.)
 */
export async function retireDepartment(
  principal: Principal | null | undefined,
  input: RetireDepartmentInput,
): Promise<{ department: DepartmentDto }> {
  return runAdminWrite(principal, "admin:departments", async ({ db, principal: caller }) => {
    // A sub-department created (or moved in) while this one retires would slip past the check.
    await lockAgency(db, caller.agencyId);
    const before = await findDepartment(db, caller.agencyId, input.id);
    if (before.isRetired) throw new ConflictError(`${before.code} is already retired.`);
    const where = { agencyId: caller.agencyId, departmentId: before.id };
    const children = await db.department.findMany({
      where: { agencyId: caller.agencyId, parentId: before.id, retiredAt: null },
      select: { code: true },
      orderBy: { code: "asc" },
    });
    const kpis = await db.kpi.findMany({ where, select: { code: true }, orderBy: { code: "asc" } });
    // Deactivated heads count too: reactivating one would leave them answering for a retired department.
    const heads = await db.user.findMany({
      where: { ...where, role: "DEPARTMENT_HEAD" },
      select: { email: true, isActive: true },
      orderBy: { email: "asc" },
    });
    // Revoked and expired tokens authenticate nothing, so they do not hold the department.
    const tokens = await db.apiToken.findMany({
      where: { ...where, revokedAt: null, expiresAt: { gt: new Date() } },
      select: { name: true, prefix: true },
      orderBy: [{ name: "asc" }, { prefix: "asc" }],
    });
    const blockers: string[] = [];
    if (children.length > 0) blockers.push(`active sub-departments ${nameSome(children.map((row) => row.code))}`);
    if (kpis.length > 0) blockers.push(`KPIs ${nameSome(kpis.map((row) => row.code))}`);
    if (heads.length > 0) {
      const names = heads.map((row) => (row.isActive ? row.email : `${row.email} (deactivated)`));
      blockers.push(`department heads ${nameSome(names)}`);
    }
    if (tokens.length > 0) {
      blockers.push(`API tokens ${nameSome(tokens.map((row) => `${row.name} (${row.prefix}…)`))}`);
    }
    if (blockers.length > 0) {
      throw new ConflictError(
        `${before.code} cannot be retired while it has ${blockers.join("; ")}. Move, retire, reassign or revoke them first.`,
      );
    }
    const department = await updateDepartmentAtVersion(db, caller.agencyId, before, input.version, {
      retiredAt: new Date(),
    });
    return {
      value: { department },
      audit: {
        action: "department.retire",
        entityType: "department",
        entityId: department.id,
        entityCode: department.code,
        before: toAuditedDepartment(before),
        after: toAuditedDepartment(department),
      },
    };
  });
}
