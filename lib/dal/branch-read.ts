import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { tokenizeFormula, type HealthNode, type KpiExplanation } from "@/lib/domain";
import { toIsoDate } from "@/lib/dates";
import type { Tx } from "./access";
import { toAgencyThresholds } from "./thresholds";

// What the pages of the tree read, and what a principal may see of it.
//
// A department head sees their branch in full (objectives, their key results and KPIs owned
// by the department or a sub-department) and, read-only, the names and health of the nodes on
// the path up to the top objectives: the KPIs their KPIs drive, the key results tracking any
// of those, the objectives of those key results and every ancestor objective. A branch
// objective's key result that tracks another department's KPI shows that KPI the same way.
// Everything else does not exist for them: pages answer 404, never a hint that it does.

export type Scope = "full" | "path";

const objectiveSelect = {
  id: true,
  code: true,
  title: true,
  planId: true,
  parentId: true,
  departmentId: true,
  weight: true,
  position: true,
} satisfies Prisma.ObjectiveSelect;

const keyResultSelect = {
  id: true,
  code: true,
  title: true,
  objectiveId: true,
  kpiId: true,
  kind: true,
  weight: true,
  position: true,
} satisfies Prisma.KeyResultSelect;

const kpiSelect = {
  id: true,
  code: true,
  name: true,
  unit: true,
  ipo: true,
  departmentId: true,
} satisfies Prisma.KpiSelect;

const linkSelect = {
  id: true,
  fromKpiId: true,
  toKpiId: true,
  weight: true,
  polarity: true,
  version: true,
} satisfies Prisma.DriverLinkSelect;

export type ObjectiveRow = Prisma.ObjectiveGetPayload<{ select: typeof objectiveSelect }>;
export type KeyResultRow = Prisma.KeyResultGetPayload<{ select: typeof keyResultSelect }>;
export type KpiRow = Prisma.KpiGetPayload<{ select: typeof kpiSelect }>;
export type LinkRow = Prisma.DriverLinkGetPayload<{ select: typeof linkSelect }>;

export type TreeStructure = {
  objectives: ObjectiveRow[];
  keyResults: KeyResultRow[];
  kpis: KpiRow[];
  links: LinkRow[];
};

/** The agency's tree as small rows, in sibling order (the order the engine reads it in). */
export async function loadTreeStructure(db: Tx, agencyId: string): Promise<TreeStructure> {
  const siblingOrder = [{ position: "asc" as const }, { code: "asc" as const }];
  const [objectives, keyResults, kpis, links] = await Promise.all([
    db.objective.findMany({ where: { agencyId }, select: objectiveSelect, orderBy: siblingOrder }),
    db.keyResult.findMany({ where: { agencyId }, select: keyResultSelect, orderBy: siblingOrder }),
    db.kpi.findMany({ where: { agencyId }, select: kpiSelect, orderBy: [{ createdAt: "asc" }, { code: "asc" }] }),
    db.driverLink.findMany({ where: { agencyId }, select: linkSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
  ]);
  return { objectives, keyResults, kpis, links };
}

export type Visibility = {
  isAgencyWide: boolean;
  objective: (id: string) => Scope | null;
  keyResult: (id: string) => Scope | null;
  kpi: (id: string) => Scope | null;
};

const EVERYTHING: Visibility = {
  isAgencyWide: true,
  objective: () => "full",
  keyResult: () => "full",
  kpi: () => "full",
};

/** What a principal limited to `branch` (department ids) sees of the tree; null = agency-wide. */
export function computeVisibility(structure: TreeStructure, branch: ReadonlySet<string> | null): Visibility {
  if (branch === null) return EVERYTHING;
  const objectives = new Map<string, Scope>();
  const keyResults = new Map<string, Scope>();
  const kpis = new Map<string, Scope>();
  const objectiveById = new Map(structure.objectives.map((objective) => [objective.id, objective]));

  for (const objective of structure.objectives) {
    if (objective.departmentId !== null && branch.has(objective.departmentId)) objectives.set(objective.id, "full");
  }
  for (const keyResult of structure.keyResults) {
    if (objectives.get(keyResult.objectiveId) === "full") keyResults.set(keyResult.id, "full");
  }
  for (const kpi of structure.kpis) if (branch.has(kpi.departmentId)) kpis.set(kpi.id, "full");

  // Up the driver links: every KPI a branch KPI drives, transitively.
  const drivenBy = new Map<string, string[]>();
  for (const link of structure.links) {
    const list = drivenBy.get(link.fromKpiId) ?? [];
    list.push(link.toKpiId);
    drivenBy.set(link.fromKpiId, list);
  }
  const stack = [...kpis.keys()];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const next of drivenBy.get(id) ?? []) {
      if (kpis.has(next)) continue;
      kpis.set(next, "path");
      stack.push(next);
    }
  }
  // A branch key result's KPI, whoever owns it.
  for (const keyResult of structure.keyResults) {
    if (keyResults.get(keyResult.id) === "full" && keyResult.kpiId && !kpis.has(keyResult.kpiId)) {
      kpis.set(keyResult.kpiId, "path");
    }
  }
  // The key results tracking any visible KPI, and the objectives above everything visible.
  for (const keyResult of structure.keyResults) {
    if (!keyResults.has(keyResult.id) && keyResult.kpiId && kpis.has(keyResult.kpiId)) {
      keyResults.set(keyResult.id, "path");
    }
  }
  const climb = (objectiveId: string | null) => {
    let current = objectiveId;
    const seen = new Set<string>();
    while (current !== null && !seen.has(current)) {
      seen.add(current);
      if (!objectives.has(current)) objectives.set(current, "path");
      current = objectiveById.get(current)?.parentId ?? null;
    }
  };
  for (const keyResult of structure.keyResults) if (keyResults.has(keyResult.id)) climb(keyResult.objectiveId);
  for (const [id, scope] of [...objectives]) if (scope === "full") climb(objectiveById.get(id)?.parentId ?? null);

  return {
    isAgencyWide: false,
    objective: (id) => objectives.get(id) ?? null,
    keyResult: (id) => keyResults.get(id) ?? null,
    kpi: (id) => kpis.get(id) ?? null,
  };
}

// What a branch-limited reader is shown of a KPI it may not see, wherever its code would appear (the KPI page, the
// API's GET /kpis/{code}): its numbers stay — a driver's weight and share, a formula input's value — but its code is
// blank in a code field and "?" in a formula, so that the arithmetic still reads and nothing names the KPI.
export const HIDDEN_KPI_CODE = "";
export const HIDDEN_FORMULA_OPERAND = "?";

/** The codes of the KPIs a visibility hides: none agency-wide. */
export function listHiddenKpiCodes(structure: TreeStructure, visibility: Visibility): ReadonlySet<string> {
  if (visibility.isAgencyWide) return new Set();
  return new Set(structure.kpis.filter((kpi) => visibility.kpi(kpi.id) === null).map((kpi) => kpi.code));
}

/** A formula with each hidden KPI's code replaced by "?"; numbers, operators, functions and visible codes kept. */
export function maskFormula(expression: string, hidden: ReadonlySet<string>): string {
  if (hidden.size === 0) return expression;
  let masked = "";
  let copiedTo = 0;
  for (const token of tokenizeFormula(expression)) {
    if (token.type !== "identifier" || !hidden.has(token.text)) continue;
    masked += expression.slice(copiedTo, token.position) + HIDDEN_FORMULA_OPERAND;
    copiedTo = token.position + token.text.length;
  }
  return masked + expression.slice(copiedTo);
}

/** A KPI's explanation as a branch-limited reader sees it: every code of a hidden KPI masked, every number kept. */
export function maskKpiExplanation(explanation: KpiExplanation, hidden: ReadonlySet<string>): KpiExplanation {
  if (hidden.size === 0) return explanation;
  const maskCode = (code: string) => (hidden.has(code) ? HIDDEN_KPI_CODE : code);
  const formula = explanation.formula;
  return {
    ...explanation,
    drivers: explanation.drivers.map((driver) => ({ ...driver, code: maskCode(driver.code) })),
    formula: formula
      ? {
          ...formula,
          expression: maskFormula(formula.expression, hidden),
          inputs: formula.inputs.map((input) => ({ ...input, code: maskCode(input.code) })),
          latestGap: formula.latestGap
            ? { ...formula.latestGap, missing: formula.latestGap.missing.map(maskCode) }
            : null,
        }
      : null,
  };
}

/** Stored health by node key ("kpi:code", "kr:code", "objective:code"), as the API reports each node. */
export async function loadStoredNodes(db: Tx, agencyId: string, nodeKeys?: readonly string[]) {
  const rows = await db.healthResult.findMany({
    where: nodeKeys ? { agencyId, nodeKey: { in: [...nodeKeys] } } : { agencyId },
    select: { nodeKey: true, result: true },
  });
  return new Map(rows.map((row) => [row.nodeKey, row.result as unknown as HealthNode]));
}

/** The agency's settings the pages show numbers and periods with. */
export async function loadAgencySettings(db: Tx, agencyId: string) {
  return (await loadAgencySettingsAndMarker(db, agencyId))?.settings ?? null;
}

/** The agency's settings and its change marker (loadChangeMarker), in one read, for pages that need both. */
export async function loadAgencySettingsAndMarker(db: Tx, agencyId: string) {
  const agency = await db.agency.findUnique({
    where: { id: agencyId },
    select: {
      name: true,
      fiscalYearStartMonth: true,
      onTrackThreshold: true,
      atRiskThreshold: true,
      healthAsOf: true,
      healthPendingSince: true,
      dataVersion: true,
    },
  });
  if (!agency) return null;
  const settings = {
    name: agency.name,
    fiscalYearStartMonth: agency.fiscalYearStartMonth,
    thresholds: toAgencyThresholds(agency),
    asOf: toIsoDate(agency.healthAsOf),
    /** A large data load is still being recomputed in the background: stored health is behind the data. */
    isHealthPending: agency.healthPendingSince !== null,
  };
  return { settings, changeMarker: String(agency.dataVersion) };
}

export type AgencySettingsDto = NonNullable<Awaited<ReturnType<typeof loadAgencySettings>>>;

/**
 * A marker that changes whenever the agency's tree, its data or its stored health does, for
 * caches of what pages build from them. Agency.dataVersion goes up, under the agency's lock,
 * with every such write (lib/dal/health-store.ts bumpDataVersion): exact, and the same on
 * every server.
 */
export async function loadChangeMarker(db: Tx, agencyId: string): Promise<string> {
  const agency = await db.agency.findUnique({ where: { id: agencyId }, select: { dataVersion: true } });
  return String(agency?.dataVersion ?? 0);
}
