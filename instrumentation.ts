// Runs once when a Next.js server starts. It starts the Postgres-backed job runner (the
// daily health refresh) in Node.js servers; JOBS_DISABLED=1 turns it off for a server that
// should only answer requests while other servers work the jobs.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getRuntimeEnv } = await import("@/lib/env");
  if (getRuntimeEnv().JOBS_DISABLED === "1") return;
  const { startJobRunner } = await import("@/lib/jobs/job-runner");
  startJobRunner().catch((error: unknown) => {
    console.error(`[jobs] the job runner did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
}
