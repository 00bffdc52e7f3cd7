// `npm run jobs`: works the background jobs (lib/jobs: the daily health refresh, the recomputation after large
// measurement batches) in a process of its own. For deployments whose web servers run with JOBS_DISABLED=1, so that
// recomputing a large tree never takes CPU from their requests; any number of these may run, the jobs live in
// PostgreSQL. Needs DATABASE_URL. Stops on SIGTERM or SIGINT once the job in hand is done.
// Runs under tsx --conditions=react-server.
import { startJobRunner, stopJobRunner } from "../lib/jobs/job-runner";

let isStopping = false;
async function stop(signal: NodeJS.Signals) {
  if (isStopping) return;
  isStopping = true;
  console.log(`[jobs] ${signal}: stopping after the job in hand`);
  await stopJobRunner({ graceful: true });
  process.exit(0);
}
process.on("SIGTERM", (signal) => void stop(signal));
process.on("SIGINT", (signal) => void stop(signal));

startJobRunner()
  .then(() => console.log("[jobs] working the health-refresh, health-recompute and health-pending-sweep queues"))
  .catch((error: unknown) => {
    console.error(`[jobs] the job runner did not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
