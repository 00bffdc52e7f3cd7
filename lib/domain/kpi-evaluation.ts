// Evaluates one KPI node as of a date: latest value, target, attainment, health, status, staleness, driver health
// and divergence, with its explanation (spec/health.md, "A KPI's health" and "Driver health").

import { findResult, type EvaluationContext, type ExpectedPeriod } from "./evaluation-context";
import type { DriverShare, FormulaInputUsed, KpiExplanation, ThresholdsUsed } from "./explanations";
import type { KpiHealthNode, KpiResult } from "./health-nodes";
import {
  classifyHealth,
  computeDriverHealth,
  computeKpiHealth,
  isCompositeKpi,
  isDivergent,
  resolveThresholds,
} from "./kpi-health";
import { getKpiSeries, getKpiValueAt, type KpiSeries } from "./kpi-series";
import type { KpiDefinition, NodeId, NoValueReason } from "./model";
import {
  formatPeriodKey,
  getExpectedLatestPeriodIndex,
  isBehindExpectedPeriod,
  isPeriodDue,
  type Period,
} from "./periods";

export function evaluateKpi(context: EvaluationContext, kpi: number): KpiResult {
  const index = context.index;
  const definition = index.kpis[kpi] as KpiDefinition;
  const series = getKpiSeries(context, kpi);
  const thresholds = describeThresholds(context, definition);

  const incoming = index.incomingLinks[kpi] ?? [];
  const drivers: DriverShare[] = incoming.map((link) => ({
    code: (index.kpis[link.from] as KpiDefinition).code,
    weight: link.weight,
    health: findResult(context, index.kpiIds[link.from] as NodeId)?.node.health ?? null,
    share: null,
  }));
  const driverHealth = computeDriverHealth(drivers);
  fillDriverShares(drivers);

  const expected = getExpectedPeriod(context, definition);
  const last = series.indexes.length - 1;
  const latestIndex = last >= 0 ? (series.indexes[last] as number) : null;
  const isComposite = isCompositeKpi({
    hasDrivers: incoming.length > 0,
    hasFormula: series.isFormula,
    hasMeasurements: latestIndex !== null,
  });
  // spec/health.md: composite KPIs are never stale.
  const stale = !isComposite && isBehindExpectedPeriod(latestIndex, expected.period, expected.isDue);

  const explanation: KpiExplanation = {
    kind: "kpi",
    code: definition.code,
    rule: "no-data",
    status: "NO_DATA",
    health: null,
    attainment: null,
    direction: definition.direction,
    source: isComposite ? "drivers" : series.isFormula ? "formula" : "measurement",
    period: null,
    value: null,
    target: null,
    targetFrom: null,
    baseline: definition.baseline,
    tolerance: definition.tolerance,
    thresholds,
    formula: series.isFormula ? describeFormula(context, kpi, series, latestIndex) : null,
    reason: null,
    staleness: { stale, expectedPeriod: expected.key, lagDays: definition.lagDays, isDue: expected.isDue },
    drivers,
    driverHealth,
    divergent: false,
  };

  if (isComposite) {
    explanation.rule = "composite";
    explanation.health = driverHealth;
    explanation.status = driverHealth === null ? "NO_DATA" : classifyHealth(driverHealth, thresholds);
    explanation.reason = "no data";
    return { node: toNode(explanation), explanation };
  }
  if (latestIndex === null) {
    explanation.reason = findNoValueReason(series);
    return { node: toNode(explanation), explanation };
  }

  const period = formatPeriodKey({ frequency: definition.frequency, index: latestIndex });
  const value = series.values[last] as number;
  // spec/health.md: t is the per-period target whose key equals the value's period, else the default target.
  const periodTarget = definition.targets[period];
  const target = typeof periodTarget === "number" ? periodTarget : definition.target;
  explanation.period = period;
  explanation.value = value;
  if (target === null) {
    explanation.rule = "no-target";
    explanation.status = "NO_TARGET";
    return { node: toNode(explanation), explanation };
  }

  const outcome = computeKpiHealth({
    direction: definition.direction,
    value,
    target,
    baseline: definition.baseline,
    tolerance: definition.tolerance,
    thresholds,
  });
  explanation.rule = outcome.rule;
  explanation.status = outcome.status;
  explanation.health = outcome.health;
  explanation.attainment = outcome.attainment;
  explanation.target = target;
  explanation.targetFrom = typeof periodTarget === "number" ? "period" : "default";
  explanation.divergent = isDivergent(outcome.health, driverHealth);
  return { node: toNode(explanation), explanation };
}

/** The API node, with its fields in the order of spec/drivertree-format.md. */
function toNode(explanation: KpiExplanation): KpiHealthNode {
  return {
    kind: "kpi",
    code: explanation.code,
    period: explanation.period,
    value: explanation.value,
    target: explanation.target,
    attainment: explanation.attainment,
    health: explanation.health,
    status: explanation.status,
    stale: explanation.staleness.stale,
    driverHealth: explanation.driverHealth,
    divergent: explanation.divergent,
    reason: explanation.reason,
  };
}

function describeThresholds(context: EvaluationContext, definition: KpiDefinition): ThresholdsUsed {
  // Most KPIs have no override: they share one description of the agency's thresholds.
  if (definition.thresholds === null) {
    context.agencyThresholdsUsed ??= { ...context.agency.thresholds, onTrackFrom: "agency", atRiskFrom: "agency" };
    return context.agencyThresholdsUsed;
  }
  const resolved = resolveThresholds(context.agency.thresholds, definition.thresholds);
  return {
    ...resolved,
    onTrackFrom: definition.thresholds?.onTrack !== undefined ? "kpi" : "agency",
    atRiskFrom: definition.thresholds?.atRisk !== undefined ? "kpi" : "agency",
  };
}

/** Each driver's weighted share w·h / Σ w over the drivers with a health. */
function fillDriverShares(drivers: DriverShare[]): void {
  let totalWeight = 0;
  for (const driver of drivers) if (driver.health !== null) totalWeight += driver.weight;
  for (const driver of drivers) {
    if (driver.health !== null && totalWeight > 0) driver.share = (driver.weight * driver.health) / totalWeight;
  }
}

/** The KPI's expected latest period as of the context's date; KPIs sharing a frequency and lagDays share it. */
function getExpectedPeriod(context: EvaluationContext, definition: KpiDefinition): ExpectedPeriod {
  const memoKey = `${definition.frequency}|${definition.lagDays}`;
  const known = context.expectedPeriodMemo.get(memoKey);
  if (known !== undefined) return known;
  const fiscalYearStartMonth = context.agency.fiscalYearStartMonth;
  const period: Period = {
    frequency: definition.frequency,
    index: getExpectedLatestPeriodIndex(
      definition.frequency,
      definition.lagDays,
      context.asOfDay,
      fiscalYearStartMonth,
    ),
  };
  const expected = {
    period,
    key: formatPeriodKey(period),
    isDue: isPeriodDue(period, context.planStartDay, fiscalYearStartMonth),
  };
  context.expectedPeriodMemo.set(memoKey, expected);
  return expected;
}

/**
 * Why a KPI has no value. docs/health.md: a measured KPI says "no data"; a formula KPI gives the reason of the latest
 * period it could not compute, and "missing input" when no input has a value at all.
 */
function findNoValueReason(series: KpiSeries): NoValueReason {
  if (!series.isFormula) return "no data";
  return series.gaps[series.gaps.length - 1]?.reason ?? "missing input";
}

function describeFormula(
  context: EvaluationContext,
  kpi: number,
  series: KpiSeries,
  latestIndex: number | null,
): NonNullable<KpiExplanation["formula"]> {
  const formula = context.index.formulas[kpi];
  const frequency = series.frequency;
  const inputs: FormulaInputUsed[] = [];
  if (formula && latestIndex !== null) {
    formula.inputs.forEach((input, slot) => {
      const inputFrequency = input < 0 ? frequency : (context.index.kpis[input] as KpiDefinition).frequency;
      inputs.push({
        code: formula.codes[slot] as string,
        value: input < 0 ? null : getKpiValueAt(context, input, frequency, latestIndex),
        isAggregated: inputFrequency !== frequency,
      });
    });
  }
  const gap = series.gaps[series.gaps.length - 1];
  const latestGap =
    gap !== undefined && (latestIndex === null || gap.index > latestIndex)
      ? { period: formatPeriodKey({ frequency, index: gap.index }), reason: gap.reason, missing: gap.missing }
      : null;
  return { expression: formula?.expression ?? "", inputs, latestGap };
}
