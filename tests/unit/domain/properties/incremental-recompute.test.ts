// Property (1): after a random change to a random model, the incremental recompute equals a full recompute —
// every node's result and explanation — and touches exactly the nodes affectedNodes names, in that order.

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  affectedNodes,
  compareModels,
  recomputeDifference,
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

// Property (1) for many changes at once (an import, a starter template): the model before and the model after are
// compared, and recomputing what the comparison names — reading no previous result but those it lists — equals a
// full recompute of the model after.
function arbitraryChanges(
  model: HealthModel,
  count: number,
): fc.Arbitrary<{ changes: ModelChange[]; after: HealthModel }> {
  // The change generator picks among the model's KPIs: a batch ends early once its changes removed them all.
  if (count === 0 || model.kpis.length === 0) return fc.constant({ changes: [], after: model });
  return arbitraryChange(model).chain((change) =>
    arbitraryChanges(applyChange(model, change), count - 1).map(({ changes, after }) => ({
      changes: [change, ...changes],
      after,
    })),
  );
}

const batchScenario = arbitraryModel().chain((model) =>
  fc.record({
    model: fc.constant(model),
    batch: fc.integer({ min: 0, max: 5 }).chain((count) => arbitraryChanges(model, count)),
    asOf: arbitraryAsOf,
  }),
);

describe("recomputing the difference between two models", () => {
  test("equals a full recompute of the model after, reading only the results it names (500 random batches)", () => {
    fc.assert(
      fc.property(batchScenario, ({ model, batch, asOf }) => {
        const previous = recomputeAll(model, asOf);
        const difference = compareModels(model, batch.after, asOf);
        const reads = new Map([...previous].filter(([id]) => difference.reads.includes(id)));
        const recomputation = recomputeDifference(difference, reads);
        const expected = recomputeAll(batch.after, asOf);
        expect(mergeRecomputation(previous, recomputation)).toEqual(expected);
        expect([...recomputation.results.keys()]).toEqual(difference.nodes);
        for (const id of difference.removed) expect(expected.has(id)).toBe(false);
      }),
      { numRuns: 500 },
    );
    // A batch is up to five changes, each on a model of up to 7 KPIs: slower than one change on a shared machine.
  }, 60_000);

  test("names nothing when the models are equal", () => {
    fc.assert(
      fc.property(arbitraryModel(), arbitraryAsOf, (model, asOf) => {
        const difference = compareModels(model, structuredClone(model), asOf);
        expect(difference.nodes).toEqual([]);
        expect(difference.removed).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
