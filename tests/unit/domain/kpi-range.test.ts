// A KPI's valid range (spec/drivertree-format.md: `min` and `max`, inclusive, default none): a measurement, baseline
// or target outside it is refused with the range in the message, and so is a new range that stored values fall outside.

import { describe, expect, test } from "vitest";
import {
  createHealthModel,
  createKpiDefinition,
  formatKpiRange,
  validateKeyResult,
  validateKpiDefinition,
  validateMeasurement,
  validateRangeOfKeyResults,
  validateRangeOfMeasurements,
  type KeyResultDefinition,
  type KpiDefinition,
  type ValidationResult,
} from "@/lib/domain";

function codesOf(result: ValidationResult): string[] {
  return result.ok ? [] : result.problems.map((problem) => problem.code);
}

const percent = (fields: Partial<KpiDefinition> = {}) =>
  createKpiDefinition({ code: "permits.rate", direction: "increase", min: 0, max: 100, ...fields });

describe("formatKpiRange", () => {
  test.each([
    [{ min: 0, max: 100 }, "0 to 100"],
    [{ min: 0, max: null }, "0 or more"],
    [{ min: null, max: 100 }, "100 or less"],
    [{ min: -2.5, max: 2.5 }, "-2.5 to 2.5"],
    [{ min: null, max: null }, ""],
  ])("%j → %s", (range, expected) => {
    expect(formatKpiRange(range)).toBe(expected);
  });
});

describe("validateMeasurement with a valid range", () => {
  const model = createHealthModel({
    plan: { start: "2026-01-01", end: "2026-12-31" },
    kpis: [
      percent(),
      createKpiDefinition({ code: "calls", min: 0 }),
      createKpiDefinition({ code: "score", max: 5 }),
      createKpiDefinition({ code: "free" }),
    ],
  });

  test.each([
    ["inside", { kpi: "permits.rate", period: "2026-06", value: 57.5 }, []],
    ["on the minimum", { kpi: "permits.rate", period: "2026-06", value: 0 }, []],
    ["on the maximum", { kpi: "permits.rate", period: "2026-06", value: 100 }, []],
    ["above the maximum", { kpi: "permits.rate", period: "2026-06", value: 12345 }, ["MEASUREMENT_OUT_OF_RANGE"]],
    ["below the minimum", { kpi: "permits.rate", period: "2026-06", value: -0.5 }, ["MEASUREMENT_OUT_OF_RANGE"]],
    ["below a lone minimum", { kpi: "calls", period: "2026-06", value: -1 }, ["MEASUREMENT_OUT_OF_RANGE"]],
    ["far above a lone minimum", { kpi: "calls", period: "2026-06", value: 1e12 }, []],
    ["above a lone maximum", { kpi: "score", period: "2026-06", value: 5.01 }, ["MEASUREMENT_OUT_OF_RANGE"]],
    ["no range at all", { kpi: "free", period: "2026-06", value: -1e12 }, []],
    [
      "not finite: reported once, as not finite",
      { kpi: "permits.rate", period: "2026-06", value: Number.NaN },
      ["MEASUREMENT_NOT_FINITE"],
    ],
    [
      "a wrong period and out of range: both",
      { kpi: "permits.rate", period: "2026-Q2", value: 101 },
      ["PERIOD_KEY_WRONG_FREQUENCY", "MEASUREMENT_OUT_OF_RANGE"],
    ],
  ])("%s → %j", (_, measurement, expected) => {
    expect(codesOf(validateMeasurement(model, measurement))).toEqual(expected);
  });

  test("the message names the value, the KPI and its range, at the value's path", () => {
    const result = validateMeasurement(model, { kpi: "permits.rate", period: "2026-06", value: 12345 });
    expect(result).toMatchObject({
      ok: false,
      path: "value",
      message: "12345 is outside the valid range of permits.rate (0 to 100).",
    });
    expect(validateMeasurement(model, { kpi: "calls", period: "2026-06", value: -1 })).toMatchObject({
      message: "-1 is outside the valid range of calls (0 or more).",
    });
  });
});

describe("validateKpiDefinition with a valid range", () => {
  test.each([
    ["a range alone", percent(), []],
    ["min equal to max", percent({ min: 5, max: 5, direction: "maintain", target: 5 }), []],
    ["min above max", percent({ min: 100, max: 0 }), ["KPI_RANGE_INVALID"]],
    ["a bound that is not finite", percent({ max: Number.POSITIVE_INFINITY }), ["NUMBER_NOT_FINITE"]],
    ["baseline and target inside", percent({ baseline: 40, target: 90, targets: { "2026-06": 60 } }), []],
    ["target on the maximum", percent({ baseline: 40, target: 100 }), []],
    ["baseline below the minimum", percent({ baseline: -5, target: 90 }), ["KPI_VALUE_OUT_OF_RANGE"]],
    ["default target above the maximum", percent({ baseline: 40, target: 120 }), ["KPI_VALUE_OUT_OF_RANGE"]],
    [
      "a per-period target above the maximum",
      percent({ baseline: 40, target: 90, targets: { "2026-06": 101 } }),
      ["KPI_VALUE_OUT_OF_RANGE"],
    ],
    ["maintain KPIs too", percent({ direction: "maintain", target: 150, tolerance: 2 }), ["KPI_VALUE_OUT_OF_RANGE"]],
    [
      "a lone minimum",
      createKpiDefinition({ code: "k", direction: "decrease", min: 0, baseline: 10, target: -2 }),
      ["KPI_VALUE_OUT_OF_RANGE"],
    ],
    // With min > max no value could be valid: the range is reported alone, not every value against it.
    ["min above max with a target", percent({ min: 100, max: 0, target: 50 }), ["KPI_RANGE_INVALID"]],
  ])("%s → %j", (_, definition, expected) => {
    expect(codesOf(validateKpiDefinition(definition))).toEqual(expected);
  });

  test("each problem is at its field's path and names the range", () => {
    const result = validateKpiDefinition(percent({ baseline: -5, target: 120, targets: { "2026-06": 101 } }));
    expect(result.ok ? [] : result.problems.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: "baseline", message: "The baseline (-5) is outside the valid range of permits.rate (0 to 100)." },
      { path: "target", message: "The target (120) is outside the valid range of permits.rate (0 to 100)." },
      {
        path: "targets.2026-06",
        message: "The target for 2026-06 (101) is outside the valid range of permits.rate (0 to 100).",
      },
    ]);
    expect(validateKpiDefinition(percent({ min: 100, max: 0 }))).toMatchObject({
      path: "max",
      message: "The maximum (0) cannot be below the minimum (100).",
    });
  });
});

describe("validateRangeOfMeasurements", () => {
  test.each([
    ["all inside", percent(), { "2026-01": 0, "2026-02": 100, "2026-03": 50 }, []],
    ["no range", createKpiDefinition({ code: "k" }), { "2026-01": -1e9 }, []],
    ["no values", percent(), {}, []],
    ["one above", percent(), { "2026-01": 50, "2026-02": 120 }, ["KPI_RANGE_EXCLUDES_MEASUREMENTS"]],
  ])("%s → %j", (_, definition, series, expected) => {
    expect(codesOf(validateRangeOfMeasurements(definition, series))).toEqual(expected);
  });

  test("names how many values and the first periods, in period order, at the bound that excludes the first", () => {
    const series = { "2026-05": 140, "2026-03": 101, "2026-01": 50, "2026-04": -2 };
    expect(validateRangeOfMeasurements(percent(), series)).toMatchObject({
      path: "max",
      message: "3 values are outside 0 to 100: 2026-03, 2026-04, 2026-05. Correct them or widen the range.",
    });
    expect(validateRangeOfMeasurements(percent(), { "2026-02": -1, "2026-03": 101 })).toMatchObject({
      path: "min",
    });
  });

  test("lists the first five periods and counts the rest", () => {
    const series = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`2026-${String(i + 1).padStart(2, "0")}`, 200]),
    );
    expect(validateRangeOfMeasurements(percent(), series)).toMatchObject({
      message:
        "8 values are outside 0 to 100: 2026-01, 2026-02, 2026-03, 2026-04, 2026-05 and 3 more. " +
        "Correct them or widen the range.",
    });
    expect(validateRangeOfMeasurements(percent(), { "2026-01": 101 })).toMatchObject({
      message: "1 value is outside 0 to 100: 2026-01. Correct it or widen the range.",
    });
  });
});

describe("a range with min above max", () => {
  // Reported once, by validateKpiDefinition; values are not each reported against a range that cannot be right.
  const inverted = percent({ min: 100, max: 0 });
  test("checks no value against it", () => {
    const model = createHealthModel({ plan: { start: "2026-01-01", end: "2026-12-31" }, kpis: [inverted] });
    expect(codesOf(validateMeasurement(model, { kpi: "permits.rate", period: "2026-06", value: 50 }))).toEqual([]);
    expect(codesOf(validateRangeOfMeasurements(inverted, { "2026-06": 50 }))).toEqual([]);
  });
});

describe("validateKeyResult on a KPI with a valid range", () => {
  const model = createHealthModel({
    plan: { start: "2026-01-01", end: "2026-12-31" },
    objectives: [{ code: "O1", parent: null, weight: 1 }],
    kpis: [percent({ baseline: 40 }), createKpiDefinition({ code: "calls", min: 0, baseline: 10 })],
  });
  const kr = (fields: Partial<KeyResultDefinition>): KeyResultDefinition => ({
    code: "O1.KR1",
    objective: "O1",
    kind: "metric",
    kpi: "permits.rate",
    target: 90,
    weight: 1,
    ...fields,
  });

  test.each([
    ["start and target inside", kr({ start: 20 }), []],
    ["the KPI's baseline as start, target on the maximum", kr({ target: 100 }), []],
    ["start on the minimum", kr({ start: 0 }), []],
    ["a target above the maximum", kr({ target: 120 }), ["KR_OUTSIDE_KPI_RANGE"]],
    ["a start below the minimum", kr({ start: -5 }), ["KR_OUTSIDE_KPI_RANGE"]],
    ["both outside", kr({ start: -5, target: 101 }), ["KR_OUTSIDE_KPI_RANGE", "KR_OUTSIDE_KPI_RANGE"]],
    ["below a lone minimum", kr({ kpi: "calls", target: -1 }), ["KR_OUTSIDE_KPI_RANGE"]],
    ["far above a lone minimum", kr({ kpi: "calls", target: 1e9 }), []],
    ["a milestone has no range to keep", kr({ kind: "milestone", kpi: null, target: null, progress: 0.5 }), []],
  ])("%s → %j", (_, keyResult, expected) => {
    expect(codesOf(validateKeyResult(model, keyResult))).toEqual(expected);
  });

  test("each problem is at its field and names the KPI's range", () => {
    const result = validateKeyResult(model, kr({ start: -5, target: 120 }));
    expect(result.ok ? [] : result.problems.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: "start", message: "The start value (-5) is outside the valid range of permits.rate (0 to 100)." },
      { path: "target", message: "The target (120) is outside the valid range of permits.rate (0 to 100)." },
    ]);
  });

  test("a KPI whose range is itself wrong (min above max) checks no key result against it", () => {
    const inverted = createHealthModel({
      plan: { start: "2026-01-01", end: "2026-12-31" },
      objectives: [{ code: "O1", parent: null, weight: 1 }],
      kpis: [percent({ min: 100, max: 0, baseline: 40 })],
    });
    expect(codesOf(validateKeyResult(inverted, kr({ target: 150 })))).toEqual([]);
  });
});

describe("validateRangeOfKeyResults", () => {
  const keyResults = [
    { code: "O1.KR1", start: 20, target: 90 },
    { code: "O1.KR2", start: null, target: 100 },
  ];

  test.each([
    ["all inside", percent(), keyResults, []],
    ["no range", createKpiDefinition({ code: "k" }), [{ code: "O1.KR1", start: -5, target: 1e9 }], []],
    ["none", percent(), [], []],
    ["a target above", percent({ max: 95 }), keyResults, ["KPI_RANGE_EXCLUDES_KEY_RESULTS"]],
    ["an inverted range checks nothing", percent({ min: 100, max: 0 }), keyResults, []],
  ])("%s → %j", (_, definition, list, expected) => {
    expect(codesOf(validateRangeOfKeyResults(definition, list))).toEqual(expected);
  });

  test("names the key result and its value, at the bound that excludes it", () => {
    const result = validateRangeOfKeyResults(percent({ min: 30, max: 95 }), keyResults);
    expect(result.ok ? [] : result.problems.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: "min", message: "Key result O1.KR1 starts from 20, outside 30 to 95. Change it or widen the range." },
      { path: "max", message: "Key result O1.KR2 aims at 100, outside 30 to 95. Change it or widen the range." },
    ]);
  });
});
