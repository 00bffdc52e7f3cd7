import "server-only";
import { getPrisma } from "@/lib/db";
import type { Permission, Principal } from "@/lib/auth/permissions";
import { ConflictError, ValidationError } from "@/lib/errors";
import { requirePermission, type Tx } from "./access";
import { describeLastChange, recordAudit, type AuditEntry } from "./audit";
import { bumpDataVersion, lockAgencyRow } from "./health-store";

// The write path of the admin area: authorize → one transaction → the change and its one
// audit event. Admin changes do not touch the driver tree, so (unlike tree writes) they take
// the agency's lock only when they must see a consistent whole (a department move).

const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

export type AdminWriteContext = { db: Tx; principal: Principal };

export type AdminWriteOutcome<T> = {
  value: T;
  audit: AuditEntry;
  /** The work stored health through the health service (lib/dal/health/service.ts), which moved the data version. */
  isHealthStored?: boolean;
};

export async function runAdminWrite<T>(
  principal: Principal | null | undefined,
  permission: Permission,
  work: (context: AdminWriteContext) => Promise<AdminWriteOutcome<T>>,
): Promise<T> {
  const caller = requirePermission(principal, permission);
  return getPrisma().$transaction(async (db) => {
    const outcome = await work({ db, principal: caller });
    await recordAudit(db, caller, outcome.audit);
    // Department names and agency settings appear on the public pages too: the data version moves either way, once.
    if (!outcome.isHealthStored) await bumpDataVersion(db, caller.agencyId);
    return outcome.value;
  }, TRANSACTION_OPTIONS);
}

/** Locks the agency's row: the same lock tree writes and health refreshes take (lockAgencyRow). */
export async function lockAgency(db: Tx, agencyId: string): Promise<void> {
  await lockAgencyRow(db, agencyId);
}

/** The conflict raised when a row changed since the caller last read it. */
export async function staleVersionError(
  db: Tx,
  agencyId: string,
  entityType: string,
  entityId: string,
  what: string,
): Promise<ConflictError> {
  const who = await describeLastChange(db, agencyId, entityType, entityId);
  return new ConflictError(`${what} was changed by ${who} after you opened it. Reload to see the change.`);
}

/** A department of the agency by code, for a user's, a token's or a department's parent field. */
export async function resolveActiveDepartment(
  db: Tx,
  agencyId: string,
  code: string | null,
  field = "department",
): Promise<string | null> {
  if (code === null) return null;
  const department = await db.department.findUnique({
    where: { agencyId_code: { agencyId, code } },
    select: { id: true, retiredAt: true },
  });
  if (!department)
    throw new ValidationError(`There is no department ${code}.`, { [field]: [`Unknown department ${code}.`] });
  if (department.retiredAt) {
    throw new ValidationError(`Department ${code} is retired.`, { [field]: [`Department ${code} is retired.`] });
  }
  return department.id;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from a URL reach the DAL unparsed: anything that is not a uuid names nothing. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
