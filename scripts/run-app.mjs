#!/usr/bin/env node
// `npm run dev` and `npm start`: the app with its database ready.
// Uses DATABASE_URL when set; otherwise starts the embedded PostgreSQL (see scripts/lib/postgres.mjs).
// Then applies migrations, seeds demo data into an empty database, and runs Next.js.
// Ctrl-C stops Next.js and then the embedded database, leaving no process behind.
import "dotenv/config";
import path from "node:path";
import { spawn } from "node:child_process";
import {
  log,
  migrateDatabase,
  projectRoot,
  redactUrl,
  resolveDevelopmentDatabase,
  seedDatabase,
} from "./lib/postgres.mjs";
import { killProcessGroup } from "./lib/process-group.mjs";
import { ensureAuthSecret } from "./lib/auth-secret.mjs";

// Next.js and Prisma send anonymous usage data unless told not to; agencies expect silence.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
process.env.CHECKPOINT_DISABLE ??= "1";

const [mode = "dev", ...nextArgs] = process.argv.slice(2);
if (mode !== "dev" && mode !== "start") {
  console.error("usage: run-app.mjs dev|start [next options]");
  process.exit(2);
}

ensureAuthSecret();
const database = await resolveDevelopmentDatabase();
let isShuttingDown = false;
let nextProcess = null;

async function shutdown(exitCode) {
  if (isShuttingDown) return;
  isShuttingDown = true;
  if (nextProcess && nextProcess.exitCode === null) {
    killProcessGroup(nextProcess, "SIGTERM");
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        killProcessGroup(nextProcess, "SIGKILL");
        resolve();
      }, 5000);
      nextProcess.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  await database.stop();
  process.exit(exitCode);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));
process.on("SIGHUP", () => shutdown(0));

try {
  log(`database ${redactUrl(database.databaseUrl)}`);
  migrateDatabase(database.databaseUrl);
  seedDatabase(database.databaseUrl);
} catch (error) {
  console.error(`[throughline] ${error.message}`);
  await shutdown(1);
}

if (!isShuttingDown) {
  // Run next's own entry point with node, not through npx: killing npx would orphan next-server.
  nextProcess = spawn(
    process.execPath,
    [path.join(projectRoot, "node_modules/next/dist/bin/next"), mode, ...nextArgs],
    {
      cwd: projectRoot,
      stdio: "inherit",
      detached: true,
      env: { ...process.env, DATABASE_URL: database.databaseUrl },
    },
  );
  nextProcess.on("exit", (code, signal) => shutdown(code ?? (signal ? 1 : 0)));
}
