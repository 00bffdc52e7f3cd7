// A key result's expected progress, progress and health (spec/health.md, "A key result's progress and health").

import { clampUnit } from "./kpi-health";
import type { Zone } from "./model";

/** spec/health.md: qualitative progress by zone. */
export const ZONE_PROGRESS: Readonly<Record<Zone, number>> = { fail: 0, commit: 0.3, target: 0.7, stretch: 1 };
/** spec/health.md: a qualitative key result's health is set by its zone directly. */
export const ZONE_HEALTH: Readonly<Record<Zone, number>> = { fail: 0, commit: 0.8, target: 1, stretch: 1 };

/**
 * spec/health.md: e = clamp((asOf − D0) / (D1 − D0), 0, 1), counted in days. docs/health.md: with D1 ≤ D0 (refused
 * when saved) the key result is expected complete from D0 on.
 */
export function computeExpectedProgress(asOfDay: number, startDay: number, dueDay: number): number {
  if (dueDay <= startDay) return asOfDay < startDay ? 0 : 1;
  return clampUnit((asOfDay - startDay) / (dueDay - startDay));
}

/** spec/health.md, metric: p = clamp((v − S) / (T − S), 0, 1). */
export function computeMetricProgress(value: number, start: number, target: number): number {
  return clampUnit((value - start) / (target - start));
}

/**
 * spec/health.md, metric and milestone: h = 1 when e = 0, else clamp(p / e, 0, 1) — are we where we should be by now?
 */
export function computePaceHealth(progress: number, expectedProgress: number): number {
  return expectedProgress === 0 ? 1 : clampUnit(progress / expectedProgress);
}
