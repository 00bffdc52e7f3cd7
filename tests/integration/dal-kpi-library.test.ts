// The KPI library (/kpis): its read (filters, paging, a department head's branch, the "unlinked" flag) and its bulk
// edits (one audit event, refusals that change nothing, health as the engine says).
import { beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { bulkAssignDepartment, getKpiLibrary } from "@/lib/dal/kpi-library";
import { createLink } from "@/lib/dal/links";
import { bulkSetKpisPublished } from "@/lib/dal/publishing";
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { kpiLibraryQuerySchema } from "@/lib/validation/kpi-library";
import { createFixtureAgency, readStoredHealth, watchAudit, type Fixture } from "./support/fixtures";
import {
  expectNothingChanged,
  expectOneAuditEvent,
  expectStoredHealthToEqualFullRecompute,
  rejectionOf,
} from "./support/expectations";

let fixture: Fixture;

beforeEach(async () => {
  fixture = await createFixtureAgency("Library City");
});

const officer = () => fixture.principal("PERFORMANCE_OFFICER");
const query = (params: Record<string, string> = {}) => kpiLibraryQuerySchema.parse(params);
const codesOf = async (params: Record<string, string> = {}, principal = officer()) =>
  (await getKpiLibrary(principal, query(params))).rows.map((row) => row.code);

describe("reading the KPI library", () => {
  test("lists every KPI of the agency by code, with department, IPO, stored status, latest value and flags", async () => {
    const library = await getKpiLibrary(officer(), query());
    expect(library.rows.map((row) => row.code)).toEqual([
      "permits.cost",
      "permits.cost_per_permit",
      "permits.issued",
      "permits.median_days",
      "permits.reviewers",
      "streets.potholes",
    ]);
    expect(library.total).toBe(6);
    const stored = await readStoredHealth(fixture.agencyId);
    const issued = library.rows.find((row) => row.code === "permits.issued")!;
    expect(issued).toMatchObject({
      id: fixture.kpis["permits.issued"],
      ipo: "process",
      department: { code: "PLN", name: "Department PLN" },
      status: stored["kpi:permits.issued"]!.status,
      value: 120,
      period: "2026-06",
      published: false,
      isUnlinked: false,
      version: 1,
    });
    expect(library.canEdit).toBe(true);
    expect(library.canPublish).toBe(true);
  });

  test("marks as unlinked the KPIs no key result reaches, directly or through the KPIs they drive", async () => {
    const library = await getKpiLibrary(officer(), query());
    const unlinked = library.rows.filter((row) => row.isUnlinked).map((row) => row.code);
    // permits.reviewers only drives permits.median_days, which a key result tracks: it is reached. A formula's inputs
    // are not drawn in the tree, so permits.cost is not.
    expect(unlinked).toEqual(["permits.cost", "permits.cost_per_permit"]);
    expect(await codesOf({ reach: "unlinked" })).toEqual(unlinked);
    expect(await codesOf({ reach: "linked" })).toEqual([
      "permits.issued",
      "permits.median_days",
      "permits.reviewers",
      "streets.potholes",
    ]);
  });

  test("the unlinked flag follows a change to the tree at once", async () => {
    expect(await codesOf({ reach: "unlinked" })).toEqual(["permits.cost", "permits.cost_per_permit"]);
    // permits.cost now drives permits.median_days, which a key result tracks.
    await createLink(officer(), { from: "permits.cost", to: "permits.median_days", weight: 1, polarity: "positive" });
    expect(await codesOf({ reach: "unlinked" })).toEqual(["permits.cost_per_permit"]);
    const library = await getKpiLibrary(officer(), query());
    expect(library.rows.find((row) => row.code === "permits.cost")?.isUnlinked).toBe(false);
  });

  test("filters by department, IPO level, status, published and text, all together", async () => {
    expect(await codesOf({ department: "PLN-REV" })).toEqual(["permits.reviewers"]);
    expect(await codesOf({ ipo: "outcome" })).toEqual(["permits.median_days", "streets.potholes"]);
    expect(await codesOf({ ipo: "input", department: "PLN" })).toEqual(["permits.cost"]);
    await getPrisma().kpi.update({ where: { id: fixture.kpis["streets.potholes"]! }, data: { published: true } });
    expect(await codesOf({ published: "yes" })).toEqual(["streets.potholes"]);
    expect(await codesOf({ published: "no" })).not.toContain("streets.potholes");
    // permits.cost has no target: stored as NO_TARGET.
    const stored = await readStoredHealth(fixture.agencyId);
    const noTarget = Object.entries(stored)
      .filter(([key, node]) => key.startsWith("kpi:") && node.status === "NO_TARGET")
      .map(([key]) => key.slice(4))
      .sort();
    expect(noTarget).toContain("permits.cost");
    expect(await codesOf({ status: "NO_TARGET" })).toEqual(noTarget);
    expect(await codesOf({ q: "MEDIAN" })).toEqual(["permits.median_days"]);
    await getPrisma().kpi.update({
      where: { id: fixture.kpis["permits.cost"]! },
      data: { name: "Cost of 100% _review_" },
    });
    // The search's own wildcards are searched for as they are.
    expect(await codesOf({ q: "100%" })).toEqual(["permits.cost"]);
    expect(await codesOf({ q: "_review_" })).toEqual(["permits.cost"]);
    expect(await codesOf({ q: "no such thing" })).toEqual([]);
  });

  test("a filter the address gets wrong is dropped, not an error", async () => {
    expect(query({ ipo: "sideways", status: "GREEN", page: "-3", published: "maybe" })).toEqual({
      department: undefined,
      ipo: undefined,
      status: undefined,
      published: undefined,
      reach: undefined,
      q: undefined,
      page: 1,
    });
  });

  test("pages 50 KPIs at a time, and a page past the end shows the last", async () => {
    await getPrisma().kpi.createMany({
      data: Array.from({ length: 60 }, (_, index) => ({
        agencyId: fixture.agencyId,
        code: `bulk.k${String(index).padStart(2, "0")}`,
        name: `Bulk ${index}`,
        ipo: "process" as const,
        direction: "increase" as const,
        frequency: "monthly" as const,
        departmentId: fixture.departments.PW!,
      })),
    });
    const first = await getKpiLibrary(officer(), query());
    expect(first).toMatchObject({ total: 66, page: 1, pageCount: 2, pageSize: 50 });
    expect(first.rows).toHaveLength(50);
    const second = await getKpiLibrary(officer(), query({ page: "2" }));
    expect(second.rows).toHaveLength(16);
    expect(new Set([...first.rows, ...second.rows].map((row) => row.code)).size).toBe(66);
    expect((await getKpiLibrary(officer(), query({ page: "9" }))).page).toBe(2);
  });

  test("a department head sees their branch's KPIs only, may filter by its departments, and edits nothing", async () => {
    const head = fixture.principal("DEPARTMENT_HEAD", "PLN");
    const library = await getKpiLibrary(head, query());
    // PLN and PLN-REV own every permits KPI; streets.potholes (PW) does not exist for them.
    expect(library.rows.map((row) => row.code)).toEqual([
      "permits.cost",
      "permits.cost_per_permit",
      "permits.issued",
      "permits.median_days",
      "permits.reviewers",
    ]);
    expect(library.departments.map((department) => department.code).sort()).toEqual(["PLN", "PLN-REV"]);
    expect(library).toMatchObject({ canEdit: false, canPublish: false });
    expect(await codesOf({ department: "PW" }, head)).toEqual([]);
    const other = await getKpiLibrary(fixture.principal("DEPARTMENT_HEAD", "PW"), query());
    expect(other.rows.map((row) => row.code)).toEqual(["streets.potholes"]);
  });

  test("every role that reads the tree reads it; nobody else does, and no agency sees another's", async () => {
    const executive = await getKpiLibrary(fixture.principal("EXECUTIVE"), query());
    expect(executive.total).toBe(6);
    expect(executive).toMatchObject({ canEdit: false, canPublish: false });
    expect((await getKpiLibrary(fixture.token(["read"]), query())).total).toBe(6);
    await expect(getKpiLibrary(null, query())).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(getKpiLibrary(fixture.token(["measurements:write"]), query())).rejects.toBeInstanceOf(ForbiddenError);
    const elsewhere = await createFixtureAgency("Elsewhere");
    const theirs = await getKpiLibrary(elsewhere.principal("PERFORMANCE_OFFICER"), query());
    expect(theirs.rows.map((row) => row.id).some((id) => Object.values(fixture.kpis).includes(id))).toBe(false);
  });
});

describe("assigning a department to many KPIs", () => {
  const chosen = () => [fixture.kpis["permits.cost"]!, fixture.kpis["permits.issued"]!];

  test("moves every chosen KPI, bumps each version, writes one audit event listing them, and leaves health as it was", async () => {
    const healthBefore = await readStoredHealth(fixture.agencyId);
    const audit = await watchAudit(fixture.agencyId);
    const result = await bulkAssignDepartment(officer(), {
      kpiIds: chosen(),
      department: "PW",
      versions: { [fixture.kpis["permits.cost"]!]: 1, [fixture.kpis["permits.issued"]!]: 1 },
    });
    expect(result).toMatchObject({ department: "PW", recomputedNodes: 0 });
    expect(result.kpis.map((kpi) => [kpi.code, kpi.version])).toEqual([
      ["permits.cost", 2],
      ["permits.issued", 2],
    ]);
    const rows = await getPrisma().kpi.findMany({
      where: { id: { in: chosen() } },
      select: { departmentId: true, version: true },
    });
    expect(rows).toEqual([
      { departmentId: fixture.departments.PW, version: 2 },
      { departmentId: fixture.departments.PW, version: 2 },
    ]);
    await expectOneAuditEvent(audit, {
      action: "kpi.bulk.department",
      entityType: "kpi",
      actorLabel: officer().label,
      before: {
        kpis: [
          { code: "permits.cost", department: "PLN" },
          { code: "permits.issued", department: "PLN" },
        ],
      },
      after: { department: "PW", kpis: ["permits.cost", "permits.issued"], ids: chosen() },
    });
    // The owning department is no part of health: the engine recomputes nothing, and nothing differs.
    expect(await readStoredHealth(fixture.agencyId)).toEqual(healthBefore);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    expect(await codesOf({ department: "PW" })).toEqual(["permits.cost", "permits.issued", "streets.potholes"]);
  });

  test.each([
    ["a department head", () => fixture.principal("DEPARTMENT_HEAD", "PLN"), ForbiddenError],
    ["an executive", () => fixture.principal("EXECUTIVE"), ForbiddenError],
    ["an admin", () => fixture.principal("ADMIN"), ForbiddenError],
    ["a read token", () => fixture.token(["read"]), ForbiddenError],
    ["a tree:write token limited to a department", () => fixture.token(["tree:write"], "PLN"), ForbiddenError],
    ["nobody signed in", () => null, UnauthenticatedError],
  ])("%s is refused, and nothing changes", async (_, caller, expected) => {
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(bulkAssignDepartment(caller(), { kpiIds: chosen(), department: "PW" })),
    );
    expect(error).toBeInstanceOf(expected);
  });

  test("a KPI changed since the list was shown is a conflict naming who changed it; nothing changes", async () => {
    // Regression: a bulk event has no entityId, so a conflict after one named "someone else".
    await bulkSetKpisPublished(officer(), { kpiIds: [fixture.kpis["permits.issued"]!], published: true });
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(
        bulkAssignDepartment(officer(), {
          kpiIds: chosen(),
          department: "PW",
          versions: { [fixture.kpis["permits.cost"]!]: 1, [fixture.kpis["permits.issued"]!]: 1 },
        }),
      ),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("permits.issued was changed by performance_officer@");
  });

  test("an unknown department, or a KPI of another agency, is refused and nothing changes", async () => {
    const unknown = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(bulkAssignDepartment(officer(), { kpiIds: chosen(), department: "NOPE" })),
    );
    expect(unknown).toBeInstanceOf(ValidationError);
    expect((unknown as ValidationError).fieldErrors).toEqual({ department: ["Unknown department NOPE."] });
    const elsewhere = await createFixtureAgency("Elsewhere");
    const foreign = await expectNothingChanged([fixture.agencyId, elsewhere.agencyId], () =>
      rejectionOf(
        bulkAssignDepartment(officer(), {
          kpiIds: [fixture.kpis["permits.cost"]!, elsewhere.kpis["permits.cost"]!],
          department: "PW",
        }),
      ),
    );
    expect(foreign).toBeInstanceOf(NotFoundError);
  });
});

describe("publishing many KPIs", () => {
  test("publishes and unpublishes the chosen KPIs with one audit event each time; health is untouched", async () => {
    const ids = [fixture.kpis["permits.median_days"]!, fixture.kpis["streets.potholes"]!];
    const healthBefore = await readStoredHealth(fixture.agencyId);
    const { dataVersion } = await getPrisma().agency.findUniqueOrThrow({
      where: { id: fixture.agencyId },
      select: { dataVersion: true },
    });
    let audit = await watchAudit(fixture.agencyId);
    const published = await bulkSetKpisPublished(officer(), { kpiIds: ids, published: true });
    expect(published.kpis.map((kpi) => kpi.code)).toEqual(["permits.median_days", "streets.potholes"]);
    await expectOneAuditEvent(audit, {
      action: "kpi.bulk.publish",
      entityType: "kpi",
      before: {
        kpis: [
          { code: "permits.median_days", published: false },
          { code: "streets.potholes", published: false },
        ],
      },
      after: { published: true, kpis: ["permits.median_days", "streets.potholes"], ids },
    });
    expect(await codesOf({ published: "yes" })).toEqual(["permits.median_days", "streets.potholes"]);
    // The public pages are served for the agency's current data version: publishing moves it on.
    const after = await getPrisma().agency.findUniqueOrThrow({
      where: { id: fixture.agencyId },
      select: { dataVersion: true },
    });
    expect(after.dataVersion).toBeGreaterThan(dataVersion);
    audit = await watchAudit(fixture.agencyId);
    await bulkSetKpisPublished(officer(), { kpiIds: [ids[0]!], published: false, versions: { [ids[0]!]: 2 } });
    await expectOneAuditEvent(audit, {
      action: "kpi.bulk.unpublish",
      entityType: "kpi",
      before: { kpis: [{ code: "permits.median_days", published: true }] },
      after: { published: false, kpis: ["permits.median_days"], ids: [ids[0]] },
    });
    expect(await codesOf({ published: "yes" })).toEqual(["streets.potholes"]);
    expect(await readStoredHealth(fixture.agencyId)).toEqual(healthBefore);
  });

  test.each([
    ["a department head", () => fixture.principal("DEPARTMENT_HEAD", "PLN")],
    ["an executive", () => fixture.principal("EXECUTIVE")],
    ["an admin", () => fixture.principal("ADMIN")],
    ["a tree:write token", () => fixture.token(["tree:write"])],
    ["a read token", () => fixture.token(["read"])],
  ])("%s may not publish, and nothing changes", async (_, caller) => {
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(bulkSetKpisPublished(caller(), { kpiIds: [fixture.kpis["permits.issued"]!], published: true })),
    );
    expect(error).toBeInstanceOf(ForbiddenError);
  });
});
