// Builds small agencies directly in the test database, and the principals that act in them.
import { getPrisma } from "@/lib/db";
import type { Principal, Role, TokenScope } from "@/lib/auth/permissions";
import { refreshAgencyHealth } from "@/lib/dal/health-refresh";
import { loadModelIndependently } from "./independent-model";
import { getTodayUtc } from "@/lib/clock";
import { recomputeAll } from "@/lib/domain";

export type Fixture = {
  agencyId: string;
  slug: string;
  departments: Record<string, string>;
  kpis: Record<string, string>;
  objectives: Record<string, string>;
  keyResults: Record<string, string>;
  /** Driver link ids by "from->to". */
  links: Record<string, string>;
  principal: (role: Role, department?: string) => Principal;
  /** An API token of this agency with these scopes, limited to a department's branch when given. */
  token: (scopes: readonly TokenScope[], department?: string) => Principal;
};

let counter = 0;

/**
 * An agency with a small driver tree: departments CM > PLN > PLN-REV and CM > PW;
 * permits.reviewers (input) and permits.issued (process) drive permits.median_days
 * (outcome); permits.cost / permits.issued is the formula KPI permits.cost_per_permit;
 * objective O1 with a metric, a milestone and a qualitative key result, child objective O1.1.
 */
export async function createFixtureAgency(name = "Test City"): Promise<Fixture> {
  const prisma = getPrisma();
  counter += 1;
  const slug = `test-${process.pid}-${Date.now().toString(36)}-${counter}`;
  const agency = await prisma.agency.create({ data: { slug, name, fiscalYearStartMonth: 7 } });
  const departments: Record<string, string> = {};
  for (const [code, parent] of [
    ["CM", null],
    ["PLN", "CM"],
    ["PLN-REV", "PLN"],
    ["PW", "CM"],
  ] as const) {
    const row = await prisma.department.create({
      data: { agencyId: agency.id, code, name: `Department ${code}`, parentId: parent ? departments[parent] : null },
    });
    departments[code] = row.id;
  }
  const plan = await prisma.plan.create({
    data: {
      agencyId: agency.id,
      code: "PLAN",
      name: "Plan",
      startDate: new Date("2026-01-01T00:00:00Z"),
      endDate: new Date("2027-12-31T00:00:00Z"),
    },
  });
  const kpis: Record<string, string> = {};
  const kpiRows = [
    {
      code: "permits.reviewers",
      ipo: "input",
      direction: "increase",
      department: "PLN-REV",
      target: 12,
      aggregation: "avg",
    },
    {
      code: "permits.issued",
      ipo: "process",
      direction: "increase",
      department: "PLN",
      target: 100,
      aggregation: "sum",
    },
    { code: "permits.cost", ipo: "input", direction: "decrease", department: "PLN", target: null, aggregation: "sum" },
    {
      code: "permits.median_days",
      ipo: "outcome",
      direction: "decrease",
      department: "PLN",
      target: 15,
      baseline: 30,
      aggregation: "avg",
    },
    {
      code: "permits.cost_per_permit",
      ipo: "process",
      direction: "decrease",
      department: "PLN",
      target: 180,
      aggregation: "avg",
      formula: "permits.cost / permits.issued",
    },
    {
      code: "streets.potholes",
      ipo: "outcome",
      direction: "increase",
      department: "PW",
      target: 500,
      aggregation: "sum",
    },
  ] as const;
  for (const kpi of kpiRows) {
    const row = await prisma.kpi.create({
      data: {
        agencyId: agency.id,
        code: kpi.code,
        name: kpi.code,
        ipo: kpi.ipo,
        direction: kpi.direction,
        frequency: "monthly",
        aggregation: kpi.aggregation,
        departmentId: departments[kpi.department]!,
        target: kpi.target,
        baseline: "baseline" in kpi ? kpi.baseline : null,
        formula: "formula" in kpi ? kpi.formula : null,
      },
    });
    kpis[kpi.code] = row.id;
  }
  await prisma.formulaReference.createMany({
    data: ["permits.cost", "permits.issued"].map((code) => ({
      agencyId: agency.id,
      kpiId: kpis["permits.cost_per_permit"]!,
      referencedKpiId: kpis[code]!,
    })),
  });
  await prisma.driverLink.createMany({
    data: [
      {
        agencyId: agency.id,
        fromKpiId: kpis["permits.reviewers"]!,
        toKpiId: kpis["permits.median_days"]!,
        weight: 2,
        polarity: "negative",
      },
      { agencyId: agency.id, fromKpiId: kpis["permits.issued"]!, toKpiId: kpis["permits.median_days"]!, weight: 1 },
    ],
  });
  const links: Record<string, string> = {};
  for (const link of await prisma.driverLink.findMany({
    where: { agencyId: agency.id },
    select: { id: true, fromKpi: { select: { code: true } }, toKpi: { select: { code: true } } },
  })) {
    links[`${link.fromKpi.code}->${link.toKpi.code}`] = link.id;
  }
  const measurements: [string, string, number][] = [
    ["permits.reviewers", "2026-05", 10],
    ["permits.reviewers", "2026-06", 11],
    ["permits.issued", "2026-05", 90],
    ["permits.issued", "2026-06", 120],
    ["permits.cost", "2026-06", 21000],
    ["permits.median_days", "2026-05", 26],
    ["permits.median_days", "2026-06", 24],
    ["streets.potholes", "2026-06", 300],
  ];
  await prisma.measurement.createMany({
    data: measurements.map(([code, period, value]) => ({
      agencyId: agency.id,
      kpiId: kpis[code]!,
      period,
      value,
      enteredByLabel: "fixture",
    })),
  });
  const objectives: Record<string, string> = {};
  const o1 = await prisma.objective.create({
    data: {
      agencyId: agency.id,
      planId: plan.id,
      code: "O1",
      title: "Make it easy to open a business",
      departmentId: departments.CM!,
      position: 0,
    },
  });
  objectives.O1 = o1.id;
  const o11 = await prisma.objective.create({
    data: {
      agencyId: agency.id,
      planId: plan.id,
      code: "O1.1",
      title: "Faster reviews",
      departmentId: departments.PLN!,
      parentId: o1.id,
      position: 0,
    },
  });
  objectives["O1.1"] = o11.id;
  const o2 = await prisma.objective.create({
    data: {
      agencyId: agency.id,
      planId: plan.id,
      code: "O2",
      title: "Better streets",
      departmentId: departments.PW!,
      position: 1,
    },
  });
  objectives.O2 = o2.id;
  const keyResults: Record<string, string> = {};
  const krRows = [
    {
      code: "O1.KR1",
      objectiveId: o1.id,
      kind: "metric",
      kpiId: kpis["permits.median_days"]!,
      startValue: 30,
      targetValue: 15,
      weight: 2,
      position: 0,
    },
    { code: "O1.KR2", objectiveId: o1.id, kind: "milestone", progress: 0.4, position: 1 },
    { code: "O1.KR3", objectiveId: o1.id, kind: "qualitative", zone: "commit", position: 2 },
    {
      code: "O1.1.KR1",
      objectiveId: o11.id,
      kind: "metric",
      kpiId: kpis["permits.issued"]!,
      startValue: 50,
      targetValue: 150,
      position: 0,
    },
    {
      code: "O2.KR1",
      objectiveId: o2.id,
      kind: "metric",
      kpiId: kpis["streets.potholes"]!,
      startValue: 100,
      targetValue: 600,
      position: 0,
    },
  ] as const;
  for (const kr of krRows) {
    const row = await prisma.keyResult.create({ data: { agencyId: agency.id, title: kr.code, ...kr } });
    keyResults[kr.code] = row.id;
  }
  const users: Record<string, string> = {};
  const principal = (role: Role, department?: string): Principal => {
    const key = `${role}:${department ?? ""}`;
    users[key] ??= `00000000-0000-4000-8000-${String(Object.keys(users).length + 1).padStart(12, "0")}`;
    return {
      kind: "user",
      userId: users[key]!,
      agencyId: agency.id,
      role,
      departmentId: department ? departments[department]! : null,
      label: `${role.toLowerCase()}@${slug}`,
    };
  };
  const tokens: Record<string, string> = {};
  const token = (scopes: readonly TokenScope[], department?: string): Principal => {
    const key = `${[...scopes].sort().join(",")}:${department ?? ""}`;
    tokens[key] ??= `00000000-0000-4000-9000-${String(Object.keys(tokens).length + 1).padStart(12, "0")}`;
    return {
      kind: "token",
      tokenId: tokens[key]!,
      agencyId: agency.id,
      scopes,
      departmentId: department ? departments[department]! : null,
      label: `token ${key}@${slug}`,
    };
  };
  await refreshAgencyHealth(agency.id, getTodayUtc());
  return { agencyId: agency.id, slug, departments, kpis, objectives, keyResults, links, principal, token };
}

/** The stored health of an agency, node by node ("kpi:permits.issued" → the node as the API reports it). */
export async function readStoredHealth(agencyId: string): Promise<Record<string, Record<string, unknown>>> {
  const rows = await getPrisma().healthResult.findMany({
    where: { agencyId },
    select: { nodeKey: true, result: true },
  });
  return Object.fromEntries(rows.map((row) => [row.nodeKey, row.result as Record<string, unknown>]));
}

/** Remembers an agency's audit events now; `newEvents()` lists the ones written since, oldest first. */
export async function watchAudit(agencyId: string) {
  const prisma = getPrisma();
  const seen = new Set(
    (await prisma.auditEvent.findMany({ where: { agencyId }, select: { id: true } })).map((event) => event.id),
  );
  return {
    newEvents: async () =>
      (await prisma.auditEvent.findMany({ where: { agencyId }, orderBy: { createdAt: "asc" } })).filter(
        (event) => !seen.has(event.id),
      ),
  };
}

/**
 * The stored health of an agency next to a full recomputation from what the database holds — the model read by an
 * independent loader (./independent-model.ts) and the stored rows read directly, so that neither side goes through
 * the production code the comparison checks.
 */
export async function compareStoredHealthWithFullRecompute(agencyId: string) {
  const asOf = getTodayUtc();
  const expected = recomputeAll(await loadModelIndependently(agencyId), asOf);
  const rows = await getPrisma().$queryRaw<{ nodeKey: string; result: unknown; explanation: unknown }[]>`
    SELECT "nodeKey", result, explanation FROM "HealthResult" WHERE "agencyId" = ${agencyId}::uuid`;
  const stored = new Map(rows.map((row) => [row.nodeKey, { node: row.result, explanation: row.explanation }]));
  const toPlain = (results: ReadonlyMap<string, unknown>) =>
    Object.fromEntries(
      [...results.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => [key, JSON.parse(JSON.stringify(value))]),
    );
  return { stored: toPlain(stored), expected: toPlain(expected) };
}

export async function countRows(agencyId: string) {
  const prisma = getPrisma();
  const where = { agencyId };
  const [kpis, links, objectives, keyResults, measurements, revisions, commentary, audit, targets, plans, recycleBin] =
    await Promise.all([
      prisma.kpi.count({ where }),
      prisma.driverLink.count({ where }),
      prisma.objective.count({ where }),
      prisma.keyResult.count({ where }),
      prisma.measurement.count({ where }),
      prisma.measurementRevision.count({ where }),
      prisma.commentary.count({ where }),
      prisma.auditEvent.count({ where }),
      prisma.kpiTarget.count({ where }),
      prisma.plan.count({ where }),
      prisma.recycleBinEntry.count({ where }),
    ]);
  const health = await prisma.healthResult.findMany({
    where,
    orderBy: { nodeKey: "asc" },
    select: { nodeKey: true, result: true },
  });
  return {
    kpis,
    links,
    objectives,
    keyResults,
    measurements,
    revisions,
    commentary,
    audit,
    targets,
    plans,
    recycleBin,
    health: JSON.stringify(health),
  };
}

/**
 * Everything an agency holds, row by row (counts, every column of every tree row, stored health and the audit
 * log): equal snapshots before and after a refused call prove that it changed nothing, not even a field.
 */
export async function snapshotAgency(agencyId: string) {
  const prisma = getPrisma();
  const where = { agencyId };
  const orderBy = { id: "asc" } as const;
  const [
    agency,
    departments,
    plans,
    kpis,
    targets,
    links,
    formulaRefs,
    objectives,
    keyResults,
    measurements,
    revisions,
    commentary,
  ] = await Promise.all([
    prisma.agency.findUniqueOrThrow({ where: { id: agencyId } }),
    prisma.department.findMany({ where, orderBy }),
    prisma.plan.findMany({ where, orderBy }),
    prisma.kpi.findMany({ where, orderBy }),
    prisma.kpiTarget.findMany({ where, orderBy }),
    prisma.driverLink.findMany({ where, orderBy }),
    prisma.formulaReference.findMany({ where, orderBy: [{ kpiId: "asc" }, { referencedKpiId: "asc" }] }),
    prisma.objective.findMany({ where, orderBy }),
    prisma.keyResult.findMany({ where, orderBy }),
    prisma.measurement.findMany({ where, orderBy }),
    prisma.measurementRevision.findMany({ where, orderBy }),
    prisma.commentary.findMany({ where, orderBy }),
  ]);
  const rows = {
    agency,
    departments,
    plans,
    kpis,
    targets,
    links,
    formulaRefs,
    objectives,
    keyResults,
    measurements,
    revisions,
    commentary,
  };
  return { ...(await countRows(agencyId)), rows: JSON.stringify(rows) };
}
