// Each integration run gets a fresh database on DATABASE_URL's server, or on a throwaway
// embedded PostgreSQL when none is configured; it is migrated here and dropped at the end.
import type { TestProject } from "vitest/node";
import {
  createDatabase,
  dropDatabase,
  dropOrphanedTestDatabases,
  migrateDatabase,
  resolveTestServer,
  testDatabaseName,
  withDatabase,
} from "../../scripts/lib/postgres.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    serverUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await resolveTestServer();
  await dropOrphanedTestDatabases(server.serverUrl);
  const databaseName = testDatabaseName("integration");
  await createDatabase(server.serverUrl, databaseName);
  const databaseUrl = withDatabase(server.serverUrl, databaseName);
  migrateDatabase(databaseUrl);
  project.provide("databaseUrl", databaseUrl);
  project.provide("serverUrl", server.serverUrl);

  return async () => {
    await dropDatabase(server.serverUrl, databaseName);
    await server.stop();
  };
}
