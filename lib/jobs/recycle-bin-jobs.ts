import "server-only";
import { purgeExpiredBinEntries } from "@/lib/dal/recycle-bin";

// The recycle bin keeps what an officer deletes for 30 days (lib/dal/recycle-bin.ts); this job empties what is older.

export const RECYCLE_BIN_PURGE_QUEUE = "recycle-bin-purge";
// Every hour: an entry is gone within the hour after its 30 days.
export const RECYCLE_BIN_PURGE_CRON = "20 * * * *";

/** The job's work, with the clock passed in (the runner passes the time the job runs). */
export async function runRecycleBinPurge(now: Date): Promise<{ purged: number }> {
  const report = await purgeExpiredBinEntries(now);
  if (report.purged > 0) console.log(`[jobs] recycle bin: ${report.purged} expired entries purged`);
  return report;
}
