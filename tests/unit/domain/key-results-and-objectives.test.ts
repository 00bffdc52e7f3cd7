// Key results (metric, milestone, qualitative) with expected progress, and objectives with progress, health,
// coverage, freshness, counts and weakest child (spec/health.md).

import { describe, expect, test } from "vitest";
import {
  computeExpectedProgress,
  computeObjectiveHealth,
  createHealthModel,
  createKpiDefinition,
  DEFAULT_THRESHOLDS,
  parseIsoDate,
  recomputeAll,
  type HealthModel,
  type KeyResultDefinition,
  type KeyResultHealthNode,
  type ObjectiveChild,
  type ObjectiveDefinition,
} from "@/lib/domain";

const day = (text: string) => parseIsoDate(text) as number;

describe("expected progress", () => {
  test.each([
    ["2025-12-31", 0],
    ["2026-01-01", 0],
    ["2026-07-02", 0.5],
    ["2026-12-31", 1],
    ["2027-06-01", 1],
  ])("as of %s over 2026-01-01 → 2026-12-31: e = %s", (asOf, expected) => {
    expect(computeExpectedProgress(day(asOf), day("2026-01-01"), day("2026-12-31"))).toBe(expected);
  });

  test("a due date not after the start (refused when saved) is complete from the start (docs/health.md)", () => {
    expect(computeExpectedProgress(day("2026-01-01"), day("2026-03-01"), day("2026-03-01"))).toBe(0);
    expect(computeExpectedProgress(day("2026-03-01"), day("2026-03-01"), day("2026-03-01"))).toBe(1);
  });
});

const PLAN = { start: "2026-01-01", end: "2026-12-31" };

function buildKeyResultModel(
  keyResults: KeyResultDefinition[],
  measurements: Record<string, Record<string, number>> = {},
) {
  return createHealthModel({
    plan: PLAN,
    kpis: [
      createKpiDefinition({ code: "days", direction: "decrease", baseline: 30, target: 15 }),
      createKpiDefinition({ code: "score", direction: "increase", target: 100 }),
      createKpiDefinition({ code: "ratio", direction: "increase", target: 1, formula: "score / days" }),
    ],
    objectives: [{ code: "O1", parent: null, weight: 1 }],
    keyResults,
    measurements: { days: { "2026-06": 24 }, ...measurements },
  });
}

const metric = (fields: Partial<KeyResultDefinition>): KeyResultDefinition => ({
  code: "KR",
  objective: "O1",
  kind: "metric",
  kpi: "days",
  target: 15,
  weight: 1,
  ...fields,
});

function keyResultNode(model: HealthModel, asOf: string, code = "KR"): KeyResultHealthNode | undefined {
  const node = recomputeAll(model, asOf).get(`kr:${code}`)?.node;
  return node?.kind === "keyResult" ? node : undefined;
}

describe("metric key results", () => {
  test.each([
    {
      case: "S defaults to the KPI's baseline",
      fields: {},
      asOf: "2026-07-02",
      progress: 0.4,
      health: 0.8,
      status: "AT_RISK",
    },
    {
      case: "before its start date: e = 0, so h = 1",
      fields: { startDate: "2026-08-01" },
      asOf: "2026-07-02",
      progress: 0.4,
      health: 1,
      status: "ON_TRACK",
    },
    {
      case: "on its start date: e = 0",
      fields: { startDate: "2026-07-02" },
      asOf: "2026-07-02",
      progress: 0.4,
      health: 1,
      status: "ON_TRACK",
    },
    {
      case: "after its due date: e = 1, so h = p",
      fields: { dueDate: "2026-06-30" },
      asOf: "2026-07-02",
      progress: 0.4,
      health: 0.4,
      status: "OFF_TRACK",
    },
    {
      case: "an explicit start value",
      fields: { start: 40 },
      asOf: "2026-07-02",
      progress: 0.64,
      health: 1,
      status: "ON_TRACK",
    },
    {
      case: "past the target: p clamped to 1",
      fields: { start: 30, target: 25 },
      asOf: "2026-07-02",
      progress: 1,
      health: 1,
      status: "ON_TRACK",
    },
    {
      case: "the wrong way: p clamped to 0",
      fields: { start: 20, target: 15 },
      asOf: "2026-07-02",
      progress: 0,
      health: 0,
      status: "OFF_TRACK",
    },
    {
      case: "an increasing metric",
      fields: { kpi: "score", start: 0, target: 200 },
      asOf: "2026-07-02",
      progress: 0.25,
      health: 0.5,
      status: "OFF_TRACK",
    },
  ])("$case", ({ fields, asOf, progress, health, status }) => {
    const model = buildKeyResultModel([metric(fields)], { score: { "2026-06": 50 } });
    const node = keyResultNode(model, asOf);
    expect(node?.progress).toBeCloseTo(progress, 12);
    expect(node?.health).toBeCloseTo(health, 12);
    expect(node?.status).toBe(status);
  });

  test.each([
    ["its KPI has no value", metric({ kpi: "score" })],
    ["its KPI does not exist", metric({ kpi: "nowhere" })],
    ["no start value and no baseline (refused when saved)", metric({ kpi: "score", start: null, target: 5 })],
    ["T = S (refused when saved)", metric({ start: 15, target: 15 })],
    ["no target (refused when saved)", metric({ target: null })],
  ])("NO_DATA with progress and health null when %s", (_, keyResult) => {
    expect(keyResultNode(buildKeyResultModel([keyResult]), "2026-07-02")).toEqual({
      kind: "keyResult",
      code: "KR",
      progress: null,
      health: null,
      status: "NO_DATA",
    });
  });

  test("a formula KPI's computed value is the key result's v", () => {
    const model = buildKeyResultModel([metric({ kpi: "ratio", start: 0, target: 4 })], { score: { "2026-06": 48 } });
    expect(keyResultNode(model, "2026-07-02")).toMatchObject({ progress: 0.5, health: 1 });
  });

  test("a key result uses the agency's thresholds, not its KPI's", () => {
    const model = buildKeyResultModel([metric({})]);
    const strict = { ...model, kpis: model.kpis.map((kpi) => ({ ...kpi, thresholds: { onTrack: 0.5, atRisk: 0.1 } })) };
    expect(keyResultNode(strict, "2026-07-02")?.status).toBe("AT_RISK");
  });
});

describe("milestone and qualitative key results", () => {
  test.each([
    { progress: 0.4, asOf: "2026-07-02", health: 0.8, status: "AT_RISK" },
    { progress: 0.5, asOf: "2026-07-02", health: 1, status: "ON_TRACK" },
    { progress: null, asOf: "2026-07-02", health: 0, status: "OFF_TRACK" },
    { progress: null, asOf: "2025-12-01", health: 1, status: "ON_TRACK" },
    { progress: 0.3, asOf: "2027-02-01", health: 0.3, status: "OFF_TRACK" },
  ])("milestone at $progress as of $asOf: h = $health", ({ progress, asOf, health, status }) => {
    const model = buildKeyResultModel([{ code: "KR", objective: "O1", kind: "milestone", progress, weight: 1 }]);
    expect(keyResultNode(model, asOf)).toMatchObject({ progress: progress ?? 0, health, status });
  });

  test.each([
    ["fail", 0, 0, "OFF_TRACK"],
    ["commit", 0.3, 0.8, "AT_RISK"],
    ["target", 0.7, 1, "ON_TRACK"],
    ["stretch", 1, 1, "ON_TRACK"],
  ] as const)("qualitative zone %s: p = %s, h = %s whatever the date", (zone, progress, health, status) => {
    const model = buildKeyResultModel([{ code: "KR", objective: "O1", kind: "qualitative", zone, weight: 1 }]);
    for (const asOf of ["2025-06-01", "2026-07-02", "2028-01-01"]) {
      expect(keyResultNode(model, asOf)).toMatchObject({ progress, health, status });
    }
  });

  test("a milestone's progress above 1 (refused when saved) counts as 1 (docs/health.md)", () => {
    const model = buildKeyResultModel([{ code: "KR", objective: "O1", kind: "milestone", progress: 1.5, weight: 1 }]);
    expect(keyResultNode(model, "2026-07-02")).toMatchObject({ progress: 1, health: 1 });
  });

  test("a start or due date that does not parse falls back to the plan's (docs/health.md)", () => {
    const model = buildKeyResultModel([
      { code: "KR", objective: "O1", kind: "milestone", progress: 0.25, weight: 1, dueDate: "2026-02-30" },
    ]);
    expect(keyResultNode(model, "2026-07-02")).toMatchObject({ health: 0.5 });
    expect(recomputeAll(model, "2026-07-02").get("kr:KR")?.explanation).toMatchObject({ dueDate: "2026-12-31" });
  });

  test("a qualitative key result without a zone → NO_DATA", () => {
    const model = buildKeyResultModel([{ code: "KR", objective: "O1", kind: "qualitative", zone: null, weight: 1 }]);
    expect(keyResultNode(model, "2026-07-02")).toMatchObject({ progress: null, health: null, status: "NO_DATA" });
  });
});

describe("objectives", () => {
  const child = (code: string, fields: Partial<ObjectiveChild>): ObjectiveChild => ({
    kind: "keyResult",
    code,
    weight: 1,
    status: "ON_TRACK",
    progress: 1,
    health: 1,
    freshness: 1,
    ...fields,
  });

  test("no children at all → NO_DATA with every figure null", () => {
    expect(computeObjectiveHealth("O", [], DEFAULT_THRESHOLDS).node).toEqual({
      kind: "objective",
      code: "O",
      progress: null,
      health: null,
      status: "NO_DATA",
      coverage: null,
      freshness: null,
      counts: {},
      weakest: null,
    });
  });

  test("children that all lack data → NO_DATA, coverage 0, freshness still counted", () => {
    const { node } = computeObjectiveHealth(
      "O",
      [
        child("A", { status: "NO_DATA", progress: null, health: null, freshness: 0 }),
        child("B", { status: "NO_DATA", progress: null, health: null, freshness: 1, weight: 3 }),
      ],
      DEFAULT_THRESHOLDS,
    );
    expect(node).toMatchObject({ progress: null, health: null, status: "NO_DATA", coverage: 0, freshness: 0.75 });
    expect(node.counts).toEqual({ NO_DATA: 2 });
    expect(node.weakest).toBeNull();
  });

  test("weakest: the lowest health, the first in order on a tie (key results before child objectives)", () => {
    const { node } = computeObjectiveHealth(
      "O",
      [
        child("KR1", { health: 0.9 }),
        child("KR2", { health: 0.5, status: "OFF_TRACK" }),
        child("KR3", { health: 0.5, status: "OFF_TRACK" }),
        child("O2", { kind: "objective", health: 0.5, status: "OFF_TRACK" }),
      ],
      DEFAULT_THRESHOLDS,
    );
    expect(node.weakest).toBe("KR2");
  });

  test("weights shape progress, health, coverage and freshness", () => {
    const { node } = computeObjectiveHealth(
      "O",
      [
        child("A", { weight: 3, progress: 0.2, health: 0.4, status: "OFF_TRACK", freshness: 0 }),
        child("B", { weight: 1, progress: 0.6, health: 1, freshness: 1 }),
        child("C", { weight: 4, status: "NO_DATA", progress: null, health: null, freshness: 1 }),
      ],
      DEFAULT_THRESHOLDS,
    );
    expect(node).toMatchObject({ progress: 0.3, health: 0.55, status: "OFF_TRACK", coverage: 0.5, freshness: 0.625 });
  });

  test("the health exactly on the agency's onTrack threshold is on track", () => {
    const { node } = computeObjectiveHealth(
      "O",
      [child("A", { health: 0.9 }), child("B", { health: 0.9 })],
      DEFAULT_THRESHOLDS,
    );
    expect(node.status).toBe("ON_TRACK");
  });
});

function buildTree(objectives: ObjectiveDefinition[], keyResults: KeyResultDefinition[]) {
  return createHealthModel({
    plan: PLAN,
    kpis: [
      createKpiDefinition({ code: "fresh", target: 10, lagDays: 30 }),
      createKpiDefinition({ code: "old", target: 10, lagDays: 30 }),
      createKpiDefinition({ code: "empty", target: 10 }),
    ],
    objectives,
    keyResults,
    measurements: { fresh: { "2026-06": 5 }, old: { "2026-01": 5 } },
  });
}

describe("objectives through the engine", () => {
  const keyResults: KeyResultDefinition[] = [
    { code: "A.1", objective: "A", kind: "metric", kpi: "fresh", start: 0, target: 10, weight: 1 },
    { code: "A.2", objective: "A", kind: "metric", kpi: "old", start: 0, target: 10, weight: 1 },
    { code: "B.1", objective: "B", kind: "milestone", progress: 0.5, weight: 1 },
    { code: "B.2", objective: "B", kind: "metric", kpi: "empty", start: 0, target: 10, weight: 1 },
    { code: "C.1", objective: "C", kind: "qualitative", zone: null, weight: 1 },
  ];
  const objectives: ObjectiveDefinition[] = [
    { code: "TOP", parent: null, weight: 1 },
    { code: "A", parent: "TOP", weight: 2 },
    { code: "B", parent: "TOP", weight: 1 },
    { code: "C", parent: "B", weight: 1 },
    { code: "EMPTY", parent: "TOP", weight: 5 },
  ];
  const results = recomputeAll(buildTree(objectives, keyResults), "2026-07-02");
  const objective = (code: string) => results.get(`objective:${code}`)?.node;

  test("freshness: 1 for a metric key result whose KPI has a fresh value, 0 for a stale or empty one", () => {
    expect(objective("A")).toMatchObject({ freshness: 0.5, coverage: 1 });
    // B: its milestone 1, its metric on an empty KPI 0, its child objective C's own freshness 1.
    expect(objective("B")).toMatchObject({ freshness: 2 / 3, coverage: 1 / 3 });
  });

  test("a nested objective rolls up its own key results and its child objectives", () => {
    // B: milestone 0.5 (h 1), metric with no data, child C (no data) → only the milestone counts.
    expect(objective("B")).toMatchObject({ progress: 0.5, health: 1, status: "ON_TRACK", weakest: "B.1" });
    expect(objective("B")?.kind === "objective" && objective("B")).toMatchObject({
      counts: { ON_TRACK: 1, NO_DATA: 2 },
    });
  });

  test("an objective whose only key result lacks data, and an empty objective, are NO_DATA", () => {
    expect(objective("C")).toMatchObject({ status: "NO_DATA", progress: null, coverage: 0, freshness: 1 });
    expect(objective("EMPTY")).toMatchObject({ status: "NO_DATA", coverage: null, freshness: null });
  });

  test("the top objective counts child objectives with data and takes a null freshness as 0", () => {
    const a = objective("A");
    const b = objective("B");
    if (a?.kind !== "objective" || b?.kind !== "objective") throw new Error("missing objectives");
    expect(objective("TOP")).toMatchObject({ coverage: 3 / 8, weakest: "A" });
    const top = objective("TOP");
    if (top?.kind !== "objective") throw new Error("missing TOP");
    expect(top.progress).toBeCloseTo(((a.progress ?? 0) * 2 + (b.progress ?? 0)) / 3, 15);
    expect(top.freshness).toBeCloseTo((0.5 * 2 + (2 / 3) * 1 + 0 * 5) / 8, 15);
  });
});
