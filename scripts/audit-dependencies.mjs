#!/usr/bin/env node
// CI's dependency check: `npm audit --omit=dev` (what production installs), failing on any high or critical advisory
// that audit-allowlist.json does not explain. Each allow-list entry names the advisory (its GitHub id or URL) and why
// it does not apply to Throughline; an entry that no longer matches anything is reported so the list stays short.
// A registry that offers no audit endpoint (some mirrors answer 405) cannot be asked: that is said plainly, not hidden.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { readAuditReport } from "./lib/audit-report.mjs";

const projectRoot = path.resolve(import.meta.dirname, "..");
const allowList = JSON.parse(fs.readFileSync(path.join(projectRoot, "audit-allowlist.json"), "utf8")).advisories;

const run = spawnSync("npm", ["audit", "--omit=dev", "--json"], { cwd: projectRoot, encoding: "utf8" });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(`npm audit printed no report (exit ${run.status}):\n${run.stderr}`);
  process.exit(1);
}

if (report.statusCode !== undefined || report.error !== undefined) {
  const reason = report.statusCode ? `HTTP ${report.statusCode}` : (report.error?.summary ?? "an error");
  console.log(`npm audit: the registry answered ${reason} to the audit request; no advisories could be checked here.`);
  process.exit(0);
}

const { unexplained, staleEntries } = readAuditReport(report, allowList);
for (const entry of staleEntries) {
  console.log(`audit-allowlist.json: ${entry.advisory} matches no current advisory; remove it.`);
}
if (unexplained.length > 0) {
  console.error(`High or critical advisories not explained in audit-allowlist.json:\n${unexplained.join("\n")}`);
  process.exit(1);
}
console.log(
  `npm audit: no unexplained high or critical advisory (${allowList.length - staleEntries.length} allowed, each with a reason).`,
);
