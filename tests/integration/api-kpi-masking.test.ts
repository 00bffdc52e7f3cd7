// Attack test (issue 13, item 13): a department-scoped token read GET /api/v1/kpis/{code} of its own KPI and learned the
// codes of drivers and formula inputs outside its branch, which the KPI page hides from a department head. The API now
// masks them with the KPI page's own rule; an agency-wide token still sees them.
import { beforeEach, describe, expect, test } from "vitest";
import { GET as kpiRoute } from "@/app/api/v1/kpis/[code]/route";
import { getPrisma } from "@/lib/db";
import { getKpiPage } from "@/lib/dal/kpi-read";
import { callApi, createToken } from "./support/api";
import { createFixtureAgency, snapshotAgency, type Fixture } from "./support/fixtures";

type Detail = {
  kpi: { code: string; formula: string | null };
  explanation: {
    drivers: { code: string; weight: number; health: number | null }[];
    formula: { expression: string; inputs: { code: string; value: number | null }[] } | null;
  };
  drivers: { code: string }[];
  drives: { code: string }[];
};

let fixture: Fixture;

// Streets (PW) own streets.potholes, driven by Planning's permits.issued, and streets.cost_per_pothole, a formula over
// Planning's permits.cost: both Planning codes lie outside a PW-scoped caller's branch.
beforeEach(async () => {
  fixture = await createFixtureAgency("Masking City");
  const prisma = getPrisma();
  await prisma.driverLink.create({
    data: {
      agencyId: fixture.agencyId,
      fromKpiId: fixture.kpis["permits.issued"]!,
      toKpiId: fixture.kpis["streets.potholes"]!,
      weight: 3,
    },
  });
  const formulaKpi = await prisma.kpi.create({
    data: {
      agencyId: fixture.agencyId,
      code: "streets.cost_per_pothole",
      name: "Cost per pothole",
      ipo: "process",
      direction: "decrease",
      frequency: "monthly",
      aggregation: "avg",
      departmentId: fixture.departments.PW!,
      target: 80,
      formula: "permits.cost / streets.potholes",
    },
  });
  await prisma.formulaReference.createMany({
    data: ["permits.cost", "streets.potholes"].map((code) => ({
      agencyId: fixture.agencyId,
      kpiId: formulaKpi.id,
      referencedKpiId: fixture.kpis[code]!,
    })),
  });
});

const read = (token: string, code: string) =>
  callApi<Detail>(kpiRoute, `/api/v1/kpis/${code}?asOf=2026-07-20`, { token, params: { code } });

describe("GET /api/v1/kpis/{code} for a department-scoped caller", () => {
  test("codes of drivers and formula inputs outside the branch are masked; their numbers are kept", async () => {
    const scoped = await createToken(fixture.agencyId, ["read"], fixture.departments.PW!);
    const before = await snapshotAgency(fixture.agencyId);

    const potholes = await read(scoped, "streets.potholes");
    expect(potholes.status).toBe(200);
    expect(potholes.text).not.toContain("permits.issued");
    expect(potholes.body.drivers).toEqual([]);
    expect(potholes.body.explanation.drivers).toEqual([expect.objectContaining({ code: "", weight: 3 })]);
    expect(potholes.body.explanation.drivers[0]!.health).not.toBeNull();

    const cost = await read(scoped, "streets.cost_per_pothole");
    expect(cost.status).toBe(200);
    expect(cost.text).not.toContain("permits.cost");
    expect(cost.body.kpi.formula).toBe("? / streets.potholes");
    expect(cost.body.explanation.formula).toMatchObject({
      expression: "? / streets.potholes",
      inputs: [
        { code: "", value: 21000 },
        { code: "streets.potholes", value: 300 },
      ],
    });

    // A read changes nothing.
    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
  });

  test("an agency-wide token sees every code", async () => {
    const agencyWide = await createToken(fixture.agencyId, ["read"]);
    const potholes = await read(agencyWide, "streets.potholes");
    expect(potholes.body.drivers.map((driver) => driver.code)).toEqual(["permits.issued"]);
    expect(potholes.body.explanation.drivers.map((driver) => driver.code)).toEqual(["permits.issued"]);
    const cost = await read(agencyWide, "streets.cost_per_pothole");
    expect(cost.body.kpi.formula).toBe("permits.cost / streets.potholes");
    expect(cost.body.explanation.formula?.inputs.map((input) => input.code)).toEqual([
      "permits.cost",
      "streets.potholes",
    ]);
  });

  test("the KPI page shows a department head the same masked formula and drivers as the API (one rule)", async () => {
    const head = fixture.principal("DEPARTMENT_HEAD", "PW");
    const page = await getKpiPage(head, "streets.cost_per_pothole");
    expect(page?.kpi.formula).toBe("? / streets.potholes");
    expect(JSON.stringify(page)).not.toContain("permits.cost");
    const officer = await getKpiPage(fixture.principal("PERFORMANCE_OFFICER"), "streets.cost_per_pothole");
    expect(officer?.kpi.formula).toBe("permits.cost / streets.potholes");
  });
});
