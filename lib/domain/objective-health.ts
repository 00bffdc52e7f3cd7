// An objective's progress, health, coverage, freshness, counts and weakest child (spec/health.md, "An objective's
// progress and health").

import type { ObjectiveChildShare, ObjectiveExplanation } from "./explanations";
import type { ObjectiveHealthNode, StatusCounts } from "./health-nodes";
import { classifyHealth } from "./kpi-health";
import type { Status, Thresholds } from "./model";
import { computeExactRatio, computeWeightedMean } from "./weighted-mean";

export interface ObjectiveChild {
  kind: "keyResult" | "objective";
  code: string;
  weight: number;
  status: Status;
  progress: number | null;
  health: number | null;
  /**
   * spec/health.md: 1 for a metric key result whose KPI has a value and is not stale (else 0), 1 for milestone and
   * qualitative key results, a child objective's own freshness (0 when that is null).
   */
  freshness: number;
}

/**
 * Rolls up an objective's children — its key results in order, then its child objectives in order:
 *   progress = Σ w·p / Σ w and health = Σ w·h / Σ w over the children that are not NO_DATA (none → NO_DATA);
 *   coverage = Σ w (not NO_DATA) / Σ w (all); freshness = Σ w·f / Σ w over all; both null with no children;
 *   counts per status; weakest = the child with the lowest health, the first in order on a tie.
 * Status uses the agency's thresholds.
 */
export function computeObjectiveHealth(
  code: string,
  children: readonly ObjectiveChild[],
  thresholds: Thresholds,
): { node: ObjectiveHealthNode; explanation: ObjectiveExplanation } {
  const counted = children.filter((child) => child.status !== "NO_DATA");
  const progress = computeWeightedMean(counted.map((child) => ({ weight: child.weight, value: child.progress ?? 0 })));
  const health = computeWeightedMean(counted.map((child) => ({ weight: child.weight, value: child.health ?? 0 })));
  const status: Status = health === null ? "NO_DATA" : classifyHealth(health, thresholds);
  const hasChildren = children.length > 0;
  const coverage = hasChildren
    ? computeExactRatio(
        counted.map((child) => child.weight),
        children.map((child) => child.weight),
      )
    : null;
  const freshness = computeWeightedMean(children.map((child) => ({ weight: child.weight, value: child.freshness })));

  const counts: StatusCounts = {};
  let weakest: ObjectiveChild | null = null;
  for (const child of children) {
    counts[child.status] = (counts[child.status] ?? 0) + 1;
    if (child.health !== null && (weakest === null || child.health < (weakest.health as number))) weakest = child;
  }

  let countedWeight = 0;
  for (const child of counted) countedWeight += child.weight;
  let totalWeight = 0;
  for (const child of children) totalWeight += child.weight;
  const shares: ObjectiveChildShare[] = children.map((child) => {
    const isCounted = child.status !== "NO_DATA";
    return {
      kind: child.kind,
      code: child.code,
      weight: child.weight,
      status: child.status,
      progress: child.progress,
      health: child.health,
      isCounted,
      progressShare: isCounted && child.progress !== null ? (child.weight * child.progress) / countedWeight : null,
      healthShare: isCounted && child.health !== null ? (child.weight * child.health) / countedWeight : null,
      freshness: child.freshness,
    };
  });

  const rule = !hasChildren ? "no-children" : health === null ? "no-child-with-data" : "weighted-mean";
  const node: ObjectiveHealthNode = {
    kind: "objective",
    code,
    progress,
    health,
    status,
    coverage,
    freshness,
    counts,
    weakest: weakest?.code ?? null,
  };
  return {
    node,
    explanation: {
      kind: "objective",
      code,
      rule,
      children: shares,
      totalWeight,
      countedWeight,
      progress,
      health,
      status,
      coverage,
      freshness,
      weakest: node.weakest,
      thresholds: { onTrack: thresholds.onTrack, atRisk: thresholds.atRisk },
    },
  };
}
