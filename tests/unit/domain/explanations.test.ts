// "Why is this amber?": each node's explanation names the rule that fired and the inputs it used, and for a parent
// each child's weight and weighted share; summarizeExplanation writes the arithmetic out.

import { describe, expect, test } from "vitest";
import { recomputeAll, summarizeExplanation, type Explanation } from "@/lib/domain";
import { buildExampleModel } from "./support/example-model";

const results = recomputeAll(buildExampleModel(), "2026-07-02");
const explanationOf = (id: string): Explanation => {
  const found = results.get(id as never)?.explanation;
  if (found === undefined) throw new Error(`no explanation for ${id}`);
  return found;
};

describe("KPI explanations", () => {
  test("the permit time: the rule, its inputs, the per-period target and the driver's share", () => {
    expect(explanationOf("kpi:permits.median_days")).toMatchObject({
      rule: "decrease-from-baseline",
      period: "2026-06",
      value: 24,
      target: 25,
      targetFrom: "period",
      baseline: 30,
      attainment: 1.2,
      health: 1,
      status: "ON_TRACK",
      thresholds: { onTrack: 0.9, atRisk: 0.7, onTrackFrom: "agency", atRiskFrom: "agency" },
      staleness: { stale: false, expectedPeriod: "2026-05", lagDays: 30, isDue: true },
      drivers: [{ code: "permits.reviewers_fte", weight: 1, health: 0.8333333333333334, share: 0.8333333333333334 }],
      driverHealth: 0.8333333333333334,
    });
    expect(summarizeExplanation(explanationOf("kpi:permits.median_days"))).toBe(
      "Value 24 (2026-06) against target 25: attainment (v − b) / (t − b) = (24 − 30) / (25 − 30) = 1.2; " +
        "health 1 → ON_TRACK (on track from 0.9, at risk from 0.7).",
    );
  });

  test("a formula KPI shows its expression and the inputs for its period", () => {
    expect(explanationOf("kpi:permits.cost_per_permit")).toMatchObject({
      source: "formula",
      rule: "decrease-ratio",
      formula: {
        expression: "finance.permits_cost / permits.issued",
        inputs: [
          { code: "finance.permits_cost", value: 21000, isAggregated: false },
          { code: "permits.issued", value: 120, isAggregated: false },
        ],
        latestGap: null,
      },
    });
    expect(summarizeExplanation(explanationOf("kpi:permits.cost_per_permit"))).toContain("t / v = 180 / 175 = 1.029");
  });

  test("a KPI without a target says so", () => {
    expect(summarizeExplanation(explanationOf("kpi:finance.permits_cost"))).toBe(
      "Latest value 21000 (2026-06) has no target → NO_TARGET.",
    );
  });
});

describe("key result and objective explanations", () => {
  test("a metric key result shows S, T, v, the days elapsed and the expected progress", () => {
    const explanation = explanationOf("kr:O1.KR1");
    expect(explanation).toMatchObject({
      rule: "metric",
      kpi: { code: "permits.median_days", period: "2026-06", value: 24 },
      start: 30,
      target: 15,
      startDate: "2026-01-01",
      dueDate: "2026-12-31",
      elapsedDays: 182,
      totalDays: 364,
      expectedProgress: 0.5,
      progress: 0.4,
      health: 0.8,
    });
    expect(summarizeExplanation(explanation)).toBe(
      "Progress (v − S) / (T − S) = (24 − 30) / (15 − 30) = 0.4; expected by now 0.5 (182 of 364 days), " +
        "health p / e = 0.4 / 0.5 → 0.8 → AT_RISK.",
    );
  });

  test("a milestone without its own dates takes the plan's", () => {
    expect(explanationOf("kr:O1.KR2")).toMatchObject({
      startDate: "2026-01-01",
      dueDate: "2030-12-31",
      rule: "milestone",
    });
  });

  test("an objective lists each child's weight and weighted share; the shares add up to its health", () => {
    const explanation = explanationOf("objective:O1");
    if (explanation.kind !== "objective") throw new Error("not an objective");
    expect(
      explanation.children.map((child) => [child.code, child.weight, child.healthShare, child.progressShare]),
    ).toEqual([
      ["O1.KR1", 2, 0.4, 0.2],
      ["O1.KR2", 1, 0.25, 0.1],
      ["O1.KR3", 1, 0.2, 0.075],
    ]);
    const sum = explanation.children.reduce((total, child) => total + (child.healthShare ?? 0), 0);
    expect(sum).toBeCloseTo(explanation.health ?? NaN, 12);
    expect(summarizeExplanation(explanation)).toBe(
      "Weighted mean over the 3 of 3 children with data (weight 4 of 4): progress 0.375, health 0.85 → AT_RISK; " +
        "weakest O1.KR1 at 0.8.",
    );
  });
});
