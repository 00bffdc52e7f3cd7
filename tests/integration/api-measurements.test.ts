// POST /api/v1/measurements against a real PostgreSQL (spec/drivertree-format.md, "The API"): valid rows stored,
// invalid rows explained row by row, replaced values kept in history, one audit event and one recomputation per
// request, and stored health equal to a full recompute afterwards.
import { describe, expect, test } from "vitest";
import { POST as importRoute } from "@/app/api/v1/import/route";
import { POST as measurementsRoute } from "@/app/api/v1/measurements/route";
import { getPrisma } from "@/lib/db";
import { FULL_RECOMPUTE_SHARE } from "@/lib/dal/health/service";
import { recordMeasurementBatch } from "@/lib/dal/measurement-batch";
import type { DriverTreeDocument } from "@/lib/document/types";
import { measurementBatchResultSchema } from "@/lib/validation/api";
import { callApi, createEmptyAgency, createToken, exhaustRateLimit, expectApiError, streamedBody } from "./support/api";
import { expectStoredHealthToEqualFullRecompute } from "./support/expectations";
import { createFixtureAgency, snapshotAgency, watchAudit } from "./support/fixtures";

type BatchBody = {
  accepted: number;
  created: number;
  replaced: number;
  unchanged: number;
  rejected: { index: number; path: string; message: string }[];
};

async function send(token: string, measurements: unknown[], extra: Record<string, unknown> = {}) {
  const response = await callApi<BatchBody>(measurementsRoute, "/api/v1/measurements", {
    token,
    body: { measurements, ...extra },
  });
  if (response.status === 200) expect(measurementBatchResultSchema.safeParse(response.body).success).toBe(true);
  return response;
}

describe("POST /api/v1/measurements", () => {
  test("stores valid rows, replaces a re-sent value keeping the old one in history, and ignores an identical one", async () => {
    const fixture = await createFixtureAgency("Batch");
    const token = await createToken(fixture.agencyId, ["measurements:write"]);
    const prisma = getPrisma();
    const audit = await watchAudit(fixture.agencyId);

    const first = await send(
      token,
      [
        { kpi: "permits.issued", period: "2026-07", value: 130 },
        { kpi: "permits.issued", period: "2026-06", value: 125, note: "Late permits counted." },
        { kpi: "permits.reviewers", period: "2026-07", value: 12 },
      ],
      { source: "Permits system" },
    );
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      accepted: 3,
      rejected: [],
      created: 2,
      replaced: 1,
      unchanged: 0,
      healthPending: false,
    });
    const replaced = await prisma.measurement.findFirstOrThrow({
      where: { kpiId: fixture.kpis["permits.issued"]!, period: "2026-06" },
      include: { revisions: true },
    });
    expect(replaced).toMatchObject({ value: 125, note: "Late permits counted.", source: "Permits system", version: 2 });
    expect(replaced.revisions.map((revision) => [revision.value, revision.enteredByLabel])).toEqual([[120, "fixture"]]);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    const events = await audit.newEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "measurement.batch", entityType: "measurement" });
    expect(events[0]?.after).toMatchObject({ source: "Permits system", created: 2, replaced: 1, kpis: 2 });

    // The same rows again change nothing at all: no write, no revision, no audit event.
    const before = await snapshotAgency(fixture.agencyId);
    const again = await send(
      token,
      [
        { kpi: "permits.issued", period: "2026-07", value: 130 },
        { kpi: "permits.issued", period: "2026-06", value: 125, note: "Late permits counted." },
      ],
      { source: "Permits system" },
    );
    expect(again.body).toMatchObject({ accepted: 2, created: 0, replaced: 0, unchanged: 2 });
    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
  });

  test("rejects invalid rows one by one, with index, path and reason, and stores the others", async () => {
    const fixture = await createFixtureAgency("Rejected rows");
    const token = await createToken(fixture.agencyId, ["measurements:write"]);
    const response = await send(token, [
      { kpi: "permits.issued", period: "2026-08", value: 140 },
      { kpi: "permits.nope", period: "2026-08", value: 1 },
      { kpi: "permits.issued", period: "2026-Q1", value: 1 },
      { kpi: "permits.issued", period: "2026-09", value: "12" },
      { kpi: "permits.cost_per_permit", period: "2026-08", value: 170 },
      { kpi: "permits.issued", period: "2026-08", value: 141 },
      "permits.issued,2026-08,1",
      { kpi: "permits.issued", period: "2026-10", value: null },
      { kpi: "permits.issued", period: "2026-11", value: 1, extra: true },
      { kpi: "streets.potholes", period: "2026-08", value: 320 },
    ]);
    expect(response.status).toBe(200);
    expect(response.body.accepted).toBe(2);
    expect(response.body.rejected.map((row) => [row.index, row.path])).toEqual([
      [1, "measurements[1].kpi"],
      [2, "measurements[2].period"],
      [3, "measurements[3].value"],
      [4, "measurements[4].kpi"],
      [5, "measurements[5]"],
      [6, "measurements[6]"],
      [7, "measurements[7].value"],
      [8, "measurements[8].extra"],
    ]);
    const messages = Object.fromEntries(response.body.rejected.map((row) => [row.index, row.message]));
    expect(messages[1]).toBe("No KPI has the code permits.nope.");
    expect(messages[2]).toMatch(/quarterly period; this KPI is monthly/);
    expect(messages[4]).toMatch(/computed by its formula/);
    expect(messages[5]).toMatch(/measurements\[0\] gives permits.issued for 2026-08 already/);
    const stored = await getPrisma().measurement.findMany({
      where: { agencyId: fixture.agencyId, period: "2026-08" },
      select: { value: true },
      orderBy: { value: "asc" },
    });
    expect(stored.map((row) => row.value)).toEqual([140, 320]);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });

  test("a department-scoped token's rows for KPIs outside its branch are rejected row by row", async () => {
    const fixture = await createFixtureAgency("Scoped feed");
    const token = await createToken(fixture.agencyId, ["measurements:write"], fixture.departments.PLN!);
    const response = await send(token, [
      { kpi: "permits.reviewers", period: "2026-08", value: 12 }, // PLN-REV: a sub-department of PLN
      { kpi: "streets.potholes", period: "2026-08", value: 320 }, // PW
      { kpi: "permits.issued", period: "2026-08", value: 101 }, // PLN
    ]);
    expect(response.status).toBe(200);
    expect(response.body.accepted).toBe(2);
    expect(response.body.rejected).toEqual([
      {
        index: 1,
        path: "measurements[1].kpi",
        message: "streets.potholes belongs to a department outside the branch this token may enter data for.",
      },
    ]);
    const potholes = await getPrisma().measurement.count({
      where: { kpiId: fixture.kpis["streets.potholes"]!, period: "2026-08" },
    });
    expect(potholes).toBe(0);
  });

  test("400 with paths for a body that is not { measurements: [...] }; 413 beyond 10,000 rows or the byte limit", async () => {
    const fixture = await createFixtureAgency("Batch limits");
    const token = await createToken(fixture.agencyId, ["measurements:write"]);
    const before = await snapshotAgency(fixture.agencyId);
    const wrongShape = await callApi(measurementsRoute, "/api/v1/measurements", { token, body: { rows: [] } });
    const details = expectApiError(wrongShape, 400, "invalid");
    expect(details.map((detail) => detail.path).sort()).toEqual(["measurements", "rows"]);
    const tooMany = Array.from({ length: 10_001 }, (_, index) => ({
      kpi: "permits.issued",
      period: `${2000 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`,
      value: index,
    }));
    expectApiError(await send(token, tooMany), 413, "too_large");
    expectApiError(
      await callApi(measurementsRoute, "/api/v1/measurements", {
        token,
        rawBody: streamedBody(17 * 1024 * 1024),
        headers: { "content-type": "application/json" },
      }),
      413,
      "too_large",
    );
    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
  });

  test("401 without a token, 403 without the measurements:write scope, 429 past the rate limit", async () => {
    const fixture = await createFixtureAgency("Batch denied");
    const rows = [{ kpi: "permits.issued", period: "2026-08", value: 1 }];
    const before = await snapshotAgency(fixture.agencyId);
    expectApiError(
      await callApi(measurementsRoute, "/api/v1/measurements", { body: { measurements: rows } }),
      401,
      "unauthenticated",
    );
    for (const scopes of [["read"], ["tree:write"]] as const) {
      expectApiError(await send(await createToken(fixture.agencyId, scopes), rows), 403, "forbidden");
    }
    const token = await createToken(fixture.agencyId, ["measurements:write"]);
    await exhaustRateLimit(token);
    const limited = await send(token, rows);
    expectApiError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
  });

  test("an accepted request reports the caller's remaining requests for the window", async () => {
    const fixture = await createFixtureAgency("Rate headers");
    const token = await createToken(fixture.agencyId, ["measurements:write"]);
    const first = await send(token, [{ kpi: "permits.issued", period: "2026-08", value: 1 }]);
    const second = await send(token, [{ kpi: "permits.issued", period: "2026-08", value: 1 }]);
    const remaining = (response: typeof first) => Number(response.headers.get("ratelimit-remaining"));
    expect(remaining(second)).toBe(remaining(first) - 1);
  });
});

describe("one recomputation per request", () => {
  /** A document with `count` input KPIs, each driving one outcome KPI tracked by a key result. */
  function wideDocument(count: number): DriverTreeDocument {
    const kpis: DriverTreeDocument["kpis"] = [];
    const links: DriverTreeDocument["links"] = [];
    const keyResults = [];
    for (let i = 0; i < count; i++) {
      kpis.push(
        {
          code: `in.k${i}`,
          name: `Input ${i}`,
          ipo: "input",
          direction: "increase",
          frequency: "monthly",
          department: "D",
          target: 10,
        },
        {
          code: `out.k${i}`,
          name: `Outcome ${i}`,
          ipo: "outcome",
          direction: "increase",
          frequency: "monthly",
          department: "D",
          target: 10,
        },
      );
      links.push({ from: `in.k${i}`, to: `out.k${i}` });
      keyResults.push({ code: `KR${i}`, title: `KR ${i}`, kpi: `out.k${i}`, start: 0, target: 10 });
    }
    return {
      format: "drivertree/v1",
      agency: { name: "Wide" },
      departments: [{ code: "D", name: "Department" }],
      plan: { code: "P", start: "2026-01-01", end: "2026-12-31" },
      kpis,
      links,
      objectives: [{ code: "O", title: "Objective", keyResults }],
      measurements: kpis.map((kpi) => ({ kpi: kpi.code, period: "2026-01", value: 5 })),
    };
  }

  test("a batch that reaches a small part of the tree recomputes only that part; a large one everything", async () => {
    const agencyId = await createEmptyAgency("Wide City");
    const writer = await createToken(agencyId, ["tree:write"]);
    expect((await callApi(importRoute, "/api/v1/import", { token: writer, body: wideDocument(20) })).status).toBe(200);
    const officer = {
      kind: "user" as const,
      userId: "00000000-0000-4000-8000-0000000000aa",
      agencyId,
      role: "PERFORMANCE_OFFICER" as const,
      departmentId: null,
      label: "officer@wide.example",
    };
    // One input: it reaches itself and the driver health of the outcome it drives (docs/health.md 18: not the key
    // result tracking that outcome, whose value did not change).
    const small = await recordMeasurementBatch(officer, [{ kpi: "in.k3", period: "2026-02", value: 7 }], "test");
    expect(small.recomputedNodes).toBe(2);
    // An outcome's value reaches its key result and the objective above it as well.
    const tracked = await recordMeasurementBatch(officer, [{ kpi: "out.k5", period: "2026-02", value: 9 }], "test");
    expect(tracked.recomputedNodes).toBe(3);
    await expectStoredHealthToEqualFullRecompute(agencyId);
    // Past FULL_RECOMPUTE_SHARE of the KPIs, everything is recomputed at once.
    const many = Math.ceil(40 * FULL_RECOMPUTE_SHARE) + 1;
    const large = await recordMeasurementBatch(
      officer,
      Array.from({ length: many }, (_, i) => ({ kpi: `out.k${i}`, period: "2026-02", value: 8 })),
      "test",
    );
    expect(large.recomputedNodes).toBe(40 + 20 + 1);
    await expectStoredHealthToEqualFullRecompute(agencyId);
  });

  test("stored health for another date is refreshed in full by the next batch", async () => {
    const fixture = await createFixtureAgency("Stale health");
    await getPrisma().agency.update({ where: { id: fixture.agencyId }, data: { healthAsOf: new Date("2020-01-01") } });
    const token = await createToken(fixture.agencyId, ["measurements:write"]);
    expect((await send(token, [{ kpi: "permits.issued", period: "2026-08", value: 3 }])).status).toBe(200);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });
});
