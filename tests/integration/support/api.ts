// Calls the /api/v1 route handlers directly with a Request, as Next.js would, with real API tokens stored in the
// test database (only their hash, as the admin area stores them).
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { getPrisma } from "@/lib/db";
import { RATE_LIMIT } from "@/lib/dal/api-rate-limit";
import { errorResponseSchema, type ErrorCode } from "@/lib/validation/api";
import type { TokenScope } from "@/lib/auth/permissions";
import { hashApiToken } from "@/lib/dal/admin-tokens";
import type { DriverTreeDocument } from "@/lib/document/types";

// Any route handler: the params are handed over as Next.js does, as a promise.
type RouteHandler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

export type ApiCall = {
  method?: "GET" | "POST";
  token?: string | null;
  body?: unknown;
  /** Sent as is instead of `body`'s JSON. */
  rawBody?: string | Uint8Array | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
  params?: Record<string, string>;
};

export type ApiResponse<T = unknown> = { status: number; headers: Headers; body: T; text: string };

export async function callApi<T = unknown>(
  handler: RouteHandler,
  path: string,
  call: ApiCall = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  let body: BodyInit | undefined;
  if (call.rawBody !== undefined) body = call.rawBody as BodyInit;
  else if (call.body !== undefined) {
    body = JSON.stringify(call.body);
    headers["content-type"] ??= "application/json";
  }
  const init: RequestInit & { duplex?: "half" } = { method: call.method ?? (body ? "POST" : "GET"), headers, body };
  if (body instanceof ReadableStream) init.duplex = "half";
  const request = new Request(`http://localhost${path}`, init);
  const response = await handler(request, { params: Promise.resolve(call.params ?? {}) as Promise<never> });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get("content-type") ?? "").includes("json") && text !== "") parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

let tokenCounter = 0;

/** Stores an API token of the agency (its hash) and returns the secret to send. */
export async function createToken(
  agencyId: string,
  scopes: readonly TokenScope[],
  departmentId: string | null = null,
): Promise<string> {
  const secret = `tl_${randomBytes(32).toString("base64url")}`;
  tokenCounter += 1;
  await getPrisma().apiToken.create({
    data: {
      agencyId,
      name: `test token ${tokenCounter}`,
      tokenHash: hashApiToken(secret),
      prefix: secret.slice(0, 10),
      scopes: [...scopes],
      departmentId,
      expiresAt: new Date(Date.now() + 90 * 86_400_000),
    },
  });
  return secret;
}

let agencyCounter = 0;

/** An agency with nothing in it: no departments, plan, KPIs or objectives. */
export async function createEmptyAgency(name = "Empty City"): Promise<string> {
  agencyCounter += 1;
  const agency = await getPrisma().agency.create({
    data: { slug: `empty-${process.pid}-${Date.now().toString(36)}-${agencyCounter}`, name },
  });
  return agency.id;
}

/** Table checksums of an agency's tree and health: md5 of every row's content but the ids and timestamps. */
export async function checksumTree(agencyId: string): Promise<Record<string, string>> {
  const prisma = getPrisma();
  const tables: [string, string][] = [
    [
      "Agency",
      `SELECT name, "fiscalYearStartMonth", "onTrackThreshold", "atRiskThreshold", version, "updatedAt" FROM "Agency" WHERE id = $1::uuid`,
    ],
    [
      "Department",
      `SELECT id, code, name, "parentId", version, "updatedAt" FROM "Department" WHERE "agencyId" = $1::uuid ORDER BY id`,
    ],
    [
      "Plan",
      `SELECT id, code, name, "startDate", "endDate", version, "updatedAt" FROM "Plan" WHERE "agencyId" = $1::uuid ORDER BY id`,
    ],
    ["Kpi", `SELECT * FROM "Kpi" WHERE "agencyId" = $1::uuid ORDER BY id`],
    ["KpiTarget", `SELECT * FROM "KpiTarget" WHERE "agencyId" = $1::uuid ORDER BY id`],
    ["DriverLink", `SELECT * FROM "DriverLink" WHERE "agencyId" = $1::uuid ORDER BY id`],
    [
      "FormulaReference",
      `SELECT * FROM "FormulaReference" WHERE "agencyId" = $1::uuid ORDER BY "kpiId", "referencedKpiId"`,
    ],
    ["Objective", `SELECT * FROM "Objective" WHERE "agencyId" = $1::uuid ORDER BY id`],
    ["KeyResult", `SELECT * FROM "KeyResult" WHERE "agencyId" = $1::uuid ORDER BY id`],
    ["Measurement", `SELECT * FROM "Measurement" WHERE "agencyId" = $1::uuid ORDER BY id`],
    ["MeasurementRevision", `SELECT * FROM "MeasurementRevision" WHERE "agencyId" = $1::uuid ORDER BY id`],
    ["HealthResult", `SELECT * FROM "HealthResult" WHERE "agencyId" = $1::uuid ORDER BY "nodeKey"`],
    ["AuditEvent", `SELECT * FROM "AuditEvent" WHERE "agencyId" = $1::uuid ORDER BY id`],
  ];
  const sums: Record<string, string> = {};
  for (const [table, query] of tables) {
    const rows = await prisma.$queryRawUnsafe<{ sum: string | null }[]>(
      `SELECT md5(coalesce(string_agg(row_to_json(t)::text, '|'), '')) AS sum FROM (${query}) t`,
      agencyId,
    );
    sums[table] = rows[0]?.sum ?? "";
  }
  return sums;
}

/** The example document of spec/drivertree-format.md, verbatim. */
export function specExampleDocument(): DriverTreeDocument {
  return {
    format: "drivertree/v1",
    agency: { name: "City of Riverton", fiscalYearStartMonth: 7, thresholds: { onTrack: 0.9, atRisk: 0.7 } },
    departments: [
      { code: "CM", name: "City Manager's Office", parent: null },
      { code: "PLN", name: "Planning and Permits", parent: "CM" },
    ],
    plan: { code: "CBP-2026", name: "Citywide Business Plan 2026–2030", start: "2026-01-01", end: "2030-12-31" },
    kpis: [
      {
        code: "permits.median_days",
        name: "Median days to issue a business permit",
        unit: "days",
        ipo: "outcome",
        indicator: "lagging",
        direction: "decrease",
        frequency: "monthly",
        aggregation: "avg",
        department: "PLN",
        baseline: 30,
        target: 15,
        targets: { "2026-06": 25 },
        tolerance: null,
        thresholds: null,
        formula: null,
        lagDays: 30,
        published: true,
        description: "From application received to permit issued.",
      },
      {
        code: "permits.reviewers_fte",
        name: "Plan reviewers (FTE)",
        unit: "FTE",
        ipo: "input",
        indicator: "leading",
        direction: "increase",
        frequency: "monthly",
        aggregation: "avg",
        department: "PLN",
        target: 12,
      },
      {
        code: "finance.permits_cost",
        name: "Cost of the permit service",
        unit: "USD",
        ipo: "input",
        indicator: "leading",
        direction: "decrease",
        frequency: "monthly",
        aggregation: "sum",
        department: "PLN",
      },
      {
        code: "permits.issued",
        name: "Permits issued",
        unit: "permits",
        ipo: "process",
        indicator: "leading",
        direction: "increase",
        frequency: "monthly",
        aggregation: "sum",
        department: "PLN",
        target: 100,
      },
      {
        code: "permits.cost_per_permit",
        name: "Cost per permit issued",
        unit: "USD",
        ipo: "process",
        indicator: "lagging",
        direction: "decrease",
        frequency: "monthly",
        aggregation: "avg",
        department: "PLN",
        target: 180,
        formula: "finance.permits_cost / permits.issued",
      },
    ],
    links: [{ from: "permits.reviewers_fte", to: "permits.median_days", weight: 1, polarity: "negative" }],
    objectives: [
      {
        code: "O1",
        title: "Make it easy to open a business",
        department: "CM",
        parent: null,
        weight: 1,
        published: true,
        keyResults: [
          {
            code: "O1.KR1",
            title: "Cut median permit time from 30 to 15 days",
            kind: "metric",
            kpi: "permits.median_days",
            start: 30,
            target: 15,
            startDate: "2026-01-01",
            dueDate: "2026-12-31",
            weight: 2,
          },
          { code: "O1.KR2", title: "Launch the online permit portal", kind: "milestone", progress: 0.4, weight: 1 },
          {
            code: "O1.KR3",
            title: "Applicants rate the process as fair",
            kind: "qualitative",
            zone: "commit",
            weight: 1,
          },
        ],
      },
    ],
    measurements: [
      { kpi: "permits.median_days", period: "2026-03", value: 27, note: "Two reviewers on leave." },
      { kpi: "permits.median_days", period: "2026-06", value: 24 },
      { kpi: "permits.reviewers_fte", period: "2026-06", value: 10 },
      { kpi: "finance.permits_cost", period: "2026-06", value: 21000 },
      { kpi: "permits.issued", period: "2026-06", value: 120 },
    ],
  };
}

/** An error answer in the spec's shape, with this status and code; returns its details. */
export function expectApiError(response: ApiResponse, status: number, code: ErrorCode) {
  expect(response.status, response.text.slice(0, 500)).toBe(status);
  const parsed = errorResponseSchema.safeParse(response.body);
  expect(parsed.success, `error body: ${response.text.slice(0, 300)}`).toBe(true);
  expect(parsed.data?.error.code).toBe(code);
  expect(response.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  return parsed.data?.error.details ?? [];
}

/** Fills the caller's rate-limit window, so that its next request is one too many. */
export async function exhaustRateLimit(tokenSecret: string) {
  const token = await getPrisma().apiToken.findUniqueOrThrow({
    where: { tokenHash: hashApiToken(tokenSecret) },
    select: { id: true },
  });
  await getPrisma().apiRateLimit.upsert({
    where: { key: `token:${token.id}` },
    create: { key: `token:${token.id}`, windowStart: new Date(), count: RATE_LIMIT.requests },
    update: { windowStart: new Date(), count: RATE_LIMIT.requests },
  });
}

/** A body that streams `bytes` bytes of JSON-looking padding and declares no length. */
export function streamedBody(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode(" ".repeat(1024 * 1024));
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) {
        controller.close();
        return;
      }
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
}
