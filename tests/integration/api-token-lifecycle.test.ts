// Attack tests for API tokens' lifecycle (issue 13, item 11): an expired token, the old secret of a rotated token,
// and a department-scoped token whose department is deleted underneath it. Each attack is refused and changes nothing.
import { beforeEach, describe, expect, test } from "vitest";
import { POST as measurementsRoute } from "@/app/api/v1/measurements/route";
import { GET as kpiRoute } from "@/app/api/v1/kpis/[code]/route";
import { getPrisma } from "@/lib/db";
import { adminHandlers } from "@/lib/actions/admin-handlers";
import { authenticateApiToken, createApiToken, listApiTokens, rotateApiToken } from "@/lib/dal/admin-tokens";
import { retireDepartment } from "@/lib/dal/admin-departments";
import { ConflictError, ValidationError } from "@/lib/errors";
import { callApi } from "./support/api";
import { expectOneAuditEvent, rejectionOf } from "./support/expectations";
import { createFixtureAgency, snapshotAgency, watchAudit, type Fixture } from "./support/fixtures";

let fixture: Fixture;
const admin = () => fixture.principal("ADMIN");
const DAY_MS = 86_400_000;

beforeEach(async () => {
  fixture = await createFixtureAgency("Token City");
});

const sendMeasurement = (token: string) =>
  callApi(measurementsRoute, "/api/v1/measurements", {
    token,
    body: { measurements: [{ kpi: "permits.issued", period: "2026-07", value: 999 }] },
  });

const readKpi = (token: string) =>
  callApi(kpiRoute, "/api/v1/kpis/permits.issued", { token, params: { code: "permits.issued" } });

async function expire(tokenId: string) {
  await getPrisma().apiToken.update({ where: { id: tokenId }, data: { expiresAt: new Date(Date.now() - 1000) } });
}

describe("expiry", () => {
  test("a new token expires after the chosen lifetime, 90 days by default, and never after 365", async () => {
    const started = Date.now();
    const byDefault = await createApiToken(admin(), { name: "Default", scopes: ["read"], department: null });
    const chosen = await adminHandlers.createApiToken(admin(), { name: "Short", scopes: ["read"], expiresInDays: 30 });
    const daysFromNow = (iso: string) => Math.round((Date.parse(iso) - started) / DAY_MS);
    expect(daysFromNow(byDefault.token.expiresAt)).toBe(90);
    expect(byDefault.token.isExpired).toBe(false);
    expect(chosen).toMatchObject({ ok: true });
    expect(daysFromNow((chosen as { data: { token: { expiresAt: string } } }).data.token.expiresAt)).toBe(30);
    for (const expiresInDays of [0, 366, 1.5]) {
      const refused = await adminHandlers.createApiToken(admin(), { name: "Long", scopes: ["read"], expiresInDays });
      expect(refused).toMatchObject({ ok: false, fieldErrors: { expiresInDays: [expect.any(String)] } });
    }
    expect(await getPrisma().apiToken.count({ where: { agencyId: fixture.agencyId } })).toBe(2);
  });

  // Attack: a feed keeps using a token past its expiry. It must be refused exactly like an unknown token.
  test("an expired token gets the same 401 as an unknown token, for reads and writes, and changes nothing", async () => {
    const { token, secret } = await createApiToken(admin(), {
      name: "311 feed",
      scopes: ["read", "measurements:write"],
      department: null,
    });
    expect((await readKpi(secret)).status).toBe(200);
    await expire(token.id);
    const usedBefore = await getPrisma().apiToken.findUniqueOrThrow({ where: { id: token.id } });
    const before = await snapshotAgency(fixture.agencyId);

    const unknown = `tl_${Buffer.alloc(32, 7).toString("base64url")}`;
    const [write, read, writeUnknown, readUnknown] = [
      await sendMeasurement(secret),
      await readKpi(secret),
      await sendMeasurement(unknown),
      await readKpi(unknown),
    ];
    expect(write.status).toBe(401);
    expect(read.status).toBe(401);
    expect(write.text).toBe(writeUnknown.text);
    expect(read.text).toBe(readUnknown.text);
    expect(await authenticateApiToken(secret)).toBeNull();

    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
    // Not even its last use is recorded.
    expect(await getPrisma().apiToken.findUniqueOrThrow({ where: { id: token.id } })).toEqual(usedBefore);
    const [listed] = await listApiTokens(admin());
    expect(listed).toMatchObject({ id: token.id, isExpired: true, revokedAt: null });
  });
});

describe("rotateApiToken", () => {
  test("gives a new secret with the same name, scopes and department, revokes the old one, and audits it", async () => {
    const old = await createApiToken(admin(), {
      name: "Finance feed",
      scopes: ["read", "measurements:write"],
      department: "PLN",
      expiresInDays: 30,
    });
    const audit = await watchAudit(fixture.agencyId);
    const rotated = await rotateApiToken(admin(), { id: old.token.id, expiresInDays: 180 });
    expect(rotated.secret).not.toBe(old.secret);
    expect(rotated.token).toMatchObject({
      name: "Finance feed",
      scopes: ["read", "measurements:write"],
      department: "PLN",
      revokedAt: null,
      isExpired: false,
    });
    expect(Math.round((Date.parse(rotated.token.expiresAt) - Date.now()) / DAY_MS)).toBe(180);
    expect(rotated.replaced).toMatchObject({ id: old.token.id, revokedAt: expect.any(String) });
    expect(await authenticateApiToken(rotated.secret)).toMatchObject({
      tokenId: rotated.token.id,
      departmentId: fixture.departments.PLN,
      scopes: ["read", "measurements:write"],
    });
    const event = await expectOneAuditEvent(audit, {
      action: "apiToken.rotate",
      entityType: "apiToken",
      entityId: old.token.id,
      entityCode: "Finance feed",
      before: expect.objectContaining({ isRevoked: false }),
      after: expect.objectContaining({
        isRevoked: true,
        replacedBy: expect.objectContaining({ id: rotated.token.id, department: "PLN", isRevoked: false }),
      }),
    });
    expect(JSON.stringify(event)).not.toContain(rotated.secret);
  });

  // Attack: the old secret of a rotated token (say, the one that leaked) is used again. It must be dead at once.
  test("the old secret is refused with 401 right after rotation and changes nothing", async () => {
    const old = await createApiToken(admin(), { name: "Feed", scopes: ["measurements:write"], department: null });
    const rotated = await rotateApiToken(admin(), { id: old.token.id });
    const before = await snapshotAgency(fixture.agencyId);
    const attempt = await sendMeasurement(old.secret);
    expect(attempt.status).toBe(401);
    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
    expect((await sendMeasurement(rotated.secret)).status).toBe(200);
  });

  test("an expired token may be rotated; a revoked one, or one rotated already, may not", async () => {
    const expired = await createApiToken(admin(), { name: "Stopped feed", scopes: ["read"], department: null });
    await expire(expired.token.id);
    const revived = await rotateApiToken(admin(), { id: expired.token.id });
    expect(await authenticateApiToken(revived.secret)).not.toBeNull();
    const count = await getPrisma().apiToken.count({ where: { agencyId: fixture.agencyId } });
    const again = await rejectionOf(rotateApiToken(admin(), { id: expired.token.id }));
    expect(again).toBeInstanceOf(ConflictError);
    expect(await getPrisma().apiToken.count({ where: { agencyId: fixture.agencyId } })).toBe(count);
  });

  test("a token limited to a department retired since cannot be rotated into it, and stays as it was", async () => {
    const { token } = await createApiToken(admin(), { name: "Old feed", scopes: ["read"], department: "PLN-REV" });
    await expire(token.id);
    await getPrisma().kpi.updateMany({
      where: { agencyId: fixture.agencyId, departmentId: fixture.departments["PLN-REV"] },
      data: { departmentId: fixture.departments.PLN },
    });
    await retireDepartment(admin(), { id: fixture.departments["PLN-REV"]!, version: 1 });
    const refused = await rejectionOf(rotateApiToken(admin(), { id: token.id }));
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).message).toBe("Department PLN-REV is retired.");
    expect(await getPrisma().apiToken.findUniqueOrThrow({ where: { id: token.id } })).toMatchObject({
      revokedAt: null,
    });
    expect(await getPrisma().apiToken.count({ where: { agencyId: fixture.agencyId } })).toBe(1);
  });
});

describe("a department-scoped token never widens", () => {
  // Attack: deleting the department of a department-scoped token used to set its departmentId to null, which makes
  // the token agency-wide. The delete must be refused and the token keep its scope.
  test("deleting the department of a scoped token is refused; the token's scope is unchanged", async () => {
    const { token, secret } = await createApiToken(admin(), {
      name: "Revenue feed",
      scopes: ["read"],
      department: "PLN-REV",
    });
    // Nothing else holds PLN-REV: its KPI moves away first, so only the token stands in the way.
    await getPrisma().kpi.updateMany({
      where: { agencyId: fixture.agencyId, departmentId: fixture.departments["PLN-REV"] },
      data: { departmentId: fixture.departments.PLN },
    });
    const before = await snapshotAgency(fixture.agencyId);
    const deleted = await rejectionOf(
      getPrisma().department.delete({ where: { id: fixture.departments["PLN-REV"]! } }),
    );
    expect(deleted).toBeInstanceOf(Error);
    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
    expect(await getPrisma().apiToken.findUniqueOrThrow({ where: { id: token.id } })).toMatchObject({
      departmentId: fixture.departments["PLN-REV"],
    });
    expect(await authenticateApiToken(secret)).toMatchObject({ departmentId: fixture.departments["PLN-REV"] });
    // And through the API the token still reads only its branch: permits.issued (PLN) lies outside it.
    expect((await readKpi(secret)).status).not.toBe(200);
  });

  test("retiring the department of a working token is refused with a message naming the token", async () => {
    const { token } = await createApiToken(admin(), { name: "Revenue feed", scopes: ["read"], department: "PLN-REV" });
    await getPrisma().kpi.updateMany({
      where: { agencyId: fixture.agencyId, departmentId: fixture.departments["PLN-REV"] },
      data: { departmentId: fixture.departments.PLN },
    });
    const refused = await rejectionOf(retireDepartment(admin(), { id: fixture.departments["PLN-REV"]!, version: 1 }));
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).message).toBe(
      `PLN-REV cannot be retired while it has API tokens Revenue feed (${token.prefix}…). Move, retire, reassign or revoke them first.`,
    );
    // An expired token holds nothing: the department retires.
    await expire(token.id);
    expect(
      (await retireDepartment(admin(), { id: fixture.departments["PLN-REV"]!, version: 1 })).department,
    ).toMatchObject({ isRetired: true });
  });

  // Attack: deleting a department head's department used to leave the head with no department, silently.
  test("deleting the department of a department head is refused; the head keeps their department", async () => {
    const head = await getPrisma().user.create({
      data: {
        agencyId: fixture.agencyId,
        email: `head.${Date.now()}@example.gov`,
        name: "Head",
        role: "DEPARTMENT_HEAD",
        departmentId: fixture.departments["PLN-REV"]!,
      },
    });
    await getPrisma().kpi.updateMany({
      where: { agencyId: fixture.agencyId, departmentId: fixture.departments["PLN-REV"] },
      data: { departmentId: fixture.departments.PLN },
    });
    const deleted = await rejectionOf(
      getPrisma().department.delete({ where: { id: fixture.departments["PLN-REV"]! } }),
    );
    expect(deleted).toBeInstanceOf(Error);
    expect(await getPrisma().user.findUniqueOrThrow({ where: { id: head.id } })).toMatchObject({
      departmentId: fixture.departments["PLN-REV"],
    });
  });

  test("deleting a whole agency still removes its departments, users and tokens", async () => {
    await createApiToken(admin(), { name: "Feed", scopes: ["read"], department: "PW" });
    await getPrisma().agency.delete({ where: { id: fixture.agencyId } });
    expect(await getPrisma().department.count({ where: { agencyId: fixture.agencyId } })).toBe(0);
    expect(await getPrisma().apiToken.count({ where: { agencyId: fixture.agencyId } })).toBe(0);
  });
});
