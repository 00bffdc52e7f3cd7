import "server-only";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { hashPassword } from "@/lib/auth/password";
import type { Principal, Role } from "@/lib/auth/permissions";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { CreateUserInput, UpdateUserAccessInput, UserChangeInput } from "@/lib/validation/admin";
import { requirePermission, type Tx } from "./access";
import { isUuid, resolveActiveDepartment, runAdminWrite, staleVersionError } from "./admin-write";
import { issueSetupLink, voidSetupLinks, type SetupLinkDto } from "./passwords";
import { revokeUserSessions } from "./sessions";

// Users of the caller's agency. An admin never sees, chooses or receives a password: inviting or resetting a user
// returns a one-time set-password link (lib/dal/passwords.ts) for the person to choose their own. No DTO or audit
// event carries a password, a hash or a link's token.

export type UserDto = {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The department a department head answers for (its code); null for agency-wide roles. */
  department: string | null;
  isActive: boolean;
  version: number;
  createdAt: string;
};

export const userSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  isActive: true,
  version: true,
  createdAt: true,
  department: { select: { code: true } },
} satisfies Prisma.UserSelect;

type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

export function toUserDto(row: UserRow): UserDto {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    department: row.department?.code ?? null,
    isActive: row.isActive,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

/** What the audit log keeps of a user: everything but the (never stored) secrets and the timestamps. */
function toAuditedUser(user: UserDto) {
  return { email: user.email, name: user.name, role: user.role, department: user.department, isActive: user.isActive };
}

const DUPLICATE_EMAIL_MESSAGE = "An account with this email exists already in this agency.";

export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002"
  );
}

/**
 * Creates a user row (no authorization, no audit: the caller does both in its transaction).
 * Shared by the admin area and the operator CLI. Without a password, nobody can sign in as the user until they set
 * one through a set-password link. With one, the person chose it only if they typed it themselves: the CLI, where an
 * operator chose or saw it, passes `mustChangePassword`.
 */
export async function insertUser(
  db: Tx,
  agencyId: string,
  input: { email: string; name: string; role: Role; department: string | null },
  credentials: { password: string; mustChangePassword: boolean } | null,
): Promise<UserDto> {
  const departmentId = await resolveActiveDepartment(db, agencyId, input.department);
  const passwordHash = credentials ? await hashPassword(credentials.password) : null;
  const mustChangePassword = credentials?.mustChangePassword ?? false;
  // Sign-in looks emails up lower-cased: store them so whatever the caller validated.
  const email = input.email.trim().toLowerCase();
  const row = await db.user
    .create({
      data: { agencyId, email, name: input.name, role: input.role, departmentId, passwordHash, mustChangePassword },
      select: userSelect,
    })
    .catch((error: unknown) => {
      // Accounts belong to an agency: only an account of this agency can collide (the unique key is agency and
      // email), so the answer says nothing of other agencies' accounts, which an email may also have.
      if (isUniqueViolation(error)) {
        throw new ValidationError(DUPLICATE_EMAIL_MESSAGE, { email: [DUPLICATE_EMAIL_MESSAGE] });
      }
      throw error;
    });
  return toUserDto(row);
}

async function findUser(db: Tx, agencyId: string, id: string): Promise<UserRow> {
  const row = isUuid(id) ? await db.user.findFirst({ where: { id, agencyId }, select: userSelect }) : null;
  if (!row) throw new NotFoundError("There is no such user.");
  return row;
}

/** Applies a change if the user is still at `version`; a concurrent change is a conflict. */
async function updateUserAtVersion(
  db: Tx,
  principal: Principal,
  current: UserRow,
  version: number,
  data: Prisma.UserUncheckedUpdateManyInput,
): Promise<UserDto> {
  const { count } = await db.user.updateMany({
    where: { id: current.id, agencyId: principal.agencyId, version },
    data: { ...data, version: { increment: 1 } },
  });
  if (count !== 1) throw await staleVersionError(db, principal.agencyId, "user", current.id, current.email);
  return toUserDto(await findUser(db, principal.agencyId, current.id));
}

function isSelf(principal: Principal, userId: string): boolean {
  return principal.kind === "user" && principal.userId === userId;
}

export async function listUsers(principal: Principal | null | undefined): Promise<UserDto[]> {
  const caller = requirePermission(principal, "admin:users");
  const rows = await getPrisma().user.findMany({
    where: { agencyId: caller.agencyId },
    orderBy: { email: "asc" },
    select: userSelect,
  });
  return rows.map(toUserDto);
}

export async function getUser(principal: Principal | null | undefined, id: string): Promise<UserDto> {
  const caller = requirePermission(principal, "admin:users");
  return toUserDto(await findUser(getPrisma(), caller.agencyId, id));
}

/** Who issued a link, as the audit log names actors. */
function issuer(principal: Principal) {
  return { createdByUserId: principal.kind === "user" ? principal.userId : null, createdByLabel: principal.label };
}

/**
 * Creates a user without a password, and an invitation link (returned here once and never again) through which the
 * person chooses their own.
 */
export async function createUser(
  principal: Principal | null | undefined,
  input: CreateUserInput,
): Promise<{ user: UserDto; setupLink: SetupLinkDto }> {
  return runAdminWrite(principal, "admin:users", async ({ db, principal: caller }) => {
    const user = await insertUser(db, caller.agencyId, input, null);
    const setupLink = await issueSetupLink(db, {
      userId: user.id,
      agencyId: caller.agencyId,
      purpose: "invite",
      ...issuer(caller),
    });
    return {
      value: { user, setupLink },
      audit: {
        action: "user.create",
        entityType: "user",
        entityId: user.id,
        entityCode: user.email,
        before: null,
        after: { ...toAuditedUser(user), invitationExpiresAt: setupLink.expiresAt },
      },
    };
  });
}

/** Sets a user's role and department. An admin cannot take away their own admin role. */
export async function updateUserAccess(
  principal: Principal | null | undefined,
  input: UpdateUserAccessInput,
): Promise<{ user: UserDto }> {
  return runAdminWrite(principal, "admin:users", async ({ db, principal: caller }) => {
    const current = await findUser(db, caller.agencyId, input.id);
    // Keeps at least one admin (the caller) in every agency, and nobody locks themselves out.
    if (isSelf(caller, current.id) && input.role !== "ADMIN") {
      throw new ForbiddenError("You cannot remove your own admin role; another admin can.");
    }
    const departmentId = await resolveActiveDepartment(db, caller.agencyId, input.department);
    const before = toUserDto(current);
    const user = await updateUserAtVersion(db, caller, current, input.version, { role: input.role, departmentId });
    // Sessions opened under the old role end: the person signs in again under the new one.
    if (before.role !== user.role || before.department !== user.department) await revokeUserSessions(db, user.id);
    return {
      value: { user },
      audit: {
        action: "user.updateAccess",
        entityType: "user",
        entityId: user.id,
        entityCode: user.email,
        before: toAuditedUser(before),
        after: toAuditedUser(user),
      },
    };
  });
}

async function setUserActive(principal: Principal | null | undefined, input: UserChangeInput, isActive: boolean) {
  return runAdminWrite(principal, "admin:users", async ({ db, principal: caller }) => {
    const current = await findUser(db, caller.agencyId, input.id);
    if (!isActive && isSelf(caller, current.id)) {
      throw new ForbiddenError("You cannot deactivate your own account; another admin can.");
    }
    const before = toUserDto(current);
    if (before.isActive === isActive) {
      throw new ValidationError(`${before.email} is already ${isActive ? "active" : "deactivated"}.`);
    }
    // Every request reads the user afresh, so a deactivated user is refused from their next request; their sessions
    // are also ended, so that a reactivation does not bring them back.
    const user = await updateUserAtVersion(db, caller, current, input.version, { isActive });
    if (!isActive) {
      await revokeUserSessions(db, user.id);
      // Nor does a link handed out before the deactivation work after a reactivation.
      await voidSetupLinks(db, user.id);
    }
    return {
      value: { user },
      audit: {
        action: isActive ? "user.reactivate" : "user.deactivate",
        entityType: "user",
        entityId: user.id,
        entityCode: user.email,
        before: toAuditedUser(before),
        after: toAuditedUser(user),
      },
    };
  });
}

export async function deactivateUser(
  principal: Principal | null | undefined,
  input: UserChangeInput,
): Promise<{ user: UserDto }> {
  return setUserActive(principal, input, false);
}

export async function reactivateUser(
  principal: Principal | null | undefined,
  input: UserChangeInput,
): Promise<{ user: UserDto }> {
  return setUserActive(principal, input, true);
}

/**
 * Resets a user's password: the old one stops working at once (a reset may follow a stolen password, so it must not
 * stay usable until the person gets round to choosing a new one), every session of theirs ends, and the admin gets a
 * one-time reset link (returned here once and never again) through which the person chooses a new password. Until
 * they do, nobody can sign in as them with a password.
 */
export async function resetUserPassword(
  principal: Principal | null | undefined,
  input: UserChangeInput,
): Promise<{ user: UserDto; setupLink: SetupLinkDto }> {
  return runAdminWrite(principal, "admin:users", async ({ db, principal: caller }) => {
    const current = await findUser(db, caller.agencyId, input.id);
    // Resetting one's own password would sign one out before the link could be copied; /account/password does it.
    if (isSelf(caller, current.id)) {
      throw new ForbiddenError("To change your own password, use your account page; another admin can reset it.");
    }
    if (!current.isActive) {
      throw new ValidationError(`${current.email} is deactivated: reactivate them before resetting their password.`);
    }
    const user = await updateUserAtVersion(db, caller, current, input.version, {
      passwordHash: null,
      mustChangePassword: false,
    });
    // A sign-in lock stays until it runs out (lib/dal/sign-in.ts): it is the email's, shared with the accounts other
    // agencies may have for it, so lifting it here would give this agency's admin more guesses at theirs.
    // A reset is what follows a stolen password: whoever signed in with the old one is signed out.
    await revokeUserSessions(db, user.id);
    const setupLink = await issueSetupLink(db, {
      userId: user.id,
      agencyId: caller.agencyId,
      purpose: "reset",
      ...issuer(caller),
    });
    return {
      value: { user, setupLink },
      audit: {
        action: "user.resetPassword",
        entityType: "user",
        entityId: user.id,
        entityCode: user.email,
        before: null,
        after: { passwordReset: true, linkExpiresAt: setupLink.expiresAt },
      },
    };
  });
}
