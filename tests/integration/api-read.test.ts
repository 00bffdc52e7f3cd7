// The read endpoints of /api/v1 against a real PostgreSQL: health as of a date, one KPI, the CSV downloads, and the
// OpenAPI description generated from the schemas the routes use.
import fs from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { describe, expect, test } from "vitest";
import { GET as healthRoute } from "@/app/api/v1/health/route";
import { GET as kpiRoute } from "@/app/api/v1/kpis/[code]/route";
import { GET as seriesRoute } from "@/app/api/v1/kpis/[code]/series.csv/route";
import { GET as scorecardRoute } from "@/app/api/v1/scorecard.csv/route";
import { GET as openApiRoute } from "@/app/api/v1/openapi.json/route";
import { GET as schemaRoute } from "@/app/api/v1/schemas/drivertree-v1.json/route";
import { GET as seriesRedirect } from "@/app/(app)/data/series/route";
import { getTodayUtc } from "@/lib/clock";
import { healthResponseSchema, kpiDetailSchema } from "@/lib/validation/api";
import { callApi, createToken, expectApiError } from "./support/api";
import { createFixtureAgency, readStoredHealth } from "./support/fixtures";

type Node = { kind: string; code: string; status: string };

describe("GET /api/v1/health", () => {
  test("computes every node as of the date asked, and as of today by default", async () => {
    const fixture = await createFixtureAgency("Health API");
    const token = await createToken(fixture.agencyId, ["read"]);
    const today = await callApi<{ asOf: string; nodes: Node[] }>(healthRoute, "/api/v1/health", { token });
    expect(today.status).toBe(200);
    expect(today.body.asOf).toBe(getTodayUtc());
    expect(healthResponseSchema.safeParse(today.body).success).toBe(true);
    // Today's answer is what is stored (refreshed for today by the fixture).
    const stored = await readStoredHealth(fixture.agencyId);
    const nodeKey = (node: Node) => `${node.kind === "keyResult" ? "kr" : node.kind}:${node.code}`;
    expect(Object.fromEntries(today.body.nodes.map((node) => [nodeKey(node), node]))).toEqual(stored);
    expect(today.body.nodes).toHaveLength(6 + 5 + 3);

    const past = await callApi<{ asOf: string; nodes: Node[] }>(healthRoute, "/api/v1/health?asOf=2026-05-01", {
      token,
    });
    expect(past.body.asOf).toBe("2026-05-01");
    // Before any of its periods started, the June values are not seen.
    expect(past.body.nodes.find((node) => node.code === "streets.potholes")?.status).toBe("NO_DATA");
  });

  test("400 for a date that is not YYYY-MM-DD; 401 without a token; 403 without the read scope", async () => {
    const fixture = await createFixtureAgency("Health API errors");
    const token = await createToken(fixture.agencyId, ["read"]);
    const details = expectApiError(
      await callApi(healthRoute, "/api/v1/health?asOf=2026-13-45", { token }),
      400,
      "invalid",
    );
    expect(details).toEqual([{ path: "asOf", message: "Enter a date as YYYY-MM-DD." }]);
    expectApiError(await callApi(healthRoute, "/api/v1/health"), 401, "unauthenticated");
    expectApiError(
      await callApi(healthRoute, "/api/v1/health", {
        token: await createToken(fixture.agencyId, ["measurements:write"]),
      }),
      403,
      "forbidden",
    );
  });

  test("a department-scoped token sees its branch's KPIs and the objectives on the path up from it", async () => {
    const fixture = await createFixtureAgency("Health branch");
    const token = await createToken(fixture.agencyId, ["read"], fixture.departments.PW!);
    const response = await callApi<{ nodes: Node[] }>(healthRoute, "/api/v1/health", { token });
    expect(response.body.nodes.map((node) => `${node.kind}:${node.code}`).sort()).toEqual([
      "keyResult:O2.KR1",
      "kpi:streets.potholes",
      "objective:O2",
    ]);
  });
});

describe("GET /api/v1/kpis/{code}", () => {
  test("one KPI with its series, targets, health, explanation, drivers and what it drives", async () => {
    const fixture = await createFixtureAgency("KPI API");
    const token = await createToken(fixture.agencyId, ["read"]);
    const response = await callApi<Record<string, unknown>>(kpiRoute, "/api/v1/kpis/permits.median_days", {
      token,
      params: { code: "permits.median_days" },
    });
    expect(response.status).toBe(200);
    const parsed = kpiDetailSchema.safeParse(response.body);
    expect(parsed.success).toBe(true);
    const detail = parsed.data!;
    expect(detail.kpi).toMatchObject({ code: "permits.median_days", department: "PLN", baseline: 30, target: 15 });
    expect(detail.series.map((point) => [point.period, point.value, point.target])).toEqual([
      ["2026-05", 26, 15],
      ["2026-06", 24, 15],
    ]);
    expect(detail.health).toMatchObject({ kind: "kpi", code: "permits.median_days", value: 24 });
    expect(detail.explanation).toMatchObject({ kind: "kpi", code: "permits.median_days" });
    // (The fixture creates both links at once: their order is not defined.)
    expect(detail.drivers.map((driver) => [driver.code, driver.weight, driver.polarity]).sort()).toEqual([
      ["permits.issued", 1, "positive"],
      ["permits.reviewers", 2, "negative"],
    ]);
    expect(detail.drives).toEqual([]);

    // As of another date it is computed, not read from storage: before June started, May is the latest value.
    const past = await callApi<{ health: { value: number } }>(
      kpiRoute,
      "/api/v1/kpis/permits.median_days?asOf=2026-05-20",
      {
        token,
        params: { code: "permits.median_days" },
      },
    );
    expect(past.body.health.value).toBe(26);
  });

  test("404 for another agency's code and for a KPI outside a department-scoped token's branch", async () => {
    const mine = await createFixtureAgency("Mine");
    const theirs = await createFixtureAgency("Theirs");
    await import("@/lib/db").then(({ getPrisma }) =>
      getPrisma().kpi.update({ where: { id: theirs.kpis["streets.potholes"]! }, data: { code: "theirs.only" } }),
    );
    const token = await createToken(mine.agencyId, ["read"]);
    expectApiError(
      await callApi(kpiRoute, "/api/v1/kpis/theirs.only", { token, params: { code: "theirs.only" } }),
      404,
      "not_found",
    );
    const scoped = await createToken(mine.agencyId, ["read"], mine.departments.PW!);
    expectApiError(
      await callApi(kpiRoute, "/api/v1/kpis/permits.issued", { token: scoped, params: { code: "permits.issued" } }),
      404,
      "not_found",
    );
    expectApiError(
      await callApi(seriesRoute, "/api/v1/kpis/theirs.only/series.csv", { token, params: { code: "theirs.only" } }),
      404,
      "not_found",
    );
  });
});

describe("CSV downloads", () => {
  test("a KPI's series in the upload format, with each period's target", async () => {
    const fixture = await createFixtureAgency("Series CSV");
    const token = await createToken(fixture.agencyId, ["read"]);
    const response = await callApi(seriesRoute, "/api/v1/kpis/permits.issued/series.csv", {
      token,
      params: { code: "permits.issued" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="permits.issued-series.csv"');
    expect(Papa.parse(response.text.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data).toEqual([
      ["kpi", "period", "value", "note", "target"],
      ["permits.issued", "2026-05", "90", "", "100"],
      ["permits.issued", "2026-06", "120", "", "100"],
    ]);
  });

  test("the scorecard: the top objectives with status, health and progress; 403 for a department-scoped token", async () => {
    const fixture = await createFixtureAgency("Scorecard CSV");
    const response = await callApi(scorecardRoute, "/api/v1/scorecard.csv", {
      token: await createToken(fixture.agencyId, ["read"]),
    });
    expect(response.status).toBe(200);
    const [header, ...rows] = Papa.parse<string[]>(response.text.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
    expect(header).toEqual([
      "objective",
      "title",
      "department",
      "status",
      "health",
      "progress",
      "coverage",
      "freshness",
      "weakest",
      "asOf",
    ]);
    const stored = await readStoredHealth(fixture.agencyId);
    expect(rows.map((row) => row.slice(0, 5))).toEqual(
      ["O1", "O2"].map((code) => {
        const node = stored[`objective:${code}`] as { status: string; health: number | null };
        return [
          code,
          code === "O1" ? "Make it easy to open a business" : "Better streets",
          code === "O1" ? "CM" : "PW",
          node.status,
          node.health === null ? "" : String(node.health),
        ];
      }),
    );
    expectApiError(
      await callApi(scorecardRoute, "/api/v1/scorecard.csv", {
        token: await createToken(fixture.agencyId, ["read"], fixture.departments.PW!),
      }),
      403,
      "forbidden",
    );
  });

  test("the Data page's series form redirects to the download of the KPI chosen", async () => {
    const response = await seriesRedirect(new Request("http://localhost/data/series?code=permits.issued"));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/api/v1/kpis/permits.issued/series.csv");
  });
});

describe("the OpenAPI description and the document's JSON Schema", () => {
  type OpenApi = {
    openapi: string;
    paths: Record<string, Record<string, { "x-scope": string; responses: Record<string, unknown> }>>;
    components: { schemas: Record<string, unknown> };
  };

  test("is OpenAPI 3.1 describing every route of /api/v1, and every reference resolves", async () => {
    const response = await openApiRoute();
    expect(response.status).toBe(200);
    const document = (await response.json()) as OpenApi;
    expect(document.openapi).toBe("3.1.0");
    const routeFiles: string[] = [];
    const walk = (directory: string) => {
      for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
        const full = path.join(directory, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === "route.ts") routeFiles.push(full);
      }
    };
    const root = path.resolve(import.meta.dirname, "../../app/api/v1");
    walk(root);
    const routePaths = routeFiles
      .map((file) => `/api/v1/${path.relative(root, path.dirname(file)).replace(/\[(\w+)\]/g, "{$1}")}`)
      .sort();
    expect(Object.keys(document.paths).sort()).toEqual(routePaths);
    for (const methods of Object.values(document.paths)) {
      for (const operation of Object.values(methods))
        expect(operation["x-scope"]).toMatch(/^(read|tree:write|measurements:write|none)$/);
    }
    const references = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1] as string);
    expect(references.length).toBeGreaterThan(10);
    for (const reference of references) {
      expect(reference).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas).toHaveProperty(reference.split("/").at(-1) as string);
    }
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining([
        "DriverTreeDocument",
        "Kpi",
        "Objective",
        "KeyResult",
        "MeasurementBatch",
        "Error",
        "HealthNode",
      ]),
    );
  });

  test("the JSON Schema of the document names its required fields and closed vocabularies", async () => {
    const schema = (await (await schemaRoute()).json()) as {
      $schema: string;
      $defs: Record<string, { required?: string[]; properties: Record<string, { enum?: string[] }> }>;
    };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$defs.Kpi?.required).toEqual(["code", "name", "ipo", "direction", "frequency", "department"]);
    expect(schema.$defs.Kpi?.properties.direction?.enum).toEqual(["increase", "decrease", "maintain"]);
    expect(schema.$defs.KeyResult?.required).toEqual(["code", "title"]);
    expect(schema.$defs.DriverTreeDocument?.required).toEqual(
      expect.arrayContaining(["format", "agency", "plan", "kpis", "links", "objectives"]),
    );
  });
});
