import "server-only";
import PgBoss from "pg-boss";
import { getTodayUtc } from "@/lib/clock";
import {
  listAgenciesWithPendingHealth,
  readPendingHealth,
  recomputePendingHealth,
  refreshAllAgencies,
} from "@/lib/dal/health-refresh";
import {
  getJobQueue,
  HEALTH_RECOMPUTE_QUEUE,
  requestHealthRecompute,
  stopJobQueue,
  waitBeforeRecompute,
  type HealthRecomputeJob,
} from "./health-jobs";
import { RECYCLE_BIN_PURGE_CRON, RECYCLE_BIN_PURGE_QUEUE, runRecycleBinPurge } from "./recycle-bin-jobs";
import { runSignInPrune, SIGN_IN_PRUNE_CRON, SIGN_IN_PRUNE_QUEUE } from "./sign-in-jobs";

// Background jobs live in PostgreSQL (pg-boss), so any number of app servers can run this runner: a scheduled job is
// created once per slot and each job is worked by one server.

export { HEALTH_RECOMPUTE_QUEUE } from "./health-jobs";
export const HEALTH_REFRESH_QUEUE = "health-refresh";
// Shortly after midnight UTC, when `asOf` (today in UTC) moves on.
export const HEALTH_REFRESH_CRON = "5 0 * * *";
// Every minute, pending health whose wake-up was lost (a server stopped between its commit and sending the job) is
// queued again; a queued recomputation normally starts within a polling interval.
export const HEALTH_PENDING_SWEEP_QUEUE = "health-pending-sweep";
export const HEALTH_PENDING_SWEEP_CRON = "* * * * *";
const RECOMPUTE_POLLING_SECONDS = 0.5;

let runner: Promise<PgBoss> | null = null;

export function startJobRunner(): Promise<PgBoss> {
  runner ??= (async () => {
    const boss = await getJobQueue();
    await boss.createQueue(HEALTH_REFRESH_QUEUE, { name: HEALTH_REFRESH_QUEUE, policy: "singleton", retryLimit: 3 });
    await boss.createQueue(HEALTH_PENDING_SWEEP_QUEUE, { name: HEALTH_PENDING_SWEEP_QUEUE, policy: "singleton" });
    await boss.schedule(HEALTH_REFRESH_QUEUE, HEALTH_REFRESH_CRON, {}, { tz: "UTC" });
    await boss.schedule(HEALTH_PENDING_SWEEP_QUEUE, HEALTH_PENDING_SWEEP_CRON, {}, { tz: "UTC" });
    await boss.createQueue(RECYCLE_BIN_PURGE_QUEUE, { name: RECYCLE_BIN_PURGE_QUEUE, policy: "singleton" });
    await boss.schedule(RECYCLE_BIN_PURGE_QUEUE, RECYCLE_BIN_PURGE_CRON, {}, { tz: "UTC" });
    await boss.work(RECYCLE_BIN_PURGE_QUEUE, async () => runRecycleBinPurge(new Date()));
    await boss.createQueue(SIGN_IN_PRUNE_QUEUE, { name: SIGN_IN_PRUNE_QUEUE, policy: "singleton" });
    await boss.schedule(SIGN_IN_PRUNE_QUEUE, SIGN_IN_PRUNE_CRON, {}, { tz: "UTC" });
    await boss.work(SIGN_IN_PRUNE_QUEUE, async () => runSignInPrune(new Date()));
    await boss.work(HEALTH_REFRESH_QUEUE, async () => {
      const reports = await refreshAllAgencies(getTodayUtc());
      for (const report of reports) if (!report.settled) await requestHealthRecompute(report.agencyId);
      console.log(`[jobs] health refreshed for ${reports.length} agencies`);
    });
    await boss.work(HEALTH_PENDING_SWEEP_QUEUE, async () => {
      for (const agencyId of await listAgenciesWithPendingHealth()) await requestHealthRecompute(agencyId);
    });
    await boss.work<HealthRecomputeJob>(
      HEALTH_RECOMPUTE_QUEUE,
      { pollingIntervalSeconds: RECOMPUTE_POLLING_SECONDS },
      async ([job]) => {
        if (!job) return { recomputed: false };
        const { agencyId } = job.data;
        const pending = await readPendingHealth(agencyId);
        if (pending === null) return { recomputed: false };
        // A burst of batches is still coming in: come back once it has paused.
        const wait = waitBeforeRecompute(pending, new Date());
        if (wait > 0) {
          await requestHealthRecompute(agencyId, wait);
          return { recomputed: false, waitMs: wait };
        }
        const report = await recomputePendingHealth(agencyId, getTodayUtc());
        // Writes kept coming while it ran: the next pass is queued behind this one.
        if (!report.settled) await requestHealthRecompute(agencyId);
        // Kept as the job's output (pgboss.job.output): what the job did, for operators and the benchmark.
        return { recomputed: true, nodes: report.nodes, settled: report.settled };
      },
    );
    return boss;
  })();
  runner.catch(() => {
    runner = null;
  });
  return runner;
}

/** Stops working jobs in this process: at once, or `graceful`ly after the jobs in hand. */
export async function stopJobRunner({ graceful = false } = {}): Promise<void> {
  runner = null;
  await stopJobQueue({ graceful });
}
