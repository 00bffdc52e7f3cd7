// Large measurement batches on a large tree leave health to the job runner (lib/dal/bulk-write.ts, isDeferred): the
// rows are stored and the agency marked pending in the batch's transaction; a background recomputation — one for a
// burst of batches — brings stored health back to a full recomputation and clears the mark, but only when no write
// came in while it ran. Against a real PostgreSQL and a real pg-boss job runner.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { POST as importRoute } from "@/app/api/v1/import/route";
import { POST as measurementsRoute } from "@/app/api/v1/measurements/route";
import { getTodayUtc } from "@/lib/clock";
import { getPrisma } from "@/lib/db";
import { DEFERRED_RECOMPUTE_MIN_AGENCY_KPIS, DEFERRED_RECOMPUTE_MIN_KPIS, isDeferred } from "@/lib/dal/health/service";
import { recomputePendingHealth, refreshAgencyHealth } from "@/lib/dal/health-refresh";
import { getScorecard } from "@/lib/dal/scorecard-read";
import { getTreeView } from "@/lib/dal/tree-read";
import type { Principal } from "@/lib/auth/permissions";
import { stopJobQueue } from "@/lib/jobs/health-jobs";
import {
  HEALTH_PENDING_SWEEP_QUEUE,
  HEALTH_RECOMPUTE_QUEUE,
  startJobRunner,
  stopJobRunner,
} from "@/lib/jobs/job-runner";
import { measurementBatchResultSchema } from "@/lib/validation/api";
import { buildSyntheticAgency } from "../bench/engine/synthetic-agency";
import { toSyntheticDocument } from "../bench/engine/synthetic-document";
import { callApi, createEmptyAgency, createToken } from "./support/api";
import { expectStoredHealthToEqualFullRecompute } from "./support/expectations";
import { compareStoredHealthWithFullRecompute } from "./support/fixtures";

type BatchBody = { accepted: number; healthPending: boolean; rejected: unknown[] };
type FeedRow = { kpi: string; period: string; value: number };

// Just over the size from which batches are deferred, with six months of history and a feed of six more.
const { model } = buildSyntheticAgency({
  seed: 11,
  kpiCount: DEFERRED_RECOMPUTE_MIN_AGENCY_KPIS + 100,
  levels: 10,
  formulaShare: 0.2,
  linksPerKpi: 2,
  months: 12,
  firstMonth: "2025-07",
  objectiveCount: 12,
  keyResultCount: 40,
});
const { document, feed } = toSyntheticDocument(model, 6);
const feedPeriods = [...new Set(feed.map((row) => row.period))].sort();
const feedOf = (period: string): FeedRow[] => feed.filter((row) => row.period === period);

let agencyId: string;
let token: string;
const executive = (): Principal => ({
  kind: "user",
  userId: "00000000-0000-4000-8000-00000000e000",
  agencyId,
  role: "EXECUTIVE",
  departmentId: null,
  label: "executive@deferred",
});

async function send(measurements: FeedRow[]) {
  const response = await callApi<BatchBody>(measurementsRoute, "/api/v1/measurements", {
    token,
    body: { measurements },
  });
  expect(response.status).toBe(200);
  expect(measurementBatchResultSchema.safeParse(response.body).success).toBe(true);
  expect(response.body).toMatchObject({ accepted: measurements.length, rejected: [] });
  return response.body;
}

async function pendingSince(): Promise<Date | null> {
  const agency = await getPrisma().agency.findUniqueOrThrow({
    where: { id: agencyId },
    select: { healthPendingSince: true },
  });
  return agency.healthPendingSince;
}

async function storedComputedAt(): Promise<string[]> {
  const rows = await getPrisma().healthResult.findMany({
    where: { agencyId },
    select: { nodeKey: true, computedAt: true },
    orderBy: { nodeKey: "asc" },
  });
  return rows.map((row) => `${row.nodeKey}@${row.computedAt.toISOString()}`);
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not within ${timeoutMs} ms`);
}

beforeAll(async () => {
  agencyId = await createEmptyAgency("Deferred City");
  const writer = await createToken(agencyId, ["tree:write", "measurements:write", "read"]);
  const imported = await callApi(importRoute, "/api/v1/import", { token: writer, body: document });
  expect(imported.status).toBe(200);
  token = writer;
  await expectStoredHealthToEqualFullRecompute(agencyId);
  expect(await pendingSince()).toBeNull();
}, 120_000);

afterAll(async () => {
  await stopJobRunner();
  await stopJobQueue();
});

describe("when a measurement batch's recomputation is left to the job runner", () => {
  test("only many KPIs of a large tree: small batches and small trees recompute before they answer", () => {
    expect(isDeferred(DEFERRED_RECOMPUTE_MIN_KPIS, DEFERRED_RECOMPUTE_MIN_AGENCY_KPIS)).toBe(true);
    expect(isDeferred(DEFERRED_RECOMPUTE_MIN_KPIS - 1, 100_000)).toBe(false);
    expect(isDeferred(100_000, DEFERRED_RECOMPUTE_MIN_AGENCY_KPIS - 1)).toBe(false);
  });

  test("a small batch on the large tree is recomputed before the response", async () => {
    const body = await send(feedOf(feedPeriods[0]!).slice(0, 20));
    expect(body.healthPending).toBe(false);
    expect(await pendingSince()).toBeNull();
    await expectStoredHealthToEqualFullRecompute(agencyId);
  });

  test("a large batch is stored at once and marks health pending; the recomputation settles it", async () => {
    const before = await storedComputedAt();
    const rows = feedOf(feedPeriods[0]!);
    expect(new Set(rows.map((row) => row.kpi)).size).toBeGreaterThanOrEqual(DEFERRED_RECOMPUTE_MIN_KPIS);
    const body = await send(rows);
    expect(body.healthPending).toBe(true);
    expect(await pendingSince()).toBeInstanceOf(Date);
    // Nothing was recomputed in the request: the stored results are the ones from before, now behind the data.
    expect(await storedComputedAt()).toEqual(before);
    const behind = await compareStoredHealthWithFullRecompute(agencyId);
    expect(behind.stored).not.toEqual(behind.expected);
    const audit = await getPrisma().auditEvent.findFirstOrThrow({
      where: { agencyId, action: "measurement.batch" },
      orderBy: { createdAt: "desc" },
    });
    expect(audit.after).toMatchObject({ accepted: rows.length, healthPending: true });
    // The scorecard and the tree say their figures are behind (their pages show HealthPendingNotice).
    expect((await getScorecard(executive()))?.agency.isHealthPending).toBe(true);
    expect((await getTreeView(executive())).isHealthPending).toBe(true);

    const report = await recomputePendingHealth(agencyId, getTodayUtc());
    expect(report).toMatchObject({ settled: true, asOf: getTodayUtc() });
    expect(report.nodes).toBeGreaterThan(DEFERRED_RECOMPUTE_MIN_AGENCY_KPIS);
    expect(await pendingSince()).toBeNull();
    await expectStoredHealthToEqualFullRecompute(agencyId);
    expect((await getScorecard(executive()))?.agency.isHealthPending).toBe(false);
    expect((await getTreeView(executive())).isHealthPending).toBe(false);
  }, 60_000);

  test("a write that lands while the tree is being recomputed leaves health pending until the next pass", async () => {
    const body = await send(feedOf(feedPeriods[1]!));
    expect(body.healthPending).toBe(true);
    // Another connection holds the agency lock as a write does, and changes the data version before it commits.
    const writer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await writer.connect();
    try {
      await writer.query("BEGIN");
      await writer.query(`SELECT id FROM "Agency" WHERE id = $1 FOR UPDATE`, [agencyId]);
      await writer.query(`UPDATE "Agency" SET "dataVersion" = "dataVersion" + 1 WHERE id = $1`, [agencyId]);
      const refresh = refreshAgencyHealth(agencyId, getTodayUtc());
      // The recomputation has read its snapshot (plain reads, which no row lock holds up) and now waits for the
      // lock to store its results.
      await waitUntil(async () => {
        const { rows } = await writer.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE pg_blocking_pids(pid) @> ARRAY[pg_backend_pid()]`,
        );
        return rows[0]!.waiting > 0;
      }, 30_000);
      await writer.query("COMMIT");
      const report = await refresh;
      expect(report.settled).toBe(false);
      expect(await pendingSince()).toBeInstanceOf(Date);
    } finally {
      await writer.end();
    }
    const next = await recomputePendingHealth(agencyId, getTodayUtc());
    expect(next.settled).toBe(true);
    expect(await pendingSince()).toBeNull();
    await expectStoredHealthToEqualFullRecompute(agencyId);
  }, 60_000);

  test("the job runner recomputes a burst of batches, and its sweep finds pending health nobody asked for", async () => {
    const boss = await startJobRunner();
    const completedBefore = await completedRecomputations();
    for (const period of feedPeriods.slice(2, 5)) {
      expect((await send(feedOf(period))).healthPending).toBe(true);
    }
    await waitUntil(async () => (await pendingSince()) === null, 60_000);
    await expectStoredHealthToEqualFullRecompute(agencyId);
    // One job per batch at most; usually fewer, as batches sent while one waits coalesce.
    const recomputations = (await completedRecomputations()) - completedBefore;
    expect(recomputations).toBeGreaterThanOrEqual(1);
    expect(recomputations).toBeLessThanOrEqual(3);

    // A server that stopped between its commit and queuing the job leaves the mark alone; the sweep queues it.
    await getPrisma().agency.update({ where: { id: agencyId }, data: { healthPendingSince: new Date() } });
    await boss.send(HEALTH_PENDING_SWEEP_QUEUE, {});
    await waitUntil(async () => (await pendingSince()) === null, 60_000);
    await expectStoredHealthToEqualFullRecompute(agencyId);
  }, 120_000);

  test("a large batch refuses a value outside its KPI's valid range and stores the other rows", async () => {
    const rows = feedOf(feedPeriods[5]!);
    const first = rows[0]!;
    // A valid range that the first row's value lies just above.
    await getPrisma().kpi.update({
      where: { agencyId_code: { agencyId, code: first.kpi } },
      data: { maxValue: first.value - 1 },
    });
    const response = await callApi<BatchBody>(measurementsRoute, "/api/v1/measurements", {
      token,
      body: { measurements: rows },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      accepted: rows.length - 1,
      healthPending: true,
      rejected: [
        {
          index: 0,
          path: "measurements[0].value",
          message: `${first.value} is outside the valid range of ${first.kpi} (${first.value - 1} or less).`,
        },
      ],
    });
    const stored = await getPrisma().measurement.findMany({
      where: { agencyId, period: first.period, kpi: { code: first.kpi } },
    });
    expect(stored).toEqual([]);
    await waitUntil(async () => {
      await recomputePendingHealth(agencyId, getTodayUtc());
      return (await pendingSince()) === null;
    }, 60_000);
    await expectStoredHealthToEqualFullRecompute(agencyId);
  }, 120_000);
});

async function completedRecomputations(): Promise<number> {
  const rows = await getPrisma().$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM pgboss.job WHERE name = ${HEALTH_RECOMPUTE_QUEUE} AND state = 'completed'
         AND output->>'recomputed' = 'true'`;
  return rows[0]?.count ?? 0;
}
