// Writes of one agency are serialized by a lock on its row: concurrent edits quoting the same version resolve to one
// success and one conflict, and concurrent measurements all land, with stored health equal to a full recompute.
import { beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import type { Principal } from "@/lib/auth/permissions";
import { updateKeyResult } from "@/lib/dal/key-results";
import { updateKpi } from "@/lib/dal/kpis";
import { updateLink } from "@/lib/dal/links";
import { recordMeasurement } from "@/lib/dal/measurements";
import { updateObjective } from "@/lib/dal/objectives";
import { ConflictError } from "@/lib/errors";
import { createFixtureAgency, readStoredHealth, type Fixture } from "./support/fixtures";
import { expectStoredHealthToEqualFullRecompute } from "./support/expectations";

let fixture: Fixture;

beforeEach(async () => {
  fixture = await createFixtureAgency();
});

/** Another officer of the fixture agency, with a user id and a name of their own. */
function officerNamed(name: string, n: number): Principal {
  const officer = fixture.principal("PERFORMANCE_OFFICER");
  if (officer.kind !== "user") throw new Error("The fixture's principals are users.");
  return { ...officer, userId: `00000000-0000-4000-a000-${String(n).padStart(12, "0")}`, label: name };
}

/** Runs two edits at once; exactly one must succeed and the other must be a conflict naming the winner. */
async function expectOneWinner(edits: [Principal, () => Promise<unknown>][], entityId: string) {
  const results = await Promise.allSettled(edits.map(([, edit]) => edit()));
  const fulfilled = results.filter((result) => result.status === "fulfilled");
  const rejected = results.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
  expect(fulfilled).toHaveLength(1);
  expect(rejected).toHaveLength(1);
  const [conflict] = rejected;
  expect(conflict).toBeInstanceOf(ConflictError);
  expect(conflict).toMatchObject({ status: 409 });
  const winner = edits[results.findIndex((result) => result.status === "fulfilled")]![0];
  const loser = edits[results.findIndex((result) => result.status === "rejected")]![0];
  expect((conflict as ConflictError).message).toContain(winner.label);
  expect((conflict as ConflictError).message).not.toContain(loser.label);
  const events = await getPrisma().auditEvent.findMany({ where: { agencyId: fixture.agencyId, entityId } });
  expect(events.map((event) => event.actorLabel)).toEqual([winner.label]);
  await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  return winner;
}

describe("two edits from the same version", () => {
  test("updateKpi: one succeeds, the other is a conflict saying who changed it", async () => {
    const id = fixture.kpis["permits.median_days"]!;
    const base = {
      id,
      version: 1,
      name: "Median days",
      description: "",
      unit: "days",
      ipo: "outcome",
      indicator: "lagging",
      direction: "decrease",
      frequency: "monthly",
      aggregation: "avg",
      department: "PLN",
      baseline: 30,
      tolerance: 0,
      thresholds: null,
      formula: null,
      lagDays: 30,
      min: null,
      max: null,
      published: false,
    } as const;
    const ada = officerNamed("Ada Lovelace", 1);
    const bob = officerNamed("Bob Kahn", 2);
    const winner = await expectOneWinner(
      [
        [ada, () => updateKpi(ada, { ...base, target: 20 })],
        [bob, () => updateKpi(bob, { ...base, target: 25 })],
      ],
      id,
    );
    const row = await getPrisma().kpi.findUniqueOrThrow({ where: { id } });
    expect(row.version).toBe(2);
    expect(row.target).toBe(winner === ada ? 20 : 25);
    const health = await readStoredHealth(fixture.agencyId);
    expect(health["kpi:permits.median_days"]?.target).toBe(row.target);
  });

  test("updateLink: one succeeds, the other is a conflict", async () => {
    const id = fixture.links["permits.reviewers->permits.median_days"]!;
    const ada = officerNamed("Ada Lovelace", 1);
    const bob = officerNamed("Bob Kahn", 2);
    const winner = await expectOneWinner(
      [
        [ada, () => updateLink(ada, { id, version: 1, weight: 3, polarity: "negative" })],
        [bob, () => updateLink(bob, { id, version: 1, weight: 7, polarity: "negative" })],
      ],
      id,
    );
    expect((await getPrisma().driverLink.findUniqueOrThrow({ where: { id } })).weight).toBe(winner === ada ? 3 : 7);
  });

  test("updateObjective and updateKeyResult: one succeeds, the other is a conflict", async () => {
    const ada = officerNamed("Ada Lovelace", 1);
    const bob = officerNamed("Bob Kahn", 2);
    const objectiveId = fixture.objectives.O2!;
    const objective = {
      id: objectiveId,
      version: 1,
      title: "Streets",
      description: "",
      department: "PW",
      parent: null,
      published: false,
    };
    await expectOneWinner(
      [
        [ada, () => updateObjective(ada, { ...objective, weight: 2 })],
        [bob, () => updateObjective(bob, { ...objective, weight: 3 })],
      ],
      objectiveId,
    );
    const keyResultId = fixture.keyResults["O1.KR2"]!;
    const keyResult = {
      id: keyResultId,
      version: 1,
      title: "Pilot",
      kind: "milestone",
      kpi: null,
      start: null,
      target: null,
      startDate: null,
      dueDate: null,
      weight: 1,
      zone: null,
      narrative: "",
      published: false,
    } as const;
    await expectOneWinner(
      [
        [bob, () => updateKeyResult(bob, { ...keyResult, progress: 0.6 })],
        [ada, () => updateKeyResult(ada, { ...keyResult, progress: 0.8 })],
      ],
      keyResultId,
    );
  });
});

describe("20 concurrent measurement writes", () => {
  test("all succeed, each is stored and audited, and stored health equals a full recompute", async () => {
    // Formula inputs (permits.cost, permits.issued), link drivers (permits.reviewers, permits.issued), a KPI tracked
    // by key results (permits.median_days, streets.potholes), new periods and replaced ones.
    const writes = [
      ["permits.cost", "2026-03", 19000],
      ["permits.cost", "2026-04", 20500],
      ["permits.cost", "2026-05", 22000],
      ["permits.cost", "2026-06", 18000],
      ["permits.issued", "2026-03", 95],
      ["permits.issued", "2026-04", 101],
      ["permits.issued", "2026-05", 99],
      ["permits.issued", "2026-07", 130],
      ["permits.reviewers", "2026-03", 9],
      ["permits.reviewers", "2026-04", 10],
      ["permits.reviewers", "2026-07", 12],
      ["permits.reviewers", "2026-08", 13],
      ["permits.median_days", "2026-03", 29],
      ["permits.median_days", "2026-04", 27],
      ["permits.median_days", "2026-07", 21],
      ["permits.median_days", "2026-08", 19],
      ["streets.potholes", "2026-04", 280],
      ["streets.potholes", "2026-05", 310],
      ["streets.potholes", "2026-07", 420],
      ["streets.potholes", "2026-08", 505],
    ] as const;
    expect(writes).toHaveLength(20);
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    const head = fixture.principal("DEPARTMENT_HEAD", "PLN");
    const feed = fixture.token(["measurements:write"]);
    const principals = [officer, head, feed];
    const prisma = getPrisma();
    const measurementsBefore = await prisma.measurement.count({ where: { agencyId: fixture.agencyId } });
    const auditBefore = await prisma.auditEvent.count({ where: { agencyId: fixture.agencyId } });

    const results = await Promise.all(
      writes.map(([kpi, period, value], i) => {
        // The department head may write only PLN's branch.
        const principal = kpi === "streets.potholes" ? (i % 2 === 0 ? officer : feed) : principals[i % 3]!;
        return recordMeasurement(principal, { kpi, period, value, note: `write ${i}`, source: "" });
      }),
    );

    expect(
      results.map((result) => [result.measurement.kpi, result.measurement.period, result.measurement.value]),
    ).toEqual(writes.map((write) => [...write]));
    const stored = await prisma.measurement.findMany({
      where: { agencyId: fixture.agencyId },
      select: { period: true, value: true, kpi: { select: { code: true } } },
    });
    const storedValue = new Map(stored.map((row) => [`${row.kpi.code}@${row.period}`, row.value]));
    for (const [kpi, period, value] of writes) expect(storedValue.get(`${kpi}@${period}`)).toBe(value);
    // Two of the writes replace fixture values: permits.cost of June and permits.issued of May.
    const replaced = results.filter((result) => result.replaced !== null).length;
    expect(replaced).toBe(2);
    expect(stored).toHaveLength(measurementsBefore + 20 - replaced);
    expect(await prisma.auditEvent.count({ where: { agencyId: fixture.agencyId } })).toBe(auditBefore + 20);

    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    const health = await readStoredHealth(fixture.agencyId);
    // The formula follows both of its inputs: June's cost (18000) over June's issued (120).
    expect(health["kpi:permits.cost_per_permit"]).toMatchObject({ period: "2026-06", value: 150 });
    // Latest values come from the newest period written concurrently.
    expect(health["kpi:permits.median_days"]).toMatchObject({ period: "2026-08", value: 19 });
    expect(health["kpi:streets.potholes"]).toMatchObject({ period: "2026-08", value: 505 });
  });

  test("concurrent writes of one KPI and period all land: one creates, the rest replace, none is lost", async () => {
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    const values = [1, 2, 3, 4, 5];
    const results = await Promise.all(
      values.map((value) =>
        recordMeasurement(officer, { kpi: "permits.issued", period: "2026-09", value, note: "", source: "" }),
      ),
    );
    expect(results.filter((result) => result.replaced === null)).toHaveLength(1);
    const prisma = getPrisma();
    const row = await prisma.measurement.findUniqueOrThrow({
      where: { kpiId_period: { kpiId: fixture.kpis["permits.issued"]!, period: "2026-09" } },
      include: { revisions: true },
    });
    expect(row.version).toBe(5);
    // The four replaced values are in the history; with the current one they are all five writes.
    expect([row.value, ...row.revisions.map((revision) => revision.value)].sort()).toEqual(values);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });
});
