import "server-only";
import { getPrisma } from "@/lib/db";
import { can, type Principal } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  computeKpiValues,
  createHealthModel,
  createKpiDefinition,
  toKpiNodeId,
  type KpiExplanation,
  type KpiHealthNode,
  type Status,
} from "@/lib/domain";
import { getTodayUtc } from "@/lib/clock";
import { getBranchDepartmentIds, requirePermission } from "./access";
import {
  computeVisibility,
  listHiddenKpiCodes,
  loadAgencySettings,
  loadTreeStructure,
  maskFormula,
  maskKpiExplanation,
  type AgencySettingsDto,
} from "./branch-read";
import { kpiDefinitionColumns } from "./selects";

// The KPI page: the KPI, its series and targets, its measurements with the history of
// replaced values, commentary, the KPIs it is driven by and drives, and the stored health
// and explanation. Only a KPI the caller sees in full: for a department head, one owned by
// their branch; anything else is not found.

const kpiSelect = {
  ...kpiDefinitionColumns,
  departmentId: true,
  department: { select: { code: true, name: true } },
  targets: { select: { period: true, value: true }, orderBy: { period: "asc" } },
  measurements: {
    select: {
      id: true,
      version: true,
      period: true,
      value: true,
      note: true,
      source: true,
      enteredByLabel: true,
      enteredAt: true,
      revisions: {
        select: {
          value: true,
          note: true,
          source: true,
          enteredByLabel: true,
          enteredAt: true,
          replacedAt: true,
          replacedByLabel: true,
        },
        orderBy: { replacedAt: "desc" },
      },
    },
    orderBy: { period: "desc" },
  },
  // Removed values: their revision outlives the measurement row (measurementId is then null), so they are read from
  // the KPI, not from a measurement. The latest hundred: older removals stay in the database and the audit log.
  revisions: {
    where: { isRemoval: true },
    select: {
      period: true,
      value: true,
      note: true,
      enteredByLabel: true,
      replacedAt: true,
      replacedByLabel: true,
    },
    orderBy: { replacedAt: "desc" },
    take: 100,
  },
  linksIn: {
    select: { weight: true, polarity: true, fromKpi: { select: { id: true, code: true, name: true, unit: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  },
  linksOut: {
    select: { weight: true, polarity: true, toKpi: { select: { id: true, code: true, name: true, unit: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  },
  keyResults: {
    select: { id: true, code: true, title: true, objective: { select: { code: true, title: true } } },
    orderBy: { code: "asc" },
  },
} satisfies Prisma.KpiSelect;

export type RelatedKpi = {
  code: string;
  name: string;
  weight: number;
  polarity: "positive" | "negative";
  status: Status | null;
  health: number | null;
  /** False for a driver outside a department head's view: counted in the arithmetic, never named. */
  isVisible: boolean;
};

export type MeasurementRow = {
  /** The row's id and version, which removing the value quotes. */
  id: string;
  version: number;
  period: string;
  value: number;
  note: string;
  source: string;
  enteredBy: string;
  enteredAt: string;
  history: {
    value: number;
    note: string;
    source: string;
    enteredBy: string;
    enteredAt: string;
    replacedAt: string;
    replacedBy: string;
  }[];
};

/** A value removed from a period: the history keeps it after the measurement is gone. */
export type RemovedValueRow = {
  period: string;
  value: number;
  note: string;
  enteredBy: string;
  removedAt: string;
  removedBy: string;
};

export type CommentaryRow = {
  id: string;
  period: string | null;
  body: string;
  author: string;
  createdAt: string;
  isInternal: boolean;
  version: number;
  /** Whether the caller may remove it: officers remove any commentary, everyone else their own. */
  canRemove: boolean;
};

export type KpiPageDto = {
  agency: AgencySettingsDto;
  kpi: {
    code: string;
    name: string;
    description: string;
    unit: string;
    ipo: "input" | "process" | "outcome";
    indicator: "leading" | "lagging";
    direction: "increase" | "decrease" | "maintain";
    frequency: "monthly" | "quarterly" | "annual";
    aggregation: "sum" | "avg" | "last";
    department: { code: string; name: string };
    baseline: number | null;
    target: number | null;
    targets: Record<string, number>;
    tolerance: number;
    formula: string | null;
    lagDays: number;
    /** The valid range (null = no bound on that side). */
    min: number | null;
    max: number | null;
  };
  health: KpiHealthNode | null;
  explanation: KpiExplanation | null;
  /** The series as the engine reads it, oldest first (for a formula KPI, its computed values). */
  series: { period: string; value: number }[];
  measurements: MeasurementRow[];
  /** Values removed from their period, latest removal first. */
  removedValues: RemovedValueRow[];
  commentary: CommentaryRow[];
  drivers: RelatedKpi[];
  driven: RelatedKpi[];
  keyResults: { code: string; title: string; objective: { code: string; title: string } }[];
  canRecordMeasurements: boolean;
  canComment: boolean;
  /** Whether their commentary may be shown on the public dashboard (publishing): else it is internal. */
  canPublishCommentary: boolean;
  canEditTree: boolean;
};

const toIso = (date: Date) => date.toISOString();

export async function getKpiPage(principal: Principal | null | undefined, code: string): Promise<KpiPageDto | null> {
  const caller = requirePermission(principal, "tree:read");
  const db = getPrisma();
  const agencyId = caller.agencyId;
  const [row, settings, branch] = await Promise.all([
    db.kpi.findUnique({ where: { agencyId_code: { agencyId, code } }, select: kpiSelect }),
    loadAgencySettings(db, agencyId),
    getBranchDepartmentIds(db, caller),
  ]);
  if (!row || !settings) return null;
  // A department head sees a KPI page only for their branch's KPIs; the names and health on
  // the path up are shown in the tree, not here.
  if (branch !== null && !branch.has(row.departmentId)) return null;
  const structure = branch === null ? null : await loadTreeStructure(db, agencyId);
  const visibility = structure === null ? null : computeVisibility(structure, branch);
  const isVisible = (id: string) => visibility === null || visibility.kpi(id) !== null;
  // Every KPI they may not see, whether it drives this one or is only named in its formula.
  const hidden = structure && visibility ? listHiddenKpiCodes(structure, visibility) : new Set<string>();

  const relatedCodes = [...row.linksIn.map((l) => l.fromKpi.code), ...row.linksOut.map((l) => l.toKpi.code)];
  const [stored, related, commentary] = await Promise.all([
    db.healthResult.findUnique({
      where: { agencyId_nodeKey: { agencyId, nodeKey: toKpiNodeId(row.code) } },
      select: { result: true, explanation: true },
    }),
    db.healthResult.findMany({
      where: { agencyId, nodeKey: { in: relatedCodes.map((related) => toKpiNodeId(related)) } },
      select: { code: true, status: true, health: true },
    }),
    db.commentary.findMany({
      where: { agencyId, nodeKind: "kpi", nodeId: row.id },
      select: {
        id: true,
        period: true,
        body: true,
        authorLabel: true,
        authorUserId: true,
        createdAt: true,
        isInternal: true,
        version: true,
      },
      orderBy: [{ period: "desc" }, { createdAt: "desc" }],
    }),
  ]);
  const healthByCode = new Map(related.map((entry) => [entry.code, entry]));
  const toRelated = (
    kpi: { id: string; code: string; name: string },
    link: { weight: number; polarity: "positive" | "negative" },
  ): RelatedKpi => {
    const visible = isVisible(kpi.id);
    const health = healthByCode.get(kpi.code);
    return {
      code: visible ? kpi.code : "",
      name: visible ? kpi.name : "",
      weight: link.weight,
      polarity: link.polarity,
      status: health?.status ?? null,
      health: health?.health ?? null,
      isVisible: visible,
    };
  };

  // A department head sees each driver's share and each formula input's value, but not the name of one outside
  // their view.
  const storedExplanation = (stored?.explanation ?? null) as KpiExplanation | null;
  const explanation = storedExplanation ? maskKpiExplanation(storedExplanation, hidden) : null;

  let series = [...row.measurements].reverse().map((m) => ({ period: m.period, value: m.value }));
  if (row.formula) series = await computeFormulaSeries(db, agencyId, row.id, row.code, settings);

  return {
    agency: settings,
    kpi: {
      code: row.code,
      name: row.name,
      description: row.description,
      unit: row.unit,
      ipo: row.ipo,
      indicator: row.indicator,
      direction: row.direction,
      frequency: row.frequency,
      aggregation: row.aggregation,
      department: row.department,
      baseline: row.baseline,
      target: row.target,
      targets: Object.fromEntries(row.targets.map((target) => [target.period, target.value])),
      tolerance: row.tolerance,
      formula: row.formula === null ? null : maskFormula(row.formula, hidden),
      lagDays: row.lagDays,
      min: row.minValue,
      max: row.maxValue,
    },
    health: (stored?.result ?? null) as KpiHealthNode | null,
    explanation,
    series,
    measurements: row.measurements.map((m) => ({
      id: m.id,
      version: m.version,
      period: m.period,
      value: m.value,
      note: m.note,
      source: m.source,
      enteredBy: m.enteredByLabel,
      enteredAt: toIso(m.enteredAt),
      history: m.revisions.map((revision) => ({
        value: revision.value,
        note: revision.note,
        source: revision.source,
        enteredBy: revision.enteredByLabel,
        enteredAt: toIso(revision.enteredAt),
        replacedAt: toIso(revision.replacedAt),
        replacedBy: revision.replacedByLabel,
      })),
    })),
    removedValues: row.revisions.map((revision) => ({
      period: revision.period,
      value: revision.value,
      note: revision.note,
      enteredBy: revision.enteredByLabel,
      removedAt: toIso(revision.replacedAt),
      removedBy: revision.replacedByLabel,
    })),
    commentary: commentary
      .filter((entry) => !entry.isInternal || caller.kind === "user")
      .map((entry) => ({
        id: entry.id,
        period: entry.period,
        body: entry.body,
        author: entry.authorLabel,
        createdAt: toIso(entry.createdAt),
        isInternal: entry.isInternal,
        version: entry.version,
        canRemove:
          can(caller, "commentary:write") &&
          caller.kind === "user" &&
          (caller.role === "PERFORMANCE_OFFICER" || entry.authorUserId === caller.userId),
      })),
    drivers: row.linksIn.map((link) => toRelated(link.fromKpi, link)),
    driven: row.linksOut.filter((link) => isVisible(link.toKpi.id)).map((link) => toRelated(link.toKpi, link)),
    keyResults: row.keyResults
      .filter((keyResult) => visibility === null || visibility.keyResult(keyResult.id) !== null)
      .map((keyResult) => ({ code: keyResult.code, title: keyResult.title, objective: keyResult.objective })),
    canRecordMeasurements: can(caller, "measurement:write") && !row.formula,
    canComment: can(caller, "commentary:write"),
    canPublishCommentary: can(caller, "commentary:write") && can(caller, "publish"),
    canEditTree: can(caller, "tree:edit") && branch === null,
  };
}

/**
 * A formula KPI has no measurements: its values are the engine's, period by period
 * (spec/health.md, "Formula KPIs"), computed from the KPI and the KPIs its formula names
 * (transitively) with their measurements — not the whole tree.
 */
async function computeFormulaSeries(
  db: ReturnType<typeof getPrisma>,
  agencyId: string,
  kpiId: string,
  code: string,
  settings: AgencySettingsDto,
): Promise<{ period: string; value: number }[]> {
  const inputs = await db.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE inputs(id) AS (
      SELECT ${kpiId}::uuid
      UNION
      SELECT fr."referencedKpiId" FROM "FormulaReference" fr JOIN inputs i ON fr."kpiId" = i.id
    )
    SELECT id::text AS id FROM inputs`;
  const ids = inputs.map((row) => row.id);
  const [kpis, measurements] = await Promise.all([
    db.kpi.findMany({
      where: { agencyId, id: { in: ids } },
      select: {
        id: true,
        code: true,
        ipo: true,
        direction: true,
        frequency: true,
        aggregation: true,
        baseline: true,
        target: true,
        tolerance: true,
        formula: true,
        lagDays: true,
      },
    }),
    db.measurement.findMany({
      where: { agencyId, kpiId: { in: ids } },
      select: { kpiId: true, period: true, value: true },
    }),
  ]);
  const codeById = new Map(kpis.map((kpi) => [kpi.id, kpi.code]));
  const series: Record<string, Record<string, number>> = {};
  for (const row of measurements) (series[codeById.get(row.kpiId)!] ??= {})[row.period] = row.value;
  const asOf = settings.asOf ?? getTodayUtc();
  const model = createHealthModel({
    agency: { fiscalYearStartMonth: settings.fiscalYearStartMonth, thresholds: settings.thresholds },
    plan: { start: asOf, end: asOf },
    kpis: kpis.map(({ id: _id, ...kpi }) => createKpiDefinition(kpi)),
    measurements: series,
  });
  return computeKpiValues(model, code, asOf);
}
