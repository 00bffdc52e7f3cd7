import "server-only";
import { getPrisma } from "@/lib/db";
import type { Principal } from "@/lib/auth/permissions";
import {
  formatIsoDate,
  getPeriodContainingDate,
  getPeriodStartDay,
  recomputeAll,
  requireIsoDate,
  toKeyResultNodeId,
  toKpiNodeId,
  toObjectiveNodeId,
  type ObjectiveExplanation,
  type ObjectiveHealthNode,
  type Status,
} from "@/lib/domain";
import { getBranchDepartmentIds, requirePermission, type Tx } from "./access";
import {
  computeVisibility,
  loadAgencySettings,
  loadChangeMarker,
  loadStoredNodes,
  loadTreeStructure,
  type AgencySettingsDto,
  type Scope,
  type TreeStructure,
  type Visibility,
} from "./branch-read";
import { loadHealthModel } from "./health-store";

// The executive scorecard and the objective page. Both read stored health. The one thing
// not stored is history, so the scorecard's trend asks the engine for the top objectives'
// health as of the last day of each of the previous months (spec/health.md computes any
// date); that is a read of the engine, never a write of health.

export const TREND_MONTHS = 6;

export type TrendPoint = { asOf: string; health: number | null };

export type ScorecardObjective = {
  code: string;
  title: string;
  department: string | null;
  health: ObjectiveHealthNode | null;
  /** Oldest first, ending with the stored health. */
  trend: TrendPoint[];
  /** Health now minus health as of the end of the previous month; null when either is missing. */
  change: number | null;
};

export type AttentionItem = {
  kind: "objective" | "keyResult" | "kpi";
  code: string;
  name: string;
  department: string | null;
  status: Status;
  isStale: boolean;
  /** Whether the caller may open its page (a department head: their branch only). */
  isOpenable: boolean;
};

export type StatusCounts = Record<Status, number>;

export type ScorecardDto = {
  agency: AgencySettingsDto;
  plan: { code: string; name: string } | null;
  previousMonthEnd: string | null;
  objectives: ScorecardObjective[];
  counts: { objectives: StatusCounts; keyResults: StatusCounts; kpis: StatusCounts };
  attention: AttentionItem[];
};

const emptyCounts = (): StatusCounts => ({ ON_TRACK: 0, AT_RISK: 0, OFF_TRACK: 0, NO_DATA: 0, NO_TARGET: 0 });

/** The last day of each of the `count` months before the one containing `asOf`, oldest first. */
export function listPreviousMonthEnds(asOf: string, count: number): string[] {
  const month = getPeriodContainingDate(asOf, "monthly", 1);
  const ends: string[] = [];
  for (let back = count; back >= 1; back--) {
    ends.push(formatIsoDate(getPeriodStartDay({ frequency: "monthly", index: month.index - back + 1 }, 1) - 1));
  }
  return ends;
}

async function loadAgencyRow(db: Tx, agencyId: string) {
  return db.agency.findUnique({
    where: { id: agencyId },
    select: { id: true, fiscalYearStartMonth: true, onTrackThreshold: true, atRiskThreshold: true, healthAsOf: true },
  });
}

function departmentNames(db: Tx, agencyId: string) {
  return db.department
    .findMany({ where: { agencyId }, select: { id: true, name: true } })
    .then((rows) => new Map(rows.map((row) => [row.id, row.name])));
}

/** Each node's status (and a KPI's staleness), read from the stored results without parsing them whole. */
async function loadStatuses(db: Tx, agencyId: string): Promise<Map<string, { status: Status; stale: boolean }>> {
  const rows = await db.$queryRaw<{ nodeKey: string; status: Status; stale: boolean | null }[]>`
    SELECT "nodeKey", status::text AS status, (result->>'stale')::boolean AS stale
    FROM "HealthResult" WHERE "agencyId" = ${agencyId}::uuid`;
  return new Map(rows.map((row) => [row.nodeKey, { status: row.status, stale: row.stale ?? false }]));
}

export async function getScorecard(principal: Principal | null | undefined): Promise<ScorecardDto | null> {
  const caller = requirePermission(principal, "tree:read");
  const db = getPrisma();
  const agencyId = caller.agencyId;
  const [settings, plans, structure, stored, branch, departments, kpiRows] = await Promise.all([
    loadAgencySettings(db, agencyId),
    db.plan.findMany({
      where: { agencyId },
      select: { id: true, code: true, name: true },
      orderBy: [{ startDate: "asc" }, { code: "asc" }],
    }),
    loadTreeStructure(db, agencyId),
    loadStatuses(db, agencyId),
    getBranchDepartmentIds(db, caller),
    departmentNames(db, agencyId),
    db.kpi.findMany({ where: { agencyId }, select: { id: true, departmentId: true } }),
  ]);
  if (!settings) return null;
  const visibility = computeVisibility(structure, branch);
  const plan = plans.find((candidate) => structure.objectives.some((o) => o.planId === candidate.id)) ?? plans[0];
  const objectives = structure.objectives.filter(
    (o) => (!plan || o.planId === plan.id) && visibility.objective(o.id) !== null,
  );
  const top = objectives.filter((o) => o.parentId === null);

  const counts = { objectives: emptyCounts(), keyResults: emptyCounts(), kpis: emptyCounts() };
  const attention: AttentionItem[] = [];
  const objectiveById = new Map(structure.objectives.map((o) => [o.id, o]));
  const kpiDepartment = new Map(kpiRows.map((kpi) => [kpi.id, kpi.departmentId]));
  const isFull = (scope: Scope | null) => scope === "full";

  for (const objective of objectives) {
    const node = stored.get(toObjectiveNodeId(objective.code));
    if (!node) continue;
    counts.objectives[node.status] += 1;
    if (node.status === "OFF_TRACK") {
      attention.push({
        kind: "objective",
        code: objective.code,
        name: objective.title,
        department: objective.departmentId ? (departments.get(objective.departmentId) ?? null) : null,
        status: node.status,
        isStale: false,
        isOpenable: true,
      });
    }
  }
  const objectiveIds = new Set(objectives.map((o) => o.id));
  for (const keyResult of structure.keyResults) {
    if (!objectiveIds.has(keyResult.objectiveId) || visibility.keyResult(keyResult.id) === null) continue;
    const node = stored.get(toKeyResultNodeId(keyResult.code));
    if (!node) continue;
    counts.keyResults[node.status] += 1;
    if (node.status === "OFF_TRACK") {
      const departmentId = objectiveById.get(keyResult.objectiveId)?.departmentId ?? null;
      attention.push({
        kind: "keyResult",
        code: keyResult.code,
        name: keyResult.title,
        department: departmentId ? (departments.get(departmentId) ?? null) : null,
        status: node.status,
        isStale: false,
        isOpenable: true,
      });
    }
  }
  for (const kpi of structure.kpis) {
    const scope = visibility.kpi(kpi.id);
    if (scope === null) continue;
    const node = stored.get(toKpiNodeId(kpi.code));
    if (!node) continue;
    counts.kpis[node.status] += 1;
    if (node.status === "OFF_TRACK" || node.stale) {
      attention.push({
        kind: "kpi",
        code: kpi.code,
        name: kpi.name,
        department: departments.get(kpiDepartment.get(kpi.id) ?? "") ?? null,
        status: node.status,
        isStale: node.stale,
        isOpenable: isFull(scope),
      });
    }
  }
  // Red first, then stale; objectives, key results, then KPIs; by name.
  const kindRank = { objective: 0, keyResult: 1, kpi: 2 } as const;
  attention.sort(
    (a, b) =>
      Number(b.status === "OFF_TRACK") - Number(a.status === "OFF_TRACK") ||
      kindRank[a.kind] - kindRank[b.kind] ||
      a.name.localeCompare(b.name),
  );

  const [trends, topNodes] = await Promise.all([
    computeTrends(
      db,
      agencyId,
      settings.asOf,
      top.map((o) => o.code),
    ),
    loadStoredNodes(
      db,
      agencyId,
      top.map((o) => toObjectiveNodeId(o.code)),
    ),
  ]);
  const previousMonthEnd = settings.asOf ? listPreviousMonthEnds(settings.asOf, 1)[0]! : null;
  return {
    agency: settings,
    plan: plan ? { code: plan.code, name: plan.name } : null,
    previousMonthEnd,
    objectives: top.map((objective) => {
      const node = topNodes.get(toObjectiveNodeId(objective.code));
      const health = node?.kind === "objective" ? node : null;
      const past = trends.get(objective.code) ?? [];
      const trend = [...past, { asOf: settings.asOf ?? "", health: health?.health ?? null }];
      const previous = past[past.length - 1]?.health ?? null;
      return {
        code: objective.code,
        title: objective.title,
        department: objective.departmentId ? (departments.get(objective.departmentId) ?? null) : null,
        health,
        trend,
        change: previous !== null && health?.health != null ? health.health - previous : null,
      };
    }),
    counts,
    attention,
  };
}

// Past health changes only when the tree or its data does, and every such write leaves an
// audit event: trends are remembered per agency, date and change marker, so a server
// recomputes them once per change rather than on every visit. A cache of database state, not
// state of its own: any server recomputes the same figures.
const trendCache = new Map<string, Map<string, TrendPoint[]>>();
const TREND_CACHE_SIZE = 50;

/** Each objective's health as of the end of each of the previous TREND_MONTHS months. */
async function computeTrends(
  db: Tx,
  agencyId: string,
  asOf: string | null,
  codes: readonly string[],
): Promise<Map<string, TrendPoint[]>> {
  const empty = new Map<string, TrendPoint[]>(codes.map((code) => [code, []]));
  if (asOf === null || codes.length === 0) return empty;
  const key = `${agencyId}|${asOf}|${await loadChangeMarker(db, agencyId)}`;
  const cached = trendCache.get(key);
  if (cached && codes.every((code) => cached.has(code))) return cached;
  const trends = await computeTrendsUncached(db, agencyId, asOf, codes);
  if (trendCache.size >= TREND_CACHE_SIZE) trendCache.delete(trendCache.keys().next().value!);
  trendCache.set(key, trends);
  return trends;
}

async function computeTrendsUncached(
  db: Tx,
  agencyId: string,
  asOf: string,
  codes: readonly string[],
): Promise<Map<string, TrendPoint[]>> {
  const trends = new Map<string, TrendPoint[]>(codes.map((code) => [code, []]));
  const agency = await loadAgencyRow(db, agencyId);
  if (!agency) return trends;
  const model = await loadHealthModel(db, agency);
  for (const date of listPreviousMonthEnds(asOf, TREND_MONTHS)) {
    // Before the plan began there is nothing to show.
    if (requireIsoDate(date) < requireIsoDate(model.plan.start)) continue;
    const results = recomputeAll(model, date);
    for (const code of codes) {
      const result = results.get(toObjectiveNodeId(code));
      trends.get(code)!.push({ asOf: date, health: result?.node.health ?? null });
    }
  }
  return trends;
}

export type ObjectiveChildRow = {
  kind: "keyResult" | "objective";
  code: string;
  title: string;
  weight: number;
  status: Status | null;
  health: number | null;
  progress: number | null;
  kpi: { code: string; name: string; isOpenable: boolean } | null;
  keyResultKind: "metric" | "milestone" | "qualitative" | null;
};

export type ObjectivePageDto = {
  agency: AgencySettingsDto;
  scope: Scope;
  objective: {
    code: string;
    title: string;
    description: string;
    department: string | null;
    parent: { code: string; title: string } | null;
  };
  health: ObjectiveHealthNode | null;
  explanation: ObjectiveExplanation | null;
  children: ObjectiveChildRow[];
  commentary: { id: string; period: string | null; body: string; author: string; createdAt: string }[];
};

export async function getObjectivePage(
  principal: Principal | null | undefined,
  code: string,
): Promise<ObjectivePageDto | null> {
  const caller = requirePermission(principal, "tree:read");
  const db = getPrisma();
  const agencyId = caller.agencyId;
  const [settings, structure, branch, departments] = await Promise.all([
    loadAgencySettings(db, agencyId),
    loadTreeStructure(db, agencyId),
    getBranchDepartmentIds(db, caller),
    departmentNames(db, agencyId),
  ]);
  const row = structure.objectives.find((objective) => objective.code === code);
  if (!row || !settings) return null;
  const visibility: Visibility = computeVisibility(structure, branch);
  const scope = visibility.objective(row.id);
  if (scope === null) return null;
  return buildObjectivePage(db, caller.agencyId, settings, structure, visibility, departments, row.id, scope);
}

async function buildObjectivePage(
  db: Tx,
  agencyId: string,
  settings: AgencySettingsDto,
  structure: TreeStructure,
  visibility: Visibility,
  departments: Map<string, string>,
  id: string,
  scope: Scope,
): Promise<ObjectivePageDto> {
  const row = structure.objectives.find((objective) => objective.id === id)!;
  const parent = row.parentId ? structure.objectives.find((objective) => objective.id === row.parentId) : undefined;
  const keyResults = structure.keyResults.filter((kr) => kr.objectiveId === id && visibility.keyResult(kr.id) !== null);
  const childObjectives = structure.objectives.filter(
    (objective) => objective.parentId === id && visibility.objective(objective.id) !== null,
  );
  const kpiById = new Map(structure.kpis.map((kpi) => [kpi.id, kpi]));
  const nodeKeys = [
    toObjectiveNodeId(row.code),
    ...keyResults.map((kr) => toKeyResultNodeId(kr.code)),
    ...childObjectives.map((objective) => toObjectiveNodeId(objective.code)),
  ];
  const [stored, explanationRow, details, commentary] = await Promise.all([
    loadStoredNodes(db, agencyId, nodeKeys),
    db.healthResult.findUnique({
      where: { agencyId_nodeKey: { agencyId, nodeKey: toObjectiveNodeId(row.code) } },
      select: { explanation: true },
    }),
    db.objective.findUnique({ where: { id }, select: { description: true } }),
    scope === "full"
      ? db.commentary.findMany({
          where: { agencyId, nodeKind: "objective", nodeId: id },
          select: { id: true, period: true, body: true, authorLabel: true, createdAt: true },
          orderBy: [{ period: "desc" }, { createdAt: "desc" }],
        })
      : Promise.resolve([]),
  ]);
  const node = stored.get(toObjectiveNodeId(row.code));
  const isParentVisible = parent !== undefined && visibility.objective(parent.id) !== null;
  return {
    agency: settings,
    scope,
    objective: {
      code: row.code,
      title: row.title,
      description: scope === "full" ? (details?.description ?? "") : "",
      department: row.departmentId ? (departments.get(row.departmentId) ?? null) : null,
      parent: isParentVisible && parent ? { code: parent.code, title: parent.title } : null,
    },
    health: node?.kind === "objective" ? node : null,
    explanation: scope === "full" ? ((explanationRow?.explanation ?? null) as ObjectiveExplanation | null) : null,
    children: [
      ...keyResults.map((kr): ObjectiveChildRow => {
        const health = stored.get(toKeyResultNodeId(kr.code));
        const kpi = kr.kpiId ? kpiById.get(kr.kpiId) : undefined;
        const kpiScope = kpi ? visibility.kpi(kpi.id) : null;
        return {
          kind: "keyResult",
          code: kr.code,
          title: kr.title,
          weight: kr.weight,
          status: health?.status ?? null,
          health: health?.health ?? null,
          progress: health && health.kind !== "kpi" ? health.progress : null,
          kpi: kpi && kpiScope ? { code: kpi.code, name: kpi.name, isOpenable: kpiScope === "full" } : null,
          keyResultKind: kr.kind,
        };
      }),
      ...childObjectives.map((objective): ObjectiveChildRow => {
        const health = stored.get(toObjectiveNodeId(objective.code));
        return {
          kind: "objective",
          code: objective.code,
          title: objective.title,
          weight: objective.weight,
          status: health?.status ?? null,
          health: health?.health ?? null,
          progress: health && health.kind !== "kpi" ? health.progress : null,
          kpi: null,
          keyResultKind: null,
        };
      }),
    ],
    commentary: commentary.map((entry) => ({
      id: entry.id,
      period: entry.period,
      body: entry.body,
      author: entry.authorLabel,
      createdAt: entry.createdAt.toISOString(),
    })),
  };
}
