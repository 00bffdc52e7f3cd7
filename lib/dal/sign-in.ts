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
  | { ok: true; userId: string }
  | {
      ok: false;
      /**
       * "choose agency": the password is right for accounts in several agencies, and the attempt named none. The
       * person is asked for the agency and tries again.
       */
      reason: "invalid" | "locked" | "choose agency";
      lockedUntil?: Date;
    };

/**
 * Accounts belong to an agency, so one email may have an account in several. Sign-in considers at most this many
 * (the oldest first); a person with more names the agency, which always reaches its one account.
 */
export const MAX_ACCOUNTS_PER_EMAIL = 10;

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

/**
 * Takes back the attempt reserved for a sign-in that succeeded. Earlier failures in the window stay counted: the count
 * is the email's, across every agency with an account for it, so a success in one agency must not give anyone more
 * guesses at another agency's account with the same email (an admin who chose a password for their own agency's
 * account could otherwise clear the count between guesses at the other).
 */
async function releaseAccountAttempt(key: string): Promise<void> {
  await getPrisma().$executeRaw`
    UPDATE "SignInThrottle" SET failures = GREATEST(failures - 1, 0), "updatedAt" = now()
    WHERE key = ${key} AND "lockedUntil" IS NULL`;
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

type AttemptAction =
  | "auth.signIn.success"
  | "auth.signIn.failure"
  | "auth.signIn.locked"
  | "auth.passwordChange.failure"
  | "auth.passwordChange.locked";

async function auditAttempt(entry: {
  agencyId: string | null;
  userId: string | null;
  email: string;
  address: string | null;
  /** The agency the person named at sign-in, if any. */
  agency?: string | null;
  action: AttemptAction;
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
      after: {
        address: entry.address ?? "unknown",
        ...(entry.agency ? { agency: entry.agency } : {}),
        ...(entry.reason ? { reason: entry.reason } : {}),
      },
    },
  });
}

type Account = { id: string; agencyId: string; passwordHash: string | null; isActive: boolean };

/** The accounts an email signs in to: in the agency named (its slug), or in any agency when none is named. */
async function findAccounts(email: string, agencySlug: string | null): Promise<Account[]> {
  return getPrisma().user.findMany({
    where: { email, ...(agencySlug === null ? {} : { agency: { slug: agencySlug } }) },
    select: { id: true, agencyId: true, passwordHash: true, isActive: true },
    orderBy: { createdAt: "asc" },
    take: MAX_ACCOUNTS_PER_EMAIL,
  });
}

/**
 * Checks an email and password; audits every attempt. Each attempt is reserved against the email's limit before the
 * password is checked; an address with many failures waits longer before each check (null: the address is unknown,
 * see getClientAddress).
 *
 * An email may have accounts in several agencies. The password is checked against each (or only the named agency's):
 * right for one active account, that one signs in; right for several, the person must name the agency ("choose
 * agency"). What one agency's audit log records never depends on another agency's accounts, except when the password
 * is right for both: a failure is audited in every agency whose account the email names, a success only in the
 * agency signed in to.
 */
export async function authenticateWithPassword(input: {
  email: string;
  password: string;
  /** The agency's slug, when the person named one; then only that agency's account is considered. */
  agency?: string | null;
  address: string | null;
}): Promise<SignInOutcome> {
  const email = input.email.trim().toLowerCase();
  const agencySlug = input.agency?.trim().toLowerCase() || null;
  // Keyed by email, not by account: the lock and the count are then the same whichever agencies have accounts for
  // it, so they tell nobody whether another agency has one.
  const accountKey = `account:${email}`;
  const addressKey = input.address === null ? null : `ip:${input.address}`;
  const accounts = await findAccounts(email, agencySlug);
  const base = { email, address: input.address, agency: agencySlug };
  // One audit event per account concerned, in its agency; an email without one is audited once, in no agency.
  const auditEach = (targets: Account[], action: AttemptAction, reasonOf?: (account: Account | null) => string) =>
    Promise.all(
      (targets.length === 0 ? [null] : targets).map((account) =>
        auditAttempt({
          ...base,
          agencyId: account?.agencyId ?? null,
          userId: account?.id ?? null,
          action,
          reason: reasonOf?.(account),
        }),
      ),
    );
  const attempt = await reserveAccountAttempt(accountKey);
  if (attempt === null) {
    await auditEach(accounts, "auth.signIn.locked");
    return { ok: false, reason: "locked", lockedUntil: await readLockedUntil(accountKey) };
  }
  if (addressKey !== null) await sleep(getAddressDelayMs(await readAddressFailures(addressKey)));
  // Checked side by side, so that several accounts take about as long as one; an unknown email is checked against a
  // decoy hash, so that its answer takes as long as a known one's.
  const verdicts = await Promise.all(
    accounts.length === 0
      ? [verifyPassword(await getDecoyHash(), input.password).then(() => false)]
      : accounts.map(async (account) => verifyPassword(account.passwordHash ?? (await getDecoyHash()), input.password)),
  );
  const matches = accounts.filter((account, index) => account.isActive && account.passwordHash && verdicts[index]);
  if (matches.length === 1) {
    await releaseAccountAttempt(accountKey);
    await auditEach(matches, "auth.signIn.success");
    return { ok: true, userId: matches[0]!.id };
  }
  if (matches.length > 1) {
    // Not a wrong guess: the password is right, only the account is undecided.
    await releaseAccountAttempt(accountKey);
    await auditEach(matches, "auth.signIn.failure", () => "agency not chosen");
    return { ok: false, reason: "choose agency" };
  }
  if (addressKey !== null) await countAddressFailure(addressKey);
  await auditEach(accounts, "auth.signIn.failure", (account) =>
    !account ? "unknown account" : account.isActive ? "wrong password" : "deactivated",
  );
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
    await releaseAccountAttempt(accountKey);
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
      reason:
        | "email not verified"
        | "unknown account"
        | "deactivated"
        | "account bound to another identity"
        | "several accounts with this email";
    };

/**
 * Admits a single sign-on, or refuses it; audits either way. An identity (issuer and subject) bound to a user signs in
 * as that user, whatever email it now claims. An unbound identity is bound to the active user with its email, but only
 * when the provider vouches for that email (`email_verified === true`) and the user has no identity yet: an email
 * claim alone never reaches an account that already signs on as someone else. Accounts belong to an agency, so an
 * email may have active accounts in several: then the email says not which one to bind, and the sign-on is refused
 * (the person signs in with a password, which names the agency when it must).
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
  const select = { id: true, agencyId: true, email: true } as const;
  // Two are enough to tell one active account from several.
  const active = await prisma.user.findMany({ where: { email, isActive: true }, select, take: 2 });
  // Audited in no agency: an agency's log that said so would tell its admins that another agency has the email.
  if (active.length > 1) return audit(null, { ok: false, reason: "several accounts with this email" });
  if (active.length === 0) {
    const inactive = await prisma.user.findMany({
      where: { email },
      select,
      orderBy: { createdAt: "asc" },
      take: MAX_ACCOUNTS_PER_EMAIL,
    });
    if (inactive.length === 0) return audit(null, { ok: false, reason: "unknown account" });
    const refusal: OidcSignInOutcome = { ok: false, reason: "deactivated" };
    await Promise.all(inactive.map((account) => auditOidcAttempt(identity, email, account, refusal)));
    return refusal;
  }
  const user = active[0]!;
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
