// CI's dependency check (scripts/audit-dependencies.mjs) must fail on a high or critical advisory that the allow-list
// does not explain, and only then.
import { describe, expect, test } from "vitest";
import { readAuditReport } from "@/scripts/lib/audit-report.mjs";

const advisory = (source: number, severity: string) => ({
  source,
  name: "some-package",
  title: `Advisory ${source}`,
  url: `https://github.com/advisories/GHSA-${source}`,
  severity,
  range: "<1.0.0",
});

const report = {
  auditReportVersion: 2,
  vulnerabilities: {
    "some-package": { via: [advisory(1, "critical"), advisory(2, "high"), advisory(3, "moderate")] },
    "depends-on-it": { via: ["some-package"] },
  },
};

describe("readAuditReport", () => {
  test("lists every high and critical advisory not on the allow-list, and nothing below high", () => {
    expect(readAuditReport(report, []).unexplained).toEqual([
      "critical: some-package — Advisory 1 (https://github.com/advisories/GHSA-1)",
      "high: some-package — Advisory 2 (https://github.com/advisories/GHSA-2)",
    ]);
  });

  test("an advisory on the allow-list, by URL or by source id, is explained", () => {
    const allowList = [
      { advisory: "https://github.com/advisories/GHSA-1", reason: "server-only code path we never call" },
      { advisory: "2", reason: "fixed by our own input limits" },
    ];
    expect(readAuditReport(report, allowList)).toEqual({ unexplained: [], staleEntries: [] });
  });

  test("an allow-list entry that matches nothing is reported as stale", () => {
    const stale = { advisory: "https://github.com/advisories/GHSA-999", reason: "long fixed" };
    expect(readAuditReport(report, [stale]).staleEntries).toEqual([stale]);
    expect(readAuditReport({ vulnerabilities: {} }, [stale])).toEqual({ unexplained: [], staleEntries: [stale] });
  });
});
