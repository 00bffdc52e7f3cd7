// The public dashboard shows only what was published: nothing unpublished may appear in any
// field of its data, internal commentary never, and another agency's slug shows only its own.
import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { getPublicDashboard, getPublicDataVersion, getPublicKpi } from "@/lib/dal/public-read";
import { setPublished } from "@/lib/dal/publishing";
import { recordMeasurement } from "@/lib/dal/measurements";
import { createFixtureAgency, type Fixture } from "./support/fixtures";

let fixture: Fixture;
let other: Fixture;

async function publish(kind: "objective" | "keyResult" | "kpi", id: string) {
  const prisma = getPrisma();
  const table = kind === "objective" ? prisma.objective : kind === "keyResult" ? prisma.keyResult : prisma.kpi;
  const { version } = await (
    table as unknown as { findUniqueOrThrow: (args: unknown) => Promise<{ version: number }> }
  ).findUniqueOrThrow({
    where: { id },
    select: { version: true },
  });
  return setPublished(fixture.principal("PERFORMANCE_OFFICER"), { kind, id, version, published: true });
}

describe("the public dashboard's data", () => {
  beforeAll(async () => {
    fixture = await createFixtureAgency("Public City");
    other = await createFixtureAgency("Other Town");
    // Published: objective O1 with its metric key result, and the KPI that key result tracks.
    await publish("objective", fixture.objectives.O1!);
    await publish("keyResult", fixture.keyResults["O1.KR1"]!);
    await publish("kpi", fixture.kpis["permits.median_days"]!);
    // Unpublished but tempting: the median's drivers, a child objective, a KR on an unpublished KPI.
    const prisma = getPrisma();
    await prisma.commentary.createMany({
      data: [
        {
          agencyId: fixture.agencyId,
          nodeKind: "kpi",
          nodeId: fixture.kpis["permits.median_days"]!,
          period: "2026-06",
          body: "Public story: two reviewers returned.",
          authorLabel: "officer",
        },
        {
          agencyId: fixture.agencyId,
          nodeKind: "kpi",
          nodeId: fixture.kpis["permits.median_days"]!,
          period: "2026-06",
          body: "Internal note: budget fight.",
          isInternal: true,
          authorLabel: "officer",
        },
        {
          agencyId: fixture.agencyId,
          nodeKind: "kpi",
          nodeId: fixture.kpis["permits.reviewers"]!,
          period: "2026-06",
          body: "Reviewer story that must stay inside.",
          authorLabel: "officer",
        },
      ],
    });
    // Commentary written straight to the database does not bump the data version: do it the way writes do.
    await recordMeasurement(fixture.principal("PERFORMANCE_OFFICER"), {
      kpi: "permits.median_days",
      period: "2026-07",
      value: 22,
      note: "",
      source: "",
    });
  });

  test("holds the published objective, key result and KPI with their stored health", async () => {
    const dashboard = await getPublicDashboard(fixture.slug);
    expect(dashboard?.agency.name).toBe("Public City");
    expect(dashboard?.objectives.map((objective) => objective.code)).toEqual(["O1"]);
    expect(dashboard?.objectives[0]?.keyResults.map((keyResult) => [keyResult.code, keyResult.kpi])).toEqual([
      ["O1.KR1", "permits.median_days"],
    ]);
    expect(dashboard?.kpis.map((kpi) => kpi.code)).toEqual(["permits.median_days"]);
    const stored = await getPrisma().healthResult.findUniqueOrThrow({
      where: { agencyId_nodeKey: { agencyId: fixture.agencyId, nodeKey: "kpi:permits.median_days" } },
    });
    expect(dashboard?.kpis[0]).toMatchObject({
      status: stored.status,
      value: (stored.result as { value: number }).value,
    });
    expect(dashboard?.kpis[0]?.commentary.map((entry) => entry.body)).toEqual([
      "Public story: two reviewers returned.",
    ]);
  });

  test("names nothing unpublished and no internal commentary anywhere in its data", async () => {
    const text = JSON.stringify([
      await getPublicDashboard(fixture.slug),
      await getPublicKpi(fixture.slug, "permits.median_days"),
    ]);
    for (const hidden of [
      "permits.reviewers",
      "permits.issued",
      "permits.cost",
      "streets.potholes",
      "O1.1",
      "O1.KR2",
      "O1.KR3",
      "O2",
      "Faster reviews",
      "Internal note",
      "Reviewer story",
    ]) {
      expect(text, hidden).not.toContain(hidden);
    }
  });

  test("an unpublished KPI has no public page, even by its exact code", async () => {
    expect(await getPublicKpi(fixture.slug, "permits.reviewers")).toBeNull();
    expect(await getPublicKpi(fixture.slug, "no.such.kpi")).toBeNull();
    expect(await getPublicDashboard("no-such-agency")).toBeNull();
  });

  test("another agency's slug shows only what that agency published (nothing here)", async () => {
    const dashboard = await getPublicDashboard(other.slug);
    expect(dashboard?.agency.name).toBe("Other Town");
    expect(dashboard?.objectives).toEqual([]);
    expect(dashboard?.kpis).toEqual([]);
    expect(await getPublicKpi(other.slug, "permits.median_days")).toBeNull();
  });

  test("is served from a snapshot until published data changes, and rebuilt right after", async () => {
    const prisma = getPrisma();
    await getPublicDashboard(fixture.slug);
    const agency = await prisma.agency.findUniqueOrThrow({ where: { id: fixture.agencyId } });
    const snapshot = await prisma.publicSnapshot.findUniqueOrThrow({
      where: { agencyId_key: { agencyId: fixture.agencyId, key: "dashboard" } },
    });
    expect(snapshot.version).toBe(agency.dataVersion);

    await publish("kpi", fixture.kpis["streets.potholes"]!);
    const bumped = await prisma.agency.findUniqueOrThrow({ where: { id: fixture.agencyId } });
    expect(bumped.dataVersion).toBeGreaterThan(agency.dataVersion);
    const dashboard = await getPublicDashboard(fixture.slug);
    expect(dashboard?.kpis.map((kpi) => kpi.code)).toContain("streets.potholes");

    const { version } = await prisma.kpi.findUniqueOrThrow({ where: { id: fixture.kpis["streets.potholes"]! } });
    await setPublished(fixture.principal("PERFORMANCE_OFFICER"), {
      kind: "kpi",
      id: fixture.kpis["streets.potholes"]!,
      version,
      published: false,
    });
    expect(JSON.stringify(await getPublicDashboard(fixture.slug))).not.toContain("streets.potholes");
  });

  // The public pages are cached per server by this version (components/public/public-page-cache.ts):
  // publishing, withdrawing and new data must each move it forward, or residents would see old pages.
  test("reports the agency's public data version, which publishing, withdrawing and new data move forward", async () => {
    const stored = await getPrisma().agency.findUniqueOrThrow({ where: { id: fixture.agencyId } });
    const initial = await getPublicDataVersion(fixture.slug);
    expect(initial).toBe(stored.dataVersion);
    await publish("kpi", fixture.kpis["streets.potholes"]!);
    const published = (await getPublicDataVersion(fixture.slug))!;
    expect(published).toBeGreaterThan(initial!);
    const { version } = await getPrisma().kpi.findUniqueOrThrow({ where: { id: fixture.kpis["streets.potholes"]! } });
    await setPublished(fixture.principal("PERFORMANCE_OFFICER"), {
      kind: "kpi",
      id: fixture.kpis["streets.potholes"]!,
      version,
      published: false,
    });
    const withdrawn = (await getPublicDataVersion(fixture.slug))!;
    expect(withdrawn).toBeGreaterThan(published);
    await recordMeasurement(fixture.principal("PERFORMANCE_OFFICER"), {
      kpi: "permits.median_days",
      period: "2026-08",
      value: 21,
      note: "",
      source: "",
    });
    expect(await getPublicDataVersion(fixture.slug)).toBeGreaterThan(withdrawn);
    expect(await getPublicDataVersion("no-such-agency")).toBeNull();
  });
});

describe("publishing", () => {
  test("is for performance officers only, audited, and refuses a stale version", async () => {
    const prisma = getPrisma();
    const id = fixture.kpis["permits.cost"]!;
    const { version } = await prisma.kpi.findUniqueOrThrow({ where: { id } });
    for (const role of ["EXECUTIVE", "ADMIN", "DEPARTMENT_HEAD"] as const) {
      await expect(
        setPublished(fixture.principal(role, role === "DEPARTMENT_HEAD" ? "PLN" : undefined), {
          kind: "kpi",
          id,
          version,
          published: true,
        }),
      ).rejects.toMatchObject({ status: 403 });
    }
    await expect(
      setPublished(other.principal("PERFORMANCE_OFFICER"), { kind: "kpi", id, version, published: true }),
    ).rejects.toMatchObject({ status: 404 });
    const result = await setPublished(fixture.principal("PERFORMANCE_OFFICER"), {
      kind: "kpi",
      id,
      version,
      published: true,
    });
    expect(result.item).toMatchObject({ code: "permits.cost", published: true, version: version + 1 });
    const audit = await prisma.auditEvent.findMany({
      where: { agencyId: fixture.agencyId, entityId: id, action: "kpi.publish" },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ before: { published: false }, after: { published: true } });
    await expect(
      setPublished(fixture.principal("PERFORMANCE_OFFICER"), { kind: "kpi", id, version, published: false }),
    ).rejects.toMatchObject({ status: 409 });
  });
});
