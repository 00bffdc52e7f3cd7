// Evaluates one key result node as of a date, with its explanation.

import { findResult, type EvaluationContext } from "./evaluation-context";
import type { KeyResultExplanation, KeyResultRule } from "./explanations";
import type { KeyResultResult } from "./health-nodes";
import {
  computeExpectedProgress,
  computeMetricProgress,
  computePaceHealth,
  ZONE_HEALTH,
  ZONE_PROGRESS,
} from "./key-result-health";
import { classifyHealth, clampUnit } from "./kpi-health";
import { parseIsoDate } from "./dates";
import type { KeyResultDefinition, NodeId, Status } from "./model";

export function evaluateKeyResult(context: EvaluationContext, keyResult: number): KeyResultResult {
  const definition = context.index.keyResults[keyResult] as KeyResultDefinition;
  const thresholds = context.agency.thresholds;

  // spec/health.md: D0 defaults to the plan's start and D1 to its end. docs/health.md: a date that does not parse
  // (refused when saved) falls back to the default too.
  const startDate =
    definition.startDate && parseIsoDate(definition.startDate) !== null ? definition.startDate : context.plan.start;
  const dueDate =
    definition.dueDate && parseIsoDate(definition.dueDate) !== null ? definition.dueDate : context.plan.end;
  const startDay = parseIsoDate(startDate) as number;
  const dueDay = parseIsoDate(dueDate) as number;
  const expectedProgress = computeExpectedProgress(context.asOfDay, startDay, dueDay);

  let rule: KeyResultRule;
  let progress: number | null = null;
  let health: number | null = null;
  let kpi: KeyResultExplanation["kpi"] = null;
  let start: number | null = null;
  let target: number | null = null;

  if (definition.kind === "metric") {
    const code = typeof definition.kpi === "string" ? definition.kpi : null;
    const kpiNumber = code === null ? undefined : context.index.kpiNumber.get(code);
    // Only a KPI of this model counts: a removed KPI's result may still sit in the previous results.
    const kpiResult =
      kpiNumber === undefined ? undefined : findResult(context, context.index.kpiIds[kpiNumber] as NodeId);
    const kpiNode = kpiResult?.node.kind === "kpi" ? kpiResult.node : null;
    // spec/health.md: v is the KPI's latest value (a formula KPI's computed value; a composite KPI has none).
    const value = kpiNode?.value ?? null;
    kpi = code === null ? null : { code, period: kpiNode?.period ?? null, value };
    // spec/health.md: S defaults to the KPI's baseline.
    start = definition.start ?? (kpiNumber === undefined ? null : (context.index.kpis[kpiNumber]?.baseline ?? null));
    target = definition.target ?? null;
    if (start === null || target === null || target === start) {
      rule = "incomplete-metric";
    } else if (value === null) {
      rule = "no-kpi-value";
    } else {
      rule = "metric";
      progress = computeMetricProgress(value, start, target);
      health = computePaceHealth(progress, expectedProgress);
    }
  } else if (definition.kind === "milestone") {
    rule = "milestone";
    // spec/health.md: p is the progress entered (0–1; 0 until one is entered).
    progress = clampUnit(definition.progress ?? 0);
    health = computePaceHealth(progress, expectedProgress);
  } else if (definition.zone) {
    rule = "qualitative";
    progress = ZONE_PROGRESS[definition.zone];
    health = ZONE_HEALTH[definition.zone];
  } else {
    rule = "no-zone";
  }

  const status: Status = health === null ? "NO_DATA" : classifyHealth(health, thresholds);
  return {
    node: { kind: "keyResult", code: definition.code, progress, health, status },
    explanation: {
      kind: "keyResult",
      code: definition.code,
      keyResultKind: definition.kind,
      rule,
      kpi,
      start,
      target,
      zone: definition.zone ?? null,
      startDate,
      dueDate,
      elapsedDays: context.asOfDay - startDay,
      totalDays: dueDay - startDay,
      expectedProgress,
      progress,
      health,
      status,
      thresholds: { onTrack: thresholds.onTrack, atRisk: thresholds.atRisk },
    },
  };
}
