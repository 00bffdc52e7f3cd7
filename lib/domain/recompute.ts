// Full and incremental recomputation (spec/health.md, "Recomputation").
//
// recomputeAll evaluates every node. For a change, affectedNodes finds the nodes it can reach and
// recomputeAffected evaluates only those, reading every other node from the previous results. What a node reads:
//   a KPI's values      ← its measurements, or its formula and the values of the KPIs the formula names
//   a KPI's node        ← its values, target, baseline, direction, tolerance, thresholds, lagDays, and the health
//                         of its drivers (links)
//   a KPI's health      ← its own value and target — or, for a composite KPI, its drivers' health
//   a key result        ← its tracked KPI's latest value, that KPI's baseline (default S), its own fields
//   an objective        ← its key results, its child objectives, and the value and staleness of its metric key
//                         results' KPIs (freshness)
// So a change to a KPI's values reaches the formulas that name it, its own node, the KPIs it drives (their driver
// health), onwards only through composite KPIs (the only ones whose health is their driver health), the key
// results that track it and the objectives above them. The incremental result always equals a full recompute
// (a property test checks this on random models and changes).

import { applyChange, groupMeasurementEdits, type ModelChange } from "./changes";
import { requireIsoDate } from "./dates";
import {
  createEvaluationContext,
  readModelState,
  type EvaluationContext,
  type EvaluationState,
} from "./evaluation-context";
import type { HealthNode, HealthResults, NodeResult } from "./health-nodes";
import { evaluateKeyResult } from "./key-result-evaluation";
import { evaluateKpi } from "./kpi-evaluation";
import { isCompositeKpi } from "./kpi-health";
import type { KpiSeries } from "./kpi-series";
import {
  parseNodeId,
  toKeyResultNodeId,
  toKpiNodeId,
  toObjectiveNodeId,
  type HealthModel,
  type KpiDefinition,
  type NodeId,
} from "./model";
import { hasFormula, type ModelIndex } from "./model-index";
import { evaluateObjective } from "./objective-evaluation";
import { readSeriesAsOf } from "./periods";

// The values of every KPI from the last full recompute of a model (by identity) and date. An incremental pass over
// the same model and date reuses each series the change cannot reach, instead of re-evaluating formulas over
// formulas down to their measurements. Models are immutable values, so the cache can never be stale.
const seriesCache = new WeakMap<HealthModel, { asOf: string; series: readonly (KpiSeries | undefined)[] }>();

/** Every node's result as of `asOf` (YYYY-MM-DD): KPIs, then key results, then objectives, each in model order. */
export function recomputeAll(model: HealthModel, asOf: string): Map<NodeId, NodeResult> {
  const state = readModelState(model);
  const index = state.index;
  const context = createEvaluationContext(state, asOf);
  evaluateInOrder(context, index.kpiOrder, allNumbers(index.keyResults.length), index.objectiveOrder);
  seriesCache.set(model, { asOf, series: context.series });
  const ordered = new Map<NodeId, NodeResult>();
  for (const id of [...index.kpiIds, ...index.keyResultIds, ...index.objectiveIds]) {
    ordered.set(id, context.results.get(id) as NodeResult);
  }
  return ordered;
}

/** The API nodes alone, in the order recomputeAll lists them (GET /api/v1/health). */
export function listHealthNodes(results: HealthResults): HealthNode[] {
  return [...results.values()].map((result) => result.node);
}

export interface AffectedRecomputation {
  /** New results of the affected nodes, in dependency order. */
  results: Map<NodeId, NodeResult>;
  /** Nodes the change deletes (a removed KPI, key result or objective, and a removed objective's key results). */
  removed: NodeId[];
}

/**
 * The nodes a change to `model` can reach, in dependency order (a node after everything it reads). `model` is the
 * model before the change. With `asOf`, a KPI's driver-health change is followed onwards only through KPIs that are
 * composite on that date; without it, through every KPI that could be composite on some date.
 */
export function affectedNodes(model: HealthModel, change: ModelChange, asOf?: string): NodeId[] {
  const plan = planRecomputation(model, change, asOf === undefined ? null : requireIsoDate(asOf));
  return listPlannedIds(plan);
}

/** The nodes a change deletes. */
export function removedNodes(model: HealthModel, change: ModelChange): NodeId[] {
  return planRecomputation(model, change, null).removed;
}

/**
 * The new results of the nodes a change reaches. `model` is the model before the change and `previousResults`
 * its results as of the same `asOf` (stored health is refreshed daily, spec/health.md). Merging the answer into
 * `previousResults` (mergeRecomputation) always equals recomputeAll(applyChange(model, change), asOf).
 */
export function recomputeAffected(
  model: HealthModel,
  previousResults: HealthResults,
  change: ModelChange,
  asOf: string,
): AffectedRecomputation {
  const plan = planRecomputation(model, change, requireIsoDate(asOf));
  const context = createEvaluationContext(plan.state, asOf, previousResults);
  const cached = seriesCache.get(model);
  if (plan.changedSeries !== null && cached !== undefined && cached.asOf === asOf) {
    // Same structure (a measurement change): every series but the changed ones is still right.
    context.series = cached.series.slice();
    for (const kpi of plan.changedSeries) context.series[kpi] = undefined;
  }
  evaluateInOrder(context, plan.kpis, plan.keyResults, plan.objectives);
  return { results: context.results, removed: plan.removed };
}

/** previousResults with an incremental recomputation applied: removed nodes dropped, affected ones replaced. */
export function mergeRecomputation(
  previousResults: HealthResults,
  recomputation: AffectedRecomputation,
): Map<NodeId, NodeResult> {
  const merged = new Map(previousResults);
  for (const id of recomputation.removed) merged.delete(id);
  for (const [id, result] of recomputation.results) merged.set(id, result);
  return merged;
}

/**
 * One node's result and explanation, computing only what it depends on (its drivers, formula inputs, key results
 * and child objectives, transitively). Null for an id the model does not have.
 */
export function explainNode(model: HealthModel, id: NodeId, asOf: string): NodeResult | null {
  const state = readModelState(model);
  const index = state.index;
  const target = parseNodeId(id);
  if (target === null) return null;
  const objectives = new Set<number>();
  const keyResults = new Set<number>();
  const kpis = new Set<number>();

  if (target.kind === "objective") {
    const root = index.objectiveNumber.get(target.code);
    if (root === undefined) return null;
    const stack = [root];
    while (stack.length > 0) {
      const o = stack.pop() as number;
      objectives.add(o);
      for (const r of index.keyResultsOf[o] ?? []) keyResults.add(r);
      stack.push(...(index.childObjectives[o] ?? []));
    }
  } else if (target.kind === "keyResult") {
    const r = index.keyResultNumber.get(target.code);
    if (r === undefined) return null;
    keyResults.add(r);
  } else {
    const k = index.kpiNumber.get(target.code);
    if (k === undefined) return null;
    kpis.add(k);
  }
  for (const r of keyResults) {
    const code = index.keyResults[r]?.kpi;
    const k = typeof code === "string" ? index.kpiNumber.get(code) : undefined;
    if (k !== undefined) kpis.add(k);
  }
  // A KPI's node reads its drivers' health, so every KPI upstream along links is needed.
  const stack = [...kpis];
  while (stack.length > 0) {
    const k = stack.pop() as number;
    for (const link of index.incomingLinks[k] ?? []) {
      if (!kpis.has(link.from)) {
        kpis.add(link.from);
        stack.push(link.from);
      }
    }
  }
  const context = createEvaluationContext(state, asOf);
  evaluateInOrder(
    context,
    [...kpis].sort((a, b) => (index.kpiRank[a] as number) - (index.kpiRank[b] as number)),
    [...keyResults].sort((a, b) => a - b),
    [...objectives].sort((a, b) => (index.objectiveRank[a] as number) - (index.objectiveRank[b] as number)),
  );
  return context.results.get(id) ?? null;
}

function evaluateInOrder(
  context: EvaluationContext,
  kpis: readonly number[],
  keyResults: readonly number[],
  objectives: readonly number[],
): void {
  const index = context.index;
  for (const k of kpis) context.results.set(index.kpiIds[k] as NodeId, evaluateKpi(context, k));
  for (const r of keyResults) context.results.set(index.keyResultIds[r] as NodeId, evaluateKeyResult(context, r));
  for (const o of objectives) context.results.set(index.objectiveIds[o] as NodeId, evaluateObjective(context, o));
}

function allNumbers(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

// ── What a change reaches ────────────────────────────────────────────────────────────────────────────────────────

interface RecomputationPlan {
  /** The model after the change, as the engine reads it. */
  state: EvaluationState;
  kpis: number[];
  keyResults: number[];
  objectives: number[];
  removed: NodeId[];
  /** When the change keeps the model's structure: the KPIs whose values it can change. */
  changedSeries: number[] | null;
}

const NODE = 1;
const VALUES = 2;
const HEALTH = 4;

/** Marks nodes of the model after a change, following what each node reads (see the top of this file). */
class Reach {
  private readonly flags: Uint8Array;
  private readonly kpis: number[] = [];
  private readonly valuesChanged: number[] = [];
  private readonly keyResults = new Set<number>();
  private readonly objectives = new Set<number>();
  private isEverything = false;

  constructor(
    private readonly index: ModelIndex,
    private readonly isComposite: (kpi: number) => boolean,
  ) {
    this.flags = new Uint8Array(index.kpis.length);
  }

  markEverything(): void {
    this.isEverything = true;
  }

  isMarkingEverything(): boolean {
    return this.isEverything;
  }

  markNode(kpi: number | undefined): void {
    if (kpi === undefined) return;
    if ((this.flags[kpi] as number) === 0) this.kpis.push(kpi);
    this.flags[kpi] = (this.flags[kpi] as number) | NODE;
  }

  /** The KPI's values changed: formulas naming it, its node and health, and the key results tracking it. */
  markValues(start: number | undefined): void {
    if (start === undefined) return;
    const stack = [start];
    while (stack.length > 0) {
      const kpi = stack.pop() as number;
      if (((this.flags[kpi] as number) & VALUES) !== 0) continue;
      this.markNode(kpi);
      this.flags[kpi] = (this.flags[kpi] as number) | VALUES;
      this.valuesChanged.push(kpi);
      stack.push(...(this.index.formulaDependents[kpi] ?? []));
      this.markKeyResultsTracking((this.index.kpis[kpi] as KpiDefinition).code);
      this.markHealth(kpi);
    }
  }

  /** The KPI's health may have changed: the KPIs it drives, and onwards through composite ones. */
  markHealth(start: number | undefined): void {
    if (start === undefined) return;
    const stack = [start];
    while (stack.length > 0) {
      const kpi = stack.pop() as number;
      if (((this.flags[kpi] as number) & HEALTH) !== 0) continue;
      this.markNode(kpi);
      this.flags[kpi] = (this.flags[kpi] as number) | HEALTH;
      for (const driven of this.index.outgoingLinks[kpi] ?? []) {
        this.markNode(driven);
        if (this.isComposite(driven)) stack.push(driven);
      }
    }
  }

  markKeyResultsTracking(kpiCode: string): void {
    for (const r of this.index.keyResultsByKpi.get(kpiCode) ?? []) this.markKeyResult(r);
  }

  markKeyResult(keyResult: number | undefined): void {
    if (keyResult === undefined || this.keyResults.has(keyResult)) return;
    this.keyResults.add(keyResult);
    this.markObjective(this.index.keyResultObjective[keyResult]);
  }

  /** An objective and every objective above it. */
  markObjective(objective: number | undefined): void {
    let at = objective ?? -1;
    while (at >= 0 && !this.objectives.has(at)) {
      this.objectives.add(at);
      at = this.index.objectiveParent[at] as number;
    }
  }

  toPlan(state: EvaluationState, removed: NodeId[], isSameStructure = false): RecomputationPlan {
    const index = this.index;
    const changedSeries = isSameStructure ? this.valuesChanged : null;
    if (this.isEverything) {
      return {
        state,
        kpis: [...index.kpiOrder],
        keyResults: allNumbers(index.keyResults.length),
        objectives: [...index.objectiveOrder],
        removed,
        changedSeries,
      };
    }
    return {
      state,
      kpis: [...this.kpis].sort((a, b) => (index.kpiRank[a] as number) - (index.kpiRank[b] as number)),
      keyResults: [...this.keyResults].sort((a, b) => a - b),
      objectives: [...this.objectives].sort(
        (a, b) => (index.objectiveRank[a] as number) - (index.objectiveRank[b] as number),
      ),
      removed,
      changedSeries,
    };
  }
}

function listPlannedIds(plan: RecomputationPlan): NodeId[] {
  const index = plan.state.index;
  return [
    ...plan.kpis.map((k) => index.kpiIds[k] as NodeId),
    ...plan.keyResults.map((r) => index.keyResultIds[r] as NodeId),
    ...plan.objectives.map((o) => index.objectiveIds[o] as NodeId),
  ];
}

/**
 * spec/health.md: composite = drivers, no formula, no measurements as of asOf. Without a date, any KPI with drivers
 * and no formula might be composite on some date.
 */
function makeCompositeTest(state: EvaluationState, asOfDay: number | null): (kpi: number) => boolean {
  return (kpi) => {
    const definition = state.index.kpis[kpi] as KpiDefinition;
    const hasDrivers = (state.index.incomingLinks[kpi]?.length ?? 0) > 0;
    if (asOfDay === null) return hasDrivers && !hasFormula(definition);
    const series = readSeriesAsOf(
      state.measurementsOf(kpi),
      definition.frequency,
      asOfDay,
      state.agency.fiscalYearStartMonth,
    );
    return isCompositeKpi({
      hasDrivers,
      hasFormula: hasFormula(definition),
      hasMeasurements: series.indexes.length > 0,
    });
  };
}

function planRecomputation(model: HealthModel, change: ModelChange, asOfDay: number | null): RecomputationPlan {
  const before = readModelState(model);

  // The hot path — new measurements — keeps the model's structure: overlay the edited series instead of building
  // a new model, and reuse the index.
  if (change.type === "measurements") {
    const edited = groupMeasurementEdits(model.measurements, change.measurements);
    const state: EvaluationState = {
      ...before,
      measurementsOf: (kpi) => {
        const code = (before.index.kpis[kpi] as KpiDefinition).code;
        return edited.get(code) ?? model.measurements[code];
      },
    };
    const reach = new Reach(state.index, makeCompositeTest(state, asOfDay));
    for (const code of edited.keys()) reach.markValues(state.index.kpiNumber.get(code));
    return reach.toPlan(state, [], true);
  }

  const after = readModelState(applyChange(model, change));
  const index = after.index;
  const reach = new Reach(index, makeCompositeTest(after, asOfDay));
  const removed: NodeId[] = [];
  const kpiAfter = (code: string | null | undefined) =>
    typeof code === "string" ? index.kpiNumber.get(code) : undefined;
  const objectiveAfter = (code: string | null | undefined) =>
    typeof code === "string" ? index.objectiveNumber.get(code) : undefined;
  const effectiveParentBefore = (code: string): string | null => {
    const o = before.index.objectiveNumber.get(code);
    const parent = o === undefined ? -1 : (before.index.objectiveParent[o] as number);
    return parent >= 0 ? (before.index.objectives[parent]?.code ?? null) : null;
  };

  switch (change.type) {
    case "kpiUpdated": {
      const k = before.index.kpiNumber.get(change.kpi.code);
      if (k === undefined) break;
      const old = before.index.kpis[k] as KpiDefinition;
      const next = change.kpi;
      const kpi = kpiAfter(next.code);
      if (
        old.frequency !== next.frequency ||
        old.aggregation !== next.aggregation ||
        (old.formula ?? null) !== (next.formula ?? null) ||
        old.lagDays !== next.lagDays
      ) {
        reach.markValues(kpi);
        break;
      }
      if (old.baseline !== next.baseline) {
        // The baseline is also a metric key result's default start value.
        reach.markHealth(kpi);
        reach.markKeyResultsTracking(next.code);
      }
      if (
        old.target !== next.target ||
        old.direction !== next.direction ||
        old.tolerance !== next.tolerance ||
        !haveSameEntries(old.targets, next.targets) ||
        !haveSameEntries(old.thresholds ?? {}, next.thresholds ?? {})
      ) {
        reach.markHealth(kpi);
      }
      break;
    }
    case "formulaChanged":
    case "kpiAdded":
      reach.markValues(kpiAfter(change.type === "kpiAdded" ? change.kpi.code : change.kpi));
      break;
    case "kpiRemoved": {
      const k = before.index.kpiNumber.get(change.kpi);
      if (k === undefined) break;
      removed.push(toKpiNodeId(change.kpi));
      for (const f of before.index.formulaDependents[k] ?? []) reach.markValues(kpiAfter(before.index.kpis[f]?.code));
      // Its driven KPIs lose a driver, which can also make one composite or stop it being so.
      for (const m of before.index.outgoingLinks[k] ?? []) reach.markHealth(kpiAfter(before.index.kpis[m]?.code));
      reach.markKeyResultsTracking(change.kpi);
      break;
    }
    case "linkAdded":
    case "linkRemoved": {
      const to = change.type === "linkAdded" ? change.link.to : change.to;
      const kpi = kpiAfter(to);
      if (kpi === undefined) break;
      // Gaining or losing a driver can make a KPI composite or stop it being so, which changes its own health.
      reach.markNode(kpi);
      const kpiBefore = before.index.kpiNumber.get(to);
      const wasComposite = kpiBefore !== undefined && makeCompositeTest(before, asOfDay)(kpiBefore);
      if (wasComposite || makeCompositeTest(after, asOfDay)(kpi)) reach.markHealth(kpi);
      break;
    }
    case "linkUpdated": {
      const isReweighted =
        change.weight !== undefined &&
        model.links.some((link) => link.from === change.from && link.to === change.to && link.weight !== change.weight);
      if (!isReweighted) break;
      const kpi = kpiAfter(change.to);
      reach.markNode(kpi);
      if (kpi !== undefined && makeCompositeTest(after, asOfDay)(kpi)) reach.markHealth(kpi);
      break;
    }
    case "keyResultUpdated":
    case "keyResultAdded": {
      const code = change.keyResult.code;
      const old = before.index.keyResults[before.index.keyResultNumber.get(code) ?? -1];
      if (change.type === "keyResultUpdated" && old === undefined) break;
      reach.markKeyResult(index.keyResultNumber.get(code));
      if (old !== undefined) reach.markObjective(objectiveAfter(old.objective));
      break;
    }
    case "keyResultRemoved": {
      const old = before.index.keyResults[before.index.keyResultNumber.get(change.keyResult) ?? -1];
      if (old === undefined) break;
      removed.push(toKeyResultNodeId(change.keyResult));
      reach.markObjective(objectiveAfter(old.objective));
      break;
    }
    case "objectiveUpdated":
    case "objectiveAdded": {
      const code = change.objective.code;
      const o = objectiveAfter(code);
      const existed = before.index.objectiveNumber.has(code);
      if (change.type === "objectiveAdded") reach.markObjective(o);
      else if (!existed) break;
      // Its weight and parent matter to the parents (old and new), not to itself.
      if (existed) reach.markObjective(objectiveAfter(effectiveParentBefore(code)));
      const parentAfter = o === undefined ? -1 : (index.objectiveParent[o] as number);
      if (parentAfter >= 0) reach.markObjective(parentAfter);
      break;
    }
    case "keyResultsReordered":
      // Order decides only which child is the weakest on a tie: the objective itself (and what reads it) may change.
      reach.markObjective(objectiveAfter(change.objective));
      break;
    case "objectivesReordered":
      reach.markObjective(objectiveAfter(change.parent));
      break;
    case "objectiveRemoved": {
      const o = before.index.objectiveNumber.get(change.objective);
      if (o === undefined) break;
      removed.push(toObjectiveNodeId(change.objective));
      for (const r of before.index.keyResultsOf[o] ?? []) {
        removed.push(toKeyResultNodeId(before.index.keyResults[r]?.code as string));
      }
      // Its children move up to its parent, which loses it and gains them.
      reach.markObjective(objectiveAfter(effectiveParentBefore(change.objective)));
      break;
    }
    case "thresholdsChanged":
    case "agencyChanged":
    case "planChanged":
      reach.markEverything();
      break;
  }
  return reach.toPlan(after, removed);
}

// ── What the difference between two models reaches ───────────────────────────────────────────────────────────────
// A write that makes many changes at once (a document import, a starter template) is described by the model before
// it and the model after it, both as stored. Comparing them finds what differs; the same marking as for one change
// then follows what reads it, in the model after. The marks are a superset of what each difference reaches (an
// edited KPI is treated as if its values changed), so the recomputation still equals a full one.

/** The nodes to recompute for the difference between two models, and the stored results that recomputation reads. */
export interface ModelDifference {
  /** Nodes of the model after, in dependency order. */
  nodes: NodeId[];
  /**
   * Nodes of the model after that are not recomputed but that recomputed nodes read (a driver's health, a key
   * result or child objective of a recomputed objective): their previous results must be given to recomputeDifference.
   */
  reads: NodeId[];
  /** Nodes of the model before that the model after no longer has. */
  removed: NodeId[];
  /** Every node is recomputed (the agency's settings or the plan changed). */
  isEverything: boolean;
}

const differencePlans = new WeakMap<ModelDifference, { plan: RecomputationPlan; asOf: string }>();

/** What recomputing `after` needs, given the results of `before` as of `asOf`. Pure. */
export function compareModels(before: HealthModel, after: HealthModel, asOf: string): ModelDifference {
  const asOfDay = requireIsoDate(asOf);
  const stateBefore = readModelState(before);
  const stateAfter = readModelState(after);
  const reach = new Reach(stateAfter.index, makeCompositeTest(stateAfter, asOfDay));
  const removed = markDifference(reach, stateBefore, stateAfter, before, after);
  const plan = reach.toPlan(stateAfter, removed);
  const isEverything = reach.isMarkingEverything();
  const difference: ModelDifference = {
    nodes: listPlannedIds(plan),
    reads: isEverything ? [] : listReadIds(plan),
    removed,
    isEverything,
  };
  differencePlans.set(difference, { plan, asOf });
  return difference;
}

/**
 * The new results of the nodes `difference` names. `previousResults` are the results of the model before (as of
 * the same date), at least those of `difference.reads`. Merging the answer into the results of the model before
 * (mergeRecomputation) equals recomputeAll of the model after.
 */
export function recomputeDifference(
  difference: ModelDifference,
  previousResults: HealthResults,
): AffectedRecomputation {
  const planned = differencePlans.get(difference);
  if (planned === undefined) throw new Error("recomputeDifference takes what compareModels returned.");
  const { plan, asOf } = planned;
  const context = createEvaluationContext(plan.state, asOf, previousResults);
  evaluateInOrder(context, plan.kpis, plan.keyResults, plan.objectives);
  return { results: context.results, removed: plan.removed };
}

/** Marks what differs between the two models (in the model after); returns the nodes the model after lacks. */
function markDifference(
  reach: Reach,
  before: EvaluationState,
  after: EvaluationState,
  modelBefore: HealthModel,
  modelAfter: HealthModel,
): NodeId[] {
  const removed: NodeId[] = [];
  const was = before.index;
  const now = after.index;
  // The agency's thresholds and the plan's start date are read by every KPI.
  if (!isSameValue(modelBefore.agency, modelAfter.agency) || !isSameValue(modelBefore.plan, modelAfter.plan)) {
    reach.markEverything();
  }
  const kpiNow = (code: string | undefined) => (code === undefined ? undefined : now.kpiNumber.get(code));
  const objectiveNow = (code: string | undefined) => (code === undefined ? undefined : now.objectiveNumber.get(code));

  // KPIs: a new or edited definition, or other measurements, as if its values changed (the widest a KPI edit reaches).
  now.kpis.forEach((kpi, k) => {
    const b = was.kpiNumber.get(kpi.code);
    if (
      b === undefined ||
      !isSameValue(was.kpis[b], kpi) ||
      !isSameValue(before.measurementsOf(b), after.measurementsOf(k))
    ) {
      reach.markValues(k);
    }
  });
  was.kpis.forEach((kpi, b) => {
    if (now.kpiNumber.has(kpi.code)) return;
    removed.push(toKpiNodeId(kpi.code));
    for (const f of was.formulaDependents[b] ?? []) reach.markValues(kpiNow(was.kpis[f]?.code));
    for (const m of was.outgoingLinks[b] ?? []) reach.markHealth(kpiNow(was.kpis[m]?.code));
    reach.markKeyResultsTracking(kpi.code);
  });

  // Driver links, compared per driven KPI (in order, with weights): gaining, losing or reweighting a driver changes
  // the KPI's node, and can make it composite or stop it being so.
  const driversOf = (index: ModelIndex, k: number | undefined) =>
    k === undefined
      ? []
      : (index.incomingLinks[k] ?? []).map((link) => [index.kpis[link.from]?.code, link.weight] as const);
  now.kpis.forEach((kpi, k) => {
    if (!isSameValue(driversOf(was, was.kpiNumber.get(kpi.code)), driversOf(now, k))) {
      reach.markNode(k);
      reach.markHealth(k);
    }
  });

  // Key results: new or edited ones, and those the model after lacks.
  now.keyResults.forEach((keyResult, r) => {
    const b = was.keyResultNumber.get(keyResult.code);
    if (b === undefined || !isSameValue(was.keyResults[b], keyResult)) reach.markKeyResult(r);
  });
  was.keyResults.forEach((keyResult) => {
    if (!now.keyResultNumber.has(keyResult.code)) removed.push(toKeyResultNodeId(keyResult.code));
  });

  // Objectives: new or edited ones (weight, parent), those whose children (key results or objectives, in order)
  // differ, and those the model after lacks.
  const childrenOf = (index: ModelIndex, o: number | undefined) =>
    o === undefined
      ? null
      : [
          (index.keyResultsOf[o] ?? []).map((r) => index.keyResults[r]?.code),
          (index.childObjectives[o] ?? []).map((c) => index.objectives[c]?.code),
          index.objectiveParent[o] === -1 ? null : index.objectives[index.objectiveParent[o] as number]?.code,
        ];
  now.objectives.forEach((objective, o) => {
    const b = was.objectiveNumber.get(objective.code);
    if (
      b === undefined ||
      !isSameValue(was.objectives[b], objective) ||
      !isSameValue(childrenOf(was, b), childrenOf(now, o))
    ) {
      reach.markObjective(o);
    }
  });
  was.objectives.forEach((objective, b) => {
    if (now.objectiveNumber.has(objective.code)) return;
    removed.push(toObjectiveNodeId(objective.code));
    // Its children move up to its parent, which loses it and gains them.
    const parent = was.objectiveParent[b] as number;
    if (parent >= 0) reach.markObjective(objectiveNow(was.objectives[parent]?.code));
  });
  return removed;
}

/** Nodes the planned evaluation reads without recomputing them (see the top of this file). */
function listReadIds(plan: RecomputationPlan): NodeId[] {
  const index = plan.state.index;
  const kpis = new Set(plan.kpis);
  const keyResults = new Set(plan.keyResults);
  const objectives = new Set(plan.objectives);
  const reads = new Set<NodeId>();
  const readKpi = (code: string | null | undefined) => {
    const k = typeof code === "string" ? index.kpiNumber.get(code) : undefined;
    if (k !== undefined && !kpis.has(k)) reads.add(index.kpiIds[k] as NodeId);
  };
  for (const k of plan.kpis) {
    for (const link of index.incomingLinks[k] ?? []) readKpi(index.kpis[link.from]?.code);
  }
  for (const r of plan.keyResults) readKpi(index.keyResults[r]?.kpi);
  for (const o of plan.objectives) {
    for (const r of index.keyResultsOf[o] ?? []) {
      if (!keyResults.has(r)) reads.add(index.keyResultIds[r] as NodeId);
      readKpi(index.keyResults[r]?.kpi);
    }
    for (const c of index.childObjectives[o] ?? []) {
      if (!objectives.has(c)) reads.add(index.objectiveIds[c] as NodeId);
    }
  }
  return [...reads];
}

/** Deep equality of plain data (the model's definitions and series); key order does not matter. */
function isSameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const bKeys = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => isSameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

function haveSameEntries(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && a[key] === b[key]);
}
