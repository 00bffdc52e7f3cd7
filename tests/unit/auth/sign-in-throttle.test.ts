import { describe, expect, test } from "vitest";
import {
  ADDRESS_FIRST_DELAY_MS,
  ADDRESS_FREE_FAILURES,
  ADDRESS_MAX_DELAY_MS,
  getAddressDelayMs,
  getClientAddress,
} from "@/lib/auth/sign-in-throttle";

describe("an address's delay", () => {
  test.each([
    [0, 0],
    [ADDRESS_FREE_FAILURES - 1, 0],
    [ADDRESS_FREE_FAILURES, ADDRESS_FIRST_DELAY_MS],
    [ADDRESS_FREE_FAILURES + 1, ADDRESS_FIRST_DELAY_MS * 2],
    [ADDRESS_FREE_FAILURES + 3, ADDRESS_FIRST_DELAY_MS * 8],
    [ADDRESS_FREE_FAILURES + 100, ADDRESS_MAX_DELAY_MS],
    [1_000_000, ADDRESS_MAX_DELAY_MS],
  ])("after %i failures: %i ms", (failures, delay) => {
    expect(getAddressDelayMs(failures)).toBe(delay);
  });
});

describe("the client's address", () => {
  const headers = (forwarded: string | null) => new Headers(forwarded === null ? {} : { "x-forwarded-for": forwarded });

  test("with no trusted proxy, a forwarded header is the client's own claim: no address", () => {
    // Regression: the last X-Forwarded-For hop was trusted whatever the deployment, so a client chose its own key.
    expect(getClientAddress(headers("203.0.113.9"), 0)).toBeNull();
  });

  test.each([
    ["203.0.113.9", 1, "203.0.113.9"],
    // A client that sends its own header: our proxy appends the address it saw, which is the one believed.
    ["6.6.6.6, 203.0.113.9", 1, "203.0.113.9"],
    ["6.6.6.6, 203.0.113.9, 10.0.0.2", 2, "203.0.113.9"],
    ["203.0.113.9", 3, "203.0.113.9"],
  ])("%s through %i trusted proxies is %s", (forwarded, hops, address) => {
    expect(getClientAddress(headers(forwarded), hops)).toBe(address);
  });

  test("no header: no address", () => {
    expect(getClientAddress(headers(null), 1)).toBeNull();
  });
});
