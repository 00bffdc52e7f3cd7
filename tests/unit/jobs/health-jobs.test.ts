// When the background recomputation of a large data load starts (lib/jobs/health-jobs.ts): after a quiet moment
// following the latest batch, and never later than MAX_DELAY_MS after health first fell behind.
import { describe, expect, test } from "vitest";
import { MAX_DELAY_MS, QUIET_MS, waitBeforeRecompute } from "@/lib/jobs/health-jobs";

const at = (ms: number) => new Date(Date.UTC(2026, 10, 23, 12) + ms);

describe("waitBeforeRecompute", () => {
  test("waits out the quiet moment after the latest batch", () => {
    expect(waitBeforeRecompute({ since: at(0), latest: at(0) }, at(200))).toBe(QUIET_MS - 200);
    expect(waitBeforeRecompute({ since: at(0), latest: at(5_000) }, at(5_100))).toBe(QUIET_MS - 100);
  });

  test("goes at once when no batch came for the quiet moment", () => {
    expect(waitBeforeRecompute({ since: at(0), latest: at(0) }, at(QUIET_MS))).toBe(0);
    expect(waitBeforeRecompute({ since: at(0), latest: at(2_000) }, at(60_000))).toBe(0);
  });

  test("goes at once when health has been behind for the longest delay, however busy the feed", () => {
    expect(waitBeforeRecompute({ since: at(0), latest: at(MAX_DELAY_MS) }, at(MAX_DELAY_MS))).toBe(0);
    expect(waitBeforeRecompute({ since: at(0), latest: at(MAX_DELAY_MS - 1) }, at(MAX_DELAY_MS - 1))).toBe(QUIET_MS);
  });
});
