import {
  formatPeriodKey,
  getPeriodMonthRange,
  getPeriodOfMonth,
  parseIsoDate,
  parsePeriodKey,
  getMonthIndexOfDay,
  fromDayNumber,
} from "@/lib/domain";

// Periods and dates in the agency's fiscal terms. The fiscal calendar is the engine's
// (lib/domain/periods.ts): these functions only put its periods into words.

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

const monthName = (monthIndex: number) => MONTHS[((monthIndex % 12) + 12) % 12]!;
const shortMonth = (monthIndex: number) => monthName(monthIndex).slice(0, 3);
const yearOf = (monthIndex: number) => Math.floor(monthIndex / 12);

/** "FY2027 Q2" with a fiscal year, "Q2 2026" with calendar quarters. */
function quarterName(key: string, fiscalYearStartMonth: number): string {
  const [year, quarter] = key.split("-");
  return fiscalYearStartMonth === 1 ? `${quarter} ${year}` : `FY${year} ${quarter}`;
}

/**
 * A period key in words: "October 2026" (monthly), "FY2027 Q2 (Oct–Dec 2026)" (quarterly),
 * "FY2027 (Jul 2026 – Jun 2027)" (annual). A key that does not parse is shown as it is.
 */
export function formatPeriod(key: string, fiscalYearStartMonth: number): string {
  const period = parsePeriodKey(key);
  if (!period) return key;
  const range = getPeriodMonthRange(period, fiscalYearStartMonth);
  if (period.frequency === "monthly") return `${monthName(range.first)} ${yearOf(range.first)}`;
  if (period.frequency === "quarterly") {
    return `${quarterName(key, fiscalYearStartMonth)} (${shortMonth(range.first)}–${shortMonth(range.last)} ${yearOf(range.last)})`;
  }
  if (fiscalYearStartMonth === 1) return key;
  return `FY${key} (${shortMonth(range.first)} ${yearOf(range.first)} – ${shortMonth(range.last)} ${yearOf(range.last)})`;
}

/** A short label for charts: "Oct 2026", "FY27 Q2", "FY2027". */
export function formatPeriodShort(key: string, fiscalYearStartMonth: number): string {
  const period = parsePeriodKey(key);
  if (!period) return key;
  if (period.frequency === "monthly") return `${shortMonth(period.index)} ${yearOf(period.index)}`;
  if (period.frequency === "quarterly") {
    const [year, quarter] = key.split("-");
    return fiscalYearStartMonth === 1 ? `${quarter} ${year}` : `FY${year?.slice(2)} ${quarter}`;
  }
  return fiscalYearStartMonth === 1 ? key : `FY${key}`;
}

/** The fiscal quarter a date falls in: "FY2027 Q2". */
export function formatFiscalQuarterOfDate(isoDate: string, fiscalYearStartMonth: number): string {
  const day = parseIsoDate(isoDate);
  if (day === null) return "";
  const quarter = getPeriodOfMonth(getMonthIndexOfDay(day), "quarterly", fiscalYearStartMonth);
  return quarterName(formatPeriodKey(quarter), fiscalYearStartMonth);
}

/** A date as "23 November 2026 (FY2027 Q2)"; with `withQuarter` false, just the date. */
export function formatDate(isoDate: string | null, fiscalYearStartMonth: number, withQuarter = true): string {
  if (!isoDate) return "—";
  const day = parseIsoDate(isoDate.slice(0, 10));
  if (day === null) return isoDate;
  const { year, month, day: dayOfMonth } = fromDayNumber(day);
  const text = `${dayOfMonth} ${MONTHS[month - 1]} ${year}`;
  return withQuarter ? `${text} (${formatFiscalQuarterOfDate(isoDate.slice(0, 10), fiscalYearStartMonth)})` : text;
}

/** A timestamp as "23 November 2026, 14:05 UTC". */
export function formatTimestamp(iso: string): string {
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 16);
  const day = parseIsoDate(date);
  if (day === null) return iso;
  const { year, month, day: dayOfMonth } = fromDayNumber(day);
  return `${dayOfMonth} ${MONTHS[month - 1]} ${year}, ${time} UTC`;
}
