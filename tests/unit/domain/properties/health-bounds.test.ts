// Property (2): every health is in [0, 1] or null, and every status agrees with its health and the thresholds that
// apply (spec/health.md: the KPI's own override, else the agency's; key results and objectives use the agency's).

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  COMPARISON_ALLOWANCE,
  recomputeAll,
  resolveThresholds,
  type HealthModel,
  type Status,
  type Thresholds,
} from "@/lib/domain";
import { arbitraryAsOf, arbitraryModel } from "../support/random-model";

function expectStatusToMatch(status: Status, health: number | null, thresholds: Thresholds) {
  if (health === null) {
    expect(["NO_DATA", "NO_TARGET"]).toContain(status);
    return;
  }
  expect(health).toBeGreaterThanOrEqual(0);
  expect(health).toBeLessThanOrEqual(1);
  const isOnTrack = health >= thresholds.onTrack - COMPARISON_ALLOWANCE;
  const isAtRisk = !isOnTrack && health >= thresholds.atRisk - COMPARISON_ALLOWANCE;
  expect(status).toBe(isOnTrack ? "ON_TRACK" : isAtRisk ? "AT_RISK" : "OFF_TRACK");
}

function expectUnitOrNull(x: number | null) {
  if (x === null) return;
  expect(Number.isFinite(x)).toBe(true);
  expect(x).toBeGreaterThanOrEqual(0);
  expect(x).toBeLessThanOrEqual(1);
}

function checkBounds(model: HealthModel, asOf: string) {
  const kpis = new Map(model.kpis.map((kpi) => [kpi.code, kpi] as const));
  for (const { node } of recomputeAll(model, asOf).values()) {
    if (node.kind === "kpi") {
      const kpi = kpis.get(node.code);
      expectStatusToMatch(node.status, node.health, resolveThresholds(model.agency.thresholds, kpi?.thresholds));
      expectUnitOrNull(node.driverHealth);
      if (node.attainment !== null) expect(Number.isFinite(node.attainment)).toBe(true);
      // spec/health.md: NO_DATA has no value; NO_TARGET has a value but no attainment or health.
      if (node.status === "NO_TARGET") expect(node.value).not.toBeNull();
      if (node.value === null) expect(node.attainment).toBeNull();
      if (node.divergent)
        expect(Math.abs((node.health ?? NaN) - (node.driverHealth ?? NaN))).toBeGreaterThanOrEqual(0.3 - 1e-9);
    } else {
      expectStatusToMatch(node.status, node.health, model.agency.thresholds);
      expect(node.status).not.toBe("NO_TARGET");
      expectUnitOrNull(node.progress);
      expect(node.progress === null).toBe(node.health === null);
      if (node.kind === "objective") {
        expectUnitOrNull(node.coverage);
        expectUnitOrNull(node.freshness);
      }
    }
  }
}

describe("health bounds", () => {
  test("every health is in [0, 1] or null and every status agrees with it (1,000 random models)", () => {
    fc.assert(
      fc.property(arbitraryModel(), arbitraryAsOf, (model, asOf) => checkBounds(model, asOf)),
      { numRuns: 1000 },
    );
  });
});
