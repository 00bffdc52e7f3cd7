import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { ACCOUNT_FAILURE_LIMIT, authenticateWithPassword, loadUserPrincipal } from "@/lib/dal/sign-in";
import { createFixtureAgency, type Fixture } from "./support/fixtures";

let fixture: Fixture;
let counter = 0;

async function createUser(overrides: { role?: "EXECUTIVE" | "PERFORMANCE_OFFICER"; isActive?: boolean } = {}) {
  counter += 1;
  const email = `person${counter}.${process.pid}@sign-in.example`;
  const user = await getPrisma().user.create({
    data: {
      agencyId: fixture.agencyId,
      email,
      name: "Person",
      role: overrides.role ?? "EXECUTIVE",
      isActive: overrides.isActive ?? true,
      passwordHash: await hashPassword("correct horse battery staple"),
    },
  });
  return { id: user.id, email };
}

const auditFor = (email: string) =>
  getPrisma().auditEvent.findMany({
    where: { entityCode: email, entityType: "session" },
    orderBy: { createdAt: "asc" },
  });

describe("signing in with a password", () => {
  beforeAll(async () => {
    fixture = await createFixtureAgency();
  });

  test("the right password signs in and is audited with the address", async () => {
    const user = await createUser();
    const outcome = await authenticateWithPassword({
      email: user.email.toUpperCase(),
      password: "correct horse battery staple",
      address: "203.0.113.5",
    });
    expect(outcome).toEqual({ ok: true, userId: user.id });
    const audit = await auditFor(user.email);
    expect(audit.map((event) => event.action)).toEqual(["auth.signIn.success"]);
    expect(audit[0]).toMatchObject({
      agencyId: fixture.agencyId,
      actorUserId: user.id,
      after: { address: "203.0.113.5" },
    });
  });

  test("a wrong password, an unknown email and a deactivated account are all refused alike, and audited", async () => {
    const user = await createUser();
    const inactive = await createUser({ isActive: false });
    const wrong = await authenticateWithPassword({ email: user.email, password: "nope", address: "203.0.113.6" });
    const unknown = await authenticateWithPassword({
      email: `nobody.${process.pid}@sign-in.example`,
      password: "nope",
      address: "203.0.113.6",
    });
    const deactivated = await authenticateWithPassword({
      email: inactive.email,
      password: "correct horse battery staple",
      address: "203.0.113.6",
    });
    for (const outcome of [wrong, unknown, deactivated]) expect(outcome).toEqual({ ok: false, reason: "invalid" });
    expect((await auditFor(user.email)).map((event) => event.after)).toEqual([
      { address: "203.0.113.6", reason: "wrong password" },
    ]);
    expect((await auditFor(inactive.email)).map((event) => event.after)).toEqual([
      { address: "203.0.113.6", reason: "deactivated" },
    ]);
    const unknownAudit = await auditFor(`nobody.${process.pid}@sign-in.example`);
    expect(unknownAudit).toHaveLength(1);
    expect(unknownAudit[0]).toMatchObject({ agencyId: null, action: "auth.signIn.failure" });
  });

  test(`the account locks after ${ACCOUNT_FAILURE_LIMIT} failures: even the right password is refused then`, async () => {
    const user = await createUser();
    const outcomes = [];
    for (let attempt = 0; attempt < ACCOUNT_FAILURE_LIMIT; attempt++) {
      outcomes.push(
        await authenticateWithPassword({
          email: user.email,
          password: `wrong ${attempt}`,
          address: `198.51.100.${attempt}`,
        }),
      );
    }
    expect(outcomes.slice(0, -1).every((outcome) => !outcome.ok && outcome.reason === "invalid")).toBe(true);
    expect(outcomes.at(-1)).toMatchObject({ ok: false, reason: "locked" });
    const locked = await authenticateWithPassword({
      email: user.email,
      password: "correct horse battery staple",
      address: "198.51.100.99",
    });
    expect(locked).toMatchObject({ ok: false, reason: "locked" });
    expect((await auditFor(user.email)).at(-1)?.action).toBe("auth.signIn.locked");
    // The lock is kept in PostgreSQL, so every app server sees it.
    const throttle = await getPrisma().signInThrottle.findUnique({ where: { key: `account:${user.email}` } });
    expect(throttle?.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
  });

  test("a success clears the account's failure count", async () => {
    const user = await createUser();
    for (let attempt = 0; attempt < ACCOUNT_FAILURE_LIMIT - 1; attempt++) {
      await authenticateWithPassword({ email: user.email, password: "wrong", address: "192.0.2.10" });
    }
    expect(
      await authenticateWithPassword({
        email: user.email,
        password: "correct horse battery staple",
        address: "192.0.2.10",
      }),
    ).toMatchObject({ ok: true });
    expect(await getPrisma().signInThrottle.findUnique({ where: { key: `account:${user.email}` } })).toBeNull();
  });
});

describe("the principal behind a session", () => {
  test("is read from the database each time: a role change or a deactivation applies at once", async () => {
    const user = await createUser({ role: "PERFORMANCE_OFFICER" });
    expect(await loadUserPrincipal(user.id)).toMatchObject({
      kind: "user",
      role: "PERFORMANCE_OFFICER",
      agencyId: fixture.agencyId,
    });
    await getPrisma().user.update({ where: { id: user.id }, data: { role: "EXECUTIVE" } });
    expect(await loadUserPrincipal(user.id)).toMatchObject({ role: "EXECUTIVE" });
    await getPrisma().user.update({ where: { id: user.id }, data: { isActive: false } });
    expect(await loadUserPrincipal(user.id)).toBeNull();
  });
});
