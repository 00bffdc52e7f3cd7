import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/db";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import {
  ACCOUNT_FAILURE_LIMIT,
  getAddressDelayMs,
  LOCK_MINUTES,
  THROTTLE_WINDOW_MINUTES,
} from "@/lib/auth/sign-in-throttle";

// Sign-in: password checks, throttling and the audit trail of every attempt. The throttle counts live in PostgreSQL,
// so several app servers enforce one limit together; the rules are in lib/auth/sign-in-throttle.ts.

export { ACCOUNT_FAILURE_LIMIT, LOCK_MINUTES, THROTTLE_WINDOW_MINUTES } from "@/lib/auth/sign-in-throttle";

export type SignInOutcome =
  { ok: true; userId: string } | { ok: false; reason: "invalid" | "locked"; lockedUntil?: Date };

// Verifying against a real hash when the email is unknown keeps the answer's timing from
// telling which emails have accounts.
let decoyHash: Promise<string> | null = null;
const getDecoyHash = () => (decoyHash ??= hashPassword("not-a-real-password-decoy"));

const window = Prisma.sql`make_interval(mins => ${THROTTLE_WINDOW_MINUTES})`;
// A row whose window has passed, or whose lock has run out, starts again from nothing.
const isExpired = Prisma.sql`("SignInThrottle"."windowStart" < now() - ${window}
  OR ("SignInThrottle"."lockedUntil" IS NOT NULL AND "SignInThrottle"."lockedUntil" <= now()))`;

/**
 * Reserves one attempt for an account before its password is checked, in one atomic statement: the attempt counts as a
 * failure until it succeeds. Returns the attempts counted in the window with this one, or null when the account is
 * locked or has used up its attempts — then the password is not checked at all. Counting before checking is what makes
 * the limit hold under parallel guesses: 40 guesses sent at once get 5 checks, not 40.
 */
async function reserveAccountAttempt(key: string): Promise<number | null> {
  const rows = await getPrisma().$queryRaw<{ failures: number }[]>`
    INSERT INTO "SignInThrottle" (key, failures, "windowStart", "lockedUntil", "updatedAt")
    VALUES (${key}, 1, now(), NULL, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN ${isExpired} THEN 1 ELSE "SignInThrottle".failures + 1 END,
      "windowStart" = CASE WHEN ${isExpired} THEN now() ELSE "SignInThrottle"."windowStart" END,
      "lockedUntil" = CASE WHEN ${isExpired} THEN NULL ELSE "SignInThrottle"."lockedUntil" END,
      "updatedAt" = now()
    WHERE ${isExpired}
      OR ("SignInThrottle".failures < ${ACCOUNT_FAILURE_LIMIT} AND "SignInThrottle"."lockedUntil" IS NULL)
    RETURNING failures`;
  return rows[0]?.failures ?? null;
}

/** The account's lock, set once its last allowed attempt has failed. */
async function lockAccount(key: string): Promise<Date> {
  const [row] = await getPrisma().$queryRaw<{ lockedUntil: Date }[]>`
    UPDATE "SignInThrottle" SET "lockedUntil" = now() + make_interval(mins => ${LOCK_MINUTES}), "updatedAt" = now()
    WHERE key = ${key} RETURNING "lockedUntil"`;
  return row?.lockedUntil ?? new Date(Date.now() + LOCK_MINUTES * 60_000);
}

async function readLockedUntil(key: string): Promise<Date> {
  const row = await getPrisma().signInThrottle.findUnique({ where: { key }, select: { lockedUntil: true } });
  // Used up but not yet locked: the last allowed attempt is still being checked.
  return row?.lockedUntil ?? new Date(Date.now() + LOCK_MINUTES * 60_000);
}

/** An address's failures in the current window (0 without a row or after the window). */
async function readAddressFailures(key: string): Promise<number> {
  const [row] = await getPrisma().$queryRaw<{ failures: number }[]>`
    SELECT failures FROM "SignInThrottle" WHERE key = ${key} AND "windowStart" >= now() - ${window}`;
  return row?.failures ?? 0;
}

/** Counts one failure for an address, in one atomic statement. Addresses are slowed down, never locked. */
async function countAddressFailure(key: string): Promise<void> {
  await getPrisma().$executeRaw`
    INSERT INTO "SignInThrottle" (key, failures, "windowStart", "lockedUntil", "updatedAt")
    VALUES (${key}, 1, now(), NULL, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN ${isExpired} THEN 1 ELSE "SignInThrottle".failures + 1 END,
      "windowStart" = CASE WHEN ${isExpired} THEN now() ELSE "SignInThrottle"."windowStart" END,
      "lockedUntil" = NULL,
      "updatedAt" = now()`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function auditAttempt(entry: {
  agencyId: string | null;
  userId: string | null;
  email: string;
  address: string | null;
  action:
    | "auth.signIn.success"
    | "auth.signIn.failure"
    | "auth.signIn.locked"
    | "auth.passwordChange.failure"
    | "auth.passwordChange.locked";
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
      after: { address: entry.address ?? "unknown", ...(entry.reason ? { reason: entry.reason } : {}) },
    },
  });
}

/**
 * Checks an email and password; audits every attempt. Each attempt is reserved against the account's limit before the
 * password is checked; an address with many failures waits longer before each check (null: the address is unknown,
 * see getClientAddress).
 */
export async function authenticateWithPassword(input: {
  email: string;
  password: string;
  address: string | null;
}): Promise<SignInOutcome> {
  const email = input.email.trim().toLowerCase();
  const accountKey = `account:${email}`;
  const addressKey = input.address === null ? null : `ip:${input.address}`;
  const user = await getPrisma().user.findUnique({
    where: { email },
    select: { id: true, agencyId: true, passwordHash: true, isActive: true },
  });
  const audit = { agencyId: user?.agencyId ?? null, userId: user?.id ?? null, email, address: input.address };
  const attempt = await reserveAccountAttempt(accountKey);
  if (attempt === null) {
    await auditAttempt({ ...audit, action: "auth.signIn.locked" });
    return { ok: false, reason: "locked", lockedUntil: await readLockedUntil(accountKey) };
  }
  if (addressKey !== null) await sleep(getAddressDelayMs(await readAddressFailures(addressKey)));
  const isPasswordRight = await verifyPassword(user?.passwordHash ?? (await getDecoyHash()), input.password);
  if (user && user.isActive && user.passwordHash && isPasswordRight) {
    await getPrisma().signInThrottle.deleteMany({ where: { key: accountKey } });
    await auditAttempt({ ...audit, action: "auth.signIn.success" });
    return { ok: true, userId: user.id };
  }
  if (addressKey !== null) await countAddressFailure(addressKey);
  const reason = !user ? "unknown account" : !user.isActive ? "deactivated" : "wrong password";
  await auditAttempt({ ...audit, action: "auth.signIn.failure", reason });
  if (attempt >= ACCOUNT_FAILURE_LIMIT)
    return { ok: false, reason: "locked", lockedUntil: await lockAccount(accountKey) };
  return { ok: false, reason: "invalid" };
}

/**
 * Checks a signed-in user's current password before it is changed, under the sign-in's own per-account limit (the same
 * throttle row): whoever holds a stolen session gets no more guesses at the password here than at the sign-in page,
 * and a lock from either place holds for both. Every wrong or refused attempt is audited.
 */
export async function verifyCurrentPassword(
  user: { id: string; agencyId: string; email: string; passwordHash: string | null },
  password: string,
): Promise<"ok" | "invalid" | "locked"> {
  const accountKey = `account:${user.email}`;
  const audit = { agencyId: user.agencyId, userId: user.id, email: user.email, address: null };
  const attempt = await reserveAccountAttempt(accountKey);
  if (attempt === null) {
    await auditAttempt({ ...audit, action: "auth.passwordChange.locked" });
    return "locked";
  }
  const isPasswordRight = await verifyPassword(user.passwordHash ?? (await getDecoyHash()), password);
  if (user.passwordHash && isPasswordRight) {
    await getPrisma().signInThrottle.deleteMany({ where: { key: accountKey } });
    return "ok";
  }
  await auditAttempt({ ...audit, action: "auth.passwordChange.failure", reason: "wrong current password" });
  if (attempt >= ACCOUNT_FAILURE_LIMIT) {
    await lockAccount(accountKey);
    return "locked";
  }
  return "invalid";
}

/**
 * Deletes what sign-in keeps only for a while: throttle rows whose window and lock are over, and the audit rows of
 * failed and refused attempts older than `retentionDays` (successful sign-ins stay in the audit log).
 */
export async function pruneSignInRecords(
  now: Date,
  retentionDays: number,
): Promise<{ throttles: number; audits: number }> {
  const db = getPrisma();
  const throttleCutoff = new Date(now.getTime() - (THROTTLE_WINDOW_MINUTES + LOCK_MINUTES) * 60_000);
  const throttles = await db.signInThrottle.deleteMany({
    where: {
      windowStart: { lt: throttleCutoff },
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
    },
  });
  const audits = await db.auditEvent.deleteMany({
    where: {
      action: {
        in: ["auth.signIn.failure", "auth.signIn.locked", "auth.passwordChange.failure", "auth.passwordChange.locked"],
      },
      createdAt: { lt: new Date(now.getTime() - retentionDays * 86_400_000) },
    },
  });
  return { throttles: throttles.count, audits: audits.count };
}

/** For a single sign-on identity: the active user with this email, or null (no self-registration). */
/** What a single sign-on provider says of the person, from its verified ID token. */
export type OidcIdentity = {
  issuer: string;
  subject: string;
  email: string | null;
  /** The `email_verified` claim as received: only the boolean `true` counts. */
  emailVerified: unknown;
};

export type OidcSignInOutcome =
  | { ok: true; userId: string }
  | {
      ok: false;
      reason: "email not verified" | "unknown account" | "deactivated" | "account bound to another identity";
    };

/**
 * Admits a single sign-on, or refuses it; audits either way. An identity (issuer and subject) bound to a user signs in
 * as that user, whatever email it now claims. An unbound identity is bound to the active user with its email, but only
 * when the provider vouches for that email (`email_verified === true`) and the user has no identity yet: an email
 * claim alone never reaches an account that already signs on as someone else.
 */
export async function admitOidcSignIn(identity: OidcIdentity): Promise<OidcSignInOutcome> {
  const prisma = getPrisma();
  const email = identity.email?.trim().toLowerCase() || null;
  const bound = await prisma.user.findUnique({
    where: { oidcIssuer_oidcSubject: { oidcIssuer: identity.issuer, oidcSubject: identity.subject } },
    select: { id: true, agencyId: true, email: true, isActive: true },
  });
  const audit = (user: { id: string; agencyId: string; email: string } | null, outcome: OidcSignInOutcome) =>
    auditOidcAttempt(identity, email, user, outcome).then(() => outcome);
  if (bound) {
    return audit(bound, bound.isActive ? { ok: true, userId: bound.id } : { ok: false, reason: "deactivated" });
  }
  if (identity.emailVerified !== true || !email) return audit(null, { ok: false, reason: "email not verified" });
  const user = await prisma.user.findUnique({
    where: { email },
    select: { id: true, agencyId: true, email: true, isActive: true, oidcSubject: true },
  });
  if (!user) return audit(null, { ok: false, reason: "unknown account" });
  if (!user.isActive) return audit(user, { ok: false, reason: "deactivated" });
  // Bound only while unbound, in one statement: two first sign-ins racing for one account bind one identity.
  const binding = await prisma.user.updateMany({
    where: { id: user.id, isActive: true, oidcSubject: null },
    data: { oidcIssuer: identity.issuer, oidcSubject: identity.subject },
  });
  if (binding.count !== 1) return audit(user, { ok: false, reason: "account bound to another identity" });
  return audit(user, { ok: true, userId: user.id });
}

/** The active user a single sign-on identity is bound to (after admitOidcSignIn admitted it). */
export async function findActiveUserIdByOidcIdentity(issuer: string, subject: string): Promise<string | null> {
  const user = await getPrisma().user.findUnique({
    where: { oidcIssuer_oidcSubject: { oidcIssuer: issuer, oidcSubject: subject } },
    select: { id: true, isActive: true },
  });
  return user?.isActive ? user.id : null;
}

async function auditOidcAttempt(
  identity: OidcIdentity,
  email: string | null,
  user: { id: string; agencyId: string; email: string } | null,
  outcome: OidcSignInOutcome,
) {
  await getPrisma().auditEvent.create({
    data: {
      agencyId: user?.agencyId ?? null,
      actorUserId: user?.id ?? null,
      actorLabel: user?.email ?? email ?? identity.subject,
      action: outcome.ok ? "auth.signIn.success" : "auth.signIn.failure",
      entityType: "session",
      entityId: user?.id ?? null,
      entityCode: user?.email ?? email ?? identity.subject,
      after: {
        method: "oidc",
        issuer: identity.issuer,
        subject: identity.subject,
        emailClaim: email,
        ...(outcome.ok ? {} : { reason: outcome.reason }),
      },
    },
  });
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
