// Evaluates one objective node from its children's results.

import { findResult, type EvaluationContext } from "./evaluation-context";
import type { ObjectiveResult } from "./health-nodes";
import type { KeyResultDefinition, NodeId, ObjectiveDefinition } from "./model";
import { computeObjectiveHealth, type ObjectiveChild } from "./objective-health";

export function evaluateObjective(context: EvaluationContext, objective: number): ObjectiveResult {
  const index = context.index;
  const definition = index.objectives[objective] as ObjectiveDefinition;
  const children: ObjectiveChild[] = [];

  for (const keyResult of index.keyResultsOf[objective] ?? []) {
    const kr = index.keyResults[keyResult] as KeyResultDefinition;
    const node = findResult(context, index.keyResultIds[keyResult] as NodeId)?.node;
    if (node?.kind !== "keyResult") continue;
    children.push({
      kind: "keyResult",
      code: kr.code,
      weight: kr.weight,
      status: node.status,
      progress: node.progress,
      health: node.health,
      freshness: getKeyResultFreshness(context, kr),
    });
  }
  for (const child of index.childObjectives[objective] ?? []) {
    const node = findResult(context, index.objectiveIds[child] as NodeId)?.node;
    if (node?.kind !== "objective") continue;
    children.push({
      kind: "objective",
      code: node.code,
      weight: (index.objectives[child] as ObjectiveDefinition).weight,
      status: node.status,
      progress: node.progress,
      health: node.health,
      freshness: node.freshness ?? 0,
    });
  }
  return computeObjectiveHealth(definition.code, children, context.agency.thresholds);
}

/** spec/health.md: 1 for a metric key result whose KPI has a value and is not stale, else 0; 1 for the others. */
function getKeyResultFreshness(context: EvaluationContext, kr: KeyResultDefinition): number {
  if (kr.kind !== "metric") return 1;
  const kpi = typeof kr.kpi === "string" ? context.index.kpiNumber.get(kr.kpi) : undefined;
  if (kpi === undefined) return 0;
  const node = findResult(context, context.index.kpiIds[kpi] as NodeId)?.node;
  return node?.kind === "kpi" && node.value !== null && !node.stale ? 1 : 0;
}
