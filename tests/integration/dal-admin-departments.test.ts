import { beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { adminHandlers } from "@/lib/actions/admin-handlers";
import {
  createDepartment,
  getDepartment,
  listDepartments,
  moveDepartment,
  renameDepartment,
  retireDepartment,
} from "@/lib/dal/admin-departments";
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { createFixtureAgency, watchAudit, type Fixture } from "./support/fixtures";
import { expectNothingChanged, expectOneAuditEvent, rejectionOf } from "./support/expectations";

let fixture: Fixture;
let other: Fixture;

beforeEach(async () => {
  fixture = await createFixtureAgency();
  other = await createFixtureAgency("Other City");
});

const admin = () => fixture.principal("ADMIN");
const idOf = (code: string) => fixture.departments[code]!;
const versionOf = async (code: string) =>
  (await getPrisma().department.findUniqueOrThrow({ where: { id: idOf(code) } })).version;

/** A department with nothing depending on it, under a parent. */
async function addLeaf(code: string, parent: string | null = "CM") {
  const { department } = await createDepartment(admin(), { code, name: `Department ${code}`, parent });
  return department;
}

describe("listDepartments", () => {
  test("lists the agency's departments as a tree: depth first, each under its parent, with depth", async () => {
    const departments = await listDepartments(admin());
    expect(departments.map((row) => [row.code, row.parent, row.depth])).toEqual([
      ["CM", null, 0],
      ["PLN", "CM", 1],
      ["PLN-REV", "PLN", 2],
      ["PW", "CM", 1],
    ]);
    expect(departments[0]).toEqual({
      id: idOf("CM"),
      code: "CM",
      name: "Department CM",
      parent: null,
      depth: 0,
      isRetired: false,
      retiredAt: null,
      version: 1,
    });
    expect(await getDepartment(admin(), idOf("PW"))).toMatchObject({ code: "PW", parent: "CM", depth: 1 });
  });
});

describe("createDepartment", () => {
  test("creates a department under its parent and audits it", async () => {
    const audit = await watchAudit(fixture.agencyId);
    const { department } = await createDepartment(admin(), { code: "PW-STR", name: "Streets", parent: "PW" });
    expect(department).toMatchObject({
      code: "PW-STR",
      name: "Streets",
      parent: "PW",
      depth: 2,
      isRetired: false,
      version: 1,
    });
    expect((await listDepartments(admin())).map((row) => row.code)).toEqual(["CM", "PLN", "PLN-REV", "PW", "PW-STR"]);
    await expectOneAuditEvent(audit, {
      action: "department.create",
      entityType: "department",
      entityId: department.id,
      entityCode: "PW-STR",
      before: null,
      after: { code: "PW-STR", name: "Streets", parent: "PW", isRetired: false },
    });
  });

  test("a duplicate code is a field error on code and changes nothing", async () => {
    const result = await expectNothingChanged(fixture.agencyId, () =>
      adminHandlers.createDepartment(admin(), { code: "PW", name: "Again" }),
    );
    expect(result).toMatchObject({ ok: false, fieldErrors: { code: ["A department coded PW exists already."] } });
  });

  test("the same code in another agency is fine; an unknown or retired parent is refused", async () => {
    const created = await createDepartment(other.principal("ADMIN"), { code: "NEW", name: "New", parent: null });
    expect(created.department.code).toBe("NEW");
    expect((await createDepartment(admin(), { code: "NEW", name: "New", parent: null })).department.id).not.toBe(
      created.department.id,
    );
    const unknown = await rejectionOf(createDepartment(admin(), { code: "X1", name: "X", parent: "NOPE" }));
    expect((unknown as ValidationError).fieldErrors).toEqual({ parent: ["Unknown department NOPE."] });
    await addLeaf("OLD");
    await retireDepartment(admin(), {
      id: (await listDepartments(admin())).find((row) => row.code === "OLD")!.id,
      version: 1,
    });
    const retired = await rejectionOf(createDepartment(admin(), { code: "X2", name: "X", parent: "OLD" }));
    expect((retired as ValidationError).fieldErrors).toEqual({ parent: ["Department OLD is retired."] });
  });
});

describe("renameDepartment", () => {
  test("renames, bumps the version, audits; a stale version is a conflict", async () => {
    const audit = await watchAudit(fixture.agencyId);
    const { department } = await renameDepartment(admin(), { id: idOf("PW"), version: 1, name: "Public Works" });
    expect(department).toMatchObject({ code: "PW", name: "Public Works", version: 2 });
    await expectOneAuditEvent(audit, {
      action: "department.rename",
      entityType: "department",
      entityId: idOf("PW"),
      entityCode: "PW",
      before: { code: "PW", name: "Department PW", parent: "CM", isRetired: false },
      after: { code: "PW", name: "Public Works", parent: "CM", isRetired: false },
    });
    const stale = await rejectionOf(renameDepartment(admin(), { id: idOf("PW"), version: 1, name: "Works" }));
    expect(stale).toBeInstanceOf(ConflictError);
    expect((await getDepartment(admin(), idOf("PW"))).name).toBe("Public Works");
  });
});

describe("moveDepartment", () => {
  test("moves a department with its branch, and to the top level", async () => {
    const audit = await watchAudit(fixture.agencyId);
    const { department } = await moveDepartment(admin(), { id: idOf("PLN"), version: 1, parent: "PW" });
    expect(department).toMatchObject({ parent: "PW", depth: 2, version: 2 });
    expect((await listDepartments(admin())).map((row) => [row.code, row.depth])).toEqual([
      ["CM", 0],
      ["PW", 1],
      ["PLN", 2],
      ["PLN-REV", 3],
    ]);
    await expectOneAuditEvent(audit, {
      action: "department.move",
      entityType: "department",
      entityId: idOf("PLN"),
      before: expect.objectContaining({ parent: "CM" }),
      after: expect.objectContaining({ parent: "PW" }),
    });
    const top = await moveDepartment(admin(), { id: idOf("PW"), version: 1, parent: null });
    expect(top.department).toMatchObject({ parent: null, depth: 0 });
  });

  test.each([
    ["under itself", "PLN", "PLN", "PLN cannot be its own parent."],
    [
      "under its child",
      "PLN",
      "PLN-REV",
      "Moving PLN under PLN-REV would make a cycle: PLN-REV is inside PLN (PLN > PLN-REV).",
    ],
    [
      "under its grandchild",
      "CM",
      "PLN-REV",
      "Moving CM under PLN-REV would make a cycle: PLN-REV is inside CM (CM > PLN > PLN-REV).",
    ],
  ])("refuses a move %s, naming the cycle, and changes nothing", async (_, code, parent, message) => {
    const result = await expectNothingChanged(fixture.agencyId, async () =>
      adminHandlers.moveDepartment(admin(), { id: idOf(code), version: await versionOf(code), parent }),
    );
    expect(result).toEqual({ ok: false, message, fieldErrors: { parent: [message] } });
  });
});

describe("retireDepartment", () => {
  test("retires a department nothing depends on, and audits it", async () => {
    const leaf = await addLeaf("LIB");
    const audit = await watchAudit(fixture.agencyId);
    const { department } = await retireDepartment(admin(), { id: leaf.id, version: 1 });
    expect(department).toMatchObject({ isRetired: true, retiredAt: expect.any(String), version: 2 });
    await expectOneAuditEvent(audit, {
      action: "department.retire",
      entityType: "department",
      entityId: leaf.id,
      entityCode: "LIB",
      before: expect.objectContaining({ isRetired: false }),
      after: expect.objectContaining({ isRetired: true }),
    });
    expect(await rejectionOf(retireDepartment(admin(), { id: leaf.id, version: 2 }))).toBeInstanceOf(ConflictError);
  });

  test("refuses while it has active sub-departments, KPIs or department heads, naming them", async () => {
    await getPrisma().user.create({
      data: {
        agencyId: fixture.agencyId,
        email: `head.${Date.now()}@pln.example`,
        name: "Head",
        role: "DEPARTMENT_HEAD",
        departmentId: idOf("PLN"),
        isActive: false,
      },
    });
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(retireDepartment(admin(), { id: idOf("PLN"), version: 1 })),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(/^PLN cannot be retired while it has active sub-departments PLN-REV; KPIs /);
    expect(error.message).toContain("permits.cost, permits.cost_per_permit, permits.issued, permits.median_days");
    expect(error.message).toMatch(/department heads head\.\d+@pln\.example \(deactivated\)/);
    expect(await getDepartment(admin(), idOf("PLN"))).toMatchObject({ isRetired: false, version: 1 });
  });

  test("a retired sub-department no longer blocks its parent", async () => {
    const parent = await addLeaf("PRL");
    const child = await addLeaf("PRL-LIB", "PRL");
    const refused = await rejectionOf(retireDepartment(admin(), { id: parent.id, version: 1 }));
    expect(refused.message).toContain("active sub-departments PRL-LIB");
    await retireDepartment(admin(), { id: child.id, version: 1 });
    expect((await retireDepartment(admin(), { id: parent.id, version: 1 })).department.isRetired).toBe(true);
  });
});

describe("authorization", () => {
  test.each([
    ["a performance officer", () => fixture.principal("PERFORMANCE_OFFICER")],
    ["an executive", () => fixture.principal("EXECUTIVE")],
    ["a department head", () => fixture.principal("DEPARTMENT_HEAD", "PW")],
    ["an API token", () => fixture.token(["read", "tree:write"])],
  ] as const)("%s may not list or change departments", async (_, who) => {
    const caller = who();
    await expectNothingChanged(fixture.agencyId, async () => {
      for (const attempt of [
        () => listDepartments(caller),
        () => getDepartment(caller, idOf("PW")),
        () => createDepartment(caller, { code: "X", name: "X", parent: null }),
        () => renameDepartment(caller, { id: idOf("PW"), version: 1, name: "X" }),
        () => moveDepartment(caller, { id: idOf("PW"), version: 1, parent: null }),
        () => retireDepartment(caller, { id: idOf("PW"), version: 1 }),
      ]) {
        expect(await rejectionOf(attempt())).toBeInstanceOf(ForbiddenError);
      }
    });
    expect(await rejectionOf(listDepartments(null))).toBeInstanceOf(UnauthenticatedError);
  });

  test("another agency's admin finds none of this agency's departments", async () => {
    const stranger = other.principal("ADMIN");
    const leaf = await addLeaf("LEAF");
    await expectNothingChanged([fixture.agencyId, other.agencyId], async () => {
      for (const attempt of [
        () => getDepartment(stranger, idOf("PW")),
        () => renameDepartment(stranger, { id: idOf("PW"), version: 1, name: "X" }),
        () => moveDepartment(stranger, { id: idOf("PW"), version: 1, parent: null }),
        () => retireDepartment(stranger, { id: leaf.id, version: 1 }),
      ]) {
        expect(await rejectionOf(attempt())).toBeInstanceOf(NotFoundError);
      }
    });
    // Naming another agency's department as a parent is an unknown department, not a way in.
    const { department } = await createDepartment(other.principal("ADMIN"), {
      code: "ONLY-THERE",
      name: "X",
      parent: null,
    });
    expect(department.code).toBe("ONLY-THERE");
    const error = await rejectionOf(moveDepartment(admin(), { id: idOf("PW"), version: 1, parent: "ONLY-THERE" }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((await listDepartments(stranger)).map((row) => row.id)).not.toContain(idOf("PW"));
  });
});
