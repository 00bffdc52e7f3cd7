#!/usr/bin/env node
// Runs one command (prisma migrate, the seed, …) against the development database:
// DATABASE_URL when set, otherwise the embedded PostgreSQL in .data/postgres (joined if
// `npm run dev` already runs it, started and stopped around the command if not).
import "dotenv/config";
import {
  exitOnRefusal,
  log,
  redactUrl,
  resolveDevelopmentDatabase,
  runProjectBinaryForStatus,
} from "./lib/postgres.mjs";

const [binary, ...args] = process.argv.slice(2);
if (!binary) {
  console.error("usage: with-database.mjs <binary> [args…]");
  process.exit(2);
}
const database = await resolveDevelopmentDatabase().catch(exitOnRefusal);
let exitCode = 1;
try {
  log(`database ${redactUrl(database.databaseUrl)}`);
  // The command's own exit code is passed on (the CLI uses 2 for bad usage); its arguments
  // are never echoed, since they may hold a password.
  exitCode = runProjectBinaryForStatus(binary, args, { DATABASE_URL: database.databaseUrl });
} finally {
  await database.stop();
}
process.exit(exitCode);
