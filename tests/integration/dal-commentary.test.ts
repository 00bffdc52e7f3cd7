import { beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { addCommentary, deleteCommentary, updateCommentary } from "@/lib/dal/commentary";
import { deleteKeyResult } from "@/lib/dal/key-results";
import { deleteKpi } from "@/lib/dal/kpis";
import { deleteObjective } from "@/lib/dal/objectives";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { countRows, createFixtureAgency, watchAudit, type Fixture } from "./support/fixtures";
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

describe("addCommentary", () => {
  test("returns the commentary, leaves health alone and audits it", async () => {
    const audit = await watchAudit(fixture.agencyId);
    const before = await countRows(fixture.agencyId);
    const result = await addCommentary(officer(), {
      nodeKind: "kpi",
      code: "permits.median_days",
      period: "2026-06",
      body: "Two reviewers were out in June.",
      isPublic: false,
    });
    expect(result.commentary).toEqual({
      id: expect.any(String),
      nodeKind: "kpi",
      code: "permits.median_days",
      period: "2026-06",
      body: "Two reviewers were out in June.",
      isInternal: true,
      author: officer().label,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      version: 1,
    });
    expect(result.recomputedNodes).toBe(0);
    const row = await getPrisma().commentary.findUniqueOrThrow({ where: { id: result.commentary.id } });
    expect(row).toMatchObject({
      agencyId: fixture.agencyId,
      nodeKind: "kpi",
      nodeId: fixture.kpis["permits.median_days"],
      authorUserId: (officer() as { userId: string }).userId,
    });
    const after = await countRows(fixture.agencyId);
    expect(after.health).toBe(before.health);
    expect(after.commentary).toBe(before.commentary + 1);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "commentary.create",
      entityType: "commentary",
      entityId: result.commentary.id,
      entityCode: "permits.median_days",
      before: null,
      after: result.commentary,
    });
  });

  test.each([
    ["objective", "O1.1", "objectives"],
    ["keyResult", "O1.KR2", "keyResults"],
  ] as const)("on a %s, by code", async (nodeKind, code, table) => {
    const result = await addCommentary(officer(), {
      nodeKind,
      code,
      period: null,
      body: "On plan.",
      isPublic: true,
    });
    expect(result.commentary).toMatchObject({ nodeKind, code, period: null, isInternal: false });
    const row = await getPrisma().commentary.findUniqueOrThrow({ where: { id: result.commentary.id } });
    expect(row.nodeId).toBe(fixture[table][code]);
  });

  test("a node that does not exist is not found and nothing changes", async () => {
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(addCommentary(officer(), { nodeKind: "kpi", code: "O1", period: null, body: "?", isPublic: true })),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain("O1");
  });

  test("a KPI's commentary is for one of the KPI's own periods; a wrong one is refused with a clear message", async () => {
    for (const period of ["2026-Q2", "2026", "2026-13"]) {
      const error = await expectNothingChanged(fixture.agencyId, () =>
        rejectionOf(
          addCommentary(officer(), { nodeKind: "kpi", code: "permits.issued", period, body: "?", isPublic: true }),
        ),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fieldErrors.period?.[0]).toMatch(/monthly/);
    }
    // Objectives and key results have no frequency: any period key.
    const { commentary } = await addCommentary(officer(), {
      nodeKind: "objective",
      code: "O1",
      period: "2026-Q2",
      body: "A quarter of steady progress.",
      isPublic: true,
    });
    expect(commentary.period).toBe("2026-Q2");
  });
});

describe("updateCommentary and deleteCommentary", () => {
  async function addAs(principal = officer()) {
    const { commentary } = await addCommentary(principal, {
      nodeKind: "kpi",
      code: "permits.issued",
      period: "2026-06",
      body: "First draft",
      isPublic: false,
    });
    return commentary;
  }

  test("the author edits their commentary: new body, new version, audited before and after", async () => {
    const head = fixture.principal("DEPARTMENT_HEAD", "PLN");
    const added = await addAs(head);
    const audit = await watchAudit(fixture.agencyId);
    const result = await updateCommentary(head, { id: added.id, version: 1, body: "Final words", isPublic: false });
    expect(result.commentary).toMatchObject({
      id: added.id,
      code: "permits.issued",
      body: "Final words",
      isInternal: true,
      author: head.label,
      createdAt: added.createdAt,
      version: 2,
    });
    expect(await getPrisma().commentary.findUniqueOrThrow({ where: { id: added.id } })).toMatchObject({
      body: "Final words",
      version: 2,
    });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "commentary.update",
      entityType: "commentary",
      entityId: added.id,
      entityCode: "permits.issued",
      actorLabel: head.label,
      before: added,
      after: result.commentary,
    });
  });

  test("an officer may edit anyone's commentary; another author may not", async () => {
    const head = fixture.principal("DEPARTMENT_HEAD", "PLN");
    const added = await addAs(head);
    const executive = fixture.principal("EXECUTIVE");
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(updateCommentary(executive, { id: added.id, version: 1, body: "Not mine", isPublic: false })),
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    const byOfficer = await updateCommentary(officer(), {
      id: added.id,
      version: 1,
      body: "Edited",
      isPublic: true,
    });
    expect(byOfficer.commentary).toMatchObject({ body: "Edited", author: head.label, version: 2 });
  });

  test("a stale version is a conflict naming who changed it", async () => {
    const added = await addAs();
    await updateCommentary(
      { ...officer(), label: "Lin Officer" },
      { id: added.id, version: 1, body: "v2", isPublic: true },
    );
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(updateCommentary(officer(), { id: added.id, version: 1, body: "v2 again", isPublic: true })),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("Lin Officer");
  });

  test("deleting removes the row and audits what was said", async () => {
    const added = await addAs();
    const audit = await watchAudit(fixture.agencyId);
    const result = await deleteCommentary(officer(), { id: added.id, version: 1 });
    expect(result.deleted).toEqual({ id: added.id });
    expect(await getPrisma().commentary.findUnique({ where: { id: added.id } })).toBeNull();
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "commentary.delete",
      entityType: "commentary",
      entityId: added.id,
      entityCode: "permits.issued",
      before: added,
      after: null,
    });
  });

  test("a commentary id that does not exist is not found", async () => {
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(deleteCommentary(officer(), { id: "00000000-0000-4000-8000-00000000dead", version: 1 })),
    );
    expect(error).toBeInstanceOf(NotFoundError);
  });
});

describe("commentary on a deleted node", () => {
  test("goes with the KPI, key result or objective (and its key results) it was about, and only that", async () => {
    const say = (nodeKind: "kpi" | "keyResult" | "objective", code: string) =>
      addCommentary(officer(), { nodeKind, code, period: null, body: `About ${code}`, isPublic: true });
    await say("kpi", "permits.reviewers");
    await say("keyResult", "O1.KR3");
    await say("objective", "O2");
    await say("keyResult", "O2.KR1");
    const kept = (await say("kpi", "permits.issued")).commentary;
    const other = await createFixtureAgency("Other City");
    const elsewhere = (
      await addCommentary(other.principal("PERFORMANCE_OFFICER"), {
        nodeKind: "kpi",
        code: "permits.reviewers",
        period: null,
        body: "Same code, other agency",
        isPublic: true,
      })
    ).commentary;

    await deleteKpi(officer(), { id: fixture.kpis["permits.reviewers"]!, version: 1 });
    await deleteKeyResult(officer(), { id: fixture.keyResults["O1.KR3"]!, version: 1 });
    await deleteObjective(officer(), { id: fixture.objectives.O2!, version: 1 });

    const prisma = getPrisma();
    const left = await prisma.commentary.findMany({ where: { agencyId: fixture.agencyId }, select: { id: true } });
    expect(left.map((row) => row.id)).toEqual([kept.id]);
    expect(await prisma.commentary.findUnique({ where: { id: elsewhere.id } })).not.toBeNull();
  });
});
