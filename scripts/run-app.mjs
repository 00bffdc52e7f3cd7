#!/usr/bin/env node
// `npm run dev` and `npm start`: the app with its database ready.
// Uses DATABASE_URL when set; otherwise starts the embedded PostgreSQL (see scripts/lib/postgres.mjs).
// Then applies migrations and runs Next.js. Demo data (whose password the README publishes) is
// seeded into an empty database only by `dev` or an explicit `start --demo`, never with
// NODE_ENV=production; and `start` without --demo refuses to serve while any user can still
// sign in with the demo password.
// Ctrl-C stops Next.js and then the embedded database, leaving no process behind.
import "dotenv/config";
import path from "node:path";
import { spawn } from "node:child_process";
import {
  log,
  migrateDatabase,
  projectRoot,
  redactUrl,
  exitOnRefusal,
  resolveDevelopmentDatabase,
  runProjectBinaryForStatus,
  seedDatabase,
} from "./lib/postgres.mjs";
import { killProcessGroup } from "./lib/process-group.mjs";
import { ensureAuthSecret } from "./lib/auth-secret.mjs";

// Next.js and Prisma send anonymous usage data unless told not to; agencies expect silence.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
process.env.CHECKPOINT_DISABLE ??= "1";

const [mode = "dev", ...rest] = process.argv.slice(2);
if (mode !== "dev" && mode !== "start") {
  console.error("usage: run-app.mjs dev|start [--demo] [next options]");
  process.exit(2);
}
const isDemo = rest.includes("--demo");
const nextArgs = rest.filter((argument) => argument !== "--demo");
const isProduction = process.env.NODE_ENV === "production";
if (isDemo && isProduction) {
  console.error("[throughline] refusing --demo with NODE_ENV=production: the demo users' password is public.");
  process.exit(1);
}
const shouldSeed = (mode === "dev" || isDemo) && !isProduction;
/** scripts/demo-passwords.ts exits with this while a user still has the demo password. */
const EXIT_DEMO_PASSWORD_FOUND = 3;

ensureAuthSecret();
const database = await resolveDevelopmentDatabase().catch(exitOnRefusal);
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
  if (shouldSeed) seedDatabase(database.databaseUrl);
  else
    log(
      isProduction
        ? "demo data not seeded: NODE_ENV=production"
        : "demo data not seeded: `npm start` seeds only with --demo",
    );
  if (mode === "start" && !isDemo) {
    const status = runProjectBinaryForStatus("tsx", ["--conditions=react-server", "scripts/demo-passwords.ts"], {
      DATABASE_URL: database.databaseUrl,
    });
    if (status === EXIT_DEMO_PASSWORD_FOUND) throw new Error("not started: a user still has the demo password");
    if (status !== 0) throw new Error(`the demo password check failed with exit code ${status}`);
  }
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
