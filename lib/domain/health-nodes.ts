// The computed health of each node. A node serialises straight to the `GET /api/v1/health` node of
// spec/drivertree-format.md (same fields, same order); its explanation travels beside it, never inside it.

import type { KeyResultExplanation, KpiExplanation, ObjectiveExplanation } from "./explanations";
import type { NodeId, NoValueReason, Status } from "./model";

export interface KpiHealthNode {
  kind: "kpi";
  code: string;
  /** The period of the latest value; null without one. */
  period: string | null;
  value: number | null;
  target: number | null;
  attainment: number | null;
  health: number | null;
  status: Status;
  stale: boolean;
  driverHealth: number | null;
  divergent: boolean;
  /** Why there is no value; null when there is one. */
  reason: NoValueReason | null;
}

export interface KeyResultHealthNode {
  kind: "keyResult";
  code: string;
  progress: number | null;
  health: number | null;
  status: Status;
}

/** Statuses with no child are left out. */
export type StatusCounts = Partial<Record<Status, number>>;

export interface ObjectiveHealthNode {
  kind: "objective";
  code: string;
  progress: number | null;
  health: number | null;
  status: Status;
  coverage: number | null;
  freshness: number | null;
  counts: StatusCounts;
  weakest: string | null;
}

export type HealthNode = KpiHealthNode | KeyResultHealthNode | ObjectiveHealthNode;

export interface KpiResult {
  node: KpiHealthNode;
  explanation: KpiExplanation;
}

export interface KeyResultResult {
  node: KeyResultHealthNode;
  explanation: KeyResultExplanation;
}

export interface ObjectiveResult {
  node: ObjectiveHealthNode;
  explanation: ObjectiveExplanation;
}

export type NodeResult = KpiResult | KeyResultResult | ObjectiveResult;

/** Results by node id; recomputeAll lists KPIs, then key results, then objectives, each in model order. */
export type HealthResults = ReadonlyMap<NodeId, NodeResult>;
