import "server-only";
import { getPrisma } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { can, type Principal } from "@/lib/auth/permissions";
import { collectKpisReachedByKeyResults, NODE_ID_PREFIX, type Status } from "@/lib/domain";
import { ConflictError, NotFoundError } from "@/lib/errors";
import {
  KPI_LIBRARY_PAGE_SIZE,
  type BulkAssignDepartmentInput,
  type KpiLibraryQuery,
} from "@/lib/validation/kpi-library";
import { getBranchDepartmentIds, requirePermission, type Tx } from "./access";
import { describeLastChange } from "./audit";
import { loadAgencySettingsAndMarker } from "./branch-read";
import { requireDepartmentId } from "./kpis";
import { runTreeWrite } from "./tree-write";

// The KPI library: every KPI of the agency in one list, including those no key result reaches (the tree draws only
// the KPIs its key results reach), filtered and paged in SQL so that a 2,000-KPI agency sends one page at a time.
// The page is read lean: the KPIs' own columns are filtered, counted and sorted on their index, and stored health is
// joined for the page's rows only (for every row only when filtering by status). Which KPIs the key results reach is
// lib/domain's rule, kept per agency and change marker, as the tree is.

export type KpiLibraryRow = {
  id: string;
  code: string;
  name: string;
  unit: string;
  ipo: "input" | "process" | "outcome";
  department: { code: string; name: string };
  /** The stored health's status; NO_DATA when none is stored yet. */
  status: Status;
  /** The latest value and its period, as stored health has them. */
  value: number | null;
  period: string | null;
  isStale: boolean;
  published: boolean;
  /** No key result reaches it, directly or through the KPIs it drives: the tree does not draw it. */
  isUnlinked: boolean;
  version: number;
};

export type KpiLibraryDto = {
  rows: KpiLibraryRow[];
  /** How many KPIs match the filters, over every page. */
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  /** The departments the caller may filter by (a department head: their branch). */
  departments: { code: string; name: string }[];
  fiscalYearStartMonth: number;
  isHealthPending: boolean;
  /** Officers: bulk department assignment and the links to edit. */
  canEdit: boolean;
  canPublish: boolean;
};

type LibrarySqlRow = Omit<KpiLibraryRow, "department" | "isUnlinked"> & {
  departmentCode: string;
  departmentName: string;
};

/** `%` and `_` typed in the search box are searched for, not wildcards. */
function toContainsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

// The reached KPIs of an agency change only when its tree does, and every such write raises its change marker
// (loadChangeMarker). Kept per agency and marker, a cache of database state like the tree's (lib/dal/tree-read.ts).
const reachedCache = new Map<string, readonly string[]>();
const REACHED_CACHE_SIZE = 20;

/** The ids of the KPIs the agency's key results reach (lib/domain collectKpisReachedByKeyResults). */
async function loadReachedKpiIds(db: Tx, agencyId: string, marker: string): Promise<readonly string[]> {
  const key = `${agencyId}|${marker}`;
  const cached = reachedCache.get(key);
  if (cached) return cached;
  const [tracked, links] = await Promise.all([
    db.keyResult.findMany({ where: { agencyId, kpiId: { not: null } }, select: { kpiId: true } }),
    db.driverLink.findMany({ where: { agencyId }, select: { fromKpiId: true, toKpiId: true } }),
  ]);
  const reached = [
    ...collectKpisReachedByKeyResults(
      tracked.map((row) => row.kpiId as string),
      links.map((link) => ({ from: link.fromKpiId, to: link.toKpiId })),
    ),
  ];
  if (reachedCache.size >= REACHED_CACHE_SIZE) reachedCache.delete(reachedCache.keys().next().value!);
  reachedCache.set(key, reached);
  return reached;
}

/** A KPI's stored-health key (its node id) built in SQL from its code column; the prefix comes from lib/domain. */
const kpiHealthKey = (alias: "k" | "p") => Prisma.sql`${NODE_ID_PREFIX.kpi}::text || ${Prisma.raw(alias)}.code`;

/** The KPIs of the agency (of a department head's branch) that match the filters: FROM … WHERE, no columns. */
function matchingKpis(
  agencyId: string,
  branch: ReadonlySet<string> | null,
  query: KpiLibraryQuery,
  reached: readonly string[],
): Prisma.Sql {
  const where: Prisma.Sql[] = [Prisma.sql`k."agencyId" = ${agencyId}::uuid`];
  if (branch !== null) where.push(Prisma.sql`k."departmentId" = ANY(${[...branch]}::uuid[])`);
  if (query.department) where.push(Prisma.sql`d.code = ${query.department}`);
  if (query.ipo) where.push(Prisma.sql`k.ipo = ${query.ipo}::"Ipo"`);
  if (query.published) where.push(Prisma.sql`k.published = ${query.published === "yes"}`);
  if (query.q) {
    const pattern = toContainsPattern(query.q);
    where.push(Prisma.sql`(k.name ILIKE ${pattern} OR k.code ILIKE ${pattern})`);
  }
  if (query.reach) {
    // A hashed subquery: one probe per KPI, however many are reached.
    const reachedIds = Prisma.sql`(SELECT unnest(${[...reached]}::uuid[]))`;
    where.push(query.reach === "linked" ? Prisma.sql`k.id IN ${reachedIds}` : Prisma.sql`k.id NOT IN ${reachedIds}`);
  }
  // Stored health for every KPI only when its status is a filter; otherwise only the page's rows read it.
  const health = query.status
    ? Prisma.sql`LEFT JOIN "HealthResult" hf ON hf."agencyId" = k."agencyId" AND hf."nodeKey" = ${kpiHealthKey("k")}`
    : Prisma.empty;
  if (query.status) where.push(Prisma.sql`COALESCE(hf.status::text, 'NO_DATA') = ${query.status}`);
  return Prisma.sql`FROM "Kpi" k JOIN "Department" d ON d.id = k."departmentId" ${health}
    WHERE ${Prisma.join(where, " AND ")}`;
}

/** One page of the KPI library, for every role that reads the tree (a department head: their branch only). */
export async function getKpiLibrary(
  principal: Principal | null | undefined,
  query: KpiLibraryQuery,
): Promise<KpiLibraryDto> {
  const caller = requirePermission(principal, "tree:read");
  const db = getPrisma();
  const [agency, branch] = await Promise.all([
    loadAgencySettingsAndMarker(db, caller.agencyId),
    getBranchDepartmentIds(db, caller),
  ]);
  const settings = agency?.settings;
  const reachedIds = await loadReachedKpiIds(db, caller.agencyId, agency?.changeMarker ?? "0");
  const matching = matchingKpis(caller.agencyId, branch, query, reachedIds);
  // Each row also carries how many KPIs match over every page (a window count, taken before the LIMIT).
  const readPage = (page: number) =>
    db.$queryRaw<(LibrarySqlRow & { total: number })[]>`
      SELECT p.total, p.id, p.code, p.name, p.unit, p.ipo, p."departmentCode", p."departmentName", p.published, p.version,
             COALESCE(h.status::text, 'NO_DATA') AS status,
             (h.result->>'value')::float8 AS value, h.result->>'period' AS period,
             COALESCE((h.result->>'stale')::boolean, false) AS "isStale"
      FROM (
        SELECT count(*) OVER ()::int AS total, k.id::text AS id, k.code, k.name, k.unit, k.ipo::text AS ipo, k.published, k.version, k."agencyId",
               d.code AS "departmentCode", d.name AS "departmentName"
        ${matching}
        ORDER BY k.code LIMIT ${KPI_LIBRARY_PAGE_SIZE} OFFSET ${(page - 1) * KPI_LIBRARY_PAGE_SIZE}
      ) p
      LEFT JOIN "HealthResult" h ON h."agencyId" = p."agencyId" AND h."nodeKey" = ${kpiHealthKey("p")}
      ORDER BY p.code`;
  // The departments and the asked-for page together: one round of queries unless that page is past the end.
  const [departments, asked] = await Promise.all([
    db.department.findMany({
      where: { agencyId: caller.agencyId, ...(branch === null ? {} : { id: { in: [...branch] } }) },
      select: { code: true, name: true },
      orderBy: [{ name: "asc" }, { code: "asc" }],
    }),
    readPage(query.page),
  ]);
  // An empty page is either the end of an empty list or past the end (the list shrank since the link was made): only
  // then is the count read on its own, and a page past the end shows the last one.
  const total =
    asked[0]?.total ?? (await db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total ${matching}`)[0]!.total;
  const pageCount = Math.max(1, Math.ceil(total / KPI_LIBRARY_PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const rows = page === query.page ? asked : await readPage(page);
  const reached = new Set(reachedIds);
  return {
    rows: rows.map(({ departmentCode, departmentName, total: _total, ...row }) => ({
      ...row,
      department: { code: departmentCode, name: departmentName },
      isUnlinked: !reached.has(row.id),
    })),
    total,
    page,
    pageCount,
    pageSize: KPI_LIBRARY_PAGE_SIZE,
    departments,
    fiscalYearStartMonth: settings?.fiscalYearStartMonth ?? 1,
    isHealthPending: settings?.isHealthPending ?? false,
    canEdit: can(caller, "tree:edit") && branch === null,
    canPublish: can(caller, "publish"),
  };
}

export type SelectedKpi = { id: string; code: string; departmentCode: string; published: boolean; version: number };

/**
 * The chosen KPIs of the caller's agency, as they are now. One that does not exist (or belongs to another agency) is
 * not found; one changed since the version the user saw is a conflict naming who changed it.
 */
export async function requireSelectedKpis(
  db: Tx,
  agencyId: string,
  ids: readonly string[],
  versions: Readonly<Record<string, number>> | undefined,
): Promise<SelectedKpi[]> {
  const rows = await db.kpi.findMany({
    where: { agencyId, id: { in: [...ids] } },
    select: { id: true, code: true, published: true, version: true, department: { select: { code: true } } },
    orderBy: { code: "asc" },
  });
  if (rows.length !== ids.length) throw new NotFoundError("One of the chosen KPIs does not exist any more.");
  for (const row of rows) {
    const seen = versions?.[row.id];
    if (seen !== undefined && seen !== row.version) {
      const who = await describeLastChange(db, agencyId, "kpi", row.id);
      throw new ConflictError(`${row.code} was changed by ${who} after you opened the list. Reload to see the change.`);
    }
  }
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    departmentCode: row.department.code,
    published: row.published,
    version: row.version,
  }));
}

/** Gives the chosen KPIs one owning department (performance officers): one audit event lists them all. */
export async function bulkAssignDepartment(principal: Principal | null | undefined, input: BulkAssignDepartmentInput) {
  return runTreeWrite(principal, "tree:edit", async ({ db, principal: caller }) => {
    const departmentId = await requireDepartmentId(db, caller.agencyId, input.department);
    const kpis = await requireSelectedKpis(db, caller.agencyId, input.kpiIds, input.versions);
    await db.kpi.updateMany({
      where: { agencyId: caller.agencyId, id: { in: kpis.map((kpi) => kpi.id) } },
      data: { departmentId, version: { increment: 1 } },
    });
    return {
      value: {
        department: input.department,
        kpis: kpis.map((kpi) => ({ id: kpi.id, code: kpi.code, version: kpi.version + 1 })),
      },
      audit: {
        action: "kpi.bulk.department",
        entityType: "kpi",
        entityId: null,
        entityCode: null,
        before: { kpis: kpis.map((kpi) => ({ code: kpi.code, department: kpi.departmentCode })) },
        after: { department: input.department, kpis: kpis.map((kpi) => kpi.code), ids: kpis.map((kpi) => kpi.id) },
      },
      // The owning department is no part of health (spec/health.md): the engine has nothing to recompute.
      changes: [],
    };
  });
}
