import "server-only";
import PgBoss from "pg-boss";
import { getDatabaseEnv } from "@/lib/env";
import { getTodayUtc } from "@/lib/clock";
import { refreshAllAgencies } from "@/lib/dal/health-refresh";

// Background jobs live in PostgreSQL (pg-boss), so any number of app servers can run this
// runner: a scheduled job is created once per slot and each job is worked by one server.

export const HEALTH_REFRESH_QUEUE = "health-refresh";
// Shortly after midnight UTC, when `asOf` (today in UTC) moves on.
export const HEALTH_REFRESH_CRON = "5 0 * * *";

let runner: Promise<PgBoss> | null = null;

export function startJobRunner(): Promise<PgBoss> {
  runner ??= (async () => {
    const boss = new PgBoss({
      connectionString: getDatabaseEnv().DATABASE_URL,
      max: 2,
      application_name: "throughline-jobs",
    });
    boss.on("error", (error: Error) => console.error(`[jobs] ${error.message}`));
    await boss.start();
    await boss.createQueue(HEALTH_REFRESH_QUEUE, { name: HEALTH_REFRESH_QUEUE, policy: "singleton", retryLimit: 3 });
    await boss.schedule(HEALTH_REFRESH_QUEUE, HEALTH_REFRESH_CRON, {}, { tz: "UTC" });
    await boss.work(HEALTH_REFRESH_QUEUE, async () => {
      const reports = await refreshAllAgencies(getTodayUtc());
      console.log(`[jobs] health refreshed for ${reports.length} agencies`);
    });
    return boss;
  })();
  return runner;
}
