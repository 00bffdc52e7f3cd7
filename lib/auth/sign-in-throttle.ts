// The sign-in throttle's rules, as pure functions (the counts themselves live in PostgreSQL: lib/dal/sign-in.ts).
//
// An account locks after ACCOUNT_FAILURE_LIMIT failures in THROTTLE_WINDOW_MINUTES. An address is never locked: a city
// hall behind one NAT is one address, and locking it would lock every employee out. Past ADDRESS_FREE_FAILURES
// failures in the window, each attempt from that address waits before its password is checked, twice as long per
// further failure, up to ADDRESS_MAX_DELAY_MS.

export const ACCOUNT_FAILURE_LIMIT = 5;
export const THROTTLE_WINDOW_MINUTES = 15;
export const LOCK_MINUTES = 15;
export const ADDRESS_FREE_FAILURES = 20;
export const ADDRESS_FIRST_DELAY_MS = 250;
export const ADDRESS_MAX_DELAY_MS = 8_000;

/** How long an attempt from an address waits, given that address's failures in the current window. */
export function getAddressDelayMs(failures: number): number {
  if (failures < ADDRESS_FREE_FAILURES) return 0;
  const doublings = Math.min(failures - ADDRESS_FREE_FAILURES, 16);
  return Math.min(ADDRESS_FIRST_DELAY_MS * 2 ** doublings, ADDRESS_MAX_DELAY_MS);
}

/**
 * The client's address, as the trusted proxies in front of the app report it, or null when it cannot be known.
 *
 * Each proxy appends the address it received the request from to X-Forwarded-For, so with `trustedHops` proxies of our
 * own, the client is the `trustedHops`-th entry from the end; everything before it was written by the client and is
 * not believed. With no trusted proxy (the default), a forwarded header is the client's own claim, and Next.js gives a
 * route handler no socket address: the address is unknown, and only accounts are throttled.
 */
export function getClientAddress(headers: Headers, trustedHops: number): string | null {
  if (trustedHops <= 0) return null;
  const hops =
    headers
      .get("x-forwarded-for")
      ?.split(",")
      .map((hop) => hop.trim())
      .filter(Boolean) ?? [];
  if (hops.length === 0) return null;
  return hops[Math.max(0, hops.length - trustedHops)] ?? null;
}
