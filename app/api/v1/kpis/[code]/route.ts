import { apiHandler, jsonResponse, readAsOfParameter } from "@/lib/api/http";
import { getKpiDetail } from "@/lib/dal/api-read";

// GET /api/v1/kpis/{code} (scope read): one KPI with its series, targets, health, drivers and what it drives.

export const GET = apiHandler<{ code: string }>(async ({ request, principal, params }) => {
  return jsonResponse(await getKpiDetail(principal, params.code, readAsOfParameter(request)));
});
