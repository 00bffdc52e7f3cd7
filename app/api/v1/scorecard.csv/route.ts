import { apiHandler, csvResponse } from "@/lib/api/http";
import { getScorecard } from "@/lib/dal/api-read";
import { formatCsv } from "@/lib/csv";

// GET /api/v1/scorecard.csv (scope read): the plan's top objectives with status, health and progress, as of today.

export const GET = apiHandler(async ({ principal }) => {
  const { asOf, objectives } = await getScorecard(principal);
  const csv = formatCsv(
    ["objective", "title", "department", "status", "health", "progress", "coverage", "freshness", "weakest", "asOf"],
    objectives.map((row) => [
      row.code,
      row.title,
      row.department,
      row.status,
      row.health,
      row.progress,
      row.coverage,
      row.freshness,
      row.weakest,
      asOf,
    ]),
  );
  return csvResponse(csv, `scorecard-${asOf}.csv`);
});
