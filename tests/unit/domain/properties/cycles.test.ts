// Property (3): a link or a formula that closes a cycle is always refused, and the cycle the refusal names is a real
// cycle of the graph with the new edge — checked against reachability computed here independently.

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  createHealthModel,
  createKpiDefinition,
  listFormulaReferences,
  validateFormula,
  validateLink,
  type HealthModel,
} from "@/lib/domain";

const PLAN = { start: "2026-01-01", end: "2026-12-31" };

/** All-pairs reachability by repeated relaxation (Floyd–Warshall), independent of the engine's graph code. */
function computeReachability(count: number, edges: readonly (readonly [number, number])[]): boolean[][] {
  const reach = Array.from({ length: count }, () => new Array<boolean>(count).fill(false));
  for (const [a, b] of edges) (reach[a] as boolean[])[b] = true;
  for (let k = 0; k < count; k++)
    for (let i = 0; i < count; i++)
      for (let j = 0; j < count; j++) if (reach[i]?.[k] && reach[k]?.[j]) (reach[i] as boolean[])[j] = true;
  return reach;
}

const graphScenario = fc
  .integer({ min: 1, max: 8 })
  .chain((count) =>
    fc.record({
      count: fc.constant(count),
      edges: fc.array(fc.tuple(fc.nat({ max: count - 1 }), fc.nat({ max: count - 1 })), { maxLength: count * 3 }),
      from: fc.nat({ max: count - 1 }),
      to: fc.nat({ max: count - 1 }),
      // A random order of the KPIs: edges run forwards in it, so the existing graph is acyclic but not sorted.
      order: fc.shuffledSubarray(
        Array.from({ length: count }, (_, i) => i),
        { minLength: count, maxLength: count },
      ),
    }),
  )
  .map(({ count, edges, from, to, order }) => {
    const position = new Map(order.map((node, i) => [node, i] as const));
    const acyclic = edges
      .filter(([a, b]) => a !== b)
      .map(([a, b]) =>
        (position.get(a) as number) < (position.get(b) as number) ? ([a, b] as const) : ([b, a] as const),
      );
    return { count, edges: [...new Map(acyclic.map((edge) => [`${edge[0]}>${edge[1]}`, edge])).values()], from, to };
  });

describe("cycles", () => {
  test("a link that closes a cycle is always refused, naming a real cycle (1,000 random graphs)", () => {
    fc.assert(
      fc.property(graphScenario, ({ count, edges, from, to }) => {
        const model: HealthModel = createHealthModel({
          plan: PLAN,
          kpis: Array.from({ length: count }, (_, i) => createKpiDefinition({ code: `k${i}`, ipo: "process" })),
          links: edges.map(([a, b]) => ({ from: `k${a}`, to: `k${b}`, weight: 1, polarity: "positive" as const })),
        });
        const reach = computeReachability(count, edges);
        const isClosing = from === to || reach[to]?.[from] === true;
        const result = validateLink(model, { from: `k${from}`, to: `k${to}`, weight: 1, polarity: "positive" });
        const cycleProblem = result.ok ? undefined : result.problems.find((problem) => problem.code === "LINK_CYCLE");
        expect(cycleProblem !== undefined).toBe(isClosing);
        if (cycleProblem === undefined) return;
        const cycle = cycleProblem.cycle ?? [];
        expect(cycle[0]).toBe(`k${from}`);
        expect(cycle[1]).toBe(`k${to}`);
        expect(cycle[cycle.length - 1]).toBe(`k${from}`);
        const existing = new Set(edges.map(([a, b]) => `k${a}>k${b}`));
        for (let i = 1; i + 1 < cycle.length; i++) expect(existing.has(`${cycle[i]}>${cycle[i + 1]}`)).toBe(true);
        for (const code of cycle) expect(cycleProblem.message).toContain(code);
      }),
      { numRuns: 1000 },
    );
  });

  test("a formula that closes a cycle is always refused, naming a real cycle (1,000 random graphs)", () => {
    fc.assert(
      fc.property(
        graphScenario,
        fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
        ({ count, edges, from }, picks) => {
          // Edge [a, b] means "a's formula names b". The new formula is for `from` and names the picked KPIs.
          const names = new Map<number, number[]>();
          for (const [a, b] of edges) names.set(a, [...(names.get(a) ?? []), b]);
          const model: HealthModel = createHealthModel({
            plan: PLAN,
            kpis: Array.from({ length: count }, (_, i) =>
              createKpiDefinition({
                code: `k${i}`,
                formula: names.has(i) ? (names.get(i) as number[]).map((b) => `k${b}`).join(" + ") : null,
              }),
            ),
          });
          const named = [...new Set(picks.map((pick) => pick % count))];
          const expression = named.map((b) => `k${b}`).join(" * ");
          const withoutOld = edges.filter(([a]) => a !== from);
          const reach = computeReachability(count, withoutOld);
          const isSelf = named.includes(from);
          const isClosing = isSelf || named.some((b) => reach[b]?.[from] === true);
          const result = validateFormula(model, `k${from}`, expression);
          const problem = result.ok
            ? undefined
            : result.problems.find((p) => p.code === "FORMULA_CYCLE" || p.code === "FORMULA_SELF_REFERENCE");
          expect(problem !== undefined).toBe(isClosing);
          if (problem === undefined) return;
          const cycle = problem.cycle ?? [];
          expect(cycle[0]).toBe(`k${from}`);
          expect(cycle[cycle.length - 1]).toBe(`k${from}`);
          // Each code on the cycle names the next: the new formula for the first, the stored formulas after.
          expect(listFormulaReferences(expression)).toContain(cycle[1]);
          for (let i = 1; i + 1 < cycle.length; i++) {
            const kpi = model.kpis.find((k) => k.code === cycle[i]);
            expect(listFormulaReferences(kpi?.formula ?? "")).toContain(cycle[i + 1]);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
