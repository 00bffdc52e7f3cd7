import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { getPrisma } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import type { Principal } from "@/lib/auth/permissions";
import { ValidationError } from "@/lib/errors";
import { PASSWORD_TOKEN_PATTERN, type ChangePasswordInput, type SetPasswordInput } from "@/lib/validation/password";
import type { Tx } from "./access";
import { revokeUserSessions, requireSignedInUser } from "./sessions";
import { verifyCurrentPassword } from "./sign-in";

// Passwords nobody but their owner knows. An admin never sees or sets a password: inviting or resetting a user gives
// the admin a one-time set-password link to hand over (the product sends no email), and the person chooses their
// password on /set-password. A signed-in user changes their own on /account/password, with their current one.
//
// A link's token is 32 random bytes (256 bits): guessing one is hopeless however many requests are sent, so the
// set-password page needs no throttle of its own. Only its SHA-256 is stored (a fast hash is enough for a random
// secret of that size), so a copy of the database holds no usable link.

/**
 * How long a link lasts. An invitation is handed over to someone who may start using the app the next day: 24 hours.
 * A reset follows a forgotten or stolen password, and is used while the person waits, often on the phone with the
 * admin: 1 hour, the shortest that is practical, since the link is itself a key to the account. Either way, another
 * link is one click away for the admin, and issuing it voids the earlier one.
 */
export const SETUP_LINK_HOURS = { invite: 24, reset: 1 } as const;
export type SetupPurpose = keyof typeof SETUP_LINK_HOURS;

export type SetupLinkDto = {
  /** The path of the link, on this app's own address (`/set-password?token=…`): shown once, never stored. */
  path: string;
  purpose: SetupPurpose;
  expiresAt: string;
};

const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");

/**
 * Issues a set-password link for a user, inside the caller's transaction (no authorization, no audit: the caller does
 * both). Every earlier link of the user that is still unused is voided: only the newest link works.
 */
export async function issueSetupLink(
  db: Tx,
  entry: {
    userId: string;
    agencyId: string;
    purpose: SetupPurpose;
    createdByUserId: string | null;
    createdByLabel: string;
  },
  now = new Date(),
): Promise<SetupLinkDto> {
  await voidSetupLinks(db, entry.userId, now);
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SETUP_LINK_HOURS[entry.purpose] * 3_600_000);
  await db.passwordSetupToken.create({
    data: { ...entry, tokenHash: hashToken(token), createdAt: now, expiresAt },
    select: { id: true },
  });
  return { path: `/set-password?token=${token}`, purpose: entry.purpose, expiresAt: expiresAt.toISOString() };
}

/** Voids every unused link of a user (a newer link, a deactivation, a password chosen another way). */
export async function voidSetupLinks(db: Tx, userId: string, now = new Date()): Promise<void> {
  await db.passwordSetupToken.updateMany({
    where: { userId, usedAt: null, voidedAt: null },
    data: { voidedAt: now },
  });
}

/** A link that no longer works is kept this long (its page says why: expired, used, replaced), then deleted. */
export const SPENT_SETUP_LINK_DAYS = 7;

/**
 * Deletes the set-password links that stopped working more than SPENT_SETUP_LINK_DAYS ago (expired, used or voided),
 * for the hourly sign-in prune job: the table does not grow with every invitation ever sent. Their issue and use stay
 * in the audit log.
 */
export async function pruneSetupLinks(now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - SPENT_SETUP_LINK_DAYS * 86_400_000);
  const pruned = await getPrisma().passwordSetupToken.deleteMany({
    where: { OR: [{ expiresAt: { lt: cutoff } }, { usedAt: { lt: cutoff } }, { voidedAt: { lt: cutoff } }] },
  });
  return pruned.count;
}

export type SetupLinkState =
  | { status: "valid"; email: string; purpose: SetupPurpose; expiresAt: string }
  | { status: "unknown" | "expired" | "used" | "replaced" };

const SETUP_LINK_MESSAGES: Record<Exclude<SetupLinkState["status"], "valid">, string> = {
  unknown: "This link is not valid. Check that you opened the whole link, or ask your administrator for a new one.",
  expired: "This link has expired. Ask your administrator for a new one.",
  used: "This link has been used already: a link sets a password once. Sign in, or ask your administrator for a new link.",
  replaced:
    "A newer link was issued for this account, so this one no longer works. Use the newest link you were given.",
};

export function describeSetupLinkProblem(status: Exclude<SetupLinkState["status"], "valid">): string {
  return SETUP_LINK_MESSAGES[status];
}

/**
 * What a set-password link is worth, for the page that opens it (public: the token is the credential). Reading it
 * changes nothing: a link previewed by a chat client or opened twice still works once.
 */
export async function getSetupLinkState(token: string, now = new Date()): Promise<SetupLinkState> {
  if (!PASSWORD_TOKEN_PATTERN.test(token)) return { status: "unknown" };
  const row = await getPrisma().passwordSetupToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      purpose: true,
      expiresAt: true,
      usedAt: true,
      voidedAt: true,
      agencyId: true,
      user: { select: { email: true, isActive: true, agencyId: true } },
    },
  });
  // A link for a user of another agency than its own, or for a deactivated user, is worth nothing.
  if (!row || row.user.agencyId !== row.agencyId || !row.user.isActive) return { status: "unknown" };
  if (row.usedAt) return { status: "used" };
  if (row.voidedAt) return { status: "replaced" };
  if (row.expiresAt <= now) return { status: "expired" };
  return { status: "valid", email: row.user.email, purpose: row.purpose, expiresAt: row.expiresAt.toISOString() };
}

/**
 * Sets a password through a set-password link (public: the token is the credential). The token is spent in the same
 * transaction that sets the password, by one conditional update, so two uses at once set one password. Every session
 * of the user ends. A sign-in lock is not lifted: it is the email's, shared with other agencies' accounts for it, and
 * an admin can hand out links at will (lib/dal/sign-in.ts).
 */
export async function setPasswordWithToken(input: SetPasswordInput, now = new Date()): Promise<{ email: string }> {
  const state = await getSetupLinkState(input.token, now);
  // Checked before hashing: a guessed or spent token costs the server no Argon2 run.
  if (state.status !== "valid") throw new ValidationError(describeSetupLinkProblem(state.status));
  const passwordHash = await hashPassword(input.password);
  const tokenHash = hashToken(input.token);
  return getPrisma().$transaction(async (db) => {
    const spent = await db.passwordSetupToken.updateMany({
      where: { tokenHash, usedAt: null, voidedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (spent.count !== 1) throw new ValidationError(describeSetupLinkProblem("used"));
    const token = await db.passwordSetupToken.findUniqueOrThrow({
      where: { tokenHash },
      select: { id: true, userId: true, agencyId: true, purpose: true },
    });
    // The user is taken from the token alone, and must be in the token's agency: nothing in the request names them.
    const user = await db.user.findFirst({
      where: { id: token.userId, agencyId: token.agencyId, isActive: true },
      select: { id: true, email: true },
    });
    if (!user) throw new ValidationError(describeSetupLinkProblem("unknown"));
    await db.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false } });
    await voidSetupLinks(db, user.id, now);
    await revokeUserSessions(db, user.id);
    await db.auditEvent.create({
      data: {
        agencyId: token.agencyId,
        actorUserId: user.id,
        actorLabel: user.email,
        action: "user.setPassword",
        entityType: "user",
        entityId: user.id,
        entityCode: user.email,
        after: { through: token.purpose === "invite" ? "invitation link" : "reset link" },
      },
    });
    return { email: user.email };
  });
}

/**
 * Changes the caller's own password: the current one is required (and checked under the sign-in's throttle), and
 * every other session of theirs ends — this one stays signed in. The only entry point open to a user who must
 * change their password.
 */
export async function changeOwnPassword(
  principal: Principal | null | undefined,
  input: ChangePasswordInput,
): Promise<{ endedSessions: number }> {
  const caller = requireSignedInUser(principal);
  const user = await getPrisma().user.findFirst({
    where: { id: caller.userId, agencyId: caller.agencyId, isActive: true },
    select: { id: true, agencyId: true, email: true, passwordHash: true },
  });
  if (!user) throw new ValidationError("Your account cannot change its password.");
  const verdict = await verifyCurrentPassword(user, input.currentPassword);
  if (verdict === "locked") {
    throw new ValidationError("Too many wrong passwords: try again in a few minutes. Your password is unchanged.");
  }
  if (verdict === "invalid") {
    throw new ValidationError("Your current password is not right. Your password is unchanged.", {
      currentPassword: ["This is not your current password."],
    });
  }
  const passwordHash = await hashPassword(input.password);
  return getPrisma().$transaction(async (db) => {
    await db.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false } });
    await voidSetupLinks(db, user.id);
    const endedSessions = await revokeUserSessions(db, user.id, { exceptSessionId: caller.sessionId });
    await db.auditEvent.create({
      data: {
        agencyId: user.agencyId,
        actorUserId: user.id,
        actorLabel: user.email,
        action: "user.changePassword",
        entityType: "user",
        entityId: user.id,
        entityCode: user.email,
        after: { endedSessions },
      },
    });
    return { endedSessions };
  });
}
