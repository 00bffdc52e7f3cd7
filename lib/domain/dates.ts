// Calendar arithmetic on day numbers (days since 1970-01-01). The engine never reads the clock and never builds a
// Date: dates travel as `YYYY-MM-DD` strings and are compared as integers, so "counted in days" (spec/health.md,
// expected progress) is exact and free of time zones.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function getDaysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Day number of a civil date (proleptic Gregorian); month 1–12. Exact for every year, unlike Date.UTC below 100. */
export function toDayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shiftedMonth = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function fromDayNumber(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** `YYYY-MM-DD` → day number, or null when the text is not a real calendar date. */
export function parseIsoDate(text: string): number | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > getDaysInMonth(year, month)) return null;
  return toDayNumber(year, month, day);
}

export function formatIsoDate(dayNumber: number): string {
  const { year, month, day } = fromDayNumber(dayNumber);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function countDaysBetween(from: string, to: string): number {
  return requireIsoDate(to) - requireIsoDate(from);
}

/** Parses a date the caller promised is valid; a malformed one is a programming error, not user input. */
export function requireIsoDate(text: string): number {
  const dayNumber = parseIsoDate(text);
  if (dayNumber === null) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(text)}`);
  return dayNumber;
}

// Month indexes (year × 12 + month − 1) are how periods are laid out on the calendar (periods.ts).

export function toMonthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

export function getMonthIndexOfDay(dayNumber: number): number {
  const { year, month } = fromDayNumber(dayNumber);
  return toMonthIndex(year, month);
}

export function getFirstDayOfMonthIndex(monthIndex: number): number {
  const year = Math.floor(monthIndex / 12);
  return toDayNumber(year, monthIndex - year * 12 + 1, 1);
}

export function getLastDayOfMonthIndex(monthIndex: number): number {
  return getFirstDayOfMonthIndex(monthIndex + 1) - 1;
}
