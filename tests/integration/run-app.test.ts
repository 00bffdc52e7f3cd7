// Regression: `npm run dev` crashed at start (an import lost in an edit) and no test ran it.
// This runs the real script against a fresh database: it migrates, seeds, serves the app,
// and on SIGTERM stops Next.js (the whole process group) leaving nothing listening.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import {
  createDatabase,
  dropDatabase,
  findFreePort,
  projectRoot,
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
