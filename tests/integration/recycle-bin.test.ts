// Delete without losing data: a delete moves the node and everything that goes with it to the recycle bin, a restore
// gives back exactly what was there (rows, export document, health), a job purges entries after 30 days, and one
// measurement can be removed with its value kept in the history.
import { beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { treeHandlers } from "@/lib/actions/tree-handlers";
import { addCommentary } from "@/lib/dal/commentary";
import { exportDocument } from "@/lib/dal/document-export";
import { createKeyResult } from "@/lib/dal/key-results";
import { getKpiPage } from "@/lib/dal/kpi-read";
import { deleteKpi } from "@/lib/dal/kpis";
import { createLink } from "@/lib/dal/links";
import { removeMeasurement } from "@/lib/dal/measurement-removal";
import { recordMeasurement } from "@/lib/dal/measurements";
import { deleteObjective } from "@/lib/dal/objectives";
import { listRecycleBin, moveToRecycleBin, previewDelete, restoreBinEntry } from "@/lib/dal/recycle-bin";
import { setKpiTarget } from "@/lib/dal/kpis";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { runRecycleBinPurge } from "@/lib/jobs/recycle-bin-jobs";
import { createFixtureAgency, readStoredHealth, snapshotAgency, watchAudit, type Fixture } from "./support/fixtures";
import {
  expectNothingChanged,
  expectOneAuditEvent,
  expectStoredHealthToEqualFullRecompute,
  rejectionOf,
} from "./support/expectations";

let fixture: Fixture;

beforeEach(async () => {
  fixture = await createFixtureAgency("Recycle bin");
});

const officer = () => fixture.principal("PERFORMANCE_OFFICER");
const DAY_MS = 24 * 60 * 60 * 1000;

const kpiVersion = async (code: string) =>
  (await getPrisma().kpi.findUniqueOrThrow({ where: { id: fixture.kpis[code]! }, select: { version: true } })).version;

/** Every tree row of the agency, column by column (the agency row itself, whose data version moves, left out). */
async function readTreeRows() {
  const { rows } = await snapshotAgency(fixture.agencyId);
  const { agency: _agency, ...tree } = JSON.parse(rows) as Record<string, unknown>;
  return tree;
}

/** permits.reviewers with everything a KPI can take with it: links in and out, a target, values and their history,
 * commentary on it, and a key result tracking it (with commentary of its own). */
async function furnishReviewers() {
  await createLink(officer(), { from: "permits.cost", to: "permits.reviewers", weight: 1, polarity: "positive" });
  await setKpiTarget(officer(), {
    kpiId: fixture.kpis["permits.reviewers"]!,
    version: await kpiVersion("permits.reviewers"),
    period: "2026-06",
    value: 11,
  });
  await recordMeasurement(officer(), { kpi: "permits.reviewers", period: "2026-06", value: 9, note: "", source: "" });
  await addCommentary(officer(), {
    nodeKind: "kpi",
    code: "permits.reviewers",
    period: "2026-06",
    body: "Two reviewers left.",
    isPublic: true,
  });
  await createKeyResult(officer(), {
    code: "O1.KR9",
    objective: "O1",
    title: "Staff the review desk",
    kind: "metric",
    kpi: "permits.reviewers",
    start: 8,
    target: 12,
    startDate: null,
    dueDate: null,
    weight: 1,
    progress: null,
    zone: null,
    narrative: "",
    published: false,
  });
  await addCommentary(officer(), {
    nodeKind: "keyResult",
    code: "O1.KR9",
    period: null,
    body: "Hiring approved.",
    isPublic: false,
  });
}

describe("delete and restore round trip", () => {
  test("a KPI with measurements, links, commentary and a key result comes back as it was, with the same health", async () => {
    await furnishReviewers();
    const documentBefore = await exportDocument(officer());
    const rowsBefore = await readTreeRows();
    const healthBefore = await readStoredHealth(fixture.agencyId);
    const kpiId = fixture.kpis["permits.reviewers"]!;

    const audit = await watchAudit(fixture.agencyId);
    const version = (await getPrisma().kpi.findUniqueOrThrow({ where: { id: kpiId } })).version;
    const deleted = await deleteKpi(officer(), { id: kpiId, version });
    expect(deleted.deleted).toEqual({ id: kpiId, code: "permits.reviewers" });
    const deleteEvent = await expectOneAuditEvent(audit, {
      action: "kpi.delete",
      entityType: "kpi",
      entityId: kpiId,
      entityCode: "permits.reviewers",
      before: expect.objectContaining({
        code: "permits.reviewers",
        goesWith: expect.objectContaining({ keyResults: ["O1.KR9"], measurements: 2, revisions: 1, commentary: 2 }),
      }),
      after: { recycleBinEntry: deleted.binEntry.id, expiresAt: deleted.binEntry.expiresAt },
    });
    expect(deleteEvent).toBeDefined();

    const prisma = getPrisma();
    expect(await prisma.kpi.count({ where: { id: kpiId } })).toBe(0);
    expect(await prisma.keyResult.count({ where: { agencyId: fixture.agencyId, code: "O1.KR9" } })).toBe(0);
    expect(await prisma.driverLink.count({ where: { OR: [{ fromKpiId: kpiId }, { toKpiId: kpiId }] } })).toBe(0);
    expect(await prisma.measurementRevision.count({ where: { kpiId } })).toBe(0);
    expect(await prisma.commentary.count({ where: { agencyId: fixture.agencyId, nodeId: kpiId } })).toBe(0);
    const healthDeleted = await readStoredHealth(fixture.agencyId);
    expect(healthDeleted).not.toHaveProperty("kpi:permits.reviewers");
    expect(healthDeleted).not.toHaveProperty("kr:O1.KR9");
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);

    const { entries } = await listRecycleBin(officer());
    expect(entries).toEqual([
      expect.objectContaining({
        id: deleted.binEntry.id,
        kind: "kpi",
        code: "permits.reviewers",
        deletedBy: officer().label,
        expiresAt: deleted.binEntry.expiresAt,
      }),
    ]);
    expect(Date.parse(entries[0]!.expiresAt) - Date.parse(entries[0]!.deletedAt)).toBe(30 * DAY_MS);

    const restoreAudit = await watchAudit(fixture.agencyId);
    const restored = await restoreBinEntry(officer(), { id: deleted.binEntry.id });
    expect(restored.restored).toEqual({ kind: "kpi", id: kpiId, code: "permits.reviewers" });
    await expectOneAuditEvent(restoreAudit, {
      action: "kpi.restore",
      entityType: "kpi",
      entityId: kpiId,
      entityCode: "permits.reviewers",
      before: { recycleBinEntry: deleted.binEntry.id },
      after: expect.objectContaining({ code: "permits.reviewers" }),
    });

    expect(await exportDocument(officer())).toEqual(documentBefore);
    expect(await readTreeRows()).toEqual(rowsBefore);
    expect(await readStoredHealth(fixture.agencyId)).toEqual(healthBefore);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    expect((await listRecycleBin(officer())).entries).toEqual([]);
  });

  test("an objective goes with its child objectives and their key results, and comes back with them", async () => {
    const documentBefore = await exportDocument(officer());
    const rowsBefore = await readTreeRows();
    const healthBefore = await readStoredHealth(fixture.agencyId);
    const { binEntry } = await deleteObjective(officer(), { id: fixture.objectives.O1!, version: 1 });
    const prisma = getPrisma();
    expect(
      await prisma.objective.count({ where: { id: { in: [fixture.objectives.O1!, fixture.objectives["O1.1"]!] } } }),
    ).toBe(0);
    expect(
      await prisma.keyResult.count({
        where: { agencyId: fixture.agencyId, objective: { code: { startsWith: "O1" } } },
      }),
    ).toBe(0);
    const health = await readStoredHealth(fixture.agencyId);
    expect(Object.keys(health).filter((key) => key.startsWith("objective:O1") || key.startsWith("kr:O1"))).toEqual([]);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);

    await restoreBinEntry(officer(), { id: binEntry.id });
    expect(await exportDocument(officer())).toEqual(documentBefore);
    expect(await readTreeRows()).toEqual(rowsBefore);
    expect(await readStoredHealth(fixture.agencyId)).toEqual(healthBefore);
  });

  test("a driver link and a key result come back too", async () => {
    const healthBefore = await readStoredHealth(fixture.agencyId);
    const rowsBefore = await readTreeRows();
    const link = await moveToRecycleBin(officer(), "link", {
      id: fixture.links["permits.issued->permits.median_days"]!,
      version: 1,
    });
    const keyResult = await moveToRecycleBin(officer(), "keyResult", { id: fixture.keyResults["O1.KR3"]!, version: 1 });
    expect((await listRecycleBin(officer())).entries.map((entry) => entry.code)).toEqual([
      "O1.KR3",
      "permits.issued->permits.median_days",
    ]);
    await restoreBinEntry(officer(), { id: link.binEntry.id });
    await restoreBinEntry(officer(), { id: keyResult.binEntry.id });
    expect(await readTreeRows()).toEqual(rowsBefore);
    expect(await readStoredHealth(fixture.agencyId)).toEqual(healthBefore);
  });
});

describe("what a delete takes with it", () => {
  test("the preview lists what goes and whose health changes, writes nothing, and matches the delete", async () => {
    await furnishReviewers();
    const kpiId = fixture.kpis["permits.reviewers"]!;
    const preview = await expectNothingChanged(fixture.agencyId, () =>
      previewDelete(officer(), { kind: "kpi", id: kpiId }),
    );
    expect(preview).toMatchObject({
      kind: "kpi",
      code: "permits.reviewers",
      blockers: [],
      retentionDays: 30,
      goesWith: {
        keyResults: ["O1.KR9"],
        links: ["permits.reviewers->permits.median_days", "permits.cost->permits.reviewers"],
        targets: 1,
        measurements: 2,
        revisions: 1,
        commentary: 2,
      },
    });
    const before = await readStoredHealth(fixture.agencyId);
    const version = (await getPrisma().kpi.findUniqueOrThrow({ where: { id: kpiId } })).version;
    await deleteKpi(officer(), { id: kpiId, version });
    const after = await readStoredHealth(fixture.agencyId);
    const changed = Object.keys(after).filter(
      (key) => before[key]?.status !== after[key]?.status || before[key]?.health !== after[key]?.health,
    );
    expect(preview.healthChanges.map((shift) => shift.id).sort()).toEqual(changed.sort());
    // Losing a key result changes its objective's health.
    expect(changed).toContain("objective:O1");
  });

  test("a KPI that a formula names is refused, naming the formula, in the preview and the delete", async () => {
    const kpiId = fixture.kpis["permits.cost"]!;
    const preview = await previewDelete(officer(), { kind: "kpi", id: kpiId });
    expect(preview.blockers).toEqual(["the formula of permits.cost_per_permit names it"]);
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(deleteKpi(officer(), { id: kpiId, version: 1 })),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("permits.cost_per_permit");
  });

  test("a stale version is a conflict naming who changed it", async () => {
    await setKpiTarget(officer(), {
      kpiId: fixture.kpis["permits.reviewers"]!,
      version: await kpiVersion("permits.reviewers"),
      period: "2026-06",
      value: 11,
    });
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(deleteKpi(officer(), { id: fixture.kpis["permits.reviewers"]!, version: 1 })),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain(officer().label);
  });
});

describe("restoring refuses what now conflicts, naming it", () => {
  test("a code taken since", async () => {
    const { binEntry } = await moveToRecycleBin(officer(), "keyResult", {
      id: fixture.keyResults["O1.KR3"]!,
      version: 1,
    });
    await createKeyResult(officer(), {
      code: "O1.KR3",
      objective: "O1",
      title: "Another",
      kind: "milestone",
      kpi: null,
      start: null,
      target: null,
      startDate: null,
      dueDate: null,
      weight: 1,
      progress: 0.5,
      zone: null,
      narrative: "",
      published: false,
    });
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(restoreBinEntry(officer(), { id: binEntry.id })),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe("O1.KR3 cannot be restored: a key result coded O1.KR3 exists now.");
  });

  test("a parent objective that is gone", async () => {
    const child = await deleteObjective(officer(), { id: fixture.objectives["O1.1"]!, version: 1 });
    await deleteObjective(officer(), { id: fixture.objectives.O1!, version: 1 });
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(restoreBinEntry(officer(), { id: child.binEntry.id })),
    );
    expect(error.message).toBe("O1.1 cannot be restored: its objective O1 is gone.");
  });

  test("a KPI it links to that is gone", async () => {
    const link = await moveToRecycleBin(officer(), "link", {
      id: fixture.links["permits.reviewers->permits.median_days"]!,
      version: 1,
    });
    await deleteKpi(officer(), { id: fixture.kpis["permits.reviewers"]!, version: 1 });
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(restoreBinEntry(officer(), { id: link.binEntry.id })),
    );
    expect(error.message).toBe(
      "permits.reviewers->permits.median_days cannot be restored: the KPI permits.reviewers is gone.",
    );
  });

  test("a link that would now close a cycle", async () => {
    // process → process: permits.issued drives permits.cost_per_permit's level peer after the link is deleted.
    await getPrisma().kpi.update({ where: { id: fixture.kpis["permits.median_days"]! }, data: { ipo: "process" } });
    const link = await moveToRecycleBin(officer(), "link", {
      id: fixture.links["permits.issued->permits.median_days"]!,
      version: 1,
    });
    await createLink(officer(), { from: "permits.median_days", to: "permits.issued", weight: 1, polarity: "positive" });
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(restoreBinEntry(officer(), { id: link.binEntry.id })),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("closes a cycle");
  });

  test("an entry restored already is no longer there", async () => {
    const { binEntry } = await moveToRecycleBin(officer(), "keyResult", {
      id: fixture.keyResults["O1.KR3"]!,
      version: 1,
    });
    await restoreBinEntry(officer(), { id: binEntry.id });
    const result = await treeHandlers.restoreBinEntry(officer(), { id: binEntry.id });
    expect(result).toEqual({ ok: false, message: "That is no longer in the recycle bin." });
  });
});

describe("the purge job", () => {
  test("keeps entries for 30 days and purges them after, auditing each", async () => {
    const { binEntry } = await deleteKpi(officer(), { id: fixture.kpis["permits.reviewers"]!, version: 1 });
    const prisma = getPrisma();
    await runRecycleBinPurge(new Date(Date.now() + 29 * DAY_MS));
    expect(await prisma.recycleBinEntry.count({ where: { id: binEntry.id } })).toBe(1);
    const audit = await watchAudit(fixture.agencyId);
    const report = await runRecycleBinPurge(new Date(Date.now() + 31 * DAY_MS));
    expect(report.purged).toBeGreaterThanOrEqual(1);
    expect(await prisma.recycleBinEntry.count({ where: { agencyId: fixture.agencyId } })).toBe(0);
    await expectOneAuditEvent(audit, {
      action: "kpi.purge",
      entityType: "kpi",
      entityId: fixture.kpis["permits.reviewers"],
      entityCode: "permits.reviewers",
      actorLabel: "recycle bin purge",
      before: expect.objectContaining({ recycleBinEntry: binEntry.id }),
      after: null,
    });
  });
});

describe("removing one measurement", () => {
  test("removes the value, keeps it in the history, recomputes and audits", async () => {
    const prisma = getPrisma();
    const row = await prisma.measurement.findUniqueOrThrow({
      where: { kpiId_period: { kpiId: fixture.kpis["permits.issued"]!, period: "2026-06" } },
    });
    const audit = await watchAudit(fixture.agencyId);
    const result = await removeMeasurement(fixture.principal("DEPARTMENT_HEAD", "PLN"), {
      id: row.id,
      version: row.version,
    });
    expect(result.removed).toEqual({ id: row.id, kpi: "permits.issued", period: "2026-06", value: 120 });
    expect(await prisma.measurement.count({ where: { id: row.id } })).toBe(0);
    const history = await prisma.measurementRevision.findMany({
      where: { kpiId: fixture.kpis["permits.issued"]!, period: "2026-06" },
    });
    expect(history).toEqual([
      expect.objectContaining({ value: 120, isRemoval: true, measurementId: null, enteredByLabel: "fixture" }),
    ]);
    // The KPI page lists it among the removed values, as the history keeps it; the period has no measurement now.
    const page = await getKpiPage(officer(), "permits.issued");
    expect(page?.measurements.map((measurement) => measurement.period)).not.toContain("2026-06");
    expect(page?.removedValues).toEqual([
      expect.objectContaining({ period: "2026-06", value: 120, enteredBy: "fixture", removedBy: expect.any(String) }),
    ]);
    expect((await readStoredHealth(fixture.agencyId))["kpi:permits.issued"]).toMatchObject({
      period: "2026-05",
      value: 90,
    });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "measurement.remove",
      entityType: "measurement",
      entityId: row.id,
      entityCode: "permits.issued@2026-06",
      before: { period: "2026-06", value: 120, note: "", source: "" },
      after: null,
    });
  });

  test("another branch's department head is refused, and a stale version is a conflict", async () => {
    const row = await getPrisma().measurement.findUniqueOrThrow({
      where: { kpiId_period: { kpiId: fixture.kpis["permits.issued"]!, period: "2026-06" } },
    });
    const refused = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(removeMeasurement(fixture.principal("DEPARTMENT_HEAD", "PW"), { id: row.id, version: 1 })),
    );
    expect(refused).toBeInstanceOf(ForbiddenError);
    await recordMeasurement(officer(), { kpi: "permits.issued", period: "2026-06", value: 121, note: "", source: "" });
    const stale = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(removeMeasurement(officer(), { id: row.id, version: 1 })),
    );
    expect(stale).toBeInstanceOf(ConflictError);
  });
});

describe("who sees the bin", () => {
  test("another agency's officer lists their own, empty, bin and cannot restore this one's entries", async () => {
    const { binEntry } = await moveToRecycleBin(officer(), "keyResult", {
      id: fixture.keyResults["O1.KR3"]!,
      version: 1,
    });
    const other = await createFixtureAgency("Elsewhere");
    const otherOfficer = other.principal("PERFORMANCE_OFFICER");
    expect(await listRecycleBin(otherOfficer)).toEqual({ entries: [] });
    const result = await expectNothingChanged([fixture.agencyId, other.agencyId], () =>
      treeHandlers.restoreBinEntry(otherOfficer, { id: binEntry.id }),
    );
    expect(result).toEqual({ ok: false, message: "That is no longer in the recycle bin." });
    const preview = await treeHandlers.previewDelete(otherOfficer, {
      kind: "kpi",
      id: fixture.kpis["permits.reviewers"],
    });
    expect(preview).toEqual({ ok: false, message: "There is no such KPI." });
  });
});

describe("tokens", () => {
  test.each([
    ["a read token", ["read"] as const, undefined],
    ["a measurements:write token", ["measurements:write"] as const, undefined],
    ["a tree:write token limited to a department", ["tree:write"] as const, "PLN"],
  ])("%s can neither preview, list, delete nor restore", async (_, scopes, department) => {
    const { binEntry } = await moveToRecycleBin(officer(), "keyResult", {
      id: fixture.keyResults["O1.KR3"]!,
      version: 1,
    });
    const token = fixture.token(scopes, department);
    await expectNothingChanged(fixture.agencyId, async () => {
      expect(
        await treeHandlers.previewDelete(token, { kind: "kpi", id: fixture.kpis["permits.reviewers"] }),
      ).toMatchObject({ ok: false });
      expect(await treeHandlers.listRecycleBin(token, {})).toMatchObject({ ok: false });
      expect(await treeHandlers.deleteKpi(token, { id: fixture.kpis["permits.reviewers"], version: 1 })).toMatchObject({
        ok: false,
      });
      expect(await treeHandlers.restoreBinEntry(token, { id: binEntry.id })).toMatchObject({ ok: false });
    });
  });
});
