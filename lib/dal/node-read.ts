import "server-only";
import { getPrisma } from "@/lib/db";
import { can, type Principal } from "@/lib/auth/permissions";
import {
  summarizeExplanation,
  toKeyResultNodeId,
  toKpiNodeId,
  toObjectiveNodeId,
  type Explanation,
  type HealthNode,
  type KeyResultHealthNode,
  type KpiHealthNode,
  type ObjectiveHealthNode,
} from "@/lib/domain";
import { toIsoDate } from "@/lib/dates";
import { getBranchDepartmentIds, requirePermission, type Tx } from "./access";
import { computeVisibility, loadTreeStructure, type Scope, type Visibility } from "./branch-read";
import { keyResultColumns, kpiDefinitionColumns } from "./selects";
import type { KpiDto } from "./kpis";
import type { KeyResultDto } from "./key-results";
import { toKpiThresholds } from "./thresholds";

// One node of the tree for the tree page's side panel: its stored health, the engine's
// explanation as a sentence, and — for a performance officer — the fields its edit forms
// start from. Read on demand when a node is opened, so the tree's JSON stays small.

export type NodeKind = "objective" | "keyResult" | "kpi";
export type Option = { value: string; label: string };
export type KpiOption = { code: string; name: string; ipo: "input" | "process" | "outcome" };

type Common = {
  code: string;
  name: string;
  /** "path": a department head sees only the name and health. */
  scope: Scope;
  summary: string | null;
};

export type ObjectiveDetail = Common & {
  kind: "objective";
  health: ObjectiveHealthNode | null;
  department: string | null;
  edit: {
    id: string;
    version: number;
    plan: string;
    title: string;
    description: string;
    department: string | null;
    parent: string | null;
    weight: number;
    published: boolean;
  } | null;
};

export type KeyResultDetail = Common & {
  kind: "keyResult";
  health: KeyResultHealthNode | null;
  objective: { code: string; title: string };
  kpi: { code: string; name: string } | null;
  edit: Omit<KeyResultDto, "code" | "objective"> | null;
};

export type DriverLinkDetail = {
  id: string;
  version: number;
  code: string;
  name: string;
  weight: number;
  polarity: "positive" | "negative";
  status: HealthNode["status"] | null;
  health: number | null;
};

export type KpiDetail = Common & {
  kind: "kpi";
  health: KpiHealthNode | null;
  unit: string;
  department: string;
  drivers: DriverLinkDetail[];
  driven: { code: string; name: string }[];
  edit: Omit<KpiDto, "code"> | null;
};

export type NodeDetail = ObjectiveDetail | KeyResultDetail | KpiDetail;

/** What the edit forms choose from: departments, KPIs and objectives (officers only). */
export type EditOptions = { departments: Option[]; kpis: KpiOption[]; objectives: Option[] };

async function loadStored(db: Tx, agencyId: string, nodeKey: string) {
  const row = await db.healthResult.findUnique({
    where: { agencyId_nodeKey: { agencyId, nodeKey } },
    select: { result: true, explanation: true },
  });
  if (!row) return { node: null, summary: null };
  return {
    node: row.result as unknown as HealthNode,
    summary: summarizeExplanation(row.explanation as unknown as Explanation),
  };
}

async function loadVisibility(db: Tx, principal: Principal): Promise<Visibility | null> {
  const branch = await getBranchDepartmentIds(db, principal);
  if (branch === null) return null;
  return computeVisibility(await loadTreeStructure(db, principal.agencyId), branch);
}

/**
 * A node the caller may see, or null when it does not exist for them (another agency's, or
 * outside a department head's branch and its path up).
 */
export async function getNodeDetail(
  principal: Principal | null | undefined,
  kind: NodeKind,
  code: string,
): Promise<NodeDetail | null> {
  const caller = requirePermission(principal, "tree:read");
  const db = getPrisma();
  const agencyId = caller.agencyId;
  const visibility = await loadVisibility(db, caller);
  const canEdit = can(caller, "tree:edit") && visibility === null;
  const scopeOf = (find: (v: Visibility) => Scope | null): Scope | null => (visibility ? find(visibility) : "full");

  if (kind === "objective") {
    const row = await db.objective.findUnique({
      where: { agencyId_code: { agencyId, code } },
      select: {
        id: true,
        code: true,
        title: true,
        description: true,
        weight: true,
        published: true,
        version: true,
        plan: { select: { code: true } },
        department: { select: { code: true, name: true } },
        parent: { select: { code: true } },
      },
    });
    if (!row) return null;
    const scope = scopeOf((v) => v.objective(row.id));
    if (!scope) return null;
    const stored = await loadStored(db, agencyId, toObjectiveNodeId(row.code));
    return {
      kind: "objective",
      code: row.code,
      name: row.title,
      scope,
      summary: scope === "full" ? stored.summary : null,
      health: stored.node?.kind === "objective" ? stored.node : null,
      department: row.department?.name ?? null,
      edit: canEdit
        ? {
            id: row.id,
            version: row.version,
            plan: row.plan.code,
            title: row.title,
            description: row.description,
            department: row.department?.code ?? null,
            parent: row.parent?.code ?? null,
            weight: row.weight,
            published: row.published,
          }
        : null,
    };
  }

  if (kind === "keyResult") {
    const row = await db.keyResult.findUnique({
      where: { agencyId_code: { agencyId, code } },
      select: {
        ...keyResultColumns,
        objective: { select: { id: true, code: true, title: true } },
        kpi: { select: { id: true, code: true, name: true } },
      },
    });
    if (!row) return null;
    const scope = scopeOf((v) => v.keyResult(row.id));
    if (!scope) return null;
    const stored = await loadStored(db, agencyId, toKeyResultNodeId(row.code));
    const isKpiVisible = row.kpi !== null && scopeOf((v) => v.kpi(row.kpi!.id)) !== null;
    return {
      kind: "keyResult",
      code: row.code,
      name: row.title,
      scope,
      summary: scope === "full" ? stored.summary : null,
      health: stored.node?.kind === "keyResult" ? stored.node : null,
      objective: { code: row.objective.code, title: row.objective.title },
      kpi: isKpiVisible && row.kpi ? { code: row.kpi.code, name: row.kpi.name } : null,
      edit: canEdit
        ? {
            id: row.id,
            version: row.version,
            title: row.title,
            kind: row.kind,
            kpi: row.kpi?.code ?? null,
            start: row.startValue,
            target: row.targetValue,
            startDate: toIsoDate(row.startDate),
            dueDate: toIsoDate(row.dueDate),
            weight: row.weight,
            progress: row.progress,
            zone: row.zone,
            narrative: row.narrative,
            published: row.published,
          }
        : null,
    };
  }

  const row = await db.kpi.findUnique({
    where: { agencyId_code: { agencyId, code } },
    select: {
      ...kpiDefinitionColumns,
      onTrackThreshold: true,
      atRiskThreshold: true,
      published: true,
      version: true,
      department: { select: { code: true, name: true } },
      targets: { select: { period: true, value: true }, orderBy: { period: "asc" } },
      linksIn: {
        select: {
          id: true,
          version: true,
          weight: true,
          polarity: true,
          fromKpi: { select: { id: true, code: true, name: true } },
        },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      },
      linksOut: {
        select: { toKpi: { select: { id: true, code: true, name: true } } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      },
    },
  });
  if (!row) return null;
  const scope = scopeOf((v) => v.kpi(row.id));
  if (!scope) return null;
  const stored = await loadStored(db, agencyId, toKpiNodeId(row.code));
  const drivers = row.linksIn.filter((link) => scopeOf((v) => v.kpi(link.fromKpi.id)) !== null);
  const driverHealth = await db.healthResult.findMany({
    where: { agencyId, nodeKey: { in: drivers.map((link) => toKpiNodeId(link.fromKpi.code)) } },
    select: { code: true, status: true, health: true },
  });
  const healthByCode = new Map(driverHealth.map((entry) => [entry.code, entry]));
  const isFull = scope === "full";
  return {
    kind: "kpi",
    code: row.code,
    name: row.name,
    scope,
    summary: isFull ? stored.summary : null,
    health: stored.node?.kind === "kpi" ? stored.node : null,
    unit: row.unit,
    department: row.department.name,
    drivers: isFull
      ? drivers.map((link) => ({
          id: link.id,
          version: link.version,
          code: link.fromKpi.code,
          name: link.fromKpi.name,
          weight: link.weight,
          polarity: link.polarity,
          status: healthByCode.get(link.fromKpi.code)?.status ?? null,
          health: healthByCode.get(link.fromKpi.code)?.health ?? null,
        }))
      : [],
    driven: isFull
      ? row.linksOut
          .filter((link) => scopeOf((v) => v.kpi(link.toKpi.id)) !== null)
          .map((link) => ({ code: link.toKpi.code, name: link.toKpi.name }))
      : [],
    edit: canEdit
      ? {
          id: row.id,
          version: row.version,
          name: row.name,
          description: row.description,
          unit: row.unit,
          ipo: row.ipo,
          indicator: row.indicator,
          direction: row.direction,
          frequency: row.frequency,
          aggregation: row.aggregation,
          department: row.department.code,
          baseline: row.baseline,
          target: row.target,
          targets: Object.fromEntries(row.targets.map((target) => [target.period, target.value])),
          tolerance: row.tolerance,
          thresholds: toKpiThresholds(row),
          formula: row.formula,
          lagDays: row.lagDays,
          min: row.minValue,
          max: row.maxValue,
          published: row.published,
        }
      : null,
  };
}

/** Departments and KPIs for the edit forms' choices; only for those who may edit the tree. */
export async function getEditOptions(principal: Principal | null | undefined): Promise<EditOptions> {
  const caller = requirePermission(principal, "tree:edit");
  const db = getPrisma();
  const [departments, kpis, objectives] = await Promise.all([
    db.department.findMany({
      where: { agencyId: caller.agencyId, retiredAt: null },
      select: { code: true, name: true },
      orderBy: { name: "asc" },
    }),
    db.kpi.findMany({
      where: { agencyId: caller.agencyId },
      select: { code: true, name: true, ipo: true },
      orderBy: { name: "asc" },
    }),
    // Where an objective or a key result can be moved to.
    db.objective.findMany({
      where: { agencyId: caller.agencyId },
      select: { code: true, title: true },
      orderBy: [{ title: "asc" }, { code: "asc" }],
    }),
  ]);
  return {
    departments: departments.map((department) => ({ value: department.code, label: department.name })),
    kpis,
    objectives: objectives.map((objective) => ({
      value: objective.code,
      label: `${objective.title} (${objective.code})`,
    })),
  };
}

/**
 * Whether a node exists for the caller: in their agency and, for a department head, in their
 * view (`requireFull`: in their branch itself, not only on the path up). Pages check this
 * before they stream, so that a node that does not exist for someone answers 404.
 */
export async function isNodeVisible(
  principal: Principal | null | undefined,
  kind: NodeKind,
  code: string,
  requireFull = false,
): Promise<boolean> {
  const caller = requirePermission(principal, "tree:read");
  const db = getPrisma();
  const where = { agencyId_code: { agencyId: caller.agencyId, code } };
  const row =
    kind === "objective"
      ? await db.objective.findUnique({ where, select: { id: true } })
      : kind === "keyResult"
        ? await db.keyResult.findUnique({ where, select: { id: true } })
        : await db.kpi.findUnique({ where, select: { id: true } });
  if (!row) return false;
  const visibility = await loadVisibility(db, caller);
  if (visibility === null) return true;
  const scope =
    kind === "objective"
      ? visibility.objective(row.id)
      : kind === "keyResult"
        ? visibility.keyResult(row.id)
        : visibility.kpi(row.id);
  return requireFull ? scope === "full" : scope !== null;
}
