import { apiHandler, jsonResponse, MEGABYTE, readBodyBytes } from "@/lib/api/http";
import { can } from "@/lib/auth/permissions";
import { previewImport } from "@/lib/dal/import-jobs";
import { ForbiddenError } from "@/lib/errors";

// POST /data/import/preview?name=<file name>, the body a drivertree/v1 JSON document or an .xlsx workbook: what
// importing it would do, or every problem with its sheet, row and column (or JSON path). Writes only the preview,
// which POST /data/import/jobs/<previewId> applies once.

// As POST /api/v1/import: the largest real document is 13.5 MB of JSON (a workbook of it is smaller).
const MAX_FILE_BYTES = 32 * MEGABYTE;

export const POST = apiHandler(async ({ request, principal }) => {
  // Checked again by the data access layer; here so that a caller who may not import is not made to upload first.
  if (!can(principal, "document:import")) throw new ForbiddenError("You may not import into this agency's tree.");
  const name = (new URL(request.url).searchParams.get("name") ?? "").trim().slice(0, 200) || "upload";
  const bytes = await readBodyBytes(request, MAX_FILE_BYTES);
  return jsonResponse(await previewImport(principal, { name, bytes }));
});
