#!/usr/bin/env node
// Runs one command (prisma migrate, the seed, …) against the development database:
// DATABASE_URL when set, otherwise the embedded PostgreSQL in .data/postgres (joined if
// `npm run dev` already runs it, started and stopped around the command if not).
import "dotenv/config";
import { log, redactUrl, resolveDevelopmentDatabase, runProjectBinary } from "./lib/postgres.mjs";

const [binary, ...args] = process.argv.slice(2);
if (!binary) {
  console.error("usage: with-database.mjs <binary> [args…]");
  process.exit(2);
}
const database = await resolveDevelopmentDatabase();
let exitCode = 0;
try {
  log(`database ${redactUrl(database.databaseUrl)}`);
  runProjectBinary(binary, args, { DATABASE_URL: database.databaseUrl });
} catch (error) {
  console.error(`[throughline] ${error.message}`);
  exitCode = 1;
} finally {
  await database.stop();
}
process.exit(exitCode);
