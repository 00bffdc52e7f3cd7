// Regression: `npm run dev` crashed at start (an import lost in an edit) and no test ran it.
// This runs the real script against a fresh database: it migrates, seeds, serves the app,
// and on SIGTERM stops Next.js (the whole process group) leaving nothing listening.
// Attack (issue 13, item 1): `npm start` used to seed an admin whose password the README
// publishes. `start` must seed nothing, and refuse to serve while any user has that password.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import {
  createDatabase,
  dropDatabase,
  findFreePort,
  migrateDatabase,
  projectRoot,
  runProjectBinaryForStatus,
  seedDatabase,
  testDatabaseName,
  withDatabase,
} from "../../scripts/lib/postgres.mjs";

const serverUrl = inject("serverUrl");
const databaseName = testDatabaseName("runapp");

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

type RunResult = { exitCode: number | null; output: string };

/**
 * Runs scripts/run-app.mjs until it exits or prints `until`; then stops it (SIGTERM, which
 * stops Next.js and the script) and returns its exit code and everything it printed.
 */
async function runApp(args: string[], env: Record<string, string>, until?: string): Promise<RunResult> {
  const child = spawn(process.execPath, [path.join(projectRoot, "scripts/run-app.mjs"), ...args], {
    cwd: projectRoot,
    env: { ...process.env, JOBS_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const reached = new Promise<void>((resolve) => {
    const collect = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (until && output.join("").includes(until)) resolve();
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
  });
  await Promise.race([exited, reached]);
  if (child.exitCode === null) child.kill("SIGTERM");
  const exitCode = await exited;
  return { exitCode, output: output.join("") };
}

async function query<Row>(databaseUrl: string, sql: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as Row[];
  } finally {
    await client.end();
  }
}

const NOT_SEEDED = "demo data not seeded";
const CHECK_PASSED = "no user has the demo password";

describe("npm start (scripts/run-app.mjs start) never serves the demo password", () => {
  const databaseName = testDatabaseName("runappstart");
  const databaseUrl = withDatabase(serverUrl, databaseName);
  beforeAll(async () => {
    await createDatabase(serverUrl, databaseName);
  });
  afterAll(async () => {
    await dropDatabase(serverUrl, databaseName);
  });

  test("refuses --demo with NODE_ENV=production, before touching the database", async () => {
    const port = await findFreePort();
    const run = await runApp(["start", "--demo", "-p", String(port)], {
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
    });
    expect(run.exitCode, run.output).toBe(1);
    expect(run.output).toContain("refusing --demo with NODE_ENV=production");
    const tables = await query(databaseUrl, "SELECT 1 FROM information_schema.tables WHERE table_schema = 'public'");
    expect(tables).toHaveLength(0);
    expect(await isListening(port)).toBe(false);
  }, 60_000);

  test("on an empty database: migrates, seeds nothing, finds no demo password", async () => {
    const port = await findFreePort();
    const run = await runApp(["start", "-p", String(port)], { DATABASE_URL: databaseUrl }, CHECK_PASSED);
    expect(run.output).toContain(NOT_SEEDED);
    expect(run.output).toContain(CHECK_PASSED);
    expect(run.output).not.toContain("seeded City of Riverton");
    expect(await query(databaseUrl, `SELECT 1 FROM "Agency"`)).toHaveLength(0);
    expect(await query(databaseUrl, `SELECT 1 FROM "User"`)).toHaveLength(0);
  }, 120_000);

  test("the seed itself refuses NODE_ENV=production", async () => {
    const status = runProjectBinaryForStatus("tsx", ["--conditions=react-server", "prisma/seed.ts"], {
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
    });
    expect(status).toBe(1);
    expect(await query(databaseUrl, `SELECT 1 FROM "Agency"`)).toHaveLength(0);
  }, 60_000);

  test("refuses to serve while any user (even a deactivated one) still has the demo password", async () => {
    migrateDatabase(databaseUrl);
    seedDatabase(databaseUrl);
    type UserRow = { email: string; passwordHash: string };
    const seeded = await query<UserRow>(databaseUrl, `SELECT email, "passwordHash" FROM "User" ORDER BY email`);
    expect(seeded.length).toBeGreaterThan(1);

    const port = await findFreePort();
    const refused = await runApp(["start", "-p", String(port)], { DATABASE_URL: databaseUrl }, CHECK_PASSED);
    expect(refused.exitCode, refused.output).toBe(1);
    expect(refused.output).toContain(`${seeded.length} user(s) still have the demo password`);
    for (const user of seeded) expect(refused.output).toContain(user.email);
    expect(refused.output).not.toContain(CHECK_PASSED);
    expect(await isListening(port)).toBe(false);
    // Nothing changed: the check reads and verifies, it writes nothing.
    expect(await query<UserRow>(databaseUrl, `SELECT email, "passwordHash" FROM "User" ORDER BY email`)).toEqual(
      seeded,
    );

    // One user left with it (deactivated, even: an admin could reactivate them) is enough to refuse.
    const [remaining, ...others] = seeded;
    const otherHash = await hashPassword("a-password-nobody-published");
    await query(databaseUrl, `UPDATE "User" SET "passwordHash" = $1 WHERE email = ANY($2)`, [
      otherHash,
      others.map((user) => user.email),
    ]);
    await query(databaseUrl, `UPDATE "User" SET "isActive" = false WHERE email = $1`, [remaining!.email]);
    const stillRefused = await runApp(["start", "-p", String(port)], { DATABASE_URL: databaseUrl }, CHECK_PASSED);
    expect(stillRefused.exitCode, stillRefused.output).toBe(1);
    // Named with its agency: an email may have an account in several.
    expect(stillRefused.output).toContain(`1 user(s) still have the demo password (${remaining!.email} in riverton)`);

    // Once nobody has it, the check passes (and the seed is not run again).
    await query(databaseUrl, `UPDATE "User" SET "passwordHash" = $1 WHERE email = $2`, [otherHash, remaining!.email]);
    const passed = await runApp(["start", "-p", String(port)], { DATABASE_URL: databaseUrl }, CHECK_PASSED);
    expect(passed.output).toContain(CHECK_PASSED);
    expect(passed.output).not.toContain("still have the demo password");
  }, 300_000);
});

describe("npm run dev (scripts/run-app.mjs)", () => {
  beforeAll(async () => {
    await createDatabase(serverUrl, databaseName);
  });
  afterAll(async () => {
    await dropDatabase(serverUrl, databaseName);
  });

  test("migrates, seeds, serves /api/health, and stops cleanly", async () => {
    const port = await findFreePort();
    const output: string[] = [];
    const child = spawn(process.execPath, [path.join(projectRoot, "scripts/run-app.mjs"), "dev", "-p", String(port)], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: withDatabase(serverUrl, databaseName), JOBS_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      let body: { status?: string } | null = null;
      const deadline = Date.now() + 150_000;
      while (Date.now() < deadline && child.exitCode === null) {
        try {
          const response = await fetch(`http://127.0.0.1:${port}/api/health`);
          if (response.ok) {
            body = (await response.json()) as { status?: string };
            break;
          }
        } catch {
          // not ready yet
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      expect(body, output.join("")).toMatchObject({ status: "ok" });
      expect(output.join("")).toContain("seeded City of Riverton");
      const home = await fetch(`http://127.0.0.1:${port}/`);
      expect(home.status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(await isListening(port)).toBe(false);
  }, 200_000);
});
