#!/usr/bin/env node
// The server behind the end-to-end tests: a fresh, migrated and seeded database (on
// DATABASE_URL's server or a throwaway embedded one), the production build (rebuilt when
// any source is newer than it), and `next start`. SIGTERM drops the database and stops.
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { createThrowawayAuthSecret } from "./lib/auth-secret.mjs";
import {
  createDatabase,
  dropDatabase,
  dropOrphanedTestDatabases,
  log,
  migrateDatabase,
  projectRoot,
  resolveTestServer,
  runProjectBinary,
  seedDatabase,
  testDatabaseName,
  withDatabase,
} from "./lib/postgres.mjs";
import { killProcessGroup } from "./lib/process-group.mjs";

const port = Number(process.argv[2] ?? 3200);
/** Where the e2e tests find this server's database (tests/e2e/support/new-agency.ts reads it). */
const e2eDatabaseUrlFile = (serverPort) => path.join(projectRoot, ".data", `e2e-database-url-${serverPort}`);
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
process.env.CHECKPOINT_DISABLE ??= "1";
const SOURCE_ENTRIES = [
  "app",
  "pages",
  "components",
  "lib",
  "public",
  "templates",
  "prisma/schema.prisma",
  "next.config.ts",
  "package.json",
];

function newestModification(entry) {
  const full = path.join(projectRoot, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(full)) newest = Math.max(newest, newestModification(path.join(entry, child)));
  return newest;
}

function isBuildCurrent() {
  const buildId = path.join(projectRoot, ".next/BUILD_ID");
  if (!fs.existsSync(buildId)) return false;
  const builtAt = fs.statSync(buildId).mtimeMs;
  return SOURCE_ENTRIES.every((entry) => newestModification(entry) <= builtAt);
}

createThrowawayAuthSecret();
const server = await resolveTestServer();
await dropOrphanedTestDatabases(server.serverUrl);
const databaseName = testDatabaseName("e2e");
const databaseUrl = withDatabase(server.serverUrl, databaseName);
let nextProcess = null;
let isStopping = false;

async function stop(exitCode) {
  if (isStopping) return;
  isStopping = true;
  if (nextProcess && nextProcess.exitCode === null) {
    killProcessGroup(nextProcess, "SIGTERM");
    await new Promise((resolve) => nextProcess.once("exit", resolve));
  }
  // A throwaway server is deleted whole (and shares our process group, so it may already be
  // shutting down); on a shared server the run's database must go.
  if (!server.isThrowaway) {
    await dropDatabase(server.serverUrl, databaseName).catch((error) => console.error(`[e2e] drop: ${error.message}`));
  }
  await server.stop();
  process.exit(exitCode);
}
process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));

try {
  await createDatabase(server.serverUrl, databaseName);
  migrateDatabase(databaseUrl);
  seedDatabase(databaseUrl);
  // Tests that start from an agency made by the operators' CLI (not the seed) run the CLI against this database.
  fs.mkdirSync(path.join(projectRoot, ".data"), { recursive: true });
  fs.writeFileSync(e2eDatabaseUrlFile(port), databaseUrl);
  if (isBuildCurrent()) log("the production build is current");
  else {
    log("building the app for the end-to-end tests");
    runProjectBinary("next", ["build"], {});
  }
} catch (error) {
  console.error(`[e2e] ${error.message}`);
  await stop(1);
}

nextProcess = spawn(
  process.execPath,
  [path.join(projectRoot, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"],
  {
    cwd: projectRoot,
    stdio: "inherit",
    detached: true,
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production" },
  },
);
nextProcess.on("exit", (code) => {
  if (!isStopping) stop(code ?? 1);
});
