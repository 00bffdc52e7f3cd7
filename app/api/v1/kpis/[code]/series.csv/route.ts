import { apiHandler, csvResponse } from "@/lib/api/http";
import { getKpiSeries } from "@/lib/dal/api-read";
import { formatCsv } from "@/lib/csv";

// GET /api/v1/kpis/{code}/series.csv (scope read): the KPI's values in the upload format (kpi, period, value, note),
// with each period's target beside them.

export const GET = apiHandler<{ code: string }>(async ({ principal, params }) => {
  const { kpi, series } = await getKpiSeries(principal, params.code);
  const csv = formatCsv(
    ["kpi", "period", "value", "note", "target"],
    series.map((point) => [kpi.code, point.period, point.value, point.note, point.target]),
  );
  return csvResponse(csv, `${kpi.code}-series.csv`);
});
