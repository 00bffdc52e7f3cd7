// Benchmark of the pages: a synthetic plan of about 2,000 nodes (objectives, key results and
// KPIs) loaded into PostgreSQL and served by the production build (`next start`). Measures
// the tree page's server response at 10 concurrent connections with autocannon (p50, p95) and
// right after a change (when the tree is rebuilt), the KPI library's (/kpis, unfiltered and filtered) likewise,
// its payload, and the first-load JavaScript (gzipped) of the tree page, the scorecard and
// the KPI page: every script the page's HTML loads. Prints figures; asserts nothing.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import autocannon from "autocannon";
import pg from "pg";
import {
  createDatabase,
  dropDatabase,
  findFreePort,
  migrateDatabase,
  projectRoot,
  resolveTestServer,
  runProjectBinary,
  testDatabaseName,
  withDatabase,
} from "../../scripts/lib/postgres.mjs";
import { recomputeAll, type HealthModel } from "@/lib/domain";
import { loadModelIntoDatabase } from "./database/load-model";
import { measureFirstLoadJs } from "./support/page-weight";
import { BENCH_AGENCY, buildSyntheticAgency } from "./engine/synthetic-agency";

const CONNECTIONS = 10;
const REQUESTS = 400;
const WARM_UP_REQUESTS = 30;
const EMAIL = "bench-officer@throughline.example";
const PASSWORD = "bench-password-not-secret";
// About 2,000 nodes: objectives + key results + KPIs.
const PLAN = { kpiCount: 1_400, objectiveCount: 150, keyResultCount: 450 };

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

const SOURCE_ENTRIES = ["app", "components", "lib", "public", "prisma/schema.prisma", "next.config.ts", "package.json"];

function newestModification(entry: string): number {
  const full = path.join(projectRoot, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(full)) newest = Math.max(newest, newestModification(path.join(entry, child)));
  return newest;
}

/** The production build, rebuilt when a source is newer (as the end-to-end server does). */
function ensureProductionBuild(): void {
  const buildId = path.join(projectRoot, ".next/BUILD_ID");
  const isCurrent =
    fs.existsSync(buildId) &&
    SOURCE_ENTRIES.every((entry) => newestModification(entry) <= fs.statSync(buildId).mtimeMs);
  if (isCurrent) return;
  console.log("building the app (next build)…");
  runProjectBinary("next", ["build"], { NEXT_TELEMETRY_DISABLED: "1" });
}

async function waitForServer(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("next start did not answer within 60 s");
}

/** Cookies from a response, as one Cookie header (name=value pairs only). */
function readCookies(response: Response, jar: Map<string, string>): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const [name, ...rest] = (pair ?? "").split("=");
    if (name) jar.set(name.trim(), rest.join("="));
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");

/** Signs in through Auth.js's credentials endpoint and returns the session cookie header. */
async function signIn(baseUrl: string): Promise<string> {
  const jar = new Map<string, string>();
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  readCookies(csrfResponse, jar);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email: EMAIL, password: PASSWORD, callbackUrl: `${baseUrl}/tree` }),
  });
  readCookies(response, jar);
  if (![...jar.keys()].some((name) => name.includes("session-token"))) throw new Error("sign-in gave no session");
  return cookieHeader(jar);
}

/** A page's first-load JavaScript, gzipped, in kB (tests/bench/support/page-weight.ts). */
async function measurePageJs(baseUrl: string, pagePath: string, cookie: string) {
  const weight = await measureFirstLoadJs(`${baseUrl}${pagePath}`, cookie);
  return { scripts: weight.scripts, rawKb: round(weight.rawBytes / 1000), gzipKb: round(weight.gzipBytes / 1000) };
}

async function measureSequential(baseUrl: string, pagePath: string, cookie: string, count: number) {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const response = await fetch(`${baseUrl}${pagePath}`, { headers: { cookie } });
    await response.arrayBuffer();
    if (i > 0) times.push(performance.now() - start);
  }
  return round(percentile(times, 0.5));
}

async function loadPage(baseUrl: string, pagePath: string, cookie: string) {
  const latencies: number[] = [];
  let errors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: `${baseUrl}${pagePath}`, connections: CONNECTIONS, amount: REQUESTS, headers: { cookie }, timeout: 30 },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      if (statusCode !== 200) errors += 1;
      latencies.push(responseTime);
    });
  });
  return { result, latencies, errors };
}

/** Stores the engine's full recompute as HealthResult rows, as the daily refresh does. */
async function storeHealth(client: pg.Client, agencyId: string, model: HealthModel): Promise<void> {
  const asOf = new Date().toISOString().slice(0, 10);
  const results = [...recomputeAll(model, asOf)];
  await client.query(
    `INSERT INTO "HealthResult" ("agencyId", "nodeKey", "nodeKind", code, status, health, progress, result, explanation, "asOf")
     SELECT $1, t.key, t.kind::"NodeKind", t.code, t.status::"HealthStatus", t.health, t.progress, t.node::jsonb,
            t.explanation::jsonb, $2::date
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[], $9::text[], $10::text[])
          AS t(key, kind, code, status, health, progress, node, explanation)`,
    [
      agencyId,
      asOf,
      results.map(([id]) => id),
      results.map(([, result]) => result.node.kind),
      results.map(([, result]) => result.node.code),
      results.map(([, result]) => result.node.status),
      results.map(([, result]) => result.node.health),
      results.map(([, result]) => (result.node.kind === "kpi" ? null : result.node.progress)),
      results.map(([, result]) => JSON.stringify(result.node)),
      results.map(([, result]) => JSON.stringify(result.explanation)),
    ],
  );
  await client.query(`UPDATE "Agency" SET "healthAsOf" = $2::date WHERE id = $1`, [agencyId, asOf]);
}

export async function runViewsBench(): Promise<Record<string, number>> {
  ensureProductionBuild();
  // A throwaway secret for this run's session cookies (the server inherits it).
  process.env.AUTH_SECRET ??= randomBytes(48).toString("base64url");
  const server = await resolveTestServer();
  const databaseName = testDatabaseName("bench-views");
  await createDatabase(server.serverUrl, databaseName);
  const databaseUrl = withDatabase(server.serverUrl, databaseName);
  migrateDatabase(databaseUrl);
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  let app: ChildProcess | null = null;
  try {
    // No data access layer in this process: lib/env reads DATABASE_URL once, and another
    // benchmark may have read it first. Health is computed by the engine and stored as the
    // refresh job stores it; the app server reads it like any other.
    const { hashPassword } = await import("@/lib/auth/password");
    const { model } = buildSyntheticAgency({ ...BENCH_AGENCY, ...PLAN });
    const agencyId = await loadModelIntoDatabase(admin, model, "bench-views");
    await storeHealth(admin, agencyId, model);
    await admin.query(
      `INSERT INTO "User" (id, "agencyId", email, name, "passwordHash", role, "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, 'Bench officer', $3, 'PERFORMANCE_OFFICER', now())`,
      [agencyId, EMAIL, await hashPassword(PASSWORD)],
    );
    const planNodes = model.objectives.length + model.keyResults.length + model.kpis.length;
    const firstKpi = model.keyResults.find((keyResult) => keyResult.kpi)!.kpi!;

    const port = await findFreePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    app = spawn(
      process.execPath,
      [
        // BENCH_PROFILE=<dir> writes the server's CPU profile there, to see where a page's time goes.
        ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
        path.join(projectRoot, "node_modules/next/dist/bin/next"),
        "start",
        "-p",
        String(port),
        "-H",
        "127.0.0.1",
      ],
      {
        cwd: projectRoot,
        stdio: ["ignore", "ignore", "inherit"],
        env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production", JOBS_DISABLED: "1" },
      },
    );
    await waitForServer(baseUrl, app);
    const cookie = await signIn(baseUrl);

    const page = await fetch(`${baseUrl}/tree`, { headers: { cookie } });
    const html = Buffer.from(await page.arrayBuffer());
    if (page.status !== 200 || !html.includes("Driver tree")) throw new Error(`GET /tree answered ${page.status}`);
    const htmlKb = round(html.length / 1000);
    // The page's data on a client-side visit: the RSC payload, which carries the tree's JSON.
    const flight = Buffer.from(await (await fetch(`${baseUrl}/tree`, { headers: { cookie, rsc: "1" } })).arrayBuffer());
    const treeJsonKb = round(flight.length / 1000);
    const treeNodes = (flight.toString("utf8").match(/\[\\?"[ork]\\?",/g) ?? []).length;
    const htmlGzipKb = round(zlib.gzipSync(html).length / 1000);

    for (let i = 0; i < WARM_UP_REQUESTS; i++) await (await fetch(`${baseUrl}/tree`, { headers: { cookie } })).text();
    const load = await loadPage(baseUrl, "/tree", cookie);
    const p50 = round(percentile(load.latencies, 0.5));
    const p95 = round(percentile(load.latencies, 0.95));

    // The tree is rebuilt after every change (a write's audit event): the same page right after one.
    const rebuildTimes: number[] = [];
    for (let i = 0; i < 11; i++) {
      await admin.query(
        `INSERT INTO "AuditEvent" (id, "agencyId", "actorLabel", action, "entityType")
         VALUES (gen_random_uuid(), $1, 'bench', 'bench.touch', 'bench')`,
        [agencyId],
      );
      const start = performance.now();
      await (await fetch(`${baseUrl}/tree`, { headers: { cookie } })).arrayBuffer();
      if (i > 0) rebuildTimes.push(performance.now() - start);
    }
    const treeAfterChangeMs = round(percentile(rebuildTimes, 0.5));

    // The KPI library: every KPI of the agency, a page of 50 at a time; unfiltered, and with filters and a search.
    const library = await fetch(`${baseUrl}/kpis`, { headers: { cookie } });
    const libraryHtml = await library.text();
    if (library.status !== 200 || !libraryHtml.includes(`of ${model.kpis.length.toLocaleString("en-US")}`)) {
      throw new Error(`GET /kpis answered ${library.status} without listing the ${model.kpis.length} KPIs`);
    }
    const FILTERED_LIBRARY = "/kpis?ipo=process&status=OFF_TRACK&q=1&page=2";
    for (let i = 0; i < WARM_UP_REQUESTS; i++) await (await fetch(`${baseUrl}/kpis`, { headers: { cookie } })).text();
    const libraryLoad = await loadPage(baseUrl, "/kpis", cookie);
    const libraryP50 = round(percentile(libraryLoad.latencies, 0.5));
    const libraryP95 = round(percentile(libraryLoad.latencies, 0.95));
    const filteredLoad = await loadPage(baseUrl, FILTERED_LIBRARY, cookie);
    const filteredP50 = round(percentile(filteredLoad.latencies, 0.5));
    const filteredP95 = round(percentile(filteredLoad.latencies, 0.95));

    const treeJs = await measurePageJs(baseUrl, "/tree", cookie);
    const scorecardJs = await measurePageJs(baseUrl, "/scorecard", cookie);
    const kpiJs = await measurePageJs(baseUrl, `/kpi/${encodeURIComponent(firstKpi)}`, cookie);
    const scorecardMedianMs = await measureSequential(baseUrl, "/scorecard", cookie, 6);
    const kpiMedianMs = await measureSequential(baseUrl, `/kpi/${encodeURIComponent(firstKpi)}`, cookie, 11);
    const libraryMedianMs = await measureSequential(baseUrl, "/kpis", cookie, 11);
    const treeMedianMs = await measureSequential(baseUrl, "/tree", cookie, 11);

    const rows: [string, string][] = [
      ["plan nodes (objectives + key results + KPIs)", `${planNodes}`],
      ["nodes in the tree page's JSON", `${treeNodes}`],
      [
        `GET /tree at ${CONNECTIONS} connections, ${REQUESTS} requests`,
        `p50 ${p50} ms, p95 ${p95} ms (goal p95 < 300 ms); ${round(load.result.requests.average)} req/s; ${load.errors} non-200`,
      ],
      ["GET /tree right after a change (tree rebuilt), median", `${treeAfterChangeMs} ms`],
      [
        `GET /kpis (library, ${model.kpis.length} KPIs) at ${CONNECTIONS} connections`,
        `p50 ${libraryP50} ms, p95 ${libraryP95} ms (goal p95 < 300 ms); ${libraryLoad.errors} non-200`,
      ],
      [`GET ${FILTERED_LIBRARY}`, `p50 ${filteredP50} ms, p95 ${filteredP95} ms; ${filteredLoad.errors} non-200`],
      [
        "tree page payload (HTML with its JSON)",
        `${htmlKb} kB, ${htmlGzipKb} kB gzipped; RSC payload on navigation ${treeJsonKb} kB`,
      ],
      ["first-load JS, tree page", `${treeJs.gzipKb} kB gzipped (${treeJs.scripts} scripts; goal ≤ 250 kB)`],
      ["first-load JS, scorecard", `${scorecardJs.gzipKb} kB gzipped (${scorecardJs.scripts} scripts; goal ≤ 180 kB)`],
      ["first-load JS, KPI page", `${kpiJs.gzipKb} kB gzipped (${kpiJs.scripts} scripts)`],
      ["GET /scorecard, one at a time (median)", `${scorecardMedianMs} ms`],
      ["GET /kpi/…, one at a time (median)", `${kpiMedianMs} ms`],
      ["GET /kpis, one at a time (median)", `${libraryMedianMs} ms`],
      ["GET /tree, one at a time (median)", `${treeMedianMs} ms`],
    ];
    console.log("\nPages (production build)\n");
    for (const [label, value] of rows) console.log(`  ${label.padEnd(52)} ${value}`);
    return {
      planNodes,
      treeJsonNodes: treeNodes,
      treeP50Ms: p50,
      treeP95Ms: p95,
      treeRequestsPerSecond: round(load.result.requests.average),
      treeNon200: load.errors,
      treeAfterChangeMs,
      libraryKpis: model.kpis.length,
      libraryP50Ms: libraryP50,
      libraryP95Ms: libraryP95,
      libraryNon200: libraryLoad.errors,
      libraryFilteredP50Ms: filteredP50,
      libraryFilteredP95Ms: filteredP95,
      libraryFilteredNon200: filteredLoad.errors,
      treeHtmlKb: htmlKb,
      treeHtmlGzipKb: htmlGzipKb,
      treeJsonKb,
      treeFirstLoadJsGzipKb: treeJs.gzipKb,
      scorecardFirstLoadJsGzipKb: scorecardJs.gzipKb,
      kpiFirstLoadJsGzipKb: kpiJs.gzipKb,
      scorecardMedianMs,
      kpiMedianMs,
      libraryMedianMs,
      treeMedianMs,
    };
  } finally {
    if (app && app.exitCode === null) {
      const exited = new Promise((resolve) => app!.once("exit", resolve));
      app.kill("SIGTERM");
      await exited;
    }
    await admin.end();
    await dropDatabase(server.serverUrl, databaseName).catch(() => {});
    await server.stop();
  }
}
