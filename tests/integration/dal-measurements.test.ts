import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getTodayUtc } from "@/lib/clock";
import { getPrisma } from "@/lib/db";
import { recordMeasurement } from "@/lib/dal/measurements";
import { NotFoundError, ValidationError } from "@/lib/errors";
import {
  compareStoredHealthWithFullRecompute,
  createFixtureAgency,
  readStoredHealth,
  watchAudit,
  type Fixture,
} from "./support/fixtures";
import {
  expectNothingChanged,
  expectOneAuditEvent,
  expectStoredHealthToEqualFullRecompute,
  rejectionOf,
} from "./support/expectations";

let fixture: Fixture;

describe("recordMeasurement", () => {
  beforeAll(async () => {
    fixture = await createFixtureAgency();
  });

  test("stores a new value, recomputes what it reaches, and writes one audit event", async () => {
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    const result = await recordMeasurement(officer, {
      kpi: "permits.reviewers",
      period: "2026-07",
      value: 12,
      note: "Two hires",
      source: "HR",
    });
    expect(result.measurement).toMatchObject({
      kpi: "permits.reviewers",
      period: "2026-07",
      value: 12,
      note: "Two hires",
      source: "HR",
      version: 1,
    });
    expect(result.replaced).toBeNull();
    expect(result.recomputedNodes).toBeGreaterThan(0);
    const comparison = await compareStoredHealthWithFullRecompute(fixture.agencyId);
    expect(comparison.stored).toEqual(comparison.expected);
    const audit = await getPrisma().auditEvent.findMany({
      where: { agencyId: fixture.agencyId, entityType: "measurement" },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "measurement.create",
      before: null,
      after: { period: "2026-07", value: 12 },
    });
  });

  test("re-sending the same KPI and period replaces the value and keeps the old one in history", async () => {
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    const result = await recordMeasurement(officer, {
      kpi: "permits.reviewers",
      period: "2026-07",
      value: 9,
      note: "",
      source: "",
    });
    expect(result.replaced).toMatchObject({ value: 12 });
    expect(result.measurement.version).toBe(2);
    const revisions = await getPrisma().measurementRevision.findMany({ where: { agencyId: fixture.agencyId } });
    expect(revisions.map((revision) => revision.value)).toEqual([12]);
    const comparison = await compareStoredHealthWithFullRecompute(fixture.agencyId);
    expect(comparison.stored).toEqual(comparison.expected);
  });
});

describe("recordMeasurement: what a value reaches, and what is refused", () => {
  let agency: Fixture;

  beforeEach(async () => {
    agency = await createFixtureAgency();
  });

  const officer = () => agency.principal("PERFORMANCE_OFFICER");

  test("a replaced value is audited with the value before and after", async () => {
    const audit = await watchAudit(agency.agencyId);
    const result = await recordMeasurement(officer(), {
      kpi: "permits.median_days",
      period: "2026-06",
      value: 18,
      note: "Backlog cleared",
      source: "Permits system",
    });
    expect(result.replaced).toEqual({ value: 24, enteredBy: "fixture", enteredAt: expect.any(String) });
    expect(result.measurement).toMatchObject({ value: 18, version: 2, enteredBy: officer().label });
    const health = await readStoredHealth(agency.agencyId);
    // Decrease from 30 to 15: 18 is 80 % of the way.
    expect(health["kpi:permits.median_days"]?.attainment).toBeCloseTo(0.8, 12);
    await expectStoredHealthToEqualFullRecompute(agency.agencyId);
    await expectOneAuditEvent(audit, {
      action: "measurement.replace",
      entityType: "measurement",
      entityId: result.measurement.id,
      entityCode: "permits.median_days@2026-06",
      before: { period: "2026-06", value: 24, note: "", source: "" },
      after: { period: "2026-06", value: 18, note: "Backlog cleared", source: "Permits system" },
    });
    const revision = await getPrisma().measurementRevision.findFirstOrThrow({
      where: { measurementId: result.measurement.id },
    });
    expect(revision).toMatchObject({ value: 24, enteredByLabel: "fixture", replacedByLabel: officer().label });
  });

  test("a formula input recomputes the formula KPI and the key result tracking the KPI it drives", async () => {
    const before = await readStoredHealth(agency.agencyId);
    expect(before["kpi:permits.cost_per_permit"]).toMatchObject({ value: 175 });
    await recordMeasurement(officer(), { kpi: "permits.cost", period: "2026-06", value: 24000, note: "", source: "" });
    const after = await readStoredHealth(agency.agencyId);
    expect(after["kpi:permits.cost_per_permit"]).toMatchObject({ value: 200 });
    await expectStoredHealthToEqualFullRecompute(agency.agencyId);
  });

  test("a link driver recomputes the driver health of the KPI it drives", async () => {
    await recordMeasurement(officer(), {
      kpi: "permits.reviewers",
      period: "2026-06",
      value: 12,
      note: "",
      source: "",
    });
    const health = await readStoredHealth(agency.agencyId);
    expect(health["kpi:permits.median_days"]?.driverHealth).toBe(1);
    await expectStoredHealthToEqualFullRecompute(agency.agencyId);
  });

  test("only the nodes a value can reach are recomputed", async () => {
    // streets.potholes reaches its own node, the key result tracking it (O2.KR1) and that key result's objective.
    const before = await readStoredHealth(agency.agencyId);
    const result = await recordMeasurement(officer(), {
      kpi: "streets.potholes",
      period: "2026-06",
      value: 450,
      note: "",
      source: "",
    });
    expect(result.recomputedNodes).toBe(3);
    const after = await readStoredHealth(agency.agencyId);
    const changed = Object.keys(after).filter((key) => JSON.stringify(after[key]) !== JSON.stringify(before[key]));
    expect(changed.sort()).toEqual(["kpi:streets.potholes", "kr:O2.KR1", "objective:O2"]);
    await expectStoredHealthToEqualFullRecompute(agency.agencyId);
  });

  test("when stored health is from another day, a write recomputes every node for today", async () => {
    const prisma = getPrisma();
    await prisma.agency.update({
      where: { id: agency.agencyId },
      data: { healthAsOf: new Date("2026-01-01T00:00:00Z") },
    });
    const result = await recordMeasurement(officer(), {
      kpi: "streets.potholes",
      period: "2026-06",
      value: 450,
      note: "",
      source: "",
    });
    const nodes = await prisma.healthResult.count({ where: { agencyId: agency.agencyId } });
    expect(result.recomputedNodes).toBe(nodes);
    const row = await prisma.agency.findUniqueOrThrow({ where: { id: agency.agencyId } });
    expect(row.healthAsOf?.toISOString().slice(0, 10)).toBe(getTodayUtc());
    await expectStoredHealthToEqualFullRecompute(agency.agencyId);
  });

  test("a token's measurement is credited to the token", async () => {
    const token = agency.token(["measurements:write"]);
    const result = await recordMeasurement(token, {
      kpi: "streets.potholes",
      period: "2026-07",
      value: 320,
      note: "",
      source: "311",
    });
    expect(result.measurement.enteredBy).toBe(token.label);
    const row = await getPrisma().measurement.findUniqueOrThrow({ where: { id: result.measurement.id } });
    expect(row).toMatchObject({ enteredByToken: (token as { tokenId: string }).tokenId, enteredByUserId: null });
    const [event] = await getPrisma().auditEvent.findMany({ where: { agencyId: agency.agencyId, entityId: row.id } });
    expect(event).toMatchObject({
      actorToken: (token as { tokenId: string }).tokenId,
      actorUserId: null,
      actorLabel: token.label,
    });
  });

  test("a value for a period after today is stored but does not count yet", async () => {
    const before = await readStoredHealth(agency.agencyId);
    const nextYear = `${Number(getTodayUtc().slice(0, 4)) + 1}-01`;
    await recordMeasurement(officer(), { kpi: "streets.potholes", period: nextYear, value: 1, note: "", source: "" });
    expect(
      await getPrisma().measurement.count({ where: { kpiId: agency.kpis["streets.potholes"]!, period: nextYear } }),
    ).toBe(1);
    const after = await readStoredHealth(agency.agencyId);
    expect(after["kpi:streets.potholes"]).toEqual(before["kpi:streets.potholes"]);
    await expectStoredHealthToEqualFullRecompute(agency.agencyId);
  });

  test("a measurement for a formula KPI is refused and nothing changes", async () => {
    const error = await expectNothingChanged(agency.agencyId, () =>
      rejectionOf(
        recordMeasurement(officer(), {
          kpi: "permits.cost_per_permit",
          period: "2026-06",
          value: 1,
          note: "",
          source: "",
        }),
      ),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain("formula");
    expect((error as ValidationError).fieldErrors).toHaveProperty("kpi");
  });

  test("a period of another frequency is refused", async () => {
    const error = await expectNothingChanged(agency.agencyId, () =>
      rejectionOf(
        recordMeasurement(officer(), { kpi: "permits.issued", period: "2026-Q2", value: 1, note: "", source: "" }),
      ),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toHaveProperty("period");
  });

  test("an unknown KPI is not found, naming the code", async () => {
    const error = await expectNothingChanged(agency.agencyId, () =>
      rejectionOf(
        recordMeasurement(officer(), { kpi: "permits.nope", period: "2026-06", value: 1, note: "", source: "" }),
      ),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain("permits.nope");
  });
});
