import "server-only";
import { pruneSetupLinks } from "@/lib/dal/passwords";
import { pruneSignInRecords } from "@/lib/dal/sign-in";
import { getRuntimeEnv } from "@/lib/env";

// Sign-in keeps throttle rows only while they matter, and failed attempts in the audit log for a retention period
// (SIGN_IN_AUDIT_RETENTION_DAYS), and set-password links a week after they stopped working; this job deletes the rest.

export const SIGN_IN_PRUNE_QUEUE = "sign-in-prune";
// Every hour: throttle rows go within the hour after their window and lock are over.
export const SIGN_IN_PRUNE_CRON = "40 * * * *";

/** The job's work, with the clock passed in (the runner passes the time the job runs). */
export async function runSignInPrune(now: Date): Promise<{ throttles: number; audits: number; setupLinks: number }> {
  const report = {
    ...(await pruneSignInRecords(now, getRuntimeEnv().SIGN_IN_AUDIT_RETENTION_DAYS)),
    setupLinks: await pruneSetupLinks(now),
  };
  if (report.throttles + report.audits + report.setupLinks > 0) {
    console.log(
      `[jobs] sign-in: ${report.throttles} throttle rows, ${report.audits} failed attempts and ` +
        `${report.setupLinks} spent set-password links pruned`,
    );
  }
  return report;
}
