import { beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { createKpi, deleteKpi, removeKpiTarget, setKpiTarget, updateKpi, type KpiDto } from "@/lib/dal/kpis";
import { ConflictError, ValidationError } from "@/lib/errors";
import type { CreateKpiInput, UpdateKpiInput } from "@/lib/validation/tree";
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

function kpiInput(overrides: Partial<CreateKpiInput> = {}): CreateKpiInput {
  return {
    code: "permits.inspections",
    name: "Inspections",
    description: "Site inspections done",
    unit: "inspections",
    ipo: "process",
    indicator: "leading",
    direction: "increase",
    frequency: "monthly",
    aggregation: "sum",
    department: "PLN-REV",
    baseline: 40,
    target: 80,
    tolerance: 0,
    thresholds: { onTrack: 0.95 },
    formula: null,
    lagDays: 20,
    min: null,
    max: null,
    published: true,
    ...overrides,
  };
}

/** The editable fields of a KPI as they are now, for an update that changes only some of them. */
async function currentFields(code: string): Promise<UpdateKpiInput> {
  const kpi = await getPrisma().kpi.findUniqueOrThrow({
    where: { agencyId_code: { agencyId: fixture.agencyId, code } },
    include: { department: true },
  });
  return {
    id: kpi.id,
    version: kpi.version,
    name: kpi.name,
    description: kpi.description,
    unit: kpi.unit,
    ipo: kpi.ipo,
    indicator: kpi.indicator,
    direction: kpi.direction,
    frequency: kpi.frequency,
    aggregation: kpi.aggregation,
    department: kpi.department.code,
    baseline: kpi.baseline,
    target: kpi.target,
    tolerance: kpi.tolerance,
    thresholds: null,
    formula: kpi.formula,
    lagDays: kpi.lagDays,
    min: kpi.minValue,
    max: kpi.maxValue,
    published: kpi.published,
  };
}

describe("createKpi", () => {
  test("returns the new KPI, stores its health and audits the creation", async () => {
    const audit = await watchAudit(fixture.agencyId);
    const result = await createKpi(officer(), kpiInput());
    const expected: Omit<KpiDto, "id"> = {
      code: "permits.inspections",
      name: "Inspections",
      description: "Site inspections done",
      unit: "inspections",
      ipo: "process",
      indicator: "leading",
      direction: "increase",
      frequency: "monthly",
      aggregation: "sum",
      department: "PLN-REV",
      baseline: 40,
      target: 80,
      targets: {},
      tolerance: 0,
      thresholds: { onTrack: 0.95 },
      formula: null,
      lagDays: 20,
      min: null,
      max: null,
      published: true,
      version: 1,
    };
    expect(result.kpi).toEqual({ id: expect.any(String), ...expected });
    const row = await getPrisma().kpi.findUniqueOrThrow({ where: { id: result.kpi.id } });
    expect(row).toMatchObject({
      agencyId: fixture.agencyId,
      code: "permits.inspections",
      onTrackThreshold: 0.95,
      atRiskThreshold: null,
    });
    const health = await readStoredHealth(fixture.agencyId);
    expect(health["kpi:permits.inspections"]).toMatchObject({ status: "NO_DATA", value: null, stale: true });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "kpi.create",
      entityType: "kpi",
      entityId: result.kpi.id,
      entityCode: "permits.inspections",
      actorLabel: officer().label,
      before: null,
      after: result.kpi,
    });
  });

  test("a formula KPI records the KPIs it names and is computed at once", async () => {
    const audit = await watchAudit(fixture.agencyId);
    const result = await createKpi(
      officer(),
      kpiInput({
        code: "permits.issued_per_reviewer",
        ipo: "process",
        baseline: null,
        target: 10,
        formula: "permits.issued / permits.reviewers",
        aggregation: "avg",
      }),
    );
    expect(result.kpi).toMatchObject({ formula: "permits.issued / permits.reviewers", version: 1 });
    const references = await getPrisma().formulaReference.findMany({
      where: { kpiId: result.kpi.id },
      select: { referencedKpiId: true },
    });
    expect(references.map((reference) => reference.referencedKpiId).sort()).toEqual(
      [fixture.kpis["permits.issued"], fixture.kpis["permits.reviewers"]].sort(),
    );
    const health = await readStoredHealth(fixture.agencyId);
    // June: 120 issued by 11 reviewers.
    expect(health["kpi:permits.issued_per_reviewer"]).toMatchObject({ period: "2026-06", value: 120 / 11, target: 10 });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, { action: "kpi.create", entityType: "kpi", before: null, after: result.kpi });
  });

  test("a KPI code that is taken is refused and nothing changes", async () => {
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(createKpi(officer(), kpiInput({ code: "permits.cost" }))),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toHaveProperty("code");
  });
});

describe("updateKpi", () => {
  test("a new default target recomputes the KPI and audits before and after", async () => {
    // Regression: runTreeWrite loaded the "before" tree lazily, after updateKpi had written, so the engine saw no
    // change, recomputed nothing (recomputedNodes 0) and the stored health kept the old target.
    const audit = await watchAudit(fixture.agencyId);
    const before = await readStoredHealth(fixture.agencyId);
    // Decrease from 30 to 15 with 24 in June: attainment 0.4. With a target of 25 it is reached.
    expect(before["kpi:permits.median_days"]).toMatchObject({ status: "OFF_TRACK", health: 0.4 });
    const input = { ...(await currentFields("permits.median_days")), target: 25, name: "Median days to permit" };
    const result = await updateKpi(officer(), input);
    expect(result.kpi).toMatchObject({
      id: fixture.kpis["permits.median_days"],
      code: "permits.median_days",
      name: "Median days to permit",
      target: 25,
      baseline: 30,
      department: "PLN",
      version: 2,
    });
    expect(result.recomputedNodes).toBeGreaterThan(0);
    const after = await readStoredHealth(fixture.agencyId);
    expect(after["kpi:permits.median_days"]).toMatchObject({
      status: "ON_TRACK",
      health: 1,
      attainment: 1.2,
      target: 25,
    });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    const event = await expectOneAuditEvent(audit, {
      action: "kpi.update",
      entityType: "kpi",
      entityId: fixture.kpis["permits.median_days"],
      entityCode: "permits.median_days",
      before: { ...result.kpi, name: "permits.median_days", target: 15, version: 1 },
      after: result.kpi,
    });
    expect(event.actorUserId).toBe((officer() as { userId: string }).userId);
  });

  test("changing a formula rewrites the KPIs it names and its computed value", async () => {
    const audit = await watchAudit(fixture.agencyId);
    const input = { ...(await currentFields("permits.cost_per_permit")), formula: "permits.cost / permits.reviewers" };
    const result = await updateKpi(officer(), input);
    expect(result.kpi.formula).toBe("permits.cost / permits.reviewers");
    const references = await getPrisma().formulaReference.findMany({
      where: { kpiId: fixture.kpis["permits.cost_per_permit"] },
      select: { referencedKpiId: true },
    });
    expect(references.map((reference) => reference.referencedKpiId).sort()).toEqual(
      [fixture.kpis["permits.cost"], fixture.kpis["permits.reviewers"]].sort(),
    );
    const health = await readStoredHealth(fixture.agencyId);
    expect(health["kpi:permits.cost_per_permit"]).toMatchObject({ period: "2026-06", value: 21000 / 11 });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "kpi.update",
      entityType: "kpi",
      before: { ...result.kpi, formula: "permits.cost / permits.issued", version: 1 },
      after: result.kpi,
    });
  });

  test("a stale version is a conflict naming who changed the KPI, and nothing changes", async () => {
    const first = await currentFields("permits.issued");
    await updateKpi({ ...officer(), label: "Ada Officer" }, { ...first, target: 110 });
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(updateKpi(officer(), { ...first, target: 120 })),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409 });
    expect(error.message).toContain("permits.issued");
    expect(error.message).toContain("Ada Officer");
  });

  test("a formula closing a cycle through other formulas is refused naming the codes on it", async () => {
    // permits.cost_per_permit names permits.issued; giving permits.issued a formula naming permits.cost_per_permit
    // closes permits.issued → permits.cost_per_permit → permits.issued. permits.issued has measurements, so first
    // use a fresh KPI: a → b is written, then b → a is refused.
    await createKpi(officer(), kpiInput({ code: "cycle.a", baseline: null, target: 5, formula: "permits.cost * 2" }));
    await createKpi(officer(), kpiInput({ code: "cycle.b", baseline: null, target: 5, formula: "cycle.a + 1" }));
    const input = { ...(await currentFields("cycle.a")), formula: "cycle.b / 2" };
    const error = await expectNothingChanged(fixture.agencyId, () => rejectionOf(updateKpi(officer(), input)));
    expect(error).toBeInstanceOf(ValidationError);
    const messages = (error as ValidationError).fieldErrors.formula ?? [];
    expect(messages.join(" ")).toMatch(/cycle\.a → cycle\.b → cycle\.a/);
  });

  test("a three-KPI formula cycle is refused naming every code on it", async () => {
    await createKpi(officer(), kpiInput({ code: "ring.a", baseline: null, target: 5, formula: "permits.cost + 1" }));
    await createKpi(officer(), kpiInput({ code: "ring.b", baseline: null, target: 5, formula: "ring.a + 1" }));
    await createKpi(officer(), kpiInput({ code: "ring.c", baseline: null, target: 5, formula: "ring.b + 1" }));
    const input = { ...(await currentFields("ring.a")), formula: "ring.c + permits.cost" };
    const error = await expectNothingChanged(fixture.agencyId, () => rejectionOf(updateKpi(officer(), input)));
    const message = ((error as ValidationError).fieldErrors.formula ?? []).join(" ");
    for (const code of ["ring.a", "ring.b", "ring.c"]) expect(message).toContain(code);
  });

  test("a formula naming an unknown KPI is refused naming it", async () => {
    const input = { ...(await currentFields("permits.cost_per_permit")), formula: "permits.cost / permits.nope" };
    const error = await expectNothingChanged(fixture.agencyId, () => rejectionOf(updateKpi(officer(), input)));
    expect(error).toBeInstanceOf(ValidationError);
    expect(((error as ValidationError).fieldErrors.formula ?? []).join(" ")).toContain("permits.nope");
  });

  test("a formula that does not parse is refused with its position", async () => {
    const input = { ...(await currentFields("permits.cost_per_permit")), formula: "permits.cost / (permits.issued" };
    const error = await expectNothingChanged(fixture.agencyId, () => rejectionOf(updateKpi(officer(), input)));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.formula).toHaveLength(1);
  });

  test("a baseline on the wrong side of the target is refused", async () => {
    // permits.median_days decreases from 30 to 15: a baseline of 10 lies below the target.
    const input = { ...(await currentFields("permits.median_days")), baseline: 10 };
    const error = await expectNothingChanged(fixture.agencyId, () => rejectionOf(updateKpi(officer(), input)));
    expect(error).toBeInstanceOf(ValidationError);
    expect(((error as ValidationError).fieldErrors.target ?? []).join(" ")).toMatch(/baseline/);
  });

  test("a new IPO level under which one of the KPI's links would run backwards is refused", async () => {
    // Regression: updateKpi did not re-check the KPI's links, so an IPO change could leave a link running backwards.
    // permits.issued (process) drives permits.median_days: as an input the median would be driven by a process.
    const input = { ...(await currentFields("permits.median_days")), ipo: "input" as const };
    const error = await expectNothingChanged(fixture.agencyId, () => rejectionOf(updateKpi(officer(), input)));
    expect(error).toBeInstanceOf(ValidationError);
    const message = ((error as ValidationError).fieldErrors.ipo ?? []).join(" ");
    expect(message).toContain("permits.issued");
    expect(message).toContain("permits.median_days");
  });

  test("a frequency that a formula naming the KPI cannot use is refused", async () => {
    // Regression: updateKpi did not re-check the formulas naming the KPI, so one could be left naming a coarser KPI.
    // A monthly formula can name only monthly KPIs: permits.budget may not become quarterly while one names it.
    await createKpi(officer(), kpiInput({ code: "permits.budget", ipo: "input", baseline: null, target: 10 }));
    await createKpi(
      officer(),
      kpiInput({ code: "permits.budget_share", baseline: null, target: 10, formula: "permits.budget / permits.cost" }),
    );
    const input = { ...(await currentFields("permits.budget")), frequency: "quarterly" as const };
    const error = await expectNothingChanged(fixture.agencyId, () => rejectionOf(updateKpi(officer(), input)));
    expect(error).toBeInstanceOf(ValidationError);
    expect(((error as ValidationError).fieldErrors.frequency ?? []).join(" ")).toContain("permits.budget_share");
  });

  test("a formula on a KPI that has measurements is refused", async () => {
    const input = { ...(await currentFields("permits.issued")), formula: "permits.cost / 100" };
    const error = await expectNothingChanged(fixture.agencyId, () => rejectionOf(updateKpi(officer(), input)));
    expect((error as ValidationError).fieldErrors).toHaveProperty("formula");
  });
});

describe("deleteKpi", () => {
  test("deletes a KPI with its links and measurements, drops its health and audits it", async () => {
    // Regression: the "before" tree was loaded after the delete, so the KPI's stored health row was never removed.
    const audit = await watchAudit(fixture.agencyId);
    const healthBefore = await readStoredHealth(fixture.agencyId);
    expect(healthBefore["kpi:permits.median_days"]?.driverHealth).not.toBeNull();
    const result = await deleteKpi(officer(), { id: fixture.kpis["permits.reviewers"]!, version: 1 });
    expect(result.deleted).toEqual({ id: fixture.kpis["permits.reviewers"], code: "permits.reviewers" });
    const prisma = getPrisma();
    expect(await prisma.kpi.findUnique({ where: { id: fixture.kpis["permits.reviewers"]! } })).toBeNull();
    expect(await prisma.measurement.count({ where: { kpiId: fixture.kpis["permits.reviewers"]! } })).toBe(0);
    expect(await prisma.driverLink.count({ where: { fromKpiId: fixture.kpis["permits.reviewers"]! } })).toBe(0);
    const health = await readStoredHealth(fixture.agencyId);
    expect(health).not.toHaveProperty("kpi:permits.reviewers");
    // Only permits.issued (120 of 100: health 1) still drives the median.
    expect(health["kpi:permits.median_days"]).toMatchObject({ driverHealth: 1 });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "kpi.delete",
      entityType: "kpi",
      entityId: fixture.kpis["permits.reviewers"],
      entityCode: "permits.reviewers",
      before: expect.objectContaining({ code: "permits.reviewers", ipo: "input", target: 12, version: 1 }),
      // It went to the recycle bin (tests/integration/recycle-bin.test.ts), from which it can be restored.
      after: { recycleBinEntry: result.binEntry.id, expiresAt: result.binEntry.expiresAt },
    });
  });

  test("a formula KPI can be deleted, and then the KPIs it named can be too", async () => {
    await deleteKpi(officer(), { id: fixture.kpis["permits.cost_per_permit"]!, version: 1 });
    expect(await getPrisma().formulaReference.count({ where: { agencyId: fixture.agencyId } })).toBe(0);
    expect(await readStoredHealth(fixture.agencyId)).not.toHaveProperty("kpi:permits.cost_per_permit");
    await deleteKpi(officer(), { id: fixture.kpis["permits.cost"]!, version: 1 });
    expect(await readStoredHealth(fixture.agencyId)).not.toHaveProperty("kpi:permits.cost");
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });

  test("a KPI named in a formula is refused, naming the formula's KPI", async () => {
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(deleteKpi(officer(), { id: fixture.kpis["permits.cost"]!, version: 1 })),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("permits.cost_per_permit");
  });

  test("a KPI used by a formula is refused, naming the formula only", async () => {
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(deleteKpi(officer(), { id: fixture.kpis["permits.issued"]!, version: 1 })),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("permits.cost_per_permit");
    expect(error.message).not.toContain("O1.1.KR1");
  });

  test("the key results tracking a KPI go with it", async () => {
    await deleteKpi(officer(), { id: fixture.kpis["streets.potholes"]!, version: 1 });
    expect(await getPrisma().keyResult.count({ where: { id: fixture.keyResults["O2.KR1"]! } })).toBe(0);
    expect(await readStoredHealth(fixture.agencyId)).not.toHaveProperty("kr:O2.KR1");
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });
});

describe("per-period targets", () => {
  test("setting and removing a target recompute the KPI and audit each change", async () => {
    // Regression: the "before" tree was loaded after the target was written, so health kept the old target.
    const kpiId = fixture.kpis["permits.median_days"]!;
    let audit = await watchAudit(fixture.agencyId);
    const set = await setKpiTarget(officer(), { kpiId, version: 1, period: "2026-06", value: 25 });
    expect(set.kpi).toMatchObject({ id: kpiId, target: 15, targets: { "2026-06": 25 }, version: 2 });
    let health = await readStoredHealth(fixture.agencyId);
    // June's own target (25) applies to June's value (24) instead of the default (15).
    expect(health["kpi:permits.median_days"]).toMatchObject({ target: 25, status: "ON_TRACK" });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "kpi.target.set",
      entityType: "kpi",
      entityId: kpiId,
      entityCode: "permits.median_days",
      before: { period: "2026-06", target: null },
      after: { period: "2026-06", target: 25 },
    });

    audit = await watchAudit(fixture.agencyId);
    const changed = await setKpiTarget(officer(), { kpiId, version: 2, period: "2026-06", value: 20 });
    expect(changed.kpi).toMatchObject({ targets: { "2026-06": 20 }, version: 3 });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "kpi.target.set",
      entityType: "kpi",
      before: { period: "2026-06", target: 25 },
      after: { period: "2026-06", target: 20 },
    });

    audit = await watchAudit(fixture.agencyId);
    const removed = await removeKpiTarget(officer(), { kpiId, version: 3, period: "2026-06" });
    expect(removed.kpi).toMatchObject({ targets: {}, version: 4 });
    health = await readStoredHealth(fixture.agencyId);
    expect(health["kpi:permits.median_days"]).toMatchObject({ target: 15, status: "OFF_TRACK" });
    expect(await getPrisma().kpiTarget.count({ where: { kpiId } })).toBe(0);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "kpi.target.remove",
      entityType: "kpi",
      before: { period: "2026-06", target: 20 },
      after: { period: "2026-06", target: null },
    });
  });

  test("a per-period target on the wrong side of the baseline is refused", async () => {
    const kpiId = fixture.kpis["permits.median_days"]!;
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(setKpiTarget(officer(), { kpiId, version: 1, period: "2026-06", value: 40 })),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/not saved|baseline/);
  });

  test("a period of another frequency is refused", async () => {
    const kpiId = fixture.kpis["permits.median_days"]!;
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(setKpiTarget(officer(), { kpiId, version: 1, period: "2026-Q2", value: 20 })),
    );
    expect((error as ValidationError).fieldErrors).toHaveProperty("period");
  });
});
