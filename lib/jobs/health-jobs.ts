import "server-only";
import PgBoss from "pg-boss";
import { getDatabaseEnv } from "@/lib/env";

// The queue of background health recomputations. A request that leaves health pending (a large measurement batch)
// marks the agency in its own transaction, then wakes the job runner through this queue; any server running the
// runner picks the job up. The queue is "stately": per agency, at most one recomputation runs and one waits, so a
// burst of batches coalesces into one or two recomputations instead of one each.

export const HEALTH_RECOMPUTE_QUEUE = "health-recompute";

export type HealthRecomputeJob = { agencyId: string };

let queue: Promise<PgBoss> | null = null;

/** This process's connection to the job tables, started once: the runner works jobs through it, requests send them. */
export function getJobQueue(): Promise<PgBoss> {
  queue ??= (async () => {
    const boss = new PgBoss({
      connectionString: getDatabaseEnv().DATABASE_URL,
      max: 2,
      application_name: "throughline-jobs",
    });
    boss.on("error", (error: Error) => console.error(`[jobs] ${error.message}`));
    await boss.start();
    await boss.createQueue(HEALTH_RECOMPUTE_QUEUE, {
      name: HEALTH_RECOMPUTE_QUEUE,
      policy: "stately",
      retryLimit: 3,
    });
    return boss;
  })();
  queue.catch(() => {
    queue = null;
  });
  return queue;
}

/**
 * Stops this process's job connection: at once (tests and benchmarks end with it), or `graceful`ly, after the jobs in
 * hand (a worker process that is asked to stop).
 */
export async function stopJobQueue({ graceful = false } = {}): Promise<void> {
  const started = queue;
  queue = null;
  if (started) await (await started).stop({ graceful, wait: true });
}

/**
 * How long a recomputation should still wait, in ms (0: go now). A feed sends batch after batch; recomputing the
 * whole tree between two of them would slow the feed down and be outdated by the next batch at once. So the
 * recomputation waits until no batch has come for QUIET_MS — but never longer than MAX_DELAY_MS after health first
 * fell behind, so that a feed that never pauses still sees its health.
 */
export function waitBeforeRecompute(pending: { since: Date; latest: Date }, now: Date): number {
  const overdue = now.getTime() - pending.since.getTime() >= MAX_DELAY_MS;
  if (overdue) return 0;
  return Math.max(0, pending.latest.getTime() + QUIET_MS - now.getTime());
}

export const QUIET_MS = 1_000;
export const MAX_DELAY_MS = 30_000;

/**
 * Asks for the agency's pending health to be recomputed, now or after `delayMs`. Never throws: the mark in the agency
 * row is what counts, and the runner's sweep queues any pending agency whose request was lost.
 */
export async function requestHealthRecompute(agencyId: string, delayMs = 0): Promise<void> {
  try {
    const boss = await getJobQueue();
    await boss.send(HEALTH_RECOMPUTE_QUEUE, { agencyId } satisfies HealthRecomputeJob, {
      singletonKey: agencyId,
      ...(delayMs > 0 ? { startAfter: new Date(Date.now() + delayMs) } : {}),
    });
  } catch (error) {
    console.error(
      `[jobs] could not queue the health recomputation of agency ${agencyId}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
