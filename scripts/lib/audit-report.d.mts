// Types for scripts/lib/audit-report.mjs (plain JavaScript: CI runs it before any TypeScript tooling).
type Advisory = { source: number; title: string; url: string; severity: string };
type AuditReport = { vulnerabilities?: Record<string, { via: ReadonlyArray<string | Advisory> }> };
type AllowListEntry = { advisory: string; reason: string };

export function readAuditReport(
  report: AuditReport,
  allowList: readonly AllowListEntry[],
): { unexplained: string[]; staleEntries: AllowListEntry[] };
