// Periods, fiscal calendars and aggregation (spec/health.md, "Periods" and "Staleness").
//
// A period is held as a frequency and an integer index, so that ordering, "the previous period" and containment are
// integer arithmetic:
//   monthly   index = year × 12 + (month − 1)            key YYYY-MM
//   quarterly index = fiscalYear × 4 + (quarter − 1)      key YYYY-Qn
//   annual    index = fiscalYear                          key YYYY
// A fiscal year is labelled by the calendar year in which it ends; with fiscalYearStartMonth 1 it is the calendar year.

import type { Aggregation, Frequency, MeasurementSeries } from "./model";
import {
  formatIsoDate,
  getFirstDayOfMonthIndex,
  getLastDayOfMonthIndex,
  getMonthIndexOfDay,
  requireIsoDate,
  toMonthIndex,
} from "./dates";

export interface Period {
  frequency: Frequency;
  index: number;
}

const FREQUENCY_RANK: Readonly<Record<Frequency, number>> = { monthly: 0, quarterly: 1, annual: 2 };

export function getFrequencyRank(frequency: Frequency): number {
  return FREQUENCY_RANK[frequency];
}

/** True when periods of `finer` nest inside periods of `coarser` (or the two are the same frequency). */
export function isSameOrFinerFrequency(finer: Frequency, coarser: Frequency): boolean {
  return FREQUENCY_RANK[finer] <= FREQUENCY_RANK[coarser];
}

// ── Keys ─────────────────────────────────────────────────────────────────────────────────────────────────────────

const MONTHLY_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTERLY_KEY = /^(\d{4})-Q([1-4])$/;
const ANNUAL_KEY = /^(\d{4})$/;

// Keys repeat across every KPI of an agency (the same 24 months), so parsing is memoised; a period's index does not
// depend on the fiscal calendar, only its place on the calendar does.
const parsedKeys = new Map<string, Period | null>();
const MAX_MEMOISED_KEYS = 50_000;

export function parsePeriodKey(key: string): Period | null {
  const known = parsedKeys.get(key);
  if (known !== undefined) return known;
  const period = parsePeriodKeyUncached(key);
  if (parsedKeys.size < MAX_MEMOISED_KEYS) parsedKeys.set(key, period);
  return period;
}

function parsePeriodKeyUncached(key: string): Period | null {
  let match = MONTHLY_KEY.exec(key);
  if (match) return { frequency: "monthly", index: toMonthIndex(Number(match[1]), Number(match[2])) };
  match = QUARTERLY_KEY.exec(key);
  if (match) return { frequency: "quarterly", index: Number(match[1]) * 4 + Number(match[2]) - 1 };
  match = ANNUAL_KEY.exec(key);
  if (match) return { frequency: "annual", index: Number(match[1]) };
  return null;
}

export function formatPeriodKey(period: Period): string {
  if (period.frequency === "monthly") {
    const year = Math.floor(period.index / 12);
    return `${padYear(year)}-${String(period.index - year * 12 + 1).padStart(2, "0")}`;
  }
  if (period.frequency === "quarterly") {
    const fiscalYear = Math.floor(period.index / 4);
    return `${padYear(fiscalYear)}-Q${period.index - fiscalYear * 4 + 1}`;
  }
  return padYear(period.index);
}

function padYear(year: number): string {
  return String(year).padStart(4, "0");
}

/** spec/health.md: a measurement's period key, and a per-period target's, must have the KPI's own frequency. */
export function isPeriodKeyOfFrequency(key: string, frequency: Frequency): boolean {
  return parsePeriodKey(key)?.frequency === frequency;
}

// ── The fiscal calendar ──────────────────────────────────────────────────────────────────────────────────────────

/** Month index of the first month of fiscal year `fiscalYear` (start month 10: FY 2026 starts in October 2025). */
export function getFiscalYearFirstMonthIndex(fiscalYear: number, fiscalYearStartMonth: number): number {
  return fiscalYear * 12 + fiscalYearStartMonth - 1 - (fiscalYearStartMonth > 1 ? 12 : 0);
}

/** The first and last month indexes a period covers. */
export function getPeriodMonthRange(period: Period, fiscalYearStartMonth: number): { first: number; last: number } {
  if (period.frequency === "monthly") return { first: period.index, last: period.index };
  if (period.frequency === "quarterly") {
    const fiscalYear = Math.floor(period.index / 4);
    const quarter = period.index - fiscalYear * 4;
    const first = getFiscalYearFirstMonthIndex(fiscalYear, fiscalYearStartMonth) + quarter * 3;
    return { first, last: first + 2 };
  }
  const first = getFiscalYearFirstMonthIndex(period.index, fiscalYearStartMonth);
  return { first, last: first + 11 };
}

/** The period of `frequency` that contains a month. */
export function getPeriodOfMonth(monthIndex: number, frequency: Frequency, fiscalYearStartMonth: number): Period {
  if (frequency === "monthly") return { frequency, index: monthIndex };
  const offset = fiscalYearStartMonth - 1 - (fiscalYearStartMonth > 1 ? 12 : 0);
  const fiscalYear = Math.floor((monthIndex - offset) / 12);
  if (frequency === "annual") return { frequency, index: fiscalYear };
  const quarter = Math.floor((monthIndex - offset - fiscalYear * 12) / 3);
  return { frequency, index: fiscalYear * 4 + quarter };
}

export function getPeriodStartDay(period: Period, fiscalYearStartMonth: number): number {
  return getFirstDayOfMonthIndex(getPeriodMonthRange(period, fiscalYearStartMonth).first);
}

/** spec/health.md: a period's last day is the last calendar day it contains. */
export function getPeriodLastDay(period: Period, fiscalYearStartMonth: number): number {
  return getLastDayOfMonthIndex(getPeriodMonthRange(period, fiscalYearStartMonth).last);
}

/** First and last day of a period as YYYY-MM-DD. */
export function getPeriodDates(period: Period, fiscalYearStartMonth: number): { start: string; end: string } {
  return {
    start: formatIsoDate(getPeriodStartDay(period, fiscalYearStartMonth)),
    end: formatIsoDate(getPeriodLastDay(period, fiscalYearStartMonth)),
  };
}

export function getPeriodContainingDate(date: string, frequency: Frequency, fiscalYearStartMonth: number): Period {
  return getPeriodOfMonth(getMonthIndexOfDay(requireIsoDate(date)), frequency, fiscalYearStartMonth);
}

/** The period of a coarser (or the same) frequency that contains `period`; null when `frequency` is finer. */
export function coarsenPeriod(period: Period, frequency: Frequency, fiscalYearStartMonth: number): Period | null {
  if (!isSameOrFinerFrequency(period.frequency, frequency)) return null;
  if (period.frequency === frequency) return period;
  return getPeriodOfMonth(getPeriodMonthRange(period, fiscalYearStartMonth).first, frequency, fiscalYearStartMonth);
}

/** True when every day of `inner` lies in `outer`. Monthly, quarterly and annual periods of one calendar nest. */
export function isPeriodWithin(inner: Period, outer: Period, fiscalYearStartMonth: number): boolean {
  const a = getPeriodMonthRange(inner, fiscalYearStartMonth);
  const b = getPeriodMonthRange(outer, fiscalYearStartMonth);
  return a.first >= b.first && a.last <= b.last;
}

/** The periods of a finer (or the same) frequency inside `outer`, in order. */
export function listSubPeriods(outer: Period, frequency: Frequency, fiscalYearStartMonth: number): Period[] {
  if (!isSameOrFinerFrequency(frequency, outer.frequency)) return [];
  const range = getPeriodMonthRange(outer, fiscalYearStartMonth);
  const first = getPeriodOfMonth(range.first, frequency, fiscalYearStartMonth).index;
  const last = getPeriodOfMonth(range.last, frequency, fiscalYearStartMonth).index;
  const periods: Period[] = [];
  for (let index = first; index <= last; index++) periods.push({ frequency, index });
  return periods;
}

/** The periods of `frequency` that overlap the dates from `start` to `end` (inclusive), in order. */
export function listPeriodsBetween(
  start: string,
  end: string,
  frequency: Frequency,
  fiscalYearStartMonth: number,
): Period[] {
  const first = getPeriodContainingDate(start, frequency, fiscalYearStartMonth).index;
  const last = getPeriodContainingDate(end, frequency, fiscalYearStartMonth).index;
  const periods: Period[] = [];
  for (let index = first; index <= last; index++) periods.push({ frequency, index });
  return periods;
}

// ── Values ───────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * spec/health.md: a coarser period's value is the aggregation of the sub-periods that have a value — `sum`, `avg`, or
 * `last` (the latest sub-period's value). `values` are in chronological order; none → no value.
 */
export function aggregateValues(values: readonly number[], aggregation: Aggregation): number | null {
  if (values.length === 0) return null;
  if (aggregation === "last") return values[values.length - 1] ?? null;
  let sum = 0;
  for (const value of values) sum += value;
  return aggregation === "sum" ? sum : sum / values.length;
}

/**
 * The index of the latest period of `frequency` that starts on or before `asOfDay`: spec/health.md sets aside every
 * measurement of a later period. The period containing asOf always qualifies, and no later one does.
 */
export function getLatestStartedPeriodIndex(asOfDay: number, frequency: Frequency, fiscalYearStartMonth: number) {
  return getPeriodOfMonth(getMonthIndexOfDay(asOfDay), frequency, fiscalYearStartMonth).index;
}

/** A measurement series reduced to what the rules see as of a date: periods of the KPI's frequency, in order. */
export interface DatedSeries {
  frequency: Frequency;
  /** ascending period indexes */
  indexes: number[];
  values: number[];
}

/**
 * Reads a KPI's measurements as of `asOfDay`: keys of another frequency, non-finite values and periods that start
 * after asOf are left out (the write path refuses the first two; the third is "scheduled data").
 */
export function readSeriesAsOf(
  measurements: MeasurementSeries | undefined,
  frequency: Frequency,
  asOfDay: number,
  fiscalYearStartMonth: number,
): DatedSeries {
  const indexes: number[] = [];
  const values: number[] = [];
  if (measurements === undefined) return { frequency, indexes, values };
  const cutoff = getLatestStartedPeriodIndex(asOfDay, frequency, fiscalYearStartMonth);
  let isSorted = true;
  for (const key in measurements) {
    const period = parsePeriodKey(key);
    const value = measurements[key];
    if (period === null || period.frequency !== frequency || period.index > cutoff) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) continue;
    if (indexes.length > 0 && period.index < (indexes[indexes.length - 1] as number)) isSorted = false;
    indexes.push(period.index);
    values.push(value);
  }
  if (isSorted) return { frequency, indexes, values };
  const order = indexes.map((_, i) => i).sort((a, b) => (indexes[a] as number) - (indexes[b] as number));
  return { frequency, indexes: order.map((i) => indexes[i] as number), values: order.map((i) => values[i] as number) };
}

/** The value a series holds for one of its own periods, or null. */
export function findSeriesValue(series: DatedSeries, index: number): number | null {
  const indexes = series.indexes;
  let low = 0;
  let high = indexes.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const found = indexes[middle] as number;
    if (found === index) return series.values[middle] as number;
    if (found < index) low = middle + 1;
    else high = middle - 1;
  }
  return null;
}

/**
 * spec/health.md: a KPI's values for the periods of a coarser frequency — each the aggregation, by its `aggregation`,
 * of the sub-periods that have a value. Periods without any have no entry.
 */
export function aggregateSeries(
  series: DatedSeries,
  frequency: Frequency,
  aggregation: Aggregation,
  fiscalYearStartMonth: number,
): Map<number, number> {
  const groups = new Map<number, number[]>();
  series.indexes.forEach((index, i) => {
    const container = coarsenPeriod({ frequency: series.frequency, index }, frequency, fiscalYearStartMonth);
    if (container === null) return;
    const group = groups.get(container.index);
    if (group) group.push(series.values[i] as number);
    else groups.set(container.index, [series.values[i] as number]);
  });
  const byPeriod = new Map<number, number>();
  for (const [index, values] of groups) byPeriod.set(index, aggregateValues(values, aggregation) as number);
  return byPeriod;
}

/**
 * A KPI's value for a period of its own or a coarser frequency (spec/health.md): its own value, or the aggregation
 * of its sub-periods' values by its `aggregation`. A period finer than the series has no value.
 */
export function getValueForPeriod(
  series: DatedSeries,
  period: Period,
  aggregation: Aggregation,
  fiscalYearStartMonth: number,
): number | null {
  if (period.frequency === series.frequency) return findSeriesValue(series, period.index);
  if (!isSameOrFinerFrequency(series.frequency, period.frequency)) return null;
  return aggregateSeries(series, period.frequency, aggregation, fiscalYearStartMonth).get(period.index) ?? null;
}

/** spec/health.md: the latest value is the value of the latest period that has one (periods started by asOf). */
export function findLatestValue(
  measurements: MeasurementSeries | undefined,
  frequency: Frequency,
  asOf: string,
  fiscalYearStartMonth: number,
): { period: string; value: number } | null {
  const series = readSeriesAsOf(measurements, frequency, requireIsoDate(asOf), fiscalYearStartMonth);
  const last = series.indexes.length - 1;
  if (last < 0) return null;
  return {
    period: formatPeriodKey({ frequency, index: series.indexes[last] as number }),
    value: series.values[last] as number,
  };
}

// ── Staleness ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * spec/health.md: the expected latest period is the latest period whose last day plus `lagDays` is on or before
 * asOf (monthly, lagDays 30, asOf 2026-07-02 → May, since 31 May + 30 days = 30 June).
 */
export function getExpectedLatestPeriodIndex(
  frequency: Frequency,
  lagDays: number,
  asOfDay: number,
  fiscalYearStartMonth: number,
): number {
  const lastAllowedDay = asOfDay - lagDays;
  const containing = getPeriodOfMonth(getMonthIndexOfDay(lastAllowedDay), frequency, fiscalYearStartMonth);
  const isLastDay = getPeriodLastDay(containing, fiscalYearStartMonth) === lastAllowedDay;
  return isLastDay ? containing.index : containing.index - 1;
}

export function getExpectedLatestPeriod(
  frequency: Frequency,
  lagDays: number,
  asOf: string,
  fiscalYearStartMonth: number,
): Period {
  return {
    frequency,
    index: getExpectedLatestPeriodIndex(frequency, lagDays, requireIsoDate(asOf), fiscalYearStartMonth),
  };
}

/**
 * docs/health.md: "not stale while no period is yet due" — a period is due only once it reaches into the plan (its
 * last day is on or after the plan's start), so a new plan does not open with every KPI stale.
 */
export function isPeriodDue(period: Period, planStartDay: number, fiscalYearStartMonth: number): boolean {
  return getPeriodLastDay(period, fiscalYearStartMonth) >= planStartDay;
}

/**
 * spec/health.md: stale when there is no value for the expected latest period or a later one — including a KPI that
 * never had one — but not while no period is due yet.
 */
export function isBehindExpectedPeriod(latestPeriodIndex: number | null, expected: Period, isDue: boolean): boolean {
  return isDue && (latestPeriodIndex === null || latestPeriodIndex < expected.index);
}

/** Staleness of a KPI's series as of a day, from its latest period with a value (see isBehindExpectedPeriod). */
export function isSeriesStale(input: {
  latestPeriodIndex: number | null;
  frequency: Frequency;
  lagDays: number;
  asOfDay: number;
  planStartDay: number;
  fiscalYearStartMonth: number;
}): boolean {
  const expected: Period = {
    frequency: input.frequency,
    index: getExpectedLatestPeriodIndex(input.frequency, input.lagDays, input.asOfDay, input.fiscalYearStartMonth),
  };
  const isDue = isPeriodDue(expected, input.planStartDay, input.fiscalYearStartMonth);
  return isBehindExpectedPeriod(input.latestPeriodIndex, expected, isDue);
}
