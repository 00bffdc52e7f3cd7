// No `import "server-only"`: the public pages' getServerSideProps (Pages Router) reaches this
// module through lib/dal/public-read.ts, and Next rejects "server-only" there. See that file.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getDatabaseEnv } from "@/lib/env";

// One pool and one client per server process. In development, Next reloads modules on
// every change; keeping them on globalThis stops each reload from opening a new pool.
const globalForDb = globalThis as unknown as { throughlinePrisma?: PrismaClient; throughlinePool?: pg.Pool };

function createPool(): pg.Pool {
  const env = getDatabaseEnv();
  const pool = new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_POOL_MAX,
    // Fail a request quickly when the database is unreachable instead of hanging it.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client whose connection drops (database restart, pg_terminate_backend) emits
  // 'error' on the pool; without a listener Node would crash the whole server.
  pool.on("error", (error) => {
    console.error(`[db] idle connection lost: ${error.message}`);
  });
  return pool;
}

function createClient(pool: pg.Pool): PrismaClient {
  const adapter = new PrismaPg(pool, {
    onConnectionError: (error) => console.error(`[db] connection error: ${error.message}`),
  });
  return new PrismaClient({ adapter });
}

export function getPool(): pg.Pool {
  globalForDb.throughlinePool ??= createPool();
  return globalForDb.throughlinePool;
}

export function getPrisma(): PrismaClient {
  globalForDb.throughlinePrisma ??= createClient(getPool());
  return globalForDb.throughlinePrisma;
}
