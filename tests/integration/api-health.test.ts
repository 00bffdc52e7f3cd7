// /api/health against a PostgreSQL this test owns, so that it can stop and restart it:
// the route answers 503 while the database is down, the process survives, and it recovers.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  findFreePort,
  startEmbeddedPostgres,
  withDatabase,
  migrateDatabase,
  createDatabase,
} from "../../scripts/lib/postgres.mjs";
import type { RunningServer } from "../../scripts/lib/postgres.mjs";

const dataDir = path.join(os.tmpdir(), `throughline-health-${process.pid}-${Date.now().toString(36)}`);
let port = 0;
let server: RunningServer;
let GET: () => Promise<Response>;

async function readHealth() {
  const response = await GET();
  return {
    status: response.status,
    body: (await response.json()) as { status: string; version: string; database: { isUp: boolean } },
  };
}

describe("GET /api/health", () => {
  beforeAll(async () => {
    port = await findFreePort();
    server = await startEmbeddedPostgres({ dataDir, port, persistent: true });
    await createDatabase(server.serverUrl, "health");
    const databaseUrl = withDatabase(server.serverUrl, "health");
    migrateDatabase(databaseUrl);
    process.env.DATABASE_URL = databaseUrl;
    ({ GET } = await import("@/app/api/health/route"));
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("reports the version and a database that answers", async () => {
    const { status, body } = await readHealth();
    expect(status).toBe(200);
    expect(body.status).toBe("ok");
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.database.isUp).toBe(true);
  });

  test("answers 503 while the database is stopped, and 200 again once it is back", async () => {
    await server.stop();
    const down = await readHealth();
    expect(down.status).toBe(503);
    expect(down.body.status).toBe("unavailable");
    expect(down.body.database.isUp).toBe(false);

    server = await startEmbeddedPostgres({ dataDir, port, persistent: true });
    const up = await readHealth();
    expect(up.status).toBe(200);
    expect(up.body.database.isUp).toBe(true);
  }, 60_000);
});
