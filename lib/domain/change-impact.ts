// What a list of changes would do to health, before anyone makes it: the delete preview asks this. It runs the same
// incremental recomputation as a write (recomputeAffected, change after change), so the preview reaches exactly the
// nodes the write will recompute, and compares their new results with the previous ones.

import { applyChange, type ModelChange } from "./changes";
import type { HealthResults, NodeResult } from "./health-nodes";
import { parseNodeId, type HealthModel, type NodeId, type NodeKind, type Status } from "./model";
import { recomputeAffected } from "./recompute";

export interface HealthShift {
  id: NodeId;
  kind: NodeKind;
  code: string;
  before: { status: Status; health: number | null };
  after: { status: Status; health: number | null };
}

export interface ChangeImpact {
  /** Nodes the changes delete, in the order the changes delete them. */
  removed: NodeId[];
  /** Nodes that stay and whose status or health number changes, in dependency order. */
  shifted: HealthShift[];
}

const summarize = (result: NodeResult) => ({ status: result.node.status, health: result.node.health });

/**
 * The impact of `changes` on `model`, whose results as of `asOf` are `previousResults`. Pure: neither argument is
 * modified.
 */
export function describeChangeImpact(
  model: HealthModel,
  previousResults: HealthResults,
  changes: readonly ModelChange[],
  asOf: string,
): ChangeImpact {
  let current = model;
  const results = new Map(previousResults);
  const removed: NodeId[] = [];
  const touched = new Set<NodeId>();
  for (const change of changes) {
    const recomputation = recomputeAffected(current, results, change, asOf);
    current = applyChange(current, change);
    for (const id of recomputation.removed) {
      results.delete(id);
      touched.delete(id);
      if (!removed.includes(id)) removed.push(id);
    }
    for (const [id, result] of recomputation.results) {
      results.set(id, result);
      touched.add(id);
    }
  }
  const shifted: HealthShift[] = [];
  for (const id of touched) {
    const before = previousResults.get(id);
    const after = results.get(id);
    const parsed = parseNodeId(id);
    if (before === undefined || after === undefined || parsed === null) continue;
    const isSame = before.node.status === after.node.status && before.node.health === after.node.health;
    if (!isSame)
      shifted.push({ id, kind: parsed.kind, code: parsed.code, before: summarize(before), after: summarize(after) });
  }
  return { removed, shifted };
}
