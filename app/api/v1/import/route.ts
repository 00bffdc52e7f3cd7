import { apiHandler, jsonResponse, MEGABYTE, readJsonBody } from "@/lib/api/http";
import { can } from "@/lib/auth/permissions";
import { importDocument } from "@/lib/dal/document-import";
import { ForbiddenError } from "@/lib/errors";

// POST /api/v1/import (scope tree:write): import a drivertree/v1 document (spec/drivertree-format.md).

// The largest real document — the benchmarks' 10,000-KPI agency with 24 months of measurements — is 13.5 MB of
// JSON; twice that leaves room for long names and descriptions. A larger body is refused before it is parsed.
const MAX_DOCUMENT_BYTES = 32 * MEGABYTE;

export const POST = apiHandler(async ({ request, principal }) => {
  // Checked again by the data access layer; here so that a caller who may not import is not made to upload first.
  if (!can(principal, "document:import")) throw new ForbiddenError("Importing a document needs the tree:write scope.");
  const document = await readJsonBody(request, MAX_DOCUMENT_BYTES);
  const { created, updated, unchanged } = await importDocument(principal, document);
  return jsonResponse({ created, updated, unchanged });
});
