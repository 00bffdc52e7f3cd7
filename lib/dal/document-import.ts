import "server-only";
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { getPrisma } from "@/lib/db";
import { getTodayUtc } from "@/lib/clock";
import { Prisma } from "@/lib/generated/prisma/client";
import { branchRootOf, permissionsOf, type Principal } from "@/lib/auth/permissions";
import { createKpiDefinition, listFormulaReferences, validateRangeOfMeasurements } from "@/lib/domain";
import {
  checkDocument,
  type CheckedDocument,
  type DocumentCheck,
  type DocumentProblem,
} from "@/lib/document/check-document";
import { InvalidDocumentError } from "@/lib/document/errors";
import { currentEntryPoint, logSecurityEvent, toCallerRef } from "@/lib/security-log";
import { findForbiddenChanges } from "@/lib/document/import-permissions";
import {
  countPlanned,
  listImportChanges,
  planImport,
  type ImportCounts,
  type ImportPlan,
} from "@/lib/document/import-plan";
import { linkKey, measurementKey, type StoredTree } from "@/lib/document/stored-tree";
import { ForbiddenError } from "@/lib/errors";
import { requirePermission, type Tx } from "./access";
import { recordAudit } from "./audit";
import {
  BULK_TRANSACTION_OPTIONS,
  inSendingOrder,
  insertRows,
  NOW,
  sqlUuid,
  updateRows,
  type BulkColumn,
} from "./bulk-write";
import { loadStoredTree, type LoadedTree } from "./document-store";
import { loadHealthModel, lockAgencyRow } from "./health-store";
import { isHealthStoredFor, updateStoredHealth } from "./health/service";
import { storeMeasurementRows } from "./measurement-batch";

// POST /api/v1/import (spec/drivertree-format.md, "Import"): the whole document is checked first, against the tree as
// it will be, and every problem is reported with its path; then everything is applied in one transaction or nothing
// is. Import upserts by code and deletes nothing; an object equal to the stored one is not written at all, so the
// same document imported twice changes nothing the second time. Health is recomputed before returning: what the
// import reaches, as lib/domain finds it by comparing the tree before and after (in full when stored health is for
// another day).
//
// Not runTreeWrite: that path asks the engine what each change reaches, one change after another, which for a whole
// document rebuilds the engine's index for every object. The steps are the same — authorize,
// lock the agency, validate, write, recompute, one audit event — in one transaction.

export type ImportReport = {
  created: ImportCounts;
  updated: ImportCounts;
  unchanged: ImportCounts;
  recomputedNodes: number;
};

const DOCUMENT_SOURCE = "document import";

/**
 * How another entry point applies a document through this same path (starter templates): the document is built
 * inside the transaction from the tree as locked, so it is checked and applied against exactly what it was made
 * for; the builder may refuse by throwing an expected error. The audit event names what the import was.
 */
export type ImportSource = {
  build: (stored: StoredTree) => unknown;
  audit: { action: string; entityCode: string };
};

/** The steps of an import, in order, for a caller that shows its progress (the Data page's import). */
export type ImportStage = "locking" | "checking" | "writing" | "measurements" | "health";

export type ImportOptions = {
  /** Told as each step starts; called from inside the transaction, so it must not use it. */
  onStage?: (stage: ImportStage) => Promise<void> | void;
};

/** The caller, if they may import a document: the permission, agency-wide. */
export function requireImporter(principal: Principal | null | undefined): Principal {
  const caller = requirePermission(principal, "document:import");
  // A document changes objects of every department; a caller limited to one branch (a department-scoped tree:write
  // token) may not make such a change at all, rather than edit every department's objects.
  if (!branchRootOf(caller).isAgencyWide) {
    throw new ForbiddenError("Importing a document needs agency-wide access; this token is limited to a department.");
  }
  return caller;
}

/**
 * Refuses a document that changes what the caller's other permissions guard — publishing, the agency's settings, the
 * departments — with a problem per change, checked against what is stored; the first import into an empty agency may
 * set them all (lib/document/import-permissions.ts). Every path that imports calls it.
 */
export function refuseForbiddenChanges(
  caller: Principal,
  plan: ImportPlan,
  document: CheckedDocument,
  stored: StoredTree,
): void {
  const problems = findForbiddenChanges(plan, document, stored, permissionsOf(caller));
  if (problems.length > 0) throw new InvalidDocumentError(problems);
}

export async function importDocument(
  principal: Principal | null | undefined,
  raw: unknown,
  source?: ImportSource,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const caller = requireImporter(principal);
  try {
    return await applyDocument(caller, raw, source, options);
  } catch (error) {
    // Every refused import reaches the security log, whichever way it came (the API, the import page, a template).
    if (error instanceof InvalidDocumentError) logRefusedImport(caller, error.problems.length);
    throw error;
  }
}

/** A document import refused, for the security log (lib/security-log.ts): who, where, how many problems. */
export function logRefusedImport(caller: Principal, problems: number): void {
  logSecurityEvent({
    event: "import.refused",
    entryPoint: currentEntryPoint(),
    caller: toCallerRef(caller),
    // The answer an API caller gets; the import page shows the problems instead.
    status: 400,
    details: { problems },
  });
}

async function applyDocument(
  caller: Principal,
  raw: unknown,
  source: ImportSource | undefined,
  { onStage }: ImportOptions,
): Promise<ImportReport> {
  // A document sent by a caller is checked first against a snapshot of the tree, without the agency's lock: a
  // document that is refused — a large or hostile one costs the most to check — never makes the agency's other
  // writers wait. Refused, it is refused as of that snapshot. Accepted, it is checked again under the lock, cheaply
  // when the tree is still the snapshot (the common case): then the first check's result stands.
  let prechecked: { tree: StoredTree; document: CheckedDocument } | null = null;
  if (source === undefined) {
    await onStage?.("checking");
    const snapshot = await getPrisma().$transaction((db) => loadStoredTree(db, caller.agencyId), {
      isolationLevel: "RepeatableRead",
      ...BULK_TRANSACTION_OPTIONS,
    });
    const check = checkDocument(raw, snapshot.tree);
    if (!check.ok) throw new InvalidDocumentError(check.problems);
    refuseForbiddenChanges(caller, planImport(check.document, snapshot.tree), check.document, snapshot.tree);
    prechecked = { tree: snapshot.tree, document: check.document };
  }
  await onStage?.("locking");
  return getPrisma().$transaction(async (db) => {
    const agency = await lockAgencyRow(db, caller.agencyId);
    const asOf = getTodayUtc();
    const loaded = await loadStoredTree(db, caller.agencyId);
    let check: DocumentCheck;
    if (prechecked !== null && isDeepStrictEqual(prechecked.tree, loaded.tree)) {
      check = { ok: true, document: prechecked.document };
    } else {
      await onStage?.("checking");
      check = checkDocument(source ? source.build(loaded.tree) : raw, loaded.tree);
    }
    if (!check.ok) throw new InvalidDocumentError(check.problems);
    const rangeProblems = await findStoredValuesOutsideRange(db, caller.agencyId, check.document, loaded);
    if (rangeProblems.length > 0) throw new InvalidDocumentError(rangeProblems);
    const plan = planImport(check.document, loaded.tree);
    refuseForbiddenChanges(caller, plan, check.document, loaded.tree);
    const counts = countPlanned(plan);
    // Stored health for today equals the full recomputation of the tree as it is now: the tree before the import is
    // then all the engine needs to recompute only what the import reaches. Stored health for another date is
    // recomputed whole.
    const isStoredForToday = isHealthStoredFor(agency, asOf);
    const modelBefore = isStoredForToday ? await loadHealthModel(db, agency) : null;

    await onStage?.("writing");
    const ids = await writeTree(db, caller.agencyId, plan, loaded);
    await onStage?.("measurements");
    const measurements = await storeMeasurementRows(
      db,
      caller,
      check.document.measurements.map((measurement) => ({
        kpiId: ids.kpis.get(measurement.kpi) as string,
        kpi: measurement.kpi,
        period: measurement.period,
        value: measurement.value,
        note: measurement.note,
      })),
      DOCUMENT_SOURCE,
    );
    counts.created.measurements = measurements.created;
    counts.updated.measurements = measurements.replaced;
    counts.unchanged.measurements = measurements.unchanged;

    const changed = Object.values(counts.created).some(Boolean) || Object.values(counts.updated).some(Boolean);
    let recomputedNodes = 0;
    if (changed || !isStoredForToday) {
      await onStage?.("health");
      const settings = plan.agency.value;
      const agencyAfter = {
        ...agency,
        fiscalYearStartMonth: settings.fiscalYearStartMonth,
        onTrackThreshold: settings.thresholds.onTrack,
        atRiskThreshold: settings.thresholds.atRisk,
      };
      ({ recomputedNodes } = await updateStoredHealth(db, agencyAfter, asOf, { kind: "since", before: modelBefore }));
    }
    // A document that changes nothing leaves no trace, in the tree or in the log.
    if (changed) {
      await recordAudit(db, caller, {
        action: source?.audit.action ?? "document.import",
        entityType: "agency",
        entityId: caller.agencyId,
        entityCode: source?.audit.entityCode ?? loaded.tree.agency.slug,
        before: null,
        // What changed, code by code, with each changed field before and after (bounded: see listImportChanges).
        // Measurements are counted only: a document may hold hundreds of thousands.
        after: {
          created: counts.created,
          updated: counts.updated,
          unchanged: counts.unchanged,
          ...auditedChanges(plan),
        },
      });
    }
    return { ...counts, recomputedNodes };
  }, BULK_TRANSACTION_OPTIONS);
}

/**
 * spec/drivertree-format.md: no measurement lies outside its KPI's valid range. The document's own measurements are
 * checked by checkDocument; this checks the ones already stored (import deletes nothing, so they stay) against a
 * range the document changes, as they will be after the import: a stored value the document replaces does not count.
 * Each problem is at the bound of the document's KPI that excludes them ("kpis[3].max").
 */
export async function findStoredValuesOutsideRange(
  db: Tx,
  agencyId: string,
  document: CheckedDocument,
  loaded: LoadedTree,
): Promise<DocumentProblem[]> {
  const changed = document.kpis.filter((kpi) => {
    const stored = loaded.tree.kpis.get(kpi.code);
    const isRangeChanged = stored === undefined || stored.min !== kpi.min || stored.max !== kpi.max;
    return isRangeChanged && (kpi.min !== null || kpi.max !== null) && loaded.tree.measurementCounts.has(kpi.code);
  });
  if (changed.length === 0) return [];
  const codeById = new Map(changed.map((kpi) => [loaded.ids.kpis.get(kpi.code) as string, kpi.code]));
  const rows = await db.measurement.findMany({
    where: { agencyId, kpiId: { in: [...codeById.keys()] } },
    select: { kpiId: true, period: true, value: true },
  });
  const replaced = new Set(
    document.measurements.map((measurement) => measurementKey(measurement.kpi, measurement.period)),
  );
  const series = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const code = codeById.get(row.kpiId) as string;
    if (replaced.has(measurementKey(code, row.period))) continue;
    let values = series.get(code);
    if (values === undefined) series.set(code, (values = {}));
    values[row.period] = row.value;
  }
  return changed.flatMap((kpi) => {
    const check = validateRangeOfMeasurements(
      createKpiDefinition({ code: kpi.code, min: kpi.min, max: kpi.max }),
      series.get(kpi.code) ?? {},
    );
    return check.ok ? [] : [{ path: `${kpi.path}.${check.path}`, message: `Stored measurements: ${check.message}` }];
  });
}

function auditedChanges(plan: ImportPlan) {
  const { changes, truncated } = listImportChanges(plan);
  return { changes, changesNotListed: truncated };
}

type IdMaps = LoadedTree["ids"];

const changedOnly = <T extends { status: string }>(items: readonly T[], status: "created" | "updated") =>
  items.filter((item) => item.status === status);

/** Writes every created or updated object, parents before what refers to them; returns the ids by code. */
async function writeTree(db: Tx, agencyId: string, plan: ImportPlan, loaded: LoadedTree): Promise<IdMaps> {
  const ids: IdMaps = {
    departments: new Map(loaded.ids.departments),
    plans: new Map(loaded.ids.plans),
    kpis: new Map(loaded.ids.kpis),
    objectives: new Map(loaded.ids.objectives),
    keyResults: new Map(loaded.ids.keyResults),
    links: new Map(loaded.ids.links),
  };
  const agencyConstant = { agencyId: sqlUuid(agencyId) };
  const touched = { updatedAt: NOW, version: Prisma.sql`r.version + 1` };
  const idOf = (map: Map<string, string>, code: string | null) => (code === null ? null : (map.get(code) ?? null));
  // New rows get their ids here, so that rows created together can refer to each other (a department's parent, an
  // objective's parent): foreign keys are checked at the end of each statement.
  const assignIds = (map: Map<string, string>, codes: readonly string[]) => {
    for (const code of codes) map.set(code, randomUUID());
  };

  if (plan.agency.status === "updated") {
    const { name, fiscalYearStartMonth, thresholds } = plan.agency.value;
    await db.agency.update({
      where: { id: agencyId },
      data: {
        name,
        fiscalYearStartMonth,
        onTrackThreshold: thresholds.onTrack,
        atRiskThreshold: thresholds.atRisk,
        version: { increment: 1 },
      },
    });
  }

  // Departments.
  const newDepartments = changedOnly(plan.departments, "created").map((item) => item.value);
  assignIds(
    ids.departments,
    newDepartments.map((department) => department.code),
  );
  const departmentColumns = (rows: typeof newDepartments): BulkColumn[] => [
    { name: "name", type: "text", values: rows.map((row) => row.name) },
    { name: "parentId", type: "uuid", values: rows.map((row) => idOf(ids.departments, row.parent)) },
  ];
  await insertRows(
    db,
    "Department",
    [
      { name: "id", type: "uuid", values: newDepartments.map((row) => ids.departments.get(row.code)) },
      { name: "code", type: "text", values: newDepartments.map((row) => row.code) },
      ...departmentColumns(newDepartments),
    ],
    { ...agencyConstant, updatedAt: NOW },
  );
  const changedDepartments = changedOnly(plan.departments, "updated").map((item) => item.value);
  await updateRows(
    db,
    "Department",
    changedDepartments.map((row) => ids.departments.get(row.code) as string),
    departmentColumns(changedDepartments),
    touched,
  );

  // The plan.
  const documentPlan = plan.plan.value;
  if (plan.plan.status === "created") {
    const created = await db.plan.create({
      data: {
        agencyId,
        code: documentPlan.code,
        name: documentPlan.name || documentPlan.code,
        startDate: new Date(`${documentPlan.start}T00:00:00Z`),
        endDate: new Date(`${documentPlan.end}T00:00:00Z`),
      },
      select: { id: true },
    });
    ids.plans.set(documentPlan.code, created.id);
  } else if (plan.plan.status === "updated") {
    await db.plan.update({
      where: { id: ids.plans.get(documentPlan.code) as string },
      data: {
        name: documentPlan.name || documentPlan.code,
        startDate: new Date(`${documentPlan.start}T00:00:00Z`),
        endDate: new Date(`${documentPlan.end}T00:00:00Z`),
        version: { increment: 1 },
      },
    });
  }
  const planId = ids.plans.get(documentPlan.code) as string;

  // KPIs, their per-period targets and the KPIs their formulas name.
  const newKpis = changedOnly(plan.kpis, "created").map((item) => item.value);
  assignIds(
    ids.kpis,
    newKpis.map((kpi) => kpi.code),
  );
  const kpiColumns = (rows: typeof newKpis): BulkColumn[] => [
    { name: "name", type: "text", values: rows.map((row) => row.name) },
    { name: "description", type: "text", values: rows.map((row) => row.description) },
    { name: "unit", type: "text", values: rows.map((row) => row.unit) },
    { name: "ipo", type: "text", cast: "Ipo", values: rows.map((row) => row.ipo) },
    { name: "indicator", type: "text", cast: "IndicatorKind", values: rows.map((row) => row.indicator) },
    { name: "direction", type: "text", cast: "Direction", values: rows.map((row) => row.direction) },
    { name: "frequency", type: "text", cast: "Frequency", values: rows.map((row) => row.frequency) },
    { name: "aggregation", type: "text", cast: "Aggregation", values: rows.map((row) => row.aggregation) },
    { name: "departmentId", type: "uuid", values: rows.map((row) => ids.departments.get(row.department)) },
    { name: "baseline", type: "float8", values: rows.map((row) => row.baseline) },
    { name: "target", type: "float8", values: rows.map((row) => row.target) },
    { name: "tolerance", type: "float8", values: rows.map((row) => row.tolerance) },
    { name: "onTrackThreshold", type: "float8", values: rows.map((row) => row.thresholds?.onTrack ?? null) },
    { name: "atRiskThreshold", type: "float8", values: rows.map((row) => row.thresholds?.atRisk ?? null) },
    { name: "formula", type: "text", values: rows.map((row) => row.formula) },
    { name: "lagDays", type: "int", values: rows.map((row) => row.lagDays) },
    { name: "minValue", type: "float8", values: rows.map((row) => row.min) },
    { name: "maxValue", type: "float8", values: rows.map((row) => row.max) },
    { name: "published", type: "boolean", values: rows.map((row) => row.published) },
  ];
  // The agency's KPI order is their creation order: new KPIs keep the document's.
  await insertRows(
    db,
    "Kpi",
    [
      { name: "id", type: "uuid", values: newKpis.map((row) => ids.kpis.get(row.code)) },
      { name: "code", type: "text", values: newKpis.map((row) => row.code) },
      ...kpiColumns(newKpis),
      inSendingOrder(newKpis.length),
    ],
    { ...agencyConstant, updatedAt: NOW },
  );
  const changedKpis = changedOnly(plan.kpis, "updated").map((item) => item.value);
  await updateRows(
    db,
    "Kpi",
    changedKpis.map((row) => ids.kpis.get(row.code) as string),
    kpiColumns(changedKpis),
    touched,
  );
  const retargeted = plan.kpis.filter((item) => item.isTargetsChanged).map((item) => item.value);
  if (retargeted.length > 0) {
    await db.kpiTarget.deleteMany({
      where: { kpiId: { in: retargeted.map((kpi) => ids.kpis.get(kpi.code) as string) } },
    });
    const targets = retargeted.flatMap((kpi) =>
      Object.entries(kpi.targets).map(([period, value]) => ({
        kpiId: ids.kpis.get(kpi.code) as string,
        period,
        value,
      })),
    );
    await insertRows(
      db,
      "KpiTarget",
      [
        { name: "kpiId", type: "uuid", values: targets.map((row) => row.kpiId) },
        { name: "period", type: "text", values: targets.map((row) => row.period) },
        { name: "value", type: "float8", values: targets.map((row) => row.value) },
      ],
      { ...agencyConstant, id: Prisma.sql`gen_random_uuid()` },
    );
  }
  const reformulated = plan.kpis.filter((item) => item.isFormulaChanged).map((item) => item.value);
  if (reformulated.length > 0) {
    await db.formulaReference.deleteMany({
      where: { kpiId: { in: reformulated.map((kpi) => ids.kpis.get(kpi.code) as string) } },
    });
    const references = reformulated.flatMap((kpi) =>
      kpi.formula === null
        ? []
        : listFormulaReferences(kpi.formula).map((code) => ({
            kpiId: ids.kpis.get(kpi.code) as string,
            referencedKpiId: ids.kpis.get(code) as string,
          })),
    );
    await insertRows(
      db,
      "FormulaReference",
      [
        { name: "kpiId", type: "uuid", values: references.map((row) => row.kpiId) },
        { name: "referencedKpiId", type: "uuid", values: references.map((row) => row.referencedKpiId) },
      ],
      agencyConstant,
    );
  }

  // Driver links.
  const newLinks = changedOnly(plan.links, "created").map((item) => item.value);
  await insertRows(
    db,
    "DriverLink",
    [
      { name: "fromKpiId", type: "uuid", values: newLinks.map((row) => ids.kpis.get(row.from)) },
      { name: "toKpiId", type: "uuid", values: newLinks.map((row) => ids.kpis.get(row.to)) },
      { name: "weight", type: "float8", values: newLinks.map((row) => row.weight) },
      { name: "polarity", type: "text", cast: "Polarity", values: newLinks.map((row) => row.polarity) },
      inSendingOrder(newLinks.length),
    ],
    { ...agencyConstant, id: Prisma.sql`gen_random_uuid()`, updatedAt: NOW },
  );
  const changedLinks = changedOnly(plan.links, "updated").map((item) => item.value);
  await updateRows(
    db,
    "DriverLink",
    changedLinks.map((row) => ids.links.get(linkKey(row.from, row.to)) as string),
    [
      { name: "weight", type: "float8", values: changedLinks.map((row) => row.weight) },
      { name: "polarity", type: "text", cast: "Polarity", values: changedLinks.map((row) => row.polarity) },
    ],
    touched,
  );

  // Objectives, then their key results.
  const newObjectives = changedOnly(plan.objectives, "created");
  assignIds(
    ids.objectives,
    newObjectives.map((item) => item.value.code),
  );
  const objectiveColumns = (rows: typeof newObjectives): BulkColumn[] => [
    { name: "title", type: "text", values: rows.map((row) => row.value.title) },
    { name: "description", type: "text", values: rows.map((row) => row.value.description) },
    { name: "departmentId", type: "uuid", values: rows.map((row) => idOf(ids.departments, row.value.department)) },
    { name: "parentId", type: "uuid", values: rows.map((row) => idOf(ids.objectives, row.value.parent)) },
    { name: "planId", type: "uuid", values: rows.map(() => planId) },
    { name: "weight", type: "float8", values: rows.map((row) => row.value.weight) },
    { name: "position", type: "int", values: rows.map((row) => row.position) },
    { name: "published", type: "boolean", values: rows.map((row) => row.value.published) },
  ];
  await insertRows(
    db,
    "Objective",
    [
      { name: "id", type: "uuid", values: newObjectives.map((row) => ids.objectives.get(row.value.code)) },
      { name: "code", type: "text", values: newObjectives.map((row) => row.value.code) },
      ...objectiveColumns(newObjectives),
    ],
    { ...agencyConstant, updatedAt: NOW },
  );
  const changedObjectives = changedOnly(plan.objectives, "updated");
  await updateRows(
    db,
    "Objective",
    changedObjectives.map((row) => ids.objectives.get(row.value.code) as string),
    objectiveColumns(changedObjectives),
    touched,
  );

  const newKeyResults = changedOnly(plan.keyResults, "created");
  const keyResultColumns = (rows: typeof newKeyResults): BulkColumn[] => [
    { name: "objectiveId", type: "uuid", values: rows.map((row) => ids.objectives.get(row.value.objective)) },
    { name: "title", type: "text", values: rows.map((row) => row.value.title) },
    { name: "kind", type: "text", cast: "KeyResultKind", values: rows.map((row) => row.value.kind) },
    { name: "kpiId", type: "uuid", values: rows.map((row) => idOf(ids.kpis, row.value.kpi)) },
    { name: "startValue", type: "float8", values: rows.map((row) => row.value.start) },
    { name: "targetValue", type: "float8", values: rows.map((row) => row.value.target) },
    { name: "startDate", type: "date", values: rows.map((row) => row.value.startDate) },
    { name: "dueDate", type: "date", values: rows.map((row) => row.value.dueDate) },
    { name: "weight", type: "float8", values: rows.map((row) => row.value.weight) },
    { name: "position", type: "int", values: rows.map((row) => row.position) },
    { name: "progress", type: "float8", values: rows.map((row) => row.value.progress) },
    { name: "zone", type: "text", cast: "Zone", values: rows.map((row) => row.value.zone) },
    { name: "narrative", type: "text", values: rows.map((row) => row.value.narrative) },
    { name: "published", type: "boolean", values: rows.map((row) => row.value.published) },
  ];
  await insertRows(
    db,
    "KeyResult",
    [
      { name: "code", type: "text", values: newKeyResults.map((row) => row.value.code) },
      ...keyResultColumns(newKeyResults),
    ],
    { ...agencyConstant, id: Prisma.sql`gen_random_uuid()`, updatedAt: NOW },
  );
  const changedKeyResults = changedOnly(plan.keyResults, "updated");
  await updateRows(
    db,
    "KeyResult",
    changedKeyResults.map((row) => ids.keyResults.get(row.value.code) as string),
    keyResultColumns(changedKeyResults),
    touched,
  );
  return ids;
}
