// Weighted means are computed exactly on the numbers as shown and rounded once (docs/health.md).

import { describe, expect, test } from "vitest";
import { computeExactRatio, computeWeightedMean } from "@/lib/domain";

describe("weighted means", () => {
  test("regression: (2 × 0.8 + 1 + 0.8) / 4 is 0.85, not the 0.8500000000000001 of plain floating point", () => {
    expect((2 * 0.8 + 1 * 1 + 1 * 0.8) / 4).toBe(0.8500000000000001);
    expect(
      computeWeightedMean([
        { weight: 2, value: 0.8 },
        { weight: 1, value: 1 },
        { weight: 1, value: 0.8 },
      ]),
    ).toBe(0.85);
  });

  test("regression: (2 × 0.4 + 0.4 + 0.3) / 4 is 0.375", () => {
    expect(
      computeWeightedMean([
        { weight: 2, value: 0.4 },
        { weight: 1, value: 0.4 },
        { weight: 1, value: 0.3 },
      ]),
    ).toBe(0.375);
  });

  test.each([
    [[{ weight: 1, value: 10 / 12 }], 0.8333333333333334],
    [
      [
        { weight: 3, value: 0.1 },
        { weight: 1, value: 0.2 },
      ],
      0.125,
    ],
    [
      [
        { weight: 0.5, value: 1 },
        { weight: 1.5, value: 0 },
      ],
      0.25,
    ],
    [
      [
        { weight: 1, value: 1 / 3 },
        { weight: 2, value: 1 / 3 },
      ],
      1 / 3,
    ],
    [
      [
        { weight: 1, value: 0.1 },
        { weight: 1, value: 0.2 },
      ],
      0.15,
    ],
    [
      [
        { weight: 1, value: -0.5 },
        { weight: 1, value: 0.25 },
      ],
      -0.125,
    ],
    [
      [
        { weight: 1e-7, value: 1 },
        { weight: 1e-7, value: 0 },
      ],
      0.5,
    ],
  ])("%j → %s", (terms, expected) => {
    expect(computeWeightedMean(terms)).toBe(expected);
  });

  test("the order of the terms does not matter", () => {
    const terms = [
      { weight: 1, value: 0.7 },
      { weight: 2, value: 0.1 },
      { weight: 3, value: 0.9999999999999999 },
      { weight: 0.5, value: 1e-10 },
    ];
    const forwards = computeWeightedMean(terms);
    expect(computeWeightedMean([...terms].reverse())).toBe(forwards);
    expect(forwards).toBeCloseTo((0.7 + 0.2 + 3 * 0.9999999999999999 + 0.5e-10) / 6.5, 15);
  });

  test("no terms, or weights summing to 0, give no mean", () => {
    expect(computeWeightedMean([])).toBeNull();
    expect(computeExactRatio([], [])).toBeNull();
  });

  test("an exact ratio of sums", () => {
    expect(computeExactRatio([2, 1], [2, 1, 1])).toBe(0.75);
    expect(computeExactRatio([0.1, 0.2], [0.3])).toBe(1);
  });
});
