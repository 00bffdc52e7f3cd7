// Property: Tarjan's strongly connected components (lib/domain/graph.ts) equal the components read off all-pairs
// reachability computed here independently, and the cycles the same walk reports are real cycles that, their last
// edges removed, leave the graph acyclic — on random small graphs with self-loops and repeated edges.

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { findCycles, findStronglyConnectedComponents, sortTopologically } from "@/lib/domain";

/** All-pairs reachability by repeated relaxation (Floyd–Warshall), independent of the engine's graph code. */
function computeReachability(successors: readonly (readonly number[])[]): boolean[][] {
  const count = successors.length;
  const reach = Array.from({ length: count }, (_, i) => Array.from({ length: count }, (_, j) => i === j));
  successors.forEach((targets, node) => {
    for (const target of targets) (reach[node] as boolean[])[target] = true;
  });
  for (let k = 0; k < count; k++)
    for (let i = 0; i < count; i++)
      for (let j = 0; j < count; j++) if (reach[i]?.[k] && reach[k]?.[j]) (reach[i] as boolean[])[j] = true;
  return reach;
}

/** Components as sorted lists, sorted: the same partition compares equal whatever order it was found in. */
const canonical = (components: readonly (readonly number[])[]) =>
  components
    .map((component) => [...component].sort((a, b) => a - b))
    .sort((a, b) => (a[0] as number) - (b[0] as number));

function naiveComponents(successors: readonly (readonly number[])[]): number[][] {
  const reach = computeReachability(successors);
  const placed = new Set<number>();
  const components: number[][] = [];
  for (let node = 0; node < successors.length; node++) {
    if (placed.has(node)) continue;
    const component = [];
    for (let other = 0; other < successors.length; other++) {
      if (reach[node]?.[other] && reach[other]?.[node]) {
        component.push(other);
        placed.add(other);
      }
    }
    components.push(component);
  }
  return components;
}

const graph = fc
  .integer({ min: 0, max: 9 })
  .chain((count) =>
    count === 0
      ? fc.constant([] as number[][])
      : fc.array(fc.array(fc.nat({ max: count - 1 }), { maxLength: 3 }), { minLength: count, maxLength: count }),
  );

/** Each node has at most one successor: a tree of parents, possibly with cycles. */
const parents = fc
  .integer({ min: 1, max: 12 })
  .chain((count) =>
    fc.array(fc.option(fc.nat({ max: count - 1 }), { nil: null }), { minLength: count, maxLength: count }),
  )
  .map((parentOf) => parentOf.map((parent) => (parent === null ? [] : [parent])));

describe("strongly connected components", () => {
  test("equal the components of mutual reachability (1,000 random graphs)", () => {
    fc.assert(
      fc.property(graph, (successors) => {
        expect(canonical(findStronglyConnectedComponents(successors))).toEqual(canonical(naiveComponents(successors)));
      }),
      { numRuns: 1000 },
    );
  });

  test("each come before the components that reach them (1,000 random graphs)", () => {
    fc.assert(
      fc.property(graph, (successors) => {
        const componentOf = new Map<number, number>();
        findStronglyConnectedComponents(successors).forEach((component, index) => {
          for (const node of component) componentOf.set(node, index);
        });
        successors.forEach((targets, node) => {
          for (const target of targets)
            expect(componentOf.get(target) as number).toBeLessThanOrEqual(componentOf.get(node) as number);
        });
      }),
      { numRuns: 1000 },
    );
  });
});

describe("cycles", () => {
  test("are real cycles, and without their last edges the graph is acyclic (1,000 random graphs)", () => {
    fc.assert(
      fc.property(graph, (successors) => {
        const cycles = findCycles(successors);
        const edges = successors.map((targets) => [...targets]);
        for (const cycle of cycles) {
          expect(cycle[0]).toBe(cycle[cycle.length - 1]);
          for (let i = 0; i + 1 < cycle.length; i++)
            expect(successors[cycle[i] as number]).toContain(cycle[i + 1] as number);
          const from = cycle[cycle.length - 2] as number;
          const to = cycle[cycle.length - 1] as number;
          edges[from] = (edges[from] as number[]).filter((target) => target !== to);
        }
        expect(sortTopologically(edges).ok).toBe(true);
        expect(cycles.length === 0).toBe(sortTopologically(successors).ok);
      }),
      { numRuns: 1000 },
    );
  });

  test("in a tree of parents, are exactly its cycles: one per component that is a cycle (1,000 random graphs)", () => {
    fc.assert(
      fc.property(parents, (successors) => {
        const cyclic = naiveComponents(successors).filter(
          (component) => component.length > 1 || successors[component[0] as number]?.includes(component[0] as number),
        );
        const cycles = findCycles(successors);
        expect(canonical(cycles.map((cycle) => cycle.slice(0, -1)))).toEqual(canonical(cyclic));
      }),
      { numRuns: 1000 },
    );
  });
});
