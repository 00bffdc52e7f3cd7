import { describe, expect, test } from "vitest";
import { listTargetPeriods } from "@/components/kpi-form/target-periods";

describe("listTargetPeriods", () => {
  test("a quarterly KPI of a July fiscal year: the plan's quarters in fiscal terms", () => {
    const periods = listTargetPeriods("quarterly", 7, { start: "2026-07-01", end: "2027-06-30" }, "2026-12-03");
    expect(periods).toEqual([
      { value: "2027-Q1", label: "FY2027 Q1 (Jul–Sep 2026)" },
      { value: "2027-Q2", label: "FY2027 Q2 (Oct–Dec 2026)" },
      { value: "2027-Q3", label: "FY2027 Q3 (Jan–Mar 2027)" },
      { value: "2027-Q4", label: "FY2027 Q4 (Apr–Jun 2027)" },
    ]);
  });

  test("periods that have a target already are left out", () => {
    const periods = listTargetPeriods("monthly", 1, { start: "2026-01-01", end: "2026-03-31" }, "2026-02-01", [
      "2026-02",
    ]);
    expect(periods.map((period) => period.value)).toEqual(["2026-01", "2026-03"]);
    expect(periods[0]?.label).toBe("January 2026");
  });

  test("without a plan: the year before today to the year after", () => {
    const periods = listTargetPeriods("annual", 10, null, "2026-12-03");
    expect(periods.map((period) => period.value)).toEqual(["2026", "2027", "2028"]);
    expect(periods[1]?.label).toBe("FY2027 (Oct 2026 – Sep 2027)");
  });
});

describe("listTargetPeriods without a plan", () => {
  // Regression: the span was today ± one calendar year, so a quarterly KPI's picker started and ended in the middle
  // of a fiscal year, and on 29 February it asked for 29 February of a year without one (which throws).
  test("a quarterly KPI: the twelve quarters of the fiscal years before, of and after today", () => {
    const periods = listTargetPeriods("quarterly", 7, null, "2026-12-03");
    expect(periods).toHaveLength(12);
    expect(periods[0]).toEqual({ value: "2026-Q1", label: "FY2026 Q1 (Jul–Sep 2025)" });
    expect(periods[11]).toEqual({ value: "2028-Q4", label: "FY2028 Q4 (Apr–Jun 2028)" });
  });

  test.each([
    ["quarterly", 1, "2028-02-29", "2027-Q1", "2029-Q4", 12],
    ["monthly", 10, "2028-02-29", "2026-10", "2029-09", 36],
    ["annual", 4, "2028-02-29", "2027", "2029", 3],
  ] as const)("%s, fiscal years from month %i, on %s: %s to %s", (frequency, start, today, first, last, count) => {
    const periods = listTargetPeriods(frequency, start, null, today);
    expect(periods).toHaveLength(count);
    expect(periods[0]?.value).toBe(first);
    expect(periods[count - 1]?.value).toBe(last);
  });
});
