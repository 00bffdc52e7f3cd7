// The health service (lib/dal/health/service.ts) is the one module that stores health after a write. These tests
// pin what it alone now guarantees: a refresh computed from an older snapshot never overwrites a newer write's
// results, a full recomputation inside a request clears the pending mark, and every write moves the data version
// exactly once.
import { beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { getTodayUtc } from "@/lib/clock";
import { updateAgencySettings } from "@/lib/dal/admin-settings";
import { addCommentary } from "@/lib/dal/commentary";
import { refreshAgencyHealth } from "@/lib/dal/health-refresh";
import { lockAgencyRow } from "@/lib/dal/health-store";
import { updateStoredHealth } from "@/lib/dal/health/service";
import { recordMeasurementBatch } from "@/lib/dal/measurement-batch";
import { recordMeasurement } from "@/lib/dal/measurements";
import { setKpiTarget } from "@/lib/dal/kpis";
import { compareStoredHealthWithFullRecompute, createFixtureAgency, type Fixture } from "./support/fixtures";

let fixture: Fixture;

beforeEach(async () => {
  fixture = await createFixtureAgency();
  await refreshAgencyHealth(fixture.agencyId, getTodayUtc());
});

async function readAgency(agencyId: string) {
  return getPrisma().agency.findUniqueOrThrow({
    where: { id: agencyId },
    select: { dataVersion: true, healthPendingSince: true },
  });
}

async function expectStoredToEqualFullRecompute(agencyId: string) {
  const comparison = await compareStoredHealthWithFullRecompute(agencyId);
  expect(comparison.stored).toEqual(comparison.expected);
}

/** Resolves once some session of the database waits for a lock (the refresh's second step, behind our lock). */
async function waitForALockWaiter(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const [{ waiting }] = await getPrisma().$queryRaw<[{ waiting: number }]>`
      SELECT count(*)::int AS waiting FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the refresh never waited for the agency lock");
}

describe("the daily refresh", () => {
  test("never rolls back a write that landed after the refresh read the tree", async () => {
    const asOf = getTodayUtc();
    let refresh: ReturnType<typeof refreshAgencyHealth> | undefined;
    // A write holds the agency lock. Meanwhile the refresh reads its snapshot (no lock: it cannot see the write) and
    // computes, then queues for the lock to store. The write stores its own results and commits first.
    await getPrisma().$transaction(
      async (db) => {
        const agency = await lockAgencyRow(db, fixture.agencyId);
        refresh = refreshAgencyHealth(fixture.agencyId, asOf);
        await waitForALockWaiter();
        const kpiId = fixture.kpis["streets.potholes"]!;
        await db.measurement.upsert({
          where: { kpiId_period: { kpiId, period: "2026-05" } },
          create: { agencyId: fixture.agencyId, kpiId, period: "2026-05", value: 9_999 },
          update: { value: 9_999 },
        });
        await updateStoredHealth(db, agency, asOf, {
          kind: "measurements",
          edits: [{ kpi: "streets.potholes", period: "2026-05", value: 9_999 }],
          kpiIds: [kpiId],
        });
      },
      { timeout: 60_000 },
    );
    const report = await refresh!;
    // The refresh saw that a write came in: it stored nothing, and left health pending for another pass.
    expect(report.settled).toBe(false);
    expect((await readAgency(fixture.agencyId)).healthPendingSince).not.toBeNull();
    // The write's results stand: stored health is the full recomputation of what the database holds, write included.
    await expectStoredToEqualFullRecompute(fixture.agencyId);
  });
});

describe("a full recomputation inside a request", () => {
  test("clears the pending mark a deferred batch left, since it stores health for everything the database holds", async () => {
    await getPrisma().$executeRaw`
      UPDATE "Agency" SET "healthPendingSince" = now(), "healthPendingLatest" = now() WHERE id = ${fixture.agencyId}::uuid`;
    const admin = fixture.principal("ADMIN");
    const settings = await getPrisma().agency.findUniqueOrThrow({
      where: { id: fixture.agencyId },
      select: { name: true, fiscalYearStartMonth: true, version: true },
    });
    const result = await updateAgencySettings(admin, { ...settings, onTrackThreshold: 0.8, atRiskThreshold: 0.6 });
    expect(result.recomputedNodes).toBeGreaterThan(0);
    expect((await readAgency(fixture.agencyId)).healthPendingSince).toBeNull();
    await expectStoredToEqualFullRecompute(fixture.agencyId);
  });
});

describe("the data version", () => {
  const writes: [string, (fixture: Fixture) => Promise<unknown>][] = [
    [
      "a measurement from the form",
      (f) =>
        recordMeasurement(f.principal("PERFORMANCE_OFFICER"), {
          kpi: "streets.potholes",
          period: "2026-06",
          value: 321,
          note: "",
          source: "",
        }),
    ],
    [
      "a measurement batch (API, upload)",
      (f) =>
        recordMeasurementBatch(
          f.principal("PERFORMANCE_OFFICER"),
          [
            { kpi: "streets.potholes", period: "2026-06", value: 322 },
            { kpi: "permits.issued", period: "2026-06", value: 40 },
          ],
          "test",
        ),
    ],
    [
      "a tree edit",
      async (f) => {
        const kpi = await getPrisma().kpi.findUniqueOrThrow({
          where: { id: f.kpis["streets.potholes"]! },
          select: { id: true, version: true },
        });
        return setKpiTarget(f.principal("PERFORMANCE_OFFICER"), {
          kpiId: kpi.id,
          version: kpi.version,
          period: "2026-06",
          value: 300,
        });
      },
    ],
    [
      "a commentary",
      (f) =>
        addCommentary(f.principal("PERFORMANCE_OFFICER"), {
          nodeKind: "kpi",
          code: "streets.potholes",
          period: null,
          body: "Crews were moved to storm response.",
          isPublic: false,
        }),
    ],
    ["a refresh", (f) => refreshAgencyHealth(f.agencyId, getTodayUtc())],
  ];

  test.each(writes)("moves exactly once for %s", async (_name, write) => {
    const before = await readAgency(fixture.agencyId);
    await write(fixture);
    expect((await readAgency(fixture.agencyId)).dataVersion).toBe(before.dataVersion + 1);
    await expectStoredToEqualFullRecompute(fixture.agencyId);
  });

  test("does not move for a batch that changes nothing", async () => {
    const batch = [{ kpi: "streets.potholes", period: "2026-06", value: 323 }];
    await recordMeasurementBatch(fixture.principal("PERFORMANCE_OFFICER"), batch, "test");
    const before = await readAgency(fixture.agencyId);
    await recordMeasurementBatch(fixture.principal("PERFORMANCE_OFFICER"), batch, "test");
    expect((await readAgency(fixture.agencyId)).dataVersion).toBe(before.dataVersion);
  });
});
