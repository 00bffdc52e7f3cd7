// A KPI's attainment, health and status, driver health, divergence and composite KPIs (spec/health.md, "A KPI's
// health" and "Driver health").

import { describe, expect, test } from "vitest";
import {
  classifyHealth,
  computeAttainment,
  computeDriverHealth,
  createHealthModel,
  createKpiDefinition,
  DEFAULT_THRESHOLDS,
  isDivergent,
  recomputeAll,
  resolveThresholds,
  toThresholdOverride,
  type AttainmentInput,
  type DriverLink,
  type HealthModel,
  type KpiDefinition,
  type KpiHealthNode,
} from "@/lib/domain";

const input = (fields: Partial<AttainmentInput>): AttainmentInput => ({
  direction: "increase",
  value: 0,
  target: 1,
  baseline: null,
  tolerance: 0,
  ...fields,
});

describe("attainment", () => {
  test.each([
    {
      case: "increase, ratio",
      fields: { direction: "increase", value: 45, target: 50 },
      a: 0.9,
      rule: "increase-ratio",
    },
    { case: "increase, above target", fields: { value: 65, target: 50 }, a: 1.3, rule: "increase-ratio" },
    { case: "increase, negative value", fields: { value: -5, target: 50 }, a: -0.1, rule: "increase-ratio" },
    { case: "increase, zero value", fields: { value: 0, target: 50 }, a: 0, rule: "increase-ratio" },
    {
      case: "increase from a negative baseline to a negative target",
      fields: { value: -6, target: -2, baseline: -10 },
      a: 0.5,
      rule: "increase-from-baseline",
    },
    {
      case: "increase from a negative baseline to a zero target",
      fields: { value: -2, target: 0, baseline: -8 },
      a: 0.75,
      rule: "increase-from-baseline",
    },
    {
      case: "increase, value below baseline",
      fields: { value: 40, target: 90, baseline: 50 },
      a: -0.25,
      rule: "increase-from-baseline",
    },
    {
      case: "increase, baseline equal to target: ratio",
      fields: { value: 45, target: 50, baseline: 50 },
      a: 0.9,
      rule: "increase-ratio",
    },
    {
      case: "decrease from baseline",
      fields: { direction: "decrease", value: 24, target: 15, baseline: 30 },
      a: 0.4,
      rule: "decrease-from-baseline",
    },
    {
      case: "decrease to a zero target from a baseline",
      fields: { direction: "decrease", value: 3, target: 0, baseline: 12 },
      a: 0.75,
      rule: "decrease-from-baseline",
    },
    {
      case: "decrease to a negative target from a baseline",
      fields: { direction: "decrease", value: -4, target: -10, baseline: 2 },
      a: 0.5,
      rule: "decrease-from-baseline",
    },
    {
      case: "decrease, ratio",
      fields: { direction: "decrease", value: 20, target: 15 },
      a: 0.75,
      rule: "decrease-ratio",
    },
    {
      case: "decrease, value 0",
      fields: { direction: "decrease", value: 0, target: 15 },
      a: 1,
      rule: "decrease-non-positive-value",
    },
    {
      case: "decrease, negative value",
      fields: { direction: "decrease", value: -3, target: 15 },
      a: 1,
      rule: "decrease-non-positive-value",
    },
    {
      case: "maintain within tolerance (baseline ignored)",
      fields: { direction: "maintain", value: 203, target: 200, tolerance: 5, baseline: 100 },
      a: 1,
      rule: "maintain-within-tolerance",
    },
    {
      case: "maintain exactly at the tolerance edge",
      fields: { direction: "maintain", value: 205, target: 200, tolerance: 5 },
      a: 1,
      rule: "maintain-within-tolerance",
    },
    {
      case: "maintain exactly at the lower edge",
      fields: { direction: "maintain", value: 195, target: 200, tolerance: 5 },
      a: 1,
      rule: "maintain-within-tolerance",
    },
    {
      case: "maintain just outside",
      fields: { direction: "maintain", value: 205.5, target: 200, tolerance: 5 },
      a: 0.9,
      rule: "maintain-outside-tolerance",
    },
    {
      case: "maintain at twice the tolerance",
      fields: { direction: "maintain", value: 190, target: 200, tolerance: 5 },
      a: 0,
      rule: "maintain-outside-tolerance",
    },
    {
      case: "maintain far outside: floored at 0",
      fields: { direction: "maintain", value: 300, target: 200, tolerance: 5 },
      a: 0,
      rule: "maintain-outside-tolerance",
    },
    {
      case: "maintain with τ = 0, exact",
      fields: { direction: "maintain", value: 200, target: 200 },
      a: 1,
      rule: "maintain-within-tolerance",
    },
    {
      case: "maintain with τ = 0, off by 1",
      fields: { direction: "maintain", value: 201, target: 200 },
      a: 0,
      rule: "maintain-outside-tolerance",
    },
    {
      case: "maintain a zero target",
      fields: { direction: "maintain", value: -1, target: 0, tolerance: 2 },
      a: 1,
      rule: "maintain-within-tolerance",
    },
    {
      case: "maintain: float noise within 1e-9 counts as exact (docs/health.md)",
      fields: { direction: "maintain", value: 0.1 + 0.2, target: 0.3 },
      a: 1,
      rule: "maintain-within-tolerance",
    },
    {
      case: "maintain with a negative tolerance counts it as 0 (docs/health.md)",
      fields: { direction: "maintain", value: 201, target: 200, tolerance: -5 },
      a: 0,
      rule: "maintain-outside-tolerance",
    },
    {
      case: "increase with a target ≤ 0 and no baseline, met (docs/health.md)",
      fields: { value: 1, target: 0 },
      a: 1,
      rule: "target-not-positive",
    },
    {
      case: "increase with a target ≤ 0 and no baseline, missed",
      fields: { value: -3, target: -2 },
      a: 0,
      rule: "target-not-positive",
    },
    {
      case: "decrease with a target ≤ 0 and no baseline, met",
      fields: { direction: "decrease", value: -1, target: 0 },
      a: 1,
      rule: "target-not-positive",
    },
  ] as const)("$case: a = $a", ({ fields, a, rule }) => {
    const outcome = computeAttainment(input(fields));
    expect(outcome.attainment).toBeCloseTo(a, 12);
    expect(outcome.rule).toBe(rule);
  });
});

describe("status from health", () => {
  test.each([
    [1, "ON_TRACK"],
    [0.9, "ON_TRACK"],
    [0.8999999999999999, "ON_TRACK"],
    [0.9 - 2e-9, "AT_RISK"],
    [0.7, "AT_RISK"],
    [0.7 - 1e-10, "AT_RISK"],
    [0.7 - 2e-9, "OFF_TRACK"],
    [0, "OFF_TRACK"],
  ])("health %s → %s with the default thresholds", (health, status) => {
    expect(classifyHealth(health, DEFAULT_THRESHOLDS)).toBe(status);
  });

  test("a KPI's thresholds override only the keys they give", () => {
    expect(resolveThresholds(DEFAULT_THRESHOLDS, { onTrack: 0.95 })).toEqual({ onTrack: 0.95, atRisk: 0.7 });
    expect(resolveThresholds(DEFAULT_THRESHOLDS, { atRisk: 0.5 })).toEqual({ onTrack: 0.9, atRisk: 0.5 });
    expect(resolveThresholds(DEFAULT_THRESHOLDS, null)).toEqual(DEFAULT_THRESHOLDS);
  });

  test.each([
    { given: null, override: null },
    { given: undefined, override: null },
    { given: {}, override: null },
    { given: { onTrack: null, atRisk: null }, override: null },
    { given: { onTrack: 0.95, atRisk: null }, override: { onTrack: 0.95 } },
    { given: { atRisk: 0.5 }, override: { atRisk: 0.5 } },
    { given: { onTrack: 0.95, atRisk: 0.5 }, override: { onTrack: 0.95, atRisk: 0.5 } },
    // 0 is a threshold, not a missing one.
    { given: { onTrack: 0, atRisk: undefined }, override: { onTrack: 0 } },
  ])("a KPI's own thresholds $given are the override $override", ({ given, override }) => {
    expect(toThresholdOverride(given)).toStrictEqual(override);
  });
});

describe("driver health and divergence", () => {
  test("Σ w·h / Σ w over the drivers that have a health", () => {
    expect(computeDriverHealth([{ weight: 1, health: 10 / 12 }])).toBe(0.8333333333333334);
    expect(
      computeDriverHealth([
        { weight: 2, health: 0.5 },
        { weight: 1, health: 1 },
        { weight: 5, health: null },
      ]),
    ).toBeCloseTo(2 / 3, 15);
    expect(computeDriverHealth([{ weight: 1, health: null }])).toBeNull();
    expect(computeDriverHealth([])).toBeNull();
  });

  test.each([
    [1, 0.7, true],
    [1, 0.7000000001, true],
    [1, 0.71, false],
    [0.4, 0.7, true],
    [null, 0.1, false],
    [0.9, null, false],
  ])("own health %s, driver health %s → divergent %s", (own, drivers, expected) => {
    expect(isDivergent(own, drivers)).toBe(expected);
  });
});

// ── Through the engine ───────────────────────────────────────────────────────────────────────────────────────────

const PLAN = { start: "2026-01-01", end: "2026-12-31" };
const AS_OF = "2026-07-02";

function build(
  kpis: KpiDefinition[],
  measurements: Record<string, Record<string, number>>,
  links: Omit<DriverLink, "polarity">[] = [],
): HealthModel {
  return createHealthModel({
    plan: PLAN,
    kpis,
    measurements,
    links: links.map((link) => ({ ...link, polarity: "positive" as const })),
  });
}

function kpiNode(model: HealthModel, code: string, asOf = AS_OF): KpiHealthNode {
  const node = recomputeAll(model, asOf).get(`kpi:${code}`)?.node;
  if (node?.kind !== "kpi") throw new Error(`no KPI ${code}`);
  return node;
}

describe("a KPI's health through the engine", () => {
  test("the per-period target for the value's period wins over the default target", () => {
    const model = build([createKpiDefinition({ code: "a", target: 100, targets: { "2026-06": 80, "2026-05": 200 } })], {
      a: { "2026-06": 72 },
    });
    expect(kpiNode(model, "a")).toMatchObject({ period: "2026-06", target: 80, attainment: 0.9, status: "ON_TRACK" });
  });

  test("without a per-period target for that period, the default target applies", () => {
    const model = build([createKpiDefinition({ code: "a", target: 100, targets: { "2026-05": 200 } })], {
      a: { "2026-06": 72 },
    });
    expect(kpiNode(model, "a")).toMatchObject({ target: 100, attainment: 0.72, status: "AT_RISK" });
  });

  test("a per-period target without a default target still gives health for its own period", () => {
    const model = build([createKpiDefinition({ code: "a", targets: { "2026-06": 80 } })], { a: { "2026-06": 40 } });
    expect(kpiNode(model, "a")).toMatchObject({ target: 80, health: 0.5, status: "OFF_TRACK" });
  });

  test("a value but no target → NO_TARGET with attainment and health null", () => {
    const model = build([createKpiDefinition({ code: "a" })], { a: { "2026-06": 40 } });
    expect(kpiNode(model, "a")).toMatchObject({
      value: 40,
      target: null,
      attainment: null,
      health: null,
      status: "NO_TARGET",
    });
  });

  test("no value → NO_DATA with period, value, target, attainment and health null, reason no data", () => {
    const model = build([createKpiDefinition({ code: "a", target: 10 })], {});
    expect(kpiNode(model, "a")).toStrictEqual({
      kind: "kpi",
      code: "a",
      period: null,
      value: null,
      target: null,
      attainment: null,
      health: null,
      status: "NO_DATA",
      stale: true,
      driverHealth: null,
      divergent: false,
      reason: "no data",
    });
  });

  test("only measurements of started periods count: a July value is scheduled data on 30 June", () => {
    const model = build([createKpiDefinition({ code: "a", target: 10 })], { a: { "2026-05": 5, "2026-07": 10 } });
    expect(kpiNode(model, "a", "2026-06-30")).toMatchObject({ period: "2026-05", value: 5, health: 0.5 });
    expect(kpiNode(model, "a", "2026-07-01")).toMatchObject({ period: "2026-07", value: 10, health: 1 });
  });

  test("the latest period with a value is used even when later periods are missing", () => {
    const model = build([createKpiDefinition({ code: "a", target: 10, lagDays: 30 })], { a: { "2026-02": 9 } });
    expect(kpiNode(model, "a")).toMatchObject({ period: "2026-02", value: 9, status: "ON_TRACK", stale: true });
  });

  test("fresh on the boundary day, stale the day after: April's value is enough until May is due on 30 June", () => {
    const model = build([createKpiDefinition({ code: "a", target: 10, lagDays: 30 })], { a: { "2026-04": 10 } });
    expect(kpiNode(model, "a", "2026-06-29")).toMatchObject({ stale: false, status: "ON_TRACK" });
    expect(kpiNode(model, "a", "2026-06-30")).toMatchObject({ stale: true, status: "ON_TRACK" });
  });

  test("a stale KPI keeps its status", () => {
    const model = build([createKpiDefinition({ code: "a", target: 10 })], { a: { "2026-01": 3 } });
    expect(kpiNode(model, "a")).toMatchObject({ status: "OFF_TRACK", stale: true });
  });

  test("values exactly on the KPI's own thresholds", () => {
    const kpi = createKpiDefinition({ code: "a", target: 100, thresholds: { onTrack: 0.95, atRisk: 0.8 } });
    const at = (value: number) => kpiNode(build([kpi], { a: { "2026-06": value } }), "a").status;
    expect(at(95)).toBe("ON_TRACK");
    expect(at(94.99)).toBe("AT_RISK");
    expect(at(80)).toBe("AT_RISK");
    expect(at(79.99)).toBe("OFF_TRACK");
  });

  test("a KPI overriding only onTrack keeps the agency's atRisk", () => {
    const kpi = createKpiDefinition({ code: "a", target: 100, thresholds: { onTrack: 1 } });
    const at = (value: number) => kpiNode(build([kpi], { a: { "2026-06": value } }), "a").status;
    expect(at(99)).toBe("AT_RISK");
    expect(at(70)).toBe("AT_RISK");
    expect(at(69)).toBe("OFF_TRACK");
  });

  test("attainment above 100 % is reported; health is clamped to 1", () => {
    const model = build([createKpiDefinition({ code: "a", target: 100 })], { a: { "2026-06": 130 } });
    expect(kpiNode(model, "a")).toMatchObject({ attainment: 1.3, health: 1 });
  });
});

describe("composite KPIs and driver health through the engine", () => {
  test("drivers, no formula, no measurements: health is the driver health, never stale or divergent", () => {
    const model = build(
      [
        createKpiDefinition({ code: "x", target: 10 }),
        createKpiDefinition({ code: "y", target: 10 }),
        createKpiDefinition({ code: "c", target: 5, thresholds: { onTrack: 0.5 } }),
      ],
      { x: { "2026-06": 10 }, y: { "2026-06": 4 } },
      [
        { from: "x", to: "c", weight: 1 },
        { from: "y", to: "c", weight: 3 },
      ],
    );
    expect(kpiNode(model, "c")).toMatchObject({
      period: null,
      value: null,
      target: null,
      attainment: null,
      reason: "no data",
      health: 0.55,
      status: "ON_TRACK",
      stale: false,
      driverHealth: 0.55,
      divergent: false,
    });
  });

  test("a composite KPI whose drivers have no health → NO_DATA", () => {
    const model = build([createKpiDefinition({ code: "x" }), createKpiDefinition({ code: "c", target: 5 })], {}, [
      { from: "x", to: "c", weight: 1 },
    ]);
    expect(kpiNode(model, "c")).toMatchObject({ health: null, status: "NO_DATA", driverHealth: null, stale: false });
  });

  test("a composite KPI's first measurement makes it a measured KPI again", () => {
    const kpis = [createKpiDefinition({ code: "x", target: 10 }), createKpiDefinition({ code: "c", target: 5 })];
    const links = [{ from: "x", to: "c", weight: 1 }];
    expect(kpiNode(build(kpis, { x: { "2026-06": 5 } }, links), "c")).toMatchObject({ health: 0.5, value: null });
    expect(kpiNode(build(kpis, { x: { "2026-06": 5 }, c: { "2026-06": 5 } }, links), "c")).toMatchObject({
      health: 1,
      value: 5,
      driverHealth: 0.5,
      divergent: true,
    });
  });

  test("drivers without a health do not count in the mean", () => {
    const model = build(
      [
        createKpiDefinition({ code: "x", target: 10 }),
        createKpiDefinition({ code: "y" }),
        createKpiDefinition({ code: "k", target: 1 }),
      ],
      { x: { "2026-06": 8 }, y: { "2026-06": 3 }, k: { "2026-06": 1 } },
      [
        { from: "x", to: "k", weight: 1 },
        { from: "y", to: "k", weight: 9 },
      ],
    );
    expect(kpiNode(model, "k")).toMatchObject({ driverHealth: 0.8, divergent: false });
  });

  test("the KPIs a formula names are not its drivers unless linked", () => {
    const model = build(
      [
        createKpiDefinition({ code: "x", target: 10 }),
        createKpiDefinition({ code: "f", target: 1, formula: "x / 10" }),
      ],
      { x: { "2026-06": 5 } },
    );
    expect(kpiNode(model, "f")).toMatchObject({ value: 0.5, driverHealth: null, divergent: false });
  });

  test("a deep chain of composite KPIs carries an input's health to the top", () => {
    const depth = 12;
    const kpis = Array.from({ length: depth }, (_, i) => createKpiDefinition({ code: `c${i}`, target: 10 }));
    const links = kpis.slice(1).map((kpi, i) => ({ from: `c${i}`, to: kpi.code, weight: 1 }));
    const model = build(kpis, { c0: { "2026-06": 6 } }, links);
    const results = recomputeAll(model, AS_OF);
    for (let i = 1; i < depth; i++) expect(results.get(`kpi:c${i}`)?.node.health).toBe(0.6);
    expect(results.get(`kpi:c${depth - 1}`)?.node.status).toBe("OFF_TRACK");
  });

  test("a measured KPI stops the chain: the KPI it drives sees its own health, not its drivers'", () => {
    const model = build(
      [
        createKpiDefinition({ code: "a", target: 10 }),
        createKpiDefinition({ code: "b", target: 10 }),
        createKpiDefinition({ code: "c", target: 10 }),
      ],
      { a: { "2026-06": 2 }, b: { "2026-06": 9 } },
      [
        { from: "a", to: "b", weight: 1 },
        { from: "b", to: "c", weight: 1 },
      ],
    );
    const results = recomputeAll(model, AS_OF);
    expect(results.get("kpi:b")?.node).toMatchObject({ health: 0.9, driverHealth: 0.2, divergent: true });
    expect(results.get("kpi:c")?.node).toMatchObject({ health: 0.9, status: "ON_TRACK" });
  });
});
