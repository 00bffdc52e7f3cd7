import { beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { createLink, deleteLink, updateLink } from "@/lib/dal/links";
import { ConflictError, ValidationError } from "@/lib/errors";
import { createFixtureAgency, readStoredHealth, watchAudit, type Fixture } from "./support/fixtures";
import {
  expectNothingChanged,
  expectOneAuditEvent,
  expectStoredHealthToEqualFullRecompute,
  rejectionOf,
} from "./support/expectations";

let fixture: Fixture;

beforeEach(async () => {
  fixture = await createFixtureAgency();
});

const officer = () => fixture.principal("PERFORMANCE_OFFICER");

// Driver health of permits.median_days in the fixture: permits.reviewers (11 of 12, weight 2) and
// permits.issued (120 of 100, health 1, weight 1).
const reviewersHealth = 11 / 12;

describe("createLink", () => {
  test("returns the link, recomputes the driven KPI's driver health and audits the link", async () => {
    const audit = await watchAudit(fixture.agencyId);
    const before = await readStoredHealth(fixture.agencyId);
    expect(before["kpi:permits.median_days"]?.driverHealth).toBeCloseTo((2 * reviewersHealth + 1) / 3, 12);
    // permits.cost_per_permit (process, decrease): 21000 / 120 = 175 against a target of 180 → health 1.
    const result = await createLink(officer(), {
      from: "permits.cost_per_permit",
      to: "permits.median_days",
      weight: 3,
      polarity: "positive",
    });
    expect(result.link).toEqual({
      id: expect.any(String),
      from: "permits.cost_per_permit",
      to: "permits.median_days",
      weight: 3,
      polarity: "positive",
      version: 1,
    });
    const row = await getPrisma().driverLink.findUniqueOrThrow({ where: { id: result.link.id } });
    expect(row).toMatchObject({
      agencyId: fixture.agencyId,
      fromKpiId: fixture.kpis["permits.cost_per_permit"],
      toKpiId: fixture.kpis["permits.median_days"],
    });
    const after = await readStoredHealth(fixture.agencyId);
    expect(after["kpi:permits.median_days"]?.driverHealth).toBeCloseTo((2 * reviewersHealth + 1 + 3) / 6, 12);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "link.create",
      entityType: "driverLink",
      entityId: result.link.id,
      entityCode: "permits.cost_per_permit->permits.median_days",
      before: null,
      after: result.link,
    });
  });

  test("a link closing a cycle is refused with the cycle's codes in the message", async () => {
    await createLink(officer(), { from: "permits.cost", to: "permits.reviewers", weight: 1, polarity: "positive" });
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(
        createLink(officer(), { from: "permits.reviewers", to: "permits.cost", weight: 1, polarity: "positive" }),
      ),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ status: 400 });
    expect(error.message).toContain("permits.reviewers → permits.cost → permits.reviewers");
  });

  test("a cycle through three KPIs names all three", async () => {
    await createLink(officer(), {
      from: "permits.median_days",
      to: "streets.potholes",
      weight: 1,
      polarity: "positive",
    });
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(
        createLink(officer(), { from: "streets.potholes", to: "permits.median_days", weight: 1, polarity: "positive" }),
      ),
    );
    expect(error.message).toContain("streets.potholes → permits.median_days → streets.potholes");
    // A longer cycle: potholes → median_days exists; add an outcome in between.
    await getPrisma().kpi.create({
      data: {
        agencyId: fixture.agencyId,
        code: "streets.satisfaction",
        name: "Satisfaction",
        ipo: "outcome",
        direction: "increase",
        frequency: "monthly",
        departmentId: fixture.departments.PW!,
      },
    });
    await createLink(officer(), {
      from: "streets.potholes",
      to: "streets.satisfaction",
      weight: 1,
      polarity: "positive",
    });
    const longer = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(
        createLink(officer(), {
          from: "streets.satisfaction",
          to: "permits.median_days",
          weight: 1,
          polarity: "positive",
        }),
      ),
    );
    for (const code of ["streets.satisfaction", "permits.median_days", "streets.potholes"]) {
      expect(longer.message).toContain(code);
    }
  });

  test.each([
    ["an outcome driving an input", "permits.median_days", "permits.reviewers"],
    ["an outcome driving a process", "permits.median_days", "permits.issued"],
    ["a process driving an input", "permits.issued", "permits.reviewers"],
  ])("%s is refused", async (_name, from, to) => {
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(createLink(officer(), { from, to, weight: 1, polarity: "positive" })),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain(from);
    expect(error.message).toContain(to);
    expect(error.message).toMatch(/Input → Process → Outcome/);
  });

  test("a second link between the same two KPIs is refused", async () => {
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(
        createLink(officer(), { from: "permits.issued", to: "permits.median_days", weight: 1, polarity: "positive" }),
      ),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain("already drives");
  });

  test("a link to itself is refused", async () => {
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(
        createLink(officer(), { from: "permits.issued", to: "permits.issued", weight: 1, polarity: "positive" }),
      ),
    );
    expect(error).toBeInstanceOf(ValidationError);
  });
});

describe("updateLink", () => {
  test("reweights a link, recomputes the driven KPI and audits before and after", async () => {
    // Regression: the "before" tree was loaded after the new weight was written, so the engine saw no reweighting
    // and the stored driver health kept the old weight.
    const id = fixture.links["permits.reviewers->permits.median_days"]!;
    const audit = await watchAudit(fixture.agencyId);
    const result = await updateLink(officer(), { id, version: 1, weight: 5, polarity: "positive" });
    expect(result.link).toEqual({
      id,
      from: "permits.reviewers",
      to: "permits.median_days",
      weight: 5,
      polarity: "positive",
      version: 2,
    });
    const after = await readStoredHealth(fixture.agencyId);
    expect(after["kpi:permits.median_days"]?.driverHealth).toBeCloseTo((5 * reviewersHealth + 1) / 6, 12);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "link.update",
      entityType: "driverLink",
      entityId: id,
      entityCode: "permits.reviewers->permits.median_days",
      before: { ...result.link, weight: 2, polarity: "negative", version: 1 },
      after: result.link,
    });
  });

  test("a stale version is a conflict naming who changed the link", async () => {
    const id = fixture.links["permits.issued->permits.median_days"]!;
    await updateLink({ ...officer(), label: "Grace Officer" }, { id, version: 1, weight: 2, polarity: "positive" });
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(updateLink(officer(), { id, version: 1, weight: 4, polarity: "positive" })),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("Grace Officer");
  });
});

describe("deleteLink", () => {
  test("deletes the link, recomputes the driven KPI and audits the deletion", async () => {
    const id = fixture.links["permits.issued->permits.median_days"]!;
    const audit = await watchAudit(fixture.agencyId);
    const result = await deleteLink(officer(), { id, version: 1 });
    expect(result.deleted).toEqual({ id, code: "permits.issued->permits.median_days" });
    expect(await getPrisma().driverLink.findUnique({ where: { id } })).toBeNull();
    const after = await readStoredHealth(fixture.agencyId);
    expect(after["kpi:permits.median_days"]?.driverHealth).toBeCloseTo(reviewersHealth, 12);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "link.delete",
      entityType: "driverLink",
      entityId: id,
      entityCode: "permits.issued->permits.median_days",
      before: expect.objectContaining({
        id,
        fromKpiId: fixture.kpis["permits.issued"],
        toKpiId: fixture.kpis["permits.median_days"],
        weight: 1,
        polarity: "positive",
        version: 1,
      }),
      after: { recycleBinEntry: result.binEntry.id, expiresAt: result.binEntry.expiresAt },
    });
  });

  test("deleting the last driver of a KPI without data of its own leaves no driver health", async () => {
    // streets.satisfaction has no measurements: with a driver it is composite, without one it has no data.
    await getPrisma().kpi.create({
      data: {
        agencyId: fixture.agencyId,
        code: "streets.satisfaction",
        name: "Satisfaction",
        ipo: "outcome",
        direction: "increase",
        frequency: "monthly",
        target: 80,
        departmentId: fixture.departments.PW!,
      },
    });
    const { link } = await createLink(officer(), {
      from: "streets.potholes",
      to: "streets.satisfaction",
      weight: 1,
      polarity: "positive",
    });
    let health = await readStoredHealth(fixture.agencyId);
    // Composite: its health is its driver's (300 of 500 → 0.6).
    expect(health["kpi:streets.satisfaction"]).toMatchObject({ health: 0.6, driverHealth: 0.6, value: null });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await deleteLink(officer(), { id: link.id, version: 1 });
    health = await readStoredHealth(fixture.agencyId);
    expect(health["kpi:streets.satisfaction"]).toMatchObject({ status: "NO_DATA", health: null, driverHealth: null });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });
});
