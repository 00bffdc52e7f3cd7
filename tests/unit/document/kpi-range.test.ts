// spec/drivertree-format.md: a KPI may give `min` and/or `max` (its valid range, inclusive; default none); an import
// whose measurements or targets fall outside it is refused, every problem at its JSON path.

import { describe, expect, test } from "vitest";
import { checkDocument, type DocumentCheck } from "@/lib/document/check-document";
import { toHealthModel } from "@/tests/support/document-model";
import type { DriverTreeDocument } from "@/lib/document/types";
import { documentKpiSchema } from "@/lib/validation/document";
import { exampleDocument, kpi } from "./support/documents";

function problemsOf(result: DocumentCheck) {
  return result.ok ? [] : result.problems;
}

/** The example with permits.issued (kpis[3]) a percentage: 0 to 100, its measurement of 2026-06 inside. */
function rangedDocument(mutate: (document: DriverTreeDocument) => void = () => {}): DriverTreeDocument {
  const document = exampleDocument();
  document.kpis[3] = kpi("permits.issued", { ipo: "process", direction: "increase", target: 90, min: 0, max: 100 });
  document.measurements = [...(document.measurements ?? [])].map((measurement) =>
    measurement.kpi === "permits.issued" ? { ...measurement, value: 95 } : measurement,
  );
  mutate(document);
  return document;
}

describe("the document's min and max", () => {
  test("default to none, and are kept when given", () => {
    expect(documentKpiSchema.parse(kpi("k"))).toMatchObject({ min: null, max: null });
    const result = checkDocument(rangedDocument());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.kpis[3]).toMatchObject({ code: "permits.issued", min: 0, max: 100 });
    expect(toHealthModel(rangedDocument()).kpis[3]).toMatchObject({ min: 0, max: 100 });
  });

  test("a lone bound is a range too", () => {
    const result = checkDocument(rangedDocument((d) => (d.kpis[3] = kpi("permits.issued", { target: 90, min: 0 }))));
    expect(result.ok).toBe(true);
  });

  test.each([
    [
      "a measurement above the maximum",
      (d: DriverTreeDocument) => d.measurements!.push({ kpi: "permits.issued", period: "2026-07", value: 12345 }),
      [{ path: "measurements[5].value", message: "12345 is outside the valid range of permits.issued (0 to 100)." }],
    ],
    [
      "a measurement below the minimum",
      (d: DriverTreeDocument) => d.measurements!.push({ kpi: "permits.issued", period: "2026-07", value: -1 }),
      [{ path: "measurements[5].value", message: "-1 is outside the valid range of permits.issued (0 to 100)." }],
    ],
    [
      "min above max",
      (d: DriverTreeDocument) => Object.assign(d.kpis[3]!, { min: 100, max: 0 }),
      [{ path: "kpis[3].max", message: "The maximum (0) cannot be below the minimum (100)." }],
    ],
    [
      "a default target outside",
      (d: DriverTreeDocument) => Object.assign(d.kpis[3]!, { target: 120 }),
      [
        {
          path: "kpis[3].target",
          message: "The target (120) is outside the valid range of permits.issued (0 to 100).",
        },
      ],
    ],
    [
      "a per-period target and a baseline outside",
      (d: DriverTreeDocument) => Object.assign(d.kpis[3]!, { baseline: -3, targets: { "2026-06": 101 } }),
      [
        {
          path: "kpis[3].baseline",
          message: "The baseline (-3) is outside the valid range of permits.issued (0 to 100).",
        },
        {
          path: "kpis[3].targets.2026-06",
          message: "The target for 2026-06 (101) is outside the valid range of permits.issued (0 to 100).",
        },
      ],
    ],
    [
      "a key result's target outside the range of the KPI it tracks",
      (d: DriverTreeDocument) =>
        d.objectives[0]!.keyResults!.push({
          code: "O1.KR4",
          title: "Issue more permits",
          kind: "metric",
          kpi: "permits.issued",
          start: 10,
          target: 120,
        }),
      [
        {
          path: "objectives[0].keyResults[3].target",
          message: "The target (120) is outside the valid range of permits.issued (0 to 100).",
        },
      ],
    ],
    [
      "a key result's start outside the range of the KPI it tracks",
      (d: DriverTreeDocument) =>
        d.objectives[0]!.keyResults!.push({
          code: "O1.KR4",
          title: "Issue more permits",
          kind: "metric",
          kpi: "permits.issued",
          start: -1,
          target: 80,
        }),
      [
        {
          path: "objectives[0].keyResults[3].start",
          message: "The start value (-1) is outside the valid range of permits.issued (0 to 100).",
        },
      ],
    ],
    [
      "a bound that is not a number",
      (d: DriverTreeDocument) => Object.assign(d.kpis[3]!, { max: "100" }),
      [{ path: "kpis[3].max", message: expect.stringMatching(/number/) }],
    ],
  ])("%s is refused at its path", (_, mutate, expected) => {
    expect(problemsOf(checkDocument(rangedDocument(mutate)))).toEqual(expected);
  });
});
