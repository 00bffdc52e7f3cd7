// Benchmark of the write path with the synthetic agency of the engine benchmark loaded into
// PostgreSQL: one measurement write including recompute and audit (median, p95), the SQL
// statements each write sends (which must not grow with the tree), and the time to read a
// tree's stored health for a page; and the bytes a full refresh stores. Prints figures; asserts nothing about time.
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Principal } from "@/lib/auth/permissions";
import {
  createDatabase,
  dropDatabase,
  migrateDatabase,
  resolveTestServer,
  testDatabaseName,
  withDatabase,
} from "../../scripts/lib/postgres.mjs";
import { loadModelIntoDatabase } from "./database/load-model";
import { BENCH_AGENCY, buildSyntheticAgency, createRandom } from "./engine/synthetic-agency";

const WRITES = 20;
const WARM_UP_WRITES = 3;
const READS = 5;

let statementCount = 0;
function countStatements(): void {
  // Every query of the app goes through pg's Client (the Prisma adapter's pool hands them out).
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function countedQuery(this: unknown, ...args: unknown[]) {
    statementCount += 1;
    return original.apply(this, args);
  };
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

type SizeFigures = {
  kpis: number;
  loadMs: number;
  fullRefreshMs: number;
  fullRefreshKb: number;
  fullRefreshExplanationKb: number;
  writeMedianMs: number;
  writeP95Ms: number;
  statementsPerWriteMin: number;
  statementsPerWriteMax: number;
  nodesRecomputedMedian: number;
  readHealthMedianMs: number;
  healthNodes: number;
};

export async function runDalBench(): Promise<Record<string, number>> {
  const server = await resolveTestServer();
  const databaseName = testDatabaseName("bench");
  await createDatabase(server.serverUrl, databaseName);
  const databaseUrl = withDatabase(server.serverUrl, databaseName);
  migrateDatabase(databaseUrl);
  const originalDatabaseUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const { refreshAgencyHealth } = await import("@/lib/dal/health-refresh");
    const { recordMeasurement } = await import("@/lib/dal/measurements");
    const { getTodayUtc } = await import("@/lib/clock");
    countStatements();

    const measureSize = async (kpiCount: number): Promise<SizeFigures> => {
      const scale = kpiCount / BENCH_AGENCY.kpiCount;
      const { model, levels, latestPeriod } = buildSyntheticAgency({
        ...BENCH_AGENCY,
        kpiCount,
        objectiveCount: Math.max(10, Math.round(BENCH_AGENCY.objectiveCount * scale)),
        keyResultCount: Math.max(20, Math.round(BENCH_AGENCY.keyResultCount * scale)),
      });
      let start = performance.now();
      const agencyId = await loadModelIntoDatabase(admin, model, `bench-${kpiCount}`);
      const loadMs = performance.now() - start;
      start = performance.now();
      const refresh = await refreshAgencyHealth(agencyId, getTodayUtc());
      const fullRefreshMs = performance.now() - start;
      // What a full refresh writes: every node's row, as PostgreSQL stores it, and the explanations' share of it.
      const {
        rows: [written],
      } = await admin.query<{ rowBytes: string; explanationBytes: string }>(
        `SELECT sum(pg_column_size(h.*))::bigint AS "rowBytes", sum(pg_column_size(h.explanation))::bigint AS "explanationBytes"
         FROM "HealthResult" h WHERE "agencyId" = $1`,
        [agencyId],
      );

      const officer: Principal = {
        kind: "user",
        userId: randomUUID(),
        agencyId,
        role: "PERFORMANCE_OFFICER",
        departmentId: null,
        label: "bench@throughline.example",
      };
      const inputs = (levels[0] ?? []).filter((code) => !model.kpis.find((kpi) => kpi.code === code)?.formula);
      const random = createRandom(7);
      const times: number[] = [];
      const statements: number[] = [];
      const recomputed: number[] = [];
      // The first writes also compile the code paths and warm the pool; they are not counted.
      for (let write = -WARM_UP_WRITES; write < WRITES; write++) {
        const kpi = inputs[Math.floor(random() * inputs.length)] as string;
        const before = statementCount;
        start = performance.now();
        const result = await recordMeasurement(officer, {
          kpi,
          period: latestPeriod,
          value: Math.round(random() * 1000),
          note: "",
          source: "bench",
        });
        if (write < 0) continue;
        times.push(performance.now() - start);
        statements.push(statementCount - before);
        recomputed.push(result.recomputedNodes);
      }
      const readTimes: number[] = [];
      let healthNodes = 0;
      for (let read = 0; read < READS; read++) {
        start = performance.now();
        // The stored results as a page reads them (the same query the removed getStoredHealth ran, which handed
        // every node to any reader, department heads included: issue 13). Read straight from PostgreSQL here.
        const { rows } = await admin.query(
          `SELECT result FROM "HealthResult" WHERE "agencyId" = $1 ORDER BY "nodeKind", code`,
          [agencyId],
        );
        healthNodes = rows.length;
        readTimes.push(performance.now() - start);
      }
      return {
        kpis: kpiCount,
        loadMs: round(loadMs),
        fullRefreshMs: round(fullRefreshMs),
        fullRefreshKb: round(Number(written?.rowBytes ?? 0) / 1000),
        fullRefreshExplanationKb: round(Number(written?.explanationBytes ?? 0) / 1000),
        writeMedianMs: round(percentile(times, 0.5)),
        writeP95Ms: round(percentile(times, 0.95)),
        statementsPerWriteMin: Math.min(...statements),
        statementsPerWriteMax: Math.max(...statements),
        nodesRecomputedMedian: percentile(recomputed, 0.5),
        readHealthMedianMs: round(percentile(readTimes, 0.5)),
        healthNodes: healthNodes || refresh.nodes,
      };
    };

    const small = await measureSize(500);
    const large = await measureSize(BENCH_AGENCY.kpiCount);
    const rows: [string, string, string][] = [
      ["KPIs", String(small.kpis), String(large.kpis)],
      ["load into PostgreSQL", `${small.loadMs} ms`, `${large.loadMs} ms`],
      ["full refresh (recompute + store)", `${small.fullRefreshMs} ms`, `${large.fullRefreshMs} ms`],
      ["bytes a full refresh stores", `${small.fullRefreshKb} kB`, `${large.fullRefreshKb} kB`],
      ["  of which explanations", `${small.fullRefreshExplanationKb} kB`, `${large.fullRefreshExplanationKb} kB`],
      [`measurement write, median of ${WRITES}`, `${small.writeMedianMs} ms`, `${large.writeMedianMs} ms`],
      [`measurement write, p95 of ${WRITES}`, `${small.writeP95Ms} ms`, `${large.writeP95Ms} ms   goal < 100 ms`],
      [
        "SQL statements per write (min–max)",
        `${small.statementsPerWriteMin}–${small.statementsPerWriteMax}`,
        `${large.statementsPerWriteMin}–${large.statementsPerWriteMax}   goal: constant in tree size`,
      ],
      ["nodes recomputed per write (median)", String(small.nodesRecomputedMedian), String(large.nodesRecomputedMedian)],
      [
        `read stored health for a page (median of ${READS})`,
        `${small.readHealthMedianMs} ms`,
        `${large.readHealthMedianMs} ms`,
      ],
      ["stored health nodes", String(small.healthNodes), String(large.healthNodes)],
    ];
    console.log("\nData access layer (PostgreSQL)\n");
    for (const [label, a, b] of rows) console.log(`  ${label.padEnd(44)} ${a.padEnd(14)} ${b}`);
    const figures: Record<string, number> = {};
    for (const [prefix, size] of [
      ["small", small],
      ["large", large],
    ] as const) {
      for (const [key, value] of Object.entries(size)) figures[`${prefix}.${key}`] = value;
    }
    figures.writeP95RatioLargeToSmall = round(large.writeP95Ms / small.writeP95Ms, 2);
    return figures;
  } finally {
    await admin.end();
    const { getPool } = await import("@/lib/db");
    await getPool().end();
    await dropDatabase(server.serverUrl, databaseName).catch(() => {});
    await server.stop();
    // Later benchmarks start their own servers from the environment as it was.
    if (originalDatabaseUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = originalDatabaseUrl;
  }
}
