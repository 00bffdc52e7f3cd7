import { createHash } from "node:crypto";
import { beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import type { Principal } from "@/lib/auth/permissions";
import { verifyPassword } from "@/lib/auth/password";
import { adminHandlers } from "@/lib/actions/admin-handlers";
import {
  createUser,
  deactivateUser,
  getUser,
  listUsers,
  reactivateUser,
  resetUserPassword,
  updateUserAccess,
  type UserDto,
} from "@/lib/dal/admin-users";
import { authenticateWithPassword } from "@/lib/dal/sign-in";
import { loadSessionPrincipal, startSession } from "@/lib/dal/sessions";
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { createFixtureAgency, watchAudit, type Fixture } from "./support/fixtures";
import { choosePassword, tokenOf } from "./support/passwords";
import { expectNothingChanged, expectOneAuditEvent, rejectionOf } from "./support/expectations";

let fixture: Fixture;
let other: Fixture;

beforeEach(async () => {
  fixture = await createFixtureAgency();
  other = await createFixtureAgency("Other City");
});

const admin = () => fixture.principal("ADMIN");
let emailCounter = 0;
const newEmail = (name = "person") => `${name}.${process.pid}.${Date.now().toString(36)}.${++emailCounter}@example.gov`;

async function addUser(fields: Partial<{ email: string; role: UserDto["role"]; department: string | null }> = {}) {
  return createUser(admin(), {
    email: fields.email ?? newEmail(),
    name: "Jordan Lee",
    role: fields.role ?? "EXECUTIVE",
    department: fields.department ?? null,
  });
}

/** A principal for a real admin user (the fixture's principals have ids no user row has). */
async function signedInAdmin(): Promise<{ principal: Principal; user: UserDto }> {
  const { user } = await addUser({ role: "ADMIN" });
  return {
    user,
    principal: {
      kind: "user",
      userId: user.id,
      agencyId: fixture.agencyId,
      role: "ADMIN",
      departmentId: null,
      label: user.email,
    },
  };
}

async function auditedText(agencyId: string): Promise<string> {
  return JSON.stringify(await getPrisma().auditEvent.findMany({ where: { agencyId } }));
}

const nonAdmins = [
  ["a performance officer", () => fixture.principal("PERFORMANCE_OFFICER")],
  ["an executive", () => fixture.principal("EXECUTIVE")],
  ["a department head", () => fixture.principal("DEPARTMENT_HEAD", "PLN")],
  ["an API token", () => fixture.token(["read", "measurements:write", "tree:write"])],
] as const;

describe("createUser", () => {
  test("creates the user with a lower-cased email and no password, returns an invitation link once (its token stored only hashed), and audits it", async () => {
    const audit = await watchAudit(fixture.agencyId);
    const email = newEmail("Casey");
    const result = await createUser(admin(), {
      email,
      name: "Casey Nguyen",
      role: "DEPARTMENT_HEAD",
      department: "PLN",
    });
    expect(result.user).toEqual({
      id: expect.any(String),
      email: email.toLowerCase(),
      name: "Casey Nguyen",
      role: "DEPARTMENT_HEAD",
      department: "PLN",
      isActive: true,
      version: 1,
      createdAt: expect.any(String),
    });
    // The admin gets a link, never a password.
    expect(Object.keys(result).sort()).toEqual(["setupLink", "user"]);
    expect(result.setupLink).toEqual({
      path: expect.stringMatching(/^\/set-password\?token=[A-Za-z0-9_-]{43}$/),
      purpose: "invite",
      expiresAt: expect.any(String),
    });
    const hoursValid = (Date.parse(result.setupLink.expiresAt) - Date.now()) / 3_600_000;
    expect(hoursValid).toBeGreaterThan(23.9);
    expect(hoursValid).toBeLessThanOrEqual(24);
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: result.user.id } });
    expect(row).toMatchObject({
      agencyId: fixture.agencyId,
      departmentId: fixture.departments.PLN,
      passwordHash: null,
      mustChangePassword: false,
    });
    const token = tokenOf(result.setupLink);
    const stored = await getPrisma().passwordSetupToken.findMany({ where: { userId: result.user.id } });
    expect(stored).toEqual([
      expect.objectContaining({
        tokenHash: createHash("sha256").update(token).digest("base64url"),
        agencyId: fixture.agencyId,
        purpose: "invite",
        usedAt: null,
        voidedAt: null,
        createdByLabel: admin().label,
      }),
    ]);
    expect(JSON.stringify(stored)).not.toContain(token);
    await expectOneAuditEvent(audit, {
      action: "user.create",
      entityType: "user",
      entityId: result.user.id,
      entityCode: result.user.email,
      actorLabel: admin().label,
      before: null,
      after: {
        email: result.user.email,
        name: "Casey Nguyen",
        role: "DEPARTMENT_HEAD",
        department: "PLN",
        isActive: true,
        invitationExpiresAt: result.setupLink.expiresAt,
      },
    });
    expect(await auditedText(fixture.agencyId)).not.toContain(token);
  });

  test("nobody signs in as an invited user until they choose a password through the link; then it signs them in", async () => {
    const { user, setupLink } = await addUser();
    expect(
      await authenticateWithPassword({ email: user.email, password: "anything at all", address: "203.0.113.7" }),
    ).toMatchObject({ ok: false });
    const password = await choosePassword(setupLink);
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash!, password)).toBe(true);
    await getPrisma().signInThrottle.deleteMany({ where: { key: `account:${user.email}` } });
    const outcome = await authenticateWithPassword({ email: user.email, password, address: "203.0.113.7" });
    expect(outcome).toEqual({ ok: true, userId: user.id });
  });

  test("the action lower-cases and trims the email", async () => {
    const email = newEmail("Mixed");
    const result = await adminHandlers.createUser(admin(), {
      email: `  ${email.toUpperCase()}  `,
      name: "Mixed Case",
      role: "EXECUTIVE",
    });
    expect(result).toMatchObject({ ok: true, data: { user: { email: email.toLowerCase() } } });
  });

  test("a duplicate email in this agency is a field error on email and changes nothing", async () => {
    // Accounts belong to an agency (issue 13, item 14d): the same email in another agency is no duplicate, and
    // tests/integration/admin-users-email-probe.test.ts checks that it creates a separate account.
    const { user } = await addUser();
    for (const email of [user.email, user.email.toUpperCase()]) {
      const result = await expectNothingChanged([fixture.agencyId], () =>
        adminHandlers.createUser(admin(), { email, name: "Again", role: "EXECUTIVE" }),
      );
      expect(result).toMatchObject({
        ok: false,
        fieldErrors: { email: ["An account with this email exists already in this agency."] },
      });
    }
    expect(await getPrisma().user.count({ where: { email: user.email } })).toBe(1);
  });

  test.each([
    ["a department head without a department", { role: "DEPARTMENT_HEAD" }, "A department head needs a department."],
    [
      "an executive with a department",
      { role: "EXECUTIVE", department: "PLN" },
      "Only a department head has a department",
    ],
    ["an unknown department", { role: "DEPARTMENT_HEAD", department: "NOPE" }, "Unknown department NOPE."],
  ])("refuses %s with an error on the department field", async (_, fields, message) => {
    const result = await adminHandlers.createUser(admin(), { email: newEmail(), name: "Someone", ...fields });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : (result.fieldErrors?.department ?? [])).toEqual([expect.stringContaining(message)]);
  });

  test("refuses a retired department", async () => {
    await getPrisma().department.update({
      where: { id: fixture.departments["PLN-REV"] },
      data: { retiredAt: new Date() },
    });
    const error = await rejectionOf(addUser({ role: "DEPARTMENT_HEAD", department: "PLN-REV" }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.department).toEqual(["Department PLN-REV is retired."]);
  });

  test("refuses an invalid email and an unknown role", async () => {
    const result = await adminHandlers.createUser(admin(), { email: "not-an-email", name: "X", role: "OWNER" });
    expect(result).toMatchObject({ ok: false, fieldErrors: { email: [expect.any(String)], role: ["Choose a role."] } });
  });
});

describe("listUsers and getUser", () => {
  test("list the agency's own users, with department codes and without password hashes", async () => {
    const head = await addUser({ role: "DEPARTMENT_HEAD", department: "PW" });
    await createUser(other.principal("ADMIN"), {
      email: newEmail("other"),
      name: "Other",
      role: "EXECUTIVE",
      department: null,
    });
    const users = await listUsers(admin());
    expect(users.map((user) => user.email)).toEqual([head.user.email]);
    expect(users[0]).toEqual(head.user);
    expect(JSON.stringify(users)).not.toContain("argon2");
    expect(await getUser(admin(), head.user.id)).toEqual(head.user);
  });

  test("another agency's user, or a malformed id, is not found", async () => {
    const { user } = await createUser(other.principal("ADMIN"), {
      email: newEmail("other"),
      name: "Other",
      role: "EXECUTIVE",
      department: null,
    });
    expect(await rejectionOf(getUser(admin(), user.id))).toBeInstanceOf(NotFoundError);
    expect(await rejectionOf(getUser(admin(), "not-a-uuid"))).toBeInstanceOf(NotFoundError);
  });
});

describe("updateUserAccess", () => {
  test("sets the role and department, bumps the version and audits before and after", async () => {
    const { user } = await addUser({ role: "EXECUTIVE" });
    const openedBefore = await startSession(user.id);
    const audit = await watchAudit(fixture.agencyId);
    const result = await updateUserAccess(admin(), {
      id: user.id,
      version: 1,
      role: "DEPARTMENT_HEAD",
      department: "PW",
    });
    expect(result.user).toMatchObject({ role: "DEPARTMENT_HEAD", department: "PW", version: 2 });
    // The session opened as an executive is over; a new one has the new role.
    expect(await loadSessionPrincipal(user.id, openedBefore)).toBeNull();
    const principal = await loadSessionPrincipal(user.id, await startSession(user.id));
    expect(principal).toMatchObject({ role: "DEPARTMENT_HEAD", departmentId: fixture.departments.PW });
    await expectOneAuditEvent(audit, {
      action: "user.updateAccess",
      entityType: "user",
      entityId: user.id,
      before: { email: user.email, name: user.name, role: "EXECUTIVE", department: null, isActive: true },
      after: { email: user.email, name: user.name, role: "DEPARTMENT_HEAD", department: "PW", isActive: true },
    });
  });

  test("a stale version is a conflict that changes nothing", async () => {
    const { user } = await addUser();
    await updateUserAccess(admin(), { id: user.id, version: 1, role: "PERFORMANCE_OFFICER", department: null });
    const error = await rejectionOf(
      updateUserAccess(admin(), { id: user.id, version: 1, role: "ADMIN", department: null }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain(`${user.email} was changed by ${admin().label}`);
    expect(await getUser(admin(), user.id)).toMatchObject({ role: "PERFORMANCE_OFFICER", version: 2 });
  });

  test("an admin cannot demote themselves, but may demote another admin", async () => {
    const me = await signedInAdmin();
    const error = await rejectionOf(
      updateUserAccess(me.principal, { id: me.user.id, version: 1, role: "EXECUTIVE", department: null }),
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toBe("You cannot remove your own admin role; another admin can.");
    expect(await getUser(admin(), me.user.id)).toMatchObject({ role: "ADMIN", version: 1 });
    const { user: otherAdmin } = await addUser({ role: "ADMIN" });
    const result = await updateUserAccess(me.principal, {
      id: otherAdmin.id,
      version: 1,
      role: "EXECUTIVE",
      department: null,
    });
    expect(result.user.role).toBe("EXECUTIVE");
  });
});

describe("deactivateUser and reactivateUser", () => {
  test("a deactivated user's session is refused and they cannot sign in; reactivation restores both", async () => {
    const { user, setupLink } = await addUser();
    const password = await choosePassword(setupLink);
    const openedBefore = await startSession(user.id);
    const audit = await watchAudit(fixture.agencyId);
    const result = await deactivateUser(admin(), { id: user.id, version: 1 });
    expect(result.user).toMatchObject({ isActive: false, version: 2 });
    await expectOneAuditEvent(audit, {
      action: "user.deactivate",
      entityType: "user",
      entityId: user.id,
      before: expect.objectContaining({ isActive: true }),
      after: expect.objectContaining({ isActive: false }),
    });
    expect(await loadSessionPrincipal(user.id, openedBefore)).toBeNull();
    expect(await authenticateWithPassword({ email: user.email, password, address: "203.0.113.8" })).toMatchObject({
      ok: false,
    });
    const reactivated = await reactivateUser(admin(), { id: user.id, version: 2 });
    expect(reactivated.user).toMatchObject({ isActive: true, version: 3 });
    // Reactivation does not bring the old session back; signing in again works.
    expect(await loadSessionPrincipal(user.id, openedBefore)).toBeNull();
    expect(await loadSessionPrincipal(user.id, await startSession(user.id))).toMatchObject({ userId: user.id });
  });

  test("an admin cannot deactivate themselves", async () => {
    const me = await signedInAdmin();
    const error = await rejectionOf(deactivateUser(me.principal, { id: me.user.id, version: 1 }));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toBe("You cannot deactivate your own account; another admin can.");
    expect(await getUser(admin(), me.user.id)).toMatchObject({ isActive: true });
  });

  test("deactivating an inactive user is refused", async () => {
    const { user } = await addUser();
    await deactivateUser(admin(), { id: user.id, version: 1 });
    expect(await rejectionOf(deactivateUser(admin(), { id: user.id, version: 2 }))).toBeInstanceOf(ValidationError);
  });
});

describe("resetUserPassword", () => {
  test("the old password stops working at once, sessions end, and the admin gets a one-hour reset link, never a password", async () => {
    const { user, setupLink: invitation } = await addUser();
    const oldPassword = await choosePassword(invitation);
    // Regression: a session survived a password reset (the cookie carried only the user id).
    const stolenSession = await startSession(user.id);
    const audit = await watchAudit(fixture.agencyId);
    const result = await resetUserPassword(admin(), { id: user.id, version: 1 });
    expect(Object.keys(result).sort()).toEqual(["setupLink", "user"]);
    expect(result.setupLink).toMatchObject({ purpose: "reset" });
    const hoursValid = (Date.parse(result.setupLink.expiresAt) - Date.now()) / 3_600_000;
    expect(hoursValid).toBeGreaterThan(0.9);
    expect(hoursValid).toBeLessThanOrEqual(1);
    expect(await loadSessionPrincipal(user.id, stolenSession)).toBeNull();
    await expectOneAuditEvent(audit, {
      action: "user.resetPassword",
      entityType: "user",
      entityId: user.id,
      before: null,
      after: { passwordReset: true, linkExpiresAt: result.setupLink.expiresAt },
    });
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toBeNull();
    expect(await auditedText(fixture.agencyId)).not.toContain(tokenOf(result.setupLink));
    expect(
      await authenticateWithPassword({ email: user.email, password: oldPassword, address: "203.0.113.9" }),
    ).toMatchObject({ ok: false });
    const newPassword = await choosePassword(result.setupLink, "a different long passphrase");
    expect(
      await authenticateWithPassword({ email: user.email, password: newPassword, address: "203.0.113.9" }),
    ).toEqual({ ok: true, userId: user.id });
  });

  test("an admin cannot reset their own password (it would sign them out before they could copy the link)", async () => {
    const me = await signedInAdmin();
    const before = await getPrisma().user.findUniqueOrThrow({ where: { id: me.user.id } });
    const error = await rejectionOf(resetUserPassword(me.principal, { id: me.user.id, version: 1 }));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(await getPrisma().user.findUniqueOrThrow({ where: { id: me.user.id } })).toEqual(before);
  });
});

describe("authorization", () => {
  test.each(nonAdmins)("%s may not list, read, create or change users", async (_, who) => {
    const { user } = await addUser();
    const caller = who();
    const attempts = [
      () => listUsers(caller),
      () => getUser(caller, user.id),
      () => createUser(caller, { email: newEmail(), name: "X", role: "EXECUTIVE", department: null }),
      () => updateUserAccess(caller, { id: user.id, version: 1, role: "ADMIN", department: null }),
      () => deactivateUser(caller, { id: user.id, version: 1 }),
      () => reactivateUser(caller, { id: user.id, version: 1 }),
      () => resetUserPassword(caller, { id: user.id, version: 1 }),
    ];
    for (const attempt of attempts) expect(await rejectionOf(attempt())).toBeInstanceOf(ForbiddenError);
    expect(await getUser(admin(), user.id)).toEqual(user);
    expect(await getPrisma().user.count({ where: { agencyId: fixture.agencyId } })).toBe(1);
  });

  test("nobody signed in may do anything", async () => {
    expect(await rejectionOf(listUsers(null))).toBeInstanceOf(UnauthenticatedError);
    expect(
      await rejectionOf(createUser(null, { email: newEmail(), name: "X", role: "ADMIN", department: null })),
    ).toBeInstanceOf(UnauthenticatedError);
  });

  test("another agency's admin finds none of this agency's users", async () => {
    const { user } = await addUser();
    const stranger = other.principal("ADMIN");
    const audit = await watchAudit(fixture.agencyId);
    const attempts = [
      () => getUser(stranger, user.id),
      () => updateUserAccess(stranger, { id: user.id, version: 1, role: "ADMIN", department: null }),
      () => deactivateUser(stranger, { id: user.id, version: 1 }),
      () => reactivateUser(stranger, { id: user.id, version: 1 }),
      () => resetUserPassword(stranger, { id: user.id, version: 1 }),
    ];
    for (const attempt of attempts) expect(await rejectionOf(attempt())).toBeInstanceOf(NotFoundError);
    expect((await listUsers(stranger)).map((row) => row.id)).not.toContain(user.id);
    expect(await getUser(admin(), user.id)).toEqual(user);
    expect(await audit.newEvents()).toEqual([]);
  });
});
