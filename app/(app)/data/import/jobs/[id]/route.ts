import { apiHandler, jsonResponse } from "@/lib/api/http";
import { applyImport, getImportJob } from "@/lib/dal/import-jobs";

// /data/import/jobs/<previewId>: POST applies a checked preview (once: a second submission is refused with 409) and
// answers when the import has finished; GET is its progress, which the import page polls meanwhile.

export const GET = apiHandler<{ id: string }>(async ({ principal, params }) =>
  jsonResponse(await getImportJob(principal, params.id)),
);

export const POST = apiHandler<{ id: string }>(async ({ principal, params }) =>
  jsonResponse(await applyImport(principal, params.id)),
);
