// POST /api/v1/import and GET /api/v1/export against a real PostgreSQL (spec/drivertree-format.md, "Import" and
// "Export"): every problem with its path and nothing written; upsert by code, delete nothing; the same document twice
// changes nothing; export → import gives the same health; health over the API equals the engine's.
import { describe, expect, test } from "vitest";
import { POST as importRoute } from "@/app/api/v1/import/route";
import { GET as exportRoute } from "@/app/api/v1/export/route";
import { GET as healthRoute } from "@/app/api/v1/health/route";
import type { Principal } from "@/lib/auth/permissions";
import { importDocument } from "@/lib/dal/document-import";
import { getPrisma } from "@/lib/db";
import { listHealthNodes, recomputeAll, type HealthNode } from "@/lib/domain";
import { toHealthModel } from "@/tests/support/document-model";
import type { DriverTreeDocument } from "@/lib/document/types";
import { healthResponseSchema, importResultSchema } from "@/lib/validation/api";
import { driverTreeDocumentSchema } from "@/lib/validation/document";
import { RIVERTON_AS_OF, rivertonDocument } from "@/prisma/seed-data/riverton";
import {
  callApi,
  checksumTree,
  createEmptyAgency,
  createToken,
  exhaustRateLimit,
  expectApiError,
  specExampleDocument,
} from "./support/api";
import { expectStoredHealthToEqualFullRecompute } from "./support/expectations";
import { createFixtureAgency, snapshotAgency } from "./support/fixtures";
import { tenErrorDocument } from "../unit/document/support/documents";
import { WORKED_EXAMPLES } from "./support/worked-examples";

type ImportBody = {
  created: Record<string, number>;
  updated: Record<string, number>;
  unchanged: Record<string, number>;
};

async function importInto(agencyId: string, document: unknown) {
  const token = await createToken(agencyId, ["tree:write"]);
  return callApi<ImportBody>(importRoute, "/api/v1/import", { token, body: document });
}

async function readHealth(agencyId: string, asOf: string): Promise<HealthNode[]> {
  const token = await createToken(agencyId, ["read"]);
  const response = await callApi<{ asOf: string; nodes: HealthNode[] }>(healthRoute, `/api/v1/health?asOf=${asOf}`, {
    token,
  });
  expect(response.status).toBe(200);
  expect(healthResponseSchema.safeParse(response.body).success).toBe(true);
  expect(response.body.asOf).toBe(asOf);
  return response.body.nodes;
}

const byKey = (nodes: readonly HealthNode[]) =>
  Object.fromEntries(nodes.map((node) => [`${node.kind}:${node.code}`, JSON.parse(JSON.stringify(node))]));

/** What the engine computes for a document on its own, node by node. */
function engineHealth(document: DriverTreeDocument, asOf: string) {
  return byKey(listHealthNodes(recomputeAll(toHealthModel(document), asOf)));
}

describe("POST /api/v1/import", () => {
  test("imports the spec's example into an empty agency: counts, then the spec's health as of 2026-07-02", async () => {
    const agencyId = await createEmptyAgency();
    const response = await importInto(agencyId, specExampleDocument());
    expect(response.status).toBe(200);
    expect(importResultSchema.safeParse(response.body).success).toBe(true);
    expect(response.body.created).toEqual({
      agency: 0,
      departments: 2,
      plans: 1,
      kpis: 5,
      links: 1,
      objectives: 1,
      keyResults: 3,
      measurements: 5,
    });
    expect(response.body.updated.agency).toBe(1);
    const nodes = byKey(await readHealth(agencyId, "2026-07-02"));
    // The abridged answer of spec/drivertree-format.md, "GET /api/v1/health".
    expect(nodes["kpi:permits.median_days"]).toEqual({
      kind: "kpi",
      code: "permits.median_days",
      period: "2026-06",
      value: 24,
      target: 25,
      attainment: 1.2,
      health: 1,
      status: "ON_TRACK",
      stale: false,
      driverHealth: 0.8333333333333334,
      divergent: false,
      reason: null,
    });
    expect(nodes["kpi:finance.permits_cost"]).toMatchObject({ status: "NO_TARGET", attainment: null, health: null });
    expect(nodes["kpi:permits.cost_per_permit"]).toMatchObject({ value: 175, attainment: 1.0285714285714285 });
    expect(nodes["keyResult:O1.KR1"]).toEqual({
      kind: "keyResult",
      code: "O1.KR1",
      progress: 0.4,
      health: 0.8,
      status: "AT_RISK",
    });
    expect(nodes["keyResult:O1.KR2"]).toMatchObject({ progress: 0.4, health: 1, status: "ON_TRACK" });
    expect(nodes["keyResult:O1.KR3"]).toMatchObject({ progress: 0.3, health: 0.8, status: "AT_RISK" });
    expect(nodes["objective:O1"]).toEqual({
      kind: "objective",
      code: "O1",
      progress: 0.375,
      health: 0.85,
      status: "AT_RISK",
      coverage: 1,
      freshness: 1,
      counts: { AT_RISK: 2, ON_TRACK: 1 },
      weakest: "O1.KR1",
    });
    await expectStoredHealthToEqualFullRecompute(agencyId);
  });

  test("a document with ten distinct errors: 400 with all ten at their paths, and nothing in the database changes", async () => {
    const { document, expectedPaths } = tenErrorDocument();
    // Into an empty agency, and into one with a tree (in its plan, so that moving objectives is not an 11th problem).
    const fixture = await createFixtureAgency("Ten errors");
    for (const [agencyId, plan] of [
      [await createEmptyAgency(), document.plan],
      [fixture.agencyId, { code: "PLAN", start: "2026-01-01", end: "2027-12-31" }],
    ] as const) {
      document.plan = plan;
      const before = await snapshotAgency(agencyId);
      const response = await importInto(agencyId, document);
      const details = expectApiError(response, 400, "invalid");
      expect(details.map((detail) => detail.path)).toEqual(expectedPaths);
      expect((response.body as unknown as { error: { message: string } }).error.message).toMatch(/10 problems/);
      expect(await snapshotAgency(agencyId)).toEqual(before);
    }
  });

  test("the second import of the same document reports everything unchanged and changes no row of any table", async () => {
    const agencyId = await createEmptyAgency();
    expect((await importInto(agencyId, rivertonDocument)).status).toBe(200);
    const afterFirst = await checksumTree(agencyId);
    const second = await importInto(agencyId, rivertonDocument);
    expect(second.status).toBe(200);
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, count) => sum + count, 0);
    expect(total(second.body.created) + total(second.body.updated)).toBe(0);
    expect(second.body.unchanged).toMatchObject({
      agency: 1,
      departments: rivertonDocument.departments.length,
      kpis: rivertonDocument.kpis.length,
      links: rivertonDocument.links.length,
      measurements: rivertonDocument.measurements?.length,
    });
    expect(await checksumTree(agencyId)).toEqual(afterFirst);
  });

  test("a second document whose new KPI drives a stored one: only what it reaches is recomputed, and stored health equals a full recomputation", async () => {
    const agencyId = await createEmptyAgency();
    await importInto(agencyId, specExampleDocument());
    const prisma = getPrisma();
    const nodes = await prisma.healthResult.count({ where: { agencyId } });
    const { _max: first } = await prisma.healthResult.aggregate({ where: { agencyId }, _max: { computedAt: true } });
    const second: DriverTreeDocument = {
      ...specExampleDocument(),
      departments: [],
      objectives: [],
      kpis: [
        {
          code: "permits.intake_staff",
          name: "Intake staff (FTE)",
          ipo: "input",
          direction: "increase",
          frequency: "monthly",
          department: "PLN",
          target: 4,
        },
      ],
      // The new KPI drives one the first document stored (and a key result tracks): that KPI's node changes.
      links: [{ from: "permits.intake_staff", to: "permits.median_days", weight: 2, polarity: "negative" }],
      measurements: [{ kpi: "permits.intake_staff", period: "2026-05", value: 3 }],
    };
    const response = await importInto(agencyId, second);
    expect(response.status).toBe(200);
    expect(response.body.created).toMatchObject({ kpis: 1, links: 1, measurements: 1 });
    // The new KPI, the stored KPI it drives, and what reads that; not the whole tree.
    const recomputed = await prisma.healthResult.findMany({
      where: { agencyId, computedAt: { gt: first.computedAt! } },
      select: { nodeKey: true },
    });
    expect(recomputed.map((row) => row.nodeKey)).toEqual(
      expect.arrayContaining(["kpi:permits.intake_staff", "kpi:permits.median_days"]),
    );
    expect(recomputed.length).toBeLessThan(nodes + 1);
    const driven = await prisma.healthResult.findUniqueOrThrow({
      where: { agencyId_nodeKey: { agencyId, nodeKey: "kpi:permits.median_days" } },
      select: { explanation: true },
    });
    expect(JSON.stringify(driven.explanation)).toContain("permits.intake_staff");
    await expectStoredHealthToEqualFullRecompute(agencyId);
  });

  test("upserts by code: an object in the document replaces the stored one whole; nothing absent is deleted", async () => {
    const agencyId = await createEmptyAgency();
    await importInto(agencyId, specExampleDocument());
    const second: DriverTreeDocument = {
      ...specExampleDocument(),
      departments: [],
      links: [],
      objectives: [],
      kpis: [
        {
          code: "permits.median_days",
          name: "Median permit days",
          ipo: "outcome",
          direction: "decrease",
          frequency: "monthly",
          department: "PLN",
          baseline: 30,
          target: 14,
          targets: { "2026-09": 20 },
        },
        {
          code: "permits.inspections",
          name: "Inspections",
          ipo: "process",
          direction: "increase",
          frequency: "monthly",
          department: "CM",
        },
      ],
      measurements: [{ kpi: "permits.median_days", period: "2026-06", value: 22, note: "Corrected." }],
    };
    // By an officer: the KPI left unpublished was published, and a tree:write token may not unpublish (issue 13,
    // item 3; tests/integration/import-permissions.test.ts).
    const officer: Principal = {
      kind: "user",
      userId: "00000000-0000-4000-8000-000000000001",
      agencyId,
      role: "PERFORMANCE_OFFICER",
      departmentId: null,
      label: "officer@empty",
    };
    const report = await importDocument(officer, second);
    expect(report.created).toMatchObject({ kpis: 1, measurements: 0 });
    expect(report.updated).toMatchObject({ kpis: 1, measurements: 1 });
    const prisma = getPrisma();
    const kpi = await prisma.kpi.findFirstOrThrow({
      where: { agencyId, code: "permits.median_days" },
      include: { targets: true },
    });
    // Replaced whole: fields left out take their defaults, and the per-period targets are replaced.
    expect(kpi).toMatchObject({
      name: "Median permit days",
      target: 14,
      aggregation: "last",
      unit: "",
      published: false,
      description: "",
      version: 2,
    });
    expect(kpi.targets.map((target) => [target.period, target.value])).toEqual([["2026-09", 20]]);
    // Kept: every KPI, link, objective and measurement the second document does not mention.
    expect(await prisma.kpi.count({ where: { agencyId } })).toBe(6);
    expect(await prisma.driverLink.count({ where: { agencyId } })).toBe(1);
    expect(await prisma.keyResult.count({ where: { agencyId } })).toBe(3);
    expect(await prisma.measurement.count({ where: { agencyId } })).toBe(5);
    // The replaced value moved to the history.
    const revisions = await prisma.measurementRevision.findMany({ where: { agencyId } });
    expect(revisions.map((revision) => revision.value)).toEqual([24]);
    await expectStoredHealthToEqualFullRecompute(agencyId);
    const audit = await prisma.auditEvent.findMany({
      where: { agencyId, action: "document.import" },
      orderBy: { createdAt: "asc" },
    });
    expect(audit).toHaveLength(2);
    // Issue 13, item 9: the audit row says what changed, code by code, not only how many.
    const after = audit[1]?.after as { changes: unknown[]; changesNotListed: number };
    expect(after.changesNotListed).toBe(0);
    expect(after.changes).toEqual([
      { kind: "kpis", code: "permits.median_days", change: "updated", fields: expect.any(Object) },
      { kind: "kpis", code: "permits.inspections", change: "created" },
    ]);
    expect((after.changes[0] as { fields: unknown }).fields).toMatchObject({
      name: { before: "Median days to issue a business permit", after: "Median permit days" },
      target: { before: 15, after: 14 },
      targets: { before: { "2026-06": 25 }, after: { "2026-09": 20 } },
    });
    // Fields the document leaves as they were are not listed.
    expect((after.changes[0] as { fields: object }).fields).not.toHaveProperty("ipo");
    expect((after.changes[0] as { fields: object }).fields).not.toHaveProperty("code");
  });

  test("an import's audit row lists at most 2,000 changed objects and counts the rest", async () => {
    const agencyId = await createEmptyAgency();
    const document = specExampleDocument();
    const kpi = document.kpis[1]!;
    document.kpis.push(
      ...Array.from({ length: 2_100 }, (_, i) => ({ ...kpi, code: `bulk.k${i}`, formula: null, targets: null })),
    );
    const response = await importInto(agencyId, document);
    expect(response.status, response.text.slice(0, 300)).toBe(200);
    const changed = Object.values(response.body.created).reduce((sum, count) => sum + count, 0);
    const audit = await getPrisma().auditEvent.findFirstOrThrow({ where: { agencyId, action: "document.import" } });
    const after = audit.after as { changes: unknown[]; changesNotListed: number };
    expect(after.changes).toHaveLength(2_000);
    // Every object but the measurements (counted only) and the agency (updated: listed first) is either listed or
    // counted as not listed.
    expect(after.changes[0]).toMatchObject({ kind: "agency", change: "updated" });
    expect(after.changes.length + after.changesNotListed).toBe(changed - response.body.created.measurements! + 1);
  });

  test("a department-scoped tree:write token may not import (403); nothing changes", async () => {
    const fixture = await createFixtureAgency("Scoped import");
    const token = await createToken(fixture.agencyId, ["tree:write"], fixture.departments.PLN!);
    const before = await snapshotAgency(fixture.agencyId);
    const response = await callApi(importRoute, "/api/v1/import", { token, body: specExampleDocument() });
    expectApiError(response, 403, "forbidden");
    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
  });

  test("401 without a token or with a bad one, 403 without the tree:write scope", async () => {
    const agencyId = await createEmptyAgency();
    const body = specExampleDocument();
    const anonymous = await callApi(importRoute, "/api/v1/import", { body });
    expectApiError(anonymous, 401, "unauthenticated");
    expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="throughline"');
    expectApiError(
      await callApi(importRoute, "/api/v1/import", { body, token: `tl_${"x".repeat(43)}` }),
      401,
      "unauthenticated",
    );
    expectApiError(
      await callApi(importRoute, "/api/v1/import", { body, headers: { authorization: "Basic abc" } }),
      401,
      "unauthenticated",
    );
    const revoked = await createToken(agencyId, ["tree:write"]);
    await getPrisma().apiToken.updateMany({ where: { agencyId }, data: { revokedAt: new Date() } });
    expectApiError(await callApi(importRoute, "/api/v1/import", { body, token: revoked }), 401, "unauthenticated");
    for (const scopes of [["read"], ["measurements:write"]] as const) {
      const token = await createToken(agencyId, scopes);
      expectApiError(await callApi(importRoute, "/api/v1/import", { body, token }), 403, "forbidden");
    }
    expect(await getPrisma().kpi.count({ where: { agencyId } })).toBe(0);
  });

  test("400 for a body that is not JSON or not sent as JSON; 413 for one over the limit", async () => {
    const agencyId = await createEmptyAgency();
    const token = await createToken(agencyId, ["tree:write"]);
    const headers = { "content-type": "application/json" };
    expectApiError(await callApi(importRoute, "/api/v1/import", { token, rawBody: "{ nope", headers }), 400, "invalid");
    expectApiError(
      await callApi(importRoute, "/api/v1/import", { token, rawBody: "{}", headers: { "content-type": "text/plain" } }),
      400,
      "invalid",
    );
    expectApiError(
      await callApi(importRoute, "/api/v1/import", {
        token,
        rawBody: "{}",
        headers: { ...headers, "content-length": String(65 * 1024 * 1024) },
      }),
      413,
      "too_large",
    );
  });

  test("429 with Retry-After once the token's requests for the minute are used up", async () => {
    const agencyId = await createEmptyAgency();
    const token = await createToken(agencyId, ["tree:write"]);
    await exhaustRateLimit(token);
    const response = await callApi(importRoute, "/api/v1/import", { token, body: specExampleDocument() });
    expectApiError(response, 429, "rate_limited");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await getPrisma().kpi.count({ where: { agencyId } })).toBe(0);
  });
});

describe("health over the API equals the engine's", () => {
  test("for the seeded City of Riverton document, node by node", async () => {
    const agencyId = await createEmptyAgency();
    expect((await importInto(agencyId, rivertonDocument)).status).toBe(200);
    const nodes = await readHealth(agencyId, RIVERTON_AS_OF);
    const expected = engineHealth(rivertonDocument, RIVERTON_AS_OF);
    expect(nodes).toHaveLength(Object.keys(expected).length);
    expect(byKey(nodes)).toEqual(expected);
  });

  test.each(WORKED_EXAMPLES.map((example) => [example.name, example] as const))(
    "for worked example %s",
    async (_, example) => {
      const agencyId = await createEmptyAgency();
      const imported = await importInto(agencyId, example.document);
      expect(imported.status, imported.text).toBe(200);
      const nodes = byKey(await readHealth(agencyId, example.asOf));
      expect(nodes).toEqual(engineHealth(example.document, example.asOf));
      for (const [key, fields] of Object.entries(example.expected)) {
        for (const [field, value] of Object.entries(fields)) {
          if (typeof value === "number") expect(nodes[key]?.[field], `${key}.${field}`).toBeCloseTo(value, 12);
          else expect(nodes[key]?.[field], `${key}.${field}`).toEqual(value);
        }
      }
    },
  );
});

describe("GET /api/v1/export", () => {
  test("export → import into an empty agency gives the same document and identical health for every node", async () => {
    const source = await createEmptyAgency("Source City");
    await importInto(source, rivertonDocument);
    const reader = await createToken(source, ["read"]);
    const exported = await callApi<DriverTreeDocument>(exportRoute, "/api/v1/export", { token: reader });
    expect(exported.status).toBe(200);
    expect(driverTreeDocumentSchema.safeParse(exported.body).success).toBe(true);
    expect(exported.body.measurements).toHaveLength(rivertonDocument.measurements?.length ?? 0);

    const copy = await createEmptyAgency("Copy City");
    const imported = await importInto(copy, exported.body);
    expect(imported.status, imported.text).toBe(200);
    for (const asOf of [RIVERTON_AS_OF, "2026-03-31"]) {
      expect(await readHealth(copy, asOf)).toEqual(await readHealth(source, asOf));
    }
    const again = await callApi<DriverTreeDocument>(exportRoute, "/api/v1/export", {
      token: await createToken(copy, ["read"]),
    });
    expect({ ...again.body, agency: { ...again.body.agency, slug: "" } }).toEqual({
      ...exported.body,
      agency: { ...exported.body.agency, slug: "" },
    });
  });

  test("writes the fixture's tree completely, objectives flat with their parent", async () => {
    const fixture = await createFixtureAgency("Export");
    const response = await callApi<DriverTreeDocument>(exportRoute, "/api/v1/export?download=1", {
      token: await createToken(fixture.agencyId, ["read"]),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename=".+-drivertree-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(response.body.objectives.map((objective) => [objective.code, objective.parent])).toEqual([
      ["O1", null],
      ["O1.1", "O1"],
      ["O2", null],
    ]);
    expect(response.body.kpis.find((kpi) => kpi.code === "permits.cost_per_permit")?.formula).toBe(
      "permits.cost / permits.issued",
    );
    expect(response.body.links).toHaveLength(2);
    expect(response.body.measurements).toHaveLength(8);
  });

  test("403 for a token without the read scope and for a department-scoped one; 401 without a token", async () => {
    const fixture = await createFixtureAgency("Export denied");
    expectApiError(
      await callApi(exportRoute, "/api/v1/export", {
        token: await createToken(fixture.agencyId, ["measurements:write"]),
      }),
      403,
      "forbidden",
    );
    expectApiError(
      await callApi(exportRoute, "/api/v1/export", {
        token: await createToken(fixture.agencyId, ["read"], fixture.departments.PLN!),
      }),
      403,
      "forbidden",
    );
    expectApiError(await callApi(exportRoute, "/api/v1/export"), 401, "unauthenticated");
  });
});
