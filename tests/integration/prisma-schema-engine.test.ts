// The offline schema engine (scripts/prisma-schema-engine.mjs) drives Prisma's own CLI:
// these tests run the real `prisma` commands against a real PostgreSQL.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
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
const databaseName = testDatabaseName("shim");
const databaseUrl = withDatabase(serverUrl, databaseName);

function runPrisma(args: string[], url: string) {
  const result = spawnSync(path.join(projectRoot, "node_modules/.bin/prisma"), args, {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

async function listTables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    return rows.map((row) => row.tablename);
  } finally {
    await client.end();
  }
}

const migrationNames = fs
  .readdirSync(path.join(projectRoot, "prisma/migrations"))
  .filter((entry) => /^\d{14}_/.test(entry))
  .sort();

describe("Prisma CLI through the offline schema engine", () => {
  beforeAll(async () => {
    await createDatabase(serverUrl, databaseName);
  });
  afterAll(async () => {
    await dropDatabase(serverUrl, databaseName);
  });

  test("migrate deploy takes an empty database to the current schema", async () => {
    expect(await listTables(databaseUrl)).toEqual([]);
    const deploy = runPrisma(["migrate", "deploy"], databaseUrl);
    expect(deploy.status, deploy.output).toBe(0);
    const tables = await listTables(databaseUrl);
    expect(tables).toContain("_prisma_migrations");
    expect(tables).toContain("Agency");
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name",
    );
    await client.end();
    expect(rows.map((row) => row.migration_name)).toEqual(migrationNames);
  });

  test("migrate status reports the database up to date", () => {
    const status = runPrisma(["migrate", "status"], databaseUrl);
    expect(status.status, status.output).toBe(0);
    expect(status.output).toContain("Database schema is up to date");
  });

  test("the committed migrations produce exactly the schema in schema.prisma (no drift)", () => {
    const diff = runPrisma(
      ["migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma", "--exit-code"],
      databaseUrl,
    );
    // --exit-code: 0 = no difference, 2 = the schema and the database differ.
    expect(diff.status, diff.output).toBe(0);
  });

  test("migrate diff prints SQL from an empty schema (the engine's print request)", () => {
    const diff = runPrisma(
      ["migrate", "diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--script"],
      databaseUrl,
    );
    expect(diff.status, diff.output).toBe(0);
    expect(diff.output).toMatch(/CREATE TABLE "Agency"/);
  });

  test("migrate reset --force empties and re-applies", async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(
      `INSERT INTO "Agency" (id, slug, name, "updatedAt") VALUES (gen_random_uuid(), 'x', 'X', now())`,
    );
    await client.end();
    const reset = runPrisma(["migrate", "reset", "--force"], databaseUrl);
    expect(reset.status, reset.output).toBe(0);
    const check = new pg.Client({ connectionString: databaseUrl });
    await check.connect();
    const { rows } = await check.query<{ count: string }>(`SELECT count(*) FROM "Agency"`);
    await check.end();
    expect(Number(rows[0]?.count)).toBe(0);
    expect(await listTables(databaseUrl)).toContain("Agency");
  });

  test("a server that does not answer is reported as a clear error, not a crash", async () => {
    const deadPort = await findFreePort();
    const result = runPrisma(["migrate", "deploy"], `postgresql://postgres@127.0.0.1:${deadPort}/nothing`);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/P1001|Can't reach database server/);
    expect(result.output).toContain(`127.0.0.1:${deadPort}`);
    expect(result.output).not.toMatch(/RuntimeError|panicked/);
  });

  test("a database that does not exist is reported by name", () => {
    const result = runPrisma(["migrate", "status"], withDatabase(serverUrl, "throughline_no_such_database"));
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/throughline_no_such_database/);
  });
});
