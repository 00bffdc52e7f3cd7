// Attack (issue 13, item 9): denials left no trace — a caller probing with bad or revoked tokens, a department head
// trying an officer's action, a refused import or a full export of the tree were invisible to the operators. Each is
// now one JSON line in the security log naming the caller, the entry point and the target, and never a secret.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { GET as exportRoute } from "@/app/api/v1/export/route";
import { POST as importRoute } from "@/app/api/v1/import/route";
import { GET as kpiRoute } from "@/app/api/v1/kpis/[code]/route";
import { treeHandlers } from "@/lib/actions/tree-handlers";
import { previewImport } from "@/lib/dal/import-jobs";
import { runAsEntryPoint, setSecurityLogSink } from "@/lib/security-log";
import { callApi, createToken } from "./support/api";
import { createFixtureAgency, type Fixture } from "./support/fixtures";

let fixture: Fixture;
let lines: string[] = [];
const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  fixture = await createFixtureAgency("Security Log City");
  setSecurityLogSink((line) => lines.push(line));
});

afterAll(() => setSecurityLogSink(null));

beforeEach(() => {
  lines = [];
});

describe("API denials", () => {
  test("an unknown token: 401, logged with the token's public prefix and never the token", async () => {
    const forged = `tl_${"x".repeat(43)}`;
    const response = await callApi(exportRoute, "/api/v1/export", { token: forged });
    expect(response.status).toBe(401);
    expect(entries()).toEqual([
      expect.objectContaining({
        log: "security",
        event: "access.denied",
        entryPoint: "GET /api/v1/export",
        status: 401,
        caller: { kind: "anonymous", tokenPrefix: forged.slice(0, 8) },
      }),
    ]);
    expect(lines.join("\n")).not.toContain(forged);
  });

  test("no credentials at all: 401, logged as anonymous", async () => {
    const response = await callApi(kpiRoute, "/api/v1/kpis/permits.issued", { params: { code: "permits.issued" } });
    expect(response.status).toBe(401);
    expect(entries()).toEqual([
      expect.objectContaining({
        event: "access.denied",
        entryPoint: "GET /api/v1/kpis/permits.issued",
        caller: { kind: "anonymous" },
      }),
    ]);
  });

  test("a token without the scope: 403, logged with the token's id and agency", async () => {
    const token = await createToken(fixture.agencyId, ["read"]);
    const response = await callApi(importRoute, "/api/v1/import", { token, body: {} });
    expect(response.status).toBe(403);
    expect(entries()).toEqual([
      expect.objectContaining({
        event: "access.denied",
        entryPoint: "POST /api/v1/import",
        status: 403,
        caller: { kind: "token", tokenId: expect.any(String), agencyId: fixture.agencyId },
      }),
    ]);
    expect(lines.join("\n")).not.toContain(token);
  });

  test("a refused import is logged with its number of problems", async () => {
    const token = await createToken(fixture.agencyId, ["tree:write"]);
    const response = await callApi(importRoute, "/api/v1/import", { token, body: { format: "not-a-document" } });
    expect(response.status).toBe(400);
    expect(entries()).toEqual([
      expect.objectContaining({
        event: "import.refused",
        entryPoint: "POST /api/v1/import",
        status: 400,
        details: { problems: expect.any(Number) },
      }),
    ]);
    expect((entries()[0]!.details as { problems: number }).problems).toBeGreaterThan(0);
  });

  test("a document refused on the import page is logged too, under the page's entry point", async () => {
    // Regression: only POST /api/v1/import logged refused documents; the import page's preview did not.
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    const bytes = new TextEncoder().encode(JSON.stringify({ format: "not-a-document" }));
    const preview = await runAsEntryPoint("POST /data/import/preview", () =>
      previewImport(officer, { name: "broken.json", bytes }),
    );
    expect(preview.problems.length).toBeGreaterThan(0);
    expect(entries()).toEqual([
      expect.objectContaining({
        event: "import.refused",
        entryPoint: "POST /data/import/preview",
        caller: expect.objectContaining({ kind: "user", role: "PERFORMANCE_OFFICER" }),
        details: { problems: preview.problems.length },
      }),
    ]);
  });

  test("a full export is logged with who took it and how much", async () => {
    const token = await createToken(fixture.agencyId, ["read"]);
    const response = await callApi(exportRoute, "/api/v1/export", { token });
    expect(response.status).toBe(200);
    expect(entries()).toEqual([
      expect.objectContaining({
        event: "export.full",
        entryPoint: "GET /api/v1/export",
        caller: expect.objectContaining({ kind: "token", agencyId: fixture.agencyId }),
        details: { kpis: Object.keys(fixture.kpis).length, measurements: expect.any(Number) },
      }),
    ]);
  });
});

describe("server action denials", () => {
  test("a department head trying an officer's action is logged under that action's name", async () => {
    const head = fixture.principal("DEPARTMENT_HEAD", "PLN");
    const result = await treeHandlers.createKpi(head, { code: "log.probe" });
    expect(result.ok).toBe(false);
    expect(entries()).toEqual([
      expect.objectContaining({
        event: "access.denied",
        entryPoint: "action tree.createKpi",
        status: 403,
        caller: { kind: "user", userId: expect.any(String), agencyId: fixture.agencyId, role: "DEPARTMENT_HEAD" },
        reason: expect.stringContaining("needs tree:edit"),
      }),
    ]);
  });

  test("an anonymous caller is logged as such; an allowed call logs nothing", async () => {
    expect((await treeHandlers.createKpi(null, {})).ok).toBe(false);
    expect(entries()).toEqual([
      expect.objectContaining({ entryPoint: "action tree.createKpi", status: 401, caller: { kind: "anonymous" } }),
    ]);
    lines = [];
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    const result = await treeHandlers.previewDelete(officer, {
      kind: "kpi",
      id: fixture.kpis["permits.reviewers"],
    });
    expect(result.ok).toBe(true);
    expect(lines).toEqual([]);
  });
});
