// A KPI's series as pages and exports show it: its measurements, or for a formula KPI the values the formula gives,
// period by period, as of a date — computed by the same code the health rules use, so a chart never disagrees with
// the status beside it.

import { createEvaluationContext, readModelState } from "./evaluation-context";
import { getKpiSeries } from "./kpi-series";
import type { HealthModel } from "./model";
import { formatPeriodKey } from "./periods";

export interface KpiValue {
  period: string;
  value: number;
}

/**
 * The KPI's values of its own frequency for the periods started on or before `asOf`, oldest first; a formula KPI's
 * periods where the formula has no value (missing input, division by zero) are left out. Empty for an unknown code.
 * The model needs the KPI and, for a formula, the KPIs it names (transitively), with their measurements.
 */
export function computeKpiValues(model: HealthModel, code: string, asOf: string): KpiValue[] {
  const state = readModelState(model);
  const kpi = state.index.kpiNumber.get(code);
  if (kpi === undefined) return [];
  const series = getKpiSeries(createEvaluationContext(state, asOf), kpi);
  return series.indexes.map((index, i) => ({
    period: formatPeriodKey({ frequency: series.frequency, index }),
    value: series.values[i] as number,
  }));
}
