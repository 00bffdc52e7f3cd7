// How the admin pages write dates: in UTC, like the audit log's filters.

/** "2026-11-23 16:10 UTC", or the fallback when there is no date. */
export function formatUtcDateTime(iso: string | null, fallback = "never"): string {
  if (!iso) return fallback;
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

export const MONTH_NAMES = [
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
