// A KPI's values as of a date: its measurements, or — for a formula KPI — its expression evaluated period by period
// (spec/health.md, "Data as of a date", "Periods" and "Formula KPIs").

import type { EvaluationContext } from "./evaluation-context";
import { runFormula, type FormulaNoValueReason } from "./formula-evaluation";
import type { Frequency, KpiDefinition } from "./model";
import { hasFormula } from "./model-index";
import {
  aggregateSeries,
  coarsenPeriod,
  findSeriesValue,
  isSameOrFinerFrequency,
  readSeriesAsOf,
  type DatedSeries,
} from "./periods";

/** A formula period that has no value, and why. */
export interface FormulaGap {
  index: number;
  reason: FormulaNoValueReason;
  missing: string[];
}

export interface KpiSeries extends DatedSeries {
  isFormula: boolean;
  /** Formula periods where some input has a value but the formula has none, ascending. */
  gaps: FormulaGap[];
  /** Values by period of a coarser frequency, built on first use. */
  coarser: Map<Frequency, Map<number, number>> | null;
}

const EMPTY_GAPS: FormulaGap[] = [];

/** The KPI's own-frequency values as of the context's date, computed once per pass. */
export function getKpiSeries(context: EvaluationContext, kpi: number): KpiSeries {
  const known = context.series[kpi];
  if (known !== undefined) return known;
  const definition = context.index.kpis[kpi] as KpiDefinition;
  let series: KpiSeries;
  if (!hasFormula(definition)) {
    // spec/health.md: measurements of periods that start after asOf are set aside before any rule sees them.
    const dated = readSeriesAsOf(
      context.measurementsOf(kpi),
      definition.frequency,
      context.asOfDay,
      context.agency.fiscalYearStartMonth,
    );
    series = { ...dated, isFormula: false, gaps: EMPTY_GAPS, coarser: null };
  } else if (context.isResolving[kpi] === 1) {
    // A formula cycle, refused when saved: no value rather than endless recursion.
    return { frequency: definition.frequency, indexes: [], values: [], isFormula: true, gaps: [], coarser: null };
  } else {
    context.isResolving[kpi] = 1;
    series = evaluateFormulaSeries(context, kpi, definition);
    context.isResolving[kpi] = 0;
  }
  context.series[kpi] = series;
  return series;
}

/**
 * The KPI's value for a period of its own or a coarser frequency (periods.ts, getValueForPeriod), with the coarser
 * values aggregated once per pass and kept on the series.
 */
export function getKpiValueAt(context: EvaluationContext, kpi: number, frequency: Frequency, index: number) {
  const series = getKpiSeries(context, kpi);
  if (series.frequency === frequency) return findSeriesValue(series, index);
  if (!isSameOrFinerFrequency(series.frequency, frequency)) return null;
  series.coarser ??= new Map();
  let byPeriod = series.coarser.get(frequency);
  if (byPeriod === undefined) {
    const aggregation = (context.index.kpis[kpi] as KpiDefinition).aggregation;
    byPeriod = aggregateSeries(series, frequency, aggregation, context.agency.fiscalYearStartMonth);
    series.coarser.set(frequency, byPeriod);
  }
  return byPeriod.get(index) ?? null;
}

/**
 * spec/health.md: a formula KPI is evaluated only at its own frequency, over its inputs' values for that same period
 * (finer inputs aggregated by their own rule first — so a zero month inside a quarter does not matter). The periods
 * considered are those in which at least one input has a value; any other period is simply empty.
 */
function evaluateFormulaSeries(context: EvaluationContext, kpi: number, definition: KpiDefinition): KpiSeries {
  const frequency = definition.frequency;
  const formula = context.index.formulas[kpi];
  const indexes: number[] = [];
  const values: number[] = [];
  const gaps: FormulaGap[] = [];
  const evaluate = formula?.evaluate;
  // A stored formula that does not parse (refused when saved) never has a value.
  if (!formula || !evaluate) return { frequency, indexes, values, isFormula: true, gaps, coarser: null };

  const candidates = new Set<number>();
  for (const input of formula.inputs) {
    if (input < 0) continue;
    const inputSeries = getKpiSeries(context, input);
    if (!isSameOrFinerFrequency(inputSeries.frequency, frequency)) continue;
    if (inputSeries.frequency === frequency) {
      for (const index of inputSeries.indexes) candidates.add(index);
    } else {
      for (const index of inputSeries.indexes) {
        const container = coarsenPeriod(
          { frequency: inputSeries.frequency, index },
          frequency,
          context.agency.fiscalYearStartMonth,
        );
        if (container !== null) candidates.add(container.index);
      }
    }
  }
  const periods = [...candidates].sort((a, b) => a - b);
  for (const period of periods) {
    const inputValues = formula.inputs.map((input) =>
      input < 0 ? null : getKpiValueAt(context, input, frequency, period),
    );
    const evaluation = runFormula(evaluate, formula.codes, inputValues);
    if (evaluation.ok) {
      indexes.push(period);
      values.push(evaluation.value);
    } else {
      gaps.push({ index: period, reason: evaluation.reason, missing: evaluation.missing });
    }
  }
  return { frequency, indexes, values, isFormula: true, gaps, coarser: null };
}
