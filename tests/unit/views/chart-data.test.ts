import { describe, expect, test } from "vitest";
import { buildChartData, computeNiceDomain } from "@/components/kpi/chart-data";

const base = {
  frequency: "monthly" as const,
  baseline: null,
  targets: {},
  tolerance: 0,
  kpiThresholds: null,
  agencyThresholds: { onTrack: 0.9, atRisk: 0.7 },
  fiscalYearStartMonth: 7,
};

describe("the KPI chart's rows", () => {
  test("fill missing periods, take per-period targets over the default, and give each value its status", () => {
    const { rows } = buildChartData({
      ...base,
      direction: "increase",
      target: 100,
      targets: { "2026-03": 120 },
      series: [
        { period: "2026-01", value: 95 },
        { period: "2026-03", value: 100 },
      ],
    });
    expect(rows.map((row) => [row.period, row.value, row.target, row.status])).toEqual([
      ["2026-01", 95, 100, "ON_TRACK"],
      ["2026-02", null, 100, null],
      ["2026-03", 100, 120, "AT_RISK"],
    ]);
    expect(rows[0]!.label).toBe("Jan 2026");
  });

  // The band edges are where the engine's health crosses the thresholds (v / t for increase).
  test("place an increase KPI's bands at 70% and 90% of its target", () => {
    const { rows } = buildChartData({
      ...base,
      direction: "increase",
      target: 100,
      series: [{ period: "2026-01", value: 50 }],
    });
    const row = rows[0]!;
    expect(row.onTrack![0]).toBeCloseTo(90, 6);
    expect(row.riskLow![0]).toBeCloseTo(70, 6);
    expect(row.riskLow![1]).toBeCloseTo(90, 6);
  });

  test("place a decrease KPI's on-track band below the edge where t / v falls to 0.9", () => {
    const { rows } = buildChartData({
      ...base,
      direction: "decrease",
      target: 9,
      series: [{ period: "2026-01", value: 15 }],
    });
    expect(rows[0]!.onTrack![1]).toBeCloseTo(10, 6);
    expect(rows[0]!.riskHigh![1]).toBeCloseTo(9 / 0.7, 6);
  });

  test("centre a maintain KPI's bands on its target", () => {
    const { rows } = buildChartData({
      ...base,
      direction: "maintain",
      target: 200,
      tolerance: 10,
      series: [
        { period: "2026-01", value: 150 },
        { period: "2026-02", value: 250 },
      ],
    });
    // 1 − (|v − t| − τ) / τ ≥ 0.9 ⇔ |v − t| ≤ 11.
    expect(rows[0]!.onTrack![0]).toBeCloseTo(189, 6);
    expect(rows[0]!.onTrack![1]).toBeCloseTo(211, 6);
  });

  test("draw no bands where a period has no target", () => {
    const { rows } = buildChartData({
      ...base,
      direction: "increase",
      target: null,
      series: [{ period: "2026-01", value: 5 }],
    });
    expect(rows[0]).toMatchObject({ status: "NO_TARGET", onTrack: null });
  });
});

describe("the chart's value axis", () => {
  test("runs between round numbers around the values", () => {
    expect(computeNiceDomain(6.9, 13.6)).toEqual([4, 16]);
    expect(computeNiceDomain(0, 100)).toEqual([0, 150]);
    expect(computeNiceDomain(61567, 62000)).toEqual([61400, 62200]);
  });
});
