// The KPI form's server side: per-period targets quote the KPI's version, a frequency change says what it removes
// and asks first, the formula preview gives what saving would give, and the link picker's check (the engine's
// validateLink on the compact authoring model) agrees with what createLink accepts and refuses.
import { beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { createLink } from "@/lib/dal/links";
import { getAuthoringModel, previewFormula } from "@/lib/dal/kpi-authoring";
import { removeKpiTarget, setKpiTarget, updateKpi } from "@/lib/dal/kpis";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import type { UpdateKpiInput } from "@/lib/validation/tree";
import { checkLinkCandidate, toEngineModel } from "@/components/kpi-form/authoring-checks";
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

describe("per-period targets quote the KPI's version", () => {
  test("a target set on a stale version is a conflict naming who changed the KPI, and nothing changes", async () => {
    // Regression: per-period targets were last-write-wins: a second officer's target silently replaced the first's.
    const kpiId = fixture.kpis["permits.median_days"]!;
    await setKpiTarget(officer(), { kpiId, version: 1, period: "2026-06", value: 25 });
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(setKpiTarget(officer(), { kpiId, version: 1, period: "2026-06", value: 20 })),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("permits.median_days was changed by performance_officer@");
  });

  test("removing a target on a stale version is refused too", async () => {
    const kpiId = fixture.kpis["permits.median_days"]!;
    await setKpiTarget(officer(), { kpiId, version: 1, period: "2026-06", value: 25 });
    await updateKpi(officer(), { ...(await currentFields("permits.median_days")), name: "Median days to issue" });
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(removeKpiTarget(officer(), { kpiId, version: 2, period: "2026-06" })),
    );
    expect(error).toBeInstanceOf(ConflictError);
    const removed = await removeKpiTarget(officer(), { kpiId, version: 3, period: "2026-06" });
    expect(removed.kpi).toMatchObject({ targets: {}, version: 4 });
  });
});

describe("a frequency change with measurements", () => {
  test("without confirmation it says what it would remove and changes nothing", async () => {
    const input = { ...(await currentFields("permits.median_days")), frequency: "quarterly" as const };
    const error = await expectNothingChanged(fixture.agencyId, () => rejectionOf(updateKpi(officer(), input)));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain("removes its 2 monthly values (2026-05 to 2026-06)");
    expect((error as ValidationError).fieldErrors.frequency?.[0]).toContain("Confirm below");
  });

  test("per-period targets of the old frequency are named too", async () => {
    const kpiId = fixture.kpis["permits.median_days"]!;
    await setKpiTarget(officer(), { kpiId, version: 1, period: "2026-06", value: 25 });
    const input = { ...(await currentFields("permits.median_days")), frequency: "annual" as const };
    const error = await rejectionOf(updateKpi(officer(), input));
    expect(error.message).toContain("2 monthly values (2026-05 to 2026-06) and 1 per-period target (2026-06)");
  });

  test("confirmed, it removes them in the same write, audits every removed value and recomputes health", async () => {
    const kpiId = fixture.kpis["permits.median_days"]!;
    await setKpiTarget(officer(), { kpiId, version: 1, period: "2026-06", value: 25 });
    const audit = await watchAudit(fixture.agencyId);
    const input = {
      ...(await currentFields("permits.median_days")),
      frequency: "quarterly" as const,
      confirmFrequencyChange: true,
    };
    const result = await updateKpi(officer(), input);
    expect(result.kpi).toMatchObject({ frequency: "quarterly", targets: {}, version: 3 });
    expect(await getPrisma().measurement.count({ where: { kpiId } })).toBe(0);
    expect(await getPrisma().kpiTarget.count({ where: { kpiId } })).toBe(0);
    const events = await audit.newEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "kpi.update",
      before: {
        frequency: "monthly",
        removedMeasurements: [
          { period: "2026-05", value: 26, enteredBy: "fixture" },
          { period: "2026-06", value: 24, enteredBy: "fixture" },
        ],
        removedTargets: [{ period: "2026-06", value: 25 }],
      },
      after: { frequency: "quarterly" },
    });
    const health = await readStoredHealth(fixture.agencyId);
    expect(health["kpi:permits.median_days"]).toMatchObject({ value: null });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });

  test("a KPI without measurements changes frequency without asking", async () => {
    const input = { ...(await currentFields("permits.cost_per_permit")), frequency: "quarterly" as const };
    const audit = await watchAudit(fixture.agencyId);
    const result = await updateKpi(officer(), input);
    expect(result.kpi.frequency).toBe("quarterly");
    await expectOneAuditEvent(audit, {
      action: "kpi.update",
      entityType: "kpi",
      before: expect.objectContaining({ frequency: "monthly" }),
      after: expect.objectContaining({ frequency: "quarterly" }),
    });
  });
});

describe("previewFormula", () => {
  test("gives the values saving the formula gives, and saves nothing", async () => {
    const preview = await expectNothingChanged(fixture.agencyId, () =>
      previewFormula(officer(), {
        code: "permits.cost_per_permit",
        frequency: "monthly",
        formula: "permits.cost / permits.reviewers",
      }),
    );
    // June is the only month with both a cost (21,000) and reviewers (11).
    expect(preview.values).toEqual([{ period: "2026-06", value: 21000 / 11 }]);
    expect(preview.frequency).toBe("monthly");
  });

  test("previews a KPI that does not exist yet, in the frequency chosen", async () => {
    const preview = await previewFormula(officer(), {
      code: null,
      frequency: "quarterly",
      formula: "permits.issued * 2",
    });
    // FY2026 Q4 (Apr–Jun 2026) of an agency whose fiscal year starts in July: 90 + 120 issued (sum), doubled.
    expect(preview.values).toEqual([{ period: "2026-Q4", value: 420 }]);
  });

  test("a formula the engine refuses is a field error on formula, with the cycle shown", async () => {
    const error = await rejectionOf(
      previewFormula(officer(), { code: "permits.cost", frequency: "monthly", formula: "permits.cost_per_permit * 2" }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.formula?.join(" ")).toContain(
      "permits.cost → permits.cost_per_permit → permits.cost",
    );
  });

  test("is refused to a department head and to another agency's officer's codes", async () => {
    const error = await rejectionOf(
      previewFormula(fixture.principal("DEPARTMENT_HEAD", "PLN"), {
        code: null,
        frequency: "monthly",
        formula: "permits.issued",
      }),
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    const other = await createFixtureAgency("Elsewhere");
    await getPrisma().kpi.create({
      data: {
        agencyId: fixture.agencyId,
        code: "only.here",
        name: "Only here",
        ipo: "input",
        direction: "increase",
        frequency: "monthly",
        departmentId: fixture.departments.PLN!,
      },
    });
    const unknown = await rejectionOf(
      previewFormula(other.principal("PERFORMANCE_OFFICER"), {
        code: null,
        frequency: "monthly",
        formula: "only.here",
      }),
    );
    expect(unknown.message).toContain("does not exist: only.here");
  });
});

describe("the link picker's check", () => {
  test("the authoring model lists the agency's KPIs and links, and nothing of another agency", async () => {
    const other = await createFixtureAgency("Elsewhere");
    await getPrisma().kpi.update({
      where: { id: other.kpis["streets.potholes"]! },
      data: { name: "Only elsewhere" },
    });
    const model = await getAuthoringModel(officer());
    expect(model.kpis.map((kpi) => kpi.code)).toEqual([
      "permits.cost",
      "permits.cost_per_permit",
      "permits.issued",
      "permits.median_days",
      "permits.reviewers",
      "streets.potholes",
    ]);
    expect(model.kpis.some((kpi) => kpi.name === "Only elsewhere")).toBe(false);
    expect(model.links).toHaveLength(2);
    expect(model.links).toEqual(
      expect.arrayContaining([
        { from: "permits.reviewers", to: "permits.median_days" },
        { from: "permits.issued", to: "permits.median_days" },
      ]),
    );
    expect(model.plan).toEqual({ start: "2026-01-01", end: "2027-12-31" });
    expect(model.fiscalYearStartMonth).toBe(7);
  });

  test("accepts exactly the links createLink saves, with createLink's own message for the rest", async () => {
    const authoring = await getAuthoringModel(officer());
    const engine = toEngineModel(authoring);
    const pairs = [
      ["permits.reviewers", "permits.issued"], // input → process: accepted
      ["permits.median_days", "permits.issued"], // outcome → process: backwards
      ["permits.issued", "permits.median_days"], // exists already
      ["permits.cost", "streets.potholes"], // input → outcome: accepted
    ] as const;
    for (const [from, to] of pairs) {
      const expected = checkLinkCandidate(engine, from, to);
      const outcome = await createLink(officer(), { from, to, weight: 1, polarity: "positive" }).then(
        () => null,
        (error: Error) => error.message,
      );
      expect(outcome, `${from} → ${to}`).toBe(expected);
    }
    // Now median_days is driven by issued, which is driven by reviewers: a link back closes a cycle.
    const after = toEngineModel(await getAuthoringModel(officer()));
    expect(checkLinkCandidate(after, "streets.potholes", "permits.cost")).toContain("cannot drive");
    expect(checkLinkCandidate(after, "permits.issued", "permits.reviewers")).toContain("cannot drive");
  });

  test("shows a cycle as the engine names it", async () => {
    await createLink(officer(), { from: "permits.reviewers", to: "permits.cost", weight: 1, polarity: "positive" });
    const engine = toEngineModel(await getAuthoringModel(officer()));
    const message = checkLinkCandidate(engine, "permits.cost", "permits.reviewers");
    expect(message).toBe(
      "The link closes a cycle: permits.cost → permits.reviewers → permits.cost (each drives the next).",
    );
    const error = await rejectionOf(
      createLink(officer(), { from: "permits.cost", to: "permits.reviewers", weight: 1, polarity: "positive" }),
    );
    expect(error.message).toBe(message);
  });
});
