// No `import "server-only"` in this module, lib/db.ts or lib/env.ts: the public pages are Pages
// Router pages (pages/p/…) whose getServerSideProps imports it, and Next rejects "server-only"
// anywhere in a Pages Router page's module graph. Next leaves getServerSideProps and what only it
// imports out of the browser bundle; eslint.config.mjs keeps components from importing this
// module at run time, and everything but lib/dal from importing lib/db.
import { getPrisma } from "@/lib/db";
import { getTodayUtc } from "@/lib/clock";
import {
  formatPeriodKey,
  getPeriodContainingDate,
  toKeyResultNodeId,
  toKpiNodeId,
  toObjectiveNodeId,
  type KpiHealthNode,
  type Status,
} from "@/lib/domain";
import type { Prisma } from "@/lib/generated/prisma/client";
import { toIsoDate } from "@/lib/dates";
import type { Tx } from "./access";

// What residents see, with no sign-in: only what the agency published. Every read here
// filters on `published` itself (and on `isInternal = false` for commentary), and the
// payloads carry no explanation, no `weakest` code and no link to anything unpublished, so
// nothing unpublished can leak through a field that happens to name it.
//
// Each page's data is built once per agency and dataVersion and kept in PublicSnapshot:
// a cache in PostgreSQL that every app server shares. Writes that can change public data
// bump dataVersion (lib/dal/health-store.ts), so the next request anywhere rebuilds it.

export type PublicSeriesPoint = { period: string; value: number; target: number | null };

export type PublicCommentary = { period: string | null; body: string; updatedAt: string };

export type PublicKpiSummary = {
  code: string;
  name: string;
  unit: string;
  description: string;
  department: string;
  direction: "increase" | "decrease" | "maintain";
  frequency: "monthly" | "quarterly" | "annual";
  status: Status;
  period: string | null;
  value: number | null;
  target: number | null;
  stale: boolean;
  /** The most recent periods, oldest first. */
  recent: PublicSeriesPoint[];
  commentary: PublicCommentary[];
};

export type PublicKeyResult = {
  code: string;
  title: string;
  kind: "metric" | "milestone" | "qualitative";
  status: Status;
  progress: number | null;
  /** The tracked KPI's code, only when that KPI is published too. */
  kpi: string | null;
};

export type PublicObjective = {
  code: string;
  title: string;
  description: string;
  department: string | null;
  status: Status;
  health: number | null;
  progress: number | null;
  keyResults: PublicKeyResult[];
  commentary: PublicCommentary[];
  children: PublicObjective[];
};

export type PublicDashboard = {
  agency: { name: string; slug: string; fiscalYearStartMonth: number };
  healthAsOf: string | null;
  /** When a published KPI last received data. */
  lastUpdated: string | null;
  objectives: PublicObjective[];
  kpis: PublicKpiSummary[];
};

export type PublicKpiPage = {
  agency: { name: string; slug: string; fiscalYearStartMonth: number };
  healthAsOf: string | null;
  kpi: PublicKpiSummary & { attainment: number | null; health: number | null };
  series: PublicSeriesPoint[];
  drivers: { code: string; name: string; status: Status }[];
  drives: { code: string; name: string; status: Status }[];
};

const RECENT_PERIODS = 12;
const RECENT_COMMENTARY = 3;

type AgencyRow = {
  id: string;
  name: string;
  slug: string;
  fiscalYearStartMonth: number;
  dataVersion: number;
  healthAsOf: Date | null;
};

async function findAgency(slug: string): Promise<AgencyRow | null> {
  return getPrisma().agency.findUnique({
    where: { slug },
    select: { id: true, name: true, slug: true, fiscalYearStartMonth: true, dataVersion: true, healthAsOf: true },
  });
}

/** The snapshot of `key` for the agency's current data version, built and stored when missing. */
async function readThroughSnapshot<T>(
  agency: AgencyRow,
  key: string,
  build: (db: Tx) => Promise<T | null>,
): Promise<T | null> {
  const prisma = getPrisma();
  const stored = await prisma.publicSnapshot.findUnique({
    where: { agencyId_key: { agencyId: agency.id, key } },
    select: { version: true, payload: true },
  });
  if (stored && stored.version === agency.dataVersion) return stored.payload as T;
  const payload = await prisma.$transaction((db) => build(db));
  if (payload === null) return null;
  const json = JSON.parse(JSON.stringify(payload)) as Prisma.InputJsonValue;
  // Only ever move a snapshot forward: a slow builder of an older version must not
  // overwrite a newer one.
  await prisma.$executeRaw`
    INSERT INTO "PublicSnapshot" ("agencyId", key, version, payload, "createdAt")
    VALUES (${agency.id}::uuid, ${key}, ${agency.dataVersion}, ${JSON.stringify(json)}::jsonb, now())
    ON CONFLICT ("agencyId", key) DO UPDATE SET version = EXCLUDED.version, payload = EXCLUDED.payload, "createdAt" = now()
    WHERE "PublicSnapshot".version < EXCLUDED.version`;
  return payload;
}

/** Period keys that have started by today: scheduled data is never shown. */
function startedPeriodBound(fiscalYearStartMonth: number) {
  const today = getTodayUtc();
  return {
    monthly: formatPeriodKey(getPeriodContainingDate(today, "monthly", fiscalYearStartMonth)),
    quarterly: formatPeriodKey(getPeriodContainingDate(today, "quarterly", fiscalYearStartMonth)),
    annual: formatPeriodKey(getPeriodContainingDate(today, "annual", fiscalYearStartMonth)),
  };
}

type KpiRow = {
  id: string;
  code: string;
  name: string;
  unit: string;
  description: string;
  direction: PublicKpiSummary["direction"];
  frequency: PublicKpiSummary["frequency"];
  target: number | null;
  department: { name: string };
  targets: { period: string; value: number }[];
  measurements: { period: string; value: number }[];
};

const publishedKpiSelect = {
  id: true,
  code: true,
  name: true,
  unit: true,
  description: true,
  direction: true,
  frequency: true,
  target: true,
  department: { select: { name: true } },
  targets: { select: { period: true, value: true } },
  measurements: { select: { period: true, value: true }, orderBy: { period: "asc" as const } },
} as const;

function toSeries(kpi: KpiRow, bound: ReturnType<typeof startedPeriodBound>): PublicSeriesPoint[] {
  const targets = new Map(kpi.targets.map((target) => [target.period, target.value]));
  const limit = bound[kpi.frequency];
  return kpi.measurements
    .filter((measurement) => measurement.period <= limit)
    .map((measurement) => ({
      period: measurement.period,
      value: measurement.value,
      target: targets.get(measurement.period) ?? kpi.target,
    }));
}

async function loadPublishedCommentary(db: Tx, agencyId: string, nodeKind: "kpi" | "objective", nodeIds: string[]) {
  const rows = await db.commentary.findMany({
    where: { agencyId, nodeKind, nodeId: { in: nodeIds }, isInternal: false },
    orderBy: [{ period: "desc" }, { updatedAt: "desc" }],
    select: { nodeId: true, period: true, body: true, updatedAt: true },
  });
  const byNode = new Map<string, PublicCommentary[]>();
  for (const row of rows) {
    const list = byNode.get(row.nodeId) ?? [];
    list.push({ period: row.period, body: row.body, updatedAt: row.updatedAt.toISOString() });
    byNode.set(row.nodeId, list);
  }
  return byNode;
}

async function loadStoredNodes(db: Tx, agencyId: string, nodeKeys: string[]) {
  const rows = await db.healthResult.findMany({
    where: { agencyId, nodeKey: { in: nodeKeys } },
    select: { nodeKey: true, result: true },
  });
  return new Map(rows.map((row) => [row.nodeKey, row.result as Record<string, unknown>]));
}

function toKpiSummary(
  kpi: KpiRow,
  node: Record<string, unknown> | undefined,
  commentary: PublicCommentary[],
  bound: ReturnType<typeof startedPeriodBound>,
  recentCount: number,
): PublicKpiSummary {
  const health = node as Partial<KpiHealthNode> | undefined;
  const series = toSeries(kpi, bound);
  return {
    code: kpi.code,
    name: kpi.name,
    unit: kpi.unit,
    description: kpi.description,
    department: kpi.department.name,
    direction: kpi.direction,
    frequency: kpi.frequency,
    status: health?.status ?? "NO_DATA",
    period: health?.period ?? null,
    value: health?.value ?? null,
    target: health?.target ?? null,
    stale: health?.stale ?? false,
    recent: series.slice(-recentCount),
    commentary: commentary.slice(0, RECENT_COMMENTARY),
  };
}

/**
 * The agency's data version, or null for an unknown agency. It goes up with every write
 * that can change what residents see, so a page rendered for a version can be reused until then.
 */
export async function getPublicDataVersion(slug: string): Promise<number | null> {
  const agency = await getPrisma().agency.findUnique({ where: { slug }, select: { dataVersion: true } });
  return agency?.dataVersion ?? null;
}

/** The agency's public home page data, or null for an unknown agency. */
export async function getPublicDashboard(slug: string): Promise<PublicDashboard | null> {
  const agency = await findAgency(slug);
  if (!agency) return null;
  return readThroughSnapshot(agency, "dashboard", async (db) => {
    const bound = startedPeriodBound(agency.fiscalYearStartMonth);
    const kpis = await db.kpi.findMany({
      where: { agencyId: agency.id, published: true },
      orderBy: [{ createdAt: "asc" }, { code: "asc" }],
      select: publishedKpiSelect,
    });
    const objectives = await db.objective.findMany({
      where: { agencyId: agency.id, published: true },
      orderBy: [{ position: "asc" }, { code: "asc" }],
      select: {
        id: true,
        code: true,
        title: true,
        description: true,
        parentId: true,
        department: { select: { name: true } },
        keyResults: {
          where: { published: true },
          orderBy: [{ position: "asc" }, { code: "asc" }],
          select: { code: true, title: true, kind: true, kpi: { select: { code: true, published: true } } },
        },
      },
    });
    const lastMeasurement = await db.measurement.findFirst({
      where: { agencyId: agency.id, kpi: { published: true } },
      orderBy: { enteredAt: "desc" },
      select: { enteredAt: true },
    });
    const nodeKeys = [
      ...kpis.map((kpi) => toKpiNodeId(kpi.code)),
      ...objectives.map((objective) => toObjectiveNodeId(objective.code)),
      ...objectives.flatMap((objective) => objective.keyResults.map((keyResult) => toKeyResultNodeId(keyResult.code))),
    ];
    const stored = await loadStoredNodes(db, agency.id, nodeKeys);
    const kpiCommentary = await loadPublishedCommentary(
      db,
      agency.id,
      "kpi",
      kpis.map((kpi) => kpi.id),
    );
    const objectiveCommentary = await loadPublishedCommentary(
      db,
      agency.id,
      "objective",
      objectives.map((objective) => objective.id),
    );

    const publishedIds = new Set(objectives.map((objective) => objective.id));
    const toObjective = (objective: (typeof objectives)[number]): PublicObjective => {
      const node = stored.get(toObjectiveNodeId(objective.code));
      return {
        code: objective.code,
        title: objective.title,
        description: objective.description,
        department: objective.department?.name ?? null,
        status: (node?.status as Status | undefined) ?? "NO_DATA",
        health: (node?.health as number | null | undefined) ?? null,
        progress: (node?.progress as number | null | undefined) ?? null,
        keyResults: objective.keyResults.map((keyResult) => {
          const krNode = stored.get(toKeyResultNodeId(keyResult.code));
          return {
            code: keyResult.code,
            title: keyResult.title,
            kind: keyResult.kind,
            status: (krNode?.status as Status | undefined) ?? "NO_DATA",
            progress: (krNode?.progress as number | null | undefined) ?? null,
            kpi: keyResult.kpi?.published ? keyResult.kpi.code : null,
          };
        }),
        commentary: (objectiveCommentary.get(objective.id) ?? []).slice(0, RECENT_COMMENTARY),
        children: objectives.filter((child) => child.parentId === objective.id).map(toObjective),
      };
    };
    // An objective is shown at the top when its parent is not published (or it has none).
    const roots = objectives.filter((objective) => !objective.parentId || !publishedIds.has(objective.parentId));
    return {
      agency: { name: agency.name, slug: agency.slug, fiscalYearStartMonth: agency.fiscalYearStartMonth },
      healthAsOf: toIsoDate(agency.healthAsOf),
      lastUpdated: lastMeasurement?.enteredAt.toISOString() ?? null,
      objectives: roots.map(toObjective),
      kpis: kpis.map((kpi) =>
        toKpiSummary(kpi, stored.get(toKpiNodeId(kpi.code)), kpiCommentary.get(kpi.id) ?? [], bound, RECENT_PERIODS),
      ),
    };
  });
}

/** One published KPI's page data, or null when the agency or a published KPI of that code does not exist. */
export async function getPublicKpi(slug: string, code: string): Promise<PublicKpiPage | null> {
  const agency = await findAgency(slug);
  if (!agency) return null;
  return readThroughSnapshot(agency, toKpiNodeId(code), async (db) => {
    const kpi = await db.kpi.findFirst({
      where: { agencyId: agency.id, code, published: true },
      select: publishedKpiSelect,
    });
    if (!kpi) return null;
    const bound = startedPeriodBound(agency.fiscalYearStartMonth);
    const links = await db.driverLink.findMany({
      where: { agencyId: agency.id, OR: [{ toKpiId: kpi.id }, { fromKpiId: kpi.id }] },
      select: {
        fromKpiId: true,
        fromKpi: { select: { code: true, name: true, published: true } },
        toKpi: { select: { code: true, name: true, published: true } },
      },
    });
    const drivers = links
      .filter((link) => link.fromKpiId !== kpi.id && link.fromKpi.published)
      .map((link) => link.fromKpi);
    const drives = links.filter((link) => link.fromKpiId === kpi.id && link.toKpi.published).map((link) => link.toKpi);
    const stored = await loadStoredNodes(
      db,
      agency.id,
      [kpi, ...drivers, ...drives].map((node) => toKpiNodeId(node.code)),
    );
    const commentary = await loadPublishedCommentary(db, agency.id, "kpi", [kpi.id]);
    const node = stored.get(toKpiNodeId(kpi.code)) as Partial<KpiHealthNode> | undefined;
    const statusOf = (other: { code: string }) =>
      (stored.get(toKpiNodeId(other.code))?.status as Status | undefined) ?? "NO_DATA";
    const series = toSeries(kpi, bound);
    return {
      agency: { name: agency.name, slug: agency.slug, fiscalYearStartMonth: agency.fiscalYearStartMonth },
      healthAsOf: toIsoDate(agency.healthAsOf),
      kpi: {
        ...toKpiSummary(kpi, node, commentary.get(kpi.id) ?? [], bound, RECENT_PERIODS),
        commentary: commentary.get(kpi.id) ?? [],
        attainment: node?.attainment ?? null,
        health: node?.health ?? null,
      },
      series,
      drivers: drivers.map((driver) => ({ code: driver.code, name: driver.name, status: statusOf(driver) })),
      drives: drives.map((driven) => ({ code: driven.code, name: driven.name, status: statusOf(driven) })),
    };
  });
}
