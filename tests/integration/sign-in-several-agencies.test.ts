// Accounts belong to an agency (issue 13, item 14d), so one email may have an account in several. Password sign-in
// checks the password against each: the one account it is right for signs in; when it is right for several, the
// person names the agency. The throttle stays the email's, so no agency's actions give more guesses at another's
// account.
import { beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { resetUserPassword } from "@/lib/dal/admin-users";
import { ACCOUNT_FAILURE_LIMIT, authenticateWithPassword } from "@/lib/dal/sign-in";
import { createFixtureAgency, type Fixture } from "./support/fixtures";
import { choosePassword } from "./support/passwords";

const ALPHA = "alpha password for the first agency";
const BRAVO = "bravo password for the second agency";

let first: Fixture;
let second: Fixture;
let counter = 0;

async function createAccount(agencyId: string, email: string, password: string, isActive = true) {
  const user = await getPrisma().user.create({
    data: { agencyId, email, name: "Person", role: "EXECUTIVE", isActive, passwordHash: await hashPassword(password) },
  });
  return user.id;
}

/** One email with an account in each agency, under these passwords. */
async function createTwins(firstPassword: string, secondPassword: string) {
  counter += 1;
  const email = `twin${counter}.${process.pid}@agencies.example`;
  return {
    email,
    firstId: await createAccount(first.agencyId, email, firstPassword),
    secondId: await createAccount(second.agencyId, email, secondPassword),
  };
}

const signInAuditOf = (agencyId: string | null, email: string) =>
  getPrisma().auditEvent.findMany({
    where: { agencyId, entityCode: email, action: { startsWith: "auth.signIn" } },
    orderBy: { createdAt: "asc" },
    select: { action: true, actorUserId: true, after: true },
  });

beforeEach(async () => {
  first = await createFixtureAgency("First City");
  second = await createFixtureAgency("Second Town");
});

describe("an email with accounts in two agencies", () => {
  test("different passwords: each password signs in to its own agency's account, audited there only", async () => {
    const twins = await createTwins(ALPHA, BRAVO);
    expect(await authenticateWithPassword({ email: twins.email, password: ALPHA, address: null })).toEqual({
      ok: true,
      userId: twins.firstId,
    });
    expect(
      await authenticateWithPassword({ email: twins.email.toUpperCase(), password: BRAVO, address: null }),
    ).toEqual({ ok: true, userId: twins.secondId });
    expect(await signInAuditOf(first.agencyId, twins.email)).toEqual([
      { action: "auth.signIn.success", actorUserId: twins.firstId, after: { address: "unknown" } },
    ]);
    expect(await signInAuditOf(second.agencyId, twins.email)).toEqual([
      { action: "auth.signIn.success", actorUserId: twins.secondId, after: { address: "unknown" } },
    ]);
  });

  test("a wrong password is refused as for one account, and audited in each agency as a failure of its own", async () => {
    const twins = await createTwins(ALPHA, BRAVO);
    expect(
      await authenticateWithPassword({ email: twins.email, password: "neither", address: "203.0.113.70" }),
    ).toEqual({ ok: false, reason: "invalid" });
    for (const [agencyId, userId] of [
      [first.agencyId, twins.firstId],
      [second.agencyId, twins.secondId],
    ] as const) {
      expect(await signInAuditOf(agencyId, twins.email)).toEqual([
        {
          action: "auth.signIn.failure",
          actorUserId: userId,
          after: { address: "203.0.113.70", reason: "wrong password" },
        },
      ]);
    }
  });

  test("the same password in both: refused until the agency is named, then that agency's account signs in", async () => {
    const twins = await createTwins(ALPHA, ALPHA);
    expect(await authenticateWithPassword({ email: twins.email, password: ALPHA, address: null })).toEqual({
      ok: false,
      reason: "choose agency",
    });
    for (const agencyId of [first.agencyId, second.agencyId]) {
      expect(await signInAuditOf(agencyId, twins.email)).toEqual([
        expect.objectContaining({
          action: "auth.signIn.failure",
          after: { address: "unknown", reason: "agency not chosen" },
        }),
      ]);
    }
    expect(
      await authenticateWithPassword({ email: twins.email, password: ALPHA, agency: first.slug, address: null }),
    ).toEqual({ ok: true, userId: twins.firstId });
    expect(
      await authenticateWithPassword({
        email: twins.email,
        password: ALPHA,
        agency: ` ${second.slug.toUpperCase()} `,
        address: null,
      }),
    ).toEqual({ ok: true, userId: twins.secondId });
    // Naming the agency is no shortcut: only that agency's account is considered, with its own password.
    expect(
      await authenticateWithPassword({ email: twins.email, password: "wrong", agency: first.slug, address: null }),
    ).toEqual({ ok: false, reason: "invalid" });
    expect((await signInAuditOf(second.agencyId, twins.email)).map((event) => event.action)).toEqual([
      "auth.signIn.failure",
      "auth.signIn.success",
    ]);
    // An agency nobody has, or one without an account for the email, is refused like a wrong password.
    const nowhere = `nowhere-${process.pid}-${counter}`;
    expect(
      await authenticateWithPassword({ email: twins.email, password: ALPHA, agency: nowhere, address: null }),
    ).toEqual({ ok: false, reason: "invalid" });
    expect(await signInAuditOf(null, twins.email)).toEqual([
      expect.objectContaining({
        action: "auth.signIn.failure",
        actorUserId: null,
        after: { address: "unknown", agency: nowhere, reason: "unknown account" },
      }),
    ]);
  });

  test("a deactivated account does not make the email ambiguous: the active one signs in", async () => {
    counter += 1;
    const email = `half${counter}.${process.pid}@agencies.example`;
    const activeId = await createAccount(first.agencyId, email, ALPHA);
    await createAccount(second.agencyId, email, ALPHA, false);
    expect(await authenticateWithPassword({ email, password: ALPHA, address: null })).toEqual({
      ok: true,
      userId: activeId,
    });
  });
});

describe("the throttle, with accounts in two agencies", () => {
  test("40 wrong passwords sent at once for the email: only 5 are checked, the rest refused unchecked", async () => {
    const twins = await createTwins(ALPHA, BRAVO);
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, guess) =>
        authenticateWithPassword({ email: twins.email, password: `guess ${guess}`, address: null }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(0);
    // Each checked guess is audited once in each agency: 5 failures there, and 35 refusals unchecked.
    for (const agencyId of [first.agencyId, second.agencyId]) {
      const actions = (await signInAuditOf(agencyId, twins.email)).map((event) => event.action);
      expect(actions.filter((action) => action === "auth.signIn.failure")).toHaveLength(ACCOUNT_FAILURE_LIMIT);
      expect(actions.filter((action) => action === "auth.signIn.locked")).toHaveLength(40 - ACCOUNT_FAILURE_LIMIT);
    }
    for (const [password, agency] of [
      [ALPHA, null],
      [BRAVO, second.slug],
    ] as const) {
      expect(await authenticateWithPassword({ email: twins.email, password, agency, address: null })).toMatchObject({
        ok: false,
        reason: "locked",
      });
    }
  });

  test("signing in to one agency's account gives no more guesses at the other's", async () => {
    // Whoever knows the second account's password (its agency's admin can set it through a link) must not be able to
    // clear the count between guesses at the first account.
    const twins = await createTwins(ALPHA, BRAVO);
    for (let guess = 0; guess < ACCOUNT_FAILURE_LIMIT - 1; guess++) {
      await authenticateWithPassword({ email: twins.email, password: `guess ${guess}`, address: null });
    }
    expect(await authenticateWithPassword({ email: twins.email, password: BRAVO, address: null })).toMatchObject({
      ok: true,
    });
    expect(await authenticateWithPassword({ email: twins.email, password: "last guess", address: null })).toMatchObject(
      { ok: false, reason: "locked" },
    );
    expect(await authenticateWithPassword({ email: twins.email, password: ALPHA, address: null })).toMatchObject({
      ok: false,
      reason: "locked",
    });
  });

  test("resetting one agency's account and choosing its password does not lift the email's lock", async () => {
    // Regression: a reset and a set-password link each deleted the lock, which one agency's admin could do at will
    // to give themselves more guesses at another agency's account with the same email.
    const twins = await createTwins(ALPHA, BRAVO);
    for (let guess = 0; guess < ACCOUNT_FAILURE_LIMIT; guess++) {
      await authenticateWithPassword({ email: twins.email, password: `guess ${guess}`, address: null });
    }
    const { version } = await getPrisma().user.findUniqueOrThrow({ where: { id: twins.secondId } });
    const { setupLink } = await resetUserPassword(second.principal("ADMIN"), { id: twins.secondId, version });
    const chosen = await choosePassword(setupLink, "a password the admin chose");
    for (const password of [chosen, ALPHA]) {
      expect(await authenticateWithPassword({ email: twins.email, password, address: null })).toMatchObject({
        ok: false,
        reason: "locked",
      });
    }
  });
});
