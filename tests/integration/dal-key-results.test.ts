import { beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { createKeyResult, deleteKeyResult, updateKeyResult, type KeyResultDto } from "@/lib/dal/key-results";
import { ConflictError, ValidationError } from "@/lib/errors";
import type { CreateKeyResultInput, UpdateKeyResultInput } from "@/lib/validation/tree";
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

function keyResultInput(overrides: Partial<CreateKeyResultInput> = {}): CreateKeyResultInput {
  return {
    code: "O2.KR2",
    objective: "O2",
    title: "Cheaper permits",
    kind: "metric",
    kpi: "permits.cost_per_permit",
    start: 200,
    target: 150,
    startDate: null,
    dueDate: null,
    weight: 2,
    progress: null,
    zone: null,
    narrative: "Automate intake",
    published: true,
    ...overrides,
  };
}

async function currentFields(code: string): Promise<UpdateKeyResultInput> {
  const row = await getPrisma().keyResult.findUniqueOrThrow({
    where: { agencyId_code: { agencyId: fixture.agencyId, code } },
    include: { kpi: true },
  });
  const isoDate = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    kind: row.kind,
    kpi: row.kpi?.code ?? null,
    start: row.startValue,
    target: row.targetValue,
    startDate: isoDate(row.startDate),
    dueDate: isoDate(row.dueDate),
    weight: row.weight,
    progress: row.progress,
    zone: row.zone,
    narrative: row.narrative,
    published: row.published,
  };
}

describe("createKeyResult", () => {
  test("a metric key result on a formula KPI: DTO, health, its objective's health and one audit event", async () => {
    const audit = await watchAudit(fixture.agencyId);
    const before = await readStoredHealth(fixture.agencyId);
    const result = await createKeyResult(officer(), keyResultInput());
    const expected: Omit<KeyResultDto, "id"> = {
      code: "O2.KR2",
      objective: "O2",
      title: "Cheaper permits",
      kind: "metric",
      kpi: "permits.cost_per_permit",
      start: 200,
      target: 150,
      startDate: null,
      dueDate: null,
      weight: 2,
      progress: null,
      zone: null,
      narrative: "Automate intake",
      published: true,
      version: 1,
    };
    expect(result.keyResult).toEqual({ id: expect.any(String), ...expected });
    const row = await getPrisma().keyResult.findUniqueOrThrow({ where: { id: result.keyResult.id } });
    expect(row).toMatchObject({
      agencyId: fixture.agencyId,
      kpiId: fixture.kpis["permits.cost_per_permit"],
      position: 1,
    });
    const after = await readStoredHealth(fixture.agencyId);
    // The formula's computed June value, 21000 / 120 = 175: halfway from 200 to 150.
    expect(after["kr:O2.KR2"]).toMatchObject({ progress: 0.5 });
    expect(after["objective:O2"]).not.toEqual(before["objective:O2"]);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "keyResult.create",
      entityType: "keyResult",
      entityId: result.keyResult.id,
      entityCode: "O2.KR2",
      before: null,
      after: result.keyResult,
    });
  });

  test("a milestone key result with its own dates", async () => {
    const result = await createKeyResult(
      officer(),
      keyResultInput({
        code: "O2.KR3",
        kind: "milestone",
        kpi: null,
        start: null,
        target: null,
        startDate: "2026-03-01",
        dueDate: "2026-09-30",
        progress: 1,
      }),
    );
    expect(result.keyResult).toMatchObject({
      kind: "milestone",
      kpi: null,
      startDate: "2026-03-01",
      dueDate: "2026-09-30",
      progress: 1,
    });
    const health = await readStoredHealth(fixture.agencyId);
    expect(health["kr:O2.KR3"]).toMatchObject({ progress: 1, health: 1, status: "ON_TRACK" });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });

  test("a qualitative key result takes its health from its zone; fields of other kinds are not kept", async () => {
    const result = await createKeyResult(
      officer(),
      keyResultInput({
        code: "O2.KR3",
        kind: "qualitative",
        kpi: "permits.cost",
        start: 1,
        target: 2,
        progress: 0.5,
        zone: "fail",
      }),
    );
    expect(result.keyResult).toMatchObject({
      kind: "qualitative",
      kpi: null,
      start: null,
      target: null,
      progress: null,
      zone: "fail",
    });
    const health = await readStoredHealth(fixture.agencyId);
    expect(health["kr:O2.KR3"]).toMatchObject({ progress: 0, health: 0, status: "OFF_TRACK" });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });

  test("a metric key result without a start value, on a KPI without a baseline, is refused", async () => {
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(createKeyResult(officer(), keyResultInput({ kpi: "permits.issued", start: null }))),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toHaveProperty("start");
  });

  test("a metric key result whose target equals its start is refused", async () => {
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(createKeyResult(officer(), keyResultInput({ start: 150, target: 150 }))),
    );
    expect((error as ValidationError).fieldErrors).toHaveProperty("target");
  });

  test("a metric key result takes the KPI's baseline as its default start", async () => {
    // permits.median_days has a baseline of 30: from 30 to 20 with 24 in June is 60 % of the way.
    const result = await createKeyResult(
      officer(),
      keyResultInput({ kpi: "permits.median_days", start: null, target: 20 }),
    );
    expect(result.keyResult.start).toBeNull();
    const health = await readStoredHealth(fixture.agencyId);
    expect(health["kr:O2.KR2"]?.progress).toBeCloseTo(0.6, 12);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });
});

describe("updateKeyResult", () => {
  test("new progress recomputes the key result and its objectives, and audits before and after", async () => {
    const audit = await watchAudit(fixture.agencyId);
    const before = await readStoredHealth(fixture.agencyId);
    expect(before["kr:O1.KR2"]).toMatchObject({ progress: 0.4 });
    const input = { ...(await currentFields("O1.KR2")), progress: 0.9, narrative: "Pilot done" };
    const result = await updateKeyResult(officer(), input);
    expect(result.keyResult).toMatchObject({
      id: fixture.keyResults["O1.KR2"],
      code: "O1.KR2",
      objective: "O1",
      kind: "milestone",
      progress: 0.9,
      narrative: "Pilot done",
      version: 2,
    });
    const after = await readStoredHealth(fixture.agencyId);
    expect(after["kr:O1.KR2"]).toMatchObject({ progress: 0.9 });
    expect(after["objective:O1"]).not.toEqual(before["objective:O1"]);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "keyResult.update",
      entityType: "keyResult",
      entityId: fixture.keyResults["O1.KR2"],
      entityCode: "O1.KR2",
      before: { ...result.keyResult, progress: 0.4, narrative: "", version: 1 },
      after: result.keyResult,
    });
  });

  test("a metric key result retargeted to another KPI", async () => {
    const input = { ...(await currentFields("O2.KR1")), kpi: "permits.issued", start: 100, target: 140 };
    const result = await updateKeyResult(officer(), input);
    expect(result.keyResult).toMatchObject({ kpi: "permits.issued", start: 100, target: 140 });
    const health = await readStoredHealth(fixture.agencyId);
    expect(health["kr:O2.KR1"]?.progress).toBeCloseTo(0.5, 12);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });

  test("a qualitative key result scored in a new zone", async () => {
    const result = await updateKeyResult(officer(), { ...(await currentFields("O1.KR3")), zone: "stretch" });
    expect(result.keyResult.zone).toBe("stretch");
    const health = await readStoredHealth(fixture.agencyId);
    expect(health["kr:O1.KR3"]).toMatchObject({ progress: 1, health: 1 });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });

  test("a stale version is a conflict naming who changed the key result", async () => {
    const fields = await currentFields("O1.KR2");
    await updateKeyResult({ ...officer(), label: "Katherine Officer" }, { ...fields, progress: 0.5 });
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(updateKeyResult(officer(), { ...fields, progress: 0.6 })),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("Katherine Officer");
  });
});

describe("deleteKeyResult", () => {
  test("deletes the key result, drops its health, recomputes its objective and audits it", async () => {
    // Regression: the "before" tree was loaded after the delete, so the key result's stored health row stayed.
    const audit = await watchAudit(fixture.agencyId);
    const before = await readStoredHealth(fixture.agencyId);
    const result = await deleteKeyResult(officer(), { id: fixture.keyResults["O1.KR3"]!, version: 1 });
    expect(result.deleted).toEqual({ id: fixture.keyResults["O1.KR3"], code: "O1.KR3" });
    expect(await getPrisma().keyResult.findUnique({ where: { id: fixture.keyResults["O1.KR3"]! } })).toBeNull();
    const after = await readStoredHealth(fixture.agencyId);
    expect(after).not.toHaveProperty("kr:O1.KR3");
    expect(after["objective:O1"]).not.toEqual(before["objective:O1"]);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "keyResult.delete",
      entityType: "keyResult",
      entityId: fixture.keyResults["O1.KR3"],
      entityCode: "O1.KR3",
      before: expect.objectContaining({
        code: "O1.KR3",
        kind: "qualitative",
        zone: "commit",
        objectiveId: fixture.objectives.O1,
        version: 1,
      }),
      after: { recycleBinEntry: result.binEntry.id, expiresAt: result.binEntry.expiresAt },
    });
  });
});
