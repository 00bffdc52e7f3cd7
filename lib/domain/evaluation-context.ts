// What one evaluation pass shares: the state being evaluated, the date, values computed so far (memoised per pass)
// and the results produced so far. A full recompute starts with no results; an incremental one falls back to the
// previous results for every node the change cannot reach.

import { requireIsoDate } from "./dates";
import type { ThresholdsUsed } from "./explanations";
import type { HealthResults, NodeResult } from "./health-nodes";
import type { KpiSeries } from "./kpi-series";
import type { AgencySettings, HealthModel, MeasurementSeries, NodeId, Plan } from "./model";
import { getModelIndex, type ModelIndex } from "./model-index";
import type { Period } from "./periods";

/** The model as the engine reads it; measurements go through a function so a change can overlay a few series. */
export interface EvaluationState {
  agency: AgencySettings;
  plan: Plan;
  index: ModelIndex;
  measurementsOf(kpi: number): MeasurementSeries | undefined;
}

export interface ExpectedPeriod {
  period: Period;
  key: string;
  /** False while no period is due yet (docs/health.md). */
  isDue: boolean;
}

export interface EvaluationContext extends EvaluationState {
  asOf: string;
  asOfDay: number;
  planStartDay: number;
  /** KPI number → its values as of asOf, computed on first use */
  series: (KpiSeries | undefined)[];
  /** Guards against a formula cycle in a model the write path would have refused. */
  isResolving: Uint8Array;
  /** The expected latest period by frequency and lagDays (staleness). */
  expectedPeriodMemo: Map<string, ExpectedPeriod>;
  /** The agency's thresholds as KPI explanations cite them, shared by every KPI without an override. */
  agencyThresholdsUsed: ThresholdsUsed | null;
  results: Map<NodeId, NodeResult>;
  previous: HealthResults | undefined;
}

export function readModelState(model: HealthModel): EvaluationState {
  const index = getModelIndex(model);
  return {
    agency: model.agency,
    plan: model.plan,
    index,
    measurementsOf: (kpi) => model.measurements[(index.kpis[kpi] as { code: string }).code],
  };
}

export function createEvaluationContext(
  state: EvaluationState,
  asOf: string,
  previous?: HealthResults,
): EvaluationContext {
  const kpiCount = state.index.kpis.length;
  return {
    ...state,
    asOf,
    asOfDay: requireIsoDate(asOf),
    planStartDay: requireIsoDate(state.plan.start),
    series: new Array<KpiSeries | undefined>(kpiCount),
    isResolving: new Uint8Array(kpiCount),
    expectedPeriodMemo: new Map(),
    agencyThresholdsUsed: null,
    results: new Map(),
    previous,
  };
}

/** A node's result from this pass, else from the previous results. */
export function findResult(context: EvaluationContext, id: NodeId): NodeResult | undefined {
  return context.results.get(id) ?? context.previous?.get(id);
}
