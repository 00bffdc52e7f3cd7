// A KPI's attainment, health and status (spec/health.md, "A KPI's health") and its driver health ("Driver health").
// These functions take plain numbers; kpi-evaluation.ts finds the latest value, the target and the drivers.

import type { Direction, Thresholds } from "./model";
import { computeWeightedMean, type WeightedTerm } from "./weighted-mean";

/** spec/health.md: every threshold and divergence comparison allows 1e-9, so 0.8999999999999999 is on track at 0.9. */
export const COMPARISON_ALLOWANCE = 1e-9;

/** spec/health.md: a KPI is divergent when its own health and its driver health differ by 0.3 or more. */
export const DIVERGENCE_GAP = 0.3;

/**
 * A KPI's own thresholds as the engine takes them (spec/health.md: they override only the keys they give): the keys
 * that are set, or null when none is. A key left out may come as undefined (a document) or null (a database column).
 */
export function toThresholdOverride(
  thresholds: { onTrack?: number | null; atRisk?: number | null } | null | undefined,
): Partial<Thresholds> | null {
  const onTrack = thresholds?.onTrack ?? null;
  const atRisk = thresholds?.atRisk ?? null;
  if (onTrack === null && atRisk === null) return null;
  return { ...(onTrack === null ? {} : { onTrack }), ...(atRisk === null ? {} : { atRisk }) };
}

/** A KPI's `thresholds` override only the keys they give (spec/health.md). */
export function resolveThresholds(agency: Thresholds, override: Partial<Thresholds> | null | undefined): Thresholds {
  return {
    onTrack: override?.onTrack ?? agency.onTrack,
    atRisk: override?.atRisk ?? agency.atRisk,
  };
}

/** Status from a health in [0, 1]: ON_TRACK if h ≥ onTrack, AT_RISK if h ≥ atRisk, else OFF_TRACK. */
export function classifyHealth(health: number, thresholds: Thresholds): "ON_TRACK" | "AT_RISK" | "OFF_TRACK" {
  if (health >= thresholds.onTrack - COMPARISON_ALLOWANCE) return "ON_TRACK";
  if (health >= thresholds.atRisk - COMPARISON_ALLOWANCE) return "AT_RISK";
  return "OFF_TRACK";
}

export function clampUnit(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** Which row and column of the attainment table fired. */
export type AttainmentRule =
  | "increase-from-baseline"
  | "increase-ratio"
  | "decrease-from-baseline"
  | "decrease-ratio"
  | "decrease-non-positive-value"
  | "maintain-within-tolerance"
  | "maintain-outside-tolerance"
  | "target-not-positive";

export interface AttainmentInput {
  direction: Direction;
  value: number;
  target: number;
  baseline: number | null;
  tolerance: number;
}

/**
 * spec/health.md, the attainment table:
 *   increase  baseline set and b ≠ t: (v − b) / (t − b)   otherwise v / t
 *   decrease  baseline set and b ≠ t: (v − b) / (t − b)   otherwise t / v (v ≤ 0: 1)
 *   maintain  baseline ignored: 1 if |v − t| ≤ τ, else max(0, 1 − (|v − t| − τ) / τ); with τ = 0, 0 outside
 * docs/health.md: a ratio over a target ≤ 0 (refused when saved, see validateKpiTargets) is 1 when the target is met
 * and 0 when not, rather than a meaningless ratio; the tolerance band allows 1e-9 like the thresholds; a negative
 * tolerance counts as 0.
 */
export function computeAttainment(input: AttainmentInput): { attainment: number; rule: AttainmentRule } {
  const { direction, value: v, target: t, baseline: b } = input;
  if (direction === "maintain") {
    const tolerance = Math.max(0, input.tolerance);
    const gap = Math.abs(v - t);
    if (gap <= tolerance + COMPARISON_ALLOWANCE) return { attainment: 1, rule: "maintain-within-tolerance" };
    const attainment = tolerance === 0 ? 0 : Math.max(0, 1 - (gap - tolerance) / tolerance);
    return { attainment, rule: "maintain-outside-tolerance" };
  }
  if (b !== null && b !== t) {
    return {
      attainment: (v - b) / (t - b),
      rule: direction === "increase" ? "increase-from-baseline" : "decrease-from-baseline",
    };
  }
  if (t <= 0) {
    const isMet = direction === "increase" ? v >= t : v <= t;
    return { attainment: isMet ? 1 : 0, rule: "target-not-positive" };
  }
  if (direction === "increase") return { attainment: v / t, rule: "increase-ratio" };
  if (v <= 0) return { attainment: 1, rule: "decrease-non-positive-value" };
  return { attainment: t / v, rule: "decrease-ratio" };
}

export interface KpiHealthOutcome {
  attainment: number;
  /** h = clamp(a, 0, 1) */
  health: number;
  status: "ON_TRACK" | "AT_RISK" | "OFF_TRACK";
  rule: AttainmentRule;
}

/** Attainment, health and status of a KPI that has a latest value and a target. */
export function computeKpiHealth(input: AttainmentInput & { thresholds: Thresholds }): KpiHealthOutcome {
  const { attainment, rule } = computeAttainment(input);
  const health = clampUnit(attainment);
  return { attainment, health, status: classifyHealth(health, input.thresholds), rule };
}

/**
 * spec/health.md: driverHealth(k) = Σ w·h_j / Σ w over the drivers that have a health; null if none has. Polarity
 * does not enter (each driver's health already reflects its own direction).
 */
export function computeDriverHealth(drivers: readonly { weight: number; health: number | null }[]): number | null {
  const terms: WeightedTerm[] = [];
  for (const driver of drivers) if (driver.health !== null) terms.push({ weight: driver.weight, value: driver.health });
  return computeWeightedMean(terms);
}

/** spec/health.md: divergent when the KPI has its own health and a driver health, 0.3 or more apart. */
export function isDivergent(ownHealth: number | null, driverHealth: number | null): boolean {
  if (ownHealth === null || driverHealth === null) return false;
  return Math.abs(ownHealth - driverHealth) >= DIVERGENCE_GAP - COMPARISON_ALLOWANCE;
}

/**
 * spec/health.md: a KPI with drivers, no formula and no measurements (as of asOf) is composite — its health is its
 * driver health.
 */
export function isCompositeKpi(kpi: { hasDrivers: boolean; hasFormula: boolean; hasMeasurements: boolean }): boolean {
  return kpi.hasDrivers && !kpi.hasFormula && !kpi.hasMeasurements;
}
