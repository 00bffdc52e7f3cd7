// Benchmark of creating a tree from a starter template (issue 12: "template creation of the largest template, goal
// < 2 s"): the template with the most KPIs, created through the data access layer as the page does — preview, then
// create in one transaction, which checks the document against the whole tree and recomputes the health of what the
// template reaches (lib/domain compares the tree before and after) — into an empty agency and into the ~2,000-node
// plan of the views benchmark. Prints figures; asserts nothing about time.
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
import { BENCH_AGENCY, buildSyntheticAgency } from "./engine/synthetic-agency";

const RUNS = 7;
// About 2,000 nodes: objectives + key results + KPIs (as in views-bench.ts).
const PLAN = { kpiCount: 1_400, objectiveCount: 150, keyResultCount: 450 };

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

export async function runTemplatesBench(): Promise<Record<string, number>> {
  const server = await resolveTestServer();
  const databaseName = testDatabaseName("bench");
  await createDatabase(server.serverUrl, databaseName);
  const databaseUrl = withDatabase(server.serverUrl, databaseName);
  migrateDatabase(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const { createFromStarterTemplate, getStarterTemplate, previewStarterTemplate } =
      await import("@/lib/dal/templates");
    const { listStarterTemplateFiles } = await import("@/lib/document/template-library");
    const { refreshAgencyHealth } = await import("@/lib/dal/health-refresh");
    const { getTodayUtc } = await import("@/lib/clock");
    const largest = [...listStarterTemplateFiles()].sort((a, b) => b.document.kpis.length - a.document.kpis.length)[0]!;

    const officerOf = (agencyId: string): Principal => ({
      kind: "user",
      userId: randomUUID(),
      agencyId,
      role: "PERFORMANCE_OFFICER",
      departmentId: null,
      label: "bench@throughline.example",
    });

    /** Preview then create, `runs` times, each with a prefix of its own; times in ms. */
    const measure = async (agencyId: string, runs: number) => {
      const officer = officerOf(agencyId);
      const start = await getStarterTemplate(officer, largest.id);
      const departments = Object.fromEntries(largest.departments.map((department) => [department.code, "ALL"]));
      const previews: number[] = [];
      const creations: number[] = [];
      let recomputedNodes = 0;
      for (let run = 0; run < runs; run++) {
        const choices = { ...start.choices, departments, prefix: `run${run}.` };
        let time = performance.now();
        const preview = await previewStarterTemplate(officer, choices);
        previews.push(performance.now() - time);
        if (preview.problems.length > 0) throw new Error(preview.problems.map((p) => p.message).join("; "));
        time = performance.now();
        const created = await createFromStarterTemplate(officer, choices);
        creations.push(performance.now() - time);
        recomputedNodes = created.recomputedNodes;
      }
      return { previews, creations, recomputedNodes };
    };

    // An empty agency, as from agency:create, with one department.
    const {
      rows: [empty],
    } = await admin.query<{ id: string }>(
      `INSERT INTO "Agency" (id, slug, name, "updatedAt") VALUES (gen_random_uuid(), 'bench-empty', 'Empty', now()) RETURNING id`,
    );
    await admin.query(
      `INSERT INTO "Department" (id, "agencyId", code, name, "updatedAt") VALUES (gen_random_uuid(), $1, 'ALL', 'All', now())`,
      [empty!.id],
    );
    const intoEmpty = await measure(empty!.id, 1);

    const { model } = buildSyntheticAgency({ ...BENCH_AGENCY, ...PLAN });
    const agencyId = await loadModelIntoDatabase(admin, model, "bench-templates");
    await refreshAgencyHealth(agencyId, getTodayUtc());
    const planNodes = model.objectives.length + model.keyResults.length + model.kpis.length;
    const intoPlan = await measure(agencyId, RUNS);

    const figures = {
      templateKpis: largest.document.kpis.length,
      templateLinks: largest.document.links.length,
      planNodes,
      createIntoEmptyMs: round(intoEmpty.creations[0]!),
      previewMedianMs: round(percentile(intoPlan.previews, 0.5)),
      createMedianMs: round(percentile(intoPlan.creations, 0.5)),
      createMaxMs: round(Math.max(...intoPlan.creations)),
      recomputedNodes: intoPlan.recomputedNodes,
    };
    console.log("\nStarter templates (PostgreSQL)\n");
    const rows: [string, string][] = [
      ["largest template", `${largest.id}: ${figures.templateKpis} KPIs, ${figures.templateLinks} links`],
      ["create into an empty agency", `${figures.createIntoEmptyMs} ms`],
      [`plan nodes`, String(planNodes)],
      [`preview beside the plan, median of ${RUNS}`, `${figures.previewMedianMs} ms`],
      [`create beside the plan, median of ${RUNS}`, `${figures.createMedianMs} ms   goal < 2000 ms`],
      [`create beside the plan, slowest of ${RUNS}`, `${figures.createMaxMs} ms`],
      ["health nodes recomputed by a creation", String(figures.recomputedNodes)],
    ];
    for (const [label, value] of rows) console.log(`  ${label.padEnd(44)} ${value}`);
    return figures;
  } finally {
    await admin.end();
    const { getPool } = await import("@/lib/db");
    await getPool().end();
    await dropDatabase(server.serverUrl, databaseName).catch(() => {});
    await server.stop();
  }
}
