// Directed graphs and the driver graph: topological order, cycles, ancestors and descendants.

import { describe, expect, test } from "vitest";
import {
  collectKpisReachedByKeyResults,
  collectReachable,
  createHealthModel,
  createKpiDefinition,
  buildKeyedGraph,
  findCycleClosedBy,
  findCycles,
  findKeyedCycles,
  findStronglyConnectedComponents,
  findPath,
  getDriverAncestors,
  getDriverDescendants,
  listDownstreamNodes,
  listUpstreamNodes,
  sortKpisByDrivers,
  sortTopologically,
} from "@/lib/domain";
import { buildExampleModel } from "./support/example-model";

describe("graphs", () => {
  test("topological order puts every node after its predecessors, lowest number first among ready ones", () => {
    expect(sortTopologically([[2], [0], [], [1]])).toEqual({ ok: true, order: [3, 1, 0, 2] });
    expect(sortTopologically([[], [], []])).toEqual({ ok: true, order: [0, 1, 2] });
  });

  test("a cycle is reported as a closed walk", () => {
    const sorted = sortTopologically([[1], [2], [0], [0]]);
    expect(sorted).toEqual({ ok: false, cycle: [0, 1, 2, 0] });
  });

  test("paths, reachability and the cycle an edge would close", () => {
    const successors = [[1, 2], [3], [3], []];
    expect(findPath(successors, 0, 3)).toEqual([0, 1, 3]);
    expect(findPath(successors, 3, 0)).toBeNull();
    expect(collectReachable(successors, 0).sort()).toEqual([1, 2, 3]);
    expect(findCycleClosedBy(successors, 3, 0)).toEqual([3, 0, 1, 3]);
    expect(findCycleClosedBy(successors, 0, 3)).toBeNull();
  });

  test("a deep chain of 10,000 nodes sorts without recursion", () => {
    const successors = Array.from({ length: 10_000 }, (_, i) => (i + 1 < 10_000 ? [i + 1] : []));
    const sorted = sortTopologically(successors);
    expect(sorted.ok && sorted.order[9_999]).toBe(9_999);
  });
});

describe("components and cycles in one walk", () => {
  test.each([
    { name: "no edges", successors: [[], [], []], components: [[0], [1], [2]], cycles: [] },
    { name: "a chain", successors: [[1], [2], []], components: [[2], [1], [0]], cycles: [] },
    { name: "a self-loop", successors: [[0], []], components: [[0], [1]], cycles: [[0, 0]] },
    { name: "a two-cycle", successors: [[1], [0]], components: [[1, 0]], cycles: [[0, 1, 0]] },
    {
      name: "two cycles sharing a node",
      successors: [[1, 2], [0], [0]],
      components: [[2, 1, 0]],
      cycles: [
        [0, 1, 0],
        [0, 2, 0],
      ],
    },
    {
      name: "a cycle reached from outside it",
      successors: [[1], [2], [3], [1]],
      components: [[3, 2, 1], [0]],
      cycles: [[1, 2, 3, 1]],
    },
  ])("$name", ({ successors, components, cycles }) => {
    expect(findStronglyConnectedComponents(successors)).toEqual(components);
    expect(findCycles(successors)).toEqual(cycles);
  });

  test("keyed cycles start at the key listed first", () => {
    const graph = buildKeyedGraph(
      ["a", "b", "c", "d"],
      [
        ["c", "b"],
        ["b", "c"],
        ["d", "d"],
      ],
    );
    expect(findKeyedCycles(graph)).toEqual([
      ["b", "c", "b"],
      ["d", "d"],
    ]);
  });

  test("10,000 two-cycles and a 100,000-node chain closed into one cycle, without recursion", () => {
    const pairs = Array.from({ length: 20_000 }, (_, i) => [i % 2 === 0 ? i + 1 : i - 1]);
    expect(findCycles(pairs)).toHaveLength(10_000);
    expect(findStronglyConnectedComponents(pairs)).toHaveLength(10_000);
    const ring = Array.from({ length: 100_000 }, (_, i) => [(i + 1) % 100_000]);
    expect(findCycles(ring).map((cycle) => cycle.length)).toEqual([100_001]);
    expect(findStronglyConnectedComponents(ring)).toHaveLength(1);
  });
});

describe("the driver graph of a model", () => {
  const model = createHealthModel({
    plan: { start: "2026-01-01", end: "2026-12-31" },
    kpis: ["d", "c", "b", "a"].map((code) => createKpiDefinition({ code })),
    links: [
      { from: "a", to: "b", weight: 1, polarity: "positive" },
      { from: "b", to: "c", weight: 1, polarity: "positive" },
      { from: "a", to: "d", weight: 1, polarity: "negative" },
    ],
  });

  test("drivers come before the KPIs they drive", () => {
    expect(sortKpisByDrivers(model)).toEqual({ ok: true, order: ["a", "d", "b", "c"] });
  });

  test("ancestors and descendants follow links transitively", () => {
    expect(getDriverAncestors(model, "c").sort()).toEqual(["a", "b"]);
    expect(getDriverDescendants(model, "a").sort()).toEqual(["b", "c", "d"]);
    expect(getDriverDescendants(model, "c")).toEqual([]);
  });

  test("regression: a cycle in stored links is named", () => {
    // A KPI outside the cycle but driven from it (d) used to make the reported cycle empty.
    const cyclic = {
      ...model,
      links: [...model.links, { from: "c", to: "a", weight: 1, polarity: "positive" as const }],
    };
    expect(sortKpisByDrivers(cyclic)).toEqual({ ok: false, cycle: ["c", "a", "b", "c"] });
  });
});

describe("upstream and downstream nodes of the example document", () => {
  const model = buildExampleModel();

  test("an objective is computed from its key results and, through them, their KPIs and those KPIs' drivers", () => {
    expect(listUpstreamNodes(model, "objective:O1")).toEqual([
      "kr:O1.KR1",
      "kr:O1.KR2",
      "kr:O1.KR3",
      "kpi:permits.median_days",
      "kpi:permits.reviewers_fte",
    ]);
  });

  test("a formula KPI is computed from the KPIs it names", () => {
    expect(listUpstreamNodes(model, "kpi:permits.cost_per_permit")).toEqual([
      "kpi:finance.permits_cost",
      "kpi:permits.issued",
    ]);
  });

  test("an input feeds what it drives, the key results above that and their objective", () => {
    expect(listDownstreamNodes(model, "kpi:permits.reviewers_fte")).toEqual([
      "kpi:permits.median_days",
      "kr:O1.KR1",
      "objective:O1",
    ]);
  });
});

describe("the KPIs key results reach", () => {
  const links = [
    { from: "a", to: "b" },
    { from: "b", to: "c" },
    { from: "d", to: "c" },
    { from: "e", to: "f" },
    // A cycle the write path would refuse does not loop.
    { from: "c", to: "a" },
  ];
  test.each([
    { tracked: [], reached: [] },
    { tracked: ["c"], reached: ["a", "b", "c", "d"] },
    { tracked: ["b"], reached: ["a", "b", "c", "d"] },
    { tracked: ["f"], reached: ["e", "f"] },
    // Reach runs from a KPI to its drivers, never to the KPIs it drives.
    { tracked: ["e"], reached: ["e"] },
    { tracked: ["x"], reached: ["x"] },
  ])("key results tracking $tracked reach $reached", ({ tracked, reached }) => {
    expect([...collectKpisReachedByKeyResults(tracked, links)].sort()).toEqual(reached);
  });
});
