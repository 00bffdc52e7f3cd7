// Property (1): after a random change to a random model, the incremental recompute equals a full recompute —
// every node's result and explanation — and touches exactly the nodes affectedNodes names, in that order.

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  affectedNodes,
  applyChange,
  mergeRecomputation,
  recomputeAffected,
  recomputeAll,
  type HealthModel,
  type ModelChange,
} from "@/lib/domain";
import { arbitraryAsOf, arbitraryChange, arbitraryModel } from "../support/random-model";

const scenario = arbitraryModel().chain((model) =>
  fc.record({
    model: fc.constant(model),
    change: arbitraryChange(model),
    asOf: arbitraryAsOf,
    // Half the runs reuse the full recompute's cached values (same model object), half start cold.
    isWarm: fc.boolean(),
  }),
);

function checkIncrementalEqualsFull(model: HealthModel, change: ModelChange, asOf: string, isWarm: boolean) {
  const previous = recomputeAll(model, asOf);
  const subject: HealthModel = isWarm ? model : { ...model };
  const recomputation = recomputeAffected(subject, previous, change, asOf);
  const expected = recomputeAll(applyChange(model, change), asOf);
  expect(mergeRecomputation(previous, recomputation)).toEqual(expected);
  expect([...recomputation.results.keys()]).toEqual(affectedNodes(model, change, asOf));
  for (const id of recomputation.removed) expect(expected.has(id)).toBe(false);
}

describe("incremental recompute", () => {
  test("equals a full recompute after any change (1,000 random models and changes)", () => {
    fc.assert(
      fc.property(scenario, ({ model, change, asOf, isWarm }) =>
        checkIncrementalEqualsFull(model, change, asOf, isWarm),
      ),
      { numRuns: 1000 },
    );
  });

  test("without a date, affectedNodes is a superset of the nodes reached on any date", () => {
    fc.assert(
      fc.property(scenario, ({ model, change, asOf }) => {
        const dated = affectedNodes(model, change, asOf);
        const undated = new Set(affectedNodes(model, change));
        for (const id of dated) expect(undated.has(id)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
