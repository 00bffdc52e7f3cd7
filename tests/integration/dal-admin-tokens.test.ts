import { createHash } from "node:crypto";
import { beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { adminHandlers, toAdminInput } from "@/lib/actions/admin-handlers";
import { authenticateApiToken, createApiToken, listApiTokens, revokeApiToken } from "@/lib/dal/admin-tokens";
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { createFixtureAgency, watchAudit, type Fixture } from "./support/fixtures";
import { expectOneAuditEvent, rejectionOf } from "./support/expectations";

let fixture: Fixture;
let other: Fixture;

beforeEach(async () => {
  fixture = await createFixtureAgency();
  other = await createFixtureAgency("Other City");
});

const admin = () => fixture.principal("ADMIN");

describe("createApiToken", () => {
  test("returns a tl_ token once, stores only its SHA-256 hash and prefix, and audits it without the secret", async () => {
    const audit = await watchAudit(fixture.agencyId);
    const { token, secret } = await createApiToken(admin(), {
      name: "311 CRM feed",
      scopes: ["read", "measurements:write"],
      department: "PLN",
    });
    expect(secret).toMatch(/^tl_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(3), "base64url")).toHaveLength(32);
    expect(token).toEqual({
      id: expect.any(String),
      name: "311 CRM feed",
      prefix: secret.slice(0, 10),
      scopes: ["read", "measurements:write"],
      department: "PLN",
      createdAt: expect.any(String),
      createdBy: null,
      lastUsedAt: null,
      revokedAt: null,
      expiresAt: expect.any(String),
      isExpired: false,
    });
    const row = await getPrisma().apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row).toMatchObject({ agencyId: fixture.agencyId, departmentId: fixture.departments.PLN });
    const event = await expectOneAuditEvent(audit, {
      action: "apiToken.create",
      entityType: "apiToken",
      entityId: token.id,
      entityCode: "311 CRM feed",
      before: null,
      after: {
        name: "311 CRM feed",
        prefix: token.prefix,
        scopes: ["read", "measurements:write"],
        department: "PLN",
        isRevoked: false,
        expiresAt: token.expiresAt,
      },
    });
    expect(JSON.stringify(event)).not.toContain(secret);
    expect(JSON.stringify(event)).not.toContain(row.tokenHash);
  });

  test("each token is different", async () => {
    const first = await createApiToken(admin(), { name: "A", scopes: ["read"], department: null });
    const second = await createApiToken(admin(), { name: "A", scopes: ["read"], department: null });
    expect(first.secret).not.toBe(second.secret);
  });

  test("records the creating user", async () => {
    const user = await getPrisma().user.create({
      data: {
        agencyId: fixture.agencyId,
        email: `token.maker.${Date.now()}@example.gov`,
        name: "Maker",
        role: "ADMIN",
      },
    });
    const principal = { ...admin(), userId: user.id, label: user.email } as const;
    const { token } = await createApiToken(principal, { name: "Mine", scopes: ["read"], department: null });
    expect(token.createdBy).toBe(user.email);
  });

  test.each([
    ["no scope", { scopes: [] }, "scopes", "Choose at least one scope."],
    ["an unknown scope", { scopes: ["admin"] }, "scopes.0", "Use read, measurements:write or tree:write."],
    ["no name", { name: "  " }, "name", "Enter a name."],
    ["an unknown department", { department: "NOPE" }, "department", "Unknown department NOPE."],
  ])("refuses %s with a field error and stores nothing", async (_, change, field, message) => {
    const result = await adminHandlers.createApiToken(admin(), { name: "Feed", scopes: ["read"], ...change });
    expect(result).toMatchObject({ ok: false, fieldErrors: { [field]: [message] } });
    expect(await getPrisma().apiToken.count({ where: { agencyId: fixture.agencyId } })).toBe(0);
  });

  test("a form post with several ticked scopes and no department makes an agency-wide token with all of them", async () => {
    const form = new FormData();
    form.append("name", " Survey import ");
    form.append("scopes", "tree:write");
    form.append("scopes", "read");
    form.append("department", "");
    const result = await adminHandlers.createApiToken(admin(), toAdminInput(form));
    expect(result).toMatchObject({
      ok: true,
      data: { token: { name: "Survey import", scopes: ["read", "tree:write"], department: null } },
    });
    const unticked = new FormData();
    unticked.append("name", "Nothing ticked");
    expect(await adminHandlers.createApiToken(admin(), toAdminInput(unticked))).toMatchObject({
      ok: false,
      fieldErrors: { scopes: ["Choose at least one scope."] },
    });
  });

  test("keeps scopes in their canonical order without repeats", async () => {
    const result = await adminHandlers.createApiToken(admin(), {
      name: "Feed",
      scopes: ["tree:write", "read", "tree:write"],
    });
    expect(result).toMatchObject({ ok: true, data: { token: { scopes: ["read", "tree:write"] } } });
  });
});

describe("authenticateApiToken", () => {
  test("a valid token authenticates as its agency, scopes and department, and records its use", async () => {
    const { token, secret } = await createApiToken(admin(), {
      name: "Finance feed",
      scopes: ["measurements:write"],
      department: "PW",
    });
    const principal = await authenticateApiToken(secret);
    expect(principal).toEqual({
      kind: "token",
      tokenId: token.id,
      agencyId: fixture.agencyId,
      scopes: ["measurements:write"],
      departmentId: fixture.departments.PW,
      label: `token Finance feed (${token.prefix}…)`,
    });
    expect(await authenticateApiToken(`Bearer ${secret}`)).toMatchObject({ tokenId: token.id });
    const [listed] = await listApiTokens(admin());
    expect(listed?.lastUsedAt).not.toBeNull();
  });

  test("a revoked token, an unknown token and a malformed one authenticate nothing", async () => {
    const { token, secret } = await createApiToken(admin(), { name: "Old feed", scopes: ["read"], department: null });
    expect(await authenticateApiToken(secret)).not.toBeNull();
    await revokeApiToken(admin(), { id: token.id });
    expect(await authenticateApiToken(secret)).toBeNull();
    const unknown = `tl_${Buffer.alloc(32, 7).toString("base64url")}`;
    expect(await authenticateApiToken(unknown)).toBeNull();
    expect(await authenticateApiToken("")).toBeNull();
    expect(await authenticateApiToken(`${secret}x`)).toBeNull();
    expect(await authenticateApiToken(createHash("sha256").update(secret).digest("hex"))).toBeNull();
  });
});

describe("listApiTokens and revokeApiToken", () => {
  test("lists the agency's tokens newest first with created, last used and revoked", async () => {
    const first = await createApiToken(admin(), { name: "First", scopes: ["read"], department: null });
    const second = await createApiToken(admin(), { name: "Second", scopes: ["tree:write"], department: null });
    await createApiToken(other.principal("ADMIN"), { name: "Elsewhere", scopes: ["read"], department: null });
    const tokens = await listApiTokens(admin());
    expect(tokens.map((token) => token.name)).toEqual(["Second", "First"]);
    expect(tokens[1]).toEqual(first.token);
    expect(JSON.stringify(tokens)).not.toContain(first.secret);
    expect(JSON.stringify(tokens)).not.toContain(second.secret.slice(10));
  });

  test("revoking records when, audits it, and cannot be repeated", async () => {
    const { token } = await createApiToken(admin(), { name: "Feed", scopes: ["read"], department: null });
    const audit = await watchAudit(fixture.agencyId);
    const result = await revokeApiToken(admin(), { id: token.id });
    expect(result.token.revokedAt).not.toBeNull();
    await expectOneAuditEvent(audit, {
      action: "apiToken.revoke",
      entityType: "apiToken",
      entityId: token.id,
      entityCode: "Feed",
      before: expect.objectContaining({ isRevoked: false }),
      after: expect.objectContaining({ isRevoked: true }),
    });
    expect(await rejectionOf(revokeApiToken(admin(), { id: token.id }))).toBeInstanceOf(ConflictError);
  });
});

describe("authorization", () => {
  test.each([
    ["a performance officer", () => fixture.principal("PERFORMANCE_OFFICER")],
    ["an executive", () => fixture.principal("EXECUTIVE")],
    ["a department head", () => fixture.principal("DEPARTMENT_HEAD", "PLN")],
    ["an API token", () => fixture.token(["read", "measurements:write", "tree:write"])],
  ] as const)("%s may not list, create or revoke tokens", async (_, who) => {
    const { token, secret } = await createApiToken(admin(), { name: "Feed", scopes: ["read"], department: null });
    for (const attempt of [
      () => listApiTokens(who()),
      () => createApiToken(who(), { name: "Sneaky", scopes: ["tree:write"], department: null }),
      () => revokeApiToken(who(), { id: token.id }),
    ]) {
      expect(await rejectionOf(attempt())).toBeInstanceOf(ForbiddenError);
    }
    expect(await getPrisma().apiToken.count({ where: { agencyId: fixture.agencyId } })).toBe(1);
    expect(await authenticateApiToken(secret)).not.toBeNull();
    expect(await rejectionOf(listApiTokens(null))).toBeInstanceOf(UnauthenticatedError);
  });

  test("another agency's admin cannot revoke this agency's token, nor limit a token to its department", async () => {
    const { token, secret } = await createApiToken(admin(), { name: "Feed", scopes: ["read"], department: null });
    const audit = await watchAudit(fixture.agencyId);
    expect(await rejectionOf(revokeApiToken(other.principal("ADMIN"), { id: token.id }))).toBeInstanceOf(NotFoundError);
    expect(await authenticateApiToken(secret)).not.toBeNull();
    expect(await audit.newEvents()).toEqual([]);
    const created = await createApiToken(other.principal("ADMIN"), { name: "X", scopes: ["read"], department: "PW" });
    // Each fixture agency has its own PW: the token is limited to the other agency's.
    expect((await authenticateApiToken(created.secret))?.departmentId).toBe(other.departments.PW);
    await getPrisma().department.update({ where: { id: other.departments.PW }, data: { code: "PW-GONE" } });
    const refused = await rejectionOf(
      createApiToken(other.principal("ADMIN"), { name: "Y", scopes: ["read"], department: "PW" }),
    );
    expect(refused).toBeInstanceOf(ValidationError);
  });
});
