// The driver graph: KPIs as nodes, driver links as edges (spec/health.md, "Driver health"), and the wider
// dependency graph of every node — what a node's number is computed from, and what it feeds.

import {
  buildKeyedGraph,
  collectAncestorKeys,
  collectDescendantKeys,
  sortKeysTopologically,
  type KeyedGraph,
} from "./graph";
import { parseNodeId, toKpiNodeId, toObjectiveNodeId, type HealthModel, type NodeId } from "./model";
import { getModelIndex } from "./model-index";

/** KPI codes with an edge from each driver to the KPI it drives. */
export function buildDriverGraph(model: HealthModel): KeyedGraph {
  return buildKeyedGraph(
    model.kpis.map((kpi) => kpi.code),
    model.links.map((link) => [link.from, link.to] as const),
  );
}

/** Drivers before the KPIs they drive (model order among equals), or the cycle that prevents it. */
export function sortKpisByDrivers(model: HealthModel): { ok: true; order: string[] } | { ok: false; cycle: string[] } {
  return sortKeysTopologically(buildDriverGraph(model));
}

/** Every KPI that drives `kpiCode`, directly or through others. */
export function getDriverAncestors(model: HealthModel, kpiCode: string): string[] {
  return collectAncestorKeys(buildDriverGraph(model), kpiCode);
}

/** Every KPI that `kpiCode` drives, directly or through others. */
export function getDriverDescendants(model: HealthModel, kpiCode: string): string[] {
  return collectDescendantKeys(buildDriverGraph(model), kpiCode);
}

/**
 * Every node whose number `id` is computed from, transitively: a KPI's formula inputs and drivers, a key result's
 * KPI, an objective's key results and child objectives. Breadth-first from the node.
 */
export function listUpstreamNodes(model: HealthModel, id: NodeId): NodeId[] {
  const index = getModelIndex(model);
  const upstreamOf = (node: NodeId): NodeId[] => {
    const parsed = parseNodeId(node);
    if (parsed === null) return [];
    if (parsed.kind === "kpi") {
      const k = index.kpiNumber.get(parsed.code);
      if (k === undefined) return [];
      const inputs = (index.formulas[k]?.inputs ?? []).filter((input) => input >= 0);
      const drivers = (index.incomingLinks[k] ?? []).map((link) => link.from);
      return [...inputs, ...drivers].map((n) => index.kpiIds[n] as NodeId);
    }
    if (parsed.kind === "keyResult") {
      const kpi = index.keyResults[index.keyResultNumber.get(parsed.code) ?? -1]?.kpi;
      return typeof kpi === "string" && index.kpiNumber.has(kpi) ? [toKpiNodeId(kpi)] : [];
    }
    const o = index.objectiveNumber.get(parsed.code);
    if (o === undefined) return [];
    return [
      ...(index.keyResultsOf[o] ?? []).map((r) => index.keyResultIds[r] as NodeId),
      ...(index.childObjectives[o] ?? []).map((c) => index.objectiveIds[c] as NodeId),
    ];
  };
  return walk(id, upstreamOf);
}

/**
 * Every node computed from `id`, transitively: formulas naming a KPI, the KPIs it drives, the key results tracking
 * it, a key result's objective, an objective's parent. Breadth-first from the node.
 */
export function listDownstreamNodes(model: HealthModel, id: NodeId): NodeId[] {
  const index = getModelIndex(model);
  const downstreamOf = (node: NodeId): NodeId[] => {
    const parsed = parseNodeId(node);
    if (parsed === null) return [];
    if (parsed.kind === "kpi") {
      const k = index.kpiNumber.get(parsed.code);
      if (k === undefined) return [];
      return [
        ...(index.formulaDependents[k] ?? []).map((f) => index.kpiIds[f] as NodeId),
        ...(index.outgoingLinks[k] ?? []).map((m) => index.kpiIds[m] as NodeId),
        ...(index.keyResultsByKpi.get(parsed.code) ?? []).map((r) => index.keyResultIds[r] as NodeId),
      ];
    }
    if (parsed.kind === "keyResult") {
      const o = index.keyResultObjective[index.keyResultNumber.get(parsed.code) ?? -1] ?? -1;
      return o >= 0 ? [index.objectiveIds[o] as NodeId] : [];
    }
    const o = index.objectiveNumber.get(parsed.code);
    const parent = o === undefined ? -1 : (index.objectiveParent[o] as number);
    return parent >= 0 ? [toObjectiveNodeId(index.objectives[parent]?.code as string)] : [];
  };
  return walk(id, downstreamOf);
}

function walk(start: NodeId, next: (node: NodeId) => NodeId[]): NodeId[] {
  const seen = new Set<NodeId>([start]);
  const order: NodeId[] = [];
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    for (const node of next(queue[head] as NodeId)) {
      if (seen.has(node)) continue;
      seen.add(node);
      order.push(node);
      queue.push(node);
    }
  }
  return order;
}

/**
 * The KPIs a tree reaches from its key results: those key results track, and every KPI driving one of them, directly
 * or through others (a formula's inputs are not drivers). The tree draws these; the KPI library flags every other KPI
 * as unlinked. Ids may be codes or database ids, as long as both lists use the same.
 */
export function collectKpisReachedByKeyResults(
  trackedKpis: Iterable<string>,
  links: Iterable<{ readonly from: string; readonly to: string }>,
): Set<string> {
  const driversOf = new Map<string, string[]>();
  for (const link of links) {
    const drivers = driversOf.get(link.to);
    if (drivers) drivers.push(link.from);
    else driversOf.set(link.to, [link.from]);
  }
  const reached = new Set<string>();
  const stack = [...trackedKpis];
  while (stack.length > 0) {
    const kpi = stack.pop() as string;
    if (reached.has(kpi)) continue;
    reached.add(kpi);
    for (const driver of driversOf.get(kpi) ?? []) if (!reached.has(driver)) stack.push(driver);
  }
  return reached;
}
