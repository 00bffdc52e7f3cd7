import { describe, expect, test } from "vitest";
import { formatNumber, formatShare, formatShareChange, formatValue } from "@/components/format/numbers";
import { formatDate, formatPeriod, formatPeriodShort } from "@/components/format/periods";

describe("numbers with units", () => {
  test.each([
    [72.5, "%", "72.5%"],
    [1234.56, "USD", "$1,235"],
    [-15, "USD", "−$15"],
    [11.3, "days", "11.3 days"],
    [0.256, "", "0.26"],
    [216_000, "requests", "216,000 requests"],
    [null, "days", "—"],
  ] as const)("%s %s → %s", (value, unit, expected) => {
    expect(formatValue(value, unit)).toBe(expected);
  });

  test("shares are whole percentages and changes are points with a sign", () => {
    expect(formatShare(0.8667)).toBe("87%");
    expect(formatShare(null)).toBe("—");
    expect(formatShareChange(0.05)).toBe("+5 points");
    expect(formatShareChange(-0.012)).toBe("−1 point");
    expect(formatShareChange(0.001)).toBe("no change");
    expect(formatShareChange(null)).toBe("no earlier value");
    expect(formatNumber(123.456)).toBe("123.5");
  });
});

describe("periods in the agency's fiscal terms", () => {
  // spec/health.md: a fiscal year is labelled by the calendar year in which it ends.
  test.each([
    ["2026-10", 7, "October 2026"],
    ["2027-Q2", 7, "FY2027 Q2 (Oct–Dec 2026)"],
    ["2026", 7, "FY2026 (Jul 2025 – Jun 2026)"],
    ["2026-Q1", 10, "FY2026 Q1 (Oct–Dec 2025)"],
    ["2026-Q1", 1, "Q1 2026 (Jan–Mar 2026)"],
    ["2026", 1, "2026"],
    ["not-a-period", 7, "not-a-period"],
  ] as const)("%s with the year starting in month %i → %s", (key, start, expected) => {
    expect(formatPeriod(key, start)).toBe(expected);
  });

  test("short labels and dates carry the fiscal quarter", () => {
    expect(formatPeriodShort("2026-10", 7)).toBe("Oct 2026");
    expect(formatPeriodShort("2027-Q2", 7)).toBe("FY27 Q2");
    expect(formatDate("2026-11-23", 7)).toBe("23 November 2026 (FY2027 Q2)");
    expect(formatDate("2026-11-23", 1, false)).toBe("23 November 2026");
  });
});
