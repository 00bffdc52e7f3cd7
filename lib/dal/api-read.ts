import "server-only";
import { getPrisma } from "@/lib/db";
import { getTodayUtc } from "@/lib/clock";
import type { Prisma } from "@/lib/generated/prisma/client";
import { branchRootOf, type Principal } from "@/lib/auth/permissions";
import {
  explainNode,
  listHealthNodes,
  recomputeAll,
  toKeyResultNodeId,
  toKpiNodeId,
  toObjectiveNodeId,
  type HealthNode,
  type KpiExplanation,
  type KpiHealthNode,
  type NodeResult,
} from "@/lib/domain";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import type { DocumentKpi } from "@/lib/validation/document";
import { getBranchDepartmentIds, requirePermission, type Tx } from "./access";
import {
  computeVisibility,
  listHiddenKpiCodes,
  loadTreeStructure,
  maskFormula,
  maskKpiExplanation,
} from "./branch-read";
import { isHealthStoredFor } from "./health/service";
import { loadHealthModel, type AgencyRow } from "./health-store";
import { toKpiThresholds } from "./thresholds";

// Reads of the REST API and the Data page's downloads: health computed as of any date, one KPI with its series,
// a KPI's series and the scorecard as rows for CSV, and the KPIs a caller may enter data for. Callers limited to a
// department's branch (department heads, department-scoped tokens) see their branch, and the objectives on the path
// up from it; anything else does not exist for them (404).

const READ_OPTIONS = { isolationLevel: "RepeatableRead", maxWait: 10_000, timeout: 120_000 } as const;

async function readAgency(db: Tx, agencyId: string): Promise<AgencyRow> {
  const agency = await db.agency.findUnique({
    where: { id: agencyId },
    select: { id: true, fiscalYearStartMonth: true, onTrackThreshold: true, atRiskThreshold: true, healthAsOf: true },
  });
  if (!agency) throw new NotFoundError();
  return agency;
}

/** The node keys ("kpi:…", "kr:…", "objective:…") a branch-limited caller may see. */
async function listVisibleNodeKeys(db: Tx, agencyId: string, branch: ReadonlySet<string>): Promise<Set<string>> {
  const where = { agencyId };
  const [kpis, objectives, keyResults] = await Promise.all([
    db.kpi.findMany({ where, select: { id: true, code: true, departmentId: true } }),
    db.objective.findMany({ where, select: { id: true, code: true, departmentId: true, parentId: true } }),
    db.keyResult.findMany({ where, select: { code: true, objectiveId: true, kpiId: true } }),
  ]);
  const visible = new Set<string>();
  const visibleKpiIds = new Set<string>();
  for (const kpi of kpis) {
    if (!branch.has(kpi.departmentId)) continue;
    visible.add(toKpiNodeId(kpi.code));
    visibleKpiIds.add(kpi.id);
  }
  const objectiveById = new Map(objectives.map((objective) => [objective.id, objective]));
  const ownObjectiveIds = new Set<string>();
  for (const objective of objectives) {
    if (objective.departmentId === null || !branch.has(objective.departmentId)) continue;
    ownObjectiveIds.add(objective.id);
    // The objective and the path up from it.
    for (let at: typeof objective | undefined = objective, depth = 0; at && depth <= objectives.length; depth++) {
      visible.add(toObjectiveNodeId(at.code));
      at = at.parentId === null ? undefined : objectiveById.get(at.parentId);
    }
  }
  for (const keyResult of keyResults) {
    if (
      ownObjectiveIds.has(keyResult.objectiveId) ||
      (keyResult.kpiId !== null && visibleKpiIds.has(keyResult.kpiId))
    ) {
      visible.add(toKeyResultNodeId(keyResult.code));
    }
  }
  return visible;
}

const nodeKeyOf = (node: HealthNode) => `${node.kind === "keyResult" ? "kr" : node.kind}:${node.code}`;

/**
 * GET /api/v1/health: the health of every node the caller may see, computed for `asOf` from what the database holds
 * (spec/health.md: the API always computes for the date asked).
 */
export async function computeHealthAsOf(
  principal: Principal | null | undefined,
  asOf: string,
): Promise<{ asOf: string; nodes: HealthNode[] }> {
  const caller = requirePermission(principal, "tree:read");
  return getPrisma().$transaction(async (db) => {
    const agency = await readAgency(db, caller.agencyId);
    const model = await loadHealthModel(db, agency);
    const nodes = listHealthNodes(recomputeAll(model, asOf));
    const branch = await getBranchDepartmentIds(db, caller);
    if (branch === null) return { asOf, nodes };
    const visible = await listVisibleNodeKeys(db, caller.agencyId, branch);
    return { asOf, nodes: nodes.filter((node) => visible.has(nodeKeyOf(node))) };
  }, READ_OPTIONS);
}

const kpiSelect = {
  id: true,
  code: true,
  name: true,
  description: true,
  unit: true,
  ipo: true,
  indicator: true,
  direction: true,
  frequency: true,
  aggregation: true,
  departmentId: true,
  department: { select: { code: true } },
  baseline: true,
  target: true,
  tolerance: true,
  onTrackThreshold: true,
  atRiskThreshold: true,
  formula: true,
  lagDays: true,
  minValue: true,
  maxValue: true,
  published: true,
  targets: { select: { period: true, value: true }, orderBy: { period: "asc" } },
} satisfies Prisma.KpiSelect;

type KpiRow = Prisma.KpiGetPayload<{ select: typeof kpiSelect }>;

function toDocumentKpi(row: KpiRow): DocumentKpi {
  return {
    code: row.code,
    name: row.name,
    unit: row.unit,
    ipo: row.ipo,
    indicator: row.indicator,
    direction: row.direction,
    frequency: row.frequency,
    aggregation: row.aggregation,
    department: row.department.code,
    baseline: row.baseline,
    target: row.target,
    targets: row.targets.length > 0 ? Object.fromEntries(row.targets.map((t) => [t.period, t.value])) : null,
    tolerance: row.tolerance,
    thresholds: toKpiThresholds(row),
    formula: row.formula,
    lagDays: row.lagDays,
    min: row.minValue,
    max: row.maxValue,
    published: row.published,
    description: row.description,
  };
}

/** The KPI of the caller's agency with this code, in the caller's branch; otherwise it does not exist (404). */
async function findVisibleKpi(db: Tx, principal: Principal, code: string): Promise<KpiRow> {
  const kpi = await db.kpi.findUnique({
    where: { agencyId_code: { agencyId: principal.agencyId, code } },
    select: kpiSelect,
  });
  const branch = kpi ? await getBranchDepartmentIds(db, principal) : null;
  if (!kpi || (branch !== null && !branch.has(kpi.departmentId))) throw new NotFoundError(`There is no KPI ${code}.`);
  return kpi;
}

export type SeriesRow = {
  period: string;
  value: number;
  target: number | null;
  note: string;
  source: string;
  enteredAt: string;
};

async function readSeries(db: Tx, kpi: KpiRow): Promise<SeriesRow[]> {
  const rows = await db.measurement.findMany({
    where: { kpiId: kpi.id },
    select: { period: true, value: true, note: true, source: true, enteredAt: true },
    orderBy: { period: "asc" },
  });
  const targets = new Map(kpi.targets.map((target) => [target.period, target.value]));
  return rows.map((row) => ({
    period: row.period,
    value: row.value,
    target: targets.get(row.period) ?? kpi.target,
    note: row.note,
    source: row.source,
    enteredAt: row.enteredAt.toISOString(),
  }));
}

export type LinkedKpi = {
  code: string;
  name: string;
  weight: number;
  polarity: "positive" | "negative";
  status: HealthNode["status"] | null;
  health: number | null;
};

export type KpiDetailDto = {
  kpi: DocumentKpi;
  series: SeriesRow[];
  targets: Record<string, number>;
  asOf: string;
  health: KpiHealthNode;
  explanation: Record<string, unknown>;
  drivers: LinkedKpi[];
  drives: LinkedKpi[];
};

/**
 * GET /api/v1/kpis/{code}: one KPI with its series, targets, health as of `asOf` (stored health when it is for that
 * date, else computed), its drivers and what it drives.
 */
export async function getKpiDetail(
  principal: Principal | null | undefined,
  code: string,
  asOf: string = getTodayUtc(),
): Promise<KpiDetailDto> {
  const caller = requirePermission(principal, "tree:read");
  return getPrisma().$transaction(async (db) => {
    const kpi = await findVisibleKpi(db, caller, code);
    const agency = await readAgency(db, caller.agencyId);
    const [series, links, branch] = await Promise.all([
      readSeries(db, kpi),
      db.driverLink.findMany({
        where: { OR: [{ toKpiId: kpi.id }, { fromKpiId: kpi.id }] },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: {
          weight: true,
          polarity: true,
          fromKpi: { select: { id: true, code: true, name: true } },
          toKpi: { select: { id: true, code: true, name: true } },
        },
      }),
      getBranchDepartmentIds(db, caller),
    ]);
    const isStoredForDate = isHealthStoredFor(agency, asOf);
    const linkedCodes = links.flatMap((link) => [link.fromKpi.code, link.toKpi.code]);
    const healthByCode = new Map<string, NodeResult>();
    if (isStoredForDate) {
      const rows = await db.healthResult.findMany({
        where: {
          agencyId: caller.agencyId,
          nodeKey: { in: [...new Set([kpi.code, ...linkedCodes])].map(toKpiNodeId) },
        },
        select: { code: true, result: true, explanation: true },
      });
      for (const row of rows) {
        healthByCode.set(row.code, { node: row.result, explanation: row.explanation } as unknown as NodeResult);
      }
    }
    if (!healthByCode.has(kpi.code)) {
      const model = await loadHealthModel(db, agency);
      for (const linked of new Set([kpi.code, ...linkedCodes])) {
        const result = explainNode(model, toKpiNodeId(linked), asOf);
        if (result) healthByCode.set(linked, result);
      }
    }
    const own = healthByCode.get(kpi.code);
    if (!own || own.node.kind !== "kpi") throw new NotFoundError(`There is no KPI ${code}.`);
    // The KPI page's rule (lib/dal/branch-read.ts): the branch in full and the path up by name; a KPI outside that is
    // left out of `drivers` and `drives` and masked wherever else its code would appear.
    const structure = branch === null ? null : await loadTreeStructure(db, caller.agencyId);
    const visibility = structure === null ? null : computeVisibility(structure, branch);
    const hidden = structure && visibility ? listHiddenKpiCodes(structure, visibility) : new Set<string>();
    const isVisible = (kpiId: string) => visibility === null || visibility.kpi(kpiId) !== null;
    const describe = (linked: { code: string; name: string }, weight: number, polarity: LinkedKpi["polarity"]) => {
      const node = healthByCode.get(linked.code)?.node;
      return {
        code: linked.code,
        name: linked.name,
        weight,
        polarity,
        status: node?.status ?? null,
        health: node?.health ?? null,
      };
    };
    const unmasked = toDocumentKpi(kpi);
    const document = { ...unmasked, formula: unmasked.formula === null ? null : maskFormula(unmasked.formula, hidden) };
    return {
      kpi: document,
      series,
      targets: document.targets ?? {},
      asOf,
      health: own.node,
      explanation: maskKpiExplanation(own.explanation as KpiExplanation, hidden) as unknown as Record<string, unknown>,
      drivers: links
        .filter((link) => link.toKpi.code === kpi.code && isVisible(link.fromKpi.id))
        .map((link) => describe(link.fromKpi, link.weight, link.polarity)),
      drives: links
        .filter((link) => link.fromKpi.code === kpi.code && isVisible(link.toKpi.id))
        .map((link) => describe(link.toKpi, link.weight, link.polarity)),
    };
  }, READ_OPTIONS);
}

/** A KPI's stored values, oldest period first, for its CSV download. */
export async function getKpiSeries(
  principal: Principal | null | undefined,
  code: string,
): Promise<{ kpi: DocumentKpi; series: SeriesRow[] }> {
  const caller = requirePermission(principal, "tree:read");
  return getPrisma().$transaction(async (db) => {
    const kpi = await findVisibleKpi(db, caller, code);
    return { kpi: toDocumentKpi(kpi), series: await readSeries(db, kpi) };
  }, READ_OPTIONS);
}

export type ScorecardRow = {
  code: string;
  title: string;
  department: string | null;
  status: HealthNode["status"];
  health: number | null;
  progress: number | null;
  coverage: number | null;
  freshness: number | null;
  weakest: string | null;
};

/** The plan's top objectives with their health as of today, for the scorecard's CSV download. */
export async function getScorecard(
  principal: Principal | null | undefined,
): Promise<{ asOf: string; objectives: ScorecardRow[] }> {
  const caller = requirePermission(principal, "document:export");
  if (!branchRootOf(caller).isAgencyWide) {
    throw new ForbiddenError("The scorecard covers the whole agency; this one is limited to a department.");
  }
  const asOf = getTodayUtc();
  return getPrisma().$transaction(async (db) => {
    const agency = await readAgency(db, caller.agencyId);
    const objectives = await db.objective.findMany({
      where: { agencyId: caller.agencyId, parentId: null },
      orderBy: [{ plan: { startDate: "asc" } }, { position: "asc" }, { code: "asc" }],
      select: { code: true, title: true, department: { select: { code: true } } },
    });
    const nodes = new Map<string, HealthNode>();
    if (isHealthStoredFor(agency, asOf)) {
      const rows = await db.healthResult.findMany({
        where: {
          agencyId: caller.agencyId,
          nodeKey: { in: objectives.map((objective) => toObjectiveNodeId(objective.code)) },
        },
        select: { code: true, result: true },
      });
      for (const row of rows) nodes.set(row.code, row.result as unknown as HealthNode);
    } else {
      const results = recomputeAll(await loadHealthModel(db, agency), asOf);
      for (const node of listHealthNodes(results)) if (node.kind === "objective") nodes.set(node.code, node);
    }
    return {
      asOf,
      objectives: objectives.map((objective) => {
        const node = nodes.get(objective.code);
        const isObjective = node?.kind === "objective";
        return {
          code: objective.code,
          title: objective.title,
          department: objective.department?.code ?? null,
          status: node?.status ?? "NO_DATA",
          health: node?.health ?? null,
          progress: isObjective ? node.progress : null,
          coverage: isObjective ? node.coverage : null,
          freshness: isObjective ? node.freshness : null,
          weakest: isObjective ? node.weakest : null,
        };
      }),
    };
  }, READ_OPTIONS);
}

export type WritableKpi = {
  code: string;
  name: string;
  frequency: "monthly" | "quarterly" | "annual";
  formula: string | null;
  /** The valid range (null = no bound on that side): the upload preview refuses a value outside it. */
  min: number | null;
  max: number | null;
};

/** The KPIs the caller may enter data for (its branch's, or all), for the upload page's preview. */
export async function listWritableKpis(principal: Principal | null | undefined): Promise<WritableKpi[]> {
  const caller = requirePermission(principal, "measurement:write");
  const db = getPrisma();
  const branch = await getBranchDepartmentIds(db, caller);
  const kpis = await db.kpi.findMany({
    where: { agencyId: caller.agencyId, ...(branch === null ? {} : { departmentId: { in: [...branch] } }) },
    orderBy: { code: "asc" },
    select: { code: true, name: true, frequency: true, formula: true, minValue: true, maxValue: true },
  });
  return kpis.map(({ minValue, maxValue, ...kpi }) => ({ ...kpi, min: minValue, max: maxValue }));
}

/** The KPIs the caller may read, by code, for choosing a series to download. */
export async function listReadableKpis(
  principal: Principal | null | undefined,
): Promise<{ code: string; name: string }[]> {
  const caller = requirePermission(principal, "tree:read");
  const db = getPrisma();
  const branch = await getBranchDepartmentIds(db, caller);
  return db.kpi.findMany({
    where: { agencyId: caller.agencyId, ...(branch === null ? {} : { departmentId: { in: [...branch] } }) },
    orderBy: { code: "asc" },
    select: { code: true, name: true },
  });
}
