// The rules the write path and the importer check before saving (spec/health.md, spec/drivertree-format.md).

import { describe, expect, test } from "vitest";
import {
  createHealthModel,
  createKpiDefinition,
  validateFormula,
  validateKeyResult,
  validateKpiCode,
  validateKpiDefinition,
  validateLink,
  validateMeasurement,
  validateObjectiveParent,
  validatePeriodKey,
  validateThresholds,
  validateWeight,
  type HealthModel,
  type KeyResultDefinition,
  type KpiDefinition,
  type ValidationResult,
} from "@/lib/domain";

function codesOf(result: ValidationResult): string[] {
  return result.ok ? [] : result.problems.map((problem) => problem.code);
}

const model: HealthModel = createHealthModel({
  plan: { start: "2026-01-01", end: "2026-12-31" },
  kpis: [
    createKpiDefinition({ code: "in.monthly", ipo: "input", frequency: "monthly" }),
    createKpiDefinition({ code: "in.annual", ipo: "input", frequency: "annual" }),
    createKpiDefinition({ code: "proc", ipo: "process", frequency: "quarterly", formula: "in.monthly * 2" }),
    createKpiDefinition({ code: "proc.b", ipo: "process", frequency: "quarterly", formula: "proc + 1" }),
    createKpiDefinition({ code: "out", ipo: "outcome", frequency: "quarterly", baseline: 10 }),
    createKpiDefinition({ code: "out.b", ipo: "outcome", frequency: "monthly" }),
  ],
  links: [
    { from: "in.monthly", to: "proc", weight: 1, polarity: "positive" },
    { from: "proc", to: "out", weight: 1, polarity: "positive" },
    { from: "out", to: "out.b", weight: 1, polarity: "positive" },
  ],
  objectives: [
    { code: "O1", parent: null, weight: 1 },
    { code: "O2", parent: "O1", weight: 1 },
    { code: "O3", parent: "O2", weight: 1 },
  ],
});

describe("validateFormula", () => {
  test("a formula over same or finer KPIs is accepted", () => {
    expect(validateFormula(model, "out", "proc / in.monthly")).toEqual({ ok: true });
  });

  test("a syntax error gives the position and what was expected", () => {
    const result = validateFormula(model, "out", "proc / ");
    expect(result).toMatchObject({ ok: false, code: "FORMULA_SYNTAX", path: "formula", position: 7 });
    expect(result.ok ? [] : result.expected).toContain("a KPI code");
  });

  test("unknown codes are listed", () => {
    expect(validateFormula(model, "out", "nope + proc + other")).toMatchObject({
      ok: false,
      code: "FORMULA_UNKNOWN_KPI",
      codes: ["nope", "other"],
    });
  });

  test("a coarser KPI is refused", () => {
    const result = validateFormula(model, "out", "in.annual + 1");
    expect(result).toMatchObject({ code: "FORMULA_COARSER_KPI", codes: ["in.annual"] });
    expect(result.ok ? "" : result.message).toContain("in.annual is annual");
  });

  test("a KPI not yet in the model is checked with the frequency it will have", () => {
    expect(codesOf(validateFormula(model, { code: "new", frequency: "monthly" }, "proc + 1"))).toEqual([
      "FORMULA_COARSER_KPI",
    ]);
    expect(validateFormula(model, { code: "new", frequency: "annual" }, "proc + 1")).toEqual({ ok: true });
  });

  test("naming itself is refused", () => {
    expect(validateFormula(model, "out", "out + 1")).toMatchObject({
      code: "FORMULA_SELF_REFERENCE",
      cycle: ["out", "out"],
    });
  });

  test("a cycle through other formulas is refused with the codes on it", () => {
    const result = validateFormula(model, "proc", "proc.b * 3");
    expect(result).toMatchObject({ code: "FORMULA_CYCLE", cycle: ["proc", "proc.b", "proc"] });
    expect(result.ok ? "" : result.message).toContain("proc → proc.b → proc");
    const longer = validateFormula(model, "in.monthly", "proc.b * 3");
    const cycle = longer.ok ? undefined : longer.problems.find((problem) => problem.code === "FORMULA_CYCLE");
    expect(cycle?.cycle).toEqual(["in.monthly", "proc.b", "proc", "in.monthly"]);
  });

  test("replacing a formula ignores the one it replaces", () => {
    expect(validateFormula(model, "proc", "in.monthly / 2")).toEqual({ ok: true });
  });

  test("a formula naming no KPI is refused (docs/health.md)", () => {
    expect(validateFormula(model, "out", "42").ok ? null : "FORMULA_NAMES_NO_KPI").toBe("FORMULA_NAMES_NO_KPI");
  });

  test("several problems are all listed", () => {
    expect(codesOf(validateFormula(model, "in.monthly", "ghost + in.annual + proc"))).toEqual([
      "FORMULA_UNKNOWN_KPI",
      "FORMULA_COARSER_KPI",
      "FORMULA_CYCLE",
    ]);
  });
});

describe("validateLink", () => {
  const link = (from: string, to: string, weight = 1) => ({ from, to, weight, polarity: "positive" as const });

  test.each([
    ["input → process", link("in.annual", "proc"), []],
    ["input → outcome", link("in.annual", "out"), []],
    ["outcome → outcome", link("out.b", "out", 1), ["LINK_CYCLE"]],
    ["outcome → input", link("out", "in.annual"), ["LINK_IPO_BACKWARDS"]],
    ["process → input", link("proc", "in.annual"), ["LINK_IPO_BACKWARDS"]],
    ["outcome → process, closing a cycle", link("out", "proc"), ["LINK_IPO_BACKWARDS", "LINK_CYCLE"]],
    ["to itself", link("out", "out"), ["LINK_CYCLE"]],
    ["a second link between the same KPIs", link("in.monthly", "proc"), ["LINK_DUPLICATE"]],
    ["an unknown KPI", link("ghost", "out"), ["LINK_UNKNOWN_KPI"]],
    ["a weight of 0", link("in.annual", "out", 0), ["WEIGHT_NOT_POSITIVE"]],
    ["a negative weight", link("in.annual", "out", -1), ["WEIGHT_NOT_POSITIVE"]],
  ] as const)("%s → %j", (_, candidate, expected) => {
    expect(codesOf(validateLink(model, candidate))).toEqual(expected);
  });

  test("the cycle is named in the message and the result", () => {
    const result = validateLink(model, link("out.b", "in.monthly"));
    expect(result).toMatchObject({ ok: false });
    const cycle = result.ok ? undefined : result.problems.find((problem) => problem.code === "LINK_CYCLE");
    expect(cycle?.cycle).toEqual(["out.b", "in.monthly", "proc", "out", "out.b"]);
    expect(cycle?.message).toContain("out.b → in.monthly → proc → out → out.b");
  });
});

describe("validateKpiDefinition", () => {
  const kpi = (fields: Partial<KpiDefinition>) => createKpiDefinition({ code: "k", ...fields });

  test.each([
    ["increase with target above baseline", kpi({ direction: "increase", baseline: 10, target: 20 }), []],
    [
      "increase with target below baseline",
      kpi({ direction: "increase", baseline: 10, target: 5 }),
      ["KPI_BASELINE_WRONG_SIDE"],
    ],
    [
      "decrease with target above baseline",
      kpi({ direction: "decrease", baseline: 10, target: 15 }),
      ["KPI_BASELINE_WRONG_SIDE"],
    ],
    [
      "a per-period target on the wrong side",
      kpi({ direction: "increase", baseline: 10, target: 20, targets: { "2026-06": 8 } }),
      ["KPI_BASELINE_WRONG_SIDE"],
    ],
    ["increase, no baseline, target 0", kpi({ direction: "increase", target: 0 }), ["KPI_TARGET_NOT_POSITIVE"]],
    ["decrease, no baseline, negative target", kpi({ direction: "decrease", target: -3 }), ["KPI_TARGET_NOT_POSITIVE"]],
    ["decrease, baseline, negative target", kpi({ direction: "decrease", baseline: 5, target: -3 }), []],
    [
      "a baseline equal to a target ≤ 0",
      kpi({ direction: "increase", baseline: 0, target: 0 }),
      ["KPI_TARGET_NOT_POSITIVE"],
    ],
    ["maintain with any target", kpi({ direction: "maintain", baseline: 100, target: -3, tolerance: 2 }), []],
    ["a negative tolerance", kpi({ direction: "maintain", target: 3, tolerance: -1 }), ["KPI_TOLERANCE_NEGATIVE"]],
    [
      "a per-period target key of another frequency",
      kpi({ target: 5, targets: { "2026-Q1": 5 } }),
      ["PERIOD_KEY_WRONG_FREQUENCY"],
    ],
    ["a fractional lagDays", kpi({ lagDays: 1.5 }), ["KPI_LAG_DAYS_INVALID"]],
    ["thresholds out of order", kpi({ thresholds: { onTrack: 0.5, atRisk: 0.8 } }), ["THRESHOLDS_INVALID"]],
    ["a reserved code", createKpiDefinition({ code: "round" }), ["KPI_CODE_RESERVED"]],
  ])("%s → %j", (_, definition, expected) => {
    expect(codesOf(validateKpiDefinition(definition))).toEqual(expected);
  });

  test("problems carry the path of the field, for the importer", () => {
    const result = validateKpiDefinition(
      kpi({ direction: "increase", baseline: 10, target: 20, targets: { "2026-06": 8 } }),
    );
    expect(result).toMatchObject({ ok: false, path: "targets.2026-06" });
  });
});

describe("codes, thresholds, weights and period keys", () => {
  test.each([
    ["permits.median_days", true],
    ["_x1", true],
    ["min", false],
    ["max", false],
    ["abs", false],
    ["3am.calls", false],
    ["has space", false],
  ])("KPI code %s is accepted: %s", (code, isAccepted) => {
    expect(validateKpiCode(code).ok).toBe(isAccepted);
  });

  test("thresholds lie in [0, 1] with atRisk ≤ onTrack", () => {
    expect(validateThresholds({ onTrack: 0.9, atRisk: 0.7 }).ok).toBe(true);
    expect(validateThresholds({ onTrack: 0.9 }).ok).toBe(true);
    expect(validateThresholds({ onTrack: 1.2 }).ok).toBe(false);
    expect(validateThresholds({ onTrack: 0.6, atRisk: 0.7 }).ok).toBe(false);
  });

  test("weights must be greater than 0", () => {
    expect(validateWeight(0.5).ok).toBe(true);
    expect(codesOf(validateWeight(0))).toEqual(["WEIGHT_NOT_POSITIVE"]);
    expect(codesOf(validateWeight(Number.NaN))).toEqual(["WEIGHT_NOT_POSITIVE"]);
  });

  test.each([
    ["2026-06", "monthly", []],
    ["2026-Q2", "monthly", ["PERIOD_KEY_WRONG_FREQUENCY"]],
    ["2026-Q2", "quarterly", []],
    ["2026", "annual", []],
    ["June 2026", "monthly", ["PERIOD_KEY_INVALID"]],
  ] as const)("period key %s for a %s KPI → %j", (key, frequency, expected) => {
    expect(codesOf(validatePeriodKey(key, frequency))).toEqual(expected);
  });
});

describe("validateMeasurement", () => {
  test.each([
    [{ kpi: "in.monthly", period: "2026-06", value: 4 }, []],
    [{ kpi: "ghost", period: "2026-06", value: 4 }, ["MEASUREMENT_UNKNOWN_KPI"]],
    [{ kpi: "proc", period: "2026-Q2", value: 4 }, ["MEASUREMENT_FORMULA_KPI"]],
    [{ kpi: "in.monthly", period: "2026-Q2", value: 4 }, ["PERIOD_KEY_WRONG_FREQUENCY"]],
    [{ kpi: "in.monthly", period: "2026-06", value: Number.POSITIVE_INFINITY }, ["MEASUREMENT_NOT_FINITE"]],
  ])("%j → %j", (measurement, expected) => {
    expect(codesOf(validateMeasurement(model, measurement))).toEqual(expected);
  });
});

describe("validateKeyResult", () => {
  const kr = (fields: Partial<KeyResultDefinition>): KeyResultDefinition => ({
    code: "KR",
    objective: "O1",
    kind: "metric",
    kpi: "out",
    target: 20,
    weight: 1,
    ...fields,
  });

  test.each([
    ["a metric with the KPI's baseline as S", kr({}), []],
    ["D1 = D0", kr({ startDate: "2026-03-01", dueDate: "2026-03-01" }), ["KR_DATES_ORDER"]],
    ["D1 before the plan's start", kr({ dueDate: "2025-12-31" }), ["KR_DATES_ORDER"]],
    ["a malformed date", kr({ startDate: "2026-02-30" }), ["KR_DATE_INVALID"]],
    ["T = S", kr({ start: 20 }), ["KR_TARGET_EQUALS_START"]],
    ["T = the KPI's baseline", kr({ target: 10 }), ["KR_TARGET_EQUALS_START"]],
    ["no S and no baseline", kr({ kpi: "proc" }), ["KR_METRIC_NEEDS_START"]],
    ["no target", kr({ target: null }), ["KR_METRIC_NEEDS_TARGET"]],
    ["no KPI", kr({ kpi: null }), ["KR_METRIC_NEEDS_KPI"]],
    ["an unknown KPI", kr({ kpi: "ghost", start: 1 }), ["KR_UNKNOWN_KPI"]],
    ["an unknown objective", kr({ objective: "O9" }), ["KR_UNKNOWN_OBJECTIVE"]],
    [
      "a milestone above 1",
      { code: "KR", objective: "O1", kind: "milestone", progress: 1.5, weight: 1 } as const,
      ["KR_PROGRESS_OUT_OF_RANGE"],
    ],
    ["a weight of 0", kr({ weight: 0 }), ["WEIGHT_NOT_POSITIVE"]],
  ])("%s → %j", (_, keyResult, expected) => {
    expect(codesOf(validateKeyResult(model, keyResult))).toEqual(expected);
  });
});

describe("validateObjectiveParent", () => {
  test("a parent that exists and is not below the objective is accepted", () => {
    expect(validateObjectiveParent(model, "O3", "O1")).toEqual({ ok: true });
    expect(validateObjectiveParent(model, "O1", null)).toEqual({ ok: true });
  });

  test("a parent below the objective, or the objective itself, closes a cycle", () => {
    expect(validateObjectiveParent(model, "O1", "O3")).toMatchObject({
      code: "OBJECTIVE_CYCLE",
      cycle: ["O1", "O3", "O2", "O1"],
    });
    expect(validateObjectiveParent(model, "O2", "O2")).toMatchObject({ code: "OBJECTIVE_CYCLE", cycle: ["O2", "O2"] });
  });

  test("an unknown parent is refused", () => {
    expect(codesOf(validateObjectiveParent(model, "O1", "O9"))).toEqual(["OBJECTIVE_UNKNOWN_PARENT"]);
  });
});
