import { beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { createObjective, deleteObjective, updateObjective } from "@/lib/dal/objectives";
import { ConflictError, ValidationError } from "@/lib/errors";
import type { UpdateObjectiveInput } from "@/lib/validation/tree";
import { createFixtureAgency, readStoredHealth, watchAudit, type Fixture } from "./support/fixtures";
import {
  expectNothingChanged,
  expectOneAuditEvent,
  expectStoredHealthToEqualFullRecompute,
  rejectionOf,
} from "./support/expectations";

let fixture: Fixture;

beforeEach(async () => {
  fixture = await createFixtureAgency();
});

const officer = () => fixture.principal("PERFORMANCE_OFFICER");

async function currentFields(code: string): Promise<UpdateObjectiveInput> {
  const objective = await getPrisma().objective.findUniqueOrThrow({
    where: { agencyId_code: { agencyId: fixture.agencyId, code } },
    include: { department: true, parent: true },
  });
  return {
    id: objective.id,
    version: objective.version,
    title: objective.title,
    description: objective.description,
    department: objective.department?.code ?? null,
    parent: objective.parent?.code ?? null,
    weight: objective.weight,
    published: objective.published,
  };
}

describe("createObjective", () => {
  test("returns the objective, stores its health and its parent's, and audits it", async () => {
    const audit = await watchAudit(fixture.agencyId);
    const before = await readStoredHealth(fixture.agencyId);
    expect(before["objective:O1"]).toMatchObject({ coverage: 1 });
    const result = await createObjective(officer(), {
      code: "O1.2",
      plan: "PLAN",
      title: "Fewer resubmissions",
      description: "Plans right the first time",
      department: "PLN-REV",
      parent: "O1",
      weight: 2,
      published: true,
    });
    expect(result.objective).toEqual({
      id: expect.any(String),
      code: "O1.2",
      plan: "PLAN",
      title: "Fewer resubmissions",
      description: "Plans right the first time",
      department: "PLN-REV",
      parent: "O1",
      weight: 2,
      published: true,
      version: 1,
    });
    const row = await getPrisma().objective.findUniqueOrThrow({ where: { id: result.objective.id } });
    // After O1.1, its only sibling.
    expect(row).toMatchObject({ agencyId: fixture.agencyId, parentId: fixture.objectives.O1, position: 1 });
    const after = await readStoredHealth(fixture.agencyId);
    expect(after["objective:O1.2"]).toMatchObject({ status: "NO_DATA", coverage: null });
    // O1 has KR weights 2 + 1 + 1 and O1.1 (1), all with data; the new child (2) has none.
    expect(after["objective:O1"]).toMatchObject({ coverage: 5 / 7 });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "objective.create",
      entityType: "objective",
      entityId: result.objective.id,
      entityCode: "O1.2",
      before: null,
      after: result.objective,
    });
  });

  test("a top-level objective without a department", async () => {
    const result = await createObjective(officer(), {
      code: "O3",
      plan: "PLAN",
      title: "Open data",
      description: "",
      department: null,
      parent: null,
      weight: 1,
      published: false,
    });
    expect(result.objective).toMatchObject({ department: null, parent: null });
    expect(await getPrisma().objective.findUniqueOrThrow({ where: { id: result.objective.id } })).toMatchObject({
      position: 2,
    });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });

  test("a code that is taken is a conflict and nothing changes", async () => {
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(
        createObjective(officer(), {
          code: "O2",
          plan: "PLAN",
          title: "Again",
          description: "",
          department: null,
          parent: null,
          weight: 1,
          published: false,
        }),
      ),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("O2");
  });
});

describe("updateObjective", () => {
  test("a new weight recomputes the parent and audits before and after", async () => {
    const audit = await watchAudit(fixture.agencyId);
    const before = await readStoredHealth(fixture.agencyId);
    const input = { ...(await currentFields("O1.1")), weight: 3, title: "Much faster reviews" };
    const result = await updateObjective(officer(), input);
    expect(result.objective).toMatchObject({
      id: fixture.objectives["O1.1"],
      code: "O1.1",
      title: "Much faster reviews",
      parent: "O1",
      department: "PLN",
      weight: 3,
      version: 2,
    });
    const after = await readStoredHealth(fixture.agencyId);
    expect(after["objective:O1"]).not.toEqual(before["objective:O1"]);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "objective.update",
      entityType: "objective",
      entityId: fixture.objectives["O1.1"],
      entityCode: "O1.1",
      before: { ...result.objective, title: "Faster reviews", weight: 1, version: 1 },
      after: result.objective,
    });
  });

  test("moving an objective under another recomputes both parents", async () => {
    const before = await readStoredHealth(fixture.agencyId);
    const result = await updateObjective(officer(), { ...(await currentFields("O2")), parent: "O1" });
    expect(result.objective.parent).toBe("O1");
    const after = await readStoredHealth(fixture.agencyId);
    expect((after["objective:O1"]?.counts as Record<string, number>) ?? {}).not.toEqual(before["objective:O1"]?.counts);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await updateObjective(officer(), { ...(await currentFields("O2")), parent: null });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    expect(await readStoredHealth(fixture.agencyId)).toEqual(before);
  });

  test("a parent that would put the objective under itself is refused naming the cycle", async () => {
    const error = await expectNothingChanged(fixture.agencyId, async () =>
      rejectionOf(updateObjective(officer(), { ...(await currentFields("O1")), parent: "O1.1" })),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toHaveProperty("parent");
    expect(error.message).toContain("O1.1");
    expect(error.message).toContain("O1");
  });

  test("an objective cannot be its own parent", async () => {
    const error = await expectNothingChanged(fixture.agencyId, async () =>
      rejectionOf(updateObjective(officer(), { ...(await currentFields("O2")), parent: "O2" })),
    );
    expect(error).toBeInstanceOf(ValidationError);
  });

  test("a stale version is a conflict naming who changed the objective", async () => {
    const fields = await currentFields("O2");
    await updateObjective({ ...officer(), label: "Hedy Officer" }, { ...fields, title: "Smoother streets" });
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(updateObjective(officer(), { ...fields, title: "Safer streets" })),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("O2");
    expect(error.message).toContain("Hedy Officer");
  });
});

describe("deleteObjective", () => {
  test("deletes the objective with its key results, drops their health and audits it", async () => {
    // Regression: the "before" tree was loaded after the delete, so the objective's and its key results' stored
    // health rows were never removed.
    const audit = await watchAudit(fixture.agencyId);
    const result = await deleteObjective(officer(), { id: fixture.objectives.O2!, version: 1 });
    expect(result.deleted).toEqual({ id: fixture.objectives.O2, code: "O2" });
    const prisma = getPrisma();
    expect(await prisma.objective.findUnique({ where: { id: fixture.objectives.O2! } })).toBeNull();
    expect(await prisma.keyResult.findUnique({ where: { id: fixture.keyResults["O2.KR1"]! } })).toBeNull();
    const health = await readStoredHealth(fixture.agencyId);
    expect(health).not.toHaveProperty("objective:O2");
    expect(health).not.toHaveProperty("kr:O2.KR1");
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "objective.delete",
      entityType: "objective",
      entityId: fixture.objectives.O2,
      entityCode: "O2",
      before: expect.objectContaining({
        id: fixture.objectives.O2,
        code: "O2",
        title: "Better streets",
        departmentId: fixture.departments.PW,
        parentId: null,
        version: 1,
        goesWith: expect.objectContaining({ keyResults: ["O2.KR1"] }),
      }),
      after: { recycleBinEntry: result.binEntry.id, expiresAt: result.binEntry.expiresAt },
    });
  });

  test("a child objective's deletion recomputes its parent", async () => {
    const before = await readStoredHealth(fixture.agencyId);
    await deleteObjective(officer(), { id: fixture.objectives["O1.1"]!, version: 1 });
    const after = await readStoredHealth(fixture.agencyId);
    expect(after["objective:O1"]).not.toEqual(before["objective:O1"]);
    expect(after).not.toHaveProperty("kr:O1.1.KR1");
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });

  test("an objective goes with its child objectives", async () => {
    // Before the recycle bin, an objective with children was refused; now they go with it (and come back with it).
    const result = await deleteObjective(officer(), { id: fixture.objectives.O1!, version: 1 });
    expect(await getPrisma().objective.count({ where: { id: fixture.objectives["O1.1"]! } })).toBe(0);
    const entry = await getPrisma().recycleBinEntry.findUniqueOrThrow({ where: { id: result.binEntry.id } });
    expect(entry.summary).toMatchObject({ objectives: ["O1.1"] });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });
});
