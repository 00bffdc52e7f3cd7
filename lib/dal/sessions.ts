import "server-only";
import { getPrisma } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Principal, Role, UserPrincipal } from "@/lib/auth/permissions";
import { UnauthenticatedError } from "@/lib/errors";

// Signed-in sessions, one row per browser. The cookie (a signed JWT) names its row, and every request reads the row:
// a session is over when its row is revoked — by signing out, "sign out everywhere", or an admin's password reset,
// role change or deactivation — or when it reaches its absolute end, however fresh the cookie is.

/** However active a session is kept, it ends this long after sign-in. */
export const SESSION_ABSOLUTE_HOURS = 12;
/**
 * A session unused for this long is over. Kept on the row (its last-seen time, written at most every five minutes),
 * not in the cookie's lifetime: a page render cannot re-issue a cookie.
 */
export const SESSION_IDLE_HOURS = 8;
// "Last seen" is written at most this often: a write per request would be one per page view.
const LAST_SEEN_RESOLUTION_MS = 5 * 60_000;

type SessionPrincipalRow = {
  lastSeenAt: Date;
  userId: string;
  agencyId: string;
  email: string;
  role: string;
  departmentId: string | null;
  mustChangePassword: boolean;
};

/** Starts a session for a user who has just proved who they are; returns its id, for the cookie. */
export async function startSession(userId: string, now = new Date()): Promise<string> {
  const session = await getPrisma().userSession.create({
    data: {
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_HOURS * 3_600_000),
    },
    select: { id: true },
  });
  return session.id;
}

/**
 * The principal behind a session cookie, read from the database on every request: null when the session is revoked
 * or past its end, or the user is deactivated. A role change applies at once (and also revokes the session).
 */
export async function loadSessionPrincipal(
  userId: string,
  sessionId: string | undefined,
  now = new Date(),
): Promise<Principal | null> {
  // A cookie from before sessions were kept names none: it is refused, and its holder signs in again.
  if (!sessionId || !isUuid(sessionId) || !isUuid(userId)) return null;
  const db = getPrisma();
  // One round trip on every request: the session row and its user together. Times are stored as UTC timestamps.
  const utc = (time: Date) => Prisma.sql`(to_timestamp(${time.getTime()}::float8 / 1000) AT TIME ZONE 'UTC')`;
  const [session] = await db.$queryRaw<SessionPrincipalRow[]>`
    SELECT s."lastSeenAt", u.id::text AS "userId", u."agencyId"::text AS "agencyId", u.email, u.role::text AS role,
           u."departmentId"::text AS "departmentId", u."mustChangePassword"
    FROM "UserSession" s JOIN "User" u ON u.id = s."userId"
    WHERE s.id = ${sessionId}::uuid AND s."userId" = ${userId}::uuid AND s."revokedAt" IS NULL
      AND s."expiresAt" > ${utc(now)} AND s."lastSeenAt" > ${utc(new Date(now.getTime() - SESSION_IDLE_HOURS * 3_600_000))}
      AND u."isActive"`;
  if (!session) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db.userSession.update({ where: { id: sessionId }, data: { lastSeenAt: now } });
  }
  const user = session;
  return {
    kind: "user",
    userId: user.userId,
    agencyId: user.agencyId,
    role: user.role as Role,
    departmentId: user.departmentId,
    label: user.email,
    sessionId,
    // Someone else chose this password: until they choose their own, `can()` grants them nothing, so every entry
    // point but changing the password (and signing out) refuses them; the signed-in layout sends them there.
    ...(user.mustChangePassword ? { mustChangePassword: true } : {}),
  };
}

/** Ends one session (signing out): its cookie is refused from now on, wherever it is. */
export async function endSession(sessionId: string | undefined): Promise<void> {
  if (!sessionId || !isUuid(sessionId)) return;
  await getPrisma().userSession.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

/**
 * Ends every session of a user, inside the caller's transaction: a password reset, a role change or a deactivation
 * must not leave a session open that was opened under the old terms.
 */
export async function revokeUserSessions(
  db: Prisma.TransactionClient,
  userId: string,
  options: { exceptSessionId?: string } = {},
): Promise<number> {
  const revoked = await db.userSession.updateMany({
    where: { userId, revokedAt: null, ...(options.exceptSessionId ? { id: { not: options.exceptSessionId } } : {}) },
    data: { revokedAt: new Date() },
  });
  return revoked.count;
}

export type SessionDto = { id: string; createdAt: string; lastSeenAt: string; expiresAt: string; isCurrent: boolean };

/** A signed-in user, whatever their role, even one who must change their password first. */
export function requireSignedInUser(principal: Principal | null | undefined): UserPrincipal {
  if (!principal || principal.kind !== "user") throw new UnauthenticatedError();
  return principal;
}

/** The caller's own open sessions, newest first. */
export async function listMySessions(principal: Principal | null | undefined): Promise<SessionDto[]> {
  const caller = requireSignedInUser(principal);
  const rows = await getPrisma().userSession.findMany({
    where: { userId: caller.userId, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    isCurrent: row.id === caller.sessionId,
  }));
}

/** "Sign out everywhere": ends every session of the caller, this one included; audited. */
export async function signOutEverywhere(principal: Principal | null | undefined): Promise<{ ended: number }> {
  const caller = requireSignedInUser(principal);
  return getPrisma().$transaction(async (db) => {
    const ended = await revokeUserSessions(db, caller.userId);
    await db.auditEvent.create({
      data: {
        agencyId: caller.agencyId,
        actorUserId: caller.userId,
        actorLabel: caller.label,
        action: "auth.signOutEverywhere",
        entityType: "session",
        entityId: caller.userId,
        entityCode: caller.label,
        after: { ended },
      },
    });
    return { ended };
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (value: string) => UUID.test(value);
