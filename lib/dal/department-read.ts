import "server-only";
import { getPrisma } from "@/lib/db";
import { can, type Principal } from "@/lib/auth/permissions";
import {
  formatPeriodKey,
  getExpectedLatestPeriod,
  parsePeriodKey,
  toKpiNodeId,
  toObjectiveNodeId,
  type HealthNode,
  type Status,
} from "@/lib/domain";
import { getTodayUtc } from "@/lib/clock";
import { getBranchDepartmentIds, requirePermission } from "./access";
import { loadAgencySettings, loadStoredNodes, type AgencySettingsDto } from "./branch-read";

// The department view: a branch's KPIs, those due for an update first, with the period whose
// value is due next for quick entry; and the branch's objectives. A department head gets their
// own branch; agency-wide readers may open any department's.

export type DepartmentKpi = {
  code: string;
  name: string;
  unit: string;
  department: string;
  frequency: "monthly" | "quarterly" | "annual";
  status: Status;
  health: number | null;
  value: number | null;
  target: number | null;
  latestPeriod: string | null;
  isStale: boolean;
  isFormula: boolean;
  /** The period whose value is due next (the expected latest period, or the one after it once that is in). */
  entryPeriod: string;
  /** The value already stored for entryPeriod, if any (entering again corrects it). */
  entryValue: number | null;
  /** The valid range (null = no bound on that side): a value outside it is refused. */
  min: number | null;
  max: number | null;
};

export type DepartmentViewDto = {
  agency: AgencySettingsDto;
  department: { code: string; name: string };
  subDepartments: string[];
  kpis: DepartmentKpi[];
  objectives: { code: string; title: string; status: Status | null; health: number | null; progress: number | null }[];
  canRecordMeasurements: boolean;
};

/**
 * The period whose value is due next: the expected latest period of spec/health.md's
 * staleness rule while it has no value, else the one after it.
 */
export function getEntryPeriod(
  frequency: "monthly" | "quarterly" | "annual",
  lagDays: number,
  latestPeriod: string | null,
  asOf: string,
  fiscalYearStartMonth: number,
): string {
  const expected = getExpectedLatestPeriod(frequency, lagDays, asOf, fiscalYearStartMonth);
  const latestIndex = latestPeriod ? (parsePeriodKey(latestPeriod)?.index ?? null) : null;
  const isExpectedIn = latestIndex !== null && latestIndex >= expected.index;
  return formatPeriodKey({ frequency, index: isExpectedIn ? expected.index + 1 : expected.index });
}

export type DepartmentOption = { code: string; name: string };

/** Departments an agency-wide reader may open; a department head has only their own. */
export async function listViewableDepartments(principal: Principal | null | undefined): Promise<DepartmentOption[]> {
  const caller = requirePermission(principal, "tree:read");
  const db = getPrisma();
  const branch = await getBranchDepartmentIds(db, caller);
  const rows = await db.department.findMany({
    where: { agencyId: caller.agencyId, retiredAt: null },
    select: { id: true, code: true, name: true },
    orderBy: { name: "asc" },
  });
  return rows.filter((row) => branch === null || branch.has(row.id)).map(({ code, name }) => ({ code, name }));
}

/**
 * The view of one department's branch. `code` defaults to a department head's own
 * department; null when the department does not exist for the caller.
 */
export async function getDepartmentView(
  principal: Principal | null | undefined,
  code?: string,
): Promise<DepartmentViewDto | null> {
  const caller = requirePermission(principal, "tree:read");
  const db = getPrisma();
  const agencyId = caller.agencyId;
  const branch = await getBranchDepartmentIds(db, caller);
  const departments = await db.department.findMany({
    where: { agencyId },
    select: { id: true, code: true, name: true, parentId: true },
  });
  const root =
    code !== undefined
      ? departments.find((department) => department.code === code)
      : departments.find((department) => caller.departmentId !== null && department.id === caller.departmentId);
  if (!root) return null;
  // A department head may open only their own branch.
  if (branch !== null && !branch.has(root.id)) return null;

  const inView = new Set<string>([root.id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const department of departments) {
      if (department.parentId && inView.has(department.parentId) && !inView.has(department.id)) {
        inView.add(department.id);
        grew = true;
      }
    }
  }
  const nameById = new Map(departments.map((department) => [department.id, department.name]));
  const [settings, kpis, objectives] = await Promise.all([
    loadAgencySettings(db, agencyId),
    db.kpi.findMany({
      where: { agencyId, departmentId: { in: [...inView] } },
      select: {
        id: true,
        code: true,
        name: true,
        unit: true,
        frequency: true,
        lagDays: true,
        formula: true,
        departmentId: true,
        minValue: true,
        maxValue: true,
      },
      orderBy: { name: "asc" },
    }),
    db.objective.findMany({
      where: { agencyId, departmentId: { in: [...inView] } },
      select: { code: true, title: true },
      orderBy: [{ position: "asc" }, { code: "asc" }],
    }),
  ]);
  if (!settings) return null;
  const asOf = settings.asOf ?? getTodayUtc();
  const stored = await loadStoredNodes(db, agencyId, [
    ...kpis.map((kpi) => toKpiNodeId(kpi.code)),
    ...objectives.map((objective) => toObjectiveNodeId(objective.code)),
  ]);

  const entryPeriods = kpis.map((kpi) => {
    const node = stored.get(toKpiNodeId(kpi.code));
    const latest = node?.kind === "kpi" ? node.period : null;
    return getEntryPeriod(kpi.frequency, kpi.lagDays, latest, asOf, settings.fiscalYearStartMonth);
  });
  const existing = await db.measurement.findMany({
    where: { OR: kpis.map((kpi, i) => ({ kpiId: kpi.id, period: entryPeriods[i]! })) },
    select: { kpiId: true, value: true },
  });
  const existingByKpi = new Map(existing.map((row) => [row.kpiId, row.value]));

  const rows: DepartmentKpi[] = kpis.map((kpi, i) => {
    const node: HealthNode | undefined = stored.get(toKpiNodeId(kpi.code));
    const kpiNode = node?.kind === "kpi" ? node : null;
    return {
      code: kpi.code,
      name: kpi.name,
      unit: kpi.unit,
      department: nameById.get(kpi.departmentId) ?? "",
      frequency: kpi.frequency,
      status: node?.status ?? "NO_DATA",
      health: node?.health ?? null,
      value: kpiNode?.value ?? null,
      target: kpiNode?.target ?? null,
      latestPeriod: kpiNode?.period ?? null,
      isStale: kpiNode?.stale ?? false,
      isFormula: Boolean(kpi.formula),
      entryPeriod: entryPeriods[i]!,
      entryValue: existingByKpi.get(kpi.id) ?? null,
      min: kpi.minValue,
      max: kpi.maxValue,
    };
  });
  // Due for an update first (stale), then the red ones, then by name.
  rows.sort(
    (a, b) =>
      Number(b.isStale) - Number(a.isStale) ||
      Number(b.status === "OFF_TRACK") - Number(a.status === "OFF_TRACK") ||
      a.name.localeCompare(b.name),
  );

  return {
    agency: settings,
    department: { code: root.code, name: root.name },
    subDepartments: departments
      .filter((department) => inView.has(department.id) && department.id !== root.id)
      .map((department) => department.name),
    kpis: rows,
    objectives: objectives.map((objective) => {
      const node = stored.get(toObjectiveNodeId(objective.code));
      return {
        code: objective.code,
        title: objective.title,
        status: node?.status ?? null,
        health: node?.health ?? null,
        progress: node && node.kind !== "kpi" ? node.progress : null,
      };
    }),
    canRecordMeasurements: can(caller, "measurement:write"),
  };
}
