// Benchmark of data in through the REST API (issue 7), against PostgreSQL, calling the route handlers as Next.js
// does: import a 10,000-KPI drivertree/v1 document (the engine benchmark's synthetic agency, with 11 months of
// history), then ingest 100,000 measurements through POST /api/v1/measurements in batches of 10,000, the way a
// department's feed sends them — month after month for every KPI, then corrections KPI by KPI. Such batches are
// stored at once and leave health to the job runner, which runs in this process as in an app server (one
// recomputation for a burst of batches); "health updated" is when the agency is no longer marked pending, and the
// stored health is then checked against a full recompute. Prints figures; asserts nothing about time.
// Goal: ≥ 20,000 rows per second.
import { randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import pg from "pg";
import {
  createDatabase,
  dropDatabase,
  migrateDatabase,
  resolveTestServer,
  testDatabaseName,
  withDatabase,
} from "../../scripts/lib/postgres.mjs";
import { BENCH_AGENCY, buildSyntheticAgency } from "./engine/synthetic-agency";
import { toSyntheticDocument } from "./engine/synthetic-document";

const BATCH = 10_000;
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const HISTORY_MONTHS = 11;

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

type Handler = (request: Request) => Promise<Response>;
type Post = (
  handler: Handler,
  path: string,
  body: unknown,
) => Promise<{ json: Record<string, unknown>; ms: number; bytes: number }>;

/**
 * Sends the rows in batches, one request after the other, then waits until the agency's health is no longer pending:
 * `totalMs` is until the last response, `healthMs` until health is updated.
 */
async function ingest(post: Post, route: Handler, rows: readonly object[], isHealthPending: () => Promise<boolean>) {
  const times: number[] = [];
  let deferred = 0;
  const started = performance.now();
  for (let offset = 0; offset < rows.length; offset += BATCH) {
    const batch = await post(route, "/api/v1/measurements", { measurements: rows.slice(offset, offset + BATCH) });
    if (batch.json.accepted !== Math.min(BATCH, rows.length - offset)) {
      throw new Error(`batch at ${offset}: ${JSON.stringify(batch.json).slice(0, 500)}`);
    }
    if (batch.json.healthPending === true) deferred += 1;
    times.push(batch.ms);
  }
  const totalMs = performance.now() - started;
  while (await isHealthPending()) await new Promise((resolve) => setTimeout(resolve, 20));
  return { times, totalMs, healthMs: performance.now() - started, rows: rows.length, deferred };
}

const rate = (run: { rows: number; totalMs: number }) =>
  Math.round(run.rows / (run.totalMs / 1000)).toLocaleString("en-US");

export async function runApiBench(): Promise<Record<string, number>> {
  const server = await resolveTestServer();
  const databaseName = testDatabaseName("apibench");
  await createDatabase(server.serverUrl, databaseName);
  const databaseUrl = withDatabase(server.serverUrl, databaseName);
  migrateDatabase(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;
  let stopRunner: (() => Promise<void>) | undefined;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const { POST: importRoute } = await import("@/app/api/v1/import/route");
    const { POST: measurementsRoute } = await import("@/app/api/v1/measurements/route");
    const { hashApiToken } = await import("@/lib/dal/admin-tokens");
    const { compareStoredHealthWithFullRecompute } = await import("../integration/support/fixtures");
    const { startJobRunner, stopJobRunner, HEALTH_RECOMPUTE_QUEUE } = await import("@/lib/jobs/job-runner");
    await startJobRunner();
    stopRunner = stopJobRunner;

    const {
      rows: [agency],
    } = await admin.query<{ id: string }>(
      `INSERT INTO "Agency" (id, slug, name, "updatedAt") VALUES (gen_random_uuid(), 'api-bench', 'API bench', now()) RETURNING id`,
    );
    const secret = `tl_${randomBytes(32).toString("base64url")}`;
    await admin.query(
      `INSERT INTO "ApiToken" (id, "agencyId", name, "tokenHash", prefix, scopes, "expiresAt")
       VALUES (gen_random_uuid(), $1, 'bench', $2, $3, $4, now() + interval '1 day')`,
      [agency!.id, hashApiToken(secret), secret.slice(0, 10), ["tree:write", "measurements:write", "read"]],
    );

    const post: Post = async (handler, path, body) => {
      const text = JSON.stringify(body);
      const started = performance.now();
      const response = await handler(
        new Request(`http://localhost${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
          body: text,
        }),
      );
      const json = (await response.json()) as Record<string, unknown>;
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(json).slice(0, 500)}`);
      return { json, ms: performance.now() - started, bytes: text.length };
    };

    const { model } = buildSyntheticAgency(BENCH_AGENCY);
    const { document, feed } = toSyntheticDocument(model, HISTORY_MONTHS);
    const imported = await post(importRoute, "/api/v1/import", document);
    const created = imported.json.created as Record<string, number>;
    console.log(
      `\nImport: ${created.kpis} KPIs, ${created.links} links, ${created.objectives} objectives, ` +
        `${created.keyResults} key results, ${created.measurements} measurements ` +
        `(${round(imported.bytes / 1024 / 1024)} MB) in ${round(imported.ms)} ms`,
    );
    const reimported = await post(importRoute, "/api/v1/import", document);
    console.log(`Import of the same document again (all unchanged): ${round(reimported.ms)} ms`);

    const isHealthPending = async () => {
      const { rows: found } = await admin.query<{ pending: boolean }>(
        `SELECT "healthPendingSince" IS NOT NULL AS pending FROM "Agency" WHERE id = $1`,
        [agency!.id],
      );
      return found[0]!.pending;
    };
    // Recomputations done, once the job runner is idle (the job that cleared the mark may still be finishing).
    const recomputations = async () => {
      for (;;) {
        const { rows: busy } = await admin.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`,
          [HEALTH_RECOMPUTE_QUEUE],
        );
        if (busy[0]!.count === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const { rows: found } = await admin.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM pgboss.job WHERE name = $1 AND state = 'completed'
         AND output->>'recomputed' = 'true'`,
        [HEALTH_RECOMPUTE_QUEUE],
      );
      return found[0]!.count;
    };

    const rows = feed.slice(0, ROWS);
    // 1. A feed: month after month, every KPI's value for the month (each batch reaches the whole tree).
    const monthly = await ingest(post, measurementsRoute, rows, isHealthPending);
    const monthlyRecomputations = await recomputations();
    // 2. Corrections sent KPI by KPI (departments' systems re-sending their series): each batch replaces the values
    // of about 770 KPIs, and keeps the old ones in the history.
    const corrections = rows
      .map((row) => ({ ...row, value: Math.round(row.value * 101) / 100 }))
      .sort((a, b) => (a.kpi < b.kpi ? -1 : a.kpi > b.kpi ? 1 : a.period < b.period ? -1 : 1));
    const byKpi = await ingest(post, measurementsRoute, corrections, isHealthPending);
    const byKpiRecomputations = (await recomputations()) - monthlyRecomputations;

    const checkStarted = performance.now();
    const { stored, expected } = await compareStoredHealthWithFullRecompute(agency!.id);
    const isConsistent = isDeepStrictEqual(stored, expected);
    const checkMs = performance.now() - checkStarted;

    console.log(
      `\nIngest through POST /api/v1/measurements, ${rows.length.toLocaleString("en-US")} rows in batches of ${BATCH.toLocaleString("en-US")}\n`,
    );
    const lines: [string, string, string][] = [
      ["", "month by month", "corrections, KPI by KPI"],
      ["rows per second (stored, until the last response)", rate(monthly), `${rate(byKpi)}   goal ≥ 20,000`],
      ["time until the last response", `${round(monthly.totalMs)} ms`, `${round(byKpi.totalMs)} ms`],
      ["time until health is updated", `${round(monthly.healthMs)} ms`, `${round(byKpi.healthMs)} ms`],
      [
        "  after the last response",
        `${round(monthly.healthMs - monthly.totalMs)} ms`,
        `${round(byKpi.healthMs - byKpi.totalMs)} ms`,
      ],
      [
        "batches left to the job runner",
        `${monthly.deferred} of ${monthly.times.length}`,
        `${byKpi.deferred} of ${byKpi.times.length}`,
      ],
      ["background recomputations", String(monthlyRecomputations), String(byKpiRecomputations)],
      ["batch latency, median", `${round(median(monthly.times))} ms`, `${round(median(byKpi.times))} ms`],
      ["batch latency, max", `${round(Math.max(...monthly.times))} ms`, `${round(Math.max(...byKpi.times))} ms`],
    ];
    for (const [label, a, b] of lines) console.log(`  ${label.padEnd(52)} ${a.padEnd(18)} ${b}`);
    console.log(
      `  ${"stored health equals a full recompute".padEnd(52)} ${isConsistent ? `yes (checked in ${round(checkMs)} ms)` : "NO"}`,
    );
    return {
      importMs: round(imported.ms),
      reimportMs: round(reimported.ms),
      ingestRows: rows.length,
      monthlyMs: round(monthly.totalMs),
      monthlyRowsPerSecond: Math.round(rows.length / (monthly.totalMs / 1000)),
      monthlyBatchMedianMs: round(median(monthly.times)),
      monthlyHealthUpdatedMs: round(monthly.healthMs),
      monthlyRecomputations,
      correctionsMs: round(byKpi.totalMs),
      correctionsRowsPerSecond: Math.round(rows.length / (byKpi.totalMs / 1000)),
      correctionsBatchMedianMs: round(median(byKpi.times)),
      correctionsHealthUpdatedMs: round(byKpi.healthMs),
      correctionsRecomputations: byKpiRecomputations,
      healthConsistent: isConsistent ? 1 : 0,
    };
  } finally {
    await stopRunner?.();
    await admin.end();
    const { getPool } = await import("@/lib/db");
    await getPool().end();
    await dropDatabase(server.serverUrl, databaseName).catch(() => {});
    await server.stop();
  }
}
