// Periods, fiscal calendars, aggregation, the latest value as of a date and staleness (spec/health.md, "Periods",
// "Data as of a date" and "Staleness").

import { describe, expect, test } from "vitest";
import {
  aggregateValues,
  countDaysBetween,
  findLatestValue,
  formatIsoDate,
  formatPeriodKey,
  fromDayNumber,
  getExpectedLatestPeriod,
  getPeriodContainingDate,
  getPeriodDates,
  getValueForPeriod,
  isPeriodKeyOfFrequency,
  isPeriodWithin,
  isSeriesStale,
  listPeriodsBetween,
  listSubPeriods,
  parseIsoDate,
  parsePeriodKey,
  readSeriesAsOf,
  toDayNumber,
  type Frequency,
  type Period,
} from "@/lib/domain";

const day = (text: string) => parseIsoDate(text) as number;
const period = (key: string) => parsePeriodKey(key) as Period;

describe("dates", () => {
  test.each([
    ["2024-02-29", true],
    ["2026-02-29", false],
    ["2026-04-31", false],
    ["2026-4-01", false],
    ["2026-13-01", false],
    ["0050-01-01", true],
    ["not a date", false],
  ])("%s is a date: %s", (text, isDate) => {
    expect(parseIsoDate(text) !== null).toBe(isDate);
  });

  test("day numbers round-trip, including years before 100 that Date.UTC would shift", () => {
    for (const text of ["1970-01-01", "0050-03-01", "2000-02-29", "2026-07-02", "2100-12-31"]) {
      expect(formatIsoDate(day(text))).toBe(text);
    }
    expect(toDayNumber(1970, 1, 1)).toBe(0);
    expect(fromDayNumber(day("2026-07-02"))).toEqual({ year: 2026, month: 7, day: 2 });
  });

  test("2026-01-01 to 2026-07-02 is 182 days, to 2026-12-31 is 364 (spec example: e = 0.5)", () => {
    expect(countDaysBetween("2026-01-01", "2026-07-02")).toBe(182);
    expect(countDaysBetween("2026-01-01", "2026-12-31")).toBe(364);
  });
});

describe("period keys", () => {
  test.each<[string, Frequency | null]>([
    ["2026-06", "monthly"],
    ["2026-12", "monthly"],
    ["2026-Q1", "quarterly"],
    ["2026-Q4", "quarterly"],
    ["2026", "annual"],
    ["2026-13", null],
    ["2026-00", null],
    ["2026-Q5", null],
    ["2026-Q0", null],
    ["2026-q1", null],
    ["26-06", null],
    ["2026-6", null],
    ["", null],
  ])("%s has frequency %s", (key, frequency) => {
    expect(parsePeriodKey(key)?.frequency ?? null).toBe(frequency);
    if (frequency !== null) {
      expect(formatPeriodKey(period(key))).toBe(key);
      expect(isPeriodKeyOfFrequency(key, frequency)).toBe(true);
    }
  });

  test("a key of another frequency does not fit", () => {
    expect(isPeriodKeyOfFrequency("2026-Q1", "monthly")).toBe(false);
    expect(isPeriodKeyOfFrequency("2026", "quarterly")).toBe(false);
    expect(isPeriodKeyOfFrequency("2026-01", "annual")).toBe(false);
  });
});

describe("fiscal calendars: a fiscal year is labelled by the year in which it ends", () => {
  test.each([
    { start: 10, key: "2026-Q1", dates: { start: "2025-10-01", end: "2025-12-31" } },
    { start: 10, key: "2026-Q4", dates: { start: "2026-07-01", end: "2026-09-30" } },
    { start: 10, key: "2026", dates: { start: "2025-10-01", end: "2026-09-30" } },
    { start: 7, key: "2026-Q1", dates: { start: "2025-07-01", end: "2025-09-30" } },
    { start: 7, key: "2026-Q4", dates: { start: "2026-04-01", end: "2026-06-30" } },
    { start: 7, key: "2026", dates: { start: "2025-07-01", end: "2026-06-30" } },
    { start: 1, key: "2026-Q1", dates: { start: "2026-01-01", end: "2026-03-31" } },
    { start: 1, key: "2026", dates: { start: "2026-01-01", end: "2026-12-31" } },
    { start: 12, key: "2026", dates: { start: "2025-12-01", end: "2026-11-30" } },
    { start: 1, key: "2024-Q1", dates: { start: "2024-01-01", end: "2024-03-31" } },
    { start: 1, key: "2024-02", dates: { start: "2024-02-01", end: "2024-02-29" } },
  ])("start month $start: $key runs $dates.start – $dates.end", ({ start, key, dates }) => {
    expect(getPeriodDates(period(key), start)).toEqual(dates);
  });

  test.each([
    { date: "2025-10-01", frequency: "quarterly" as const, start: 10, key: "2026-Q1" },
    { date: "2025-09-30", frequency: "quarterly" as const, start: 10, key: "2025-Q4" },
    { date: "2026-06-30", frequency: "annual" as const, start: 7, key: "2026" },
    { date: "2026-07-01", frequency: "annual" as const, start: 7, key: "2027" },
    { date: "2026-05-15", frequency: "quarterly" as const, start: 7, key: "2026-Q4" },
    { date: "2026-05-15", frequency: "monthly" as const, start: 7, key: "2026-05" },
  ])("$date lies in $key ($frequency, start month $start)", ({ date, frequency, start, key }) => {
    expect(formatPeriodKey(getPeriodContainingDate(date, frequency, start))).toBe(key);
  });

  test("containment follows the fiscal calendar", () => {
    expect(isPeriodWithin(period("2025-11"), period("2026-Q1"), 10)).toBe(true);
    expect(isPeriodWithin(period("2026-01"), period("2026-Q1"), 10)).toBe(false);
    expect(isPeriodWithin(period("2026-Q2"), period("2026"), 10)).toBe(true);
    expect(isPeriodWithin(period("2026-09"), period("2026"), 10)).toBe(true);
    expect(isPeriodWithin(period("2026-10"), period("2026"), 10)).toBe(false);
    expect(isPeriodWithin(period("2026"), period("2026-Q1"), 10)).toBe(false);
  });

  test("sub-periods of a fiscal year from July", () => {
    expect(listSubPeriods(period("2026"), "quarterly", 7).map(formatPeriodKey)).toEqual([
      "2026-Q1",
      "2026-Q2",
      "2026-Q3",
      "2026-Q4",
    ]);
    const months = listSubPeriods(period("2026"), "monthly", 7).map(formatPeriodKey);
    expect(months).toHaveLength(12);
    expect([months[0], months[11]]).toEqual(["2025-07", "2026-06"]);
    expect(listSubPeriods(period("2026-05"), "annual", 7)).toEqual([]);
  });

  test("a range of dates covers the periods that overlap it", () => {
    expect(listPeriodsBetween("2025-12-15", "2026-04-01", "quarterly", 10).map(formatPeriodKey)).toEqual([
      "2026-Q1",
      "2026-Q2",
      "2026-Q3",
    ]);
  });
});

describe("aggregation of finer periods", () => {
  test.each([
    ["sum", [20000, 18000, 21000], 59000],
    ["avg", [27, 24], 25.5],
    ["last", [27, 24, 30], 30],
    ["sum", [], null],
    ["avg", [], null],
    ["last", [], null],
  ] as const)("%s of %j is %s", (aggregation, values, expected) => {
    expect(aggregateValues(values, aggregation)).toBe(expected);
  });

  const monthly = readSeriesAsOf({ "2026-04": 10, "2026-06": 30, "2026-07": 50 }, "monthly", day("2026-12-31"), 7);

  test.each([
    { start: 7, quarter: "2026-Q4", aggregation: "avg" as const, expected: 20 },
    { start: 7, quarter: "2026-Q4", aggregation: "sum" as const, expected: 40 },
    { start: 7, quarter: "2026-Q4", aggregation: "last" as const, expected: 30 },
    { start: 7, quarter: "2027-Q1", aggregation: "sum" as const, expected: 50 },
    { start: 7, quarter: "2026-Q3", aggregation: "sum" as const, expected: null },
  ])(
    "months with values only, start $start: $aggregation of $quarter = $expected",
    ({ start, quarter, aggregation, expected }) => {
      expect(getValueForPeriod(monthly, period(quarter), aggregation, start)).toBe(expected);
    },
  );

  test("October fiscal year: 2026-Q1 collects October to December 2025, the year collects to September 2026", () => {
    const series = readSeriesAsOf(
      { "2025-09": 1, "2025-10": 2, "2025-12": 4, "2026-09": 8, "2026-10": 16 },
      "monthly",
      day("2026-12-31"),
      10,
    );
    expect(getValueForPeriod(series, period("2026-Q1"), "sum", 10)).toBe(6);
    expect(getValueForPeriod(series, period("2026"), "sum", 10)).toBe(14);
    expect(getValueForPeriod(series, period("2026"), "last", 10)).toBe(8);
    expect(getValueForPeriod(series, period("2027"), "avg", 10)).toBe(16);
  });

  test("a quarterly series has no value for a finer (monthly) period", () => {
    const quarterly = readSeriesAsOf({ "2026-Q1": 5 }, "quarterly", day("2026-12-31"), 1);
    expect(getValueForPeriod(quarterly, period("2026-01"), "sum", 1)).toBeNull();
  });
});

describe("the latest value as of a date", () => {
  const series = { "2026-05": 5, "2026-06": 6, "2026-07": 7 };

  test.each([
    ["2026-06-30", { period: "2026-06", value: 6 }],
    ["2026-07-01", { period: "2026-07", value: 7 }],
    ["2026-05-31", { period: "2026-05", value: 5 }],
    ["2026-04-30", null],
  ])("as of %s", (asOf, expected) => {
    expect(findLatestValue(series, "monthly", asOf, 1)).toEqual(expected);
  });

  test("a quarter counts once it has started (October fiscal year: 2026-Q1 starts 2025-10-01)", () => {
    expect(findLatestValue({ "2026-Q1": 3 }, "quarterly", "2025-09-30", 10)).toBeNull();
    expect(findLatestValue({ "2026-Q1": 3 }, "quarterly", "2025-10-01", 10)).toEqual({ period: "2026-Q1", value: 3 });
  });

  test("keys of another frequency and non-finite values are not data", () => {
    const mixed = { "2026-Q1": 1, "2026-03": Number.NaN, "2026-02": 2 };
    expect(findLatestValue(mixed, "monthly", "2026-12-31", 1)).toEqual({ period: "2026-02", value: 2 });
  });

  test("keys given out of order are read in period order", () => {
    expect(readSeriesAsOf({ "2026-03": 3, "2026-01": 1, "2026-02": 2 }, "monthly", day("2026-12-31"), 1)).toMatchObject(
      {
        values: [1, 2, 3],
      },
    );
  });
});

describe("the expected latest period and staleness", () => {
  test.each([
    { frequency: "monthly" as const, lag: 30, asOf: "2026-07-02", start: 1, expected: "2026-05" },
    { frequency: "monthly" as const, lag: 30, asOf: "2026-06-30", start: 1, expected: "2026-05" },
    { frequency: "monthly" as const, lag: 30, asOf: "2026-06-29", start: 1, expected: "2026-04" },
    { frequency: "monthly" as const, lag: 0, asOf: "2026-06-30", start: 1, expected: "2026-06" },
    { frequency: "monthly" as const, lag: 0, asOf: "2026-06-29", start: 1, expected: "2026-05" },
    { frequency: "quarterly" as const, lag: 45, asOf: "2026-08-14", start: 7, expected: "2026-Q4" },
    { frequency: "quarterly" as const, lag: 45, asOf: "2026-08-13", start: 7, expected: "2026-Q3" },
    { frequency: "annual" as const, lag: 60, asOf: "2025-11-29", start: 10, expected: "2025" },
    { frequency: "annual" as const, lag: 60, asOf: "2025-11-28", start: 10, expected: "2024" },
  ])(
    "$frequency, lagDays $lag, as of $asOf (start month $start): $expected",
    ({ frequency, lag, asOf, start, expected }) => {
      expect(formatPeriodKey(getExpectedLatestPeriod(frequency, lag, asOf, start))).toBe(expected);
    },
  );

  const staleness = (latest: string | null, asOf: string, planStart = "2025-01-01") =>
    isSeriesStale({
      latestPeriodIndex: latest === null ? null : period(latest).index,
      frequency: "monthly",
      lagDays: 30,
      asOfDay: day(asOf),
      planStartDay: day(planStart),
      fiscalYearStartMonth: 1,
    });

  test("fresh on the boundary day, stale the day after: May's value is due on 30 June", () => {
    expect(staleness("2026-04", "2026-06-29")).toBe(false);
    expect(staleness("2026-04", "2026-06-30")).toBe(true);
    expect(staleness("2026-05", "2026-06-30")).toBe(false);
    expect(staleness("2026-06", "2026-06-30")).toBe(false);
  });

  test("a KPI that never had a value is stale once a period is due", () => {
    expect(staleness(null, "2026-07-02")).toBe(true);
  });

  test("nothing is stale while no period of the plan is due yet (docs/health.md)", () => {
    expect(staleness(null, "2026-01-15", "2026-01-01")).toBe(false);
    expect(staleness(null, "2026-03-01", "2026-01-01")).toBe(false);
    expect(staleness(null, "2026-03-02", "2026-01-01")).toBe(true);
  });
});
