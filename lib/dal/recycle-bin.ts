import "server-only";
import type { Principal } from "@/lib/auth/permissions";
import {
  describeChangeImpact,
  recomputeAll,
  validateFormula,
  validateLink,
  type HealthShift,
  type ModelChange,
} from "@/lib/domain";
import type {
  Commentary,
  DriverLink,
  FormulaReference,
  KeyResult,
  Kpi,
  KpiTarget,
  Measurement,
  MeasurementRevision,
  Objective,
  Prisma,
} from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/db";
import { getTodayUtc } from "@/lib/clock";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import type { DeleteInput } from "@/lib/validation/tree";
import type { BinKind, PreviewDeleteInput, RestoreBinEntryInput } from "@/lib/validation/recycle-bin";
import { getBranchDepartmentIds, requirePermission, type Tx } from "./access";
import { describeLastChange } from "./audit";
import { isHealthStoredFor } from "./health/service";
import { loadHealthModel, loadStoredResults, readAgencyRow } from "./health-store";
import { runTreeWrite } from "./tree-write";

// Deleting an objective, key result, KPI or driver link moves it to the recycle bin: every row that goes with it is
// copied, ids and versions included, into one RecycleBinEntry, then deleted, in the same tree write. Restoring puts
// the rows back as they were. Entries are kept for RETENTION_DAYS, then a job purges them (lib/jobs/bin-jobs.ts).
//
// What goes with what:
//   objective  → its child objectives (recursively), their key results, and the commentary on all of them
//   key result → its commentary
//   KPI        → its per-period targets, measurements and their revisions, its driver links in and out, its formula's
//                references, the key results that track it (a key result cannot track nothing) and the commentary on
//                the KPI and those key results. A KPI that another formula names is not deleted: the formula would
//                break, so the delete is refused naming the formulas (edit them first).
//   link       → nothing else

export const RETENTION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A row as it is kept in the payload: its dates as ISO strings. */
type Stored<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

type BinPayload = {
  objectives: Stored<Objective>[];
  keyResults: Stored<KeyResult>[];
  kpis: Stored<Kpi>[];
  targets: Stored<KpiTarget>[];
  formulaReferences: Stored<FormulaReference>[];
  measurements: Stored<Measurement>[];
  revisions: Stored<MeasurementRevision>[];
  links: Stored<DriverLink>[];
  commentary: Stored<Commentary>[];
  /** Codes of the rows outside the entry that its rows point at, to name them when one is gone. */
  codes: Record<string, string>;
};

export type BinSummary = {
  objectives: string[];
  keyResults: string[];
  links: string[];
  targets: number;
  measurements: number;
  revisions: number;
  commentary: number;
};

type Collected = {
  root: { id: string; code: string; title: string; version: number };
  payload: BinPayload;
  /** The engine's view of the removal, in order. */
  changes: ModelChange[];
  /** Why it cannot be deleted; empty when it can. */
  blockers: string[];
};

const toStored = <T extends object>(row: T): Stored<T> => JSON.parse(JSON.stringify(row)) as Stored<T>;
const linkCode = (from: string, to: string) => `${from}->${to}`;

function emptyPayload(): BinPayload {
  return {
    objectives: [],
    keyResults: [],
    kpis: [],
    targets: [],
    formulaReferences: [],
    measurements: [],
    revisions: [],
    links: [],
    commentary: [],
    codes: {},
  };
}

async function loadCommentary(
  db: Tx,
  agencyId: string,
  nodes: { kind: "kpi" | "keyResult" | "objective"; ids: string[] }[],
) {
  const clauses = nodes
    .filter((node) => node.ids.length > 0)
    .map((node) => ({ nodeKind: node.kind, nodeId: { in: node.ids } }));
  if (clauses.length === 0) return [];
  return db.commentary.findMany({ where: { agencyId, OR: clauses }, orderBy: { createdAt: "asc" } });
}

async function rememberKpiCodes(db: Tx, agencyId: string, payload: BinPayload, ids: Iterable<string>) {
  const wanted = [...new Set(ids)].filter((id) => !(id in payload.codes));
  if (wanted.length === 0) return;
  const rows = await db.kpi.findMany({ where: { agencyId, id: { in: wanted } }, select: { id: true, code: true } });
  for (const row of rows) payload.codes[row.id] = row.code;
}

/** Everything a delete of this node takes with it, and the engine's changes for it; null when there is no such node. */
async function collect(db: Tx, agencyId: string, kind: BinKind, id: string): Promise<Collected | null> {
  const payload = emptyPayload();
  switch (kind) {
    case "link": {
      const link = await db.driverLink.findFirst({ where: { id, agencyId } });
      if (!link) return null;
      payload.links.push(toStored(link));
      await rememberKpiCodes(db, agencyId, payload, [link.fromKpiId, link.toKpiId]);
      const from = payload.codes[link.fromKpiId]!;
      const to = payload.codes[link.toKpiId]!;
      return {
        root: { id: link.id, code: linkCode(from, to), title: `${from} drives ${to}`, version: link.version },
        payload,
        changes: [{ type: "linkRemoved", from, to }],
        blockers: [],
      };
    }
    case "keyResult": {
      const keyResult = await db.keyResult.findFirst({ where: { id, agencyId } });
      if (!keyResult) return null;
      payload.keyResults.push(toStored(keyResult));
      payload.commentary = (await loadCommentary(db, agencyId, [{ kind: "keyResult", ids: [id] }])).map(toStored);
      const objective = await db.objective.findUniqueOrThrow({
        where: { id: keyResult.objectiveId },
        select: { code: true },
      });
      payload.codes[keyResult.objectiveId] = objective.code;
      if (keyResult.kpiId) await rememberKpiCodes(db, agencyId, payload, [keyResult.kpiId]);
      return {
        root: { id, code: keyResult.code, title: keyResult.title, version: keyResult.version },
        payload,
        changes: [{ type: "keyResultRemoved", keyResult: keyResult.code }],
        blockers: [],
      };
    }
    case "objective": {
      const root = await db.objective.findFirst({ where: { id, agencyId } });
      if (!root) return null;
      // The subtree, parents before children.
      const all = await db.objective.findMany({
        where: { agencyId, planId: root.planId },
        orderBy: [{ position: "asc" }, { code: "asc" }],
      });
      const subtree: Objective[] = [root];
      for (let at = 0; at < subtree.length; at += 1) {
        subtree.push(...all.filter((objective) => objective.parentId === subtree[at]!.id));
      }
      const objectiveIds = subtree.map((objective) => objective.id);
      const keyResults = await db.keyResult.findMany({
        where: { agencyId, objectiveId: { in: objectiveIds } },
        orderBy: [{ position: "asc" }, { code: "asc" }],
      });
      payload.objectives = subtree.map(toStored);
      payload.keyResults = keyResults.map(toStored);
      payload.commentary = (
        await loadCommentary(db, agencyId, [
          { kind: "objective", ids: objectiveIds },
          { kind: "keyResult", ids: keyResults.map((keyResult) => keyResult.id) },
        ])
      ).map(toStored);
      if (root.parentId) {
        const parent = await db.objective.findUniqueOrThrow({ where: { id: root.parentId }, select: { code: true } });
        payload.codes[root.parentId] = parent.code;
      }
      await rememberKpiCodes(
        db,
        agencyId,
        payload,
        keyResults.flatMap((keyResult) => (keyResult.kpiId ? [keyResult.kpiId] : [])),
      );
      // The engine moves a removed objective's children up to its parent: removing the deepest first removes the
      // subtree.
      const changes: ModelChange[] = [...subtree]
        .reverse()
        .map((objective) => ({ type: "objectiveRemoved", objective: objective.code }));
      return {
        root: { id, code: root.code, title: root.title, version: root.version },
        payload,
        changes,
        blockers: [],
      };
    }
    case "kpi": {
      const kpi = await db.kpi.findFirst({ where: { id, agencyId } });
      if (!kpi) return null;
      const namedBy = await db.formulaReference.findMany({
        where: { referencedKpiId: id, kpiId: { not: id } },
        select: { kpi: { select: { code: true } } },
        orderBy: { kpi: { code: "asc" } },
      });
      const keyResults = await db.keyResult.findMany({
        where: { agencyId, kpiId: id },
        orderBy: [{ position: "asc" }, { code: "asc" }],
      });
      payload.kpis.push(toStored(kpi));
      payload.targets = (await db.kpiTarget.findMany({ where: { kpiId: id }, orderBy: { period: "asc" } })).map(
        toStored,
      );
      payload.formulaReferences = (await db.formulaReference.findMany({ where: { kpiId: id } })).map(toStored);
      payload.measurements = (await db.measurement.findMany({ where: { kpiId: id }, orderBy: { period: "asc" } })).map(
        toStored,
      );
      payload.revisions = (
        await db.measurementRevision.findMany({
          where: { kpiId: id },
          orderBy: [{ period: "asc" }, { replacedAt: "asc" }],
        })
      ).map(toStored);
      const links = await db.driverLink.findMany({
        where: { agencyId, OR: [{ fromKpiId: id }, { toKpiId: id }] },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
      payload.links = links.map(toStored);
      payload.keyResults = keyResults.map(toStored);
      payload.commentary = (
        await loadCommentary(db, agencyId, [
          { kind: "kpi", ids: [id] },
          { kind: "keyResult", ids: keyResults.map((keyResult) => keyResult.id) },
        ])
      ).map(toStored);
      await rememberKpiCodes(db, agencyId, payload, [
        id,
        ...links.flatMap((link) => [link.fromKpiId, link.toKpiId]),
        ...payload.formulaReferences.map((reference) => reference.referencedKpiId),
      ]);
      const objectives = await db.objective.findMany({
        where: { id: { in: keyResults.map((keyResult) => keyResult.objectiveId) } },
        select: { id: true, code: true },
      });
      for (const objective of objectives) payload.codes[objective.id] = objective.code;
      return {
        root: { id, code: kpi.code, title: kpi.name, version: kpi.version },
        payload,
        changes: [
          ...keyResults.map((keyResult): ModelChange => ({ type: "keyResultRemoved", keyResult: keyResult.code })),
          { type: "kpiRemoved", kpi: kpi.code },
        ],
        blockers: namedBy.map((reference) => `the formula of ${reference.kpi.code} names it`),
      };
    }
  }
}

function summarize(payload: BinPayload, kind: BinKind, rootId: string): BinSummary {
  const codes = payload.codes;
  return {
    objectives: payload.objectives.filter((row) => kind !== "objective" || row.id !== rootId).map((row) => row.code),
    keyResults: payload.keyResults.filter((row) => kind !== "keyResult" || row.id !== rootId).map((row) => row.code),
    links: payload.links
      .filter((row) => kind !== "link" || row.id !== rootId)
      .map((row) => linkCode(codes[row.fromKpiId] ?? "?", codes[row.toKpiId] ?? "?")),
    targets: payload.targets.length,
    measurements: payload.measurements.length,
    revisions: payload.revisions.length,
    commentary: payload.commentary.length,
  };
}

// As the audit log names them (a link's edits are "driverLink" events).
const ENTITY_TYPE: Record<BinKind, string> = {
  objective: "objective",
  keyResult: "keyResult",
  kpi: "kpi",
  link: "driverLink",
};
const AUDIT_PREFIX: Record<BinKind, string> = {
  objective: "objective",
  keyResult: "keyResult",
  kpi: "kpi",
  link: "link",
};

/** The deleted root's own row, as the audit log keeps it. */
function findRootRow(payload: BinPayload, kind: BinKind, id: string): object | undefined {
  const rows: readonly { id: string }[] = {
    objective: payload.objectives,
    keyResult: payload.keyResults,
    kpi: payload.kpis,
    link: payload.links,
  }[kind];
  return rows.find((row) => row.id === id);
}
const NOUN: Record<BinKind, string> = {
  objective: "objective",
  keyResult: "key result",
  kpi: "KPI",
  link: "driver link",
};

export type DeletePreview = {
  kind: BinKind;
  id: string;
  code: string;
  title: string;
  version: number;
  /** What goes with it (the node itself not included). */
  goesWith: BinSummary;
  /** Why the delete would be refused; empty when it would not. */
  blockers: string[];
  /** Nodes that stay and whose health changes. */
  healthChanges: HealthShift[];
  retentionDays: number;
};

/** Refuses principals limited to a branch, as every tree edit does (runTreeWrite). */
async function requireTreeEditor(db: Tx, principal: Principal | null | undefined): Promise<Principal> {
  const caller = requirePermission(principal, "tree:edit");
  if ((await getBranchDepartmentIds(db, caller)) !== null) {
    throw new ForbiddenError("Editing the tree needs agency-wide access; this one is limited to a department.");
  }
  return caller;
}

/** What deleting this node would take with it and whose health would change: nothing is written. */
export async function previewDelete(
  principal: Principal | null | undefined,
  input: PreviewDeleteInput,
): Promise<DeletePreview> {
  return getPrisma().$transaction(async (db) => {
    const caller = await requireTreeEditor(db, principal);
    const collected = await collect(db, caller.agencyId, input.kind, input.id);
    if (!collected) throw new NotFoundError(`There is no such ${NOUN[input.kind]}.`);
    const agency = await readAgencyRow(db, caller.agencyId, { lock: false });
    if (!agency) throw new NotFoundError();
    const model = await loadHealthModel(db, agency);
    const asOf = getTodayUtc();
    const isStoredForToday = isHealthStoredFor(agency, asOf);
    const previous = isStoredForToday ? await loadStoredResults(db, agency.id) : recomputeAll(model, asOf);
    const impact = describeChangeImpact(model, previous, collected.changes, asOf);
    return {
      kind: input.kind,
      ...collected.root,
      goesWith: summarize(collected.payload, input.kind, input.id),
      blockers: collected.blockers,
      healthChanges: impact.shifted,
      retentionDays: RETENTION_DAYS,
    };
  });
}

export type DeleteOutcome = {
  deleted: { id: string; code: string };
  binEntry: { id: string; expiresAt: string };
};

/** Moves a node, with everything that goes with it, to the recycle bin: one tree write, audited. */
export async function moveToRecycleBin(
  principal: Principal | null | undefined,
  kind: BinKind,
  input: DeleteInput,
): Promise<DeleteOutcome & { recomputedNodes: number }> {
  return runTreeWrite(principal, "tree:edit", async (context) => {
    const { db, principal: caller } = context;
    const agencyId = caller.agencyId;
    const collected = await collect(db, agencyId, kind, input.id);
    if (!collected) throw new NotFoundError(`There is no such ${NOUN[kind]}.`);
    const { root, payload } = collected;
    if (root.version !== input.version) {
      const who = await describeLastChange(db, agencyId, ENTITY_TYPE[kind], root.id);
      throw new ConflictError(`${root.code} was changed by ${who} after you opened it. Reload to see the change.`);
    }
    if (collected.blockers.length > 0) {
      throw new ConflictError(`${root.code} cannot be deleted: ${collected.blockers.join("; ")}. Change that first.`);
    }
    // Children before what they point at (key results before their KPI or objective, child objectives first).
    await db.commentary.deleteMany({ where: { id: { in: payload.commentary.map((row) => row.id) } } });
    await db.driverLink.deleteMany({ where: { id: { in: payload.links.map((row) => row.id) } } });
    await db.keyResult.deleteMany({ where: { id: { in: payload.keyResults.map((row) => row.id) } } });
    for (const objective of [...payload.objectives].reverse())
      await db.objective.delete({ where: { id: objective.id } });
    // Targets, measurements, revisions and formula references go with the KPI row (ON DELETE CASCADE).
    await db.kpi.deleteMany({ where: { id: { in: payload.kpis.map((row) => row.id) } } });
    const summary = summarize(payload, kind, root.id);
    const deletedAt = new Date();
    const expiresAt = new Date(deletedAt.getTime() + RETENTION_DAYS * DAY_MS);
    const entry = await db.recycleBinEntry.create({
      data: {
        agencyId,
        kind,
        rootId: root.id,
        code: root.code,
        title: root.title,
        summary: summary as unknown as Prisma.InputJsonValue,
        payload: payload as unknown as Prisma.InputJsonValue,
        deletedByUserId: caller.kind === "user" ? caller.userId : null,
        deletedByLabel: caller.label,
        deletedAt,
        expiresAt,
      },
      select: { id: true },
    });
    return {
      value: {
        deleted: { id: root.id, code: root.code },
        binEntry: { id: entry.id, expiresAt: expiresAt.toISOString() },
      },
      audit: {
        action: `${AUDIT_PREFIX[kind]}.delete`,
        entityType: ENTITY_TYPE[kind],
        entityId: root.id,
        entityCode: root.code,
        before: { ...findRootRow(payload, kind, root.id), goesWith: summary },
        after: { recycleBinEntry: entry.id, expiresAt: expiresAt.toISOString() },
      },
      changes: collected.changes,
    };
  });
}

/** Why the entry cannot go back as it was: a code taken since, or a row it points at that is gone. */
async function findRestoreConflicts(db: Tx, agencyId: string, payload: BinPayload): Promise<string[]> {
  const problems: string[] = [];
  const nameOf = (id: string) => payload.codes[id] ?? id;
  const restoredKpis = new Set(payload.kpis.map((row) => row.id));
  const restoredObjectives = new Set(payload.objectives.map((row) => row.id));

  const takenKpis = await db.kpi.findMany({
    where: { agencyId, code: { in: payload.kpis.map((row) => row.code) } },
    select: { code: true },
  });
  for (const row of takenKpis) problems.push(`a KPI coded ${row.code} exists now`);
  const takenObjectives = await db.objective.findMany({
    where: { agencyId, code: { in: payload.objectives.map((row) => row.code) } },
    select: { code: true },
  });
  for (const row of takenObjectives) problems.push(`an objective coded ${row.code} exists now`);
  const takenKeyResults = await db.keyResult.findMany({
    where: { agencyId, code: { in: payload.keyResults.map((row) => row.code) } },
    select: { code: true },
  });
  for (const row of takenKeyResults) problems.push(`a key result coded ${row.code} exists now`);

  const outsideKpiIds = new Set<string>();
  for (const link of payload.links) {
    for (const kpiId of [link.fromKpiId, link.toKpiId]) if (!restoredKpis.has(kpiId)) outsideKpiIds.add(kpiId);
  }
  for (const reference of payload.formulaReferences) {
    if (!restoredKpis.has(reference.referencedKpiId)) outsideKpiIds.add(reference.referencedKpiId);
  }
  for (const keyResult of payload.keyResults) {
    if (keyResult.kpiId && !restoredKpis.has(keyResult.kpiId)) outsideKpiIds.add(keyResult.kpiId);
  }
  const presentKpis = new Set(
    (await db.kpi.findMany({ where: { agencyId, id: { in: [...outsideKpiIds] } }, select: { id: true } })).map(
      (row) => row.id,
    ),
  );
  for (const kpiId of outsideKpiIds) if (!presentKpis.has(kpiId)) problems.push(`the KPI ${nameOf(kpiId)} is gone`);

  const outsideObjectiveIds = new Set<string>();
  for (const objective of payload.objectives) {
    if (objective.parentId && !restoredObjectives.has(objective.parentId)) outsideObjectiveIds.add(objective.parentId);
  }
  for (const keyResult of payload.keyResults) {
    if (!restoredObjectives.has(keyResult.objectiveId)) outsideObjectiveIds.add(keyResult.objectiveId);
  }
  const presentObjectives = new Set(
    (
      await db.objective.findMany({ where: { agencyId, id: { in: [...outsideObjectiveIds] } }, select: { id: true } })
    ).map((row) => row.id),
  );
  for (const objectiveId of outsideObjectiveIds) {
    if (!presentObjectives.has(objectiveId)) problems.push(`its objective ${nameOf(objectiveId)} is gone`);
  }

  const planIds = [...new Set(payload.objectives.map((row) => row.planId))];
  const plans = await db.plan.count({ where: { agencyId, id: { in: planIds } } });
  if (plans !== planIds.length) problems.push("its plan is gone");
  const departmentIds = [
    ...new Set([
      ...payload.kpis.map((row) => row.departmentId),
      ...payload.objectives.flatMap((row) => (row.departmentId ? [row.departmentId] : [])),
    ]),
  ];
  const departments = await db.department.count({ where: { agencyId, id: { in: departmentIds } } });
  if (departments !== departmentIds.length) problems.push("its department is gone");
  return problems;
}

async function insertPayload(db: Tx, payload: BinPayload) {
  // What points at something after what it points at.
  if (payload.kpis.length) await db.kpi.createMany({ data: payload.kpis });
  if (payload.targets.length) await db.kpiTarget.createMany({ data: payload.targets });
  if (payload.formulaReferences.length) await db.formulaReference.createMany({ data: payload.formulaReferences });
  if (payload.measurements.length) await db.measurement.createMany({ data: payload.measurements });
  if (payload.revisions.length) await db.measurementRevision.createMany({ data: payload.revisions });
  for (const objective of payload.objectives) await db.objective.create({ data: objective });
  if (payload.keyResults.length) {
    await db.keyResult.createMany({ data: payload.keyResults.map((row) => ({ ...row, zone: row.zone ?? null })) });
  }
  if (payload.links.length) await db.driverLink.createMany({ data: payload.links });
  if (payload.commentary.length) await db.commentary.createMany({ data: payload.commentary });
}

/** The engine's checks of the restored links and formulas against the tree as it is now (a cycle closed since). */
function checkRestoredModel(model: Awaited<ReturnType<typeof loadHealthModel>>, payload: BinPayload): string[] {
  const problems: string[] = [];
  const nameOf = (id: string) => payload.kpis.find((row) => row.id === id)?.code ?? payload.codes[id] ?? id;
  for (const row of payload.links) {
    const from = nameOf(row.fromKpiId);
    const to = nameOf(row.toKpiId);
    const link = model.links.find((candidate) => candidate.from === from && candidate.to === to);
    if (!link) continue;
    const check = validateLink({ ...model, links: model.links.filter((other) => other !== link) }, link);
    if (!check.ok) problems.push(check.message);
  }
  for (const row of payload.kpis) {
    if (!row.formula) continue;
    const check = validateFormula(model, row.code, row.formula);
    if (!check.ok) problems.push(`the formula of ${row.code}: ${check.message}`);
  }
  return problems;
}

export type RestoreOutcome = { restored: { kind: BinKind; id: string; code: string } };

/**
 * Puts an entry's rows back as they were, refusing with every conflict named; then health is recomputed whole (the
 * rows go back to their places in the tree's order, which the engine's add-changes, appending, cannot say).
 */
export async function restoreBinEntry(
  principal: Principal | null | undefined,
  input: RestoreBinEntryInput,
): Promise<RestoreOutcome & { recomputedNodes: number }> {
  return runTreeWrite(principal, "tree:edit", async (context) => {
    const { db, principal: caller, agency } = context;
    const entry = await db.recycleBinEntry.findFirst({ where: { id: input.id, agencyId: caller.agencyId } });
    if (!entry) throw new NotFoundError("That is no longer in the recycle bin.");
    const payload = entry.payload as unknown as BinPayload;
    const conflicts = await findRestoreConflicts(db, caller.agencyId, payload);
    if (conflicts.length > 0) {
      throw new ConflictError(`${entry.code} cannot be restored: ${conflicts.join("; ")}.`);
    }
    await insertPayload(db, payload);
    const problems = checkRestoredModel(await loadHealthModel(db, agency), payload);
    if (problems.length > 0) throw new ConflictError(`${entry.code} cannot be restored: ${problems.join("; ")}`);
    await db.recycleBinEntry.delete({ where: { id: entry.id } });
    const kind = entry.kind as BinKind;
    return {
      value: { restored: { kind, id: entry.rootId, code: entry.code } },
      audit: {
        action: `${AUDIT_PREFIX[kind]}.restore`,
        entityType: ENTITY_TYPE[kind],
        entityId: entry.rootId,
        entityCode: entry.code,
        before: { recycleBinEntry: entry.id },
        after: { code: entry.code, title: entry.title, restored: entry.summary },
      },
      changes: [],
      recomputesWholeTree: true,
    };
  });
}

export type BinEntryDto = {
  id: string;
  kind: BinKind;
  code: string;
  title: string;
  goesWith: BinSummary;
  deletedBy: string;
  deletedAt: string;
  expiresAt: string;
};

/** The agency's recycle bin, newest first. Only those who may edit the tree see it. */
export async function listRecycleBin(principal: Principal | null | undefined): Promise<{ entries: BinEntryDto[] }> {
  return getPrisma().$transaction(async (db) => {
    const caller = await requireTreeEditor(db, principal);
    const rows = await db.recycleBinEntry.findMany({
      where: { agencyId: caller.agencyId },
      orderBy: [{ deletedAt: "desc" }, { id: "asc" }],
      select: {
        id: true,
        kind: true,
        code: true,
        title: true,
        summary: true,
        deletedByLabel: true,
        deletedAt: true,
        expiresAt: true,
      } satisfies Prisma.RecycleBinEntrySelect,
    });
    return {
      entries: rows.map((row) => ({
        id: row.id,
        kind: row.kind as BinKind,
        code: row.code,
        title: row.title,
        goesWith: row.summary as unknown as BinSummary,
        deletedBy: row.deletedByLabel,
        deletedAt: row.deletedAt.toISOString(),
        expiresAt: row.expiresAt.toISOString(),
      })),
    };
  });
}

const PURGE_BATCH = 500;

/**
 * The purge job's work: deletes every entry past its expiry as of `now` (passed in, so that a test can be a month
 * ahead), each one recorded in its agency's audit log. Not an entry point: only the job runner calls it.
 */
export async function purgeExpiredBinEntries(now: Date): Promise<{ purged: number }> {
  let purged = 0;
  for (;;) {
    const count = await getPrisma().$transaction(async (db) => {
      const expired = await db.recycleBinEntry.findMany({
        where: { expiresAt: { lte: now } },
        orderBy: { expiresAt: "asc" },
        take: PURGE_BATCH,
        select: { id: true, agencyId: true, kind: true, rootId: true, code: true, deletedAt: true, expiresAt: true },
      });
      if (expired.length === 0) return 0;
      await db.auditEvent.createMany({
        data: expired.map((entry) => ({
          agencyId: entry.agencyId,
          actorLabel: "recycle bin purge",
          action: `${AUDIT_PREFIX[entry.kind as BinKind]}.purge`,
          entityType: ENTITY_TYPE[entry.kind as BinKind],
          entityId: entry.rootId,
          entityCode: entry.code,
          before: {
            recycleBinEntry: entry.id,
            deletedAt: entry.deletedAt.toISOString(),
            expiresAt: entry.expiresAt.toISOString(),
          },
        })),
      });
      await db.recycleBinEntry.deleteMany({ where: { id: { in: expired.map((entry) => entry.id) } } });
      return expired.length;
    });
    purged += count;
    if (count < PURGE_BATCH) return { purged };
  }
}
