import "server-only";
import { isDeepStrictEqual } from "node:util";
import {
  applyChange,
  compareModels,
  recomputeAffected,
  recomputeAll,
  recomputeDifference,
  type HealthModel,
  type HealthResults,
  type MeasurementEdit,
  type ModelChange,
  type NodeId,
  type NodeResult,
} from "@/lib/domain";
import { toIsoDate } from "@/lib/dates";
import type { Tx } from "../access";
import {
  bumpDataVersion,
  loadHealthModel,
  loadModelReachedByMeasurements,
  loadStoredResults,
  replaceAllResults,
  storeResults,
  type AgencyRow,
} from "../health-store";

// The health service: the one module that decides how stored health follows a write, so that it always equals a full
// recomputation of the tree as of today (spec/health.md). Every write — tree edits, measurements from any source,
// imports and templates, settings, restores — calls updateStoredHealth once, in its transaction and under the
// agency lock (lockAgencyRow), saying what it changed; the daily refresh and the background recomputation store
// through storeRefreshedHealth. This module alone decides:
// - whether stored health is for today (if not, every node is recomputed, whatever the write reached);
// - a full or a partial recomputation, and which part of the tree a partial one loads;
// - whether a large measurement batch is left to the job runner (the pending mark), and when the mark is cleared;
// - which results are written (only those that differ from the stored ones);
// - the data version, raised exactly once per write that changed anything.

/** What a write changed, as far as health is concerned. */
export type HealthUpdate =
  /** Nothing health reads (commentary, publishing, users): only the data version moves, for the public pages. */
  | { kind: "none" }
  /**
   * Tree edits: the engine's changes, and the model loaded before the write (the engine compares the tree before and
   * after, so "before" must be read before anything is written).
   */
  | { kind: "changes"; before: HealthModel; changes: readonly ModelChange[] }
  /**
   * New or changed values of measurements, already written. Setting measurements is idempotent on the model, so the
   * part of the tree they reach is read after the write. `mayDefer`: a large batch on a large tree may be left to the
   * job runner (feeds through the API); a person's entries never are.
   */
  | { kind: "measurements"; edits: readonly MeasurementEdit[]; kpiIds: readonly string[]; mayDefer?: boolean }
  /**
   * Many changes at once (an import, a starter template): the engine compares `before` with the tree now stored.
   * `before` is null when it was not loaded (stored health was for another date: everything is recomputed anyway).
   */
  | { kind: "since"; before: HealthModel | null }
  /** Settings every node reads, or rows put back in their places (a restore): everything, from the rows after it. */
  | { kind: "whole" };

export type HealthUpdateReport = {
  recomputedNodes: number;
  /** True when the recomputation was left to the job runner (the agency is marked pending; wake the runner). */
  healthPending: boolean;
};

/** Whether the agency's stored health is for `asOf` (as of its last full recomputation). */
export function isHealthStoredFor(agency: Pick<AgencyRow, "healthAsOf">, asOf: string): boolean {
  return toIsoDate(agency.healthAsOf) === asOf;
}

/**
 * Brings stored health up to date after a write, in the write's transaction (under the agency lock). `agency` is the
 * agency as health must see it after the write (its settings after a settings change).
 */
export async function updateStoredHealth(
  db: Tx,
  agency: AgencyRow,
  asOf: string,
  update: HealthUpdate,
): Promise<HealthUpdateReport> {
  // Measurements sent again unchanged change nothing: no trace, not even a new data version.
  if (update.kind === "measurements" && update.edits.length === 0) return { recomputedNodes: 0, healthPending: false };
  const report = await recompute(db, agency, asOf, update);
  // Once per write, whatever it stored: pages and caches keyed by the version rebuild, and a refresh that read the
  // tree before this write knows that it is outdated.
  await bumpDataVersion(db, agency.id);
  return report;
}

async function recompute(db: Tx, agency: AgencyRow, asOf: string, update: HealthUpdate): Promise<HealthUpdateReport> {
  const done = (recomputedNodes: number) => ({ recomputedNodes, healthPending: false });
  if (update.kind === "none") return done(0);
  const isCurrent = isHealthStoredFor(agency, asOf);
  if (update.kind === "whole") return done(await recomputeWhole(db, agency, asOf));

  if (update.kind === "changes") {
    if (update.changes.length === 0) return done(0);
    // Stored health for another date: every node may differ.
    if (!isCurrent)
      return done(await recomputeWhole(db, agency, asOf, update.changes.reduce(applyChange, update.before)));
    return done(await storeChanges(db, agency, asOf, update.before, update.changes, { partial: false }));
  }

  if (update.kind === "measurements") {
    // One KPI's values (a person's entry) always take the partial path: no need to count the agency's KPIs for it.
    const agencyKpis =
      update.mayDefer || update.kpiIds.length > 1 ? await countKpis(db, agency.id) : Number.POSITIVE_INFINITY;
    if (update.mayDefer && isDeferred(update.kpiIds.length, agencyKpis)) {
      await markHealthPending(db, agency.id);
      return { recomputedNodes: 0, healthPending: true };
    }
    // Values of many KPIs reach most of the tree anyway: loading the reached part and merging then costs more than
    // recomputing everything.
    if (!isCurrent || update.kpiIds.length >= agencyKpis * FULL_RECOMPUTE_SHARE) {
      return done(await recomputeWhole(db, agency, asOf));
    }
    const reached = await loadModelReachedByMeasurements(db, agency, update.kpiIds, asOf);
    const change: ModelChange = { type: "measurements", measurements: [...update.edits] };
    return done(await storeChanges(db, agency, asOf, reached, [change], { partial: true }));
  }

  // kind "since"
  if (!isCurrent || update.before === null) return done(await recomputeWhole(db, agency, asOf));
  const after = await loadHealthModel(db, agency);
  const difference = compareModels(update.before, after, asOf);
  if (difference.isEverything) return done(await recomputeWhole(db, agency, asOf, after));
  const previous = await loadStoredResults(db, agency.id, difference.reads);
  const recomputation = recomputeDifference(difference, previous);
  await storeDifferent(db, agency.id, asOf, recomputation.results, previous, recomputation.removed);
  return done(recomputation.results.size);
}

/**
 * Applies the engine's changes one after another to `model` (the whole tree before the write, or with `partial` the
 * part the changes reach, loaded after it) and stores what they reach.
 */
async function storeChanges(
  db: Tx,
  agency: AgencyRow,
  asOf: string,
  model: HealthModel,
  changes: readonly ModelChange[],
  { partial }: { partial: boolean },
): Promise<number> {
  const stored = await loadStoredResults(db, agency.id, partial ? model : undefined);
  const results = new Map(stored);
  let current = model;
  const touched = new Set<NodeId>();
  const removed = new Set<NodeId>();
  for (const change of changes) {
    // The engine takes the model as it was before this change, with its results.
    const recomputation = recomputeAffected(current, results, change, asOf);
    current = applyChange(current, change);
    for (const nodeId of recomputation.removed) {
      results.delete(nodeId);
      touched.delete(nodeId);
      removed.add(nodeId);
    }
    for (const [nodeId, result] of recomputation.results) {
      results.set(nodeId, result);
      touched.add(nodeId);
      removed.delete(nodeId);
    }
  }
  const recomputed = [...touched].map((nodeId): [NodeId, NodeResult] => [nodeId, results.get(nodeId)!]);
  await storeDifferent(db, agency.id, asOf, recomputed, stored, [...removed]);
  return touched.size;
}

/**
 * Stores recomputed results, leaving out those equal to the stored ones: a change reaches many nodes whose numbers do
 * not move (a corrected old period, a value sent again, a renamed objective's ancestors).
 */
async function storeDifferent(
  db: Tx,
  agencyId: string,
  asOf: string,
  recomputed: Iterable<[NodeId, NodeResult]>,
  stored: ReadonlyMap<NodeId, NodeResult>,
  removed: readonly NodeId[],
): Promise<void> {
  const changed = [...recomputed].filter(
    ([nodeId, result]) => !isDeepStrictEqual(stored.get(nodeId), JSON.parse(JSON.stringify(result))),
  );
  await storeResults(db, agencyId, changed, asOf, removed);
}

/**
 * Recomputes every node from the tree the database holds now (or `model`, when the caller has it) and replaces the
 * stored results. Done in the write's transaction, under the agency lock, this is a full recomputation of what the
 * database will hold when it commits: health is no longer pending.
 */
async function recomputeWhole(db: Tx, agency: AgencyRow, asOf: string, model?: HealthModel): Promise<number> {
  const whole = model ?? (await loadHealthModel(db, agency));
  const nodes = await replaceAllResults(db, agency.id, recomputeAll(whole, asOf), asOf);
  await clearHealthPending(db, agency.id);
  return nodes;
}

/**
 * Stores a recomputation of the whole agency made outside the lock, from a snapshot taken at data version
 * `snapshotVersion` (the daily refresh, the background recomputation). Called under the agency lock. If a write
 * landed since the snapshot, its results are newer than the snapshot's: they are kept, never rolled back, and health
 * stays marked pending so that the job runner recomputes from a newer snapshot. Returns whether it was stored.
 */
export async function storeRefreshedHealth(
  db: Tx,
  agency: AgencyRow & { dataVersion: number },
  results: HealthResults,
  asOf: string,
  snapshotVersion: number,
): Promise<{ settled: boolean; nodes: number }> {
  if (agency.dataVersion !== snapshotVersion) {
    await markHealthPending(db, agency.id);
    return { settled: false, nodes: 0 };
  }
  const nodes = await replaceAllResults(db, agency.id, results, asOf);
  await clearHealthPending(db, agency.id);
  await bumpDataVersion(db, agency.id);
  return { settled: true, nodes };
}

/**
 * Marks the agency's stored health as behind its data: a measurement batch too large to recompute within its request
 * stored its rows and left the recomputation to the job runner. Called under the agency lock, in the write's
 * transaction, so the mark commits or rolls back with the rows.
 */
async function markHealthPending(db: Tx, agencyId: string): Promise<void> {
  await db.$executeRaw`
    UPDATE "Agency" SET "healthPendingSince" = coalesce("healthPendingSince", now()), "healthPendingLatest" = now()
    WHERE id = ${agencyId}::uuid`;
}

async function clearHealthPending(db: Tx, agencyId: string): Promise<void> {
  await db.$executeRaw`
    UPDATE "Agency" SET "healthPendingSince" = NULL, "healthPendingLatest" = NULL
    WHERE id = ${agencyId}::uuid AND "healthPendingSince" IS NOT NULL`;
}

async function countKpis(db: Tx, agencyId: string): Promise<number> {
  const [{ kpis }] = await db.$queryRaw<[{ kpis: number }]>`
    SELECT count(*)::int AS kpis FROM "Kpi" WHERE "agencyId" = ${agencyId}::uuid`;
  return kpis;
}

/**
 * Whether a batch's recomputation goes to the job runner: when it changes the values of at least
 * DEFERRED_RECOMPUTE_MIN_KPIS KPIs of an agency with at least DEFERRED_RECOMPUTE_MIN_AGENCY_KPIS. Below that, the
 * request recomputes before it answers: what a small batch reaches, or a small tree in full, is quick to recompute.
 * So a person's entries and a department's monthly upload always see their health at once.
 */
export function isDeferred(changedKpis: number, agencyKpis: number): boolean {
  return changedKpis >= DEFERRED_RECOMPUTE_MIN_KPIS && agencyKpis >= DEFERRED_RECOMPUTE_MIN_AGENCY_KPIS;
}

export const DEFERRED_RECOMPUTE_MIN_KPIS = 200;
export const DEFERRED_RECOMPUTE_MIN_AGENCY_KPIS = 1_000;

/**
 * The share of an agency's KPIs whose values one request changes from which everything is recomputed. A heuristic:
 * in tests/bench/api-bench.ts, values of 8% of the synthetic agency's KPIs already reach most of its tree.
 */
export const FULL_RECOMPUTE_SHARE = 0.25;
