// `npm run health:refresh [-- --as-of YYYY-MM-DD]`: recomputes and stores every agency's
// health now (the job runner does the same daily). Runs under tsx --conditions=react-server.
import { getTodayUtc } from "../lib/clock";
import { refreshAllAgencies } from "../lib/dal/health-refresh";

const asOfFlag = process.argv.indexOf("--as-of");
const asOf = asOfFlag >= 0 ? process.argv[asOfFlag + 1] : getTodayUtc();
if (!asOf || !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
  console.error("usage: npm run health:refresh [-- --as-of YYYY-MM-DD]");
  process.exit(2);
}

const startedAt = performance.now();
refreshAllAgencies(asOf)
  .then((reports) => {
    for (const report of reports)
      console.log(`[health] agency ${report.agencyId}: ${report.nodes} nodes as of ${report.asOf}`);
    console.log(`[health] refreshed ${reports.length} agencies in ${Math.round(performance.now() - startedAt)} ms`);
    process.exit(0);
  })
  .catch((error: unknown) => {
    console.error(`[health] refresh failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
