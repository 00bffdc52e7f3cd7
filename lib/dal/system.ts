import "server-only";
import { getPrisma } from "@/lib/db";

export type DatabaseStatus = { isUp: true; latencyMs: number } | { isUp: false; reason: string };

// Public on purpose (load balancers call it): it reveals only up or down, never data.
export async function checkDatabase(): Promise<DatabaseStatus> {
  const startedAt = performance.now();
  try {
    await getPrisma().$queryRaw`SELECT 1`;
    return { isUp: true, latencyMs: Math.round(performance.now() - startedAt) };
  } catch (error) {
    console.error(`[health] database check failed: ${error instanceof Error ? error.message : String(error)}`);
    return { isUp: false, reason: "The database does not answer." };
  }
}
