import "server-only";
import {
  createHealthModel,
  formatPeriodKey,
  getPeriodContainingDate,
  type HealthModel,
  type HealthResults,
  type NodeId,
  type NodeResult,
  toKeyResultNodeId,
  toKpiNodeId,
  toObjectiveNodeId,
} from "@/lib/domain";
import { Prisma } from "@/lib/generated/prisma/client";
import { NotFoundError } from "@/lib/errors";
import { toIsoDate } from "@/lib/dates";
import type { Tx } from "./access";
import { toAgencyThresholds, toKpiThresholds } from "./thresholds";

// The bridge between stored rows and the engine: rows → the engine's plain model, and the
// engine's results → stored HealthResult rows that pages and the API read.

export type AgencyRow = {
  id: string;
  fiscalYearStartMonth: number;
  onTrackThreshold: number;
  atRiskThreshold: number;
  healthAsOf: Date | null;
};

/** The agency's row as writes and recomputations need it, with the data version every write bumps. */
export type LockedAgencyRow = AgencyRow & { dataVersion: number };

/**
 * Reads the agency's row; `lock` takes the row lock every tree write, measurement batch, admin write and stored
 * recomputation takes, so that writes of one agency serialize across servers.
 */
export async function readAgencyRow(
  db: Tx,
  agencyId: string,
  { lock }: { lock: boolean },
): Promise<LockedAgencyRow | undefined> {
  const rows = await db.$queryRaw<LockedAgencyRow[]>`
    SELECT id::text AS id, "fiscalYearStartMonth", "onTrackThreshold", "atRiskThreshold", "healthAsOf", "dataVersion"
    FROM "Agency" WHERE id = ${agencyId}::uuid ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`;
  return rows[0];
}

/** Locks the agency's row (readAgencyRow); an unknown agency is not found. */
export async function lockAgencyRow(db: Tx, agencyId: string): Promise<LockedAgencyRow> {
  const agency = await readAgencyRow(db, agencyId, { lock: true });
  if (!agency) throw new NotFoundError();
  return agency;
}

const kpiSelect = {
  id: true,
  code: true,
  ipo: true,
  direction: true,
  frequency: true,
  aggregation: true,
  baseline: true,
  target: true,
  tolerance: true,
  onTrackThreshold: true,
  atRiskThreshold: true,
  formula: true,
  lagDays: true,
  minValue: true,
  maxValue: true,
} as const;
const kpiOrder = [{ createdAt: "asc" as const }, { code: "asc" as const }];
const linkSelect = {
  weight: true,
  polarity: true,
  fromKpi: { select: { code: true } },
  toKpi: { select: { code: true } },
} as const;
const linkOrder = [{ createdAt: "asc" as const }, { id: "asc" as const }];
const objectiveSelect = { id: true, code: true, planId: true, parentId: true, weight: true } as const;
const siblingOrder = [{ position: "asc" as const }, { code: "asc" as const }];
const keyResultSelect = {
  code: true,
  objectiveId: true,
  kind: true,
  kpi: { select: { code: true } },
  startValue: true,
  targetValue: true,
  startDate: true,
  dueDate: true,
  weight: true,
  progress: true,
  zone: true,
} as const;

type ModelRows = {
  plans: { id: string; startDate: Date; endDate: Date }[];
  kpis: {
    id: string;
    code: string;
    ipo: HealthModel["kpis"][number]["ipo"];
    direction: HealthModel["kpis"][number]["direction"];
    frequency: HealthModel["kpis"][number]["frequency"];
    aggregation: HealthModel["kpis"][number]["aggregation"];
    baseline: number | null;
    target: number | null;
    tolerance: number;
    onTrackThreshold: number | null;
    atRiskThreshold: number | null;
    formula: string | null;
    lagDays: number;
    minValue: number | null;
    maxValue: number | null;
  }[];
  targets: { kpiId: string; period: string; value: number }[];
  links: { weight: number; polarity: "positive" | "negative"; fromKpi: { code: string }; toKpi: { code: string } }[];
  /** Every objective the key results and objectives below refer to, in sibling order. */
  objectives: { id: string; code: string; planId: string; parentId: string | null; weight: number }[];
  keyResults: {
    code: string;
    objectiveId: string;
    kind: "metric" | "milestone" | "qualitative";
    kpi: { code: string } | null;
    startValue: number | null;
    targetValue: number | null;
    startDate: Date | null;
    dueDate: Date | null;
    weight: number;
    progress: number | null;
    zone: "fail" | "commit" | "target" | "stretch" | null;
  }[];
  /** Each KPI's measurements as { period: value }, by KPI id (KPIs with none are left out). */
  series: SeriesRow[];
};

type SeriesRow = { kpiId: string; series: string };

function buildModel(agency: AgencyRow, rows: ModelRows): HealthModel {
  const kpiCodeById = new Map(rows.kpis.map((kpi) => [kpi.id, kpi.code]));
  const targetsByKpi = new Map<string, Record<string, number>>();
  for (const row of rows.targets) {
    const record = targetsByKpi.get(row.kpiId) ?? {};
    record[row.period] = row.value;
    targetsByKpi.set(row.kpiId, record);
  }
  const series: Record<string, Record<string, number>> = {};
  for (const row of rows.series) {
    const code = kpiCodeById.get(row.kpiId);
    if (code !== undefined) series[code] = JSON.parse(row.series) as Record<string, number>;
  }
  const planById = new Map(rows.plans.map((plan) => [plan.id, plan]));
  const objectiveById = new Map(rows.objectives.map((objective) => [objective.id, objective]));
  const firstPlan = rows.plans[0];

  return createHealthModel({
    agency: {
      fiscalYearStartMonth: agency.fiscalYearStartMonth,
      thresholds: toAgencyThresholds(agency),
    },
    // Key results below carry their own plan's dates, so this default only matters when
    // the agency has no plan at all (and then there is nothing that uses it).
    plan: firstPlan
      ? { start: toIsoDate(firstPlan.startDate), end: toIsoDate(firstPlan.endDate) }
      : { start: "2000-01-01", end: "2000-12-31" },
    kpis: rows.kpis.map((kpi) => ({
      code: kpi.code,
      ipo: kpi.ipo,
      direction: kpi.direction,
      frequency: kpi.frequency,
      aggregation: kpi.aggregation,
      baseline: kpi.baseline,
      target: kpi.target,
      targets: targetsByKpi.get(kpi.id) ?? {},
      tolerance: kpi.tolerance,
      thresholds: toKpiThresholds(kpi),
      formula: kpi.formula,
      lagDays: kpi.lagDays,
      min: kpi.minValue,
      max: kpi.maxValue,
    })),
    links: rows.links.map((link) => ({
      from: link.fromKpi.code,
      to: link.toKpi.code,
      weight: link.weight,
      polarity: link.polarity,
    })),
    objectives: rows.objectives.map((objective) => ({
      code: objective.code,
      // A parent outside a partial model is left out: nothing there is recomputed.
      parent: objective.parentId ? (objectiveById.get(objective.parentId)?.code ?? null) : null,
      weight: objective.weight,
    })),
    keyResults: rows.keyResults.map((keyResult) => {
      const objective = objectiveById.get(keyResult.objectiveId);
      const plan = objective ? planById.get(objective.planId) : undefined;
      return {
        code: keyResult.code,
        objective: objective?.code ?? "",
        kind: keyResult.kind,
        kpi: keyResult.kpi?.code ?? null,
        start: keyResult.startValue,
        target: keyResult.targetValue,
        // A key result's dates default to its own plan's (spec/health.md).
        startDate: keyResult.startDate ? toIsoDate(keyResult.startDate) : plan ? toIsoDate(plan.startDate) : null,
        dueDate: keyResult.dueDate ? toIsoDate(keyResult.dueDate) : plan ? toIsoDate(plan.endDate) : null,
        weight: keyResult.weight,
        progress: keyResult.progress,
        zone: keyResult.zone,
      };
    }),
    measurements: series,
  });
}

/** Loads an agency's whole tree as the engine's model. */
export async function loadHealthModel(db: Tx, agency: AgencyRow): Promise<HealthModel> {
  const agencyId = agency.id;
  // One after another: a transaction is one connection, and pg queues (and will refuse)
  // overlapping queries on one connection anyway.
  const plans = await db.plan.findMany({ where: { agencyId }, select: planSelect, orderBy: { startDate: "asc" } });
  const kpis = await db.kpi.findMany({ where: { agencyId }, orderBy: kpiOrder, select: kpiSelect });
  const targets = await db.kpiTarget.findMany({
    where: { agencyId },
    select: { kpiId: true, period: true, value: true },
  });
  // Raw joins rather than relation selects: Prisma would fetch the 20,000 links' KPI codes with two more queries.
  const linkRows = await db.$queryRaw<
    { weight: number; polarity: "positive" | "negative"; from: string; to: string }[]
  >`
    SELECT l.weight, l.polarity::text AS polarity, f.code AS "from", t.code AS "to"
    FROM "DriverLink" l JOIN "Kpi" f ON f.id = l."fromKpiId" JOIN "Kpi" t ON t.id = l."toKpiId"
    WHERE l."agencyId" = ${agencyId}::uuid
    ORDER BY l."createdAt", l.id`;
  const links = linkRows.map(({ weight, polarity, from, to }) => ({
    weight,
    polarity,
    fromKpi: { code: from },
    toKpi: { code: to },
  }));
  const objectives = await db.objective.findMany({
    where: { agencyId },
    orderBy: siblingOrder,
    select: objectiveSelect,
  });
  const keyResults = await db.keyResult.findMany({
    where: { agencyId },
    orderBy: siblingOrder,
    select: keyResultSelect,
  });
  const series = await db.$queryRaw<
    SeriesRow[]
  >`${SERIES_SELECT} WHERE "agencyId" = ${agencyId}::uuid GROUP BY "kpiId"`;
  return buildModel(agency, { plans, kpis, targets, links, objectives, keyResults, series });
}

const planSelect = { id: true, startDate: true, endDate: true } as const;

// Measurements arrive one JSON object per KPI, { period: value }, rather than one row per value: a tree's whole
// history is a few hundred thousand values. PostgreSQL writes float8 in the shortest form that reads back as the same
// number, so JSON.parse gives the stored doubles exactly.
const SERIES_SELECT = Prisma.sql`
  SELECT "kpiId"::text AS "kpiId", json_object_agg(period, value)::text AS series FROM "Measurement"`;

/**
 * The part of the tree that new measurements of `kpiIds` can reach, with everything the
 * engine reads to recompute it — so that a write's cost follows what it reaches, not the
 * size of the tree:
 * - reached KPIs: the KPIs themselves, the formula KPIs naming them (transitively), the KPIs
 *   they drive, and onwards through driven KPIs that are composite as of `asOf` (their
 *   health is their drivers'), with measurements and targets;
 * - the formula inputs of reached formula KPIs (transitively), with measurements;
 * - the drivers of reached KPIs, the key results tracking reached KPIs, their objectives and
 *   all ancestors, and every child (key result or objective) of those objectives — as
 *   definitions only: their stored results stand in for them.
 * The engine then recomputes exactly the nodes the change reaches within this model, which
 * are the nodes it reaches in the whole tree.
 */
export async function loadModelReachedByMeasurements(
  db: Tx,
  agency: AgencyRow,
  kpiIds: readonly string[],
  asOf: string,
): Promise<HealthModel> {
  const agencyId = agency.id;
  const currentKey = (frequency: "monthly" | "quarterly" | "annual") =>
    formatPeriodKey(getPeriodContainingDate(asOf, frequency, agency.fiscalYearStartMonth));
  // Period keys of one frequency sort as text in calendar order, so "started on or before
  // asOf" is `period <= the key of the period containing asOf`.
  const reached = await db.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE reach(id, continues) AS (
      SELECT s.id, true FROM unnest(${[...kpiIds]}::uuid[]) AS s(id)
      UNION
      SELECT next.id, next.continues
      FROM reach r
      CROSS JOIN LATERAL (
        SELECT fr."kpiId" AS id, true AS continues
        FROM "FormulaReference" fr WHERE fr."referencedKpiId" = r.id
        UNION ALL
        SELECT l."toKpiId", (k.formula IS NULL AND NOT EXISTS (
                 SELECT 1 FROM "Measurement" m
                 WHERE m."kpiId" = k.id
                   AND m.period <= CASE k.frequency WHEN 'monthly' THEN ${currentKey("monthly")}
                                                    WHEN 'quarterly' THEN ${currentKey("quarterly")}
                                                    ELSE ${currentKey("annual")} END))
        FROM "DriverLink" l JOIN "Kpi" k ON k.id = l."toKpiId" WHERE l."fromKpiId" = r.id
      ) AS next
      WHERE r.continues
    )
    SELECT DISTINCT id::text AS id FROM reach`;
  const reachedIds = reached.map((row) => row.id);

  const inputs = await db.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE inputs(id) AS (
      SELECT fr."referencedKpiId" FROM "FormulaReference" fr WHERE fr."kpiId" = ANY(${reachedIds}::uuid[])
      UNION
      SELECT fr."referencedKpiId" FROM "FormulaReference" fr JOIN inputs i ON fr."kpiId" = i.id
    )
    SELECT id::text AS id FROM inputs`;
  const measuredIds = [...new Set([...reachedIds, ...inputs.map((row) => row.id)])];

  const objectiveRows = await db.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE chain(id, "parentId") AS (
      SELECT o.id, o."parentId" FROM "Objective" o
      WHERE o.id IN (SELECT kr."objectiveId" FROM "KeyResult" kr WHERE kr."kpiId" = ANY(${reachedIds}::uuid[]))
      UNION
      SELECT o.id, o."parentId" FROM "Objective" o JOIN chain c ON o.id = c."parentId"
    )
    SELECT id::text AS id FROM chain`;
  const chainIds = objectiveRows.map((row) => row.id);

  const plans = await db.plan.findMany({ where: { agencyId }, select: planSelect, orderBy: { startDate: "asc" } });
  const links = await db.driverLink.findMany({
    where: { agencyId, toKpiId: { in: reachedIds } },
    orderBy: linkOrder,
    select: { ...linkSelect, fromKpiId: true },
  });
  const keyResults = await db.keyResult.findMany({
    where: { agencyId, objectiveId: { in: chainIds } },
    orderBy: siblingOrder,
    select: { ...keyResultSelect, kpiId: true },
  });
  const childObjectives = await db.objective.findMany({
    where: { agencyId, OR: [{ id: { in: chainIds } }, { parentId: { in: chainIds } }] },
    orderBy: siblingOrder,
    select: objectiveSelect,
  });
  const definitionIds = new Set(measuredIds);
  for (const link of links) definitionIds.add(link.fromKpiId);
  for (const keyResult of keyResults) if (keyResult.kpiId) definitionIds.add(keyResult.kpiId);
  const kpiIdList = [...definitionIds];
  const kpis = await db.kpi.findMany({
    where: { agencyId, id: { in: kpiIdList } },
    orderBy: kpiOrder,
    select: kpiSelect,
  });
  const targets = await db.kpiTarget.findMany({
    where: { kpiId: { in: kpiIdList } },
    select: { kpiId: true, period: true, value: true },
  });
  const series = await db.$queryRaw<SeriesRow[]>`
    ${SERIES_SELECT} WHERE "kpiId" = ANY(${measuredIds}::uuid[]) GROUP BY "kpiId"`;
  return buildModel(agency, { plans, kpis, targets, links, objectives: childObjectives, keyResults, series });
}

/**
 * The stored results of an agency (or of the nodes of a partial model, or of the nodes named), as the engine returns
 * them.
 */
export async function loadStoredResults(
  db: Tx,
  agencyId: string,
  nodes?: HealthModel | readonly NodeId[],
): Promise<Map<NodeId, NodeResult>> {
  const nodeKeys =
    nodes === undefined
      ? null
      : Array.isArray(nodes)
        ? nodes
        : [
            ...(nodes as HealthModel).kpis.map((kpi) => toKpiNodeId(kpi.code)),
            ...(nodes as HealthModel).keyResults.map((keyResult) => toKeyResultNodeId(keyResult.code)),
            ...(nodes as HealthModel).objectives.map((objective) => toObjectiveNodeId(objective.code)),
          ];
  const rows = await db.healthResult.findMany({
    where: nodeKeys ? { agencyId, nodeKey: { in: [...nodeKeys] } } : { agencyId },
    select: { nodeKey: true, result: true, explanation: true },
  });
  const results = new Map<NodeId, NodeResult>();
  for (const row of rows) {
    results.set(row.nodeKey as NodeId, { node: row.result, explanation: row.explanation } as unknown as NodeResult);
  }
  return results;
}

/**
 * Marks the agency's data as changed: public pages and page caches rebuild at the next request (lib/dal/public-read.ts,
 * loadChangeMarker), and a refresh that read the tree before knows it is outdated. Raised once per write, by the
 * health service (lib/dal/health/service.ts) and by writes that cannot change health (admin-write.ts).
 */
export async function bumpDataVersion(db: Tx, agencyId: string): Promise<void> {
  await db.$executeRaw`UPDATE "Agency" SET "dataVersion" = "dataVersion" + 1 WHERE id = ${agencyId}::uuid`;
}

/**
 * Writes results in one statement, whatever their number, so a write's statement count does not grow with the tree.
 * `removed` drops the rows of nodes that no longer exist. The rows travel as one JSON text that PostgreSQL takes
 * apart (json_to_recordset): a full recomputation sends ~10 MB of results and explanations, and one string is far
 * cheaper to send than arrays of JSON strings, whose every quote the driver would escape.
 */
export async function storeResults(
  db: Tx,
  agencyId: string,
  results: Iterable<[NodeId, NodeResult]>,
  asOf: string,
  removed: readonly NodeId[] = [],
): Promise<number> {
  const rows: StoredRow[] = [];
  for (const [nodeId, result] of results) {
    const node = result.node;
    rows.push({
      key: nodeId,
      kind: node.kind,
      code: node.code,
      status: node.status,
      health: node.health,
      progress: node.kind === "kpi" ? null : node.progress,
      node,
      explanation: result.explanation,
    });
  }
  if (removed.length > 0) {
    await db.$executeRaw`DELETE FROM "HealthResult" WHERE "agencyId" = ${agencyId}::uuid AND "nodeKey" = ANY(${[...removed]}::text[])`;
  }
  if (rows.length === 0) return 0;
  await db.$executeRaw`
    INSERT INTO "HealthResult"
      ("agencyId", "nodeKey", "nodeKind", "code", "status", "health", "progress", "result", "explanation", "asOf", "computedAt")
    SELECT ${agencyId}::uuid, t.key, t.kind::"NodeKind", t.code, t.status::"HealthStatus", t.health, t.progress,
           t.node, t.explanation, ${asOf}::date, now()
    FROM json_to_recordset(${JSON.stringify(rows)}::json)
         AS t(key text, kind text, code text, status text, health float8, progress float8, node jsonb, explanation jsonb)
    ON CONFLICT ("agencyId", "nodeKey") DO UPDATE SET
      "nodeKind" = EXCLUDED."nodeKind", "code" = EXCLUDED."code", "status" = EXCLUDED."status",
      "health" = EXCLUDED."health", "progress" = EXCLUDED."progress", "result" = EXCLUDED."result",
      "explanation" = EXCLUDED."explanation", "asOf" = EXCLUDED."asOf", "computedAt" = now()`;
  return rows.length;
}

type StoredRow = {
  key: NodeId;
  kind: string;
  code: string;
  status: string;
  health: number | null;
  progress: number | null;
  node: NodeResult["node"];
  explanation: NodeResult["explanation"];
};

/** Replaces every stored result of the agency with a full recomputation's. */
export async function replaceAllResults(
  db: Tx,
  agencyId: string,
  results: HealthResults,
  asOf: string,
): Promise<number> {
  await db.$executeRaw`DELETE FROM "HealthResult" WHERE "agencyId" = ${agencyId}::uuid`;
  const count = await storeResults(db, agencyId, results.entries(), asOf);
  await db.agency.update({ where: { id: agencyId }, data: { healthAsOf: new Date(`${asOf}T00:00:00Z`) } });
  return count;
}
