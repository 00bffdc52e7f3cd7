// Recomputation: which nodes a change reaches, in dependency order, and that recomputing only those equals a full
// recompute (spec/health.md, "Recomputation").

import { describe, expect, test } from "vitest";
import {
  affectedNodes,
  applyChange,
  createHealthModel,
  createKpiDefinition,
  explainNode,
  mergeRecomputation,
  recomputeAffected,
  recomputeAll,
  removedNodes,
  type HealthModel,
  type ModelChange,
  type NodeId,
} from "@/lib/domain";
import { buildExampleModel } from "./support/example-model";

const AS_OF = "2026-07-02";

function expectIncrementalToEqualFull(model: HealthModel, change: ModelChange, asOf = AS_OF) {
  const previous = recomputeAll(model, asOf);
  const recomputation = recomputeAffected(model, previous, change, asOf);
  expect(mergeRecomputation(previous, recomputation)).toEqual(recomputeAll(applyChange(model, change), asOf));
  return recomputation;
}

describe("affectedNodes on the example document", () => {
  const model = buildExampleModel();

  test.each<{ name: string; change: ModelChange; expected: NodeId[] }>([
    {
      name: "a new cost measurement reaches the formula over it only (no key result tracks either)",
      change: { type: "measurements", measurements: [{ kpi: "finance.permits_cost", period: "2026-06", value: 1 }] },
      expected: ["kpi:finance.permits_cost", "kpi:permits.cost_per_permit"],
    },
    {
      name: "a reviewers measurement reaches the KPI it drives (its driver health) but not that KPI's key result",
      change: { type: "measurements", measurements: [{ kpi: "permits.reviewers_fte", period: "2026-06", value: 11 }] },
      expected: ["kpi:permits.reviewers_fte", "kpi:permits.median_days"],
    },
    {
      name: "a permit-time measurement reaches its key result and objective",
      change: { type: "measurements", measurements: [{ kpi: "permits.median_days", period: "2026-06", value: 20 }] },
      expected: ["kpi:permits.median_days", "kr:O1.KR1", "objective:O1"],
    },
    {
      name: "a target edit reaches the KPI only: key results measure values, not targets",
      change: { type: "kpiUpdated", kpi: { ...(model.kpis[0] as (typeof model.kpis)[number]), target: 12 } },
      expected: ["kpi:permits.median_days"],
    },
    {
      name: "a baseline edit also reaches the key results that start from it",
      change: { type: "kpiUpdated", kpi: { ...(model.kpis[0] as (typeof model.kpis)[number]), baseline: 32 } },
      expected: ["kpi:permits.median_days", "kr:O1.KR1", "objective:O1"],
    },
    {
      name: "a formula change reaches the formula KPI",
      change: { type: "formulaChanged", kpi: "permits.cost_per_permit", formula: "finance.permits_cost / 100" },
      expected: ["kpi:permits.cost_per_permit"],
    },
    {
      name: "a new link reaches the KPI it drives",
      change: {
        type: "linkAdded",
        link: { from: "permits.issued", to: "permits.median_days", weight: 2, polarity: "positive" },
      },
      expected: ["kpi:permits.median_days"],
    },
    {
      name: "a reweighted link reaches the KPI it drives",
      change: { type: "linkUpdated", from: "permits.reviewers_fte", to: "permits.median_days", weight: 3 },
      expected: ["kpi:permits.median_days"],
    },
    {
      name: "a polarity change reaches nothing: polarity does not enter health",
      change: { type: "linkUpdated", from: "permits.reviewers_fte", to: "permits.median_days", polarity: "positive" },
      expected: [],
    },
    {
      name: "a key result edit reaches it and its objective",
      change: {
        type: "keyResultUpdated",
        keyResult: { code: "O1.KR2", objective: "O1", kind: "milestone", progress: 0.9, weight: 1 },
      },
      expected: ["kr:O1.KR2", "objective:O1"],
    },
    {
      name: "an objective's weight matters to its parent, not to itself",
      change: { type: "objectiveUpdated", objective: { code: "O1", parent: null, weight: 3 } },
      expected: [],
    },
    {
      name: "the agency's thresholds reach every node",
      change: { type: "thresholdsChanged", thresholds: { onTrack: 0.95, atRisk: 0.5 } },
      // Drivers first (reviewers before the permit time they drive), else model order.
      expected: [
        "kpi:permits.reviewers_fte",
        "kpi:permits.median_days",
        "kpi:finance.permits_cost",
        "kpi:permits.issued",
        "kpi:permits.cost_per_permit",
        "kr:O1.KR1",
        "kr:O1.KR2",
        "kr:O1.KR3",
        "objective:O1",
      ],
    },
  ])("$name", ({ change, expected }) => {
    expect(affectedNodes(model, change, AS_OF)).toEqual(expected);
    const recomputation = expectIncrementalToEqualFull(model, change);
    expect([...recomputation.results.keys()]).toEqual(expected);
  });

  test("removing a KPI deletes its node and reaches the formulas naming it and the key results tracking it", () => {
    const change: ModelChange = { type: "kpiRemoved", kpi: "permits.median_days" };
    expect(removedNodes(model, change)).toEqual(["kpi:permits.median_days"]);
    expect(affectedNodes(model, change, AS_OF)).toEqual(["kr:O1.KR1", "objective:O1"]);
    const recomputation = expectIncrementalToEqualFull(model, change);
    expect(recomputation.results.get("kr:O1.KR1")?.node.status).toBe("NO_DATA");
  });

  test("removing an objective deletes it and its key results", () => {
    const change: ModelChange = { type: "objectiveRemoved", objective: "O1" };
    expect(removedNodes(model, change)).toEqual(["objective:O1", "kr:O1.KR1", "kr:O1.KR2", "kr:O1.KR3"]);
    expectIncrementalToEqualFull(model, change);
  });
});

describe("dependency order", () => {
  test("a change far down a chain lists every node after everything it reads", () => {
    // input → (formula over input) → composite → composite, tracked by a key result under nested objectives.
    const model = createHealthModel({
      plan: { start: "2026-01-01", end: "2026-12-31" },
      kpis: [
        createKpiDefinition({ code: "top", target: 1 }),
        createKpiDefinition({ code: "mid", target: 1 }),
        createKpiDefinition({ code: "share", target: 1, formula: "input / 10" }),
        createKpiDefinition({ code: "input", target: 10, ipo: "input" }),
      ],
      links: [
        { from: "share", to: "mid", weight: 1, polarity: "positive" },
        { from: "mid", to: "top", weight: 1, polarity: "positive" },
      ],
      objectives: [
        { code: "PARENT", parent: null, weight: 1 },
        { code: "CHILD", parent: "PARENT", weight: 1 },
      ],
      keyResults: [{ code: "K", objective: "CHILD", kind: "metric", kpi: "share", start: 0, target: 1, weight: 1 }],
      measurements: { input: { "2026-06": 5 } },
    });
    const change: ModelChange = { type: "measurements", measurements: [{ kpi: "input", period: "2026-06", value: 8 }] };
    expect(affectedNodes(model, change, AS_OF)).toEqual([
      "kpi:input",
      "kpi:share",
      "kpi:mid",
      "kpi:top",
      "kr:K",
      "objective:CHILD",
      "objective:PARENT",
    ]);
    const recomputation = expectIncrementalToEqualFull(model, change);
    expect(recomputation.results.get("kpi:top")?.node.health).toBe(0.8);
  });

  test("regression: a composite KPI's new health reaches the KPIs it drives in turn", () => {
    // A driver change used to stop one link after the changed KPI, leaving the second composite's driver health old.
    const model = createHealthModel({
      plan: { start: "2026-01-01", end: "2026-12-31" },
      kpis: [
        createKpiDefinition({ code: "a", target: 10 }),
        createKpiDefinition({ code: "b" }),
        createKpiDefinition({ code: "c", target: 1 }),
      ],
      links: [
        { from: "a", to: "b", weight: 1, polarity: "positive" },
        { from: "b", to: "c", weight: 1, polarity: "positive" },
      ],
      measurements: { a: { "2026-06": 5 }, c: { "2026-06": 1 } },
    });
    const change: ModelChange = { type: "measurements", measurements: [{ kpi: "a", period: "2026-06", value: 9 }] };
    const recomputation = expectIncrementalToEqualFull(model, change);
    expect(recomputation.results.get("kpi:c")?.node).toMatchObject({ driverHealth: 0.9, divergent: false });
  });

  test("without a date, a driver change is followed through every KPI that could be composite", () => {
    const model = buildExampleModel();
    const change: ModelChange = {
      type: "linkAdded",
      link: { from: "permits.median_days", to: "permits.issued", weight: 1, polarity: "positive" },
    };
    expect(affectedNodes(model, change)).toEqual(["kpi:permits.issued"]);
  });
});

describe("recomputeAffected for every kind of change", () => {
  const model = buildExampleModel();
  const changes: ModelChange[] = [
    { type: "measurements", measurements: [{ kpi: "permits.issued", period: "2026-06", value: 0 }] },
    { type: "measurements", measurements: [{ kpi: "permits.median_days", period: "2026-06", value: null }] },
    {
      type: "kpiUpdated",
      kpi: { ...(model.kpis[1] as (typeof model.kpis)[number]), lagDays: 90, direction: "decrease" },
    },
    { type: "kpiAdded", kpi: createKpiDefinition({ code: "permits.new", target: 3 }) },
    { type: "linkRemoved", from: "permits.reviewers_fte", to: "permits.median_days" },
    {
      type: "keyResultAdded",
      keyResult: { code: "O1.KR4", objective: "O1", kind: "milestone", progress: 0.1, weight: 4 },
    },
    { type: "keyResultRemoved", keyResult: "O1.KR1" },
    { type: "objectiveAdded", objective: { code: "O2", parent: "O1", weight: 2 } },
    { type: "agencyChanged", agency: { fiscalYearStartMonth: 1, thresholds: { onTrack: 0.8, atRisk: 0.6 } } },
    { type: "planChanged", plan: { start: "2026-06-01", end: "2027-05-31" } },
  ];

  test.each(changes.map((change) => [change.type, change] as const))("%s", (_, change) => {
    expectIncrementalToEqualFull(model, change);
  });

  test("removing a KPI a formula names leaves that formula with a missing input (docs/health.md)", () => {
    const recomputation = expectIncrementalToEqualFull(model, { type: "kpiRemoved", kpi: "permits.issued" });
    expect(recomputation.results.get("kpi:permits.cost_per_permit")?.node).toMatchObject({
      value: null,
      reason: "missing input",
    });
  });

  test("a change to an unknown code changes nothing and reaches nothing", () => {
    const change: ModelChange = { type: "kpiUpdated", kpi: createKpiDefinition({ code: "nowhere" }) };
    expect(affectedNodes(model, change, AS_OF)).toEqual([]);
    expectIncrementalToEqualFull(model, change);
  });
});

describe("applyChange", () => {
  const model = buildExampleModel();

  test("shares every list the change does not touch", () => {
    const after = applyChange(model, {
      type: "measurements",
      measurements: [{ kpi: "permits.issued", period: "2026-07", value: 1 }],
    });
    expect(after.kpis).toBe(model.kpis);
    expect(after.links).toBe(model.links);
    expect(after.measurements["permits.reviewers_fte"]).toBe(model.measurements["permits.reviewers_fte"]);
    expect(after.measurements["permits.issued"]).toEqual({ "2026-06": 120, "2026-07": 1 });
    expect(model.measurements["permits.issued"]).toEqual({ "2026-06": 120 });
  });

  test("removing a KPI removes its measurements and its links", () => {
    const after = applyChange(model, { type: "kpiRemoved", kpi: "permits.reviewers_fte" });
    expect(after.kpis.map((kpi) => kpi.code)).not.toContain("permits.reviewers_fte");
    expect(after.links).toEqual([]);
    expect(after.measurements["permits.reviewers_fte"]).toBeUndefined();
  });

  test("removing an objective moves its child objectives up to its parent (docs/health.md)", () => {
    const nested = createHealthModel({
      plan: model.plan,
      objectives: [
        { code: "A", parent: null, weight: 1 },
        { code: "B", parent: "A", weight: 1 },
        { code: "C", parent: "B", weight: 1 },
      ],
      keyResults: [{ code: "B.1", objective: "B", kind: "milestone", weight: 1 }],
    });
    const after = applyChange(nested, { type: "objectiveRemoved", objective: "B" });
    expect(after.objectives).toEqual([
      { code: "A", parent: null, weight: 1 },
      { code: "C", parent: "A", weight: 1 },
    ]);
    expect(after.keyResults).toEqual([]);
    expectIncrementalToEqualFull(nested, { type: "objectiveRemoved", objective: "B" });
  });
});

describe("explainNode", () => {
  const model = buildExampleModel();
  const full = recomputeAll(model, AS_OF);

  test.each<NodeId>(["kpi:permits.median_days", "kpi:permits.cost_per_permit", "kr:O1.KR1", "objective:O1"])(
    "%s: the same result as a full recompute, computing only what it depends on",
    (id) => {
      expect(explainNode(model, id, AS_OF)).toEqual(full.get(id));
    },
  );

  test("an unknown node has no explanation", () => {
    expect(explainNode(model, "kpi:nowhere", AS_OF)).toBeNull();
    expect(explainNode(model, "objective:nowhere", AS_OF)).toBeNull();
  });
});

describe("models the write path would refuse still compute without throwing", () => {
  test("a link cycle, a formula cycle, a parent cycle, duplicate codes and dangling references", () => {
    const model = createHealthModel({
      plan: { start: "2026-01-01", end: "2026-12-31" },
      kpis: [
        createKpiDefinition({ code: "a", target: 1, formula: "b + 1" }),
        createKpiDefinition({ code: "b", target: 1, formula: "a + 1" }),
        createKpiDefinition({ code: "c", target: 1 }),
        createKpiDefinition({ code: "c", target: 99 }),
        createKpiDefinition({ code: "d", target: 1, formula: "(((" }),
      ],
      links: [
        { from: "c", to: "d", weight: 1, polarity: "positive" },
        { from: "d", to: "c", weight: 1, polarity: "positive" },
        { from: "c", to: "ghost", weight: 1, polarity: "positive" },
      ],
      objectives: [
        { code: "X", parent: "Y", weight: 1 },
        { code: "Y", parent: "X", weight: 1 },
      ],
      keyResults: [{ code: "K", objective: "ghost", kind: "metric", kpi: "ghost", target: 1, weight: 1 }],
      measurements: { c: { "2026-06": 1 } },
    });
    const results = recomputeAll(model, AS_OF);
    expect(results.get("kpi:a")?.node).toMatchObject({ value: null, reason: "missing input" });
    expect(results.get("kpi:c")?.node).toMatchObject({ target: 1, health: 1 });
    expect(results.get("kpi:d")?.node).toMatchObject({ value: null, reason: "missing input" });
    expect(results.get("kr:K")?.node.status).toBe("NO_DATA");
    expect(results.get("objective:X")?.node.status).toBe("NO_DATA");
    // Four KPIs (the repeated code c counts once, with its first definition), one key result, two objectives.
    expect(results.size).toBe(7);
  });
});

describe("reordering siblings", () => {
  // Two milestones with the same progress tie for weakest: the first in order is named (spec/health.md).
  const model = createHealthModel({
    plan: { start: "2026-01-01", end: "2026-12-31" },
    objectives: [
      { code: "TOP", parent: null, weight: 1 },
      { code: "A", parent: "TOP", weight: 1 },
      { code: "B", parent: "TOP", weight: 1 },
    ],
    keyResults: [
      { code: "A.1", objective: "A", kind: "milestone", progress: 0.4, weight: 1 },
      { code: "A.2", objective: "A", kind: "milestone", progress: 0.4, weight: 1 },
      { code: "B.1", objective: "B", kind: "milestone", progress: 0.4, weight: 1 },
    ],
  });

  test("reordering an objective's key results changes its weakest child on a tie, and reaches it and its parents", () => {
    const change: ModelChange = { type: "keyResultsReordered", objective: "A", order: ["A.2", "A.1"] };
    expect(recomputeAll(model, AS_OF).get("objective:A")?.node).toMatchObject({ weakest: "A.1" });
    expect(affectedNodes(model, change, AS_OF)).toEqual(["objective:A", "objective:TOP"]);
    const recomputation = expectIncrementalToEqualFull(model, change);
    expect(recomputation.results.get("objective:A")?.node).toMatchObject({ weakest: "A.2" });
    expect(applyChange(model, change).keyResults.map((kr) => kr.code)).toEqual(["A.2", "A.1", "B.1"]);
  });

  test("reordering child objectives reaches their parent; reordering the top level reaches nothing", () => {
    const change: ModelChange = { type: "objectivesReordered", parent: "TOP", order: ["B", "A"] };
    expect(affectedNodes(model, change, AS_OF)).toEqual(["objective:TOP"]);
    expect(expectIncrementalToEqualFull(model, change).results.get("objective:TOP")?.node).toMatchObject({
      weakest: "B",
    });
    expect(affectedNodes(model, { type: "objectivesReordered", parent: null, order: ["TOP"] }, AS_OF)).toEqual([]);
  });

  test("an order that changes nothing gives back the same model lists", () => {
    const change: ModelChange = { type: "keyResultsReordered", objective: "A", order: ["A.1", "A.2"] };
    expect(applyChange(model, change).keyResults).toBe(model.keyResults);
  });
});
