import "server-only";
import { getPrisma } from "@/lib/db";
import { can, type Principal } from "@/lib/auth/permissions";
import { toKeyResultNodeId, toKpiNodeId, toObjectiveNodeId, type Status } from "@/lib/domain";
import { toIsoDate } from "@/lib/dates";
import { getBranchDepartmentIds, requirePermission, type Tx } from "./access";
import {
  computeVisibility,
  loadAgencySettings,
  loadAgencySettingsAndMarker,
  loadTreeStructure,
  type Scope,
} from "./branch-read";

// The tree page's one compact JSON: every node the caller may see, once each, addressed by
// index, with its stored health. The page draws a tree from it on the client, expanding only
// what the user opens, so a KPI that drives two parents is sent once and drawn under both.

/** One node. Short keys: a 2,000-node plan is sent on every visit to the tree page. */
export type TreeNodeDto = {
  /** kind: objective, key result, KPI */
  t: "o" | "r" | "k";
  /** code */
  c: string;
  /** name or title */
  n: string;
  /** status */
  s: Status;
  /** health in [0, 1] */
  h: number | null;
  /** progress (objectives and key results) */
  p?: number | null;
  /** latest value and its target (KPIs) */
  v?: number | null;
  g?: number | null;
  /** unit (KPIs) */
  u?: string;
  /** IPO level (KPIs): i, p, o */
  l?: "i" | "p" | "o";
  /** stale, divergent, shared (drawn under more than one parent), read-only path node for a department head */
  st?: 1;
  dv?: 1;
  sh?: 1;
  ro?: 1;
  /** children: an objective's key results then its child objectives; a key result's KPI; a KPI's drivers */
  ch?: number[];
};

/** A KPI that no key result of the plan reaches, directly or through drivers: listed beside the tree. */
export type UnlinkedKpiDto = { code: string; name: string; status: Status; ipo: "input" | "process" | "outcome" };

export type TreeViewDto = {
  plan: { id: string; version: number; code: string; name: string; start: string; end: string } | null;
  asOf: string | null;
  fiscalYearStartMonth: number;
  /** A large data load is still being recomputed: the stored health shown is behind the data. */
  isHealthPending: boolean;
  canEdit: boolean;
  roots: number[];
  nodes: TreeNodeDto[];
  /** KPIs the tree does not draw (no key result reaches them), by name: a new KPI is visible and openable here. */
  unlinked: UnlinkedKpiDto[];
};

const IPO_LETTER = { input: "i", process: "p", outcome: "o" } as const;

type TreeHealthRow = {
  status: Status;
  health: number | null;
  progress: number | null;
  value: number | null;
  target: number | null;
  stale: boolean | null;
  divergent: boolean | null;
};

/**
 * The stored health the tree shows, by node key: only the fields it draws, read from the
 * stored node JSON in SQL, so a large tree does not parse every node's whole result.
 */
async function loadTreeHealth(db: Tx, agencyId: string): Promise<Map<string, TreeHealthRow>> {
  const rows = await db.$queryRaw<(TreeHealthRow & { nodeKey: string })[]>`
    SELECT "nodeKey", status::text AS status, health, progress,
           (result->>'value')::float8 AS value, (result->>'target')::float8 AS target,
           (result->>'stale')::boolean AS stale, (result->>'divergent')::boolean AS divergent
    FROM "HealthResult" WHERE "agencyId" = ${agencyId}::uuid`;
  return new Map(rows.map(({ nodeKey, ...row }) => [nodeKey, row]));
}

type BuiltTree = Omit<TreeViewDto, "canEdit">;

// Building a 2,000-node tree costs more than serving it, and it changes only when the tree or
// its data does — and every such write raises the agency's version (loadChangeMarker; the daily
// refresh changes the stored date). Built trees are remembered per agency, date, marker and branch:
// a cache of database state, so any server builds the same tree.
const treeCache = new Map<string, BuiltTree>();
const TREE_CACHE_SIZE = 20;

/**
 * The tree the caller may see. While the tree has not changed, callers get the same `nodes`
 * array (never to be mutated), so that what is built from it can be remembered too.
 */
export async function getTreeView(principal: Principal | null | undefined): Promise<TreeViewDto> {
  const caller = requirePermission(principal, "tree:read");
  const prisma = getPrisma();
  const [agency, branch] = await Promise.all([
    loadAgencySettingsAndMarker(prisma, caller.agencyId),
    getBranchDepartmentIds(prisma, caller),
  ]);
  const settings = agency?.settings ?? null;
  const latestChange = agency?.changeMarker ?? "0";
  const key = [
    caller.agencyId,
    settings?.asOf ?? "",
    latestChange,
    branch === null ? "*" : [...branch].sort().join(","),
  ].join("|");
  let built = treeCache.get(key);
  if (!built) {
    built = await buildTree(caller.agencyId, settings, branch);
    if (treeCache.size >= TREE_CACHE_SIZE) treeCache.delete(treeCache.keys().next().value!);
    treeCache.set(key, built);
  }
  const canEdit = can(caller, "tree:edit") && branch === null;
  return { ...built, canEdit };
}

async function buildTree(
  agencyId: string,
  settings: Awaited<ReturnType<typeof loadAgencySettings>>,
  branch: ReadonlySet<string> | null,
): Promise<BuiltTree> {
  const prisma = getPrisma();
  const [plans, structure, stored] = await Promise.all([
    prisma.plan.findMany({
      where: { agencyId },
      select: { id: true, code: true, name: true, startDate: true, endDate: true, version: true },
      orderBy: [{ startDate: "asc" }, { code: "asc" }],
    }),
    loadTreeStructure(prisma, agencyId),
    loadTreeHealth(prisma, agencyId),
  ]);
  const visibility = computeVisibility(structure, branch);
  const plan = plans.find((candidate) => structure.objectives.some((o) => o.planId === candidate.id)) ?? plans[0];
  const base = {
    asOf: settings?.asOf ?? null,
    fiscalYearStartMonth: settings?.fiscalYearStartMonth ?? 1,
    isHealthPending: settings?.isHealthPending ?? false,
  };
  const listUnlinked = (reached: ReadonlySet<string>): UnlinkedKpiDto[] =>
    structure.kpis
      .filter((kpi) => !reached.has(kpi.id) && visibility.kpi(kpi.id) !== null)
      .map((kpi) => ({
        code: kpi.code,
        name: kpi.name,
        status: stored.get(toKpiNodeId(kpi.code))?.status ?? "NO_DATA",
        ipo: kpi.ipo,
      }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.code.localeCompare(b.code));
  if (!plan) return { ...base, plan: null, roots: [], nodes: [], unlinked: listUnlinked(new Set()) };

  const nodes: TreeNodeDto[] = [];
  const indexOf = new Map<string, number>();
  const readOnly = (scope: Scope) => (scope === "path" ? { ro: 1 as const } : {});
  const health = (key: string): TreeHealthRow | undefined => stored.get(key);

  const addNode = (key: string, node: TreeNodeDto) => {
    indexOf.set(key, nodes.length);
    nodes.push(node);
  };

  // Objectives and key results of the plan, and the KPIs of the whole agency (a KPI belongs to no plan).
  const objectives = structure.objectives.filter((o) => o.planId === plan.id && visibility.objective(o.id) !== null);
  const objectiveIds = new Set(objectives.map((o) => o.id));
  const keyResults = structure.keyResults.filter(
    (kr) => objectiveIds.has(kr.objectiveId) && visibility.keyResult(kr.id) !== null,
  );
  // Only the KPIs the plan's key results reach, directly or through drivers.
  const visibleLinks = structure.links.filter(
    (link) => visibility.kpi(link.fromKpiId) !== null && visibility.kpi(link.toKpiId) !== null,
  );
  const driversOf = new Map<string, string[]>();
  for (const link of visibleLinks)
    driversOf.set(link.toKpiId, [...(driversOf.get(link.toKpiId) ?? []), link.fromKpiId]);
  const kpiIds = new Set<string>();
  const stack = keyResults.flatMap((kr) => (kr.kpiId && visibility.kpi(kr.kpiId) !== null ? [kr.kpiId] : []));
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (kpiIds.has(id)) continue;
    kpiIds.add(id);
    stack.push(...(driversOf.get(id) ?? []));
  }
  const kpis = structure.kpis.filter((kpi) => kpiIds.has(kpi.id));
  const links = visibleLinks.filter((link) => kpiIds.has(link.toKpiId));

  for (const objective of objectives) {
    const node = health(toObjectiveNodeId(objective.code));
    addNode(objective.id, {
      t: "o",
      c: objective.code,
      n: objective.title,
      s: node?.status ?? "NO_DATA",
      h: node?.health ?? null,
      p: node?.progress ?? null,
      ...readOnly(visibility.objective(objective.id)!),
    });
  }
  for (const keyResult of keyResults) {
    const node = health(toKeyResultNodeId(keyResult.code));
    addNode(keyResult.id, {
      t: "r",
      c: keyResult.code,
      n: keyResult.title,
      s: node?.status ?? "NO_DATA",
      h: node?.health ?? null,
      p: node?.progress ?? null,
      ...readOnly(visibility.keyResult(keyResult.id)!),
    });
  }
  // How many parents each KPI is drawn under: the key results tracking it and the KPIs it drives.
  const parentCount = new Map<string, number>();
  const countParent = (kpiId: string) => parentCount.set(kpiId, (parentCount.get(kpiId) ?? 0) + 1);
  for (const keyResult of keyResults) if (keyResult.kpiId && kpiIds.has(keyResult.kpiId)) countParent(keyResult.kpiId);
  for (const link of links) countParent(link.fromKpiId);
  for (const kpi of kpis) {
    const node = health(toKpiNodeId(kpi.code));
    const kpiNode = node ?? null;
    addNode(kpi.id, {
      t: "k",
      c: kpi.code,
      n: kpi.name,
      s: node?.status ?? "NO_DATA",
      h: node?.health ?? null,
      v: kpiNode?.value ?? null,
      g: kpiNode?.target ?? null,
      u: kpi.unit,
      l: IPO_LETTER[kpi.ipo],
      ...(kpiNode?.stale ? { st: 1 as const } : {}),
      ...(kpiNode?.divergent ? { dv: 1 as const } : {}),
      ...((parentCount.get(kpi.id) ?? 0) > 1 ? { sh: 1 as const } : {}),
      ...readOnly(visibility.kpi(kpi.id)!),
    });
  }

  const addChild = (parentId: string, childId: string) => {
    const parent = nodes[indexOf.get(parentId)!]!;
    (parent.ch ??= []).push(indexOf.get(childId)!);
  };
  for (const keyResult of keyResults) {
    addChild(keyResult.objectiveId, keyResult.id);
    if (keyResult.kpiId && kpiIds.has(keyResult.kpiId)) addChild(keyResult.id, keyResult.kpiId);
  }
  const roots: number[] = [];
  for (const objective of objectives) {
    if (objective.parentId && objectiveIds.has(objective.parentId)) addChild(objective.parentId, objective.id);
    else roots.push(indexOf.get(objective.id)!);
  }
  for (const link of links) addChild(link.toKpiId, link.fromKpiId);

  return {
    ...base,
    plan: {
      id: plan.id,
      version: plan.version,
      code: plan.code,
      name: plan.name,
      start: toIsoDate(plan.startDate),
      end: toIsoDate(plan.endDate),
    },
    roots,
    nodes,
    unlinked: listUnlinked(kpiIds),
  };
}
