import { toIsoDate } from "./dates";

// The app's one reading of the clock. lib/domain never reads it: it takes `asOf`.

/** Today's date in UTC, as YYYY-MM-DD (the default `asOf` of spec/health.md). */
export function getTodayUtc(): string {
  return toIsoDate(new Date());
}
