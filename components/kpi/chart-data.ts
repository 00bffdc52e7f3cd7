import "server-only";
import {
  computeKpiHealth,
  formatPeriodKey,
  parsePeriodKey,
  resolveThresholds,
  type Direction,
  type Status,
  type Thresholds,
} from "@/lib/domain";
import { formatPeriodShort, formatPeriod } from "@/components/format/periods";

// The KPI chart's rows, computed on the server: the series, the target of each period (its
// per-period target, else the default — drawn as steps) and the status bands. A band's edges
// are the values at which the engine's own health crosses the thresholds for that period's
// target: found by bisection over computeKpiHealth, so the chart never restates a rule.

export type ChartRow = {
  period: string;
  label: string;
  longLabel: string;
  value: number | null;
  target: number | null;
  status: Status | null;
  /** [low, high] value ranges, bottom to top: off track, at risk, on track, at risk, off track. */
  offLow: [number, number] | null;
  riskLow: [number, number] | null;
  onTrack: [number, number] | null;
  riskHigh: [number, number] | null;
  offHigh: [number, number] | null;
};

export type ChartData = { rows: ChartRow[]; domain: [number, number] };

type KpiRule = {
  direction: Direction;
  baseline: number | null;
  target: number | null;
  targets: Record<string, number>;
  tolerance: number;
  thresholds: Thresholds;
};

const BISECTION_STEPS = 50;

function healthAt(rule: KpiRule, target: number, value: number): number {
  return computeKpiHealth({
    direction: rule.direction,
    value,
    target,
    baseline: rule.baseline,
    tolerance: rule.tolerance,
    thresholds: rule.thresholds,
  }).health;
}

/** The boundary in [low, high] where `isInside` flips, for a predicate monotone along the range. */
function bisect(low: number, high: number, isInsideAt: (value: number) => boolean): number {
  const insideAtLow = isInsideAt(low);
  let a = low;
  let b = high;
  for (let step = 0; step < BISECTION_STEPS; step++) {
    const middle = (a + b) / 2;
    if (isInsideAt(middle) === insideAtLow) a = middle;
    else b = middle;
  }
  return (a + b) / 2;
}

function computeBands(rule: KpiRule, target: number, domain: [number, number]) {
  const [low, high] = domain;
  const isInside = (threshold: number) => (value: number) => healthAt(rule, target, value) >= threshold - 1e-9;
  // Health rises along [from, to]: the lowest value inside the threshold.
  const lowestInside = (threshold: number, from: number, to: number) => {
    const inside = isInside(threshold);
    if (inside(from)) return from;
    if (!inside(to)) return to;
    return bisect(from, to, inside);
  };
  // Health falls along [from, to]: the highest value inside the threshold.
  const highestInside = (threshold: number, from: number, to: number) => {
    const inside = isInside(threshold);
    if (inside(to)) return to;
    if (!inside(from)) return from;
    return bisect(from, to, inside);
  };
  const { onTrack, atRisk } = rule.thresholds;
  if (rule.direction === "maintain") {
    // Health peaks at the target and falls away on both sides.
    const centre = Math.min(high, Math.max(low, target));
    return {
      riskLowEdge: lowestInside(atRisk, low, centre),
      onLowEdge: lowestInside(onTrack, low, centre),
      onHighEdge: highestInside(onTrack, centre, high),
      riskHighEdge: highestInside(atRisk, centre, high),
    };
  }
  if (rule.direction === "increase") {
    // Higher is better: off track below, on track above.
    return {
      riskLowEdge: lowestInside(atRisk, low, high),
      onLowEdge: lowestInside(onTrack, low, high),
      onHighEdge: high,
      riskHighEdge: high,
    };
  }
  return {
    riskLowEdge: low,
    onLowEdge: low,
    onHighEdge: highestInside(onTrack, low, high),
    riskHighEdge: highestInside(atRisk, low, high),
  };
}

/** The values' range with some room, widened to round numbers (steps of 1, 2 or 5 × 10ⁿ) for the axis. */
export function computeNiceDomain(min: number, max: number): [number, number] {
  const span = max - min || Math.abs(max) || 1;
  const rough = (span * 1.3) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((factor) => factor * magnitude >= rough) ?? 10) * magnitude;
  let low = Math.floor((min - span * 0.15) / step) * step;
  const high = Math.ceil((max + span * 0.15) / step) * step;
  if (min >= 0 && low < 0) low = 0;
  return [low, high];
}

export function buildChartData(input: {
  series: readonly { period: string; value: number }[];
  frequency: "monthly" | "quarterly" | "annual";
  direction: Direction;
  baseline: number | null;
  target: number | null;
  targets: Record<string, number>;
  tolerance: number;
  kpiThresholds: Partial<Thresholds> | null;
  agencyThresholds: Thresholds;
  fiscalYearStartMonth: number;
}): ChartData {
  const rule: KpiRule = {
    direction: input.direction,
    baseline: input.baseline,
    target: input.target,
    targets: input.targets,
    tolerance: input.tolerance,
    thresholds: resolveThresholds(input.agencyThresholds, input.kpiThresholds),
  };
  const indexes = input.series
    .map((point) => parsePeriodKey(point.period))
    .filter((period) => period?.frequency === input.frequency)
    .map((period) => period!.index);
  if (indexes.length === 0) return { rows: [], domain: [0, 1] };
  const first = Math.min(...indexes);
  const last = Math.max(...indexes);
  const valueByPeriod = new Map(input.series.map((point) => [point.period, point.value]));
  const periods: string[] = [];
  for (let index = first; index <= last; index++) periods.push(formatPeriodKey({ frequency: input.frequency, index }));
  const targetOf = (period: string) => input.targets[period] ?? input.target;

  const numbers = [
    ...input.series.map((point) => point.value),
    ...periods.map(targetOf).filter((value): value is number => value !== null),
    ...(input.baseline !== null ? [input.baseline] : []),
  ];
  const domain = computeNiceDomain(Math.min(...numbers), Math.max(...numbers));
  const [low, high] = domain;

  const rows = periods.map((period): ChartRow => {
    const value = valueByPeriod.get(period) ?? null;
    const target = targetOf(period);
    const base = {
      period,
      label: formatPeriodShort(period, input.fiscalYearStartMonth),
      longLabel: formatPeriod(period, input.fiscalYearStartMonth),
      value,
      target,
    };
    if (target === null) {
      return {
        ...base,
        status: value === null ? null : "NO_TARGET",
        offLow: null,
        riskLow: null,
        onTrack: null,
        riskHigh: null,
        offHigh: null,
      };
    }
    const edges = computeBands(rule, target, domain);
    const status = value === null ? null : computeKpiHealth({ ...rule, value, target }).status;
    return {
      ...base,
      status,
      offLow: [low, edges.riskLowEdge],
      riskLow: [edges.riskLowEdge, edges.onLowEdge],
      onTrack: [edges.onLowEdge, edges.onHighEdge],
      riskHigh: [edges.onHighEdge, edges.riskHighEdge],
      offHigh: [edges.riskHighEdge, high],
    };
  });
  return { rows, domain };
}
