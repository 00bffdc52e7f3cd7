import { beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Principal } from "@/lib/auth/permissions";
import { adminHandlers } from "@/lib/actions/admin-handlers";
import { changePasswordHandler, setPasswordHandler } from "@/lib/actions/password-handlers";
import { createUser, listUsers, resetUserPassword } from "@/lib/dal/admin-users";
import { createUserAsOperator } from "@/lib/dal/operator";
import {
  changeOwnPassword,
  getSetupLinkState,
  issueSetupLink,
  pruneSetupLinks,
  setPasswordWithToken,
  SPENT_SETUP_LINK_DAYS,
} from "@/lib/dal/passwords";
import { listMySessions, loadSessionPrincipal, startSession } from "@/lib/dal/sessions";
import { ACCOUNT_FAILURE_LIMIT, authenticateWithPassword } from "@/lib/dal/sign-in";
import { getTreeView } from "@/lib/dal/tree-read";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { createFixtureAgency, type Fixture } from "./support/fixtures";
import { rejectionOf } from "./support/expectations";
import { choosePassword, snapshotAccounts, TEST_PASSWORD, tokenOf } from "./support/passwords";

let fixture: Fixture;
let other: Fixture;

beforeEach(async () => {
  fixture = await createFixtureAgency();
  other = await createFixtureAgency("Other City");
});

let counter = 0;
const newEmail = () => `person.${process.pid}.${Date.now().toString(36)}.${++counter}@passwords.example`;

const invite = (agency: Fixture = fixture) =>
  createUser(agency.principal("ADMIN"), { email: newEmail(), name: "Pat Doe", role: "EXECUTIVE", department: null });

/** Runs `act` and checks that no user, link, session or audit row of either agency changed. */
async function expectAccountsUnchanged<T>(act: () => Promise<T>): Promise<T> {
  const ids = [fixture.agencyId, other.agencyId];
  const before = await snapshotAccounts(ids);
  const result = await act();
  expect(await snapshotAccounts(ids)).toEqual(before);
  return result;
}

/** A principal for a real user, signed in through a real session row. */
async function signIn(userId: string): Promise<Principal> {
  const principal = await loadSessionPrincipal(userId, await startSession(userId));
  if (!principal) throw new Error("could not sign in");
  return principal;
}

const input = (token: string, password = TEST_PASSWORD) => ({ token, password, confirmPassword: password });

describe("set-password links", () => {
  test("a link sets a password once, ends the user's sessions, and is audited as the user", async () => {
    const { user, setupLink } = await invite();
    await getPrisma().user.update({
      where: { id: user.id },
      data: { passwordHash: await hashPassword("an earlier one!") },
    });
    const openSession = await startSession(user.id);
    expect(await getSetupLinkState(tokenOf(setupLink))).toMatchObject({ status: "valid", email: user.email });
    expect(await setPasswordWithToken(input(tokenOf(setupLink)))).toEqual({ email: user.email });
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(row.passwordHash!, TEST_PASSWORD)).toBe(true);
    expect(await loadSessionPrincipal(user.id, openSession)).toBeNull();
    const events = await getPrisma().auditEvent.findMany({ where: { entityId: user.id, action: "user.setPassword" } });
    expect(events).toEqual([
      expect.objectContaining({ actorUserId: user.id, actorLabel: user.email, after: { through: "invitation link" } }),
    ]);
  });

  test("a used link is refused the second time, and nothing changes", async () => {
    // Attack: replaying a set-password link (from a browser history, a forwarded chat) to take the account over.
    const { setupLink } = await invite();
    await choosePassword(setupLink);
    const error = await expectAccountsUnchanged(() =>
      rejectionOf(setPasswordWithToken(input(tokenOf(setupLink), "the attacker's password"))),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain("used already");
    expect(await getSetupLinkState(tokenOf(setupLink))).toEqual({ status: "used" });
  });

  test("two uses of one link at once set one password", async () => {
    // Attack: racing the owner's use of a link with a second request.
    const { user, setupLink } = await invite();
    const outcomes = await Promise.allSettled([
      setPasswordWithToken(input(tokenOf(setupLink), "first racing password")),
      setPasswordWithToken(input(tokenOf(setupLink), "second racing password")),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } });
    const matches = await Promise.all(
      ["first racing password", "second racing password"].map((password) =>
        verifyPassword(row.passwordHash!, password),
      ),
    );
    expect(matches.filter(Boolean)).toHaveLength(1);
    expect(await getPrisma().auditEvent.count({ where: { entityId: user.id, action: "user.setPassword" } })).toBe(1);
  });

  test("an expired link is refused, and nothing changes", async () => {
    // Attack: using a link found long after it was handed over.
    const { user } = await invite();
    const longAgo = new Date(Date.now() - 25 * 3_600_000);
    const stale = await getPrisma().$transaction((db) =>
      issueSetupLink(
        db,
        {
          userId: user.id,
          agencyId: fixture.agencyId,
          purpose: "invite",
          createdByUserId: null,
          createdByLabel: "test",
        },
        longAgo,
      ),
    );
    expect(await getSetupLinkState(tokenOf(stale))).toEqual({ status: "expired" });
    const error = await expectAccountsUnchanged(() => rejectionOf(setPasswordWithToken(input(tokenOf(stale)))));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain("expired");
  });

  test(`a spent link is kept ${SPENT_SETUP_LINK_DAYS} days (its page says why it no longer works), then pruned`, async () => {
    // Regression: set-password links were never deleted, so the table kept every invitation ever sent.
    const { user, setupLink: live } = await invite();
    const issue = (at: Date) =>
      getPrisma().$transaction((db) =>
        issueSetupLink(
          db,
          {
            userId: user.id,
            agencyId: fixture.agencyId,
            purpose: "reset",
            createdByUserId: null,
            createdByLabel: "test",
          },
          at,
        ),
      );
    const now = new Date();
    // Each link voids the one before it, at the time it is issued: `live` is voided eight days ago by `longExpired`.
    const longExpired = await issue(new Date(now.getTime() - (SPENT_SETUP_LINK_DAYS + 1) * 86_400_000));
    const recentlyExpired = await issue(new Date(now.getTime() - 2 * 3_600_000));
    const { setupLink: newest } = await resetUserPassword(fixture.principal("ADMIN"), { id: user.id, version: 1 });
    const linksOfUser = () => getPrisma().passwordSetupToken.count({ where: { userId: user.id } });
    expect(await linksOfUser()).toBe(4);

    expect(await pruneSetupLinks(now)).toBeGreaterThanOrEqual(2);
    expect(await getSetupLinkState(tokenOf(live))).toEqual({ status: "unknown" });
    expect(await getSetupLinkState(tokenOf(longExpired))).toEqual({ status: "unknown" });
    expect(await getSetupLinkState(tokenOf(recentlyExpired))).not.toEqual({ status: "unknown" });
    expect(await getSetupLinkState(tokenOf(newest))).toMatchObject({ status: "valid" });
    // The two that stopped working within the week stay, so their pages can still say why.
    expect(await linksOfUser()).toBe(2);
  });

  test("a newer link voids the earlier one; a reset's link does too", async () => {
    const { user, setupLink: first } = await invite();
    const { setupLink: second } = await resetUserPassword(fixture.principal("ADMIN"), { id: user.id, version: 1 });
    expect(await getSetupLinkState(tokenOf(first))).toEqual({ status: "replaced" });
    const error = await expectAccountsUnchanged(() => rejectionOf(setPasswordWithToken(input(tokenOf(first)))));
    expect(error).toBeInstanceOf(ValidationError);
    await choosePassword(second);
  });

  test("unknown and malformed tokens are refused, and nothing changes", async () => {
    for (const token of ["A".repeat(43), "short", "../../etc/passwd", ""]) {
      expect(await getSetupLinkState(token)).toEqual({ status: "unknown" });
      const result = await expectAccountsUnchanged(() => setPasswordHandler(input(token)));
      expect(result.ok).toBe(false);
    }
  });

  test("a deactivated user's link is refused", async () => {
    const { user, setupLink } = await invite();
    await getPrisma().user.update({ where: { id: user.id }, data: { isActive: false } });
    const error = await expectAccountsUnchanged(() => rejectionOf(setPasswordWithToken(input(tokenOf(setupLink)))));
    expect(error).toBeInstanceOf(ValidationError);
  });

  test("a link of agency A cannot set the password of a user in agency B", async () => {
    // Attack: naming another agency's user next to one's own valid link, or a link row pointing across agencies.
    const { user: mine, setupLink } = await invite(fixture);
    const { user: theirs } = await invite(other);
    const theirsBefore = await getPrisma().user.findUniqueOrThrow({ where: { id: theirs.id } });
    const result = await setPasswordHandler({
      ...input(tokenOf(setupLink)),
      userId: theirs.id,
      email: theirs.email,
      agencyId: other.agencyId,
    });
    expect(result).toEqual({ ok: true, data: { email: mine.email } });
    expect(await getPrisma().user.findUniqueOrThrow({ where: { id: theirs.id } })).toEqual(theirsBefore);

    // A link row of agency A naming B's user (as a bug elsewhere could write it) is worth nothing.
    const crossed = await getPrisma().$transaction((db) =>
      issueSetupLink(db, {
        userId: theirs.id,
        agencyId: fixture.agencyId,
        purpose: "reset",
        createdByUserId: null,
        createdByLabel: "test",
      }),
    );
    expect(await getSetupLinkState(tokenOf(crossed))).toEqual({ status: "unknown" });
    const error = await expectAccountsUnchanged(() => rejectionOf(setPasswordWithToken(input(tokenOf(crossed)))));
    expect(error).toBeInstanceOf(ValidationError);
    expect(await getPrisma().user.findUniqueOrThrow({ where: { id: theirs.id } })).toEqual(theirsBefore);
  });

  test("the policy refuses short, common and demo passwords, and two that differ; nothing changes", async () => {
    const { setupLink } = await invite();
    const token = tokenOf(setupLink);
    for (const [password, confirmPassword] of [
      ["short", "short"],
      ["throughline-demo", "throughline-demo"],
      ["Password1234", "Password1234"],
      ["a good long passphrase", "a good long passphrase!"],
    ]) {
      const result = await expectAccountsUnchanged(() => setPasswordHandler({ token, password, confirmPassword }));
      expect(result).toMatchObject({ ok: false, fieldErrors: expect.any(Object) });
    }
    expect(await getSetupLinkState(token)).toMatchObject({ status: "valid" });
  });
});

describe("admins never see a password", () => {
  test("creating and resetting a user answer with a link; no answer holds a password or a hash", async () => {
    const admin = fixture.principal("ADMIN");
    const created = await adminHandlers.createUser(admin, { email: newEmail(), name: "Lee", role: "EXECUTIVE" });
    if (!created.ok) throw new Error(created.message);
    const data = created.data as { user: { id: string; email: string }; setupLink: { path: string } };
    expect(Object.keys(data).sort()).toEqual(["setupLink", "user"]);
    const chosen = await choosePassword(data.setupLink as Parameters<typeof choosePassword>[0]);
    const reset = await adminHandlers.resetUserPassword(admin, { id: data.user.id, version: 1 });
    if (!reset.ok) throw new Error(reset.message);
    expect(Object.keys(reset.data as object).sort()).toEqual(["setupLink", "user"]);
    const answers = JSON.stringify([created, reset, await listUsers(admin)]);
    expect(answers).not.toMatch(/password"|argon2/i);
    expect(answers).not.toContain(chosen);
  });
});

describe("changing one's own password", () => {
  async function userWithPassword(password = TEST_PASSWORD) {
    const { user, setupLink } = await invite();
    await choosePassword(setupLink, password);
    return user;
  }

  test("needs the current password; ends the other sessions, keeps this one, and is audited", async () => {
    const user = await userWithPassword();
    const elsewhere = await startSession(user.id);
    const me = await signIn(user.id);
    const result = await changeOwnPassword(me, {
      currentPassword: TEST_PASSWORD,
      password: "my own new passphrase",
      confirmPassword: "my own new passphrase",
    });
    expect(result).toEqual({ endedSessions: 1 });
    expect(await loadSessionPrincipal(user.id, elsewhere)).toBeNull();
    expect((await listMySessions(me)).map((session) => session.isCurrent)).toEqual([true]);
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(row.passwordHash!, "my own new passphrase")).toBe(true);
    expect(await getPrisma().auditEvent.count({ where: { entityId: user.id, action: "user.changePassword" } })).toBe(1);
  });

  test("a wrong current password is refused and the hash is unchanged; guesses are throttled like sign-in", async () => {
    // Attack: someone holding a stolen session guesses the password to take the account over for good.
    const user = await userWithPassword();
    const me = await signIn(user.id);
    const hashBefore = (await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    const guess = (currentPassword: string) =>
      changePasswordHandler(me, {
        currentPassword,
        password: "taken over for good",
        confirmPassword: "taken over for good",
      });
    for (let attempt = 1; attempt < ACCOUNT_FAILURE_LIMIT; attempt += 1) {
      expect(await guess(`wrong guess ${attempt}`)).toMatchObject({
        ok: false,
        fieldErrors: { currentPassword: ["This is not your current password."] },
      });
    }
    expect(await guess("the last wrong guess")).toMatchObject({
      ok: false,
      message: expect.stringContaining("Too many"),
    });
    // Locked: even the right password is not checked now, here or at sign-in.
    expect(await guess(TEST_PASSWORD)).toMatchObject({ ok: false, message: expect.stringContaining("Too many") });
    expect(await authenticateWithPassword({ email: user.email, password: TEST_PASSWORD, address: null })).toMatchObject(
      {
        ok: false,
        reason: "locked",
      },
    );
    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(hashBefore);
    expect(
      await getPrisma().auditEvent.count({ where: { entityId: user.id, action: "auth.passwordChange.failure" } }),
    ).toBe(ACCOUNT_FAILURE_LIMIT);
  });

  test("nobody signed in cannot change a password, and learns no field rule", async () => {
    const result = await changePasswordHandler(null, { currentPassword: "", password: "x", confirmPassword: "y" });
    expect(result).toEqual({ ok: false, message: "Sign in to continue." });
  });
});

describe("users the CLI creates must choose their own password first", () => {
  test("their every other call is refused until they change it; then they hold their role again", async () => {
    // Attack: using an account whose password an operator chose (and saw) without replacing it.
    const agency = await getPrisma().agency.findUniqueOrThrow({ where: { id: fixture.agencyId } });
    const { user, generatedPassword } = await createUserAsOperator({
      agency: agency.slug,
      email: newEmail(),
      role: "ADMIN",
      department: null,
    });
    expect(await authenticateWithPassword({ email: user.email, password: generatedPassword!, address: null })).toEqual({
      ok: true,
      userId: user.id,
    });
    const flagged = await signIn(user.id);
    expect(flagged).toMatchObject({ role: "ADMIN", mustChangePassword: true });
    const attempts = [
      () => listUsers(flagged),
      () => createUser(flagged, { email: newEmail(), name: "X", role: "ADMIN", department: null }),
      () => getTreeView(flagged),
    ];
    await expectAccountsUnchanged(async () => {
      for (const attempt of attempts) expect(await rejectionOf(attempt())).toBeInstanceOf(ForbiddenError);
      expect(await adminHandlers.createUser(flagged, { email: newEmail(), name: "X", role: "ADMIN" })).toMatchObject({
        ok: false,
      });
    });
    await changeOwnPassword(flagged, {
      currentPassword: generatedPassword!,
      password: "chosen by me at last",
      confirmPassword: "chosen by me at last",
    });
    const after = await loadSessionPrincipal(user.id, flagged.kind === "user" ? flagged.sessionId : undefined);
    expect(after).not.toHaveProperty("mustChangePassword");
    expect(await listUsers(after)).toEqual(expect.arrayContaining([expect.objectContaining({ id: user.id })]));
  });
});
