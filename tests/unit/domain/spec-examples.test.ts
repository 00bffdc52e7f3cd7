// The worked examples of spec/health.md and the `GET /api/v1/health` example of spec/drivertree-format.md, exactly.

import { describe, expect, test } from "vitest";
import {
  computeKpiHealth,
  computeObjectiveHealth,
  createHealthModel,
  createKpiDefinition,
  DEFAULT_THRESHOLDS,
  listHealthNodes,
  recomputeAll,
  type AttainmentInput,
  type HealthModel,
} from "@/lib/domain";
import { buildExampleModel } from "./support/example-model";

describe("spec/health.md worked examples 1–3: a KPI's health", () => {
  test.each<{ example: string; input: AttainmentInput; attainment: number; health: number; status: string }>([
    {
      example: "1. increase with baseline b = 50, t = 90, v = 80",
      input: { direction: "increase", value: 80, target: 90, baseline: 50, tolerance: 0 },
      attainment: 0.75,
      health: 0.75,
      status: "AT_RISK",
    },
    {
      example: "2. decrease without baseline, t = 15, v = 20",
      input: { direction: "decrease", value: 20, target: 15, baseline: null, tolerance: 0 },
      attainment: 0.75,
      health: 0.75,
      status: "AT_RISK",
    },
    {
      example: "2. decrease without baseline, t = 15, v = 12",
      input: { direction: "decrease", value: 12, target: 15, baseline: null, tolerance: 0 },
      attainment: 1.25,
      health: 1,
      status: "ON_TRACK",
    },
    {
      example: "3. maintain t = 200, τ = 5, v = 208",
      input: { direction: "maintain", value: 208, target: 200, baseline: null, tolerance: 5 },
      attainment: 0.4,
      health: 0.4,
      status: "OFF_TRACK",
    },
  ])("$example", ({ input, attainment, health, status }) => {
    const outcome = computeKpiHealth({ ...input, thresholds: DEFAULT_THRESHOLDS });
    expect(outcome.attainment).toBeCloseTo(attainment, 12);
    expect(outcome.health).toBeCloseTo(health, 12);
    expect(outcome.status).toBe(status);
  });
});

/** A one-KPI, one-key-result model for example 4. */
function buildExampleFourModel(): HealthModel {
  return createHealthModel({
    plan: { start: "2026-01-01", end: "2030-12-31" },
    kpis: [createKpiDefinition({ code: "permits.median_days", direction: "decrease", baseline: 30, target: 15 })],
    objectives: [{ code: "O1", parent: null, weight: 1 }],
    keyResults: [
      {
        code: "O1.KR1",
        objective: "O1",
        kind: "metric",
        kpi: "permits.median_days",
        start: 30,
        target: 15,
        startDate: "2026-01-01",
        dueDate: "2027-01-01",
        weight: 1,
      },
    ],
    measurements: { "permits.median_days": { "2026-06": 24 } },
  });
}

describe("spec/health.md worked example 4: a metric key result", () => {
  test("S = 30 → T = 15 over 2026, v = 24 as of 2026-07-02: p = 0.4, e ≈ 0.4986, h ≈ 0.8022, AT_RISK", () => {
    const results = recomputeAll(buildExampleFourModel(), "2026-07-02");
    const kr = results.get("kr:O1.KR1");
    expect(kr?.node).toMatchObject({ progress: 0.4, status: "AT_RISK" });
    expect(kr?.node.health).toBeCloseTo(0.8022, 4);
    expect(kr?.node.health).toBe(0.4 / (182 / 365));
    expect(kr?.explanation).toMatchObject({ elapsedDays: 182, totalDays: 365, expectedProgress: 182 / 365 });
  });
});

describe("spec/health.md worked example 5: an objective", () => {
  test("KR1 (w 2, p 0.4, h 0.8), KR2 (w 1, p 0.5, h 1), KR3 no data (w 1)", () => {
    const { node } = computeObjectiveHealth(
      "O1",
      [
        { kind: "keyResult", code: "KR1", weight: 2, status: "AT_RISK", progress: 0.4, health: 0.8, freshness: 1 },
        { kind: "keyResult", code: "KR2", weight: 1, status: "ON_TRACK", progress: 0.5, health: 1, freshness: 1 },
        { kind: "keyResult", code: "KR3", weight: 1, status: "NO_DATA", progress: null, health: null, freshness: 0 },
      ],
      DEFAULT_THRESHOLDS,
    );
    expect(node.progress).toBeCloseTo(1.3 / 3, 12);
    expect(node.health).toBeCloseTo(2.6 / 3, 12);
    expect(node.status).toBe("AT_RISK");
    expect(node.coverage).toBe(0.75);
    expect(node.counts).toEqual({ AT_RISK: 1, ON_TRACK: 1, NO_DATA: 1 });
    expect(node.weakest).toBe("KR1");
  });
});

function buildFormulaModel(fiscalYearStartMonth: number, formula: string, frequency: "monthly" | "quarterly") {
  return createHealthModel({
    agency: { fiscalYearStartMonth, thresholds: DEFAULT_THRESHOLDS },
    plan: { start: "2026-01-01", end: "2026-12-31" },
    kpis: [
      createKpiDefinition({ code: "cost.total", aggregation: "sum" }),
      createKpiDefinition({ code: "services.count", aggregation: "sum" }),
      createKpiDefinition({ code: "cost.per_service", frequency, formula, target: 250, direction: "decrease" }),
    ],
    measurements: {
      "cost.total": { "2026-03": 5000, "2026-04": 20000, "2026-05": 18000, "2026-06": 21000 },
      "services.count": { "2026-03": 0, "2026-04": 100, "2026-05": 0, "2026-06": 120 },
    },
  });
}

describe("spec/health.md worked examples 6–7: formulas", () => {
  test("6. cost.total / services.count for 2026-03 with services.count = 0 → no value, division by zero", () => {
    const model = buildFormulaModel(1, "cost.total / services.count", "monthly");
    // As of mid-March only the March values have started; April onwards is set aside.
    const results = recomputeAll(model, "2026-03-15");
    expect(results.get("kpi:cost.per_service")?.node).toMatchObject({
      period: null,
      value: null,
      status: "NO_DATA",
      reason: "division by zero",
    });
  });

  test("7. quarterly round(cost.total / services.count, 2), fiscal year from July: 2026-Q4 = 268.18", () => {
    const model = buildFormulaModel(7, "round(cost.total / services.count, 2)", "quarterly");
    const result = recomputeAll(model, "2026-07-02").get("kpi:cost.per_service");
    expect(result?.node).toMatchObject({ period: "2026-Q4", value: 268.18, reason: null });
    expect(result?.explanation).toMatchObject({
      formula: {
        inputs: [
          { code: "cost.total", value: 59000, isAggregated: true },
          { code: "services.count", value: 220, isAggregated: true },
        ],
      },
    });
  });
});

describe("spec/drivertree-format.md: GET /api/v1/health for the example document as of 2026-07-02", () => {
  const nodes = listHealthNodes(recomputeAll(buildExampleModel(), "2026-07-02"));
  const byCode = (kind: string, code: string) => nodes.find((node) => node.kind === kind && node.code === code);

  test.each([
    {
      kind: "kpi",
      code: "permits.median_days",
      expected: {
        kind: "kpi",
        code: "permits.median_days",
        period: "2026-06",
        value: 24,
        target: 25,
        attainment: 1.2,
        health: 1,
        status: "ON_TRACK",
        stale: false,
        driverHealth: 0.8333333333333334,
        divergent: false,
        reason: null,
      },
    },
    {
      kind: "kpi",
      code: "finance.permits_cost",
      expected: {
        kind: "kpi",
        code: "finance.permits_cost",
        period: "2026-06",
        value: 21000,
        target: null,
        attainment: null,
        health: null,
        status: "NO_TARGET",
        stale: false,
        driverHealth: null,
        divergent: false,
        reason: null,
      },
    },
    {
      kind: "kpi",
      code: "permits.cost_per_permit",
      expected: {
        kind: "kpi",
        code: "permits.cost_per_permit",
        period: "2026-06",
        value: 175,
        target: 180,
        attainment: 1.0285714285714285,
        health: 1,
        status: "ON_TRACK",
        stale: false,
        driverHealth: null,
        divergent: false,
        reason: null,
      },
    },
    {
      kind: "keyResult",
      code: "O1.KR1",
      expected: { kind: "keyResult", code: "O1.KR1", progress: 0.4, health: 0.8, status: "AT_RISK" },
    },
    {
      kind: "keyResult",
      code: "O1.KR2",
      expected: { kind: "keyResult", code: "O1.KR2", progress: 0.4, health: 1, status: "ON_TRACK" },
    },
    {
      kind: "keyResult",
      code: "O1.KR3",
      expected: { kind: "keyResult", code: "O1.KR3", progress: 0.3, health: 0.8, status: "AT_RISK" },
    },
    {
      kind: "objective",
      code: "O1",
      expected: {
        kind: "objective",
        code: "O1",
        progress: 0.375,
        health: 0.85,
        status: "AT_RISK",
        coverage: 1,
        freshness: 1,
        counts: { AT_RISK: 2, ON_TRACK: 1 },
        weakest: "O1.KR1",
      },
    },
  ])("$kind $code", ({ kind, code, expected }) => {
    // Exact equality, and the same JSON the API will send (field order included).
    expect(byCode(kind, code)).toStrictEqual(expected);
    expect(JSON.stringify(byCode(kind, code))).toBe(JSON.stringify(expected));
  });

  test("lists every node: KPIs, then key results, then objectives, in document order", () => {
    expect(nodes.map((node) => `${node.kind}:${node.code}`)).toEqual([
      "kpi:permits.median_days",
      "kpi:permits.reviewers_fte",
      "kpi:finance.permits_cost",
      "kpi:permits.issued",
      "kpi:permits.cost_per_permit",
      "keyResult:O1.KR1",
      "keyResult:O1.KR2",
      "keyResult:O1.KR3",
      "objective:O1",
    ]);
  });

  test("the reviewers' 10 of 12 FTE is the permit time's driver health", () => {
    expect(byCode("kpi", "permits.reviewers_fte")).toMatchObject({ value: 10, target: 12, health: 10 / 12 });
  });
});
