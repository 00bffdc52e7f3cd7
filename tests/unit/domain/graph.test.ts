// Directed graphs: topological order, cycles, paths, and the KPIs key results reach through driver links.

import { describe, expect, test } from "vitest";
import {
  collectKpisReachedByKeyResults,
  buildKeyedGraph,
  findCycleClosedBy,
  findCycles,
  findKeyedCycles,
  findStronglyConnectedComponents,
  findPath,
  sortTopologically,
} from "@/lib/domain";

describe("graphs", () => {
  test("topological order puts every node after its predecessors, lowest number first among ready ones", () => {
    expect(sortTopologically([[2], [0], [], [1]])).toEqual({ ok: true, order: [3, 1, 0, 2] });
    expect(sortTopologically([[], [], []])).toEqual({ ok: true, order: [0, 1, 2] });
  });

  test("a cycle is reported as a closed walk", () => {
    const sorted = sortTopologically([[1], [2], [0], [0]]);
    expect(sorted).toEqual({ ok: false, cycle: [0, 1, 2, 0] });
  });

  test("paths and the cycle an edge would close", () => {
    const successors = [[1, 2], [3], [3], []];
    expect(findPath(successors, 0, 3)).toEqual([0, 1, 3]);
    expect(findPath(successors, 3, 0)).toBeNull();
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

describe("the driver links of a model, as numbered nodes", () => {
  test("regression: a cycle in stored links is named", () => {
    // A KPI outside the cycle but driven from it (d) used to make the reported cycle empty. The KPIs d, c, b, a are
    // nodes 0 to 3; the links a → b, b → c, a → d and c → a close the cycle c, a, b.
    expect(sortTopologically([[], [3], [1], [2, 0]])).toEqual({ ok: false, cycle: [1, 3, 2, 1] });
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
