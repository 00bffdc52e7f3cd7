import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { normalizeKeyResult } from "@/lib/document/check-document";
import {
  sortRecord,
  type NormalizedKpi,
  type StoredDepartment,
  type StoredKeyResult,
  type StoredObjective,
  type StoredTree,
} from "@/lib/document/stored-tree";
import type { DocumentLink, DocumentPlan } from "@/lib/validation/document";
import { toIsoDate } from "@/lib/dates";
import type { Tx } from "./access";
import { toAgencyThresholds, toKpiThresholds } from "./thresholds";

// An agency's tree read in the document's own terms (codes instead of ids, defaults resolved), for the importer to
// check and compare against and for export to write out. Reads only: callers authorize and hold the transaction.

const departmentSelect = {
  id: true,
  code: true,
  name: true,
  parentId: true,
  retiredAt: true,
} satisfies Prisma.DepartmentSelect;

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
} satisfies Prisma.KpiSelect;

const objectiveSelect = {
  id: true,
  code: true,
  title: true,
  description: true,
  departmentId: true,
  parentId: true,
  planId: true,
  weight: true,
  position: true,
  published: true,
} satisfies Prisma.ObjectiveSelect;

const keyResultSelect = {
  id: true,
  code: true,
  title: true,
  kind: true,
  kpiId: true,
  objectiveId: true,
  startValue: true,
  targetValue: true,
  startDate: true,
  dueDate: true,
  weight: true,
  position: true,
  progress: true,
  zone: true,
  narrative: true,
  published: true,
} satisfies Prisma.KeyResultSelect;

/** The stored tree, and the ids behind its codes (the importer writes by id). */
export type LoadedTree = {
  tree: StoredTree;
  ids: {
    departments: Map<string, string>;
    plans: Map<string, string>;
    kpis: Map<string, string>;
    objectives: Map<string, string>;
    keyResults: Map<string, string>;
    links: Map<string, string>;
  };
};

/** Parents before children, siblings in `compare` order. Rows whose parent is missing count as top-level. */
function orderAsTree<T extends { id: string; parentId: string | null }>(
  rows: readonly T[],
  compare: (a: T, b: T) => number,
): T[] {
  const ids = new Set(rows.map((row) => row.id));
  const children = new Map<string | null, T[]>();
  for (const row of rows) {
    const parent = row.parentId !== null && ids.has(row.parentId) ? row.parentId : null;
    const siblings = children.get(parent) ?? [];
    siblings.push(row);
    children.set(parent, siblings);
  }
  const ordered: T[] = [];
  const visited = new Set<string>();
  const visit = (parent: string | null) => {
    for (const row of [...(children.get(parent) ?? [])].sort(compare)) {
      if (visited.has(row.id)) continue;
      visited.add(row.id);
      ordered.push(row);
      visit(row.id);
    }
  };
  visit(null);
  return ordered;
}

export async function loadStoredTree(db: Tx, agencyId: string): Promise<LoadedTree> {
  const where = { agencyId };
  const [agency, departmentRows, planRows, kpiRows, targetRows, linkRows, objectiveRows, keyResultRows, counts] =
    await Promise.all([
      db.agency.findUniqueOrThrow({
        where: { id: agencyId },
        select: { name: true, slug: true, fiscalYearStartMonth: true, onTrackThreshold: true, atRiskThreshold: true },
      }),
      db.department.findMany({ where, select: departmentSelect }),
      db.plan.findMany({ where, orderBy: [{ startDate: "asc" }, { code: "asc" }] }),
      db.kpi.findMany({ where, select: kpiSelect, orderBy: [{ createdAt: "asc" }, { code: "asc" }] }),
      db.kpiTarget.findMany({ where, select: { kpiId: true, period: true, value: true } }),
      db.driverLink.findMany({
        where,
        select: { id: true, fromKpiId: true, toKpiId: true, weight: true, polarity: true },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      }),
      db.objective.findMany({ where, select: objectiveSelect }),
      db.keyResult.findMany({ where, select: keyResultSelect }),
      db.measurement.groupBy({ by: ["kpiId"], where, _count: { _all: true } }),
    ]);

  const departmentCodeById = new Map(departmentRows.map((row) => [row.id, row.code]));
  const departments = new Map<string, StoredDepartment>();
  for (const row of orderAsTree(departmentRows, (a, b) => compareText(a.code, b.code))) {
    departments.set(row.code, {
      code: row.code,
      name: row.name,
      parent: row.parentId === null ? null : (departmentCodeById.get(row.parentId) ?? null),
      isRetired: row.retiredAt !== null,
    });
  }

  const plans = new Map<string, DocumentPlan>();
  const planCodeById = new Map<string, string>();
  for (const row of planRows) {
    plans.set(row.code, {
      code: row.code,
      name: row.name,
      start: toIsoDate(row.startDate),
      end: toIsoDate(row.endDate),
    });
    planCodeById.set(row.id, row.code);
  }

  const targetsByKpi = new Map<string, Record<string, number>>();
  for (const row of targetRows) {
    const targets = targetsByKpi.get(row.kpiId) ?? {};
    targets[row.period] = row.value;
    targetsByKpi.set(row.kpiId, targets);
  }
  const kpiCodeById = new Map(kpiRows.map((row) => [row.id, row.code]));
  const kpis = new Map<string, NormalizedKpi>();
  for (const row of kpiRows) {
    kpis.set(row.code, {
      code: row.code,
      name: row.name,
      unit: row.unit,
      ipo: row.ipo,
      indicator: row.indicator,
      direction: row.direction,
      frequency: row.frequency,
      aggregation: row.aggregation,
      department: departmentCodeById.get(row.departmentId) ?? "",
      baseline: row.baseline,
      target: row.target,
      targets: sortRecord(targetsByKpi.get(row.id) ?? {}),
      tolerance: row.tolerance,
      thresholds: toKpiThresholds(row),
      formula: row.formula !== null && row.formula.trim() !== "" ? row.formula : null,
      lagDays: row.lagDays,
      min: row.minValue,
      max: row.maxValue,
      published: row.published,
      description: row.description,
    });
  }

  const links: DocumentLink[] = [];
  const linkIds = new Map<string, string>();
  for (const row of linkRows) {
    const from = kpiCodeById.get(row.fromKpiId);
    const to = kpiCodeById.get(row.toKpiId);
    if (from === undefined || to === undefined) continue;
    links.push({ from, to, weight: row.weight, polarity: row.polarity });
    linkIds.set(`${from}\u0000${to}`, row.id);
  }

  const objectiveCodeById = new Map(objectiveRows.map((row) => [row.id, row.code]));
  const objectives = new Map<string, StoredObjective>();
  for (const row of orderAsTree(objectiveRows, (a, b) => a.position - b.position || compareText(a.code, b.code))) {
    const plan = planCodeById.get(row.planId) ?? "";
    objectives.set(row.code, {
      code: row.code,
      title: row.title,
      description: row.description,
      department: row.departmentId === null ? null : (departmentCodeById.get(row.departmentId) ?? null),
      parent: row.parentId === null ? null : (objectiveCodeById.get(row.parentId) ?? null),
      weight: row.weight,
      published: row.published,
      plan,
      position: row.position,
    });
  }

  const objectiveRank = new Map([...objectives.keys()].map((code, rank) => [code, rank]));
  const keyResults = new Map<string, StoredKeyResult>();
  const sortedKeyResults = [...keyResultRows].sort(
    (a, b) =>
      (objectiveRank.get(objectiveCodeById.get(a.objectiveId) ?? "") ?? 0) -
        (objectiveRank.get(objectiveCodeById.get(b.objectiveId) ?? "") ?? 0) ||
      a.position - b.position ||
      compareText(a.code, b.code),
  );
  for (const row of sortedKeyResults) {
    keyResults.set(
      row.code,
      normalizeKeyResult({
        code: row.code,
        title: row.title,
        kind: row.kind,
        kpi: row.kpiId === null ? null : (kpiCodeById.get(row.kpiId) ?? null),
        start: row.startValue,
        target: row.targetValue,
        startDate: toIsoDate(row.startDate),
        dueDate: toIsoDate(row.dueDate),
        weight: row.weight,
        progress: row.progress,
        zone: row.zone,
        narrative: row.narrative,
        published: row.published,
        objective: objectiveCodeById.get(row.objectiveId) ?? "",
        position: row.position,
      }),
    );
  }

  const measurementCounts = new Map<string, number>();
  for (const row of counts) {
    const code = kpiCodeById.get(row.kpiId);
    if (code !== undefined) measurementCounts.set(code, row._count._all);
  }

  return {
    tree: {
      agency: {
        name: agency.name,
        slug: agency.slug,
        fiscalYearStartMonth: agency.fiscalYearStartMonth,
        thresholds: toAgencyThresholds(agency),
      },
      departments,
      plans,
      kpis,
      links,
      objectives,
      keyResults,
      measurementCounts,
    },
    ids: {
      departments: new Map(departmentRows.map((row) => [row.code, row.id])),
      plans: new Map(planRows.map((row) => [row.code, row.id])),
      kpis: new Map(kpiRows.map((row) => [row.code, row.id])),
      objectives: new Map(objectiveRows.map((row) => [row.code, row.id])),
      keyResults: new Map(keyResultRows.map((row) => [row.code, row.id])),
      links: linkIds,
    },
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
