// Formula KPIs through the engine: evaluated at their own frequency over same-or-finer inputs, aggregated by each
// KPI's own rule, with typed "no value" reasons (spec/health.md, "Formula KPIs").

import { describe, expect, test } from "vitest";
import {
  createHealthModel,
  createKpiDefinition,
  DEFAULT_THRESHOLDS,
  recomputeAll,
  type HealthModel,
  type KpiDefinition,
  type KpiExplanation,
  type KpiHealthNode,
} from "@/lib/domain";

function build(
  fiscalYearStartMonth: number,
  kpis: KpiDefinition[],
  measurements: Record<string, Record<string, number>>,
) {
  return createHealthModel({
    agency: { fiscalYearStartMonth, thresholds: DEFAULT_THRESHOLDS },
    plan: { start: "2025-01-01", end: "2027-12-31" },
    kpis,
    measurements,
  });
}

function result(model: HealthModel, code: string, asOf: string) {
  const found = recomputeAll(model, asOf).get(`kpi:${code}`);
  if (found?.node.kind !== "kpi" || found.explanation.kind !== "kpi") throw new Error(`no KPI ${code}`);
  return { node: found.node as KpiHealthNode, explanation: found.explanation as KpiExplanation };
}

const monthly = (code: string, aggregation: KpiDefinition["aggregation"], fields: Partial<KpiDefinition> = {}) =>
  createKpiDefinition({ code, frequency: "monthly", aggregation, ...fields });

describe("formulas over finer inputs, fiscal year from July", () => {
  const kpis = [
    monthly("cost", "sum"),
    monthly("count", "sum"),
    monthly("wait", "avg"),
    monthly("staff", "last"),
    createKpiDefinition({
      code: "q.cost_per",
      frequency: "quarterly",
      formula: "cost / count",
      target: 200,
      direction: "decrease",
    }),
    createKpiDefinition({ code: "q.wait", frequency: "quarterly", formula: "wait" }),
    createKpiDefinition({ code: "q.staff", frequency: "quarterly", formula: "staff" }),
    createKpiDefinition({ code: "y.cost", frequency: "annual", formula: "cost" }),
  ];
  const model = build(7, kpis, {
    cost: { "2026-04": 20000, "2026-05": 18000, "2026-06": 21000, "2025-07": 1000 },
    count: { "2026-04": 100, "2026-05": 0, "2026-06": 120, "2025-07": 10 },
    wait: { "2026-04": 10, "2026-06": 20 },
    staff: { "2026-04": 3, "2026-05": 4 },
  });

  test.each([
    ["q.cost_per", "2026-Q4", 59000 / 220],
    ["q.wait", "2026-Q4", 15],
    ["q.staff", "2026-Q4", 4],
    ["y.cost", "2026", 60000],
  ])("%s for %s = %s", (code, period, value) => {
    expect(result(model, code, "2026-07-02").node).toMatchObject({ period, value, reason: null });
  });

  test("a quarter still in progress is computed from the months that have started", () => {
    expect(result(model, "q.cost_per", "2026-05-15").node).toMatchObject({ period: "2026-Q4", value: 38000 / 100 });
  });
});

describe("formulas over finer inputs, fiscal year from October", () => {
  const model = build(
    10,
    [
      monthly("visits", "sum"),
      createKpiDefinition({ code: "q.visits", frequency: "quarterly", formula: "visits", target: 30 }),
    ],
    { visits: { "2025-09": 100, "2025-10": 10, "2025-11": 20, "2025-12": 30, "2026-01": 5 } },
  );

  test("2026-Q1 is October to December 2025", () => {
    expect(result(model, "q.visits", "2026-01-01").node).toMatchObject({ period: "2026-Q2", value: 5 });
    expect(result(model, "q.visits", "2025-12-31").node).toMatchObject({ period: "2026-Q1", value: 60, health: 1 });
    expect(result(model, "q.visits", "2025-09-30").node).toMatchObject({ period: "2025-Q4", value: 100 });
  });
});

describe("formulas over formulas", () => {
  const model = build(
    1,
    [
      monthly("a", "sum"),
      monthly("b", "sum"),
      monthly("ab", "sum", { formula: "a + b" }),
      monthly("ratio", "avg", { formula: "ab / b" }),
      createKpiDefinition({ code: "q.ratio", frequency: "quarterly", formula: "round(ratio * 10, 1)" }),
      createKpiDefinition({ code: "q.ab", frequency: "quarterly", aggregation: "sum", formula: "ab" }),
      createKpiDefinition({ code: "y.ab", frequency: "annual", formula: "q.ab" }),
    ],
    { a: { "2026-01": 1, "2026-02": 3 }, b: { "2026-01": 1, "2026-02": 1, "2026-03": 2 } },
  );
  const asOf = "2026-04-10";

  test.each([
    ["ab", "2026-02", 4],
    ["ratio", "2026-02", 4],
    ["q.ratio", "2026-Q1", 30],
    ["q.ab", "2026-Q1", 6],
    ["y.ab", "2026", 6],
  ])("%s for %s = %s", (code, period, value) => {
    expect(result(model, code, asOf).node).toMatchObject({ period, value });
  });

  test("a formula's own aggregation rolls its computed values into coarser periods", () => {
    // ratio (avg of Jan 2 and Feb 4 = 3) → q.ratio = round(30, 1).
    expect(result(model, "q.ratio", asOf).explanation.formula?.inputs).toEqual([
      { code: "ratio", value: 3, isAggregated: true },
    ]);
  });

  test("a missing input month leaves that month of the formula without a value", () => {
    expect(result(model, "ab", asOf).explanation.formula?.latestGap).toEqual({
      period: "2026-03",
      reason: "missing input",
      missing: ["a"],
    });
  });
});

describe("no value and its reason", () => {
  const kpis = [monthly("x", "sum"), monthly("y", "sum"), monthly("f", "sum", { formula: "x / y", target: 1 })];

  test("division by zero in the only period → NO_DATA, reason division by zero", () => {
    const node = result(build(1, kpis, { x: { "2026-03": 5 }, y: { "2026-03": 0 } }), "f", "2026-04-01").node;
    expect(node).toMatchObject({ value: null, status: "NO_DATA", reason: "division by zero" });
  });

  test("an input without a value → reason missing input", () => {
    const node = result(build(1, kpis, { x: { "2026-03": 5 } }), "f", "2026-04-01").node;
    expect(node).toMatchObject({ value: null, reason: "missing input" });
  });

  test("no input has any value: missing input too, never 'no data' for a formula (docs/health.md)", () => {
    expect(result(build(1, kpis, {}), "f", "2026-04-01").node.reason).toBe("missing input");
  });

  test("a later division by zero does not hide an earlier value; the explanation shows the gap", () => {
    const model = build(1, kpis, { x: { "2026-02": 4, "2026-03": 5 }, y: { "2026-02": 2, "2026-03": 0 } });
    // As of 1 May, March is the expected latest period: the KPI is stale, its February value still stands.
    const { node, explanation } = result(model, "f", "2026-05-01");
    expect(node).toMatchObject({ period: "2026-02", value: 2, reason: null, stale: true });
    expect(explanation.formula?.latestGap).toEqual({ period: "2026-03", reason: "division by zero", missing: [] });
  });

  test("a formula KPI is judged stale on its computed values", () => {
    const model = build(1, kpis, { x: { "2026-05": 4 }, y: { "2026-05": 2, "2026-06": 1 } });
    expect(result(model, "f", "2026-07-02").node).toMatchObject({ period: "2026-05", stale: false });
    expect(result(model, "f", "2026-07-31").node).toMatchObject({ period: "2026-05", stale: true });
  });

  test("a period in which no input has a value is simply empty, not a gap (docs/health.md)", () => {
    const model = build(1, kpis, { x: { "2026-01": 6 }, y: { "2026-01": 3 } });
    const { node, explanation } = result(model, "f", "2026-04-01");
    expect(node).toMatchObject({ period: "2026-01", value: 2 });
    expect(explanation.formula?.latestGap).toBeNull();
  });

  test("a blank formula is no formula (docs/health.md)", () => {
    const model = build(1, [monthly("x", "sum", { formula: "  ", target: 4 })], { x: { "2026-03": 2 } });
    expect(result(model, "x", "2026-04-01").node).toMatchObject({ value: 2, health: 0.5 });
  });

  test("measurements stored for a formula KPI are ignored (they are refused when sent)", () => {
    const model = build(1, kpis, { x: { "2026-03": 6 }, y: { "2026-03": 3 }, f: { "2026-03": 99 } });
    expect(result(model, "f", "2026-04-01").node.value).toBe(2);
  });

  test("a formula naming a coarser KPI (refused when saved) has no value", () => {
    const model = build(
      1,
      [createKpiDefinition({ code: "yearly", frequency: "annual" }), monthly("f", "sum", { formula: "yearly * 2" })],
      { yearly: { "2026": 10 } },
    );
    expect(result(model, "f", "2026-04-01").node).toMatchObject({ value: null, reason: "missing input" });
  });
});
