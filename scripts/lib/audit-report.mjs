// Reads `npm audit --json` (report version 2): the high and critical advisories an allow-list does not explain, and
// the allow-list entries that no longer match anything. Pure, so that it is tested without a registry.

/**
 * @param {{ vulnerabilities?: Record<string, { via: Array<string | { source: number, title: string, url: string, severity: string }> }> }} report
 * @param {Array<{ advisory: string, reason: string }>} allowList entries name an advisory by its URL or source id
 */
export function readAuditReport(report, allowList) {
  const isAllowed = (entry, via) => entry.advisory === via.url || entry.advisory === String(via.source);
  const unexplained = [];
  const usedEntries = new Set();
  for (const [name, vulnerability] of Object.entries(report.vulnerabilities ?? {})) {
    for (const via of vulnerability.via) {
      // A string names another vulnerable package whose own advisories are listed under its name.
      if (typeof via !== "object" || !["high", "critical"].includes(via.severity)) continue;
      const entry = allowList.find((candidate) => isAllowed(candidate, via));
      if (entry) usedEntries.add(entry);
      else unexplained.push(`${via.severity}: ${name} — ${via.title} (${via.url})`);
    }
  }
  return { unexplained: [...new Set(unexplained)], staleEntries: allowList.filter((entry) => !usedEntries.has(entry)) };
}
