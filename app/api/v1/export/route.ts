import { apiHandler, jsonResponse } from "@/lib/api/http";
import { getTodayUtc } from "@/lib/clock";
import { exportDocument } from "@/lib/dal/document-export";

// GET /api/v1/export (scope read): the whole tree as a drivertree/v1 document; ?download=1 for a file.

export const GET = apiHandler(async ({ request, principal }) => {
  const document = await exportDocument(principal);
  const isDownload = new URL(request.url).searchParams.get("download") === "1";
  const fileName = `${document.agency.slug || "agency"}-drivertree-${getTodayUtc()}.json`.replace(/[^\w.-]/g, "_");
  return jsonResponse(document, {
    headers: isDownload ? { "Content-Disposition": `attachment; filename="${fileName}"` } : {},
  });
});
