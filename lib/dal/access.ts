import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { branchRootOf, can, type Permission, type Principal } from "@/lib/auth/permissions";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";

export type Tx = Prisma.TransactionClient;

/** Throws unless the principal holds the permission. Every DAL function calls this first. */
export function requirePermission(principal: Principal | null | undefined, permission: Permission): Principal {
  if (!principal) throw new UnauthenticatedError();
  if (!can(principal, permission)) throw new ForbiddenError();
  return principal;
}

/**
 * The departments whose objects this principal may act on: null for agency-wide
 * principals, else the branch's department ids (the department and every sub-department).
 */
export async function getBranchDepartmentIds(db: Tx, principal: Principal): Promise<ReadonlySet<string> | null> {
  const branch = branchRootOf(principal);
  if (branch.isAgencyWide) return null;
  if (!branch.departmentId) return new Set();
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE branch AS (
      SELECT id FROM "Department" WHERE id = ${branch.departmentId}::uuid AND "agencyId" = ${principal.agencyId}::uuid
      UNION
      SELECT d.id FROM "Department" d JOIN branch b ON d."parentId" = b.id
    )
    SELECT id::text AS id FROM branch`;
  return new Set(rows.map((row) => row.id));
}

/** Throws unless the department lies in the principal's branch (always true agency-wide). */
export function requireInBranch(branch: ReadonlySet<string> | null, departmentId: string | null): void {
  if (branch === null) return;
  if (departmentId === null || !branch.has(departmentId)) {
    throw new ForbiddenError("That belongs to another department's branch.");
  }
}
