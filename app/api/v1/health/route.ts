import { apiHandler, jsonResponse, readAsOfParameter } from "@/lib/api/http";
import { computeHealthAsOf } from "@/lib/dal/api-read";

// GET /api/v1/health?asOf=YYYY-MM-DD (scope read): every node's health, computed for the date asked.

export const GET = apiHandler(async ({ request, principal }) => {
  return jsonResponse(await computeHealthAsOf(principal, readAsOfParameter(request)));
});
