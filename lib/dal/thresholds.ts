import "server-only";
import { toThresholdOverride, type Thresholds } from "@/lib/domain";

// Threshold columns (Agency and Kpi rows) in the engine's shape, for every reader that hands rows to the engine or
// shows them as the engine sees them.

/** The agency's thresholds. */
export function toAgencyThresholds(row: { onTrackThreshold: number; atRiskThreshold: number }): Thresholds {
  return { onTrack: row.onTrackThreshold, atRisk: row.atRiskThreshold };
}

/** A KPI's own thresholds: the columns that are set (a null column takes the agency's), or null when none is. */
export function toKpiThresholds(row: {
  onTrackThreshold: number | null;
  atRiskThreshold: number | null;
}): Partial<Thresholds> | null {
  return toThresholdOverride({ onTrack: row.onTrackThreshold, atRisk: row.atRiskThreshold });
}
