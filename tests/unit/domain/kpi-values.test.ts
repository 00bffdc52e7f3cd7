// computeKpiValues: the series a KPI's chart, table and CSV show, from the same code the health rules use.

import { describe, expect, test } from "vitest";
import {
  computeKpiValues,
  createHealthModel,
  createKpiDefinition,
  DEFAULT_THRESHOLDS,
  recomputeAll,
} from "@/lib/domain";

const model = createHealthModel({
  agency: { fiscalYearStartMonth: 7, thresholds: DEFAULT_THRESHOLDS },
  plan: { start: "2026-01-01", end: "2026-12-31" },
  kpis: [
    createKpiDefinition({ code: "cost", frequency: "monthly", aggregation: "sum" }),
    createKpiDefinition({ code: "permits", frequency: "monthly", aggregation: "sum" }),
    createKpiDefinition({ code: "cost_per_permit", frequency: "quarterly", formula: "cost / permits" }),
    createKpiDefinition({ code: "per_month", frequency: "monthly", formula: "cost / permits" }),
  ],
  measurements: {
    cost: { "2026-04": 100, "2026-05": 200, "2026-06": 300, "2026-07": 90, "2026-08": 80 },
    permits: { "2026-04": 1, "2026-05": 2, "2026-06": 3, "2026-07": 0, "2026-08": 4, "2026-09": 5 },
  },
});

describe("computeKpiValues", () => {
  test("a measured KPI: its values of the periods started by the date, oldest first", () => {
    expect(computeKpiValues(model, "permits", "2026-08-15")).toEqual([
      { period: "2026-04", value: 1 },
      { period: "2026-05", value: 2 },
      { period: "2026-06", value: 3 },
      { period: "2026-07", value: 0 },
      { period: "2026-08", value: 4 },
    ]);
  });

  test("a formula KPI: the formula period by period, leaving out periods it cannot compute", () => {
    // July divides by zero and September has no cost: neither has a value.
    expect(computeKpiValues(model, "per_month", "2026-09-30")).toEqual([
      { period: "2026-04", value: 100 },
      { period: "2026-05", value: 100 },
      { period: "2026-06", value: 100 },
      { period: "2026-08", value: 20 },
    ]);
  });

  test("a coarser formula aggregates its finer inputs by their own rules (fiscal quarters from July)", () => {
    // FY2026 Q4 is April–June 2026: 600 / 6. FY2027 Q1 (July–September) has started: 170 / 9.
    expect(computeKpiValues(model, "cost_per_permit", "2026-09-30")).toEqual([
      { period: "2026-Q4", value: 100 },
      { period: "2027-Q1", value: 170 / 9 },
    ]);
  });

  test("agrees with the value the health rules report", () => {
    const health = recomputeAll(model, "2026-08-31").get("kpi:per_month");
    const values = computeKpiValues(model, "per_month", "2026-08-31");
    expect(health?.node).toMatchObject({ period: values.at(-1)?.period, value: values.at(-1)?.value });
  });

  test("an unknown code has no values", () => {
    expect(computeKpiValues(model, "nope", "2026-08-31")).toEqual([]);
  });
});
