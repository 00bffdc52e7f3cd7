// A Date from the database or the clock as the `YYYY-MM-DD` string the engine, the pages and the documents use.
// Dates are stored as UTC midnights, so the UTC calendar day is the date.

export function toIsoDate(date: Date): string;
export function toIsoDate(date: Date | null): string | null;
export function toIsoDate(date: Date | null): string | null {
  return date === null ? null : date.toISOString().slice(0, 10);
}
