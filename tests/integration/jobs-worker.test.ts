// `npm run jobs` (scripts/jobs-worker.ts), run as an operator runs it: a process of its own against this run's
// database, working the jobs a request queued — for web servers that run with JOBS_DISABLED=1 — and stopping cleanly
// on SIGTERM.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { afterAll, expect, inject, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { requestHealthRecompute, stopJobQueue } from "@/lib/jobs/health-jobs";
import { expectStoredHealthToEqualFullRecompute } from "./support/expectations";
import { createFixtureAgency } from "./support/fixtures";

const projectRoot = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(projectRoot, "node_modules/.bin/tsx");

let worker: ChildProcessWithoutNullStreams | undefined;

afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill("SIGKILL");
  await stopJobQueue();
});

function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const check = () => {
      if (predicate()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`no ${what} within ${timeoutMs} ms`));
      setTimeout(check, 100);
    };
    check();
  });
}

test("a worker process recomputes pending health that a request queued, and stops on SIGTERM", async () => {
  const fixture = await createFixtureAgency("Worker");
  let output = "";
  worker = spawn(tsx, ["--conditions=react-server", "scripts/jobs-worker.ts"], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
  });
  worker.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  worker.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  await waitFor(() => output.includes("[jobs] working"), 30_000, "start");

  // What a large measurement batch leaves behind: a value stored without its health, the agency marked pending, and
  // a job queued after the commit (here by this test's process, as by a web server's).
  const prisma = getPrisma();
  await prisma.measurement.update({
    where: { kpiId_period: { kpiId: fixture.kpis["permits.issued"]!, period: "2026-06" } },
    data: { value: 40 },
  });
  await prisma.agency.update({
    where: { id: fixture.agencyId },
    data: { healthPendingSince: new Date(), healthPendingLatest: new Date() },
  });
  await requestHealthRecompute(fixture.agencyId);

  const deadline = Date.now() + 30_000;
  let pending: Date | null = new Date();
  while (pending !== null && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    ({ healthPendingSince: pending } = await prisma.agency.findUniqueOrThrow({
      where: { id: fixture.agencyId },
      select: { healthPendingSince: true },
    }));
  }
  expect(pending).toBeNull();
  await expectStoredHealthToEqualFullRecompute(fixture.agencyId);

  const exited = new Promise<number | null>((resolve) => worker!.once("exit", resolve));
  worker.kill("SIGTERM");
  expect(await exited).toBe(0);
  expect(output).toContain("SIGTERM: stopping after the job in hand");
}, 90_000);
