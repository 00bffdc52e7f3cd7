import "server-only";
import { getPrisma } from "@/lib/db";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Principal, Role } from "@/lib/auth/permissions";

// Sign-in: password checks, throttling and the audit trail of every attempt. The throttle
// counts live in PostgreSQL, so several app servers enforce one limit together.

export const ACCOUNT_FAILURE_LIMIT = 5;
export const ADDRESS_FAILURE_LIMIT = 50;
export const THROTTLE_WINDOW_MINUTES = 15;
export const LOCK_MINUTES = 15;

export type SignInOutcome =
  { ok: true; userId: string } | { ok: false; reason: "invalid" | "locked"; lockedUntil?: Date };

// Verifying against a real hash when the email is unknown keeps the answer's timing from
// telling which emails have accounts.
let decoyHash: Promise<string> | null = null;
const getDecoyHash = () => (decoyHash ??= hashPassword("not-a-real-password-decoy"));

type ThrottleState = { failures: number; lockedUntil: Date | null };

async function readLocks(keys: string[]): Promise<Date | null> {
  const rows = await getPrisma().signInThrottle.findMany({
    where: { key: { in: keys }, lockedUntil: { gt: new Date() } },
    select: { lockedUntil: true },
  });
  const until = rows.map((row) => row.lockedUntil!.getTime());
  return until.length ? new Date(Math.max(...until)) : null;
}

/** Counts one failure for a key, in one atomic statement; locks the key at the limit. */
async function countFailure(key: string, limit: number): Promise<ThrottleState> {
  const [state] = await getPrisma().$queryRaw<ThrottleState[]>`
    INSERT INTO "SignInThrottle" (key, failures, "windowStart", "lockedUntil", "updatedAt")
    VALUES (${key}, 1, now(), CASE WHEN 1 >= ${limit} THEN now() + make_interval(mins => ${LOCK_MINUTES}) END, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN "SignInThrottle"."windowStart" < now() - make_interval(mins => ${THROTTLE_WINDOW_MINUTES})
                      THEN 1 ELSE "SignInThrottle".failures + 1 END,
      "windowStart" = CASE WHEN "SignInThrottle"."windowStart" < now() - make_interval(mins => ${THROTTLE_WINDOW_MINUTES})
                           THEN now() ELSE "SignInThrottle"."windowStart" END,
      "lockedUntil" = CASE WHEN (CASE WHEN "SignInThrottle"."windowStart" < now() - make_interval(mins => ${THROTTLE_WINDOW_MINUTES})
                                      THEN 1 ELSE "SignInThrottle".failures + 1 END) >= ${limit}
                           THEN now() + make_interval(mins => ${LOCK_MINUTES}) ELSE "SignInThrottle"."lockedUntil" END,
      "updatedAt" = now()
    RETURNING failures, "lockedUntil"`;
  return state ?? { failures: 0, lockedUntil: null };
}

async function auditAttempt(entry: {
  agencyId: string | null;
  userId: string | null;
  email: string;
  address: string;
  action: "auth.signIn.success" | "auth.signIn.failure" | "auth.signIn.locked";
  reason?: string;
}) {
  await getPrisma().auditEvent.create({
    data: {
      agencyId: entry.agencyId,
      actorUserId: entry.userId,
      actorLabel: entry.email,
      action: entry.action,
      entityType: "session",
      entityId: entry.userId,
      entityCode: entry.email,
      after: { address: entry.address, ...(entry.reason ? { reason: entry.reason } : {}) },
    },
  });
}

/** Checks an email and password; counts failures per account and per address; audits every attempt. */
export async function authenticateWithPassword(input: {
  email: string;
  password: string;
  address: string;
}): Promise<SignInOutcome> {
  const email = input.email.trim().toLowerCase();
  const accountKey = `account:${email}`;
  const addressKey = `ip:${input.address}`;
  const user = await getPrisma().user.findUnique({
    where: { email },
    select: { id: true, agencyId: true, passwordHash: true, isActive: true },
  });
  const lockedUntil = await readLocks([accountKey, addressKey]);
  if (lockedUntil) {
    await auditAttempt({
      agencyId: user?.agencyId ?? null,
      userId: user?.id ?? null,
      email,
      address: input.address,
      action: "auth.signIn.locked",
    });
    return { ok: false, reason: "locked", lockedUntil };
  }
  const isPasswordRight = await verifyPassword(user?.passwordHash ?? (await getDecoyHash()), input.password);
  if (user && user.isActive && user.passwordHash && isPasswordRight) {
    await getPrisma().signInThrottle.deleteMany({ where: { key: accountKey } });
    await auditAttempt({
      agencyId: user.agencyId,
      userId: user.id,
      email,
      address: input.address,
      action: "auth.signIn.success",
    });
    return { ok: true, userId: user.id };
  }
  const [account, address] = await Promise.all([
    countFailure(accountKey, ACCOUNT_FAILURE_LIMIT),
    countFailure(addressKey, ADDRESS_FAILURE_LIMIT),
  ]);
  const reason = !user ? "unknown account" : !user.isActive ? "deactivated" : "wrong password";
  await auditAttempt({
    agencyId: user?.agencyId ?? null,
    userId: user?.id ?? null,
    email,
    address: input.address,
    action: "auth.signIn.failure",
    reason,
  });
  const lock = [account.lockedUntil, address.lockedUntil].filter(
    (date): date is Date => date !== null && date > new Date(),
  );
  if (lock.length > 0)
    return { ok: false, reason: "locked", lockedUntil: new Date(Math.max(...lock.map((date) => date.getTime()))) };
  return { ok: false, reason: "invalid" };
}

/** For a single sign-on identity: the active user with this email, or null (no self-registration). */
export async function findActiveUserIdByEmail(email: string): Promise<string | null> {
  const user = await getPrisma().user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, isActive: true },
  });
  return user?.isActive ? user.id : null;
}

export async function auditSignOut(userId: string): Promise<void> {
  const user = await getPrisma().user.findUnique({ where: { id: userId }, select: { agencyId: true, email: true } });
  if (!user) return;
  await getPrisma().auditEvent.create({
    data: {
      agencyId: user.agencyId,
      actorUserId: userId,
      actorLabel: user.email,
      action: "auth.signOut",
      entityType: "session",
      entityId: userId,
      entityCode: user.email,
    },
  });
}

/**
 * The principal of a session's user, read from the database on every request: a role
 * change or a deactivation takes effect at the user's next request.
 */
export async function loadUserPrincipal(userId: string): Promise<Principal | null> {
  const user = await getPrisma().user.findUnique({
    where: { id: userId },
    select: { id: true, agencyId: true, email: true, role: true, departmentId: true, isActive: true },
  });
  if (!user || !user.isActive) return null;
  return {
    kind: "user",
    userId: user.id,
    agencyId: user.agencyId,
    role: user.role as Role,
    departmentId: user.departmentId,
    label: user.email,
  };
}
